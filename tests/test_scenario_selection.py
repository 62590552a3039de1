"""Scenarios on a department of a larger territory, and retirements that age the practitioners who stay.

Expected values come from :func:`access_map.apl.compute_apl` on inputs changed with plain pandas and from
pandas sums over the department's communes, never from the scenario engine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from test_scenario import PARAMS, demo_inputs

from access_map.apl import APLParams, compute_apl, demand_from_population, supply_from_activity
from access_map.cli import main
from access_map.csv_format import read_csv
from access_map.datasets import load_demo
from access_map.errors import InvalidCodeError
from access_map.scenario import (
    OpenMSP,
    Retirement,
    UncertaintyModel,
    evaluate_scenario,
    monte_carlo,
    place_practices,
    prepare_baseline,
)
from access_map.scenario.config import parse_scenario_config

DEPARTMENT = "96"


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def inputs(demo):
    return demo_inputs(demo)


def _baseline(demo, inputs, **kwargs):
    times, gps, demand, territories = inputs
    return prepare_baseline(
        times,
        demand=demand,
        practitioners=gps,
        params=PARAMS,
        population=demo.communes["population"],
        territories=territories,
        **kwargs,
    )


@pytest.fixture(scope="module")
def department(demo):
    return demo.communes.index[demo.communes["code_departement"] == DEPARTMENT]


@pytest.fixture(scope="module")
def selected(demo, inputs, department):
    return _baseline(demo, inputs, reported=department)


def test_the_context_communes_change_nothing_to_the_apl(demo, inputs, selected) -> None:
    whole = _baseline(demo, inputs)
    np.testing.assert_array_equal(selected.apl, whole.apl)
    assert 0 < selected.reported.sum() < len(selected.codes)


def test_crossings_and_tables_count_the_department_only(demo, inputs, selected, department) -> None:
    times, gps, demand, _ = inputs
    before = compute_apl(supply=supply_from_activity(gps, params=PARAMS), demand=demand, times=times, params=PARAMS)
    staying = gps[~(gps["age"] + 3 >= 62)]
    after = compute_apl(supply=supply_from_activity(staying, params=PARAMS), demand=demand, times=times, params=PARAMS)
    pop = demo.communes["population"]
    fell = (after <= 2.5) & (before > 2.5)
    in_dep = pop.index.isin(department)
    result = evaluate_scenario(selected, [Retirement(62, horizon_years=3)])

    total = result.crossings.loc[("total", "ensemble")]
    assert total["population_fell_le_2.5"] == pytest.approx(float(pop[fell & in_dep].sum()))
    # the whole territory would count more: the test would fail if the context communes were counted
    assert float(pop[fell & ~in_dep].sum()) > 0
    assert set(result.crossings.loc["code_departement"].index) == {DEPARTMENT}
    assert set(result.communes.index) == set(department)
    assert set(result.most_affected.index) <= set(department)
    reported_tvs = set(demo.tvs.loc[department, "code_tvs"])
    assert result.tvs is not None and set(result.tvs.index) == reported_tvs


def test_placement_places_and_counts_in_the_department(demo, inputs, selected, department) -> None:
    times, gps, demand, _ = inputs
    placement = place_practices(selected, sites=3, capacity=20_000.0, objective="lifted")
    assert placement.sites and set(placement.sites) <= set(department)
    supply = supply_from_activity(gps, params=PARAMS)
    for site in placement.sites:
        supply.loc[site] = supply.get(site, 0.0) + 20_000.0
    before = compute_apl(supply=supply_from_activity(gps, params=PARAMS), demand=demand, times=times, params=PARAMS)
    after = compute_apl(supply=supply, demand=demand, times=times, params=PARAMS)
    pop = demo.communes["population"]
    lifted = (before <= 2.5) & (after > 2.5) & pop.index.isin(department)
    assert placement.steps["gain"].sum() == pytest.approx(float(pop[lifted].sum()))


def test_uncertainty_tables_cover_the_department(selected, inputs, department) -> None:
    times = inputs[0]
    result = monte_carlo(selected, times, model=UncertaintyModel(draws=20, seed=1))
    assert set(result.communes.index) == set(department)


def test_reported_codes_must_be_communes_of_the_territory(demo, inputs) -> None:
    with pytest.raises(InvalidCodeError, match="99999"):
        _baseline(demo, inputs, reported=["99999"])


def test_retirement_ages_the_practitioners_who_stay_out_of_the_capped_apl(demo, inputs, selected) -> None:
    times, gps, demand, _ = inputs
    # leaving at 70 within 5 years: aged 65+ now; staying but over 65 in 5 years: aged 61-64 now
    aged = gps[(gps["age"] > 60) & (gps["age"] < 65)]
    assert aged["practitioner_id"].nunique() > 5  # the case exists in the demo
    expected = compute_apl(
        supply=supply_from_activity(gps[gps["age"] + 5 <= 65], params=PARAMS), demand=demand, times=times, params=PARAMS
    )
    result = evaluate_scenario(selected, [Retirement(70, horizon_years=5)])
    np.testing.assert_allclose(result.communes["apl_after"], expected.reindex(result.communes.index), atol=1e-9)
    assert "auront plus de 65 ans" in " ".join(result.notes)

    kept = compute_apl(
        supply=supply_from_activity(gps[gps["age"] + 5 < 70], params=PARAMS), demand=demand, times=times, params=PARAMS
    )
    not_aged = evaluate_scenario(selected, [Retirement(70, horizon_years=5, age_remaining=False)])
    np.testing.assert_allclose(not_aged.communes["apl_after"], kept.reindex(not_aged.communes.index), atol=1e-9)
    assert not np.allclose(kept, expected)


def test_retirement_without_a_cap_has_nothing_to_age(demo, inputs) -> None:
    times, gps, _, territories = inputs
    params = APLParams.drees_mg(2023)
    demand = demand_from_population(demo.population_by_age, params=params).reindex(demo.communes.index)
    base = prepare_baseline(times, demand=demand, practitioners=gps, params=params, territories=territories)
    expected = compute_apl(
        supply=supply_from_activity(gps[gps["age"] + 5 < 70], params=params), demand=demand, times=times, params=params
    )
    result = evaluate_scenario(base, [Retirement(70, horizon_years=5), OpenMSP(demand.index[0], practitioners=1)])
    supply = supply_from_activity(gps[gps["age"] + 5 < 70], params=params)
    supply.loc[demand.index[0]] = supply.get(demand.index[0], 0.0) + params.new_practitioner_acts
    with_msp = compute_apl(supply=supply, demand=demand, times=times, params=params)
    np.testing.assert_allclose(result.communes["apl_after"], with_msp.reindex(result.communes.index), atol=1e-9)
    assert not np.allclose(with_msp, expected)


def test_age_remaining_is_a_boolean_in_the_toml() -> None:
    from access_map.config import ConfigError

    raw = {"territory": "demo", "scenarios": [{"name": "r", "changes": [{"kind": "retirement", "min_age": 67}]}]}
    raw["scenarios"][0]["changes"][0]["age_remaining"] = "non"
    with pytest.raises(ConfigError, match="age_remaining doit être true ou false"):
        parse_scenario_config(raw)


def test_cli_scenario_on_a_department_of_the_demo(tmp_path: Path, demo, inputs, department) -> None:
    refresh = tmp_path / "territoire.toml"
    refresh.write_text(
        'name = "demo96"\nlabel = "Démo, département 96"\ndepartements = ["96"]\n[sources]\ndemo = true\n'
        '[[professions]]\nname = "medecin_generaliste"\n',
        encoding="utf-8",
    )
    config = tmp_path / "scenario.toml"
    config.write_text(
        f'territory = "{refresh.as_posix()}"\n[outputs]\ndirectory = "{(tmp_path / "out").as_posix()}"\n'
        f'maps_directory = "{(tmp_path / "cartes").as_posix()}"\n'
        '[[scenarios]]\nname = "retraites"\nchanges = [{ kind = "retirement", min_age = 62, horizon_years = 3 }]\n'
        "[placement]\nsites = 2\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["scenario", "--config", str(config)])
    assert res.exit_code == 0, res.output
    communes = read_csv(tmp_path / "out" / "scenario_retraites_communes.csv")
    assert set(communes["code_commune"]) == set(department)
    # the neighbours stay in the catchment: the department's APL is the whole territory's
    whole = _baseline(demo, inputs).apl_series()
    got = communes.set_index("code_commune")["apl_avant"]
    np.testing.assert_allclose(got.to_numpy(), whole.reindex(got.index).to_numpy(), rtol=0, atol=1e-9)
    crossings = read_csv(tmp_path / "out" / "scenario_retraites_franchissements.csv")
    deps = crossings[crossings["niveau"] == "département"]
    assert deps["code"].tolist() == [DEPARTMENT]
    total = crossings[crossings["niveau"] == "ensemble"].iloc[0]
    assert total["population_passant_sous_2_5"] == pytest.approx(float(deps["population_passant_sous_2_5"].sum()))
    steps = read_csv(tmp_path / "out" / "placement_etapes.csv")
    assert set(steps["code_commune"]) <= set(department)
