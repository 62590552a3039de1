"""Practitioner activity CSV (package format)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.activity import (
    ACTIVITY_COLUMNS,
    read_practitioner_activity,
    write_practitioner_activity,
)
from access_map.schema import PRACTITIONER_COLUMNS

HEAD = ";".join(ACTIVITY_COLUMNS) + ";nom"
ROWS = [
    "10001;33063;medecin_generaliste;4200;52;0;0;;;Dr Dupont",
    "10002;33063;Médecin généraliste;;31;oui;non;;0,6;Dr Élise",
    "10002;33318;medecin_generaliste;;31;1;0;;0.4;Dr Élise",
    "10003;2A004;medecin_generaliste;3000;45;0;1;;;",  # centre de santé
    "20001;33318;infirmier;;38;0;0;0,8;;",
    "20002;1001;sage_femme;;29;0;0;1;;",  # code read as number by a spreadsheet: padded to 01001
]


def _write(tmp_path, rows, *, head=HEAD, encoding="utf-8", name="activite.csv"):
    p = tmp_path / name
    p.write_bytes((head + "\n" + "\n".join(rows) + "\n").encode(encoding))
    return p


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_read_activity(tmp_path, encoding):
    t = read_practitioner_activity(_write(tmp_path, ROWS, encoding=encoding))
    assert list(t.columns) == [*PRACTITIONER_COLUMNS, "nom"]
    assert t["code_commune"].tolist() == ["33063", "33063", "33318", "2A004", "33318", "01001"]
    assert t["profession"].tolist() == ["medecin_generaliste"] * 4 + ["infirmier", "sage_femme"]
    assert t["acts"].iloc[0] == 4200.0 and math.isnan(t["acts"].iloc[1])
    assert t["new_practitioner"].tolist() == [False, True, True, False, False, False]
    assert t["health_centre"].tolist() == [False, False, False, True, False, False]
    assert t["share"].tolist() == [1.0, 0.6, 0.4, 1.0, 1.0, 1.0]
    assert t["etp"].iloc[4] == 0.8  # French decimal comma
    assert t["nom"].iloc[1] == "Dr Élise"
    assert drop_report(t).total == 0


def test_default_share_is_one_over_number_of_sites(tmp_path):
    rows = ["1;33063;infirmier;;40;0;0;1;", "1;33318;infirmier;;40;0;0;1;", "1;33122;infirmier;;40;0;0;1;"]
    t = read_practitioner_activity(_write(tmp_path, rows, head=";".join(ACTIVITY_COLUMNS)))
    assert t["share"].tolist() == pytest.approx([1 / 3] * 3)


def test_known_communes_and_drop_invalid(tmp_path):
    rows = [*ROWS, "30001;ABCDE;infirmier;;40;0;0;1;;"]
    with pytest.raises(InvalidCodeError, match="'ABCDE'.*drop_invalid=True"):
        read_practitioner_activity(_write(tmp_path, rows))
    with pytest.warns(SourceWarning):
        t = read_practitioner_activity(_write(tmp_path, rows), drop_invalid=True, known_communes={"33063", "33318"})
    rep = drop_report(t)
    assert rep.reasons == {
        "code de commune mal formé ou manquant": 1,
        "commune d'exercice absente du référentiel des communes": 2,
    }
    assert set(t["code_commune"]) == {"33063", "33318"}


@pytest.mark.parametrize(
    ("row", "error", "match"),
    [
        ("9;33063;medecin;100;40;0;0;;", InvalidValueError, "profession inconnue.*'medecin'"),
        ("9;33063;infirmier;-5;40;0;0;;", InvalidValueError, "'acts'.*valeur négative"),
        ("9;33063;infirmier;5;4;0;0;;", InvalidValueError, r"âge\(s\) invraisemblable"),
        ("9;33063;infirmier;5;40;peut-être;0;;", InvalidValueError, "new_practitioner.*'peut-être'"),
        ("9;33063;infirmier;5;40;0;0;;1.5", InvalidValueError, r"share.*hors de \]0, 1\]"),
        (";33063;infirmier;5;40;0;0;;", InvalidValueError, "sans identifiant de praticien"),
    ],
)
def test_bad_values(tmp_path, row, error, match):
    with pytest.raises(error, match=match):
        read_practitioner_activity(_write(tmp_path, [row], head=";".join(ACTIVITY_COLUMNS)))


def test_shares_over_one_and_duplicates(tmp_path):
    rows = ["1;33063;infirmier;;40;0;0;1;0.7", "1;33318;infirmier;;40;0;0;1;0.7"]
    with pytest.raises(InvalidValueError, match="font plus de 1"):
        read_practitioner_activity(_write(tmp_path, rows, head=";".join(ACTIVITY_COLUMNS)))
    rows = ["1;33063;infirmier;;40;0;0;1;0.5", "1;33063;infirmier;;40;0;0;1;0.5"]
    with pytest.raises(InvalidCodeError, match="praticien × commune en double.*1/33063"):
        read_practitioner_activity(_write(tmp_path, rows, head=";".join(ACTIVITY_COLUMNS)))


def test_missing_column(tmp_path):
    p = _write(tmp_path, ["1;33063"], head="identifiant_pp;code_commune")
    with pytest.raises(MissingColumnError, match="profession.*colonnes trouvées : identifiant_pp, code_commune"):
        read_practitioner_activity(p)


def test_roundtrip(tmp_path):
    t = read_practitioner_activity(_write(tmp_path, ROWS))
    out = tmp_path / "sub" / "copy.csv"
    write_practitioner_activity(t, out)
    back = read_practitioner_activity(out)
    pd.testing.assert_frame_equal(back.drop(columns="nom"), t.drop(columns="nom"), check_dtype=False)


def test_default_share_counts_sites_outside_the_reference(tmp_path):
    # 3 sites, one outside the territory: the two kept sites carry 1/3 each (not 1/2):
    # the activity at the third site must not be moved onto them
    rows = ["1;33063;infirmier;;40;0;0;1;", "1;33318;infirmier;;40;0;0;1;", "1;17300;infirmier;;40;0;0;1;"]
    with pytest.warns(SourceWarning, match="commune d'exercice absente du référentiel des communes : 1"):
        t = read_practitioner_activity(
            _write(tmp_path, rows, head=";".join(ACTIVITY_COLUMNS)), known_communes={"33063", "33318"}
        )
    assert t["share"].tolist() == pytest.approx([1 / 3, 1 / 3])
