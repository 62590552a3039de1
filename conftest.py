"""Root pytest configuration: doctests write their temporary files under pytest's own temporary folder.

Docstring examples create folders with :func:`tempfile.mkdtemp` (as a user would); pointing
:data:`tempfile.tempdir` at the test's ``tmp_path`` makes pytest remove them with its other temporary
folders instead of leaving dozens of ``tmp*`` folders in ``/tmp`` after each run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _doctest_temporary_folder(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if type(request.node).__name__ == "DoctestItem":
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
