"""APL indicators of areas (TVS, department, region, France) from commune APL, as the DREES prescribes.

The notes of every ``APL AAAA`` sheet of the DREES workbook say how to aggregate: « pour calculer un APL
moyen (agrégé au niveau du territoire de vie-santé ou du département par exemple), l'APL communal doit
être pondéré par la population standardisée. Pour comptabiliser la population sous un seuil d'APL (…),
la population non standardisée doit être utilisée. » :func:`area_indicators` does exactly that, for
each APL variant (all ages, ≤ 65 ans) and each threshold (2.5 and 4, the zoning's), with
:func:`access_map.apl.aggregate_apl`. A commune is under a threshold when its APL is **at most** the
threshold (the zoning's national selection is « APL ≤ 2,5 »).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validate import require_columns
from ..apl import aggregate_apl
from ..errors import InvalidValueError
from ..messages import atlas as msg

__all__ = ["THRESHOLDS", "APL_COLUMNS", "threshold_key", "indicator_columns", "area_indicators"]

#: The zoning thresholds of the ≤ 65 TVS APL (arrêté du 13 novembre 2017), used for every variant.
THRESHOLDS: tuple[float, ...] = (2.5, 4.0)
#: APL variants of the DREES GP workbook: all ages, GPs aged 65 or less.
APL_COLUMNS: tuple[str, ...] = ("apl", "apl_65")


def threshold_key(threshold: float) -> str:
    """Column suffix of a threshold: ``2.5`` → ``2_5``, ``4`` → ``4``.

    Examples
    --------
    >>> threshold_key(2.5), threshold_key(4.0)
    ('2_5', '4')
    """
    return f"{float(threshold):g}".replace(".", "_")


def indicator_columns(apl_columns: Sequence[str] = APL_COLUMNS, thresholds: Sequence[float] = THRESHOLDS) -> list[str]:
    """Columns of :func:`area_indicators`, in order.

    Examples
    --------
    >>> indicator_columns(["apl"], [2.5])
    ['communes', 'population_standardisee', 'population', 'apl', 'population_apl_le_2_5', 'part_apl_le_2_5']
    """
    cols = ["communes", "population_standardisee", "population"]
    for c in apl_columns:
        cols.append(c)
        for t in thresholds:
            cols += [f"population_{c}_le_{threshold_key(t)}", f"part_{c}_le_{threshold_key(t)}"]
    return cols


def area_indicators(
    communes: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
    apl_columns: Sequence[str] = APL_COLUMNS,
    thresholds: Sequence[float] = THRESHOLDS,
) -> pd.DataFrame:
    """APL of areas: the mean weighted by the standardised population; people under each threshold.

    Parameters
    ----------
    communes
        Index ``code_commune``; the ``apl_columns``, ``standardised_population`` (the DREES weights)
        and ``population`` (the non-standardised population that counts people). Communes without an
        APL value are left out of that variant's mean and counts (listed in ``attrs["no_apl"]``).
    groups
        Area of each commune (index ``code_commune``; its name names the result's index). ``None``:
        one area holding every commune, ``"France"``... named by the caller.
    apl_columns, thresholds
        Variants and thresholds.

    Returns
    -------
    pandas.DataFrame
        One row per area: ``communes``, ``population_standardisee``, ``population``, then for each
        variant ``c``: ``c`` (weighted mean), ``population_c_le_T`` (inhabitants of communes with APL
        ≤ T) and ``part_c_le_T`` (their share of the area's population) for each threshold ``T``.

    Examples
    --------
    >>> c = pd.DataFrame({"apl": [2.0, 5.0, 3.0], "standardised_population": [100.0, 300.0, 50.0],
    ...                   "population": [90.0, 310.0, 60.0]}, index=pd.Index(["33001", "33002", "24001"]))
    >>> out = area_indicators(c, groups=pd.Series({"33001": "33", "33002": "33", "24001": "24"}, name="dep"),
    ...                       apl_columns=["apl"])
    >>> out.loc["33", ["apl", "population_apl_le_2_5", "part_apl_le_4"]].tolist()  # (2x100 + 5x300) / 400
    [4.25, 90.0, 0.225]
    """
    require_columns(communes, [*apl_columns, "standardised_population", "population"], source=msg.TABLE_APL_COMMUNES)
    if groups is None:
        groups = pd.Series("ensemble", index=communes.index, name="zone")
    group_of = groups.reindex(communes.index)
    weights = pd.to_numeric(communes["standardised_population"], errors="coerce")
    population = pd.to_numeric(communes["population"], errors="coerce")
    bad = communes.index[(weights.isna() | population.isna()).to_numpy()]
    if len(bad):
        raise InvalidValueError(msg.communes_without_population(communes=bad.tolist()))
    keep = group_of.notna()
    frame = pd.DataFrame({"_g": group_of[keep], "w": weights[keep], "p": population[keep]})
    out = frame.groupby("_g", sort=True).agg(
        communes=("w", "size"), population_standardisee=("w", "sum"), population=("p", "sum")
    )
    no_apl: dict[str, list[str]] = {}
    for col in apl_columns:
        values = pd.to_numeric(communes.loc[keep, col], errors="coerce")
        ok = values.notna().to_numpy()
        no_apl[col] = values.index[~ok].tolist()
        agg = aggregate_apl(
            values[ok], weights=weights[keep][ok], groups=frame["_g"][ok], population=population[keep][ok],
            thresholds=thresholds,
        ).reindex(out.index)  # fmt: skip
        out[col] = agg["apl"]
        for t in thresholds:
            key, label = threshold_key(t), f"{float(t):g}"
            out[f"population_{col}_le_{key}"] = agg[f"population_apl_le_{label}"].fillna(0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[f"part_{col}_le_{key}"] = out[f"population_{col}_le_{key}"] / out["population"].where(
                    out["population"] > 0
                )
    out = out[indicator_columns(apl_columns, thresholds)]
    out["communes"] = out["communes"].astype(int)
    out.index.name = groups.name if groups.name is not None else "zone"
    out.attrs["no_apl"] = {c: v for c, v in no_apl.items() if v}
    return out
