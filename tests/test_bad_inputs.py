"""The bad-input table: every case gives a precise error or a counted warning, never a silent wrong result.

One row per case: what is fed, to which function or command, what must come out (exception type or CLI exit code,
warning category) and a pattern the message must match. CLI cases also check that no Python traceback reaches the
user and that no partial output is left behind. The table grows with every new reader and command.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from access_map.apl import APLParams, compute_apl
from access_map.decay import DREES_GP_DECAY
from access_map.errors import InvalidCodeError, InvalidValueError
from access_map.fca import two_stage_fca

GP = APLParams.drees_mg(2023)


def _times(pairs: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["origin", "destination", "minutes"])


#: A small valid territory: three communes, each to itself at 0, neighbours at 8 and 12 minutes.
CODES = ["33001", "33002", "33003"]
TIMES = _times(
    [(c, c, 0.0) for c in CODES]
    + [("33001", "33002", 8.0), ("33002", "33001", 8.0), ("33002", "33003", 12.0), ("33003", "33002", 12.0)]
)
DEMAND = pd.Series([1000.0, 2000.0, 500.0], index=CODES)
SUPPLY = pd.Series({"33001": 7200.0, "33003": 3600.0})


@dataclass(frozen=True)
class ApiCase:
    """A library call that must raise ``error`` (or warn ``warning``) with a message matching ``pattern``."""

    id: str
    run: Callable[[], object]
    pattern: str
    error: type[Exception] | None = None
    warning: type[Warning] | None = None


def _apl(**kw: object) -> Callable[[], object]:
    args: dict[str, object] = {"supply": SUPPLY, "demand": DEMAND, "times": TIMES, "params": GP}
    args.update(kw)
    return lambda: compute_apl(**args)  # type: ignore[arg-type]


API_CASES: list[ApiCase] = [
    # --- degenerate demand
    ApiCase("apl-empty-demand", _apl(demand=pd.Series([], dtype=float)), r"demand is empty", InvalidValueError),
    ApiCase("apl-all-zero-demand", _apl(demand=DEMAND * 0.0), r"demand is 0 in all 3 commune", InvalidValueError),
    ApiCase(
        "apl-absurd-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33002", 1e308)),
        r"1 commune\(s\) above 100,000,000 inhabitants \('33002=1e\+308'\)",
        InvalidValueError,
    ),
    ApiCase(
        "apl-nan-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33002", np.nan)),
        r"demand: 1 value\(s\) negative, NaN or infinite: '33002=nan'",
        InvalidValueError,
    ),
    ApiCase(
        "apl-negative-demand",
        _apl(demand=DEMAND.where(DEMAND.index != "33001", -5.0)),
        r"negative, NaN or infinite: '33001=-5.0'",
        InvalidValueError,
    ),
    # --- degenerate supply
    ApiCase(
        "apl-infinite-supply",
        _apl(supply=pd.Series({"33001": np.inf})),
        r"supply: 1 value\(s\) negative, NaN or infinite: '33001=inf'",
        InvalidValueError,
    ),
    ApiCase(
        "apl-overflowing-supply",
        _apl(supply=pd.Series({"33001": 1.7e308, "33002": 1.7e308}), demand=pd.Series([0.5, 0.5, 0.5], index=CODES)),
        r"overflowed for \d+ commune\(s\).*absurd magnitudes",
        InvalidValueError,
    ),
    ApiCase(
        "apl-supply-outside-population",
        _apl(supply=pd.Series({"33001": 3600.0, "33099": 5400.0})),
        r"1 supply commune\(s\) are not in the population .*'33099'.* carry 5,400 of the 9,000 supply",
        warning=UserWarning,
    ),
    # --- degenerate travel tables
    ApiCase("apl-empty-times", _apl(times=TIMES.iloc[:0]), r"travel times is empty \(no row\)", InvalidValueError),
    ApiCase(
        "fca-no-pair-matches",
        lambda: two_stage_fca(
            supply=pd.Series({"A": 1.0}), demand=pd.Series({"A": 1.0}), times=_times([("X", "X", 0.0)]), max_minutes=20
        ),
        r"no pair of travel times links a demand commune within 20 minutes: 1 row\(s\)",
        InvalidValueError,
    ),
    ApiCase(
        "apl-origins-outside-population",
        _apl(times=pd.concat([TIMES, _times([("33077", "33001", 5.0), ("33077", "33077", 0.0)])])),
        r"1 origin commune\(s\) of travel times are not in the demand .*'33077'.*their 2 pair\(s\)",
        warning=UserWarning,
    ),
    ApiCase(
        "apl-commune-without-point",
        _apl(times=TIMES[(TIMES["origin"] != "33003") & (TIMES["destination"] != "33003")]),
        r"1 demand commune\(s\) have no travel time at all .*'33003'.*no point",
        warning=UserWarning,
    ),
    ApiCase(
        "apl-negative-minutes",
        _apl(times=TIMES.assign(minutes=TIMES["minutes"].where(TIMES["origin"] != "33002", -3.0))),
        r"negative",
        InvalidValueError,
    ),
    # --- codes
    ApiCase(
        "apl-legacy-corsica-demand",
        _apl(
            demand=pd.Series([100.0], index=["20004"]),
            supply=pd.Series({"20004": 3600.0}),
            times=_times([("20004", "20004", 0.0)]),
        ),
        r"legacy Corsican code\(s\) in demand, column 'index': '20004'.*2A \(Corse-du-Sud\).*harmonize_to_cog",
        InvalidCodeError,
    ),
    ApiCase(
        "apl-legacy-corsica-times",
        _apl(times=pd.concat([TIMES, _times([("33001", "20004", 5.0)])])),
        r"legacy Corsican code\(s\) in travel times, column 'destination': '20004'",
        InvalidCodeError,
    ),
    ApiCase(
        "apl-numeric-codes",
        _apl(supply=pd.Series({33001: 3600.0})),
        r"malformed INSEE code\(s\) in supply, column 'index': 33001",
        InvalidCodeError,
    ),
    ApiCase(
        "fca-duplicated-pairs",
        lambda: two_stage_fca(
            supply=SUPPLY,
            demand=DEMAND,
            times=pd.concat([TIMES, TIMES.iloc[:1]]),
            decay=DREES_GP_DECAY,
            max_minutes=None,
        ),
        r"duplicated \(origin, destination\) pair\(s\) in travel times: '33001->33001'",
        InvalidCodeError,
    ),
]


@pytest.mark.parametrize("case", API_CASES, ids=[c.id for c in API_CASES])
def test_api_bad_input(case: ApiCase) -> None:
    if case.error is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # no raw numpy warning on the way to the error
            with pytest.raises(case.error, match=case.pattern):
                case.run()
    else:
        assert case.warning is not None
        with pytest.warns(case.warning, match=case.pattern):
            case.run()


def test_the_valid_territory_gives_no_warning_and_hand_values() -> None:
    """Control: the territory the cases spoil is itself valid (hand computation, DREES step decay)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        apl = compute_apl(supply=SUPPLY, demand=DEMAND, times=TIMES, params=GP)
    # reach: D_33001 = 1000 + 2000·1 (8 min) = 3000; D_33003 = 500 + 2000·2/3 (12 min) = 1833.33
    r1, r3 = 7200.0 / 3000.0, 3600.0 / (500.0 + 2000.0 * 2 / 3)
    expected = {"33001": r1, "33002": r1 + 2 / 3 * r3, "33003": r3}
    assert apl.to_dict() == pytest.approx(expected, rel=1e-12)
