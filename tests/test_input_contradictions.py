"""One truth per practitioner, commune, department and date; values read through the validating readers.

The files of ``../shared/data`` are altered in a temporary copy (one department, one practitioner's age, one pair of
coordinates) and each contradiction must be refused with the rows that carry it, by the library and by the command
that reads the file.
"""

from __future__ import annotations

import gzip
import re
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.datasets.demo import DEMO_FILES, demo_directory
from access_map.errors import CRSError, InvalidCodeError, InvalidValueError
from conftest import shared_path

DEMO = demo_directory()


def _demo(key: str) -> Path:
    return DEMO / DEMO_FILES[key]


def _cli(*args: str) -> object:
    res = CliRunner().invoke(main, list(args))
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


def _flat(text: str) -> str:
    return " ".join(text.split())


def _nothing_written(out: Path) -> bool:
    """No output: the folder is absent, or empty (as the bad-input table accepts)."""
    return not out.exists() or (out.is_dir() and not any(out.iterdir()))


# ---------------------------------------------------------------------------------------------- populations légales


def _populations_2021(tmp_path: Path, change: dict[str, str], commune: str = "33063") -> Path:
    """The real populations légales 2021 (COG 2023), with ``change`` applied to ``commune``'s row."""
    raw = pd.read_csv(shared_path("population_legale_insee", "pop_legales_2021_cog2023.csv.gz"), sep=";", dtype=str)
    row = raw.index[raw["COM"] == commune]
    assert len(row) == 1
    for column, value in change.items():
        raw.loc[row, column] = value
    path = tmp_path / "pop_legales_2021.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as fh:
        raw.to_csv(fh, sep=";", index=False)
    return path


def test_a_department_contradicting_the_commune_code_is_refused_with_its_line(tmp_path: Path) -> None:
    from access_map.readers.insee import read_populations_legales

    path = _populations_2021(tmp_path, {"DEP": "99"})
    raw = pd.read_csv(path, sep=";", dtype=str)
    line = int(raw.index[raw["COM"] == "33063"][0]) + 2  # the header is line 1
    with pytest.raises(
        InvalidCodeError,
        match=rf"colonne DEP : 1 commune dont le département contredit le code : "
        rf"33063 : DEP 99 \(ligne {line}\)",
    ):
        read_populations_legales(path)
    # the file as published is accepted: 100 departments, none made up
    table = read_populations_legales(shared_path("population_legale_insee", "pop_legales_2021_cog2023.csv.gz"))
    assert table["code_departement"].nunique() == 100 and "99" not in set(table["code_departement"])


def test_a_department_in_two_regions_is_refused(tmp_path: Path) -> None:
    from access_map.readers.insee import read_populations_legales

    path = _populations_2021(tmp_path, {"REG": "11"})  # Bordeaux moved to Île-de-France, the rest of 33 stays in 75
    with pytest.raises(InvalidCodeError, match=r"1 département rattaché\(s\) à plusieurs régions : 33 : 11, 75"):
        read_populations_legales(path)


def test_commands_reading_populations_refuse_the_contradiction(tmp_path: Path) -> None:
    path = _populations_2021(tmp_path, {"DEP": "99"})
    cpts = tmp_path / "cpts.csv"
    cpts.write_text("id_cpts;nom_cpts;statut;date_signature_aci;code_commune\nC1;X;projet;;33063\n", encoding="utf-8")
    out = tmp_path / "sortie"
    res = _cli("cpts", "--cpts", str(cpts), "--communes", str(path), "--out", str(out))
    assert res.exit_code == 1 and "33063 : DEP 99" in _flat(res.output), res.output  # type: ignore[attr-defined]
    assert _nothing_written(out)


def test_the_real_cog_and_appartenance_files_pass_the_department_check() -> None:
    """Control on the published files (no false alarm): COG 2026 and the table d'appartenance 2022."""
    from access_map.readers.appartenance import read_appartenance
    from access_map.readers.insee import read_cog_communes

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        cog = read_cog_communes(shared_path("cog_insee", "communes_cog2026.csv.gz"))
        app = read_appartenance(shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz"))
    assert len(cog) > 34_000 and len(app) > 34_000


def test_a_department_contradicting_the_code_in_the_appartenance_table_is_refused(tmp_path: Path) -> None:
    from access_map.readers.appartenance import read_appartenance

    raw = pd.read_csv(
        shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz"),
        sep=";",
        dtype=str,
        encoding="latin-1",
    )
    first = raw.index[raw["DEP"].astype(str).str.zfill(2) == "33"][0]
    code = str(raw.loc[first, "CODGEO"]).zfill(5)
    raw.loc[first, "DEP"] = "24"
    path = tmp_path / "appartenance.csv"
    raw.to_csv(path, sep=";", index=False, encoding="latin-1")
    with pytest.raises(InvalidCodeError, match=rf"{code} : DEP 24"):
        read_appartenance(path)


# ------------------------------------------------------------------------------------------------- practitioners


@pytest.fixture(scope="module")
def rpps(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, str, list[str]]:
    """Real RPPS 2017 GP practice sites of Gironde, with a plausible age and activity per practitioner (the same
    on every site); returns the table, one practitioner with two sites, and his two communes."""
    from access_map.readers.annuaire_sante import read_rpps_2017

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the reader's own drop report, checked in its tests
        table = read_rpps_2017(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"))
    rng = np.random.default_rng(19)
    ids = table["practitioner_id"].unique()
    per = pd.DataFrame(
        {"age": rng.integers(30, 70, ids.size).astype(float), "acts": rng.integers(2000, 7000, ids.size).astype(float)},
        index=ids,
    )
    table = table.assign(age=table["practitioner_id"].map(per["age"]), acts=table["practitioner_id"].map(per["acts"]))
    sites = table.groupby("practitioner_id")["code_commune"].nunique()
    two = sites[sites == 2].index[0]
    communes = table.loc[table["practitioner_id"] == two, "code_commune"].tolist()
    return table, str(two), communes


def _activity_file(table: pd.DataFrame, path: Path) -> Path:
    from access_map.readers.activity import write_practitioner_activity

    write_practitioner_activity(table, path)
    return path


def test_the_real_practitioners_with_one_age_each_are_accepted(rpps, tmp_path: Path) -> None:
    from access_map.readers.activity import read_practitioner_activity

    table, _, _ = rpps
    read = read_practitioner_activity(_activity_file(table, tmp_path / "activite.csv"))
    assert len(read) == len(table)


@pytest.mark.parametrize(("column", "value", "shown"), [("age", 66.0, "âge"), ("acts", 9000.0, "actes")])
def test_a_practitioner_with_two_ages_or_two_activities_is_refused_naming_his_sites(
    rpps, tmp_path: Path, column: str, value: float, shown: str
) -> None:
    """With ages 66 and 40, the ≤ 65 APL would count half of him; with two activities, the acts are split twice."""
    from access_map.apl import APLParams, supply_from_activity
    from access_map.readers.activity import read_practitioner_activity

    table, pid, communes = rpps
    second = table.index[(table["practitioner_id"] == pid) & (table["code_commune"] == communes[1])]
    altered = table.copy()
    altered.loc[second, column] = value
    first_value = float(
        table.loc[(table["practitioner_id"] == pid) & (table["code_commune"] == communes[0]), column].iloc[0]
    )
    pattern = rf"1 praticien a des valeurs différentes selon ses sites d’exercice : {pid} : {shown} .*\({communes[0]}\).*\({communes[1]}\)"
    path = _activity_file(altered, tmp_path / "activite.csv")
    with pytest.raises(InvalidValueError, match=pattern):
        read_practitioner_activity(path)
    with pytest.raises(InvalidValueError, match=pattern):  # the library path too (a table built in Python)
        supply_from_activity(altered, params=APLParams.drees_mg(max_age=65))
    assert first_value != value
    res = _cli(
        "apl",
        "--population",
        str(_demo("population_by_age")),
        "--supply",
        str(path),
        "--points",
        str(_demo("admin_express")),
        "--output",
        str(tmp_path / "apl.csv"),
    )
    assert res.exit_code == 1 and pid in res.output and not (tmp_path / "apl.csv").exists()  # type: ignore[attr-defined]


def test_supply_per_commune_listed_twice_is_refused_not_summed(tmp_path: Path) -> None:
    supply = tmp_path / "offre.csv"
    supply.write_text("code_commune;supply\n96001;3600\n96002;5400\n96001;3600\n", encoding="utf-8")
    out = tmp_path / "apl.csv"
    res = _cli(
        "apl",
        "--population",
        str(_demo("population_by_age")),
        "--supply",
        str(supply),
        "--supply-kind",
        "communes",
        "--points",
        str(_demo("admin_express")),
        "--output",
        str(out),
    )
    assert res.exit_code == 1, res.output  # type: ignore[attr-defined]
    assert "1 commune figure plusieurs fois (96001 ; lignes 2, 4 du fichier)" in _flat(res.output)  # type: ignore[attr-defined]
    assert not out.exists()


# ------------------------------------------------------------------------------------------------------ CPTS dates


@pytest.mark.parametrize(
    ("date", "status", "pattern"),
    [
        (
            "2099-01-01",
            "contrat ACI signé",
            r"1 date hors de la plage possible \(2019-06-20 – \d{4}-\d\d-\d\d\) : C1 : 2099-01-01 \(ligne 2\)",
        ),
        ("15/03/2012", "signé", r"hors de la plage possible .* C1 : 2012-03-15 \(ligne 2\)"),
        ("2021-06-15", "projet", r"date de signature sur des CPTS qui n'ont pas signé l'ACI : C1 : projet, 2021-06-15"),
    ],
    ids=["future", "before-the-aci", "unsigned"],
)
def test_impossible_cpts_signature_dates_are_refused_by_every_reader(
    tmp_path: Path, date: str, status: str, pattern: str
) -> None:
    from access_map.cpts import cpts_table
    from access_map.readers.cpts import read_cpts

    path = tmp_path / "cpts.csv"
    path.write_text(
        f"id_cpts;nom_cpts;statut;date_signature_aci;code_commune\nC1;CPTS X;{status};{date};96001\n"
        "C2;CPTS Y;contrat ACI signé;2021-06-15;96002\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidValueError, match=pattern):
        read_cpts(path)
    raw = pd.read_csv(path, sep=";", dtype=str)
    communes = pd.DataFrame({"population": [10.0, 20.0]}, index=pd.Index(["96001", "96002"], name="code_commune"))
    with pytest.raises(InvalidValueError, match="date"):
        cpts_table(raw, communes)
    for args in (
        ["cpts", "--cpts", str(path), "--communes", str(_demo("populations_legales")), "--out", str(tmp_path / "o")],
        ["map", "cpts", "--communes", str(_demo("admin_express")), "--cpts", str(path), "-o", str(tmp_path / "c.html")],
    ):
        res = _cli(*args)
        assert res.exit_code == 1 and re.search(pattern, _flat(res.output)), res.output  # type: ignore[attr-defined]
    assert _nothing_written(tmp_path / "o") and not (tmp_path / "c.html").exists()


# --------------------------------------------------------------------------------------------- MSP coordinates


def _swap_first_msp(tmp_path: Path) -> tuple[Path, str]:
    """The demo FINESS extraction with the x and y of the first MSP's geolocalisation swapped."""
    lines = _demo("finess").read_bytes().decode("latin-1").splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("geolocalisation;"))
    fields = lines[k].split(";")
    fields[2], fields[3] = fields[3], fields[2]
    lines[k] = ";".join(fields)
    path = tmp_path / "finess.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return path, fields[1]


def test_finess_coordinates_outside_their_department_are_reported_not_drawn(tmp_path: Path) -> None:
    from access_map.readers._io import SourceWarning, drop_report
    from access_map.readers.finess import read_finess

    path, finess = _swap_first_msp(tmp_path)
    with pytest.warns(SourceWarning, match=rf"coordonnées hors de l’emprise de leur département .*: 1 .*{finess}"):
        table = read_finess(path)
    row = table[table["finess"] == finess]
    assert len(row) == 1 and row.geometry.iloc[0] is None  # kept, counted, without its wrong position
    assert drop_report(table).total == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error", SourceWarning)
        assert read_finess(_demo("finess")).geometry.notna().all()  # the demo as generated: nothing astray


def test_map_refuses_msp_points_outside_the_territory_naming_them(tmp_path: Path) -> None:
    from access_map.datasets import load_demo

    msp = load_demo().msp.copy()
    first = msp.index[0]
    x, y = msp.geometry.loc[first].x, msp.geometry.loc[first].y
    msp.loc[first, "geometry"] = gpd.points_from_xy([y], [x])[0]  # x and y swapped
    path = tmp_path / "msp.gpkg"
    msp.to_file(path, driver="GPKG")
    out = tmp_path / "msp.html"
    res = _cli("map", "msp", "--communes", str(_demo("admin_express")), "--msp", str(path), "-o", str(out))
    assert res.exit_code == 1 and not out.exists(), res.output  # type: ignore[attr-defined]
    assert re.search(
        r"1 point hors de l’emprise du territoire .*" + re.escape(str(msp.loc[first, "nom"])), _flat(res.output)
    )  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------- map and zoning read through readers


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("abc", r"colonne 'apl' de .*apl.csv : 1 valeur non numérique \(abc\)"),
        ("-7", r"colonne 'apl' de .*apl.csv : 1 valeur négative \(-7.0\)"),
        ("inf", r"colonne 'apl' de .*apl.csv : 1 valeur infinie \(inf\)"),
    ],
)
def test_map_refuses_apl_values_that_are_not_measures(tmp_path: Path, value: str, pattern: str) -> None:
    path = tmp_path / "apl.csv"
    path.write_text(f"code_commune;apl\n96001;2,5\n96002;{value}\n", encoding="utf-8")
    out = tmp_path / "apl.html"
    res = _cli("map", "apl", "--communes", str(_demo("admin_express")), "--values", str(path), "-o", str(out))
    assert res.exit_code == 1 and re.search(pattern, _flat(res.output)), res.output  # type: ignore[attr-defined]
    assert not out.exists()


def test_map_reads_a_latin1_semicolon_file_like_its_utf8_twin(tmp_path: Path) -> None:
    text = "CODGEO;Libellé commune;apl\n96001;Évry-sur-Mer;2,5\n96002;Saint-Étienne;4,0\n"
    latin, utf8 = tmp_path / "latin.csv", tmp_path / "utf8.csv"
    latin.write_bytes(text.encode("latin-1"))
    utf8.write_bytes(text.encode("utf-8"))
    from access_map.readers.values import read_commune_values

    pd.testing.assert_series_equal(read_commune_values(latin), read_commune_values(utf8))
    assert read_commune_values(latin).to_dict() == {"96001": 2.5, "96002": 4.0}
    out = tmp_path / "apl.html"
    res = _cli("map", "apl", "--communes", str(_demo("admin_express")), "--values", str(latin), "-o", str(out))
    assert res.exit_code == 0 and out.exists(), res.output  # type: ignore[attr-defined]


def test_map_refuses_the_cpts_statuses_that_the_cpts_command_refuses(tmp_path: Path) -> None:
    path = tmp_path / "cpts.csv"
    path.write_text("id_cpts;nom_cpts;statut;date_signature_aci;code_commune\nC1;X;en cours;;96001\n", encoding="utf-8")
    outputs = []
    for args in (
        ["cpts", "--cpts", str(path), "--communes", str(_demo("populations_legales")), "--out", str(tmp_path / "o")],
        ["map", "cpts", "--communes", str(_demo("admin_express")), "--cpts", str(path), "-o", str(tmp_path / "c.html")],
    ):
        res = _cli(*args)
        assert res.exit_code == 1, res.output  # type: ignore[attr-defined]
        outputs.append(re.search(r"statut de CPTS inconnue\(s\).*'en cours'", _flat(res.output)))  # type: ignore[attr-defined]
    assert all(outputs)


def test_zoning_refuses_an_infinite_apl_instead_of_calling_it_hors_vivier(tmp_path: Path) -> None:
    apl = tmp_path / "apl.csv"
    apl.write_text("code_commune;apl;standardised_population\n96001;inf;100\n96002;3,0;200\n", encoding="utf-8")
    out = tmp_path / "zonage"
    res = _cli("zoning", "--apl", str(apl), "--tvs", str(_demo("tvs")), "--region", "07", "--output-dir", str(out))
    assert res.exit_code == 1 and "1 valeur infinie (inf)" in _flat(res.output), res.output  # type: ignore[attr-defined]
    assert not out.exists() or not any(out.iterdir())


# ------------------------------------------------------------------------------------------- CRS, calibration


def test_degrees_labelled_lambert93_are_refused_before_any_pair_is_computed(tmp_path: Path) -> None:
    """Real chefs-lieux of Gironde in longitude/latitude, wrongly labelled EPSG:2154: every "distance" would be a
    few metres and all pairs within 20 minutes."""
    from access_map.territory import read_commune_points
    from access_map.travel import crow_fly_times

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the historical file's dropped codes, tested elsewhere
        points = read_commune_points(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz"))
    gironde = points[points.index.str.startswith("33")]
    assert gironde.crs.to_epsg() == 4326 and len(gironde) > 500
    wrong = gironde.set_crs(2154, allow_override=True)
    with pytest.raises(CRSError, match=r"ne peuvent pas être des mètres de EPSG:2154 .*longitudes/latitudes"):
        crow_fly_times(wrong, max_minutes=20)
    path = tmp_path / "chefs_lieux.gpkg"
    wrong.reset_index().to_file(path, driver="GPKG")
    out = tmp_path / "paires.csv"
    res = _cli("travel", "crowfly", "--points", str(path), "--output", str(out))
    assert res.exit_code == 1 and "ne peuvent pas être des mètres de EPSG:2154" in _flat(res.output), res.output  # type: ignore[attr-defined]
    assert not out.exists()
    assert len(crow_fly_times(gironde.to_crs(2154), max_minutes=20)) < 0.2 * len(gironde) ** 2  # the right reading


def test_calibration_on_pairs_all_at_one_distance_is_refused(tmp_path: Path) -> None:
    """The real OSRM pairs of Gironde, each second point moved 10 km east of the first: the observed times vary,
    the distances do not, so no slope can be told."""
    from access_map.travel import calibrate, read_observed_pairs

    pairs = pd.read_csv(shared_path("distancier_gironde_osrm_metric", "osrm_pairs_gironde_2500.csv"))
    pairs["X2"], pairs["Y2"] = pairs["X1"] + 10_000.0, pairs["Y1"]
    path = tmp_path / "paires.csv"
    pairs.to_csv(path, index=False)
    observed = read_observed_pairs(path, observed="Dist_min")
    with pytest.raises(InvalidValueError, match=r"paires observées sont toutes à la même distance"):
        calibrate(observed["crow_km"], observed["observed_minutes"])
    res = _cli("travel", "calibrate", "--pairs", str(path), "--observed", "Dist_min")
    assert res.exit_code == 1 and "toutes à la même distance" in _flat(res.output), res.output  # type: ignore[attr-defined]
    real = read_observed_pairs(
        shared_path("distancier_gironde_osrm_metric", "osrm_pairs_gironde_2500.csv"), observed="Dist_min"
    )
    assert 0.5 < calibrate(real["crow_km"], real["observed_minutes"]).model.minutes_per_km < 2.0  # control


def test_an_unreachable_pair_written_inf_in_a_travel_export_is_dropped_and_counted(tmp_path: Path) -> None:
    """R and some routers write ``Inf`` for a pair they could not route: like the 9999 sentinel, the pair is left
    out and counted (an APL or a zoning value of ``inf`` is refused instead: it measures nothing)."""
    from access_map.travel import read_travel_times

    path = tmp_path / "metric.csv"
    path.write_text("origin;destination;minutes\n33063;33001;12,5\n33063;33002;Inf\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"1 ligne écartée : temps « non calculé » \(≥ 9999\) ou infini : 1"):
        times = read_travel_times(path)
    assert sorted(zip(times["origin"], times["destination"], times["minutes"], strict=True)) == [
        ("33001", "33001", 0.0),
        ("33002", "33002", 0.0),
        ("33063", "33001", 12.5),
        ("33063", "33063", 0.0),
    ]
