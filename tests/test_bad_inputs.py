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
from typing import Any

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
    ApiCase("apl-empty-demand", _apl(demand=pd.Series([], dtype=float)), r"la demande est vide", InvalidValueError),
    ApiCase(
        "apl-all-zero-demand", _apl(demand=DEMAND * 0.0), r"la demande vaut 0 dans les 3 communes", InvalidValueError
    ),
    ApiCase(
        "apl-absurd-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33002", 1e308)),
        r"1 commune au-dessus de 100.000.000 habitants \('33002=1e\+308'\)",
        InvalidValueError,
    ),
    ApiCase(
        "apl-nan-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33002", np.nan)),
        r"demand : 1 valeur négative\(s\), NaN ou infinie\(s\) : '33002=nan'",
        InvalidValueError,
    ),
    ApiCase(
        "apl-negative-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33001", -5.0)),
        r"négative\(s\), NaN ou infinie\(s\) : '33001=-5.0'",
        InvalidValueError,
    ),
    # --- degenerate supply
    ApiCase(
        "apl-infinite-supply",
        _apl(supply=pd.Series({"33001": np.inf})),
        r"supply : 1 valeur négative\(s\), NaN ou infinie\(s\) : '33001=inf'",
        InvalidValueError,
    ),
    ApiCase(
        "apl-overflowing-supply",
        _apl(supply=pd.Series({"33001": 1.7e308, "33002": 1.7e308}), demand=pd.Series([0.5, 0.5, 0.5], index=CODES)),
        r"l'indicateur déborde pour \d+ communes?.*ordres de grandeur absurdes",
        InvalidValueError,
    ),
    ApiCase(
        "apl-supply-outside-population",
        _apl(supply=pd.Series({"33001": 3600.0, "33099": 5400.0})),
        r"1 commune d'offre absente\(s\) de la table de population .*'33099'.* porte\(nt\) 5.400 de l'offre totale de 9.000",
        warning=UserWarning,
    ),
    # --- degenerate travel tables
    ApiCase(
        "apl-empty-times", _apl(times=TIMES.iloc[:0]), r"temps de trajet est vide \(aucune ligne\)", InvalidValueError
    ),
    ApiCase(
        "fca-no-pair-matches",
        lambda: two_stage_fca(
            supply=pd.Series({"A": 1.0}), demand=pd.Series({"A": 1.0}), times=_times([("X", "X", 0.0)]), max_minutes=20
        ),
        r"aucune paire de temps de trajet ne relie une commune de la demande en moins de 20,0 minutes : 1 ligne",
        InvalidValueError,
    ),
    ApiCase(
        "apl-origins-outside-population",
        _apl(times=pd.concat([TIMES, _times([("33077", "33001", 5.0), ("33077", "33077", 0.0)])])),
        r"1 commune d'origine de temps de trajet absente de la table de population .*'33077'.*leurs 2 paires",
        warning=UserWarning,
    ),
    ApiCase(
        "apl-commune-without-point",
        _apl(times=TIMES[(TIMES["origin"] != "33003") & (TIMES["destination"] != "33003")]),
        r"1 commune de la demande sans aucun temps de trajet .*'33003'.*aucun point",
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
        r"ancien\(s\) code\(s\) corse\(s\) dans demand, colonne 'index' : '20004'.*2A \(Corse-du-Sud\).*harmonize_to_cog",
        InvalidCodeError,
    ),
    ApiCase(
        "apl-legacy-corsica-times",
        _apl(times=pd.concat([TIMES, _times([("33001", "20004", 5.0)])])),
        r"ancien\(s\) code\(s\) corse\(s\) dans temps de trajet, colonne 'destination' : '20004'",
        InvalidCodeError,
    ),
    ApiCase(
        "apl-numeric-codes",
        _apl(supply=pd.Series({33001: 3600.0})),
        r"code\(s\) INSEE mal formé\(s\) dans supply, colonne 'index' : 33001",
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
        r"paire\(s\) \(origine, destination\) en double dans temps de trajet : '33001->33001'",
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
        r"les coordonnées de p.gpkg ne sont pas des longitudes/latitudes bien que leur système soit EPSG:4326.*set_crs\(2154, allow_override=True\)",
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
        r"t.toml : professions\[0\].max_ages doit être une liste de nombres.*trouvé : '65'",
        ConfigError,
    ),
    ApiCase(
        "config-vintage-string",
        _config(professions__vintage="2023"),
        r"professions\[0\].vintage doit être un nombre .*trouvé : '2023' \(écrivez les nombres sans guillemets\)",
        ConfigError,
    ),
    ApiCase(
        "config-vintage-fraction",
        _config(professions__vintage=2023.5),
        r"professions\[0\].vintage doit être un nombre entier",
        ConfigError,
    ),
    ApiCase(
        "config-max-ages-unknown",
        _config(professions__max_ages=[0, 70]),
        r"max_ages accepte 0 \(tous les âges\), 65, 62, 60 ; trouvé : \[70\]",
        ConfigError,
    ),
    ApiCase(
        "config-profession-unknown",
        _config(professions__name="generaliste"),
        r"professions\[0\].name 'generaliste' n'est pas l'une de",
        ConfigError,
    ),
    ApiCase(
        "config-png-string",
        _config(outputs__png="yes"),
        r"outputs.png doit être true ou false ; trouvé : 'yes'",
        ConfigError,
    ),
    ApiCase(
        "config-resolution-string",
        _config(outputs__raster_resolution_m="1km"),
        r"outputs.raster_resolution_m doit être un nombre",
        ConfigError,
    ),
    ApiCase(
        "config-table-format",
        _config(outputs__table_formats=["xlsx"]),
        r"outputs.table_formats accepte csv, parquet, gpkg ; trouvé : \['xlsx'\]",
        ConfigError,
    ),
    ApiCase(
        "config-table-formats-empty",
        _config(outputs__table_formats=[]),
        r"outputs.table_formats doit être une liste non vide de formats parmi csv, parquet, gpkg ; trouvé : \[\]",
        ConfigError,
    ),
    ApiCase(
        "config-table-formats-string",
        _config(outputs__table_formats="csv"),
        r"outputs.table_formats doit être une liste non vide .* trouvé : 'csv'",
        ConfigError,
    ),
    ApiCase(
        "config-table-formats-twice",
        _config(outputs__table_formats=["csv", "csv"]),
        r"outputs.table_formats = \['csv', 'csv'\] est hors bornes : attendu des formats distincts",
        ConfigError,
    ),
    ApiCase(
        "config-max-ages-empty",
        _config(professions__max_ages=[]),
        r"professions\[0\].max_ages = \[\] est hors bornes : attendu une liste non vide de variantes distinctes",
        ConfigError,
    ),
    ApiCase(
        "config-max-ages-twice",
        _config(professions__max_ages=[65, 65]),
        r"professions\[0\].max_ages = \[65, 65\] est hors bornes",
        ConfigError,
    ),
    ApiCase(
        "config-split-maps",
        _config(outputs__split_maps="dept"),
        r"outputs.split_maps accepte auto, region, none ; trouvé : 'dept'",
        ConfigError,
    ),
    ApiCase(
        "config-msp-minutes-scalar",
        _config(msp__minutes=10),
        r"msp.minutes doit être une liste de nombres",
        ConfigError,
    ),
    ApiCase(
        "config-zoning-max-age-string",
        _config(zoning__max_age="65"),
        r"zoning.max_age doit être un nombre",
        ConfigError,
    ),
    ApiCase(
        "config-demo-string",
        _config(sources__demo="true"),
        r"sources.demo doit être true ou false ; trouvé : 'true'",
        ConfigError,
    ),
    ApiCase(
        "config-margin-string",
        _config(margin_km="5 km", departements=["96"]),
        r"margin_km doit être un nombre",
        ConfigError,
    ),
    ApiCase(
        "config-departements-string",
        _config(departements="33"),
        r"departements doit être une liste de codes",
        ConfigError,
    ),
    ApiCase(
        "config-travel-minutes-in-words",
        _config(travel={"max_minutes": "vingt"}),
        r"travel.max_minutes doit être un nombre .*trouvé : 'vingt'",
        ConfigError,
    ),
    ApiCase(
        "config-travel-unknown-method",
        _config(travel={"method": "voiture"}),
        r"travel.method doit valoir 'crow_fly', 'file' ou 'osrm' ; trouvé : 'voiture'",
        ConfigError,
    ),
    ApiCase(
        "config-travel-osrm-without-extract",
        _config(travel={"method": "osrm"}),
        r"travel.method = 'osrm' demande travel.osm",
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
        r"toutes à la même distance .*les coordonnées sont sans doute des degrés, pas des mètres",
        InvalidValueError,
    ),
    ApiCase(
        "observed-pairs-in-degrees",
        _observed_pairs_in_degrees,
        r"paires.csv : les coordonnées X1, Y1, X2, Y2 semblent en degrés .*coordonnées projetées en mètres",
        InvalidValueError,
    ),
]


# --- one practitioner, one truth; CPTS dates; points and coordinates; calibration without information


def _practitioners(**changes: list[object]) -> pd.DataFrame:
    """Practitioner 1 practises at two sites (33001, 33002); ``changes`` give the values of the two rows."""
    table = pd.DataFrame(
        {
            "practitioner_id": ["1", "1", "2"],
            "code_commune": ["33001", "33002", "33003"],
            "profession": "medecin_generaliste",
            "acts": [4000.0, 4000.0, 5000.0],
            "age": [50.0, 50.0, 40.0],
            "new_practitioner": False,
            "health_centre": False,
            "etp": np.nan,
            "share": [0.5, 0.5, 1.0],
        }
    )
    for column, values in changes.items():
        table.loc[[0, 1], column] = values
    return table


def _supply(table: pd.DataFrame, max_age: float | None = None) -> Callable[[], object]:
    from access_map.apl import supply_from_activity

    return lambda: supply_from_activity(table, params=APLParams.drees_mg(2023, max_age=max_age))


def _cpts_table(date: str, status: str = "contrat ACI signé") -> Callable[[], object]:
    from access_map.cpts import cpts_table

    raw = pd.DataFrame(
        {"id_cpts": ["C1"], "nom_cpts": ["X"], "statut": [status], "date_signature": [date], "code_commune": ["33001"]}
    )
    communes = pd.DataFrame({"population": [100.0]}, index=pd.Index(["33001"], name="code_commune"))
    return lambda: cpts_table(raw, communes)


def _msp_swapped() -> object:
    import geopandas as gpd
    from shapely.geometry import Point, box

    from access_map.territory.points import check_points_within

    communes = gpd.GeoDataFrame(geometry=[box(400_000, 6_400_000, 450_000, 6_450_000)], crs=2154)
    msp = gpd.GeoDataFrame(
        {"nom": ["MSP des Vignes", "MSP du Port"]},
        geometry=[Point(417_000, 6_423_000), Point(6_423_000, 417_000)],
        crs=2154,
    )
    return check_points_within(msp, communes, source="msp.gpkg", label_column="nom")


def _bow_tie_without_surface() -> object:
    import geopandas as gpd
    from shapely.geometry import Polygon, box

    from access_map.maps.topology import display_topology

    flat = Polygon([(700_000, 6_600_000), (701_000, 6_601_000), (702_000, 6_602_000)])  # all its points on a line
    g = gpd.GeoDataFrame(
        geometry=[box(700_000, 6_600_000, 701_000, 6_601_000), flat],
        index=pd.Index(["33001", "33002"], name="code_commune"),
        crs=2154,
    )
    return display_topology(g)


_AGE = r"1 praticien a des valeurs différentes selon ses sites d’exercice : 1 : "
API_CASES += [
    ApiCase(
        "practitioner-two-ages",
        _supply(_practitioners(age=[50.0, 66.0]), 65),
        _AGE + r"âge 50 \(33001\), 66 \(33002\)",
        InvalidValueError,
    ),
    ApiCase(
        "practitioner-two-activities",
        _supply(_practitioners(acts=[4000.0, 6000.0])),
        _AGE + r"actes 4\u202f000 \(33001\), 6\u202f000 \(33002\)",
        InvalidValueError,
    ),
    ApiCase(
        "practitioner-age-known-at-one-site",
        _supply(_practitioners(age=[50.0, np.nan]), 65),
        _AGE + r"âge 50 \(33001\), vide \(33002\)",
        InvalidValueError,
    ),
    ApiCase(
        "practitioner-new-at-one-site",
        _supply(_practitioners(new_practitioner=[True, False])),
        _AGE + r"nouvel installé oui \(33001\), non \(33002\)",
        InvalidValueError,
    ),
    ApiCase(
        "cpts-table-signed-2099",
        _cpts_table("2099-01-01"),
        r"date_signature : 1 date hors de la plage possible \(2019-06-20 – .*C1 : 2099-01-01",
        InvalidValueError,
    ),
    ApiCase(
        "cpts-table-date-on-a-project",
        _cpts_table("2021-06-15", "projet"),
        r"C1 : projet, 2021-06-15",
        InvalidValueError,
    ),
    ApiCase(
        "msp-x-y-swapped",
        _msp_swapped,
        r"msp.gpkg : 1 point hors de l’emprise du territoire .*: MSP du Port \(x 6\u202f423\u202f000, y 417\u202f000\)",
        InvalidValueError,
    ),
    ApiCase(
        "topology-polygon-without-surface",
        _bow_tie_without_surface,
        r"1 zone sans surface une fois leur polygone réparé.*: 33002",
        InvalidValueError,
    ),
    ApiCase(
        "crs-degrees-labelled-lambert93",
        lambda: check_crs_bounds(_points([(-0.58, 44.84), (-0.35, 44.9)], 2154), source="p.gpkg"),
        r"les coordonnées de p.gpkg ne peuvent pas être des mètres de EPSG:2154 .*set_crs\(4326, allow_override=True\)",
        CRSError,
    ),
    ApiCase(
        "crow-fly-on-degrees-labelled-lambert93",
        lambda: __import__("access_map.travel", fromlist=["crow_fly_times"]).crow_fly_times(
            _points([(-0.58, 44.84), (-0.35, 44.9), (-0.5, 44.7)], 2154).set_axis(CODES)
        ),
        r"ne peuvent pas être des mètres de EPSG:2154",
        CRSError,
    ),
    ApiCase(
        "calibrate-pairs-all-at-one-distance",
        lambda: __import__("access_map.travel", fromlist=["calibrate"]).calibrate(
            [10.0, 10.0, 10.0], [12.0, 18.0, 15.0]
        ),
        r"les 3 paires observées sont toutes à la même distance .*0,000 km",
        InvalidValueError,
    ),
    ApiCase(
        "calibrate-without-intercept-all-at-zero",
        lambda: __import__("access_map.travel", fromlist=["calibrate"]).calibrate(
            [0.0, 0.0], [3.0, 4.0], fit_intercept=False
        ),
        r"toutes à la même distance",
        InvalidValueError,
    ),
]


# --- configuration values bounded when the file is parsed (before any input is read), naming the TOML key


def _scenario(**sections: object) -> Callable[[], object]:
    from access_map.scenario.config import parse_scenario_config

    data: dict[str, object] = {"territory": "demo", **sections}
    return lambda: parse_scenario_config(data, source="s.toml")


def _change(**change: object) -> dict[str, object]:
    return {"scenarios": [{"name": "x", "changes": [change]}]}


_BOUND = r"est hors bornes : attendu"
API_CASES += [
    ApiCase(
        "config-msp-negative-minutes",
        _config(msp__minutes=[-10, 20]),
        r"t.toml : \[msp\] minutes\[0\] = -10.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "config-msp-repeated-minutes",
        _config(msp__minutes=[10, 10]),
        r"\[msp\] minutes = \[10.0, 10.0\] .*distinctes",
        ConfigError,
    ),
    ApiCase(
        "config-travel-infinite-minutes",
        _config(travel={"max_minutes": float("inf")}),
        r"\[travel\] max_minutes = inf .*un nombre fini",
        ConfigError,
    ),
    ApiCase(
        "config-travel-minutes-per-km-absurd",
        _config(travel={"minutes_per_km": 500.0}),
        r"\[travel\] minutes_per_km = 500.0 " + _BOUND + " entre 0.2 et 30",
        ConfigError,
    ),
    ApiCase(
        "config-margin-negative",
        _config(margin_km=-5, departements=["96"]),
        r"\[margin_km\]|margin_km = -5.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "config-raster-resolution-zero",
        _config(outputs__raster_resolution_m=0),
        r"\[outputs\] raster_resolution_m = 0.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "config-impute-acts-absurd",
        _config(supply={"impute_acts": 1e300}),
        r"\[supply\] impute_acts = 1e\+300 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "config-catchment-absurd",
        _config(professions__catchment_minutes=1e9),
        r"\[\[professions\]\] n° 1 : catchment_minutes = 1000000000.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "config-vintage-without-weights",
        _config(professions__vintage=2019),
        r"\[\[professions\]\] n° 1 : vintage = 2019 " + _BOUND + " 2022 ou 2023",
        ConfigError,
    ),
    ApiCase(
        "config-year-absurd",
        _config(sources={"demo": True, "standardised_population_year": 21}),
        r"\[sources\] standardised_population_year = 21 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "scenario-top-negative",
        _scenario(outputs={"top": -5}),
        r"s.toml : \[outputs\] top = -5.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "scenario-seed-negative",
        _scenario(uncertainty={"seed": -1}),
        r"s.toml : \[uncertainty\] seed = -1.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "scenario-draws-1e9",
        _scenario(uncertainty={"draws": 1e9}),
        r"s.toml : \[uncertainty\] draws = 1000000000.0 " + _BOUND + " entre 1 et 10",
        ConfigError,
    ),
    ApiCase(
        "scenario-sites-absurd",
        _scenario(placement={"sites": 100_000}),
        r"\[placement\] sites = 100000.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "scenario-population-factor-1e300",
        _scenario(**_change(kind="population", factor=1e300)),
        r"scenarios\[0\].changes\[0\].factor = 1e\+300 " + _BOUND + " entre 0 et 10",
        ConfigError,
    ),
    ApiCase(
        "scenario-commune-factor-infinite",
        _scenario(**_change(kind="population", factors={"96001": float("inf")})),
        r"factors.96001 = inf .*un nombre fini",
        ConfigError,
    ),
    ApiCase(
        "scenario-travel-factor-zero-ok-negative-not",
        _scenario(**_change(kind="travel", factor=-1.0)),
        r"changes\[0\].factor = -1.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "scenario-acts-absurd",
        _scenario(**_change(kind="open_msp", commune="96001", acts_per_practitioner=1e12)),
        r"acts_per_practitioner = 1000000000000.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "scenario-zero-practitioners",
        _scenario(**_change(kind="add_practitioners", commune="96001", practitioners=0)),
        r"changes\[0\].practitioners = 0.0 " + _BOUND,
        ConfigError,
    ),
    ApiCase(
        "scenario-malformed-commune",
        _scenario(**_change(kind="close_site", commune="9600")),
        r"changes\[0\].commune : code\(s\) commune mal formé\(s\) 9600",
        ConfigError,
    ),
    ApiCase(
        "scenario-commune-as-a-number",
        _scenario(**_change(kind="close_site", commune=33063.5)),
        r"mal formé\(s\) 33063.5",
        ConfigError,
    ),
    ApiCase(
        "scenario-max-age-unknown",
        _scenario(baseline={"max_age": 70}),
        r"\[baseline\] max_age = 70 " + _BOUND + " 0 \\(tous\\), 65, 62 ou 60",
        ConfigError,
    ),
    ApiCase(
        "scenario-unknown-commune",
        lambda: __import__("access_map.scenario.config", fromlist=["x"]).check_scenario_communes(
            _scenario(**_change(kind="close_site", commune="96999"))(),
            ["96001", "96002"],  # type: ignore[arg-type]
        ),
        r"1 commune inconnue\(s\) du territoire : 96999 \(scenarios\[0\] \(x\).changes\[0\]\)",
        ConfigError,
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
    files.update(_family_files(d, files))
    return files


def _family_files(d: Path, files: dict[str, Path]) -> dict[str, Path]:
    """Inputs of the families of contradictions, non-measures, degrees taken for metres and bounded configurations."""
    import geopandas as gpd

    from access_map.datasets import load_demo
    from access_map.readers.filosofi import FILOSOFI_AGE_COLUMNS

    def write(name: str, text: str) -> Path:
        (d / name).write_text(text, encoding="utf-8")
        return d / name

    act = "identifiant_pp;code_commune;profession;actes;age;nouvel_installe;centre_sante;etp;part_activite\n"
    cp = "id_cpts;nom_cpts;statut;date_signature_aci;code_commune\n"
    demo = load_demo()
    degrees = demo.chefs_lieux.to_crs(4326).set_crs(2154, allow_override=True)  # degrees labelled Lambert-93
    degrees.reset_index().to_file(d / "degrees_as_l93.gpkg", driver="GPKG")
    msp = demo.msp.copy()
    first = msp.index[0]
    msp.loc[first, "geometry"] = gpd.points_from_xy([msp.geometry.loc[first].y], [msp.geometry.loc[first].x])[0]
    msp.to_file(d / "msp_swapped.gpkg", driver="GPKG")
    populations = files["populations_legales"].read_text(encoding="utf-8").splitlines()
    populations[1] = ";".join(
        "99" if k == populations[0].split(";").index("DEP") else v for k, v in enumerate(populations[1].split(";"))
    )
    scenario = 'territory = "demo"\n'
    return {
        "degrees_as_l93": d / "degrees_as_l93.gpkg",
        "msp_swapped": d / "msp_swapped.gpkg",
        "fake_pbf": write("extrait.osm.pbf", "\x00\x00\x00\x0dOSMHeader"),
        "pl_dep99": write("pl_dep99.csv", "\n".join(populations) + "\n"),
        "supply_twice": write("offre.csv", "code_commune;supply\n96001;3600\n96002;5400\n96001;3600\n"),
        "activity_two_ages": write(
            "activite.csv",
            act + "7;96001;medecin_generaliste;4000;50;0;0;;0.5\n7;96002;medecin_generaliste;4000;70;0;0;;0.5\n",
        ),
        "apl_text": write("apl_text.csv", "code_commune;apl\n96001;2,5\n96002;abc\n"),
        "apl_negative": write("apl_negative.csv", "code_commune;apl\n96001;2,5\n96002;-7\n"),
        "apl_inf": write("apl_inf.csv", "code_commune;apl;standardised_population\n96001;inf;100\n96002;3;200\n"),
        "cpts_2099": write("cpts_2099.csv", cp + "C1;X;contrat ACI signé;2099-01-01;96001\n"),
        "times_ok": write("times_ok.csv", "origin;destination;minutes\n96001;96002;3\n"),
        "grid": write(
            "carreaux.csv",
            "IdINSPIRE,Depcom,I_est_cr,Ind,Men,Men_pauv,Ind_snv,"
            + ",".join(FILOSOFI_AGE_COLUMNS)
            + ",Ind_inc\nCRS3035RES200mN2466800E3482800,96001,0,10,4,1,200000,"
            + ",".join(["1"] * 10)
            + ",0\n",
        ),
        "times_inf": write("times_inf.csv", "origin;destination;minutes\n96001;96002;-inf\n"),
        "pairs_one_distance": write(
            "paires.csv", "X1;Y1;X2;Y2;obs\n400000;6400000;410000;6400000;15\n500000;6400000;510000;6400000;21\n"
        ),
        "refresh_msp_negative": write(
            "msp_negative.toml", 'name = "x"\n[sources]\ndemo = true\n[msp]\nminutes = [-10, 20]\n'
        ),
        "scenario_draws": write("draws.toml", scenario + "[uncertainty]\ndraws = 1e9\n"),
        "scenario_top": write("top.toml", scenario + "[outputs]\ntop = -5\n"),
        "scenario_seed": write("seed.toml", scenario + "[uncertainty]\nseed = -1\n"),
        "scenario_factor": write(
            "factor.toml", scenario + '[[scenarios]]\nname = "x"\nchanges = [{ kind = "population", factor = 1e300 }]\n'
        ),
        "scenario_commune": write(
            "commune.toml",
            scenario + '[[scenarios]]\nname = "x"\nchanges = [{ kind = "close_site", commune = "96999" }]\n',
        ),
    }


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
        "apl-no-population",
        ("apl", "--supply", "{activity}", "--output", "{out}"),
        2,
        r"option obligatoire manquante : '--population'",
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
        r"valeur invalide pour '--population' : le fichier « .*absent.csv » n'existe pas",
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
        r"la demande est vide : aucune commune pour laquelle calculer un indicateur \(un fichier de population réduit",
    ),
    CliCase(
        "apl-times-and-points",
        (*_APL, "--points", "{admin_express}", "--times", "{times_negative}", "--output", "{out}"),
        2,
        r"donnez soit --times FICHIER, soit --points FICHIER",
    ),
    CliCase("apl-no-travel", (*_APL, "--output", "{out}"), 2, r"donnez soit --times FICHIER, soit --points FICHIER"),
    CliCase(
        "apl-unknown-vintage",
        (*_APL, "--points", "{admin_express}", "--vintage", "2019", "--output", "{out}"),
        2,
        r"valeur invalide pour '--vintage' : « 2019 » n'est pas une valeur possible ; choisissez parmi : 2022, 2023",
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
        r"--variants demande --supply-kind practitioners",
    ),
    CliCase(
        "apl-negative-times",
        (*_APL, "--times", "{times_negative}", "--output", "{out}"),
        1,
        r"colonne 'minutes' de times_negative.csv : 1 valeur négative \(-3.0\)",
    ),
    CliCase(
        "travel-crowfly-no-points", ("travel", "crowfly", "--output", "{out}"), 2, r"--points FICHIER est obligatoire"
    ),
    CliCase(
        "travel-import-no-input",
        ("travel", "import", "--output", "{out}"),
        2,
        r"option obligatoire manquante : '--input'",
    ),
    CliCase(
        "zoning-no-output-dir", ("zoning", "--apl", "{apl_other}"), 2, r"option obligatoire manquante : '--output-dir'"
    ),
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
        r"apl_other.csv : pas de colonne d'APL 'apl' ; colonnes trouvées : valeur \(choisissez-la avec --apl-column\)",
    ),
    CliCase(
        "zoning-unknown-rules",
        ("zoning", "--apl", "{apl_other}", "--rules", "2030", "--output-dir", "{out}"),
        2,
        r"valeur invalide pour '--rules' : « 2030 » n'est pas une valeur possible",
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
        r"valeur\(s\) de statut de CPTS inconnue\(s\) dans .*cpts_bad.csv, colonne 'statut' : 'en cours'",
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
        r"--max-minutes est obligatoire avec --times",
    ),
    CliCase(
        "msp-structures-not-finess",
        ("msp", "--structures", "{cpts_bad}", "--communes", "{populations_legales}", "--out", "{out}"),
        1,
        r"colonne\(s\) manquante\(s\) 'categorie' dans .*cpts_bad.csv",
    ),
    CliCase(
        "map-unknown-kind",
        ("map", "carte", "--demo", "-o", "{out}"),
        2,
        r"« carte » n'est pas une valeur possible ; choisissez parmi : apl, zoning",
    ),
    CliCase(
        "refresh-missing-config", ("refresh", "--config", "{missing}"), 2, r"le fichier « .*absent.csv » n'existe pas"
    ),
    CliCase("refresh-bad-toml", ("refresh", "--config", "{bad_toml}"), 1, r"bad.toml : TOML invalide : Expected ']'"),
    CliCase(
        "refresh-typed-toml",
        ("refresh", "--config", "{typed_toml}"),
        1,
        r"typed.toml : professions\[0\].max_ages doit être une liste de nombres.*trouvé : '65'",
    ),
    CliCase("fetch-unknown-dataset", ("fetch", "inconnu"), 1, r"access-map fetch --list"),
    CliCase(
        "fetch-unknown-vintage",
        ("fetch", "drees_apl_mg", "--vintage", "1999"),
        1,
        r"le jeu de données 'drees_apl_mg' n'a pas de millésime '1999'",
    ),
    CliCase(
        "scenario-missing-config",
        ("scenario", "--config", "{missing}"),
        1,
        r"configuration de scénarios introuvable : .*absent.csv",
    ),
    CliCase(
        "scenario-unknown-key",
        ("scenario", "--config", "{scenario_bad}"),
        1,
        r"scenario.toml : clé\(s\) inconnue\(s\) 'scenario'",
    ),
]

_BOUND = r"est hors bornes : attendu"
CLI_CASES += [
    # one practitioner, one commune, one department, one date: the command refuses and names the rows
    CliCase(
        "apl-supply-per-commune-listed-twice",
        (
            "apl",
            "--population",
            "{population_by_age}",
            "--supply",
            "{supply_twice}",
            "--supply-kind",
            "communes",
            "--points",
            "{admin_express}",
            "--output",
            "{out}",
        ),
        1,
        r"offre.csv, colonne code_commune : 1 commune figure plusieurs fois \(96001 ; lignes 2, 4 du fichier\)",
    ),
    CliCase(
        "apl-practitioner-with-two-ages",
        (
            "apl",
            "--population",
            "{population_by_age}",
            "--supply",
            "{activity_two_ages}",
            "--points",
            "{admin_express}",
            "--output",
            "{out}",
        ),
        1,
        r"1 praticien a des valeurs différentes selon ses sites d’exercice : 7 : âge 50 \(96001\), 70 \(96002\)",
    ),
    CliCase(
        "cpts-populations-with-a-made-up-department",
        ("cpts", "--cpts", "{cpts}", "--communes", "{pl_dep99}", "--out", "{out}"),
        1,
        r"pl_dep99.csv, colonne DEP : 1 commune dont le département contredit le code : \d{5} : DEP 99 \(ligne 2\)",
    ),
    CliCase(
        "msp-populations-with-a-made-up-department",
        ("msp", "--structures", "{finess}", "--communes", "{pl_dep99}", "--out", "{out}"),
        1,
        r"dont le département contredit le code",
    ),
    CliCase(
        "cpts-signed-in-2099",
        ("cpts", "--cpts", "{cpts_2099}", "--communes", "{populations_legales}", "--out", "{out}"),
        1,
        r"cpts_2099.csv, colonne date_signature_aci : 1 date hors de la plage possible .*C1 : 2099-01-01",
    ),
    # every command reads through the validating readers
    CliCase(
        "map-apl-as-text",
        ("map", "apl", "--communes", "{admin_express}", "--values", "{apl_text}", "--output", "{out}"),
        1,
        r"colonne 'apl' de .*apl_text.csv : 1 valeur non numérique \(abc\)",
    ),
    CliCase(
        "map-negative-apl",
        ("map", "deployment", "--communes", "{admin_express}", "--values", "{apl_negative}", "-o", "{out}"),
        1,
        r"1 valeur négative \(-7.0\)",
    ),
    CliCase(
        "map-infinite-apl-with-png",
        (
            "map",
            "apl",
            "--communes",
            "{admin_express}",
            "--values",
            "{apl_inf}",
            "--column",
            "apl",
            "-o",
            "{out}.html",
            "--png",
            "{out}",
        ),
        1,
        r"1 valeur infinie \(inf\)",
    ),
    CliCase(
        "map-cpts-status-refused-by-cpts",
        ("map", "cpts", "--communes", "{admin_express}", "--cpts", "{cpts_bad}", "-o", "{out}"),
        1,
        r"valeur\(s\) de statut de CPTS inconnue\(s\) dans .*cpts_bad.csv, colonne 'statut' : 'en cours'",
    ),
    CliCase(
        "map-cpts-signed-in-2099",
        ("map", "cpts", "--communes", "{admin_express}", "--cpts", "{cpts_2099}", "-o", "{out}"),
        1,
        r"C1 : 2099-01-01",
    ),
    CliCase(
        "map-msp-x-and-y-swapped",
        ("map", "msp", "--communes", "{admin_express}", "--msp", "{msp_swapped}", "-o", "{out}"),
        1,
        r"msp_swapped.gpkg : 1 point hors de l’emprise du territoire",
    ),
    CliCase(
        "zoning-infinite-apl",
        ("zoning", "--apl", "{apl_inf}", "--tvs", "{tvs}", "--region", "07", "--output-dir", "{out}"),
        1,
        r"colonne 'apl' de .*apl_inf.csv : 1 valeur infinie \(inf\)",
    ),
    CliCase(
        "travel-crowfly-degrees-labelled-lambert93",
        ("travel", "crowfly", "--points", "{degrees_as_l93}", "--output", "{out}"),
        1,
        r"les coordonnées de .*degrees_as_l93.gpkg ne peuvent pas être des mètres de EPSG:2154",
    ),
    CliCase(
        "travel-osrm-degrees-labelled-lambert93",
        ("travel", "osrm", "--points", "{degrees_as_l93}", "--base-url", "http://127.0.0.1:9", "--output", "{out}"),
        1,
        r"ne peuvent pas être des mètres de EPSG:2154",
    ),
    CliCase(
        "travel-road-degrees-labelled-lambert93",
        ("travel", "road", "--osm", "{fake_pbf}", "--points", "{degrees_as_l93}", "--output", "{out}"),
        1,
        r"ne peuvent pas être des mètres de EPSG:2154",
    ),
    CliCase(
        "travel-road-snapping-next-to-degrees",
        (
            "travel",
            "road",
            "--osm",
            "{fake_pbf}",
            "--points",
            "{degrees_as_l93}",
            "--output",
            "{out}.parquet",
            "--snapping",
            "{out}",
        ),
        1,
        r"ne peuvent pas être des mètres",
    ),
    CliCase(
        "travel-road-cache-next-to-degrees",
        (
            "travel",
            "road",
            "--osm",
            "{fake_pbf}",
            "--points",
            "{degrees_as_l93}",
            "--output",
            "{out}.parquet",
            "--cache-dir",
            "{out}",
        ),
        1,
        r"ne peuvent pas être des mètres",
    ),
    CliCase(
        "travel-compare-negative-minutes",
        ("travel", "compare", "{times_negative}", "{times_ok}", "--apl", "{apl_other}", "--output", "{out}"),
        1,
        r"negative|négative",
    ),
    CliCase(
        "travel-import-minus-infinity",
        ("travel", "import", "--input", "{times_inf}", "--output", "{out}"),
        1,
        r"colonne 'minutes' de times_inf.csv : 1 valeur infinie \(-inf\)",
    ),
    CliCase(
        "travel-calibrate-pairs-at-one-distance",
        ("travel", "calibrate", "--pairs", "{pairs_one_distance}", "--observed", "obs"),
        1,
        r"les 2 paires observées sont toutes à la même distance",
    ),
    CliCase("fetch-unknown-dataset-keeps-the-cache", ("fetch", "inconnu", "--cache-dir", "{out}"), 1, r"fetch --list"),
    CliCase(
        "grid-practitioner-with-two-ages",
        (
            "grid",
            "--grid",
            "{grid}",
            "--supply",
            "{activity_two_ages}",
            "--points",
            "{admin_express}",
            "--output-dir",
            "{out}",
        ),
        1,
        r"1 praticien a des valeurs différentes selon ses sites d’exercice : 7 : âge 50 \(96001\), 70 \(96002\)",
    ),
    # configuration values bounded when the file is parsed, naming the key
    CliCase(
        "refresh-negative-msp-minutes",
        ("refresh", "--config", "{refresh_msp_negative}"),
        1,
        r"msp_negative.toml : \[msp\] minutes\[0\] = -10.0 " + _BOUND,
    ),
    CliCase(
        "scenario-draws-1e9",
        ("scenario", "--config", "{scenario_draws}"),
        1,
        r"\[uncertainty\] draws = 1000000000.0 " + _BOUND,
    ),
    CliCase(
        "scenario-top-negative", ("scenario", "--config", "{scenario_top}"), 1, r"\[outputs\] top = -5.0 " + _BOUND
    ),
    CliCase(
        "scenario-seed-negative",
        ("scenario", "--config", "{scenario_seed}"),
        1,
        r"\[uncertainty\] seed = -1.0 " + _BOUND,
    ),
    CliCase(
        "scenario-population-factor-1e300",
        ("scenario", "--config", "{scenario_factor}"),
        1,
        r"scenarios\[0\].changes\[0\].factor = 1e\+300 " + _BOUND,
    ),
    CliCase(
        "scenario-unknown-commune",
        ("scenario", "--config", "{scenario_commune}"),
        1,
        r"commune.toml : 1 commune inconnue\(s\) du territoire : 96999",
    ),
]


#: Every input option of every command, and how to reach it: the case gives it ``/dev/zero`` (read forever if it
#: were read). Options typed ``click.Path(exists=True)`` are refused by the command line itself (exit 2); the
#: others by the library reader behind them (exit 1).
DEVICE_OPTIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("apl", "--population"): ("apl", "--population", "/dev/zero"),
    ("apl", "--supply"): ("apl", "--supply", "/dev/zero"),
    ("apl", "--times"): ("apl", "--times", "/dev/zero"),
    ("apl", "--points"): ("apl", "--points", "/dev/zero"),
    ("apl", "--geometry"): ("apl", "--geometry", "/dev/zero"),
    ("cpts", "--cpts"): ("cpts", "--cpts", "/dev/zero"),
    ("cpts", "--communes"): ("cpts", "--communes", "/dev/zero"),
    ("cpts", "--zoning"): ("cpts", "--zoning", "/dev/zero"),
    ("cpts", "--geometry"): ("cpts", "--geometry", "/dev/zero"),
    ("cpts", "--barometre"): ("cpts", "--barometre", "/dev/zero"),
    ("cpts", "--departements-contours"): ("cpts", "--departements-contours", "/dev/zero"),
    ("cpts", "--regions-contours"): ("cpts", "--regions-contours", "/dev/zero"),
    ("msp", "--departements-contours"): ("msp", "--departements-contours", "/dev/zero"),
    ("msp", "--regions-contours"): ("msp", "--regions-contours", "/dev/zero"),
    ("map", "--communes"): ("map", "apl", "--communes", "/dev/zero"),
    ("map", "--values"): ("map", "apl", "--values", "/dev/zero"),
    ("map", "--zonage"): ("map", "zoning", "--zonage", "/dev/zero"),
    ("map", "--cpts"): ("map", "cpts", "--cpts", "/dev/zero"),
    ("map", "--msp"): ("map", "msp", "--msp", "/dev/zero"),
    ("msp", "--structures"): ("msp", "--structures", "/dev/zero"),
    ("msp", "--barometre"): ("msp", "--barometre", "/dev/zero"),
    ("msp", "--communes"): ("msp", "--communes", "/dev/zero"),
    ("msp", "--zoning"): ("msp", "--zoning", "/dev/zero"),
    ("msp", "--times"): ("msp", "--times", "/dev/zero"),
    ("refresh", "--config"): ("refresh", "--config", "/dev/zero"),
    ("scenario", "--config"): ("scenario", "--config", "/dev/zero"),
    **{
        ("grid", option): ("grid", option, "/dev/zero")
        for option in ("--grid", "--supply", "--points", "--population", "--population-by-age", "--polygons", "--osm")
    },
    ("travel crowfly", "--points"): ("travel", "crowfly", "--points", "/dev/zero"),
    ("travel osrm", "--points"): ("travel", "osrm", "--points", "/dev/zero"),
    ("travel road", "--points"): ("travel", "road", "--points", "/dev/zero"),
    ("travel road", "--osm"): ("travel", "road", "--osm", "/dev/zero", "--points", "{admin_express}", "--output", "{out}"),
    ("travel compare", "table_a"): ("travel", "compare", "/dev/zero", "{times_ok}"),
    ("travel compare", "table_b"): ("travel", "compare", "{times_ok}", "/dev/zero"),
    ("travel compare", "--apl"): ("travel", "compare", "--apl", "/dev/zero"),
    ("travel compare", "--tvs"): ("travel", "compare", "--tvs", "/dev/zero"),
    ("travel import", "--input"): ("travel", "import", "--input", "/dev/zero"),
    ("travel calibrate", "--pairs"): ("travel", "calibrate", "--pairs", "/dev/zero"),
    **{
        ("zoning", option): ("zoning", option, "/dev/zero")
        for option in (
            "--apl", "--population", "--tvs", "--appartenance", "--movements", "--caps", "--previous",
            "--compare-with", "--postal-codes", "--qpv", "--qpv-selection", "--grands-quartiers", "--selection",
            "--contours", "--indicator", "--cog-regions", "--cog-departements",
        )
    },
}  # fmt: skip
#: Inputs that are not ``click.Path(exists=True)`` options (a configuration, a path or ``fetch:NAME``).
LIBRARY_READ_OPTIONS = {("scenario", "--config"), ("travel road", "--osm")}
CLI_CASES += [
    CliCase(
        f"device-{command.replace(' ', '-')}-{option.strip('-')}",
        args,
        1 if (command, option) in LIBRARY_READ_OPTIONS else 2,
        r"/dev/zero : ce n'est pas un fichier ordinaire \(un périphérique\)",
    )
    for (command, option), args in DEVICE_OPTIONS.items()
]


def _cli_options() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(inputs, outputs) of every command: options and arguments of type ``click.Path`` (inputs: ``exists=True``)."""
    import click

    from access_map.cli import SUBCOMMANDS, main

    inputs: set[tuple[str, str]] = set()
    outputs: set[tuple[str, str]] = set()

    def walk(command: click.Command, path: str) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")
            return
        for param in command.params:
            if isinstance(param.type, click.Path):
                name = next((o for o in param.opts if o.startswith("--")), param.opts[0]) if param.opts else param.name
                (inputs if param.type.exists else outputs).add((path, str(name)))

    ctx = click.Context(main)
    for name in SUBCOMMANDS:
        walk(main.get_command(ctx, name), name)  # type: ignore[arg-type]
    return inputs | LIBRARY_READ_OPTIONS, outputs - LIBRARY_READ_OPTIONS


def test_the_table_covers_every_input_and_every_output_of_every_command() -> None:
    """Coverage of the commands' readers and writers: every input option (a ``click.Path(exists=True)``, or a path
    read by the library) has a ``/dev/zero`` case; every output option has a case writing there (``{out}`` right
    after it), which :func:`test_cli_bad_input_keeps_the_previous_output` runs over a previous output. ``demo``'s
    folders are tested by tests/test_refresh.py (a file where a folder is expected)."""
    inputs, outputs = _cli_options()
    assert inputs <= set(DEVICE_OPTIONS), sorted(inputs - set(DEVICE_OPTIONS))
    written = set()
    for case in CLI_CASES:
        words = list(case.args)
        command = " ".join(words[:2]) if words[0] == "travel" else words[0]
        for option, value in zip(words, words[1:], strict=False):
            if value == "{out}":
                written.add((command, option))
    missing = {o for o in outputs if o[0] != "demo"} - written
    assert not missing, sorted(missing)


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


def _accepts_overwrite(args: tuple[str, ...]) -> bool:
    import click

    from access_map.cli import main

    command = main.get_command(click.Context(main), args[0])
    if isinstance(command, click.Group):
        command = command.commands.get(args[1])
    return command is not None and any(p.name == "overwrite" for p in command.params)


#: Output options that name a folder (the others name a file).
FOLDER_OUTPUTS = {"--out", "--output-dir", "--cache-dir", "--maps-dir"}


def _params(cases: list[CliCase]) -> list[Any]:
    """The cases as pytest params: those of ``travel road`` need the OSRM engine (the routing extra; the command
    refuses to start without it, before reading its inputs) and are marked ``routing``."""
    return [
        pytest.param(c, id=c.id, marks=[pytest.mark.routing] if c.args[:2] == ("travel", "road") else []) for c in cases
    ]


@pytest.mark.parametrize("case", _params([c for c in CLI_CASES if "{out}" in c.args]))
def test_cli_bad_input_keeps_the_previous_output(case: CliCase, cli_files: dict[str, Path], tmp_path: Path) -> None:
    """Every writer of every command: a previous output (a file, or a folder with a file) where the failing run
    would write is left exactly as it was."""
    from click.testing import CliRunner

    from access_map.cli import main

    out = tmp_path / ("precedent.csv" if case.args[0] == "apl" else "precedent")
    option = case.args[case.args.index("{out}") - 1]
    if option in FOLDER_OUTPUTS:
        out.mkdir()
        (out / "resultat.csv").write_bytes(b"code_commune;apl\n96001;2,5\n")
    else:
        out.write_bytes(b"sortie precedente\n")
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    args = [a.format(out=out, **{k: str(v) for k, v in cli_files.items()}) for a in case.args]
    if _accepts_overwrite(case.args):  # the failure itself, not the guard against replacing a file, is tested
        args.append("--overwrite")
    res = CliRunner().invoke(main, args)
    assert res.exit_code != 0 and "Traceback" not in res.output, res.output
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before, sorted(set(after) ^ set(before))


@pytest.mark.parametrize("case", _params(CLI_CASES))
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


@pytest.mark.parametrize(
    ("command", "config"),
    [
        ("refresh", 'name = "x"\n[sources]\ndemo = true\n[msp]\nminutes = [-10, 20]\n'),
        ("scenario", 'territory = "demo"\n[uncertainty]\ndraws = 1e9\n'),
        (
            "scenario",
            'territory = "demo"\n[[scenarios]]\nname = "x"\nchanges = [{ kind = "population", factor = 1e300 }]\n',
        ),
    ],
    ids=["refresh-negative-minutes", "scenario-draws", "scenario-factor"],
)
def test_configuration_errors_leave_the_previous_outputs_intact(tmp_path: Path, command: str, config: str) -> None:
    """The writers of ``refresh`` and ``scenario`` take their folders from the configuration: a value out of bounds
    stops the run when the file is parsed, and the previous tables and maps are left as they were."""
    from click.testing import CliRunner

    from access_map.cli import main

    folders = {"tables": tmp_path / "tableaux", "maps": tmp_path / "cartes"}
    for folder in folders.values():
        folder.mkdir()
        (folder / "precedent.csv").write_bytes(b"code_commune;apl\n96001;2,5\n")
    outputs = f'[outputs]\ndirectory = "{folders["tables"]}"\nmaps_directory = "{folders["maps"]}"\n'
    path = tmp_path / f"{command}.toml"
    path.write_text(
        config.replace("[msp]", outputs + "[msp]") if "[msp]" in config else config + outputs, encoding="utf-8"
    )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    res = CliRunner().invoke(main, [command, "--config", str(path)])
    assert res.exit_code == 1 and "est hors bornes" in res.output, res.output
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


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
            r"impossible de lire .*absent.csv : fichier introuvable",
        ),
        R(
            "populations-empty-file",
            insee.read_populations_legales,
            "pl.csv",
            "",
            SourceError,
            r"impossible de lire .*pl.csv : le fichier est vide",
        ),
        R(
            "populations-no-pmun",
            insee.read_populations_legales,
            "pl.csv",
            "REG;DEP;COM;PTOT\n75;33;33063;1\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) PMUN dans .*pl.csv ; colonnes trouvées : REG, DEP, COM, PTOT",
        ),
        R(
            "populations-negative",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33063;-5;0;0\n",
            InvalidValueError,
            r"colonne 'PMUN' de .*pl.csv : 1 valeur négative \(-5.0\)",
        ),
        R(
            "populations-text",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33063;mille;0;0\n",
            InvalidValueError,
            r"colonne 'PMUN' de .*pl.csv : 1 valeur non numérique \(mille\)",
        ),
        R(
            "populations-duplicate",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33063;1;0;0\n75;33;33063;2;0;0\n",
            InvalidCodeError,
            r"code\(s\) INSEE en double dans .*pl.csv, colonne 'code_commune' : '33063'",
        ),
        R(
            "populations-malformed-code",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;3306X;1;0;0\n75;33;33001;4;0;0\n",
            SourceWarning,
            r"pl.csv : 1 ligne écartée : code INSEE mal formé : 1 \(ex. '3306X'\)",
        ),
        R(
            "population-by-age-wrong-layout",
            insee.read_population_by_age,
            "age.csv",
            "code_commune;age_00_04\n33063;10\n",
            MissingColumnError,
            r"aucune colonne 'ageq_recXXsYrpAAAA' dans .*age.csv",
        ),
        R(
            "cog-communes-no-reg",
            insee.read_cog_communes,
            "cog.csv",
            "TYPECOM,COM\nCOM,33063\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) REG, DEP dans .*cog.csv",
        ),
        R(
            "cog-departements-no-reg",
            insee.read_cog_departements,
            "d.csv",
            "DEP,NCC\n33,GIRONDE\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) REG dans .*d.csv",
        ),
        R(
            "cog-regions-no-label",
            insee.read_cog_regions,
            "r.csv",
            "REG\n75\n",
            MissingColumnError,
            r"colonne 'LIBELLE' \(ou 'NCCENR'\) manquante dans .*r.csv",
        ),
        R(
            "admin-express-missing",
            ign.read_admin_express,
            "absent.gpkg",
            None,
            SourceError,
            r"impossible de lire .*absent.gpkg : fichier introuvable",
        ),
        R(
            "admin-express-not-a-gpkg",
            ign.read_admin_express,
            "x.gpkg",
            "pas un geopackage",
            SourceError,
            r"impossible de lire .*x.gpkg : .*not recognized",
        ),
        R(
            "geojson-contours-not-json",
            ign.read_geojson_contours,
            "c.geojson",
            "{pas du json",
            SourceError,
            r"impossible de lire .*c.geojson",
        ),
        R("chefs-lieux-missing", ign.read_chefs_lieux, "absent.geojson", None, SourceError, r"fichier introuvable"),
        R(
            "drees-workbook-missing",
            lambda p: drees.read_apl_sheet(p, year=2023),
            "absent.xlsx",
            None,
            SourceError,
            r"impossible de lire .*absent.xlsx : fichier introuvable",
        ),
        R(
            "drees-workbook-not-xlsx",
            lambda p: drees.read_apl_sheet(p, year=2023),
            "w.xlsx",
            "a,b\n1,2\n",
            SourceError,
            r"impossible de lire .*w.xlsx comme un classeur xlsx",
        ),
        R(
            "drees-standardised-no-column",
            drees.read_standardised_population,
            "s.csv",
            "code_commune;annee\n33063;2016\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) annee_population, pop_standardisee dans .*s.csv ; colonnes trouvées : code_commune, annee",
        ),
        R(
            "annuaire-sante-missing",
            annuaire_sante.read_annuaire_sante,
            "absent.txt",
            None,
            SourceError,
            r"fichier introuvable",
        ),
        R(
            "annuaire-sante-no-columns",
            annuaire_sante.read_annuaire_sante,
            "a.txt",
            "Identifiant PP|Nom\n1|X\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) Code profession.* dans .*a.txt",
        ),
        R(
            "rpps-2017-no-columns",
            annuaire_sante.read_rpps_2017,
            "r.csv",
            "RPPS;Commune\n1;33063\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) FINESS, RaisonSociale.* dans .*r.csv",
        ),
        R("finess-missing", finess.read_finess, "absent.csv", None, SourceError, r"fichier introuvable"),
        R(
            "finess-not-etalab",
            finess.read_finess,
            "f.csv",
            "a;b;c\n1;2;3\n",
            SourceError,
            r"f.csv n'est pas une extraction FINESS d'etalab : aucun enregistrement 'structureet'",
        ),
        R(
            "cpts-no-columns",
            cpts.read_cpts,
            "c.csv",
            "id_cpts;nom_cpts\nC1;X\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) statut, date_signature_aci, code_commune dans .*c.csv",
        ),
        R(
            "cpts-unknown-status",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;en cours;;33063\n",
            InvalidValueError,
            r"valeur\(s\) de statut de CPTS inconnue\(s\) dans .*c.csv, colonne 'statut' : 'en cours'",
        ),
        R(
            "cpts-bad-date",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;contrat ACI signé;32/13/2021;33063\n",
            InvalidValueError,
            r"colonne 'date_signature_aci' de .*c.csv : date\(s\) illisible\(s\) '32/13/2021'",
        ),
        R(
            "cpts-empty-name",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;;projet;;33063\n",
            InvalidValueError,
            r"colonne 'nom_cpts' de .*c.csv : 1 valeur vide \(lignes 2 du fichier\)",
        ),
        R(
            "cpts-inconsistent",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;projet;;33063\nC1;Y;projet;;33001\n",
            InvalidValueError,
            r"description de CPTS incohérente dans .*c.csv : 'C1 \(nom_cpts\)'",
        ),
        R(
            "cpts-barometre-file",
            cpts.read_cpts,
            "ind-313.csv",
            bar + "IND-313,D33,2024-05-01,DEPT,,86.0,,\n",
            SourceError,
            r"est un fichier du Baromètre des résultats",
        ),
        R(
            "zoning-unknown-class",
            zonage.read_zoning,
            "z.csv",
            "code_commune;zonage\n33063;ZRR\n",
            InvalidValueError,
            r"valeur\(s\) de zonage inconnue\(s\) dans .*z.csv, colonne 'zonage' : 'ZRR'",
        ),
        R(
            "zoning-two-classes",
            zonage.read_zoning,
            "z.csv",
            "code_commune;zonage\n33063;ZIP\n33063;ZAC\n",
            InvalidCodeError,
            r"commune\(s\) avec deux classes de zonage différentes dans .*z.csv : \"33063: \['ZAC', 'ZIP'\]\"",
        ),
        R(
            "tvs-no-column",
            zonage.read_tvs,
            "t.csv",
            "code_commune\n33063\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) code_tvs dans .*t.csv",
        ),
        R(
            "tvs-commune-in-two",
            zonage.read_tvs,
            "t.csv",
            "code_commune;code_tvs\n33063;A\n33063;B\n",
            InvalidCodeError,
            r"commune\(s\) dans deux TVS dans .*t.csv : \"33063 dans \['A', 'B'\]\"",
        ),
        R(
            "qpv-no-columns",
            zonage.read_qpv,
            "q.csv",
            "code_qpv\nQP1\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) libelle_qpv, code_commune, population dans .*q.csv",
        ),
        R(
            "caps-no-columns",
            zonage.read_zoning_caps,
            "k.csv",
            "code_region\n75\n",
            MissingColumnError,
            r"k.csv : les plafonds demandent part_max_zip et part_max_zac",
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
            r"colonne\(s\) manquante\(s\) enforce_zone_id.* dans .*ind-311.csv",
        ),
        R(
            "barometre-unknown-zone",
            barometre.read_barometre,
            "ind-311.csv",
            bar + "IND-311,XX,2023-12-01,DEPT,,1,,\n",
            InvalidCodeError,
            r"identifiant\(s\) de zone inconnu\(s\) dans .*ind-311.csv, colonne 'enforce_zone_id' : 'XX'",
        ),
        R(
            "activity-no-columns",
            activity.read_practitioner_activity,
            "a.csv",
            "identifiant_pp;code_commune\n1;33063\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) profession, actes.* dans .*a.csv",
        ),
        R(
            "activity-unknown-profession",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;chirurgien;4000;50;0;0;;1\n",
            InvalidValueError,
            r"valeur\(s\) de profession inconnue\(s\) dans .*a.csv, colonne 'profession' : 'chirurgien'",
        ),
        R(
            "activity-negative-acts",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;medecin_generaliste;-4000;50;0;0;;1\n",
            InvalidValueError,
            r"colonne 'acts' de .*a.csv : 1 valeur négative \(-4000.0\)",
        ),
        R(
            "activity-shares-above-one",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;medecin_generaliste;4000;50;0;0;;0.7\n1;33001;medecin_generaliste;4000;50;0;0;;0.7\n",
            InvalidValueError,
            r"colonne 'share' de .*a.csv : les parts du ou des praticiens '1' font plus de 1",
        ),
        R(
            "activity-not-a-boolean",
            activity.read_practitioner_activity,
            "a.csv",
            act + "1;33063;medecin_generaliste;4000;50;peut-être;0;;1\n",
            InvalidValueError,
            r"colonne 'new_practitioner' de .*a.csv : valeur\(s\) 'peut-être' qui ne sont pas oui/non",
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
            r"colonne\(s\) manquante\(s\) minutes dans tt.csv",
        ),
        R(
            "travel-times-negative",
            read_travel_times,
            "tt.csv",
            tt + "33063;33001;-4\n",
            InvalidValueError,
            r"colonne 'minutes' de tt.csv : 1 valeur négative \(-4.0\)",
        ),
        R(
            "travel-times-text",
            read_travel_times,
            "tt.csv",
            tt + "33063;33001;dix\n",
            InvalidValueError,
            r"colonne 'minutes' de tt.csv : 1 valeur non numérique \(dix\)",
        ),
        R(
            "travel-times-duplicate-pair",
            read_travel_times,
            "tt.csv",
            tt + "33063;33001;4\n33063;33001;5\n",
            InvalidCodeError,
            r"paire\(s\) origine/destination en double dans tt.csv : '33063/33001'",
        ),
        R(
            "travel-times-missing",
            read_travel_times,
            "absent.parquet",
            None,
            SourceError,
            r"fichier des temps de trajet introuvable : .*absent.parquet",
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


#: Every public reader of a file (module, function), each given a device: it must refuse it at once rather than read
#: forever. The coverage test below checks that this list is every ``read_*``/``load_*`` of the package taking a path.
DEVICE_READERS: dict[str, Callable[[Path], object]] = {}


def _device_readers() -> dict[str, Callable[[Path], object]]:
    from access_map import cog, config
    from access_map.maps import raster
    from access_map.readers import (
        _io,
        activity,
        annuaire_sante,
        appartenance,
        barometre,
        cpts,
        drees,
        filosofi,
        finess,
        ign,
        insee,
        values,
        zonage,
    )
    from access_map.scenario import config as scenario_config
    from access_map.territory import communes, loader, points
    from access_map.travel import calibration, matrix

    return {
        "access_map.cog.read_cog_movements": cog.read_cog_movements,
        "access_map.config.load_config": config.load_config,
        "access_map.maps.raster.read_indicator_raster": raster.read_indicator_raster,
        "access_map.readers._io.text.read_config_text": _io.read_config_text,
        "access_map.readers._io.tables.read_table": _io.read_table,
        "access_map.readers._io.text.read_text": _io.read_text,
        "access_map.readers.activity.read_practitioner_activity": activity.read_practitioner_activity,
        "access_map.readers.annuaire_sante.read_annuaire_sante": annuaire_sante.read_annuaire_sante,
        "access_map.readers.annuaire_sante.read_rpps_2017": annuaire_sante.read_rpps_2017,
        "access_map.readers.appartenance.read_appartenance": appartenance.read_appartenance,
        "access_map.readers.barometre.read_barometre": barometre.read_barometre,
        "access_map.readers.cpts.read_cpts": cpts.read_cpts,
        "access_map.readers.drees.read_apl_parameters": drees.read_apl_parameters,
        "access_map.readers.drees.read_apl_sheet": lambda p: drees.read_apl_sheet(p, year=2023),
        "access_map.readers.drees.read_apl_sheets": drees.read_apl_sheets,
        "access_map.readers.drees.read_standardised_population": drees.read_standardised_population,
        "access_map.readers.filosofi.read_filosofi_grid": filosofi.read_filosofi_grid,
        "access_map.readers.finess.read_finess": finess.read_finess,
        "access_map.readers.ign.read_admin_express": ign.read_admin_express,
        "access_map.readers.ign.read_chefs_lieux": ign.read_chefs_lieux,
        "access_map.readers.ign.read_contours": ign.read_contours,
        "access_map.readers.ign.read_geojson_contours": ign.read_geojson_contours,
        "access_map.readers.insee.read_cog_communes": insee.read_cog_communes,
        "access_map.readers.insee.read_cog_departements": insee.read_cog_departements,
        "access_map.readers.insee.read_cog_regions": insee.read_cog_regions,
        "access_map.readers.insee.read_population_by_age": insee.read_population_by_age,
        "access_map.readers.insee.read_populations_legales": insee.read_populations_legales,
        "access_map.readers.values.read_commune_values": values.read_commune_values,
        "access_map.readers.zonage.read_qpv": zonage.read_qpv,
        "access_map.readers.zonage.read_tvs": zonage.read_tvs,
        "access_map.readers.zonage.read_zoning": zonage.read_zoning,
        "access_map.readers.zonage.read_zoning_caps": zonage.read_zoning_caps,
        "access_map.scenario.config.load_scenario_config": scenario_config.load_scenario_config,
        "access_map.territory.communes.read_commune_file": communes.read_commune_file,
        "access_map.territory.communes.read_commune_table": communes.read_commune_table,
        "access_map.territory.loader.read_admin_layer": lambda p: loader.read_admin_layer(p, "departement"),
        "access_map.territory.loader.read_practitioners": loader.read_practitioners,
        "access_map.territory.points.read_commune_points": points.read_commune_points,
        "access_map.territory.points.read_located_points": points.read_located_points,
        "access_map.travel.calibration.read_observed_pairs": lambda p: calibration.read_observed_pairs(p, observed="t"),
        "access_map.travel.matrix.read_travel_times": matrix.read_travel_times,
    }


def _family_readers() -> list[ReaderCase]:
    """Contradictions inside a file, values that are not measures, odd files and long headers."""
    from access_map.errors import MissingColumnError, SourceError
    from access_map.readers import activity, appartenance, cpts, finess, insee
    from access_map.readers._io import SourceWarning
    from access_map.readers.values import read_commune_values
    from access_map.travel import read_travel_times

    pl = "REG;DEP;COM;PMUN;PCAP;PTOT\n"
    cp = "id_cpts;nom_cpts;statut;date_signature_aci;code_commune\n"
    act = "identifiant_pp;code_commune;profession;actes;age;nouvel_installe;centre_sante;etp;part_activite\n"
    mg = "medecin_generaliste"
    finess_lines = (
        "finess;etalab;111;2026-05-12\n"
        "structureet;330000001;330000000;MSP DES VIGNES;;;;1;R;DU PORT;;;063;33;GIRONDE;33000 BORDEAUX;;;603;"
        "Maison de santé (L.6223-3);1300;Autres;;;;;;;2015-03-01;2015-01-01;2024-01-01;\n"
        "geolocalisation;330000001;6423000.0;417000.0;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2024-01-01\n"
    )
    R = ReaderCase
    cases = [
        R(
            "activity-two-ages",
            activity.read_practitioner_activity,
            "a.csv",
            act + f"7;33063;{mg};4000;50;0;0;;0.5\n7;33001;{mg};4000;70;0;0;;0.5\n",
            InvalidValueError,
            r"a.csv : 1 praticien a des valeurs différentes .*: 7 : âge 50 \(33063\), 70 \(33001\)",
        ),
        R(
            "activity-two-activities",
            activity.read_practitioner_activity,
            "a.csv",
            act + f"7;33063;{mg};4000;50;0;0;;\n7;33001;{mg};2000;50;0;0;;\n",
            InvalidValueError,
            r"7 : actes 4\u202f000 \(33063\), 2\u202f000 \(33001\)",
        ),
        R(
            "activity-two-etp",
            activity.read_practitioner_activity,
            "a.csv",
            act + "7;33063;infirmier;;50;0;0;1;\n7;33001;infirmier;;50;0;0;0,5;\n",
            InvalidValueError,
            r"7 : ETP 1 \(33063\), 0,5 \(33001\)",
        ),
        R(
            "populations-department-contradicts-code",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33001;4;0;0\n75;99;33063;1;0;0\n",
            InvalidCodeError,
            r"pl.csv, colonne DEP : 1 commune dont le département contredit le code : 33063 : DEP 99 \(ligne 3\)",
        ),
        R(
            "populations-department-in-two-regions",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33001;4;0;0\n11;33;33063;1;0;0\n",
            InvalidCodeError,
            r"pl.csv : 1 département rattaché\(s\) à plusieurs régions : 33 : 11, 75",
        ),
        R(
            "populations-overseas-department-accepted-wrong-one-not",
            insee.read_populations_legales,
            "pl.csv",
            pl + "01;971;97101;4;0;0\n01;972;97102;1;0;0\n",
            InvalidCodeError,
            r"97102 : DEP 972 \(ligne 3\)",
        ),
        R(
            "populations-infinite",
            insee.read_populations_legales,
            "pl.csv",
            pl + "75;33;33063;inf;0;0\n",
            InvalidValueError,
            r"colonne 'PMUN' de .*pl.csv : 1 valeur infinie \(inf\)",
        ),
        R(
            "cog-communes-department-contradicts-code",
            insee.read_cog_communes,
            "cog.csv",
            "TYPECOM,COM,REG,DEP,LIBELLE\nCOM,33063,75,24,Bordeaux\n",
            InvalidCodeError,
            r"33063 : DEP 24 \(ligne 2\)",
        ),
        R(
            "appartenance-department-contradicts-code",
            appartenance.read_appartenance,
            "app.csv",
            "CODGEO;LIBGEO;DEP;REG\n33063;Bordeaux;24;75\n",
            InvalidCodeError,
            r"app.csv, colonne DEP : .*33063 : DEP 24",
        ),
        R(
            "cpts-signed-in-2099",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;contrat ACI signé;2099-01-01;33063\n",
            InvalidValueError,
            r"c.csv, colonne date_signature_aci : 1 date hors de la plage possible .*C1 : 2099-01-01 \(ligne 2\)",
        ),
        R(
            "cpts-signed-before-the-aci",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;signé;01/01/2015;33063\n",
            InvalidValueError,
            r"\(2019-06-20 – .*C1 : 2015-01-01",
        ),
        R(
            "cpts-project-with-a-signature-date",
            cpts.read_cpts,
            "c.csv",
            cp + "C1;X;projet;2021-06-15;33063\n",
            InvalidValueError,
            r"date de signature sur des CPTS qui n'ont pas signé l'ACI : C1 : projet, 2021-06-15 \(ligne 2\)",
        ),
        R(
            "finess-x-and-y-swapped",
            finess.read_finess,
            "etalab.csv",
            finess_lines,
            SourceWarning,
            r"coordonnées hors de l’emprise de leur département .*: 1 .*330000001 MSP DES VIGNES",
        ),
        R(
            "values-text-apl",
            read_commune_values,
            "apl.csv",
            "code_commune;apl\n33063;abc\n",
            InvalidValueError,
            r"colonne 'apl' de .*apl.csv : 1 valeur non numérique \(abc\)",
        ),
        R(
            "values-negative-apl",
            read_commune_values,
            "apl.csv",
            "code_commune;apl\n33063;-7\n",
            InvalidValueError,
            r"1 valeur négative \(-7.0\)",
        ),
        R(
            "values-infinite-apl",
            read_commune_values,
            "apl.csv",
            "code_commune;apl\n33063;inf\n33001;-inf\n",
            InvalidValueError,
            r"2 valeurs infinies \(inf, -inf\)",
        ),
        R(
            "values-commune-twice",
            read_commune_values,
            "apl.csv",
            "code_commune;apl\n33063;2\n33001;3\n33063;2\n",
            InvalidCodeError,
            r"colonne code_commune : 1 commune figure plusieurs fois \(33063 ; lignes 2, 4 du fichier\)",
        ),
        R(
            "values-malformed-code",
            read_commune_values,
            "apl.csv",
            "code_commune;apl\n3306X;2\n",
            InvalidCodeError,
            r"code\(s\) de commune mal formé\(s\) ou manquant\(s\) dans .*apl.csv, colonne 'code_commune' : '3306X'",
        ),
        R(
            "values-no-code-column",
            read_commune_values,
            "apl.csv",
            "commune;apl\nBordeaux;2\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) code_commune dans .*apl.csv ; colonnes trouvées : commune, apl",
        ),
        R(
            "values-which-column",
            read_commune_values,
            "apl.csv",
            "code_commune;x;y\n33063;2;3\n",
            MissingColumnError,
            r"impossible de savoir quelle colonne contient les valeurs apl \(colonnes x, y\)",
        ),
        R(
            "travel-times-infinite",
            read_travel_times,
            "tt.csv",
            "origin;destination;minutes\n33063;33001;Inf\n33063;33002;-inf\n",
            InvalidValueError,
            r"colonne 'minutes' de tt.csv : 1 valeur infinie \(-inf\)",
        ),
        R(
            "populations-one-megabyte-header",
            insee.read_populations_legales,
            "pl.csv",
            "H" * (1 << 20) + ";PMUN\n1;2\n",
            MissingColumnError,
            r"colonne\(s\) manquante\(s\) COM, PMUN dans .*pl.csv ; colonnes trouvées : HHHH.*…",
        ),
        R(
            "table-one-megabyte-value",
            activity.read_practitioner_activity,
            "a.csv",
            act + f"7;33063;{'Q' * (1 << 20)};4000;50;0;0;;\n",
            InvalidValueError,
            r"valeur\(s\) de profession inconnue\(s\).*'QQQQ",
        ),
        R(
            "table-a-folder",
            insee.read_populations_legales,
            ".",
            None,
            SourceError,
            r"impossible de lire .* : c'est un dossier, pas un fichier",
        ),
    ]
    devices = [
        R(f"device-{name}", read, "/dev/zero", None, SourceError, r"/dev/zero : ce n'est pas un fichier ordinaire")
        for name, read in DEVICE_READERS.items()
    ]
    return cases + devices


DEVICE_READERS.update(_device_readers())
READER_CASES = _readers() + _family_readers()


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
        with pytest.raises(case.error, match=case.pattern) as info:
            case.read(path)
    assert len(str(info.value)) < 1500, f"a {len(str(info.value)):,}-character message: quote the input short"


def test_every_public_reader_is_given_a_device() -> None:
    """Coverage of the readers: every public function of the package that reads a file given by its path
    (``read_*``, ``load_*``) has a ``device-...`` case above (and so refuses ``/dev/zero`` instead of reading it
    forever). ``csv_format.read_csv`` and ``geopackage.read_layer_styles`` read back the package's own outputs
    (tests), ``load_territory`` and
    ``read_commune_inputs`` take a mapping of paths read by the readers listed."""
    import importlib
    import inspect
    import pkgutil

    import access_map

    found = set()
    for info in pkgutil.walk_packages(access_map.__path__, "access_map."):
        if ".cli" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != info.name or not name.startswith(("read_", "load_")):
                continue
            first = next(iter(inspect.signature(function).parameters), "")
            if first == "path":
                found.add(f"{info.name}.{name}")
    exempt = {"access_map.csv_format.read_csv", "access_map.geopackage.read_layer_styles"}  # the package's outputs
    assert found - exempt <= set(DEVICE_READERS), sorted(found - exempt - set(DEVICE_READERS))
    assert {c.id for c in READER_CASES} >= {f"device-{name}" for name in DEVICE_READERS}


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
    assert res.exit_code == 1 and "erreur inattendue (ZeroDivisionError : division by zero)" in res.output
    assert f"{DEBUG_ENV}=1" in res.output
    monkeypatch.setenv(DEBUG_ENV, "1")
    res = CliRunner().invoke(
        main, ["demo", "--output-dir", str(tmp_path / "sorties"), "--maps-dir", str(tmp_path / "c")]
    )
    assert isinstance(res.exception, ZeroDivisionError)
