"""Deterministic generator of the FICTIONAL demo territory (used by :mod:`access_map.datasets.demo`).

Everything here is invented: names are built from syllables, codes are chosen
absent from the real Code officiel géographique (region ``07``, departments
``96`` and ``00``), the territory lies in the Atlantic Ocean west of the Vendée
coast in Lambert-93 coordinates so that it cannot be mistaken for a real place on a
map. Only the *shapes* of the data (heavy-tailed commune populations, age
structure, practitioner activity, zoning classes) mimic the real ones.

The generator draws everything from one :class:`numpy.random.Generator` seeded
with :data:`DEMO_SEED`; :func:`write_demo_files` writes the files in the official
layouts read by :mod:`access_map.readers`. Text files are byte-for-byte
reproducible for a given seed and numpy version; the GeoPackage embeds a fixed
timestamp (GDAL ``OGR_CURRENT_DATE``) but its bytes may still depend on the GDAL
version, so its *content* is what the tests compare.

A package of small modules, one concern each (each imports only the ones listed above it):

=================  ===================================================================================
module             concern
=================  ===================================================================================
``constants``      seed, label, fictional codes and names, file names (:data:`DEMO_SEED`, :data:`FILES`)
``names``          invented commune and practitioner names, COG article conventions
``geometry``       outline, commune cells, adjacency, contiguous groups
``population``     commune populations, age and sex structure
``practitioners``  practitioners of the five professions, their activity and sites
``care``           MSP and centres de santé, CPTS, TVS, QPV, previous zoning
``draw``           the whole draw from one seed (:func:`generate`, :class:`DemoTables`)
``formats``        column layouts of the official files imitated (Annuaire santé, FINESS)
``writing``        the files written in those layouts (:func:`write_demo_files`)
=================  ===================================================================================

Every public name is re-exported here: import them from :mod:`access_map.datasets._generate`.
"""

from __future__ import annotations

from .constants import CENSUS_YEAR as CENSUS_YEAR
from .constants import DEMO_LABEL, DEMO_SEED, DEPARTMENT_CODES, REGION_CODE
from .constants import DEPARTMENT_NAMES as DEPARTMENT_NAMES
from .constants import FILES as FILES
from .constants import GPKG_DATE as GPKG_DATE
from .constants import REGION_NAME as REGION_NAME
from .constants import XSS_COMMUNE_NAME as XSS_COMMUNE_NAME
from .constants import XSS_CPTS_NAME as XSS_CPTS_NAME
from .draw import DemoTables, generate
from .formats import ANNUAIRE_COLUMNS as ANNUAIRE_COLUMNS
from .formats import FINESS_CATEGORY_LABELS as FINESS_CATEGORY_LABELS
from .formats import FINESS_STRUCTURE_COLUMNS as FINESS_STRUCTURE_COLUMNS
from .writing import write_demo_files

__all__ = ["DEMO_SEED", "DEMO_LABEL", "REGION_CODE", "DEPARTMENT_CODES", "DemoTables", "generate", "write_demo_files"]
