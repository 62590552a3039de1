"""The phases of the GP zoning, each a function of its own.

:func:`~access_map.zoning.compute_zoning` runs them in this order; every phase returns the
units with the classes it set, a table of what it did (kept in
:attr:`ZoningResult.phases <access_map.zoning.ZoningResult.phases>` for inspection) and
the rules it found broken.

1. :func:`tvs_categories` — TVS APL (mean weighted by the standardised population) and
   national category: computed from the APL, or DREES's where the rules say so;
   disagreements and TVS without population are listed.
2. :func:`qpv_overrides` — QPV classed on their own: their residents leave their unit's
   class for the QPV's (both the application and the 2017 reading do this).
3. :func:`national_selection` — national-selection units become ZIP A (or, in the
   regions where it is optional, what the ARS list or the zoning in force says).
4. :func:`vivier_allocation` — vivier units: the ARS list, else the policy (lowest APL
   first or the zoning in force) under the caps.
5. :func:`hors_vivier_margin` — hors-vivier units: HV, or added within the margin.
6. :func:`~access_map.zoning.checks.regional_checks` — per region: class populations, shares
   as the gauges show them, caps and margin (the checks of an ARS list).

After each of phases 3–5, units decided by another region (``cross_region =
"majority_region"``) inherit that region's class (:func:`inherit_from_deciders`).
Phases 4 and 5 take the regions in :func:`decision_order`: a region decides after the
regions whose classes it inherits, so its room under the caps already counts them, and the
result does not depend on how the regions are numbered.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..messages import zoning as msg
from .policies import in_force_hors_vivier, in_force_vivier, lowest_apl_first
from .rules import ZoningRules
from .tvs import _weighted_mean, classify_apl
from .units import Gauge, Unit, units_frame

__all__ = [
    "Region",
    "tvs_categories",
    "qpv_overrides",
    "national_selection",
    "vivier_allocation",
    "hors_vivier_margin",
    "inherit_from_deciders",
    "decision_order",
    "restore_caps",
    "violation",
    "VIOLATION_COLUMNS",
]

VIOLATION_COLUMNS = ["code_region", "rule", "severity", "limit", "value", "units", "message"]
Violation = dict[str, Any]


def violation(
    region: str,
    rule: str,
    message: str,
    *,
    severity: str = "error",
    limit: float = np.nan,
    value: float = np.nan,
    units: str = "",
) -> Violation:
    """One row of :attr:`ZoningReport.violations`.

    Examples
    --------
    >>> violation("75", "zip_cap", "trop d'habitants en ZIP")["severity"]
    'error'
    """
    return {
        "code_region": region,
        "rule": rule,
        "severity": severity,
        "limit": limit,
        "value": value,
        "units": units,
        "message": message,
    }


@dataclass(frozen=True)
class Region:
    """What a region's choices are measured against.

    Attributes
    ----------
    code_region
        Region code.
    population
        Residents of the region in the zoned units (all units with this region).
    zip_gauge, zac_gauge
        Caps: ZIP (A + B) and ZAC shares of ``population``.
    margin_gauge
        Hors-vivier margin: share of the region's vivier population.
    listed
        The ARS list names this region (it replaces the policy there).
    qpv_population
        Residents of QPV classed on their own, per class.

    Examples
    --------
    >>> r = Region("75", 1000.0, Gauge(1000.0, 0.3), Gauge(1000.0, 0.3), Gauge(500.0, 0.05), False, {})
    >>> r.qpv("ZIP")
    0.0
    """

    code_region: str
    population: float
    zip_gauge: Gauge
    zac_gauge: Gauge
    margin_gauge: Gauge
    listed: bool
    qpv_population: dict[str, float]

    def qpv(self, klass: str) -> float:
        """Residents of QPV classed ``klass`` on their own."""
        return float(self.qpv_population.get(klass, 0.0))


# --------------------------------------------------------------------------- 1. TVS APL and categories


def tvs_categories(frame: pd.DataFrame, members: pd.DataFrame, *, rules: ZoningRules) -> pd.DataFrame:
    """TVS APL and national category (phase 1).

    Parameters
    ----------
    frame
        Commune table indexed by ``code_commune`` with ``apl``, ``weight`` (standardised
        population), ``population`` and ``code_region``.
    members
        TVS composition (:func:`~access_map.zoning.tvs_membership`), optionally with
        ``drees_category``.
    rules
        Thresholds, :attr:`~ZoningRules.category_source`, :attr:`~ZoningRules.tvs_apl_decimals`.

    Returns
    -------
    pandas.DataFrame
        Index ``code_tvs``: ``libelle_tvs``, ``apl``, ``weight``, ``communes``,
        ``population``, ``regions`` (codes joined by ``/``), ``computed_category``,
        ``drees_category``, ``category`` (the one used), ``category_from`` (``computed``,
        ``drees`` or ``none``) and ``category_disagrees``. ``attrs`` carries the lists
        ``zero_weight_tvs`` and ``zero_weight_communes``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"apl": [2.6, 2.4], "weight": [1.0, 1.0], "population": [1.0, 1.0],
    ...                   "code_region": ["75", "75"]}, index=pd.Index(["33001", "33002"], name="code_commune"))
    >>> m = pd.DataFrame({"code_tvs": ["A", "B"], "libelle_tvs": ["A", "B"],
    ...                   "drees_category": ["vivier", "vivier"]}, index=f.index)
    >>> t = tvs_categories(f, m, rules=ZoningRules.revision_2021())
    >>> t[["computed_category", "category", "category_disagrees"]].values.tolist()
    [['vivier', 'vivier', False], ['national_selection', 'vivier', True]]
    """
    per_tvs = _weighted_mean(frame["apl"], frame["weight"], members, decimals=rules.tvs_apl_decimals)
    computed = classify_apl(per_tvs["apl"], rules=rules)
    if "drees_category" in members.columns:
        drees = members.groupby("code_tvs")["drees_category"].first().reindex(per_tvs.index)
    else:
        drees = pd.Series(np.nan, index=per_tvs.index, dtype=object)
    use_drees = drees.notna() & (rules.category_source == "drees")
    category = drees.where(use_drees, computed)
    source = np.where(use_drees, "drees", np.where(category.notna(), "computed", "none"))
    joined = members[["code_tvs"]].join(frame[["population", "code_region"]])
    population = joined.groupby("code_tvs")["population"].sum().reindex(per_tvs.index)
    regions = joined.groupby("code_tvs")["code_region"].agg(lambda s: "/".join(sorted(set(map(str, s)))))
    out = per_tvs.assign(
        population=population.to_numpy(),
        regions=regions.reindex(per_tvs.index).to_numpy(),
        computed_category=computed.to_numpy(),
        drees_category=drees.to_numpy(),
        category=category.to_numpy(),
        category_from=source,
        category_disagrees=(drees.notna() & computed.notna() & (drees != computed)).to_numpy(),
    )
    out.attrs = dict(per_tvs.attrs)
    return out


# --------------------------------------------------------------------------- 2. QPV


def qpv_overrides(
    units: Sequence[Unit], qpv_rows: pd.DataFrame, categories: pd.DataFrame, *, rules: ZoningRules
) -> tuple[list[Unit], pd.DataFrame, list[Violation]]:
    """QPV classed on their own (phase 2): their residents move to the QPV's class.

    ``qpv_rows`` comes from :func:`~access_map.zoning.inputs.prepare_qpv` (one row per QPV
    × commune, ``override_class`` NaN when the QPV follows its TVS). The rules decide
    which QPV may be classed on their own: :attr:`~ZoningRules.qpv_requires_vivier`
    (rule ``qpv_outside_vivier``) and :attr:`~ZoningRules.qpv_excluded_regions` (rule
    ``qpv_region_excluded``). Nothing is corrected: broken rules are reported.

    Returns
    -------
    (list of Unit, pandas.DataFrame, list)
        Units with ``qpv_override_population`` set, the QPV rows with ``tvs_category``,
        and the violations.

    Examples
    --------
    >>> import pandas as pd
    >>> u = [Unit("T", "75", "T", 5.0, "hors_vivier", 100.0, 1, "75")]
    >>> q = pd.DataFrame({"code_qpv": ["Q"], "libelle_qpv": ["Q"], "code_commune": ["33001"], "population": [10.0],
    ...                   "code_tvs": ["T"], "code_region": ["75"], "override_class": ["ZIP"]})
    >>> c = pd.DataFrame({"category": ["hors_vivier"]}, index=pd.Index(["T"], name="code_tvs"))
    >>> out, table, v = qpv_overrides(u, q, c, rules=ZoningRules())
    >>> out[0].cost, [x["rule"] for x in v]
    (90.0, ['qpv_outside_vivier'])
    >>> [x["rule"] for x in qpv_overrides(u, q, c, rules=ZoningRules.revision_2021())[2]]
    []
    """
    table = qpv_rows.copy()
    table["tvs_category"] = table["code_tvs"].map(categories["category"]).astype(object)
    ovr = table[table["override_class"].notna()]
    violations: list[Violation] = []
    by_unit = ovr.groupby(["code_tvs", "code_region"])["population"].sum()
    known = {u.key for u in units}
    missing = [f"{t}/{r}" for t, r in by_unit.index if (str(t), str(r)) not in known]
    if missing:
        from ..errors import InvalidValueError

        raise InvalidValueError(msg.qpv_dans_grands_quartiers(units=missing))
    out = [replace(u, qpv_override_population=float(by_unit.get(u.key, 0.0))) for u in units]
    for code in sorted(set(ovr["code_qpv"])):
        rows = ovr[ovr["code_qpv"] == code]
        klass = str(rows["override_class"].iloc[0])
        tvs_codes = ", ".join(sorted(set(rows["code_tvs"])))
        in_vivier = (table.loc[table["code_qpv"] == code, "tvs_category"] == "vivier").any()
        for region in sorted(set(rows["code_region"])):
            if rules.qpv_requires_vivier and not in_vivier:
                violations.append(
                    violation(
                        region,
                        "qpv_outside_vivier",
                        msg.qpv_hors_vivier(qpv=code, klass=klass),
                        units=f"{code} (TVS {tvs_codes})",
                    )
                )
            if region in rules.qpv_excluded_regions:
                violations.append(
                    violation(
                        region,
                        "qpv_region_excluded",
                        msg.qpv_region_exclue(qpv=code, klass=klass, region=region),
                        units=code,
                    )
                )
    return out, table, violations


# --------------------------------------------------------------------------- helpers


def _listed_subclass(listed: str, category: str | None) -> str:
    """Subclass of a listed class: ZIP → ZIP_A (national selection) or ZIP_B; HZ → ZV in the vivier, else HV."""
    if listed == "ZIP":
        return "ZIP_A" if category == "national_selection" else "ZIP_B"
    if listed == "HZ":
        return "HV" if category == "hors_vivier" else "ZV"
    return listed


def inherit_from_deciders(units: Sequence[Unit]) -> list[Unit]:
    """Units decided by another region (majority rule) take that region's class, unless listed by their own ARS.

    Examples
    --------
    >>> a = Unit("X", "75", "X", 3.0, "vivier", 100.0, 1, "76")
    >>> b = Unit("X", "76", "X", 3.0, "vivier", 300.0, 1, "76", subclass="ZAC", decided_by="policy")
    >>> inherit_from_deciders([a, b])[0].subclass
    'ZAC'
    """
    decided = {u.code_tvs: u for u in units if u.decides and u.subclass is not None}
    out = []
    for u in units:
        if u.decides or u.listed is not None or u.subclass is not None:
            out.append(u)
            continue
        d = decided.get(u.code_tvs)
        if d is None:
            out.append(u)
            continue
        out.append(
            replace(
                u,
                subclass=d.subclass,
                decided_by=f"majority_region:{d.code_region}",
                reason=msg.heritee(region=d.code_region, reason=d.reason),
            )
        )
    return out


def _used(units: Sequence[Unit], region: Region, klass: str) -> float:
    """Residents of ``region`` already in ``klass`` (units with a class, plus QPV classed so)."""
    own = sum(u.cost for u in units if u.code_region == region.code_region and u.zonage == klass)
    return own + region.qpv(klass)


def _snapshot(units: Sequence[Unit], keys: set[tuple[str, str]]) -> pd.DataFrame:
    return units_frame([u for u in units if u.key in keys])


# --------------------------------------------------------------------------- 3. national selection


def national_selection(
    units: Sequence[Unit], *, rules: ZoningRules, policy: str
) -> tuple[list[Unit], pd.DataFrame, list[Violation]]:
    """National selection (phase 3): ZIP A, mandatory except in the regions where the rules make it optional.

    A listed class other than ZIP is a ``national_selection_mandatory`` violation, except
    in :attr:`~ZoningRules.national_selection_optional_regions`, where the ARS list (or,
    with the ``in_force`` policy, the class in force) is followed. Units without a
    category (no APL) are left unclassed here.

    Examples
    --------
    >>> u = [Unit("A", "84", "A", 2.0, "national_selection", 10.0, 1, "84", listed="ZAC")]
    >>> [x.subclass for x in national_selection(u, rules=ZoningRules.revision_2021(), policy="skip")[0]]
    ['ZAC']
    >>> national_selection(u, rules=ZoningRules(), policy="skip")[2][0]["rule"]
    'national_selection_mandatory'
    """
    out: list[Unit] = []
    violations: list[Violation] = []
    keys: set[tuple[str, str]] = set()
    for u in units:
        if u.category != "national_selection" or not (u.decides or u.listed is not None):
            out.append(u)
            continue
        keys.add(u.key)
        optional = u.code_region in rules.national_selection_optional_regions
        threshold = rules.zip_threshold
        if u.listed is not None and u.listed != "ZIP":
            sub = _listed_subclass(u.listed, u.category)
            why = msg.selection_nationale_listee(
                apl=u.apl, threshold=threshold, listed=u.listed, region=u.code_region, optional=optional
            )
            out.append(replace(u, subclass=sub, decided_by="ars_list", reason=why))
            if not optional:
                violations.append(
                    violation(
                        u.code_region,
                        "national_selection_mandatory",
                        msg.selection_nationale_obligatoire(
                            tvs=u.code_tvs, apl=u.apl, threshold=threshold, listed=u.listed
                        ),
                        units=u.code_tvs,
                    )
                )
        elif u.listed is None and optional and policy == "in_force" and u.in_force not in (None, "ZIP"):
            sub = _listed_subclass(str(u.in_force), u.category)
            why = msg.selection_nationale_en_vigueur(
                apl=u.apl, threshold=threshold, region=u.code_region, in_force=str(u.in_force)
            )
            out.append(replace(u, subclass=sub, decided_by="in_force", reason=why))
        else:
            origin = "ars_list" if u.listed is not None else "national"
            reason = msg.selection_nationale(apl=u.apl, threshold=threshold, optional=optional)
            out.append(replace(u, subclass="ZIP_A", decided_by=origin, reason=reason))
    out = [
        replace(u, decided_by="no_apl", reason=msg.SANS_APL) if u.category is None and u.subclass is None else u
        for u in out
    ]
    out = inherit_from_deciders(out)
    return out, _snapshot(out, keys), violations


def decision_order(units: Sequence[Unit], regions: Sequence[str]) -> list[str]:
    """The order in which regions choose classes: each after the regions it inherits classes from.

    A region holding residents of a TVS that another region decides (majority rule) and
    that is not classed yet waits for that region, so that its room under the caps counts
    the inherited class before it fills them. Regions that inherit from each other (a
    cycle) are taken in code order, the first of them before its inheritance is known: a
    cap it then exceeds is reported by :func:`~access_map.zoning.checks.regional_checks`.
    Independent regions come in code order.

    Examples
    --------
    >>> x75 = Unit("X", "75", "X", 2.8, "vivier", 100.0, 1, "76")   # decided by region 76
    >>> x76 = Unit("X", "76", "X", 2.8, "vivier", 400.0, 1, "76")
    >>> decision_order([x75, x76], ["75", "76"])
    ['76', '75']
    """
    codes = sorted(set(regions))
    position = {code: i for i, code in enumerate(codes)}
    edges = {
        (position[u.decider_region], position[u.code_region])
        for u in units
        if not u.decides and u.subclass is None and u.listed is None
        if u.decider_region in position and u.code_region in position
    }
    n = len(codes)
    if not edges:
        return codes
    rows, cols = zip(*edges, strict=True)
    graph = sparse.csr_matrix((np.ones(len(edges)), (rows, cols)), shape=(n, n))
    _, label = connected_components(graph, directed=True, connection="strong")
    members: dict[int, list[str]] = {}
    for code in codes:
        members.setdefault(int(label[position[code]]), []).append(code)
    after: dict[int, set[int]] = {c: set() for c in members}
    waiting = dict.fromkeys(members, 0)
    for a, b in edges:
        ca, cb = int(label[a]), int(label[b])
        if ca != cb and cb not in after[ca]:
            after[ca].add(cb)
            waiting[cb] += 1
    ready = [(members[c][0], c) for c in members if waiting[c] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, c = heapq.heappop(ready)
        order += members[c]
        for nxt in after[c]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, (members[nxt][0], nxt))
    return order


# --------------------------------------------------------------------------- 4. vivier


def vivier_allocation(
    units: Sequence[Unit],
    regions: dict[str, Region],
    *,
    rules: ZoningRules,
    policy: str,
    complete_with_policy: bool,
) -> tuple[list[Unit], pd.DataFrame, list[Violation]]:
    """Vivier units (phase 4): the ARS list where it decides, else the policy within the room left.

    Regions are processed in :func:`decision_order`. The room is the cap minus every resident of
    the region already in the class (national selection, listed units, units inherited
    from a deciding region, QPV classed on their own). In a region named by the ARS list,
    vivier units it does not list are ZV, or classed by the policy when
    ``complete_with_policy``.

    Examples
    --------
    >>> g = Gauge(1000.0, 0.3)
    >>> regions = {"75": Region("75", 1000.0, g, g, Gauge(500.0, 0.05), False, {})}
    >>> u = [Unit("B", "75", "B", 2.6, "vivier", 200.0, 1, "75")]
    >>> vivier_allocation(u, regions, rules=ZoningRules(), policy="skip", complete_with_policy=False)[0][0].subclass
    'ZIP_B'
    """
    current = list(units)
    violations: list[Violation] = []
    keys: set[tuple[str, str]] = set()
    vivier = [u for u in current if u.category == "vivier"]
    for code in decision_order(vivier, list(regions)):
        region = regions[code]
        mine = [u for u in current if u.code_region == code and u.category == "vivier" and u.subclass is None]
        mine = [u for u in mine if u.decides or u.listed is not None]
        keys |= {u.key for u in mine}
        chosen: dict[tuple[str, str], tuple[str, str, str]] = {}
        to_policy: list[Unit] = []
        for u in mine:
            if u.listed is not None:
                sub = _listed_subclass(u.listed, u.category)
                chosen[u.key] = (sub, "ars_list", msg.vivier_liste(listed=u.listed, apl=u.apl))
                if u.listed == "HV":
                    violations.append(
                        violation(
                            code,
                            "vivier_not_hors_vivier",
                            msg.vivier_hors_vivier(
                                tvs=u.code_tvs,
                                apl=u.apl,
                                zip_threshold=rules.zip_threshold,
                                vivier_threshold=rules.vivier_threshold,
                            ),
                            units=u.code_tvs,
                        )
                    )
            elif region.listed and not complete_with_policy:
                chosen[u.key] = ("ZV", "default", msg.vivier_hors_liste(apl=u.apl))
            else:
                to_policy.append(u)
        # the room counts every class already fixed in the region, listed units of any category included
        fixed = [
            replace(u, subclass=chosen[u.key][0])
            if u.key in chosen
            else replace(u, subclass=_listed_subclass(u.listed, u.category))
            if u.listed is not None and u.subclass is None and u.code_region == code
            else u
            for u in current
        ]
        if to_policy:
            zip_used, zac_used = _used(fixed, region, "ZIP"), _used(fixed, region, "ZAC")
            gauges = {"zip_gauge": region.zip_gauge, "zac_gauge": region.zac_gauge}
            if policy == "in_force":
                picks = in_force_vivier(to_policy, zip_used=zip_used, zac_used=zac_used, **gauges)
            else:
                picks = lowest_apl_first(
                    to_policy, zip_used=zip_used, zac_used=zac_used, stop=policy == "stop", **gauges
                )
            prefix = msg.HORS_LISTE_PUIS_POLITIQUE if region.listed else ""
            for key, (sub, why) in picks.items():
                chosen[key] = (sub, "in_force" if policy == "in_force" else "policy", prefix + why)
        current = [
            replace(u, subclass=chosen[u.key][0], decided_by=chosen[u.key][1], reason=chosen[u.key][2])
            if u.key in chosen
            else u
            for u in current
        ]
        current = inherit_from_deciders(current)
    current, moved = restore_caps(current, regions)
    return current, _snapshot(current, keys | moved), violations


def restore_caps(units: Sequence[Unit], regions: dict[str, Region]) -> tuple[list[Unit], set[tuple[str, str]]]:
    """Make room for inherited classes: a region over a cap moves its own policy choices down.

    Within a cycle of regions inheriting from each other (:func:`decision_order`), a region
    may fill its caps before it knows a class it inherits. Such a region then moves down
    the ZIP B, then the ZAC, that its policy chose (not the ARS list, not the national
    selection) for TVS lying in this region only, highest APL first, as the in-force policy
    does: ZIP B → ZAC where the ZAC cap allows, else ZV; ZAC → ZV; until the caps hold.
    What still exceeds a cap is reported by the checks.

    Examples
    --------
    >>> g = Gauge(1000.0, 0.3)
    >>> regions = {"75": Region("75", 1000.0, g, g, Gauge(500.0, 0.05), False, {})}
    >>> b = Unit("B", "75", "B", 2.9, "vivier", 250.0, 1, "75", subclass="ZIP_B", decided_by="policy")
    >>> x = Unit("X", "75", "X", 2.8, "vivier", 100.0, 1, "76", subclass="ZIP_B", decided_by="majority_region:76")
    >>> [u.subclass for u in restore_caps([b, x], regions)[0]]
    ['ZAC', 'ZIP_B']
    """
    current = list(units)
    moved: set[tuple[str, str]] = set()
    shared = {code for code, n in pd.Series([u.code_tvs for u in current]).value_counts().items() if n > 1}
    for code in sorted(regions):
        region = regions[code]
        inherited = sorted({u.decider_region for u in current if u.code_region == code and not u.decides})
        if not inherited:
            continue
        for klass, subclass in (("ZIP", "ZIP_B"), ("ZAC", "ZAC")):
            gauge = region.zip_gauge if klass == "ZIP" else region.zac_gauge
            own = [
                u
                for u in current
                if u.code_region == code
                and u.subclass == subclass
                and u.decided_by in ("policy", "in_force")
                and u.code_tvs not in shared
            ]
            for u in sorted(own, key=lambda x: (-x.apl, x.code_tvs)):
                if not gauge.exceeded(_used(current, region, klass)):
                    break
                to = "ZV"
                if klass == "ZIP" and not region.zac_gauge.exceeded(_used(current, region, "ZAC") + u.cost):
                    to = "ZAC"
                why = msg.abaissee_apres_heritage(reason=u.reason, to=to, region=code, klass=klass, inherited=inherited)
                current = [replace(x, subclass=to, reason=why) if x.key == u.key else x for x in current]
                moved.add(u.key)
    return current, moved


# --------------------------------------------------------------------------- 5. hors vivier


def hors_vivier_margin(
    units: Sequence[Unit], regions: dict[str, Region], *, rules: ZoningRules, policy: str
) -> tuple[list[Unit], pd.DataFrame, list[Violation]]:
    """Hors-vivier units (phase 5): HV unless the ARS list (or the zoning in force) adds them within the margin.

    With the ``in_force`` policy an added unit keeps its class in force while the
    additions fit the margin (:attr:`~ZoningRules.hors_vivier_margin_classes` count) and
    the caps; the highest APL is moved down first. The margin itself is checked in
    :func:`regional_checks`.

    Examples
    --------
    >>> g = Gauge(1000.0, 0.3)
    >>> regions = {"75": Region("75", 1000.0, g, g, Gauge(500.0, 0.05), True, {})}
    >>> u = [Unit("H", "75", "H", 4.5, "hors_vivier", 20.0, 1, "75", listed="ZAC")]
    >>> hors_vivier_margin(u, regions, rules=ZoningRules(), policy="skip")[0][0].subclass
    'ZAC'
    """
    current = list(units)
    keys: set[tuple[str, str]] = set()
    for code in decision_order([u for u in current if u.category == "hors_vivier"], list(regions)):
        region = regions[code]
        mine = [u for u in current if u.code_region == code and u.category == "hors_vivier" and u.subclass is None]
        mine = [u for u in mine if u.decides or u.listed is not None]
        keys |= {u.key for u in mine}
        chosen: dict[tuple[str, str], tuple[str, str, str]] = {}
        to_policy = []
        for u in mine:
            head = msg.hors_vivier(apl=u.apl, threshold=rules.vivier_threshold)
            if u.listed is not None and _listed_subclass(u.listed, u.category) != "HV":
                chosen[u.key] = (
                    _listed_subclass(u.listed, u.category),
                    "ars_list",
                    msg.hors_vivier_ajoute(apl=u.apl, threshold=rules.vivier_threshold, listed=u.listed),
                )
            elif u.listed is not None or region.listed or policy != "in_force":
                chosen[u.key] = ("HV", "ars_list" if u.listed is not None else "default", head)
            else:
                to_policy.append(u)
        if to_policy:
            fixed = [replace(u, subclass=chosen[u.key][0]) if u.key in chosen else u for u in current]
            picks = in_force_hors_vivier(
                to_policy,
                margin_gauge=region.margin_gauge,
                margin_classes=rules.hors_vivier_margin_classes,
                zip_gauge=region.zip_gauge,
                zac_gauge=region.zac_gauge,
                zip_used=_used(fixed, region, "ZIP"),
                zac_used=_used(fixed, region, "ZAC"),
            )
            for key, (sub, why) in picks.items():
                chosen[key] = (sub, "in_force", why)
        current = [
            replace(u, subclass=chosen[u.key][0], decided_by=chosen[u.key][1], reason=chosen[u.key][2])
            if u.key in chosen
            else u
            for u in current
        ]
        current = inherit_from_deciders(current)
    return current, _snapshot(current, keys), []
