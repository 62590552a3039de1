"""The zoning outcome of a scenario: class of each commune and TVS before and after, population changing class.

The classes come from the package's zoning engine, never from thresholds written here:

* with the TVS composition, the regional caps and the communes' regions, :func:`access_map.zoning.compute_zoning`
  zones the baseline and the scenario (ZIP, ZAC, ZV — zone de vigilance —, HV — hors vivier) with the
  territory's rules, QPV and zoning in force (``method = "zoning"``);
* with the TVS but no caps, the national categories of the TVS (:func:`access_map.zoning.classify_apl` of the
  TVS APL: national selection, vivier, hors vivier; ``"tvs_categories"``): without caps there is no ZIP nor ZAC;
* with neither, the national categories of each commune's own APL (``"commune_categories"``).

The categories are computed from the APL before and after (a DREES category published for the baseline
would not move with the scenario). The population changing class is that of the communes of the territory
studied whose class differs, counted with the baseline population (as the threshold crossings).

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> from access_map.scenario import prepare_baseline
>>> t = pd.DataFrame({"origin": ["33001", "33002"], "destination": ["33001", "33002"], "minutes": [0.0, 0.0]})
>>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0, "33002": 1000.0}),
...                      supply=pd.Series({"33001": 3000.0, "33002": 5000.0}), params=APLParams.drees_mg())
>>> z = prepare_zoning(b)
>>> z.method, z.before.tolist()
('commune_categories', ['vivier', 'hors_vivier'])
>>> out = zoning_outcome(z, b, apl=b.apl * 0.8, demand=b.demand)
>>> out.communes["class_after"].tolist(), out.population_changing_class
(['national_selection', 'vivier'], 2000.0)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..communes import CODE
from ..errors import AccessMapError
from ..messages import scenario as msg
from ..schema import GP_ZONING_CLASSES
from ..zoning import CATEGORIES, ZoningRules, classify_apl, compute_zoning, tvs_membership
from .baseline import Baseline

__all__ = ["NO_TVS", "CLASS_ORDER", "ZoningBaseline", "ZoningOutcome", "prepare_zoning", "zoning_outcome"]

#: TVS code of the communes of a territory outside every TVS (their class is this too).
NO_TVS = "sans TVS"

#: Order of the classes in the tables (zoning classes, then national categories, then the communes without TVS).
CLASS_ORDER: tuple[str, ...] = (*GP_ZONING_CLASSES, "HZ", *CATEGORIES, "undefined", NO_TVS)


@dataclass(frozen=True, eq=False)
class ZoningBaseline:
    """How a territory is zoned in its scenarios, and its classes in the baseline (from :func:`prepare_zoning`).

    Attributes
    ----------
    method
        ``"zoning"``, ``"tvs_categories"`` or ``"commune_categories"`` (module docstring).
    before
        Class of every commune of the baseline (aligned on ``baseline.codes``).
    rules
        The zoning rules (thresholds, presets).
    tvs, caps, qpv, in_force
        The zoning engine's inputs (``method = "zoning"``).
    notes
        What the report must say about the method (French).
    """

    method: str
    before: pd.Series
    rules: ZoningRules
    tvs: pd.DataFrame | None = None
    caps: pd.DataFrame | None = None
    qpv: pd.DataFrame | None = None
    in_force: pd.DataFrame | pd.Series | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class ZoningOutcome:
    """The zoning before and after a scenario.

    Attributes
    ----------
    method
        As :attr:`ZoningBaseline.method`.
    communes
        Per commune of the territory studied: ``code_tvs`` (when known), ``class_before``, ``class_after``,
        ``population`` (baseline) and ``changed``.
    tvs
        Per TVS (methods with TVS): the class of most of its residents before and after, ``population``,
        ``changed``.
    transitions
        ``class_before``, ``class_after``, ``communes``, ``population``: every pair that occurs.
    """

    method: str
    communes: pd.DataFrame
    tvs: pd.DataFrame | None
    transitions: pd.DataFrame

    @property
    def population_changing_class(self) -> float:
        """Population of the communes whose class changes."""
        return float(self.communes.loc[self.communes["changed"], "population"].sum())


def _engine_classes(
    zb: ZoningBaseline, baseline: Baseline, apl: np.ndarray, demand: np.ndarray, population: np.ndarray
) -> pd.Series:
    assert zb.tvs is not None and zb.caps is not None
    communes = pd.DataFrame(
        {
            "apl": apl,
            "standardised_population": demand,
            "population": population,
            "code_region": baseline.territories["code_region"].to_numpy(),
        },
        index=pd.Index(baseline.codes, name=CODE),
    )
    result = compute_zoning(communes, tvs=zb.tvs, caps=zb.caps, rules=zb.rules, qpv=zb.qpv, in_force=zb.in_force)
    return result.communes["zonage"].reindex(baseline.codes).fillna(NO_TVS).astype(object)


def _category_classes(zb: ZoningBaseline, baseline: Baseline, apl: np.ndarray, demand: np.ndarray) -> pd.Series:
    if zb.method == "commune_categories":
        values = classify_apl(pd.Series(apl, index=baseline.codes), rules=zb.rules)
        return values.fillna("undefined").astype(object)
    groups, names = baseline.group_codes["code_tvs"]
    total = np.bincount(groups, weights=demand, minlength=len(names))
    weighted = np.bincount(groups, weights=demand * apl, minlength=len(names))
    with np.errstate(invalid="ignore", divide="ignore"):
        tvs_apl = np.round(np.where(total > 0, weighted / total, np.nan), 12)  # as zoning.tvs_apl
    by_tvs = classify_apl(pd.Series(tvs_apl, index=names), rules=zb.rules).fillna("undefined")
    out = pd.Series(by_tvs.to_numpy()[groups], index=baseline.codes, dtype=object)
    out[baseline.territories["code_tvs"].to_numpy() == NO_TVS] = NO_TVS
    return out


def _classes(
    zb: ZoningBaseline, baseline: Baseline, apl: np.ndarray, demand: np.ndarray, population: np.ndarray
) -> pd.Series:
    if zb.method == "zoning":
        return _engine_classes(zb, baseline, apl, demand, population)
    return _category_classes(zb, baseline, apl, demand)


def prepare_zoning(
    baseline: Baseline,
    *,
    tvs: pd.DataFrame | pd.Series | None = None,
    caps: pd.DataFrame | None = None,
    rules: ZoningRules | None = None,
    qpv: pd.DataFrame | None = None,
    in_force: pd.DataFrame | pd.Series | None = None,
) -> ZoningBaseline:
    """Choose how the scenarios of ``baseline`` are zoned and zone the baseline (once for every scenario).

    Parameters
    ----------
    baseline
        From :func:`~access_map.scenario.prepare_baseline`.
    tvs
        TVS composition (:func:`access_map.zoning.tvs_membership` layout); a ``drees_category`` column is left
        out (the categories are computed from the APL before and after).
    caps
        Regional caps (:func:`access_map.zoning.validate_caps` layout); with ``tvs`` and the baseline's
        ``code_region``, the engine zones ZIP/ZAC. When the engine refuses these inputs, the TVS categories
        are used with a warning saying why.
    rules
        Zoning rules (default the baseline's).
    qpv, in_force
        As :func:`access_map.zoning.compute_zoning` (QPV composition; zoning in force, the starting
        point of the 2021+ rules).

    Returns
    -------
    ZoningBaseline
    """
    rules = rules or baseline.rules
    has_tvs = "code_tvs" in baseline.group_codes
    method = "tvs_categories" if has_tvs else "commune_categories"
    members = None
    if tvs is not None and caps is not None and "code_region" in baseline.territories.columns:
        members = tvs_membership(tvs).drop(columns="drees_category", errors="ignore")
        method = "zoning"
    notes = [msg.ZONING_METHODS[method]]
    zb = ZoningBaseline(method, pd.Series(dtype=object), rules, members, caps, qpv, in_force)
    try:
        before = _classes(zb, baseline, baseline.apl, baseline.demand, baseline.population)
    except (AccessMapError, ValueError) as exc:
        if method != "zoning":
            raise
        warnings.warn(msg.zoning_failed(reason=str(exc)), UserWarning, stacklevel=2)
        fallback = "tvs_categories" if has_tvs else "commune_categories"
        zb = ZoningBaseline(fallback, pd.Series(dtype=object), rules)
        before = _classes(zb, baseline, baseline.apl, baseline.demand, baseline.population)
        notes = [msg.ZONING_METHODS[fallback]]
    variant = msg.zoning_variant_note(max_age=baseline.params.max_age)
    if variant:
        notes.append(variant)
    return ZoningBaseline(zb.method, before, rules, zb.tvs, zb.caps, zb.qpv, zb.in_force, notes=tuple(notes))


def _order(values: pd.Series) -> pd.Series:
    rank = {c: i for i, c in enumerate(CLASS_ORDER)}
    return values.map(lambda v: rank.get(v, len(rank)))


def zoning_outcome(
    zb: ZoningBaseline,
    baseline: Baseline,
    *,
    apl: np.ndarray,
    demand: np.ndarray,
    population: np.ndarray | None = None,
) -> ZoningOutcome:
    """Zone a scenario (its APL, standardised demand and population) and compare with the baseline's zoning.

    Parameters
    ----------
    zb
        From :func:`prepare_zoning` on ``baseline``.
    baseline
        The scenario's baseline.
    apl, demand, population
        The scenario's APL, standardised demand and population per commune (aligned on ``baseline.codes``;
        ``population`` defaults to the baseline's).

    Returns
    -------
    ZoningOutcome
    """
    pop = baseline.population if population is None else population
    after = _classes(zb, baseline, np.asarray(apl, dtype=float), np.asarray(demand, dtype=float), pop)
    table = pd.DataFrame(
        {"class_before": zb.before.to_numpy(), "class_after": after.to_numpy(), "population": baseline.population},
        index=pd.Index(baseline.codes, name=CODE),
    )
    if "code_tvs" in baseline.territories.columns:
        table.insert(0, "code_tvs", baseline.territories["code_tvs"].to_numpy())
    table["changed"] = table["class_before"] != table["class_after"]
    table = table[baseline.reported]
    tvs = None
    if "code_tvs" in table.columns and zb.method != "commune_categories":
        tvs = _tvs_classes(table)
    transitions = (
        table.groupby(["class_before", "class_after"])
        .agg(communes=("population", "size"), population=("population", "sum"))
        .reset_index()
    )
    transitions = transitions.sort_values(["class_before", "class_after"], key=_order, kind="mergesort").reset_index(
        drop=True
    )
    return ZoningOutcome(zb.method, table, tvs, transitions)


def _tvs_classes(table: pd.DataFrame) -> pd.DataFrame:
    """Per TVS, the class of most of its residents (of the territory studied) before and after."""

    def majority(column: str) -> pd.Series:
        weights = table.groupby(["code_tvs", column])["population"].sum().reset_index()
        weights = weights.sort_values(["code_tvs", "population"], ascending=[True, False], kind="mergesort")
        return weights.drop_duplicates("code_tvs").set_index("code_tvs")[column]

    out = pd.DataFrame(
        {
            "class_before": majority("class_before"),
            "class_after": majority("class_after"),
            "population": table.groupby("code_tvs")["population"].sum(),
        }
    )
    out = out.drop(index=NO_TVS, errors="ignore")
    out["changed"] = out["class_before"] != out["class_after"]
    out.index.name = "code_tvs"
    return out
