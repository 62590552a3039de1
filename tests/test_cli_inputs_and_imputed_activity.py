"""The CLI on practitioner lists without activity (imputed acts) and its one way to read inputs."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import click
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import Point, box

from access_map import csv_format
from access_map.apl import AGE_WEIGHTS
from access_map.cli import main
from access_map.cli.apl import apl_command
from access_map.cli.travel import crowfly_command
from access_map.schema import PROFESSIONS

CODES = ["33001", "33002", "33003", "33004"]
EDGES = [("33001", "33002", 10.0), ("33001", "33003", 15.0), ("33001", "33004", 20.0),
         ("33002", "33003", 5.0), ("33002", "33004", 25.0), ("33003", "33004", 12.0)]  # fmt: skip


def expected_apl(s1: float, s3: float) -> np.ndarray:
    # the geometry of tests/test_cli_apl.py: demand 1000, 500, 2000, 300; decay 10 -> 2/3, 15 -> 1/3, 20 -> 0
    r1, r3 = s1 / 2000, s3 / (9100 / 3)
    return np.array([r1 + r3 / 3, 2 / 3 * r1 + r3, r1 / 3 + r3, 2 / 3 * r3])


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    times = pd.DataFrame(
        [(c, c, 0.0) for c in CODES] + EDGES + [(b, a, t) for a, b, t in EDGES],
        columns=["origin", "destination", "minutes"],
    )
    times.to_csv(tmp_path / "times.csv", sep=";", index=False)
    pd.DataFrame({"code_commune": CODES, "standardised_population": [1000.0, 500.0, 2000.0, 300.0]}).to_csv(
        tmp_path / "pop_std.csv", index=False
    )
    # the 2017 RPPS layout: A practises in 33001; B in 33001 and 33003; a neurologist is not a GP
    (tmp_path / "rpps.csv").write_text(
        "RPPS,FINESS,RaisonSociale,Commune,LibCommune,CodePostal,Specialite,Etablissement\n"
        "A,,CABINET A,33001,X,33000,Spécialiste en Médecine Générale,non\n"
        "B,,CABINET B,33001,X,33000,Spécialiste en Médecine Générale,non\n"
        "B,,CABINET B2,33003,Z,33000,Spécialiste en Médecine Générale,non\n"
        "C,,CABINET C,33003,Z,33000,Neurologie,non\n",
        encoding="utf-8",
    )
    return {"times": tmp_path / "times.csv", "std": tmp_path / "pop_std.csv", "rpps": tmp_path / "rpps.csv"}


def _apl(files: dict[str, Path], out: Path, *extra: str):
    return CliRunner().invoke(
        apl_command,
        [
            "--population",
            str(files["std"]),
            "--population-kind",
            "standardised",
            "--supply",
            str(files["rpps"]),
            "--output",
            str(out),
            *extra,
        ],
    )


def test_apl_from_a_practitioner_list_without_activity(files, tmp_path):
    # without the option: refused, counting practitioners (2), not practitioner x site rows (3)
    refused = _apl(files, tmp_path / "no.csv", "--times", str(files["times"]))
    assert refused.exit_code == 1
    assert "2 praticiens (3 lignes praticien × site" in refused.output and "--impute-activity" in refused.output
    # 5,400 acts each: A all in 33001, B half and half -> supply 8,100 in 33001 and 2,700 in 33003
    res = _apl(files, tmp_path / "apl.csv", "--times", str(files["times"]), "--impute-activity")
    assert res.exit_code == 0, res.output
    assert (
        "Activité imputée : 2 médecins généralistes sans activité connue comptent 5\u202f400 actes chacun" in res.output
    )
    t = csv_format.read_csv(tmp_path / "apl.csv").set_index("code_commune")
    np.testing.assert_allclose(t["apl"], expected_apl(8100, 2700), rtol=1e-5)
    assert t["supply_imputed"].tolist() == t["supply"].tolist() == [8100.0, 0.0, 2700.0, 0.0]
    # a given value: 3,000 acts, counted as 3,600 by the DREES bounds (250-3,600 -> 3,600)
    res = _apl(files, tmp_path / "apl3.csv", "--times", str(files["times"]), "--impute-activity", "3000")
    assert res.exit_code == 0, res.output
    t3 = csv_format.read_csv(tmp_path / "apl3.csv").set_index("code_commune")
    np.testing.assert_allclose(t3["apl"], expected_apl(3600 + 1800, 1800), rtol=1e-5)


def _points(path: Path) -> Path:
    # Lambert-93 points 5 km apart on a line, written in EPSG:4326 with a feature without geometry
    pts = gpd.GeoDataFrame(
        {"code_commune": CODES + ["33005"]},
        geometry=[Point(400_000 + 5_000 * i, 6_400_000) for i in range(4)] + [None],
        crs=2154,
    ).to_crs(4326)
    pts.to_file(path, driver="GeoJSON")
    return path


def test_apl_crow_fly_model_options_are_the_travel_ones(files, tmp_path):
    points = _points(tmp_path / "pts.geojson")
    model = ["--intercept", "0", "--per-km", "2"]  # 5 km -> 10 min, 10 km -> 20 min (weight 0), 15 km out
    res = _apl(files, tmp_path / "a.csv", "--points", str(points), *model, "--impute-activity")
    assert res.exit_code == 0, res.output
    crow = CliRunner().invoke(crowfly_command, ["--points", str(points), "--output", str(tmp_path / "t.csv"), *model])
    assert crow.exit_code == 0, crow.output
    times = csv_format.read_csv(tmp_path / "t.csv", text_columns=["origin", "destination"])
    assert sorted(times.loc[times["origin"] != times["destination"], "minutes"].round(6).unique()) == [10.0, 20.0]
    assert "33005" not in set(times["origin"])  # no geometry: dropped and reported
    times.to_csv(tmp_path / "t2.csv", sep=";", index=False)
    via_table = _apl(files, tmp_path / "b.csv", "--times", str(tmp_path / "t2.csv"), "--impute-activity")
    assert via_table.exit_code == 0, via_table.output
    a = csv_format.read_csv(tmp_path / "a.csv")
    b = csv_format.read_csv(tmp_path / "b.csv")
    pd.testing.assert_frame_equal(a, b)
    default = _apl(files, tmp_path / "c.csv", "--points", str(points), "--impute-activity")
    assert default.exit_code == 0, default.output
    c = csv_format.read_csv(tmp_path / "c.csv")
    assert not np.allclose(a["apl"], c["apl"])  # the options change the result: they are not ignored
    wrong = _apl(files, tmp_path / "d.csv", "--times", str(files["times"]), "--intercept", "1")
    assert wrong.exit_code == 2 and "s'appliquent à --points" in wrong.output


def test_map_reads_geojson_gz_and_selects_a_department(tmp_path):
    communes = gpd.GeoDataFrame(
        {"code": ["33001", "33002", "24001"], "nom": ["A", "B", "C"]},
        geometry=[box(-0.6, 44.8, -0.5, 44.9), box(-0.5, 44.8, -0.4, 44.9), box(0.6, 44.8, 0.7, 44.9)],
        crs=4326,
    )
    plain = tmp_path / "communes.geojson"
    communes.to_file(plain, driver="GeoJSON")
    gz = tmp_path / "communes.geojson.gz"
    with open(plain, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    pd.DataFrame({"code_commune": ["33001", "33002", "24001"], "apl": [2.0, 3.0, 4.0]}).to_csv(
        tmp_path / "apl.csv", sep=";", index=False
    )
    args = ["map", "apl", "--communes", str(gz), "--values", str(tmp_path / "apl.csv")]
    res = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "all.html")])
    assert res.exit_code == 0, res.output  # issue 11: used to be a pyogrio traceback
    res = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "33.html"), "--departement", "33"])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "33.html").read_text(encoding="utf-8")
    assert '"24001"' not in page and "33001" in page
    assert "24001" in (tmp_path / "all.html").read_text(encoding="utf-8")


def _choices(command: click.Command, name: str) -> list[str]:
    (param,) = [p for p in command.params if p.name == name]
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


def test_choices_come_from_the_library_presets():
    assert _choices(apl_command, "profession") == list(PROFESSIONS)
    assert _choices(apl_command, "vintage") == [str(v) for v in sorted(AGE_WEIGHTS)]
    # the shared options carry the same names in every command that reads points or selects a territory
    for command_name in ("refresh", "map", "cpts", "msp"):
        command = main.get_command(click.Context(main), command_name)
        assert {"departements", "regions"} <= {p.name for p in command.params}, command_name
    travel = main.get_command(click.Context(main), "travel")
    for sub in ("crowfly", "osrm"):
        names = {p.name for p in travel.get_command(click.Context(travel), sub).params}
        assert {"points_path", "layer", "code_column"} <= names
    assert {"points_path", "layer", "code_column", "intercept", "per_km"} <= {p.name for p in apl_command.params}


def test_apl_departement_selects_the_output_after_computing_with_the_neighbours(tmp_path):
    # 33001 (1,000 std inhabitants) is 5 min from 24001 (500), where the only GP practises (5,400 imputed acts);
    # 33002 (500) is 12 min from 33001 and 25 min from 24001. D(24001) = 500 + 1,000 = 1,500 -> R = 3.6.
    # APL 33001 = 3.6 (weight 1), 33002 = 0, 24001 = 3.6. Computed on department 33 alone, 33001 would get 0.
    pairs = [("33001", "24001", 5.0), ("33001", "33002", 12.0), ("33002", "24001", 25.0)]
    codes = ["33001", "33002", "24001"]
    times = pd.DataFrame(
        [(c, c, 0.0) for c in codes] + pairs + [(b, a, t) for a, b, t in pairs],
        columns=["origin", "destination", "minutes"],
    )
    times.to_csv(tmp_path / "t.csv", sep=";", index=False)
    pd.DataFrame({"code_commune": codes, "standardised_population": [1000.0, 500.0, 500.0]}).to_csv(
        tmp_path / "p.csv", index=False
    )
    (tmp_path / "rpps.csv").write_text(
        "RPPS,FINESS,RaisonSociale,Commune,LibCommune,CodePostal,Specialite,Etablissement\n"
        "A,,CABINET A,24001,X,24000,Spécialiste en Médecine Générale,non\n",
        encoding="utf-8",
    )
    base = [
        "--population",
        str(tmp_path / "p.csv"),
        "--population-kind",
        "standardised",
        "--supply",
        str(tmp_path / "rpps.csv"),
        "--times",
        str(tmp_path / "t.csv"),
        "--impute-activity",
        "--partial-supply",
    ]  # fmt: skip  (department 33 has no GP of its own: a toy, declared partial)
    res = CliRunner().invoke(apl_command, [*base, "--output", str(tmp_path / "a.csv"), "--departement", "33"])
    assert res.exit_code == 0, res.output
    out = csv_format.read_csv(tmp_path / "a.csv").set_index("code_commune")
    assert out.index.tolist() == ["33001", "33002"]
    assert out["apl"].tolist() == pytest.approx([3.6, 0.0])
    assert "département(s) 33 : 2 communes écrites sur 3" in res.output
    res = CliRunner().invoke(apl_command, [*base, "--output", str(tmp_path / "b.csv"), "--departement", "44"])
    assert res.exit_code == 1 and "département(s) '44' absent(s)" in res.output and not (tmp_path / "b.csv").exists()
    res = CliRunner().invoke(apl_command, [*base, "--output", str(tmp_path / "c.csv"), "--region", "75"])
    assert res.exit_code == 2 and "--region demande la région de chaque commune" in res.output
