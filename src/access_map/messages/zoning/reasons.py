"""Why a zoning unit got its class: the ``reason`` column of ``zoning_tvs.csv`` and ``changes.csv``.

One function per kind of decision, phase by phase (national selection, vivier, hors vivier, inherited classes,
caps restored). APL are written with three decimals, thresholds with their own decimals, populations as
whole inhabitants, the French way.

Examples
--------
>>> selection_nationale(apl=1.6584, threshold=2.5, optional=False)
'APL 1,658 ≤ 2,5 : sélection nationale (ZIP, zone A), obligatoire'
>>> vivier_zip_b(apl=2.6, used=400.0, limit=1000.0)
'vivier (APL 2,600) : ZIP B, par APL croissant dans le plafond ZIP (400 hab. utilisés sur 1\u202f000)'
"""

from __future__ import annotations

from collections.abc import Sequence

from .._format import entier, extrait
from .vocabulary import apl as _apl
from .vocabulary import classe, habitants, part, regions, seuil

__all__ = [
    "SANS_APL",
    "HORS_LISTE_PUIS_POLITIQUE",
    "selection_nationale",
    "selection_nationale_listee",
    "selection_nationale_en_vigueur",
    "heritee",
    "vivier_liste",
    "vivier_hors_liste",
    "abaissee_apres_heritage",
    "hors_vivier",
    "hors_vivier_ajoute",
    "vivier_zip_b",
    "vivier_zac",
    "vivier_zv",
    "sans_classe_en_vigueur",
    "classe_en_vigueur_conservee",
    "classe_en_vigueur_impossible",
    "hors_vivier_marge_depassee",
    "zip_abaissee",
    "zac_abaissee",
]

#: Reason of a unit without APL (no standardised population).
SANS_APL = "sans APL (aucune population standardisée) : non zoné"

#: Prefix of a reason when the policy classes, in the room left, a vivier unit the ARS list does not name.
HORS_LISTE_PUIS_POLITIQUE = "absent de la liste de l'ARS, classé par la règle par défaut dans la place restante : "


def _tete_selection(apl: float, threshold: float) -> str:
    return f"APL {_apl(apl)} ≤ {seuil(threshold)} : sélection nationale"


def selection_nationale(*, apl: float, threshold: float, optional: bool) -> str:
    """A national-selection unit classed ZIP A (the rule's default, or the ARS list's ZIP).

    Examples
    --------
    >>> selection_nationale(apl=2.0, threshold=2.5, optional=True)
    'APL 2,000 ≤ 2,5 : sélection nationale (ZIP, zone A), facultative dans cette région'
    """
    return _tete_selection(apl, threshold) + (
        " (ZIP, zone A), facultative dans cette région" if optional else " (ZIP, zone A), obligatoire"
    )


def selection_nationale_listee(*, apl: float, threshold: float, listed: str, region: str, optional: bool) -> str:
    """A national-selection unit that the ARS list classes other than ZIP.

    Examples
    --------
    >>> selection_nationale_listee(apl=2.0, threshold=2.5, listed="ZAC", region="84", optional=True)
    "APL 2,000 ≤ 2,5 : sélection nationale, facultative dans la région 84 : liste de l'ARS ZAC"
    """
    head = _tete_selection(apl, threshold)
    if optional:
        return f"{head}, facultative dans la région {extrait(region)} : liste de l'ARS {classe(listed)}"
    return f"{head} : liste de l'ARS {classe(listed)}"


def selection_nationale_en_vigueur(*, apl: float, threshold: float, region: str, in_force: str) -> str:
    """A national-selection unit, optional in its region, that keeps its class in force.

    Examples
    --------
    >>> selection_nationale_en_vigueur(apl=2.0, threshold=2.5, region="84", in_force="ZAC")
    'APL 2,000 ≤ 2,5 : sélection nationale, facultative dans la région 84 : classe en vigueur ZAC conservée'
    """
    return (
        f"{_tete_selection(apl, threshold)}, facultative dans la région {extrait(region)} : classe en vigueur "
        f"{classe(in_force)} conservée"
    )


def heritee(*, region: str, reason: str) -> str:
    """A unit whose class is set by the region holding most of the TVS's residents.

    Examples
    --------
    >>> heritee(region="76", reason="liste de l'ARS : ZAC")
    "classe décidée par la région 76, où vit la majorité des habitants du TVS : liste de l'ARS : ZAC"
    """
    return f"classe décidée par la région {extrait(region)}, où vit la majorité des habitants du TVS : {reason}"


def vivier_liste(*, listed: str, apl: float) -> str:
    """A vivier unit classed by the ARS list.

    Examples
    --------
    >>> vivier_liste(listed="ZIP", apl=3.1)
    "liste de l'ARS : ZIP (vivier, APL 3,100)"
    """
    return f"liste de l'ARS : {classe(listed)} (vivier, APL {_apl(apl)})"


def vivier_hors_liste(*, apl: float) -> str:
    """A vivier unit the ARS list does not name, in a region the list covers: zone de vigilance.

    Examples
    --------
    >>> vivier_hors_liste(apl=3.1)
    "vivier (APL 3,100) absent de la liste de l'ARS : zone de vigilance"
    """
    return f"vivier (APL {_apl(apl)}) absent de la liste de l'ARS : zone de vigilance"


def abaissee_apres_heritage(*, reason: str, to: str, region: str, klass: str, inherited: Sequence[str]) -> str:
    """A policy choice moved down because the region, once it inherited classes, is over a cap.

    Examples
    --------
    >>> abaissee_apres_heritage(reason="r", to="ZAC", region="75", klass="ZIP", inherited=["76"])
    "r ; abaissé en ZAC : la région 75 dépasse son plafond ZIP une fois héritées les classes de la région 76 (APL la plus haute d'abord)"
    """
    source = f"de {regions(list(inherited))}" if len(inherited) == 1 else f"des {regions(list(inherited))[4:]}"
    return (
        f"{reason} ; abaissé en {classe(to)} : la région {extrait(region)} dépasse son plafond {klass} une fois "
        f"héritées les classes {source} (APL la plus haute d'abord)"
    )


def hors_vivier(*, apl: float, threshold: float) -> str:
    """A hors-vivier unit left HV.

    Examples
    --------
    >>> hors_vivier(apl=4.521, threshold=4.0)
    'APL 4,521 > 4 : hors vivier'
    """
    return f"APL {_apl(apl)} > {seuil(threshold)} : hors vivier"


def hors_vivier_ajoute(*, apl: float, threshold: float, listed: str) -> str:
    """A hors-vivier unit the ARS list adds (within the margin, checked in the report).

    Examples
    --------
    >>> hors_vivier_ajoute(apl=4.5, threshold=4.0, listed="ZAC")
    "liste de l'ARS : APL 4,500 > 4 : hors vivier, ajouté en ZAC (dans la marge, voir le rapport)"
    """
    return f"liste de l'ARS : {hors_vivier(apl=apl, threshold=threshold)}, ajouté en {classe(listed)} (dans la marge, voir le rapport)"


def vivier_zip_b(*, apl: float, used: float, limit: float) -> str:
    """Lowest APL first: a vivier unit that fits under the ZIP cap.

    Examples
    --------
    >>> vivier_zip_b(apl=2.6, used=1500.0, limit=3000.0)
    'vivier (APL 2,600) : ZIP B, par APL croissant dans le plafond ZIP (1\u202f500 hab. utilisés sur 3\u202f000)'
    """
    return (
        f"vivier (APL {_apl(apl)}) : ZIP B, par APL croissant dans le plafond ZIP ({habitants(used)} utilisés "
        f"sur {entier(limit)})"
    )


def vivier_zac(*, apl: float, used: float, limit: float, zip_room: float, stopped_at: str | None) -> str:
    """Lowest APL first: a vivier unit that does not fit in the ZIP room but under the ZAC cap.

    Examples
    --------
    >>> vivier_zac(apl=3.153, used=65801.0, limit=115212.0, zip_room=5643.0, stopped_at=None)
    "vivier (APL 3,153) : ZAC, par APL croissant dans le plafond ZAC (65\u202f801 hab. utilisés sur 115\u202f212) ; n'entre pas dans la place ZIP restante (5\u202f643 hab.)"
    """
    return (
        f"vivier (APL {_apl(apl)}) : ZAC, par APL croissant dans le plafond ZAC ({habitants(used)} utilisés sur "
        f"{entier(limit)}) ; n'entre pas dans la place ZIP restante ({habitants(zip_room)})"
        + (f" (sélection arrêtée au TVS {extrait(stopped_at)})" if stopped_at else "")
    )


def vivier_zv(*, apl: float, population: float, zip_room: float, zac_room: float, stopped_at: str | None) -> str:
    """Lowest APL first: a vivier unit that fits in neither room: zone de vigilance.

    Examples
    --------
    >>> vivier_zv(apl=3.9, population=800.0, zip_room=0.0, zac_room=120.0, stopped_at="V1")
    "vivier (APL 3,900) : zone de vigilance, ses 800 habitants n'entrent pas dans la place restante (ZIP 0 hab., ZAC 120 hab.) ; sélection arrêtée au TVS V1"
    """
    return (
        f"vivier (APL {_apl(apl)}) : zone de vigilance, ses {entier(population)} habitants n'entrent pas dans la "
        f"place restante (ZIP {habitants(zip_room)}, ZAC {habitants(zac_room)})"
        + (f" ; sélection arrêtée au TVS {extrait(stopped_at)}" if stopped_at else "")
    )


def sans_classe_en_vigueur(*, what: str, apl: float, default: str) -> str:
    """Zoning-in-force policy: a unit without class in force gets the default class (ZV or HV).

    Examples
    --------
    >>> sans_classe_en_vigueur(what="vivier", apl=3.0, default="ZV")
    'vivier (APL 3,000), sans classe en vigueur : ZV'
    """
    return f"{what} (APL {_apl(apl)}), sans classe en vigueur : {classe(default)}"


def classe_en_vigueur_conservee(*, what: str, apl: float, in_force: str) -> str:
    """Zoning-in-force policy: the class in force is kept.

    Examples
    --------
    >>> classe_en_vigueur_conservee(what="vivier", apl=3.0, in_force="ZIP")
    'vivier (APL 3,000) : classe en vigueur ZIP conservée'
    """
    return f"{what} (APL {_apl(apl)}) : classe en vigueur {classe(in_force)} conservée"


def classe_en_vigueur_impossible(*, what: str, apl: float, in_force: str, start: str) -> str:
    """Zoning-in-force policy: the class in force is not possible in the unit's new category.

    Examples
    --------
    >>> classe_en_vigueur_impossible(what="vivier", apl=3.0, in_force="HV", start="ZV")
    'vivier (APL 3,000) : classe en vigueur HV plus possible, ZV'
    """
    return f"{what} (APL {_apl(apl)}) : classe en vigueur {classe(in_force)} plus possible, {classe(start)}"


def hors_vivier_marge_depassee(*, apl: float, in_force: object, margin: float, limit: float) -> str:
    """Zoning-in-force policy: an added hors-vivier unit dropped to HV, the additions exceed the margin.

    Examples
    --------
    >>> hors_vivier_marge_depassee(apl=4.5, in_force="ZAC", margin=0.05, limit=50.0)
    'hors vivier (APL 4,500) : classe en vigueur ZAC ramenée à HV, les ajouts dépassent la marge de 5\u202f% de la population du vivier (50 hab.)'
    """
    return (
        f"hors vivier (APL {_apl(apl)}) : classe en vigueur {classe(in_force)} ramenée à HV, les ajouts dépassent "
        f"la marge de {part(margin)} de la population du vivier ({habitants(limit)})"
    )


def zip_abaissee(*, apl: float, to: str, limit: float, zac_full: bool) -> str:
    """A unit moved down from ZIP (highest APL first) because the ZIP cap is exceeded.

    Examples
    --------
    >>> zip_abaissee(apl=3.5, to="ZAC", limit=400.0, zac_full=False)
    'APL 3,500 : ZIP abaissé en ZAC, le plafond ZIP (400 hab.) est dépassé'
    """
    return f"APL {_apl(apl)} : ZIP abaissé en {classe(to)}, le plafond ZIP ({habitants(limit)}) est dépassé" + (
        " et la place ZAC est trop petite" if zac_full else ""
    )


def zac_abaissee(*, apl: float, to: str, limit: float) -> str:
    """A unit moved down from ZAC (highest APL first) because the ZAC cap is exceeded.

    Examples
    --------
    >>> zac_abaissee(apl=3.5, to="ZV", limit=300.0)
    'APL 3,500 : ZAC abaissé en ZV, le plafond ZAC (300 hab.) est dépassé'
    """
    return f"APL {_apl(apl)} : ZAC abaissé en {classe(to)}, le plafond ZAC ({habitants(limit)}) est dépassé"
