"""The chain "refresh configuration of Gironde → access-map scenario" on the real files of ../shared/data.

Issue 20, point 1, as an ARS Nouvelle-Aquitaine analyst ran it: the scenario ignored the territory's
``[supply] impute_acts`` (it stopped on "1220 practitioner(s) … have no acts"), and from the official ≤65 APL a
retirement or 82 ``remove_practitioners`` reported ΔAPL 0 everywhere — the GPs of the 2017 RPPS file have no
age, so they never counted in that baseline. Each figure here is recomputed independently: the APL before and
after with :func:`access_map.apl.compute_apl` from scratch on the practitioner table changed with pandas, the
crossings from the populations légales read with pandas. No Gironde figure that depends on the supply choices
(how many GPs the file holds, which are excluded) is written here: both sides use the same inputs.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from real_territory import DATA, write_refresh_config

from access_map.apl import APLParams, compute_apl, supply_from_activity
from access_map.cli import main
from access_map.config import load_config
from access_map.csv_format import read_csv
from access_map.refresh import context_margin_km, territory_from_config
from access_map.refresh.steps import supply_practitioners
from access_map.travel import crow_fly_times_local
from conftest import shared_path

BORDEAUX = "33063"


def _official() -> Path:
    return shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")


def _scenario(tmp_path: Path, refresh: Path, *, baseline: str, scenarios: str) -> tuple[int, str, Path]:
    config = tmp_path / "scenario.toml"
    config.write_text(
        f'label = "Gironde — scénarios"\nterritory = "{refresh.as_posix()}"\n[baseline]\n{baseline}\n{scenarios}\n'
        '[outputs]\ndirectory = "sortie"\nmaps_directory = "cartes"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["scenario", "--config", str(config)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output, tmp_path / "sortie"


@pytest.fixture(scope="module")
def refresh(tmp_path_factory) -> Path:
    return write_refresh_config(tmp_path_factory.mktemp("gironde"), name="gironde", selection='departements = ["33"]')


@pytest.fixture(scope="module")
def chain(refresh, tmp_path_factory):
    """All-ages APL (vintage 2022) from the practitioners; 10 GPs leave Bordeaux; a fifth of the GPs of Gironde leave."""
    scenarios = (
        '[[scenarios]]\nname = "bordeaux"\n'
        f'changes = [{{ kind = "remove_practitioners", commune = "{BORDEAUX}", practitioners = 10 }}]\n'
        '[[scenarios]]\nname = "cinquieme"\nchanges = [{ kind = "supply_share", share = -0.2, departements = ["33"] }]\n'
    )
    code, output, out = _scenario(
        tmp_path_factory.mktemp("chaine"), refresh, baseline="vintage = 2022\nmax_age = 0", scenarios=scenarios
    )
    assert code == 0, output  # today: "1220 practitioner(s) … have no acts … [supply] impute_acts"
    return output, out


@pytest.fixture(scope="module")
def independent(refresh):
    """APL before and after "10 GPs leave Bordeaux", from scratch with compute_apl on the same inputs."""
    cfg = load_config(refresh)
    territory = territory_from_config(cfg, margin_km=context_margin_km(cfg, 30.0))
    gps = supply_practitioners(cfg, territory)  # the table of the territory's [supply] section (as the refresh)
    gps = gps[gps["profession"] == "medecin_generaliste"]
    params = APLParams.drees_mg(2022)
    times = crow_fly_times_local(territory.chefs_lieux, max_minutes=20.0, intercept_minutes=2.0, minutes_per_km=1.32)
    std = pd.read_csv(
        DATA / "drees_population_standardisee" / "population_standardisee_mg.csv.gz", dtype={"code_commune": str}
    )
    std = std[std["annee_population"] == 2016].set_index("code_commune")["pop_standardisee"]
    demand = std.reindex(territory.communes.index).fillna(0.0)
    before = compute_apl(supply=supply_from_activity(gps, params=params), demand=demand, times=times, params=params)
    here = gps[gps["code_commune"] == BORDEAUX]
    leaving = here.sort_values(["age", "practitioner_id"], ascending=[False, True])["practitioner_id"]
    leaving = leaving.drop_duplicates().iloc[:10]
    kept = gps[~((gps["code_commune"] == BORDEAUX) & gps["practitioner_id"].isin(leaving))]
    after = compute_apl(supply=supply_from_activity(kept, params=params), demand=demand, times=times, params=params)
    pops = pd.read_csv(DATA / "population_legale_insee" / "pop_legales_2016_cog2018_communes.csv.gz", dtype=str)
    pops.index = pops["Code département"] + pops["Code commune"]  # département + 3-character commune code
    gironde = territory.core().communes.index
    population = pops["Population municipale"].astype(float).reindex(gironde)
    return before.reindex(gironde), after.reindex(gironde), population, gps


def test_the_territory_supply_section_is_honoured_and_the_chain_equals_compute_apl(chain, independent) -> None:
    output, out = chain
    before, after, population, gps = independent
    communes = read_csv(out / "scenario_bordeaux_communes.csv", index_col="code_commune")
    assert communes.index.sort_values().equals(before.index.sort_values()) and len(communes) == 538
    np.testing.assert_allclose(communes["apl_avant"], before.reindex(communes.index), rtol=0, atol=1e-9)
    np.testing.assert_allclose(communes["apl_apres"], after.reindex(communes.index), rtol=0, atol=1e-9)
    assert communes.loc[BORDEAUX, "variation_apl"] < 0
    # the supply counted is the table's, imputed by [supply] impute_acts (the RPPS file has no activity)
    assert gps["activity_imputed"].all()
    params = APLParams.drees_mg(2022)
    assert communes["offre_avant"].sum() == pytest.approx(float(supply_from_activity(gps, params=params).sum()))
    crossings = read_csv(out / "scenario_bordeaux_franchissements.csv")
    total = crossings[crossings["niveau"] == "ensemble"].iloc[0]
    for t, column in ((2.5, "2_5"), (4.0, "4")):
        fell = population[(before > t) & (after <= t)].sum()
        rose = population[(before <= t) & (after > t)].sum()
        assert total[f"population_passant_sous_{column}"] == pytest.approx(fell)
        assert total[f"population_passant_au_dessus_{column}"] == pytest.approx(rose)
    assert "départ des 10 praticien(s) les plus âgé(s) de 33063" in output


def test_a_fifth_of_the_gps_leaving_gironde_is_a_real_change(chain, independent) -> None:
    output, out = chain
    before, _, population, gps = independent
    assert gps["code_commune"].str.startswith("33").all()  # every site of the file is in Gironde
    communes = read_csv(out / "scenario_cinquieme_communes.csv", index_col="code_commune")
    # every GP site is in the selection and the APL is linear in the supply: every APL falls by exactly 20 %
    np.testing.assert_allclose(communes["apl_apres"], 0.8 * before.reindex(communes.index), rtol=1e-9, atol=1e-12)
    assert communes["variation_apl"].min() < -0.5
    summary = read_csv(out / "scenarios_resume.csv", index_col="scenario")
    fell = population[(before > 2.5) & (0.8 * before <= 2.5)].sum()
    assert summary.loc["cinquieme", "population_passant_sous_2_5"] == pytest.approx(fell) and fell > 0
    # no TVS nor caps in these files: the zoning outcome says it gives the communes' categories
    zoning = read_csv(out / "scenario_cinquieme_zonage.csv")
    assert set(zoning["methode_zonage"]) == {"catégories des communes"}
    assert summary.loc["cinquieme", "population_changeant_de_classe"] > 0
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert html.escape("sans TVS (sources.tvs) ni plafonds régionaux") in report
    assert "départ de 20 % de l'offre de médecins généralistes (538 communes : département(s) 33)" in output.replace(
        "\u202f", " "
    )


def test_a_capped_apl_from_a_file_without_ages_is_refused(refresh, tmp_path) -> None:
    code, output, _ = _scenario(
        tmp_path,
        refresh,
        baseline="max_age = 65",
        scenarios='[[scenarios]]\nname = "x"\nchanges = [{ kind = "supply_share", share = -0.2 }]',
    )
    assert code == 1
    assert "aucun des" in output and "n'a d'âge" in output and "max_age = 0" in output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            '{ kind = "retirement", min_age = 62, horizon_years = 5 }',
            ["départ des praticiens d'au moins 62 ans d'ici 5 an(s)", "n'a d'âge connu", 'kind = "supply_share"'],
        ),
        (
            f'{{ kind = "remove_practitioners", commune = "{BORDEAUX}", practitioners = 3 }}',
            ["retrait de 3 praticien(s) à 33063", "aucun ne compte", "sans âge connu", "max_age = 0"],
        ),
    ],
)
def test_official_65_baseline_refuses_practitioner_changes_it_cannot_evaluate(refresh, tmp_path, change, expected):
    """Today: "départ de 0 praticien(s)", ΔAPL 0,000 and 0 residents crossing, exit 0."""
    baseline = f'max_age = 65\nofficial_apl = "{_official().as_posix()}"\nofficial_year = 2023'
    code, output, _ = _scenario(
        tmp_path, refresh, baseline=baseline, scenarios=f'[[scenarios]]\nname = "x"\nchanges = [{change}]'
    )
    assert code == 1, output
    flat = " ".join(output.replace("\u202f", " ").split())
    for text in expected:
        assert text in flat, (text, output)


def test_official_65_baseline_with_a_proportional_change(refresh, tmp_path) -> None:
    baseline = f'max_age = 65\nofficial_apl = "{_official().as_posix()}"\nofficial_year = 2023'
    scenarios = (
        '[[scenarios]]\nname = "cinquieme"\nchanges = [{ kind = "supply_share", share = -0.2, departements = ["33"] }]'
    )
    code, output, out = _scenario(tmp_path, refresh, baseline=baseline, scenarios=scenarios)
    assert code == 0, output
    communes = read_csv(out / "scenario_cinquieme_communes.csv", index_col="code_commune")
    implied = read_csv(out / "offre_implicite_communes.csv", index_col="code_commune")
    # the implied supply of Gironde loses a fifth; the neighbours' (context communes) is unchanged, so each APL
    # keeps between 80 % and 100 % of its value, and exactly 80 % where every supply point reached is in Gironde
    np.testing.assert_allclose(
        communes["offre_apres"], 0.8 * communes["offre_avant"], rtol=1e-10, atol=1e-9
    )  # CSV: 12 digits
    assert communes["offre_avant"].sum() == pytest.approx(implied["offre_implicite"].reindex(communes.index).sum())
    ratio = communes["apl_apres"] / communes["apl_avant"]
    assert ratio.between(0.8 - 1e-9, 1 + 1e-9).all()
    assert ratio.loc[BORDEAUX] == pytest.approx(0.8, abs=1e-9)
    summary = read_csv(out / "scenarios_resume.csv", index_col="scenario")
    assert summary.loc["cinquieme", "variation_apl_moyenne"] < -0.5
    assert summary.loc["cinquieme", "population_passant_sous_2_5"] > 0
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert html.escape("Une offre implicite n'a pas de praticiens") in report
