"""Conformance of the DREES readers with the official APL workbook (../shared/data/drees_apl_mg_2022_2023).

Every column is compared with an independent read of the same file (pandas ``read_excel`` on the header row
found by eye: row 9 of each ``APL AAAA`` sheet), and the ``Paramètres`` sheet with the presets of
:mod:`access_map.apl`. Issue 11, observation 1: the ≤65 column ("APL aux médecins généralistes de moins de
65 ans") used to be dropped without a word.
"""

from __future__ import annotations

import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest

from access_map.apl import APLParams
from access_map.decay import DREES_GP_DECAY
from access_map.readers.drees import apl_sheet_years, read_apl_parameters, read_apl_sheet
from access_map.schema import AGE_BANDS
from conftest import shared_path

WORKBOOK = ("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")
# Header of both APL sheets, as printed in the workbook (row 9); the reader's names, in the same order.
HEADERS = {
    "Code commune INSEE": "code_commune",
    "Commune": "nom",
    "APL aux médecins généralistes": "apl",
    "APL aux médecins généralistes de moins de 65 ans": "apl_65",
    "Population standardisée {pop} pour la médecine générale": "standardised_population",
    "Population totale {pop}": "population",
}
# SOURCES.md: 34,964 (2022) and 34,954 (2023) communes; populations of 2020 and 2021.
ROWS = {2022: 34964, 2023: 34954}
POPULATION_YEAR = {2022: 2020, 2023: 2021}


@pytest.fixture(scope="module")
def workbook():
    return shared_path(*WORKBOOK)


def _independent(path, year: int) -> pd.DataFrame:
    """pandas' own read of an APL sheet: header at row 9 (0-based 8), then a units row, then communes."""
    raw = pd.read_excel(path, sheet_name=f"APL {year}", header=8, dtype={"Code commune INSEE": str})
    raw = raw.dropna(how="all", axis=1)
    units = raw.iloc[0]
    assert pd.isna(units["Code commune INSEE"]) and str(units.iloc[2]).startswith("En nombre de consultations")
    return raw.iloc[1:].dropna(subset=["Code commune INSEE"]).set_index("Code commune INSEE")


@pytest.fixture(scope="module", params=[2022, 2023])
def sheet(request, workbook):
    year = request.param
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the official sheet reads without any warning
        table = read_apl_sheet(workbook, year=year)
    return year, table, _independent(workbook, year)


def test_workbook_sheets(workbook):
    assert apl_sheet_years(workbook) == [2022, 2023]
    names = openpyxl.load_workbook(workbook, read_only=True).sheetnames
    assert names == ["Paramètres", "APL 2022", "APL 2023"]


def test_every_column_is_read_with_the_right_name(sheet):
    year, table, ref = sheet
    pop = POPULATION_YEAR[year]
    headers = {h.format(pop=pop): name for h, name in HEADERS.items()}
    assert ref.index.name == "Code commune INSEE"
    assert [headers[c] for c in ref.columns] == table.columns.tolist()  # every column, same order, none dropped
    assert table.attrs["columns"] == {name: h for h, name in headers.items() if name != "code_commune"}
    assert table.attrs["year"] == year and table.attrs["population_year"] == pop


def test_rows_sums_and_values_match_an_independent_read(sheet):
    year, table, ref = sheet
    assert len(table) == len(ref) == ROWS[year]
    assert table.index.tolist() == ref.index.tolist()
    ref = ref.rename(columns={h.format(pop=POPULATION_YEAR[year]): n for h, n in HEADERS.items()})
    for col in ["apl", "apl_65", "standardised_population", "population"]:
        assert table[col].notna().all()
        assert table[col].sum() == pytest.approx(ref[col].astype(float).sum(), rel=1e-12), col
    assert (table["nom"] == ref["nom"]).all()
    sample = ref.sample(200, random_state=year).index
    np.testing.assert_array_equal(
        table.loc[sample, ["apl", "apl_65", "standardised_population", "population"]].to_numpy(float),
        ref.loc[sample, ["apl", "apl_65", "standardised_population", "population"]].to_numpy(float),
    )


def test_the_65_variant_is_the_restricted_supply(sheet):
    year, table, _ = sheet
    # restricting the supply to GPs aged 65 or less can only lower an APL: the two columns are not swapped
    assert (table["apl_65"] <= table["apl"] + 1e-9).all()
    assert (table["apl_65"] < table["apl"]).mean() > 0.5
    # published reading note of each sheet (row 6): L'Abergement-Clémenciat has access to 1,9 consultations
    # (all GPs) and, restricted to GPs aged 65 or less, 1,8 in 2022 and 1,9 in 2023 (rounded to one decimal)
    expected_65 = {2022: 1.8, 2023: 1.9}
    assert round(table.loc["01001", "apl"], 1) == 1.9
    assert round(table.loc["01001", "apl_65"], 1) == expected_65[year]


def test_populations_and_geography(sheet):
    year, table, _ = sheet
    # standardised population sums to the total population (weights are relative to the national mean)
    assert table["standardised_population"].sum() == pytest.approx(table["population"].sum(), rel=1e-6)
    assert {"75101", "69381", "13201", "97101", "97411", "2A004"} <= set(table.index)
    assert not any(c.startswith("976") for c in table.index)  # "France hors Mayotte"
    zero = table.index[table["population"] == 0].tolist()
    assert len(zero) == (3 if year == 2023 else 0)  # three communes of APL 2023 have 0 population


def test_parametres_sheet_matches_the_presets(workbook):
    params = read_apl_parameters(workbook)
    cells = [
        list(r) for r in openpyxl.load_workbook(workbook, read_only=True)["Paramètres"].iter_rows(values_only=True)
    ]
    # independent read of the weight table: the 19 rows after the "Tranche d'âge" row (row 22)
    at = next(i for i, r in enumerate(cells) if r[0] == "Tranche d'âge")
    assert cells[at][1:3] == ["Poids de la tranche d'âge en 2022", "Poids de la tranche d'âge en 2023"]
    raw = cells[at + 1 : at + 20]
    assert params.age_labels.tolist() == [r[0] for r in raw]
    for col, year in ((1, 2022), (2, 2023)):
        assert params.age_weights[year].tolist() == [r[col] for r in raw]
        preset = APLParams.drees_mg(year)
        assert dict(preset.age_weights) == params.age_weights[year].to_dict()
        assert list(preset.age_weights) == list(AGE_BANDS)
        assert preset.max_minutes == 20.0
        assert (preset.min_acts, preset.floor_acts, preset.cap_acts) == (250, 3600, 6000)
        assert preset.new_practitioner_acts == params.new_practitioner_acts == 5400
    # distance decay: < 10 -> 1, 10-15 -> 2/3, 15-20 -> 1/3, > 20 -> 0
    decay = params.decay
    assert decay["max_minutes"].tolist()[:3] == list(DREES_GP_DECAY.breaks)
    assert decay["weight"].tolist()[:3] == pytest.approx(list(DREES_GP_DECAY.weights), abs=1e-15)
    assert decay["weight"].iloc[3] == 0 and np.isnan(decay["max_minutes"].iloc[3])
    # activity bounds: < 250 -> 0; 251-3,600 -> 3,600; 3,601-6,000 -> actual; > 6,000 -> 6,000
    bounds = params.activity_bounds
    assert bounds["max_acts"].tolist()[:3] == [250, 3600, 6000]
    assert bounds["counted_acts"].iloc[[0, 1, 3]].tolist() == [0, 3600, 6000]
    assert np.isnan(bounds["counted_acts"].iloc[2])
    assert params.field_text.startswith("Omnipraticiens libéraux")
