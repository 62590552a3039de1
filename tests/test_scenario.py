"""Scenarios: every one equals a recomputation from scratch (compute_apl on the changed inputs) to 1e-9.

The expected values never go through the scenario engine: each test changes the inputs with plain
pandas (filter practitioners by age, add acts to a commune, multiply a population, scale the travel
times), then calls :func:`access_map.apl.compute_apl`, which prepares its own catchment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from access_map.apl import APLParams, compute_apl, demand_from_population, supply_from_activity
from access_map.datasets import load_demo
from access_map.errors import InvalidCodeError, InvalidValueError
from access_map.scenario import (
    ChangePractitioners,
    CloseSite,
    OpenMSP,
    ProjectAgeBands,
    ReplaceTimes,
    Retirement,
    ScalePopulation,
    evaluate_scenario,
    prepare_baseline,
    supply_apl,
)
from access_map.schema import AGE_BANDS
from access_map.travel import crow_fly_times
from access_map.zoning import classify_apl, tvs_apl

PARAMS = APLParams.drees_mg(2023, max_age=65)


@pytest.fixture(scope="module")
def demo():
    return load_demo()


def demo_inputs(demo):
    """Times (crow-fly, 20 min), GPs, standardised demand and territories of the demo (also used by other modules)."""
    times = crow_fly_times(demo.chefs_lieux, max_minutes=20)
    gps = demo.practitioners[demo.practitioners["profession"] == "medecin_generaliste"]
    demand = demand_from_population(demo.population_by_age, params=PARAMS).reindex(demo.communes.index)
    territories = demo.communes[["code_departement", "code_region"]].join(demo.tvs["code_tvs"])
    return times, gps, demand, territories


@pytest.fixture(scope="module")
def inputs(demo):
    return demo_inputs(demo)


@pytest.fixture(scope="module")
def baseline(demo, inputs):
    times, gps, demand, territories = inputs
    return prepare_baseline(
        times,
        demand=demand,
        practitioners=gps,
        params=PARAMS,
        population=demo.communes["population"],
        population_by_age=demo.population_by_age,
        territories=territories,
    )


def _scratch(supply: pd.Series, demand: pd.Series, times: pd.DataFrame) -> pd.Series:
    return compute_apl(supply=supply, demand=demand, times=times, params=PARAMS)


def _check(result, expected: pd.Series) -> None:
    got = result.communes["apl_after"]
    assert got.index.equals(expected.index)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)


def test_baseline_equals_compute_apl(baseline, inputs) -> None:
    times, gps, demand, _ = inputs
    expected = _scratch(supply_from_activity(gps, params=PARAMS), demand, times)
    np.testing.assert_allclose(baseline.apl, expected.to_numpy(), rtol=0, atol=1e-12)
    assert baseline.apl.max() > 1.0  # a real APL, not zeros


def test_retirement_equals_scratch(baseline, inputs) -> None:
    times, gps, demand, _ = inputs
    staying = gps[~(gps["age"] + 3 >= 62)]
    expected = _scratch(supply_from_activity(staying, params=PARAMS), demand, times)
    result = evaluate_scenario(baseline, [Retirement(62, horizon_years=3)], name="retraites")
    _check(result, expected)
    assert (result.communes["delta_apl"] < -1e-6).sum() > 50  # many communes lose access


def test_retirement_in_some_communes_only(baseline, inputs) -> None:
    times, gps, demand, _ = inputs
    canton = tuple(sorted(gps["code_commune"].unique())[:10])
    leaving = (gps["age"] >= 60) & gps["code_commune"].isin(canton)
    expected = _scratch(supply_from_activity(gps[~leaving], params=PARAMS), demand, times)
    _check(evaluate_scenario(baseline, [Retirement(60, communes=canton)]), expected)


def test_open_msp_and_close_site_equal_scratch(baseline, inputs) -> None:
    times, gps, demand, _ = inputs
    supply = supply_from_activity(gps, params=PARAMS)
    new_site = next(c for c in demand.index if c not in supply.index)
    closed = supply.index[0]
    changed = supply.drop(closed)
    changed.loc[new_site] = 4 * 4500.0
    expected = _scratch(changed, demand, times)
    result = evaluate_scenario(
        baseline, [OpenMSP(new_site, practitioners=4, acts_per_practitioner=4500), CloseSite(closed)]
    )
    _check(result, expected)
    assert result.communes.loc[new_site, "delta_apl"] > 0


def test_add_and_remove_practitioners_equal_scratch(baseline, inputs) -> None:
    times, gps, demand, _ = inputs
    supply = supply_from_activity(gps, params=PARAMS)
    busiest = gps.groupby("code_commune")["practitioner_id"].nunique().idxmax()
    # the oldest two among those counted in the <=65 APL (older ones are not in it: removing them changes nothing)
    here = gps[(gps["code_commune"] == busiest) & (gps["age"] <= 65)]
    oldest = here.sort_values(["age", "practitioner_id"], ascending=[False, True])["practitioner_id"]
    oldest = oldest.drop_duplicates().iloc[:2]
    expected_supply = supply_from_activity(
        gps[~((gps["code_commune"] == busiest) & gps["practitioner_id"].isin(oldest))], params=PARAMS
    )
    other = supply.index[-1]
    expected_supply.loc[other] += 3 * PARAMS.new_practitioner_acts
    expected = _scratch(expected_supply, demand, times)
    result = evaluate_scenario(baseline, [ChangePractitioners(busiest, -2), ChangePractitioners(other, 3)])
    _check(result, expected)


def test_population_projection_equals_scratch(baseline, inputs, demo) -> None:
    times, gps, demand, _ = inputs
    supply = supply_from_activity(gps, params=PARAMS)
    growth = {code: 1.0 + 0.5 * (i % 3) for i, code in enumerate(demand.index[:100])}
    projected = demand * pd.Series(growth).reindex(demand.index).fillna(0.97)
    expected = _scratch(supply, projected, times)
    result = evaluate_scenario(baseline, [ScalePopulation(growth, default=0.97)])
    _check(result, expected)


def test_age_band_projection_equals_scratch(baseline, inputs, demo) -> None:
    times, gps, _, _ = inputs
    supply = supply_from_activity(gps, params=PARAMS)
    by_age = demo.population_by_age.copy()
    factors = {"age_75_79": 1.3, "age_80_84": 1.4, "age_85_89": 1.5, "age_90_plus": 1.6, "age_00_04": 0.9}
    for band, f in factors.items():
        by_age[band] = by_age[band] * f
    projected = demand_from_population(by_age, params=PARAMS).reindex(demo.communes.index)
    expected = _scratch(supply, projected, times)
    result = evaluate_scenario(baseline, [ProjectAgeBands(factors)])
    _check(result, expected)
    # older population: more demand, lower APL almost everywhere
    assert (result.communes["delta_apl"] <= 1e-12).mean() > 0.95
    assert result.communes["population_after"].sum() == pytest.approx(by_age[list(AGE_BANDS)].sum().sum())


def test_travel_change_equals_scratch(baseline, inputs) -> None:
    times, gps, demand, _ = inputs
    slower = times.assign(minutes=times["minutes"] * 1.25)
    expected = _scratch(supply_from_activity(gps, params=PARAMS), demand, slower)
    _check(evaluate_scenario(baseline, [ReplaceTimes(slower)]), expected)


def test_combined_scenario_equals_scratch(baseline, inputs) -> None:
    times, gps, demand, _ = inputs
    staying = gps[gps["age"] < 62]
    supply = supply_from_activity(staying, params=PARAMS)
    site = demand.index[7]
    supply.loc[site] = supply.get(site, 0.0) + 2 * 5000.0
    slower = times.assign(minutes=times["minutes"] * 1.1)
    expected = _scratch(supply, demand * 1.05, slower)
    result = evaluate_scenario(
        baseline,
        [
            Retirement(62),
            OpenMSP(site, practitioners=2, acts_per_practitioner=5000),
            ScalePopulation(1.05),
            ReplaceTimes(slower),
        ],
    )
    _check(result, expected)


def test_supply_apl_column_update_equals_full_product(baseline) -> None:
    rng = np.random.default_rng(3)
    for n_changed in (1, 5, 40):  # 40 of 600 is above the 5 % switch to one full product
        supply = baseline.supply.copy()
        cols = rng.choice(len(supply), n_changed, replace=False)
        supply[cols] = rng.uniform(0, 20000, n_changed)
        ratio = np.divide(supply, baseline.reached, out=np.zeros_like(supply), where=baseline.reached > 0)
        full = baseline.catchment.weights @ ratio
        np.testing.assert_allclose(supply_apl(baseline, supply), full, rtol=0, atol=1e-10)


def test_tvs_table_matches_zoning_functions(baseline, demo) -> None:
    result = evaluate_scenario(baseline, [Retirement(60)])
    after = result.communes["apl_after"]
    weights = result.communes["standardised_population_after"]
    expected = tvs_apl(after, weights=weights, tvs=demo.tvs["code_tvs"])
    tvs = result.tvs.reindex(expected.index)
    np.testing.assert_allclose(tvs["apl_after"], expected["apl"], rtol=0, atol=1e-9)
    assert (tvs["category_after"] == classify_apl(expected["apl"])).all()
    assert (tvs["category_before"] != tvs["category_after"]).sum() > 0  # retirements at 60 move some TVS


def test_crossings_by_department_and_region_match_pandas(baseline, demo) -> None:
    result = evaluate_scenario(baseline, [Retirement(62)])
    c = result.communes
    for t in (2.5, 4.0):
        fell = c["population_before"].where((c["apl_before"] > t) & (c["apl_after"] <= t), 0.0)
        rose = c["population_before"].where((c["apl_before"] <= t) & (c["apl_after"] > t), 0.0)
        by_dep = fell.groupby(demo.communes["code_departement"]).sum()
        got = result.crossings.xs("code_departement", level="level")[f"population_fell_le_{t:g}"]
        pd.testing.assert_series_equal(got.sort_index(), by_dep.sort_index(), check_names=False, check_index_type=False)
        total = result.crossings.loc[("total", "ensemble")]
        assert total[f"population_fell_le_{t:g}"] == pytest.approx(fell.sum())
        assert total[f"population_rose_above_{t:g}"] == pytest.approx(rose.sum())
        by_reg = result.crossings.xs("code_region", level="level")[f"population_net_le_{t:g}"].sum()
        assert by_reg == pytest.approx(fell.sum() - rose.sum())
    assert result.crossings.loc[("total", "ensemble"), "population_fell_le_2.5"] > 0


def test_most_affected_is_ranked_by_absolute_change(baseline) -> None:
    result = evaluate_scenario(baseline, [Retirement(62)], top=10)
    top = result.most_affected
    assert top["rank"].tolist() == list(range(1, 11))
    assert np.all(np.diff(top["delta_apl"].abs().to_numpy()) <= 0)
    assert top["delta_apl"].abs().iloc[0] == pytest.approx(result.communes["delta_apl"].abs().max())


def test_hand_computed_two_communes() -> None:
    # A (1,000 std inhabitants) and B (500), 12 minutes apart (weight 2/3); 5,400 acts in A.
    times = pd.DataFrame(
        {
            "origin": ["33001", "33001", "33002", "33002"],
            "destination": ["33001", "33002", "33001", "33002"],
            "minutes": [0.0, 12.0, 12.0, 0.0],
        }
    )
    demand = pd.Series({"33001": 1000.0, "33002": 500.0})
    b = prepare_baseline(times, demand=demand, supply=pd.Series({"33001": 5400.0}), params=APLParams.drees_mg())
    # D_A = 1000 + 500 x 2/3 = 4000/3, R_A = 4.05: APL A = 4.05, B = 2.7
    assert b.apl.tolist() == pytest.approx([4.05, 2.7])
    # close A: everybody falls to 0; B's 500 inhabitants were already <= 4 and above 2.5 -> fall below 2.5
    r = evaluate_scenario(b, [CloseSite("33001")])
    total = r.crossings.loc[("total", "ensemble")]
    assert r.communes["apl_after"].tolist() == [0.0, 0.0]
    assert total["population_fell_le_2.5"] == 1500.0 and total["population_fell_le_4"] == 1000.0


def test_errors_name_the_problem(baseline) -> None:
    with pytest.raises(InvalidCodeError, match="99999"):
        evaluate_scenario(baseline, [OpenMSP("99999")])
    with pytest.raises(InvalidValueError, match="practitioners doit être un entier non nul ; trouvé 0"):
        ChangePractitioners("96001", 0)
    with pytest.raises(InvalidValueError, match=r"tranche\(s\) d'âge inconnue\(s\) age_100_plus"):
        ProjectAgeBands({"age_100_plus": 2.0})
    no_table = prepare_baseline(
        pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]}),
        demand=pd.Series({"33001": 10.0}),
        supply=pd.Series({"33001": 100.0}),
        params=PARAMS,
    )
    with pytest.raises(InvalidValueError, match="il faut le fichier des praticiens"):
        evaluate_scenario(no_table, [Retirement(62)])
