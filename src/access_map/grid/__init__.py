"""Accessibility below the commune: the INSEE 200 m grid (and any zones), with poverty, up to a national grid.

* cells (:mod:`.cells`): centres and squares from the INSPIRE ids;
* demand (:mod:`.demand`): the DREES five-year weights carried to the grid's ten age bands;
* supply (:mod:`.supply`): practice sites at their coordinates, else at the chef-lieu, supply per site;
* APL (:mod:`.compute`, :mod:`.engine`, :mod:`.distributed`): crow-fly or road times, in memory, in bounded-memory
  partitions, or on dask;
* aggregation (:mod:`.aggregate`): communes, IRIS, QPV or any polygons; people and poor households under 2.5 and 4;
  the commune APL beside the spread of its cells;
* outputs (:mod:`.outputs`, :mod:`.run`): grid map, GeoTIFF, report section, the ``access-map grid`` workflow.

Examples
--------
>>> from access_map.grid import grid_band_weights
>>> from access_map.apl import AGE_WEIGHTS
>>> round(float(grid_band_weights(AGE_WEIGHTS[2023]).loc["*", "age_00_03"]), 2)
1.12
"""

from __future__ import annotations

from .aggregate import aggregate_cells, cells_in_polygons, commune_spread, threshold_counts
from .cells import cell_centres, cell_crs, cell_points, cell_squares
from .compute import ENGINES, expand_commune_times, grid_apl
from .demand import cell_demand, grid_band_weights
from .engine import CrowFlyPairs, RoadPairs, partition_cells, partitioned_fca
from .supply import place_sites, placement_summary, supply_by_site

__all__ = [
    "ENGINES",
    "CrowFlyPairs",
    "RoadPairs",
    "aggregate_cells",
    "cell_centres",
    "cell_crs",
    "cell_demand",
    "cell_points",
    "cell_squares",
    "cells_in_polygons",
    "commune_spread",
    "expand_commune_times",
    "grid_apl",
    "grid_band_weights",
    "partition_cells",
    "partitioned_fca",
    "place_sites",
    "placement_summary",
    "supply_by_site",
    "threshold_counts",
]
