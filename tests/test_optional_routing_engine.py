"""Without the routing extra (osrm-bindings), the package installs and works; the two features that run the OSRM
engine say in French what to install and what works without it, before reading any input.

These tests run with and without the extra: the engine's absence is simulated by hiding the ``osrm`` module
(``sys.modules["osrm"] = None`` makes ``import osrm`` fail as when it is not installed); on the CI run without
the extra (Python 3.11) it is really absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner
from shapely.geometry import Point

from access_map.cli import main
from access_map.config import parse_config
from access_map.errors import AccessMapError
from access_map.extras import MissingExtraError, require_routing, routing_available

INSTALL = 'pip install "access_map[routing]"'


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The OSRM engine as when the routing extra is not installed."""
    monkeypatch.setitem(sys.modules, "osrm", None)


def _french_install_message(text: str) -> None:
    assert INSTALL in text
    assert "moteur de calcul d'itinéraires OSRM, qui n'est pas installé" in text
    # what works without the engine is named
    assert "access-map travel osrm --base-url" in text and "crowfly" in text and 'method = "file"' in text
    assert "Traceback" not in text


def test_require_routing_names_the_extra(no_engine: None) -> None:
    assert routing_available() is False
    with pytest.raises(MissingExtraError) as caught:
        require_routing("access-map travel road")
    assert caught.value.extra == "routing"
    assert str(caught.value).startswith("access-map travel road a besoin du moteur")
    _french_install_message(str(caught.value))
    assert isinstance(caught.value, AccessMapError) and isinstance(caught.value, ImportError)


def test_travel_road_says_what_to_install_before_reading_inputs(no_engine: None, tmp_path: Path) -> None:
    # neither the extract nor the output folder exist: the missing engine is reported first
    points = tmp_path / "Mes communes.geojson"
    gpd.GeoDataFrame({"code": ["06012"]}, geometry=[Point(7.42, 43.74)], crs=4326).to_file(points, driver="GeoJSON")
    res = CliRunner().invoke(
        main,
        ["travel", "road", "--osm", str(tmp_path / "absent.osm.pbf"), "--points", str(points), "--output",
         str(tmp_path / "t.csv")],
    )  # fmt: skip
    assert res.exit_code == 1, res.output
    assert res.output.startswith("Erreur : access-map travel road a besoin du moteur")
    _french_install_message(res.output)
    assert not (tmp_path / "t.csv").exists() and "absent.osm.pbf" not in res.output


def test_refresh_configuration_with_osrm_method_says_what_to_install(no_engine: None, tmp_path: Path) -> None:
    config = tmp_path / "territoire.toml"
    config.write_text(
        'name = "demo"\n[sources]\ndemo = true\n[travel]\nmethod = "osrm"\nosm = "region.osm.pbf"\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["refresh", "--config", str(config)])
    assert res.exit_code == 1, res.output
    assert '[travel] method = "osrm" a besoin du moteur' in res.output and "territoire.toml" in res.output
    _french_install_message(res.output)
    # the other travel methods need no engine
    for travel in ({"method": "crow_fly"}, {"method": "file", "path": "metric.parquet"}):
        cfg = parse_config({"name": "t", "sources": {"demo": True}, "travel": travel}, base_dir=tmp_path)
        assert cfg.travel.method == travel["method"]


def test_road_times_in_python_raise_the_same_error(no_engine: None, tmp_path: Path) -> None:
    from access_map.travel import build_osrm_graph

    extract = tmp_path / "region.osm.pbf"
    extract.write_bytes(b"not read")
    with pytest.raises(MissingExtraError, match=r"build_osrm_graph a besoin du moteur .*access_map\[routing\]"):
        build_osrm_graph(extract, cache_dir=tmp_path / "cache")


def test_the_package_imports_and_runs_without_the_engine(tmp_path: Path) -> None:
    """A fresh interpreter where ``import osrm`` fails: the CLI and every subpackage import, travel road refuses."""
    code = (
        "import sys, importlib\n"
        "sys.modules['osrm'] = None\n"
        "for name in ['access_map.cli', 'access_map.travel', 'access_map.refresh', 'access_map.scenario',\n"
        "             'access_map.maps', 'access_map.zoning', 'access_map.datasets']:\n"
        "    importlib.import_module(name)\n"
        "from access_map.cli import main\n"
        "main(['travel', 'road', '--help'])\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert res.returncode == 0, res.stderr
    assert "--osm" in res.stdout
