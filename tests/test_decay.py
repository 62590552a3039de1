"""Decay functions: boundary conventions, agreement with PySAL ``access.weights``, bad parameters."""

from __future__ import annotations

import numpy as np
import pytest
from access import weights as pysal_weights

from access_map.decay import (
    DREES_GP_DECAY,
    LUO_QI_2009_DECAY,
    Decay,
    GaussianDecay,
    GravityDecay,
    StepDecay,
    check_minutes,
)
from access_map.errors import InvalidValueError

TIMES = np.array([0.0, 5.0, 9.999, 10.0, 10.001, 14.9, 15.0, 17.0, 19.999, 20.0, 20.001, 60.0])


def test_drees_decay_left_closed_boundaries():
    # DREES sheet: "Moins de 10 minutes" -> 1, "Entre 10 et 15" -> 2/3, "Entre 15 et 20" -> 1/3, "Plus de 20" -> 0.
    # closed="left" reads "moins de 10" literally: 10.0 is in [10, 15), 15.0 in [15, 20), 20.0 is out.
    expected = [1, 1, 1, 2 / 3, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 1 / 3, 0, 0, 0]
    np.testing.assert_allclose(DREES_GP_DECAY(TIMES), expected, rtol=0, atol=1e-15)
    assert DREES_GP_DECAY.max_minutes == 20.0
    assert DREES_GP_DECAY.closed == "left"


def test_step_right_closed_matches_pysal_step_fn():
    # PySAL step_fn keeps weight v for time <= key: 10.0 -> 1, 15.0 -> 2/3, 20.0 -> 1/3.
    right = StepDecay(breaks=(10, 15, 20), weights=(1, 2 / 3, 1 / 3), closed="right")
    expected = [1, 1, 1, 1, 2 / 3, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 1 / 3, 0, 0]
    np.testing.assert_allclose(right(TIMES), expected, rtol=0, atol=1e-15)
    fn = pysal_weights.step_fn({10: 1, 15: 2 / 3, 20: 1 / 3})
    np.testing.assert_allclose(right(TIMES), [fn(t) for t in TIMES], rtol=0, atol=0)
    luo = pysal_weights.step_fn({10: 1, 20: 0.68, 30: 0.22})
    grid = np.linspace(0, 40, 401)
    np.testing.assert_array_equal(LUO_QI_2009_DECAY(grid), [luo(t) for t in grid])


def test_gaussian_and_gravity_match_pysal():
    grid = np.linspace(0, 30, 121)
    g = GaussianDecay(sigma_minutes=7.5, max_minutes=30)
    fn = pysal_weights.gaussian(7.5)
    np.testing.assert_allclose(g(grid), [fn(t) for t in grid], rtol=1e-15)
    gr = GravityDecay(beta=1.5, min_minutes=2.0, max_minutes=30, scale_minutes=10)
    fn = pysal_weights.gravity(scale=10, alpha=-1.5, min_dist=2.0)
    np.testing.assert_allclose(gr(grid), [fn(t) for t in grid], rtol=1e-14)


def test_continuous_decays_cut_at_max_minutes():
    g = GaussianDecay(sigma_minutes=10, max_minutes=20)
    assert g(np.array([20.0]))[0] == pytest.approx(np.exp(-2.0))  # exp(-400 / 200)
    assert g(np.array([20.0001]))[0] == 0.0
    assert GaussianDecay(sigma_minutes=10, max_minutes=20, include_max=False)(np.array([20.0]))[0] == 0.0
    gr = GravityDecay(beta=2, min_minutes=1, max_minutes=20, include_max=False)
    # (max(0, 1) / 1) ** -2 = 1; (4 / 1) ** -2 = 1/16; 20 excluded
    np.testing.assert_allclose(gr(np.array([0.0, 4.0, 20.0])), [1.0, 1 / 16, 0.0])


def test_decays_satisfy_protocol_and_are_frozen():
    for d in (DREES_GP_DECAY, GaussianDecay(sigma_minutes=5, max_minutes=10), GravityDecay(1, 1, 10)):
        assert isinstance(d, Decay)
        with pytest.raises(AttributeError):
            d.max_minutes = 3  # type: ignore[misc]


def test_step_monotone_output_shape_and_dtype():
    t = np.arange(0, 25, 0.5).reshape(5, 10)
    w = DREES_GP_DECAY(t)
    assert w.shape == t.shape and w.dtype == float
    assert np.all(np.diff(w.ravel()) <= 0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"breaks": (10, 5), "weights": (1, 0.5)}, "strictement croissants"),
        ({"breaks": (10, 20), "weights": (1,)}, "autant de poids que de paliers"),
        ({"breaks": (10,), "weights": (-1,)}, "poids de StepDecay doivent être finis et >= 0"),
        ({"breaks": (0, 10), "weights": (1, 1)}, "> 0"),
        ({"breaks": (10,), "weights": (1,), "closed": "both"}, "closed de StepDecay doit valoir 'left' ou 'right'"),
    ],
)
def test_step_bad_parameters(kwargs, match):
    with pytest.raises(InvalidValueError, match=match):
        StepDecay(**kwargs)


def test_continuous_bad_parameters():
    with pytest.raises(InvalidValueError, match="sigma_minutes doit être un nombre fini > 0"):
        GaussianDecay(sigma_minutes=0, max_minutes=10)
    with pytest.raises(InvalidValueError, match="min_minutes doit être un nombre fini > 0"):
        GravityDecay(beta=1, min_minutes=0, max_minutes=10)
    with pytest.raises(InvalidValueError, match="beta doit être un nombre fini > 0"):
        GravityDecay(beta=-1, min_minutes=1, max_minutes=10)


def test_bad_minutes_rejected():
    with pytest.raises(InvalidValueError, match=r"1 valeur négative \(-1\)"):
        DREES_GP_DECAY(np.array([0.0, -1.0]))
    with pytest.raises(InvalidValueError, match=r"1 valeur manquante \(NaN\)"):
        GaussianDecay(sigma_minutes=5, max_minutes=10)(np.array([np.nan]))
    with pytest.raises(InvalidValueError, match="t.csv, colonne minutes"):
        check_minutes([-2.0], source="t.csv")
