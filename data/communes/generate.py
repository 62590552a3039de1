"""Regenerate the FICTIONAL demo territory: this folder and the copy shipped in the package.

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

from access_map.datasets.demo import _regenerate_shipped  # noqa: E402

if __name__ == "__main__":
    for path in _regenerate_shipped(also=HERE):
        print(path)
