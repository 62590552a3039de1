"""The one CSV convention of every table the package writes, for analysts who open it in a spreadsheet.

Every command (``refresh``, ``demo``, ``apl``, ``zoning``, ``cpts``, ``msp``, ``scenario``, ``travel``)
writes its CSV tables through :func:`write_csv`:

* **separator** ``;`` and **decimal comma** — what a spreadsheet in French opens in columns with numbers
  (the « CSV (séparateur : point-virgule) » of Excel and LibreOffice; ``read.csv2`` in R;
  ``pandas.read_csv(path, sep=";", decimal=",")``, or :func:`read_csv`);
* **encoding** UTF-8 with a byte-order mark, so that Excel reads the accents; lines end with ``\\r\\n``
  (RFC 4180), so that a cell holding a line break or a carriage return is quoted and stays one cell;
* **numbers in full**: no scientific notation (67 408 052 stays ``67408052``, 1e-7 stays
  ``0,0000001``); a float column whose values are all whole numbers (populations, counts) is written as
  integers; other floats are written with the shortest digits that read back as the same number (Python's
  ``repr``: ``9,99999999999965`` stays so, and a travel time read back by ``apl --times`` gives the same
  APL as the matrix it came from); a number held in a text column (a table mixing labels and figures)
  follows the same rules;
* **text cells that a spreadsheet would run as a formula** — beginning with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return — are prefixed with an apostrophe (OWASP, *CSV injection*): a commune named
  ``=HYPERLINK(…)`` shows as text. Numbers are never prefixed (a ΔAPL of ``-0,41`` stays a number).
  Parquet and GeoPackage outputs keep the values intact; :func:`read_csv` removes the apostrophe again
  (:func:`restore_formulas`, also applied by the package's readers to the names they take from its outputs),
  as Excel and LibreOffice do when they save the sheet;
* the file is written atomically (temporary file, then rename).

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> t = pd.DataFrame({"nom": ["=1+1", "Bordeaux"], "population": [67408052.0, 250000.0],
...                   "apl": [2.5, -1e-7]}, index=pd.Index(["01001", "33063"], name="code_commune"))
>>> write_csv(t, d / "t.csv")
>>> print((d / "t.csv").read_text(encoding="utf-8-sig"))
code_commune;nom;population;apl
01001;'=1+1;67408052;2,5
33063;Bordeaux;250000;-0,0000001
<BLANKLINE>
>>> back = read_csv(d / "t.csv", index_col="code_commune")
>>> back.loc["01001", "nom"], float(back.loc["33063", "apl"])
('=1+1', -1e-07)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._atomic import atomic_path

__all__ = [
    "SEPARATOR",
    "DECIMAL",
    "ENCODING",
    "write_csv",
    "read_csv",
    "neutralise_formulas",
    "restore_formulas",
    "format_csv_number",
]

SEPARATOR = ";"
DECIMAL = ","
ENCODING = "utf-8-sig"
#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"
_NEUTRALISED_PATTERN = r"^'[=+\-@\t\r]"
#: Magnitudes that ``repr`` (and so pandas) writes in positional notation: 1e-4 <= |x| < 1e16.
_POSITIONAL_RANGE = (1e-4, 1e16)


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix with ``'`` the text cells a spreadsheet would evaluate as a formula.

    Examples
    --------
    >>> neutralise_formulas(pd.Series(["=cmd", "+33", "Paris", "\\tx", "-", "@SUM(A1)", 3.5])).tolist()
    ["'=cmd", "'+33", 'Paris', "'\\tx", "'-", "'@SUM(A1)", 3.5]
    """
    if _string_dtype(values) and not values.str.contains(_FORMULA_PATTERN, regex=True, na=False).any():
        return values  # the common case, vectorised
    cells = values.to_numpy(dtype=object)
    mask = np.fromiter((_is_formula(v) for v in cells), dtype=bool, count=len(cells))
    if not mask.any():
        return values
    cells = cells.copy()
    cells[mask] = ["'" + v for v in cells[mask]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def restore_formulas(values: pd.Series) -> pd.Series:
    """Undo :func:`neutralise_formulas`: drop the ``'`` before a formula-like cell (read side).

    Examples
    --------
    >>> restore_formulas(pd.Series(["'=cmd", "'+33", "'Paris", "L'Isle", "'\\r"])).tolist()
    ['=cmd', '+33', "'Paris", "L'Isle", '\\r']
    """
    if _string_dtype(values) and not values.str.contains(_NEUTRALISED_PATTERN, regex=True, na=False).any():
        return values
    cells = values.to_numpy(dtype=object)
    mask = np.fromiter((_is_neutralised(v) for v in cells), dtype=bool, count=len(cells))
    if not mask.any():
        return values
    cells = cells.copy()
    cells[mask] = [v[1:] for v in cells[mask]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object).astype(values.dtype)


def _string_dtype(values: pd.Series) -> bool:
    """A column of text only (pandas ``str``/``string`` dtype), whose ``.str`` methods are vectorised."""
    return isinstance(values.dtype, pd.StringDtype)


def _is_neutralised(value: Any) -> bool:
    return isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_PREFIXES)


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def format_csv_number(value: float) -> str:
    """One float in the CSV convention: positional notation, decimal comma, the shortest digits that read back
    as the same float.

    Examples
    --------
    >>> format_csv_number(67408052.0), format_csv_number(1 / 3), format_csv_number(float("nan"))
    ('67408052', '0,3333333333333333', '')
    >>> format_csv_number(-1e-7), format_csv_number(2.5e17), format_csv_number(-0.0), format_csv_number(9.99999999999965)
    ('-0,0000001', '250000000000000000', '0', '9,99999999999965')
    """
    value = float(value) + 0.0  # -0.0 + 0.0 is 0.0
    if not np.isfinite(value):
        return "" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    text = np.format_float_positional(value, unique=True, trim="-")
    return text.replace(".", DECIMAL)


def _as_float64(values: pd.Series) -> np.ndarray[Any, np.dtype[np.float64]]:
    """A float column as float64, NA as NaN; float32 values keep their own shortest digits (0.1, not 0.10000000149)."""
    if values.dtype == np.float32:
        return np.asarray(values.to_numpy().astype(str), dtype=np.float64) + 0.0
    return values.to_numpy(dtype=np.float64, na_value=np.nan) + 0.0


def _float_column(values: pd.Series) -> pd.Series:
    """Whole numbers as integers; others left as floats where pandas writes them positionally (``repr``), else text."""
    array = _as_float64(values)
    finite = array[np.isfinite(array)]
    has_inf = bool(np.isinf(array).any())
    if not has_inf and finite.size and np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 2**53):
        return pd.Series(array, index=values.index, name=values.name).astype("Int64")
    magnitude = np.abs(finite[finite != 0])
    if not has_inf and np.all((magnitude >= _POSITIONAL_RANGE[0]) & (magnitude < _POSITIONAL_RANGE[1])):
        return pd.Series(_positional_text(array), index=values.index, name=values.name, dtype=object)
    return pd.Series([format_csv_number(v) for v in array], index=values.index, name=values.name, dtype=object)


def _positional_text(array: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.object_]]:
    """Floats that ``repr`` writes positionally, as the text ``DataFrame.to_csv(decimal=",")`` gives them, vectorised.

    pandas formats such a column value by value in Python (``str(v).replace(".", ",", 1)``, NaN as an empty
    cell); numpy's ``astype(str)`` gives the same shortest digits in one call, and a positional number holds
    one ``.`` at most.

    Examples
    --------
    >>> _positional_text(np.array([0.1, 2.0, 1 / 3, np.nan, -1234.5])).tolist()
    ['0,1', '2,0', '0,3333333333333333', '', '-1234,5']
    >>> _positional_text(np.array([])).tolist()
    []
    """
    if not array.size:
        return np.empty(0, dtype=object)  # np.char.replace fails on an empty array
    text = np.char.replace(array.astype(str), ".", DECIMAL).astype(object)
    text[np.isnan(array)] = ""
    return text


def _text_cell(value: Any) -> Any:
    """A cell of a text column: formula-like text neutralised, a float written as a number of the convention."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if isinstance(value, float | np.floating):
        number = float(value)
        if np.isfinite(number) and number == round(number) and abs(number) < 2**53:
            return str(int(number))
        return format_csv_number(number)
    return value


def _column_for_csv(values: pd.Series) -> pd.Series:
    """A column as the CSV shows it: whole floats as integers, other floats formatted, text neutralised."""
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_integer_dtype(values):
        return values
    if pd.api.types.is_float_dtype(values):
        return _float_column(values)
    if pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_timedelta64_dtype(values):
        return values
    if _string_dtype(values):
        return neutralise_formulas(values)
    return values.astype("object").map(_text_cell)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *, index: bool = True) -> None:
    """Write ``frame`` as a CSV in the package's convention (module docstring), atomically.

    Parameters
    ----------
    frame
        The table; its index is written as the first column(s) when ``index`` is true, unless it is the
        default ``0, 1, 2…`` (an unnamed index of other values is written as a column ``index``).
    path
        The ``.csv`` file (``.csv.gz`` is compressed).
    index
        Write the index.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> write_csv(pd.DataFrame({"n": [1.0, None], "part": [0.25, 1e-5], "libellé": ["+a", 67408052.0]}), p)
    >>> p.read_text(encoding="utf-8-sig").splitlines()
    ['n;part;libellé', "1;0,25;'+a", ';0,00001;67408052']
    >>> write_csv(pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("ZIP", "2022"), ("ZIP", "2025")])), p)
    >>> p.read_text(encoding="utf-8-sig").splitlines()[0]
    'ZIP / 2022;ZIP / 2025'
    """
    table = frame.reset_index() if index and not _default_index(frame.index) else frame
    out = pd.DataFrame({i: _column_for_csv(table.iloc[:, i]) for i in range(table.shape[1])}, index=table.index)
    out.columns = pd.Index([_text_cell(_header(c)) for c in table.columns])
    target = Path(path)
    with atomic_path(target) as tmp:
        out.to_csv(
            tmp,
            sep=SEPARATOR,
            decimal=DECIMAL,
            index=False,
            encoding=ENCODING,
            lineterminator="\r\n",
            date_format="%Y-%m-%d",
            compression="gzip" if target.suffix == ".gz" else None,
        )


def _header(column: Any) -> str:
    """One header cell; the levels of a multi-level column joined by `` / ``."""
    if isinstance(column, tuple):
        return " / ".join(str(level) for level in column if str(level) != "")
    return str(column)


def _default_index(idx: pd.Index) -> bool:
    return idx.name is None and isinstance(idx, pd.RangeIndex) and idx.nlevels == 1


def read_csv(
    path: str | os.PathLike[str],
    *,
    index_col: str | Sequence[str] | None = None,
    text_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """Read back a table written by :func:`write_csv` (codes stay text: columns named ``code*`` and ``text_columns``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> write_csv(pd.DataFrame({"code_commune": ["01001"], "apl": [2.5]}), p, index=False)
    >>> read_csv(p).to_dict("records")
    [{'code_commune': '01001', 'apl': 2.5}]
    """
    header = pd.read_csv(path, sep=SEPARATOR, encoding=ENCODING, nrows=0).columns
    as_text = {c: str for c in header if str(c).startswith("code") or c in text_columns}
    table = pd.read_csv(path, sep=SEPARATOR, decimal=DECIMAL, encoding=ENCODING, dtype=as_text, keep_default_na=True)
    table.columns = restore_formulas(pd.Series(table.columns, dtype=object)).tolist()
    for col in table.columns:
        if pd.api.types.is_string_dtype(table[col]) or table[col].dtype == object:
            table[col] = restore_formulas(table[col])
    if index_col is not None:
        table = table.set_index(index_col)
    return table
