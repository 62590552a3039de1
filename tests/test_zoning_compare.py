"""Comparison of a computed zoning with the zoning in force: agreement, Cohen's kappa, crosstab, moves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from access_map.zoning.compare import cohen_kappa, compare_zonings


def test_hand_computed_comparison_per_region():
    # region 75: 4 communes; region 76: 2 communes. Published uses 3_HZ, so ZV/HV become HZ.
    computed = pd.Series({"75001": "ZIP", "75002": "ZAC", "75003": "ZV", "75004": "HV", "76001": "ZIP", "76002": "ZAC"})
    published = pd.Series(
        {"75001": "1_ZIP", "75002": "1_ZIP", "75003": "3_HZ", "75004": "3_HZ", "76001": "1_ZIP", "76002": "4_ZAR"}
    )
    pop = pd.Series({"75001": 100.0, "75002": 300.0, "75003": 200.0, "75004": 400.0, "76001": 50.0, "76002": 50.0})
    regions = pd.Series({c: c[:2] for c in pop.index})
    c = compare_zonings(computed, published, population=pop, regions=regions)
    assert c.harmonised
    r = c.regions.set_index("code_region")
    # 75: agree on 75001 (ZIP, 100), 75003 (HZ, 200), 75004 (HZ, 400) = 700 of 1,000; communes 3 of 4
    assert r.loc["75", "agreement_population"] == pytest.approx(0.7)
    assert r.loc["75", "agreement_communes"] == pytest.approx(0.75)
    assert r.loc["75", "moving_population"] == 300
    # kappa (communes), region 75: published ZIP 2, HZ 2; computed ZIP 1, ZAC 1, HZ 2
    # p_o = 3/4; p_e = (2*1 + 0*1 + 2*2)/16 = 6/16; kappa = (0.75 - 0.375) / 0.625 = 0.6
    assert r.loc["75", "kappa_communes"] == pytest.approx(0.6)
    # population-weighted: published ZIP 400, HZ 600; computed ZIP 100, ZAC 300, HZ 600 (of 1,000)
    # p_o = 0.7; p_e = 0.4*0.1 + 0.6*0.6 = 0.40; kappa = 0.3 / 0.6 = 0.5
    assert r.loc["75", "kappa_population"] == pytest.approx(0.5)
    # 76: ZAR is its own class: 76002 ZAR -> ZAC disagrees
    assert r.loc["76", "agreement_population"] == pytest.approx(0.5)
    t = c.table("75")
    assert t.loc["ZIP", "ZAC"] == 300 and t.loc["HZ", "HZ"] == 600
    assert c.moves()[["published", "computed", "population"]].values.tolist() == [
        ["ZIP", "ZAC", 300.0],
        ["ZAR", "ZAC", 50.0],
    ]
    assert r.loc["national", "communes"] == 6
    assert any("Kappa de Cohen" in line for line in c.describe("75"))


def test_not_available_and_missing_communes_are_counted_not_compared():
    computed = pd.Series({"01001": "ZIP", "01002": "ZAC", "01003": np.nan})
    published = pd.Series({"01001": "1_ZIP", "01002": "N/A - résultat non disponible", "01004": "2_ZAC"})
    pop = pd.Series({"01001": 10.0, "01002": 20.0, "01003": 30.0, "01004": 40.0})
    c = compare_zonings(computed, published, population=pop)
    n = c.regions.iloc[-1]
    assert (n["compared_communes"], n["not_compared_communes"], n["not_compared_population"]) == (1, 3, 90.0)
    assert n["agreement_population"] == 1.0 and np.isnan(n["kappa_communes"])  # one class: kappa undefined
    assert not c.harmonised
    assert c.communes.loc["01004", "computed"] is np.nan or pd.isna(c.communes.loc["01004", "computed"])


labels = st.sampled_from(["ZIP", "ZAC", "ZV", "HV"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(labels, labels, st.integers(min_value=1, max_value=5000)), min_size=2, max_size=40))
def test_kappa_agrees_with_scikit_learn(rows):
    a = pd.Series([r[0] for r in rows])
    b = pd.Series([r[1] for r in rows])
    w = pd.Series([float(r[2]) for r in rows])
    for weights in (None, w):
        mine = cohen_kappa(a, b, weights=weights)
        with np.errstate(invalid="ignore", divide="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = cohen_kappa_score(a, b, sample_weight=None if weights is None else weights.to_numpy())
        if np.isnan(theirs):
            assert np.isnan(mine)
        else:
            assert mine == pytest.approx(theirs, abs=1e-12)
