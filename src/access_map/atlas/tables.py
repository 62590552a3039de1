"""The atlas tables from the published APL: communes, TVS, departments, regions, France, change, references.

:func:`atlas_tables` takes the DREES sheets (:class:`PublishedAPL`: one commune table per vintage with its
department, region and TVS) and the territory asked for (departments and/or regions), and returns every
table of the atlas, keyed by file name:

==========================  =====================================================================================
``atlas_communes``           the territory's communes: both APL, populations, TVS and its ≤ 65 APL and class
``atlas_tvs``                the TVS of the territory (whole TVS, even where it crosses the border)
``atlas_departements``       its departments, named, with their region
``atlas_regions``            its regions (those of its departments), named
``atlas_france``             France entière (every commune of the sheet)
``atlas_territoire``         the territory asked for, as one area (its departments and regions together)
``comparaison_territoires``  each department against its region and France, each region against France
``evolution_communes``       commune by commune, earlier → later vintage, with the threshold crossings
``evolution_territoires``    per TVS, department, region and France: both vintages, change, crossings
==========================  =====================================================================================

Area values always come from every commune of the area in the sheet (a department's region reference
is the whole region, even when only the department is asked for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..messages.atlas import FRANCE, LEVEL_NAMES
from .change import area_change, commune_change, crossings_by_area, threshold_classes
from .indicators import APL_COLUMNS, area_indicators

__all__ = ["PublishedAPL", "FRANCE_CODE", "atlas_tables", "select_published", "REFERENCE_COLUMNS"]

#: Code of the whole country in the atlas tables.
FRANCE_CODE = "FR"
#: Indicators compared with the region and France (``comparaison_territoires``).
REFERENCE_COLUMNS: tuple[str, ...] = (
    "apl",
    "apl_65",
    "part_apl_65_le_2_5",
    "part_apl_65_le_4",
    "part_apl_le_2_5",
    "part_apl_le_4",
)


@dataclass(frozen=True)
class PublishedAPL:
    """The sheets of a DREES APL workbook, ready for the atlas.

    Attributes
    ----------
    sheets
        Vintage → commune table (index ``code_commune``: ``nom``, ``apl``, ``apl_65``,
        ``standardised_population``, ``population``, ``code_departement``, ``code_region``, ``code_tvs``,
        ``libelle_tvs``), every commune of the sheet (all France).
    year
        The atlas's vintage.
    previous
        The earlier vintage compared with (``None``: none).
    departement_names, region_names
        Code → name (may be empty: the tables then carry codes only, and a note says so).
    notes
        What the caller should tell the user (TVS source, names missing...).
    """

    sheets: dict[int, pd.DataFrame]
    year: int
    previous: int | None = None
    departement_names: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    region_names: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    notes: tuple[str, ...] = ()

    @property
    def current(self) -> pd.DataFrame:
        """The atlas vintage's commune table."""
        return self.sheets[self.year]


def select_published(
    communes: pd.DataFrame, *, departements: Sequence[str] = (), regions: Sequence[str] = ()
) -> pd.Series:
    """Boolean mask of the communes of the selected departments or regions (every commune without selection).

    Examples
    --------
    >>> c = pd.DataFrame({"code_departement": ["33", "24", "75"], "code_region": ["75", "75", "11"]})
    >>> select_published(c, departements=["33"]).tolist(), select_published(c, regions=["75"]).tolist()
    ([True, False, False], [True, True, False])
    """
    if not departements and not regions:
        return pd.Series(True, index=communes.index)
    return communes["code_departement"].isin(list(departements)) | communes["code_region"].isin(list(regions))


def _named(table: pd.DataFrame, names: pd.Series, *, level: str) -> pd.DataFrame:
    """``table`` indexed by area code, with ``niveau`` and ``nom`` first."""
    out = table.copy()
    out.insert(0, "nom", names.reindex(out.index).to_numpy() if len(names) else np.nan)
    out.insert(0, "niveau", LEVEL_NAMES[level])
    return out


def _area_tables(sheet: pd.DataFrame, mask: pd.Series, published: PublishedAPL) -> dict[str, pd.DataFrame]:
    """TVS, department, region and France indicators of one vintage (areas touched by ``mask``)."""
    tvs_codes = sorted(set(sheet.loc[mask, "code_tvs"].dropna().tolist()))  # tolist: one call, not value by value
    deps = sorted(set(sheet.loc[mask, "code_departement"].dropna().tolist()))
    regs = sorted(set(sheet.loc[mask, "code_region"].dropna().tolist()))
    tvs = area_indicators(sheet, groups=sheet["code_tvs"].rename("code_tvs"))
    tvs = tvs.loc[tvs.index.isin(tvs_codes)]
    tvs_names = sheet.drop_duplicates("code_tvs").set_index("code_tvs")["libelle_tvs"]
    tvs = _named(tvs, tvs_names, level="tvs")
    # the region and department holding most of the TVS's population
    main = sheet.assign(_p=sheet["population"]).sort_values("_p", ascending=False).drop_duplicates("code_tvs")
    tvs.insert(2, "code_departement", main.set_index("code_tvs")["code_departement"].reindex(tvs.index).to_numpy())
    tvs.insert(3, "code_region", main.set_index("code_tvs")["code_region"].reindex(tvs.index).to_numpy())
    tvs["classe_apl_65"] = threshold_classes(tvs["apl_65"])
    dep = area_indicators(sheet, groups=sheet["code_departement"].rename("code_departement"))
    dep = _named(dep.loc[dep.index.isin(deps)], published.departement_names, level="departement")
    region_of = sheet.drop_duplicates("code_departement").set_index("code_departement")["code_region"]
    dep.insert(2, "code_region", region_of.reindex(dep.index).to_numpy())
    dep.insert(3, "nom_region", published.region_names.reindex(dep["code_region"]).to_numpy())
    reg = area_indicators(sheet, groups=sheet["code_region"].rename("code_region"))
    reg = _named(reg.loc[reg.index.isin(regs)], published.region_names, level="region")
    fr = area_indicators(sheet, groups=pd.Series(FRANCE_CODE, index=sheet.index, name="code"))
    fr = _named(fr, pd.Series({FRANCE_CODE: FRANCE}), level="france")
    whole = area_indicators(sheet.loc[mask.to_numpy()], groups=pd.Series("territoire", index=sheet.index, name="code"))
    whole.insert(0, "nom", "territoire")
    whole.insert(0, "niveau", "territoire")
    return {"tvs": tvs, "departement": dep, "region": reg, "france": fr, "territoire": whole}


def _communes(sheet: pd.DataFrame, mask: pd.Series, tvs: pd.DataFrame, published: PublishedAPL) -> pd.DataFrame:
    cols = ["nom", "code_departement", "code_region", "code_tvs", "libelle_tvs", *APL_COLUMNS]
    out = sheet.loc[mask.to_numpy(), cols + ["standardised_population", "population"]].rename(
        columns={"standardised_population": "population_standardisee"}
    )
    out.insert(2, "nom_departement", published.departement_names.reindex(out["code_departement"]).to_numpy())
    out.insert(4, "nom_region", published.region_names.reindex(out["code_region"]).to_numpy())
    for col in APL_COLUMNS:
        out[f"classe_{col}"] = threshold_classes(out[col])
    out["apl_65_tvs"] = tvs["apl_65"].reindex(out["code_tvs"]).to_numpy()
    out["classe_apl_65_tvs"] = threshold_classes(out["apl_65_tvs"])
    return out


def _references(areas: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each department against its region and France; each region against France."""
    france = areas["france"].iloc[0]
    reg = areas["region"]
    rows = []
    for level in ("departement", "region"):
        for code, row in areas[level].iterrows():
            rec: dict[str, object] = {"niveau": row["niveau"], "code": code, "nom": row["nom"]}
            region = reg.loc[row["code_region"]] if level == "departement" and row["code_region"] in reg.index else None
            rec["code_region"] = row["code_region"] if level == "departement" else code
            rec["nom_region"] = row["nom_region"] if level == "departement" else row["nom"]
            for col in REFERENCE_COLUMNS:
                value = float(row[col])
                rec[col] = value
                if level == "departement":
                    rec[f"{col}_region"] = float(region[col]) if region is not None else np.nan
                    rec[f"ecart_{col}_region"] = value - rec[f"{col}_region"]  # type: ignore[operator]
                rec[f"{col}_france"] = float(france[col])
                rec[f"ecart_{col}_france"] = value - float(france[col])
            rows.append(rec)
    return pd.DataFrame(rows).set_index("code")


def _change_tables(published: PublishedAPL, mask_of: dict[int, pd.Series]) -> dict[str, pd.DataFrame]:
    assert published.previous is not None
    y0, y1 = published.previous, published.year
    before, after = published.sheets[y0], published.sheets[y1]
    change = commune_change(before, after, years=(y0, y1))
    selected = change.index.isin(after.index[mask_of[y1].to_numpy()])
    communes = change.loc[selected]
    for col in ("code_departement", "code_region", "code_tvs"):
        communes.insert(1, col, after.loc[communes.index, col])
    parts = []
    areas0 = _area_tables(before, mask_of[y0], published)
    areas1 = _area_tables(after, mask_of[y1], published)
    for level, column in (("tvs", "code_tvs"), ("departement", "code_departement"), ("region", "code_region"),
                          ("france", None)):  # fmt: skip
        a0 = areas0[level].drop(columns=["niveau", "nom"], errors="ignore").select_dtypes("number")
        a1 = areas1[level].drop(columns=["niveau", "nom"], errors="ignore").select_dtypes("number")
        table = area_change(a0, a1, years=(y0, y1))
        groups = (
            after.loc[change.index, column].rename(column)
            if column is not None
            else pd.Series(FRANCE_CODE, index=change.index, name="code")
        )
        crossings = crossings_by_area(change, groups=groups).reindex(table.index).fillna(0)
        table = table.join(crossings)
        table.insert(0, "nom", areas1[level]["nom"].reindex(table.index).to_numpy())
        table.insert(0, "niveau", LEVEL_NAMES[level])
        parts.append(table.rename_axis("code"))
    areas = pd.concat(parts)
    count_cols = [c for c in areas.columns if c.startswith("communes_")]
    areas[count_cols] = areas[count_cols].astype(int)
    communes.attrs = dict(change.attrs)
    return {"evolution_communes": communes, "evolution_territoires": areas}


def atlas_tables(
    published: PublishedAPL, *, departements: Sequence[str] = (), regions: Sequence[str] = ()
) -> dict[str, pd.DataFrame]:
    """Every table of the atlas of the selected departments/regions (France without selection).

    Parameters
    ----------
    published
        The DREES sheets with their areas (:class:`PublishedAPL`).
    departements, regions
        The territory (their union); empty: France.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keyed by table name (see the module docstring); ``evolution_*`` only with ``published.previous``.

    Examples
    --------
    >>> sheet = pd.DataFrame({"nom": ["A", "B", "C"], "apl": [2.0, 5.0, 3.0], "apl_65": [1.5, 4.5, 2.8],
    ...     "standardised_population": [100.0, 300.0, 50.0], "population": [90.0, 310.0, 60.0],
    ...     "code_departement": ["33", "33", "24"], "code_region": ["75", "75", "75"],
    ...     "code_tvs": ["T1", "T1", "T2"], "libelle_tvs": ["Tun", "Tun", "Tdeux"]},
    ...     index=pd.Index(["33001", "33002", "24001"], name="code_commune"))
    >>> t = atlas_tables(PublishedAPL({2023: sheet}, 2023, region_names=pd.Series({"75": "Nouvelle-Aquitaine"})),
    ...                  departements=["33"])
    >>> sorted(t)
    ['atlas_communes', 'atlas_departements', 'atlas_france', 'atlas_regions', 'atlas_territoire', 'atlas_tvs', \
'comparaison_territoires']
    >>> round(float(t["comparaison_territoires"].loc["33", "ecart_apl_region"]), 4)  # 1700/400 - 1850/450
    0.1389
    """
    mask_of = {y: select_published(s, departements=departements, regions=regions) for y, s in published.sheets.items()}
    sheet = published.current
    areas = _area_tables(sheet, mask_of[published.year], published)
    out = {
        "atlas_communes": _communes(sheet, mask_of[published.year], areas["tvs"], published),
        "atlas_tvs": areas["tvs"],
        "atlas_departements": areas["departement"],
        "atlas_regions": areas["region"],
        "atlas_france": areas["france"],
        "atlas_territoire": areas["territoire"],
        "comparaison_territoires": _references(areas),
    }
    if published.previous is not None:
        out.update(_change_tables(published, mask_of))
    return out
