"""The run's GeoPackage (the layers ``communes`` and ``tvs`` and their QGIS styles): :mod:`access_map.geopackage`.

Kept for the refresh's imports; the zoning run writes the same file with the same functions.
"""

from __future__ import annotations

from ..geopackage import run_layers, write_run_geopackage

__all__ = ["run_layers", "write_run_geopackage"]
