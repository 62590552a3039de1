"""Change of the published APL between two vintages of one DREES workbook: communes and areas.

Both sheets of a DREES workbook (``APL 2022``, ``APL 2023``) come from the same release, so their values
are comparable (DREES revises its method between releases: never compare sheets of different workbooks).

* :func:`threshold_classes` — the APL class of each commune (``APL ≤ 2,5``, ``2,5 < APL ≤ 4``, ``APL > 4``);
* :func:`commune_change` — per commune present in both vintages: both values, the change and the
  class of each year, with the crossing (« APL > 4 → 2,5 < APL ≤ 4 ») when the class changes;
* :func:`crossings_by_area` — per area, the communes and inhabitants crossing each threshold downwards
  and upwards;
* :func:`area_change` — per area, the indicators of both vintages (:func:`.indicators.area_indicators`)
  side by side with their difference. Each vintage's area values come from its own communes, so a
  commune merged between the two sheets still counts in both.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validate import require_columns
from ..messages.atlas import crossing_label, threshold_class_labels
from .indicators import APL_COLUMNS, THRESHOLDS, threshold_key

__all__ = ["threshold_classes", "commune_change", "crossings_by_area", "area_change"]


def threshold_classes(values: pd.Series, thresholds: Sequence[float] = THRESHOLDS) -> pd.Series:
    """The APL class of each value: at most the first threshold, between, above the last (NaN stays NaN).

    Examples
    --------
    >>> threshold_classes(pd.Series([2.5, 2.51, 4.0, 4.2, None])).tolist()
    ['APL ≤ 2,5', '2,5 < APL ≤ 4', '2,5 < APL ≤ 4', 'APL > 4', nan]
    """
    labels = np.array([*threshold_class_labels(thresholds), np.nan], dtype=object)
    v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    codes = np.searchsorted(np.asarray(thresholds, dtype=float), v, side="left")
    codes[np.isnan(v)] = len(labels) - 1
    return pd.Series(labels[codes], index=values.index, dtype=object)


def commune_change(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    years: tuple[int, int],
    apl_columns: Sequence[str] = APL_COLUMNS,
    thresholds: Sequence[float] = THRESHOLDS,
) -> pd.DataFrame:
    """Commune by commune: the APL of both vintages, its change and the class crossings.

    Parameters
    ----------
    before, after
        Commune tables of the two vintages (index ``code_commune``; the ``apl_columns`` and
        ``population``; ``nom`` when known).
    years
        The two vintages, e.g. ``(2022, 2023)``: column suffixes.

    Returns
    -------
    pandas.DataFrame
        One row per commune present in both: ``nom``, ``population`` (the later vintage's), and for each
        variant ``c``: ``c_<y0>``, ``c_<y1>``, ``evolution_c`` (later − earlier), ``classe_c_<y0>``,
        ``classe_c_<y1>`` and ``franchissement_c`` (« before → after », empty when the class is the same).
        ``attrs["only_before"]`` / ``attrs["only_after"]`` list the communes of one vintage only.

    Examples
    --------
    >>> b = pd.DataFrame({"apl": [4.2, 2.0], "population": [10.0, 20.0]}, index=["01001", "01002"])
    >>> a = pd.DataFrame({"apl": [3.9, 2.2], "population": [11.0, 19.0]}, index=["01001", "01002"])
    >>> ch = commune_change(b, a, years=(2022, 2023), apl_columns=["apl"])
    >>> ch[["evolution_apl", "franchissement_apl"]].round(2).values.tolist()
    [[-0.3, 'APL > 4 → 2,5 < APL ≤ 4'], [0.2, '']]
    """
    require_columns(before, [*apl_columns], source=f"APL {years[0]}")
    require_columns(after, [*apl_columns, "population"], source=f"APL {years[1]}")
    y0, y1 = years
    common = after.index.intersection(before.index)
    out = pd.DataFrame(index=pd.Index(common, name="code_commune"))
    if "nom" in after.columns:
        out["nom"] = after.loc[common, "nom"]
    out["population"] = pd.to_numeric(after.loc[common, "population"], errors="coerce")
    for col in apl_columns:
        v0 = pd.to_numeric(before.loc[common, col], errors="coerce")
        v1 = pd.to_numeric(after.loc[common, col], errors="coerce")
        out[f"{col}_{y0}"] = v0
        out[f"{col}_{y1}"] = v1
        out[f"evolution_{col}"] = v1 - v0
        c0 = threshold_classes(v0, thresholds)
        c1 = threshold_classes(v1, thresholds)
        out[f"classe_{col}_{y0}"] = c0
        out[f"classe_{col}_{y1}"] = c1
        moved = c0.notna() & c1.notna() & (c0 != c1)
        out[f"franchissement_{col}"] = [crossing_label(a, b) if m else "" for a, b, m in zip(c0, c1, moved)]
    out.attrs["only_before"] = before.index.difference(after.index).tolist()
    out.attrs["only_after"] = after.index.difference(before.index).tolist()
    out.attrs["years"] = (y0, y1)
    return out


def crossings_by_area(
    change: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
    apl_columns: Sequence[str] = APL_COLUMNS,
    thresholds: Sequence[float] = THRESHOLDS,
) -> pd.DataFrame:
    """Per area, the communes (and inhabitants of the later vintage) crossing each threshold.

    ``change`` is :func:`commune_change`'s table. For variant ``c`` and threshold ``T``:
    ``communes_c_passent_sous_T`` (APL above T, then at most T), ``population_c_passent_sous_T``,
    ``communes_c_passent_au_dessus_T`` and ``population_c_passent_au_dessus_T``.

    Examples
    --------
    >>> b = pd.DataFrame({"apl": [2.6, 2.0, 5.0], "population": [1.0, 1.0, 1.0]}, index=["a", "b", "c"])
    >>> a = pd.DataFrame({"apl": [2.4, 2.7, 3.0], "population": [10.0, 20.0, 30.0]}, index=["a", "b", "c"])
    >>> ch = commune_change(b, a, years=(2022, 2023), apl_columns=["apl"])
    >>> x = crossings_by_area(ch, apl_columns=["apl"]).iloc[0]
    >>> int(x["communes_apl_passent_sous_2_5"]), float(x["population_apl_passent_au_dessus_2_5"]), \
int(x["communes_apl_passent_sous_4"])
    (1, 20.0, 1)
    """
    y0, y1 = change.attrs.get("years", (None, None))
    if groups is None:
        groups = pd.Series("ensemble", index=change.index, name="zone")
    g = groups.reindex(change.index)
    columns: dict[str, pd.Series] = {}
    pop = change["population"].fillna(0.0)
    for col in apl_columns:
        v0 = change[f"{col}_{y0}"]
        v1 = change[f"{col}_{y1}"]
        for t in thresholds:
            key = threshold_key(t)
            down = (v0 > t) & (v1 <= t)
            up = (v0 <= t) & (v1 > t)
            columns[f"communes_{col}_passent_sous_{key}"] = down.astype(int)
            columns[f"population_{col}_passent_sous_{key}"] = pop.where(down, 0.0)
            columns[f"communes_{col}_passent_au_dessus_{key}"] = up.astype(int)
            columns[f"population_{col}_passent_au_dessus_{key}"] = pop.where(up, 0.0)
    frame = pd.DataFrame(columns, index=change.index)
    out = frame.groupby(g.to_numpy(), sort=True).sum()
    out.index.name = groups.name if groups.name is not None else "zone"
    return out


def area_change(before: pd.DataFrame, after: pd.DataFrame, *, years: tuple[int, int]) -> pd.DataFrame:
    """Area indicators of two vintages side by side, with the change of each APL mean and share.

    ``before`` and ``after`` are :func:`.indicators.area_indicators` outputs (same index name). Every
    column ``x`` becomes ``x_<y0>`` and ``x_<y1>``; APL means and shares (``part_...``) also get
    ``evolution_x`` (later − earlier; shares in points of proportion).

    Examples
    --------
    >>> b = pd.DataFrame({"apl": [3.0], "part_apl_le_2_5": [0.1], "population": [100.0]}, index=["33"])
    >>> a = pd.DataFrame({"apl": [2.8], "part_apl_le_2_5": [0.2], "population": [105.0]}, index=["33"])
    >>> out = area_change(b, a, years=(2022, 2023))
    >>> out[["apl_2022", "apl_2023", "evolution_apl"]].round(2).values.tolist()
    [[3.0, 2.8, -0.2]]
    """
    y0, y1 = years
    index = before.index.union(after.index)
    out = pd.DataFrame(index=index)
    for col in after.columns:
        out[f"{col}_{y0}"] = before[col].reindex(index) if col in before.columns else np.nan
        out[f"{col}_{y1}"] = after[col].reindex(index)
        if col in APL_COLUMNS or col.startswith("part_") or col.startswith("apl"):
            out[f"evolution_{col}"] = out[f"{col}_{y1}"] - out[f"{col}_{y0}"]
    out.index.name = after.index.name
    return out
