"""``access-map apl``: in-process round trips (CliRunner) and one real subprocess run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import Point, box

from access_map import csv_format
from access_map.cli.apl import apl_command
from access_map.schema import AGE_BANDS

CODES = ["33001", "33002", "33003", "33004"]
# same geometry of times as tests/test_apl.py: 10.0, 15.0 and 20.0 minutes from 33001
EDGES = [("33001", "33002", 10.0), ("33001", "33003", 15.0), ("33001", "33004", 20.0),
         ("33002", "33003", 5.0), ("33002", "33004", 25.0), ("33003", "33004", 12.0)]  # fmt: skip
# standardised demand 1000, 500, 2000, 300: everybody in the 55-59 band (2023 weight 1.15), population = demand / 1.15


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    times = pd.DataFrame(
        [(c, c, 0.0) for c in CODES] + EDGES + [(b, a, t) for a, b, t in EDGES],
        columns=["origin", "destination", "minutes"],
    )
    times.to_csv(tmp_path / "times.csv", sep=";", index=False)
    pop = pd.DataFrame(0.0, index=pd.Index(CODES, name="code_commune"), columns=list(AGE_BANDS))
    pop["age_55_59"] = np.array([1000.0, 500.0, 2000.0, 300.0]) / 1.15
    pop.to_csv(tmp_path / "pop_age.csv", sep=";")
    pd.DataFrame({"code_commune": CODES, "standardised_population": [1000.0, 500.0, 2000.0, 300.0]}).to_csv(
        tmp_path / "pop_std.csv", index=False
    )
    # 33001: one GP with 7,000 acts (-> 6,000), 33003: one GP of 70 with 3,000 acts (-> 3,600) and a
    # new GP of 40 splitting 5,400 between 33001 (0.5) and 33003 (0.5)
    (tmp_path / "activite.csv").write_text(
        "identifiant_pp;code_commune;profession;actes;age;nouvel_installe;centre_sante;etp;part_activite\n"
        "1;33001;medecin_generaliste;7000;50;0;0;;\n"
        "2;33003;medecin_generaliste;3000;70;0;0;;\n"
        "3;33001;medecin_generaliste;;40;1;0;;0.5\n"
        "3;33003;medecin_generaliste;;40;1;0;;0.5\n",
        encoding="utf-8",
    )
    pd.DataFrame({"code_commune": CODES[:1], "supply": [6000.0]}).to_csv(tmp_path / "supply.csv", sep=";", index=False)
    return {
        k: tmp_path / f
        for k, f in [
            ("times", "times.csv"),
            ("age", "pop_age.csv"),
            ("std", "pop_std.csv"),
            ("activity", "activite.csv"),
            ("supply", "supply.csv"),
        ]
    }


def expected_apl(s1: float, s3: float) -> np.ndarray:
    # decay: 10.0 -> 2/3, 15.0 -> 1/3, 20.0 -> 0, 5 -> 1, 12 -> 2/3, 25 -> 0
    # D_33001 = 1000 + 500·2/3 + 2000/3 = 2000; D_33003 = 1000/3 + 500 + 2000 + 300·2/3 = 9100/3
    r1, r3 = s1 / 2000, s3 / (9100 / 3)
    return np.array([r1 + r3 / 3, 2 / 3 * r1 + r3, r1 / 3 + r3, 2 / 3 * r3])


def test_round_trip_csv_with_variants(files, tmp_path):
    out = tmp_path / "out" / "apl.csv"
    result = CliRunner().invoke(
        apl_command,
        [
            "--population",
            str(files["age"]),
            "--supply",
            str(files["activity"]),
            "--times",
            str(files["times"]),
            "--output",
            str(out),
            "--variants",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "calcul de l'APL" in result.output and "apl : moyenne pondérée par la demande" in result.output
    table = csv_format.read_csv(out).set_index("code_commune")
    assert table.columns.tolist() == ["apl", "apl_65", "apl_62", "apl_60", "demand", "supply"]
    np.testing.assert_allclose(table["demand"], [1000, 500, 2000, 300], rtol=1e-6)
    # all ages: 33001 = 6,000 + 2,700 = 8,700; 33003 = 3,600 + 2,700 = 6,300
    np.testing.assert_allclose(table["apl"], expected_apl(8700, 6300), rtol=1e-5)
    # <= 65: the GP of 70 leaves: 33003 = 2,700
    np.testing.assert_allclose(table["apl_65"], expected_apl(8700, 2700), rtol=1e-5)
    assert table["supply"].tolist() == [8700.0, 0.0, 6300.0, 0.0]
    assert not list(out.parent.glob(".apl.csv.*"))  # no temporary file left


def test_round_trip_communes_supply_points_and_geopackage(files, tmp_path):
    # points 5 km apart in a row along x: 2 + 1.32 x 5 = 8.6 min between neighbours,
    # 2 + 1.32 x 10 = 15.2 between 33001 and 33003, 33004 at 15 km = 21.8 -> out of reach of 33001
    pts = gpd.GeoDataFrame({"INSEE_COM": CODES}, geometry=[Point(5000 * k, 0) for k in range(4)], crs=2154)
    pts.to_file(tmp_path / "points.gpkg")
    polys = gpd.GeoDataFrame(
        {"INSEE_COM": CODES, "NOM": list("ABCD"), "INSEE_DEP": "33", "INSEE_REG": "75"},
        geometry=[box(5000 * k - 2500, -2500, 5000 * k + 2500, 2500) for k in range(4)],
        crs=2154,
    )
    polys.to_file(tmp_path / "communes.gpkg", layer="commune")
    out = tmp_path / "apl.gpkg"
    result = CliRunner().invoke(
        apl_command,
        [
            "--population",
            str(files["std"]),
            "--population-kind",
            "standardised",
            "--supply",
            str(files["supply"]),
            "--supply-kind",
            "communes",
            "--points",
            str(tmp_path / "points.gpkg"),
            "--output",
            str(out),
            "--geometry",
            str(tmp_path / "communes.gpkg"),
        ],
    )
    assert result.exit_code == 0, result.output
    gdf = gpd.read_file(out, layer="apl").set_index("code_commune")
    # 6,000 acts in 33001; f(8.6) = 1, f(15.2) = 1/3, f(21.8) = 0 -> D = 1000 + 500 + 2000/3 = 6500/3
    r = 6000 / (6500 / 3)
    np.testing.assert_allclose(gdf.loc[CODES, "apl"], [r, r, r / 3, 0.0], rtol=1e-9)
    assert gdf.crs.to_epsg() == 2154 and len(gdf) == 4


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "donnez soit --times FICHIER, soit --points FICHIER"),
        (["--times", "{times}", "--supply-kind", "communes", "--max-age", "65"], "--max-age demande --supply-kind"),
        (["--times", "{times}", "--output", "{tmp}/x.txt"], "--output doit finir par .csv ou .gpkg"),
        (["--times", "{times}", "--output", "{tmp}/x.gpkg"], "une sortie .gpkg demande --geometry"),
    ],
)
def test_usage_errors(files, tmp_path, extra, message):
    args = ["--population", str(files["age"]), "--supply", str(files["activity"]), "--output", str(tmp_path / "o.csv")]
    args += [a.format(times=files["times"], tmp=tmp_path) for a in extra]
    result = CliRunner().invoke(apl_command, args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_bad_population_file_reports_file_and_column(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code_commune;standardised_population\n33001;12\n33002;-4\n", encoding="utf-8")
    result = CliRunner().invoke(
        apl_command,
        [
            "--population",
            str(bad),
            "--population-kind",
            "standardised",
            "--supply",
            str(files["activity"]),
            "--times",
            str(files["times"]),
            "--output",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 1
    assert "colonne 'standardised_population' de" in result.output and "bad.csv" in result.output
    assert "1 valeur négative (-4.0)" in result.output
    assert not (tmp_path / "o.csv").exists()


def test_help_documents_input_formats():
    result = CliRunner().invoke(apl_command, ["--help"])
    assert result.exit_code == 0
    for text in (
        "identifiant_pp;code_commune;profession;actes",
        "origin;destination;minutes",
        "age_90_plus",
        "pop_standardisee",
        "pour 100 000 femmes",
        "--population-kind",
    ):
        assert text in result.output


def test_subprocess_run(files, tmp_path):
    root = Path(__file__).resolve().parents[1]
    script = root / ".venv" / "bin" / "access-map"
    args = [
        "apl",
        "--population",
        str(files["std"]),
        "--population-kind",
        "standardised",
        "--supply",
        str(files["activity"]),
        "--times",
        str(files["times"]),
        "--output",
        str(tmp_path / "sub.csv"),
    ]
    env = dict(os.environ)
    if script.exists():
        cmd = [str(script), *args]
    else:  # package not installed in the venv: same entry point through the interpreter
        env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), env.get("PYTHONPATH", "")])
        cmd = [sys.executable, "-c", "from access_map.cli import main; main()", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "apl : moyenne pondérée par la demande" in proc.stderr
    table = csv_format.read_csv(tmp_path / "sub.csv")
    np.testing.assert_allclose(table["apl"], expected_apl(8700, 6300), rtol=1e-5)
