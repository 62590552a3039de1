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

from ._format import extrait

__all__ = [
    "UTILISATION",
    "OPTIONS",
    "COMMANDES",
    "ARGUMENTS",
    "AIDE_OPTION",
    "VERSION_OPTION",
    "VERSION",
    "ERREUR",
    "INTERROMPU",
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
#: A command stopped by Ctrl+C.
INTERROMPU = "interrompu."
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
