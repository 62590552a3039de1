"""French text of the MSP and centres de santé indicators (:mod:`access_map.msp`).

Examples
--------
>>> sans_population(territories=["departement / 976", "region / 06"])
'aucune population pour 2 territoires (departement / 976, region / 06) : leur taux pour 100 000 habitants est vide'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import liste, pluriel

__all__ = ["sans_population"]


def sans_population(*, territories: Sequence[str]) -> str:
    """Warning: counts whose territory has no population, so no rate per 100,000.

    Examples
    --------
    >>> sans_population(territories=["03"])
    'aucune population pour 1 territoire (03) : leur taux pour 100 000 habitants est vide'
    """
    return (
        f"aucune population pour {pluriel(len(territories), 'territoire')} ({liste(territories)}) : leur taux pour "
        "100 000 habitants est vide"
    )
