"""French texts of the maps and of the parts of the reports that describe maps.

What a value column is (profession, practitioner-age variant, level, data vintage) is described once
by :class:`access_map.maps.meta.ValueLabel`; the phrases it is built from live here. So do the texts
of the national and regional maps: Paris, Lyon and Marseille drawn from their arrondissements, the
overseas insets, the reference names, the source line (producers and vintages), the coverage-rate
classes and the notes a map run reports.

Examples
--------
>>> age_short(None), age_short(65)
('tous âges', '≤ 65 ans')
>>> tvs_apl_popup(None)
'APL tous âges du TVS'
>>> zoning_rules_line("2021", None)
'Règles du zonage : 2021 (APL tous âges des TVS).'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, liste, nombre, pluriel

__all__ = [
    "age_short",
    "age_long",
    "LEVEL_LONG",
    "LEVEL_SHORT",
    "apl_title",
    "apl_layer",
    "apl_popup",
    "apl_caption",
    "tvs_apl_popup",
    "zoning_basis",
    "zoning_rules_line",
    "CATEGORY_LABELS",
    "CATEGORY_TITLE",
    "CATEGORY_NAMES",
    "ZONING_TITLE",
    "ZONING_COMPUTED",
    "ZONING_PUBLISHED",
    "ZONING_PUBLISHED_TITLE",
    "ZONING_PUBLISHED_SUBTITLE",
    "FRANCE",
    "region_fallback",
    "TVS_APL_TITLE",
    "PLM_DRAWN_WHOLE",
    "plm_note",
    "plm_detail",
    "plm_tvs",
    "missing_contours_note",
    "unmatched_contours_note",
    "merged_contours_note",
    "INSET_NAMES",
    "INSET_NOTE",
    "LABELS_LAYER",
    "credit",
    "source_line",
    "FICTIONAL_DATA",
    "COMPUTED_APL",
    "coverage_class_labels",
    "COVERAGE_TITLE",
    "COVERAGE_UNIT",
    "POPUP",
    "national_map_title",
    "region_title",
    "DEPLOYMENT_TITLE",
    "SOURCE_DATASETS",
    "DEPARTEMENTS_OPTION_HELP",
]


# --------------------------------------------------------------------------- what a value is
def age_short(max_age: int | None) -> str:
    """The practitioner-age variant in a layer name or a popup row: « tous âges », « ≤ 65 ans ».

    Examples
    --------
    >>> age_short(62)
    '≤ 62 ans'
    """
    return "tous âges" if not max_age else f"≤ {max_age} ans"


def age_long(max_age: int | None) -> str:
    """The practitioner-age variant in a subtitle.

    Examples
    --------
    >>> age_long(None), age_long(65)
    ('Toutes tranches d’âge des praticiens', 'Praticiens de 65 ans ou moins')
    """
    return "Toutes tranches d’âge des praticiens" if not max_age else f"Praticiens de {max_age} ans ou moins"


#: The level of a value in a subtitle, and in a layer name.
LEVEL_LONG: dict[str, str] = {"commune": "par commune", "tvs": "par territoire de vie-santé (TVS)"}
LEVEL_SHORT: dict[str, str] = {"commune": "par commune", "tvs": "par TVS"}


def apl_title(profession_name: str, *, vintage: int | None = None, where: str = "") -> str:
    """« APL aux médecins généralistes — 2017 — Nouvelle-Aquitaine » (``vintage``: the year of the data).

    Examples
    --------
    >>> apl_title("sages-femmes", vintage=2023)
    'APL aux sages-femmes — 2023'
    """
    return f"APL aux {profession_name}" + (f" — {vintage}" if vintage else "") + (f" — {where}" if where else "")


def apl_layer(profession_name: str, *, max_age: int | None, level: str) -> str:
    """Name of an APL view in the layer control: « APL médecins généralistes, ≤ 65 ans, par TVS ».

    Examples
    --------
    >>> apl_layer("infirmiers", max_age=None, level="commune")
    'APL infirmiers, tous âges, par commune'
    """
    return f"APL {profession_name}, {age_short(max_age)}, {LEVEL_SHORT[level]}"


def apl_popup(profession_name: str, *, max_age: int | None) -> str:
    """Row of the click popup for a commune APL: « APL médecins généralistes, tous âges ».

    Examples
    --------
    >>> apl_popup("médecins généralistes", max_age=65)
    'APL médecins généralistes, ≤ 65 ans'
    """
    return f"APL {profession_name}, {age_short(max_age)}"


def tvs_apl_popup(max_age: int | None) -> str:
    """Row of the click popup for the APL of the commune's TVS (the variant the zoning used).

    Examples
    --------
    >>> tvs_apl_popup(65)
    'APL ≤ 65 ans du TVS'
    """
    return f"APL {age_short(max_age)} du TVS"


def apl_caption(profession_name: str, *, max_age: int | None, level: str, vintage: int | None = None) -> str:
    """Caption of an APL figure in a report.

    Examples
    --------
    >>> apl_caption("médecins généralistes", max_age=None, level="tvs", vintage=2017)
    'APL tous âges aux médecins généralistes par territoire de vie-santé (TVS) — 2017'
    """
    return f"APL {age_short(max_age)} aux {profession_name} {LEVEL_LONG[level]}" + (f" — {vintage}" if vintage else "")


def zoning_basis(vintage: int | None, max_age: int | None) -> str:
    """What a zoning was computed on, in a subtitle: « sur l'APL 2023 (médecins de 65 ans ou moins, par TVS) ».

    Examples
    --------
    >>> zoning_basis(2023, None)
    " sur l'APL 2023 (tous âges, par TVS)"
    >>> zoning_basis(None, 65)
    " sur l'APL (médecins de 65 ans ou moins, par TVS)"
    """
    variant = "tous âges" if not max_age else f"médecins de {max_age} ans ou moins"
    return f" sur l'APL{f' {vintage}' if vintage else ''} ({variant}, par TVS)"


def zoning_rules_line(rules: str, max_age: int | None) -> str:
    """The zoning line of a report's sources.

    Examples
    --------
    >>> zoning_rules_line("2017", 65)
    'Règles du zonage : 2017 (APL ≤ 65 ans des TVS).'
    """
    return f"Règles du zonage : {rules} (APL {age_short(max_age)} des TVS)."


# --------------------------------------------------------------------------- national zoning maps
#: National categories of a TVS (the zoning's phase 1), as a map and a popup name them.
CATEGORY_LABELS: dict[str, str] = {
    "national_selection": "Sélection nationale (APL inférieure à 2,5)",
    "vivier": "Vivier (APL de 2,5 à 4)",
    "hors_vivier": "Hors vivier (APL supérieure à 4)",
}
#: Short names of the national categories (a city's detail in a popup).
CATEGORY_NAMES: dict[str, str] = {
    "national_selection": "Sélection nationale",
    "vivier": "Vivier",
    "hors_vivier": "Hors vivier",
}
CATEGORY_TITLE = "Sélection nationale, vivier et hors vivier des médecins généralistes"
ZONING_TITLE = "Zonage des médecins généralistes"
ZONING_COMPUTED = "Zonage calculé"
ZONING_PUBLISHED = "Zonage publié"
ZONING_PUBLISHED_TITLE = "Zonage publié des médecins généralistes"
ZONING_PUBLISHED_SUBTITLE = "Zonage en vigueur publié, par commune"
FRANCE = "France"


def region_fallback(code: str) -> str:
    """A region whose code has no name: « région 99 ».

    Examples
    --------
    >>> region_fallback("99")
    'région 99'
    """
    return f"région {code}"


TVS_APL_TITLE = "APL du TVS : sélection nationale, vivier, hors vivier"

PLM_DRAWN_WHOLE = (
    "Paris, Lyon et Marseille : dessinées en commune entière (le fichier de contours n'a pas leurs "
    "arrondissements) ; l'APL y est la moyenne de celle de leurs arrondissements pondérée par la population "
    "standardisée, la classe celle de la majorité de leur population ; le détail par arrondissement est dans "
    "la fenêtre de la commune."
)


def plm_note(*, whole: Sequence[str], arrondissements: Sequence[str]) -> str:
    """What a map shows for Paris, Lyon and Marseille: arrondissements drawn, or whole cities aggregated.

    Examples
    --------
    >>> plm_note(whole=["Lyon", "Marseille"], arrondissements=["Paris"])[:60]
    'Paris : arrondissements dessinés (contours fournis). Lyon et'
    """
    parts = []
    if arrondissements:
        parts.append(f"{' et '.join(arrondissements)} : arrondissements dessinés (contours fournis).")
    if whole:
        names = ", ".join(whole[:-1]) + f" et {whole[-1]}" if len(whole) > 1 else whole[0]
        parts.append(
            f"{names} : {'dessinées' if len(whole) > 1 else 'dessinée'} en commune entière (pas de contour "
            "d'arrondissement) ; APL = moyenne des arrondissements pondérée par la population standardisée, "
            "classe = celle de la majorité de la population ; détail par arrondissement dans la fenêtre de la commune."
        )
    return " ".join(parts)


def plm_detail(shares: dict[str, float], n_arrondissements: int) -> str:
    """Popup row of a whole city drawn from its arrondissements: the share of its population in each class.

    Examples
    --------
    >>> print(plm_detail({"Vivier": 0.62, "Hors vivier": 0.38}, 20))
    20 arrondissements : Vivier 62\u202f% ; Hors vivier 38\u202f% de la population
    """
    parts = " ; ".join(f"{label} {nombre(100 * share, decimals=0)}\u202f%" for label, share in shares.items())
    return f"{entier(n_arrondissements)} arrondissements : {parts} de la population"


def plm_tvs(n_tvs: int, n_arrondissements: int) -> str:
    """Popup row « Territoire de vie-santé » of a whole city drawn from its arrondissements.

    Examples
    --------
    >>> plm_tvs(20, 20), plm_tvs(3, 9)
    ('20 TVS, un par arrondissement', '3 TVS (9 arrondissements)')
    """
    if n_tvs == n_arrondissements:
        return f"{n_tvs} TVS, un par arrondissement"
    return f"{n_tvs} TVS ({n_arrondissements} arrondissements)"


def missing_contours_note(codes: Sequence[str]) -> str:
    """Communes of the table that the contours do not have (other than the arrondissements of PLM).

    Examples
    --------
    >>> missing_contours_note(["14666", "85165"])
    "2 communes du tableau n'ont pas de contour dans le fichier de contours (communes créées ou recodées depuis son millésime du COG : 14666, 85165) : elles ne sont pas dessinées."
    """
    return (
        f"{pluriel(len(codes), 'commune')} du tableau n'{'ont' if len(codes) > 1 else 'a'} pas de contour dans le "
        f"fichier de contours (communes créées ou recodées depuis son millésime du COG : {liste(codes)}) : "
        f"{'elles ne sont pas dessinées' if len(codes) > 1 else 'elle n’est pas dessinée'}."
    )


def merged_contours_note(*, n_contours: int, n_communes: int, contours_year: int, year: int) -> str:
    """Contours of communes merged since the contours' COG, drawn as one commune.

    Examples
    --------
    >>> merged_contours_note(n_contours=431, n_communes=190, contours_year=2018, year=2023)
    'Contours du COG 2018 ramenés au COG 2023 : 431 contours de communes fusionnées depuis forment 190 communes.'
    """
    return (
        f"Contours du COG {contours_year} ramenés au COG {year} : {pluriel(n_contours, 'contour')} de communes "
        f"fusionnées depuis forment {pluriel(n_communes, 'commune')}."
    )


def unmatched_contours_note(codes: Sequence[str]) -> str:
    """Contours with no value in the table: drawn as « Données manquantes ».

    Examples
    --------
    >>> unmatched_contours_note(["55039"])
    '1 contour de commune sans valeur dans le tableau (commune absente du tableau : fusionnée ou recodée depuis le millésime des contours, ou sans habitant : 55039) : « Données manquantes ».'
    """
    return (
        f"{pluriel(len(codes), 'contour')} de commune sans valeur dans le tableau (commune absente du tableau : "
        f"fusionnée ou recodée depuis le millésime des contours, ou sans habitant : {liste(codes)}) : "
        "« Données manquantes »."
    )


#: Names of the overseas insets of a national map (department code → name).
INSET_NAMES: dict[str, str] = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}
INSET_NOTE = "Départements d'outre-mer en encart (échelles différentes)."
LABELS_LAYER = "Repères : préfectures et principales villes"


def national_map_title(title: str) -> str:
    """Title of the national map of a zoning run.

    Examples
    --------
    >>> national_map_title("Zonage")
    'Zonage — France'
    """
    return f"{title} — France"


def region_title(title: str, region_name: str) -> str:
    """Title of the map of a region.

    Examples
    --------
    >>> region_title("Zonage", "Corse")
    'Zonage — Corse'
    """
    return f"{title} — {region_name}"


DEPLOYMENT_TITLE = "Déploiement de l'exercice coordonné"


# --------------------------------------------------------------------------- source line
FICTIONAL_DATA = "données fictives de démonstration"
COMPUTED_APL = "APL calculée par access_map (méthode DREES, paramètres {vintages})"


def credit(producer: str, dataset: str, vintage: object = None) -> str:
    """One credit of a source line: « DREES, APL 2023 », « INSEE, populations légales 2021 ».

    Examples
    --------
    >>> credit("IGN", "Admin Express", None)
    'IGN, Admin Express'
    """
    who = f"{producer}, {dataset}" if producer else dataset
    return f"{who} {vintage}" if vintage not in (None, "") else who


def source_line(credits: Sequence[str]) -> str:
    """Credits joined the way French official maps write them: « DREES, APL 2023 ; INSEE, … ».

    Examples
    --------
    >>> source_line(["DREES, APL 2023", "INSEE, populations légales 2021", "DREES, APL 2023"])
    'DREES, APL 2023 ; INSEE, populations légales 2021'
    """
    return " ; ".join(dict.fromkeys(c for c in credits if c))


# --------------------------------------------------------------------------- coverage rates
COVERAGE_TITLE = "Population couverte par une CPTS"
COVERAGE_UNIT = "% de la population"


def coverage_class_labels(bounds: Sequence[float]) -> list[str]:
    """Labels of classes of a rate in percent of the population, between ``bounds`` (0 … 100).

    Examples
    --------
    >>> print(" | ".join(coverage_class_labels([0, 50, 80, 100])))
    moins de 50\u202f% | de 50 à moins de 80\u202f% | 80\u202f% ou plus
    """
    inner = list(bounds[1:-1])
    labels = [f"moins de {nombre(inner[0], decimals=0)}\u202f%"]
    labels += [
        f"de {nombre(a, decimals=0)} à moins de {nombre(b, decimals=0)}\u202f%" for a, b in zip(inner, inner[1:])
    ]
    labels.append(f"{nombre(inner[-1], decimals=0)}\u202f% ou plus")
    return labels


# --------------------------------------------------------------------------- popup rows
#: Labels of the rows of the click popup.
POPUP: dict[str, str] = {
    "population": "Population",
    "tvs": "Territoire de vie-santé",
    "category": "Catégorie nationale du TVS",
    "zonage": "Zonage calculé",
    "zonage_precedent": "Zonage précédent",
    "zonage_publie": "Zonage publié",
    "cpts": "CPTS",
    "msp_proche": "MSP la plus proche",
    "msp_minutes": "Temps d'accès",
    "msp_missing": "aucune dans le rayon calculé",
    "plm": "Arrondissements",
    "region": "Région",
    "departement": "Département",
    "value": "Valeur",
    "reference": "Référence",
}


#: Who produces each kind of input file, and what it is called on a map's source line (source key of a
#: refresh configuration or option of a command → (producer, dataset)).
SOURCE_DATASETS: dict[str, tuple[str, str]] = {
    "communes": ("IGN", "contours des communes"),
    "contours": ("IGN", "contours des communes"),
    "chefs_lieux": ("IGN", "chefs-lieux des communes"),
    "departement_contours": ("IGN", "contours des départements"),
    "region_contours": ("IGN", "contours des régions"),
    "cog_communes": ("INSEE", "code officiel géographique"),
    "cog_departements": ("INSEE", "code officiel géographique, départements"),
    "populations": ("INSEE", "populations légales"),
    "population_by_age": ("INSEE", "population par âge"),
    "standardised_population": ("DREES", "population standardisée"),
    "drees_apl": ("DREES", "APL"),
    "drees_population": ("INSEE", "population"),
    "appartenance": ("INSEE", "table d'appartenance géographique"),
    "practitioners_rpps": ("ANS", "RPPS"),
    "practitioners_annuaire": ("ANS", "Annuaire santé"),
    "practitioners": ("", "fichier des praticiens"),
    "msp": ("DREES", "FINESS"),
    "cpts": ("", "liste des CPTS"),
    "tvs": ("DREES", "territoires de vie-santé"),
    "qpv": ("ANCT", "quartiers prioritaires"),
    "previous_zoning": ("ARS", "zonage en vigueur"),
    "published_zoning": ("ARS", "zonage publié"),
}

#: Help of ``access-map zoning --cog-departements``.
DEPARTEMENTS_OPTION_HELP = (
    "Table des départements du COG (INSEE : DEP;REG;CHEFLIEU;…) : avec --contours, les préfectures "
    "(chefs-lieux) sont nommées sur les cartes."
)
