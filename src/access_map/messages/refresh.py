"""French texts of the refresh (``access-map refresh``): errors of its steps and data warnings of its run.

Used by :mod:`access_map.refresh`. The console and report lines of the refresh run come from
:mod:`access_map.messages.outputs` and :mod:`access_map.messages.supply`; this module holds what the steps
(:mod:`access_map.refresh.steps`, :mod:`access_map.refresh.inputs`) say.

Examples
--------
>>> communes_sans_population_standardisee(n=2, exemples="33001, 33002")
'2 communes sans population standardisée, comptées pour 0 (ex. 33001, 33002) : les millésimes du COG des contours et de sources.standardised_population diffèrent'
"""

from __future__ import annotations

from ._format import extrait, nombre, pluriel

__all__ = [
    "PRATICIENS_REQUIS",
    "communes_sans_population_standardisee",
    "population_par_age_requise",
    "variante_zonage_absente",
    "DISTANCES_MSP",
    "temps_trop_courts",
    "entete_agregat",
]

PRATICIENS_REQUIS = "l'APL demande sources.practitioners (le fichier des praticiens)"


def communes_sans_population_standardisee(*, n: int, exemples: str) -> str:
    return (
        f"{pluriel(n, 'commune')} sans population standardisée, {'comptée' if n < 2 else 'comptées'} pour 0 "
        f"(ex. {exemples}) : les millésimes du COG des contours et de sources.standardised_population diffèrent"
    )


def population_par_age_requise(*, profession: str) -> str:
    return (
        f"l'APL de {extrait(profession)} demande sources.population_by_age (la population standardisée publiée par "
        "la DREES ne sert qu'à l'APL des médecins généralistes)"
    )


def variante_zonage_absente(*, variante: str, age: int) -> str:
    return (
        f"le zonage demande la variante {variante} de l'APL des médecins généralistes : ajoutez {age} à max_ages de "
        "la profession medecin_generaliste dans la configuration"
    )


#: How the MSP distances are named in :func:`temps_trop_courts`.
def DISTANCES_MSP(minutes: str) -> str:  # noqa: N802 - a label, named like the constants of this module
    return f"les distances des MSP ({minutes} min)"


def temps_trop_courts(*, demande: float, quoi: list[str]) -> str:
    return (
        f"travel.max_minutes = {nombre(demande, decimals=0)} est en dessous de l'aire de recours de "
        + ", ".join(quoi)
        + " : l'aire de recours des paramètres de l'APL fait référence, et couper les temps de trajet changerait "
        "chaque APL en silence. Retirez travel.max_minutes, ou changez l'aire de recours explicitement avec "
        "catchment_minutes = ... dans [[professions]] (et minutes dans [msp])"
    )


def entete_agregat(column: str) -> str:
    """French header of a column of :func:`access_map.apl.aggregate_apl` in the refresh's tables by department/region.

    The atlas's names: ``share_apl_le_2.5`` → ``part_apl_le_2_5``, ``standardised_population`` →
    ``population_standardisee``; other columns unchanged.

    Examples
    --------
    >>> [entete_agregat(c) for c in ("apl", "share_apl_le_2.5", "standardised_population_apl_le_4")]
    ['apl', 'part_apl_le_2_5', 'population_standardisee_apl_le_4']
    """
    text = column.replace("standardised_population", "population_standardisee")
    if text.startswith("share_"):
        text = "part_" + text.removeprefix("share_")
    return text.replace(".", "_") if "_le_" in text else text
