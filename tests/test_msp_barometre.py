"""Real data: Baromètre de l'action publique (MSP counts IND-311, CPTS coverage IND-589) + populations légales.

Department/region consistency of the published aggregates, MSP per 100,000 inhabitants
against a direct computation, and inequality indices against the O(n²) Gini oracle.
The Baromètre files are read with ``access_map.readers.barometre`` when it exists (else
parsed here with pandas); the value is ``indic_va``, else ``indic_vi`` — the 2022-12 CPTS
rows only carry the initial value, measured at that date.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from access_map import csv_format
from access_map.inequality import gini, theil
from access_map.msp import disparities, rates_per_100k
from access_map.readers.barometre import read_barometre
from conftest import shared_path


def _tidy(name: str) -> pd.DataFrame:
    """The package reader's table: levels already in the vocabulary of population_vintages (issue 11)."""
    t = read_barometre(shared_path("barometre_ditp_sante", name))
    assert set(t["level"]) <= {"departement", "region", "nation"}
    return t[["level", "code", "date", "observed"]].rename(columns={"observed": "value"}).dropna(subset=["value"])


def _pop(fname: str) -> pd.DataFrame:
    # Read the populations légales directly (REG;DEP;COM;PMUN...) — independent of the package readers.
    p = pd.read_csv(shared_path("population_legale_insee", fname), sep=";", dtype=str)
    p["PMUN"] = p["PMUN"].astype(float)
    return p


@pytest.fixture(scope="module")
def msp() -> pd.DataFrame:
    return _tidy("ind-311.csv")


@pytest.fixture(scope="module")
def cpts() -> pd.DataFrame:
    return _tidy("ind-589.csv")


@pytest.fixture(scope="module")
def dep2reg() -> pd.Series:
    d = pd.read_csv(shared_path("cog_insee", "departements.csv"), dtype=str)
    return d.set_index("DEP")["REG"]


@pytest.fixture(scope="module")
def pops() -> pd.DataFrame:
    """Department / region / nation populations (population municipale) for vintages 2021 and 2023."""
    frames = []
    vintages = {"2021-01-01": "pop_legales_2021_cog2023.csv.gz", "2023-01-01": "pop_legales_2023_cog2025.csv.gz"}
    for date, fname in vintages.items():
        p = _pop(fname)
        for level, col in (("departement", "DEP"), ("region", "REG")):
            s = p.groupby(col)["PMUN"].sum()
            frames.append(
                pd.DataFrame({"level": level, "code": s.index, "date": pd.Timestamp(date), "population": s.values})
            )
        frames.append(
            pd.DataFrame(
                {"level": "nation", "code": ["FR"], "date": [pd.Timestamp(date)], "population": [p["PMUN"].sum()]}
            )
        )
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize(
    ("fname", "n_pairs", "first", "last"),
    [
        # MSP: 18 regions x 13 dates (2017-06 ... 2023-12); 1,034 MSP in June 2017, 2,501 in December 2023
        ("ind-311.csv", 18 * 13, ("2017-06-01", 1034), ("2023-12-01", 2501)),
        # centres de santé: 14 regions x 3 dates (2017-2019, no overseas rows) + 18 x 4 (2020-2023)
        ("ind-318.csv", 14 * 3 + 18 * 4, ("2017-12-01", 374), ("2023-12-01", 638)),
    ],
)
def test_counts_departments_add_up_to_regions_and_nation(fname, n_pairs, first, last, dep2reg):
    counts = _tidy(fname)
    dep = counts[counts["level"] == "departement"].assign(reg=lambda d: d["code"].map(dep2reg))
    assert dep["reg"].notna().all(), "every Baromètre department is in the COG"
    sums = dep.groupby(["reg", "date"])["value"].sum()
    reg = counts[counts["level"] == "region"].set_index(["code", "date"])["value"]
    reg.index.names = ["reg", "date"]
    both = pd.concat({"sum_dep": sums, "region": reg}, axis=1).dropna()
    assert len(both) == n_pairs  # region-dates published at both levels
    mismatches = both[both["sum_dep"] != both["region"]]
    assert mismatches.empty, f"department sums differ from region counts:\n{mismatches}"
    nat = counts[counts["level"] == "nation"].set_index("date")["value"]
    assert (reg.groupby(level="date").sum().reindex(nat.index) == nat).all()
    assert nat[pd.Timestamp(first[0])] == first[1] and nat[pd.Timestamp(last[0])] == last[1]


def test_msp_per_100k_france_2023(msp, pops):
    nat = msp[(msp["level"] == "nation") & (msp["date"] == "2023-12-01")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = rates_per_100k(nat, pops[pops["level"] == "nation"])
    # 2,501 MSP / 68,094,280 inhabitants (PMUN 2023, France without Mayotte) x 1e5 = 3.673
    assert r["population"].iloc[0] == 68_094_280
    assert r["per_100k"].iloc[0] == pytest.approx(2501 / 68_094_280 * 1e5)
    assert r["per_100k"].iloc[0] == pytest.approx(3.673, abs=1e-3)


def test_msp_regional_inequality_matches_oracle(msp, pops):
    reg = msp[(msp["level"] == "region") & (msp["date"] == "2023-12-01")]
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        full = rates_per_100k(reg, pops[pops["level"] == "region"])
    # Mayotte (region 06) has no population légale in these files -> NaN rate, reported
    assert any("aucune population pour 1 territoire (06)" in str(w.message) for w in rec)
    r = full.dropna(subset=["per_100k"])
    assert len(r) == 17
    x = r["per_100k"].to_numpy()
    n, mu = len(x), x.mean()
    oracle = sum(abs(a - b) for a in x for b in x) / (2 * n * n * mu)
    with pytest.warns(UserWarning, match=r"1 territoire écarté, faute de valeur ou de poids"):
        d = disparities(full, weight_column=None)
    assert d["n"].iloc[0] == 17
    assert d["gini"].iloc[0] == pytest.approx(oracle, rel=1e-12)
    assert d["theil"].iloc[0] == pytest.approx(theil(x))
    assert 0.1 < d["gini"].iloc[0] < 0.4  # regions differ markedly (range 1.4 to 5.2 per 100k)


def test_cpts_region_equals_population_weighted_departments(cpts, pops, dep2reg):
    """Published region coverage vs population-weighted mean of its departments.

    Tolerance 1.0 point: department and region figures are published as whole
    percentages (each rounded by at most 0.5 point, so the weighted mean of departments
    is off by ≤ 0.5 and the region figure by ≤ 0.5); our denominator (population
    municipale 2021/2023) may differ slightly from the Cnam's, which the margin absorbs.
    """
    dep = cpts[(cpts["level"] == "departement")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Mayotte has no population: left out
        dep = rates_per_100k(dep, pops[pops["level"] == "departement"]).dropna(subset=["population"])
    dep = dep.assign(reg=dep["code"].map(dep2reg), covered=dep["value"] / 100 * dep["population"])
    g = dep.groupby(["reg", "date"])
    weighted = (g["covered"].sum() / g["population"].sum() * 100).rename("weighted")
    reg = cpts[cpts["level"] == "region"].set_index(["code", "date"])["value"].rename("published")
    reg.index.names = ["reg", "date"]
    both = pd.concat([weighted, reg], axis=1).dropna()
    # 17 regions with population (no Mayotte) x 3 dates (2022-12, 2023-10, 2023-12); 2024-05 has no region rows
    assert len(both) == 17 * 3
    diff = (both["published"] - both["weighted"]).abs()
    assert diff.max() <= 1.0, both[diff > 1.0]
    # national figure: 86.1 % published in May 2024 (one decimal; D90 and Mayotte absent from our sum)
    may = dep[dep["date"] == "2024-05-01"]
    nat = may["covered"].sum() / may["population"].sum() * 100
    assert nat == pytest.approx(86.1, abs=1.0)
    # regional spread in May 2024 (regions rebuilt from their departments)
    may_reg = weighted.xs(pd.Timestamp("2024-05-01"), level="date")
    assert may_reg.min() < 20 and may_reg.max() == pytest.approx(100.0)
    assert gini(may_reg.to_numpy()) > 0.05


def test_cli_barometre_real_data(tmp_path):
    from click.testing import CliRunner

    from access_map.cli import main

    baro = shared_path("barometre_ditp_sante", "ind-311.csv")
    p16 = shared_path("population_legale_insee", "pop_legales_2016_cog2018_communes.csv.gz")
    p23 = shared_path("population_legale_insee", "pop_legales_2023_cog2025.csv.gz")
    out = tmp_path / "baro"
    res = CliRunner().invoke(
        main,
        [
            "msp",
            "--barometre",
            str(baro),
            "--population",
            f"2016-01-01={p16}",
            "--population",
            f"2023-01-01={p23}",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    nat = csv_format.read_csv(out / "structures_nation.csv").set_index("date")
    # PMUN 2016 (COG 2018, France without Mayotte) = 66,361,658 ; PMUN 2023 = 68,094,280 (checked in SOURCES.md
    # for metropolitan totals; DOM included here)
    assert nat.loc["2017-06-01", "per_100k"] == pytest.approx(1034 / 66_361_658 * 1e5)
    assert nat.loc["2023-12-01", "per_100k"] == pytest.approx(2501 / 68_094_280 * 1e5)
    check = csv_format.read_csv(out / "controle_departements_regions.csv")
    # the department -> region map comes from the population files, which lack Mayotte: 17 regions x 13 dates
    assert len(check) == 17 * 13 and (check["ecart"] == 0).all()
