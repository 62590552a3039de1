"""The manifest of an output folder: the record of what access_map wrote there, and who owns each file.

Every folder a run commits holds ``.access_map.json``: the command, the run id, the journal of the commit and,
for each file the run wrote (path relative to the folder), its size and SHA-256. A later run replaces the folder
only if every file in it is listed there with the same content (:func:`ownership`): a file the user added, or a
listed file the user changed since (edited, saved again from a spreadsheet), keeps the folder from being replaced.

A folder written by an earlier version of access_map has no manifest. It is accepted only when a
``provenance.json`` of a refresh (it has ``access_map_version``) lists every file in it (its ``outputs``); any
other folder without a manifest must be empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from .._atomic import atomic_path

__all__ = ["MANIFEST_NAME", "Ownership", "folder_entries", "legacy_outputs", "ownership", "read_manifest", "sha256"]

#: Name of the manifest in every output folder.
MANIFEST_NAME = ".access_map.json"
_FORMAT = 1


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read by blocks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def folder_entries(folder: Path) -> list[str]:
    """Every file, link or other non-folder entry under ``folder`` (POSIX paths relative to it), manifest excluded.

    Symbolic links are listed, never followed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / "cartes").mkdir(); _ = (d / "cartes" / "a.html").write_text("x"); _ = (d / "b.csv").write_text("y")
    >>> folder_entries(d)
    ['b.csv', 'cartes/a.html']
    """
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        rel = Path(root).relative_to(folder)
        # a link to a folder is listed as an entry of its own, never walked into
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        for name in [*files, *links]:
            out.append((rel / name).as_posix())
    return sorted(p for p in out if p != MANIFEST_NAME)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder``, or ``None`` when it has none (or an unreadable one).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> read_manifest(pathlib.Path(tempfile.mkdtemp())) is None
    True
    """
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("access_map_manifest") != _FORMAT:
        return None
    if not isinstance(data.get("files"), dict):
        return None
    return data


def write_manifest(folder: Path, *, command: str, role: str, run_id: str, journal: Path) -> dict[str, Any]:
    """Record every file now in ``folder`` (size and SHA-256) in its manifest; return the manifest.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "t.csv").write_text("a\\n")
    >>> m = write_manifest(d, command="demo", role="tables", run_id="r1", journal=d / "j.json")
    >>> list(m["files"]), ownership(d).foreign
    (['t.csv'], [])
    """
    files = {
        name: {"bytes": (folder / name).stat().st_size, "sha256": sha256(folder / name)}
        for name in folder_entries(folder)
    }
    manifest = {
        "access_map_manifest": _FORMAT,
        "access_map_version": __version__,
        "command": command,
        "role": role,
        "run_id": run_id,
        "journal": str(journal),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "files": files,
    }
    with atomic_path(folder / MANIFEST_NAME) as tmp:
        tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return manifest


def legacy_outputs(provenance: Path) -> set[str] | None:
    """Files an earlier version's refresh listed in its ``provenance.json`` (with the file itself), or ``None``.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "provenance.json"
    >>> _ = p.write_text(json.dumps({"access_map_version": "0.9", "outputs": ["a.csv"]}))
    >>> sorted(legacy_outputs(p))
    ['a.csv', 'provenance.json']
    """
    try:
        data = json.loads(provenance.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or "access_map_version" not in data or not isinstance(data.get("outputs"), list):
        return None
    return {str(p) for p in data["outputs"]} | {"provenance.json"}


@dataclass(frozen=True)
class Ownership:
    """Entries of a folder that access_map did not write (``foreign``) or wrote and were changed since (``modified``)."""

    foreign: list[str]
    modified: list[str]

    @property
    def owned(self) -> bool:
        """True when the folder may be replaced."""
        return not self.foreign and not self.modified


def _changed(path: Path, record: Any) -> bool:
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode) or not isinstance(record, dict):
        return True
    return bool(info.st_size != record.get("bytes") or sha256(path) != record.get("sha256"))


def ownership(folder: Path, *, legacy: Iterable[str] | None = None) -> Ownership:
    """Which entries of ``folder`` keep it from being replaced (see the module docstring).

    ``legacy``: for a folder without a manifest, the files an earlier version recorded as its outputs.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "notes.txt").write_text("mes notes")
    >>> ownership(d).foreign
    ['notes.txt']
    >>> ownership(d, legacy={"notes.txt"}).owned
    True
    """
    entries = folder_entries(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        known = set(legacy or ())
        return Ownership(foreign=[e for e in entries if e not in known], modified=[])
    files: dict[str, Any] = manifest["files"]
    foreign = [e for e in entries if e not in files]
    modified = [e for e in entries if e in files and _changed(folder / e, files[e])]
    return Ownership(foreign=foreign, modified=modified)
