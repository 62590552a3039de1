"""Reading a delimited text table: encoding and separator sniffed, every column as text, header checked."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ...errors import AmbiguousColumnError, MissingColumnError, SourceError
from ...messages import validation as M
from .files import PathLike, _name, _reason
from .sniff import _SNIFF_BYTES, sniff_encoding, sniff_separator
from .streams import open_bytes, reads_input

__all__ = ["read_table", "refuse_header_only"]


def _first_line(sample: str) -> str:
    for line in sample.splitlines():
        if line.strip():
            return line
    return ""


@reads_input
def read_table(
    path: PathLike,
    *,
    dtype: Any = str,
    required: Iterable[str] = (),
    source: str | None = None,
    sep: str | None = None,
    encoding: str | None = None,
    usecols: Sequence[str] | None = None,
    skiprows: int = 0,
) -> tuple[pd.DataFrame, str, str]:
    """Read a delimited text table, sniffing encoding and separator.

    Parameters
    ----------
    path
        CSV/TXT file, optionally gzipped (recognised by its content), or a pipe (read once: see
        :func:`open_bytes`).
    dtype
        Passed to :func:`pandas.read_csv`; text by default so that codes keep leading zeros.
    required
        Columns that must be present (checked after stripping spaces/BOM from the header).
    source
        Name quoted in errors (defaults to the path).
    sep, encoding
        Force the separator / encoding instead of sniffing them.
    usecols
        Read only these columns when present (saves memory on national extracts); absent
        ones are simply missing from the result (list them in ``required`` to insist).
    skiprows
        Lines to skip before the header.

    Returns
    -------
    (table, encoding, sep)
        Empty fields are NaN; no other string (``"NA"``, ``"NULL"``) is turned into NaN.
        Fully empty unnamed columns (a trailing separator at line end) are dropped.

    Raises
    ------
    SourceError
        Missing, unreadable, empty or unparsable file (message names the path).
    MissingColumnError
        A required column is absent (message lists the columns found).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ps.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("Identifiant PP|Code profession|\\n10001|10|\\n")
    >>> df, enc, sep = read_table(p, required=["Code profession"])
    >>> list(df.columns), sep
    (['Identifiant PP', 'Code profession'], '|')
    >>> try:
    ...     read_table(p, required=["code_commune"], source="ps.txt")
    ... except MissingColumnError as e:
    ...     print(e)
    colonne(s) manquante(s) code_commune dans ps.txt ; colonnes trouvées : Identifiant PP, Code profession
    """
    name = _name(path, source)
    with open_bytes(path, source=source) as fh:  # one opening: a pipe is read once, a gzip decompressed in bounds
        return _read_table_from(
            fh,
            name=name,
            dtype=dtype,
            required=list(required),
            sep=sep,
            encoding=encoding,
            usecols=usecols,
            skiprows=skiprows,
        )


def _clean_header(columns: Iterable[Any]) -> list[str]:
    return [str(c).strip().lstrip("\ufeff").strip() for c in columns]


def _refuse_repeated_columns(header: str, sep: str, *, name: str) -> None:
    """Refuse a header naming one column twice: pandas would rename the second ``x.1`` and the readers use the
    first, whichever of the two the user meant (empty names, from trailing separators, are not columns)."""
    try:
        if sep == "|":
            fields = next(csv.reader([header], delimiter=sep, quoting=csv.QUOTE_NONE), [])
        else:
            fields = next(csv.reader([header], delimiter=sep), [])
    except csv.Error:  # a field longer than the csv module's limit (a 1 MB header): no real column name
        fields = header.split(sep)
    names = [n for n in _clean_header(fields) if n]
    repeated = [n for n in dict.fromkeys(names) if names.count(n) > 1]
    if repeated:
        raise AmbiguousColumnError(M.colonnes_en_double(nom=name, colonnes=repeated))


def refuse_header_only(table: pd.DataFrame, *, source: str) -> None:
    """Refuse a table read from a file that holds its header line and no row of data.

    Examples
    --------
    >>> import pandas as pd
    >>> try:
    ...     refuse_header_only(pd.DataFrame({"code_commune": []}), source="apl.csv")
    ... except SourceError as e:
    ...     print(str(e)[:63])
    impossible de lire apl.csv : le fichier n'a que sa ligne d'en-t
    """
    if len(table) == 0:
        raise SourceError(M.fichier_sans_ligne(nom=source, colonnes=list(map(str, table.columns))))


def _read_table_from(
    fh: Any,
    *,
    name: str,
    dtype: Any,
    required: list[str],
    sep: str | None,
    encoding: str | None,
    usecols: Sequence[str] | None,
    skiprows: int,
) -> tuple[pd.DataFrame, str, str]:
    """:func:`read_table` on an open, seekable handle (rewound for each pass)."""
    try:
        sample = fh.read(_SNIFF_BYTES)
    except SourceError:
        raise
    except (OSError, EOFError) as exc:
        raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc
    if not sample.strip():
        raise SourceError(M.fichier_vide(nom=name))
    enc = encoding or sniff_encoding(sample, truncated=len(sample) == _SNIFF_BYTES)
    text_sample = sample.decode(enc, errors="replace")
    lines = text_sample.splitlines()
    header = _first_line("\n".join(lines[skiprows:]))
    the_sep = sep or sniff_separator(header)
    _refuse_repeated_columns(header, the_sep, name=name)
    cols_wanted = list(usecols) if usecols is not None else None

    def _parse(enc_: str, *, dtype_: Any = dtype, **options: Any) -> pd.DataFrame:
        fh.seek(0)
        return pd.read_csv(
            fh,
            sep=the_sep,
            dtype=dtype_,
            encoding=enc_,
            keep_default_na=False,
            na_values=[""],
            skiprows=skiprows,
            skipinitialspace=False,
            engine="c",
            low_memory=False,
            quoting=csv.QUOTE_NONE if the_sep == "|" else csv.QUOTE_MINIMAL,
            **options,
        )

    selected = (lambda c: c.strip().lstrip("\ufeff") in cols_wanted) if cols_wanted else None
    try:
        try:
            df = _parse(enc, usecols=selected)
        except UnicodeDecodeError:
            if encoding is not None:
                raise
            enc = "latin-1" if enc in ("cp1252",) else "cp1252"
            try:
                df = _parse(enc, usecols=selected)
            except UnicodeDecodeError:
                enc = "latin-1"
                df = _parse(enc, usecols=selected)
    except SourceError:
        raise
    except UnicodeDecodeError as exc:
        raise SourceError(M.decodage_impossible(nom=name, encodage=enc, raison=exc.reason)) from exc
    except pd.errors.EmptyDataError as exc:
        raise SourceError(M.fichier_vide(nom=name)) from exc
    except (OSError, EOFError) as exc:  # a compressed stream cut short, a disk error while reading
        raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise SourceError(M.analyse_impossible(nom=name, separateur=the_sep, raison=exc)) from exc
    df.columns = _clean_header(df.columns)
    empty_unnamed = [c for c in df.columns if (c == "" or c.startswith("Unnamed:")) and df[c].isna().all()]
    if empty_unnamed:
        df = df.drop(columns=empty_unnamed)
    missing = [c for c in required if c not in df.columns]
    if missing:
        found = list(df.columns)
        if cols_wanted:  # report every column of the file, not only the ones selected by usecols
            found = _clean_header(_parse(enc, dtype_=str, nrows=0).columns)
        found = [c for c in found if c and not c.startswith("Unnamed:")]
        raise MissingColumnError(M.colonnes_manquantes(manquantes=missing, nom=name, trouvees=found))
    return df, enc, the_sep
