"""Atomic outputs: single files (temp file + :func:`os.replace`) and whole directories.

A refresh stages every output in a hidden sibling directory and swaps it in at the
end, so an interrupted or failed run leaves the previous outputs intact.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path", "DirectorySwap", "recover_interrupted_swap"]

_BACKUP_SUFFIX = ".previous"


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

    def __enter__(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        recover_interrupted_swap(self.target)
        for stale in self.target.parent.glob(f".{self.target.name}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed run (single writer assumed)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.staging-", dir=self.target.parent))
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
        if exc_type is None:
            self.commit()
        else:
            self.abort()
