"""Batch refresh: one configuration in, every table, map, raster and a report out.

:func:`run_refresh` reads and validates the inputs named by a
:class:`~access_map.config.RefreshConfig` (or the embedded demo territory) with the one territory
loader (:mod:`access_map.territory`), then computes the APL of every configured profession and
practitioner-age variant, the GP zoning and its diff against the previous zoning, CPTS coverage and
MSP disparities, and writes

* tables (CSV / Parquet / GeoPackage) and a summary report (``rapport.html``, with every data
  warning of the run) with ``provenance.json`` (input hashes, parameters, versions, warnings,
  timings) into ``outputs.directory``;
* every map (self-contained HTML, PNG) and the GeoTIFF rasters into ``outputs.maps_directory``.

Both directories are staged beside their target and swapped in together, in one commit, only when the
whole run succeeded (:class:`~access_map.outputs.OutputFolders`): an interrupted or failed run leaves the
previous outputs intact, and a folder holding files that access_map did not write, or an input, is refused. Unchanged inputs give byte-identical outputs, except the timings and creation time in
``provenance.json``. Library code never prints: progress goes to the ``progress`` callback.

Modules: :mod:`.inputs` (territory, APL presets, catchment), :mod:`.steps` (computations),
:mod:`.outputs` (files), :mod:`.run` (the driver).
"""

from __future__ import annotations

from .inputs import apl_parameters, context_margin_km, demo_config, territory_from_config, travel_max_minutes
from .run import STEPS, RefreshResult, data_warnings, run_refresh

__all__ = [
    "STEPS",
    "RefreshResult",
    "run_refresh",
    "demo_config",
    "territory_from_config",
    "apl_parameters",
    "travel_max_minutes",
    "context_margin_km",
    "data_warnings",
]
