"""French text of the scenarios (``access-map scenario``): errors, notes, console lines, report and CSV headers.

The scenario engine computes with English names (``apl_before``, ``delta_apl``…); what an analyst reads —
the notes of a scenario, its errors and warnings, the console lines, the report and the CSV headers — comes
from here.

Examples
--------
>>> csv_header("delta_apl"), csv_header("population_fell_le_2.5")
('variation_apl', 'population_passant_sous_2_5')
>>> report_header("population_fell_le_2.5")
'population passant sous 2,5'
>>> share_change(share=-0.2)
'-20\u202f%'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..schema import PROFESSION_LABELS
from ._format import entier, liste, nombre, pluriel, pourcent

__all__ = [
    "CSV_COLUMNS",
    "REPORT_COLUMNS",
    "CATEGORY_LABELS",
    "LEVEL_LABELS",
    "ZONING_METHODS",
    "ZONING_METHOD_NAMES",
    "csv_header",
    "report_header",
    "professionals",
    "share_change",
]

# --------------------------------------------------------------------------- labels


def professionals(profession: str) -> str:
    """The practitioners of a profession, in the plural and lower case (« médecins généralistes »).

    Examples
    --------
    >>> professionals("medecin_generaliste")
    'médecins généralistes'
    """
    return PROFESSION_LABELS.get(profession, profession).lower()


def share_change(*, share: float) -> str:
    """A proportional change as a signed percentage (« -20 % », « +10 % »).

    Examples
    --------
    >>> share_change(share=0.125)
    '+12,5\u202f%'
    """
    decimals = 0 if abs(round(100 * share) - 100 * share) < 1e-9 else 1
    return ("+" if share > 0 else "") + pourcent(share, decimals=decimals)


def _age_variant(max_age: float | None) -> str:
    return "tous âges" if max_age is None else f"médecins de {max_age:g} ans ou moins"


#: National categories of a TVS (or of a commune without TVS), in French.
CATEGORY_LABELS: dict[str, str] = {
    "national_selection": "sélection nationale",
    "vivier": "vivier",
    "hors_vivier": "hors vivier",
    "undefined": "non défini",
}

#: Levels of the crossing tables.
LEVEL_LABELS: dict[str, str] = {"total": "ensemble", "code_departement": "département", "code_region": "région"}

#: How the zoning outcome of a scenario is obtained (``ZoningOutcome.method``), said in the report and the CSV.
ZONING_METHODS: dict[str, str] = {
    "zoning": "zonage ZIP/ZAC calculé par le moteur de zonage avec les plafonds régionaux du territoire "
    "(ZIP, ZAC, ZV : zone de vigilance, HV : hors vivier)",
    "tvs_categories": "catégories nationales des TVS (sélection nationale, vivier, hors vivier) : sans plafonds "
    "régionaux (sources.zoning_caps), ni ZIP ni ZAC ne peuvent être attribués",
    "commune_categories": "catégories nationales calculées sur l'APL de chaque commune (sélection nationale, vivier, "
    "hors vivier) : sans TVS (sources.tvs) ni plafonds régionaux, ni le zonage ni les catégories des TVS ne "
    "peuvent être calculés",
}

#: Short name of each zoning method (column ``methode_zonage`` of ``scenario_<name>_zonage.csv``).
ZONING_METHOD_NAMES: dict[str, str] = {
    "zoning": "zonage ZIP/ZAC",
    "tvs_categories": "catégories des TVS",
    "commune_categories": "catégories des communes",
}

# --------------------------------------------------------------------------- CSV and report headers

#: CSV header of each column of the scenario tables (French, like the file names).
CSV_COLUMNS: dict[str, str] = {
    "code_commune": "code_commune",
    "code_tvs": "code_tvs",
    "code_departement": "code_departement",
    "code_region": "code_region",
    "nom": "nom",
    "rank": "rang",
    "level": "niveau",
    "code": "code",
    "scenario": "scenario",
    "apl_before": "apl_avant",
    "apl_after": "apl_apres",
    "delta_apl": "variation_apl",
    "population_before": "population_avant",
    "population_after": "population_apres",
    "standardised_population_after": "population_standardisee_apres",
    "supply_before": "offre_avant",
    "supply_after": "offre_apres",
    "category_before": "categorie_avant",
    "category_after": "categorie_apres",
    "class_before": "classe_avant",
    "class_after": "classe_apres",
    "changed": "change_de_classe",
    "communes": "communes",
    "population": "population",
    "mean_delta_apl": "variation_apl_moyenne",
    "tvs_changing_category": "tvs_changeant_de_categorie",
    "population_changing_class": "population_changeant_de_classe",
    "zoning_method": "methode_zonage",
    "step": "etape",
    "gain": "gain",
    "tie_break_gain": "gain_de_departage",
    "cumulative_gain": "gain_cumule",
    "evaluations": "evaluations",
    "apl_baseline": "apl_reference",
    "apl_mean": "apl_moyenne",
    "apl_p05": "apl_centile_5",
    "apl_p95": "apl_centile_95",
    "p_apl_below": "probabilite_apl_sous_seuil",
    "p_national_selection": "probabilite_selection_nationale",
    "official_apl": "apl_officielle",
    "fitted_apl": "apl_reproduite",
    "residual": "ecart",
    "implied_supply": "offre_implicite",
    "rmse": "rmse",
    "mean_residual": "ecart_moyen",
    "max_abs_error": "ecart_absolu_max",
    "national_selection_baseline": "selection_nationale_reference",
    "indicator": "indicateur",
    "value": "valeur",
    # indicators of the implied supply's reproduction error (offre_implicite_erreur.csv)
    "share_within": "part_communes_dans_la_tolerance",
    "tolerance": "tolerance",
    "mean_official_apl": "apl_officielle_moyenne",
    "top_decile_share_of_squared_error": "part_erreur_quadratique_decile_superieur",
    "seconds": "secondes",
    "solver_status": "statut_solveur",
    "iterations": "iterations",
}

#: Header of a column in the report's tables (French, readable).
REPORT_COLUMNS: dict[str, str] = {
    "code": "code",
    "code_departement": "département",
    "code_region": "région",
    "code_tvs": "TVS",
    "code_commune": "code commune",
    "commune": "commune",
    "apl_before": "APL avant",
    "apl_after": "APL après",
    "delta_apl": "ΔAPL",
    "category_before": "catégorie avant",
    "category_after": "catégorie après",
    "class_before": "classe avant",
    "class_after": "classe après",
    "communes": "communes",
    "population": "population",
    "step": "étape",
    "gain": "gain",
    "tie_break_gain": "gain de départage",
    "cumulative_gain": "gain cumulé",
    "apl_baseline": "APL de référence",
    "apl_p05": "APL, 5e centile",
    "apl_p95": "APL, 95e centile",
    "p_national_selection": "probabilité de sélection nationale",
}

_CROSSING = re.compile(r"population_(fell_le|rose_above|net_le)_(\d+(?:\.\d+)?)")
_CROSSING_CSV = {
    "fell_le": "population_passant_sous",
    "rose_above": "population_passant_au_dessus",
    "net_le": "solde_sous",
}
_CROSSING_REPORT = {
    "fell_le": "population passant sous",
    "rose_above": "population passant au-dessus de",
    "net_le": "solde sous",
}


def csv_header(name: str) -> str:
    """CSV header of a scenario table column (unknown names are returned as they are).

    Examples
    --------
    >>> csv_header("apl_after"), csv_header("population_rose_above_4")
    ('apl_apres', 'population_passant_au_dessus_4')
    """
    found = _CROSSING.fullmatch(name)
    if found:
        return f"{_CROSSING_CSV[found.group(1)]}_{found.group(2).replace('.', '_')}"
    return CSV_COLUMNS.get(name, name)


def report_header(name: str) -> str:
    """Header of a scenario table column in ``rapport.html``.

    Examples
    --------
    >>> report_header("category_before")
    'catégorie avant'
    """
    found = _CROSSING.fullmatch(name)
    if found:
        return f"{_CROSSING_REPORT[found.group(1)]} {found.group(2).replace('.', ',')}"
    return REPORT_COLUMNS.get(name, name)


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
        text += f", dont {entier(counted)} compté(s) dans l'APL des {_age_variant(max_age)}"
    if aged_out:
        text += (
            f" ; {pluriel(aged_out, 'autre praticien', 'autres praticiens')} auront plus de {max_age:g} ans à "
            f"l'horizon (hors APL des {_age_variant(max_age)})"
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
        f"l'offre de la situation de référence (APL des {_age_variant(max_age)}){why} ; retirer les autres ne "
        "changerait rien à cette APL. Que faire : "
        "choisissez l'APL tous âges ([baseline] max_age = 0), donnez l'âge des praticiens, ou retirez une activité "
        "fixe (acts_per_practitioner = 5400)"
    )


def removal_note(*, code: str, asked: int, unknown_age: int, max_age: float | None) -> str:
    """What a removal of practitioners applied (a scenario note)."""
    among = "" if max_age is None else f" parmi ceux comptés dans l'APL des {_age_variant(max_age)}"
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


# --------------------------------------------------------------------------- baseline

BASELINE_NEEDS_SUPPLY = (
    "les scénarios partent des praticiens (sources.practitioners dans la configuration du territoire) ou d'une APL "
    "officielle ([baseline] official_apl) : le territoire n'a ni l'un ni l'autre"
)


def unknown_communes(*, what: str, codes: Sequence[str], communes: int) -> str:
    """Commune codes of a change that are not communes of the territory."""
    return (
        f"{what} : commune(s) {liste(codes)} absente(s) du territoire ({pluriel(communes, 'commune')}) ; vérifiez "
        "les codes (code INSEE à 5 caractères, p. ex. « 33063 »)"
    )


def outside_left_out(*, what: str, codes: Sequence[str], total: float) -> str:
    """Values given for communes outside the territory, left out."""
    return (
        f"{what} : {pluriel(len(codes), 'commune')} hors du territoire ({liste(codes)}) laissée(s) de côté "
        f"(total {nombre(total, decimals=0)})"
    )


def supply_lost(*, codes: Sequence[str], acts: float) -> str:
    """Supply in communes that reach no demand within the catchment."""
    return (
        f"{pluriel(len(codes), 'commune')} d'exercice n'atteigne(nt) aucune demande dans la zone de recours "
        f"({liste(codes)}) : leur offre ({entier(acts)}) n'entre pas dans l'APL"
    )


def official_variant_missing(*, path: str, column: str, year: int, found: Sequence[str]) -> str:
    """The official workbook lacks the APL variant of the baseline."""
    return (
        f"{path} : pas de colonne {column!r} dans la feuille APL {year} (colonnes : {liste(found, limit=12)}) ; "
        "l'APL tous âges sert à l'offre implicite"
    )


def placement_stopped(*, sites: int, objective: str, threshold: float) -> str:
    """The greedy placement stops early."""
    return (
        f"placement arrêté après {pluriel(sites, 'site')} : aucun autre site candidat n'améliore l'objectif "
        f"({objective}, seuil {nombre(threshold, decimals=1)})"
    )


def baseline_without_ages(*, practitioners: int, profession: str, max_age: float) -> str:
    """An age-capped baseline from a practitioner file without ages: its supply would be zero."""
    return (
        f"situation de référence : l'APL des médecins de {max_age:g} ans ou moins ne compte que les praticiens "
        f"d'âge connu, et aucun des {entier(practitioners)} {professionals(profession)} du fichier n'a d'âge ; "
        "l'offre serait nulle et l'APL 0 partout. Que faire : choisissez l'APL tous âges ([baseline] max_age = 0), "
        "ou donnez un fichier des praticiens avec leur âge"
    )


def zoning_failed(*, reason: str) -> str:
    """The zoning engine could not zone the scenario's territory: categories are given instead."""
    return (
        f"zonage des scénarios : le zonage ZIP/ZAC n'a pas pu être calculé ({reason}) ; les scénarios donnent "
        "les catégories nationales des TVS à la place"
    )


def zoning_variant_note(*, max_age: float | None) -> str:
    """The zoning outcome on an APL that is not the ≤65 APL of the official zoning."""
    if max_age == 65:
        return ""
    return (
        f"le zonage officiel utilise l'APL des médecins de 65 ans ou moins ; ces classes sont calculées sur l'APL "
        f"de la situation de référence ({_age_variant(max_age)})"
    )


# --------------------------------------------------------------------------- report

REPORT_CROSSINGS = "Franchissements par département :"
REPORT_TVS_CATEGORY = "TVS changeant de catégorie :"
REPORT_TRANSITIONS = "Communes changeant de classe (classe avant → classe après) :"
REPORT_TVS_CHANGING = "TVS changeant de classe (classe de la majorité de leurs habitants) :"
REPORT_MOST_AFFECTED = "Communes les plus touchées (par variation d'APL décroissante en valeur absolue) :"
REPORT_NO_CHANGE = "Aucune commune ne voit son APL changer."
REPORT_ZONING_INTRO = "Zonage de chaque scénario, avant et après :"

#: French label of a zoning class or national category (tables of the report).
CLASS_LABELS: dict[str, str] = {
    **CATEGORY_LABELS,
    "ZIP": "ZIP",
    "ZAC": "ZAC",
    "ZV": "zone de vigilance (ZV)",
    "HV": "hors vivier (HV)",
    "HZ": "hors zonage (HZ)",
}


def class_label(value: object) -> str:
    """French label of a class (unknown values as they are).

    Examples
    --------
    >>> class_label("national_selection"), class_label("ZV")
    ('sélection nationale', 'zone de vigilance (ZV)')
    """
    return CLASS_LABELS.get(str(value), str(value))


def report_baseline(
    *, max_age: float | None, implied: bool, mean_apl: float, zip_threshold: float, vivier_threshold: float
) -> str:
    """The baseline paragraph of the report."""
    origin = "offre implicite reproduisant l'APL officielle" if implied else "activité des praticiens"
    return (
        f"Situation de référence : APL aux médecins généralistes ({_age_variant(max_age)}), {origin} ; moyenne "
        f"pondérée {nombre(mean_apl, decimals=2)}. Seuils : {nombre(zip_threshold, decimals=1)} et "
        f"{nombre(vivier_threshold, decimals=1)} (une commune franchit un seuil t quand son APL passe de "
        "« au-dessus de t » à « inférieure ou égale à t », ou l'inverse)."
    )


def report_implied_fit(
    *, max_abs_error: float, rmse: float, share_within: float, tolerance: float, with_practitioners: bool
) -> str:
    """The implied supply's reproduction error, and what a practitioner-level change means on it."""
    fit = (
        f"Offre implicite : écart à l'APL officielle max {nombre(max_abs_error, decimals=2)}, RMSE "
        f"{nombre(rmse, decimals=3)}, {pourcent(share_within)} des communes à {nombre(tolerance, decimals=2)} près. "
        "Une offre implicite n'a pas de praticiens : "
    )
    if with_practitioners:
        return fit + (
            "un départ en retraite ou un retrait de praticiens s'appuie sur le fichier des praticiens du "
            "territoire (âges, communes d'exercice), dont l'activité comptée est retirée de l'offre implicite de "
            "leur commune ; une variation proportionnelle (supply_share) s'applique directement à l'offre implicite."
        )
    return fit + (
        "sans fichier des praticiens, seuls les changements d'offre exprimés en actes ou en proportion "
        "(supply_share, open_msp, close_site, acts_per_practitioner) peuvent être évalués."
    )


def report_summary(*, summary: dict[str, float]) -> str:
    """The headline figures of a scenario."""
    s = summary
    text = (
        f"Variation moyenne de l'APL : {nombre(s['mean_delta_apl'], decimals=3)} ; population passant sous 2,5 : "
        f"{entier(s['population_fell_le_2.5'])}, au-dessus de 2,5 : {entier(s['population_rose_above_2.5'])} ; "
        f"sous 4 : {entier(s['population_fell_le_4'])}, au-dessus de 4 : {entier(s['population_rose_above_4'])}"
    )
    if "tvs_changing_category" in s:
        text += f" ; TVS changeant de catégorie : {entier(s['tvs_changing_category'])}"
    return text + "."


def report_zoning(*, method: str, population: float) -> str:
    """The zoning outcome line of a scenario."""
    return f"Zonage ({ZONING_METHOD_NAMES[method]}) : population changeant de classe : {entier(population)}."


# --------------------------------------------------------------------------- console


def console_scenario(*, name: str, mean_delta: float, fell: float, rose: float, changing_class: float) -> str:
    """The console line of one scenario."""
    sign = "+" if mean_delta > 0 else ""
    return (
        f"{name}: ΔAPL moyen {sign}{nombre(mean_delta, decimals=3)} ; population passant sous 2,5 : {entier(fell)}, "
        f"au-dessus : {entier(rose)} ; population changeant de classe de zonage : {entier(changing_class)}"
    )


def console_placement(*, sites: Sequence[str]) -> str:
    """The console line of the placement."""
    return "placement : " + ", ".join(sites)


def console_uncertainty(*, draws: int, seconds: float) -> str:
    """The console line of the Monte Carlo."""
    return f"incertitude : {entier(draws)} tirages en {nombre(seconds, decimals=1)} s"


def console_files(*, files: int, directory: object, maps_directory: object) -> str:
    """The last console line."""
    return f"{pluriel(files, 'fichier écrit', 'fichiers écrits')} dans {directory} et {maps_directory}"


def console_warning(*, message: str) -> str:
    """A warning of the run on the console."""
    return f"Attention : {message}"
