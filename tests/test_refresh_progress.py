"""Refresh progress: a line when each step starts, and one with the step's own duration when it ends.

The durations printed are checked against the per-step timings of ``provenance.json`` (measured by the
run around each step alone) and against the test's own clock around the progress callbacks.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.config import parse_config
from access_map.refresh import STEPS, run_refresh

CONFIG = """name = "demo"
[sources]
demo = true
[[professions]]
name = "medecin_generaliste"
max_ages = [0, 65]
[outputs]
directory = "out"
maps_directory = "maps"
png = false
raster = false
table_formats = ["csv"]
"""


def _seconds(text: str) -> float:
    """« 12,0 s » or « 1 min 05 s » back to seconds."""
    minutes = re.fullmatch(r"(\d+) min (\d+) s", text)
    if minutes:
        return 60 * int(minutes.group(1)) + int(minutes.group(2))
    return float(text.removesuffix(" s").replace(",", "."))


def test_each_step_line_gives_the_step_own_duration(tmp_path: Path) -> None:
    (tmp_path / "demo.toml").write_text(CONFIG, encoding="utf-8")
    res = CliRunner().invoke(main, ["refresh", "--config", str(tmp_path / "demo.toml")])
    assert res.exit_code == 0, res.output
    timings = json.loads((tmp_path / "out" / "provenance.json").read_text(encoding="utf-8"))["timings_seconds"]
    lines = res.output.splitlines()
    for number, name in enumerate(STEPS, start=1):
        assert f"[{number}/{len(STEPS)}] {name}…" in lines
        done = [line for line in lines if line.startswith(f"[{number}/{len(STEPS)}] {name} : ")]
        assert len(done) == 1, name
        shown = _seconds(done[0].split(" : ")[1])
        assert shown == pytest.approx(timings[name], abs=0.05 + 1e-9), name  # rounded to 0.1 s
        assert lines.index(done[0]) > lines.index(f"[{number}/{len(STEPS)}] {name}…")
    total = re.search(r"terminé en (.+) \(durée totale\)", res.output)
    assert total and _seconds(total.group(1)) == pytest.approx(timings["total"], abs=0.05 + 1e-9)
    # own durations, not the time elapsed since the start: they add up to (at most) the total
    assert sum(timings[name] for name in STEPS) <= timings["total"] + 1e-3


def test_step_done_reports_the_time_between_the_start_and_the_end_of_the_step(tmp_path: Path) -> None:
    config = parse_config(
        {"name": "demo", "sources": {"demo": True}, "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
         "outputs": {"directory": str(tmp_path / "out"), "maps_directory": str(tmp_path / "maps"), "png": False,
                     "raster": False, "table_formats": ["csv"]}},
        base_dir=tmp_path,
    )  # fmt: skip
    started: dict[str, float] = {}
    measured: dict[str, tuple[float, float]] = {}

    def progress(name: str, i: int, n: int) -> None:
        started[name] = time.perf_counter()

    def step_done(name: str, i: int, n: int, seconds: float) -> None:
        measured[name] = (seconds, time.perf_counter() - started[name])

    result = run_refresh(config, progress=progress, step_done=step_done)
    assert list(measured) == list(STEPS)
    for name, (reported, clock) in measured.items():
        assert 0 <= reported <= clock + 1e-3 and clock - reported < 0.05, name  # timings keep 3 decimals
        assert reported == result.timings[name]
