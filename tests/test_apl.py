"""DREES APL: official parameters, supply, demand, hand-computed APL, variants, aggregation, bad input."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

from access_map.apl import (
    AGE_WEIGHTS,
    APLParams,
    CatchmentToVerifyWarning,
    aggregate_apl,
    apl_variants,
    compute_apl,
    counted_acts,
    demand_from_population,
    standardised_population,
    supply_from_activity,
)
from access_map.decay import DREES_GP_DECAY
from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError
from access_map.schema import AGE_BANDS
from conftest import shared_path

# ---------------------------------------------------------------------------
# official parameters
# ---------------------------------------------------------------------------


def test_age_weights_match_the_drees_parameter_sheet():
    path = shared_path("apl_methode_parametres_drees", "poids_age_mg_2022_2023.csv")
    sheet = pd.read_csv(path)
    assert len(sheet) == 19 and sheet["tranche_age"].iloc[0] == "Moins de 5 ans"
    assert sheet["tranche_age"].iloc[-1] == "Plus de 90 ans"
    for year in (2022, 2023):
        ours = [AGE_WEIGHTS[year][band] for band in AGE_BANDS]
        np.testing.assert_array_equal(ours, sheet[f"poids_{year}"].to_numpy())


def test_decay_and_activity_bounds_match_the_parameter_sheet():
    decay = pd.read_csv(shared_path("apl_methode_parametres_drees", "decroissance_distance_mg.csv"))
    # rows: < 10, 10-15, 15-20, > 20 -> band weights and 0 beyond
    np.testing.assert_allclose(list(DREES_GP_DECAY.weights) + [0.0], decay["accessibilite"].to_numpy(), rtol=1e-15)
    bounds = pd.read_csv(shared_path("apl_methode_parametres_drees", "bornes_activite_mg.csv"))
    assert bounds["activite_comptabilisee"].tolist()[0] == "0" and bounds["activite_comptabilisee"].iloc[1] == "3600"
    assert bounds["activite_comptabilisee"].iloc[3] == "6000"
    p = APLParams.drees_mg(2023)
    assert (p.min_acts, p.floor_acts, p.cap_acts, p.new_practitioner_acts) == (250, 3600, 6000, 5400)
    assert (p.max_minutes, p.scale, p.decay) == (20.0, 1.0, DREES_GP_DECAY)


def test_presets_and_unknown_vintage():
    assert APLParams.drees_mg(2022).age_weights["age_00_04"] == 0.93
    assert APLParams.drees_mg(2023, max_age=65).max_age == 65.0
    with pytest.raises(
        InvalidValueError,
        match=r"pas de poids par âge officiels pour le millésime d'APL 2019 ; disponibles : 2022, 2023",
    ):
        APLParams.drees_mg(2019)
    with pytest.raises(InvalidValueError, match="profession inconnue 'pharmacien'"):
        APLParams.for_profession("pharmacien")
    with pytest.raises(InvalidValueError, match="max_age doit être un âge en années"):
        APLParams.drees_mg(max_age=5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        APLParams.drees_mg().scale = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("profession", "demand_kind", "unit"),
    [
        ("infirmier", "standardised", "ETP accessibles pour 100 000 habitants standardisés"),
        ("masseur_kinesitherapeute", "standardised", "ETP accessibles pour 100 000 habitants standardisés"),
        ("chirurgien_dentiste", "standardised", "ETP accessibles pour 100 000 habitants standardisés"),
        ("sage_femme", "women", "ETP accessibles pour 100 000 femmes"),
    ],
)
def test_other_professions_warn_catchment_to_verify(profession, demand_kind, unit):
    with pytest.warns(CatchmentToVerifyWarning, match=r"ne sont pas publiés .*\(à vérifier\)"):
        p = APLParams.for_profession(profession, 2023)
    assert (p.profession, p.demand_kind, p.unit, p.supply_kind, p.scale) == (profession, demand_kind, unit, "etp", 1e5)
    assert p.decay == DREES_GP_DECAY and p.catchment_to_verify


# ---------------------------------------------------------------------------
# supply
# ---------------------------------------------------------------------------


def test_counted_acts_boundaries():
    acts = [0, 249, 249.99, 250, 251, 3600, 3600.5, 3601, 5999, 6000, 6001, 12000]
    # < 250 -> 0; 250..3600 -> 3600; 3600..6000 -> actual; > 6000 -> 6000
    expected = [0, 0, 0, 3600, 3600, 3600, 3600.5, 3601, 5999, 6000, 6000, 6000]
    np.testing.assert_array_equal(counted_acts(acts), expected)


def test_counted_acts_new_and_health_centre():
    acts = [np.nan, 100.0, 100.0, 9000.0, np.nan, 2000.0]
    new = [True, True, False, False, True, False]
    centre = [False, False, True, True, True, False]
    # new -> 5400 (also when acts are given); centre with acts -> actual, no bounds; centre + new + NaN -> 5400
    np.testing.assert_array_equal(
        counted_acts(acts, new_practitioner=new, health_centre=centre), [5400, 5400, 100, 9000, 5400, 3600]
    )
    with pytest.raises(InvalidValueError, match=r"1 praticien sans actes \(NaN\) et non signalé"):
        counted_acts([np.nan, 1000.0])


def practitioners(rows) -> pd.DataFrame:
    cols = [
        "practitioner_id",
        "code_commune",
        "profession",
        "acts",
        "age",
        "new_practitioner",
        "health_centre",
        "etp",
        "share",
    ]
    return pd.DataFrame(rows, columns=cols)


GP = "medecin_generaliste"
PRACTITIONERS = practitioners(
    [
        # id, commune, profession, acts, age, new, centre, etp, share
        ("p1", "33001", GP, 4500.0, 50.0, False, False, np.nan, np.nan),  # 4,500 in 33001
        ("p2", "33001", GP, np.nan, 30.0, True, False, np.nan, 0.75),  # new: 5,400 x 0.75 = 4,050 in 33001
        ("p2", "33003", GP, np.nan, 30.0, True, False, np.nan, 0.25),  # 5,400 x 0.25 = 1,350 in 33003
        ("p3", "33003", GP, 8000.0, 63.0, False, False, np.nan, np.nan),  # capped 6,000 in 33003
        ("p4", "33003", GP, 200.0, 70.0, False, False, np.nan, np.nan),  # < 250 -> 0
        ("p5", "33004", GP, 3000.0, 66.0, False, True, np.nan, np.nan),  # centre de santé: 3,000 (no floor)
        ("p6", "33002", GP, 1000.0, 61.0, False, False, np.nan, np.nan),  # floor 3,600 in 33002
        ("p6", "33004", GP, 1000.0, 61.0, False, False, np.nan, np.nan),  # split 1/2: 1,800 each
        ("n1", "33001", "infirmier", np.nan, 40.0, False, False, 0.8, np.nan),
    ]
)


def test_supply_from_activity_hand_computed():
    s = supply_from_activity(PRACTITIONERS, params=APLParams.drees_mg())
    # 33001: 4,500 + 4,050 = 8,550; 33002: 1,800; 33003: 1,350 + 6,000 + 0 = 7,350; 33004: 3,000 + 1,800 = 4,800
    assert s.to_dict() == {"33001": 8550.0, "33002": 1800.0, "33003": 7350.0, "33004": 4800.0}
    assert s.name == "supply" and s.index.name == "code_commune"


@pytest.mark.parametrize(
    ("max_age", "expected"),
    [
        # <= 65: p5 (66) and p4 (70, 0 anyway) leave
        (65, {"33001": 8550.0, "33002": 1800.0, "33003": 7350.0, "33004": 1800.0}),
        # <= 62: p3 (63) leaves too
        (62, {"33001": 8550.0, "33002": 1800.0, "33003": 1350.0, "33004": 1800.0}),
        # <= 60: p6 (61) leaves; 33002 has nobody left
        (60, {"33001": 8550.0, "33003": 1350.0}),
    ],
)
def test_supply_age_variants(max_age, expected):
    s = supply_from_activity(PRACTITIONERS, params=APLParams.drees_mg(max_age=max_age))
    assert s.to_dict() == expected


def test_supply_unknown_age_is_reported_when_filtering():
    t = PRACTITIONERS.assign(age=PRACTITIONERS["age"].where(PRACTITIONERS["practitioner_id"] != "p1"))
    with pytest.warns(
        UserWarning, match=r"1 praticien \(médecin généraliste, 1 ligne praticien × lieu ; par exemple p1\)"
    ):
        s = supply_from_activity(t, params=APLParams.drees_mg(max_age=65))
    assert s["33001"] == 4050.0


def test_supply_etp_professions():
    with pytest.warns(CatchmentToVerifyWarning):
        params = APLParams.drees_infirmier()
    t = pd.concat(
        [
            PRACTITIONERS,
            practitioners(
                [
                    ("n2", "33002", "infirmier", np.nan, 50.0, False, False, 1.0, 0.5),
                    ("n2", "33003", "infirmier", np.nan, 50.0, False, False, 1.0, 0.5),
                ]
            ),
        ]
    )
    assert supply_from_activity(t, params=params).to_dict() == {"33001": 0.8, "33002": 0.5, "33003": 0.5}
    bad = t.assign(etp=t["etp"].where(t["practitioner_id"] != "n2"))
    # issue 11: messages count practitioners, not practitioner x site rows (n2 practises on two sites)
    with pytest.raises(InvalidValueError, match=r"colonne 'etp' : 1 praticien \(2 lignes praticien × site ; ex"):
        supply_from_activity(bad, params=params)


def test_supply_bad_tables():
    with pytest.raises(MissingColumnError, match="colonne\\(s\\) manquante\\(s\\) 'share'"):
        supply_from_activity(PRACTITIONERS.drop(columns="share"), params=APLParams.drees_mg())
    bad = PRACTITIONERS.assign(acts=PRACTITIONERS["acts"].where(PRACTITIONERS["practitioner_id"] != "p1"))
    with pytest.raises(
        InvalidValueError, match=r"1 praticien .* sans actes et non signalé\(s\) new_pra.*impute_activity"
    ):
        supply_from_activity(bad, params=APLParams.drees_mg())
    with pytest.warns(UserWarning, match="aucun praticien de la profession 'medecin_generaliste'"):
        s = supply_from_activity(PRACTITIONERS[PRACTITIONERS["profession"] != GP], params=APLParams.drees_mg())
    assert s.empty


# ---------------------------------------------------------------------------
# demand
# ---------------------------------------------------------------------------


def _pop_by_age() -> pd.DataFrame:
    pop = pd.DataFrame(0.0, index=pd.Index(["33002", "33001"], name="code_commune"), columns=list(AGE_BANDS))
    pop.loc["33001", ["age_00_04", "age_40_44", "age_90_plus"]] = [100.0, 200.0, 10.0]
    pop.loc["33002", ["age_75_79", "age_85_89"]] = [50.0, 20.0]
    pop["women"] = [40.0, 160.0]
    return pop


def test_standardised_population_by_vintage():
    pop = _pop_by_age()
    # 2023: 33001 = 100 x 1.12 + 200 x 0.89 + 10 x 2.26 = 112 + 178 + 22.6 = 312.6; 33002 = 50 x 1.57 + 20 x 1.89 = 116.3
    s = standardised_population(pop)
    assert s.index.tolist() == ["33001", "33002"]
    np.testing.assert_allclose(s.to_numpy(), [312.6, 116.3], rtol=1e-13)
    # 2022: 33001 = 93 + 180 + 23.9 = 296.9; 33002 = 50 x 1.53 + 20 x 1.99 = 76.5 + 39.8 = 116.3
    np.testing.assert_allclose(standardised_population(pop, weights=AGE_WEIGHTS[2022]).to_numpy(), [296.9, 116.3])
    assert pop.loc["33001", "age_00_04"] == 100.0  # input untouched


def test_demand_from_population_women_for_midwives():
    with pytest.warns(CatchmentToVerifyWarning):
        p = APLParams.drees_sage_femme()
    assert demand_from_population(_pop_by_age(), params=p).to_dict() == {"33001": 160.0, "33002": 40.0}


def test_standardised_population_bad_input():
    pop = _pop_by_age()
    with pytest.raises(MissingColumnError, match="colonne\\(s\\) manquante\\(s\\) 'age_90_plus' dans insee.csv"):
        standardised_population(pop.drop(columns="age_90_plus"), source="insee.csv")
    bad = pop.copy()
    bad.loc["33002", "age_00_04"] = -5.0
    with pytest.raises(InvalidValueError, match="colonne 'age_00_04' de pop.csv : 1 valeur négative \\(-5.0\\)"):
        standardised_population(bad, source="pop.csv")
    with pytest.raises(InvalidValueError, match="weights lack age band\\(s\\) 'age_90_plus'"):
        standardised_population(pop, weights={b: 1.0 for b in AGE_BANDS[:-1]})


# ---------------------------------------------------------------------------
# APL, hand-computed
# ---------------------------------------------------------------------------

#  33001-33002 10.0 min, 33001-33003 15.0, 33001-33004 20.0, 33002-33003 5.0, 33002-33004 25.0, 33003-33004 12.0
_EDGES = [("33001", "33002", 10.0), ("33001", "33003", 15.0), ("33001", "33004", 20.0),
          ("33002", "33003", 5.0), ("33002", "33004", 25.0), ("33003", "33004", 12.0)]  # fmt: skip
TIMES = pd.DataFrame(
    [(c, c, 0.0) for c in ("33001", "33002", "33003", "33004")] + _EDGES + [(b, a, t) for a, b, t in _EDGES],
    columns=["origin", "destination", "minutes"],
)
DEMAND = pd.Series({"33001": 1000.0, "33002": 500.0, "33003": 2000.0, "33004": 300.0})


def test_compute_apl_hand_computed():
    # supply 33001 = 6,000 acts, 33003 = 3,000 acts; DREES decay: 10.0 -> 2/3, 15.0 -> 1/3, 20.0 -> 0, 12 -> 2/3
    # R_33001 = 6000 / (1000 + 500 x 2/3 + 2000 x 1/3 + 300 x 0) = 6000 / 2000 = 3
    # R_33003 = 3000 / (1000/3 + 500 + 2000 + 300 x 2/3) = 3000 / 3033.33 = 90/91
    # APL: 33001 = 3 + 30/91; 33002 = 2 + 90/91; 33003 = 1 + 90/91; 33004 = 2/3 x 90/91 = 60/91
    supply = pd.Series({"33001": 6000.0, "33003": 3000.0})
    apl = compute_apl(supply=supply, demand=DEMAND, times=TIMES, params=APLParams.drees_mg(2023))
    np.testing.assert_allclose(apl.to_numpy(), [3 + 30 / 91, 2 + 90 / 91, 1 + 90 / 91, 60 / 91], rtol=1e-13)
    assert apl.name == "apl" and apl.index.equals(DEMAND.index)


def test_compute_apl_from_practitioners_end_to_end():
    # supply of PRACTITIONERS (see test_supply_from_activity_hand_computed):
    # 33001 8,550; 33002 1,800; 33003 7,350; 33004 4,800
    # reachable demand: D1 = 1000 + 500·2/3 + 2000/3 + 0 = 2000; D2 = 1000·2/3 + 500 + 2000 + 0 = 3166.67
    #                   D3 = 1000/3 + 500 + 2000 + 300·2/3 = 3033.33; D4 = 0 + 0 + 2000·2/3 + 300 = 1633.33
    r = np.array([8550 / 2000, 1800 / (9500 / 3), 7350 / (9100 / 3), 4800 / (4900 / 3)])
    f = np.array([[1, 2 / 3, 1 / 3, 0], [2 / 3, 1, 1, 0], [1 / 3, 1, 1, 2 / 3], [0, 0, 2 / 3, 1]])
    supply = supply_from_activity(PRACTITIONERS, params=APLParams.drees_mg())
    apl = compute_apl(supply=supply, demand=DEMAND, times=TIMES, params=APLParams.drees_mg())
    np.testing.assert_allclose(apl.to_numpy(), f @ r, rtol=1e-13)


def test_other_profession_scaled_per_100000():
    with pytest.warns(CatchmentToVerifyWarning):
        params = APLParams.drees_chirurgien_dentiste()
    supply = pd.Series({"33002": 2.0})
    # R = 2 / (1000·2/3 + 500 + 2000 + 0) = 2 / 3166.67; 33004 does not reach 33002 (25 min)
    apl = compute_apl(supply=supply, demand=DEMAND, times=TIMES, params=params)
    # APL_i = 1e5 · f(t_i,33002) · R with f(t_i,33002) = (2/3, 1, 1, 0) for 33001..33004 (10, 0, 5, 25 min)
    r = 2 / (9500 / 3)
    np.testing.assert_allclose(apl.to_numpy(), 1e5 * r * np.array([2 / 3, 1, 1, 0]), rtol=1e-13)
    assert apl["33004"] == 0.0


def test_apl_variants_share_one_catchment_and_match_single_runs():
    out = apl_variants(PRACTITIONERS, DEMAND, TIMES, params=APLParams.drees_mg())
    assert out.columns.tolist() == ["apl", "apl_65", "apl_62", "apl_60"]
    for age, col in [(None, "apl"), (65, "apl_65"), (60, "apl_60")]:
        p = APLParams.drees_mg(max_age=age)
        single = compute_apl(supply=supply_from_activity(PRACTITIONERS, params=p), demand=DEMAND, times=TIMES, params=p)
        np.testing.assert_allclose(out[col].to_numpy(), single.to_numpy(), rtol=1e-15)
    # fewer practitioners never raise anyone's APL
    assert (out["apl"] >= out["apl_65"]).all() and (out["apl_65"] >= out["apl_62"]).all()
    assert (out["apl_62"] >= out["apl_60"]).all()


# ---------------------------------------------------------------------------
# aggregation
# ---------------------------------------------------------------------------


def test_aggregate_apl_hand_computed():
    apl = pd.Series({"33001": 2.0, "33002": 3.0, "33003": 5.0, "33004": 1.0})
    weights = pd.Series({"33001": 100.0, "33002": 300.0, "33003": 600.0, "33004": 50.0})
    population = pd.Series({"33001": 120.0, "33002": 280.0, "33003": 650.0, "33004": 40.0})
    groups = pd.Series({"33001": "T1", "33002": "T1", "33003": "T2", "33004": "T2"}, name="code_tvs")
    out = aggregate_apl(apl, weights=weights, groups=groups, population=population)
    assert out.index.name == "code_tvs" and out.index.tolist() == ["T1", "T2"]
    # T1: (2 x 100 + 3 x 300) / 400 = 2.75; T2: (5 x 600 + 1 x 50) / 650 = 3050 / 650
    np.testing.assert_allclose(out["apl"].to_numpy(), [2.75, 3050 / 650])
    assert out["standardised_population"].tolist() == [400.0, 650.0]
    assert out["population"].tolist() == [400.0, 690.0]
    # APL <= 2.5: T1 33001 (120 people), T2 33004 (40); <= 4: T1 all 400, T2 only 33004 (40)
    assert out["population_apl_le_2.5"].tolist() == [120.0, 40.0]
    assert out["population_apl_le_4"].tolist() == [400.0, 40.0]
    np.testing.assert_allclose(out["share_apl_le_2.5"].to_numpy(), [120 / 400, 40 / 690])
    np.testing.assert_allclose(out["share_apl_le_4"].to_numpy(), [1.0, 40 / 690])
    # the region level: everything in one group
    region = aggregate_apl(apl, weights=weights, groups=pd.Series("75", index=apl.index), population=population)
    assert region["apl"].iloc[0] == pytest.approx((200 + 900 + 3000 + 50) / 1050)


def test_aggregate_apl_without_population_and_orphans():
    apl = pd.Series({"33001": 2.0, "33002": 3.0, "33003": 5.0})
    weights = pd.Series({"33001": 100.0, "33002": 300.0, "33003": 600.0})
    groups = pd.Series({"33001": "T1", "33002": "T1"})
    with pytest.warns(UserWarning, match=r"1 commune de l'APL sans territoire .*'33003'.*600"):
        out = aggregate_apl(apl, weights=weights, groups=groups, thresholds=(2.5,))
    assert out.columns.tolist() == [
        "apl",
        "standardised_population",
        "standardised_population_apl_le_2.5",
        "share_apl_le_2.5",
    ]
    assert out.loc["T1", "standardised_population_apl_le_2.5"] == 100.0
    assert out.loc["T1", "share_apl_le_2.5"] == 0.25


def test_aggregate_apl_bad_input():
    apl = pd.Series({"33001": 2.0, "33002": np.nan})
    weights = pd.Series({"33001": 1.0, "33002": 1.0})
    groups = pd.Series({"33001": "T", "33002": "T"})
    with pytest.raises(InvalidValueError, match=r"apl : 1 valeur NaN, ex. communes '33002'"):
        aggregate_apl(apl, weights=weights, groups=groups)
    with pytest.raises(InvalidValueError, match=r"weights \(population standardisée\) : 1 commune .*'33002'"):
        aggregate_apl(apl.fillna(1.0), weights=weights.iloc[:1], groups=groups)


# ---------------------------------------------------------------------------
# real data: Gironde, RPPS 2017 + DREES standardised population 2016 + crow-fly times
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gironde():
    import geopandas as gpd

    from access_map.travel import crow_fly_times

    rpps = pd.read_csv(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"), dtype=str)
    pop = pd.read_csv(
        shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz"), dtype={"code_commune": str}
    )
    pop = pop[(pop["annee_population"] == 2016) & pop["code_commune"].str.startswith("33")]
    demand = pop.set_index("code_commune")["pop_standardisee"].astype(float)
    points = gpd.read_file(
        f"/vsigzip/{shared_path('chefs_lieux_2020', 'cheflieu_2020.geojson.gz')}", where="cinsee0 LIKE '33%'"
    )
    points = points[points["cinsee0"].isin(demand.index)].set_index("cinsee0").to_crs(2154)
    # liberal GP practice sites (hospital sites are outside the APL field); each practitioner = 5,400 acts
    # (imputed, no activity data), split across his or her sites by the default share 1 / number of sites
    mg = rpps[(rpps["Specialite"] == "Spécialiste en Médecine Générale") & (rpps["Etablissement"] == "non")]
    mg = mg.drop_duplicates(["RPPS", "Commune"])
    table = pd.DataFrame(
        {
            "practitioner_id": mg["RPPS"],
            "code_commune": mg["Commune"],
            "profession": GP,
            "acts": np.nan,
            "age": np.nan,
            "new_practitioner": True,
            "health_centre": False,
            "etp": np.nan,
            "share": np.nan,
        }
    )
    times = crow_fly_times(points)
    return table, demand, times


def test_gironde_real_data_distribution(gironde):
    table, demand, times = gironde
    params = APLParams.drees_mg(2023)
    supply = supply_from_activity(table, params=params)
    n_gp = table["practitioner_id"].nunique()
    assert supply.sum() == pytest.approx(5400 * n_gp)  # shares of each practitioner sum to 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every practice commune is within reach of some demand
        apl = compute_apl(supply=supply, demand=demand, times=times, params=params)
    assert len(apl) == len(demand) == 535 and not apl.isna().any() and (apl >= 0).all()
    # conservation on real data: Σ P̃ APL = Σ S (every practice commune reaches demand)
    assert (apl * demand).sum() == pytest.approx(supply.sum(), rel=1e-9)
    weighted_mean = float((apl * demand).sum() / demand.sum())
    # ~1,000 liberal GPs x 5,400 acts / ~1.55 M standardised inhabitants ≈ 3.5 acts per inhabitant
    assert 2.0 < weighted_mean < 5.0

    # independent naive oracle for Bordeaux and two rural communes: the two steps written as loops over
    # the pair table, the DREES step decay written out (<10: 1, <15: 2/3, <20: 1/3)
    def f(t: float) -> float:
        return 1.0 if t < 10 else 2 / 3 if t < 15 else 1 / 3 if t < 20 else 0.0

    pairs = [(o, d, float(t)) for o, d, t in times[["origin", "destination", "minutes"]].itertuples(index=False)]
    reach: dict[str, float] = {}
    for o, d, t in pairs:
        reach[d] = reach.get(d, 0.0) + f(t) * demand.get(o, 0.0)
    ratio = {j: supply.get(j, 0.0) / reach[j] for j in supply.index if reach.get(j, 0.0) > 0}
    for code in ("33063", apl.sort_values().index[len(apl) // 2], apl.idxmin()):
        naive = sum(f(t) * ratio.get(d, 0.0) for o, d, t in pairs if o == code)
        assert apl[code] == pytest.approx(naive, rel=1e-9, abs=1e-12)
    # Bordeaux (33063) is far better served than the median rural commune
    assert apl["33063"] > 1.2 * apl.median()
    assert 0.5 < apl.quantile(0.9) / weighted_mean < 3
    assert (apl == 0).mean() < 0.05
    out = aggregate_apl(apl, weights=demand, groups=pd.Series("33", index=demand.index, name="dep"))
    assert out.loc["33", "apl"] == pytest.approx(weighted_mean)


def test_compute_apl_rejects_codes_read_as_numbers():
    supply = pd.Series({33001: 6000.0})
    with pytest.raises(InvalidCodeError, match=r"code\(s\) INSEE mal formé\(s\) dans supply, colonne 'index' : 33001"):
        compute_apl(supply=supply, demand=DEMAND, times=TIMES, params=APLParams.drees_mg())


def test_a_variant_without_any_age_is_refused():
    # an RPPS list has no ages: the ≤65 variant would count nobody
    table = pd.DataFrame(
        {
            "practitioner_id": ["a", "b", "c"],
            "code_commune": ["33001", "33002", "33002"],
            "profession": "medecin_generaliste",
            "acts": [4000.0, 5000.0, 4500.0],
            "age": [float("nan")] * 3,
            "new_practitioner": False,
            "health_centre": False,
            "etp": 1.0,
            "share": 1.0,
        }
    )
    # no age at all: the variant cannot be computed (an APL of 0 everywhere would read as a desert), refused
    with pytest.raises(InvalidValueError, match=r"aucun des 3 praticiens .* 65 ans ou moins ne peut pas être calculée"):
        supply_from_activity(table, params=APLParams.drees_mg(2023, max_age=65))
    table.loc[0, "age"] = 50.0
    with pytest.warns(UserWarning, match=r"2 praticiens .* sans âge sont laissés hors de la variante de 65 ans"):
        supply = supply_from_activity(table, params=APLParams.drees_mg(2023, max_age=65))
    assert supply.to_dict() == {"33001": 4000.0}
