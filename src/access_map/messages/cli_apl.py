"""French texts of ``access-map apl``: help page, usage errors and console lines.

Examples
--------
>>> lecture(quoi="population", fichier="pop.csv")
'lecture : population pop.csv'
>>> moyenne(colonne="apl_65", moyenne=3.14159, unite="consultations", communes=3, chemin="apl.csv")
'apl_65 : moyenne pondérée par la demande 3,142 (consultations) ; 3 communes → apl.csv'
"""

from __future__ import annotations

from ._format import entier, nombre
from .cli import court

COMMANDE = "Calcule l'APL (accessibilité potentielle localisée, DREES) par commune."

EPILOG = """\b
FICHIERS D'ENTRÉE (CSV séparés par ';' ou ',', UTF-8 ou Latin-1, éventuellement .gz ;
codes commune = codes INSEE à 5 caractères, comme 01001, 2A004, 75101)

\b
--population, selon --population-kind :
  age (défaut)   code_commune + les 19 tranches quinquennales age_00_04, age_05_09,
                 ..., age_85_89, age_90_plus (deux sexes) [+ women] ;
                 ou un fichier INSEE « pop-sexe-age-quinquennal » (CODGEO,
                 colonnes ageq_recXXsYrpAAAA). Demande = population pondérée par
                 les pondérations officielles par âge de la DREES du --vintage (2022, 2023).
  standardised   code_commune + standardised_population (ou la colonne DREES
                 pop_standardisee ; un fichier DREES de plusieurs années demande
                 --population-year, colonne annee_population).
  total          code_commune + population (non standardisée : une
                 approximation quand les âges sont inconnus).
  Sages-femmes (--profession sage_femme) : demande = colonne women (tout type).

\b
--supply, selon --supply-kind :
  practitioners (défaut)  un fichier de praticiens : l'extraction Annuaire santé
                 PS_LibreAcces_Personne_activite ou le format RPPS 2017
                 (sans activité publiée : ajoutez --impute-activity,
                 5 400 actes par médecin comme la DREES pour les nouveaux installés, ou
                 --impute-activity ACTES), ou le fichier d'activité, une ligne par
                 praticien × lieu d'exercice :
                 identifiant_pp;code_commune;profession;actes;age;
                 nouvel_installe;centre_sante;etp;part_activite
                 actes = consultations + visites + téléconsultations de l'année
                 (praticien entier ; vide si nouvel installé), nouvel_installe et
                 centre_sante = 1/0, etp = équivalent temps plein (professions
                 autres que médecins), part_activite = part de l'activité sur le lieu
                 (vide = 1/nombre de lieux). Les actes des médecins comptent comme à la DREES :
                 < 250 → 0, 250-3 600 → 3 600, 3 601-6 000 → réel,
                 > 6 000 → 6 000, nouvel installé → 5 400, centre de santé → réel.
  communes       code_commune + supply (actes ou ETP déjà comptés par
                 commune d'exercice).

\b
Temps de trajet, au choix :
  --times FICHIER  table longue origin;destination;minutes (CSV ou Parquet) :
                 origin = commune de résidence, destination = commune
                 d'exercice, une ligne par paire à moins de 20 minutes, une commune
                 vers elle-même à 0,0 (export INSEE Metric ou OSRM, sortie de
                 `access-map travel`).
  --points FICHIER  points des communes (GeoPackage, GeoJSON[.gz], Shapefile ; toute
                 projection, EPSG:4326 comprise) avec une colonne code_commune / INSEE_COM /
                 CODGEO / code_insee / cinseea / code (sinon --code-column ;
                 chefs-lieux ; couche chflieu_commune d'un GeoPackage ADMIN
                 EXPRESS, sinon la première couche ou --layer ; un polygone
                 est remplacé par un point intérieur ; les objets sans
                 géométrie sont écartés et comptés) ; temps approchés
                 par --intercept + --per-km × km à vol d'oiseau (2,0 + 1,32), mesurés
                 dans la projection métrique de chaque territoire (Lambert-93 en métropole,
                 UTM outre-mer ; --points-crs impose une projection unique).

\b
SORTIE
  .csv   code_commune;apl[;apl_65;apl_62;apl_60 avec --variants];demand;supply
         [;supply_imputed avec --impute-activity : la part de l'offre
         imputée] (UTF-8, ';').
  .gpkg  les mêmes colonnes jointes à --geometry (polygones des communes : GeoPackage
         ADMIN EXPRESS ou contours GeoJSON), couche « apl ».
  Les fichiers sont écrits de façon atomique (fichier temporaire, puis renommage).

\b
UNITÉS  Médecins généralistes : consultations/visites accessibles par habitant standardisé
       et par an. Infirmiers, kinésithérapeutes, chirurgiens-dentistes : ETP pour 100 000
       habitants standardisés ; sages-femmes : ETP pour 100 000 femmes (leur zone d'attraction
       n'est pas publiée : la décroissance des médecins est utilisée, avec un avertissement).

\b
Exemple :
  access-map apl --population pop_age.csv --supply activite.csv \\
      --points chefs_lieux.gpkg --max-age 65 --output apl.csv
"""

POPULATION = "Population par commune (voir FICHIERS D'ENTRÉE)."
POPULATION_KIND = "Contenu du fichier de population."
POPULATION_YEAR = "Année à garder quand le fichier de population en contient plusieurs (colonne annee_population)."
SUPPLY = "Activité des praticiens, ou offre par commune."
SUPPLY_KIND = "Contenu du fichier d'offre."
TIMES = "Table des temps de trajet origin;destination;minutes."
POINTS_CRS = (
    "Projection métrique des distances ; « auto » mesure chaque territoire dans sa propre projection "
    "(Lambert-93 en métropole, UTM pour chaque département d'outre-mer)."
)
OUTPUT = "Fichier résultat : .csv, ou .gpkg avec --geometry."
GEOMETRY = "Polygones des communes, pour une sortie .gpkg."
MAX_AGE = "Ne compter que les praticiens de cet âge au plus (variantes DREES 65, 62, 60 ; le zonage utilise 65)."
VARIANTS = "Calculer aussi apl_65, apl_62, apl_60 (demande --supply-kind practitioners)."

REGION_SANS_COMMUNES = (
    "--region demande la région de chaque commune, que les fichiers d'entrée de apl ne donnent pas : "
    "choisissez les départements de la région avec --departement (répétable)"
)
TIMES_OU_POINTS = "donnez soit --times FICHIER, soit --points FICHIER (exactement un des deux)"
OPTIONS_DES_POINTS = "--layer, --code-column, --intercept et --per-km s'appliquent à --points, pas à --times"
IMPUTATION_SANS_PRATICIENS = "--impute-activity demande --supply-kind practitioners (une liste de praticiens)"
VARIANTES_SANS_PRATICIENS = "--variants demande --supply-kind practitioners (les âges sont ceux des praticiens)"
VARIANTES_ET_AGE = "--variants calcule déjà chaque limite d'âge : retirez --max-age"
AGE_SANS_PRATICIENS = "--max-age demande --supply-kind practitioners (les âges sont ceux des praticiens)"
ANNEE_SANS_COLONNE = "--population-year ne s'applique qu'à un fichier ayant une colonne annee_population"
GPKG_SANS_GEOMETRIE = "une sortie .gpkg demande --geometry (polygones des communes)"
GEOMETRIE_SANS_GPKG = "--geometry ne s'applique qu'à une sortie .gpkg"
CALCUL_APL = "calcul de l'APL"


def mauvaise_sortie(*, nom: str) -> str:
    """An output that is neither .csv nor .gpkg.

    >>> mauvaise_sortie(nom="apl.xlsx")
    '--output doit finir par .csv ou .gpkg ; reçu : apl.xlsx'
    """
    return f"--output doit finir par .csv ou .gpkg ; reçu : {nom}"


def etape_finie(*, secondes: float) -> str:
    """A step done, with its duration.

    >>> etape_finie(secondes=1.234)
    '  fait (1,2 s)'
    """
    return f"  fait ({nombre(secondes, decimals=1)} s)"


def lecture(*, quoi: str, fichier: str) -> str:
    """A file being read."""
    return f"lecture : {quoi} {fichier}"


def demande_lue(*, communes: int, demande: float) -> str:
    """The demand read.

    >>> demande_lue(communes=12, demande=34567.8)
    '  12 communes, demande 34\u202f568'
    """
    return f"  {entier(communes)} communes, demande {nombre(demande, decimals=0)}"


def offre_lue(*, communes: int, offre: float) -> str:
    """The supply read."""
    return f"  {entier(communes)} communes d'exercice, offre {nombre(offre, decimals=1)}"


def temps_vol_oiseau(*, fichier: str) -> str:
    """Crow-fly times computed from a points file."""
    return f"temps à vol d'oiseau depuis {fichier}"


def paires(*, nombre_paires: int, max_minutes: float) -> str:
    """Pairs within the catchment.

    >>> paires(nombre_paires=1234, max_minutes=20.0)
    '  1\u202f234 paires à moins de 20 minutes'
    """
    return f"  {entier(nombre_paires)} paires à moins de {court(max_minutes)} minutes"


def ecriture(*, chemin: object) -> str:
    """The result being written."""
    return f"écriture de {chemin}"


def selection_ecrite(*, selection: str, gardees: int, total: int) -> str:
    """Communes of the selection written.

    >>> selection_ecrite(selection="département 33", gardees=5, total=9)
    '  département 33 : 5 communes écrites sur 9 (APL calculée sur toutes)'
    """
    return f"  {selection} : {entier(gardees)} communes écrites sur {entier(total)} (APL calculée sur toutes)"


def reprojete(*, fichier: str, crs: str) -> str:
    """Points reprojected."""
    return f"  {fichier} : reprojeté en {crs}"


def sans_polygone(*, manquantes: int, fichier: str) -> str:
    """Communes of the result without a polygon.

    >>> sans_polygone(manquantes=2, fichier="communes.gpkg")[:60]
    '  attention : 2 commune(s) du résultat sans polygone dans co'
    """
    return (
        f"  attention : {entier(manquantes)} commune(s) du résultat sans polygone dans {fichier} (autre "
        "millésime du COG ?) : absentes du GeoPackage"
    )


def moyenne(*, colonne: str, moyenne: float, unite: str, communes: int, chemin: object) -> str:
    """The demand-weighted mean APL of the result."""
    return (
        f"{colonne} : moyenne pondérée par la demande {nombre(moyenne, decimals=3)} ({unite}) ; "
        f"{entier(communes)} communes → {chemin}"
    )
