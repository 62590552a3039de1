"""Prove that the package installs where we cannot run it: resolve its dependency tree for each platform.

For every platform of :data:`PLATFORMS` and every Python of :data:`PYTHONS`, pip resolves the built wheel
(``pip install --dry-run --only-binary=:all: --platform ... --python-version ...``), once for the core package
and once with the ``routing`` extra. The run fails when the core package does not resolve somewhere, and when
the README's table of the routing extra (between the :data:`START` and :data:`END` markers) no longer says what
the registry gives (``--write-readme`` rewrites it).

pip resolves with the markers of the interpreter that runs it: each Python version is resolved by that version's
interpreter (``--pythons`` gives them), so ``python_version`` markers are right; ``sys_platform`` markers are
those of this machine (Linux), which only matters for pure-Python, platform-only extras such as click's
``colorama`` on Windows.

Usage::

    python .ci/resolve_platforms.py dist/access_map-0.2.0-py3-none-any.whl \\
        --pythons 3.11=/path/python3.11 3.12=/path/python3.12 3.13=/path/python3.13 --readme README.md
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

GLIBC = 28  # manylinux_2_28: RHEL/Rocky 8, Debian 10, Ubuntu 20.04 and later


def _manylinux(arch: str) -> tuple[str, ...]:
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(GLIBC, 4, -1)]
    legacy = {"x86_64": ("manylinux2014", "manylinux2010", "manylinux1"), "aarch64": ("manylinux2014",)}[arch]
    return (*tags, *(f"{name}_{arch}" for name in legacy))


#: Platform label (as in the README) -> pip ``--platform`` tags (pip adds the older macOS versions itself).
#: macOS 11 on Apple silicon is left out: scipy and pyogrio >= 0.10 publish no wheel for it (macOS 12 and later).
PLATFORMS: dict[str, tuple[str, ...]] = {
    "Windows x86_64": ("win_amd64",),
    "macOS 12 arm64 (Apple)": ("macosx_12_0_arm64",),
    "macOS 14 arm64 (Apple)": ("macosx_14_0_arm64",),
    "macOS 15 arm64 (Apple)": ("macosx_15_0_arm64",),
    "macOS 12 x86_64 (Intel)": ("macosx_12_0_x86_64",),
    "Linux x86_64 (glibc 2.28)": _manylinux("x86_64"),
    "Linux aarch64 (glibc 2.28)": _manylinux("aarch64"),
}
#: Where the core package cannot resolve, and why (the README says so). The run fails if one of them starts to
#: resolve (the README would then be wrong) as it fails when any other platform x Python does not.
EXPECTED_CORE_GAPS: dict[tuple[str, str], str] = {
    ("macOS 12 arm64 (Apple)", "3.13"): "pyproj has no Python 3.13 wheel for macOS 12-13 on Apple silicon",
}
PYTHONS = ("3.11", "3.12", "3.13")
#: Markers of the README's table (pymdownx.snippets sections: the documentation includes the same table).
START, END = "<!-- --8<-- [start:routing-platforms] -->", "<!-- --8<-- [end:routing-platforms] -->"


@dataclass(frozen=True)
class Resolution:
    platform: str
    python: str
    extra: str | None
    ok: bool
    prerelease: tuple[str, ...] = ()  # packages resolved to a pre-release (name==version)
    error: str = ""

    @property
    def cell(self) -> str:
        if not self.ok:
            return "non"
        if self.prerelease:
            return "pré-version seulement (" + ", ".join(self.prerelease) + ")"
        return "oui"


def _is_prerelease(version: str) -> bool:
    return re.search(r"(a|b|rc|dev)\d+", version) is not None


def resolve(wheel: Path, platform: str, python: str, interpreter: str, extra: str | None) -> Resolution:
    requirement = f"{wheel}[{extra}]" if extra else str(wheel)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [interpreter, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
                   "--only-binary=:all:", "--target", str(Path(folder) / "target"), "--python-version", python,
                   "--report", str(report)]  # fmt: skip
        for tag in PLATFORMS[platform]:
            command += ["--platform", tag]
        done = subprocess.run([*command, requirement], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
            return Resolution(platform, python, extra, False, error=" / ".join(lines)[:400])
        installed = json.loads(report.read_text(encoding="utf-8"))["install"]
    pre = tuple(
        f"{item['metadata']['name']} {item['metadata']['version']}"
        for item in installed
        if _is_prerelease(item["metadata"]["version"])
    )
    return Resolution(platform, python, extra, True, prerelease=pre)


def routing_table(results: list[Resolution]) -> str:
    rows = ["| plateforme | " + " | ".join(f"Python {v}" for v in PYTHONS) + " |", "|---" * (len(PYTHONS) + 1) + "|"]
    cells = {(r.platform, r.python): r.cell for r in results if r.extra == "routing"}
    for platform in PLATFORMS:
        rows.append(f"| {platform} | " + " | ".join(cells[platform, v] for v in PYTHONS) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--pythons", nargs="+", default=[f"{v}={sys.executable}" for v in PYTHONS],
                        help="VERSION=INTERPRETER for each Python version (default: this interpreter for all)")  # fmt: skip
    parser.add_argument("--readme", type=Path, help="check (or rewrite) the routing table of this README")
    parser.add_argument("--write-readme", action="store_true", help="rewrite the README's table instead of checking")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    interpreters = dict(item.split("=", 1) for item in args.pythons)
    wheel = args.wheel.resolve()
    jobs = [(p, v, extra) for p in PLATFORMS for v in PYTHONS for extra in (None, "routing")]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda job: resolve(wheel, job[0], job[1], interpreters[job[1]], job[2]), jobs))

    core = [r for r in results if r.extra is None]
    failed = [r for r in core if not r.ok and (r.platform, r.python) not in EXPECTED_CORE_GAPS]
    closed = [r for r in core if r.ok and (r.platform, r.python) in EXPECTED_CORE_GAPS]
    print("core package (pip install access_map):")
    for r in core:
        expected = EXPECTED_CORE_GAPS.get((r.platform, r.python))
        note = f"  (expected: {expected})" if expected and not r.ok else f"  {r.error}" if r.error else ""
        print(f"  {r.platform:28} Python {r.python}: {r.cell}{note}")
    table = routing_table(results)
    print('\nrouting extra (pip install "access_map[routing]"):\n' + table)
    status = 0
    if failed:
        print(f"\nFAILED: the core package does not resolve on {len(failed)} platform x Python", file=sys.stderr)
        status = 1
    for r in closed:
        print(f"\nFAILED: {r.platform}, Python {r.python} now resolves: remove it from EXPECTED_CORE_GAPS and the "
              "README's platform text", file=sys.stderr)  # fmt: skip
        status = 1
    if args.readme is not None:
        text = args.readme.read_text(encoding="utf-8")
        match = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, flags=re.S)
        if match is None:
            print(f"FAILED: {args.readme} has no {START} ... {END} table", file=sys.stderr)
            return 1
        if args.write_readme:
            args.readme.write_text(text[: match.start(1)] + table + text[match.end(1) :], encoding="utf-8")
        elif match.group(1).strip() != table:
            print(f"\nFAILED: {args.readme}'s routing table is out of date; rerun with --write-readme", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
