"""Tests of access_map.readers.insee: hand-made files (layouts, encodings, errors) and real INSEE extracts."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError, SourceError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.insee import (
    read_cog_communes,
    read_cog_departements,
    read_cog_regions,
    read_population_by_age,
    read_populations_legales,
)
from access_map.schema import AGE_BANDS
from conftest import shared_path

COG_HEADER = "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# ----------------------------------------------------------------------------- COG


def test_cog_communes_latin1_semicolon_typecom_filter(tmp_path):
    text = COG_HEADER.replace(",", ";") + (
        "COM;2A004;94;2A;20D;2A1;0;AJACCIO;Ajaccio;Ajaccio;2A98;\n"
        "COM;75056;11;75;75C;751;0;PARIS;Paris;Paris;7598;\n"
        "ARM;75101;11;75;75C;751;0;PARIS 1ER;Paris 1er;Paris 1er Arrondissement;7599;75056\n"
        "COMD;14764;28;14;14D;142;0;PONT D OUILLY;Pont-d'Ouilly;Pont-d'Ouilly;1413;14764\n"
        "COM;1001;84;1;01D;012;5;ABERGEMENT;Abergement-Clémenciat;L'Abergement-Clémenciat;0108;\n"
    )
    p = _write(tmp_path / "communes.csv", text, "latin-1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the TYPECOM filter is asked for: no warning
        t = read_cog_communes(p)
    # '1001' and DEP '1' were read as numbers somewhere upstream: restored to '01001' / '01'
    assert t.index.tolist() == ["01001", "2A004", "75056"]
    assert t.loc["01001", "nom"] == "L'Abergement-Clémenciat"
    assert t.loc["01001", "code_departement"] == "01"
    assert t.loc["2A004", "code_region"] == "94"
    rep = drop_report(t)
    assert rep.reasons == {"TYPECOM non retenu (ARM)": 1, "TYPECOM non retenu (COMD)": 1}

    with_arm = read_cog_communes(p, typecom=("COM", "ARM"))
    assert with_arm.index.tolist() == ["01001", "2A004", "75056", "75101"]
    assert with_arm.loc["75101", "typecom"] == "ARM"


def test_cog_communes_errors(tmp_path):
    p = _write(
        tmp_path / "c.csv", COG_HEADER + "COM,01001,84,01,01D,012,5,A,A,A,0108,\nCOMD,01001,,,,,5,B,B,B,,01001\n"
    )
    with pytest.raises(InvalidValueError, match=r"typecom=.*'XYZ'"):
        read_cog_communes(p, typecom=("XYZ",))
    with pytest.raises(InvalidCodeError, match=r"code\(s\) INSEE en double.*'01001'"):
        read_cog_communes(p, typecom=("COM", "COMD"))
    bad = _write(tmp_path / "bad.csv", "TYPECOM,COM,DEP,LIBELLE\nCOM,01001,01,A\n")
    with pytest.raises(MissingColumnError, match=r"REG dans .*bad\.csv"):
        read_cog_communes(bad)
    with pytest.raises(SourceError, match="fichier introuvable"):
        read_cog_communes(tmp_path / "absent.csv")


def test_cog_communes_malformed_code_dropped_and_warned(tmp_path):
    p = _write(
        tmp_path / "c.csv",
        COG_HEADER + "COM,01001,84,01,01D,012,5,A,A,A,0108,\nCOM,ABCDE,84,01,01D,012,5,B,B,B,0108,\n",
    )
    with pytest.warns(SourceWarning, match=r"code INSEE mal formé : 1.*'ABCDE'"):
        t = read_cog_communes(p)
    assert t.index.tolist() == ["01001"]
    assert drop_report(t).total == 1


def test_cog_departements_and_regions_handmade(tmp_path):
    d = _write(
        tmp_path / "d.csv",
        "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n"
        "971,1,97105,3,GUADELOUPE,Guadeloupe,Guadeloupe\n2B,94,2B033,3,HAUTE CORSE,Haute-Corse,Haute-Corse\n",
    )
    t = read_cog_departements(d)
    assert t.index.tolist() == ["2B", "971"]
    assert t.loc["971", "code_region"] == "01"  # padded
    r = _write(
        tmp_path / "r.csv",
        "REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n84,69123,1,ARA,Auvergne,Auvergne-Rhône-Alpes\n"
        "84,69123,1,ARA,Auvergne,Auvergne-Rhône-Alpes\n",
    )
    with pytest.raises(InvalidCodeError, match=r"code\(s\) en double.*'84'"):
        read_cog_regions(r)
    bad = _write(tmp_path / "bad.csv", "DEP,REG,LIBELLE\n1234,84,X\n")
    with pytest.raises(InvalidCodeError, match=r"code\(s\) de département.*'1234'"):
        read_cog_departements(bad)


def test_cog_real_files():
    communes = read_cog_communes(shared_path("cog_insee", "communes_cog2026.csv.gz"))
    rep = drop_report(communes)
    # SOURCES.md: 37 496 records of all types; the COM ones are kept, every other one is counted
    assert len(communes) + rep.total == 37_496
    assert set(communes["typecom"]) == {"COM"}
    assert communes.loc["2A004", "nom"] == "Ajaccio"
    assert communes.loc["01001", ["code_departement", "code_region"]].tolist() == ["01", "84"]
    arm = read_cog_communes(shared_path("cog_insee", "communes_cog2026.csv.gz"), typecom=("ARM",))
    # 20 Paris + 9 Lyon + 16 Marseille arrondissements
    assert len(arm) == 45
    assert {c[:3] for c in arm.index} == {"751", "693", "132"}
    deps = read_cog_departements(shared_path("cog_insee", "departements.csv"))
    regs = read_cog_regions(shared_path("cog_insee", "regions.csv"))
    assert len(deps) == 101 and len(regs) == 18  # SOURCES.md
    assert deps.loc["2A", "code_region"] == "94" and deps.loc["976", "code_region"] == "06"
    assert set(deps["code_region"]) <= set(regs.index)
    assert regs.loc["84", "nom"] == "Auvergne-Rhône-Alpes"


# ----------------------------------------------------------------------------- populations légales


def test_populations_legales_both_layouts_handmade(tmp_path):
    new = _write(tmp_path / "p.csv", "REG;DEP;COM;PMUN;PCAP;PTOT\n84;01;01001;779;19;798\n94;2A;2A004;1 200;30;1 230\n")
    t = read_populations_legales(new)
    assert t.index.tolist() == ["01001", "2A004"]
    assert t.loc["2A004", "population_municipale"] == 1200.0  # thousands space accepted
    old = _write(
        tmp_path / "old.csv",
        "Code région,Nom de la région,Code département,Code arrondissement,Code canton,Code commune,"
        "Nom de la commune,Population municipale,Population comptée à part,Population totale\n"
        "01,Guadeloupe,971,2,93,101,Les Abymes,54260,558,54818\n"
        "94,Corse,2A,1,98,4,Ajaccio,69075,1650,70725\n"
        "84,Auvergne-Rhône-Alpes,01,2,08,001,L' Abergement-Clémenciat,767,18,785\n",
        "latin-1",
    )
    t = read_populations_legales(old)
    # department '971' + commune '101' -> '97101'; '2A' + '4' (padded to '004') -> '2A004'
    assert t.index.tolist() == ["01001", "2A004", "97101"]
    assert t.loc["97101", ["population_municipale", "population_comptee_a_part", "population_totale"]].tolist() == [
        54260.0,
        558.0,
        54818.0,
    ]
    assert t.loc["01001", "nom"] == "L' Abergement-Clémenciat"


def test_populations_legales_errors(tmp_path):
    p = _write(tmp_path / "p.csv", "REG;DEP;COM;PCAP;PTOT\n84;01;01001;19;798\n")
    with pytest.raises(MissingColumnError, match=r"PMUN dans .*p\.csv"):
        read_populations_legales(p)
    neg = _write(tmp_path / "neg.csv", "REG;DEP;COM;PMUN;PCAP;PTOT\n84;01;01001;-5;19;798\n")
    with pytest.raises(InvalidValueError, match=r"'PMUN' de .*neg\.csv : 1 valeur négative \(-5"):
        read_populations_legales(neg)
    mixed = _write(
        tmp_path / "m.csv", "REG;DEP;COM;PMUN;PCAP;PTOT\n84;01;01001;10;0;10\n84;01;XX;3;0;3\n84;01;;4;0;4\n"
    )
    with pytest.warns(SourceWarning, match="2 lignes écartées"):
        t = read_populations_legales(mixed)
    assert t.index.tolist() == ["01001"]
    assert drop_report(t).reasons == {"code de commune vide": 1, "code INSEE mal formé": 1}


@pytest.mark.parametrize(
    ("filename", "rows", "metro_pmun"),
    [
        # rows and published metropolitan PMUN totals from population_legale_insee/SOURCES.md
        ("pop_legales_2016_cog2018_communes.csv.gz", 35_382, None),
        ("pop_legales_2019_cog2021.csv.gz", 34_990, 65_096_768),
        ("pop_legales_2021_cog2023.csv.gz", 34_970, 65_505_213),
        ("pop_legales_2023_cog2025.csv.gz", 34_900, 66_165_815),
    ],
)
def test_populations_legales_real(filename, rows, metro_pmun):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = read_populations_legales(shared_path("population_legale_insee", filename))
    assert len(t) == rows
    assert drop_report(t).total == 0
    assert t.index.str.fullmatch(r"(\d{2}|2[AB])\d{3}").all()
    # PTOT = PMUN + PCAP on every row (a cross-check of the three columns)
    diff = t["population_totale"] - t["population_municipale"] - t["population_comptee_a_part"]
    assert (diff == 0).all()
    if metro_pmun is not None:
        metro = t[~t.index.str.startswith("97")]
        assert metro["population_municipale"].sum() == metro_pmun
    # Paris is given by arrondissement in every vintage
    assert "75101" in t.index and "75056" not in t.index
    assert {"97101", "2A004", "2B033"} <= set(t.index)


# ----------------------------------------------------------------------------- population by age


def _age_header(year, bands=range(1, 21)):
    return [f"ageq_rec{b:02d}s{s}rp{year}" for s in (1, 2) for b in bands]


def test_population_by_age_folds_90_plus_and_counts_women(tmp_path):
    cols = _age_header(2021)
    # men: band b holds b people; women: band b holds 100 + b people
    values = [str(b) for b in range(1, 21)] + [str(100 + b) for b in range(1, 21)]
    text = "CODGEO;LIBGEO;" + ";".join(cols) + "\n01001;Abergement;" + ";".join(values) + "\n"
    t = read_population_by_age(_write(tmp_path / "a.csv", text))
    assert list(t.columns) == [*AGE_BANDS, "women"]
    assert t.loc["01001", "age_00_04"] == 1 + 101  # band 01, both sexes
    assert t.loc["01001", "age_85_89"] == 18 + 118  # band 18
    assert t.loc["01001", "age_90_plus"] == (19 + 20) + (119 + 120)  # bands 19 (90-94) + 20 (95+)
    assert t.loc["01001", "women"] == sum(100 + b for b in range(1, 21))  # 2000 + 210 = 2210
    assert t[list(AGE_BANDS)].sum(axis=1).iloc[0] == sum(range(1, 21)) + sum(100 + b for b in range(1, 21))
    assert t.attrs["year"] == 2021


def test_population_by_age_dr_cr_latin1_decimals_and_nivgeo(tmp_path):
    cols = _age_header(2015)
    row = ["0,5"] * 40  # INSEE publishes non-integer estimates, French decimal comma
    text = (
        "NIVGEO;DR;CR;LIBELLE;" + ";".join(cols) + "\n"
        "COM;2A;4;Ajaccio;" + ";".join(row) + "\n"
        "COM;971;101;Les Abymes;" + ";".join(row) + "\n"
        "DEP;01;;Ain;" + ";".join(row) + "\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the NIVGEO selection is asked for: no warning
        t = read_population_by_age(_write(tmp_path / "a.csv", text, "latin-1"))
    assert t.index.tolist() == ["2A004", "97101"]
    assert t.loc["2A004", "age_00_04"] == pytest.approx(1.0)  # 0.5 men + 0.5 women
    assert t.loc["2A004", "age_90_plus"] == pytest.approx(2.0)  # 2 bands x 2 sexes x 0.5
    assert t.loc["2A004", "women"] == pytest.approx(10.0)  # 20 bands x 0.5
    assert drop_report(t).reasons == {"NIVGEO autre que commune (DEP)": 1}


def test_population_by_age_errors(tmp_path):
    two_years = _age_header(2015) + _age_header(2021)
    p = _write(tmp_path / "y.csv", "CODGEO;" + ";".join(two_years) + "\n01001;" + ";".join(["1"] * 80) + "\n")
    with pytest.raises(InvalidValueError, match=r"plusieurs années de recensement \(2015, 2021\).*year="):
        read_population_by_age(p)
    assert read_population_by_age(p, year=2015).loc["01001", "women"] == 20.0
    with pytest.raises(InvalidValueError, match="year=2019 absente de"):
        read_population_by_age(p, year=2019)
    partial = _age_header(2021, bands=range(1, 20))  # no 95+ band
    q = _write(tmp_path / "q.csv", "CODGEO;" + ";".join(partial) + "\n01001;" + ";".join(["1"] * 38) + "\n")
    with pytest.raises(MissingColumnError, match=r"ageq_rec20s1rp2021.*q\.csv"):
        read_population_by_age(q)
    none = _write(tmp_path / "n.csv", "CODGEO;P21_POP\n01001;10\n")
    with pytest.raises(MissingColumnError, match="aucune colonne 'ageq_recXXsYrpAAAA'"):
        read_population_by_age(none)
    nocode = _write(tmp_path / "c.csv", "LIBGEO;" + ";".join(_age_header(2021)) + "\nA;" + ";".join(["1"] * 40) + "\n")
    with pytest.raises(MissingColumnError, match="'CODGEO' ou 'DR' \\+ 'CR'"):
        read_population_by_age(nocode)
    neg = _write(
        tmp_path / "g.csv", "CODGEO;" + ";".join(_age_header(2021)) + "\n01001;-1;" + ";".join(["1"] * 39) + "\n"
    )
    with pytest.raises(InvalidValueError, match=r"ageq_rec01s1rp2021.*valeur négative"):
        read_population_by_age(neg)


def test_population_by_age_is_pure(tmp_path):
    """Reading twice gives equal tables (no hidden state), and the result has float columns."""
    cols = _age_header(2021)
    text = "CODGEO;" + ";".join(cols) + "\n01001;" + ";".join(["2"] * 40) + "\n"
    p = _write(tmp_path / "a.csv", text)
    a, b = read_population_by_age(p), read_population_by_age(p)
    pd.testing.assert_frame_equal(a, b)
    assert all(pd.api.types.is_float_dtype(a[c]) for c in a.columns)
    # hand values: every cell is 2 -> a band = men 2 + women 2 = 4; age_90_plus folds 90-94 and 95+ = 4 + 4 = 8;
    # women = 20 bands x 2 = 40
    row = a.loc["01001"]
    assert row[list(AGE_BANDS[:-1])].tolist() == [4.0] * 18
    assert row["age_90_plus"] == 8.0 and row["women"] == 40.0


def test_notes_above_the_header_are_skipped(tmp_path):
    """INSEE workbooks saved as CSV keep their title and note lines above the header."""
    pop = _write(
        tmp_path / "pop.csv",
        "Recensement de la population 2016\n"
        "Populations légales des communes (population municipale, comptée à part, totale)\n"
        ";;;\n"
        "Code département;Code commune;Nom de la commune;Population municipale;Population comptée à part;"
        "Population totale\n"
        "01;001;L'Abergement-Clémenciat;767;18;785\n",
        "latin-1",
    )
    t = read_populations_legales(pop)
    assert t.index.tolist() == ["01001"] and t.loc["01001", "population_totale"] == 785.0
    cols = _age_header(2019)
    age = _write(
        tmp_path / "age.csv",
        "Population par sexe et âge quinquennal\nSource : Insee, RP 2019\n"
        "CODGEO;LIBGEO;" + ";".join(cols) + "\n01001;A;" + ";".join(["1"] * 40) + "\n",
    )
    assert read_population_by_age(age).loc["01001", "age_90_plus"] == 4.0  # 2 bands x 2 sexes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.dictionaries(
        st.from_regex(r"(0[1-9]|[1-8][0-9]|9[0-5]|2[AB])[0-9]{3}", fullmatch=True),
        st.tuples(st.integers(0, 2_000_000), st.integers(0, 50_000)),
        min_size=1,
        max_size=20,
    ),
    sep=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8", "latin-1", "utf-8-sig"]),
)
def test_populations_legales_round_trip(tmp_path, rows, sep, encoding):
    """Whatever the separator and encoding, the populations written are the populations read."""
    lines = [sep.join(["REG", "DEP", "COM", "PMUN", "PCAP", "PTOT", "Commune"])]
    for code, (pmun, pcap) in rows.items():
        lines.append(sep.join(["84", code[:2], code, str(pmun), str(pcap), str(pmun + pcap), "Étréchy"]))
    p = _write(tmp_path / "p.csv", "\n".join(lines) + "\n", encoding)
    t = read_populations_legales(p)
    assert sorted(t.index) == sorted(rows)
    assert t["population_municipale"].to_dict() == {k: float(v[0]) for k, v in rows.items()}
    assert t["population_totale"].to_dict() == {k: float(v[0] + v[1]) for k, v in rows.items()}
    assert set(t["nom"]) == {"Étréchy"}
