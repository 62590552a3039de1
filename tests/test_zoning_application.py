"""The eight points where DREES's zoning application and the 2017 reading differ (issue 12).

Each test builds a small territory where the two behaviours give different classes or
reports, derives the expected result by hand in the comments, and checks both: the
application's behaviour (the default of the 2021+ presets) and the other one (the 2017
preset, or the rule switched back with ``dataclasses.replace``). Source of each rule:
``ZoningRules.rule_source``.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import pandas as pd
import pytest
from test_zoning import make

from access_map.errors import InvalidValueError
from access_map.zoning import ZoningRules, compute_zoning

APP = ZoningRules.revision_2021()
OLD = ZoningRules.arrete_2017()


def run(communes, tvs, caps, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compute_zoning(communes, tvs=tvs, caps=caps, **kw)


def classes(z, region=None):
    t = z.tvs if region is None else z.tvs[z.tvs["code_region"] == region]
    return t.set_index("code_tvs")["subclass"].to_dict()


def rules_of(z, severity="error"):
    v = z.report.violations
    return sorted(v.loc[v["severity"] == severity, "rule"].tolist())


def test_rule_sources_name_the_application_file_or_the_arrete():
    assert APP.rule_source("national_selection_optional_regions").startswith("application DREES Zonage_ARS, global.R")
    assert "jauges_func.R" in APP.rule_source("share_check_decimals")
    assert "qpv_func.R" in APP.rule_source("qpv_excluded_regions")
    assert OLD.rule_source("cross_region").startswith("arrêté du 13 novembre 2017")
    d = APP.describe().set_index("rule")
    assert d.loc["national_selection_optional_regions", "value"] == "11, 32, 84, 93"
    assert d["source"].str.len().min() > 20  # every rule has a source


# --------------------------------------------------------------------------- 1. optional national selection


@pytest.mark.parametrize("region", ["84", "11", "93", "32"])
def test_national_selection_optional_in_four_regions(region):
    # A (APL 2.0) is national selection; the ARS list classes it ZAC.
    # Application: in regions 84, 11, 93, 32 the ZIP is only pre-checked -> no violation.
    # 2017 reading: mandatory everywhere -> national_selection_mandatory.
    communes, tvs, caps = make([("33001", "A", region, 2.0, 100), ("33002", "H", region, 5.0, 900)])
    sel = pd.DataFrame({"code_tvs": ["A"], "zonage": ["ZAC"]})
    z = run(communes, tvs, caps, rules=APP, selection=sel)
    assert classes(z)["A"] == "ZAC" and z.report.ok
    assert rules_of(run(communes, tvs, caps, rules=OLD, selection=sel)) == ["national_selection_mandatory"]


def test_national_selection_mandatory_elsewhere_under_the_application():
    communes, tvs, caps = make([("33001", "A", "75", 2.0, 100), ("33002", "H", "75", 5.0, 900)])
    sel = pd.DataFrame({"code_tvs": ["A"], "zonage": ["ZAC"]})
    assert rules_of(run(communes, tvs, caps, rules=APP, selection=sel)) == ["national_selection_mandatory"]
    # unlisted, it stays ZIP A in an optional region too (the application pre-checks ZIP)
    communes, tvs, caps = make([("33001", "A", "84", 2.0, 100), ("33002", "H", "84", 5.0, 900)])
    assert classes(run(communes, tvs, caps, rules=APP))["A"] == "ZIP_A"


# --------------------------------------------------------------------------- 2. cross-region TVS


@pytest.fixture
def cross():
    # TVS X (APL 3.0, vivier): 100 residents in region 75, 300 in region 76 (majority region 76).
    # Region 75: 1,000 inhabitants, ZIP cap 30 % = 300 -> its part (100) would fit ZIP.
    # Region 76: 1,000 inhabitants, ZIP cap 10 % = 100 -> its part (300) does not fit; ZAC 30 % = 300 fits.
    rows = [
        ("33001", "X", "75", 3.0, 100),
        ("33002", "H75", "75", 5.0, 900),
        ("24001", "X", "76", 3.0, 300),
        ("24002", "H76", "76", 5.0, 700),
    ]
    return make(rows, caps={"75": (0.3, 0.3), "76": (0.1, 0.3)})


def test_cross_region_tvs_decided_by_the_majority_region(cross):
    communes, tvs, caps = cross
    # 2017 reading: each region classes its part -> 75: ZIP B, 76: ZAC
    old = run(communes, tvs, caps, rules=OLD).tvs.set_index(["code_tvs", "code_region"])
    assert old.loc[("X", "75"), "subclass"] == "ZIP_B" and old.loc[("X", "76"), "subclass"] == "ZAC"
    # application: region 76 (300 > 100 residents) decides ZAC for the whole TVS; 75 inherits it
    z = run(communes, tvs, caps, rules=APP)
    app = z.tvs.set_index(["code_tvs", "code_region"])
    assert app.loc[("X", "76"), "subclass"] == "ZAC" and app.loc[("X", "75"), "subclass"] == "ZAC"
    assert app.loc[("X", "75"), "decided_by"] == "majority_region:76"
    assert app.loc[("X", "75"), "decider_region"] == "76"
    # accounting: each region counts its own residents, inherited units included
    regs = z.report.regions.set_index("code_region")
    assert regs.loc["75", "zac_population"] == 100 and regs.loc["76", "zac_population"] == 300
    assert regs.loc["75", "inherited_population"] == 100 and regs.loc["76", "inherited_population"] == 0
    assert regs.loc["75", "zac_share_percent"] == 10.0 and regs.loc["76", "zac_share_percent"] == 30.0
    assert z.report.ok


def test_inherited_class_over_the_cap_is_a_warning_and_lists_follow_the_majority(cross):
    communes, tvs, caps = cross
    # region 75's ZAC cap 5 % = 50 < the 100 residents it inherits as ZAC: 75 cannot change it -> warning
    caps2 = caps.copy()
    caps2.loc["75", "zac_cap_share"] = 0.05
    z = run(communes, tvs, caps2, rules=APP)
    assert z.report.ok and rules_of(z, "warning") == ["zac_cap"]
    assert "classes héritées d'autres régions : X" in z.report.violations.loc[0, "message"]
    # a list naming X without region is the decision of its majority region (76) ...
    z = run(communes, tvs, caps, rules=APP, selection=pd.DataFrame({"code_tvs": ["X"], "zonage": ["ZV"]}))
    assert (
        set(classes(z).values()) >= {"ZV"}
        and z.tvs.set_index(["code_tvs", "code_region"]).loc[("X", "75"), "subclass"] == "ZV"
    )
    # ... and the minority region listing its part is reported (not corrected)
    sel = pd.DataFrame({"code_tvs": ["X"], "code_region": ["75"], "zonage": ["ZIP"]})
    z = run(communes, tvs, caps, rules=APP, selection=sel)
    assert rules_of(z) == ["not_deciding_region"]
    assert z.tvs.set_index(["code_tvs", "code_region"]).loc[("X", "75"), "subclass"] == "ZIP_B"
    # the 2017 reading refuses a cross-region TVS listed without region
    with pytest.raises(InvalidValueError, match="TVS à cheval sur plusieurs régions listé sans code_region"):
        run(communes, tvs, caps, rules=OLD, selection=pd.DataFrame({"code_tvs": ["X"], "zonage": ["ZV"]}))


def _inheriting_first(codes=("75", "76")):
    # Region A (first code): 1,000 inhabitants, caps 30 % = 300. V (APL 3.0, 300 residents) only in A.
    # TVS X (APL 2.8): 100 residents in A, 400 in B -> B (majority) decides X; B: 2,000, cap 600: X (400) is ZIP B.
    # A inherits X as ZIP (100): V (300) no longer fits ZIP (400 > 300) -> ZAC (300 <= 300).
    # Taking A before B (code order) would give V ZIP and then inherit X: 400 residents in ZIP, over the cap.
    a, b = codes
    rows = [
        ("33001", "V", a, 3.0, 300),
        ("33002", "X", a, 2.8, 100),
        ("33003", "H", a, 5.0, 600),
        ("24001", "X", b, 2.8, 400),
        ("24002", "H6", b, 5.0, 1600),
    ]
    return make(rows, caps={a: (0.3, 0.3), b: (0.3, 0.3)})


@pytest.mark.parametrize("codes", [("75", "76"), ("77", "74")])
def test_a_region_decides_after_the_regions_it_inherits_from(codes):
    a, b = codes
    z = run(*_inheriting_first(codes), rules=APP)
    got = z.tvs.set_index(["code_tvs", "code_region"])["subclass"].to_dict()
    assert got[("V", a)] == "ZAC" and got[("X", a)] == "ZIP_B" and got[("X", b)] == "ZIP_B"
    assert z.report.violations.empty
    regs = z.report.regions.set_index("code_region")
    assert regs.loc[a, "zip_population"] == 100 and regs.loc[a, "zac_population"] == 300


def test_regions_inheriting_from_each_other_are_reported_not_hidden():
    # A cycle: X decided by B = 76 (300 of its 400 residents), Y decided by A = 75 (300 of 400): code order, A first.
    # A: 1,000 inhabitants, ZIP cap 5 % = 50: Y (300 of A's residents) does not fit ZIP -> ZAC (cap 30 % = 300);
    # B inherits Y as ZAC (100). B: 1,000, ZIP cap 30 % = 300: X (its 300) fits -> ZIP B.
    # A inherits X as ZIP: 100 residents > its cap of 50, a class A cannot change -> a warning, not hidden.
    rows = [
        ("33001", "Y", "75", 2.8, 300),
        ("33002", "X", "75", 2.8, 100),
        ("33003", "H", "75", 5.0, 600),
        ("24001", "X", "76", 2.8, 300),
        ("24002", "Y", "76", 2.8, 100),
        ("24003", "H6", "76", 5.0, 600),
    ]
    z = run(*make(rows, caps={"75": (0.05, 0.3), "76": (0.3, 0.3)}), rules=APP)
    got = z.tvs.set_index(["code_tvs", "code_region"])["subclass"].to_dict()
    assert got[("Y", "75")] == "ZAC" and got[("Y", "76")] == "ZAC"
    assert got[("X", "76")] == "ZIP_B" and got[("X", "75")] == "ZIP_B"
    assert rules_of(z, "warning") == ["zip_cap"]
    assert "classes héritées d'autres régions : X" in z.report.violations.loc[0, "message"]


def test_a_region_in_a_cycle_moves_its_own_choices_down_to_make_room_for_what_it_inherits():
    # Cycle: Y (APL 3.9) decided by A = 75 (300 of its 400 residents), X (APL 2.6) decided by B = 76 (300 of 450).
    # A: 1,000 inhabitants, caps ZIP 30 % = 300, ZAC 50 % = 500; V (APL 3.0, 200) only in A. A goes first (code
    # order): lowest APL first, V -> ZIP B (200), Y -> ZIP would be 500 > 300 -> ZAC (300).
    # B: 1,000, ZIP cap 300: X (its 300) -> ZIP B; A inherits X as ZIP: 200 + 150 = 350 > 300.
    # A moves its own ZIP B down, highest APL first: V (single-region) -> ZAC (300 + 200 = 500 <= 500).
    # Result: A ZIP 150 (X), ZAC 500 (Y 300 + V 200), no cap exceeded.
    rows = [
        ("33001", "Y", "75", 3.9, 300),
        ("33002", "X", "75", 2.6, 150),
        ("33003", "V", "75", 3.0, 200),
        ("33004", "H", "75", 5.0, 350),
        ("24001", "X", "76", 2.6, 300),
        ("24002", "Y", "76", 3.9, 100),
        ("24003", "H6", "76", 5.0, 600),
    ]
    z = run(*make(rows, caps={"75": (0.3, 0.5), "76": (0.3, 0.4)}), rules=APP)
    got = z.tvs.set_index(["code_tvs", "code_region"])["subclass"].to_dict()
    assert got[("V", "75")] == "ZAC"
    assert got[("Y", "75")] == got[("Y", "76")] == "ZAC" and got[("X", "75")] == got[("X", "76")] == "ZIP_B"
    assert z.report.violations.empty
    regs = z.report.regions.set_index("code_region")
    assert regs.loc["75", "zip_population"] == 150 and regs.loc["75", "zac_population"] == 500
    assert "abaissé en ZAC : la région 75 dépasse son plafond ZIP" in z.tvs.set_index("code_tvs").loc["V", "reason"]


# --------------------------------------------------------------------------- 3. the 5 % margin


def test_margin_counts_zip_and_zac_only_under_the_application():
    # vivier V: 500 inhabitants -> margin 5 % = 25. Hors-vivier H (40 inhabitants) listed ZV.
    # 2017 reading: an HV TVS added as ZV counts: 40 > 25 -> hors_vivier_margin.
    # Application (R/jauges_func.R): only ZIP + ZAC of hors-vivier TVS count -> 0, no violation.
    communes, tvs, caps = make(
        [("33001", "V", "75", 3.0, 500), ("33002", "H", "75", 4.5, 40), ("33003", "K", "75", 6.0, 460)],
        caps={"75": (0.5, 0.5)},
    )
    sel = pd.DataFrame({"code_tvs": ["V", "H"], "zonage": ["ZAC", "ZV"]})
    assert rules_of(run(communes, tvs, caps, rules=OLD, selection=sel)) == ["hors_vivier_margin"]
    z = run(communes, tvs, caps, rules=APP, selection=sel)
    assert z.report.ok and z.report.regions.loc[0, "hv_added_population"] == 0
    # listed ZAC, H counts in both: 40 of 500 = 8 % > 5 % (ZAC 540 <= 60 % of 1,000)
    sel_zac = pd.DataFrame({"code_tvs": ["V", "H"], "zonage": ["ZAC", "ZAC"]})
    caps = caps.assign(zac_cap_share=0.6, zip_cap_share=0.4)
    assert rules_of(run(communes, tvs, caps, rules=APP, selection=sel_zac)) == ["hors_vivier_margin"]


# --------------------------------------------------------------------------- 4. caps rounded to 0.1 point


def test_caps_compared_on_shares_rounded_to_a_tenth_of_a_point():
    # region 10,000, ZIP cap 30 % = 3,000. ZIP A 1,000 + listed ZIP B V1 2,004 = 3,004 = 30.04 %.
    # Application: round(30.04, 1) = 30.0, not above 30 -> no alert. 2017 reading (exact): 3,004 > 3,000.
    rows = [("33001", "A", "75", 2.0, 1000), ("33002", "V1", "75", 3.0, 2004), ("33003", "H", "75", 5.0, 6996)]
    communes, tvs, caps = make(rows, caps={"75": (0.3, 0.3)})
    sel = pd.DataFrame({"code_tvs": ["V1"], "zonage": ["ZIP"]})
    assert run(communes, tvs, caps, rules=APP, selection=sel).report.ok
    assert rules_of(run(communes, tvs, caps, rules=OLD, selection=sel)) == ["zip_cap"]
    # 3,006 = 30.06 % -> 30.1 % > 30 %: an alert under both
    rows[1] = ("33002", "V1", "75", 3.0, 2006)
    rows[2] = ("33003", "H", "75", 5.0, 6994)
    communes, tvs, caps = make(rows, caps={"75": (0.3, 0.3)})
    z = run(communes, tvs, caps, rules=APP, selection=sel)
    assert rules_of(z) == ["zip_cap"] and z.report.regions.loc[0, "zip_share_percent"] == 30.1
    # the default policy uses the same test: V1 (2,004) fits under the application, not under the exact test
    communes, tvs, caps = make(
        [("33001", "A", "75", 2.0, 1000), ("33002", "V1", "75", 3.0, 2004), ("33003", "H", "75", 5.0, 6996)]
    )
    caps = caps.assign(zip_cap_share=0.3, zac_cap_share=0.0)
    assert classes(run(communes, tvs, caps, rules=APP))["V1"] == "ZIP_B"
    assert classes(run(communes, tvs, caps, rules=OLD))["V1"] == "ZV"


# --------------------------------------------------------------------------- 5. DREES categories


def test_drees_category_wins_and_disagreements_are_reported():
    # T has APL 2.45 (computed: national selection) but DREES's frame says vivier.
    # Application: vivier (the DREES frame), so with a ZIP cap of 0 it is ZAC, not ZIP A.
    # 2017 reading: computed category -> ZIP A. Both report the disagreement.
    communes, tvs, caps = make(
        [("33001", "T", "75", 2.45, 300), ("33002", "H", "75", 5.0, 700)], caps={"75": (0.0, 0.5)}
    )
    frame = pd.DataFrame(
        {"code_tvs": tvs, "drees_category": ["02_Vivier", "ZZ_Hors vivier"]}, index=tvs.index.rename("code_commune")
    )
    app = run(communes, frame, caps, rules=APP)
    old = run(communes, frame, caps, rules=OLD)
    assert classes(app)["T"] == "ZAC" and classes(old)["T"] == "ZIP_A"
    for z in (app, old):
        d = z.report.category_disagreements
        assert d[["code_tvs", "computed_category", "drees_category"]].values.tolist() == [
            ["T", "national_selection", "vivier"]
        ]
        assert "category_disagreement" in rules_of(z, "warning")
    assert app.phases.categories.loc["T", "category_from"] == "drees"
    # without a DREES category the application computes it
    assert classes(run(communes, tvs, caps, rules=APP))["T"] == "ZIP_A"


# --------------------------------------------------------------------------- 6. QPV


@pytest.fixture
def qpv_territory():
    # A (APL 2.0, 1,000, national selection), H (APL 5.0, 1,000, hors vivier); QPV QA in A (100), QH in H (50).
    communes, tvs, caps = make(
        [("33001", "A", "75", 2.0, 1000), ("33002", "H", "75", 5.0, 1000)], caps={"75": (0.6, 0.3)}
    )
    qpv = pd.DataFrame({"code_qpv": ["QA", "QH"], "code_commune": ["33001", "33002"], "population": [100.0, 50.0]})
    return communes, tvs, caps, qpv


def test_qpv_may_be_zv_or_hv_without_vivier_condition_under_the_application(qpv_territory):
    communes, tvs, caps, qpv = qpv_territory
    sel = pd.Series({"QA": "ZV", "QH": "ZIP"})
    # 2017 reading: a QPV is ZIP or ZAC only
    with pytest.raises(InvalidValueError, match="la valeur de zonage « ZV » n'est pas l'une de ZIP, ZAC"):
        run(communes, tvs, caps, rules=OLD, qpv=qpv, qpv_selection=sel)
    # application: QA (in a ZIP TVS) classed ZV: its 100 residents leave ZIP for ZV;
    # QH (in a hors-vivier TVS) classed ZIP: no vivier condition -> no violation; 50 move from HV to ZIP.
    z = run(communes, tvs, caps, rules=APP, qpv=qpv, qpv_selection=sel)
    assert z.report.ok
    r = z.report.regions.iloc[0]
    assert (r["zip_population"], r["zv_population"], r["hv_population"]) == (900 + 50, 100, 950)
    assert z.qpv.set_index("code_qpv")["drees_code"].to_dict() == {"QA": "5_ZV", "QH": "3_QPV_ZIP"}
    # 2017 reading: QH (ZIP, outside any vivier TVS) is a violation; its population moves all the same
    z_old = run(communes, tvs, caps, rules=OLD, qpv=qpv, qpv_selection=pd.Series({"QH": "ZIP"}))
    assert rules_of(z_old) == ["qpv_outside_vivier"] and z_old.report.regions.loc[0, "zip_population"] == 1050


def test_qpv_not_zoned_on_their_own_in_reunion_and_mayotte():
    communes, tvs, caps = make([("97411", "V", "04", 3.0, 1000), ("97412", "H", "04", 5.0, 1000)])
    qpv = pd.DataFrame({"code_qpv": ["Q"], "code_commune": ["97411"], "population": [100.0]})
    sel = pd.Series({"Q": "ZIP"})
    assert rules_of(run(communes, tvs, caps, rules=APP, qpv=qpv, qpv_selection=sel)) == ["qpv_region_excluded"]
    assert run(communes, tvs, caps, rules=OLD, qpv=qpv, qpv_selection=sel).report.ok


# --------------------------------------------------------------------------- 7. starting point


@pytest.fixture
def in_force_territory():
    # region 1,000; ZIP cap 30 % = 300, ZAC cap 30 % = 300; A national selection (100);
    # vivier B 2.6, C 3.0, D 3.5 (200 each); hors vivier E 5.0 (300). Vivier 600 -> margin 30.
    rows = [
        ("33001", "A", "75", 2.0, 100),
        ("33002", "B", "75", 2.6, 200),
        ("33003", "C", "75", 3.0, 200),
        ("33004", "D", "75", 3.5, 200),
        ("33005", "E", "75", 5.0, 300),
    ]
    return make(rows)


def zoning_in_force(**by_tvs):
    codes = {"A": "33001", "B": "33002", "C": "33003", "D": "33004", "E": "33005"}
    return pd.Series({codes[t]: z for t, z in by_tvs.items()})


def test_start_from_the_zoning_in_force_instead_of_lowest_apl(in_force_territory):
    communes, tvs, caps = in_force_territory
    in_force = zoning_in_force(A="ZIP", B="ZV", C="ZIP", D="ZAC", E="HV")
    # lowest APL first: ZIP room 200 -> B (200); ZAC 300 -> C (200), D does not fit (100 left) -> ZV
    assert classes(run(communes, tvs, caps, rules=OLD)) == {
        "A": "ZIP_A", "B": "ZIP_B", "C": "ZAC", "D": "ZV", "E": "HV"
    }  # fmt: skip
    # zoning in force (application): B ZV, C ZIP (100 + 200 = 300 <= 300), D ZAC (200 <= 300): all kept
    z = run(communes, tvs, caps, rules=APP, in_force=in_force)
    assert classes(z) == {"A": "ZIP_A", "B": "ZV", "C": "ZIP_B", "D": "ZAC", "E": "HV"}
    assert z.changes.empty and z.report.regions.loc[0, "decided_by"] == (
        "règle par défaut : zonage en vigueur, ajusté aux plafonds"
    )
    # the same policy can be asked for under any rules
    assert classes(run(communes, tvs, caps, rules=OLD, in_force=in_force, policy="in_force"))["B"] == "ZV"


def test_zoning_in_force_moved_down_where_the_caps_and_margin_require(in_force_territory):
    communes, tvs, caps = in_force_territory
    # in force: B, C ZIP -> ZIP 100 + 200 + 200 = 500 > 300: C (highest APL among ZIP B) moves down; the ZAC
    # room left is 300 - D 200 = 100 < 200 -> C goes to ZV (D keeps its ZAC: as few changes as possible).
    # E was ZAC: 300 > 5 % of the vivier 600 = 30 -> HV.
    in_force = zoning_in_force(A="ZIP", B="ZIP", C="ZIP", D="ZAC", E="ZAC")
    z = run(communes, tvs, caps, rules=APP, in_force=in_force)
    assert classes(z) == {"A": "ZIP_A", "B": "ZIP_B", "C": "ZV", "D": "ZAC", "E": "HV"}
    assert z.changes[["code_tvs", "in_force", "zonage"]].values.tolist() == [["C", "ZIP", "ZV"], ["E", "ZAC", "HV"]]
    # with room in ZAC (cap 50 % = 500), C moves down to ZAC only
    z = run(communes, tvs, caps.assign(zac_cap_share=0.5), rules=APP, in_force=in_force)
    assert classes(z)["C"] == "ZAC" and z.changes["code_tvs"].tolist() == ["C", "E"]
    assert z.report.ok
    # a vivier TVS that was hors zonage starts at ZV; a national-selection TVS is ZIP A whatever its class in force
    z = run(communes, tvs, caps, rules=APP, in_force=zoning_in_force(A="ZAC", B="HZ", C="HV", D="ZAR", E="HZ"))
    assert classes(z) == {"A": "ZIP_A", "B": "ZV", "C": "ZV", "D": "ZV", "E": "HV"}


def test_application_rules_without_zoning_in_force_fall_back_with_a_note(in_force_territory):
    communes, tvs, caps = in_force_territory
    with pytest.warns(UserWarning, match="partent du zonage en vigueur .* aucun n'a été fourni"):
        z = compute_zoning(communes, tvs=tvs, caps=caps, rules=APP)
    assert classes(z) == classes(run(communes, tvs, caps, rules=OLD))
    assert any("classés par APL croissant" in n for n in z.report.notes)
    with pytest.raises(InvalidValueError, match="la règle par défaut in_force part du zonage en vigueur"):
        run(communes, tvs, caps, rules=APP, policy="in_force")


# --------------------------------------------------------------------------- 8. La Réunion


def test_reunion_zoned_by_grands_quartiers():
    # commune 97411 (APL 2.4: its TVS is national selection) has two grands quartiers with DREES APL
    # 2.0 (600) and 3.0 (400). Region 04 (1,000 + H 1,000), ZIP cap 35 % = 700, ZAC cap 40 % = 800.
    # Application: GQ1 national selection -> 8_GQ_ZIP; GQ2 vivier, 600 + 400 > 700 -> ZAC -> 7_GQ_ZAC.
    communes, tvs, caps = make(
        [("97411", "T", "04", 2.4, 1000), ("97412", "H", "04", 5.0, 1000)], caps={"04": (0.35, 0.4)}
    )
    gq = pd.DataFrame(
        {
            "code_gq": ["9741101", "9741102"],
            "code_commune": ["97411", "97411"],
            "population": [600, 400],
            "apl": [2.0, 3.0],
        }
    )
    z = run(communes, tvs, caps, rules=APP, grands_quartiers=gq)
    t = z.tvs.set_index("code_tvs")
    assert t.loc[["9741101", "9741102"], "drees_code"].tolist() == ["8_GQ_ZIP", "7_GQ_ZAC"]
    assert set(t.loc[["9741101", "9741102"], "unit_type"]) == {"grand_quartier"} and "T" not in t.index
    c = z.communes.loc["97411"]
    assert (c["zonage"], c["drees_code"], c["grands_quartiers"]) == ("ZIP", "8_GQ_ZIP", "9741101: ZIP, 9741102: ZAC")
    regs = z.report.regions.iloc[0]
    assert (regs["zip_population"], regs["zac_population"]) == (600, 400)
    # the 2017 reading zones by TVS: the commune is ZIP through its TVS (1_ZIP) and a GQ table is refused
    old = run(communes, tvs, caps, rules=OLD)
    assert old.communes.loc["97411", "drees_code"] == "1_ZIP"
    with pytest.raises(InvalidValueError, match="hors des régions zonées par grands quartiers"):
        run(communes, tvs, caps, rules=OLD, grands_quartiers=gq)
    # without the table, the application's rules zone Réunion by TVS and say so
    z = run(communes, tvs, caps, rules=APP)
    assert any("grands quartiers" in n for n in z.report.notes)


def test_rules_switched_one_by_one_reproduce_the_2017_reading(in_force_territory):
    communes, tvs, caps = in_force_territory
    back = replace(
        APP,
        national_selection_optional_regions=frozenset(),
        cross_region="per_region",
        hors_vivier_margin_classes=frozenset({"ZIP", "ZAC", "ZV"}),
        share_check_decimals=None,
        category_source="computed",
        qpv_classes=("ZIP", "ZAC"),
        qpv_requires_vivier=True,
        qpv_excluded_regions=frozenset(),
        starting_point="lowest_apl",
        grand_quartier_regions=frozenset(),
    )
    assert {f: getattr(back, f) for f in OLD.__dataclass_fields__ if f not in ("name", "source")} == {
        f: getattr(OLD, f) for f in OLD.__dataclass_fields__ if f not in ("name", "source")
    }
    assert classes(run(communes, tvs, caps, rules=back)) == classes(run(communes, tvs, caps, rules=OLD))


def test_zoning_in_force_kept_for_the_national_selection_only_where_it_is_optional():
    # A (APL 2.0, national selection) was ZAC in the zoning in force.
    # Region 84 (optional national selection): the application pre-checks the class in force -> ZAC kept.
    # Region 75: national selection is mandatory -> ZIP A, and the change is listed.
    for region, expected, changed in (("84", "ZAC", []), ("75", "ZIP_A", ["A"])):
        communes, tvs, caps = make(
            [("33001", "A", region, 2.0, 100), ("33002", "H", region, 5.0, 900)], caps={region: (0.5, 0.5)}
        )
        in_force = pd.Series({"33001": "ZAC", "33002": "HV"})
        z = run(communes, tvs, caps, rules=APP, in_force=in_force)
        assert classes(z)["A"] == expected and z.changes["code_tvs"].tolist() == changed
        assert z.report.ok


def test_national_selection_above_the_zip_cap_is_called_optional_where_it_is():
    # A (APL 2.0, 300 of 1,000) is national selection, ZIP cap 10 % = 100: it alone exceeds the cap (a warning).
    # In region 84 the application makes the national selection optional: the message must not call it mandatory.
    for region, word in (("84", "facultative"), ("75", "obligatoire")):
        communes, tvs, caps = make(
            [("33001", "A", region, 2.0, 300), ("33002", "H", region, 5.0, 700)], caps={region: (0.1, 0.3)}
        )
        v = run(communes, tvs, caps, rules=APP).report.violations
        assert v["rule"].tolist() == ["national_selection_above_zip_cap"]
        assert v.loc[0, "message"].startswith(f"la sélection nationale {word} seule (300 hab., 30,0\u202f%)")
