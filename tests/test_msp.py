"""MSP / centre de santé disparities on a hand-built territory."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from access_map.errors import InvalidValueError, MissingColumnError
from access_map.msp import (
    CENTRE_SANTE,
    MSP,
    check_structures,
    disparities,
    minutes_to_nearest,
    population_by_territory,
    population_within,
    rates_per_100k,
    structure_counts,
    zoning_shares,
)

# 6 communes, 3 departments, 2 regions, 500,000 inhabitants:
#   dep 01 (reg 84): 01001 50,000 ; 01002 30,000 ; 01003 20,000  -> 100,000
#   dep 02 (reg 32): 02001 200,000 ; 02002 100,000               -> 300,000
#   dep 03 (reg 84): 03001 100,000                                -> 100,000
COMMUNES = pd.DataFrame(
    {
        "population": [50_000.0, 30_000.0, 20_000.0, 200_000.0, 100_000.0, 100_000.0],
        "code_departement": ["01", "01", "01", "02", "02", "03"],
        "code_region": ["84", "84", "84", "32", "32", "84"],
    },
    index=pd.Index(["01001", "01002", "01003", "02001", "02002", "03001"], name="code_commune"),
)

# 5 MSP (603), 2 centres de santé (124), 1 CPTS (604, never counted by default)
STRUCTURES = pd.DataFrame(
    {
        "finess": ["M1", "M2", "M3", "M4", "M5", "C1", "C2", "P1"],
        "nom": ["MSP 1", "MSP 2", "MSP 3", "MSP 4", "MSP 5", "CDS 1", "CDS 2", "CPTS 1"],
        "code_commune": ["01001", "01001", "02001", "02002", "03001", "02001", "01003", "01002"],
        "categorie": [603, 603, "603", "603", 603, 124, "124", 604],
        "date_ouverture": [
            "2016-05-01",
            "10/01/2019",
            "2018-07-01",
            "2022-02-01",
            None,
            "2020-01-01",
            "2017-01-01",
            "2021-01-01",
        ],
    }
)

ZONING = pd.Series({"01001": "ZIP", "01002": "ZIP", "01003": "ZAC", "02001": "HV", "02002": "ZV", "03001": "ZAC"})

TIMES = pd.DataFrame(
    [(c, c, 0.0) for c in COMMUNES.index]
    + [("01002", "01001", 10.0), ("01003", "01001", 25.0), ("01003", "01002", 5.0), ("02002", "02001", 15.0)],
    columns=["origin", "destination", "minutes"],
)


def test_counts_and_rates_by_department_and_region():
    dep = structure_counts(STRUCTURES, COMMUNES, level="departement")
    # dep 01: M1, M2 -> 2 / 100,000 = 2.0 ; dep 02: M3, M4 -> 2 / 300,000 = 0.667 ; dep 03: M5 -> 1.0
    assert dep["n_structures"].to_dict() == {"01": 2, "02": 2, "03": 1}
    assert dep["per_100k"].to_dict() == pytest.approx({"01": 2.0, "02": 2 / 3, "03": 1.0})
    reg = structure_counts(STRUCTURES, COMMUNES, level="region")
    # reg 84 = dep 01 + 03: 3 / 200,000 = 1.5 ; reg 32: 2 / 300,000
    assert reg["per_100k"].to_dict() == pytest.approx({"32": 2 / 3, "84": 1.5})
    nat = structure_counts(STRUCTURES, COMMUNES, level="nation")
    assert nat.loc["FR", "n_structures"] == 5 and nat.loc["FR", "per_100k"] == pytest.approx(1.0)
    # consistency: departments add up to regions
    assert dep["n_structures"].sum() == reg["n_structures"].sum() == 5


def test_categories_keyword():
    cds = structure_counts(STRUCTURES, COMMUNES, level="departement", categories=CENTRE_SANTE)
    assert cds["n_structures"].to_dict() == {"01": 1, "02": 1, "03": 0}
    both = structure_counts(STRUCTURES, COMMUNES, level="nation", categories=[MSP, 124])
    assert both.loc["FR", "n_structures"] == 7
    every = structure_counts(STRUCTURES, COMMUNES, level="nation", categories=None)
    assert every.loc["FR", "n_structures"] == 8


def test_counts_over_time_and_undated():
    with pytest.warns(UserWarning, match=r"1 structure sans date d'ouverture laissée hors des comptes datés \(M5\)"):
        t = structure_counts(STRUCTURES, COMMUNES, level="departement", dates=["2017-12-31", "2019-01-10"])
    t = t.set_index(["date", "code_departement"])
    # 2017-12-31: only M1 ; 2019-01-10 (inclusive): M1, M2 (dep 01), M3 (dep 02)
    assert t.loc[(pd.Timestamp("2017-12-31"), "01"), "n_structures"] == 1
    assert t.loc[(pd.Timestamp("2017-12-31"), "02"), "n_structures"] == 0
    assert t.loc[(pd.Timestamp("2019-01-10"), "01"), "per_100k"] == pytest.approx(2.0)
    assert t.loc[(pd.Timestamp("2019-01-10"), "02"), "n_structures"] == 1
    assert t.loc[(pd.Timestamp("2019-01-10"), "03"), "n_structures"] == 0  # M5 undated -> left out


def test_rates_with_population_vintages():
    counts = pd.DataFrame(
        {
            "code": ["01", "01", "01", "02"],
            "date": ["2017-06-01", "2020-12-01", "2023-12-01", "2023-12-01"],
            "value": [10.0, 12.0, 18.0, 5.0],
        }
    )
    pops = pd.DataFrame(
        {
            "code": ["01", "01", "01", "02"],
            "date": ["2019-01-01", "2021-01-01", "2023-01-01", "2023-01-01"],
            "population": [500_000.0, 600_000.0, 900_000.0, 250_000.0],
        }
    )
    r = rates_per_100k(counts, pops)
    # 2017 predates every vintage -> earliest (2019: 500,000): 10/5 = 2.0
    # 2020-12 -> vintage 2019 (500,000): 12/5 = 2.4 ; 2023-12 -> vintage 2023: 18/9 = 2.0 ; dep 02: 5/2.5 = 2.0
    assert r["per_100k"].tolist() == pytest.approx([2.0, 2.4, 2.0, 2.0])
    assert r["population_date"].tolist()[1] == pd.Timestamp("2019-01-01")
    with pytest.warns(UserWarning, match=r"aucune population pour 1 territoire \(03\)"):
        r2 = rates_per_100k(pd.DataFrame({"code": ["03"], "date": ["2020-01-01"], "value": [1.0]}), pops)
    assert np.isnan(r2["per_100k"].iloc[0])
    one = rates_per_100k(counts.iloc[[0]], pd.Series({"01": 200_000.0}))
    assert one["per_100k"].iloc[0] == pytest.approx(5.0)


def test_zoning_shares_commune_population():
    t = zoning_shares(STRUCTURES, COMMUNES, ZONING)
    # MSP: ZIP 2 (M1, M2), ZAC 1 (M5), HV 1 (M3), ZV 1 (M4) of 5
    assert t.loc["ZIP", "n_structures"] == 2 and t.loc["ZIP", "structures_percent"] == pytest.approx(40.0)
    assert t.loc["ZAC", "structures_percent"] == pytest.approx(20.0)
    # served = host communes 01001 (50k), 02001 (200k), 02002 (100k), 03001 (100k) = 450k
    assert t.loc["total", "population_served"] == 450_000
    # ZIP: 01001 served (50k) of 01001+01002 (80k) -> 62.5 % ; share of served: 50/450
    assert t.loc["ZIP", "class_served_percent"] == pytest.approx(62.5)
    assert t.loc["ZIP", "population_served_percent"] == pytest.approx(100 * 50 / 450)
    # ZAC: 03001 served (100k) of 01003 + 03001 (120k)
    assert t.loc["ZAC", "class_served_percent"] == pytest.approx(100 * 100 / 120)
    assert t.loc["total", "structures_percent"] == pytest.approx(100.0)
    # ZIP or ZAC: 3 MSP of 5 (60 %); served 50k + 100k of 80k + 120k = 75 %
    assert t.loc["ZIP ou ZAC", "structures_percent"] == pytest.approx(60.0)
    assert t.loc["ZIP ou ZAC", "class_served_percent"] == pytest.approx(75.0)
    assert t.loc["total", "n_structures"] == 5  # the combined row is not double counted


def test_zoning_shares_within_minutes_and_unknown_class():
    zoning = ZONING.drop("01002")
    t = zoning_shares(STRUCTURES, COMMUNES, zoning, times=TIMES, max_minutes=20.0)
    # within 20 min of an MSP commune: all but 01003 (25 min) -> 480k served
    assert t.loc["total", "population_served"] == 480_000
    assert t.loc["non zoné", "population_served"] == 30_000  # 01002 at 10 min
    assert t.loc["ZAC", "population_served"] == 100_000  # 01003 not reached
    with pytest.raises(InvalidValueError, match="max_minutes est requis"):
        zoning_shares(STRUCTURES, COMMUNES, ZONING, times=TIMES)


def test_minutes_and_population_within():
    m = minutes_to_nearest(STRUCTURES, COMMUNES, TIMES)
    assert m.to_dict() == {"01001": 0.0, "01002": 10.0, "01003": 25.0, "02001": 0.0, "02002": 0.0, "03001": 0.0}
    dep = population_within(STRUCTURES, COMMUNES, TIMES, max_minutes=20.0, level="departement")
    # dep 01: 50k + 30k within (01003 at 25 min) -> 80 %
    assert dep.loc["01", "population_within"] == 80_000
    assert dep.loc["01", "percent_within"] == pytest.approx(80.0)
    assert dep.loc["02", "percent_within"] == pytest.approx(100.0)
    # 30 minutes reaches 01003 too
    nat30 = population_within(STRUCTURES, COMMUNES, TIMES, max_minutes=30.0, level="nation")
    assert nat30.loc["FR", "percent_within"] == 100.0
    # as of end 2017 only M1 (01001) is open: 02001/02002/03001 have no MSP in reach (NaN minutes)
    with pytest.warns(UserWarning, match="sans date d'ouverture"):
        m17 = minutes_to_nearest(STRUCTURES, COMMUNES, TIMES, date="2017-12-31")
    assert m17.isna().tolist() == [False, False, False, True, True, True]
    with pytest.warns(UserWarning):
        nat17 = population_within(STRUCTURES, COMMUNES, TIMES, max_minutes=20.0, level="nation", date="2017-12-31")
    assert nat17.loc["FR", "population_within"] == 80_000
    # centres de santé: C1 (02001), C2 (01003): 02002 at 15 min, 01002 -> 01003? no pair -> not reached
    cds = population_within(STRUCTURES, COMMUNES, TIMES, max_minutes=20.0, level="nation", categories=CENTRE_SANTE)
    assert cds.loc["FR", "population_within"] == 20_000 + 200_000 + 100_000


def test_disparities_within_and_across_regions():
    dep = structure_counts(STRUCTURES, COMMUNES, level="departement")
    dep = dep.join(COMMUNES.groupby("code_departement")["code_region"].first())
    within = disparities(dep, group_column="code_region", weight_column="population").set_index("code_region")
    # reg 84: departments 01 (2.0) and 03 (1.0), equal weights: G = 2*|2-1| / (2*4*1.5) = 1/6
    assert within.loc["84", "gini"] == pytest.approx(1 / 6)
    assert within.loc["84", "max_min_ratio"] == pytest.approx(2.0)
    assert within.loc["32", "gini"] == 0.0 and within.loc["32", "n"] == 1
    reg = structure_counts(STRUCTURES, COMMUNES, level="region")
    across = disparities(reg, weight_column=None)
    # regions: 1.5 and 2/3 -> unweighted Gini = |1.5-2/3| * 2 / (2*4*mean), mean = 13/12
    assert across["gini"].iloc[0] == pytest.approx((1.5 - 2 / 3) * 2 / (2 * 4 * 13 / 12))
    with pytest.raises(MissingColumnError, match="code_region"):
        disparities(reg, group_column="code_region")


def test_disparities_over_time():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = structure_counts(STRUCTURES, COMMUNES, level="departement", dates=["2017-12-31", "2023-12-31"])
    d = disparities(t)
    assert d["date"].tolist() == [pd.Timestamp("2017-12-31"), pd.Timestamp("2023-12-31")]
    # 2017: rates (1.0, 0, 0) weights (100k, 300k, 100k): W=500k, μ=0.2;
    # ΣΣ = 2 * 100k*(300k+100k)*1.0 = 8e10 -> G = 8e10 / (2 * 2.5e11 * 0.2) = 0.8
    assert d["gini"].iloc[0] == pytest.approx(0.8)
    assert d["n"].tolist() == [3.0, 3.0]


# ---------------------------------------------------------------- bad inputs
def test_bad_structure_inputs():
    extra = pd.DataFrame(
        {
            "finess": ["M1", "X9", "X8"],
            "nom": ["dup", "x", "y"],
            "code_commune": ["01001", "99999", "1234"],
            "categorie": [603, 603, 603],
            "date_ouverture": [None, None, None],
        }
    )
    bad = pd.concat([STRUCTURES, extra], ignore_index=True)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        table, report = check_structures(bad, COMMUNES)
    msgs = " | ".join(str(w.message) for w in rec)
    assert "1 ligne écartée, son numéro FINESS est en double (M1)" in msgs
    assert "2 structures dont la commune est absente de la table des communes écartées (99999, 01234)" in msgs
    assert report.reasons["code commune inconnu"] == 2
    assert report.reasons["numéro FINESS en double"] == 1
    assert report.reasons["autre catégorie FINESS (non comptée)"] == 3  # C1, C2, P1
    assert sorted(table["finess"]) == ["M1", "M2", "M3", "M4", "M5"]
    with (
        pytest.warns(UserWarning, match="absente de la table des communes"),
        pytest.warns(UserWarning, match="en double"),
    ):
        n = structure_counts(bad, COMMUNES, level="nation")
    assert n.loc["FR", "n_structures"] == 5
    bad_date = STRUCTURES.copy()
    bad_date.loc[0, "date_ouverture"] = "2019-13-45"
    with pytest.raises(InvalidValueError, match=r"date\(s\) d'ouverture.*'2019-13-45'"):
        structure_counts(bad_date, COMMUNES)
    with pytest.raises(MissingColumnError, match="categorie"):
        structure_counts(STRUCTURES.drop(columns="categorie"), COMMUNES)
    with pytest.raises(InvalidValueError, match="liste non vide de dates"):
        structure_counts(STRUCTURES, COMMUNES, dates=[])
    with pytest.raises(MissingColumnError, match="destination"):
        minutes_to_nearest(STRUCTURES, COMMUNES, TIMES.drop(columns="destination"))


def test_population_by_territory():
    assert population_by_territory(COMMUNES, level="region").to_dict() == {"32": 300_000.0, "84": 200_000.0}
    assert STRUCTURES["categorie"].tolist()[0] == 603  # input untouched
