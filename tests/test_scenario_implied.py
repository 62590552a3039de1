"""Implied supply: exact on an APL the engine produced; on the official DREES workbook, measured error and RPPS check."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy.stats import pearsonr, spearmanr

from access_map.apl import APLParams, compute_apl, demand_from_population, supply_from_activity
from access_map.datasets import load_demo
from access_map.readers.drees import read_apl_sheet
from access_map.scenario import OpenMSP, evaluate_scenario, implied_supply, prepare_baseline
from access_map.travel import crow_fly_times
from conftest import shared_path

PARAMS = APLParams.drees_mg(2023)


def test_implied_supply_reproduces_an_apl_of_known_supply() -> None:
    demo = load_demo()
    times = crow_fly_times(demo.chefs_lieux, max_minutes=20)
    demand = demand_from_population(demo.population_by_age, params=PARAMS).reindex(demo.communes.index)
    gps = demo.practitioners[demo.practitioners["profession"] == "medecin_generaliste"]
    supply = supply_from_activity(gps, params=PARAMS)
    official = compute_apl(supply=supply, demand=demand, times=times, params=PARAMS)
    fit = implied_supply(
        official, demand=demand, times=times, params=PARAMS, departments=demo.communes["code_departement"]
    )
    assert fit.report["max_abs_error"] < 1e-4
    assert fit.report["share_within"] == 1.0
    # supply conservation: Σ P̃ APL = Σ S over communes that reach demand
    assert fit.supply.sum() == pytest.approx(float((official * demand).sum()), rel=1e-6)
    assert set(fit.by_department.index) == set(demo.communes["code_departement"])
    # a scenario can start from the implied baseline: its APL is the official one
    base = prepare_baseline(times, demand=demand, supply=fit.supply, params=PARAMS)
    np.testing.assert_allclose(base.apl, official.to_numpy(), atol=1e-4)
    r = evaluate_scenario(base, [OpenMSP(demand.index[0], practitioners=2)])
    assert r.communes["delta_apl"].max() > 0


def test_implied_supply_reports_nan_communes() -> None:
    codes = ["33001", "33002"]
    times = pd.DataFrame({"origin": codes, "destination": codes, "minutes": [0.0, 0.0]})
    with pytest.warns(UserWarning, match="1 commune"):
        fit = implied_supply(
            pd.Series([3.0, np.nan], index=codes), demand=pd.Series(100.0, index=codes), times=times, params=PARAMS
        )
    assert fit.supply.round(6).to_dict() == {"33001": 300.0}


def _region_problem(region: str):
    workbook = shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")
    communes_file = shared_path("communes_cog2024_datasfun", "communes_2024.csv.gz")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        official = read_apl_sheet(workbook, year=2023)
    ref = pd.read_csv(communes_file, dtype={"insee_com": str, "insee_reg": str, "insee_dep": str})
    ref = ref[ref["commune_type"] == "COM"].drop_duplicates("insee_com").set_index("insee_com")
    ref = ref.loc[ref.index.intersection(official.index)].dropna(subset=["lat", "lng"])
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(ref["lng"], ref["lat"]), index=pd.Index(ref.index, name="code_commune"), crs=4326
    ).to_crs(2154)
    times = crow_fly_times(points, max_minutes=20)
    core = ref.index[ref["insee_reg"] == region]
    zone = core.union(pd.Index(times.loc[times["origin"].isin(core), "destination"].unique()))  # region + border
    times = times[times["origin"].isin(zone) & times["destination"].isin(zone)]
    return official.loc[zone], times, core, ref["insee_dep"]


def test_implied_supply_on_the_official_workbook_nouvelle_aquitaine() -> None:
    official, times, core, departments = _region_problem("75")
    fit = implied_supply(
        official["apl"],
        demand=official["standardised_population"].fillna(0.0),
        times=times,
        params=PARAMS,
        report_codes=core,
        departments=departments,
    )
    rep = fit.report
    print(
        f"\nimplied supply, Nouvelle-Aquitaine (APL 2023, crow-fly times): {int(rep['communes'])} communes, "
        f"{rep['seconds']:.1f} s, max {rep['max_abs_error']:.2f}, RMSE {rep['rmse']:.3f}, "
        f"within 0.05: {rep['share_within']:.1%}, top decile share of squared error {rep['top_decile_share_of_squared_error']:.1%}"
    )
    print(fit.by_band.round(3).to_string())
    # measured, not promised: crow-fly times cannot reproduce a road-time APL exactly; bounds well above noise
    assert rep["communes"] == len(core)
    assert rep["rmse"] < 0.8 * rep["mean_official_apl"] / 3  # an RMSE below ~0.27 x mean APL
    assert rep["share_within"] > 0.05
    # the RPPS check in Gironde: implied supply against GP counts per commune
    rpps = pd.read_csv(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"), dtype={"Commune": str})
    gp = rpps[(rpps["Specialite"] == "Spécialiste en Médecine Générale") & (rpps["Etablissement"] == "non")]
    counts = gp.groupby("Commune")["RPPS"].nunique()
    gironde = fit.communes.index[fit.communes.index.str.startswith("33")]
    implied = fit.communes.loc[gironde, "implied_supply"]
    n_gp = counts.reindex(gironde).fillna(0.0)
    pearson, spearman = pearsonr(implied, n_gp)[0], spearmanr(implied, n_gp)[0]
    print(
        f"Gironde: {len(gironde)} communes, {int(n_gp.sum())} GPs (RPPS 2017): Pearson {pearson:.3f}, Spearman {spearman:.3f}"
    )
    # the NNLS may put a commune's supply in a neighbour that reaches the same residents (they are almost
    # interchangeable within a catchment): compare also per bassin de vie (INSEE BV2012)
    app = pd.read_csv(
        shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz"),
        sep=";",
        encoding="latin-1",
        dtype=str,
    )
    bv = app.set_index(app["CODGEO"].str.zfill(5))["BV2012"].str.zfill(5)
    by_bv = pd.DataFrame({"implied": implied, "gp": n_gp, "bv": bv.reindex(gironde)}).dropna().groupby("bv").sum()
    bv_pearson, bv_spearman = pearsonr(by_bv["implied"], by_bv["gp"])[0], spearmanr(by_bv["implied"], by_bv["gp"])[0]
    print(f"Gironde per bassin de vie ({len(by_bv)}): Pearson {bv_pearson:.3f}, Spearman {bv_spearman:.3f}")
    assert pearson > 0.25 and spearman > 0.15
    assert bv_pearson > 0.8 and bv_spearman > 0.5
