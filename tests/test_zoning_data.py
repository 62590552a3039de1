"""Zoning on the demo territory and on an APL computed from real Gironde inputs.

Demo: APL ≤65 computed with ``access_map.apl`` on crow-fly times between the demo
chefs-lieux, TVS/caps/QPV/previous zoning of the demo (fictional).

Gironde (real inputs, ``../shared/data``; skipped when absent):

* supply — RPPS 2017 practice sites of "Spécialiste en Médecine Générale" outside
  hospitals (``Etablissement == "non"``); the extract has no activity, so every GP is
  given the 5,400 acts DREES imputes to new GPs, split equally across his sites;
* demand — DREES standardised population 2016 (the APL 2018 demand);
* times — crow-fly model 2.0 + 1.32 × km between representative points of the
  COG 2018 commune polygons (``communes_geojson_2018``), Gironde only (no supply or
  demand across the department border);
* TVS — **stand-in**: the real TVS composition is not in ``../shared/data``, so the
  communes are grouped by canton (``Code canton`` of the populations légales 2016
  file; city pseudo-cantons such as Bordeaux's become one-commune units);
* population — populations légales 2016 (population municipale); region 75;
* caps — hypothetical 20 % (ZIP) and 40 % (ZAC) of the Gironde population (the real
  Nouvelle-Aquitaine caps are not in the data), Gironde treated as the whole region.

The figures are therefore illustrative, not the official zoning.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from access_map import apl as apl_mod
from access_map import datasets, travel
from access_map.zoning import ZoningRules, compute_zoning, zoning_diff
from conftest import shared_path

# --------------------------------------------------------------------------- demo


@pytest.fixture(scope="module")
def demo_zoning():
    demo = datasets.load_demo()
    params = apl_mod.APLParams.drees_mg(2023, max_age=65)
    demand = apl_mod.standardised_population(demo.population_by_age, weights=params.age_weights)
    times = travel.crow_fly_times(demo.chefs_lieux, max_minutes=params.max_minutes)
    supply = apl_mod.supply_from_activity(demo.practitioners, params=params)
    apl = apl_mod.compute_apl(supply=supply, demand=demand, times=times, params=params)
    communes = demo.communes[["population", "code_region"]].assign(apl_65=apl, standardised_population=demand)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = compute_zoning(communes, tvs=demo.tvs, caps=demo.zoning_caps, apl_column="apl_65", qpv=demo.qpv)
    return demo, communes, z, apl_mod


def test_demo_zoning(demo_zoning):
    demo, communes, z, apl_mod = demo_zoning
    # every commune of the demo is zoned, with a valid class and DREES code
    assert len(z.communes) == len(demo.communes)
    assert set(z.communes["zonage"]) <= {"ZIP", "ZAC", "ZV", "HV"}
    assert set(z.communes["drees_code"]) <= {"1_ZIP", "2_ZAC", "5_ZV", "6_HZ"}
    # TVS APL agrees with the APL engine's own territory aggregation
    agg = apl_mod.aggregate_apl(
        communes["apl_65"], weights=communes["standardised_population"], groups=demo.tvs["code_tvs"]
    )
    mine = z.tvs.set_index("code_tvs")["apl"]
    np.testing.assert_allclose(mine.sort_index().to_numpy(), agg["apl"].sort_index().to_numpy(), rtol=1e-12)
    # national selection = exactly the TVS with APL <= 2.5
    assert set(z.tvs.loc[z.tvs["subclass"] == "ZIP_A", "code_tvs"]) == set(mine.index[mine <= 2.5])
    # caps: the default policy adds nothing beyond them (ZIP above the cap only if ZIP A alone is)
    r = z.report.regions.iloc[0]
    assert z.report.ok
    assert r["zip_population"] <= max(r["zip_limit"], r["national_selection_population"]) + 1e-6
    assert r["zac_population"] <= r["zac_limit"] + 1e-6
    # class populations add up to the regional population
    assert z.tvs["population"].sum() == pytest.approx(demo.communes["population"].sum())
    assert r[["zip_population", "zac_population", "zv_population", "hv_population"]].sum() == pytest.approx(
        r["population"]
    )
    # diff with the previous zoning of the demo: population is conserved across transitions
    d = zoning_diff(demo.previous_zoning["zonage"], z.communes["zonage"], population=demo.communes["population"])
    assert d.crosstab().to_numpy().sum() == pytest.approx(demo.communes["population"].sum())
    assert d.summary.query("code_region == 'national'")["share_after"].sum() == pytest.approx(1.0)


def _zoning_with_qpv_override(demo, communes, code_qpv, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compute_zoning(
            communes,
            tvs=demo.tvs,
            caps=demo.zoning_caps,
            apl_column="apl_65",
            qpv=demo.qpv,
            qpv_selection=pd.Series({code_qpv: "ZIP"}),
            **kw,
        )


def test_demo_qpv_in_a_vivier_tvs_can_be_zip(demo_zoning):
    """No demo QPV lies in a vivier TVS: put one there by setting its TVS's communes to APL 3.0 (2.5 < 3 <= 4)."""
    demo, communes, _, _ = demo_zoning
    code_qpv, commune = demo.qpv[["code_qpv", "code_commune"]].iloc[-1]
    tvs_code = demo.tvs.loc[commune, "code_tvs"]
    members = demo.tvs.index[demo.tvs["code_tvs"] == tvs_code]
    moved = communes.assign(apl_65=communes["apl_65"].where(~communes.index.isin(members), 3.0))
    z = _zoning_with_qpv_override(demo, moved, code_qpv, rules=ZoningRules.arrete_2017())
    row = z.qpv[z.qpv["code_qpv"] == code_qpv].iloc[0]
    assert row["drees_code"] == "3_QPV_ZIP"
    assert z.communes.loc[commune, "qpv_drees_code"] == "3_QPV_ZIP"
    assert "qpv_outside_vivier" not in z.report.errors["rule"].tolist()


def test_demo_qpv_outside_the_vivier(demo_zoning):
    """A QPV of a hors-vivier TVS (APL > 4, read from the test's own APL) set to ZIP: refused by the 2017 reading,
    allowed by DREES's application (2021 rules: no vivier condition on QPV)."""
    demo, communes, _, _ = demo_zoning
    pop = communes["standardised_population"]
    tvs_apl = (communes["apl_65"] * pop).groupby(demo.tvs["code_tvs"]).sum() / pop.groupby(demo.tvs["code_tvs"]).sum()
    outside = demo.qpv[demo.qpv["code_commune"].map(demo.tvs["code_tvs"]).map(tvs_apl) > 4.0]
    assert len(outside), "the demo has QPV in hors-vivier TVS"
    code_qpv = outside["code_qpv"].iloc[0]
    z2017 = _zoning_with_qpv_override(demo, communes, code_qpv, rules=ZoningRules.arrete_2017())
    assert "qpv_outside_vivier" in z2017.report.errors["rule"].tolist()
    z2021 = _zoning_with_qpv_override(demo, communes, code_qpv, rules=ZoningRules.revision_2021())
    assert "qpv_outside_vivier" not in z2021.report.errors["rule"].tolist()
    assert z2021.qpv.set_index("code_qpv").loc[code_qpv, "drees_code"] == "3_QPV_ZIP"


# --------------------------------------------------------------------------- Gironde


@pytest.fixture(scope="module")
def gironde():
    import geopandas as gpd

    rpps = pd.read_csv(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"), dtype=str)
    std = pd.read_csv(
        shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz"),
        dtype={"code_commune": str, "annee_population": int},
    )
    legal = pd.read_csv(shared_path("population_legale_insee", "pop_legales_2016_cog2018_communes.csv.gz"), dtype=str)
    geo_path = shared_path("communes_geojson_2018", "communes_2018.geojson.gz")
    geo = gpd.read_file(f"/vsigzip/{geo_path}", where="code LIKE '33%'")

    legal = legal[legal["Code département"] == "33"].copy()
    legal["code_commune"] = "33" + legal["Code commune"]
    legal = legal.set_index("code_commune")
    population = pd.to_numeric(legal["Population municipale"].str.replace(" ", "")).astype(float)
    canton = "33-" + legal["Code canton"]

    demand = std[(std["annee_population"] == 2016) & std["code_commune"].str.startswith("33")]
    demand = demand.set_index("code_commune")["pop_standardisee"].astype(float)

    gps = rpps[(rpps["Specialite"] == "Spécialiste en Médecine Générale") & (rpps["Etablissement"] == "non")]
    sites = gps.groupby("RPPS")["Commune"].transform("size")
    supply = (5400.0 / sites).groupby(gps["Commune"]).sum()

    points = geo.set_index("code").to_crs(2154)
    points = gpd.GeoDataFrame(geometry=points.representative_point(), crs=2154)
    points.index.name = "code_commune"
    common = points.index.intersection(demand.index).intersection(legal.index)
    times = travel.crow_fly_times(points.loc[common], max_minutes=20.0)
    params = apl_mod.APLParams.drees_mg(2023)
    n_supply_communes = len(supply)
    supply = supply[supply.index.isin(common)]
    apl = apl_mod.compute_apl(supply=supply, demand=demand.loc[common], times=times, params=params)
    communes = pd.DataFrame(
        {
            "apl": apl,
            "standardised_population": demand.loc[common],
            "population": population.loc[common],
            "code_region": "75",
        }
    )
    communes.index.name = "code_commune"
    caps = pd.DataFrame({"zip_cap_share": [0.20], "zac_cap_share": [0.40]}, index=pd.Index(["75"], name="code_region"))
    z = compute_zoning(communes, tvs=canton.loc[common], caps=caps, rules=ZoningRules.arrete_2017())
    return dict(
        communes=communes,
        canton=canton.loc[common],
        supply=supply,
        z=z,
        legal=legal,
        n_geo=len(geo),
        n_supply_communes=n_supply_communes,
    )


def test_gironde_inputs_match(gironde):
    # COG 2018 polygons and 2016 legal populations: the 538 Gironde communes of COG 2018.
    # The DREES 2016 standardised population lacks 3 of them (COG vintage of the DREES file):
    # they are left out of this run (no demand, no APL).
    assert gironde["n_geo"] == 538 and len(gironde["legal"]) == 538
    missing = sorted(set(gironde["legal"].index) - set(gironde["communes"].index))
    assert missing == ["33092", "33267", "33338"]
    # every commune of practice of the RPPS extract is kept
    assert len(gironde["supply"]) == gironde["n_supply_communes"]


def test_gironde_apl_conserves_supply(gironde):
    # every commune reaches itself (0 min) and has demand, so Σ P̃_i · APL_i = Σ S_j
    c = gironde["communes"]
    assert (c["apl"] * c["standardised_population"]).sum() == pytest.approx(gironde["supply"].sum(), rel=1e-9)


def test_gironde_zoning(gironde):
    c, canton, z = gironde["communes"], gironde["canton"], gironde["z"]
    # independent TVS APL: numpy weighted mean per canton
    codes, inv = np.unique(canton.loc[c.index].to_numpy(), return_inverse=True)
    w = c["standardised_population"].to_numpy()
    expected = np.bincount(inv, weights=w * c["apl"].to_numpy()) / np.bincount(inv, weights=w)
    got = z.tvs.set_index("code_tvs").loc[codes, "apl"].to_numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    national = set(codes[expected <= 2.5])
    assert set(z.tvs.loc[z.tvs["subclass"] == "ZIP_A", "code_tvs"]) == national
    assert set(z.tvs.loc[z.tvs["category"] == "hors_vivier", "code_tvs"]) == set(codes[expected > 4])
    r = z.report.regions.iloc[0]
    # Gironde population municipale 2016 of the communes kept (summed from the file, not by the code under test)
    total = pd.to_numeric(gironde["legal"].loc[c.index, "Population municipale"]).sum()
    assert r["population"] == pytest.approx(total)
    assert r["zip_population"] <= max(0.20 * total, r["national_selection_population"]) + 1e-6
    assert r["zac_population"] <= 0.40 * total + 1e-6
    # plausibility: the Gironde GP APL of this supply is a few consultations per inhabitant
    mean = (c["apl"] * c["standardised_population"]).sum() / c["standardised_population"].sum()
    assert 2.0 < mean < 6.0
