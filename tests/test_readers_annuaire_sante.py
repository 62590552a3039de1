"""Annuaire santé readers: hand-made file in the official PS_LibreAcces layout + real RPPS 2017 extract."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from access_map.errors import InvalidValueError, MissingColumnError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.annuaire_sante import read_annuaire_sante, read_rpps_2017
from access_map.schema import PRACTITIONER_COLUMNS
from conftest import shared_path

# Official header of PS_LibreAcces_Personne_activite (annuaire.sante.fr), with the trailing '|'.
HEADER = (
    "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|"
    "Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|Code profession|"
    "Libellé profession|Code catégorie professionnelle|Libellé catégorie professionnelle|Code type savoir-faire|"
    "Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|Code mode exercice|Libellé mode exercice|"
    "Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|Numéro FINESS établissement juridique|"
    "Identifiant technique de la structure|Raison sociale site|Enseigne commerciale site|"
    "Complément destinataire (coord. structure)|Complément point géographique (coord. structure)|"
    "Numéro Voie (coord. structure)|Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
    "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|Mention distribution (coord. structure)|"
    "Bureau cedex (coord. structure)|Code postal (coord. structure)|Code commune (coord. structure)|"
    "Libellé commune (coord. structure)|Code pays (coord. structure)|Libellé pays (coord. structure)|"
    "Téléphone (coord. structure)|Téléphone 2 (coord. structure)|Télécopie (coord. structure)|"
    "Adresse e-mail (coord. structure)|Code Département (structure)|Libellé Département (structure)|"
    "Ancien identifiant de la structure|Autorité d'enregistrement|Code secteur d'activité|"
    "Libellé secteur d'activité|Code section tableau pharmaciens|Libellé section tableau pharmaciens|"
)
COLUMNS = HEADER.rstrip("|").split("|")


def _row(pp, prof, sf_code, sf_label, mode, commune, *, finess="", site="", rs="CABINET", nom="DUPONT"):
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        {
            "Type d'identifiant PP": "8",
            "Identifiant PP": pp,
            "Identification nationale PP": "8" + pp,
            "Nom d'exercice": nom,
            "Prénom d'exercice": "Élodie",
            "Code profession": prof,
            "Code savoir-faire": sf_code,
            "Libellé savoir-faire": sf_label,
            "Code mode exercice": mode,
            "Numéro FINESS site": finess,
            "Identifiant technique de la structure": site,
            "Raison sociale site": rs,
            "Code commune (coord. structure)": commune,
        }
    )
    return "|".join(values[c] for c in COLUMNS) + "|"


ROWS = [
    # GP liberal, two sites in two communes -> shares 1/2, 1/2
    _row("10001", "10", "SM54", "Médecine Générale", "L", "33063", site="S1"),
    _row("10001", "10", "SM54", "Médecine Générale", "L", "33318", site="S2"),
    # GP with 3 sites, two of them in Bordeaux -> shares 2/3 (33063) and 1/3 (2A004)
    _row("10002", "10", "SM53", "Spécialiste en Médecine Générale", "L", "33063", site="S3"),
    _row("10002", "10", "SM53", "Spécialiste en Médecine Générale", "L", "33063", site="S4"),
    _row("10002", "10", "SM53", "Spécialiste en Médecine Générale", "L", "2A004", site="S5"),
    # exact duplicate line of the previous site -> dropped and reported
    _row("10002", "10", "SM53", "Spécialiste en Médecine Générale", "L", "2A004", site="S5"),
    # salaried GP in a centre de santé (FINESS 330000124 category 124) -> kept when finess is given
    _row("10003", "10", "SM54", "Médecine Générale", "S", "33063", finess="330000124", site="S6"),
    # salaried GP at a hospital -> filtered (mode)
    _row("10004", "10", "SM54", "Médecine Générale", "S", "33063", finess="330000999", site="S7"),
    # neurologist -> filtered (savoir-faire)
    _row("10005", "10", "SM38", "Neurologie", "L", "33063", site="S8"),
    # nurse -> filtered unless requested
    _row("20001", "60", "", "", "L", "33318", site="S9"),
    # GP practising abroad (no commune code) -> dropped and reported
    _row("10006", "10", "SM54", "Médecine Générale", "L", "", site="S10"),
]


@pytest.fixture()
def annuaire_file(tmp_path):
    p = tmp_path / "PS_LibreAcces_Personne_activite_202401010000.txt"
    p.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return p


def test_annuaire_gp_sites_and_shares(annuaire_file):
    with pytest.warns(SourceWarning, match="en double exact : 1.*site d'exercice sans code de commune"):
        t = read_annuaire_sante(annuaire_file)
    assert list(t.columns[: len(PRACTITIONER_COLUMNS)]) == list(PRACTITIONER_COLUMNS)
    got = {(r.practitioner_id, r.code_commune): r.share for r in t.itertuples()}
    assert got == pytest.approx(
        {("10001", "33063"): 0.5, ("10001", "33318"): 0.5, ("10002", "33063"): 2 / 3, ("10002", "2A004"): 1 / 3}
    )
    assert t["acts"].isna().all() and t["age"].isna().all() and t["etp"].isna().all()
    assert not t["new_practitioner"].any() and not t["health_centre"].any()
    assert set(t["profession"]) == {"medecin_generaliste"}
    assert t.attrs["selection"] == {
        "other profession": 1,  # the nurse
        "doctor without general-practice savoir-faire": 1,  # neurologist
        "exercise mode not selected": 2,  # two salaried GPs (no FINESS table given)
    }
    assert drop_report(t).total == 2


def test_annuaire_health_centre_from_finess_and_nurses(annuaire_file):
    finess = pd.DataFrame({"finess": ["330000124", "330000999"], "categorie": ["124", "355"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SourceWarning)
        t = read_annuaire_sante(annuaire_file, professions=["medecin_generaliste", "infirmier"], finess=finess)
    hc = t.set_index("practitioner_id")["health_centre"]
    assert bool(hc["10003"]) is True  # salaried in a centre de santé: kept, flagged
    assert "10004" not in hc.index  # salaried at a hospital: still filtered
    nurse = t[t["profession"] == "infirmier"]
    assert nurse[["practitioner_id", "code_commune", "share"]].values.tolist() == [["20001", "33318", 1.0]]


def test_annuaire_known_communes_and_errors(annuaire_file, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SourceWarning)
        t = read_annuaire_sante(annuaire_file, known_communes={"33063", "33318"})
    assert "2A004" not in set(t["code_commune"])
    assert drop_report(t).reasons["commune d'exercice absente du référentiel des communes"] == 1
    # the dropped Corsican site does not change the shares of the remaining ones (2/3 stays 2/3)
    assert t.set_index(["practitioner_id", "code_commune"]).loc[("10002", "33063"), "share"] == pytest.approx(2 / 3)
    with pytest.raises(InvalidValueError, match=r"profession\(s\) inconnue\(s\)"):
        read_annuaire_sante(annuaire_file, professions=["medecin"])
    bad = tmp_path / "bad.txt"
    bad.write_text("Identifiant PP|Code profession|\n1|10|\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="Code mode exercice.*colonnes trouvées : Identifiant PP"):
        read_annuaire_sante(bad)


def test_annuaire_latin1_file(tmp_path):
    p = tmp_path / "ps_latin1.txt"
    p.write_bytes((HEADER + "\n" + ROWS[0] + "\n").encode("latin-1"))
    t = read_annuaire_sante(p)
    assert t["code_commune"].tolist() == ["33063"]


def test_rpps_2017_real_extract():
    path = shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")
    raw = pd.read_csv(path, dtype=str)
    # figures of SOURCES.md: 1,495 rows, 202 duplicated RPPS, 1,414 GP rows, 169 communes
    assert len(raw) == 1495 and raw["RPPS"].duplicated().sum() == 202
    with pytest.warns(SourceWarning, match="24 lignes écartées"):
        t = read_rpps_2017(path, exclude_establishments=False)  # every GP row (the default leaves establishments out)
    assert t.attrs["selection"] == {"other specialty": 81}  # 1,495 - 1,414 neurology rows
    # 1,414 GP rows - 24 exact duplicate lines = 1,390 distinct sites
    assert t["n_sites"].sum() == 1390
    assert t["code_commune"].nunique() == 169
    assert t["code_commune"].str.startswith("33").all()
    # independent check of the number of practitioners and of the shares
    mg = raw[raw["Specialite"] == "Spécialiste en Médecine Générale"].drop_duplicates()
    assert t["practitioner_id"].nunique() == mg["RPPS"].nunique()
    assert len(t) == len(mg.drop_duplicates(["RPPS", "Commune"]))
    per_pp = t.groupby("practitioner_id")["share"].sum()
    np.testing.assert_allclose(per_pp.to_numpy(), 1.0)
    sites = mg.groupby(["RPPS", "Commune"]).size() / mg.groupby("RPPS").size()
    sites.index = sites.index.set_names(["practitioner_id", "code_commune"])
    mine = t.set_index(["practitioner_id", "code_commune"])["share"]
    pd.testing.assert_series_equal(
        mine.sort_index(), sites.sort_index().rename("share"), check_names=False, check_index_type=False
    )
    assert t["etablissement"].any()


def test_rpps_2017_leaves_establishments_out_by_default():
    # the DREES APL does not count activity in establishments: by default a GP practising only there leaves the
    # table, the others keep their sites outside establishments (counted independently here with pandas)
    path = shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")
    raw = pd.read_csv(path, dtype=str)
    with pytest.warns(
        SourceWarning, match="23 lignes écartées"
    ):  # one of the 24 duplicated lines was in an establishment
        t = read_rpps_2017(path)
    gp = raw[raw["Specialite"] == "Spécialiste en Médecine Générale"]
    etab = gp["Etablissement"] == "oui"
    assert t.attrs["selection"]["activity in a FINESS establishment"] == int(etab.sum()) == 319
    assert not t["etablissement"].any()
    per_gp = etab.groupby(gp["RPPS"]).agg(["all", "any"])
    only, mixed = int(per_gp["all"].sum()), int((per_gp["any"] & ~per_gp["all"]).sum())
    assert (only, mixed) == (243, 53) and gp["RPPS"].nunique() == 1220
    assert t.attrs["establishments"] == {"only": only, "mixed": mixed, "excluded": True}
    assert t["practitioner_id"].nunique() == 1220 - 243
    assert set(t["practitioner_id"]) == set(gp.loc[~etab, "RPPS"])
    # a GP's shares add up to 1 over his sites outside establishments
    np.testing.assert_allclose(t.groupby("practitioner_id")["share"].sum().to_numpy(), 1.0)


def test_savoir_faire_in_a_separate_file(tmp_path):
    # newer extractions: no savoir-faire columns in the activity file, a PS_LibreAcces_SavoirFaire file instead
    keep = [i for i, c in enumerate(COLUMNS) if "savoir-faire" not in c.lower()]
    head = "|".join(COLUMNS[i] for i in keep) + "|"
    rows = ["|".join(r.split("|")[i] for i in keep) + "|" for r in ROWS[:2] + ROWS[8:9]]  # 10001 x2, neurologist
    act = tmp_path / "PS_LibreAcces_Personne_activite.txt"
    act.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="savoir_faire="):
        read_annuaire_sante(act)
    sf = tmp_path / "PS_LibreAcces_SavoirFaire.txt"
    sf.write_text(
        "Identification nationale PP|Code profession|Code type savoir-faire|Code savoir-faire|\n"
        "810001|10|S|SM54|\n810005|10|S|SM38|\n",
        encoding="utf-8",
    )
    t = read_annuaire_sante(act, savoir_faire=sf)
    assert t[["practitioner_id", "code_commune", "share"]].values.tolist() == [
        ["10001", "33063", 0.5],
        ["10001", "33318", 0.5],
    ]
    assert t.attrs["selection"] == {"doctor without general-practice savoir-faire": 1}
    # nurses only: no savoir-faire needed
    assert read_annuaire_sante(act, professions=["infirmier"]).empty
