"""Atomic outputs: single files (temp file + :func:`os.replace`) and whole directories.

A refresh stages every output in a hidden sibling directory and swaps it in at the
end, so an interrupted or failed run leaves the previous outputs intact. While it runs it
holds a lock beside the folder (``.NAME.lock``): a second run on the same folder stops
with a clear error. Staging folders left by a run that was killed (``.NAME.staging-*``)
are removed by the next run, which says so with a warning. Folders are created with the
user's permissions (umask), like any other file they write.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

__all__ = ["atomic_path", "DirectorySwap", "FolderLock", "recover_interrupted_swap"]

_BACKUP_SUFFIX = ".previous"


def _umask() -> int:
    """The process's umask (read without changing it for more than an instant)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _user_permissions(path: Path) -> None:
    """Give a folder made by :func:`tempfile.mkdtemp` (always 0700) the permissions of ``mkdir`` under the umask."""
    os.chmod(path, 0o777 & ~_umask())


class FolderLock:
    """An exclusive, non-blocking lock on an output folder (a ``.NAME.lock`` file beside it).

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
    ...         print(str(e)[:40])
    another run is writing the output folder
    """

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        self.path = self.target.with_name(f".{self.target.name}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            raise OutputError(
                f"another run is writing the output folder {self.target} (lock {self.path}): wait for it to end, "
                "or give this run another output folder"
            ) from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


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
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def recover_interrupted_swap(target: str | os.PathLike[str]) -> bool:
    """Restore ``target`` from its backup if a previous swap was interrupted between its two renames.

    Returns ``True`` when something was restored.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> recover_interrupted_swap(d / "out")
    False
    """
    target = Path(target)
    backup = target.with_name(target.name + _BACKUP_SUFFIX)
    if backup.exists() and not target.exists():
        os.replace(backup, target)
        return True
    if backup.exists():
        shutil.rmtree(backup, ignore_errors=True)
    return False


class DirectorySwap:
    """Stage a directory's new content beside it, then swap it in.

    ``staging`` is created empty on :meth:`__enter__` next to ``target`` (same file
    system, so renames are atomic). On a clean exit the old ``target`` is renamed to
    a backup, the staging directory renamed to ``target`` and the backup removed.
    On an exception the staging directory is deleted and ``target`` is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> with DirectorySwap(root / "out") as staging:
    ...     _ = (staging / "a.txt").write_text("1")
    >>> sorted(p.name for p in (root / "out").iterdir())
    ['a.txt']
    """

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        self.staging: Path | None = None
        self._lock = FolderLock(self.target)

    def __enter__(self) -> Path:
        if self.target.exists() and not self.target.is_dir():
            raise OutputError(
                f"the output folder {self.target} is a file: move or delete it, or choose another output folder "
                "(a refresh replaces a folder, never a file)"
            )
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()  # from here on no other run writes beside target: stale folders are ours to clean
        try:
            if recover_interrupted_swap(self.target):
                warnings.warn(
                    f"{self.target}: the previous outputs were restored from {self.target.name}{_BACKUP_SUFFIX} "
                    "(a run had been interrupted while swapping its outputs in)",
                    UserWarning,
                    stacklevel=2,
                )
            stale = sorted(self.target.parent.glob(f".{self.target.name}.staging-*"))
            for folder in stale:
                shutil.rmtree(folder, ignore_errors=True)
            if stale:
                warnings.warn(
                    f"{self.target}: removed {len(stale)} staging folder(s) left by an interrupted run "
                    f"({', '.join(f.name for f in stale)})",
                    UserWarning,
                    stacklevel=2,
                )
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.staging-", dir=self.target.parent))
            _user_permissions(self.staging)
        except BaseException:
            self._lock.release()
            raise
        return self.staging

    def commit(self) -> None:
        """Swap the staged directory in (called by ``__exit__`` on success)."""
        assert self.staging is not None
        backup = self.target.with_name(self.target.name + _BACKUP_SUFFIX)
        if self.target.exists():
            os.replace(self.target, backup)
        os.replace(self.staging, self.target)
        shutil.rmtree(backup, ignore_errors=True)
        self.staging = None

    def abort(self) -> None:
        """Delete the staged directory; the target is left as it was."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.abort()
        finally:
            self._lock.release()
