"""Road times of the grid on dask worker processes (OSRM in process, the real Monaco extract): the same APL as the
partitioned engine in this process, every worker taking part, and the graph opened once per worker before the
tasks (the worker plugin), never once per task. Without dask's ``LocalCluster`` no speed-up is possible: these
are the structural conditions that ``benchmarks/bench_grid.py`` times."""

from __future__ import annotations

import os

import numpy as np
import pytest

from access_map.decay import DREES_GP_DECAY
from access_map.grid.distributed import partitioned_fca_dask
from access_map.grid.engine import RoadPairs, partitioned_fca
from access_map.travel import build_osrm_graph
from access_map.travel.osrm_local import _engine
from conftest import shared_path

pytestmark = pytest.mark.routing


@pytest.fixture(scope="module")
def monaco_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[RoadPairs, np.ndarray, np.ndarray]:
    graph = build_osrm_graph(shared_path("osm_monaco_osrm_test", "monaco.osm.pbf"),
                             cache_dir=tmp_path_factory.mktemp("osrm"))  # fmt: skip
    rng = np.random.default_rng(4)
    lon, lat = np.arange(7.40, 7.44, 0.0024), np.arange(43.72, 43.76, 0.0018)  # a 200 m lattice over the extract
    cells = np.array([(a, b) for a in lon for b in lat])
    sites = cells[rng.choice(len(cells), 30, replace=False)] + rng.uniform(-0.0005, 0.0005, (30, 2))
    source = RoadPairs(cells, sites, graph=str(graph.path), max_minutes=20.0, sources_per_request=32)
    return source, rng.gamma(2.0, 30.0, len(cells)), rng.uniform(3600.0, 6000.0, len(sites))


def test_road_times_on_two_worker_processes_load_the_graph_once_per_worker(monaco_source):
    from distributed import Client, LocalCluster

    source, demand, acts = monaco_source
    catchment = {"decay": DREES_GP_DECAY, "max_minutes": 20.0, "include_max": False}
    here = partitioned_fca(source, demand=demand, supply=acts, cells_per_partition=50, **catchment)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        on_dask = partitioned_fca_dask(
            source, demand=demand, supply=acts, cells_per_partition=50, scheduler=cluster.scheduler_address,
            **catchment,
        )  # fmt: skip
        pids = client.run(os.getpid)
        caches = client.run(_engine.cache_info)
    assert here.partitions == on_dask.partitions == 8 and on_dask.pairs == here.pairs > 1000
    np.testing.assert_allclose(on_dask.access, here.access, rtol=0, atol=1e-9)
    np.testing.assert_allclose(on_dask.reached, here.reached, rtol=0, atol=1e-9)
    # two processes besides this one
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    # each worker opened the graph once (the plugin, before any task) and found it open for each of its
    # partitions: one lookup per partition in all, both workers computing some
    assert [c.misses for c in caches.values()] == [1, 1], caches
    assert sum(c.hits for c in caches.values()) == on_dask.partitions, caches
    assert all(c.hits > 0 for c in caches.values()), caches
