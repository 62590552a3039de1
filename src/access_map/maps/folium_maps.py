"""Interactive maps of the indicators (APL, zoning, CPTS, MSP, territorial summaries), in French.

Every function takes plain tables and returns a :class:`folium.Map` (inline in Jupyter, saved with
:func:`access_map.maps.save_map`, self-contained and offline by default). Each map states what it
shows — a title naming the profession, indicator, variant, level and vintage (also the page's
``<title>``), the unit, a source line and the production date — and offers:

* **exclusive views** (radio buttons): e.g. the commune APL of each practitioner-age variant and
  the ≤65 APL of the TVS with the zoning thresholds; the computed zoning, the previous one and the
  change map; one legend, following the chosen view (« Données manquantes » only when a value is
  missing, the reference value, swatches at the map's fill opacity);
* **overlays** (tick boxes) that never hide the communes' tooltips: TVS and department borders,
  CPTS perimeters, zones blanches, MSP and centres de santé (never clustered), QPV, names of the
  préfectures and largest towns (the offline reference layer);
* a **popup** on click (:func:`~access_map.maps.profile.commune_profile`: population, every APL
  variant, TVS and its APL, zoning now and before, CPTS, nearest MSP and its time) and a commune
  **search** box.

The display geometry (:func:`~access_map.maps.topology.display_topology`) is computed once per
territory and may be passed to every map with ``topology=``.

Input contracts: ``communes_gdf`` is a GeoDataFrame of commune polygons with a CRS, indexed by
``code_commune`` (or with such a column), with ``nom`` and ``population`` (optional
``code_departement``); indicator Series are indexed by ``code_commune`` (values of codes without a
geometry are reported with a :class:`UserWarning`); ``cpts_long`` has one row per (CPTS, commune):
``id_cpts``, ``nom_cpts``, ``statut``, ``date_signature``, ``code_commune``; ``msp_gdf`` has points
with ``nom``, ``finess``, ``categorie`` (603 MSP / 124 centre de santé), ``date_ouverture``,
``code_commune``. Every text from the data is escaped.

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import box
>>> communes = gpd.GeoDataFrame(
...     {"nom": ["Aval", "Bourg"], "population": [100.0, 200.0]},
...     geometry=[box(700000, 6600000, 705000, 6605000), box(705000, 6600000, 710000, 6605000)],
...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
>>> m = apl_map(communes, pd.Series({"01001": 2.1}), scheme="official", vintage=2023)
>>> html = m.get_root().render()
>>> "<title>APL aux médecins généralistes — 2023" in html and "inférieure à 2,5" in html
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd

from ..communes import CODE
from ..errors import CRSError, InvalidValueError
from ..messages import maps as msg
from ..messages import maps_checks as chk
from .meta import PROFESSION_NAMES, ValueLabel, apl_text, production_date, reference_value, zoning_subtitle
from .profile import commune_profile, profile_popup_rows
from .styles import OFFICIAL_APL_THRESHOLDS
from .territory_layer import Overlay, PopupRow, View, territory_map
from .topology import DisplayTopology, display_topology
from .views import (
    APL_CHANGE_THRESHOLDS,
    MSP_CATEGORY_LABELS,
    apl_view,
    border_overlay,
    change_view,
    cpts_overlays,
    cpts_view,
    delta_view,
    plain_view,
    qpv_overlay,
    rate_view,
    relative_view,
    structure_overlays,
    town_labels,
    zoning_view,
)

__all__ = [
    "MSP_CATEGORY_LABELS",
    "apl_map",
    "delta_map",
    "zoning_map",
    "cpts_map",
    "msp_map",
    "summary_map",
    "deployment_map",
]

_PRODUCER = "access_map"


# --------------------------------------------------------------------------- helpers
def _commune_frame(communes_gdf: gpd.GeoDataFrame, *, what: str = "communes_gdf") -> gpd.GeoDataFrame:
    """Communes indexed by code (str), with a CRS; the input is not modified."""
    if not isinstance(communes_gdf, gpd.GeoDataFrame):
        raise InvalidValueError(chk.geodataframe_expected(what=what, got=type(communes_gdf).__name__))
    if communes_gdf.crs is None:
        raise CRSError(chk.no_crs(where=what))
    gdf = communes_gdf
    if CODE in gdf.columns and gdf.index.name != CODE:
        gdf = gdf.set_index(CODE)
    gdf = gdf.copy()
    gdf.index = gdf.index.astype(str)
    gdf.index.name = CODE
    if gdf.index.has_duplicates:
        dup = gdf.index[gdf.index.duplicated()].unique()[:5].tolist()
        raise InvalidValueError(chk.duplicated_geometries(what=what, codes=dup))
    if "nom" not in gdf.columns:
        gdf["nom"] = ""
    if "population" not in gdf.columns:
        gdf["population"] = float("nan")
    return gdf


def _align(values: pd.Series, index: pd.Index, *, what: str) -> pd.Series:
    """Reindex ``values`` on the commune codes; warn about values with no geometry."""
    if not isinstance(values, pd.Series):
        raise InvalidValueError(chk.series_expected(what=what, index_name=CODE, got=type(values).__name__))
    vals = values.copy()
    vals.index = vals.index.astype(str)
    if vals.index.has_duplicates:
        dup = vals.index[vals.index.duplicated()].unique()[:5].tolist()
        raise InvalidValueError(chk.duplicated_values(what=what, codes=dup))
    orphans = vals.index.difference(index)
    if len(orphans):
        warnings.warn(
            chk.values_without_geometry(what=what, n=len(orphans), examples=orphans[:5].tolist()),
            UserWarning,
            stacklevel=3,
        )
    return vals.reindex(index)


def _setup(
    communes_gdf: gpd.GeoDataFrame, topology: DisplayTopology | None, profile: pd.DataFrame | None
) -> tuple[gpd.GeoDataFrame, DisplayTopology, pd.DataFrame]:
    """Checked communes, their display topology (computed if not given) and the popup table."""
    communes = _commune_frame(communes_gdf)
    topo = topology if topology is not None else display_topology(communes)
    missing = communes.index.difference(topo.codes)
    if len(missing):
        raise InvalidValueError(chk.communes_not_in_topology(n=len(missing), examples=missing[:5].tolist()))
    base = pd.DataFrame(communes.drop(columns=communes.geometry.name))
    table = commune_profile(base) if profile is None else profile.copy()
    table.index = table.index.astype(str)
    for col in ("nom", "population", "code_departement", "code_tvs"):
        if col in base.columns and col not in table.columns:
            table[col] = base[col]
    return communes, topo, table


def _reference_overlays(
    communes: gpd.GeoDataFrame,
    topo: DisplayTopology,
    table: pd.DataFrame,
    prefectures: Sequence[str],
    *,
    show_tvs: bool = False,
) -> list[Overlay]:
    out = []
    if "code_tvs" in table.columns and table["code_tvs"].notna().any():
        tvs = border_overlay("Limites des territoires de vie-santé (TVS)", "code_tvs", weight=1.2, show=show_tvs)
        out.append(tvs)
    if "code_departement" in table.columns and table["code_departement"].nunique() > 1:
        out.append(border_overlay("Limites des départements", "code_departement", weight=2.4, color="#000000"))
    out.append(town_labels(communes, topo, prefectures=prefectures))
    return out


def _reference(values: pd.Series, table: pd.DataFrame, weights: pd.Series | None) -> tuple[str, float] | None:
    """The territory's mean of ``values`` under the legend: weighted by ``weights`` (the standardised
    population) when given, else by the population."""
    if weights is not None:
        return reference_value(values, weights, standardised=True)
    return reference_value(values, table["population"], standardised=False)


def _finish(
    topo: DisplayTopology,
    table: pd.DataFrame,
    views: list[View],
    overlays: list[Overlay],
    *,
    popup: list[PopupRow],
    caption: str | None,
    source: str | None,
    date: str | None,
    basemap: str | None,
    tooltip_extra: str | None = None,
) -> folium.Map:
    return territory_map(
        topo,
        table,
        views,
        overlays=overlays,
        popup=popup,
        page_title=f"{views[0].title} ({views[0].subtitle})" if views[0].subtitle else views[0].title,
        caption=caption or "",
        source=source or "",
        date=production_date() if date is None else date,
        producer=_PRODUCER,
        basemap=basemap,
        tooltip_extra=tooltip_extra if tooltip_extra in table.columns else None,
    )


# --------------------------------------------------------------------------- maps
def apl_map(
    communes_gdf: gpd.GeoDataFrame,
    apl: pd.Series | pd.DataFrame,
    *,
    profession: str = "medecin_generaliste",
    vintage: int | None = None,
    variant: str = "apl",
    scheme: str = "quantiles",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    tvs_apl: pd.Series | None = None,
    tvs_max_age: int | None = 65,
    change: pd.DataFrame | None = None,
    change_years: tuple[int, int] | None = None,
    reference: tuple[str, float] | None = None,
    weights: pd.Series | None = None,
    title: str | None = None,
    layer_name: str | None = None,
    where: str = "",
    profile: pd.DataFrame | None = None,
    topology: DisplayTopology | None = None,
    prefectures: Sequence[str] = (),
    basemap: str | None = None,
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """Map of the APL of one profession: one view per variant, plus the TVS view with the zoning thresholds.

    Parameters
    ----------
    communes_gdf : GeoDataFrame
        Commune polygons (see the module notes).
    apl : pd.Series or pd.DataFrame
        Commune APL: a Series (variant ``variant``) or a DataFrame whose columns are variants
        (``apl``, ``apl_65``…), one exclusive view each.
    profession, vintage, variant
        What is shown (titles, unit, decimals); ``vintage`` is the year of the data (practitioners,
        DREES workbook), not of the method's parameters.
    scheme, k, thresholds
        Classes of the commune views (default: 5 quantile classes on a sequential palette;
        ``"official"`` = the zoning thresholds, which belong to the ≤65 TVS APL).
    tvs_apl : pd.Series, optional
        The APL of each commune's TVS (the variant the zoning uses, ``tvs_max_age``): adds the view
        « APL ≤ 65 ans par TVS » classed with the zoning thresholds (« inférieure à 2,5 », « de 2,5
        à 4 », « supérieure à 4 »).
    tvs_max_age
        Practitioner age cap of ``tvs_apl`` (``None``: all ages), named in its view.
    change : pd.DataFrame, optional
        Change of the APL between two vintages per commune, one column per variant (``apl``,
        ``apl_65``): one view each, « Évolution de l'APL … 2022 → 2023 » on a diverging palette
        (:data:`~access_map.maps.views.APL_CHANGE_THRESHOLDS`).
    change_years : (int, int), optional
        The two vintages of ``change`` (titles).
    reference : (str, float), optional
        Reference value under the first view's legend (default: its weighted mean). Every other
        view shows its own weighted mean: one variant's mean is never shown under another.
    weights : pd.Series, optional
        Commune weights of the reference means, e.g. the standardised population (the DREES
        demand); default: the population.
    title, layer_name
        Override the first view's title and layer name.
    where
        Territory added to the titles (« région 84 »).
    profile, topology
        Popup table (:func:`~access_map.maps.profile.commune_profile`) and display geometry, to
        share between the maps of a territory.
    prefectures
        Codes of the préfectures (reference labels).
    basemap
        ``None`` (default: offline, no tiles) or ``"openstreetmap"``.
    caption, source, date
        Source box: caption, source line (data and vintage), production date (default today).

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B", "C"], "population": [1.0, 1.0, 1.0]},
    ...     geometry=[box(x, 6600000, x + 1000, 6601000) for x in (700000, 701000, 702000)],
    ...     index=pd.Index(["01001", "01002", "01003"], name="code_commune"), crs=2154)
    >>> m = apl_map(g, pd.Series({"01001": 10.0, "01002": 20.0, "01003": 30.0}), profession="sage_femme", k=3)
    >>> html = m.get_root().render()
    >>> "APL sages-femmes, tous âges, par commune" in html and "ETP pour 100 000 femmes" in html
    True
    """
    communes, topo, table = _setup(communes_gdf, topology, profile)
    frame = apl.to_frame(variant) if isinstance(apl, pd.Series) else apl
    if frame.shape[1] == 0:
        raise InvalidValueError(chk.APL_TABLE_WITHOUT_COLUMN)
    views = []
    for i, col in enumerate(frame.columns):
        values = pd.to_numeric(_align(frame[col], topo.codes, what="apl"), errors="coerce")
        text = apl_text(profession, variant=str(col), level="commune", vintage=vintage, where=where)
        if i == 0:
            text = text.with_(title=title or text.title, layer=layer_name or text.layer)
        ref = reference if i == 0 and reference is not None else _reference(values, table, weights)
        views.append(
            apl_view(values, text, profession=profession, scheme=scheme, k=k, thresholds=thresholds, reference=ref)
        )
    if tvs_apl is not None:
        values = pd.to_numeric(_align(tvs_apl, topo.codes, what="tvs_apl"), errors="coerce")
        label = ValueLabel(profession, tvs_max_age, "tvs", vintage)
        views.append(apl_view(values, label.text(where=where), profession=profession, scheme="official",
                              thresholds=thresholds))  # fmt: skip
    for col in change.columns if change is not None else ():
        assert change is not None
        values = pd.to_numeric(_align(change[col], topo.codes, what="change"), errors="coerce")
        views.append(_change_view(values, profession=profession, variant=str(col), years=change_years, where=where))
    overlays = _reference_overlays(communes, topo, table, prefectures)
    popup = profile_popup_rows(table)
    return _finish(
        topo, table, views, overlays, popup=popup, caption=caption, source=source, date=date, basemap=basemap
    )


def _change_view(
    values: pd.Series, *, profession: str, variant: str, years: tuple[int, int] | None, where: str
) -> View:
    """« Évolution de l'APL aux médecins généralistes 2022 → 2023 »: the change of one variant per commune."""
    label = ValueLabel.from_variant(profession, variant)
    text = label.text()
    span = f" {years[0]} → {years[1]}" if years else ""
    name = PROFESSION_NAMES[profession]
    age = msg.age_short(label.max_age)
    return delta_view(
        values,
        name=f"Évolution APL {name}, {age}{span}",
        title=f"Évolution de l'APL aux {name}{span}" + (f" — {where}" if where else ""),
        subtitle=f"{text.subtitle} ; écart entre les deux millésimes",
        thresholds=APL_CHANGE_THRESHOLDS,
        unit=text.unit,
    )


def delta_map(
    communes_gdf: gpd.GeoDataFrame,
    delta: pd.Series,
    *,
    thresholds: Sequence[float],
    title: str,
    subtitle: str = "",
    unit: str = "consultations/an/habitant standardisé",
    value_label: str = "ΔAPL",
    decimals: int = 2,
    profile: pd.DataFrame | None = None,
    topology: DisplayTopology | None = None,
    basemap: str | None = None,
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """Map of a change (ΔAPL of a scenario…) on a diverging palette centred on 0.

    ``thresholds`` are the class breaks, symmetric around 0 (e.g.
    :func:`access_map.scenario.report.delta_thresholds`); red = a loss, blue = a gain, the class
    holding 0 in light grey-white. The legend, the tooltip and the layer say ``value_label``.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B", "C"], "population": [1.0, 1.0, 1.0]},
    ...     geometry=[box(x, 6600000, x + 1000, 6601000) for x in (700000, 701000, 702000)],
    ...     index=pd.Index(["01001", "01002", "01003"], name="code_commune"), crs=2154)
    >>> m = delta_map(g, pd.Series({"01001": -0.4, "01002": 0.0, "01003": 0.3}), thresholds=[-0.25, -0.05, 0.05, 0.25],
    ...               title="Variation de l'APL — départs en retraite")
    >>> html = m.get_root().render()
    >>> "ΔAPL" in html and "retraite" in html
    True
    """
    communes, topo, table = _setup(communes_gdf, topology, profile)
    values = pd.to_numeric(_align(delta, topo.codes, what="delta"), errors="coerce")
    view = delta_view(
        values, name=title, title=title, subtitle=subtitle, thresholds=thresholds, unit=unit,
        value_label=value_label, decimals=decimals,
    )  # fmt: skip
    return _finish(
        topo,
        table,
        [view],
        _reference_overlays(communes, topo, table, ()),
        popup=profile_popup_rows(table),
        caption=caption,
        source=source,
        date=date,
        basemap=basemap,
    )


def zoning_map(
    communes_gdf: gpd.GeoDataFrame,
    zonage: pd.Series,
    *,
    previous: pd.Series | None = None,
    qpv: pd.DataFrame | None = None,
    title: str = "Zonage des médecins généralistes",
    layer_name: str = "Zonage calculé",
    vintage: int | None = None,
    apl_max_age: int | None = 65,
    where: str = "",
    profile: pd.DataFrame | None = None,
    topology: DisplayTopology | None = None,
    prefectures: Sequence[str] = (),
    basemap: str | None = None,
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """Map of the GP zoning: the computed zoning, the zoning in force before and the change map.

    ``vintage`` and ``apl_max_age`` name the APL the zoning was computed on in the subtitle
    (« Zonage calculé sur l'APL 2023 (médecins de 65 ans ou moins, par TVS), par commune »).

    Classes ZIP, ZAC, ZAR, ZV, HV in fixed colours (:data:`~access_map.maps.styles.ZONING_COLORS`,
    DREES export codes such as ``"3_QPV_ZIP"`` accepted). With ``previous`` (the zoning in force),
    two more exclusive views: « Zonage précédent » and « Évolution du zonage » (one class per
    transition « ZAC → ZIP »). Overlays: TVS borders (when the profile has ``code_tvs``), QPV,
    departments, reference names.

    Raises
    ------
    InvalidValueError
        If a value is not a zoning class.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A"], "population": [5.0]}, geometry=[box(700000, 6600000, 701000, 6601000)],
    ...     index=pd.Index(["01001"], name="code_commune"), crs=2154)
    >>> html = zoning_map(g, pd.Series({"01001": "ZIP"}), previous=pd.Series({"01001": "ZAC"})).get_root().render()
    >>> "ZAC → ZIP" in html and "Zonage précédent" in html
    True
    """
    communes, topo, table = _setup(communes_gdf, topology, profile)
    after = _align(zonage, topo.codes, what="zonage")
    suffix = f" — {where}" if where else ""
    views = [
        zoning_view(
            after, name=layer_name, title=f"{title}{suffix}", subtitle=zoning_subtitle("calculé", vintage, apl_max_age)
        )
    ]
    if previous is not None:
        before = _align(previous, topo.codes, what="previous")
        views.append(
            zoning_view(before, name="Zonage précédent", title=f"{title}{suffix}", subtitle="Zonage en vigueur avant")
        )
        views.append(
            change_view(
                before,
                after,
                name="Évolution du zonage",
                title=f"Évolution du zonage des médecins généralistes{suffix}",
                subtitle="Classe avant → classe calculée, par commune",
            )
        )
    # the zoning is decided per TVS: their borders are shown from the start
    overlays = _reference_overlays(communes, topo, table, prefectures, show_tvs=True)
    if qpv is not None:
        layer = qpv_overlay(qpv, topo)
        if layer is not None:
            overlays.append(layer)
    popup = profile_popup_rows(table)
    return _finish(
        topo, table, views, overlays, popup=popup, caption=caption, source=source, date=date, basemap=basemap
    )


def cpts_map(
    communes_gdf: gpd.GeoDataFrame,
    cpts_long: pd.DataFrame,
    *,
    title: str = "Communautés professionnelles territoriales de santé (CPTS)",
    where: str = "",
    profile: pd.DataFrame | None = None,
    topology: DisplayTopology | None = None,
    prefectures: Sequence[str] = (),
    basemap: str | None = None,
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """CPTS coverage by commune (signed, project, zone blanche) with the CPTS perimeters (merged communes).

    The commune tooltip and popup name its CPTS; perimeters: solid = contrat ACI signé, dashed =
    project.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B"], "population": [30000.0, 15000.0]},
    ...     geometry=[box(700000, 6600000, 701000, 6601000), box(701000, 6600000, 702000, 6601000)],
    ...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> cpts = pd.DataFrame({"id_cpts": ["c1"], "nom_cpts": ["CPTS du Val"], "statut": ["contrat ACI signé"],
    ...                      "code_commune": ["01001"]})
    >>> html = cpts_map(g, cpts).get_root().render()
    >>> "CPTS du Val" in html and "Zone blanche (aucune CPTS)" in html
    True
    """
    communes, topo, table = _setup(communes_gdf, topology, profile)
    if "cpts" not in table.columns:
        table = table.join(commune_profile(table, cpts=cpts_long)[["cpts"]])
    suffix = f" — {where}" if where else ""
    views = [cpts_view(cpts_long, topo.codes, title=f"{title}{suffix}")]
    overlays = cpts_overlays(cpts_long, topo, white_zones=False) + _reference_overlays(
        communes, topo, table, prefectures
    )
    popup = profile_popup_rows(table)
    return _finish(
        topo, table, views, overlays, popup=popup, caption=caption, source=source, date=date, basemap=basemap,
        tooltip_extra="cpts",
    )  # fmt: skip


def msp_map(
    msp_gdf: gpd.GeoDataFrame,
    *,
    communes_gdf: gpd.GeoDataFrame,
    title: str = "Maisons de santé pluriprofessionnelles et centres de santé",
    where: str = "",
    profile: pd.DataFrame | None = None,
    topology: DisplayTopology | None = None,
    prefectures: Sequence[str] = (),
    basemap: str | None = None,
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """MSP (FINESS 603) and centres de santé (124) as points over the communes, one tick box per category.

    Points are never clustered (nothing hides inside a cluster); popups give the name, FINESS
    number, category, opening date and the commune's name.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import Point, box
    >>> g = gpd.GeoDataFrame({"nom": ["Aval"], "population": [5.0]}, geometry=[box(699000, 6599000, 701000, 6601000)],
    ...     index=pd.Index(["01001"], name="code_commune"), crs=2154)
    >>> msp = gpd.GeoDataFrame({"nom": ["MSP des Tilleuls"], "finess": ["010000001"], "categorie": ["603"],
    ...     "date_ouverture": [pd.Timestamp("2019-05-02")], "code_commune": ["01001"]},
    ...     geometry=[Point(700000, 6600000)], crs=2154)
    >>> html = msp_map(msp, communes_gdf=g).get_root().render()
    >>> "MSP des Tilleuls" in html and "02/05/2019" in html and "Commune : Aval (01001)" in html
    True
    """
    communes, topo, table = _setup(communes_gdf, topology, profile)
    suffix = f" — {where}" if where else ""
    views = [
        plain_view(len(topo.codes), name="Communes", title=f"{title}{suffix}", subtitle="Structures FINESS 603 et 124")
    ]
    names = table["nom"].reindex(topo.codes)
    overlays = structure_overlays(msp_gdf, commune_names=names, topology=topo) + _reference_overlays(
        communes, topo, table, prefectures
    )
    popup = profile_popup_rows(table)
    return _finish(
        topo, table, views, overlays, popup=popup, caption=caption, source=source, date=date, basemap=basemap
    )


def summary_map(
    areas_gdf: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    indicator_label: str,
    unit: str = "",
    reference: float | None = None,
    reference_label: str = "Référence",
    value_decimals: int = 1,
    rate_bounds: Sequence[float] | None = None,
    title: str | None = None,
    topology: DisplayTopology | None = None,
    basemap: str | None = None,
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """An indicator by department or region, shown **relative to a reference** (national or regional value),
    or, for a rate in percent of the population, in classes of that rate.

    Two departments at 2.8 and 3.3 MSP per 100,000 would otherwise look like two opposite
    "classes"; here each is coloured by its ratio to the reference (diverging scale around 100 %),
    and the tooltip gives the value and the reference. A coverage rate (« % de la population
    couverte par une CPTS ») is read as it is: with ``rate_bounds`` (e.g.
    :data:`~access_map.maps.views.COVERAGE_BOUNDS`) its classes are percentages of the population
    (« moins de 50 % », « de 50 à moins de 70 % »…), the reference written under the legend.

    Parameters
    ----------
    areas_gdf : GeoDataFrame
        Areas indexed by their code, optional ``nom``.
    values : pd.Series
        Indicator per area code.
    indicator_label, unit
        « MSP pour 100 000 habitants », « % de la population ».
    reference, reference_label
        Reference value and its name (default: the mean of the areas, « Moyenne des zones »).

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> dep = gpd.GeoDataFrame({"nom": ["Nord", "Sud"]},
    ...     geometry=[box(700000, 6600000, 750000, 6650000), box(700000, 6550000, 750000, 6600000)],
    ...     index=pd.Index(["91", "92"], name="code"), crs=2154)
    >>> m = summary_map(dep, pd.Series({"91": 2.8, "92": 3.3}), indicator_label="MSP pour 100 000 habitants",
    ...                 reference=3.0, reference_label="France")
    >>> "de 105 à 120 % de la référence" in m.get_root().render()
    True
    >>> from access_map.maps.views import COVERAGE_BOUNDS
    >>> m = summary_map(dep, pd.Series({"91": 40.0, "92": 97.0}), indicator_label="Population couverte par une CPTS",
    ...                 unit="% de la population", reference=86.1, reference_label="France", rate_bounds=COVERAGE_BOUNDS)
    >>> html = m.get_root().render()
    >>> "moins de 50\u202f%" in html and "de la référence" not in html
    True
    """
    if not isinstance(areas_gdf, gpd.GeoDataFrame) or areas_gdf.crs is None:
        raise CRSError(chk.geodataframe_with_crs_expected(what="areas_gdf"))
    areas = areas_gdf.copy()
    areas.index = areas.index.astype(str)
    topo = topology if topology is not None else display_topology(areas)
    vals = pd.to_numeric(_align(values, topo.codes, what="values"), errors="coerce")
    if reference is None:
        reference, reference_label = float(vals.mean()), "Moyenne des zones"
    table = pd.DataFrame({"nom": areas["nom"] if "nom" in areas.columns else ""}, index=areas.index)
    table["valeur"] = vals
    table["reference"] = float(reference)
    if rate_bounds is not None:
        view = rate_view(vals, name=indicator_label, title=title or indicator_label, bounds=rate_bounds,
                         reference=(reference_label, float(reference)), decimals=value_decimals)  # fmt: skip
    else:
        view = relative_view(
            vals,
            reference=reference,
            reference_label=reference_label,
            name=indicator_label,
            title=title or indicator_label,
            unit=unit,
            decimals=value_decimals,
        )
    short = "%" if rate_bounds is not None else unit
    popup = [
        PopupRow(indicator_label, "valeur", decimals=value_decimals, unit=short),
        PopupRow(f"{msg.POPUP['reference']} ({reference_label})", "reference", decimals=value_decimals, unit=short),
    ]
    return _finish(topo, table, [view], [], popup=popup, caption=caption, source=source, date=date, basemap=basemap)


def deployment_map(
    communes_gdf: gpd.GeoDataFrame,
    *,
    apl: pd.Series | None = None,
    zonage: pd.Series | None = None,
    cpts_long: pd.DataFrame | None = None,
    msp_gdf: gpd.GeoDataFrame | None = None,
    vintage: int | None = None,
    apl_max_age: int | None = 65,
    scheme: str = "quantiles",
    k: int | None = None,
    weights: pd.Series | None = None,
    where: str = "",
    profile: pd.DataFrame | None = None,
    topology: DisplayTopology | None = None,
    prefectures: Sequence[str] = (),
    basemap: str | None = None,
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """« Déploiement de l'exercice coordonné »: APL **or** zoning (an exclusive choice) under CPTS, MSP and borders.

    Views: the GP commune APL (all ages) and the zoning, radio buttons with one legend.
    Overlays: CPTS perimeters and zones blanches (hatched), MSP and centres de santé, TVS and
    department borders, reference names; none of them hides the commune tooltip (which names the
    CPTS). The APL's reference value is its mean weighted by ``weights`` (the standardised
    population, as on :func:`apl_map`) or else by the population.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B"], "population": [100.0, 200.0]},
    ...     geometry=[box(700000, 6600000, 701000, 6601000), box(701000, 6600000, 702000, 6601000)],
    ...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> m = deployment_map(g, apl=pd.Series({"01001": 3.0, "01002": 4.0}), zonage=pd.Series({"01002": "ZAC"}))
    >>> html = m.get_root().render()
    >>> "APL médecins généralistes, tous âges, par commune" in html and "Zonage calculé" in html
    True
    """
    if all(x is None for x in (apl, zonage, cpts_long, msp_gdf)):
        raise InvalidValueError(chk.DEPLOYMENT_NOTHING_TO_MAP)
    communes, topo, table = _setup(communes_gdf, topology, profile)
    if cpts_long is not None and "cpts" not in table.columns:
        table = table.join(commune_profile(table, cpts=cpts_long)[["cpts"]])
    title = msg.DEPLOYMENT_TITLE + (f" — {where}" if where else "")
    views: list[View] = []
    if apl is not None:
        values = pd.to_numeric(_align(apl, topo.codes, what="apl"), errors="coerce")
        text = apl_text("medecin_generaliste", vintage=vintage).with_(title=title)
        views.append(apl_view(values, text, scheme=scheme, k=k, reference=_reference(values, table, weights)))
    if zonage is not None:
        views.append(
            zoning_view(_align(zonage, topo.codes, what="zonage"), name="Zonage calculé", title=title,
                        subtitle="Zonage des médecins généralistes " + zoning_subtitle("calculé", vintage, apl_max_age).lower())
        )  # fmt: skip
    if not views:
        views.append(plain_view(len(topo.codes), name="Communes", title=title))
    overlays: list[Overlay] = []
    if cpts_long is not None:
        overlays += cpts_overlays(cpts_long, topo)
    if msp_gdf is not None:
        overlays += structure_overlays(msp_gdf, commune_names=table["nom"].reindex(topo.codes), topology=topo)
    overlays += _reference_overlays(communes, topo, table, prefectures)
    popup = profile_popup_rows(table)
    return _finish(
        topo, table, views, overlays, popup=popup, caption=caption, source=source, date=date, basemap=basemap,
        tooltip_extra="cpts",
    )  # fmt: skip
