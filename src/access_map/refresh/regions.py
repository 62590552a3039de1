"""Region-level figures of a refresh restricted to some departments: what each row covers, said.

A refresh of one department (``departements = ["33"]``) computes its region-level tables on that
department only: the row of region 75 holds the population of the Gironde, not of Nouvelle-Aquitaine.
Such tables get a column ``perimetre`` (« partie de la région 75 (départements 33) », « région 11 »,
« ensemble du territoire restitué : département(s) 33 » for the ``national`` rows), and a zoning computed
with the regional caps on part of a region is stated as a note (console and report).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..messages import tables as text
from ..territory import Territory

__all__ = ["label_partial_regions", "partial_region_notes"]

#: Columns of the tables listed per commune, TVS or QPV (not region aggregates, though they carry the region).
_FINER_LEVELS = frozenset({"code_commune", "code_tvs", "code_qpv"})


def _region_label(code: object, territory: Territory) -> str:
    code = str(code)
    if code in territory.partial_regions:
        return text.region_partielle(code_region=code, departements=territory.partial_regions[code])
    if code == "national":
        return text.ensemble_selection(description=territory.selection.describe())
    return text.region_entiere(code_region=code)


def _is_region_aggregate(table: pd.DataFrame) -> bool:
    names = set(map(str, table.columns)) | {str(n) for n in table.index.names if n is not None}
    return "code_region" in names and not names & _FINER_LEVELS


def label_partial_regions(tables: Mapping[str, pd.DataFrame], territory: Territory) -> dict[str, pd.DataFrame]:
    """Add the column ``perimetre`` to the region-level tables of a run that keeps only part of a region.

    Tables are returned unchanged when every region of the run is whole.

    Examples
    --------
    >>> from access_map.territory import TerritorySelection
    >>> t = Territory(label="x", communes=pd.DataFrame(), selection=TerritorySelection(departements=("33",)),
    ...               partial_regions={"75": ("33",)})
    >>> table = pd.DataFrame({"code_region": ["75", "national"], "population": [1623749, 1623749]})
    >>> label_partial_regions({"r": table}, t)["r"]["perimetre"].tolist()
    ['partie de la région 75 (départements 33)', 'ensemble du territoire restitué : département(s) 33']
    """
    if not territory.partial_regions:
        return dict(tables)
    out: dict[str, pd.DataFrame] = {}
    for name, table in tables.items():
        if not _is_region_aggregate(table):
            out[name] = table
            continue
        if "code_region" in table.columns:
            codes = table["code_region"]
            position = list(table.columns).index("code_region") + 1
        else:
            codes = table.index.get_level_values("code_region").to_series(index=table.index)
            position = 0
        labelled = table.copy()
        labelled.insert(position, text.PERIMETRE, [_region_label(c, territory) for c in codes])
        out[name] = labelled
    return out


def partial_region_notes(territory: Territory, zoning: Mapping[str, Any]) -> list[str]:
    """The note of a zoning computed with regional caps on part of a region (none otherwise).

    Examples
    --------
    >>> t = Territory(label="x", communes=pd.DataFrame(), partial_regions={"75": ("33",)})
    >>> partial_region_notes(t, {})
    []
    >>> partial_region_notes(t, {"result": object()})[0][:48]
    'Zonage : les plafonds régionaux de la région 75 '
    """
    if "result" not in zoning:
        return []
    return [
        text.plafonds_region_partielle(code_region=code, departements=deps)
        for code, deps in sorted(territory.partial_regions.items())
    ]
