"""The refresh on real official files (issue 11, build point 3): Gironde and a whole region, end to end.

The configurations are written at test time from ../shared/data (never copied into the repository):
contours of the communes (COG 2018), chefs-lieux (1/1/2020), populations légales 2016 (COG 2018), DREES
standardised population 2016, the 2017 RPPS extraction of Gironde (GP sites without activity, imputed at
5,400 acts, the DREES figure for a GP without previous activity). Every figure checked here is recomputed
independently from the files with pandas/json, or compared with the published DREES APL.
"""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from real_territory import write_refresh_config as _write_config

from access_map import csv_format
from access_map.cli import main
from conftest import SHARED_DATA, shared_path

DATA = SHARED_DATA


def _run(config: Path):
    result = CliRunner().invoke(main, ["refresh", "--config", str(config)])
    assert result.exit_code == 0, result.output
    out = config.parent / "out"
    return result.output, json.loads((out / "provenance.json").read_text(encoding="utf-8")), out, config.parent / "maps"


def _contour_codes() -> list[str]:
    with gzip.open(DATA / "communes_geojson_2018" / "communes_2018.geojson.gz", "rt", encoding="utf-8") as fh:
        return [f["properties"]["code"] for f in json.load(fh)["features"]]


def _no_hidden_warning(console: str, prov: dict, out: Path) -> None:
    """Every data warning of the run is on the console and in the report (issue 11, observation 6)."""
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert prov["warnings"], "the real files do raise warnings: none recorded means they were lost"
    for message in prov["warnings"]:
        assert f"Attention : {message}" in console
        assert html.escape(message) in report
    assert f"Avertissements sur les données ({len(prov['warnings'])})" in report
    assert console.count("Attention : ") == len(prov["warnings"])


@pytest.fixture(scope="module")
def gironde(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gironde")
    return _run(_write_config(tmp, name="gironde", selection='departements = ["33"]'))


def test_gironde_tables_match_the_files(gironde):
    console, prov, out, _ = gironde
    apl = csv_format.read_csv(out / "apl_communes.csv")
    codes = sorted(c for c in _contour_codes() if c.startswith("33"))
    assert apl["code_commune"].tolist() == codes and len(codes) == 538
    pops = pd.read_csv(DATA / "population_legale_insee" / "pop_legales_2016_cog2018_communes.csv.gz", dtype=str)
    pops = pops[pops["Code département"] == "33"]
    assert apl["population"].sum() == pops["Population municipale"].astype(float).sum()  # 1,566,679 (RP 2016)
    std = pd.read_csv(
        DATA / "drees_population_standardisee" / "population_standardisee_mg.csv.gz", dtype={"code_commune": str}
    )
    std = std[(std["annee_population"] == 2016) & std["code_commune"].isin(codes)]
    assert apl["medecin_generaliste__demande"].sum() == pytest.approx(std["pop_standardisee"].sum(), rel=1e-12)
    # imputed supply: 5,400 acts per distinct GP of the file with a site outside establishments (the DREES APL does
    # not count establishment activity; every site of the 2017 extraction is in Gironde)
    rpps = pd.read_csv(DATA / "rpps_gironde_2017" / "rpps_gironde_2017_mg_neuro.csv", dtype=str)
    gp_rows = rpps["Specialite"] == "Spécialiste en Médecine Générale"
    gps = rpps.loc[gp_rows & (rpps["Etablissement"] == "non"), "RPPS"].nunique()
    assert gps == 977 == rpps.loc[gp_rows, "RPPS"].nunique() - 243
    assert apl["medecin_generaliste__offre_imputee"].sum() == pytest.approx(5400 * gps)
    assert f"Activité imputée : {gps} médecins généralistes" in console
    # the GPs left out are counted on the console and in the report (issue 20, point 5)
    counted = "243 médecins généralistes exerçant uniquement en établissement (colonne Etablissement = oui) sont exclus"
    assert f"Note : rpps_gironde_2017_mg_neuro.csv : {counted}" in console
    assert html.escape(counted) in (out / "rapport.html").read_text(encoding="utf-8")
    assert apl["medecin_generaliste__apl"].between(0, 20).all()
    dep = csv_format.read_csv(out / "apl_mg_departements.csv")
    assert dep["code_departement"].tolist() == ["33"]


def test_gironde_apl_follows_the_published_drees_apl(gironde):
    """With crow-fly times, a partial GP list (RPPS 2017 'spécialistes en médecine générale') and imputed
    activity, the commune ranking still follows DREES's APL 2022 (measured Spearman 0.52; 2023: 0.55)."""
    from access_map.readers.drees import read_apl_sheet

    _, _, out, _ = gironde
    ours = csv_format.read_csv(out / "apl_communes.csv").set_index("code_commune")
    published = read_apl_sheet(
        shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx"), year=2022
    )
    common = ours.index.intersection(published.index)
    assert len(common) >= 530
    rho = ours.loc[common, "medecin_generaliste__apl"].corr(published.loc[common, "apl"], method="spearman")
    assert rho > 0.45


def test_gironde_maps_report_and_no_hidden_warning(gironde):
    console, prov, out, maps = gironde
    for name in ("apl_medecin_generaliste.html", "apl_medecin_generaliste.png", "apl_medecin_generaliste.tif"):
        assert (maps / name).stat().st_size > 0, name
    page = (maps / "apl_medecin_generaliste.html").read_text(encoding="utf-8")
    assert "Bordeaux" in page and "Périgueux" not in page  # context communes computed, not drawn
    assert (maps / "apl_medecin_generaliste.html").stat().st_size < 5e6
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert "département(s) 33 (538 communes)" in report
    _no_hidden_warning(console, prov, out)
    # one of them: the 2016 standardised population lacks communes of the COG 2018 contours around Gironde
    assert any("sans population standardisée" in w for w in prov["warnings"])
    assert len(prov["inputs"]) == 6


def test_a_whole_region(tmp_path):
    """Nouvelle-Aquitaine (region 75): every commune of its twelve departements; practitioners only in Gironde,
    declared partial (without it the run stops: tests/test_supply_coverage.py)."""
    config = _write_config(tmp_path, name="nouvelle_aquitaine", selection='regions = ["75"]', supply="partial = true")
    console, prov, out, maps = _run(config)
    deps = pd.read_csv(DATA / "cog_insee" / "departements.csv", dtype=str)
    region_deps = set(deps.loc[deps["REG"] == "75", "DEP"])
    assert len(region_deps) == 12
    expected = sorted(c for c in _contour_codes() if c[:2] in region_deps)
    apl = csv_format.read_csv(out / "apl_communes.csv")
    assert apl["code_commune"].tolist() == expected and len(expected) == 4_405
    assert set(apl["code_departement"]) == region_deps
    pops = pd.read_csv(DATA / "population_legale_insee" / "pop_legales_2016_cog2018_communes.csv.gz", dtype=str)
    assert apl["population"].sum() == pops.loc[pops["Code région"] == "75", "Population municipale"].astype(float).sum()
    gironde = apl["code_departement"] == "33"
    assert (
        apl.loc[gironde, "medecin_generaliste__apl"].mean() > 1 > apl.loc[~gironde, "medecin_generaliste__apl"].mean()
    )
    assert (maps / "apl_medecin_generaliste.html").stat().st_size < 15e6
    assert (out / "rapport.html").exists() and (maps / "apl_medecin_generaliste.png").exists()
    _no_hidden_warning(console, prov, out)
