"""``access-map fetch``: help lists the datasets, --list shows licences, downloads via a local server."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.datasets import download

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def local_registry(tmp_path, monkeypatch):
    root = tmp_path / "www"
    root.mkdir()
    (root / "regions.csv").write_text("REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"

    def entry(path):
        return {
            "title": "Régions test",
            "publisher": "Test",
            "page": "https://example.org/page",
            "licence": "Licence Ouverte",
            "attribution": "Insee (test)",
            "default_vintage": "2024",
            "vintages": {"2024": {"url": f"{url}/{path}", "file_name": "v_region_2024.csv", "sha256": None}},
        }

    monkeypatch.setattr(download, "_load_registry", lambda: {"regions": entry("regions.csv"), "gone": entry("x.csv")})
    yield tmp_path / "cache"
    httpd.shutdown()
    httpd.server_close()


def test_help_lists_every_dataset(runner):
    res = runner.invoke(main, ["fetch", "--help"])
    assert res.exit_code == 0
    for name in download.list_datasets()["name"].unique():
        assert name in res.output
    assert "2024*" in res.output  # default vintage marked


def test_list_shows_licences_and_urls(runner):
    res = runner.invoke(main, ["fetch", "--list"])
    assert res.exit_code == 0
    assert "insee_cog_communes" in res.output
    assert "licence : Licence Ouverte" in res.output
    assert "https://www.insee.fr/fr/information/2560452" in res.output


def test_fetch_prints_path_and_licence(runner, local_registry):
    res = runner.invoke(main, ["fetch", "regions", "--cache-dir", str(local_registry), "--no-progress"])
    assert res.exit_code == 0, res.output
    path = local_registry / "regions" / "2024" / "v_region_2024.csv"
    assert str(path) in res.output
    assert "licence : Licence Ouverte ; attribution : Insee (test)" in res.output
    assert path.read_text().startswith("REG,")


def test_fetch_failure_says_what_to_do(runner, local_registry):
    res = runner.invoke(main, ["fetch", "gone", "--cache-dir", str(local_registry)])
    assert res.exit_code == 1
    assert "HTTP 404" in res.output
    assert "Téléchargez-le à la main" in res.output
    assert str(local_registry / "gone" / "2024" / "v_region_2024.csv") in res.output


def test_fetch_usage_errors(runner, local_registry):
    res = runner.invoke(main, ["fetch"])
    assert res.exit_code == 2 and "indiquez le nom d'un jeu de données DATASET" in res.output
    res = runner.invoke(main, ["fetch", "nope"])
    assert res.exit_code == 1 and "jeu de données inconnu 'nope'" in res.output
    res = runner.invoke(main, ["fetch", "regions", "--vintage", "1999"])
    assert res.exit_code == 1 and "pas de millésime '1999'" in res.output


def test_fetch_list_as_subprocess():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    res = subprocess.run(
        [sys.executable, "-c", "from access_map.cli import main; main()", "fetch", "--list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert "annuaire_sante_ps" in res.stdout and "sha256 non épinglé" in res.stdout
