"""The benchmark scripts are not run by the suite (they take minutes); check they still match the package.

A refactor that moves a function the benchmarks time or import must fail here, not at the next measurement.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(BENCHMARKS.glob("*.py"))


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def test_there_are_benchmark_scripts() -> None:
    assert {p.stem for p in SCRIPTS} >= {"bench_fca", "bench_maps", "bench_refresh", "bench_road", "bench_scenario"}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_package_imports_of_each_benchmark_resolve(path: Path) -> None:
    """Every ``from access_map... import name`` in a script (top level or inside functions) names something real."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checked = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("access_map"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name) or importlib.util.find_spec(f"{node.module}.{alias.name}"), (
                    f"{path.name}: {node.module} has no {alias.name}"
                )
                checked += 1
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("access_map"):
                    importlib.import_module(alias.name)
                    checked += 1
    assert checked > 0, f"{path.name} imports nothing from access_map"


def test_bench_refresh_times_functions_that_exist() -> None:
    module = _load(BENCHMARKS / "bench_refresh.py")
    targets = module.profile_targets()
    assert len(targets) >= 5
    for owner, attr, label in targets:
        assert callable(getattr(owner, attr, None)), f"bench_refresh times {owner.__name__}.{attr} ({label}): gone"
