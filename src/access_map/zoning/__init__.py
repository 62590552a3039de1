"""Zoning of under-served areas: GP ZIP/ZAC (arrêté 2017 and revisions), five-level zonings, diffs, comparisons.

* :mod:`.rules` — :class:`ZoningRules`: every rule a named field with its source (arrêté or
  DREES's zoning application), presets 2017 / 2021 / 2024 / 2025.
* :mod:`.tvs` — :func:`tvs_apl` (standardised-population-weighted mean of commune APL),
  :func:`classify_apl` (national selection / vivier / hors vivier), DREES categories.
* :mod:`.phases` — the phases of the zoning, each a function (categories, QPV, national
  selection, vivier, hors-vivier margin, regional checks); :mod:`.policies` — lowest APL
  first, or start from the zoning in force.
* :mod:`.selection` — :func:`compute_zoning` runs the phases and assembles the report.
* :mod:`.five_levels` — :func:`five_level_zoning` for nurses, physiotherapists, midwives,
  speech therapists.
* :mod:`.bassins` — :func:`tvs_from_bassins_de_vie` (TVS proxy from the INSEE table
  d'appartenance); :mod:`.national` — :func:`national_zoning` (every region from the DREES
  workbook).
* :mod:`.diff` — :func:`zoning_diff`, :func:`zoning_summary`; :mod:`.compare` —
  :func:`compare_zonings` with the zoning in force (agreement, Cohen's kappa, crosstab).

Examples
--------
>>> from access_map.zoning import ZoningRules, classify_apl
>>> import pandas as pd
>>> classify_apl(pd.Series({"T1": 2.5, "T2": 3.1, "T3": 4.2}), rules=ZoningRules.arrete_2017()).to_dict()
{'T1': 'national_selection', 'T2': 'vivier', 'T3': 'hors_vivier'}
"""

from __future__ import annotations

from .bassins import regions_from_appartenance, tvs_from_bassins_de_vie
from .compare import (
    SelectionComparison,
    ZoningComparison,
    caps_from_zoning,
    cohen_kappa,
    compare_selection,
    compare_zonings,
)
from .diff import ABSENT, NATIONAL, ZoningDiff, zoning_diff, zoning_summary
from .five_levels import FIVE_LEVEL_LABELS, FIVE_LEVELS, FiveLevelRules, five_level_zoning
from .national import NationalZoning, disagreement_table, national_zoning, selection_summary
from .results import GQ_DREES_CODE_OF_CLASS, ZoningPhases
from .rules import RULE_PRESETS, RULE_SOURCES, ZoningRules
from .selection import (
    DREES_CODE_OF_CLASS,
    POLICIES,
    QPV_DREES_CODE_OF_CLASS,
    ZoningReport,
    ZoningResult,
    compute_zoning,
    validate_caps,
)
from .tvs import (
    CATEGORIES,
    DREES_CATEGORY_LABELS,
    classify_apl,
    normalize_region_codes,
    parse_categories,
    tvs_apl,
    tvs_membership,
)

__all__ = [
    "ABSENT",
    "NATIONAL",
    "CATEGORIES",
    "DREES_CATEGORY_LABELS",
    "DREES_CODE_OF_CLASS",
    "GQ_DREES_CODE_OF_CLASS",
    "QPV_DREES_CODE_OF_CLASS",
    "POLICIES",
    "RULE_PRESETS",
    "RULE_SOURCES",
    "FIVE_LEVELS",
    "FIVE_LEVEL_LABELS",
    "ZoningRules",
    "ZoningReport",
    "ZoningResult",
    "ZoningPhases",
    "ZoningDiff",
    "ZoningComparison",
    "FiveLevelRules",
    "tvs_membership",
    "tvs_apl",
    "classify_apl",
    "parse_categories",
    "normalize_region_codes",
    "validate_caps",
    "compute_zoning",
    "five_level_zoning",
    "zoning_diff",
    "zoning_summary",
    "compare_zonings",
    "compare_selection",
    "caps_from_zoning",
    "SelectionComparison",
    "disagreement_table",
    "cohen_kappa",
    "NationalZoning",
    "national_zoning",
    "selection_summary",
    "tvs_from_bassins_de_vie",
    "regions_from_appartenance",
]
