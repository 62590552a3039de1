"""Real files: the INSEE table d'appartenance (conformance), the bassin-de-vie TVS proxy and the national
zoning from the official DREES workbook (``../shared/data``; skipped locally without it, never on CI)."""

from __future__ import annotations

import gzip
import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest

from access_map.cog import read_cog_movements
from access_map.readers.appartenance import read_appartenance
from access_map.zoning import (
    ZoningRules,
    national_zoning,
    regions_from_appartenance,
    tvs_apl,
    tvs_from_bassins_de_vie,
)
from conftest import shared_path

APPARTENANCE = ("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
WORKBOOK = ("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")
MOVEMENTS = ("cog_insee", "mouvements_communes_cog2026.csv.gz")


@pytest.fixture(scope="module")
def appartenance():
    return read_appartenance(shared_path(*APPARTENANCE))


@pytest.fixture(scope="module")
def independent():
    """The same file read with plain pandas, zeros restored here with widths written independently."""
    with gzip.open(shared_path(*APPARTENANCE), "rt", encoding="cp1252") as fh:
        raw = pd.read_csv(fh, sep=";", dtype=str, keep_default_na=False)
    widths = {"CODGEO": 5, "DEP": 2, "REG": 2, "ARR": 3, "CV": 4, "ZE2020": 4, "UU2020": 5, "AAV2020": 3,
              "BV2012": 5, "TDUU2017": 2, "TDAAV2017": 2}  # fmt: skip
    for col, width in widths.items():
        raw[col] = raw[col].map(lambda v, w=width: v.zfill(w) if v.isdigit() else v)
    return raw.set_index("CODGEO")


@pytest.fixture(scope="module")
def workbook_2023():
    """APL 2023 sheet read with openpyxl only: code -> (name, apl, apl_65, standardised population, population)."""
    wb = openpyxl.load_workbook(shared_path(*WORKBOOK), read_only=True, data_only=True)
    rows = [r for r in wb["APL 2023"].iter_rows(values_only=True)]
    wb.close()
    head = next(i for i, r in enumerate(rows) if r[0] == "Code commune INSEE")
    body = [r[:6] for r in rows[head + 2 :] if isinstance(r[0], str) and len(r[0]) == 5]
    df = pd.DataFrame(body, columns=["code", "nom", "apl", "apl_65", "standardised_population", "population"])
    return df.set_index("code")


# --------------------------------------------------------------------------- table d'appartenance


def test_appartenance_conformance(appartenance, independent):
    t = appartenance
    assert len(t) == len(independent) == 34955
    assert t.index.tolist() == independent.index.tolist()
    headers = t.attrs["columns"]
    assert len(headers) == len(independent.columns) + 1  # every column read (CODGEO as index), none dropped
    for col, header in headers.items():
        if col == "code_commune":
            continue
        np.testing.assert_array_equal(t[col].to_numpy(dtype=str), independent[header].to_numpy(dtype=str), err_msg=col)
    # values checked by hand in the file
    assert t.loc["01001", ["code_departement", "code_region", "code_canton_ville", "code_bassin_vie"]].tolist() == [
        "01", "84", "0108", "01093"
    ]  # fmt: skip
    assert t.loc["2A004", ["code_departement", "code_region", "code_bassin_vie"]].tolist() == ["2A", "94", "2A004"]
    assert t.loc["97411", ["code_departement", "code_region"]].tolist() == ["974", "04"]
    assert t.loc["13055", "code_unite_urbaine"] == "00759" and t.loc["75056", "code_canton_ville"] == "75ZZ"
    # codes have their full width; a bassin de vie (2012) is coded by its pole commune: all are communes of the
    # 2022 table but three poles merged since 2012
    assert t["code_departement"].str.len().min() == 2 and t["code_region"].str.len().eq(2).all()
    bv = set(t["code_bassin_vie"]) - {"ZZZZZ"}
    assert sorted(bv - set(t.index)) == ["22007", "35129", "49313"] and len(bv) == 1663  # + ZZZZZ (Mayotte)
    assert t.attrs["restored_zeros"]["code_commune"] == 3143  # communes of departments 01-09


# --------------------------------------------------------------------------- TVS proxy


def test_tvs_from_bassins_de_vie_on_the_real_files(appartenance, workbook_2023):
    population = workbook_2023["population"].astype(float)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tvs = tvs_from_bassins_de_vie(appartenance, population=population)
    # the four communes of the 2024 COG unknown to the 2022 table are their own TVS, with a warning
    assert tvs.attrs["unmatched"] == ["27676", "60694", "85165", "85212"]
    assert any("4 communes absentes de la table d'appartenance" in str(w.message) for w in caught)
    # with the COG events they join their former commune's bassin
    mvt = read_cog_movements(shared_path(*MOVEMENTS))
    tvs = tvs_from_bassins_de_vie(appartenance, population=population, movements=mvt)
    assert tvs.attrs["remapped"] == {"27676": "27058", "60694": "60054", "85165": "85084", "85212": "85084"}
    assert tvs.attrs["unmatched"] == []
    assert tvs.loc["85165", "code_tvs"] == tvs.loc["85212", "code_tvs"] == tvs.loc["85084", "code_tvs"]
    assert len(tvs) == len(workbook_2023)
    # the 45 arrondissements alone
    arr = tvs[tvs["kind"] == "arrondissement"]
    assert len(arr) == 45 and (arr.index == arr["code_tvs"]).all()
    assert tvs.loc["75105", "libelle_tvs"] == "Paris 5e arrondissement"
    assert tvs.loc["69381", "libelle_tvs"] == "Lyon 1er arrondissement"
    # an independent computation of the bassins above 50,000 inhabitants with several cantons-villes
    t = appartenance
    own = population[~population.index.str.match(r"^(751|6938|132)")]
    bv = t["code_bassin_vie"].reindex(own.index)
    plm_pop = population[population.index.str.match(r"^(751|6938|132)")]
    city = {"751": "75056", "693": "69123", "132": "13055"}
    plm_bv = pd.Series([t.at[city[c[:3]], "code_bassin_vie"] for c in plm_pop.index], index=plm_pop.index)
    bv_pop = pd.concat([own.groupby(bv).sum(), plm_pop.groupby(plm_bv).sum()]).groupby(level=0).sum()
    cvs = t["code_canton_ville"].reindex(own.index).groupby(bv).nunique()
    expected = sorted(b for b in cvs.index if bv_pop[b] > 50_000 and cvs[b] > 1)
    assert tvs.attrs["split_bassins"] == expected
    # a small bassin stays whole: L'Abergement-Clémenciat is in the bassin 01093; Bordeaux is split
    assert tvs.loc["01001", "code_tvs"] == "01093" and tvs.loc["33063", "code_tvs"] == "33063-3397"
    # the threshold is a parameter: a higher one splits fewer bassins
    fewer = tvs_from_bassins_de_vie(appartenance, population=population, movements=mvt, threshold_population=200_000)
    assert len(fewer.attrs["split_bassins"]) < len(expected)
    assert fewer["code_tvs"].nunique() < tvs["code_tvs"].nunique()


def test_regions_from_appartenance(appartenance, workbook_2023):
    mvt = read_cog_movements(shared_path(*MOVEMENTS))
    reg = regions_from_appartenance(workbook_2023.index, appartenance, movements=mvt)
    assert reg.notna().all()
    assert reg[["75101", "69381", "13201", "97411", "2A004", "60694"]].tolist() == ["11", "84", "93", "04", "94", "32"]


# --------------------------------------------------------------------------- national zoning


@pytest.fixture(scope="module")
def national(appartenance):
    mvt = read_cog_movements(shared_path(*MOVEMENTS))
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return national_zoning(shared_path(*WORKBOOK), year=2023, appartenance=appartenance, movements=mvt)


def test_national_selection_and_vivier_without_caps(national, workbook_2023):
    n = national
    assert n.result is None and n.sources["apl_column"] == "apl_65"
    assert len(n.communes) == len(workbook_2023) == 34954
    # TVS APL = the standardised-population-weighted mean of the ≤65 APL, recomputed from the openpyxl read
    wb = workbook_2023
    mine = n.categories["apl"]
    theirs = tvs_apl(wb["apl_65"].astype(float), weights=wb["standardised_population"].astype(float),
                     tvs=n.tvs["code_tvs"])["apl"]  # fmt: skip
    pd.testing.assert_series_equal(mine, theirs, check_names=False)
    # categories from the thresholds 2.5 / 4
    cat = n.categories["category"]
    assert (cat[mine <= 2.5] == "national_selection").all() and (cat[mine > 4] == "hors_vivier").all()
    # national shares: population per category over the total population, from the workbook columns
    pop = wb["population"].astype(float)
    tvs_cat = n.tvs["code_tvs"].map(cat)
    nat = n.regions.set_index("code_region").loc["national"]
    for c in ("national_selection", "vivier", "hors_vivier"):
        assert nat[f"{c}_population"] == pytest.approx(float(pop[tvs_cat.reindex(pop.index) == c].sum()))
    assert nat["population"] == pytest.approx(float(pop.sum()))
    # 18 regions (17 + the national row); the zero-population communes are reported, not an error
    assert len(n.regions) == 18
    zero = n.categories.attrs["zero_weight_communes"]
    assert sorted(zero) == ["60694", "85165", "85212"] and n.categories.attrs["zero_weight_tvs"] == []
    assert any("3 communes sans population standardisée (poids 0 : 60694, 85165, 85212)" in note for note in n.notes)


def test_national_zoning_with_caps_and_a_comparison(appartenance, national):
    regions = sorted(national.communes["code_region"].unique())
    caps = pd.DataFrame({"zip_cap_share": 0.3, "zac_cap_share": 0.4}, index=pd.Index(regions, name="code_region"))
    # a "published" zoning built from the national categories: national selection ZIP, vivier ZAC, rest HZ
    cat = national.communes["category"]
    published = cat.map({"national_selection": "1_ZIP", "vivier": "2_ZAC", "hors_vivier": "3_HZ"}).fillna(
        "N/A - résultat non disponible"
    )
    n = national_zoning(
        national.communes[["apl", "standardised_population", "population", "code_region"]].rename(
            columns={"apl": "apl_65"}
        ),
        tvs=national.tvs,
        caps=caps,
        rules=ZoningRules.revision_2021(),
        compare_with=published,
    )
    z = n.result
    assert z is not None and len(z.communes) == len(national.communes)
    regs = z.report.regions.set_index("code_region")
    # a policy never breaks a cap: every overrun is a warning (national selection alone, or inherited classes)
    assert z.report.ok
    over = regs[regs["zip_share_percent"] > 30.0].index
    assert set(over) <= set(z.report.violations.loc[z.report.violations["rule"].str.contains("zip"), "code_region"])
    # the comparison: national selection ZIP agrees everywhere; ZV/HV become HZ (the published vocabulary)
    c = n.comparison
    assert c is not None and c.harmonised
    t = c.table()
    nat_sel = national.regions.set_index("code_region").loc["national", "national_selection_population"]
    assert t.loc["ZIP", "ZIP"] == pytest.approx(nat_sel) and t.loc["ZIP"].drop("ZIP").sum() == 0
    nat = c.regions.set_index("code_region").loc["national"]
    assert 0 < nat["kappa_population"] < 1 and 0 < nat["agreement_population"] < 1
    # with the COG events, the three communes without population are in populated TVS: all compared
    assert nat["not_compared_communes"] == 0 and nat["compared_communes"] == 34954
