"""Inequality indices: hand computations, an O(n²) oracle and known properties."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from access_map.errors import InvalidValueError
from access_map.inequality import (
    coefficient_of_variation,
    gini,
    inequality_table,
    max_min_ratio,
    percentile_ratio,
    theil,
    theil_decomposition,
    weighted_quantile,
)


def theil_oracle(x, w):
    """Theil T index written from its definition, one term per value (0·ln 0 = 0)."""
    total_w = sum(w)
    mu = sum(wi * xi for wi, xi in zip(w, x)) / total_w
    ratios = [(wi, xi / mu) for wi, xi in zip(w, x)]
    return sum(wi * r * math.log(r) for wi, r in ratios if r > 0) / total_w


def gini_oracle(x, w=None):
    """Independent O(n²) mean-difference Gini: ΣΣ w_i w_j |x_i - x_j| / (2 W² μ)."""
    x = [float(v) for v in x]
    w = [1.0] * len(x) if w is None else [float(v) for v in w]
    total_w = sum(w)
    mu = sum(a * b for a, b in zip(w, x, strict=True)) / total_w
    s = 0.0
    for i in range(len(x)):
        for j in range(len(x)):
            s += w[i] * w[j] * abs(x[i] - x[j])
    return s / (2 * total_w**2 * mu)


# ---------------------------------------------------------------- hand values
def test_gini_hand_value():
    # x = 1,2,3,4: Σ_{i<j}|xi-xj| = 1+2+3+1+2+1 = 10 -> ΣΣ = 20; n = 4, μ = 2.5
    # G = 20 / (2 * 16 * 2.5) = 0.25
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert gini([4, 1, 3, 2]) == pytest.approx(0.25)  # order does not matter


def test_gini_weighted_hand_value():
    # x = (1, 3), w = (3, 1): W = 4, μ = (3+3)/4 = 1.5; ΣΣ = 2 * 3*1*|1-3| = 12
    # G = 12 / (2 * 16 * 1.5) = 0.25
    assert gini([1, 3], weights=[3, 1]) == pytest.approx(0.25)
    # x = (1, 3), w = (1, 3): μ = (1+9)/4 = 2.5; G = 12 / (2*16*2.5) = 0.15
    assert gini([1, 3], weights=[1, 3]) == pytest.approx(0.15)


def test_theil_hand_value():
    # x = 1,2,3,4, μ = 2.5, r = .4 .8 1.2 1.6; T = mean(r ln r)
    expected = (0.4 * math.log(0.4) + 0.8 * math.log(0.8) + 1.2 * math.log(1.2) + 1.6 * math.log(1.6)) / 4
    assert theil([1, 2, 3, 4]) == pytest.approx(expected)
    # = (-0.36652 - 0.17851 + 0.21879 + 0.75201) / 4 = 0.42577 / 4
    assert expected == pytest.approx(0.10644, abs=1e-5)


def test_theil_weighted_hand_value():
    # x = (1, 3), w = (3, 1): μ = 1.5, r = 2/3, 2; T = (3*(2/3) ln(2/3) + 1*2 ln 2) / 4
    expected = (3 * (2 / 3) * math.log(2 / 3) + 2 * math.log(2)) / 4
    assert theil([1, 3], weights=[3, 1]) == pytest.approx(expected)


def test_cv_hand_value():
    # 2,4,4,4,5,5,7,9: mean 5, Σ(x-5)² = 9+1+1+1+0+0+4+16 = 32, var = 32/8 = 4, sd = 2 -> CV = 0.4
    assert coefficient_of_variation([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(0.4)
    # weighted: x=(1,3) w=(3,1): μ=1.5, var=(3*.25+1*2.25)/4=0.75, CV = sqrt(.75)/1.5
    assert coefficient_of_variation([1, 3], weights=[3, 1]) == pytest.approx(math.sqrt(0.75) / 1.5)


def test_ratios_hand_values():
    assert max_min_ratio([2, 8, 4]) == 4.0
    assert max_min_ratio([0, 3]) == math.inf
    # numpy linear: 1..11, P90 at position 0.9*10 = 9 -> 10; P10 at position 1 -> 2
    assert percentile_ratio(list(range(1, 12))) == pytest.approx(5.0)
    # weighted inverted CDF: values 1,2,3,4 with weights 1,1,1,5 -> cum shares .125 .25 .375 1
    assert weighted_quantile([1, 2, 3, 4], 0.9, weights=[1, 1, 1, 5]) == 4.0
    assert weighted_quantile([1, 2, 3, 4], 0.1, weights=[1, 1, 1, 5]) == 1.0
    assert percentile_ratio([1, 2, 3, 4], weights=[1, 1, 1, 5]) == 4.0


# ---------------------------------------------------------------- known properties
@pytest.mark.parametrize("n", [2, 3, 5, 10, 101])
def test_total_concentration(n):
    x = [0.0] * (n - 1) + [1.0]
    assert gini(x) == pytest.approx((n - 1) / n)  # unweighted, non-corrected formula
    assert theil(x) == pytest.approx(math.log(n))


def test_equal_values_give_zero():
    x = [7.5] * 6
    assert gini(x) == 0.0
    assert theil(x) == pytest.approx(0.0, abs=1e-15)
    assert coefficient_of_variation(x) == 0.0
    assert max_min_ratio(x) == 1.0
    assert percentile_ratio(x) == 1.0


def test_gini_matches_oracle_on_random_data():
    rng = np.random.default_rng(4)
    for _ in range(20):
        n = int(rng.integers(2, 30))
        x = rng.gamma(2.0, 3.0, n)
        w = rng.uniform(0.1, 5.0, n)
        assert gini(x) == pytest.approx(gini_oracle(x), rel=1e-12)
        assert gini(x, weights=w) == pytest.approx(gini_oracle(x, w), rel=1e-12)


def test_integer_weights_equal_replication():
    # weights k_i must give the same index as repeating x_i k_i times
    x = np.array([3.0, 10.0, 1.0, 6.0])
    k = np.array([2, 1, 4, 3])
    rep = np.repeat(x, k)
    for f in (gini, theil, coefficient_of_variation):
        assert f(x, weights=k) == pytest.approx(f(rep), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.01, 1e4, allow_nan=False), min_size=2, max_size=25),
    st.floats(0.001, 1e3),
)
def test_scale_invariance(x, c):
    xs = [v * c for v in x]
    assert gini(xs) == pytest.approx(gini(x), rel=1e-9, abs=1e-12)
    assert theil(xs) == pytest.approx(theil(x), rel=1e-9, abs=1e-12)
    assert coefficient_of_variation(xs) == pytest.approx(coefficient_of_variation(x), rel=1e-9, abs=1e-12)
    assert max_min_ratio(xs) == pytest.approx(max_min_ratio(x), rel=1e-9)
    assert 0.0 <= gini(x) < 1.0
    assert 0.0 <= theil(x) <= math.log(len(x)) + 1e-12


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.0, 100.0), st.floats(0.1, 10.0), st.sampled_from("abc")), min_size=2, max_size=20)
)
def test_theil_decomposition_adds_up(rows):
    x = [r[0] for r in rows]
    assume(sum(x) > 1e-9)  # zero (or subnormal, underflowing) mean: Theil is NaN by definition
    w = [r[1] for r in rows]
    g = [r[2] for r in rows]
    d = theil_decomposition(pd.Series(x), pd.Series(g), weights=pd.Series(w))
    # independent oracle: T = Σ w·(x/μ)·ln(x/μ) / Σ w; between = Σ_g (W_g/W)(μ_g/μ) ln(μ_g/μ);
    # within = Σ_g (W_g μ_g)/(W μ) · T_g (Theil 1967; 0·ln 0 = 0)
    total_w = sum(w)
    mu = sum(wi * xi for wi, xi in zip(w, x)) / total_w
    expected_between = expected_within = 0.0
    for group in sorted(set(g)):
        xs = [xi for xi, gi in zip(x, g) if gi == group]
        ws = [wi for wi, gi in zip(w, g) if gi == group]
        w_g = sum(ws)
        mu_g = sum(wi * xi for wi, xi in zip(ws, xs)) / w_g
        if mu_g / mu > 0:
            expected_between += (w_g / total_w) * (mu_g / mu) * math.log(mu_g / mu)
            t_g = theil_oracle(xs, ws)
            expected_within += (w_g * mu_g) / (total_w * mu) * t_g
    assert d["total"] == pytest.approx(theil_oracle(x, w), abs=1e-9)
    assert d["between"] == pytest.approx(expected_between, abs=1e-9)
    assert d["within"] == pytest.approx(expected_within, abs=1e-9)
    assert d["between"] + d["within"] == pytest.approx(d["total"], abs=1e-9)
    assert d["between"] >= -1e-12 and d["within"] >= -1e-12


# ---------------------------------------------------------------- inequality_table and bad input
def test_inequality_table_by_group_and_weights():
    v = pd.Series({"d1": 1.0, "d2": 3.0, "d3": 2.0, "d4": 2.0, "d5": 4.0})
    g = pd.Series({"d1": "R1", "d2": "R1", "d3": "R2", "d4": "R2", "d5": "R2"}, name="code_region")
    w = pd.Series({"d1": 3.0, "d2": 1.0, "d3": 1.0, "d4": 1.0, "d5": 2.0})
    t = inequality_table(v, groups=g, weights=w)
    assert t.index.name == "code_region"
    assert list(t.index) == ["R1", "R2"]
    # R1: x=(1,3), w=(3,1) -> weighted mean 1.5, Gini 0.25 (see test_gini_weighted_hand_value)
    assert t.loc["R1", "mean"] == pytest.approx(1.5)
    assert t.loc["R1", "gini"] == pytest.approx(0.25)
    assert t.loc["R1", "max_min_ratio"] == pytest.approx(3.0)
    # R2: x=(2,2,4) w=(1,1,2): mean = (2+2+8)/4 = 3; ΣΣ = 2*(1*2*2 + 1*2*2) = 16; G = 16/(2*16*3) = 1/6
    assert t.loc["R2", "mean"] == pytest.approx(3.0)
    assert t.loc["R2", "gini"] == pytest.approx(1 / 6)
    assert t.loc["R2", "n"] == 3
    overall = inequality_table(v)
    assert list(overall.index) == ["ensemble"]
    assert overall.loc["ensemble", "gini"] == pytest.approx(gini_oracle(v.tolist()))


def test_inequality_table_counts_and_warns_nan():
    v = pd.Series({"a": 1.0, "b": np.nan, "c": 3.0})
    with pytest.warns(UserWarning, match=r"1 territoire écarté, faute de valeur ou de poids \(b\)"):
        t = inequality_table(v)
    assert t.iloc[0]["n"] == 2
    assert t.iloc[0]["gini"] == pytest.approx(0.25)


def test_bad_inputs():
    with pytest.raises(InvalidValueError, match="1 valeur négative \\(-2\\)"):
        gini([1.0, -2.0])
    with pytest.raises(InvalidValueError, match="1 valeur NaN ou infinie \\(positions 1\\)"):
        theil([1.0, float("nan")])
    with pytest.raises(InvalidValueError, match="1 poids pour 2 valeurs ; donnez un poids par valeur"):
        gini([1.0, 2.0], weights=[1.0])
    with pytest.raises(InvalidValueError, match="aucune valeur à mesurer"):
        gini([])
    assert math.isnan(gini([0.0, 0.0]))


def test_pairs_enumeration_oracle_small():
    # explicit pair enumeration for x = (0, 2, 4): pairs |0-2|+|0-4|+|2-4| = 8 -> ΣΣ = 16; μ = 2, n = 3
    # G = 16 / (2 * 9 * 2) = 4/9
    x = [0.0, 2.0, 4.0]
    s = sum(abs(a - b) for a, b in itertools.product(x, x))
    assert s == 16
    assert gini(x) == pytest.approx(4 / 9)
