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
        r"colonne minutes : 3 valeurs négatives \(-3\)",
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
    ApiCase(
        "config-travel-minutes-in-words",
        _config(travel={"max_minutes": "vingt"}),
        r"travel.max_minutes must be a number .*found 'vingt' \(str\)",
        ConfigError,
    ),
    ApiCase(
        "config-travel-unknown-method",
        _config(travel={"method": "voiture"}),
        r"travel.method must be 'crow_fly', 'file' or 'osrm', found 'voiture'",
        ConfigError,
    ),
    ApiCase(
        "config-travel-osrm-without-extract",
        _config(travel={"method": "osrm"}),
        r"travel.method = 'osrm' needs travel.osm",
        ConfigError,
    ),
    ApiCase("config-unknown-key", _config(outputs__colour="red"), r"colour", ConfigError),
]


def _calibrate_on_degrees() -> object:
    from access_map.travel import calibrate, crow_fly_km

    # longitudes/latitudes taken for metres: "km" are 1e-5 of the real ones and the slope explodes
    pairs = pd.DataFrame(
        {
            "x1": [-0.58, -0.57, -0.60],
            "y1": [44.84, 44.80, 44.90],
            "x2": [-0.50, -0.30, -0.10],
            "y2": [44.85, 44.70, 44.60],
        }
    )
    return calibrate(crow_fly_km(pairs, x1="x1", y1="y1", x2="x2", y2="y2"), [9.0, 25.0, 41.0])


def _observed_pairs_in_degrees() -> object:
    import tempfile

    from access_map.travel import read_observed_pairs

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "paires.csv"
        path.write_text("X1,Y1,X2,Y2,Dist_min\n-0.58,44.84,-0.50,44.85,9\n-0.57,44.80,-0.30,44.70,25\n")
        return read_observed_pairs(path, observed="Dist_min")


API_CASES += [
    ApiCase(
        "calibrate-degrees-taken-for-metres",
        _calibrate_on_degrees,
        r"fitted minutes_per_km = \d+.* is implausible for travel times \(expected 0.2 to 30.*not in km \(degrees",
        InvalidValueError,
    ),
    ApiCase(
        "observed-pairs-in-degrees",
        _observed_pairs_in_degrees,
        r"paires.csv: the coordinates X1, Y1, X2, Y2 look like degrees .*projected coordinates in metres",
        InvalidValueError,
    ),
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
    files: dict[str, Path] = {key: demo / name for key, name in DEMO_FILES.items()}

    def write(name: str, text: str) -> Path:
        (d / name).write_text(text, encoding="utf-8")
        return d / name

    pop_header = (demo / DEMO_FILES["population_by_age"]).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    files.update(
        ind318=write(
            "ind-318.csv",
            BAROMETRE_HEADER + "IND-318,D33,2023-12-01,DEPT,,12.0,,\nIND-318,FRANCE,2023-12-01,NAT,,500.0,,\n",
        ),
        ind313=write("ind-313.csv", BAROMETRE_HEADER + "IND-313,D33,2024-05-01,DEPT,,86.0,,\n"),
        pop_header=write("pop_header.csv", pop_header + "\n"),
        bad_toml=write("bad.toml", "name = 'x'\n[sources\ndemo = true\n"),
        typed_toml=write(
            "typed.toml",
            'name = "x"\n[sources]\ndemo = true\n[[professions]]\nname = "medecin_generaliste"\nmax_ages = "65"\n',
        ),
        apl_other=write("apl_other.csv", "code_commune;valeur\n96001;2.0\n"),
        cpts_bad=write(
            "cpts_bad.csv", "id_cpts;nom_cpts;statut;date_signature_aci;code_commune\nC1;X;en cours;;96001\n"
        ),
        times_negative=write("times_negative.csv", "origin;destination;minutes\n96001;96002;-3\n"),
        scenario_bad=write("scenario.toml", "[scenario]\nfoo = 1\n"),
        grid_off_lattice=write(
            "grille.csv",
            "IdINSPIRE,Depcom,Ind,Men,Men_pauv,Ind_snv,Ind_0_3,Ind_4_5,Ind_6_10,Ind_11_17,Ind_18_24,Ind_25_39,"
            "Ind_40_54,Ind_55_64,Ind_65_79,Ind_80p,Ind_inc\nCRS3035RES200mN2466850E3482800,33063,1,1,0,1,"
            + ",".join(["0"] * 9)
            + ",1,0\n",
        ),
        grid_no_poverty=write("grille_sans_pauvrete.csv", "IdINSPIRE,Ind\nCRS3035RES200mN0E0,1\n"),
        missing=d / "absent.csv",
    )
    return files


_APL = ("apl", "--population", "{population_by_age}", "--supply", "{activity}")
CLI_CASES: list[CliCase] = [
    CliCase(
        "cpts-given-barometre",
        ("cpts", "--cpts", "{ind313}", "--communes", "{populations_legales}", "--out", "{out}"),
        2,
        r"ind-313.csv est un fichier du Baromètre de l’action publique \(IND-313 : .*donnez-le avec --barometre "
        r"au lieu de --cpts",
    ),
    CliCase(
        "msp-ind318-without-category",
        ("msp", "--barometre", "{ind318}", "--population", "2021-01-01={populations_legales}", "--out", "{out}"),
        2,
        r"ne contient pas l'indicateur IND-311 \(MSP\) .* il contient : IND-318 ; pour IND-318, donnez --category 124",
    ),
    CliCase(
        "msp-barometre-given-as-structures",
        ("msp", "--structures", "{ind318}", "--communes", "{populations_legales}", "--out", "{out}"),
        2,
        r"est un fichier du Baromètre de l’action publique \(IND-318 : .*donnez-le avec --barometre au lieu de "
        r"--structures",
    ),
    CliCase(
        "apl-no-population", ("apl", "--supply", "{activity}", "--output", "{out}"), 2, r"Missing option '--population'"
    ),
    CliCase(
        "apl-population-file-missing",
        (
            "apl",
            "--population",
            "{missing}",
            "--supply",
            "{activity}",
            "--points",
            "{admin_express}",
            "--output",
            "{out}",
        ),
        2,
        r"Invalid value for '--population': File '.*absent.csv' does not exist",
    ),
    CliCase(
        "apl-header-only-population",
        (
            "apl",
            "--population",
            "{pop_header}",
            "--supply",
            "{activity}",
            "--points",
            "{admin_express}",
            "--output",
            "{out}",
        ),
        1,
        r"demand is empty: no commune to compute an indicator for \(a header-only population file",
    ),
    CliCase(
        "apl-times-and-points",
        (*_APL, "--points", "{admin_express}", "--times", "{times_negative}", "--output", "{out}"),
        2,
        r"give exactly one of --times FILE or --points FILE",
    ),
    CliCase("apl-no-travel", (*_APL, "--output", "{out}"), 2, r"give exactly one of --times FILE or --points FILE"),
    CliCase(
        "apl-unknown-vintage",
        (*_APL, "--points", "{admin_express}", "--vintage", "2019", "--output", "{out}"),
        2,
        r"Invalid value for '--vintage': '2019' is not one of '2022', '2023'",
    ),
    CliCase(
        "apl-variants-without-practitioners",
        (
            "apl",
            "--population",
            "{population_by_age}",
            "--supply",
            "{apl_other}",
            "--supply-kind",
            "communes",
            "--variants",
            "--points",
            "{admin_express}",
            "--output",
            "{out}",
        ),
        2,
        r"--variants needs --supply-kind practitioners",
    ),
    CliCase(
        "apl-negative-times",
        (*_APL, "--times", "{times_negative}", "--output", "{out}"),
        1,
        r"column 'minutes' in times_negative.csv: negative value\(s\): -3.0 \(1 row\(s\)\)",
    ),
    CliCase("travel-crowfly-no-points", ("travel", "crowfly", "--output", "{out}"), 2, r"--points FILE is required"),
    CliCase("travel-import-no-input", ("travel", "import", "--output", "{out}"), 2, r"Missing option '--input'"),
    CliCase("zoning-no-output-dir", ("zoning", "--apl", "{apl_other}"), 2, r"Missing option '--output-dir'"),
    CliCase(
        "zoning-no-apl-column",
        (
            "zoning",
            "--apl",
            "{apl_other}",
            "--population",
            "{populations_legales}",
            "--tvs",
            "{tvs}",
            "--output-dir",
            "{out}",
        ),
        1,
        r"apl_other.csv: no APL column 'apl'; found valeur \(choose one with --apl-column\)",
    ),
    CliCase(
        "zoning-unknown-rules",
        ("zoning", "--apl", "{apl_other}", "--rules", "2030", "--output-dir", "{out}"),
        2,
        r"Invalid value for '--rules': '2030' is not one of",
    ),
    CliCase(
        "cpts-no-list",
        ("cpts", "--communes", "{populations_legales}", "--out", "{out}"),
        2,
        r"donnez soit --cpts, soit --barometre",
    ),
    CliCase(
        "cpts-unknown-status",
        ("cpts", "--cpts", "{cpts_bad}", "--communes", "{populations_legales}", "--out", "{out}"),
        1,
        r"unknown CPTS status value\(s\) in .*cpts_bad.csv, column 'statut': 'en cours'",
    ),
    CliCase(
        "msp-times-without-minutes",
        (
            "msp",
            "--structures",
            "{finess}",
            "--communes",
            "{populations_legales}",
            "--times",
            "{times_negative}",
            "--out",
            "{out}",
        ),
        2,
        r"--max-minutes is required with --times",
    ),
    CliCase(
        "msp-structures-not-finess",
        ("msp", "--structures", "{cpts_bad}", "--communes", "{populations_legales}", "--out", "{out}"),
        1,
        r"missing column\(s\) 'categorie' in .*cpts_bad.csv",
    ),
    CliCase("map-unknown-kind", ("map", "carte", "--demo", "-o", "{out}"), 2, r"'carte' is not one of 'apl', 'zoning'"),
    CliCase("refresh-missing-config", ("refresh", "--config", "{missing}"), 2, r"File '.*absent.csv' does not exist"),
    CliCase("refresh-bad-toml", ("refresh", "--config", "{bad_toml}"), 1, r"bad.toml: not valid TOML: Expected ']'"),
    CliCase(
        "refresh-typed-toml",
        ("refresh", "--config", "{typed_toml}"),
        1,
        r"typed.toml: professions\[0\].max_ages must be a list of numbers.*found '65' \(str\)",
    ),
    CliCase("fetch-unknown-dataset", ("fetch", "inconnu"), 1, r"access-map fetch --list"),
    CliCase(
        "fetch-unknown-vintage",
        ("fetch", "drees_apl_mg", "--vintage", "1999"),
        1,
        r"dataset 'drees_apl_mg' has no vintage '1999'",
    ),
    CliCase(
        "scenario-missing-config",
        ("scenario", "--config", "{missing}"),
        1,
        r"scenario configuration not found: .*absent.csv",
    ),
    CliCase(
        "scenario-unknown-key",
        ("scenario", "--config", "{scenario_bad}"),
        1,
        r"scenario.toml: unknown key\(s\) \['scenario'\]",
    ),
]


# Outputs: an output that is an input of the command, a bad folder name (tests/test_output_folders.py has the rest).
CLI_CASES += [
    CliCase(
        "travel-import-output-is-its-input",
        ("travel", "import", "--input", "{times_negative}", "--output", "{times_negative}", "--overwrite"),
        1,
        r"le fichier de sortie .*times_negative.csv est aussi une entrée de la commande : il ne sera pas écrasé, "
        r"même avec --overwrite",
    ),
    CliCase(
        "apl-output-is-its-times",
        (*_APL, "--times", "{times_negative}", "--output", "{times_negative}"),
        1,
        r"le fichier de sortie .*times_negative.csv est aussi une entrée de la commande",
    ),
    CliCase(
        "grid-cell-off-the-lattice",
        (
            "grid",
            "--grid",
            "{grid_off_lattice}",
            "--supply",
            "{activity}",
            "--points",
            "{grid_off_lattice}",
            "--output-dir",
            "{out}",
        ),  # fmt: skip
        1,
        r"identifiant\(s\) de carreau invalide\(s\) dans .*grille.csv, colonne « IdINSPIRE » : "
        r"CRS3035RES200mN2466850E3482800",
    ),
    CliCase(
        "grid-without-poor-households",
        (
            "grid",
            "--grid",
            "{grid_no_poverty}",
            "--supply",
            "{activity}",
            "--points",
            "{grid_no_poverty}",
            "--output-dir",
            "{out}",
        ),  # fmt: skip
        1,
        r"colonne\(s\) absente\(s\) .*Men_pauv",
    ),
    CliCase(
        "demo-newline-in-output-folder",
        ("demo", "--output-dir", "{out}\nx", "--maps-dir", "{out}_cartes"),
        1,
        r"le nom du dossier de sortie .*sortie\\nx contient un caractère de contrôle",
    ),
]


def test_the_table_covers_every_command_and_has_80_cases() -> None:
    from access_map.cli import SUBCOMMANDS

    commands = {c.args[0] for c in CLI_CASES} | {"demo"}  # demo: tests/test_refresh.py (a file at the output path)
    assert set(SUBCOMMANDS) <= commands, sorted(set(SUBCOMMANDS) - commands)
    assert len(API_CASES) + len(READER_CASES) + len(CLI_CASES) >= 80


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_bad_input(case: CliCase, cli_files: dict[str, Path], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from access_map.cli import main

    out = tmp_path / "sortie"
    if case.args[0] == "apl":
        out = out.with_suffix(".csv")  # apl writes one file, named by its format
    args = [a.format(out=out, **{k: str(v) for k, v in cli_files.items()}) for a in case.args]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == case.exit_code, res.output
    assert re.search(case.pattern, " ".join(res.output.split())), res.output
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)  # nothing uncaught
    assert not out.exists() or (out.is_dir() and not any(out.iterdir())), "partial output left behind"


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


# ----------------------------------------------------------------------------------------------------------------
# Public readers: one file per case, written in a fresh folder (content None: the file does not exist)
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReaderCase:
    id: str
    read: Callable[[Path], object]
    filename: str
    content: str | None
    error: type[Exception] | type[Warning]  # a Warning: the row is dropped, counted and reported
    pattern: str


def _readers() -> list[ReaderCase]:
    from access_map.errors import MissingColumnError, SourceError
    from access_map.readers import (
        activity,
        annuaire_sante,
        appartenance,
        barometre,
        cpts,
        drees,
        finess,
        ign,
        insee,
        zonage,
    )
    from access_map.readers._io import SourceWarning
    from access_map.travel import read_observed_pairs, read_travel_times

    pl = "REG;DEP;COM;PMUN;PCAP;PTOT\n"
    cp = "id_cpts;nom_cpts;statut;date_signature_aci;code_commune\n"
    act = "identifiant_pp;code_commune;profession;actes;age;nouvel_installe;centre_sante;etp;part_activite\n"
    bar = "indic_id,enforce_zone_id,metric_enforce_date,maille,indic_vi,indic_va,indic_vc,indic_ta\n"
    tt = "origin;destination;minutes\n"
    R = ReaderCase
    return [
        R(
            "populations-missing-file",
            insee.read_populations_legales,
            "absent.csv",
            None,
            SourceError,
            r"cannot read .*absent.csv: file not found",
        ),
        R(
            "populations-empty-file",
            insee.read_populations_legales,
            "pl.csv",
            "",
            SourceError,
            r"pl.csv: the file is empty",
        ),
        R(
            "populations-no-pmun",
            insee.read_populations_legales,
            "pl.csv",
            "REG;DEP;COM;PTOT\n75;33;33063;1\n",
            MissingColumnError,
            r"missing column\(s\) 'PMUN' in .*pl.csv; found columns: 'REG', 'DEP', 'COM', 'PTOT'",
        ),
        R(
            "populations-negative",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33063;-5;0;0\n",
            InvalidValueError,
            r"column 'PMUN' in .*pl.csv: negative value\(s\): -5.0 \(1 row",
        ),
        R(
            "populations-text",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33063;mille;0;0\n",
            InvalidValueError,
            r"column 'PMUN' in .*pl.csv: non-numeric value\(s\): 'mille'",
        ),
        R(
            "populations-duplicate",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33063;1;0;0\n75;33;33063;2;0;0\n",
            InvalidCodeError,
            r"duplicated INSEE code\(s\) in .*pl.csv, column 'code_commune': '33063'",
        ),
        R(
            "populations-malformed-code",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;3306X;1;0;0\n75;33;33001;4;0;0\n",
            SourceWarning,
            r"pl.csv: 1 row\(s\) dropped: 1 malformed INSEE code \(e.g. '3306X'\)",
        ),
        R(
            "population-by-age-wrong-layout",
            insee.read_population_by_age,
            "age.csv",
            "code_commune;age_00_04\n33063;10\n",
            MissingColumnError,
            r"no 'ageq_recXXsYrpAAAA' column in .*age.csv",
        ),
        R(
            "cog-communes-no-reg",
            insee.read_cog_communes,
            "cog.csv",
            "TYPECOM,COM\nCOM,33063\n",
            MissingColumnError,
            r"missing column\(s\) 'REG', 'DEP' in .*cog.csv",
        ),
        R(
            "cog-departements-no-reg",
            insee.read_cog_departements,
            "d.csv",
            "DEP,NCC\n33,GIRONDE\n",
            MissingColumnError,
            r"missing column\(s\) 'REG' in .*d.csv",
        ),
        R(
            "cog-regions-no-label",
            insee.read_cog_regions,
            "r.csv",
            "REG\n75\n",
            MissingColumnError,
            r"missing column 'LIBELLE' \(or 'NCCENR'\) in .*r.csv",
        ),
        R(
            "admin-express-missing",
            ign.read_admin_express,
            "absent.gpkg",
            None,
            SourceError,
            r"cannot read .*absent.gpkg: file not found",
        ),
        R(
            "admin-express-not-a-gpkg",
            ign.read_admin_express,
            "x.gpkg",
            "pas un geopackage",
            SourceError,
            r"cannot read .*x.gpkg: .*not recognized",
        ),
        R(
            "geojson-contours-not-json",
            ign.read_geojson_contours,
            "c.geojson",
            "{pas du json",
            SourceError,
            r"cannot read .*c.geojson",
        ),
        R("chefs-lieux-missing", ign.read_chefs_lieux, "absent.geojson", None, SourceError, r"file not found"),
        R(
            "drees-workbook-missing",
            lambda p: drees.read_apl_sheet(p, year=2023),
            "absent.xlsx",
            None,
            SourceError,
            r"cannot read .*absent.xlsx: file not found",
        ),
        R(
            "drees-workbook-not-xlsx",
            lambda p: drees.read_apl_sheet(p, year=2023),
            "w.xlsx",
            "a,b\n1,2\n",
            SourceError,
            r"cannot read .*w.xlsx as an xlsx workbook",
        ),
        R(
            "drees-standardised-no-column",
            drees.read_standardised_population,
            "s.csv",
            "code_commune;annee\n33063;2016\n",
            MissingColumnError,
            r"missing column\(s\) 'annee_population', 'pop_standardisee' in .*s.csv",
        ),
        R(
            "annuaire-sante-missing",
            annuaire_sante.read_annuaire_sante,
            "absent.txt",
            None,
            SourceError,
            r"file not found",
        ),
        R(
            "annuaire-sante-no-columns",
            annuaire_sante.read_annuaire_sante,
            "a.txt",
            "Identifiant PP|Nom\n1|X\n",
            MissingColumnError,
            r"missing column\(s\) 'Code profession'.* in .*a.txt",
        ),
        R(
            "rpps-2017-no-columns",
            annuaire_sante.read_rpps_2017,
            "r.csv",
            "RPPS;Commune\n1;33063\n",
            MissingColumnError,
            r"missing column\(s\) 'FINESS', 'RaisonSociale'.* in .*r.csv",
        ),
        R("finess-missing", finess.read_finess, "absent.csv", None, SourceError, r"file not found"),
        R(
            "finess-not-etalab",
            finess.read_finess,
            "f.csv",
            "a;b;c\n1;2;3\n",
            SourceError,
            r"f.csv is not a FINESS etalab extraction: no 'structureet' record",
        ),
        R(
            "cpts-no-columns",
            cpts.read_cpts,
            "c.csv",
            "id_cpts;nom_cpts\nC1;X\n",
            MissingColumnError,
            r"missing column\(s\) 'statut', 'date_signature_aci', 'code_commune' in .*c.csv",
        ),
        R(
            "cpts-unknown-status",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;en cours;;33063\n",
            InvalidValueError,
            r"unknown CPTS status value\(s\) in .*c.csv, column 'statut': 'en cours'",
        ),
        R(
            "cpts-bad-date",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;contrat ACI signé;32/13/2021;33063\n",
            InvalidValueError,
            r"column 'date_signature_aci' in .*c.csv: unreadable date\(s\) '32/13/2021'",
        ),
        R(
            "cpts-empty-name",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;;projet;;33063\n",
            InvalidValueError,
            r"column 'nom_cpts' in .*c.csv: 1 empty value\(s\) \(rows 2 of the file\)",
        ),
        R(
            "cpts-inconsistent",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;projet;;33063\nC1;Y;projet;;33001\n",
            InvalidValueError,
            r"inconsistent CPTS description in .*c.csv: 'C1 \(nom_cpts\)'",
        ),
        R(
            "cpts-barometre-file",
            cpts.read_cpts,
            "ind-313.csv",
            bar + "IND-313,D33,2024-05-01,DEPT,,86.0,,\n",
            SourceError,
            r"is a Baromètre des résultats file",
        ),
        R(
            "zoning-unknown-class",
            zonage.read_zoning,
            "z.csv",
            "code_commune;zonage\n33063;ZRR\n",
            InvalidValueError,
            r"unknown zoning value\(s\) in .*z.csv, column 'zonage': 'ZRR'",
        ),
        R(
            "zoning-two-classes",
            zonage.read_zoning,
            "z.csv",
            "code_commune;zonage\n33063;ZIP\n33063;ZAC\n",
            InvalidCodeError,
            r"commune\(s\) with two different zoning classes in .*z.csv: \"33063: \['ZAC', 'ZIP'\]\"",
        ),
        R(
            "tvs-no-column",
            zonage.read_tvs,
            "t.csv",
            "code_commune\n33063\n",
            MissingColumnError,
            r"missing column\(s\) 'code_tvs' in .*t.csv",
        ),
        R(
            "tvs-commune-in-two",
            zonage.read_tvs,
            "t.csv",
            "code_commune;code_tvs\n33063;A\n33063;B\n",
            InvalidCodeError,
            r"commune\(s\) in two TVS in .*t.csv: \"33063 in \['A', 'B'\]\"",
        ),
        R(
            "qpv-no-columns",
            zonage.read_qpv,
            "q.csv",
            "code_qpv\nQP1\n",
            MissingColumnError,
            r"missing column\(s\) 'libelle_qpv', 'code_commune', 'population' in .*q.csv",
        ),
        R(
            "caps-no-columns",
            zonage.read_zoning_caps,
            "k.csv",
            "code_region\n75\n",
            MissingColumnError,
            r"k.csv: caps need part_max_zip and part_max_zac",
        ),
        R(
            "caps-above-one",
            zonage.read_zoning_caps,
            "k.csv",
            "code_region;part_max_zip;part_max_zac\n75;1.5;0.2\n",
            InvalidValueError,
            r"1.5",
        ),
        R(
            "barometre-no-columns",
            barometre.read_barometre,
            "ind-311.csv",
            "indic_id,zone\nIND-311,D33\n",
            MissingColumnError,
            r"missing column\(s\) 'enforce_zone_id'.* in .*ind-311.csv",
        ),
        R(
            "barometre-unknown-zone",
            barometre.read_barometre,
            "ind-311.csv",
            bar + "IND-311,XX,2023-12-01,DEPT,,1,,\n",
            InvalidCodeError,
            r"unknown zone identifier\(s\) in .*ind-311.csv, column 'enforce_zone_id': 'XX'",
        ),
        R(
            "activity-no-columns",
            activity.read_practitioner_activity,
            "a.csv",
            "identifiant_pp;code_commune\n1;33063\n",
            MissingColumnError,
            r"missing column\(s\) 'profession', 'actes'.* in .*a.csv",
        ),
        R(
            "activity-unknown-profession",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;chirurgien;4000;50;0;0;;1\n",
            InvalidValueError,
            r"unknown profession value\(s\) in .*a.csv, column 'profession': 'chirurgien'",
        ),
        R(
            "activity-negative-acts",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;medecin_generaliste;-4000;50;0;0;;1\n",
            InvalidValueError,
            r"column 'acts' in .*a.csv: negative value\(s\): -4000.0",
        ),
        R(
            "activity-shares-above-one",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;medecin_generaliste;4000;50;0;0;;0.7\n1;33001;medecin_generaliste;4000;50;0;0;;0.7\n",
            InvalidValueError,
            r"column 'share' in .*a.csv: the shares of practitioner\(s\) '1' sum to more than 1",
        ),
        R(
            "activity-not-a-boolean",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;medecin_generaliste;4000;50;peut-être;0;;1\n",
            InvalidValueError,
            r"column 'new_practitioner' in .*a.csv: value\(s\) 'peut-être' are not booleans",
        ),
        R(
            "appartenance-no-codgeo",
            appartenance.read_appartenance,
            "app.csv",
            "LIBGEO;DEP\nBordeaux;33\n",
            MissingColumnError,
            r"CODGEO",
        ),
        R(
            "travel-times-no-minutes",
            read_travel_times,
            "tt.csv",
            "origin;destination\n33063;33063\n",
            MissingColumnError,
            r"missing column\(s\) 'minutes' in tt.csv",
        ),
        R(
            "travel-times-negative",
            read_travel_times,
            "tt.csv",
            tt + "33063;33001;-4\n",
            InvalidValueError,
            r"column 'minutes' in tt.csv: negative value\(s\): -4.0",
        ),
        R(
            "travel-times-text",
            read_travel_times,
            "tt.csv",
            tt + "33063;33001;dix\n",
            InvalidValueError,
            r"column 'minutes' in tt.csv: non-numeric value\(s\): 'dix'",
        ),
        R(
            "travel-times-duplicate-pair",
            read_travel_times,
            "tt.csv",
            tt + "33063;33001;4\n33063;33001;5\n",
            InvalidCodeError,
            r"duplicated origin/destination pair\(s\) in tt.csv: '33063/33001'",
        ),
        R(
            "travel-times-missing",
            read_travel_times,
            "absent.parquet",
            None,
            SourceError,
            r"travel-time file not found: .*absent.parquet",
        ),
        R(
            "observed-pairs-no-columns",
            lambda p: read_observed_pairs(p, observed="minutes"),
            "obs.csv",
            "a;b\n1;2\n",
            MissingColumnError,
            r"obs.csv",
        ),
    ]


READER_CASES = _readers()


@pytest.mark.parametrize("case", READER_CASES, ids=[c.id for c in READER_CASES])
def test_reader_bad_input(case: ReaderCase, tmp_path: Path) -> None:
    path = tmp_path / case.filename
    if case.content is not None:
        path.write_text(case.content, encoding="utf-8")
    if issubclass(case.error, Warning):
        with pytest.warns(case.error, match=case.pattern):
            case.read(path)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(case.error, match=case.pattern):
            case.read(path)


def test_unexpected_and_file_system_errors_reach_the_user_as_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command group turns any exception into a message: permission errors name the path, an internal error
    says how to see its traceback (ACCESS_MAP_DEBUG=1), which then propagates."""
    from click.testing import CliRunner

    from access_map.cli import DEBUG_ENV, main
    from access_map.refresh import run as refresh_run

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "sorties"))

    monkeypatch.setattr(refresh_run, "run_refresh", denied)
    monkeypatch.setattr("access_map.refresh.run_refresh", denied)
    res = CliRunner().invoke(
        main, ["demo", "--output-dir", str(tmp_path / "sorties"), "--maps-dir", str(tmp_path / "c")]
    )
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert f"accès impossible à {tmp_path / 'sorties'} : permission refusée ; corrigez ses permissions" in " ".join(
        res.output.split()
    )

    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("access_map.refresh.run_refresh", bug)
    res = CliRunner().invoke(
        main, ["demo", "--output-dir", str(tmp_path / "sorties"), "--maps-dir", str(tmp_path / "c")]
    )
    assert res.exit_code == 1 and "unexpected error (ZeroDivisionError: division by zero)" in res.output
    assert f"{DEBUG_ENV}=1" in res.output
    monkeypatch.setenv(DEBUG_ENV, "1")
    res = CliRunner().invoke(
        main, ["demo", "--output-dir", str(tmp_path / "sorties"), "--maps-dir", str(tmp_path / "c")]
    )
    assert isinstance(res.exception, ZeroDivisionError)
