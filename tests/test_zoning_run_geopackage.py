"""A zoning run with contours writes one GeoPackage (``zonage.gpkg``): its communes and TVS, classes and styles.

Read back with pyogrio (not the writer): the layer ``communes`` holds every commune of the run with every
column of ``zoning_communes.csv`` and the same values; the layer ``tvs`` one polygon per TVS with its class;
every style of ``layer_styles`` names an existing layer and a column of it.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box, mapping

from access_map.csv_format import read_csv
from access_map.errors import AccessMapError
from access_map.geopackage import read_layer_styles
from access_map.readers.ign import read_contours
from access_map.zoning import national_zoning
from access_map.zoning_outputs import write_zoning_outputs


@pytest.fixture
def run(tmp_path):
    codes = ["33001", "33002", "33003", "24001", "24002"]
    communes = pd.DataFrame(
        {"nom": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"], "apl_65": [1.5, 2.2, 3.0, 4.5, 5.0],
         "standardised_population": [100.0, 200.0, 300.0, 400.0, 500.0],
         "population": [100.0, 200.0, 300.0, 400.0, 500.0], "code_region": ["75", "75", "75", "76", "76"]},
        index=pd.Index(codes, name="code_commune"),
    )  # fmt: skip
    tvs = pd.DataFrame({"code_tvs": ["A", "A", "B", "C", "C"], "libelle_tvs": ["A", "A", "B", "C", "C"]},
                       index=communes.index)  # fmt: skip
    caps = pd.DataFrame({"zip_cap_share": [0.5, 0.5], "zac_cap_share": [0.3, 0.3]},
                        index=pd.Index(["75", "76"], name="code_region"))  # fmt: skip
    national = national_zoning(communes, tvs=tvs, caps=caps)
    geo = tmp_path / "communes.geojson"
    # 33003 has no contour: it stays a row of the layer, without geometry
    feats = [
        {"type": "Feature", "properties": {"code": c, "nom": c},
         "geometry": mapping(box(-0.6 + i * 0.1, 44.8, -0.5 + i * 0.1, 44.9))}
        for i, c in enumerate(["33001", "33002", "24001", "24002"])
    ]  # fmt: skip
    geo.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    written, _ = write_zoning_outputs(national, tmp_path / "out", contours=read_contours(geo))
    return tmp_path / "out", written, national


def test_the_communes_layer_holds_every_commune_indicator_and_class(run):
    out, written, national = run
    gpkg = out / "zonage.gpkg"
    assert gpkg in written
    assert {name for name, _ in pyogrio.list_layers(gpkg)} >= {"communes", "tvs", "layer_styles"}
    layer = pyogrio.read_dataframe(gpkg, layer="communes").set_index("code_commune")
    table = read_csv(out / "zoning_communes.csv", index_col="code_commune")
    assert sorted(layer.index) == sorted(table.index) == sorted(national.communes.index)
    missing = set(table.columns) - set(layer.columns)
    assert missing == set()
    assert layer["zonage"].reindex(table.index).tolist() == table["zonage"].tolist()
    assert layer["zonage"].isin(["ZIP", "ZAC", "ZV", "HV"]).all()
    for col in ("apl", "tvs_apl"):
        pd.testing.assert_series_equal(
            layer[col].reindex(table.index).astype(float), table[col].astype(float), check_names=False
        )
    assert layer.geometry.isna().tolist() == [c == "33003" for c in layer.index]


def test_the_tvs_layer_has_one_polygon_per_tvs_with_its_class(run):
    out, _, national = run
    tvs = pyogrio.read_dataframe(out / "zonage.gpkg", layer="tvs").set_index("code_tvs")
    assert sorted(tvs.index) == ["A", "B", "C"]
    assert tvs.loc["A"].geometry.area == pytest.approx(0.01 * 2)  # the two squares of A dissolved into one
    assert tvs.loc["B"].geometry is None  # its only commune has no contour
    expected = national.result.tvs.drop_duplicates("code_tvs").set_index("code_tvs")["zonage"]
    assert tvs["zonage"].to_dict() == expected.to_dict()


def test_every_style_names_an_existing_layer_and_column(run):
    out, _, _ = run
    gpkg = out / "zonage.gpkg"
    styles = read_layer_styles(gpkg)
    assert {"communes", "tvs"} <= set(styles["f_table_name"])
    assert "Zonage" in set(styles["styleName"])
    for _, style in styles.iterrows():
        columns = pyogrio.read_info(gpkg, layer=style["f_table_name"])["fields"]
        fields = re.findall(r'attr="([^"]+)"', style["styleQML"])
        assert fields and all(f in columns for f in fields), (style["styleName"], fields)
    defaults = styles.groupby("f_table_name")["useAsDefault"].sum()
    assert (defaults == 1).all()


def test_an_existing_geopackage_is_not_overwritten_silently(run):
    out, _, national = run
    for p in out.iterdir():
        if p.name != "zonage.gpkg" and p.is_file():
            p.unlink()
    with pytest.raises(AccessMapError, match="zonage.gpkg"):
        write_zoning_outputs(national, out, contours=read_contours(out.parent / "communes.geojson"))
