"""Tiles of an origin x destination matrix for OSRM's table service (HTTP or in process).

Each tile is ``(source indices, destination indices, shared)``: the request carries at most
``max_table_size`` coordinates; ``shared`` means sources and destinations are the same points (sent once).
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def _chunks(n_sources: int, n_destinations: int, max_table_size: int) -> tuple[int, int]:
    """Chunk sizes (sources, destinations) with sources + destinations <= max_table_size."""
    if n_sources + n_destinations <= max_table_size:
        return n_sources, n_destinations
    half = max_table_size // 2
    if n_sources <= half:
        return n_sources, max_table_size - n_sources
    if n_destinations <= half:
        return max_table_size - n_destinations, n_destinations
    return half, max_table_size - half


Tile = tuple[np.ndarray, np.ndarray, bool]


def _full_tiles(n_origins: int, n_destinations: int, max_table_size: int, *, square: bool) -> list[Tile]:
    """Tiles covering the whole origin x destination matrix.

    ``square``: origins and destinations are the same points; tiles are square and
    a diagonal tile sends its points once, so up to ``max_table_size`` points fit in one request.
    """
    if square:
        n_src = n_dst = n_origins if n_origins <= max_table_size else max_table_size // 2
    else:
        n_src, n_dst = _chunks(n_origins, n_destinations, max_table_size)
    tiles = []
    for s0 in range(0, n_origins, max(n_src, 1)):
        s_idx = np.arange(s0, min(s0 + n_src, n_origins))
        for d0 in range(0, n_destinations, max(n_dst, 1)):
            d_idx = np.arange(d0, min(d0 + n_dst, n_destinations))
            tiles.append((s_idx, d_idx, square and s0 == d0))
    return tiles


def _near_tiles(
    o_xy: np.ndarray,
    d_xy: np.ndarray,
    *,
    max_crow_km: float,
    max_table_size: int,
    sources_per_tile: int | None = None,
) -> list[Tile]:
    """Tiles covering only the pairs within ``max_crow_km``: spatially compact groups of origins
    (kd-tree leaf order) with the destinations near any of them.

    Coordinates are in metres (2 or 3 columns). A group holds ``sources_per_tile`` origins
    (default a quarter of ``max_table_size``: a group's neighbourhood is larger than the group).
    """
    n_src = max(1, sources_per_tile if sources_per_tile is not None else max_table_size // 4)
    order = cKDTree(o_xy, leafsize=max(n_src // 2, 1)).indices  # points grouped by kd-tree leaf
    d_tree = cKDTree(d_xy)
    tiles = []
    for s0 in range(0, len(order), n_src):
        s_idx = np.sort(order[s0 : s0 + n_src])
        near = d_tree.query_ball_point(o_xy[s_idx], r=max_crow_km * 1000.0)
        dests = np.unique(np.concatenate([np.asarray(n, dtype=np.intp) for n in near]))
        n_dst = max_table_size - len(s_idx)
        for d0 in range(0, len(dests), n_dst):
            tiles.append((s_idx, dests[d0 : d0 + n_dst], False))
    return tiles
