"""Conformance of every reader that has a real file in ../shared/data (issue 11, build point 1).

Each reader's output is compared with an independent read of the same file (pandas ``read_csv`` / the
``json`` module, never the package's readers): row counts, sums and a sample of values, and figures
published in the files' SOURCES.md. The DREES APL workbook has its own module
(``test_conformance_drees.py``); the INSEE table d'appartenance is checked in ``test_zoning_national.py``.
"""

from __future__ import annotations

import gzip
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from access_map.cog import read_cog_movements
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.annuaire_sante import read_rpps_2017
from access_map.readers.barometre import read_barometre
from access_map.readers.drees import read_standardised_population
from access_map.readers.ign import read_chefs_lieux, read_geojson_contours
from access_map.readers.insee import (
    read_cog_communes,
    read_cog_departements,
    read_cog_regions,
    read_populations_legales,
)
from access_map.territory import read_commune_points, read_practitioners
from conftest import shared_path


def _quiet(func, *args, **kwargs):
    """Call a reader and return (table, warnings raised)."""
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = func(*args, **kwargs)
    return out, [str(w.message) for w in rec]


# --------------------------------------------------------------------------- DREES standardised population


def test_standardised_population_matches_pandas():
    path = shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz")
    ref = pd.read_csv(path, dtype={"code_commune": str})
    for year in (2014, 2016, 2020, 2021):
        table, _ = _quiet(read_standardised_population, path, year=year)
        sub = ref[ref["annee_population"] == year].dropna(subset=["pop_standardisee"]).set_index("code_commune")
        assert len(table) == len(sub) and table.index.is_unique
        assert table["standardised_population"].sum() == pytest.approx(sub["pop_standardisee"].sum(), rel=1e-12)
        assert table["population"].sum() == pytest.approx(sub["pop_totale"].sum(), rel=1e-12)  # 0 in 2014/2016
        sample = sub.sample(100, random_state=year).index
        np.testing.assert_array_equal(table.loc[sample, "standardised_population"], sub.loc[sample, "pop_standardisee"])
        assert (table.loc[sample, "nom"] == sub.loc[sample, "commune"]).all()
    # 2021 standardised population = the APL 2023 sheet's (same source, SOURCES.md): 67,408,052 inhabitants
    t2021, _ = _quiet(read_standardised_population, path, year=2021)
    assert t2021["population"].sum() == 67_408_052


# --------------------------------------------------------------------------- INSEE COG


def test_cog_communes_departements_regions_match_pandas():
    communes_path = shared_path("cog_insee", "communes_cog2026.csv.gz")
    ref = pd.read_csv(communes_path, dtype=str)
    assert len(ref) == 37_496  # SOURCES.md
    every, _ = _quiet(read_cog_communes, communes_path, typecom=("COM", "ARM"))
    sub = ref[ref["TYPECOM"].isin(["COM", "ARM"])].set_index("COM")
    assert len(every) == len(sub) and set(every.index) == set(sub.index)
    sample = sub.sample(300, random_state=1).index
    assert (every.loc[sample, "nom"] == sub.loc[sample, "LIBELLE"]).all()  # LIBELLE, not its NCCENR fallback
    assert (every.loc[sample, "code_departement"] == sub.loc[sample, "DEP"]).all()
    assert (every.loc[sample, "code_region"] == sub.loc[sample, "REG"].str.zfill(2)).all()
    assert (every.loc[sample, "code_canton"].fillna("") == sub.loc[sample, "CAN"].fillna("")).all()
    com, _ = _quiet(read_cog_communes, communes_path)
    assert len(com) == int((ref["TYPECOM"] == "COM").sum())
    assert drop_report(com).reasons == {
        f"TYPECOM non retenu ({t})": int(n)
        for t, n in ref.loc[ref["TYPECOM"] != "COM", "TYPECOM"].value_counts().items()
    }

    deps_path = shared_path("cog_insee", "departements.csv")
    deps_ref = pd.read_csv(deps_path, dtype=str).set_index("DEP")
    deps = read_cog_departements(deps_path)
    assert len(deps) == len(deps_ref) == 101
    assert (deps["nom"] == deps_ref.loc[deps.index, "LIBELLE"]).all()
    assert (deps["code_region"] == deps_ref.loc[deps.index, "REG"].str.zfill(2)).all()
    assert (deps["cheflieu"] == deps_ref.loc[deps.index, "CHEFLIEU"]).all()
    regs_path = shared_path("cog_insee", "regions.csv")
    regs_ref = pd.read_csv(regs_path, dtype=str)
    regs = read_cog_regions(regs_path)
    assert len(regs) == len(regs_ref) == 18
    assert sorted(regs["nom"]) == sorted(regs_ref["LIBELLE"])


def test_cog_movements_match_pandas():
    path = shared_path("cog_insee", "mouvements_communes_cog2026.csv.gz")
    ref = pd.read_csv(path, dtype=str)
    mv = read_cog_movements(path)
    assert len(mv) == len(ref) == 13_734
    assert mv["mod"].sum() == ref["MOD"].astype(int).sum()
    assert (mv.groupby("mod").size() == ref.groupby(ref["MOD"].astype(int)).size()).all()
    assert set(zip(mv["com_av"], mv["com_ap"], strict=True)) == set(zip(ref["COM_AV"], ref["COM_AP"], strict=True))
    assert mv["date_eff"].min() == pd.Timestamp(ref["DATE_EFF"].min())


# --------------------------------------------------------------------------- INSEE populations légales

# SOURCES.md: PMUN of mainland France 65,096,768 (2019), 65,505,213 (2021), 66,165,815 (2023)
POPULATIONS = {
    "pop_legales_2016_cog2018_communes.csv.gz": (35_382, None),
    "pop_legales_2019_cog2021.csv.gz": (34_990, 65_096_768),
    "pop_legales_2021_cog2023.csv.gz": (34_970, 65_505_213),
    "pop_legales_2023_cog2025.csv.gz": (34_900, 66_165_815),
}


@pytest.mark.parametrize("name", sorted(POPULATIONS))
def test_populations_legales_match_pandas_and_the_published_totals(name):
    path = shared_path("population_legale_insee", name)
    rows, mainland = POPULATIONS[name]
    table, _ = _quiet(read_populations_legales, path)
    if name.startswith("pop_legales_2016"):
        ref = pd.read_csv(path, dtype=str)
        ref["COM"] = ref["Code département"].str.slice(0, 2) + ref["Code commune"].str.zfill(3)
        ref = ref.rename(
            columns={
                "Population municipale": "PMUN",
                "Population totale": "PTOT",
                "Code région": "REG",
                "Nom de la commune": "NOM",
            }
        )
    else:
        ref = pd.read_csv(path, dtype=str, sep=";")
        ref = ref.rename(columns={"Commune": "NOM"})
    assert len(ref) == rows and len(table) == rows
    ref = ref.set_index("COM")
    pmun = ref["PMUN"].str.replace(" ", "").astype(float)
    assert table["population_municipale"].sum() == pmun.sum()
    assert table["population_totale"].sum() == ref["PTOT"].str.replace(" ", "").astype(float).sum()
    if mainland is not None:
        overseas = table["code_departement"].str.startswith("97")
        assert table.loc[~overseas, "population_municipale"].sum() == mainland
    sample = ref.sample(200, random_state=rows).index
    np.testing.assert_array_equal(table.loc[sample, "population_municipale"], pmun[sample])
    assert (table.loc[sample, "code_region"] == ref.loc[sample, "REG"].str.zfill(2)).all()
    if "NOM" in ref.columns and "nom" in table.columns:
        assert (table.loc[sample, "nom"] == ref.loc[sample, "NOM"].str.strip()).all()


# --------------------------------------------------------------------------- IGN / france-geojson contours


def _geojson(name: str) -> list[dict]:
    with gzip.open(shared_path("communes_geojson_2018", name), "rt", encoding="utf-8") as fh:
        return json.load(fh)["features"]


@pytest.mark.parametrize(
    ("name", "level", "count"),
    [
        ("communes_2018.geojson.gz", "commune", 35_357),
        ("departements-avec-outre-mer.geojson.gz", "departement", 101),
        ("regions-avec-outre-mer.geojson.gz", "region", 18),
    ],
)
def test_geojson_contours_match_the_json(name, level, count):
    features = _geojson(name)
    table, _ = _quiet(read_geojson_contours, shared_path("communes_geojson_2018", name), level=level)
    assert len(features) == len(table) == count  # SOURCES.md
    props = {f["properties"]["code"]: f["properties"]["nom"] for f in features}
    assert set(table.index) == set(props)
    assert all(table.loc[c, "nom"] == n for c, n in list(props.items())[:: max(1, count // 300)])
    assert table.crs.to_epsg() == 4326
    if level == "commune":
        # vertices are unchanged: the number of exterior-ring points of a sample of polygons
        for f in features[:: count // 50]:
            if f["geometry"]["type"] == "Polygon":
                n = len(f["geometry"]["coordinates"][0])
                assert len(table.loc[f["properties"]["code"], "geometry"].exterior.coords) == n
        dep = table["code_departement"]
        assert (dep == [c[:3] if c.startswith("97") else c[:2] for c in table.index]).all()


# --------------------------------------------------------------------------- chefs-lieux


def test_chefs_lieux_match_the_json():
    path = shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    assert len(features) == 38_256
    with_point = {f["properties"]["cinseea"]: f for f in features if f["geometry"] is not None}
    absent = [f for f in features if f["geometry"] is None]
    assert len(absent) == 111 and {f["properties"]["source"] for f in absent} == {"absent"}  # SOURCES.md
    # six points carry pre-1976 Corsican codes (communes absorbed before the 2A/2B split): the chefs-lieux
    # reader keeps them (the file's own content), the points reader of the APL drops and counts them
    legacy = sorted(c for c in with_point if c.startswith("20"))
    assert legacy == ["20044", "20076", "20151", "20237", "20294", "20325"]
    for reader, dropped_legacy in ((read_chefs_lieux, 0), (read_commune_points, 6)):
        with pytest.warns(SourceWarning, match=f"{111 + dropped_legacy} lignes écartées"):
            table = reader(path)
        assert len(table) == len(with_point) - dropped_legacy == 38_145 - dropped_legacy
        reasons = dict(drop_report(table).reasons)
        assert reasons.pop("sans géométrie") == 111 and sum(reasons.values()) == dropped_legacy
        for code, f in [(c, f) for c, f in with_point.items() if c not in legacy][::700]:
            x, y = f["geometry"]["coordinates"]
            assert (table.loc[code].geometry.x, table.loc[code].geometry.y) == (x, y)
            assert table.loc[code, "nom"] == f["properties"]["dlnom"]


# --------------------------------------------------------------------------- RPPS 2017


def test_rpps_2017_matches_pandas():
    path = shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")
    ref = pd.read_csv(path, dtype=str)
    assert len(ref) == 1_495 and (ref["Specialite"] == "Spécialiste en Médecine Générale").sum() == 1_414
    table, _ = _quiet(read_rpps_2017, path, exclude_establishments=False)  # every GP row
    gp = ref[ref["Specialite"] == "Spécialiste en Médecine Générale"]
    assert table.attrs["selection"] == {"other specialty": len(ref) - len(gp)}
    # a practice site = (FINESS, raison sociale); the same site listed twice for a practitioner is dropped, reported
    site = ["RPPS", "Commune", "FINESS", "RaisonSociale"]
    dup = gp.fillna({"FINESS": ""}).duplicated(site)
    assert drop_report(table).reasons == (
        {"ligne praticien × site en double exact": int(dup.sum())} if dup.any() else {}
    )
    gp = gp[~dup.to_numpy()]
    # one row per (practitioner, commune); shares = sites in the commune / sites of the practitioner
    pairs = gp.groupby(["RPPS", "Commune"]).size()
    sites = gp.groupby("RPPS").size()
    assert len(table) == len(pairs) and table["practitioner_id"].nunique() == len(sites)
    got = table.set_index(["practitioner_id", "code_commune"])["share"]
    expected = pairs / sites.reindex(pairs.index.get_level_values(0)).to_numpy()
    np.testing.assert_allclose(got.loc[expected.index].to_numpy(), expected.to_numpy())
    assert table.groupby("practitioner_id")["share"].sum().round(12).eq(1).all()
    etab = gp.assign(e=gp["Etablissement"] == "oui").groupby(["RPPS", "Commune"])["e"].any()
    assert (table.set_index(["practitioner_id", "code_commune"])["etablissement"].loc[etab.index] == etab).all()
    assert table["acts"].isna().all() and set(table["profession"]) == {"medecin_generaliste"}
    # the territory loader recognises the layout from its header and gives the same table
    via_loader, _ = _quiet(read_practitioners, path, include_establishments=True)
    pd.testing.assert_frame_equal(via_loader.reset_index(drop=True), table.reset_index(drop=True))


# --------------------------------------------------------------------------- Baromètre


@pytest.mark.parametrize(
    "name", ["ind-311.csv", "ind-312.csv", "ind-318.csv", "ind-587.csv", "ind-589.csv", "ind-679.csv"]
)
def test_barometre_matches_pandas(name):
    path = shared_path("barometre_ditp_sante", name)
    ref = pd.read_csv(path, dtype=str)
    numbers = ["indic_vi", "indic_va", "indic_vc", "indic_ta"]
    empty = ref[numbers].isna().all(axis=1)
    table, _ = _quiet(read_barometre, path)
    assert len(table) == int((~empty).sum()) - int(ref[~empty].duplicated().sum())
    for src, col in (
        ("indic_va", "value"),
        ("indic_vi", "initial"),
        ("indic_vc", "target"),
        ("indic_ta", "progress_pct"),
    ):
        assert table[col].sum() == pytest.approx(pd.to_numeric(ref[src]).sum(), rel=1e-12), col
    observed = pd.to_numeric(ref["indic_va"]).fillna(pd.to_numeric(ref["indic_vi"]))
    assert table["observed"].sum() == pytest.approx(observed.sum(), rel=1e-12)
    levels = {"DEPT": "departement", "REG": "region", "NAT": "nation"}
    assert table["level"].value_counts().to_dict() == ref.loc[~empty, "maille"].map(levels).value_counts().to_dict()
    row = ref[~empty].sample(1, random_state=3).iloc[0]
    zone = row["enforce_zone_id"]
    code = "FR" if zone == "FRANCE" else zone[1:]
    when = pd.Timestamp(row["metric_enforce_date"])
    got = table[(table["code"] == code) & (table["date"] == when) & (table["level"] == levels[row["maille"]])]
    assert len(got) == 1
    for src, col in (("indic_va", "value"), ("indic_vi", "initial")):
        if pd.notna(row[src]):
            assert got[col].iloc[0] == pytest.approx(float(row[src]))
