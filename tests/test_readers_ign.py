"""Tests of access_map.readers.ign: hand-made GeoPackage / Shapefile / GeoJSON and the real france-geojson contours."""

from __future__ import annotations

import json
import warnings

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box

from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError, SourceError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.ign import read_admin_express, read_chefs_lieux, read_contours, read_geojson_contours
from conftest import shared_path


def _admin_express(path, *, lower=False):
    """A 3-commune, 2-department, 1-region ADMIN EXPRESS-like GeoPackage (Lambert-93)."""
    communes = gpd.GeoDataFrame(
        {
            "INSEE_COM": ["96001", "96002", "00001"],
            "NOM": ["Brumaille", "Le Vaurac", "Sorlande"],
            "INSEE_DEP": ["96", "96", "00"],
            "INSEE_REG": ["07", "07", "07"],
            "POPULATION": [1200, 80, 4500],
        },
        geometry=[box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000), box(0, 1000, 2000, 2000)],
        crs=2154,
    )
    if lower:
        communes.columns = [c.lower() if c != "geometry" else c for c in communes.columns]
        communes = communes.set_geometry("geometry")
    communes.to_file(path, layer="commune")
    gpd.GeoDataFrame(
        {"INSEE_DEP": ["96", "00"], "NOM": ["Val", "Hautes"], "INSEE_REG": ["07", "07"]},
        geometry=[box(0, 0, 2000, 1000), box(0, 1000, 2000, 2000)],
        crs=2154,
    ).to_file(path, layer="departement")
    gpd.GeoDataFrame(
        {"INSEE_REG": ["07"], "NOM": ["Région fictive"]}, geometry=[box(0, 0, 2000, 2000)], crs=2154
    ).to_file(path, layer="region")
    gpd.GeoDataFrame(
        {"INSEE_COM": ["96001", "96002", "00001"], "NOM": ["Brumaille", "Le Vaurac", "Sorlande"]},
        geometry=[Point(500, 500), Point(1500, 500), Point(1000, 1500)],
        crs=2154,
    ).to_file(path, layer="chflieu_commune")
    return path


def test_admin_express_gpkg_all_levels(tmp_path):
    p = _admin_express(tmp_path / "ae.gpkg")
    c = read_admin_express(p)
    assert c.index.name == "code_commune"
    assert c.index.tolist() == ["00001", "96001", "96002"]
    assert c.loc["96002", ["nom", "code_departement", "code_region"]].tolist() == ["Le Vaurac", "96", "07"]
    assert c["population"].tolist() == [4500.0, 1200.0, 80.0]
    assert c.crs.to_epsg() == 2154
    assert c.loc["96001"].geometry.area == 1_000_000  # 1 km x 1 km
    d = read_admin_express(p, level="departement")
    assert d.index.name == "code" and d.index.tolist() == ["00", "96"]
    assert d.loc["96", "code_region"] == "07"
    r = read_contours(p, level="region", to_crs=4326)
    assert r.index.tolist() == ["07"] and r.crs.to_epsg() == 4326
    ch = read_chefs_lieux(p)
    assert ch.loc["00001"].geometry.equals(Point(1000, 1500))
    # chef-lieu inside its commune polygon (a cross-check between layers)
    assert all(c.loc[k].geometry.contains(ch.loc[k].geometry) for k in c.index)


def test_admin_express_lower_case_fields_and_layer_errors(tmp_path):
    p = _admin_express(tmp_path / "ae.gpkg", lower=True)
    c = read_admin_express(p, to_crs=4326)
    assert c.crs.to_epsg() == 4326
    assert c.loc["96001", "nom"] == "Brumaille"
    with pytest.raises(SourceError, match=r"pas de couche 'communes' dans .*ae\.gpkg.*'commune'"):
        read_admin_express(p, layer="communes")
    with pytest.raises(InvalidValueError, match="level='canton'"):
        read_admin_express(p, level="canton")
    with pytest.raises(SourceError, match="fichier introuvable"):
        read_admin_express(tmp_path / "missing.gpkg")


def test_admin_express_shapefile_directory(tmp_path):
    folder = tmp_path / "ADMIN-EXPRESS" / "1_DONNEES_LIVRAISON"
    folder.mkdir(parents=True)
    gpd.GeoDataFrame(
        {
            "INSEE_COM": ["2A004", "2B033"],
            "NOM_COM": ["Ajaccio", "Bastia"],
            "INSEE_DEP": ["2A", "2B"],
            "INSEE_REG": ["94", "94"],
        },
        geometry=[box(1_180_000, 6_100_000, 1_190_000, 6_110_000), box(1_220_000, 6_180_000, 1_230_000, 6_190_000)],
        crs=2154,
    ).to_file(folder / "COMMUNE.shp")
    by_dir = read_admin_express(tmp_path / "ADMIN-EXPRESS")
    by_file = read_admin_express(folder / "COMMUNE.shp")
    assert by_dir.index.tolist() == by_file.index.tolist() == ["2A004", "2B033"]
    assert by_dir.loc["2B033", "nom"] == "Bastia"  # NOM_COM of older editions
    assert "population" not in by_dir.columns
    with pytest.raises(SourceError, match=r"aucun REGION\.shp"):
        read_admin_express(tmp_path / "ADMIN-EXPRESS", level="region")


def test_admin_express_missing_code_field(tmp_path):
    p = tmp_path / "x.gpkg"
    gpd.GeoDataFrame({"CODE": ["01001"], "NOM": ["A"]}, geometry=[box(0, 0, 1, 1)], crs=2154).to_file(
        p, layer="commune"
    )
    with pytest.raises(MissingColumnError, match=r"'code'.*x\.gpkg.*INSEE_COM"):
        read_admin_express(p)


def test_dropped_rows_are_counted_and_warned(tmp_path):
    p = tmp_path / "c.gpkg"
    gpd.GeoDataFrame(
        {"INSEE_COM": ["01001", "1234567", "01002"], "NOM": ["A", "B", "C"]},
        geometry=[box(0, 0, 1, 1), box(1, 1, 2, 2), None],
        crs=2154,
    ).to_file(p, layer="commune")
    with pytest.warns(SourceWarning, match="2 lignes écartées"):
        c = read_admin_express(p)
    assert c.index.tolist() == ["01001"]
    assert drop_report(c).reasons == {"sans géométrie": 1, "code INSEE mal formé": 1}


def _geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _feature(props, coords):
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [coords]}}


def test_geojson_contours_handmade(tmp_path):
    sq = [[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]
    p = _geojson(
        tmp_path / "c.geojson",
        [
            _feature({"code": "75056", "nom": "Paris"}, sq),
            _feature({"code": "97411", "nom": "Saint-Denis"}, sq),
            _feature({"code": "2A004", "nom": "Ajaccio"}, sq),
        ],
    )
    c = read_geojson_contours(p)
    assert c["code_departement"].to_dict() == {"2A004": "2A", "75056": "75", "97411": "974"}
    assert "code_region" not in c.columns  # unknown in this source
    assert c.crs.to_epsg() == 4326
    assert read_geojson_contours(p, to_crs=2154).crs.to_epsg() == 2154
    dup = _geojson(
        tmp_path / "d.geojson",
        [_feature({"code": "01", "nom": "Ain"}, sq), _feature({"code": "01", "nom": "Ain bis"}, sq)],
    )
    with pytest.raises(InvalidCodeError, match=r"code\(s\) en double \(departement\).*'01'"):
        read_geojson_contours(dup, level="departement")


def test_invalid_geometry_is_kept_and_counted(tmp_path):
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    p = tmp_path / "b.gpkg"
    gpd.GeoDataFrame({"INSEE_COM": ["01001"], "NOM": ["A"]}, geometry=[bowtie], crs=2154).to_file(p, layer="commune")
    c = read_admin_express(p)
    assert len(c) == 1 and c.attrs["invalid_geometries"] == 1


@pytest.fixture(scope="module")
def real_communes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is dropped from the real contours
        return read_geojson_contours(shared_path("communes_geojson_2018", "communes_2018.geojson.gz"))


def test_real_france_geojson_communes(real_communes):
    c = real_communes
    # SOURCES.md: 35 357 communes, 0 duplicated code, 1 geometry invalid in the GEOS sense
    assert len(c) == 35_357
    assert c.attrs["invalid_geometries"] == 1
    assert drop_report(c).total == 0
    assert c.loc["33063", "nom"] == "Bordeaux" and c.loc["33063", "code_departement"] == "33"
    assert c.loc["97611", "code_departement"] == "976"  # Mayotte
    assert {"75056", "69123", "13055"} <= set(c.index)  # PLM as whole communes
    # every commune centroid lies in metropolitan France or an overseas department (rough lon/lat box)
    reps = c.geometry.representative_point()
    metro = ~c.index.str.startswith("97")
    assert reps[metro].x.between(-5.2, 9.6).all() and reps[metro].y.between(41.3, 51.1).all()


def test_real_france_geojson_departments_regions():
    d = read_geojson_contours(
        shared_path("communes_geojson_2018", "departements-avec-outre-mer.geojson.gz"), level="departement", to_crs=2154
    )
    r = read_geojson_contours(shared_path("communes_geojson_2018", "regions-avec-outre-mer.geojson.gz"), level="region")
    ds = read_geojson_contours(
        shared_path("communes_geojson_2018", "departements-version-simplifiee.geojson.gz"), level="departement"
    )
    rs = read_geojson_contours(
        shared_path("communes_geojson_2018", "regions-version-simplifiee.geojson.gz"), level="region"
    )
    assert (len(d), len(r), len(ds), len(rs)) == (101, 18, 96, 13)  # SOURCES.md
    assert d.crs.to_epsg() == 2154
    assert {"2A", "2B", "971", "976"} <= set(d.index)
    assert r.loc["84", "nom"] == "Auvergne-Rhône-Alpes"
    # Gironde is about 10 000 km² (projected area; a sanity check of the reprojection)
    assert 9_500 < d.loc["33"].geometry.area / 1e6 < 10_500


def test_real_chefs_lieux_comhisto(real_communes):
    with pytest.warns(SourceWarning, match="sans géométrie : 111"):
        ch = read_chefs_lieux(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz"), to_crs=2154)
    # SOURCES.md: 38 256 features of which 111 without a point ("absent")
    assert len(ch) == 38_256 - 111
    assert drop_report(ch).reasons == {"sans géométrie": 111}
    assert ch.crs.to_epsg() == 2154
    # Bordeaux's chef-lieu lies within 3 km of the city centre (Lambert-93 ~ 417 km, 6 423 km)
    pt = ch.loc["33063"].geometry
    assert abs(pt.x - 417_000) < 3_000 and abs(pt.y - 6_423_000) < 3_000
    # SOURCES.md: 99.88 % of the 2018 codes have a point via cinseea
    assert round(real_communes.index.isin(ch.index).mean() * 100, 2) == 99.88


def test_admin_express_arrondissements_municipaux(tmp_path):
    p = tmp_path / "ae.gpkg"
    gpd.GeoDataFrame(
        {
            "INSEE_ARM": ["75101", "75102"],
            "NOM": ["Paris 1er Arrondissement", "Paris 2e Arrondissement"],
            "INSEE_COM": ["75056", "75056"],
            "POPULATION": [15917, 21595],
        },
        geometry=[box(651_000, 6_862_000, 652_000, 6_863_000), box(652_000, 6_862_000, 653_000, 6_863_000)],
        crs=2154,
    ).to_file(p, layer="arrondissement_municipal")
    arm = read_admin_express(p, level="arrondissement_municipal")
    assert arm.index.tolist() == ["75101", "75102"]
    assert arm["commune_parente"].tolist() == ["75056", "75056"]
    assert arm["code_departement"].tolist() == ["75", "75"]  # derived from the code (no INSEE_DEP field)
    assert arm["population"].sum() == 15917 + 21595


def test_read_contours_dispatches_geojson(tmp_path):
    sq = [[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]
    p = _geojson(tmp_path / "r.geojson", [_feature({"code": "11", "nom": "Île-de-France"}, sq)])
    assert read_contours(p, level="region")["nom"].to_dict() == {"11": "Île-de-France"}


def test_etalab_contours_with_departement_and_region_properties(tmp_path):
    sq = [[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]
    p = _geojson(
        tmp_path / "communes-100m.geojson",
        [
            _feature(
                {"code": "97411", "nom": "Saint-Denis", "departement": "974", "region": "04", "epci": "249740119"}, sq
            ),
        ],
    )
    c = read_geojson_contours(p)
    assert c.loc["97411", ["code_departement", "code_region"]].tolist() == ["974", "04"]
