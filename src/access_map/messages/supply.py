"""French texts about the practitioner supply: coverage of the territory, establishments, age variants.

Used by :mod:`access_map.supply` (coverage of the territory), the readers of practitioner lists, the
``apl``, ``zoning``, ``refresh`` and ``scenario`` commands.

Examples
--------
>>> offre_absente(profession="medecin_generaliste", departements=["16", "17"], communes=[],
...               min_population=20000)[:62]
'Aucun médecin généraliste dans les départements 16, 17 du terr'
>>> offre_partielle(profession="medecin_generaliste", departements=["24"], communes=[])
"Offre partielle déclarée : aucun médecin généraliste dans le département 24 ; l'APL et le zonage n'y mesurent pas l'accès réel."
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, extrait, liste, pluriel

__all__ = [
    "PARTIAL_SUPPLY_COLUMN",
    "PARTIAL_SUPPLY_HEADLINE",
    "HELP_PARTIAL_SUPPLY",
    "HELP_INCLUDE_ESTABLISHMENTS",
    "praticien",
    "offre_absente",
    "offre_partielle",
    "offre_absente_contexte",
    "activite_imputee",
    "etablissements_exclus",
    "etablissements_gardes",
    "variante_sans_age",
    "variante_ages_manquants",
    "colonne_apl_vide",
    "population_sans_ages",
    "population_colonne_absente",
]

#: Column added to every table of a run whose supply is declared partial (the same sentence on every row).
PARTIAL_SUPPLY_COLUMN = "avertissement_offre"
#: Label of the headline row of the refresh report stating a partial supply.
PARTIAL_SUPPLY_HEADLINE = "Offre de soins partielle"

HELP_PARTIAL_SUPPLY = (
    "Le fichier de l'offre ne couvre pas tout le territoire, volontairement : les départements (et grandes "
    "communes) sans aucun praticien sont signalés (console, tableaux) au lieu d'arrêter le calcul."
)
HELP_INCLUDE_ESTABLISHMENTS = (
    "Garder les médecins qui exercent uniquement en établissement (RPPS 2017, colonne Etablissement) : l'APL de "
    "la DREES ne compte pas l'activité en établissement, ils sont exclus par défaut."
)

_SINGULAR = {
    "medecin_generaliste": "médecin généraliste",
    "infirmier": "infirmier",
    "masseur_kinesitherapeute": "masseur-kinésithérapeute",
    "chirurgien_dentiste": "chirurgien-dentiste",
    "sage_femme": "sage-femme",
}
_FIX = (
    "Donnez un fichier de praticiens qui couvre tout le territoire, restreignez le territoire à ce que le fichier "
    "couvre (departements = [...] dans la configuration, --departement en ligne de commande), ou déclarez l'offre "
    "partielle volontairement ([supply] partial = true dans la configuration, --partial-supply en ligne de commande)."
)


def praticien(profession: str) -> str:
    """The French name of one practitioner of ``profession`` (a key of :data:`access_map.schema.PROFESSIONS`).

    Examples
    --------
    >>> praticien("sage_femme")
    'sage-femme'
    """
    return _SINGULAR.get(profession, extrait(profession))


def _file(source: str) -> str:
    """A file name or path given by the user, quoted whole (on one line)."""
    return extrait(source, limit=300)


def _aucun(profession: str) -> str:
    """« aucun médecin généraliste », « aucune sage-femme »."""
    return ("aucune " if profession == "sage_femme" else "aucun ") + praticien(profession)


def _where(departements: Sequence[str], communes: Sequence[str]) -> str:
    parts = []
    if departements:
        word = "le département" if len(departements) == 1 else "les départements"
        parts.append(f"{word} {liste(departements, limit=20)}")
    if communes:
        word = "la commune" if len(communes) == 1 else "les communes"
        parts.append(f"{word} {liste(communes, limit=10)}")
    return " et ".join(parts)


def offre_absente(
    *, profession: str, departements: Sequence[str], communes: Sequence[str], min_population: float
) -> str:
    """Error: departments (and large communes) of the territory without any practitioner.

    Examples
    --------
    >>> print(offre_absente(profession="infirmier", departements=[], communes=["33063"], min_population=20000)[:51])
    Aucun infirmier dans la commune 33063 du territoire
    """
    big = f" (commune{'s' if len(communes) > 1 else ''} de {entier(min_population)} habitants ou plus)"
    return (
        f"{_aucun(profession).capitalize()} dans {_where(departements, communes)} du territoire"
        + (big if communes else "")
        + " : le fichier de l'offre ne couvre pas ce territoire, et son APL y serait nulle ou sous-estimée sans que "
        "rien ne le signale. " + _FIX
    )


def offre_partielle(*, profession: str, departements: Sequence[str], communes: Sequence[str]) -> str:
    """Statement of a supply declared partial on purpose (console, report headline, every table).

    Examples
    --------
    >>> offre_partielle(profession="sage_femme", departements=[], communes=["33063", "33318"])[:60]
    'Offre partielle déclarée : aucune sage-femme dans les commun'
    """
    return (
        f"Offre partielle déclarée : {_aucun(profession)} dans {_where(departements, communes)} ; "
        "l'APL et le zonage n'y mesurent pas l'accès réel."
    )


def offre_absente_contexte(*, profession: str, departements: Sequence[str]) -> str:
    """Warning: the communes outside the territory kept for the computation have no practitioner in some departments.

    Examples
    --------
    >>> offre_absente_contexte(profession="medecin_generaliste", departements=["24"])[:70]
    'Aucun médecin généraliste dans les communes hors du territoire prises '
    """
    word = "du département" if len(departements) == 1 else "des départements"
    return (
        f"{_aucun(profession).capitalize()} dans les communes hors du territoire prises en compte dans le calcul "
        f"{word} {liste(departements, limit=20)} : l'APL des communes du territoire proches de leur limite est "
        "sous-estimée (les praticiens de l'autre côté manquent au fichier de l'offre)."
    )


def activite_imputee(*, practitioners: int, acts: float, column: str) -> str:
    """Note: GPs without activity given imputed acts (``column``: where the imputed part of the supply is).

    Examples
    --------
    >>> activite_imputee(practitioners=1, acts=5400, column="supply_imputed")[:60]
    'Activité imputée : 1 médecin généraliste sans activité connu'
    """
    return (
        f"Activité imputée : {pluriel(practitioners, 'médecin généraliste', 'médecins généralistes')} sans activité "
        f"connue {'compte' if practitioners < 2 else 'comptent'} {entier(acts)} actes chacun (colonne {column})."
    )


def etablissements_exclus(*, only: int, mixed: int, source: str) -> str:
    """Note: GPs practising only in an establishment excluded (and establishment sites of the others).

    Examples
    --------
    >>> etablissements_exclus(only=243, mixed=53, source="rpps.csv")[:70]
    'rpps.csv : 243 médecins généralistes exerçant uniquement en établissem'
    """
    text = (
        f"{_file(source)} : {pluriel(only, 'médecin généraliste', 'médecins généralistes')} exerçant uniquement "
        "en établissement (colonne Etablissement = oui) "
        + ("est exclu" if only < 2 else "sont exclus")
        + " de l'offre, comme dans l'APL de la DREES qui ne compte pas l'activité en établissement"
    )
    if mixed:
        text += (
            f" ; {pluriel(mixed, 'autre médecin', 'autres médecins')} "
            + ("exerce" if mixed < 2 else "exercent")
            + " aussi en établissement : seuls leurs lieux d'exercice hors établissement sont comptés"
        )
    return text + " (--include-establishments, ou [supply] include_establishments = true, pour les garder)."


def etablissements_gardes(*, only: int, source: str) -> str:
    """Note: GPs practising only in an establishment kept on request.

    Examples
    --------
    >>> etablissements_gardes(only=1, source="rpps.csv")[:40]
    'rpps.csv : 1 médecin généraliste exerçan'
    """
    return (
        f"{_file(source)} : {pluriel(only, 'médecin généraliste', 'médecins généralistes')} exerçant uniquement "
        "en établissement " + ("est gardé" if only < 2 else "sont gardés") + " dans l'offre, à la demande "
        "(l'APL de la DREES ne compte pas l'activité en établissement : l'APL calculée ici est plus élevée)."
    )


def variante_sans_age(*, profession: str, max_age: float, practitioners: int, source: str) -> str:
    """Error: an age variant asked for on practitioners of unknown age.

    Examples
    --------
    >>> variante_sans_age(profession="medecin_generaliste", max_age=65, practitioners=12, source="rpps.csv")[:58]
    'rpps.csv : aucun des 12 praticiens (médecin généraliste) n'
    """
    return (
        f"{_file(source)} : aucun des {pluriel(practitioners, 'praticien')} ({praticien(profession)}) n'a d'âge "
        f"connu : la variante de l'APL des praticiens de {max_age:g} ans ou moins ne peut pas être calculée (elle "
        "vaudrait 0 partout). Donnez les âges (colonne age), ou retirez cette variante (--variants et --max-age en "
        "ligne de commande, max_ages et [zoning] max_age dans la configuration)."
    )


def variante_ages_manquants(
    *, profession: str, max_age: float, practitioners: Sequence[str], rows: int, source: str
) -> str:
    """Warning: some practitioners (identifiers ``practitioners``) have no age and are left out of an age variant.

    Examples
    --------
    >>> variante_ages_manquants(profession="infirmier", max_age=65, practitioners=["a", "b"], rows=3, source="t")
    't : 2 praticiens (infirmier, 3 lignes praticien × lieu ; par exemple a, b) sans âge sont laissés hors de la variante de 65 ans ou moins.'
    """
    n = len(practitioners)
    return (
        f"{_file(source)} : {pluriel(n, 'praticien')} ({praticien(profession)}, "
        f"{pluriel(rows, 'ligne')} praticien × lieu ; par exemple {liste(practitioners, limit=3)}) sans âge "
        + ("est laissé" if n < 2 else "sont laissés")
        + f" hors de la variante de {max_age:g} ans ou moins."
    )


def colonne_apl_vide(*, column: str, source: str, zero: bool) -> str:
    """Error: the APL column given to the zoning is 0 everywhere, or has no value.

    Examples
    --------
    >>> colonne_apl_vide(column="apl_65", source="apl.csv", zero=True)[:60]
    "apl.csv : la colonne d'APL 'apl_65' vaut 0 dans toutes les c"
    """
    what = (
        "vaut 0 dans toutes les communes : le zonage la lirait comme une absence totale d'offre (tout le territoire "
        "en sélection nationale)"
        if zero
        else "n'a aucune valeur"
    )
    return (
        f"{_file(source)} : la colonne d'APL {extrait(column)!r} {what}. C'est le signe d'une variante qui n'a pas "
        "pu être calculée (praticiens sans âge pour apl_65…) ou d'un fichier de l'offre vide : choisissez une autre "
        "colonne avec --apl-column, ou recalculez l'APL."
    )


def population_sans_ages(*, source: str) -> str:
    """Error: a populations légales file given where the population by age is expected.

    Examples
    --------
    >>> population_sans_ages(source="pop.csv")[:50]
    'pop.csv est un fichier de populations légales de l'
    """
    return (
        f"{_file(source)} est un fichier de populations légales de l'Insee : il ne donne pas la population par "
        "tranche d'âge que demande --population-kind age (le défaut). Ajoutez --population-kind total (population "
        "municipale, sans standardisation par âge), ou donnez le fichier Insee pop-sexe-age-quinquennal."
    )


def population_colonne_absente(*, source: str, column: str, found: Sequence[str]) -> str:
    """Error: the population file read lacks the column the chosen --population-kind needs.

    Examples
    --------
    >>> population_colonne_absente(source="p.csv", column="population", found=["code_commune", "x"])[:50]
    "p.csv : pas de colonne 'population' (colonnes trou"
    """
    return (
        f"{_file(source)} : pas de colonne {extrait(column)!r} (colonnes trouvées : {liste(found, limit=12)}) ; "
        "vérifiez --population-kind."
    )
