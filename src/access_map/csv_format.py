"""The one CSV convention of every table the package writes, for analysts who open it in a spreadsheet.

Every command (``refresh``, ``demo``, ``apl``, ``zoning``, ``cpts``, ``msp``, ``scenario``, ``travel``)
writes its CSV tables through :func:`write_csv`:

* **separator** ``;`` and **decimal comma** — what a spreadsheet in French opens in columns with numbers
  (the « CSV (séparateur : point-virgule) » of Excel and LibreOffice; ``read.csv2`` in R;
  ``pandas.read_csv(path, sep=";", decimal=",")``, or :func:`read_csv`);
* **encoding** UTF-8 with a byte-order mark, so that Excel reads the accents; lines end with ``\\n``;
* **numbers in full**: no scientific notation (67 408 052 stays ``67408052``, 1e-7 stays
  ``0,0000001``); a float column whose values are all whole numbers (populations, counts) is written as
  integers; other floats keep up to 12 significant digits;
* **text cells that a spreadsheet would run as a formula** — beginning with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return — are prefixed with an apostrophe (OWASP, *CSV injection*): a commune named
  ``=HYPERLINK(…)`` shows as text. Numbers are never prefixed (a ΔAPL of ``-0,41`` stays a number).
  Parquet and GeoPackage outputs keep the values intact; :func:`read_csv` removes the apostrophe again.
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

import numpy as np
import pandas as pd

from ._atomic import atomic_path

__all__ = ["SEPARATOR", "DECIMAL", "ENCODING", "write_csv", "read_csv", "neutralise_formulas", "format_csv_number"]

SEPARATOR = ";"
DECIMAL = ","
ENCODING = "utf-8-sig"
#: Significant digits of a float that is not a whole number.
SIGNIFICANT_DIGITS = 12
#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix with ``'`` the text cells a spreadsheet would evaluate as a formula.

    Examples
    --------
    >>> neutralise_formulas(pd.Series(["=cmd", "+33", "Paris", "\\tx"])).tolist()
    ["'=cmd", "'+33", 'Paris', "'\\tx"]
    """
    as_text = values.astype("object")
    mask = as_text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES))
    if not mask.any():
        return values
    out = as_text.copy()
    out[mask] = "'" + as_text[mask].astype(str)
    return out


def format_csv_number(value: float) -> str:
    """One float in the CSV convention: positional notation, decimal comma, up to 12 significant digits.

    Examples
    --------
    >>> format_csv_number(1.2317300000000001e7), format_csv_number(1 / 3), format_csv_number(float("nan"))
    ('12317300', '0,333333333333', '')
    """
    if not np.isfinite(value):
        return "" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    text = np.format_float_positional(value, precision=SIGNIFICANT_DIGITS, unique=True, fractional=False, trim="-")
    if text in ("-0", "-0."):
        text = "0"
    return text.replace(".", DECIMAL)


def _column_for_csv(values: pd.Series) -> pd.Series:
    """A column as the CSV shows it: whole floats as integers, other floats formatted, text neutralised."""
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_integer_dtype(values):
        return values
    if pd.api.types.is_float_dtype(values):
        array = values.to_numpy(dtype=float, na_value=np.nan)
        finite = array[np.isfinite(array)]
        if finite.size and np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 2**53):
            return values.astype("Int64") if not np.isinf(array).any() else values.map(format_csv_number)
        return pd.Series([format_csv_number(v) for v in array], index=values.index, name=values.name)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("object")
    return neutralise_formulas(values)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *, index: bool = True) -> None:
    """Write ``frame`` as a CSV in the package's convention (module docstring), atomically.

    Parameters
    ----------
    frame
        The table; its index is written as the first column(s) when ``index`` is true (and named).
    path
        The ``.csv`` file (``.csv.gz`` is compressed).
    index
        Write the index.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> write_csv(pd.DataFrame({"n": [1.0, 2.0]}), p, index=False)
    >>> p.read_text(encoding="utf-8-sig").splitlines()
    ['n', '1', '2']
    """
    table = frame.reset_index() if index and not _default_index(frame.index) else frame
    out = pd.DataFrame({col: _column_for_csv(table[col]) for col in table.columns}, index=table.index)
    out.columns = [str(neutralise_formulas(pd.Series([str(c)])).iloc[0]) for c in table.columns]
    target = Path(path)
    with atomic_path(target) as tmp:
        out.to_csv(
            tmp,
            sep=SEPARATOR,
            index=False,
            encoding=ENCODING,
            lineterminator="\n",
            date_format="%Y-%m-%d",
            compression="gzip" if target.suffix == ".gz" else None,
        )


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
    for col in table.columns:
        if pd.api.types.is_string_dtype(table[col]) or table[col].dtype == object:
            table[col] = _restore_formulas(table[col])
    if index_col is not None:
        table = table.set_index(index_col)
    return table


def _restore_formulas(values: pd.Series) -> pd.Series:
    mask = values.map(
        lambda v: isinstance(v, str) and len(v) > 1 and v[0] == "'" and v[1:].startswith(FORMULA_PREFIXES)
    )
    if not mask.any():
        return values
    out = values.copy()
    out[mask] = values[mask].str.slice(1)
    return out
