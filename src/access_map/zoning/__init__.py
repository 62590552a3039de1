"""Zoning of under-served areas: GP ZIP/ZAC (arrêté 2017 and revisions), five-level zonings, diffs.

* :mod:`.rules` — :class:`ZoningRules` (thresholds 2.5 / 4, hors-vivier margin 5 %, presets).
* :mod:`.tvs` — :func:`tvs_apl` (standardised-population-weighted mean of commune APL),
  :func:`classify_apl` (national selection / vivier / hors vivier).
* :mod:`.selection` — :func:`compute_zoning`: regional choice of ZIP B / ZAC / ZV per
  (TVS, region) within the caps, ARS lists, QPV overrides, reported violations.
* :mod:`.five_levels` — :func:`five_level_zoning` for nurses, physiotherapists, midwives,
  speech therapists.
* :mod:`.diff` — :func:`zoning_diff`, :func:`zoning_summary`.

Examples
--------
>>> from access_map.zoning import ZoningRules, classify_apl
>>> import pandas as pd
>>> classify_apl(pd.Series({"T1": 2.5, "T2": 3.1, "T3": 4.2}), rules=ZoningRules.arrete_2017()).to_dict()
{'T1': 'national_selection', 'T2': 'vivier', 'T3': 'hors_vivier'}
"""

from __future__ import annotations

from .diff import ABSENT, NATIONAL, ZoningDiff, zoning_diff, zoning_summary
from .five_levels import FIVE_LEVEL_LABELS, FIVE_LEVELS, FiveLevelRules, five_level_zoning
from .rules import RULE_PRESETS, ZoningRules
from .selection import (
    DREES_CODE_OF_CLASS,
    POLICIES,
    QPV_DREES_CODE_OF_CLASS,
    ZoningReport,
    ZoningResult,
    compute_zoning,
    validate_caps,
)
from .tvs import CATEGORIES, classify_apl, normalize_region_codes, tvs_apl, tvs_membership

__all__ = [
    "ABSENT",
    "NATIONAL",
    "CATEGORIES",
    "DREES_CODE_OF_CLASS",
    "QPV_DREES_CODE_OF_CLASS",
    "POLICIES",
    "RULE_PRESETS",
    "FIVE_LEVELS",
    "FIVE_LEVEL_LABELS",
    "ZoningRules",
    "ZoningReport",
    "ZoningResult",
    "ZoningDiff",
    "FiveLevelRules",
    "tvs_membership",
    "tvs_apl",
    "classify_apl",
    "normalize_region_codes",
    "validate_caps",
    "compute_zoning",
    "five_level_zoning",
    "zoning_diff",
    "zoning_summary",
]
