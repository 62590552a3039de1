"""Colours, class breaks and French labels shared by every map (interactive and static).

Colour conventions (fixed so that maps of different vintages and regions compare):

* **APL**: a red → yellow → blue ramp (ColorBrewer ``RdYlBu``): red = low accessibility
  (under-served), blue = high accessibility. With the ``"official"`` scheme the three classes are
  ``APL ≤ 2,5`` (red ``#d7191c``, the national ZIP threshold), ``2,5 < APL ≤ 4`` (orange
  ``#fdae61``, the "vivier") and ``APL > 4`` (blue ``#2c7bb6``).
* **Zonage**: ZIP red ``#d7191c``, ZAC orange ``#fdae61``, zone de vigilance yellow ``#ffffbf``,
  hors vivier light green ``#c7e9c0`` (see :data:`ZONING_COLORS`).
* **No data** ("Données manquantes"): mid grey ``#bdbdbd``, always its own legend entry.
* **Zones blanches** (communes covered by no CPTS): hatched (dark diagonal lines over a light grey
  veil, an SVG pattern; ``#737373`` where patterns are not available) with a dotted outline.

Intervals are closed on the right, as in the official texts (``APL ≤ 2,5`` is ZIP): a value
equal to a break falls in the lower class.

Examples
--------
>>> format_fr(3.456)
'3,46'
>>> format_fr(12345.6, decimals=0)
'12\\xa0346'
>>> c = classify(pd.Series([1.0, 2.5, 3.0, 4.0, 5.0, None]), scheme="official")
>>> c.labels
['APL ≤ 2,5', '2,5 < APL ≤ 4', 'APL > 4']
>>> c.codes.tolist()
[0, 0, 1, 1, 2, -1]
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InvalidValueError
from ..schema import ZONING_CLASSES, ZONING_LABELS

__all__ = [
    "MISSING_COLOR",
    "MISSING_LABEL",
    "WHITE_ZONE_COLOR",
    "WHITE_ZONE_LABEL",
    "ZONING_COLORS",
    "ZONING_MAP_LABELS",
    "OFFICIAL_APL_THRESHOLDS",
    "OFFICIAL_APL_COLORS",
    "CPTS_SIZE_CLASSES",
    "Classification",
    "classify",
    "ramp",
    "format_fr",
    "esc",
    "neutralise_template",
    "cpts_size_class",
]

#: Colour of the "no data" class, on every map.
MISSING_COLOR = "#bdbdbd"
#: Label of the "no data" class.
MISSING_LABEL = "Données manquantes"
#: Fill colour of communes covered by no CPTS.
WHITE_ZONE_COLOR = "#737373"
WHITE_ZONE_LABEL = "Zone blanche (aucune CPTS)"

#: Fixed zoning colours: ZIP red, ZAC orange, ZV yellow, HV light green.
ZONING_COLORS: dict[str, str] = {
    "ZIP": "#d7191c",
    "ZAC": "#fdae61",
    "ZV": "#ffffbf",
    "HV": "#c7e9c0",
    # minimal entries added with the ZAR / HZ classes of the published zonings (issue 12);
    # the maps owner may restyle them
    "ZAR": "#fee08b",
    "HZ": "#d9f0d3",
}
#: Legend labels of the zoning classes (French, from :data:`access_map.schema.ZONING_LABELS`).
ZONING_MAP_LABELS: dict[str, str] = {k: ZONING_LABELS[k] for k in ZONING_CLASSES}

#: GP APL thresholds of the 2017 zoning arrêté (ZIP ≤ 2.5 < vivier ≤ 4 < hors vivier).
OFFICIAL_APL_THRESHOLDS: tuple[float, float] = (2.5, 4.0)

#: Colours of the three official APL classes (≤ 2,5 red, 2,5–4 orange, > 4 blue; ColorBrewer RdYlBu).
OFFICIAL_APL_COLORS: tuple[str, str, str] = ("#d7191c", "#fdae61", "#2c7bb6")

#: ACI size classes of a CPTS by population covered (upper bounds, right-open): taille 1 < 40,000 ≤ taille 2
#: < 80,000 ≤ taille 3 < 175,000 ≤ taille 4.
CPTS_SIZE_CLASSES: tuple[float, float, float] = (40_000.0, 80_000.0, 175_000.0)

_SCHEMES = ("official", "quantiles", "fisher_jenks")
#: Above this many values, Fisher-Jenks breaks are computed on this many evenly spaced order statistics
#: (a deterministic sample; exact Fisher-Jenks is quadratic in the number of values).
_JENKS_SAMPLE = 500


_JS_TEMPLATE_ESCAPES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})
#: Braces as HTML character references: branca renders the output of every folium element a second
#: time as a Jinja2 template, so ``{{ ... }}``, ``{% ... %}`` or ``{# ... #}`` in a name would run.
_TEMPLATE_ESCAPES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def neutralise_template(fragment: str) -> str:
    """Turn the braces of an HTML fragment into character references, so no template engine sees a tag.

    folium builds each element's JavaScript with Jinja2, and branca evaluates that output once more
    as a template: a commune name ``{{7*7}}`` would display ``49``, and a crafted one would run
    Python on the analyst's machine. Every fragment that reaches folium passes through here (or
    :func:`esc`, which calls it). The browser shows the references as the original braces.

    Examples
    --------
    >>> neutralise_template("<b>{{ 7*7 }}</b> {% if %} {# x #}")
    '<b>&#123;&#123; 7*7 &#125;&#125;</b> &#123;% if %&#125; &#123;# x #&#125;'
    """
    return fragment.translate(_TEMPLATE_ESCAPES)


def esc(value: object) -> str:
    """Escape any user-provided value for a tooltip, popup, legend or layer name.

    Beyond :func:`html.escape` (``< > & " '``), the backtick, ``$`` and backslash are turned into
    HTML character references: folium places ``Tooltip`` text and ``Popup`` HTML inside JavaScript
    template literals (`` `...` ``), where ``${...}`` would run code and a backslash could
    swallow the closing backtick. Braces become references too (:func:`neutralise_template`): the
    text is data, never a Jinja2 template. The browser renders the references as the original
    characters.

    Examples
    --------
    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    >>> esc("${window.x=1}`")
    '&#36;&#123;window.x=1&#125;&#96;'
    >>> esc("{{7*7}}")
    '&#123;&#123;7*7&#125;&#125;'
    >>> esc(None)
    ''
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return neutralise_template(html.escape(str(value), quote=True).translate(_JS_TEMPLATE_ESCAPES))


def format_fr(value: float | None, *, decimals: int = 2, missing: str = "n.d.") -> str:
    """Format a number the French way: decimal comma, non-breaking space between thousands.

    Examples
    --------
    >>> format_fr(2.5, decimals=1)
    '2,5'
    >>> format_fr(float("nan"))
    'n.d.'
    >>> format_fr(-1234.5, decimals=1)
    '-1\\xa0234,5'
    """
    if value is None or value is pd.NA or not np.isfinite(float(value)):
        return missing
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _num(value: float) -> str:
    """Shortest French rendering of a class break (2.5 -> '2,5', 4.0 -> '4')."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def ramp(k: int, *, cmap: str = "RdYlBu") -> list[str]:
    """``k`` hex colours sampled evenly from a matplotlib colormap (default red → blue).

    Examples
    --------
    >>> ramp(3)
    ['#a50026', '#feffc0', '#313695']
    """
    if k < 1:
        raise InvalidValueError(f"ramp: k must be at least 1, got {k}")
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cm = colormaps[cmap]
    if k == 1:
        return [to_hex(cm(0.5))]
    return [to_hex(cm(i / (k - 1))) for i in range(k)]


@dataclass(frozen=True)
class Classification:
    """Result of :func:`classify`.

    Attributes
    ----------
    codes : pd.Series
        Class index (int) per row of the input, ``-1`` for missing values.
    bins : tuple of float
        Upper bounds of the classes (the last one is the maximum value, or ``inf``).
    labels : list of str
        French legend label of each class.
    colors : list of str
        Hex colour of each class.
    """

    codes: pd.Series
    bins: tuple[float, ...]
    labels: list[str]
    colors: list[str]

    def color_of(self) -> pd.Series:
        """Colour per row (``MISSING_COLOR`` for missing values)."""
        palette = np.array(self.colors + [MISSING_COLOR], dtype=object)
        return pd.Series(palette[self.codes.to_numpy()], index=self.codes.index, dtype=object)

    def label_of(self) -> pd.Series:
        """Legend label per row (``MISSING_LABEL`` for missing values)."""
        labels = np.array(self.labels + [MISSING_LABEL], dtype=object)
        return pd.Series(labels[self.codes.to_numpy()], index=self.codes.index, dtype=object)


def classify(
    values: pd.Series,
    *,
    scheme: str = "official",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    indicator: str = "APL",
    cmap: str = "RdYlBu",
) -> Classification:
    """Put indicator values into classes with French labels and colours.

    Parameters
    ----------
    values : pd.Series
        Numeric values; NaN (or non-finite) values get class ``-1`` ("Données manquantes").
    scheme : {"official", "quantiles", "fisher_jenks"}
        ``"official"``: breaks at ``thresholds`` (default the zoning thresholds 2.5 and 4), classes
        closed on the right. ``"quantiles"`` / ``"fisher_jenks"``: ``k`` classes computed by
        :mod:`mapclassify` on the non-missing values (Fisher-Jenks on 500 evenly spaced order
        statistics when there are more values, which keeps it fast and deterministic).
    k : int, optional
        Number of classes of the data-driven schemes (default 5). Not allowed with
        ``"official"``, whose number of classes is ``len(thresholds) + 1``.
    thresholds : sequence of float
        Increasing class breaks of the ``"official"`` scheme.
    indicator : str
        Name used in the official labels (``"APL ≤ 2,5"``).
    cmap : str
        Matplotlib colormap, sampled from low (first class) to high.

    Returns
    -------
    Classification

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], index=list("abcdef"))
    >>> c = classify(s, scheme="quantiles", k=3)
    >>> c.codes.tolist(), c.labels
    ([0, 0, 1, 1, 2, 2], ['de 1 à 2,67', 'de 2,67 à 4,33', 'de 4,33 à 6'])
    """
    if scheme not in _SCHEMES:
        raise InvalidValueError(f"classify: unknown scheme {scheme!r}; use one of {', '.join(_SCHEMES)}")
    numeric = pd.to_numeric(values, errors="coerce").astype("float64")
    arr = numeric.to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(arr)
    codes = np.full(arr.shape, -1, dtype="int64")
    if scheme == "official":
        if k is not None:
            raise InvalidValueError(
                f"classify: k={k} cannot be used with scheme='official' (classes are set by thresholds="
                f"{list(thresholds)}); pass scheme='quantiles' or 'fisher_jenks' to choose k"
            )
        bins = [float(t) for t in thresholds]
        if any(b2 <= b1 for b1, b2 in zip(bins, bins[1:])) or not bins:
            raise InvalidValueError(f"classify: thresholds must be increasing and non-empty, got {list(thresholds)}")
        codes[ok] = np.searchsorted(np.asarray(bins), arr[ok], side="left")
        labels = [f"{indicator} ≤ {_num(bins[0])}"]
        labels += [f"{_num(a)} < {indicator} ≤ {_num(b)}" for a, b in zip(bins, bins[1:])]
        labels.append(f"{indicator} > {_num(bins[-1])}")
        all_bins = tuple(bins) + (math.inf,)
    else:
        k = 5 if k is None else k
        if k < 2:
            raise InvalidValueError(f"classify: k must be at least 2 for scheme {scheme!r}, got {k}")
        present = arr[ok]
        if present.size == 0:
            raise InvalidValueError("classify: every value is missing (NaN); nothing to classify")
        import mapclassify

        n_unique = np.unique(present).size
        k_eff = min(k, n_unique)
        if k_eff < 2:
            upper = [float(present.max())]
        elif scheme == "quantiles":
            upper = list(mapclassify.Quantiles(present, k=k_eff).bins)
        else:
            with warnings.catch_warnings():  # "Numba not installed": only slower
                warnings.filterwarnings("ignore", message=".*[Nn]umba.*")
                sample = present
                if present.size > _JENKS_SAMPLE:  # evenly spaced order statistics: deterministic
                    sample = np.sort(present)[np.linspace(0, present.size - 1, _JENKS_SAMPLE).round().astype(int)]
                upper = list(mapclassify.FisherJenks(sample, k=min(k_eff, np.unique(sample).size)).bins)
                if sample is not present:
                    # values lying between a class's last sample value b and the next sample value n
                    # go to the nearer side: the break becomes the largest value <= (b + n) / 2
                    ordered = np.sort(present)
                    for i, b in enumerate(upper[:-1]):
                        following = sample[sample > b]
                        if following.size:
                            middle = (b + following.min()) / 2.0
                            upper[i] = float(ordered[np.searchsorted(ordered, middle, side="right") - 1])
                upper[-1] = float(present.max())
        upper = sorted(set(float(b) for b in upper))
        codes[ok] = np.minimum(np.searchsorted(np.asarray(upper), present, side="left"), len(upper) - 1)
        lows = [float(present.min())] + upper[:-1]
        labels = [f"de {_num(lo)} à {_num(hi)}" for lo, hi in zip(lows, upper)]
        all_bins = tuple(upper)
    if scheme == "official" and len(labels) == 3 and cmap == "RdYlBu":
        colors = list(OFFICIAL_APL_COLORS)
    else:
        colors = ramp(len(labels), cmap=cmap)
    return Classification(
        codes=pd.Series(codes, index=values.index, name="classe"),
        bins=all_bins,
        labels=labels,
        colors=colors,
    )


def cpts_size_class(population: float) -> str:
    """ACI size class of a CPTS from the population it covers ("taille 1" … "taille 4").

    Examples
    --------
    >>> cpts_size_class(39_999.0), cpts_size_class(40_000.0), cpts_size_class(200_000.0)
    ('taille 1', 'taille 2', 'taille 4')
    """
    if population is None or not np.isfinite(population):
        return MISSING_LABEL
    return f"taille {int(np.searchsorted(np.asarray(CPTS_SIZE_CLASSES), population, side='right')) + 1}"
