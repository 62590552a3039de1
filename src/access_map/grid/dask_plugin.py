"""The dask worker plugin that opens the OSRM engine once per worker, before any task (imports ``distributed``).

Imported only by :mod:`access_map.grid.distributed`, once ``distributed`` is known to be installed.
"""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

__all__ = ["RoadEngineLoader"]


class RoadEngineLoader(WorkerPlugin):
    """Open the OSRM engine on ``graph`` in a worker when it starts (or joins the cluster later).

    :func:`access_map.travel.osrm_local._engine` keeps it for the life of the process: the road-time tasks then
    find it loaded (a regional graph takes seconds and gigabytes to load; never once per task).

    Examples
    --------
    >>> RoadEngineLoader("/graphes/aquitaine.osrm").name
    'access_map-osrm:/graphes/aquitaine.osrm'
    """

    def __init__(self, graph: str) -> None:
        self.graph = graph
        self.name = f"access_map-osrm:{graph}"

    def setup(self, worker: Any) -> None:
        """Load the engine in the worker's process (raises the French error when the routing extra is absent)."""
        from ..travel.osrm_local import _engine

        _engine(self.graph)
