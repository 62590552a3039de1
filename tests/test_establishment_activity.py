"""GPs practising only in an establishment are not supply of the DREES APL (issue 20, point 5).

The 2017 RPPS extraction of Gironde flags the activities in a FINESS establishment (hospitals, clinics); the DREES
APL counts liberal and centre-de-santé activity only, so those GPs are left out by default (an option keeps them) and
counted in the messages. The figures are checked against an independent read of the file (pandas) and an
independent APL: a plain pandas/scipy E2SFCA on the same crow-fly model, written here without the package.
"""

from __future__ import annotations

import gzip
import json
import re

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from pyproj import Transformer
from scipy.spatial import cKDTree

from access_map import csv_format
from access_map.cli import main
from access_map.config import parse_config
from conftest import shared_path

GP = "Spécialiste en Médecine Générale"


def _rpps() -> pd.DataFrame:
    return pd.read_csv(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"), dtype=str)


def _independent_supply(*, establishments: bool) -> pd.Series:
    """5,400 acts per GP split over his practice sites (a site = FINESS + raison sociale; exact duplicate lines once),
    summed per commune; without ``establishments`` the sites flagged Etablissement = oui are not sites."""
    gp = _rpps()
    gp = gp[gp["Specialite"] == GP].fillna({"FINESS": "", "RaisonSociale": ""})
    gp = gp.drop_duplicates(["RPPS", "Commune", "FINESS", "RaisonSociale"])
    if not establishments:
        gp = gp[gp["Etablissement"] == "non"]
    share = 1.0 / gp.groupby("RPPS")["RPPS"].transform("size")
    return (5400.0 * share).groupby(gp["Commune"]).sum()


def _independent_gironde_mean(supply: pd.Series) -> float:
    """Demand-weighted mean APL of Gironde: E2SFCA with minutes = 2 + 1.32 x km between chefs-lieux (Lambert-93),
    DREES steps 1 (< 10 min), 2/3 (< 15), 1/3 (< 20), DREES standardised population 2021 as demand."""
    pop = pd.read_csv(
        shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz"), dtype={"code_commune": str}
    )
    demand = pop[pop["annee_population"] == 2021].set_index("code_commune")["pop_standardisee"].astype(float)
    with gzip.open(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz"), "rt", encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    points = {
        f["properties"]["cinseea"]: f["geometry"]["coordinates"]
        for f in features
        if f["geometry"] is not None and f["properties"]["cinseea"] in demand.index
    }
    codes = sorted(c for c in points if not c.startswith("97"))  # mainland and Corsica: Lambert-93
    lon, lat = np.array([points[c] for c in codes]).T
    x, y = Transformer.from_crs(4326, 2154, always_xy=True).transform(lon, lat)
    xy = np.column_stack([x, y]) / 1000.0
    pairs = cKDTree(xy).query_pairs((20.0 - 2.0) / 1.32, output_type="ndarray")
    i = np.concatenate([pairs[:, 0], pairs[:, 1], np.arange(len(codes))])
    j = np.concatenate([pairs[:, 1], pairs[:, 0], np.arange(len(codes))])
    minutes = 2.0 + 1.32 * np.hypot(*(xy[i] - xy[j]).T)
    minutes[i == j] = 0.0
    weight = np.select([minutes < 10, minutes < 15, minutes < 20], [1.0, 2 / 3, 1 / 3], 0.0)
    p = demand.reindex(codes).to_numpy()
    s = supply.reindex(codes).fillna(0.0).to_numpy()
    reached = np.bincount(j, weights=weight * p[i], minlength=len(codes))  # demand reached by each practice
    ratio = np.divide(s, reached, out=np.zeros_like(s), where=reached > 0)
    apl = pd.Series(np.bincount(i, weights=weight * ratio[j], minlength=len(codes)), index=codes)
    gironde = demand[demand.index.str.startswith("33")]
    return float((apl.reindex(gironde.index).fillna(0.0) * gironde).sum() / gironde.sum())


def test_the_file_has_243_establishment_only_gps():
    gp = _rpps()
    gp = gp[gp["Specialite"] == GP]
    flags = (gp["Etablissement"] == "oui").groupby(gp["RPPS"]).agg(["all", "any"])
    assert len(flags) == 1220
    assert int(flags["all"].sum()) == 243  # practise only in an establishment
    assert int((flags["any"] & ~flags["all"]).sum()) == 53  # also in an establishment


@pytest.fixture(scope="module")
def gironde_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("establishments")
    base = [
        "apl",
        "--supply",
        str(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")),
        "--impute-activity",
        "--population",
        str(shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz")),
        "--population-kind",
        "standardised",
        "--population-year",
        "2021",
        "--points",
        str(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")),
        "--departement",
        "33",
    ]
    runs = {}
    for name, extra in (("default", []), ("included", ["--include-establishments"])):
        out = tmp / f"{name}.csv"
        result = CliRunner().invoke(main, [*base, *extra, "--output", str(out)])
        assert result.exit_code == 0, result.output
        runs[name] = (result.output, csv_format.read_csv(out, index_col="code_commune"))
    return runs


def _mean(table: pd.DataFrame) -> float:
    return float((table["apl"] * table["demand"]).sum() / table["demand"].sum())


def test_establishment_only_gps_are_left_out_by_default_and_counted(gironde_runs):
    console, table = gironde_runs["default"]
    assert "243 médecins généralistes exerçant uniquement en établissement" in console
    assert "sont exclus de l'offre" in console and "53 autres médecins exercent aussi en établissement" in console
    assert "Activité imputée : 977 médecins généralistes" in console  # 1,220 - 243
    supply = table["supply"]
    expected = _independent_supply(establishments=False).reindex(table.index).fillna(0.0)
    np.testing.assert_allclose(supply.to_numpy(), expected.to_numpy(), rtol=1e-5)
    included = gironde_runs["included"][1]["supply"]
    expected = _independent_supply(establishments=True).reindex(table.index).fillna(0.0)
    np.testing.assert_allclose(included.to_numpy(), expected.to_numpy(), rtol=1e-5)
    assert "sont gardés dans l'offre, à la demande" in gironde_runs["included"][0]


def test_gironde_mean_moves_as_an_independent_apl_says(gironde_runs):
    default, included = _mean(gironde_runs["default"][1]), _mean(gironde_runs["included"][1])
    assert default == pytest.approx(_independent_gironde_mean(_independent_supply(establishments=False)), rel=1e-4)
    assert included == pytest.approx(_independent_gironde_mean(_independent_supply(establishments=True)), rel=1e-4)
    # measured: 3.97 with the establishment-only GPs, 3.18 without them (issue 20)
    assert round(included, 2) == 3.97 and round(default, 2) == 3.18
    printed = re.search(r"apl : moyenne pondérée par la demande ([0-9,]+)", gironde_runs["default"][0])
    assert printed is not None and float(printed.group(1).replace(",", ".")) == pytest.approx(default, abs=1e-3)


def test_refresh_configuration_option():
    cfg = parse_config({"name": "x", "sources": {"demo": True}, "supply": {"include_establishments": True}})
    assert (
        cfg.supply.include_establishments
        and not parse_config({"name": "x", "sources": {"demo": True}}).supply.include_establishments
    )
