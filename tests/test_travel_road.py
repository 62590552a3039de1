"""Road times in process with OSRM (osrm-bindings) on the real Monaco extract, checked against hand-computed
facts, against a real ``osrm-routed`` started from the same wheel, and on places without roads.

The graph is built once per module (about a second) in a temporary cache folder.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from pyproj import Geod
from shapely.geometry import Point

from access_map import csv_format
from access_map.cli import main
from access_map.errors import InvalidValueError, SourceError
from access_map.readers.ign import read_chefs_lieux
from access_map.travel import (
    MAX_SPEED_KMH,
    build_osrm_graph,
    compare_travel_times,
    crow_fly_times,
    osrm_table_times,
    road_times,
    snap_points,
)
from access_map.travel.osrm_graph import osrm_binary, profile_path
from conftest import shared_path

#: The 7 French communes of the extract (SOURCES.md), INSEE codes.
MONACO_COMMUNES = ["06012", "06032", "06150", "06104", "06059", "06091", "06083"]
#: Bounding box of the extract (SOURCES.md): lon 7.349-7.491 E, lat 43.715-43.770 N.
BBOX = (7.349, 43.715, 7.491, 43.770)
GEOD = Geod(ellps="WGS84")

#: every test here runs the OSRM engine of the routing extra (skipped, by name, without it)
pytestmark = pytest.mark.routing


def _pbf() -> Path:
    return shared_path("osm_monaco_osrm_test", "monaco.osm.pbf")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("osrm_cache")


@pytest.fixture(scope="module")
def graph(cache: Path):
    return build_osrm_graph(_pbf(), cache_dir=cache)


@pytest.fixture(scope="module")
def chefs_lieux() -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the national file's 111 points-less codes, not ours
        points = read_chefs_lieux(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz"))
    return points.loc[MONACO_COMMUNES, ["geometry"]]


@pytest.fixture(scope="module")
def road(graph, chefs_lieux) -> pd.DataFrame:
    with pytest.warns(UserWarning, match="rattaché\\(s\\) à plus de 500 m"):
        return road_times(chefs_lieux, graph=graph, max_minutes=None)


def _geodesic_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    _, _, metres = GEOD.inv(np.asarray(lon1), np.asarray(lat1), np.asarray(lon2), np.asarray(lat2))
    return np.asarray(metres) / 1000.0


# --------------------------------------------------------------------------- graph build


def test_graph_is_built_once_and_cached_by_content(graph, cache: Path, tmp_path: Path) -> None:
    assert graph.osm_sha256 == "36c0f0029ed838897322382611b67e8e5e7bcb07d5b17a25f3574dec54f1c23c"  # SOURCES.md
    assert graph.path.parent.parent == cache / "osrm"
    assert Path(str(graph.path) + ".hsgr").is_file()  # contracted (CH)
    manifest = json.loads((graph.path.parent / "graph.json").read_text())
    assert manifest["osm_sha256"] == graph.osm_sha256 and manifest["profile"] == "car"
    again = build_osrm_graph(_pbf(), cache_dir=cache)
    assert again.cached and again.path == graph.path
    copy = tmp_path / "renamed.osm.pbf"  # same content elsewhere: same cached graph
    shutil.copy(_pbf(), copy)
    assert build_osrm_graph(copy, cache_dir=cache).path == graph.path


def test_default_car_profile_routes_as_the_shipped_car_lua(graph, cache: Path, chefs_lieux) -> None:
    # "car" is the shipped car.lua without its exclude classes (a 4x faster contraction): same answers
    shipped = build_osrm_graph(_pbf(), profile=profile_path("car"), cache_dir=cache)
    assert shipped.path != graph.path
    assert "profile.excludable = nil" in (graph.path.parent / "car_access_map.lua").read_text()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = road_times(chefs_lieux, graph=graph, max_minutes=None)
        theirs = road_times(chefs_lieux, graph=shipped, max_minutes=None)
    pd.testing.assert_frame_equal(ours, theirs)


def test_graph_build_errors_are_clear(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(SourceError, match="extrait OpenStreetMap introuvable"):
        build_osrm_graph(tmp_path / "none.osm.pbf", cache_dir=cache)
    html = tmp_path / "region.osm.pbf"
    html.write_text("<html>404 Not Found</html>")
    with pytest.raises(SourceError, match="n'est pas un fichier PBF OpenStreetMap"):
        build_osrm_graph(html, cache_dir=cache)
    empty = tmp_path / "empty.osm.pbf"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="est vide"):
        build_osrm_graph(empty, cache_dir=cache)
    other = tmp_path / "region.geojson"
    other.write_text("{}")
    with pytest.raises(SourceError, match="pas un nom d'extrait OpenStreetMap"):
        build_osrm_graph(other, cache_dir=cache)
    with pytest.raises(InvalidValueError, match="profil d'itinéraire inconnu 'truck'.*'car'"):
        build_osrm_graph(_pbf(), profile="truck", cache_dir=cache)
    with pytest.raises(InvalidValueError, match="threads"):
        build_osrm_graph(_pbf(), threads=0, cache_dir=cache)


def test_truncated_extract_fails_with_osrm_message_and_leaves_no_graph(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.osm.pbf"
    truncated.write_bytes(_pbf().read_bytes()[:300_000])  # valid header, cut in the middle of a block
    cache = tmp_path / "cache"
    with pytest.raises(
        SourceError, match=r"(?s)osrm-extract a échoué sur .*truncated.osm.pbf.*PBF error: unexpected EOF"
    ):
        build_osrm_graph(truncated, cache_dir=cache)
    assert not any((cache / "osrm").iterdir())  # the half-built folder is removed


# --------------------------------------------------------------------------- snapping and table


def test_snapping_matches_the_extract_bounding_box(graph, chefs_lieux) -> None:
    snap = snap_points(chefs_lieux, graph)
    assert list(snap.index) == MONACO_COMMUNES
    inside = snap["lon"].between(BBOX[0], BBOX[2]) & snap["lat"].between(
        BBOX[1], BBOX[3]
    )  # chefs-lieux inside the extract lie on (or next to) a road
    assert inside.sum() == 5
    assert (snap.loc[inside, "snap_m"] < 50).all()
    # Peille's village (43.8028 N) is north of the extract (43.770 N): it cannot snap nearer than the
    # edge, (43.80276 - 43.770) degrees of latitude = 3.64 km; Menton's town hall is east of 7.491 E
    peille = snap.loc["06091"]
    edge_km = _geodesic_km(peille["lon"], peille["lat"], peille["lon"], BBOX[3])
    assert edge_km == pytest.approx(3.64, abs=0.01)
    assert peille["snap_m"] / 1000 >= edge_km
    menton = snap.loc["06083"]
    assert menton["snap_m"] / 1000 >= _geodesic_km(menton["lon"], menton["lat"], BBOX[2], menton["lat"])
    # the reported distance is the distance to the reported location
    moved = _geodesic_km(snap["lon"], snap["lat"], snap["snapped_lon"], snap["snapped_lat"]) * 1000
    assert moved == pytest.approx(snap["snap_m"].to_numpy(), rel=0.01, abs=1.0)


def test_monaco_table_facts(road: pd.DataFrame, graph, chefs_lieux) -> None:
    assert list(road.columns) == ["origin", "destination", "minutes", "km"]
    pairs = road[road["origin"] != road["destination"]]
    routed = sorted(set(MONACO_COMMUNES) - {"06091"})  # Peille: 3.7 km from the extract's roads, left out
    # connectivity: every ordered pair of the 6 routed communes has a road time
    assert sorted(set(pairs["origin"])) == routed
    assert len(pairs) == 6 * 5
    assert road[road["origin"] == "06091"][["destination", "minutes"]].values.tolist() == [["06091", 0.0]]
    # intra-commune 0
    selfs = road[road["origin"] == road["destination"]]
    assert len(selfs) == 7 and (selfs["minutes"] == 0).all() and (selfs["km"] == 0).all()
    # no trip beats 130 km/h as the crow flies between the snapped points (geodesic, pyproj)
    snap = snap_points(chefs_lieux, graph)
    o, d = snap.loc[pairs["origin"]], snap.loc[pairs["destination"]]
    crow_km = _geodesic_km(o["snapped_lon"], o["snapped_lat"], d["snapped_lon"], d["snapped_lat"])
    assert (pairs["minutes"].to_numpy() >= crow_km / MAX_SPEED_KMH * 60 - 1e-6).all()
    assert (pairs["km"].to_numpy() >= crow_km - 1e-3).all()  # roads are never shorter than the crow flies
    # plausible ranges for a 14 km wide coastal area: 2-25 minutes, average speeds 20-90 km/h, detours < 2.5
    speed = pairs["km"] / (pairs["minutes"] / 60)
    assert pairs["minutes"].between(2, 25).all() and speed.between(20, 90).all()
    # detours: La Turbie sits 480 m above Monaco, reached by hairpin roads (6.6 km for 2.1 km to Beausoleil)
    assert (pairs["km"].to_numpy() / crow_km).max() < 4.0
    # asymmetry allowed (one-way streets): Beausoleil -> Cap-d'Ail differs from the way back by > 0.5 min
    t = road.set_index(["origin", "destination"])["minutes"]
    assert abs(t["06012", "06032"] - t["06032", "06012"]) > 0.5
    # neighbours are closer than the far ends of the area: Roquebrune-Menton < Eze-Menton
    assert t["06104", "06083"] < 5 < 15 < t["06059", "06083"]


def test_catchment_cut_and_prefilter_lose_no_pair(graph) -> None:
    # 150 random points over the area: the pre-filter radius at 2 min (4.3 km at 130 km/h) is smaller than
    # the area, so it drops pairs; the result must still equal the full table cut at 2 min
    rng = np.random.default_rng(13)
    lon = rng.uniform(7.40, 7.48, 150)
    lat = rng.uniform(43.728, 43.765, 150)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=[f"06{k:03d}" for k in range(1, 151)], crs=4326)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few random points fall in the sea
        full = road_times(pts, graph=graph, max_minutes=None, max_snap_m=None)
        cut = road_times(pts, graph=graph, max_minutes=2.0, max_snap_m=None)
    snap = snap_points(pts, graph)
    far = _geodesic_km(
        *(snap.loc[full["origin"], ["snapped_lon", "snapped_lat"]].to_numpy().T),
        *(snap.loc[full["destination"], ["snapped_lon", "snapped_lat"]].to_numpy().T),
    )
    assert (far > 2.0 / 60 * MAX_SPEED_KMH).sum() > 1000  # the pre-filter does drop pairs here
    expected = full[full["minutes"] <= 2.0].reset_index(drop=True)
    assert (expected["origin"] != expected["destination"]).sum() > 1000  # and keeps many
    pd.testing.assert_frame_equal(cut, expected)
    assert len(full) == 150 * 150  # every pair routed without the cut (one connected network)


def test_points_where_no_road_exists(graph, chefs_lieux) -> None:
    sea = gpd.GeoDataFrame(  # the Mediterranean, 10-15 km south of Monaco
        geometry=[Point(7.42, 43.62), Point(7.45, 43.60)], index=["06900", "06901"], crs=4326
    )
    with (
        pytest.warns(UserWarning, match="2 point"),
        pytest.raises(SourceError, match="aucun des 2 points n'est à moins de 2\u202f000 m"),
    ):
        road_times(sea, graph=graph)
    mixed = pd.concat([chefs_lieux.loc[["06012", "06104"]], sea.iloc[:1]])
    with pytest.warns(UserWarning, match=r"'06900 1\d,\d{3} m'.*exclus du calcul"):
        t = road_times(mixed, graph=graph)
    assert t[t["origin"] == "06900"][["destination", "minutes"]].values.tolist() == [["06900", 0.0]]
    assert set(t.loc[t["origin"] == "06012", "destination"]) == {"06012", "06104"}


def test_bad_inputs(graph, chefs_lieux, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="pas de graphe OSRM"):
        road_times(chefs_lieux, graph=tmp_path / "graph.osrm")
    with pytest.raises(InvalidValueError, match="max_minutes"):
        road_times(chefs_lieux, graph=graph, max_minutes=-1)
    no_crs = chefs_lieux.set_crs(None, allow_override=True)
    with pytest.raises(Exception, match="aucune projection \\(CRS\\)"):
        road_times(no_crs, graph=graph)


# --------------------------------------------------------------------------- a real osrm-routed


@pytest.fixture(scope="module")
def routed(graph):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            str(osrm_binary("osrm-routed")),
            "--algorithm",
            "ch",
            "--ip",
            "127.0.0.1",
            "--port",
            str(port),
            str(graph.path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/nearest/v1/driving/7.42,43.74", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("osrm-routed did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_in_process_table_agrees_with_a_real_osrm_routed(routed: str, graph, chefs_lieux) -> None:
    rng = np.random.default_rng(7)
    extra = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(rng.uniform(7.40, 7.48, 60), rng.uniform(43.73, 43.765, 60)),
        index=[f"06{k:03d}" for k in range(300, 360)],
        crs=4326,
    )
    pts = pd.concat([chefs_lieux.drop(index="06091"), extra])  # Peille is left out in process (far snap)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = road_times(pts, graph=graph, max_minutes=None, max_snap_m=None)
    served = osrm_table_times(pts, base_url=routed, max_table_size=100)  # the package's HTTP client
    assert len(local) == len(served) == 66 * 66
    merged = local.merge(served, on=["origin", "destination"], suffixes=("_local", "_http"))
    assert len(merged) == 66 * 66
    # the same engine on the same graph and coordinates: the same durations (0.1 s precision in both)
    assert np.abs(merged["minutes_local"] - merged["minutes_http"]).max() * 60 < 1e-6
    assert merged["minutes_http"].max() > 10  # the comparison covers real trips, not only near-zero ones


# --------------------------------------------------------------------------- crow-fly vs road on Monaco


def test_what_crow_fly_costs_on_monaco(road: pd.DataFrame, chefs_lieux) -> None:
    routed_points = chefs_lieux.drop(index="06091").to_crs(2154)
    crow = crow_fly_times(routed_points, max_minutes=60)
    c = compare_travel_times(crow, road)
    assert c.n_common == 30 and c.only_a == c.only_b == 0
    # the default crow-fly model (2 + 1.32 min/km) on this steep coast: errors of minutes on 4-18 minute trips
    assert 1.0 < c.mae_minutes < 5.0
    assert 0.5 < c.spearman <= 1.0
    within = compare_travel_times(crow, road, max_minutes=10.0)
    assert within.only_a + within.only_b > 0  # the 10-minute catchments differ


# --------------------------------------------------------------------------- CLI


def test_cli_road_writes_times_and_snapping(graph, cache: Path, tmp_path: Path) -> None:
    points = shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")
    out = tmp_path / "times.parquet"
    res = CliRunner().invoke(
        main,
        [
            "travel", "road", "--osm", str(_pbf()), "--points", str(points), "--departement", "06",
            "--max-minutes", "20", "--output", str(out), "--cache-dir", str(cache),
        ],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "en cache" in res.output  # the module's graph is reused
    assert "exclus du calcul" in res.output  # the communes of 06 outside the extract
    times = pd.read_parquet(out)
    assert list(times.columns) == ["origin", "destination", "minutes", "km"]
    assert set(times.loc[times["origin"] != times["destination"], "origin"]) >= set(MONACO_COMMUNES) - {"06091"}
    assert times["minutes"].max() <= 20
    snapping = csv_format.read_csv(tmp_path / "times.snapping.csv").set_index("code_commune")
    assert snapping.loc["06091", "snap_m"] == pytest.approx(3659, abs=1)
    assert len(snapping) == times["origin"].nunique()  # every commune of 06 with a point


KILLED_AT_FIRST_SWAP = """
import os, sys
from access_map.outputs import commit as c
def checkpoint(name):
    if name == "swap 0":
        os._exit(9)
c.checkpoint = checkpoint
from access_map.cli import main
main(sys.argv[1:])
"""


def test_cli_road_puts_the_matrix_and_its_snapping_report_in_place_together(graph, cache: Path, tmp_path: Path) -> None:
    """Killed after the first of the two files is in place: the next command writing there finishes the pair."""
    import subprocess
    import sys

    from access_map.outputs.files import files_written_together

    points = shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")
    out = tmp_path / "times.csv"
    args = ["travel", "road", "--osm", str(_pbf()), "--points", str(points), "--departement", "06",
            "--output", str(out), "--cache-dir", str(cache)]  # fmt: skip
    assert CliRunner().invoke(main, [*args, "--max-minutes", "5"]).exit_code == 0
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_FIRST_SWAP, *args, "--max-minutes", "20", "--overwrite"],
                            capture_output=True, text=True)  # fmt: skip
    assert killed.returncode == 9, killed.stderr
    assert list(tmp_path.glob(".access_map_ecriture-*.json"))  # the journal of the pair
    with pytest.warns(UserWarning, match="terminée d'après son journal"):
        with files_written_together(tmp_path):
            pass
    times = csv_format.read_csv(out)
    snapping = csv_format.read_csv(tmp_path / "times.snapping.csv")
    assert times["minutes"].max() > 5  # the second run's matrix (20 minutes)...
    assert len(snapping) and not list(tmp_path.glob(".*"))  # ... beside its report, nothing left behind


def test_cli_road_keeps_a_users_file_named_like_the_snapping_report(tmp_path: Path) -> None:
    """``times.snapping.csv`` already there (the user's, or an earlier run's): refused before any work, kept."""
    points = shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")
    mine = tmp_path / "times.snapping.csv"
    mine.write_text("mes notes\n", encoding="utf-8")
    res = CliRunner().invoke(
        main,
        ["travel", "road", "--osm", str(_pbf()), "--points", str(points), "--output", str(tmp_path / "times.csv")],
    )  # fmt: skip
    assert res.exit_code != 0 and "times.snapping.csv existe ; ajoutez --overwrite pour le remplacer" in res.output
    assert mine.read_text(encoding="utf-8") == "mes notes\n" and not (tmp_path / "times.csv").exists()


def test_cli_road_errors(tmp_path: Path, cache: Path) -> None:
    pts = tmp_path / "p.geojson"
    gpd.GeoDataFrame({"code": ["06012"]}, geometry=[Point(7.42, 43.74)], crs=4326).to_file(pts, driver="GeoJSON")
    runner = CliRunner()
    res = runner.invoke(
        main,
        [
            "travel",
            "road",
            "--osm",
            str(tmp_path / "x.osm.pbf"),
            "--points",
            str(pts),
            "--output",
            str(tmp_path / "t.csv"),
        ],
    )
    assert res.exit_code == 1 and "extrait OpenStreetMap introuvable" in res.output and "Traceback" not in res.output
    res = runner.invoke(
        main,
        [
            "travel",
            "road",
            "--osm",
            str(_pbf()),
            "--points",
            str(pts),
            "--profile",
            "truck",
            "--output",
            str(tmp_path / "t.csv"),
        ],
    )
    assert res.exit_code == 1 and "profil d'itinéraire inconnu 'truck'" in res.output
    res = runner.invoke(
        main,
        ["travel", "road", "--osm", "fetch:osm_nowhere", "--points", str(pts), "--output", str(tmp_path / "t.csv")],
    )
    assert res.exit_code == 1 and "jeu de données inconnu 'osm_nowhere'" in res.output
