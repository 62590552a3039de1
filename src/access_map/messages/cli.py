"""French texts of the command line itself: click's own words (usage, sections, errors) and the commands' lines.

Click writes its own texts in English (« Usage: », « Show this message and exit. », « Error: Missing option »);
:mod:`access_map.cli._french` gives every command a French help formatter, French parameter types and French
errors, with the words below.

Examples
--------
>>> option_manquante(nom="--points")
'option obligatoire manquante : --points'
>>> valeur_invalide(nom="--per-km", detail="« abc » n'est pas un nombre")
"valeur invalide pour --per-km : « abc » n'est pas un nombre"
>>> pas_un_nombre(valeur="1.2.3")
"« 1.2.3 » n'est pas un nombre (exemples : 12, 0,5 ou 0.5)"
"""

from __future__ import annotations

from collections.abc import Iterable

from ._format import extrait, nombre

__all__ = [
    "court",
    "UTILISATION",
    "OPTIONS",
    "COMMANDES",
    "ARGUMENTS",
    "AIDE_OPTION",
    "VERSION_OPTION",
    "VERSION",
    "ERREUR",
    "COMMANDE_MANQUANTE",
    "DEFAUT",
    "OBLIGATOIRE",
    "VARIABLE_ENVIRONNEMENT",
    "DYNAMIQUE",
    "essayez",
    "option_manquante",
    "argument_manquant",
    "valeur_invalide",
    "valeur_refusee",
    "option_inconnue",
    "commande_inconnue",
    "arguments_en_trop",
    "option_attend_valeur",
    "option_sans_valeur",
    "choisissez_parmi",
    "pas_un_choix",
    "pas_un_nombre",
    "pas_un_entier",
    "hors_intervalle",
    "pas_un_booleen",
    "chemin_absent",
    "chemin_est_un_dossier",
    "chemin_est_un_fichier",
    "chemin_illisible",
    "chemin_non_inscriptible",
    "chemin_refuse",
    "fichier_impossible",
]


def court(value: float, *, decimals: int = 2) -> str:
    """A number with at most ``decimals`` decimals, without trailing zeros (minutes, km, thresholds of a console
    line).

    >>> court(20.0), court(2.5), court(1.4521), court(1.4521, decimals=4)
    ('20', '2,5', '1,45', '1,4521')
    """
    text = nombre(value, decimals=decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


#: Prefix of the usage line.
UTILISATION = "Utilisation : "
#: Section headings of a help page.
OPTIONS = "Options"
COMMANDES = "Commandes"
ARGUMENTS = "Arguments"
#: Help of ``-h``/``--help`` and ``--version``.
AIDE_OPTION = "Afficher cette aide et quitter."
VERSION_OPTION = "Afficher la version et quitter."
#: ``access-map --version`` (click's ``%(prog)s``/``%(version)s`` placeholders).
VERSION = "%(prog)s, version %(version)s"
#: Prefix of an error line.
ERREUR = "Erreur : "
#: A group called without a sub-command.
COMMANDE_MANQUANTE = "commande manquante."
#: Words of the help extras (``[défaut : 5 ; obligatoire]``).
DEFAUT = "défaut : "
OBLIGATOIRE = "obligatoire"
VARIABLE_ENVIRONNEMENT = "variable d'environnement : "
DYNAMIQUE = "(calculé)"


def essayez(*, commande: str, option: str) -> str:
    """The hint under a usage error.

    >>> essayez(commande="access-map zoning", option="--help")
    "Essayez « access-map zoning --help » pour l'aide."
    """
    return f"Essayez « {commande} {option} » pour l'aide."


def option_manquante(*, nom: str) -> str:
    """A required option was not given."""
    return f"option obligatoire manquante : {nom}"


def argument_manquant(*, nom: str) -> str:
    """A required argument was not given.

    >>> argument_manquant(nom="CONFIG")
    'argument obligatoire manquant : CONFIG'
    """
    return f"argument obligatoire manquant : {nom}"


def valeur_invalide(*, nom: str, detail: str) -> str:
    """A value refused for an option or an argument."""
    return f"valeur invalide pour {nom} : {detail}"


def valeur_refusee(*, detail: str) -> str:
    """A value refused, when the option is not known.

    >>> valeur_refusee(detail="trop grand")
    'valeur invalide : trop grand'
    """
    return f"valeur invalide : {detail}"


def option_inconnue(*, nom: str, proches: Iterable[str] = ()) -> str:
    """An option the command does not have, with the nearest names.

    >>> option_inconnue(nom="--point", proches=["--points"])
    'option inconnue : --point (vouliez-vous dire --points ?)'
    """
    proches = sorted(proches)
    suite = f" (vouliez-vous dire {' ou '.join(proches)} ?)" if proches else ""
    return f"option inconnue : {nom}{suite}"


def commande_inconnue(*, nom: str, commandes: Iterable[str] = ()) -> str:
    """A sub-command that does not exist.

    >>> commande_inconnue(nom="zonage", commandes=["apl", "zoning"])
    'commande inconnue : « zonage » (commandes : apl, zoning)'
    """
    noms = ", ".join(commandes)
    return f"commande inconnue : « {extrait(nom)} »" + (f" (commandes : {noms})" if noms else "")


def arguments_en_trop(*, valeurs: str) -> str:
    """Words of the command line that no option takes.

    >>> arguments_en_trop(valeurs="a b")
    'argument(s) en trop : a b (une valeur contenant des espaces se met entre guillemets)'
    """
    return f"argument(s) en trop : {valeurs} (une valeur contenant des espaces se met entre guillemets)"


def option_attend_valeur(*, nom: str) -> str:
    """An option given without its value.

    >>> option_attend_valeur(nom="--points")
    "l'option --points attend une valeur"
    """
    return f"l'option {nom} attend une valeur"


def option_sans_valeur(*, nom: str) -> str:
    """A flag given a value.

    >>> option_sans_valeur(nom="--quiet")
    "l'option --quiet ne prend pas de valeur"
    """
    return f"l'option {nom} ne prend pas de valeur"


def choisissez_parmi(*, choix: Iterable[str]) -> str:
    """The list of the possible values of an option.

    >>> choisissez_parmi(choix=["2017", "2021"])
    'choisissez parmi : 2017, 2021'
    """
    return "choisissez parmi : " + ", ".join(choix)


def pas_un_choix(*, valeur: object, choix: Iterable[str]) -> str:
    """A value outside the choices of an option.

    >>> pas_un_choix(valeur="2019", choix=["2017", "2021"])
    "« 2019 » n'est pas une valeur possible ; choisissez parmi : 2017, 2021"
    """
    return f"« {extrait(valeur)} » n'est pas une valeur possible ; {choisissez_parmi(choix=choix)}"


def pas_un_nombre(*, valeur: object) -> str:
    """A value that is not a number."""
    return f"« {extrait(valeur)} » n'est pas un nombre (exemples : 12, 0,5 ou 0.5)"


def pas_un_entier(*, valeur: object) -> str:
    """A value that is not a whole number.

    >>> pas_un_entier(valeur="2,5")
    "« 2,5 » n'est pas un nombre entier"
    """
    return f"« {extrait(valeur)} » n'est pas un nombre entier"


def hors_intervalle(*, valeur: str, intervalle: str) -> str:
    """A number outside the range of an option.

    >>> hors_intervalle(valeur="-1", intervalle="x ≥ 0")
    "-1 n'est pas dans l'intervalle x ≥ 0"
    """
    return f"{valeur} n'est pas dans l'intervalle {intervalle}"


def pas_un_booleen(*, valeur: object) -> str:
    """A value that is neither yes nor no.

    >>> pas_un_booleen(valeur="peut-être")
    "« peut-être » n'est ni oui ni non (1, 0, oui, non, true, false, yes, no)"
    """
    return f"« {extrait(valeur)} » n'est ni oui ni non (1, 0, oui, non, true, false, yes, no)"


def chemin_absent(*, chemin: str, nature: str) -> str:
    """An input file or folder that does not exist.

    >>> chemin_absent(chemin="pop.csv", nature="fichier")
    "le fichier « pop.csv » n'existe pas"
    """
    return f"le {nature} « {extrait(chemin)} » n'existe pas"


def chemin_est_un_dossier(*, chemin: str) -> str:
    """A folder given where a file is expected."""
    return f"« {extrait(chemin)} » est un dossier ; un fichier est attendu"


def chemin_est_un_fichier(*, chemin: str) -> str:
    """A file given where a folder is expected."""
    return f"« {extrait(chemin)} » est un fichier ; un dossier est attendu"


def chemin_illisible(*, chemin: str) -> str:
    """A path without read permission."""
    return f"« {extrait(chemin)} » ne peut pas être lu (permissions)"


def chemin_non_inscriptible(*, chemin: str) -> str:
    """A path without write permission."""
    return f"« {extrait(chemin)} » ne peut pas être écrit (permissions)"


def chemin_refuse(*, chemin: str) -> str:
    """A path refused for another reason."""
    return f"chemin refusé : « {extrait(chemin)} »"


def fichier_impossible(*, chemin: str, raison: str) -> str:
    """A file that cannot be opened."""
    return f"impossible d'ouvrir « {extrait(chemin)} » : {raison}"


def introuvable(*, chemin: str) -> str:
    """A file or folder that does not exist (met while the command runs).

    >>> introuvable(chemin="pop.csv")
    'fichier ou dossier introuvable : pop.csv'
    """
    return f"fichier ou dossier introuvable : {chemin}"


def erreur_inattendue(*, nature: str, detail: str, variable: str) -> str:
    """An internal error: one line, and how to see its traceback.

    >>> erreur_inattendue(nature="KeyError", detail="'x'", variable="ACCESS_MAP_DEBUG")[:40]
    "erreur inattendue (KeyError : 'x'). Rela"
    """
    return (
        f"erreur inattendue ({nature} : {extrait(detail)}). Relancez la commande avec {variable}=1 pour voir la "
        "trace Python, et signalez-la avec la commande lancée"
    )


# --------------------------------------------------------------------------- options shared by the commands

POINTS = (
    "Points des communes (GeoPackage, GeoJSON[.gz], shapefile ; toute projection, EPSG:4326 comprise), par "
    "exemple les chefs-lieux ; un polygone est remplacé par un point intérieur."
)
LAYER = "Couche d'un fichier à plusieurs couches (par défaut : chflieu_commune si elle existe)."
CODE_COLUMN = (
    "Colonne du code INSEE de la commune (par défaut, la première présente parmi code_commune, INSEE_COM, "
    "CODGEO, code_insee, cinseea, code, insee)."
)
INTERCEPT = "Ordonnée à l'origine a du modèle à vol d'oiseau (minutes)."
PER_KM = "Pente b du modèle à vol d'oiseau (minutes par km à vol d'oiseau ; 0,9 ou 0.9)."
PROFESSION = "Profession (paramètres APL de la DREES pour cette profession)."
VINTAGE = "Millésime de l'APL dont les pondérations officielles par âge sont utilisées."
IMPUTE_ACTIVITY = (
    "Les médecins sans activité connue (listes Annuaire santé / RPPS) comptent ACTES actes chacun (5 400 sans "
    "valeur, comme la DREES pour les nouveaux installés) ; signalés dans la table (colonne supply_imputed)."
)
ATTENTION = "Attention : "


# --------------------------------------------------------------------------- fetch

FETCH = "Télécharge un fichier source officiel (DATASET) dans le cache local et affiche son chemin."
FETCH_VINTAGE = "Millésime à télécharger (par défaut : celui du jeu de données, marqué * ci-dessous)."
FETCH_CACHE_DIR = "Dossier du cache (par défaut : $ACCESS_MAP_CACHE ou le dossier de cache de l'utilisateur)."
FETCH_LIST = "Lister les jeux de données avec millésimes, licences et adresses, puis quitter."
FETCH_NO_CHECK_HASH = (
    "Accepter un fichier différent du sha256 enregistré (l'éditeur l'a remplacé et vous lui faites confiance)."
)
FETCH_PROGRESS = "Afficher une barre de progression du téléchargement."
FETCH_DATASETS = "Jeux de données (* = millésime par défaut ; --list ajoute licences et adresses)"
FETCH_CACHE = (
    "Cache : --cache-dir, sinon $ACCESS_MAP_CACHE, sinon le dossier de cache de l'utilisateur. Quand un "
    "téléchargement échoue, le message dit quel fichier télécharger à la main et où le déposer ; un fichier "
    "déposé là est ensuite utilisé hors ligne."
)
FETCH_SANS_NOM = (
    "indiquez le nom d'un jeu de données DATASET (voir `access-map fetch --help` ou `access-map fetch --list`)"
)


def fetch_editeur(*, editeur: str, licence: str) -> str:
    """Publisher and licence of a dataset (``fetch --list``)."""
    return f"    éditeur : {editeur} ; licence : {licence}"


def fetch_attribution(*, attribution: str) -> str:
    """Attribution of a dataset."""
    return f"    attribution : {attribution}"


def fetch_page(*, page: str) -> str:
    """Web page of a dataset."""
    return f"    page : {page}"


def fetch_millesime(*, marque: str, millesime: str, url: str, epingle: bool, verifie: bool) -> str:
    """One vintage of a dataset: its address, whether its sha256 is pinned and its address checked.

    >>> fetch_millesime(marque="*", millesime="2023", url="https://x", epingle=True, verifie=False)
    '   *2023 : https://x (sha256 épinglé, adresse non vérifiée)'
    """
    pin = "sha256 épinglé" if epingle else "sha256 non épinglé"
    checked = "" if verifie else ", adresse non vérifiée"
    return f"   {marque}{millesime} : {url} ({pin}{checked})"


def fetch_telecharge(*, titre: str, licence: str, attribution: str) -> str:
    """The dataset fetched, with its licence."""
    return f"{titre} — licence : {licence} ; attribution : {attribution}"


# --------------------------------------------------------------------------- refresh, demo

DEMO = "Lance la mise à jour complète sur le territoire de démonstration embarqué (fictif, hors ligne)."
DEMO_OUTPUT_DIR = "Tableaux, rapport et provenance."
DEMO_MAPS_DIR = "Cartes HTML, images PNG et rasters GeoTIFF."
REFRESH = "Recalcule chaque tableau, carte, raster et le rapport d'un territoire."
REFRESH_CONFIG = "Configuration de la mise à jour (territoire.toml)."
REFRESH_EPILOG = """\b
La configuration (TOML) nomme les sources, les millésimes, les professions et les sorties :
  name = "occitanie"
  departements = ["31"]  regions = ["76"]   territoire facultatif (--departement/--region le
                     remplacent) ; margin_km : contexte gardé autour pour l'APL (défaut : deux fois la portée)
  [sources]          communes, chefs_lieux, cog_communes, populations, population_by_age (ou
                     standardised_population + standardised_population_year), practitioners, msp,
                     cpts, tvs, qpv, zoning_caps, previous_zoning, departement_contours,
                     region_contours, appartenance (régions, approximation des TVS), cog_departements,
                     cog_regions (noms), cog_movements : un chemin de fichier ou "fetch:DATASET[@VINTAGE]"
                     (voir access-map fetch --list) ; ou demo = true.
                     drees_apl (le classeur de la DREES) SANS practitioners : l'atlas de l'APL
                     publiée (drees_apl_year, drees_apl_previous_year ; rien n'est calculé)
  [travel]           method = "crow_fly" | "file" | "osrm" ; path (file) ; osm = "x.osm.pbf" ou
                     "fetch:osm_<région>" et profile = "car" (osrm : temps routiers dans le processus) ;
                     intercept_minutes, minutes_per_km (crow_fly) ;
                     max_minutes (défaut : la zone d'attraction de l'APL, 20 min ; une valeur plus petite est refusée)
  [supply]           impute_acts = 5400 (ou true) : médecins sans activité connue (Annuaire santé, RPPS) ;
                     partial = true : offre partielle volontaire (départements sans praticien
                     signalés au lieu d'arrêter le calcul) ; include_establishments = true : garder
                     les médecins du RPPS 2017 exerçant uniquement en établissement (exclus par
                     défaut, comme dans l'APL de la DREES)
  [[professions]]    name, vintage, max_ages = [0, 65]   (0 = tous les praticiens),
                     catchment_minutes (changement explicite des 20 minutes du préréglage)
  [zoning]           rules = "2017" | "2021" | ..., max_age = 65
  [msp]              minutes = [10, 20]
  [outputs]          directory, maps_directory, table_formats, png, raster, raster_resolution_m,
                     self_contained, basemap, split_maps (auto | region | none)
Les sorties sont préparées à part et mises en place ensemble à la fin : un échec laisse les sorties
précédentes intactes. Un dossier contenant des fichiers qu'access_map n'a pas écrits, ou une entrée, est
refusé (README : mise à jour par lots)."""


# --------------------------------------------------------------------------- cpts, msp, map


def date_illisible(*, valeur: object) -> str:
    """A ``--date`` that is not a date.

    >>> date_illisible(valeur="2023-13-01")
    'date illisible « 2023-13-01 » ; écrivez AAAA-MM-JJ'
    """
    return f"date illisible « {extrait(valeur)} » ; écrivez AAAA-MM-JJ"


COMMUNES_AVEC_STRUCTURES = "--communes est obligatoire avec --structures"
MAX_MINUTES_AVEC_TIMES = "--max-minutes est obligatoire avec --times (par exemple --max-minutes 20)"
PNG_APL_ZONAGE = "--png n'existe que pour les cartes « apl » et « zoning »"
SELECTION_SANS_DEMO = "--departement/--region s'appliquent aux fichiers --communes, pas à --demo"
COMMUNES_OU_DEMO = "donnez --communes FICHIER (ou --demo)"


def carte_existe(*, chemin: object) -> str:
    """A map file that exists without --overwrite."""
    return f"{chemin} existe ; ajoutez --overwrite pour le remplacer"


def carte_entrees_manquantes(*, carte: str, options: Iterable[str]) -> str:
    """Inputs a map needs.

    >>> carte_entrees_manquantes(carte="cpts", options=["--cpts"])
    'carte cpts : entrée(s) manquante(s) --cpts'
    """
    return f"carte {carte} : entrée(s) manquante(s) {', '.join(options)}"


def sorties_existantes(*, nombre_fichiers: int, dossier: object, fichiers: Iterable[str]) -> str:
    """Output files that exist without --overwrite.

    >>> sorties_existantes(nombre_fichiers=1, dossier="sorties", fichiers=["cpts.csv"])
    '1 fichier(s) de sortie déjà présent(s) dans sorties (cpts.csv) ; ajoutez --overwrite pour les remplacer'
    """
    return (
        f"{nombre_fichiers} fichier(s) de sortie déjà présent(s) dans {dossier} ({', '.join(fichiers)}) ; "
        "ajoutez --overwrite pour les remplacer"
    )


# --------------------------------------------------------------------------- console lines shared by the commands


def etape(*, libelle: str) -> str:
    """A step starting (progress on stderr).

    >>> etape(libelle="calcul de l'APL")
    "… calcul de l'APL"
    """
    return f"… {libelle}"


def note(*, texte: str) -> str:
    """A note of a run.

    >>> note(texte="2 communes sans population")
    'Note : 2 communes sans population'
    """
    return f"Note : {texte}"


def ecrit_vers(*, chemin: object) -> str:
    """A file written (stderr).

    >>> ecrit_vers(chemin="apl_ab.csv")
    '→ apl_ab.csv'
    """
    return f"→ {chemin}"


def fichiers_ecrits(*, nombre_fichiers: int, dossier: object) -> str:
    """Files written into a folder.

    >>> fichiers_ecrits(nombre_fichiers=3, dossier="grille")
    '3 fichier(s) écrit(s) dans grille'
    """
    return f"{nombre_fichiers} fichier(s) écrit(s) dans {dossier}"


def populations_legales(*, communes: int) -> str:
    """The population column used in a populations légales file."""
    return f"  populations légales : colonne population municipale ({communes} communes)"


def dossiers_refresh(*, tableaux: object, cartes: object, rapport: object) -> list[str]:
    """Where a refresh wrote its outputs (one line each).

    >>> dossiers_refresh(tableaux="out", cartes="maps", rapport="out/rapport.html")[0]
    'tableaux et rapport : out'
    """
    return [f"tableaux et rapport : {tableaux}", f"cartes et rasters   : {cartes}", f"rapport             : {rapport}"]


DEMO_CALCUL = "Territoire de démonstration : calcul de l'APL…"


def construction_carte(*, carte: str) -> str:
    """A map being built."""
    return f"Construction de la carte {carte}…"


def carte_ecrite(*, chemin: object, megaoctets: float) -> str:
    """A map written, with its size.

    >>> carte_ecrite(chemin="apl.html", megaoctets=1.234)
    'Carte écrite : apl.html (1,23 Mo)'
    """
    return f"Carte écrite : {chemin} ({nombre(megaoctets, decimals=2)} Mo)"


def image_ecrite(*, chemin: object) -> str:
    """A static map written."""
    return f"Image écrite : {chemin}"
