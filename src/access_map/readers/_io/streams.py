"""Opening an input once: a pipe is read (or spooled) a single time, a gzip decompressed within bounds.

:func:`open_bytes` gives the readers one seekable binary handle; :func:`spooled` and the :func:`reads_input`
decorator give readers that open their input several times an ordinary copy of a pipe.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import inspect
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ...errors import SourceError
from ...messages import validation as M
from .bounds import _CHUNK, _GZIP_MAGIC, _BoundedReader, _read_stream, max_input_bytes
from .files import PathLike, _name, _reason, input_status

__all__ = ["spooled", "reads_input", "open_bytes"]


_T = TypeVar("_T")


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
