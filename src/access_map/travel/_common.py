"""Shared internals of the travel package: the output table and commune points (codes, coordinates)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_insee_codes, describe_values, normalize_insee_codes, require_columns
from ..errors import CRSError, InvalidValueError
from ..messages import travel as T

#: Columns of every travel-time table.
TRAVEL_COLUMNS: tuple[str, str, str] = ("origin", "destination", "minutes")

#: Times at or above this value are "not computed" markers in distancier exports
#: (INSEE Metric writes 9999), never real road times.
SENTINEL_MINUTES: float = 9999.0


def _frame(origin: Any, destination: Any, minutes: np.ndarray) -> pd.DataFrame:
    """Build the output table from code arrays and a float array (no validation)."""
    return pd.DataFrame(
        {
            "origin": pd.array(np.asarray(origin, dtype=object), dtype="str"),
            "destination": pd.array(np.asarray(destination, dtype=object), dtype="str"),
            "minutes": np.asarray(minutes, dtype=float),
        }
    )


def _points_xy(points: Any, *, code_column: str | None, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (codes as object array, (n, 2) float coordinates) of commune points, checked."""
    geometry = getattr(points, "geometry", None)
    if geometry is None:
        raise InvalidValueError(T.pas_un_geodataframe(quoi=what, type_recu=type(points).__name__))
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
            T.communes_sans_point(
                quoi=what, nombre_communes=int(empty.sum()), codes=describe_values(codes[empty].tolist())
            )
        )
    types = np.asarray(geometry.geom_type)
    not_point = types != "Point"
    if not_point.any():
        raise InvalidValueError(
            T.pas_des_points(
                quoi=what,
                types=describe_values(sorted(set(types[not_point].tolist()))),
                codes=describe_values(codes[not_point].tolist()),
            )
        )
    xy = np.column_stack([np.asarray(geometry.x, dtype=float), np.asarray(geometry.y, dtype=float)])
    return codes.to_numpy(dtype=object), xy


def _lonlat(points: Any, *, code_column: str | None, what: str) -> tuple[np.ndarray, np.ndarray]:
    if getattr(points, "crs", None) is None:
        raise CRSError(T.sans_crs(quoi=what))
    codes, _ = _points_xy(points, code_column=code_column, what=what)
    ll = points.to_crs(4326).geometry
    return codes, np.column_stack([np.asarray(ll.x, dtype=float), np.asarray(ll.y, dtype=float)])


def _metric_xy(origins: Any, destinations: Any | None, *, code_column: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates in metres (the points' projected CRS, or their UTM zone if geographic)."""
    crs = origins.crs if not origins.crs.is_geographic else origins.estimate_utm_crs()
    _, o_xy = _points_xy(origins.to_crs(crs), code_column=code_column, what="origins")
    if destinations is None:
        return o_xy, o_xy
    _, d_xy = _points_xy(destinations.to_crs(crs), code_column=code_column, what="destinations")
    return o_xy, d_xy
