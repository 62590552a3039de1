"""The change over time of a Baromètre indicator, one small panel per region (PNG, SVG or PDF).

Each panel draws the value the region published (solid line), the region rebuilt from its departments
(dashed: the dates the region was not published at, and the check against the published ones) and France
(grey) for reference. French labels and dates (« déc. 2023 »), the unit, the source and the production
date; sized for an A4 landscape page.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> panels = pd.DataFrame({"code": ["75", "75", "84"], "date": pd.to_datetime(["2023-12-01", "2024-05-01",
...     "2023-12-01"]), "published": [79.0, float("nan"), 83.0], "rebuilt": [78.9, 81.2, 82.7]})
>>> p = region_small_multiples(panels, path=pathlib.Path(tempfile.mkdtemp()) / "e.png", title="Couverture CPTS",
...                            unit="% de la population", names={"75": "Nouvelle-Aquitaine"})
>>> p.read_bytes()[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._atomic import atomic_path
from .._validate import require_columns
from ..messages import barometre as msg
from ..messages import nombre

__all__ = ["region_small_multiples", "COLORS"]

#: Colours of the series (colour-blind safe: Okabe–Ito blue and vermilion, grey for France).
COLORS: dict[str, str] = {"published": "#0072B2", "rebuilt": "#D55E00", "reference": "#7f7f7f"}

_A4_LANDSCAPE_IN = (11.69, 8.27)
_DPI = 110


def _plain(text: str) -> str:
    """Text shown as is by matplotlib (a ``$`` from a file would start mathtext)."""
    return text.replace("$", r"\$")


def _date_ticks(dates: pd.DatetimeIndex) -> tuple[list[Any], list[str]]:
    """Ticks of the shared date axis: data dates far enough apart not to overlap, or one January every year or two."""
    if len(dates) <= 6:
        gap = (dates.max() - dates.min()) / 3.5
        kept: list[pd.Timestamp] = []
        for when in dates:
            if not kept or when - kept[-1] >= gap:
                kept.append(when)
        if kept[-1] != dates.max():
            if len(kept) > 1 and dates.max() - kept[-1] < gap:
                kept.pop()
            kept.append(dates.max())
        return list(kept), [msg.mois_court(d) for d in kept]
    first, last = int(dates.min().year), int(dates.max().year)
    step = 1 if last - first <= 4 else 2
    years = [pd.Timestamp(year=y, month=1, day=1) for y in range(first + (first % step), last + 1, step)]
    years = [y for y in years if dates.min() <= y <= dates.max()] or [dates.min()]
    return years, [str(y.year) for y in years]


def _limits(panels: pd.DataFrame, reference: pd.Series | None, *, percent: bool) -> tuple[float, float]:
    if percent:
        return 0.0, 112.0
    values = pd.concat([panels["published"], panels["rebuilt"], reference if reference is not None else None])
    top = float(np.nanmax(values.to_numpy(dtype=float))) if values.notna().any() else 1.0
    return 0.0, top * 1.1 if top > 0 else 1.0


def region_small_multiples(
    panels: pd.DataFrame,
    *,
    path: str | os.PathLike[str],
    title: str,
    unit: str,
    names: Mapping[str, str] | None = None,
    reference: pd.Series | None = None,
    source: str = "",
    date: str | None = None,
    percent: bool | None = None,
    decimals: int = 1,
) -> Path:
    """Draw one panel per region: published value, value rebuilt from the departments, France.

    Parameters
    ----------
    panels
        Long table ``code, date, published, rebuilt`` (one row per region and date; NaN where a series
        has no value).
    path
        Output file (PNG, SVG or PDF from its suffix), written atomically.
    title, unit
        Title of the figure and unit of the values (« % de la population »).
    names
        Region code → name, for the panel titles (default: « région 75 »).
    reference
        France's published value by date, drawn in grey in every panel.
    source, date
        Source line (producers and vintages) and production date (default today, or ``SOURCE_DATE_EPOCH``).
    percent
        Values in percent (y axis 0–100); default: when ``unit`` starts with ``%``.
    decimals
        Decimals of the last value written in each panel.

    Returns
    -------
    pathlib.Path
    """
    require_columns(panels, ["code", "date", "published", "rebuilt"], source="chart panels")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from ..maps.meta import production_date

    data = panels.assign(code=panels["code"].astype(str), date=pd.to_datetime(panels["date"]))
    codes = sorted(data["code"].unique())
    is_percent = unit.strip().startswith("%") if percent is None else percent
    ncols = 5 if len(codes) > 12 else min(4, max(1, len(codes)))
    nrows = max(1, math.ceil(len(codes) / ncols))
    fig = Figure(figsize=_A4_LANDSCAPE_IN, dpi=_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    top, bottom = 0.86, 0.13
    grid = fig.add_gridspec(nrows, ncols, left=0.05, right=0.975, top=top, bottom=bottom, hspace=0.55, wspace=0.18)
    reference_dates = list(pd.to_datetime(reference.index)) if reference is not None else []
    all_dates = pd.DatetimeIndex(sorted(set(data["date"]) | set(reference_dates)))
    ticks, labels = _date_ticks(all_dates)
    low, high = _limits(data, reference, percent=is_percent)
    pad = (all_dates.max() - all_dates.min()) * 0.06 if len(all_dates) > 1 else pd.Timedelta(days=30)
    for i, code in enumerate(codes):
        ax = fig.add_subplot(grid[i // ncols, i % ncols])
        one = data[data["code"] == code].sort_values("date")
        if reference is not None:
            ref = reference.sort_index()
            ax.plot(pd.to_datetime(ref.index), ref.to_numpy(dtype=float), color=COLORS["reference"], lw=1.0)
        reb = one.dropna(subset=["rebuilt"])
        ax.plot(reb["date"], reb["rebuilt"], color=COLORS["rebuilt"], lw=1.3, ls="--", marker="x", ms=3.5)
        pub = one.dropna(subset=["published"])
        ax.plot(pub["date"], pub["published"], color=COLORS["published"], lw=1.6, marker="o", ms=3)
        last = one.dropna(subset=["published", "rebuilt"], how="all").tail(1)
        if len(last):
            value = last["published"].fillna(last["rebuilt"]).iloc[0]
            ax.annotate(nombre(value, decimals=decimals), (last["date"].iloc[0], value), textcoords="offset points",
                        xytext=(0, 5), ha="center", fontsize=7, color="#222222")  # fmt: skip
        name = (names or {}).get(code) or f"{msg.niveau('region')} {code}"
        ax.set_title(_plain(name), fontsize=8.5, pad=3)
        ax.set_ylim(low, high)
        if is_percent:
            ax.set_yticks([0, 25, 50, 75, 100])
        ax.set_xlim((all_dates.min() - pad, all_dates.max() + pad))  # type: ignore[arg-type]  # dates axis
        ax.set_xticks(ticks)
        ax.set_xticklabels(labels if i // ncols == nrows - 1 or i + ncols >= len(codes) else [], fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(axis="y", color="#e5e5e5", lw=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.text(0.05, 0.955, _plain(title), fontsize=13, fontweight="bold", va="center")
    fig.text(0.05, 0.918, _plain(unit), fontsize=9.5, color="#333333", va="center")
    handles = [
        Line2D([], [], color=COLORS["published"], lw=1.6, marker="o", ms=3, label=msg.LEGENDE_PUBLIEE),
        Line2D([], [], color=COLORS["rebuilt"], lw=1.3, ls="--", marker="x", ms=3.5, label=msg.LEGENDE_RECONSTITUEE),
    ]
    if reference is not None:
        handles.append(Line2D([], [], color=COLORS["reference"], lw=1.0, label=msg.legende_reference()))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.05, 0.045), ncol=3, fontsize=8, frameon=False)
    when = production_date() if date is None else date
    produced = msg.graphique_produit(date=when)
    fig.text(0.05, 0.012, _plain((f"Source : {source}\n" if source else "") + produced), fontsize=7, color="#444444",
             va="bottom")  # fmt: skip
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower() or "png"
    options: dict[str, Any] = {"metadata": {"Date": None}} if fmt == "svg" else {}
    if fmt == "png":
        options = {"metadata": {"Software": None}}
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format=fmt, dpi=_DPI, facecolor="white", **options)
    return target
