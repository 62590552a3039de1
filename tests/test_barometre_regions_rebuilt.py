"""Regions and France rebuilt from their departments at a common date (Baromètre), and the dates of each level.

Hand-computed cases first (weights, vintages, missing departments, one-department regions), then the real files:
the Baromètre's CPTS coverage (IND-589) and MSP counts (IND-311) with the populations légales, checked against an
independent computation (plain pandas on the raw CSV files, the COG department table for the regions) and against
the published regional and national values where both exist.

Measured on the real files (regions rebuilt with the populations légales 2021 and 2023): the 51 region × date pairs
where a region of more than one department is published (2022-12, 2023-10, 2023-12) differ from the published value
by 0.20 point on average and 0.66 at most (Provence-Alpes-Côte d'Azur, 2023-12: 97.66 rebuilt, 97 published); France
rebuilt in May 2024 is 86.37 % against 86.1 % published (0.27 point). Both levels are published as whole percents
(France with one decimal in 2024): rounding alone allows up to 1 point.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from access_map.barometre import (
    compare_with_published,
    date_alignment,
    department_regions,
    indicator_kind,
    published_series,
    rebuild_from_departments,
    values_at,
)
from access_map.errors import InvalidValueError
from conftest import shared_path

T = pd.Timestamp


def _series(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["level", "code", "date", "value"]).assign(
        date=lambda t: pd.to_datetime(t["date"])
    )


# --------------------------------------------------------------------------- hand-computed cases
def test_rate_is_the_population_weighted_mean_with_the_vintage_in_force():
    series = _series([("departement", "01", "2022-12-01", 40.0), ("departement", "02", "2022-12-01", 100.0),
                      ("departement", "01", "2024-05-01", 60.0), ("departement", "02", "2024-05-01", 100.0)])  # fmt: skip
    pop = pd.DataFrame({"code": ["01", "02", "01", "02"], "date": pd.to_datetime(["2021-01-01"] * 2 + ["2023-01-01"] * 2),
                        "population": [300.0, 100.0, 100.0, 100.0]})  # fmt: skip
    r = rebuild_from_departments(series, department_regions=pd.Series({"01": "84", "02": "84"}), kind="rate",
                                 population=pop)  # fmt: skip
    # 2022-12: vintage 2021 -> (40×300 + 100×100) / 400 = 55 ; 2024-05: vintage 2023 -> (60 + 100) / 2 = 80
    assert r["value"].tolist() == pytest.approx([55.0, 80.0])
    assert r["population"].tolist() == [400.0, 200.0]
    assert r["population_date"].dt.year.tolist() == [2021, 2023]
    assert r["missing_departements"].tolist() == ["", ""] and r["missing_population_share"].tolist() == [0.0, 0.0]
    # before every vintage: the earliest one (as msp.rates_per_100k)
    early = rebuild_from_departments(
        _series([("departement", "01", "2019-06-01", 10.0), ("departement", "02", "2019-06-01", 50.0)]),
        department_regions=pd.Series({"01": "84", "02": "84"}), kind="rate", population=pop,
    )  # fmt: skip
    assert early["value"].iloc[0] == pytest.approx((10 * 300 + 50 * 100) / 400)


def test_missing_department_makes_a_rate_an_estimate_and_a_count_empty():
    series = _series([("departement", "01", "2024-05-01", 60.0), ("departement", "02", "2024-05-01", 20.0)])
    regions = pd.Series({"01": "84", "02": "84", "03": "84"})
    pop = pd.DataFrame({"code": ["01", "02", "03"], "date": pd.to_datetime(["2023-01-01"] * 3),
                        "population": [100.0, 300.0, 100.0]})  # fmt: skip
    with pytest.warns(UserWarning, match=r"région 84 en mai 2024 sans 03 \(20,0\s%") as rec:
        rate = rebuild_from_departments(series, department_regions=regions, kind="rate", population=pop)
    assert "estimation" in str(rec[0].message)
    assert rate["value"].iloc[0] == pytest.approx((60 * 100 + 20 * 300) / 400)
    assert rate["n_departements"].iloc[0] == 2 and rate["n_expected"].iloc[0] == 3
    assert rate["missing_departements"].iloc[0] == "03"
    assert rate["missing_population_share"].iloc[0] == pytest.approx(100 / 500)
    with pytest.warns(UserWarning, match="valeur laissée vide"):
        count = rebuild_from_departments(series, department_regions=regions, kind="count", population=pop)
    assert np.isnan(count["value"].iloc[0]) and count["population"].iloc[0] == 500.0


def test_departments_without_region_or_population_are_reported_not_counted():
    series = _series([("departement", "01", "2024-05-01", 60.0), ("departement", "02", "2024-05-01", 20.0),
                      ("departement", "976", "2024-05-01", 12.0), ("departement", "99", "2024-05-01", 50.0)])  # fmt: skip
    regions = pd.Series({"01": "84", "02": "84", "976": "06"})
    pop = pd.DataFrame({"code": ["01"], "date": [T("2023-01-01")], "population": [100.0]})
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        r = rebuild_from_departments(series, department_regions=regions, kind="rate", population=pop)
        n = rebuild_from_departments(series, department_regions=regions, kind="rate", population=pop, level="nation")
    text = " | ".join(str(w.message) for w in rec)
    assert "sans région dans la table des communes (populations légales) : 99 ;" in text  # only for the regions
    assert text.count("sans région") == 1
    assert "sans population légale : 02" in text  # cannot weigh: left out, said
    by = r.set_index("code")
    # region 84 = department 01 alone (02 has no population; its share of the population is unknown)
    assert by.loc["84", "value"] == 60.0 and by.loc["84", "missing_departements"] == "02"
    assert np.isnan(by.loc["84", "missing_population_share"])
    # a one-department region is its department, population known or not (the weighted mean of one value)
    assert by.loc["06", "value"] == 12.0 and by.loc["06", "missing_departements"] == ""
    # France: every department, with a region or not; 01 only counts (02, 976 and 99 without population)
    assert n["value"].iloc[0] == 60.0 and n["missing_departements"].iloc[0] == "02, 976, 99"
    assert n["n_expected"].iloc[0] == 4


def test_count_is_the_sum_and_compares_with_the_published_region():
    series = _series([("departement", "01", "2023-12-01", 8.0), ("departement", "03", "2023-12-01", 2.0),
                      ("region", "84", "2023-12-01", 11.0), ("region", "84", "2017-06-01", 5.0)])  # fmt: skip
    r = rebuild_from_departments(series, department_regions=pd.Series({"01": "84", "03": "84"}), kind="count")
    assert r["value"].tolist() == [10.0] and r["population"].isna().all()
    c = compare_with_published(r, series)
    # only the date where both exist; rebuilt − published
    assert c[["code", "published", "rebuilt", "difference"]].values.tolist() == [["84", 11.0, 10.0, -1.0]]
    assert c.attrs["n"] == 1 and c.attrs["max_abs"] == 1.0


def test_values_at_a_date_take_the_published_value_else_the_rebuilt_one():
    series = _series([("region", "84", "2023-12-01", 80.0), ("region", "75", "2023-12-01", 70.0)])
    rebuilt = _series([("region", "84", "2023-12-01", 80.4), ("region", "84", "2024-05-01", 83.0)]).assign(
        missing_departements="", missing_population_share=0.0
    )
    dec = values_at(series, rebuilt, level="region", date="2023-12-01")
    assert dec["value"].to_dict() == {"75": 70.0, "84": 80.0} and set(dec["source"]) == {"publiée"}
    may = values_at(series, rebuilt, level="region", date="2024-05-01")
    assert may["value"].to_dict() == {"84": 83.0}
    assert may["source"].tolist() == ["reconstituée à partir des départements"]


def test_indicator_kinds_and_refusals():
    assert indicator_kind("IND-589") == "rate" and indicator_kind("IND-311") == "count"
    with pytest.raises(InvalidValueError, match="IND-312 n'est ni un nombre"):
        indicator_kind("IND-312")  # % of ALD patients: another denominator
    with pytest.raises(InvalidValueError, match="inconnu"):
        indicator_kind("IND-000")
    with pytest.raises(InvalidValueError, match="population de chaque département"):
        rebuild_from_departments(_series([("departement", "01", "2024-05-01", 1.0)]),
                                 department_regions=pd.Series({"01": "84"}), kind="rate")  # fmt: skip


def test_date_alignment_finds_the_common_dates():
    series = _series([("departement", "01", "2023-12-01", 1.0), ("departement", "01", "2024-05-01", 1.0),
                      ("region", "84", "2023-12-01", 1.0), ("nation", "FR", "2024-05-01", 1.0),
                      ("nation", "FR", "2023-12-01", 1.0)])  # fmt: skip
    a = date_alignment(series)
    assert a.mixed and a.latest == {"departement": T("2024-05-01"), "region": T("2023-12-01"),
                                    "nation": T("2024-05-01")}  # fmt: skip
    assert a.common_dates == (T("2023-12-01"),)
    same = date_alignment(series[series["date"] == T("2023-12-01")])
    assert not same.mixed and same.describe() is None


def test_department_regions_refuses_a_department_in_two_regions():
    c = pd.DataFrame({"code_departement": ["33", "33"], "code_region": ["75", "76"]})
    with pytest.raises(Exception, match="33→75, 33→76"):
        department_regions(c)


# --------------------------------------------------------------------------- real files
VINTAGES = {2021: "pop_legales_2021_cog2023.csv.gz", 2023: "pop_legales_2023_cog2025.csv.gz"}


def _raw(name: str) -> pd.DataFrame:
    """The Baromètre file read with plain pandas: the value is indic_va, else indic_vi."""
    raw = pd.read_csv(shared_path("barometre_ditp_sante", name), dtype=str)
    raw["value"] = pd.to_numeric(raw["indic_va"]).fillna(pd.to_numeric(raw["indic_vi"]))
    raw["code"] = raw["enforce_zone_id"].str[1:]
    return raw.dropna(subset=["value"])


@pytest.fixture(scope="module")
def cog_regions() -> pd.Series:
    d = pd.read_csv(shared_path("cog_insee", "departements.csv"), dtype=str)
    return d.set_index("DEP")["REG"]


@pytest.fixture(scope="module")
def dep_populations() -> pd.DataFrame:
    """Population municipale per department for each vintage (plain pandas), as rebuild_from_departments takes it."""
    frames = []
    for year, name in VINTAGES.items():
        p = pd.read_csv(shared_path("population_legale_insee", name), sep=";", dtype=str)
        s = p.assign(PMUN=p["PMUN"].astype(float)).groupby("DEP")["PMUN"].sum()
        frames.append(pd.DataFrame({"code": s.index, "date": T(f"{year}-01-01"), "population": s.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def cpts_series() -> pd.DataFrame:
    from access_map.readers.barometre import read_barometre

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # the reader reports the target-only rows it drops (tested elsewhere)
        return published_series(read_barometre(shared_path("barometre_ditp_sante", "ind-589.csv")), "IND-589")


def _oracle(raw: pd.DataFrame, pops: pd.DataFrame, regions: pd.Series) -> pd.Series:
    """Σ rate × population / Σ population over the departments of each region, vintage 2021 for 2022 dates."""
    dep = raw[raw["maille"] == "DEPT"].copy()
    dep["vintage"] = np.where(pd.to_datetime(dep["metric_enforce_date"]) < T("2023-01-01"), 2021, 2023)
    pop = pops.assign(vintage=pops["date"].dt.year).set_index(["code", "vintage"])["population"]
    dep["population"] = [pop.get((c, v), np.nan) for c, v in zip(dep["code"], dep["vintage"], strict=True)]
    dep = dep.dropna(subset=["population"])
    dep["region"] = dep["code"].map(regions)
    dep["covered"] = dep["value"] * dep["population"]
    g = dep.groupby(["region", "metric_enforce_date"])
    out = g["covered"].sum() / g["population"].sum()
    out.index = out.index.set_levels(pd.to_datetime(out.index.levels[1]), level=1)
    return out


def test_real_cpts_regions_rebuilt_match_an_independent_computation_and_the_published_values(
    cpts_series, cog_regions, dep_populations
):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        rebuilt = rebuild_from_departments(cpts_series, department_regions=cog_regions, kind="rate",
                                           population=dep_populations)  # fmt: skip
    # Territoire de Belfort (90) has no value in May 2024: Bourgogne-Franche-Comté is rebuilt without it, and said
    assert any("région 27 en mai 2024 sans 90" in str(w.message) for w in rec)
    # Mayotte (976) has no population légale in these files but is a region of its own: no weight needed
    assert not any("sans population" in str(w.message) for w in rec)
    oracle = _oracle(_raw("ind-589.csv"), dep_populations, cog_regions)
    multi = cog_regions.value_counts()
    multi = set(multi.index[multi > 1])
    mine = rebuilt[rebuilt["code"].isin(multi)].set_index(["code", "date"])["value"]
    both = pd.concat({"mine": mine, "oracle": oracle}, axis=1).dropna()
    assert len(both) == 13 * 4  # the 13 metropolitan regions at the 4 department dates
    assert np.allclose(both["mine"], both["oracle"], rtol=0, atol=1e-9)
    # one-department regions (overseas): the department's value
    dom = rebuilt[~rebuilt["code"].isin(multi)].set_index(["code", "date"])["value"]
    raw = _raw("ind-589.csv")
    dep976 = raw[(raw["maille"] == "DEPT") & (raw["code"] == "976")].set_index("metric_enforce_date")["value"]
    assert dom.xs("06", level="code").tolist() == dep976.tolist() == [12.0, 12.0, 12.0, 12.0]
    # against the published regions: 18 regions × 3 dates where both exist
    check = compare_with_published(rebuilt, cpts_series)
    assert check.attrs["n"] == 18 * 3
    assert sorted(check["date"].unique()) == [T("2022-12-01"), T("2023-10-01"), T("2023-12-01")]
    assert check.attrs["max_abs"] <= 1.0, check.sort_values("difference")
    assert check.attrs["max_abs"] == pytest.approx(0.656, abs=0.01)  # measured: PACA 2023-12
    assert check.attrs["mean_abs"] < 0.3
    # the published region, read straight from the file, is what the comparison holds
    reg = raw[raw["maille"] == "REG"].set_index(["code", "metric_enforce_date"])["value"]
    assert check.set_index("code").loc["75"]["published"].tolist() == reg.xs("75", level="code").tolist()[:3]


def test_real_france_rebuilt_matches_the_published_86_1_percent_of_may_2024(cpts_series, cog_regions, dep_populations):
    raw = _raw("ind-589.csv")
    published = raw[(raw["maille"] == "NAT") & (raw["metric_enforce_date"] == "2024-05-01")]["value"].iloc[0]
    assert published == 86.1
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        nation = rebuild_from_departments(cpts_series, department_regions=cog_regions, kind="rate",
                                          population=dep_populations, level="nation")  # fmt: skip
    assert any("sans population légale : 976" in str(w.message) for w in rec)
    may = nation.set_index("date").loc[T("2024-05-01")]
    assert may["missing_departements"] == "90, 976"
    assert may["value"] == pytest.approx(86.1, abs=0.5)  # measured 86.37
    check = compare_with_published(nation, cpts_series)
    assert check.attrs["n"] == 4 and check.attrs["max_abs"] < 0.5


def test_real_dates_of_each_level_differ_and_the_common_dates_are_found(cpts_series):
    a = date_alignment(cpts_series)
    assert a.latest == {"departement": T("2024-05-01"), "region": T("2023-12-01"), "nation": T("2024-05-01")}
    assert a.common_dates == (T("2022-12-01"), T("2023-10-01"), T("2023-12-01"))
    assert "régions : décembre 2023" in (a.describe() or "")


def test_real_msp_regions_rebuilt_are_exactly_the_published_counts(cog_regions):
    from access_map.readers.barometre import read_barometre

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        series = published_series(read_barometre(shared_path("barometre_ditp_sante", "ind-311.csv")), "IND-311")
    assert not date_alignment(series).mixed  # MSP: every level until 2023-12
    rebuilt = rebuild_from_departments(series, department_regions=cog_regions, kind="count")
    check = compare_with_published(rebuilt, series)
    assert check.attrs["n"] == 18 * 13 and check.attrs["max_abs"] == 0.0
    nation = rebuild_from_departments(series, department_regions=cog_regions, kind="count", level="nation")
    raw = _raw("ind-311.csv")
    dec = raw[(raw["maille"] == "NAT") & (raw["metric_enforce_date"] == "2023-12-01")]["value"].iloc[0]
    assert dec == 2501.0 and nation.set_index("date").loc[T("2023-12-01"), "value"] == dec
