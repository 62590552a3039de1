"""From cells to territories: APL of communes, IRIS, QPV or any polygons; people and poor households under 2.5 and 4.

The DREES rule of a territory's APL is the mean of its zones' APL weighted by their standardised population
(:func:`access_map.apl.aggregate_apl`); counts of people under a threshold use the population itself.
Cells belong to a polygon by their **centre** (:func:`cells_in_polygons`), or to their commune
(``code_commune`` of the Filosofi grid). :func:`threshold_counts` gives, per territory, the population and the
poor households (``Men_pauv``) living in cells whose APL is at most 2.5 and 4; :func:`commune_spread` sets
each commune's APL beside the spread of its cells' APL.

Examples
--------
>>> import pandas as pd
>>> apl = pd.Series({"c1": 2.0, "c2": 5.0})
>>> cells = pd.DataFrame({"population": [10.0, 30.0], "poor_households": [3.0, 1.0], "code_commune": "33063"},
...                      index=apl.index)
>>> threshold_counts(apl, cells=cells, groups=cells["code_commune"])[["population_apl_le_2.5",
...     "poor_households_apl_le_2.5", "share_poor_households_apl_le_2.5"]].values.tolist()
[[10.0, 3.0, 0.75]]
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from ..apl import aggregate_apl
from ..errors import InvalidValueError
from ..messages import grid as msg
from .cells import cell_points

__all__ = ["cells_in_polygons", "aggregate_cells", "threshold_counts", "commune_spread"]


def cells_in_polygons(cells: pd.DataFrame | pd.Index, polygons: gpd.GeoDataFrame) -> pd.Series:
    """Polygon (its index) holding each cell's centre; cells outside every polygon are absent.

    A centre on a shared border goes to one polygon only (the first in ``polygons``' order).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> polys = gpd.GeoDataFrame(geometry=[box(0, 0, 200, 400)], index=pd.Index(["P"], name="code"), crs=3035)
    >>> cells_in_polygons(pd.Index(["CRS3035RES200mN0E0", "CRS3035RES200mN0E400"]), polys).to_dict()
    {'CRS3035RES200mN0E0': 'P'}
    """
    frame = pd.DataFrame(index=cells) if isinstance(cells, pd.Index) else cells[[]]
    points = cell_points(frame)
    if polygons.crs is None:
        raise InvalidValueError(msg.points_sans_crs(what="polygones"))
    layer = polygons.to_crs(points.crs)
    name = layer.index.name or "territory"
    layer = layer.reset_index(names="_territory")[["_territory", layer.geometry.name]]
    joined = gpd.sjoin(points, layer, how="inner", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return pd.Series(joined["_territory"].to_numpy(), index=joined.index, name=name)


def aggregate_cells(
    apl: pd.Series,
    *,
    demand: pd.Series,
    population: pd.Series,
    groups: pd.Series,
    thresholds: Sequence[float] = (2.5, 4.0),
) -> pd.DataFrame:
    """APL of territories from cells: mean weighted by the standardised population, people under the thresholds.

    :func:`access_map.apl.aggregate_apl` on cells (``groups``: cell → territory; cells without a territory
    are left out with a warning counting them).

    Examples
    --------
    >>> apl = pd.Series({"c1": 2.0, "c2": 5.0})
    >>> aggregate_cells(apl, demand=pd.Series({"c1": 100.0, "c2": 300.0}), population=pd.Series({"c1": 90.0,
    ...     "c2": 310.0}), groups=pd.Series({"c1": "T", "c2": "T"}))["apl"].tolist()   # (200 + 1500) / 400
    [4.25]
    """
    return aggregate_apl(apl, weights=demand, groups=groups, population=population, thresholds=thresholds)


def threshold_counts(
    apl: pd.Series, *, cells: pd.DataFrame, groups: pd.Series, thresholds: Sequence[float] = (2.5, 4.0)
) -> pd.DataFrame:
    """Population and poor households in cells with APL ≤ each threshold, per territory, with their shares.

    Parameters
    ----------
    apl
        APL per cell.
    cells
        ``population`` and ``poor_households`` per cell (the Filosofi grid).
    groups
        Cell → territory (``cells["code_commune"]``, :func:`cells_in_polygons`).

    Returns
    -------
    pandas.DataFrame
        Per territory: ``population``, ``poor_households``, then for each threshold ``t``:
        ``population_apl_le_<t>``, ``poor_households_apl_le_<t>`` and their shares ``share_…``.
    """
    frame = pd.DataFrame(
        {
            "territory": groups.reindex(apl.index).to_numpy(),
            "population": cells["population"].reindex(apl.index).to_numpy(dtype=float),
            "poor_households": cells["poor_households"].reindex(apl.index).to_numpy(dtype=float),
        },
        index=apl.index,
    )
    values = apl.to_numpy(dtype=float)
    labels = [f"{float(t):g}" for t in thresholds]
    for t, label in zip(thresholds, labels, strict=True):
        under = values <= float(t)
        frame[f"population_apl_le_{label}"] = np.where(under, frame["population"], 0.0)
        frame[f"poor_households_apl_le_{label}"] = np.where(under, frame["poor_households"], 0.0)
    out = frame.dropna(subset=["territory"]).groupby("territory", sort=True).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        for label in labels:
            for what in ("population", "poor_households"):
                total = out[what].where(out[what] > 0)
                out[f"share_{what}_apl_le_{label}"] = out[f"{what}_apl_le_{label}"] / total
    out.index.name = groups.name or "territory"
    return out


def commune_spread(
    cell_apl: pd.Series, *, commune_apl: pd.Series, cells: pd.DataFrame, demand: pd.Series
) -> pd.DataFrame:
    """Each commune's APL beside the spread of its cells' APL, sorted by the spread (largest first).

    Quantiles are weighted by the cells' population (the APL a resident of the commune lives with).

    Returns
    -------
    pandas.DataFrame
        Per commune (index ``code_commune``): ``apl_commune``, ``apl_cells_mean`` (standardised-population
        weighted), ``apl_p10``, ``apl_median``, ``apl_p90``, ``apl_min``, ``apl_max``, ``spread_p90_p10``,
        ``population``, ``population_far`` (people in cells whose APL differs from the commune's by more than
        1) and ``cells``.

    Examples
    --------
    >>> cells = pd.DataFrame({"code_commune": ["A", "A", "A"], "population": [1.0, 1.0, 2.0]},
    ...                      index=["c1", "c2", "c3"])
    >>> out = commune_spread(pd.Series([1.0, 3.0, 2.0], index=cells.index), commune_apl=pd.Series({"A": 2.0}),
    ...                      cells=cells, demand=cells["population"])
    >>> out.loc["A", ["apl_p10", "apl_median", "apl_p90", "population_far"]].tolist()
    [1.0, 2.0, 3.0, 0.0]
    """
    frame = pd.DataFrame(
        {
            "code_commune": cells["code_commune"].reindex(cell_apl.index).to_numpy(),
            "apl": cell_apl.to_numpy(dtype=float),
            "population": cells["population"].reindex(cell_apl.index).to_numpy(dtype=float),
            "demand": demand.reindex(cell_apl.index).to_numpy(dtype=float),
        }
    ).dropna(subset=["code_commune"])
    rows = {}
    for code, part in frame.groupby("code_commune", sort=True):
        order = np.argsort(part["apl"].to_numpy(), kind="stable")
        apl = part["apl"].to_numpy()[order]
        pop = part["population"].to_numpy()[order]
        cum = np.cumsum(pop)
        total = float(cum[-1]) if len(cum) else 0.0

        def quantile(q: float, apl: np.ndarray = apl, cum: np.ndarray = cum, total: float = total) -> float:
            if total <= 0:
                return float("nan")
            return float(apl[min(int(np.searchsorted(cum, q * total, side="left")), len(apl) - 1)])

        reference = float(commune_apl.get(code, np.nan))
        weights = part["demand"].to_numpy()
        rows[code] = {
            "apl_commune": reference,
            "apl_cells_mean": float(np.average(part["apl"], weights=weights)) if weights.sum() > 0 else np.nan,
            "apl_p10": quantile(0.1),
            "apl_median": quantile(0.5),
            "apl_p90": quantile(0.9),
            "apl_min": float(apl.min()),
            "apl_max": float(apl.max()),
            "population": total,
            "population_far": float(pop[np.abs(apl - reference) > 1.0].sum()),
            "cells": len(part),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.insert(7, "spread_p90_p10", out["apl_p90"] - out["apl_p10"])
    out.index.name = "code_commune"
    return out.sort_values("spread_p90_p10", ascending=False, kind="stable")
