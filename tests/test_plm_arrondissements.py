"""Paris, Lyon and Marseille from their municipal arrondissements, and the regions by name (``access_map.communes``).

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
    PLM_CITIES,
    REGION_NAMES,
    aggregate_plm_arrondissements,
    plm_city_codes,
    region_names,
    sum_plm_arrondissements,
    with_region_names,
)
from access_map.errors import InvalidCodeError
from conftest import shared_path


def test_the_45_arrondissements_and_their_cities():
    assert len(PLM_ARRONDISSEMENTS) == 45
    counts = pd.Series(PLM_ARRONDISSEMENTS).value_counts().to_dict()
    assert counts == {"75056": 20, "13055": 16, "69123": 9}
    assert plm_city_codes(["75120", "69389", "13216", "13201", "33063"]).tolist() == [
        "75056", "69123", "13055", "13055", "33063",
    ]  # fmt: skip


def test_weighted_mean_by_hand():
    # Lyon 1er: APL 3, weight 100; Lyon 2e: APL 6, weight 200; Lyon 3e missing; Lyon 4e weight 0
    apl = pd.Series({"69381": 3.0, "69382": 6.0, "69383": np.nan, "69384": 9.0, "01001": 1.5})
    weights = pd.Series({"69381": 100.0, "69382": 200.0, "69383": 500.0, "69384": 0.0, "01001": 10.0})
    out = aggregate_plm_arrondissements(apl, weights)
    assert out.index.tolist() == ["01001", "69123"]
    assert out["69123"] == pytest.approx((3 * 100 + 6 * 200) / 300)  # = 5.0; NaN and zero weight left out
    assert out["01001"] == 1.5
    # a city none of whose arrondissements counts is NaN, not 0
    assert np.isnan(aggregate_plm_arrondissements(pd.Series({"75101": np.nan}), pd.Series({"75101": 1.0}))["75056"])


def test_a_city_given_whole_and_by_arrondissement_is_refused():
    with pytest.raises(InvalidCodeError, match="75056.*both as a whole city"):
        aggregate_plm_arrondissements(pd.Series({"75056": 4.0, "75101": 5.0}), pd.Series({"75056": 1.0, "75101": 1.0}))
    with pytest.raises(InvalidCodeError, match="both as a whole city"):
        sum_plm_arrondissements(pd.Series({"13055": 1.0, "13201": 2.0}))


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
    out = aggregate_plm_arrondissements(table["apl_65"], table["standardised_population"])
    for city, prefix in (("75056", "751"), ("69123", "6938"), ("13055", "132")):
        part = raw[raw.index.str.startswith(prefix)]
        assert len(part) == {"75056": 20, "69123": 9, "13055": 16}[city]
        expected = float((part["apl_65"] * part["w"]).sum() / part["w"].sum())
        assert out[city] == pytest.approx(expected, rel=1e-12)
    assert not out.index.isin(list(PLM_ARRONDISSEMENTS)).any()
    assert len(out) == len(table) - 45 + 3
    # the arrondissements' populations summed: INSEE's populations légales 2021 (population municipale) of the
    # three cities, as published (Paris 2 133 111, Lyon 522 250, Marseille 873 076: 3.53 M residents)
    cities = sum_plm_arrondissements(table["population"])
    assert cities[["75056", "69123", "13055"]].tolist() == [2133111.0, 522250.0, 873076.0]
    legal = pd.read_csv(
        shared_path("population_legale_insee", "pop_legales_2021_cog2023.csv.gz"), sep=";", dtype={"COM": str}
    )
    legal_cities = legal.assign(city=legal["COM"].map(PLM_ARRONDISSEMENTS)).groupby("city")["PMUN"].sum()
    assert cities[list(PLM_CITIES)].tolist() == legal_cities[list(PLM_CITIES)].astype(float).tolist()


def test_region_names_are_the_cog_labels():
    cog = pd.read_csv(shared_path("cog_insee", "regions.csv"), dtype=str).set_index("REG")["LIBELLE"]
    assert REGION_NAMES == cog.to_dict()
    assert region_names(["75", 11, "national", "1.0"]).tolist() == ["Nouvelle-Aquitaine", "Île-de-France", "France",
                                                                       "Guadeloupe"]  # fmt: skip
    named = with_region_names(pd.DataFrame({"code_region": ["84", "national"], "population": [1.0, 2.0]}))
    assert named.columns.tolist() == ["code_region", "nom_region", "population"]
    assert named["nom_region"].tolist() == ["Auvergne-Rhône-Alpes", "France"]


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
