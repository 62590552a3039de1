"""France-scale benchmark of the scenario engine (``access_map.scenario``).

Problem (real geography, synthetic supply), built from ``../shared/data`` as ``bench_fca.py`` does:

* demand: the ≈34,800 metropolitan communes of the DREES 2016 standardised population; commune points:
  centroids of the IGN Admin Express 2018 contours (EPSG:2154); pairs: crow-fly times within 20 minutes
  (≈1.6 M pairs); supply: deterministic synthetic acts on communes with ≥ 1,000 standardised inhabitants;
  departments from the code, regions from the INSEE COG departments table; the DREES GP parameters 2023.

Measured (one run, ``time.perf_counter``):

1. baseline preparation (square catchment over all communes, reached demand, baseline APL);
2. **supply-only scenarios per second**: each scenario removes the supply of 1-30 random communes (a
   retirement wave) and opens one MSP of 4 × 5,000 acts; an evaluation = the new supply vector, the APL by
   the incremental column update, ΔAPL, and the population crossing 2.5 (and 4) by department and region
   (target ≥ 200 per second). Every timed scenario is then recomputed with both steps of the 2SFCA from
   the standard APL catchment (:func:`access_map.apl.apl_from_catchment`), and three of them entirely from
   the pair table (:func:`access_map.apl.compute_apl`);
3. placement of 10 sites among all communes (objective "lifted above 2.5", capacity 20,000 acts; target < 30 s);
4. 1,000 Monte Carlo draws for one region (Nouvelle-Aquitaine, ≈4,300 communes; travel σ 0.2, common σ 0.05,
   threshold conventions; target < 60 s);
5. implied supply for the same region from the official DREES 2023 workbook (time and reproduction error).

Run: ``.venv/bin/python benchmarks/bench_scenario.py``. The last line is
``scenarios_per_second=<x> max_abs_diff_vs_full=<y>``, y the largest |incremental − from-scratch| APL over
the timed scenarios.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from access_map.apl import APLParams, apl_from_catchment, compute_apl, prepare_apl_catchment  # noqa: E402
from access_map.scenario import (  # noqa: E402
    UncertaintyModel,
    crossing_counts,
    implied_supply,
    monte_carlo,
    place_practices,
    prepare_baseline,
    supply_apl,
)
from access_map.travel import crow_fly_times  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
PARAMS = APLParams.drees_mg(2023)
N_SCENARIOS = 400


def load_problem() -> tuple[pd.Series, pd.Series, object, pd.DataFrame]:
    import geopandas as gpd

    pop = pd.read_csv(
        DATA / "drees_population_standardisee" / "population_standardisee_mg.csv.gz", dtype={"code_commune": str}
    )
    pop = pop[pop["annee_population"] == 2016]
    demand = pop.set_index("code_commune")["pop_standardisee"].astype(float)
    contours = gpd.read_file(f"/vsigzip/{DATA / 'communes_geojson_2018' / 'communes_2018.geojson.gz'}")
    contours = contours[contours["code"].isin(demand.index)].to_crs(2154)
    points = gpd.GeoDataFrame(
        geometry=contours.geometry.centroid.to_numpy(),
        index=pd.Index(contours["code"].to_numpy(), name="code_commune"),
        crs=2154,
    )
    demand = demand.reindex(points.index.sort_values())
    rng = np.random.default_rng(2018)
    u = rng.uniform(0.5, 1.5, size=len(demand))
    supply = (4.0 * demand * u)[demand >= 1000].rename("supply")
    departments = pd.read_csv(DATA / "cog_insee" / "departements.csv", dtype=str).set_index("DEP")["REG"]
    dep = pd.Series([c[:3] if c.startswith("97") else c[:2] for c in demand.index], index=demand.index)
    territories = pd.DataFrame({"code_departement": dep, "code_region": dep.map(departments).fillna("??")})
    return demand, supply, points, territories


def scenarios_benchmark(baseline, times, demand) -> tuple[float, float]:
    rng = np.random.default_rng(15)
    with_supply = np.flatnonzero(baseline.supply > 0)
    dep_groups, dep_names = baseline.group_codes["code_departement"]
    reg_groups, reg_names = baseline.group_codes["code_region"]
    thresholds = (2.5, 4.0)
    specs = []
    for _ in range(N_SCENARIOS):
        removed = rng.choice(with_supply, size=int(rng.integers(1, 31)), replace=False)
        msp = int(rng.integers(len(baseline.supply)))
        specs.append((removed, msp))
    results = []
    start = time.perf_counter()
    for removed, msp in specs:
        supply = baseline.supply.copy()
        supply[removed] = 0.0
        supply[msp] += 4 * 5000.0
        after = supply_apl(baseline, supply)
        delta = after - baseline.apl
        by_dep = crossing_counts(
            baseline.apl, after, baseline.population, thresholds=thresholds, groups=dep_groups, n_groups=len(dep_names)
        )
        by_reg = crossing_counts(
            baseline.apl, after, baseline.population, thresholds=thresholds, groups=reg_groups, n_groups=len(reg_names)
        )
        results.append((after, float(np.abs(delta).max()), float(by_dep[:, 0].sum()), float(by_reg[:, 0].sum())))
    elapsed = time.perf_counter() - start
    rate = N_SCENARIOS / elapsed
    print(
        f"supply-only scenarios: {N_SCENARIOS} in {elapsed:.3f} s = {rate:.0f} per second "
        f"(incremental column update, ΔAPL, population crossing 2.5 and 4 by department and region; target >= 200)"
    )
    fell = np.array([r[2] for r in results])
    print(f"  population falling to APL <= 2.5 per scenario: median {np.median(fell):,.0f}, max {fell.max():,.0f}")

    # from scratch: both 2SFCA steps on the standard APL catchment, for every timed scenario
    catchment = prepare_apl_catchment(times, demand_index=demand.index, params=PARAMS)
    worst = 0.0
    t = time.perf_counter()
    for (removed, msp), (after, *_rest) in zip(specs, results, strict=True):
        supply = baseline.supply.copy()
        supply[removed] = 0.0
        supply[msp] += 4 * 5000.0
        s = pd.Series(supply, index=baseline.codes)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            full = apl_from_catchment(catchment, supply=s[s > 0], demand=demand, params=PARAMS)
        worst = max(worst, float(np.abs(full.to_numpy() - after).max()))
    print(f"  from-scratch 2SFCA on every timed scenario: {time.perf_counter() - t:.1f} s, max |diff| {worst:.3g}")
    t = time.perf_counter()
    worst_pairs = 0.0
    for (removed, msp), (after, *_rest) in list(zip(specs, results, strict=True))[:3]:
        supply = baseline.supply.copy()
        supply[removed] = 0.0
        supply[msp] += 4 * 5000.0
        s = pd.Series(supply, index=baseline.codes)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            full = compute_apl(supply=s[s > 0], demand=demand, times=times, params=PARAMS)
        worst_pairs = max(worst_pairs, float(np.abs(full.to_numpy() - after).max()))
    print(
        f"  compute_apl from the pair table on 3 of them: {time.perf_counter() - t:.1f} s, max |diff| {worst_pairs:.3g}"
    )
    return rate, max(worst, worst_pairs)


def region_problem(region: str):
    import geopandas as gpd

    from access_map.readers.drees import read_apl_sheet

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        official = read_apl_sheet(DATA / "drees_apl_mg_2022_2023" / "apl_generalistes_2022_2023_drees.xlsx", year=2023)
    ref = pd.read_csv(
        DATA / "communes_cog2024_datasfun" / "communes_2024.csv.gz",
        dtype={"insee_com": str, "insee_reg": str, "insee_dep": str},
    )
    ref = (
        ref[(ref["commune_type"] == "COM") & (ref["insee_reg"] == region)]
        .drop_duplicates("insee_com")
        .set_index("insee_com")
    )
    ref = ref.loc[ref.index.intersection(official.index)].dropna(subset=["lat", "lng"])
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(ref["lng"], ref["lat"]), index=pd.Index(ref.index, name="code_commune"), crs=4326
    ).to_crs(2154)
    return official.loc[ref.index], points, ref["insee_dep"]


def main() -> None:
    t0 = time.perf_counter()
    demand, supply, points, territories = load_problem()
    print(f"data loaded in {time.perf_counter() - t0:.1f} s: {len(demand)} communes, {len(supply)} supply communes")
    t = time.perf_counter()
    times = crow_fly_times(points, max_minutes=20.0)
    print(f"pairs (crow_fly_times, <= 20 min): {len(times):,} in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        baseline = prepare_baseline(times, demand=demand, supply=supply, params=PARAMS, territories=territories)
    print(f"baseline preparation: {time.perf_counter() - t:.2f} s ({baseline.catchment.n_pairs:,} weighted pairs)")

    rate, max_diff = scenarios_benchmark(baseline, times, demand)

    t = time.perf_counter()
    placed = place_practices(baseline, sites=10, capacity=20000.0, objective="lifted", threshold=2.5)
    t_place = time.perf_counter() - t
    print(
        f"placement of 10 sites among {len(baseline.codes):,} communes (lifted above 2.5): {t_place:.2f} s (target < 30 s); "
        f"population lifted {placed.steps['cumulative_gain'].iloc[-1]:,.0f}; candidates re-evaluated per step "
        f"{placed.steps['evaluations'].tolist()}"
    )

    official, region_points, region_departments = region_problem("75")
    region_times = crow_fly_times(region_points, max_minutes=30.0)
    region_demand = official["standardised_population"].fillna(0.0)
    t = time.perf_counter()
    fit = implied_supply(
        official["apl"],
        demand=region_demand,
        times=region_times[region_times["minutes"] <= 20.0],
        params=PARAMS,
        departments=region_departments,
    )
    t_implied = time.perf_counter() - t
    rep = fit.report
    print(
        f"implied supply, Nouvelle-Aquitaine ({len(official):,} communes, APL 2023 of the DREES workbook, crow-fly): "
        f"{t_implied:.1f} s; max error {rep['max_abs_error']:.2f}, RMSE {rep['rmse']:.3f}, within 0.05 {rep['share_within']:.1%}"
    )
    region_base = prepare_baseline(
        region_times,
        demand=region_demand,
        supply=fit.supply,
        params=PARAMS,
        territories=pd.DataFrame({"code_departement": region_departments}),
    )
    model = UncertaintyModel(draws=1000, seed=2024, travel_sigma=0.2, travel_common_sigma=0.05, population_sigma=0.02)
    result = monte_carlo(region_base, region_times, model=model)
    uncertain = ((result.communes["p_apl_below"] > 0.1) & (result.communes["p_apl_below"] < 0.9)).sum()
    print(
        f"Monte Carlo, 1,000 draws, Nouvelle-Aquitaine ({len(region_base.codes):,} communes, {len(region_times):,} pairs "
        f"<= 30 min): {result.seconds:.1f} s (target < 60 s); {uncertain} communes with 10 % < P(APL <= 2.5) < 90 %"
    )
    print(f"scenarios_per_second={rate:.0f} max_abs_diff_vs_full={max_diff:.3g}")


if __name__ == "__main__":
    main()
