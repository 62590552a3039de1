"""Grid cells: the Filosofi reader against an independent read, zone codes by kind, and the standardised demand
of the cells (band rule by hand; Bordeaux Métropole against the DREES standardised population)."""

from __future__ import annotations

import csv
import gzip

import numpy as np
import pandas as pd
import pytest

from access_map.apl import AGE_WEIGHTS, APLParams, compute_apl
from access_map.errors import InvalidCodeError, MissingColumnError
from access_map.grid.demand import cell_demand, grid_band_weights
from access_map.readers.filosofi import FILOSOFI_AGE_COLUMNS, read_filosofi_grid
from access_map.schema import AGE_BANDS
from access_map.zones import check_zone_codes
from conftest import shared_path

BORDEAUX = ("filosofi_2015_carreaux_200m_bordeaux_metropole", "Filosofi2015_carreaux_200m_bordeaux_metropole.csv.gz")


def test_filosofi_reader_matches_an_independent_read_of_the_bordeaux_file():
    path = shared_path(*BORDEAUX)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    grid = read_filosofi_grid(path)
    assert len(grid) == len(rows) == 6735 and grid.attrs["epsg"] == 3035 and grid.attrs["size_m"] == 200
    by_id = {r["IdINSPIRE"]: r for r in rows}
    for cell in grid.index[::97]:
        row = by_id[cell]
        assert grid.loc[cell, "code_commune"] == row["Depcom"]
        assert grid.loc[cell, "population"] == float(row["Ind"])
        assert grid.loc[cell, "poor_households"] == float(row["Men_pauv"])
        assert grid.loc[cell, "age_80_plus"] == float(row["Ind_80p"])
        assert grid.loc[cell, "age_unknown"] == float(row["Ind_inc"])
    assert grid["population"].sum() == pytest.approx(sum(float(r["Ind"]) for r in rows))
    assert grid["code_commune"].nunique() == 41


def test_filosofi_reader_reads_the_2019_layout_and_names_bad_input(tmp_path):
    header = ["idcar_200m", "lcog_geo", "i_est_200", "ind", "men", "men_pauv", "ind_snv",
              *[c.lower() for c in FILOSOFI_AGE_COLUMNS], "ind_inc"]  # fmt: skip
    good = ["CRS3035RES200mN2466800E3482800", "3306333318", "0", "12", "5", "1", "1", *["1"] * 10, "2"]
    path = tmp_path / "carreaux_2019.csv"
    path.write_text(";".join(header) + "\n" + ";".join(good) + "\n", encoding="utf-8")
    grid = read_filosofi_grid(path)
    assert grid["communes"].iloc[0] == "33063 33318" and pd.isna(grid["code_commune"].iloc[0])
    bad = list(good)
    bad[0] = "CRS3035RES200mN2466850E3482800"  # not on the 200 m lattice
    path.write_text(";".join(header) + "\n" + ";".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(InvalidCodeError, match="CRS3035RES200mN2466850E3482800"):
        read_filosofi_grid(path)
    path.write_text("IdINSPIRE;Ind\nCRS3035RES200mN0E0;1\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="Men_pauv"):
        read_filosofi_grid(path)


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("commune", ["33063", "2A004"], ["20004"]),
        ("iris", ["330630101", "2B0330000"], ["33063", "200040101", "33063010A"]),
        (
            "cell",
            ["CRS3035RES200mN0E0", "CRS2975RES1000mN7650000E340000"],
            ["CRS4326RES200mN0E0", "CRS3035RES200mN0E100"],
        ),
        ("point", ["cl:33063", "finess:330781196"], ["", "a\nb"]),
    ],
)
def test_each_kind_of_zone_refuses_codes_of_another_kind(kind, good, bad):
    check_zone_codes(good, kind=kind)
    for code in bad:
        with pytest.raises(InvalidCodeError):
            check_zone_codes([code], kind=kind, source="t.csv")


def test_commune_apl_is_unchanged_and_iris_zones_are_checked():
    times = pd.DataFrame({"origin": ["330630101"], "destination": ["33063"], "minutes": [0.0]})
    apl = compute_apl(supply=pd.Series({"33063": 3600.0}), demand=pd.Series({"330630101": 1000.0}), times=times,
                      params=APLParams.drees_mg(), demand_zones="iris")  # fmt: skip
    assert apl.tolist() == [3.6]
    with pytest.raises(InvalidCodeError, match="IRIS"):
        compute_apl(supply=pd.Series({"33063": 3600.0}), demand=pd.Series({"33063": 1000.0}),
                    times=times.assign(origin="33063"), params=APLParams.drees_mg(), demand_zones="iris")  # fmt: skip


def test_band_weights_by_hand():
    w23 = AGE_WEIGHTS[2023]
    uniform = grid_band_weights(w23).loc["*"]
    expected = {
        "age_00_03": 1.12,
        "age_04_05": (1.12 + 0.58) / 2,
        "age_06_10": (4 * 0.58 + 0.51) / 5,
        "age_11_17": (4 * 0.51 + 3 * 0.60) / 7,
        "age_18_24": (2 * 0.60 + 5 * 0.75) / 7,
        "age_25_39": (0.79 + 0.82 + 0.85) / 3,
        "age_40_54": (0.89 + 0.93 + 1.03) / 3,
        "age_55_64": (1.15 + 1.18) / 2,
        "age_65_79": (1.23 + 1.46 + 1.57) / 3,
        "age_80_plus": (1.63 + 1.89 + 2.26) / 3,
    }
    for band, value in expected.items():
        assert uniform[band] == pytest.approx(value, abs=1e-12), band
    # a commune where every single year of age holds as many people: the population rule is the uniform one
    flat = pd.DataFrame([[5.0] * 18 + [5.0]], index=pd.Index(["33063"], name="code_commune"), columns=list(AGE_BANDS))
    per_commune = grid_band_weights(w23, population_by_age=flat)
    np.testing.assert_allclose(per_commune.loc["33063"].to_numpy(), uniform.to_numpy(), atol=1e-12)
    # three times as many 80-84 as 85-89 and 90+: the 80+ band leans towards 1.63
    old = flat.assign(age_80_84=15.0)
    assert (
        per_commune.loc["33063", "age_80_plus"]
        > grid_band_weights(w23, population_by_age=old).loc["33063", "age_80_plus"]
    )
    assert grid_band_weights(w23, population_by_age=old).loc["33063", "age_80_plus"] == pytest.approx(
        (15 * 1.63 + 5 * 1.89 + 5 * 2.26) / 25
    )


def _metropole_communes() -> list[str]:
    table = pd.read_csv(shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz"), sep=";",
                        dtype=str, encoding="latin-1")  # fmt: skip
    table["code"] = table["CODGEO"].str.zfill(5)
    return sorted(table.loc[table["EPCI"] == "243300316", "code"])


def test_cells_of_bordeaux_metropole_sum_close_to_the_drees_standardised_population():
    """Measured on the 28 communes of Bordeaux Métropole (EPCI 243300316), DREES standardised population 2016 (APL
    2018; 2014 and 2016 are equally close to 2015, 2016 matches the populations légales 2016 used below):

    * the cells' standardised demand (2023 weights, uniform rule) is 86.6 % to 102.6 % of the DREES figure, median
      97.4 %: Filosofi counts people in ordinary fiscal households only (students' residences, institutions are
      out): Talence 86.6 %, Bordeaux 91.3 %;
    * the standardisation itself (standardised / total population, grid against DREES / population municipale
      2016) agrees within -2.0 % and +7.0 %, median 0.1 %: the band rule and the weight vintage.
    """
    cells = read_filosofi_grid(shared_path(*BORDEAUX))
    demand = cell_demand(cells, params=APLParams.drees_mg(2023))
    assert demand.attrs["rule"] == {"population": 0, "uniform": len(cells)}
    communes = _metropole_communes()
    assert len(communes) == 28 and set(communes) <= set(cells["code_commune"])
    drees = pd.read_csv(shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz"),
                        dtype={"code_commune": str})  # fmt: skip
    drees = drees[drees["annee_population"] == 2016].set_index("code_commune")["pop_standardisee"]
    legal = pd.read_csv(shared_path("population_legale_insee", "pop_legales_2016_cog2018_communes.csv.gz"), dtype=str)
    legal.index = legal["Code département"] + legal["Code commune"]
    municipal = legal["Population municipale"].astype(float)
    grid_std = demand.groupby(cells["code_commune"]).sum()[communes]
    grid_pop = cells.groupby("code_commune")["population"].sum()[communes]
    ratio = grid_std / drees[communes]
    assert 0.86 <= ratio.min() and ratio.max() <= 1.03 and abs(ratio.median() - 0.974) < 0.005
    standardisation = (grid_std / grid_pop) / (drees[communes] / municipal[communes])
    assert 0.97 <= standardisation.min() and standardisation.max() <= 1.075
    assert abs(standardisation.median() - 1.0) < 0.01
