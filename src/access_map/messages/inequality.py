"""Errors and warnings of the inequality measures (:mod:`access_map.inequality`: Gini, Theil, CV, quantiles).

Examples
--------
>>> poids_de_longueur_differente(weights=2, values=3)
'2 poids pour 3 valeurs ; donnez un poids par valeur'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, liste, nombre, pluriel

__all__ = [
    "VALEURS",
    "poids_de_longueur_differente",
    "valeurs_non_finies",
    "valeurs_negatives",
    "poids_invalides",
    "rien_a_mesurer",
    "quantile_hors_bornes",
    "percentiles_invalides",
    "valeurs_sans_groupe",
    "territoires_ecartes",
    "territoires_sans_groupe",
]

#: What the measured values are called in messages.
VALEURS = "valeurs"


def poids_de_longueur_differente(*, weights: int, values: int) -> str:
    """Not one weight per value.

    Examples
    --------
    >>> poids_de_longueur_differente(weights=1, values=2)
    '1 poids pour 2 valeurs ; donnez un poids par valeur'
    """
    return f"{entier(weights)} poids pour {pluriel(values, 'valeur')} ; donnez un poids par valeur"


def valeurs_non_finies(*, positions: Sequence[int]) -> str:
    """NaN or infinite values among the values to measure.

    Examples
    --------
    >>> valeurs_non_finies(positions=[0, 3])
    'valeurs : 2 valeurs NaN ou infinies (positions 0, 3) ; retirez-les d’abord (inequality_table le fait et les compte)'
    """
    count = pluriel(len(positions), "valeur NaN ou infinie", "valeurs NaN ou infinies")
    return (
        f"{VALEURS} : {count} (positions {liste(positions)}) ; retirez-les d’abord (inequality_table le fait et les "
        "compte)"
    )


def valeurs_negatives(*, values: Sequence[float]) -> str:
    """Negative values, for which Gini, Theil and CV are not defined here.

    Examples
    --------
    >>> valeurs_negatives(values=[-1.5])
    'valeurs : 1 valeur négative (-1,5) ; Gini, Theil et CV sont définis ici pour des quantités positives ou nulles (densités, taux, effectifs)'
    """
    shown = liste([nombre(v, decimals=4).rstrip("0").rstrip(",") for v in values])
    return (
        f"{VALEURS} : {pluriel(len(values), 'valeur négative', 'valeurs négatives')} ({shown}) ; Gini, Theil et CV "
        "sont définis ici pour des quantités positives ou nulles (densités, taux, effectifs)"
    )


def poids_invalides(*, values: Sequence[float]) -> str:
    """Weights that are not finite or negative.

    Examples
    --------
    >>> poids_invalides(values=[-1.0, float("nan")])
    'les poids doivent être finis et positifs ou nuls ; trouvé : -1, nan'
    """
    shown = liste([nombre(v, decimals=4, missing=str(v)).rstrip("0").rstrip(",") for v in values])
    return f"les poids doivent être finis et positifs ou nuls ; trouvé : {shown}"


def rien_a_mesurer() -> str:
    """Nothing to measure (empty input, or all weights zero).

    Examples
    --------
    >>> rien_a_mesurer()
    'aucune valeur à mesurer (entrée vide ou tous les poids nuls)'
    """
    return "aucune valeur à mesurer (entrée vide ou tous les poids nuls)"


def quantile_hors_bornes(*, q: object) -> str:
    """A quantile outside [0, 1].

    Examples
    --------
    >>> quantile_hors_bornes(q=1.5)
    'le quantile q doit être dans [0 ; 1] ; reçu : 1.5'
    """
    return f"le quantile q doit être dans [0 ; 1] ; reçu : {q!r}"


def percentiles_invalides(*, lower: object, upper: object) -> str:
    """Percentiles of an inter-percentile ratio out of order or out of [0, 100].

    Examples
    --------
    >>> percentiles_invalides(lower=90, upper=10)
    'il faut 0 <= lower < upper <= 100 ; reçu : lower=90, upper=10'
    """
    return f"il faut 0 <= lower < upper <= 100 ; reçu : lower={lower!r}, upper={upper!r}"


def valeurs_sans_groupe(*, labels: Sequence[object]) -> str:
    """Values without group in a Theil decomposition.

    Examples
    --------
    >>> valeurs_sans_groupe(labels=["b"])
    '1 valeur sans groupe (b) ; donnez un groupe à chaque valeur'
    """
    return f"{pluriel(len(labels), 'valeur')} sans groupe ({liste(labels)}) ; donnez un groupe à chaque valeur"


def territoires_ecartes(*, labels: Sequence[object]) -> str:
    """Territories left out of an inequality table for a missing value or weight.

    Examples
    --------
    >>> territoires_ecartes(labels=["b"])
    'inequality_table : 1 territoire écarté, faute de valeur ou de poids (b)'
    """
    count = pluriel(len(labels), "territoire écarté", "territoires écartés")
    return f"inequality_table : {count}, faute de valeur ou de poids ({liste(labels)})"


def territoires_sans_groupe(*, labels: Sequence[object]) -> str:
    """Territories without group in an inequality table.

    Examples
    --------
    >>> territoires_sans_groupe(labels=["b", "c"])
    '2 territoires sans groupe (b, c) ; donnez un groupe à chaque valeur'
    """
    return f"{pluriel(len(labels), 'territoire')} sans groupe ({liste(labels)}) ; donnez un groupe à chaque valeur"
