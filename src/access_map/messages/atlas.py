"""French texts of the atlas from the official DREES APL (the refresh's publish entry).

Class and crossing labels of the tables, level names, report sentences and notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, liste, nombre, pluriel, pourcent

__all__ = [
    "LEVEL_NAMES",
    "FRANCE",
    "threshold_class_labels",
    "crossing_label",
    "crossings_summary",
    "no_previous_sheet",
    "communes_one_year_only",
    "published_source",
    "tvs_source_proxy",
    "tvs_source_file",
    "names_missing",
    "apl_mean_sentence",
    "change_sentence",
    "contour_communes_not_in_workbook",
    "tvs_proxy_unmatched",
    "workbook_communes_not_in_tvs",
    "NO_APL_SHEET",
    "no_sheet_of_year",
    "bad_previous_year",
    "NEEDS_REGIONS",
    "NEEDS_TVS",
    "communes_without_region",
    "TABLE_APL_COMMUNES",
    "communes_without_population",
]

#: Name of the per-commune APL table in messages.
TABLE_APL_COMMUNES = "table des APL par commune"

#: French names of the levels of the atlas tables (column ``niveau``).
LEVEL_NAMES: dict[str, str] = {
    "commune": "commune",
    "tvs": "territoire de vie-santé",
    "departement": "département",
    "region": "région",
    "france": "France",
}
#: Name of the whole country in the tables (code ``FR``).
FRANCE = "France entière"


def threshold_class_labels(thresholds: Sequence[float]) -> list[str]:
    """Labels of the APL classes cut at ``thresholds`` (at most the threshold = the lower class).

    Examples
    --------
    >>> threshold_class_labels([2.5, 4.0])
    ['APL ≤ 2,5', '2,5 < APL ≤ 4', 'APL > 4']
    """
    t = [nombre(x, decimals=1).removesuffix(",0") for x in thresholds]
    labels = [f"APL ≤ {t[0]}"]
    labels += [f"{a} < APL ≤ {b}" for a, b in zip(t, t[1:])]
    labels.append(f"APL > {t[-1]}")
    return labels


def crossing_label(before: str, after: str) -> str:
    """A commune changing APL class between two vintages: « APL > 4 → 2,5 < APL ≤ 4 ».

    Examples
    --------
    >>> crossing_label("APL > 4", "APL ≤ 2,5")
    'APL > 4 → APL ≤ 2,5'
    """
    return f"{before} → {after}"


def crossings_summary(*, variant: str, threshold: float, down: int, up: int, population_down: float,
                      population_up: float, years: tuple[int, int]) -> str:  # fmt: skip
    """One sentence on the communes crossing a threshold between two vintages.

    Examples
    --------
    >>> crossings_summary(variant="APL ≤ 65 ans", threshold=2.5, down=12, up=3, population_down=45210,
    ...                   population_up=800, years=(2022, 2023))
    '2022 → 2023, APL ≤ 65 ans : 12 communes passent sous le seuil de 2,5 (45\u202f210 habitants), 3 communes \
repassent au-dessus (800 habitants).'
    """
    t = nombre(threshold, decimals=1).removesuffix(",0")
    return (
        f"{years[0]} → {years[1]}, {variant} : {pluriel(down, 'commune')} "
        f"{'passe' if down == 1 else 'passent'} sous le seuil de {t} ({entier(population_down)} habitants), "
        f"{pluriel(up, 'commune')} {'repasse' if up == 1 else 'repassent'} au-dessus ({entier(population_up)} habitants)."
    )


def no_previous_sheet(*, year: int, years: Sequence[int]) -> str:
    """Note when the workbook has no earlier vintage to compare with.

    Examples
    --------
    >>> no_previous_sheet(year=2023, years=[2023])
    "Le classeur DREES n'a pas de feuille antérieure à l'APL 2023 (feuilles : 2023) : pas d'évolution."
    """
    return (
        f"Le classeur DREES n'a pas de feuille antérieure à l'APL {year} "
        f"(feuilles : {', '.join(map(str, years))}) : pas d'évolution."
    )


def communes_one_year_only(*, before: int, after: int, only_before: int, only_after: int) -> str:
    """Note on the communes present in one vintage only (COG changes between the two sheets).

    Examples
    --------
    >>> communes_one_year_only(before=2022, after=2023, only_before=12, only_after=2)
    "Évolution commune par commune : 12 communes de l'APL 2022 et 2 communes de l'APL 2023 ne figurent que dans \
l'un des deux millésimes (fusions ou créations de communes) ; elles restent comptées dans les évolutions par \
territoire."
    """
    return (
        f"Évolution commune par commune : {pluriel(only_before, 'commune')} de l'APL {before} et "
        f"{pluriel(only_after, 'commune')} de l'APL {after} ne figurent que dans l'un des deux millésimes "
        "(fusions ou créations de communes) ; elles restent comptées dans les évolutions par territoire."
    )


def published_source(*, file: str, year: int, population_year: int | None, previous: int | None) -> str:
    """The report's line on the published APL.

    Examples
    --------
    >>> published_source(file="apl.xlsx", year=2023, population_year=2021, previous=2022)
    'APL aux médecins généralistes publiée par la DREES : apl.xlsx, feuille APL 2023 (populations 2021) ; \
évolution depuis la feuille APL 2022 du même classeur.'
    """
    pop = f" (populations {population_year})" if population_year else ""
    prev = f" ; évolution depuis la feuille APL {previous} du même classeur" if previous else ""
    return f"APL aux médecins généralistes publiée par la DREES : {file}, feuille APL {year}{pop}{prev}."


def tvs_source_proxy(*, threshold: float, tvs: int) -> str:
    """The report's line on the TVS built from the bassins de vie.

    Examples
    --------
    >>> tvs_source_proxy(threshold=50000, tvs=3004)
    "Territoires de vie-santé : approximation par les bassins de vie 2012 (INSEE), découpés par canton-ville \
au-delà de 50\u202f000 habitants, arrondissements de Paris, Lyon et Marseille à part (3\u202f004 TVS) ; ce n'est \
pas la composition officielle."
    """
    return (
        "Territoires de vie-santé : approximation par les bassins de vie 2012 (INSEE), découpés par canton-ville "
        f"au-delà de {entier(threshold)} habitants, arrondissements de Paris, Lyon et Marseille à part "
        f"({entier(tvs)} TVS) ; ce n'est pas la composition officielle."
    )


def tvs_source_file(*, file: str, tvs: int) -> str:
    """The report's line on a TVS composition given as a file.

    Examples
    --------
    >>> tvs_source_file(file="tvs.csv", tvs=62)
    'Territoires de vie-santé : composition du fichier tvs.csv (62 TVS).'
    """
    return f"Territoires de vie-santé : composition du fichier {file} ({entier(tvs)} TVS)."


def names_missing(*, what: str, codes: Sequence[str]) -> str:
    """Warning when areas have no name (no COG table nor contours naming them).

    Examples
    --------
    >>> print(names_missing(what="région", codes=["75"]))
    1 région sans nom (75) : donnez la table des régions du COG (sources.cog_regions) pour les nommer.
    """
    key = "cog_regions" if what == "région" else "cog_departements"
    return (
        f"{pluriel(len(codes), what)} sans nom ({', '.join(codes[:10])}) : donnez la table des "
        f"{what}s du COG (sources.{key}) pour les nommer."
    )


def apl_mean_sentence(*, name: str, variant: str, value: float, reference_name: str, reference: float) -> str:
    """A line comparing an area's mean APL with a reference.

    Examples
    --------
    >>> apl_mean_sentence(name="Gironde", variant="APL ≤ 65 ans", value=3.21, reference_name="France entière",
    ...                   reference=3.05)
    'Gironde, APL ≤ 65 ans : 3,21 (France entière : 3,05 ; écart +0,16).'
    """
    gap = value - reference
    sign = "+" if gap >= 0 else "−"
    return (
        f"{name}, {variant} : {nombre(value, decimals=2)} ({reference_name} : {nombre(reference, decimals=2)} ; "
        f"écart {sign}{nombre(abs(gap), decimals=2)})."
    )


def change_sentence(*, name: str, variant: str, before: float, after: float, years: tuple[int, int],
                    share_before: float, share_after: float) -> str:  # fmt: skip
    """A line on the change of an area's mean APL and share of population at most 2.5.

    Examples
    --------
    >>> print(change_sentence(name="Nouvelle-Aquitaine", variant="APL ≤ 65 ans", before=3.1, after=3.0,
    ...                       years=(2022, 2023), share_before=0.12, share_after=0.15).replace("\u202f", " "))
    Nouvelle-Aquitaine, APL ≤ 65 ans : 3,10 en 2022, 3,00 en 2023 ; population dans une commune d'APL ≤ 2,5 : 12,0 % puis 15,0 %.
    """
    return (
        f"{name}, {variant} : {nombre(before, decimals=2)} en {years[0]}, {nombre(after, decimals=2)} en {years[1]} ; "
        f"population dans une commune d'APL ≤ 2,5 : {pourcent(share_before)} puis {pourcent(share_after)}."
    )


#: Section titles of the atlas in the refresh report.
SECTION_REFERENCES = "Le territoire, sa région et la France"
SECTION_DEPARTEMENTS = "Départements : comparaison avec la région et la France"
SECTION_TVS = "Territoires de vie-santé : classes de l'APL ≤ 65 ans (seuils du zonage)"


def section_change(*, years: tuple[int, int]) -> str:
    """Title of the change section.

    Examples
    --------
    >>> section_change(years=(2022, 2023))
    'Évolution 2022 → 2023'
    """
    return f"Évolution {years[0]} → {years[1]}"


#: Column labels of the atlas tables shown in the report.
COLUMN_LABELS: dict[str, str] = {
    "niveau": "Niveau",
    "code": "Code",
    "nom": "Nom",
    "nom_region": "Région",
    "population": "Population",
    "communes": "Communes",
    "apl": "APL tous âges",
    "apl_65": "APL ≤ 65 ans",
    "part_apl_65_le_2_5": "Population APL ≤ 65 ans ≤ 2,5",
    "part_apl_65_le_4": "Population APL ≤ 65 ans ≤ 4",
    "part_apl_le_2_5": "Population APL ≤ 2,5",
    "apl_65_region": "APL ≤ 65 ans de la région",
    "ecart_apl_65_region": "Écart à la région",
    "apl_65_france": "APL ≤ 65 ans France",
    "ecart_apl_65_france": "Écart à la France",
    "classe": "Classe (APL ≤ 65 ans du TVS)",
    "tvs": "TVS",
}


def change_column(column: str, *, year: int | None = None) -> str:
    """Label of a column of the change table.

    Examples
    --------
    >>> change_column("apl_65", year=2022), change_column("apl_65")
    ('APL ≤ 65 ans 2022', 'Évolution APL ≤ 65 ans')
    """
    label = COLUMN_LABELS.get(column, column)
    return f"{label} {year}" if year is not None else f"Évolution {label}"


def plm_note(*, cities: Sequence[str]) -> str:
    """Note on the cities whose arrondissements are drawn as one commune.

    Examples
    --------
    >>> plm_note(cities=["Paris", "Lyon"])
    'Cartes et table des communes : Paris, Lyon dessinées en une commune (contours de la ville entière) ; leur APL est la moyenne de leurs arrondissements pondérée par la population standardisée. Les tableaux par TVS, département et région utilisent les arrondissements.'
    """
    return (
        f"Cartes et table des communes : {', '.join(cities)} dessinées en une commune (contours de la ville entière) ; "
        "leur APL est la moyenne de leurs arrondissements pondérée par la population standardisée. Les tableaux par "
        "TVS, département et région utilisent les arrondissements."
    )


def unmapped_note(*, count: int, examples: Sequence[str]) -> str:
    """Note on the communes of the contours that the workbook does not have (merged since the contours' COG).

    Examples
    --------
    >>> unmapped_note(count=3, examples=["01039", "01059"])
    "3 communes des contours sans APL dans le classeur DREES (01039, 01059…) : communes fusionnées depuis le millésime des contours, laissées en « Données manquantes » sur les cartes ; leurs habitants sont comptés dans la commune qu'elles ont rejointe."
    """
    shown = ", ".join(examples[:5]) + ("…" if count > len(examples[:5]) else "")
    return (
        f"{pluriel(count, 'commune')} des contours sans APL dans le classeur DREES ({shown}) : communes fusionnées "
        "depuis le millésime des contours, laissées en « Données manquantes » sur les cartes ; leurs habitants "
        "sont comptés dans la commune qu'elles ont rejointe."
    )


def tvs_class_row(*, label: str, tvs: int, population: float, share: float) -> tuple[str, str, str, str]:
    """Cells of the TVS class table.

    Examples
    --------
    >>> tvs_class_row(label="APL ≤ 2,5", tvs=3, population=1500, share=0.25)[1:]
    ('3', '1\u202f500', '25,0\u202f%')
    """
    return label, entier(tvs), entier(population), pourcent(share)


def joined_note(*, count: int, examples: Sequence[str]) -> str:
    """Note on the communes of the contours drawn with the APL of the commune they joined.

    Examples
    --------
    >>> joined_note(count=2, examples=["16010", "16017"])
    "Cartes : 2 communes des contours, fusionnées depuis dans une autre commune (16010, 16017), sont dessinées avec l'APL de la commune qu'elles ont rejointe (évènements du COG)."
    """
    shown = ", ".join(examples[:5]) + ("…" if count > len(examples[:5]) else "")
    return (
        f"Cartes : {pluriel(count, 'commune')} des contours, fusionnées depuis dans une autre commune ({shown}), "
        "sont dessinées avec l'APL de la commune qu'elles ont rejointe (évènements du COG)."
    )


def map_source_line(*, label: str, year: int, population_year: int | None, previous: int | None) -> str:
    """The maps' source line for the APL as published (nothing computed).

    Examples
    --------
    >>> map_source_line(label="Gironde", year=2023, population_year=2021, previous=2022)
    'Gironde ; DREES, APL 2023 aux médecins généralistes (populations INSEE 2021), publiée ; évolution depuis l’APL 2022'
    """
    line = f"{label} ; DREES, APL {year} aux médecins généralistes" + (
        f" (populations INSEE {population_year})" if population_year else ""
    )
    line += ", publiée"
    return line + (f" ; évolution depuis l’APL {previous}" if previous else "")


def contour_communes_not_in_workbook(*, codes: Sequence[str]) -> str:
    """Warning: communes of the contours that the DREES workbook does not hold (another COG vintage).

    Examples
    --------
    >>> contour_communes_not_in_workbook(codes=["01039", "01059"])[:118]
    '2 communes des contours (sources.communes) sont absentes du classeur APL de la DREES (sources.drees_apl) : 0 habitant '
    """
    n = len(codes)
    return (
        f"{pluriel(n, 'commune')} des contours (sources.communes) {'est absente' if n < 2 else 'sont absentes'} du "
        f"classeur APL de la DREES (sources.drees_apl) : 0 habitant dans le tableau des communes cartographiées "
        f"({liste(codes)}). Les millésimes du COG diffèrent (communes fusionnées ou scindées entre-temps) : une "
        "commune fusionnée est dessinée avec l'APL de la commune qu'elle a rejointe si les évènements du COG sont "
        "donnés (sources.cog_movements), sinon en « Données manquantes » ; les tableaux par TVS, département et "
        "région suivent les communes du classeur."
    )


def tvs_proxy_unmatched(*, codes: Sequence[str]) -> str:
    """Warning: communes the bassin-de-vie TVS proxy cannot place (each is a TVS of its own).

    Examples
    --------
    >>> tvs_proxy_unmatched(codes=["97601"])
    "TVS par bassins de vie : 1 commune absente de la table d'appartenance de l'INSEE ou sans bassin de vie (97601) forme un TVS à elle seule ; les évènements du COG (sources.cog_movements) placent les communes d'un autre millésime."
    """
    n = len(codes)
    absent, alone = ("absente", "forme un TVS à elle seule") if n < 2 else ("absentes", "forment chacune un TVS")
    return (
        f"TVS par bassins de vie : {pluriel(n, 'commune')} {absent} de la table d'appartenance de l'INSEE ou sans "
        f"bassin de vie ({liste(codes)}) {alone} ; les évènements du COG (sources.cog_movements) placent les "
        "communes d'un autre millésime."
    )


def workbook_communes_not_in_tvs(*, codes: Sequence[str], file: str) -> str:
    """Warning: communes of the DREES workbook missing from the TVS composition (each is a TVS of its own).

    Examples
    --------
    >>> workbook_communes_not_in_tvs(codes=["33063", "33281"], file="tvs.csv")
    'Territoires de vie-santé : 2 communes du classeur DREES sont absentes de la composition tvs.csv (33063, 33281) et forment chacune un TVS.'
    """
    n = len(codes)
    verb = "est absente" if n < 2 else "sont absentes"
    alone = "forme un TVS à elle seule" if n < 2 else "forment chacune un TVS"
    return (
        f"Territoires de vie-santé : {pluriel(n, 'commune')} du classeur DREES {verb} de la composition {file} "
        f"({liste(codes)}) et {alone}."
    )


#: The workbook has no ``APL AAAA`` sheet.
NO_APL_SHEET = "le classeur de la DREES n'a aucune feuille « APL AAAA »"


def no_sheet_of_year(*, year: int, years: Sequence[int]) -> str:
    """Error: the vintage asked for is not a sheet of the workbook.

    Examples
    --------
    >>> no_sheet_of_year(year=2021, years=[2022, 2023])
    'le classeur de la DREES n’a pas de feuille « APL 2021 » ; millésimes : 2022, 2023'
    """
    return f"le classeur de la DREES n’a pas de feuille « APL {year} » ; millésimes : {liste(sorted(years))}"


def bad_previous_year(*, previous: int, year: int, years: Sequence[int]) -> str:
    """Error: ``drees_apl_previous_year`` names no earlier sheet.

    Examples
    --------
    >>> bad_previous_year(previous=2024, year=2023, years=[2022, 2023])
    'drees_apl_previous_year = 2024 : les millésimes du classeur sont 2022, 2023 ; choisissez-en un antérieur à 2023 (0 pour aucune comparaison)'
    """
    return (
        f"drees_apl_previous_year = {previous} : les millésimes du classeur sont {liste(sorted(years))} ; "
        f"choisissez-en un antérieur à {year} (0 pour aucune comparaison)"
    )


#: The atlas cannot find the region of the departments.
NEEDS_REGIONS = (
    "l'atlas a besoin de la région de chaque département : donnez la table des départements du COG "
    "(sources.cog_departements) ou la table d'appartenance de l'INSEE (sources.appartenance)"
)
#: The atlas has neither a TVS composition nor the table to build the proxy.
NEEDS_TVS = (
    "l'atlas a besoin des territoires de vie-santé : donnez leur composition (sources.tvs) ou la table "
    "d'appartenance de l'INSEE (sources.appartenance) pour les approcher par les bassins de vie"
)


def communes_without_region(*, codes: Sequence[str], departements: Sequence[str]) -> str:
    """Error: communes of the workbook whose department has no known region.

    Examples
    --------
    >>> communes_without_region(codes=["97701"], departements=["977"])
    '1 commune du classeur DREES sans région (97701 ; départements 977) : donnez une table des départements du COG (sources.cog_departements) récente'
    """
    return (
        f"{pluriel(len(codes), 'commune')} du classeur DREES sans région ({liste(codes)} ; départements "
        f"{liste(departements)}) : donnez une table des départements du COG (sources.cog_departements) récente"
    )


def communes_without_population(*, communes: Sequence[object]) -> str:
    """Communes of the APL table without standardised or total population (the indicators need both).

    Examples
    --------
    >>> communes_without_population(communes=["33001", "33002"])
    'table des APL par commune : 2 communes sans population standardisée ou totale (33001, 33002) ; les poids et les effectifs de la DREES demandent les deux'
    """
    return (
        f"{TABLE_APL_COMMUNES} : {pluriel(len(communes), 'commune')} sans population standardisée ou totale "
        f"({liste(communes)}) ; les poids et les effectifs de la DREES demandent les deux"
    )
