"""Second set, family 7: the families of bad inputs together reach every command, and each family has its cases.

The first table (``tests/test_bad_inputs.py``) covers every input and output option; the second set is organised
by family, one file each; this test checks that, together, they run every sub-command of ``access-map`` (and every
``travel`` sub-command but ``road``, whose engine is optional), with both failing cases and passing ones.
"""

from __future__ import annotations

import importlib

FAMILIES = {
    "outputs never destroy what the package did not write": "test_bad_inputs_output_folders",
    "formula cells neutralised": "test_bad_inputs_formula_cells",
    "one practitioner, one truth": "test_bad_inputs_one_truth",
    "every command reads through the validating readers": "test_bad_inputs_validating_readers",
    "configuration values bounded at parse time": "test_bad_inputs_configuration_bounds",
    "odd files, full disks and interruptions": "test_bad_inputs_odd_files",
}


def _cases() -> dict[str, list[object]]:
    return {family: list(getattr(importlib.import_module(name), "CASES", [])) for family, name in FAMILIES.items()}


def _command(args: tuple[str, ...]) -> str:
    return " ".join(args[:2]) if args[0] == "travel" else args[0]


def test_the_second_set_reaches_every_command() -> None:
    from access_map.cli import SUBCOMMANDS

    commands = {_command(c.args) for cases in _cases().values() for c in cases}  # type: ignore[attr-defined]
    # formula cells: zoning, cpts, msp, refresh run by the tests of tests/test_bad_inputs_formula_cells.py
    assert set(SUBCOMMANDS) - {"travel"} <= commands, sorted(set(SUBCOMMANDS) - commands)
    travel = {c for c in commands if c.startswith("travel ")}
    assert travel >= {"travel crowfly", "travel osrm", "travel compare", "travel import", "travel calibrate"}


def test_every_family_has_failing_and_passing_cases() -> None:
    cases = _cases()
    table = [c for family in cases.values() for c in family]
    assert len(table) >= 95, len(table)
    assert sum(c.exit_code == 0 for c in table) >= 5  # type: ignore[attr-defined]
    for family, name in FAMILIES.items():
        module = importlib.import_module(name)
        tests = [n for n in dir(module) if n.startswith("test_")]
        assert cases[family] or len(tests) >= 3, family
