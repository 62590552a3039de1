"""Maps of the indicators: folium (interactive), light/self-contained HTML, static images, rasters.

Public API
----------
* interactive (:mod:`.folium_maps`): :func:`apl_map`, :func:`zoning_map`, :func:`cpts_map`,
  :func:`msp_map`, :func:`summary_map`, :func:`deployment_map` → :class:`folium.Map`;
* files (:mod:`.html`): :func:`save_map` (atomic; ``self_contained=True`` inlines the vendored
  JavaScript/CSS so the page opens offline; ``basemap=False`` drops the tiles);
* display geometries (:mod:`.geometry`): :func:`display_geometries` (coverage simplification that
  keeps shared borders, rounded EPSG:4326 coordinates);
* static images (:mod:`.static`): :func:`static_map` (PNG/SVG via matplotlib);
* rasters (:mod:`.raster`): :func:`write_indicator_raster`, :func:`read_indicator_raster`;
* styles (:mod:`.styles`): colours, class breaks and French labels.

Examples
--------
>>> from access_map import maps
>>> maps.ZONING_COLORS["ZIP"]
'#7a0177'
"""

from __future__ import annotations

from .folium_maps import (
    MSP_CATEGORY_LABELS,
    apl_map,
    cpts_map,
    deployment_map,
    msp_map,
    summary_map,
    zoning_map,
)
from .geometry import display_geometries
from .html import render_html, save_map
from .raster import read_indicator_raster, write_indicator_raster
from .static import static_map
from .styles import (
    MISSING_COLOR,
    MISSING_LABEL,
    ZONING_COLORS,
    Classification,
    classify,
    esc,
    format_fr,
)

__all__ = [
    "MSP_CATEGORY_LABELS",
    "MISSING_COLOR",
    "MISSING_LABEL",
    "ZONING_COLORS",
    "Classification",
    "apl_map",
    "classify",
    "cpts_map",
    "deployment_map",
    "display_geometries",
    "esc",
    "format_fr",
    "msp_map",
    "read_indicator_raster",
    "render_html",
    "save_map",
    "static_map",
    "summary_map",
    "write_indicator_raster",
    "zoning_map",
]
