"""The files of a file command (``zoning``, ``cpts``, ``msp``) put in place together, or not at all.

A file command writes several tables in one folder. Written one by one in place, a full disk at the third table
left the first two of the new run beside the others of the previous one, with nothing to tell them apart.
:func:`files_written_together` gives the command a hidden staging folder inside its output folder (same file
system): the tables are written there, and only when all of them are, each is moved onto its name (the previous
file of that name set aside, and put back if a move fails). Files of the folder the command does not write are
never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import AccessMapError, OutputError
from ..messages import outputs as msg
from .folders import file_system_error
from .guard import _check_writable, _nearest_existing

__all__ = ["STAGING_PREFIX", "files_written_together"]

#: Name prefix of the hidden staging folder (inside the output folder).
STAGING_PREFIX = ".access_map_ecriture-"


def _shown(filename: object, staging: Path, folder: Path) -> object:
    """The path the user knows for a file of the staging folder."""
    if filename is None:
        return folder
    try:
        return folder / Path(os.fsdecode(filename)).relative_to(staging)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return filename


def _put_in_place(staging: Path, folder: Path) -> None:
    """Move every file of ``staging`` onto its place in ``folder``; undo them all if one move fails."""
    backups = staging.parent / f"{staging.name}.precedents"
    done: list[tuple[Path, Path | None]] = []  # (target, backup of the previous file or None)
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    try:
        for source in files:
            target = folder / source.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            backup = None
            if target.exists():
                backup = backups / source.relative_to(staging)
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(source, target)
    except OSError as exc:
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None and backup.exists():
                    os.replace(backup, target)
                elif backup is None and target.exists():
                    target.unlink()
        if isinstance(exc, PermissionError):  # Windows: a previous file open in Excel cannot be replaced
            raise OutputError(msg.remplacement_refuse(path=done[-1][0] if done else folder, is_file=True)) from exc
        raise file_system_error(exc, path=done[-1][0] if done else folder) from exc
    finally:
        shutil.rmtree(backups, ignore_errors=True)


@contextlib.contextmanager
def files_written_together(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a staging folder whose files replace, together and only on success, those of the same name in ``folder``.

    On any error (a full disk, Ctrl-C...) the staging folder is removed and ``folder`` is left as it was; a
    file-system error becomes a French :class:`~access_map.errors.OutputError` naming the file as the user knows it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "a.csv").write_text("ancien"); _ = (root / "notes.txt").write_text("mes notes")
    >>> with files_written_together(root) as staging:
    ...     _ = (staging / "a.csv").write_text("nouveau"); _ = (staging / "b.csv").write_text("nouveau")
    >>> sorted(p.name for p in root.iterdir()), (root / "a.csv").read_text()
    (['a.csv', 'b.csv', 'notes.txt'], 'nouveau')
    >>> try:
    ...     with files_written_together(root) as staging:
    ...         _ = (staging / "a.csv").write_text("partiel")
    ...         raise OSError(28, "No space left on device", str(staging / "b.csv"))
    ... except OutputError as e:
    ...     print(str(e).split(" : ")[1])
    le disque est plein ; libérez de la place ou choisissez un dossier de sortie sur un autre disque. Les sorties \
précédentes sont intactes.
    >>> (root / "a.csv").read_text(), sorted(p.name for p in root.iterdir())
    ('nouveau', ['a.csv', 'b.csv', 'notes.txt'])
    """
    target = Path(folder)
    _check_writable(_nearest_existing(target))  # a read-only folder stays so, even for root
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target))
    except OSError as exc:
        if isinstance(exc, AccessMapError):
            raise
        raise file_system_error(exc, path=target) from exc
    try:
        try:
            yield staging
        except OSError as exc:
            if isinstance(exc, AccessMapError):
                raise
            raise file_system_error(exc, path=_shown(exc.filename, staging, target)) from exc
        _put_in_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
