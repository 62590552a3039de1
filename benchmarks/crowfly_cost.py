"""What the crow-fly model costs against road times: the Monaco extract and the Gironde observed pairs.

Prints, from ``../shared/data``:

1. **Monaco area** (``osm_monaco_osrm_test``): OSRM road times in process between the chefs-lieux of the
   French communes of the extract, against the default crow-fly model (2 + 1.32 min/km): pair-level
   MAE, bias, R², Spearman; pairs whose DREES distance weight (1, 2/3, 1/3, 0 for < 10, 10-15, 15-20,
   ≥ 20 minutes) differs.
2. **Gironde observed pairs** (``distancier_gironde_osrm_metric``, 2,500 OSRM pairs and INSEE Metric
   times): the same figures for the default and the locally calibrated crow-fly model, on the pairs up to
   20 km crow-fly (the APL range) and on all pairs.
3. **Gironde APL consequences** (real geography, demand and GP locations; TVS proxy from the bassins de
   vie): the APL on crow-fly times against the APL on *road-like* times (crow-fly + the residuals observed
   between OSRM and the model on the Gironde pairs, drawn per pair in 2-km crow-fly bands, symmetric), over
   ``--draws`` draws; plus the default model against the Gironde-calibrated one. The supply imputes
   5,400 acts to every GP of the RPPS 2017 extract (no activity in the file), so APL levels are
   illustrative; the rank correlation and threshold crossings show what the travel times alone change.

Run: ``.venv/bin/python benchmarks/crowfly_cost.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"

from access_map.travel import (  # noqa: E402
    CrowFlyModel,
    apl_consequences,
    build_osrm_graph,
    calibrate,
    compare_travel_times,
    crow_fly_times,
    read_observed_pairs,
    road_times,
)

MONACO = ["06012", "06032", "06150", "06104", "06059", "06091", "06083"]
BANDS = np.array([10.0, 15.0, 20.0])  # DREES GP decay steps (closed on the left)
WEIGHTS = np.array([1.0, 2 / 3, 1 / 3, 0.0])


def drees_weight(minutes: np.ndarray) -> np.ndarray:
    return WEIGHTS[np.searchsorted(BANDS, minutes, side="right")]


def pair_figures(label: str, crow: np.ndarray, road: np.ndarray) -> None:
    err = crow - road
    ss_tot = ((road - road.mean()) ** 2).sum()
    from scipy.stats import spearmanr

    w_crow, w_road = drees_weight(crow), drees_weight(road)
    print(
        f"  {label}: {len(road):,} pairs, MAE {np.abs(err).mean():.2f} min, bias {err.mean():+.2f} min, "
        f"R2 {1 - (err**2).sum() / ss_tot:.3f}, Spearman {spearmanr(crow, road).statistic:.3f}; "
        f"DREES weight differs for {(w_crow != w_road).mean():.0%} of pairs "
        f"(mean |weight difference| {np.abs(w_crow - w_road).mean():.3f})"
    )


def monaco() -> None:
    from access_map.readers.ign import read_chefs_lieux

    print("1. Monaco extract: OSRM road times (in process) vs the default crow-fly model")
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        graph = build_osrm_graph(DATA / "osm_monaco_osrm_test" / "monaco.osm.pbf", cache_dir=tmp)
        points = read_chefs_lieux(DATA / "chefs_lieux_2020" / "cheflieu_2020.geojson.gz").loc[MONACO, ["geometry"]]
        road = road_times(points, graph=graph, max_minutes=None)  # Peille (outside the extract) left out
        routed = sorted(set(road.loc[road["origin"] != road["destination"], "origin"]))
        crow = crow_fly_times(points.loc[routed].to_crs(2154), max_minutes=120)
    c = compare_travel_times(crow, road)  # the package's comparison, on the same pairs
    merged = crow.merge(road, on=["origin", "destination"], suffixes=("_crow", "_road"))
    merged = merged[merged["origin"] != merged["destination"]]
    crow_km = (merged["minutes_crow"] - 2.0) / 1.32
    print(f"  communes routed: {', '.join(routed)} (06091 Peille: chef-lieu 3.7 km outside the extract)")
    pair_figures("default model", merged["minutes_crow"].to_numpy(), merged["minutes_road"].to_numpy())
    fit = calibrate(crow_km, merged["minutes_road"])
    print(
        f"  road times {merged['minutes_road'].min():.1f}-{merged['minutes_road'].max():.1f} min for "
        f"{crow_km.min():.1f}-{crow_km.max():.1f} km crow-fly; local fit {fit.model.intercept_minutes:.2f} + "
        f"{fit.model.minutes_per_km:.2f} min/km (MAE {fit.mae_minutes:.2f}); compare_travel_times: "
        f"MAE {c.mae_minutes:.2f}, bias {c.bias_minutes:+.2f}, R2 {c.r2:.3f}, Spearman {c.spearman:.3f}"
    )
    for limit in (10.0, 20.0):
        w = compare_travel_times(crow, road, max_minutes=limit)
        print(f"  within {limit:g} min: {w.n_common} pairs in both, {w.only_a} crow-fly only, {w.only_b} road only")


def gironde_pairs() -> tuple[pd.DataFrame, CrowFlyModel]:
    print("2. Gironde observed pairs: crow-fly model vs OSRM (Dist_min) and INSEE Metric (HC)")
    folder = DATA / "distancier_gironde_osrm_metric"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the 5 Metric 'not computed' pairs are counted by the reader
        osrm = read_observed_pairs(folder / "osrm_pairs_gironde_2500.csv", observed="Dist_min", road_km="Dist_km")
        metric = read_observed_pairs(folder / "metric_hc_pairs_gironde_2500.csv", observed="HC")
    short = osrm[osrm["crow_km"] <= 20]
    local = calibrate(short["crow_km"], short["observed_minutes"]).model
    print(
        f"  Gironde fit on OSRM pairs <= 20 km: {local.intercept_minutes:.2f} + {local.minutes_per_km:.3f} min/km "
        f"(default 2 + 1.32)"
    )
    for name, obs in (("OSRM", osrm), ("Metric HC", metric)):
        for scope, part in (("<= 20 km", obs[obs["crow_km"] <= 20]), ("all", obs)):
            for model_name, model in (("default", CrowFlyModel()), ("Gironde fit", local)):
                pair_figures(
                    f"{name}, {scope}, {model_name} model",
                    model.minutes(part["crow_km"].to_numpy()),
                    part["observed_minutes"].to_numpy(),
                )
    return osrm, local


def gironde_inputs() -> tuple[object, pd.Series, pd.Series, pd.DataFrame]:
    from access_map.readers.appartenance import read_appartenance
    from access_map.readers.ign import read_chefs_lieux
    from access_map.zoning.bassins import tvs_from_bassins_de_vie

    std = pd.read_csv(
        DATA / "drees_population_standardisee" / "population_standardisee_mg.csv.gz", dtype={"code_commune": str}
    )
    std = std[(std["annee_population"] == 2016) & std["code_commune"].str.startswith("33")]
    demand = std.set_index("code_commune")["pop_standardisee"].astype(float)
    rpps = pd.read_csv(DATA / "rpps_gironde_2017" / "rpps_gironde_2017_mg_neuro.csv", dtype=str)
    gps = rpps[(rpps["Specialite"] == "Spécialiste en Médecine Générale") & (rpps["Etablissement"] == "non")]
    sites = gps.groupby("RPPS")["Commune"].transform("size")
    supply = (5400.0 / sites).groupby(gps["Commune"]).sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        points = read_chefs_lieux(DATA / "chefs_lieux_2020" / "cheflieu_2020.geojson.gz")
        appartenance = read_appartenance(DATA / "insee_appartenance_2022" / "table-appartenance-geo-communes-22.csv.gz")
    common = demand.index.intersection(points.index)
    points = points.loc[common, ["geometry"]].to_crs(2154)
    demand = demand.loc[common]
    supply = supply[supply.index.isin(common)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tvs = tvs_from_bassins_de_vie(appartenance, population=demand)
    tvs = tvs[tvs["kind"] != "unmatched"][["code_tvs", "libelle_tvs"]]
    demand = demand.loc[tvs.index]
    points = points.loc[tvs.index]
    supply = supply[supply.index.isin(tvs.index)]
    return points, demand, supply, tvs


def road_like(points: object, osrm: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """Crow-fly times + OSRM residuals drawn in 2-km crow-fly bands (same draw both ways), kept <= 20 min."""
    model = CrowFlyModel()
    pairs = crow_fly_times(points, max_minutes=model.minutes(40.0))  # every pair up to 40 km crow-fly
    km = (pairs["minutes"].to_numpy() - model.intercept_minutes) / model.minutes_per_km
    residual = osrm["observed_minutes"].to_numpy() - model.minutes(osrm["crow_km"].to_numpy())
    band_obs = np.minimum(osrm["crow_km"].to_numpy() // 2, 19).astype(int)
    rng = np.random.default_rng(seed)
    o, d = pairs["origin"].to_numpy(), pairs["destination"].to_numpy()
    key = np.where(o < d, o + d, d + o)  # one draw per unordered pair
    uniq, inverse = np.unique(key, return_inverse=True)
    first = np.zeros(len(uniq), dtype=int)
    first[inverse[::-1]] = np.arange(len(key))[::-1]
    band = np.minimum(km[first] // 2, 19).astype(int)
    draw = np.empty(len(uniq))
    filled = np.unique(band_obs)
    for b in np.unique(band):
        nearest = filled[np.argmin(np.abs(filled - b))]  # bands without observed pairs borrow the nearest one
        pool = residual[band_obs == nearest]
        draw[band == b] = rng.choice(pool, size=int((band == b).sum()))
    minutes = np.maximum(pairs["minutes"].to_numpy() + draw[inverse], km / 130 * 60)
    minutes = np.where(o == d, 0.0, minutes)
    out = pairs.assign(minutes=minutes)
    return out[out["minutes"] <= 20.0].reset_index(drop=True)


def gironde_apl(osrm: pd.DataFrame, local: CrowFlyModel, draws: int) -> None:
    print("3. Gironde APL: crow-fly times vs road-like times (same demand, supply, TVS)")
    points, demand, supply, tvs = gironde_inputs()
    crow = crow_fly_times(points, max_minutes=20.0)
    print(
        f"  {len(demand)} communes, {tvs['code_tvs'].nunique()} TVS (bassins de vie proxy), "
        f"{supply.sum() / 5400:,.0f} GP equivalents"
    )
    rows = []
    for seed in range(draws):
        r = apl_consequences(crow, road_like(points, osrm, seed=seed), supply=supply, demand=demand, tvs=tvs)
        rows.append(
            {
                "spearman": r.spearman,
                "mean_abs_diff": r.communes["difference"].abs().mean(),
                "cross_2.5": int(r.crossings.loc[2.5, "changed"]),
                "cross_4": int(r.crossings.loc[4.0, "changed"]),
                "tvs_changed": r.tvs_changed,
            }
        )
    table = pd.DataFrame(rows)
    for column in table.columns:
        values = table[column]
        print(
            f"  {column}: median {values.median():.3f} (min {values.min():.3f}, max {values.max():.3f}) over {draws} draws"
        )
    fitted = crow_fly_times(
        points, max_minutes=20.0, intercept_minutes=local.intercept_minutes, minutes_per_km=local.minutes_per_km
    )
    r = apl_consequences(crow, fitted, supply=supply, demand=demand, tvs=tvs)
    print(
        f"  default vs Gironde-calibrated crow-fly model: Spearman {r.spearman:.3f}, "
        f"mean |APL diff| {r.communes['difference'].abs().mean():.3f}, "
        f"communes changing side of 2.5: {int(r.crossings.loc[2.5, 'changed'])}, of 4: "
        f"{int(r.crossings.loc[4.0, 'changed'])}, TVS changing category: {r.tvs_changed} of {len(r.tvs)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=20)
    args = parser.parse_args()
    monaco()
    osrm, local = gironde_pairs()
    gironde_apl(osrm, local, args.draws)


if __name__ == "__main__":
    main()
