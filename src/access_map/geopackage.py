"""One GeoPackage with several layers and their QGIS styles (the ``layer_styles`` table).

QGIS reads the styles of a GeoPackage layer from a ``layer_styles`` table and applies the one marked
``useAsDefault`` when the layer is opened; the other styles are offered in the layer's style menu.
:func:`write_geopackage` writes every layer (pyogrio) and that table (the schema QGIS creates itself,
registered in ``gpkg_contents`` as an attribute table), atomically; :func:`read_layer_styles` reads it
back.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ._atomic import atomic_path
from .maps.qgis import LayerStyle

__all__ = ["write_geopackage", "read_layer_styles"]

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
