"""Inputs that are damaged rather than wrong: a self-intersecting commune polygon, an OSRM cache missing a file,
a scenario naming a commune the territory does not have. Each is repaired, rebuilt or refused before any work."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import Polygon, box

from access_map.cli import main
from access_map.config import ConfigError
from conftest import shared_path


def _bow_tie_communes() -> gpd.GeoDataFrame:
    """Two communes in longitude/latitude; the first is a self-intersecting "bow tie" ring."""
    bow = Polygon([(-0.6, 44.8), (-0.5, 44.9), (-0.5, 44.8), (-0.6, 44.9)])
    assert not bow.is_valid
    return gpd.GeoDataFrame(
        {"code_commune": ["33001", "33002"], "nom": ["Nœud", "Carré"]},
        geometry=[bow, box(-0.5, 44.8, -0.4, 44.9)],
        crs=4326,
    )


def test_a_self_intersecting_wgs84_polygon_is_drawn_not_a_crash(tmp_path: Path) -> None:
    contours = tmp_path / "communes.geojson"
    _bow_tie_communes().to_file(contours, driver="GeoJSON")
    values = tmp_path / "apl.csv"
    values.write_text("code_commune;apl\n33001;2,5\n33002;3\n", encoding="utf-8")
    out = tmp_path / "apl.html"
    res = CliRunner().invoke(main, ["map", "apl", "--communes", str(contours), "--values", str(values), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output and out.exists()


def test_the_repaired_polygon_keeps_its_two_lobes_in_the_topology() -> None:
    """The bow tie becomes its two triangles (the area of the valid reading, 2 × 0.0025 square degrees)."""
    from access_map.maps.topology import decode_topology, display_topology, encode_topology

    g = _bow_tie_communes().set_index("code_commune")
    topo = display_topology(g, tolerance_m=0)
    geometries = decode_topology(encode_topology(topo.topology))["objects"]["areas"]["geometries"]
    assert geometries[0]["type"] == "MultiPolygon" and len(geometries[0]["arcs"]) == 2
    assert geometries[1]["type"] == "Polygon"
    from access_map.maps.geometry import display_geometries

    light = display_geometries(g[["geometry"]], tolerance_m=0, decimals=None)
    assert light.geometry.iloc[0].is_valid
    assert light.geometry.iloc[0].area == pytest.approx(2 * 0.5 * 0.1 * 0.05, rel=1e-9)


@pytest.fixture(scope="module")
def monaco_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from access_map.travel import build_osrm_graph

    cache = tmp_path_factory.mktemp("cache")
    osm = shared_path("osm_monaco_osrm_test", "monaco.osm.pbf")
    graph = build_osrm_graph(osm, cache_dir=cache)
    return osm, graph.path


@pytest.mark.routing  # the OSRM engine of the routing extra
def test_an_osrm_cache_missing_a_file_is_rebuilt_not_reused(monaco_graph: tuple[Path, Path]) -> None:
    """A cache folder that lost a file (a disk cleaner, a partial copy) would fail on every run, and "run the same
    command again" would find it again: it is detected, reported and rebuilt."""
    from access_map.travel import build_osrm_graph

    osm, path = monaco_graph
    cache = path.parents[2]
    manifest = json.loads((path.parent / "graph.json").read_text(encoding="utf-8"))
    assert "graph.osrm.hsgr" in manifest["files"]
    (path.parent / "graph.osrm.hsgr").unlink()
    with pytest.warns(UserWarning, match=r"graphe OSRM en cache .* est incomplet .*graph.osrm.hsgr.*reconstruit"):
        rebuilt = build_osrm_graph(osm, cache_dir=cache)
    assert not rebuilt.cached and (rebuilt.path.parent / "graph.osrm.hsgr").is_file()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = build_osrm_graph(osm, cache_dir=cache)
    assert again.cached  # the repaired cache is used as it is


@pytest.mark.routing  # the OSRM engine of the routing extra
def test_an_osrm_cache_with_a_truncated_file_is_rebuilt(monaco_graph: tuple[Path, Path]) -> None:
    from access_map.travel import build_osrm_graph

    osm, path = monaco_graph
    target = path.parent / "graph.osrm.ebg_nodes"
    target.write_bytes(target.read_bytes()[:10])
    with pytest.warns(UserWarning, match=r"incomplet .*graph.osrm.ebg_nodes"):
        assert not build_osrm_graph(osm, cache_dir=path.parents[2]).cached


@pytest.mark.routing  # the OSRM engine of the routing extra
def test_road_times_on_a_graph_missing_its_file_say_how_to_rebuild_it(
    monaco_graph: tuple[Path, Path], tmp_path: Path
) -> None:
    """A graph given by its path (not through the cache) cannot rebuild itself: the message says how, without
    sending the user back to the command that just failed."""
    import shutil

    from access_map.errors import SourceError
    from access_map.travel import road_times

    _, path = monaco_graph
    copy = tmp_path / "graphe"
    shutil.copytree(path.parent, copy)
    (copy / "graph.osrm.hsgr").unlink()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([7.42], [43.73]), index=["06088"], crs=4326)
    with pytest.raises(
        SourceError,
        match=r"graph.osrm.hsgr manque\. Reconstruisez-le avec build_osrm_graph\(\.\.\., rebuild=True\) ; en ligne de commande, supprimez ce dossier",
    ):
        road_times(points, graph=copy / "graph.osrm", max_minutes=20)


def test_a_scenario_naming_an_unknown_commune_is_refused_before_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from access_map.scenario import run as scenario_run
    from access_map.scenario.config import load_scenario_config

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the baseline was computed before the configuration was checked")

    monkeypatch.setattr(scenario_run, "prepare_baseline", no_work)
    monkeypatch.setattr(scenario_run, "_times", no_work)
    config = tmp_path / "scenario.toml"
    config.write_text(
        'territory = "demo"\n[[scenarios]]\nname = "pop"\n'
        'changes = [{ kind = "population", factors = { "96001" = 1.1, "96999" = 1.2 } }]\n',
        encoding="utf-8",
    )
    with pytest.raises(
        ConfigError,
        match=r"scenario.toml : 1 commune inconnue\(s\) du territoire : 96999 \(scenarios\[0\] \(pop\)\.changes\[0\]\)",
    ):
        scenario_run.run_scenarios(load_scenario_config(config))


def test_every_commune_named_by_a_scenario_is_checked() -> None:
    from access_map.scenario.config import parse_scenario_config, scenario_communes

    cfg = parse_scenario_config(
        {
            "territory": "demo",
            "scenarios": [
                {
                    "name": "tout",
                    "changes": [
                        {"kind": "retirement", "min_age": 62, "communes": ["96001", "96002"]},
                        {"kind": "add_practitioners", "commune": "96003", "practitioners": 2},
                        {"kind": "remove_practitioners", "commune": "96004", "practitioners": 1},
                        {"kind": "open_msp", "commune": "96005"},
                        {"kind": "close_site", "commune": "96006"},
                        {"kind": "population", "factors": {"96007": 1.1}},
                        {"kind": "age_bands", "factors": {"age_75_79": 1.2}, "communes": ["96008"]},
                    ],
                }
            ],
        }
    )
    assert sorted(code for code, _ in scenario_communes(cfg)) == [f"9600{k}" for k in range(1, 9)]
    assert pd.Index([w for _, w in scenario_communes(cfg)]).str.startswith("scenarios[0] (tout).changes[").all()
