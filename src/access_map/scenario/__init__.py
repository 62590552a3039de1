"""What-if scenarios on the APL and the zoning, implied supply, placement of new practices, uncertainty.

* :mod:`.baseline` — :func:`prepare_baseline`: one sparse catchment prepared once; a supply-only
  scenario is a sparse column update (:func:`supply_apl`), a demand change two sparse products.
* :mod:`.changes` — supply (:class:`Retirement`, :class:`ChangePractitioners`, :class:`SupplyShare`,
  :class:`OpenMSP`, :class:`CloseSite`), demand (:class:`ScalePopulation`, :class:`ProjectAgeBands`) and travel
  (:class:`ReplaceTimes`) changes.
* :mod:`.evaluate` — :func:`evaluate_scenario`: ΔAPL per commune and TVS, Δ zoning category per
  TVS, population crossing 2.5 and 4 by department and region, the communes most affected.
* :mod:`.implied` — :func:`implied_supply`: the supply that reproduces an official APL (sparse NNLS).
* :mod:`.placement` — :func:`place_practices`: k new sites by greedy search with lazy re-evaluation.
* :mod:`.uncertainty` — :func:`monte_carlo`: seeded draws over travel times, imputed activity,
  population vintage and threshold conventions; P(APL < 2.5), P(national selection), 90 % intervals.

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
>>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 3600.0}),
...                      params=APLParams.drees_mg())
>>> evaluate_scenario(b, [OpenMSP("33001", practitioners=1, acts_per_practitioner=1000.0)]).communes["apl_after"].tolist()
[4.6]
"""

from __future__ import annotations

from .baseline import TERRITORY_LEVELS, Baseline, demand_apl, prepare_baseline, square_catchment, supply_apl
from .changes import (
    Change,
    ChangePractitioners,
    CloseSite,
    OpenMSP,
    ProjectAgeBands,
    ReplaceTimes,
    Retirement,
    ScalePopulation,
    ScenarioState,
    SupplyShare,
    apply_changes,
)
from .evaluate import ScenarioResult, categories_of, crossing_counts, evaluate_scenario, scenario_apl, tvs_apl_values
from .implied import ImpliedSupply, implied_supply
from .placement import OBJECTIVES, PlacementResult, place_practices, placement_objective
from .uncertainty import MonteCarloResult, UncertaintyModel, iter_draw_inputs, monte_carlo

__all__ = [
    "TERRITORY_LEVELS",
    "Baseline",
    "prepare_baseline",
    "square_catchment",
    "supply_apl",
    "demand_apl",
    "Change",
    "Retirement",
    "ChangePractitioners",
    "SupplyShare",
    "OpenMSP",
    "CloseSite",
    "ScalePopulation",
    "ProjectAgeBands",
    "ReplaceTimes",
    "ScenarioState",
    "apply_changes",
    "ScenarioResult",
    "evaluate_scenario",
    "scenario_apl",
    "crossing_counts",
    "tvs_apl_values",
    "categories_of",
    "ImpliedSupply",
    "implied_supply",
    "OBJECTIVES",
    "PlacementResult",
    "place_practices",
    "placement_objective",
    "UncertaintyModel",
    "MonteCarloResult",
    "monte_carlo",
    "iter_draw_inputs",
]
