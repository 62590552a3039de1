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
``../shared/data/osm_monaco_osrm_test`` (cells of a 200 m lattice over the extract, sites among them) on a
cluster of one worker process and one of two, side by side in rounds, with each worker's CPU time and a pure-CPU
control, and prints the median speed-up (the OSRM bindings hold the GIL: processes, not threads). On a machine
shared with other work the ratio falls short of 2 and varies from round to round: read it with the load average
and the control printed beside it. Where Linux groups the CPU by session (autogroups), the workers of a
``LocalCluster`` share one session's slice of a busy machine: ``--clusters sessions`` starts each worker in a
session of its own, as on a real cluster (measured on 2 shared cores at load 8-13: about 1.0 with a
``LocalCluster``, 1.6 with sessions, the control alike; the CPU is split 1.95-1.99 between the two workers).

Run: ``flock /tmp/bench.lock .venv/bin/python benchmarks/bench_grid.py`` (``--no-road`` skips the road part,
``--road-only`` the crow-fly part, ``--rounds`` sets the rounds of the road part, ``--clusters`` its clusters: a
``LocalCluster`` as ``access-map grid --engine dask`` starts, workers in sessions of their own as on a real
cluster, or both).
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
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from access_map.decay import DREES_GP_DECAY  # noqa: E402
from access_map.grid.engine import CrowFlyPairs, FCAResult, RoadPairs, partitioned_fca  # noqa: E402
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


def _cpu_seconds() -> float:
    """CPU time (user + system) of the calling process: run in each worker by ``Client.run``."""
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _burn(n: int) -> float:
    """Pure-Python CPU work (the control of the road part: a task that nothing but the CPU can slow down)."""
    t0 = time.perf_counter()
    total = 0
    for k in range(n):
        total += k * k
    return time.perf_counter() - t0 + 0.0 * total


def _control(client: object, n: int) -> float:
    """Wall seconds of two :func:`_burn` tasks of ``n`` on a cluster (in turn on 1 worker, at once on 2)."""
    t0 = time.perf_counter()
    client.gather([client.submit(_burn, n, pure=False) for _ in range(2)])  # type: ignore[attr-defined]
    return time.perf_counter() - t0


class SessionCluster:
    """A dask scheduler and ``workers`` worker processes (one thread each), each started in its own session.

    Linux schedulers with autogroups (``/proc/sys/kernel/sched_autogroup_enabled`` = 1) share the CPU between
    sessions first: the workers of a ``LocalCluster`` all live in the session of the script that started them, so
    on a machine kept busy by other sessions two of them get the CPU time of one. Workers in sessions of their
    own, as on the machines of a real cluster (``--scheduler tcp://…``), each get their share.
    """

    def __init__(self, workers: int, folder: Path) -> None:
        import subprocess

        dask = str(Path(sys.executable).parent / "dask")
        self.file = folder / f"scheduler-{workers}.json"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
        self.processes = [subprocess.Popen([dask, "scheduler", "--scheduler-file", str(self.file), "--port", "0",
                                            "--no-dashboard"], **quiet)]  # fmt: skip
        while not self.file.exists():
            time.sleep(0.2)
        self.processes += [
            subprocess.Popen(
                [dask, "worker", "--scheduler-file", str(self.file), "--nthreads", "1", "--no-nanny", "--no-dashboard"],
                **quiet,
            )  # fmt: skip
            for _ in range(workers)
        ]
        import json

        self.scheduler_address = json.loads(self.file.read_text())["address"]
        self.workers = workers

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=30)


def _monaco_problem(graph: str) -> tuple[RoadPairs, np.ndarray, np.ndarray]:
    """Cells of a 200 m lattice over the Monaco extract, 400 sites among them, demand and acts."""
    rng = np.random.default_rng(1)
    lon = np.arange(7.36, 7.50, 0.0012)
    lat = np.arange(43.70, 43.78, 0.0009)
    cells = np.array([(a, b) for a in lon for b in lat])
    sites = cells[rng.choice(len(cells), 400, replace=False)] + rng.uniform(-0.001, 0.001, (400, 2))
    demand = rng.gamma(2.0, 30.0, len(cells))
    acts = rng.uniform(3600.0, 6000.0, len(sites))
    return RoadPairs(cells, sites, graph=graph, max_minutes=20.0, sources_per_request=64), demand, acts


def road_part(rounds: int = 3, *, separate_sessions: bool = False) -> None:
    """Speed-up of 2 dask worker processes over 1 on OSRM road times (Monaco extract), side by side.

    Both local clusters (1 worker, 2 workers; one thread each) are up for the whole part; a first run on each
    loads the engine in its workers (the worker plugin) and is reported apart; then ``rounds`` rounds time
    1 worker then 2 on the same partitions (those ``--workers 2`` gets), with each worker's CPU time, so that
    a machine shared with other work shows in the figures instead of hiding in them. Each round also times a
    control on the same clusters: two tasks of pure-Python CPU work, in turn on 1 worker and at once on 2 —
    the speed-up the machine itself allows at that moment (2 on an idle machine with two free cores).
    ``separate_sessions``: workers started as processes of their own sessions (:class:`SessionCluster`)
    instead of a ``LocalCluster``.
    """
    import os

    from distributed import Client, LocalCluster

    from access_map.grid.distributed import cells_per_partition_for, partitioned_fca_dask
    from access_map.grid.engine import partition_cells
    from access_map.travel import build_osrm_graph

    pbf = DATA / "osm_monaco_osrm_test" / "monaco.osm.pbf"
    if not pbf.exists():
        print("road part skipped: no monaco.osm.pbf in ../shared/data/osm_monaco_osrm_test")
        return
    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        graph = build_osrm_graph(pbf, cache_dir=Path(cache))
        print(f"OSRM graph of {pbf.name}: {time.perf_counter() - t0:.1f} s")
        source, demand, acts = _monaco_problem(str(graph.path))
        lonlat = source.cell_lonlat
        size = cells_per_partition_for(len(lonlat), workers=2)
        parts = partition_cells(np.column_stack([lonlat[:, 0] * 80_000.0, lonlat[:, 1] * 111_000.0]),
                                cells_per_partition=size)  # fmt: skip
        clusters: dict[int, Any] = {
            w: SessionCluster(w, Path(cache)) if separate_sessions else LocalCluster(
                n_workers=w, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40)
            for w in (1, 2)
        }  # fmt: skip
        probes = {w: Client(cluster.scheduler_address) for w, cluster in clusters.items()}
        for w, probe in probes.items():
            probe.wait_for_workers(w)
        kind = "workers in sessions of their own" if separate_sessions else "LocalCluster"
        print(f"clusters: {kind}")
        try:

            def run(workers: int) -> tuple[float, list[float], FCAResult]:
                before = probes[workers].run(_cpu_seconds)
                t0 = time.perf_counter()
                result = partitioned_fca_dask(
                    source, demand=demand, supply=acts, decay=DREES_GP_DECAY, max_minutes=20.0, include_max=False,
                    partitions=parts, scheduler=clusters[workers].scheduler_address,
                )  # fmt: skip
                seconds = time.perf_counter() - t0
                after = probes[workers].run(_cpu_seconds)
                return seconds, [round(after[k] - before[k], 2) for k in sorted(after)], result

            for w in (1, 2):
                seconds, cpu, _ = run(w)
                print(f"first run, {w} worker(s), engine loaded by the worker plugin: {seconds:.1f} s (CPU {cpu} s)")
            ratios, controls, balances = [], [], []
            results = {}
            burn = 10_000_000
            for k in range(rounds):
                load = os.getloadavg()[0]
                t1, cpu1, results[1] = run(1)
                t2, cpu2, results[2] = run(2)
                c1, c2 = _control(probes[1], burn), _control(probes[2], burn)
                ratios.append(t1 / t2)
                controls.append(c1 / c2)
                balances.append(sum(cpu2) / max(cpu2))  # the speed-up two free cores would give
                print(f"round {k + 1} (load average {load:.1f} on {os.cpu_count()} CPUs): 1 worker {t1:.1f} s, "
                      f"CPU {cpu1} s; 2 workers {t2:.1f} s, CPU {cpu2} s; speed-up {t1 / t2:.2f}; "
                      f"control (pure CPU) {c1:.1f} s / {c2:.1f} s: {c1 / c2:.2f}")  # fmt: skip
        finally:
            for w in (1, 2):
                probes[w].close()
                clusters[w].close()
        r1, r2 = results[1], results[2]
        diff = float(np.abs(r1.access - r2.access).max())
        print(f"road times on dask ({kind}): {len(lonlat):,} cells, {len(source.site_lonlat)} sites, {r2.pairs:,} pairs, "
              f"{len(parts)} partitions of {size} cells; speed-up of 2 workers over 1: median "
              f"{float(np.median(ratios)):.2f} over {rounds} rounds, the machine's own (control) "
              f"{float(np.median(controls)):.2f}; CPU balance of the 2 workers (total / busiest, the speed-up on two "
              f"free cores) {float(np.median(balances)):.2f} (max |difference| {diff:.1e})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-road", action="store_true", help="skip the road-time (dask, OSRM) part")
    parser.add_argument("--road-only", action="store_true", help="only the road-time (dask, OSRM) part")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of 1 then 2 workers (road part)")
    parser.add_argument("--clusters", choices=["local", "sessions", "both"], default="both",
                        help="road part: a LocalCluster, workers in sessions of their own (dask CLI), or both")  # fmt: skip
    args = parser.parse_args()
    warnings.simplefilter("default")
    if not args.road_only:
        cells, pairs, seconds, peak_gb = crow_fly_part()
    if not args.no_road:
        for kind in ("local", "sessions"):
            if args.clusters in (kind, "both"):
                road_part(args.rounds, separate_sessions=kind == "sessions")
    if not args.road_only:
        print(f"grid_cells={cells} pairs={pairs} seconds={seconds:.1f} peak_gb={peak_gb:.2f}")


if __name__ == "__main__":
    main()
