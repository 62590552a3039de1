"""Colours, class breaks and French labels shared by every map (interactive and static).

Colour conventions (fixed so that maps of different vintages and regions compare; all are
ColorBrewer schemes marked safe for colour-blind readers):

* **APL** (a one-direction indicator): sequential ``YlOrRd`` reversed, the darkest red for the
  lowest accessibility. With the zoning thresholds (``"official"`` scheme, for the ≤65 APL of the
  TVS) the three classes are « inférieure à 2,5 » ``#f03b20``, « de 2,5 à 4 » ``#feb24c`` and
  « supérieure à 4 » ``#ffeda0``.
* **Zonage**: sequential ``RdPu`` from the most to the least under-served class: ZIP ``#7a0177``,
  ZAC ``#c51b8a``, ZAR ``#f768a1``, zone de vigilance ``#fbb4b9``, hors vivier ``#feebe2``,
  hors zonage (ZV and HV together, in published exports) ``#fde0dd`` (:data:`ZONING_COLORS`). *Why not ameli's colours*: the zoning maps of ameli.fr and of the ARS
  use red/orange/yellow hues, where the same orange may stand for another class than in an older
  map of ours; a purple scale cannot be mistaken for either, and its order (darker = more
  under-served) reads without the legend.
* **Évolution du zonage**: each transition its own colour, reds towards a more under-served class
  (ZAC → ZIP), blues towards a less under-served one, light grey unchanged.
* **Values relative to a reference** (departments): diverging ``BrBG`` around 100 % of the
  reference.
* **No data** ("Données manquantes"): mid grey ``#bdbdbd``, in the legend only when a value is
  missing.

Classes: with the official thresholds, a value equal to a threshold falls in the lower class
(``APL ≤ 2,5`` is ZIP, as in methods.md); the labels say « inférieure à 2,5 » as the arrêté does
and the legend says where the bounds go. Data-driven classes (quantiles, Fisher-Jenks) have
rounded, non-overlapping bounds: « moins de 52 », « de 52 à moins de 87 », « 87 ou plus ».

Numbers: French decimal comma and a narrow no-break space between thousands (as ``Intl`` fr-FR in
the browser); decimals by kind of value (:data:`DECIMALS`).

Examples
--------
>>> format_fr(3.456)
'3,46'
>>> format_fr(12345.6, decimals=0)
'12\u202f346'
>>> c = classify(pd.Series([1.0, 2.5, 3.0, 4.0, 5.0, None]), scheme="official")
>>> c.labels
['inférieure à 2,5', 'de 2,5 à 4', 'supérieure à 4']
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
from ..messages import maps_checks as chk
from ..messages import nombre, pourcent
from ..schema import GP_ZONING_CLASSES, ZONING_CLASSES, ZONING_LABELS

__all__ = [
    "MISSING_COLOR",
    "MISSING_LABEL",
    "FILL_OPACITY",
    "WHITE_ZONE_COLOR",
    "WHITE_ZONE_LABEL",
    "ZONING_COLORS",
    "ZONING_ORDER",
    "ZONING_RANK",
    "ZONING_MAP_LABELS",
    "OFFICIAL_APL_THRESHOLDS",
    "OFFICIAL_APL_COLORS",
    "APL_CMAP",
    "CPTS_SIZE_CLASSES",
    "DECIMALS",
    "Classification",
    "classify",
    "classify_relative",
    "ramp",
    "format_fr",
    "format_percent",
    "esc",
    "neutralise_template",
    "cpts_size_class",
    "zoning_label",
    "zoning_legend_classes",
    "transition_colors",
]

#: Colour of the "no data" class, on every map.
MISSING_COLOR = "#bdbdbd"
#: Label of the "no data" class (shown only when a value is missing).
MISSING_LABEL = "Données manquantes"
#: Fill opacity of every choropleth; legend swatches are painted at the same opacity.
FILL_OPACITY = 0.8
#: Fill colour of communes covered by no CPTS (where hatching is not available).
WHITE_ZONE_COLOR = "#737373"
WHITE_ZONE_LABEL = "Zone blanche (aucune CPTS)"

#: Zoning classes from the most to the least under-served (ZAR: zone d'accompagnement régional).
#: HZ (hors zonage) is ZV and HV together, as published exports code it.
ZONING_ORDER: tuple[str, ...] = ("ZIP", "ZAC", "ZAR", "ZV", "HV", "HZ")
#: Fixed zoning colours (ColorBrewer RdPu, darker = more under-served; see the module notes).
ZONING_COLORS: dict[str, str] = {
    "ZIP": "#7a0177",
    "ZAC": "#c51b8a",
    "ZAR": "#f768a1",
    "ZV": "#fbb4b9",
    "HV": "#feebe2",
    "HZ": "#fde0dd",
}
#: Rank of each class on the scale of need (0 = ZIP); HZ (ZV and HV together) between ZV and HV.
ZONING_RANK: dict[str, float] = {"ZIP": 0.0, "ZAC": 1.0, "ZAR": 2.0, "ZV": 3.0, "HZ": 3.5, "HV": 4.0}
_ZONING_FALLBACK_LABELS = {
    "ZIP": "Zone d'intervention prioritaire",
    "ZAC": "Zone d'action complémentaire",
    "ZAR": "Zone d'accompagnement régional",
    "ZV": "Zone de vigilance",
    "HV": "Hors vivier",
    "HZ": "Hors zonage",
}


def zoning_legend_classes(present: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Classes of a zoning legend: the engine's four (ZIP, ZAC, ZV, HV) and any other class present (ZAR, HZ).

    Examples
    --------
    >>> zoning_legend_classes({"ZAR"})
    ['ZIP', 'ZAC', 'ZAR', 'ZV', 'HV']
    """
    return [c for c in ZONING_ORDER if c in present or c in GP_ZONING_CLASSES]


def zoning_label(code: str) -> str:
    """French label of a zoning class with its code, the same on maps and in the report.

    Examples
    --------
    >>> zoning_label("ZV"), zoning_label("ZAR")
    ('Zone de vigilance (ZV)', "Zone d'accompagnement régional (ZAR)")
    """
    text = ZONING_LABELS.get(code, _ZONING_FALLBACK_LABELS.get(code, code))
    return text if f"({code})" in text else f"{text} ({code})"


#: Legend labels of the zoning classes (French, with the code: « Zone de vigilance (ZV) »).
ZONING_MAP_LABELS: dict[str, str] = {k: zoning_label(k) for k in (*ZONING_ORDER, *ZONING_CLASSES)}

#: GP APL thresholds of the 2017 zoning arrêté (ZIP ≤ 2.5 < vivier ≤ 4 < hors vivier), for the ≤65 TVS APL.
OFFICIAL_APL_THRESHOLDS: tuple[float, float] = (2.5, 4.0)

#: Colours of the three official APL classes (ColorBrewer YlOrRd, 3 classes, darkest = lowest APL).
OFFICIAL_APL_COLORS: tuple[str, str, str] = ("#f03b20", "#feb24c", "#ffeda0")
#: Matplotlib colormap of the APL classes (reversed: the first, lowest class is the darkest).
APL_CMAP = "YlOrRd_r"

#: Decimals shown, by kind of value (one rule everywhere: tooltips, popups, legends, report).
DECIMALS: dict[str, int] = {
    "apl_medecin": 2,  # consultations per standardised inhabitant: thresholds 2,5 and 4 need two decimals
    "etp": 1,  # ETP per 100,000 inhabitants (or women)
    "percent": 1,
    "rate": 1,  # per 100,000 inhabitants
    "population": 0,
    "minutes": 0,
}

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


def format_fr(value: object, *, decimals: int = 2, missing: str = "n.d.") -> str:
    """A number the French way (:func:`access_map.messages.nombre`, under the name the maps use).

    Examples
    --------
    >>> format_fr(2.5, decimals=1)
    '2,5'
    """
    return nombre(value, decimals=decimals, missing=missing)


def format_percent(share: float | None, *, decimals: int = DECIMALS["percent"], missing: str = "n.d.") -> str:
    """A share (0–1) as a French percentage (:func:`access_map.messages.pourcent`).

    Examples
    --------
    >>> format_percent(0.668)
    '66,8\u202f%'
    """
    return pourcent(share, decimals=decimals, missing=missing)


def _num(value: float) -> str:
    """Shortest French rendering of a class break (2.5 -> '2,5', 4.0 -> '4', 1234.0 -> '1 234')."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def _round_sig(value: float, digits: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    places = digits - 1 - int(math.floor(math.log10(abs(value))))
    return float(round(value, places))


def _nice_breaks(breaks: Sequence[float], values: np.ndarray) -> list[float]:
    """Round class breaks to short numbers that keep every value in its class.

    Each break ``b`` is the largest value of its class (mapclassify's upper bound); classes are
    closed on the left, so any number in ``(b, n]`` — ``n`` the next larger value — separates the
    same values. The shortest such number with one or two significant digits is taken; when the
    gap is narrower (continuous data), the midpoint rounded to two significant digits (more only to
    keep the breaks distinct): a few values may then change class, and since the classes are
    computed from the rounded breaks, the labels still say exactly where each value goes.

    Examples
    --------
    >>> _nice_breaks([51.55, 86.96], np.array([10.0, 51.55, 53.2, 86.96, 88.0]))
    [52.0, 87.0]
    >>> _nice_breaks([2.667, 4.333], np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))
    [3.0, 5.0]
    """
    ordered = np.unique(values[np.isfinite(values)])
    out: list[float] = []
    for b in (float(x) for x in breaks):
        following = ordered[ordered > b]
        if not following.size:
            continue
        n = float(following[0])
        chosen = None
        for digits in (1, 2):
            magnitude = abs(b) if b != 0 else abs(n)
            step = 10.0 ** (math.floor(math.log10(magnitude)) - digits + 1) if magnitude > 0 else 1.0
            candidate = round((math.floor(b / step) + 1) * step, 12)
            if b < candidate <= n:
                chosen = candidate
                break
        digits = 2
        while chosen is None or (out and chosen <= out[-1]):
            chosen = _round_sig((b + n) / 2.0, digits)
            digits += 1
            if digits > 6:
                break
        if not out or chosen > out[-1]:
            out.append(chosen)
    return out


def ramp(k: int, *, cmap: str = APL_CMAP) -> list[str]:
    """``k`` hex colours sampled evenly from a matplotlib colormap (default: dark red → light yellow).

    Examples
    --------
    >>> ramp(3)
    ['#800026', '#fd8e3c', '#ffffcc']
    """
    if k < 1:
        raise InvalidValueError(chk.too_few_classes(where="ramp", k=k, minimum=1))
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
        Upper bounds of the classes (the last one is ``inf``).
    labels : list of str
        French legend label of each class.
    colors : list of str
        Hex colour of each class.
    note : str
        Where values equal to a bound go (legend footnote).
    """

    codes: pd.Series
    bins: tuple[float, ...]
    labels: list[str]
    colors: list[str]
    note: str = ""

    @property
    def has_missing(self) -> bool:
        """Whether some value is missing (the legend then shows « Données manquantes »)."""
        return bool((self.codes < 0).any())

    def legend_items(self) -> list[tuple[str, str]]:
        """(colour, label) pairs of the legend; the "no data" entry only when a value is missing."""
        items = list(zip(self.colors, self.labels))
        return items + [(MISSING_COLOR, MISSING_LABEL)] if self.has_missing else items

    def color_of(self) -> pd.Series:
        """Colour per row (``MISSING_COLOR`` for missing values)."""
        palette = np.array(self.colors + [MISSING_COLOR], dtype=object)
        return pd.Series(palette[self.codes.to_numpy()], index=self.codes.index, dtype=object)

    def label_of(self) -> pd.Series:
        """Legend label per row (``MISSING_LABEL`` for missing values)."""
        labels = np.array(self.labels + [MISSING_LABEL], dtype=object)
        return pd.Series(labels[self.codes.to_numpy()], index=self.codes.index, dtype=object)


def _data_breaks(present: np.ndarray, scheme: str, k: int) -> list[float]:
    """Inner breaks (k - 1 at most) of a data-driven scheme, before rounding."""
    n_unique = np.unique(present).size
    k_eff = min(k, n_unique)
    if k_eff < 2:
        return []
    if scheme == "quantiles":
        # the breaks of mapclassify.Quantiles (linear percentiles), without importing it (≈ 1 s)
        upper = list(np.percentile(present, np.linspace(100.0 / k_eff, 100.0, k_eff)))
    else:
        import mapclassify

        with warnings.catch_warnings():  # "Numba not installed": only slower
            warnings.filterwarnings("ignore", message=".*[Nn]umba.*")
            sample = present
            if present.size > _JENKS_SAMPLE:  # evenly spaced order statistics: deterministic
                sample = np.sort(present)[np.linspace(0, present.size - 1, _JENKS_SAMPLE).round().astype(int)]
            upper = list(mapclassify.FisherJenks(sample, k=min(k_eff, np.unique(sample).size)).bins)
            if sample is not present:
                # values lying between a class's last sample value b and the next sample value go to the
                # nearer side: the break becomes the largest value <= the midpoint
                ordered = np.sort(present)
                for i, b in enumerate(upper[:-1]):
                    following = sample[sample > b]
                    if following.size:
                        middle = (b + following.min()) / 2.0
                        upper[i] = float(ordered[np.searchsorted(ordered, middle, side="right") - 1])
    return sorted(set(float(b) for b in upper[:-1]))


def classify(
    values: pd.Series,
    *,
    scheme: str = "official",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    cmap: str = APL_CMAP,
) -> Classification:
    """Put indicator values into classes with French labels and colours.

    Parameters
    ----------
    values : pd.Series
        Numeric values; NaN (or non-finite) values get class ``-1`` ("Données manquantes").
    scheme : {"official", "quantiles", "fisher_jenks"}
        ``"official"``: breaks at ``thresholds`` (default the zoning thresholds 2.5 and 4), a
        value equal to a threshold in the lower class; labels « inférieure à 2,5 », « de 2,5 à 4 »,
        « supérieure à 4 ». ``"quantiles"`` / ``"fisher_jenks"``: ``k`` classes computed by
        :mod:`mapclassify` on the non-missing values (Fisher-Jenks on 500 evenly spaced order
        statistics when there are more values), bounds rounded to short numbers lying between
        the classes (:func:`_nice_breaks`), classes closed on the left: « moins de 52 », « de 52 à moins de
        87 », « 87 ou plus ».
    k : int, optional
        Number of classes of the data-driven schemes (default 5). Not allowed with
        ``"official"``, whose number of classes is ``len(thresholds) + 1``.
    thresholds : sequence of float
        Increasing class breaks of the ``"official"`` scheme.
    cmap : str
        Matplotlib colormap sampled from the first (lowest) class to the last.

    Returns
    -------
    Classification

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], index=list("abcdef"))
    >>> c = classify(s, scheme="quantiles", k=3)
    >>> c.codes.tolist(), c.labels
    ([0, 0, 1, 1, 2, 2], ['moins de 3', 'de 3 à moins de 5', '5 ou plus'])
    """
    if scheme not in _SCHEMES:
        raise InvalidValueError(chk.unknown_scheme(scheme, list(_SCHEMES)))
    numeric = pd.to_numeric(values, errors="coerce").astype("float64")
    arr = numeric.to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(arr)
    codes = np.full(arr.shape, -1, dtype="int64")
    if scheme == "official":
        if k is not None:
            raise InvalidValueError(chk.k_with_official_scheme(k=k, thresholds=list(thresholds)))
        bins = [float(t) for t in thresholds]
        if any(b2 <= b1 for b1, b2 in zip(bins, bins[1:])) or not bins:
            raise InvalidValueError(chk.thresholds_not_increasing(list(thresholds)))
        codes[ok] = np.searchsorted(np.asarray(bins), arr[ok], side="left")
        labels = [f"inférieure à {_num(bins[0])}"]
        labels += [f"de {_num(a)} à {_num(b)}" for a, b in zip(bins, bins[1:])]
        labels.append(f"supérieure à {_num(bins[-1])}")
        note = "Une valeur égale à un seuil compte dans la classe inférieure."
        all_bins = tuple(bins) + (math.inf,)
    else:
        k = 5 if k is None else k
        if k < 2:
            raise InvalidValueError(chk.too_few_classes(where="classify", k=k, minimum=2, scheme=scheme))
        present = arr[ok]
        if present.size == 0:
            raise InvalidValueError(chk.ALL_VALUES_MISSING)
        inner = _nice_breaks(_data_breaks(present, scheme, k), present)
        codes[ok] = np.searchsorted(np.asarray(inner), present, side="right")
        if inner:
            labels = [f"moins de {_num(inner[0])}"]
            labels += [f"de {_num(a)} à moins de {_num(b)}" for a, b in zip(inner, inner[1:])]
            labels.append(f"{_num(inner[-1])} ou plus")
        else:
            labels = [f"{_num(float(np.min(present)))}" if np.ptp(present) == 0 else "toutes valeurs"]
        note = ""
        all_bins = tuple(inner) + (math.inf,)
    if scheme == "official" and len(labels) == 3 and cmap == APL_CMAP:
        colors = list(OFFICIAL_APL_COLORS)
    else:
        colors = ramp(len(labels), cmap=cmap)
    return Classification(
        codes=pd.Series(codes, index=values.index, name="classe"),
        bins=all_bins,
        labels=labels,
        colors=colors,
        note=note,
    )


#: Classes of a value relative to its reference (percent of the reference), and their colours (BrBG).
_RELATIVE_BREAKS: tuple[float, ...] = (80.0, 95.0, 105.0, 120.0)
_RELATIVE_COLORS: tuple[str, ...] = ("#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#018571")


def classify_relative(values: pd.Series, reference: float) -> Classification:
    """Classes of values relative to a reference (national or regional value = 100 %).

    « moins de 80 % de la référence », « de 80 à 95 % », « de 95 à 105 % » (close to the
    reference), « de 105 à 120 % », « 120 % ou plus » (classes closed on the left).

    Examples
    --------
    >>> c = classify_relative(pd.Series([2.8, 3.3, 4.5]), reference=3.0)
    >>> c.codes.tolist(), c.labels[2]
    ([1, 3, 4], 'de 95 à 105 % de la référence')
    """
    if not np.isfinite(reference) or reference <= 0:
        raise InvalidValueError(chk.reference_not_positive(where="classify_relative", reference=reference))
    pct = pd.to_numeric(values, errors="coerce").astype("float64") / float(reference) * 100.0
    arr = pct.to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(arr)
    codes = np.full(arr.shape, -1, dtype="int64")
    codes[ok] = np.searchsorted(np.asarray(_RELATIVE_BREAKS), arr[ok], side="right")
    b = _RELATIVE_BREAKS
    labels = [f"moins de {_num(b[0])} % de la référence"]
    labels += [f"de {_num(x)} à {_num(y)} % de la référence" for x, y in zip(b, b[1:])]
    labels.append(f"{_num(b[-1])} % ou plus de la référence")
    return Classification(
        codes=pd.Series(codes, index=values.index, name="classe"),
        bins=tuple(reference * x / 100.0 for x in b) + (math.inf,),
        labels=labels,
        colors=list(_RELATIVE_COLORS),
        note="Valeur rapportée à la référence (100 %).",
    )


def transition_colors(transitions: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """A colour for each zoning transition (before, after): reds towards a more under-served class, blues away.

    The further the move, the darker; unchanged classes share a light grey.

    Examples
    --------
    >>> c = transition_colors([("ZAC", "ZIP"), ("ZIP", "ZAC"), ("HV", "ZIP"), ("ZV", "ZV")])
    >>> c[("ZV", "ZV")], c[("HV", "ZIP")] != c[("ZAC", "ZIP")]
    ('#e0e0e0', True)
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    rank = ZONING_RANK

    def step(t: tuple[str, str]) -> float:
        return rank.get(t[1], len(rank)) - rank.get(t[0], len(rank))

    out: dict[tuple[str, str], str] = {}
    worse = sorted((t for t in set(transitions) if step(t) < 0), key=lambda t: (step(t), t))
    better = sorted((t for t in set(transitions) if step(t) > 0), key=lambda t: (-step(t), t))
    for group, cmap in ((worse, "Reds"), (better, "Blues")):
        for i, t in enumerate(group):
            # from dark (largest move) to light, never as light as the "unchanged" grey
            out[t] = to_hex(colormaps[cmap](0.9 - 0.55 * (i / max(len(group) - 1, 1))))
    for t in set(transitions):
        out.setdefault(t, "#e0e0e0")
    return out


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
