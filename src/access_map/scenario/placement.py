"""Placement of new practices: choose k communes for new sites (a capacity each) by greedy search.

Adding a capacity ``c`` (acts) in commune ``j`` raises the APL of the communes that reach ``j`` by
``c · scale · W[i, j] / D_j`` (the demand is unchanged, so ``D`` is too): a sparse column of the
**response matrix** ``M = scale · W diag(1 / D)``. For the TVS objective the response is aggregated
to TVS (standardised-population-weighted means): ``M_TVS = A M``.

Objectives (``objective=``), each a sum over units (communes or TVS) of a function of the unit's APL:

``"lifted"``
    population of the communes lifted above ``threshold`` (from ``APL ≤ t`` to ``> t``); ties (and
    steps where no single site lifts anyone) are broken by the standardised-population-weighted
    reduction of the shortfall below ``t``, ``Σ P̃_i (min(APL'_i, t) − min(APL_i, t))``.
``"national_selection"``
    population of the TVS leaving the national selection (TVS APL from ``≤ t`` to ``> t``), same
    tie-break at TVS level.
``"floor"``
    demand-weighted APL gain counted up to a floor ``t``: ``Σ P̃_i (min(APL'_i, t) − min(APL_i, t))``
    (without a floor every site would score its capacity exactly: the APL conserves supply).

**Greedy with lazy re-evaluation.** Each step takes the candidate of largest marginal gain. A new
site changes the APL of the units in its column's support only, so only the candidates whose
columns touch those units have a new marginal gain: they alone are re-evaluated (from the updated
unit APL); every other cached gain is exact as it is. The result is therefore exactly that of the
plain greedy (``lazy=False`` re-evaluates every candidate; tested equal), at the cost of a few
thousand column evaluations per step at France scale. ``"floor"`` is monotone submodular (a concave
function of a sum), so the greedy value is at least ``(1 − 1/e)`` of the optimum; the threshold
objectives are not submodular (two sites together may lift a commune that neither lifts alone),
and the greedy is a heuristic there — compared with exhaustive search and with PySAL ``spopt``'s
MCLP in the tests.

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> from access_map.scenario import prepare_baseline
>>> codes = ["33001", "33002", "33003"]
>>> t = pd.DataFrame({"origin": codes, "destination": codes, "minutes": [0.0, 0.0, 0.0]})
>>> b = prepare_baseline(t, demand=pd.Series(1000.0, index=codes), params=APLParams.drees_mg(),
...                      supply=pd.Series({"33001": 2000.0, "33002": 1000.0, "33003": 4000.0}))
>>> r = place_practices(b, sites=1, capacity=1000.0, objective="lifted", threshold=2.5)
>>> r.sites, r.steps["gain"].tolist()   # 33001 goes from 2.0 to 3.0; 33002 only to 2.0
(['33001'], [1000.0])
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from ..communes import CODE
from ..errors import InvalidValueError
from ..messages import scenario as msg
from .baseline import Baseline, supply_apl

__all__ = ["OBJECTIVES", "PlacementResult", "place_practices", "placement_objective"]

Objective = Literal["lifted", "national_selection", "floor"]

#: Placement objectives (see the module docstring).
OBJECTIVES: tuple[str, ...] = ("lifted", "national_selection", "floor")


@dataclass(frozen=True, eq=False)
class PlacementResult:
    """The sites chosen, in order, with each step's marginal gain.

    Attributes
    ----------
    sites
        Codes of the chosen communes, in the order they were chosen.
    steps
        One row per step: ``step``, ``code_commune``, ``gain`` (the objective's marginal gain:
        people lifted, people leaving the national selection, or demand-weighted APL gain),
        ``tie_break_gain`` (shortfall reduction; 0 for ``"floor"``), ``cumulative_gain`` and
        ``evaluations`` (candidates whose gain was computed at that step).
    apl
        APL per commune with every site added (computed on the prepared catchment).
    objective, threshold, capacity
        The placement's definition.
    """

    sites: list[str]
    steps: pd.DataFrame
    apl: pd.Series
    objective: str
    threshold: float
    capacity: float


@dataclass(frozen=True, eq=False)
class _Problem:
    response: sparse.csc_matrix  # units x candidates: unit APL rise per unit of capacity
    by_unit: sparse.csr_matrix  # the same, by rows (to find the candidates touching a unit)
    values: np.ndarray  # current unit APL
    people: np.ndarray  # unit population (primary gain of the threshold objectives)
    weights: np.ndarray  # unit standardised population (floor / tie-break)
    candidates: pd.Index


def _problem(baseline: Baseline, objective: Objective, candidates: pd.Index) -> _Problem:
    cols = baseline.codes.get_indexer(candidates)
    d = baseline.reached[cols]
    scale = np.divide(baseline.params.scale, d, out=np.zeros_like(d), where=d > 0)
    response = sparse.csc_matrix(baseline.weights_csc[:, cols] @ sparse.diags(scale))
    if objective == "national_selection":
        if "code_tvs" not in baseline.group_codes:
            raise InvalidValueError(msg.NATIONAL_SELECTION_NEEDS_TVS)
        groups, names = baseline.group_codes["code_tvs"]
        w_tvs = np.bincount(groups, weights=baseline.demand, minlength=len(names))
        share = np.divide(baseline.demand, w_tvs[groups], out=np.zeros_like(baseline.demand), where=w_tvs[groups] > 0)
        agg = sparse.csr_matrix((share, (groups, np.arange(len(groups)))), shape=(len(names), len(groups)))
        response = sparse.csc_matrix(agg @ response)
        values = np.asarray(agg @ baseline.apl)
        people = np.bincount(groups, weights=baseline.counted_population, minlength=len(names))
        weights = np.bincount(groups, weights=baseline.counted_demand, minlength=len(names))
    else:
        values, people, weights = baseline.apl.copy(), baseline.counted_population, baseline.counted_demand
    response.eliminate_zeros()
    response.sort_indices()
    return _Problem(response, response.tocsr(), np.asarray(values, dtype=float), people, weights, candidates)


def _gains(
    problem: _Problem, cols: np.ndarray, capacity: float, objective: Objective, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Marginal (primary, tie-break) gains of the candidate columns ``cols`` given the current unit APL."""
    sub = problem.response[:, cols]
    rows, rise = sub.indices, sub.data * capacity
    owner = np.repeat(np.arange(len(cols)), np.diff(sub.indptr))
    old = problem.values[rows]
    new = old + rise
    shortfall = problem.weights[rows] * (np.minimum(new, threshold) - np.minimum(old, threshold))
    tie = np.bincount(owner, weights=shortfall, minlength=len(cols))
    if objective == "floor":
        return tie, np.zeros(len(cols))
    lifted = problem.people[rows] * ((old <= threshold) & (new > threshold))
    return np.bincount(owner, weights=lifted, minlength=len(cols)), tie


def _best(primary: np.ndarray, tie: np.ndarray, open_: np.ndarray) -> int:
    """Index of the open candidate of largest (primary, tie-break) gain; the first in code order on ties."""
    p = np.where(open_, primary, -np.inf)
    top = p.max()
    pool = open_ & (primary >= top - 1e-9 * max(1.0, abs(top)))
    t = np.where(pool, tie, -np.inf)
    return int(np.flatnonzero(t >= t.max() - 1e-12 * max(1.0, abs(t.max())))[0])


def placement_objective(baseline: Baseline, apl: np.ndarray, *, objective: Objective, threshold: float) -> float:
    """Value of a placement objective for a commune APL vector, relative to the baseline.

    ``"lifted"``: population of communes lifted above ``threshold``; ``"national_selection"``:
    population of the TVS that left the national selection; ``"floor"``: demand-weighted APL gain
    counted up to ``threshold``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from access_map.apl import APLParams
    >>> from access_map.scenario import prepare_baseline
    >>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> b = prepare_baseline(t, demand=pd.Series({"33001": 100.0}), supply=pd.Series({"33001": 200.0}),
    ...                      params=APLParams.drees_mg())
    >>> placement_objective(b, np.array([3.0]), objective="floor", threshold=2.5)   # 100 x (2.5 - 2.0)
    50.0
    """
    demand, population = baseline.counted_demand, baseline.counted_population
    if objective == "floor":
        return float((demand * (np.minimum(apl, threshold) - np.minimum(baseline.apl, threshold))).sum())
    if objective == "lifted":
        return float(population[(baseline.apl <= threshold) & (apl > threshold)].sum())
    groups, names = baseline.group_codes["code_tvs"]
    w = np.bincount(groups, weights=baseline.demand, minlength=len(names))
    pop = np.bincount(groups, weights=population, minlength=len(names))
    with np.errstate(invalid="ignore", divide="ignore"):
        before = np.bincount(groups, weights=baseline.demand * baseline.apl, minlength=len(names)) / w
        after = np.bincount(groups, weights=baseline.demand * apl, minlength=len(names)) / w
    return float(pop[(before <= threshold) & (after > threshold)].sum())


def place_practices(
    baseline: Baseline,
    *,
    sites: int,
    capacity: float,
    objective: Objective = "lifted",
    threshold: float | None = None,
    candidates: pd.Index | list[str] | None = None,
    lazy: bool = True,
) -> PlacementResult:
    """Choose ``sites`` communes for new practices of ``capacity`` acts each, greedily.

    Parameters
    ----------
    baseline
        From :func:`~access_map.scenario.prepare_baseline`.
    sites
        Number of new sites (k ≥ 1); fewer are returned when no candidate gains anything.
    capacity
        Supply of each new site (acts for GPs: e.g. 4 GPs × 5,000 = 20,000).
    objective
        ``"lifted"``, ``"national_selection"`` or ``"floor"`` (module docstring).
    threshold
        The APL threshold (or floor); default the zoning's ``zip_threshold`` (2.5).
    candidates
        Communes allowed to host a site; default every commune of the territory studied
        (:attr:`~access_map.scenario.Baseline.reported`) from which some demand is reached.
    lazy
        Re-evaluate only the candidates whose gain the last site changed (same result as ``False``).

    Returns
    -------
    PlacementResult
    """
    if objective not in OBJECTIVES:
        raise InvalidValueError(msg.objective_unknown(objective=objective, known=OBJECTIVES))
    if int(sites) != sites or sites < 1:
        raise InvalidValueError(msg.sites_invalid(sites=sites))
    if not (np.isfinite(capacity) and capacity > 0):
        raise InvalidValueError(msg.capacity_invalid(capacity=capacity))
    t = float(baseline.rules.zip_threshold if threshold is None else threshold)
    if candidates is None:
        pool = baseline.codes[(baseline.reached > 0) & baseline.reported]
    else:
        pool = pd.Index([str(c) for c in candidates])
        unknown = pool[baseline.codes.get_indexer(pool) < 0]
        if len(unknown):
            raise InvalidValueError(msg.candidates_unknown(codes=unknown.tolist()))
    if len(pool) < sites:
        raise InvalidValueError(msg.too_few_candidates(sites=int(sites), candidates=len(pool)))
    problem = _problem(baseline, objective, pool)
    everyone = np.arange(len(pool))
    primary, tie = _gains(problem, everyone, capacity, objective, t)
    open_ = np.ones(len(pool), dtype=bool)
    rows: list[dict[str, object]] = []
    evaluations = len(pool)
    for step in range(1, int(sites) + 1):
        j = _best(primary, tie, open_)
        if primary[j] <= 0 and tie[j] <= 0:
            warnings.warn(
                msg.placement_stopped(sites=step - 1, objective=objective, threshold=t), UserWarning, stacklevel=2
            )
            break
        rows.append(
            {
                "step": step,
                CODE: str(pool[j]),
                "gain": float(primary[j]),
                "tie_break_gain": float(tie[j]) if objective != "floor" else 0.0,
                "evaluations": evaluations,
            }
        )
        open_[j] = False
        col = problem.response[:, [j]]
        problem.values[col.indices] += col.data * capacity
        if lazy:
            touched = problem.by_unit[col.indices]
            dirty = np.unique(touched.indices)
        else:
            dirty = everyone
        dirty = dirty[open_[dirty]]
        primary[dirty], tie[dirty] = _gains(problem, dirty, capacity, objective, t)
        evaluations = len(dirty)
    steps = pd.DataFrame(rows, columns=["step", CODE, "gain", "tie_break_gain", "evaluations"])
    steps.insert(4, "cumulative_gain", steps["gain"].cumsum())
    chosen = steps[CODE].tolist()
    supply = baseline.supply + baseline.vector({c: capacity for c in chosen}, what="placement")
    return PlacementResult(
        sites=chosen,
        steps=steps,
        apl=baseline.apl_series(supply_apl(baseline, supply)),
        objective=objective,
        threshold=t,
        capacity=float(capacity),
    )
