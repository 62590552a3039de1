"""French texts of the readers of official files and of the shared checks of input tables.

Used by :mod:`access_map.readers` (INSEE, DREES, IGN, FINESS, Annuaire santé, ARS zonings, CPTS lists…),
:mod:`access_map._validate`, :mod:`access_map.cog` and :mod:`access_map.communes`. Every message names the file, the
column and the offending values (quoted short by :func:`~access_map.messages.extrait`); a count of rows goes through
:func:`~access_map.messages.pluriel`.

Examples
--------
>>> lignes_ecartees(source="pop.csv", total=3, details=["code de commune inconnu : 3 (ex. '99999')"])
"pop.csv : 3 lignes écartées : code de commune inconnu : 3 (ex. '99999')"
>>> codes_insee_malformes(ou=" dans t.csv", colonne="'COM'", valeurs="'1001'", n=1)[:52]
"code(s) INSEE mal formé(s) dans t.csv, colonne 'COM'"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ._format import entier, extrait, liste, pluriel

__all__ = [
    "et_autres",
    "dans",
    "AUCUNE_LIGNE_ECARTEE",
    "exemples",
    "lignes_ecartees",
    "colonnes_manquantes",
    "codes_insee_malformes",
    "codes_corses_anciens",
    "codes_insee_en_double",
    "cles_en_double",
    "dates_illisibles",
    "crs_absent",
    "crs_geographique",
    "COMMUNE_HORS_REFERENTIEL",
    "TABLEAU",
    "FICHIER_INEXISTANT",
    "colonnes_ambigues",
    "valeurs_inconnues",
    "codes_commune_malformes",
    "CONSEIL_DROP_INVALID",
    "CODE_COMMUNE_MALFORME",
    "COMMUNE_EXERCICE_HORS_REFERENTIEL",
    "valeurs_non_booleennes",
    "praticiens_sans_identifiant",
    "parts_hors_bornes",
    "parts_superieures_a_un",
    "ages_invraisemblables",
    "praticien_commune_en_double",
    "CODE_COMMUNE_VIDE",
    "cle_vide",
    "typecom_non_retenu",
    "nivgeo_autre_que_commune",
    "VIDE",
    "DEPARTEMENT",
    "REGION",
    "codes_geo_malformes",
    "typecom_inconnu",
    "libelle_absent",
    "codes_en_double_colonne",
    "colonnes_ages_absentes",
    "plusieurs_annees",
    "annee_absente",
    "tranches_ages_manquantes",
    "colonne_code_commune_absente",
    "SANS_GEOMETRIE",
    "code_niveau_malforme",
    "choisir_parmi",
    "champs_code_ambigus",
    "champs_manquants",
    "noms_acceptes",
    "vecteur_illisible",
    "shapefile_absent",
    "couche_absente",
    "crs_absent_reprojection",
    "codes_niveau_en_double",
    "chefs_lieux_pas_des_points",
    "CODE_COMMUNE_MAL_FORME",
    "COMMUNE_SANS_POPULATION_STANDARDISEE",
    "classeur_illisible",
    "formules_non_calculees",
    "restriction_age_illisible",
    "deux_colonnes_meme_nom",
    "feuilles_apl",
    "feuille_apl_absente",
    "entete_apl_absent",
    "colonnes_non_reconnues",
    "intervalle_illisible",
    "tranche_age_illisible",
    "poids_ages_absents",
    "tranches_absentes_des_poids",
    "feuille_absente",
    "annees_non_numeriques",
    "annee_population_absente",
    "CODE_INSEE_MAL_FORME",
    "CODE_EN_DOUBLE_FUSIONNE",
    "CONSEIL_AGREGER",
    "plm_colonnes_absentes",
    "plm_ville_et_arrondissements",
    "mouvements_illisibles",
    "un_seul_parmi",
    "date_cible_anterieure",
    "agregations_inconnues",
    "codes_scindes",
    "codes_absents_du_cog",
    "CONSEIL_MOUVEMENTS",
    "deux_colonnes_a_garder",
    "codgeo_malformes",
    "codgeo_en_double",
    "LIGNE_PRATICIEN_SITE_EN_DOUBLE",
    "SITE_SANS_CODE_COMMUNE",
    "savoir_faire_absent",
    "savoir_faire_colonnes",
    "professions_inconnues",
    "etablissement_ni_oui_ni_non",
    "LIGNE_FINESS_MALFORMEE",
    "FINESS_EN_DOUBLE",
    "COMMUNE_FINESS_INUTILISABLE",
    "ETABLISSEMENT_SANS_GEOLOCALISATION",
    "COORDONNEES_VIDES",
    "SYSTEME_NON_RECONNU",
    "GARDE_SANS_GEOMETRIE",
    "pas_une_extraction_finess",
    "finess_autre_systeme",
    "REFERENTIEL_POSTAL_REQUIS",
    "referentiel_colonne_absente",
    "STATUT_CPTS",
    "CPTS_COMMUNE_EN_DOUBLE",
    "dates_cpts_illisibles",
    "barometre_au_lieu_de_cpts",
    "valeurs_vides",
    "cpts_incoherentes",
    "LIGNE_EN_DOUBLE_EXACT",
    "CODE_POSTAL_NOM_SANS_COMMUNE",
    "CODE_POSTAL_NOM_AMBIGU",
    "QPV_COMMUNE_EN_DOUBLE",
    "zonages_inconnus",
    "zonage_sans_code_commune",
    "deux_classes",
    "communes_sans_tvs",
    "communes_dans_deux_tvs",
    "dans_les_tvs",
    "tvs_plusieurs_libelles",
    "qpv_vides",
    "qpv_populations_contradictoires",
    "plafonds_deux_formats",
    "plafonds_drees_incomplets",
    "plafonds_colonnes",
    "plafonds_hors_bornes",
    "plafonds_invalides",
    "regions_en_double",
    "LIGNE_SANS_VALEUR",
    "aucun_fichier_ind",
    "zones_inconnues",
    "maille_contradictoire",
    "dates_barometre_illisibles",
    "lignes_contradictoires",
    "niveau_inconnu",
    "indicateur_sans_valeur_au_niveau",
    "indicateur_sans_valeur_a_la_date",
    "TABLE_PRATICIENS",
    "POPULATION_PAR_AGE",
    "TEMPS_DE_TRAJET",
    "TABLE_A_HARMONISER",
    "TABLE_DE_ZONAGE",
    "MOUVEMENTS",
]


def et_autres(n: int) -> str:
    """What follows the first values of a list cut short: `` … (et 3 autres)``.

    Examples
    --------
    >>> et_autres(3)
    '… (et 3 autres)'
    """
    return f"… (et {entier(n)} {'autre' if n < 2 else 'autres'})"


def dans(source: str | None) -> str:
    """`` dans <source>`` (empty without a source).

    Examples
    --------
    >>> dans("pop.csv"), dans(None)
    (' dans pop.csv', '')
    """
    return f" dans {extrait(source, limit=200)}" if source else ""


#: A drop report with nothing in it (``<source> : aucune ligne écartée``).
AUCUNE_LIGNE_ECARTEE = "aucune ligne écartée"


def exemples(valeurs: str) -> str:
    """`` (ex. 'a', 'b')`` after a reason of a drop report.

    Examples
    --------
    >>> exemples("'99999'")
    " (ex. '99999')"
    """
    return f" (ex. {valeurs})"


def lignes_ecartees(*, source: str, total: int, details: list[str]) -> str:
    """Rows of ``source`` dropped, merged or left unmatched, with each reason and its count."""
    return f"{extrait(source, limit=200)} : {pluriel(total, 'ligne écartée', 'lignes écartées')} : " + " ; ".join(
        details
    )


def colonnes_manquantes(*, manquantes: str, ou: str, trouvees: str) -> str:
    """Required columns absent (``ou``: :func:`dans` of the source; lists already quoted).

    Examples
    --------
    >>> colonnes_manquantes(manquantes="'b'", ou=" dans x.csv", trouvees="'a'")
    "colonne(s) manquante(s) 'b' dans x.csv ; colonnes trouvées : 'a'"
    """
    return f"colonne(s) manquante(s) {manquantes}{ou} ; colonnes trouvées : {trouvees}"


def codes_insee_malformes(*, ou: str, colonne: str, valeurs: str, n: int) -> str:
    return (
        f"code(s) INSEE mal formé(s){ou}, colonne {colonne} : {valeurs} ({pluriel(n, 'valeur')}) ; un code de "
        "commune est un texte de 5 caractères comme '01001' ou '2A004' (lisez le fichier avec dtype=str pour "
        "garder les zéros de tête)"
    )


def codes_corses_anciens(*, ou: str, colonne: str, valeurs: str, n: int) -> str:
    return (
        f"ancien(s) code(s) corse(s){ou}, colonne {colonne} : {valeurs} ({pluriel(n, 'valeur')}) ; le département "
        "20 a été divisé en 1976 en 2A (Corse-du-Sud) et 2B (Haute-Corse) : passez la table dans un COG actuel "
        "avec access_map.cog.harmonize_to_cog, ou corrigez les codes du fichier (par ex. 20004 -> 2A004)"
    )


def codes_insee_en_double(*, ou: str, colonne: str, valeurs: str, n: int, conseil: str = "") -> str:
    return (
        f"code(s) INSEE en double{ou}, colonne {colonne} : {valeurs} ({pluriel(n, 'code')}) ; chaque commune doit "
        f"figurer une seule fois{conseil}"
    )


def cles_en_double(*, quoi: str, ou: str, colonnes: str, cles: str, n: int) -> str:
    """Duplicated keys of a table (``quoi``: what a row is, in French, e.g. « ligne »)."""
    return (
        f"{quoi}(s) en double{ou} sur la/les colonne(s) {colonnes} : {cles} ({pluriel(n, 'clé')}) ; "
        "agrégez-les ou supprimez d'abord les doublons"
    )


def dates_illisibles(*, quoi: str, source: str | None, colonne: str, valeurs: str, conseil: str = "") -> str:
    return (
        f"{quoi} illisible(s) dans {extrait(source, limit=200)}, colonne {colonne} : {valeurs} ; écrivez "
        f"AAAA-MM-JJ ou JJ/MM/AAAA{conseil}"
    )


_EPSG = "(5490 Antilles, 2972 Guyane, 2975 Réunion, 4471 Mayotte)"


def crs_absent(*, ou: str) -> str:
    return (
        f"aucun système de coordonnées (CRS){ou} : les distances demandent un CRS projeté en mètres. Déclarez-le "
        f"avec gdf.set_crs(...) puis reprojetez, par ex. gdf.to_crs(2154) pour la France métropolitaine {_EPSG}."
    )


def crs_geographique(*, crs: str, ou: str) -> str:
    return (
        f"CRS géographique {crs}{ou} : des distances en degrés n'ont pas de sens. Reprojetez d'abord, par ex. "
        f"gdf.to_crs(2154) pour la France métropolitaine {_EPSG}."
    )


# --- shared reading helpers (readers/_io/) -----------------------------------------------------------------------

#: Why a row is dropped: its commune is not in the commune reference of the territory.
COMMUNE_HORS_REFERENTIEL = "commune absente du référentiel des communes"
#: Name of an input table given without a file name.
TABLEAU = "tableau"
#: ``FileNotFoundError`` text of a configuration file that does not exist.
FICHIER_INEXISTANT = "fichier ou dossier inexistant"


def colonnes_ambigues(*, source: str, colonnes: str, nom: str) -> str:
    return (
        f"{extrait(source, limit=200)} : les colonnes {colonnes} correspondent toutes à {nom} ; gardez-en une seule "
        "(renommez ou supprimez les autres) pour qu'aucune colonne ne soit écartée en silence"
    )


def valeurs_inconnues(*, quoi: str, source: str, colonne: str, valeurs: str, n: int, attendues: str) -> str:
    return (
        f"valeur(s) de {quoi} inconnue(s) dans {extrait(source, limit=200)}, colonne {colonne} : {valeurs} "
        f"({pluriel(n, 'ligne')}) ; valeurs attendues : {attendues}"
    )


def codes_commune_malformes(*, source: str, colonne: str, valeurs: str, n: int, conseil: str = "") -> str:
    return (
        f"code(s) de commune mal formé(s) ou manquant(s) dans {extrait(source, limit=200)}, colonne {colonne} : "
        f"{valeurs} ({pluriel(n, 'ligne')}) ; un code de commune est un code INSEE de 5 caractères comme '33063' "
        f"ou '2A004'{conseil}"
    )


#: Advice of :func:`codes_commune_malformes` when the reader can drop the rows.
CONSEIL_DROP_INVALID = ", ou passez drop_invalid=True pour écarter ces lignes"


# --- practitioner tables (readers/activity.py) -------------------------------------------------------------------

#: Reasons of a drop report of a practitioner table.
CODE_COMMUNE_MALFORME = "code de commune mal formé ou manquant"
COMMUNE_EXERCICE_HORS_REFERENTIEL = "commune d'exercice absente du référentiel des communes"


def valeurs_non_booleennes(*, colonne: str, source: str, valeurs: str, n: int) -> str:
    return (
        f"colonne {colonne} de {extrait(source, limit=200)} : valeur(s) {valeurs} qui ne sont pas oui/non "
        f"({pluriel(n, 'ligne')}) ; écrivez 1/0, oui/non ou true/false"
    )


def praticiens_sans_identifiant(*, source: str, n: int, lignes: str) -> str:
    return (
        f"{extrait(source, limit=200)} : {pluriel(n, 'ligne')} sans identifiant de praticien (lignes {lignes}) ; "
        "chaque ligne en demande un"
    )


def parts_hors_bornes(*, source: str, valeurs: str, n: int) -> str:
    return (
        f"colonne 'share' (part_activite) de {extrait(source, limit=200)} : valeur(s) {valeurs} hors de ]0, 1] "
        f"({pluriel(n, 'ligne')}) ; c'est la part de l'activité du praticien exercée sur le site"
    )


def parts_superieures_a_un(*, source: str, praticiens: str) -> str:
    return (
        f"colonne 'share' de {extrait(source, limit=200)} : les parts du ou des praticiens {praticiens} font plus "
        "de 1 au total ; les parts des sites d'un praticien s'additionnent à 1 au plus"
    )


def ages_invraisemblables(*, source: str, valeurs: str, n: int) -> str:
    return (
        f"colonne 'age' de {extrait(source, limit=200)} : âge(s) invraisemblable(s) {valeurs} "
        f"({pluriel(n, 'ligne')}) ; les âges sont en années (15 à 110)"
    )


def praticien_commune_en_double(*, source: str, cles: str) -> str:
    return (
        f"ligne(s) praticien × commune en double dans {extrait(source, limit=200)} : {cles} ; donnez une ligne par "
        "praticien et commune d'exercice (additionnez les parts)"
    )


# --- INSEE files (readers/insee.py) ------------------------------------------------------------------------------

#: Reasons of a drop report of an INSEE file.
CODE_COMMUNE_VIDE = "code de commune vide"


def cle_vide(cle: str) -> str:
    """Reason: the key column of the row is empty."""
    return f"{cle} vide"


def typecom_non_retenu(typecom: str) -> str:
    """Reason: a COG record of a type not asked for (counted, without a warning)."""
    return f"TYPECOM non retenu ({extrait(typecom, limit=20)})"


def nivgeo_autre_que_commune(niveau: str) -> str:
    """Reason: a row of another geographic level (starts with NIVGEO: no warning for these)."""
    return f"NIVGEO autre que commune ({extrait(niveau, limit=20)})"


#: What an empty cell reads as in a reason.
VIDE = "<vide>"
#: French names of the kinds of codes checked by the INSEE readers.
DEPARTEMENT = "département"
REGION = "région"


def codes_geo_malformes(*, quoi: str, source: str, colonne: str, valeurs: str, n: int) -> str:
    return (
        f"code(s) de {quoi} mal formé(s) dans {extrait(source, limit=200)}, colonne {colonne} : {valeurs} "
        f"({pluriel(n, 'ligne')}) ; les codes sont des textes comme '01', '2A' ou '971' (départements) et '84' "
        "(régions)"
    )


def typecom_inconnu(*, typecom: str, inconnus: str, possibles: str) -> str:
    return (
        f"typecom={typecom} : type(s) d'enregistrement inconnu(s) {inconnus} ; choisissez parmi {possibles} "
        "(par défaut : ('COM',))"
    )


def libelle_absent(*, source: str, trouvees: str) -> str:
    return (
        f"colonne 'LIBELLE' (ou 'NCCENR') manquante dans {extrait(source, limit=200)} ; colonnes trouvées : {trouvees}"
    )


def codes_en_double_colonne(*, source: str, colonne: str, valeurs: str) -> str:
    return (
        f"code(s) en double dans {extrait(source, limit=200)}, colonne {colonne} : {valeurs} ; chacun doit figurer "
        "une seule fois"
    )


def colonnes_ages_absentes(*, source: str, trouvees: str) -> str:
    return (
        f"aucune colonne 'ageq_recXXsYrpAAAA' dans {extrait(source, limit=200)} (population par sexe et tranche "
        f"d'âge quinquennale) ; colonnes trouvées : {trouvees}. Utilisez le fichier INSEE "
        "'pop-sexe-age-quinquennal' (une colonne par tranche × sexe × année)."
    )


def plusieurs_annees(*, source: str, annees: str) -> str:
    return (
        f"{extrait(source, limit=200)} contient plusieurs années de recensement ({annees}) : passez year=... pour en "
        "choisir une"
    )


def annee_absente(*, annee: object, source: str, annees: str) -> str:
    return f"year={extrait(annee)} absente de {extrait(source, limit=200)} : le fichier contient les années {annees}"


def tranches_ages_manquantes(*, source: str, colonnes: str) -> str:
    return (
        f"colonne(s) de tranche d'âge manquante(s) {colonnes} dans {extrait(source, limit=200)} : le fichier doit "
        "avoir les 20 tranches (01 = 0-4 … 20 = 95+) pour les deux sexes (s1 hommes, s2 femmes)"
    )


def colonne_code_commune_absente(*, source: str, trouvees: str) -> str:
    return (
        f"aucune colonne de code de commune dans {extrait(source, limit=200)} : attendu 'CODGEO' ou 'DR' + 'CR' ; "
        f"colonnes trouvées : {trouvees}"
    )


# --- IGN ADMIN EXPRESS and other vector files (readers/ign.py) ---------------------------------------------------

#: Reason of a drop report: a feature without geometry.
SANS_GEOMETRIE = "sans géométrie"


def code_niveau_malforme(niveau: str) -> str:
    """Reason: a malformed code of a department or region (``niveau``: ``departement``, ``region``)."""
    return f"code mal formé ({niveau})"


def choisir_parmi(*, option: str, valeur: str, possibles: str) -> str:
    """An option given a value outside its choices (``option``: the option's name, e.g. ``level``)."""
    return f"{option}={valeur} : choisissez parmi {possibles}"


def champs_code_ambigus(*, source: str, champs: str) -> str:
    return f"{extrait(source, limit=200)} : les champs {champs} pourraient tous être le code INSEE ; gardez-en un seul"


def champs_manquants(*, quoi: str, source: str, trouves: str, acceptes: str) -> str:
    return (
        f"champ(s) manquant(s) pour {quoi} dans {extrait(source, limit=200)} ; champs trouvés : {trouves}. "
        f"Noms acceptés : {acceptes}"
    )


def noms_acceptes(*, aliases: Mapping[str, Sequence[str]]) -> str:
    """The names accepted for each missing column (its own name first, then its aliases), after a missing column.

    Examples
    --------
    >>> noms_acceptes(aliases={"code_commune": ["codgeo", "depcom"], "population": ["pmun"]})
    'Noms acceptés : code_commune : code_commune, codgeo, depcom ; population : population, pmun'
    """
    accepted = " ; ".join(f"{name} : {liste([name, *alts], limit=8)}" for name, alts in aliases.items())
    return f"Noms acceptés : {accepted}"


def vecteur_illisible(*, source: str, couche: str | None, raison: object) -> str:
    where = f" (couche {couche})" if couche else ""
    return f"impossible de lire {extrait(source, limit=200)}{where} : {extrait(raison, limit=300)}"


def shapefile_absent(*, cible: str, source: str) -> str:
    return (
        f"aucun {cible} dans {extrait(source, limit=200)} : donnez le GeoPackage ADMIN EXPRESS ou le fichier .shp "
        "de la couche"
    )


def couche_absente(*, couche: str, source: str, couches: str, conseil: bool = False) -> str:
    text = f"pas de couche {couche} dans {extrait(source, limit=200)} ; couches trouvées : {couches}"
    return text + (". Passez layer=... explicitement." if conseil else "")


def crs_absent_reprojection(*, source: str, cible: str) -> str:
    return (
        f"{extrait(source, limit=200)} n'a pas de système de coordonnées (CRS) : impossible de le reprojeter en "
        f"{cible} ; déclarez-le d'abord avec gdf.set_crs(...)"
    )


def codes_niveau_en_double(*, niveau: str, source: str, valeurs: str) -> str:
    return (
        f"code(s) en double ({niveau}) dans {extrait(source, limit=200)} : {valeurs} ; chacun doit figurer une "
        "seule fois (fusionnez d'abord les entités en plusieurs parties)"
    )


def chefs_lieux_pas_des_points(*, source: str, types: str, couche: str | None) -> str:
    where = f" dans la couche {couche}" if couche else ""
    return (
        f"{extrait(source, limit=200)} : les géométries des chefs-lieux doivent être des points, trouvé "
        f"{types}{where} ; donnez la couche chflieu_commune d'ADMIN EXPRESS, ou utilisez plutôt les points "
        "représentatifs des polygones des communes"
    )


# --- DREES workbooks and files (readers/drees.py) ----------------------------------------------------------------

#: Reasons of a drop report of a DREES file.
CODE_COMMUNE_MAL_FORME = "code de commune mal formé"
COMMUNE_SANS_POPULATION_STANDARDISEE = "commune sans population standardisée"


def classeur_illisible(*, source: str, raison: object) -> str:
    return f"impossible de lire {extrait(source, limit=200)} comme un classeur xlsx : {extrait(raison, limit=300)}"


def formules_non_calculees(*, source: str, feuille: str, cellules: list[str]) -> str:
    """A sheet whose formulas were saved without their values: every reader would see empty cells.

    >>> formules_non_calculees(source="apl.xlsx", feuille="APL 2023", cellules=["C2", "C3"])[:96]
    "apl.xlsx [APL 2023] : 2 cellules contiennent une formule dont le résultat n'a jamais été calculé"
    """
    n = len(cellules)
    return (
        f"{extrait(source, limit=200)} [{extrait(feuille, limit=60)}] : {pluriel(n, 'cellule')} "
        f"{'contiennent' if n > 1 else 'contient'} une formule dont le résultat n'a jamais été calculé "
        f"({liste(cellules, limit=6)}) : le programme qui a enregistré le classeur (un script, une exportation) a "
        "écrit les formules sans leurs valeurs, si bien que ces cellules se lisent vides. Ouvrez le classeur dans "
        "Excel ou LibreOffice Calc et enregistrez-le (les formules sont alors calculées), ou remplacez les "
        "formules par leurs valeurs (Copier, puis Collage spécial > Valeurs), puis relancez."
    )


def restriction_age_illisible(*, source: str, colonne: str) -> str:
    return (
        f"{extrait(source, limit=200)} : impossible de lire la restriction d'âge de la colonne d'APL {colonne} ; "
        "écritures connues : 'de moins de NN ans', 'de NN ans et moins', 'de NN ans ou moins'"
    )


def deux_colonnes_meme_nom(*, source: str, premiere: str, seconde: str, nom: str) -> str:
    return (
        f"{extrait(source, limit=200)} : les colonnes {premiere} et {seconde} correspondent toutes deux à {nom} ; "
        "aucune colonne n'est écartée en silence : renommez l'une d'elles"
    )


def feuilles_apl(*, source: str, plusieurs: bool, feuilles: str, annees: str) -> str:
    combien = "plusieurs feuilles" if plusieurs else "aucune feuille"
    return f"{extrait(source, limit=200)} : {combien} 'APL AAAA' (feuilles : {feuilles}) ; passez year= parmi {annees}"


def feuille_apl_absente(*, source: str, annee: object, annees: str, feuilles: str) -> str:
    return (
        f"{extrait(source, limit=200)} : pas de feuille 'APL {extrait(annee)}' ; millésimes disponibles : {annees} "
        f"(feuilles : {feuilles})"
    )


def entete_apl_absent(*, source: str, lignes: int) -> str:
    return (
        f"{extrait(source, limit=200)} : aucune ligne d'en-tête avec une cellule 'Code commune' dans les "
        f"{entier(lignes)} premières lignes ; est-ce bien une feuille d'APL de la DREES ?"
    )


def colonnes_non_reconnues(*, source: str, colonnes: str) -> str:
    return (
        f"{extrait(source, limit=200)} : colonne(s) {colonnes} non reconnue(s) ; elles sont gardées sous leur "
        "en-tête dans le résultat (connues : Code commune, Commune, APL..., Population standardisée..., "
        "Population totale...)"
    )


def intervalle_illisible(libelle: str) -> str:
    return f"impossible de lire l'intervalle {libelle}"


def tranche_age_illisible(libelle: str) -> str:
    return f"impossible de rattacher le libellé de tranche d'âge {libelle} à une tranche quinquennale"


def poids_ages_absents(*, source: str) -> str:
    return (
        f"{extrait(source, limit=200)} : aucune table de poids par âge trouvée (une ligne commençant par "
        "« Tranche d'âge » suivie des 19 tranches quinquennales) ; est-ce bien la feuille 'Paramètres' d'un "
        "classeur d'APL de la DREES ?"
    )


def tranches_absentes_des_poids(*, source: str, tranches: str) -> str:
    return f"{extrait(source, limit=200)} : tranche(s) d'âge absente(s) de la table des poids : {tranches}"


def feuille_absente(*, source: str, feuille: str, feuilles: str) -> str:
    return f"{extrait(source, limit=200)} : pas de feuille {feuille} ; feuilles : {feuilles}"


def annees_non_numeriques(*, source: str, valeurs: str) -> str:
    return f"colonne 'annee_population' de {extrait(source, limit=200)} : année(s) non numérique(s) {valeurs}"


def annee_population_absente(*, source: str, annee: object, annees: str) -> str:
    return (
        f"{extrait(source, limit=200)} : aucune population pour l'année {extrait(annee)} ; années disponibles : "
        f"{annees}"
    )


# --- commune tables (communes.py) and the COG (cog.py) -----------------------------------------------------------

#: Reasons of the drop report of a commune table.
CODE_INSEE_MAL_FORME = "code INSEE mal formé"
CODE_EN_DOUBLE_FUSIONNE = "code en double fusionné en une ligne"
#: Advice of :func:`codes_insee_en_double` when the table may be summed.
CONSEIL_AGREGER = " (passez aggregate_duplicates=True pour les additionner)"


def plm_colonnes_absentes(*, colonnes: str) -> str:
    return f"merge_plm_arrondissements : pas de colonne {colonnes} dans la table"


def plm_ville_et_arrondissements(*, villes: str) -> str:
    return (
        f"merge_plm_arrondissements : la table contient à la fois la ville {villes} et ses arrondissements ; "
        "gardez l'une ou les autres"
    )


def mouvements_illisibles(*, source: str, n: int, exemples: str) -> str:
    return (
        f"{extrait(source, limit=200)} : MOD ou DATE_EFF illisible sur {pluriel(n, 'ligne')}, ex. {exemples} ; "
        "DATE_EFF s'écrit AAAA-MM-JJ"
    )


def un_seul_parmi(*, prefixe: str) -> str:
    return f"donnez exactement un seul de {prefixe}_vintage= (une année du COG) ou {prefixe}_date="


def date_cible_anterieure(*, cible: str, source: str) -> str:
    return (
        f"la date cible {cible} est antérieure à la date source {source} : l'harmonisation ne va que vers l'avant "
        "dans le temps"
    )


def agregations_inconnues(*, valeurs: str, possibles: str) -> str:
    return f"agrégation(s) inconnue(s) {valeurs} ; utilisez l'une de {possibles}"


def codes_scindes(*, n: int) -> str:
    return (
        f"{pluriel(n, 'code')} de commune scindé(s) entre plusieurs communes et gardé(s) entier(s) sur l'une "
        "d'elles (passez split_weights= pour répartir les effectifs) ; voir le rapport"
    )


def codes_absents_du_cog(*, n: int, codes: str) -> str:
    return (
        f"{pluriel(n, 'code')} absent(s) du COG cible après harmonisation : {codes} (vérifiez source_vintage, ou "
        "des codes qui ne sont pas des communes)"
    )


#: Advice of a missing column of the COG movements.
CONSEIL_MOUVEMENTS = "lisez le fichier de l'INSEE avec access_map.cog.read_cog_movements"


# --- INSEE table d'appartenance, Annuaire santé, FINESS, postal codes --------------------------------------------


def deux_colonnes_a_garder(*, source: str, premiere: str, seconde: str, nom: str) -> str:
    return (
        f"{extrait(source, limit=200)} : les colonnes {premiere} et {seconde} correspondent toutes deux à {nom} ; "
        "gardez-en une"
    )


def codgeo_malformes(*, source: str, valeurs: str) -> str:
    return f"{extrait(source, limit=200)}, colonne 'CODGEO' : code(s) de commune mal formé(s) {valeurs}"


def codgeo_en_double(*, source: str, valeurs: str) -> str:
    return f"{extrait(source, limit=200)}, colonne 'CODGEO' : code(s) de commune en double {valeurs}"


#: Reasons of the drop report of an Annuaire santé extraction.
LIGNE_PRATICIEN_SITE_EN_DOUBLE = "ligne praticien × site en double exact"
SITE_SANS_CODE_COMMUNE = "site d'exercice sans code de commune (à l'étranger ou non géocodé)"


def savoir_faire_absent(*, source: str) -> str:
    return (
        f"pas de colonne 'Code savoir-faire' / 'Libellé savoir-faire' dans {extrait(source, limit=200)} : les "
        "extractions récentes mettent les savoir-faire dans un fichier à part ; passez "
        "savoir_faire='PS_LibreAcces_SavoirFaire_....txt'"
    )


def savoir_faire_colonnes(*, source: str, id_national: str, id_: str, code: str, libelle: str, trouvees: str) -> str:
    return (
        f"{extrait(source, limit=200)} doit avoir {id_national} (ou {id_}) et {code} (ou {libelle}) ; colonnes "
        f"trouvées : {trouvees}"
    )


def professions_inconnues(*, valeurs: str, attendues: str) -> str:
    return f"profession(s) inconnue(s) {valeurs} ; attendu certaines de {attendues}"


def etablissement_ni_oui_ni_non(*, source: str, valeurs: str) -> str:
    return f"colonne 'Etablissement' de {extrait(source, limit=200)} : valeur(s) {valeurs} autres que oui/non"


#: Reasons of the drop report of a FINESS extraction.
LIGNE_FINESS_MALFORMEE = "ligne FINESS mal formée (mauvais nombre de champs)"
FINESS_EN_DOUBLE = "numéro FINESS en double (premier enregistrement gardé)"
COMMUNE_FINESS_INUTILISABLE = "commune inutilisable (champs departement/commune)"
ETABLISSEMENT_SANS_GEOLOCALISATION = "établissement sans enregistrement de géolocalisation"
COORDONNEES_VIDES = "coordonnées vides ou non numériques"
SYSTEME_NON_RECONNU = "système de coordonnées non reconnu"
#: Added to a FINESS reason when the establishment is kept without a location.
GARDE_SANS_GEOMETRIE = " (gardé, géométrie vide)"


def pas_une_extraction_finess(*, source: str, premiere_ligne: str) -> str:
    return (
        f"{extrait(source, limit=200)} n'est pas une extraction FINESS d'etalab : aucun enregistrement "
        f"'structureet' (première ligne : {premiere_ligne}). Téléchargez le fichier « FINESS Extraction du Fichier "
        "des établissements » (etalab, géolocalisé)."
    )


def finess_autre_systeme(*, source: str, n: int, systemes: str, cible: str) -> str:
    return (
        f"{extrait(source, limit=200)} : {pluriel(n, 'établissement')} situé(s) dans un autre système projeté "
        f"({systemes} : outre-mer) reprojeté(s) en {cible}, où les distances sont déformées ; lisez-les avec leur "
        "propre crs= (5490 Antilles, 2972 Guyane, 2975 La Réunion, 4471 Mayotte) pour travailler sur des distances"
    )


REFERENTIEL_POSTAL_REQUIS = (
    "des lignes repérées par code postal et nom demandent un référentiel des communes (reference= : code_commune "
    "+ nom, par ex. la table d'appartenance de l'INSEE) ou la table des codes postaux de La Poste (postal_codes=)"
)


def referentiel_colonne_absente(*, colonne: str, alternatives: str, trouvees: str) -> str:
    return f"référentiel des communes : pas de colonne {colonne} (ni {alternatives}) ; trouvé {trouvees}"


# --- CPTS lists (readers/cpts.py) ----------------------------------------------------------------------------------

#: What a CPTS status is, in :func:`valeurs_inconnues`.
STATUT_CPTS = "statut de CPTS"
#: Reason of the drop report of a CPTS list.
CPTS_COMMUNE_EN_DOUBLE = "ligne CPTS × commune en double"


def dates_cpts_illisibles(*, colonne: str, source: str, valeurs: str, n: int) -> str:
    return (
        f"colonne {colonne} de {extrait(source, limit=200)} : date(s) illisible(s) {valeurs} ({pluriel(n, 'ligne')}) ;"
        " écrivez les dates AAAA-MM-JJ ou JJ/MM/AAAA"
    )


def barometre_au_lieu_de_cpts(*, source: str) -> str:
    return (
        f"{extrait(source, limit=200)} est un fichier du Baromètre des résultats (un indicateur par territoire et "
        "date : indic_id, enforce_zone_id, indic_va...), pas une liste de CPTS : lisez-le avec "
        "access_map.readers.barometre.read_barometre (taux de couverture des CPTS par département/région), ou donnez "
        "la liste des CPTS (une ligne par CPTS × commune : id_cpts;nom_cpts;statut;date_signature_aci;code_commune)"
    )


def valeurs_vides(*, colonne: str, source: str, n: int, lignes: str) -> str:
    return (
        f"colonne {colonne} de {extrait(source, limit=200)} : {pluriel(n, 'valeur vide', 'valeurs vides')} (lignes "
        f"{lignes} du fichier) ; chaque ligne en demande une"
    )


def cpts_incoherentes(*, source: str, details: str) -> str:
    return (
        f"description de CPTS incohérente dans {extrait(source, limit=200)} : {details} ; le nom, le statut et la "
        "date de signature d'une CPTS doivent être identiques sur toutes ses lignes"
    )


# --- published zonings, TVS, QPV, regional caps (readers/zonage.py) -----------------------------------------------

#: Reasons of the drop report of a zoning file.
LIGNE_EN_DOUBLE_EXACT = "ligne en double exact"
CODE_POSTAL_NOM_SANS_COMMUNE = "code postal + nom ne correspondant à aucune commune"
CODE_POSTAL_NOM_AMBIGU = "code postal + nom correspondant à plusieurs communes"
QPV_COMMUNE_EN_DOUBLE = "ligne QPV × commune en double"


def zonages_inconnus(*, source: str, colonne: str, valeurs: str, n: int, classes: str, codes: str, nd: str) -> str:
    return (
        f"valeur(s) de zonage inconnue(s) dans {extrait(source, limit=200)}, colonne {colonne} : {valeurs} "
        f"({pluriel(n, 'ligne')}) ; attendu {classes}, un code de zonage {codes} ou {nd}"
    )


def zonage_sans_code_commune(*, source: str, trouvees: str) -> str:
    return (
        f"{extrait(source, limit=200)} : aucune colonne de code de commune (code_commune, CODGEO...) ni paire "
        f"code_postal + libelle_commune pour la jointure ; colonnes trouvées : {trouvees}"
    )


def deux_classes(*, source: str, exemples: str, n: int) -> str:
    return (
        f"commune(s) avec deux classes de zonage différentes dans {extrait(source, limit=200)} : {exemples} "
        f"({pluriel(n, 'commune')}) ; une commune a une seule classe (lignes de QPV mises à part)"
    )


def communes_sans_tvs(*, source: str, n: int, codes: str) -> str:
    return f"colonne 'code_tvs' de {extrait(source, limit=200)} : {pluriel(n, 'commune')} sans code de TVS ({codes})"


def communes_dans_deux_tvs(*, source: str, exemples: str, n: int) -> str:
    return (
        f"commune(s) dans deux TVS dans {extrait(source, limit=200)} : {exemples} ({pluriel(n, 'commune')}) ; "
        "chaque commune appartient à exactement un territoire de vie-santé"
    )


def dans_les_tvs(*, commune: str, tvs: str) -> str:
    """One example of :func:`communes_dans_deux_tvs`: ``33001 dans ['T1', 'T2']``."""
    return f"{commune} dans {tvs}"


def tvs_plusieurs_libelles(*, source: str, codes: str) -> str:
    return (
        f"TVS avec plusieurs libellés dans {extrait(source, limit=200)} : {codes} ; donnez à chaque code_tvs un seul "
        "libelle_tvs"
    )


def qpv_vides(*, source: str, n: int) -> str:
    return f"colonne 'code_qpv' de {extrait(source, limit=200)} : {pluriel(n, 'valeur vide', 'valeurs vides')}"


def qpv_populations_contradictoires(*, source: str, paires: str) -> str:
    return (
        f"paire(s) QPV × commune présente(s) deux fois avec des populations différentes dans "
        f"{extrait(source, limit=200)} : {paires}"
    )


def plafonds_deux_formats(*, source: str) -> str:
    return (
        f"{extrait(source, limit=200)} : à la fois des colonnes de fractions (part_max_zip/part_max_zac) et de "
        "pourcentages (maxZIP/maxZAC) ; gardez un seul format"
    )


def plafonds_drees_incomplets(*, source: str) -> str:
    return f"{extrait(source, limit=200)} : le format de la DREES demande les deux colonnes maxZIP et maxZAC (en %)"


def plafonds_colonnes(*, source: str, trouvees: str) -> str:
    return (
        f"{extrait(source, limit=200)} : les plafonds demandent part_max_zip et part_max_zac (fractions) ou maxZIP et "
        f"maxZAC (pourcentages) ; colonnes trouvées : {trouvees}"
    )


def plafonds_hors_bornes(*, colonne: str, valeurs: str, regions: str) -> str:
    return f"colonne {colonne} : valeur(s) {valeurs} hors de [0, 1] pour la ou les régions {regions}"


def plafonds_invalides(*, source: str, problemes: list[str]) -> str:
    return (
        f"{extrait(source, limit=200)} : "
        + " ; ".join(problemes)
        + ". Les parts sont des fractions de la population régionale (0,25 pour 25 %)"
    )


def regions_en_double(*, source: str, codes: str) -> str:
    return f"région(s) présente(s) deux fois dans {extrait(source, limit=200)} : {codes}"


# --- Baromètre des résultats (readers/barometre.py) ----------------------------------------------------------------

#: Reasons of the drop report of a Baromètre file.
LIGNE_SANS_VALEUR = "ligne sans aucune valeur"


def aucun_fichier_ind(*, dossier: str) -> str:
    return f"aucun fichier 'ind-*.csv' dans le dossier {extrait(dossier, limit=200)}"


def zones_inconnues(*, source: str, valeurs: str) -> str:
    return (
        f"identifiant(s) de zone inconnu(s) dans {extrait(source, limit=200)}, colonne 'enforce_zone_id' : {valeurs} "
        "; attendu Dxx (département), Rxx (région) ou FRANCE"
    )


def maille_contradictoire(*, source: str, exemples: str) -> str:
    return f"'maille' contredit le préfixe de la zone dans {extrait(source, limit=200)} : {exemples}"


def dates_barometre_illisibles(*, source: str, valeurs: str) -> str:
    return f"colonne 'metric_enforce_date' de {extrait(source, limit=200)} : date(s) illisible(s) {valeurs}"


def lignes_contradictoires(*, exemples: str) -> str:
    return f"plusieurs lignes différentes pour le même indicateur, la même zone et la même date : {exemples}"


def niveau_inconnu(*, niveau: str) -> str:
    return (
        f"niveau inconnu {niveau} ; attendu departement, region ou nation (ou DEPT, REG, NAT comme dans le baromètre)"
    )


def indicateur_sans_valeur_au_niveau(*, indicateur: str, niveau: str, disponibles: str) -> str:
    return f"aucune valeur pour l'indicateur {indicateur} au niveau {niveau} ; indicateurs de la table : {disponibles}"


def indicateur_sans_valeur_a_la_date(*, indicateur: str, niveau: str, date: str, dates: str) -> str:
    return f"aucune valeur pour {indicateur} au niveau {niveau} le {date} ; dates ayant des valeurs : {dates}"


# --- default names of tables given without a file (Python API) -----------------------------------------------------

TABLE_PRATICIENS = "table des praticiens"
POPULATION_PAR_AGE = "population par âge"
TEMPS_DE_TRAJET = "temps de trajet"
TABLE_A_HARMONISER = "table à harmoniser"
TABLE_DE_ZONAGE = "table de zonage"
MOUVEMENTS = "mouvements des communes"
