"""``access-map map``: in-process (CliRunner) from files and from the demo, plus one subprocess run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_maps_fixtures import XSS_SCRIPT, grid_territory

from access_map.cli import main

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    terr = grid_territory()
    d = tmp_path_factory.mktemp("entrees")
    terr.communes.reset_index().to_file(d / "communes.gpkg", layer="commune", driver="GPKG")
    terr.apl.rename("apl").rename_axis("code_commune").reset_index().to_csv(d / "apl.csv", sep=";", index=False)
    terr.zonage.rename("zonage").rename_axis("code_commune").reset_index().to_csv(
        d / "zonage.csv", sep=";", index=False
    )
    cpts = terr.cpts.rename(columns={"date_signature": "date_signature_aci"})
    cpts["date_signature_aci"] = cpts["date_signature_aci"].dt.strftime("%d/%m/%Y")
    cpts.to_csv(d / "cpts.csv", sep=";", index=False)
    terr.msp.to_file(d / "msp.gpkg", driver="GPKG")
    return d


def run(args):
    return CliRunner().invoke(main, ["map", *args], catch_exceptions=False)


def test_map_apl_from_files_self_contained_with_png(files, tmp_path):
    out = tmp_path / "apl.html"
    res = run(
        [
            "apl",
            "--communes",
            str(files / "communes.gpkg"),
            "--values",
            str(files / "apl.csv"),
            "-o",
            str(out),
            "--png",
            str(tmp_path / "apl.png"),
        ]
    )
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    # defaults: self-contained, no basemap, quantile classes on the commune APL
    assert "moins de " in page and "Données manquantes" in page
    assert not re.search(r"<script[^>]+src=\"https?://", page)
    assert "openstreetmap" not in page
    assert XSS_SCRIPT not in page
    assert (tmp_path / "apl.png").read_bytes()[:4] == b"\x89PNG"
    # refuses to overwrite without --overwrite
    res = run(["apl", "--communes", str(files / "communes.gpkg"), "--values", str(files / "apl.csv"), "-o", str(out)])
    assert res.exit_code != 0 and "--overwrite" in res.output


@pytest.mark.parametrize("kind", ["zoning", "cpts", "msp", "deployment"])
def test_map_other_kinds_from_files(files, tmp_path, kind):
    args = {
        "zoning": ["--values", str(files / "zonage.csv")],
        "cpts": ["--cpts", str(files / "cpts.csv")],
        "msp": ["--msp", str(files / "msp.gpkg")],
        "deployment": [
            "--values",
            str(files / "apl.csv"),
            "--zonage",
            str(files / "zonage.csv"),
            "--cpts",
            str(files / "cpts.csv"),
            "--msp",
            str(files / "msp.gpkg"),
        ],
    }[kind]
    out = tmp_path / f"{kind}.html"
    res = run([kind, "--communes", str(files / "communes.gpkg"), *args, "-o", str(out), "--no-basemap"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    expected = {
        "zoning": "Zone d&#x27;intervention prioritaire (ZIP)",
        "cpts": "signé le 12/03/2021",
        "msp": "FINESS : 990000002",
        "deployment": "Zone blanche (aucune CPTS)",
    }[kind]
    assert expected in page
    if kind == "deployment":
        assert "Zone d&#x27;action complémentaire (ZAC)" in page  # the zoning layer came from --zonage


def test_map_missing_input_is_a_usage_error(files, tmp_path):
    res = run(["cpts", "--communes", str(files / "communes.gpkg"), "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 2 and "entrée(s) manquante(s) --cpts" in res.output
    res = run(["apl", "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 2 and "--communes" in res.output
    res = run(["cpts", "--demo", "-o", str(tmp_path / "x.html"), "--png", str(tmp_path / "x.png")])
    assert res.exit_code == 2 and "--png n'existe que pour" in res.output and not (tmp_path / "x.html").exists()


def test_map_bad_zoning_value_is_reported(files, tmp_path):
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"code_commune": ["99001"], "zonage": ["ZRR"]}).to_csv(bad, sep=";", index=False)
    res = run(
        ["zoning", "--communes", str(files / "communes.gpkg"), "--values", str(bad), "-o", str(tmp_path / "z.html")]
    )
    assert res.exit_code == 1 and "classe inconnue : ZRR" in res.output


def test_map_demo_subprocess(tmp_path):
    out = tmp_path / "deploiement.html"
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from access_map.cli import main; main()",
            "map",
            "deployment",
            "--demo",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Carte écrite" in proc.stdout
    page = out.read_text(encoding="utf-8")
    assert "Territoire fictif" in page and "Zonage calculé" in page and "Maison de santé pluriprofessionnelle" in page
    assert not re.search(r"<script[^>]+src=\"https?://", page) and "tile.openstreetmap" not in page


def test_map_basemap_on_request_has_attribution(files, tmp_path):
    out = tmp_path / "osm.html"
    res = run(["apl", "--communes", str(files / "communes.gpkg"), "--values", str(files / "apl.csv"), "-o", str(out),
               "--basemap"])  # fmt: skip
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in page and "www.openstreetmap.org/copyright" in page  # attribution
