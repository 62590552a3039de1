"""Calibration of the crow-fly model against observed road times, and the reader of observed pair files."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validate import DropReport, describe_values, to_numeric_column
from ..errors import InvalidValueError, SourceError
from ..messages import validation as M
from ..readers._io import reads_input
from ._common import SENTINEL_MINUTES
from .crowfly import CrowFlyModel, crow_fly_km

__all__ = ["CalibrationResult", "evaluate_model", "calibrate", "read_observed_pairs"]

#: Columns of the table returned by :func:`read_observed_pairs` (``road_km`` only when asked for).
OBSERVED_PAIR_COLUMNS: tuple[str, ...] = ("x1", "y1", "x2", "y2", "crow_km", "observed_minutes")


@reads_input
def read_observed_pairs(
    path: str | Path,
    *,
    observed: str,
    x1: str = "X1",
    y1: str = "Y1",
    x2: str = "X2",
    y2: str = "Y2",
    road_km: str | None = None,
    sep: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a file of observed road times between point pairs, to calibrate or judge a time model.

    One row per pair of points given by projected coordinates in metres (Lambert-93 in the DREES
    distancier comparison files, e.g. ``X1, Y1, X2, Y2, Dist_min`` for OSRM or ``HC`` for INSEE
    Metric). Rows whose observed time is missing or a "not computed" sentinel (``>= 9999``) are
    dropped and counted in a :class:`UserWarning`; a non-numeric or negative value is an error.

    Parameters
    ----------
    path : str or Path
        CSV file (optionally ``.gz``); encoding and separator guessed unless given.
    observed : str
        Column of the observed time in minutes.
    x1, y1, x2, y2 : str
        Coordinate columns (metres, projected CRS) of the two points.
    road_km : str, optional
        Column of the observed road distance in km, kept as ``road_km``.
    sep, encoding : str, optional
        Column separator and text encoding (guessed by default).

    Returns
    -------
    DataFrame
        ``x1, y1, x2, y2`` (metres), ``crow_km``, ``observed_minutes`` (and ``road_km``), one row
        per kept pair, in file order with a fresh RangeIndex.

    Raises
    ------
    SourceError
        Missing or unreadable file.
    MissingColumnError, InvalidValueError
        A named column is absent, or holds non-numeric or negative values (the message names
        the file and the column).

    Examples
    --------
    >>> import tempfile, pathlib, warnings
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "pairs.csv"
    >>> _ = p.write_text("X1,Y1,X2,Y2,HC\\n0,0,3000,4000,8.5\\n0,0,6000,8000,9999\\n")
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     pairs = read_observed_pairs(p, observed="HC")
    >>> pairs[["crow_km", "observed_minutes"]].values.tolist()
    [[5.0, 8.5]]
    >>> print(w[0].message)
    pairs.csv : 1 ligne écartée : 'not computed' time (>= 9999) : 1 (ex. 'row 1')
    """
    from ..readers._io import (
        input_status,
        read_table,  # shared sniffing: encoding, separator, gzip
        refuse_header_only,
    )

    path = Path(path)
    if not path.exists():
        raise SourceError(f"observed pairs file not found: {path} (check the path)")
    input_status(path)  # a device is refused (a pipe is read once, see reads_input)
    source = path.name
    columns = [x1, y1, x2, y2, observed] + ([road_km] if road_km else [])
    raw, _, _ = read_table(path, required=columns, usecols=columns, source=source, sep=sep, encoding=encoding)
    refuse_header_only(raw, source=source)
    raw = raw.reset_index(drop=True)
    out = pd.DataFrame(
        {
            new: to_numeric_column(raw, old, source=source, non_negative=False).to_numpy()
            for new, old in (("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2))
        }
    )
    _refuse_degrees(out, source=source, columns=(x1, y1, x2, y2))
    out["crow_km"] = crow_fly_km(out, x1="x1", y1="y1", x2="x2", y2="y2", source=source).to_numpy()
    minutes = to_numeric_column(raw, observed, source=source, allow_nan=True).to_numpy()
    out["observed_minutes"] = minutes
    if road_km:
        out["road_km"] = to_numeric_column(raw, road_km, source=source, allow_nan=True).to_numpy()
    report = DropReport(source=source)
    nan = np.isnan(minutes)
    sentinel = ~nan & (minutes >= SENTINEL_MINUTES)
    report.add("missing time (NaN or empty)", int(nan.sum()), [f"row {k}" for k in np.flatnonzero(nan)[:3]])
    report.add(
        f"'not computed' time (>= {SENTINEL_MINUTES:g})",
        int(sentinel.sum()),
        [f"row {k}" for k in np.flatnonzero(sentinel)[:3]],
    )
    if report:
        warnings.warn(str(report), UserWarning, stacklevel=2)
    return out[~(nan | sentinel)].reset_index(drop=True)


def _refuse_degrees(xy: pd.DataFrame, *, source: str, columns: tuple[str, str, str, str]) -> None:
    """Coordinates that all fit in longitude/latitude ranges are degrees, not metres: distances would be ~1e-3 km."""
    xs = xy[["x1", "x2"]].to_numpy()
    ys = xy[["y1", "y2"]].to_numpy()
    if len(xy) and np.nanmax(np.abs(xs)) <= 180.0 and np.nanmax(np.abs(ys)) <= 90.0:
        raise InvalidValueError(
            f"{source}: the coordinates {', '.join(columns)} look like degrees (longitude/latitude: x from "
            f"{np.nanmin(xs):.4g} to {np.nanmax(xs):.4g}, y from {np.nanmin(ys):.4g} to {np.nanmax(ys):.4g}); "
            "observed pairs need projected coordinates in metres (Lambert-93, EPSG:2154, for mainland France): "
            "reproject them first, e.g. with pyproj.Transformer.from_crs(4326, 2154, always_xy=True)"
        )


#: Smallest spread of crow-fly distances (km, longest minus shortest pair) from which a slope can be fitted: pairs
#: closer in distance than this carry no information on the minutes per km (1 km is about a minute of driving, the
#: resolution of the observed times).
MIN_DISTANCE_SPREAD_KM = 1.0

#: Plausible slopes of a road-time model, minutes per crow-fly km: 0.2 (300 km/h) to 30 (2 km/h).
PLAUSIBLE_MINUTES_PER_KM: tuple[float, float] = (0.2, 30.0)


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
        NaN, negative or sentinel values, too few pairs, pairs that carry no information on the slope (all at
        one distance: their spread is below :data:`MIN_DISTANCE_SPREAD_KM`), or a fit with a negative
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
    spread = float(np.ptp(x)) if fit_intercept else float(np.max(x))
    if spread < MIN_DISTANCE_SPREAD_KM:
        # all pairs at one distance: any line through their mean fits them; least squares would pick one at random
        raise InvalidValueError(
            M.calibrage_sans_information(
                n=int(x.size), ecart_km=spread, minimum_km=MIN_DISTANCE_SPREAD_KM, plus_longue_km=float(np.max(x))
            )
        )
    design = np.column_stack([np.ones_like(x), x]) if fit_intercept else x[:, None]
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    a, b = (float(coef[0]), float(coef[1])) if fit_intercept else (0.0, float(coef[0]))
    if not (b > 0):
        raise InvalidValueError(
            f"fitted minutes_per_km = {b:.4g} is not positive: the observed times do not grow with distance "
            "(check that the columns are times in minutes and distances in km of the same pairs)"
        )
    low, high = PLAUSIBLE_MINUTES_PER_KM
    if not (low <= b <= high):
        raise InvalidValueError(
            f"fitted minutes_per_km = {b:.4g} is implausible for travel times (expected {low:g} to {high:g}, "
            f"i.e. {60 / high:g} to {60 / low:g} km/h): the distances are probably not in km (degrees or metres "
            "given as km?) or the times not in minutes (seconds, hours?); check the units of both columns"
        )
    if a < 0:
        raise InvalidValueError(
            f"fitted intercept_minutes = {a:.4g} is negative; refit with fit_intercept=False "
            "or check the data (short pairs may be missing)"
        )
    return evaluate_model(CrowFlyModel(intercept_minutes=a, minutes_per_km=b), x, y)
