"""A workbook whose formulas were saved without their values is refused, saying why and how to fix it.

openpyxl (like some exports) writes a formula without the value a spreadsheet program would have stored beside it;
every reader then sees an empty cell. The same workbook once computed (the value stored, as Excel or LibreOffice
save it) is read with its values; the official DREES workbook holds no formula at all.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from access_map.errors import SourceError
from access_map.readers.drees import read_apl_parameters, read_apl_sheet, read_apl_sheets
from access_map.readers.xlsx import sheet_names, uncomputed_formulas
from conftest import shared_path

HEADER = ["Code commune INSEE", "Commune", "APL aux médecins généralistes",
          "APL aux médecins généralistes de moins de 65 ans", "Population standardisée 2021 pour la médecine générale"]  # fmt: skip


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "APL 2023"
    for row in [HEADER, ["01001", "A", "=2*1.25", "=2.1", 800.0], ["01002", "B", 3.0, 2.0, 900.0]]:
        ws.append(row)
    wb.save(path)
    return path


def _computed(source: Path, target: Path, values: dict[str, str]) -> Path:
    """``source`` as a spreadsheet program saves it: each formula cell keeps its formula and gets its value."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for ref, value in values.items():
                    text, n = re.subn(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>', rf"\g<1><v>{value}</v>", text)
                    assert n == 1, ref
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return target


def test_formulas_never_computed_are_refused_naming_the_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "apl.xlsx")
    with pytest.raises(SourceError) as err:
        read_apl_sheet(path)
    message = str(err.value)
    assert "apl.xlsx [APL 2023] : 2 cellules contiennent une formule dont le résultat n'a jamais été calculé" in message
    assert "(C2, D2)" in message and "Excel ou LibreOffice Calc" in message and "Collage spécial > Valeurs" in message
    with pytest.raises(SourceError, match="jamais été calculé"):
        read_apl_sheets(path)


def test_the_same_workbook_once_computed_is_read_with_its_values(tmp_path: Path) -> None:
    path = _computed(_workbook(tmp_path / "apl.xlsx"), tmp_path / "calcule.xlsx", {"C2": "2.5", "D2": "2.1"})
    assert uncomputed_formulas(path, "APL 2023") == []
    table = read_apl_sheet(path)
    assert table.loc["01001", "apl"] == 2.5 and table.loc["01001", "apl_65"] == 2.1  # the stored values, read
    assert table.loc["01002", "apl"] == 3.0


def test_a_parameters_sheet_with_formulas_never_computed_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Paramètres"
    ws.append(["Tranche d'âge", "Poids 2022"])
    ws.append(["Moins de 5 ans", "=0.93*1"])
    path = tmp_path / "parametres.xlsx"
    wb.save(path)
    with pytest.raises(SourceError, match=r"\[Paramètres\] : 1 cellule contient une formule .* \(B2\)"):
        read_apl_parameters(path)


def test_the_official_drees_workbook_holds_no_formula() -> None:
    path = shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")
    assert {"APL 2022", "APL 2023"} <= set(sheet_names(path))
    assert uncomputed_formulas(path, "APL 2023") == [] and uncomputed_formulas(path, "APL 2022") == []
    assert len(read_apl_sheet(path, year=2023)) > 34_000
