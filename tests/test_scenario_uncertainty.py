"""Monte Carlo uncertainty: reproducible, each draw equals compute_apl from scratch, probabilities match analytic ones."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from access_map.apl import APLParams, compute_apl, demand_from_population
from access_map.datasets import load_demo
from access_map.errors import InvalidValueError
from access_map.scenario import UncertaintyModel, iter_draw_inputs, monte_carlo, prepare_baseline
from access_map.travel import crow_fly_times

PARAMS = APLParams.drees_mg(2023, max_age=65)


@pytest.fixture(scope="module")
def demo_setup():
    demo = load_demo()
    times = crow_fly_times(demo.chefs_lieux, max_minutes=30)  # a wider radius: noisy times may shrink into 20
    gps = demo.practitioners[demo.practitioners["profession"] == "medecin_generaliste"]
    demand = demand_from_population(demo.population_by_age, params=PARAMS).reindex(demo.communes.index)
    base = prepare_baseline(
        times,
        demand=demand,
        practitioners=gps,
        params=PARAMS,
        population=demo.communes["population"],
        territories=demo.tvs[["code_tvs"]],
    )
    return demo, times, base


def test_seeded_and_reproducible(demo_setup) -> None:
    _, times, base = demo_setup
    model = UncertaintyModel(draws=30, seed=11)
    a = monte_carlo(base, times, model=model)
    b = monte_carlo(base, times, model=model)
    pd.testing.assert_frame_equal(a.communes, b.communes)
    pd.testing.assert_frame_equal(a.tvs, b.tvs)
    c = monte_carlo(base, times, model=replace(model, seed=12))
    assert not a.communes["apl_mean"].equals(c.communes["apl_mean"])


def test_each_draw_equals_compute_apl_from_scratch(demo_setup) -> None:
    demo, times, base = demo_setup
    vintage = base.apl_series(base.demand * 1.1)
    model = UncertaintyModel(draws=4, seed=5, population_vintages=(vintage,), population_sigma=0.05)
    result = monte_carlo(base, times, model=model, keep_draws=True)
    for k, inputs in enumerate(iter_draw_inputs(base, times, model=model)):
        params = replace(PARAMS, decay=inputs["decay"])
        expected = compute_apl(supply=inputs["supply"], demand=inputs["demand"], times=inputs["times"], params=params)
        np.testing.assert_allclose(result.apl_draws[k], expected.to_numpy(), rtol=0, atol=1e-9)
    # imputed activity varies: the demo has new GPs, so supplies differ between draws
    supplies = [d["supply"].to_numpy() for d in iter_draw_inputs(base, times, model=model)]
    assert not np.allclose(supplies[0], supplies[1])


def test_no_uncertainty_gives_the_baseline(demo_setup) -> None:
    _, times, base = demo_setup
    model = UncertaintyModel(
        draws=5, travel_sigma=0, travel_common_sigma=0, imputed_acts_range=None, threshold_conventions=False
    )
    r = monte_carlo(base, times, model=model)
    np.testing.assert_allclose(r.communes["apl_p05"], base.apl, atol=1e-12)
    np.testing.assert_allclose(r.communes["apl_p95"], base.apl, atol=1e-12)
    assert (r.communes["p_apl_below"] == (base.apl <= 2.5)).all()
    assert (r.tvs["p_national_selection"] == r.tvs["national_selection_baseline"]).all()


def test_travel_noise_matches_the_analytic_probability() -> None:
    # Residents of A (1,000) reach a practice in B at 9 minutes; B has no residents. Weight 1 below 10 minutes,
    # 2/3 in [10, 15). APL_A = 3600 / 1000 = 3.6 whatever the weight (A is the only demand B reaches): take
    # instead two demand communes, A at 9 min (weight w) and C at 0 min (weight 1) of B:
    # APL_A = w x S / (1000 w + 1000), below 2.5 with S = 6000 iff w = 2/3 (2.4) rather than 1 (3.0).
    # With only pair A-B noisy in effect (the others are 0 minutes), P(below) = P(9 e^{σz} >= 10) = 1 - Φ(ln(10/9)/σ).
    codes = ["33001", "33002", "33003"]
    times = pd.DataFrame(
        {
            "origin": ["33001", "33003", "33001", "33002", "33003"],
            "destination": ["33002", "33002", "33001", "33002", "33003"],
            "minutes": [9.0, 0.0, 0.0, 0.0, 0.0],
        }
    )
    demand = pd.Series([1000.0, 0.0, 1000.0], index=codes)
    base = prepare_baseline(times, demand=demand, supply=pd.Series({"33002": 6000.0}), params=APLParams.drees_mg())
    sigma = 0.1
    model = UncertaintyModel(
        draws=4000,
        seed=3,
        travel_sigma=sigma,
        travel_common_sigma=0.0,
        imputed_acts_range=None,
        threshold_conventions=False,
    )
    r = monte_carlo(base, times, model=model)
    expected = 1 - norm.cdf(np.log(10 / 9) / sigma)
    got = r.communes.loc["33001", "p_apl_below"]
    assert got == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / 4000))
    assert r.communes.loc["33001", "apl_p05"] == pytest.approx(2.4)
    assert r.communes.loc["33001", "apl_p95"] == pytest.approx(3.0)


def test_population_vintages_and_threshold_convention() -> None:
    codes = ["33001"]
    times = pd.DataFrame({"origin": codes, "destination": codes, "minutes": [0.0]})
    base = prepare_baseline(
        times, demand=pd.Series([1000.0], index=codes), supply=pd.Series({"33001": 2500.0}), params=APLParams.drees_mg()
    )
    # APL exactly 2.5: below under "<=", not under "<" -> P = 1/2 with the convention drawn at random
    model = UncertaintyModel(draws=2000, seed=0, travel_sigma=0, travel_common_sigma=0, imputed_acts_range=None)
    assert monte_carlo(base, times, model=model).communes["p_apl_below"].iloc[0] == pytest.approx(0.5, abs=0.05)
    # two vintages, 1,000 and 2,000: APL 2.5 or 1.25, the latter always below
    other = pd.Series([2000.0], index=codes)
    model = replace(model, population_vintages=(other,), threshold_conventions=False)
    r = monte_carlo(base, times, model=model)
    assert r.communes["p_apl_below"].iloc[0] == 1.0
    assert r.communes["apl_mean"].iloc[0] == pytest.approx((2.5 + 1.25) / 2, abs=0.05)


def test_alternative_time_table(demo_setup) -> None:
    _, times, base = demo_setup
    far = times.assign(minutes=times["minutes"] * 2)
    model = UncertaintyModel(
        draws=40,
        seed=2,
        travel_sigma=0,
        travel_common_sigma=0,
        imputed_acts_range=None,
        threshold_conventions=False,
        alternative_times=far,
        alternative_probability=0.5,
    )
    r = monte_carlo(base, times, model=model, keep_draws=True)
    slow = compute_apl(
        supply=base.apl_series(base.supply), demand=base.apl_series(base.demand), times=far, params=PARAMS
    )
    used_alt = np.isclose(r.apl_draws, slow.to_numpy(), atol=1e-9).all(axis=1)
    used_base = np.isclose(r.apl_draws, base.apl, atol=1e-9).all(axis=1)
    assert (used_alt | used_base).all() and 5 < used_alt.sum() < 35


def test_invalid_model() -> None:
    with pytest.raises(InvalidValueError, match="draws"):
        UncertaintyModel(draws=0)
    with pytest.raises(InvalidValueError, match="travel_sigma"):
        UncertaintyModel(travel_sigma=-1)
