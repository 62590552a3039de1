"""Messages about output folders and files: what a run refuses to replace, and file-system errors.

Every function takes keyword arguments and returns one French sentence (or a few). Paths are quoted with
:func:`chemin` (control characters escaped, so that a newline in a folder name stays visible on one line).

Examples
--------
>>> fichiers_etrangers(folder="/sorties", files=["notes.txt", "data.xlsx"])[:60]
'le dossier de sortie /sorties contient 2 fichiers que access'
>>> chemin("a\\nb")
'a\\\\nb'
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence

from ._format import extrait, liste, pluriel

__all__ = [
    "chemin",
    "INTACTES",
    "fichier_au_lieu_de_dossier",
    "dossier_au_lieu_de_fichier",
    "nom_de_dossier_invalide",
    "dossiers_imbriques",
    "dossier_est_une_entree",
    "dossier_contient_une_entree",
    "sortie_est_une_entree",
    "dossier_en_lecture_seule",
    "fichiers_etrangers",
    "fichiers_modifies",
    "fichiers_ajoutes_pendant_le_calcul",
    "dossier_verrouille",
    "erreur_systeme",
    "remplacement_refuse",
    "echange_interrompu",
    "echange_complete",
    "dossiers_provisoires_supprimes",
    "fichiers_interrompus",
    "fichiers_completes",
    "fichiers_deja_presents",
]

#: Said after every error raised before or while outputs are written.
INTACTES = "Les sorties précédentes sont intactes."


#: Said when the user stops a command with Ctrl-C (exit code 130): the outputs are written in hidden temporary
#: files and folders put in place only at the end, so no half-written output is left.
INTERROMPU = (
    "exécution interrompue (Ctrl-C) avant la fin : aucune sortie n'est laissée à moitié écrite, les sorties "
    "précédentes sont conservées ; relancez la commande pour obtenir les résultats."
)


def chemin(path: object) -> str:
    """A path quoted in a message: on one line (newlines escaped), never cut below 300 characters.

    Examples
    --------
    >>> chemin("/tmp/sorties")
    '/tmp/sorties'
    """
    return extrait(os.fspath(path) if isinstance(path, os.PathLike) else path, limit=300)


def _chemins(paths: Sequence[object], *, limit: int = 3) -> str:
    """Paths quoted in full (:func:`chemin`), the first ``limit`` then the count."""
    shown = ", ".join(chemin(p) for p in paths[:limit])
    return shown if len(paths) <= limit else f"{shown}… ({len(paths)} en tout)"


def fichier_au_lieu_de_dossier(*, path: object) -> str:
    """A file sits where an output folder is expected."""
    return (
        f"le dossier de sortie {chemin(path)} est un fichier : déplacez-le ou supprimez-le, ou choisissez un autre "
        "dossier de sortie (une exécution remplace un dossier, jamais un fichier)"
    )


def dossier_au_lieu_de_fichier(*, path: object) -> str:
    """A folder sits where an output file is to be written."""
    return (
        f"{chemin(path)} est un dossier, là où la commande écrit un fichier : déplacez-le ou renommez-le, ou "
        f"choisissez un autre dossier de sortie (un dossier n'est jamais remplacé par un fichier). {INTACTES}"
    )


def nom_de_dossier_invalide(*, path: object) -> str:
    """An output folder name with a control character (newline, tab…), always a typing mistake."""
    return (
        f"le nom du dossier de sortie {chemin(path)} contient un caractère de contrôle (retour à la ligne, "
        "tabulation…) : corrigez-le dans la configuration ou la ligne de commande"
    )


def dossiers_imbriques(*, first: object, second: object) -> str:
    """Two output folders of one run that are the same folder or inside one another."""
    return (
        f"les dossiers de sortie {chemin(first)} et {chemin(second)} doivent être distincts et aucun ne doit être "
        "à l'intérieur de l'autre (outputs.directory et outputs.maps_directory)"
    )


def dossier_est_une_entree(*, folder: object) -> str:
    """The output folder is itself an input of the run."""
    return (
        f"le dossier de sortie {chemin(folder)} est une entrée de l'exécution : choisissez un autre dossier de "
        "sortie. Rien n'a été écrit."
    )


def dossier_contient_une_entree(*, folder: object, inputs: Sequence[object]) -> str:
    """The output folder holds an input file or the configuration: replacing it would delete them."""
    return (
        f"le dossier de sortie {chemin(folder)} contient {pluriel(len(inputs), 'entrée')} de l'exécution "
        f"(fichier de configuration ou données : {_chemins(inputs)}) ; le remplacer "
        "les effacerait. Choisissez un dossier de sortie à part, par exemple un sous-dossier « sorties ». "
        "Rien n'a été écrit."
    )


def sortie_est_une_entree(*, path: object) -> str:
    """An output file of a command is one of its input files."""
    return (
        f"le fichier de sortie {chemin(path)} est aussi une entrée de la commande : il ne sera pas écrasé, même "
        "avec --overwrite. Choisissez un autre fichier ou dossier de sortie. Rien n'a été écrit."
    )


def dossier_en_lecture_seule(*, folder: object, mode: int) -> str:
    """A folder with no write permission for anyone: the run does not override it (even as root)."""
    return (
        f"le dossier {chemin(folder)} est en lecture seule (permissions {mode & 0o7777:04o}) : l'exécution ne le "
        "modifie pas. Rendez-le modifiable (chmod u+w) ou choisissez un autre dossier de sortie. Rien n'a été écrit."
    )


def fichiers_etrangers(*, folder: object, files: Sequence[str]) -> str:
    """The output folder holds files that access_map did not write: it is not replaced."""
    return (
        f"le dossier de sortie {chemin(folder)} contient {pluriel(len(files), 'fichier')} que access_map n'a pas "
        f"écrit{'s' if len(files) > 1 else ''} ({liste(files, limit=5)}) : il n'est pas remplacé, pour ne pas les "
        "effacer. Choisissez un autre dossier de sortie (vide ou nouveau), ou déplacez ces fichiers ailleurs. "
        "Rien n'a été écrit."
    )


def fichiers_modifies(*, folder: object, files: Sequence[str]) -> str:
    """Files an earlier run wrote were changed since (edited, saved from a spreadsheet): they are kept."""
    return (
        f"le dossier de sortie {chemin(folder)} contient {pluriel(len(files), 'fichier')} écrit"
        f"{'s' if len(files) > 1 else ''} par access_map puis modifié{'s' if len(files) > 1 else ''} depuis "
        f"({liste(files, limit=5)}) : le dossier n'est pas remplacé, pour ne pas perdre ces modifications. "
        "Déplacez ces fichiers ailleurs (ou supprimez-les s'ils ne servent plus), ou choisissez un autre dossier de "
        "sortie. Rien n'a été écrit."
    )


def fichiers_ajoutes_pendant_le_calcul(*, folder: object, files: Sequence[str]) -> str:
    """Files appeared in the output folder while the run computed: the new outputs are not swapped in."""
    return (
        f"pendant le calcul, {pluriel(len(files), 'fichier')} {'ont' if len(files) > 1 else 'a'} été "
        f"ajouté{'s' if len(files) > 1 else ''} dans le dossier de sortie {chemin(folder)} "
        f"({liste(files, limit=5)}) : les nouvelles sorties ne l'ont pas remplacé, pour ne pas les effacer. "
        f"Déplacez ces fichiers et relancez. {INTACTES}"
    )


def dossier_verrouille(*, folder: object, lock: object) -> str:
    """Another run holds the lock of the output folder."""
    return (
        f"une autre exécution écrit dans le dossier de sortie {chemin(folder)} (verrou {chemin(lock)}) : "
        "attendez qu'elle se termine, ou donnez à cette exécution un autre dossier de sortie"
    )


_CAUSES: dict[int, str] = {
    errno.ENOSPC: "le disque est plein",
    errno.EFBIG: "le fichier dépasse la taille permise par le système de fichiers",
    errno.EROFS: "le système de fichiers est en lecture seule",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENAMETOOLONG: "le nom de fichier est trop long pour le système de fichiers",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.EXDEV: "le dossier de sortie et son dossier parent sont sur des systèmes de fichiers différents",
    errno.EBUSY: "le dossier est occupé (point de montage ou fichier ouvert)",
    errno.ELOOP: "boucle de liens symboliques (le lien pointe, directement ou non, vers lui-même)",
    errno.EISDIR: "c'est un dossier, pas un fichier",
}
if hasattr(errno, "EDQUOT"):
    _CAUSES[errno.EDQUOT] = "le quota de disque est atteint"

_REMEDIES: dict[int, str] = {
    errno.ENOSPC: "libérez de la place ou choisissez un dossier de sortie sur un autre disque",
    errno.EFBIG: "choisissez un dossier de sortie sur un autre système de fichiers",
    errno.EROFS: "choisissez un dossier de sortie sur un disque modifiable",
    errno.EACCES: "corrigez ses permissions, ou choisissez un dossier où vous pouvez écrire",
    errno.EPERM: "corrigez ses permissions, ou choisissez un dossier où vous pouvez écrire",
    errno.ENAMETOOLONG: "choisissez un chemin de sortie plus court",
}
if hasattr(errno, "EDQUOT"):
    _REMEDIES[errno.EDQUOT] = "libérez de la place dans votre quota ou choisissez un autre disque"


def cause_systeme(*, code: int | None, detail: str) -> str:
    """The cause of a file-system error in French (the system's own words when it is not a known one).

    Examples
    --------
    >>> import errno
    >>> cause_systeme(code=errno.ELOOP, detail="Too many levels of symbolic links")[:31]
    'boucle de liens symboliques (le'
    """
    return _CAUSES.get(code or 0, f"erreur du système de fichiers ({extrait(detail)})")


def erreur_systeme(*, path: object | None, code: int | None, detail: str, intact: bool, writing: bool = True) -> str:
    """A file-system error (disk full, read-only, permission, name too long…), in French, naming the path.

    ``intact`` adds that the previous outputs are untouched (true of every error raised while a run writes);
    ``writing=False`` for an error that may come from reading as well (« accès impossible à … »).

    Examples
    --------
    >>> import errno
    >>> erreur_systeme(path="/d/t.csv", code=errno.ENOSPC, detail="No space left on device", intact=True)
    "impossible d'écrire /d/t.csv : le disque est plein ; libérez de la place ou choisissez un dossier de sortie \
sur un autre disque. Les sorties précédentes sont intactes."
    """
    cause = cause_systeme(code=code, detail=detail)
    remedy = _REMEDIES.get(code or 0)
    if writing:
        text = f"impossible d'écrire {chemin(path) if path is not None else 'les sorties'} : {cause}"
    else:
        text = f"accès impossible à {chemin(path) if path is not None else 'un fichier'} : {cause}"
    if remedy:
        text += f" ; {remedy}"
    return text + "." + (f" {INTACTES}" if intact else "")


def remplacement_refuse(*, path: object, open_files: Sequence[str] = (), is_file: bool = False) -> str:
    """Replacing a file or folder was refused (on Windows: a file is open in Excel or another program).

    Examples
    --------
    >>> remplacement_refuse(path="/d/apl.csv", is_file=True)[:75]
    'impossible de remplacer /d/apl.csv : le fichier est sans doute ouvert dans '
    """
    if open_files:
        which = f"{'les fichiers' if len(open_files) > 1 else 'le fichier'} {liste(open_files, limit=3)} "
        which += f"{'sont ouverts' if len(open_files) > 1 else 'est ouvert'} dans un autre programme (Excel…)"
    else:
        which = "le fichier est" if is_file else "un de ses fichiers est"
        which += " sans doute ouvert dans un autre programme (Excel, un navigateur, QGIS…) ou protégé en écriture"
    return f"impossible de remplacer {chemin(path)} : {which}. Fermez-le et relancez. {INTACTES}"


def echange_interrompu(*, folders: Sequence[object], journal: object, detail: str) -> str:
    """The commit of a run's folders failed half-way: the next run (or the recovery) completes it."""
    return (
        f"la mise en place des nouvelles sorties ({_chemins(folders, limit=4)}) a été "
        f"interrompue ({extrait(detail)}). Le journal {chemin(journal)} la décrit : la prochaine exécution sur ces "
        "dossiers la termine d'abord, si bien que chaque dossier contient soit toutes les anciennes sorties, soit "
        "toutes les nouvelles."
    )


def echange_complete(*, folders: Sequence[object], journal: object) -> str:
    """Warning: an interrupted commit was completed from its journal (every folder now holds that run's outputs)."""
    return (
        f"une exécution précédente avait été interrompue pendant la mise en place de ses sorties ; elle a été "
        f"terminée d'après son journal {chemin(journal)} ({_chemins(folders, limit=4)})"
    )


def dossiers_provisoires_supprimes(*, folder: object, names: Sequence[str]) -> str:
    """Warning: staging folders left by a killed run were removed."""
    return (
        f"{chemin(folder)} : {pluriel(len(names), 'dossier provisoire')} laissé{'s' if len(names) > 1 else ''} "
        f"par une exécution interrompue {'ont' if len(names) > 1 else 'a'} été "
        f"supprimé{'s' if len(names) > 1 else ''} ({liste(names, limit=3)}) ; les sorties précédentes étaient "
        "intactes"
    )


def fichiers_interrompus(*, folder: object, journal: object, detail: str) -> str:
    """The files of a file command could not all be put in place, nor the previous ones put back."""
    return (
        f"la mise en place des nouveaux fichiers dans {chemin(folder)} a été interrompue ({extrait(detail)}). "
        f"Le journal {chemin(journal)} la décrit : la prochaine commande qui écrit dans ce dossier la termine "
        "d'abord, si bien que le dossier contient soit tous les anciens fichiers de la commande, soit tous les "
        "nouveaux."
    )


def fichiers_completes(*, folder: object, files: Sequence[str], journal: object) -> str:
    """Warning: the files of an interrupted file command were put in place from its journal.

    >>> fichiers_completes(folder="/d", files=["cpts.csv"], journal="/d/.j.json")[-39:]
    "terminée d'après son journal /d/.j.json"
    """
    return (
        f"{chemin(folder)} : une commande précédente avait été interrompue pendant la mise en place de "
        f"{pluriel(len(files), 'fichier')} ({liste(files, limit=4)}) ; elle a été terminée d'après son journal "
        f"{chemin(journal)}"
    )


def fichiers_deja_presents(*, folder: object, files: Sequence[str]) -> str:
    """Files a writer would replace without ``overwrite`` (API; the CLI says ``--overwrite``).

    >>> fichiers_deja_presents(folder="/d", files=["summary.csv"])
    '/d : 1 fichier de sortie déjà présent (summary.csv) ; passez overwrite=True (--overwrite) pour le remplacer'
    """
    n = len(files)
    return (
        f"{chemin(folder)} : {pluriel(n, 'fichier')} de sortie déjà présent{'s' if n > 1 else ''} "
        f"({liste(files, limit=5)}) ; passez overwrite=True (--overwrite) pour {'les' if n > 1 else 'le'} remplacer"
    )
