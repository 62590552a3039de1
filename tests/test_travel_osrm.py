"""OSRM table client against a small local server speaking the table API (127.0.0.1, ephemeral port)."""

from __future__ import annotations

import json
import math
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from access_map.errors import CRSError, InvalidValueError, SourceError
from access_map.travel import osrm_table_times

SPEED_M_PER_S = 10.0  # the fake router drives at 36 km/h along the great circle


def _haversine_m(lon1, lat1, lon2, lat2):
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


class FakeOSRM:
    """State shared with the handler: requests seen, scripted failures, reply mode."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_next = 0  # answer HTTP 500 this many times
        self.mode = "ok"  # "ok" | "invalid" | "toobig"
        self.unreachable_lon_above: float | None = None  # coordinates east of this have no route


def _make_handler(state: FakeOSRM):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def _reply(self, status: int, payload) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 (http.server API)
            url = urlsplit(self.path)  # not urlparse: it would cut the path at ';'
            parts = url.path.split("/")
            # /table/v1/{profile}/{coords}
            coords = [tuple(map(float, c.split(","))) for c in parts[4].split(";")]
            q = parse_qs(url.query)
            sources = [int(k) for k in q["sources"][0].split(";")]
            dests = [int(k) for k in q["destinations"][0].split(";")]
            state.requests.append(
                {
                    "profile": parts[3],
                    "n_coords": len(coords),
                    "sources": sources,
                    "destinations": dests,
                    "annotations": q.get("annotations", [""])[0],
                }
            )
            if state.fail_next > 0:
                state.fail_next -= 1
                self._reply(500, {"code": "InternalError"})
                return
            if state.mode == "invalid":
                self._reply(400, {"code": "InvalidQuery", "message": "Query string malformed close to position 7"})
                return
            if state.mode == "toobig":
                self._reply(400, {"code": "TooBig", "message": "Too many table coordinates"})
                return
            cut = state.unreachable_lon_above
            durations = [
                [
                    None
                    if cut is not None and (coords[s][0] > cut) != (coords[d][0] > cut)
                    else _haversine_m(*coords[s], *coords[d]) / SPEED_M_PER_S
                    for d in dests
                ]
                for s in sources
            ]
            self._reply(200, {"code": "Ok", "durations": durations})

    return Handler


@pytest.fixture()
def osrm():
    state = FakeOSRM()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(state))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def _lonlat_points(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    lon = rng.uniform(-0.8, -0.4, n)  # around Bordeaux
    lat = rng.uniform(44.7, 45.0, n)
    codes = [f"33{k:03d}" for k in range(1, n + 1)]
    return codes, lon, lat


def _expected(codes_o, lon_o, lat_o, codes_d, lon_d, lat_d):
    # independent computation from the original lon/lat (the client reprojects from Lambert-93)
    out = {}
    for co, xo, yo in zip(codes_o, lon_o, lat_o):
        for cd, xd, yd in zip(codes_d, lon_d, lat_d):
            out[(co, cd)] = 0.0 if co == cd else _haversine_m(xo, yo, xd, yd) / SPEED_M_PER_S / 60.0
    return out


def test_chunking_obeys_max_table_size_and_covers_every_pair(osrm):
    codes, lon, lat = _lonlat_points(23)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326).to_crs(2154)
    t = osrm_table_times(pts, base_url=osrm.base_url, max_table_size=10)
    # 23 x 23 with at most 10 coordinates per request: tiles of 5 sources x 5 destinations
    # -> ceil(23/5)^2 = 5 * 5 = 25 requests
    assert len(osrm.requests) == 25
    assert all(r["n_coords"] <= 10 for r in osrm.requests)
    # each coordinate is sent once: diagonal tiles (same communes on both sides) carry 5, the others 10
    assert all(r["n_coords"] == len(set(r["sources"]) | set(r["destinations"])) for r in osrm.requests)
    assert sum(r["n_coords"] == 5 for r in osrm.requests) == 4  # 4 full diagonal tiles (+ the 3x3 corner)
    assert all(r["profile"] == "driving" and r["annotations"] == "duration" for r in osrm.requests)
    expected = _expected(codes, lon, lat, codes, lon, lat)
    got = {(o, d): m for o, d, m in zip(t["origin"], t["destination"], t["minutes"])}
    assert got.keys() == expected.keys()
    assert np.allclose([got[k] for k in expected], list(expected.values()), atol=1e-3)
    assert list(t.columns) == ["origin", "destination", "minutes"]


def test_small_symmetric_table_is_one_request_with_each_point_once(osrm):
    codes, lon, lat = _lonlat_points(8)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326)
    t = osrm_table_times(pts, base_url=osrm.base_url, max_table_size=10)
    assert [r["n_coords"] for r in osrm.requests] == [8]
    assert len(t) == 64


def test_asymmetric_chunks_and_max_minutes(osrm):
    codes, lon, lat = _lonlat_points(12, seed=1)
    origins = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon[:3], lat[:3]), index=codes[:3], crs=4326)
    dests = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326)
    t = osrm_table_times(origins, dests, base_url=osrm.base_url + "/", max_table_size=8, max_minutes=30.0)
    # 3 sources fit with 5 destinations per request: ceil(12 / 5) = 3 requests
    assert len(osrm.requests) == 3
    assert all(r["n_coords"] <= 8 and len(r["sources"]) == 3 for r in osrm.requests)
    expected = {k: v for k, v in _expected(codes[:3], lon[:3], lat[:3], codes, lon, lat).items() if v <= 30.0}
    got = {(o, d): m for o, d, m in zip(t["origin"], t["destination"], t["minutes"])}
    assert got.keys() == expected.keys()
    assert 0 < len(expected) < 36  # the filter did something


def test_max_crow_km_requests_only_neighbourhoods(osrm):
    rng = np.random.default_rng(5)
    xy = rng.uniform(0, 100_000, size=(150, 2)) + [400_000, 6_400_000]  # 100 km x 100 km in Lambert-93
    codes = [f"33{k:03d}" for k in range(1, 151)]
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), index=codes, crs=2154)
    t = osrm_table_times(pts, base_url=osrm.base_url, max_table_size=40, max_crow_km=15.0)
    n_near = len(osrm.requests)
    assert all(r["n_coords"] <= 40 for r in osrm.requests)
    # independent expectation: pairs within 15 km in Lambert-93, times from the reprojected lon/lat
    ll = pts.to_crs(4326).geometry
    lon, lat = ll.x.to_numpy(), ll.y.to_numpy()
    expected = {}
    for a in range(150):
        for b in range(150):
            if math.hypot(*(xy[a] - xy[b])) <= 15_000:
                expected[(codes[a], codes[b])] = (
                    0.0 if a == b else _haversine_m(lon[a], lat[a], lon[b], lat[b]) / SPEED_M_PER_S / 60.0
                )
    got = {(o, d): m for o, d, m in zip(t["origin"], t["destination"], t["minutes"])}
    assert got.keys() == expected.keys()
    assert np.allclose([got[k] for k in expected], list(expected.values()), atol=1e-3)
    # the whole matrix would need ceil(150 / 20)^2 = 64 requests
    osrm.requests.clear()
    osrm_table_times(pts, base_url=osrm.base_url, max_table_size=40)
    assert len(osrm.requests) == 64
    assert n_near < 64 / 2


def test_retry_after_one_server_error(osrm):
    codes, lon, lat = _lonlat_points(3)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326)
    osrm.fail_next = 1
    t = osrm_table_times(pts, base_url=osrm.base_url, backoff_seconds=0.01)
    assert len(osrm.requests) == 2  # one 500, then success
    assert len(t) == 9


def test_persistent_server_error_gives_up_after_retries(osrm):
    codes, lon, lat = _lonlat_points(2)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326)
    osrm.fail_next = 10
    with pytest.raises(SourceError, match=r"injoignable à http://127\.0\.0\.1:\d+ après 3 essai\(s\) \(HTTP 500\)"):
        osrm_table_times(pts, base_url=osrm.base_url, retries=2, backoff_seconds=0.0)
    assert len(osrm.requests) == 3


def test_unreachable_port_raises_source_error_with_hint():
    with socket.socket() as s:  # find a free port, then close it: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    codes, lon, lat = _lonlat_points(2)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326)
    with pytest.raises(SourceError, match=r"serveur OSRM injoignable à .*osrm-routed.*--max-table-size"):
        osrm_table_times(pts, base_url=f"http://127.0.0.1:{port}", retries=1, backoff_seconds=0.0, timeout_seconds=2)


def test_invalid_query_reply_is_an_error(osrm):
    codes, lon, lat = _lonlat_points(2)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326)
    osrm.mode = "invalid"
    with pytest.raises(SourceError, match=r"code 'InvalidQuery' \(Query string malformed"):
        osrm_table_times(pts, base_url=osrm.base_url)
    assert len(osrm.requests) == 1  # a 4xx is not retried


def test_too_big_reply_says_how_to_fix(osrm):
    codes, lon, lat = _lonlat_points(2)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=4326)
    osrm.mode = "toobig"
    with pytest.raises(SourceError, match=r"'TooBig'.*baissez max_table_size"):
        osrm_table_times(pts, base_url=osrm.base_url)


def test_null_durations_are_dropped_and_counted(osrm):
    # two communes east of -0.5 deg, one west: no route across (like an estuary without a bridge)
    pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy([-0.6, -0.45, -0.42], [44.8, 44.8, 44.85]),
        index=["33001", "33002", "33003"],
        crs=4326,
    )
    osrm.unreachable_lon_above = -0.5
    with pytest.warns(UserWarning, match=r"4 paire\(s\) sans itinéraire"):
        t = osrm_table_times(pts, base_url=osrm.base_url)
    # 9 pairs - (33001<->33002, 33001<->33003 both ways) = 5
    assert sorted(zip(t["origin"], t["destination"])) == [
        ("33001", "33001"),
        ("33002", "33002"),
        ("33002", "33003"),
        ("33003", "33002"),
        ("33003", "33003"),
    ]


def test_bad_arguments():
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([0.0], [0.0]), index=["01001"])
    with pytest.raises(CRSError, match="aucune projection \\(CRS\\) sur origins"):
        osrm_table_times(pts, base_url="http://127.0.0.1:1")
    with pytest.raises(InvalidValueError, match="max_table_size"):
        osrm_table_times(pts.set_crs(4326), base_url="http://127.0.0.1:1", max_table_size=1)


def test_input_not_modified(osrm):
    codes, lon, lat = _lonlat_points(3)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), index=codes, crs=2154)
    before = pts.copy()
    osrm_table_times(pts, base_url=osrm.base_url)
    pd.testing.assert_frame_equal(pts, before)
    assert pts.crs.to_epsg() == 2154
