"""The tables, console and report of ``access-map scenario`` speak French; the most affected communes come by effect.

Issue 20 (points 1 and 7): « Communes les plus touchées » was sorted by code when the APL did not move, and
the scenario CSV columns were English (``apl_before``, ``delta_apl``…) beside French file names.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.csv_format import read_csv
from access_map.messages import scenario as msg

CONFIG = """
territory = "demo"

[[scenarios]]
name = "msp"
label = "Une MSP de 4 médecins"
changes = [{ kind = "open_msp", commune = "96150", practitioners = 4, acts_per_practitioner = 5000 }]

[[scenarios]]
name = "cinquieme"
label = "Un cinquième des médecins du département 96 partent"
changes = [{ kind = "supply_share", share = -0.2, departements = ["96"] }]

[placement]
sites = 1

[uncertainty]
draws = 5
seed = 1

[outputs]
directory = "out"
maps_directory = "cartes"
"""

#: Column names of the engine's tables that must never reach an analyst's CSV.
ENGLISH = {
    "apl_before", "apl_after", "delta_apl", "population_before", "population_after", "supply_before",
    "supply_after", "category_before", "category_after", "rank", "level", "step", "tie_break_gain",
    "cumulative_gain", "p_apl_below", "p_national_selection", "apl_baseline", "official_apl", "fitted_apl",
    "residual", "mean_delta_apl", "class_before", "class_after", "standardised_population_after",
}  # fmt: skip


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("scenario_fr")
    (root / "scenario.toml").write_text(CONFIG, encoding="utf-8")
    result = CliRunner().invoke(main, ["scenario", "--config", str(root / "scenario.toml")])
    assert result.exit_code == 0, result.output
    return root, result.output


def test_every_csv_header_is_french(ran) -> None:
    root, _ = ran
    french = set(msg.CSV_COLUMNS.values())
    crossing = re.compile(r"(population_passant_sous|population_passant_au_dessus|solde_sous)_\d+(_\d+)?")
    files = sorted((root / "out").glob("*.csv"))
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        header = text.splitlines()[0].split(";")
        assert ";" in text.splitlines()[0], path.name  # the package's CSV convention (csv_format.write_csv)
        for column in header:
            assert column not in ENGLISH, (path.name, column)
            assert column in french or crossing.fullmatch(column), (path.name, column)


def test_category_and_level_values_are_french(ran) -> None:
    root, _ = ran
    tvs = read_csv(root / "out" / "scenario_cinquieme_tvs.csv")
    assert set(tvs["categorie_avant"]) <= {"sélection nationale", "vivier", "hors vivier", "non défini"}
    crossings = read_csv(root / "out" / "scenario_cinquieme_franchissements.csv")
    assert crossings["niveau"].tolist()[0] == "ensemble" and "département" in set(crossings["niveau"])


def test_most_affected_are_the_communes_that_change_by_decreasing_effect(ran) -> None:
    root, output = ran
    for name in ("msp", "cinquieme"):
        most = read_csv(root / "out" / f"scenario_{name}_plus_touchees.csv")
        effect = most["variation_apl"].abs().to_numpy()
        assert len(most) > 0 and (effect > 0).all()
        assert (np.diff(effect) <= 1e-12).all(), effect  # by |ΔAPL|, not by code
        assert most["rang"].tolist() == list(range(1, len(most) + 1))
        communes = read_csv(root / "out" / f"scenario_{name}_communes.csv", index_col="code_commune")
        top = communes["variation_apl"].abs().sort_values(ascending=False, kind="mergesort")
        assert most["code_commune"].iloc[0] == top.index[0]
    # a new MSP changes a few communes only: the list stops where the APL stops changing
    msp = read_csv(root / "out" / "scenario_msp_plus_touchees.csv")
    communes = read_csv(root / "out" / "scenario_msp_communes.csv")
    assert len(msp) == min(20, int((communes["variation_apl"].abs() > 1e-12).sum()))
    report = (root / "out" / "rapport.html").read_text(encoding="utf-8")
    assert html.escape("Communes les plus touchées (par variation d'APL décroissante en valeur absolue)") in report


def test_zoning_outcome_in_the_tables_the_report_and_the_console(ran) -> None:
    root, output = ran
    zoning = read_csv(root / "out" / "scenario_cinquieme_zonage.csv")
    assert set(zoning.columns) == {"classe_avant", "classe_apres", "communes", "population", "methode_zonage"}
    assert set(zoning["methode_zonage"]) == {"zonage ZIP/ZAC"}  # the demo has TVS and regional caps
    communes = read_csv(root / "out" / "scenario_cinquieme_communes.csv")
    changed = communes[communes["classe_avant"] != communes["classe_apres"]]
    moved = zoning[zoning["classe_avant"] != zoning["classe_apres"]]
    assert len(changed) == moved["communes"].sum() > 0
    assert changed["population_avant"].sum() == moved["population"].sum()
    summary = read_csv(root / "out" / "scenarios_resume.csv", index_col="scenario")
    assert summary.loc["cinquieme", "population_changeant_de_classe"] == moved["population"].sum()
    tvs = read_csv(root / "out" / "scenario_cinquieme_tvs.csv")
    assert {"classe_avant", "classe_apres"} <= set(tvs.columns)
    report = (root / "out" / "rapport.html").read_text(encoding="utf-8")
    assert "zonage ZIP/ZAC calculé par le moteur de zonage avec les plafonds régionaux" in report
    assert "Communes changeant de classe" in report
    population = f"{int(moved['population'].sum()):,}".replace(",", "\u202f")
    assert "cinquieme: ΔAPL moyen -" in output and f"population changeant de classe de zonage : {population}" in output
    assert "départ de 20 % de l'offre de médecins généralistes" in output.replace("\u202f", " ")
