"""The files of a file command (``zoning``, ``cpts``, ``msp``) put in place together, or not at all.

A file command writes several tables (and maps) into a folder that may hold the user's own files, which it never
touches. :func:`files_written_together` gives the command a hidden staging folder inside its output folder (same
file system). When every file is written there, they are put in place by the journaled commit of
:mod:`access_map.outputs.commit`, one swap per file:

1. the journal ``.access_map_ecriture-RUN.json`` (in the output folder) lists, for every file, its target, its
   staged file and the backup name of the previous file of that name. **Writing it is the commit point**;
2. each previous file is moved to the hidden backup folder and the new one onto its name;
3. the backups and the staging folder are deleted, then the journal.

After a kill at any point, the next file command writing into the folder (:func:`recover_files`, run on entry under
the folder's lock) rolls a journal forward — every file of the interrupted run is then in place — or, without a
journal, deletes the staging folder: the folder holds either all the previous files or all the new ones. A move
that *fails* (a file open in Excel on Windows, a full disk) is undone at once and reported in French.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from .._atomic import FolderLock
from ..errors import AccessMapError, OutputError
from ..messages import outputs as msg
from .commit import Swap, commit, read_journal, roll_forward
from .folders import file_system_error
from .guard import _check_writable, _nearest_existing

__all__ = ["STAGING_PREFIX", "LOCK_NAME", "files_written_together", "recover_files"]

#: Name prefix of the hidden staging folder, of its backup folder and of the journal (inside the output folder).
STAGING_PREFIX = ".access_map_ecriture-"
#: The lock of an output folder of file commands (inside it: its parent may not be writable; deleted after the
#: command, except on Windows).
LOCK_NAME = ".access_map_ecriture.lock"


def _journals(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob(f"{STAGING_PREFIX}*.json") if ".tmp" not in p.name)


def _leftovers(folder: Path) -> list[Path]:
    """Staging and backup folders, and unfinished journal files, that no journal describes any more."""
    return sorted([*folder.glob(f"{STAGING_PREFIX}*"), *folder.glob(f".{STAGING_PREFIX}*")])


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:  # the folder reached by another path (a link): its name is enough
        return path.name


def recover_files(folder: Path) -> list[str]:
    """Finish (journal) or discard (no journal) what a killed file command left in ``folder``; return the notes.

    Call it with the folder's lock held (:func:`files_written_together` does).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / f"{STAGING_PREFIX}r1").mkdir(); _ = (root / f"{STAGING_PREFIX}r1" / "a.csv").write_text("partiel")
    >>> recover_files(root)[0][-68:]
    '(.access_map_ecriture-r1) ; les sorties précédentes étaient intactes'
    >>> list(root.iterdir())
    []
    """
    notes = []
    for journal in _journals(folder):
        swaps = read_journal(journal) or []
        done = roll_forward(journal)
        if done:
            files = [_relative(s.target, folder) for s in swaps]
            notes.append(msg.fichiers_completes(folder=folder, files=files, journal=journal.name))
    left = _leftovers(folder)
    for path in left:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if left:
        notes.append(msg.dossiers_provisoires_supprimes(folder=folder, names=[p.name for p in left]))
    return notes


def _shown(filename: object, places: list[Path], folder: Path) -> object:
    """The path the user knows for a file of the staging or backup folder."""
    if filename is None:
        return folder
    try:
        path = Path(os.fsdecode(filename))  # type: ignore[arg-type]
    except TypeError:
        return filename
    for place in places:
        if path == place or place in path.parents:
            return folder / path.relative_to(place)
    return path


def _put_in_place(staging: Path, backups: Path, journal: Path, root: Path, folder: Path) -> None:
    """Commit every file of ``staging`` onto its name in ``root`` (see the module docstring).

    ``root`` is the output folder as an absolute path (the journal must hold paths that do not depend on the
    working folder of the command that finishes it); ``folder`` is the same folder as the user named it.
    """
    files = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file() or p.is_symlink())
    swaps = [Swap(target=root / rel, staging=staging / rel, backup=backups / rel) for rel in files]
    for rel, swap in zip(files, swaps, strict=True):  # a folder of the user's is never swapped out for a file
        if swap.target.is_dir() and not swap.target.is_symlink():
            raise OutputError(msg.dossier_au_lieu_de_fichier(path=folder / rel))
    try:
        commit(swaps, journal, cleanup=[backups, staging])
    except OSError as exc:
        shown = _shown(exc.filename, [staging, backups, root], folder)
        if journal.exists():  # the moves could not be undone: the next command writing here finishes them
            raise OutputError(msg.fichiers_interrompus(folder=folder, journal=journal, detail=str(exc))) from exc
        if isinstance(exc, PermissionError):  # Windows: a previous file open in Excel cannot be replaced
            raise OutputError(msg.remplacement_refuse(path=shown, is_file=True)) from exc
        raise file_system_error(exc, path=shown) from exc


@contextlib.contextmanager
def files_written_together(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a staging folder whose files replace, together and only on success, those of the same name in ``folder``.

    On entry the folder's lock is taken and what a killed command left there is finished or discarded
    (:func:`recover_files`; its notes are issued as :class:`UserWarning`). On any error (a full disk, Ctrl-C...)
    the staging folder is removed and ``folder`` is left as it was; a file-system error becomes a French
    :class:`~access_map.errors.OutputError` naming the file as the user knows it. Files of the folder the command
    does not write are never touched.

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
    root = Path(os.path.abspath(target))
    run_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
    staging = root / f"{STAGING_PREFIX}{run_id}"
    backups = root / f"{STAGING_PREFIX}{run_id}.precedents"
    journal = root / f"{STAGING_PREFIX}{run_id}.json"
    lock = FolderLock(target, lock_file=root / LOCK_NAME, remove=True)
    try:
        target.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except OSError as exc:
        if isinstance(exc, AccessMapError):
            raise
        raise file_system_error(exc, path=target) from exc
    try:
        try:
            for note in recover_files(root):
                warnings.warn(note, UserWarning, stacklevel=3)
            staging.mkdir()
            yield staging
        except OSError as exc:
            if isinstance(exc, AccessMapError):
                raise
            raise file_system_error(exc, path=_shown(exc.filename, [staging], target)) from exc
        _put_in_place(staging, backups, journal, root, target)
    finally:
        if not journal.exists():  # else a commit that could not be undone: the next command finishes it
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(backups, ignore_errors=True)
        lock.release()
