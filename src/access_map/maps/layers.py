"""The empty base map of every interactive map: framed on the territory, offline unless a basemap is asked for.

Without a basemap (the default) the map has a light background and requests nothing from the
network. ``basemap="openstreetmap"`` adds OpenStreetMap tiles with their attribution
(« © OpenStreetMap contributors »); opened offline, the map then says on its face that the
basemap is unavailable (``access_map.js``).

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> m = base_map(gpd.GeoDataFrame(geometry=[box(2.0, 46.0, 2.1, 46.1)], crs=4326), basemap=None)
>>> "tile.openstreetmap" in m.get_root().render()
False
"""

from __future__ import annotations

from typing import cast

import folium
import geopandas as gpd
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from ..errors import CRSError, InvalidValueError
from ..messages import maps_checks as chk

__all__ = ["BASEMAPS", "NO_BASEMAP_BACKGROUND", "base_map"]

#: Basemaps accepted by ``basemap=`` (folium tile names); ``None`` = no basemap (works offline).
BASEMAPS: dict[str, str] = {
    "cartodbpositron": "cartodbpositron",
    "openstreetmap": "OpenStreetMap",
}
#: Background colour of the map when there is no basemap.
NO_BASEMAP_BACKGROUND = "#f2f1ec"


def base_map(
    gdf: gpd.GeoDataFrame,
    *,
    basemap: str | None = None,
    width: str = "100%",
    height: str = "100%",
) -> folium.Map:
    """An empty :class:`folium.Map` fitted to the bounds of ``gdf``.

    Parameters
    ----------
    gdf : GeoDataFrame
        Anything with a CRS; only its bounds are used.
    basemap : {"cartodbpositron", "openstreetmap"} or None
        Tile layer; ``None`` gives no basemap and a light background (for offline use).
    width, height : str
        CSS size of the map.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> m = base_map(gpd.GeoDataFrame(geometry=[Point(2, 46), Point(3, 47)], crs=4326), basemap=None)
    >>> type(m).__name__
    'Map'
    """
    if gdf.crs is None:
        raise CRSError(chk.no_crs(where="base_map"))
    if basemap is not None and basemap not in BASEMAPS:
        raise InvalidValueError(chk.unknown_basemap(basemap, sorted(BASEMAPS)))
    bounds = gdf.to_crs(4326).total_bounds if not gdf.empty else (-5.0, 41.0, 10.0, 51.5)
    west, south, east, north = (float(b) for b in bounds)
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=8,
        tiles=BASEMAPS[basemap] if basemap else None,
        width=width,
        height=height,
        control_scale=False,  # folium's scale adds miles: _MetricScale below
        prefer_canvas=False,
        max_zoom=18,
        # map-level maxZoom: without tiles Leaflet has none and MarkerCluster refuses to start
        maxZoom=18,
    )
    if basemap is None:
        cast(Figure, m.get_root()).header.add_child(
            Element(f"<style>.leaflet-container {{ background: {NO_BASEMAP_BACKGROUND}; }}</style>"),
            name="access_map_background",
        )
    _MetricScale().add_to(m)
    m.fit_bounds([[south, west], [north, east]])
    return m


class _MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (folium's ``control_scale`` also shows miles)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MetricScale"
