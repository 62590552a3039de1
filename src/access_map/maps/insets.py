"""Overseas departments in insets: national maps show metropolitan France with the DROM beside it.

French official maps (INSEE, DREES, IGN) draw metropolitan France and place the five overseas
departments (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte) in small frames beside it, each at
its own scale. Drawn at their true place, they stretch a map of France over half the globe and
metropolitan France shrinks to a few pixels.

:func:`inset_layout` does this once, on the geometry, so that the interactive maps (Leaflet) and
the static images draw the same layout with the same code: each DROM is projected in its own
conformal CRS (EPSG:5490 Antilles, 2972 Guyane, 2975 La Réunion, 4471 Mayotte, as the travel-time
code measures it), scaled to fit its frame and moved into a 2 × 3 grid of frames in the Bay of
Biscay, in Lambert-93 metres (west of Nouvelle-Aquitaine, south of Brittany, where the sea is).
Every area keeps its code, its tooltip, its popup and its colour; points (MSP, labels) follow with
:func:`reposition_points`. The layout applies only when the areas hold metropolitan France *and* a
DROM: a map of one region is never changed.

Why repositioned geometry rather than separate small Leaflet maps or matplotlib inset axes: one
topology, one set of views, popups, search and overlays serves the whole map (separate inset maps
would duplicate every layer and their state); the PNG keeps its fast rasterised path; the HTML and
the PNG show the same layout. The cost: coordinates inside a frame are not geographic (the scale
bar holds for metropolitan France only, which the frames' caption says, and an OpenStreetMap
basemap, when asked for, does not match the frames).

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import box
>>> g = gpd.GeoDataFrame(geometry=[box(2.0, 46.0, 2.1, 46.1), box(55.4, -21.1, 55.5, -21.0)],
...                      index=pd.Index(["18001", "97411"]), crs=4326)
>>> moved, frames = inset_layout(g)
>>> [f.name for f in frames], moved.crs.to_epsg()
(['La Réunion'], 2154)
>>> inset_layout(g, crs=3857)[0].crs.to_epsg()
3857
>>> frames[0].box[0] <= moved.geometry.iloc[1].bounds[0] and moved.geometry.iloc[1].bounds[2] <= frames[0].box[2]
True
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..errors import CRSError
from ..messages import maps as msg
from ..messages import maps_checks as chk

__all__ = ["DROM", "METROPOLE_BOX", "InsetFrame", "inset_layout", "reposition_points", "drom_of"]

#: The overseas departments: code → (projected CRS of their own, (west, south, east, north) in degrees).
#: The CRS are those of :data:`access_map.travel.LOCAL_CRS`.
DROM: dict[str, tuple[int, tuple[float, float, float, float]]] = {
    "971": (5490, (-62.0, 15.7, -60.9, 16.7)),
    "972": (5490, (-61.4, 14.3, -60.7, 15.0)),
    "973": (2972, (-54.8, 1.9, -51.4, 6.0)),
    "974": (2975, (55.0, -21.6, 56.0, -20.7)),
    "976": (4471, (44.8, -13.2, 45.5, -12.4)),
}
#: Metropolitan France and Corsica, (west, south, east, north) in degrees.
METROPOLE_BOX = (-5.6, 41.2, 10.0, 51.3)

# the frames: a 2 × 3 grid in the Bay of Biscay, Lambert-93 metres (cell width, height, gap)
_CELL_W, _CELL_H, _GAP = 170_000.0, 150_000.0, 20_000.0
_GRID_WEST, _GRID_NORTH = -60_000.0, 6_560_000.0
_ORDER = ("971", "972", "973", "974", "976")
_MARGIN = 0.06  # share of a frame left around its department
_NAME_BAND = 0.16  # share of a frame's height kept at its top for its name


@dataclass(frozen=True)
class InsetFrame:
    """The frame of one overseas department on a national map.

    Attributes
    ----------
    code, name
        Department code (``"974"``) and name (« La Réunion »).
    box
        ``(west, south, east, north)`` of the frame in the map's CRS (``map_crs``).
    scale
        Scale of the inset relative to metropolitan France (> 1: drawn larger).
    crs, factor, offset
        The department's own CRS, and the transform from it into the map's CRS
        (``x' = factor · x + offset[0]``, ``y' = factor · y + offset[1]``).
    map_crs
        CRS of the map: Lambert-93 (2154, static images) or Web Mercator (3857, web maps, where
        the frames are then exact rectangles of longitude and latitude).
    """

    code: str
    name: str
    box: tuple[float, float, float, float]
    scale: float
    crs: int
    factor: float
    offset: tuple[float, float]
    map_crs: int = 2154

    def box_degrees(self) -> tuple[float, float, float, float]:
        """The frame in degrees (EPSG:4326), for a web map.

        Examples
        --------
        >>> f = InsetFrame("974", "La Réunion", (0.0, 6.1e6, 1.7e5, 6.25e6), 1.0, 2975, 1.0, (0.0, 0.0))
        >>> [round(v, 1) for v in f.box_degrees()]
        [-5.6, 41.7, -3.4, 43.2]
        """
        frame = gpd.GeoSeries([shapely.box(*self.box)], crs=self.map_crs).to_crs(4326)
        west, south, east, north = (float(v) for v in frame.total_bounds)
        return west, south, east, north


def _inside(points: gpd.GeoSeries, box: tuple[float, float, float, float]) -> np.ndarray:
    x, y = points.x.to_numpy(), points.y.to_numpy()
    return np.asarray((x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3]), dtype=bool)


def drom_of(geometries: gpd.GeoSeries) -> pd.Series:
    """The overseas department each geometry lies in (``""`` for metropolitan France, ``None`` elsewhere).

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> drom_of(gpd.GeoSeries([Point(2, 46), Point(55.5, -21), Point(-20, 0)], crs=4326)).tolist()
    ['', '974', None]
    """
    if geometries.crs is None:
        raise CRSError(chk.no_crs(where="drom_of"))
    pts = geometries.representative_point().to_crs(4326)
    out = pd.Series([None] * len(pts), index=geometries.index, dtype=object)
    out[_inside(pts, METROPOLE_BOX)] = ""
    for code, (_, box) in DROM.items():
        out[_inside(pts, box)] = code
    return out


def _grid(map_crs: int) -> tuple[float, float, float]:
    """North-west corner of the frames' grid and the length of a Lambert-93 metre, in the map's CRS."""
    if map_crs == 2154:
        return _GRID_WEST, _GRID_NORTH, 1.0
    if map_crs != 3857:
        raise CRSError(chk.inset_crs(where="inset_layout", epsg=map_crs))
    import pyproj

    to_map = pyproj.Transformer.from_crs(2154, map_crs, always_xy=True)
    to_deg = pyproj.Transformer.from_crs(2154, 4326, always_xy=True)
    west, north = to_map.transform(_GRID_WEST, _GRID_NORTH)
    _, lat = to_deg.transform(_GRID_WEST, _GRID_NORTH - (_CELL_H + _GAP) * 1.5)
    return float(west), float(north), 1.0 / float(np.cos(np.radians(lat)))  # Mercator metres per ground metre


def _frames(parts: dict[str, gpd.GeoSeries], map_crs: int) -> list[InsetFrame]:
    grid_west, grid_north, k_map = _grid(map_crs)
    cell_w, cell_h, gap = _CELL_W * k_map, _CELL_H * k_map, _GAP * k_map
    frames = []
    for k, code in enumerate(c for c in _ORDER if c in parts):
        crs = DROM[code][0]
        local = parts[code].to_crs(crs)
        west, south, east, north = (float(v) for v in local.total_bounds)
        width, height = max(east - west, 1.0), max(north - south, 1.0)
        factor = min(cell_w * (1 - 2 * _MARGIN) / width, cell_h * (1 - _MARGIN - _NAME_BAND) / height)
        row, col = divmod(k, 2)
        box_w = grid_west + col * (cell_w + gap)
        box_n = grid_north - row * (cell_h + gap)
        box = (box_w, box_n - cell_h, box_w + cell_w, box_n)
        cx = (box[0] + box[2]) / 2
        cy = box[1] + cell_h * (_MARGIN + (1 - _MARGIN - _NAME_BAND) / 2)
        offset = (cx - factor * (west + east) / 2, cy - factor * (south + north) / 2)
        frames.append(
            InsetFrame(code, msg.INSET_NAMES[code], box, round(factor / k_map, 6), crs, factor, offset, map_crs)
        )
    return frames


def _move(geoms: gpd.GeoSeries, frame: InsetFrame) -> np.ndarray:
    local = np.asarray(geoms.to_crs(frame.crs).values)
    f, (dx, dy) = frame.factor, frame.offset
    return np.asarray(shapely.transform(local, lambda xy: xy * f + np.array([dx, dy])))


def inset_layout(gdf: gpd.GeoDataFrame, *, crs: int = 2154) -> tuple[gpd.GeoDataFrame, list[InsetFrame]]:
    """The areas with the overseas departments moved into frames (when France and a DROM are mixed).

    Parameters
    ----------
    gdf
        Areas (communes, departments, regions…) with a CRS, any index. Not modified.
    crs
        CRS of the map: 2154 (Lambert-93, static images) or 3857 (Web Mercator, web maps: the frames
        are then exact longitude/latitude rectangles on the screen).

    Returns
    -------
    (GeoDataFrame, list of InsetFrame)
        Same rows, index and columns, in ``crs``, the DROM areas moved into their frames; and
        the frames. When the areas do not hold both metropolitan France and an overseas
        department, the areas unchanged (in their CRS) and no frame.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame(geometry=[box(-1, 45, 0, 46)], crs=4326)
    >>> inset_layout(g)[1]
    []
    """
    if gdf.crs is None:
        raise CRSError(chk.no_crs(where="inset_layout"))
    where = drom_of(gdf.geometry)
    drom_codes = sorted({c for c in where.dropna() if c})
    if not drom_codes or not (where == "").any():
        return gdf, []
    parts = {code: gdf.geometry[(where == code).to_numpy()] for code in drom_codes}
    frames = _frames(parts, crs)
    out = gdf.to_crs(crs)
    geoms = np.asarray(out.geometry.values).copy()
    for frame in frames:
        mask = (where == frame.code).to_numpy()
        geoms[mask] = _move(gdf.geometry[mask], frame)
    return out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=crs).rename(out.geometry.name)), frames


def reposition_points(points: gpd.GeoDataFrame, frames: list[InsetFrame]) -> gpd.GeoDataFrame:
    """Points (MSP, QPV…) moved with the inset layout of a national map (returned in the map's CRS).

    Points in an overseas department whose frame is in ``frames`` move into it; the others keep
    their place. Without frames, the points are returned unchanged.

    Examples
    --------
    >>> from shapely.geometry import Point, box
    >>> g = gpd.GeoDataFrame(geometry=[box(2.0, 46.0, 2.1, 46.1), box(55.4, -21.1, 55.5, -21.0)], crs=4326)
    >>> _, frames = inset_layout(g)
    >>> p = reposition_points(gpd.GeoDataFrame(geometry=[Point(55.45, -21.05)], crs=4326), frames)
    >>> frames[0].box[0] < p.geometry.iloc[0].x < frames[0].box[2]
    True
    """
    if not frames:
        return points
    where = drom_of(points.geometry)
    crs = frames[0].map_crs
    out = points.to_crs(crs)
    geoms = np.asarray(out.geometry.values).copy()
    for frame in frames:
        mask = (where == frame.code).to_numpy()
        if mask.any():
            geoms[mask] = _move(points.geometry[mask], frame)
    return out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=crs).rename(out.geometry.name))
