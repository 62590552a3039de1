"""Tests of the shared CSV sniffing helpers (readers/_io/)."""

from __future__ import annotations

import gzip
import warnings

import pandas as pd
import pytest

from access_map._validate import DropReport
from access_map.errors import AmbiguousColumnError, InvalidCodeError, InvalidValueError, MissingColumnError, SourceError
from access_map.readers._io import (
    SourceWarning,
    commune_codes,
    drop_report,
    finish,
    keep_known_communes,
    map_aliases,
    read_table,
    read_text,
    rename_aliases,
    sniff_encoding,
)

TEXT = "code_commune;libelle\n01001;L'Abergement-Clémenciat\n2A004;Ajaccio\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("latin-1", "cp1252"), ("cp1252", "cp1252")],
)
def test_encodings_are_sniffed(tmp_path, encoding, expected):
    p = tmp_path / "t.csv"
    p.write_bytes(TEXT.encode(encoding))
    df, enc, sep = read_table(p, required=["code_commune"])
    assert enc == expected
    assert sep == ";"
    assert df["libelle"].tolist() == ["L'Abergement-Clémenciat", "Ajaccio"]
    assert df["code_commune"].tolist() == ["01001", "2A004"]  # leading zero kept


@pytest.mark.parametrize("sep", [";", ",", "|", "\t"])
def test_separators_are_sniffed_and_gzip_handled(tmp_path, sep):
    p = tmp_path / "t.csv.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(TEXT.replace(";", sep))
    df, enc, got = read_table(p)
    assert got == sep
    assert df.shape == (2, 2)


def test_latin1_byte_beyond_the_sniffed_sample_falls_back(tmp_path):
    # 1 MiB of ASCII then a Latin-1 'é': the sample decodes as UTF-8, the full read must not fail
    p = tmp_path / "big.csv"
    body = "a;b\n" + "x;y\n" * 300_000 + "é;z\n"
    p.write_bytes(body.encode("latin-1"))
    df, enc, _ = read_table(p)
    assert enc in {"cp1252", "latin-1"}
    assert df["a"].iloc[-1] == "é"
    assert len(df) == 300_001


def test_trailing_pipe_column_dropped_and_na_strings_kept(tmp_path):
    p = tmp_path / "ps.txt"
    p.write_text('Nom|Code|\nNA|"10|\n', encoding="utf-8")
    df, _, sep = read_table(p)
    assert sep == "|"
    assert list(df.columns) == ["Nom", "Code"]
    assert df.iloc[0].tolist() == ["NA", '"10']  # no quoting in pipe files, 'NA' is a value


def test_missing_file_and_missing_column_errors(tmp_path):
    with pytest.raises(SourceError, match="nope.csv : fichier introuvable"):
        read_table(tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SourceError, match="empty"):
        read_table(empty)
    p = tmp_path / "t.csv"
    p.write_text(TEXT)
    with pytest.raises(MissingColumnError, match=r"population dans .*colonnes trouvées : code_commune, libelle"):
        read_table(p, required=["population"])
    bad = tmp_path / "bad.csv.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(SourceError, match="bad.csv.gz"):
        read_table(bad)


def test_read_text_and_sniff():
    assert sniff_encoding(b"abc") == "utf-8"
    assert sniff_encoding(b"\x81\xe9") == "latin-1"  # 0x81 undefined in cp1252


def test_read_text_latin1(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes("finess;etalab;Éé\n".encode("latin-1"))
    text, enc = read_text(p)
    assert text.startswith("finess;etalab;Éé") and enc == "cp1252"


def test_rename_aliases_case_and_accent_insensitive():
    df = pd.DataFrame({"CODGEO": ["01001"], "Libellé TVS": ["x"]})
    out = rename_aliases(df, {"code_commune": ["codgeo"], "libelle_tvs": ["libelle tvs"]}, required=["code_commune"])
    assert out.columns.tolist() == ["code_commune", "libelle_tvs"]
    assert df.columns.tolist() == ["CODGEO", "Libellé TVS"]  # input untouched
    with pytest.raises(MissingColumnError, match="zonage dans z.csv ; colonnes trouvées : CODGEO"):
        rename_aliases(df, {"zonage": ["Zonage"]}, required=["zonage"], source="z.csv")


def test_finish_warns_only_when_rows_dropped():
    rep = DropReport(source="x.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = finish(pd.DataFrame({"a": [1]}), rep, source="x.csv")
    assert drop_report(t) is rep
    rep2 = DropReport(source="x.csv")
    rep2.add("malformed code", 2, ["1", "2"])
    with pytest.warns(SourceWarning, match="2 lignes écartées"):
        finish(pd.DataFrame({"a": [1]}), rep2, source="x.csv")


def test_commune_codes_pad_and_name_bad_codes():
    assert commune_codes(pd.Series([1001, "2a004", " 33063"]), source="t.csv").tolist() == ["01001", "2A004", "33063"]
    with pytest.raises(InvalidCodeError, match=r"dans t.csv, colonne 'COM' : '3306X', '123456' \(2 lignes\)"):
        commune_codes(pd.Series(["3306X", "123456", "33063"]), source="t.csv", column="COM")


def test_keep_known_communes_on_index_or_column():
    t = pd.DataFrame({"code_commune": ["33063", "99999", "99998"], "x": [1, 2, 3]})
    rep = DropReport(source="t.csv")
    assert keep_known_communes(t, None, rep) is t and rep.total == 0
    by_col = keep_known_communes(t, ["33063"], rep, column="code_commune", reason="unknown")
    assert by_col["x"].tolist() == [1] and rep.reasons == {"unknown": 2}
    rep2 = DropReport(source="t.csv")
    by_index = keep_known_communes(t.set_index("code_commune"), {"99999", "33063"}, rep2)
    assert by_index.index.tolist() == ["33063", "99999"]
    assert rep2.reasons == {"commune absente du référentiel des communes": 1}
    assert rep2.examples["commune absente du référentiel des communes"] == ["99998"]


def test_map_aliases_lists_unknown_values_once():
    aliases = {"oui": "yes", "non": "no"}
    assert map_aliases(
        pd.Series(["OUI", "Non", "oui"]), aliases, what="answer", expected=["oui", "non"], column="r"
    ).tolist() == ["yes", "no", "yes"]
    with pytest.raises(
        InvalidValueError,
        match=r"valeur\(s\) de answer inconnue\(s\) dans q.csv, colonne 'r' : 'peut-être' "
        r"\(2 lignes\) ; valeurs attendues : 'oui', 'non'",
    ):
        map_aliases(
            pd.Series(["peut-être", "oui", "peut-être"]),
            aliases,
            what="answer",
            expected=["oui", "non"],
            source="q.csv",
            column="r",
        )


def test_rename_aliases_refuses_two_columns_for_one_name():
    # issue 11: a recognised column is never dropped or shadowed silently
    two_aliases = pd.DataFrame({"CODGEO": ["01001"], "code_commune": ["01002"]})
    with pytest.raises(
        AmbiguousColumnError,
        match=r"t.csv : les colonnes 'CODGEO', 'code_commune' correspondent toutes à 'code_commune'",
    ):
        rename_aliases(two_aliases, {"code_commune": ["codgeo"]}, source="t.csv")
    same_label = pd.DataFrame({"Code commune": ["01001"], "code_commune": ["01002"]})
    with pytest.raises(AmbiguousColumnError, match="'Code commune', 'code_commune'"):
        rename_aliases(same_label, {"code_commune": []}, source="t.csv")
    # one column per canonical name: renamed, the others left as they are
    ok = rename_aliases(pd.DataFrame({"CODGEO": ["01001"], "autre": [1]}), {"code_commune": ["codgeo"]})
    assert ok.columns.tolist() == ["code_commune", "autre"]
