"""French text of the Baromètre products: indicator labels, dates, the seam between levels, rebuilt regions.

The Baromètre des résultats de l'action publique (DITP) publishes each indicator by department, region and
for France, not always at the same dates (the CPTS coverage: regions until December 2023, departments and
France until May 2024). These messages say which date each figure is of, and how a region rebuilt from its
departments differs from the published one.

Examples
--------
>>> mois_annee("2024-05-01"), mois_court("2023-12-01")
('mai 2024', 'déc. 2023')
>>> niveau("region", plural=True)
'régions'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ._format import entier, liste, nombre, pluriel, pourcent

__all__ = [
    "MOIS",
    "mois_annee",
    "mois_court",
    "niveau",
    "IndicatorText",
    "INDICATOR_TEXTS",
    "indicator_text",
    "SOURCE_BAROMETRE",
    "source_line",
    "HEADERS",
    "SOURCE_PUBLISHED",
    "SOURCE_REBUILT",
    "dates_differentes",
    "departements_manquants",
    "departements_sans_region",
    "departements_sans_population",
    "indicateur_non_ponderable",
    "indicateur_inconnu",
    "indicateur_absent",
    "fichier_barometre_comme_liste",
    "indicateur_sans_valeur",
    "argument_invalide",
    "POPULATION_POUR_UN_TAUX",
    "departements_dans_plusieurs_regions",
    "ecart_reconstitution",
    "aucune_comparaison",
    "titre_carte",
    "legende_carte_regions",
    "titre_evolution",
    "LEGENDE_PUBLIEE",
    "LEGENDE_RECONSTITUEE",
    "legende_reference",
    "AXE_DATE",
    "graphique_produit",
    "resume_couverture",
    "resume_structures",
    "ecrits",
    "options_exclusives",
    "population_requise",
    "options_sans_effet",
    "options_barometre_seulement",
    "categorie_barometre",
    "ecarts_departements_regions",
    "population_invalide",
    "pas_de_date",
    "cpts_sans_communes",
    "contours_sans_valeur",
]

#: Month names (1 = janvier).
MOIS: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_MOIS_COURTS: tuple[str, ...] = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip

_LEVELS = {
    "departement": ("département", "départements"),
    "region": ("région", "régions"),
    "nation": ("France", "France"),
}


def mois_annee(date: object) -> str:
    """A Baromètre date (always the first of a month) as « mai 2024 ».

    Examples
    --------
    >>> mois_annee(pd.Timestamp("2023-12-01"))
    'décembre 2023'
    """
    ts = pd.Timestamp(date)  # type: ignore[arg-type]
    return f"{MOIS[ts.month - 1]} {ts.year}"


def mois_court(date: object) -> str:
    """A date on a chart axis: « déc. 2023 ».

    Examples
    --------
    >>> mois_court("2017-06-01")
    'juin 2017'
    """
    ts = pd.Timestamp(date)  # type: ignore[arg-type]
    return f"{_MOIS_COURTS[ts.month - 1]} {ts.year}"


def niveau(level: str, *, plural: bool = False) -> str:
    """The French name of a level (``departement``, ``region``, ``nation``).

    Examples
    --------
    >>> niveau("departement"), niveau("nation", plural=True)
    ('département', 'France')
    """
    singular, plural_name = _LEVELS.get(level, (level, level))
    return plural_name if plural else singular


@dataclass(frozen=True)
class IndicatorText:
    """What an indicator is called on a map, a chart and in a table (built once from its identifier).

    Examples
    --------
    >>> t = INDICATOR_TEXTS["IND-589"]
    >>> t.label, t.unit
    ('Population couverte par une CPTS', '% de la population')
    """

    identifier: str
    label: str
    unit: str
    short: str
    value_decimals: int


#: The indicators the products know, by Baromètre identifier.
INDICATOR_TEXTS: dict[str, IndicatorText] = {
    "IND-589": IndicatorText(
        "IND-589", "Population couverte par une CPTS", "% de la population", short="couverture CPTS", value_decimals=1
    ),
    "IND-311": IndicatorText(
        "IND-311",
        "Maisons de santé pluriprofessionnelles (MSP) pour 100 000 habitants",
        "MSP pour 100 000 hab.",
        short="MSP",
        value_decimals=2,
    ),
    "IND-318": IndicatorText(
        "IND-318",
        "Centres de santé pluriprofessionnels pour 100 000 habitants",
        "centres de santé pour 100 000 hab.",
        short="centres de santé",
        value_decimals=2,
    ),
    "IND-679": IndicatorText(
        "IND-679",
        "Assistants médicaux pour 100 000 habitants",
        "pour 100 000 hab.",
        short="assistants médicaux",
        value_decimals=2,
    ),  # fmt: skip
}


def indicator_text(identifier: str) -> IndicatorText:
    """The text of an indicator; an unknown one is named by its identifier.

    Examples
    --------
    >>> indicator_text("IND-999").label
    'Indicateur IND-999 du Baromètre'
    """
    return INDICATOR_TEXTS.get(
        identifier, IndicatorText(identifier, f"Indicateur {identifier} du Baromètre", "", short=identifier,
                                  value_decimals=1)
    )  # fmt: skip


#: Producer of the Baromètre, for source lines.
SOURCE_BAROMETRE = "DITP, Baromètre des résultats de l'action publique"


def source_line(*, indicator: str, population_vintages: Sequence[int] = ()) -> str:
    """The source line of a Baromètre map or chart: producers and vintages.

    Examples
    --------
    >>> source_line(indicator="IND-589", population_vintages=[2021, 2023])
    "DITP, Baromètre des résultats de l'action publique (IND-589) ; INSEE, populations légales 2021 et 2023"
    """
    line = f"{SOURCE_BAROMETRE} ({indicator})"
    years = sorted({int(y) for y in population_vintages})
    if years:
        shown = ", ".join(str(y) for y in years[:-1]) + (" et " if len(years) > 1 else "") + str(years[-1])
        line += f" ; INSEE, populations légales {shown}"
    return line


#: CSV headers of the Baromètre tables (internal name → French header).
HEADERS: dict[str, str] = {
    "code": "code",
    "nom": "nom",
    "date": "date",
    "value": "valeur",
    "published": "valeur_publiee",
    "rebuilt": "valeur_reconstituee",
    "difference": "ecart_reconstituee_publiee",
    "source": "source",
    "population": "population",
    "population_date": "date_population",
    "covered_population": "population_couverte",
    "n_departements": "departements_comptes",
    "n_expected": "departements_de_la_zone",
    "missing_departements": "departements_manquants",
    "missing_population_share": "part_population_manquante",
    "per_100k": "pour_100000_habitants",
}

#: Values of the ``source`` column: which figure a row holds.
SOURCE_PUBLISHED = "publiée"
SOURCE_REBUILT = "reconstituée à partir des départements"


def dates_differentes(*, indicator: str, latest: Mapping[str, object]) -> str:
    """Warning: the latest dates of an indicator differ between levels (a table mixing them mixes two dates).

    Examples
    --------
    >>> dates_differentes(indicator="IND-589", latest={"departement": "2024-05-01", "region": "2023-12-01",
    ...                                                "nation": "2024-05-01"})[:96]
    'Baromètre IND-589 : les dernières valeurs ne sont pas à la même date selon le niveau (départemen'
    """
    by_date: dict[pd.Timestamp, list[str]] = {}
    for level, when in latest.items():
        by_date.setdefault(pd.Timestamp(when), []).append(niveau(level, plural=True))  # type: ignore[arg-type]
    parts = [f"{' et '.join(levels)} : {mois_annee(when)}" for when, levels in sorted(by_date.items())[::-1]]
    return (
        f"Baromètre {indicator} : les dernières valeurs ne sont pas à la même date selon le niveau "
        f"({' ; '.join(parts)}). Un tableau ou une carte qui les juxtapose compare deux dates ; à une date "
        "commune, les régions peuvent être reconstituées à partir de leurs départements (moyenne pondérée "
        "par la population pour un taux, somme pour un nombre : access_map.barometre.rebuild_from_departments)."
    )


def departements_manquants(*, level: str, rows: Sequence[tuple[str, object, Sequence[str], float]], kind: str) -> str:
    """Warning: some zones were rebuilt without all their departments (or not at all, for a count).

    ``rows`` holds (zone code, date, missing departments, missing population share — NaN when unknown).

    Examples
    --------
    >>> departements_manquants(level="region", rows=[("27", "2024-05-01", ["90"], 0.0509)], kind="rate")[:80]
    'Région reconstituée sans tous ses départements (valeur manquante ou population i'
    """
    shown = []
    for code, when, deps, share in rows[:5]:
        part = pourcent(share) if share == share else "part inconnue"
        zone = "" if level == "nation" else f"{niveau(level)} {code} "
        shown.append(f"{zone}en {mois_annee(when)} sans {', '.join(deps)} ({part} de la population)")
    more = f" ; … ({entier(len(rows))} en tout)" if len(rows) > 5 else ""
    consequence = (
        "La valeur est alors la moyenne des départements présents, pondérée par leur population : une estimation."
        if kind == "rate"
        else "Une somme sans toutes ses parties n'est pas le total de la zone : valeur laissée vide."
    )
    n_zones = len({code for code, *_ in rows})
    several = level != "nation" and n_zones > 1
    head = (
        "France reconstituée" if level == "nation" else ("Régions reconstituées" if several else "Région reconstituée")
    )
    return (
        f"{head} sans tous {'leurs' if several else 'ses'} départements (valeur manquante ou population inconnue) : "
        f"{' ; '.join(shown)}{more}. {consequence}"
    )


def departements_sans_region(*, codes: Sequence[str]) -> str:
    """Warning: departments of the Baromètre absent from the department → region table.

    Examples
    --------
    >>> departements_sans_region(codes=["976"])
    'Département(s) du Baromètre sans région dans la table des communes (populations légales) : 976 ; ils ne comptent dans aucune région reconstituée.'
    """
    return (
        f"Département(s) du Baromètre sans région dans la table des communes (populations légales) : "
        f"{liste(codes)} ; ils ne comptent dans aucune région reconstituée."
    )


def departements_sans_population(*, codes: Sequence[str]) -> str:
    """Warning: departments without population: they cannot weigh in a population-weighted mean.

    Examples
    --------
    >>> departements_sans_population(codes=["976"])[:39]
    'Département(s) sans population légale :'
    """
    return (
        f"Département(s) sans population légale : {liste(codes)} ; leur taux ne peut pas être pondéré et ne "
        "compte pas dans les régions et la France reconstituées."
    )


def indicateur_non_ponderable(*, indicator: str) -> str:
    """Error: an indicator that is neither a count nor a share of the population.

    Examples
    --------
    >>> indicateur_non_ponderable(indicator="IND-312")[:40]
    "l'indicateur IND-312 n'est ni un nombre "
    """
    return (
        f"l'indicateur {indicator} n'est ni un nombre (sommé) ni une part de la population (moyenne pondérée "
        "par la population) : une région ne peut pas être reconstituée à partir de ses départements sans "
        "connaître le dénominateur de chacun"
    )


def indicateur_inconnu(*, indicator: str, known: Sequence[str]) -> str:
    """Error: an indicator identifier the products do not know.

    Examples
    --------
    >>> indicateur_inconnu(indicator="IND-1", known=["IND-311"])
    "indicateur du Baromètre inconnu : 'IND-1' ; indicateurs connus : IND-311"
    """
    return f"indicateur du Baromètre inconnu : {indicator!r} ; indicateurs connus : {liste(known, limit=10)}"


def indicateur_sans_valeur(*, indicator: str, found: Sequence[str]) -> str:
    """Error: a Baromètre table without any value of the indicator asked for.

    Examples
    --------
    >>> indicateur_sans_valeur(indicator="IND-589", found=["IND-311"])
    'aucune valeur de IND-589 dans la table du Baromètre ; indicateurs présents : IND-311'
    """
    return f"aucune valeur de {indicator} dans la table du Baromètre ; indicateurs présents : {liste(found) or 'aucun'}"


def argument_invalide(*, name: str, value: object, allowed: Sequence[str]) -> str:
    """Error: a keyword argument outside its allowed values.

    Examples
    --------
    >>> argument_invalide(name="kind", value="mean", allowed=("count", "rate"))
    "kind='mean' : valeurs possibles count, rate"
    """
    return f"{name}={value!r} : valeurs possibles {', '.join(allowed)}"


#: Error: a rate rebuilt without the departments' populations.
POPULATION_POUR_UN_TAUX = (
    "un taux en % de la population se reconstitue avec la population de chaque département : donnez "
    "population= (populations légales datées, access_map.msp.population_vintages)"
)


def departements_dans_plusieurs_regions(*, pairs: Sequence[str]) -> str:
    """Error: a commune table that puts one department in two regions.

    Examples
    --------
    >>> departements_dans_plusieurs_regions(pairs=["33→75", "33→76"])
    'table des communes : département(s) dans plusieurs régions (33→75, 33→76)'
    """
    return f"table des communes : département(s) dans plusieurs régions ({liste(pairs)})"


def indicateur_absent(*, path: object, indicator: str, found: Sequence[str], option: str) -> str:
    """Error: the Baromètre file(s) given do not hold the indicator a command needs (with the option that reads them).

    Examples
    --------
    >>> indicateur_absent(path="ind-318.csv", indicator="IND-311", found=["IND-318"], option="msp")[:70]
    "ind-318.csv ne contient pas l'indicateur IND-311 (MSP) dont « access-m"
    >>> indicateur_absent(path="ind-318.csv", indicator="IND-311", found=["IND-318"], option="msp")[-59:]
    'il contient : IND-318 ; pour IND-318, donnez --category 124'
    """
    held = liste(found) if found else "aucun indicateur"
    text = (
        f"{path} ne contient pas l'indicateur {indicator} ({indicator_text(indicator).short}) dont "
        f"« access-map {option} --barometre » a besoin ; il contient : {held}"
    )
    readers = {"IND-311": ("msp", "--category 603"), "IND-318": ("msp", "--category 124"),
               "IND-589": ("cpts", "")}  # fmt: skip
    hints = []
    for other in found:
        if other in readers and other != indicator:
            command, extra = readers[other]
            hints.append(
                f"donnez {extra}" if command == option and extra else f"utilisez access-map {command} --barometre"
            )
            hints[-1] = f"pour {other}, {hints[-1]}"
    return text + (f" ; {' ; '.join(hints)}" if hints else "")


def fichier_barometre_comme_liste(*, path: object, indicators: Sequence[str], option: str) -> str:
    """Usage error: a Baromètre file given where a list (of CPTS, of establishments) is expected.

    Examples
    --------
    >>> fichier_barometre_comme_liste(path="ind-589.csv", indicators=["IND-589"], option="--cpts")[:74]
    'ind-589.csv est un fichier du Baromètre de l’action publique (IND-589 : va'
    """
    return (
        f"{path} est un fichier du Baromètre de l’action publique ({liste(indicators) or 'indic_id'} : valeurs "
        f"agrégées par territoire et par date), pas une liste : donnez-le avec --barometre au lieu de {option} "
        "(access-map cpts --barometre pour IND-589 ; access-map msp --barometre --category 603 pour IND-311, "
        "124 pour IND-318)"
    )


def ecart_reconstitution(*, level: str, n: int, max_abs: float, mean_abs: float, unit: str) -> str:
    """Console and caption line: how far the rebuilt zones are from the published ones, where both exist.

    Examples
    --------
    >>> ecart_reconstitution(level="region", n=51, max_abs=0.83, mean_abs=0.31, unit="point")
    'Régions reconstituées à partir de leurs départements, comparées aux valeurs publiées aux 51 couples région × date où les deux existent : écart moyen 0,31 point, au plus 0,83 point.'
    >>> ecart_reconstitution(level="nation", n=4, max_abs=0.27, mean_abs=0.13, unit="point")[:84]
    'France reconstituée à partir de ses départements, comparée à la valeur publiée aux 4'
    """
    units = unit + "s" if unit == "point" and max_abs >= 2 else unit
    if level == "nation":
        head = (
            f"France reconstituée à partir de ses départements, comparée à la valeur publiée aux {pluriel(n, 'date')}"
        )
    else:
        head = (
            f"Régions reconstituées à partir de leurs départements, comparées aux valeurs publiées aux "
            f"{pluriel(n, 'couple région × date', 'couples région × date')}"
        )
    return f"{head} où les deux existent : écart moyen {nombre(mean_abs)} {unit}, au plus {nombre(max_abs)} {units}."


def aucune_comparaison(*, level: str) -> str:
    """Caption line: no date has both the published and the rebuilt value.

    Examples
    --------
    >>> aucune_comparaison(level="region")
    'Aucune date où les régions publiées et reconstituées coexistent : pas de comparaison.'
    """
    return f"Aucune date où les {niveau(level, plural=True)} publiées et reconstituées coexistent : pas de comparaison."


def titre_carte(*, indicator: str, level: str, date: object) -> str:
    """Title of a department or region map.

    Examples
    --------
    >>> titre_carte(indicator="IND-589", level="region", date="2024-05-01")
    'Population couverte par une CPTS, par région — mai 2024'
    """
    return f"{indicator_text(indicator).label}, par {niveau(level)} — {mois_annee(date)}"


def legende_carte_regions(
    *, date: object, rebuilt: Sequence[str], latest_published: object | None, vintages: Sequence[int], kind: str
) -> str:
    """Caption of a region map: which regions are published, which rebuilt from their departments, at what date.

    Examples
    --------
    >>> legende_carte_regions(date="2024-05-01", rebuilt=["11", "75"], latest_published="2023-12-01",
    ...                       vintages=[2021, 2023], kind="rate")
    'Valeurs de mai 2024 : 2 régions reconstituées à partir de leurs départements (moyenne de leurs taux pondérée par la population légale, millésimes 2021 et 2023) ; dernière valeur régionale publiée : décembre 2023.'
    """
    if not rebuilt:
        return f"Valeurs publiées de {mois_annee(date)} pour toutes les régions."
    years = [str(v) for v in sorted(set(vintages))]
    shown = ", ".join(years[:-1]) + " et " + years[-1] if len(years) > 1 else "".join(years)
    how = (
        f"moyenne de leurs taux pondérée par la population légale, {'millésimes' if len(years) > 1 else 'millésime'} "
        f"{shown}"
        if kind == "rate"
        else "somme de leurs départements"
    )
    several = len(rebuilt) > 1
    text = (
        f"Valeurs de {mois_annee(date)} : {pluriel(len(rebuilt), 'région')} "
        f"{'reconstituées' if several else 'reconstituée'} à partir de leurs départements ({how})"
    )
    if latest_published is not None:
        text += f" ; dernière valeur régionale publiée : {mois_annee(latest_published)}"
    return text + "."


def titre_evolution(*, indicator: str) -> str:
    """Title of the small-multiple chart (one panel per region).

    Examples
    --------
    >>> titre_evolution(indicator="IND-589")
    'Population couverte par une CPTS : évolution par région'
    """
    return f"{indicator_text(indicator).label} : évolution par région"


#: Legend entries of the chart.
LEGENDE_PUBLIEE = "valeur régionale publiée"
LEGENDE_RECONSTITUEE = "reconstituée à partir des départements"
AXE_DATE = "date du Baromètre"


def legende_reference(*, name: str = "France") -> str:
    """Legend entry of the national line of the chart.

    Examples
    --------
    >>> legende_reference()
    'France (publiée)'
    """
    return f"{name} (publiée)"


def graphique_produit(*, date: str) -> str:
    """Production line of a chart.

    Examples
    --------
    >>> graphique_produit(date="14/11/2023")
    'Graphique produit le 14/11/2023 (access_map)'
    """
    return f"Graphique produit le {date} (access_map)"


def resume_couverture(*, percent: float, date: object, folder: object) -> str:
    """Console summary of ``access-map cpts --barometre``.

    Examples
    --------
    >>> resume_couverture(percent=86.1, date="2024-05-01", folder="out")
    'Couverture CPTS (Baromètre) : 86,1 % de la population en mai 2024. Tableaux et cartes dans out'
    """
    return (
        f"Couverture CPTS (Baromètre) : {nombre(percent, decimals=1)}\u202f% de la population en "
        f"{mois_annee(date)}. Tableaux et cartes dans {folder}"
    ).replace("\u202f%", " %")


def resume_structures(
    *, indicator: str, first: tuple[float, object], last: tuple[float, object], folder: object
) -> str:
    """Console summary of ``access-map msp --barometre``.

    Examples
    --------
    >>> resume_structures(indicator="IND-311", first=(1.56, "2017-06-01"), last=(3.67, "2023-12-01"), folder="o")
    'IND-311 : 1,56 pour 100 000 hab. en juin 2017, 3,67 en décembre 2023. Tableaux dans o'
    """
    return (
        f"{indicator} : {nombre(first[0])} pour 100 000 hab. en {mois_annee(first[1])}, "
        f"{nombre(last[0])} en {mois_annee(last[1])}. Tableaux dans {folder}"
    )


def ecrits(*, files: Sequence[str]) -> str:
    """Console line listing the maps and charts written.

    Examples
    --------
    >>> ecrits(files=["carte_regions.html", "evolution_regions.png"])
    'Cartes et graphiques : carte_regions.html, evolution_regions.png'
    """
    return f"Cartes et graphiques : {liste(files, limit=10)}"


def options_exclusives(*, first: str, second: str) -> str:
    """Usage error: two options that exclude each other, one of them required.

    Examples
    --------
    >>> options_exclusives(first="--cpts", second="--barometre")
    'donnez soit --cpts, soit --barometre (l’un des deux, pas les deux)'
    """
    return f"donnez soit {first}, soit {second} (l’un des deux, pas les deux)"


def options_sans_effet(*, options: Sequence[str]) -> str:
    """Usage error: options that do not apply to the Baromètre's aggregates.

    Examples
    --------
    >>> options_sans_effet(options=["--communes", "--zoning"])[:62]
    'ces options ne s’appliquent pas avec --barometre : --communes,'
    """
    return (
        f"ces options ne s’appliquent pas avec --barometre : {', '.join(options)} (le Baromètre donne des "
        "agrégats déjà calculés par département, région et pour la France, pas des communes)"
    )


def options_barometre_seulement(*, options: Sequence[str]) -> str:
    """Usage error: options of the Baromètre products given without ``--barometre``.

    Examples
    --------
    >>> options_barometre_seulement(options=["--population"])
    'ces options ne s’appliquent qu’avec --barometre : --population'
    """
    return f"ces options ne s’appliquent qu’avec --barometre : {', '.join(options)}"


def categorie_barometre(*, categories: Sequence[str]) -> str:
    """Usage error: ``msp --barometre`` needs one category, 603 (MSP) or 124 (centres de santé).

    Examples
    --------
    >>> categorie_barometre(categories=["603", "124"])[:60]
    'avec --barometre, donnez une seule --category : 603 (MSP, IN'
    """
    return (
        "avec --barometre, donnez une seule --category : 603 (MSP, IND-311) ou 124 (centres de santé, IND-318) ; "
        f"reçu : {', '.join(categories) or 'aucune'}"
    )


def ecarts_departements_regions(*, n: int) -> str:
    """Console warning: counts of the departments that do not add up to their region's published count.

    Examples
    --------
    >>> ecarts_departements_regions(n=2)
    'Attention : 2 écarts entre la somme des départements et la région (controle_departements_regions.csv)'
    """
    return (
        f"Attention : {pluriel(n, 'écart')} entre la somme des départements et la région "
        "(controle_departements_regions.csv)"
    )


def population_requise(*, command: str) -> str:
    """Usage error: the Baromètre products need dated populations.

    Examples
    --------
    >>> population_requise(command="cpts")[:50]
    'access-map cpts --barometre a besoin d’au moins un'
    """
    return (
        f"access-map {command} --barometre a besoin d’au moins un --population AAAA-MM-JJ=FICHIER (populations "
        "légales INSEE datées : pondération des départements et taux pour 100 000 habitants)"
    )


def population_invalide(*, spec: str) -> str:
    """Usage error: a ``--population`` value that is not ``AAAA-MM-JJ=FICHIER`` with an existing file.

    Examples
    --------
    >>> population_invalide(spec="2021=pop.csv")[:40]
    '--population attend AAAA-MM-JJ=FICHIER ('
    """
    return f"--population attend AAAA-MM-JJ=FICHIER (un fichier existant), reçu : {spec!r}"


def pas_de_date(*, dates: Sequence[str], indicator: str) -> str:
    """Error: ``--date`` selected no date of the indicator.

    Examples
    --------
    >>> pas_de_date(dates=["2020-01-01"], indicator="IND-589")[:50]
    'aucune valeur de IND-589 aux dates demandées (--da'
    """
    return f"aucune valeur de {indicator} aux dates demandées (--date {liste(dates)})"


def cpts_sans_communes() -> str:
    """Usage error: a CPTS list without ``--communes``.

    Examples
    --------
    >>> cpts_sans_communes()[:30]
    '--communes est obligatoire ave'
    """
    return "--communes est obligatoire avec --cpts (populations légales ou table des communes)"


def contours_sans_valeur(*, level: str, codes: Sequence[str]) -> str:
    """Warning: areas of the contours without a value on the map (drawn as missing data).

    Examples
    --------
    >>> contours_sans_valeur(level="departement", codes=["90"])
    'Carte par département : 1 zone sans valeur (90), en gris « Données manquantes ».'
    """
    return (
        f"Carte par {niveau(level)} : {pluriel(len(codes), 'zone')} sans valeur ({liste(codes)}), en gris "
        "« Données manquantes »."
    )
