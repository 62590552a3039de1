"""Maps of the indicators: folium (interactive), light/self-contained HTML, static images, rasters.

Public API
----------
* interactive (:mod:`.folium_maps`): :func:`apl_map`, :func:`zoning_map`, :func:`cpts_map`,
  :func:`msp_map`, :func:`summary_map`, :func:`deployment_map` → :class:`folium.Map`, drawn in the
  browser by one territory layer (:mod:`.territory_layer`: views, overlays, popup, search);
* what a map states (:mod:`.meta`): titles, units, production date; the popup's commune profile
  (:mod:`.profile`): :func:`commune_profile`;
* display geometry (:mod:`.topology`): :func:`display_topology` (coverage simplification that keeps
  shared borders, quantised TopoJSON), computed once per territory and shared by its maps;
* files (:mod:`.html`): :func:`save_map` (atomic; self-contained and offline by default);
* the maps of a refresh (:mod:`.publish`): :func:`~access_map.maps.publish.write_maps`;
* static images (:mod:`.static`, :mod:`.png`): :func:`static_map` (PNG fast from outlines
  rasterised once; SVG/PDF with matplotlib);
* rasters (:mod:`.raster`): :func:`write_indicator_raster`, :func:`read_indicator_raster`;
* styles (:mod:`.styles`): colours, class breaks, French labels and number formats.

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
    delta_map,
    deployment_map,
    msp_map,
    summary_map,
    zoning_map,
)
from .geometry import display_geometries
from .html import render_html, save_map
from .profile import commune_profile
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
from .topology import DisplayTopology, display_topology

__all__ = [
    "MSP_CATEGORY_LABELS",
    "MISSING_COLOR",
    "MISSING_LABEL",
    "ZONING_COLORS",
    "Classification",
    "DisplayTopology",
    "commune_profile",
    "display_topology",
    "apl_map",
    "delta_map",
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
