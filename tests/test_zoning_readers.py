"""Published zonings (ameli/ARS codes, postal-code keyed files), DREES TVS files and caps layouts (issue 11, obs. 3)."""

from __future__ import annotations

import pandas as pd
import pytest

from access_map.errors import InvalidValueError, MissingColumnError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.postal import match_postal_names, normalize_commune_name
from access_map.readers.zonage import read_tvs, read_zoning, read_zoning_caps
from access_map.zoning import compute_zoning, tvs_membership, zoning_diff, zoning_summary


def _write(tmp_path, text, *, name="t.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_published_codes_zar_and_not_available(tmp_path):
    text = (
        "code_commune;libelle_commune;zonage\n"
        "01001;L'Abergement-Clémenciat;1_ZIP\n"
        "01002;L'Abergement-de-Varey;2_ZAC\n"
        "01004;Ambérieu-en-Bugey;3_HZ\n"
        "01005;Ambérieux-en-Dombes;4_ZAR\n"
        "01006;Ambléon;N/A - résultat non disponible\n"
    )
    z = read_zoning(_write(tmp_path, text))
    assert z["zonage"].iloc[:4].tolist() == ["ZIP", "ZAC", "HZ", "ZAR"] and pd.isna(z.loc["01006", "zonage"])
    assert z.attrs["not_available"] == ["01006"]
    assert z.loc["01006", "zonage_brut"] == "N/A - résultat non disponible"
    # ZAR is a class of its own in summaries and diffs; N/A communes are not counted in any class
    pop = pd.Series(100.0, index=z.index)
    s = zoning_summary(z["zonage"], population=pop).set_index("zonage")
    assert s.index.tolist() == ["ZIP", "ZAC", "ZAR", "ZV", "HV", "HZ"]
    assert s.loc["ZAR", "population"] == 100 and s["population"].sum() == 400
    d = zoning_diff(z["zonage"], z["zonage"].replace({"ZAR": "ZAC"}), population=pop)
    assert d.crosstab().loc["ZAR", "ZAC"] == 100


def test_words_for_hors_zonage_and_zar(tmp_path):
    text = "code_commune;zonage\n01001;Hors zonage\n01002;Zone d'accompagnement régional\n01004;6_HZ\n"
    z = read_zoning(_write(tmp_path, text))
    # "6_HZ" is the DREES application's code of a TVS hors vivier; "hors zonage" (3_HZ) merges ZV and HV
    assert z["zonage"].tolist() == ["HZ", "ZAR", "HV"]


def test_normalised_names():
    assert normalize_commune_name("Saint-Genis-Pouilly") == normalize_commune_name("ST GENIS POUILLY")
    assert normalize_commune_name("Abergement-de-Varey (L')") == "L ABERGEMENT DE VAREY"
    assert normalize_commune_name("ÉVIAN-LES-BAINS CEDEX") == "EVIAN LES BAINS"


def test_zoning_keyed_by_postal_code_and_name(tmp_path):
    reference = pd.DataFrame(
        {
            "code_commune": ["01001", "01002", "2A004", "2B033", "13055", "01400", "01401"],
            "nom": ["L'Abergement-Clémenciat", "L'Abergement-de-Varey", "Ajaccio", "Bastia", "Marseille",
                    "Vernoux", "Vernoux"],
        }
    )  # fmt: skip
    text = (
        "code_postal;libelle_commune;zonage\n"
        "01400;ABERGEMENT CLEMENCIAT (L');1_ZIP\n"
        "01640;L'ABERGEMENT-DE-VAREY;2_ZAC\n"
        "20000;AJACCIO;3_HZ\n"  # 20: Corse-du-Sud or Haute-Corse
        "13008;MARSEILLE 08;2_ZAC\n"  # district postal code: the arrondissement 13208
        "01560;VERNOUX;1_ZIP\n"  # two communes of that name in the department: ambiguous
        "01999;NOWHERE;1_ZIP\n"  # no such commune: unmatched
    )
    with pytest.warns(
        SourceWarning, match="ne correspondant à aucune commune : 1.*correspondant à plusieurs communes : 1"
    ):
        z = read_zoning(_write(tmp_path, text), reference=reference)
    assert z["zonage"].to_dict() == {"01001": "ZIP", "01002": "ZAC", "13208": "ZAC", "2A004": "HZ"}
    bad = z.attrs["unmatched"].set_index("libelle_commune")
    assert bad["status"].to_dict() == {"VERNOUX": "ambiguous", "NOWHERE": "unmatched"}
    assert bad.loc["VERNOUX", "candidates"] == "01400, 01401"
    assert drop_report(z).total == 2
    # with La Poste's table the postal code itself disambiguates
    poste = pd.DataFrame(
        {
            "#Code_commune_INSEE": ["01400", "01401", "01001"],
            "Nom_de_la_commune": ["VERNOUX", "VERNOUX", "L ABERGEMENT CLEMENCIAT"],
            "Code_postal": ["01560", "01190", "01400"],
        }
    )
    codes, unmatched = match_postal_names(
        pd.DataFrame({"code_postal": ["01560", "01400"], "libelle_commune": ["Vernoux", "Abergement-Clémenciat (L')"]}),
        postal_codes=poste,
    )
    assert codes.tolist() == ["01400", "01001"] and unmatched.empty
    with pytest.raises(InvalidValueError, match="demandent un référentiel des communes"):
        read_zoning(_write(tmp_path, text))
    with pytest.raises(
        MissingColumnError, match="aucune colonne de code de commune .* ni paire code_postal \\+ libelle_commune"
    ):
        read_zoning(_write(tmp_path, "libelle_commune;zonage\nX;1_ZIP\n"))


def test_drees_tvs_file_with_cadre_national(tmp_path):
    text = (
        "depcom;libcom;tv;libtv;code_reg;CN\n"
        "01001;L'Abergement-Clémenciat;01093;Châtillon;84;02_Vivier\n"
        "01002;L'Abergement-de-Varey;01004;Ambérieu;84;01_Sélection nationale\n"
        "01004;Ambérieu-en-Bugey;01004;Ambérieu;84;01_Sélection nationale\n"
    )
    t = read_tvs(_write(tmp_path, text))
    assert t.columns.tolist() == ["code_tvs", "libelle_tvs", "code_region", "drees_category"]
    assert t["code_region"].unique().tolist() == ["84"]
    m = tvs_membership(t)
    assert m["drees_category"].tolist() == ["vivier", "national_selection", "national_selection"]
    bad = text.replace("02_Vivier", "03_Autre")
    with pytest.raises(InvalidValueError, match="libellé de catégorie inconnu \\(03_Autre\\)"):
        tvs_membership(read_tvs(_write(tmp_path, bad)))
    two = text.replace(
        "01004;Ambérieu-en-Bugey;01004;Ambérieu;84;01_Sélection nationale", "01004;A;01004;Ambérieu;84;02_Vivier"
    )
    with pytest.raises(InvalidValueError, match="TVS avec deux catégories DREES \\(01004\\)"):
        tvs_membership(read_tvs(_write(tmp_path, two)))


def test_caps_file_layouts(tmp_path):
    frac = read_zoning_caps(_write(tmp_path, "code_region;part_max_zip;part_max_zac\n1;0,25;0.40\n"))
    assert frac.to_dict("index") == {"01": {"zip_cap_share": 0.25, "zac_cap_share": 0.4}}
    app = read_zoning_caps(_write(tmp_path, "reg;libreg;SN;maxZIP;maxZAC;check\n84;ARA;12.4;25,5;40;ok\n"))
    assert app.to_dict("index") == {"84": {"zip_cap_share": 0.255, "zac_cap_share": 0.4}}
    with pytest.raises(InvalidValueError, match="à la fois des colonnes de fractions"):
        read_zoning_caps(_write(tmp_path, "reg;part_max_zip;part_max_zac;maxZIP;maxZAC\n84;0.2;0.3;20;30\n"))
    with pytest.raises(InvalidValueError, match="'maxZIP'.*hors de \\[0, 1\\]"):
        read_zoning_caps(_write(tmp_path, "reg;maxZIP;maxZAC\n84;250;40\n"))
    with pytest.raises(MissingColumnError, match="les plafonds demandent part_max_zip et part_max_zac"):
        read_zoning_caps(_write(tmp_path, "reg;part_max_zip\n84;0.2\n"))


def test_engine_accepts_published_classes_in_lists_and_zoning_in_force():
    communes = pd.DataFrame(
        {"apl": [3.0, 5.0], "standardised_population": [1.0, 1.0], "population": [100.0, 100.0],
         "code_region": ["75", "75"]},
        index=pd.Index(["33001", "33002"], name="code_commune"),
    )  # fmt: skip
    tvs = pd.Series({"33001": "V", "33002": "H"})
    caps = pd.DataFrame({"zip_cap_share": [0.5], "zac_cap_share": [0.5]}, index=pd.Index(["75"], name="code_region"))
    # "3_HZ" in an ARS list: ZV for a vivier TVS, HV for a hors-vivier one
    sel = pd.DataFrame({"code_tvs": ["V", "H"], "zonage": ["3_HZ", "3_HZ"]})
    z = compute_zoning(communes, tvs=tvs, caps=caps, selection=sel)
    assert z.tvs.set_index("code_tvs")["zonage"].to_dict() == {"H": "HV", "V": "ZV"}
    with pytest.raises(InvalidValueError, match="la valeur de zonage « ZAR » n'est pas l'une de ZIP, ZAC, ZV, HV, HZ"):
        compute_zoning(communes, tvs=tvs, caps=caps, selection=sel.assign(zonage="ZAR"))
