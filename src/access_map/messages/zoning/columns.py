"""French headers and values of the zoning tables, for the files an analyst opens.

The engine's tables keep English column names and codes (``decided_by = "ars_list"``, ``category =
"vivier"``) because code reads them; :func:`pour_analyste` gives the same table with the headers of
:data:`HEADERS` and the coded values in French, for a writer to pass to
:func:`access_map.csv_format.write_csv`. Free-text columns (``reason``, ``message``) and the regions' ``decided_by``
are French already.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"code_tvs": ["A"], "subclass": ["ZIP_B"], "decided_by": ["ars_list"], "category": ["vivier"]})
>>> pour_analyste(t).to_dict("records")
[{'code_tvs': 'A', 'sous_classe': 'ZIP B', 'decide_par': "liste de l'ARS", 'categorie': 'vivier'}]
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .vocabulary import categorie, choix, classe, gravite, regle

__all__ = ["HEADERS", "HEADER_PREFIXES", "VALUES", "en_tete", "pour_analyste"]

#: Column of a zoning table (code name) → French header.
HEADERS: dict[str, str] = {
    # units (zoning_tvs.csv), communes (zoning_communes.csv), QPV (zoning_qpv.csv), changes (changes.csv)
    "code_tvs": "code_tvs",
    "libelle_tvs": "libelle_tvs",
    "code_region": "code_region",
    "code_commune": "code_commune",
    "code_qpv": "code_qpv",
    "libelle_qpv": "libelle_qpv",
    "unit_type": "type_d_unite",
    "apl": "apl",
    "tvs_apl": "apl_du_tvs",
    "population": "population",
    "communes": "communes",
    "category": "categorie",
    "decider_region": "region_qui_decide",
    "in_force": "classe_en_vigueur",
    "listed": "classe_de_la_liste_ars",
    "zonage": "zonage",
    "subclass": "sous_classe",
    "decided_by": "decide_par",
    "reason": "motif",
    "qpv_override_population": "population_des_qpv_classes_a_part",
    "drees_code": "code_drees",
    "qpv_zonage": "zonage_qpv",
    "qpv_drees_code": "code_drees_qpv",
    "grands_quartiers": "grands_quartiers",
    "tvs_category": "categorie_du_tvs",
    "tvs_zonage": "zonage_du_tvs",
    "override": "classe_a_part",
    # phase 1 (tvs_categories.csv)
    "weight": "population_standardisee",
    "regions": "regions",
    "computed_category": "categorie_calculee",
    "drees_category": "categorie_drees",
    "category_from": "origine_de_la_categorie",
    "category_disagrees": "desaccord_de_categorie",
    # violations (violations.csv)
    "rule": "regle",
    "severity": "gravite",
    "limit": "limite",
    "value": "valeur",
    "units": "unites",
    "message": "detail",
    # national selection (national_selection.csv): population, share and TVS of each category per region
    "national_selection_share": "part_selection_nationale",
    "national_selection_tvs": "tvs_selection_nationale",
    "vivier_share": "part_vivier",
    "vivier_tvs": "tvs_vivier",
    "hors_vivier_share": "part_hors_vivier",
    "hors_vivier_tvs": "tvs_hors_vivier",
    "no_apl_population": "population_sans_apl",
    "zip_share": "part_zip",
    "zac_share": "part_zac",
    "zv_share": "part_zv",
    "hv_share": "part_hv",
    # comparison with a published zoning (comparison_*.csv, comparaison_selection_*.csv)
    "compared": "comparee",
    "compared_communes": "communes_comparees",
    "compared_population": "population_comparee",
    "not_compared_communes": "communes_non_comparees",
    "not_compared_population": "population_non_comparee",
    "agree": "accord",
    "agreement_population": "accord_population",
    "agreement_communes": "accord_communes",
    "agreement_population_excluding_zar": "accord_population_hors_zar",
    "moving_population": "population_changeant_de_classe",
    "zar_population": "population_zar",
    "zar_share": "part_zar",
    "published": "publie",
    "computed": "calcule",
    # regions (regions.csv)
    "national_selection_population": "population_selection_nationale",
    "vivier_population": "population_vivier",
    "hors_vivier_population": "population_hors_vivier",
    "no_category_population": "population_sans_categorie",
    "inherited_population": "population_heritee",
    "zip_limit": "plafond_zip_hab",
    "zip_population": "population_zip",
    "zip_share_percent": "part_zip_pct",
    "zac_limit": "plafond_zac_hab",
    "zac_population": "population_zac",
    "zac_share_percent": "part_zac_pct",
    "zv_population": "population_zv",
    "hv_population": "population_hv",
    "hv_added_population": "population_hors_vivier_ajoutee",
    "hv_margin_limit": "marge_hors_vivier_hab",
    "hv_margin_percent": "marge_hors_vivier_pct",
    # diff and summary (diff.csv, summary.csv)
    "before": "avant",
    "after": "apres",
    "changed": "change",
    "share": "part",
    "population_before": "population_avant",
    "share_before": "part_avant",
    "population_after": "population_apres",
    "share_after": "part_apres",
    "change_points": "evolution_points",
    # rules (rules.csv)
    "label": "libelle",
    "source": "source",
    # five-level zonings
    "indicator": "indicateur",
    "rank": "rang",
    "cumulative_share_start": "part_cumulee_debut",
    "cumulative_share_end": "part_cumulee_fin",
    "level": "niveau",
    "classe": "classe",
    "libelle": "libelle",
    # zero-weight table
    "kind": "type",
    "code": "code",
}


#: Prefix of a column named after a comparison (``agree_selection_nationale_zip``) → French prefix.
HEADER_PREFIXES: dict[str, str] = {
    "agreement_population_excluding_zar_": "accord_population_hors_zar_",
    "agreement_population_": "accord_population_",
    "agreement_communes_": "accord_communes_",
    "computed_": "calcule_",
    "published_": "publie_",
    "agree_": "accord_",
}


def en_tete(column: object) -> object:
    """The French header of a zoning table's column (:data:`HEADERS`, then :data:`HEADER_PREFIXES`).

    Examples
    --------
    >>> en_tete("agree_selection_nationale_zip"), en_tete("vivier_share"), en_tete("kappa_population")
    ('accord_selection_nationale_zip', 'part_vivier', 'kappa_population')
    """
    if not isinstance(column, str):
        return column
    if column in HEADERS:
        return HEADERS[column]
    for prefix, french in HEADER_PREFIXES.items():
        if column.startswith(prefix):
            return french + column[len(prefix) :]
    return column


def _oui_non(value: object) -> object:
    return ("oui" if value else "non") if isinstance(value, bool) else value


def _word(labels: dict[str, str]) -> Callable[[object], object]:
    def translate(value: object) -> object:
        return labels.get(value, value) if isinstance(value, str) else value

    return translate


def _text(function: Callable[[object], str]) -> Callable[[object], object]:
    def translate(value: object) -> object:
        return function(value) if isinstance(value, str) else value

    return translate


_CATEGORY = _text(categorie)

#: Column → how its coded values read in French (columns not listed keep their values).
VALUES: dict[str, Callable[[object], object]] = {
    "category": _CATEGORY,
    "computed_category": _CATEGORY,
    "drees_category": _CATEGORY,
    "tvs_category": _CATEGORY,
    "subclass": _text(classe),
    "decided_by": _text(choix),
    "severity": _text(gravite),
    "rule": _text(regle),
    "unit_type": _word({"tvs": "TVS", "grand_quartier": "grand quartier"}),
    "category_from": _word({"computed": "calculée", "drees": "DREES", "none": "aucune"}),
    "kind": _word({"tvs": "TVS", "commune": "commune"}),
    "override": _oui_non,
    "changed": _oui_non,
    "category_disagrees": _oui_non,
}


def pour_analyste(frame: pd.DataFrame) -> pd.DataFrame:
    """A zoning table with French headers and coded values in French (a copy; the index is renamed too).

    Numbers are left as numbers (the CSV writer formats them); columns without a French header keep their name.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"rule": ["zac_cap"], "severity": ["error"], "limit": [10.0]})
    >>> pour_analyste(v).to_dict("records")
    [{'regle': 'plafond ZAC', 'gravite': 'erreur', 'limite': 10.0}]
    """
    out = frame.copy()
    for column in out.columns:
        translate = VALUES.get(str(column))
        if translate is not None:
            out[column] = out[column].map(translate).astype(object)
    out = out.rename(columns=lambda c: HEADERS.get(str(c), c))
    out.index = out.index.set_names([HEADERS.get(str(n), n) if n is not None else None for n in out.index.names])
    return out
