"""Geometry for maps: CPTS perimeters (communes dissolved per CPTS) and territory polygons attached to a table."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from .._validate import describe_values, normalize_insee_codes
from ..communes import CODE
from ..messages.cpts import TABLE_DES_CPTS, territoires_sans_contour
from .checks import _check_cpts
from .size_classes import ACI_SIZE_CLASSES, SizeClasses
from .table import cpts_table
from .territories import commune_frame

__all__ = ["cpts_perimeters", "with_geometry"]


def cpts_perimeters(
    cpts: pd.DataFrame,
    communes_gdf: Any,
    *,
    size_classes: SizeClasses = ACI_SIZE_CLASSES,
) -> Any:
    """CPTS perimeters for maps: commune polygons dissolved per CPTS, with the :func:`cpts_table` columns.

    Parameters
    ----------
    cpts
        CPTS list (see :mod:`access_map.cpts`).
    communes_gdf
        GeoDataFrame indexed by ``code_commune`` with ``population`` and polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``id_cpts``; columns ``nom_cpts, statut, date_signature, n_communes,
        population, taille, shared_population`` (…) and ``geometry``, in the CRS of
        ``communes_gdf``. CPTS with no known commune are left out (no geometry).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"population": [10.0, 20.0]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
    ...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "A"], "nom_cpts": ["a", "a"], "statut": ["projet"] * 2,
    ...     "date_signature": [None] * 2, "code_commune": ["01001", "01002"]})
    >>> p = cpts_perimeters(cpts, g)
    >>> float(p.geometry.iloc[0].area), float(p["population"].iloc[0])
    (2.0, 30.0)
    """
    import geopandas as gpd

    table = cpts_table(cpts, communes_gdf, size_classes=size_classes)
    com = commune_frame(communes_gdf)
    links, _, _ = _check_cpts(cpts, com, source=TABLE_DES_CPTS, on_empty="warn", warn=False)
    geo = gpd.GeoDataFrame(geometry=communes_gdf.geometry.to_numpy(), crs=communes_gdf.crs)
    geo.index = normalize_insee_codes(pd.Series(communes_gdf.index.to_numpy())).to_numpy()
    lk = gpd.GeoDataFrame(links, geometry=geo.geometry.reindex(links[CODE]).to_numpy(), crs=communes_gdf.crs)
    dissolved = lk[["id_cpts", "geometry"]].dissolve(by="id_cpts")
    out = gpd.GeoDataFrame(table.loc[dissolved.index], geometry=dissolved.geometry, crs=communes_gdf.crs)
    out.index.name = "id_cpts"
    return out


def with_geometry(table: pd.DataFrame, territories: Any, *, name_column: str = "nom") -> Any:
    """Attach territory polygons (departments or regions) to a per-territory table for maps.

    Parameters
    ----------
    table
        Indexed by territory code (e.g. the output of :func:`coverage`).
    territories
        GeoDataFrame indexed by the same codes (e.g. ``DemoTerritory.departements``).

    Returns
    -------
    geopandas.GeoDataFrame
        ``table`` rows with a ``nom`` column (if present in ``territories``) and
        geometry; codes without a polygon are kept with an empty geometry and a
        :class:`UserWarning`.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> terr = gpd.GeoDataFrame({"nom": ["Ain"]}, geometry=[box(0, 0, 1, 1)], index=["01"], crs=2154)
    >>> with_geometry(pd.DataFrame({"x": [1.0]}, index=["01"]), terr)[["nom", "x"]].to_dict("records")
    [{'nom': 'Ain', 'x': 1.0}]
    """
    import geopandas as gpd

    idx = table.index.astype(str)
    terr_idx = territories.index.astype(str)
    missing = sorted(set(idx) - set(terr_idx))
    if missing:
        warnings.warn(
            territoires_sans_contour(n=len(missing), codes=describe_values(missing)), UserWarning, stacklevel=2
        )
    geom = pd.Series(territories.geometry.to_numpy(), index=terr_idx).reindex(idx)
    data = table.copy()
    if name_column in territories.columns and name_column not in data.columns:
        names = pd.Series(territories[name_column].to_numpy(), index=terr_idx).reindex(idx)
        data.insert(0, name_column, names.to_numpy())
    return gpd.GeoDataFrame(data, geometry=geom.to_numpy(), crs=territories.crs)
