"""Building blocks of the folium maps: base map, polygon layers, legends, caption box.

Every piece of text that may come from data (names, labels, captions, layer names) goes through
:func:`access_map.maps.styles.esc` before it reaches the HTML: folium's ``GeoJsonTooltip`` and
Leaflet's layer control insert their content with ``innerHTML`` and folium places tooltips and
popups inside JavaScript template literals, none of which escapes.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> g = gpd.GeoDataFrame({"nom": ["<b>A</b>"]}, geometry=[box(2.0, 46.0, 2.1, 46.1)], crs=4326)
>>> m = base_map(g, basemap=None)
>>> layer = polygon_layer(g, name="Communes", fill=["#ff0000"], tooltip=["&lt;b&gt;A&lt;/b&gt;"])
>>> _ = layer.add_to(m)
>>> add_legend(m, title="Légende", items=[("#ff0000", "Classe <1>")])
>>> "Classe &lt;1&gt;" in m.get_root().render()
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from ..errors import CRSError, InvalidValueError
from .styles import esc, neutralise_template

__all__ = [
    "BASEMAPS",
    "NO_BASEMAP_BACKGROUND",
    "base_map",
    "polygon_layer",
    "add_legend",
    "add_caption",
    "add_layer_control",
    "add_hatching",
    "HATCH_CLASS",
    "HATCH_SWATCH",
]

#: Basemaps accepted by ``basemap=`` (folium tile names); ``None`` = no basemap (works offline).
BASEMAPS: dict[str, str] = {
    "cartodbpositron": "cartodbpositron",
    "openstreetmap": "OpenStreetMap",
}
#: Background colour of the map when there is no basemap.
NO_BASEMAP_BACKGROUND = "#f2f1ec"


def _js_string(text: str) -> str:
    """JSON string literal safe inside a ``<script>`` element."""
    return json.dumps(text, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def base_map(
    gdf: gpd.GeoDataFrame,
    *,
    basemap: str | None = "openstreetmap",
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
        raise CRSError("base_map: the GeoDataFrame has no CRS; set it (e.g. gdf.set_crs(2154)) before mapping")
    if basemap is not None and basemap not in BASEMAPS:
        raise InvalidValueError(f"base_map: unknown basemap {basemap!r}; use one of {sorted(BASEMAPS)} or None")
    bounds = gdf.to_crs(4326).total_bounds if not gdf.empty else (-5.0, 41.0, 10.0, 51.5)
    west, south, east, north = (float(b) for b in bounds)
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=8,
        tiles=BASEMAPS[basemap] if basemap else None,
        width=width,
        height=height,
        control_scale=True,
        prefer_canvas=False,
        max_zoom=18,
        # map-level maxZoom: without tiles Leaflet has none and MarkerCluster refuses to start
        maxZoom=18,
    )
    if basemap is None:
        m.get_root().header.add_child(
            Element(f"<style>.leaflet-container {{ background: {NO_BASEMAP_BACKGROUND}; }}</style>"),
            name="access_map_background",
        )
    m.fit_bounds([[south, west], [north, east]])
    return m


def polygon_layer(
    gdf4326: gpd.GeoDataFrame,
    *,
    name: str,
    fill: Sequence[str] | pd.Series,
    tooltip: Sequence[str] | pd.Series | None = None,
    popup: Sequence[str] | pd.Series | None = None,
    line_color: str = "#4d4d4d",
    line_weight: float = 0.5,
    fill_opacity: float = 0.75,
    dash_array: str | None = None,
    class_name: str | None = None,
    show: bool = True,
) -> folium.GeoJson:
    """A :class:`folium.GeoJson` layer of polygons with one fill colour per row.

    ``tooltip``/``popup`` are **already escaped** HTML fragments (build them with
    :func:`~access_map.maps.styles.esc`); they are shown as is, except that their braces are
    neutralised here too (:func:`~access_map.maps.styles.neutralise_template`), so a fragment
    that missed :func:`esc` still cannot reach a template. ``name`` is escaped here.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame(geometry=[box(2, 46, 3, 47)], crs=4326)
    >>> polygon_layer(g, name="Zonage", fill=["#d7191c"]).layer_name
    'Zonage'
    """
    if gdf4326.crs is None or gdf4326.crs.to_epsg() != 4326:
        raise CRSError(f"polygon_layer: expected EPSG:4326 geometries, got {gdf4326.crs}; use display_geometries()")
    fill = list(fill)
    if len(fill) != len(gdf4326):
        raise InvalidValueError(f"polygon_layer: {len(fill)} colours for {len(gdf4326)} geometries")
    props: dict[str, list[str]] = {"fill": fill}
    fields_tip: list[str] = []
    if tooltip is not None:
        props["tip"] = [neutralise_template(str(t)) for t in tooltip]
        fields_tip = ["tip"]
    if popup is not None:
        props["pop"] = [neutralise_template(str(p)) for p in popup]
    frame = gpd.GeoDataFrame(props, geometry=list(gdf4326.geometry), crs=4326)
    frame.index = [f"f{i}" for i in range(len(frame))]
    data = json.loads(frame.to_json(drop_id=False))
    style = {"color": line_color, "weight": line_weight, "fillOpacity": fill_opacity, "opacity": 0.9}
    if dash_array:
        style["dashArray"] = dash_array
    if class_name:
        style["className"] = class_name
    layer = folium.GeoJson(
        data,
        name=esc(name),
        style_function=lambda f, _s=style: {**_s, "fillColor": f["properties"]["fill"]},
        tooltip=folium.GeoJsonTooltip(fields=fields_tip, labels=False, sticky=True) if fields_tip else None,
        popup=folium.GeoJsonPopup(fields=["pop"], labels=False) if popup is not None else None,
        show=show,
        zoom_on_click=False,
    )
    return layer


class _Control(MacroElement):
    """A Leaflet control holding a fixed (already escaped) HTML fragment."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var ctl = L.control({position: {{ this.position_js }}});
            var map = {{ this._parent.get_name() }};
            var linked = [{% for name in this.linked %}{{ name }}{% if not loop.last %}, {% endif %}{% endfor %}];
            ctl.onAdd = function() {
                var div = L.DomUtil.create('div', {{ this.css_class_js }});
                div.innerHTML = {{ this.html_js }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            ctl.addTo(map);
            if (linked.length) {
                // the legend follows its layers: hidden while none of them is ticked in the layer control
                var sync = function() {
                    var on = linked.some(function(l) { return map.hasLayer(l); });
                    ctl.getContainer().style.display = on ? '' : 'none';
                };
                map.on('overlayadd overlayremove layeradd layerremove', sync);
                sync();
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html_fragment: str, *, position: str, css_class: str, linked: Sequence = ()) -> None:
        super().__init__()
        self.linked = [layer.get_name() for layer in linked]
        self._name = "AccessMapControl"
        self.position_js = _js_string(position)
        self.css_class_js = _js_string(css_class)
        self.html_js = _js_string(neutralise_template(html_fragment))


_CONTROL_CSS = """<style>
.access-map-legend, .access-map-caption {
  background: rgba(255,255,255,0.92); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 Arial, Helvetica, sans-serif; color: #222;
  max-width: 320px;
}
.access-map-legend .titre { font-weight: bold; margin-bottom: 4px; }
.access-map-legend i { display: inline-block; width: 16px; height: 12px; margin-right: 6px;
  vertical-align: middle; border: 1px solid #777; }
.access-map-legend i.point { border-radius: 50%; width: 12px; }
</style>"""


def _ensure_css(m: folium.Map) -> None:
    root = m.get_root()
    if "access_map_controls_css" not in root.header._children:
        root.header.add_child(Element(_CONTROL_CSS), name="access_map_controls_css")


def add_legend(
    m: folium.Map,
    *,
    title: str,
    items: Sequence[tuple[str, str]],
    position: str = "bottomright",
    shape: str = "square",
    layers: Sequence[object] = (),
) -> None:
    """Add a legend box (``items`` = (colour, label) pairs); every text is escaped here.

    With ``layers`` (folium layers already added to ``m``), the legend is shown only while at
    least one of them is displayed (ticked in the layer control).

    Examples
    --------
    >>> m = folium.Map(tiles=None)
    >>> add_legend(m, title="Zonage", items=[("#d7191c", "ZIP")])
    >>> "access-map-legend" in m.get_root().render()
    True
    """
    css_class = "point" if shape == "circle" else ""
    rows = "".join(
        f'<div><i class="{css_class}" style="background:{esc(color)}"></i>{esc(label)}</div>' for color, label in items
    )
    _ensure_css(m)
    _Control(
        f'<div class="titre">{esc(title)}</div>{rows}', position=position, css_class="access-map-legend", linked=layers
    ).add_to(m)


def add_caption(m: folium.Map, *, caption: str | None = None, source: str | None = None) -> None:
    """Add a visible caption/source box (e.g. "Territoire fictif", "Source : DREES 2023").

    Does nothing when both are ``None``.

    Examples
    --------
    >>> m = folium.Map(tiles=None)
    >>> add_caption(m, caption="Territoire fictif", source="<données>")
    >>> "Source : &lt;données&gt;" in m.get_root().render()
    True
    """
    parts = []
    if caption:
        parts.append(f"<div><b>{esc(caption)}</b></div>")
    if source:
        parts.append(f"<div>Source : {esc(source)}</div>")
    if parts:
        _ensure_css(m)
        _Control("".join(parts), position="bottomleft", css_class="access-map-caption").add_to(m)


def add_layer_control(m: folium.Map) -> folium.LayerControl:
    """Add an always-open layer control (layer names were escaped when the layers were built).

    Examples
    --------
    >>> _ = add_layer_control(folium.Map(tiles=None))
    """
    return folium.LayerControl(collapsed=False).add_to(m)


#: CSS class of hatched polygons (zones blanches) and the CSS background drawing the legend swatch.
HATCH_CLASS = "access-map-hachures"
HATCH_SWATCH = "repeating-linear-gradient(45deg, #444 0 2px, rgba(255,255,255,0.6) 2px 6px)"


def add_hatching(m: folium.Map) -> None:
    """Define the SVG hatch pattern used by polygons of class :data:`HATCH_CLASS` (once per map).

    The pattern (dark diagonal lines, transparent between them) lets the layer underneath show
    through. It is plain SVG/CSS: no JavaScript, works offline.

    Examples
    --------
    >>> m = folium.Map(tiles=None)
    >>> add_hatching(m)
    >>> "access-map-hachures" in m.get_root().render()
    True
    """
    root = m.get_root()
    if "access_map_hatching" in root.html._children:
        return
    root.header.add_child(
        Element(f"<style>.{HATCH_CLASS} {{ fill: url(#{HATCH_CLASS}-motif); fill-opacity: 1; }}</style>"),
        name="access_map_hatching_css",
    )
    root.html.add_child(
        Element(
            '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
            f'<pattern id="{HATCH_CLASS}-motif" patternUnits="userSpaceOnUse" width="8" height="8" '
            'patternTransform="rotate(45)"><rect width="8" height="8" fill="rgba(90,90,90,0.25)"/>'
            '<line x1="0" y1="0" x2="0" y2="8" stroke="#333" stroke-width="3"/></pattern></defs></svg>'
        ),
        name="access_map_hatching",
    )
