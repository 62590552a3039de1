"""Datasets: the embedded FICTIONAL demo territory and the download registry of official files.

* :func:`load_demo` / :class:`DemoTerritory` / :func:`write_demo` — see :mod:`access_map.datasets.demo`.
* :func:`fetch` / :func:`list_datasets` — cached, hash-pinned downloads of official files
  (see :mod:`access_map.datasets.download`).

Names are imported lazily so that ``import access_map.datasets`` stays light.

Examples
--------
>>> from access_map import datasets
>>> "FICTIF" in datasets.load_demo().label
True
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["load_demo", "write_demo", "DemoTerritory", "demo_directory", "fetch", "list_datasets"]

_LAZY = {
    "load_demo": "demo",
    "write_demo": "demo",
    "DemoTerritory": "demo",
    "demo_directory": "demo",
    "fetch": "download",
    "list_datasets": "download",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
