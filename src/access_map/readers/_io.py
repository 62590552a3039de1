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
import contextlib
import csv
import functools
import gzip
import inspect
import io
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from .._validate import (
    INSEE_CODE_PATTERN,
    DropReport,
    describe_values,
    normalize_insee_codes,
    normalize_text,
)
from ..errors import AmbiguousColumnError, InvalidCodeError, InvalidValueError, MissingColumnError, SourceError
from ..messages import extrait, liste
from ..messages import readers as R
from ..messages import validation as M
from ..messages.outputs import cause_systeme

__all__ = [
    "SourceWarning",
    "PathLike",
    "read_table",
    "read_text",
    "read_config_text",
    "sniff_encoding",
    "sniff_separator",
    "open_bytes",
    "input_status",
    "spooled",
    "reads_input",
    "require_regular_file",
    "max_input_bytes",
    "normalize_label",
    "rename_aliases",
    "map_aliases",
    "finish",
    "drop_report",
    "is_insee_code",
    "commune_codes",
    "strip_text",
    "refuse_duplicate_codes",
    "refuse_header_only",
    "refuse_contradicting_departments",
    "keep_known_communes",
]

PathLike = str | os.PathLike
_T = TypeVar("_T")

#: Bytes read to guess the encoding and the separator.
_SNIFF_BYTES = 1 << 20
_SEPARATORS = (";", ",", "|", "\t")


class SourceWarning(UserWarning):
    """Rows of an input file were dropped, merged or left unmatched (see the DropReport)."""


def _name(path: PathLike, source: str | None) -> str:
    return source or str(path)


def _reason(exc: BaseException) -> str:
    """Why a file could not be read, in French: the system's cause (symbolic-link loop, I/O error, permission…),
    or a compressed stream cut short."""
    if isinstance(exc, EOFError) or "end-of-stream marker" in str(exc):
        return M.GZIP_TRONQUE
    if isinstance(exc, gzip.BadGzipFile):
        return M.GZIP_ENDOMMAGE
    if isinstance(exc, OSError):
        return cause_systeme(code=exc.errno, detail=exc.strerror or str(exc))
    return str(exc)


#: Environment variable raising :data:`MAX_INPUT_BYTES` (in MB), for a sane input larger than the default bound.
MAX_INPUT_ENV = "ACCESS_MAP_MAX_INPUT_MB"
#: Largest decompressed (or piped) input read, in bytes, unless :data:`MAX_INPUT_ENV` says otherwise.
MAX_INPUT_BYTES = 8 * 2**30
#: A compressed input expanding more than this many times its compressed size is refused as a decompression bomb
#: (real tables compress 5 to 30 times; a run of zeros 1,000 times) ...
MAX_COMPRESSION_RATIO = 200.0
#: ... once this much has been decompressed (small files are never judged on their ratio).
RATIO_FLOOR_BYTES = 16 * 2**20
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


def max_input_bytes() -> int:
    """The bound on a decompressed or piped input, in bytes (:data:`MAX_INPUT_BYTES` or ``$ACCESS_MAP_MAX_INPUT_MB``).

    Examples
    --------
    >>> max_input_bytes() > 0
    True
    """
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if raw:
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            value = float("nan")
        if not (value > 0 and np.isfinite(value)):
            raise SourceError(f"{MAX_INPUT_ENV}={extrait(raw)} : attendu un nombre de Mo > 0")
        return int(value * 2**20)
    return int(MAX_INPUT_BYTES)


def _kind(mode: int) -> str | None:
    """French name of a non-regular file type (None for a regular file or a pipe)."""
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    if stat.S_ISSOCK(mode):
        return "une socket"
    if stat.S_ISDIR(mode):
        return "un dossier"
    return None if stat.S_ISREG(mode) or stat.S_ISFIFO(mode) else "un fichier spécial"


def input_status(path: PathLike, *, source: str | None = None, stream_ok: bool = True) -> os.stat_result:
    """Check that ``path`` is an input that can be read: a regular file, or a pipe when ``stream_ok``.

    Missing files, folders, devices (``/dev/zero`` would be read forever) and sockets are refused with a
    :class:`~access_map.errors.SourceError` naming the path; so is a pipe (FIFO, ``<(...)`` process substitution)
    when the reader needs to seek in the file (GeoPackage, Parquet, workbooks: ``stream_ok=False``).

    Examples
    --------
    >>> try:
    ...     input_status("/dev/zero")
    ... except SourceError as e:
    ...     print(str(e)[:60])
    impossible de lire /dev/zero : ce n'est pas un fichier ordin
    """
    name = _name(path, source)
    p = Path(path)
    try:
        status = os.stat(p)
    except FileNotFoundError:
        raise SourceError(M.fichier_introuvable(nom=name, chemin=str(p.resolve()))) from None
    except OSError as exc:
        raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc
    if stat.S_ISDIR(status.st_mode):
        raise SourceError(M.est_un_dossier(nom=name))
    kind = _kind(status.st_mode)
    if kind is not None:
        raise SourceError(M.pas_un_fichier_ordinaire(nom=name, nature=kind))
    if stat.S_ISFIFO(status.st_mode) and not stream_ok:
        raise SourceError(M.flux_non_relisible(nom=name, format_=p.suffix.lstrip(".") or "de ce type"))
    return status


def require_regular_file(path: PathLike, *, source: str | None = None, what: str = "de ce type") -> Path:
    """``path`` as a :class:`~pathlib.Path` if it is a regular file (readers that seek: GDAL, Parquet, xlsx).

    A gzipped file whose size trailer announces more than :func:`max_input_bytes` is refused too (GDAL reads
    ``.gz`` files through ``/vsigzip/`` without a bound of its own).

    Examples
    --------
    >>> try:
    ...     require_regular_file("/nonexistent.gpkg")
    ... except SourceError as e:
    ...     print(str(e)[:51])
    impossible de lire /nonexistent.gpkg : fichier intr
    """
    p = Path(path)
    status = input_status(p, source=source, stream_ok=False)
    if status.st_size == 0:  # GDAL would say "not recognized as being in a supported file format"
        raise SourceError(M.fichier_vide(nom=_name(path, source)))
    if p.suffix.lower() == ".gz" and status.st_size >= 18:
        try:
            with open(p, "rb") as fh:
                magic = fh.read(2)
                fh.seek(-4, os.SEEK_END)
                announced = int.from_bytes(fh.read(4), "little")  # ISIZE: uncompressed size modulo 2**32
        except OSError as exc:
            raise SourceError(M.lecture_impossible(nom=_name(path, source), raison=_reason(exc))) from exc
        limit = max_input_bytes()
        if magic == _GZIP_MAGIC and (
            announced > limit or (announced > RATIO_FLOOR_BYTES and announced > MAX_COMPRESSION_RATIO * status.st_size)
        ):
            if announced > limit:
                raise SourceError(
                    M.decompression_trop_grande(nom=_name(path, source), limite=limit, variable=MAX_INPUT_ENV)
                )
            raise SourceError(
                M.decompression_suspecte(nom=_name(path, source), ratio=MAX_COMPRESSION_RATIO, lu=announced)
            )
    return p


@contextlib.contextmanager
def spooled(path: PathLike, *, source: str | None = None) -> Iterator[PathLike]:
    """``path`` itself, or — for a pipe — a private temporary copy of what it delivers, read once within bounds.

    A pipe (FIFO, ``<(...)`` process substitution) can be read only once: a reader that opens its input twice
    (to find the header, to recognise the layout, then to parse it) would wait forever for a second writer.
    The copy is removed on exit.

    Examples
    --------
    >>> import tempfile
    >>> plain = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
    >>> with spooled(plain) as p:
    ...     p == plain
    True
    """
    try:
        is_pipe = stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, TypeError, ValueError):
        is_pipe = False  # missing files and the like are reported by the reader itself
    if not is_pipe:
        yield path
        return
    name = _name(path, source)
    folder = Path(tempfile.mkdtemp(prefix="access_map_entree_"))
    try:
        copy = folder / (Path(os.fspath(path)).name or "entree")
        with open(path, "rb") as fh:
            copy.write_bytes(_read_stream(fh, name=name))
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def reads_input(function: Callable[..., _T]) -> Callable[..., _T]:  # noqa: UP047 - Python 3.11: no type parameters
    """Decorate a reader whose first argument is the path of its input, so that a pipe is read once.

    The reader is called on :func:`spooled`'s ordinary copy of a pipe; when it takes a ``source`` argument that
    was not given, its messages keep naming the path the user gave.

    Examples
    --------
    >>> @reads_input
    ... def head(path, *, source=None):
    ...     return source
    >>> head(__file__) is None, head.reads_input_once
    (True, True)
    """
    takes_source = "source" in inspect.signature(function).parameters

    @functools.wraps(function)
    def wrapper(path: Any, *args: Any, **kwargs: Any) -> _T:
        try:
            is_pipe = stat.S_ISFIFO(os.stat(path).st_mode)
        except (OSError, TypeError, ValueError):
            is_pipe = False
        if not is_pipe:
            return function(path, *args, **kwargs)
        if takes_source and kwargs.get("source") is None:
            kwargs["source"] = os.fspath(path)
        with spooled(path, source=kwargs.get("source")) as copy:
            return function(copy, *args, **kwargs)

    wrapper.reads_input_once = True  # type: ignore[attr-defined]
    return wrapper


class _BoundedReader(io.RawIOBase):
    """A decompressing stream that refuses to expand past the size bound or the plausible compression ratio."""

    def __init__(self, inner: Any, *, raw: Any, name: str, limit: int) -> None:
        super().__init__()
        self._inner, self._raw, self._name, self._limit = inner, raw, name, limit
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._inner.readinto(buffer)
        self._position += n
        if self._position > self._limit:
            raise SourceError(M.decompression_trop_grande(nom=self._name, limite=self._limit, variable=MAX_INPUT_ENV))
        if self._position > RATIO_FLOOR_BYTES:
            consumed = max(int(self._raw.tell()), 1)
            if self._position > MAX_COMPRESSION_RATIO * consumed:
                raise SourceError(
                    M.decompression_suspecte(nom=self._name, ratio=MAX_COMPRESSION_RATIO, lu=self._position)
                )
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._position = int(self._inner.seek(offset, whence))
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        try:
            self._inner.close()
            self._raw.close()
        finally:
            super().close()


def _read_stream(fh: Any, *, name: str) -> bytes:
    """Everything a pipe delivers, once, within the size bound."""
    limit = max_input_bytes()
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise SourceError(M.flux_trop_grand(nom=name, limite=limit, variable=MAX_INPUT_ENV))
        chunks.append(chunk)


def open_bytes(path: PathLike, *, source: str | None = None) -> io.BufferedIOBase:
    """Open an input for binary reading, once: gzip is decompressed within bounds, a pipe is read into memory.

    * a regular file is opened as is; a gzipped one (recognised by its first bytes, whatever its name) is
      decompressed on the fly, refused past :func:`max_input_bytes` or when it expands more than
      :data:`MAX_COMPRESSION_RATIO` times (a decompression bomb);
    * a pipe (FIFO, ``<(...)`` process substitution) is read **once** into memory (within the same bound), so that
      the readers can go through it several times (sniffing, then parsing) without waiting for a second writer;
    * missing files, folders, devices and sockets are refused (:func:`input_status`).

    The handle returned is seekable. Raises :class:`~access_map.errors.SourceError` naming the path.

    Examples
    --------
    >>> try:
    ...     open_bytes("/nonexistent/file.csv")
    ... except SourceError as e:
    ...     print(str(e)[:50])
    impossible de lire /nonexistent/file.csv : fichier
    """
    name = _name(path, source)
    status = input_status(path, source=source)
    try:
        raw: Any = open(path, "rb")
        if stat.S_ISFIFO(status.st_mode):
            with raw:
                raw = io.BytesIO(_read_stream(raw, name=name))
        magic = raw.peek(2)[:2] if hasattr(raw, "peek") else raw.getvalue()[:2]
        if magic != _GZIP_MAGIC:
            if str(path).lower().endswith(".gz"):
                raw.close()
                raise SourceError(M.pas_du_gzip(nom=name))
            return raw  # type: ignore[no-any-return]
        gz = gzip.GzipFile(fileobj=raw, mode="rb")
        gz.peek(1)  # raises BadGzipFile early
        return io.BufferedReader(_BoundedReader(gz, raw=raw, name=name, limit=max_input_bytes()), _CHUNK)
    except SourceError:
        raise
    except (OSError, EOFError) as exc:
        raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc


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
    >>> sniff_encoding(b"\\xef\\xbb\\xbfa;b"), sniff_encoding("\\ufeffa;b".encode("utf-16-le"))
    ('utf-8-sig', 'utf-16')

    UTF-16 is recognised by its byte-order mark (Excel's « Texte Unicode » export, Windows Notepad's
    « Unicode »): read as cp1252, each character would come with a NUL byte.
    """
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
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


@reads_input
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
    name = _name(path, source)
    with open_bytes(path, source=source) as fh:
        try:
            raw = fh.read()
        except SourceError:
            raise
        except (OSError, EOFError) as exc:
            raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc
    enc = encoding or sniff_encoding(raw)
    try:
        return raw.decode(enc), enc
    except UnicodeDecodeError as exc:
        if encoding is not None:
            raise SourceError(M.decodage_impossible(nom=name, encodage=encoding, raison=exc.reason)) from None
        enc = "latin-1" if enc == "cp1252" else "cp1252"
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


#: Largest configuration file read (a ``territory.toml`` or ``scenario.toml`` is a few kB).
MAX_CONFIG_BYTES = 1 << 20


@reads_input
def read_config_text(path: PathLike, *, source: str | None = None, max_bytes: int = MAX_CONFIG_BYTES) -> str:
    """The UTF-8 text of a small configuration file, read once and bounded (``/dev/zero`` is refused).

    Raises :class:`FileNotFoundError` for a missing file (callers word it), and
    :class:`~access_map.errors.SourceError` for a folder, a device, a file larger than ``max_bytes`` or one that
    is not UTF-8.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "t.toml")
    >>> _ = open(p, "w", encoding="utf-8").write('name = "démo"\\n')
    >>> read_config_text(p)
    'name = "démo"\\n'
    """
    name = _name(path, source)
    if not os.path.lexists(path):
        raise FileNotFoundError(2, R.FICHIER_INEXISTANT, str(path))
    input_status(path, source=source)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc
    if len(raw) > max_bytes:
        raise SourceError(M.configuration_trop_grande(nom=name, limite=max_bytes))
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"  # Notepad's « Unicode »
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(M.configuration_pas_en_utf8(nom=name, raison=exc.reason)) from exc
    if not text.strip():
        raise SourceError(M.fichier_vide(nom=name))
    return text


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
    ...     print(str(e)[:78])
    z.csv : les colonnes 'CODGEO', 'code commune' correspondent toutes à 'code_com
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
                R.colonnes_ambigues(source=source or R.TABLEAU, colonnes=describe_values(found), nom=repr(canon))
            )
        if not found:
            if canon in set(required):
                missing.append(canon)
        else:
            mapping[found[0]] = canon
    if missing:
        accepted = " ; ".join(f"{m} : {liste([m, *aliases[m]], limit=8)}" for m in missing)
        raise MissingColumnError(
            M.colonnes_manquantes(manquantes=missing, nom=source or "tableau", trouvees=map(str, df.columns))
            + f". Noms acceptés : {accepted}"
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
            R.valeurs_inconnues(
                quoi=what,
                source=source or R.TABLEAU,
                colonne=repr(column),
                valeurs=describe_values(pd.unique(bad.astype(object)).tolist()),
                n=len(bad),
                attendues=describe_values(expected),
            )
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
    ...     print(str(e)[:72])
    code(s) de commune mal formé(s) ou manquant(s) dans t.csv, colonne 'code
    """
    codes = normalize_insee_codes(values)
    bad = codes[~is_insee_code(codes)]
    if len(bad):
        raise InvalidCodeError(
            R.codes_commune_malformes(
                source=source, colonne=repr(column), valeurs=describe_values(bad.tolist()), n=len(bad)
            )
        )
    return codes


def refuse_duplicate_codes(codes: pd.Series, *, source: str, column: str, first_line: int = 2) -> None:
    """Refuse a commune listed more than once, naming the codes and the lines of the file.

    ``codes`` are the normalised codes, indexed as read by :func:`read_table` (row 0 is line ``first_line`` of
    the file, the header being line 1; a filtered table keeps its row numbers). Summing duplicates silently would double a commune's
    supply or population.

    Examples
    --------
    >>> import pandas as pd
    >>> try:
    ...     refuse_duplicate_codes(pd.Series(["33063", "33001", "33063"]), source="offre.csv", column="code_commune")
    ... except InvalidCodeError as e:
    ...     print(str(e)[:77])
    offre.csv, colonne code_commune : 1 commune figure plusieurs fois (33063 ; li
    """
    dup = codes.duplicated(keep=False).to_numpy()
    if not dup.any():
        return
    rows = codes.index.to_numpy() if pd.api.types.is_integer_dtype(codes.index) else np.arange(len(codes))
    lines = (rows[dup] + first_line).tolist()
    distinct = pd.unique(codes[dup].astype(object)).tolist()
    raise InvalidCodeError(M.codes_en_double(nom=source, colonne=column, codes=distinct, n=len(distinct), lignes=lines))


def _departement_of(codes: pd.Series) -> pd.Series:
    text = codes.astype("string")
    return text.str.slice(0, 2).where(~text.str.startswith("97"), text.str.slice(0, 3))


def refuse_contradicting_departments(
    codes: pd.Series,
    departements: pd.Series,
    *,
    source: str,
    column: str,
    regions: pd.Series | None = None,
    first_line: int = 2,
) -> None:
    """Refuse rows whose department contradicts the commune code, and departments given in two regions.

    The department of a commune is the start of its INSEE code (2 characters, 3 overseas): a row
    ``DEP = 99`` for commune ``33063`` would create a department that does not exist. ``codes``,
    ``departements`` (and ``regions``) are aligned on the rows of the file (index as read by
    :func:`read_table`: row 0 is line ``first_line``); rows with a malformed code or no department are left to
    the other checks.

    Examples
    --------
    >>> import pandas as pd
    >>> refuse_contradicting_departments(pd.Series(["33063", "97101", "2A004"]), pd.Series(["33", "971", "2A"]),
    ...                                  source="pl.csv", column="DEP")
    >>> try:
    ...     refuse_contradicting_departments(pd.Series(["33063"]), pd.Series(["99"]), source="pl.csv", column="DEP")
    ... except InvalidCodeError as e:
    ...     print(str(e)[:96])
    pl.csv, colonne DEP : 1 commune dont le département contredit le code : 33063 : DEP 99 (ligne 2)
    """
    deps = departements.astype("string").str.strip().str.upper()
    usable = is_insee_code(codes).to_numpy() & deps.notna().to_numpy() & (deps.fillna("") != "").to_numpy()
    expected = _departement_of(codes)
    wrong = usable & (expected.fillna("") != deps.fillna("")).to_numpy()
    rows = codes.index.to_numpy() if pd.api.types.is_integer_dtype(codes.index) else np.arange(len(codes))
    if wrong.any():
        details = [
            f"{code} : {column} {extrait(dep, limit=20)} (ligne {row + first_line})"
            for code, dep, row in zip(codes[wrong], deps[wrong], rows[wrong], strict=True)
        ]
        raise InvalidCodeError(
            M.departement_contradictoire(nom=source, colonne=column, details=details, n=len(details))
        )
    if regions is None:
        return
    pairs = pd.DataFrame({"dep": deps.to_numpy(), "reg": regions.astype("string").str.strip().to_numpy()})[usable]
    pairs = pairs.dropna()
    per_dep = pairs.groupby("dep")["reg"].unique()
    several = per_dep[per_dep.map(len) > 1]
    if len(several):
        details = [f"{dep} : {', '.join(sorted(map(str, regs)))}" for dep, regs in several.items()]
        raise InvalidCodeError(M.region_contradictoire(nom=source, details=details, n=len(details)))


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
    reason: str = R.COMMUNE_HORS_REFERENTIEL,
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
