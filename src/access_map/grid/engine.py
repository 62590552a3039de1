"""The APL between grid cells and practice sites, partitioned: bounded memory, in process or on dask.

A national grid has about 2.3 million populated 200 m cells: the pairs (cell, site) within 20 minutes
run to hundreds of millions and never fit a long table of codes. Here cells and sites are integer
positions with coordinates, and the two FCA steps are sums over **partitions** of cells (spatially compact
blocks, :func:`partition_cells`):

* pairs of a partition (:class:`CrowFlyPairs`: cKDTree within the model's radius; :class:`RoadPairs`:
  OSRM tables from the cells to the sites within ``max_minutes`` at 130 km/h as the crow flies), their
  decay weights;
* step 1, per partition: ``D_j += Σ_i f(t_ij) P_i`` (a vector over the sites), summed over partitions;
  ``R_j = S_j / D_j``;
* step 2, per partition: ``A_i = Σ_j f(t_ij) R_j`` for its cells.

Only one partition's pairs are in memory at a time in process (crow-fly pairs are generated again for
step 2: cheaper than keeping them); on dask (:mod:`access_map.grid.distributed`) the same functions run as
tasks. The result equals :func:`access_map.apl.compute_apl` on the long table of the same pairs (tested to
1e-9).

Examples
--------
>>> import numpy as np
>>> from access_map.decay import DREES_GP_DECAY
>>> from access_map.travel import CrowFlyModel
>>> cells = np.array([[0.0, 0.0], [5000.0, 0.0]]); sites = np.array([[0.0, 0.0]])
>>> pairs = CrowFlyPairs(cells, sites, model=CrowFlyModel(), max_minutes=20.0)
>>> result = partitioned_fca(pairs, demand=np.array([100.0, 300.0]), supply=np.array([400.0]),
...                          decay=DREES_GP_DECAY, max_minutes=20.0, include_max=False)
>>> result.access.round(6).tolist(), result.pairs   # 5 km: 2 + 6.6 = 8.6 min -> weight 1: R = 400 / 400
([1.0, 1.0], 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy.spatial import cKDTree

from ..decay import Decay
from ..errors import InvalidValueError
from ..messages import grid as msg
from ..travel.crowfly import CrowFlyModel

__all__ = [
    "PairSource",
    "CrowFlyPairs",
    "RoadPairs",
    "partition_cells",
    "partition_weights",
    "step1",
    "step2",
    "supply_ratio",
    "FCAResult",
    "partitioned_fca",
]

#: Cells per partition by default: ≈ 50 MB of crow-fly pairs in a dense city, a few seconds of OSRM.
DEFAULT_CELLS_PER_PARTITION = 20_000
#: Side of the square blocks that order cells into compact partitions (metres).
BLOCK_M = 10_000.0


class PairSource(Protocol):
    """Something that gives the (cell, site, minutes) pairs of a partition of cells."""

    #: Whether pairs are cheap enough to generate again for step 2 instead of keeping them.
    cheap: bool

    def pairs(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(i, j, minutes)`` for the cells at positions ``cells``; ``i`` indexes ``cells`` (0…len-1)."""
        ...


@dataclass(frozen=True, eq=False)
class CrowFlyPairs:
    """Crow-fly pairs ``minutes = a + b × km`` between cell points and site points (projected, metres).

    Every pair within ``max_minutes`` is found with :class:`scipy.spatial.cKDTree` (the radius of
    :meth:`~access_map.travel.CrowFlyModel.radius_km` plus a micrometre; the time rule decides on the radius).
    """

    cell_xy: np.ndarray
    site_xy: np.ndarray
    model: CrowFlyModel
    max_minutes: float
    cheap: bool = True
    _tree: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cell_xy", np.ascontiguousarray(self.cell_xy, dtype=float))
        object.__setattr__(self, "site_xy", np.ascontiguousarray(self.site_xy, dtype=float))
        object.__setattr__(self, "_tree", cKDTree(self.site_xy) if len(self.site_xy) else None)

    def pairs(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        radius_km = self.model.radius_km(self.max_minutes)
        if self._tree is None or len(cells) == 0 or radius_km < 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, np.empty(0)
        found = cKDTree(self.cell_xy[cells]).sparse_distance_matrix(
            self._tree, radius_km * 1000.0 + 1e-6, output_type="ndarray"
        )
        minutes = self.model.intercept_minutes + self.model.minutes_per_km * (found["v"] / 1000.0)
        keep = minutes <= self.max_minutes + 1e-9
        return found["i"][keep].astype(np.int64), found["j"][keep].astype(np.int64), minutes[keep]


@dataclass(frozen=True, eq=False)
class RoadPairs:
    """Road times with OSRM in process (``routing`` extra) from cell points to site points (lon/lat).

    The sites asked for are those within ``max_minutes × max_speed_kmh`` as the crow flies of a cell (no car
    trip is faster: :data:`access_map.travel.osrm_local.MAX_SPEED_KMH`); requests carry ``sources_per_request``
    cells and those sites. The OSRM engine is opened once per process (a dask worker included).
    """

    cell_lonlat: np.ndarray
    site_lonlat: np.ndarray
    graph: str
    max_minutes: float
    max_speed_kmh: float = 130.0
    sources_per_request: int = 256
    cheap: bool = False

    def pairs(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        from ..travel.osrm_local import _engine, _table, _xyz

        empty = np.empty(0, dtype=np.int64)
        if len(cells) == 0 or len(self.site_lonlat) == 0:
            return empty, empty, np.empty(0)
        engine = _engine(self.graph)
        radius_m = self.max_minutes / 60.0 * self.max_speed_kmh * 1000.0
        site_tree = cKDTree(_xyz(self.site_lonlat))
        cell_xyz = _xyz(self.cell_lonlat[cells])
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for start in range(0, len(cells), self.sources_per_request):
            chunk = np.arange(start, min(start + self.sources_per_request, len(cells)))
            near = site_tree.query_ball_point(cell_xyz[chunk], r=radius_m)
            sites = np.unique(np.concatenate([np.asarray(n, dtype=np.int64) for n in near]))
            if len(sites) == 0:
                continue
            coords = np.vstack([self.cell_lonlat[cells[chunk]], self.site_lonlat[sites]])
            reply = _table(engine, coords, range(len(chunk)), range(len(chunk), len(coords)), distance=False)
            seconds = np.array(reply["durations"], dtype=float).reshape(len(chunk), len(sites))
            i = np.repeat(chunk, len(sites))
            j = np.tile(sites, len(chunk))
            minutes = seconds.ravel() / 60.0
            keep = np.isfinite(minutes) & (minutes <= self.max_minutes)
            parts.append((i[keep], j[keep], minutes[keep]))
        if not parts:
            return empty, empty, np.empty(0)
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )


def partition_cells(xy: np.ndarray, *, cells_per_partition: int = DEFAULT_CELLS_PER_PARTITION) -> list[np.ndarray]:
    """Positions of the cells grouped in spatially compact partitions (10 km blocks, in block order).

    Examples
    --------
    >>> xy = np.array([[0.0, 0.0], [50_000.0, 0.0], [100.0, 0.0]])
    >>> [p.tolist() for p in partition_cells(xy, cells_per_partition=2)]
    [[0, 2], [1]]
    """
    if cells_per_partition < 1:
        raise InvalidValueError(msg.partition_invalide(value=cells_per_partition))
    xy = np.asarray(xy, dtype=float)
    if len(xy) == 0:
        return []
    bx = np.floor((xy[:, 0] - xy[:, 0].min()) / BLOCK_M).astype(np.int64)
    by = np.floor((xy[:, 1] - xy[:, 1].min()) / BLOCK_M).astype(np.int64)
    order = np.lexsort((bx, by))
    return [np.sort(order[s : s + cells_per_partition]) for s in range(0, len(order), cells_per_partition)]


def partition_weights(
    source: PairSource, cells: np.ndarray, *, decay: Decay | None, max_minutes: float, include_max: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(i, j, weight)`` of a partition's pairs inside the catchment, with a positive weight.

    Examples
    --------
    >>> from access_map.decay import DREES_GP_DECAY
    >>> src = CrowFlyPairs(np.array([[0.0, 0.0]]), np.array([[0.0, 6100.0]]), model=CrowFlyModel(), max_minutes=20)
    >>> [a.round(4).tolist() for a in partition_weights(src, np.array([0]), decay=DREES_GP_DECAY,
    ...                                                   max_minutes=20, include_max=False)]
    [[0], [0], [0.6667]]
    """
    i, j, minutes = source.pairs(cells)
    inside = minutes <= max_minutes if include_max else minutes < max_minutes
    weight = decay(minutes[inside]) if decay is not None else np.ones(int(inside.sum()))
    i, j = i[inside], j[inside]
    positive = weight > 0
    return i[positive], j[positive], np.asarray(weight[positive], dtype=float)


def step1(weights: tuple[np.ndarray, np.ndarray, np.ndarray], demand: np.ndarray, n_sites: int) -> np.ndarray:
    """Demand reached by each site from one partition: ``Σ_i f(t_ij) P_i`` (``demand``: the partition's cells)."""
    i, j, w = weights
    return np.bincount(j, weights=w * demand[i], minlength=n_sites)


def supply_ratio(supply: np.ndarray, reached: np.ndarray) -> np.ndarray:
    """``R_j = S_j / D_j`` (0 where no demand is reached)."""
    ratio: np.ndarray = np.divide(supply, reached, out=np.zeros_like(supply, dtype=float), where=reached > 0)
    return ratio


def step2(weights: tuple[np.ndarray, np.ndarray, np.ndarray], ratio: np.ndarray, n_cells: int) -> np.ndarray:
    """Access of a partition's cells: ``Σ_j f(t_ij) R_j``."""
    i, j, w = weights
    return np.bincount(i, weights=w * ratio[j], minlength=n_cells)


@dataclass(frozen=True)
class FCAResult:
    """Access per cell (in the cells' order), with what the computation saw.

    ``lost_sites``: positions of the sites with supply that reach no demand (their supply is left out).
    """

    access: np.ndarray
    reached: np.ndarray
    pairs: int
    partitions: int
    lost_sites: np.ndarray


def _check(demand: np.ndarray, supply: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(demand, dtype=float)
    s = np.asarray(supply, dtype=float)
    for name, values in (("demande", p), ("offre", s)):
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            raise InvalidValueError(msg.valeurs_negatives(what=name, count=int(bad.sum())))
    if not p.any():
        raise InvalidValueError(msg.demande_nulle(cells=len(p)))
    return p, s


def partitioned_fca(
    source: PairSource,
    *,
    demand: np.ndarray,
    supply: np.ndarray,
    decay: Decay | None,
    max_minutes: float,
    include_max: bool,
    partitions: Sequence[np.ndarray] | None = None,
    cells_per_partition: int = DEFAULT_CELLS_PER_PARTITION,
    progress: Callable[[str, int, int], None] | None = None,
) -> FCAResult:
    """Two-step FCA over partitions of cells, in this process (see the module notes).

    Parameters
    ----------
    source
        :class:`CrowFlyPairs` or :class:`RoadPairs` (cells and sites in the order of ``demand``/``supply``).
    demand, supply
        Per cell and per site (non-negative).
    decay, max_minutes, include_max
        The catchment (an :class:`~access_map.apl.APLParams` gives them).
    partitions
        Positions of the cells of each partition; default :func:`partition_cells` on the source's cells.
    progress
        Called with (step, partition done, partitions).

    Returns
    -------
    FCAResult
    """
    p, s = _check(demand, supply)
    parts = (
        list(partitions)
        if partitions is not None
        else partition_cells(_cell_xy(source), cells_per_partition=cells_per_partition)
    )
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = []
    reached = np.zeros(len(s))
    n_pairs = 0
    for cells in _iterate(parts, progress, "paires et étape 1"):
        w = partition_weights(source, cells, decay=decay, max_minutes=max_minutes, include_max=include_max)
        n_pairs += len(w[0])
        reached += step1(w, p[cells], len(s))
        kept.append(None if source.cheap else w)
    ratio = supply_ratio(s, reached)
    access = np.zeros(len(p))
    for k, cells in enumerate(_iterate(parts, progress, "étape 2")):
        stored = kept[k]
        w = (
            stored
            if stored is not None
            else partition_weights(source, cells, decay=decay, max_minutes=max_minutes, include_max=include_max)
        )
        access[cells] = step2(w, ratio, len(cells))
        kept[k] = None
    lost = np.flatnonzero((s > 0) & ~(reached > 0))
    return FCAResult(access=access, reached=reached, pairs=n_pairs, partitions=len(parts), lost_sites=lost)


def _cell_xy(source: PairSource) -> np.ndarray:
    for name in ("cell_xy", "cell_lonlat"):
        value = getattr(source, name, None)
        if value is not None:
            xy = np.asarray(value, dtype=float)
            if name == "cell_lonlat":  # blocks of ~10 km in degrees at French latitudes
                return np.column_stack([xy[:, 0] * 80_000.0, xy[:, 1] * 111_000.0])
            return xy
    raise InvalidValueError(msg.partition_sans_cellules())


def _iterate(
    parts: Sequence[np.ndarray], progress: Callable[[str, int, int], None] | None, step: str
) -> Iterator[np.ndarray]:
    for k, cells in enumerate(parts):
        yield cells
        if progress is not None:
            progress(step, k + 1, len(parts))
