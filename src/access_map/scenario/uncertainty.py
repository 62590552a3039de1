"""Monte Carlo uncertainty on the APL and the zoning: how sure is it that a TVS is below 2.5?

Each draw perturbs the inputs, recomputes the APL on a prepared sparse structure, and records
per commune the APL and per TVS the national-selection outcome. Sources of uncertainty
(:class:`UncertaintyModel`):

* **travel-time model**: every pair's minutes × ``exp(σ_common z₀ + σ_pair z_ij)`` (log-normal,
  e.g. σ from the crow-fly calibration residuals, :func:`access_map.travel.calibrate`), or a
  switch to an **alternative time table** (crow-fly vs road) with a given probability;
* **activity imputation**: practitioners whose activity is imputed (``new_practitioner``:
  5,400 acts) draw their acts uniformly in ``imputed_acts_range``;
* **population vintage**: each draw takes one of the demand vectors given (e.g. the DREES
  standardised populations of several years), optionally × a log-normal noise per commune;
* **threshold conventions**: each draw takes at random the ``<`` or ``≤`` reading of the decay
  band boundaries (10, 15, 20 minutes: ``closed="left"``/``"right"``) and of the zoning threshold.

The pairs are kept up to ``max_minutes × exp(4 σ)`` once; a draw recomputes the decay weights on
that fixed structure (pairs pushed beyond the radius get weight 0), then ``D = Wᵀ P̃`` and
``APL = scale · W (S / D)``: two sparse products. Draws are seeded (:class:`numpy.random.Generator`)
and reproducible: the same model, inputs and seed give the same result.

Outputs: ``P(APL < t)`` per commune (``≤`` under the other convention), ``P(national selection)``
per TVS, 90 % intervals (5th-95th percentiles) of commune and TVS APL.

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> from access_map.scenario import prepare_baseline
>>> codes = ["33001", "33002"]
>>> t = pd.DataFrame({"origin": codes, "destination": codes, "minutes": [0.0, 0.0]})
>>> b = prepare_baseline(t, demand=pd.Series(1000.0, index=codes), params=APLParams.drees_mg(),
...                      supply=pd.Series({"33001": 3600.0, "33002": 1800.0}))
>>> model = UncertaintyModel(draws=200, seed=1, travel_sigma=0.0, population_sigma=0.2)
>>> r = monte_carlo(b, t, model=model)
>>> r.communes["p_apl_below"].round(1).tolist()    # APL 3.6 rarely falls below 2.5; APL 1.8 rarely rises
[0.0, 0.9]
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .._validate import require_columns
from ..decay import StepDecay
from ..errors import InvalidValueError
from ..messages import scenario as msg
from .baseline import Baseline
from .evaluate import tvs_apl_values

__all__ = ["UncertaintyModel", "MonteCarloResult", "monte_carlo", "iter_draw_inputs"]


@dataclass(frozen=True, eq=False)
class UncertaintyModel:
    """What varies from one draw to the next (every source can be switched off).

    Attributes
    ----------
    draws, seed
        Number of draws and seed of :func:`numpy.random.default_rng`.
    travel_sigma
        Standard deviation of the log of each pair's time factor (independent per pair). 0.2 is
        about the spread of OSRM / crow-fly model ratios on the Gironde distancier (to verify on
        your own calibration, :func:`access_map.travel.calibrate`).
    travel_common_sigma
        Standard deviation of a log factor common to every pair of a draw (model slope).
    alternative_times, alternative_probability
        Another time table (e.g. road times when the baseline is crow-fly) used in a draw with
        this probability (then without the log-normal noise).
    imputed_acts_range
        ``(low, high)``: acts of practitioners with imputed activity drawn uniformly in it.
        ``None``: imputation kept at its value.
    population_vintages
        Other standardised-demand vectors (indexed by commune); each draw takes the baseline's
        or one of these, uniformly.
    population_sigma
        Log-normal noise on each commune's demand (0: none).
    threshold_conventions
        Draw the ``<`` / ``≤`` reading of the decay boundaries and of the thresholds at random.
    thresholds
        The APL threshold of ``P(APL < t)`` (default the zoning's 2.5).
    """

    draws: int = 1000
    seed: int = 0
    travel_sigma: float = 0.2
    travel_common_sigma: float = 0.05
    alternative_times: pd.DataFrame | None = None
    alternative_probability: float = 0.5
    imputed_acts_range: tuple[float, float] | None = (3600.0, 6000.0)
    population_vintages: tuple[pd.Series, ...] = field(default=())
    population_sigma: float = 0.0
    threshold_conventions: bool = True
    threshold: float | None = None

    def __post_init__(self) -> None:
        problems: dict[str, object] = {}
        if int(self.draws) != self.draws or self.draws < 1:
            problems["draws"] = self.draws
        for name in ("travel_sigma", "travel_common_sigma", "population_sigma"):
            v = getattr(self, name)
            if not (np.isfinite(v) and 0 <= v <= 2):
                problems[name] = v
        if not 0 <= self.alternative_probability <= 1:
            problems["alternative_probability"] = self.alternative_probability
        if self.imputed_acts_range is not None and not (0 <= self.imputed_acts_range[0] <= self.imputed_acts_range[1]):
            problems["imputed_acts_range"] = self.imputed_acts_range
        if problems:
            from ..messages.scenario.run import uncertainty_invalid

            raise InvalidValueError(uncertainty_invalid(values=problems))


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Result of :func:`monte_carlo`.

    Attributes
    ----------
    communes
        Per commune: ``apl_baseline``, ``apl_mean``, ``apl_p05``, ``apl_p95`` and ``p_apl_below``
        (share of draws with APL below the threshold).
    tvs
        Per TVS (when the baseline has TVS): ``apl_baseline``, ``apl_p05``, ``apl_p95``,
        ``p_national_selection``, ``national_selection_baseline``.
    draws, seed, seconds, threshold
        The run.
    apl_draws
        Every draw's commune APL (draws × communes), when ``keep_draws=True``.
    """

    communes: pd.DataFrame
    tvs: pd.DataFrame | None
    draws: int
    seed: int
    seconds: float
    threshold: float
    apl_draws: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class _Structure:
    rows: np.ndarray
    cols: np.ndarray
    minutes: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]


def _structure(times: pd.DataFrame, baseline: Baseline, max_minutes: float) -> _Structure:
    """Pairs within ``max_minutes`` as a CSR pattern over the baseline's communes, with their minutes."""
    require_columns(times, ["origin", "destination", "minutes"], source=msg.TRAVEL_TIMES_SOURCE)
    codes = baseline.codes
    minutes = times["minutes"].to_numpy(dtype=float)
    keep = minutes <= max_minutes
    rows = codes.get_indexer(pd.Index(times["origin"][keep].astype(str)))
    cols = codes.get_indexer(pd.Index(times["destination"][keep].astype(str)))
    inside = (rows >= 0) & (cols >= 0)
    rows, cols, minutes = rows[inside], cols[inside], minutes[keep][inside]
    order = np.lexsort((cols, rows))
    rows, cols, minutes = rows[order], cols[order], minutes[order]
    indptr = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(codes)), out=indptr[1:])
    return _Structure(rows, cols, minutes, indptr, (len(codes), len(codes)))


def _imputed(baseline: Baseline) -> tuple[np.ndarray, np.ndarray, float]:
    """Positions and shares of the practitioners whose activity is imputed, and the imputed value."""
    table = baseline.practitioners
    if table is None or baseline.params.supply_kind != "acts":
        return np.empty(0, dtype=np.intp), np.empty(0), 0.0
    rows = table[(table["profession"] == baseline.params.profession) & table["new_practitioner"].astype(bool)]
    if baseline.params.max_age is not None:
        rows = rows[rows["age"].notna() & (rows["age"] <= baseline.params.max_age)]
    if "health_centre" in rows:
        rows = rows[~(rows["health_centre"].astype(bool) & rows["acts"].notna())]
    pos = baseline.codes.get_indexer(pd.Index(rows["code_commune"].astype(str)))
    share = rows["share"].to_numpy(dtype=float)
    if np.isnan(share).any():  # default share: 1 / number of sites of the practitioner
        n_sites = rows.groupby("practitioner_id")["code_commune"].transform("size").to_numpy(dtype=float)
        share = np.where(np.isnan(share), 1.0 / n_sites, share)
    ok = pos >= 0
    return pos[ok], share[ok], float(baseline.params.new_practitioner_acts)


@dataclass(frozen=True, eq=False)
class _DrawInputs:
    minutes: np.ndarray | None  # per pair of the main structure, or None when the alternative table is used
    alternative: bool
    supply: np.ndarray
    demand: np.ndarray
    closed: Literal["left", "right"]
    strict: bool


def _draws(baseline: Baseline, structure: _Structure, model: UncertaintyModel) -> Iterator[_DrawInputs]:
    rng = np.random.default_rng(model.seed)
    positions, shares, imputed_value = _imputed(baseline)
    vintages = [baseline.demand] + [
        baseline.vector(v[v.index.isin(baseline.codes)], what=msg.POPULATION_VINTAGE) for v in model.population_vintages
    ]
    decay = baseline.params.decay
    base_closed = decay.closed if isinstance(decay, StepDecay) else "left"
    for _ in range(int(model.draws)):
        alternative = model.alternative_times is not None and bool(rng.random() < model.alternative_probability)
        minutes = None
        if not alternative:
            noise = model.travel_common_sigma * rng.standard_normal() + model.travel_sigma * rng.standard_normal(
                len(structure.minutes)
            )
            minutes = structure.minutes * np.exp(noise)
        supply = baseline.supply
        if model.imputed_acts_range is not None and len(positions):
            low, high = model.imputed_acts_range
            acts = rng.uniform(low, high, len(positions))
            supply = np.maximum(
                baseline.supply
                + np.bincount(positions, weights=(acts - imputed_value) * shares, minlength=len(baseline.codes)),
                0.0,
            )
        demand = vintages[int(rng.integers(len(vintages)))] if len(vintages) > 1 else baseline.demand
        if model.population_sigma > 0:
            demand = demand * np.exp(model.population_sigma * rng.standard_normal(len(demand)))
        closed: Literal["left", "right"] = base_closed
        strict = False
        if model.threshold_conventions:
            closed = "left" if rng.random() < 0.5 else "right"
            strict = bool(rng.random() < 0.5)
        yield _DrawInputs(minutes, alternative, supply, demand, closed, strict)


def _weights(
    structure: _Structure, minutes: np.ndarray, decay: StepDecay | None, baseline: Baseline
) -> sparse.csr_matrix:
    f = decay if decay is not None else baseline.params.decay
    w = f(minutes)
    if not baseline.params.include_max:
        w = np.where(minutes < baseline.params.max_minutes, w, 0.0)
    else:
        w = np.where(minutes <= baseline.params.max_minutes, w, 0.0)
    return sparse.csr_matrix((w, structure.cols, structure.indptr), shape=structure.shape)


def iter_draw_inputs(
    baseline: Baseline, times: pd.DataFrame, *, model: UncertaintyModel
) -> Iterator[dict[str, object]]:
    """The inputs of each draw as tables (times, supply, demand, decay convention), for checks from scratch.

    Yields dictionaries with ``times`` (DataFrame), ``supply`` and ``demand`` (Series), ``decay``
    and ``strict`` (threshold read as ``<``), in the order :func:`monte_carlo` uses them.
    """
    structure = _structure(times, baseline, _horizon(baseline, model))
    codes = baseline.codes
    for d in _draws(baseline, structure, model):
        if d.alternative:
            assert model.alternative_times is not None
            table = model.alternative_times
        else:
            assert d.minutes is not None
            table = pd.DataFrame(
                {"origin": codes[structure.rows], "destination": codes[structure.cols], "minutes": d.minutes}
            )
        decay = (
            replace(baseline.params.decay, closed=d.closed)
            if isinstance(baseline.params.decay, StepDecay)
            else baseline.params.decay
        )
        yield {
            "times": table,
            "supply": pd.Series(d.supply, index=codes),
            "demand": pd.Series(d.demand, index=codes),
            "decay": decay,
            "strict": d.strict,
        }


def _horizon(baseline: Baseline, model: UncertaintyModel) -> float:
    spread = 4.0 * float(np.hypot(model.travel_sigma, model.travel_common_sigma))
    return float(baseline.params.max_minutes * np.exp(spread)) if spread > 0 else float(baseline.params.max_minutes)


def monte_carlo(
    baseline: Baseline, times: pd.DataFrame, *, model: UncertaintyModel, keep_draws: bool = False
) -> MonteCarloResult:
    """Run the Monte Carlo draws of ``model`` on ``baseline``.

    Parameters
    ----------
    baseline
        From :func:`~access_map.scenario.prepare_baseline` (its supply, demand, practitioners).
    times
        The baseline's time table (pairs up to ``max_minutes × exp(4σ)`` are used when present:
        give a table computed with a larger radius to let times shrink into the catchment).
    model
        :class:`UncertaintyModel`.
    keep_draws
        Keep every draw's commune APL (``draws × communes`` floats).

    Returns
    -------
    MonteCarloResult
    """
    start = time.perf_counter()
    threshold = float(baseline.rules.zip_threshold if model.threshold is None else model.threshold)
    structure = _structure(times, baseline, _horizon(baseline, model))
    alt_structure = (
        _structure(model.alternative_times, baseline, baseline.params.max_minutes)
        if model.alternative_times is not None
        else None
    )
    n, m = int(model.draws), len(baseline.codes)
    apl_draws = np.empty((n, m), dtype=np.float64)
    below = np.zeros(m)
    groups = baseline.group_codes.get("code_tvs")
    tvs_draws = np.empty((n, len(groups[1]))) if groups is not None else None
    national = np.zeros(len(groups[1])) if groups is not None else None
    decays = (
        {c: replace(baseline.params.decay, closed=c) for c in ("left", "right")}
        if isinstance(baseline.params.decay, StepDecay)
        else {}
    )
    for k, d in enumerate(_draws(baseline, structure, model)):
        decay = decays.get(d.closed)
        if d.alternative:
            assert alt_structure is not None
            w = _weights(alt_structure, alt_structure.minutes, decay, baseline)
        else:
            assert d.minutes is not None
            w = _weights(structure, d.minutes, decay, baseline)
        reached = np.asarray(w.T @ d.demand)
        ratio = np.divide(d.supply, reached, out=np.zeros(m), where=reached > 0)
        apl = np.asarray(w @ ratio) * baseline.params.scale
        apl_draws[k] = apl
        below += (apl < threshold) if d.strict else (apl <= threshold)
        if groups is not None and tvs_draws is not None and national is not None:
            tvs = tvs_apl_values(apl, d.demand, groups[0], len(groups[1]))
            tvs_draws[k] = tvs
            national += (tvs < baseline.rules.zip_threshold) if d.strict else (tvs <= baseline.rules.zip_threshold)
    communes = pd.DataFrame(
        {
            "apl_baseline": baseline.apl,
            "apl_mean": apl_draws.mean(axis=0),
            "apl_p05": np.quantile(apl_draws, 0.05, axis=0),
            "apl_p95": np.quantile(apl_draws, 0.95, axis=0),
            "p_apl_below": below / n,
        },
        index=baseline.codes,
    )[baseline.reported]
    tvs_table = None
    if groups is not None and tvs_draws is not None and national is not None:
        base_tvs = tvs_apl_values(baseline.apl, baseline.demand, groups[0], len(groups[1]))
        tvs_table = pd.DataFrame(
            {
                "apl_baseline": base_tvs,
                "apl_p05": np.nanquantile(tvs_draws, 0.05, axis=0),
                "apl_p95": np.nanquantile(tvs_draws, 0.95, axis=0),
                "p_national_selection": national / n,
                "national_selection_baseline": base_tvs <= baseline.rules.zip_threshold,
            },
            index=pd.Index(groups[1], name="code_tvs"),
        )[np.bincount(groups[0], weights=baseline.reported, minlength=len(groups[1])) > 0]
    return MonteCarloResult(
        communes=communes,
        tvs=tvs_table,
        draws=n,
        seed=int(model.seed),
        seconds=time.perf_counter() - start,
        threshold=threshold,
        apl_draws=apl_draws if keep_draws else None,
    )
