"""CPTS coverage: population covered, size classes, overlaps, white zones, progress to target.

A CPTS (communauté professionnelle territoriale de santé) is described by the list
of communes of its territory. Input tables (see :data:`CPTS_COLUMNS`):

* **CPTS list** — one row per (CPTS, commune): ``id_cpts``, ``nom_cpts``, ``statut``
  (``"pré-projet"``, ``"projet"``, ``"contrat ACI signé"``; case/accents/hyphens are
  normalised), ``date_signature`` (date of the ACI contract, empty if none; the
  official CSV name ``date_signature_aci`` is accepted) and ``code_commune``.
* **communes** — a DataFrame indexed by ``code_commune`` with a ``population``
  column (and ``code_departement`` / ``code_region`` for those levels), or a
  population Series indexed by ``code_commune`` (national level only).

Coverage counts **each inhabitant once**: a commune is covered when at least one
selected CPTS includes it, whatever the number of overlapping CPTS.

Bad input is reported, never silently dropped: exact duplicate (CPTS, commune)
rows are dropped with a warning; commune codes unknown to the commune table
(or malformed) are excluded with a warning and listed in the
:class:`CPTSInputReport`; a CPTS left with no commune is reported (warning, or an
error with ``on_empty="raise"``).

Package layout
--------------
One concern per module, each importing only the ones above it:

* :mod:`~access_map.cpts.size_classes` — ACI size classes (:class:`SizeClasses`, :data:`ACI_SIZE_CLASSES`);
* :mod:`~access_map.cpts.territories` — the commune table, zoning classes and territorial levels
  (:func:`commune_frame`, :func:`zoning_series`, :func:`territory_key`, :data:`LEVELS`);
* :mod:`~access_map.cpts.checks` — checks of a CPTS list and selection of the CPTS that count
  (:func:`check_cpts`, :class:`CPTSInputReport`);
* :mod:`~access_map.cpts.table` — one row per CPTS (:func:`cpts_table`);
* :mod:`~access_map.cpts.covered_population` — coverage per commune and per territory, over time
  (:func:`commune_coverage`, :func:`coverage`, :func:`coverage_progress`);
* :mod:`~access_map.cpts.uncovered` — overlaps and zones blanches (:func:`overlaps`,
  :func:`uncovered_communes`, :func:`uncovered_by_zoning`);
* :mod:`~access_map.cpts.geometry` — perimeters and polygons for maps (:func:`cpts_perimeters`,
  :func:`with_geometry`).

Every public name is importable from :mod:`access_map.cpts` itself.

Examples
--------
>>> import pandas as pd
>>> communes = pd.DataFrame(
...     {"population": [1000.0, 3000.0, 6000.0], "code_departement": ["01", "01", "02"],
...      "code_region": ["84", "84", "32"]},
...     index=pd.Index(["01001", "01002", "02001"], name="code_commune"))
>>> cpts = pd.DataFrame({"id_cpts": ["A", "A", "B"], "nom_cpts": ["CPTS A", "CPTS A", "CPTS B"],
...     "statut": ["contrat ACI signé"] * 2 + ["projet"], "date_signature": ["2021-03-01"] * 2 + [None],
...     "code_commune": ["01001", "01002", "01002"]})
>>> coverage(cpts, communes, level="nation")[["population", "covered_population", "coverage_percent"]]
             population  covered_population  coverage_percent
code_nation
FR              10000.0              4000.0              40.0
"""

from __future__ import annotations

from .checks import CPTS_COLUMNS, SIGNED, STATUSES, CPTSInputReport, check_cpts
from .covered_population import commune_coverage, coverage, coverage_progress
from .geometry import cpts_perimeters, with_geometry
from .size_classes import ACI_SIZE_CLASSES, SizeClasses
from .table import cpts_table
from .territories import LEVELS, commune_frame, territory_key, zoning_series
from .territories import NATION_CODE as NATION_CODE  # importable here as before the split, not in __all__
from .uncovered import overlaps, uncovered_by_zoning, uncovered_communes

__all__ = [
    "CPTS_COLUMNS",
    "STATUSES",
    "SIGNED",
    "LEVELS",
    "SizeClasses",
    "ACI_SIZE_CLASSES",
    "CPTSInputReport",
    "check_cpts",
    "cpts_table",
    "commune_coverage",
    "coverage",
    "coverage_progress",
    "overlaps",
    "uncovered_communes",
    "uncovered_by_zoning",
    "cpts_perimeters",
    "with_geometry",
    "commune_frame",
    "zoning_series",
    "territory_key",
]
