"""QGIS styles (QML) of the map classes, for the GeoPackage's ``layer_styles`` table.

Analysts finish maps in QGIS. A style built here draws a layer with the **same classes, colours and
legend labels** as the interactive map: the classes come from :func:`access_map.maps.styles.classify`
(the function the HTML views use) and the zoning colours from
:data:`~access_map.maps.styles.ZONING_COLORS`. :func:`graduated_style` writes a QGIS graduated renderer
(ranges on a numeric field), :func:`categorized_style` a categorized one (one value per class).

QGIS closes a range on its upper bound (``lower < value <= upper``): the official classes (a value equal
to a threshold in the lower class) map as they are; the quantile classes of the maps are closed on the
left (``de a à moins de b``), so their upper bounds are moved just below the next break.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd

from .styles import APL_CMAP, OFFICIAL_APL_THRESHOLDS, ZONING_COLORS, ZONING_MAP_LABELS, classify

__all__ = ["LayerStyle", "graduated_style", "categorized_style", "zoning_style"]

_EPS = 1e-9
_HEADER = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"


@dataclass(frozen=True)
class LayerStyle:
    """A QGIS style of one layer: its name (shown in QGIS's style list), QML, and whether QGIS applies it first."""

    name: str
    qml: str
    default: bool = False
    description: str = ""


def _rgba(color: str) -> str:
    """``#7a0177`` → ``122,1,119,255`` (QGIS colour property)."""
    c = color.lstrip("#")
    return ",".join(str(int(c[i : i + 2], 16)) for i in (0, 2, 4)) + ",255"


def _symbol(index: int, color: str) -> str:
    props = {
        "color": _rgba(color),
        "outline_color": "110,110,110,255",
        "outline_style": "solid",
        "outline_width": "0.06",
        "outline_width_unit": "MM",
        "style": "solid",
    }
    body = "".join(f"<prop k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in props.items())
    return (
        f'<symbol type="fill" name="{index}" alpha="0.85" clip_to_extent="1" force_rhr="0">'
        f'<layer class="SimpleFill" enabled="1" pass="0" locked="0">{body}</layer></symbol>'
    )


def _document(renderer: str) -> str:
    return f'{_HEADER}<qgis version="3.28.0" styleCategories="Symbology">{renderer}</qgis>\n'


def graduated_style(
    values: pd.Series,
    field: str,
    *,
    name: str,
    scheme: str = "quantiles",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    cmap: str = APL_CMAP,
    default: bool = False,
) -> LayerStyle:
    """A graduated QGIS style of ``field``, with the classes :func:`~access_map.maps.styles.classify` gives.

    Examples
    --------
    >>> s = graduated_style(pd.Series([1.0, 3.0, 5.0]), "apl_65", name="APL ≤ 65 ans", scheme="official")
    >>> 'attr="apl_65"' in s.qml and 'label="inférieure à 2,5"' in s.qml and 'upper="2.5"' in s.qml
    True
    """
    cls = classify(values, scheme=scheme, k=k, thresholds=thresholds, cmap=cmap)
    present = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    present = present[np.isfinite(present)]
    low = float(present.min()) if present.size else 0.0
    high = float(present.max()) if present.size else 0.0
    inner = [b for b in cls.bins if math.isfinite(b)]
    left_closed = scheme != "official"
    ranges, symbols = [], []
    for i, (label, color) in enumerate(zip(cls.labels, cls.colors)):
        lower = min(low, inner[0] if inner else low) - _EPS if i == 0 else inner[i - 1] - (_EPS if left_closed else 0)
        upper = inner[i] - (_EPS if left_closed else 0) if i < len(inner) else max(high, lower) + _EPS
        ranges.append(
            f'<range lower="{lower:.10g}" upper="{upper:.10g}" symbol="{i}" label={quoteattr(label)} render="true"/>'
        )
        symbols.append(_symbol(i, color))
    renderer = (
        f'<renderer-v2 type="graduatedSymbol" attr={quoteattr(field)} graduatedMethod="GraduatedColor" '
        f'symbollevels="0" enableorderby="0" forceraster="0"><ranges>{"".join(ranges)}</ranges>'
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )
    return LayerStyle(name=name, qml=_document(renderer), default=default, description=cls.note)


def categorized_style(
    field: str, categories: Sequence[tuple[str, str, str]], *, name: str, default: bool = False
) -> LayerStyle:
    """A categorized QGIS style: ``categories`` are ``(value, label, colour)``.

    Examples
    --------
    >>> s = categorized_style("zonage", [("ZIP", "Zone d'intervention prioritaire (ZIP)", "#7a0177")], name="Zonage")
    >>> 'type="categorizedSymbol"' in s.qml and 'value="ZIP"' in s.qml
    True
    """
    cats = "".join(
        f'<category value={quoteattr(v)} symbol="{i}" label={quoteattr(label)} render="true"/>'
        for i, (v, label, _) in enumerate(categories)
    )
    symbols = "".join(_symbol(i, color) for i, (_, _, color) in enumerate(categories))
    renderer = (
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(field)} symbollevels="0" enableorderby="0" '
        f'forceraster="0"><categories>{cats}</categories><symbols>{symbols}</symbols></renderer-v2>'
    )
    return LayerStyle(name=name, qml=_document(renderer), default=default)


def zoning_style(
    values: pd.Series, field: str = "zonage", *, name: str = "Zonage", default: bool = False
) -> LayerStyle:
    """The zoning classes present in ``values``, in the maps' colours and labels.

    Examples
    --------
    >>> 'label="Zone d&apos;action complémentaire (ZAC)"' in zoning_style(pd.Series(["ZAC"])).qml.replace("'", "&apos;")
    True
    """
    present = [c for c in ZONING_COLORS if c in set(values.dropna())]
    return categorized_style(
        field, [(c, ZONING_MAP_LABELS[c], ZONING_COLORS[c]) for c in present], name=name, default=default
    )
