"""Compare two travel-time tables, pair by pair and by their consequences on the APL and the zoning.

Table ``a`` is the candidate (e.g. crow-fly), table ``b`` the reference (e.g. road
times from OSRM): errors are ``a - b``. :func:`compare_travel_times` measures the
pair-level agreement on common pairs and counts the pairs present in one table only
(within the catchment under one table and not the other); :func:`apl_consequences`
computes the APL under each table with the same supply and demand, and reports the
commune-level rank correlation, the communes changing side of the zoning thresholds
(2.5 and 4 by default) and, given a TVS composition, the TVS changing category.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from .matrix import validate_travel_times

if TYPE_CHECKING:
    from ..apl import APLParams
    from ..zoning import ZoningRules

__all__ = ["PairComparison", "APLComparison", "compare_travel_times", "apl_consequences"]

_EXAMPLES = 5


@dataclass(frozen=True)
class PairComparison:
    """Agreement of two travel-time tables on their pairs of distinct communes.

    Attributes
    ----------
    n_common : int
        Pairs (origin != destination) present in both tables.
    only_a, only_b : int
        Pairs present in one table only (e.g. within the catchment under one table only).
    examples_only_a, examples_only_b : tuple of str
        A few of them, as ``"origin->destination"``.
    mae_minutes : float
        Mean absolute difference ``mean(|a - b|)`` on common pairs.
    bias_minutes : float
        Mean difference ``mean(a - b)`` (> 0: ``a`` is slower than ``b``).
    rmse_minutes : float
        Root mean squared difference.
    r2 : float
        ``1 - Σ(a - b)² / Σ(b - mean b)²``: share of the variance of the reference ``b``
        that ``a`` reproduces (can be negative; NaN when ``b`` is constant).
    spearman : float
        Spearman rank correlation of ``a`` and ``b`` on common pairs (NaN if fewer than 2).
    """

    n_common: int
    only_a: int
    only_b: int
    examples_only_a: tuple[str, ...]
    examples_only_b: tuple[str, ...]
    mae_minutes: float
    bias_minutes: float
    rmse_minutes: float
    r2: float
    spearman: float


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or np.all(x == x[0]) or np.all(y == y[0]):
        return float("nan")
    return float(stats.spearmanr(x, y).statistic)


def _pairs(times: pd.DataFrame, *, source: str, max_minutes: float | None) -> pd.DataFrame:
    clean = validate_travel_times(times, source=source, max_minutes=max_minutes)
    return clean[clean["origin"] != clean["destination"]]


def compare_travel_times(
    a: pd.DataFrame,
    b: pd.DataFrame,
    *,
    max_minutes: float | None = None,
    source_a: str = "table A",
    source_b: str = "table B",
) -> PairComparison:
    """Pair-level agreement of a candidate table ``a`` with a reference table ``b``.

    Both tables are validated (:func:`~access_map.travel.validate_travel_times`); pairs of a
    commune to itself (0 by convention) are left out of every figure.

    Parameters
    ----------
    a, b : DataFrame
        Long tables ``origin, destination, minutes`` (other columns ignored).
    max_minutes : float, optional
        Compare only pairs within this time in each table (e.g. 20, the APL catchment): a
        pair within it under one table only counts in ``only_a`` / ``only_b``.
    source_a, source_b : str
        Names used in error messages.

    Returns
    -------
    PairComparison

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"origin": ["01001", "01002", "01001"], "destination": ["01002", "01001", "01003"],
    ...                   "minutes": [10.0, 12.0, 5.0]})
    >>> b = pd.DataFrame({"origin": ["01001", "01002"], "destination": ["01002", "01001"], "minutes": [8.0, 13.0]})
    >>> c = compare_travel_times(a, b)
    >>> c.n_common, c.only_a, c.only_b, c.mae_minutes, c.bias_minutes  # errors +2 and -1
    (2, 1, 0, 1.5, 0.5)
    """
    pa = _pairs(a, source=source_a, max_minutes=max_minutes)
    pb = _pairs(b, source=source_b, max_minutes=max_minutes)
    merged = pa.merge(pb, on=["origin", "destination"], how="outer", suffixes=("_a", "_b"), indicator=True)
    side = merged["_merge"].to_numpy()
    common = merged[side == "both"]

    def examples(kind: str) -> tuple[str, ...]:
        part = merged[side == kind].head(_EXAMPLES)
        return tuple(f"{o}->{d}" for o, d in zip(part["origin"], part["destination"]))

    x = common["minutes_a"].to_numpy(dtype=float)
    y = common["minutes_b"].to_numpy(dtype=float)
    err = x - y
    nan = float("nan")
    ss_tot = float(((y - y.mean()) ** 2).sum()) if len(y) else 0.0
    return PairComparison(
        n_common=len(common),
        only_a=int((side == "left_only").sum()),
        only_b=int((side == "right_only").sum()),
        examples_only_a=examples("left_only"),
        examples_only_b=examples("right_only"),
        mae_minutes=float(np.abs(err).mean()) if len(err) else nan,
        bias_minutes=float(err.mean()) if len(err) else nan,
        rmse_minutes=float(np.sqrt((err**2).mean())) if len(err) else nan,
        r2=1.0 - float((err**2).sum()) / ss_tot if ss_tot > 0 else nan,
        spearman=_spearman(x, y),
    )


@dataclass(frozen=True)
class APLComparison:
    """The APL under two travel-time tables (same supply and demand) and what changes.

    Attributes
    ----------
    communes : DataFrame
        Index ``code_commune``; ``apl_a``, ``apl_b``, ``difference`` (``apl_a - apl_b``).
    spearman : float
        Spearman rank correlation of the commune APL under ``a`` and under ``b``.
    crossings : DataFrame
        Index ``threshold`` (2.5 and 4 by default); ``changed`` (communes on a different
        side: ``APL <= threshold`` under one table only), ``below_a_only``, ``below_b_only``.
    tvs : DataFrame or None
        With a TVS composition: index ``code_tvs``; ``libelle_tvs``, ``apl_a``, ``apl_b``,
        ``category_a``, ``category_b`` (national selection / vivier / hors vivier),
        ``changed``.
    """

    communes: pd.DataFrame
    spearman: float
    crossings: pd.DataFrame
    tvs: pd.DataFrame | None

    @property
    def tvs_changed(self) -> int | None:
        """Number of TVS changing zoning category (``None`` without a TVS composition)."""
        return None if self.tvs is None else int(self.tvs["changed"].sum())


def apl_consequences(
    a: pd.DataFrame,
    b: pd.DataFrame,
    *,
    supply: pd.Series,
    demand: pd.Series,
    params: APLParams | None = None,
    tvs: pd.DataFrame | pd.Series | None = None,
    rules: ZoningRules | None = None,
) -> APLComparison:
    """APL under table ``a`` and under table ``b``, and the communes and TVS whose standing changes.

    Parameters
    ----------
    a, b : DataFrame
        Long tables ``origin, destination, minutes``.
    supply : Series
        Per commune of practice: counted acts (GPs) or ETP, as for :func:`access_map.apl.compute_apl`.
    demand : Series
        Per commune of residence: standardised population (also the TVS weights).
    params : APLParams, optional
        Default :meth:`access_map.apl.APLParams.drees_mg` (catchment 20 minutes).
    tvs : DataFrame or Series, optional
        TVS composition (see :func:`access_map.zoning.tvs_membership`): adds the TVS APL and
        categories under each table.
    rules : ZoningRules, optional
        Thresholds (default :meth:`access_map.zoning.ZoningRules.arrete_2017`: 2.5 and 4).

    Returns
    -------
    APLComparison

    Examples
    --------
    >>> import pandas as pd
    >>> demand = pd.Series({"01001": 1000.0, "01002": 1000.0})
    >>> supply = pd.Series({"01001": 6000.0})
    >>> near = pd.DataFrame({"origin": ["01001", "01001", "01002", "01002"],
    ...                      "destination": ["01001", "01002", "01001", "01002"], "minutes": [0, 5.0, 5.0, 0]})
    >>> far = near[near.origin == near.destination]  # no pair within 20 minutes
    >>> r = apl_consequences(near, far, supply=supply, demand=demand)
    >>> r.communes["apl_a"].tolist(), r.communes["apl_b"].tolist()  # 6000 acts shared by 2000, or kept by 1000
    ([3.0, 3.0], [6.0, 0.0])
    >>> int(r.crossings.loc[2.5, "changed"]), int(r.crossings.loc[4.0, "changed"])  # 01002: 3 -> 0; 01001: 3 -> 6
    (1, 1)
    """
    from ..apl import APLParams, compute_apl
    from ..zoning import ZoningRules, classify_apl, tvs_apl

    params = params or APLParams.drees_mg()
    rules = rules or ZoningRules.arrete_2017()
    apl_a = compute_apl(supply=supply, demand=demand, times=a, params=params)
    apl_b = compute_apl(supply=supply, demand=demand, times=b, params=params)
    communes = pd.DataFrame({"apl_a": apl_a, "apl_b": apl_b})
    communes["difference"] = communes["apl_a"] - communes["apl_b"]
    communes.index.name = "code_commune"
    rows = []
    for threshold in (rules.zip_threshold, rules.vivier_threshold):
        below_a = communes["apl_a"] <= threshold
        below_b = communes["apl_b"] <= threshold
        rows.append(
            {
                "threshold": float(threshold),
                "changed": int((below_a != below_b).sum()),
                "below_a_only": int((below_a & ~below_b).sum()),
                "below_b_only": int((below_b & ~below_a).sum()),
            }
        )
    crossings = pd.DataFrame(rows).set_index("threshold")
    tvs_table: pd.DataFrame | None = None
    if tvs is not None:
        ta = tvs_apl(apl_a, weights=demand, tvs=tvs)
        tb = tvs_apl(apl_b, weights=demand, tvs=tvs)
        tvs_table = pd.DataFrame(
            {
                "libelle_tvs": ta["libelle_tvs"],
                "apl_a": ta["apl"],
                "apl_b": tb["apl"],
                "category_a": classify_apl(ta["apl"], rules=rules),
                "category_b": classify_apl(tb["apl"], rules=rules),
            }
        )
        tvs_table["changed"] = tvs_table["category_a"] != tvs_table["category_b"]
    return APLComparison(
        communes=communes,
        spearman=_spearman(communes["apl_a"].to_numpy(), communes["apl_b"].to_numpy()),
        crossings=crossings,
        tvs=tvs_table,
    )
