"""Atomic single files (temp file + :func:`os.replace`) and the lock of an output folder.

Whole output folders (staged, checked, committed as one) are :mod:`access_map.outputs`; this module is the
layer below it, used by every writer of the package.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError
from .messages import outputs as msg

__all__ = ["atomic_path", "FolderLock"]

#: Errors only writing raises: :func:`atomic_path` names its file in them when the writer did not.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EIO} | (
    {errno.EDQUOT} if hasattr(errno, "EDQUOT") else set()
)


class FolderLock:
    """An exclusive, non-blocking lock on an output folder (a ``.NAME.lock`` file beside it, or ``lock_file``).

    The lock is an OS lock on an open file (``fcntl.flock``; ``msvcrt.locking`` on Windows): it is released when
    the process ends, even when killed, so a stale lock file never blocks the next run.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "sorties"
    >>> with FolderLock(d):
    ...     try:
    ...         FolderLock(d).acquire()
    ...     except OutputError as e:
    ...         print(str(e)[:51])
    une autre exécution écrit dans le dossier de sortie
    """

    def __init__(
        self, target: str | os.PathLike[str], *, lock_file: str | os.PathLike[str] | None = None, remove: bool = False
    ) -> None:
        self.target = Path(target)
        self.path = Path(lock_file) if lock_file is not None else self.target.with_name(f".{self.target.name}.lock")
        # ``remove``: delete the lock file on release (POSIX; Windows cannot delete an open file), so that it is
        # not left among the user's files. A process that opened the file before it was deleted then finds, once
        # it holds the lock, that the path names another file (or none), and starts again.
        self.remove = remove and os.name != "nt"
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                _lock(fd)
            except OSError as exc:
                os.close(fd)
                raise OutputError(msg.dossier_verrouille(folder=self.target, lock=self.path)) from exc
            if not self.remove or _same_file(fd, self.path):
                self._fd = fd
                return
            _unlock(fd)
            os.close(fd)

    def release(self) -> None:
        if self._fd is not None:
            if self.remove:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)  # while still held: see __init__
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    """True when ``path`` still names the open file ``fd``."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` only on success.

    A write error naming the temporary file, or no file (a full disk met by a writer), is raised again naming
    ``path``; a refused
    replacement (on Windows, ``path`` open in Excel) is an :class:`OutputError` saying so: ``path`` is intact.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "t.csv") as tmp:
    ...     _ = tmp.write_text("a,b\\n")
    >>> (d / "t.csv").read_text()
    'a,b\\n'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp" + target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers (pyogrio, rasterio) want to create the file themselves
    try:
        try:
            yield tmp
        except OSError as exc:
            # name the file the user knows: the target, not its temporary name
            if (exc.filename is None and exc.errno in _WRITE_ERRNOS) or exc.filename in (str(tmp), tmp):
                raise type(exc)(exc.errno, exc.strerror or str(exc), str(target)) from exc
            raise
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputError(msg.remplacement_refuse(path=target, is_file=True)) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
