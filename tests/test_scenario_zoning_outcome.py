"""The zoning outcome of a scenario: class by commune and TVS before and after, population changing class.

The classes with caps are checked against :func:`access_map.zoning.compute_zoning` run directly on APL
recomputed from scratch (:func:`access_map.apl.compute_apl` on a supply changed with pandas); the categories
without caps by hand.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from test_scenario import PARAMS, demo_inputs

from access_map.apl import APLParams, compute_apl, supply_from_activity
from access_map.datasets import load_demo
from access_map.scenario import SupplyShare, evaluate_scenario, prepare_baseline
from access_map.scenario.zoning_outcome import prepare_zoning
from access_map.zoning import ZoningRules, compute_zoning


def test_tvs_categories_by_hand_without_caps() -> None:
    codes = ["33001", "33002", "33003"]
    times = pd.DataFrame({"origin": codes, "destination": codes, "minutes": [0.0] * 3})
    demand = pd.Series([1000.0, 1000.0, 2000.0], index=codes)
    supply = pd.Series({"33001": 3000.0, "33002": 5000.0, "33003": 10000.0})
    territories = pd.DataFrame({"code_tvs": ["A", "A", "B"]}, index=codes)
    base = prepare_baseline(
        times,
        demand=demand,
        supply=supply,
        params=APLParams.drees_mg(),
        population=pd.Series([900.0, 1100.0, 2500.0], index=codes),
        territories=territories,
    )
    # TVS A: (1000 x 3 + 1000 x 5) / 2000 = 4.0 -> vivier; B: 5.0 -> hors vivier
    result = evaluate_scenario(base, [SupplyShare(-0.3, communes=("33003",))])  # B: 5.0 -> 3.5, vivier
    z = result.zoning
    assert z is not None and z.method == "tvs_categories"
    assert z.communes["class_before"].tolist() == ["vivier", "vivier", "hors_vivier"]
    assert z.communes["class_after"].tolist() == ["vivier", "vivier", "vivier"]
    assert z.population_changing_class == 2500.0
    assert z.tvs is not None and z.tvs.loc["B", ["class_before", "class_after"]].tolist() == ["hors_vivier", "vivier"]
    assert result.summary()["population_changing_class"] == 2500.0
    t = z.transitions.set_index(["class_before", "class_after"])
    assert t.loc[("hors_vivier", "vivier"), "population"] == 2500.0 and t.loc[("vivier", "vivier"), "communes"] == 2


@pytest.fixture(scope="module")
def demo():
    return load_demo()


def _zoning(demo, apl: pd.Series, demand: pd.Series) -> pd.Series:
    """The refresh's zoning of the demo (refresh.steps.zoning_outputs), run directly on an APL."""
    communes = pd.DataFrame(
        {
            "apl": apl,
            "standardised_population": demand,
            "population": demo.communes["population"],
            "code_region": demo.communes["code_region"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        result = compute_zoning(
            communes,
            tvs=demo.tvs,
            caps=demo.zoning_caps,
            rules=ZoningRules.arrete_2017(),
            qpv=demo.qpv,
            in_force=demo.previous_zoning,
        )
    return result.communes["zonage"]


def test_zip_zac_zoning_before_and_after_equals_the_engine_on_recomputed_apl(demo) -> None:
    times, gps, demand, territories = demo_inputs(demo)
    base = prepare_baseline(
        times,
        demand=demand,
        practitioners=gps,
        params=PARAMS,
        population=demo.communes["population"],
        territories=territories,
    )
    zb = prepare_zoning(
        base,
        tvs=demo.tvs,
        caps=demo.zoning_caps,
        rules=ZoningRules.arrete_2017(),
        qpv=demo.qpv,
        in_force=demo.previous_zoning,
    )
    assert zb.method == "zoning"
    result = evaluate_scenario(base, [SupplyShare(-0.2, departements=("96",))], zoning=zb)
    supply = supply_from_activity(gps, params=PARAMS)
    in_96 = supply.index.map(territories["code_departement"]) == "96"
    after_apl = compute_apl(supply=supply.where(~in_96, supply * 0.8), demand=demand, times=times, params=PARAMS)
    before_apl = compute_apl(supply=supply, demand=demand, times=times, params=PARAMS)
    before, after = _zoning(demo, before_apl, demand), _zoning(demo, after_apl, demand)
    z = result.zoning
    assert z is not None
    pd.testing.assert_series_equal(z.communes["class_before"], before.reindex(z.communes.index), check_names=False)
    pd.testing.assert_series_equal(z.communes["class_after"], after.reindex(z.communes.index), check_names=False)
    changed = before != after
    assert z.population_changing_class == pytest.approx(float(demo.communes["population"][changed].sum()))
    assert z.population_changing_class > 0
    assert set(z.communes["class_after"]) <= {"ZIP", "ZAC", "ZV", "HV"}


def test_caps_the_engine_refuses_fall_back_to_categories_with_a_warning(demo) -> None:
    times, gps, demand, territories = demo_inputs(demo)
    base = prepare_baseline(times, demand=demand, practitioners=gps, params=PARAMS, territories=territories)
    wrong_region = demo.zoning_caps.rename(index={"07": "84"})
    with pytest.warns(UserWarning, match="le zonage ZIP/ZAC n'a pas pu être calculé"):
        zb = prepare_zoning(base, tvs=demo.tvs, caps=wrong_region)
    assert zb.method == "tvs_categories"
    assert "sans plafonds régionaux" in zb.notes[0]
    result = evaluate_scenario(base, [SupplyShare(-0.2)], zoning=zb)
    assert result.zoning is not None
    assert set(result.zoning.communes["class_before"]) <= {"national_selection", "vivier", "hors_vivier"}
    # the class of a commune is its TVS's category, as in the TVS table
    tvs_category = result.tvs["category_after"].reindex(result.zoning.communes["code_tvs"]).to_numpy()
    np.testing.assert_array_equal(result.zoning.communes["class_after"].to_numpy(), tvs_category)
