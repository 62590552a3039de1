"""What a scenario changes: supply, demand or travel times (frozen dataclasses, applied in order).

Supply changes
    :class:`Retirement` (practitioners aged ≥ N at a horizon leave), :class:`ChangePractitioners`
    (add or remove practitioners in a commune), :class:`OpenMSP` (a new site with K practitioners at
    a given activity), :class:`CloseSite` (all supply of a commune stops).
Demand changes
    :class:`ScalePopulation` (projection by commune), :class:`ProjectAgeBands` (projection by age
    band, through the standardised demand).
Travel changes
    :class:`ReplaceTimes` (another time table).

:func:`apply_changes` turns a list of changes into the scenario's supply, demand and population
vectors (aligned on the baseline's communes) and its time table.

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> from access_map.scenario import prepare_baseline
>>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
>>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 3600.0}),
...                      params=APLParams.drees_mg())
>>> state = apply_changes(b, [OpenMSP("33001", practitioners=4, acts_per_practitioner=5000.0),
...                           ScalePopulation({"33001": 1.1})])
>>> state.supply.tolist(), state.demand.round(6).tolist()
([23600.0], [1100.0])
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validate import describe_values
from ..apl import demand_from_population, supply_from_activity
from ..communes import CODE
from ..errors import InvalidValueError
from ..schema import AGE_BANDS
from .baseline import Baseline

__all__ = [
    "Retirement",
    "ChangePractitioners",
    "OpenMSP",
    "CloseSite",
    "ScalePopulation",
    "ProjectAgeBands",
    "ReplaceTimes",
    "Change",
    "ScenarioState",
    "apply_changes",
]


@dataclass(frozen=True)
class Retirement:
    """Practitioners aged ``min_age`` or more at ``horizon_years`` from now leave (``age + horizon ≥ min_age``).

    Needs the baseline's practitioner table. Their counted supply (:func:`~access_map.apl.supply_from_activity`
    with the baseline's parameters) is removed from their communes of practice.

    With an age-capped APL (``params.max_age``, e.g. the ≤65 APL of the zoning) and a horizon, the
    practitioners who stay are older too: those past the cap at the horizon (``age + horizon >
    max_age``) no longer count in that APL (``age_remaining=True``, within ``communes`` when given).

    Attributes
    ----------
    min_age
        Age of departure, in years (e.g. 62).
    horizon_years
        Years from the data's reference date (0: those already aged ``min_age``).
    communes
        Restrict the departures to these communes of practice (e.g. a canton); ``None``: everywhere.
    age_remaining
        Age the practitioners who stay by ``horizon_years`` for an age-capped APL (see above).
    """

    min_age: float
    horizon_years: float = 0.0
    communes: tuple[str, ...] | None = None
    age_remaining: bool = True

    def __post_init__(self) -> None:
        if not (15 <= float(self.min_age) <= 110) or not (0 <= float(self.horizon_years) <= 50):
            raise InvalidValueError(
                f"Retirement: min_age must be an age in years (15-110) and horizon_years in 0-50; "
                f"got {self.min_age!r}, {self.horizon_years!r}"
            )


@dataclass(frozen=True)
class ChangePractitioners:
    """Add (``practitioners > 0``) or remove (``< 0``) practitioners in one commune of practice.

    Added practitioners count ``acts_per_practitioner`` each (default the DREES imputation for a new
    GP, ``params.new_practitioner_acts`` = 5,400). Removed ones: with a practitioner table, the oldest
    of the commune leave (their counted supply); without one, ``acts_per_practitioner`` each.
    """

    code_commune: str
    practitioners: int
    acts_per_practitioner: float | None = None

    def __post_init__(self) -> None:
        if int(self.practitioners) != self.practitioners or self.practitioners == 0:
            raise InvalidValueError(
                f"ChangePractitioners: practitioners must be a non-zero integer; got {self.practitioners!r}"
            )
        _check_acts(self.acts_per_practitioner, "ChangePractitioners")


@dataclass(frozen=True)
class OpenMSP:
    """A new site (MSP) with ``practitioners`` practitioners of ``acts_per_practitioner`` acts each."""

    code_commune: str
    practitioners: int = 4
    acts_per_practitioner: float | None = None

    def __post_init__(self) -> None:
        if int(self.practitioners) != self.practitioners or self.practitioners <= 0:
            raise InvalidValueError(f"OpenMSP: practitioners must be a positive integer; got {self.practitioners!r}")
        _check_acts(self.acts_per_practitioner, "OpenMSP")


@dataclass(frozen=True)
class CloseSite:
    """All the supply of one commune of practice stops (a site closes)."""

    code_commune: str


@dataclass(frozen=True)
class ScalePopulation:
    """Population projection by commune: standardised demand and population × factor.

    ``factors`` maps commune codes to factors (other communes: ``default``), or is one factor for all.
    """

    factors: Mapping[str, float] | float
    default: float = 1.0

    def __post_init__(self) -> None:
        values = [self.factors] if isinstance(self.factors, (int, float)) else list(self.factors.values())
        bad = [v for v in [*values, self.default] if not (np.isfinite(v) and v >= 0)]
        if bad:
            raise InvalidValueError(f"ScalePopulation: factors must be finite and >= 0; got {describe_values(bad)}")


@dataclass(frozen=True)
class ProjectAgeBands:
    """Population projection by age band: each band × its factor, then the standardised demand again.

    Needs the baseline's population by age. ``factors`` maps :data:`~access_map.schema.AGE_BANDS`
    names (e.g. ``"age_75_79"``) to factors (other bands: 1); ``communes`` restricts it.
    """

    factors: Mapping[str, float]
    communes: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        unknown = [b for b in self.factors if b not in AGE_BANDS]
        if unknown:
            raise InvalidValueError(
                f"ProjectAgeBands: unknown age band(s) {describe_values(unknown)}; expected names like "
                f"{describe_values(AGE_BANDS[:3])}"
            )
        bad = [v for v in self.factors.values() if not (np.isfinite(v) and v >= 0)]
        if bad:
            raise InvalidValueError(f"ProjectAgeBands: factors must be finite and >= 0; got {describe_values(bad)}")


@dataclass(frozen=True, eq=False)
class ReplaceTimes:
    """Another travel-time table (``origin, destination, minutes``): the catchment is rebuilt."""

    times: pd.DataFrame
    label: str = "autre distancier"


Change = Retirement | ChangePractitioners | OpenMSP | CloseSite | ScalePopulation | ProjectAgeBands | ReplaceTimes


def _check_acts(value: float | None, what: str) -> None:
    if value is not None and not (np.isfinite(value) and value > 0):
        raise InvalidValueError(f"{what}: acts_per_practitioner must be > 0; got {value!r}")


@dataclass(frozen=True, eq=False)
class ScenarioState:
    """Supply, demand and population of a scenario (aligned on the baseline's communes) and its time table.

    ``times`` is ``None`` when the scenario keeps the baseline's catchment; ``demand_changed`` says
    whether a demand change was applied; ``notes`` lists what was applied (in French, for the report).
    """

    supply: np.ndarray
    demand: np.ndarray
    population: np.ndarray
    times: pd.DataFrame | None = None
    demand_changed: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def supply_only(self) -> bool:
        """Whether only the supply differs from the baseline (the fast path: no rebuilding)."""
        return self.times is None and not self.demand_changed


def _practitioners(baseline: Baseline, what: str) -> pd.DataFrame:
    if baseline.practitioners is None:
        raise InvalidValueError(
            f"{what} needs the practitioner table (ages, communes of practice): prepare the baseline with "
            "practitioners=..."
        )
    table = baseline.practitioners
    return table[table["profession"] == baseline.params.profession]


def _supply_of(baseline: Baseline, rows: pd.DataFrame) -> np.ndarray:
    """Counted supply of some practitioner rows, aligned on the baseline's communes."""
    if rows.empty:
        return np.zeros(len(baseline.codes))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no practitioner of profession.*")
        counted = supply_from_activity(rows, params=baseline.params)
    counted = counted[counted.index.isin(baseline.codes)]
    return baseline.vector(counted, what="practitioners")


def _retirement(baseline: Baseline, change: Retirement, supply: np.ndarray) -> tuple[np.ndarray, str]:
    table = _practitioners(baseline, "a retirement scenario")
    age_then = table["age"] + change.horizon_years
    leaving = table["age"].notna() & (age_then >= change.min_age)
    cap = baseline.params.max_age
    aged_out = table["age"].notna() & ~leaving & (age_then > cap) if cap is not None and change.age_remaining else None
    if change.communes is not None:
        here = table[CODE].astype(str).isin(change.communes)
        leaving &= here
        aged_out = aged_out & here if aged_out is not None else None
    gone = leaving if aged_out is None else leaving | aged_out
    removed = _supply_of(baseline, table[gone])
    n = table.loc[leaving, "practitioner_id"].nunique()
    where = "" if change.communes is None else f" dans {len(change.communes)} commune(s)"
    note = (
        f"départ de {n} praticien(s) âgé(s) d'au moins {change.min_age:g} ans à {change.horizon_years:g} an(s){where}"
    )
    # only those counted today (age <= cap) leave the capped APL by ageing
    n_aged = 0 if aged_out is None else table.loc[aged_out & (table["age"] <= (cap or 0)), "practitioner_id"].nunique()
    if n_aged:
        note += f" ; {n_aged} autre(s) praticien(s) auront plus de {cap:g} ans à l'horizon (hors APL ≤ {cap:g} ans)"
    return _subtract(baseline, supply, removed, note), note


def _subtract(baseline: Baseline, supply: np.ndarray, removed: np.ndarray, what: str) -> np.ndarray:
    out = supply - removed
    short = out < -1e-9 * np.maximum(1.0, supply)
    if short.any():
        warnings.warn(
            f"{what}: the supply removed exceeds the baseline supply in {int(short.sum())} commune(s) "
            f"(e.g. {describe_values(baseline.codes[short][:5].tolist())}; an implied baseline may hold less "
            "than the practitioners' counted activity); their supply is set to 0",
            UserWarning,
            stacklevel=4,
        )
    clipped: np.ndarray = np.maximum(out, 0.0)
    return clipped


def _change_practitioners(
    baseline: Baseline, change: ChangePractitioners, supply: np.ndarray
) -> tuple[np.ndarray, str]:
    acts = change.acts_per_practitioner or baseline.params.new_practitioner_acts
    code = str(change.code_commune)
    if change.practitioners > 0:
        note = f"{change.practitioners} praticien(s) de plus à {code} ({acts:g} actes chacun)"
        return supply + baseline.vector({code: change.practitioners * acts}), note
    k = -change.practitioners
    if baseline.practitioners is not None and change.acts_per_practitioner is None:
        table = _practitioners(baseline, "removing practitioners")
        here = table[table[CODE].astype(str) == code]
        ids = here.sort_values(["age", "practitioner_id"], ascending=[False, True])["practitioner_id"].drop_duplicates()
        if len(ids) < k:
            raise InvalidValueError(
                f"ChangePractitioners: commune {code} has {len(ids)} practitioner(s) of {baseline.params.profession}; "
                f"cannot remove {k}"
            )
        removed = _supply_of(baseline, here[here["practitioner_id"].isin(ids[:k])])
        note = f"départ des {k} praticien(s) les plus âgé(s) de {code}"
    else:
        removed = baseline.vector({code: k * acts})
        note = f"{k} praticien(s) de moins à {code} ({acts:g} actes chacun)"
    return _subtract(baseline, supply, removed, note), note


def _demand_by_age(baseline: Baseline, change: ProjectAgeBands) -> tuple[np.ndarray, np.ndarray]:
    if baseline.population_by_age is None:
        raise InvalidValueError(
            "an age-band projection needs the population by age: prepare the baseline with population_by_age=..."
        )
    by_age = baseline.population_by_age.copy()
    by_age.index = pd.Index(by_age.index.astype(str), name=CODE)
    rows = by_age.index if change.communes is None else by_age.index.intersection(pd.Index(change.communes))
    for band, factor in change.factors.items():
        by_age.loc[rows, band] = by_age.loc[rows, band] * float(factor)
    demand = demand_from_population(by_age, params=baseline.params)
    population = by_age[list(AGE_BANDS)].sum(axis=1)
    return (
        baseline.vector(demand[demand.index.isin(baseline.codes)], what="projected demand"),
        baseline.vector(population[population.index.isin(baseline.codes)], what="projected population"),
    )


def apply_changes(baseline: Baseline, changes: Sequence[Change]) -> ScenarioState:
    """Supply, demand, population and times of a scenario, from the baseline and a list of changes.

    Changes apply in order (a retirement then an MSP opening in the same commune add up). Demand
    factors multiply: two :class:`ScalePopulation` compose.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.apl import APLParams
    >>> from access_map.scenario import prepare_baseline
    >>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 3600.0}),
    ...                      params=APLParams.drees_mg())
    >>> apply_changes(b, [CloseSite("33001")]).supply.tolist()
    [0.0]
    """
    supply = baseline.supply.copy()
    demand = baseline.demand.copy()
    population = baseline.population.copy()
    times: pd.DataFrame | None = None
    notes: list[str] = []
    demand_same = True
    for change in changes:
        if isinstance(change, Retirement):
            supply, note = _retirement(baseline, change, supply)
        elif isinstance(change, ChangePractitioners):
            supply, note = _change_practitioners(baseline, change, supply)
        elif isinstance(change, OpenMSP):
            acts = change.acts_per_practitioner or baseline.params.new_practitioner_acts
            code = str(change.code_commune)
            supply = supply + baseline.vector({code: change.practitioners * acts}, what="OpenMSP")
            note = f"ouverture d'une MSP à {code} : {change.practitioners} praticien(s) de {acts:g} actes"
        elif isinstance(change, CloseSite):
            pos = baseline.vector({str(change.code_commune): 1.0}, what="CloseSite") > 0
            note = f"fermeture du site {change.code_commune} ({float(supply[pos].sum()):g} actes)"
            supply = np.where(pos, 0.0, supply)
        elif isinstance(change, ScalePopulation):
            if isinstance(change.factors, (int, float)):
                factor = np.full(len(baseline.codes), float(change.factors))
            else:
                given = baseline.vector(change.factors, what="ScalePopulation")
                mask = baseline.vector({k: 1.0 for k in change.factors}, what="ScalePopulation") > 0
                factor = np.where(mask, given, change.default)
            demand, population = demand * factor, population * factor
            demand_same = False
            note = "projection de population par commune"
        elif isinstance(change, ProjectAgeBands):
            projected, projected_pop = _demand_by_age(baseline, change)
            ratio = np.divide(projected, baseline.demand, out=np.ones_like(projected), where=baseline.demand > 0)
            pop_ratio = np.divide(
                projected_pop, baseline.population, out=np.ones_like(projected_pop), where=baseline.population > 0
            )
            demand, population = demand * ratio, population * pop_ratio
            demand_same = False
            note = "projection de population par tranche d'âge"
        elif isinstance(change, ReplaceTimes):
            times = change.times
            note = f"temps de trajet : {change.label}"
        else:
            raise InvalidValueError(f"unknown scenario change {change!r}")
        notes.append(note)
    return ScenarioState(
        supply=supply,
        demand=demand,
        population=population,
        times=times,
        demand_changed=not demand_same,
        notes=tuple(notes),
    )
