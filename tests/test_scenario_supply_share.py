"""Proportional change of supply (``supply_share``): "x % of the GPs of these communes / departments / this region
leave (or arrive)".

Expected values are hand-computed (the APL is linear in the supply) or recomputed from scratch with
:func:`access_map.apl.compute_apl` on a supply changed with plain pandas, never through the scenario engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_scenario import PARAMS, demo_inputs

from access_map.apl import APLParams, compute_apl, supply_from_activity
from access_map.config import ConfigError
from access_map.datasets import load_demo
from access_map.errors import InvalidCodeError, InvalidValueError
from access_map.scenario import SupplyShare, evaluate_scenario, prepare_baseline
from access_map.scenario.config import parse_scenario_config


def _closed_territory():
    """Three communes within reach of each other, none reaching outside (a closed territory)."""
    codes = ["33001", "33002", "33003"]
    pairs = [(o, d, 0.0 if o == d else 8.0) for o in codes for d in codes]
    times = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])
    demand = pd.Series([1000.0, 500.0, 1500.0], index=codes)
    supply = pd.Series({"33001": 5400.0, "33003": 10800.0})
    territories = pd.DataFrame({"code_departement": ["33", "33", "24"], "code_region": ["75", "75", "75"]}, index=codes)
    return times, demand, supply, territories


def test_a_fifth_of_the_supply_leaving_lowers_every_apl_by_exactly_a_fifth() -> None:
    times, demand, supply, territories = _closed_territory()
    params = APLParams.drees_mg()
    base = prepare_baseline(times, demand=demand, supply=supply, params=params, territories=territories)
    # by hand: every commune reaches every supply point at 8 min (weight 1 in the first 10-minute band), so
    # D = 3000 everywhere and APL = (5400 + 10800) / 3000 = 5.4 in each commune
    np.testing.assert_allclose(base.apl, [5.4, 5.4, 5.4], rtol=1e-12)
    result = evaluate_scenario(base, [SupplyShare(-0.2)])
    np.testing.assert_allclose(result.communes["apl_after"], [4.32, 4.32, 4.32], rtol=1e-12)
    np.testing.assert_allclose(result.communes["apl_after"] / result.communes["apl_before"], 0.8, rtol=1e-12)
    arrive = evaluate_scenario(base, [SupplyShare(0.1)])
    np.testing.assert_allclose(arrive.communes["apl_after"], 5.94, rtol=1e-12)
    note = result.notes[0].replace("\u202f", " ")
    assert "départ de 20 % de l'offre" in note and "-3 240 actes sur 16 200" in note


def test_selection_by_department_region_and_communes() -> None:
    times, demand, supply, territories = _closed_territory()
    params = APLParams.drees_mg()
    base = prepare_baseline(times, demand=demand, supply=supply, params=params, territories=territories)
    # department 24 is commune 33003 only: its 10,800 acts lose half; 33001 keeps 5,400
    got = evaluate_scenario(base, [SupplyShare(-0.5, departements=("24",))]).communes["apl_after"]
    expected = compute_apl(
        supply=pd.Series({"33001": 5400.0, "33003": 5400.0}), demand=demand, times=times, params=params
    )
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(got, 3.6, rtol=1e-12)  # by hand: 10,800 / 3,000
    by_region = evaluate_scenario(base, [SupplyShare(-0.5, regions=("75",))]).communes["apl_after"]
    np.testing.assert_allclose(by_region, 2.7, rtol=1e-12)
    by_commune = evaluate_scenario(base, [SupplyShare(1.0, communes=("33001",))]).communes["apl_after"]
    np.testing.assert_allclose(by_commune, (2 * 5400 + 10800) / 3000, rtol=1e-12)


@pytest.fixture(scope="module")
def demo():
    return load_demo()


def test_a_department_of_the_demo_equals_a_recomputation(demo) -> None:
    times, gps, demand, territories = demo_inputs(demo)
    base = prepare_baseline(times, demand=demand, practitioners=gps, params=PARAMS, territories=territories)
    supply = supply_from_activity(gps, params=PARAMS)
    in_96 = supply.index.map(territories["code_departement"]) == "96"
    changed = supply.where(~in_96, supply * 0.75)
    expected = compute_apl(supply=changed, demand=demand, times=times, params=PARAMS)
    result = evaluate_scenario(base, [SupplyShare(-0.25, departements=("96",))])
    np.testing.assert_allclose(result.communes["apl_after"], expected.reindex(result.communes.index), atol=1e-9)
    assert result.summary()["population_fell_le_2.5"] > 0  # a real change, not "nothing changes"
    gone = float(supply.sum() - changed.sum())
    assert abs(float((result.communes["supply_before"] - result.communes["supply_after"]).sum()) - gone) < 1e-6


def test_errors_say_why() -> None:
    times, demand, supply, territories = _closed_territory()
    base = prepare_baseline(times, demand=demand, supply=supply, params=APLParams.drees_mg(), territories=territories)
    for bad in (0.0, -1.5, float("nan")):
        with pytest.raises(InvalidValueError, match="share doit être un nombre non nul"):
            SupplyShare(bad)
    with pytest.raises(InvalidCodeError, match=r"département\(s\) 47 absent\(s\) du territoire ; présents : 24, 33"):
        evaluate_scenario(base, [SupplyShare(-0.2, departements=("47",))])
    # the only commune without supply: a change of zero supply would change nothing
    with pytest.raises(InvalidValueError, match="aucune offre .* ne changerait rien"):
        evaluate_scenario(base, [SupplyShare(-0.2, communes=("33002",))])
    no_levels = prepare_baseline(times, demand=demand, supply=supply, params=APLParams.drees_mg())
    with pytest.raises(InvalidValueError, match="pas de région par commune"):
        evaluate_scenario(no_levels, [SupplyShare(-0.2, regions=("75",))])


def test_the_toml_kind() -> None:
    cfg = parse_scenario_config(
        {
            "territory": "demo",
            "scenarios": [
                {"name": "cinquieme", "changes": [{"kind": "supply_share", "share": -0.2, "departements": ["96"]}]}
            ],
        }
    )
    assert cfg.scenarios[0].changes == (SupplyShare(-0.2, departements=("96",)),)
    with pytest.raises(ConfigError, match=r"departements doit être une liste de codes"):
        parse_scenario_config(
            {
                "territory": "demo",
                "scenarios": [
                    {"name": "x", "changes": [{"kind": "supply_share", "share": -0.2, "departements": "33"}]}
                ],
            }
        )
    with pytest.raises(ConfigError, match="share doit être un nombre non nul"):
        parse_scenario_config(
            {"territory": "demo", "scenarios": [{"name": "x", "changes": [{"kind": "supply_share", "share": 0}]}]}
        )
