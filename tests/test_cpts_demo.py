"""CPTS coverage and MSP disparities on the (fictional) demo territory, checked against direct pandas computations."""

from __future__ import annotations

import warnings

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import cpts as C
from access_map import datasets
from access_map import msp as M
from access_map.inequality import gini


@pytest.fixture(scope="module")
def demo():
    return datasets.load_demo()


def test_demo_cpts_coverage_matches_direct_computation(demo):
    communes, cpts = demo.communes, demo.cpts
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the demo CPTS list is clean: no warning expected
        nat = C.coverage(cpts, communes, level="nation").loc["FR"]
    covered = set(cpts["code_commune"])
    expected = communes.loc[communes.index.isin(covered), "population"].sum()
    assert nat["covered_population"] == pytest.approx(expected)
    assert nat["population"] == pytest.approx(communes["population"].sum())
    dep = C.coverage(cpts, communes, level="departement")
    assert dep["covered_population"].sum() == pytest.approx(expected)
    # signed only, at the end of 2021: CPTS whose contract date is <= 2021-12-31
    reg = cpts.groupby("id_cpts").first()
    signed_ids = reg[(reg["statut"] == C.SIGNED) & (reg["date_signature"] <= "2021-12-31")].index
    sub = set(cpts.loc[cpts["id_cpts"].isin(signed_ids), "code_commune"])
    got = C.coverage(cpts, communes, level="nation", statuses=C.SIGNED, date="2021-12-31").loc["FR"]
    assert got["covered_population"] == pytest.approx(communes.loc[communes.index.isin(sub), "population"].sum())


def test_demo_cpts_table_and_perimeters(demo):
    communes, cpts = demo.communes, demo.cpts
    t = C.cpts_table(cpts, communes)
    direct = (
        cpts.drop_duplicates(["id_cpts", "code_commune"])
        .assign(pop=lambda d: d["code_commune"].map(communes["population"]))
        .groupby("id_cpts")["pop"]
        .sum()
    )
    assert t["population"].to_dict() == pytest.approx(direct.to_dict())
    assert set(t["taille"].dropna()) <= {1, 2, 3, 4}
    per = C.cpts_perimeters(cpts, communes)
    assert per.crs.to_epsg() == 2154 and len(per) == cpts["id_cpts"].nunique()
    first = per.index[0]
    codes = cpts.loc[cpts["id_cpts"] == first, "code_commune"].unique()
    assert per.loc[first, "geometry"].area == pytest.approx(communes.loc[codes].geometry.area.sum(), rel=1e-6)
    g = C.with_geometry(C.coverage(cpts, communes, level="departement"), demo.departements)
    assert g["nom"].notna().all()


def test_demo_msp_counts_and_inequality(demo):
    communes, msp = demo.communes, demo.msp
    t = M.structure_counts(pd.DataFrame(msp.drop(columns="geometry")), communes, level="departement")
    m603 = msp[msp["categorie"].astype(str) == "603"]
    direct = m603["code_commune"].map(communes["code_departement"]).value_counts()
    assert t["n_structures"].to_dict() == direct.reindex(t.index).fillna(0).astype(int).to_dict()
    pop = communes.groupby("code_departement")["population"].sum()
    assert t["per_100k"].to_dict() == pytest.approx((1e5 * direct / pop).reindex(t.index).fillna(0).to_dict())
    d = M.disparities(t.reset_index(), weight_column=None)
    assert d["gini"].iloc[0] == pytest.approx(gini(t["per_100k"].to_numpy()))
    z = M.zoning_shares(pd.DataFrame(msp.drop(columns="geometry")), communes, demo.previous_zoning)
    assert z.loc["total", "n_structures"] == len(m603)
    assert z.loc["total", "population"] == pytest.approx(communes["population"].sum())


def test_demo_cli_on_shipped_files(tmp_path):
    d = datasets.demo_directory()
    from access_map.cli import main

    res = CliRunner().invoke(
        main,
        [
            "cpts",
            "--cpts",
            str(d / "cpts.csv"),
            "--communes",
            str(d / "populations_legales.csv"),
            "--geometry",
            str(d / "admin_express_demo.gpkg"),
            "--zoning",
            str(d / "zonage_precedent.csv"),
            "--out",
            str(tmp_path / "cpts"),
            "--no-progress",
        ],
    )
    assert res.exit_code == 0, res.output
    per = gpd.read_file(tmp_path / "cpts" / "cpts_perimetres.gpkg", layer="cpts")
    assert len(per) == 8 and {"id_cpts", "taille", "population"} <= set(per.columns)
    res = CliRunner().invoke(
        main,
        [
            "msp",
            "--structures",
            str(d / "finess_etalab_demo.csv"),
            "--communes",
            str(d / "populations_legales.csv"),
            "--out",
            str(tmp_path / "msp"),
            "--no-progress",
        ],
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "msp" / "structures_departement.csv").exists()
