"""The supply must cover the territory it is computed on (issue 20, point 2).

A practitioner file covering Gironde only, given for the whole of Nouvelle-Aquitaine, used to publish a regional APL,
zoning and headline with eleven departments at APL 0, exit 0 and no message. Departments (and, for GPs, communes of
20,000 inhabitants or more) of the territory without any practitioner are now an error naming them, unless the supply
is declared partial on purpose; then the console, the report headline and every table say so. Unit cases are
computed by hand; the real-file cases run the commands on ../shared/data and derive the expected departments
independently (INSEE COG departments of region 75, RPPS practice communes read with pandas).
"""

from __future__ import annotations

import html
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from real_territory import write_refresh_config

from access_map import csv_format
from access_map.cli import main
from access_map.messages.supply import PARTIAL_SUPPLY_COLUMN
from access_map.supply import (
    SupplyCoverageError,
    check_supply_coverage,
    practice_counts,
    stamp_partial_supply,
    supply_coverage,
)
from conftest import SHARED_DATA, shared_path

DATA = SHARED_DATA


def _communes(rows: list[tuple[str, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code_departement": [c[:2] for c, _, _ in rows],
            "population": [p for _, p, _ in rows],
            "in_territory": [t for _, _, t in rows],
        },
        index=pd.Index([c for c, _, _ in rows], name="code_commune"),
    )


# --------------------------------------------------------------------------- the pure function


def test_departments_and_large_communes_without_supply():
    communes = _communes(
        [
            ("33063", 250_000.0, True),  # large, no practice
            ("33001", 900.0, True),  # practice here: department 33 is covered
            ("24001", 400.0, True),  # department 24: nobody
            ("24002", 30_000.0, True),  # large but in an uncovered department: listed once, as the department
            ("40001", 500.0, False),  # context department without practice
            ("47001", 500.0, False),  # context department with a practice
        ]
    )
    supply = pd.Series({"33001": 2.0, "47001": 1.0, "75056": 3.0})  # 75056: outside the communes, ignored
    gaps = supply_coverage(supply, communes, min_population=20_000)
    assert gaps.to_dict("records") == [
        {"level": "departement", "code": "24", "population": 30_400.0, "in_territory": True},
        {"level": "departement", "code": "40", "population": 500.0, "in_territory": False},
        {"level": "commune", "code": "33063", "population": 250_000.0, "in_territory": True},
    ]
    # without a population threshold only departments count
    assert supply_coverage(supply, communes)["level"].tolist() == ["departement", "departement"]
    # a supply of 0 is no supply (a file listing a commune with nothing there covers nothing)
    assert "33" in supply_coverage(pd.Series({"33001": 0.0}), communes)["code"].tolist()


def test_gaps_are_an_error_unless_declared_partial():
    communes = _communes([("33001", 900.0, True), ("24001", 400.0, True), ("40001", 500.0, False)])
    supply = pd.Series({"33001": 1})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(SupplyCoverageError, match=r"^Aucun médecin généraliste dans le département 24 du terr"):
            check_supply_coverage(supply, communes, profession="medecin_generaliste")
    # the context department is a warning either way: the APL near the border is understated
    assert [str(w.message)[:60] for w in caught] == ["Aucun médecin généraliste dans les communes hors du territoi"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        statement = check_supply_coverage(supply, communes, profession="medecin_generaliste", partial=True)
    assert statement == (
        "Offre partielle déclarée : aucun médecin généraliste dans le département 24 ; l'APL et le zonage n'y "
        "mesurent pas l'accès réel."
    )
    assert statement in [str(w.message) for w in caught]
    # a covered territory: nothing to state, even when declared partial
    full = pd.Series({"33001": 1, "24001": 1, "40001": 1})
    assert check_supply_coverage(full, communes, profession="medecin_generaliste", partial=True) is None


def test_large_communes_are_checked_for_general_practitioners_only():
    communes = _communes([("33063", 250_000.0, True), ("33001", 900.0, True)])
    supply = pd.Series({"33001": 1})
    with pytest.raises(SupplyCoverageError, match=r"commune 33063 du territoire \(commune de 20\u202f000 habitants"):
        check_supply_coverage(supply, communes, profession="medecin_generaliste")
    # midwives, dentists...: too few for a commune rule (the demo's commune of 27,000 inhabitants has no midwife)
    assert check_supply_coverage(supply, communes, profession="sage_femme") is None


def test_practice_counts_and_table_stamp():
    table = pd.DataFrame(
        {
            "code_commune": ["33063", "33063", "24322"],
            "profession": ["medecin_generaliste", "medecin_generaliste", "infirmier"],
        }
    )
    assert practice_counts(table, profession="infirmier").to_dict() == {"24322": 1}
    frame = pd.DataFrame({"apl": [1.0]})
    stamped = stamp_partial_supply(frame, ["a", "b"])
    assert stamped[PARTIAL_SUPPLY_COLUMN].tolist() == ["a ; b"] and PARTIAL_SUPPLY_COLUMN not in frame


# --------------------------------------------------------------------------- refresh on the real files


def _region_75_departments() -> set[str]:
    deps = pd.read_csv(shared_path("cog_insee", "departements.csv"), dtype=str)
    return set(deps.loc[deps["REG"] == "75", "DEP"])


def _rpps_departments() -> set[str]:
    rpps = pd.read_csv(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"), dtype=str)
    return set(rpps["Commune"].str[:2])


def _refresh_config(tmp_path: Path, *, supply: str) -> Path:
    """Nouvelle-Aquitaine with the Gironde RPPS (CSV tables only, no image or raster: the test reads tables)."""
    return write_refresh_config(
        tmp_path, name="nouvelle_aquitaine", selection='regions = ["75"]', supply=supply,
        outputs='table_formats = ["csv"]\npng = false\nraster = false',
    )  # fmt: skip


def test_region_refresh_with_one_department_of_practitioners_stops_naming_the_others(tmp_path):
    missing = sorted(_region_75_departments() - _rpps_departments())
    assert len(missing) == 11 and "33" not in missing
    result = CliRunner().invoke(main, ["refresh", "--config", str(_refresh_config(tmp_path, supply=""))])
    assert result.exit_code == 1, result.output
    assert f"Aucun médecin généraliste dans les départements {', '.join(missing)} du territoire" in result.output
    assert "[supply] partial = true" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "apl_communes.csv").exists()  # nothing published


def test_region_refresh_declared_partial_says_so_everywhere(tmp_path):
    missing = sorted(_region_75_departments() - _rpps_departments())
    config = _refresh_config(tmp_path, supply="partial = true")
    result = CliRunner().invoke(main, ["refresh", "--config", str(config)])
    assert result.exit_code == 0, result.output
    statement = (
        f"Offre partielle déclarée : aucun médecin généraliste dans les départements {', '.join(missing)} ; "
        "l'APL et le zonage n'y mesurent pas l'accès réel."
    )
    out = tmp_path / "out"
    assert f"Attention : {statement}" in result.output  # console
    report = (out / "rapport.html").read_text(encoding="utf-8")
    headline = report.split("<h2>Chiffres clés</h2>", 1)[1].split("</table>", 1)[0]
    assert f"<tr><th>Offre de soins partielle</th><td>{html.escape(statement)}</td></tr>" in headline
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["headline"]["offre_partielle"] == [statement]
    tables = sorted(out.glob("*.csv"))
    assert {p.stem for p in tables} >= {"apl_communes", "apl_mg_departements", "apl_mg_regions"}
    for path in tables:  # every table, read on its own, says it
        table = csv_format.read_csv(path)
        assert (table[PARTIAL_SUPPLY_COLUMN] == statement).all(), path.name
    # the figures themselves: the departments named are those whose APL is 0 or nearly (Gironde's GPs reach
    # a few communes across the border)
    deps = csv_format.read_csv(out / "apl_mg_departements.csv", index_col="code_departement")
    assert deps.loc["33", "apl"] > 2 and deps.loc[missing, "apl"].max() < 0.1


# --------------------------------------------------------------------------- apl then zoning on the real files


def test_apl_then_zoning_check_the_supply_of_the_territory(tmp_path):
    """`apl` on the region's departments with the Gironde file stops; declared partial, it writes the statement in
    its table; `zoning` on that table stops again unless told, then states it in its tables and report."""
    rpps = shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")
    pop = shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz")
    points = shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")
    appartenance = shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
    region = sorted(_region_75_departments())
    missing = sorted(set(region) - _rpps_departments())
    base = ["apl", "--supply", str(rpps), "--impute-activity", "--population", str(pop), "--population-kind",
            "standardised", "--population-year", "2021", "--points", str(points)]  # fmt: skip
    base += [a for d in region for a in ("--departement", d)]
    res = CliRunner().invoke(main, [*base, "--output", str(tmp_path / "refused.csv")])
    assert res.exit_code == 1 and f"départements {', '.join(missing)} du territoire" in res.output, res.output
    assert not (tmp_path / "refused.csv").exists()
    apl_path = tmp_path / "apl_na.csv"
    res = CliRunner().invoke(main, [*base, "--partial-supply", "--output", str(apl_path)])
    assert res.exit_code == 0, res.output
    statement = f"Offre partielle déclarée : aucun médecin généraliste dans les départements {', '.join(missing)} ;"
    assert f"Attention : {statement}" in res.output
    apl = csv_format.read_csv(apl_path)
    assert apl[PARTIAL_SUPPLY_COLUMN].str.startswith(statement).all()
    zoning = ["zoning", "--apl", str(apl_path), "--apl-column", "apl", "--appartenance", str(appartenance)]
    res = CliRunner().invoke(main, [*zoning, "--output-dir", str(tmp_path / "z1")])
    assert res.exit_code == 1 and f"départements {', '.join(missing)} du territoire" in res.output, res.output
    res = CliRunner().invoke(main, [*zoning, "--partial-supply", "--output-dir", str(tmp_path / "z2")])
    assert res.exit_code == 0, res.output
    assert f"Attention : {statement}" in res.output
    report = (tmp_path / "z2" / "rapport.html").read_text(encoding="utf-8")
    assert html.escape(statement) in report.split("<h2>", 1)[0]  # above the first section
    for path in (tmp_path / "z2").glob("*.csv"):
        table = csv_format.read_csv(path)
        assert table[PARTIAL_SUPPLY_COLUMN].str.startswith(statement).all(), path.name
