"""The DREES APL (accessibilité potentielle localisée) to primary-care professionals.

The APL is an enhanced two-step floating catchment (:mod:`access_map.fca`) between
communes, with three French specifics (DREES, Barlet et al. 2012; ``Paramètres`` sheet of
the APL workbooks on data.drees, dataset ``530_l-accessibilite-potentielle-localisee-apl``):

* **supply** measured by activity: for general practitioners (GPs), each practitioner's
  annual consultations + visits + teleconsultations, bounded (:func:`counted_acts`), summed
  per commune of practice (:func:`supply_from_activity`);
* **demand** standardised by age: population by five-year band weighted by the band's GP
  consumption relative to the national mean (:func:`standardised_population`,
  :data:`AGE_WEIGHTS`);
* a **20-minute** catchment with the stepped decay :data:`~access_map.decay.DREES_GP_DECAY`
  between commune chefs-lieux (a commune to itself = 0 minute).

Units
-----
* GPs: consultations/visits accessible per standardised inhabitant per year
  (``scale = 1``; national mean 3.3 in 2022).
* Nurses, physiotherapists (masseurs-kinésithérapeutes), dentists: full-time equivalents
  (ETP) accessible per 100,000 standardised inhabitants (``scale = 100_000``).
* Midwives: ETP per 100,000 women (demand = female population, ``scale = 100_000``).

The scaling is carried by :class:`APLParams` (``scale``), so :func:`compute_apl` returns the
published unit directly.

Package layout
--------------
One concern per module, each importing only the ones above it:

* :mod:`~access_map.apl.parameters` — official age weights (:data:`AGE_WEIGHTS`) and the
  :class:`APLParams` presets per profession;
* :mod:`~access_map.apl.supply` — counted acts, imputation of unknown activity, supply per commune;
* :mod:`~access_map.apl.demand` — age-standardised population (or women for midwives);
* :mod:`~access_map.apl.compute` — the catchment, the APL itself (:func:`compute_apl`) and its age
  variants on one catchment (:func:`apl_variants`);
* :mod:`~access_map.apl.aggregate` — APL of territories (:func:`aggregate_apl`).

Every public name is importable from :mod:`access_map.apl` itself.

Examples
--------
>>> import pandas as pd
>>> params = APLParams.drees_mg(2023)
>>> times = pd.DataFrame({"origin": ["33001", "33001", "33002", "33002"],
...                       "destination": ["33001", "33002", "33001", "33002"],
...                       "minutes": [0.0, 12.0, 12.0, 0.0]})
>>> demand = pd.Series({"33001": 1000.0, "33002": 500.0})
>>> supply = pd.Series({"33001": 5400.0})
>>> # reachable demand from 33001 = 1000 x 1 + 500 x 2/3 = 4000/3; R = 5400 / (4000/3) = 4.05
>>> compute_apl(supply=supply, demand=demand, times=times, params=params).round(4).tolist()
[4.05, 2.7]
"""

from __future__ import annotations

from .aggregate import aggregate_apl
from .compute import apl_from_catchment, apl_variants, compute_apl, prepare_apl_catchment, variant_column
from .demand import demand_from_population, standardised_population
from .parameters import AGE_WEIGHTS, APLParams, CatchmentToVerifyWarning
from .supply import IMPUTED_COLUMN, counted_acts, impute_activity, supply_from_activity, supply_rows

__all__ = [
    "AGE_WEIGHTS",
    "APLParams",
    "CatchmentToVerifyWarning",
    "counted_acts",
    "impute_activity",
    "IMPUTED_COLUMN",
    "supply_from_activity",
    "supply_rows",
    "standardised_population",
    "demand_from_population",
    "prepare_apl_catchment",
    "apl_from_catchment",
    "compute_apl",
    "apl_variants",
    "variant_column",
    "aggregate_apl",
]
