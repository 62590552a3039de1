"""The prepared baseline of every scenario: one sparse catchment, the demand it reaches, the supply and the APL.

A :class:`Baseline` holds the catchment matrix ``W[i, j] = f(t_ij)`` between the communes of a
territory (every commune is both a demand point and a possible supply point, so a scenario can add
supply anywhere), the standardised demand ``P̃``, the demand reached from each supply point
``D = Wᵀ P̃`` (step 1's denominator) and the baseline supply ``S``. Then

* a **supply-only** change ``S → S'`` needs no rebuilding: ``APL' = scale · W (S' / D)`` — and when
  it touches a few communes ``J`` only, ``ΔAPL = scale · W[:, J] (ΔS_J / D_J)`` (a sparse column
  update, :func:`supply_apl`);
* a **demand** change ``P̃ → P̃'`` recomputes ``D' = Wᵀ P̃'`` then ``APL' = scale · W (S' / D')``
  (two sparse matrix-vector products, :func:`demand_apl`);
* a **travel** change needs a new catchment: :func:`prepare_baseline` on the new time table.

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> times = pd.DataFrame({"origin": ["33001", "33001", "33002", "33002"],
...                       "destination": ["33001", "33002", "33001", "33002"],
...                       "minutes": [0.0, 12.0, 12.0, 0.0]})
>>> demand = pd.Series({"33001": 1000.0, "33002": 500.0})
>>> base = prepare_baseline(times, demand=demand, supply=pd.Series({"33001": 5400.0}),
...                         params=APLParams.drees_mg())
>>> base.apl_series().round(4).tolist()   # as access_map.apl.compute_apl
[4.05, 2.7]
>>> # 1,000 acts more in 33002: it reaches D = 500 + 2/3 x 1000; APL rises by 1000 / D (x 2/3 in 33001)
>>> supply_apl(base, base.supply + base.vector({"33002": 1000.0})).round(4).tolist()
[4.6214, 3.5571]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from ..apl import APLParams, supply_from_activity
from ..communes import CODE
from ..errors import InvalidCodeError, InvalidValueError
from ..fca import Catchment, prepare_catchment
from ..messages import scenario as msg
from ..zoning import ZoningRules

__all__ = ["Baseline", "prepare_baseline", "square_catchment", "supply_apl", "demand_apl", "TERRITORY_LEVELS"]

#: Territory columns a baseline may carry (commune → code), in the order of the output tables.
TERRITORY_LEVELS: tuple[str, ...] = ("code_tvs", "code_departement", "code_region")

#: Above this share of changed supply communes, :func:`supply_apl` does one full product instead of a column update.
_INCREMENTAL_SHARE = 0.05


@dataclass(frozen=True, eq=False)
class Baseline:
    """A territory prepared for scenarios (build it with :func:`prepare_baseline`).

    Attributes
    ----------
    catchment
        The sparse catchment; its demand and supply indexes are both :attr:`codes`.
    weights_csc
        ``catchment.weights`` by columns (for column updates of a few supply communes).
    demand
        Standardised demand ``P̃`` per commune, aligned on :attr:`codes`.
    reached
        ``D = Wᵀ P̃``: demand reached from each commune taken as a supply point.
    supply
        Baseline supply ``S`` per commune (acts for GPs), aligned on :attr:`codes`.
    apl
        Baseline APL per commune (``params.unit``).
    population
        Non-standardised population per commune (counts of people across thresholds).
    territories
        Per commune, the codes of :data:`TERRITORY_LEVELS` that were given (TVS, department, region).
    params, rules
        APL parameters (decay, radius, scale) and zoning thresholds.
    practitioners
        The practitioner table behind the supply, when known (retirement scenarios need it).
    population_by_age
        Population by five-year band per commune, when known (age-band projections need it).
    group_codes
        Per territory level, the integer group of each commune and the group labels (for fast sums).
    supply_from_practitioners
        Whether :attr:`supply` is the counted supply of :attr:`practitioners` (``False`` when the supply was
        given, e.g. an implied supply reproducing an official APL: a practitioner-level change then maps the
        practitioners of the file onto it).
    reported
        Per commune, whether it belongs to the territory studied (``True`` everywhere by default). The
        communes around a department or region selection (``in_territory = False``) stay in the catchment,
        so the APL near the border is right, but their people are not counted in the crossings, the
        placement objectives and the tables, and no new site is placed there by default.
    """

    catchment: Catchment
    weights_csc: sparse.csc_matrix
    demand: np.ndarray
    reached: np.ndarray
    supply: np.ndarray
    apl: np.ndarray
    population: np.ndarray
    territories: pd.DataFrame
    params: APLParams
    rules: ZoningRules
    practitioners: pd.DataFrame | None = None
    population_by_age: pd.DataFrame | None = None
    group_codes: Mapping[str, tuple[np.ndarray, pd.Index]] = field(default_factory=dict)
    reported: np.ndarray = field(default_factory=lambda: np.ones(0, dtype=bool))
    supply_from_practitioners: bool = True

    @property
    def codes(self) -> pd.Index:
        """Commune codes (rows of every vector of the baseline)."""
        return self.catchment.demand_index

    def vector(self, values: Mapping[str, float] | pd.Series, *, what: str = msg.CHANGED_SUPPLY) -> np.ndarray:
        """A per-commune vector aligned on :attr:`codes` from a mapping (absent communes get 0).

        Raises
        ------
        InvalidCodeError
            A code is not a commune of the baseline.

        Examples
        --------
        >>> import pandas as pd
        >>> from access_map.apl import APLParams
        >>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
        >>> b = prepare_baseline(t, demand=pd.Series({"33001": 10.0}), supply=pd.Series(dtype=float),
        ...                      params=APLParams.drees_mg())
        >>> b.vector({"33001": 2.0}).tolist()
        [2.0]
        """
        s = pd.Series(values, dtype=float)
        pos = self.codes.get_indexer(s.index.astype(str))
        if (pos < 0).any():
            raise InvalidCodeError(
                msg.unknown_communes(what=what, codes=s.index[pos < 0].astype(str).tolist(), communes=len(self.codes))
            )
        out = np.zeros(len(self.codes))
        np.add.at(out, pos, s.to_numpy(dtype=float))
        return out

    @property
    def counted_population(self) -> np.ndarray:
        """Population counted in crossings and objectives: 0 for the context communes (:attr:`reported`)."""
        counted: np.ndarray = np.where(self.reported, self.population, 0.0)
        return counted

    @property
    def counted_demand(self) -> np.ndarray:
        """Standardised demand counted in objectives: 0 for the context communes (:attr:`reported`)."""
        counted: np.ndarray = np.where(self.reported, self.demand, 0.0)
        return counted

    def apl_series(self, values: np.ndarray | None = None, *, name: str = "apl") -> pd.Series:
        """An APL vector (default the baseline's) as a Series indexed by commune code."""
        return pd.Series(self.apl if values is None else values, index=self.codes, name=name)


def _aligned(series: pd.Series, codes: pd.Index, *, what: str, fill: float | None) -> np.ndarray:
    """Values of ``series`` on ``codes``; absent codes get ``fill`` or raise; NaN/negative values raise."""
    if not isinstance(series, pd.Series):
        raise TypeError(msg.not_a_series(what=what, got=type(series).__name__))
    index = pd.Index(series.index.astype(str))
    if not index.is_unique:
        raise InvalidCodeError(msg.duplicated_codes(what=what, codes=index[index.duplicated()].unique().tolist()))
    values = pd.Series(series.to_numpy(dtype=float), index=index)
    outside = index.difference(codes)
    if len(outside) and float(values[outside].abs().sum()) > 0:
        warnings.warn(
            msg.outside_left_out(what=what, codes=outside.tolist(), total=float(values[outside].sum())),
            UserWarning,
            stacklevel=3,
        )
    aligned = values.reindex(codes)
    if aligned.isna().any():
        if fill is None:
            missing = codes[aligned.isna().to_numpy()]
            raise InvalidValueError(msg.communes_without_value(what=what, codes=missing.tolist()))
        aligned = aligned.fillna(fill)
    arr = aligned.to_numpy(dtype=float)
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        raise InvalidValueError(msg.invalid_values(what=what, codes=codes[bad].tolist()))
    return arr


def _reported(reported: pd.Index | Sequence[str] | None, codes: pd.Index) -> np.ndarray:
    if reported is None:
        return np.ones(len(codes), dtype=bool)
    wanted = pd.Index([str(c) for c in reported])
    unknown = wanted.difference(codes)
    if len(unknown):
        raise InvalidCodeError(msg.reported_unknown(codes=unknown.tolist()))
    if wanted.empty:
        raise InvalidValueError(msg.REPORTED_EMPTY)
    mask: np.ndarray = codes.isin(wanted)
    return mask


def _territories(frame: pd.DataFrame | None, codes: pd.Index) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame(index=codes)
    unknown = [c for c in frame.columns if c not in TERRITORY_LEVELS]
    if unknown:
        raise InvalidValueError(msg.territories_unknown_columns(columns=unknown, expected=TERRITORY_LEVELS))
    out = frame.copy()
    out.index = pd.Index(out.index.astype(str))
    out = out.reindex(codes)
    for col in out.columns:
        missing = out[col].isna()
        if missing.any():
            raise InvalidCodeError(msg.territories_missing(level=str(col), codes=codes[missing.to_numpy()].tolist()))
        out[col] = out[col].astype(str)
    out.index.name = CODE
    return out[[c for c in TERRITORY_LEVELS if c in out.columns]]


def prepare_baseline(
    times: pd.DataFrame,
    *,
    demand: pd.Series,
    params: APLParams,
    supply: pd.Series | None = None,
    practitioners: pd.DataFrame | None = None,
    population: pd.Series | None = None,
    population_by_age: pd.DataFrame | None = None,
    territories: pd.DataFrame | None = None,
    rules: ZoningRules | None = None,
    reported: pd.Index | Sequence[str] | None = None,
) -> Baseline:
    """Prepare a territory for scenarios: catchment, reached demand, baseline APL.

    Parameters
    ----------
    times
        Long table ``origin, destination, minutes`` between the communes (a commune to itself with 0.0).
    demand
        Standardised demand per commune; its index defines the territory's communes.
    params
        APL parameters (decay, radius, scale, practitioner age variant); the baseline APL equals
        :func:`access_map.apl.compute_apl` on the same inputs.
    supply
        Baseline supply per commune of practice (acts for GPs), e.g. an implied supply from
        :func:`~access_map.scenario.implied_supply`. Default: :func:`access_map.apl.supply_from_activity`
        of ``practitioners``. Communes of the territory absent here have 0; communes outside it are
        left out with a warning.
    practitioners
        Practitioner table (:func:`access_map.apl.supply_from_activity` layout); needed by retirement
        scenarios and when ``supply`` is not given.
    population
        Non-standardised population per commune (for counts of people across thresholds); default
        the standardised demand.
    population_by_age
        Population by age band per commune (age-band projections need it).
    territories
        Indexed by commune code, with some of the columns ``code_tvs``, ``code_departement``,
        ``code_region`` (TVS results and breakdowns need them).
    rules
        Zoning thresholds (default :meth:`ZoningRules.arrete_2017`: 2.5 and 4).
    reported
        The communes of the territory studied (e.g. a department), when the others are only context
        for the catchment (:attr:`Baseline.reported`); default every commune.

    Returns
    -------
    Baseline

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.apl import APLParams
    >>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 3600.0}),
    ...                      params=APLParams.drees_mg())
    >>> b.apl.tolist(), b.reached.tolist()
    ([3.6], [1000.0])
    """
    codes = pd.Index(demand.index.astype(str), name=CODE)
    if not codes.is_unique:
        raise InvalidCodeError(msg.duplicated_codes(what="demand", codes=codes[codes.duplicated()].unique().tolist()))
    p = _aligned(demand, codes, what="demand", fill=None)
    catchment = square_catchment(times, codes, params)
    from_practitioners = supply is None
    if supply is None:
        if practitioners is None:
            raise InvalidValueError(msg.BASELINE_NEEDS_SUPPLY_ARGUMENT)
        supply = supply_from_activity(practitioners, params=params)
    s = _aligned(supply, codes, what="supply", fill=0.0)
    reached = np.asarray(catchment.weights_t @ p)
    lost = (s > 0) & ~(reached > 0)
    if lost.any():
        warnings.warn(msg.supply_lost(codes=codes[lost].tolist(), acts=float(s[lost].sum())), UserWarning, stacklevel=2)
    pop = p.copy() if population is None else _aligned(population, codes, what="population", fill=0.0)
    terr = _territories(territories, codes)
    base = Baseline(
        catchment=catchment,
        weights_csc=catchment.weights.tocsc(),
        demand=p,
        reached=reached,
        supply=s,
        apl=np.zeros(len(codes)),
        population=pop,
        territories=terr,
        params=params,
        rules=rules or ZoningRules.arrete_2017(),
        practitioners=practitioners,
        population_by_age=population_by_age,
        group_codes={col: _factorize(terr[col]) for col in terr.columns},
        reported=_reported(reported, codes),
        supply_from_practitioners=from_practitioners,
    )
    object.__setattr__(base, "apl", _full_apl(base.catchment, s, reached, params.scale))
    return base


def square_catchment(times: pd.DataFrame, codes: pd.Index, params: APLParams) -> Catchment:
    """The APL catchment of ``params`` with every commune of ``codes`` as demand *and* possible supply point.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.apl import APLParams
    >>> t = pd.DataFrame({"origin": ["33001", "33002"], "destination": ["33001", "33002"], "minutes": [0.0, 0.0]})
    >>> c = square_catchment(t, pd.Index(["33001", "33002"]), APLParams.drees_mg())
    >>> c.weights.shape
    (2, 2)
    """
    return prepare_catchment(
        times,
        demand_index=codes,
        supply_index=codes,
        max_minutes=params.max_minutes,
        decay=params.decay,
        include_max=params.include_max,
    )


def _factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    codes, labels = pd.factorize(values, sort=True)
    return np.asarray(codes, dtype=np.intp), pd.Index(labels, dtype=object)


def _full_apl(catchment: Catchment, supply: np.ndarray, reached: np.ndarray, scale: float) -> np.ndarray:
    ratio = np.divide(supply, reached, out=np.zeros_like(supply), where=reached > 0)
    return np.asarray(catchment.weights @ ratio) * scale


def supply_apl(baseline: Baseline, supply: np.ndarray) -> np.ndarray:
    """APL after a supply change (same demand, same catchment), by a sparse column update when it is local.

    Parameters
    ----------
    baseline
        From :func:`prepare_baseline`.
    supply
        New supply per commune, aligned on ``baseline.codes`` (non-negative).

    Returns
    -------
    numpy.ndarray
        APL per commune, aligned on ``baseline.codes``. Supply in a commune that reaches no demand
        is lost, as in :func:`access_map.fca.fca_from_catchment`.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.apl import APLParams
    >>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 3600.0}),
    ...                      params=APLParams.drees_mg())
    >>> supply_apl(b, b.supply * 2).tolist()
    [7.2]
    """
    s = np.asarray(supply, dtype=float)
    if s.shape != baseline.supply.shape:
        raise InvalidValueError(msg.supply_wrong_length(values=s.shape[0], communes=len(baseline.codes)))
    if (s < 0).any() or not np.isfinite(s).all():
        bad = baseline.codes[(s < 0) | ~np.isfinite(s)]
        raise InvalidValueError(msg.supply_invalid(codes=bad.tolist()))
    delta = s - baseline.supply
    changed = np.flatnonzero(delta)
    if len(changed) > _INCREMENTAL_SHARE * len(s):
        return _full_apl(baseline.catchment, s, baseline.reached, baseline.params.scale)
    d = baseline.reached[changed]
    ok = d > 0
    cols, step = changed[ok], delta[changed][ok] / d[ok]
    update = baseline.weights_csc[:, cols] @ step
    return baseline.apl + np.asarray(update) * baseline.params.scale


def demand_apl(baseline: Baseline, supply: np.ndarray, demand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """APL after a demand change (and any supply): ``D' = Wᵀ P̃'``, then ``scale · W (S' / D')``.

    Returns
    -------
    (apl, reached)
        Both aligned on ``baseline.codes``.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.apl import APLParams
    >>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 3600.0}),
    ...                      params=APLParams.drees_mg())
    >>> demand_apl(b, b.supply, b.demand * 2)[0].tolist()
    [1.8]
    """
    p = np.asarray(demand, dtype=float)
    if p.shape != baseline.demand.shape or (p < 0).any() or not np.isfinite(p).all():
        raise InvalidValueError(msg.DEMAND_VECTOR_INVALID)
    reached = np.asarray(baseline.catchment.weights_t @ p)
    return _full_apl(baseline.catchment, np.asarray(supply, dtype=float), reached, baseline.params.scale), reached
