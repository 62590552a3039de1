"""Titles and sentences of a scenario run's report (``rapport.html``), of its maps and of its progress lines.

The report escapes these texts for HTML; they are plain text here.

Examples
--------
>>> placement_heading(sites=1, capacity_acts=20000)
'Placement de 1 nouveau site de 20\u202f000 actes'
"""

from __future__ import annotations

from .._format import entier, nombre, pluriel

__all__ = [
    "APL_UNIT",
    "SCENARIOS_HEADING",
    "WARNINGS_HEADING",
    "TABLES_HEADING",
    "TVS_SELECTION_UNCERTAIN",
    "DELTA_APL_PLACEMENT_TITLE",
    "DELTA_APL_SUBTITLE",
    "TVS_SELECTION_PROBABILITY_TITLE",
    "PROBABILITY_LEGEND",
    "STEP_BASELINE",
    "STEP_PLACEMENT",
    "STEP_OUTPUTS",
    "objective_label",
    "placement_heading",
    "placement_objective",
    "uncertainty_heading",
    "uncertain_communes",
    "delta_apl_title",
    "delta_apl_map_title",
    "interactive_title",
    "probability_below_title",
    "page_title",
    "produced",
    "travel_factor_label",
    "step_scenario",
]

#: Unit of the APL of general practitioners (legend of the ΔAPL maps).
APL_UNIT = "consultations/an/habitant standardisé"
SCENARIOS_HEADING = "Scénarios"
WARNINGS_HEADING = "Avertissements"
TABLES_HEADING = "Tableaux"
TVS_SELECTION_UNCERTAIN = "TVS dont la sélection nationale est incertaine (intervalle à 90 %) :"
DELTA_APL_PLACEMENT_TITLE = "Variation de l'APL — nouveaux sites"
DELTA_APL_SUBTITLE = "Variation de l'APL aux médecins généralistes par commune (rouge : baisse, bleu : hausse)"
TVS_SELECTION_PROBABILITY_TITLE = "Probabilité de sélection nationale du TVS"
PROBABILITY_LEGEND = "Probabilité"
STEP_BASELINE = "lecture du territoire et situation de référence"
STEP_PLACEMENT = "placement de nouveaux sites"
STEP_OUTPUTS = "tableaux, cartes et rapport"


def objective_label(*, objective: str, threshold: float) -> str:
    """What a placement objective maximises.

    Examples
    --------
    >>> objective_label(objective="lifted", threshold=2.5)
    'population au-dessus de 2,5'
    """
    labels = {
        "lifted": f"population au-dessus de {nombre(threshold, decimals=1)}",
        "national_selection": "population des TVS sortant de la sélection nationale",
        "floor": f"gain d'APL pondéré jusqu'à {nombre(threshold, decimals=1)}",
    }
    return labels.get(objective, objective)


def placement_heading(*, sites: int, capacity_acts: float) -> str:
    """Heading of the placement section."""
    return f"Placement de {pluriel(sites, 'nouveau site', 'nouveaux sites')} de {entier(capacity_acts)} actes"


def placement_objective(*, label: str) -> str:
    """The sentence saying how the sites were chosen."""
    return f"Objectif : {label} (glouton, gain marginal de chaque étape)."


def uncertainty_heading(*, draws: int, seed: int, seconds: float) -> str:
    """Heading of the uncertainty section.

    Examples
    --------
    >>> uncertainty_heading(draws=200, seed=1, seconds=3.25)
    'Incertitude (200 tirages, graine 1, 3,2 s)'
    """
    return f"Incertitude ({entier(draws)} tirages, graine {seed}, {nombre(seconds, decimals=1)} s)"


def uncertain_communes(*, communes: int, threshold: float) -> str:
    """How many communes have an uncertain position relative to the threshold.

    Examples
    --------
    >>> uncertain_communes(communes=1, threshold=2.5)
    "1 commune a une probabilité d'APL sous 2,5 comprise entre 10 % et 90 %."
    """
    verb = "a" if abs(communes) < 2 else "ont"
    return (
        f"{pluriel(communes, 'commune')} {verb} une probabilité d'APL sous {nombre(threshold, decimals=1)} "
        "comprise entre 10 % et 90 %."
    )


def delta_apl_title(*, label: str) -> str:
    """Title of a scenario's ΔAPL image."""
    return f"Variation de l'APL — {label}"


def delta_apl_map_title(*, label: str) -> str:
    """Title of a scenario's interactive ΔAPL map."""
    return f"ΔAPL — {label}"


def interactive_title(*, title: str) -> str:
    """Link text of the interactive version of a map."""
    return f"{title} (carte interactive)"


def probability_below_title(*, threshold: float) -> str:
    """Title of the map of the probability that the APL is below the threshold."""
    return f"Probabilité que l'APL soit sous {nombre(threshold, decimals=1)}"


def page_title(*, label: str) -> str:
    """Title of the report page."""
    return f"{label} — scénarios"


def produced(*, date: str, version: str) -> str:
    """When and by which version the report was produced."""
    return f"Rapport produit le {date} par access_map {version}."


def travel_factor_label(*, factor: float) -> str:
    """A travel-time change by a factor (« temps × 1.2 »)."""
    return f"temps × {factor:g}"


def step_scenario(*, name: str) -> str:
    """Progress line of one scenario."""
    return f"scénario {name}"
