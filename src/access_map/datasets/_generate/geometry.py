"""The shapes of the territory: its outline, the commune seeds and cells, their adjacency, contiguous groups."""

from __future__ import annotations

import heapq

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon

from .constants import _CENTER, _N_COMMUNES


def _outline(rng: np.random.Generator) -> Polygon:
    theta = np.linspace(0, 2 * np.pi, 181)[:-1]
    radius = np.full_like(theta, 52_000.0)
    for k in range(2, 7):
        radius *= 1 + rng.uniform(0.02, 0.07) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    xy = _CENTER + np.c_[radius * np.cos(theta) * 1.15, radius * np.sin(theta) * 0.9]
    return shapely.set_precision(Polygon(np.round(xy)), 1.0)


def _seed_points(rng: np.random.Generator, outline: Polygon, towns: np.ndarray) -> np.ndarray:
    minx, miny, maxx, maxy = outline.bounds
    pts: list[np.ndarray] = []
    tree_pts = np.empty((0, 2))
    tries = 0
    while len(pts) < _N_COMMUNES:
        tries += 1
        if rng.random() < 0.22:
            c = towns[rng.integers(len(towns))]
            p = c + rng.normal(0, 7_000, 2)
        else:
            p = np.array([rng.uniform(minx, maxx), rng.uniform(miny, maxy)])
        if not outline.contains(Point(p)):
            continue
        dist_town = np.min(np.hypot(*(towns - p).T))
        dmin = 1_600 + 1_500 * (1 - np.exp(-dist_town / 9_000))
        if len(tree_pts) and np.min(np.hypot(*(tree_pts - p).T)) < dmin:
            if tries < 200_000:
                continue
        pts.append(np.round(p))
        tree_pts = np.vstack([tree_pts, np.round(p)])
    return np.array(pts)


def _voronoi_cells(points: np.ndarray, outline: Polygon) -> list:
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline, ordered=True)
    out = []
    for cell in cells.geoms:
        g = shapely.set_precision(shapely.intersection(cell, outline), 1.0)
        out.append(g)
    return out


def _adjacency(cells: list) -> list[set[int]]:
    tree = shapely.STRtree(cells)
    left, right = tree.query(cells, predicate="intersects")
    adj: list[set[int]] = [set() for _ in cells]
    for a, b in zip(left.tolist(), right.tolist()):
        if a != b and cells[a].intersection(cells[b]).length > 0:
            adj[a].add(b)
            adj[b].add(a)
    return adj


def _grow_regions(seeds: list[int], xy: np.ndarray, adj: list[set[int]]) -> np.ndarray:
    """Multi-source Dijkstra on the adjacency graph: contiguous groups around ``seeds``."""
    label = np.full(len(xy), -1)
    heap = [(0.0, s, k) for k, s in enumerate(seeds)]
    heapq.heapify(heap)
    while heap:
        d, node, k = heapq.heappop(heap)
        if label[node] != -1:
            continue
        label[node] = k
        for nb in adj[node]:
            if label[nb] == -1:
                heapq.heappush(heap, (float(np.hypot(*(xy[nb] - xy[seeds[k]]))), nb, k))
    return label
