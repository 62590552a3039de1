"""FINESS etalab extraction reader, on a hand-made file in the official record layout (Latin-1)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from pyproj import Transformer

from access_map.errors import SourceError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.finess import STRUCTURE_FIELDS, read_finess


def _structure(finess, rs, commune, dep, cat, libcat, *, dateouv="2015-03-01", rslongue=""):
    rec = dict.fromkeys(STRUCTURE_FIELDS, "")
    rec.update(
        {
            "section": "structureet",
            "nofinesset": finess,
            "nofinessej": finess[:-1] + "0",
            "rs": rs,
            "rslongue": rslongue,
            "commune": commune,
            "departement": dep,
            "categetab": cat,
            "libcategetab": libcat,
            "dateouv": dateouv,
            "dateautor": dateouv,
            "datemaj": "2024-01-02",
        }
    )
    return ";".join(rec[f] for f in STRUCTURE_FIELDS)


LINES = [
    "finess;etalab;111;2026-05-12",
    # MSP in Bordeaux (33063), Lambert 93 in the older keyword form
    _structure(
        "330000001",
        "MSP DES CHÂTEAUX",
        "063",
        "33",
        "603",
        "Maison de santé (L.6223-3)",
        rslongue="MAISON DE SANTÉ PLURIPROFESSIONNELLE DES CHÂTEAUX",
    ),
    "geolocalisation;330000001;417242.9;6423013.6;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2024-01-01",
    # centre de santé in Ajaccio (2A004), recent EPSG form, French date format
    _structure("2A0000017", "CENTRE DE SANTÉ D'AJACCIO", "004", "2A", "124", "Centre de Santé", dateouv="13/02/1979"),
    "geolocalisation;2A0000017;1177000.0;6106000.0;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2026-05-04",
    # MSP in Guadeloupe (9A + 101 = 97101), UTM 20N coordinates
    _structure("970100012", "MSP DES ABYMES", "101", "9A", "603", "Maison de santé (L.6223-3)"),
    "geolocalisation;970100012;657242.9;1795384.4;2,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM Zone 20N (Antilles);2026-05-04",
    # CPTS without any geolocalisation record
    _structure("330000019", "CPTS DU BLAYAIS", "058", "33", "604", "Communauté Professionnelle Territoriale de Santé"),
    # hospital: other category, filtered
    _structure("010000024", "CH DE FLEYRIAT", "451", "01", "355", "Centre Hospitalier (C.H.)"),
    "geolocalisation;010000024;870215.7;6571590.5;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2021-01-04",
    # quoted name containing a ';' and doubled quotes, empty coordinates
    _structure("330000027", '"MSP ""LE CHAI; LA VIGNE"""', "318", "33", "603", "Maison de santé (L.6223-3)"),
    "geolocalisation;330000027;;;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2021-01-04",
    # missing commune: dropped and reported
    _structure("330000035", "MSP SANS COMMUNE", "", "33", "603", "Maison de santé (L.6223-3)"),
]


@pytest.fixture()
def finess_file(tmp_path):
    p = tmp_path / "etalab-cs1100507-stock-20260512-0336.csv"
    p.write_bytes(("\n".join(LINES) + "\n").encode("latin-1"))
    return p


def test_read_finess_default_categories(finess_file):
    with pytest.warns(SourceWarning) as rec:
        g = read_finess(finess_file)
    messages = [str(r.message) for r in rec]
    assert any("1 établissement situé(s) dans un autre système projeté (EPSG:5490" in m for m in messages)
    assert any("commune inutilisable (champs departement/commune) : 1" in m for m in messages)
    assert g.crs.to_epsg() == 2154
    assert g["finess"].tolist() == ["330000001", "2A0000017", "970100012", "330000019", "330000027"]
    assert g["code_commune"].tolist() == ["33063", "2A004", "97101", "33058", "33318"]
    assert g["categorie"].tolist() == ["603", "124", "603", "604", "603"]
    assert g["nom"].iloc[0] == "MSP DES CHÂTEAUX"  # Latin-1 accents decoded
    assert g["nom_long"].iloc[0] == "MAISON DE SANTÉ PLURIPROFESSIONNELLE DES CHÂTEAUX"
    assert g["nom"].iloc[4] == 'MSP "LE CHAI; LA VIGNE"'
    assert g["date_ouverture"].tolist() == [
        pd.Timestamp("2015-03-01"),
        pd.Timestamp("1979-02-13"),
        pd.Timestamp("2015-03-01"),
        pd.Timestamp("2015-03-01"),
        pd.Timestamp("2015-03-01"),
    ]
    # Lambert 93 input in a Lambert 93 output: coordinates unchanged
    assert (g.geometry.iloc[0].x, g.geometry.iloc[0].y) == pytest.approx((417242.9, 6423013.6))
    # no geolocalisation record / empty coordinates: kept with an empty geometry and reported
    assert g.geometry.iloc[3] is None and g.geometry.iloc[4] is None
    rep = drop_report(g)
    assert rep.reasons == {
        "commune inutilisable (champs departement/commune)": 1,
        "établissement sans enregistrement de géolocalisation (gardé, géométrie vide)": 1,
        "coordonnées vides ou non numériques (gardé, géométrie vide)": 1,
    }
    assert g.attrs["selection"] == {"category not requested": 1}


def test_overseas_point_is_reprojected_from_its_own_system(finess_file):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SourceWarning)
        g = read_finess(finess_file, categories=["603"], crs=4326, drop_without_coordinates=True)
    assert g["finess"].tolist() == ["330000001", "970100012"]
    pt = g.set_index("finess").geometry["970100012"]
    # independent transform with WGS 84 / UTM 20N (RGAF09 differs from WGS 84 by < 1 m)
    lon, lat = Transformer.from_crs(32620, 4326, always_xy=True).transform(657242.9, 1795384.4)
    assert (pt.x, pt.y) == pytest.approx((lon, lat), abs=1e-4)
    assert -61.9 < pt.x < -61.0 and 15.8 < pt.y < 16.6  # Guadeloupe
    bdx = g.set_index("finess").geometry["330000001"]
    assert -0.7 < bdx.x < -0.4 and 44.7 < bdx.y < 45.0  # Bordeaux


def test_all_categories_and_errors(finess_file, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SourceWarning)
        g = read_finess(finess_file, categories=None)
    assert "010000024" in set(g["finess"]) and g.attrs["selection"] == {}
    not_finess = tmp_path / "other.csv"
    not_finess.write_text("a;b\n1;2\n")
    with pytest.raises(SourceError, match="n'est pas une extraction FINESS d'etalab"):
        read_finess(not_finess)
    with pytest.raises(SourceError, match="fichier introuvable"):
        read_finess(tmp_path / "missing.csv")


def test_overseas_in_its_own_crs_without_warning(finess_file):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SourceWarning)
        g = read_finess(finess_file, crs=5490)
    pt = g.set_index("finess").geometry["970100012"]
    assert (pt.x, pt.y) == pytest.approx((657242.9, 1795384.4))  # same system: unchanged


def test_utf8_file_without_geolocalisation(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("\n".join(LINES[:2]) + "\n", encoding="utf-8")
    with pytest.warns(SourceWarning, match="sans enregistrement de géolocalisation"):
        g = read_finess(p)
    assert g["nom"].tolist() == ["MSP DES CHÂTEAUX"]
