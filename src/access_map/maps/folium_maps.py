"""Interactive folium maps of the indicators (APL, zoning, CPTS, MSP, territorial summaries).

Every function takes plain tables and returns a :class:`folium.Map` (shown inline in Jupyter, saved
with :func:`access_map.maps.save_map`). Input contracts:

* ``communes_gdf``: GeoDataFrame of commune polygons with a CRS (EPSG:2154 usually), indexed by
  ``code_commune`` (or with a ``code_commune`` column); optional columns ``nom`` (shown in tooltips)
  and ``population`` (used for CPTS populations and zones blanches).
* indicator Series (``apl``, ``zonage``) indexed by ``code_commune``; values of communes absent
  from the Series are shown as "Données manquantes"; values of codes absent from ``communes_gdf``
  cannot be drawn and are reported with a :class:`UserWarning`.
* ``cpts_long``: one row per (CPTS, commune): ``id_cpts``, ``nom_cpts``, ``statut``,
  ``date_signature`` (datetime, NaT if none), ``code_commune``.
* ``msp_gdf``: points with ``nom``, ``finess``, ``categorie`` (603 MSP / 124 centre de santé),
  ``date_ouverture``.

All labels, legends and tooltips are in French; every value coming from data is escaped.

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import box
>>> communes = gpd.GeoDataFrame(
...     {"nom": ["Aval", "Bourg"]},
...     geometry=[box(700000, 6600000, 705000, 6605000), box(705000, 6600000, 710000, 6605000)],
...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
>>> m = apl_map(communes, pd.Series({"01001": 2.1}), basemap=None)
>>> html = m.get_root().render()
>>> "APL ≤ 2,5" in html and "Données manquantes" in html and "2,10" in html
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from folium.plugins import MarkerCluster

from .._validate import require_columns
from ..communes import CODE
from ..errors import CRSError, InvalidValueError
from ..schema import DREES_ZONING_CODES, ZONING_CLASSES
from .geometry import DEFAULT_DECIMALS, DEFAULT_TOLERANCE_M, display_geometries
from .layers import (
    HATCH_CLASS,
    HATCH_SWATCH,
    add_caption,
    add_hatching,
    add_layer_control,
    add_legend,
    base_map,
    polygon_layer,
)
from .styles import (
    MISSING_COLOR,
    MISSING_LABEL,
    OFFICIAL_APL_THRESHOLDS,
    WHITE_ZONE_COLOR,
    WHITE_ZONE_LABEL,
    ZONING_COLORS,
    ZONING_MAP_LABELS,
    classify,
    cpts_size_class,
    esc,
    format_fr,
)

__all__ = [
    "LAYER_NAMES",
    "MSP_CATEGORY_LABELS",
    "apl_map",
    "zoning_map",
    "cpts_map",
    "msp_map",
    "summary_map",
    "deployment_map",
]

#: French layer names used in the layer control.
LAYER_NAMES: dict[str, str] = {
    "apl": "APL médecins généralistes",
    "zoning": "Zonage médecins",
    "cpts": "CPTS",
    "white_zones": "Zones blanches (sans CPTS)",
    "msp": "MSP et centres de santé",
}

#: FINESS categories of the structures shown by :func:`msp_map` and their colours.
MSP_CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "603": ("Maison de santé pluriprofessionnelle", "#2166ac"),
    "124": ("Centre de santé", "#b2182b"),
}
_OTHER_CATEGORY = ("Autre structure", "#636363")

_CPTS_PALETTE = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5", "#dbdb8d",
]  # fmt: skip


# --------------------------------------------------------------------------- helpers
def _commune_frame(communes_gdf: gpd.GeoDataFrame, *, what: str = "communes_gdf") -> gpd.GeoDataFrame:
    """Communes indexed by code (str), with a CRS; the input is not modified."""
    if not isinstance(communes_gdf, gpd.GeoDataFrame):
        raise InvalidValueError(f"{what}: expected a GeoDataFrame, got {type(communes_gdf).__name__}")
    if communes_gdf.crs is None:
        raise CRSError(f"{what}: no CRS; set it with gdf.set_crs(2154) (Lambert 93) or your source's CRS")
    gdf = communes_gdf
    if CODE in gdf.columns and gdf.index.name != CODE:
        gdf = gdf.set_index(CODE)
    gdf = gdf.copy()
    gdf.index = gdf.index.astype(str)
    gdf.index.name = CODE
    if gdf.index.has_duplicates:
        dup = gdf.index[gdf.index.duplicated()].unique()[:5].tolist()
        raise InvalidValueError(f"{what}: duplicated commune codes {dup}; keep one geometry per commune")
    return gdf


def _align(values: pd.Series, index: pd.Index, *, what: str) -> pd.Series:
    """Reindex ``values`` on the commune codes; warn about values with no geometry."""
    if not isinstance(values, pd.Series):
        raise InvalidValueError(f"{what}: expected a pandas Series indexed by {CODE}, got {type(values).__name__}")
    vals = values.copy()
    vals.index = vals.index.astype(str)
    if vals.index.has_duplicates:
        dup = vals.index[vals.index.duplicated()].unique()[:5].tolist()
        raise InvalidValueError(f"{what}: duplicated codes {dup}; give one value per code")
    orphans = vals.index.difference(index)
    if len(orphans):
        warnings.warn(
            f"{what}: {len(orphans)} value(s) have no geometry and are not mapped (e.g. {orphans[:5].tolist()}); "
            "check the commune vintage (COG) of both tables",
            UserWarning,
            stacklevel=3,
        )
    return vals.reindex(index)


def _name_of(gdf: gpd.GeoDataFrame) -> pd.Series:
    if "nom" in gdf.columns:
        return gdf["nom"].astype(object).where(gdf["nom"].notna(), "")
    return pd.Series("", index=gdf.index, dtype=object)


def _head(name: object, code: object) -> str:
    name_html = esc(name)
    return f"<b>{name_html}</b> ({esc(code)})" if name_html else f"<b>{esc(code)}</b>"


def _fmt_date(value: object) -> str:
    ts = pd.to_datetime(value, errors="coerce")
    return "—" if pd.isna(ts) else ts.strftime("%d/%m/%Y")


def _display_map(
    communes_gdf: gpd.GeoDataFrame, *, basemap: str | None, tolerance_m: float | None, decimals: int
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, folium.Map]:
    """Checked communes, their display geometries and a base map framed on them."""
    communes = _commune_frame(communes_gdf)
    disp = display_geometries(communes, tolerance_m=tolerance_m, decimals=decimals)
    return communes, disp, base_map(disp, basemap=basemap)


def _finish(m: folium.Map, *, caption: str | None, source: str | None, layer_control: bool = True) -> folium.Map:
    add_caption(m, caption=caption, source=source)
    if layer_control:
        add_layer_control(m)
    return m


# --------------------------------------------------------------------------- layer builders
def _apl_layer(
    disp: gpd.GeoDataFrame,
    apl: pd.Series,
    *,
    scheme: str,
    k: int | None,
    thresholds: Sequence[float],
    name: str,
    decimals: int,
    show: bool = True,
) -> tuple[folium.GeoJson, list[tuple[str, str]]]:
    values = _align(apl, disp.index, what="apl")
    values = pd.to_numeric(values, errors="coerce")
    cls = classify(values, scheme=scheme, k=k, thresholds=thresholds)
    names = _name_of(disp)
    tips = [
        f"{_head(n, c)}<br>APL : {format_fr(v, decimals=decimals, missing=MISSING_LABEL)}"
        for n, c, v in zip(names, disp.index, values)
    ]
    layer = polygon_layer(disp, name=name, fill=cls.color_of(), tooltip=tips, show=show)
    # the "no data" class is always in the legend, even when every commune has a value
    items = list(zip(cls.colors, cls.labels)) + [(MISSING_COLOR, MISSING_LABEL)]
    return layer, items


def _zoning_values(zonage: pd.Series, index: pd.Index) -> pd.Series:
    vals = _align(zonage, index, what="zonage")
    text = vals.astype(object).where(vals.notna(), None)
    mapped = text.map(lambda v: DREES_ZONING_CODES.get(v, v) if isinstance(v, str) else v)
    bad = sorted({str(v) for v in mapped.dropna() if v not in ZONING_CLASSES})
    if bad:
        raise InvalidValueError(
            f"zonage: unknown class(es) {bad[:10]}; expected one of {list(ZONING_CLASSES)} "
            f"(or DREES codes {list(DREES_ZONING_CODES)})"
        )
    return mapped


def _zoning_layer(
    disp: gpd.GeoDataFrame, zonage: pd.Series, *, name: str, show: bool = True
) -> tuple[folium.GeoJson, list[tuple[str, str]]]:
    classes = _zoning_values(zonage, disp.index)
    colors = [ZONING_COLORS.get(v, MISSING_COLOR) if isinstance(v, str) else MISSING_COLOR for v in classes]
    names = _name_of(disp)
    tips = [
        f"{_head(n, c)}<br>Zonage : {esc(ZONING_MAP_LABELS[v]) if isinstance(v, str) else MISSING_LABEL}"
        for n, c, v in zip(names, disp.index, classes)
    ]
    layer = polygon_layer(disp, name=name, fill=colors, tooltip=tips, show=show)
    items = [(ZONING_COLORS[c], ZONING_MAP_LABELS[c]) for c in ZONING_CLASSES] + [(MISSING_COLOR, MISSING_LABEL)]
    return layer, items


def _cpts_table(cpts_long: pd.DataFrame) -> pd.DataFrame:
    require_columns(cpts_long, ["id_cpts", "nom_cpts", "statut", "code_commune"], source="cpts_long")
    table = cpts_long.copy()
    table["code_commune"] = table["code_commune"].astype(str)
    table["id_cpts"] = table["id_cpts"].astype(str)
    if "date_signature" not in table.columns:
        table["date_signature"] = pd.NaT
    return table


def _cpts_layers(
    communes: gpd.GeoDataFrame,
    cpts_long: pd.DataFrame,
    *,
    cpts_population: pd.Series | None,
    tolerance_m: float | None,
    decimals: int,
    names: tuple[str, str],
    show: bool = True,
    fill_opacity: float = 0.35,
) -> tuple[list[folium.GeoJson], list[tuple[str, str]]]:
    """CPTS perimeters (dissolved communes) + hatched zones blanches layer, and legend items."""
    table = _cpts_table(cpts_long)
    unknown = sorted(set(table["code_commune"]) - set(communes.index))
    if unknown:
        warnings.warn(
            f"cpts_long: {len(unknown)} commune code(s) have no geometry and are left out of the perimeters "
            f"(e.g. {unknown[:5]}); check the commune vintage (COG)",
            UserWarning,
            stacklevel=3,
        )
    # simplify the commune coverage once, then dissolve: perimeters follow the commune layer exactly
    disp = display_geometries(communes[[communes.geometry.name]], tolerance_m=tolerance_m, decimals=None)
    pop = (
        pd.to_numeric(communes["population"], errors="coerce")
        if "population" in communes.columns
        else pd.Series(np.nan, index=communes.index)
    )
    known = table[table["code_commune"].isin(communes.index)]
    groups = known.groupby("id_cpts", sort=True)
    rows = []
    for i, (cid, grp) in enumerate(groups):
        codes = grp["code_commune"].unique()
        geom = disp.geometry.loc[codes].union_all()
        if cpts_population is not None and cid in cpts_population.index:
            population = float(cpts_population.loc[cid])
        else:
            population = float(pop.loc[codes].sum(min_count=len(codes)))
        first = grp.iloc[0]
        signed = str(first["statut"]).strip().lower().startswith("contrat")
        rows.append(
            {
                "geometry": geom,
                "fill": _CPTS_PALETTE[i % len(_CPTS_PALETTE)],
                "signed": signed,
                "pop": (
                    f"<b>{esc(first['nom_cpts'])}</b><br>Statut : {esc(first['statut'])}"
                    f"<br>Date de signature : {_fmt_date(first['date_signature'])}"
                    f"<br>Communes : {len(codes)}"
                    f"<br>Population couverte : {format_fr(population, decimals=0)}"
                    f"<br>Taille ACI : {cpts_size_class(population)}"
                ),
                "tip": f"<b>{esc(first['nom_cpts'])}</b> — {esc(first['statut'])}",
            }
        )
    layers: list[folium.GeoJson] = []
    items: list[tuple[str, str]] = []
    if rows:
        frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
        if decimals is not None:
            frame = display_geometries(frame, tolerance_m=None, decimals=decimals)
        for signed, label, dash in (
            (True, "CPTS (contrat ACI signé)", None),
            (False, "CPTS (projet, pré-projet)", "6 4"),
        ):
            part = frame[frame["signed"] == signed]
            if part.empty:
                continue
            layers.append(
                polygon_layer(
                    part,
                    name=f"{names[0]} : {'contrat signé' if signed else 'projets'}",
                    fill=part["fill"],
                    tooltip=part["tip"],
                    popup=part["pop"],
                    fill_opacity=fill_opacity,
                    line_color="#222222",
                    line_weight=2.0 if signed else 1.5,
                    dash_array=dash,
                    show=show,
                )
            )
            items.append(("#ffffff" if signed else "#eeeeee", label + (" — trait plein" if signed else " — tirets")))
    covered = set(known["code_commune"])
    white = disp.loc[[c for c in disp.index if c not in covered]]
    if len(white):
        white = display_geometries(white, tolerance_m=None, decimals=decimals) if decimals is not None else white
        cn = _name_of(communes.loc[white.index])
        tips = [
            f"{_head(n, c)}<br>{WHITE_ZONE_LABEL}<br>Population : {format_fr(pop.loc[c], decimals=0)}"
            for n, c in zip(cn, white.index)
        ]
        layers.append(
            polygon_layer(
                white,
                name=names[1],
                fill=[WHITE_ZONE_COLOR] * len(white),
                tooltip=tips,
                fill_opacity=0.55,
                dash_array="3 3",
                line_color="#333333",
                class_name=HATCH_CLASS,
                show=show,
            )
        )
        items.append((HATCH_SWATCH, WHITE_ZONE_LABEL))
    return layers, items


def _msp_layer(msp_gdf: gpd.GeoDataFrame, *, name: str, show: bool = True) -> tuple[MarkerCluster, list]:
    if not isinstance(msp_gdf, gpd.GeoDataFrame) or msp_gdf.crs is None:
        raise CRSError("msp_gdf: expected a GeoDataFrame of points with a CRS (e.g. EPSG:2154)")
    require_columns(msp_gdf, ["nom"], source="msp_gdf")
    pts = msp_gdf.to_crs(4326)
    if not (pts.geometry.geom_type == "Point").all():
        bad = sorted(set(pts.geometry.geom_type) - {"Point"})
        raise InvalidValueError(f"msp_gdf: geometries must be points, found {bad}; use centroids or geocoded points")
    cluster = MarkerCluster(name=esc(name), show=show, options={"maxClusterRadius": 40})
    used: dict[str, tuple[str, str]] = {}
    for idx, row in pts.iterrows():
        cat = str(row.get("categorie", "")).strip().removesuffix(".0")  # 603, "603" or 603.0
        label, color = MSP_CATEGORY_LABELS.get(cat, _OTHER_CATEGORY)
        used[label] = (color, label)
        finess = row.get("finess", idx)
        popup = (
            f"<b>{esc(row['nom'])}</b><br>FINESS : {esc(finess)}"
            f"<br>Catégorie : {esc(label)} ({esc(cat)})"
            f"<br>Date d'ouverture : {_fmt_date(row.get('date_ouverture'))}"
        )
        if "code_commune" in pts.columns:
            popup += f"<br>Commune : {esc(row['code_commune'])}"
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=7,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=color,
            fill_opacity=0.95,
            popup=folium.Popup(popup, max_width=320),
            tooltip=folium.Tooltip(esc(row["nom"])),
        ).add_to(cluster)
    return cluster, list(used.values())


# --------------------------------------------------------------------------- public maps
def apl_map(
    communes_gdf: gpd.GeoDataFrame,
    apl: pd.Series,
    *,
    scheme: str = "official",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    title: str = "APL aux médecins généralistes (consultations/an/hab.)",
    layer_name: str = LAYER_NAMES["apl"],
    value_decimals: int = 2,
    basemap: str | None = "openstreetmap",
    caption: str | None = None,
    source: str | None = None,
    tolerance_m: float | None = DEFAULT_TOLERANCE_M,
    decimals: int = DEFAULT_DECIMALS,
) -> folium.Map:
    """Choropleth of the APL by commune, with a French legend and a "Données manquantes" class.

    Parameters
    ----------
    communes_gdf : GeoDataFrame
        Commune polygons indexed by ``code_commune`` (optional ``nom`` column for tooltips).
    apl : pd.Series
        APL per ``code_commune``; NaN or absent → "Données manquantes" (grey).
    scheme : {"official", "quantiles", "fisher_jenks"}
        ``"official"``: classes ``≤ 2,5``, ``2,5–4``, ``> 4`` (zoning thresholds, see ``thresholds``);
        otherwise ``k`` classes (default 5) from :mod:`mapclassify`.
    k : int, optional
        Number of classes of the data-driven schemes.
    thresholds : sequence of float
        Breaks of the official scheme (2.5 and 4 by default; regions may use others since 2025).
    title, layer_name : str
        Legend title and layer-control name.
    value_decimals : int
        Decimals of the APL in tooltips (French decimal comma).
    basemap : str or None
        ``"openstreetmap"`` (default), ``"cartodbpositron"`` (CARTO may require an API key) or ``None`` (no tiles, offline).
    caption, source : str, optional
        Text of a visible box (e.g. ``caption="Territoire fictif"``, ``source="DREES, APL 2023"``).
    tolerance_m, decimals : float, int
        Display simplification (see :func:`~access_map.maps.geometry.display_geometries`).

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B", "C"]},
    ...     geometry=[box(x, 6600000, x + 1000, 6601000) for x in (700000, 701000, 702000)],
    ...     index=pd.Index(["01001", "01002", "01003"], name="code_commune"), crs=2154)
    >>> m = apl_map(g, pd.Series({"01001": 1.0, "01002": 2.0, "01003": 3.0}),
    ...             scheme="quantiles", k=3, basemap=None)
    >>> "de 1 à 1,67" in m.get_root().render()
    True
    """
    _, disp, m = _display_map(communes_gdf, basemap=basemap, tolerance_m=tolerance_m, decimals=decimals)
    layer, items = _apl_layer(
        disp, apl, scheme=scheme, k=k, thresholds=thresholds, name=layer_name, decimals=value_decimals
    )
    layer.add_to(m)
    add_legend(m, title=title, items=items)
    return _finish(m, caption=caption, source=source)


def zoning_map(
    communes_gdf: gpd.GeoDataFrame,
    zonage: pd.Series,
    *,
    title: str = "Zonage des médecins généralistes",
    layer_name: str = LAYER_NAMES["zoning"],
    basemap: str | None = "openstreetmap",
    caption: str | None = None,
    source: str | None = None,
    tolerance_m: float | None = DEFAULT_TOLERANCE_M,
    decimals: int = DEFAULT_DECIMALS,
) -> folium.Map:
    """Map of the ZIP/ZAC/ZV/HV zoning with the fixed colour convention.

    ZIP red, ZAC orange, zone de vigilance yellow, hors vivier light green, missing grey
    (:data:`~access_map.maps.styles.ZONING_COLORS`). ``zonage`` holds ``"ZIP"``, ``"ZAC"``,
    ``"ZV"``, ``"HV"`` (DREES export codes such as ``"3_QPV_ZIP"`` are accepted) per ``code_commune``.

    Raises
    ------
    InvalidValueError
        If a value is not a zoning class.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame(geometry=[box(700000, 6600000, 701000, 6601000)],
    ...     index=pd.Index(["01001"], name="code_commune"), crs=2154)
    >>> html = zoning_map(g, pd.Series({"01001": "ZIP"}), basemap=None).get_root().render()
    >>> "Zone d&#x27;intervention prioritaire (ZIP)" in html
    True
    """
    _, disp, m = _display_map(communes_gdf, basemap=basemap, tolerance_m=tolerance_m, decimals=decimals)
    layer, items = _zoning_layer(disp, zonage, name=layer_name)
    layer.add_to(m)
    add_legend(m, title=title, items=items)
    return _finish(m, caption=caption, source=source)


def cpts_map(
    communes_gdf: gpd.GeoDataFrame,
    cpts_long: pd.DataFrame,
    *,
    cpts_population: pd.Series | None = None,
    title: str = "Communautés professionnelles territoriales de santé",
    basemap: str | None = "openstreetmap",
    caption: str | None = None,
    source: str | None = None,
    tolerance_m: float | None = DEFAULT_TOLERANCE_M,
    decimals: int = DEFAULT_DECIMALS,
) -> folium.Map:
    """CPTS perimeters (communes dissolved per CPTS) over the zones blanches (communes with no CPTS).

    Popups give the CPTS name, status, signature date, number of communes, population covered and
    ACI size class. Signed CPTS have a solid outline, projects a dashed one; zones blanches are
    hatched (dark diagonal lines over a light grey veil, SVG pattern) with a dotted outline.

    Parameters
    ----------
    communes_gdf : GeoDataFrame
        Commune polygons indexed by ``code_commune``; ``population`` is summed per CPTS unless
        ``cpts_population`` is given.
    cpts_long : DataFrame
        One row per (CPTS, commune): ``id_cpts``, ``nom_cpts``, ``statut``, ``date_signature``,
        ``code_commune``.
    cpts_population : pd.Series, optional
        Precomputed population per ``id_cpts`` (e.g. from :mod:`access_map.cpts`).

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B"], "population": [30000.0, 15000.0]},
    ...     geometry=[box(700000, 6600000, 701000, 6601000), box(701000, 6600000, 702000, 6601000)],
    ...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> cpts = pd.DataFrame({"id_cpts": ["c1"], "nom_cpts": ["CPTS du Val"], "statut": ["contrat ACI signé"],
    ...                      "date_signature": [pd.Timestamp("2021-03-12")], "code_commune": ["01001"]})
    >>> html = cpts_map(g, cpts, basemap=None).get_root().render()
    >>> "12/03/2021" in html and "taille 1" in html and "Zone blanche" in html
    True
    """
    communes = _commune_frame(communes_gdf)
    layers, items = _cpts_layers(
        communes,
        cpts_long,
        cpts_population=cpts_population,
        tolerance_m=tolerance_m,
        decimals=decimals,
        names=(LAYER_NAMES["cpts"], LAYER_NAMES["white_zones"]),
    )
    m = base_map(communes, basemap=basemap)
    add_hatching(m)
    for layer in layers:
        layer.add_to(m)
    add_legend(m, title=title, items=items)
    return _finish(m, caption=caption, source=source)


def msp_map(
    msp_gdf: gpd.GeoDataFrame,
    *,
    communes_gdf: gpd.GeoDataFrame | None = None,
    title: str = "Maisons de santé et centres de santé",
    basemap: str | None = "openstreetmap",
    caption: str | None = None,
    source: str | None = None,
    tolerance_m: float | None = DEFAULT_TOLERANCE_M,
    decimals: int = DEFAULT_DECIMALS,
) -> folium.Map:
    """Clustered markers of MSP (FINESS 603) and centres de santé (124) with their attributes.

    Popups: name, FINESS number, category, opening date (and commune code when present).
    ``communes_gdf`` optionally draws commune outlines underneath (layer "Communes").

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import Point
    >>> msp = gpd.GeoDataFrame({"nom": ["MSP des Tilleuls"], "finess": ["010000001"], "categorie": ["603"],
    ...     "date_ouverture": [pd.Timestamp("2019-05-02")]}, geometry=[Point(700000, 6600000)], crs=2154)
    >>> html = msp_map(msp, basemap=None).get_root().render()
    >>> "MSP des Tilleuls" in html and "02/05/2019" in html and "markerClusterGroup" in html
    True
    """
    m = base_map(msp_gdf if communes_gdf is None else communes_gdf, basemap=basemap)
    if communes_gdf is not None:
        communes = _commune_frame(communes_gdf)
        disp = display_geometries(communes, tolerance_m=tolerance_m, decimals=decimals)
        names = _name_of(disp)
        polygon_layer(
            disp,
            name="Communes",
            fill=["#ffffff"] * len(disp),
            tooltip=[_head(n, c) for n, c in zip(names, disp.index)],
            fill_opacity=0.2,
        ).add_to(m)
    cluster, items = _msp_layer(msp_gdf, name=LAYER_NAMES["msp"])
    cluster.add_to(m)
    add_legend(m, title=title, items=items, shape="circle")
    return _finish(m, caption=caption, source=source)


def summary_map(
    areas_gdf: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    indicator_label: str,
    scheme: str = "quantiles",
    k: int | None = None,
    thresholds: Sequence[float] | None = None,
    value_decimals: int = 1,
    unit: str = "",
    cmap: str = "YlGnBu",
    basemap: str | None = "openstreetmap",
    caption: str | None = None,
    source: str | None = None,
    tolerance_m: float | None = DEFAULT_TOLERANCE_M,
    decimals: int = DEFAULT_DECIMALS,
) -> folium.Map:
    """Choropleth of an indicator by region or department (MSP per 100 000 inhabitants, CPTS coverage…).

    Parameters
    ----------
    areas_gdf : GeoDataFrame
        Areas indexed by their code, optional ``nom`` column.
    values : pd.Series
        Indicator per area code.
    indicator_label : str
        French label of the indicator (legend title, layer name, tooltips), e.g.
        ``"MSP pour 100 000 habitants"``, ``"Population couverte par une CPTS (%)"``,
        ``"Part de la population en ZIP (%)"``.
    scheme, k, thresholds : see :func:`apl_map`
        ``thresholds`` is required with ``scheme="official"``.
    unit : str
        Suffix of tooltip values (e.g. ``" %"``).
    cmap : str
        Matplotlib colormap, low → high (use ``"YlOrRd"`` when high is bad, e.g. share in ZIP).

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> dep = gpd.GeoDataFrame({"nom": ["Nord", "Sud"]},
    ...     geometry=[box(700000, 6600000, 750000, 6650000), box(700000, 6550000, 750000, 6600000)],
    ...     index=pd.Index(["91", "92"], name="code"), crs=2154)
    >>> m = summary_map(dep, pd.Series({"91": 3.5, "92": 7.25}), indicator_label="MSP pour 100 000 habitants",
    ...                 scheme="official", thresholds=[5.0], basemap=None)
    >>> html = m.get_root().render()
    >>> "MSP pour 100 000 habitants : 7,2" in html or "MSP pour 100 000 habitants : 7,3" in html
    True
    """
    if not isinstance(areas_gdf, gpd.GeoDataFrame) or areas_gdf.crs is None:
        raise CRSError("areas_gdf: expected a GeoDataFrame with a CRS (e.g. EPSG:2154)")
    if scheme == "official" and thresholds is None:
        raise InvalidValueError("summary_map: scheme='official' needs thresholds=[...] (class breaks)")
    areas = areas_gdf.copy()
    areas.index = areas.index.astype(str)
    disp = display_geometries(areas, tolerance_m=tolerance_m, decimals=decimals)
    vals = pd.to_numeric(_align(values, disp.index, what="values"), errors="coerce")
    cls = classify(
        vals,
        scheme=scheme,
        k=k,
        thresholds=thresholds if thresholds is not None else (0.0,),
        indicator="valeur",
        cmap=cmap,
    )
    names = _name_of(disp)
    label = esc(indicator_label)
    tips = []
    for n, c, v in zip(names, disp.index, vals):
        shown = format_fr(v, decimals=value_decimals, missing=MISSING_LABEL)
        tips.append(f"{_head(n, c)}<br>{label} : {shown}{esc(unit) if np.isfinite(v) else ''}")
    m = base_map(disp, basemap=basemap)
    polygon_layer(disp, name=indicator_label, fill=cls.color_of(), tooltip=tips, line_weight=1.0).add_to(m)
    add_legend(m, title=indicator_label, items=list(zip(cls.colors, cls.labels)) + [(MISSING_COLOR, MISSING_LABEL)])
    return _finish(m, caption=caption, source=source)


def deployment_map(
    communes_gdf: gpd.GeoDataFrame,
    *,
    apl: pd.Series | None = None,
    zonage: pd.Series | None = None,
    cpts_long: pd.DataFrame | None = None,
    msp_gdf: gpd.GeoDataFrame | None = None,
    cpts_population: pd.Series | None = None,
    scheme: str = "official",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    basemap: str | None = "openstreetmap",
    caption: str | None = None,
    source: str | None = None,
    tolerance_m: float | None = DEFAULT_TOLERANCE_M,
    decimals: int = DEFAULT_DECIMALS,
) -> folium.Map:
    """One map "Déploiement de l'exercice coordonné" with a layer control.

    Layers (French names, :data:`LAYER_NAMES`), each added when its input is given:
    "APL médecins généralistes" (shown), "Zonage médecins" (hidden at start, tick it in the
    control), "CPTS : contrat signé" / "CPTS : projets", "Zones blanches (sans CPTS)" and
    "MSP et centres de santé" (clustered markers). One legend per layer, shown while its layer
    is ticked in the layer control. Over an APL or zoning
    layer, CPTS perimeters are drawn almost unfilled (outlines) and zones blanches hatched, so the
    choropleth stays readable.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box, Point
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B"], "population": [100.0, 200.0]},
    ...     geometry=[box(700000, 6600000, 701000, 6601000), box(701000, 6600000, 702000, 6601000)],
    ...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> m = deployment_map(g, apl=pd.Series({"01001": 3.0}), zonage=pd.Series({"01002": "ZAC"}), basemap=None)
    >>> html = m.get_root().render()
    >>> "APL médecins généralistes" in html and "Zonage médecins" in html
    True
    """
    if all(x is None for x in (apl, zonage, cpts_long, msp_gdf)):
        raise InvalidValueError("deployment_map: give at least one of apl=, zonage=, cpts_long=, msp_gdf=")
    communes, disp, m = _display_map(communes_gdf, basemap=basemap, tolerance_m=tolerance_m, decimals=decimals)
    m.get_root().title = esc("Déploiement de l'exercice coordonné")
    if apl is not None:
        layer, items = _apl_layer(
            disp, apl, scheme=scheme, k=k, thresholds=thresholds, name=LAYER_NAMES["apl"], decimals=2
        )
        layer.add_to(m)
        add_legend(m, title="APL médecins généralistes", items=items, layers=[layer])
    if zonage is not None:
        layer, items = _zoning_layer(disp, zonage, name=LAYER_NAMES["zoning"], show=apl is None)
        layer.add_to(m)
        add_legend(m, title="Zonage médecins", items=items, layers=[layer])
    if cpts_long is not None:
        layers, items = _cpts_layers(
            communes,
            cpts_long,
            cpts_population=cpts_population,
            tolerance_m=tolerance_m,
            decimals=decimals,
            names=(LAYER_NAMES["cpts"], LAYER_NAMES["white_zones"]),
            fill_opacity=0.1 if (apl is not None or zonage is not None) else 0.35,
        )
        add_hatching(m)
        for layer in layers:
            layer.add_to(m)
        add_legend(m, title="CPTS", items=items, position="topleft", layers=layers)
    if msp_gdf is not None:
        cluster, items = _msp_layer(msp_gdf, name=LAYER_NAMES["msp"])
        cluster.add_to(m)
        add_legend(
            m,
            title="Structures d'exercice coordonné",
            items=items,
            shape="circle",
            position="topleft",
            layers=[cluster],
        )
    add_caption(m, caption=caption or "Déploiement de l'exercice coordonné", source=source)
    add_layer_control(m)
    return m
