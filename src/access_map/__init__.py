"""access_map — accessibilité aux soins de premier recours.

APL (DREES), FCA family, ZIP/ZAC zoning, CPTS coverage, MSP disparities and maps
for French regional health analysts.

Examples
--------
>>> import access_map
>>> isinstance(access_map.__version__, str)
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("access_map")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
