"""APL demand: the age-standardised population (DREES weights), or the women for midwives."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._validate import describe_values
from ..communes import validate_communes
from ..errors import InvalidValueError
from ..messages import apl as msg_apl
from ..schema import AGE_BANDS
from .parameters import AGE_WEIGHTS, APLParams

__all__ = ["standardised_population", "demand_from_population"]


def standardised_population(
    pop_by_age: pd.DataFrame,
    *,
    weights: Mapping[str, float] = AGE_WEIGHTS[2023],
    source: str = msg_apl.POPULATION_PAR_AGE,
) -> pd.Series:
    """Age-standardised population: Σ over the 19 bands of population × weight.

    Parameters
    ----------
    pop_by_age
        Indexed (or with a column) ``code_commune``, with the 19 :data:`~access_map.schema.AGE_BANDS`
        columns (non-negative numbers). Not modified.
    weights
        Band → weight; default the official 2023 GP weights (:data:`AGE_WEIGHTS`).
    source
        Name of the table in error messages.

    Returns
    -------
    pandas.Series
        ``standardised_population`` indexed by ``code_commune`` (sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.schema import AGE_BANDS
    >>> pop = pd.DataFrame(0.0, index=pd.Index(["33063"], name="code_commune"), columns=list(AGE_BANDS))
    >>> pop.loc["33063", ["age_00_04", "age_90_plus"]] = [100.0, 10.0]
    >>> standardised_population(pop).round(6).tolist()  # 100 x 1.12 + 10 x 2.26
    [134.6]
    >>> standardised_population(pop, weights=AGE_WEIGHTS[2022]).round(6).tolist()  # 100 x 0.93 + 10 x 2.39
    [116.9]
    """
    missing = [b for b in AGE_BANDS if b not in weights]
    if missing:
        raise InvalidValueError(f"weights lack age band(s) {describe_values(missing)}; give all 19 AGE_BANDS")
    table, _ = validate_communes(pop_by_age, count_columns=AGE_BANDS, source=source)
    w = np.array([float(weights[b]) for b in AGE_BANDS])
    values = table[list(AGE_BANDS)].to_numpy(dtype=float) @ w
    return pd.Series(values, index=table.index, name="standardised_population")


def demand_from_population(
    population: pd.DataFrame, *, params: APLParams, source: str = msg_apl.POPULATION_PAR_AGE
) -> pd.Series:
    """The APL demand of ``params``: standardised population, or women for midwives.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.schema import AGE_BANDS
    >>> pop = pd.DataFrame(1.0, index=pd.Index(["33063"], name="code_commune"), columns=list(AGE_BANDS))
    >>> # one person per band: the sum of the 19 weights of 2022
    >>> round(float(demand_from_population(pop, params=APLParams.drees_mg(2022)).iloc[0]), 2)
    21.46
    """
    if params.demand_kind == "women":
        table, _ = validate_communes(population, count_columns=["women"], source=source)
        return table["women"].rename("women")
    if params.age_weights is None:
        raise InvalidValueError(
            msg_apl.poids_ages_requis(profession=params.profession, demand_kind=repr(params.demand_kind))
        )
    return standardised_population(population, weights=params.age_weights, source=source)
