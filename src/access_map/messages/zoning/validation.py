"""Errors and warnings about the inputs of the zoning engine: TVS composition and APL, policies, QPV, five-level
zonings, zoning comparisons (:func:`~access_map.zoning.zoning_diff`).

Each says what is wrong, what was found (values quoted from the inputs, cut and counted) and how to fix it.

Examples
--------
>>> commune_dans_plusieurs_tvs(source="tvs.csv", pairs=[("33001", "A/B")])
'tvs.csv : une commune est dans plusieurs TVS (33001 dans A/B) ; une commune appartient à un seul TVS (corrigez la composition des TVS)'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._format import entier, extrait, liste, pluriel

__all__ = [
    "TABLE_TVS",
    "APL_DES_TVS",
    "INDICATEUR",
    "POPULATION",
    "categories_inconnues",
    "index_commune_absent",
    "tvs_vide",
    "tvs_a_deux_categories",
    "commune_dans_plusieurs_tvs",
    "pas_une_serie",
    "codes_en_double",
    "valeurs_manquantes",
    "valeurs_des_communes",
    "politique_inconnue",
    "POLITIQUE_SANS_ZONAGE_EN_VIGUEUR",
    "qpv_dans_grands_quartiers",
    "niveaux_nombre_de_parts",
    "niveaux_parts_invalides",
    "niveaux_somme",
    "niveaux_frontiere",
    "territoires_differents",
    "TERRITOIRES_SANS_HABITANT",
    "diff_communes_absentes",
    "diff_codes_manquants",
    "diff_langue",
]

#: Name of the TVS composition in messages.
TABLE_TVS = "table des TVS"
#: Name of the TVS APL in messages.
APL_DES_TVS = "APL des TVS"
#: Name of a five-level zoning's indicator in messages.
INDICATEUR = "indicateur"
#: Name of a population series in messages.
POPULATION = "population"


def categories_inconnues(*, source: str, column: str, values: Sequence[object], labels: Iterable[str]) -> str:
    """Unknown DREES category labels.

    Examples
    --------
    >>> categories_inconnues(source="tvs.csv", column="drees_category", values=["Zone X"], labels=["02_Vivier"])
    'tvs.csv, colonne drees_category : libellé de catégorie inconnu (Zone X) ; attendu : 02_Vivier (cadre national DREES), ou sélection nationale, vivier, hors vivier'
    """
    noun = "libellés de catégorie inconnus" if len(values) > 1 else "libellé de catégorie inconnu"
    return (
        f"{source}, colonne {column} : {noun} ({liste(values)}) ; attendu : {liste(labels, limit=8)} "
        "(cadre national DREES), ou sélection nationale, vivier, hors vivier"
    )


def index_commune_absent(*, source: str, code: str, index: object, columns: Sequence[object]) -> str:
    """The TVS composition has no commune code (neither as index nor as a column).

    Examples
    --------
    >>> index_commune_absent(source="tvs.csv", code="code_commune", index=None, columns=["code_tvs"])
    "tvs.csv : le code commune doit être l'index nommé code_commune ou une colonne code_commune ; trouvé : index None, colonnes code_tvs"
    """
    return (
        f"{source} : le code commune doit être l'index nommé {code} ou une colonne {code} ; trouvé : index "
        f"{extrait(index)}, colonnes {liste(columns, limit=20)}"
    )


def tvs_vide(*, source: str, communes: Sequence[object]) -> str:
    """Communes of the TVS composition without TVS code.

    Examples
    --------
    >>> tvs_vide(source="tvs.csv", communes=["33001"])
    'tvs.csv : code_tvs vide pour 1 commune (33001) ; chaque commune doit avoir un TVS'
    """
    return (
        f"{source} : code_tvs vide pour {pluriel(len(communes), 'commune')} ({liste(communes)}) ; chaque commune "
        "doit avoir un TVS"
    )


def tvs_a_deux_categories(*, source: str, tvs: Sequence[object]) -> str:
    """TVS given two DREES categories.

    Examples
    --------
    >>> tvs_a_deux_categories(source="tvs.csv", tvs=["T1"])
    'tvs.csv : TVS avec deux catégories DREES (T1) ; un TVS a une seule catégorie nationale'
    """
    return f"{source} : TVS avec deux catégories DREES ({liste(tvs)}) ; un TVS a une seule catégorie nationale"


def commune_dans_plusieurs_tvs(*, source: str, pairs: Sequence[tuple[object, str]]) -> str:
    """Communes listed in more than one TVS (``(commune, "A/B")`` pairs).

    Examples
    --------
    >>> commune_dans_plusieurs_tvs(source="t", pairs=[("1", "A/B"), ("2", "C/D")])[:45]
    't : 2 communes sont dans plusieurs TVS (1 dan'
    """
    shown = liste([f"{c} dans {t}" for c, t in pairs])
    head = "une commune est" if len(pairs) == 1 else f"{entier(len(pairs))} communes sont"
    return (
        f"{source} : {head} dans plusieurs TVS ({shown}) ; une commune appartient à un seul TVS (corrigez la "
        "composition des TVS)"
    )


def pas_une_serie(*, name: str, code: str, found: str) -> str:
    """A value given per commune that is not a pandas Series.

    Examples
    --------
    >>> pas_une_serie(name="weights", code="code_commune", found="list")
    'weights doit être une Series pandas indexée par code_commune ; reçu : list'
    """
    return f"{name} doit être une Series pandas indexée par {code} ; reçu : {found}"


def codes_en_double(*, name: str, codes: Sequence[object], what: str = "code(s) commune") -> str:
    """Codes present twice where each must be once.

    Examples
    --------
    >>> codes_en_double(name="apl", codes=["33001"])
    'apl : code(s) commune en double (33001) ; gardez une ligne par code'
    """
    return f"{name} : {what} en double ({liste(codes)}) ; gardez une ligne par code"


def valeurs_manquantes(*, what: str, communes: Sequence[object]) -> str:
    """Communes of the TVS composition without APL or without weight.

    Examples
    --------
    >>> valeurs_manquantes(what="APL", communes=["33001", "33002"])
    "2 communes de la table des TVS n'ont pas d'APL (33001, 33002) ; donnez une valeur pour chaque commune de la table des TVS (ou retirez ces communes de la table)"
    """
    article = "d'" if what[:1] in ("A", "E", "I", "O", "U", "a", "e", "i", "o", "u") else "de "
    verb = "n'ont" if len(communes) > 1 else "n'a"
    head = f"{pluriel(len(communes), 'commune')} de la table des TVS {verb} pas {article}{what}"
    return (
        f"{head} ({liste(communes)}) ; donnez une valeur pour chaque commune de la table des TVS (ou retirez ces "
        "communes de la table)"
    )


def valeurs_des_communes(*, what: str) -> str:
    """Name, in messages, of the values (APL, weights) of the communes of the TVS composition.

    Examples
    --------
    >>> valeurs_des_communes(what="poids")
    'poids des communes des TVS'
    """
    return f"{what} des communes des TVS"


def politique_inconnue(*, policy: object, policies: Iterable[str]) -> str:
    """An unknown default policy.

    Examples
    --------
    >>> politique_inconnue(policy="max", policies=["skip", "stop", "in_force"])
    'règle par défaut max inconnue : choisissez parmi skip, stop, in_force'
    """
    return f"règle par défaut {extrait(policy)} inconnue : choisissez parmi {', '.join(policies)}"


#: The ``in_force`` policy without zoning in force.
POLITIQUE_SANS_ZONAGE_EN_VIGUEUR = (
    "la règle par défaut in_force part du zonage en vigueur : passez in_force=<zonage par commune>"
)


def qpv_dans_grands_quartiers(*, units: Sequence[str]) -> str:
    """QPV classed on their own in communes zoned by grands quartiers.

    Examples
    --------
    >>> qpv_dans_grands_quartiers(units=["T/04"])
    'liste des QPV : QPV dans des communes zonées par grands quartiers (T/04) ; classez le grand quartier à la place'
    """
    return (
        f"liste des QPV : QPV dans des communes zonées par grands quartiers ({liste(units)}) ; classez le grand "
        "quartier à la place"
    )


def niveaux_nombre_de_parts(*, count: int) -> str:
    """Five-level rules with a number of shares other than five.

    Examples
    --------
    >>> niveaux_nombre_de_parts(count=4)
    'FiveLevelRules attend 5 parts (très sous-doté … sur-doté) ; reçu : 4'
    """
    return f"FiveLevelRules attend 5 parts (très sous-doté … sur-doté) ; reçu : {entier(count)}"


def niveaux_parts_invalides(*, shares: Sequence[float]) -> str:
    """Five-level shares that are negative or not finite.

    Examples
    --------
    >>> niveaux_parts_invalides(shares=(0.5, -0.1))
    'les parts de FiveLevelRules doivent être finies et positives ou nulles ; reçu : 0.5, -0.1'
    """
    return (
        "les parts de FiveLevelRules doivent être finies et positives ou nulles ; reçu : "
        f"{', '.join(repr(float(v)) for v in shares)}"
    )


def niveaux_somme(*, total: float) -> str:
    """Five-level shares that do not sum to 1.

    Examples
    --------
    >>> niveaux_somme(total=100.0)
    'les parts de FiveLevelRules totalisent 100,0000 ; elles doivent totaliser 1 (donnez des parts, par ex. 0.053 pour 5,3 %)'
    """
    from .._format import nombre

    return (
        f"les parts de FiveLevelRules totalisent {nombre(total, decimals=4)} ; elles doivent totaliser 1 (donnez "
        "des parts, par ex. 0.053 pour 5,3 %)"
    )


def niveaux_frontiere(*, boundary: object) -> str:
    """An unknown boundary rule of a five-level zoning.

    Examples
    --------
    >>> niveaux_frontiere(boundary="x")
    'boundary doit valoir midpoint ou first_inhabitant ; reçu : x'
    """
    return f"boundary doit valoir midpoint ou first_inhabitant ; reçu : {extrait(boundary)}"


def territoires_differents(*, without_population: Sequence[object], without_indicator: Sequence[object]) -> str:
    """The indicator and the population of a five-level zoning do not cover the same territories.

    Examples
    --------
    >>> territoires_differents(without_population=["a"], without_indicator=[])
    "l'indicateur et la population doivent couvrir les mêmes territoires : sans population : a"
    """
    parts = []
    if without_population:
        parts.append(f"sans population : {liste(without_population)}")
    if without_indicator:
        parts.append(f"sans indicateur : {liste(without_indicator)}")
    return "l'indicateur et la population doivent couvrir les mêmes territoires : " + " ; ".join(parts)


#: A five-level zoning of territories without inhabitant.
TERRITOIRES_SANS_HABITANT = "population : les territoires n'ont aucun habitant (total 0)"


def diff_communes_absentes(*, only_before: Sequence[object], only_after: Sequence[object], absent: str) -> str:
    """Communes present in only one of two compared zonings.

    Examples
    --------
    >>> diff_communes_absentes(only_before=["01001"], only_after=[], absent="absent")[:70]
    'comparaison des zonages : 1 commune seulement dans le premier zonage ('
    """
    first = liste(only_before) if len(only_before) else "aucune"
    second = liste(only_after) if len(only_after) else "aucune"
    return (
        f"comparaison des zonages : {pluriel(len(only_before), 'commune')} seulement dans le premier zonage "
        f"({first}) et {entier(len(only_after))} seulement dans le second ({second}) ; comptées « {absent} » "
        "de l'autre côté (millésimes du COG différents ? harmonisez d'abord les codes avec access_map.cog)"
    )


def diff_codes_manquants(*, name: str, communes: Sequence[object]) -> str:
    """A per-commune series (population, regions) that does not cover the compared zonings.

    Examples
    --------
    >>> diff_codes_manquants(name="population", communes=["01001"])
    'population : aucune valeur pour 1 commune des zonages (01001)'
    """
    return f"{name} : aucune valeur pour {pluriel(len(communes), 'commune')} des zonages ({liste(communes)})"


def diff_langue(*, language: object) -> str:
    """A language other than French asked of :meth:`ZoningDiff.describe`.

    Examples
    --------
    >>> diff_langue(language="en")
    'language : seul « fr » est disponible (reçu : en)'
    """
    return f"language : seul « fr » est disponible (reçu : {extrait(language)})"
