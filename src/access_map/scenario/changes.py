"""What a scenario changes: supply, demand or travel times (frozen dataclasses, applied in order).

Supply changes
    :class:`Retirement` (practitioners aged ≥ N at a horizon leave), :class:`ChangePractitioners`
    (add or remove practitioners in a commune), :class:`SupplyShare` (a share of the supply of some
    communes, departments or regions leaves or arrives), :class:`OpenMSP` (a new site with K
    practitioners at a given activity), :class:`CloseSite` (all supply of a commune stops).
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..apl import demand_from_population
from ..communes import CODE
from ..errors import InvalidValueError
from ..messages import scenario as msg
from ..schema import AGE_BANDS
from .baseline import Baseline
from .supply_changes import removal_supply, retirement_supply, share_supply, subtract_supply

__all__ = [
    "Retirement",
    "ChangePractitioners",
    "SupplyShare",
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

    Needs the baseline's practitioner table, with ages: when none of the practitioners concerned has an
    age, the retirement is an error (it cannot be evaluated); practitioners of unknown age are counted as
    staying, with a warning. Their counted supply (:func:`~access_map.apl.supply_from_activity` with the
    baseline's parameters) is removed from their communes of practice — on a given (implied) supply too,
    the practitioner file then says who leaves and how much supply goes.

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
            raise InvalidValueError(msg.retirement_invalid(min_age=self.min_age, horizon_years=self.horizon_years))


@dataclass(frozen=True)
class ChangePractitioners:
    """Add (``practitioners > 0``) or remove (``< 0``) practitioners in one commune of practice.

    Added practitioners count ``acts_per_practitioner`` each (default the DREES imputation for a new
    GP, ``params.new_practitioner_acts`` = 5,400). Removed ones: with a practitioner table, the oldest
    of the commune among those counted in the baseline leave (their counted supply; on an age-capped APL
    such as the ≤65 APL, those of unknown age or past the cap do not count in it, and fewer counted
    practitioners than asked is an error); without a table, or with ``acts_per_practitioner``, that many
    acts each.
    """

    code_commune: str
    practitioners: int
    acts_per_practitioner: float | None = None

    def __post_init__(self) -> None:
        if int(self.practitioners) != self.practitioners or self.practitioners == 0:
            raise InvalidValueError(msg.practitioners_not_integer(practitioners=self.practitioners))
        _check_acts(self.acts_per_practitioner, "ChangePractitioners")


@dataclass(frozen=True)
class SupplyShare:
    """A proportional change of supply: the supply of the chosen communes × (1 + ``share``).

    ``share = -0.2``: a fifth of the practitioners of these communes leave (at their average activity);
    ``share = 0.1``: a tenth more arrive. The communes are the union of ``communes``, ``departements``
    (codes ``code_departement`` of the baseline) and ``regions`` (``code_region``); none given: every
    commune of the territory studied. Needs no practitioner file: it applies to an implied supply too.
    A change of a zero supply is an error (it would change nothing).

    Examples
    --------
    >>> SupplyShare(-0.2, departements=("33",)).share
    -0.2
    """

    share: float
    communes: tuple[str, ...] | None = None
    departements: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        share = self.share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not np.isfinite(share):
            raise InvalidValueError(msg.supply_share_invalid(share=share))
        if share < -1 or share == 0:
            raise InvalidValueError(msg.supply_share_invalid(share=share))


@dataclass(frozen=True)
class OpenMSP:
    """A new site (MSP) with ``practitioners`` practitioners of ``acts_per_practitioner`` acts each."""

    code_commune: str
    practitioners: int = 4
    acts_per_practitioner: float | None = None

    def __post_init__(self) -> None:
        if int(self.practitioners) != self.practitioners or self.practitioners <= 0:
            raise InvalidValueError(msg.msp_practitioners_invalid(practitioners=self.practitioners))
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
            raise InvalidValueError(msg.factors_invalid(what="ScalePopulation", factors=bad))


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
            raise InvalidValueError(msg.age_bands_unknown(bands=unknown, examples=AGE_BANDS[:3]))
        bad = [v for v in self.factors.values() if not (np.isfinite(v) and v >= 0)]
        if bad:
            raise InvalidValueError(msg.factors_invalid(what="ProjectAgeBands", factors=bad))


@dataclass(frozen=True, eq=False)
class ReplaceTimes:
    """Another travel-time table (``origin, destination, minutes``): the catchment is rebuilt."""

    times: pd.DataFrame
    label: str = "autre distancier"


Change = (
    Retirement
    | ChangePractitioners
    | SupplyShare
    | OpenMSP
    | CloseSite
    | ScalePopulation
    | ProjectAgeBands
    | ReplaceTimes
)


def _check_acts(value: float | None, what: str) -> None:
    if value is not None and not (np.isfinite(value) and value > 0):
        raise InvalidValueError(msg.acts_invalid(what=what, value=value))


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


def _change_practitioners(
    baseline: Baseline, change: ChangePractitioners, supply: np.ndarray
) -> tuple[np.ndarray, str]:
    acts = change.acts_per_practitioner or baseline.params.new_practitioner_acts
    code = str(change.code_commune)
    if change.practitioners > 0:
        note = msg.added_note(code=code, practitioners=change.practitioners, acts=acts)
        return supply + baseline.vector({code: change.practitioners * acts}), note
    k = -change.practitioners
    if baseline.practitioners is not None and change.acts_per_practitioner is None:
        return removal_supply(baseline, change, supply)
    note = msg.removed_fixed_note(code=code, practitioners=k, acts=acts)
    return subtract_supply(baseline, supply, baseline.vector({code: k * acts}), note), note


def _demand_by_age(baseline: Baseline, change: ProjectAgeBands) -> tuple[np.ndarray, np.ndarray]:
    if baseline.population_by_age is None:
        raise InvalidValueError(msg.AGE_BANDS_NEED_POPULATION)
    by_age = baseline.population_by_age.copy()
    by_age.index = pd.Index(by_age.index.astype(str), name=CODE)
    rows = by_age.index if change.communes is None else by_age.index.intersection(pd.Index(change.communes))
    for band, factor in change.factors.items():
        by_age.loc[rows, band] = by_age.loc[rows, band] * float(factor)
    demand = demand_from_population(by_age, params=baseline.params)
    population = by_age[list(AGE_BANDS)].sum(axis=1)
    return (
        baseline.vector(demand[demand.index.isin(baseline.codes)], what=msg.PROJECTED_DEMAND),
        baseline.vector(population[population.index.isin(baseline.codes)], what=msg.PROJECTED_POPULATION),
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
            supply, note = retirement_supply(baseline, change, supply)
        elif isinstance(change, ChangePractitioners):
            supply, note = _change_practitioners(baseline, change, supply)
        elif isinstance(change, SupplyShare):
            supply, note = share_supply(baseline, change, supply)
        elif isinstance(change, OpenMSP):
            acts = change.acts_per_practitioner or baseline.params.new_practitioner_acts
            code = str(change.code_commune)
            supply = supply + baseline.vector({code: change.practitioners * acts}, what="OpenMSP")
            note = msg.msp_note(code=code, practitioners=change.practitioners, acts=acts)
        elif isinstance(change, CloseSite):
            pos = baseline.vector({str(change.code_commune): 1.0}, what="CloseSite") > 0
            if not float(supply[pos].sum()) > 0:
                raise InvalidValueError(msg.close_nothing(code=str(change.code_commune)))
            note = msg.close_note(code=str(change.code_commune), acts=float(supply[pos].sum()))
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
            note = msg.POPULATION_NOTE
        elif isinstance(change, ProjectAgeBands):
            projected, projected_pop = _demand_by_age(baseline, change)
            ratio = np.divide(projected, baseline.demand, out=np.ones_like(projected), where=baseline.demand > 0)
            pop_ratio = np.divide(
                projected_pop, baseline.population, out=np.ones_like(projected_pop), where=baseline.population > 0
            )
            demand, population = demand * ratio, population * pop_ratio
            demand_same = False
            note = msg.AGE_BANDS_NOTE
        elif isinstance(change, ReplaceTimes):
            times = change.times
            note = msg.travel_note(label=change.label)
        else:
            raise InvalidValueError(msg.unknown_change(change=change))
        notes.append(note)
    return ScenarioState(
        supply=supply,
        demand=demand,
        population=population,
        times=times,
        demand_changed=not demand_same,
        notes=tuple(notes),
    )
