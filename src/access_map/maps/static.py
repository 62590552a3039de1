"""Static maps (PNG/SVG/PDF) for reports: classed colours, legend, unit, scale bar, north arrow, source and date.

Fast by construction: the outlines are simplified once (:func:`static_geometry`, coverage
simplification in the projected CRS) into matplotlib paths, and every image of a territory reuses
them (only the face colours change); the figure is drawn with the Agg canvas directly (no pyplot),
sized to the territory's aspect (no empty band) with a fixed layout (no second "tight" render).

Same classes, colours and French labels as the interactive maps (:mod:`access_map.maps.styles`).

Examples
--------
>>> import geopandas as gpd, pandas as pd, tempfile, pathlib
>>> from shapely.geometry import box
>>> g = gpd.GeoDataFrame({"apl": [1.0, 3.0, None]},
...     geometry=[box(x, 0, x + 1000, 1000) for x in (0, 1000, 2000)], crs=2154)
>>> out = static_map(g, "apl", kind="apl", path=pathlib.Path(tempfile.mkdtemp()) / "apl.png", scheme="official")
>>> out.read_bytes()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .._atomic import atomic_path
from ..errors import CRSError, InvalidValueError, MissingColumnError
from ..messages import maps as msg
from ..messages import maps_checks as chk
from .insets import InsetFrame, inset_layout
from .meta import production_date
from .png import DPI, PngFrame, draw_png, map_box_inches, png_frame
from .styles import (
    APL_CMAP,
    FILL_OPACITY,
    MISSING_COLOR,
    MISSING_LABEL,
    OFFICIAL_APL_THRESHOLDS,
    ZONING_COLORS,
    ZONING_MAP_LABELS,
    classify,
    format_fr,
    zoning_legend_classes,
)
from .topology import auto_tolerance_m

__all__ = ["static_map", "static_geometry", "StaticGeometry", "draw_static", "STATIC_KINDS"]

#: Kinds of static maps and their default French titles.
STATIC_KINDS: dict[str, str] = {
    "apl": "Accessibilité potentielle localisée aux médecins généralistes",
    "zoning": "Zonage des médecins généralistes",
    "indicator": "Indicateur",
}
_LEGEND_WIDTH_IN = 2.7


@dataclass(frozen=True)
class StaticGeometry:
    """Outlines of a territory, simplified once and shared by its images.

    PNG images use them rasterised once (:meth:`png_frame`); SVG/PDF images as matplotlib paths
    (:meth:`paths`, built on first use).
    """

    codes: pd.Index
    bounds: tuple[float, float, float, float]
    metres: bool
    geometries: gpd.GeoSeries
    insets: tuple[InsetFrame, ...] = ()
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def png_frame(self, dpi: int = DPI) -> PngFrame:
        """The rasterised outlines for PNG images (computed on first use, then reused)."""
        if ("png", dpi) not in self._cache:
            self._cache[("png", dpi)] = png_frame(self.geometries, dpi=dpi)
        frame: PngFrame = self._cache[("png", dpi)]
        return frame

    def paths(self) -> list[Any]:
        """One matplotlib path per area (computed on first use, then reused)."""
        if "paths" not in self._cache:
            self._cache["paths"] = _mpl_paths(self.geometries.to_numpy())
        paths: list[Any] = self._cache["paths"]
        return paths


def _mpl_paths(geometries: np.ndarray) -> list[Any]:
    from matplotlib.path import Path as MplPath

    paths = []
    for geom in geometries:
        verts: list[np.ndarray] = []
        codes: list[np.ndarray] = []
        polygons = [] if geom is None or geom.is_empty else getattr(geom, "geoms", [geom])
        for poly in polygons:
            if poly.geom_type != "Polygon":
                continue
            for ring in [poly.exterior, *poly.interiors]:
                xy = np.asarray(ring.coords)[:, :2]
                c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
                c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
                verts.append(xy)
                codes.append(c)
        if verts:
            paths.append(MplPath(np.concatenate(verts), np.concatenate(codes)))
        else:
            paths.append(MplPath(np.zeros((1, 2)), [MplPath.MOVETO]))
    return paths


def _plain_text(text: str) -> str:
    """Text shown as is by matplotlib: ``$`` would start mathtext (and a bad formula raises)."""
    return text.replace("$", r"\$")


def static_geometry(gdf: gpd.GeoDataFrame, *, tolerance_m: float | None = None, insets: bool = True) -> StaticGeometry:
    """Simplify a polygon coverage once (shared borders kept) for the images of a territory.

    ``tolerance_m`` defaults to twice :func:`~access_map.maps.topology.auto_tolerance_m` (an
    image of 1,000 pixels shows nothing finer). When the areas hold metropolitan France and
    overseas departments, the DROM are drawn in frames beside France
    (:func:`~access_map.maps.insets.inset_layout`; ``insets=False`` keeps their true place).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> s = static_geometry(gpd.GeoDataFrame(geometry=[box(0, 0, 10, 10)], crs=2154))
    >>> len(s.paths()), s.bounds
    (1, (0.0, 0.0, 10.0, 10.0))
    """
    if gdf.crs is None:
        raise CRSError(chk.no_crs(where="static_map"))
    frames: list[InsetFrame] = []
    if insets:
        gdf, frames = inset_layout(gdf)
    g = gdf if not gdf.crs.is_geographic else gdf.to_crs(3857)
    tol = 2.0 * auto_tolerance_m(g) if tolerance_m is None else tolerance_m
    arr = np.asarray(g.geometry.values)
    if tol > 0:
        polygonal = np.isin(shapely.get_type_id(arr), (3, 6))
        arr = arr.copy()
        arr[polygonal] = shapely.coverage_simplify(arr[polygonal], tol)
    west, south, east, north = (float(b) for b in shapely.total_bounds(arr))
    return StaticGeometry(
        codes=pd.Index(gdf.index.astype(str)),
        bounds=(west, south, east, north),
        metres=bool(g.crs.is_projected),
        geometries=gpd.GeoSeries(arr, crs=g.crs),
        insets=tuple(frames),
    )


def _north_arrow(ax: object) -> None:
    ax.annotate(  # type: ignore[attr-defined]
        "N",
        xy=(0.965, 0.97),
        xytext=(0.965, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "facecolor": "black", "lw": 1.2},
    )


def draw_static(
    geometry: StaticGeometry,
    colors: Sequence[str],
    legend: Sequence[tuple[str, str]],
    *,
    path: str | os.PathLike[str],
    title: str,
    subtitle: str = "",
    legend_title: str = "Légende",
    unit: str = "",
    source: str = "",
    date: str | None = None,
    note: str = "",
) -> Path:
    """Draw one image of a territory from its prepared outlines: colours per area, legend, scale, north, source.

    Parameters
    ----------
    geometry
        :func:`static_geometry` of the territory.
    colors
        Fill colour of each area (in ``geometry.codes`` order).
    legend
        (colour, label) items.
    path
        Output file (PNG, SVG or PDF from the suffix), written atomically.
    title, subtitle, legend_title, unit, source, date, note
        Texts (plain; ``$`` is shown as is). ``date`` defaults to :func:`~access_map.maps.meta.production_date`.

    PNG images are drawn from the outlines rasterised once (:mod:`access_map.maps.png`, fast); SVG
    and PDF with matplotlib (vector).

    Examples
    --------
    >>> import geopandas as gpd, tempfile, pathlib
    >>> from shapely.geometry import box
    >>> geo = static_geometry(gpd.GeoDataFrame(geometry=[box(0, 0, 5000, 3000)], crs=2154))
    >>> p = draw_static(geo, ["#ff0000"], [("#ff0000", "Rouge")], path=pathlib.Path(tempfile.mkdtemp()) / "a.svg",
    ...                 title="Essai")
    >>> b"Rouge" in p.read_bytes() or b"<svg" in p.read_bytes()
    True
    """
    if len(colors) != len(geometry.codes):
        raise InvalidValueError(
            chk.colours_for_areas(where="draw_static", n_colours=len(colors), n_areas=len(geometry.codes))
        )
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower() or "png"
    when = production_date() if date is None else date
    if fmt == "png":
        return draw_png(geometry.png_frame(), colors, legend, path=target, title=title, subtitle=subtitle,
                        legend_title=legend_title, unit=unit, source=source, date=when, note=note,
                        insets=[(f.name, f.box) for f in geometry.insets])  # fmt: skip
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    dpi = DPI
    west, south, east, north = geometry.bounds
    map_w, map_h = map_box_inches(geometry.bounds)
    top_in, bottom_in = 0.75, 0.5
    fig_w, fig_h = map_w + _LEGEND_WIDTH_IN + 0.3, map_h + top_in + bottom_in
    fig = Figure(figsize=(fig_w, fig_h), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0.15 / fig_w, bottom_in / fig_h, map_w / fig_w, map_h / fig_h))
    collection = PathCollection(
        geometry.paths(), facecolors=list(colors), edgecolors="#5f5f5f", linewidths=0.15, alpha=None
    )
    collection.set_facecolor([_over_white(c) for c in colors])
    ax.add_collection(collection)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_axis_off()
    for frame in geometry.insets:
        from matplotlib.patches import Rectangle

        fw, fs, fe, fn = frame.box
        ax.add_patch(Rectangle((fw, fs), fe - fw, fn - fs, fill=False, edgecolor="#6f6f6f", linewidth=0.6))
        ax.text(fw + 0.02 * (fe - fw), fn - 0.03 * (fn - fs), _plain_text(frame.name), fontsize=6.5, va="top",
                color="#444444")  # fmt: skip
    fig.text(0.15 / fig_w, 1 - 0.28 / fig_h, _plain_text(title), fontsize=13, fontweight="bold", va="center")
    if subtitle:
        fig.text(0.15 / fig_w, 1 - 0.56 / fig_h, _plain_text(subtitle), fontsize=9.5, color="#333333", va="center")
    handles = [Patch(facecolor=_over_white(c), edgecolor="#777777", label=_plain_text(lab)) for c, lab in legend]
    lx = (0.3 + map_w) / fig_w
    leg = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(lx, 1 - top_in / fig_h),
        fontsize=8,
        frameon=False,
        title=_plain_text(legend_title + (f"\n({unit})" if unit else "")),
        title_fontsize=8.5,
        alignment="left",
    )
    if note:
        renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
        y_note = leg.get_window_extent(renderer).y0 / (fig_h * dpi) - 0.03
        fig.text(lx, y_note, _plain_text(note), fontsize=7, color="#444444", va="top", wrap=True)
    if geometry.metres:
        from matplotlib_scalebar.scalebar import ScaleBar

        ax.add_artist(ScaleBar(1.0, units="m", location="lower right", frameon=False, font_properties={"size": 7}))
    _north_arrow(ax)
    produced = f"Carte produite le {when} (access_map)"
    lines = ([f"Source : {source}"] if source else []) + ([msg.INSET_NOTE] if geometry.insets else []) + [produced]
    fig.text(0.15 / fig_w, 0.1 / fig_h, _plain_text("\n".join(lines)), fontsize=7, color="#444444", va="bottom",
             wrap=True)  # fmt: skip
    options: dict[str, Any] = {"metadata": {"Date": None}} if fmt == "svg" else {}
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format=fmt, dpi=dpi, facecolor="white", **options)
    return target


def _over_white(color: str) -> tuple[float, float, float]:
    """The colour at the map's fill opacity over white (swatches and polygons alike)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    a = FILL_OPACITY
    return (a * r + 1 - a, a * g + 1 - a, a * b + 1 - a)


def static_map(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    kind: str = "apl",
    path: str | os.PathLike[str],
    title: str | None = None,
    subtitle: str = "",
    unit: str = "",
    scheme: str = "quantiles",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    cmap: str = APL_CMAP,
    legend_title: str | None = None,
    reference: tuple[str, float] | None = None,
    source: str | None = None,
    date: str | None = None,
    geometry: StaticGeometry | None = None,
) -> Path:
    """Draw ``gdf[column]`` as a classed map and save it (PNG, SVG or PDF from the file suffix).

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons with a projected CRS (drawn in that CRS, e.g. Lambert 93).
    column : str
        Numeric for ``kind="apl"``/``"indicator"``, zoning classes for ``"zoning"``.
    kind : {"apl", "zoning", "indicator"}
        ``"apl"``/``"indicator"``: :func:`~access_map.maps.styles.classify` (``scheme``, ``k``,
        ``thresholds``, ``cmap``); ``"zoning"``: the fixed zoning colours.
    path : path-like
        Output file; written atomically.
    title, subtitle, unit, source, date
        Texts of the image (French); ``title`` defaults to :data:`STATIC_KINDS`.
    reference : (str, float), optional
        Reference value written under the legend, e.g. (« Moyenne du territoire », 3.41)
        (:func:`~access_map.maps.meta.reference_value`).
    legend_title : str, optional
        What the legend classes (« ΔAPL », « Probabilité »…); default « Zonage », « APL » or
        « Valeur » after ``kind``.
    geometry : StaticGeometry, optional
        Prepared outlines (:func:`static_geometry`), to share between the images of a territory.

    Returns
    -------
    Path

    Examples
    --------
    >>> import geopandas as gpd, tempfile, pathlib
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"z": ["ZIP", "HV"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=2154)
    >>> p = static_map(g, "z", kind="zoning", path=pathlib.Path(tempfile.mkdtemp()) / "z.svg")
    >>> b"Zone d" in p.read_bytes() or b"<svg" in p.read_bytes()
    True
    """
    if kind not in STATIC_KINDS:
        raise InvalidValueError(chk.unknown_static_kind(kind, sorted(STATIC_KINDS)))
    if column not in gdf.columns:
        raise MissingColumnError(chk.column_not_found(where="static_map", column=column, available=list(gdf.columns)))
    if gdf.crs is None:
        raise CRSError(chk.no_crs(where="static_map"))
    geo = geometry if geometry is not None else static_geometry(gdf)
    values = gdf[column]
    values.index = values.index.astype(str)
    values = values.reindex(geo.codes) if len(values.index) == len(geo.codes) else values
    note = ""
    if kind == "zoning":
        from .views import zoning_classes

        classes = zoning_classes(values)
        colors = [ZONING_COLORS[c] if isinstance(c, str) else MISSING_COLOR for c in classes]
        present = set(classes.dropna())
        legend = [(ZONING_COLORS[c], ZONING_MAP_LABELS[c]) for c in zoning_legend_classes(present)]
        if classes.isna().any():
            legend.append((MISSING_COLOR, MISSING_LABEL))
        default_title = "Zonage"
    else:
        cls = classify(pd.to_numeric(values, errors="coerce"), scheme=scheme, k=k, thresholds=thresholds, cmap=cmap)
        colors = cls.color_of().tolist()
        legend = cls.legend_items()
        default_title = "APL" if kind == "apl" else "Valeur"
        note = cls.note
    if reference is not None:
        label, value = reference
        note = f"{label} : {format_fr(value, decimals=2)}." + (f" {note}" if note else "")
    return draw_static(
        geo,
        colors,
        legend,
        path=path,
        title=title or STATIC_KINDS[kind],
        subtitle=subtitle,
        legend_title=legend_title or default_title,
        unit=unit,
        source=source or "",
        date=date,
        note=note,
    )
