"""Paris, Lyon and Marseille from their municipal arrondissements, and the regions by name (``access_map.communes``).

(``merge_plm_arrondissements`` is the atlas's; these checks add the independent read of the workbook, the
published city populations and the maps drawn by arrondissement.)

The DREES workbook gives the APL of the 45 arrondissements; whole-city contours and per-commune tables need
one value per city: the mean weighted by the standardised population (the workbook's own note), the counts
summed. Checked by hand and against the real workbook read independently with openpyxl, and the city
populations against INSEE's published populations légales 2021.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from access_map.communes import (
    PLM_ARRONDISSEMENTS,
    PLM_CITY_NAMES,
    REGION_NAMES,
    merge_plm_arrondissements,
    region_names,
    with_region_names,
)
from conftest import shared_path


def test_the_45_arrondissements_and_their_cities():
    assert len(PLM_ARRONDISSEMENTS) == 45
    counts = pd.Series(PLM_ARRONDISSEMENTS).value_counts().to_dict()
    assert counts == {"75056": 20, "13055": 16, "69123": 9}
    assert PLM_CITY_NAMES == {"75056": "Paris", "69123": "Lyon", "13055": "Marseille"}
    assert [PLM_ARRONDISSEMENTS.get(c) for c in ("75120", "69389", "13216", "13201", "33063")] == [
        "75056", "69123", "13055", "13055", None,
    ]  # fmt: skip


def test_weighted_mean_by_hand():
    # Lyon 1er: APL 3, weight 100; Lyon 2e: APL 6, weight 200; Lyon 3e missing; Lyon 4e weight 0
    table = pd.DataFrame(
        {"apl": [3.0, 6.0, np.nan, 9.0, 1.5], "w": [100.0, 200.0, 500.0, 0.0, 10.0]},
        index=pd.Index(["69381", "69382", "69383", "69384", "01001"], name="code_commune"),
    )
    out = merge_plm_arrondissements(table, weighted={"apl": "w"})
    assert out.index.tolist() == ["01001", "69123"]
    assert out.loc["69123", "apl"] == pytest.approx((3 * 100 + 6 * 200) / 300)  # = 5.0; NaN and zero weight out
    assert out.loc["01001", "apl"] == 1.5


def _workbook_sheet(path, sheet: str) -> pd.DataFrame:
    """The sheet read with openpyxl only (an independent read of the file)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Code commune INSEE")
    body = [r for r in rows[start + 2 :] if r and isinstance(r[0], str) and len(r[0]) == 5]
    return pd.DataFrame(
        {"apl": [r[2] for r in body], "apl_65": [r[3] for r in body], "w": [r[4] for r in body],
         "pop": [r[5] for r in body]},
        index=[r[0] for r in body],
    ).apply(pd.to_numeric, errors="coerce")  # fmt: skip


def test_real_workbook_cities_from_their_arrondissements():
    from access_map.readers.drees import read_apl_sheet

    path = shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")
    table = read_apl_sheet(path, year=2023)
    raw = _workbook_sheet(path, "APL 2023")
    out = merge_plm_arrondissements(
        table[["apl_65", "standardised_population", "population"]],
        weighted={"apl_65": "standardised_population"},
        summed=["standardised_population", "population"],
    )
    for city, prefix in (("75056", "751"), ("69123", "6938"), ("13055", "132")):
        part = raw[raw.index.str.startswith(prefix)]
        assert len(part) == {"75056": 20, "69123": 9, "13055": 16}[city]
        expected = float((part["apl_65"] * part["w"]).sum() / part["w"].sum())
        assert out.loc[city, "apl_65"] == pytest.approx(expected, rel=1e-12)
    assert not out.index.isin(list(PLM_ARRONDISSEMENTS)).any()
    assert len(out) == len(table) - 45 + 3
    # the arrondissements' populations summed: INSEE's populations légales 2021 (population municipale) of the
    # three cities, as published (Paris 2 133 111, Lyon 522 250, Marseille 873 076: 3.53 M residents)
    assert out.loc[["75056", "69123", "13055"], "population"].tolist() == [2133111.0, 522250.0, 873076.0]
    legal = pd.read_csv(
        shared_path("population_legale_insee", "pop_legales_2021_cog2023.csv.gz"), sep=";", dtype={"COM": str}
    )
    legal_cities = legal.assign(city=legal["COM"].map(PLM_ARRONDISSEMENTS)).groupby("city")["PMUN"].sum()
    cities = list(PLM_CITY_NAMES)
    assert out.loc[cities, "population"].tolist() == legal_cities[cities].astype(float).tolist()


def test_region_names_are_the_cog_labels():
    cog = pd.read_csv(shared_path("cog_insee", "regions.csv"), dtype=str).set_index("REG")["LIBELLE"]
    assert REGION_NAMES == cog.to_dict()
    assert region_names(["75", 11, "national", "1.0"]).tolist() == [
        "Nouvelle-Aquitaine", "Île-de-France", "France entière", "Guadeloupe",
    ]  # fmt: skip
    named = with_region_names(pd.DataFrame({"code_region": ["84", "national"], "population": [1.0, 2.0]}))
    assert named.columns.tolist() == ["code_region", "nom_region", "population"]
    assert named["nom_region"].tolist() == ["Auvergne-Rhône-Alpes", "France entière"]


def test_paris_drawn_by_arrondissement_where_the_contours_have_them():
    """The Grand Paris contours have the 20 arrondissements: the zoning maps draw them with their own values."""
    import geopandas as gpd

    from access_map.readers.drees import read_apl_sheet
    from access_map.zoning import national_zoning
    from access_map.zoning_maps import zoning_areas

    table = read_apl_sheet(shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx"), year=2023)
    petite = table[table.index.str[:2].isin(["75", "92"])].assign(code_region="11")
    national = national_zoning(petite, tvs=pd.DataFrame({"code_tvs": petite.index}, index=petite.index))
    grand_paris = gpd.read_file(shared_path("grand_paris_osrm_mta", "metroparis.gpkg"), layer="com")
    contours = grand_paris.set_index("DEPCOM").rename(columns={"LIBCOM": "nom"})[["nom", "geometry"]]
    contours.index.name = "code_commune"
    areas = zoning_areas(national, contours)
    drawn = areas.areas
    arrondissements = [c for c in drawn.index if c.startswith("751")]
    assert len(arrondissements) == 20 and "75056" not in drawn.index
    # each arrondissement keeps its own APL (its own TVS here): no aggregation
    assert drawn.loc[arrondissements, "tvs_apl"].to_dict() == pytest.approx(
        petite.loc[arrondissements, "apl_65"].to_dict()
    )
    assert areas.plm_note(drawn.index).startswith("Paris : arrondissements dessinés")
    assert drawn.loc["75115", "population"] == 227746.0  # Paris 15e, population 2021 of the workbook
