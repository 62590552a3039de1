"""Legacy Corsican codes and the warnings of the CLI, run as a new user would on the real files.

Each test failed before its fix:
- the comhisto chefs-lieux file (``../shared/data/chefs_lieux_2020``) holds six pre-1976 Corsican codes
  (``20044``...: communes absorbed before department 20 was split); ``compute_apl`` on crow-fly times from it
  refused the whole run as soon as Corsica was in the points;
- ``access-map apl`` with legacy Corsican codes in the population said "check that the times are in minutes"
  instead of pointing to 2A/2B (the library's check was bypassed by the CLI);
- ``access-map zoning`` from the DREES workbook wrote « APL : commune table » and « Colonne d'APL : apl » in
  ``rapport.html`` (the workbook, its sheet and the ≤65 variant were lost), and the reader warnings (e.g. a
  published-zoning row matching no commune) reached the console only, not the report;
- ``access-map map`` let Python warnings through raw (file, line and source line) and, with ``--departement``,
  warned that every value outside the department "has no geometry ... check the commune vintage".
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import Point, box

from access_map.apl import APLParams, compute_apl
from access_map.cli import main
from access_map.readers._io import SourceWarning
from access_map.territory import read_commune_points
from access_map.travel import crow_fly_times_local
from conftest import shared_path


def test_points_reader_drops_pre_1976_corsican_codes_and_counts_them(tmp_path: Path) -> None:
    path = tmp_path / "pts.geojson"
    gpd.GeoDataFrame(
        {"code": ["2A004", "20044", "2B033"]},
        geometry=[Point(8.73, 41.93), Point(9.0, 42.3), Point(9.45, 42.7)],
        crs=4326,
    ).to_file(path, driver="GeoJSON")
    with pytest.warns(SourceWarning, match=r"code corse d'avant 1976.*: 1 \(ex. '20044'\)"):
        pts = read_commune_points(path)
    assert pts.index.tolist() == ["2A004", "2B033"]
    assert pts.attrs["drop_report"].total == 1


def test_apl_of_corsica_on_the_real_chefs_lieux(recwarn: pytest.WarningsRecorder) -> None:
    """The README's route (chefs-lieux file -> crow-fly times -> compute_apl) works where Corsica is included."""
    pts = read_commune_points(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz"))
    assert not pts.index.str.match(r"^20\d{3}$").any()  # the file holds six (20044, 20076, 20151...)
    corsica = pts[pts.index.str[:2].isin(["2A", "2B"])]
    assert len(corsica) == 360  # 124 + 236 communes of Corse-du-Sud and Haute-Corse at 1/1/2020
    times = crow_fly_times_local(corsica, max_minutes=20)
    demand = pd.Series(100.0, index=corsica.index)
    apl = compute_apl(supply=pd.Series({"2A004": 6000.0}), demand=demand, times=times, params=APLParams.drees_mg())
    assert apl["2A004"] > 0 and (apl * demand).sum() == pytest.approx(6000.0)


def _run_apl_with_codes(tmp_path: Path, population: str, supply: str):
    (tmp_path / "pop.csv").write_text(population, encoding="utf-8")
    (tmp_path / "sup.csv").write_text(supply, encoding="utf-8")
    (tmp_path / "times.csv").write_text(
        "origin;destination;minutes\n2A004;2A004;0\n2A005;2A005;0\n2A004;2A005;5\n2A005;2A004;5\n", encoding="utf-8"
    )
    args = ["apl", "--population", str(tmp_path / "pop.csv"), "--population-kind", "total", "--supply",
            str(tmp_path / "sup.csv"), "--supply-kind", "communes", "--times", str(tmp_path / "times.csv"),
            "--output", str(tmp_path / "o.csv")]  # fmt: skip
    return CliRunner().invoke(main, args)


def test_cli_apl_legacy_corsican_population_points_to_2a_2b(tmp_path: Path) -> None:
    res = _run_apl_with_codes(
        tmp_path, "code_commune;population\n20004;1000\n20005;500\n", "code_commune;supply\n20004;10000\n"
    )
    assert res.exit_code == 1, res.output
    assert "ancien(s) code(s) corse(s)" in res.output and "2A (Corse-du-Sud)" in res.output
    assert "harmonize_to_cog" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "o.csv").exists()


def test_cli_apl_legacy_corsican_supply_points_to_2a_2b(tmp_path: Path) -> None:
    res = _run_apl_with_codes(
        tmp_path, "code_commune;population\n2A004;1000\n2A005;500\n", "code_commune;supply\n20004;10000\n"
    )
    assert res.exit_code == 1, res.output
    assert "ancien(s) code(s) corse(s)" in res.output and "'20004'" in res.output


def _small_zoning_files(tmp_path: Path) -> list[str]:
    """A two-commune region zoned from a CSV APL table, and a published zoning keyed by postal code + name
    with one row that matches no commune."""
    (tmp_path / "apl.csv").write_text(
        "code_commune;nom;apl_65;standardised_population;population;code_region\n"
        "33063;Bordeaux;2.0;1000;1000;75\n"
        "33069;Le Bouscat;5.0;1000;1000;75\n",
        encoding="utf-8",
    )
    (tmp_path / "tvs.csv").write_text("code_commune;code_tvs\n33063;A\n33069;B\n", encoding="utf-8")
    (tmp_path / "caps.csv").write_text("reg;maxZIP;maxZAC\n75;60;40\n", encoding="utf-8")
    (tmp_path / "pub.csv").write_text(
        "code_postal;libelle_commune;zonage\n33000;BORDEAUX;1_ZIP\n33110;LE BOUSCAT;3_HZ\n33999;NULLE PART;2_ZAC\n",
        encoding="utf-8",
    )
    return ["zoning", "--apl", str(tmp_path / "apl.csv"), "--tvs", str(tmp_path / "tvs.csv"), "--caps",
            str(tmp_path / "caps.csv"), "--compare-with", str(tmp_path / "pub.csv"), "--rules", "2021",
            "--output-dir", str(tmp_path / "out")]  # fmt: skip


def test_cli_zoning_report_lists_the_reader_warnings(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, _small_zoning_files(tmp_path))
    assert res.exit_code == 0, res.output
    assert "NULLE PART" in res.output  # console
    page = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    assert "33999 NULLE PART" in page  # and the report


def test_cli_zoning_report_names_the_apl_file_and_column(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, _small_zoning_files(tmp_path))
    assert res.exit_code == 0, res.output
    page = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    assert "apl.csv" in page and "apl_65" in page
    assert "(colonne APL apl_65)" in res.output


def test_cli_zoning_from_the_workbook_reports_the_sheet_and_the_65_variant(tmp_path: Path) -> None:
    args = ["zoning", "--apl", str(shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")),
            "--apl-year", "2023", "--appartenance",
            str(shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")),
            "--rules", "2021", "--output-dir", str(tmp_path / "out")]  # fmt: skip
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    page = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    assert "apl_generalistes_2022_2023_drees.xlsx [APL 2023]" in page
    assert "apl_65" in page and "(colonne APL apl_65)" in res.output


def _map_files(tmp_path: Path) -> tuple[Path, Path]:
    contours = tmp_path / "communes.geojson"
    gpd.GeoDataFrame(
        {"code_commune": ["33001", "33002", "24001"], "nom": ["A", "B", "C"]},
        geometry=[box(-0.6, 44.8, -0.5, 44.9), box(-0.5, 44.8, -0.4, 44.9), box(0.6, 45.1, 0.7, 45.2)],
        crs=4326,
    ).to_file(contours, driver="GeoJSON")
    values = tmp_path / "apl.csv"
    values.write_text("code_commune;apl\n33001;2.0\n33002;3.0\n24001;4.0\n24002;5.0\n33999;1.0\n", encoding="utf-8")
    return contours, values


def test_cli_map_warnings_are_messages_not_python_warnings(tmp_path: Path) -> None:
    contours, values = _map_files(tmp_path)
    args = ["map", "apl", "--communes", str(contours), "--values", str(values), "-o", str(tmp_path / "m.html")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning escaping the command would fail here instead of being printed
        res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "Attention : apl : 2 valeurs sans géométrie ne sont pas cartographiées" in res.output
    assert "UserWarning" not in res.output


def test_cli_map_departement_does_not_warn_about_values_outside_it(tmp_path: Path) -> None:
    contours, values = _map_files(tmp_path)
    args = ["map", "apl", "--communes", str(contours), "--values", str(values), "--departement", "33",
            "-o", str(tmp_path / "m.html")]  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    # 33999 is in department 33 and has no contour: still reported; 24001/24002 are outside the selection
    assert "1 valeur sans géométrie n'est pas cartographiée (ex. 33999)" in res.output
    assert "24002" not in res.output


def test_cli_apl_absurd_population_gives_the_message_without_numpy_warnings(tmp_path: Path) -> None:
    (tmp_path / "pop.csv").write_text("code_commune;population\n33063;1e308\n33069;1e308\n", encoding="utf-8")
    (tmp_path / "sup.csv").write_text("code_commune;supply\n33063;10000\n", encoding="utf-8")
    (tmp_path / "times.csv").write_text(
        "origin;destination;minutes\n33063;33063;0\n33069;33069;0\n33063;33069;5\n33069;33063;5\n", encoding="utf-8"
    )
    args = ["apl", "--population", str(tmp_path / "pop.csv"), "--population-kind", "total", "--supply",
            str(tmp_path / "sup.csv"), "--supply-kind", "communes", "--times", str(tmp_path / "times.csv"),
            "--output", str(tmp_path / "o.csv")]  # fmt: skip
    res = CliRunner().invoke(main, args)
    # refused when the file is read (a number of absurd magnitude), before the APL's own check (« ordre de
    # grandeur absurde », which compute_apl still makes on values given in memory)
    assert res.exit_code == 1 and "2 valeurs démesurées (1e+308, 1e+308" in res.output, res.output
    assert "overflow" not in res.output  # numpy's "overflow encountered in reduce" was printed as a warning
