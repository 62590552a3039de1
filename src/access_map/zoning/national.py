"""National zoning from the official DREES APL workbook: every region in one run.

:func:`national_zoning` takes what an analyst downloads — the DREES workbook
(``APL AAAA`` sheet: APL to GPs aged 65 or less, standardised and total population), a TVS
composition (DREES's, or the :func:`~access_map.zoning.tvs_from_bassins_de_vie` proxy
built from the INSEE table d'appartenance) and the regional caps — and returns the
zoning of every region (:func:`~access_map.zoning.compute_zoning`), a per-region summary
and, with a published zoning, the comparison with it.

Without caps the regional choices (ZIP B, ZAC) cannot be made: the result then holds the
**national selection and the vivier** only — per TVS its category, per region the
population in national selection, vivier and hors vivier.

Regions come from the TVS composition (DREES's file has ``code_reg``), else from the table
d'appartenance (municipal arrondissements and COG changes followed), else from a
``code_region`` column of the commune table.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._validate import DropReport
from ..errors import InvalidValueError, MissingColumnError
from ..messages import territory as msg_territory
from ..messages import zoning as msg
from .bassins import regions_from_appartenance, tvs_from_bassins_de_vie
from .compare import SelectionComparison, ZoningComparison, caps_from_zoning, compare_selection, compare_zonings
from .inputs import prepare_communes
from .phases import tvs_categories
from .results import ZoningResult
from .rules import ZoningRules
from .selection import compute_zoning
from .tvs import CATEGORIES, tvs_membership

__all__ = ["NationalZoning", "national_zoning", "selection_summary", "disagreement_table"]


@dataclass(frozen=True)
class NationalZoning:
    """Result of :func:`national_zoning`.

    Attributes
    ----------
    communes
        Index ``code_commune``: ``nom`` (when known), ``code_tvs``, ``libelle_tvs``,
        ``code_region``, ``apl`` (the APL used), ``standardised_population``,
        ``population``, ``tvs_apl``, ``category`` and, with caps, ``zonage``,
        ``subclass``, ``drees_code``.
    categories
        Phase 1 per TVS (APL, computed / DREES / used category, population, regions).
    regions
        Per region and nationally (``code_region`` = ``national``): population, TVS,
        population and share in national selection, vivier, hors vivier and without APL
        and, with caps, in ZIP / ZAC / ZV / HV.
    result
        The full :class:`~access_map.zoning.ZoningResult` (None without caps).
    comparison
        With a published zoning and caps: :class:`~access_map.zoning.ZoningComparison`.
    selection_comparison
        With a published zoning (caps or not): the national selection against the published ZIP and the
        national selection + vivier against ZIP + ZAC (:class:`~access_map.zoning.SelectionComparison`).
    realised_caps
        With a published zoning: the regional ZIP and ZAC shares it realises
        (:func:`~access_map.zoning.caps_from_zoning`; not the arrêté's caps).
    published
        The published class per commune (normalised), with a published zoning.
    tvs
        The TVS composition used (with ``kind`` for the bassin-de-vie proxy).
    rules
        The rules used.
    notes
        Facts that matter to the result (APL column, TVS source, dropped communes...).
    sources
        What was read: ``apl`` (workbook and sheet), ``apl_column``, ``tvs``, ``caps``.
    """

    communes: pd.DataFrame
    categories: pd.DataFrame
    regions: pd.DataFrame
    result: ZoningResult | None
    comparison: ZoningComparison | None
    tvs: pd.DataFrame
    rules: ZoningRules
    notes: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    selection_comparison: SelectionComparison | None = None
    realised_caps: pd.DataFrame | None = None
    published: pd.Series | None = None


def selection_summary(communes: pd.DataFrame) -> pd.DataFrame:
    """Population per national category (and per class when zoned), per region and nationally.

    ``communes`` has ``code_region``, ``code_tvs``, ``population``, ``category`` and
    optionally ``zonage``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"code_region": ["75", "75", "76"], "code_tvs": ["A", "B", "C"],
    ...                   "population": [100.0, 300.0, 600.0],
    ...                   "category": ["national_selection", "vivier", "hors_vivier"]})
    >>> s = selection_summary(c).set_index("code_region")
    >>> float(s.loc["75", "national_selection_share"]), float(s.loc["national", "vivier_population"])
    (0.25, 300.0)
    """
    groups: list[tuple[str, pd.DataFrame]] = [(str(r), g) for r, g in communes.groupby("code_region", sort=True)]
    groups.append(("national", communes))
    rows = []
    for region, g in groups:
        total = float(g["population"].sum())
        row: dict[str, object] = {"code_region": region, "population": total, "tvs": int(g["code_tvs"].nunique())}
        for cat in CATEGORIES:
            pop = float(g.loc[g["category"] == cat, "population"].sum())
            row[f"{cat}_population"] = pop
            row[f"{cat}_share"] = pop / total if total > 0 else np.nan
            row[f"{cat}_tvs"] = int(g.loc[g["category"] == cat, "code_tvs"].nunique())
        row["no_apl_population"] = float(g.loc[g["category"].isna(), "population"].sum())
        if "zonage" in g.columns:
            for klass in ("ZIP", "ZAC", "ZV", "HV"):
                pop = float(g.loc[g["zonage"] == klass, "population"].sum())
                row[f"{klass.lower()}_population"] = pop
                row[f"{klass.lower()}_share"] = pop / total if total > 0 else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def _read_apl(apl: pd.DataFrame | str | os.PathLike[str], year: int | None) -> tuple[pd.DataFrame, str]:
    if isinstance(apl, pd.DataFrame):
        return apl.copy(), str(apl.attrs.get("source", msg.SOURCE_TABLE_DES_COMMUNES))
    from ..readers.drees import read_apl_sheet

    table = read_apl_sheet(apl, year=year)
    return table, msg.source_apl(path=apl, year=table.attrs.get("year", year))


def _regions(
    table: pd.DataFrame,
    tvs: pd.DataFrame | None,
    appartenance: pd.DataFrame | None,
    movements: pd.DataFrame | None,
) -> tuple[pd.Series, str]:
    codes = table.index
    if tvs is not None and "code_region" in tvs.columns:
        reg = tvs["code_region"].reindex(codes)
        if reg.notna().all() or appartenance is None:
            return reg, msg.SOURCE_TVS_CODE_REGION
        filled = reg.fillna(regions_from_appartenance(codes, appartenance, movements=movements))
        return filled, msg.SOURCE_TVS_COMPLETEE
    if appartenance is not None:
        return regions_from_appartenance(codes, appartenance, movements=movements), msg.SOURCE_APPARTENANCE
    if "code_region" in table.columns:
        return table["code_region"], msg.SOURCE_COMMUNES_CODE_REGION
    raise MissingColumnError(msg.PAS_DE_REGION)


def national_zoning(
    apl: pd.DataFrame | str | os.PathLike[str],
    *,
    year: int | None = None,
    tvs: pd.DataFrame | None = None,
    appartenance: pd.DataFrame | None = None,
    movements: pd.DataFrame | None = None,
    caps: pd.DataFrame | None = None,
    rules: ZoningRules | None = None,
    apl_column: str | None = None,
    threshold_population: float = 50_000,
    in_force: pd.DataFrame | pd.Series | None = None,
    compare_with: pd.DataFrame | pd.Series | None = None,
    selection: pd.DataFrame | None = None,
    policy: Literal["skip", "stop", "in_force"] | None = None,
    qpv: pd.DataFrame | None = None,
    qpv_selection: pd.DataFrame | pd.Series | None = None,
    grands_quartiers: pd.DataFrame | None = None,
    complete_with_policy: bool = False,
) -> NationalZoning:
    """Zoning of every region from the DREES APL workbook.

    Parameters
    ----------
    apl
        The DREES workbook (path; ``year`` picks the ``APL AAAA`` sheet) or a commune
        table already read (index ``code_commune``; ``apl_65`` or ``apl``,
        ``standardised_population``, ``population``).
    year
        Vintage of the workbook sheet (2022, 2023...).
    tvs
        TVS composition (:func:`~access_map.readers.zonage.read_tvs`); default: the
        bassin-de-vie proxy :func:`~access_map.zoning.tvs_from_bassins_de_vie` (needs
        ``appartenance``). TVS communes absent from the APL table are left out and noted.
    appartenance
        INSEE table d'appartenance (:func:`~access_map.readers.appartenance.read_appartenance`):
        regions, and the TVS proxy.
    movements
        COG events (:func:`access_map.cog.read_cog_movements`) to place communes of another
        COG vintage in the table d'appartenance.
    caps
        Regional caps (:func:`~access_map.readers.zonage.read_zoning_caps`), one row per
        region. Without caps: national selection and vivier only.
    rules
        Default :meth:`ZoningRules.revision_2021` (the application's rules).
    apl_column
        Default ``apl_65`` (GPs aged 65 or less, the zoning's variant) when the table has
        it, else ``apl`` with a note.
    threshold_population
        Bassin-de-vie split threshold of the TVS proxy.
    in_force, selection, policy, qpv, qpv_selection, grands_quartiers, complete_with_policy
        Passed to :func:`~access_map.zoning.compute_zoning` (with caps).
    compare_with
        A published zoning per commune (``read_zoning(...)``): compared with the computed
        one (with caps).

    Returns
    -------
    NationalZoning

    Examples
    --------
    >>> import pandas as pd
    >>> communes = pd.DataFrame({"apl_65": [2.0, 3.0, 5.0], "standardised_population": [1.0, 1.0, 1.0],
    ...                          "population": [100.0, 300.0, 600.0], "code_region": ["75", "75", "76"]},
    ...                         index=pd.Index(["33001", "33002", "24001"], name="code_commune"))
    >>> tvs = pd.DataFrame({"code_tvs": ["A", "B", "C"]}, index=communes.index)
    >>> n = national_zoning(communes, tvs=tvs)  # no caps: national selection and vivier only
    >>> n.result is None, n.regions.set_index("code_region").loc["75", "vivier_share"]
    (True, np.float64(0.75))
    """
    rules = rules or ZoningRules.revision_2021()
    notes: list[str] = []
    table, apl_source = _read_apl(apl, year)
    if apl_column is None:
        apl_column = "apl_65" if "apl_65" in table.columns else "apl"
        if apl_column != "apl_65":
            notes.append(msg.APL_TOUS_AGES)
    tvs, tvs_source = _tvs_composition(tvs, table, appartenance, movements, threshold_population, notes)
    regions, region_source = _regions(table, tvs, appartenance, movements)
    communes, members, categories, dropped = _categories(table, tvs, regions, apl_column, rules, notes)
    result = None
    comparison = None
    selection_cmp = realised = published_classes = None
    if compare_with is not None:
        selection_cmp, realised, published_classes = _compare_selection(communes, compare_with, notes)
    if caps is not None:
        zoning_kw = dict(selection=selection, policy=policy, qpv=qpv, qpv_selection=qpv_selection,
                         in_force=in_force, grands_quartiers=grands_quartiers,
                         complete_with_policy=complete_with_policy)  # fmt: skip
        result = _zone(communes, members, caps, rules, notes, zoning_kw)
        if compare_with is not None:
            published = compare_with["zonage"] if isinstance(compare_with, pd.DataFrame) else compare_with
            pop = communes["population"].reindex(communes.index.union(published.index.astype(str)))
            reg = communes["code_region"].reindex(pop.index)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                comparison = compare_zonings(
                    communes["zonage"], published, population=pop.fillna(0.0), regions=reg.fillna("unknown")
                )
            notes += [str(w.message) for w in caught]
    if dropped:
        notes.append(str(dropped))
    regions_table = selection_summary(communes)
    sources = {"apl": apl_source, "apl_column": apl_column, "tvs": tvs_source, "regions": region_source,
               "caps": msg_territory.PLAFONDS_DONNES if caps is not None else msg_territory.SANS_PLAFONDS}  # fmt: skip
    return NationalZoning(
        communes, categories, regions_table, result, comparison, tvs, rules, tuple(notes), sources,
        selection_comparison=selection_cmp, realised_caps=realised, published=published_classes,
    )  # fmt: skip


def _compare_selection(
    communes: pd.DataFrame, compare_with: pd.DataFrame | pd.Series, notes: list[str]
) -> tuple[SelectionComparison, pd.DataFrame, pd.Series]:
    """The comparisons without caps and the shares the published zoning realises, on the APL's communes."""
    from .diff import _normalise_classes

    published = compare_with["zonage"] if isinstance(compare_with, pd.DataFrame) else compare_with
    published = _normalise_classes(published)
    outside = published.index.difference(communes.index)
    if len(outside):
        notes.append(msg.communes_publiees_hors_apl(communes=outside.tolist()))
    published = published.reindex(communes.index)
    selection = compare_selection(
        communes["category"], published, population=communes["population"], regions=communes["code_region"]
    )
    realised = caps_from_zoning(published, population=communes["population"], regions=communes["code_region"])
    return selection, realised, published


def _tvs_composition(
    tvs: pd.DataFrame | None,
    table: pd.DataFrame,
    appartenance: pd.DataFrame | None,
    movements: pd.DataFrame | None,
    threshold_population: float,
    notes: list[str],
) -> tuple[pd.DataFrame, str]:
    """The TVS composition given, or the bassin-de-vie proxy; and a description of it."""
    if tvs is not None:
        return tvs, msg.SOURCE_TVS
    if appartenance is None:
        raise MissingColumnError(msg.PAS_DE_COMPOSITION_DES_TVS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        proxy = tvs_from_bassins_de_vie(
            appartenance, population=table["population"], threshold_population=threshold_population,
            movements=movements,
        )  # fmt: skip
    notes += [str(w.message) for w in caught]
    kinds = msg.types_de_tvs(kinds=proxy.attrs["kinds"])
    source = msg_territory.tvs_proxy(seuil=threshold_population, types=kinds, scindes=len(proxy.attrs["split_bassins"]))
    return proxy, source


def _categories(
    table: pd.DataFrame,
    tvs: pd.DataFrame,
    regions: pd.Series,
    apl_column: str,
    rules: ZoningRules,
    notes: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, DropReport]:
    """Commune table restricted to the TVS and regions, with each TVS's APL and category (phase 1)."""
    members = tvs_membership(tvs, source=msg.SOURCE_TVS)
    outside = members.index.difference(table.index)
    if len(outside):
        notes.append(msg.communes_des_tvs_hors_apl(communes=outside.tolist()))
        members = members.drop(outside)
    frame = table.assign(code_region=regions.reindex(table.index).to_numpy())
    no_region = frame.index[frame["code_region"].isna().to_numpy()]
    if len(no_region):
        notes.append(msg.communes_sans_region(communes=no_region.tolist()))
        frame = frame.drop(no_region)
        members = members.drop(members.index.intersection(no_region))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        prepared, dropped = prepare_communes(
            frame, members, apl_column=apl_column, weight_column="standardised_population",
            population_column="population", region_column="code_region",
        )  # fmt: skip
        categories = tvs_categories(prepared, members, rules=rules)
    notes += [str(w.message) for w in caught]
    communes = members.join(prepared)
    if "nom" in table.columns:
        communes.insert(0, "nom", table["nom"].reindex(communes.index))
    communes = communes.rename(columns={"weight": "standardised_population"})
    communes["tvs_apl"] = categories["apl"].reindex(communes["code_tvs"]).to_numpy()
    communes["category"] = categories["category"].reindex(communes["code_tvs"]).to_numpy()
    return communes, members, categories, dropped


def _zone(
    communes: pd.DataFrame,
    members: pd.DataFrame,
    caps: pd.DataFrame,
    rules: ZoningRules,
    notes: list[str],
    zoning_kw: dict[str, Any],
) -> ZoningResult:
    """:func:`compute_zoning` on every region; its classes are added to ``communes``."""
    missing = sorted(set(communes["code_region"]) - {str(r).zfill(2) for r in caps.index})
    if missing:
        raise InvalidValueError(msg.regions_sans_plafond_national(regions=missing))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = compute_zoning(
            communes[["apl", "standardised_population", "population", "code_region"]],
            tvs=members,
            caps=caps,
            rules=rules,
            **zoning_kw,
        )
    # the zoning's own warnings are in result.report (violations, notes); keep any other one
    shown = set(result.report.notes) | {msg.avertissement_region(region=r, message=m) for r, m in zip(
        result.report.violations["code_region"], result.report.violations["message"])}  # fmt: skip
    notes += [str(w.message) for w in caught if str(w.message) not in shown]
    for col in ("zonage", "subclass", "drees_code"):
        communes[col] = result.communes[col].reindex(communes.index).to_numpy()
    return result


def disagreement_table(national: NationalZoning) -> pd.DataFrame:
    """The communes whose computed and published zonings disagree, largest population first.

    Without caps a commune disagrees when the national selection and the published ZIP differ, or the
    national selection + vivier and the published ZIP + ZAC; with caps, when the classes differ.

    Returns
    -------
    pandas.DataFrame
        Index ``code_commune``: ``nom``, ``code_region``, ``code_tvs``, ``libelle_tvs``, ``apl`` (the
        APL zoned, ≤ 65 ans), ``tvs_apl``, ``population``, ``classe_calculee``, ``classe_publiee``,
        ``desaccord`` (which comparison(s)). Empty without a published zoning.

    Examples
    --------
    >>> c = pd.DataFrame({"apl_65": [2.0, 3.0, 5.0], "standardised_population": [1.0, 1.0, 1.0],
    ...                   "population": [100.0, 300.0, 600.0], "code_region": ["75", "75", "75"]},
    ...                  index=pd.Index(["33001", "33002", "33003"], name="code_commune"))
    >>> tvs = pd.DataFrame({"code_tvs": ["A", "B", "C"]}, index=c.index)
    >>> n = national_zoning(c, tvs=tvs, compare_with=pd.Series({"33001": "1_ZIP", "33002": "3_HZ", "33003": "1_ZIP"}))
    >>> disagreement_table(n)[["population", "classe_calculee", "classe_publiee"]].values.tolist()
    [[600.0, 'Hors vivier (APL > 4)', 'ZIP'], [300.0, 'Vivier (2,5 < APL ≤ 4)', 'HZ']]
    """
    from ..messages.comparison import CATEGORY_LABELS, SELECTION_COMPARISONS

    columns = ["nom", "code_region", "code_tvs", "libelle_tvs", "apl", "tvs_apl", "population",
               "classe_calculee", "classe_publiee", "desaccord"]  # fmt: skip
    sel = national.selection_comparison
    if sel is None:
        return pd.DataFrame(columns=columns)
    communes = national.communes
    if national.comparison is not None:
        cmp = national.comparison.communes
        wrong = cmp.index[(cmp["compared"] & ~cmp["agree"]).to_numpy()]
        computed = cmp["computed"].reindex(wrong)
        which = pd.Series("classes", index=wrong)
    else:
        cm = sel.communes
        parts = {name: cm["compared"] & ~cm[f"agree_{name}"] for name in SELECTION_COMPARISONS}
        any_wrong = pd.concat(parts, axis=1).any(axis=1)
        wrong = cm.index[any_wrong.to_numpy()]
        computed = cm["category"].reindex(wrong).map(CATEGORY_LABELS)
        which = pd.Series(
            [
                " ; ".join(" / ".join(SELECTION_COMPARISONS[n]) for n, mask in parts.items() if bool(mask[c]))
                for c in wrong
            ],
            index=wrong,
        )
    out = pd.DataFrame(index=pd.Index(wrong, name="code_commune"))
    for col in ("nom", "code_region", "code_tvs", "libelle_tvs", "apl", "tvs_apl", "population"):
        out[col] = communes[col].reindex(wrong) if col in communes.columns else np.nan
    out["classe_calculee"] = computed.to_numpy()
    out["classe_publiee"] = sel.communes["published"].reindex(wrong).to_numpy()
    out["desaccord"] = which.to_numpy()
    return out.sort_values(["population", "nom"], ascending=[False, True], kind="mergesort")[columns]
