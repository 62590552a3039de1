"""The documentation's code examples run: every ```python block of the pages of ``docs/`` and of the README,
page by page in one namespace (as a reader would paste them in order), in an empty folder.

A block that needs the reader's own files (an OpenStreetMap extract, an ARS list...) is preceded by the line
``<!-- exemple non exécuté : REASON -->``; this test checks that such blocks are few and say why. Every ```toml
block parses, and every refresh or scenario configuration among them is accepted by
:func:`access_map.config.parse_config` or :func:`access_map.scenario.config.parse_scenario_config`. (Why a test rather than a MkDocs plugin: the examples then run in both CI suites, on
Python 3.11 and 3.12, with the suite's fixtures and reporting.)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from access_map.config import parse_config
from access_map.scenario.config import parse_scenario_config

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```\s*$", re.M | re.S)
SKIP = re.compile(r"<!-- exemple non exécuté : (?P<reason>[^>]{10,}) -->\s*$")


def _blocks(page: Path, lang: str) -> list[tuple[str, str | None]]:
    """(code, reason it is not run, or None) of each block of ``lang`` in ``page``, in order."""
    text = page.read_text(encoding="utf-8")
    out = []
    for match in FENCE.finditer(text):
        if match.group("lang") != lang:
            continue
        before = text[: match.start()].rstrip().splitlines()
        skip = SKIP.search(before[-1]) if before else None
        body = "\n".join(line[len(match.group("indent")) :] for line in match.group("body").splitlines())
        out.append((body, skip.group("reason") if skip else None))
    return out


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


RUNNABLE = [page for page in PAGES if any(reason is None for _, reason in _blocks(page, "python"))]


def test_the_pages_have_examples() -> None:
    assert len(RUNNABLE) >= 8, [_name(p) for p in RUNNABLE]
    run = sum(reason is None for page in PAGES for _, reason in _blocks(page, "python"))
    not_run = [(_name(page), reason) for page in PAGES for _, reason in _blocks(page, "python") if reason]
    assert run >= 3 * len(not_run), not_run  # most examples run


@pytest.mark.parametrize("page", RUNNABLE, ids=_name)
def test_python_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACCESS_MAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, (code, reason) in enumerate(_blocks(page, "python"), start=1):
        if reason is not None:
            continue
        try:
            exec(compile(code, f"{_name(page)} (bloc python n° {number})", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"{_name(page)}, bloc python n° {number} :\n{code}") from exc


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p, "toml")], ids=_name)
def test_toml_examples_parse(page: Path, tmp_path: Path) -> None:
    for code, _ in _blocks(page, "toml"):
        data = tomllib.loads(code)
        if "sources" in data and "outputs" in data and data.get("travel", {}).get("method") != "osrm":
            parse_config(data, base_dir=tmp_path)  # a refresh configuration: accepted as written
        if "scenarios" in data:
            parse_scenario_config(data, base_dir=tmp_path)  # a scenario configuration: accepted as written
