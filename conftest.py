"""Root pytest configuration: doctests write their temporary files under pytest's own temporary folder;
the tests of the optional routing extra are skipped, by name, without it.

Docstring examples create folders with :func:`tempfile.mkdtemp` (as a user would); pointing
:data:`tempfile.tempdir` at the test's ``tmp_path`` makes pytest remove them with its other temporary
folders instead of leaving dozens of ``tmp*`` folders in ``/tmp`` after each run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _doctest_temporary_folder(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if type(request.node).__name__ == "DoctestItem":
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


# ---------------------------------------------------------------------------------------------------------------
# The routing extra (osrm-bindings) is optional: without it, the tests marked ``routing`` and the docstring
# examples of the modules that run the engine are skipped with a reason naming the extra, and listed by name at
# the end of the run. ``ACCESS_MAP_ALLOWED_SKIPS`` (set by .ci/run) turns any other skip into a failure:
# ``none`` (the run with the extra: every test must run) or ``routing`` (the run without it: only those).

#: Docstring examples that run the OSRM engine.
ROUTING_DOCTESTS = frozenset(
    f"access_map.travel.osrm_graph.{name}" for name in ("build_osrm_graph", "osrm_binary", "profile_path")
)


def _routing_available() -> bool:
    from access_map.extras import routing_available

    return routing_available()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _routing_available():
        return
    from access_map.messages.install import ROUTING_SKIP_REASON

    skip = pytest.mark.skip(reason=ROUTING_SKIP_REASON)
    for item in items:
        doctest = type(item).__name__ == "DoctestItem" and item.name in ROUTING_DOCTESTS
        if doctest or item.get_closest_marker("routing") is not None:
            item.add_marker(skip)


def _skips(terminalreporter: Any) -> list[pytest.TestReport]:
    return [r for r in terminalreporter.stats.get("skipped", []) if isinstance(r, pytest.TestReport)]


def _is_routing_skip(report: pytest.TestReport) -> bool:
    from access_map.messages.install import ROUTING_SKIP_REASON

    return ROUTING_SKIP_REASON in str(report.longrepr)


def _unexpected_skips(terminalreporter: Any) -> list[pytest.TestReport]:
    allowed = os.environ.get("ACCESS_MAP_ALLOWED_SKIPS")
    if allowed is None:
        return []
    if allowed not in {"none", "routing"}:
        raise pytest.UsageError(f"ACCESS_MAP_ALLOWED_SKIPS must be 'none' or 'routing', not {allowed!r}")
    return [r for r in _skips(terminalreporter) if not (allowed == "routing" and _is_routing_skip(r))]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    routing = [r.nodeid for r in _skips(terminalreporter) if _is_routing_skip(r)]
    if routing:
        terminalreporter.section("tests du moteur OSRM non exécutés (extra « routing » absent)")
        for nodeid in routing:
            terminalreporter.write_line(f"NON EXÉCUTÉ {nodeid}")
    unexpected = _unexpected_skips(terminalreporter)
    if unexpected:
        terminalreporter.section("tests sautés alors qu'ils devaient s'exécuter (ACCESS_MAP_ALLOWED_SKIPS)")
        for report in unexpected:
            terminalreporter.write_line(f"SAUTÉ {report.nodeid}: {report.longrepr}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and _unexpected_skips(reporter) and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
