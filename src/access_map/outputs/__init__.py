"""Output folders and files: what a run may replace, and how it replaces it.

One policy for every command:

* **folder commands** (``refresh``, ``demo``, ``scenario``) own their output folders through a manifest
  (``.access_map.json``, :mod:`.manifest`): a folder is replaced only if access_map wrote everything in it, unchanged;
  a folder that is, or contains, an input or the configuration is refused before any work (:mod:`.guard`); the
  folders of a run are committed as one step that a killed run's successor finishes (:mod:`.commit`);
  :class:`OutputFolders` puts these together;
* **file commands** (``apl``, ``travel``, ``map``, ``zoning``, ``cpts``, ``msp``) write only the files they name,
  refuse an existing one without ``--overwrite`` and an input file even with it (:func:`check_output_files`);
* every file is written atomically (:func:`access_map._atomic.atomic_path`) and a file-system error becomes a
  French :class:`~access_map.errors.OutputError` naming the path (:func:`file_system_error`).

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with OutputFolders({"tables": root / "out"}, command="demo") as staged:
...     _ = (staged["tables"] / "a.csv").write_text("1")
>>> (root / "out" / MANIFEST_NAME).exists()
True
"""

from __future__ import annotations

from .folders import OutputFolders, file_system_error, recover_output_folders
from .guard import check_output_files, check_output_folders, paths_in
from .manifest import MANIFEST_NAME

__all__ = [
    "MANIFEST_NAME",
    "OutputFolders",
    "check_output_files",
    "check_output_folders",
    "file_system_error",
    "paths_in",
    "recover_output_folders",
]
