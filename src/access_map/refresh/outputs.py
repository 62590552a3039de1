"""Files of a refresh: tables (CSV, Parquet, GeoPackage), provenance, deterministic GeoPackages."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .._atomic import atomic_path
from ..csv_format import write_csv

__all__ = ["sha256", "write_table", "deterministic_gdal", "jsonable", "library_versions"]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read by blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_table(df: pd.DataFrame, directory: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    """Write ``df`` as ``name.csv`` / ``.parquet`` / ``.gpkg`` (GeoDataFrames only) atomically; return the files."""
    written = []
    frame = pd.DataFrame(df.drop(columns="geometry", errors="ignore"))
    if "csv" in formats:
        write_csv(frame, directory / f"{name}.csv")
        written.append(directory / f"{name}.csv")
    if "parquet" in formats:
        with atomic_path(directory / f"{name}.parquet") as tmp:
            frame.to_parquet(tmp, index=True)
        written.append(directory / f"{name}.parquet")
    if "gpkg" in formats and isinstance(df, gpd.GeoDataFrame):
        with atomic_path(directory / f"{name}.gpkg") as tmp:
            df.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
        written.append(directory / f"{name}.gpkg")
    return written


@contextmanager
def deterministic_gdal() -> Iterator[None]:
    """GeoPackages stamp the current date; pin it so unchanged inputs give identical files."""
    old = os.environ.get("OGR_CURRENT_DATE")
    os.environ["OGR_CURRENT_DATE"] = "2000-01-01T00:00:00Z"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("OGR_CURRENT_DATE", None)
        else:
            os.environ["OGR_CURRENT_DATE"] = old


def jsonable(obj: Any) -> Any:
    """Paths, numpy scalars, tuples and nested dicts turned into JSON values."""
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.floating | np.integer):
        return obj.item()
    return obj


def library_versions() -> dict[str, str]:
    """Versions of the main libraries (for provenance)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("numpy", "scipy", "pandas", "geopandas", "shapely", "folium", "rasterio", "mapclassify", "pyogrio"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover
            out[name] = "absent"
    return out
