"""Five-level zonings (other professions) and zoning diffs: hand-computed cases and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from access_map.errors import InvalidCodeError, InvalidValueError
from access_map.zoning import FiveLevelRules, five_level_zoning, zoning_diff, zoning_summary

# --------------------------------------------------------------------------- five levels


def test_presets_match_methods_table():
    assert FiveLevelRules.masseurs_kinesitherapeutes_2018().shares == (0.068, 0.060, 0.651, 0.098, 0.124)
    assert FiveLevelRules.sages_femmes_2019().shares == (0.077, 0.102, 0.604, 0.093, 0.124)
    assert FiveLevelRules.infirmiers_2020().shares == (0.053, 0.094, 0.366, 0.204, 0.283)
    assert FiveLevelRules.orthophonistes_2018().shares == (0.128, 0.090, 0.557, 0.101, 0.123)
    # kinés sum to 1.001: rescaled; first boundary 0.068 / 1.001
    assert FiveLevelRules.masseurs_kinesitherapeutes_2018().boundaries[0] == pytest.approx(0.068 / 1.001)
    with pytest.raises(InvalidValueError, match="totalisent 1,1000"):
        FiveLevelRules.custom((0.3, 0.2, 0.2, 0.2, 0.2))
    with pytest.raises(InvalidValueError, match="attend 5 parts"):
        FiveLevelRules.custom((0.5, 0.5))


def test_ten_equal_territories_nurses_both_boundary_rules():
    # 10 territories of 10 % each; nurse boundaries 0.053, 0.147, 0.513, 0.717.
    # midpoints 0.05, 0.15, ..., 0.95 -> levels 1,3,3,3,3,4,4,5,5,5 (no territory is "sous-doté")
    # starts 0.0, 0.1, ..., 0.9      -> levels 1,2,3,3,3,3,4,4,5,5
    ind = pd.Series(np.arange(10, 0, -1, dtype=float), index=[f"BV{i}" for i in range(10)])  # BV9 least served
    pop = pd.Series(1000.0, index=ind.index)
    mid = five_level_zoning(ind, population=pop, rules=FiveLevelRules.infirmiers_2020())
    assert mid["level"].tolist() == [1, 3, 3, 3, 3, 4, 4, 5, 5, 5]
    assert mid.index[0] == "BV9" and mid["libelle"].iloc[0] == "Très sous-doté"
    first = five_level_zoning(ind, population=pop, rules=FiveLevelRules.infirmiers_2020(), boundary="first_inhabitant")
    assert first["level"].tolist() == [1, 2, 3, 3, 3, 3, 4, 4, 5, 5]
    assert first.loc["BV9", "cumulative_share_start"] == 0.0 and first.loc["BV0", "cumulative_share_end"] == 1.0


def test_territory_exactly_on_a_boundary():
    # equal shares 20 %; populations 40, 20, 40 (indicator order a < b < c)
    # midpoint: a 0.2 (= b1 -> more under-served class, 1), b 0.5 -> 3, c 0.8 (= b4 -> 4)
    # first inhabitant: a 0 -> 1, b 0.4 (= b2 -> class above, 3), c 0.6 (= b3 -> 4)
    ind = pd.Series({"a": 1.0, "b": 2.0, "c": 3.0})
    pop = pd.Series({"a": 40.0, "b": 20.0, "c": 40.0})
    rules = FiveLevelRules.custom((0.2,) * 5)
    assert five_level_zoning(ind, population=pop, rules=rules)["level"].tolist() == [1, 3, 4]
    assert five_level_zoning(ind, population=pop, rules=rules, boundary="first_inhabitant")["level"].tolist() == [
        1,
        3,
        4,
    ]


def test_five_levels_bad_input():
    rules = FiveLevelRules.infirmiers_2020()
    with pytest.raises(InvalidValueError, match="valeur manquante"):
        five_level_zoning(pd.Series({"a": np.nan}), population=pd.Series({"a": 1.0}), rules=rules)
    with pytest.raises(InvalidCodeError, match="sans population : b"):
        five_level_zoning(pd.Series({"a": 1.0, "b": 2.0}), population=pd.Series({"a": 1.0}), rules=rules)
    with pytest.raises(InvalidValueError, match="aucun habitant \\(total 0\\)"):
        five_level_zoning(pd.Series({"a": 1.0}), population=pd.Series({"a": 0.0}), rules=rules)
    with pytest.raises(InvalidValueError, match="boundary doit valoir midpoint ou first_inhabitant"):
        five_level_zoning(pd.Series({"a": 1.0}), population=pd.Series({"a": 1.0}), rules=rules, boundary="x")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 100, allow_nan=False), st.integers(1, 10_000)), min_size=1, max_size=60),
    st.sampled_from(["infirmiers_2020", "sages_femmes_2019", "orthophonistes_2018", "masseurs_kinesitherapeutes_2018"]),
)
def test_achieved_shares_within_half_a_territory_and_ranking_monotone(rows, preset):
    rules = getattr(FiveLevelRules, preset)()
    ind = pd.Series([r[0] for r in rows], index=[f"T{i}" for i in range(len(rows))])
    pop = pd.Series([float(r[1]) for r in rows], index=ind.index)
    z = five_level_zoning(ind, population=pop, rules=rules)
    total = pop.sum()
    max_half = pop.max() / total / 2
    for k, b in enumerate(rules.boundaries, start=1):
        achieved = pop[z.index[z["level"] <= k]].sum() / total  # cumulative share of levels 1..k
        assert abs(achieved - b) <= max_half + 1e-9
    # better indicator never gets a lower level
    assert z["indicator"].is_monotonic_increasing and z["level"].is_monotonic_increasing
    assert sorted(z.index) == sorted(ind.index)


# --------------------------------------------------------------------------- diff


@pytest.fixture
def two_zonings():
    # 6 communes, regions 75 (01001-01003, 1,000 inhabitants) and 76 (02001-02003, 1,000)
    before = pd.Series({"01001": "ZIP", "01002": "5_ZV", "01003": "ZAC", "02001": "ZAC", "02002": "HV", "02003": "ZV"})
    after = pd.Series({"01001": "ZIP", "01002": "ZIP", "01003": "ZAC", "02001": "ZV", "02002": "HV", "02003": "ZIP"})
    pop = pd.Series({"01001": 100.0, "01002": 200.0, "01003": 700.0, "02001": 400.0, "02002": 500.0, "02003": 100.0})
    regions = pd.Series({"01001": "75", "01002": "75", "01003": "75", "02001": "76", "02002": "76", "02003": "76"})
    tvs = pd.Series({"01001": "T1", "01002": "T1", "01003": "T2", "02001": "T3", "02002": "T3", "02003": "T4"})
    return before, after, pop, regions, tvs


def test_diff_transitions_and_summary(two_zonings):
    before, after, pop, regions, tvs = two_zonings
    d = zoning_diff(before, after, population=pop, regions=regions, tvs=tvs)
    assert d.communes["changed"].tolist() == [False, True, False, True, False, True]
    nat = d.crosstab()
    # moves: ZV->ZIP 200 (01002) + 100 (02003); ZAC->ZV 400 (02001)
    assert nat.loc["ZV", "ZIP"] == 300 and nat.loc["ZAC", "ZV"] == 400 and nat.loc["ZAC", "ZAC"] == 700
    r76 = d.crosstab("76", value="communes")
    assert r76.loc["ZAC", "ZV"] == 1 and r76.loc["ZV", "ZIP"] == 1
    s = d.summary.set_index(["code_region", "zonage"])
    # region 75: ZIP 100/1000 -> 300/1000; nation: ZIP 100/2000 = 5 % -> 400/2000 = 20 %
    assert (s.loc[("75", "ZIP"), "share_before"], s.loc[("75", "ZIP"), "share_after"]) == (0.1, 0.3)
    assert s.loc[("national", "ZIP"), "change_points"] == pytest.approx(15.0)
    assert s.loc[("76", "ZAC"), "population_after"] == 0.0
    assert d.describe()[0] == "ZIP : 5,0\u202f% → 20,0\u202f% de la population (+15,0 points)"
    t = d.tvs.set_index(["code_tvs", "before", "after"])
    assert t.loc[("T1", "ZV", "ZIP"), "population"] == 200 and t.loc[("T3", "ZAC", "ZV"), "communes"] == 1
    # national transition shares sum to 1
    assert d.transitions.query("code_region == 'national'")["share"].sum() == pytest.approx(1.0)


def test_diff_absent_communes_are_counted_and_warned(two_zonings):
    before, after, pop, regions, tvs = two_zonings
    with pytest.warns(UserWarning, match="1 commune seulement dans le premier zonage \\(02003\\)"):
        d = zoning_diff(before, after.drop("02003"), population=pop)
    assert d.crosstab().loc["ZV", "absent"] == 100
    with pytest.raises(InvalidCodeError, match="population : aucune valeur pour 1 commune"):
        zoning_diff(before, after, population=pop.drop("01001"))


def test_zoning_summary_per_region(two_zonings):
    _, after, pop, regions, _ = two_zonings
    s = zoning_summary(after, population=pop, regions=regions)
    assert s["code_region"].unique().tolist() == ["75", "76", "national"]
    got = s[s["code_region"] == "76"].set_index("zonage")["share"].to_dict()
    assert got == {"ZIP": 0.1, "ZAC": 0.0, "ZV": 0.4, "HV": 0.5}
