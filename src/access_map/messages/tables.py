"""French text of tables and reports: rule values, partial regions, refresh progress.

Examples
--------
>>> rule_value("hors_vivier_margin", 0.05), rule_value("zip_threshold", 2.5), rule_value("qpv_requires_vivier", False)
('5\u202f%', '2,5', 'non')
>>> region_partielle(code_region="75", departements=["33"])
'partie de la région 75 (départements 33)'
>>> etape_terminee(step=3, total=10, name="APL", seconds=12.04)
'[3/10] APL : 12,0 s'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, nombre, pourcent

__all__ = [
    "rule_value",
    "PERIMETRE",
    "region_partielle",
    "region_entiere",
    "ensemble_selection",
    "plafonds_region_partielle",
    "etape_debut",
    "etape_terminee",
    "refresh_termine",
    "duree",
]


def rule_value(rule: str, value: object) -> str:
    """A zoning rule's value as a reader expects it: a margin or share as a percentage, a threshold with one
    decimal, a count as an integer, a flag as « oui »/« non », a text as it is.

    Examples
    --------
    >>> rule_value("hors_vivier_margin", 0.05), rule_value("vivier_threshold", 4.0), rule_value("tvs_apl_decimals", 12)
    ('5\u202f%', '4,0', '12')
    >>> rule_value("cross_region", "majority_region"), rule_value("qpv_requires_vivier", True)
    ('majority_region', 'oui')
    """
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return entier(value)
    if isinstance(value, float):
        if rule.endswith(("_margin", "_share")):
            percent = value * 100
            return pourcent(value, decimals=0 if abs(percent - round(percent)) < 1e-9 else 1)
        if rule.endswith("_threshold"):
            return nombre(value, decimals=1)
        return nombre(value, decimals=2)
    return str(value)


#: Header of the column that says what a region-level row covers (a department-only refresh).
PERIMETRE = "perimetre"


def region_entiere(*, code_region: str) -> str:
    """Label of a region row that covers the whole region.

    Examples
    --------
    >>> region_entiere(code_region="75")
    'région 75'
    """
    return f"région {code_region}"


def ensemble_selection(*, description: str) -> str:
    """Label of the « national » (all communes) row of a run restricted to some departments or regions.

    Examples
    --------
    >>> ensemble_selection(description="département(s) 33")
    'ensemble du territoire restitué : département(s) 33'
    """
    return f"ensemble du territoire restitué : {description}"


def region_partielle(*, code_region: str, departements: Sequence[str]) -> str:
    """Label of a region row that only covers some of its departments (a department-only refresh).

    Examples
    --------
    >>> region_partielle(code_region="75", departements=["24", "33"])
    'partie de la région 75 (départements 24, 33)'
    """
    return f"partie de la région {code_region} (départements {', '.join(departements)})"


def plafonds_region_partielle(*, code_region: str, departements: Sequence[str]) -> str:
    """Warning of a zoning computed with a region's caps on only some of its departments.

    Examples
    --------
    >>> plafonds_region_partielle(code_region="75", departements=["33"])[:60]
    'Zonage : les plafonds régionaux de la région 75 (part maxima'
    """
    return (
        f"Zonage : les plafonds régionaux de la région {code_region} (part maximale de population en ZIP et en ZAC) "
        f"sont appliqués aux seuls départements {', '.join(departements)} et non à toute la région ; le zonage "
        "obtenu n'est pas celui que l'ARS arrêterait sur la région entière, qui répartit ses plafonds entre tous "
        "ses départements."
    )


def duree(seconds: float) -> str:
    """A duration in seconds, or minutes and seconds past one minute.

    Examples
    --------
    >>> duree(0.42), duree(75.3)
    ('0,4 s', '1 min 15 s')
    """
    if seconds < 60:
        return f"{nombre(seconds, decimals=1)} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if rest >= 10 else f"{minutes} min {rest} s"


def etape_debut(*, step: int, total: int, name: str) -> str:
    """A refresh progress line, printed when a step starts.

    Examples
    --------
    >>> etape_debut(step=3, total=10, name="APL")
    '[3/10] APL…'
    """
    return f"[{step}/{total}] {name}…"


def etape_terminee(*, step: int, total: int, name: str, seconds: float) -> str:
    """A refresh progress line, printed when a step ends, with the step's own duration.

    Examples
    --------
    >>> etape_terminee(step=1, total=10, name="territoire", seconds=0.31)
    '[1/10] territoire : 0,3 s'
    """
    return f"[{step}/{total}] {name} : {duree(seconds)}"


def refresh_termine(*, seconds: float) -> str:
    """The last progress line of a refresh: its total duration.

    Examples
    --------
    >>> refresh_termine(seconds=75.3)
    'terminé en 1 min 15 s (durée totale)'
    """
    return f"terminé en {duree(seconds)} (durée totale)"
