"""Static maps (PNG/SVG) for reports, drawn with matplotlib through ``GeoDataFrame.plot``.

Same classes, colours and French labels as the interactive maps (:mod:`access_map.maps.styles`).

Examples
--------
>>> import geopandas as gpd, pandas as pd, tempfile, pathlib
>>> from shapely.geometry import box
>>> g = gpd.GeoDataFrame({"apl": [1.0, 3.0, None]},
...     geometry=[box(x, 0, x + 1000, 1000) for x in (0, 1000, 2000)], crs=2154)
>>> out = static_map(g, "apl", kind="apl", path=pathlib.Path(tempfile.mkdtemp()) / "apl.png")
>>> out.read_bytes()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .._atomic import atomic_path
from ..errors import CRSError, InvalidValueError, MissingColumnError
from ..schema import DREES_ZONING_CODES, ZONING_CLASSES
from .styles import (
    MISSING_COLOR,
    MISSING_LABEL,
    OFFICIAL_APL_THRESHOLDS,
    ZONING_COLORS,
    ZONING_MAP_LABELS,
    classify,
)

__all__ = ["static_map", "STATIC_KINDS"]

#: Kinds of static maps and their default French titles.
STATIC_KINDS: dict[str, str] = {
    "apl": "Accessibilité potentielle localisée aux médecins généralistes",
    "zoning": "Zonage des médecins généralistes",
    "indicator": "Indicateur",
}


def _plain_text(text: str) -> str:
    """Text shown as is by matplotlib: ``$`` would start mathtext (and a bad formula raises)."""
    return text.replace("$", r"\$")


def static_map(
    gdf: gpd.GeoDataFrame,
    column: str,
    *,
    kind: str = "apl",
    path: str | os.PathLike[str],
    title: str | None = None,
    scheme: str = "official",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    cmap: str = "RdYlBu",
    source: str | None = None,
    figsize: tuple[float, float] = (8.0, 8.0),
    dpi: int = 150,
) -> Path:
    """Draw ``gdf[column]`` as a classed map and save it (PNG, SVG or PDF from the file suffix).

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons with a projected CRS (drawn in that CRS, e.g. Lambert 93).
    column : str
        Column to map: numeric for ``kind="apl"``/``"indicator"``, ZIP/ZAC/ZV/HV for ``"zoning"``.
    kind : {"apl", "zoning", "indicator"}
        ``"apl"`` and ``"indicator"`` use :func:`~access_map.maps.styles.classify` (``scheme``,
        ``k``, ``thresholds``, ``cmap``); ``"zoning"`` the fixed zoning colours.
    path : path-like
        Output file; written atomically.
    title : str, optional
        French title (defaults to :data:`STATIC_KINDS`).
    source : str, optional
        Source line written under the map.

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
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    if kind not in STATIC_KINDS:
        raise InvalidValueError(f"static_map: unknown kind {kind!r}; use one of {sorted(STATIC_KINDS)}")
    if column not in gdf.columns:
        raise MissingColumnError(f"static_map: column {column!r} not found; available: {list(gdf.columns)}")
    if gdf.crs is None:
        raise CRSError("static_map: the GeoDataFrame has no CRS; set it with gdf.set_crs(2154)")
    if kind == "zoning":
        raw = gdf[column].astype(object).where(gdf[column].notna(), None)
        classes = raw.map(lambda v: DREES_ZONING_CODES.get(v, v) if isinstance(v, str) else None)
        bad = sorted({str(v) for v in classes.dropna() if v not in ZONING_CLASSES})
        if bad:
            raise InvalidValueError(f"static_map: unknown zoning class(es) {bad[:10]} in column {column!r}")
        colors = classes.map(lambda v: ZONING_COLORS.get(v, MISSING_COLOR) if v else MISSING_COLOR)
        handles = [
            Patch(facecolor=ZONING_COLORS[c], edgecolor="#555", label=ZONING_MAP_LABELS[c]) for c in ZONING_CLASSES
        ]
    else:
        cls = classify(
            pd.to_numeric(gdf[column], errors="coerce"),
            scheme=scheme,
            k=k,
            thresholds=thresholds,
            indicator="APL" if kind == "apl" else "valeur",
            cmap=cmap,
        )
        colors = cls.color_of()
        handles = [Patch(facecolor=c, edgecolor="#555", label=lab) for c, lab in zip(cls.colors, cls.labels)]
    handles.append(Patch(facecolor=MISSING_COLOR, edgecolor="#555", label=MISSING_LABEL))
    fig, ax = plt.subplots(figsize=figsize)
    try:
        gdf.plot(ax=ax, color=list(colors), edgecolor="#666666", linewidth=0.2)
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.set_title(_plain_text(title or STATIC_KINDS[kind]), fontsize=13)
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=True, title="Légende"
        )
        if source:
            fig.text(0.01, 0.01, _plain_text(f"Source : {source}"), fontsize=7, color="#444444")
        target = Path(path)
        fmt = target.suffix.lstrip(".").lower() or "png"
        with atomic_path(target) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, bbox_inches="tight")
    finally:
        plt.close(fig)
    return target
