"""Errors and notes of the scenario changes (retirements, removals, proportional changes, sites, projections).

Examples
--------
>>> retirement_label(min_age=62, horizon_years=5)
"départ des praticiens d'au moins 62 ans d'ici 5 an(s)"
"""

from __future__ import annotations

from collections.abc import Sequence

from .._format import entier, extrait, liste, nombre, pluriel, pourcent
from .labels import LEVEL_LABELS, age_variant, professionals, share_change

__all__ = [
    "practitioners_needed",
    "retirement_label",
    "retirement_no_practitioner",
    "retirement_without_ages",
    "retirement_unknown_ages",
    "retirement_note",
    "removal_label",
    "removal_too_many",
    "removal_not_counted",
    "removal_note",
    "implied_mapping_note",
    "supply_clipped",
    "supply_not_there",
    "added_note",
    "removed_fixed_note",
    "msp_note",
    "close_note",
    "close_nothing",
    "POPULATION_NOTE",
    "AGE_BANDS_NOTE",
    "travel_note",
    "supply_share_invalid",
    "supply_share_level_missing",
    "supply_share_unknown_codes",
    "supply_share_empty",
    "supply_share_note",
    "selection_label",
    "retirement_invalid",
    "practitioners_not_integer",
    "msp_practitioners_invalid",
    "factors_invalid",
    "age_bands_unknown",
    "acts_invalid",
    "AGE_BANDS_NEED_POPULATION",
    "unknown_change",
]

# --------------------------------------------------------------------------- errors of practitioner-level changes

_WHAT_TO_GIVE = (
    "donnez un fichier des praticiens avec leur âge (colonne age du fichier d'activité), ou décrivez les départs "
    'par une baisse proportionnelle de l\'offre : { kind = "supply_share", share = -0.2 } (avec communes, '
    "departements ou regions)"
)


def practitioners_needed(*, what: str) -> str:
    """A practitioner-level change on a baseline without practitioner file."""
    return (
        f"{what} : il faut le fichier des praticiens (âge, commune d'exercice, activité), et la situation de "
        "référence n'en a pas (une offre implicite reproduisant l'APL officielle n'a pas de praticiens). Donnez "
        "sources.practitioners dans la configuration du territoire ; ou décrivez le changement par une variation "
        'proportionnelle de l\'offre ({ kind = "supply_share", share = -0.2 }) ou par une activité fixe '
        "(acts_per_practitioner)"
    )


def retirement_label(*, min_age: float, horizon_years: float) -> str:
    """What a retirement change asks (« départ des médecins d'au moins 62 ans d'ici 5 ans »)."""
    when = "dès maintenant" if horizon_years == 0 else f"d'ici {nombre(horizon_years, decimals=0)} an(s)"
    return f"départ des praticiens d'au moins {nombre(min_age, decimals=0)} ans {when}"


def retirement_no_practitioner(*, label: str, communes: Sequence[str], profession: str) -> str:
    """A retirement restricted to communes where no practitioner of the file works."""
    return (
        f"{label} : aucun des {professionals(profession)} du fichier des praticiens n'exerce dans "
        f"{pluriel(len(communes), 'commune')} ({liste(communes)}) ; vérifiez les codes des communes"
    )


def retirement_without_ages(*, label: str, practitioners: int, profession: str) -> str:
    """A retirement when none of the practitioners concerned has a known age."""
    return (
        f"{label} : aucun des {entier(practitioners)} {professionals(profession)} du fichier des praticiens n'a "
        "d'âge connu, le départ en retraite ne peut pas être évalué (il vaudrait zéro par construction). Que faire : "
        + _WHAT_TO_GIVE
    )


def retirement_unknown_ages(*, label: str, unknown: int, practitioners: int, profession: str) -> str:
    """Some practitioners concerned by a retirement have no age."""
    return (
        f"{label} : {entier(unknown)} des {entier(practitioners)} {professionals(profession)} du fichier n'ont pas "
        "d'âge connu ; ils sont comptés comme restant en exercice, le départ est donc sous-estimé"
    )


def retirement_note(
    *,
    label: str,
    leaving: int,
    counted: int,
    communes: int | None,
    aged_out: int,
    max_age: float | None,
    unknown: int,
) -> str:
    """What a retirement applied (a scenario note)."""
    where = "" if communes is None else f" dans {pluriel(communes, 'commune')}"
    text = f"{label}{where} : {pluriel(leaving, 'praticien')} {'part' if leaving < 2 else 'partent'}"
    if max_age is not None and counted != leaving:
        text += f", dont {entier(counted)} compté(s) dans l'APL des {age_variant(max_age)}"
    if aged_out:
        text += (
            f" ; {pluriel(aged_out, 'autre praticien', 'autres praticiens')} auront plus de {max_age:g} ans à "
            f"l'horizon (hors APL des {age_variant(max_age)})"
        )
    if unknown:
        text += f" ; {entier(unknown)} praticien(s) sans âge connu comptés comme restant"
    return text


def removal_label(*, code: str, asked: int) -> str:
    """What a removal of practitioners asks."""
    return f"retrait de {entier(asked)} praticien(s) à {code}"


def removal_too_many(*, code: str, available: int, asked: int, profession: str) -> str:
    """More practitioners removed than the file has in the commune."""
    return (
        f"retrait de {entier(asked)} praticien(s) à {code} : le fichier des praticiens n'y compte que "
        f"{entier(available)} {professionals(profession)} ; retirez-en au plus {entier(available)}, ou donnez "
        "acts_per_practitioner pour retirer une activité fixe"
    )


def removal_not_counted(
    *, code: str, asked: int, present: int, counted: int, unknown_age: int, over_age: int, max_age: float | None
) -> str:
    """Fewer practitioners of a commune count in the baseline than a removal asks: it cannot be evaluated."""
    reasons = []
    if unknown_age:
        reasons.append(f"{entier(unknown_age)} sans âge connu")
    if over_age:
        reasons.append(f"{entier(over_age)} de plus de {max_age:g} ans")
    why = f" ({' et '.join(reasons)})" if reasons else ""
    return (
        f"retrait de {entier(asked)} praticien(s) à {code} : des {entier(present)} praticiens du fichier qui y "
        f"exercent, {'aucun ne compte' if counted == 0 else entier(counted) + ' seulement compte(nt)'} dans "
        f"l'offre de la situation de référence (APL des {age_variant(max_age)}){why} ; retirer les autres ne "
        "changerait rien à cette APL. Que faire : "
        "choisissez l'APL tous âges ([baseline] max_age = 0), donnez l'âge des praticiens, ou retirez une activité "
        "fixe (acts_per_practitioner = 5400)"
    )


def removal_note(*, code: str, asked: int, unknown_age: int, max_age: float | None) -> str:
    """What a removal of practitioners applied (a scenario note)."""
    among = "" if max_age is None else f" parmi ceux comptés dans l'APL des {age_variant(max_age)}"
    text = f"départ des {entier(asked)} praticien(s) les plus âgé(s) de {code}{among}"
    if unknown_age:
        text += f" ({entier(unknown_age)} sans âge connu : pris dans l'ordre des identifiants)"
    return text


def implied_mapping_note(*, acts: float) -> str:
    """How a practitioner-level change applies to an implied (official-APL) supply."""
    return (
        "situation de référence reproduisant l'APL officielle (offre implicite, sans praticiens) : les praticiens "
        "retirés sont ceux du fichier des praticiens du territoire, et leur activité comptée "
        f"({entier(acts)} actes) est retirée de l'offre implicite de leur commune d'exercice"
    )


def supply_clipped(*, what: str, communes: int, examples: Sequence[str], asked: float, done: float) -> str:
    """A change removes more supply than some communes have (implied baseline): part of it is removed."""
    return (
        f"{what} : l'offre retirée dépasse l'offre de la situation de référence dans "
        f"{pluriel(communes, 'commune')} ({liste(examples)}), ramenée à 0 ; seuls {entier(done)} des "
        f"{entier(asked)} actes demandés ({pourcent(done / asked if asked else 0.0)}) sont retirés — une offre "
        "implicite reproduisant l'APL officielle peut placer l'offre d'un secteur dans une commune voisine"
    )


def supply_not_there(*, what: str, communes: int, examples: Sequence[str]) -> str:
    """A change removes supply from communes that have none in the baseline: it would change nothing."""
    return (
        f"{what} : la situation de référence n'a pas d'offre dans {pluriel(communes, 'commune')} "
        f"({liste(examples)}), le retrait ne changerait rien. Une offre implicite reproduisant l'APL officielle "
        "peut placer l'offre d'un secteur dans une commune voisine. Que faire : décrivez le départ par une baisse "
        'proportionnelle de l\'offre du secteur ({ kind = "supply_share", share = -0.2, communes = [...] } ou '
        "departements = [...]), ou partez des praticiens (sans [baseline] official_apl)"
    )


def added_note(*, code: str, practitioners: int, acts: float) -> str:
    """Practitioners added in a commune."""
    return f"{pluriel(practitioners, 'praticien')} de plus à {code} ({entier(acts)} actes chacun)"


def removed_fixed_note(*, code: str, practitioners: int, acts: float) -> str:
    """Practitioners removed at a fixed activity."""
    return f"{pluriel(practitioners, 'praticien')} de moins à {code} ({entier(acts)} actes chacun)"


def msp_note(*, code: str, practitioners: int, acts: float) -> str:
    """A new MSP."""
    return f"ouverture d'une MSP à {code} : {pluriel(practitioners, 'praticien')} de {entier(acts)} actes"


def close_note(*, code: str, acts: float) -> str:
    """A closed site."""
    return f"fermeture du site {code} ({entier(acts)} actes)"


def close_nothing(*, code: str) -> str:
    """A site closed in a commune without supply: it would change nothing."""
    return (
        f"fermeture du site {code} : la commune n'a pas d'offre dans la situation de référence (ou plus après les "
        "changements précédents du scénario), la fermeture ne changerait rien ; vérifiez le code de la commune"
    )


POPULATION_NOTE = "projection de population par commune"
AGE_BANDS_NOTE = "projection de population par tranche d'âge"


def travel_note(*, label: str) -> str:
    """Another travel-time table."""
    return f"temps de trajet : {label}"


# --------------------------------------------------------------------------- proportional change of supply


def supply_share_invalid(*, share: object) -> str:
    """A proportional change out of range."""
    return (
        f"supply_share : share doit être un nombre non nul supérieur ou égal à -1 (-0.2 : un cinquième de l'offre "
        f"part ; 0.1 : un dixième de plus arrive) ; trouvé {share!r}"
    )


def supply_share_level_missing(*, level: str) -> str:
    """A proportional change by department or region on a baseline without that level."""
    return (
        f"supply_share : la situation de référence n'a pas de {LEVEL_LABELS.get(level, level)} par commune ; "
        "donnez les communes (communes = [...])"
    )


def supply_share_unknown_codes(*, level: str, codes: Sequence[str], known: Sequence[str]) -> str:
    """Department or region codes of a proportional change that are not in the territory."""
    name = LEVEL_LABELS.get(level, level)
    return f"supply_share : {name}(s) {liste(codes)} absent(s) du territoire ; présents : {liste(known, limit=12)}"


def supply_share_empty(*, communes: int, profession: str) -> str:
    """A proportional change of a supply that is zero: it would change nothing."""
    return (
        f"supply_share : les {pluriel(communes, 'commune')} choisie(s) n'ont aucune offre de "
        f"{professionals(profession)} dans la situation de référence, la variation ne changerait rien ; "
        "vérifiez les communes, départements ou régions"
    )


def supply_share_note(
    *, share: float, where: str, acts_before: float, acts_changed: float, practitioners: int | None, profession: str
) -> str:
    """What a proportional change of supply applied."""
    sense = "départ" if share < 0 else "arrivée"
    text = (
        f"{sense} de {share_change(share=abs(share)).lstrip('+')} de l'offre de {professionals(profession)} "
        f"({where}) : "
        f"{'+' if acts_changed > 0 else ''}{entier(acts_changed)} actes sur {entier(acts_before)}"
    )
    if practitioners:
        text += (
            f", soit environ {entier(abs(share) * practitioners)} des {entier(practitioners)} praticiens qui y "
            "exercent (à leur activité moyenne)"
        )
    return text


def selection_label(
    *, communes: Sequence[str] | None, departements: Sequence[str] | None, regions: Sequence[str] | None, n: int
) -> str:
    """The communes a proportional change applies to (« 538 communes : département(s) 33 »)."""
    parts = []
    if departements:
        parts.append(f"département(s) {liste(departements)}")
    if regions:
        parts.append(f"région(s) {liste(regions)}")
    if communes:
        parts.append(f"commune(s) {liste(communes)}")
    what = ", ".join(parts) if parts else "tout le territoire étudié"
    return f"{pluriel(n, 'commune')} : {what}"


# --------------------------------------------------------------------------- checks of the changes themselves


def retirement_invalid(*, min_age: object, horizon_years: object) -> str:
    """A retirement with an age or a horizon out of bounds.

    Examples
    --------
    >>> retirement_invalid(min_age=5, horizon_years=0)
    'Retirement : min_age doit être un âge en années (de 15 à 110) et horizon_years de 0 à 50 ; trouvé 5, 0'
    """
    return (
        "Retirement : min_age doit être un âge en années (de 15 à 110) et horizon_years de 0 à 50 ; trouvé "
        f"{extrait(repr(min_age))}, {extrait(repr(horizon_years))}"
    )


def practitioners_not_integer(*, practitioners: object) -> str:
    """A change of practitioners by a number that is not a non-zero integer."""
    return f"ChangePractitioners : practitioners doit être un entier non nul ; trouvé {extrait(repr(practitioners))}"


def msp_practitioners_invalid(*, practitioners: object) -> str:
    """A new MSP whose number of practitioners is not a positive integer."""
    return f"OpenMSP : practitioners doit être un entier positif ; trouvé {extrait(repr(practitioners))}"


def factors_invalid(*, what: str, factors: Sequence[object]) -> str:
    """Population factors that are negative or not finite.

    Examples
    --------
    >>> factors_invalid(what="ScalePopulation", factors=[-1.0])
    'ScalePopulation : les facteurs doivent être finis et positifs ou nuls ; trouvé -1.0'
    """
    return f"{what} : les facteurs doivent être finis et positifs ou nuls ; trouvé {liste(repr(f) for f in factors)}"


def age_bands_unknown(*, bands: Sequence[str], examples: Sequence[str]) -> str:
    """Age bands of a projection that are not bands of the population by age.

    Examples
    --------
    >>> age_bands_unknown(bands=["age_100_plus"], examples=["age_0_4", "age_5_9"])
    "ProjectAgeBands : tranche(s) d'âge inconnue(s) age_100_plus ; noms attendus du type age_0_4, age_5_9"
    """
    return f"ProjectAgeBands : tranche(s) d'âge inconnue(s) {liste(bands)} ; noms attendus du type {liste(examples)}"


def acts_invalid(*, what: str, value: object) -> str:
    """An activity per practitioner that is not positive."""
    return f"{what} : acts_per_practitioner doit être > 0 ; trouvé {extrait(repr(value))}"


AGE_BANDS_NEED_POPULATION = (
    "une projection par tranche d'âge demande la population par âge : préparez la situation de référence avec "
    "population_by_age=..."
)


def unknown_change(*, change: object) -> str:
    """A change of a kind the engine does not know."""
    return f"changement de scénario inconnu : {extrait(repr(change))}"
