"""Texts of a scenario run: baseline, zoning, report sentences and console lines.

Examples
--------
>>> console_warning(message="x")
'Attention : x'
"""

from __future__ import annotations

from collections.abc import Sequence

from .._format import entier, liste, nombre, pluriel, pourcent
from .labels import ZONING_METHOD_NAMES, age_variant, professionals

__all__ = [
    "UNCERTAINTY_BOUNDS",
    "uncertainty_invalid",
    "BASELINE_NEEDS_SUPPLY",
    "unknown_communes",
    "outside_left_out",
    "supply_lost",
    "official_variant_missing",
    "placement_stopped",
    "baseline_without_ages",
    "zoning_failed",
    "zoning_variant_note",
    "REPORT_CROSSINGS",
    "REPORT_TVS_CATEGORY",
    "REPORT_TRANSITIONS",
    "REPORT_TVS_CHANGING",
    "REPORT_MOST_AFFECTED",
    "REPORT_NO_CHANGE",
    "REPORT_ZONING_INTRO",
    "report_baseline",
    "report_implied_fit",
    "report_summary",
    "report_zoning",
    "console_scenario",
    "console_placement",
    "console_uncertainty",
    "console_files",
    "console_warning",
    "SCENARIO_CONFIGURATION",
    "section_error",
]

# --------------------------------------------------------------------------- baseline

BASELINE_NEEDS_SUPPLY = (
    "les scénarios partent des praticiens (sources.practitioners dans la configuration du territoire) ou d'une APL "
    "officielle ([baseline] official_apl) : le territoire n'a ni l'un ni l'autre"
)


#: Where an error of a scenario run comes from when the configuration was not read from a file.
SCENARIO_CONFIGURATION = "configuration de scénarios"


def section_error(*, source: object, where: str, detail: object) -> str:
    """An error of the inputs of one part of a scenario configuration, prefixed by the file and the part.

    Examples
    --------
    >>> section_error(source="scenario.toml", where="scenarios[0] (pop)", detail="x")
    'scenario.toml : scenarios[0] (pop) : x'
    """
    return f"{source} : {where} : {detail}"


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
        f"de la situation de référence ({age_variant(max_age)})"
    )


# --------------------------------------------------------------------------- report

REPORT_CROSSINGS = "Franchissements par département :"
REPORT_TVS_CATEGORY = "TVS changeant de catégorie :"
REPORT_TRANSITIONS = "Communes changeant de classe (classe avant → classe après) :"
REPORT_TVS_CHANGING = "TVS changeant de classe (classe de la majorité de leurs habitants) :"
REPORT_MOST_AFFECTED = "Communes les plus touchées (par variation d'APL décroissante en valeur absolue) :"
REPORT_NO_CHANGE = "Aucune commune ne voit son APL changer."
REPORT_ZONING_INTRO = "Zonage de chaque scénario, avant et après :"


def report_baseline(
    *, max_age: float | None, implied: bool, mean_apl: float, zip_threshold: float, vivier_threshold: float
) -> str:
    """The baseline paragraph of the report."""
    origin = "offre implicite reproduisant l'APL officielle" if implied else "activité des praticiens"
    return (
        f"Situation de référence : APL aux médecins généralistes ({age_variant(max_age)}), {origin} ; moyenne "
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


#: What each parameter of the uncertainty model must be, in French.
UNCERTAINTY_BOUNDS: dict[str, str] = {
    "draws": "un entier positif",
    "travel_sigma": "de 0 à 2",
    "travel_common_sigma": "de 0 à 2",
    "population_sigma": "de 0 à 2",
    "alternative_probability": "de 0 à 1",
    "imputed_acts_range": "0 ≤ bas ≤ haut",
}


def uncertainty_invalid(*, values: dict[str, object]) -> str:
    """The uncertainty model's parameters out of bounds, each with what it must be.

    Examples
    --------
    >>> uncertainty_invalid(values={"draws": 0})
    "modèle d'incertitude : valeur invalide draws=0 (un entier positif)"
    """
    problems = [f"{key}={value!r} ({UNCERTAINTY_BOUNDS.get(key, '?')})" for key, value in values.items()]
    return f"modèle d'incertitude : {'valeur invalide' if len(problems) == 1 else 'valeurs invalides'} " + (
        " ; ".join(problems)
    )
