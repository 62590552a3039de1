"""Rules on the test suite itself (issue 11, build point 5)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_skips_when_a_module_of_the_package_is_missing():
    # importorskip on an access_map module would turn a deleted or broken module into skipped tests
    pattern = re.compile("importor" + r"skip\(\s*[\"']access_map")
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(TESTS.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
