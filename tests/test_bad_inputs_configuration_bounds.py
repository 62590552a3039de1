"""Second set, family 5: configuration values checked when the file is parsed, naming the key.

``refresh`` and ``scenario`` configurations: a zoning age that is no APL variant, or that no profession computes
(it failed after the APL had been computed), a profession listed twice (the second one's tables replaced the
first's), ``name = ".."``, not-a-number and absurd values, booleans and text where numbers are expected, empty
lists, scenario names that are formulas or paths.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_input_cases import Case, build_files, run_case

from access_map.config import ConfigError

_BOUND = r"est hors bornes : attendu"


def _r(key: str) -> tuple[str, ...]:
    return ("refresh", "--config", "{" + key + "}")


def _s(key: str) -> tuple[str, ...]:
    return ("scenario", "--config", "{" + key + "}")


CASES: list[Case] = [
    Case("refresh-zoning-age-66", _r("r_zoning_66"), 1, r"r_zoning_66.toml : \[zoning\] max_age = 66 " + _BOUND + r" 0 \(tous\), 65, 62 ou 60"),
    Case(
        "refresh-zoning-age-no-profession-computes",
        _r("r_zoning_62_not_computed"),
        1,
        r"\[zoning\] max_age = 62 : le zonage utilise l’APL des médecins généralistes de 62 ans ou moins, que la "
        r"configuration ne calcule pas ; ajoutez 62 à max_ages",
    ),
    Case("refresh-profession-twice", _r("r_profession_twice"), 1, r"\[\[professions\]\] nomme plusieurs fois medecin_generaliste"),
    Case("refresh-profession-twice-two-vintages", _r("r_profession_twice_vintages"), 1, r"la seconde remplacerait la première"),
    Case("refresh-name-dot-dot", _r("r_name_dot_dot"), 1, r"'name' must be a short territory name without '/', found '\.\.'"),
    Case("refresh-margin-nan", _r("r_margin_nan"), 1, r"margin_km = nan " + _BOUND + " un nombre fini"),
    Case("refresh-raster-resolution-1e9", _r("r_raster_1e9"), 1, r"\[outputs\] raster_resolution_m = 1000000000.0 " + _BOUND),
    Case("refresh-travel-zero-minutes", _r("r_travel_zero_minutes"), 1, r"\[travel\] max_minutes = 0.0 " + _BOUND),
    Case("refresh-msp-1e9-minutes", _r("r_msp_1e9_minutes"), 1, r"\[msp\] minutes\[0\] = 1000000000.0 " + _BOUND),
    Case("refresh-departement-999", _r("r_departement_999"), 1, r"le code de département '999' est mal formé"),
    Case("refresh-no-profession", _r("r_no_profession"), 1, r"\[\[professions\]\] is empty"),
    Case("scenario-draws-zero", _s("s_draws_zero"), 1, r"\[uncertainty\] draws = 0.0 " + _BOUND),
    Case("scenario-draws-true", _s("s_draws_true"), 1, r"uncertainty.draws must be an integer; got True"),
    Case("scenario-seed-fraction", _s("s_seed_fraction"), 1, r"uncertainty.seed must be an integer; got 1.5"),
    Case("scenario-top-1e12", _s("s_top_1e12"), 1, r"\[outputs\] top = 1000000000000.0 " + _BOUND),
    Case("scenario-travel-factor-nan", _s("s_travel_nan"), 1, r"changes\[0\].factor = nan " + _BOUND + " un nombre fini"),
    Case("scenario-factor-as-text", _s("s_factor_text"), 1, r"changes\[0\].factor must be a number; got '2'"),
    Case("scenario-name-twice", _s("s_name_twice"), 1, r"scenario names must be unique"),
    Case("scenario-name-is-a-formula", _s("s_name_formula"), 1, r"name must be a short name \(letters, digits, _ or -\)"),
    Case("scenario-name-is-a-path", _s("s_name_path"), 1, r"name must be a short name .*'../../x'"),
    Case("scenario-territory-missing", _s("s_territory_missing"), 1, r"configuration file /nonexistent/t.toml not found"),
    Case("scenario-without-change", _s("s_no_change"), 1, r"scenarios\[0\] \(x\) has no changes"),
]  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_files(tmp_path_factory.mktemp("configurations"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_configuration_values_are_bounded_when_parsed(case: Case, files: dict[str, str], tmp_path: Path) -> None:
    run_case(case, files, tmp_path)


@pytest.mark.parametrize(
    ("key", "pattern"),
    [
        ("r_zoning_66", r"\[zoning\] max_age = 66"),
        ("r_zoning_62_not_computed", r"ajoutez 62 à max_ages"),
        ("r_profession_twice_vintages", r"nomme plusieurs fois medecin_generaliste"),
        ("r_name_dot_dot", r"'\.\.'"),
    ],
)
def test_the_new_bounds_are_checked_before_any_input_is_read(
    key: str, pattern: str, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``load_config`` refuses them itself: no input is read, no APL computed (the zoning age failed after both)."""
    from access_map.config import load_config
    from access_map.refresh import run as refresh_run

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the run started")

    monkeypatch.setattr(refresh_run, "_compute", no_work)
    with pytest.raises(ConfigError, match=pattern):
        load_config(files[key])


def test_a_zoning_age_that_the_profession_computes_is_accepted(tmp_path: Path) -> None:
    """Control: ``[zoning] max_age = 62`` with ``max_ages = [0, 62]`` (and a zoning of all ages, ``max_age = 0``
    with ``max_ages = [0]``) parse."""
    from access_map.config import parse_config

    for zoning_age, ages in ((62, [0, 62]), (0, [0])):
        cfg = parse_config(
            {
                "name": "t",
                "sources": {"demo": True},
                "professions": [{"name": "medecin_generaliste", "max_ages": ages}],
                "zoning": {"max_age": zoning_age},
            },
            source="t.toml",
        )
        assert cfg.zoning.max_age == (zoning_age or None)
