"""The run's GeoPackage: the commune and TVS layers with every indicator and their QGIS styles.

One file per run (``<name>.gpkg`` in the tables folder): the layer ``communes`` (the APL of every
variant, the published change, the TVS and its APL, the zoning class) and the layer ``tvs`` (the TVS
dissolved from their communes, with their APL and class), each with the styles of the interactive maps
in the ``layer_styles`` table (:mod:`access_map.maps.qgis`), so that QGIS opens them drawn as on the
HTML map.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from ..geopackage import write_geopackage
from ..maps.qgis import LayerStyle, graduated_style, zoning_style
from ..maps.styles import OFFICIAL_APL_THRESHOLDS
from ..maps.views import APL_CHANGE_THRESHOLDS

__all__ = ["run_layers", "write_run_geopackage"]


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
