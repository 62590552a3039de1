"""The maps a refresh publishes: every interactive map (HTML), static image (PNG) and raster of a territory.

:func:`write_maps` and :func:`write_rasters` take the refresh's outputs (plain tables, gathered in
:class:`MapInputs`) and write the files into the maps folder; the refresh only calls them.

Interactive maps are drawn per region when the territory is too large for one light HTML file
(``outputs.split_maps``); HTML element ids are made sequential so that unchanged inputs give
byte-identical files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .._atomic import atomic_path
from ..config import OutputsConfig, ProfessionConfig
from ..schema import CODE, PROFESSION_LABELS

__all__ = ["AUTO_SPLIT_COMMUNES", "MapInputs", "write_maps", "write_rasters", "stable_ids"]

#: With ``outputs.split_maps = "auto"``, interactive maps are drawn per region above this many communes
#: (a region of ≈5,000 communes gives a self-contained HTML file under 10 MB; all of France, ≈54 MB).
AUTO_SPLIT_COMMUNES = 6000


@dataclass(frozen=True)
class MapInputs:
    """What the maps of a refresh are drawn from (every table indexed like the refresh's outputs).

    Attributes
    ----------
    label
        The territory's label (caption of every map).
    communes
        Commune polygons indexed by ``code_commune``: ``nom``, ``code_departement``, ``code_region``,
        ``population``.
    apl_table
        The refresh's APL table: columns ``{profession}__{variant}`` (``apl``, ``apl_65``…) and
        ``{profession}__demande``.
    zonage
        Computed zoning class per commune, or ``None``.
    cpts, msp, departements
        The territory's CPTS (long table), MSP/centres (points), departments (polygons), or ``None``.
    tables
        The refresh's CPTS and MSP tables by name (``msp_departements``, ``couverture_departements``…).
    """

    label: str
    communes: gpd.GeoDataFrame
    apl_table: pd.DataFrame
    zonage: pd.Series | None = None
    cpts: pd.DataFrame | None = None
    msp: gpd.GeoDataFrame | None = None
    departements: gpd.GeoDataFrame | None = None
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)


_FOLIUM_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def stable_ids(page: str) -> str:
    """Replace folium's random 32-hex element ids by sequential ones (deterministic HTML).

    Examples
    --------
    >>> stable_ids("map_" + "ab" * 16 + " map_" + "ab" * 16 + " x_" + "cd" * 16)
    'map_00000000000000000000000000000001 map_00000000000000000000000000000001 x_00000000000000000000000000000002'
    """
    mapping: dict[str, str] = {}

    def repl(m: re.Match[str]) -> str:
        return mapping.setdefault(m.group(0), f"{len(mapping) + 1:032x}")

    return _FOLIUM_ID.sub(repl, page)


def _split_regions(communes: gpd.GeoDataFrame, mode: str) -> list[str | None]:
    """Regions to draw separately (``[None]`` = one map for the whole territory)."""
    regions = sorted(communes["code_region"].dropna().unique().tolist())
    if mode == "region" or (mode == "auto" and len(regions) > 1 and len(communes) > AUTO_SPLIT_COMMUNES):
        return regions
    return [None]


def write_maps(
    inputs: MapInputs,
    *,
    professions: Sequence[ProfessionConfig],
    outputs: OutputsConfig,
    directory: Path,
) -> list[Path]:
    """Write every map of a refresh into ``directory``; return the files written.

    Parameters
    ----------
    inputs
        The refresh's outputs (:class:`MapInputs`).
    professions
        The configured professions (one APL map and image each).
    outputs
        Output options (``png``, ``self_contained``, ``basemap``, ``split_maps``).
    directory
        The (staging) maps folder.
    """
    from . import apl_map as make_apl_map
    from . import cpts_map as make_cpts_map
    from . import deployment_map, msp_map, render_html, static_map, summary_map
    from . import zoning_map as make_zoning_map

    written: list[Path] = []
    basemap = "openstreetmap" if outputs.basemap else None
    caption = inputs.label
    apl_table = inputs.apl_table
    zonage_all = inputs.zonage

    def save(m: Any, name: str) -> None:
        page = render_html(m, self_contained=outputs.self_contained, basemap=outputs.basemap)
        path = directory / f"{name}.html"
        with atomic_path(path) as tmp:
            tmp.write_text(stable_ids(page), encoding="utf-8")
        written.append(path)

    def png(gdf: gpd.GeoDataFrame, column: str, kind: str, name: str, title: str, scheme: str = "official") -> None:
        if outputs.png:
            path = directory / f"{name}.png"
            static_map(gdf, column, kind=kind, path=path, title=title, scheme=scheme, source=caption)
            written.append(path)

    # national static images (light whatever the size)
    for prof in professions:
        col = f"{prof.name}__apl"
        if col in apl_table:
            scheme = "official" if prof.name == "medecin_generaliste" else "quantiles"
            png(
                inputs.communes.assign(apl=apl_table[col]),
                "apl",
                "apl",
                f"apl_{prof.name}",
                f"APL — {PROFESSION_LABELS[prof.name]}",
                scheme,
            )
    if zonage_all is not None:
        png(
            inputs.communes.assign(zonage=zonage_all),
            "zonage",
            "zoning",
            "zonage",
            "Zonage des médecins généralistes",
        )

    # interactive maps, per region when the territory is too large for one light HTML file
    for region in _split_regions(inputs.communes, outputs.split_maps):
        if region is None:
            communes, suffix, where = inputs.communes, "", ""
        else:
            communes = inputs.communes[inputs.communes["code_region"] == region]
            suffix, where = f"_region_{region}", f" — région {region}"
        codes = communes.index
        zonage = zonage_all.reindex(codes) if zonage_all is not None else None
        cpts = inputs.cpts[inputs.cpts[CODE].isin(codes)] if inputs.cpts is not None else None
        msp = inputs.msp[inputs.msp[CODE].isin(codes)] if inputs.msp is not None else None
        for prof in professions:
            col = f"{prof.name}__apl"
            if col not in apl_table:
                continue
            is_gp = prof.name == "medecin_generaliste"
            m = make_apl_map(
                communes,
                apl_table[col].reindex(codes),
                scheme="official" if is_gp else "quantiles",
                title=f"APL — {PROFESSION_LABELS[prof.name]}{where}",
                basemap=basemap,
                caption=caption,
            )
            save(m, f"apl_{prof.name}{suffix}")
        if zonage is not None:
            save(make_zoning_map(communes, zonage, basemap=basemap, caption=caption), f"zonage{suffix}")
        if cpts is not None and len(cpts):
            save(make_cpts_map(communes, cpts, basemap=basemap, caption=caption), f"cpts{suffix}")
        if msp is not None and len(msp):
            save(msp_map(msp, communes_gdf=communes, basemap=basemap, caption=caption), f"msp{suffix}")
        if zonage is not None or (cpts is not None and len(cpts)) or (msp is not None and len(msp)):
            m = deployment_map(
                communes,
                apl=apl_table["medecin_generaliste__apl"].reindex(codes)
                if "medecin_generaliste__apl" in apl_table
                else None,
                zonage=zonage,
                cpts_long=cpts if cpts is not None and len(cpts) else None,
                msp_gdf=msp if msp is not None and len(msp) else None,
                basemap=basemap,
                caption=caption,
            )
            save(m, f"deploiement{suffix}")

    # department summaries (light: one polygon per department)
    if inputs.departements is not None and "msp_departements" in inputs.tables:
        values = inputs.tables["msp_departements"]["per_100k"]
        save(
            summary_map(
                inputs.departements,
                values,
                indicator_label="MSP pour 100 000 habitants",
                basemap=basemap,
                caption=caption,
            ),
            "msp_departements",
        )
    if inputs.departements is not None and "couverture_departements" in inputs.tables:
        values = inputs.tables["couverture_departements"]["coverage_percent"]
        save(
            summary_map(
                inputs.departements,
                values,
                indicator_label="Population couverte par une CPTS (%)",
                basemap=basemap,
                caption=caption,
                unit="%",
            ),
            "cpts_departements",
        )
    return written


def write_rasters(
    communes: gpd.GeoDataFrame,
    apl_table: pd.DataFrame,
    *,
    professions: Sequence[ProfessionConfig],
    outputs: OutputsConfig,
    directory: Path,
) -> list[Path]:
    """Write one GeoTIFF of the APL per configured profession (``apl_{profession}.tif``)."""
    from .raster import write_indicator_raster

    written = []
    for prof in professions:
        col = f"{prof.name}__apl"
        if col in apl_table:
            path = directory / f"apl_{prof.name}.tif"
            write_indicator_raster(communes, apl_table[col], path, resolution_m=outputs.raster_resolution_m)
            written.append(path)
    return written
