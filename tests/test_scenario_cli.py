"""``access-map scenario --config scenario.toml``: in process (CliRunner) and once as a subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.config import ConfigError
from access_map.csv_format import read_csv
from access_map.datasets.demo import XSS_COMMUNE_NAME
from access_map.scenario.config import parse_scenario_config

CONFIG = """
label = "Démo — scénarios"
territory = "demo"

[baseline]
vintage = 2023
max_age = 65

[[scenarios]]
name = "retraites_62"
label = "Départ des médecins de 62 ans et plus d'ici 3 ans"
changes = [{ kind = "retirement", min_age = 62, horizon_years = 3 }]

[[scenarios]]
name = "msp"
label = "Une MSP de 4 médecins"
changes = [{ kind = "open_msp", commune = "96150", practitioners = 4, acts_per_practitioner = 5000 }]

[[scenarios]]
name = "vieillissement"
changes = [{ kind = "age_bands", factors = { age_75_79 = 1.2, age_80_84 = 1.3 } }, { kind = "travel", factor = 1.1 }]

[placement]
sites = 3
capacity_acts = 20000
objective = "lifted"

[uncertainty]
draws = 50
seed = 1

[outputs]
directory = "out"
maps_directory = "maps"
"""


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("scenario")
    (root / "scenario.toml").write_text(CONFIG, encoding="utf-8")
    result = CliRunner().invoke(main, ["scenario", "--config", str(root / "scenario.toml")])
    assert result.exit_code == 0, result.output
    return root, result.output


def test_cli_writes_tables_maps_and_report(ran) -> None:
    root, output = ran
    out, maps = root / "out", root / "maps"
    for name in ("retraites_62", "msp", "vieillissement"):
        communes = read_csv(out / f"scenario_{name}_communes.csv", index_col="code_commune")
        assert len(communes) == 600
        assert (communes["apl_apres"] - communes["apl_avant"] - communes["variation_apl"]).abs().max() < 1e-8
        assert (out / f"scenario_{name}_tvs.csv").exists() and (out / f"scenario_{name}_franchissements.csv").exists()
        assert (maps / f"delta_apl_{name}.png").stat().st_size > 10_000
        page = (maps / f"delta_apl_{name}.html").read_text(encoding="utf-8")
        assert "ΔAPL" in page and "unpkg" not in page  # legend title; self-contained
    retire = read_csv(out / "scenario_retraites_62_communes.csv")
    assert retire["variation_apl"].max() <= 1e-12 and retire["variation_apl"].min() < -0.5
    msp = read_csv(out / "scenario_msp_communes.csv", index_col="code_commune")
    assert msp.loc["96150", "variation_apl"] > 0
    steps = read_csv(out / "placement_etapes.csv")
    assert len(steps) == 3 and (steps["gain"] >= 0).all()
    unc = read_csv(out / "incertitude_communes.csv")
    assert unc["probabilite_apl_sous_seuil"].between(0, 1).all()
    assert (unc["apl_centile_5"] <= unc["apl_centile_95"] + 1e-12).all()
    assert (maps / "probabilite_apl_sous_seuil.png").exists() and (
        maps / "probabilite_selection_nationale.png"
    ).exists()
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Scénarios" in report and "Départ des médecins de 62 ans" in report and "Placement de 3" in report
    assert re.search(r"Rapport produit le \d{2}/\d{2}/\d{4} par access_map", report)
    assert "@page{size:A4 portrait" in report  # prints on A4
    assert "delta_apl_retraites_62.png" in report and "Incertitude (50 tirages, graine 1" in report
    assert "retraites_62: ΔAPL moyen" in output and "placement :" in output
    # French numbers on the console, as in the report: decimal comma, narrow no-break space between thousands
    assert re.search(r"retraites_62: ΔAPL moyen [+-]?\d+,\d{3} ; population passant sous 2,5 : [\d\u202f]+,", output)
    assert re.search(r"incertitude : 50 tirages en \d+,\d s", output)


def test_report_escapes_names_from_input_files(ran) -> None:
    root, _ = ran
    report = (root / "out" / "rapport.html").read_text(encoding="utf-8")
    assert XSS_COMMUNE_NAME not in report  # the payload never appears raw (escaped wherever it is shown)
    assert "<script" not in report.lower()


def test_cli_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'territory = "demo"\n[[scenarios]]\nname = "x"\nchanges = [{ kind = "teleport" }]\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["scenario", "--config", str(bad)])
    assert result.exit_code == 1 and "kind doit être l'un de" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["scenario", "--config", str(tmp_path / "absent.toml")])
    assert result.exit_code == 1 and "introuvable" in result.output
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(
        'territory = "demo"\n[[scenarios]]\nname = "x"\nchanges = [{ kind = "open_msp", commune = "99999" }]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["scenario", "--config", str(unknown)])
    assert result.exit_code == 1 and "99999" in result.output and "Traceback" not in result.output
    # the message names the file and the scenario whose change is wrong
    assert f"{unknown} : 1 commune inconnue(s) du territoire : 99999 (scenarios[0] (x).changes[0])" in result.output


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("[placement]\nsites = 0\n", r"bad\.toml : \[placement\] sites = 0.0 est hors bornes : attendu entre 1 et 100"),
        ("[placement]\ncapacity_acts = -5\n", r"bad\.toml : \[placement\] capacity_acts = -5.0 est hors bornes"),
        ("[uncertainty]\ntravel_sigma = -0.2\n", r"bad\.toml : \[uncertainty\] : .*travel_sigma=-0\.2"),
        (
            "[uncertainty]\ndraws = 0\n",
            r"bad\.toml : \[uncertainty\] draws = 0.0 est hors bornes : attendu entre 1 et 10",
        ),
    ],
)
def test_placement_and_uncertainty_errors_name_the_file_and_key(tmp_path: Path, section: str, expected: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('territory = "demo"\n' + section, encoding="utf-8")
    result = CliRunner().invoke(main, ["scenario", "--config", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(expected, result.output), result.output


def test_config_validation() -> None:
    with pytest.raises(ConfigError, match="clé\\(s\\) inconnue"):
        parse_scenario_config({"territory": "demo", "placement": {"sites": 2, "radius": 3}})
    with pytest.raises(ConfigError, match="objective"):
        parse_scenario_config({"territory": "demo", "placement": {"objective": "nearest"}})
    with pytest.raises(ConfigError, match="unique"):
        parse_scenario_config(
            {
                "territory": "demo",
                "scenarios": [{"name": "a", "changes": [{"kind": "close_site", "commune": "96001"}]}] * 2,
            }
        )
    with pytest.raises(ConfigError, match=r"ProjectAgeBands : tranche\(s\) d'âge inconnue\(s\) age_200"):
        parse_scenario_config(
            {
                "territory": "demo",
                "scenarios": [{"name": "a", "changes": [{"kind": "age_bands", "factors": {"age_200": 1.0}}]}],
            }
        )
    cfg = parse_scenario_config({"territory": "demo", "baseline": {"max_age": 0}})
    assert cfg.max_age is None


def test_cli_as_a_subprocess(tmp_path: Path) -> None:
    config = tmp_path / "scenario.toml"
    config.write_text(
        'territory = "demo"\n[[scenarios]]\nname = "fermeture"\nchanges = [{ kind = "close_site", commune = "96132" }]\n'
        '[outputs]\ndirectory = "o"\nmaps_directory = "m"\n',
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-c", "from access_map.cli import main; main()", "scenario", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "fermeture: ΔAPL moyen" in proc.stdout
    assert (tmp_path / "o" / "rapport.html").exists()


def test_report_tables_speak_french_and_link_every_table(ran) -> None:
    """Audit: the report's tables showed the CSV column names (population_fell_le_2.5, code_tvs,
    category_before, tie_break_gain, p_national_selection…) and listed the CSV files without links."""
    import re

    root, _ = ran
    out = root / "out"
    report = (out / "rapport.html").read_text(encoding="utf-8")
    headers = re.findall(r"<table><tr>(.*?)</tr>", report)
    assert len(headers) >= 5
    for row in headers:
        for cell in re.findall(r"<th>(.*?)</th>", row):
            assert "_" not in cell, cell
    assert "population passant sous 2,5" in report and "catégorie avant" in report
    for csv in sorted(out.glob("*.csv")):
        assert f'<a href="{csv.name}">' in report, csv.name


def test_static_map_legends_name_what_they_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit: the ΔAPL and probability images had a legend titled « Valeur » without unit."""
    import access_map.maps.static as static

    seen: dict[str, tuple[str, str]] = {}
    draw = static.draw_static

    def spy(geo, colors, legend, **kw):
        seen[Path(kw["path"]).stem] = (kw["legend_title"], kw["unit"])
        return draw(geo, colors, legend, **kw)

    monkeypatch.setattr(static, "draw_static", spy)
    config = CONFIG.replace("draws = 50", "draws = 5").replace("sites = 3", "sites = 1")
    (tmp_path / "scenario.toml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, ["scenario", "--config", str(tmp_path / "scenario.toml")])
    assert result.exit_code == 0, result.output
    assert seen["delta_apl_msp"] == ("ΔAPL", "consultations/an/habitant standardisé")
    assert seen["delta_apl_placement"][0] == "ΔAPL"
    assert seen["probabilite_apl_sous_seuil"][0] == seen["probabilite_selection_nationale"][0] == "Probabilité"


def test_delta_classes_separate_a_local_change() -> None:
    """Audit: a new MSP changes the APL of a few communes only; the breaks came from the 95th
    percentile of |ΔAPL| over every commune (mostly 0), so +0.03 and +2.38 fell in one class
    « supérieure à 0,025 »."""
    from access_map.scenario.report import delta_thresholds

    delta = pd.Series([0.0] * 570 + [0.03] * 10 + [0.4] * 10 + [2.38] * 10)
    breaks = delta_thresholds(delta)
    assert breaks == sorted(breaks) and breaks[0] == -breaks[-1]
    # the small, the medium and the large gains fall in three different classes
    classes = {v: sum(b < v for b in breaks) for v in (0.03, 0.4, 2.38)}
    assert len(set(classes.values())) == 3, (breaks, classes)
    assert breaks[-1] >= 2.38 / 2.5  # the largest gain is within the scale, not 100× beyond it
