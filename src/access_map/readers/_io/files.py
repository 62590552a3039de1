"""Which paths may be read: regular files (or pipes), never folders, devices or sockets; errors in French.

:func:`input_status` refuses what cannot be read as an input and :func:`require_regular_file` what a reader that
seeks in its file (GDAL, Parquet, workbooks) cannot read, with a message naming the path.
"""

from __future__ import annotations

import gzip
import os
import stat
from pathlib import Path

from ...errors import SourceError
from ...messages import validation as M
from ...messages.outputs import cause_systeme
from .bounds import _GZIP_MAGIC, MAX_COMPRESSION_RATIO, MAX_INPUT_ENV, RATIO_FLOOR_BYTES, max_input_bytes

__all__ = ["PathLike", "input_status", "require_regular_file"]


PathLike = str | os.PathLike


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
