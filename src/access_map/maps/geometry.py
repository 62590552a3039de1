"""Light display geometries: topology-preserving simplification and rounded coordinates.

Communes tile the territory (a *polygonal coverage*). Simplifying each polygon on its own
(``GeoSeries.simplify``) moves the two copies of a shared border differently and opens gaps and
slivers between neighbours. :func:`display_geometries` uses GEOS coverage simplification
(:func:`shapely.coverage_simplify`, Visvalingam-Whyatt on shared edges, shapely ≥ 2.1) so that
each shared edge is simplified once, then reprojects to EPSG:4326 and rounds coordinates
(5 decimals ≈ 1 m), which keeps shared vertices identical (same input → same rounded output).

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> cells = gpd.GeoDataFrame(geometry=[box(700000, 6600000, 701000, 6601000),
...                                    box(701000, 6600000, 702000, 6601000)], crs=2154)
>>> light = display_geometries(cells, tolerance_m=10.0)
>>> str(light.crs), light.geometry.iloc[0].touches(light.geometry.iloc[1])
('EPSG:4326', True)
"""

from __future__ import annotations

import logging

import geopandas as gpd
import numpy as np
import shapely

from ..errors import CRSError, InvalidValueError
from ..messages import maps_checks as chk

__all__ = ["display_geometries", "DEFAULT_TOLERANCE_M", "DEFAULT_DECIMALS"]

logger = logging.getLogger(__name__)

#: Default simplification tolerance (metres, ≈ square root of the area of removed triangles):
#: below one screen pixel up to zoom ≈ 10 (regional view). Outlines that are already simplified
#: (e.g. the mapshaper-simplified Admin Express GeoJSON) lose little; full-resolution ones a lot.
DEFAULT_TOLERANCE_M = 100.0
#: Default number of decimals of EPSG:4326 coordinates (1e-5 degree ≈ 1.1 m in latitude).
DEFAULT_DECIMALS = 5


def _repaired(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Invalid polygons (self-intersecting rings: a "bow tie") made valid, keeping their polygonal parts only.

    Coverage simplification and the TopoJSON encoder need valid polygons: a self-intersecting ring would come
    out without any arc. Valid geometries are left untouched; an area left without surface stays empty (the
    topology refuses it, naming it).
    """
    arr = np.asarray(geoms.values)
    polygonal = np.isin(shapely.get_type_id(arr), (3, 6))
    invalid = polygonal & ~shapely.is_valid(arr)
    if not invalid.any():
        return geoms
    fixed = arr.copy()
    for k in np.flatnonzero(invalid):
        parts = shapely.get_parts(shapely.make_valid(arr[k]))
        polygons = [p for p in parts if shapely.get_type_id(p) in (3, 6) and not p.is_empty]
        fixed[k] = shapely.union_all(polygons) if polygons else shapely.Polygon()
    logger.info("%d invalid polygon(s) repaired for display (make_valid)", int(invalid.sum()))
    return gpd.GeoSeries(fixed, index=geoms.index, crs=geoms.crs)


def display_geometries(
    gdf: gpd.GeoDataFrame,
    *,
    tolerance_m: float | None = DEFAULT_TOLERANCE_M,
    decimals: int | None = DEFAULT_DECIMALS,
) -> gpd.GeoDataFrame:
    """Return a light EPSG:4326 copy of a polygon coverage for web maps.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons (communes, CPTS…) with a CRS. A projected CRS (EPSG:2154…) is used as is; a
        geographic CRS is first projected to Web Mercator (EPSG:3857, the projection of the web
        map), in which case ``tolerance_m`` is in Web Mercator metres (≈ 1.4 ground metres at
        46° N). Points and lines are only reprojected and rounded.
    tolerance_m : float or None
        Coverage-simplification tolerance; ``None`` or 0 disables simplification.
    decimals : int or None
        Decimals kept in longitude/latitude; ``None`` keeps full precision.

    Returns
    -------
    GeoDataFrame
        Same index and columns, geometry simplified, in EPSG:4326. The input is not modified.

    Raises
    ------
    CRSError
        If ``gdf`` has no CRS.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Polygon
    >>> zigzag = [(x * 10.0, 1.0 if x % 2 else 0.0) for x in range(101)]
    >>> left = Polygon([(0, -1000)] + zigzag + [(1000, -1000)])
    >>> right = Polygon([(0, 1000)] + zigzag + [(1000, 1000)])
    >>> g = gpd.GeoDataFrame(geometry=[left, right], crs=2154).translate(700000, 6600000)
    >>> light = display_geometries(gpd.GeoDataFrame(geometry=g), tolerance_m=20.0, decimals=None)
    >>> [len(p.exterior.coords) < 50 for p in light.geometry]
    [True, True]
    """
    if gdf.crs is None:
        raise CRSError(chk.no_crs(where="display_geometries"))
    if tolerance_m is not None and tolerance_m < 0:
        raise InvalidValueError(
            chk.must_be_non_negative(where="display_geometries", name="tolerance_m", value=tolerance_m)
        )
    out = gdf.copy()
    geoms = _repaired(out.geometry)
    if tolerance_m:
        if geoms.crs.is_geographic:
            geoms = geoms.to_crs(3857)
        arr = geoms.values.to_numpy() if hasattr(geoms.values, "to_numpy") else np.asarray(geoms.values)
        types = shapely.get_type_id(arr)
        polygonal = np.isin(types, (3, 6))  # Polygon, MultiPolygon
        if polygonal.any():
            simplified = arr.copy()
            simplified[polygonal] = shapely.coverage_simplify(arr[polygonal], tolerance_m)
            geoms = gpd.GeoSeries(simplified, index=geoms.index, crs=geoms.crs)
    geoms = geoms.to_crs(4326)
    if decimals is not None:
        factor = 10.0**decimals
        arr = np.asarray(geoms.values)
        arr = shapely.transform(arr, lambda xy: np.round(xy * factor) / factor)
        geoms = gpd.GeoSeries(arr, index=geoms.index, crs=4326)
    return out.set_geometry(geoms.rename(out.geometry.name))
