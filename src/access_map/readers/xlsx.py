"""xlsx workbooks: sheet names, cell values, and formulas whose result was never computed.

The cells are read with ``python-calamine`` (Rust), eight times faster than openpyxl on the DREES workbook (two
sheets of 35,000 communes: 1 s, not 8 s); they come as openpyxl gives them: an empty cell is ``None`` and a whole
number an ``int``.

An xlsx file stores, for a formula, its text and the value last computed by the program that saved it. A program
that writes formulas without computing them (openpyxl, some exports and scripts) leaves that value empty: every
reader then sees an empty cell. :meth:`Workbook.rows` refuses such a sheet, naming the cells and saying how to
compute them, rather than letting the numbers go missing without a reason.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from ..errors import SourceError
from ..messages import readers as R
from ._io import PathLike

__all__ = ["Workbook", "open_workbook", "sheet_names", "uncomputed_formulas"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
#: A formula element, in any namespace prefix (``<f>``, ``<f t="shared" .../>``, ``<x:f>``).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part inside the zip."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {el.get("Id"): str(el.get("Target")) for el in rels if el.tag.endswith("Relationship")}
    out = {}
    for el in book.iter(f"{_MAIN}sheet"):
        target = targets.get(el.get(f"{_REL}id"))
        if target is not None:
            path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            out[str(el.get("name"))] = path
    return out


def uncomputed_formulas(path: PathLike, sheet: str) -> list[str]:
    """References of the cells of ``sheet`` holding a formula whose value was never computed.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "APL 2023"
    >>> ws.append(["Code commune", "APL"]); ws.append(["01001", "=2*1.25"]); ws.append(["01002", 3.0])
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.xlsx"); wb.save(p)
    >>> uncomputed_formulas(p, "APL 2023")
    ['B2']
    """
    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_paths(zf).get(sheet)
            if part is None:
                return []
            data = zf.read(part)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return []  # not a plain xlsx (xls, xlsb, ods): calamine reads it, and no formula is left without value
    if not _FORMULA_TAG.search(data):
        return []  # the common case (the DREES workbook holds values only): no XML parsing
    found = []
    for cell in ElementTree.fromstring(data).iter(f"{_MAIN}c"):
        formula = cell.find(f"{_MAIN}f")
        if formula is None:
            continue
        value = cell.find(f"{_MAIN}v")
        inline = cell.find(f"{_MAIN}is")
        if (value is None or not (value.text or "").strip()) and inline is None:
            found.append(str(cell.get("r", "?")))
    return found


class Workbook:
    """A workbook read with ``python-calamine``: its sheet names and the cell values of a sheet.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "APL 2023"
    >>> ws.append(["Code commune", "APL"]); ws.append(["01001", 2.5]); ws.append(["01002", "=2*1.5"])
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.xlsx"); wb.save(p)
    >>> book = open_workbook(p)
    >>> try:
    ...     book.rows("APL 2023")
    ... except SourceError as e:
    ...     print(str(e).split(" : ")[1])
    ... finally:
    ...     book.close()
    1 cellule contient une formule dont le résultat n'a jamais été calculé (B3)
    """

    def __init__(self, path: PathLike) -> None:
        from python_calamine import CalamineWorkbook

        self.path = path
        try:
            self._book = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # CalamineError, zip or XML errors...
            raise SourceError(R.classeur_illisible(source=str(path), raison=exc)) from exc
        self.sheetnames: list[str] = list(self._book.sheet_names)

    def __getitem__(self, sheet: str) -> Any:
        return self._book.get_sheet_by_name(sheet)

    def rows(self, sheet: str) -> list[list[object]]:
        """The cell values of ``sheet``, row by row from the first; refused if a formula was never computed."""
        ws = self[sheet]
        try:
            rows = ws.to_python(skip_empty_area=False)
        except Exception as exc:
            raise SourceError(R.classeur_illisible(source=f"la feuille {ws.name!r}", raison=exc)) from exc
        missing = uncomputed_formulas(self.path, sheet)
        if missing:
            raise SourceError(R.formules_non_calculees(source=str(self.path), feuille=sheet, cellules=missing))
        return [
            [None if c == "" else int(c) if isinstance(c, float) and c.is_integer() else c for c in r] for r in rows
        ]

    def close(self) -> None:
        self._book.close()


def _refuse_bomb(path: Path) -> None:
    """Refuse an xlsx whose parts announce more than the input bound, or an implausible compression ratio."""
    from ..messages import validation as M
    from ._io import MAX_COMPRESSION_RATIO, MAX_INPUT_ENV, RATIO_FLOOR_BYTES, max_input_bytes

    try:
        with zipfile.ZipFile(path) as zf:
            announced = sum(info.file_size for info in zf.infolist())
    except (OSError, zipfile.BadZipFile):
        return  # not a zip (xls, ods...): calamine says what it is
    limit = max_input_bytes()
    if announced > limit:
        raise SourceError(M.decompression_trop_grande(nom=str(path), limite=limit, variable=MAX_INPUT_ENV))
    if announced > RATIO_FLOOR_BYTES and announced > MAX_COMPRESSION_RATIO * path.stat().st_size:
        raise SourceError(M.decompression_suspecte(nom=str(path), ratio=MAX_COMPRESSION_RATIO, lu=announced))


def open_workbook(path: PathLike) -> Workbook:
    """Open the xlsx ``path``: a missing file, a pipe or a device, or a decompression bomb, is refused first."""
    from ._io import require_regular_file

    checked = require_regular_file(Path(path))
    _refuse_bomb(checked)
    return Workbook(checked)


def sheet_names(path: PathLike) -> list[str]:
    """Sheet names from the workbook's ``xl/workbook.xml`` (fast: the cells and shared strings are not read).

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> wb = openpyxl.Workbook(); wb.active.title = "Paramètres"; _ = wb.create_sheet("APL 2022")
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.xlsx"); wb.save(p)
    >>> sheet_names(p)
    ['Paramètres', 'APL 2022']
    """
    try:
        with zipfile.ZipFile(path) as zf:
            root = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        wb = open_workbook(path)  # raises the reader's SourceError for a missing or broken file
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    return [str(el.get("name")) for el in root.iter() if el.tag.endswith("}sheet") and el.get("name")]
