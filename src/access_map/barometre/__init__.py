"""Products of the Baromètre des résultats de l'action publique (DITP): CPTS coverage and MSP by territory.

* :mod:`.series` — pure functions: the published series of an indicator, the dates of each level
  (:func:`date_alignment`), regions or France rebuilt from their departments at a common date
  (:func:`rebuild_from_departments`), compared with the published values (:func:`compare_with_published`).
* :mod:`.charts` — the change over time, one panel per region (PNG).
* :mod:`.products` — the tables, maps and charts of ``access-map cpts --barometre`` and ``msp --barometre``.

The reader is :func:`access_map.readers.barometre.read_barometre`.

Examples
--------
>>> indicator_kind("IND-589")
'rate'
"""

from __future__ import annotations

from .series import (
    INDICATOR_KINDS,
    LEVELS,
    NATION_CODE,
    DateAlignment,
    compare_with_published,
    date_alignment,
    department_regions,
    indicator_kind,
    population_at,
    published_series,
    rebuild_from_departments,
    values_at,
)

__all__ = [
    "INDICATOR_KINDS",
    "LEVELS",
    "NATION_CODE",
    "DateAlignment",
    "compare_with_published",
    "date_alignment",
    "department_regions",
    "indicator_kind",
    "population_at",
    "published_series",
    "rebuild_from_departments",
    "values_at",
]
