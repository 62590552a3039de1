"""The TopoJSON of the interactive maps (``access_map.maps.arcs``) stores each border once and draws the same shapes.

The arcs are built with array operations instead of the ``topojson`` package (which copied its whole state
several times: a minute for the regions of France). The package stays the reference: on the real commune
contours of a department, both give the same shapes for every commune, and the same number of arcs.
"""

from __future__ import annotations

import math
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from access_map.maps.arcs import coverage_topology
from access_map.maps.geometry import display_geometries
from access_map.maps.topology import auto_tolerance_m
from conftest import shared_path


def _absolute(topology: dict[str, Any]) -> list[np.ndarray]:
    return [np.cumsum(np.array(arc), axis=0) for arc in topology["arcs"]]


def _rings(topology: dict[str, Any]) -> list[list[list[tuple[int, int]]]]:
    """Each geometry's rings as grid points (decoded from the arcs, as topojson-client does)."""
    arcs = _absolute(topology)
    out = []
    for g in topology["objects"]["areas"]["geometries"]:
        polygons = [] if "arcs" not in g else (g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]])
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points: list[tuple[int, int]] = []
                for ref in ring:
                    arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                    chunk = [(int(x), int(y)) for x, y in arc]
                    points.extend(chunk if not points else chunk[1:])
                rings.append(points)
        out.append(rings)
    return out


def _shape(rings: list[list[tuple[int, int]]]) -> set[bytes]:
    """Rings compared as shapes: collinear and starting points and the direction do not matter."""
    return {shapely.to_wkb(shapely.normalize(shapely.simplify(Polygon(r), 0))) for r in rings}


def test_two_squares_share_one_border_stored_once():
    topo = coverage_topology(np.array([box(0, 0, 1, 1), box(1, 0, 2, 1)]), {"scale": [0.1, 0.1], "translate": [0, 0]})
    assert len(topo["arcs"]) == 3  # the left outline, the shared border, the right outline
    left, right = (g["arcs"][0] for g in topo["objects"]["areas"]["geometries"])
    shared = set(left) & {~r for r in right}
    assert len(shared) == 1  # referenced forwards by one square, backwards by the other
    rings = _rings(topo)
    assert sorted(set(rings[0][0])) == [(0, 0), (0, 10), (10, 0), (10, 10)]
    assert sorted(set(rings[1][0])) == [(10, 0), (10, 10), (20, 0), (20, 10)]


def test_an_enclave_and_the_hole_around_it_are_one_arc_and_rings_wind_as_topojson():
    outer = box(0, 0, 10, 10).difference(box(4, 4, 6, 6))
    inner = box(4, 4, 6, 6)
    two_parts = shapely.MultiPolygon([box(20, 0, 21, 1), box(22, 0, 23, 1)])
    topo = coverage_topology(np.array([outer, inner, two_parts]), {"scale": [1.0, 1.0], "translate": [0, 0]})
    g = topo["objects"]["areas"]["geometries"]
    assert [x["type"] for x in g] == ["Polygon", "Polygon", "MultiPolygon"]
    hole = g[0]["arcs"][1]
    assert len(hole) == 1 and g[1]["arcs"] == [[~hole[0]]]  # the same ring, walked the other way
    rings = _rings(topo)

    def signed_area(r: list[tuple[int, int]]) -> float:
        return float(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(r, r[1:])) / 2)

    assert signed_area(rings[0][0]) < 0 and signed_area(rings[0][1]) > 0  # exterior clockwise, hole not
    assert signed_area(rings[1][0]) < 0
    assert len(rings[2]) == 2 and _shape(rings[2]) == _shape([list(p.exterior.coords) for p in two_parts.geoms])


def test_real_communes_give_the_shapes_and_arcs_of_the_topojson_package():
    from topojson.core.topology import Topology

    from access_map.readers.ign import read_contours

    communes = read_contours(shared_path("communes_geojson_2018", "communes_2018.geojson.gz"))
    department = communes[communes.index.str.startswith("24")]  # Dordogne: 505 communes, enclaves included
    assert len(department) > 400
    tol = auto_tolerance_m(department)
    light = display_geometries(department[[department.geometry.name]], tolerance_m=tol, decimals=None)
    west, south, _, _ = light.total_bounds
    transform = {"scale": [tol / 4 / (111_195 * math.cos(math.radians(45))), tol / 4 / 111_195],
                 "translate": [float(west), float(south)]}  # fmt: skip
    frame = gpd.GeoDataFrame(geometry=light.geometry.to_numpy(), crs=4326)
    reference = Topology(frame, prequantize=cast(Any, transform), object_name="areas").to_dict()
    ours = coverage_topology(light.geometry.to_numpy(), transform)
    assert len(ours["arcs"]) == len(reference["arcs"])
    theirs, mine = _rings(reference), _rings(ours)
    differ = [department.index[i] for i in range(len(department)) if _shape(theirs[i]) != _shape(mine[i])]
    assert differ == []


@pytest.mark.parametrize("geometries", [np.array([], dtype=object), np.array([Polygon()])])
def test_nothing_to_draw_gives_geometries_without_arcs(geometries):
    topo = coverage_topology(geometries, {"scale": [1.0, 1.0], "translate": [0, 0]})
    assert topo["arcs"] == []
    assert all("arcs" not in g for g in topo["objects"]["areas"]["geometries"])
