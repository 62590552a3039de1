"""Optional dependency groups ("extras") of the package: the OSRM routing engine.

``pip install access_map`` installs everything but the OSRM engine (``osrm-bindings``), whose wheels
exist for CPython >= 3.12 on some platforms only; ``pip install "access_map[routing]"`` adds it.
The engine is imported here and only here, when a feature needs it: without it,
:func:`require_routing` raises :class:`MissingExtraError` with a French message naming what to
install and what works without it (an OSRM server, crow-fly times, a distancier file).

Examples
--------
>>> isinstance(routing_available(), bool)
True
>>> issubclass(MissingExtraError, ImportError)
True
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from .errors import AccessMapError
from .messages.install import ROUTING_EXTRA, extra_manquant

__all__ = ["MissingExtraError", "ROUTING_MODULE", "require_routing", "routing_available"]

#: Module of ``osrm-bindings`` (the routing extra).
ROUTING_MODULE = "osrm"


class MissingExtraError(AccessMapError, ImportError):
    """A feature needs an optional dependency group that is not installed (the message says which)."""

    def __init__(self, message: str, *, extra: str) -> None:
        super().__init__(message)
        self.extra = extra

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def routing_available() -> bool:
    """Whether the OSRM engine of the routing extra (``osrm-bindings``) can be imported."""
    return importlib.util.find_spec(ROUTING_MODULE) is not None


def require_routing(usage: str = "Le calcul des temps de trajet par la route") -> ModuleType:
    """The ``osrm`` module of the routing extra, imported now.

    Parameters
    ----------
    usage
        What needs the engine, as the user asked for it (a command, a configuration setting); it
        starts the French message when the engine is missing.

    Raises
    ------
    MissingExtraError
        ``osrm-bindings`` is not installed (or cannot be loaded on this platform).

    Examples
    --------
    >>> try:
    ...     engine = require_routing("access-map travel road")
    ... except MissingExtraError as exc:
    ...     print(exc.extra)
    ... else:
    ...     print(engine.__name__ == "osrm" and "routing")
    routing
    """
    try:
        return importlib.import_module(ROUTING_MODULE)
    except ImportError as exc:
        raise MissingExtraError(extra_manquant(usage=usage), extra=ROUTING_EXTRA) from exc
