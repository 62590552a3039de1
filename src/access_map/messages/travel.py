"""French texts of ``access-map travel``: help of its sub-commands and options, console lines of its runs.

Examples
--------
>>> resume_table(lignes=1234, communes=40, paires=1194)
'1\u202f234 lignes : 40 communes, 1\u202f194 paires de communes distinctes'
>>> modele_calibre(ordonnee=2.0, pente=1.452)
'minutes = 2,000 + 1,4520 × km'
"""

from __future__ import annotations

from ._format import entier, nombre
from .cli import court

# --------------------------------------------------------------------------- help

GROUPE = (
    "Temps de trajet entre communes : table longue origin, destination, minutes.\n\n"
    "Tables de temps de trajet entre communes (modèle à vol d'oiseau, serveur OSRM, matrice importée) et "
    "calibrage du modèle à vol d'oiseau."
)
CROWFLY = (
    "Approximation à vol d'oiseau : minutes = a + b × km entre les points des communes.\n\n"
    "Des points dans toute projection (EPSG:4326 comprise) sont mesurés dans la projection métrique de chaque "
    "territoire (Lambert-93 en métropole, UTM outre-mer) ; --to-crs impose une projection unique."
)
OSRM = "Temps routiers d'un serveur OSRM auto-hébergé (service table)."
ROAD = (
    "Temps routiers d'un extrait OpenStreetMap, avec OSRM dans le processus (sans serveur) : origin, destination, "
    "minutes, km.\n\n"
    "L'extrait devient un graphe OSRM une seule fois (mis en cache selon son sha256 et le profil) ; chaque point "
    "de commune est rattaché au réseau routier (distances écrites dans --snapping) ; chaque paire à moins de "
    "--max-minutes est calculée (les paires plus éloignées à vol d'oiseau que la distance parcourue à 130 km/h "
    "en ce temps ne sont pas demandées)."
)
COMPARE = (
    "Compare deux tables de temps de trajet (A : par exemple à vol d'oiseau ; B : la référence, par exemple "
    "routière) et leur effet sur l'APL."
)
IMPORT = "Vérifie une matrice de temps exportée et l'écrit dans la forme standard."
CALIBRATE = "Ajuste minutes = a + b × km à vol d'oiseau sur des paires observées et compare au modèle par défaut."

TO_CRS = "Reprojeter d'abord les points (par exemple 2154 pour la métropole)."
OUTPUT = "Table produite (.csv, .csv.gz ou .parquet) : origin, destination, minutes."
OVERWRITE = "Remplacer la table produite si elle existe."
MAX_MINUTES_CATCHMENT = "Zone d'attraction : garder les paires jusqu'à ce temps (minutes)."
MAX_MINUTES_ALL = "Garder les paires jusqu'à ce temps (minutes ; par défaut : toutes)."
BASE_URL = "Racine du serveur OSRM, par exemple http://localhost:5000."
PROFILE_HTTP = "Profil OSRM du serveur."
MAX_TABLE_SIZE = "Coordonnées par requête (osrm-routed --max-table-size)."
RETRIES = "Nouvelles tentatives après une erreur de connexion ou une erreur HTTP 5xx (avec délai croissant)."
MAX_CROW_KM = (
    "Ne demander que les paires à moins de cette distance à vol d'oiseau, en km (par exemple 30 pour une zone "
    "de 20 minutes)."
)
OSM = (
    "Extrait OpenStreetMap (.osm.pbf), ou fetch:NOM pour un extrait du catalogue (par exemple "
    "fetch:osm_aquitaine ; voir access-map fetch --list)."
)
PROFILE_ROAD = "Profil OSRM : car, bicycle, foot, ou le chemin d'un profil .lua."
MAX_SNAP_M = (
    "Les points à plus de cette distance de toute route (mètres) sont exclus du calcul (paire avec eux-mêmes "
    "seulement)."
)
SNAPPING = "Où écrire la distance de chaque point au réseau routier (par défaut : nom de OUTPUT + .snapping.csv)."
CACHE_DIR = (
    "Cache des téléchargements et des graphes OSRM (par défaut : $ACCESS_MAP_CACHE ou le dossier de cache de "
    "l'utilisateur)."
)
THREADS = "Fils d'exécution de la construction du graphe (par défaut : tous les processeurs)."
COMPARE_MAX_MINUTES = (
    "Comparer les paires à moins de ce temps dans chaque table (une paire dans une seule table est comptée à part)."
)
COMPARE_APL = (
    "Demande et offre par commune (code_commune;demand;supply, par exemple la sortie de access-map apl) : "
    "ajoute l'APL sous chaque table."
)
COMPARE_TVS = "Composition des TVS (code_commune;code_tvs[;libelle_tvs]) : ajoute les TVS qui changent de catégorie."
COMPARE_OUTPUT = "Avec --apl : écrire l'APL sous chaque table, par commune (.csv)."
IMPORT_INPUT = "Matrice exportée (CSV ou Parquet) : INSEE Metric, Metric-OSRM, calcul OSRM…"
IMPORT_ORIGIN = "Colonne du code de la commune d'origine."
IMPORT_DESTINATION = "Colonne du code de la commune de destination."
IMPORT_MINUTES = "Colonne du temps en minutes."
SEP = "Séparateur du CSV (par défaut : deviné)."
IMPORT_OUTPUT = "Table produite (.csv, .csv.gz ou .parquet)."
PAIRS = "CSV d'une ligne par paire : coordonnées projetées en mètres et un temps observé."
COORDINATE = "Colonne de la coordonnée {nom} (mètres)."
OBSERVED = "Colonne des temps observés en minutes (par exemple Dist_min, HC)."
MAX_KM = "N'ajuster que les paires jusqu'à cette distance à vol d'oiseau (km)."
NO_INTERCEPT = "Ajuster minutes = b × km (a = 0)."
PROFESSION = "Profession dont les paramètres APL sont utilisés."

# --------------------------------------------------------------------------- console and errors

POINTS_REQUIS = "--points FICHIER est obligatoire (points des communes, par exemple les chefs-lieux)"
TVS_SANS_APL = "--tvs et --output demandent --apl (demande et offre par commune)"
AJOUTER_TO_CRS = "Avec cette commande : ajoutez --to-crs 2154 (métropole)."


def polygones_remplaces(*, fichier: str, nombre_polygones: int) -> str:
    """Polygons of a points file replaced by a point inside them.

    >>> polygones_remplaces(fichier="communes.gpkg", nombre_polygones=3)
    'communes.gpkg : 3 polygone(s) remplacé(s) par un point intérieur'
    """
    return f"{fichier} : {entier(nombre_polygones)} polygone(s) remplacé(s) par un point intérieur"


def sortie_existe(*, chemin: object) -> str:
    """An output that exists without --overwrite.

    >>> sortie_existe(chemin="t.csv")
    't.csv existe ; ajoutez --overwrite pour le remplacer'
    """
    return f"{chemin} existe ; ajoutez --overwrite pour le remplacer"


def format_inconnu(*, nom: str) -> str:
    """An output whose extension is not a table format.

    >>> format_inconnu(nom="t.xlsx")
    'format de sortie inconnu « t.xlsx » : utilisez .csv, .csv.gz ou .parquet'
    """
    return f"format de sortie inconnu « {nom} » : utilisez .csv, .csv.gz ou .parquet"


def resume_table(*, lignes: int, communes: int, paires: int) -> str:
    """What a travel-time table holds."""
    return f"{entier(lignes)} lignes : {entier(communes)} communes, {entier(paires)} paires de communes distinctes"


def ecrit(*, chemin: object, resume: str, detail: str = "") -> str:
    """A table written, with its summary.

    >>> ecrit(chemin="t.csv", resume="3 lignes", detail="modèle 2 + 1,32 × km")
    't.csv : 3 lignes (modèle 2 + 1,32 × km)'
    """
    return f"{chemin} : {resume}" + (f" ({detail})" if detail else "")


def modele_vol_oiseau(*, ordonnee: float, pente: float, max_minutes: float) -> str:
    """The crow-fly model of a table.

    >>> modele_vol_oiseau(ordonnee=2.0, pente=1.32, max_minutes=20.0)
    'modèle 2 + 1,32 × km, ≤ 20 min'
    """
    return f"modèle {court(ordonnee, decimals=3)} + {court(pente, decimals=4)} × km, ≤ {court(max_minutes)} min"


def graphe_osrm(*, dossier: object, en_cache: bool, secondes: float) -> str:
    """Where the OSRM graph is, and whether it was built.

    >>> graphe_osrm(dossier="/cache/osrm/ab12", en_cache=False, secondes=12.34)
    'graphe OSRM : /cache/osrm/ab12 (construit en 12,3 s)'
    """
    etat = "en cache" if en_cache else f"construit en {nombre(secondes, decimals=1)} s"
    return f"graphe OSRM : {dossier} ({etat})"


def temps_routiers(*, max_minutes: float, profil: str, mediane_m: float, loin: int, chemin: object) -> str:
    """The road times' settings and the snapping summary.

    >>> temps_routiers(max_minutes=20.0, profil="car", mediane_m=123.4, loin=2, chemin="t.snapping.csv")
    'temps routiers ≤ 20 min, profil car ; rattachement : médiane 123 m, 2 point(s) au-delà de 500 m → t.snapping.csv'
    """
    return (
        f"temps routiers ≤ {court(max_minutes)} min, profil {profil} ; rattachement : médiane "
        f"{nombre(mediane_m, decimals=0)} m, {entier(loin)} point(s) au-delà de 500 m → {chemin}"
    )


def compare_entete(*, a: str, b: str, max_minutes: float) -> str:
    """First line of ``travel compare``.

    >>> compare_entete(a="vol.csv", b="route.csv", max_minutes=20.0)
    'A = vol.csv, B = route.csv (référence) ; paires de communes distinctes ≤ 20 min'
    """
    return f"A = {a}, B = {b} (référence) ; paires de communes distinctes ≤ {court(max_minutes)} min"


def compare_paires(*, communes: int, seulement_a: int, seulement_b: int) -> str:
    """Pairs in both tables, and in one only.

    >>> compare_paires(communes=1000, seulement_a=3, seulement_b=0)
    'paires communes : 1\u202f000 ; seulement dans A : 3 ; seulement dans B : 0'
    """
    return (
        f"paires communes : {entier(communes)} ; seulement dans A : {entier(seulement_a)} ; "
        f"seulement dans B : {entier(seulement_b)}"
    )


def compare_exemples(*, table: str, exemples: list[str]) -> str:
    """Examples of pairs present in one table only."""
    return f"  exemples, seulement dans {table} : {', '.join(exemples)}"


def _signe(value: float, decimals: int) -> str:
    text = nombre(value, decimals=decimals)
    return text if text.startswith(("-", "−")) else f"+{text}"


def ecarts(*, mae: float, biais: float, rmse: float, r2: float, spearman: float | None = None) -> str:
    """Errors of A - B (or of a model against observations).

    >>> ecarts(mae=1.234, biais=-0.5, rmse=2.0, r2=0.91234, spearman=0.95)
    'écart absolu moyen 1,23 min, biais -0,50 min, RMSE 2,00 min, R² 0,912, Spearman 0,950'
    """
    text = (
        f"écart absolu moyen {nombre(mae)} min, biais {_signe(biais, 2)} min, RMSE {nombre(rmse)} min, "
        f"R² {nombre(r2, decimals=3)}"
    )
    return text + (f", Spearman {nombre(spearman, decimals=3)}" if spearman is not None else "")


def compare_ecarts(*, detail: str) -> str:
    """A - B on the pairs of both tables."""
    return f"A - B sur les paires communes : {detail}"


def compare_apl(*, communes: int, moyenne_a: float, moyenne_b: float, ecart: float, spearman: float) -> str:
    """The APL under each table.

    >>> compare_apl(communes=10, moyenne_a=3.0, moyenne_b=2.5, ecart=0.5, spearman=0.9)
    'APL (10 communes) : moyenne sous A 3,000, sous B 2,500 ; |A - B| moyen 0,500 ; Spearman 0,900'
    """
    return (
        f"APL ({entier(communes)} communes) : moyenne sous A {nombre(moyenne_a, decimals=3)}, sous B "
        f"{nombre(moyenne_b, decimals=3)} ; |A - B| moyen {nombre(ecart, decimals=3)} ; Spearman "
        f"{nombre(spearman, decimals=3)}"
    )


def compare_seuil(*, seuil: float, changent: int, sous_a: int, sous_b: int) -> str:
    """Communes changing side of an APL threshold.

    >>> compare_seuil(seuil=2.5, changent=4, sous_a=3, sous_b=1)
    '  communes changeant de côté du seuil 2,5 : 4 (≤ 2,5 sous A seulement : 3, sous B seulement : 1)'
    """
    s = nombre(seuil, decimals=1)
    return (
        f"  communes changeant de côté du seuil {s} : {entier(changent)} (≤ {s} sous A seulement : "
        f"{entier(sous_a)}, sous B seulement : {entier(sous_b)})"
    )


def compare_tvs(*, changent: int, total: int) -> str:
    """TVS changing zoning category.

    >>> compare_tvs(changent=2, total=30)
    'TVS changeant de catégorie de zonage : 2 sur 30'
    """
    return f"TVS changeant de catégorie de zonage : {entier(changent)} sur {entier(total)}"


def compare_tvs_ligne(
    *, code: str, libelle: str, categorie_a: str, apl_a: float, categorie_b: str, apl_b: float
) -> str:
    """One TVS changing category."""
    return (
        f"  {code} {libelle} : {categorie_a} (APL {nombre(apl_a)}) sous A, {categorie_b} (APL {nombre(apl_b)}) sous B"
    )


def paires_utilisees(*, nombre_paires: int, max_km: float | None) -> str:
    """Pairs used by a calibration.

    >>> paires_utilisees(nombre_paires=200, max_km=30.0)
    'paires utilisées : 200 (paires ≤ 30 km)'
    """
    scope = f" (paires ≤ {court(max_km)} km)" if max_km is not None else ""
    return f"paires utilisées : {entier(nombre_paires)}{scope}"


def modele_calibre(*, ordonnee: float, pente: float) -> str:
    """A crow-fly model in a sentence."""
    return f"minutes = {nombre(ordonnee, decimals=3)} + {nombre(pente, decimals=4)} × km"


def calibre(*, modele: str, detail: str) -> str:
    """The fitted model and its errors."""
    return f"ajusté :    {modele}   {detail}"


def par_defaut(*, modele: str, detail: str) -> str:
    """The default model and its errors."""
    return f"par défaut : {modele}   {detail}"


def rayon(*, km: float, ordonnee: float, pente: float) -> str:
    """The crow-fly radius of 20 minutes, and the command that uses the fitted model.

    >>> rayon(km=12.3456, ordonnee=2.0, pente=1.45)[:59]
    "20 minutes = 12,3 km à vol d'oiseau avec le modèle ajusté ("
    """
    return (
        f"20 minutes = {nombre(km, decimals=1)} km à vol d'oiseau avec le modèle ajusté (à utiliser : access-map "
        f"travel crowfly --intercept {ordonnee:.3f} --per-km {pente:.4f} ...)"
    )


# --------------------------------------------------------------------------- errors of access_map.travel


def pas_un_geodataframe(*, quoi: str, type_recu: str) -> str:
    """Points that are not a GeoDataFrame."""
    return f"{quoi} : un GeoDataFrame de points des communes est attendu ; reçu : {type_recu}"


def communes_sans_point(*, quoi: str, nombre_communes: int, codes: str) -> str:
    """Communes without a point.

    >>> communes_sans_point(quoi="points des communes", nombre_communes=1, codes="'33001'")
    "points des communes : 1 commune(s) sans point ('33001') ; retirez-les ou donnez-leur le point de leur chef-lieu"
    """
    return (
        f"{quoi} : {entier(nombre_communes)} commune(s) sans point ({codes}) ; retirez-les ou donnez-leur le "
        "point de leur chef-lieu"
    )


def pas_des_points(*, quoi: str, types: str, codes: str) -> str:
    """Geometries that are not points."""
    return (
        f"{quoi} : des points (chefs-lieux des communes) sont attendus ; trouvé {types} pour {codes} ; utilisez "
        "les chefs-lieux ou gdf.representative_point() des polygones des communes"
    )


def sans_crs(*, quoi: str) -> str:
    """Points without a CRS."""
    return (
        f"aucune projection (CRS) sur {quoi} : indiquez-la avec gdf.set_crs(...) (par exemple 2154 pour des "
        "coordonnées Lambert-93, 4326 pour longitude/latitude)"
    )


def fichier_introuvable(*, quoi: str, chemin: object) -> str:
    """An input file that does not exist.

    >>> fichier_introuvable(quoi="fichier des temps de trajet", chemin="t.csv")
    'fichier des temps de trajet introuvable : t.csv (vérifiez le chemin)'
    """
    return f"{quoi} introuvable : {chemin} (vérifiez le chemin)"


FICHIER_PAIRES = "fichier des paires observées"
FICHIER_TEMPS = "fichier des temps de trajet"
EXTRAIT_OSM = "extrait OpenStreetMap"


def temps_illisibles(*, chemin: object, detail: object) -> str:
    """A travel-time file that cannot be read."""
    return f"impossible de lire le fichier des temps de trajet {chemin} : {detail}"


def coordonnees_en_degres(*, source: str, colonnes: str, x_min: float, x_max: float, y_min: float, y_max: float) -> str:
    """Observed pairs in degrees."""
    return (
        f"{source} : les coordonnées {colonnes} semblent en degrés (longitude/latitude : x de {nombre(x_min, decimals=4)} "
        f"à {nombre(x_max, decimals=4)}, y de {nombre(y_min, decimals=4)} à {nombre(y_max, decimals=4)}) ; les paires "
        "observées demandent des coordonnées projetées en mètres (Lambert-93, EPSG:2154, en métropole) : "
        "reprojetez-les d'abord, par exemple avec pyproj.Transformer.from_crs(4326, 2154, always_xy=True)"
    )


TEMPS_MANQUANT = "temps manquant (NaN ou vide)"


def temps_non_calcule(*, seuil: float) -> str:
    """The reason of a pair dropped for a « not computed » time (9999)."""
    return f"temps « non calculé » (≥ {seuil:.0f})"


def ligne(*, numero: int) -> str:
    """A row of an input file, as an example.

    >>> ligne(numero=3)
    'ligne 3'
    """
    return f"ligne {numero}"


def longueurs_differentes(*, km: int, minutes: int) -> str:
    """Distances and times of different lengths."""
    return f"crow_km et observed_minutes doivent avoir la même longueur ; reçu : {km} et {minutes}"


def valeurs_invalides(*, nom: str, nombre_valeurs: int, valeurs: str) -> str:
    """NaN, infinite or negative values among the pairs."""
    return f"{nom} a {entier(nombre_valeurs)} valeur(s) NaN, infinie(s) ou négative(s) ({valeurs})"


def sentinelles(*, nombre_valeurs: int) -> str:
    """« not computed » values among the observed times."""
    return f"observed_minutes a {entier(nombre_valeurs)} valeur(s) « non calculée » (≥ 9999)"


def paires_a_retirer(*, problemes: list[str]) -> str:
    """The pairs to drop before calibrating."""
    return " ; ".join(problemes) + " ; retirez ces paires avant le calibrage"


AUCUNE_PAIRE = "aucune paire sur laquelle évaluer le modèle"


def trop_peu_de_paires(*, minimum: int, recues: int) -> str:
    """Too few pairs to calibrate.

    >>> trop_peu_de_paires(minimum=2, recues=1)
    'il faut au moins 2 paire(s) pour calibrer ; reçu : 1'
    """
    return f"il faut au moins {minimum} paire(s) pour calibrer ; reçu : {recues}"


def pente_non_positive(*, pente: float) -> str:
    """A fitted slope that is not positive."""
    return (
        f"minutes_per_km ajusté = {nombre(pente, decimals=4)} n'est pas positif : les temps observés ne croissent pas "
        "avec la distance (vérifiez que les colonnes sont des temps en minutes et des distances en km des mêmes paires)"
    )


def pente_invraisemblable(*, pente: float, bas: float, haut: float) -> str:
    """A fitted slope outside plausible travel speeds."""
    return (
        f"minutes_per_km ajusté = {nombre(pente, decimals=4)} est invraisemblable pour des temps de trajet (attendu "
        f"de {nombre(bas)} à {nombre(haut)}, soit {nombre(60 / haut, decimals=0)} à {nombre(60 / bas, decimals=0)} "
        "km/h) : les distances ne sont sans doute pas en km (degrés ou mètres donnés comme km ?) ou les temps pas en "
        "minutes (secondes, heures ?) ; vérifiez les unités des deux colonnes"
    )


def ordonnee_negative(*, ordonnee: float) -> str:
    """A fitted negative intercept."""
    return (
        f"intercept_minutes ajusté = {nombre(ordonnee, decimals=4)} est négatif ; recalibrez sans ordonnée à "
        "l'origine (--no-intercept, fit_intercept=False) ou vérifiez les données (des paires courtes manquent peut-être)"
    )


def nombre_invalide(*, nom: str, condition: str, valeur: object) -> str:
    """A parameter outside its domain.

    >>> nombre_invalide(nom="minutes_per_km", condition="un nombre fini > 0", valeur=-1.0)
    'minutes_per_km doit être un nombre fini > 0 ; reçu : -1.0'
    """
    return f"{nom} doit être {condition} ; reçu : {valeur!r}"


def crs_local_inconnu(*, code: str, connus: str) -> str:
    """A commune whose territory has no known local projection."""
    return (
        f"aucune projection métrique locale connue pour la commune {code!r} (collectivité d'outre-mer ?) ; "
        f"territoires connus : {connus}"
    )


def paires_en_double(*, source: str, paires: str, nombre_paires: int) -> str:
    """Origin/destination pairs listed twice."""
    return (
        f"paire(s) origine/destination en double dans {source} : {paires} ({entier(nombre_paires)} paire(s)) ; "
        "chaque paire doit figurer une fois : agrégez-les ou retirez les doublons d'abord"
    )


def temps_interne_non_nul(*, source: str, nombre_communes: int, exemples: str) -> str:
    """Commune-to-itself times that were not 0."""
    return (
        f"{source} : {entier(nombre_communes)} temps d'une commune vers elle-même non nul(s) (par exemple "
        f"{exemples}) ; mis à 0,0 (convention de l'APL : temps interne à une commune = 0)"
    )


def codes_manquants(*, source: str, colonne: str, lignes: str, nombre_lignes: int) -> str:
    """Rows without an origin or destination code."""
    return (
        f"code(s) INSEE manquant(s) dans {source}, colonne {colonne!r}, ligne(s) {lignes} ({entier(nombre_lignes)} "
        "ligne(s)) ; chaque ligne demande une commune d'origine et une commune de destination"
    )


# --------------------------------------------------------------------------- OSRM server (travel osrm)


def osrm_conseil(*, url: str) -> str:
    """What to check when an OSRM server does not answer as expected."""
    return (
        f"vérifiez qu'un serveur OSRM tourne à {url} (par exemple `osrm-routed --algorithm mld --max-table-size 1000 "
        "region.osrm`) et qu'il est joignable depuis cette machine, et que max_table_size ne dépasse pas le "
        "--max-table-size du serveur (100 par défaut)"
    )


def osrm_sans_durees(*, url: str, lignes: int, cles: str) -> str:
    """An OSRM reply without its durations."""
    return (
        f"la réponse OSRM de {url} n'a pas de matrice « durations » de {entier(lignes)} ligne(s) (clés : {cles}) ; "
        "est-ce bien un service table d'OSRM ?"
    )


def osrm_forme(*, url: str, forme: object, attendue: object) -> str:
    """An OSRM durations matrix of the wrong shape."""
    return f"réponse OSRM de {url} : la matrice des durées a la forme {forme}, attendu {attendue}"


def osrm_sans_route(*, url: str, paires: int, exemples: str) -> str:
    """Pairs without a route, dropped."""
    return f"OSRM ({url}) : {entier(paires)} paire(s) sans itinéraire (durée nulle) écartée(s) (par exemple {exemples})"


def osrm_pas_json(*, requete: str, statut: int, debut: str, conseil: str) -> str:
    """A reply that is not JSON."""
    return f"la réponse OSRM à {requete} n'est pas du JSON (HTTP {statut} : {debut}) ; {conseil}"


def osrm_echec(*, code: object, message: str, requete: str, statut: int, trop_grand: bool, conseil: str) -> str:
    """A table request refused by the server."""
    extra = (
        "trop de coordonnées : baissez max_table_size ou relancez osrm-routed avec un --max-table-size plus grand ; "
        if trop_grand
        else ""
    )
    return (
        f"échec de la requête table OSRM : code {code!r} ({message}) pour {requete} (HTTP {statut}) ; {extra}{conseil}"
    )


def osrm_injoignable(*, url: str, essais: int, derniere: str, requete: str, conseil: str) -> str:
    """A server that never answered."""
    return (
        f"serveur OSRM injoignable à {url} après {entier(essais)} essai(s) ({derniere}) ; requête {requete}. {conseil}"
    )


# --------------------------------------------------------------------------- OSRM in process (travel road)


def loin_du_reseau(
    *, nombre_points: int, quoi: str, seuil_m: float, exemples: str, exclus: int, max_snap_m: float | None
) -> str:
    """Points far from the road network (some of them left out of routing)."""
    text = (
        f"{entier(nombre_points)} {quoi} rattaché(s) à plus de {nombre(seuil_m, decimals=0)} m de la route la plus "
        f"proche ({exemples})"
    )
    if exclus:
        text += (
            f" ; {entier(exclus)} d'entre eux, au-delà de max_snap_m = {nombre(max_snap_m, decimals=0)} m, sont exclus "
            "du calcul (paire avec eux-mêmes seulement)"
        )
    return text + " : vérifiez leurs coordonnées et que l'extrait les couvre"


ORIGINES = "origine(s)"
DESTINATIONS = "destination(s)"


def aucun_point_rattache(*, nombre_points: int, max_snap_m: float, graphe: object) -> str:
    """No point within reach of the road network."""
    return (
        f"aucun des {entier(nombre_points)} points n'est à moins de {nombre(max_snap_m, decimals=0)} m d'une route du "
        f"graphe {graphe} : l'extrait OpenStreetMap ne les couvre pas (mauvaise région ?) ou leurs coordonnées sont "
        "fausses (projection ?)"
    )


def sans_itineraire(*, paires: int, exemples: str) -> str:
    """Pairs within reach as the crow flies but without a road route."""
    return (
        f"OSRM : {entier(paires)} paire(s) à portée à vol d'oiseau sans itinéraire routier (par exemple {exemples}) ; "
        "îles sans bac dans l'extrait, ou réseau coupé par la limite de l'extrait"
    )


def osrm_incomplet(*, chemin: object) -> str:
    """A program missing from the osrm-bindings wheel."""
    return f"{chemin} introuvable : le paquet osrm-bindings est incomplet ; réinstallez-le"


def profil_inconnu(*, profil: str, connus: str) -> str:
    """An unknown OSRM profile."""
    return (
        f"profil d'itinéraire inconnu {profil!r} : utilisez l'un de {connus} (fournis avec osrm-bindings) ou le "
        "chemin d'un fichier de profil .lua existant"
    )


def pas_un_extrait_osm(*, nom: str, suffixes: str) -> str:
    """A file whose name is not an OpenStreetMap extract's."""
    return (
        f"{nom} : pas un nom d'extrait OpenStreetMap ({suffixes}) ; téléchargez un extrait .osm.pbf, par exemple "
        "depuis https://download.geofabrik.de/europe/france.html"
    )


def extrait_vide(*, chemin: object) -> str:
    """An empty extract."""
    return f"{chemin} est vide : téléchargez l'extrait de nouveau"


def pas_un_pbf(*, chemin: object) -> str:
    """A .osm.pbf that is not one."""
    return (
        f"{chemin} n'est pas un fichier PBF OpenStreetMap (pas de bloc OSMHeader au début) : le téléchargement a "
        "peut-être échoué (une page d'erreur HTML ?) ; téléchargez-le de nouveau"
    )


def etape_osrm_echouee(*, etape: str, source: object, code: int, lignes: str) -> str:
    """An OSRM step (extract, partition, customize) that failed."""
    return (
        f"{etape} a échoué sur {source} (code de sortie {code}) :\n  {lignes}\nL'extrait est peut-être tronqué ou "
        "corrompu (téléchargez-le de nouveau), ou le profil invalide."
    )


COLONNES_TEMPS = (
    "faites correspondre les colonnes de votre fichier avec read_travel_times(path, origin=..., destination=..., "
    "minutes=...)"
)


def temps_non_calcule_ou_infini(*, seuil: float) -> str:
    """The reason of a pair dropped for a « not computed » or infinite time."""
    return f"temps « non calculé » (≥ {seuil:.0f}) ou infini"
