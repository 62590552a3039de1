"""Shared fixtures: the real-data folder ``../shared/data`` (skip when absent, never on CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: no per-example deadline (the 2-core CI machine is shared); on CI, a fixed seed so that a
# submission's result does not depend on which random examples a run happens to draw.
settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


settings.load_profile("ci" if ON_CI else "default")


def shared_path(*parts: str) -> Path:
    """Path of a file in ``../shared/data``; skip the test when absent (fail on CI)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if ON_CI:
            pytest.fail(f"{path} is missing: on CI ../shared/data must be present")
        pytest.skip(f"{path} not available (real-data test)")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ``../shared/data`` folder (skips without it, fails on CI without it)."""
    return shared_path()
