"""French text of the distance-decay functions (:mod:`access_map.decay`).

Examples
--------
>>> temps_invalides(source="temps.csv", negatives=[-3.0], missing=1)
'temps.csv, colonne minutes : 1 valeur négative (-3) et 1 valeur manquante (NaN) ; les temps sont des minutes positives ou nulles (0 pour une commune vers elle-même)'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import liste, nombre, pluriel

__all__ = [
    "temps_invalides",
    "pas_strictement_positif",
    "paliers_et_poids",
    "paliers_non_croissants",
    "poids_invalides",
    "cote_ferme_invalide",
]


def _valeurs(values: Sequence[float]) -> str:
    """The distinct values, smallest first, with as many decimals as they need (up to six)."""
    return liste([nombre(v, decimals=6).rstrip("0").rstrip(",") for v in sorted(set(values))])


def temps_invalides(*, source: str | None, negatives: Sequence[float], missing: int) -> str:
    """Travel times that are negative or missing (NaN).

    Examples
    --------
    >>> temps_invalides(source=None, negatives=[], missing=2)
    'temps de trajet, colonne minutes : 2 valeurs manquantes (NaN) ; les temps sont des minutes positives ou nulles (0 pour une commune vers elle-même)'
    """
    parts = []
    if negatives:
        noun = pluriel(len(negatives), "valeur négative", "valeurs négatives")
        parts.append(f"{noun} ({_valeurs(negatives)})")
    if missing:
        parts.append(f"{pluriel(missing, 'valeur manquante', 'valeurs manquantes')} (NaN)")
    return (
        f"{source or 'temps de trajet'}, colonne minutes : {' et '.join(parts)} ; les temps sont des minutes positives "
        "ou nulles (0 pour une commune vers elle-même)"
    )


def pas_strictement_positif(*, name: str, value: object) -> str:
    """A decay parameter that must be a finite number above 0.

    Examples
    --------
    >>> pas_strictement_positif(name="GaussianDecay sigma_minutes", value=0)
    'GaussianDecay sigma_minutes doit être un nombre fini > 0 ; reçu : 0'
    """
    return f"{name} doit être un nombre fini > 0 ; reçu : {value!r}"


def paliers_et_poids(*, breaks: Sequence[float], weights: Sequence[float]) -> str:
    """A step decay whose breaks and weights differ in number (or are empty).

    Examples
    --------
    >>> paliers_et_poids(breaks=(10.0, 20.0), weights=(1.0,))
    'StepDecay demande autant de poids que de paliers (au moins un) ; reçu : paliers (10.0, 20.0), poids (1.0,)'
    """
    return f"StepDecay demande autant de poids que de paliers (au moins un) ; reçu : paliers {tuple(breaks)}, poids {tuple(weights)}"


def paliers_non_croissants(*, breaks: Sequence[float]) -> str:
    """Step-decay breaks that are not finite, above 0 and strictly increasing.

    Examples
    --------
    >>> paliers_non_croissants(breaks=(10.0, 5.0))
    'les paliers de StepDecay doivent être finis, > 0 et strictement croissants ; reçu : (10.0, 5.0)'
    """
    return f"les paliers de StepDecay doivent être finis, > 0 et strictement croissants ; reçu : {tuple(breaks)}"


def poids_invalides(*, weights: Sequence[float]) -> str:
    """Step-decay weights that are negative or not finite.

    Examples
    --------
    >>> poids_invalides(weights=(-1.0,))
    'les poids de StepDecay doivent être finis et >= 0 ; reçu : (-1.0,)'
    """
    return f"les poids de StepDecay doivent être finis et >= 0 ; reçu : {tuple(weights)}"


def cote_ferme_invalide(*, closed: object) -> str:
    """A step decay's ``closed`` other than ``"left"`` or ``"right"``.

    Examples
    --------
    >>> cote_ferme_invalide(closed="both")
    "closed de StepDecay doit valoir 'left' ou 'right' ; reçu : 'both'"
    """
    return f"closed de StepDecay doit valoir 'left' ou 'right' ; reçu : {closed!r}"
