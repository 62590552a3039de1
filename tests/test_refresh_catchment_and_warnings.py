"""The refresh's catchment radius, its data warnings (report, result, console) and its territory selection."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main
from access_map.config import ConfigError, parse_config
from access_map.refresh import run_refresh


def _config(tmp_path: Path, **extra):
    data = {
        "name": "t",
        "sources": {"demo": True},
        "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
        "outputs": {
            "directory": str(tmp_path / "out"),
            "maps_directory": str(tmp_path / "maps"),
            "png": False,
            "raster": False,
            "table_formats": ["csv"],
        },
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return parse_config(data, base_dir=tmp_path)


def test_a_travel_radius_below_the_apl_catchment_is_refused(tmp_path):
    # issue 11: [travel] max_minutes = 12 silently changed every APL of the demo
    with pytest.raises(
        ConfigError, match=r"travel.max_minutes = 12 est en dessous de l'aire de recours de medecin_generaliste \(20"
    ):
        run_refresh(_config(tmp_path, travel={"max_minutes": 12}))
    assert not (tmp_path / "out").exists()


def test_an_explicit_catchment_change_is_applied_and_reported(tmp_path):
    base = run_refresh(_config(tmp_path / "a"))
    cfg = _config(
        tmp_path / "b",
        professions=[{"name": "medecin_generaliste", "max_ages": [0, 65], "catchment_minutes": 12}],
        msp={"minutes": [10]},
    )
    res = run_refresh(cfg)
    a = csv_format.read_csv(tmp_path / "a" / "out" / "apl_communes.csv").set_index("code_commune")
    b = csv_format.read_csv(tmp_path / "b" / "out" / "apl_communes.csv").set_index("code_commune")
    assert (a["medecin_generaliste__apl"] != b["medecin_generaliste__apl"]).mean() > 0.5  # the change is real
    assert any("changée explicitement à 12 min" in n for n in res.notes)
    assert "changée explicitement à 12 min" in (tmp_path / "b" / "out" / "rapport.html").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "b" / "out" / "provenance.json").read_text())["travel_max_minutes"] == 12.0
    assert base.notes == []


def test_data_warnings_reach_the_report_the_result_and_the_console(tmp_path):
    # professions whose catchment is "to verify" warn; that warning used to be silenced
    cfg = _config(tmp_path, professions=[{"name": "medecin_generaliste", "max_ages": [0, 65]}, {"name": "infirmier"}])
    with pytest.warns(UserWarning, match="les paramètres de l'aire de recours ne sont pas publiés"):
        res = run_refresh(cfg)
    assert any("Infirmiers" in w and "à vérifier" in w for w in res.warnings)
    report = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    assert "Avertissements sur les données (1)" in report and "Infirmiers" in report
    prov = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert prov["warnings"] == res.warnings
    toml = tmp_path / "t.toml"
    toml.write_text(
        'name = "t"\n[sources]\ndemo = true\n[[professions]]\nname = "medecin_generaliste"\nmax_ages = [0, 65]\n'
        '[[professions]]\nname = "infirmier"\n'
        f'[outputs]\ndirectory = "{tmp_path / "o2"}"\nmaps_directory = "{tmp_path / "m2"}"\npng = false\n'
        'raster = false\ntable_formats = ["csv"]\n',
        encoding="utf-8",
    )
    out = CliRunner().invoke(main, ["refresh", "--config", str(toml)])
    assert out.exit_code == 0, out.output
    assert "Attention : paramètres d'APL pour Infirmiers" in out.output


def test_the_source_code_never_silences_warnings():
    # doctest lines and prose excepted: no statement of the package switches every warning off (a filter
    # naming one library message, such as mapclassify's "Numba not installed", is not a data warning)
    src = Path(__file__).resolve().parents[1] / "src"
    statements = ('warnings.simplefilter("ignore")', 'warnings.filterwarnings("ignore")')
    offenders = [
        f"{p.relative_to(src)}:{n}"
        for p in src.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip().startswith(statements)
    ]
    assert offenders == []


def test_territory_selection_in_the_config_and_on_the_command_line(tmp_path):
    res = run_refresh(_config(tmp_path, departements=["96"]))
    apl = csv_format.read_csv(tmp_path / "out" / "apl_communes.csv")
    assert set(apl["code_departement"]) == {"96"}
    assert res.headline["communes"] == len(apl)
    assert any("département(s) 96" in n and "communes voisines" in n for n in res.notes)
    # the APL of the selection is computed with its neighbours: equal to the whole-territory APL
    whole = run_refresh(_config(tmp_path / "whole"))
    full = csv_format.read_csv(tmp_path / "whole" / "out" / "apl_communes.csv").set_index("code_commune")
    sel = apl.set_index("code_commune")
    pd.testing.assert_series_equal(
        sel["medecin_generaliste__apl"], full.loc[sel.index, "medecin_generaliste__apl"], check_exact=False, rtol=1e-12
    )
    assert whole.headline["communes"] > len(apl)
    with pytest.raises(ConfigError, match="departements doit être une liste"):
        _config(tmp_path, departements="96")
    with pytest.raises(ConfigError, match="mal formé"):
        _config(tmp_path, regions=["7x"])
