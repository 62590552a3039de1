"""Unit tests of access_map.maps: classes and labels, escaping, layers, simplification, HTML files, rasters, images."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box
from test_maps_fixtures import XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE, grid_territory, wiggly_grid

from access_map.errors import CRSError, InvalidValueError, MissingColumnError, SourceError
from access_map.maps import (
    LAYER_NAMES,
    MISSING_COLOR,
    ZONING_COLORS,
    apl_map,
    classify,
    cpts_map,
    deployment_map,
    display_geometries,
    esc,
    format_fr,
    msp_map,
    read_indicator_raster,
    render_html,
    save_map,
    static_map,
    summary_map,
    write_indicator_raster,
    zoning_map,
)
from access_map.maps.html import inline_assets

RAW_PAYLOADS = (XSS_SCRIPT, XSS_IMG, "${window.__xss=1}")


@pytest.fixture(scope="module")
def terr():
    return grid_territory()


def geojson_layers(m: folium.Map) -> list[folium.GeoJson]:
    return [c for c in m._children.values() if isinstance(c, folium.GeoJson)]


def features_by_code(layer: folium.GeoJson, communes: gpd.GeoDataFrame) -> dict[str, dict]:
    """The polygon layer keeps the commune order: feature k is commune k."""
    return {code: f["properties"] for code, f in zip(communes.index, layer.data["features"])}


def assert_no_raw_payload(page: str) -> None:
    for payload in RAW_PAYLOADS:
        assert payload not in page, payload


# ----------------------------------------------------------------------------- styles
def test_official_classes_are_closed_on_the_right():
    s = pd.Series([2.5, 2.500001, 4.0, 4.000001, 0.0, np.nan])
    c = classify(s, scheme="official")
    # ≤ 2.5 -> 0 ; (2.5, 4] -> 1 ; > 4 -> 2 ; NaN -> -1
    assert c.codes.tolist() == [0, 1, 1, 2, 0, -1]
    assert c.labels == ["APL ≤ 2,5", "2,5 < APL ≤ 4", "APL > 4"]
    assert c.color_of().iloc[-1] == MISSING_COLOR
    assert c.label_of().iloc[-1] == "Données manquantes"


def test_custom_thresholds_and_k_rejected_with_official():
    c = classify(pd.Series([2.6, 2.8, 4.0]), scheme="official", thresholds=(2.71, 3.98))
    assert c.codes.tolist() == [0, 1, 2]
    assert c.labels[1] == "2,71 < APL ≤ 3,98"
    with pytest.raises(InvalidValueError, match="k=3 cannot be used with scheme='official'"):
        classify(pd.Series([1.0]), scheme="official", k=3)
    with pytest.raises(InvalidValueError, match="unknown scheme 'jenks'"):
        classify(pd.Series([1.0]), scheme="jenks")
    with pytest.raises(InvalidValueError, match="every value is missing"):
        classify(pd.Series([np.nan, np.nan]), scheme="quantiles")


def test_fisher_jenks_finds_obvious_clusters():
    s = pd.Series([1.0, 1.1, 1.2, 5.0, 5.1, 9.0, 9.2])
    c = classify(s, scheme="fisher_jenks", k=3)
    assert c.codes.tolist() == [0, 0, 0, 1, 1, 2, 2]
    assert c.labels == ["de 1 à 1,2", "de 1,2 à 5,1", "de 5,1 à 9,2"]


def test_quantiles_four_classes():
    s = pd.Series(np.arange(1.0, 9.0))  # 1..8, quartile bounds 2.75, 4.5, 6.25, 8
    c = classify(s, scheme="quantiles", k=4)
    assert c.codes.tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    assert c.bins == pytest.approx((2.75, 4.5, 6.25, 8.0))


def test_french_number_format_and_escape():
    assert format_fr(3.456) == "3,46"
    assert format_fr(1234567.891, decimals=1) == "1\u00a0234\u00a0567,9"
    assert esc(XSS_SCRIPT) == "&lt;script&gt;window.__xss=1&lt;/script&gt;"
    assert esc(XSS_TEMPLATE) == "&#36;&#123;window.__xss=1&#125;&#96;"
    assert esc("a\\b") == "a&#92;b"


# ----------------------------------------------------------------------------- folium maps
def test_apl_map_classes_tooltips_and_legend(terr):
    m = apl_map(terr.communes, terr.apl, basemap=None, caption="Territoire fictif", source="Calcul <test>")
    (layer,) = geojson_layers(m)
    assert layer.layer_name == "APL médecins généralistes"
    props = features_by_code(layer, terr.communes)
    red, orange, blue = classify(pd.Series([1.0]), scheme="official").colors
    # commune 99001 has APL 0.5 (≤ 2.5), 99008 has 0.5 + 7*0.5 = 4.0 (≤ 4), 99009 has 4.5 (> 4), 99005 none
    assert props["99001"]["fill"] == red
    assert props["99008"]["fill"] == orange
    assert props["99009"]["fill"] == blue
    assert props["99005"]["fill"] == MISSING_COLOR
    assert props["99008"]["tip"] == "<b>Commune 8</b> (99008)<br>APL : 4,00"
    assert props["99005"]["tip"].endswith("APL : Données manquantes")
    # hostile names are escaped in the data given to the tooltip
    assert props["99001"]["tip"].startswith("<b>&lt;script&gt;window.__xss=1&lt;/script&gt;</b>")
    assert props["99003"]["tip"].startswith("<b>&#36;&#123;window.__xss=1&#125;&#96;</b>")
    page = m.get_root().render()
    for label in ("APL ≤ 2,5", "2,5 &lt; APL ≤ 4", "APL &gt; 4", "Données manquantes", "Territoire fictif"):
        assert label in page, label
    assert "Source : Calcul &lt;test&gt;" in page
    assert_no_raw_payload(page)


def test_apl_map_warns_about_values_without_geometry(terr):
    apl = pd.concat([terr.apl, pd.Series({"12345": 3.0})])
    with pytest.warns(UserWarning, match=r"1 value\(s\) have no geometry.*12345"):
        apl_map(terr.communes, apl, basemap=None)


def test_apl_map_quantiles(terr):
    m = apl_map(terr.communes, terr.apl, scheme="quantiles", k=4, basemap=None)
    page = m.get_root().render()
    assert page.count("access-map-legend") >= 1
    # 34 values in 0.5..6.5 -> 4 labelled classes + "Données manquantes"
    labels = re.findall(r"de [0-9,]+ à [0-9,]+", page)
    assert len(set(labels)) == 4


def test_zoning_map_colours_and_labels(terr):
    zonage = terr.zonage.copy()
    zonage.loc["99010"] = "3_QPV_ZIP"  # DREES export code -> ZIP
    m = zoning_map(terr.communes, zonage, basemap=None)
    (layer,) = geojson_layers(m)
    props = features_by_code(layer, terr.communes)
    assert props["99001"]["fill"] == ZONING_COLORS["ZIP"]  # APL 0.5
    assert props["99007"]["fill"] == MISSING_COLOR  # dropped from the zoning
    assert props["99010"]["fill"] == ZONING_COLORS["ZIP"]
    assert props["99013"]["fill"] == ZONING_COLORS["HV"]  # APL 6.5
    page = m.get_root().render()
    for text in (
        "Zone d&#x27;intervention prioritaire (ZIP)",
        "Zone d&#x27;action complémentaire (ZAC)",
        "Zone de vigilance",
        "Hors vivier",
        "Données manquantes",
    ):
        assert text in page, text
    with pytest.raises(InvalidValueError, match=r"unknown class\(es\) \['ZRR'\]"):
        zoning_map(terr.communes, pd.Series({"99001": "ZRR"}), basemap=None)


def test_cpts_map_perimeters_popups_and_white_zones(terr):
    m = cpts_map(terr.communes, terr.cpts, basemap=None)
    layers = {layer.layer_name: layer for layer in geojson_layers(m)}
    assert set(layers) == {"CPTS : contrat signé", "CPTS : projets", "Zones blanches (sans CPTS)"}
    signed = layers["CPTS : contrat signé"].data["features"]
    assert len(signed) == 1
    assert signed[0]["geometry"]["type"] == "Polygon"  # 3x3 block dissolved into one polygon, no gap
    popup = signed[0]["properties"]["pop"]
    # C1 = communes 1,2,3,7,8,9,13,14,15 (populations k*1000): 45 000 + ... = (1+2+3+7+8+9+13+14+15)*1000 = 72 000
    assert "Population couverte : 72\u00a0000" in popup
    assert "Taille ACI : taille 2" in popup
    assert "Date de signature : 12/03/2021" in popup
    assert "Communes : 9" in popup
    assert popup.startswith("<b>&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt; CPTS du Nord</b>")
    projet = layers["CPTS : projets"].data["features"][0]["properties"]["pop"]
    # C2 = communes 19..24: (19+...+24)*1000 = 129 000 -> taille 3, no signature date
    assert "Population couverte : 129\u00a0000" in projet and "taille 3" in projet
    assert "Date de signature : —" in projet
    assert len(layers["Zones blanches (sans CPTS)"].data["features"]) == 36 - 9 - 6
    page = m.get_root().render()
    assert "Zone blanche (aucune CPTS)" in page
    assert_no_raw_payload(page)


def test_cpts_map_uses_precomputed_population_and_checks_columns(terr):
    m = cpts_map(terr.communes, terr.cpts, cpts_population=pd.Series({"C1": 200_000.0}), basemap=None)
    signed = [layer for layer in geojson_layers(m) if layer.layer_name == "CPTS : contrat signé"][0]
    assert "taille 4" in signed.data["features"][0]["properties"]["pop"]
    with pytest.raises(MissingColumnError, match="statut"):
        cpts_map(terr.communes, terr.cpts.drop(columns="statut"), basemap=None)


def test_msp_map_cluster_popups_and_escaping(terr):
    m = msp_map(terr.msp, communes_gdf=terr.communes, basemap=None, caption="Territoire fictif")
    page = m.get_root().render()
    assert "L.markerClusterGroup" in page
    assert "FINESS : 990000002" in page and "02/05/2019" in page
    assert "Maison de santé pluriprofessionnelle" in page and "Centre de santé" in page
    assert "Date d'ouverture : —" in page  # missing opening date
    assert "&#36;&#123;window.__xss=1&#125;&#96;" in page  # tooltip text inside a JS template literal
    assert_no_raw_payload(page)
    with pytest.raises(InvalidValueError, match="must be points"):
        msp_map(terr.communes.assign(nom="x"), basemap=None)


def test_summary_map_escapes_indicator_label(terr):
    dep = gpd.GeoDataFrame(
        {"nom": ["Nord", XSS_SCRIPT]},
        geometry=[box(0, 0, 10_000, 10_000), box(10_000, 0, 20_000, 10_000)],
        index=pd.Index(["91", "92"], name="code"),
        crs=2154,
    )
    m = summary_map(dep, pd.Series({"91": 12.0}), indicator_label=XSS_IMG + " MSP pour 100 000 hab.", basemap=None)
    (layer,) = geojson_layers(m)
    assert layer.layer_name == esc(XSS_IMG) + " MSP pour 100 000 hab."
    tips = [f["properties"]["tip"] for f in layer.data["features"]]
    assert tips[0].endswith("MSP pour 100 000 hab. : 12,0")
    assert tips[1].endswith(": Données manquantes")
    assert_no_raw_payload(m.get_root().render())


def test_deployment_map_layer_names(terr):
    m = deployment_map(
        terr.communes, apl=terr.apl, zonage=terr.zonage, cpts_long=terr.cpts, msp_gdf=terr.msp, basemap=None
    )
    control = [c for c in m._children.values() if isinstance(c, folium.LayerControl)]
    assert len(control) == 1
    page = m.get_root().render()
    for name in (
        LAYER_NAMES["apl"],
        LAYER_NAMES["zoning"],
        "CPTS : contrat signé",
        "CPTS : projets",
        LAYER_NAMES["white_zones"],
        LAYER_NAMES["msp"],
    ):
        assert json.dumps(name) in page or name in page, name
    assert "Déploiement de l&#x27;exercice coordonné" in page
    assert_no_raw_payload(page)
    with pytest.raises(InvalidValueError, match="give at least one"):
        deployment_map(terr.communes)


def test_crs_is_required(terr):
    with pytest.raises(CRSError, match="no CRS"):
        apl_map(terr.communes.set_crs(None, allow_override=True), terr.apl, basemap=None)


# ----------------------------------------------------------------------------- simplification
@pytest.mark.parametrize("tolerance_m", [20.0, 60.0])
def test_coverage_simplification_keeps_topology(tolerance_m):
    cells = wiggly_grid(8, 6)
    light = display_geometries(cells, tolerance_m=tolerance_m, decimals=None).to_crs(2154)
    n_before = shapely.get_num_coordinates(cells.geometry.values).sum()
    n_after = shapely.get_num_coordinates(light.geometry.values).sum()
    assert n_after < 0.8 * n_before  # it did simplify
    union = light.union_all()
    # no gaps: the union is one polygon without holes, of the same area as the original
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert union.area == pytest.approx(cells.union_all().area, rel=1e-6)
    # no overlaps: the sum of the areas equals the area of the union
    assert light.area.sum() == pytest.approx(union.area, rel=1e-6)
    # neighbours still share their whole border (cell k and k+1 on a row; 2 km cells)
    a, b = light.geometry.iloc[0], light.geometry.iloc[1]
    assert a.intersection(b).length > 1900.0
    # contrast: simplifying each polygon on its own opens gaps (the test above can fail)
    naive = cells.geometry.simplify(20.0)
    assert len(naive.union_all().interiors) > 0


def test_rounding_keeps_shared_vertices_identical():
    cells = wiggly_grid(3, 3)
    light = display_geometries(cells, tolerance_m=30.0, decimals=5)
    coords = shapely.get_coordinates(light.geometry.values)
    assert np.allclose(coords, np.round(coords, 5), atol=0, rtol=0)
    assert light.geometry.iloc[0].touches(light.geometry.iloc[1])
    assert light.geometry.iloc[0].intersection(light.geometry.iloc[1]).length > 0.015  # ≈ 2 km in degrees


def test_region_scale_map_stays_under_10_mb(tmp_path):
    cells = wiggly_grid(70, 72)  # 5 040 communes, 80 border vertices each
    apl = pd.Series(np.linspace(0.5, 7.0, len(cells)), index=cells.index)
    light = save_map(apl_map(cells, apl, basemap=None), tmp_path / "light.html", self_contained=True)
    size = light.stat().st_size
    assert size < 10_000_000
    raw_geojson = len(cells.to_crs(4326).to_json())
    assert size < raw_geojson  # simplification + rounding beat even the bare unsimplified GeoJSON


# ----------------------------------------------------------------------------- HTML files
def test_self_contained_file_has_no_remote_script_or_stylesheet(terr, tmp_path):
    m = deployment_map(terr.communes, apl=terr.apl, cpts_long=terr.cpts, msp_gdf=terr.msp, basemap=None)
    path = save_map(m, tmp_path / "carte.html", self_contained=True)
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", page)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page)
    assert "Leaflet" in page and "MarkerClusterGroup" in page and "jQuery" in page
    assert "url(data:image/png;base64," in page  # leaflet.css images inlined
    assert not list(tmp_path.glob(".*tmp*"))  # atomic write left no temporary file
    # the online version references the CDNs
    online = render_html(m)
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">' in online


def test_unvendored_cdn_url_fails_loudly():
    m = folium.Map(tiles=None)
    m.get_root().header.add_child(folium.JavascriptLink("https://cdn.example.org/lib.js"))
    with pytest.raises(SourceError, match="no vendored copy of https://cdn.example.org/lib.js"):
        render_html(m, self_contained=True)
    icons = folium.Map(tiles=None)
    folium.Marker([46.0, 2.0], icon=folium.Icon(icon="info-sign")).add_to(icons)
    with pytest.raises(SourceError, match="folium.Icon"):
        inline_assets(icons.get_root().render())


def test_basemap_switch(terr):
    with_tiles = apl_map(terr.communes, terr.apl)
    assert "tile.openstreetmap.org" in render_html(with_tiles)
    page = render_html(with_tiles, basemap=False)
    assert "openstreetmap" not in page and "background: #f2f1ec" in page
    assert "tile.openstreetmap.org" in render_html(with_tiles)  # the map object was left unchanged
    assert "openstreetmap" not in render_html(apl_map(terr.communes, terr.apl, basemap=None))


# ----------------------------------------------------------------------------- rasters
def test_raster_round_trip(terr, tmp_path):
    path = write_indicator_raster(terr.communes, terr.apl, tmp_path / "apl.tif", resolution_m=1000)
    array, transform, crs, nodata = read_indicator_raster(path)
    assert crs.to_epsg() == 2154 and nodata == -9999.0 and array.dtype == np.float32
    assert array.shape == (30, 30)  # 6 x 5 km at 1 km
    assert transform.a == 1000 and transform.e == -1000 and (transform.c, transform.f) == (X0 := 800_000.0, 6_530_000.0)

    def value_at(x: float, y: float) -> float:
        col, row = ~transform @ (x, y)
        return float(array[int(row), int(col)])

    # commune k (1-based) covers column (k-1)%6, row (k-1)//6 of 5 km cells from (800 000, 6 500 000)
    assert value_at(X0 + 2_500, 6_500_000 + 2_500) == pytest.approx(0.5)  # 99001
    assert value_at(X0 + 7_500, 6_500_000 + 2_500) == pytest.approx(1.0)  # 99002
    assert value_at(X0 + 27_500, 6_500_000 + 7_500) == pytest.approx(0.5 + 11 * 0.5)  # 99012: 6.0
    assert value_at(X0 + 22_500, 6_500_000 + 2_500) == -9999.0  # 99005: no APL
    assert np.count_nonzero(array == -9999.0) == 2 * 25  # two communes of 25 cells without value
    import rasterio

    with rasterio.open(path) as src:
        assert src.profile["compress"] == "deflate"


def test_raster_refuses_geographic_crs(terr, tmp_path):
    with pytest.raises(CRSError, match="projected CRS"):
        write_indicator_raster(terr.communes.to_crs(4326), terr.apl, tmp_path / "x.tif")
    with pytest.raises(InvalidValueError, match="equal nodata"):
        write_indicator_raster(terr.communes, terr.apl.replace(0.5, -9999.0), tmp_path / "x.tif")


# ----------------------------------------------------------------------------- static images
def test_static_maps_png_and_svg(terr, tmp_path):
    communes = terr.communes.assign(apl=terr.apl, zonage=terr.zonage)
    png = static_map(communes, "apl", kind="apl", path=tmp_path / "apl.png", source="Territoire fictif")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = static_map(communes, "zonage", kind="zoning", path=tmp_path / "zonage.svg").read_text()
    assert "<svg" in svg
    with pytest.raises(InvalidValueError, match="unknown kind"):
        static_map(communes, "apl", kind="heat", path=tmp_path / "x.png")
    with pytest.raises(MissingColumnError, match="'apl2' not found"):
        static_map(communes, "apl2", kind="apl", path=tmp_path / "x.png")


def test_fisher_jenks_on_many_values_is_deterministic_and_covers_all():
    rng = np.random.default_rng(1)
    s = pd.Series(np.concatenate([rng.normal(1, 0.1, 3000), rng.normal(5, 0.1, 3000), rng.normal(9, 0.1, 3000)]))
    a = classify(s, scheme="fisher_jenks", k=3)
    b = classify(s, scheme="fisher_jenks", k=3)
    assert a.bins == b.bins and a.bins[-1] == s.max()
    # three well separated clusters of 3 000 values each end up in three classes
    assert a.codes.value_counts().sort_index().tolist() == [3000, 3000, 3000]
