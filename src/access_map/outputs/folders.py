""":class:`OutputFolders`: the output folders of one run, checked before any work, staged, committed as one.

The policy (README, « Dossiers de sortie »):

* a folder is replaced only if access_map wrote everything in it (:mod:`.manifest`); an empty or new folder is
  fine; nothing is ever written into a folder that is, or contains, an input or the configuration (:mod:`.guard`);
* the new folder keeps the old one's mode bits (setgid and sticky included), owner and group where the process may
  set them; a new folder follows the umask;
* all the folders of a run are swapped in by one commit (:mod:`.commit`): after a kill at any point, the next run
  on any of them first finishes or discards the interrupted commit, so each folder holds either all the old or
  all the new outputs;
* a file-system error (disk full, read-only disk, permission, name too long, a file open in Excel on Windows)
  becomes an :class:`~access_map.errors.OutputError` in French naming the path; the previous outputs are intact.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import time
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from .._atomic import FolderLock
from ..errors import AccessMapError, OutputError
from ..messages import outputs as msg
from .commit import commit, journal_for, journals_of, leftovers_of, read_journal, roll_forward, swap_for
from .guard import check_output_folders, resolved
from .manifest import folder_entries, legacy_outputs, ownership, write_manifest

__all__ = ["OutputFolders", "recover_output_folders", "file_system_error"]

#: Errors that only writing raises: reported as such whatever the file they name.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EIO} | (
    {errno.EDQUOT} if hasattr(errno, "EDQUOT") else set()
)


def file_system_error(exc: OSError, *, path: object | None = None, intact: bool = True) -> OutputError:
    """The French :class:`OutputError` for a file-system error met while writing ``path``.

    Examples
    --------
    >>> import errno
    >>> str(file_system_error(OSError(errno.EROFS, "Read-only file system"), path="/d/out"))[:60]
    "impossible d'écrire /d/out : le système de fichiers est en l"
    """
    where = path if path is not None else exc.filename
    return OutputError(msg.erreur_systeme(path=where, code=exc.errno, detail=exc.strerror or str(exc), intact=intact))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _open_files(folder: Path) -> list[str]:
    """Files of ``folder`` that another program holds open for writing (Windows: Excel locks the file it shows)."""
    found = []
    for name in folder_entries(folder) if folder.is_dir() else []:
        try:
            with open(folder / name, "r+b"):
                pass
        except PermissionError:
            found.append(name)
        except OSError:
            pass
    return found


def recover_output_folders(targets: Iterable[str | os.PathLike[str]], *, held: Iterable[Path] = ()) -> list[str]:
    """Finish or discard what a killed run left beside ``targets``; return the warnings to show.

    Interrupted commits (a journal) are rolled forward, taking the lock of every folder they touch besides
    ``held`` (the folders whose lock the caller holds); then the staging and backup folders that belong to no
    commit are deleted. Afterwards every folder holds either all the old or all the new outputs of any run.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / ".out.staging-r1").mkdir()
    >>> recover_output_folders([root / "out"])[0][-60:]
    '(.out.staging-r1) ; les sorties précédentes étaient intactes'
    >>> list(root.iterdir())
    []
    """
    paths = [Path(t) for t in targets]
    held_set = {*paths, *held}
    notes = []
    for journal in journals_of(paths):
        swaps = read_journal(journal) or []
        locks = [FolderLock(s.target) for s in swaps if s.target not in held_set]
        for lock in locks:
            lock.acquire()  # another run writing there: OutputError (dossier_verrouille)
        try:
            done = roll_forward(journal)
        finally:
            for lock in locks:
                lock.release()
        if done:
            notes.append(msg.echange_complete(folders=done, journal=journal))
    for target in paths:
        left = leftovers_of(target)
        for path in left:
            _remove(path)
        folders = [p.name for p in left if ".staging-" in p.name or ".previous-" in p.name]
        if folders:
            notes.append(msg.dossiers_provisoires_supprimes(folder=target, names=folders))
    return notes


class OutputFolders:
    """The output folders of a run (role → folder), written as one (see the module docstring).

    ``inputs``: every input file of the run, the configuration included (no folder may contain one).
    ``legacy_index``: a ``provenance.json`` whose ``outputs`` an earlier version wrote; a folder without a
    manifest is accepted only if it lists every file in it.

    Entering checks the folders (:meth:`check`), takes their locks, recovers an interrupted run and creates the
    staging folders, returned as role → path; leaving without error writes each folder's manifest and commits;
    leaving with an error deletes the staging folders (the targets are untouched).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with OutputFolders({"tables": root / "out", "maps": root / "maps"}, command="demo") as staged:
    ...     _ = (staged["tables"] / "a.csv").write_text("1")
    ...     _ = (staged["maps"] / "a.html").write_text("2")
    >>> sorted(p.name for p in (root / "out").iterdir())
    ['.access_map.json', 'a.csv']
    >>> _ = (root / "out" / "notes.txt").write_text("mes notes")
    >>> OutputFolders({"tables": root / "out"}, command="demo").check()
    Traceback (most recent call last):
    access_map.errors.OutputError: le dossier de sortie ... contient 1 fichier que access_map n'a pas écrit (notes.txt)...
    """

    def __init__(
        self,
        folders: Mapping[str, str | os.PathLike[str]],
        *,
        command: str,
        inputs: Iterable[str | os.PathLike[str]] = (),
        legacy_index: Path | None = None,
    ) -> None:
        self.command = command
        self.roles = list(folders)
        self.written = [Path(p) for p in folders.values()]  # as given, for messages
        self.targets = [resolved(p) for p in self.written]
        self.inputs = [Path(p) for p in inputs]
        self.legacy_index = legacy_index
        self.run_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
        self.swaps = [swap_for(t, self.run_id) for t in self.targets]
        self.journal = journal_for(self.targets[0], self.run_id)
        self._locks = [FolderLock(t) for t in self.targets]
        self._modes: dict[Path, int] = {}
        self._seen: dict[Path, dict[str, tuple[int, int]]] = {}

    # ------------------------------------------------------------------ checks

    def check(self) -> None:
        """Refuse, before any work, folders the run must not write or replace (nothing is written)."""
        check_output_folders(self.targets, inputs=self.inputs)
        legacy = legacy_outputs(self.legacy_index) if self.legacy_index is not None else None
        for target in self.targets:
            if not target.is_dir():
                continue
            owned = ownership(target, legacy=legacy)
            if owned.foreign:
                raise OutputError(msg.fichiers_etrangers(folder=target, files=owned.foreign))
            if owned.modified:
                raise OutputError(msg.fichiers_modifies(folder=target, files=owned.modified))

    def _snapshot(self, target: Path) -> dict[str, tuple[int, int]]:
        out = {}
        for name in folder_entries(target) if target.is_dir() else []:
            info = os.lstat(target / name)
            out[name] = (info.st_size, info.st_mtime_ns)
        return out

    # ------------------------------------------------------------------ staging

    def _stage(self) -> dict[str, Path]:
        for swap in self.swaps:
            swap.target.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(swap.staging, 0o777)  # the umask applies; a setgid parent's group is inherited
            if swap.target.is_dir():
                old = swap.target.stat()
                self._modes[swap.target] = stat.S_IMODE(old.st_mode)
                if hasattr(os, "chown"):
                    try:
                        os.chown(swap.staging, old.st_uid, old.st_gid)
                    except OSError:
                        pass  # not permitted: the folder stays ours
                # writable for us while the run writes; the exact old mode is set just before the commit
                os.chmod(swap.staging, stat.S_IMODE(old.st_mode) | stat.S_IRWXU)
        return {role: swap.staging for role, swap in zip(self.roles, self.swaps, strict=True)}

    def _discard_staging(self) -> None:
        for swap in self.swaps:
            if os.path.lexists(swap.staging):
                shutil.rmtree(swap.staging, ignore_errors=True)

    def __enter__(self) -> dict[str, Path]:
        check_output_folders(self.targets, inputs=self.inputs)
        acquired: list[FolderLock] = []
        try:
            for lock in sorted(self._locks, key=lambda lk: str(lk.path)):
                lock.acquire()
                acquired.append(lock)
            for note in recover_output_folders(self.targets, held=self.targets):
                warnings.warn(note, UserWarning, stacklevel=2)
            self.check()
            self._seen = {t: self._snapshot(t) for t in self.targets}
            return self._stage()
        except BaseException as exc:
            self._discard_staging()
            for lock in acquired:
                lock.release()
            if isinstance(exc, OSError) and not isinstance(exc, AccessMapError):
                raise self._error(exc) from exc
            raise

    # ------------------------------------------------------------------ commit

    def _shown(self, filename: object) -> Path | None:
        """The user's name of a path inside a staging folder (the target's), or the path itself."""
        if filename is None:
            return None
        path = Path(os.fsdecode(filename)) if isinstance(filename, str | bytes) else None
        if path is None:
            return None
        for swap, written in zip(self.swaps, self.written, strict=True):
            for folder in (swap.staging, swap.backup, swap.target):
                if path == folder or folder in path.parents:
                    return written / path.relative_to(folder)
        return path

    def _error(self, exc: OSError) -> OutputError | OSError:
        """The French error for ``exc`` raised while the run wrote, or ``exc`` itself when it is about an input."""
        shown = self._shown(exc.filename)
        ours = shown is not None and any(
            shown == w or w in shown.parents or (shown.parent == w.parent and shown.name.startswith(f".{w.name}."))
            for w in self.written
        )  # inside an output folder, or its lock, staging or journal beside it; never an input
        if exc.errno in _WRITE_ERRNOS or ours:
            return file_system_error(exc, path=shown if shown is not None else self.written[0])
        return exc

    def _check_unchanged(self) -> None:
        """Refuse to swap a folder the user added files to (or changed) while the run computed."""
        for target, written in zip(self.targets, self.written, strict=True):
            now = self._snapshot(target)
            before = self._seen.get(target, {})
            changed = sorted(n for n, sig in now.items() if before.get(n) != sig)
            if changed:
                raise OutputError(msg.fichiers_ajoutes_pendant_le_calcul(folder=written, files=changed))

    def _commit(self) -> None:
        self._check_unchanged()
        for role, swap in zip(self.roles, self.swaps, strict=True):
            write_manifest(swap.staging, command=self.command, role=role, run_id=self.run_id, journal=self.journal)
            if swap.target in self._modes:
                os.chmod(swap.staging, self._modes[swap.target])
        try:
            commit(self.swaps, self.journal)
        except OSError as exc:
            if self.journal.exists():  # the renames could not be undone: the next run finishes them
                raise OutputError(
                    msg.echange_interrompu(folders=self.written, journal=self.journal, detail=str(exc))
                ) from exc
            if isinstance(exc, PermissionError):
                folder = self._shown(exc.filename) or self.written[0]
                real = next((s.target for s, w in zip(self.swaps, self.written, strict=True) if w == folder), None)
                raise OutputError(
                    msg.remplacement_refuse(path=folder, open_files=_open_files(real) if real else [])
                ) from exc
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc is None:
                try:
                    self._commit()
                except OSError as error:
                    if not self.journal.exists():
                        self._discard_staging()
                    converted = error if isinstance(error, AccessMapError) else self._error(error)
                    if converted is error:
                        raise
                    raise converted from error
                except BaseException:
                    if not self.journal.exists():
                        self._discard_staging()
                    raise
            else:
                self._discard_staging()
                if isinstance(exc, OSError) and not isinstance(exc, AccessMapError):
                    converted = self._error(exc)
                    if converted is not exc:
                        raise converted from exc
        finally:
            for lock in self._locks:
                lock.release()
