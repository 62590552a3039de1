"""Files of a zoning run: tables (CSV), the report ``rapport.html`` and the maps.

:func:`zoning_tables` assembles the tables of a :class:`~access_map.zoning.NationalZoning`
(pure); :func:`write_zoning_outputs` writes them, the French report and — with commune
contours — one interactive map per region and a static map of metropolitan France. Every
file is written atomically; text coming from input files is escaped in the report.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._atomic import atomic_path
from .communes import with_region_names
from .csv_format import write_csv
from .errors import AccessMapError
from .messages import entier
from .messages import outputs as outputs_msg
from .messages.supply import PARTIAL_SUPPLY_HEADLINE
from .messages.tables import rule_value
from .supply import stamp_partial_supply
from .zoning import NationalZoning, ZoningDiff, disagreement_table, zoning_diff, zoning_summary

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = [
    "ALL_TABLE_NAMES",
    "ZoningTables",
    "zoning_tables",
    "write_zoning_outputs",
    "output_names",
    "default_source",
    "name_regions",
    "write_zoning_geopackage",
    "GEOPACKAGE_NAME",
]

#: Every table a run may write (for the overwrite guard, before the run).
ALL_TABLE_NAMES: tuple[str, ...] = (
    "zoning_communes.csv", "tvs_categories.csv", "national_selection.csv", "rules.csv", "zoning_tvs.csv",
    "regions.csv", "violations.csv", "zoning_qpv.csv", "diff.csv", "summary.csv", "changes.csv",
    "comparison_regions.csv", "comparison_crosstab.csv", "comparison_communes.csv",
    "comparaison_selection_regions.csv", "comparaison_selection_croisement.csv", "comparaison_selection_communes.csv",
    "communes_desaccord.csv", "plafonds_realises.csv", "rapport.html", "zonage.gpkg",
)  # fmt: skip
#: The run's GeoPackage (with contours): layers ``communes`` and ``tvs`` with every indicator, the classes and styles.
GEOPACKAGE_NAME = "zonage.gpkg"


@dataclass(frozen=True)
class ZoningTables:
    """The tables of a zoning run (file name → (table, write the index?)) and the diff with the previous zoning.

    Examples
    --------
    >>> import pandas as pd
    >>> ZoningTables({"x.csv": (pd.DataFrame(), False)}, None).names
    ['x.csv']
    """

    tables: dict[str, tuple[pd.DataFrame, bool]]
    diff: ZoningDiff | None

    @property
    def names(self) -> list[str]:
        """File names, in writing order."""
        return list(self.tables)


def name_regions(table: pd.DataFrame, names: pd.Series | None = None) -> pd.DataFrame:
    """``table`` with ``nom_region`` after its ``code_region`` (column or index); the national row is « France entière ».

    ``names`` (the COG region table's) win over :data:`access_map.communes.REGION_NAMES`, so that a
    table always names its regions.

    Examples
    --------
    >>> t = pd.DataFrame({"code_region": ["75", "national"], "x": [1, 2]})
    >>> name_regions(t, pd.Series({"75": "Nouvelle-Aquitaine"}))["nom_region"].tolist()
    ['Nouvelle-Aquitaine', 'France entière']
    >>> name_regions(pd.DataFrame({"code_region": ["94"]}))["nom_region"].tolist()
    ['Corse']
    """
    if "nom_region" in table.columns:
        return table
    return with_region_names(table, names=names)


def zoning_tables(
    national: NationalZoning,
    *,
    previous: pd.DataFrame | pd.Series | None = None,
    region_names: pd.Series | None = None,
) -> ZoningTables:
    """Tables of a zoning run.

    Always: ``zoning_communes.csv``, ``tvs_categories.csv``, ``national_selection.csv``
    (per region: national selection, vivier, hors vivier — and ZIP/ZAC/ZV/HV with caps),
    ``rules.csv`` (every rule with its value and source). With caps: ``zoning_tvs.csv``,
    ``regions.csv``, ``violations.csv``, ``summary.csv`` (with a previous zoning: before /
    after), ``zoning_qpv.csv`` (with QPV); with a previous zoning: ``diff.csv`` and
    ``changes.csv``; with a published zoning: ``comparaison_selection_regions.csv``,
    ``comparaison_selection_croisement.csv``, ``comparaison_selection_communes.csv`` (national
    selection against the published ZIP, national selection + vivier against ZIP + ZAC: no caps
    needed), ``communes_desaccord.csv`` (largest population first), ``plafonds_realises.csv`` (the
    regional ZIP and ZAC shares the published zoning realises, readable as ``--caps``) and, with caps,
    ``comparison_regions.csv``, ``comparison_crosstab.csv``, ``comparison_communes.csv``. With
    ``region_names``, every table with a region code names the region (``nom_region``).

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.zoning import national_zoning
    >>> c = pd.DataFrame({"apl_65": [2.0, 3.0], "standardised_population": [1.0, 1.0], "population": [1.0, 3.0],
    ...                   "code_region": ["75", "75"]}, index=pd.Index(["33001", "33002"], name="code_commune"))
    >>> n = national_zoning(c, tvs=pd.DataFrame({"code_tvs": ["A", "B"]}, index=c.index))
    >>> zoning_tables(n).names
    ['zoning_communes.csv', 'tvs_categories.csv', 'national_selection.csv', 'rules.csv']
    """
    tables: dict[str, tuple[pd.DataFrame, bool]] = {
        "zoning_communes.csv": (national.communes if national.result is None else national.result.communes, True),
        "tvs_categories.csv": (national.categories.reset_index(), False),
        "national_selection.csv": (national.regions, False),
        "rules.csv": (national.rules.describe(), False),
    }
    diff = None
    result = national.result
    if result is not None:
        tables["zoning_tvs.csv"] = (result.tvs, False)
        tables["regions.csv"] = (result.report.regions, False)
        tables["violations.csv"] = (result.report.violations, False)
        if len(result.qpv):
            tables["zoning_qpv.csv"] = (result.qpv, False)
        pop = result.communes["population"]
        regions = result.communes["code_region"]
        if previous is not None:
            before = previous["zonage"] if isinstance(previous, pd.DataFrame) else previous
            codes = before.index.astype(str).union(pop.index)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                diff = zoning_diff(
                    before,
                    result.communes["zonage"],
                    population=pop.reindex(codes).fillna(0.0),
                    regions=regions.reindex(codes).fillna("unknown"),
                    tvs=result.communes["code_tvs"],
                )
            for w in caught:
                warnings.warn(w.message, UserWarning, stacklevel=2)
            tables["diff.csv"] = (diff.transitions, False)
            tables["summary.csv"] = (diff.summary, False)
            tables["changes.csv"] = (result.changes, False)
        else:
            tables["summary.csv"] = (zoning_summary(result.communes["zonage"], population=pop, regions=regions), False)
    if national.selection_comparison is not None:
        sel = national.selection_comparison
        tables["comparaison_selection_regions.csv"] = (sel.regions, False)
        tables["comparaison_selection_croisement.csv"] = (sel.crosstab, False)
        tables["comparaison_selection_communes.csv"] = (sel.communes, True)
        tables["communes_desaccord.csv"] = (disagreement_table(national), True)
    if national.realised_caps is not None:
        caps = national.realised_caps.rename(columns={"zip_cap_share": "part_max_zip", "zac_cap_share": "part_max_zac"})
        tables["plafonds_realises.csv"] = (caps, True)
    if national.comparison is not None:
        tables["comparison_regions.csv"] = (national.comparison.regions, False)
        tables["comparison_crosstab.csv"] = (national.comparison.crosstab, False)
        tables["comparison_communes.csv"] = (national.comparison.communes, True)
    # regions are named, not only coded, in every table (the COG region table's names when given)
    tables = {k: (name_regions(df, region_names), index) for k, (df, index) in tables.items()}
    return ZoningTables(tables, diff)


def output_names(tables: ZoningTables, *, with_maps: bool, regions: Sequence[str] = ()) -> list[str]:
    """Every file a run writes (relative to the output folder), for the overwrite guard.

    Examples
    --------
    >>> import pandas as pd
    >>> output_names(ZoningTables({"a.csv": (pd.DataFrame(), False)}, None), with_maps=True, regions=["75"])[1:]
    ['rapport.html', 'zonage.gpkg', 'cartes/zonage_region_75.html', 'cartes/zonage_france.html', 'cartes/zonage_france.png']
    """
    from .zoning_maps import map_file_names

    names = tables.names + ["rapport.html"]
    if with_maps:
        names += [GEOPACKAGE_NAME, *map_file_names(regions)]
    return names


#: Tables whose headers are written in French (:data:`access_map.messages.zoning.HEADERS`): the summaries an
#: analyst reads (the per-commune and per-TVS tables keep the column names other commands read back).
FRENCH_HEADER_TABLES = frozenset(
    {
        "national_selection.csv", "rules.csv", "tvs_categories.csv", "comparison_regions.csv",
        "comparison_crosstab.csv", "comparison_communes.csv", "comparaison_selection_regions.csv",
        "comparaison_selection_croisement.csv", "comparaison_selection_communes.csv",
    }
)  # fmt: skip


def analyst_headers(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with French headers when ``name`` is one of :data:`FRENCH_HEADER_TABLES` (values unchanged).

    Examples
    --------
    >>> analyst_headers("national_selection.csv", pd.DataFrame(columns=["code_region", "vivier_share"])).columns.tolist()
    ['code_region', 'part_vivier']
    >>> analyst_headers("comparison_regions.csv", pd.DataFrame(columns=["agreement_population"])).columns.tolist()
    ['accord_population']
    >>> analyst_headers("zoning_communes.csv", pd.DataFrame(columns=["category"])).columns.tolist()
    ['category']
    """
    from .messages.zoning import en_tete

    if name not in FRENCH_HEADER_TABLES:
        return df
    out = df.rename(columns=en_tete)
    if out.index.name is not None:
        out.index = out.index.rename(en_tete(out.index.name))
    return out


def _write_csv(df: pd.DataFrame, path: Path, *, index: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(df, path, index=index)


def write_zoning_geopackage(
    national: NationalZoning, contours: gpd.GeoDataFrame, path: Path, *, communes: pd.DataFrame | None = None
) -> Path:
    """The run's GeoPackage: the zoning's communes on their contours, their TVS dissolved, with the map styles.

    Every commune of the run is a row of the layer ``communes`` (the columns of ``zoning_communes.csv``,
    ``communes``, by default the run's communes: APL, TVS, TVS APL, class…; no geometry when the contours
    lack it); the layer ``tvs`` dissolves the communes of each TVS and carries ``zoning_tvs``. Written by
    :func:`access_map.geopackage.write_run_geopackage`, as the refresh's and the atlas's.
    """
    import geopandas as gpd

    from .geopackage import write_run_geopackage

    if communes is None:
        communes = national.communes if national.result is None else national.result.communes
    geometry = gpd.GeoSeries(contours.geometry.reindex(communes.index), crs=contours.crs)
    layer = gpd.GeoDataFrame(communes.copy(), geometry=geometry.rename("geometry"), crs=contours.crs)
    zoning = {} if national.result is None else {"result": national.result}
    return write_run_geopackage(path, {"apl_communes": layer}, zoning)


def default_source(national: NationalZoning) -> str:
    """The source line of a run from what it read: the DREES workbook and its sheet (« DREES, APL 2023 »).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> default_source(SimpleNamespace(sources={"apl": "/data/apl_generalistes_2022_2023_drees.xlsx [APL 2023]"}))
    'DREES, APL 2023'
    """
    import re

    from .maps.credits import zoning_credits
    from .messages.maps import source_line

    text = str(national.sources.get("apl", ""))
    match = re.fullmatch(r"(.*) \[APL (\d{4})\]", text)
    if match:
        return source_line(zoning_credits(match.group(1), apl_year=int(match.group(2)))[:1])
    return source_line(zoning_credits(text)[:1]) if text else ""


def _comparison_map(
    national: NationalZoning, part: gpd.GeoDataFrame, *, where: str, prefectures: Sequence[str], source: str
) -> folium.Map:
    """Published zoning, computed zoning (or categories) and the agreement views of one region."""
    from .maps.comparison import comparison_map
    from .messages.comparison import SELECTION_COMPARISONS

    assert national.selection_comparison is not None and national.published is not None
    cm = national.selection_comparison.communes.reindex(part.index)
    frame = part
    if "population" not in frame.columns:
        frame = part.join(national.communes[["population"]], how="left")
    agreements = {}
    for name, sides in SELECTION_COMPARISONS.items():
        compared = cm["compared"].fillna(False).astype(bool)
        agreements[f"Accord / désaccord : {sides[0]} / {sides[1]}"] = (
            cm[f"computed_{name}"].where(compared),
            cm[f"published_{name}"].where(compared),
            sides,
        )
    if national.comparison is not None:
        cc = national.comparison.communes.reindex(part.index)
        compared = cc["compared"].fillna(False).astype(bool)
        agreements["Accord / désaccord : classes"] = (
            cc["agree"].where(compared),
            pd.Series(True, index=part.index).where(compared),
            ("même classe", "classe publiée"),
        )
    return comparison_map(
        frame,
        published=national.published.reindex(part.index),
        computed=national.communes["zonage"].reindex(part.index) if national.result is not None else None,
        categories=national.communes["category"].reindex(part.index) if national.result is None else None,
        agreements=agreements,
        where=where,
        prefectures=prefectures,
        source=source,
    )


def write_zoning_outputs(
    national: NationalZoning,
    output_dir: str | Path,
    *,
    previous: pd.DataFrame | pd.Series | None = None,
    contours: gpd.GeoDataFrame | None = None,
    overwrite: bool = False,
    data_warnings: Sequence[str] = (),
    prefectures: Sequence[str] = (),
    source: str = "",
    year: int | None = None,
    movements: pd.DataFrame | None = None,
    contours_year: int | None = None,
    region_names: pd.Series | None = None,
    partial_supply: Sequence[str] = (),
) -> tuple[list[Path], ZoningTables]:
    """Write the tables, ``rapport.html`` and (with ``contours``) the maps of a zoning run.

    Parameters
    ----------
    national
        The run (:func:`~access_map.zoning.national_zoning`).
    output_dir
        Folder (created).
    previous
        The zoning in force per commune, for ``diff.csv``.
    contours
        Commune polygons indexed by ``code_commune`` (any CRS): maps per region in
        ``cartes/``.
    overwrite
        Replace existing files; otherwise an existing file raises before anything is written.
    data_warnings
        Warnings raised while the inputs were read (rows dropped, unmatched postal codes...): listed in
        the report's « Avertissements » with the run's own notes.
    prefectures
        INSEE codes of the préfectures (the COG department table's ``CHEFLIEU``): names on the maps.
    source
        Source line of the maps and the report (producers and vintages:
        « DREES, APL 2023 ; INSEE, population 2021 ; … »); default: the APL (:func:`default_source`).
    year
        Year of the APL (the workbook's sheet), in the maps' titles.
    movements, contours_year
        COG events and the COG vintage of ``contours``: communes merged since are drawn as one.
    region_names
        Region code → name (the COG region table; default: :data:`access_map.communes.REGION_NAMES`):
        every table and the report name the regions.
    partial_supply
        Statements of a supply declared partial (:func:`access_map.supply.check_supply_coverage`): at the
        top of the report, and in every table (column ``avertissement_offre``).

    Returns
    -------
    (list of Path, ZoningTables)

    Raises
    ------
    AccessMapError
        A file exists and ``overwrite`` is False.
    """
    out = Path(output_dir)
    tables = zoning_tables(national, previous=previous, region_names=region_names)
    regions = sorted(national.communes["code_region"].unique())
    existing = [n for n in output_names(tables, with_maps=contours is not None, regions=regions) if (out / n).exists()]
    if existing and not overwrite:
        raise AccessMapError(outputs_msg.fichiers_deja_presents(folder=out, files=existing))
    written = []
    for name, (df, index) in tables.tables.items():
        _write_csv(stamp_partial_supply(analyst_headers(name, df), list(partial_supply)), out / name, index=index)
        written.append(out / name)
    map_files: list[Path] = []
    map_notes: list[str] = []
    if not source:
        source = default_source(national)
    if contours is not None:
        from .zoning_maps import write_zoning_maps

        def comparison(part: gpd.GeoDataFrame, where: str) -> folium.Map:
            return _comparison_map(national, part, where=where, prefectures=prefectures, source=source)

        map_files, map_notes = write_zoning_maps(
            national, contours, out / "cartes", prefectures=prefectures, source=source, year=year,
            movements=movements, contours_year=contours_year,
            region_map=comparison if national.selection_comparison is not None else None,
        )  # fmt: skip
        written += map_files
        communes = tables.tables["zoning_communes.csv"][0]
        written.append(write_zoning_geopackage(national, contours, out / GEOPACKAGE_NAME, communes=communes))
    report = out / "rapport.html"
    with atomic_path(report) as tmp:
        page = _report_html(
            national,
            tables,
            map_files,
            out,
            [*data_warnings, *map_notes],
            region_names,
            partial_supply=partial_supply,
            source=source,
        )
        Path(tmp).write_text(page, encoding="utf-8")
    written.append(report)
    return written, tables


# --------------------------------------------------------------------------- report


def rules_for_report(rules: pd.DataFrame) -> pd.DataFrame:
    """The rules table (:meth:`ZoningRules.describe`) with each value written for a reader: a share as a
    percentage, a threshold with its decimals, a count as an integer, a yes/no in French.

    Examples
    --------
    >>> from access_map.zoning.rules import ZoningRules
    >>> shown = rules_for_report(ZoningRules.revision_2021().describe()).set_index("rule")["value"]
    >>> [shown[r] for r in ("hors_vivier_margin", "zip_threshold", "share_check_decimals", "qpv_requires_vivier")]
    ['5\u202f%', '2,5', '1', 'non']
    """
    shown = rules.copy()
    shown["value"] = [rule_value(rule, value) for rule, value in zip(rules["rule"], rules["value"], strict=True)]
    return shown


def _fr(value: object, decimals: int = 1, *, percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n.d."
    v = float(value) * (100 if percent else 1)  # type: ignore[arg-type]
    text = f"{v:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    return text + (" %" if percent else "")


#: Columns of the report's tables that count TVS or inhabitants: shown as integers (« 19 », « 187 161 »).
_COUNT_COLUMNS = frozenset(
    {"population", "tvs", "zip_limit", "zac_limit", "inherited_population", "compared_population", "moving_population"}
)


def _table(df: pd.DataFrame, columns: dict[str, str], *, percent: Sequence[str] = (), decimals: int = 1) -> str:
    if "nom_region" not in df.columns:  # regions are named when the run was given their names
        columns = {k: v for k, v in columns.items() if k != "nom_region"}
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for col in columns:
            v = rec.get(col)
            if (
                col in _COUNT_COLUMNS
                and isinstance(v, (int, float, np.floating, np.integer))
                and not isinstance(v, bool)
            ):
                cells.append(f"<td class='n'>{entier(v)}</td>")
            elif isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool):
                cells.append(f"<td class='n'>{_fr(float(v), decimals, percent=col in percent)}</td>")
            else:
                cells.append(f"<td>{html.escape('' if v is None else str(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


#: The report's print layout (the page is A4 portrait): rows never split across pages, link targets printed.
PRINT_CSS = (
    "@media print{body{max-width:none;margin:0;font-size:9pt}"
    "h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}td,th{font-size:8pt}"
    "a{color:#000;text-decoration:none}a[href]::after{content:' (' attr(href) ')';font-size:7pt;color:#555}}"
)


def _report_html(
    national: NationalZoning,
    tables: ZoningTables,
    maps_written: list[Path],
    out: Path,
    map_notes: list[str],
    region_names: pd.Series | None = None,
    *,
    partial_supply: Sequence[str] = (),
    source: str = "",
) -> str:
    parts = [
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Zonage des médecins généralistes</title>",
        "<style>@page{size:A4 portrait;margin:15mm 14mm}"
        "body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}td.n{text-align:right}"
        f".warning{{color:#a15c00}}.error{{color:#b00}}{PRINT_CSS}</style></head><body>",
        "<h1>Zonage des médecins généralistes</h1>",
    ]
    parts += [
        f"<p class='warning'><b>{html.escape(PARTIAL_SUPPLY_HEADLINE)}</b> : {html.escape(s)}</p>"
        for s in partial_supply
    ]
    if source:
        parts.append(f"<p>Source : {html.escape(source)}</p>")
    parts += _sources_section(national, map_notes)
    parts += _regions_section(national, region_names)
    parts += _zoning_section(national, tables)
    parts += _selection_comparison_section(national, region_names)
    parts += _comparison_section(national, region_names)
    parts.append("<h2>Règles appliquées</h2>")
    parts.append(
        _table(rules_for_report(national.rules.describe()), {"rule": "Règle", "value": "Valeur", "source": "Source"})
    )
    if maps_written:
        parts.append("<h2>Cartes</h2><ul>")
        for p in maps_written:
            rel = p.relative_to(out).as_posix()
            parts.append(f"<li><a href='{html.escape(rel)}'>{html.escape(rel)}</a></li>")
        parts.append("</ul>")
    parts.append("<h2>Fichiers</h2><ul>")
    parts += [f"<li>{html.escape(n)}</li>" for n in tables.names]
    parts.append("</ul></body></html>")
    return "\n".join(parts)


def _sources_section(national: NationalZoning, map_notes: list[str]) -> list[str]:
    labels = {"apl": "APL", "apl_column": "Colonne d'APL", "tvs": "TVS", "regions": "Régions", "caps": "Plafonds"}
    parts = ["<h2>Sources</h2><ul>"]
    parts += [f"<li>{html.escape(labels.get(k, k))} : {html.escape(v)}</li>" for k, v in national.sources.items()]
    parts.append(f"<li>Règles : {html.escape(national.rules.name)} — {html.escape(national.rules.source)}</li></ul>")
    r = national.result
    notes = list(national.notes) + (list(r.report.notes) if r is not None else []) + map_notes
    if notes:
        parts.append("<h2>Avertissements</h2><ul>")
        parts += [f"<li class='warning'>{html.escape(n)}</li>" for n in dict.fromkeys(notes)]
        parts.append("</ul>")
    return parts


def _regions_section(national: NationalZoning, region_names: pd.Series | None = None) -> list[str]:
    parts = ["<h2>Sélection nationale et vivier, par région</h2>"]
    cols = {"code_region": "Région", "nom_region": "Nom", "population": "Population", "tvs": "TVS",
            "national_selection_share": "Sélection nationale", "vivier_share": "Vivier",
            "hors_vivier_share": "Hors vivier"}  # fmt: skip
    if national.result is not None:
        cols.update({"zip_share": "ZIP", "zac_share": "ZAC", "zv_share": "ZV", "hv_share": "HV"})
    parts.append(
        _table(name_regions(national.regions, region_names), cols, percent=[c for c in cols if c.endswith("_share")])
    )
    if national.result is None:
        parts.append(
            "<p>Sans plafonds régionaux, seuls la sélection nationale (ZIP d'office) et le vivier sont "
            "déterminés ; le choix des ZIP complémentaires et des ZAC revient aux ARS.</p>"
        )
    return parts


def _zoning_section(national: NationalZoning, tables: ZoningTables) -> list[str]:
    r = national.result
    if r is None:
        return []
    parts = ["<h2>Plafonds et marge, par région (comptabilité de l'application DREES)</h2>"]
    parts.append(
        _table(
            with_region_names(r.report.regions),
            {
                "code_region": "Région",
                "nom_region": "Nom",
                "decided_by": "Choix",
                "zip_share_percent": "ZIP (%)",
                "zip_limit": "Plafond ZIP (hab.)",
                "zac_share_percent": "ZAC (%)",
                "zac_limit": "Plafond ZAC (hab.)",
                "hv_margin_percent": "Marge hors vivier (%)",
                "inherited_population": "Hérités (hab.)",
            },
        )  # fmt: skip
    )
    v = r.report.violations
    parts.append(
        f"<h2>Contrôles</h2><p>{len(r.report.errors)} règle(s) enfreinte(s), "
        f"{len(v) - len(r.report.errors)} avertissement(s).</p>"
    )
    if len(v):
        parts.append(_table(with_region_names(v), {"severity": "Gravité", "code_region": "Région", "nom_region": "Nom",
                                                   "rule": "Règle", "message": "Détail"}))  # fmt: skip
    if tables.diff is not None:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in tables.diff.describe(language="fr"))
        parts.append(f"<h2>Évolution par rapport au zonage en vigueur</h2><ul>{items}</ul>")
        parts.append(f"<p>{len(r.changes)} TVS changent de classe (changes.csv).</p>")
    return parts


def _selection_comparison_section(national: NationalZoning, region_names: pd.Series | None) -> list[str]:
    """The comparisons without caps: national selection / ZIP, national selection + vivier / ZIP + ZAC."""
    from .messages import comparison as msg
    from .zoning.diff import NATIONAL

    sel = national.selection_comparison
    if sel is None:
        return []
    nat = sel.regions.set_index("code_region").loc[NATIONAL].to_dict()
    parts = ["<h2>Comparaison avec le zonage publié : sélection nationale et vivier</h2>",
             f"<p>{html.escape(msg.selection_intro())}</p><p>{html.escape(msg.ZAR_RULE_SELECTION)}</p><ul>"]  # fmt: skip
    for name, sides in msg.SELECTION_COMPARISONS.items():
        line = msg.agreement_line(
            what=f"{sides[0]} / {sides[1]}", agreement=float(nat[f"agreement_population_{name}"]),
            agreement_communes=float(nat[f"agreement_communes_{name}"]), kappa=float(nat[f"kappa_communes_{name}"]),
            kappa_population=float(nat[f"kappa_population_{name}"]),
            without_zar=float(nat[f"agreement_population_excluding_zar_{name}"]),
        )  # fmt: skip
        parts.append(f"<li>{html.escape(line)}</li>")
    parts.append(
        f"<li>{html.escape(msg.zar_line(population=float(nat['zar_population']), share=float(nat['zar_share'])))}</li></ul>"
    )
    cols = {"code_region": "Région", "nom_region": "Nom", "compared_population": "Population comparée",
            "zar_share": "Part en ZAR"}  # fmt: skip
    for name in msg.SELECTION_COMPARISONS:
        short = "SN / ZIP" if name == "selection_nationale_zip" else "SN + vivier / ZIP + ZAC"
        cols[f"agreement_population_{name}"] = f"Accord {short}"
        cols[f"kappa_communes_{name}"] = f"Kappa {short}"
        cols[f"agreement_population_excluding_zar_{name}"] = f"Accord hors ZAR {short}"
    percent = [c for c in cols if c.startswith("agreement") or c == "zar_share"]
    parts.append(_table(name_regions(sel.regions, region_names), cols, percent=percent, decimals=3))
    t = sel.table().rename(columns=msg.CATEGORY_LABELS).rename_axis("Zonage publié").reset_index()
    parts.append("<h3>Population : zonage publié (lignes, ZAR à part) × catégorie calculée (colonnes)</h3>")
    parts.append(_table(t, {str(c): str(c) for c in t.columns}, decimals=0))
    wrong = disagreement_table(national)
    if len(wrong):
        top = wrong.head(30).reset_index()
        parts.append(f"<h3>{html.escape(msg.disagreement_title(count=len(wrong)))}</h3>")
        parts.append(
            _table(
                top,
                {
                    "code_commune": "Code",
                    "nom": "Commune",
                    "code_tvs": "TVS",
                    "apl": "APL ≤ 65 ans",
                    "tvs_apl": "APL du TVS",
                    "population": "Population",
                    "classe_calculee": "Calculé",
                    "classe_publiee": "Publié",
                },
                decimals=2,
            )  # fmt: skip
        )
        parts.append("<p>Liste complète : communes_desaccord.csv. Parts réalisées par le zonage publié, réutilisables "
                     f"avec --caps : plafonds_realises.csv ({html.escape(msg.CAPS_SOURCE)}).</p>")  # fmt: skip
    return parts


def _comparison_section(national: NationalZoning, region_names: pd.Series | None = None) -> list[str]:
    from .messages.comparison import ZAR_RULE_CLASSES

    c = national.comparison
    if c is None:
        return []
    parts = ["<h2>Comparaison avec le zonage publié : classes</h2><ul>"]
    parts += [f"<li>{html.escape(line)}</li>" for line in c.describe()]
    parts.append(f"<li>{html.escape(ZAR_RULE_CLASSES)}</li></ul>")
    parts.append(
        _table(
            name_regions(c.regions, region_names),
            {
                "code_region": "Région",
                "nom_region": "Nom",
                "agreement_population_excluding_zar": "Accord hors ZAR",
                "compared_population": "Population comparée",
                "agreement_population": "Accord (population)",
                "agreement_communes": "Accord (communes)",
                "kappa_communes": "Kappa (communes)",
                "kappa_population": "Kappa (population)",
                "moving_population": "Population changeant de classe",
            },
            percent=["agreement_population", "agreement_communes", "agreement_population_excluding_zar"],
            decimals=3,
        )  # fmt: skip
    )
    t = c.table().reset_index()
    t.columns = [str(x) for x in t.columns]
    parts.append("<h3>Population par classe : zonage publié (lignes) × zonage calculé (colonnes)</h3>")
    parts.append(_table(t, {col: col for col in t.columns}, decimals=0))
    return parts
