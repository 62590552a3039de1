"""APL of territories (TVS, EPCI, department, region): population-weighted means and people under thresholds."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validate import describe_values
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import apl as msg_apl

__all__ = ["aggregate_apl"]


def _aligned(series: pd.Series, index: pd.Index, *, what: str) -> np.ndarray:
    if not series.index.is_unique:
        dup = series.index[series.index.duplicated()].unique().tolist()
        raise InvalidCodeError(msg_apl.codes_en_double(quoi=what, codes=describe_values(dup)))
    values = series.reindex(index)
    missing = values.isna()
    if missing.any():
        raise InvalidValueError(
            msg_apl.valeurs_manquantes(
                quoi=what, n=int(missing.sum()), exemples=describe_values(index[missing.to_numpy()].tolist())
            )
        )
    arr = values.to_numpy(dtype=float)
    if (arr < 0).any():
        raise InvalidValueError(msg_apl.valeurs_negatives(quoi=what, valeurs=describe_values(arr[arr < 0].tolist())))
    return arr


def aggregate_apl(
    apl: pd.Series,
    *,
    weights: pd.Series,
    groups: pd.Series,
    population: pd.Series | None = None,
    thresholds: Sequence[float] = (2.5, 4.0),
) -> pd.DataFrame:
    """APL of territories (TVS, EPCI, department, region…): population-weighted mean of communes.

    Parameters
    ----------
    apl
        Commune APL (indexed by ``code_commune``), NaN not allowed.
    weights
        Standardised population per commune (the DREES weighting of territory means).
    groups
        ``code_commune`` → territory code. Communes of ``apl`` without a territory are left out
        with a warning counting them.
    population
        Non-standardised population per commune, used to count people under each threshold
        (DREES). Without it, those counts use ``weights`` and their columns are prefixed
        ``standardised_``.
    thresholds
        APL values; for each ``t``: ``population_apl_le_<t>`` (people living in a commune with
        APL ≤ t) and ``share_apl_le_<t>`` (their share of the territory's population).

    Returns
    -------
    pandas.DataFrame
        Indexed by territory (named like ``groups``, or ``territory``): ``apl`` (weighted mean;
        NaN when the territory's standardised population is 0), ``standardised_population``,
        ``population`` (if given), then the threshold columns.

    Examples
    --------
    >>> import pandas as pd
    >>> apl = pd.Series({"33001": 2.0, "33002": 5.0, "33003": 3.0})
    >>> w = pd.Series({"33001": 100.0, "33002": 300.0, "33003": 50.0})
    >>> pop = pd.Series({"33001": 90.0, "33002": 310.0, "33003": 60.0})
    >>> groups = pd.Series({"33001": "T1", "33002": "T1", "33003": "T2"}, name="code_tvs")
    >>> out = aggregate_apl(apl, weights=w, groups=groups, population=pop)
    >>> out["apl"].tolist()  # T1: (2 x 100 + 5 x 300) / 400 = 4.25
    [4.25, 3.0]
    >>> out["population_apl_le_2.5"].tolist(), out["share_apl_le_4"].tolist()  # T1: 90 of 400
    ([90.0, 0.0], [0.225, 1.0])
    """
    if not isinstance(apl, pd.Series):
        raise TypeError(msg_apl.serie_attendue(quoi="apl", type_=type(apl).__name__))
    index = apl.index
    if not index.is_unique:
        raise InvalidCodeError(msg_apl.codes_en_double(quoi="apl", codes=describe_values(index[index.duplicated()])))
    apl_values = apl.to_numpy(dtype=float)
    if np.isnan(apl_values).any():
        raise InvalidValueError(
            msg_apl.apl_nan(
                n=int(np.isnan(apl_values).sum()), exemples=describe_values(index[np.isnan(apl_values)].tolist())
            )
        )
    w = _aligned(weights, index, what=msg_apl.POIDS)
    pop = _aligned(population, index, what="population") if population is not None else None
    territory = groups.reindex(index)
    orphan = territory.isna().to_numpy()
    if orphan.any():
        warnings.warn(
            msg_apl.communes_sans_territoire(
                n=int(orphan.sum()),
                exemples=describe_values(index[orphan].tolist(), max_shown=5),
                population=float(w[orphan].sum()),
            ),
            UserWarning,
            stacklevel=2,
        )
    keep = ~orphan
    frame = pd.DataFrame(
        {
            "territory": territory.to_numpy()[keep],
            "_wx": (w * apl_values)[keep],
            "standardised_population": w[keep],
        }
    )
    count_base = pop if pop is not None else w
    prefix = "" if pop is not None else "standardised_"
    if pop is not None:
        frame["population"] = pop[keep]
    labels = [f"{float(t):g}" for t in thresholds]
    for t, label in zip(thresholds, labels, strict=True):
        frame[f"{prefix}population_apl_le_{label}"] = np.where(apl_values <= float(t), count_base, 0.0)[keep]
    out = frame.groupby("territory", sort=True).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = out["_wx"] / out["standardised_population"].where(out["standardised_population"] > 0)
        base_total = out["population"] if pop is not None else out["standardised_population"]
        shares = {
            f"share_apl_le_{label}": out[f"{prefix}population_apl_le_{label}"] / base_total.where(base_total > 0)
            for label in labels
        }
    result = out.drop(columns="_wx")
    result.insert(0, "apl", mean)
    for name, values in shares.items():
        result[name] = values
    result.index.name = groups.name if groups.name is not None else "territory"
    return result
