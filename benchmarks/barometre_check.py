"""Real-data check of the MSP / CPTS indicators against the Baromètre de l'action publique.

Reads (never copies) ``../shared/data/barometre_ditp_sante`` (IND-311 MSP counts, IND-589 %
population covered by a CPTS, by department / region / nation) and the INSEE populations
légales 2016, 2019, 2021, 2023 (``../shared/data/population_legale_insee``), then

* MSP per 100,000 inhabitants by department, region and France, 2017-06 → 2023-12
  (each date takes the latest population vintage on or before it; population municipale);
* CPTS coverage by department and region 2022-12 → 2024-05 (region figures for 2024-05,
  absent from the Baromètre, are population-weighted means of its departments);
* consistency checks: Σ department MSP counts = region count; population-weighted mean of
  department coverage ≈ region figure;
* inequality indices (Gini, Theil, CV, max/min, P90/P10) across regions and departments.

Usage::

    PYTHONPATH=src .venv/bin/python benchmarks/barometre_check.py [--out DIR]

Prints a short report; with ``--out`` writes the tables as CSV (atomic writes).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from access_map._atomic import atomic_path  # noqa: E402
from access_map.inequality import theil_decomposition  # noqa: E402
from access_map.msp import disparities, rates_per_100k  # noqa: E402
from access_map.readers.insee import read_cog_departements, read_populations_legales  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
BAROMETRE = SHARED / "barometre_ditp_sante"
POPULATIONS = {  # vintage reference date -> file (populations légales of year Y describe 1 January Y)
    "2016-01-01": "pop_legales_2016_cog2018_communes.csv.gz",
    "2019-01-01": "pop_legales_2019_cog2021.csv.gz",
    "2021-01-01": "pop_legales_2021_cog2023.csv.gz",
    "2023-01-01": "pop_legales_2023_cog2025.csv.gz",
}
_LEVELS = {"DEPT": "departement", "REG": "region", "NAT": "nation"}


def read_barometre(path: Path) -> pd.DataFrame:
    """Tidy Baromètre table: indicator, level, code, date, value, target (value = indic_va, else indic_vi)."""
    raw = pd.read_csv(path, dtype=str)
    level = raw["maille"].map(_LEVELS)
    zone = raw["enforce_zone_id"]
    code = zone.where(zone != "FRANCE", "FR").str.replace(r"^[DR]", "", regex=True)
    va = pd.to_numeric(raw["indic_va"], errors="coerce")
    vi = pd.to_numeric(raw["indic_vi"], errors="coerce")
    return pd.DataFrame(
        {
            "indicator": raw["indic_id"],
            "level": level,
            "code": code,
            "date": pd.to_datetime(raw["metric_enforce_date"]),
            "value": va.fillna(vi),
            "target": pd.to_numeric(raw["indic_vc"], errors="coerce"),
        }
    )


def load_barometre(name: str) -> pd.DataFrame:
    """Use the package reader when available (else the local parser above), in the tidy layout above.

    The value is ``indic_va``, else ``indic_vi``: the 2022-12 CPTS rows only carry the
    initial value, which is the figure measured at that date.
    """
    path = BAROMETRE / name
    try:
        from access_map.readers.barometre import read_barometre as reader
    except ImportError:
        return read_barometre(path)
    t = reader(path)
    value = t["observed"] if "observed" in t.columns else t["value"].fillna(t["initial"])
    return pd.DataFrame(
        {
            "indicator": t["indicator"],
            "level": t["level"].map(lambda v: _LEVELS.get(v, v)),
            "code": t["code"].astype(str),
            "date": pd.to_datetime(t["date"]),
            "value": value,
            "target": t.get("target"),
        }
    )


def populations() -> pd.DataFrame:
    """Long table: level, code, date (vintage), population (population municipale)."""
    frames = []
    for date, fname in POPULATIONS.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = read_populations_legales(SHARED / "population_legale_insee" / fname)
        for level, col in (("departement", "code_departement"), ("region", "code_region")):
            s = p.groupby(col)["population_municipale"].sum()
            frames.append(
                pd.DataFrame({"level": level, "code": s.index, "date": pd.Timestamp(date), "population": s.values})
            )
        frames.append(
            pd.DataFrame(
                {
                    "level": "nation",
                    "code": ["FR"],
                    "date": [pd.Timestamp(date)],
                    "population": [p["population_municipale"].sum()],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def with_rates(counts: pd.DataFrame, pops: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Mayotte (976 / 06) has no population légale in these files
        out = rates_per_100k(counts, pops, by=("level",))
    return out.sort_values(["level", "code", "date"]).reset_index(drop=True)


def department_regions() -> pd.Series:
    deps = read_cog_departements(SHARED / "cog_insee" / "departements.csv")
    col = "code_region" if "code_region" in deps.columns else "REG"
    return deps[col].astype(str).rename("code_region")


def msp_tables(name: str = "ind-311.csv") -> dict[str, pd.DataFrame]:
    """Rates per 100k and department/region consistency for a count indicator (IND-311 MSP, IND-318 centres)."""
    b = load_barometre(name)
    counts = b[b["value"].notna()].copy()
    rates = with_rates(counts, populations())
    dep2reg = department_regions()
    dep = counts[counts["level"] == "departement"].assign(code_region=lambda d: d["code"].map(dep2reg))
    sums = dep.groupby(["code_region", "date"])["value"].sum().rename("sum_departements")
    reg = counts[counts["level"] == "region"].set_index(["code", "date"])["value"].rename("region")
    reg.index.names = ["code_region", "date"]
    check = pd.concat([sums, reg], axis=1).dropna()
    check["difference"] = check["region"] - check["sum_departements"]
    nat = counts[counts["level"] == "nation"].set_index("date")["value"]
    nat_check = pd.concat(
        {
            "nation": nat,
            "sum_regions": reg.groupby(level="date").sum(),
            "sum_departements": dep.groupby("date")["value"].sum(),
        },
        axis=1,
        sort=True,
    ).dropna()
    return {"msp_rates": rates, "msp_region_check": check.reset_index(), "msp_nation_check": nat_check.reset_index()}


def cpts_tables() -> dict[str, pd.DataFrame]:
    b = load_barometre("ind-589.csv")
    cov = b[b["value"].notna()].copy()
    pops = populations()
    dep = with_rates(cov[cov["level"] == "departement"], pops)  # adds matched population
    dep = dep.drop(columns="per_100k")
    dep["code_region"] = dep["code"].map(department_regions())
    dep["covered_population"] = dep["value"] / 100.0 * dep["population"]
    g = dep.dropna(subset=["population"]).groupby(["code_region", "date"])
    agg = pd.DataFrame(
        {
            "weighted_mean": g["covered_population"].sum() / g["population"].sum() * 100.0,
            "population": g["population"].sum(),
            "n_departements": g.size(),
        }
    )
    reg = cov[cov["level"] == "region"].set_index(["code", "date"])["value"].rename("region_published")
    reg.index.names = ["code_region", "date"]
    check = agg.join(reg, how="left")
    check["difference"] = check["region_published"] - check["weighted_mean"]
    expected = department_regions().value_counts()  # departments per region in the COG
    check["n_departements_cog"] = check.index.get_level_values("code_region").map(expected).to_numpy()
    check["complete"] = check["n_departements"] == check["n_departements_cog"]
    nat = cov[cov["level"] == "nation"].set_index("date")["value"].rename("nation_published")
    gn = dep.dropna(subset=["population"]).groupby("date")
    nat_mean = (gn["covered_population"].sum() / gn["population"].sum() * 100).rename("weighted_mean")
    nat_check = pd.concat([nat_mean, nat], axis=1, sort=True).dropna()
    return {
        "cpts_departements": dep,
        "cpts_region_check": check.reset_index(),
        "cpts_nation_check": nat_check.reset_index(),
    }


def inequality(msp: pd.DataFrame, cpts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    for level in ("region", "departement"):
        sub = msp[(msp["level"] == level) & msp["per_100k"].notna()]
        for weighted in (False, True):
            d = disparities(sub, weight_column="population" if weighted else None)
            d.insert(0, "weighted", weighted)
            d.insert(0, "level", level)
            d.insert(0, "indicator", "MSP pour 100 000 hab.")
            rows.append(d)
    dep = cpts["cpts_departements"].dropna(subset=["population"])
    reg = cpts["cpts_region_check"].rename(columns={"weighted_mean": "value"})
    for level, sub in (("departement", dep), ("region", reg)):
        for weighted in (False, True):
            d = disparities(sub, value_column="value", weight_column="population" if weighted else None)
            d.insert(0, "weighted", weighted)
            d.insert(0, "level", level)
            d.insert(0, "indicator", "% population couverte CPTS")
            rows.append(d)
    return pd.concat(rows, ignore_index=True)


def decomposition(msp: pd.DataFrame) -> pd.DataFrame:
    """Theil T of department MSP densities (population-weighted) split into between/within regions."""
    dep = msp[(msp["level"] == "departement") & msp["per_100k"].notna()]
    dep = dep.assign(code_region=dep["code"].map(department_regions()))
    rows = {}
    for date, sub in dep.groupby("date"):
        sub = sub.set_index("code")
        rows[date] = theil_decomposition(sub["per_100k"], sub["code_region"], weights=sub["population"])
    return pd.DataFrame(rows).T.rename_axis("date").reset_index()


def within_regions(msp: pd.DataFrame) -> pd.DataFrame:
    """Inequality of MSP per 100k between the departments of each region (population-weighted)."""
    dep = msp[(msp["level"] == "departement") & msp["per_100k"].notna()]
    dep = dep.assign(code_region=dep["code"].map(department_regions()))
    return disparities(dep, group_column="code_region")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="directory for CSV tables")
    args = parser.parse_args(argv)
    msp = msp_tables()
    cds = msp_tables("ind-318.csv")
    cpts = cpts_tables()
    ineq = inequality(msp["msp_rates"], cpts)
    within = within_regions(msp["msp_rates"])
    decomp = decomposition(msp["msp_rates"])
    rates = msp["msp_rates"]
    nat = rates[rates["level"] == "nation"].set_index("date")
    print("MSP France:", nat[["value", "population", "per_100k"]].round(2).to_string(), sep="\n")
    for date in ("2017-06-01", "2023-12-01"):
        r = rates[(rates["level"] == "region") & (rates["date"] == date)].dropna(subset=["per_100k"])
        r = r.sort_values("per_100k")
        cols = ["code", "value", "per_100k"]
        print(
            f"\nMSP per 100k by region {date}: bottom",
            r.head(3)[cols].round(2).to_dict("records"),
            "top",
            r.tail(3)[cols].round(2).to_dict("records"),
        )
    cn = cds["msp_rates"][cds["msp_rates"]["level"] == "nation"].set_index("date")
    print("\nCentres de santé France:", cn[["value", "population", "per_100k"]].round(2).to_string(), sep="\n")
    cchk = cds["msp_region_check"]
    n_bad = int((cchk["difference"] != 0).sum())
    print(f"Centres Σ departments vs region: {len(cchk)} region-dates, {n_bad} mismatch(es)")
    chk = msp["msp_region_check"]
    bad = chk[chk["difference"] != 0]
    print(f"\nMSP Σ departments vs region: {len(chk)} region-dates compared, {len(bad)} mismatch(es)")
    if len(bad):
        print(bad.to_string())
    print("MSP nation vs Σ regions / Σ departments:", msp["msp_nation_check"].to_string(), sep="\n")
    c = cpts["cpts_region_check"]
    print("\nCPTS region check (published vs population-weighted mean of departments):")
    print(c.dropna(subset=["region_published"])["difference"].abs().describe().round(2).to_string())
    may = c[c["date"] == "2024-05-01"].sort_values("weighted_mean")
    print(
        "CPTS coverage May 2024 by region (from departments; complete = every department published):",
        may[["code_region", "weighted_mean", "n_departements", "n_departements_cog", "complete"]]
        .round(1)
        .to_string(index=False),
        sep="\n",
    )
    print("CPTS nation check:", cpts["cpts_nation_check"].round({"weighted_mean": 2}).to_string(), sep="\n")
    key = ineq[ineq["date"].isin(pd.to_datetime(["2017-06-01", "2023-12-01", "2024-05-01"]))]
    cols = ["indicator", "level", "weighted", "date", "n", "gini", "theil", "cv", "max_min_ratio", "p90_p10_ratio"]
    print("\nInequality:", key[cols].round({c: 3 for c in cols[4:]}).to_string(index=False), sep="\n")
    print(
        "\nTheil (departments, weighted) between / within regions:",
        decomp[decomp["date"].isin(pd.to_datetime(["2017-06-01", "2023-12-01"]))]
        .round({"total": 3, "between": 3, "within": 3, "between_share": 3})
        .to_string(index=False),
        sep="\n",
    )
    w = within[within["date"] == "2023-12-01"].sort_values("gini")
    print(
        "\nMSP per 100k 2023-12, between departments within each region (weighted):",
        w[["code_region", "n", "gini", "theil", "cv", "max_min_ratio"]].round(3).to_string(index=False),
        sep="\n",
    )
    if args.out:
        tables = {
            **msp,
            **cpts,
            "inequality": ineq,
            "msp_within_regions": within,
            "msp_theil_decomposition": decomp,
            "centres_sante_rates": cds["msp_rates"],
            "centres_sante_region_check": cds["msp_region_check"],
        }
        for name, table in tables.items():
            with atomic_path(args.out / f"{name}.csv") as tmp:
                table.to_csv(tmp, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
