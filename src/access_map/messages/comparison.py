"""French texts of the comparison of a computed zoning with a published one."""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, extrait, liste, nombre, pluriel, pourcent

__all__ = [
    "SELECTION_COMPARISONS",
    "CATEGORY_LABELS",
    "ZAR_RULE_SELECTION",
    "ZAR_RULE_CLASSES",
    "CAPS_SOURCE",
    "agreement_line",
    "zar_line",
    "selection_intro",
    "disagreement_title",
    "AGREEMENT_LABELS",
    "ZONAGE_CALCULE",
    "ZONAGE_PUBLIE",
    "CATEGORIES",
    "REGIONS",
    "region_absente",
    "valeurs_absentes",
]

#: The computed zoning, in messages.
ZONAGE_CALCULE = "zonage calculé"
#: The published zoning, in messages.
ZONAGE_PUBLIE = "zonage publié"
#: The categories of the national framework (selection, vivier), in messages.
CATEGORIES = "catégories"
#: The region of each commune, in messages.
REGIONS = "régions"

#: The two comparisons that need no regional caps: name -> (computed side, published side).
SELECTION_COMPARISONS: dict[str, tuple[str, str]] = {
    "selection_nationale_zip": ("sélection nationale", "ZIP publiés"),
    "selection_vivier_zip_zac": ("sélection nationale + vivier", "ZIP + ZAC publiés"),
}
#: Labels of the TVS categories (national selection, vivier, hors vivier) in tables and maps.
CATEGORY_LABELS: dict[str, str] = {
    "national_selection": "Sélection nationale (APL ≤ 2,5)",
    "vivier": "Vivier (2,5 < APL ≤ 4)",
    "hors_vivier": "Hors vivier (APL > 4)",
}
#: How the published ZAR is counted in the comparisons without caps.
ZAR_RULE_SELECTION = (
    "La classe publiée ZAR (zone d'accompagnement régional, 4_ZAR) n'est ni ZIP ni ZAC : ses communes comptent "
    "comme « hors ZIP » et « hors ZIP + ZAC » ; l'accord hors ZAR (communes ZAR écartées) est donné à côté."
)
#: How the published ZAR is counted in the class comparison (with caps).
ZAR_RULE_CLASSES = (
    "La classe publiée ZAR n'a pas d'équivalent calculé : ses communes comptent comme désaccord ; l'accord hors "
    "ZAR (communes ZAR écartées) est donné à côté."
)
#: Label of caps derived from a published zoning (they are not the arrêté's caps).
CAPS_SOURCE = "parts réalisées par le zonage publié (ce ne sont pas les plafonds de l'arrêté)"
#: Views of the agreement map.
AGREEMENT_LABELS: tuple[str, str] = ("Accord", "Désaccord")


def agreement_line(*, what: str, agreement: float, agreement_communes: float, kappa: float, kappa_population: float,
                   without_zar: float) -> str:  # fmt: skip
    """One line of agreement figures.

    Examples
    --------
    >>> agreement_line(what="sélection nationale / ZIP publiés", agreement=0.8, agreement_communes=0.75, kappa=0.5,
    ...                kappa_population=0.55, without_zar=0.82).replace("\\u202f", " ")
    'sélection nationale / ZIP publiés : accord 80,0 % de la population (75,0 % des communes), kappa de Cohen 0,500 (communes), 0,550 (population) ; hors ZAR : 82,0 %'
    """
    return (
        f"{what} : accord {pourcent(agreement)} de la population ({pourcent(agreement_communes)} des communes), "
        f"kappa de Cohen {nombre(kappa, decimals=3)} (communes), {nombre(kappa_population, decimals=3)} "
        f"(population) ; hors ZAR : {pourcent(without_zar)}"
    )


def zar_line(*, population: float, share: float) -> str:
    """The population of the published ZAR.

    Examples
    --------
    >>> zar_line(population=4900000, share=0.073).replace("\\u202f", " ")
    'Population en ZAR dans le zonage publié : 4 900 000 habitants (7,3 %)'
    """
    return f"Population en ZAR dans le zonage publié : {entier(population)} habitants ({pourcent(share)})"


def selection_intro() -> str:
    """Why the comparison without caps compares the categories.

    Examples
    --------
    >>> selection_intro()[:40]
    'Sans plafonds régionaux, le zonage calcu'
    """
    return (
        "Sans plafonds régionaux, le zonage calculé s'arrête à la sélection nationale et au vivier : on compare la "
        "sélection nationale aux ZIP publiés, puis la sélection nationale et le vivier ensemble aux ZIP et ZAC publiés."
    )


def disagreement_title(*, count: int) -> str:
    """Title of the table of communes in disagreement.

    Examples
    --------
    >>> disagreement_title(count=1234)
    'Communes en désaccord (1\\u202f234), par population décroissante'
    """
    return f"Communes en désaccord ({entier(count)}), par population décroissante"


def region_absente(*, region: object) -> str:
    """A region asked for that the comparison does not hold.

    Examples
    --------
    >>> region_absente(region="75")
    'pas de région « 75 » dans la comparaison'
    """
    return f"pas de région « {extrait(region)} » dans la comparaison"


def valeurs_absentes(*, what: str, communes: Sequence[object]) -> str:
    """Communes of the compared zonings without a value (population, region).

    Examples
    --------
    >>> valeurs_absentes(what="population", communes=["01001", "01002"])
    'population : pas de valeur pour 2 communes des zonages (01001, 01002)'
    """
    return f"{what} : pas de valeur pour {pluriel(len(communes), 'commune')} des zonages ({liste(communes)})"
