"""The one territory loader (issue 11, observations 6 and 7): commune reference, selection, points, demo."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from access_map.datasets import load_demo
from access_map.datasets.demo import DEMO_FILES, demo_directory, demo_sources
from access_map.errors import AmbiguousColumnError, InvalidValueError, SourceError
from access_map.readers._io import SourceWarning
from access_map.readers.ign import read_admin_express
from access_map.readers.insee import read_populations_legales
from access_map.territory import (
    TerritorySelection,
    commune_reference,
    load_territory,
    read_commune_points,
    read_commune_table,
    select_communes,
)


def _idx(codes):
    return pd.Index(codes, name="code_commune")


def test_regions_of_communes_missing_from_the_populations_come_from_their_department():
    # contours of one COG vintage, populations of another: 33999 is not in the populations file
    contours = pd.DataFrame({"nom": ["A", "B", "C"]}, index=_idx(["33001", "33002", "33999"]))
    pops = pd.DataFrame(
        {"population_municipale": [100.0, 200.0], "code_region": ["75", "75"], "code_departement": ["33", "33"]},
        index=_idx(["33001", "33002"]),
    )
    with pytest.warns(SourceWarning) as rec:
        ref = commune_reference({"communes": contours, "populations": pops})
    assert ref["code_region"].tolist() == ["75", "75", "75"]
    assert ref.attrs["origins"]["code_region"] == {"populations": 2, "department": 1}
    assert ref["population"].tolist() == [100.0, 200.0, 0.0]
    # issue 11: the message names the file the population was read from, not "give sources.populations"
    (msg,) = [str(w.message) for w in rec]
    assert "1 commune des contours (sources.communes) absente(s) des populations légales" in msg
    assert "'33999'" in msg and "COG" in msg and "give sources.populations" not in msg


def test_a_department_no_input_knows_is_an_error_naming_what_was_given():
    contours = pd.DataFrame({"nom": ["A", "B"]}, index=_idx(["33001", "24001"]))
    pops = pd.DataFrame(
        {"population_municipale": [100.0], "code_region": ["75"], "code_departement": ["33"]}, index=_idx(["33001"])
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SourceWarning)
        with pytest.raises(SourceError, match=r"1 commune des contours .* sans région .*'24001'.*'24'"):
            commune_reference({"communes": contours, "populations": pops})


def test_selection_keeps_a_margin_of_context_communes():
    index = _idx(["33001", "33002", "24001", "24002"])
    communes = pd.DataFrame({"code_departement": ["33", "33", "24", "24"], "code_region": "75"}, index=index)
    # Lambert-93 points: 24001 is 5 km from 33002, 24002 is 50 km away
    pts = gpd.GeoDataFrame(
        geometry=[
            Point(400_000, 6_400_000),
            Point(410_000, 6_400_000),
            Point(415_000, 6_400_000),
            Point(460_000, 6_400_000),
        ],
        index=index,
        crs=2154,
    )
    out = select_communes(communes, TerritorySelection(departements=("33",), margin_km=10), points=pts)
    assert out["in_territory"].to_dict() == {"33001": True, "33002": True, "24001": False}
    assert select_communes(communes, TerritorySelection(departements=("33",), margin_km=0)).index.tolist() == [
        "33001",
        "33002",
    ]
    with pytest.raises(InvalidValueError, match=r"département\(s\) '40' absent\(s\) .* '24', '33'"):
        select_communes(communes, TerritorySelection(departements=("40",), margin_km=0))
    with pytest.raises(InvalidValueError, match="mal formé"):
        TerritorySelection(departements=("330",))


def test_demo_through_the_loader_matches_the_readers():
    """load_demo reads through load_territory; compare with the readers called directly."""
    demo = load_demo()
    d = demo_directory()
    contours = read_admin_express(d / DEMO_FILES["admin_express"], level="commune")
    pops = read_populations_legales(d / DEMO_FILES["populations_legales"])
    assert demo.communes.index.equals(contours.index)
    np.testing.assert_array_equal(
        demo.communes["population"].to_numpy(), pops["population_municipale"].reindex(contours.index).to_numpy()
    )
    assert (demo.communes["code_region"] == contours["code_region"]).all()
    assert demo.communes.columns.tolist() == ["nom", "code_departement", "code_region", "population", "geometry"]


def test_selection_of_the_demo_keeps_rows_of_the_selected_department_only():
    t = load_territory(demo_sources(), selection=TerritorySelection(departements=("96",), margin_km=0))
    keep = set(t.communes.index)
    assert set(t.communes["code_departement"]) == {"96"}
    for table in (t.practitioners, t.cpts, t.qpv, t.msp):
        assert set(table["code_commune"]) <= keep
    assert set(t.tvs.index) <= keep and t.departements.index.tolist() == ["96"]
    with_margin = load_territory(demo_sources(), selection=TerritorySelection(departements=("96",), margin_km=15))
    context = with_margin.communes[~with_margin.communes["in_territory"]]
    assert len(context) > 0 and set(context["code_departement"]) == {"00"}
    assert with_margin.core().communes.index.equals(t.communes.index)


def test_contours_with_a_code_commune_property_and_geojson_gz(tmp_path):
    # issue 11: the refresh contours refused `code_commune`
    gdf = gpd.GeoDataFrame(
        {"code_commune": ["33001", "33002"], "nom": ["A", "B"], "population": [10, 20]},
        geometry=[box(-0.6, 44.8, -0.5, 44.9), box(-0.5, 44.8, -0.4, 44.9)],
        crs=4326,
    )
    path = tmp_path / "communes.geojson"
    gdf.to_file(path, driver="GeoJSON")
    ref = read_commune_table(path)
    assert ref.index.tolist() == ["33001", "33002"] and ref["population"].tolist() == [10.0, 20.0]
    two = gdf.assign(code=gdf["code_commune"])
    two.to_file(tmp_path / "two.geojson", driver="GeoJSON")
    with pytest.raises(AmbiguousColumnError, match="'code_commune', 'code'|'code', 'code_commune'"):
        read_commune_table(tmp_path / "two.geojson")


def test_points_reader_any_crs_null_and_polygons(tmp_path):
    path = tmp_path / "pts.geojson"
    gpd.GeoDataFrame(
        {"INSEE_COM": ["33001", "33002", "33003"]},
        geometry=[Point(-0.58, 44.84), None, box(-0.7, 44.7, -0.6, 44.8)],
        crs=4326,
    ).to_file(path, driver="GeoJSON")
    with pytest.warns(SourceWarning, match=r"sans géométrie : 1 \(ex. '33002'\)"):
        pts = read_commune_points(path)
    assert pts.index.tolist() == ["33001", "33003"] and (pts.geom_type == "Point").all()
    assert pts.crs.to_epsg() == 4326 and pts.attrs["representative_points"] == 1
    with pytest.raises(SourceError, match="qui n'est pas un point"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SourceWarning)
            read_commune_points(path, representative_points=False)
