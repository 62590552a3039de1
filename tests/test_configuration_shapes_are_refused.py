"""Any value of the wrong shape, at any key of a ``territory.toml`` or a ``scenario.toml``, is a French
configuration error naming the file — never a Python exception.

Every key of a complete configuration (sections, lists, list items, values) is set in turn to each of a dozen odd
TOML values (a number for a section, a text for a list, an empty list for a name, a table for a code...).
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from access_map.config import parse_config
from access_map.errors import AccessMapError
from access_map.scenario.config import parse_scenario_config

ODD_VALUES: list[Any] = [5, -1, "x", "", [], {}, [[]], [{}], True, 1e300, float("nan"), {"a": 1}, ["x", 5]]

TERRITORY: dict[str, Any] = {
    "name": "t", "label": "T", "departements": ["33"], "margin_km": 10,
    "sources": {"demo": True},
    "travel": {"method": "crow_fly", "minutes_per_km": 1.2, "intercept_minutes": 2, "max_minutes": 30},
    "supply": {"partial": False, "include_establishments": False, "impute_acts": True},
    "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65], "catchment_minutes": 20, "vintage": 2023}],
    "zoning": {"rules": "2017", "max_age": 65},
    "msp": {"minutes": [10, 20]},
    "outputs": {"directory": "out", "table_formats": ["csv"], "split_maps": "auto", "png": True},
}  # fmt: skip

SCENARIOS: dict[str, Any] = {
    "label": "L", "territory": "demo",
    "baseline": {"vintage": 2023, "max_age": 65},
    "scenarios": [
        {"name": "r", "label": "x",
         "changes": [{"kind": "retirement", "min_age": 62, "horizon_years": 3, "communes": ["96150"]}]},
        {"name": "c", "changes": [{"kind": "supply_share", "share": -0.2, "departements": ["96"]}]},
        {"name": "m", "changes": [{"kind": "open_msp", "commune": "96150", "practitioners": 4,
                                   "acts_per_practitioner": 5000}]},
        {"name": "p", "changes": [{"kind": "population", "factors": {"96150": 1.1}, "default": 1.0}]},
        {"name": "a", "changes": [{"kind": "age_bands", "factors": {"age_75_79": 1.2}}]},
        {"name": "t", "changes": [{"kind": "travel", "factor": 1.1}]},
        {"name": "s", "changes": [{"kind": "close_site", "commune": "96150"}]},
    ],
    "placement": {"sites": 5, "capacity_acts": 20000, "objective": "lifted"},
    "uncertainty": {"draws": 50, "seed": 1},
    "outputs": {"directory": "out/s", "maps_directory": "maps/s", "top": 10},
}  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


def _with(base: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def _crashes(parse: Callable[[dict[str, Any]], object], base: dict[str, Any], source: str) -> list[str]:
    found = []
    for path in _paths(base):
        for value in ODD_VALUES:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the values' own warnings are not what this test checks
                try:
                    parse(_with(base, path, value))
                except AccessMapError as exc:
                    assert str(exc).startswith(f"{source} "), (path, value, str(exc))  # names the file
                except Exception as exc:  # noqa: BLE001 - the point of the test
                    found.append(f"{'.'.join(map(str, path))} = {value!r}: {type(exc).__name__}: {exc}")
    return found


@pytest.mark.parametrize(
    ("base", "parse", "source"),
    [
        (TERRITORY, lambda d: parse_config(d, source="t.toml"), "t.toml"),
        (SCENARIOS, lambda d: parse_scenario_config(d, source="s.toml"), "s.toml"),
    ],
    ids=["territoire", "scenarios"],
)
def test_a_value_of_the_wrong_shape_is_a_configuration_error(base: dict[str, Any], parse: Any, source: str) -> None:
    parse(copy.deepcopy(base))  # the complete configuration itself is valid
    crashes = _crashes(parse, base, source)
    assert not crashes, "\n".join(crashes[:20])


def test_a_section_given_as_a_value_says_it_must_be_a_table() -> None:
    with pytest.raises(AccessMapError, match=r"t.toml : \[msp\] doit être une table .* ; trouvé : 5"):
        parse_config(_with(TERRITORY, ("msp",), 5), source="t.toml")
    with pytest.raises(AccessMapError, match=r"s.toml : scenarios\[6\].changes\[0\].commune doit être un seul code"):
        parse_scenario_config(_with(SCENARIOS, ("scenarios", 6, "changes", 0, "commune"), []), source="s.toml")
