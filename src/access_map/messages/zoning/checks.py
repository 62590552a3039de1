"""Broken rules, notes and the summary of a GP zoning: the ``message`` column of ``violations.csv``, the
warnings of a run, the report's « Avertissements », and who chose the classes of each region.

Each message says what is wrong, with the figures (inhabitants, shares as the application's gauges show them),
and how to fix it when a user list is at fault.

Examples
--------
>>> depassement_plafond(klass="ZAC", value=1200.0, limit=1000.0, share=0.1, population=10000.0, percent="12 %",
...                     zip_a=None, zip_a_mandatory=True, added=["T1", "T2"], inherited=[])
'population en ZAC de 1\u202f200 hab. (12 %) au-delà du plafond de 1\u202f000 hab. (10\u202f% de 10\u202f000 hab.), soit 200 hab. de trop ; ajoutés : T1, T2 ; pour respecter le plafond, classez une partie de ces unités en ZV'
>>> choix_de_la_region(listed=False, by_policy=False, policy="skip")
'règle par défaut : APL croissant dans les plafonds'
"""

from __future__ import annotations

from collections.abc import Sequence

from .._format import entier, extrait, liste, nombre, pluriel, pourcent
from .vocabulary import POLICY_LABELS, categorie, classe, gravite, habitants, part, regions, regle, seuil
from .vocabulary import apl as _apl

__all__ = [
    "PART_INDISPONIBLE",
    "choix_de_la_region",
    "pourcentage_jauge",
    "population_qpv",
    "depassement_plafond",
    "selection_nationale_au_dela_du_plafond",
    "marge_hors_vivier",
    "selection_nationale_obligatoire",
    "vivier_hors_vivier",
    "qpv_hors_vivier",
    "qpv_region_exclue",
    "region_non_decideuse",
    "desaccord_de_categorie",
    "note_desaccords_de_categorie",
    "note_politique_par_defaut",
    "note_grands_quartiers_incoherents",
    "note_grands_quartiers_absents",
    "note_classes_en_vigueur_multiples",
    "population_standardisee_nulle",
    "avertissement_region",
    "zonage_strict",
    "resume",
    "evolution_de_classe",
]

#: A share that cannot be computed (a region without inhabitant).
PART_INDISPONIBLE = "n.d."


def choix_de_la_region(*, listed: bool, by_policy: bool, policy: str) -> str:
    """Who chose the classes of a region (column ``decided_by`` of ``regions.csv``, « Choix » in the report).

    Examples
    --------
    >>> choix_de_la_region(listed=True, by_policy=True, policy="in_force")
    "liste de l'ARS, complétée par la règle par défaut : zonage en vigueur, ajusté aux plafonds"
    >>> choix_de_la_region(listed=True, by_policy=False, policy="skip")
    "liste de l'ARS"
    """
    rule = f"règle par défaut : {POLICY_LABELS.get(policy, extrait(policy))}"
    if not listed:
        return rule
    return f"liste de l'ARS, complétée par la {rule}" if by_policy else "liste de l'ARS"


def pourcentage_jauge(percent: float, *, decimals: int | None) -> str:
    """A share in percent as a gauge shows it (``decimals`` of the rules, else two).

    Examples
    --------
    >>> pourcentage_jauge(30.04, decimals=1), pourcentage_jauge(float("nan"), decimals=None)
    ('30,0\u202f%', 'n.d.')
    """
    return pourcent(percent / 100.0, decimals=2 if decimals is None else decimals, missing=PART_INDISPONIBLE)


def population_qpv(*, population: float) -> str:
    """The QPV classed on their own, as one of the « added » entries of a cap message.

    Examples
    --------
    >>> population_qpv(population=1234.0)
    'QPV (1\u202f234 hab.)'
    """
    return f"QPV ({habitants(population)})"


def _plafond(limit: float, share: float, population: float) -> str:
    return f"{habitants(limit)} ({part(share)} de {habitants(population)})"


def depassement_plafond(
    *,
    klass: str,
    value: float,
    limit: float,
    share: float,
    population: float,
    percent: str,
    zip_a: float | None,
    zip_a_mandatory: bool,
    added: Sequence[str],
    inherited: Sequence[str],
) -> str:
    """A region's ZIP or ZAC population above its cap (rule ``zip_cap`` / ``zac_cap``).

    ``zip_a`` is the population of the national selection (ZIP A) in the ZIP count, ``added`` the units and QPV
    in the class besides it, ``inherited`` the units whose class comes from another region (empty when the
    region chose some of the added classes itself).

    Examples
    --------
    >>> depassement_plafond(klass="ZIP", value=450.0, limit=400.0, share=0.4, population=1000.0, percent="45 %",
    ...                     zip_a=100.0, zip_a_mandatory=True, added=["B", "C"], inherited=["C"])[-60:]
    "ab. ; ajoutés : B, C (classes héritées d'autres régions : C)"
    """
    text = (
        f"population en {klass} de {habitants(value)} ({percent}) au-delà du plafond de "
        f"{_plafond(limit, share, population)}, soit {habitants(value - limit)} de trop"
    )
    if zip_a is not None:
        text += f" ; dont ZIP A ({'obligatoire' if zip_a_mandatory else 'facultative'}) {habitants(zip_a)}"
    text += f" ; ajoutés : {liste(added, limit=10)}"
    if inherited:
        return text + f" (classes héritées d'autres régions : {liste(inherited, limit=10)})"
    lower = "en ZAC ou en ZV" if klass == "ZIP" else "en ZV"
    return text + f" ; pour respecter le plafond, classez une partie de ces unités {lower}"


def selection_nationale_au_dela_du_plafond(
    *, zip_a: float, mandatory: bool, limit: float, share: float, population: float, percent: str
) -> str:
    """The national selection alone is above the ZIP cap (a fact the ARS cannot change).

    Examples
    --------
    >>> selection_nationale_au_dela_du_plafond(zip_a=200.0, mandatory=True, limit=100.0, share=0.1,
    ...                                        population=1000.0, percent="20,00 %")
    'la sélection nationale obligatoire seule (200 hab., 20,00 %) dépasse le plafond ZIP de 100 hab. (10\u202f% de 1\u202f000 hab.) : aucune ZIP B possible'
    """
    kind = "obligatoire" if mandatory else "facultative"
    return (
        f"la sélection nationale {kind} seule ({habitants(zip_a)}, {percent}) dépasse le plafond ZIP de "
        f"{_plafond(limit, share, population)} : aucune ZIP B possible"
    )


def marge_hors_vivier(
    *, added: float, percent: str, margin: float, vivier: float, limit: float, inherited: bool
) -> str:
    """Hors-vivier units added beyond the margin (rule ``hors_vivier_margin``).

    Examples
    --------
    >>> marge_hors_vivier(added=60.0, percent="6,0 %", margin=0.05, vivier=1000.0, limit=50.0, inherited=False)
    "TVS hors vivier ajoutés : 60 hab. (6,0 %), au-delà de la marge de 5\u202f% de la population du vivier (1\u202f000 hab.), soit 50 hab. ; retirez des TVS hors vivier de la liste de l'ARS"
    """
    text = (
        f"TVS hors vivier ajoutés : {habitants(added)} ({percent}), au-delà de la marge de {part(margin)} de la "
        f"population du vivier ({habitants(vivier)}), soit {habitants(limit)}"
    )
    if inherited:
        return text + " (classes héritées d'une autre région)"
    return text + " ; retirez des TVS hors vivier de la liste de l'ARS"


def selection_nationale_obligatoire(*, tvs: str, apl: float, threshold: float, listed: str) -> str:
    """The ARS list classes a national-selection TVS other than ZIP where the rules make ZIP mandatory.

    Examples
    --------
    >>> selection_nationale_obligatoire(tvs="A", apl=2.0, threshold=2.5, listed="ZAC")
    "le TVS A (APL 2,000 ≤ 2,5) relève de la sélection nationale et doit être classé ZIP ; la liste de l'ARS le classe ZAC"
    """
    return (
        f"le TVS {extrait(tvs)} (APL {_apl(apl)} ≤ {seuil(threshold)}) relève de la sélection nationale et doit "
        f"être classé ZIP ; la liste de l'ARS le classe {classe(listed)}"
    )


def vivier_hors_vivier(*, tvs: str, apl: float, zip_threshold: float, vivier_threshold: float) -> str:
    """The ARS list classes a vivier TVS hors vivier.

    Examples
    --------
    >>> vivier_hors_vivier(tvs="V", apl=3.0, zip_threshold=2.5, vivier_threshold=4.0)
    "le TVS V est dans le vivier (2,5 < APL 3,000 ≤ 4) et ne peut pas être hors vivier ; choisissez ZIP, ZAC ou ZV dans la liste de l'ARS"
    """
    return (
        f"le TVS {extrait(tvs)} est dans le vivier ({seuil(zip_threshold)} < APL {_apl(apl)} ≤ "
        f"{seuil(vivier_threshold)}) et ne peut pas être hors vivier ; choisissez ZIP, ZAC ou ZV dans la liste "
        "de l'ARS"
    )


def qpv_hors_vivier(*, qpv: str, klass: str) -> str:
    """A QPV classed on its own outside the vivier, where the rules require the vivier.

    Examples
    --------
    >>> qpv_hors_vivier(qpv="QN01", klass="ZIP")[:60]
    "le QPV QN01 est classé ZIP, mais aucune de ses communes n'es"
    """
    return (
        f"le QPV {extrait(qpv)} est classé {classe(klass)}, mais aucune de ses communes n'est dans un TVS du vivier ; "
        "seul un QPV au moins en partie dans un TVS du vivier peut être classé indépendamment de son TVS "
        "(retirez-le de la liste des QPV)"
    )


def qpv_region_exclue(*, qpv: str, klass: str, region: str) -> str:
    """A QPV classed on its own in a region where QPV are not zoned on their own.

    Examples
    --------
    >>> qpv_region_exclue(qpv="Q", klass="ZAC", region="04")
    'le QPV Q est classé ZAC dans la région 04, où les QPV ne sont pas zonés à part (ZoningRules.qpv_excluded_regions)'
    """
    return (
        f"le QPV {extrait(qpv)} est classé {classe(klass)} dans la région {extrait(region)}, où les QPV ne sont pas "
        "zonés à part (ZoningRules.qpv_excluded_regions)"
    )


def region_non_decideuse(*, tvs: str, decider: str, region: str, listed: str) -> str:
    """The ARS list of a region classes its part of a TVS that the majority region decides.

    Examples
    --------
    >>> region_non_decideuse(tvs="X", decider="76", region="75", listed="ZAC")[:58]
    'le TVS X est classé par la région 76, où vit la majorité d'
    """
    return (
        f"le TVS {extrait(tvs)} est classé par la région {extrait(decider)}, où vit la majorité de ses habitants ; "
        f"la liste de l'ARS de la région {extrait(region)} classe sa part {classe(listed)} (retirez-le de cette "
        'liste, ou appliquez ZoningRules.cross_region = "per_region" pour que chaque région classe sa part)'
    )


def desaccord_de_categorie(*, tvs: str, apl: float, drees: object, computed: object, used: object) -> str:
    """A TVS whose DREES category differs from the one computed from its APL.

    Examples
    --------
    >>> desaccord_de_categorie(tvs="B", apl=2.4, drees="vivier", computed="national_selection", used="vivier")
    'TVS B (APL 2,400) : catégorie DREES vivier, catégorie calculée sélection nationale ; retenue : vivier'
    """
    return (
        f"TVS {extrait(tvs)} (APL {_apl(apl)}) : catégorie DREES {categorie(drees)}, catégorie calculée "
        f"{categorie(computed)} ; retenue : {categorie(used)}"
    )


def note_desaccords_de_categorie(*, tvs: Sequence[str], drees_used: bool) -> str:
    """Note of a run with category disagreements.

    Examples
    --------
    >>> note_desaccords_de_categorie(tvs=["B"], drees_used=True)
    "1 TVS dont la catégorie DREES diffère de celle calculée depuis l'APL (B) ; retenue : la catégorie DREES"
    """
    used = "la catégorie DREES" if drees_used else "la catégorie calculée"
    return (
        f"{pluriel(len(tvs), 'TVS', 'TVS')} dont la catégorie DREES diffère de celle calculée depuis l'APL "
        f"({liste(tvs)}) ; retenue : {used}"
    )


def note_politique_par_defaut(*, rules: str) -> str:
    """Note: the rules start from the zoning in force, but none was given.

    Examples
    --------
    >>> note_politique_par_defaut(rules="2021")[:60]
    'les règles 2021 partent du zonage en vigueur (application DR'
    """
    return (
        f"les règles {extrait(rules)} partent du zonage en vigueur (application DREES), mais aucun n'a été fourni : "
        "les TVS du vivier sont classés par APL croissant (fournissez le zonage en vigueur pour suivre "
        "l'application)"
    )


def note_grands_quartiers_incoherents(*, communes: Sequence[str]) -> str:
    """Note: grands quartiers whose populations do not add up to their commune's.

    Examples
    --------
    >>> note_grands_quartiers_incoherents(communes=["97411"])
    'grands quartiers dont la population diffère de plus de 1\u202f% de celle de leur commune : 97411'
    """
    return (
        f"grands quartiers dont la population diffère de plus de 1\u202f% de celle de leur commune : {liste(communes)}"
    )


def note_grands_quartiers_absents(*, codes: Sequence[str]) -> str:
    """Note: regions zoned by grands quartiers in the application, but no grands-quartiers table was given.

    Examples
    --------
    >>> note_grands_quartiers_absents(codes=["04"])[:50]
    'la région 04 est zonée par grands quartiers dans l'
    """
    verb = "est zonée" if len(codes) == 1 else "sont zonées"
    return (
        f"{regions(list(codes))} {verb} par grands quartiers dans l'application DREES "
        "(ZoningRules.grand_quartier_regions), mais aucune table des grands quartiers n'a été fournie : zonage par TVS"
    )


def note_classes_en_vigueur_multiples(*, tvs: Sequence[str]) -> str:
    """Note: TVS whose communes have several classes in force.

    Examples
    --------
    >>> note_classes_en_vigueur_multiples(tvs=["T1", "T2"])
    '2 TVS dont les communes ont plusieurs classes en vigueur ; la classe de la majorité des habitants est retenue (T1, T2)'
    """
    return (
        f"{pluriel(len(tvs), 'TVS', 'TVS')} dont les communes ont plusieurs classes en vigueur ; la classe de la "
        f"majorité des habitants est retenue ({liste(tvs)})"
    )


def population_standardisee_nulle(*, communes: Sequence[str], tvs: Sequence[str]) -> str:
    """Communes and TVS without standardised population (a warning and a note of the report).

    Examples
    --------
    >>> population_standardisee_nulle(communes=["60694"], tvs=[])
    "1 commune sans population standardisée (poids 0 : 60694) : elle ne compte pas dans l'APL de son TVS"
    """
    parts = []
    if communes:
        many = len(communes) > 1
        parts.append(
            f"{pluriel(len(communes), 'commune')} sans population standardisée (poids 0 : {liste(communes)}) : "
            + ("elles ne comptent pas dans l'APL de leur TVS" if many else "elle ne compte pas dans l'APL de son TVS")
        )
    if tvs:
        parts.append(
            f"{pluriel(len(tvs), 'TVS', 'TVS')} dont la population standardisée totale est nulle ({liste(tvs)}) : "
            "sans APL ni catégorie, non zoné" + ("s" if len(tvs) > 1 else "")
        )
    return " ; ".join(parts)


def avertissement_region(*, region: str, message: str) -> str:
    """A broken rule of severity ``warning``, as a warning of the run.

    Examples
    --------
    >>> avertissement_region(region="75", message="m")
    'région 75 : m'
    """
    return f"région {extrait(region)} : {message}"


def zonage_strict(*, errors: Sequence[tuple[str, str, str]]) -> str:
    """``strict=True``: the zoning breaks rules (``(region, rule, message)`` triples).

    Examples
    --------
    >>> print(zonage_strict(errors=[("75", "zac_cap", "m")]))
    le zonage enfreint 1 règle :
    - région 75, plafond ZAC : m
    """
    lines = [f"- région {extrait(r)}, {regle(rule)} : {message}" for r, rule, message in errors]
    noun = "règle" if len(errors) < 2 else "règles"
    return f"le zonage enfreint {entier(len(errors))} {noun} :\n" + "\n".join(lines)


def resume(
    *, rules: str, errors: int, warnings: int, rows: Sequence[tuple[str, str, str]], notes: Sequence[str]
) -> str:
    """The text of a :class:`~access_map.zoning.ZoningReport` (``(severity, region, message)`` rows).

    Examples
    --------
    >>> print(resume(rules="2017", errors=0, warnings=0, rows=[], notes=["n"]))
    zonage (règles 2017) : toutes les contraintes sont respectées
    - note : n
    """
    head = f"zonage (règles {extrait(rules)})"
    if not rows:
        lines = [f"{head} : toutes les contraintes sont respectées"]
    else:
        lines = [
            f"{head} : {pluriel(errors, 'règle enfreinte', 'règles enfreintes')}, {pluriel(warnings, 'avertissement')}"
        ]
        lines += [f"- [{gravite(s)}] région {extrait(r)} : {m}" for s, r, m in rows]
    lines += [f"- note : {n}" for n in notes]
    return "\n".join(lines)


def evolution_de_classe(*, zonage: str, before: float, after: float, points: float) -> str:
    """One line of :meth:`ZoningDiff.describe <access_map.zoning.ZoningDiff.describe>`: a class's share of the
    population before and after, and the change in percentage points.

    Examples
    --------
    >>> evolution_de_classe(zonage="ZIP", before=0.25, after=1.0, points=75.0)
    'ZIP : 25,0\u202f% → 100,0\u202f% de la population (+75,0 points)'
    """
    sign = "+" if points > 0 else ""
    return (
        f"{extrait(zonage)} : {pourcent(before)} → {pourcent(after)} de la population "
        f"({sign}{nombre(points, decimals=1)} points)"
    )
