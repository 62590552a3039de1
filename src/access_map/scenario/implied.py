"""Implied supply: the non-negative supply per commune of practice that reproduces an official APL.

Analysts have DREES's published APL per commune, not the activity data behind it. With a time
table and the standardised demand, the APL is linear in the supply ``S``::

    APL = scale · W diag(1 / D) S,   D = Wᵀ P̃

Writing ``x = S / D`` (supply per reachable standardised inhabitant, step 1's ratio), the fit is a
sparse bounded least-squares problem ``min ‖scale · W x − APL‖²`` subject to ``x ≥ 0``, solved by
:func:`scipy.optimize.lsq_linear` (trust-region reflective with LSMR: it only needs sparse
products, so it scales to a region or to France), then ``S = x · D``.

The official APL is computed on road times (INSEE Metric) and on practitioners outside the
territory too: a fit on crow-fly times, or on a region cut from its neighbours, cannot reproduce
it exactly. :class:`ImpliedSupply` reports the reproduction error (max, RMSE, share of communes
within a tolerance) and where the residual concentrates (by department, by APL band, the
largest). Fit on the region plus the communes within reach of it (``fit_codes``) to soften the
border effect, and report on the region only.

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams, compute_apl
>>> codes = ["33001", "33002", "33003"]
>>> times = pd.DataFrame({"origin": codes + ["33001", "33002"], "destination": codes + ["33002", "33001"],
...                       "minutes": [0.0, 0.0, 0.0, 12.0, 12.0]})
>>> demand = pd.Series([1000.0, 500.0, 800.0], index=codes)
>>> official = compute_apl(supply=pd.Series({"33001": 5400.0, "33003": 3000.0}), demand=demand,
...                        times=times, params=APLParams.drees_mg())
>>> fit = implied_supply(official, demand=demand, times=times, params=APLParams.drees_mg())
>>> fit.supply.round(1).tolist(), round(fit.report["max_abs_error"], 6)
([5400.0, 0.0, 3000.0], 0.0)
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import lsq_linear

from .._validate import describe_values
from ..apl import APLParams
from ..communes import CODE
from ..errors import InvalidValueError
from ..messages import apl as msg_apl
from .baseline import square_catchment

__all__ = ["ImpliedSupply", "implied_supply"]

#: APL bands of the residual report (the zoning thresholds and the national mean's neighbourhood).
_BANDS = (0.0, 1.5, 2.5, 4.0, 5.5, np.inf)


@dataclass(frozen=True, eq=False)
class ImpliedSupply:
    """Result of :func:`implied_supply`.

    Attributes
    ----------
    supply
        Implied supply per commune of practice (acts for GPs), indexed by the fitted communes.
    communes
        Per commune of the report: ``official_apl``, ``fitted_apl``, ``residual`` (fitted − official),
        ``implied_supply`` and ``code_departement`` when given.
    report
        ``max_abs_error``, ``rmse``, ``share_within`` (share of communes with ``|residual| ≤ tolerance``),
        ``tolerance``, ``communes``, ``mean_official_apl``, ``seconds``, ``solver_status``,
        ``iterations``, ``top_decile_share_of_squared_error`` (how concentrated the residual is).
    by_department
        RMSE, mean residual and count per department (when departments are given).
    by_band
        The same per band of official APL.
    largest
        The 20 communes with the largest ``|residual|``.
    """

    supply: pd.Series
    communes: pd.DataFrame
    report: dict[str, float] = field(default_factory=dict)
    by_department: pd.DataFrame | None = None
    by_band: pd.DataFrame | None = None
    largest: pd.DataFrame | None = None


def _summary(residual: pd.Series) -> pd.Series:
    r = residual.to_numpy(dtype=float)
    return pd.Series(
        {
            "communes": float(len(r)),
            "rmse": float(np.sqrt(np.mean(r**2))) if len(r) else 0.0,
            "mean_residual": float(r.mean()) if len(r) else 0.0,
            "max_abs_error": float(np.abs(r).max()) if len(r) else 0.0,
        }
    )


def implied_supply(
    official_apl: pd.Series,
    *,
    demand: pd.Series,
    times: pd.DataFrame,
    params: APLParams,
    report_codes: pd.Index | None = None,
    departments: pd.Series | None = None,
    tolerance: float = 0.05,
    max_iter: int = 2000,
) -> ImpliedSupply:
    """Estimate the non-negative supply per commune that reproduces ``official_apl``.

    Parameters
    ----------
    official_apl
        Published APL per commune (DREES workbook, :func:`access_map.readers.drees.read_apl_sheet`).
        Its index (minus NaN values, counted in a warning) is the set of fitted communes.
    demand
        Standardised population per commune (the workbook's ``standardised_population``); missing
        values count as 0.
    times
        Long table ``origin, destination, minutes`` between the fitted communes.
    params
        APL parameters (decay, radius, scale) of the official indicator.
    report_codes
        Communes on which the error is reported (default all fitted ones): give the region when the
        fit includes a border of neighbouring communes.
    departments
        Commune → department, for the residual by department.
    tolerance
        The "within" tolerance of the report (default 0.05 APL point).
    max_iter
        Iteration cap of :func:`scipy.optimize.lsq_linear`.

    Returns
    -------
    ImpliedSupply
    """
    official = pd.Series(official_apl, dtype=float)
    official.index = pd.Index(official.index.astype(str), name=CODE)
    missing = official.isna()
    if missing.any():
        warnings.warn(
            msg_apl.apl_officiel_sans_valeur(
                n=int(missing.sum()), exemples=describe_values(official.index[missing.to_numpy()][:5].tolist())
            ),
            UserWarning,
            stacklevel=2,
        )
        official = official[~missing]
    if (official < 0).any():
        raise InvalidValueError(
            msg_apl.apl_officielle_negative(codes=describe_values(official.index[official < 0].tolist()))
        )
    codes = official.index
    p = pd.Series(demand, dtype=float).reindex(codes).fillna(0.0).to_numpy()
    catchment = square_catchment(times, codes, params)
    reached = np.asarray(catchment.weights_t @ p)
    start = time.perf_counter()
    solution = lsq_linear(
        catchment.weights * params.scale,
        official.to_numpy(),
        bounds=(0.0, np.inf),
        method="trf",
        lsmr_tol="auto",
        max_iter=max_iter,
    )
    seconds = time.perf_counter() - start
    ratio = np.where(reached > 0, solution.x, 0.0)
    supply = pd.Series(ratio * reached, index=codes, name="implied_supply")
    fitted = np.asarray(catchment.weights @ ratio) * params.scale
    table = pd.DataFrame(
        {
            "official_apl": official.to_numpy(),
            "fitted_apl": fitted,
            "residual": fitted - official.to_numpy(),
            "implied_supply": supply.to_numpy(),
        },
        index=codes,
    )
    if departments is not None:
        table["code_departement"] = pd.Series(departments).reindex(codes).astype(object).to_numpy()
    if report_codes is not None:
        table = table.loc[table.index.intersection(pd.Index(report_codes).astype(str))]
    return _report(
        table, supply, tolerance=tolerance, seconds=seconds, status=int(solution.status), iterations=int(solution.nit)
    )


def _report(
    table: pd.DataFrame, supply: pd.Series, *, tolerance: float, seconds: float, status: int, iterations: int
) -> ImpliedSupply:
    r = table["residual"].to_numpy()
    squared = np.sort(r**2)[::-1]
    top = max(1, len(r) // 10)
    report = {
        **{str(k): float(v) for k, v in _summary(table["residual"]).items()},
        "share_within": float((np.abs(r) <= tolerance).mean()) if len(r) else 0.0,
        "tolerance": float(tolerance),
        "mean_official_apl": float(table["official_apl"].mean()) if len(r) else 0.0,
        "top_decile_share_of_squared_error": float(squared[:top].sum()) / float(squared.sum())
        if squared.sum() > 0
        else 0.0,
        "seconds": float(seconds),
        "solver_status": float(status),
        "iterations": float(iterations),
    }
    by_department = None
    if "code_departement" in table.columns:
        by_department = table.groupby("code_departement")["residual"].apply(_summary).unstack()
    bands = pd.cut(table["official_apl"], bins=list(_BANDS), right=True, include_lowest=True)
    by_band = table.groupby(bands, observed=True)["residual"].apply(_summary).unstack()
    by_band.index = by_band.index.astype(str)
    largest = table.reindex(table["residual"].abs().sort_values(ascending=False).index[:20])
    return ImpliedSupply(
        supply=supply, communes=table, report=report, by_department=by_department, by_band=by_band, largest=largest
    )
