"""The rules of the GP zoning in French: what each rule is, where it comes from, its value as a reader reads it,
and the errors of a rule set that does not hold together (``rules.csv``, the report's « Règles appliquées »).

Examples
--------
>>> RULE_LABELS["zip_threshold"]
'seuil de la sélection nationale (APL du TVS ≤)'
>>> valeur_de_regle("cross_region", "majority_region")
'la région majoritaire du TVS décide (majority_region)'
>>> valeur_de_regle("share_check_decimals", None)
'aucun arrondi : parts exactes'
"""

from __future__ import annotations

from collections.abc import Iterable

from .._format import extrait, liste

__all__ = [
    "APPLICATION",
    "RULE_SOURCES",
    "RULE_LABELS",
    "VALUE_LABELS",
    "SOURCE_2017",
    "SOURCE_2021",
    "SOURCE_2024",
    "SOURCE_2025",
    "SOURCE_SEUILS_UTILISATEUR",
    "SOURCE_PARTS_UTILISATEUR",
    "valeur_de_regle",
    "valeur_utilisateur",
    "pas_un_nombre_fini",
    "negatif",
    "seuils_inverses",
    "marge_pas_une_part",
    "valeur_hors_liste",
    "classes_de_marge_inconnues",
    "classes_qpv_invalides",
    "decimales_de_parts_invalides",
    "decimales_apl_invalides",
    "regles_invalides",
    "jeu_de_regles_inconnu",
    "regle_inconnue",
]

#: DREES's zoning application (public repository ``phileas-condemine/Zonage_ARS``).
APPLICATION = "application DREES Zonage_ARS"

#: Source of each rule (field of :class:`~access_map.zoning.ZoningRules`) under the 2017 reading and under the
#: application (2021+ presets). Quoted in the zoning report.
RULE_SOURCES: dict[str, dict[str, str]] = {
    "zip_threshold": {
        "2017": "arrêté du 13 novembre 2017, annexe (APL du TVS ≤ 2,5 : sélection nationale)",
        "app": "arrêté 2017 révisé (2021) ; 2025 : seuil régional",
    },
    "vivier_threshold": {
        "2017": "arrêté du 13 novembre 2017, annexe (2,5 < APL ≤ 4 : vivier)",
        "app": "arrêté 2017 révisé (2021) ; 2025 : seuil régional",
    },
    "hors_vivier_margin": {
        "2017": "arrêté du 13 novembre 2017, annexe (marge de 5 % de la population du vivier)",
        "app": f"{APPLICATION}, R/jauges_func.R (jauge « marge dérogatoire », max_val = 5)",
    },
    "national_selection_optional_regions": {
        "2017": "arrêté du 13 novembre 2017 : sélection nationale obligatoire (ZIP) dans toutes les régions",
        "app": f"{APPLICATION}, global.R (regions_derogatoires = 84, 11, 93, 32) et R/prep_zonage_mg.R (ZIP coché "
        "et verrouillé pour la sélection nationale hors de ces régions)",
    },
    "cross_region": {
        "2017": "arrêté du 13 novembre 2017 : chaque ARS classe la part de ses résidents",
        "app": f"{APPLICATION}, R/prep_zonage_mg.R (reg_majoritaire : région la plus peuplée du TVS, boutons "
        "désactivés ailleurs) et R/tableau_agr_func.R (zonage en vigueur de la région majoritaire repris)",
    },
    "hors_vivier_margin_classes": {
        "2017": "lecture du package : tout TVS hors vivier ajouté (ZIP, ZAC ou ZV) compte dans la marge",
        "app": f"{APPLICATION}, R/jauges_func.R (marge = population hors vivier choisie ZIP ou ZAC / population "
        "du vivier)",
    },
    "share_check_decimals": {
        "2017": "lecture du package : parts exactes (tolérance relative 1e-9)",
        "app": f"{APPLICATION}, R/jauges_func.R (round(100 * part, 1) comparé à maxZIP / maxZAC / 5) et "
        "R/load_files.R (plafonds maxZIP, maxZAC en % par région)",
    },
    "category_source": {
        "2017": "lecture du package : catégorie calculée depuis l'APL du TVS",
        "app": f"{APPLICATION}, R/prep_zonage_mg.R (cadre national CN lu dans le fichier DREES : "
        "01_Sélection nationale, 02_Vivier, ZZ_Hors vivier)",
    },
    "tvs_apl_decimals": {
        "2017": "note DREES (APL du TVS = moyenne pondérée par la population standardisée) ; arrondi à 12 "
        "décimales contre le bruit flottant",
        "app": "note DREES (APL du TVS = moyenne pondérée par la population standardisée) ; arrondi à 12 "
        "décimales contre le bruit flottant",
    },
    "qpv_classes": {
        "2017": "lecture du package de l'arrêté 2017 : un QPV peut être classé ZIP ou ZAC",
        "app": f"{APPLICATION}, utils/qpv.R (choix ZIP, ZAC, ZV, HV pour un QPV)",
    },
    "qpv_requires_vivier": {
        "2017": "arrêté du 13 novembre 2017 : QPV au moins en partie dans un TVS du vivier",
        "app": f"{APPLICATION}, R/qpv_func.R (aucune condition de vivier)",
    },
    "qpv_excluded_regions": {
        "2017": "arrêté du 13 novembre 2017 : QPV dans toutes les régions",
        "app": f"{APPLICATION}, R/qpv_func.R (pas de zonage des QPV dans les régions 4 et 6)",
    },
    "starting_point": {
        "2017": "lecture du package : plafonds remplis par APL croissant (pas d'équivalent dans l'application)",
        "app": f"{APPLICATION}, R/prep_zonage_mg.R (zonage en vigueur pré-coché) et R/tableau_agr_func.R",
    },
    "grand_quartier_regions": {
        "2017": "lecture du package : zonage par TVS partout",
        "app": f"{APPLICATION}, R/handle_geo_data.R (La Réunion, région 4 : grands quartiers au lieu des TVS) et "
        "R/prep_zonage_mg.R ; codes d'export 7_GQ_ZAC / 8_GQ_ZIP",
    },
}

#: What each rule is, in French (column ``label`` of ``rules.csv``).
RULE_LABELS: dict[str, str] = {
    "zip_threshold": "seuil de la sélection nationale (APL du TVS ≤)",
    "vivier_threshold": "seuil du vivier (APL du TVS ≤)",
    "hors_vivier_margin": "marge hors vivier (part de la population du vivier)",
    "national_selection_optional_regions": "régions où la sélection nationale est facultative",
    "cross_region": "TVS à cheval sur plusieurs régions",
    "hors_vivier_margin_classes": "classes d'un TVS hors vivier ajouté comptées dans la marge",
    "share_check_decimals": "arrondi des parts comparées aux plafonds (décimales du pourcentage)",
    "category_source": "catégorie nationale du TVS",
    "tvs_apl_decimals": "arrondi de l'APL du TVS (décimales)",
    "qpv_classes": "classes possibles d'un QPV classé à part",
    "qpv_requires_vivier": "QPV classé à part seulement dans un TVS du vivier",
    "qpv_excluded_regions": "régions sans zonage à part des QPV",
    "starting_point": "choix par défaut sans liste de l'ARS",
    "grand_quartier_regions": "régions zonées par grands quartiers",
}

#: The values of the rules that are words, in French (the code is kept in parentheses).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "cross_region": {
        "per_region": "chaque région classe sa part",
        "majority_region": "la région majoritaire du TVS décide",
    },
    "starting_point": {
        "lowest_apl": "APL croissant dans les plafonds",
        "in_force": "zonage en vigueur, ajusté aux plafonds",
    },
    "category_source": {
        "computed": "calculée depuis l'APL",
        "drees": "celle de la DREES quand elle est fournie",
    },
}

SOURCE_2017 = "arrêté du 13 novembre 2017 (médecins), DGOS FAQ zonage 2018"
SOURCE_2021 = (
    "arrêté 2017 révisé en 2021 (DGOS), règles de l'application DREES Zonage_ARS — seuils 2,5 / 4 et marge 5 % "
    "repris, à vérifier"
)
SOURCE_2024 = (
    "révision 2024 du zonage médecins, règles de l'application DREES — seuils 2,5 / 4 et marge 5 % repris, à vérifier"
)
SOURCE_2025 = "arrêté 2025 : seuils régionaux (par ex. 2,71 / 3,98 sur l'APL 2023)"
#: Source of thresholds passed by the user.
SOURCE_SEUILS_UTILISATEUR = "seuils fournis par l'utilisateur"
#: Source of five-level shares passed by the user.
SOURCE_PARTS_UTILISATEUR = "parts fournies par l'utilisateur"


def valeur_de_regle(rule: str, value: object) -> object:
    """A rule's value for ``rules.csv``: words in French (code in parentheses), sets joined, ``None`` spelt out;
    numbers and flags are left as they are (they are formatted where they are shown).

    Examples
    --------
    >>> valeur_de_regle("starting_point", "in_force"), valeur_de_regle("qpv_excluded_regions", frozenset())
    ('zonage en vigueur, ajusté aux plafonds (in_force)', '—')
    >>> valeur_de_regle("zip_threshold", 2.5)
    2.5
    """
    if value is None:
        return "aucun arrondi : parts exactes"
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) or "—"
    if isinstance(value, tuple):
        return ", ".join(value)
    labels = VALUE_LABELS.get(rule)
    if labels is not None and isinstance(value, str) and value in labels:
        return f"{labels[value]} ({value})"
    return value


def valeur_utilisateur(*, value: object) -> str:
    """Source of a rule whose value the user chose.

    Examples
    --------
    >>> valeur_utilisateur(value=frozenset({"75"}))
    "valeur choisie par l'utilisateur (75)"
    """
    shown = ", ".join(sorted(map(str, value))) if isinstance(value, (frozenset, set, tuple)) else str(value)
    return f"valeur choisie par l'utilisateur ({extrait(shown)})"


def pas_un_nombre_fini(*, name: str, value: object) -> str:
    """Problem of a rule set: a threshold or margin that is not a finite number.

    Examples
    --------
    >>> pas_un_nombre_fini(name="zip_threshold", value="x")
    "zip_threshold = x n'est pas un nombre fini"
    """
    return f"{name} = {extrait(value)} n'est pas un nombre fini"


def negatif(*, name: str, value: object) -> str:
    """Problem of a rule set: a negative threshold or margin.

    Examples
    --------
    >>> negatif(name="hors_vivier_margin", value=-0.05)
    'hors_vivier_margin = -0.05 est négatif'
    """
    return f"{name} = {extrait(value)} est négatif"


def seuils_inverses(*, zip_threshold: float, vivier_threshold: float) -> str:
    """Problem of a rule set: the national-selection threshold above the vivier threshold.

    Examples
    --------
    >>> seuils_inverses(zip_threshold=4.5, vivier_threshold=4.0)
    'zip_threshold = 4.5 dépasse vivier_threshold = 4.0'
    """
    return f"zip_threshold = {zip_threshold!r} dépasse vivier_threshold = {vivier_threshold!r}"


def marge_pas_une_part(*, value: float) -> str:
    """Problem of a rule set: a margin above 1 (a percentage given for a share).

    Examples
    --------
    >>> marge_pas_une_part(value=5.0)
    'hors_vivier_margin = 5.0 est une part : elle doit être comprise entre 0 et 1 (0.05 pour 5 %)'
    """
    return f"hors_vivier_margin = {value!r} est une part : elle doit être comprise entre 0 et 1 (0.05 pour 5 %)"


def valeur_hors_liste(*, name: str, value: object, allowed: Iterable[str]) -> str:
    """Problem of a rule set: a word that is not one of the rule's values.

    Examples
    --------
    >>> valeur_hors_liste(name="cross_region", value="x", allowed=("per_region", "majority_region"))
    'cross_region = x : choisissez parmi per_region, majority_region'
    """
    return f"{name} = {extrait(value)} : choisissez parmi {', '.join(allowed)}"


def classes_de_marge_inconnues(*, classes: Iterable[str]) -> str:
    """Problem of a rule set: unknown classes counted in the hors-vivier margin.

    Examples
    --------
    >>> classes_de_marge_inconnues(classes=["ZAR"])
    'hors_vivier_margin_classes contient des classes inconnues (ZAR) : choisissez parmi ZIP, ZAC, ZV'
    """
    return (
        f"hors_vivier_margin_classes contient des classes inconnues ({liste(sorted(classes))}) : choisissez parmi "
        "ZIP, ZAC, ZV"
    )


def classes_qpv_invalides(*, value: object, allowed: Iterable[str]) -> str:
    """Problem of a rule set: QPV classes empty or unknown.

    Examples
    --------
    >>> classes_qpv_invalides(value=(), allowed=("ZIP", "ZAC"))
    'qpv_classes = () : choisissez une ou plusieurs classes parmi ZIP, ZAC'
    """
    return f"qpv_classes = {extrait(value)} : choisissez une ou plusieurs classes parmi {', '.join(allowed)}"


def decimales_de_parts_invalides(*, value: object) -> str:
    """Problem of a rule set: ``share_check_decimals`` neither None nor a non-negative integer.

    Examples
    --------
    >>> decimales_de_parts_invalides(value=-1)
    'share_check_decimals = -1 : None (parts exactes) ou un entier positif ou nul'
    """
    return f"share_check_decimals = {extrait(value)} : None (parts exactes) ou un entier positif ou nul"


def decimales_apl_invalides(*, value: object) -> str:
    """Problem of a rule set: ``tvs_apl_decimals`` outside 0–15.

    Examples
    --------
    >>> decimales_apl_invalides(value=20)
    'tvs_apl_decimals = 20 : un entier de 0 à 15'
    """
    return f"tvs_apl_decimals = {extrait(value)} : un entier de 0 à 15"


def regles_invalides(*, problems: Iterable[str]) -> str:
    """The error of a rule set that does not hold together, with every problem found.

    Examples
    --------
    >>> regles_invalides(problems=["a", "b"])[:40]
    'règles de zonage invalides : a ; b (les '
    """
    return (
        f"règles de zonage invalides : {' ; '.join(problems)} (les seuils d'APL sont des consultations par habitant "
        "standardisé, par ex. 2.5 et 4 ; la marge est une part, par ex. 0.05)"
    )


def jeu_de_regles_inconnu(*, name: object, presets: Iterable[str]) -> str:
    """An unknown preset name.

    Examples
    --------
    >>> jeu_de_regles_inconnu(name="2019", presets=["2017", "2021"])[:52]
    'jeu de règles 2019 inconnu : choisissez parmi 2017, '
    """
    return (
        f"jeu de règles {extrait(name)} inconnu : choisissez parmi {', '.join(presets)}, ou construisez "
        "ZoningRules.revision_2025(zip_threshold=..., vivier_threshold=...) / ZoningRules.custom(...) pour des "
        "seuils régionaux"
    )


def regle_inconnue(*, name: object, rules: Iterable[str]) -> str:
    """An unknown rule name asked for its source.

    Examples
    --------
    >>> regle_inconnue(name="x", rules=["zip_threshold"])
    'règle x inconnue ; règles : zip_threshold'
    """
    return f"règle {extrait(name)} inconnue ; règles : {', '.join(rules)}"
