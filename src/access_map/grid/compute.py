"""The APL of grid cells (and of any demand points) from cells, sites and a way to time them.

:func:`grid_apl` is the entry point: demand per cell, supply per practice site, times either

* ``"crow_fly"``: ``a + b × km`` from each cell's centre (or any demand point) to each site
  (:class:`~access_map.travel.CrowFlyModel`, 2.0 + 1.32 by default), distances in the cells' CRS;
* ``"road"``: OSRM in process from an ``.osm.pbf`` graph (:func:`access_map.travel.build_osrm_graph`);
* a long table ``origin`` (cell), ``destination`` (site), ``minutes`` (e.g. :func:`expand_commune_times`).

and an engine: ``"memory"`` (a long table of pairs and :func:`access_map.apl.compute_apl` with
``demand_zones="cell"``, ``supply_zones="point"``), ``"partitioned"`` (:mod:`access_map.grid.engine`:
bounded memory, the national grid) or ``"dask"`` (:mod:`access_map.grid.distributed`). All three give the
same APL (to 1e-9).

``context``: demand points outside the grid (e.g. the communes around it at their chefs-lieux, with their
standardised population), so that a site near the grid's border shares its supply with the people beyond
it; they take part in the catchment and are left out of the result.

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import Point
>>> from access_map.apl import APLParams
>>> cells = pd.Index(["CRS3035RES200mN2466800E3482800", "CRS3035RES200mN2466800E3487800"], name="cell_id")
>>> demand = pd.Series([1000.0, 500.0], index=cells)
>>> sites = gpd.GeoDataFrame(geometry=[Point(3482900, 2466900)], index=pd.Index(["s1"], name="site_id"), crs=3035)
>>> apl = grid_apl(demand, sites=sites, supply=pd.Series({"s1": 4500.0}), params=APLParams.drees_mg())
>>> apl.round(4).tolist()   # 5 km: 8.6 min -> weight 1 for both cells; 4,500 / 1,500
[3.0, 3.0]
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .._validate import user_stacklevel
from ..apl import APLParams, compute_apl
from ..errors import InvalidValueError
from ..messages import grid as msg
from ..travel.crowfly import CrowFlyModel
from ..zones import check_zone_codes
from .cells import cell_centres, cell_crs
from .engine import DEFAULT_CELLS_PER_PARTITION, CrowFlyPairs, FCAResult, RoadPairs, partitioned_fca

__all__ = ["ENGINES", "grid_apl", "expand_commune_times", "pair_table"]

#: Ways to run the computation.
ENGINES: tuple[str, ...] = ("memory", "partitioned", "dask")


def _context_points(context: gpd.GeoDataFrame | None, crs: int) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    if context is None or len(context) == 0:
        return np.zeros((0, 2)), np.zeros(0), pd.Index([], dtype=object)
    if "demand" not in context.columns:
        raise InvalidValueError(msg.contexte_sans_demande())
    pts = context.to_crs(crs)
    xy = np.column_stack([pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()])
    return xy, context["demand"].to_numpy(dtype=float), pd.Index([f"ctx:{c}" for c in context.index], dtype=object)


def pair_table(
    origins: pd.Index, destinations: pd.Index, result: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> pd.DataFrame:
    """Long table ``origin, destination, minutes`` from position pairs.

    Examples
    --------
    >>> pair_table(pd.Index(["a"]), pd.Index(["s"]), (np.array([0]), np.array([0]), np.array([3.0])))
      origin destination  minutes
    0      a           s      3.0
    """
    i, j, minutes = result
    return pd.DataFrame(
        {
            "origin": pd.array(np.asarray(origins, dtype=object)[i], dtype="str"),
            "destination": pd.array(np.asarray(destinations, dtype=object)[j], dtype="str"),
            "minutes": np.asarray(minutes, dtype=float),
        }
    )


def grid_apl(
    demand: pd.Series,
    *,
    sites: gpd.GeoDataFrame,
    supply: pd.Series,
    params: APLParams,
    times: str | pd.DataFrame = "crow_fly",
    model: CrowFlyModel | None = None,
    graph: str | None = None,
    engine: str = "partitioned",
    context: gpd.GeoDataFrame | None = None,
    cells_per_partition: int | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Callable[[str, int, int], None] | None = None,
) -> pd.Series:
    """APL per grid cell (see the module notes).

    Parameters
    ----------
    demand
        Standardised demand per cell, indexed by INSPIRE cell id (:func:`~access_map.grid.demand.cell_demand`).
    sites
        Practice sites (points, any CRS), indexed by ``site_id`` (:func:`~access_map.grid.supply.place_sites`).
    supply
        Supply per site (:func:`~access_map.grid.supply.supply_by_site`); sites absent from it have none.
    params
        APL preset (decay, catchment, scale).
    times
        ``"crow_fly"``, ``"road"`` (needs ``graph``) or a long table from the cells to the sites.
    model
        Crow-fly model (default 2.0 + 1.32 min/km).
    graph
        OSRM graph (``.osrm`` path from :func:`access_map.travel.build_osrm_graph`) for ``times="road"``.
    engine
        ``"memory"``, ``"partitioned"`` or ``"dask"`` (:data:`ENGINES`).
    context
        Demand points outside the grid (column ``demand``, point geometry), in the catchment only.
    cells_per_partition, scheduler, workers, progress
        Partitioned and dask engines: partition size (``None``:
        :data:`~access_map.grid.engine.DEFAULT_CELLS_PER_PARTITION` in process, at least four partitions per
        worker on dask), dask scheduler address (``None``: local processes), local workers, progress callback.

    Returns
    -------
    pandas.Series
        ``apl`` per cell, indexed like ``demand``, in ``params.unit``; ``attrs``: ``pairs``, ``partitions``,
        ``engine``, ``lost_supply`` (supply of the sites reaching no demand).
    """
    if engine not in ENGINES:
        raise InvalidValueError(msg.moteur_inconnu(engine=engine, known=ENGINES))
    check_zone_codes(demand.index, kind="cell", source="demande", unique=True)
    check_zone_codes(sites.index, kind="point", source="sites", unique=True)
    crs = cell_crs(demand.index)
    cell_xy = cell_centres(demand.index)
    ctx_xy, ctx_demand, ctx_ids = _context_points(context, crs)
    site_supply = supply.reindex(sites.index).fillna(0.0).to_numpy(dtype=float)
    unknown = supply.index.difference(sites.index)
    if len(unknown) and float(supply.reindex(unknown).sum()) > 0:
        raise InvalidValueError(msg.offre_sans_site(sites=unknown.tolist()))
    all_xy = np.vstack([cell_xy, ctx_xy])
    all_demand = np.concatenate([demand.to_numpy(dtype=float), ctx_demand])
    source = _pair_source(times, sites, all_xy, crs=crs, engine=engine, params=params, model=model, graph=graph)
    ids = demand.index.append(ctx_ids) if len(ctx_ids) else demand.index
    if engine == "memory":
        return _memory_apl(
            times, source, ids, sites, site_supply, all_demand,
            n_cells=len(demand), with_context=bool(len(ctx_ids)), params=params, engine=engine,
        )  # fmt: skip
    result = _partitioned_result(
        source, all_demand, site_supply, engine=engine, params=params, scheduler=scheduler, workers=workers,
        cells_per_partition=cells_per_partition, progress=progress,
    )  # fmt: skip
    if len(result.lost_sites):
        lost = site_supply[result.lost_sites]
        warnings.warn(
            msg.offre_perdue(
                sites=len(result.lost_sites),
                supply=float(lost.sum()),
                total=float(site_supply.sum()),
                examples=sites.index[result.lost_sites][:5].tolist(),
            ),  # fmt: skip
            UserWarning,
            stacklevel=2,
        )
    out = pd.Series(result.access[: len(demand)] * params.scale, index=demand.index, name="apl")
    out.attrs.update(
        engine=engine,
        pairs=result.pairs,
        partitions=result.partitions,
        lost_supply=float(site_supply[result.lost_sites].sum()),
    )
    return out


def _pair_source(
    times: str | pd.DataFrame,
    sites: gpd.GeoDataFrame,
    all_xy: np.ndarray,
    *,
    crs: Any,
    engine: str,
    params: APLParams,
    model: CrowFlyModel | None,
    graph: str | None,
) -> Any:
    """Phase 1: the source of (point, site) times: crow-fly or road pairs, ``None`` for a given table."""
    source: Any
    if isinstance(times, pd.DataFrame):
        if engine != "memory":
            raise InvalidValueError(msg.table_en_memoire())
        source = None
    elif times == "crow_fly":
        site_pts = sites.to_crs(crs)
        site_xy = np.column_stack([site_pts.geometry.x.to_numpy(), site_pts.geometry.y.to_numpy()])
        source = CrowFlyPairs(all_xy, site_xy, model=model or CrowFlyModel(), max_minutes=params.max_minutes)
    elif times == "road":
        if graph is None:
            raise InvalidValueError(msg.graphe_absent())
        from ..travel.osrm_local import _graph_path

        to_ll = gpd.GeoSeries(gpd.points_from_xy(all_xy[:, 0], all_xy[:, 1]), crs=crs).to_crs(4326)
        site_ll = sites.to_crs(4326).geometry
        source = RoadPairs(
            np.column_stack([to_ll.x.to_numpy(), to_ll.y.to_numpy()]),
            np.column_stack([site_ll.x.to_numpy(), site_ll.y.to_numpy()]),
            graph=_graph_path(graph),
            max_minutes=params.max_minutes,
        )
    else:
        raise InvalidValueError(msg.temps_inconnus(times=times))
    return source


def _memory_apl(
    times: str | pd.DataFrame,
    source: Any,
    ids: pd.Index,
    sites: gpd.GeoDataFrame,
    site_supply: np.ndarray,
    all_demand: np.ndarray,
    *,
    n_cells: int,
    with_context: bool,
    params: APLParams,
    engine: str,
) -> pd.Series:
    """Phase 2, ``engine="memory"``: the whole pair table at once through :func:`~access_map.apl.compute_apl`."""
    table = (
        times if isinstance(times, pd.DataFrame) else pair_table(ids, sites.index, source.pairs(np.arange(len(ids))))
    )
    full = pd.Series(all_demand, index=ids)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        apl = compute_apl(
            supply=pd.Series(site_supply, index=sites.index), demand=full, times=table, params=params,
            demand_zones="cell" if not with_context else "point", supply_zones="point",
        )  # fmt: skip
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=user_stacklevel())
    out = apl.iloc[:n_cells].rename("apl")
    out.attrs.update(engine=engine, pairs=int(len(table)), partitions=1)
    return out


def _partitioned_result(
    source: Any,
    all_demand: np.ndarray,
    site_supply: np.ndarray,
    *,
    engine: str,
    params: APLParams,
    scheduler: str | None,
    workers: int,
    cells_per_partition: int | None,
    progress: Callable[[str, int, int], None] | None,
) -> FCAResult:
    """Phase 2, ``engine="partitioned"`` or ``"dask"``: the FCA partition by partition (in process or on dask)."""
    result: FCAResult
    if engine == "dask":
        from .distributed import partitioned_fca_dask

        result = partitioned_fca_dask(
            source, demand=all_demand, supply=site_supply, decay=params.decay, max_minutes=params.max_minutes,
            include_max=params.include_max, scheduler=scheduler, workers=workers,
            cells_per_partition=cells_per_partition,
        )  # fmt: skip
    else:
        result = partitioned_fca(
            source, demand=all_demand, supply=site_supply, decay=params.decay, max_minutes=params.max_minutes,
            include_max=params.include_max, progress=progress,
            cells_per_partition=DEFAULT_CELLS_PER_PARTITION if cells_per_partition is None else cells_per_partition,
        )  # fmt: skip
    return result


def expand_commune_times(times: pd.DataFrame, *, cells: pd.Series, sites: pd.Series) -> pd.DataFrame:
    """Cell-to-site times from commune-to-commune times: each cell takes its commune's, each site its commune's.

    The commune APL's convention carried to the cells (every cell of a commune at its chef-lieu): with it, the
    grid APL aggregated to the communes equals the commune APL.

    Parameters
    ----------
    times
        ``origin``, ``destination`` (communes), ``minutes``.
    cells
        Cell id → commune code (``cells["code_commune"]``).
    sites
        Site id → commune code (``sites["code_commune"]``).

    Returns
    -------
    pandas.DataFrame
        ``origin`` (cell id), ``destination`` (site id), ``minutes``.

    Examples
    --------
    >>> t = pd.DataFrame({"origin": ["33063", "33063"], "destination": ["33063", "33318"], "minutes": [0.0, 12.0]})
    >>> out = expand_commune_times(t, cells=pd.Series({"c1": "33063", "c2": "33063"}),
    ...                            sites=pd.Series({"s1": "33318"}))
    >>> out.values.tolist()
    [['c1', 's1', 12.0], ['c2', 's1', 12.0]]
    """
    by_cell = pd.DataFrame({"origin": cells.index.astype(str), "o": cells.astype(str).to_numpy()})
    by_site = pd.DataFrame({"destination": sites.index.astype(str), "d": sites.astype(str).to_numpy()})
    pairs = times.rename(columns={"origin": "o", "destination": "d"})[["o", "d", "minutes"]]
    out = by_cell.merge(pairs, on="o").merge(by_site, on="d")[["origin", "destination", "minutes"]]
    return out.sort_values(["origin", "destination"], ignore_index=True)
