"""Builders of the views and overlays of the interactive maps, from plain tables.

Views (exclusive choropleths): :func:`apl_view`, :func:`zoning_view`, :func:`change_view`,
:func:`cpts_view`, :func:`relative_view`, :func:`plain_view`. Overlays (tick boxes that never hide
the areas' tooltips): :func:`border_overlay` (TVS, departments), :func:`cpts_overlays` (perimeters,
zones blanches), :func:`structure_overlays` (MSP, centres de santé), :func:`qpv_overlay`,
:func:`town_labels`.

Examples
--------
>>> import pandas as pd
>>> v = zoning_view(pd.Series(["ZIP", None, "HV"]), name="Zonage", title="Zonage")
>>> v.classes.tolist(), v.labels[-1]
([0, -1, 3], 'Hors vivier (HV)')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .._validate import require_columns
from ..errors import CRSError, InvalidValueError
from ..messages import maps as msg
from ..messages import maps_checks as chk
from ..schema import DREES_ZONING_CODES, ZONING_CLASSES
from .meta import APL_SHORT_UNITS, MapText, apl_decimals
from .styles import (
    APL_CMAP,
    OFFICIAL_APL_THRESHOLDS,
    WHITE_ZONE_LABEL,
    ZONING_COLORS,
    ZONING_MAP_LABELS,
    ZONING_ORDER,
    ZONING_RANK,
    classify,
    classify_relative,
    esc,
    format_fr,
    ramp,
    transition_colors,
    zoning_legend_classes,
)
from .territory_layer import Overlay, View
from .topology import DisplayTopology

__all__ = [
    "APL_CHANGE_THRESHOLDS",
    "apl_view",
    "delta_view",
    "zoning_view",
    "change_view",
    "cpts_view",
    "relative_view",
    "rate_view",
    "COVERAGE_BOUNDS",
    "plain_view",
    "zoning_classes",
    "border_overlay",
    "cpts_overlays",
    "structure_overlays",
    "qpv_overlay",
    "town_labels",
    "MSP_CATEGORY_LABELS",
    "format_date",
]

#: FINESS categories of the structures and their colours (distinct in hue and lightness).
MSP_CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "603": ("Maison de santé pluriprofessionnelle (MSP)", "#1b4f9c"),
    "124": ("Centre de santé", "#e66101"),
}
_OTHER_CATEGORY = ("Autre structure", "#636363")
_HATCH_CSS = "background:repeating-linear-gradient(45deg,#333 0 2px,rgba(255,255,255,0.7) 2px 6px)"


def zoning_classes(values: pd.Series) -> pd.Series:
    """Zoning classes from classes or DREES codes (``3_QPV_ZIP`` → ZIP); raises on an unknown value.

    Examples
    --------
    >>> zoning_classes(pd.Series(["1_ZIP", "ZV", None])).tolist()
    ['ZIP', 'ZV', None]
    """
    known = set(ZONING_ORDER) | set(ZONING_CLASSES)

    def one(v: object) -> object:
        if not isinstance(v, str) or not v.strip():
            return None
        t = v.strip()
        return DREES_ZONING_CODES.get(t, t.upper() if t.upper() in known else t)

    out = pd.Series([one(v) for v in values.tolist()], index=values.index, dtype=object)
    bad = sorted({str(v) for v in out.dropna() if v not in known})
    if bad:
        raise InvalidValueError(
            chk.unknown_zoning_classes(bad=bad, known=list(ZONING_ORDER), drees_codes=list(DREES_ZONING_CODES))
        )
    return out


def apl_view(
    values: pd.Series,
    text: MapText,
    *,
    profession: str = "medecin_generaliste",
    scheme: str = "quantiles",
    k: int | None = None,
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    reference: tuple[str, float] | None = None,
) -> View:
    """A view of APL values (aligned on the topology) classed by ``scheme``.

    ``reference`` = (label, value), e.g. (« Moyenne du territoire », 3.3), shown under the legend.

    Examples
    --------
    >>> from access_map.maps.meta import apl_text
    >>> v = apl_view(pd.Series([1.0, 3.0, 5.0]), apl_text("medecin_generaliste"), scheme="official")
    >>> list(v.labels)
    ['inférieure à 2,5', 'de 2,5 à 4', 'supérieure à 4']
    """
    decimals = apl_decimals(profession)
    cls = classify(values, scheme=scheme, k=k, thresholds=thresholds, cmap=APL_CMAP)
    ref = f"{reference[0]} : {format_fr(reference[1], decimals=decimals)}" if reference else ""
    return View(
        name=text.layer or text.title,
        title=text.title,
        subtitle=text.subtitle,
        unit=text.unit,
        classes=cls.codes.to_numpy(),
        colors=cls.colors,
        labels=cls.labels,
        value_label="APL",
        legend_title="APL",
        values=pd.to_numeric(values, errors="coerce").to_numpy(dtype=float),
        decimals=decimals,
        unit_short=APL_SHORT_UNITS.get(profession, ""),
        reference=ref,
        note=cls.note,
    )


#: Class breaks of a change of GP APL between two vintages (consultations/an/habitant standardisé), symmetric
#: around 0: the class holding 0 (± 0,1) reads « stable ».
APL_CHANGE_THRESHOLDS: tuple[float, ...] = (-0.5, -0.25, -0.1, 0.1, 0.25, 0.5)


def delta_view(
    values: pd.Series,
    *,
    name: str,
    title: str,
    thresholds: Sequence[float],
    subtitle: str = "",
    unit: str = "consultations/an/habitant standardisé",
    value_label: str = "ΔAPL",
    decimals: int = 2,
) -> View:
    """A change (ΔAPL…) on a diverging palette centred on 0: red = a loss, blue = a gain.

    Examples
    --------
    >>> v = delta_view(pd.Series([-0.4, 0.0, 0.3]), name="Δ", title="Δ", thresholds=[-0.25, -0.05, 0.05, 0.25])
    >>> v.classes.tolist(), len(v.colors)
    ([0, 2, 4], 5)
    """
    cls = classify(values, scheme="official", thresholds=thresholds, cmap="RdBu")
    return View(
        name=name,
        title=title,
        subtitle=subtitle,
        unit=unit,
        classes=cls.codes.to_numpy(),
        colors=cls.colors,
        labels=cls.labels,
        value_label=value_label,
        legend_title=value_label,
        values=pd.to_numeric(values, errors="coerce").to_numpy(dtype=float),
        decimals=decimals,
        note=cls.note,
    )


def zoning_view(values: pd.Series, *, name: str, title: str, subtitle: str = "") -> View:
    """A view of zoning classes (fixed colours, every class of the schema in the legend).

    Examples
    --------
    >>> v = zoning_view(pd.Series(["ZAR", "ZIP"]), name="Z", title="Z")
    >>> v.classes.tolist(), v.colors[2]
    ([2, 0], '#f768a1')
    """
    classes = zoning_classes(values)
    order = zoning_legend_classes(set(classes.dropna()))
    codes = np.array([order.index(c) if c is not None else -1 for c in classes], dtype=int)
    return View(
        name=name,
        title=title,
        subtitle=subtitle,
        classes=codes,
        colors=[ZONING_COLORS[c] for c in order],
        labels=[ZONING_MAP_LABELS[c] for c in order],
        value_label="Zonage",
        legend_title="Zonage des médecins généralistes",
    )


def change_view(before: pd.Series, after: pd.Series, *, name: str, title: str, subtitle: str = "") -> View:
    """The change map: one class per transition « ZAC → ZIP » present (unchanged communes in one grey class).

    Transitions come from :func:`access_map.zoning.zoning_diff` (``diff.communes``: ``before``,
    ``after``). Legend: transitions towards more under-served classes first, then away, then
    « Classe inchangée ».

    Examples
    --------
    >>> v = change_view(pd.Series(["ZAC", "ZIP", "ZV"]), pd.Series(["ZIP", "ZIP", "ZAC"]), name="É", title="É")
    >>> list(v.labels), v.classes.tolist()
    (['ZV → ZAC', 'ZAC → ZIP', 'Classe inchangée'], [1, 2, 0])
    """
    b = zoning_classes(before.reset_index(drop=True))
    a = zoning_classes(after.reset_index(drop=True))
    pairs = [(x, y) for x, y in zip(b, a) if x is not None and y is not None]
    colors = transition_colors(pairs)
    rank = ZONING_RANK
    moves = sorted({p for p in pairs if p[0] != p[1]}, key=lambda p: (rank[p[1]] - rank[p[0]] > 0, colors[p], p))
    labels = [f"{x} → {y}" for x, y in moves] + ["Classe inchangée"]
    palette = [colors[p] for p in moves] + ["#e0e0e0"]
    index = {p: i for i, p in enumerate(moves)}
    codes = np.array(
        [(-1 if x is None or y is None else index.get((x, y), len(moves))) for x, y in zip(b, a)], dtype=int
    )
    return View(
        name=name,
        title=title,
        subtitle=subtitle,
        classes=codes,
        colors=palette,
        labels=labels,
        value_label="Évolution",
        legend_title="Évolution du zonage (avant → après)",
    )


def relative_view(
    values: pd.Series, *, reference: float, reference_label: str, name: str, title: str, unit: str, decimals: int = 1
) -> View:
    """Values relative to a reference (100 %): a diverging scale, the value and the reference in the tooltip.

    Examples
    --------
    >>> v = relative_view(pd.Series([2.8, 3.3]), reference=3.0, reference_label="France", name="MSP",
    ...                   title="MSP", unit="pour 100 000 habitants")
    >>> v.reference
    'France : 3,0 pour 100 000 habitants'
    """
    cls = classify_relative(values, reference)
    return View(
        name=name,
        title=title,
        subtitle=f"Rapporté à la référence : {reference_label} = {format_fr(reference, decimals=decimals)} {unit}",
        unit=unit,
        classes=cls.codes.to_numpy(),
        colors=cls.colors,
        labels=cls.labels,
        value_label=name,
        legend_title=name,
        values=pd.to_numeric(values, errors="coerce").to_numpy(dtype=float),
        decimals=decimals,
        reference=f"{reference_label} : {format_fr(reference, decimals=decimals)} {unit}",
        note=cls.note,
    )


#: Classes of a coverage rate (% of the population covered): bounds from 0 to 100 %.
COVERAGE_BOUNDS: tuple[float, ...] = (0.0, 50.0, 70.0, 85.0, 95.0, 100.0)


def rate_view(
    percent: pd.Series,
    *,
    name: str,
    title: str,
    bounds: Sequence[float] = COVERAGE_BOUNDS,
    reference: tuple[str, float] | None = None,
    decimals: int = 1,
) -> View:
    """A rate in percent of the population (CPTS coverage…) in fixed classes: « moins de 50 % », « de 50 à
    moins de 70 % »… ``reference`` = (label, value in %) is written under the legend.

    Examples
    --------
    >>> v = rate_view(pd.Series([40.0, 86.1, 100.0]), name="CPTS", title="CPTS", reference=("France", 86.1))
    >>> v.classes.tolist(), v.labels[0], v.unit
    ([0, 3, 4], 'moins de 50\u202f%', '% de la population')
    """
    inner = np.asarray([float(b) for b in bounds[1:-1]])
    values = pd.to_numeric(percent, errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(values)
    classes = np.full(values.shape, -1, dtype=int)
    classes[ok] = np.searchsorted(inner, values[ok], side="right")
    labels = msg.coverage_class_labels(bounds)
    ref = f"{reference[0]} : {format_fr(reference[1], decimals=decimals)}\u202f%" if reference else ""
    return View(
        name=name,
        title=title,
        subtitle=msg.COVERAGE_UNIT,
        unit=msg.COVERAGE_UNIT,
        classes=classes,
        colors=ramp(len(labels), cmap="YlGn"),
        labels=labels,
        value_label=name,
        legend_title=name,
        values=values,
        decimals=decimals,
        unit_short="%",
        reference=ref,
    )


def plain_view(n: int, *, name: str, title: str, subtitle: str = "") -> View:
    """Every area in one light class (background of point maps).

    Examples
    --------
    >>> plain_view(2, name="Communes", title="T").classes.tolist()
    [0, 0]
    """
    return View(
        name=name,
        title=title,
        subtitle=subtitle,
        classes=np.zeros(n, dtype=int),
        colors=["#f7f7f7"],
        labels=["Commune"],
        value_label="Commune",
        legend_title="Fond",
    )


def _cpts_table(cpts_long: pd.DataFrame) -> pd.DataFrame:
    require_columns(cpts_long, ["id_cpts", "nom_cpts", "statut", "code_commune"], source="cpts_long")
    table = cpts_long.astype({"code_commune": str, "id_cpts": str})
    if "date_signature" not in table.columns:
        table = table.assign(date_signature=pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]"))
    return table


def _signed(statut: pd.Series) -> pd.Series:
    return statut.astype(str).str.strip().str.lower().str.startswith("contrat")


def cpts_view(cpts_long: pd.DataFrame, codes: pd.Index, *, title: str) -> View:
    """Communes by CPTS status: covered by a signed CPTS, by a project only, or zone blanche.

    Examples
    --------
    >>> c = pd.DataFrame({"id_cpts": ["1"], "nom_cpts": ["N"], "statut": ["projet"], "code_commune": ["a"]})
    >>> cpts_view(c, pd.Index(["a", "b"]), title="T").classes.tolist()
    [1, 2]
    """
    table = _cpts_table(cpts_long)
    signed = set(table.loc[_signed(table["statut"]), "code_commune"])
    covered = set(table["code_commune"])
    classes = np.array([0 if c in signed else 1 if c in covered else 2 for c in codes], dtype=int)
    return View(
        name="Couverture par une CPTS",
        title=title,
        subtitle="Communes couvertes par une CPTS, selon son statut",
        classes=classes,
        colors=["#1a9850", "#a6d96a", "#d9d9d9"],
        labels=["CPTS en contrat ACI signé", "CPTS en projet ou pré-projet", WHITE_ZONE_LABEL],
        value_label="Couverture",
        legend_title="Couverture CPTS",
    )


def border_overlay(
    name: str, column: str, *, weight: float = 1.6, color: str = "#222222", show: bool = True
) -> Overlay:
    """Borders between areas whose ``column`` (of the map's table) differs: TVS, departments.

    Examples
    --------
    >>> border_overlay("Limites des TVS", "code_tvs").kind
    'mesh'
    """
    style = {"color": color, "weight": weight, "opacity": 0.9, "fill": False}
    legend = [
        {
            "css": f"border-top:{weight}px solid {color};height:0;border-left:0;border-right:0;border-bottom:0",
            "label": esc(name),
        }
    ]
    return Overlay(name=name, kind="mesh", column=column, style=style, show=show, legend=legend)


def cpts_overlays(
    cpts_long: pd.DataFrame,
    topology: DisplayTopology,
    *,
    show: bool = True,
    white_zones: bool = True,
) -> list[Overlay]:
    """CPTS perimeters (outlines merged from their communes: solid = signed, dashed = project) and zones blanches.

    Overlays are drawn without interaction: the commune's tooltip and popup name its CPTS.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000)],
    ...                      index=pd.Index(["a", "b"]), crs=2154)
    >>> from access_map.maps.topology import display_topology
    >>> c = pd.DataFrame({"id_cpts": ["1"], "nom_cpts": ["N"], "statut": ["projet"], "code_commune": ["a"]})
    >>> [o.name for o in cpts_overlays(c, display_topology(g))]
    ['CPTS : projets (tirets)', 'Zones blanches (sans CPTS)']
    """
    table = _cpts_table(cpts_long)
    known = table[table["code_commune"].isin(topology.codes)]
    overlays = []
    for signed, label, dash in (
        (True, "CPTS : contrat signé (trait plein)", None),
        (False, "CPTS : projets (tirets)", "6 4"),
    ):
        part = known[_signed(known["statut"]) == signed]
        if part.empty:
            continue
        style: dict[str, Any] = {"color": "#08306b", "weight": 2.2 if signed else 1.8, "fill": False, "opacity": 1}
        if dash:
            style["dashArray"] = dash
        groups = [
            (topology.subset(pd.Index(grp["code_commune"].unique())).tolist(), style)
            for _, grp in part.groupby("id_cpts", sort=True)
        ]
        css = f"border:0;border-top:2px {'solid' if signed else 'dashed'} #08306b;height:0"
        overlays.append(
            Overlay(name=label, kind="merge", groups=groups, show=show, legend=[{"css": css, "label": esc(label)}])
        )
    if white_zones:
        covered = set(known["code_commune"])
        members = [i for i, c in enumerate(topology.codes) if c not in covered]
        if members:
            style = {"className": "access-map-hachures", "color": "#333333", "weight": 0.8, "dashArray": "3 3",
                     "fillColor": "#737373", "fillOpacity": 0.45}  # fmt: skip
            overlays.append(
                Overlay(
                    name="Zones blanches (sans CPTS)",
                    kind="subset",
                    members=members,
                    style=style,
                    show=show,
                    legend=[{"css": _HATCH_CSS, "label": esc(WHITE_ZONE_LABEL)}],
                )
            )
    return overlays


def format_date(value: object) -> str:
    """``dd/mm/yyyy`` of a date-like value, « — » when there is none.

    Examples
    --------
    >>> format_date("2021-03-12"), format_date(None)
    ('12/03/2021', '—')
    """
    ts = pd.to_datetime(pd.Series([value], dtype=object), errors="coerce").iloc[0]
    return "—" if pd.isna(ts) else str(ts.strftime("%d/%m/%Y"))


def structure_overlays(
    msp_gdf: gpd.GeoDataFrame,
    *,
    commune_names: pd.Series,
    show: bool = True,
    topology: DisplayTopology | None = None,
) -> list[Overlay]:
    """One point layer per FINESS category (MSP, centres de santé…), never clustered: nothing hides.

    Popups: name, FINESS number, category, opening date, commune **name** (and code). With the
    ``topology`` of a national map, points of the overseas departments move into their insets.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> msp = gpd.GeoDataFrame({"nom": ["M"], "categorie": ["124"], "code_commune": ["a"]},
    ...                        geometry=[Point(700000, 6600000)], crs=2154)
    >>> [o.name for o in structure_overlays(msp, commune_names=pd.Series({"a": "Aval"}))]
    ['Centre de santé']
    """
    if not isinstance(msp_gdf, gpd.GeoDataFrame) or msp_gdf.crs is None:
        raise CRSError(chk.geodataframe_with_crs_expected(what="msp_gdf", points=True))
    require_columns(msp_gdf, ["nom"], source="msp_gdf")
    if topology is not None and topology.insets:
        from .insets import reposition_points

        msp_gdf = reposition_points(msp_gdf, list(topology.insets))
    pts = msp_gdf.to_crs(4326)
    if not (pts.geometry.geom_type == "Point").all():
        bad = sorted(set(pts.geometry.geom_type) - {"Point"})
        raise InvalidValueError(chk.not_points(what="msp_gdf", types=bad))
    cats = (
        pts["categorie"].astype(str).str.strip().str.removesuffix(".0")
        if "categorie" in pts.columns
        else pd.Series("", index=pts.index)
    )
    overlays = []
    for cat in sorted(set(cats), key=lambda c: (c not in MSP_CATEGORY_LABELS, c)):
        label, color = MSP_CATEGORY_LABELS.get(cat, _OTHER_CATEGORY)
        part = pts[cats == cat]
        rows = []
        for idx, row in part.iterrows():
            code = str(row.get("code_commune", "")) if "code_commune" in part.columns else ""
            commune = commune_names.get(code, "") if code else ""
            where = f"{esc(commune)} ({esc(code)})" if commune else esc(code)
            popup = (
                f"<b>{esc(row['nom'])}</b><br>{esc(label)}<br>FINESS : {esc(row.get('finess', idx))}"
                f"<br>Ouverture : {format_date(row.get('date_ouverture'))}"
                + (f"<br>Commune : {where}" if where else "")
            )
            tip = f"{esc(row['nom'])}" + (f" — {esc(commune)}" if commune else "")
            rows.append([round(row.geometry.y, 5), round(row.geometry.x, 5), 0, tip, popup])
        overlays.append(
            Overlay(
                name=label,
                kind="points",
                points=rows,
                categories=[(color, label)],
                show=show,
                legend=[
                    {"color": color, "label": esc(label), "shape": "circle", "css": f"background:{color}"}
                ],  # fmt: skip
            )
        )
    return overlays


def _point(topology: DisplayTopology, code: str) -> tuple[float, float]:
    lat, lon = topology.points.loc[code, ["lat", "lon"]].to_numpy(dtype=float)
    return float(lat), float(lon)


def qpv_overlay(qpv: pd.DataFrame, topology: DisplayTopology, *, show: bool = True) -> Overlay | None:
    """QPV as points in their commune (no QPV contour in the inputs), with their population and zoning class.

    Several QPV of one commune are spread on a small circle around the commune's point.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from access_map.maps.topology import display_topology
    >>> t = display_topology(gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000)], index=pd.Index(["a"]), crs=2154))
    >>> q = pd.DataFrame({"code_qpv": ["Q1"], "libelle_qpv": ["Les Pins"], "code_commune": ["a"], "population": [900.0]})
    >>> len(qpv_overlay(q, t).points)
    1
    """
    require_columns(qpv, ["code_qpv", "code_commune"], source="qpv")
    table = qpv.astype({"code_commune": str})
    table = table[table["code_commune"].isin(topology.codes)]
    if table.empty:
        return None
    rows = []
    for code, grp in table.groupby("code_commune", sort=True):
        lat, lon = _point(topology, str(code))
        for j, (_, q) in enumerate(grp.iterrows()):
            angle = 2 * np.pi * j / max(len(grp), 1)
            dy, dx = (0.006 * np.sin(angle), 0.009 * np.cos(angle)) if len(grp) > 1 else (0.0, 0.0)
            name = esc(q.get("libelle_qpv", q["code_qpv"]))
            zon = q.get("zonage")
            detail = f"<br>Population : {format_fr(q.get('population'), decimals=0)} hab."
            if isinstance(zon, str) and zon:
                detail += f"<br>Zonage du quartier : {esc(ZONING_MAP_LABELS.get(zon, zon))}"
            popup = f"<b>{name}</b> ({esc(q['code_qpv'])})<br>Quartier prioritaire de la politique de la ville{detail}"
            rows.append([round(float(lat + dy), 5), round(float(lon + dx), 5), 0, name, popup])
    return Overlay(
        name="Quartiers prioritaires (QPV)",
        kind="points",
        points=rows,
        categories=[("#762a83", "QPV")],
        show=show,
        radius=5.0,
        legend=[{"css": "background:#762a83", "shape": "circle", "label": esc("QPV (placé dans sa commune)")}],
    )


def _plm_city_labels(table: pd.DataFrame, topology: DisplayTopology, cities: set[str]) -> pd.DataFrame:
    """Paris, Lyon, Marseille drawn through their arrondissements: one label per city at the mean of their points."""
    from ..communes import PLM_ARRONDISSEMENTS, PLM_CITY_NAMES

    rows = {}
    for city in sorted(cities):
        arr = [a for a, c in PLM_ARRONDISSEMENTS.items() if c == city and a in topology.points.index]
        if not arr or city in topology.points.index:
            continue
        pts = topology.points.loc[arr]
        pop = pd.to_numeric(table["population"].reindex(arr), errors="coerce").sum(min_count=1)
        rows[city] = {"nom": PLM_CITY_NAMES[city], "population": pop, "lat": float(pts["lat"].mean()),
                      "lon": float(pts["lon"].mean())}  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index", columns=["nom", "population", "lat", "lon"])


def town_labels(
    communes: pd.DataFrame,
    topology: DisplayTopology,
    *,
    prefectures: Sequence[str] = (),
    per_department: int = 3,
    show: bool = True,
) -> Overlay:
    """Reference names: the préfectures and the largest communes (by population) of each department.

    Labels come in priority order — préfectures first, then the other communes by decreasing
    population — and the browser draws a label only where it overlaps no label of higher priority
    (at every zoom level): Bordeaux is named, Mérignac and Pessac appear when one zooms in. Names
    also show from a zoom level that depends on their rank, so the national view is not cluttered.
    Paris, Lyon and Marseille drawn through their arrondissements get one label each (at the mean
    of their arrondissements' points); the arrondissements themselves are not labelled.

    Parameters
    ----------
    communes
        Index: commune codes; ``nom``, ``population`` (the ranking), optional ``code_departement``.
    topology
        The map's display topology (label points).
    prefectures
        INSEE codes of the préfectures (the ``CHEFLIEU`` of the COG department table).
    per_department
        Largest communes labelled per department, besides the préfecture.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from access_map.maps.topology import display_topology
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B", "C"], "population": [10.0, 90.0, 50.0],
    ...                       "code_departement": ["01", "01", "01"]},
    ...     geometry=[box(x, 0, x + 1000, 1000) for x in (0, 1000, 2000)], index=pd.Index(["a", "b", "c"]), crs=2154)
    >>> [p[2] for p in town_labels(g, display_topology(g), prefectures=["a"], per_department=1).points]
    ['A', 'B']
    """
    from ..communes import PLM_ARRONDISSEMENTS, PLM_CITY_NAMES

    require_columns(communes, ["nom", "population"], source="communes")
    table = pd.DataFrame(communes.drop(columns="geometry", errors="ignore")).copy()
    table.index = table.index.astype(str)
    table = table[table.index.isin(topology.codes)]
    prefs = {str(p) for p in prefectures}
    plm = _plm_city_labels(table, topology, prefs | set(PLM_CITY_NAMES))
    # arrondissements are named through their city
    candidates = table[~table.index.isin(list(PLM_ARRONDISSEMENTS))]
    dep = (
        candidates["code_departement"]
        if "code_departement" in candidates.columns
        else pd.Series("", index=candidates.index)
    )
    population = pd.to_numeric(candidates["population"], errors="coerce")
    ranked = candidates.assign(_dep=dep, _pop=population.fillna(-1.0)).sort_values(
        ["_pop"], ascending=False, kind="stable"
    )
    chosen = set(ranked.groupby("_dep").head(per_department).index) | (prefs & set(table.index))
    points = topology.points
    pops = ranked["_pop"].astype(float)
    rows = []
    for code in ranked.index:
        if code in chosen:
            rows.append((code, str(ranked.at[code, "nom"]), float(pops[code]),
                         float(points["lat"][code]), float(points["lon"][code])))  # fmt: skip
    for code, rec in plm.iterrows():
        rows.append((str(code), str(rec["nom"]), float(np.nan_to_num(rec["population"], nan=-1.0)),
                     float(rec["lat"]), float(rec["lon"])))  # fmt: skip
    # préfectures first, then by decreasing population: the order in which the browser places them
    rows.sort(key=lambda r: (r[0] not in prefs, -r[2], r[0]))
    out = []
    for code, name, pop, lat, lon in rows:
        pref = code in prefs
        min_zoom = 5 if pref else (7 if pop >= 50_000 else 8 if pop >= 10_000 else 9)
        out.append([round(lat, 5), round(lon, 5), esc(name), min_zoom, pref])
    return Overlay(name=msg.LABELS_LAYER, kind="labels", points=out, show=show)
