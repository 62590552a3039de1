"""The committed demo files equal the generator's output; the files follow the official layouts."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from access_map.datasets import load_demo, write_demo
from access_map.datasets.demo import DEMO_FILES, DEMO_SEED, demo_directory
from access_map.readers import annuaire_sante as annuaire
from access_map.readers import finess

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "communes"
GPKG = DEMO_FILES["admin_express"]
TEXT_FILES = sorted(v for v in DEMO_FILES.values() if v != GPKG)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_demo(out, seed=DEMO_SEED)
    return out


@pytest.mark.parametrize("name", TEXT_FILES)
def test_text_files_equal_the_generator_output(regenerated, name):
    fresh = (regenerated / name).read_bytes()
    assert (DATA / name).read_bytes() == fresh, f"data/communes/{name} is stale: run data/communes/generate.py"
    assert (demo_directory() / name).read_bytes() == fresh, f"shipped {name} is stale: run data/communes/generate.py"


def test_geopackage_content_equals_the_generator_output(regenerated):
    """GPKG bytes may depend on the GDAL version (despite the fixed OGR_CURRENT_DATE): compare the content."""
    for committed in (DATA / GPKG, demo_directory() / GPKG):
        layers = [row[0] for row in pyogrio.list_layers(committed)]
        assert layers == [row[0] for row in pyogrio.list_layers(regenerated / GPKG)]
        assert set(layers) == {"commune", "departement", "region", "chflieu_commune"}
        for layer in layers:
            a = gpd.read_file(committed, layer=layer)
            b = gpd.read_file(regenerated / GPKG, layer=layer)
            pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"))
            assert a.geometry.geom_equals_exact(b.geometry, tolerance=0).all()
            assert a.crs.to_epsg() == 2154


def test_every_file_is_listed_and_nothing_else_is_shipped():
    shipped = {p.name for p in demo_directory().iterdir()}
    assert shipped == set(DEMO_FILES.values())
    committed = {p.name for p in DATA.iterdir()}
    assert committed == set(DEMO_FILES.values()) | {"README.md", "generate.py"}


def test_official_headers():
    first = {name: (DATA / name).read_bytes().split(b"\n", 1)[0] for name in TEXT_FILES}
    assert first[DEMO_FILES["cog_communes"]] == b"TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT"
    assert first[DEMO_FILES["cog_departements"]] == b"DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE"
    assert first[DEMO_FILES["cog_regions"]] == b"REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE"
    assert first[DEMO_FILES["populations_legales"]] == b"REG;DEP;COM;PMUN;PCAP;PTOT"
    assert first[DEMO_FILES["population_by_age"]].startswith(b"CODGEO;LIBGEO;ageq_rec01s1rp2021;")
    assert first[DEMO_FILES["population_by_age"]].count(b"ageq_rec") == 40
    assert first[DEMO_FILES["activity"]] == (
        b"identifiant_pp;code_commune;profession;actes;age;nouvel_installe;centre_sante;etp;part_activite;nom"
    )
    annuaire = first[DEMO_FILES["annuaire"]].decode("utf-8")
    assert annuaire.startswith("Type d'identifiant PP|Identifiant PP|Identification nationale PP|")
    assert "|Code commune (coord. structure)|" in annuaire and annuaire.endswith("|")
    assert first[DEMO_FILES["finess"]].startswith(b"finess;etalab;")
    finess = (DATA / DEMO_FILES["finess"]).read_bytes()
    assert "Maison de santé".encode("latin-1") in finess  # Latin-1, as the official extraction
    assert first[DEMO_FILES["cpts"]] == b"id_cpts;nom_cpts;statut;date_signature_aci;code_commune"
    assert first[DEMO_FILES["zoning"]] == b"code_commune;libelle_commune;code_tvs;zonage"
    assert first[DEMO_FILES["tvs"]] == b"code_commune;code_tvs;libelle_tvs"
    assert first[DEMO_FILES["qpv"]] == b"code_qpv;libelle_qpv;code_commune;population"
    assert first[DEMO_FILES["caps"]] == b"code_region;part_max_zip;part_max_zac"


def test_annuaire_file_reads_back_to_the_activity_gps():
    """The Annuaire santé file (R's reader) lists the same GP practice sites as the activity file."""
    structures = finess.read_finess(DATA / DEMO_FILES["finess"])
    # with the FINESS table, salaried GPs at a centre de santé (124) are kept and flagged
    sites = annuaire.read_annuaire_sante(DATA / DEMO_FILES["annuaire"], finess=structures)
    demo = load_demo()
    gp = demo.practitioners[demo.practitioners["profession"] == "medecin_generaliste"]
    assert set(zip(sites["practitioner_id"], sites["code_commune"])) == set(
        zip(gp["practitioner_id"], gp["code_commune"])
    )
    assert set(sites.loc[sites["health_centre"], "practitioner_id"]) == set(
        gp.loc[gp["health_centre"], "practitioner_id"]
    )
    # GPs working in an MSP carry its FINESS number
    msp = set(demo.msp.loc[demo.msp["categorie"] == "603", "finess"])
    in_msp = sites[sites["finess_site"].isin(msp)]
    assert in_msp["finess_site"].nunique() == len(msp)


def test_another_seed_gives_another_territory_that_loads(tmp_path):
    write_demo(tmp_path, seed=7)
    other = load_demo(directory=tmp_path)
    shipped = load_demo()
    assert 400 <= len(other.communes) <= 800
    assert not other.communes["nom"].equals(shipped.communes["nom"])
    assert other.label == shipped.label
