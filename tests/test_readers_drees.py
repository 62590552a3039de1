"""DREES readers: APL sheets, Paramètres sheet (rebuilt from the real cells), standardised populations."""

from __future__ import annotations

import csv

import numpy as np
import openpyxl
import pandas as pd
import pytest

from access_map.errors import AmbiguousColumnError, InvalidValueError, SourceError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.drees import (
    apl_sheet_years,
    read_apl_parameters,
    read_apl_sheet,
    read_standardised_population,
)
from access_map.schema import AGE_BANDS
from conftest import shared_path

HEADER = [
    "Code commune INSEE",
    "Commune",
    "APL aux médecins généralistes",
    "APL aux médecins généralistes de 65 ans et moins ",
    "APL aux médecins généralistes de 62 ans et moins",
    "APL aux médecins généralistes de 60 ans et moins",
    "Population standardisée 2021 pour la médecine générale",
    "Population totale 2021",
]


def _apl_workbook(path, *, years=(2022, 2023)):
    wb = openpyxl.Workbook()
    wb.active.title = "Paramètres"
    for year in years:
        ws = wb.create_sheet(f"APL {year}")
        ws.append([f"Accessibilité potentielle localisée (APL) aux médecins généralistes en {year}"])
        ws.append(["Unité : nombre de consultations/visites accessibles par habitant standardisé"])
        ws.append([])
        ws.append(HEADER)
        ws.append([None, None, "consultations par an et par habitant standardisé"])  # units row
        ws.append(["01001", "L'Abergement-Clémenciat", 2.5, 2.25, 2.0, 1.5, 800.25, 832])
        ws.append([1004, "Ambérieu-en-Bugey", 3.75, 3.5, 3.0, 2.5, 14000.5, 14514])  # code stored as a number
        ws.append(["2A004", "Ajaccio", 4.0, 3.9, 3.8, 3.7, 70000.0, 72000])
        ws.append(["97101", "Les Abymes", None, None, None, None, 50000.0, 53000])  # no APL value
        ws.append([])
        ws.append(["Lecture : en 2023, les habitants de L'Abergement-Clémenciat ont accès à 2,5 consultations..."])
        ws.append(["Source : SNIIR-AM, Cnam ; populations, Insee ; distancier Metric, Insee ; traitements Drees."])
    wb.save(path)
    return path


def test_apl_sheet_layout(tmp_path):
    p = _apl_workbook(tmp_path / "apl_mg.xlsx")
    assert apl_sheet_years(p) == [2022, 2023]
    t = read_apl_sheet(p, year=2023)
    assert t.index.tolist() == ["01001", "01004", "2A004", "97101"]
    assert t.columns.tolist() == ["nom", "apl", "apl_65", "apl_62", "apl_60", "standardised_population", "population"]
    assert t.loc["01001"].tolist() == ["L'Abergement-Clémenciat", 2.5, 2.25, 2.0, 1.5, 800.25, 832.0]
    assert np.isnan(t.loc["97101", "apl"]) and t.loc["97101", "population"] == 53000.0
    assert t.attrs["year"] == 2023
    assert t.attrs["columns"]["apl_65"] == "APL aux médecins généralistes de 65 ans et moins"
    # 4 title rows are above the header; below it: units row, blank, 2 notes (a blank row is not counted: readers
    # differ on the trailing blank rows of a sheet)
    assert t.attrs["selection"] == {"title, unit or note row": 3}
    assert drop_report(t).total == 0


def test_apl_sheet_errors(tmp_path):
    p = _apl_workbook(tmp_path / "apl_mg.xlsx")
    with pytest.raises(SourceError, match=r"plusieurs feuilles 'APL AAAA'.*year= parmi 2022, 2023"):
        read_apl_sheet(p)
    with pytest.raises(SourceError, match=r"pas de feuille 'APL 2019' ; millésimes disponibles : 2022, 2023"):
        read_apl_sheet(p, year=2019)
    single = _apl_workbook(tmp_path / "one.xlsx", years=(2021,))
    assert read_apl_sheet(single).attrs["year"] == 2021
    wb = openpyxl.Workbook()
    wb.active.title = "APL 2020"
    wb.active.append(["pas un en-tête"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(SourceError, match="aucune ligne d'en-tête avec une cellule 'Code commune'"):
        read_apl_sheet(tmp_path / "bad.xlsx")
    (tmp_path / "not.xlsx").write_text("not a workbook")
    with pytest.raises(SourceError, match="not.xlsx comme un classeur xlsx"):
        read_apl_sheet(tmp_path / "not.xlsx")


def test_apl_sheet_other_profession_and_known_communes(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "APL 2022"
    ws.append(["APL aux infirmières"])
    ws.append(["Code commune INSEE", "Commune", "APL aux infirmières", "Population standardisée 2020"])
    ws.append(["33063", "Bordeaux", 150.5, 200000.0])
    ws.append(["33318", "Pessac", 120.0, 60000.0])
    wb.save(tmp_path / "inf.xlsx")
    with pytest.warns(SourceWarning, match="commune absente du référentiel des communes : 1"):
        t = read_apl_sheet(tmp_path / "inf.xlsx", known_communes={"33063"})
    assert t.to_dict("index") == {"33063": {"nom": "Bordeaux", "apl": 150.5, "standardised_population": 200000.0}}


def test_parametres_sheet_rebuilt_from_the_real_cells(tmp_path):
    cells = shared_path("apl_methode_parametres_drees", "parametres_apl_mg_2022_2023.csv")
    expected = pd.read_csv(shared_path("apl_methode_parametres_drees", "poids_age_mg_2022_2023.csv"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Paramètres"
    with open(cells, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            # numbers are numbers in the real workbook: write them as such when they parse
            out = []
            for v in row:
                try:
                    out.append(float(v))
                except ValueError:
                    out.append(v if v != "" else None)
            ws.append(out)
    path = tmp_path / "apl_generalistes.xlsx"  # temporary, never committed
    wb.save(path)
    p = read_apl_parameters(path)
    assert p.age_weights.index.tolist() == list(AGE_BANDS)
    assert p.age_labels.tolist() == expected["tranche_age"].tolist()
    np.testing.assert_array_equal(p.age_weights[2022].to_numpy(), expected["poids_2022"].to_numpy())
    np.testing.assert_array_equal(p.age_weights[2023].to_numpy(), expected["poids_2023"].to_numpy())
    # methods.md: < 10 min -> 1; 10-15 -> 2/3; 15-20 -> 1/3; > 20 -> 0
    assert p.decay["weight"].tolist() == pytest.approx([1, 2 / 3, 1 / 3, 0])
    assert p.decay["max_minutes"].tolist()[:3] == [10, 15, 20]
    # < 250 -> 0; 251-3,600 -> 3,600; 3,601-6,000 -> actual (NaN); > 6,000 -> 6,000
    b = p.activity_bounds
    assert b["max_acts"].tolist()[:3] == [250, 3600, 6000]
    assert b["counted_acts"].tolist()[:2] == [0, 3600] and np.isnan(b["counted_acts"].iloc[2])
    assert b["counted_acts"].iloc[3] == 6000
    assert p.new_practitioner_acts == 5400
    assert p.field_text.startswith("Omnipraticiens libéraux")
    # the sheet name is matched without accents too
    assert read_apl_parameters(path, sheet="Parametres").age_weights.shape == (19, 2)


def test_parametres_errors(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Paramètres"
    wb.active.append(["rien"])
    wb.save(tmp_path / "p.xlsx")
    with pytest.raises(SourceError, match="pas de feuille 'Feuil1'"):
        read_apl_parameters(tmp_path / "p.xlsx", sheet="Feuil1")
    with pytest.raises(Exception, match="aucune table de poids par âge"):
        read_apl_parameters(tmp_path / "p.xlsx")


def test_standardised_population_real_counts():
    path = shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz")
    with pytest.warns(SourceWarning, match="commune sans population standardisée : 1.*76601 \\(2014\\)"):
        long = read_standardised_population(path)
    # SOURCES.md: 34,832 communes in 2014 and 2016, 34,964 in 2020, 34,954 in 2021;
    # Saint-Lucien (76601) has an empty value in 2014: dropped and reported
    assert long.groupby("annee_population").size().to_dict() == {2014: 34831, 2016: 34832, 2020: 34964, 2021: 34954}
    assert drop_report(long).reasons == {"commune sans population standardisée": 1}
    t = read_standardised_population(path, year=2021)
    assert len(t) == 34954 and t.index.is_unique
    assert t.loc["01001", "nom"] == "L'Abergement-Clémenciat"
    assert t["population"].notna().all()  # pop_totale given for 2020 and 2021
    with pytest.warns(SourceWarning):
        assert read_standardised_population(path, year=2014)["population"].isna().all()
    assert "75101" in t.index and "97411" in t.index  # PLM arrondissements and DROM from 2020 on
    # the standardised population is of the order of the total population (weights average ~1)
    ratio = t["standardised_population"].sum() / t["population"].sum()
    assert 0.9 < ratio < 1.1
    with pytest.raises(
        InvalidValueError, match=r"aucune population pour l'année 2019 ; années disponibles : 2014, 2016, 2020, 2021"
    ):
        read_standardised_population(path, year=2019)


def _one_sheet(path, header, row):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "APL 2023"
    ws.append(["Indicateur d'accessibilité potentielle localisée (APL) 2023 aux médecins généralistes"])
    ws.append(header)
    ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "label",
    [
        "APL aux médecins généralistes de moins de 65 ans",  # the 2022-2023 workbook
        "APL aux médecins généralistes de 65 ans et moins",
        "APL aux médecins généralistes âgés de 65 ans ou moins",
    ],
)
def test_every_spelling_of_the_65_variant_is_read(tmp_path, label):
    p = _one_sheet(tmp_path / "a.xlsx", ["Code commune INSEE", "APL aux médecins généralistes", label], ["33063", 3, 2])
    t = read_apl_sheet(p)
    assert t.columns.tolist() == ["apl", "apl_65"] and t.loc["33063"].tolist() == [3.0, 2.0]


def test_two_headers_for_one_column_is_an_error_naming_both(tmp_path):
    header = ["Code commune INSEE", "APL aux médecins généralistes", "APL aux médecins généralistes "]
    p = _one_sheet(tmp_path / "a.xlsx", header, ["33063", 3, 2])
    with pytest.raises(
        AmbiguousColumnError, match=r"'APL aux médecins généralistes' et 'APL aux médecins généralistes'"
    ):
        read_apl_sheet(p)
    header = ["Code commune INSEE", "APL 65 ans et moins", "APL aux médecins de moins de 65 ans"]
    with pytest.raises(AmbiguousColumnError, match="correspondent toutes deux à 'apl_65'"):
        read_apl_sheet(_one_sheet(tmp_path / "b.xlsx", header, ["33063", 3, 2]))


def test_an_unreadable_age_clause_is_an_error_not_the_all_ages_apl(tmp_path):
    header = ["Code commune INSEE", "APL aux médecins généralistes", "APL aux médecins généralistes de 65 à 70 ans"]
    with pytest.raises(
        SourceError, match="impossible de lire la restriction d'âge de la colonne d'APL 'APL aux médecins"
    ):
        read_apl_sheet(_one_sheet(tmp_path / "a.xlsx", header, ["33063", 3, 2]))


def test_an_unknown_column_is_kept_and_announced(tmp_path):
    header = ["Code commune INSEE", "APL aux médecins généralistes", "Quartile d'APL"]
    with pytest.warns(SourceWarning, match=r"colonne\(s\) \"Quartile d'APL\" non reconnue\(s\) ; elles sont gardées"):
        t = read_apl_sheet(_one_sheet(tmp_path / "a.xlsx", header, ["33063", 3, "Q1"]))
    assert t.to_dict("index") == {"33063": {"apl": 3.0, "Quartile d'APL": "Q1"}}
