"""Crow-fly model of road times: ``minutes = a + b * crow-fly km`` between commune points.

Pairs are found with :class:`scipy.spatial.cKDTree`. The model underestimates times in mountains
and across estuaries (no bridge); calibrate it on your region with :mod:`access_map.travel.calibration`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .._validate import normalize_insee_codes, require_columns, require_projected_crs, to_numeric_column
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import travel as T
from ._common import _frame, _points_xy

__all__ = ["CrowFlyModel", "crow_fly_times", "crow_fly_times_local", "LOCAL_CRS", "local_crs", "crow_fly_km"]


@dataclass(frozen=True)
class CrowFlyModel:
    """Linear road-time model ``minutes = intercept_minutes + minutes_per_km * crow-fly km``.

    The defaults (2.0 min + 1.32 min/km, so 20 min ≈ 13.6 km) are a published
    French calibration (see ``methods.md`` §4). On the Gironde pairs of the
    DREES OSRM/Metric comparison up to 20 km crow-fly, a fresh fit gives
    about 0.7–1.4 min + 1.14–1.17 min/km and the defaults overestimate times
    by ≈ 3 min (MAE ≈ 4–5 min), so catchments come out somewhat smaller than
    with road times; over long distances the slope falls to ≈ 0.85–0.9 min/km
    (motorways). Calibrate your own with :func:`calibrate`.

    Parameters
    ----------
    intercept_minutes : float
        Fixed time per trip (access to the road network, start and stop).
    minutes_per_km : float
        Minutes per crow-fly kilometre (detour ≈ 1.3 at ≈ 60 km/h).

    Examples
    --------
    >>> m = CrowFlyModel()
    >>> round(m.minutes(10.0), 9)  # 2.0 + 1.32 * 10
    15.2
    >>> round(m.radius_km(20.0), 4)  # (20 - 2) / 1.32
    13.6364
    """

    intercept_minutes: float = 2.0
    minutes_per_km: float = 1.32

    def __post_init__(self) -> None:
        if not (math.isfinite(self.intercept_minutes) and self.intercept_minutes >= 0):
            raise InvalidValueError(
                T.nombre_invalide(
                    nom="intercept_minutes", condition="un nombre fini ≥ 0", valeur=self.intercept_minutes
                )
            )
        if not (math.isfinite(self.minutes_per_km) and self.minutes_per_km > 0):
            raise InvalidValueError(
                T.nombre_invalide(nom="minutes_per_km", condition="un nombre fini > 0", valeur=self.minutes_per_km)
            )

    def minutes(self, km: Any) -> Any:
        """Travel time in minutes between two *distinct* communes ``km`` crow-fly kilometres apart."""
        if np.ndim(km) == 0:
            return float(self.intercept_minutes + self.minutes_per_km * float(km))
        return self.intercept_minutes + self.minutes_per_km * np.asarray(km, dtype=float)

    def radius_km(self, max_minutes: float) -> float:
        """Largest crow-fly distance (km) reachable within ``max_minutes`` (negative if none)."""
        return (max_minutes - self.intercept_minutes) / self.minutes_per_km


def crow_fly_times(
    points: Any,
    *,
    max_minutes: float = 20.0,
    intercept_minutes: float = 2.0,
    minutes_per_km: float = 1.32,
    destinations: Any | None = None,
    code_column: str | None = None,
) -> pd.DataFrame:
    """Approximate road times between commune points: ``a + b * crow-fly km`` within ``max_minutes``.

    Pairs are found with :class:`scipy.spatial.cKDTree` inside the radius
    ``(max_minutes - a) / b`` km, so the cost grows with the number of pairs
    kept, not with the square of the number of communes (≈ 34,000 mainland
    communes, ≈ 1.6 million ordered pairs within 20 minutes: about a second).
    Two distinct communes are ``a + b * km`` apart (even when their points
    coincide); a commune to itself is 0.0.

    Parameters
    ----------
    points : GeoDataFrame
        Commune points (chefs-lieux) in a *projected* CRS in metres (EPSG:2154
        for mainland France), indexed by INSEE code (or see ``code_column``).
    max_minutes : float
        Keep pairs with ``minutes <= max_minutes`` (the APL catchment is 20 min).
    intercept_minutes, minutes_per_km : float
        The model (see :class:`CrowFlyModel`; a :class:`CalibrationResult`'s
        ``model`` can be passed as ``**dataclasses.asdict(result.model)``).
    destinations : GeoDataFrame, optional
        Destination points; default: ``points`` themselves (then every pair is
        returned in both directions). Reprojected to ``points``' CRS if needed.
    code_column : str, optional
        Column of ``points`` (and ``destinations``) holding the INSEE code,
        instead of the index.

    Returns
    -------
    DataFrame
        ``origin``, ``destination`` (str), ``minutes`` (float), sorted.

    Raises
    ------
    CRSError
        Missing or geographic CRS (reproject with ``gdf.to_crs(2154)``).
    InvalidCodeError, InvalidValueError
        Malformed or duplicated codes, non-point or empty geometries, bad parameters.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> pts = gpd.GeoDataFrame(
    ...     geometry=[Point(0, 0), Point(3000, 4000), Point(20000, 0)],
    ...     index=pd.Index(["01001", "01002", "01003"], name="code_commune"), crs=2154)
    >>> crow_fly_times(pts)  # 01001-01002: 5 km -> 2 + 1.32 * 5 = 8.6; 01003 is 20 km away (> 13.6 km)
      origin destination  minutes
    0  01001       01001      0.0
    1  01001       01002      8.6
    2  01002       01001      8.6
    3  01002       01002      0.0
    4  01003       01003      0.0
    """
    model = CrowFlyModel(intercept_minutes=intercept_minutes, minutes_per_km=minutes_per_km)
    try:
        max_minutes = float(max_minutes)
    except (TypeError, ValueError):
        raise InvalidValueError(
            T.nombre_invalide(nom="max_minutes", condition="un nombre", valeur=max_minutes)
        ) from None
    if not (math.isfinite(max_minutes) and max_minutes >= 0):
        raise InvalidValueError(
            T.nombre_invalide(nom="max_minutes", condition="un nombre fini ≥ 0", valeur=max_minutes)
        )
    require_projected_crs(points, source="commune points")
    o_codes, o_xy = _points_xy(points, code_column=code_column, what="commune points")
    # 1 micrometre of slack so that float rounding never loses a pair exactly on the radius;
    # the final filter applies the time rule itself
    radius_m = max(model.radius_km(max_minutes), 0.0) * 1000.0 + 1e-6
    # sort communes by code so that integer order is code order (cheap final sort)
    o_order = np.argsort(o_codes.astype(str), kind="stable")
    o_codes, o_xy = o_codes[o_order], o_xy[o_order]
    o_tree = cKDTree(o_xy)

    if destinations is None:
        pairs = o_tree.query_pairs(radius_m, output_type="ndarray") if model.radius_km(max_minutes) >= 0 else None
        pairs = np.empty((0, 2), dtype=np.intp) if pairs is None else pairs
        i = np.concatenate([pairs[:, 0], pairs[:, 1]])
        j = np.concatenate([pairs[:, 1], pairs[:, 0]])
        d_codes, d_xy = o_codes, o_xy
        km = np.hypot(*(o_xy[i] - d_xy[j]).T) / 1000.0
        mins = model.minutes(km)
        # self pairs
        n = len(o_codes)
        i = np.concatenate([i, np.arange(n)])
        j = np.concatenate([j, np.arange(n)])
        mins = np.concatenate([mins, np.zeros(n)])
    else:
        require_projected_crs(destinations, source="destination points")
        if destinations.crs != points.crs:
            destinations = destinations.to_crs(points.crs)
        d_codes, d_xy = _points_xy(destinations, code_column=code_column, what="destination points")
        d_order = np.argsort(d_codes.astype(str), kind="stable")
        d_codes, d_xy = d_codes[d_order], d_xy[d_order]
        if model.radius_km(max_minutes) >= 0:
            sdm = o_tree.sparse_distance_matrix(cKDTree(d_xy), radius_m, output_type="ndarray")
            i, j = sdm["i"].astype(np.intp), sdm["j"].astype(np.intp)
            km = sdm["v"] / 1000.0
        else:
            i = j = np.empty(0, dtype=np.intp)
            km = np.empty(0)
        mins = model.minutes(km)
        same = o_codes[i] == d_codes[j]
        mins = np.where(same, 0.0, mins)
        # a commune present on both sides always gets its self pair (points may differ)
        common, oi, dj = np.intersect1d(o_codes.astype(str), d_codes.astype(str), return_indices=True)
        have = set(zip(i[same].tolist(), j[same].tolist()))
        extra = [(a, b) for a, b in zip(oi.tolist(), dj.tolist()) if (a, b) not in have]
        if extra:
            ea, eb = np.array(extra, dtype=np.intp).T
            i, j = np.concatenate([i, ea]), np.concatenate([j, eb])
            mins = np.concatenate([mins, np.zeros(len(extra))])
    # distances exactly on the radius: keep by the time rule, not the float radius
    keep = mins <= max_minutes + 1e-9
    i, j, mins = i[keep], j[keep], mins[keep]
    order = np.argsort(i.astype(np.int64) * len(d_codes) + j)  # unique keys: (origin, destination) order
    return _frame(o_codes[i[order]], d_codes[j[order]], mins[order])


#: Projected CRS (metres) for distances, by territory: mainland France and Corsica, then the overseas
#: departments (Antilles 971/972, Guyane 973, Réunion 974, Mayotte 976), as in the IGN's usage.
LOCAL_CRS: dict[str, int] = {
    "metropole": 2154,  # RGF93 v1 / Lambert-93
    "971": 5490,  # RGAF09 / UTM zone 20N (Guadeloupe)
    "972": 5490,  # RGAF09 / UTM zone 20N (Martinique)
    "973": 2972,  # RGFG95 / UTM zone 22N (Guyane)
    "974": 2975,  # RGR92 / UTM zone 40S (La Réunion)
    "976": 4471,  # RGM04 / UTM zone 38S (Mayotte)
}


def local_crs(code: str) -> tuple[str, int]:
    """Territory key and projected EPSG code to measure distances for an INSEE commune code.

    Examples
    --------
    >>> local_crs("33063"), local_crs("2A004"), local_crs("97411")
    (('metropole', 2154), ('metropole', 2154), ('974', 2975))
    """
    key = code[:3] if code[:2] in ("97", "98") else "metropole"
    if key not in LOCAL_CRS:
        raise InvalidCodeError(T.crs_local_inconnu(code=code, connus=", ".join(LOCAL_CRS)))
    return key, LOCAL_CRS[key]


def crow_fly_times_local(
    points: Any,
    *,
    max_minutes: float = 20.0,
    intercept_minutes: float = 2.0,
    minutes_per_km: float = 1.32,
    code_column: str | None = None,
) -> pd.DataFrame:
    """:func:`crow_fly_times` computed territory by territory, each in its own projected CRS.

    Lambert-93 (EPSG:2154) is only valid for mainland France and Corsica: distances between
    overseas communes must be measured in their local projection (:data:`LOCAL_CRS`). Points in
    any CRS (geographic included) are split by territory from their INSEE code, reprojected,
    and the pair tables concatenated; no pair crosses two territories (they are oceans apart).

    Parameters
    ----------
    points : GeoDataFrame
        Commune points with a CRS (EPSG:4326 accepted here), indexed by INSEE code (or ``code_column``).
    max_minutes, intercept_minutes, minutes_per_km
        As in :func:`crow_fly_times`.
    code_column : str, optional
        Column holding the INSEE code instead of the index.

    Returns
    -------
    DataFrame
        ``origin``, ``destination``, ``minutes``, sorted.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> pts = gpd.GeoDataFrame(geometry=[Point(-0.58, 44.84), Point(-0.62, 44.84), Point(55.45, -20.88),
    ...                                  Point(55.49, -20.88)],
    ...                        index=pd.Index(["33063", "33069", "97411", "97415"], name="code_commune"), crs=4326)
    >>> t = crow_fly_times_local(pts)
    >>> t[t.origin != t.destination][["origin", "destination"]].values.tolist()
    [['33063', '33069'], ['33069', '33063'], ['97411', '97415'], ['97415', '97411']]
    """
    if getattr(points, "crs", None) is None:
        require_projected_crs(points, source="commune points")
    codes = pd.Index(normalize_insee_codes(points[code_column] if code_column else points.index.to_series()))
    keys = np.array([local_crs(c)[0] if isinstance(c, str) else "metropole" for c in codes])
    frames = []
    for key in sorted(set(keys)):
        part = points[keys == key]
        part = part.set_index(codes[keys == key]) if code_column is None else part
        frames.append(
            crow_fly_times(
                part.to_crs(LOCAL_CRS[key]),
                max_minutes=max_minutes,
                intercept_minutes=intercept_minutes,
                minutes_per_km=minutes_per_km,
                code_column=code_column,
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["origin", "destination"], ignore_index=True)


def crow_fly_km(
    pairs: pd.DataFrame, *, x1: str = "X1", y1: str = "Y1", x2: str = "X2", y2: str = "Y2", source: str = "pairs"
) -> pd.Series:
    """Crow-fly distance in km between two points given by projected coordinates in metres (Lambert-93).

    Parameters
    ----------
    pairs : DataFrame
        One row per pair with the four coordinate columns.
    x1, y1, x2, y2 : str
        Column names (default: ``X1, Y1, X2, Y2`` as in the DREES distancier comparison files).
    source : str
        Name used in error messages.

    Returns
    -------
    Series
        Named ``crow_km``, indexed like ``pairs``.

    Examples
    --------
    >>> import pandas as pd
    >>> crow_fly_km(pd.DataFrame({"X1": [0.0], "Y1": [0.0], "X2": [3000.0], "Y2": [4000.0]})).tolist()
    [5.0]
    """
    require_columns(pairs, [x1, y1, x2, y2], source=source)
    c = {k: to_numeric_column(pairs, k, source=source, non_negative=False).to_numpy() for k in (x1, y1, x2, y2)}
    km = np.hypot(c[x2] - c[x1], c[y2] - c[y1]) / 1000.0
    return pd.Series(km, index=pairs.index, name="crow_km")
