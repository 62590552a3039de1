"""The bad-input table: every case gives a precise error or a counted warning, never a silent wrong result.

One row per case: what is fed, to which function or command, what must come out (exception type or CLI exit code,
warning category) and a pattern the message must match. CLI cases also check that no Python traceback reaches the
user and that no partial output is left behind. The table grows with every new reader and command.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from access_map._validate import check_crs_bounds
from access_map.apl import APLParams, compute_apl
from access_map.config import ConfigError
from access_map.decay import DREES_GP_DECAY
from access_map.errors import CRSError, InvalidCodeError, InvalidValueError
from access_map.fca import two_stage_fca

GP = APLParams.drees_mg(2023)


def _times(pairs: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])


#: A small valid territory: three communes, each to itself at 0, neighbours at 8 and 12 minutes.
CODES = ["33001", "33002", "33003"]
TIMES = _times(
    [(c, c, 0.0) for c in CODES]
    + [("33001", "33002", 8.0), ("33002", "33001", 8.0), ("33002", "33003", 12.0), ("33003", "33002", 12.0)]
)
DEMAND = pd.Series([1000.0, 2000.0, 500.0], index=CODES)
SUPPLY = pd.Series({"33001": 7200.0, "33003": 3600.0})


@dataclass(frozen=True)
class ApiCase:
    """A library call that must raise ``error`` (or warn ``warning``) with a message matching ``pattern``."""

    id: str
    run: Callable[[], object]
    pattern: str
    error: type[Exception] | None = None
    warning: type[Warning] | None = None


def _apl(**kw: object) -> Callable[[], object]:
    args: dict[str, object] = {"supply": SUPPLY, "demand": DEMAND, "times": TIMES, "params": GP}
    args.update(kw)
    return lambda: compute_apl(**args)  # type: ignore[arg-type]


API_CASES: list[ApiCase] = [
    # --- degenerate demand
    ApiCase("apl-empty-demand", _apl(demand=pd.Series([], dtype=float)), r"demand is empty", InvalidValueError),
    ApiCase("apl-all-zero-demand", _apl(demand=DEMAND * 0.0), r"demand is 0 in all 3 commune", InvalidValueError),
    ApiCase(
        "apl-absurd-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33002", 1e308)),
        r"1 commune\(s\) above 100,000,000 inhabitants \('33002=1e\+308'\)",
        InvalidValueError,
    ),
    ApiCase(
        "apl-nan-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33002", np.nan)),
        r"demand: 1 value\(s\) negative, NaN or infinite: '33002=nan'",
        InvalidValueError,
    ),
    ApiCase(
        "apl-negative-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33001", -5.0)),
        r"negative, NaN or infinite: '33001=-5.0'",
        InvalidValueError,
    ),
    # --- degenerate supply
    ApiCase(
        "apl-infinite-supply",
        _apl(supply=pd.Series({"33001": np.inf})),
        r"supply: 1 value\(s\) negative, NaN or infinite: '33001=inf'",
        InvalidValueError,
    ),
    ApiCase(
        "apl-overflowing-supply",
        _apl(supply=pd.Series({"33001": 1.7e308, "33002": 1.7e308}), demand=pd.Series([0.5, 0.5, 0.5], index=CODES)),
        r"overflowed for \d+ commune\(s\).*absurd magnitudes",
        InvalidValueError,
    ),
    ApiCase(
        "apl-supply-outside-population",
        _apl(supply=pd.Series({"33001": 3600.0, "33099": 5400.0})),
        r"1 supply commune\(s\) are not in the population .*'33099'.* carry 5,400 of the 9,000 supply",
        warning=UserWarning,
    ),
    # --- degenerate travel tables
    ApiCase("apl-empty-times", _apl(times=TIMES.iloc[:0]), r"travel times is empty \(no row\)", InvalidValueError),
    ApiCase(
        "fca-no-pair-matches",
        lambda: two_stage_fca(
            supply=pd.Series({"A": 1.0}), demand=pd.Series({"A": 1.0}), times=_times([("X", "X", 0.0)]), max_minutes=20
        ),
        r"no pair of travel times links a demand commune within 20 minutes: 1 row\(s\)",
        InvalidValueError,
    ),
    ApiCase(
        "apl-origins-outside-population",
        _apl(times=pd.concat([TIMES, _times([("33077", "33001", 5.0), ("33077", "33077", 0.0)])])),
        r"1 origin commune\(s\) of travel times are not in the demand .*'33077'.*their 2 pair\(s\)",
        warning=UserWarning,
    ),
    ApiCase(
        "apl-commune-without-point",
        _apl(times=TIMES[(TIMES["origin"] != "33003") & (TIMES["destination"] != "33003")]),
        r"1 demand commune\(s\) have no travel time at all .*'33003'.*no point",
        warning=UserWarning,
    ),
    ApiCase(
        "apl-negative-minutes",
        _apl(times=TIMES.assign(minutes=TIMES["minutes"].where(TIMES["origin"] != "33002", -3.0))),
        r"negative",
        InvalidValueError,
    ),
    # --- codes
    ApiCase(
        "apl-legacy-corsica-demand",
        _apl(
            demand=pd.Series([100.0], index=["20004"]),
            supply=pd.Series({"20004": 3600.0}),
            times=_times([("20004", "20004", 0.0)]),
        ),
        r"legacy Corsican code\(s\) in demand, column 'index': '20004'.*2A \(Corse-du-Sud\).*harmonize_to_cog",
        InvalidCodeError,
    ),
    ApiCase(
        "apl-legacy-corsica-times",
        _apl(times=pd.concat([TIMES, _times([("33001", "20004", 5.0)])])),
        r"legacy Corsican code\(s\) in travel times, column 'destination': '20004'",
        InvalidCodeError,
    ),
    ApiCase(
        "apl-numeric-codes",
        _apl(supply=pd.Series({33001: 3600.0})),
        r"malformed INSEE code\(s\) in supply, column 'index': 33001",
        InvalidCodeError,
    ),
    ApiCase(
        "fca-duplicated-pairs",
        lambda: two_stage_fca(
            supply=SUPPLY,
            demand=DEMAND,
            times=pd.concat([TIMES, TIMES.iloc[:1]]),
            decay=DREES_GP_DECAY,
            max_minutes=None,
        ),
        r"duplicated \(origin, destination\) pair\(s\) in travel times: '33001->33001'",
        InvalidCodeError,
    ),
]


def _points(xy: list[tuple[float, float]], crs: int) -> object:
    import geopandas as gpd

    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(*zip(*xy)), crs=crs)


API_CASES += [
    ApiCase(
        "crs-lambert93-labelled-4326",
        lambda: check_crs_bounds(_points([(652_000.0, 6_862_000.0), (410_000.0, 6_420_000.0)], 4326), source="p.gpkg"),
        r"coordinates of p.gpkg are not longitudes/latitudes although their CRS is EPSG:4326.*set_crs\(2154, allow_override=True\)",
        CRSError,
    ),
]


def _config(**changes: object) -> Callable[[], object]:
    """parse_config on the demo configuration with some keys changed (``section__key=value``)."""
    from access_map.config import parse_config

    data: dict[str, object] = {
        "name": "t",
        "sources": {"demo": True},
        "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
        "outputs": {},
        "zoning": {},
        "msp": {},
    }
    for key, value in changes.items():
        if "__" in key:
            section, sub = key.split("__")
            target = data[section] if section != "professions" else data["professions"][0]  # type: ignore[index]
            target[sub] = value  # type: ignore[index]
        else:
            data[key] = value
    return lambda: parse_config(data, source="t.toml")


API_CASES += [
    ApiCase(
        "config-max-ages-string",
        _config(professions__max_ages="65"),
        r"t.toml: professions\[0\].max_ages must be a list of numbers.*found '65' \(str\)",
        ConfigError,
    ),
    ApiCase(
        "config-vintage-string",
        _config(professions__vintage="2023"),
        r"professions\[0\].vintage must be a number .*found '2023' \(str\); write numbers without quotes",
        ConfigError,
    ),
    ApiCase(
        "config-vintage-fraction",
        _config(professions__vintage=2023.5),
        r"professions\[0\].vintage must be a whole number",
        ConfigError,
    ),
    ApiCase(
        "config-max-ages-unknown",
        _config(professions__max_ages=[0, 70]),
        r"max_ages accepts 0 \(all\), 65, 62, 60; found \[70\]",
        ConfigError,
    ),
    ApiCase(
        "config-profession-unknown",
        _config(professions__name="generaliste"),
        r"professions\[0\].name 'generaliste' is not one of",
        ConfigError,
    ),
    ApiCase(
        "config-png-string",
        _config(outputs__png="yes"),
        r"outputs.png must be true or false; found 'yes' \(str\)",
        ConfigError,
    ),
    ApiCase(
        "config-resolution-string",
        _config(outputs__raster_resolution_m="1km"),
        r"outputs.raster_resolution_m must be a number",
        ConfigError,
    ),
    ApiCase(
        "config-table-format",
        _config(outputs__table_formats=["xlsx"]),
        r"outputs.table_formats accepts csv, parquet, gpkg; found \['xlsx'\]",
        ConfigError,
    ),
    ApiCase(
        "config-split-maps",
        _config(outputs__split_maps="dept"),
        r"outputs.split_maps accepts auto, region, none; found 'dept'",
        ConfigError,
    ),
    ApiCase(
        "config-msp-minutes-scalar", _config(msp__minutes=10), r"msp.minutes must be a list of numbers", ConfigError
    ),
    ApiCase(
        "config-zoning-max-age-string", _config(zoning__max_age="65"), r"zoning.max_age must be a number", ConfigError
    ),
    ApiCase(
        "config-demo-string",
        _config(sources__demo="true"),
        r"sources.demo must be true or false; found 'true'",
        ConfigError,
    ),
    ApiCase(
        "config-margin-string",
        _config(margin_km="5 km", departements=["96"]),
        r"margin_km must be a number",
        ConfigError,
    ),
    ApiCase(
        "config-departements-string", _config(departements="33"), r"departements must be a list of codes", ConfigError
    ),
    ApiCase("config-unknown-key", _config(outputs__colour="red"), r"colour", ConfigError),
]


@pytest.mark.parametrize("case", API_CASES, ids=[c.id for c in API_CASES])
def test_api_bad_input(case: ApiCase) -> None:
    if case.error is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # no raw numpy warning on the way to the error
            with pytest.raises(case.error, match=case.pattern):
                case.run()
    else:
        assert case.warning is not None
        with pytest.warns(case.warning, match=case.pattern):
            case.run()


def test_the_valid_territory_gives_no_warning_and_hand_values() -> None:
    """Control: the territory the cases spoil is itself valid (hand computation, DREES step decay)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        apl = compute_apl(supply=SUPPLY, demand=DEMAND, times=TIMES, params=GP)
    # reach: D_33001 = 1000 + 2000·1 (8 min) = 3000; D_33003 = 500 + 2000·2/3 (12 min) = 1833.33
    r1, r3 = 7200.0 / 3000.0, 3600.0 / (500.0 + 2000.0 * 2 / 3)
    expected = {"33001": r1, "33002": r1 + 2 / 3 * r3, "33003": r3}
    assert apl.to_dict() == pytest.approx(expected, rel=1e-12)


# ----------------------------------------------------------------------------------------------------------------
# Command line: exit code, message, no traceback, no partial output
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliCase:
    """``access-map ARGS`` (``{name}`` = a file of the ``cli_files`` fixture, ``{out}`` = a fresh output path)."""

    id: str
    args: tuple[str, ...]
    exit_code: int
    pattern: str


BAROMETRE_HEADER = "indic_id,enforce_zone_id,metric_enforce_date,maille,indic_vi,indic_va,indic_vc,indic_ta\n"


@pytest.fixture(scope="module")
def cli_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from access_map.datasets.demo import DEMO_FILES, demo_directory

    d = tmp_path_factory.mktemp("bad_inputs")
    demo = demo_directory()
    files = {
        "populations": demo / DEMO_FILES["populations_legales"],
        "cpts": demo / DEMO_FILES["cpts"],
    }
    (d / "ind-318.csv").write_text(
        BAROMETRE_HEADER + "IND-318,D33,2023-12-01,DEPT,,12.0,,\nIND-318,FRANCE,2023-12-01,NAT,,500.0,,\n",
        encoding="utf-8",
    )
    (d / "ind-313.csv").write_text(BAROMETRE_HEADER + "IND-313,D33,2024-05-01,DEPT,,86.0,,\n", encoding="utf-8")
    files["ind318"] = d / "ind-318.csv"
    files["ind313"] = d / "ind-313.csv"
    files["dir"] = d
    return files


CLI_CASES: list[CliCase] = [
    CliCase(
        "cpts-given-barometre",
        ("cpts", "--cpts", "{ind313}", "--communes", "{populations}", "--out", "{out}"),
        1,
        r"is a Baromètre des résultats file .*not a CPTS list",
    ),
    CliCase(
        "msp-ind318-without-category",
        ("msp", "--barometre", "{ind318}", "--population", "2021-01-01={populations}", "--out", "{out}"),
        2,
        r"has no IND-311 row \(--category 603\); it holds IND-318: use --category 124 for IND-318",
    ),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_bad_input(case: CliCase, cli_files: dict[str, Path], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from access_map.cli import main

    out = tmp_path / "sortie"
    args = [a.format(out=out, **{k: str(v) for k, v in cli_files.items()}) for a in case.args]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == case.exit_code, res.output
    assert re.search(case.pattern, " ".join(res.output.split())), res.output
    assert "Traceback" not in res.output and not isinstance(res.exception, AssertionError)
    assert not out.exists() or not any(out.iterdir()), "partial output left behind"


def test_cpts_names_differing_only_by_unicode_form_are_one_cpts(tmp_path: Path) -> None:
    """NFC ("é" precomposed) and NFD ("e" + accent) spellings of one CPTS name are the same name."""
    from access_map.readers.cpts import read_cpts

    nfc, nfd = "CPTS du Médoc", "CPTS du Me\u0301doc"
    assert nfc != nfd
    path = tmp_path / "cpts.csv"
    path.write_text(
        f"id_cpts;nom_cpts;statut;date_signature_aci;code_commune\nC1;{nfc};projet;;33001\nC1;{nfd};projet;;33002\n",
        encoding="utf-8",
    )
    table = read_cpts(path)
    assert table["nom_cpts"].tolist() == [nfc, nfc]
    from access_map.cpts import cpts_table

    communes = pd.DataFrame({"population": [100.0, 200.0]}, index=pd.Index(["33001", "33002"], name="code_commune"))
    raw = pd.DataFrame(
        {"id_cpts": ["C1", "C1"], "nom_cpts": [nfc, nfd], "statut": ["projet"] * 2, "code_commune": ["33001", "33002"]}
    )
    assert cpts_table(raw, communes).loc["C1", "population"] == 300.0


def test_map_png_failure_leaves_no_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``map --png``: when the image fails, the HTML is not written either (all or nothing)."""
    from click.testing import CliRunner

    from access_map import maps
    from access_map.cli import main
    from access_map.errors import AccessMapError

    def broken(*args: object, **kwargs: object) -> Path:
        raise AccessMapError("image impossible (test)")

    monkeypatch.setattr(maps, "static_map", broken)
    html, png = tmp_path / "carte.html", tmp_path / "carte.png"
    res = CliRunner().invoke(main, ["map", "apl", "--demo", "-o", str(html), "--png", str(png)])
    assert res.exit_code == 1 and "image impossible (test)" in res.output
    assert not html.exists() and not png.exists() and list(tmp_path.iterdir()) == []
