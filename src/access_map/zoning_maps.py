"""The maps of a zoning run on the official DREES APL: one per region, one for France, and a PNG of France.

:func:`zoning_areas` (pure) joins the run's communes to the commune contours: what each polygon
shows, with Paris, Lyon and Marseille handled as the contours allow — their arrondissements drawn
when the contours have them, else the whole city with its APL aggregated from its arrondissements
(:func:`access_map.communes.merge_plm_arrondissements`, the mean weighted by the standardised
population, as the workbook's notes prescribe) and the class of most of its residents — and the
notes that say so, and what could not be drawn and why. :func:`write_zoning_maps` draws the maps
(:func:`access_map.maps.zoning_run.zoning_run_map`, :func:`access_map.maps.static_map`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .communes import CODE, PLM_ARRONDISSEMENTS, PLM_CITY_NAMES, merge_plm_arrondissements
from .messages import maps as msg
from .schema import ZONING_LABELS

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from .zoning import NationalZoning

__all__ = ["ZoningAreas", "zoning_areas", "harmonised_contours", "write_zoning_maps", "map_file_names"]

_CATEGORY_NAMES = msg.CATEGORY_NAMES


@dataclass(frozen=True)
class ZoningAreas:
    """The polygons of a zoning run's maps and what they show.

    Attributes
    ----------
    areas
        Index ``code_commune`` (arrondissements or whole cities for Paris, Lyon, Marseille):
        ``nom``, ``population``, ``standardised_population``, ``code_region``, ``code_departement``,
        ``apl`` (commune), ``tvs_apl``, ``tvs`` (« libellé (code) »), ``code_tvs``, ``category``
        (code), ``categorie`` (French), ``zonage`` and ``zonage_publie`` (classes, when the run has
        them), ``plm`` (how a whole city's arrondissements are classed), geometry.
    notes
        French statements for the report and the maps: how Paris, Lyon and Marseille are drawn,
        communes without contour, contours without value.
    plm_whole, plm_arrondissements
        Codes of the cities drawn whole (aggregated) and of those drawn by arrondissement.
    """

    areas: gpd.GeoDataFrame
    notes: tuple[str, ...]
    plm_whole: tuple[str, ...] = ()
    plm_arrondissements: tuple[str, ...] = ()

    def plm_note(self, codes: pd.Index | None = None) -> str:
        """How the map of the areas ``codes`` (default: all) draws Paris, Lyon and Marseille ("" if none is on it).

        Examples
        --------
        >>> import geopandas as gpd
        >>> z = ZoningAreas(gpd.GeoDataFrame(geometry=[]), (), plm_whole=("69123",))
        >>> z.plm_note(pd.Index(["33063"])), z.plm_note(pd.Index(["69123"]))[:5]
        ('', 'Lyon ')
        """
        on_map = set(self.areas.index if codes is None else codes)
        whole = [PLM_CITY_NAMES[c] for c in self.plm_whole if c in on_map]
        by_arr = [
            PLM_CITY_NAMES[c] for c in self.plm_arrondissements if any(PLM_ARRONDISSEMENTS.get(a) == c for a in on_map)
        ]
        return msg.plm_note(whole=whole, arrondissements=by_arr) if whole or by_arr else ""


def _majority(classes: pd.Series, population: pd.Series) -> object:
    """The class holding most of the population (``None`` when none has a class)."""
    known = classes.notna()
    if not known.any():
        return None
    totals = population[known].groupby(classes[known]).sum()
    return totals.sort_values(ascending=False, kind="stable").index[0]


def _shares(classes: pd.Series, population: pd.Series, names: dict[str, str]) -> dict[str, float]:
    known = classes.notna()
    totals = population[known].groupby(classes[known]).sum()
    total = float(totals.sum())
    if total <= 0:
        return {}
    order = [c for c in names if c in totals.index] + [c for c in totals.index if c not in names]
    return {names.get(str(c), str(c)): float(totals[c]) / total for c in order}


def _whole_city(city: str, rows: pd.DataFrame) -> dict[str, object]:
    """One row for a city drawn whole, from the rows of its arrondissements."""
    weights = rows["standardised_population"]
    population = rows["population"].fillna(0.0)
    out: dict[str, object] = {
        "nom": PLM_CITY_NAMES[city],
        "population": float(population.sum()),
        "standardised_population": float(weights.sum()),
        "code_region": rows["code_region"].dropna().iloc[0] if rows["code_region"].notna().any() else None,
    }
    if "code_tvs" in rows.columns:
        out["tvs"] = msg.plm_tvs(int(rows["code_tvs"].nunique()), len(rows))
    numeric = rows[[c for c in ("apl", "tvs_apl", "standardised_population") if c in rows.columns]].astype(float)
    merged = merge_plm_arrondissements(
        numeric, weighted={c: "standardised_population" for c in ("apl", "tvs_apl") if c in numeric.columns}
    )
    for col in ("apl", "tvs_apl"):
        if col in merged.columns:
            out[col] = float(merged[col].astype(float)[city])
    for col in ("category", "zonage", "zonage_publie"):
        if col in rows.columns:
            out[col] = _majority(rows[col], population)
    detail_col = "zonage" if "zonage" in rows.columns else "category"
    names = (
        _CATEGORY_NAMES if detail_col == "category" else {c: ZONING_LABELS.get(c, c) for c in rows[detail_col].dropna()}
    )
    out["plm"] = msg.plm_detail(_shares(rows[detail_col], population, names), len(rows))
    return out


def _department(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def zoning_areas(national: NationalZoning, contours: gpd.GeoDataFrame) -> ZoningAreas:
    """The polygons of a zoning run's maps (see :class:`ZoningAreas`); inputs are not modified.

    Parameters
    ----------
    national
        The run (:func:`~access_map.zoning.national_zoning`).
    contours
        Commune polygons indexed by ``code_commune`` (any CRS), e.g. the IGN contours; with or
        without the arrondissements of Paris, Lyon and Marseille.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import box
    >>> from access_map.zoning import national_zoning
    >>> c = pd.DataFrame({"apl_65": [2.0, 5.0, 3.0], "standardised_population": [100.0, 300.0, 50.0],
    ...     "population": [100.0, 300.0, 50.0], "code_region": ["84"] * 3},
    ...     index=pd.Index(["69381", "69382", "69001"], name="code_commune"))
    >>> n = national_zoning(c, tvs=pd.DataFrame({"code_tvs": ["A", "B", "C"]}, index=c.index))
    >>> g = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], index=pd.Index(["69123", "69001"]), crs=2154)
    >>> z = zoning_areas(n, g)
    >>> z.areas.loc["69123", "nom"], float(z.areas.loc["69123", "apl"])  # (2 × 100 + 5 × 300) / 400
    ('Lyon', 4.25)
    """
    import geopandas as gpd

    communes = national.communes.copy()
    communes.index = communes.index.astype(str)
    if national.comparison is not None and "published" in national.comparison.communes.columns:
        communes["zonage_publie"] = national.comparison.communes["published"].reindex(communes.index)
    if "zonage" not in communes.columns and national.result is not None:
        communes["zonage"] = national.result.communes["zonage"].reindex(communes.index)
    geo = contours.copy()
    geo.index = pd.Index(geo.index.astype(str), name=CODE)
    values = pd.DataFrame(index=communes.index)
    for col in ("nom", "population", "standardised_population", "code_region", "apl", "tvs_apl", "code_tvs",
                "category", "zonage", "zonage_publie"):  # fmt: skip
        if col in communes.columns:
            values[col] = communes[col]
    if "code_tvs" in communes.columns:
        label = communes["libelle_tvs"] if "libelle_tvs" in communes.columns else pd.Series("", index=communes.index)
        values["tvs"] = [
            (f"{lab} ({c})" if isinstance(lab, str) and lab else str(c)) if isinstance(c, str) else None
            for c, lab in zip(communes["code_tvs"], label)
        ]
    whole: list[str] = []
    drawn_arr: list[str] = []
    rows = []
    drop_arr: list[str] = []
    for city in PLM_CITY_NAMES:
        arr = [a for a, c in PLM_ARRONDISSEMENTS.items() if c == city and a in values.index]
        if not arr:
            continue
        if all(a in geo.index for a in arr):
            drawn_arr.append(city)
            geo = geo.drop(index=[city], errors="ignore")
        elif city in geo.index:
            whole.append(city)
            rows.append(pd.Series(_whole_city(city, values.loc[arr]), name=city))
            drop_arr += arr
    if rows:
        values = pd.concat([values.drop(index=drop_arr), pd.DataFrame(rows)])
    values["categorie"] = values["category"].map(_CATEGORY_NAMES) if "category" in values.columns else None
    values["code_departement"] = [_department(c) for c in values.index]
    missing = values.index.difference(geo.index)
    departments = set(values["code_departement"])
    extra = geo.index.difference(values.index)
    extra = extra[[_department(c) in departments for c in extra]]
    notes = []
    if whole or drawn_arr:
        notes.append(
            msg.plm_note(
                whole=[PLM_CITY_NAMES[c] for c in whole], arrondissements=[PLM_CITY_NAMES[c] for c in drawn_arr]
            )
        )
    if len(missing):
        notes.append(msg.missing_contours_note(sorted(missing)))
    if len(extra):
        notes.append(msg.unmatched_contours_note(sorted(extra)))
    dep_region = values.dropna(subset=["code_region"]).groupby("code_departement")["code_region"].first()
    extra_rows = pd.DataFrame(
        {"nom": geo.loc[extra, "nom"] if "nom" in geo.columns else "", "population": np.nan},
        index=extra,
    )
    extra_rows["code_departement"] = [_department(c) for c in extra]
    extra_rows["code_region"] = extra_rows["code_departement"].map(dep_region)
    drawn = pd.concat([values.drop(index=missing), extra_rows])
    if "nom" in geo.columns:
        drawn["nom"] = drawn["nom"].where(drawn["nom"].notna(), geo["nom"].reindex(drawn.index))
    areas = gpd.GeoDataFrame(drawn, geometry=geo.geometry.reindex(drawn.index).to_numpy(), crs=geo.crs)
    areas.index.name = CODE
    return ZoningAreas(areas.sort_index(), tuple(notes), tuple(whole), tuple(drawn_arr))


def harmonised_contours(
    contours: gpd.GeoDataFrame,
    *,
    movements: pd.DataFrame,
    contours_year: int,
    codes: pd.Index,
    latest_year: int,
) -> tuple[gpd.GeoDataFrame, str]:
    """Contours of COG ``contours_year`` carried to the COG of the run's communes: merged communes dissolved.

    The commune contours are often older than the APL (contours COG 2018, APL 2023): a commune merged
    since then has two or more polygons and one value. The COG events (``movements``,
    :func:`access_map.cog.code_mapping`) between 1 January ``contours_year`` and the 1 January of
    each later year up to ``latest_year`` are tried; the vintage whose communes best match ``codes``
    (fewest communes without a polygon, then fewest polygons without a value) is kept, and the polygons of each commune of that vintage are merged. A commune split since
    (restored) keeps the polygon of the commune it was part of.

    Returns
    -------
    (GeoDataFrame, str)
        The contours indexed by the codes of the chosen vintage (``nom`` of the commune keeping
        its code), and a French note saying what was merged (``""`` when nothing was).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
    ...                      index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> mvt = pd.DataFrame({"mod": [32, 32], "date_eff": pd.to_datetime(["2019-01-01"] * 2),
    ...     "typecom_av": ["COM", "COM"], "com_av": ["01001", "01002"], "typecom_ap": ["COM", "COM"],
    ...     "com_ap": ["01001", "01001"]})
    >>> out, note = harmonised_contours(g, movements=mvt, contours_year=2018, codes=pd.Index(["01001"]),
    ...                                 latest_year=2023)
    >>> out.index.tolist(), out.geometry.iloc[0].area
    (['01001'], 2.0)
    """
    import geopandas as gpd

    from .cog import code_mapping

    start = pd.Timestamp(year=contours_year, month=1, day=1)
    wanted = set(codes)
    best: tuple[int, tuple[int, int], dict[str, str]] | None = None
    for year in range(contours_year + 1, max(latest_year, contours_year) + 2):
        mapping, _ = code_mapping(
            list(contours.index),
            movements=movements,
            source_date=start,
            target_date=pd.Timestamp(year=year, month=1, day=1),
        )
        new = {old: max(targets.items(), key=lambda kv: (kv[1], kv[0] == old))[0] for old, targets in mapping.items()}
        drawn = set(new.values())
        # first draw every commune that has a value, then leave as few polygons without a value as possible
        holes = (len(wanted - drawn), len(drawn - wanted))
        if best is None or holes < best[1]:
            best = (year, holes, new)
    if best is None:
        return contours, ""
    year, _, new = best
    target = pd.Series(new).reindex(contours.index.astype(str))
    merged = target[target.duplicated(keep=False)]
    if merged.empty:
        return contours, ""
    frame = contours.assign(_new=target.to_numpy())
    keeps = frame.index.astype(str) == frame["_new"]
    frame = frame.assign(_keeps=keeps).sort_values("_keeps", ascending=False, kind="stable")
    dissolved = frame.dissolve(by="_new", aggfunc="first").drop(columns="_keeps")
    dissolved.index.name = CODE
    note = msg.merged_contours_note(
        n_contours=int(len(merged)), n_communes=int(merged.nunique()), contours_year=contours_year, year=year
    )
    return gpd.GeoDataFrame(dissolved, geometry=dissolved.geometry, crs=contours.crs), note


def map_file_names(regions: Sequence[str]) -> list[str]:
    """The map files of a zoning run (relative to its output folder).

    Examples
    --------
    >>> map_file_names(["75"])
    ['cartes/zonage_region_75.html', 'cartes/zonage_france.html', 'cartes/zonage_france.png']
    """
    return [f"cartes/zonage_region_{r}.html" for r in regions] + [
        "cartes/zonage_france.html",
        "cartes/zonage_france.png",
    ]


def write_zoning_maps(
    national: NationalZoning,
    contours: gpd.GeoDataFrame,
    folder: Path,
    *,
    prefectures: Sequence[str] = (),
    source: str = "",
    year: int | None = None,
    movements: pd.DataFrame | None = None,
    contours_year: int | None = None,
    region_map: Callable[[gpd.GeoDataFrame, str], folium.Map] | None = None,
) -> tuple[list[Path], list[str]]:
    """Write one interactive map per region, one of France (overseas in insets) and a PNG of France.

    Parameters
    ----------
    national
        The run.
    contours
        Commune polygons (:func:`zoning_areas`).
    folder
        Output folder (``cartes/``).
    prefectures
        INSEE codes of the préfectures (``CHEFLIEU`` of the COG department table): the reference
        names; without them, the largest communes only.
    source
        Source line (producers and vintages).
    year
        Year of the APL (the workbook's sheet), in the titles.
    movements, contours_year
        COG events and the COG vintage of the contours: communes merged since are drawn as one
        (:func:`harmonised_contours`).
    region_map
        Draws the map of a region instead (its areas and its name): e.g. the comparison with a
        published zoning.

    Returns
    -------
    (list of Path, list of str)
        The files written and the notes (:class:`ZoningAreas`).
    """
    from . import maps
    from .maps.meta import ValueLabel
    from .maps.publish import region_label
    from .maps.zoning_run import zoning_run_map

    notes: list[str] = []
    if movements is not None and contours_year is not None:
        contours, merged = harmonised_contours(
            contours, movements=movements, contours_year=contours_year, codes=national.communes.index,
            latest_year=year or contours_year + 8,
        )  # fmt: skip
        notes += [merged] if merged else []
    prepared = zoning_areas(national, contours)
    areas = prepared.areas
    column = str(national.sources.get("apl_column", "apl_65"))
    max_age = int(column.removeprefix("apl_")) if column.removeprefix("apl_").isdigit() else None
    label = ValueLabel("medecin_generaliste", max_age, "tvs", year)
    zoned = national.result is not None
    thresholds = (national.rules.zip_threshold, national.rules.vivier_threshold)

    def draw(part: gpd.GeoDataFrame, where: str) -> folium.Map:
        return zoning_run_map(
            part, label=label, zoned=zoned, where=where, note=prepared.plm_note(part.index), thresholds=thresholds,
            prefectures=prefectures, source=source,
        )  # fmt: skip

    written: list[Path] = []
    for region in sorted(areas["code_region"].dropna().unique()):
        part, where = areas[areas["code_region"] == region], region_label(str(region))
        m = region_map(part, where) if region_map is not None else draw(part, where)
        written.append(maps.save_map(m, folder / f"zonage_region_{region}.html"))
    m = draw(areas, msg.FRANCE)
    written.append(maps.save_map(m, folder / "zonage_france.html"))
    kind = "zoning" if zoned else "apl"
    column_drawn = "zonage" if zoned else "tvs_apl"
    title = msg.ZONING_TITLE if zoned else msg.TVS_APL_TITLE
    written.append(
        maps.static_map(
            areas, column_drawn, kind=kind, path=folder / "zonage_france.png", title=msg.national_map_title(title),
            subtitle=label.subtitle if not zoned else "", unit=label.unit if not zoned else "", scheme="official",
            thresholds=thresholds, source=source, legend_title="APL du TVS" if not zoned else None,
        )
    )  # fmt: skip
    return written, [*notes, *prepared.notes]
