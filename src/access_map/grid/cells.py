"""Where grid cells are: centres, squares and CRS from their INSPIRE ids.

An INSEE cell id (``CRS3035RES200mN2466800E3482800``) names its projection, its size and its south-west
corner (:func:`access_map.zones.parse_cell_ids`): the geometry needs no file.

Examples
--------
>>> import pandas as pd
>>> cells = pd.DataFrame(index=pd.Index(["CRS3035RES200mN2466800E3482800"], name="cell_id"))
>>> cell_centres(cells).tolist()
[[3482900.0, 2466900.0]]
>>> cell_squares(cells).total_bounds.tolist()
[3482800.0, 2466800.0, 3483000.0, 2467000.0]
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..errors import InvalidValueError
from ..messages import grid as msg
from ..zones import check_zone_codes, parse_cell_ids

__all__ = ["cell_crs", "cell_centres", "cell_squares", "cell_points"]


def _parsed(cells: pd.DataFrame | pd.Index) -> pd.DataFrame:
    index = cells if isinstance(cells, pd.Index) else cells.index
    check_zone_codes(index, kind="cell", source="cellules", column=str(index.name or "index"))
    parsed = parse_cell_ids(index)
    if parsed["epsg"].nunique() > 1:
        raise InvalidValueError(
            msg.grilles_melangees(source="cellules", kinds=sorted(map(str, parsed["epsg"].unique())))
        )
    return parsed


def cell_crs(cells: pd.DataFrame | pd.Index) -> int:
    """EPSG code of the cells (one projection per table).

    Examples
    --------
    >>> cell_crs(pd.Index(["CRS2975RES200mN7650000E340000"]))
    2975
    """
    parsed = _parsed(cells)
    return int(parsed["epsg"].iloc[0]) if len(parsed) else 3035


def cell_centres(cells: pd.DataFrame | pd.Index) -> np.ndarray:
    """``(n, 2)`` array of the cells' centres (east, north) in their CRS, in the order of ``cells``.

    Examples
    --------
    >>> cell_centres(pd.Index(["CRS3035RES1000mN2466000E3482000"])).tolist()
    [[3482500.0, 2466500.0]]
    """
    parsed = _parsed(cells)
    half = parsed["size_m"].to_numpy(dtype=float) / 2.0
    return np.column_stack([parsed["east"].to_numpy(dtype=float) + half, parsed["north"].to_numpy(dtype=float) + half])


def cell_squares(cells: pd.DataFrame) -> gpd.GeoDataFrame:
    """The cells as squares in their CRS (a GeoDataFrame with the columns of ``cells``, same index).

    Examples
    --------
    >>> g = cell_squares(pd.DataFrame({"v": [1]}, index=pd.Index(["CRS3035RES200mN0E200"], name="cell_id")))
    >>> g.crs.to_epsg(), g.geometry.iloc[0].area
    (3035, 40000.0)
    """
    parsed = _parsed(cells)
    east = parsed["east"].to_numpy(dtype=float)
    north = parsed["north"].to_numpy(dtype=float)
    size = parsed["size_m"].to_numpy(dtype=float)
    squares = shapely.box(east, north, east + size, north + size)
    epsg = int(parsed["epsg"].iloc[0]) if len(parsed) else 3035
    return gpd.GeoDataFrame(cells.copy(), geometry=squares, crs=epsg)


def cell_points(cells: pd.DataFrame) -> gpd.GeoDataFrame:
    """The cells' centres as points in their CRS (a GeoDataFrame with the columns of ``cells``).

    Examples
    --------
    >>> cell_points(pd.DataFrame(index=pd.Index(["CRS3035RES200mN0E200"]))).geometry.iloc[0].wkt
    'POINT (300 100)'
    """
    xy = cell_centres(cells)
    epsg = cell_crs(cells)
    return gpd.GeoDataFrame(cells.copy(), geometry=shapely.points(xy), crs=epsg)
