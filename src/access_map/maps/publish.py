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
from ..communes import region_names
from ..config import OutputsConfig, ProfessionConfig, RefreshConfig
from ..schema import CODE

__all__ = [
    "AUTO_SPLIT_COMMUNES",
    "MapInputs",
    "map_source",
    "region_label",
    "write_maps",
    "write_rasters",
    "stable_ids",
]

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
        ``{profession}__demande`` (standardised population, the weights of the reference means).
    zoning
        ``ZoningResult.communes`` (``code_tvs``, ``libelle_tvs``, ``tvs_apl``, ``zonage``), or ``None``.
    previous_zoning
        Class of the zoning in force before, per commune, or ``None``.
    zoning_qpv
        ``ZoningResult.qpv`` (QPV with their class), or ``None``.
    cpts, msp, departements
        The territory's CPTS (long table), MSP/centres (points), departments (polygons; a
        ``cheflieu`` column names the préfectures), or ``None``.
    times
        The travel-time table (nearest MSP in the popups), or ``None``.
    tables
        The refresh's CPTS and MSP tables by name (``msp_departements``, ``couverture_departements``…).
    source
        Source line of every map (producers and vintages, :func:`map_source`); default: the label.
    zoning_max_age
        Practitioner age cap of the APL the zoning was computed on (``[zoning] max_age``; ``None``: all ages).
    data_vintage
        Year of the data the APL is computed from (the practitioner file's, or the DREES workbook's sheet;
        :func:`~access_map.maps.credits.data_vintage`), shown in the titles; ``None``: no year (never the
        parameters' vintage).
    prefectures
        INSEE codes of the préfectures (``CHEFLIEU`` of the COG department table): the reference names;
        default: the ``cheflieu`` column of ``departements``.
    tvs_apl
        The ≤ 65 APL of each commune's TVS when there is no zoning (the published atlas), or ``None``.
    apl_change
        The GP APL change per commune between two vintages (columns ``apl``, ``apl_65``; ``attrs["years"]``
        the two vintages), or ``None``: a view of the APL map and an image each.
    """

    label: str
    communes: gpd.GeoDataFrame
    apl_table: pd.DataFrame
    zoning: pd.DataFrame | None = None
    previous_zoning: pd.Series | None = None
    zoning_qpv: pd.DataFrame | None = None
    cpts: pd.DataFrame | None = None
    msp: gpd.GeoDataFrame | None = None
    departements: gpd.GeoDataFrame | None = None
    times: pd.DataFrame | None = None
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""
    zoning_max_age: int | None = 65
    data_vintage: int | None = None
    prefectures: tuple[str, ...] = ()
    tvs_apl: pd.Series | None = None
    apl_change: pd.DataFrame | None = None

    def tvs_values(self) -> pd.Series | None:
        """The TVS APL per commune: the zoning's (variant :attr:`zoning_max_age`), else :attr:`tvs_apl` (≤ 65)."""
        if self.zoning is not None and "tvs_apl" in self.zoning:
            return self.zoning["tvs_apl"]
        return self.tvs_apl

    def tvs_max_age(self) -> int | None:
        """Practitioner age cap of :meth:`tvs_values`: the zoning's variant, else the published ≤ 65 APL."""
        if self.zoning is not None and "tvs_apl" in self.zoning:
            return self.zoning_max_age
        return 65


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


def region_label(code: str) -> str:
    """The name of a region in titles (« Nouvelle-Aquitaine »), or « région 99 » for an unknown code.

    Examples
    --------
    >>> region_label("75"), region_label("99")
    ('Nouvelle-Aquitaine', 'région 99')
    """
    from ..messages.maps import region_fallback

    name = str(region_names([code]).iloc[0])
    return name or region_fallback(code)


def _split_regions(communes: gpd.GeoDataFrame, mode: str) -> list[str | None]:
    """Regions to draw separately (``[None]`` = one map for the whole territory)."""
    regions = sorted(communes["code_region"].dropna().unique().tolist())
    if mode == "region" or (mode == "auto" and len(regions) > 1 and len(communes) > AUTO_SPLIT_COMMUNES):
        return regions
    return [None]


def map_source(config: RefreshConfig) -> str:
    """The source line of a refresh's maps: the inputs' producers and vintages, and how the APL was computed.

    Examples
    --------
    >>> from access_map.config import parse_config
    >>> map_source(parse_config({"name": "t", "sources": {"demo": True}}))
    'données fictives de démonstration ; APL calculée par access_map (méthode DREES, paramètres 2023)'
    """
    from .credits import refresh_source_line

    return refresh_source_line(config)


def _prefectures(departements: gpd.GeoDataFrame | None) -> tuple[str, ...]:
    if departements is None or "cheflieu" not in departements.columns:
        return ()
    return tuple(str(c) for c in departements["cheflieu"].dropna())


class _Writer:
    """Writes the files of one refresh (HTML with stable ids, images) and lists them."""

    def __init__(self, directory: Path, outputs: OutputsConfig) -> None:
        self.directory = directory
        self.outputs = outputs
        self.written: list[Path] = []

    def html(self, m: Any, name: str) -> None:
        from .html import render_html

        page = render_html(m, self_contained=self.outputs.self_contained, basemap=self.outputs.basemap)
        path = self.directory / f"{name}.html"
        with atomic_path(path) as tmp:
            tmp.write_text(stable_ids(page), encoding="utf-8")
        self.written.append(path)

    def image(self, draw: Any, name: str) -> None:
        if self.outputs.png:
            path = self.directory / f"{name}.png"
            draw(path)
            self.written.append(path)


def _static_reference(
    values: pd.Series, demand: pd.Series | None, communes: gpd.GeoDataFrame
) -> tuple[str, float] | None:
    """The reference value of an image: as on the interactive map (standardised population, else population)."""
    from .meta import reference_value

    if demand is not None:
        return reference_value(values, demand, standardised=True)
    return reference_value(values, communes["population"], standardised=False)


def _static_images(inputs: MapInputs, professions: Sequence[ProfessionConfig], w: _Writer, source: str) -> None:
    """National images (light whatever the size): APL per profession, TVS APL, zoning and its change map."""
    from .meta import ValueLabel, zoning_subtitle
    from .static import draw_static, static_geometry, static_map
    from .views import change_view

    if not w.outputs.png:
        return
    communes = inputs.communes
    geo = static_geometry(communes)
    for prof in professions:
        col = f"{prof.name}__apl"
        if col not in inputs.apl_table:
            continue
        text = ValueLabel(prof.name, None, "commune", inputs.data_vintage).text()
        frame = communes.assign(apl=inputs.apl_table[col])
        demand = inputs.apl_table.get(f"{prof.name}__demande")
        ref = _static_reference(frame["apl"], demand, communes)
        w.image(
            lambda p, t=text, f=frame, r=ref: static_map(
                f, "apl", kind="apl", path=p, title=t.title, subtitle=t.subtitle, unit=t.unit, source=source,
                geometry=geo, reference=r,
            ),
            f"apl_{prof.name}",
        )  # fmt: skip
        if prof.name == "medecin_generaliste" and inputs.tvs_values() is not None:
            text = ValueLabel(prof.name, inputs.tvs_max_age(), "tvs", inputs.data_vintage).text()
            frame = communes.assign(apl=inputs.tvs_values())
            ref = _static_reference(frame["apl"], demand, communes)
            w.image(
                lambda p, t=text, f=frame, r=ref: static_map(
                    f, "apl", kind="apl", scheme="official", path=p, title=t.title, subtitle=t.subtitle,
                    unit=t.unit, source=source, geometry=geo, reference=r,
                ),
                f"apl_{prof.name}_tvs",
            )  # fmt: skip
        if prof.name == "medecin_generaliste" and inputs.apl_change is not None and "apl_65" in inputs.apl_change:
            _change_image(inputs, prof, w, source, geo)
    if inputs.zoning is not None:
        frame = communes.assign(zonage=inputs.zoning["zonage"])
        w.image(
            lambda p: static_map(
                frame, "zonage", kind="zoning", path=p, title="Zonage des médecins généralistes",
                subtitle=zoning_subtitle("calculé", inputs.data_vintage, inputs.zoning_max_age), source=source,
                geometry=geo,
            ),
            "zonage",
        )  # fmt: skip
        if inputs.previous_zoning is not None:
            view = change_view(
                inputs.previous_zoning.reindex(geo.codes),
                inputs.zoning["zonage"].reindex(geo.codes),
                name="Évolution",
                title="Évolution du zonage des médecins généralistes",
            )
            palette = list(view.colors) + ["#bdbdbd"]
            colors = [palette[c] for c in view.classes]
            legend = list(zip(view.colors, view.labels))
            w.image(
                lambda p: draw_static(
                    geo, colors, legend, path=p, title=view.title,
                    subtitle="Classe du zonage précédent → classe calculée, par commune",
                    legend_title="Évolution", source=source,
                ),
                "zonage_evolution",
            )  # fmt: skip


def _change_image(inputs: MapInputs, prof: ProfessionConfig, w: _Writer, source: str, geo: Any) -> None:
    """Image of the ≤ 65 APL change between two vintages (diverging classes centred on 0)."""
    from .meta import apl_text
    from .static import static_map
    from .views import APL_CHANGE_THRESHOLDS

    assert inputs.apl_change is not None
    years = inputs.apl_change.attrs.get("years")
    span = f" {years[0]} → {years[1]}" if years else ""
    text = apl_text(prof.name, variant="apl_65", level="commune")
    frame = inputs.communes.assign(evolution=inputs.apl_change["apl_65"])
    w.image(
        lambda p: static_map(
            frame, "evolution", kind="indicator", scheme="official", thresholds=APL_CHANGE_THRESHOLDS, cmap="RdBu",
            path=p, title=f"Évolution de l'APL aux médecins généralistes{span}",
            subtitle=f"{text.subtitle} ; écart entre les deux millésimes", unit=text.unit, legend_title="ΔAPL",
            source=source, geometry=geo,
        ),
        f"apl_{prof.name}_evolution",
    )  # fmt: skip


def write_maps(
    inputs: MapInputs,
    *,
    professions: Sequence[ProfessionConfig],
    outputs: OutputsConfig,
    directory: Path,
) -> list[Path]:
    """Write every map of a refresh into ``directory``; return the files written.

    The display geometry and the commune profile are computed once per territory (or region) and
    shared by every interactive map; the static outlines once for every image.

    Parameters
    ----------
    inputs
        The refresh's outputs (:class:`MapInputs`).
    professions
        The configured professions (one APL map and image each, a view per practitioner-age variant).
    outputs
        Output options (``png``, ``self_contained``, ``basemap``, ``split_maps``).
    directory
        The (staging) maps folder.
    """
    w = _Writer(directory, outputs)
    basemap = "openstreetmap" if outputs.basemap else None
    source = inputs.source or inputs.label
    common: dict[str, Any] = {"basemap": basemap, "caption": inputs.label, "source": source}
    prefectures = inputs.prefectures or _prefectures(inputs.departements)
    _static_images(inputs, professions, w, source)
    profile_all = _profile_all(inputs)
    # interactive maps, per region when the territory is too large for one light HTML file
    for region in _split_regions(inputs.communes, outputs.split_maps):
        _region_maps(inputs, professions, w, region, common=common, prefectures=prefectures, profile_all=profile_all)
    _department_maps(inputs, w, common)
    return w.written


def _profile_all(inputs: MapInputs) -> pd.DataFrame:
    """Phase 1: the popup profile of every commune (computed once, shared by every interactive map)."""
    from .profile import commune_profile

    plain = pd.DataFrame(inputs.communes.drop(columns="geometry"))
    profile_all = commune_profile(
        plain,
        apl=inputs.apl_table,
        zoning=inputs.zoning,
        previous_zoning=inputs.previous_zoning,
        cpts=inputs.cpts,
        msp=inputs.msp if inputs.times is not None else None,
        times=inputs.times if inputs.msp is not None else None,
        zoning_max_age=inputs.zoning_max_age,
    )
    for col in ("code_departement", "code_region"):
        profile_all[col] = plain[col]
    if inputs.zoning is not None and "code_tvs" in inputs.zoning:
        profile_all["code_tvs"] = inputs.zoning["code_tvs"].reindex(profile_all.index)
    elif inputs.tvs_apl is not None:  # the published APL of the commune's TVS: in the popup as on the map
        from .profile import tvs_apl_column

        profile_all[tvs_apl_column(inputs.tvs_max_age())] = inputs.tvs_apl.reindex(profile_all.index)
    return profile_all


def _region_maps(
    inputs: MapInputs,
    professions: Sequence[ProfessionConfig],
    w: _Writer,
    region: str | None,
    *,
    common: dict[str, Any],
    prefectures: tuple[str, ...],
    profile_all: pd.DataFrame,
) -> None:
    """Phase 2: the interactive maps of one region (``None``: the whole territory): APL, zoning, CPTS, MSP."""
    from .folium_maps import cpts_map, msp_map, zoning_map
    from .topology import display_topology

    if region is None:
        communes, suffix, where = inputs.communes, "", ""
    else:
        communes = inputs.communes[inputs.communes["code_region"] == region]
        suffix, where = f"_region_{region}", region_label(region)
    codes = communes.index
    topo = display_topology(communes)
    profile = profile_all.reindex(codes)
    shared: dict[str, Any] = {
        **common,
        "topology": topo,
        "profile": profile,
        "prefectures": prefectures,
        "where": where,
    }
    zonage_all = inputs.zoning["zonage"] if inputs.zoning is not None else None
    vintage = inputs.data_vintage
    cpts = inputs.cpts[inputs.cpts[CODE].isin(codes)] if inputs.cpts is not None else None
    msp = inputs.msp[inputs.msp[CODE].isin(codes)] if inputs.msp is not None else None
    _apl_maps(inputs, professions, w, communes, suffix=suffix, shared=shared)
    if zonage_all is not None:
        qpv = inputs.zoning_qpv
        m = zoning_map(
            communes, zonage_all.reindex(codes),
            previous=inputs.previous_zoning.reindex(codes) if inputs.previous_zoning is not None else None,
            qpv=qpv, vintage=vintage, apl_max_age=inputs.zoning_max_age, **shared,
        )  # fmt: skip
        w.html(m, f"zonage{suffix}")
    if cpts is not None and len(cpts):
        w.html(cpts_map(communes, cpts, **shared), f"cpts{suffix}")
    if msp is not None and len(msp):
        w.html(msp_map(msp, communes_gdf=communes, **shared), f"msp{suffix}")
    # coordinated care (CPTS, MSP) is deployed only where such a file was given
    if (cpts is not None and len(cpts)) or (msp is not None and len(msp)):
        _deployment_map(inputs, w, communes, cpts, msp, zonage_all, suffix=suffix, shared=shared)


def _apl_maps(
    inputs: MapInputs,
    professions: Sequence[ProfessionConfig],
    w: _Writer,
    communes: gpd.GeoDataFrame,
    *,
    suffix: str,
    shared: dict[str, Any],
) -> None:
    """Phase 2a: one APL map per profession with computed (or published) values on ``communes``."""
    from .folium_maps import apl_map

    codes = communes.index
    vintage = inputs.data_vintage
    for prof in professions:
        cols = [c for c in inputs.apl_table.columns if str(c).startswith(f"{prof.name}__apl")]
        if not cols:
            continue
        frame = inputs.apl_table.loc[codes, cols].rename(columns=lambda c: str(c).split("__", 1)[1])
        if not frame.notna().to_numpy().any():  # e.g. Mayotte: no published APL ("France hors Mayotte")
            continue
        weights = inputs.apl_table.get(f"{prof.name}__demande")
        weights = weights.reindex(codes) if weights is not None else None
        tvs_apl = change = None
        if prof.name == "medecin_generaliste":
            tvs_all = inputs.tvs_values()
            tvs_apl = tvs_all.reindex(codes) if tvs_all is not None else None
            change = inputs.apl_change.reindex(codes) if inputs.apl_change is not None else None
        years = inputs.apl_change.attrs.get("years") if inputs.apl_change is not None else None
        m = apl_map(
            communes, frame, profession=prof.name, vintage=vintage, tvs_apl=tvs_apl,
            tvs_max_age=inputs.tvs_max_age(), weights=weights, change=change, change_years=years, **shared,
        )  # fmt: skip
        w.html(m, f"apl_{prof.name}{suffix}")


def _deployment_map(
    inputs: MapInputs,
    w: _Writer,
    communes: gpd.GeoDataFrame,
    cpts: pd.DataFrame | None,
    msp: gpd.GeoDataFrame | None,
    zonage_all: pd.Series | None,
    *,
    suffix: str,
    shared: dict[str, Any],
) -> None:
    """Phase 2b: the deployment map of coordinated care (CPTS, MSP) over the GP APL and the zoning."""
    from .folium_maps import deployment_map

    codes = communes.index
    gp, demand = "medecin_generaliste__apl", "medecin_generaliste__demande"
    m = deployment_map(
        communes,
        apl=inputs.apl_table[gp].reindex(codes) if gp in inputs.apl_table else None,
        zonage=zonage_all.reindex(codes) if zonage_all is not None else None,
        cpts_long=cpts if cpts is not None and len(cpts) else None,
        msp_gdf=msp if msp is not None and len(msp) else None,
        vintage=inputs.data_vintage,
        apl_max_age=inputs.zoning_max_age,
        weights=inputs.apl_table[demand].reindex(codes) if demand in inputs.apl_table else None,
        **shared,
    )
    w.html(m, f"deploiement{suffix}")


def _department_maps(inputs: MapInputs, w: _Writer, common: dict[str, Any]) -> None:
    """Department summaries relative to the whole territory's value (light: one polygon per department)."""
    deps = inputs.departements
    if deps is None:
        return
    from .topology import display_topology

    topology = display_topology(deps)
    common = {**common, "topology": topology}
    msp = inputs.tables.get("msp_departements")
    if msp is not None and len(msp):
        from . import summary_map

        reference = float(msp["n_structures"].sum() / msp["population"].sum() * 1e5)
        m = summary_map(
            deps, msp["per_100k"], indicator_label="MSP pour 100 000 habitants", unit="pour 100 000 hab.",
            reference=reference, reference_label="Ensemble du territoire", **common,
        )  # fmt: skip
        w.html(m, "msp_departements")
    cov = inputs.tables.get("couverture_departements")
    if cov is not None and len(cov):
        from ..messages import maps as msg
        from . import summary_map
        from .views import COVERAGE_BOUNDS

        reference = float(cov["covered_population"].sum() / cov["population"].sum() * 100.0)
        m = summary_map(
            deps, cov["coverage_percent"], indicator_label=msg.COVERAGE_TITLE, unit=msg.COVERAGE_UNIT,
            reference=reference, reference_label="Ensemble du territoire", rate_bounds=COVERAGE_BOUNDS, **common,
        )  # fmt: skip
        w.html(m, "cpts_departements")


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
