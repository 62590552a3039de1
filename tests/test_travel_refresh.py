"""Road times in the refresh (``[travel] method = "osrm"``) and the benchmark's synthetic road network.

The network generator of ``benchmarks/bench_road.py`` is loaded here, so the network the benchmark
measures is itself checked (connected, plausible speeds), and it provides roads for the demo
territory, whose communes are fictional (no OpenStreetMap extract covers them).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import warnings
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from pyproj import Geod

from access_map import csv_format
from access_map.cli import main
from access_map.config import parse_config
from access_map.datasets.demo import load_demo
from access_map.errors import AccessMapError
from access_map.travel import MAX_SPEED_KMH, build_osrm_graph, road_times

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_road", ROOT / "benchmarks" / "bench_road.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_road"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.routing
def test_benchmark_network_is_connected_and_plausible(bench: ModuleType, tmp_path: Path) -> None:
    xy, size = bench.towns(120, size_km=30, seed=1)
    stats = bench.write_network(tmp_path / "n.osm", xy, size, step_m=20, streets=3, street_m=200, seed=1)
    assert stats["nodes"] > 120 * 10 and stats["ways"] > 120
    graph = build_osrm_graph(tmp_path / "n.osm", cache_dir=tmp_path / "cache")
    points = bench.commune_points(xy, seed=1)
    times = road_times(points, graph=graph, max_minutes=None)
    pairs = times[times["origin"] != times["destination"]]
    assert len(pairs) == 120 * 119  # the neighbourhood graph joins every town: all pairs routed
    ll = np.column_stack([points.geometry.x, points.geometry.y])
    pos = {c: k for k, c in enumerate(points.index)}
    o = ll[[pos[c] for c in pairs["origin"]]]
    d = ll[[pos[c] for c in pairs["destination"]]]
    _, _, metres = Geod(ellps="WGS84").inv(o[:, 0], o[:, 1], d[:, 0], d[:, 1])
    crow_km = np.asarray(metres) / 1000
    far = crow_km > 5  # away from the snapping offsets of a few tens of metres
    speed = crow_km[far] / (pairs["minutes"].to_numpy()[far] / 60)
    # roads tagged 80-130 km/h, driven at 0.8 x the limit by OSRM's car profile, with detours and junctions
    assert 25 < np.median(speed) < 64 and speed.max() < MAX_SPEED_KMH
    assert np.median(pairs["km"].to_numpy()[far] / crow_km[far]) == pytest.approx(1.2, abs=0.15)


@pytest.mark.routing
def test_config_accepts_osrm_with_a_path_or_a_registry_extract(tmp_path: Path) -> None:
    base = {"name": "t", "sources": {"demo": True}}
    cfg = parse_config({**base, "travel": {"method": "osrm", "osm": "region.osm.pbf"}}, base_dir=tmp_path)
    assert cfg.travel.method == "osrm" and cfg.travel.osm_path == tmp_path / "region.osm.pbf"
    assert cfg.travel.osm_fetch is None and cfg.travel.profile == "car"
    cfg = parse_config({**base, "travel": {"method": "osrm", "osm": "fetch:osm_aquitaine", "profile": "bicycle"}})
    assert cfg.travel.osm_fetch == ("osm_aquitaine", None) and cfg.travel.osm_path is None
    assert cfg.travel.profile == "bicycle"
    with pytest.raises(AccessMapError, match="travel.method = 'osrm' demande travel.osm"):
        parse_config({**base, "travel": {"method": "osrm"}})
    with pytest.raises(AccessMapError, match="jeu de données inconnu 'osm_atlantide'"):
        parse_config({**base, "travel": {"method": "osrm", "osm": "fetch:osm_atlantide"}})
    with pytest.raises(AccessMapError, match="'crow_fly', 'file' ou 'osrm'"):
        parse_config({**base, "travel": {"method": "road"}})


def _write_config(folder: Path, travel: str) -> Path:
    cfg = folder / "territoire.toml"
    cfg.write_text(
        'name = "demo"\nlabel = "Essai"\n[sources]\ndemo = true\n'
        '[[professions]]\nname = "medecin_generaliste"\nmax_ages = [0, 65]\n'
        f"[travel]\n{travel}\n"
        '[outputs]\ndirectory = "sorties"\nmaps_directory = "cartes"\npng = false\nraster = false\n'
        'table_formats = ["csv"]\n',
        encoding="utf-8",
    )
    return cfg


@pytest.mark.routing
def test_refresh_with_road_times(bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS_MAP_CACHE", str(tmp_path / "cache"))
    chefs_lieux = load_demo().chefs_lieux.to_crs(4326)
    ll = np.column_stack([chefs_lieux.geometry.x, chefs_lieux.geometry.y])
    centre = (float(ll[:, 0].mean()), float(ll[:, 1].mean()))
    xy = bench.to_km(ll, centre)
    sizes = np.random.default_rng(3).pareto(1.2, len(xy)) + 1
    bench.write_network(tmp_path / "demo.osm", xy, sizes, step_m=100, streets=0, centre=centre)

    road_dir, crow_dir = tmp_path / "road", tmp_path / "crow"
    road_dir.mkdir()
    crow_dir.mkdir()
    runner = CliRunner()
    res = runner.invoke(
        main, ["refresh", "--config", str(_write_config(road_dir, f'method = "osrm"\nosm = "{tmp_path / "demo.osm"}"'))]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["refresh", "--config", str(_write_config(crow_dir, 'method = "crow_fly"'))])
    assert res.exit_code == 0, res.output

    provenance = json.loads((road_dir / "sorties" / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["configuration"]["travel"]["method"] == "osrm"
    # the extract behind the road times is in the provenance with its sha256 (computed here independently)
    extract = provenance["travel_inputs"][str(tmp_path / "demo.osm")]
    assert extract["sha256"] == hashlib.sha256((tmp_path / "demo.osm").read_bytes()).hexdigest()
    assert extract["profile"] == "car" and extract["role"] == "OpenStreetMap extract"
    assert list((tmp_path / "cache" / "osrm").glob("*/graph.osrm.hsgr"))  # the graph was built in the cache

    def apl(folder: Path) -> pd.Series:
        table = csv_format.read_csv(folder / "sorties" / "apl_communes.csv")
        return table.set_index("code_commune")["medecin_generaliste__apl"]

    road, crow = apl(road_dir), apl(crow_dir)
    assert len(road) == len(crow) == len(chefs_lieux)
    # every commune sits on the network: road times exist for neighbours, so the APL is not degenerate
    assert (road > 0).mean() > 0.5
    assert not np.allclose(road.to_numpy(), crow.loc[road.index].to_numpy())  # the road times were used

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        graph = build_osrm_graph(tmp_path / "demo.osm")  # from the cache the refresh filled
    assert graph.cached


def test_refresh_help_names_the_osrm_method() -> None:
    out = CliRunner().invoke(main, ["refresh", "--help"]).output
    assert '"osrm"' in out and 'osm = "x.osm.pbf"' in out and "fetch:osm_<région>" in out
