"""Messages of the installation: optional extras that are missing (the OSRM routing engine).

Examples
--------
>>> print(extra_manquant(usage="access-map travel road"))  # doctest: +ELLIPSIS
access-map travel road a besoin du moteur de calcul d'itinéraires OSRM, ...
"""

from __future__ import annotations

__all__ = ["ROUTING_EXTRA", "ROUTING_INSTALL", "extra_manquant", "ROUTING_ALTERNATIVES", "ROUTING_SKIP_REASON"]

#: Name of the optional dependency group holding the OSRM engine (``pip install "access_map[routing]"``).
ROUTING_EXTRA = "routing"

#: The command that installs the OSRM engine alongside the package.
ROUTING_INSTALL = f'pip install "access_map[{ROUTING_EXTRA}]"'

#: What works without the engine.
ROUTING_ALTERNATIVES = (
    "Sans lui, restent disponibles : les temps d'un serveur OSRM (access-map travel osrm --base-url …), "
    'les temps à vol d\'oiseau (access-map travel crowfly, method = "crow_fly") et un distancier '
    'déjà calculé, Metric ou autre (access-map travel import, method = "file").'
)

#: Reason given by the test suite for the routing tests it does not run.
ROUTING_SKIP_REASON = f"extra « {ROUTING_EXTRA} » absent (osrm-bindings non installé) : test du moteur OSRM non exécuté"


def extra_manquant(*, usage: str) -> str:
    """The French sentence saying that ``usage`` needs the OSRM engine, how to install it and what works without it.

    Examples
    --------
    >>> "pip install" in extra_manquant(usage='method = "osrm"')
    True
    """
    return (
        f"{usage} a besoin du moteur de calcul d'itinéraires OSRM, qui n'est pas installé. "
        f"Installez-le avec : {ROUTING_INSTALL} (Python 3.12 ou plus récent ; Linux, Windows et macOS 15 "
        "sur processeur Apple : voir le tableau des plateformes de la documentation). " + ROUTING_ALTERNATIVES
    )
