"""Inequality indices across territories: Gini, Theil, coefficient of variation, ratios.

All indices take the values of an indicator across territories (MSP per 100,000
inhabitants by department, CPTS coverage by region, APL by commune...) and,
optionally, weights (usually the population of each territory) so that a
territory counts in proportion to its inhabitants.

Conventions (stated once, used everywhere)
------------------------------------------
* **Gini** — the "population" (not bias-corrected) mean-difference formula

  .. math:: G = \\frac{\\sum_i \\sum_j w_i w_j |x_i - x_j|}{2 W^2 \\mu},
            \\quad W = \\sum_i w_i,\\; \\mu = \\frac{\\sum_i w_i x_i}{W}

  With unit weights this is ``G = Σ_iΣ_j |x_i − x_j| / (2 n² μ)``: ``G = 0`` when all
  values are equal and ``G = (n − 1)/n`` when one item holds everything
  (``(0, …, 0, 1)``). The small-sample corrected variant (× ``n/(n − 1)``, which
  gives 1 for total concentration) is *not* used.
* **Theil T** — ``T = (1/W) Σ_i w_i (x_i/μ) ln(x_i/μ)`` with ``0 · ln 0 = 0``;
  ``T = 0`` for equal values and ``T = ln n`` for total concentration (unit weights).
* **Coefficient of variation** — weighted standard deviation with ``ddof = 0``
  divided by the weighted mean.
* **P90/P10** — unweighted: numpy's default linear interpolation between order
  statistics; weighted: the inverted weighted CDF (smallest value whose cumulative
  weight share reaches the quantile).
* **max/min** — unweighted; ``inf`` when the minimum is 0 and the maximum positive.

Values must be finite and non-negative (these indices are meant for densities,
rates and counts); NaN values are dropped *and counted* by :func:`inequality_table`.
Every index is scale invariant: multiplying all values by a positive constant
leaves it unchanged.

Examples
--------
>>> round(gini([0, 0, 0, 1]), 4)
0.75
>>> round(theil([0, 0, 0, 1]), 4)  # ln 4
1.3863
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from .errors import InvalidValueError
from .messages import inequality as msg

__all__ = [
    "gini",
    "theil",
    "coefficient_of_variation",
    "max_min_ratio",
    "percentile_ratio",
    "weighted_quantile",
    "theil_decomposition",
    "inequality_table",
]

logger = logging.getLogger(__name__)

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def _prepare(values: Any, weights: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Return (x, w) as float arrays; raise on NaN, negative or mismatched input."""
    x = np.asarray(values, dtype=float).ravel()
    if weights is None:
        w = np.ones_like(x)
    else:
        if isinstance(values, pd.Series) and isinstance(weights, pd.Series):
            weights = weights.reindex(values.index)
        w = np.asarray(weights, dtype=float).ravel()
        if w.shape != x.shape:
            raise InvalidValueError(msg.poids_de_longueur_differente(weights=w.size, values=x.size))
    bad_x = ~np.isfinite(x)
    if bad_x.any():
        raise InvalidValueError(msg.valeurs_non_finies(positions=np.flatnonzero(bad_x).tolist()))
    if (x < 0).any():
        raise InvalidValueError(msg.valeurs_negatives(values=x[x < 0].tolist()))
    if not np.isfinite(w).all() or (w < 0).any():
        raise InvalidValueError(msg.poids_invalides(values=w[~(np.isfinite(w) & (w >= 0))].tolist()))
    if x.size == 0 or w.sum() <= 0:
        raise InvalidValueError(msg.rien_a_mesurer())
    return x, w


def _prepare_with_mean(values: Any, weights: Any) -> tuple[np.ndarray, np.ndarray, float, float]:
    """:func:`_prepare`, plus the total weight and the weighted mean."""
    x, w = _prepare(values, weights)
    total_w = float(w.sum())
    return x, w, total_w, float((w * x).sum() / total_w)


def gini(values: ArrayLike, *, weights: ArrayLike | None = None) -> float:
    """Gini index (mean-difference formula, not bias-corrected; see module docstring).

    Computed in O(n log n) by sorting: ``ΣΣ w_i w_j |x_i − x_j| = 2 Σ_k w_k x_k (B_k − A_k)``
    where ``B_k`` (``A_k``) is the total weight sorted before (after) item ``k``.

    Parameters
    ----------
    values
        Non-negative values, one per territory.
    weights
        Optional non-negative weights (e.g. population); unit weights by default.

    Returns
    -------
    float
        In ``[0, 1)``; NaN when the (weighted) mean is 0.

    Examples
    --------
    >>> gini([1, 1, 1])
    0.0
    >>> round(gini([1, 3]), 4)  # |1-3|*2 / (2 * 2**2 * 2) = 4/16
    0.25
    >>> round(gini([1, 3], weights=[3, 1]), 4)  # mu=1.5; 2*3*1*2 / (2*16*1.5)
    0.25
    """
    x, w, total_w, mu = _prepare_with_mean(values, weights)
    if mu == 0:
        return float("nan")
    order = np.argsort(x, kind="mergesort")
    xs, ws = x[order], w[order]
    before = np.cumsum(ws) - ws
    after = total_w - before - ws
    sum_abs = 2.0 * float((ws * xs * (before - after)).sum())
    return float(max(0.0, sum_abs / (2.0 * total_w**2 * mu)))


def theil(values: ArrayLike, *, weights: ArrayLike | None = None) -> float:
    """Theil T index ``(1/W) Σ w_i (x_i/μ) ln(x_i/μ)`` with ``0 ln 0 = 0``.

    Examples
    --------
    >>> theil([2, 2, 2])
    0.0
    >>> round(theil([1, 3]), 6)  # mu=2: 0.5*(0.5*ln 0.5 + 1.5*ln 1.5)
    0.130812
    """
    x, w, total_w, mu = _prepare_with_mean(values, weights)
    if mu == 0:
        return float("nan")
    r = x / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(r > 0, r * np.log(r), 0.0)
    return float(max(0.0, float((w * terms).sum() / total_w)))


def coefficient_of_variation(values: ArrayLike, *, weights: ArrayLike | None = None) -> float:
    """Coefficient of variation: (weighted) standard deviation with ``ddof=0`` over the mean.

    Examples
    --------
    >>> coefficient_of_variation([1, 3])  # sd = 1, mean = 2
    0.5
    """
    x, w, total_w, mu = _prepare_with_mean(values, weights)
    if mu == 0:
        return float("nan")
    var = float((w * (x - mu) ** 2).sum() / total_w)
    return float(np.sqrt(var) / mu)


def max_min_ratio(values: ArrayLike) -> float:
    """Ratio of the largest to the smallest value (``inf`` if the minimum is 0, NaN if all are 0).

    Examples
    --------
    >>> max_min_ratio([2, 5, 10])
    5.0
    """
    x, _ = _prepare(values)
    lo, hi = float(x.min()), float(x.max())
    if hi == 0:
        return float("nan")
    return float("inf") if lo == 0 else hi / lo


def weighted_quantile(values: ArrayLike, q: float, *, weights: ArrayLike | None = None) -> float:
    """Quantile ``q`` in [0, 1]: numpy linear interpolation without weights, inverted weighted CDF with weights.

    Examples
    --------
    >>> weighted_quantile([1, 2, 3, 4], 0.5)
    2.5
    >>> weighted_quantile([1, 2, 3, 4], 0.5, weights=[1, 1, 1, 5])  # cum shares .125 .25 .375 1
    4.0
    """
    if not 0 <= q <= 1:
        raise InvalidValueError(msg.quantile_hors_bornes(q=q))
    x, w = _prepare(values, weights)
    if weights is None:
        return float(np.quantile(x, q))
    order = np.argsort(x, kind="mergesort")
    xs, ws = x[order], w[order]
    cum = np.cumsum(ws) / ws.sum()
    idx = int(np.searchsorted(cum, q - 1e-12, side="left"))
    return float(xs[min(idx, xs.size - 1)])


def percentile_ratio(
    values: ArrayLike, *, upper: float = 90.0, lower: float = 10.0, weights: ArrayLike | None = None
) -> float:
    """Ratio of two percentiles, P90/P10 by default (``inf`` when the lower one is 0).

    Examples
    --------
    >>> round(percentile_ratio([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 6)  # P90=10, P10=2
    5.0
    """
    if not 0 <= lower < upper <= 100:
        raise InvalidValueError(msg.percentiles_invalides(lower=lower, upper=upper))
    hi = weighted_quantile(values, upper / 100.0, weights=weights)
    lo = weighted_quantile(values, lower / 100.0, weights=weights)
    if hi == 0:
        return float("nan")
    return float("inf") if lo == 0 else hi / lo


def theil_decomposition(values: pd.Series, groups: pd.Series, *, weights: pd.Series | None = None) -> pd.Series:
    """Split the Theil T index into a between-group and a within-group part.

    ``T = T_between + Σ_g s_g T_g`` where ``s_g`` is group g's share of the total
    (weighted) quantity ``Σ w x`` and ``T_g`` the Theil index inside group g;
    ``T_between`` is the Theil index of group means weighted by group weights.

    Parameters
    ----------
    values, groups, weights
        Series aligned on the same index (e.g. departments; groups = region code).

    Returns
    -------
    pandas.Series
        ``total``, ``between``, ``within`` and ``between_share`` (between / total).

    Examples
    --------
    >>> v = pd.Series([1.0, 1.0, 3.0, 3.0])
    >>> g = pd.Series(["a", "a", "b", "b"])
    >>> d = theil_decomposition(v, g)
    >>> float(round(d["within"], 12)), bool(abs(d["between"] - theil([1, 3])) < 1e-12)
    (0.0, True)
    """
    w = pd.Series(1.0, index=values.index) if weights is None else weights.reindex(values.index).astype(float)
    x, wa = _prepare(values.to_numpy(dtype=float), w.to_numpy(dtype=float))
    g = groups.reindex(values.index)
    if g.isna().any():
        raise InvalidValueError(msg.valeurs_sans_groupe(labels=g[g.isna()].index.tolist()))
    df = pd.DataFrame({"x": x, "w": wa, "g": g.to_numpy()})
    df["wx"] = df["w"] * df["x"]
    total = theil(df["x"], weights=df["w"])
    agg = df.groupby("g", sort=True).agg(w=("w", "sum"), wx=("wx", "sum"))
    agg["mean"] = agg["wx"] / agg["w"]
    between = theil(agg["mean"], weights=agg["w"])
    within = 0.0
    tot_wx = df["wx"].sum()
    for _, sub in df.groupby("g", sort=True):
        if sub["wx"].sum() > 0:
            within += sub["wx"].sum() / tot_wx * theil(sub["x"], weights=sub["w"])
    return pd.Series(
        {"total": total, "between": between, "within": within, "between_share": between / total if total else np.nan}
    )


_COLUMNS = ["n", "mean", "min", "max", "gini", "theil", "cv", "max_min_ratio", "p90_p10_ratio"]


def _row(x: pd.Series, w: pd.Series | None) -> dict[str, float]:
    out: dict[str, float] = {"n": float(len(x))}
    if len(x) == 0 or (w is not None and w.sum() <= 0):
        return {**out, **{c: np.nan for c in _COLUMNS[1:]}}
    xa = x.to_numpy(dtype=float)
    wa = None if w is None else w.to_numpy(dtype=float)
    out["mean"] = float(np.average(xa, weights=wa))
    out["min"] = float(xa.min())
    out["max"] = float(xa.max())
    out["gini"] = gini(xa, weights=wa)
    out["theil"] = theil(xa, weights=wa)
    out["cv"] = coefficient_of_variation(xa, weights=wa)
    out["max_min_ratio"] = max_min_ratio(xa)
    out["p90_p10_ratio"] = percentile_ratio(xa, weights=wa)
    return out


def inequality_table(
    values: pd.Series,
    *,
    groups: pd.Series | None = None,
    weights: pd.Series | None = None,
    overall_label: str = "ensemble",
) -> pd.DataFrame:
    """All indices in one table: one row overall, or one row per group.

    Parameters
    ----------
    values
        Indicator per territory (e.g. MSP per 100,000 inhabitants by department).
    groups
        Optional group of each territory (e.g. its region code), aligned on ``values``'
        index: one row per group (inequality *within* each group).
    weights
        Optional weight per territory (population), aligned on ``values``' index:
        ``mean``, ``gini``, ``theil``, ``cv`` and ``p90_p10_ratio`` are then weighted;
        ``min``, ``max`` and ``max_min_ratio`` never are.
    overall_label
        Index label of the single row when ``groups`` is None.

    Returns
    -------
    pandas.DataFrame
        Columns ``n, mean, min, max, gini, theil, cv, max_min_ratio, p90_p10_ratio``;
        ``n`` counts the territories used. Rows whose value (or weight) is NaN are
        dropped with a :class:`UserWarning` giving their number.

    Examples
    --------
    >>> v = pd.Series({"01": 1.0, "02": 3.0, "03": 2.0, "04": 2.0})
    >>> t = inequality_table(v, groups=pd.Series({"01": "A", "02": "A", "03": "B", "04": "B"}))
    >>> t[["n", "mean", "gini", "max_min_ratio"]]
         n  mean  gini  max_min_ratio
    A  2.0   2.0  0.25            3.0
    B  2.0   2.0  0.00            1.0
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    df = pd.DataFrame({"x": values.astype(float)})
    if weights is not None:
        df["w"] = pd.Series(weights).reindex(values.index).astype(float)
    if groups is not None:
        df["g"] = pd.Series(groups).reindex(values.index)
    nan_mask = df.drop(columns=[c for c in ["g"] if c in df]).isna().any(axis=1)
    if nan_mask.any():
        warnings.warn(
            msg.territoires_ecartes(labels=df.index[nan_mask].tolist()),
            UserWarning,
            stacklevel=2,
        )
        df = df[~nan_mask]
    if groups is not None and df["g"].isna().any():
        raise InvalidValueError(msg.territoires_sans_groupe(labels=df.index[df["g"].isna()].tolist()))
    if groups is None:
        rows = {overall_label: _row(df["x"], df["w"] if weights is not None else None)}
    else:
        rows = {
            cast(str, key): _row(sub["x"], sub["w"] if weights is not None else None)
            for key, sub in df.groupby("g", sort=True)
        }
    out = pd.DataFrame.from_dict(rows, orient="index", columns=_COLUMNS)
    out.index.name = None if groups is None else getattr(groups, "name", None)
    return out
