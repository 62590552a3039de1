"""French text of the checks of a CPTS list against the commune table (:mod:`access_map.cpts.checks`).

Examples
--------
>>> lignes_doublons(source="cpts.csv", n=2, exemples="'C1/33063', 'C2/33281'")
"cpts.csv : 2 lignes (CPTS, commune) en double écartées (par exemple 'C1/33063', 'C2/33281')"
"""

from __future__ import annotations

from collections.abc import Iterable

from ._format import liste, pluriel

__all__ = [
    "TABLE_DES_CPTS",
    "UNE_LIGNE_PAR_LIEN",
    "VIDE_SANS_SIGNATURE",
    "rapport",
    "sans_identifiant",
    "cpts_incoherentes",
    "lignes_sans_commune",
    "lignes_doublons",
    "communes_inconnues",
    "cpts_sans_commune",
    "territoires_sans_contour",
    "cible_invalide",
    "dates_vides",
    "classes_invalides",
    "niveau_inconnu",
    "TABLE_DU_ZONAGE",
    "niveau_sans_colonne",
]

#: The name of a zoning table (classes per commune) in messages.
TABLE_DU_ZONAGE = "table du zonage"
#: The name of a CPTS table given without a file name.
TABLE_DES_CPTS = "table des CPTS"
#: What the columns of a CPTS table are (hint of a missing column).
UNE_LIGNE_PAR_LIEN = "une ligne par couple (CPTS, commune) est attendue"
#: The signature date of a CPTS without signature (hint of an unreadable date).
VIDE_SANS_SIGNATURE = ", ou vide quand la CPTS n'a pas signé"


def _lignes(n: int) -> str:
    return pluriel(n, "ligne")


def rapport(
    *, source: str, n_lignes: int, doublons: int, inconnues: int, codes: str, n_codes: int, sans_commune: int,
    vides: str, n_vides: int,
) -> str:  # fmt: skip
    """One line saying what the check dropped or reported.

    >>> rapport(source="t", n_lignes=3, doublons=0, inconnues=1, codes="'99999'", n_codes=1, sans_commune=0,
    ...         vides="", n_vides=0)
    "t : 3 lignes ; 1 ligne écartée pour 1 code commune inconnu ('99999')"
    """
    parts = [f"{source} : {_lignes(n_lignes)}"]
    if doublons:
        parts.append(f"{_lignes(doublons)} en double écartée{'s' if doublons > 1 else ''}")
    if inconnues:
        s = "s" if inconnues > 1 else ""
        parts.append(
            f"{_lignes(inconnues)} écartée{s} pour {pluriel(n_codes, 'code commune inconnu', 'codes commune inconnus')} ({codes})"
        )
    if sans_commune:
        parts.append(f"{_lignes(sans_commune)} sans code commune écartée{'s' if sans_commune > 1 else ''}")
    if n_vides:
        parts.append(f"{pluriel(n_vides, 'CPTS', 'CPTS')} sans commune connue ({vides})")
    return " ; ".join(parts)


def sans_identifiant(*, source: str, n: int, lignes: str) -> str:
    """Rows that name no CPTS."""
    return (
        f"{source} : {_lignes(n)} sans id_cpts (ligne{'s' if n > 1 else ''} {lignes}) ; chaque ligne doit nommer sa "
        "CPTS"
    )


def cpts_incoherentes(*, source: str, cpts: str) -> str:
    """CPTS whose name, status or date differ between their rows."""
    return (
        f"{source} : CPTS dont le nom, le statut ou la date de signature diffèrent d'une ligne à l'autre : {cpts} ; "
        "chaque CPTS a un seul nom_cpts, un seul statut et une seule date_signature"
    )


def lignes_sans_commune(*, source: str, n: int) -> str:
    """Rows without a commune code, dropped."""
    return f"{source} : {_lignes(n)} sans code commune écartée{'s' if n > 1 else ''}"


def lignes_doublons(*, source: str, n: int, exemples: str) -> str:
    """Duplicate (CPTS, commune) rows, dropped."""
    return f"{source} : {_lignes(n)} (CPTS, commune) en double écartée{'s' if n > 1 else ''} (par exemple {exemples})"


def communes_inconnues(*, source: str, n: int, n_codes: int, codes: str, mal_formes: str) -> str:
    """Rows whose commune is not in the commune table, excluded.

    >>> communes_inconnues(source="t", n=1, n_codes=1, codes="'99999'", mal_formes="")[:64]
    't : 1 ligne écartée : 1 code commune absent de la table des comm'
    """
    s = "s" if n > 1 else ""
    return (
        f"{source} : {_lignes(n)} écartée{s} : {pluriel(n_codes, 'code commune absent', 'codes commune absents')} de "
        f"la table des communes ({codes})"
        + (f", dont mal formés : {mal_formes}" if mal_formes else "")
        + " ; vérifiez que les deux tables suivent le même millésime du COG (voir access_map.cog)"
    )


def cpts_sans_commune(*, source: str, n: int, cpts: str, erreur: bool) -> str:
    """CPTS left with no known commune: an error (``erreur``) or a warning."""
    head = f"{source} : {pluriel(n, 'CPTS', 'CPTS')} sans aucune commune connue : {cpts}"
    if erreur:
        return head + " ; donnez à chaque CPTS au moins un code commune valide, ou retirez-la"
    return head + " ; elles ne couvrent aucun habitant" if n > 1 else head + " ; elle ne couvre aucun habitant"


def territoires_sans_contour(*, n: int, codes: str) -> str:
    """Territories of a coverage table that the contours do not hold (drawn without geometry)."""
    return (
        f"{pluriel(n, 'territoire')} sans contour : {codes} ; {'ils restent' if n > 1 else 'il reste'} sans géométrie"
    )


def cible_invalide(*, cible: object) -> str:
    """A coverage target outside (0, 100] percent."""
    return f"la cible de couverture doit être comprise entre 0 (exclu) et 100 % ; trouvé : {cible!r}"


def dates_vides(*, dates: object) -> str:
    """No date to follow the coverage at."""
    return f"les dates doivent être une liste non vide de dates ; trouvé : {dates!r}"


def classes_invalides(*, bornes: object) -> str:
    """Size-class bounds that are not positive and increasing."""
    return f"les bornes des classes de taille doivent être positives et croissantes ; trouvé : {bornes!r}"


def niveau_inconnu(*, niveau: object, niveaux: str) -> str:
    """A territorial level the coverage does not know."""
    return f"niveau territorial inconnu : {niveau!r} ; niveaux possibles : {niveaux}"


def niveau_sans_colonne(*, niveau: str, colonne: str, colonnes: Iterable[object]) -> str:
    """A territorial level whose code column is missing from the commune table.

    Examples
    --------
    >>> niveau_sans_colonne(niveau="departement", colonne="code_departement", colonnes=["population"])
    "le niveau departement demande la colonne code_departement dans la table des communes ; colonnes trouvées : population. Ajoutez-la (par exemple depuis le COG) ou prenez level='nation'"
    """
    return (
        f"le niveau {niveau} demande la colonne {colonne} dans la table des communes ; colonnes trouvées : "
        f"{liste(colonnes, limit=20)}. Ajoutez-la (par exemple depuis le COG) ou prenez level='nation'"
    )
