"""National 200 m grid benchmark: the partitioned grid APL on 2.3 million cells and 60,000 practice sites.

Problem (synthetic, generated here from ``default_rng(2015)``):

* 35,000 towns uniformly over a 1,000 km × 1,000 km square of EPSG:3035 (mainland France's extent), with
  Pareto sizes; each town's populated 200 m cells are a Gaussian cluster around it (wider for larger towns);
  distinct cells are kept up to 2,300,000 (France has about 2.3 million populated 200 m cells); population per
  cell Gamma-distributed (66 million in all);
* 60,000 practice sites drawn among the cells in proportion to their population, placed at random inside the
  cell, each with 3,600 to 6,000 acts (a GP);
* crow-fly times ``2 + 1.32 × km`` from the cells' centres, DREES decay and 20-minute catchment
  (:func:`access_map.grid.engine.partitioned_fca`, in this process, 20,000 cells per partition).

Target: under 2 minutes and 8 GB. The road-time part times the dask path
(:func:`access_map.grid.distributed.partitioned_fca_dask`) with OSRM in process on the Monaco extract of
``../shared/data/osm_monaco_osrm_test`` (cells of a 200 m lattice over the extract, sites among them), with one
worker process then two, and prints the speed-up (the OSRM bindings hold the GIL: processes, not threads).

Run: ``flock /tmp/bench.lock .venv/bin/python benchmarks/bench_grid.py`` (``--no-road`` skips the road part).
The last line is ``grid_cells=… pairs=… seconds=… peak_gb=…`` (``peak_gb``: the process's peak resident memory,
generation included).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from access_map.decay import DREES_GP_DECAY  # noqa: E402
from access_map.grid.engine import CrowFlyPairs, RoadPairs, partitioned_fca  # noqa: E402
from access_map.travel import CrowFlyModel  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
N_CELLS = 2_300_000
N_SITES = 60_000


def synthetic_grid(seed: int = 2015) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cell centres, population, site points and acts of a France-sized synthetic grid."""
    rng = np.random.default_rng(seed)
    n_towns = 35_000
    tx = rng.uniform(3_200_000, 4_200_000, n_towns)
    ty = rng.uniform(2_100_000, 3_100_000, n_towns)
    size = np.minimum((rng.pareto(1.1, n_towns) + 1.0) * 400.0, 2e6)
    per_town = np.maximum(2, (size / 60.0) ** 0.85 * 4.6).astype(np.int64)
    town = np.repeat(np.arange(n_towns), per_town)
    sigma = np.sqrt(per_town[town]) * 130.0
    x = tx[town] + rng.standard_normal(len(town)) * sigma
    y = ty[town] + rng.standard_normal(len(town)) * sigma
    keys = np.unique((y // 200).astype(np.int64) * 100_000 + (x // 200).astype(np.int64))
    if len(keys) > N_CELLS:
        keys = np.sort(rng.choice(keys, N_CELLS, replace=False))
    xy = np.column_stack([(keys % 100_000) * 200.0 + 100.0, (keys // 100_000) * 200.0 + 100.0])
    population = rng.gamma(0.6, 48.0, len(keys)) + 0.5
    pick = rng.choice(len(keys), N_SITES, p=population / population.sum())
    sites = xy[pick] + rng.uniform(-100.0, 100.0, (N_SITES, 2))
    acts = rng.uniform(3600.0, 6000.0, N_SITES)
    return xy, population, sites, acts


def crow_fly_part() -> tuple[int, int, float, float]:
    t0 = time.perf_counter()
    xy, population, sites, acts = synthetic_grid()
    generated = time.perf_counter() - t0
    print(f"synthetic grid: {len(xy):,} cells, {population.sum() / 1e6:.1f} M inhabitants, {len(sites):,} sites "
          f"({generated:.1f} s to generate)")  # fmt: skip
    t0 = time.perf_counter()
    source = CrowFlyPairs(xy, sites, model=CrowFlyModel(), max_minutes=20.0)
    result = partitioned_fca(source, demand=population, supply=acts, decay=DREES_GP_DECAY, max_minutes=20.0,
                             include_max=False)  # fmt: skip
    seconds = time.perf_counter() - t0
    apl = result.access
    print(f"grid APL: {result.partitions} partitions, {result.pairs:,} pairs, {seconds:.1f} s; APL mean "
          f"{np.average(apl, weights=population):.2f}, P10 {np.quantile(apl, 0.1):.2f}, P90 {np.quantile(apl, 0.9):.2f}; "
          f"supply conserved: {float(apl @ population):,.0f} of {float(acts.sum()):,.0f}")  # fmt: skip
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return len(xy), result.pairs, seconds, peak_gb


def road_part() -> None:
    """Speed-up of 2 dask worker processes over 1 on OSRM road times (Monaco extract)."""
    from access_map.grid.distributed import partitioned_fca_dask
    from access_map.travel import build_osrm_graph

    pbf = DATA / "osm_monaco_osrm_test" / "monaco.osm.pbf"
    if not pbf.exists():
        found = sorted((DATA / "osm_monaco_osrm_test").glob("*.osm.pbf"))
        if not found:
            print("road part skipped: no .osm.pbf in ../shared/data/osm_monaco_osrm_test")
            return
        pbf = found[0]
    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        graph = build_osrm_graph(pbf, cache_dir=Path(cache))
        print(f"OSRM graph of {pbf.name}: {time.perf_counter() - t0:.1f} s")
        rng = np.random.default_rng(1)
        lon = np.arange(7.36, 7.50, 0.0012)
        lat = np.arange(43.70, 43.78, 0.0009)
        cells = np.array([(a, b) for a in lon for b in lat])
        sites = cells[rng.choice(len(cells), 400, replace=False)] + rng.uniform(-0.001, 0.001, (400, 2))
        demand = rng.gamma(2.0, 30.0, len(cells))
        acts = rng.uniform(3600.0, 6000.0, len(sites))
        source = RoadPairs(cells, sites, graph=str(graph.path), max_minutes=20.0, sources_per_request=64)
        from distributed import LocalCluster

        times = {}
        results = {}
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                              silence_logs=40) as cluster:  # fmt: skip
                t0 = time.perf_counter()  # the cluster is up: the road-time work only
                results[workers] = partitioned_fca_dask(
                    source, demand=demand, supply=acts, decay=DREES_GP_DECAY, max_minutes=20.0, include_max=False,
                    cells_per_partition=500, scheduler=cluster.scheduler_address,
                )  # fmt: skip
                times[workers] = time.perf_counter() - t0
        diff = float(np.abs(results[1].access - results[2].access).max())
        print(f"road times on dask: {len(cells):,} cells, {len(sites)} sites, {results[2].pairs:,} pairs, "
              f"{results[2].partitions} partitions; 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s: "
              f"speed-up {times[1] / times[2]:.2f} (max |difference| {diff:.1e}; cluster start-up excluded)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-road", action="store_true", help="skip the road-time (dask, OSRM) part")
    args = parser.parse_args()
    warnings.simplefilter("default")
    cells, pairs, seconds, peak_gb = crow_fly_part()
    if not args.no_road:
        road_part()
    print(f"grid_cells={cells} pairs={pairs} seconds={seconds:.1f} peak_gb={peak_gb:.2f}")


if __name__ == "__main__":
    main()
