"""The DREES workbook read with python-calamine gives exactly the tables openpyxl gave (the reader before).

The reference is computed here with openpyxl itself (its cell values, parsed by the same row parser), on
the real DREES workbook of ``../shared/data``: both APL sheets (every commune, every column, the attributes)
and the ``Paramètres`` sheet.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from access_map.readers.drees import (
    _parse_apl_rows,
    apl_sheet_years,
    parse_parameter_cells,
    read_apl_parameters,
    read_apl_sheet,
    read_apl_sheets,
)
from conftest import shared_path


@pytest.fixture(scope="module")
def workbook():
    return shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")


@pytest.fixture(scope="module")
def openpyxl_rows(workbook):
    wb = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    try:
        return {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}
    finally:
        wb.close()


def test_both_apl_sheets_equal_the_openpyxl_reading(workbook, openpyxl_rows):
    sheets = read_apl_sheets(workbook)
    assert sorted(sheets) == apl_sheet_years(workbook) == [2022, 2023]
    for year, table in sheets.items():
        expected = _parse_apl_rows(openpyxl_rows[f"APL {year}"], name=str(workbook), year=year, known_communes=None)
        assert len(table) > 34_000
        pd.testing.assert_frame_equal(table, expected, check_exact=True)
        assert table.attrs == expected.attrs
    one = read_apl_sheet(workbook, year=2022)
    pd.testing.assert_frame_equal(one, sheets[2022], check_exact=True)


def test_the_parameter_sheet_equals_the_openpyxl_reading(workbook, openpyxl_rows):
    ours = read_apl_parameters(workbook)
    theirs = parse_parameter_cells(openpyxl_rows["Paramètres"], source=f"{workbook} [Paramètres]")
    pd.testing.assert_frame_equal(ours.age_weights, theirs.age_weights, check_exact=True)
    pd.testing.assert_series_equal(ours.age_labels, theirs.age_labels)
    pd.testing.assert_frame_equal(ours.decay, theirs.decay, check_exact=True)
    pd.testing.assert_frame_equal(ours.activity_bounds, theirs.activity_bounds, check_exact=True)
    assert (ours.new_practitioner_acts, ours.field_text, ours.notes) == (
        theirs.new_practitioner_acts,
        theirs.field_text,
        theirs.notes,
    )
