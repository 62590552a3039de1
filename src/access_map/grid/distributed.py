"""The partitioned grid APL as dask tasks: pair generation, OSRM tables and the two FCA reductions.

The OSRM bindings hold the GIL, so road times gain only from **processes**. :func:`partitioned_fca_dask`
runs, for each partition of cells (:func:`~access_map.grid.engine.partition_cells`), a task giving its
pairs and weights (OSRM tables for :class:`~access_map.grid.engine.RoadPairs`), a task of step 1 (demand
reached by each site), a tree of sums over the partitions, the ratio ``R = S / D``, and a task of step 2
per partition (access of its cells). Road pairs stay in the workers' memory between the two steps; crow-fly
pairs are generated again for step 2 (cheaper than keeping hundreds of millions of them).

What makes two processes faster than one (``benchmarks/bench_grid.py`` measures it):

* **enough partitions**: without explicit ``partitions`` or ``cells_per_partition``, the size is chosen so
  that every worker gets :data:`PARTITIONS_PER_WORKER` of them (:func:`cells_per_partition_for`; at most
  :data:`~access_map.grid.engine.DEFAULT_CELLS_PER_PARTITION`): the 6,735 cells of Bordeaux Métropole made
  one partition of the default 20,000, so one worker did everything while the other waited;
* **the OSRM engine loaded once per worker, before the tasks**: a worker plugin
  (:class:`~access_map.grid.dask_plugin.RoadEngineLoader`) opens it when the worker starts (or joins), so that
  no task pays for it and a graph is never loaded per task.

By default a local cluster of ``workers`` processes (one thread each) is started and closed; give
``scheduler="tcp://host:8786"`` to run on an existing cluster (its workers need access_map installed and,
for road times, the OSRM graph at the same path). dask is the ``grid`` extra
(``pip install "access_map[grid]"``), imported here only.

The result equals :func:`~access_map.grid.engine.partitioned_fca` (the same functions, summed in another
order: equal to 1e-9).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..decay import Decay
from ..errors import SourceError
from ..messages import grid as msg
from .engine import (
    DEFAULT_CELLS_PER_PARTITION,
    FCAResult,
    PairSource,
    RoadPairs,
    _cell_xy,
    _check,
    partition_cells,
    partition_weights,
    step1,
    step2,
    supply_ratio,
)

__all__ = ["PARTITIONS_PER_WORKER", "cells_per_partition_for", "partitioned_fca_dask", "import_distributed"]

#: Partitions per worker when their size is chosen for the cluster: the workers stay busy to the end.
PARTITIONS_PER_WORKER = 4
#: Smallest partition chosen for the cluster (cells): one full OSRM request of :class:`RoadPairs`.
MIN_CELLS_PER_PARTITION = 256


def import_distributed() -> Any:
    """The ``distributed`` module, or a French error naming the extra to install."""
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        raise SourceError(msg.dask_absent()) from exc
    return distributed


def cells_per_partition_for(n_cells: int, *, workers: int) -> int:
    """Partition size giving each of ``workers`` :data:`PARTITIONS_PER_WORKER` partitions of ``n_cells`` cells.

    Bounded by :data:`MIN_CELLS_PER_PARTITION` and :data:`~access_map.grid.engine.DEFAULT_CELLS_PER_PARTITION`
    (a national grid keeps partitions of bounded memory).

    Examples
    --------
    >>> cells_per_partition_for(6_735, workers=2)   # Bordeaux Métropole: 8 partitions, not 1
    842
    >>> cells_per_partition_for(2_300_000, workers=2), cells_per_partition_for(300, workers=4)
    (20000, 256)
    """
    share = -(-max(n_cells, 1) // (PARTITIONS_PER_WORKER * max(workers, 1)))
    return int(min(DEFAULT_CELLS_PER_PARTITION, max(MIN_CELLS_PER_PARTITION, share)))


def _weights_task(
    source: PairSource, cells: np.ndarray, decay: Decay | None, max_minutes: float, include_max: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return partition_weights(source, cells, decay=decay, max_minutes=max_minutes, include_max=include_max)


def _step1_task(
    source: PairSource,
    weights: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    cells: np.ndarray,
    demand: np.ndarray,
    n_sites: int,
    decay: Decay | None,
    max_minutes: float,
    include_max: bool,
) -> tuple[np.ndarray, int]:
    w = weights if weights is not None else _weights_task(source, cells, decay, max_minutes, include_max)
    return step1(w, demand, n_sites), len(w[0])


def _sum_task(*parts: tuple[np.ndarray, int]) -> tuple[np.ndarray, int]:
    total = parts[0][0].copy()
    for values, _ in parts[1:]:
        total += values
    return total, sum(n for _, n in parts)


def _step2_task(
    source: PairSource,
    weights: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    cells: np.ndarray,
    ratio: np.ndarray,
    decay: Decay | None,
    max_minutes: float,
    include_max: bool,
) -> np.ndarray:
    w = weights if weights is not None else _weights_task(source, cells, decay, max_minutes, include_max)
    return step2(w, ratio, len(cells))


def _tree_sum(client: Any, futures: list[Any], *, fan_in: int = 8) -> Any:
    """Sum futures of (vector, count) in a tree (no task receives every partition at once)."""
    level = futures
    while len(level) > 1:
        level = [client.submit(_sum_task, *level[k : k + fan_in], pure=False) for k in range(0, len(level), fan_in)]
    return level[0]


def partitioned_fca_dask(
    source: PairSource,
    *,
    demand: np.ndarray,
    supply: np.ndarray,
    decay: Decay | None,
    max_minutes: float,
    include_max: bool,
    partitions: Sequence[np.ndarray] | None = None,
    cells_per_partition: int | None = None,
    scheduler: str | None = None,
    workers: int = 2,
) -> FCAResult:
    """:func:`~access_map.grid.engine.partitioned_fca` as dask tasks (see the module notes).

    Parameters
    ----------
    source, demand, supply, decay, max_minutes, include_max, partitions
        As :func:`~access_map.grid.engine.partitioned_fca`.
    cells_per_partition
        Cells per partition; ``None``: :func:`cells_per_partition_for` the cluster's worker threads.
    scheduler
        Address of a dask scheduler; ``None`` starts a local cluster of ``workers`` processes.
    workers
        Processes of the local cluster (one thread each: OSRM holds the GIL).

    Returns
    -------
    FCAResult
    """
    distributed = import_distributed()
    p, s = _check(demand, supply)
    parts = list(partitions) if partitions is not None else None
    if parts is None and cells_per_partition is not None:  # checked before a cluster is started
        parts = partition_cells(_cell_xy(source), cells_per_partition=cells_per_partition)
    cluster = None
    if scheduler is None:
        cluster = distributed.LocalCluster(  # dashboard on a free port (8787 taken: a warning to the user)
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        )
        client = distributed.Client(cluster)
    else:
        client = distributed.Client(scheduler)
    try:
        if parts is None:
            size = cells_per_partition_for(len(p), workers=_threads(client))
            parts = partition_cells(_cell_xy(source), cells_per_partition=size)
        return _run(client, source, parts, p, s, decay, max_minutes, include_max)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _threads(client: Any) -> int:
    """Worker threads of the cluster (at least 1)."""
    return max(1, sum(int(n) for n in client.nthreads().values()))


def _run(
    client: Any,
    source: PairSource,
    parts: list[np.ndarray],
    p: np.ndarray,
    s: np.ndarray,
    decay: Decay | None,
    max_minutes: float,
    include_max: bool,
) -> FCAResult:
    if isinstance(source, RoadPairs):  # the engine opened in every worker once, before the tasks
        from .dask_plugin import RoadEngineLoader

        loader = RoadEngineLoader(source.graph)
        client.register_plugin(loader, name=loader.name)
    src = client.scatter(source, broadcast=True)
    catchment = (decay, max_minutes, include_max)
    weights: list[Any] = [
        None if source.cheap else client.submit(_weights_task, src, cells, *catchment, pure=False) for cells in parts
    ]
    reached_parts = [
        client.submit(_step1_task, src, w, cells, p[cells], len(s), *catchment, pure=False)
        for w, cells in zip(weights, parts, strict=True)
    ]
    reached, n_pairs = client.gather(_tree_sum(client, reached_parts)) if parts else (np.zeros(len(s)), 0)
    ratio = client.scatter(supply_ratio(s, reached), broadcast=True)
    access_parts = [
        client.submit(_step2_task, src, w, cells, ratio, *catchment, pure=False)
        for w, cells in zip(weights, parts, strict=True)
    ]
    access = np.zeros(len(p))
    for cells, values in zip(parts, client.gather(access_parts), strict=True):
        access[cells] = values
    lost = np.flatnonzero((s > 0) & ~(reached > 0))
    return FCAResult(access=access, reached=reached, pairs=int(n_pairs), partitions=len(parts), lost_sites=lost)
