"""French texts of ``access-map zoning``: help page, usage errors and console lines (GP and five-level zoning).

Examples
--------
>>> part_classe(classe="ZIP", part=0.123)
'ZIP : 12,3\u202f% de la population'
>>> bilan(erreurs=0, avertissements=2, fichiers=12, dossier="zonage", colonne="apl_65")
'0 règle(s) enfreinte(s), 2 avertissement(s) — voir violations.csv ; 12 fichiers écrits dans zonage (colonne APL apl_65)'
"""

from __future__ import annotations

from collections.abc import Iterable

from ._format import entier, pourcent
from .cli import court

COMMANDE = (
    "Zonage médecins (ZIP / ZAC / ZV / HV) des TVS à partir de l'APL communale.\n\n"
    "Calcule l'APL des TVS (moyenne des APL communales pondérée par la population standardisée), classe chaque "
    "TVS (sélection nationale / vivier / hors vivier), choisit les ZIP B et les ZAC sous les plafonds régionaux "
    "(ou vérifie une liste de l'ARS), applique les classements des QPV, compare à un zonage précédent ou publié, "
    "et écrit les tableaux, rapport.html et (avec --contours) les cartes de chaque région. Avec --five-levels "
    "PRESET : zonage en cinq niveaux des infirmiers, masseurs-kinésithérapeutes, sages-femmes ou orthophonistes "
    "à partir d'un indicateur par territoire (--indicator)."
)
COURTE = "Zonage ZIP/ZAC des médecins généralistes à partir de l'APL."

EPILOG = """\b
FICHIERS D'ENTRÉE (CSV séparés par ';' ou ',', UTF-8 ou Latin-1, éventuellement .gz ;
codes commune = codes INSEE à 5 caractères, comme 01001, 2A004, 75101)

\b
--apl FICHIER    APL communale : le CSV écrit par `access-map apl`
                 (code_commune;apl[;apl_65;...];demand;supply) ou tout CSV avec
                 code_commune et la colonne --apl-column ; ou un classeur APL de la DREES
                 (.xlsx, feuille « APL AAAA » : --apl-year choisit le millésime ; son
                 APL ≤ 65 ans, sa population standardisée et totale sont utilisées).
                 --apl-column : apl_65 par défaut si elle existe (le zonage retient
                 les médecins de 65 ans ou moins), sinon apl.
--population FICHIER  table communale facultative complétant le fichier APL :
                 code_commune (ou CODGEO/COM), population (ou PMUN,
                 population_municipale), standardised_population (ou
                 pop_standardisee, demand), code_region (ou REG). Le fichier des
                 populations légales (REG;DEP;COM;PMUN;...) convient, ainsi que
                 le fichier de population standardisée de la DREES
                 (annee_population;code_commune;...;pop_standardisee;
                 pop_totale) avec --population-year.
                 Les colonnes de --population l'emportent sur celles de --apl.
    Poids de la moyenne APL des TVS = population standardisée (--weight-column,
    défaut : standardised_population, demand ou pop_standardisee, la première
    présente). Habitants comptés pour les plafonds = population
    (--population-column ; défaut population, PMUN, population_municipale,
    population_totale). Sans elle, la population standardisée est utilisée, avec
    un avertissement. Région de chaque commune : une colonne code_region/REG, ou
    --region CODE pour un calcul sur une seule région.
--tvs FICHIER    composition des TVS code_commune;code_tvs;libelle_tvs (le fichier
                 de la DREES depcom;libcom;tv;libtv;code_reg;... convient ; une colonne
                 CN / drees_category donne la catégorie nationale de la DREES).
--appartenance FICHIER  table d'appartenance géographique de l'INSEE (CODGEO;...;
                 REG;...;CV;...;BV2012, zéros initiaux rétablis) : la région
                 de chaque commune et, sans --tvs, l'approximation des TVS : bassins
                 de vie découpés par canton-ville au-delà de --threshold-population
                 (50 000), arrondissements de Paris/Lyon/Marseille à part.
--movements FICHIER  événements du COG de l'INSEE (mouvements_communes) : place les
                 communes d'un autre millésime du COG dans la table d'appartenance.
--caps FICHIER   plafonds régionaux code_region;part_max_zip;part_max_zac
                 (parts de la population régionale en ZIP A+B et en
                 ZAC), ou reg;maxZIP;maxZAC de la DREES (en %). Sans plafonds,
                 le calcul donne seulement la sélection nationale et le vivier.
--previous FICHIER  zonage en vigueur (table de l'ARS code_commune;...;zonage, classes
                 ou codes) : point de départ de --policy in_force (le défaut des
                 règles 2021 et suivantes), diff.csv, changes.csv et un résumé
                 avant/après. Les communes présentes seulement dans --previous (autre
                 millésime du COG) apparaissent « absentes » après (un avertissement les nomme).
--compare-with FICHIER  zonage publié par commune (codes 1_ZIP, 2_ZAC, 3_HZ,
                 4_ZAR, « N/A - résultat non disponible » ; par code INSEE,
                 ou par code_postal + libelle_commune, joints sur les noms du
                 fichier APL ou sur --postal-codes ; une commune portant le
                 code postal d'un département voisin y est trouvée) :
                 sans plafonds, la sélection nationale face aux ZIP
                 publiées et la sélection nationale + vivier face aux
                 ZIP + ZAC ; avec plafonds, les classes aussi. Accord pondéré par la
                 population, kappa de Cohen, tableau croisé par région (ZAR sur sa
                 propre ligne), communes en désaccord, et les parts régionales de ZIP/ZAC
                 réalisées par le zonage publié (plafonds_realises.csv, utilisable
                 comme --caps : ce ne sont PAS les plafonds de l'arrêté).
--cog-regions FICHIER  table des régions du COG de l'INSEE (REG, LIBELLE) : nomme
                 les régions dans chaque tableau et dans le rapport.
--qpv FICHIER    liste des QPV code_qpv;libelle_qpv;code_commune;population.
--qpv-selection FICHIER  QPV classés indépendamment de leur TVS :
                 code_qpv;zonage (ZIP ou ZAC ; règles 2021 et suivantes : aussi ZV ou HV).
--selection FICHIER  liste de l'ARS code_tvs;zonage[;code_region] (ZIP, ZAC, ZV, HV) :
                 remplace la politique par défaut dans les régions qu'elle nomme ; les TVS
                 du vivier qu'elle ne cite pas deviennent ZV. Les règles enfreintes sont
                 signalées dans violations.csv (jamais corrigées) ; --strict échoue à la place.
--complete-with-policy  pour une liste de l'ARS partielle (par exemple ses seuls
                 choix de ZIP B) : les TVS du vivier qu'elle ne cite pas sont classées par
                 la --policy par défaut dans la marge RESTANTE sous les plafonds
                 après les classes listées (ZIP B d'abord, puis ZAC, le reste ZV) ;
                 les TVS hors vivier non citées restent HV.

\b
RÈGLES --rules 2017 (défaut), 2021, 2024 : APL de la TVS ≤ 2,5 sélection nationale
       (ZIP A), ≤ 4 vivier, au-delà hors vivier ; marge de 5 % de la population du
       vivier pour les ajouts hors vivier. Seuils régionaux façon 2025 :
       --zip-threshold 2.71 --vivier-threshold 3.98.
       2021 et 2024 suivent l'application de zonage de la DREES : une TVS à cheval
       sur deux régions est classée par sa région la plus peuplée ; sélection nationale
       facultative dans les régions 84, 11, 93, 32 ; la marge ne compte que ZIP+ZAC ;
       parts arrondies à 0,1 point ; les catégories de la DREES l'emportent ; QPV
       ZIP/ZAC/ZV/HV, aucun en 04/06 ; départ du zonage en vigueur (--previous) ;
       La Réunion par grands quartiers (--grands-quartiers). rules.csv liste chaque
       règle et sa source.
       --policy skip (APL la plus basse d'abord) : les TVS du vivier, par APL croissante,
       deviennent ZIP B tant qu'elles tiennent sous le plafond ZIP (une TVS qui ne tient
       pas est sautée), puis ZAC sous le plafond ZAC, le reste ZV. --policy stop :
       s'arrêter à la première TVS qui ne tient pas. --policy in_force : garder le
       zonage en vigueur, en descendant les APL les plus hautes là où un plafond l'exige.

\b
SORTIES (--output-dir, UTF-8 séparé par ';', chaque fichier écrit de façon atomique)
  zoning_communes.csv  code_commune, code_tvs, code_region, apl, tvs_apl,
                       population, category, zonage, subclass, drees_code,
                       qpv_zonage, qpv_drees_code
  tvs_categories.csv   par TVS : APL, catégorie calculée / DREES / retenue
  national_selection.csv  par région : populations et parts de la sélection
                       nationale, du vivier, du hors vivier (et ZIP/ZAC/ZV/HV)
  rules.csv            chaque règle, sa valeur et sa source
  zoning_tvs.csv       une ligne par (TVS, région) avec sa classe et son motif
  zoning_qpv.csv       une ligne par (QPV, commune) (avec --qpv)
  regions.csv          populations, limites et parts de jauge par région
  summary.csv          part de la population par classe (avant/après avec
                       --previous)
  diff.csv, changes.csv  transitions depuis --previous
  comparaison_selection_*.csv, communes_desaccord.csv,
  plafonds_realises.csv, comparison_*.csv (avec plafonds)   avec --compare-with
  violations.csv       règles enfreintes avec limite et valeur (en-tête seul s'il n'y en a pas)
  rapport.html         le rapport ; avec --contours, cartes/ : une carte par
                       région, une de la France (outre-mer en encarts), un PNG
Les fichiers existants sont gardés sauf avec --overwrite.

\b
ZONAGE EN CINQ NIVEAUX (infirmiers, masseurs-kinésithérapeutes, sages-femmes, orthophonistes)
  --five-levels PRESET passe dans un mode à part qui prend SEULEMENT
  --indicator FICHIER, --boundary, --output-dir et --overwrite (les options du zonage
  des médecins ci-dessus sont refusées). PRESET : infirmiers_2020,
  masseurs_kinesitherapeutes_2018, sages_femmes_2019, orthophonistes_2018 (parts
  nationales de population des cinq classes, par exemple infirmiers 5,3 / 9,4 / 36,6 /
  20,4 / 28,3 %).
  --indicator FICHIER  une ligne par territoire (bassin de vie, canton-ville...) :
                 code;indicator;population (alias : code_territoire,
                 code_bv, codgeo / apl, valeur / pop, population_totale).
                 Les territoires sont rangés par indicateur croissant (les moins dotés
                 d'abord) et coupés aux parts cumulées de population ; donnez
                 la nation entière pour des classes comparables aux officielles.
  --boundary midpoint (défaut) : un territoire va dans la classe qui contient le
                 milieu de sa population ; first_inhabitant : la classe de son
                 premier habitant.
  Sortie : five_levels.csv (code, indicator, population, rank,
  cumulative_share_start, cumulative_share_end, level 1-5, classe, libelle),
  écrit de façon atomique ; les parts atteintes et visées sont affichées.

\b
Exemples :
  access-map zoning --apl apl.csv --population pop_legales.csv --tvs tvs.csv \\
      --caps plafonds.csv --previous zonage_2022.csv --output-dir zonage/
  access-map zoning --apl apl_generalistes_2022_2023_drees.xlsx --apl-year 2023 \\
      --appartenance table-appartenance-geo-communes-22.csv.gz --rules 2021 \\
      --caps plafonds.csv --compare-with zonage_publie.csv --output-dir france/
  access-map zoning --five-levels infirmiers_2020 --indicator apl_inf_bv.csv \\
      --output-dir zonage_infirmiers/
"""

APL = "APL communale (classeur .xlsx de la DREES, ou CSV de `access-map apl`). Obligatoire pour le zonage des médecins."
APL_COLUMN = "Colonne de l'APL (par défaut apl_65 si elle existe, sinon apl)."
APL_YEAR = "Millésime d'un classeur de la DREES à plusieurs feuilles « APL AAAA » (par exemple 2023)."
POPULATION = "Table communale de population / population standardisée / région (voir plus bas)."
POPULATION_YEAR = "Année à garder d'un fichier de population standardisée de la DREES (colonne annee_population)."
WEIGHT_COLUMN = "Colonne de la population standardisée (poids de la moyenne des TVS)."
POPULATION_COLUMN = "Colonne de la population comptée pour les plafonds."
REGION = "Code de la région de toutes les communes (calcul sur une seule région)."
TVS = "Composition des TVS (code_commune;code_tvs[;libelle_tvs;...])."
APPARTENANCE = "Table d'appartenance géographique de l'INSEE : les régions, et l'approximation des TVS sans --tvs."
THRESHOLD_POPULATION = (
    "Approximation des TVS : les bassins de vie plus peuplés que ce seuil sont découpés par canton-ville."
)
MOVEMENTS = "Événements du COG de l'INSEE (communes d'un autre millésime du COG)."
CAPS = (
    "Plafonds régionaux (code_region;part_max_zip;part_max_zac, ou reg;maxZIP;maxZAC en %). Sans eux : "
    "sélection nationale et vivier seulement."
)
PREVIOUS = "Zonage en vigueur (par commune) : point de départ de la politique « in_force », et diff.csv."
COMPARE_WITH = "Zonage publié par commune (1_ZIP, 2_ZAC, 3_HZ, 4_ZAR...) : accord, kappa de Cohen, tableau croisé."
POSTAL_CODES = (
    "Table des codes postaux de La Poste, pour joindre les fichiers repérés par code postal + nom de commune."
)
COG_REGIONS = "Table des régions du COG de l'INSEE (REG, LIBELLE) : noms des régions dans les tableaux et le rapport."
QPV = "Liste des QPV (code_qpv;libelle_qpv;code_commune;population)."
QPV_SELECTION = "QPV classés à part (code_qpv;zonage)."
GRANDS_QUARTIERS = (
    "Grands quartiers de La Réunion (code_gq;code_commune;population[;apl]), pour les règles 2021 et suivantes."
)
SELECTION = "Liste de l'ARS des classes des TVS (code_tvs;zonage[;code_region])."
RULES = "Jeu de règles : lecture de 2017, ou 2021/2024 = application de zonage de la DREES."
ZIP_THRESHOLD = "Seuil régional de ZIP (arrêté de 2025), par exemple 2.71."
VIVIER_THRESHOLD = "Seuil régional du vivier, par exemple 3.98."
POLICY = (
    "Choix là où aucune liste de l'ARS ne décide (par défaut selon --rules : 2017 skip, 2021 et suivantes in_force)."
)
COMPLETE_WITH_POLICY = (
    "Liste de l'ARS partielle : classer les TVS du vivier qu'elle ne cite pas par --policy, dans la marge restante."
)
STRICT = "Échouer (code de sortie 1) quand une liste fournie enfreint une règle."
CONTOURS = "Polygones des communes (ADMIN EXPRESS de l'IGN ou GeoJSON) : une carte par région dans cartes/."
INDICATOR = "Avec --five-levels : territoires code;indicator;population."
BOUNDARY = "Avec --five-levels : classe d'un territoire à cheval sur une limite."
OUTPUT_DIR = "Dossier des fichiers produits."
OVERWRITE = "Remplacer les fichiers existants."


def five_levels(*, presets: Iterable[str]) -> str:
    """Help of ``--five-levels``.

    >>> five_levels(presets=["infirmiers_2020"])[:40]
    "Zonage en cinq niveaux d'une autre profe"
    """
    return (
        "Zonage en cinq niveaux d'une autre profession au lieu du zonage des médecins : "
        + ", ".join(presets)
        + " (voir plus bas)."
    )


def cinq_niveaux_seul(*, options: Iterable[str]) -> str:
    """GP options given with ``--five-levels``.

    >>> cinq_niveaux_seul(options=["--caps"])[:60]
    '--five-levels ne prend que --indicator, --boundary, --output'
    """
    return (
        "--five-levels ne prend que --indicator, --boundary, --output-dir et --overwrite ; "
        f"{', '.join(options)} relèvent du zonage des médecins"
    )


CINQ_NIVEAUX_SANS_INDICATEUR = "--five-levels demande --indicator FICHIER (code;indicator;population par territoire)"


def seulement_cinq_niveaux(*, options: Iterable[str]) -> str:
    """Five-level options given without ``--five-levels``.

    >>> seulement_cinq_niveaux(options=["--boundary"])
    '--boundary ne vont qu’avec --five-levels PRESET'
    """
    return f"{', '.join(options)} ne vont qu’avec --five-levels PRESET"


APL_MANQUANTE = (
    "option --apl manquante (obligatoire pour le zonage des médecins ; utilisez --five-levels PRESET "
    "--indicator FICHIER pour les autres professions)"
)
TVS_MANQUANTES = (
    "option --tvs (la composition des TVS) ou --appartenance (la table d'appartenance de l'INSEE, pour "
    "construire l'approximation par bassins de vie) manquante"
)
SEUILS_ENSEMBLE = "--zip-threshold et --vivier-threshold vont ensemble"


def deja_presents(*, dossier: object, fichiers: Iterable[str]) -> str:
    """Outputs that exist without --overwrite.

    >>> deja_presents(dossier="zonage", fichiers=["summary.csv"])
    'zonage : summary.csv existe(nt) déjà ; ajoutez --overwrite pour les remplacer'
    """
    return f"{dossier} : {', '.join(fichiers)} existe(nt) déjà ; ajoutez --overwrite pour les remplacer"


def regles_enfreintes(*, lignes: Iterable[str], nombre_regles: int) -> str:
    """The broken rules of a supplied list, with ``--strict``."""
    return f"le zonage enfreint {entier(nombre_regles)} règle(s) :\n" + "\n".join(lignes)


def regle_enfreinte(*, region: str, regle: str, message: str) -> str:
    """One broken rule.

    >>> regle_enfreinte(region="75", regle="zip_cap", message="plafond dépassé")
    '- région 75, zip_cap : plafond dépassé'
    """
    return f"- région {region}, {regle} : {message}"


def calcul(*, regles: str, seuil_zip: float, seuil_vivier: float, colonne: str) -> str:
    """The zoning being computed.

    >>> calcul(regles="2017", seuil_zip=2.5, seuil_vivier=4.0, colonne="apl_65")
    '… zonage (règles 2017, seuils 2,5 / 4, colonne APL apl_65)'
    """
    return f"… zonage (règles {regles}, seuils {court(seuil_zip)} / {court(seuil_vivier)}, colonne APL {colonne})"


def lecture(*, fichiers: Iterable[str]) -> str:
    """Files being read.

    >>> lecture(fichiers=["apl.csv", "pop.csv"])
    '… lecture de apl.csv et pop.csv'
    """
    return "… lecture de " + " et ".join(fichiers)


def note(*, texte: str) -> str:
    """A note of the run."""
    return f"Note : {texte}"


def part_classe(*, classe: str, part: float) -> str:
    """A class's share of the population."""
    return f"{classe} : {pourcent(part)} de la population"


def attention_regle(*, region: str, regle: str, message: str) -> str:
    """A warning of the zoning (a rule at its limit)."""
    return f"Attention : région {region}, {regle} : {message}"


def bilan(*, erreurs: int, avertissements: int, fichiers: int, dossier: object, colonne: object) -> str:
    """Last line of a zoning run."""
    text = f"{entier(erreurs)} règle(s) enfreinte(s)"
    if avertissements:
        text += f", {entier(avertissements)} avertissement(s)"
    if erreurs or avertissements:
        text += " — voir violations.csv"
    return text + f" ; {entier(fichiers)} fichiers écrits dans {dossier} (colonne APL {colonne})"


# --------------------------------------------------------------------------- inputs (cli/_zoning_inputs.py)


def feuille_drees(*, annee: object) -> str:
    """The sheet read from a DREES workbook.

    >>> feuille_drees(annee=2023)
    '  classeur de la DREES : feuille APL 2023'
    """
    return f"  classeur de la DREES : feuille APL {annee}"


def colonne_apl(*, colonne: str) -> str:
    """The APL column used."""
    return f"  colonne APL : {colonne}"


def colonne_utilisee(*, libelle: str, colonne: str, fichier: str) -> str:
    """A column found for a quantity.

    >>> colonne_utilisee(libelle="population", colonne="PMUN", fichier="pop.csv")
    '  population : colonne « PMUN » de pop.csv'
    """
    return f"  {libelle} : colonne « {colonne} » de {fichier}"


def codes_en_double(*, fichier: object, codes: str) -> str:
    """Commune codes listed twice.

    >>> codes_en_double(fichier="apl.csv", codes="33001")
    'apl.csv : code(s) commune en double 33001 ; une ligne par commune'
    """
    return f"{fichier} : code(s) commune en double {codes} ; une ligne par commune"


def plusieurs_annees(*, fichier: object, annees: Iterable[object]) -> str:
    """A population file with several years and no ``--population-year``."""
    return (
        f"{fichier} : plusieurs années de population {', '.join(map(str, annees))} ; choisissez-en une avec "
        "--population-year"
    )


def annee_absente(*, fichier: object, annee: object, annees: Iterable[object]) -> str:
    """A ``--population-year`` absent from the file.

    >>> annee_absente(fichier="pop.csv", annee=2019, annees=[2020, 2021])
    'pop.csv : aucune ligne pour --population-year 2019 (années : 2020, 2021)'
    """
    return f"{fichier} : aucune ligne pour --population-year {annee} (années : {', '.join(map(str, annees))})"


def colonne_introuvable(*, colonne: str, libelle: str, fichiers: Iterable[str]) -> str:
    """An explicit column found in none of the files.

    >>> colonne_introuvable(colonne="pop", libelle="population", fichiers=["a.csv"])
    'pas de colonne « pop » pour la population dans a.csv'
    """
    return f"pas de colonne « {colonne} » pour la {libelle} dans {', '.join(fichiers)}"


SANS_POPULATION = "Attention : pas de colonne de population : les plafonds sont comptés sur la population standardisée"

# --------------------------------------------------------------------------- five levels


def cinq_niveaux_existe(*, dossier: object) -> str:
    """five_levels.csv exists without --overwrite."""
    return f"{dossier} : five_levels.csv existe déjà ; ajoutez --overwrite pour le remplacer"


def lecture_indicateur(*, fichier: str) -> str:
    """The indicator file being read."""
    return f"… lecture de {fichier}"


def codes_territoire(*, fichier: object, codes: str) -> str:
    """Empty or duplicated territory codes."""
    return (
        f"{fichier}, colonne « code » : code(s) de territoire vide(s) ou en double {codes} ; une ligne par territoire"
    )


def calcul_cinq_niveaux(*, territoires: int, regles: str, limite: str) -> str:
    """The five-level zoning being computed.

    >>> calcul_cinq_niveaux(territoires=12, regles="infirmiers_2020", limite="midpoint")
    '… zonage en cinq niveaux de 12 territoires (infirmiers_2020, limite midpoint)'
    """
    return f"… zonage en cinq niveaux de {entier(territoires)} territoires ({regles}, limite {limite})"


def part_atteinte(*, libelle: str, atteinte: float, cible: float) -> str:
    """A class's achieved share against its target.

    >>> part_atteinte(libelle="très sous-doté", atteinte=0.05, cible=0.053)
    '  très sous-doté : 5,0\u202f% de la population (cible 5,3\u202f%)'
    """
    return f"  {libelle} : {pourcent(atteinte)} de la population (cible {pourcent(cible)})"


def cinq_niveaux_ecrit(*, dossier: object) -> str:
    """five_levels.csv written."""
    return f"five_levels.csv écrit dans {dossier}"


SANS_APL_65 = " (pas de colonne apl_65 : le zonage officiel retient les médecins de 65 ans ou moins)"
POIDS = "population standardisée (poids)"
POPULATION_PLAFONDS = "population (plafonds)"
LIBELLE_REGION = "région"
SANS_POPULATION_STANDARDISEE = (
    "aucune population standardisée trouvée (colonnes {colonnes}) dans --apl ou --population ; l'APL d'une TVS "
    "est une moyenne pondérée par elle"
)
SANS_REGION = (
    "pas de région par commune : donnez --region CODE (calcul sur une région) ou un fichier --population avec "
    "une colonne code_region/REG (par exemple le fichier des populations légales)"
)
