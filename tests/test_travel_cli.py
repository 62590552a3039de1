"""``access-map travel`` sub-commands, in-process with click's CliRunner."""

from __future__ import annotations

import socket

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import Point, box

from access_map import csv_format
from access_map.cli import main


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def points_file(tmp_path):
    # 01001 (0,0), 01002 (3 km, 4 km): 5 km apart -> 2 + 1.32*5 = 8.6 min; 01003 is 50 km away
    gdf = gpd.GeoDataFrame(
        {"INSEE_COM": ["01001", "01002", "01003"]},
        geometry=[Point(700000, 6600000), Point(703000, 6604000), Point(750000, 6600000)],
        crs=2154,
    )
    path = tmp_path / "chefs_lieux.geojson"
    gdf.to_file(path, driver="GeoJSON")
    return path


def _pairs(df):
    return {(o, d): m for o, d, m in zip(df["origin"].astype(str), df["destination"].astype(str), df["minutes"])}


def test_crowfly_writes_csv(runner, points_file, tmp_path):
    out = tmp_path / "times.csv"
    res = runner.invoke(main, ["travel", "crowfly", "--points", str(points_file), "--output", str(out)])
    assert res.exit_code == 0, res.output
    t = csv_format.read_csv(out, text_columns=["origin", "destination"])
    assert list(t.columns) == ["origin", "destination", "minutes"]
    assert _pairs(t) == pytest.approx(
        {
            ("01001", "01001"): 0.0,
            ("01001", "01002"): 8.6,
            ("01002", "01001"): 8.6,
            ("01002", "01002"): 0.0,
            ("01003", "01003"): 0.0,
        }
    )
    assert "3 communes, 2 paires" in res.output
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_crowfly_parquet_model_options_and_overwrite_guard(runner, points_file, tmp_path):
    out = tmp_path / "times.parquet"
    args = [
        "travel",
        "crowfly",
        "--points",
        str(points_file),
        "--output",
        str(out),
        "--intercept",
        "1",
        "--per-km",
        "1",
        "--max-minutes",
        "60",
    ]
    assert runner.invoke(main, args).exit_code == 0
    t = pd.read_parquet(out)
    # 01001-01003: 50 km -> 1 + 50 = 51 min (within 60); 01002-01003: sqrt(47^2 + 4^2) km
    assert _pairs(t)[("01001", "01003")] == pytest.approx(51.0)
    assert _pairs(t)[("01002", "01003")] == pytest.approx(1 + (47**2 + 4**2) ** 0.5)
    res = runner.invoke(main, args)
    assert res.exit_code == 1 and "existe ; ajoutez --overwrite" in res.output
    assert runner.invoke(main, [*args, "--overwrite"]).exit_code == 0


def test_crowfly_geographic_points_say_to_reproject(runner, tmp_path):
    path = tmp_path / "wgs84.geojson"
    gpd.GeoDataFrame(
        {"code_commune": ["33001", "33002"]}, geometry=[Point(-0.6, 44.8), Point(-0.58, 44.81)], crs=4326
    ).to_file(path, driver="GeoJSON")
    out = tmp_path / "t.csv"
    # issue 11: EPSG:4326 points are accepted as by `apl --points`: measured in Lambert-93 for the mainland
    res = runner.invoke(main, ["travel", "crowfly", "--points", str(path), "--output", str(out)])
    assert res.exit_code == 0, res.output
    local = csv_format.read_csv(out, text_columns=["origin", "destination"])
    assert len(local) == 4  # ~2 km apart: both directions + 2 self pairs
    res = runner.invoke(
        main, ["travel", "crowfly", "--points", str(path), "--output", str(out), "--to-crs", "2154", "--overwrite"]
    )
    assert res.exit_code == 0, res.output
    forced = csv_format.read_csv(out, text_columns=["origin", "destination"])
    pd.testing.assert_frame_equal(local, forced)  # the same Lambert-93 distances either way


def test_crowfly_polygons_and_null_points_as_in_apl(runner, tmp_path):
    # issue 11: the same points reader as `apl --points`: polygons give a point inside them, features
    # without geometry are dropped and reported
    path = tmp_path / "communes.gpkg"
    gpd.GeoDataFrame(
        {"INSEE_COM": ["01001", "01002", "01003"]},
        geometry=[box(0, 0, 2000, 2000), box(2000, 0, 4000, 2000), None],
        crs=2154,
    ).to_file(path, layer="commune")
    out = tmp_path / "t.csv"
    res = runner.invoke(main, ["travel", "crowfly", "--points", str(path), "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert "sans géométrie : 1" in res.output and "2 polygone(s) remplacé(s) par un point intérieur" in res.output
    times = csv_format.read_csv(out, text_columns=["origin", "destination"])
    assert len(times) == 4 and "01003" not in set(times["origin"])
    apl_points = tmp_path / "pts.csv"
    res = runner.invoke(
        main, ["travel", "crowfly", "--points", str(path), "--layer", "commune", "--output", str(apl_points)]
    )
    assert res.exit_code == 0, res.output
    pd.testing.assert_frame_equal(times, csv_format.read_csv(apl_points, text_columns=["origin", "destination"]))


def test_crowfly_missing_code_column(runner, tmp_path):
    path = tmp_path / "p.geojson"
    gpd.GeoDataFrame({"nom": ["A"]}, geometry=[Point(0, 0)], crs=2154).to_file(path, driver="GeoJSON")
    res = runner.invoke(main, ["travel", "crowfly", "--points", str(path), "--output", str(tmp_path / "t.csv")])
    assert res.exit_code == 1 and "aucune colonne de code INSEE" in res.output and "--code-column" in res.output


def test_calibrate_prints_fit_and_default(runner, tmp_path):
    # observed = 3 + 1.5 km exactly; the 9999 row is dropped
    rows = ["X1;Y1;X2;Y2;obs", "0;0;10000;0;18", "0;0;0;4000;9", "0;0;6000;8000;18", "0;0;1000;0;9999"]
    path = tmp_path / "pairs.csv"
    path.write_text("\n".join(rows) + "\n")
    res = runner.invoke(main, ["travel", "calibrate", "--pairs", str(path), "--observed", "obs"])
    assert res.exit_code == 0, res.output
    assert "Attention : pairs.csv : 1 ligne écartée : temps « non calculé » (≥ 9999) : 1" in res.output
    assert "paires utilisées : 3" in res.output
    assert "minutes = 3,000 + 1,5000 × km" in res.output
    assert "écart absolu moyen 0,00 min" in res.output
    # default model on 10, 4 and 10 km: 15.2, 7.28, 15.2 vs 18, 9, 18 -> errors -2.8, -1.72, -2.8: bias -2.44
    assert "biais -2,44 min" in res.output


def test_import_validates_and_converts(runner, tmp_path):
    src = tmp_path / "metric.csv"
    src.write_text("CODGEO_DEP;CODGEO_ARR;HC\n1001;1002;7,5\n1002;1001;9999\n")
    out = tmp_path / "t.parquet"
    res = runner.invoke(
        main,
        [
            "travel",
            "import",
            "--input",
            str(src),
            "--origin",
            "CODGEO_DEP",
            "--destination",
            "CODGEO_ARR",
            "--minutes",
            "HC",
            "--output",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Attention : metric.csv : 1 ligne écartée" in res.output
    assert _pairs(pd.read_parquet(out)) == {("01001", "01001"): 0.0, ("01001", "01002"): 7.5, ("01002", "01002"): 0.0}
    res = runner.invoke(main, ["travel", "import", "--input", str(src), "--output", str(tmp_path / "u.csv")])
    assert res.exit_code == 1 and "colonne(s) manquante(s) origin" in res.output


def test_osrm_unreachable(runner, points_file, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = runner.invoke(
        main,
        [
            "travel",
            "osrm",
            "--points",
            str(points_file),
            "--output",
            str(tmp_path / "t.csv"),
            "--base-url",
            f"http://127.0.0.1:{port}",
            "--retries",
            "0",
        ],
        catch_exceptions=False,
    )
    assert res.exit_code == 1 and "serveur OSRM injoignable" in res.output and "après 1 essai(s)" in res.output


def test_travel_help_lists_subcommands(runner):
    res = runner.invoke(main, ["travel", "--help"])
    assert res.exit_code == 0
    for sub in ("crowfly", "calibrate", "osrm", "import", "road", "compare"):
        assert sub in res.output


def test_crowfly_keeps_the_selected_departements(runner, tmp_path):
    gdf = gpd.GeoDataFrame(
        {"INSEE_COM": ["01001", "01002", "02001"]},
        geometry=[Point(700000, 6600000), Point(703000, 6604000), Point(701000, 6601000)],
        crs=2154,
    )
    gdf.to_file(tmp_path / "p.geojson", driver="GeoJSON")
    out = tmp_path / "t.csv"
    args = ["travel", "crowfly", "--points", str(tmp_path / "p.geojson"), "--output", str(out)]
    res = runner.invoke(main, [*args, "--departement", "01"])
    assert res.exit_code == 0, res.output
    t = csv_format.read_csv(out, text_columns=["origin", "destination"])
    assert sorted(set(t["origin"])) == ["01001", "01002"]  # 02001 is 1.4 km away but in another departement
    res = runner.invoke(main, [*args, "--departement", "33", "--overwrite"])
    assert res.exit_code == 1 and "33" in res.output and "Traceback" not in res.output
