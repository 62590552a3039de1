"""Road times with OSRM in process on a synthetic département-like road network written by this script.

The network (an OpenStreetMap XML file, written to a temporary folder):

* ``--towns`` towns (5,000) scattered at random over a ``--size-km`` square (160 km: 25,600 km²,
  19.5 towns per 100 km², the density of the densest French départements);
* roads as in a real network, a hierarchy rather than a lattice: every town is joined to its
  neighbours by the *relative neighbourhood graph* of the towns (planar, average degree ≈ 2.5, like
  rural road networks; tagged ``tertiary``/``secondary``, 80 km/h); the 5 % largest towns are joined by
  their own neighbourhood graph as ``primary`` roads (90 km/h), the 1 % largest by ``motorway`` (130 km/h;
  junctions only at those towns); roads meander (a sinusoid of 3 % of their length) and carry a shape node every
  ``--step-m`` metres (10 m), as OSM ways do;
* in each town ``--streets`` residential streets of ``--street-m`` metres: a spine leaving the centre and
  side streets branching off it (T junctions, as real streets; not all meeting at one node);
* commune points: each town centre moved 10–40 m off its road (OSRM snaps them back).

A pure lattice is the worst case of contraction hierarchies (a 4,000-crossing grid takes minutes
to contract, a real network of a million nodes seconds), hence the hierarchy above.

Measured: graph build (osrm-extract + osrm-contract, wall time and peak memory of the two tools),
the in-process table of every pair within ``--max-minutes`` (30: wall time, pairs per second, peak
memory of this process), the number of pairs computed (those inside the 130 km/h crow-fly
pre-filter) and kept. Targets (issue 13): 5,000 communes with every pair within 30 minutes in
< 60 s on 2 cores, graph build < 2 min.

Run (the machine is shared: take the lock): ``flock /tmp/bench.lock .venv/bin/python benchmarks/bench_road.py``
(``--towns 600`` for a quick run). The last line is
``build_seconds=… table_seconds=… pairs_per_second=… peak_table_mb=… peak_build_mb=…``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import TextIO

import numpy as np
from scipy.spatial import Delaunay, cKDTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

#: Centre of the synthetic territory (longitude, latitude): the middle of mainland France.
CENTRE = (2.5, 46.5)
KM_PER_DEG_LAT = 111.2
#: French speed limits (km/h) tagged on the roads: 80 on two-lane rural roads since 2018, 130 on motorways
#: (OSRM's car profile drives at 0.8 x a maxspeed tag).
MAXSPEED = {"tertiary": 80, "secondary": 80, "primary": 90, "motorway": 130}


def towns(n: int, *, size_km: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Town positions (km, origin at the centre of the square) and sizes (Pareto, for the road classes)."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-size_km / 2, size_km / 2, (n, 2))
    size = rng.pareto(1.2, n) + 1.0
    return xy, size


def neighbourhood_graph(xy: np.ndarray) -> np.ndarray:
    """Edges (i, j) of the relative neighbourhood graph: no third point closer to both ends than they are."""
    if len(xy) < 2:
        return np.empty((0, 2), dtype=np.intp)
    if len(xy) == 2:
        return np.array([[0, 1]])
    tri = Delaunay(xy)
    edges = np.unique(
        np.sort(np.vstack([tri.simplices[:, [a, b]] for a, b in ((0, 1), (1, 2), (0, 2))]), axis=1), axis=0
    )
    tree = cKDTree(xy)
    length = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    keep = np.ones(len(edges), dtype=bool)
    for k, ((i, j), d) in enumerate(zip(edges, length)):
        for w in tree.query_ball_point(xy[i], d * (1 - 1e-9)):
            if w != i and w != j and np.hypot(*(xy[w] - xy[j])) < d * (1 - 1e-9):
                keep[k] = False
                break
    return edges[keep]


def to_lonlat(xy_km: np.ndarray, centre: tuple[float, float] = CENTRE) -> np.ndarray:
    """Kilometres east/north of ``centre`` to longitude/latitude (equirectangular: fine over ~200 km)."""
    lat = centre[1] + xy_km[:, 1] / KM_PER_DEG_LAT
    lon = centre[0] + xy_km[:, 0] / (KM_PER_DEG_LAT * math.cos(math.radians(centre[1])))
    return np.column_stack([lon, lat])


def to_km(lonlat: np.ndarray, centre: tuple[float, float] = CENTRE) -> np.ndarray:
    """Inverse of :func:`to_lonlat`."""
    x = (lonlat[:, 0] - centre[0]) * KM_PER_DEG_LAT * math.cos(math.radians(centre[1]))
    return np.column_stack([x, (lonlat[:, 1] - centre[1]) * KM_PER_DEG_LAT])


class OsmWriter:
    """Streams nodes and ways to an OSM XML file; node ids are allocated in order."""

    def __init__(self, handle: TextIO, centre: tuple[float, float]) -> None:
        self.handle = handle
        self.centre = centre
        self.next_node = 1
        self.next_way = 1
        self.nodes = 0
        self.km = 0.0
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="access_map bench_road">\n')

    def add_nodes(self, xy_km: np.ndarray) -> np.ndarray:
        ids = np.arange(self.next_node, self.next_node + len(xy_km))
        ll = to_lonlat(xy_km, self.centre)
        self.handle.write(
            "".join(
                f' <node id="{i}" version="1" lat="{la:.7f}" lon="{lo:.7f}"/>\n'
                for i, (lo, la) in zip(ids.tolist(), ll.tolist())
            )
        )
        self.next_node += len(xy_km)
        self.nodes += len(xy_km)
        return ids

    def add_way(self, node_ids: np.ndarray, highway: str) -> None:
        refs = "".join(f'<nd ref="{i}"/>' for i in node_ids.tolist())
        tags = f'<tag k="highway" v="{highway}"/>'
        if highway in MAXSPEED:
            tags += f'<tag k="maxspeed" v="{MAXSPEED[highway]}"/>'
        self.handle.write(f' <way id="{self.next_way}" version="1">{refs}{tags}</way>\n')
        self.next_way += 1

    def close(self) -> None:
        self.handle.write("</osm>\n")


def _road(
    writer: OsmWriter,
    a: np.ndarray,
    b: np.ndarray,
    ends: tuple[int, int],
    highway: str,
    step_m: float,
    rng: np.random.Generator,
) -> None:
    """A meandering road from town node ``ends[0]`` (at ``a``) to ``ends[1]`` (at ``b``) with shape nodes."""
    length = float(np.hypot(*(b - a)))
    n = max(int(length * 1000 / step_m), 1)
    t = np.linspace(0.0, 1.0, n + 1)[1:-1]
    normal = np.array([-(b - a)[1], (b - a)[0]]) / max(length, 1e-9)
    wiggle = 0.03 * length * np.sin(np.pi * t * rng.integers(1, 4)) * rng.choice([-1.0, 1.0])
    inner = a + np.outer(t, b - a) + np.outer(wiggle, normal)
    ids = writer.add_nodes(inner) if len(inner) else np.empty(0, dtype=np.int64)
    writer.add_way(np.concatenate([[ends[0]], ids, [ends[1]]]), highway)
    writer.km += length * 1.005


def write_network(
    path: Path,
    xy: np.ndarray,
    size: np.ndarray,
    *,
    step_m: float = 10.0,
    streets: int = 6,
    street_m: float = 250.0,
    seed: int = 0,
    centre: tuple[float, float] = CENTRE,
) -> dict[str, float]:
    """Write the road network joining towns at ``xy`` (km east/north of ``centre``) to an OSM XML file.

    Returns its statistics (``nodes``, ``ways``, ``road_km``). ``streets=0``: no residential streets.
    """
    rng = np.random.default_rng(seed)
    order = np.argsort(-size)
    with open(path, "w", encoding="utf-8") as handle:
        writer = OsmWriter(handle, centre)
        town_ids = writer.add_nodes(xy)
        levels = [("tertiary", np.arange(len(xy)))]
        if len(xy) >= 40:
            levels.append(("primary", np.sort(order[: max(len(xy) // 20, 3)])))
        if len(xy) >= 200:
            levels.append(("motorway", np.sort(order[: max(len(xy) // 100, 3)])))
        for highway, members in levels:
            for i, j in neighbourhood_graph(xy[members]):
                u, v = members[i], members[j]
                tag = highway
                if highway == "tertiary" and max(size[u], size[v]) > 3.0:
                    tag = "secondary"
                _road(writer, xy[u], xy[v], (town_ids[u], town_ids[v]), tag, step_m, rng)
        for k in range(
            len(xy) if streets > 0 else 0
        ):  # a residential spine from the town centre, side streets off it (T junctions)
            angle = rng.uniform(0, 2 * np.pi)
            direction = np.array([np.cos(angle), np.sin(angle)])
            n = max(int(street_m / step_m), streets)
            spine = xy[k] + np.outer(np.linspace(0, 1, n + 1)[1:], direction * street_m / 1000)
            spine_ids = writer.add_nodes(spine)
            writer.add_way(np.concatenate([[town_ids[k]], spine_ids]), "residential")
            side = np.array([-direction[1], direction[0]])
            for s in range(1, streets):
                at = spine_ids[s * n // streets - 1]
                base = spine[s * n // streets - 1]
                sign = 1.0 if s % 2 else -1.0
                pts = base + np.outer(np.linspace(0, 1, n + 1)[1:], sign * side * street_m / 1000)
                writer.add_way(np.concatenate([[at], writer.add_nodes(pts)]), "residential")
            writer.km += streets * street_m / 1000
        writer.close()
    return {"nodes": writer.nodes, "ways": writer.next_way - 1, "road_km": writer.km}


def commune_points(xy: np.ndarray, *, seed: int) -> object:
    """Town centres moved 10-40 m off the road, as a GeoDataFrame indexed by INSEE-like codes."""
    import geopandas as gpd
    import pandas as pd

    rng = np.random.default_rng(seed + 1)
    angle = rng.uniform(0, 2 * np.pi, len(xy))
    offset = rng.uniform(0.010, 0.040, len(xy))
    moved = to_lonlat(xy + np.column_stack([np.cos(angle), np.sin(angle)]) * offset[:, None])
    codes = pd.Index([f"{k + 1:05d}" for k in range(len(xy))], name="code_commune")
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(moved[:, 0], moved[:, 1]), index=codes, crs=4326)


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, default=5000)
    parser.add_argument("--size-km", type=float, default=160.0)
    parser.add_argument("--max-minutes", type=float, default=30.0)
    parser.add_argument("--step-m", type=float, default=10.0)
    parser.add_argument("--streets", type=int, default=6)
    parser.add_argument("--street-m", type=float, default=250.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder and keep the network and graph.")
    args = parser.parse_args()

    from access_map.travel import build_osrm_graph, road_times

    with tempfile.TemporaryDirectory(prefix="bench_road_") as tmp:
        folder = Path(tmp) if args.keep is None else args.keep
        folder.mkdir(parents=True, exist_ok=True)
        xy, size = towns(args.towns, size_km=args.size_km, seed=args.seed)
        t0 = time.perf_counter()
        stats = write_network(
            folder / "network.osm",
            xy,
            size,
            step_m=args.step_m,
            streets=args.streets,
            street_m=args.street_m,
            seed=args.seed,
        )
        write_s = time.perf_counter() - t0
        mb = (folder / "network.osm").stat().st_size / 1e6
        print(
            f"network: {args.towns:,} towns on {args.size_km:g} x {args.size_km:g} km, {stats['nodes']:,.0f} OSM nodes, "
            f"{stats['ways']:,.0f} ways, {stats['road_km']:,.0f} km of road, {mb:,.0f} MB of XML written in {write_s:.1f} s"
        )
        t0 = time.perf_counter()
        graph = build_osrm_graph(folder / "network.osm", cache_dir=folder / "cache", threads=args.threads)
        build_s = time.perf_counter() - t0
        build_mb = _peak_mb(resource.RUSAGE_CHILDREN)
        steps = json.loads((graph.path.parent / "graph.json").read_text())["step_seconds"]
        if graph.cached:  # --keep with an unchanged network: report the first build
            build_s = graph.build_seconds
        print(
            f"graph build (osrm-extract {steps['osrm-extract']:.1f} s + osrm-contract {steps['osrm-contract']:.1f} s, "
            f"CH): {build_s:.1f} s{' (cached: first build)' if graph.cached else ''}, "
            f"peak memory of the tools {build_mb:,.0f} MB"
        )

        points = commune_points(xy, seed=args.seed)
        before_mb = _peak_mb(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            times = road_times(points, graph=graph, max_minutes=args.max_minutes)
        table_s = time.perf_counter() - t0
        table_mb = _peak_mb(resource.RUSAGE_SELF)
        for w in caught:
            print(f"warning: {w.message}")
        kept = int((times["origin"] != times["destination"]).sum())
        radius_km = args.max_minutes / 60 * 130.0
        candidates = len(cKDTree(xy).query_pairs(radius_km)) * 2  # ordered pairs inside the pre-filter (approx.)
        per_commune = kept / args.towns
        print(
            f"table: {kept:,} ordered pairs within {args.max_minutes:g} min ({per_commune:,.0f} per commune; "
            f"~{candidates:,} pairs inside the {radius_km:.0f} km pre-filter) in {table_s:.1f} s: "
            f"{kept / table_s:,.0f} pairs/s kept, {candidates / table_s:,.0f} pairs/s routed; "
            f"peak memory of this process {table_mb:,.0f} MB (before the table {before_mb:,.0f} MB)"
        )
        print(
            f"targets: table < 60 s {'OK' if table_s < 60 else 'MISSED'}, "
            f"build < 120 s {'OK' if build_s < 120 else 'MISSED'}"
        )
        print(
            f"build_seconds={build_s:.1f} table_seconds={table_s:.1f} pairs_per_second={kept / table_s:.0f} "
            f"peak_table_mb={table_mb:.0f} peak_build_mb={build_mb:.0f}"
        )


if __name__ == "__main__":
    main()
