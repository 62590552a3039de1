"""Errors of the placement of new practices (:func:`access_map.scenario.place_practices`).

Examples
--------
>>> too_few_candidates(sites=3, candidates=2)
'3 sites demandés, mais seulement 2 communes candidates'
"""

from __future__ import annotations

from collections.abc import Sequence

from .._format import extrait, liste, pluriel

__all__ = [
    "NATIONAL_SELECTION_NEEDS_TVS",
    "objective_unknown",
    "sites_invalid",
    "capacity_invalid",
    "candidates_unknown",
    "too_few_candidates",
]

NATIONAL_SELECTION_NEEDS_TVS = (
    "l'objectif national_selection demande les TVS : préparez la situation de référence avec des territories "
    "ayant une colonne code_tvs"
)


def objective_unknown(*, objective: object, known: Sequence[str]) -> str:
    """An unknown placement objective.

    Examples
    --------
    >>> objective_unknown(objective="best", known=["lifted", "floor"])
    "objectif de placement inconnu 'best' ; attendu : lifted, floor"
    """
    return f"objectif de placement inconnu {extrait(repr(objective))} ; attendu : {liste(known)}"


def sites_invalid(*, sites: object) -> str:
    """A number of sites that is not a positive integer."""
    return f"sites doit être un entier positif ; trouvé {extrait(repr(sites))}"


def capacity_invalid(*, capacity: object) -> str:
    """A capacity of new sites that is not positive."""
    return f"capacity doit être > 0 (actes par nouveau site) ; trouvé {extrait(repr(capacity))}"


def candidates_unknown(*, codes: Sequence[str]) -> str:
    """Candidate communes that are not in the territory.

    Examples
    --------
    >>> candidates_unknown(codes=["99999"])
    'candidates : 1 commune hors du territoire (99999)'
    """
    return f"candidates : {pluriel(len(codes), 'commune')} hors du territoire ({liste(codes)})"


def too_few_candidates(*, sites: int, candidates: int) -> str:
    """More sites asked for than candidate communes."""
    asked = pluriel(sites, "site demandé", "sites demandés")
    return f"{asked}, mais seulement {pluriel(candidates, 'commune candidate', 'communes candidates')}"
