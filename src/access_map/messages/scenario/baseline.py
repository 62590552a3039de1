"""Errors of the inputs of a scenario baseline (:func:`access_map.scenario.prepare_baseline`) and of its vectors.

The Python arguments are named as in the code (``demand``, ``supply``, ``reported``, ``territories``): an analyst
calling the engine from a notebook reads which argument to fix.

Examples
--------
>>> communes_without_value(what="demand", codes=["33001", "33002"])
'demand : 2 communes du territoire sans valeur (33001, 33002) ; donnez une valeur pour chaque commune'
"""

from __future__ import annotations

from collections.abc import Sequence

from .._format import extrait, liste, pluriel

__all__ = [
    "not_a_series",
    "duplicated_codes",
    "communes_without_value",
    "invalid_values",
    "reported_unknown",
    "REPORTED_EMPTY",
    "territories_unknown_columns",
    "territories_missing",
    "BASELINE_NEEDS_SUPPLY_ARGUMENT",
    "supply_wrong_length",
    "supply_invalid",
    "DEMAND_VECTOR_INVALID",
    "CHANGED_SUPPLY",
    "PROJECTED_DEMAND",
    "PROJECTED_POPULATION",
    "POPULATION_VINTAGE",
    "PRACTITIONERS",
    "TRAVEL_TIMES_SOURCE",
]

#: Labels of the vectors a scenario builds (they start the messages about them).
CHANGED_SUPPLY = "changement d'offre"
PROJECTED_DEMAND = "demande projetée"
PROJECTED_POPULATION = "population projetée"
POPULATION_VINTAGE = "millésime de population"
PRACTITIONERS = "praticiens"
#: Name of a travel-time table given to the engine without a file (in the messages about its columns).
TRAVEL_TIMES_SOURCE = "temps de trajet"


def not_a_series(*, what: str, got: str) -> str:
    """An argument that is not a pandas Series.

    Examples
    --------
    >>> not_a_series(what="supply", got="dict")
    'supply : une Series pandas indexée par code commune est attendue ; reçu dict'
    """
    return f"{what} : une Series pandas indexée par code commune est attendue ; reçu {extrait(got)}"


def duplicated_codes(*, what: str, codes: Sequence[str]) -> str:
    """Commune codes given twice.

    Examples
    --------
    >>> duplicated_codes(what="demand", codes=["33001"])
    'demand : 1 code commune en double (33001) ; donnez une seule valeur par commune'
    """
    return (
        f"{what} : {pluriel(len(codes), 'code commune', 'codes commune')} en double ({liste(codes)}) ; donnez une "
        "seule valeur par commune"
    )


def communes_without_value(*, what: str, codes: Sequence[str]) -> str:
    """Communes of the territory that have no value (the first ones quoted, then the count)."""
    return (
        f"{what} : {pluriel(len(codes), 'commune')} du territoire sans valeur ({liste(codes)}) ; donnez une valeur "
        "pour chaque commune"
    )


def invalid_values(*, what: str, codes: Sequence[str]) -> str:
    """Negative, NaN or infinite values.

    Examples
    --------
    >>> invalid_values(what="population", codes=["33001", "33002"])
    'population : 2 valeurs négatives, NaN ou infinies (communes 33001, 33002)'
    """
    noun = pluriel(len(codes), "valeur négative, NaN ou infinie", "valeurs négatives, NaN ou infinies")
    return f"{what} : {noun} (communes {liste(codes)})"


def reported_unknown(*, codes: Sequence[str]) -> str:
    """Communes of the territory studied (``reported=``) that are not in the territory."""
    return f"reported (communes étudiées) : {pluriel(len(codes), 'commune')} hors du territoire ({liste(codes)})"


REPORTED_EMPTY = "reported (communes étudiées) : aucune commune donnée (le territoire étudié serait vide)"


def territories_unknown_columns(*, columns: Sequence[str], expected: Sequence[str]) -> str:
    """Columns of ``territories=`` that are not territorial levels.

    Examples
    --------
    >>> territories_unknown_columns(columns=["canton"], expected=["code_tvs", "code_departement"])
    'territories : 1 colonne inconnue (canton) ; attendues : code_tvs, code_departement'
    """
    noun = pluriel(len(columns), "colonne inconnue", "colonnes inconnues")
    return f"territories : {noun} ({liste(columns)}) ; attendues : {liste(expected, limit=12)}"


def territories_missing(*, level: str, codes: Sequence[str]) -> str:
    """Communes without a code of a territorial level."""
    return (
        f"territories : {pluriel(len(codes), 'commune')} sans {level} ({liste(codes)}) ; chaque commune doit en "
        "avoir un"
    )


BASELINE_NEEDS_SUPPLY_ARGUMENT = "prepare_baseline : donnez supply= ou practitioners= (pour compter l'offre)"


def supply_wrong_length(*, values: int, communes: int) -> str:
    """A supply vector that is not aligned on the baseline's communes.

    Examples
    --------
    >>> supply_wrong_length(values=3, communes=2)
    'supply : 3 valeurs, mais la situation de référence a 2 communes'
    """
    return f"supply : {pluriel(values, 'valeur')}, mais la situation de référence a {pluriel(communes, 'commune')}"


def supply_invalid(*, codes: Sequence[str]) -> str:
    """A supply vector with negative or non-finite values."""
    return f"supply : valeur(s) négative(s) ou non finie(s) dans {pluriel(len(codes), 'commune')} ({liste(codes)})"


DEMAND_VECTOR_INVALID = (
    "demand : un vecteur de valeurs positives ou nulles et finies, aligné sur les communes de la situation de "
    "référence, est attendu"
)
