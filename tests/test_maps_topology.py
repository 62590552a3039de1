"""The shared display geometry (TopoJSON) of the interactive maps: topology kept, compact, computed once."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape
from test_maps_fixtures import wiggly_grid

from access_map.maps import apl_map, display_geometries, save_map
from access_map.maps.topology import decode_topology, display_topology, encode_topology


def features(topo) -> list:
    """Polygons rebuilt from the arcs, as the browser does (independent decoder: plain Python)."""
    t = decode_topology(encode_topology(topo.topology))
    (sx, sy), (tx, ty) = t["transform"]["scale"], t["transform"]["translate"]
    arcs = []
    for arc in t["arcs"]:
        xy = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append(np.column_stack([xy[:, 0] * sx + tx, xy[:, 1] * sy + ty]))

    def ring(refs):
        pts = []
        for r in refs:
            a = arcs[r] if r >= 0 else arcs[~r][::-1]
            pts.extend(a.tolist() if not pts else a[1:].tolist())
        return pts

    out = []
    for g in t["objects"]["areas"]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        out.append(shape({"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in polys]}))
    return out


def test_encoding_round_trip_is_exact():
    topo = display_topology(wiggly_grid(5, 4), tolerance_m=30.0)
    assert decode_topology(encode_topology(topo.topology)) == {**topo.topology, "type": "Topology"}


def test_arcs_encoded_together_match_the_value_by_value_varint_encoder():
    """The vectorised arc encoder gives the text of the plain loop (zigzag, 5 bits a character), all magnitudes."""
    from access_map.maps.topology import _encode_arcs

    def one_by_one(values: list[int]) -> str:  # the format as encode_topology documents it
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        out = ""
        for v in values:
            z = 2 * v if v >= 0 else -2 * v - 1
            while z >= 32:
                out += alphabet[32 + z % 32]
                z //= 32
            out += alphabet[z]
        return out

    rng = np.random.default_rng(7)
    arcs = [
        rng.integers(-(10**e), 10**e + 1, (int(rng.integers(1, 15)), 2)).tolist()
        for e in rng.integers(0, 13, 2000).tolist()
    ] + [[[0, 0]], [[-1, 31], [32, -16], [1023, 1024]], [[2**40, -(2**40)]]]
    assert _encode_arcs(arcs) == [one_by_one([c for point in arc for c in point]) for arc in arcs]
    assert one_by_one([0, 0, 3, -1, -40, 2]) == "AAGBvCE"  # the documented example


def test_shared_borders_are_stored_once_and_neighbours_still_touch():
    cells = wiggly_grid(8, 6)
    topo = display_topology(cells, tolerance_m=40.0)
    polys = features(topo)
    # each interior border is one arc used by two cells: far fewer arcs than ring pieces
    refs = [abs(r if r >= 0 else ~r) for g in topo.topology["objects"]["areas"]["geometries"] for ring in g["arcs"]
            for r in ring]  # fmt: skip
    counts = pd.Series(refs).value_counts()
    assert (counts == 2).sum() >= 70  # 8 x 6 cells: 82 interior borders, each shared by two cells
    # no gap, no overlap between the decoded polygons (in degrees, so compare with areas)
    union = shapely.union_all(polys)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert sum(p.area for p in polys) == pytest.approx(union.area, rel=1e-9)
    assert polys[0].intersection(polys[1]).length > 0.015  # a 2 km border, in degrees


def test_region_map_is_under_3_mb_and_far_lighter_than_geojson(tmp_path):
    cells = wiggly_grid(70, 72)  # 5 040 communes (a large region), 80 border vertices each
    apl = pd.Series(np.linspace(0.5, 7.0, len(cells)), index=cells.index)
    cells["population"] = 1000.0
    path = save_map(apl_map(cells, apl), tmp_path / "region.html")
    size = path.stat().st_size
    assert size < 3_000_000
    geojson = len(display_geometries(cells).to_json())  # simplified GeoJSON of the same communes
    assert size < geojson / 2


def test_the_refresh_computes_the_display_geometry_once_per_map_territory(tmp_path, monkeypatch):
    import access_map.maps.topology as topology_module
    from access_map.refresh import demo_config, run_refresh

    calls = []
    original = topology_module.display_topology

    def counting(gdf, **kwargs):
        calls.append(len(gdf))
        return original(gdf, **kwargs)

    monkeypatch.setattr(topology_module, "display_topology", counting)
    res = run_refresh(demo_config(output_dir=tmp_path / "out", maps_dir=tmp_path / "maps"))
    html = [p for p in res.files if p.suffix == ".html" and p.parent.name == "maps"]
    assert len(html) >= 10
    # one for the 600 communes, shared by every commune map; one for the 2 departments of the summary maps
    assert sorted(calls) == [2, 600]


def test_payload_topology_is_what_the_map_embeds(tmp_path):
    cells = wiggly_grid(4, 3)
    topo = display_topology(cells)
    page = save_map(apl_map(cells, pd.Series(1.0, index=cells.index), topology=topo), tmp_path / "m.html").read_text()
    assert json.dumps(encode_topology(topo.topology)["arcs"][0]) in page
