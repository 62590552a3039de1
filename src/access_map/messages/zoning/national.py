"""Errors, notes and sources of the national run of the zoning (:mod:`access_map.zoning.national`) and of the
bassin-de-vie TVS proxy (:mod:`access_map.zoning.bassins`).

The notes reach the report's « Avertissements »; the sources its table of inputs.

Examples
--------
>>> communes_sans_region(communes=["33001"])
'1 commune sans région, laissée de côté (33001)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .._format import extrait, liste, nombre, pluriel

__all__ = [
    "SOURCE_TABLE_DES_COMMUNES",
    "SOURCE_TVS",
    "SOURCE_TVS_CODE_REGION",
    "SOURCE_TVS_COMPLETEE",
    "SOURCE_APPARTENANCE",
    "SOURCE_COMMUNES_CODE_REGION",
    "PAS_DE_REGION",
    "PAS_DE_COMPOSITION_DES_TVS",
    "APL_TOUS_AGES",
    "source_apl",
    "regions_sans_plafond_national",
    "communes_publiees_hors_apl",
    "communes_des_tvs_hors_apl",
    "communes_sans_region",
    "seuil_de_population_invalide",
    "MOUVEMENTS_DU_COG",
    "TYPES_DE_TVS",
    "types_de_tvs",
]

#: The COG's commune events (merges, splits) in messages.
MOUVEMENTS_DU_COG = "mouvements du COG"
#: How a TVS of the bassin-de-vie proxy was built (its ``kind``), singular and plural.
TYPES_DE_TVS: dict[str, tuple[str, str]] = {
    "bassin_vie": ("bassin de vie", "bassins de vie"),
    "bassin_vie_canton_ville": ("bassin de vie × canton-ville", "bassins de vie × canton-ville"),
    "arrondissement": ("arrondissement", "arrondissements"),
    "unmatched": ("commune hors table d'appartenance", "communes hors table d'appartenance"),
}

#: An APL table given as a DataFrame without ``attrs["source"]``.
SOURCE_TABLE_DES_COMMUNES = "table des communes"
#: Source of the TVS: the composition given.
SOURCE_TVS = "composition des TVS"
#: Source of the regions: the TVS composition's code_region column.
SOURCE_TVS_CODE_REGION = "composition des TVS (code_region)"
#: Source of the regions: the TVS composition, completed by the table d'appartenance.
SOURCE_TVS_COMPLETEE = "composition des TVS, complétée par la table d'appartenance"
#: Source of the regions: the INSEE table d'appartenance.
SOURCE_APPARTENANCE = "table d'appartenance"
#: Source of the regions: the commune table's code_region column.
SOURCE_COMMUNES_CODE_REGION = "table des communes (code_region)"
#: No source of a region per commune.
PAS_DE_REGION = (
    "aucune région par commune : donnez la table d'appartenance de l'Insee (appartenance=), une composition des TVS "
    "avec une colonne code_region (le fichier de la DREES a code_reg), ou une table des communes avec code_region"
)
#: Neither a TVS composition nor a table d'appartenance to build the proxy.
PAS_DE_COMPOSITION_DES_TVS = (
    "aucune composition des TVS : donnez tvs= (la composition officielle) ou appartenance= (la table "
    "d'appartenance de l'Insee) pour construire l'approximation par bassins de vie"
)
#: The commune table has no APL restricted to GPs aged 65 or less.
APL_TOUS_AGES = (
    "pas d'APL aux médecins généralistes de 65 ans ou moins (apl_65) dans la table des communes : le zonage est "
    "calculé sur l'APL à tous les généralistes (apl), qui n'est PAS la variante du zonage officiel"
)


def source_apl(*, path: object, year: object) -> str:
    """Source of an APL read from a DREES workbook.

    Examples
    --------
    >>> source_apl(path="apl.xlsx", year=2022)
    'apl.xlsx [APL 2022]'
    """
    return f"{extrait(path)} [APL {extrait(year)}]"


def regions_sans_plafond_national(*, regions: Sequence[object]) -> str:
    """Regions of the communes without caps, in a national run.

    Examples
    --------
    >>> regions_sans_plafond_national(regions=["75"])
    'plafonds : pas de plafonds pour la région 75 ; donnez une ligne par région (ou aucun plafond pour la sélection nationale et le vivier seulement)'
    """
    noun = "les régions" if len(regions) > 1 else "la région"
    return (
        f"plafonds : pas de plafonds pour {noun} {liste(regions)} ; donnez une ligne par région (ou aucun plafond "
        "pour la sélection nationale et le vivier seulement)"
    )


def communes_publiees_hors_apl(*, communes: Sequence[object]) -> str:
    """Communes of the published zoning absent from the APL table.

    Examples
    --------
    >>> communes_publiees_hors_apl(communes=["97601", "97602"])
    'zonage publié : 2 communes absentes de la table des APL, non comparées (97601, 97602)'
    """
    count = pluriel(len(communes), "commune absente", "communes absentes")
    noun = "non comparées" if len(communes) > 1 else "non comparée"
    return f"zonage publié : {count} de la table des APL, {noun} ({liste(communes)})"


def communes_des_tvs_hors_apl(*, communes: Sequence[object]) -> str:
    """Communes of the TVS composition absent from the APL table.

    Examples
    --------
    >>> communes_des_tvs_hors_apl(communes=["97601"])
    'composition des TVS : 1 commune absente de la table des APL (autre millésime du COG, ou Mayotte), laissée de côté (97601)'
    """
    count = pluriel(len(communes), "commune absente", "communes absentes")
    left = "laissées de côté" if len(communes) > 1 else "laissée de côté"
    return (
        f"composition des TVS : {count} de la table des APL (autre millésime du COG, ou Mayotte), {left} "
        f"({liste(communes)})"
    )


def communes_sans_region(*, communes: Sequence[object]) -> str:
    """Communes without region, left out of a national run.

    Examples
    --------
    >>> communes_sans_region(communes=["1", "2"])
    '2 communes sans région, laissées de côté (1, 2)'
    """
    left = "laissées de côté" if len(communes) > 1 else "laissée de côté"
    return f"{pluriel(len(communes), 'commune')} sans région, {left} ({liste(communes)})"


def seuil_de_population_invalide(*, value: object) -> str:
    """A population threshold of the bassin-de-vie proxy that is not a non-negative number.

    Examples
    --------
    >>> seuil_de_population_invalide(value=-1)
    'threshold_population (-1) doit être un nombre positif ou nul'
    """
    shown = nombre(value, decimals=0, missing=extrait(repr(value)))
    return f"threshold_population ({shown}) doit être un nombre positif ou nul"


def types_de_tvs(*, kinds: Mapping[str, int]) -> str:
    """How many TVS of each kind the bassin-de-vie proxy built (in the source line of the report).

    Examples
    --------
    >>> types_de_tvs(kinds={"bassin_vie": 12, "arrondissement": 1})
    '12 bassins de vie, 1 arrondissement'
    """
    parts = []
    for kind, count in kinds.items():
        singular, plural = TYPES_DE_TVS.get(kind, (extrait(kind), extrait(kind)))
        parts.append(pluriel(count, singular, plural))
    return ", ".join(parts)
