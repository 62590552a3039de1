"""The one loader of a territory, shared by the CLI, the refresh and the demo.

* :func:`load_territory` — every input of a territory (communes, points, populations, practitioners, MSP,
  CPTS, TVS, QPV, zoning, caps) from its files, optionally restricted to some departments/regions
  (:class:`TerritorySelection`);
* :func:`commune_reference` / :func:`read_commune_table` — the commune reference (codes, names,
  department, region, population, geometry) from contours, populations légales, the COG or DREES files;
* :func:`read_commune_points` — commune points from any vector file (``--points``);
* :func:`read_practitioners` — a practitioner file of any supported layout.

Examples
--------
>>> from access_map.datasets.demo import demo_sources
>>> t = load_territory(demo_sources(), label="démo")
>>> len(t.communes), int(t.communes["in_territory"].sum())
(600, 600)
"""

from __future__ import annotations

from .communes import (
    check_reference,
    commune_file_kind,
    commune_reference,
    read_commune_file,
    read_commune_inputs,
    read_commune_table,
)
from .loader import SOURCE_HELP, SOURCE_KEYS, Territory, load_territory, read_admin_layer, read_practitioners
from .points import POINT_CODE_COLUMNS, read_commune_points, vector_target
from .selection import IN_TERRITORY, TerritorySelection, departement_of_code, select_communes

__all__ = [
    "IN_TERRITORY",
    "POINT_CODE_COLUMNS",
    "SOURCE_HELP",
    "SOURCE_KEYS",
    "Territory",
    "TerritorySelection",
    "check_reference",
    "commune_file_kind",
    "commune_reference",
    "departement_of_code",
    "load_territory",
    "read_commune_file",
    "read_commune_inputs",
    "read_admin_layer",
    "read_commune_points",
    "read_commune_table",
    "read_practitioners",
    "select_communes",
    "vector_target",
]
