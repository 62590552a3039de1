"""Labels and headers of the scenarios: professions, categories, zoning classes and methods, CSV and report headers.

Examples
--------
>>> csv_header("delta_apl"), csv_header("population_fell_le_2.5")
('variation_apl', 'population_passant_sous_2_5')
>>> report_header("population_fell_le_2.5")
'population passant sous 2,5'
"""

from __future__ import annotations

import re

from ...schema import PROFESSION_LABELS
from .._format import pourcent

__all__ = [
    "professionals",
    "share_change",
    "age_variant",
    "CATEGORY_LABELS",
    "LEVEL_LABELS",
    "ZONING_METHODS",
    "ZONING_METHOD_NAMES",
    "CSV_COLUMNS",
    "REPORT_COLUMNS",
    "csv_header",
    "report_header",
    "CLASS_LABELS",
    "class_label",
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


def age_variant(max_age: float | None) -> str:
    """The APL's practitioner-age variant (« tous âges », « médecins de 65 ans ou moins »)."""
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
