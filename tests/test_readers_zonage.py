"""ARS zoning tables: zoning per commune, TVS composition, QPV, regional caps."""

from __future__ import annotations

import pytest

from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.zonage import read_qpv, read_tvs, read_zoning, read_zoning_caps


def _write(tmp_path, text, *, name="t.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_zoning_official_layout_latin1(tmp_path):
    text = (
        "code_commune;libelle_commune;code_tvs;zonage\n"
        "33058;Blaye;33058;ZIP\n"
        "33063;Bordeaux;33063;ZAC\n"
        "2A004;Ajaccio;2A004;Zone de vigilance\n"
        "33318;Pessac;33063;HV\n"
        "97101;Les Abymes;97101;zip\n"
    )
    z = read_zoning(_write(tmp_path, text, encoding="latin-1"))
    assert z.index.tolist() == ["2A004", "33058", "33063", "33318", "97101"]
    assert z["zonage"].to_dict() == {"2A004": "ZV", "33058": "ZIP", "33063": "ZAC", "33318": "HV", "97101": "ZIP"}
    assert z.loc["2A004", "zonage_brut"] == "Zone de vigilance"
    assert z.loc["33318", "code_tvs"] == "33063"
    assert not z["qpv"].any()


def test_zoning_drees_codes_with_qpv_rows_and_aliases(tmp_path):
    text = (
        "CODGEO,LIBGEO,TVS,Zonage\n"
        "33063,Bordeaux,33063,2_ZAC\n"
        "33063,Bordeaux,33063,3_QPV_ZIP\n"
        "33063,Bordeaux,33063,4_QPV_ZAC\n"
        "33318,Pessac,33063,5_ZV\n"
        "33318,Pessac,33063,5_ZV\n"  # exact duplicate: dropped, reported
        "97411,Saint-Denis,97411,8_GQ_ZIP\n"
        "97415,Saint-Paul,97415,6_HZ\n"
        "33281,Mérignac,33063,4_QPV_ZAC\n"  # QPV row alone: commune class from it
    )
    with pytest.warns(SourceWarning, match="ligne en double exact : 1"):
        z = read_zoning(_write(tmp_path, text))
    assert z["zonage"].to_dict() == {"33063": "ZAC", "33281": "ZAC", "33318": "ZV", "97411": "ZIP", "97415": "HV"}
    assert z["zonage_brut"].to_dict()["33063"] == "2_ZAC"  # raw code of the commune row
    assert z["qpv"].to_dict() == {"33063": True, "33281": True, "33318": False, "97411": False, "97415": False}
    assert z.loc["33063", "zonage_qpv"] == "ZIP"  # the most favourable QPV class
    assert drop_report(z).total == 1


def test_zoning_errors(tmp_path):
    with pytest.raises(InvalidValueError, match=r"valeur\(s\) de zonage inconnue\(s\).*'zone rouge'"):
        read_zoning(_write(tmp_path, "code_commune;zonage\n33063;zone rouge\n"))
    with pytest.raises(InvalidCodeError, match="deux classes de zonage différentes.*33063"):
        read_zoning(_write(tmp_path, "code_commune;zonage\n33063;ZIP\n33063;ZAC\n"))
    with pytest.raises(InvalidCodeError, match="mal formé.*'3306X'"):
        read_zoning(_write(tmp_path, "code_commune;zonage\n3306X;ZIP\n"))
    with pytest.raises(MissingColumnError, match="zonage dans .*colonnes trouvées : CODGEO, classement"):
        read_zoning(_write(tmp_path, "CODGEO;classement\n33063;ZIP\n"))


def test_zoning_known_communes(tmp_path):
    with pytest.warns(SourceWarning, match="commune absente du référentiel des communes : 1"):
        z = read_zoning(_write(tmp_path, "code_commune;zonage\n33063;ZIP\n99999;ZAC\n"), known_communes={"33063"})
    assert z.index.tolist() == ["33063"]


def test_tvs(tmp_path):
    text = "Code commune;Code TVS;Libellé TVS\n33063;33063;Bordeaux\n33318;33063;Bordeaux\n1001;01004;Ambérieu\n"
    t = read_tvs(_write(tmp_path, text, encoding="latin-1"))
    assert t.to_dict("index") == {
        "01001": {"code_tvs": "01004", "libelle_tvs": "Ambérieu"},
        "33063": {"code_tvs": "33063", "libelle_tvs": "Bordeaux"},
        "33318": {"code_tvs": "33063", "libelle_tvs": "Bordeaux"},
    }
    with pytest.raises(InvalidCodeError, match=r"dans deux TVS.*33318 dans \['33063', '33281'\]"):
        read_tvs(_write(tmp_path, "code_commune;code_tvs\n33318;33063\n33318;33281\n"))
    with pytest.raises(InvalidValueError, match="plusieurs libellés.*33063"):
        read_tvs(_write(tmp_path, "code_commune;code_tvs;libelle_tvs\n33318;33063;A\n33063;33063;B\n"))
    with pytest.raises(InvalidValueError, match="sans code de TVS.*33318"):
        read_tvs(_write(tmp_path, "code_commune;code_tvs\n33318;\n"))


def test_qpv(tmp_path):
    text = (
        "code_qpv;libelle_qpv;code_commune;population\n"
        "QN03301M;Les Aubiers - Le Lac;33063;3 120\n"
        "QN03302M;Saige;33318;2500\n"
        "QN03302M;Saige;33318;2500\n"  # duplicate: dropped, reported
        "QN03303M;Dravemont;33167;1200\n"
        "QN03303M;Dravemont;33162;800,5\n"  # QPV over two communes
    )
    with pytest.warns(SourceWarning, match="ligne QPV × commune en double : 1"):
        q = read_qpv(_write(tmp_path, text))
    assert q["population"].tolist() == [3120.0, 2500.0, 1200.0, 800.5]
    assert q["code_commune"].tolist() == ["33063", "33318", "33167", "33162"]
    with pytest.raises(InvalidValueError, match="'population'.*valeur négative"):
        read_qpv(_write(tmp_path, "code_qpv;libelle_qpv;code_commune;population\nQ1;A;33063;-4\n"))
    with pytest.raises(InvalidValueError, match="populations différentes.*Q1/33063"):
        read_qpv(_write(tmp_path, "code_qpv;libelle_qpv;code_commune;population\nQ1;A;33063;4\nQ1;A;33063;5\n"))


def test_caps(tmp_path):
    c = read_zoning_caps(_write(tmp_path, "code_region;part_max_zip;part_max_zac\n75;0,25;0.40\n1;0.5;0.5\n"))
    assert c.index.tolist() == ["01", "75"]
    assert c.loc["75"].tolist() == [0.25, 0.4]
    with pytest.raises(InvalidValueError, match=r"'part_max_zip'.*25\.0.*hors de \[0, 1\].*régions '75'"):
        read_zoning_caps(_write(tmp_path, "code_region;part_max_zip;part_max_zac\n75;25;0.4\n"))
    with pytest.raises(InvalidCodeError, match=r"présente\(s\) deux fois.*'75'"):
        read_zoning_caps(_write(tmp_path, "code_region;part_max_zip;part_max_zac\n75;0.2;0.4\n75;0.2;0.4\n"))
    with pytest.raises(InvalidValueError, match="valeur manquante"):
        read_zoning_caps(_write(tmp_path, "code_region;part_max_zip;part_max_zac\n75;;0.4\n"))
