"""Evaluate a scenario against its baseline: ΔAPL per commune and TVS, zoning categories, threshold crossings.

The APL of the scenario is computed on the baseline's prepared catchment whenever possible
(:func:`~access_map.scenario.baseline.supply_apl` for supply-only scenarios, two sparse products
for a demand change); only a travel change rebuilds a catchment. Every figure is the same as a
recomputation from scratch with :func:`access_map.apl.compute_apl` (tested to 1e-9).

Threshold convention: a commune or TVS is *at or below* a threshold ``t`` when ``APL ≤ t`` (as the
arrêté's national selection, ``APL ≤ 2.5``); it *crosses* ``t`` downwards when its APL goes from
``> t`` to ``≤ t``, upwards the other way.

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> from access_map.scenario import prepare_baseline, CloseSite
>>> t = pd.DataFrame({"origin": ["33001", "33002"], "destination": ["33001", "33002"], "minutes": [0.0, 0.0]})
>>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0, "33002": 1000.0}),
...                      supply=pd.Series({"33001": 3000.0, "33002": 5000.0}), params=APLParams.drees_mg(),
...                      territories=pd.DataFrame({"code_region": ["75", "75"]}, index=["33001", "33002"]))
>>> r = evaluate_scenario(b, [CloseSite("33002")], name="fermeture")
>>> r.communes["delta_apl"].tolist()
[0.0, -5.0]
>>> r.crossings.loc[("code_region", "75"), ["population_fell_le_2.5", "population_fell_le_4"]].tolist()
[1000.0, 1000.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..communes import CODE
from ..zoning import CATEGORIES
from .baseline import Baseline, demand_apl, prepare_baseline, supply_apl
from .changes import Change, ScenarioState, apply_changes
from .zoning_outcome import ZoningBaseline, ZoningOutcome, prepare_zoning, zoning_outcome

__all__ = ["ScenarioResult", "evaluate_scenario", "scenario_apl", "crossing_counts", "tvs_apl_values", "categories_of"]


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """What a scenario changes.

    Attributes
    ----------
    name, label
        Short name (file names) and French label of the scenario.
    communes
        Per commune: ``apl_before``, ``apl_after``, ``delta_apl``, ``population_before``,
        ``population_after``, ``supply_before``, ``supply_after`` and the territory codes.
    tvs
        Per TVS (when the baseline has ``code_tvs``): ``apl_before``, ``apl_after``, ``delta_apl``,
        ``category_before``, ``category_after`` (``national_selection``, ``vivier``, ``hors_vivier``),
        ``population_after``.
    crossings
        Indexed by (level, code) — ``("total", "ensemble")`` then each department and region: the
        population of communes whose APL fell to ``≤ t`` and rose above ``t`` for the two zoning
        thresholds, and the net change of the population at or below ``t``.
    most_affected
        The communes whose APL changes, the largest ``|ΔAPL|`` first (``rank`` 1 = most affected; ties in
        commune code order), at most ``top`` of them.
    notes
        What the scenario applied (French).
    zoning
        Class of each commune and TVS before and after, transitions and population changing class
        (:class:`~access_map.scenario.zoning_outcome.ZoningOutcome`).
    """

    name: str
    label: str
    communes: pd.DataFrame
    tvs: pd.DataFrame | None
    crossings: pd.DataFrame
    most_affected: pd.DataFrame
    notes: tuple[str, ...] = field(default=())
    zoning: ZoningOutcome | None = None

    def summary(self) -> dict[str, float]:
        """Headline figures: mean ΔAPL (weighted by standardised population), population crossing each threshold, TVS changing category."""
        total = self.crossings.xs(("total", "ensemble"))
        w = self.communes["standardised_population_after"]
        out = {"mean_delta_apl": float((self.communes["delta_apl"] * w).sum() / w.sum()) if w.sum() > 0 else 0.0}
        out.update({str(k): float(v) for k, v in zip(total.index, total.to_numpy(dtype=float), strict=True)})
        if self.tvs is not None:
            out["tvs_changing_category"] = float((self.tvs["category_before"] != self.tvs["category_after"]).sum())
        if self.zoning is not None:
            out["population_changing_class"] = self.zoning.population_changing_class
        return out


def scenario_apl(baseline: Baseline, state: ScenarioState) -> np.ndarray:
    """The scenario's APL per commune (aligned on ``baseline.codes``), on the prepared catchment when possible.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.apl import APLParams
    >>> from access_map.scenario import prepare_baseline, apply_changes, ScalePopulation
    >>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 3600.0}),
    ...                      params=APLParams.drees_mg())
    >>> scenario_apl(b, apply_changes(b, [ScalePopulation(2.0)])).tolist()
    [1.8]
    """
    if state.times is not None:
        rebuilt = prepare_baseline(
            state.times,
            demand=pd.Series(state.demand, index=baseline.codes),
            supply=pd.Series(state.supply, index=baseline.codes),
            params=baseline.params,
        )
        return rebuilt.apl
    if state.demand_changed:
        return demand_apl(baseline, state.supply, state.demand)[0]
    return supply_apl(baseline, state.supply)


def crossing_counts(
    before: np.ndarray,
    after: np.ndarray,
    population: np.ndarray,
    *,
    thresholds: Sequence[float],
    groups: np.ndarray | None = None,
    n_groups: int = 1,
) -> np.ndarray:
    """Population crossing each threshold, per group: columns fell (to ≤ t), rose (above t), net change at ≤ t.

    Returns an array of shape ``(n_groups, 3 * len(thresholds))``.

    Examples
    --------
    >>> import numpy as np
    >>> crossing_counts(np.array([3.0, 2.0, 2.0]), np.array([2.0, 3.0, 2.4]), np.array([10.0, 20.0, 5.0]),
    ...                 thresholds=[2.5]).tolist()
    [[10.0, 20.0, -10.0]]
    """
    g = np.zeros(len(before), dtype=np.intp) if groups is None else groups
    columns = []
    for t in thresholds:
        was, now = before <= t, after <= t
        fell = np.bincount(g, weights=population * (now & ~was), minlength=n_groups)
        rose = np.bincount(g, weights=population * (was & ~now), minlength=n_groups)
        columns += [fell, rose, fell - rose]
    return np.column_stack(columns)


def tvs_apl_values(apl: np.ndarray, weights: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """TVS APL: mean of commune APL weighted by standardised population (as :func:`access_map.zoning.tvs_apl`).

    Rounded to 12 decimals like :func:`~access_map.zoning.tvs_apl`; NaN for a TVS of weight 0.

    Examples
    --------
    >>> import numpy as np
    >>> tvs_apl_values(np.array([2.0, 5.0]), np.array([300.0, 100.0]), np.array([0, 0]), 1).tolist()
    [2.75]
    """
    total = np.bincount(groups, weights=weights, minlength=n_groups)
    weighted = np.bincount(groups, weights=weights * apl, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.round(np.where(total > 0, weighted / total, np.nan), 12)


def categories_of(apl: np.ndarray, *, zip_threshold: float, vivier_threshold: float) -> np.ndarray:
    """National category of TVS APL values (≤ zip → national selection, ≤ vivier → vivier, else hors vivier).

    Examples
    --------
    >>> import numpy as np
    >>> categories_of(np.array([2.5, 3.0, 4.5]), zip_threshold=2.5, vivier_threshold=4.0).tolist()
    ['national_selection', 'vivier', 'hors_vivier']
    """
    return np.where(
        apl <= zip_threshold, CATEGORIES[0], np.where(apl <= vivier_threshold, CATEGORIES[1], CATEGORIES[2])
    )


def _thresholds(baseline: Baseline) -> tuple[float, float]:
    return float(baseline.rules.zip_threshold), float(baseline.rules.vivier_threshold)


def _crossings(baseline: Baseline, after: np.ndarray, population: np.ndarray) -> pd.DataFrame:
    thresholds = _thresholds(baseline)
    labels = [f"{t:g}" for t in thresholds]
    columns = [f"population_{kind}_{label}" for label in labels for kind in ("fell_le", "rose_above", "net_le")]
    # counts use the baseline population on both sides, so a pure demand change is not counted as a crossing
    frames = [
        pd.DataFrame(
            crossing_counts(baseline.apl, after, population, thresholds=thresholds),
            columns=columns,
            index=pd.MultiIndex.from_tuples([("total", "ensemble")], names=["level", "code"]),
        )
    ]
    for level in ("code_departement", "code_region"):
        if level not in baseline.group_codes:
            continue
        groups, names = baseline.group_codes[level]
        counts = crossing_counts(
            baseline.apl, after, population, thresholds=thresholds, groups=groups, n_groups=len(names)
        )
        index = pd.MultiIndex.from_arrays([[level] * len(names), names], names=["level", "code"])
        kept = np.bincount(groups, weights=baseline.reported, minlength=len(names)) > 0
        frames.append(pd.DataFrame(counts, columns=columns, index=index)[kept])
    return pd.concat(frames)


def _tvs_table(baseline: Baseline, after: np.ndarray, state: ScenarioState) -> pd.DataFrame | None:
    if "code_tvs" not in baseline.group_codes:
        return None
    groups, names = baseline.group_codes["code_tvs"]
    zip_t, vivier_t = _thresholds(baseline)
    before_apl = tvs_apl_values(baseline.apl, baseline.demand, groups, len(names))
    after_apl = tvs_apl_values(after, state.demand, groups, len(names))
    table = pd.DataFrame(
        {
            "apl_before": before_apl,
            "apl_after": after_apl,
            "delta_apl": after_apl - before_apl,
            "category_before": categories_of(before_apl, zip_threshold=zip_t, vivier_threshold=vivier_t),
            "category_after": categories_of(after_apl, zip_threshold=zip_t, vivier_threshold=vivier_t),
            "population_before": np.bincount(groups, weights=baseline.population, minlength=len(names)),
            "population_after": np.bincount(groups, weights=state.population, minlength=len(names)),
        },
        index=pd.Index(names, name="code_tvs"),
    )
    undefined = np.isnan(before_apl) | np.isnan(after_apl)
    table.loc[undefined, ["category_before", "category_after"]] = "undefined"
    # a TVS is reported when one of its communes is (its APL counts all its communes)
    return table[np.bincount(groups, weights=baseline.reported, minlength=len(names)) > 0]


def _most_affected(communes: pd.DataFrame, top: int) -> pd.DataFrame:
    """The communes whose APL changes, by decreasing ``|ΔAPL|`` (to 1e-12: rounding noise does not rank), then code."""
    magnitude = np.round(np.abs(communes["delta_apl"].to_numpy(dtype=float)), 12)
    order = np.lexsort((communes.index.to_numpy(dtype=str), -magnitude))
    order = order[magnitude[order] > 0][:top]
    most = communes.iloc[order].copy()
    most.insert(0, "rank", np.arange(1, len(most) + 1))
    return most


def evaluate_scenario(
    baseline: Baseline,
    changes: Sequence[Change],
    *,
    name: str = "scenario",
    label: str = "",
    top: int = 20,
    zoning: ZoningBaseline | None = None,
) -> ScenarioResult:
    """Apply ``changes`` to ``baseline`` and report what moves.

    Parameters
    ----------
    baseline
        From :func:`~access_map.scenario.prepare_baseline`.
    changes
        Supply, demand and travel changes (:mod:`access_map.scenario.changes`), applied in order.
    name, label
        Short name and French label of the scenario.
    top
        Length of the ranked list of the most affected communes.
    zoning
        How to zone the scenario (:func:`~access_map.scenario.zoning_outcome.prepare_zoning`, once for
        every scenario of a baseline); default the national categories of the TVS (or of the communes)
        of ``baseline``.

    Returns
    -------
    ScenarioResult
    """
    state = apply_changes(baseline, changes)
    after = scenario_apl(baseline, state)
    communes = pd.DataFrame(
        {
            "apl_before": baseline.apl,
            "apl_after": after,
            "delta_apl": after - baseline.apl,
            "population_before": baseline.population,
            "population_after": state.population,
            "standardised_population_after": state.demand,
            "supply_before": baseline.supply,
            "supply_after": state.supply,
        },
        index=pd.Index(baseline.codes, name=CODE),
    ).join(baseline.territories)
    communes = communes[baseline.reported]  # context communes of a selection: in the catchment, not reported
    zb = zoning if zoning is not None else prepare_zoning(baseline)
    return ScenarioResult(
        name=name,
        label=label or name,
        communes=communes,
        tvs=_tvs_table(baseline, after, state),
        crossings=_crossings(baseline, after, baseline.counted_population),
        most_affected=_most_affected(communes, top),
        notes=state.notes,
        zoning=zoning_outcome(zb, baseline, apl=after, demand=state.demand, population=state.population),
    )
