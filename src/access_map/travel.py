"""Travel-time tables between communes: from a matrix file, from crow-fly distances, from OSRM.

Every function returns the same *long* table, sorted by ``origin`` then
``destination``:

========== ======= ==========================================================
column     dtype   meaning
========== ======= ==========================================================
origin      str     INSEE code of the origin commune (5 characters)
destination str     INSEE code of the destination commune
minutes     float   road travel time in minutes (0.0 from a commune to itself)
========== ======= ==========================================================

One row per pair within the catchment; the row of a commune to itself is always
present with 0.0 minutes (the APL convention: time within a commune = 0).

Three sources:

* :func:`read_travel_times` — an exported matrix (INSEE Metric / Metric-OSRM,
  an OSRM run, any CSV/Parquet with a column mapping), validated;
* :func:`crow_fly_times` — the offline approximation
  ``minutes = a + b * crow-fly km`` (default ``2.0 + 1.32 km``), pairs found with
  :class:`scipy.spatial.cKDTree`; :func:`calibrate` fits ``a`` and ``b`` against
  observed times and reports the error;
* :func:`osrm_table_times` — a self-hosted OSRM server's ``table`` service.

The crow-fly model underestimates times in mountains and across estuaries
(no bridge); calibrate it on the region you work on when you can.
"""

from __future__ import annotations

import logging
import math
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ._validate import (
    DropReport,
    check_insee_codes,
    describe_values,
    normalize_insee_codes,
    require_columns,
    require_projected_crs,
    to_numeric_column,
)
from .errors import CRSError, InvalidCodeError, InvalidValueError, MissingColumnError, SourceError

__all__ = [
    "TRAVEL_COLUMNS",
    "SENTINEL_MINUTES",
    "CrowFlyModel",
    "CalibrationResult",
    "validate_travel_times",
    "read_travel_times",
    "crow_fly_times",
    "crow_fly_times_local",
    "LOCAL_CRS",
    "local_crs",
    "crow_fly_km",
    "calibrate",
    "evaluate_model",
    "osrm_table_times",
]

logger = logging.getLogger(__name__)

#: Columns of every travel-time table.
TRAVEL_COLUMNS: tuple[str, str, str] = ("origin", "destination", "minutes")

#: Text markers of a missing time in exported matrices (besides an empty field).
_NA_MARKERS = ["NA", "NaN", "nan", "null", "NULL", "None", "#N/A"]

#: Times at or above this value are "not computed" markers in distancier exports
#: (INSEE Metric writes 9999), never real road times.
SENTINEL_MINUTES: float = 9999.0


# ---------------------------------------------------------------------------
# common output
# ---------------------------------------------------------------------------


def _frame(origin: Any, destination: Any, minutes: np.ndarray) -> pd.DataFrame:
    """Build the output table from code arrays and a float array (no validation)."""
    return pd.DataFrame(
        {
            "origin": pd.array(np.asarray(origin, dtype=object), dtype="str"),
            "destination": pd.array(np.asarray(destination, dtype=object), dtype="str"),
            "minutes": np.asarray(minutes, dtype=float),
        }
    )


def validate_travel_times(
    times: pd.DataFrame,
    *,
    source: str = "travel-time table",
    max_minutes: float | None = None,
) -> pd.DataFrame:
    """Check a travel-time table and return a clean copy in the standard shape.

    Codes are normalised (``1001`` → ``"01001"``) and checked; minutes must be
    numeric and non-negative (NaN and ``>= 9999`` sentinel rows are dropped with
    a :class:`UserWarning` giving their count); duplicated pairs are an error; a
    commune's pair to itself is set to 0.0 (added when missing, with a warning
    when it was present with another value). With ``max_minutes``, only pairs at
    most that far are kept (self pairs always are).

    Parameters
    ----------
    times : DataFrame
        Columns ``origin``, ``destination``, ``minutes`` (other columns are ignored).
    source : str
        Name used in error messages (file name, table name).
    max_minutes : float, optional
        Keep pairs with ``minutes <= max_minutes``.

    Returns
    -------
    DataFrame
        Columns ``origin``, ``destination`` (str), ``minutes`` (float), sorted by
        origin then destination, with a fresh RangeIndex.

    Raises
    ------
    MissingColumnError, InvalidCodeError, InvalidValueError

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"origin": [1001, 1002], "destination": ["01002", "01001"], "minutes": [7.5, 8.0]})
    >>> validate_travel_times(t)
      origin destination  minutes
    0  01001       01001      0.0
    1  01001       01002      7.5
    2  01002       01001      8.0
    3  01002       01002      0.0
    """
    require_columns(
        times,
        TRAVEL_COLUMNS,
        source=source,
        hint="map your file's columns with read_travel_times(path, origin=..., destination=..., minutes=...)",
    )
    # codes are normalised and checked once per distinct value, then handled as integers
    o_norm, o_idx = _factorize_codes(times["origin"], source=source, column="origin")
    d_norm, d_idx = _factorize_codes(times["destination"], source=source, column="destination")
    all_codes = np.union1d(o_norm, d_norm)  # sorted; every commune named in the table
    o_int = np.searchsorted(all_codes, o_norm)[o_idx]
    d_int = np.searchsorted(all_codes, d_norm)[d_idx]
    minutes = to_numeric_column(
        pd.DataFrame({"minutes": times["minutes"].to_numpy()}), "minutes", source=source, allow_nan=True
    ).to_numpy()

    def examples(mask: np.ndarray) -> list[str]:
        pos = np.flatnonzero(mask)[:3]
        return [f"{all_codes[o_int[k]]}->{all_codes[d_int[k]]}" for k in pos]

    report = DropReport(source=source)
    nan = np.isnan(minutes)
    sentinel = ~nan & (minutes >= SENTINEL_MINUTES)
    report.add("missing time (NaN or empty)", int(nan.sum()), examples(nan))
    report.add(f"'not computed' time (>= {SENTINEL_MINUTES:g})", int(sentinel.sum()), examples(sentinel))
    if report:
        warnings.warn(str(report), UserWarning, stacklevel=2)
    keep = ~(nan | sentinel)
    o_int, d_int, minutes = o_int[keep], d_int[keep], minutes[keep]

    n = len(all_codes)
    key = o_int.astype(np.int64) * n + d_int
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    dup = np.flatnonzero(key_sorted[1:] == key_sorted[:-1])
    if dup.size:
        dup_keys = np.unique(key_sorted[dup])
        shown = [f"{all_codes[k // n]}/{all_codes[k % n]}" for k in dup_keys[:8].tolist()]
        raise InvalidCodeError(
            f"duplicated origin/destination pair(s) in {source}: {describe_values(shown)} "
            f"({dup_keys.size} pair(s)); each pair must appear once: aggregate them or remove the duplicates first"
        )
    o_int, d_int, minutes = o_int[order], d_int[order], minutes[order]  # sorted by origin then destination

    is_self = o_int == d_int
    nonzero_self = is_self & (minutes != 0.0)
    if nonzero_self.any():
        warnings.warn(
            f"{source}: {int(nonzero_self.sum())} commune-to-itself time(s) were not 0 "
            f"(e.g. {describe_values(all_codes[o_int[nonzero_self]][:3].tolist(), max_shown=3)}); "
            "set to 0.0 (APL convention: time within a commune = 0)",
            UserWarning,
            stacklevel=2,
        )
        minutes = np.where(is_self, 0.0, minutes)
    if max_minutes is not None:
        within = (minutes <= max_minutes) | is_self
        o_int, d_int, minutes = o_int[within], d_int[within], minutes[within]
    # every commune named in the table keeps its self pair, even if all its times were dropped
    has_self = np.zeros(n, dtype=bool)
    has_self[o_int[o_int == d_int]] = True
    missing = np.flatnonzero(~has_self)
    if missing.size:
        o_int = np.concatenate([o_int, missing])
        d_int = np.concatenate([d_int, missing])
        minutes = np.concatenate([minutes, np.zeros(missing.size)])
        order = np.lexsort((d_int, o_int))
        o_int, d_int, minutes = o_int[order], d_int[order], minutes[order]
    return _frame(all_codes[o_int], all_codes[d_int], minutes)


def _factorize_codes(values: pd.Series, *, source: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Distinct normalised codes (checked) and, per row, the position of its code among them."""
    idx, uniques = pd.factorize(values, use_na_sentinel=True)
    if (idx < 0).any():
        rows = describe_values(np.flatnonzero(idx < 0).tolist())
        raise InvalidCodeError(
            f"missing INSEE code(s) in {source}, column {column!r}, at row(s) {rows} "
            f"({int((idx < 0).sum())} row(s)); every row needs an origin and a destination commune"
        )
    norm = normalize_insee_codes(pd.Series(np.asarray(uniques, dtype=object)))
    check_insee_codes(norm, source=source, column=column)
    return norm.to_numpy(dtype=str), idx


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------


def read_travel_times(
    path: str | Path,
    *,
    origin: str = "origin",
    destination: str = "destination",
    minutes: str = "minutes",
    sep: str | None = None,
    encoding: str | None = None,
    max_minutes: float | None = None,
) -> pd.DataFrame:
    """Read an exported travel-time matrix (CSV or Parquet) into the standard long table.

    Works with INSEE Metric / Metric-OSRM exports, OSRM runs and any table with one
    row per (origin, destination) pair: map its columns with ``origin=``,
    ``destination=`` and ``minutes=``. See :func:`validate_travel_times` for the
    checks (codes, numeric minutes, sentinels, duplicates, self pairs).

    Parameters
    ----------
    path : str or Path
        ``.parquet`` / ``.pq`` files are read with pyarrow; anything else as text
        (CSV, optionally ``.gz``/``.zip`` compressed).
    origin, destination, minutes : str
        Names of the columns holding the origin code, destination code and time
        in minutes in the file.
    sep : str, optional
        Column separator; guessed from the header line (``;``, ``,``, tab, ``|``) if omitted.
    encoding : str, optional
        Text encoding; UTF-8 if the start of the file decodes as such, else Latin-1.
    max_minutes : float, optional
        Keep only pairs at most this far (self pairs are always kept).

    Returns
    -------
    DataFrame
        ``origin``, ``destination`` (str), ``minutes`` (float).

    Raises
    ------
    SourceError
        The file is missing or unreadable.
    MissingColumnError, InvalidCodeError, InvalidValueError
        Bad content (the message names the file and column).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "metric.csv"
    >>> _ = p.write_text("CODGEO_DEP;CODGEO_ARR;HC\\n1001;01002;7,5\\n01002;01001;9999\\n")
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     t = read_travel_times(p, origin="CODGEO_DEP", destination="CODGEO_ARR", minutes="HC")
    >>> t
      origin destination  minutes
    0  01001       01001      0.0
    1  01001       01002      7.5
    2  01002       01002      0.0
    >>> print(w[0].message)
    metric.csv: 1 row(s) dropped: 1 'not computed' time (>= 9999) (e.g. '01002->01001')
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"travel-time file not found: {path} (check the path)")
    source = path.name
    mapping = {origin: "origin", destination: "destination", minutes: "minutes"}
    hint = "pass the file's column names with origin=..., destination=..., minutes=..."
    if path.suffix.lower() in {".parquet", ".pq"}:
        try:
            raw = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            raise SourceError(f"cannot read travel-time file {path}: {exc}") from exc
        require_columns(raw, list(mapping), source=source, hint=hint)
    else:
        from .readers._io import read_table  # shared sniffing: encoding, separator, gzip

        try:
            raw, _, _ = read_table(
                path,
                dtype={origin: str, destination: str},  # minutes parsed natively (fast); text handled below
                required=list(mapping),
                usecols=list(mapping),
                source=source,
                sep=sep,
                encoding=encoding,
            )
        except MissingColumnError as exc:
            raise MissingColumnError(f"{exc}. {hint}") from None
        if not pd.api.types.is_numeric_dtype(raw[minutes]):
            # "NA"/"null" markers written by R, SQL exports... are missing times, not bad values
            raw = raw.assign(**{minutes: raw[minutes].replace(_NA_MARKERS, np.nan)})
    table = raw[list(mapping)].rename(columns=mapping)
    return validate_travel_times(table, source=source, max_minutes=max_minutes)


# ---------------------------------------------------------------------------
# crow-fly model
# ---------------------------------------------------------------------------


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
            raise InvalidValueError(f"intercept_minutes must be a finite number >= 0, got {self.intercept_minutes!r}")
        if not (math.isfinite(self.minutes_per_km) and self.minutes_per_km > 0):
            raise InvalidValueError(f"minutes_per_km must be a finite number > 0, got {self.minutes_per_km!r}")

    def minutes(self, km: Any) -> Any:
        """Travel time in minutes between two *distinct* communes ``km`` crow-fly kilometres apart."""
        if np.ndim(km) == 0:
            return float(self.intercept_minutes + self.minutes_per_km * float(km))
        return self.intercept_minutes + self.minutes_per_km * np.asarray(km, dtype=float)

    def radius_km(self, max_minutes: float) -> float:
        """Largest crow-fly distance (km) reachable within ``max_minutes`` (negative if none)."""
        return (max_minutes - self.intercept_minutes) / self.minutes_per_km


def _points_xy(points: Any, *, code_column: str | None, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (codes as object array, (n, 2) float coordinates) of commune points, checked."""
    geometry = getattr(points, "geometry", None)
    if geometry is None:
        raise InvalidValueError(f"{what} must be a GeoDataFrame of commune points, got {type(points).__name__}")
    if code_column is None:
        codes = normalize_insee_codes(pd.Series(points.index))
        column = points.index.name or "index"
    else:
        require_columns(points, [code_column], source=what)
        codes = normalize_insee_codes(points[code_column])
        column = code_column
    check_insee_codes(codes, source=what, column=column, unique=True)
    empty = np.asarray(geometry.isna() | geometry.is_empty)
    if empty.any():
        raise InvalidValueError(
            f"{what}: {int(empty.sum())} commune(s) without a point "
            f"({describe_values(codes[empty].tolist())}); drop them or give them a chef-lieu point"
        )
    types = np.asarray(geometry.geom_type)
    not_point = types != "Point"
    if not_point.any():
        raise InvalidValueError(
            f"{what}: geometries must be points (commune chefs-lieux), found "
            f"{describe_values(sorted(set(types[not_point].tolist())))} for "
            f"{describe_values(codes[not_point].tolist())}; use chef-lieu points or "
            "gdf.representative_point() of the commune polygons"
        )
    xy = np.column_stack([np.asarray(geometry.x, dtype=float), np.asarray(geometry.y, dtype=float)])
    return codes.to_numpy(dtype=object), xy


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
        raise InvalidValueError(f"max_minutes must be a number, got {max_minutes!r}") from None
    if not (math.isfinite(max_minutes) and max_minutes >= 0):
        raise InvalidValueError(f"max_minutes must be a finite number >= 0, got {max_minutes!r}")
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
        raise InvalidCodeError(
            f"no local projected CRS known for commune {code!r} (overseas collectivity?); "
            f"known territories: {', '.join(LOCAL_CRS)}"
        )
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


# ---------------------------------------------------------------------------
# calibration
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationResult:
    """A crow-fly model and its errors against observed times.

    Attributes
    ----------
    model : CrowFlyModel
        Fitted (or evaluated) model.
    n : int
        Number of pairs used.
    mae_minutes : float
        Mean absolute error ``mean(|predicted - observed|)``.
    bias_minutes : float
        Mean error ``mean(predicted - observed)`` (> 0: the model overestimates).
    r2 : float
        Coefficient of determination ``1 - SS_res / SS_tot`` of the predictions.
    rmse_minutes : float
        Root mean squared error.
    """

    model: CrowFlyModel
    n: int
    mae_minutes: float
    bias_minutes: float
    r2: float
    rmse_minutes: float


def _clean_xy(crow_km: Any, observed_minutes: Any) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(crow_km, dtype=float).ravel()
    y = np.asarray(observed_minutes, dtype=float).ravel()
    if x.shape != y.shape:
        raise InvalidValueError(f"crow_km and observed_minutes must have the same length, got {x.size} and {y.size}")
    problems = []
    for name, v in (("crow_km", x), ("observed_minutes", y)):
        bad = ~np.isfinite(v) | (v < 0)
        if bad.any():
            problems.append(
                f"{name} has {int(bad.sum())} NaN, infinite or negative value(s) ({describe_values(v[bad].tolist())})"
            )
    big = np.isfinite(y) & (y >= SENTINEL_MINUTES)
    if big.any():
        problems.append(f"observed_minutes has {int(big.sum())} 'not computed' sentinel value(s) (>= 9999)")
    if problems:
        raise InvalidValueError("; ".join(problems) + "; drop those pairs before calibrating")
    return x, y


def evaluate_model(model: CrowFlyModel, crow_km: Any, observed_minutes: Any) -> CalibrationResult:
    """Errors of a crow-fly model against observed times (MAE, bias, R², RMSE).

    Examples
    --------
    >>> r = evaluate_model(CrowFlyModel(), [5.0, 10.0], [9.0, 15.0])
    >>> # predictions 8.6 and 15.2 -> errors -0.4 and +0.2
    >>> round(r.mae_minutes, 6), round(r.bias_minutes, 6)
    (0.3, -0.1)
    """
    x, y = _clean_xy(crow_km, observed_minutes)
    if x.size == 0:
        raise InvalidValueError("no pair to evaluate the model on")
    pred = model.minutes(x)
    err = pred - y
    ss_tot = float(((y - y.mean()) ** 2).sum())
    ss_res = float((err**2).sum())
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan")
    return CalibrationResult(
        model=model,
        n=int(x.size),
        mae_minutes=float(np.abs(err).mean()),
        bias_minutes=float(err.mean()),
        r2=float(r2),
        rmse_minutes=float(np.sqrt((err**2).mean())),
    )


def calibrate(crow_km: Any, observed_minutes: Any, *, fit_intercept: bool = True) -> CalibrationResult:
    """Fit ``minutes = a + b * crow-fly km`` by least squares and report its errors.

    Parameters
    ----------
    crow_km : array-like
        Crow-fly distances in km (see :func:`crow_fly_km`), pairs of distinct places.
    observed_minutes : array-like
        Observed road times (Metric, OSRM...) in minutes for the same pairs. Drop
        sentinel values (9999) first.
    fit_intercept : bool
        Fit ``a``; if False, ``a = 0``.

    Returns
    -------
    CalibrationResult
        The fitted :class:`CrowFlyModel` and its in-sample errors.

    Raises
    ------
    InvalidValueError
        NaN, negative or sentinel values, too few pairs, or a fit with a negative
        intercept or a non-positive slope (the data are not road times vs distances).

    Examples
    --------
    >>> r = calibrate([0.0, 10.0, 20.0], [2.0, 15.0, 28.0])  # exactly 2 + 1.3 km
    >>> round(r.model.intercept_minutes, 6), round(r.model.minutes_per_km, 6), round(r.mae_minutes, 9)
    (2.0, 1.3, 0.0)
    """
    x, y = _clean_xy(crow_km, observed_minutes)
    need = 2 if fit_intercept else 1
    if x.size < need:
        raise InvalidValueError(f"need at least {need} pair(s) to calibrate, got {x.size}")
    design = np.column_stack([np.ones_like(x), x]) if fit_intercept else x[:, None]
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    a, b = (float(coef[0]), float(coef[1])) if fit_intercept else (0.0, float(coef[0]))
    if not (b > 0):
        raise InvalidValueError(
            f"fitted minutes_per_km = {b:.4g} is not positive: the observed times do not grow with distance "
            "(check that the columns are times in minutes and distances in km of the same pairs)"
        )
    if a < 0:
        raise InvalidValueError(
            f"fitted intercept_minutes = {a:.4g} is negative; refit with fit_intercept=False "
            "or check the data (short pairs may be missing)"
        )
    return evaluate_model(CrowFlyModel(intercept_minutes=a, minutes_per_km=b), x, y)


# ---------------------------------------------------------------------------
# OSRM table service
# ---------------------------------------------------------------------------


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


def _lonlat(points: Any, *, code_column: str | None, what: str) -> tuple[np.ndarray, np.ndarray]:
    if getattr(points, "crs", None) is None:
        raise CRSError(
            f"no CRS set on {what}: set it with gdf.set_crs(...) (e.g. 2154 for Lambert-93 coordinates, "
            "4326 for longitude/latitude)"
        )
    codes, _ = _points_xy(points, code_column=code_column, what=what)
    ll = points.to_crs(4326).geometry
    return codes, np.column_stack([np.asarray(ll.x, dtype=float), np.asarray(ll.y, dtype=float)])


def _osrm_hint(base_url: str) -> str:
    return (
        f"check that an OSRM server is running at {base_url} (e.g. `osrm-routed --algorithm mld "
        "--max-table-size 1000 region.osrm`) and reachable from this machine, and that max_table_size "
        "does not exceed the server's --max-table-size (default 100)"
    )


def osrm_table_times(
    origins: Any,
    destinations: Any | None = None,
    *,
    base_url: str,
    profile: str = "driving",
    max_table_size: int = 100,
    max_minutes: float | None = None,
    retries: int = 3,
    timeout_seconds: float = 30.0,
    backoff_seconds: float = 0.5,
    max_crow_km: float | None = None,
    code_column: str | None = None,
    session: Any | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Road times from an OSRM server's ``table`` service, as the standard long table.

    Points are reprojected to EPSG:4326 for the request. The origin × destination
    matrix is cut into tiles so that each request carries at most
    ``max_table_size`` coordinates (sources + destinations), the limit of
    ``osrm-routed --max-table-size`` (default 100). Durations are converted from
    seconds to minutes; ``null`` durations (unreachable pairs) are dropped and
    counted in a :class:`UserWarning`. A commune to itself is 0.0.

    Parameters
    ----------
    origins : GeoDataFrame
        Origin commune points (any CRS), indexed by INSEE code (or ``code_column``).
    destinations : GeoDataFrame, optional
        Destination points; default: ``origins``.
    base_url : str
        Server root, e.g. ``"http://localhost:5000"``.
    profile : str
        Routing profile in the URL (``driving`` for osrm-backend's car profile).
    max_table_size : int
        Maximum number of coordinates per request (>= 2).
    max_minutes : float, optional
        Keep pairs with ``minutes <= max_minutes``.
    retries : int
        Extra attempts after a connection error, timeout or HTTP 5xx.
    timeout_seconds : float
        Timeout of each HTTP request.
    backoff_seconds : float
        Wait before the first retry, doubled at each further retry.
    max_crow_km : float, optional
        Only ask for pairs at most this far apart as the crow flies (e.g. 30 km for a
        20-minute catchment): origins are grouped by neighbourhood (kd-tree) and each
        group is sent with the destinations near it, instead of the whole matrix. For
        a region of a few thousand communes this cuts the number of requests by one
        or two orders of magnitude. Pairs farther apart are left out of the result.
    code_column : str, optional
        Column holding the INSEE code instead of the index.
    session : requests.Session, optional
        HTTP session to reuse (default: a new :class:`requests.Session`).
    progress : bool
        Show a tqdm progress bar over the requests (the CLI turns it on).

    Returns
    -------
    DataFrame
        ``origin``, ``destination`` (str), ``minutes`` (float), sorted.

    Raises
    ------
    SourceError
        Server unreachable after the retries, an HTTP error, a reply that is not
        the table API's JSON, or a ``code`` other than ``"Ok"`` (e.g. ``TooBig``,
        ``InvalidQuery``); the message gives the URL and what to check.
    CRSError
        Points without a CRS.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> pts = gpd.GeoDataFrame(geometry=[Point(0, 0)], index=["01001"], crs=2154)
    >>> try:  # nothing listens on port 9 (discard): a clear error, no traceback soup
    ...     osrm_table_times(pts, base_url="http://127.0.0.1:9", retries=0, timeout_seconds=2)
    ... except SourceError as e:
    ...     print(str(e)[:40])
    OSRM server unreachable at http://127.0.
    """
    import requests  # dependency of pooch; imported here to keep `import access_map.travel` light

    if not isinstance(max_table_size, (int, np.integer)) or max_table_size < 2:
        raise InvalidValueError(f"max_table_size must be an integer >= 2, got {max_table_size!r}")
    if retries < 0:
        raise InvalidValueError(f"retries must be >= 0, got {retries!r}")
    if max_crow_km is not None and not (math.isfinite(max_crow_km) and max_crow_km >= 0):
        raise InvalidValueError(f"max_crow_km must be a finite number >= 0, got {max_crow_km!r}")
    base_url = base_url.rstrip("/")
    o_codes, o_ll = _lonlat(origins, code_column=code_column, what="origins")
    if destinations is None:
        d_codes, d_ll = o_codes, o_ll
    else:
        d_codes, d_ll = _lonlat(destinations, code_column=code_column, what="destinations")
    if max_crow_km is not None:
        o_xy, d_xy = _metric_xy(origins, destinations, code_column=code_column)
        tiles = _near_tiles(o_xy, d_xy, max_crow_km=max_crow_km, max_table_size=int(max_table_size))
    else:
        tiles = _full_tiles(len(o_codes), len(d_codes), int(max_table_size), square=destinations is None)
    own_session = session is None
    http = requests.Session() if own_session else session
    rows_o: list[np.ndarray] = []
    rows_d: list[np.ndarray] = []
    rows_m: list[np.ndarray] = []
    unreachable = 0
    examples: list[str] = []
    if progress:
        from tqdm.auto import tqdm

        tiles = tqdm(tiles, desc="OSRM table", unit="request")
    try:
        for s_idx, d_idx, shared in tiles:
            if shared:  # same points on both sides (diagonal tile): send them once
                coords = o_ll[s_idx]
                dst_pos = range(len(d_idx))
            else:
                coords = np.vstack([o_ll[s_idx], d_ll[d_idx]])
                dst_pos = range(len(s_idx), len(s_idx) + len(d_idx))
            coord_text = ";".join(f"{lon:.6f},{lat:.6f}" for lon, lat in coords)
            # literal ';' in the query, as in the OSRM documentation
            url = (
                f"{base_url}/table/v1/{profile}/{coord_text}"
                f"?sources={';'.join(str(k) for k in range(len(s_idx)))}"
                f"&destinations={';'.join(str(k) for k in dst_pos)}&annotations=duration"
            )
            payload = _osrm_get(
                http,
                url,
                base_url=base_url,
                retries=retries,
                timeout_seconds=timeout_seconds,
                backoff_seconds=backoff_seconds,
                requests=requests,
            )
            durations = payload.get("durations")
            if durations is None or len(durations) != len(s_idx):
                raise SourceError(
                    f"OSRM reply from {base_url} has no 'durations' matrix of {len(s_idx)} row(s) "
                    f"(keys: {describe_values(sorted(payload))}); is it an OSRM table service?"
                )
            mat = np.array([[np.nan if v is None else float(v) for v in row] for row in durations], dtype=float)
            if mat.shape != (len(s_idx), len(d_idx)):
                raise SourceError(
                    f"OSRM reply from {base_url}: durations matrix is {mat.shape}, expected {(len(s_idx), len(d_idx))}"
                )
            oi = np.repeat(s_idx, len(d_idx))
            dj = np.tile(d_idx, len(s_idx))
            minutes = mat.ravel() / 60.0
            minutes = np.where(o_codes[oi] == d_codes[dj], 0.0, minutes)
            if max_crow_km is not None:  # tiles hold a few farther pairs: keep the rule exact
                near = np.hypot(*(o_xy[oi] - d_xy[dj]).T) <= max_crow_km * 1000.0
                oi, dj, minutes = oi[near], dj[near], minutes[near]
            bad = np.isnan(minutes)
            if bad.any():
                unreachable += int(bad.sum())
                if len(examples) < 3:
                    examples += [f"{o_codes[a]}->{d_codes[b]}" for a, b in zip(oi[bad][:3], dj[bad][:3])]
            good = ~bad
            rows_o.append(oi[good])
            rows_d.append(dj[good])
            rows_m.append(minutes[good])
    finally:
        if own_session:
            http.close()
    if unreachable:
        warnings.warn(
            f"OSRM ({base_url}): {unreachable} pair(s) without a route (null duration) dropped "
            f"(e.g. {describe_values(examples[:3])})",
            UserWarning,
            stacklevel=2,
        )
    oi = np.concatenate(rows_o) if rows_o else np.empty(0, dtype=np.intp)
    dj = np.concatenate(rows_d) if rows_d else np.empty(0, dtype=np.intp)
    m = np.concatenate(rows_m) if rows_m else np.empty(0)
    o, d = o_codes[oi], d_codes[dj]
    if max_minutes is not None:
        keep = (m <= max_minutes) | (o == d)
        o, d, m = o[keep], d[keep], m[keep]
    order = np.lexsort((d.astype(str), o.astype(str))) if len(o) else np.empty(0, dtype=np.intp)
    return _frame(o[order], d[order], m[order])


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


def _near_tiles(o_xy: np.ndarray, d_xy: np.ndarray, *, max_crow_km: float, max_table_size: int) -> list[Tile]:
    """Tiles covering only the pairs within ``max_crow_km``: spatially compact groups of origins
    (kd-tree leaf order) with the destinations near any of them."""
    n_src = max(1, max_table_size // 4)  # a group's neighbourhood is larger than the group
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


def _metric_xy(origins: Any, destinations: Any | None, *, code_column: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates in metres (the points' projected CRS, or their UTM zone if geographic)."""
    crs = origins.crs if not origins.crs.is_geographic else origins.estimate_utm_crs()
    _, o_xy = _points_xy(origins.to_crs(crs), code_column=code_column, what="origins")
    if destinations is None:
        return o_xy, o_xy
    _, d_xy = _points_xy(destinations.to_crs(crs), code_column=code_column, what="destinations")
    return o_xy, d_xy


def _osrm_get(
    http: Any,
    url: str,
    *,
    base_url: str,
    retries: int,
    timeout_seconds: float,
    backoff_seconds: float,
    requests: Any,
) -> dict[str, Any]:
    """GET one table request with retries on connection errors and 5xx; return the JSON payload."""
    shown = url if len(url) <= 160 else url[:160] + "..."
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff_seconds * 2 ** (attempt - 1))
        try:
            resp = http.get(url, timeout=timeout_seconds)
        except (requests.ConnectionError, requests.Timeout) as exc:
            last = f"{type(exc).__name__}: {exc}"
            logger.info("OSRM request failed (attempt %d/%d): %s", attempt + 1, retries + 1, last)
            continue
        if resp.status_code >= 500:
            last = f"HTTP {resp.status_code}"
            logger.info("OSRM request failed (attempt %d/%d): %s", attempt + 1, retries + 1, last)
            continue
        try:
            payload = resp.json()
        except ValueError:
            raise SourceError(
                f"OSRM reply from {shown} is not JSON (HTTP {resp.status_code}: {resp.text[:200]!r}); "
                + _osrm_hint(base_url)
            ) from None
        code = payload.get("code") if isinstance(payload, dict) else None
        if code != "Ok":
            message = payload.get("message", "") if isinstance(payload, dict) else ""
            raise SourceError(
                f"OSRM table request failed: code {code!r} ({message}) for {shown} (HTTP {resp.status_code}); "
                + (
                    "too many coordinates: lower max_table_size or restart osrm-routed with a larger --max-table-size; "
                    if code == "TooBig"
                    else ""
                )
                + _osrm_hint(base_url)
            )
        return payload
    raise SourceError(
        f"OSRM server unreachable at {base_url} after {retries + 1} attempt(s) ({last}); request {shown}. "
        + _osrm_hint(base_url)
    )
