"""The DREES sheets of the atlas with the areas of every commune: :func:`published_apl`.

The commune tables of the atlas are the workbook's own communes (every commune of France, the 45
arrondissements of Paris, Lyon and Marseille included), so that every area value is computed exactly as
the DREES prescribes from what it published. Each commune gets its department (from its code), its
region (the COG department table, else the INSEE table d'appartenance) and its territoire de vie-santé
(a TVS composition, else the bassin-de-vie proxy :func:`~access_map.zoning.tvs_from_bassins_de_vie`).
"""

from __future__ import annotations

import os
import warnings

import pandas as pd

from ..errors import MissingColumnError, SourceError
from ..messages.atlas import (
    NEEDS_REGIONS,
    NEEDS_TVS,
    NO_APL_SHEET,
    bad_previous_year,
    communes_without_region,
    names_missing,
    no_previous_sheet,
    no_sheet_of_year,
    tvs_source_file,
    tvs_source_proxy,
    workbook_communes_not_in_tvs,
)
from ..territory.selection import departement_of_code
from .tables import PublishedAPL

__all__ = ["published_apl", "choose_years"]


def choose_years(available: list[int], *, year: int | None, previous_year: int | None) -> tuple[int, int | None]:
    """The atlas vintage (default the latest sheet) and the one it is compared with (default the one before).

    ``previous_year=0`` asks for no comparison.

    Examples
    --------
    >>> choose_years([2022, 2023], year=None, previous_year=None), choose_years([2023], year=None, previous_year=None)
    ((2023, 2022), (2023, None))
    >>> choose_years([2021, 2022, 2023], year=2022, previous_year=0)
    (2022, None)
    """
    if not available:
        raise SourceError(NO_APL_SHEET)
    current = max(available) if year is None else int(year)
    if current not in available:
        raise SourceError(no_sheet_of_year(year=current, years=available))
    if previous_year == 0:
        return current, None
    if previous_year is None:
        earlier = [y for y in available if y < current]
        return current, (max(earlier) if earlier else None)
    if previous_year not in available or previous_year >= current:
        raise SourceError(bad_previous_year(previous=previous_year, year=current, years=available))
    return current, int(previous_year)


def _regions(codes: pd.Index, departements: pd.Series, departement_table: pd.DataFrame | None,
             appartenance: pd.DataFrame | None, movements: pd.DataFrame | None) -> pd.Series:  # fmt: skip
    if departement_table is not None and "code_region" in departement_table.columns:
        regions = departements.map(departement_table["code_region"].astype(object))
        if regions.notna().all() or appartenance is None:
            return regions
        from ..zoning.bassins import regions_from_appartenance

        return regions.fillna(regions_from_appartenance(codes, appartenance, movements=movements))
    if appartenance is not None:
        from ..zoning.bassins import regions_from_appartenance

        return regions_from_appartenance(codes, appartenance, movements=movements)
    raise MissingColumnError(NEEDS_REGIONS)


def published_apl(
    workbook: str | os.PathLike[str],
    *,
    year: int | None = None,
    previous_year: int | None = None,
    departement_table: pd.DataFrame | None = None,
    region_table: pd.DataFrame | None = None,
    tvs: pd.DataFrame | None = None,
    tvs_file: str = "",
    appartenance: pd.DataFrame | None = None,
    movements: pd.DataFrame | None = None,
    threshold_population: float = 50_000,
    sheets: dict[int, pd.DataFrame] | None = None,
) -> PublishedAPL:
    """Read the DREES workbook's sheets and give every commune its department, region and TVS.

    Parameters
    ----------
    workbook
        The DREES APL workbook (``apl_generalistes_2022_2023_drees.xlsx``).
    year, previous_year
        Vintages (:func:`choose_years`: default the latest sheet and the one before it; ``0`` = no
        comparison).
    departement_table, region_table
        Department (``nom``, ``code_region``) and region (``nom``) tables indexed by code, e.g.
        :attr:`access_map.territory.Territory.departement_table`.
    tvs, tvs_file
        A TVS composition (:func:`~access_map.readers.zonage.read_tvs`) and its file name; default: the
        proxy from ``appartenance``.
    appartenance, movements
        The INSEE table d'appartenance (regions, TVS proxy) and the COG events (communes of another COG).
    threshold_population
        Split threshold of the TVS proxy.
    sheets
        The sheets already read (:func:`~access_map.readers.drees.read_apl_sheets`), to avoid reading the
        workbook twice.

    Returns
    -------
    PublishedAPL
    """
    from ..readers.drees import read_apl_sheets

    notes: list[str] = []
    if sheets is None:
        sheets = read_apl_sheets(workbook)  # every APL sheet, the workbook opened once
    available = sorted(sheets)
    current, previous = choose_years(available, year=year, previous_year=previous_year)
    if previous is None and previous_year != 0:
        notes.append(no_previous_sheet(year=current, years=available))
    wanted = [y for y in (previous, current) if y is not None]
    sheets = {y: sheets[y] for y in wanted}
    codes = pd.Index(sorted(set().union(*(set(s.index.tolist()) for s in sheets.values()))), name="code_commune")
    departements = departement_of_code(codes.to_series()).set_axis(codes)
    regions = _regions(codes, departements, departement_table, appartenance, movements)
    no_region = codes[regions.isna().to_numpy()]
    if len(no_region):
        raise SourceError(
            communes_without_region(codes=no_region.tolist(), departements=sorted(set(departements[no_region])))
        )
    population = pd.concat([s["population"] for s in reversed(list(sheets.values()))])
    population = population[~population.index.duplicated()].reindex(codes)
    membership, tvs_note = _tvs(codes, population, tvs, tvs_file, appartenance, movements, threshold_population)
    notes.append(tvs_note)
    out: dict[int, pd.DataFrame] = {}
    for y, sheet in sheets.items():
        out[y] = sheet.assign(
            code_departement=departements.reindex(sheet.index).to_numpy(),
            code_region=regions.reindex(sheet.index).to_numpy(),
            code_tvs=membership["code_tvs"].reindex(sheet.index).to_numpy(),
            libelle_tvs=membership["libelle_tvs"].reindex(sheet.index).to_numpy(),
        )
        out[y].attrs = dict(sheet.attrs)
    dep_names = _names(departement_table)
    reg_names = _names(region_table)
    for what, found, names in (("département", departements, dep_names), ("région", regions, reg_names)):
        unnamed = sorted(set(found.dropna()) - set(names.dropna().index))
        if unnamed:
            notes.append(names_missing(what=what, codes=unnamed))
    return PublishedAPL(out, current, previous, dep_names, reg_names, tuple(notes))


def _names(table: pd.DataFrame | None) -> pd.Series:
    if table is None or "nom" not in table.columns:
        return pd.Series(dtype=object)
    return table["nom"].dropna().astype(object)


def _tvs(codes: pd.Index, population: pd.Series, tvs: pd.DataFrame | None, tvs_file: str,
         appartenance: pd.DataFrame | None, movements: pd.DataFrame | None,
         threshold: float) -> tuple[pd.DataFrame, str]:  # fmt: skip
    """TVS of every workbook commune (a commune the composition lacks is a TVS of its own, with a warning)."""
    if tvs is not None:
        membership = tvs[["code_tvs", "libelle_tvs"]].reindex(codes)
        lacking = codes[membership["code_tvs"].isna().to_numpy()]
        if len(lacking):
            warnings.warn(
                workbook_communes_not_in_tvs(codes=lacking.tolist(), file=tvs_file), UserWarning, stacklevel=3
            )
            membership.loc[lacking, "code_tvs"] = lacking
        return membership, tvs_source_file(file=tvs_file, tvs=int(membership["code_tvs"].nunique()))
    if appartenance is None:
        raise MissingColumnError(NEEDS_TVS)
    from ..zoning.bassins import tvs_from_bassins_de_vie

    proxy = tvs_from_bassins_de_vie(
        appartenance, population=population.fillna(0.0), threshold_population=threshold, movements=movements
    )
    return proxy, tvs_source_proxy(threshold=threshold, tvs=int(proxy["code_tvs"].nunique()))
