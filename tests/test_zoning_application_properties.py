"""Hypothesis properties of the application's rules (2021 preset): the zoning-in-force policy and the majority rule.

* zoning in force, one region: the caps and the margin hold under the application's gauges (shares
  rounded to 0.1 point) unless the mandatory national selection alone is above the ZIP cap; no unit
  ends in a more under-served class than its starting point (nothing is promoted); national
  selection is ZIP A; no rule is reported broken (a policy never breaks one);
* majority rule, two regions: every part of a TVS has the class decided by the region holding most
  of its residents (ties: lowest region code), and the minority parts say so.
"""

from __future__ import annotations

import warnings

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access_map.zoning import ZoningRules, compute_zoning

APP = ZoningRules.revision_2021()
RANK = {"ZIP": 0, "ZAC": 1, "ZV": 2, "HV": 3}
START_VIVIER = {"ZIP": "ZIP", "ZAC": "ZAC", "ZV": "ZV", "HV": "ZV", "HZ": "ZV", None: "ZV"}
START_HV = {"ZIP": "ZIP", "ZAC": "ZAC", "ZV": "ZV", "HV": "HV", "HZ": "HV", None: "HV"}


def pct(value, total):
    return round(100 * value / total, 1) if total > 0 else float("nan")


@st.composite
def in_force_cases(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    apl = draw(st.lists(st.floats(1.0, 6.0).map(lambda v: round(v, 2)), min_size=n, max_size=n))
    pop = draw(st.lists(st.integers(1, 2000), min_size=n, max_size=n))
    klass = draw(st.lists(st.sampled_from(["ZIP", "ZAC", "ZV", "HV", "HZ", None]), min_size=n, max_size=n))
    zip_share = draw(st.floats(0.0, 0.7))
    zac_share = draw(st.floats(0.0, 1.0 - zip_share))
    return apl, pop, klass, zip_share, zac_share


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(in_force_cases())
def test_zoning_in_force_policy_respects_caps_margin_and_never_promotes(case):
    apl, pop, klass, zip_share, zac_share = case
    codes = [f"33{i + 1:03d}" for i in range(len(apl))]
    communes = pd.DataFrame(
        {"apl": apl, "standardised_population": [float(p) for p in pop], "population": [float(p) for p in pop],
         "code_region": "75"},
        index=pd.Index(codes, name="code_commune"),
    )  # fmt: skip
    tvs = pd.Series([f"T{i}" for i in range(len(apl))], index=communes.index)
    caps = pd.DataFrame({"zip_cap_share": [zip_share], "zac_cap_share": [zac_share]},
                        index=pd.Index(["75"], name="code_region"))  # fmt: skip
    in_force = pd.Series({c: k for c, k in zip(codes, klass) if k is not None}, dtype=object)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        z = compute_zoning(communes, tvs=tvs, caps=caps, rules=APP, in_force=in_force)
    t = z.tvs.set_index("code_tvs")
    total = float(sum(pop))
    zip_pop = float(t.loc[t["zonage"] == "ZIP", "population"].sum())
    zip_a = float(t.loc[t["subclass"] == "ZIP_A", "population"].sum())
    zac_pop = float(t.loc[t["zonage"] == "ZAC", "population"].sum())
    if zip_pop > zip_a:  # something beyond the mandatory national selection: within the cap
        assert pct(zip_pop, total) <= round(100 * zip_share, 9)
    assert pct(zac_pop, total) <= round(100 * zac_share, 9) or zac_pop == 0
    vivier = float(t.loc[t["category"] == "vivier", "population"].sum())
    added = float(t.loc[(t["category"] == "hors_vivier") & t["zonage"].isin(["ZIP", "ZAC"]), "population"].sum())
    if added:
        assert pct(added, vivier) <= 5.0
    for i, k in enumerate(klass):
        row = t.loc[f"T{i}"]
        if row["category"] == "national_selection":
            assert row["subclass"] == "ZIP_A"
        elif row["category"] == "vivier":
            assert RANK[row["zonage"]] >= RANK[START_VIVIER[k]]
        else:
            assert RANK[row["zonage"]] >= RANK[START_HV[k]]
    assert z.report.ok


@st.composite
def cross_cases(draw):
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        apl = round(draw(st.floats(1.5, 5.0)), 2)
        for region in draw(st.lists(st.sampled_from(["75", "76"]), min_size=1, max_size=2, unique=True)):
            rows.append((f"T{i}", region, apl, draw(st.integers(1, 1000))))
    return rows, draw(st.floats(0.0, 0.5)), draw(st.floats(0.0, 0.5))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cross_cases())
def test_majority_region_decides_every_part(case):
    rows, zip_share, zac_share = case
    codes = [f"{'33' if r == '75' else '24'}{k + 1:03d}" for k, (_, r, _, _) in enumerate(rows)]
    communes = pd.DataFrame(
        {"apl": [r[2] for r in rows], "standardised_population": [float(r[3]) for r in rows],
         "population": [float(r[3]) for r in rows], "code_region": [r[1] for r in rows]},
        index=pd.Index(codes, name="code_commune"),
    )  # fmt: skip
    tvs = pd.Series([r[0] for r in rows], index=communes.index)
    regions = sorted({r[1] for r in rows})
    caps = pd.DataFrame({"zip_cap_share": zip_share, "zac_cap_share": zac_share},
                        index=pd.Index(regions, name="code_region"))  # fmt: skip
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        z = compute_zoning(communes, tvs=tvs, caps=caps, rules=APP)
    for code, parts in z.tvs.groupby("code_tvs"):
        pops = {r: float(p) for r, p in zip(parts["code_region"], parts["population"])}
        majority = sorted(pops, key=lambda r: (-pops[r], r))[0]
        assert parts["zonage"].nunique() == 1, code
        assert set(parts["decider_region"]) == {majority}
        minority = parts[parts["code_region"] != majority]
        assert minority["decided_by"].str.startswith(f"majority_region:{majority}").all()
    assert z.report.ok
