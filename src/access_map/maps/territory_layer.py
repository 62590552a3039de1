"""One interactive layer for a whole territory: views, overlays, popups and search from a shared topology.

A :class:`folium.Map` receives one :class:`TerritoryLayer`: the areas' :class:`DisplayTopology`
(quantised TopoJSON, shared by every map of the territory), a table of their attributes, the
**views** (choropleths, an exclusive choice in the layer control, restyling one set of polygons),
**overlays** built in the browser from the same arcs (TVS/department borders, CPTS perimeters,
zones blanches) or from points (MSP, QPV, towns), the **popup** rows and a commune **search** box.
The browser side is ``static/access_map/access_map.js`` (with ``topojson-client``), inlined in
the page: the file needs no network.

Security: every text of the payload is escaped here with :func:`~access_map.maps.styles.esc`
(the browser inserts it as HTML); the payload is written into the page as raw JSON, never through
a Jinja2 template (branca re-renders folium's macro outputs as templates), and ``</`` is escaped
so that no text can close the ``<script>``.

Examples
--------
>>> import geopandas as gpd, pandas as pd, numpy as np
>>> from shapely.geometry import box
>>> from access_map.maps.topology import display_topology
>>> g = gpd.GeoDataFrame({"nom": ["Aval", "<b>Bourg</b>"]},
...     geometry=[box(700000, 6600000, 705000, 6605000), box(705000, 6600000, 710000, 6605000)],
...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
>>> topo = display_topology(g)
>>> view = View(name="Classe", title="Essai", classes=np.array([0, -1]), colors=["#ff0000"], labels=["A"],
...             value_label="Classe")
>>> m = territory_map(topo, g[["nom"]], [view], basemap=None)
>>> page = m.get_root().render()
>>> "AccessMap.render" in page and "&lt;b&gt;Bourg&lt;/b&gt;" in page and "<b>Bourg</b>" not in page
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, cast

import folium
import numpy as np
import pandas as pd
from branca.element import Element, Figure, MacroElement

from ..errors import InvalidValueError
from ..messages import maps as msg
from ..messages import maps_checks as chk
from .layers import NO_BASEMAP_BACKGROUND, base_map
from .styles import FILL_OPACITY, MISSING_COLOR, MISSING_LABEL, esc
from .topology import DisplayTopology

__all__ = [
    "View",
    "Overlay",
    "PopupRow",
    "TerritoryLayer",
    "territory_map",
    "CANVAS_ABOVE",
]

#: Above this many areas the polygons are drawn on a canvas (faster than SVG; no hatching pattern).
CANVAS_ABOVE = 5000


@dataclass(frozen=True)
class View:
    """One exclusive choropleth of the areas (a radio button in the layer control).

    ``classes`` holds one class index per area of the topology (``-1`` = no data); ``values``
    (optional, aligned the same way) are shown in the tooltip with ``decimals``, otherwise the
    class label is. Every text is plain and escaped when rendered.
    """

    name: str
    title: str
    classes: np.ndarray
    colors: Sequence[str]
    labels: Sequence[str]
    value_label: str
    subtitle: str = ""
    unit: str = ""
    legend_title: str = ""
    values: np.ndarray | None = None
    decimals: int = 2
    unit_short: str = ""
    reference: str = ""
    note: str = ""
    legend_labels: Sequence[str] | None = None
    legend_colors: Sequence[str] | None = None

    def payload(self) -> dict[str, Any]:
        """JSON-ready dict (texts escaped)."""
        classes = np.asarray(self.classes, dtype=int)
        if len(self.colors) != len(self.labels):
            raise InvalidValueError(
                chk.colours_for_labels(view=self.name, n_colours=len(self.colors), n_labels=len(self.labels))
            )
        if classes.size and classes.max() >= len(self.colors):
            raise InvalidValueError(chk.class_without_colour(view=self.name, klass=classes.max()))
        colors = list(self.legend_colors if self.legend_colors is not None else self.colors)
        labels = list(self.legend_labels if self.legend_labels is not None else self.labels)
        items = [{"color": c, "label": esc(lab)} for c, lab in zip(colors, labels)]
        if (classes < 0).any():
            items.append({"color": MISSING_COLOR, "label": esc(MISSING_LABEL)})
        out: dict[str, Any] = {
            "name": esc(self.name),
            "title": esc(self.title),
            "subtitle": esc(self.subtitle),
            "classes": classes.tolist(),
            "colors": list(self.colors),
            "labels": [esc(x) for x in self.labels],
            "value_label": esc(self.value_label),
            "missing_label": esc(MISSING_LABEL),
            "legend": {
                "title": esc(self.legend_title or self.value_label),
                "unit": esc(self.unit),
                "items": items,
                "reference": esc(self.reference),
                "note": esc(self.note),
            },
        }
        if self.values is not None:
            vals = np.asarray(self.values, dtype=float)
            out["values"] = [None if not np.isfinite(v) else round(float(v), self.decimals) for v in vals]
            out["decimals"] = self.decimals
            out["unit_short"] = esc(self.unit_short)
        return out


@dataclass(frozen=True)
class Overlay:
    """A tick-box layer drawn over the views (never intercepting the areas' tooltips).

    ``kind``:

    * ``"mesh"``: borders between areas whose ``column`` of the table differs (TVS, departments);
    * ``"merge"``: ``groups`` = list of (area positions, Leaflet style) merged into one outline each
      (CPTS perimeters);
    * ``"subset"``: the areas at ``members`` drawn with ``style`` (zones blanches);
    * ``"points"``: ``points`` = rows (lat, lon, category index, tooltip HTML, popup HTML) with
      ``categories`` = list of (colour, label);
    * ``"labels"``: ``points`` = rows (lat, lon, name, minimal zoom, is_prefecture).

    ``legend`` = (CSS or colour, label) items shown while the overlay is ticked. Texts of
    ``points`` and ``legend`` must already be escaped (:func:`esc`); ``name`` is escaped here.
    """

    name: str
    kind: str
    show: bool = True
    column: str | None = None
    outline: bool = False
    style: dict[str, Any] = field(default_factory=dict)
    groups: Sequence[tuple[Sequence[int], dict[str, Any]]] = ()
    members: Sequence[int] = ()
    points: Sequence[Sequence[Any]] = ()
    categories: Sequence[tuple[str, str]] = ()
    legend: Sequence[dict[str, str]] = ()
    radius: float = 6.0

    def payload(self) -> dict[str, Any]:
        """JSON-ready dict."""
        out: dict[str, Any] = {
            "name": esc(self.name),
            "kind": self.kind,
            "show": self.show,
            "legend": list(self.legend),
        }
        if self.kind == "mesh":
            out.update(col=self.column, outline=self.outline, style=self.style)
        elif self.kind == "merge":
            out["groups"] = [{"members": [int(i) for i in members], "style": style} for members, style in self.groups]
        elif self.kind == "subset":
            out.update(members=[int(i) for i in self.members], style=self.style)
        elif self.kind == "points":
            out.update(
                points=[list(p) for p in self.points],
                categories=[{"color": c, "label": esc(lab)} for c, lab in self.categories],
                radius=self.radius,
            )
        elif self.kind == "labels":
            out["points"] = [list(p) for p in self.points]
        else:
            raise InvalidValueError(chk.unknown_overlay_kind(name=self.name, kind=self.kind))
        return out


@dataclass(frozen=True)
class PopupRow:
    """A row of the click popup: ``label`` and the table ``column`` (numbers with ``decimals`` and ``unit``).

    ``optional`` rows are left out of the popup of an area that has no value (e.g. the detail of the
    arrondissements, for the cities drawn whole only).
    """

    label: str
    column: str
    decimals: int | None = None
    unit: str = ""
    missing: str = "—"
    optional: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "label": esc(self.label),
            "col": self.column,
            "decimals": self.decimals,
            "unit": esc(self.unit),
            "missing": esc(self.missing),
            "optional": self.optional,
        }


def _column_payload(values: pd.Series) -> Any:
    """A table column for the payload: numbers rounded, texts escaped (dictionary-encoded when repetitive)."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        arr = values.to_numpy(dtype=float, na_value=np.nan)
        return [None if not np.isfinite(v) else (int(v) if float(v).is_integer() else round(float(v), 4)) for v in arr]
    texts = [None if (v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))) else esc(v) for v in values]
    distinct = sorted({t for t in texts if t is not None})
    if len(distinct) * 2 < len(texts):
        index = {t: i for i, t in enumerate(distinct)}
        return {"dict": distinct, "idx": [-1 if t is None else index[t] for t in texts]}
    return texts


def _script_json(obj: Any) -> str:
    """JSON text safe inside a ``<script>`` element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


@cache
def _asset(relative: str) -> str:
    return (resources.files("access_map.maps") / "static" / relative).read_text(encoding="utf-8")


def _assets_html() -> str:
    """CSS and JavaScript of the territory layer (topojson-client 3.1.0 + access_map.js), inlined."""
    topojson_js = _asset("topojson-client-3.1.0/topojson-client.min.js").replace("</script", "<\\/script")
    own_js = _asset("access_map/access_map.js").replace("</script", "<\\/script")
    return (
        f"<style>{_asset('access_map/access_map.css')}</style>\n"
        f"<script>{topojson_js}</script>\n<script>{own_js}</script>\n"
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        '<pattern id="access-map-hachures-motif" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="rgba(90,90,90,0.18)"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#333" stroke-width="2.5"/></pattern></defs></svg>'
    )


class _Raw(Element):
    """Text rendered as is: never compiled as a Jinja2 template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class TerritoryLayer(MacroElement):
    """The folium element drawing a territory map in the browser (see the module notes)."""

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TerritoryLayer"
        self.payload = payload

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        if not isinstance(figure, Figure):  # pragma: no cover - folium always renders in a Figure
            raise InvalidValueError(chk.TERRITORY_LAYER_NEEDS_MAP)
        figure.header.add_child(_Raw(_assets_html()), name="access_map_assets")
        parent = self._parent
        assert parent is not None
        js = f"window.accessMapView = AccessMap.render({parent.get_name()}, {_script_json(self.payload)});"
        figure.script.add_child(_Raw(js), name=self.get_name())
        return ""


def territory_map(
    topology: DisplayTopology,
    table: pd.DataFrame,
    views: Sequence[View],
    *,
    overlays: Sequence[Overlay] = (),
    popup: Sequence[PopupRow] = (),
    page_title: str = "",
    caption: str = "",
    source: str = "",
    date: str = "",
    producer: str = "",
    basemap: str | None = None,
    search: bool = True,
    tooltip_extra: str | None = None,
) -> folium.Map:
    """A folium map of a territory drawn by :class:`TerritoryLayer`.

    Parameters
    ----------
    topology
        The areas' display topology (computed once per territory).
    table
        Attributes of the areas, indexed by their codes (any order; reindexed on the topology):
        ``nom`` (shown in tooltips, popups and the search), plus the columns of ``popup`` rows.
    views
        At least one :class:`View`; the first is shown first.
    overlays, popup
        :class:`Overlay` layers and :class:`PopupRow` rows of the click popup.
    page_title
        Text of the page's ``<title>`` (default: the first view's title).
    caption, source, date, producer
        Lines of the source box (bottom left).
    basemap
        ``None`` (default, offline) or ``"openstreetmap"`` (tiles from the network, with attribution).
    search
        Add the commune search box.
    tooltip_extra
        A text column shown as a third tooltip line (e.g. the CPTS of the commune).

    Returns
    -------
    folium.Map
    """
    if not views:
        raise InvalidValueError(chk.TERRITORY_MAP_NO_VIEW)
    codes = topology.codes
    n = len(codes)
    for v in views:
        if len(v.classes) != n:
            raise InvalidValueError(chk.classes_for_areas(view=v.name, n_classes=len(v.classes), n_areas=n))
    tab = table.copy()
    tab.index = tab.index.astype(str)
    tab = tab.reindex(codes)
    if "nom" not in tab.columns:
        tab["nom"] = ""
    tab["nom"] = tab["nom"].astype(object).where(tab["nom"].notna(), "")
    columns = {"code": [esc(c) for c in codes]}
    needed = {"nom", *(r.column for r in popup)} | ({tooltip_extra} if tooltip_extra else set())
    needed |= {o.column for o in overlays if o.kind == "mesh" and o.column}
    for col in sorted(needed):
        if col in tab.columns:
            columns[col] = _column_payload(tab[col])
    payload = {
        "topology": json.loads(topology.to_json()),
        "table": columns,
        "points": topology.points[["lat", "lon"]].to_numpy().round(5).tolist(),
        "views": [v.payload() for v in views],
        "overlays": [o.payload() for o in overlays],
        "popup": [r.payload() for r in popup if r.column in tab.columns],
        "meta": {"caption": esc(caption), "source": esc(source), "date": esc(date), "producer": esc(producer)},
        "search": bool(search),
        "canvas": n > CANVAS_ABOVE,
        "fill_opacity": FILL_OPACITY,
        "background": NO_BASEMAP_BACKGROUND,
        "missing_color": MISSING_COLOR,
        "line_color": "#5f5f5f",
        "line_weight": 0.4 if n > CANVAS_ABOVE else 0.6,
        "tip_extra": tooltip_extra if tooltip_extra and tooltip_extra in tab.columns else None,
        "insets": [_inset_payload(f.name, f.box_degrees()) for f in topology.insets],
        "insets_note": esc(msg.INSET_NOTE) if topology.insets else "",
    }
    m = base_map_from_bounds(topology.bounds, basemap=basemap)
    cast(Figure, m.get_root()).title = esc(page_title or views[0].title)
    TerritoryLayer(payload).add_to(m)
    return m


def _inset_payload(name: str, box: tuple[float, float, float, float]) -> dict[str, Any]:
    west, south, east, north = box
    return {"name": esc(name), "bounds": [[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]]}


def base_map_from_bounds(bounds: tuple[float, float, float, float], *, basemap: str | None) -> folium.Map:
    """An empty map fitted to ``(west, south, east, north)``; no tiles unless ``basemap`` is given.

    Examples
    --------
    >>> type(base_map_from_bounds((-1.0, 46.0, 0.0, 47.0), basemap=None)).__name__
    'Map'
    """
    import geopandas as gpd
    from shapely.geometry import box

    frame = gpd.GeoDataFrame(geometry=[box(*bounds)], crs=4326)
    return base_map(frame, basemap=basemap)
