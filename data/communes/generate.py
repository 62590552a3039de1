"""Regenerate the FICTIONAL demo territory shipped in the package; this folder links to it.

Usage (from the repository root)::

    python data/communes/generate.py

The files are produced by :func:`access_map.datasets.write_demo` from the fixed seed
``access_map.datasets.demo.DEMO_SEED``; ``tests/test_demo_files.py`` checks that the
committed files equal the generator's output.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from access_map.datasets.demo import DEMO_FILES, _regenerate_shipped, demo_directory  # noqa: E402


def link_here() -> None:
    """Make every data file of this folder a relative symbolic link to the package copy (one source of truth)."""
    for name in sorted(DEMO_FILES.values()):
        link = HERE / name
        target = Path("..", "..", demo_directory().relative_to(HERE.parents[1]), name)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)


if __name__ == "__main__":
    for path in _regenerate_shipped():
        print(path)
    link_here()
