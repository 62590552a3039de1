"""National maps show metropolitan France with the overseas departments in insets (``access_map.maps.insets``).

Real contours (IGN Admin Express 2018, all France with the DROM): each DROM is moved into its own frame
at its own scale, its shape kept (areas scale by the square of the factor), metropolitan France is not
moved, and a national map (HTML: the first view; PNG: the drawn extent) no longer zooms out to the world.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from access_map.maps import display_topology, static_map, summary_map
from access_map.maps.insets import DROM, inset_layout, reposition_points
from access_map.maps.static import static_geometry
from conftest import shared_path


@pytest.fixture(scope="module")
def departements():
    from access_map.readers.ign import read_contours

    return read_contours(
        shared_path("communes_geojson_2018", "departements-avec-outre-mer.geojson.gz"), level="departement"
    )


def test_every_drom_in_its_frame_with_its_shape_and_france_unmoved(departements):
    moved, frames = inset_layout(departements)
    assert [f.code for f in frames] == ["971", "972", "973", "974", "976"]
    assert [f.name for f in frames] == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    for f in frames:
        geom = moved.geometry[f.code]
        fw, fs, fe, fn = f.box
        w, s, e, n = geom.bounds
        assert fw <= w and e <= fe and fs <= s and n <= fn, f.code
        # a similarity: the area in the frame is the area in the department's own projection times factor²
        own = departements.geometry[[f.code]].to_crs(DROM[f.code][0]).area.iloc[0]
        assert geom.area == pytest.approx(own * f.factor**2, rel=1e-9)
    # frames do not overlap each other nor metropolitan France
    boxes = [box(*f.box) for f in frames]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    metro = moved.drop(index=[f.code for f in frames])
    assert not any(metro.geometry.intersects(b).any() for b in boxes)
    # metropolitan France exactly where Lambert-93 puts it
    expected = departements.drop(index=[f.code for f in frames]).to_crs(2154)
    assert all(a.equals_exact(b, 1e-6) for a, b in zip(metro.geometry, expected.geometry))


def test_a_region_alone_is_not_moved(departements):
    reunion = departements.loc[["974"]]
    moved, frames = inset_layout(reunion)
    assert frames == [] and moved.geometry.iloc[0].equals(reunion.geometry.iloc[0])


def test_national_interactive_map_opens_on_france_with_its_insets(departements):
    # before: the DROM stretched the first view over the Atlantic and the Indian Ocean (west -61.8°, east 55.8°)
    topo = display_topology(departements)
    west, south, east, north = topo.bounds
    assert -8.0 < west < -4.0 and 40.0 < south < 42.0 and 8.0 < east < 10.0 and 50.0 < north < 52.0
    assert len(topo.insets) == 5
    m = summary_map(departements, pd.Series(1.0, index=departements.index), indicator_label="Essai", reference=1.0)
    payload = json.loads(re.search(r"AccessMap\.render\([^,]+, (\{.*\})\);", m.get_root().render()).group(1))
    assert [f["name"] for f in payload["insets"]] == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    assert "outre-mer en encart" in payload["insets_note"]
    # every overseas point (the label and search point of the area) sits inside its frame
    points = topo.points
    for f, frame in zip(topo.insets, payload["insets"]):
        (s, w), (n, e) = frame["bounds"]
        lat, lon = points.loc[f.code, ["lat", "lon"]]
        assert s <= lat <= n and w <= lon <= e


def test_national_image_draws_the_insets(departements, tmp_path):
    geo = static_geometry(departements)
    assert len(geo.insets) == 5
    west, south, east, north = geo.bounds  # Lambert-93 metres: France and the frames, not the Caribbean
    assert -100_000 < west < 100_000 and 6_000_000 < south and east < 1_300_000 and north < 7_200_000
    out = static_map(departements.assign(v=np.arange(len(departements), dtype=float)), "v", kind="indicator",
                     path=tmp_path / "f.svg", geometry=geo)  # fmt: skip
    svg = out.read_text(encoding="utf-8")
    assert all(name in svg for name in ("Guadeloupe", "Mayotte")) and "outre-mer en encart" in svg


def test_points_follow_the_insets(departements):
    _, frames = inset_layout(departements)
    pts = gpd.GeoDataFrame({"nom": ["Saint-Denis", "Bordeaux"]}, geometry=[Point(55.45, -20.88), Point(-0.58, 44.84)],
                           crs=4326)  # fmt: skip
    moved = reposition_points(pts, frames)
    reunion = next(f for f in frames if f.code == "974")
    assert box(*reunion.box).contains(moved.geometry.iloc[0])
    assert moved.geometry.iloc[1].equals_exact(pts.to_crs(2154).geometry.iloc[1], 1e-6)
