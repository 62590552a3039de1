"""Comparing the national zoning with a real published zoning, without regional caps.

The real export of ``../shared/data/zonage_medecins_publie`` (postal code + name, no INSEE code) is
joined to the DREES workbook's communes, border communes found in the neighbouring department; the
computed national selection is compared with the published ZIP and national selection + vivier with ZIP +
ZAC; Cohen's kappa is checked against scikit-learn; the published ZAR is its own crosstab row and is
counted as neither ZIP nor ZAC; the realised caps are checked by hand.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from access_map.zoning import caps_from_zoning, compare_zonings
from conftest import shared_path

WORKBOOK = ("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")
EXPORT = ("zonage_medecins_publie", "zonage_medecins_export.csv.gz")


@pytest.fixture(scope="module")
def apl():
    from access_map.readers.drees import read_apl_sheet

    return read_apl_sheet(shared_path(*WORKBOOK), year=2023)


@pytest.fixture(scope="module")
def published(apl):
    from access_map.readers.zonage import read_zoning

    ref = pd.DataFrame({"code_commune": apl.index, "nom": apl["nom"].to_numpy()})
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return read_zoning(shared_path(*EXPORT), reference=ref)


@pytest.fixture(scope="module")
def national(apl, published):
    from access_map.cog import read_cog_movements
    from access_map.readers.appartenance import read_appartenance
    from access_map.zoning import national_zoning

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return national_zoning(
            apl,
            appartenance=read_appartenance(
                shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
            ),
            movements=read_cog_movements(shared_path("cog_insee", "mouvements_communes_cog2026.csv.gz")),
            compare_with=published,
        )


def test_border_communes_are_found_in_the_neighbouring_department(apl, published):
    # 42620 is a Loire postal code, Saint-Pierre-Laval is in the Allier; 05110 (Hautes-Alpes) serves Claret (04)
    assert published.loc["03250", "libelle_commune"] == "Saint-Pierre-Laval"
    assert published.loc["04058", "libelle_commune"] == "Claret"
    assert "34078" not in published.index or published.loc["34078", "code_postal"] != 5110  # the other Claret
    found = published.attrs["neighbour_matches"]
    assert {"03250", "04058", "91479"} <= set(found["code_commune"])  # 94390 Paray-Vieille-Poste is in the Essonne
    unmatched = published.attrs["unmatched"]
    metro = unmatched[~unmatched["code_postal"].astype(str).str.startswith("97")]
    assert len(metro) < 15  # 57 rows were lost before; the rest: communes absent from the APL, or two neighbours
    assert set(metro.loc[metro["status"] == "ambiguous", "libelle_commune"]) == {"Venterol", "Buxeuil"}


def test_comparison_without_caps_national_selection_and_vivier(national):
    from sklearn.metrics import cohen_kappa_score

    sel = national.selection_comparison
    assert national.result is None and sel is not None
    cm = sel.communes[sel.communes["compared"]]
    for name in ("selection_nationale_zip", "selection_vivier_zip_zac"):
        for region in ("national", "76", "75"):
            part = cm if region == "national" else cm[cm["code_region"] == region]
            row = sel.regions.set_index("code_region").loc[region]
            a, b = part[f"computed_{name}"].to_numpy(), part[f"published_{name}"].to_numpy()
            assert row[f"kappa_communes_{name}"] == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
            assert row[f"kappa_population_{name}"] == pytest.approx(
                cohen_kappa_score(a, b, sample_weight=part["population"].to_numpy()), abs=1e-12
            )
            agree = part["population"][a == b].sum() / part["population"].sum()
            assert row[f"agreement_population_{name}"] == pytest.approx(agree)
    # by hand: national selection = TVS APL <= 2.5; published ZIP from the export
    nat = sel.regions.set_index("code_region").loc["national"]
    expected = national.communes["tvs_apl"].reindex(cm.index) <= 2.5
    assert (cm["computed_selection_nationale_zip"] == expected).all()
    assert 0.5 < nat["agreement_population_selection_vivier_zip_zac"] < 1


def test_zar_is_its_own_row_and_counts_as_neither_zip_nor_zac(national):
    sel = national.selection_comparison
    table = sel.table()
    assert "ZAR" in table.index and table.loc["ZAR"].sum() > 0
    regions = sel.regions.set_index("code_region")
    # 7.3 % of the population nationally, 46 % in Occitanie (the figures)
    assert regions.loc["national", "zar_share"] == pytest.approx(0.073, abs=0.002)
    assert regions.loc["76", "zar_share"] == pytest.approx(0.46, abs=0.01)
    zar = sel.communes[sel.communes["published"] == "ZAR"]
    assert not zar["published_selection_vivier_zip_zac"].any() and not zar["published_selection_nationale_zip"].any()
    cm = sel.communes[sel.communes["compared"] & (sel.communes["published"] != "ZAR")]
    agree = cm["population"][cm["agree_selection_vivier_zip_zac"]].sum() / cm["population"].sum()
    assert regions.loc["national", "agreement_population_excluding_zar_selection_vivier_zip_zac"] == pytest.approx(
        agree
    )


def test_zar_is_a_row_and_a_column_of_the_class_crosstab():
    computed = pd.Series({"a": "ZIP", "b": "ZAC", "c": "HV"})
    published = pd.Series({"a": "1_ZIP", "b": "4_ZAR", "c": "3_HZ"})
    c = compare_zonings(computed, published, population=pd.Series({"a": 1.0, "b": 2.0, "c": 3.0}))
    table = c.table()
    assert "ZAR" in table.index and "ZAR" in table.columns
    assert table.loc["ZAR", "ZAC"] == 2.0 and table["ZAR"].sum() == 0
    row = c.regions.iloc[-1]
    assert row["zar_population"] == 2.0 and row["agreement_population_excluding_zar"] == 1.0
    assert row["agreement_population"] == pytest.approx(4 / 6)


def test_caps_realised_by_a_published_zoning_by_hand():
    pub = pd.Series(
        {"a": "1_ZIP", "b": "2_ZAC", "c": "3_HZ", "d": "4_ZAR", "e": "1_ZIP", "f": "N/A - résultat non disponible"}
    )
    pop = pd.Series({"a": 100.0, "b": 300.0, "c": 500.0, "d": 100.0, "e": 50.0, "f": 50.0})
    reg = pd.Series({"a": "75", "b": "75", "c": "75", "d": "75", "e": "76", "f": "76"})
    caps = caps_from_zoning(pub, population=pop, regions=reg)
    assert caps.loc["75", "zip_cap_share"] == pytest.approx(100 / 1000)
    assert caps.loc["75", "zac_cap_share"] == pytest.approx(300 / 1000)
    assert caps.loc["76", "zip_cap_share"] == pytest.approx(50 / 100)  # the N/A commune counts in the population
    assert "ce ne sont pas les plafonds" in caps.loc["75", "source"]


def test_cli_compare_with_the_real_export_without_caps(tmp_path):
    from access_map.cli import main
    from access_map.readers.zonage import read_zoning_caps

    out = tmp_path / "france"
    args = [
        "zoning", "--apl", str(shared_path(*WORKBOOK)), "--apl-year", "2023",
        "--appartenance", str(shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")),
        "--movements", str(shared_path("cog_insee", "mouvements_communes_cog2026.csv.gz")), "--rules", "2021",
        "--compare-with", str(shared_path(*EXPORT)), "--cog-regions", str(shared_path("cog_insee", "regions.csv")),
        "--output-dir", str(out),
    ]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "without caps: no computed classes" not in result.output
    assert "sélection nationale / ZIP publiés : accord" in result.output
    for name in ("comparaison_selection_regions.csv", "comparaison_selection_croisement.csv",
                 "communes_desaccord.csv", "plafonds_realises.csv"):  # fmt: skip
        assert (out / name).exists()
    from access_map.csv_format import read_csv

    regions = read_csv(out / "comparaison_selection_regions.csv")
    assert set(regions.loc[regions["code_region"] == "76", "nom_region"]) == {"Occitanie"}
    # headers in French for the analyst (the Python API keeps the English names)
    assert {"accord_population_selection_nationale_zip", "population_zar", "communes_comparees"} <= set(regions.columns)
    selection = read_csv(out / "comparaison_selection_communes.csv", index_col="code_commune")
    assert {"publie", "categorie", "calcule_selection_nationale_zip", "accord_selection_vivier_zip_zac"} <= set(
        selection.columns
    )
    assert not [c for c in [*regions.columns, *selection.columns] if "published" in c or "agree" in c]
    wrong = read_csv(out / "communes_desaccord.csv", index_col="code_commune")
    pops = wrong["population"].astype(float).to_numpy()
    assert (np.diff(pops) <= 0).all() and {"nom", "code_tvs", "apl", "classe_calculee", "classe_publiee"} <= set(
        wrong.columns
    )
    caps = read_zoning_caps(out / "plafonds_realises.csv")
    assert 0 < caps.loc["75", "zip_cap_share"] < 1
    page = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Occitanie" in page and "ZAR" in page and "Communes en désaccord" in page
