"""Hand-built cases for the GP zoning (access_map.zoning): every rule and edge.

Conventions of the helpers below: each TVS is one commune unless stated, weight =
population unless stated, so the TVS APL is the commune APL. Expected classes are
derived by hand in the comments (arrêté 2017: ≤ 2.5 national selection, ≤ 4 vivier).
"""

from __future__ import annotations

import functools
import operator
import warnings

import numpy as np
import pandas as pd
import pytest

from access_map import apl as apl_mod
from access_map.errors import ConstraintError, InvalidCodeError, InvalidValueError, MissingColumnError
from access_map.zoning import (
    ZoningRules,
    classify_apl,
    compute_zoning,
    tvs_apl,
    validate_caps,
)


def make(rows, *, caps=None):
    """rows: (code_commune, code_tvs, code_region, apl, population[, weight]) -> (communes, tvs, caps)."""
    recs = []
    for r in rows:
        code, tvs, reg, apl, pop = r[:5]
        weight = r[5] if len(r) > 5 else pop
        recs.append(
            dict(
                code_commune=code,
                code_tvs=tvs,
                code_region=reg,
                apl=apl,
                population=float(pop),
                standardised_population=float(weight),
            )
        )
    df = pd.DataFrame(recs).set_index("code_commune")
    tvs = df["code_tvs"]
    communes = df.drop(columns="code_tvs")
    if caps is None:
        caps = {r: (0.3, 0.3) for r in df["code_region"].unique()}
    caps_df = pd.DataFrame(
        {"zip_cap_share": [v[0] for v in caps.values()], "zac_cap_share": [v[1] for v in caps.values()]},
        index=pd.Index(list(caps), name="code_region"),
    )
    return communes, tvs, caps_df


def classes(result, region=None):
    t = result.tvs if region is None else result.tvs[result.tvs["code_region"] == region]
    return t.set_index("code_tvs")["subclass"].to_dict()


# --------------------------------------------------------------------------- rules / classification


def test_rules_presets_and_validation():
    assert ZoningRules.arrete_2017() == ZoningRules(2.5, 4.0, 0.05)
    assert ZoningRules.from_name("2021").zip_threshold == 2.5
    r = ZoningRules.revision_2025(zip_threshold=2.71, vivier_threshold=3.98)
    assert (r.zip_threshold, r.vivier_threshold) == (2.71, 3.98)
    with pytest.raises(InvalidValueError, match="zip_threshold = 4.5 dépasse vivier_threshold = 4.0"):
        ZoningRules.custom(zip_threshold=4.5, vivier_threshold=4.0)
    with pytest.raises(InvalidValueError, match="hors_vivier_margin = 5.0 est une part"):
        ZoningRules.custom(zip_threshold=2.5, vivier_threshold=4.0, hors_vivier_margin=5.0)
    with pytest.raises(InvalidValueError, match="jeu de règles 2019 inconnu"):
        ZoningRules.from_name("2019")
    with pytest.raises(InvalidValueError, match="n'est pas un nombre fini"):
        ZoningRules.custom(zip_threshold=float("nan"), vivier_threshold=4.0)


def test_classify_boundaries_exact():
    apl = pd.Series({"a": 2.5, "b": np.nextafter(2.5, 3), "c": 4.0, "d": np.nextafter(4.0, 5), "e": 0.0})
    got = classify_apl(apl).to_dict()
    assert got == {
        "a": "national_selection",
        "b": "vivier",
        "c": "vivier",
        "d": "hors_vivier",
        "e": "national_selection",
    }
    # 2025-style regional thresholds
    got = classify_apl(
        pd.Series([2.70, 2.72, 3.98, 3.99]), rules=ZoningRules.revision_2025(zip_threshold=2.71, vivier_threshold=3.98)
    ).tolist()
    assert got == ["national_selection", "vivier", "vivier", "hors_vivier"]


def test_tvs_apl_uses_standardised_weights_not_population():
    # commune 1: APL 1.0, weight 100, population 900; commune 2: APL 4.0, weight 300, population 100
    # weighted by standardised population: (1*100 + 4*300) / 400 = 3.25 (vivier);
    # weighted by population it would be (900 + 400) / 1000 = 1.3 (national selection) — must not be used.
    communes, tvs, caps = make([("33001", "T", "75", 1.0, 900, 100), ("33002", "T", "75", 4.0, 100, 300)])
    t = tvs_apl(communes["apl"], weights=communes["standardised_population"], tvs=tvs)
    assert t.loc["T", "apl"] == pytest.approx(3.25)
    assert t.loc["T", "weight"] == 400.0 and t.loc["T", "communes"] == 2
    z = compute_zoning(communes, tvs=tvs, caps=caps)
    assert z.tvs.loc[0, "category"] == "vivier"
    assert z.tvs.loc[0, "population"] == 1000.0  # caps count residents, not standardised population


def test_tvs_apl_agrees_with_apl_aggregate():
    rng = np.random.default_rng(1)
    codes = [f"33{i:03d}" for i in range(1, 41)]
    apl = pd.Series(rng.uniform(0, 7, 40), index=codes)
    w = pd.Series(rng.uniform(1, 5000, 40), index=codes)
    groups = pd.Series([f"T{i % 7}" for i in range(40)], index=codes, name="code_tvs")
    mine = tvs_apl(apl, weights=w, tvs=groups)["apl"]
    theirs = apl_mod.aggregate_apl(apl, weights=w, groups=groups)["apl"]
    pd.testing.assert_series_equal(mine.sort_index(), theirs.sort_index(), check_names=False, check_index_type=False)


# --------------------------------------------------------------------------- default policy


def test_apl_exactly_25_and_4_and_caps_reached_exactly():
    # region 1,000 inhabitants, ZIP cap 30 % = 300, ZAC cap 30 % = 300
    # A: APL 2.5 exactly -> national selection, ZIP A (100)
    # B: APL 2.6, 200 -> 100 + 200 = 300 = cap exactly -> ZIP B
    # C: APL 3.0, 300 -> ZIP full; ZAC 300 = cap exactly -> ZAC
    # D: APL 4.0 exactly -> vivier, 100 -> nothing left -> ZV
    # E: APL 4.0001, 300 -> hors vivier
    communes, tvs, caps = make(
        [
            ("33001", "A", "75", 2.5, 100),
            ("33002", "B", "75", 2.6, 200),
            ("33003", "C", "75", 3.0, 300),
            ("33004", "D", "75", 4.0, 100),
            ("33005", "E", "75", 4.0001, 300),
        ]
    )
    z = compute_zoning(communes, tvs=tvs, caps=caps)
    assert classes(z) == {"A": "ZIP_A", "B": "ZIP_B", "C": "ZAC", "D": "ZV", "E": "HV"}
    reg = z.report.regions.iloc[0]
    assert reg["zip_population"] == 300 and reg["zip_limit"] == pytest.approx(300)
    assert reg["zac_population"] == 300 and reg["vivier_population"] == 600
    assert z.report.ok and len(z.report.violations) == 0
    assert z.communes.loc["33001", "drees_code"] == "1_ZIP"
    assert z.communes.loc["33004", "drees_code"] == "5_ZV"
    assert z.communes.loc["33005", "drees_code"] == "6_HZ"
    assert z.communes.loc["33002", "zonage"] == "ZIP"


def test_one_inhabitant_over_the_cap_does_not_fit():
    # region 1,000, caps 30 % / 30 % (300 / 300); A national 100 -> ZIP room 200.
    # B (APL 2.6, 201): 201 > 200 -> not ZIP; C (3.0, 300) not ZIP; D (4.0, 99) fits -> ZIP B (room 101 left).
    # ZAC: B 201 <= 300 -> ZAC (99 left); C 300 > 99 -> ZV.  E (APL 4.5, 300) hors vivier.
    communes, tvs, caps = make(
        [
            ("33001", "A", "75", 2.5, 100),
            ("33002", "B", "75", 2.6, 201),
            ("33003", "C", "75", 3.0, 300),
            ("33004", "D", "75", 4.0, 99),
            ("33005", "E", "75", 4.5, 300),
        ]
    )
    z = compute_zoning(communes, tvs=tvs, caps=caps)
    assert classes(z) == {"A": "ZIP_A", "B": "ZAC", "C": "ZV", "D": "ZIP_B", "E": "HV"}
    r = z.report.regions.iloc[0]
    assert (r["zip_population"], r["zac_population"], r["zv_population"]) == (199, 201, 300)


def test_skip_versus_stop_policy():
    # region 1,000; ZIP cap 30 % -> 300; ZIP A = 100 -> 200 left.
    # V1 APL 2.6 pop 300 does not fit; V2 APL 2.7 pop 150 fits.
    # skip: V2 ZIP B; ZAC (cap 20 % = 200): V1 300 no, V3 APL 3.5 pop 150 fits -> ZAC; V1 ZV
    # stop: ZIP stops at V1 -> no ZIP B; ZAC: V1 300 > 200 -> stop -> all ZV
    rows = [
        ("33001", "A", "75", 2.0, 100),
        ("33002", "V1", "75", 2.6, 300),
        ("33003", "V2", "75", 2.7, 150),
        ("33004", "V3", "75", 3.5, 150),
        ("33005", "H", "75", 5.0, 300),
    ]
    communes, tvs, caps = make(rows, caps={"75": (0.3, 0.2)})
    skip = compute_zoning(communes, tvs=tvs, caps=caps)
    assert classes(skip) == {"A": "ZIP_A", "V1": "ZV", "V2": "ZIP_B", "V3": "ZAC", "H": "HV"}
    stop = compute_zoning(communes, tvs=tvs, caps=caps, policy="stop")
    assert classes(stop) == {"A": "ZIP_A", "V1": "ZV", "V2": "ZV", "V3": "ZV", "H": "HV"}
    assert "sélection arrêtée au TVS V1" in stop.tvs.set_index("code_tvs").loc["V2", "reason"]
    with pytest.raises(InvalidValueError, match="règle par défaut random inconnue"):
        compute_zoning(communes, tvs=tvs, caps=caps, policy="random")


def test_tie_on_apl_broken_by_tvs_code():
    # two vivier TVS with the same APL and 200 inhabitants, room for one: "T1" < "T2" -> T1 is ZIP B
    communes, tvs, caps = make(
        [("33001", "T2", "75", 3.0, 200), ("33002", "T1", "75", 3.0, 200), ("33003", "H", "75", 6.0, 600)],
        caps={"75": (0.2, 0.0)},
    )
    assert classes(compute_zoning(communes, tvs=tvs, caps=caps)) == {"T1": "ZIP_B", "T2": "ZV", "H": "HV"}


def test_national_selection_above_cap_is_a_warning_not_an_error():
    # ZIP A = 500 of 1,000 with a 30 % cap: mandatory, kept; no ZIP B possible
    communes, tvs, caps = make(
        [("33001", "A", "75", 2.0, 500), ("33002", "V", "75", 3.0, 100), ("33003", "H", "75", 5.0, 400)]
    )
    with pytest.warns(
        UserWarning,
        match="région 75 : la sélection nationale obligatoire seule \\(500 hab., 50,00\u202f%\\) dépasse le plafond ZIP "
        "de 300 hab. \\(30\u202f% de 1\u202f000 hab.\\)",
    ):
        z = compute_zoning(communes, tvs=tvs, caps=caps)
    assert classes(z) == {"A": "ZIP_A", "V": "ZAC", "H": "HV"}
    assert z.report.ok
    v = z.report.violations.iloc[0]
    assert (v["rule"], v["severity"], v["limit"], v["value"]) == (
        "national_selection_above_zip_cap",
        "warning",
        300.0,
        500.0,
    )


def test_commune_level_mean_and_multi_commune_tvs():
    # TVS T = two communes: APL 2.0 (w 100) and 3.5 (w 200) -> (200 + 700) / 300 = 3.0 -> vivier
    # -> both communes get the TVS class (ZIP B here: room 0.5*1000 - 0 = 500 >= 300)
    communes, tvs, caps = make(
        [("33001", "T", "75", 2.0, 100), ("33002", "T", "75", 3.5, 200), ("33003", "H", "75", 9.0, 700)],
        caps={"75": (0.5, 0.1)},
    )
    z = compute_zoning(communes, tvs=tvs, caps=caps)
    assert z.communes.loc[["33001", "33002"], "zonage"].tolist() == ["ZIP", "ZIP"]
    assert z.communes.loc["33001", "tvs_apl"] == pytest.approx(3.0)
    assert z.communes.loc["33001", "apl"] == 2.0


# --------------------------------------------------------------------------- cross-region TVS


def test_tvs_spanning_two_regions_counts_each_part_against_its_own_caps():
    # TVS X (APL 3.0) has 250 residents in region 75 and 250 in region 76.
    # Region 75: 1,000 inhabitants, ZIP cap 30 % = 300 -> X part (250) fits -> ZIP B.
    # Region 76: 1,000 inhabitants, ZIP cap 20 % = 200 -> X part does not fit; ZAC cap 30 % -> ZAC.
    rows = [
        ("33001", "X", "75", 3.0, 250),
        ("33002", "H75", "75", 5.0, 750),
        ("24001", "X", "76", 3.0, 250),
        ("24002", "H76", "76", 5.0, 750),
    ]
    communes, tvs, caps = make(rows, caps={"75": (0.3, 0.3), "76": (0.2, 0.3)})
    z = compute_zoning(communes, tvs=tvs, caps=caps)
    x = z.tvs[z.tvs["code_tvs"] == "X"].set_index("code_region")
    assert x["subclass"].to_dict() == {"75": "ZIP_B", "76": "ZAC"}
    assert x["population"].to_dict() == {"75": 250.0, "76": 250.0}
    assert x["apl"].nunique() == 1  # one TVS APL for both parts
    regs = z.report.regions.set_index("code_region")
    assert regs.loc["75", "zip_population"] == 250 and regs.loc["76", "zip_population"] == 0
    assert regs.loc["76", "zac_population"] == 250
    assert z.communes.loc["24001", "zonage"] == "ZAC" and z.communes.loc["33001", "zonage"] == "ZIP"
    # an ARS list naming X must say which region's part it means
    with pytest.raises(InvalidValueError, match="plusieurs régions listé sans code_region \\(X \\(75/76\\)\\)"):
        compute_zoning(communes, tvs=tvs, caps=caps, selection=pd.DataFrame({"code_tvs": ["X"], "zonage": ["ZIP"]}))
    # region 76 lists its part as ZIP B: 250 > 200 -> violation in 76 only; 75 keeps the default policy
    z2 = compute_zoning(
        communes,
        tvs=tvs,
        caps=caps,
        selection=pd.DataFrame({"code_tvs": ["X"], "code_region": ["76"], "zonage": ["ZIP"]}),
    )
    assert z2.tvs.set_index(["code_tvs", "code_region"]).loc[("X", "76"), "decided_by"] == "ars_list"
    errs = z2.report.errors
    assert errs[["code_region", "rule", "limit", "value"]].values.tolist() == [["76", "zip_cap", 200.0, 250.0]]
    assert z2.report.regions.set_index("code_region")["decided_by"].to_dict() == {
        "75": "règle par défaut : APL croissant dans les plafonds",
        "76": "liste de l'ARS",
    }


# --------------------------------------------------------------------------- ARS lists


@pytest.fixture
def region():
    # region 75, 10,000 inhabitants; vivier = V1..V4 (6,000); hors vivier H1 (300), H2 (301), H3 (2,399)
    rows = [
        ("33001", "A", "75", 2.2, 1000),
        ("33002", "V1", "75", 2.8, 1500),
        ("33003", "V2", "75", 3.1, 1500),
        ("33004", "V3", "75", 3.5, 1500),
        ("33005", "V4", "75", 3.9, 1500),
        ("33006", "H1", "75", 4.5, 300),
        ("33007", "H2", "75", 4.6, 301),
        ("33008", "H3", "75", 6.0, 2399),
    ]
    return make(rows, caps={"75": (0.25, 0.35)})  # ZIP cap 2,500, ZAC cap 3,500


def test_ars_list_within_every_rule(region):
    communes, tvs, caps = region
    # ZIP: A 1,000 + V1 1,500 = 2,500 = cap; ZAC: V2 + H1 = 1,800 <= 3,500;
    # H1 300 = 5 % of the vivier (6,000) exactly -> allowed. V3, V4 unlisted -> ZV.
    sel = pd.DataFrame({"code_tvs": ["V1", "V2", "H1"], "zonage": ["ZIP", "2_ZAC", "ZAC"]})
    z = compute_zoning(communes, tvs=tvs, caps=caps, selection=sel, strict=True)
    assert classes(z) == {
        "A": "ZIP_A",
        "V1": "ZIP_B",
        "V2": "ZAC",
        "V3": "ZV",
        "V4": "ZV",
        "H1": "ZAC",
        "H2": "HV",
        "H3": "HV",
    }
    r = z.report.regions.iloc[0]
    assert (r["zip_population"], r["zac_population"], r["hv_added_population"], r["hv_margin_limit"]) == (
        2500,
        1800,
        300,
        pytest.approx(300),
    )
    assert "absent de la liste de l'ARS" in z.tvs.set_index("code_tvs").loc["V3", "reason"]


def test_ars_list_violations_reported_with_figures_never_corrected(region):
    communes, tvs, caps = region
    # ZIP: 1,000 + V1 + V2 = 4,000 > 2,500; ZAC: V3 + V4 + H2 = 3,301 <= 3,500;
    # H2 301 > 5 % of 6,000 = 300 -> margin broken; A listed as ZAC -> national selection broken
    sel = pd.DataFrame(
        {"code_tvs": ["V1", "V2", "V3", "V4", "H2", "A"], "zonage": ["ZIP", "ZIP", "ZAC", "ZAC", "ZAC", "ZAC"]}
    )
    z = compute_zoning(communes, tvs=tvs, caps=caps, selection=sel)
    got = classes(z)
    assert got["A"] == "ZAC" and got["V2"] == "ZIP_B" and got["H2"] == "ZAC"  # kept as listed
    v = z.report.errors.set_index("rule")
    # ZIP population: A is now ZAC, so V1 + V2 = 3,000 > 2,500
    assert (v.loc["zip_cap", "limit"], v.loc["zip_cap", "value"]) == (pytest.approx(2500), 3000)
    assert v.loc["zip_cap", "units"] == "V1, V2"
    # ZAC population: A 1,000 + V3 + V4 + H2 = 4,301 > 3,500
    assert (v.loc["zac_cap", "limit"], v.loc["zac_cap", "value"]) == (pytest.approx(3500), 4301)
    assert (v.loc["hors_vivier_margin", "limit"], v.loc["hors_vivier_margin", "value"]) == (pytest.approx(300), 301)
    assert v.loc["national_selection_mandatory", "units"] == "A"
    assert not z.report.ok
    assert "population en ZIP de 3\u202f000 hab. (30,00\u202f%) au-delà du plafond de 2\u202f500 hab." in str(z.report)
    with pytest.raises(
        ConstraintError,
        match="(?s)enfreint 4 règles.*marge hors vivier.*plafond ZIP : population en ZIP de 3\u202f000 hab.",
    ):
        compute_zoning(communes, tvs=tvs, caps=caps, selection=sel, strict=True)


def test_vivier_listed_as_hv_is_a_violation(region):
    communes, tvs, caps = region
    z = compute_zoning(communes, tvs=tvs, caps=caps, selection=pd.DataFrame({"code_tvs": ["V1"], "zonage": ["HV"]}))
    assert classes(z)["V1"] == "HV"
    assert z.report.errors["rule"].tolist() == ["vivier_not_hors_vivier"]


def test_selection_bad_input(region):
    communes, tvs, caps = region
    with pytest.raises(InvalidCodeError, match="1 code TVS inconnu \\(NOPE\\)"):
        compute_zoning(communes, tvs=tvs, caps=caps, selection=pd.DataFrame({"code_tvs": ["NOPE"], "zonage": ["ZIP"]}))
    with pytest.raises(
        InvalidValueError, match="TVS V1 : la valeur de zonage « ZAP » n'est pas l'une de ZIP, ZAC, ZV, HV"
    ):
        compute_zoning(communes, tvs=tvs, caps=caps, selection=pd.DataFrame({"code_tvs": ["V1"], "zonage": ["ZAP"]}))
    with pytest.raises(InvalidCodeError, match="listé deux fois \\(V1/75\\)"):
        compute_zoning(
            communes, tvs=tvs, caps=caps, selection=pd.DataFrame({"code_tvs": ["V1", "V1"], "zonage": ["ZIP", "ZAC"]})
        )
    with pytest.raises(InvalidCodeError, match="aucun habitant du TVS dans la région indiquée"):
        compute_zoning(
            communes,
            tvs=tvs,
            caps=caps,
            selection=pd.DataFrame({"code_tvs": ["V1"], "code_region": ["76"], "zonage": ["ZIP"]}),
        )
    with pytest.raises(MissingColumnError, match="colonne\\(s\\) manquante\\(s\\) 'zonage' dans liste de l'ARS"):
        compute_zoning(communes, tvs=tvs, caps=caps, selection=pd.DataFrame({"code_tvs": ["V1"]}))


# --------------------------------------------------------------------------- QPV


def test_qpv_overrides_codes_and_cap_accounting():
    # region 1,000; ZIP cap 30 % = 300; ZAC cap 30 % = 300.
    # A national 100. V3 (APL 3.9, 400 residents) holds QPV Q1 (50 residents) classed ZIP.
    # ZIP room = 300 - 100 - 50 = 150: V1 (APL 2.6, 200) does not fit, V2 (APL 2.7, 150) fits exactly.
    # ZAC: V1 200 fits (room 300) -> ZAC; V3 costs 400 - 50 = 350 > 100 left -> ZV.
    # H (APL 6, 150) holds QPV Q2 (20) classed ZAC: H is hors vivier -> violation qpv_outside_vivier.
    rows = [
        ("33001", "A", "75", 2.0, 100),
        ("33002", "V1", "75", 2.6, 200),
        ("33003", "V2", "75", 2.7, 150),
        ("33004", "V3", "75", 3.9, 400),
        ("33005", "H", "75", 6.0, 150),
    ]
    communes, tvs, caps = make(rows)
    qpv = pd.DataFrame(
        {
            "code_qpv": ["QP033001", "QP033002"],
            "libelle_qpv": ["Les Aubiers", "Bastide"],
            "code_commune": ["33004", "33005"],
            "population": [50.0, 20.0],
        }
    )
    qsel = pd.Series({"QP033001": "ZIP", "QP033002": "4_QPV_ZAC"})
    z = compute_zoning(communes, tvs=tvs, caps=caps, qpv=qpv, qpv_selection=qsel)
    assert classes(z) == {"A": "ZIP_A", "V1": "ZAC", "V2": "ZIP_B", "V3": "ZV", "H": "HV"}
    q = z.qpv.set_index("code_qpv")
    assert q.loc["QP033001", ["tvs_zonage", "zonage", "drees_code", "override"]].tolist() == [
        "ZV",
        "ZIP",
        "3_QPV_ZIP",
        True,
    ]
    assert q.loc["QP033002", "drees_code"] == "4_QPV_ZAC"
    assert z.communes.loc["33004", ["zonage", "qpv_zonage", "qpv_drees_code"]].tolist() == ["ZV", "ZIP", "3_QPV_ZIP"]
    assert pd.isna(z.communes.loc["33002", "qpv_zonage"])
    r = z.report.regions.iloc[0]
    # ZIP = A 100 + V2 150 + Q1 50 = 300 (= cap); ZAC = V1 200 + Q2 20 = 220; ZV = V3 400 - 50 = 350;
    # HV = 150 - 20 = 130
    assert (r["zip_population"], r["zac_population"], r["zv_population"], r["hv_population"]) == (300, 220, 350, 130)
    assert z.report.errors["rule"].tolist() == ["qpv_outside_vivier"]
    assert "QP033002" in z.report.errors.iloc[0]["units"]
    # a QPV without override keeps its TVS class and DREES code
    z2 = compute_zoning(communes, tvs=tvs, caps=caps, qpv=qpv)
    assert z2.qpv["drees_code"].tolist() == ["5_ZV", "6_HZ"] and not z2.qpv["override"].any()


def test_qpv_bad_input():
    communes, tvs, caps = make([("33001", "V", "75", 3.0, 100), ("33002", "H", "75", 5.0, 100)])
    qpv = pd.DataFrame({"code_qpv": ["Q1"], "code_commune": ["33001"], "population": [10.0]})
    with pytest.raises(InvalidCodeError, match="1 code QPV inconnu \\(Q9\\)"):
        compute_zoning(communes, tvs=tvs, caps=caps, qpv=qpv, qpv_selection=pd.Series({"Q9": "ZIP"}))
    with pytest.raises(InvalidValueError, match="QPV Q1 : la valeur de zonage « ZV » n'est pas l'une de ZIP, ZAC"):
        compute_zoning(communes, tvs=tvs, caps=caps, qpv=qpv, qpv_selection=pd.Series({"Q1": "ZV"}))
    with pytest.raises(InvalidCodeError, match="1 commune dans aucun TVS du zonage \\(99001\\)"):
        compute_zoning(
            communes,
            tvs=tvs,
            caps=caps,
            qpv=pd.DataFrame({"code_qpv": ["Q1"], "code_commune": ["99001"], "population": [1.0]}),
        )
    with pytest.raises(
        InvalidValueError,
        match="population des QPV supérieure à celle de la commune pour 1 commune \\(33001 : 150 > 100\\)",
    ):
        compute_zoning(
            communes,
            tvs=tvs,
            caps=caps,
            qpv=pd.DataFrame({"code_qpv": ["Q1"], "code_commune": ["33001"], "population": [150.0]}),
        )
    with pytest.raises(InvalidValueError, match="qpv_selection est donné sans la table de composition des QPV"):
        compute_zoning(communes, tvs=tvs, caps=caps, qpv_selection=pd.Series({"Q1": "ZIP"}))


# --------------------------------------------------------------------------- bad inputs


def test_bad_inputs_unknown_codes_two_tvs_caps():
    communes, tvs, caps = make([("33001", "V", "75", 3.0, 100), ("33002", "H", "75", 5.0, 100)])
    with pytest.raises(
        InvalidCodeError, match="une commune de la table des TVS est absente de la table des communes \\(33099\\)"
    ):
        compute_zoning(communes, tvs=pd.concat([tvs, pd.Series({"33099": "V"})]), caps=caps)
    two = pd.DataFrame({"code_commune": ["33001", "33001", "33002"], "code_tvs": ["V", "H", "H"]})
    with pytest.raises(InvalidCodeError, match="une commune est dans plusieurs TVS \\(33001 dans H/V\\)"):
        compute_zoning(communes, tvs=two, caps=caps)
    with pytest.raises(InvalidCodeError, match=r"code\(s\) INSEE mal formé"):
        compute_zoning(communes, tvs=pd.Series({"3301": "V", "33002": "H"}), caps=caps)
    with pytest.raises(
        InvalidValueError, match="zip_cap_share hors de \\[0 ; 1\\] pour 1 région \\(75 ; valeurs : 18\\)"
    ):
        compute_zoning(communes, tvs=tvs, caps=caps.assign(zip_cap_share=18.0))
    with pytest.raises(InvalidValueError, match="zip_cap_share \\+ zac_cap_share > 1 pour 1 région \\(75\\)"):
        compute_zoning(communes, tvs=tvs, caps=caps.assign(zip_cap_share=0.6, zac_cap_share=0.5))
    with pytest.raises(InvalidCodeError, match="pas de plafonds pour la région 75 "):
        compute_zoning(communes, tvs=tvs, caps=caps.rename(index={"75": "76"}))
    with pytest.raises(InvalidValueError, match="région manquante pour 1 commune \\(33002\\)"):
        compute_zoning(communes.assign(code_region=["75", None]), tvs=tvs, caps=caps)
    with pytest.raises(
        InvalidValueError, match="table des communes, colonne apl : APL manquant \\(NaN\\) pour 1 commune"
    ):
        compute_zoning(communes.assign(apl=[3.0, np.nan]), tvs=tvs, caps=caps)
    with pytest.raises(MissingColumnError, match="colonne\\(s\\) manquante\\(s\\) 'apl_65' dans table des communes"):
        compute_zoning(communes, tvs=tvs, caps=caps, apl_column="apl_65")


def test_zero_weight_tvs_are_counted_and_reported_not_an_error():
    # issue 11, observation 2: three communes of APL 2023 have 0 population. A TVS whose standardised
    # population sums to 0 has no APL: it is counted, reported and left unzoned; the run goes on.
    communes, tvs, caps = make([("33001", "V", "75", 3.0, 100), ("33002", "H", "75", 5.0, 100)])
    with pytest.warns(
        UserWarning,
        match="1 commune sans population standardisée.*1 TVS dont la population standardisée totale est nulle \\(V\\)",
    ):
        z = compute_zoning(communes.assign(standardised_population=[0.0, 5.0]), tvs=tvs, caps=caps)
    t = z.tvs.set_index("code_tvs")
    assert np.isnan(t.loc["V", "apl"]) and pd.isna(t.loc["V", "category"]) and pd.isna(t.loc["V", "zonage"])
    assert t.loc["V", "drees_code"] == "N/A - résultat non disponible" and t.loc["V", "decided_by"] == "no_apl"
    assert t.loc["H", "zonage"] == "HV"  # the other TVS is zoned as usual
    assert z.report.zero_weight.values.tolist() == [["tvs", "V"], ["commune", "33001"]]
    assert any("sans population standardisée (poids 0 : 33001)" in n for n in z.report.notes)
    assert z.report.regions.loc[0, "no_category_population"] == 100.0
    # a commune of weight 0 inside a populated TVS is counted but changes nothing
    communes2, tvs2, caps2 = make([("33001", "V", "75", 3.0, 100), ("33002", "V", "75", 1.0, 0, 0.0)])
    with pytest.warns(UserWarning, match="1 commune sans population standardisée \\(poids 0 : 33002\\)"):
        z2 = compute_zoning(communes2, tvs=tvs2, caps=caps2)
    assert z2.tvs.loc[0, "apl"] == 3.0 and z2.report.zero_weight["code"].tolist() == ["33002"]


def test_caps_region_codes_are_normalised_and_extra_communes_reported():
    caps = validate_caps(
        pd.DataFrame({"code_region": [1, 75], "zip_cap_share": ["0,2", 0.1], "zac_cap_share": [0.3, 0.3]})
    )
    assert caps.index.tolist() == ["01", "75"] and caps["zip_cap_share"].tolist() == [0.2, 0.1]
    communes, tvs, caps = make([("33001", "V", "75", 3.0, 100), ("33002", "H", "75", 5.0, 100)])
    with pytest.warns(UserWarning, match="commune dans aucun TVS.*: 1"):
        z = compute_zoning(communes, tvs=tvs.drop("33002"), caps=caps)
    assert z.report.dropped.total == 1 and z.communes.index.tolist() == ["33001"]


def test_inputs_not_modified(region):
    communes, tvs, caps = region
    before = (communes.copy(), tvs.copy(), caps.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compute_zoning(communes, tvs=tvs, caps=caps, selection=pd.DataFrame({"code_tvs": ["V1"], "zonage": ["ZIP"]}))
    pd.testing.assert_frame_equal(communes, before[0])
    pd.testing.assert_series_equal(tvs, before[1])
    pd.testing.assert_frame_equal(caps, before[2])


def test_tvs_of_communes_all_at_25_is_national_selection():
    # three communes at APL exactly 2.5 with these weights: Σ w·2.5 / Σ w summed left to right (as numpy
    # and pandas do; Python >= 3.12's sum() compensates) evaluates to 2.5000000000000004, which would
    # make the TVS vivier; the TVS APL must be 2.5
    weights = [615.39, 383.68, 997.21]
    assert functools.reduce(operator.add, [2.5 * w for w in weights]) / functools.reduce(operator.add, weights) != 2.5
    communes, tvs, caps = make(
        [(f"3300{i}", "T", "75", 2.5, 100, w) for i, w in enumerate(weights, start=1)]
        + [("33009", "H", "75", 5.0, 700)]
    )
    t = tvs_apl(communes["apl"], weights=communes["standardised_population"], tvs=tvs)
    assert t.loc["T", "apl"] == 2.5
    assert classes(compute_zoning(communes, tvs=tvs, caps=caps))["T"] == "ZIP_A"
