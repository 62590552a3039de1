"""CPTS coverage on hand-built perimeters (overlaps, gaps, dates, size-class bounds, bad input)."""

from __future__ import annotations

import warnings

import geopandas as gpd
import pandas as pd
import pytest

from access_map.cpts import (
    ACI_SIZE_CLASSES,
    SIGNED,
    SizeClasses,
    check_cpts,
    commune_coverage,
    coverage,
    coverage_progress,
    cpts_perimeters,
    cpts_table,
    overlaps,
    uncovered_by_zoning,
    uncovered_communes,
    with_geometry,
)
from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError

# Hand-built territory: 7 communes, 3 departments, 2 regions; total population 280,000.
#   dep 01 (reg 84): 01001 30,000 ; 01002 10,000 ; 01003 40,000       -> 80,000
#   dep 02 (reg 32): 02001 80,000 ; 02002 95,000 ; 02003 5,000        -> 180,000
#   dep 03 (reg 84): 03001 20,000                                     -> 20,000
COMMUNES = pd.DataFrame(
    {
        "population": [30_000.0, 10_000.0, 40_000.0, 80_000.0, 95_000.0, 5_000.0, 20_000.0],
        "code_departement": ["01", "01", "01", "02", "02", "02", "03"],
        "code_region": ["84", "84", "84", "32", "32", "32", "84"],
    },
    index=pd.Index(["01001", "01002", "01003", "02001", "02002", "02003", "03001"], name="code_commune"),
)

# CPTS (population = size-class bound exactly for A, B, C):
#   A signed 2020-06-01: 01001 + 01002          = 40,000   (bound 1|2)
#   B signed 2022-03-15: 02001                  = 80,000   (bound 2|3)
#   C projet           : 02001 + 02002          = 175,000  (bound 3|4)  overlaps B on 02001
#   D pré-projet       : 01002 + 01003          = 50,000               overlaps A on 01002
# Uncovered (any status): 02003 (5,000) and 03001 (20,000) -> covered 255,000 of 280,000.
CPTS = pd.DataFrame(
    {
        "id_cpts": ["A", "A", "B", "C", "C", "D", "D"],
        "nom_cpts": ["CPTS A", "CPTS A", "CPTS B", "CPTS C", "CPTS C", "CPTS D", "CPTS D"],
        "statut": [SIGNED, SIGNED, "Contrat ACI signé", "projet", "projet", "pré-projet", "Pre-projet"],
        "date_signature": ["2020-06-01", "2020-06-01", "15/03/2022", None, None, "", ""],
        "code_commune": ["01001", "01002", "02001", "02001", "02002", "01002", "01003"],
    }
)


def test_size_classes_at_bounds_default_convention():
    t = cpts_table(CPTS, COMMUNES)
    assert t.loc["A", "population"] == 40_000  # 30,000 + 10,000
    assert t.loc["B", "population"] == 80_000
    assert t.loc["C", "population"] == 175_000  # 80,000 + 95,000
    assert t.loc["D", "population"] == 50_000  # 10,000 + 40,000
    # default: a bound belongs to the upper class ("taille 1 < 40,000")
    assert t["taille"].tolist() == [2, 3, 4, 2]
    assert t["n_communes"].tolist() == [2, 1, 2, 2]
    assert t.loc["B", "statut"] == SIGNED
    assert t.loc["B", "date_signature"] == pd.Timestamp("2022-03-15")
    assert pd.isna(t.loc["C", "date_signature"])
    # shared population: A and D share 01002 (10,000); B and C share 02001 (80,000)
    assert t["shared_population"].tolist() == [10_000, 80_000, 80_000, 10_000]
    assert t.loc["C", "code_departement"] == "02"
    assert t["n_departements"].tolist() == [1, 1, 1, 1]


def test_size_classes_other_convention_and_neighbours():
    t = cpts_table(CPTS, COMMUNES, size_classes=SizeClasses(lower_inclusive=False))
    assert t["taille"].tolist() == [1, 2, 3, 2]
    assert ACI_SIZE_CLASSES.classify([39_999.0, 79_999.0, 174_999.0, 175_001.0]).tolist() == [1, 2, 3, 4]
    with pytest.raises(InvalidValueError, match="positives et croissantes"):
        SizeClasses(bounds=(80_000.0, 40_000.0))


def test_coverage_counts_each_inhabitant_once():
    nat = coverage(CPTS, COMMUNES, level="nation")
    row = nat.loc["FR"]
    # sum of CPTS populations is 345,000 but covered communes hold 255,000 inhabitants
    assert row["population"] == 280_000
    assert row["covered_population"] == 255_000
    assert row["uncovered_population"] == 25_000
    assert row["coverage_percent"] == pytest.approx(100 * 255 / 280)  # 91.07 %
    assert row["gap_points"] == pytest.approx(100 - 100 * 255 / 280)
    assert row["gap_population"] == pytest.approx(25_000)
    assert row["n_communes_overlap"] == 2  # 01002, 02001
    assert row["overlap_population"] == 90_000  # 10,000 + 80,000
    assert row["n_cpts"] == 4


def test_coverage_by_department_and_region():
    dep = coverage(CPTS, COMMUNES, level="departement")
    assert dep.index.name == "code_departement"
    assert dep["coverage_percent"].to_dict() == pytest.approx({"01": 100.0, "02": 100 * 175 / 180, "03": 0.0})
    assert dep.loc["03", "n_cpts"] == 0
    reg = coverage(CPTS, COMMUNES, level="region", target_percent=90.0)
    # region 84 = dep 01 + dep 03: 80,000 covered of 100,000 -> 80 %; gap to 90 %: 10 points, 10,000 inhabitants
    assert reg.loc["84", "coverage_percent"] == pytest.approx(80.0)
    assert reg.loc["84", "gap_points"] == pytest.approx(10.0)
    assert reg.loc["84", "gap_population"] == pytest.approx(10_000.0)
    # region 32: 175,000 / 180,000 = 97.2 % > 90 % target -> gap 0
    assert reg.loc["32", "gap_points"] == 0.0
    assert reg.loc["32", "gap_population"] == 0.0
    # consistency: population-weighted mean of departments = region
    assert (dep["covered_population"].sum()) == reg["covered_population"].sum() == 255_000


def test_status_and_date_filters():
    signed = coverage(CPTS, COMMUNES, level="nation", statuses=SIGNED).loc["FR"]
    # A (40,000) + B (80,000) = 120,000 of 280,000
    assert signed["covered_population"] == 120_000
    assert signed["n_cpts"] == 2
    at_2021 = coverage(CPTS, COMMUNES, level="nation", date="2021-12-31").loc["FR"]
    assert at_2021["covered_population"] == 40_000  # only A (signed 2020-06-01)
    # statuses accept several values, with loose spelling
    proj = coverage(CPTS, COMMUNES, level="nation", statuses=["Projet", "pre projet"]).loc["FR"]
    # C (175,000) + D (50,000) = 225,000
    assert proj["covered_population"] == 225_000
    with pytest.raises(InvalidValueError, match=r"statut de CPTS inconnue\(s\)"):
        coverage(CPTS, COMMUNES, statuses="signed maybe")


def test_progress_over_time_boundaries_inclusive():
    prog = coverage_progress(CPTS, COMMUNES, ["2019-12-31", "2020-06-01", "2022-03-14", "2022-03-15"])
    # 0 ; A counts on its signature day: 40,000 ; still A ; A + B = 120,000
    assert prog["covered_population"].tolist() == [0.0, 40_000.0, 40_000.0, 120_000.0]
    assert prog["date"].tolist()[1] == pd.Timestamp("2020-06-01")
    by_reg = coverage_progress(CPTS, COMMUNES, ["2023-01-01"], level="region")
    assert set(by_reg["code_region"]) == {"32", "84"}
    assert by_reg.set_index("code_region").loc["32", "covered_population"] == 80_000


def test_overlaps_and_uncovered():
    ov = overlaps(CPTS, COMMUNES)
    assert ov.index.tolist() == ["01002", "02001"]
    assert ov["cpts_ids"].tolist() == ["A;D", "B;C"]
    assert ov["population"].sum() == 90_000
    assert overlaps(CPTS, COMMUNES, statuses=SIGNED).empty
    unc = uncovered_communes(CPTS, COMMUNES)
    assert unc.index.tolist() == ["02003", "03001"]
    assert unc["population"].sum() == 25_000
    unc_signed = uncovered_communes(CPTS, COMMUNES, statuses=SIGNED)
    assert sorted(unc_signed.index) == ["01003", "02002", "02003", "03001"]


def test_uncovered_by_zoning():
    zoning = pd.DataFrame({"zonage": ["ZIP", "HV", "HV", "HV", "HV", "ZIP", "ZAC"]}, index=COMMUNES.index)
    zoning = zoning.drop(index="01003")  # one commune without class
    t = uncovered_by_zoning(CPTS, COMMUNES, zoning)
    nat = t.xs("FR")
    # ZIP: 01001 (30,000, covered) + 02003 (5,000, uncovered) -> 5,000 / 35,000
    assert nat.loc["ZIP", "population"] == 35_000
    assert nat.loc["ZIP", "uncovered_population"] == 5_000
    assert nat.loc["ZIP", "uncovered_percent"] == pytest.approx(100 * 5 / 35)
    # ZAC: 03001 (20,000) uncovered
    assert nat.loc["ZAC", "uncovered_percent"] == 100.0
    assert nat.loc["non zoné", "population"] == 40_000
    assert nat["n_communes"].sum() == 7
    unc = uncovered_communes(CPTS, COMMUNES, zoning=zoning)
    assert unc["zonage"].tolist() == ["ZIP", "ZAC"]
    by_dep = uncovered_by_zoning(CPTS, COMMUNES, zoning, level="departement")
    assert by_dep.loc[("02", "ZIP"), "uncovered_population"] == 5_000


def test_commune_coverage_columns():
    cc = commune_coverage(CPTS, COMMUNES)
    assert cc.loc["02001", "n_cpts"] == 2
    assert bool(cc.loc["03001", "covered"]) is False
    assert cc.loc["03001", "cpts_ids"] == ""
    assert COMMUNES.shape == (7, 3)  # input not modified


# ---------------------------------------------------------------- bad inputs
def test_unknown_commune_codes_are_counted_warned_and_listed():
    bad = pd.concat(
        [
            CPTS,
            pd.DataFrame(
                {
                    "id_cpts": ["A", "A"],
                    "nom_cpts": ["CPTS A"] * 2,
                    "statut": [SIGNED] * 2,
                    "date_signature": ["2020-06-01"] * 2,
                    "code_commune": ["99999", "ABC"],
                }
            ),
        ],
        ignore_index=True,
    )
    with pytest.warns(
        UserWarning, match=r"2 lignes écartées : 2 codes commune absents.*'99999'.*dont mal formés : 'ABC'"
    ):
        links, _, report = check_cpts(bad, COMMUNES)
    assert report.unknown_communes == ("99999", "ABC")
    assert report.unknown_rows == 2
    assert len(links) == len(CPTS)
    frame = report.to_frame()
    assert frame.loc[frame["probleme"] == "code commune inconnu", "valeur"].tolist() == ["99999", "ABC"]
    with pytest.warns(UserWarning, match="absents? de la table des communes"):
        nat = coverage(bad, COMMUNES, level="nation")
    assert nat.loc["FR", "covered_population"] == 255_000  # unchanged by excluded rows


def test_cpts_with_no_commune():
    extra = pd.DataFrame(
        {
            "id_cpts": ["E", "F"],
            "nom_cpts": ["CPTS E", "CPTS F"],
            "statut": ["projet"] * 2,
            "date_signature": [None, None],
            "code_commune": ["99998", None],
        }
    )
    bad = pd.concat([CPTS, extra], ignore_index=True)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        _, _, report = check_cpts(bad, COMMUNES)
    messages = " | ".join(str(w.message) for w in rec)
    assert "2 CPTS sans aucune commune connue : 'E', 'F'" in messages
    assert report.empty_cpts == ("E", "F")
    assert report.missing_commune_rows == 1
    with pytest.warns(UserWarning):
        t = cpts_table(bad, COMMUNES)
    assert t.loc["E", "n_communes"] == 0 and t.loc["E", "population"] == 0.0
    assert pd.isna(t.loc["E", "taille"])
    with (
        pytest.raises(InvalidCodeError, match=r"CPTS sans aucune commune connue : 'E', 'F'"),
        pytest.warns(UserWarning),
    ):
        check_cpts(bad, COMMUNES, on_empty="raise")


def test_duplicate_rows_dropped_with_warning():
    bad = pd.concat([CPTS, CPTS.iloc[[0, 2]]], ignore_index=True)
    with pytest.warns(UserWarning, match=r"2 lignes \(CPTS, commune\) en double écartées"):
        t = cpts_table(bad, COMMUNES)
    assert t.loc["A", "population"] == 40_000  # not double counted
    with pytest.warns(UserWarning, match="en double"):
        _, _, report = check_cpts(bad, COMMUNES)
    assert report.duplicate_rows == 2


def test_other_bad_inputs():
    with pytest.raises(MissingColumnError, match="code_commune"):
        coverage(CPTS.drop(columns="code_commune"), COMMUNES)
    incoherent = CPTS.copy()
    incoherent.loc[1, "nom_cpts"] = "Autre nom"
    with pytest.raises(InvalidValueError, match=r"diffèrent d'une ligne à l'autre : 'A'"):
        coverage(incoherent, COMMUNES)
    bad_date = CPTS.copy()
    bad_date.loc[0, "date_signature"] = "hier"
    with pytest.raises(InvalidValueError, match=r"illisible.*'hier'"):
        coverage(bad_date, COMMUNES)
    with pytest.raises(MissingColumnError, match="code_region"):
        coverage(CPTS, COMMUNES["population"], level="region")
    with pytest.raises(InvalidValueError, match="niveau territorial inconnu"):
        coverage(CPTS, COMMUNES, level="canton")
    with pytest.raises(InvalidValueError, match="cible de couverture"):
        coverage(CPTS, COMMUNES, target_percent=120.0)
    with pytest.raises(InvalidValueError, match="liste non vide"):
        coverage_progress(CPTS, COMMUNES, "2022-01-01")


def test_official_csv_column_name_and_numeric_codes():
    raw = CPTS.rename(columns={"date_signature": "date_signature_aci"})
    raw["code_commune"] = [1001, 1002, 2001, 2001, 2002, 1002, 1003]  # read without dtype=str
    assert coverage(raw, COMMUNES, level="nation").loc["FR", "covered_population"] == 255_000


def test_perimeters_and_summary_geometries():
    from shapely.geometry import box

    geoms = [box(i, 0, i + 1, 1) for i in range(len(COMMUNES))]
    gdf = gpd.GeoDataFrame(COMMUNES.copy(), geometry=geoms, crs=2154)
    per = cpts_perimeters(CPTS, gdf)
    assert per.crs.to_epsg() == 2154
    assert per.index.tolist() == ["A", "B", "C", "D"]
    assert per.loc["C", "geometry"].area == pytest.approx(2.0)  # two unit squares dissolved
    assert per.loc["C", "taille"] == 4
    deps = gpd.GeoDataFrame(
        {"nom": ["Ain", "Aisne"]}, geometry=[box(0, 0, 3, 1), box(3, 0, 6, 1)], index=["01", "02"], crs=2154
    )
    with pytest.warns(UserWarning, match=r"1 territoire sans contour : '03'"):
        g = with_geometry(coverage(CPTS, COMMUNES, level="departement"), deps)
    assert g.loc["01", "nom"] == "Ain"
    assert g.loc["03", "geometry"] is None
