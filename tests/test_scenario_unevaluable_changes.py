"""A change that cannot be evaluated on the chosen baseline is an error that says why and what to do, never a zero.

Issue 20, point 1: from the official ≤65 APL, "retirement 62+ within 5 years" reported "départ de 0
praticien(s)" and ΔAPL 0 — the GPs of the file have no age, so none could leave and none counted in the ≤65
baseline. Expected values come from the demo's practitioner table changed with plain pandas.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from test_scenario import demo_inputs

from access_map.apl import APLParams, compute_apl, supply_from_activity
from access_map.datasets import load_demo
from access_map.errors import InvalidValueError
from access_map.scenario import ChangePractitioners, CloseSite, Retirement, evaluate_scenario, prepare_baseline

ALL_AGES = APLParams.drees_mg(2023)
CAPPED = APLParams.drees_mg(2023, max_age=65)


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def inputs(demo):
    times, gps, demand, territories = demo_inputs(demo)
    return times, gps, demand


def _given_supply(inputs, gps, params, **kwargs):
    """A baseline whose supply is given (as an implied supply is), with the practitioner file beside it."""
    times, _, demand = inputs
    supply = kwargs.pop("supply", None)
    if supply is None:
        supply = supply_from_activity(gps.assign(age=gps["age"].fillna(40.0)), params=ALL_AGES)
    return prepare_baseline(times, demand=demand, supply=supply, practitioners=gps, params=params, **kwargs)


def test_retirement_without_any_age_is_an_error(inputs) -> None:
    _, gps, _ = inputs
    no_ages = gps.assign(age=np.nan)
    for params in (ALL_AGES, CAPPED):
        base = _given_supply(inputs, no_ages, params)
        with pytest.raises(InvalidValueError) as err:
            evaluate_scenario(base, [Retirement(62, horizon_years=5)])
        text = str(err.value)
        assert "aucun des" in text and "n'a d'âge connu" in text and "il vaudrait zéro" in text
        assert 'kind = "supply_share"' in text  # what to do instead
        assert f"{gps['practitioner_id'].nunique()}" in text.replace("\u202f", "")


def test_retirement_with_some_unknown_ages_warns_and_counts_them_as_staying(inputs) -> None:
    times, gps, demand = inputs
    unknown_ids = gps["practitioner_id"].drop_duplicates().iloc[::3]
    table = gps.assign(age=gps["age"].where(~gps["practitioner_id"].isin(unknown_ids)))
    base = prepare_baseline(times, demand=demand, practitioners=table, params=ALL_AGES)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = evaluate_scenario(base, [Retirement(62)])
    assert any("n'ont pas d'âge connu" in str(w.message) and "sous-estimé" in str(w.message) for w in caught)
    staying = table[~(table["age"] >= 62)]  # NaN ages stay
    expected = compute_apl(
        supply=supply_from_activity(staying, params=ALL_AGES), demand=demand, times=times, params=ALL_AGES
    )
    np.testing.assert_allclose(result.communes["apl_after"], expected.reindex(result.communes.index), atol=1e-9)
    assert "sans âge connu comptés comme restant" in result.notes[0]


def test_removing_practitioners_absent_from_a_capped_baseline_is_an_error(inputs) -> None:
    _, gps, _ = inputs
    no_ages = gps.assign(age=np.nan)
    base = _given_supply(inputs, no_ages, CAPPED)  # the official <=65 APL: no GP of the file counts in it
    busiest = gps.groupby("code_commune")["practitioner_id"].nunique().idxmax()
    with pytest.raises(InvalidValueError) as err:
        evaluate_scenario(base, [ChangePractitioners(busiest, -2)])
    text = str(err.value)
    assert "aucun ne compte" in text and "sans âge connu" in text and "max_age = 0" in text
    assert "acts_per_practitioner" in text


def test_a_practitioner_change_on_a_given_supply_maps_the_file_onto_it(inputs) -> None:
    _, gps, _ = inputs
    base = _given_supply(inputs, gps, ALL_AGES)
    assert not base.supply_from_practitioners
    busiest = gps.groupby("code_commune")["practitioner_id"].nunique().idxmax()
    here = gps[gps["code_commune"] == busiest].sort_values(["age", "practitioner_id"], ascending=[False, True])
    oldest = here["practitioner_id"].drop_duplicates().iloc[:3]
    acts = float(supply_from_activity(here[here["practitioner_id"].isin(oldest)], params=ALL_AGES).sum())
    result = evaluate_scenario(base, [ChangePractitioners(busiest, -3)])
    removed = result.communes["supply_before"] - result.communes["supply_after"]
    assert removed.loc[busiest] == pytest.approx(acts) and removed.drop(busiest).abs().max() == 0
    assert "offre implicite" in result.notes[0] and "fichier des praticiens" in result.notes[0]


def test_removing_from_a_commune_without_supply_is_an_error(inputs) -> None:
    _, gps, _ = inputs
    busiest = gps.groupby("code_commune")["practitioner_id"].nunique().idxmax()
    supply = supply_from_activity(gps, params=ALL_AGES).drop(busiest)  # an implied fit may put it next door
    base = _given_supply(inputs, gps, ALL_AGES, supply=supply)
    for change in (ChangePractitioners(busiest, -2), ChangePractitioners(busiest, -2, acts_per_practitioner=5400.0)):
        with pytest.raises(InvalidValueError, match=r"n'a pas d'offre dans 1 commune .* ne changerait rien"):
            evaluate_scenario(base, [change])
    with pytest.raises(InvalidValueError, match="la fermeture ne changerait rien"):
        evaluate_scenario(base, [CloseSite(busiest)])


def test_removing_more_than_the_baseline_holds_warns_with_the_share_removed(inputs) -> None:
    _, gps, _ = inputs
    busiest = gps.groupby("code_commune")["practitioner_id"].nunique().idxmax()
    supply = supply_from_activity(gps, params=ALL_AGES)
    supply.loc[busiest] = 1000.0
    base = _given_supply(inputs, gps, ALL_AGES, supply=supply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = evaluate_scenario(base, [ChangePractitioners(busiest, -1, acts_per_practitioner=5400.0)])
    assert result.communes.loc[busiest, "supply_after"] == 0
    messages = [str(w.message).replace("\u202f", " ") for w in caught]
    assert any("seuls 1 000 des 5 400 actes demandés" in m for m in messages), messages


def test_a_capped_baseline_counts_the_oldest_within_the_cap(inputs) -> None:
    """Removing "2 GPs" from the <=65 APL removes the two oldest of those it counts (older ones are not in it)."""
    times, gps, demand = inputs
    base = prepare_baseline(times, demand=demand, practitioners=gps, params=CAPPED)
    busiest = gps.groupby("code_commune")["practitioner_id"].nunique().idxmax()
    here = gps[(gps["code_commune"] == busiest) & (gps["age"] <= 65)]
    oldest = here.sort_values(["age", "practitioner_id"], ascending=[False, True])["practitioner_id"].iloc[:2]
    assert (gps.loc[gps["code_commune"] == busiest, "age"] > 65).any()  # the case: older ones are there
    kept = gps[~((gps["code_commune"] == busiest) & gps["practitioner_id"].isin(oldest))]
    expected = compute_apl(supply=supply_from_activity(kept, params=CAPPED), demand=demand, times=times, params=CAPPED)
    result = evaluate_scenario(base, [ChangePractitioners(busiest, -2)])
    np.testing.assert_allclose(result.communes["apl_after"], expected.reindex(result.communes.index), atol=1e-9)
    assert result.communes.loc[busiest, "delta_apl"] < 0
    assert pd.Series(result.notes).str.contains("parmi ceux comptés dans l'APL des médecins de 65 ans ou moins").all()
