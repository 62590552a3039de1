"""Every text the zoning engine, the MSP indicators and the decays show a user is French (issue 20, point 7).

The test runs the engine on the demo territory and on hand-made inputs that trigger each broken rule, each note,
each reason of a class and each error of the modules in scope (``access_map.zoning`` phases, rules, selection,
policies, checks, tvs, units, five_levels, diff, results; ``access_map.msp``; ``access_map.decay``), collects every
warning, every error message, the report's text and every text cell of the output tables, and looks for English
in them.

The look-up is an **honest heuristic**, not a proof: a list of English words that French sentences do not use
(« the », « is », « not », « with », « found », « missing », « given », « policy », « inhabitants »…) searched as
whole words, after removing what is code on purpose (identifiers such as ``ZoningRules.qpv_excluded_regions`` or
``cross_region = "per_region"`` that a message names so that the user can fix a setting). It catches a sentence
left in English, not a lone English word that happens to be missing from the list. Texts that come from the shared
validation helpers (``access_map._validate``: missing columns, non-numeric values) are outside this scope and are not
triggered here.

Coded columns (``category``, ``decided_by`` of the units, ``rule``, ``severity``…) keep their English codes because
code compares them; the test reads them through :func:`access_map.messages.zoning.pour_analyste`, which a writer
uses to give analysts French headers and values, and checks that result as a whole.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from english_markers import english_in

from access_map import msp
from access_map.decay import GaussianDecay, StepDecay, check_minutes
from access_map.errors import AccessMapError
from access_map.messages import zoning as msg
from access_map.zoning import (
    FiveLevelRules,
    ZoningRules,
    compute_zoning,
    five_level_zoning,
    parse_categories,
    tvs_apl,
    tvs_membership,
    zoning_diff,
)


def test_the_heuristic_finds_the_english_it_is_meant_to_find():
    # the texts of the engine before issue 20 (quoted from its history) are flagged; their French versions are not
    assert english_in("APL 1.658 ≤ 2.5: national selection (ZIP, zone A), mandatory")
    assert english_in("policy:skip")
    assert english_in("zoning (2017 rules): every constraint is met")
    assert english_in("1 commune(s) with no standardised population (weight 0: '60694')")
    assert english_in("ZIP: 25.0 % → 100.0 % of the population (+75.0 points)")
    assert not english_in("APL 1,658 ≤ 2,5 : sélection nationale (ZIP, zone A), obligatoire")
    assert not english_in("le QPV Q est classé ZAC dans la région 04 (ZoningRules.qpv_excluded_regions)")
    assert not english_in("closed de StepDecay doit valoir 'left' ou 'right' ; reçu : 'both'")


# --------------------------------------------------------------------------- inputs


def make(rows, *, caps=None):
    """rows: (code_commune, code_tvs, code_region, apl, population[, weight]) -> (communes, tvs, caps)."""
    recs = [
        {
            "code_commune": r[0],
            "code_tvs": r[1],
            "code_region": r[2],
            "apl": r[3],
            "population": float(r[4]),
            "standardised_population": float(r[5] if len(r) > 5 else r[4]),
        }
        for r in rows
    ]
    df = pd.DataFrame(recs).set_index("code_commune")
    caps = caps or {r: (0.3, 0.3) for r in df["code_region"].unique()}
    caps_df = pd.DataFrame(
        {"zip_cap_share": [v[0] for v in caps.values()], "zac_cap_share": [v[1] for v in caps.values()]},
        index=pd.Index(list(caps), name="code_region"),
    )
    return df.drop(columns="code_tvs"), df["code_tvs"], caps_df


class Collector:
    """Every text of the runs: warnings, errors, reports, text cells of the output tables."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []
        self.rules: set[str] = set()
        self.unnamed_columns: set[str] = set()
        self.reasons: list[str] = []

    def add(self, where: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            self.texts.append((where, text))

    def table(self, where: str, frame: pd.DataFrame) -> None:
        shown = msg.pour_analyste(frame)
        for column in shown.columns:
            if str(column).startswith(("code_", "libelle_")):  # codes and names quoted from the inputs
                continue
            for value in shown[column].dropna().unique():
                self.add(f"{where}.{column}", value)
        # headers are snake_case ASCII (« population_selection_nationale »): each column must have a French one
        self.unnamed_columns |= {str(col) for col in frame.columns if str(col) not in msg.HEADERS}

    def zoning(self, where: str, **kwargs: object) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            z = compute_zoning(**kwargs)  # type: ignore[arg-type]
        for w in caught:
            self.add(f"{where} warning", str(w.message))
        self.add(f"{where} report", str(z.report))
        for name in ("tvs", "communes", "qpv", "changes"):
            self.table(f"{where}.{name}", getattr(z, name))
        self.table(f"{where}.violations", z.report.violations)
        self.table(f"{where}.regions", z.report.regions)
        assert z.phases is not None
        self.table(f"{where}.categories", z.phases.categories.reset_index())
        self.rules |= set(z.report.violations["rule"])
        self.reasons += z.tvs["reason"].tolist()

    def error(self, where: str, call) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(AccessMapError) as info:
                call()
        self.add(f"{where} error", str(info.value))
        for w in caught:
            self.add(f"{where} warning", str(w.message))

    def warned(self, where: str, call) -> object:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = call()
        assert caught, f"{where}: a warning was expected"
        for w in caught:
            self.add(f"{where} warning", str(w.message))
        return out


@pytest.fixture(scope="module")
def demo_zoning_inputs():
    from access_map.apl import APLParams, apl_variants, demand_from_population
    from access_map.datasets import load_demo
    from access_map.travel import crow_fly_times

    demo = load_demo()
    params = APLParams.drees_mg(2023)
    demand = demand_from_population(demo.population_by_age, params=params)
    gp = demo.practitioners[demo.practitioners["profession"] == "medecin_generaliste"]
    apl = apl_variants(gp, demand, crow_fly_times(demo.chefs_lieux), params=params, max_ages=(65,))
    communes = pd.DataFrame(
        {
            "apl": apl["apl_65"],
            "standardised_population": demand,
            "population": demo.communes["population"],
            "code_region": demo.communes["code_region"],
        }
    )
    return demo, communes


def engine_runs(c: Collector, demo, demo_communes) -> None:
    """The zoning engine on the demo and on inputs that break each rule and trigger each note."""
    c.zoning("demo 2017", communes=demo_communes, tvs=demo.tvs, caps=demo.zoning_caps, qpv=demo.qpv)
    c.zoning(
        "demo 2021 from the zoning in force",
        communes=demo_communes,
        tvs=demo.tvs,
        caps=demo.zoning_caps,
        rules=ZoningRules.revision_2021(),
        in_force=demo.previous_zoning["zonage"],
    )
    # national selection alone above the ZIP cap (warning, mandatory and optional)
    for region in ("75", "84"):
        communes, tvs, caps = make([("33001", "A", region, 2.0, 500), ("33002", "H", region, 5.0, 500)])
        c.zoning(f"nat above cap {region}", communes=communes, tvs=tvs, caps=caps, rules=ZoningRules.revision_2021())
    # an ARS list that breaks every rule it can, and the stop policy
    rows = [
        ("33001", "A", "75", 2.0, 1000),
        ("33002", "V1", "75", 3.0, 1500),
        ("33003", "V2", "75", 3.1, 1500),
        ("33004", "V3", "75", 3.5, 1500),
        ("33005", "V4", "75", 3.6, 1500),
        ("33006", "H1", "75", 5.0, 2000),
        ("33007", "H2", "75", 4.5, 500),
    ]
    communes, tvs, caps = make(rows, caps={"75": (0.25, 0.2)})
    sel = pd.DataFrame(
        {"code_tvs": ["A", "V1", "V2", "V3", "V4", "H2"], "zonage": ["ZAC", "ZIP", "ZIP", "ZAC", "HV", "ZAC"]}
    )
    c.zoning("ARS list", communes=communes, tvs=tvs, caps=caps, selection=sel)
    c.error("strict", lambda: compute_zoning(communes, tvs=tvs, caps=caps, selection=sel, strict=True))
    c.zoning("partial list", communes=communes, tvs=tvs, caps=caps, selection=sel.iloc[:2], complete_with_policy=True)
    c.zoning("partial list to ZV", communes=communes, tvs=tvs, caps=caps, selection=sel.iloc[:2])
    c.zoning("stop", communes=communes, tvs=tvs, caps=caps, policy="stop")
    # starting from the zoning in force: kept, impossible, moved down, margin exceeded, no class in force
    in_force = pd.Series(
        {"33001": "ZIP", "33002": "ZIP", "33003": "ZIP", "33004": "HV", "33006": "ZAC", "33007": "ZAC"}
    )
    c.zoning("in force", communes=communes, tvs=tvs, caps=caps, rules=ZoningRules.revision_2021(), in_force=in_force)
    # a TVS across two regions: inherited classes over a cap, a minority list, a cycle moved down
    rows = [
        ("33001", "Y", "75", 3.9, 300),
        ("33002", "X", "75", 2.6, 150),
        ("33003", "V", "75", 3.0, 200),
        ("33004", "H", "75", 5.0, 350),
        ("24001", "X", "76", 2.6, 300),
        ("24002", "Y", "76", 3.9, 100),
        ("24003", "H6", "76", 5.0, 600),
    ]
    communes, tvs, caps = make(rows, caps={"75": (0.3, 0.5), "76": (0.3, 0.4)})
    c.zoning("cycle", communes=communes, tvs=tvs, caps=caps, rules=ZoningRules.revision_2021())
    caps_small = caps.assign(zac_cap_share=[0.05, 0.4], zip_cap_share=[0.05, 0.3])
    c.zoning("inherited over cap", communes=communes, tvs=tvs, caps=caps_small, rules=ZoningRules.revision_2021())
    minority = pd.DataFrame({"code_tvs": ["X"], "code_region": ["75"], "zonage": ["ZAC"]})
    c.zoning(
        "minority list", communes=communes, tvs=tvs, caps=caps, rules=ZoningRules.revision_2021(), selection=minority
    )
    # QPV classed outside the vivier, in an excluded region; a DREES category that disagrees; zero weights;
    # La Réunion without grands quartiers; TVS with several classes in force; an inherited hors-vivier margin
    rows = [
        ("33001", "A", "75", 2.0, 100),
        ("33002", "V1", "75", 2.6, 200),
        ("33003", "V2", "75", 2.7, 150),
        ("33004", "V3", "75", 3.9, 400),
        ("33005", "H", "75", 6.0, 150),
        ("33006", "Z", "75", 3.0, 10, 0.0),
    ]
    communes, tvs, caps = make(rows)
    qpv = pd.DataFrame({"code_qpv": ["Q1", "Q2"], "code_commune": ["33004", "33005"], "population": [50.0, 20.0]})
    qsel = pd.Series({"Q1": "ZIP", "Q2": "ZAC"})
    rules = replace(ZoningRules(), qpv_excluded_regions=frozenset({"75"}))
    c.zoning("QPV", communes=communes, tvs=tvs, caps=caps, qpv=qpv, qpv_selection=qsel, rules=rules)
    members = pd.DataFrame({"code_tvs": tvs, "drees_category": ["vivier", "vivier", "", "", "", ""]}, index=tvs.index)
    c.zoning("categories", communes=communes, tvs=members, caps=caps, rules=ZoningRules.revision_2021())
    rows = [
        ("97401", "R", "04", 3.0, 100),
        ("97402", "R", "04", 3.0, 300),
        ("97403", "H", "04", 5.0, 600),
    ]
    communes, tvs, caps = make(rows)
    mixed = pd.Series({"97401": "ZIP", "97402": "ZAC", "97403": "HV"})
    c.zoning("Réunion", communes=communes, tvs=tvs, caps=caps, rules=ZoningRules.revision_2021(), in_force=mixed)
    rows = [("33001", "X", "75", 4.5, 100), ("24001", "X", "76", 4.5, 900), ("24002", "V", "76", 3.0, 1000),
            ("33002", "V7", "75", 3.0, 900)]  # fmt: skip
    communes, tvs, caps = make(rows)
    hv = pd.DataFrame({"code_tvs": ["X"], "code_region": ["76"], "zonage": ["ZAC"]})
    c.zoning("inherited margin", communes=communes, tvs=tvs, caps=caps, rules=ZoningRules.revision_2021(), selection=hv)


def engine_errors(c: Collector) -> None:
    """Errors of the rules, the TVS composition, the policies, five levels and diffs."""
    c.error("rules", lambda: ZoningRules.custom(zip_threshold=4.5, vivier_threshold=4.0))
    c.error("rules", lambda: ZoningRules.custom(zip_threshold=float("nan"), vivier_threshold=-1.0))
    c.error("rules", lambda: ZoningRules.custom(zip_threshold=2.5, vivier_threshold=4.0, hors_vivier_margin=5.0))
    c.error(
        "rules",
        lambda: ZoningRules(
            cross_region="x",  # type: ignore[arg-type]
            starting_point="y",  # type: ignore[arg-type]
            category_source="z",  # type: ignore[arg-type]
            hors_vivier_margin_classes=frozenset({"ZAR"}),
            qpv_classes=(),
            share_check_decimals=-1,
            tvs_apl_decimals=20,
        ),
    )
    c.error("preset", lambda: ZoningRules.from_name("2019"))
    c.error("rule source", lambda: ZoningRules().rule_source("nope"))
    c.error("categories", lambda: parse_categories(pd.Series(["03_Autre"])))
    c.error("tvs index", lambda: tvs_membership(pd.DataFrame({"code_tvs": ["A"]}, index=pd.Index(["33001"], name="x"))))
    c.error("tvs empty", lambda: tvs_membership(pd.DataFrame({"code_commune": ["33001"], "code_tvs": [" "]})))
    c.error(
        "tvs two",
        lambda: tvs_membership(pd.DataFrame({"code_commune": ["33001", "33001"], "code_tvs": ["A", "B"]})),
    )
    c.error(
        "tvs categories",
        lambda: tvs_membership(
            pd.DataFrame(
                {
                    "code_commune": ["33001", "33002"],
                    "code_tvs": ["A", "A"],
                    "drees_category": ["vivier", "hors vivier"],
                }
            )
        ),
    )
    members = pd.Series({"33001": "A", "33002": "A"})
    c.error(
        "apl missing",
        lambda: tvs_apl(pd.Series({"33001": 2.0}), weights=pd.Series({"33001": 1.0, "33002": 1.0}), tvs=members),
    )
    c.error(
        "apl twice",
        lambda: tvs_apl(
            pd.Series([2.0, 3.0], index=["33001", "33001"]), weights=pd.Series({"33001": 1.0}), tvs=members
        ),
    )
    c.error("apl list", lambda: tvs_apl([2.0], weights=pd.Series({"33001": 1.0}), tvs=members))  # type: ignore[arg-type]
    communes, tvs, caps = make([("33001", "A", "75", 2.0, 100)])
    c.error("policy", lambda: compute_zoning(communes, tvs=tvs, caps=caps, policy="random"))  # type: ignore[arg-type]
    c.error("policy in force", lambda: compute_zoning(communes, tvs=tvs, caps=caps, policy="in_force"))
    c.error("five shares", lambda: FiveLevelRules.custom((0.5, 0.5)))  # type: ignore[arg-type]
    c.error("five negative", lambda: FiveLevelRules.custom((0.5, -0.1, 0.2, 0.2, 0.2)))
    c.error("five sum", lambda: FiveLevelRules.custom((0.3, 0.2, 0.2, 0.2, 0.2)))
    ind = pd.Series([1.0, 2.0], index=["a", "b"])
    rules5 = FiveLevelRules.infirmiers_2020()
    c.error("five boundary", lambda: five_level_zoning(ind, population=ind, rules=rules5, boundary="x"))  # type: ignore[arg-type]
    c.error(
        "five twice", lambda: five_level_zoning(pd.Series([1.0, 2.0], index=["a", "a"]), population=ind, rules=rules5)
    )
    c.error("five cover", lambda: five_level_zoning(ind, population=pd.Series({"a": 1.0, "c": 1.0}), rules=rules5))
    c.error("five empty", lambda: five_level_zoning(ind, population=ind * 0, rules=rules5))
    c.table("five levels", five_level_zoning(ind, population=ind, rules=rules5))
    before = pd.Series({"01001": "ZV", "01002": "ZIP"})
    after = pd.Series({"01001": "ZIP", "01003": "ZAC"})
    pop = pd.Series({"01001": 3.0, "01002": 1.0, "01003": 2.0})
    d = c.warned("diff", lambda: zoning_diff(before, after, population=pop, tvs=pd.Series({"01001": "T"})))
    for line in d.describe():  # type: ignore[attr-defined]
        c.add("diff.describe", line)
    for name in ("communes", "transitions", "summary", "tvs"):
        frame = getattr(d, name)
        c.table(f"diff.{name}", frame.reset_index() if frame.index.name else frame)
    c.error("diff language", lambda: d.describe(language="en"))  # type: ignore[attr-defined]
    c.error("diff population", lambda: zoning_diff(before, before, population=pd.Series({"01001": 1.0})))
    c.error(
        "diff twice", lambda: zoning_diff(pd.Series(["ZV", "ZIP"], index=["01001", "01001"]), before, population=pop)
    )
    for rules in (
        ZoningRules.arrete_2017(),
        ZoningRules.revision_2021(),
        ZoningRules.custom(zip_threshold=3, vivier_threshold=4.5),
    ):
        c.table(f"rules {rules.name}", rules.describe())
        c.add(f"rules {rules.name} source", rules.source)


def msp_and_decay(c: Collector) -> None:
    """Warnings and errors of the MSP indicators and of the decays."""
    communes = pd.DataFrame(
        {"population": [50_000.0, 150_000.0], "code_departement": ["01", "02"]}, index=["01001", "02001"]
    )
    structures = pd.DataFrame(
        {
            "finess": ["1", "1", "2", "3"],
            "nom": ["a", "a", "b", "c"],
            "code_commune": ["01001", "01001", "99999", "02001"],
            "categorie": [603, 603, 603, 603],
            "date_ouverture": ["2015-01-01", "2015-01-01", None, None],
        }
    )
    _, report = c.warned("structures", lambda: msp.check_structures(structures, communes))  # type: ignore[misc]
    for reason in report.reasons:
        c.add("structures reasons", reason)
    c.warned("dated counts", lambda: msp.structure_counts(structures.iloc[[0, 3]], communes, dates=["2020-01-01"]))
    c.error("dates", lambda: msp.structure_counts(structures, communes, dates=[]))
    c.error(
        "max minutes",
        lambda: msp.zoning_shares(structures.iloc[[0]], communes, pd.Series({"01001": "ZIP"}), times=pd.DataFrame()),
    )
    c.error("vintages", lambda: msp.population_vintages({}))
    c.error("disparities", lambda: msp.disparities(pd.DataFrame({"x": [1.0]}), value_column="per_100k"))
    counts = pd.DataFrame({"code": ["01"], "date": ["2020-01-01"], "value": [1.0]})
    c.error("by", lambda: msp.rates_per_100k(counts.assign(level="d"), pd.Series({"01": 1.0}), by=("level",)))
    shares = msp.zoning_shares(structures.iloc[[0]], communes, pd.Series({"01001": "ZIP"}))
    for label in shares.index:
        c.add("zoning shares row", label)
    for label in msp.CATEGORY_LABELS.values():
        c.add("MSP category", label)
    c.error("times", lambda: check_minutes([-3.0, np.nan], source="temps.csv"))
    c.error("gaussian", lambda: GaussianDecay(sigma_minutes=0, max_minutes=10))
    c.error("steps", lambda: StepDecay(breaks=(10.0, 20.0), weights=(1.0,)))
    c.error("steps order", lambda: StepDecay(breaks=(10.0, 5.0), weights=(1.0, 0.5)))
    c.error("steps weights", lambda: StepDecay(breaks=(10.0,), weights=(-1.0,)))
    c.error("steps closed", lambda: StepDecay(breaks=(10.0,), weights=(1.0,), closed="both"))  # type: ignore[arg-type]


def test_every_text_of_the_zoning_engine_msp_and_decays_is_french(demo_zoning_inputs):
    demo, demo_communes = demo_zoning_inputs
    c = Collector()
    engine_runs(c, demo, demo_communes)
    engine_errors(c)
    msp_and_decay(c)
    # the runs reach every broken rule the report can hold, so every violation text is checked
    assert c.rules == set(msg.VIOLATION_LABELS), set(msg.VIOLATION_LABELS) - c.rules
    english = [(where, text, english_in(text)) for where, text in c.texts if english_in(text)]
    assert not english, "\n".join(f"{w}: {t!r} -> {e}" for w, t, e in english[:30])
    assert len(c.texts) > 1000
    assert not c.unnamed_columns, "columns without French header in messages.zoning.HEADERS"


def test_reasons_write_numbers_the_french_way(demo_zoning_inputs):
    demo, communes = demo_zoning_inputs
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        z = compute_zoning(communes, tvs=demo.tvs, caps=demo.zoning_caps, qpv=demo.qpv)
    t = z.tvs.set_index("code_tvs")
    national = t[t["category"] == "national_selection"].iloc[0]
    # « APL 1,388 ≤ 2,5 : sélection nationale (ZIP, zone A), obligatoire »: the TVS APL to three decimals
    expected_apl = f"{national['apl']:.3f}".replace(".", ",")
    assert national["reason"] == f"APL {expected_apl} ≤ 2,5 : sélection nationale (ZIP, zone A), obligatoire"
    policy = t[t["decided_by"] == "policy"]
    # populations with a narrow no-break space between thousands (« 65 801 hab. »), never « 65,801 »
    assert len(policy) and all(re.search(r"\d\u202f\d{3} hab\.", r) for r in policy["reason"])
    assert not any(re.search(r"\d,\d{3} hab", r) for r in policy["reason"])
    assert z.report.regions["decided_by"].tolist() == ["règle par défaut : APL croissant dans les plafonds"]
