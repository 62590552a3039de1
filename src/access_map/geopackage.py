"""One GeoPackage with several layers and their QGIS styles (the ``layer_styles`` table); a run's GeoPackage.

QGIS reads the styles of a GeoPackage layer from a ``layer_styles`` table and applies the one marked
``useAsDefault`` when the layer is opened; the other styles are offered in the layer's style menu.
:func:`write_geopackage` writes every layer (pyogrio) and that table (the schema QGIS creates itself,
registered in ``gpkg_contents`` as an attribute table), atomically; :func:`read_layer_styles` reads it
back.

The GeoPackage of a run (:func:`write_run_geopackage`: a refresh, the atlas, a zoning run): the layer
``communes`` (the APL of every variant, the published change, the TVS and its APL, the zoning class) and
the layer ``tvs`` (the TVS dissolved from their communes, with their APL and class), each with the styles of
the interactive maps (:mod:`access_map.maps.qgis`), so that QGIS opens them drawn as on the HTML map.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from ._atomic import atomic_path
from .maps.qgis import LayerStyle, graduated_style, zoning_style
from .maps.styles import OFFICIAL_APL_THRESHOLDS
from .maps.views import APL_CHANGE_THRESHOLDS

__all__ = ["write_geopackage", "read_layer_styles", "run_layers", "write_run_geopackage"]

_CREATE = (
    "CREATE TABLE layer_styles(id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), "
    "f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), "
    "styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
    "update_time DATETIME DEFAULT CURRENT_TIMESTAMP)"
)


def _timestamp() -> str:
    """The date GDAL stamps (``OGR_CURRENT_DATE`` when set, so that unchanged inputs give identical files)."""
    return os.environ.get("OGR_CURRENT_DATE") or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def write_geopackage(
    path: str | os.PathLike[str],
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    styles: Mapping[str, Sequence[LayerStyle]] | None = None,
) -> Path:
    """Write ``layers`` (name → GeoDataFrame) into one GeoPackage, with their QGIS styles; atomically.

    Parameters
    ----------
    path
        The ``.gpkg`` file (replaced).
    layers
        Layer name → GeoDataFrame (index written as a column).
    styles
        Layer name → its styles (:mod:`access_map.maps.qgis`); the first marked ``default`` (else the
        first) is the one QGIS applies.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from shapely.geometry import box
    >>> from access_map.maps.qgis import zoning_style
    >>> g = gpd.GeoDataFrame({"zonage": ["ZIP"]}, geometry=[box(0, 0, 1, 1)], crs=2154)
    >>> p = write_geopackage(pathlib.Path(tempfile.mkdtemp()) / "t.gpkg", {"communes": g},
    ...                      styles={"communes": [zoning_style(g["zonage"])]})
    >>> read_layer_styles(p)[["f_table_name", "styleName", "useAsDefault"]].values.tolist()
    [['communes', 'Zonage', 1]]
    """
    target = Path(path)
    with atomic_path(target) as tmp:
        for i, (name, frame) in enumerate(layers.items()):
            frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio", **({"mode": "a"} if i else {}))
        if styles:
            _write_styles(Path(tmp), layers, styles)
    return target


def _write_styles(
    path: Path, layers: Mapping[str, gpd.GeoDataFrame], styles: Mapping[str, Sequence[LayerStyle]]
) -> None:
    stamp = _timestamp()
    db = sqlite3.connect(path)
    with db:
        db.execute(_CREATE)
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles', ?)",
            (stamp,),
        )
        for name, layer_styles in styles.items():
            if name not in layers or not layer_styles:
                continue
            geometry = layers[name].geometry.name
            default = next((i for i, s in enumerate(layer_styles) if s.default), 0)
            for i, style in enumerate(layer_styles):
                db.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                    "VALUES ('', '', ?, ?, ?, ?, '', ?, ?, 'access_map', NULL, ?)",
                    (name, geometry, style.name, style.qml, int(i == default), style.description, stamp),
                )
    db.close()


def read_layer_styles(path: str | os.PathLike[str]) -> pd.DataFrame:
    """The ``layer_styles`` table of a GeoPackage (empty when it has none).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from shapely.geometry import box
    >>> p = write_geopackage(pathlib.Path(tempfile.mkdtemp()) / "t.gpkg",
    ...                      {"x": gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)], crs=2154)})
    >>> len(read_layer_styles(p))
    0
    """
    db = sqlite3.connect(Path(path))
    try:
        known = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='layer_styles'").fetchall()
        if not known:
            return pd.DataFrame(columns=["f_table_name", "styleName", "styleQML", "useAsDefault"])
        return pd.read_sql_query("SELECT * FROM layer_styles ORDER BY id", db)
    finally:
        db.close()


def _commune_layer(tables: dict[str, pd.DataFrame], zoning: dict[str, Any]) -> gpd.GeoDataFrame:
    layer = tables["apl_communes"].copy()
    if "result" in zoning:
        z = zoning["result"].communes
        for col in ("code_tvs", "libelle_tvs", "tvs_apl", "zonage"):
            if col in z.columns and col not in layer.columns:
                layer[col] = z[col].reindex(layer.index)
    return gpd.GeoDataFrame(layer, geometry="geometry", crs=layer.crs)


def _styles(layer: pd.DataFrame, level: str) -> list[LayerStyle]:
    out: list[LayerStyle] = []
    apl = [c for c in ("medecin_generaliste__apl", "apl") if c in layer.columns]
    apl65 = [c for c in ("medecin_generaliste__apl_65", "apl_65") if c in layer.columns]
    tvs = [c for c in ("apl_65_tvs", "tvs_apl") if c in layer.columns]
    if level == "tvs" and apl65:
        out.append(graduated_style(layer[apl65[0]], apl65[0], name="APL ≤ 65 ans du TVS (seuils du zonage)",
                                   scheme="official", default=True))  # fmt: skip
    for cols, label in ((apl, "APL tous âges"), (apl65, "APL ≤ 65 ans")):
        if cols and layer[cols[0]].notna().any():
            out.append(
                graduated_style(layer[cols[0]], cols[0], name=f"{label} ({'TVS' if level == 'tvs' else 'commune'})")
            )
    if level == "commune" and tvs and layer[tvs[0]].notna().any():
        out.append(graduated_style(layer[tvs[0]], tvs[0], name="APL ≤ 65 ans du TVS (seuils du zonage)",
                                   scheme="official", thresholds=OFFICIAL_APL_THRESHOLDS))  # fmt: skip
    if "evolution_apl_65" in layer.columns and layer["evolution_apl_65"].notna().any():
        out.append(graduated_style(layer["evolution_apl_65"], "evolution_apl_65", name="Évolution de l'APL ≤ 65 ans",
                                   scheme="official", thresholds=APL_CHANGE_THRESHOLDS, cmap="RdBu"))  # fmt: skip
    if "zonage" in layer.columns and layer["zonage"].notna().any():
        out.append(zoning_style(layer["zonage"], "zonage", name="Zonage"))
    return out


def _tvs_layer(communes: gpd.GeoDataFrame, tvs_table: pd.DataFrame | None) -> gpd.GeoDataFrame | None:
    if "code_tvs" not in communes.columns or communes["code_tvs"].isna().all():
        return None
    part = communes[communes["code_tvs"].notna() & communes.geometry.notna()][["code_tvs", "geometry"]]
    shapes = part.dissolve(by="code_tvs", method="coverage")
    # a TVS none of whose communes has a contour stays a row, without geometry
    shapes = shapes.reindex(pd.Index(sorted(communes["code_tvs"].dropna().unique()), name="code_tvs"))
    if tvs_table is not None:
        shapes = shapes.join(tvs_table.drop(columns=["geometry"], errors="ignore"), how="left")
    return gpd.GeoDataFrame(shapes, geometry="geometry", crs=communes.crs)


def run_layers(
    tables: dict[str, pd.DataFrame], zoning: dict[str, Any], *, tvs: pd.DataFrame | None = None
) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, list[LayerStyle]]]:
    """The layers of the run's GeoPackage and their styles.

    ``tables`` are the refresh's tables (``apl_communes`` with its polygons; ``atlas_tvs`` or ``zonage_tvs``
    for the TVS attributes), ``zoning`` its zoning outputs, ``tvs`` the territory's TVS composition
    (``code_tvs`` per commune) when the zoning gives none.
    """
    communes = _commune_layer(tables, zoning)
    if "code_tvs" not in communes.columns and tvs is not None:
        communes["code_tvs"] = tvs["code_tvs"].reindex(communes.index)
        if "libelle_tvs" in tvs.columns:
            communes["libelle_tvs"] = tvs["libelle_tvs"].reindex(communes.index)
    layers = {"communes": communes}
    styles = {"communes": _styles(communes, "commune")}
    tvs_attributes = tables.get("atlas_tvs")
    if tvs_attributes is None and "result" in zoning:
        z = zoning["result"].tvs
        if "code_tvs" in z.columns:
            tvs_attributes = z.drop_duplicates("code_tvs").set_index("code_tvs")
    tvs_layer = _tvs_layer(communes, tvs_attributes)
    if tvs_layer is not None:
        if "apl_65" not in tvs_layer.columns and "apl" in tvs_layer.columns:
            tvs_layer["apl_65"] = tvs_layer["apl"]
        layers["tvs"] = tvs_layer
        styles["tvs"] = _styles(tvs_layer, "tvs")
    return layers, styles


def write_run_geopackage(
    path: Path, tables: dict[str, pd.DataFrame], zoning: dict[str, Any], *, tvs: pd.DataFrame | None = None
) -> Path:
    """Write the run's styled GeoPackage (:func:`run_layers`) at ``path``."""
    layers, styles = run_layers(tables, zoning, tvs=tvs)
    return write_geopackage(path, layers, styles=styles)
