"""Road travel times in process: OSRM's ``table`` service on a graph built by :mod:`.osrm_graph`.

:func:`road_times` opens the graph with :class:`osrm.OSRM` (``osrm-bindings``: the
OSRM engine as a Python extension; no server) and returns the standard long table
``origin, destination, minutes`` plus ``km`` (road distance). Steps:

1. **snap** every commune point to the road network (:func:`snap_points`); points
   farther than ``max_snap_m`` from any road are reported and left out of routing;
2. **pre-filter** the pairs: a trip of ``max_minutes`` cannot cover more than
   ``max_minutes × max_speed_kmh`` as the crow flies (130 km/h: the French motorway
   limit, never exceeded by OSRM's car profile), so only pairs of snapped points
   within that distance are asked for — safe for the catchment by construction;
3. **route** them through OSRM's many-to-many table, in tiles of spatially compact
   origins with the destinations near them, with a progress bar.
"""

from __future__ import annotations

import logging
import math
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validate import describe_values
from ..errors import InvalidValueError, SourceError
from ..extras import require_routing
from ..messages import travel as T
from ..messages import validation as M
from ._common import _lonlat
from ._tiles import Tile, _near_tiles
from .osrm_graph import OSRMGraph

__all__ = ["MAX_SPEED_KMH", "ROAD_COLUMNS", "SNAP_COLUMNS", "snap_points", "road_times"]

logger = logging.getLogger(__name__)

#: Fastest average road speed (km/h) assumed by the crow-fly pre-filter: the French motorway
#: limit (Code de la route, art. R413-2). OSRM's car profile drives at most 0.8 x a 130 km/h
#: ``maxspeed`` tag, so no car trip is faster; raise it for a custom profile that can be.
MAX_SPEED_KMH: float = 130.0

#: Columns of :func:`road_times`.
ROAD_COLUMNS: tuple[str, ...] = ("origin", "destination", "minutes", "km")

#: Columns of :func:`snap_points` (index ``code_commune``).
SNAP_COLUMNS: tuple[str, ...] = ("lon", "lat", "snapped_lon", "snapped_lat", "snap_m", "road")

_EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), as OSRM's haversine
_SNAP_CHUNK = 1000


def _graph_path(graph: OSRMGraph | str | os.PathLike[str]) -> str:
    path = graph.path if isinstance(graph, OSRMGraph) else Path(graph).expanduser()
    text = str(path)
    if not Path(text + ".hsgr").is_file():
        raise SourceError(M.graphe_osrm_absent(chemin=text, manquant=f"{Path(text).name}.hsgr"))
    return text


@lru_cache(maxsize=2)
def _engine(path: str) -> Any:
    """The OSRM engine on a graph (loaded once per process and graph)."""
    osrm = require_routing()
    try:
        return osrm.OSRM(storage_config=path, algorithm="CH", use_shared_memory=False)
    except RuntimeError as exc:
        raise SourceError(M.graphe_osrm_absent(chemin=path, manquant=f"un fichier lisible ({exc})")) from exc


def _table(engine: Any, coords: np.ndarray, sources: range, destinations: range, *, distance: bool) -> Any:
    osrm = require_routing()
    params = osrm.TableParameters(
        coordinates=[(float(x), float(y)) for x, y in coords],
        sources=list(sources),
        destinations=list(destinations),
        annotations=["duration", "distance"] if distance else ["duration"],
    )
    try:
        return engine.Table(params)
    except RuntimeError as exc:  # e.g. coordinates out of range
        raise SourceError(f"OSRM table request failed: {exc}") from exc


def _xyz(lonlat: np.ndarray) -> np.ndarray:
    """Points on a sphere of the Earth's mean radius (metres): chords are never longer than arcs."""
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return _EARTH_RADIUS_M * np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _snap(engine: Any, codes: np.ndarray, lonlat: np.ndarray) -> pd.DataFrame:
    """Snapping as OSRM's table service does it (nearest road of the main network), per point."""
    rows: list[tuple[float, float, float, str]] = []
    for start in range(0, len(lonlat), _SNAP_CHUNK):
        chunk = lonlat[start : start + _SNAP_CHUNK]
        if len(chunk) == 1:  # a table needs two coordinates; the same point twice snaps alike
            chunk = np.vstack([chunk, chunk])
        reply = _table(engine, chunk, range(len(chunk)), range(1), distance=False)
        for waypoint in list(reply["sources"])[: len(lonlat) - start]:
            loc = waypoint["location"]
            rows.append((float(loc[0]), float(loc[1]), float(waypoint["distance"]), str(waypoint["name"])))
    snapped = np.array([r[:3] for r in rows], dtype=float).reshape(-1, 3)
    out = pd.DataFrame(
        {
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
            "snapped_lon": snapped[:, 0],
            "snapped_lat": snapped[:, 1],
            "snap_m": snapped[:, 2],
            "road": pd.array([r[3] for r in rows], dtype="str"),
        },
        index=pd.Index(codes.astype(str), name="code_commune"),
    )
    return out


def snap_points(
    points: Any, graph: OSRMGraph | str | os.PathLike[str], *, code_column: str | None = None
) -> pd.DataFrame:
    """Where OSRM puts each commune point on the road network, and how far it moved it.

    Parameters
    ----------
    points : GeoDataFrame
        Commune points (chefs-lieux or population-weighted centroids) in any CRS, indexed by
        INSEE code (or ``code_column``).
    graph : OSRMGraph or path
        A graph from :func:`~access_map.travel.osrm_graph.build_osrm_graph` (or its ``.osrm`` path).
    code_column : str, optional
        Column holding the INSEE code instead of the index.

    Returns
    -------
    DataFrame
        Index ``code_commune``; ``lon, lat`` (input, WGS84), ``snapped_lon, snapped_lat``,
        ``snap_m`` (metres from the input to the road) and ``road`` (its name, may be empty).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> pts = gpd.GeoDataFrame(geometry=[Point(7.42, 43.74)], index=["06012"], crs=4326)
    >>> try:
    ...     snap_points(pts, "/nonexistent/graph.osrm")
    ... except SourceError as e:
    ...     print(str(e)[:43])
    pas de graphe OSRM (hiérarchies de contract
    """
    engine = _engine(_graph_path(graph))
    codes, lonlat = _lonlat(points, code_column=code_column, what="commune points")
    if len(codes) == 0:
        return pd.DataFrame({c: [] for c in SNAP_COLUMNS}, index=pd.Index([], name="code_commune"))
    return _snap(engine, codes, lonlat)


def _check_parameters(max_minutes: float | None, max_snap_m: float | None, max_speed_kmh: float, sources: int) -> None:
    for name, value in (("max_minutes", max_minutes), ("max_snap_m", max_snap_m)):
        if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
            raise InvalidValueError(T.nombre_invalide(nom=name, condition="un nombre fini ≥ 0 ou None", valeur=value))
    if not (math.isfinite(max_speed_kmh) and max_speed_kmh > 0):
        raise InvalidValueError(
            T.nombre_invalide(nom="max_speed_kmh", condition="un nombre fini > 0", valeur=max_speed_kmh)
        )
    if not isinstance(sources, int) or sources < 1:
        raise InvalidValueError(T.nombre_invalide(nom="sources_per_request", condition="un entier ≥ 1", valeur=sources))


def _reachable(snap: pd.DataFrame, max_snap_m: float | None, what: str, far_snap_m: float) -> np.ndarray:
    """Mask of points close enough to the network; warn about the far ones (code and distance)."""
    dist = snap["snap_m"].to_numpy()
    ok = np.ones(len(dist), dtype=bool) if max_snap_m is None else dist <= max_snap_m
    far = (dist > far_snap_m) | ~ok
    if far.any():
        order = np.argsort(-dist[far], kind="stable")
        shown = [f"{c} {d:,.0f} m" for c, d in zip(snap.index[far][order][:8], dist[far][order][:8])]
        n_out = int((~ok).sum())
        warnings.warn(
            T.loin_du_reseau(
                nombre_points=int(far.sum()),
                quoi=what,
                seuil_m=min(far_snap_m, max_snap_m or far_snap_m),
                exemples=describe_values(shown, max_shown=8),
                exclus=n_out,
                max_snap_m=max_snap_m,
            ),
            UserWarning,
            stacklevel=3,
        )
    return ok


def road_times(
    points: Any,
    *,
    graph: OSRMGraph | str | os.PathLike[str],
    max_minutes: float | None = 20.0,
    destinations: Any | None = None,
    code_column: str | None = None,
    max_snap_m: float | None = 2000.0,
    far_snap_m: float = 500.0,
    max_speed_kmh: float = MAX_SPEED_KMH,
    sources_per_request: int = 512,
    progress: bool = False,
) -> pd.DataFrame:
    """Road times between commune points with OSRM in process (no server), as the standard long table.

    Parameters
    ----------
    points : GeoDataFrame
        Origin commune points in any CRS (chefs-lieux by default in the CLI, or
        population-weighted centroids), indexed by INSEE code (or ``code_column``).
    graph : OSRMGraph or path
        Graph from :func:`~access_map.travel.osrm_graph.build_osrm_graph` (or its ``.osrm`` path).
    max_minutes : float or None
        Keep pairs with ``minutes <= max_minutes`` (20: the APL catchment); also sets the
        crow-fly pre-filter radius ``max_minutes / 60 × max_speed_kmh`` km. ``None``: every
        pair (all origins × all destinations: only for small sets).
    destinations : GeoDataFrame, optional
        Destination points; default: ``points`` themselves.
    code_column : str, optional
        Column holding the INSEE code instead of the index.
    max_snap_m : float or None
        Points farther than this from the road network (outside the extract, in the sea,
        wrong coordinates) are left out of routing and keep only their self pair; ``None``
        routes every point wherever it snaps.
    far_snap_m : float
        Points snapped farther than this are listed (code and distance) in a :class:`UserWarning`.
    max_speed_kmh : float
        Fastest possible average speed, for the pre-filter (see :data:`MAX_SPEED_KMH`).
    sources_per_request : int
        Origins per table request (the destinations are those within the radius of any of
        them); a performance setting only.
    progress : bool
        Show a tqdm progress bar over the requests (the CLI turns it on).

    Returns
    -------
    DataFrame
        ``origin``, ``destination`` (str), ``minutes``, ``km`` (road distance; float), sorted
        by origin then destination; a commune to itself is 0.0 min and 0.0 km. Pairs without
        a road route (islands, disconnected networks) are absent and counted in a warning.

    Raises
    ------
    SourceError
        No graph at ``graph``, or no point within ``max_snap_m`` of a road (the extract does
        not cover the points).
    CRSError, InvalidCodeError, InvalidValueError
        Points without a CRS, bad or duplicated codes, non-point geometries, bad parameters.
    MissingExtraError
        The OSRM engine (``pip install "access_map[routing]"``) is not installed.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> pts = gpd.GeoDataFrame(geometry=[Point(7.42, 43.74)], index=["06012"], crs=4326)
    >>> try:
    ...     road_times(pts, graph="/nonexistent/graph.osrm")
    ... except SourceError as e:
    ...     print(str(e)[:43])
    pas de graphe OSRM (hiérarchies de contract
    """
    _check_parameters(max_minutes, max_snap_m, max_speed_kmh, sources_per_request)
    engine = _engine(_graph_path(graph))
    o_codes, o_ll = _lonlat(points, code_column=code_column, what="commune points")
    same = destinations is None
    if same:
        d_codes, d_ll = o_codes, o_ll
    else:
        d_codes, d_ll = _lonlat(destinations, code_column=code_column, what="destination points")
    o_snap = _snap(engine, o_codes, o_ll) if len(o_codes) else None
    d_snap = o_snap if same else (_snap(engine, d_codes, d_ll) if len(d_codes) else None)
    o_ok = _reachable(o_snap, max_snap_m, "point(s)", far_snap_m) if o_snap is not None else np.zeros(0, bool)
    d_ok = (
        o_ok
        if same
        else (_reachable(d_snap, max_snap_m, T.DESTINATIONS, far_snap_m) if d_snap is not None else np.zeros(0, bool))
    )
    if len(o_codes) and len(d_codes) and not (o_ok.any() and d_ok.any()):
        raise SourceError(
            T.aucun_point_rattache(
                nombre_points=len(o_codes) if not o_ok.any() else len(d_codes),
                max_snap_m=float(max_snap_m or 0.0),
                graphe=_graph_path(graph),
            )
        )
    o_idx, d_idx = np.flatnonzero(o_ok), np.flatnonzero(d_ok)
    o_at = o_snap[["snapped_lon", "snapped_lat"]].to_numpy()[o_idx] if o_snap is not None else np.zeros((0, 2))
    d_at = d_snap[["snapped_lon", "snapped_lat"]].to_numpy()[d_idx] if d_snap is not None else np.zeros((0, 2))
    tiles = _tiles(o_at, d_at, max_minutes=max_minutes, max_speed_kmh=max_speed_kmh, sources=sources_per_request)
    # requests carry the input coordinates (OSRM snaps them again exactly as in the snapping pass, which
    # reproduces osrm-routed's answers); the snapped locations only serve the pre-filter
    routing = (o_ll[o_idx], d_ll[d_idx])
    oi, dj, minutes, km, unreachable = _route(
        engine, routing, (o_at, d_at), tiles, max_minutes, max_speed_kmh, progress
    )
    oi, dj = o_idx[oi], d_idx[dj]
    if unreachable[0]:
        warnings.warn(
            T.sans_itineraire(
                paires=unreachable[0],
                exemples=describe_values([f"{o_codes[a]}->{d_codes[b]}" for a, b in unreachable[1]], max_shown=3),
            ),
            UserWarning,
            stacklevel=2,
        )
    return _assemble(o_codes, d_codes, oi, dj, minutes, km, max_minutes)


def _tiles(
    o_at: np.ndarray, d_at: np.ndarray, *, max_minutes: float | None, max_speed_kmh: float, sources: int
) -> list[Tile]:
    if len(o_at) == 0 or len(d_at) == 0:
        return []
    if max_minutes is None:  # every pair: one group of origins against all destinations
        d_all = np.arange(len(d_at))
        return [(np.arange(s, min(s + sources, len(o_at))), d_all, False) for s in range(0, len(o_at), sources)]
    radius_km = max_minutes / 60.0 * max_speed_kmh
    return _near_tiles(
        _xyz(o_at), _xyz(d_at), max_crow_km=radius_km, max_table_size=sources + len(d_at), sources_per_tile=sources
    )


def _route(
    engine: Any,
    routing: tuple[np.ndarray, np.ndarray],
    snapped: tuple[np.ndarray, np.ndarray],
    tiles: list[Tile],
    max_minutes: float | None,
    max_speed_kmh: float,
    progress: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[int, list[tuple[int, int]]]]:
    """Run the table requests; return kept (origin, destination) positions, minutes, km and unreachable pairs."""
    o_ll, d_ll = routing
    o_xyz, d_xyz = _xyz(snapped[0]), _xyz(snapped[1])
    radius_m = math.inf if max_minutes is None else max_minutes / 60.0 * max_speed_kmh * 1000.0
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    n_unreachable, examples = 0, list[tuple[int, int]]()
    iterator: Any = tiles
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(tiles, desc="OSRM table (in process)", unit="request")
    for s_idx, t_idx, _ in iterator:
        coords = np.vstack([o_ll[s_idx], d_ll[t_idx]])
        reply = _table(engine, coords, range(len(s_idx)), range(len(s_idx), len(coords)), distance=True)
        seconds = np.array(reply["durations"], dtype=float).reshape(len(s_idx), len(t_idx))
        metres = np.array(reply["distances"], dtype=float).reshape(len(s_idx), len(t_idx))
        oi, dj = np.repeat(s_idx, len(t_idx)), np.tile(t_idx, len(s_idx))
        minutes, km = seconds.ravel() / 60.0, metres.ravel() / 1000.0
        near = np.linalg.norm(o_xyz[oi] - d_xyz[dj], axis=1) <= radius_m  # the exact pre-filter rule
        oi, dj, minutes, km = oi[near], dj[near], minutes[near], km[near]
        missing = np.isnan(minutes)
        if missing.any():
            n_unreachable += int(missing.sum())
            examples += list(zip(oi[missing][:3].tolist(), dj[missing][:3].tolist()))[: 3 - len(examples)]
        keep = ~missing if max_minutes is None else ~missing & (minutes <= max_minutes)
        parts.append((oi[keep], dj[keep], minutes[keep], km[keep]))
    if not parts:
        empty_i, empty_f = np.empty(0, dtype=np.intp), np.empty(0)
        return empty_i, empty_i, empty_f, empty_f, (0, [])
    cat = [np.concatenate([p[k] for p in parts]) for k in range(4)]
    return cat[0], cat[1], cat[2], cat[3], (n_unreachable, examples)


def _assemble(
    o_codes: np.ndarray,
    d_codes: np.ndarray,
    oi: np.ndarray,
    dj: np.ndarray,
    minutes: np.ndarray,
    km: np.ndarray,
    max_minutes: float | None,
) -> pd.DataFrame:
    """The long table: self pairs at 0 (added for every commune on both sides), sorted by codes."""
    o = o_codes[oi].astype(str)
    d = d_codes[dj].astype(str)
    is_self = o == d
    minutes = np.where(is_self, 0.0, minutes)
    km = np.where(is_self, 0.0, km)
    both = np.intersect1d(o_codes.astype(str), d_codes.astype(str))
    have = set(o[is_self].tolist())
    extra = np.array([c for c in both.tolist() if c not in have], dtype=object).astype(str)
    o = np.concatenate([o, extra])
    d = np.concatenate([d, extra])
    minutes = np.concatenate([minutes, np.zeros(len(extra))])
    km = np.concatenate([km, np.zeros(len(extra))])
    order = np.lexsort((d, o))
    return pd.DataFrame(
        {
            "origin": pd.array(o[order], dtype="str"),
            "destination": pd.array(d[order], dtype="str"),
            "minutes": minutes[order].astype(float),
            "km": km[order].astype(float),
        }
    )
