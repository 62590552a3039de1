"""French texts of the downloader (``access-map fetch``, :mod:`access_map.datasets.download`).

Examples
--------
>>> jeu_inconnu(name="popp", known=["pop"])
"jeu de données inconnu 'popp' ; jeux connus : pop (voir `access-map fetch --list`)"
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import liste

__all__ = [
    "archive_invalide",
    "fichiers_demo_manquants",
    "empreinte_differente",
    "fichier_absent_de_l_archive",
    "instructions_manuelles",
    "jeu_inconnu",
    "millesime_inconnu",
    "telechargement_empreinte",
    "telechargement_http",
    "telechargement_reseau",
]


def jeu_inconnu(*, name: str, known: Sequence[str]) -> str:
    return f"jeu de données inconnu {name!r} ; jeux connus : {', '.join(known)} (voir `access-map fetch --list`)"


def millesime_inconnu(*, name: str, vintage: str, available: Sequence[str]) -> str:
    return f"le jeu de données {name!r} n'a pas de millésime {vintage!r} ; disponibles : {', '.join(available)}"


def instructions_manuelles(*, url: str, page: str, target: str, member: str | None) -> str:
    inside = f" (une archive zip ; {member!r} en est extrait)" if member else ""
    return (
        f"Téléchargez-le à la main depuis {url} (page officielle : {page}) et enregistrez-le sous\n"
        f"  {target}{inside}\n"
        "puis relancez la même commande : un fichier placé là est utilisé sans accès au réseau."
    )


def fichier_absent_de_l_archive(*, archive: str, pattern: str, name: str, members: Sequence[str], folder: str) -> str:
    more = " …" if len(members) > 10 else ""
    return (
        f"{archive} : aucun fichier ne correspond à {pattern!r} dans l'archive du jeu de données {name!r} ; "
        f"elle contient {', '.join(members[:10])}{more}. L'éditeur a peut-être changé son organisation : "
        f"extrayez le bon fichier à la main dans {folder}"
    )


def archive_invalide(*, archive: str, cause: object) -> str:
    return (
        f"{archive} n'est pas une archive zip valide ({cause}) ; supprimez-la et relancez fetch, ou "
        "téléchargez-la de nouveau à la main"
    )


def empreinte_differente(
    *, target: str, name: str, vintage: str, expected: str, found: str, url: str, page: str
) -> str:
    return (
        f"{target} ne correspond pas à l'empreinte sha256 enregistrée du jeu de données {name!r}, millésime "
        f"{vintage} (attendue {expected}, trouvée {found}). Il est peut-être incomplet ou d'une autre édition : "
        f"supprimez-le et relancez fetch, ou téléchargez-le de nouveau depuis {url} (page officielle : {page}) ; "
        "si l'éditeur a remplacé le fichier et que vous lui faites confiance, utilisez check_hash=False "
        "(ligne de commande : --no-check-hash)."
    )


def telechargement_http(*, name: str, vintage: str, status: int | str, url: str) -> str:
    hint = " (le fichier a été déplacé ou supprimé)" if status in (404, 410) else ""
    return (
        f"impossible de télécharger le jeu de données {name!r}, millésime {vintage} : HTTP {status}{hint} pour {url}.\n"
    )


def telechargement_reseau(*, name: str, vintage: str, url: str, cause: str) -> str:
    return (
        f"impossible de télécharger le jeu de données {name!r}, millésime {vintage}, depuis {url} "
        f"(hors ligne ou serveur injoignable : {cause}).\n"
    )


def telechargement_empreinte(*, url: str, name: str, vintage: str, cause: object, page: str) -> str:
    return (
        f"le fichier téléchargé depuis {url} pour le jeu de données {name!r}, millésime {vintage}, ne correspond "
        f"pas à l'empreinte sha256 enregistrée ({cause}) ; il n'a pas été gardé. L'éditeur l'a peut-être "
        f"remplacé : voyez la page officielle {page}. Pour l'utiliser quand même, passez check_hash=False "
        "(ligne de commande : --no-check-hash) ou placez le fichier à la main.\n"
    )


def fichiers_demo_manquants(*, files: Sequence[str]) -> str:
    """Demo files missing from the demo folder.

    Examples
    --------
    >>> fichiers_demo_manquants(files=["demo/communes.csv"])
    'fichier de démonstration manquant : demo/communes.csv ; régénérez-les avec access_map.datasets.write_demo(directory) (ou data/communes/generate.py)'
    """
    noun = "fichiers de démonstration manquants" if len(files) > 1 else "fichier de démonstration manquant"
    return (
        f"{noun} : {liste(files)} ; régénérez-les avec access_map.datasets.write_demo(directory) (ou "
        "data/communes/generate.py)"
    )
