"""``access-map grid`` on the real Bordeaux Métropole files: the tables, the map, the GeoTIFF and the report agree
with an independent recomputation from the cells table it wrote."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rasterio
from click.testing import CliRunner

from access_map.cli import main
from access_map.csv_format import read_csv
from conftest import shared_path


@pytest.fixture(scope="module")
def grid_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("grid") / "sorties"
    args = [
        "grid",
        "--grid", str(shared_path("filosofi_2015_carreaux_200m_bordeaux_metropole",
                                  "Filosofi2015_carreaux_200m_bordeaux_metropole.csv.gz")),
        "--supply", str(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")),
        "--points", str(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")),
        "--population", str(shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz")),
        "--population-year", "2016",
        "--output-dir", str(out),
    ]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_grid_command_writes_the_tables_and_says_where_supply_was_placed(grid_run):
    out, output = grid_run
    assert {p.name for p in out.iterdir()} >= {"carreaux.csv", "communes.csv", "carte_apl_carreaux.html",
                                               "apl_carreaux.tif", "rapport.html", ".access_map.json"}  # fmt: skip
    assert "au chef-lieu de leur commune" in output and "entrent dans la zone de chalandise" in output
    cells = read_csv(out / "carreaux.csv", index_col="idinspire")
    assert len(cells) == 6735 and cells["apl"].notna().all() and (cells["apl"] > 0).all()


def test_commune_table_recomputed_from_the_cells_table(grid_run):
    out, _ = grid_run
    cells = read_csv(out / "carreaux.csv", index_col="idinspire")
    communes = read_csv(out / "communes.csv", index_col="code_commune")
    for code in ("33063", "33522", "33318"):
        part = cells[cells["code_commune"] == code]
        mean = float((part["apl"] * part["population_standardisee"]).sum() / part["population_standardisee"].sum())
        assert communes.loc[code, "apl_carreaux"] == pytest.approx(mean, rel=1e-9)
        under = part["apl"] <= 2.5
        assert communes.loc[code, "habitants_apl_le_2_5"] == pytest.approx(part.loc[under, "population"].sum())
        assert communes.loc[code, "menages_pauvres_apl_le_4"] == pytest.approx(
            part.loc[part["apl"] <= 4, "menages_pauvres"].sum()
        )
        assert communes.loc[code, "apl_min"] == pytest.approx(part["apl"].min())
    assert (communes["apl_communale"] > 0).all()


def test_geotiff_holds_one_pixel_per_cell(grid_run):
    out, _ = grid_run
    cells = read_csv(out / "carreaux.csv", index_col="idinspire")
    with rasterio.open(out / "apl_carreaux.tif") as tif:
        assert tif.crs.to_epsg() == 3035 and tif.res == (200.0, 200.0)
        band = tif.read(1)
        assert int((band != tif.nodata).sum()) == len(cells)
        for cell in cells.index[::500]:
            north, east = (int(v) for v in cell.split("mN")[1].split("E"))
            row, col = tif.index(east + 100, north + 100)
            assert band[row, col] == pytest.approx(cells.loc[cell, "apl"], rel=1e-6)


def test_map_and_report_state_what_they_show(grid_run):
    out, _ = grid_run
    page = (out / "carte_apl_carreaux.html").read_text(encoding="utf-8")
    assert "APL aux médecins généralistes — 2023" in page and "par carreau de 200 m" in page
    assert "Limites des communes" in page and "inférieure à 2,5" in page and "cdn." not in page
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert "APL sous la commune" in report and "ménages pauvres" in report and "carte_apl_carreaux.html" in report


def test_grid_command_refuses_an_invalid_grid_without_traceback(tmp_path):
    bad = tmp_path / "grille.csv"
    bad.write_text("IdINSPIRE;Ind\nCRS3035RES200mN1E0;1\n", encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "access-map"), "grid", "--grid", str(bad), "--supply", str(bad), "--points",
         str(bad), "--output-dir", str(tmp_path / "o")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "colonne(s) absente(s)" in result.stderr and "Men_pauv" in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The OSRM engine as when the routing extra is not installed (as in test_optional_routing_engine.py)."""
    monkeypatch.setitem(sys.modules, "osrm", None)


def test_grid_road_times_without_the_routing_extra_say_what_to_install_before_reading(no_engine, tmp_path):
    # the grid file is invalid: had it been read first, its missing columns would be the error
    bad = tmp_path / "grille.csv"
    bad.write_text("IdINSPIRE;Ind\nCRS3035RES200mN1E0;1\n", encoding="utf-8")
    pbf = tmp_path / "région.osm.pbf"
    pbf.write_bytes(b"")
    out = tmp_path / "sorties"
    args = ["grid", "--grid", str(bad), "--supply", str(bad), "--points", str(bad), "--times", "road",
            "--osm", str(pbf), "--output-dir", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Erreur : access-map grid --times road a besoin du moteur de calcul d'itinéraires")
    assert 'pip install "access_map[routing]"' in result.output and "Python 3.12 ou plus récent" in result.output
    assert "--times crow_fly" in result.output  # what works without it, for the grid
    assert "build_osrm_graph" not in result.output and "Men_pauv" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()


@pytest.mark.routing  # with the extra: it is checked first
def test_grid_road_times_without_an_extract_are_refused_before_reading(tmp_path):
    bad = tmp_path / "grille.csv"
    bad.write_text("IdINSPIRE;Ind\nCRS3035RES200mN1E0;1\n", encoding="utf-8")
    args = ["grid", "--grid", str(bad), "--supply", str(bad), "--points", str(bad), "--times", "road",
            "--output-dir", str(tmp_path / "o")]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "--times road demande un extrait OpenStreetMap (--osm extrait.osm.pbf" in result.output
    assert "build_osrm_graph" not in result.output and not (tmp_path / "o").exists()
