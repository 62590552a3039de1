"""French text of the structure lists (MSP, centres de santé, CPTS) and their indicators (:mod:`access_map.msp`).

Examples
--------
>>> structures_hors_communes(source="finess.csv", codes=["99999", "1A"], malformed=["1A"])[:60]
'finess.csv : 2 structures dont la commune est absente de la '
>>> CATEGORY_LABELS["603"]
'maison de santé pluriprofessionnelle'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import extrait, liste, pluriel

__all__ = [
    "CATEGORY_LABELS",
    "LISTE_DES_STRUCTURES",
    "TABLE_DES_COMPTES",
    "TABLE_DES_POPULATIONS",
    "TABLE_DES_TEMPS",
    "AUTRE_CATEGORIE",
    "FINESS_EN_DOUBLE",
    "COMMUNE_INCONNUE",
    "DATES_D_OUVERTURE",
    "SOUS_DOTEES",
    "NON_ZONE",
    "TOTAL",
    "colonnes_attendues",
    "finess_en_double",
    "structures_hors_communes",
    "structures_sans_date",
    "dates_invalides",
    "POPULATION_PAR_AN_SANS_CLES",
    "AUCUN_MILLESIME",
    "TEMPS_SANS_DUREE_MAX",
    "colonne_absente",
]

#: FINESS category → French (MSP, centre de santé, CPTS).
CATEGORY_LABELS: dict[str, str] = {
    "603": "maison de santé pluriprofessionnelle",
    "124": "centre de santé",
    "604": "communauté professionnelle territoriale de santé",
}

#: Names of the tables in messages.
LISTE_DES_STRUCTURES = "liste des structures"
TABLE_DES_COMPTES = "table des comptes"
TABLE_DES_POPULATIONS = "table des populations"
TABLE_DES_TEMPS = "table des temps de trajet"

#: Reasons of the rows left out of a structure list (:class:`~access_map._validate.DropReport`).
AUTRE_CATEGORIE = "autre catégorie FINESS (non comptée)"
FINESS_EN_DOUBLE = "numéro FINESS en double"
COMMUNE_INCONNUE = "code commune inconnu"

#: What the opening dates are called in messages.
DATES_D_OUVERTURE = "date(s) d'ouverture"

#: Row of the zoning shares summing the two under-served classes.
SOUS_DOTEES = "ZIP ou ZAC"
#: Class of the communes without zoning class in the zoning shares.
NON_ZONE = "non zoné"
#: Row of the zoning shares summing every class.
TOTAL = "total"


def colonnes_attendues(*, columns: Sequence[str]) -> str:
    """The hint of a structure list without its required columns.

    Examples
    --------
    >>> colonnes_attendues(columns=["finess", "code_commune"])
    'colonnes attendues : finess, code_commune'
    """
    return f"colonnes attendues : {', '.join(columns)}"


def finess_en_double(*, source: str, finess: Sequence[object]) -> str:
    """Rows with a FINESS number already seen, dropped.

    Examples
    --------
    >>> finess_en_double(source="liste des structures", finess=["M1"])
    'liste des structures : 1 ligne écartée, son numéro FINESS est en double (M1) ; la première ligne de chaque numéro est gardée'
    """
    n = len(finess)
    head = f"{pluriel(n, 'ligne')} " + (
        "écartées, leur numéro FINESS est" if n > 1 else "écartée, son numéro FINESS est"
    )
    return f"{source} : {head} en double ({liste(finess)}) ; la première ligne de chaque numéro est gardée"


def structures_hors_communes(*, source: str, codes: Sequence[object], malformed: Sequence[object]) -> str:
    """Structures whose commune is not in the commune table, left out.

    Examples
    --------
    >>> structures_hors_communes(source="s", codes=["99999"], malformed=[])
    's : 1 structure dont la commune est absente de la table des communes écartée (99999) ; vérifiez que les deux tables suivent le même millésime du COG (voir access_map.cog)'
    """
    n = len(codes)
    text = (
        f"{source} : {pluriel(n, 'structure')} dont la commune est absente de la table des communes "
        f"{'écartées' if n > 1 else 'écartée'} ({liste(codes)})"
    )
    if malformed:
        text += f" (codes mal formés : {liste(malformed)})"
    return text + " ; vérifiez que les deux tables suivent le même millésime du COG (voir access_map.cog)"


def structures_sans_date(*, source: str, finess: Sequence[object]) -> str:
    """Structures without opening date, left out of counts at a date.

    Examples
    --------
    >>> structures_sans_date(source="s", finess=["M5"])
    "s : 1 structure sans date d'ouverture laissée hors des comptes datés (M5)"
    """
    n = len(finess)
    return (
        f"{source} : {pluriel(n, 'structure')} sans date d'ouverture {'laissées' if n > 1 else 'laissée'} hors des "
        f"comptes datés ({liste(finess)})"
    )


def dates_invalides(*, dates: object) -> str:
    """``dates`` that is not a non-empty list of dates.

    Examples
    --------
    >>> dates_invalides(dates="2020")
    'dates doit être une liste non vide de dates (ou None) ; reçu : 2020'
    """
    return f"dates doit être une liste non vide de dates (ou None) ; reçu : {extrait(dates)}"


#: ``by=`` with a single population Series.
POPULATION_PAR_AN_SANS_CLES = (
    "by= demande une table des populations avec les mêmes colonnes clés que les comptes, pas une Series"
)

#: No population vintage (or none with the levels asked for).
AUCUN_MILLESIME = "aucun millésime de population fourni (ou aucun avec les niveaux demandés)"

#: A travel-time table without ``max_minutes``.
TEMPS_SANS_DUREE_MAX = "max_minutes est requis avec une table des temps de trajet (par ex. max_minutes=20.0)"


def colonne_absente(*, column: str, columns: Sequence[object]) -> str:
    """A column asked for that is not in the table.

    Examples
    --------
    >>> colonne_absente(column="per_100k", columns=["code", "population"])
    'colonne per_100k absente de la table ; colonnes trouvées : code, population'
    """
    return f"colonne {extrait(column)} absente de la table ; colonnes trouvées : {liste(columns, limit=20)}"
