"""``access-map zoning`` round trips with click's CliRunner (and once as a subprocess)."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path):
    # region 75, 1,000 inhabitants; caps ZIP 40 % (400), ZAC 30 % (300)
    # A APL 2.0 (100) -> ZIP A; B 3.0 (300) -> 100 + 300 = 400 <= 400 -> ZIP B;
    # C 3.5 (300) -> ZAC (300 = cap); D 5.0 (300) -> HV
    apl = write(
        tmp_path / "apl.csv",
        "code_commune;apl;apl_65;demand;supply\n"
        "33001;9;2.0;100;0\n33002;9;3.0;300;0\n33003;9;3.5;300;5400\n33004;9;5.0;300;4000\n",
    )
    pop = write(
        tmp_path / "pop.csv",
        "REG;DEP;COM;PMUN;PCAP;PTOT\n"
        "75;33;33001;100;0;100\n75;33;33002;300;0;300\n75;33;33003;300;0;300\n75;33;33004;300;0;300\n",
    )
    tvs = write(
        tmp_path / "tvs.csv", "code_commune;code_tvs;libelle_tvs\n33001;TA;Aa\n33002;TB;Bb\n33003;TC;Cc\n33004;TD;Dd\n"
    )
    caps = write(tmp_path / "caps.csv", "code_region;part_max_zip;part_max_zac\n75;0,4;0,3\n")
    prev = write(
        tmp_path / "prev.csv",
        "code_commune;libelle_commune;code_tvs;zonage\n"
        "33001;Aa;TA;1_ZIP\n33002;Bb;TB;5_ZV\n33003;Cc;TC;5_ZV\n33004;Dd;TD;6_HZ\n",
    )
    return dict(apl=apl, pop=pop, tvs=tvs, caps=caps, prev=prev, out=tmp_path / "out")


def args(inp, *extra):
    return [
        "zoning",
        "--apl",
        str(inp["apl"]),
        "--population",
        str(inp["pop"]),
        "--tvs",
        str(inp["tvs"]),
        "--caps",
        str(inp["caps"]),
        "--output-dir",
        str(inp["out"]),
        *extra,
    ]


def read(path: Path) -> pd.DataFrame:
    return csv_format.read_csv(path)


def test_cli_round_trip_with_diff(inputs):
    res = CliRunner().invoke(main, args(inputs, "--previous", str(inputs["prev"])))
    assert res.exit_code == 0, res.output
    out = inputs["out"]
    assert sorted(p.name for p in out.iterdir()) == [
        "changes.csv",
        "diff.csv",
        "national_selection.csv",
        "rapport.html",
        "regions.csv",
        "rules.csv",
        "summary.csv",
        "tvs_categories.csv",
        "violations.csv",
        "zoning_communes.csv",
        "zoning_tvs.csv",
    ]
    communes = read(out / "zoning_communes.csv").set_index("code_commune")
    assert communes["drees_code"].to_dict() == {"33001": "1_ZIP", "33002": "1_ZIP", "33003": "2_ZAC", "33004": "6_HZ"}
    assert communes["apl"].tolist() == [2.0, 3.0, 3.5, 5.0]  # apl_65 chosen by default, not apl (9)
    tvs = read(out / "zoning_tvs.csv").set_index("code_tvs")
    assert tvs["subclass"].to_dict() == {"TA": "ZIP_A", "TB": "ZIP_B", "TC": "ZAC", "TD": "HV"}
    s = read(out / "summary.csv").query("code_region == 'national'").set_index("zonage")
    # ZIP: 100/1000 before -> 400/1000 after; ZV 600 -> 0
    assert s.loc["ZIP", ["share_before", "share_after"]].tolist() == [0.1, 0.4]
    assert s.loc["ZV", "share_after"] == 0.0
    d = read(out / "diff.csv").query("code_region == 'national'").set_index(["before", "after"])
    assert d.loc[("ZV", "ZIP"), "population"] == 300 and d.loc[("ZV", "ZAC"), "population"] == 300
    assert len(read(out / "violations.csv")) == 0
    assert "ZIP : 10,0\u202f% → 40,0\u202f% de la population (+30,0 points)" in res.output
    # no temporary file left behind
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_cli_overwrite_guard_selection_and_strict(inputs, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, args(inputs)).exit_code == 0
    again = runner.invoke(main, args(inputs))
    assert again.exit_code == 2 and "--overwrite" in again.output
    # ARS list puts TC in ZIP too: 100 + 300 + 300 = 700 > 400
    sel = write(tmp_path / "sel.csv", "code_tvs;zonage\nTB;ZIP\nTC;ZIP\n")
    res = runner.invoke(main, args(inputs, "--selection", str(sel), "--overwrite"))
    assert res.exit_code == 0, res.output
    v = read(inputs["out"] / "violations.csv")
    assert v[["rule", "limit", "value", "units"]].values.tolist() == [["zip_cap", 400.0, 700.0, "TB, TC"]]
    assert "1 règle(s) enfreinte(s)" in res.output
    strict = runner.invoke(main, args(inputs, "--selection", str(sel), "--overwrite", "--strict"))
    assert (
        strict.exit_code == 1
        and "population en ZIP de 700 hab. (70,00\u202f%) au-delà du plafond de 400 hab." in strict.output
    )


def test_cli_regional_thresholds_and_errors(inputs):
    runner = CliRunner()
    # thresholds 3.0 / 3.4: A (2.0) and B (3.0 exactly) national; C 3.5 hors vivier
    res = runner.invoke(main, args(inputs, "--zip-threshold", "3.0", "--vivier-threshold", "3.4"))
    assert res.exit_code == 0, res.output
    tvs = read(inputs["out"] / "zoning_tvs.csv").set_index("code_tvs")
    assert tvs["category"].to_dict() == {
        "TA": "national_selection",
        "TB": "national_selection",
        "TC": "hors_vivier",
        "TD": "hors_vivier",
    }
    bad = runner.invoke(main, args(inputs, "--zip-threshold", "3.0", "--overwrite"))
    assert bad.exit_code == 2 and "vont ensemble" in bad.output
    # without the population file there is no region
    no_region = runner.invoke(
        main,
        [
            "zoning",
            "--apl",
            str(inputs["apl"]),
            "--tvs",
            str(inputs["tvs"]),
            "--caps",
            str(inputs["caps"]),
            "--output-dir",
            str(inputs["out"]),
            "--overwrite",
        ],
    )
    assert no_region.exit_code == 1 and "pas de région par commune : donnez --region CODE" in no_region.output
    # --region works, and the caps are then counted on the standardised population (warned)
    ok = runner.invoke(
        main,
        [
            "zoning",
            "--apl",
            str(inputs["apl"]),
            "--tvs",
            str(inputs["tvs"]),
            "--caps",
            str(inputs["caps"]),
            "--output-dir",
            str(inputs["out"]),
            "--overwrite",
            "--region",
            "75",
        ],
    )
    assert ok.exit_code == 0 and "comptés sur la population standardisée" in ok.output
    missing_col = runner.invoke(main, args(inputs, "--apl-column", "apl_60", "--overwrite"))
    assert missing_col.exit_code == 1 and "pas de colonne d'APL 'apl_60'" in missing_col.output


def test_cli_help_as_subprocess():
    import access_map

    src = str(Path(access_map.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run(
        [sys.executable, "-c", "from access_map.cli import main; main()", "zoning", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "--apl-column" in out.stdout and "violations.csv" in out.stdout and "--policy stop" in out.stdout


def test_cli_reads_a_drees_workbook(inputs, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "APL 2023"
    ws.append(["Accessibilité potentielle localisée (APL) aux médecins généralistes"])
    ws.append([])
    ws.append(
        [
            "Code commune INSEE",
            "Commune",
            "APL aux médecins généralistes",
            "APL aux médecins généralistes de 65 ans et moins",
            "Population standardisée 2021 pour la médecine générale",
            "Population totale 2021",
        ]
    )
    # same territory as the CSV fixture: APL <= 65 2.0 / 3.0 / 3.5 / 5.0, populations 100 / 300 / 300 / 300
    for code, apl65, pop in [("33001", 2.0, 100), ("33002", 3.0, 300), ("33003", 3.5, 300), ("33004", 5.0, 300)]:
        ws.append([code, "X", 9.0, apl65, pop, pop])
    path = tmp_path / "apl.xlsx"
    wb.save(path)
    res = CliRunner().invoke(
        main,
        [
            "zoning",
            "--apl",
            str(path),
            "--region",
            "75",
            "--tvs",
            str(inputs["tvs"]),
            "--caps",
            str(inputs["caps"]),
            "--output-dir",
            str(inputs["out"]),
        ],
    )
    assert res.exit_code == 0, res.output
    tvs = read(inputs["out"] / "zoning_tvs.csv").set_index("code_tvs")
    assert tvs["subclass"].to_dict() == {"TA": "ZIP_A", "TB": "ZIP_B", "TC": "ZAC", "TD": "HV"}
    assert "colonne « population » de apl.xlsx" in res.output


def test_cli_population_file_with_several_years(inputs, tmp_path):
    # DREES layout: two years; the 2016 rows carry the weights used here (same as the fixture)
    pop = write(
        tmp_path / "std.csv",
        "annee_population;code_commune;commune;pop_standardisee;pop_totale\n"
        "2014;33001;a;1;1\n2014;33002;b;1;1\n2014;33003;c;1;1\n2014;33004;d;1;1\n"
        "2016;33001;a;100;100\n2016;33002;b;300;300\n2016;33003;c;300;300\n2016;33004;d;300;300\n",
    )
    base = [
        "zoning",
        "--apl",
        str(inputs["apl"]),
        "--population",
        str(pop),
        "--region",
        "75",
        "--tvs",
        str(inputs["tvs"]),
        "--caps",
        str(inputs["caps"]),
        "--output-dir",
        str(inputs["out"]),
    ]
    runner = CliRunner()
    res = runner.invoke(main, base)
    assert (
        res.exit_code == 1
        and "plusieurs années (2014, 2016) ; choisissez-en une (standardised_population_year = ... dans la configuration, "
        "--population-year"
        in res.output
    )
    res = runner.invoke(main, [*base, "--population-year", "2016"])
    assert res.exit_code == 0, res.output
    tvs = read(inputs["out"] / "zoning_tvs.csv").set_index("code_tvs")
    assert tvs["subclass"].to_dict() == {"TA": "ZIP_A", "TB": "ZIP_B", "TC": "ZAC", "TD": "HV"}
    # read by the library's DREES reader: pop_standardisee -> standardised_population, pop_totale -> population
    assert (
        "colonne « standardised_population » de std.csv" in res.output
        and "colonne « population » de std.csv" in res.output
    )


def test_cli_partial_selection_completed_by_the_policy(inputs, tmp_path):
    # ARS list names only TC as ZIP: 100 (TA) + 300 = 400 = ZIP cap, so no ZIP room is left;
    # with --complete-with-policy the unlisted vivier TB (300) goes to ZAC (room 300); without it TB is ZV.
    sel = write(tmp_path / "partial.csv", "code_tvs;zonage\nTC;ZIP\n")
    runner = CliRunner()
    res = runner.invoke(main, args(inputs, "--selection", str(sel), "--complete-with-policy"))
    assert res.exit_code == 0, res.output
    tvs = read(inputs["out"] / "zoning_tvs.csv").set_index("code_tvs")
    assert tvs["subclass"].to_dict() == {"TA": "ZIP_A", "TB": "ZAC", "TC": "ZIP_B", "TD": "HV"}
    assert tvs.loc["TB", "decided_by"] == "policy"
    res = runner.invoke(main, args(inputs, "--selection", str(sel), "--overwrite"))
    assert res.exit_code == 0, res.output
    assert read(inputs["out"] / "zoning_tvs.csv").set_index("code_tvs").loc["TB", "subclass"] == "ZV"


# --------------------------------------------------------------------------- --five-levels mode


@pytest.fixture
def indicator(tmp_path):
    # 10 territories of 100 inhabitants; indicator BV01 10.5 ... BV10 1.5 (French decimal commas),
    # so ranks (least served first) are BV10, BV09, ..., BV01; aliases code_bv / APL / pop.
    lines = ["code_bv;libelle;APL;pop"] + [f"BV{k:02d};t{k};{11 - k},5;100" for k in range(1, 11)]
    return write(tmp_path / "indicator.csv", "\n".join(lines) + "\n")


def test_cli_five_levels_round_trip(indicator, tmp_path):
    # infirmiers 2020: boundaries 0.053, 0.147, 0.513, 0.717 (cumulated 5.3 / 9.4 / 36.6 / 20.4 %).
    # midpoints by rank: 0.05 -> 1; 0.15 -> 3 (> 0.147); 0.25, 0.35, 0.45 -> 3; 0.55, 0.65 -> 4; 0.75..0.95 -> 5
    out = tmp_path / "five"
    runner = CliRunner()
    res = runner.invoke(
        main, ["zoning", "--five-levels", "infirmiers_2020", "--indicator", str(indicator), "--output-dir", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["five_levels.csv"]  # no temporary file left
    z = csv_format.read_csv(out / "five_levels.csv").set_index("code")
    assert z["level"].to_dict() == {
        "BV10": 1,
        "BV09": 3,
        "BV08": 3,
        "BV07": 3,
        "BV06": 3,
        "BV05": 4,
        "BV04": 4,
        "BV03": 5,
        "BV02": 5,
        "BV01": 5,
    }
    assert z.loc["BV10", ["indicator", "population", "rank", "libelle"]].tolist() == [1.5, 100, 1, "Très sous-doté"]
    # achieved 10 % (1 territory) in très sous-doté against 5.3 %; none in sous-doté against 9.4 %
    assert "Très sous-doté : 10,0\u202f% de la population (cible 5,3\u202f%)" in res.output
    assert "Sous-doté : 0,0\u202f% de la population (cible 9,4\u202f%)" in res.output
    # overwrite guard, then first-inhabitant boundary: starts 0, 0.1, ..., 0.9 ->
    # 0 -> 1; 0.1 -> 2; 0.2..0.5 -> 3 (0.5 < 0.513); 0.6, 0.7 -> 4 (0.7 < 0.717); 0.8, 0.9 -> 5
    base = ["zoning", "--five-levels", "infirmiers_2020", "--indicator", str(indicator), "--output-dir", str(out)]
    again = runner.invoke(main, base)
    assert again.exit_code == 2 and "five_levels.csv existe déjà" in again.output
    res = runner.invoke(main, [*base, "--boundary", "first_inhabitant", "--overwrite"])
    assert res.exit_code == 0, res.output
    z = csv_format.read_csv(out / "five_levels.csv").set_index("code")
    assert z["level"].to_dict() == {
        "BV10": 1,
        "BV09": 2,
        "BV08": 3,
        "BV07": 3,
        "BV06": 3,
        "BV05": 3,
        "BV04": 4,
        "BV03": 4,
        "BV02": 5,
        "BV01": 5,
    }


def test_cli_five_levels_options_do_not_mix(inputs, indicator, tmp_path):
    runner = CliRunner()
    mixed = runner.invoke(
        main,
        [
            "zoning",
            "--five-levels",
            "sages_femmes_2019",
            "--indicator",
            str(indicator),
            "--caps",
            str(inputs["caps"]),
            "--policy",
            "stop",
            "--output-dir",
            str(tmp_path),
        ],
    )
    assert mixed.exit_code == 2 and "--caps, --policy relèvent du zonage des médecins" in mixed.output
    no_ind = runner.invoke(main, ["zoning", "--five-levels", "sages_femmes_2019", "--output-dir", str(tmp_path)])
    assert no_ind.exit_code == 2 and "--five-levels demande --indicator FICHIER" in no_ind.output
    stray = runner.invoke(main, args(inputs, "--indicator", str(indicator)))
    assert stray.exit_code == 2 and "--indicator ne vont qu’avec --five-levels" in stray.output
    no_gp = runner.invoke(main, ["zoning", "--apl", str(inputs["apl"]), "--output-dir", str(tmp_path)])
    assert no_gp.exit_code == 2 and "option --tvs (la composition des TVS) ou --appartenance" in no_gp.output
    assert not (tmp_path / "five_levels.csv").exists()


def test_cli_five_levels_bad_indicator_file(tmp_path):
    runner = CliRunner()
    no_pop = write(tmp_path / "nopop.csv", "code;indicator\nA;1\nB;2\n")
    res = runner.invoke(
        main,
        [
            "zoning",
            "--five-levels",
            "orthophonistes_2018",
            "--indicator",
            str(no_pop),
            "--output-dir",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 1 and "population" in res.output
    dup = write(tmp_path / "dup.csv", "code;indicator;population\nA;1;10\nA;2;10\n")
    res = runner.invoke(
        main,
        [
            "zoning",
            "--five-levels",
            "orthophonistes_2018",
            "--indicator",
            str(dup),
            "--output-dir",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 1 and "vide(s) ou en double 'A'" in res.output
    assert not (tmp_path / "o").exists()


def test_cli_names_the_apl_column_used_and_prints_the_report_warnings(inputs, tmp_path):
    # ZIP cap 5 % of 1,000 = 50 < TA's 100 residents in the mandatory national selection (APL 2.0):
    # not an error of any choice, a warning (national_selection_above_zip_cap) that must reach the console.
    # TB (300) and TC (300) find no ZIP room; ZAC cap 30 % = 300 -> TB ZAC, TC ZV.
    caps = write(tmp_path / "caps5.csv", "code_region;part_max_zip;part_max_zac\n75;0,05;0,3\n")
    res = CliRunner().invoke(main, args({**inputs, "caps": caps}))
    assert res.exit_code == 0, res.output
    assert "Attention : région 75, national_selection_above_zip_cap : " in res.output
    assert "0 règle(s) enfreinte(s), 1 avertissement(s) — voir violations.csv" in res.output
    # the zoning ran on apl_65 (chosen by default) and every output says so, not "apl"
    assert "(colonne APL apl_65)" in res.output
    assert "Colonne d'APL : apl_65" in html.unescape((inputs["out"] / "rapport.html").read_text(encoding="utf-8"))
    tvs = read(inputs["out"] / "zoning_tvs.csv").set_index("code_tvs")
    assert tvs["subclass"].to_dict() == {"TA": "ZIP_A", "TB": "ZAC", "TC": "ZV", "TD": "HV"}


def test_cli_prints_each_note_once(inputs, tmp_path):
    # 33005 has no standardised population (weight 0): national_zoning and the zoning report both note it
    apl = write(tmp_path / "apl0.csv", inputs["apl"].read_text(encoding="utf-8") + "33005;9;4.0;0;0\n")
    pop = write(tmp_path / "pop0.csv", inputs["pop"].read_text(encoding="utf-8") + "75;33;33005;10;0;10\n")
    tvs = write(tmp_path / "tvs0.csv", inputs["tvs"].read_text(encoding="utf-8") + "33005;TD;Dd\n")
    res = CliRunner().invoke(main, args({**inputs, "apl": apl, "pop": pop, "tvs": tvs}))
    assert res.exit_code == 0, res.output
    notes = [line for line in res.output.splitlines() if line.startswith("Note : ")]
    assert any("sans population standardisée" in n for n in notes)
    assert len(notes) == len(set(notes)), notes
