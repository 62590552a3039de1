"""Indicator rasters: the value of the commune under each cell, as a compressed GeoTIFF.

The grid is in the CRS of the communes (it must be projected, EPSG:2154 for mainland France),
aligned on multiples of ``resolution_m`` (so rasters of different indicators and vintages stack),
``float32``, DEFLATE-compressed, tiled. A cell takes the value of the commune that contains its
**centre** (``rasterio.features.rasterize`` without ``all_touched``); cells outside every commune
and communes without a value get ``nodata`` (default -9999.0, recorded in the file).

Examples
--------
>>> import geopandas as gpd, pandas as pd, tempfile, pathlib
>>> from shapely.geometry import box
>>> g = gpd.GeoDataFrame(geometry=[box(0, 0, 2000, 2000), box(2000, 0, 4000, 2000)],
...                      index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "apl.tif"
>>> _ = write_indicator_raster(g, pd.Series({"01001": 1.5, "01002": 4.25}), path, resolution_m=1000)
>>> array, transform, crs, nodata = read_indicator_raster(path)
>>> array.tolist(), crs.to_epsg(), nodata
([[1.5, 1.5, 4.25, 4.25], [1.5, 1.5, 4.25, 4.25]], 2154, -9999.0)
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .._atomic import atomic_path
from ..communes import CODE
from ..errors import CRSError, InvalidValueError
from ..messages import maps_checks as chk
from ..readers._io import reads_input

__all__ = ["write_indicator_raster", "read_indicator_raster", "DEFAULT_NODATA"]

#: No-data value written in indicator rasters.
DEFAULT_NODATA = -9999.0


def write_indicator_raster(
    communes_gdf: gpd.GeoDataFrame,
    values: pd.Series,
    path: str | os.PathLike[str],
    *,
    resolution_m: float = 1000.0,
    nodata: float = DEFAULT_NODATA,
) -> Path:
    """Rasterise a commune indicator to a float32 GeoTIFF (atomic write).

    Parameters
    ----------
    communes_gdf : GeoDataFrame
        Commune polygons in a projected CRS (metres), indexed by ``code_commune`` (or with that column).
    values : pd.Series
        Indicator per ``code_commune`` (NaN → ``nodata``).
    path : path-like
        Output ``.tif``.
    resolution_m : float
        Cell size in metres (default 1 km). The grid origin is snapped to a multiple of it.
    nodata : float
        Value of cells with no commune or no indicator value; must not be a possible value.

    Returns
    -------
    Path

    Raises
    ------
    CRSError
        If the CRS is missing or geographic.
    InvalidValueError
        If ``resolution_m`` is not positive, the grid would exceed 100 million cells, or a value
        equals ``nodata``.

    Examples
    --------
    See the module docstring.
    """
    import rasterio
    from affine import Affine
    from rasterio.features import rasterize

    if communes_gdf.crs is None or communes_gdf.crs.is_geographic:
        raise CRSError(chk.projected_crs_needed(where="write_indicator_raster", crs=communes_gdf.crs))
    if not resolution_m > 0:
        raise InvalidValueError(
            chk.must_be_positive(where="write_indicator_raster", name="resolution_m", value=resolution_m)
        )
    gdf = communes_gdf.set_index(CODE) if CODE in communes_gdf.columns else communes_gdf
    codes = gdf.index.astype(str)
    vals = values.copy()
    vals.index = vals.index.astype(str)
    aligned = pd.to_numeric(vals.reindex(codes), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    if np.any(aligned[np.isfinite(aligned)] == nodata):
        raise InvalidValueError(chk.nodata_in_values(nodata=nodata))
    xmin, ymin, xmax, ymax = gdf.total_bounds
    x0 = math.floor(xmin / resolution_m) * resolution_m
    y1 = math.ceil(ymax / resolution_m) * resolution_m
    width = max(1, math.ceil((xmax - x0) / resolution_m))
    height = max(1, math.ceil((y1 - ymin) / resolution_m))
    if width * height > 100_000_000:
        raise InvalidValueError(chk.raster_too_large(width=width, height=height, resolution_m=resolution_m))
    transform = Affine(resolution_m, 0.0, x0, 0.0, -resolution_m, y1)
    shapes = [
        (geom, float(v))
        for geom, v in zip(gdf.geometry, aligned)
        if geom is not None and not geom.is_empty and np.isfinite(v)
    ]
    array = np.full((height, width), nodata, dtype="float32")
    if shapes:
        array = rasterize(shapes, out_shape=(height, width), transform=transform, fill=nodata, dtype="float32")
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": gdf.crs.to_wkt(),
        "transform": transform,
        "nodata": nodata,
        "compress": "deflate",
        "predictor": 3,
        "tiled": width >= 256 and height >= 256,
    }
    if profile["tiled"]:
        profile.update(blockxsize=256, blockysize=256)
    target = Path(path)
    with atomic_path(target) as tmp:
        with rasterio.open(tmp, "w", **profile) as dst:
            dst.write(array, 1)
            dst.update_tags(resolution_m=str(resolution_m), cell_value="valeur de la commune au centre de la maille")
    return target


@reads_input
def read_indicator_raster(path: str | os.PathLike[str]) -> tuple[np.ndarray, object, object, float | None]:
    """Read a raster written by :func:`write_indicator_raster`.

    Returns
    -------
    tuple
        ``(array, transform, crs, nodata)``: band 1 as a float32 array, its affine transform, its
        :class:`rasterio.crs.CRS` and the nodata value.

    Examples
    --------
    See the module docstring.
    """
    import rasterio

    from ..readers._io import require_regular_file

    with rasterio.open(require_regular_file(path)) as src:  # a pipe or a device is refused before GDAL reads it
        return src.read(1), src.transform, src.crs, src.nodata
