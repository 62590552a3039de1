"""Travel-time tables between communes: from a matrix file, from crow-fly distances, from OSRM.

Every function returns the same *long* table, sorted by ``origin`` then
``destination``:

========== ======= ==========================================================
column     dtype   meaning
========== ======= ==========================================================
origin      str     INSEE code of the origin commune (5 characters)
destination str     INSEE code of the destination commune
minutes     float   road travel time in minutes (0.0 from a commune to itself)
========== ======= ==========================================================

One row per pair within the catchment; the row of a commune to itself is always
present with 0.0 minutes (the APL convention: time within a commune = 0).

Sources, one module each:

* :mod:`~access_map.travel.matrix` — :func:`read_travel_times`: an exported matrix
  (INSEE Metric / Metric-OSRM, an OSRM run, any CSV/Parquet with a column mapping), validated;
* :mod:`~access_map.travel.crowfly` — :func:`crow_fly_times`: the offline approximation
  ``minutes = a + b * crow-fly km`` (default ``2.0 + 1.32 km``), pairs found with
  :class:`scipy.spatial.cKDTree`;
* :mod:`~access_map.travel.calibration` — :func:`calibrate` fits ``a`` and ``b`` against
  observed times (:func:`read_observed_pairs`) and reports the error;
* :mod:`~access_map.travel.osrm_http` — :func:`osrm_table_times`: a self-hosted OSRM
  server's ``table`` service;
* :mod:`~access_map.travel.osrm_graph` — :func:`build_osrm_graph`: an OpenStreetMap extract
  (``.osm.pbf``) turned into an OSRM graph (extract + contract), cached;
* :mod:`~access_map.travel.osrm_local` — :func:`road_times`: road times (and km) with the OSRM
  engine in process (``osrm-bindings``), no server; :func:`snap_points` reports how far each
  commune point lies from the road network;
* :mod:`~access_map.travel.compare` — :func:`compare_travel_times` (pair-level agreement of two
  tables) and :func:`apl_consequences` (APL, threshold crossings and TVS categories under each).

The crow-fly model underestimates times in mountains and across estuaries
(no bridge); calibrate it on the region you work on when you can.
"""

from __future__ import annotations

from ._common import SENTINEL_MINUTES, TRAVEL_COLUMNS
from .calibration import CalibrationResult, calibrate, evaluate_model, read_observed_pairs
from .compare import APLComparison, PairComparison, apl_consequences, compare_travel_times
from .crowfly import LOCAL_CRS, CrowFlyModel, crow_fly_km, crow_fly_times, crow_fly_times_local, local_crs
from .matrix import read_travel_times, validate_travel_times
from .osrm_graph import PROFILES, OSRMGraph, build_osrm_graph
from .osrm_http import osrm_table_times
from .osrm_local import MAX_SPEED_KMH, road_times, snap_points

__all__ = [
    "TRAVEL_COLUMNS",
    "SENTINEL_MINUTES",
    "CrowFlyModel",
    "CalibrationResult",
    "validate_travel_times",
    "read_travel_times",
    "crow_fly_times",
    "crow_fly_times_local",
    "LOCAL_CRS",
    "local_crs",
    "crow_fly_km",
    "calibrate",
    "evaluate_model",
    "read_observed_pairs",
    "osrm_table_times",
    "PROFILES",
    "OSRMGraph",
    "build_osrm_graph",
    "MAX_SPEED_KMH",
    "road_times",
    "snap_points",
    "PairComparison",
    "APLComparison",
    "compare_travel_times",
    "apl_consequences",
]
