"""The words of the GP zoning in French: classes, categories, who decided, rules, severities; number formats.

The engine stores codes (``national_selection``, ``ZIP_B``, ``ars_list``, ``zip_cap``, ``error``) because code
compares them; every text a reader sees names them with the labels below.

Examples
--------
>>> classe("ZIP_B"), categorie("national_selection"), choix("majority_region:76")
('ZIP B', 'sélection nationale', 'classe héritée de la région 76 (région majoritaire du TVS)')
>>> apl(1.6584), seuil(2.5), seuil(4.0), seuil(2.71), habitants(115212.0)
('1,658', '2,5', '4', '2,71', '115\u202f212 hab.')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .._format import entier, extrait, liste, nombre, pourcent

__all__ = [
    "CATEGORY_LABELS",
    "DECIDED_BY_LABELS",
    "VIOLATION_LABELS",
    "SEVERITY_LABELS",
    "POLICY_LABELS",
    "FIVE_LEVEL_LABELS",
    "classe",
    "categorie",
    "choix",
    "regle",
    "gravite",
    "apl",
    "seuil",
    "habitants",
    "part",
    "regions",
    "codes",
]

#: National category of a TVS (:data:`access_map.zoning.CATEGORIES`) → French.
CATEGORY_LABELS: dict[str, str] = {
    "national_selection": "sélection nationale",
    "vivier": "vivier",
    "hors_vivier": "hors vivier",
}

#: Who set a unit's class (column ``decided_by`` of the zoning tables) → French.
DECIDED_BY_LABELS: dict[str, str] = {
    "national": "sélection nationale (ZIP d'office)",
    "ars_list": "liste de l'ARS",
    "policy": "règle par défaut : APL croissant dans les plafonds",
    "in_force": "règle par défaut : zonage en vigueur",
    "default": "par défaut (hors de la liste de l'ARS ou hors vivier)",
    "no_apl": "non zoné (TVS sans APL)",
}

#: Default choice of a region without ARS list (``policy`` argument of ``compute_zoning``) → French.
POLICY_LABELS: dict[str, str] = {
    "skip": "APL croissant dans les plafonds",
    "stop": "APL croissant, arrêt au premier TVS qui n'entre pas",
    "in_force": "zonage en vigueur, ajusté aux plafonds",
}

#: Rule broken (column ``rule`` of ``violations.csv``) → French.
VIOLATION_LABELS: dict[str, str] = {
    "zip_cap": "plafond ZIP",
    "zac_cap": "plafond ZAC",
    "hors_vivier_margin": "marge hors vivier",
    "national_selection_mandatory": "sélection nationale obligatoire",
    "national_selection_above_zip_cap": "sélection nationale au-delà du plafond ZIP",
    "vivier_not_hors_vivier": "vivier classé hors vivier",
    "qpv_outside_vivier": "QPV hors vivier",
    "qpv_region_excluded": "QPV dans une région sans zonage des QPV",
    "not_deciding_region": "TVS classé par une autre région",
    "category_disagreement": "catégorie DREES différente de la catégorie calculée",
}

#: The five classes of a five-level zoning (nurses, physiotherapists, midwives, speech therapists) → French.
FIVE_LEVEL_LABELS: dict[str, str] = {
    "very_under_served": "Très sous-doté",
    "under_served": "Sous-doté",
    "intermediate": "Intermédiaire",
    "well_served": "Très doté",
    "over_served": "Sur-doté",
}

#: Severity of a broken rule → French.
SEVERITY_LABELS: dict[str, str] = {"error": "erreur", "warning": "avertissement"}


def classe(subclass: object) -> str:
    """A class or subclass as written for a reader: ``ZIP_A`` → « ZIP A »; ZAC, ZV, HV unchanged.

    Examples
    --------
    >>> classe("ZIP_A"), classe("ZV")
    ('ZIP A', 'ZV')
    """
    return str(subclass).replace("_", " ")


def categorie(code: object) -> str:
    """A national category in French (« sélection nationale », « vivier », « hors vivier »).

    Examples
    --------
    >>> categorie("hors_vivier"), categorie(None)
    ('hors vivier', 'aucune')
    """
    if not isinstance(code, str):
        return "aucune"
    return CATEGORY_LABELS.get(code, code)


def choix(code: object) -> str:
    """Who set a unit's class, in French (``majority_region:<region>`` included).

    Examples
    --------
    >>> choix("ars_list")
    "liste de l'ARS"
    """
    text = str(code)
    if text.startswith("majority_region:"):
        return f"classe héritée de la région {text.split(':', 1)[1]} (région majoritaire du TVS)"
    return DECIDED_BY_LABELS.get(text, text)


def regle(code: object) -> str:
    """A broken rule's name in French.

    Examples
    --------
    >>> regle("zac_cap")
    'plafond ZAC'
    """
    return VIOLATION_LABELS.get(str(code), str(code))


def gravite(code: object) -> str:
    """``error`` → « erreur », ``warning`` → « avertissement ».

    Examples
    --------
    >>> gravite("warning")
    'avertissement'
    """
    return SEVERITY_LABELS.get(str(code), str(code))


def apl(value: object) -> str:
    """An APL in a sentence: three decimals, decimal comma (« 1,658 »).

    Examples
    --------
    >>> apl(2.5)
    '2,500'
    """
    return nombre(value, decimals=3)


def seuil(value: object) -> str:
    """A threshold or a rule's number with the decimals it has, no more (2.5 → « 2,5 », 4.0 → « 4 »).

    Examples
    --------
    >>> seuil(3.98), seuil(0.125)
    ('3,98', '0,125')
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return nombre(value)
    if not math.isfinite(number):
        return nombre(number)
    for decimals in range(0, 4):
        if abs(round(number, decimals) - number) < 1e-9:
            return nombre(number, decimals=decimals)
    return nombre(number, decimals=4)


def habitants(value: object) -> str:
    """A number of inhabitants: « 115 212 hab. ».

    Examples
    --------
    >>> habitants(5643.4)
    '5\u202f643 hab.'
    """
    return f"{entier(value)} hab."


def part(share: object) -> str:
    """A share (0–1) as a percentage with the decimals it has (0.05 → « 5 % », 0.275 → « 27,5 % »).

    Examples
    --------
    >>> part(0.05), part(0.275)
    ('5\u202f%', '27,5\u202f%')
    """
    try:
        percent = 100.0 * float(share)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return pourcent(share)
    for decimals in range(0, 3):
        if abs(round(percent, decimals) - percent) < 1e-9:
            return pourcent(share, decimals=decimals)
    return pourcent(share, decimals=2)


def regions(codes: Sequence[str]) -> str:
    """« la région 76 » or « les régions 75, 76 ».

    Examples
    --------
    >>> regions(["76"]), regions(["75", "76"])
    ('la région 76', 'les régions 75, 76')
    """
    if len(codes) == 1:
        return f"la région {extrait(codes[0])}"
    return f"les régions {liste(codes, limit=8)}"


def codes(values: Sequence[object], *, limit: int = 5) -> str:
    """Codes quoted from the inputs (TVS, QPV, communes): the first ``limit`` and the count.

    Examples
    --------
    >>> codes(["T1", "T2"])
    'T1, T2'
    """
    return liste(values, limit=limit)
