"""Shared low-level reading helpers for the official-file readers.

French open-data files come in several encodings (UTF-8 with or without BOM,
Latin-1 / cp1252) and separators (``;``, ``,``, ``|``, tab), sometimes gzipped.
:func:`read_table` sniffs both, reads every column as text (so INSEE codes keep
their leading zeros) and checks the required columns.

Return convention of every reader in :mod:`access_map.readers`
---------------------------------------------------------------
* A reader returns **one table** (``pandas.DataFrame`` or ``geopandas.GeoDataFrame``;
  :func:`access_map.readers.drees.read_apl_parameters` returns a small dataclass).
  Commune tables are indexed by ``code_commune`` (5-character string); long tables
  (one row per practitioner site, per CPTS x commune, per indicator value) keep a
  ``RangeIndex`` and carry ``code_commune`` as a column.
* What was dropped, merged or left unmatched is counted in a
  :class:`~access_map._validate.DropReport` stored in ``table.attrs["drop_report"]``
  (always present, possibly empty; fetch it with :func:`drop_report`). The file
  read is in ``table.attrs["source"]``.
* When the report is not empty the reader also emits a :class:`SourceWarning`
  (a ``UserWarning``) with the report text, so nothing is lost silently. Filter it
  with ``warnings.simplefilter("ignore", SourceWarning)`` once you have read the
  report.
* Bad input raises an :mod:`access_map.errors` exception naming the file, the
  column and the offending values: :class:`~access_map.errors.SourceError`
  (unreadable file), :class:`~access_map.errors.MissingColumnError`,
  :class:`~access_map.errors.InvalidCodeError`, :class:`~access_map.errors.InvalidValueError`.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> p = os.path.join(d, "t.csv")
>>> _ = open(p, "wb").write("code;nom\\n01001;Abergement-Clémenciat\\n".encode("latin-1"))
>>> df, enc, sep = read_table(p, required=["code"])
>>> df["code"].tolist(), enc, sep
(['01001'], 'cp1252', ';')
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validate import (
    INSEE_CODE_PATTERN,
    DropReport,
    describe_values,
    normalize_insee_codes,
    normalize_text,
    require_columns,
)
from ..errors import AmbiguousColumnError, InvalidCodeError, InvalidValueError, MissingColumnError, SourceError

__all__ = [
    "SourceWarning",
    "PathLike",
    "read_table",
    "read_text",
    "sniff_encoding",
    "sniff_separator",
    "open_bytes",
    "normalize_label",
    "rename_aliases",
    "map_aliases",
    "finish",
    "drop_report",
    "is_insee_code",
    "commune_codes",
    "strip_text",
    "keep_known_communes",
]

PathLike = str | os.PathLike

#: Bytes read to guess the encoding and the separator.
_SNIFF_BYTES = 1 << 20
_SEPARATORS = (";", ",", "|", "\t")


class SourceWarning(UserWarning):
    """Rows of an input file were dropped, merged or left unmatched (see the DropReport)."""


def _name(path: PathLike, source: str | None) -> str:
    return source or str(path)


def open_bytes(path: PathLike, *, source: str | None = None) -> io.BufferedIOBase:
    """Open ``path`` for binary reading, transparently gunzipping ``.gz`` files.

    Raises :class:`~access_map.errors.SourceError` naming the path when the file is missing
    or unreadable.

    Examples
    --------
    >>> try:
    ...     open_bytes("/nonexistent/file.csv")
    ... except SourceError as e:
    ...     print(str(e)[:39])
    cannot read /nonexistent/file.csv: file
    """
    p = Path(path)
    if not p.exists():
        raise SourceError(
            f"cannot read {_name(path, source)}: file not found ({p.resolve()}); "
            "check the path or download the file first (access-map fetch)"
        )
    if p.is_dir():
        raise SourceError(f"cannot read {_name(path, source)}: it is a directory, not a file")
    try:
        if p.suffix.lower() == ".gz":
            fh = gzip.open(p, "rb")
            fh.peek(1) if hasattr(fh, "peek") else None  # raises BadGzipFile early
            return fh  # type: ignore[return-value]
        return open(p, "rb")
    except (OSError, EOFError) as exc:
        raise SourceError(f"cannot read {_name(path, source)}: {exc}") from exc


def sniff_encoding(sample: bytes, *, truncated: bool = False) -> str:
    """Guess the text encoding of a byte sample.

    Returns ``"utf-8-sig"`` (UTF-8 with BOM), ``"utf-8"``, ``"cp1252"`` (Windows
    Latin-1, the usual encoding of French administrative CSVs) or ``"latin-1"``
    (bytes undefined in cp1252). ``truncated``: the sample is the start of a longer
    file, so a multi-byte character cut at its end is not an error.

    Examples
    --------
    >>> sniff_encoding("é".encode("utf-8")), sniff_encoding("é".encode("latin-1"))
    ('utf-8', 'cp1252')
    >>> sniff_encoding(b"\\xef\\xbb\\xbfa;b")
    'utf-8-sig'
    """
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:  # incremental decoder: a multi-byte character may be cut at the end of the sample
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=not truncated)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def sniff_separator(header: str, *, candidates: Sequence[str] = _SEPARATORS) -> str:
    """Return the most frequent separator of ``header`` among ``; , | tab`` (outside quotes).

    Examples
    --------
    >>> sniff_separator("a;b;c"), sniff_separator('"x,y";z'), sniff_separator("a|b|")
    (';', ';', '|')
    """
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {c: unquoted.count(c) for c in candidates}
    best = max(candidates, key=lambda c: counts[c])
    return best if counts[best] > 0 else ","


def read_text(path: PathLike, *, encoding: str | None = None, source: str | None = None) -> tuple[str, str]:
    """Read a whole (possibly gzipped) text file, sniffing its encoding.

    Returns ``(text, encoding)``. Use for small files or files with a non-tabular
    layout (the FINESS extraction); use :func:`read_table` for tables.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.txt")
    >>> _ = open(p, "wb").write(b"\\xef\\xbb\\xbfabc")
    >>> read_text(p)
    ('abc', 'utf-8-sig')
    """
    with open_bytes(path, source=source) as fh:
        try:
            raw = fh.read()
        except (OSError, EOFError) as exc:
            raise SourceError(f"cannot read {_name(path, source)}: {exc}") from exc
    enc = encoding or sniff_encoding(raw)
    try:
        return raw.decode(enc), enc
    except UnicodeDecodeError:
        if encoding is not None:
            raise SourceError(
                f"cannot decode {_name(path, source)} as {encoding!r}; omit encoding= to let it be detected"
            ) from None
        enc = "latin-1" if enc == "cp1252" else "cp1252"
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


def _first_line(sample: str) -> str:
    for line in sample.splitlines():
        if line.strip():
            return line
    return ""


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
        CSV/TXT file, optionally gzipped (``.gz``).
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
    missing column(s) 'code_commune' in ps.txt; found columns: 'Identifiant PP', 'Code profession'
    """
    name = _name(path, source)
    with open_bytes(path, source=source) as fh:
        try:
            sample = fh.read(_SNIFF_BYTES)
        except (OSError, EOFError) as exc:
            raise SourceError(f"cannot read {name}: {exc}") from exc
    if not sample.strip():
        raise SourceError(f"cannot read {name}: the file is empty")
    enc = encoding or sniff_encoding(sample, truncated=len(sample) == _SNIFF_BYTES)
    text_sample = sample.decode(enc, errors="replace")
    lines = text_sample.splitlines()
    header = _first_line("\n".join(lines[skiprows:]))
    the_sep = sep or sniff_separator(header)
    cols_wanted = list(usecols) if usecols is not None else None
    required = list(required)

    def _parse(enc_: str) -> pd.DataFrame:
        with open_bytes(path, source=source) as fh2:
            return pd.read_csv(
                fh2,
                sep=the_sep,
                dtype=dtype,
                encoding=enc_,
                keep_default_na=False,
                na_values=[""],
                skiprows=skiprows,
                usecols=(lambda c: c.strip().lstrip("\ufeff") in cols_wanted) if cols_wanted else None,
                skipinitialspace=False,
                engine="c",
                low_memory=False,
                quoting=csv.QUOTE_NONE if the_sep == "|" else csv.QUOTE_MINIMAL,
            )

    try:
        try:
            df = _parse(enc)
        except UnicodeDecodeError:
            if encoding is not None:
                raise
            enc = "latin-1" if enc in ("cp1252",) else "cp1252"
            try:
                df = _parse(enc)
            except UnicodeDecodeError:
                enc = "latin-1"
                df = _parse(enc)
    except UnicodeDecodeError as exc:
        raise SourceError(f"cannot decode {name} as {enc!r} ({exc}); omit encoding= to let it be detected") from exc
    except pd.errors.EmptyDataError as exc:
        raise SourceError(f"cannot read {name}: no columns to parse (empty file?)") from exc
    except (pd.errors.ParserError, ValueError, OSError, EOFError) as exc:
        raise SourceError(f"cannot parse {name} as a {the_sep!r}-separated table: {exc}") from exc
    df.columns = [str(c).strip().lstrip("\ufeff").strip() for c in df.columns]
    empty_unnamed = [c for c in df.columns if (c == "" or c.startswith("Unnamed:")) and df[c].isna().all()]
    if empty_unnamed:
        df = df.drop(columns=empty_unnamed)
    if cols_wanted and any(c not in df.columns for c in required):
        # report every column of the file, not only the ones selected by usecols
        with open_bytes(path, source=source) as fh3:
            head = pd.read_csv(fh3, sep=the_sep, dtype=str, encoding=enc, nrows=0, skiprows=skiprows)
        found = [str(c).strip().lstrip("\ufeff").strip() for c in head.columns]
        require_columns(
            pd.DataFrame(columns=[c for c in found if c and not c.startswith("Unnamed:")]), required, source=name
        )
    require_columns(df, required, source=name)
    return df, enc, the_sep


def normalize_label(label: Any) -> str:
    """Lower-case, accent-free, alphanumeric-only form of a column label (for alias matching).

    Examples
    --------
    >>> normalize_label(" Code commune (coord. structure) ")
    'codecommunecoordstructure'
    >>> normalize_label("Libellé_TVS")
    'libelletvs'
    """
    text = unicodedata.normalize("NFKD", str(label))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.lower())


def rename_aliases(
    df: pd.DataFrame,
    aliases: Mapping[str, Sequence[str]],
    *,
    required: Iterable[str] = (),
    source: str | None = None,
) -> pd.DataFrame:
    """Return a copy of ``df`` with columns renamed to canonical names via case/accent-insensitive aliases.

    ``aliases`` maps a canonical name to accepted spellings (the canonical name
    itself is always accepted). Raises :class:`MissingColumnError` for required
    canonical columns not found, listing the accepted aliases and the columns found,
    and :class:`~access_map.errors.AmbiguousColumnError` naming both headers when two
    columns of ``df`` are spellings of one canonical name (a column is never dropped or
    shadowed silently).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"CODGEO": ["01001"], "Zonage": ["ZIP"]})
    >>> rename_aliases(df, {"code_commune": ["codgeo"], "zonage": []}).columns.tolist()
    ['code_commune', 'zonage']
    >>> two = pd.DataFrame({"CODGEO": ["01001"], "code commune": ["01001"]})
    >>> try:
    ...     rename_aliases(two, {"code_commune": ["codgeo"]}, source="z.csv")
    ... except AmbiguousColumnError as e:
    ...     print(str(e)[:60])
    z.csv: columns 'CODGEO', 'code commune' all map to 'code_com
    """
    by_label: dict[str, list[str]] = {}
    for c in df.columns:
        by_label.setdefault(normalize_label(c), []).append(c)
    mapping: dict[str, str] = {}
    missing: list[str] = []
    for canon, alts in aliases.items():
        labels = list(dict.fromkeys(normalize_label(cand) for cand in (canon, *alts)))
        claimed = {c for label in labels for c in by_label.get(label, []) if c not in mapping}
        found = [c for c in df.columns if c in claimed]  # in file order
        if len(found) > 1:
            raise AmbiguousColumnError(
                f"{source or 'table'}: columns {describe_values(found)} all map to {canon!r}; "
                "keep only one of them (rename or delete the others) so that no column is dropped silently"
            )
        if not found:
            if canon in set(required):
                missing.append(canon)
        else:
            mapping[found[0]] = canon
    if missing:
        accepted = "; ".join(f"{m}: {describe_values([m, *aliases[m]])}" for m in missing)
        raise MissingColumnError(
            f"missing column(s) {describe_values(missing)} in {source or 'table'}; "
            f"found columns: {describe_values(map(str, df.columns), max_shown=20)}. Accepted names: {accepted}"
        )
    return df.rename(columns=mapping)


def map_aliases(
    values: pd.Series,
    aliases: Mapping[str, str],
    *,
    what: str,
    expected: Iterable[str],
    source: str | None = None,
    column: str,
    key: Callable[[Any], str] = normalize_label,
) -> pd.Series:
    """Map each value through ``aliases`` (keys in ``key`` form, :func:`normalize_label` by default).

    Each distinct spelling is normalised once. Raises :class:`~access_map.errors.InvalidValueError`
    listing the unknown values and the ``expected`` ones.

    Examples
    --------
    >>> import pandas as pd
    >>> map_aliases(pd.Series(["Oui", "NON"]), {"oui": "yes", "non": "no"}, what="answer",
    ...             expected=["oui", "non"], column="r").tolist()
    ['yes', 'no']
    """
    lookup = {v: aliases.get(key(v)) if isinstance(v, str) else None for v in pd.unique(values.astype(object))}
    mapped = values.astype(object).map(lookup)
    bad = values[mapped.isna()]
    if len(bad):
        raise InvalidValueError(
            f"unknown {what} value(s) in {source or 'table'}, column {column!r}: "
            f"{describe_values(pd.unique(bad.astype(object)).tolist())} ({len(bad)} row(s)); "
            f"expected one of {describe_values(expected)}"
        )
    return mapped.astype(object)


def finish(table: pd.DataFrame, report: DropReport, *, source: str, stacklevel: int = 3) -> pd.DataFrame:
    """Attach the report and source to ``table.attrs`` and warn when rows were dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> t = finish(pd.DataFrame({"a": [1]}), DropReport(source="x.csv"), source="x.csv")
    >>> t.attrs["source"], drop_report(t).total
    ('x.csv', 0)
    """
    table.attrs["drop_report"] = report
    table.attrs["source"] = source
    if report:
        warnings.warn(str(report), SourceWarning, stacklevel=stacklevel)
    return table


def is_insee_code(values: pd.Series) -> pd.Series:
    """Boolean Series: is each value a well-formed 5-character INSEE commune code?

    Examples
    --------
    >>> import pandas as pd
    >>> is_insee_code(pd.Series(["01001", "2A004", "1001", None])).tolist()
    [True, True, False, False]
    """
    return values.map(lambda v: isinstance(v, str) and bool(INSEE_CODE_PATTERN.match(v))).astype(bool)


def commune_codes(values: pd.Series, *, source: str, column: str = "code_commune") -> pd.Series:
    """Normalise commune codes (:func:`~access_map._validate.normalize_insee_codes`); raise on malformed ones.

    Raises :class:`~access_map.errors.InvalidCodeError` naming the file, the column and the bad codes.

    Examples
    --------
    >>> import pandas as pd
    >>> commune_codes(pd.Series([1001, " 33063 "]), source="t.csv").tolist()
    ['01001', '33063']
    >>> try:
    ...     commune_codes(pd.Series(["3306X"]), source="t.csv")
    ... except InvalidCodeError as e:
    ...     print(str(e)[:66])
    malformed commune code(s) in t.csv, column 'code_commune': '3306X'
    """
    codes = normalize_insee_codes(values)
    bad = codes[~is_insee_code(codes)]
    if len(bad):
        raise InvalidCodeError(
            f"malformed commune code(s) in {source}, column {column!r}: {describe_values(bad.tolist())} "
            f"({len(bad)} row(s)); a commune code is a 5-character INSEE code such as '33063' or '2A004'"
        )
    return codes


def strip_text(values: pd.Series) -> pd.Series:
    """Object Series with the blanks around each string removed and Unicode in NFC form (others kept as they are).

    See :func:`access_map._validate.normalize_text`.

    Examples
    --------
    >>> import pandas as pd
    >>> strip_text(pd.Series([" C001 ", 7])).tolist()
    ['C001', 7]
    """
    return normalize_text(values)


def keep_known_communes(
    table: pd.DataFrame,
    known_communes: Collection[str] | None,
    report: DropReport,
    *,
    column: str | None = None,
    reason: str = "commune not in the commune reference",
) -> pd.DataFrame:
    """Drop (and add to ``report``) the rows whose commune is not in ``known_communes``.

    The commune is read from ``column``, or from the index when ``column`` is None.
    ``known_communes=None`` keeps every row.

    Examples
    --------
    >>> import pandas as pd
    >>> rep = DropReport(source="t.csv")
    >>> t = pd.DataFrame({"code_commune": ["33063", "99999"]})
    >>> keep_known_communes(t, {"33063"}, rep, column="code_commune")["code_commune"].tolist(), rep.total
    (['33063'], 1)
    """
    if known_communes is None:
        return table
    codes = table.index if column is None else table[column]
    unknown = ~np.asarray(codes.isin(list(set(known_communes))), dtype=bool)
    report.add(reason, int(unknown.sum()), codes[unknown].tolist())
    return table[~unknown]


def drop_report(table: pd.DataFrame) -> DropReport:
    """The :class:`~access_map._validate.DropReport` attached by a reader (empty if none).

    Examples
    --------
    >>> import pandas as pd
    >>> drop_report(pd.DataFrame()).total
    0
    """
    rep = table.attrs.get("drop_report")
    return rep if isinstance(rep, DropReport) else DropReport(source=str(table.attrs.get("source", "")))
