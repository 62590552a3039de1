"""CPTS list reader."""

from __future__ import annotations

import pandas as pd
import pytest

from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.cpts import read_cpts

HEAD = "id_cpts;nom_cpts;statut;date_signature_aci;code_commune"


def _write(tmp_path, rows, *, head=HEAD, encoding="utf-8"):
    p = tmp_path / "cpts.csv"
    p.write_bytes((head + "\n" + "\n".join(rows) + "\n").encode(encoding))
    return p


def test_read_cpts_latin1_and_normalisation(tmp_path):
    rows = [
        "C001;CPTS du Blayais;contrat ACI signé;2021-06-15;33058",
        "C001;CPTS du Blayais;contrat ACI signé;2021-06-15;33059",
        "C002;CPTS Rive droite;Pré-projet;;33063",
        "C003;CPTS Corse-du-Sud;PROJET;;2A004",
        "C004;CPTS Ouest;ACI signé;01/02/2022;33318",
    ]
    t = read_cpts(_write(tmp_path, rows, encoding="latin-1"))
    assert list(t.columns) == ["id_cpts", "nom_cpts", "statut", "date_signature", "code_commune"]
    assert t["statut"].tolist() == ["contrat ACI signé"] * 2 + ["pré-projet", "projet", "contrat ACI signé"]
    assert t["date_signature"].tolist()[:2] == [pd.Timestamp("2021-06-15")] * 2
    assert t["date_signature"].iloc[4] == pd.Timestamp("2022-02-01")  # JJ/MM/AAAA
    assert pd.isna(t["date_signature"].iloc[2])
    assert t["code_commune"].tolist() == ["33058", "33059", "33063", "2A004", "33318"]
    assert drop_report(t).total == 0


def test_aliases_and_comma_separator(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("ID_CPTS,Nom,Statut,Date signature,CODGEO\nC1,CPTS A,projet,,1001\n", encoding="utf-8")
    t = read_cpts(p)
    assert t["code_commune"].tolist() == ["01001"]


def test_duplicates_dropped_and_unknown_communes_reported(tmp_path):
    rows = ["C1;A;projet;;33063", "C1;A;projet;;33063", "C1;A;projet;;99999"]
    with pytest.warns(
        SourceWarning, match="ligne CPTS × commune en double : 1.*commune absente du référentiel des communes : 1"
    ):
        t = read_cpts(_write(tmp_path, rows), known_communes={"33063"})
    assert t["code_commune"].tolist() == ["33063"]
    assert drop_report(t).reasons == {
        "ligne CPTS × commune en double": 1,
        "commune absente du référentiel des communes": 1,
    }


@pytest.mark.parametrize(
    ("rows", "error", "match"),
    [
        (["C1;A;en réflexion;;33063"], InvalidValueError, r"statut de CPTS inconnue\(s\).*'en réflexion'"),
        (["C1;A;projet;;33063", "C1;B;projet;;33318"], InvalidValueError, r"incohérente.*C1 \(nom_cpts\)"),
        (
            ["C1;A;projet;;33063", "C1;A;contrat ACI signé;2021-01-01;33318"],
            InvalidValueError,
            r"C1 \(statut, date_signature_aci\)",
        ),
        (["C1;A;projet;;330"], InvalidCodeError, "mal formé.*'330'"),
        (["C1;A;projet;;XX063"], InvalidCodeError, "'XX063'"),
        (["C1;A;contrat ACI signé;15 juin 2021;33063"], InvalidValueError, r"date\(s\) illisible\(s\).*'15 juin 2021'"),
        ([";A;projet;;33063"], InvalidValueError, "'id_cpts'.*1 valeur vide"),
    ],
)
def test_bad_input(tmp_path, rows, error, match):
    with pytest.raises(error, match=match):
        read_cpts(_write(tmp_path, rows))


def test_missing_column(tmp_path):
    with pytest.raises(
        MissingColumnError, match="statut, date_signature_aci dans .*colonnes trouvées : id_cpts, nom_cpts"
    ):
        read_cpts(_write(tmp_path, ["C1;A;33063"], head="id_cpts;nom_cpts;code_commune"))
