"""One commit for all the folders of a run: a journal, then renames that a later run can finish.

A run writes each of its output folders ``T`` in a hidden sibling ``.T.staging-RUN``. To commit:

1. the journal ``.T0.commit-RUN.json`` (beside the first folder) is written atomically: it lists, for every
   folder, the target, its staging folder and the backup name ``.T.previous-RUN``. **Writing it is the commit
   point**: before it, no target was touched; after it, the run's outputs are the ones to keep;
2. for each folder in turn, the old ``T`` is renamed to its backup and the staging folder to ``T``;
3. the backups are deleted, then the journal.

The same commit puts in place the *files* of a file command (``zoning``, ``cpts``, ``msp``,
:mod:`access_map.outputs.files`): each swap is then one file, its staging and backup files inside hidden folders of
the output folder, which the journal lists under ``cleanup`` to be deleted before it.

A run killed during 2 or 3 leaves the journal: :func:`roll_forward` (run by the next run on any of these
folders, see :mod:`access_map.outputs.folders`) replays the remaining steps, each of which it can tell from the
folders themselves, so that every folder ends with the new outputs. A run killed before 1 leaves only staging
folders, which the next run deletes: every folder keeps its old outputs. A step that *fails* during 2 (a file
open in Excel on Windows, a full disk…) is undone at once (:func:`roll_back`) and the journal removed, so that the
error reaches the user with every folder as it was.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .._atomic import atomic_path
from .manifest import read_manifest

__all__ = [
    "Swap",
    "checkpoint",
    "commit",
    "journals_of",
    "leftovers_of",
    "read_cleanup",
    "read_journal",
    "roll_back",
    "roll_forward",
    "swap_for",
]

_FORMAT = 1


@dataclass(frozen=True)
class Swap:
    """One folder of a commit: the ``target``, the ``staging`` folder replacing it, the ``backup`` of the old one."""

    target: Path
    staging: Path
    backup: Path


def swap_for(target: Path, run_id: str) -> Swap:
    """The staging and backup names of ``target`` in run ``run_id`` (hidden siblings, same file system).

    Examples
    --------
    >>> s = swap_for(Path("/d/sorties"), "r1")
    >>> s.staging.name, s.backup.name
    ('.sorties.staging-r1', '.sorties.previous-r1')
    """
    return Swap(
        target=target,
        staging=target.with_name(f".{target.name}.staging-{run_id}"),
        backup=target.with_name(f".{target.name}.previous-{run_id}"),
    )


def journal_for(target: Path, run_id: str) -> Path:
    """The journal of run ``run_id``, beside its first folder ``target``."""
    return target.with_name(f".{target.name}.commit-{run_id}.json")


def checkpoint(step: str) -> None:
    """Called after every step of a commit, with the step's name. Does nothing.

    Tests replace it to stop the process at each step, as a kill would (``tests/test_output_folders.py``).
    """


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_journal(journal: Path, swaps: Sequence[Swap], cleanup: Sequence[Path] = ()) -> None:
    """Write the journal atomically and durably (file and folder synced): the commit point.

    ``cleanup``: folders to delete once every swap is done, before the journal (the staging and backup folders
    holding the files of a file command).
    """
    data = {
        "access_map_commit": _FORMAT,
        "folders": [{"target": str(s.target), "staging": str(s.staging), "backup": str(s.backup)} for s in swaps],
        "cleanup": [str(p) for p in cleanup],
    }
    with atomic_path(journal) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
    _fsync_folder(journal.parent)


def read_journal(journal: Path) -> list[Swap] | None:
    """The folders of a journal, or ``None`` if it is absent or unreadable."""
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        return [Swap(Path(f["target"]), Path(f["staging"]), Path(f["backup"])) for f in data["folders"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_cleanup(journal: Path) -> list[Path]:
    """The folders a journal says to delete after its swaps (none for a journal of output folders)."""
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        return [Path(p) for p in data.get("cleanup", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def _forward(swap: Swap, index: int) -> None:
    """Put the staged folder or file in place of the target (the old one becomes the backup); idempotent."""
    if not _exists(swap.staging):
        return  # done already
    if _exists(swap.target):
        if _exists(swap.backup):  # never happens in a commit: refuse rather than guess
            raise FileExistsError(17, "backup and target both exist", str(swap.backup))
        swap.backup.parent.mkdir(parents=True, exist_ok=True)
        os.replace(swap.target, swap.backup)
        checkpoint(f"backup {index}")
    swap.target.parent.mkdir(parents=True, exist_ok=True)  # a sub-folder the file command writes for the first time
    os.replace(swap.staging, swap.target)
    checkpoint(f"swap {index}")


def _delete(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _finish(swaps: Sequence[Swap], journal: Path, cleanup: Sequence[Path] = ()) -> None:
    for i, swap in enumerate(swaps):
        if _exists(swap.backup):
            _delete(swap.backup)
            checkpoint(f"delete backup {i}")
    for folder in cleanup:
        if _exists(folder):
            _delete(folder)
            checkpoint("delete staging")
    journal.unlink(missing_ok=True)
    checkpoint("delete journal")


def roll_forward(journal: Path) -> list[Path]:
    """Finish the commit described by ``journal``: every folder ends with the new outputs. Returns the targets.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> s = swap_for(root / "out", "r1"); s.staging.mkdir(); (root / "out").mkdir()
    >>> write_journal(root / "j.json", [s])
    >>> roll_forward(root / "j.json") == [root / "out"], s.staging.exists(), (root / "j.json").exists()
    (True, False, False)
    """
    swaps = read_journal(journal)
    if swaps is None:
        journal.unlink(missing_ok=True)
        return []
    for i, swap in enumerate(swaps):
        _forward(swap, i)
    _finish(swaps, journal, read_cleanup(journal))
    return [s.target for s in swaps]


def roll_back(swaps: Sequence[Swap]) -> None:
    """Undo the renames of a commit that failed (new outputs back to staging, backups back in place)."""
    for swap in reversed(swaps):
        if not _exists(swap.staging) and _exists(swap.target):
            os.replace(swap.target, swap.staging)
        if _exists(swap.backup) and not _exists(swap.target):
            os.replace(swap.backup, swap.target)


def commit(swaps: Sequence[Swap], journal: Path, cleanup: Sequence[Path] = ()) -> None:
    """Swap every staged folder in, as one step (see the module docstring).

    On an :class:`OSError` during the renames, they are undone and the journal removed before the error
    propagates (every folder as it was); if undoing fails too, the journal stays for the next run to finish.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> swaps = [swap_for(root / n, "r1") for n in ("out", "maps")]
    >>> for s in swaps:
    ...     s.staging.mkdir(); _ = (s.staging / "new.txt").write_text("2")
    >>> commit(swaps, journal_for(root / "out", "r1"))
    >>> sorted(p.name for p in root.iterdir())
    ['maps', 'out']
    """
    write_journal(journal, swaps, cleanup)
    checkpoint("journal")
    try:
        for i, swap in enumerate(swaps):
            _forward(swap, i)
    except OSError:
        roll_back(swaps)  # raises if it cannot: the journal then stays, and the next run rolls forward
        journal.unlink(missing_ok=True)
        raise
    _finish(swaps, journal, cleanup)


def _siblings(target: Path, kind: str) -> list[Path]:
    return sorted(target.parent.glob(f".{glob.escape(target.name)}.{kind}-*"))


def journals_of(targets: Iterable[Path]) -> list[Path]:
    """Journals of unfinished commits touching any of ``targets``.

    Found beside a target, or named by the manifest of a target or of one of its staging folders (a journal
    lives beside the first folder of its run only).
    """
    found: set[Path] = set()
    for target in targets:
        found.update(p for p in _siblings(target, "commit") if p.suffix == ".json" and ".tmp" not in p.name)
        for folder in [target, *_siblings(target, "staging")]:
            manifest = read_manifest(folder) if folder.is_dir() else None
            if manifest is not None and isinstance(manifest.get("journal"), str):
                journal = Path(manifest["journal"])
                if journal.exists():
                    found.add(journal)
    return sorted(found)


def leftovers_of(target: Path) -> list[Path]:
    """Staging and backup folders, and unfinished journal files, that a killed run left beside ``target``.

    Call it after :func:`roll_forward` of :func:`journals_of`: what is left then belongs to no commit.
    """
    journal_temps = sorted(target.parent.glob(f"..{glob.escape(target.name)}.commit-*"))  # from atomic_path
    return [*_siblings(target, "staging"), *_siblings(target, "previous"), *_siblings(target, "commit"), *journal_temps]
