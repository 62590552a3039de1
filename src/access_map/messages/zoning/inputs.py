"""Errors and warnings about the tables the zoning engine reads (:mod:`access_map.zoning.inputs`): regional caps,
commune table, QPV and grands quartiers tables, the ARS and QPV selections, the zoning in force.

Each says which table, what is wrong (values quoted from the inputs, cut and counted) and how to fix it.

Examples
--------
>>> regions_sans_plafond(source="plafonds.csv", regions=["75"], present=["76"])
'plafonds.csv : pas de plafonds pour la région 75 (présentes : 76) ; ajoutez une ligne par région des communes'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._format import entier, extrait, liste, pluriel

__all__ = [
    "TABLE_DES_PLAFONDS",
    "TABLE_DES_COMMUNES",
    "TABLE_DES_QPV",
    "SELECTION_DES_QPV",
    "LISTE_ARS",
    "TABLE_DES_GRANDS_QUARTIERS",
    "ZONAGE_EN_VIGUEUR",
    "INDICE_COLONNES_PLAFONDS",
    "INDICE_COLONNES_COMMUNES",
    "COMMUNE_HORS_TVS",
    "SELECTION_QPV_SANS_TABLE",
    "plafonds_sans_region",
    "regions_en_double",
    "part_hors_bornes",
    "parts_cumulees_au_dela",
    "plafonds_invalides",
    "regions_sans_plafond",
    "classe_hors_liste",
    "code_commune_absent",
    "communes_absentes_de_la_table",
    "apl_manquant",
    "region_manquante",
    "source_qpv",
    "source_tvs",
    "qpv_en_double",
    "communes_hors_tvs",
    "population_qpv_excessive",
    "codes_qpv_en_double",
    "codes_qpv_inconnus",
    "codes_tvs_inconnus",
    "tvs_multiregion_sans_region",
    "tvs_sans_habitant_dans_la_region",
    "tvs_region_en_double",
    "classe_en_vigueur_inconnue",
    "grands_quartiers_en_double",
    "grands_quartiers_hors_tvs",
    "grands_quartiers_hors_regions",
]

#: Name of the regional caps table in messages.
TABLE_DES_PLAFONDS = "table des plafonds"
#: Name of the commune table (APL, weights, population, region) in messages.
TABLE_DES_COMMUNES = "table des communes"
#: Name of the QPV composition (one row per QPV and commune) in messages.
TABLE_DES_QPV = "table des QPV"
#: Name of the classes the ARS gives its QPV in messages.
SELECTION_DES_QPV = "sélection des QPV"
#: Name of the ARS's list of TVS classes in messages.
LISTE_ARS = "liste de l'ARS"
#: Name of the grands quartiers table in messages.
TABLE_DES_GRANDS_QUARTIERS = "table des grands quartiers"
#: Name of the zoning in force in messages.
ZONAGE_EN_VIGUEUR = "zonage en vigueur"
#: How to fix missing cap columns.
INDICE_COLONNES_PLAFONDS = "renommez part_max_zip/part_max_zac en zip_cap_share/zac_cap_share"
#: How to fix missing columns of the commune table.
INDICE_COLONNES_COMMUNES = "nommez-les avec apl_column=, weight_column=, population_column=, region_column="
#: Reason counted when a commune of the commune table is in no TVS.
COMMUNE_HORS_TVS = "commune dans aucun TVS (laissée hors du zonage)"
#: A QPV selection without the QPV composition.
SELECTION_QPV_SANS_TABLE = "qpv_selection est donné sans la table de composition des QPV (qpv=...)"


def plafonds_sans_region(*, source: str, columns: Iterable[object]) -> str:
    """The caps table has no region code.

    Examples
    --------
    >>> plafonds_sans_region(source="plafonds.csv", columns=["region", "zip"])
    'plafonds.csv : ni colonne ni index code_region ; colonnes trouvées : region, zip'
    """
    return f"{source} : ni colonne ni index code_region ; colonnes trouvées : {liste(columns, limit=20)}"


def regions_en_double(*, source: str, regions: Sequence[object]) -> str:
    """Regions listed twice in the caps table.

    Examples
    --------
    >>> regions_en_double(source="plafonds.csv", regions=["75"])
    'plafonds.csv : région en double (75) ; une ligne par région'
    """
    noun = "régions" if len(regions) > 1 else "région"
    return f"{source} : {noun} en double ({liste(regions)}) ; une ligne par région"


def part_hors_bornes(*, column: str, regions: Sequence[object], values: Sequence[float]) -> str:
    """A cap share outside [0, 1] (one clause of :func:`plafonds_invalides`).

    Examples
    --------
    >>> part_hors_bornes(column="zip_cap_share", regions=["75"], values=[18.5])
    'zip_cap_share hors de [0 ; 1] pour 1 région (75 ; valeurs : 18,5) : donnez des parts, par exemple 0,18 pour 18 %'
    """
    shown = liste([f"{float(v):g}".replace(".", ",") for v in values])
    return (
        f"{column} hors de [0 ; 1] pour {pluriel(len(regions), 'région')} ({liste(regions)} ; valeurs : "
        f"{shown}) : donnez des parts, par exemple 0,18 pour 18 %"
    )


def parts_cumulees_au_dela(*, regions: Sequence[object]) -> str:
    """ZIP and ZAC caps adding up to more than 100 % (one clause of :func:`plafonds_invalides`).

    Examples
    --------
    >>> parts_cumulees_au_dela(regions=["75"])[:60]
    'zip_cap_share + zac_cap_share > 1 pour 1 région (75) : ZIP e'
    """
    return (
        f"zip_cap_share + zac_cap_share > 1 pour {pluriel(len(regions), 'région')} ({liste(regions)}) : ZIP et ZAC "
        "sont des parts disjointes de la population régionale et ne peuvent dépasser 100 % ensemble"
    )


def plafonds_invalides(*, source: str, problems: Iterable[str]) -> str:
    """The problems found in a caps table, as one sentence.

    Examples
    --------
    >>> plafonds_invalides(source="plafonds.csv", problems=["a", "b"])
    'plafonds.csv : a ; b'
    """
    return f"{source} : " + " ; ".join(problems)


def regions_sans_plafond(*, source: str, regions: Sequence[object], present: Sequence[object]) -> str:
    """Regions of the communes without a row in the caps table.

    Examples
    --------
    >>> regions_sans_plafond(source="plafonds", regions=["75", "76"], present=[])[:44]
    'plafonds : pas de plafonds pour les régions '
    """
    noun = "les régions" if len(regions) > 1 else "la région"
    return (
        f"{source} : pas de plafonds pour {noun} {liste(regions)} (présentes : {liste(present) or 'aucune'}) ; "
        "ajoutez une ligne par région des communes"
    )


def classe_hors_liste(*, source: str, value: object, allowed: Iterable[str]) -> str:
    """A class of a list (ARS selection, QPV selection) that is not one of the allowed classes.

    Examples
    --------
    >>> classe_hors_liste(source="liste de l'ARS, TVS T1", value="ZAP", allowed=["ZIP", "ZAC"])
    "liste de l'ARS, TVS T1 : la valeur de zonage « ZAP » n'est pas l'une de ZIP, ZAC (codes DREES comme 1_ZIP acceptés)"
    """
    return (
        f"{source} : la valeur de zonage « {extrait(value)} » n'est pas l'une de {', '.join(allowed)} "
        "(codes DREES comme 1_ZIP acceptés)"
    )


def code_commune_absent(*, source: str, code: str, index: object) -> str:
    """A table without commune code, neither as index nor as a column.

    Examples
    --------
    >>> code_commune_absent(source="table des communes", code="code_commune", index=None)
    "table des communes : le code commune doit être l'index nommé code_commune ou une colonne code_commune (index trouvé : None)"
    """
    return (
        f"{source} : le code commune doit être l'index nommé {code} ou une colonne {code} (index trouvé : "
        f"{extrait(index)})"
    )


def communes_absentes_de_la_table(*, communes: Sequence[object]) -> str:
    """Communes of the TVS composition missing from the commune table.

    Examples
    --------
    >>> communes_absentes_de_la_table(communes=["33099"])[:70]
    'une commune de la table des TVS est absente de la table des communes ('
    """
    head = (
        "une commune de la table des TVS est absente"
        if len(communes) == 1
        else f"{entier(len(communes))} communes de la table des TVS sont absentes"
    )
    return (
        f"{head} de la table des communes ({liste(communes)}) ; chaque commune d'un TVS a besoin d'un APL, d'un "
        "poids, d'une population et d'une région"
    )


def apl_manquant(*, column: str, communes: Sequence[object]) -> str:
    """Communes with a positive standardised population and no APL.

    Examples
    --------
    >>> apl_manquant(column="apl", communes=["33001"])[:80]
    'table des communes, colonne apl : APL manquant (NaN) pour 1 commune de populatio'
    """
    return (
        f"table des communes, colonne {column} : APL manquant (NaN) pour {pluriel(len(communes), 'commune')} de "
        f"population standardisée positive ({liste(communes)}) ; l'APL de leur TVS serait indéfini"
    )


def region_manquante(*, column: str, communes: Sequence[object]) -> str:
    """Communes without region code.

    Examples
    --------
    >>> region_manquante(column="code_region", communes=["33002"])
    'table des communes, colonne code_region : région manquante pour 1 commune (33002) ; chaque commune a besoin de son code région (les plafonds sont régionaux)'
    """
    return (
        f"table des communes, colonne {column} : région manquante pour {pluriel(len(communes), 'commune')} "
        f"({liste(communes)}) ; chaque commune a besoin de son code région (les plafonds sont régionaux)"
    )


def source_qpv(*, code: object) -> str:
    """Where a class of the QPV selection comes from (the ``source`` of :func:`classe_hors_liste`).

    Examples
    --------
    >>> source_qpv(code="QN01")
    'sélection des QPV, QPV QN01'
    """
    return f"{SELECTION_DES_QPV}, QPV {extrait(code)}"


def source_tvs(*, code: object) -> str:
    """Where a class of the ARS list comes from (the ``source`` of :func:`classe_hors_liste`).

    Examples
    --------
    >>> source_tvs(code="T1")
    "liste de l'ARS, TVS T1"
    """
    return f"{LISTE_ARS}, TVS {extrait(code)}"


def qpv_en_double(*, pairs: Sequence[object]) -> str:
    """(QPV, commune) rows listed twice in the QPV table.

    Examples
    --------
    >>> qpv_en_double(pairs=["Q1/33001"])
    'table des QPV : lignes (code_qpv, code_commune) en double (Q1/33001) ; une ligne par QPV et par commune'
    """
    return (
        f"{TABLE_DES_QPV} : lignes (code_qpv, code_commune) en double ({liste(pairs)}) ; une ligne par QPV et par "
        "commune"
    )


def communes_hors_tvs(*, communes: Sequence[object]) -> str:
    """Communes of the QPV table that are in no TVS.

    Examples
    --------
    >>> communes_hors_tvs(communes=["99001"])
    'table des QPV : 1 commune dans aucun TVS du zonage (99001) ; corrigez la table des QPV ou ajoutez ces communes à la table des TVS'
    """
    return (
        f"{TABLE_DES_QPV} : {pluriel(len(communes), 'commune')} dans aucun TVS du zonage ({liste(communes)}) ; "
        "corrigez la table des QPV ou ajoutez ces communes à la table des TVS"
    )


def population_qpv_excessive(*, excess: Sequence[tuple[object, float, float]]) -> str:
    """QPV populations above the population of their commune (``(commune, QPV total, commune)`` triples).

    Examples
    --------
    >>> population_qpv_excessive(excess=[("33001", 150.0, 100.0)])
    'table des QPV : population des QPV supérieure à celle de la commune pour 1 commune (33001 : 150 > 100)'
    """
    shown = liste([f"{extrait(c)} : {entier(q)} > {entier(p)}" for c, q, p in excess])
    return (
        f"{TABLE_DES_QPV} : population des QPV supérieure à celle de la commune pour "
        f"{pluriel(len(excess), 'commune')} ({shown})"
    )


def codes_qpv_en_double(*, codes: Sequence[object]) -> str:
    """QPV listed twice in the QPV selection.

    Examples
    --------
    >>> codes_qpv_en_double(codes=["Q1"])
    'sélection des QPV : code QPV en double (Q1) ; une ligne par QPV'
    """
    noun = "codes QPV" if len(codes) > 1 else "code QPV"
    return f"{SELECTION_DES_QPV} : {noun} en double ({liste(codes)}) ; une ligne par QPV"


def codes_qpv_inconnus(*, codes: Sequence[object]) -> str:
    """QPV of the selection absent from the QPV table.

    Examples
    --------
    >>> codes_qpv_inconnus(codes=["Q9"])
    'sélection des QPV : 1 code QPV inconnu (Q9), absent de la table des QPV'
    """
    return f"{SELECTION_DES_QPV} : {pluriel(len(codes), 'code QPV inconnu', 'codes QPV inconnus')} ({liste(codes)}), absent{'s' if len(codes) > 1 else ''} de la table des QPV"


def codes_tvs_inconnus(*, codes: Sequence[object]) -> str:
    """TVS of the ARS list absent from the TVS composition.

    Examples
    --------
    >>> codes_tvs_inconnus(codes=["NOPE"])
    "liste de l'ARS : 1 code TVS inconnu (NOPE), absent de la table des TVS"
    """
    return f"{LISTE_ARS} : {pluriel(len(codes), 'code TVS inconnu', 'codes TVS inconnus')} ({liste(codes)}), absent{'s' if len(codes) > 1 else ''} de la table des TVS"


def tvs_multiregion_sans_region(*, tvs: Sequence[object]) -> str:
    """TVS spanning several regions listed without the region each ARS classes.

    Examples
    --------
    >>> tvs_multiregion_sans_region(tvs=["X (75/76)"])
    "liste de l'ARS : TVS à cheval sur plusieurs régions listé sans code_region (X (75/76)) ; chaque ARS ne classe que sa part : ajoutez une colonne code_region"
    """
    noun = "TVS à cheval sur plusieurs régions listés" if len(tvs) > 1 else "TVS à cheval sur plusieurs régions listé"
    return (
        f"{LISTE_ARS} : {noun} sans code_region ({liste(tvs)}) ; chaque ARS ne classe que sa part : ajoutez une "
        "colonne code_region"
    )


def tvs_sans_habitant_dans_la_region(*, pairs: Sequence[object]) -> str:
    """(TVS, region) pairs of the ARS list where the TVS has no resident in the region.

    Examples
    --------
    >>> tvs_sans_habitant_dans_la_region(pairs=["V1/11"])
    "liste de l'ARS : aucun habitant du TVS dans la région indiquée (code_tvs/code_region : V1/11)"
    """
    return f"{LISTE_ARS} : aucun habitant du TVS dans la région indiquée (code_tvs/code_region : {liste(pairs)})"


def tvs_region_en_double(*, pairs: Sequence[object]) -> str:
    """(TVS, region) pairs listed twice in the ARS list.

    Examples
    --------
    >>> tvs_region_en_double(pairs=["V1/75"])
    "liste de l'ARS : (TVS, région) listé deux fois (V1/75) ; une ligne par TVS et par région"
    """
    return f"{LISTE_ARS} : (TVS, région) listé deux fois ({liste(pairs)}) ; une ligne par TVS et par région"


def classe_en_vigueur_inconnue(*, value: object, classes: Iterable[str], codes: Iterable[str]) -> str:
    """A class of the zoning in force that is neither a class nor a DREES zoning code.

    Examples
    --------
    >>> classe_en_vigueur_inconnue(value="ZRR", classes=["ZIP", "ZAC"], codes=["1_ZIP"])
    'zonage en vigueur : classe inconnue « ZRR » ; attendu : ZIP, ZAC ou un code de zonage 1_ZIP'
    """
    return (
        f"{ZONAGE_EN_VIGUEUR} : classe inconnue « {extrait(value)} » ; attendu : {liste(classes, limit=8)} ou un "
        f"code de zonage {liste(codes, limit=8)}"
    )


def grands_quartiers_en_double(*, codes: Sequence[object]) -> str:
    """Grands quartiers listed twice.

    Examples
    --------
    >>> grands_quartiers_en_double(codes=["G1"])
    'table des grands quartiers : code_gq en double (G1) ; une ligne par grand quartier'
    """
    return f"{TABLE_DES_GRANDS_QUARTIERS} : code_gq en double ({liste(codes)}) ; une ligne par grand quartier"


def grands_quartiers_hors_tvs(*, communes: Sequence[object]) -> str:
    """Communes of the grands quartiers table that are in no TVS.

    Examples
    --------
    >>> grands_quartiers_hors_tvs(communes=["99001"])
    'table des grands quartiers : 1 commune dans aucun TVS (99001)'
    """
    return f"{TABLE_DES_GRANDS_QUARTIERS} : {pluriel(len(communes), 'commune')} dans aucun TVS ({liste(communes)})"


def grands_quartiers_hors_regions(*, communes: Sequence[object], regions: Sequence[object]) -> str:
    """Communes of the grands quartiers table outside the regions zoned by grands quartiers.

    Examples
    --------
    >>> grands_quartiers_hors_regions(communes=["33001"], regions=[])
    'table des grands quartiers : 1 commune hors des régions zonées par grands quartiers (33001) ; régions zonées par grands quartiers : aucune (ZoningRules.grand_quartier_regions)'
    """
    return (
        f"{TABLE_DES_GRANDS_QUARTIERS} : {pluriel(len(communes), 'commune')} hors des régions zonées par grands "
        f"quartiers ({liste(communes)}) ; régions zonées par grands quartiers : {liste(regions) or 'aucune'} "
        "(ZoningRules.grand_quartier_regions)"
    )
