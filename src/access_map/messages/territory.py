"""French texts of the loading of a territory: commune table, chefs-lieux, selection, populations.

Used by :mod:`access_map.territory` (shared by the CLI, the refresh, the demo and the scenarios). Every message names
the file or configuration key, the column and the offending values.

Examples
--------
>>> chefs_lieux_manquants(n=2, source="cheflieu.geojson", polygones=True, exemples="'33001', '33002'")
"2 communes sans chef-lieu dans cheflieu.geojson (autre millésime du COG ?) : elles reçoivent un point à l'intérieur de leur polygone (ex. '33001', '33002')"
"""

from __future__ import annotations

from ._format import entier, extrait, pluriel

__all__ = [
    "QUOI",
    "LES_ENTREES",
    "LES_ENTREES_DE_POPULATION",
    "SANS_GEOMETRIE",
    "CODE_COMMUNE_MAL_FORME",
    "CODE_CORSE_ANCIEN",
    "fichier_introuvable",
    "points_illisibles",
    "colonne_absente",
    "colonne_code_insee_absente",
    "colonnes_code_ambigues",
    "crs_absent",
    "points_en_double",
    "pas_des_points",
    "chefs_lieux_manquants",
    "colonne_code_commune_absente",
    "colonnes_code_commune_ambigues",
    "plusieurs_annees_standardisees",
    "AUCUNE_ENTREE_COMMUNES",
    "communes_sans_region",
    "communes_sans_population",
    "departements_plusieurs_regions",
    "AUCUNE_POPULATION",
    "praticiens_format_inconnu",
    "cles_sources_inconnues",
    "source_introuvable",
    "code_malforme",
    "marge_invalide",
    "SELECTION_REGION_SANS_REGIONS",
    "MARGE_SANS_POINTS",
    "codes_absents",
    "tvs_proxy",
    "PLAFONDS_DONNES",
    "SANS_PLAFONDS",
]

#: What each input of a territory is, in a sentence (keys of the ``[sources]`` section).
QUOI = {
    "communes": "les contours (sources.communes)",
    "populations": "les populations légales (sources.populations)",
    "cog_communes": "la liste des communes du COG (sources.cog_communes)",
    "standardised_population": "la population standardisée de la DREES (sources.standardised_population)",
    "population_by_age": "la population par âge (sources.population_by_age)",
    "drees_apl": "le classeur d'APL de la DREES (sources.drees_apl)",
    "appartenance": "la table d'appartenance de l'INSEE (sources.appartenance)",
    "table": "la table des communes",
}
LES_ENTREES = "les entrées"
LES_ENTREES_DE_POPULATION = "les entrées de population"

#: Reasons of the drop report of a file of commune points.
SANS_GEOMETRIE = "sans géométrie"
CODE_COMMUNE_MAL_FORME = "code de commune mal formé"
CODE_CORSE_ANCIEN = (
    "code corse d'avant 1976 (20xxx : aucune commune actuelle ; le département 20 est devenu 2A/2B en 1976)"
)


def _de(text: str) -> str:
    """``de`` before a phrase: « des contours », « du classeur », « de la table », « de l'INSEE »."""
    for article, contracted in (("les ", "des "), ("le ", "du ")):
        if text.startswith(article):
            return contracted + text[len(article) :]
    return "de " + text


def _nom(source: object) -> str:
    return extrait(source, limit=200)


def fichier_introuvable(*, source: str, chemin: str) -> str:
    return f"impossible de lire {_nom(source)} : fichier introuvable ({_nom(chemin)})"


def points_illisibles(*, source: str, couche: str | None, raison: object) -> str:
    where = f" (couche {couche})" if couche else ""
    return f"impossible de lire les points des communes {_nom(source)}{where} : {extrait(raison, limit=300)}"


def colonne_absente(*, source: str, colonne: str, colonnes: str) -> str:
    return f"{_nom(source)} : pas de colonne {colonne} ; colonnes du fichier : {colonnes}"


def colonne_code_insee_absente(*, source: str, cherchees: str, colonnes: str) -> str:
    return (
        f"{_nom(source)} : aucune colonne de code INSEE (cherché : {cherchees}) ; colonnes du fichier : {colonnes}. "
        "Nommez-la avec code_column= (--code-column)"
    )


def colonnes_code_ambigues(*, source: str, colonnes: str) -> str:
    return (
        f"{_nom(source)} : les colonnes {colonnes} pourraient toutes être le code de commune ; choisissez-en une "
        "avec code_column= (--code-column)"
    )


def crs_absent(*, source: str) -> str:
    return (
        f"{_nom(source)} n'a pas de système de coordonnées (CRS) : déclarez-le dans le fichier (par ex. EPSG:4326 "
        "pour des longitudes/latitudes, EPSG:2154 pour du Lambert-93) avant d'utiliser ses points"
    )


def points_en_double(*, source: str, codes: str) -> str:
    return f"{_nom(source)} : code(s) de commune {codes} présent(s) plusieurs fois ; un point par commune"


def pas_des_points(*, source: str, n: int, exemples: str) -> str:
    qui = "qui ne sont pas des points" if n > 1 else "qui n'est pas un point"
    return f"{_nom(source)} : {pluriel(n, 'géométrie')} {qui} (ex. {exemples}) ; donnez les points des chefs-lieux, ou acceptez un point à l'intérieur de chaque polygone"


def chefs_lieux_manquants(*, n: int, source: str, polygones: bool, exemples: str) -> str:
    """Communes of the territory absent from the file of chefs-lieux."""
    suite = (
        "elles reçoivent un point à l'intérieur de leur polygone"
        if polygones
        else "elles n'ont pas de point et sont laissées hors des temps de trajet"
    )
    return (
        f"{pluriel(n, 'commune')} sans chef-lieu dans {_nom(source)} (autre millésime du COG ?) : {suite} "
        f"(ex. {exemples})"
    )


def colonne_code_commune_absente(*, source: str, trouvees: str) -> str:
    return (
        f"{_nom(source)} : aucune colonne de code de commune (code_commune, CODGEO, COM, INSEE_COM, code_insee, "
        f"DEPCOM) ; colonnes trouvées : {trouvees}"
    )


def colonnes_code_commune_ambigues(*, source: str, colonnes: str) -> str:
    return f"{_nom(source)} : les colonnes {colonnes} ressemblent toutes au code de commune"


def plusieurs_annees_standardisees(*, source: str, annees: str) -> str:
    return (
        f"{_nom(source)} contient les populations standardisées de plusieurs années ({annees}) ; choisissez-en une "
        "(standardised_population_year = ... dans la configuration, --population-year en ligne de commande)"
    )


AUCUNE_ENTREE_COMMUNES = (
    "aucune entrée de communes : donnez les contours (sources.communes), les populations légales "
    "(sources.populations) ou une table des communes"
)


def communes_sans_region(*, n: int, base: str, exemples: str, departements: str, entrees: str) -> str:
    return (
        f"{pluriel(n, 'commune')} {_de(base)} sans région (ex. {exemples}, département(s) {departements}) : aucune "
        f"entrée ne donne de région pour elles ni pour leur département (entrées données : {entrees}) ; donnez les "
        "populations légales (avec REG) ou la liste des communes du COG (sources.cog_communes) du même millésime"
    )


def communes_sans_population(*, n: int, base: str, entree: str, autres: bool, exemples: str) -> str:
    return (
        f"{pluriel(n, 'commune')} {_de(base)} absente(s) {_de(entree)}"
        + (" et des autres entrées de population" if autres else "")
        + f", comptée(s) pour 0 habitant (ex. {exemples}) : leurs millésimes du COG diffèrent (communes fusionnées "
        "ou scindées entre-temps) ; utilisez des fichiers d'un même millésime ou ramenez-les à un même millésime "
        "avec access_map.cog.harmonize_to_cog"
    )


def departements_plusieurs_regions(*, departements: str) -> str:
    return (
        f"département(s) {departements} rattaché(s) à plusieurs régions dans les entrées : leurs millésimes du COG "
        "diffèrent (avant/après les régions de 2016 ?) ; donnez des entrées d'un même millésime"
    )


AUCUNE_POPULATION = (
    "aucune population : donnez les populations légales (sources.populations), des contours avec un champ "
    "POPULATION, la population standardisée de la DREES (2020 ou après, avec pop_totale) ou la population par âge"
)


def praticiens_format_inconnu(*, source: str, colonnes: str, colonnes_activite: str) -> str:
    return (
        f"{_nom(source)} : format de fichier de praticiens inconnu (colonnes {colonnes}) ; attendu le CSV "
        f"d'activité ({colonnes_activite}), une extraction PS_LibreAcces de l'Annuaire santé ou le format du RPPS "
        "2017"
    )


def cles_sources_inconnues(*, cles: str, connues: str) -> str:
    return f"clé(s) de sources inconnue(s) {cles} ; clés connues : {connues}"


def source_introuvable(*, cle: str, chemin: str) -> str:
    return f"fichier d'entrée de sources.{cle} introuvable : {_nom(chemin)}"


def code_malforme(*, quoi: str, code: str, exemples: str) -> str:
    return f"le code de {quoi} {code} est mal formé ; utilisez des codes INSEE comme {exemples}"


def marge_invalide(*, valeur: object) -> str:
    return f"margin_km doit être une distance >= 0 en km ; reçu : {extrait(valeur)}"


SELECTION_REGION_SANS_REGIONS = (
    "une sélection par région demande la région de chaque commune : donnez les populations légales (REG) ou la "
    "liste des communes du COG avec les contours, ou sélectionnez par département"
)
MARGE_SANS_POINTS = "une marge autour du territoire sélectionné demande les points des communes"


def codes_absents(*, quoi: str, codes: str, presents: str) -> str:
    return f"{quoi}(s) {codes} absent(s) de la table des communes ; présents : {presents}"


# --- TVS and caps of a national zoning (zoning.national: what the zoning report says of its inputs) --------------


def tvs_proxy(*, seuil: float, types: str, scindes: int) -> str:
    """Source line of TVS rebuilt from the INSEE table d'appartenance (bassins de vie split by canton-ville)."""
    return (
        f"approximation : bassins de vie 2012 scindés par canton-ville au-dessus de {entier(seuil)} habitants "
        f"({types} ; {pluriel(scindes, 'bassin scindé', 'bassins scindés')})"
    )


PLAFONDS_DONNES = "donnés"
SANS_PLAFONDS = "aucun (sélection nationale et vivier seulement)"
