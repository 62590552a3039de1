"""2SFCA / E2SFCA engine: hand-computed cases, naive-loop oracle, properties, PySAL agreement, bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from access import Access
from access import weights as pysal_weights
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access_map.decay import DREES_GP_DECAY, GaussianDecay, GravityDecay, StepDecay
from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError
from access_map.fca import (
    enhanced_two_stage_fca,
    fca_from_catchment,
    prepare_catchment,
    two_stage_fca,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore:The inplace keyword")

# ---------------------------------------------------------------------------
# a 4-commune case with times of exactly 10.0, 15.0 and 20.0 minutes
# ---------------------------------------------------------------------------
#   A-B 10.0   A-C 15.0   A-D 20.0   B-C 5.0   B-D 25.0   C-D 12.0   (symmetric; self = 0)
#   demand P: A 1000, B 500, C 2000, D 300      supply S: A 6000, C 3000

DEMAND = pd.Series({"A": 1000.0, "B": 500.0, "C": 2000.0, "D": 300.0})
SUPPLY = pd.Series({"A": 6000.0, "C": 3000.0})
_EDGES = [("A", "B", 10.0), ("A", "C", 15.0), ("A", "D", 20.0), ("B", "C", 5.0), ("B", "D", 25.0), ("C", "D", 12.0)]


def _times(edges, codes) -> pd.DataFrame:
    rows = [(c, c, 0.0) for c in codes]
    rows += [(a, b, t) for a, b, t in edges] + [(b, a, t) for a, b, t in edges]
    return pd.DataFrame(rows, columns=["origin", "destination", "minutes"])


TIMES = _times(_EDGES, "ABCD")


def test_hand_case_drees_decay_left_closed():
    # f: 0 -> 1, 5 -> 1, 10.0 -> 2/3, 12 -> 2/3, 15.0 -> 1/3, 20.0 -> 0, 25 -> 0
    # step 1: D_A = 1000*1 + 500*2/3 + 2000*1/3 + 300*0 = 1000 + 333.33 + 666.67 = 2000 -> R_A = 6000/2000 = 3
    #         D_C = 1000*1/3 + 500*1 + 2000*1 + 300*2/3 = 3033.33 -> R_C = 3000/3033.33 = 90/91
    # step 2: A = 3 + 1/3 * 90/91 = 3 + 30/91; B = 2/3*3 + 90/91 = 2 + 90/91; C = 1/3*3 + 90/91 = 1 + 90/91
    #         D = 0*3 + 2/3 * 90/91 = 60/91
    out = enhanced_two_stage_fca(supply=SUPPLY, demand=DEMAND, times=TIMES, decay=DREES_GP_DECAY)
    expected = [3 + 30 / 91, 2 + 90 / 91, 1 + 90 / 91, 60 / 91]
    np.testing.assert_allclose(out.to_numpy(), expected, rtol=1e-13)
    assert out.index.tolist() == ["A", "B", "C", "D"] and out.name == "e2sfca"
    # conservation: 1000*(3+30/91) + 500*(2+90/91) + 2000*(1+90/91) + 300*60/91 = 6000 + 273000/91 = 9000
    assert (out * DEMAND).sum() == pytest.approx(9000.0, rel=1e-13)


def test_hand_case_right_closed_includes_20_minutes():
    # closed="right": 10.0 -> 1, 15.0 -> 2/3, 20.0 -> 1/3 (and the 20.0 pair is in the catchment)
    # D_A = 1000 + 500 + 2000*2/3 + 300/3 = 2933.33 -> R_A = 6000/2933.33 = 45/22
    # D_C = 1000*2/3 + 500 + 2000 + 300*2/3 = 3366.67 -> R_C = 3000/3366.67 = 90/101
    # A = 45/22 + 2/3*90/101; B = 45/22 + 90/101; C = 2/3*45/22 + 90/101; D = 1/3*45/22 + 2/3*90/101
    right = StepDecay(breaks=(10, 15, 20), weights=(1, 2 / 3, 1 / 3), closed="right")
    out = enhanced_two_stage_fca(supply=SUPPLY, demand=DEMAND, times=TIMES, decay=right)
    ra, rc = 45 / 22, 90 / 101
    expected = [ra + 2 / 3 * rc, ra + rc, 2 / 3 * ra + rc, ra / 3 + 2 / 3 * rc]
    np.testing.assert_allclose(out.to_numpy(), expected, rtol=1e-13)


def test_hand_case_binary_2sfca_threshold_convention():
    # <= 15: pairs A-B, A-C, B-C, C-D (+ self). D_A = 1000+500+2000 = 3500 -> R_A = 12/7;
    #        D_C = 3800 -> R_C = 15/19; A = B = C = 12/7 + 15/19; D = 15/19
    out = two_stage_fca(supply=SUPPLY, demand=DEMAND, times=TIMES, max_minutes=15)
    np.testing.assert_allclose(out.to_numpy(), [12 / 7 + 15 / 19] * 3 + [15 / 19], rtol=1e-13)
    # < 15: A-C (15.0) leaves. D_A = 1500 -> R_A = 4; D_C = 500+2000+300 = 2800 -> R_C = 15/14
    #       A = 4; B = 4 + 15/14; C = 15/14; D = 15/14
    out = two_stage_fca(supply=SUPPLY, demand=DEMAND, times=TIMES, max_minutes=15, include_max=False)
    np.testing.assert_allclose(out.to_numpy(), [4, 4 + 15 / 14, 15 / 14, 15 / 14], rtol=1e-13)


def test_result_follows_demand_order_and_supply_outside_demand():
    # supply in a commune "E" that is not a demand point but reaches A in 5 min:
    # D_E = P_A = 1000 -> R_E = 50/1000 = 0.05, added to A only.
    times = pd.concat([TIMES, pd.DataFrame({"origin": ["A"], "destination": ["E"], "minutes": [5.0]})])
    demand = DEMAND.iloc[::-1]
    base = two_stage_fca(supply=SUPPLY, demand=demand, times=times, max_minutes=15)
    plus = two_stage_fca(supply=pd.concat([SUPPLY, pd.Series({"E": 50.0})]), demand=demand, times=times, max_minutes=15)
    assert plus.index.tolist() == ["D", "C", "B", "A"]
    np.testing.assert_allclose((plus - base).to_numpy(), [0, 0, 0, 0.05], atol=1e-15)


def test_no_supply_gives_zero_and_unreachable_supply_warns():
    # D only reaches itself within 5 minutes; supply in "Z" has no pair at all, C's supply is lost
    # when C has zero demand and reaches nobody else within 4 minutes.
    demand = pd.Series({"A": 10.0, "C": 0.0, "D": 5.0})
    supply = pd.Series({"A": 1.0, "C": 2.0, "Z": 3.0})
    with pytest.warns(UserWarning, match=r"2 communes d'offre n'atteignent aucune demande .*\(5,0 sur 6,0\)"):
        out = two_stage_fca(supply=supply, demand=demand, times=TIMES, max_minutes=4)
    # A: 1/10; C: 0; D: 0
    np.testing.assert_allclose(out.to_numpy(), [0.1, 0.0, 0.0])


def test_demand_without_any_time_warns_about_its_point():
    times = TIMES[(TIMES["origin"] != "D") & (TIMES["destination"] != "D")]
    with pytest.warns(UserWarning, match=r"1 commune de la demande sans aucun temps de trajet .*'D'.*aucun point"):
        out = enhanced_two_stage_fca(supply=SUPPLY, demand=DEMAND, times=times, decay=DREES_GP_DECAY)
    assert out["D"] == 0.0


def test_demand_with_times_only_beyond_the_catchment_warns_about_the_catchment():
    times = TIMES[(TIMES["origin"] != "D") & (TIMES["destination"] != "D")]
    times = pd.concat([times, pd.DataFrame({"origin": ["D"], "destination": ["A"], "minutes": [45.0]})])
    with pytest.warns(UserWarning, match=r"1 commune de la demande sans paire à moins de 20,0 minutes .*'D'") as rec:
        out = enhanced_two_stage_fca(supply=SUPPLY, demand=DEMAND, times=times, decay=DREES_GP_DECAY)
    assert out["D"] == 0.0
    assert not any("sans aucun temps de trajet" in str(w.message) for w in rec)
    assert all(w.filename == __file__ for w in rec)  # the warning points at the caller, not at access_map


# ---------------------------------------------------------------------------
# naive-loop oracle
# ---------------------------------------------------------------------------


def naive_fca(supply: dict, demand: dict, pairs: list, max_minutes: float, weight, include_max=True) -> dict:
    """Pure-Python double loop over the definition of the (E)2SFCA."""
    within = [(o, d, t) for o, d, t in pairs if (t <= max_minutes if include_max else t < max_minutes)]
    ratio = {}
    for j, s in supply.items():
        total = 0.0
        for o, d, t in within:
            if d == j and o in demand:
                total += weight(t) * demand[o]
        ratio[j] = s / total if total > 0 else 0.0
    out = {}
    for i in demand:
        acc = 0.0
        for o, d, t in within:
            if o == i and d in ratio:
                acc += weight(t) * ratio[d]
        out[i] = acc
    return out


def random_problem(rng: np.random.Generator, n: int, *, density: float = 0.4):
    codes = [f"{k:05d}" for k in range(n)]
    xy = rng.uniform(0, 30, size=(n, 2))
    pairs = []
    for a in range(n):
        for b in range(n):
            if a == b:
                pairs.append((codes[a], codes[b], 0.0))
            elif rng.uniform() < density:
                # quantised times so that exact band limits (10, 15, 20) occur often
                t = float(np.round(np.hypot(*(xy[a] - xy[b])) * 2) / 2)
                pairs.append((codes[a], codes[b], t))
    demand = {c: float(rng.integers(0, 5000)) for c in codes}
    supply_codes = rng.choice(codes, size=max(1, n // 2), replace=False)
    supply = {c: float(rng.uniform(0, 10000)) for c in supply_codes}
    return codes, pairs, demand, supply


DECAYS = [
    DREES_GP_DECAY,
    StepDecay(breaks=(10, 15, 20), weights=(1, 2 / 3, 1 / 3), closed="right"),
    GaussianDecay(sigma_minutes=8, max_minutes=20),
    GravityDecay(beta=1.2, min_minutes=1.0, max_minutes=20, scale_minutes=5),
]

# The same decays written independently of access_map.decay, one scalar formula each (the oracle's weights).
ORACLE_WEIGHTS = [
    lambda t: 1.0,  # binary catchment
    lambda t: 1.0 if t < 10 else 2 / 3 if t < 15 else 1 / 3 if t < 20 else 0.0,  # DREES, bands closed on the left
    lambda t: 1.0 if t <= 10 else 2 / 3 if t <= 15 else 1 / 3 if t <= 20 else 0.0,  # closed on the right
    lambda t: math.exp(-(t**2) / (2 * 8.0**2)),  # gaussian, sigma 8 min
    lambda t: (max(t, 1.0) / 5.0) ** -1.2,  # gravity, beta 1.2, floor 1 min, scale 5 min
]


@pytest.mark.parametrize(
    ("decay", "oracle_weight"),
    list(zip([None, *DECAYS], ORACLE_WEIGHTS)),
    ids=["binary", "drees", "right", "gauss", "gravity"],
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_engine_matches_naive_loop(decay, oracle_weight, seed):
    rng = np.random.default_rng(seed)
    codes, pairs, demand, supply = random_problem(rng, 25)
    include_max = bool(seed % 2)
    expected = naive_fca(supply, demand, pairs, 20.0, oracle_weight, include_max=include_max)
    times = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        got = two_stage_fca(
            supply=pd.Series(supply),
            demand=pd.Series(demand),
            times=times,
            max_minutes=20,
            decay=decay,
            include_max=include_max,
        )
    np.testing.assert_allclose(got.to_numpy(), [expected[c] for c in codes], rtol=1e-12, atol=1e-15)


def test_categorical_codes_give_the_same_result():
    rng = np.random.default_rng(7)
    codes, pairs, demand, supply = random_problem(rng, 30)
    times = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])
    cat = times.assign(
        origin=pd.Categorical(times["origin"], categories=codes[::-1] + ["99999"]),
        destination=pd.Categorical(times["destination"]),
    )
    d, s = pd.Series(demand), pd.Series(supply)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        a = enhanced_two_stage_fca(supply=s, demand=d, times=times, decay=DREES_GP_DECAY)
        b = enhanced_two_stage_fca(supply=s, demand=d, times=cat, decay=DREES_GP_DECAY)
    pd.testing.assert_series_equal(a, b)


def test_prepared_catchment_reused_across_supply_variants():
    rng = np.random.default_rng(3)
    codes, pairs, demand, supply = random_problem(rng, 20)
    times = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])
    d = pd.Series(demand)
    catchment = prepare_catchment(times, demand_index=d.index, decay=DREES_GP_DECAY, supply_index=pd.Index(codes))
    assert catchment.weights.shape == (20, 20)
    for k in range(3):
        s = pd.Series(supply) * (k + 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            direct = enhanced_two_stage_fca(supply=s, demand=d, times=times, decay=DREES_GP_DECAY)
            reused = fca_from_catchment(catchment, supply=s, demand=d, name="e2sfca")
        pd.testing.assert_series_equal(direct, reused)


# ---------------------------------------------------------------------------
# properties (hypothesis)
# ---------------------------------------------------------------------------


@st.composite
def problems(draw):
    n = draw(st.integers(min_value=2, max_value=8))
    codes = [f"{k:05d}" for k in range(n)]
    pairs = [(c, c, 0.0) for c in codes]
    for a in range(n):
        for b in range(n):
            if a != b and draw(st.booleans()):
                t = draw(st.sampled_from([1.0, 5.0, 10.0, 12.5, 15.0, 19.0, 20.0, 25.0]))
                pairs.append((codes[a], codes[b], t))
    demand = pd.Series([draw(st.floats(1.0, 1e5)) for _ in codes], index=codes)
    supply = pd.Series([draw(st.floats(0.0, 1e5)) for _ in codes], index=codes)
    times = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])
    return times, demand, supply


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(problems(), st.sampled_from([None, *DECAYS]))
def test_supply_is_conserved(problem, decay):
    # every supply commune has its self pair (0 min, weight > 0) and positive demand: all supply reaches demand.
    # Σ_i P_i A_i = Σ_i P_i Σ_j f_ij R_j = Σ_j R_j Σ_i f_ij P_i = Σ_j S_j (decay in both steps).
    times, demand, supply = problem
    out = two_stage_fca(supply=supply, demand=demand, times=times, max_minutes=20, decay=decay)
    assert (out * demand).sum() == pytest.approx(supply.sum(), rel=1e-9, abs=1e-9)


@PROPERTY_SETTINGS
@given(problems(), st.sampled_from([None, *DECAYS]), st.integers(0, 7), st.floats(0.0, 1e4))
def test_more_supply_never_lowers_access(problem, decay, where, extra):
    times, demand, supply = problem
    more = supply.copy()
    more.iloc[where % len(more)] += extra
    base = two_stage_fca(supply=supply, demand=demand, times=times, max_minutes=20, decay=decay)
    up = two_stage_fca(supply=more, demand=demand, times=times, max_minutes=20, decay=decay)
    assert (up.to_numpy() >= base.to_numpy() - 1e-12 * (1 + base.to_numpy())).all()


@PROPERTY_SETTINGS
@given(problems(), st.sampled_from([None, *DECAYS]), st.floats(0.01, 100.0))
def test_access_scales_linearly_with_supply(problem, decay, k):
    times, demand, supply = problem
    base = two_stage_fca(supply=supply, demand=demand, times=times, max_minutes=20, decay=decay)
    scaled = two_stage_fca(supply=supply * k, demand=demand, times=times, max_minutes=20, decay=decay)
    np.testing.assert_allclose(scaled.to_numpy(), k * base.to_numpy(), rtol=1e-12, atol=1e-300)


# ---------------------------------------------------------------------------
# agreement with PySAL access (independent implementation)
# ---------------------------------------------------------------------------


def pysal_e2sfca(times, demand, supply, *, max_cost, weight_fn):
    dem = pd.DataFrame({"geoid": demand.index, "pop": demand.to_numpy()})
    sup = pd.DataFrame({"geoid": supply.index, "doc": supply.to_numpy()})
    cost = times.rename(columns={"destination": "dest", "minutes": "cost"})
    model = Access(
        demand_df=dem,
        demand_index="geoid",
        demand_value="pop",
        supply_df=sup,
        supply_index="geoid",
        supply_value="doc",
        cost_df=cost,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    if weight_fn is None:  # PySAL's enhanced_two_stage_fca would substitute Luo & Qi's weights
        out = model.two_stage_fca(name="e", max_cost=max_cost)["e_doc"]
    else:
        out = model.enhanced_two_stage_fca(name="e", max_cost=max_cost, weight_fn=weight_fn)["e_doc"]
    return out.reindex(demand.index).fillna(0.0)


def test_agrees_with_pysal_on_hand_case():
    # PySAL's step_fn is right-closed (time <= key) and its max_cost is "<=".
    right = StepDecay(breaks=(10, 15, 20), weights=(1, 2 / 3, 1 / 3), closed="right")
    ours = enhanced_two_stage_fca(supply=SUPPLY, demand=DEMAND, times=TIMES, decay=right)
    theirs = pysal_e2sfca(
        TIMES, DEMAND, SUPPLY, max_cost=20, weight_fn=pysal_weights.step_fn({10: 1, 15: 2 / 3, 20: 1 / 3})
    )
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=0, atol=1e-9)


def test_drees_left_closed_decay_agrees_with_pysal_step_fn_below_the_breaks():
    # PySAL keeps weight v for time <= key; with keys just below 10, 15 and 20 (nextafter), "<= key" is
    # exactly "< break" for every float, i.e. the DREES closed="left" convention (10.0 -> 2/3, 20.0 -> 0).
    fn = pysal_weights.step_fn({np.nextafter(10.0, 0): 1.0, np.nextafter(15.0, 0): 2 / 3, np.nextafter(20.0, 0): 1 / 3})
    rng = np.random.default_rng(4)
    codes, pairs, demand, supply = random_problem(rng, 40, density=0.3)
    times = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])
    d, s = pd.Series(demand) + 1.0, pd.Series(supply)
    ours = enhanced_two_stage_fca(supply=s, demand=d, times=times, decay=DREES_GP_DECAY)
    theirs = pysal_e2sfca(times, d, s, max_cost=20, weight_fn=fn)
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=0, atol=1e-9)
    hand = pysal_e2sfca(TIMES, DEMAND, SUPPLY, max_cost=20, weight_fn=fn)
    np.testing.assert_allclose(hand.to_numpy(), [3 + 30 / 91, 2 + 90 / 91, 1 + 90 / 91, 60 / 91], rtol=1e-13)


@pytest.mark.parametrize(
    ("decay", "weight_fn"),
    [
        (
            StepDecay(breaks=(10, 15, 20), weights=(1, 2 / 3, 1 / 3), closed="right"),
            pysal_weights.step_fn({10: 1, 15: 2 / 3, 20: 1 / 3}),
        ),
        (GaussianDecay(sigma_minutes=8, max_minutes=20), pysal_weights.gaussian(8)),
        (
            GravityDecay(beta=1.2, min_minutes=1, max_minutes=20, scale_minutes=5),
            pysal_weights.gravity(scale=5, alpha=-1.2, min_dist=1),
        ),
        (None, None),
    ],
    ids=["step", "gaussian", "gravity", "binary"],
)
def test_agrees_with_pysal_on_random_problem(decay, weight_fn):
    rng = np.random.default_rng(11)
    codes, pairs, demand, supply = random_problem(rng, 40, density=0.3)
    times = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])
    d = pd.Series(demand) + 1.0  # PySAL divides by zero when a supply point reaches only zero demand
    s = pd.Series(supply)
    ours = two_stage_fca(supply=s, demand=d, times=times, max_minutes=20, decay=decay)
    theirs = pysal_e2sfca(times, d, s, max_cost=20, weight_fn=weight_fn)
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=0, atol=1e-9)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def test_missing_time_column():
    with pytest.raises(MissingColumnError, match="colonne\\(s\\) manquante\\(s\\) 'minutes' dans temps de trajet"):
        prepare_catchment(TIMES.drop(columns="minutes"), demand_index=DEMAND.index, max_minutes=20)


def test_negative_and_nan_minutes():
    bad = TIMES.assign(minutes=TIMES["minutes"].where(TIMES.index != 3, -1.0))
    with pytest.raises(InvalidValueError, match=r"1 valeur négative \(-1\)"):
        two_stage_fca(supply=SUPPLY, demand=DEMAND, times=bad, max_minutes=20)
    bad = TIMES.assign(minutes=TIMES["minutes"].where(TIMES.index != 3, np.nan))
    with pytest.raises(InvalidValueError, match=r"1 valeur manquante \(NaN\)"):
        two_stage_fca(supply=SUPPLY, demand=DEMAND, times=bad, max_minutes=20)


def test_duplicated_pairs():
    dup = pd.concat([TIMES, TIMES.iloc[[4]]])
    with pytest.raises(
        InvalidCodeError, match=r"paire\(s\) \(origine, destination\) en double dans temps de trajet : 'A->B'"
    ):
        two_stage_fca(supply=SUPPLY, demand=DEMAND, times=dup, max_minutes=20)


def test_bad_demand_and_supply_values():
    with pytest.raises(InvalidValueError, match=r"demand : 1 valeur négative\(s\), NaN ou infinie\(s\) : 'B=nan'"):
        two_stage_fca(supply=SUPPLY, demand=DEMAND.where(DEMAND.index != "B"), times=TIMES, max_minutes=20)
    with pytest.raises(InvalidValueError, match=r"supply : 1 valeur négative.*'C=-3.0'"):
        two_stage_fca(supply=pd.Series({"A": 1.0, "C": -3.0}), demand=DEMAND, times=TIMES, max_minutes=20)
    with pytest.raises(InvalidCodeError, match="supply a des codes en double"):
        two_stage_fca(supply=pd.Series([1.0, 2.0], index=["A", "A"]), demand=DEMAND, times=TIMES, max_minutes=20)
    with pytest.raises(TypeError, match="supply doit être une Series pandas"):
        two_stage_fca(supply={"A": 1.0}, demand=DEMAND, times=TIMES, max_minutes=20)  # type: ignore[arg-type]


def test_demand_not_matching_prepared_catchment():
    c = prepare_catchment(TIMES, demand_index=DEMAND.index, max_minutes=20)
    with pytest.raises(InvalidCodeError, match=r"1 code inconnu\(s\) de l'aire \('X'\)"):
        fca_from_catchment(c, supply=SUPPLY, demand=pd.Series({"A": 1.0, "X": 2.0}))


def test_bad_radius():
    with pytest.raises(InvalidValueError, match="demande max_minutes quand aucune décroissance"):
        prepare_catchment(TIMES, demand_index=DEMAND.index)
    with pytest.raises(InvalidValueError, match="max_minutes doit être un nombre fini > 0"):
        two_stage_fca(supply=SUPPLY, demand=DEMAND, times=TIMES, max_minutes=-5)


# ---------------------------------------------------------------------------
# the fast code-mapping path (INSEE codes in Arrow strings) agrees with the generic one
# ---------------------------------------------------------------------------


def test_insee_fast_path_matches_generic_path():
    rng = np.random.default_rng(5)
    codes = ["01001", "2A004", "2B033", "33063", "75101", "97101", "9Z999", "33001"]
    pairs = [(a, b, float(rng.integers(0, 25))) for a in codes for b in codes if a == b or rng.uniform() < 0.6]
    pairs = [(a, b, 0.0 if a == b else t) for a, b, t in pairs]
    arrow = pd.DataFrame(pairs, columns=["origin", "destination", "minutes"]).astype(
        {"origin": "str", "destination": "str"}
    )
    obj = arrow.astype({"origin": object, "destination": object})
    demand = pd.Series(rng.uniform(1, 100, len(codes)), index=pd.Index(codes[::-1], dtype="str"))
    supply = pd.Series(rng.uniform(0, 50, 4), index=["2A004", "97101", "33063", "01001"])
    ref = fca_from_catchment(
        prepare_catchment(obj, demand_index=demand.index, decay=DREES_GP_DECAY), supply=supply, demand=demand
    )
    fast = prepare_catchment(arrow, demand_index=demand.index, decay=DREES_GP_DECAY)
    assert fast.supply_index.tolist() == sorted(codes)  # distinct destinations, decoded back from keys
    pd.testing.assert_series_equal(fca_from_catchment(fast, supply=supply, demand=demand), ref)
    # a sliced Arrow column (non-zero offset) and unsorted rows
    shuffled = arrow.iloc[1:].sample(frac=1.0, random_state=1)
    head = arrow.iloc[:1]
    both = pd.concat([shuffled, head])
    pd.testing.assert_series_equal(
        fca_from_catchment(
            prepare_catchment(both, demand_index=demand.index, decay=DREES_GP_DECAY), supply=supply, demand=demand
        ),
        ref,
    )


def test_non_insee_codes_fall_back_to_factorize():
    times = TIMES.assign(origin=TIMES["origin"] + "-x", destination=TIMES["destination"] + "-x").astype(
        {"origin": "str", "destination": "str"}
    )
    demand = DEMAND.rename(lambda c: c + "-x")
    out = enhanced_two_stage_fca(
        supply=SUPPLY.rename(lambda c: c + "-x"), demand=demand, times=times, decay=DREES_GP_DECAY
    )
    np.testing.assert_allclose(out.to_numpy(), [3 + 30 / 91, 2 + 90 / 91, 1 + 90 / 91, 60 / 91], rtol=1e-13)


def test_insee_keys_on_sliced_arrow_strings():
    from access_map.fca import _decode_keys, _insee_keys

    s = pd.Series(["01001", "2A004", "33063", "75101", "2B033"], dtype="str")
    keys = _insee_keys(s)
    # key = (c0 * 36 + c1) * 1000 + last three digits; "2A" -> (2 * 36 + 10) = 82
    assert keys.tolist() == [1001, 82004, 111063, 257101, 83033]  # "75" -> 7 * 36 + 5 = 257
    assert _insee_keys(s.iloc[2:]).tolist() == keys[2:].tolist()  # Arrow slice with an offset
    assert _decode_keys(keys).tolist() == s.tolist()
    assert _insee_keys(pd.Series(["0100", "01001"], dtype="str")) is None  # not 5 characters
    assert _insee_keys(pd.Series(["01a01"], dtype="str")) is None  # lower case / letter in the number
