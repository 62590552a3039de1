"""Messages of the zones below the commune (IRIS, 200 m grid, points) and of the grid APL.

Every function takes keyword arguments and returns one French sentence; values quoted from input files go
through :func:`~access_map.messages.liste` / :func:`~access_map.messages.extrait` (never used as a template).

Examples
--------
>>> codes_invalides(kind="cell", source="grille.csv", column="IdINSPIRE", values=["x"])[:45]
'identifiant(s) de carreau invalide(s) dans gr'
>>> sites_places(at_coordinates=3, at_chef_lieu=2, practitioners_at_chef_lieu=5)
'sites d’exercice : 3 placés à leurs coordonnées, 2 au chef-lieu de leur commune (5 praticiens sans coordonnées)'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, extrait, liste, nombre, pluriel, pourcent

__all__ = [
    "source_carte",
    "bordure_surestimee",
    "note_contexte",
    "note_demande",
    "note_imputation",
    "note_sites_hors_portee",
    "CSV_COLUMNS",
    "sous_titre_carte",
    "calque_carte",
    "nom_de_carreau",
    "resume_grille",
    "KIND_LABELS",
    "type_de_zone_inconnu",
    "codes_manquants",
    "codes_invalides",
    "codes_en_double",
    "sites_places",
    "colonne_identifiant_absente",
    "colonnes_filosofi_absentes",
    "grilles_melangees",
    "communes_de_carreau_invalides",
    "ages_incoherents",
    "poids_incomplets",
    "demande_sans_age",
    "colonnes_de_grille_absentes",
    "coordonnees_hors_bornes",
    "points_sans_crs",
    "communes_sans_chef_lieu",
    "sites_non_places",
    "partition_invalide",
    "valeurs_negatives",
    "demande_nulle",
    "partition_sans_cellules",
    "offre_perdue",
    "dask_absent",
    "moteur_inconnu",
    "contexte_sans_demande",
    "offre_sans_site",
    "table_en_memoire",
    "graphe_absent",
    "GRID_ROAD_USAGE",
    "routage_absent",
    "osm_absent",
    "temps_inconnus",
]

#: What a code of each kind of zone is called in a message.
KIND_LABELS: dict[str, str] = {
    "commune": "code(s) commune",
    "iris": "code(s) IRIS",
    "cell": "identifiant(s) de carreau",
    "point": "identifiant(s) de point",
}

_RULES: dict[str, str] = {
    "commune": "un code commune INSEE actuel de 5 caractères (01001, 2A004)",
    "iris": "9 caractères : le code commune puis le numéro d'IRIS sur 4 chiffres (330630101)",
    "cell": (
        "un identifiant INSPIRE CRS<epsg>RES<taille>mN<nord>E<est> (CRS3035RES200mN2466800E3482800) : EPSG 3035 "
        "(métropole), 2975, 5490, 2972 ou 4471 (outre-mer), coin sud-ouest multiple de la taille du carreau"
    ),
    "point": "un texte de 1 à 100 caractères imprimables",
}


def _where(source: str, column: str) -> str:
    place = f" dans {extrait(source)}" if source else ""
    return f"{place}, colonne « {extrait(column)} »"


def type_de_zone_inconnu(*, kind: object, known: Sequence[str]) -> str:
    """A kind of zone that the engine does not know."""
    return f"type de zone inconnu : {extrait(kind)} ; types possibles : {', '.join(known)}"


def codes_manquants(*, kind: str, source: str, column: str, count: int) -> str:
    """Missing codes in a table of zones."""
    return (
        f"{pluriel(count, 'valeur manquante', 'valeurs manquantes')} parmi les {KIND_LABELS[kind]}"
        f"{_where(source, column)} : chaque ligne doit avoir son code"
    )


def codes_invalides(*, kind: str, source: str, column: str, values: Sequence[object]) -> str:
    """Codes that are not valid for their kind of zone."""
    return f"{KIND_LABELS[kind]} invalide(s){_where(source, column)} : {liste(values)} ; attendu : {_RULES[kind]}"


def codes_en_double(*, kind: str, source: str, column: str, values: Sequence[object]) -> str:
    """Duplicated codes where each zone must appear once."""
    return (
        f"{KIND_LABELS[kind]} en double{_where(source, column)} : {liste(values)} ; chaque zone doit figurer une fois"
    )


def sites_places(*, at_coordinates: int, at_chef_lieu: int, practitioners_at_chef_lieu: int) -> str:
    """Where the practice sites were placed, with counts."""
    return (
        f"sites d’exercice : {entier(at_coordinates)} placés à leurs coordonnées, {entier(at_chef_lieu)} au "
        f"chef-lieu de leur commune ({pluriel(practitioners_at_chef_lieu, 'praticien')} sans coordonnées)"
    )


# --------------------------------------------------------------------------- Filosofi grid reader


def colonne_identifiant_absente(*, source: str, found: Sequence[object]) -> str:
    """A Filosofi file without a cell id column."""
    return (
        f"{extrait(source)} : aucune colonne d'identifiant de carreau (IdINSPIRE en 2015, Idcar_200m ou Idcar_1km "
        f"ensuite) ; colonnes trouvées : {liste(found, limit=12)}. Est-ce bien un fichier carroyé Filosofi de l'INSEE ?"
    )


def colonnes_filosofi_absentes(*, source: str, missing: Sequence[str], found: Sequence[object]) -> str:
    """A Filosofi file without some count columns."""
    return (
        f"{extrait(source)} : colonne(s) absente(s) {liste(missing, limit=12)} (noms de l'INSEE, majuscules "
        f"indifférentes) ; colonnes trouvées : {liste(found, limit=12)}"
    )


def grilles_melangees(*, source: str, kinds: Sequence[str]) -> str:
    """Cells of several sizes or projections in one file."""
    return (
        f"{extrait(source)} mélange des carreaux de tailles ou de projections différentes ({liste(kinds)}) : "
        "lisez chaque grille (200 m, 1 km, chaque territoire) séparément"
    )


def communes_de_carreau_invalides(*, source: str, column: str, values: Sequence[object]) -> str:
    """A commune column of a grid file whose values are not made of 5-character codes."""
    return (
        f"{extrait(source)}, colonne « {extrait(column)} » : valeur(s) {liste(values)} qui ne sont pas des codes "
        "commune de 5 caractères (ou plusieurs codes accolés)"
    )


def ages_incoherents(*, source: str, cells: int, examples: Sequence[object], largest: float) -> str:
    """Cells whose age bands do not add up to their population."""
    return (
        f"{extrait(source)} : dans {pluriel(cells, 'carreau', 'carreaux')} (par ex. {liste(examples)}), les tranches "
        f"d'âge et Ind_inc ne font pas la population Ind (écart jusqu'à {nombre(largest, decimals=1)}) : "
        "vérifiez les colonnes du fichier"
    )


# --------------------------------------------------------------------------- demand of the cells


def poids_incomplets(*, missing: Sequence[str]) -> str:
    """Age weights lacking some five-year bands."""
    return f"les poids par âge n'ont pas les tranches {liste(missing)} : donnez les 19 tranches quinquennales"


def demande_sans_age(*, profession: str) -> str:
    """A profession whose demand is not age-standardised (midwives: women), which the grid does not count."""
    return (
        f"la demande de l'APL {extrait(profession)} n'est pas la population standardisée par âge (sages-femmes : "
        "les femmes) ; les carreaux Filosofi ne donnent pas la population par sexe"
    )


def colonnes_de_grille_absentes(*, missing: Sequence[str]) -> str:
    """A cell table without the age bands (not read by read_filosofi_grid)."""
    return (
        f"la table des carreaux n'a pas les colonnes {liste(missing, limit=11)} : lisez-la avec "
        "access_map.readers.filosofi.read_filosofi_grid"
    )


# --------------------------------------------------------------------------- practice sites


def coordonnees_hors_bornes(*, column: str, values: Sequence[object]) -> str:
    """Longitudes/latitudes outside ±180/±90: projected coordinates in lon/lat columns."""
    return (
        f"coordonnées {extrait(column)} hors des bornes d'une longitude/latitude : {liste(values)} ; des "
        "coordonnées projetées (Lambert-93) vont dans les colonnes x/y"
    )


def points_sans_crs(*, what: str) -> str:
    """Points without a coordinate reference system."""
    return f"les {what} n'ont pas de système de coordonnées : précisez-le (gdf.set_crs(2154) ou 4326)"


def communes_sans_chef_lieu(*, codes: Sequence[object]) -> str:
    """Practice communes with neither coordinates nor a chef-lieu point."""
    return (
        f"{pluriel(len(codes), 'commune')} d'exercice sans coordonnées ni chef-lieu ({liste(codes)}) : donnez les "
        "coordonnées des sites, ou un fichier de chefs-lieux qui couvre ces communes (même millésime du COG)"
    )


def sites_non_places() -> str:
    """supply_by_site called on rows without sites."""
    return "les praticiens n'ont pas de site d'exercice : placez-les d'abord avec access_map.grid.place_sites"


# --------------------------------------------------------------------------- engine


def partition_invalide(*, value: object) -> str:
    """A partition size below 1."""
    return f"le nombre de carreaux par partition doit être un entier ≥ 1 (reçu : {extrait(value)})"


def valeurs_negatives(*, what: str, count: int) -> str:
    """Negative, missing or infinite demand or supply."""
    return f"{what} : {pluriel(count, 'valeur')} négative(s), manquante(s) ou infinie(s) ; mettez 0 là où il n'y a rien"


def demande_nulle(*, cells: int) -> str:
    """A demand of 0 in every zone."""
    return (
        f"la demande est nulle dans les {entier(cells)} zones : l'APL serait nulle ou indéfinie partout ; vérifiez "
        "la population"
    )


def partition_sans_cellules() -> str:
    """A pair source without cell coordinates (internal misuse)."""
    return "la source de paires n'a pas de coordonnées de carreaux (cell_xy ou cell_lonlat)"


def offre_perdue(*, sites: int, supply: float, total: float, examples: Sequence[object]) -> str:
    """Sites whose supply reaches no demand within the catchment."""
    return (
        f"{pluriel(sites, 'site')} d'exercice n'atteignent aucune population dans la zone de chalandise (par ex. "
        f"{liste(examples)}) : leur offre ({entier(supply)} sur {entier(total)}) n'entre pas dans l'APL ; "
        "vérifiez que la grille couvre leurs alentours"
    )


def dask_absent() -> str:
    """dask is not installed."""
    return (
        "le calcul réparti de la grille utilise dask, qui n'est pas installé : installez l'extra « grid » "
        '(pip install "access_map[grid]")'
    )


def moteur_inconnu(*, engine: object, known: Sequence[str]) -> str:
    """An unknown engine name."""
    return f"moteur de calcul inconnu : {extrait(engine)} ; possibles : {', '.join(known)}"


def contexte_sans_demande() -> str:
    """Context points without their demand."""
    return "les points de contexte (communes autour de la grille) doivent avoir une colonne « demand »"


def offre_sans_site(*, sites: Sequence[object]) -> str:
    """Supply given for sites that have no point."""
    return f"offre donnée pour {pluriel(len(sites), 'site')} sans coordonnées ({liste(sites)}) : placez-les d'abord"


def table_en_memoire() -> str:
    """A long time table with a partitioned engine."""
    return "une table de temps (origine, destination, minutes) se calcule avec le moteur « memory »"


def graphe_absent() -> str:
    """Road times without a graph."""
    return "les temps routiers demandent un graphe OSRM (graph=… ; access_map.travel.build_osrm_graph)"


#: What needs the OSRM engine in the grid workflow, as the user asked for it.
GRID_ROAD_USAGE = "access-map grid --times road"


def routage_absent() -> str:
    """Road times on the grid without the routing extra: what to install, and the grid's crow-fly times.

    Examples
    --------
    >>> routage_absent()[:48]
    'access-map grid --times road a besoin du moteur '
    """
    from .install import extra_manquant

    return (
        extra_manquant(usage=GRID_ROAD_USAGE)
        + " Pour la grille, les temps à vol d'oiseau (--times crow_fly, par défaut) n'en ont pas besoin."
    )


def osm_absent() -> str:
    """Road times on the grid without an OpenStreetMap extract."""
    return (
        "--times road demande un extrait OpenStreetMap (--osm extrait.osm.pbf, par exemple la région de Geofabrik) "
        "dont le graphe OSRM est construit une fois puis gardé en cache"
    )


def temps_inconnus(*, times: object) -> str:
    """An unknown way to time the pairs."""
    return f"temps de trajet inconnus : {extrait(times)} ; « crow_fly », « road » ou une table de temps"


# --------------------------------------------------------------------------- map, raster, report

LIMITES_COMMUNES = "Limites des communes"
POPUP_APL = "APL du carreau"
POPUP_POPULATION = "Habitants"
POPUP_PAUVRES = "Ménages pauvres"
VALEUR_DU_PIXEL = "APL du carreau Filosofi (un pixel par carreau)"
COMMUNE = "Commune"
TITRE_SECTION = "APL sous la commune : carreaux de 200 m"
TITRE_ECARTS = "Communes où l'APL des carreaux s'écarte le plus de l'APL communale"
LECTURE_ECARTS = (
    "APL de la commune (calcul communal, chefs-lieux) et dispersion de l'APL de ses carreaux (quantiles pondérés "
    "par la population) ; « habitants à plus de 1 » : population des carreaux dont l'APL s'écarte de plus de 1 de "
    "celle de la commune."
)
TITRE_PAUVRETE = "Habitants et ménages pauvres dans des carreaux d'APL ≤ 2,5 et ≤ 4"
TITRE_AVERTISSEMENTS = "Avertissements"
#: column → (French header, decimals; -1 = a share shown as a percentage)
COLONNES_ECARTS: dict[str, tuple[str, int]] = {
    "apl_commune": ("APL communale", 2),
    "apl_cells_mean": ("APL moyenne des carreaux", 2),
    "apl_p10": ("P10 des carreaux", 2),
    "apl_median": ("médiane", 2),
    "apl_p90": ("P90", 2),
    "spread_p90_p10": ("écart P90 − P10", 2),
    "population_far": ("habitants à plus de 1", 0),
}
COLONNES_PAUVRETE: dict[str, tuple[str, int]] = {
    "population": ("habitants", 0),
    "population_apl_le_2.5": ("habitants APL ≤ 2,5", 0),
    "population_apl_le_4": ("habitants APL ≤ 4", 0),
    "poor_households": ("ménages pauvres", 0),
    "poor_households_apl_le_2.5": ("ménages pauvres APL ≤ 2,5", 0),
    "share_poor_households_apl_le_2.5": ("part des ménages pauvres APL ≤ 2,5", -1),
    "poor_households_apl_le_4": ("ménages pauvres APL ≤ 4", 0),
}
#: French headers of the CSV tables of a grid run (code name → header).
CSV_COLUMNS: dict[str, str] = {
    "cell_id": "idinspire",
    "code_commune": "code_commune",
    "population": "population",
    "standardised_population": "population_standardisee",
    "poor_households": "menages_pauvres",
    "households": "menages",
    "apl": "apl",
    "apl_grid": "apl_carreaux",
    "apl_commune": "apl_communale",
    "apl_cells_mean": "apl_moyenne_carreaux",
    "apl_p10": "apl_p10",
    "apl_median": "apl_mediane",
    "apl_p90": "apl_p90",
    "apl_min": "apl_min",
    "apl_max": "apl_max",
    "spread_p90_p10": "ecart_p90_p10",
    "population_far": "habitants_ecart_plus_de_1",
    "cells": "carreaux",
    "population_apl_le_2.5": "habitants_apl_le_2_5",
    "population_apl_le_4": "habitants_apl_le_4",
    "poor_households_apl_le_2.5": "menages_pauvres_apl_le_2_5",
    "poor_households_apl_le_4": "menages_pauvres_apl_le_4",
    "share_population_apl_le_2.5": "part_habitants_apl_le_2_5",
    "share_population_apl_le_4": "part_habitants_apl_le_4",
    "share_poor_households_apl_le_2.5": "part_menages_pauvres_apl_le_2_5",
    "share_poor_households_apl_le_4": "part_menages_pauvres_apl_le_4",
    "share_apl_le_2.5": "part_apl_le_2_5",
    "share_apl_le_4": "part_apl_le_4",
}


def sous_titre_carte(*, size_m: int) -> str:
    """Subtitle of the grid map."""
    return f"Tous praticiens, par carreau de {entier(size_m)} m (INSEE, Filosofi)"


def calque_carte(*, size_m: int) -> str:
    """Layer name of the grid map."""
    return f"APL par carreau de {entier(size_m)} m"


def nom_de_carreau(*, commune: object) -> str:
    """What a cell is called in tooltips."""
    return f"Carreau ({extrait(commune)})" if commune else "Carreau"


def resume_grille(
    *,
    cells: int,
    population: float,
    communes: int,
    pairs: int,
    engine: str,
    times: str,
    seconds: float,
    mean_apl: float,
    share_le_2_5: float,
    poor_le_2_5: float,
) -> str:
    """Headline sentence of the grid section."""
    return (
        f"{pluriel(cells, 'carreau', 'carreaux')}, {entier(population)} habitants, {pluriel(communes, 'commune')} ; "
        f"temps {times}, {entier(pairs)} paires carreau-site, moteur « {engine} », {nombre(seconds, decimals=1)} s. "
        f"APL moyenne des carreaux (pondérée par la population standardisée) : {nombre(mean_apl)} ; "
        f"{pourcent(share_le_2_5)} des habitants vivent dans un carreau d'APL ≤ 2,5, avec "
        f"{entier(poor_le_2_5)} ménages pauvres."
    )


# --------------------------------------------------------------------------- grid run

LIEN_CARTE = "Carte interactive de l'APL par carreau"
LIEN_RASTER = "APL par carreau (GeoTIFF, un pixel par carreau)"
LIEN_CARREAUX = "Tableau des carreaux (CSV)"
LIEN_COMMUNES = "Tableau des communes (CSV)"


def source_carte(*, vintage: int) -> str:
    """Source line of the grid map."""
    return f"INSEE, Filosofi (carreaux) ; praticiens : fichier fourni ; paramètres APL DREES {vintage}"


def bordure_surestimee() -> str:
    """No population around the grid: the APL near its border is overstated."""
    return (
        "sans population des communes autour de la grille (--population), les cabinets proches de son bord ne "
        "partagent leur offre qu'avec les habitants de la grille : l'APL près du bord est surestimée"
    )


def note_contexte(*, communes: int, demand: float, year: int | None) -> str:
    """Communes around the grid joined to the catchment."""
    vintage = f" {year}" if year else ""
    return (
        f"autour de la grille, {pluriel(communes, 'commune')} (population standardisée DREES{vintage}, "
        f"{entier(demand)} au total, hors part couverte par les carreaux) entrent dans la zone de chalandise à leur "
        "chef-lieu ; leur APL n'est pas publiée ici"
    )


def note_demande(*, population: int, uniform: int, vintage: int) -> str:
    """Which age rule the cells' demand used."""
    return (
        f"demande standardisée par âge (poids DREES {vintage}) : {entier(population)} carreaux avec la structure "
        f"par âge quinquennale de leur commune, {entier(uniform)} avec la règle uniforme par année d'âge"
    )


def note_imputation(*, practitioners: int, acts: float) -> str:
    """Imputed activity."""
    return (
        f"activité imputée : {pluriel(practitioners, 'médecin')} sans activité connue comptent chacun "
        f"{entier(acts)} actes (APL du nombre de médecins, pas de leur activité observée)"
    )


def note_sites_hors_portee(*, sites: int, kept: int) -> str:
    """Sites too far from every cell to reach one."""
    return f"{pluriel(sites, 'site')} d'exercice hors de portée de tout carreau sont laissés de côté ({entier(kept)} retenus)"
