"""French texts of input validation: odd files, bounded reads, contradictions inside a file, configuration bounds.

Each function takes keyword arguments and returns the sentence a user reads; values quoted from a file go
through :func:`~access_map.messages.extrait` / :func:`~access_map.messages.liste` so that a message stays short
whatever the input (a 1 MB header line gives an 80-character quote, not a 1 MB message).

Examples
--------
>>> fichier_introuvable(nom="pop.csv", chemin="/data/pop.csv")
"impossible de lire pop.csv : fichier introuvable (/data/pop.csv) ; vérifiez le chemin, ou téléchargez d'abord le fichier (access-map fetch)"
>>> pas_un_fichier_ordinaire(nom="/dev/zero", nature="un périphérique")
"impossible de lire /dev/zero : ce n'est pas un fichier ordinaire (un périphérique) ; enregistrez les données dans un fichier et donnez son chemin"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._format import entier, extrait, liste, nombre, pluriel

__all__ = [
    "taille",
    "fichier_introuvable",
    "est_un_dossier",
    "pas_un_fichier_ordinaire",
    "flux_non_relisible",
    "pas_du_gzip",
    "lecture_impossible",
    "fichier_vide",
    "decodage_impossible",
    "analyse_impossible",
    "decompression_trop_grande",
    "decompression_suspecte",
    "flux_trop_grand",
    "configuration_trop_grande",
    "colonnes_manquantes",
    "praticien_contradictoire",
    "codes_en_double",
    "departement_contradictoire",
    "region_contradictoire",
    "dates_hors_plage",
    "date_sans_signature",
    "coordonnees_hors_territoire",
    "coordonnees_pas_en_degres",
    "degres_dans_un_crs_projete",
    "valeurs_infinies",
    "valeurs_non_numeriques",
    "valeurs_negatives",
    "valeurs_manquantes",
    "statut_cpts_inconnu",
    "colonne_valeurs_ambigue",
    "calibrage_sans_information",
    "config_hors_bornes",
    "config_commune_invalide",
    "communes_inconnues_scenario",
    "geometries_vides_apres_reparation",
    "cache_osrm_incomplet",
    "graphe_osrm_absent",
]


def taille(n_bytes: float) -> str:
    """A size in bytes, in French units (ko, Mo, Go).

    Examples
    --------
    >>> taille(512), taille(3 * 2**20), taille(8 * 2**30)
    ('512 octets', '3 Mo', '8 Go')
    """
    for unit, size in (("Go", 2**30), ("Mo", 2**20), ("ko", 2**10)):
        if n_bytes >= size:
            value = n_bytes / size
            return f"{nombre(value, decimals=0 if value == int(value) else 1)} {unit}"
    return f"{entier(n_bytes)} octets"


# --- odd files ----------------------------------------------------------------------------------------------------


def fichier_introuvable(*, nom: str, chemin: str) -> str:
    """The input file does not exist."""
    return (
        f"impossible de lire {extrait(nom, limit=200)} : fichier introuvable ({extrait(chemin, limit=200)}) ; "
        "vérifiez le chemin, ou téléchargez d'abord le fichier (access-map fetch)"
    )


def est_un_dossier(*, nom: str) -> str:
    """A folder where a file is expected.

    Examples
    --------
    >>> est_un_dossier(nom="donnees")
    "impossible de lire donnees : c'est un dossier, pas un fichier"
    """
    return f"impossible de lire {extrait(nom, limit=200)} : c'est un dossier, pas un fichier"


def pas_un_fichier_ordinaire(*, nom: str, nature: str) -> str:
    """A device, a socket... where a file is expected (``/dev/zero`` would be read forever)."""
    return (
        f"impossible de lire {extrait(nom, limit=200)} : ce n'est pas un fichier ordinaire ({nature}) ; "
        "enregistrez les données dans un fichier et donnez son chemin"
    )


def flux_non_relisible(*, nom: str, format_: str) -> str:
    """A pipe (FIFO, process substitution) given to a reader that needs to seek in the file.

    Examples
    --------
    >>> flux_non_relisible(nom="/dev/fd/63", format_="GeoPackage")[:60]
    'impossible de lire /dev/fd/63 : un tube (FIFO, substitution '
    """
    return (
        f"impossible de lire {extrait(nom, limit=200)} : un tube (FIFO, substitution de processus) ne peut pas "
        f"être relu, et un fichier {format_} doit l'être ; enregistrez-le d'abord dans un fichier"
    )


def pas_du_gzip(*, nom: str) -> str:
    """A ``.gz`` file whose content is not gzip (a failed download, a renamed file)."""
    return (
        f"impossible de lire {extrait(nom, limit=200)} : son nom finit par .gz mais son contenu n'est pas compressé "
        "en gzip (téléchargement interrompu, fichier renommé ?) ; téléchargez-le à nouveau ou retirez le .gz"
    )


def lecture_impossible(*, nom: str, raison: object) -> str:
    """The system refused to read the file (permission, I/O error...): the file and the system's reason.

    Examples
    --------
    >>> lecture_impossible(nom="pop.csv", raison="Permission denied")
    'impossible de lire pop.csv : Permission denied'
    """
    return f"impossible de lire {extrait(nom, limit=200)} : {extrait(raison, limit=300)}"


def fichier_vide(*, nom: str) -> str:
    """An empty input.

    Examples
    --------
    >>> fichier_vide(nom="pl.csv")
    'impossible de lire pl.csv : le fichier est vide'
    """
    return f"impossible de lire {extrait(nom, limit=200)} : le fichier est vide"


def colonnes_sans_entete(*, nom: str, colonnes: Iterable[str]) -> str:
    """Columns of a worksheet holding values under an empty header cell (merged header cells, a second header row).

    Examples
    --------
    >>> colonnes_sans_entete(nom="apl.xlsx [APL 2023]", colonnes=["D"])[:66]
    'apl.xlsx [APL 2023] : la colonne D contient des valeurs mais pas d'
    """
    cols = list(colonnes)
    return (
        f"{extrait(nom, limit=200)} : la colonne{'s' if len(cols) > 1 else ''} {liste(cols, limit=6)} "
        f"contien{'nent' if len(cols) > 1 else 't'} des valeurs mais pas d'en-tête (cellules d'en-tête fusionnées, "
        "ou en-tête sur deux lignes ?) : donnez à chaque colonne son propre en-tête sur la ligne « Code commune »"
    )


def fichier_sans_ligne(*, nom: str, colonnes: Iterable[Any]) -> str:
    """A table file holding its header line and no row of data.

    Examples
    --------
    >>> fichier_sans_ligne(nom="cpts.csv", colonnes=["id_cpts", "statut"])
    "impossible de lire cpts.csv : le fichier n'a que sa ligne d'en-tête (id_cpts, statut), aucune ligne de données"
    """
    return (
        f"impossible de lire {extrait(nom, limit=200)} : le fichier n'a que sa ligne d'en-tête "
        f"({liste([extrait(c, limit=40) for c in colonnes], limit=6)}), aucune ligne de données"
    )


def colonnes_en_double(*, nom: str, colonnes: Iterable[Any]) -> str:
    """A header naming a column twice (which of the two is meant cannot be known).

    Examples
    --------
    >>> colonnes_en_double(nom="apl.csv", colonnes=["apl"])
    "apl.csv : l'en-tête nomme plusieurs fois la colonne apl ; renommez ou supprimez les doublons pour que l'on \
sache laquelle lire"
    """
    names = [extrait(c, limit=40) for c in colonnes]
    return (
        f"{extrait(nom, limit=200)} : l'en-tête nomme plusieurs fois la colonne{'s' if len(names) > 1 else ''} "
        f"{liste(names, limit=6)} ; renommez ou supprimez les doublons pour que l'on sache laquelle lire"
    )


#: A gzip stream that ends before its end marker.
GZIP_TRONQUE = "le fichier compressé est tronqué (téléchargement interrompu ?) ; téléchargez-le à nouveau"
#: A gzip stream whose content is damaged.
GZIP_ENDOMMAGE = "le contenu compressé (gzip) est endommagé ; téléchargez le fichier à nouveau"


def configuration_pas_en_utf8(*, nom: str, raison: object) -> str:
    """A configuration file that is neither UTF-8 nor UTF-16 with a byte-order mark.

    Examples
    --------
    >>> configuration_pas_en_utf8(nom="t.toml", raison="invalid start byte")[:56]
    "impossible de lire t.toml : ce n'est pas du texte en UTF"
    """
    return (
        f"impossible de lire {extrait(nom, limit=200)} : ce n'est pas du texte en UTF-8 ({extrait(raison, limit=80)}) ;"
        " enregistrez-le en UTF-8 (dans le Bloc-notes : Enregistrer sous, Encodage UTF-8)"
    )


def decodage_impossible(*, nom: str, encodage: str, raison: object) -> str:
    """The file cannot be decoded with the encoding given."""
    return (
        f"impossible de décoder {extrait(nom, limit=200)} en {encodage!r} ({extrait(raison, limit=200)}) ; "
        "n'imposez pas l'encodage (encoding=) pour qu'il soit détecté"
    )


def analyse_impossible(*, nom: str, separateur: str, raison: object) -> str:
    """The file is not a table separated by the separator found."""
    return (
        f"impossible de lire {extrait(nom, limit=200)} comme un tableau séparé par {separateur!r} : "
        f"{extrait(raison, limit=300)}"
    )


def decompression_trop_grande(*, nom: str, limite: int, variable: str) -> str:
    """A compressed input whose content exceeds the size bound (a decompression bomb, or a file too large).

    Examples
    --------
    >>> decompression_trop_grande(nom="x.csv.gz", limite=2**30, variable="ACCESS_MAP_MAX_INPUT_MB")[:62]
    'impossible de lire x.csv.gz : son contenu décompressé dépasse '
    """
    return (
        f"impossible de lire {extrait(nom, limit=200)} : son contenu décompressé dépasse la limite de "
        f"{taille(limite)} (protection contre les archives piégées) ; si le fichier est sain, relevez la limite "
        f"avec la variable d'environnement {variable} (en Mo)"
    )


def decompression_suspecte(*, nom: str, ratio: float, lu: int) -> str:
    """A compressed input that expands more than any real table does (a decompression bomb).

    Examples
    --------
    >>> decompression_suspecte(nom="x.csv.gz", ratio=200, lu=16 * 2**20)[:60]
    'impossible de lire x.csv.gz : après 16 Mo, son contenu décom'
    """
    return (
        f"impossible de lire {extrait(nom, limit=200)} : après {taille(lu)}, son contenu décompressé dépasse "
        f"{entier(ratio)} fois sa taille compressée (limite : {entier(ratio)} fois), ce qu'aucun tableau réel ne "
        "fait : c'est probablement une archive piégée (bombe de décompression)"
    )


def flux_trop_grand(*, nom: str, limite: int, variable: str) -> str:
    """A pipe that delivers more than the size bound."""
    return (
        f"impossible de lire {extrait(nom, limit=200)} : le flux dépasse la limite de {taille(limite)} ; "
        f"enregistrez-le dans un fichier, ou relevez la limite avec la variable d'environnement {variable} (en Mo)"
    )


def configuration_trop_grande(*, nom: str, limite: int) -> str:
    """A configuration file larger than any real one (a wrong file, or a device)."""
    return (
        f"impossible de lire {extrait(nom, limit=200)} : plus de {taille(limite)}, ce n'est pas un fichier de "
        "configuration (TOML de quelques ko) ; vérifiez le chemin"
    )


def colonnes_manquantes(*, manquantes: Iterable[Any], nom: str, trouvees: Iterable[Any]) -> str:
    """Required columns absent; the columns found are quoted short (a 1 MB header stays a short message).

    Examples
    --------
    >>> colonnes_manquantes(manquantes=["PMUN"], nom="pl.csv", trouvees=["REG", "x" * 500])
    'colonne(s) manquante(s) PMUN dans pl.csv ; colonnes trouvées : REG, xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    """
    return (
        f"colonne(s) manquante(s) {liste(manquantes, limit=10)} dans {extrait(nom, limit=200)} ; "
        f"colonnes trouvées : {liste(trouvees, limit=20)}"
    )


# --- one practitioner, one commune, one truth ---------------------------------------------------------------------


def praticien_contradictoire(*, nom: str, details: list[str], n: int) -> str:
    """Practitioners whose per-practitioner attributes differ between their sites.

    Examples
    --------
    >>> praticien_contradictoire(nom="a.csv", details=["10002 : age 31 (33063), 45 (33318)"], n=1)[:70]
    'a.csv : 1 praticien a des valeurs différentes selon ses sites d’exerci'
    """
    return (
        f"{extrait(nom, limit=200)} : {pluriel(n, 'praticien')} {'a' if n < 2 else 'ont'} des valeurs différentes "
        f"selon ses sites d’exercice : {liste(details, limit=5)}. L'âge, les actes (total annuel du praticien, "
        "tous sites), l'ETP et le statut de nouvel installé valent pour le praticien : donnez la même valeur sur "
        "chacune de ses lignes (part_activite répartit l'activité entre les sites)"
    )


def codes_en_double(*, nom: str, colonne: str, codes: Iterable[Any], n: int, lignes: Iterable[Any]) -> str:
    """Communes listed more than once in a commune table (rows of the file named).

    Examples
    --------
    >>> codes_en_double(nom="offre.csv", colonne="code_commune", codes=["33063"], n=1, lignes=[2, 5])
    'offre.csv, colonne code_commune : 1 commune figure plusieurs fois (33063 ; lignes 2, 5 du fichier) ; une ligne par commune : additionnez-les vous-même si elles doivent l’être'
    """
    return (
        f"{extrait(nom, limit=200)}, colonne {colonne} : {pluriel(n, 'commune')} "
        f"{'figure' if n < 2 else 'figurent'} plusieurs fois ({liste(codes)} ; lignes {liste(lignes)} du fichier) ; "
        "une ligne par commune : additionnez-les vous-même si elles doivent l’être"
    )


def departement_contradictoire(*, nom: str, colonne: str, details: Iterable[str], n: int) -> str:
    """Communes whose department column contradicts the department in their code.

    Examples
    --------
    >>> departement_contradictoire(nom="pl.csv", colonne="DEP", details=["33063 : DEP 99 (ligne 2)"], n=1)[:72]
    'pl.csv, colonne DEP : 1 commune dont le département contredit le code : '
    """
    return (
        f"{extrait(nom, limit=200)}, colonne {colonne} : {pluriel(n, 'commune')} dont le département contredit le "
        f"code : {liste(details)} ; le département d'une commune est le début de son code INSEE (2 caractères, "
        "3 outre-mer) : corrigez la ligne"
    )


def population_totale_contradictoire(*, nom: str, details: Iterable[str], n: int) -> str:
    """Populations légales whose total is not the municipal population plus the population counted apart.

    Examples
    --------
    >>> population_totale_contradictoire(nom="pl.csv", details=["33063 : 268 + 2 ≠ 10 (ligne 3)"], n=1)[:70]
    'pl.csv : 1 commune dont la population totale (PTOT) n’est pas PMUN + P'
    """
    return (
        f"{extrait(nom, limit=200)} : {pluriel(n, 'commune')} dont la population totale (PTOT) n’est pas PMUN + PCAP, "
        f"comme l’INSEE la définit : {liste(details, limit=5)} ; le fichier a été modifié ou mal exporté : sa "
        "population totale n'est pas fiable (les indicateurs utilisent PMUN)"
    )


def region_contradictoire(*, nom: str, details: Iterable[str], n: int) -> str:
    """Departments given in two regions in one file."""
    return (
        f"{extrait(nom, limit=200)} : {pluriel(n, 'département')} rattaché(s) à plusieurs régions : "
        f"{liste(details)} ; un département appartient à une seule région"
    )


def dates_hors_plage(*, nom: str, colonne: str, valeurs: Iterable[Any], n: int, debut: str, fin: str) -> str:
    """Dates outside the plausible range (in the future, or before the thing existed).

    Examples
    --------
    >>> dates_hors_plage(nom="c.csv", colonne="date_signature_aci", valeurs=["C1 : 2099-01-01 (ligne 2)"], n=1,
    ...                  debut="2016-01-26", fin="2025-01-01")[:60]
    'c.csv, colonne date_signature_aci : 1 date hors de la plage '
    """
    return (
        f"{extrait(nom, limit=200)}, colonne {colonne} : {pluriel(n, 'date')} hors de la plage possible "
        f"({debut} – {fin}) : {liste(valeurs)} ; une date future ou antérieure à la création du dispositif est "
        "une erreur de saisie : corrigez-la (format AAAA-MM-JJ ou JJ/MM/AAAA)"
    )


def date_sans_signature(*, nom: str, colonne: str, valeurs: Iterable[Any], n: int) -> str:
    """A signature date on a CPTS whose status says it has not signed."""
    return (
        f"{extrait(nom, limit=200)}, colonne {colonne} : {pluriel(n, 'date')} de signature sur des CPTS qui "
        f"n'ont pas signé l'ACI : {liste(valeurs)} ; statut « contrat ACI signé » si le contrat est signé, "
        "sinon date vide"
    )


def coordonnees_hors_territoire(*, nom: str, n: int, exemples: Iterable[str], emprise: str) -> str:
    """Points outside the territory's bounds (x and y swapped, another CRS...).

    Examples
    --------
    >>> coordonnees_hors_territoire(nom="msp.gpkg", n=1, exemples=["MSP X"], emprise="x 0 à 1")[:58]
    'msp.gpkg : 1 point hors de l’emprise du territoire (x 0 à '
    """
    return (
        f"{extrait(nom, limit=200)} : {pluriel(n, 'point')} hors de l’emprise du territoire ({emprise}) : "
        f"{liste(exemples)} ; x et y inversés, ou coordonnées dans un autre système que celui déclaré ? "
        "Corrigez ces lignes"
    )


def coordonnees_pas_en_degres(*, nom: str, crs: str, xmin: float, xmax: float, ymin: float, ymax: float) -> str:
    """Coordinates labelled longitude/latitude that cannot be degrees."""
    return (
        f"les coordonnées de {extrait(nom, limit=200)} ne sont pas des longitudes/latitudes bien que leur système "
        f"soit {crs} : x de {entier(xmin)} à {entier(xmax)}, y de {entier(ymin)} à {entier(ymax)}. Ce sont sans "
        "doute des mètres d'un système projeté : en Lambert-93, déclarez-le avec gdf.set_crs(2154, "
        "allow_override=True) (5490 Antilles, 2972 Guyane, 2975 Réunion, 4471 Mayotte) ou corrigez le fichier"
    )


def degres_dans_un_crs_projete(
    *, nom: str, crs: str, xmin: float, xmax: float, ymin: float, ymax: float, emprise: str
) -> str:
    """Coordinates labelled with a projected CRS (metres) that are degrees (far outside the CRS's area)."""
    return (
        f"les coordonnées de {extrait(nom, limit=200)} ne peuvent pas être des mètres de {crs} : x de "
        f"{nombre(xmin)} à {nombre(xmax)}, y de {nombre(ymin)} à {nombre(ymax)}, loin de l’emprise de ce système "
        f"({emprise}). Ce sont sans doute des longitudes/latitudes : déclarez-les avec gdf.set_crs(4326, "
        "allow_override=True) puis reprojetez (gdf.to_crs(2154)), ou corrigez le système du fichier"
    )


# --- values ---------------------------------------------------------------------------------------------------------


def valeurs_infinies(*, colonne: str, nom: str | None, valeurs: Iterable[Any], n: int) -> str:
    """Infinite values in a numeric column.

    Examples
    --------
    >>> valeurs_infinies(colonne="apl", nom="apl.csv", valeurs=["inf"], n=1)
    'colonne apl de apl.csv : 1 valeur infinie (inf) ; une valeur infinie n’est pas une mesure : corrigez-la ou videz la case'
    """
    where = f" de {extrait(nom, limit=200)}" if nom else ""
    return (
        f"colonne {colonne}{where} : {pluriel(n, 'valeur infinie', 'valeurs infinies')} ({liste(valeurs)}) ; "
        "une valeur infinie n’est pas une mesure : corrigez-la ou videz la case"
    )


def valeurs_demesurees(*, valeurs: Iterable[Any], n: int, limite: float) -> str:
    """Numbers of absurd magnitude (a typing or export error), as one problem of a column.

    Examples
    --------
    >>> valeurs_demesurees(valeurs=[1e308], n=1, limite=1e15)
    "1 valeur démesurée (1e+308 ; au-delà de 1e+15 : une erreur de saisie ou d'export)"
    """
    shown = liste([f"{float(v):.4g}" for v in valeurs], limit=5)
    return (
        f"{pluriel(n, 'valeur démesurée', 'valeurs démesurées')} ({shown} ; au-delà de {limite:.0e} : une erreur de "
        "saisie ou d'export)"
    )


def valeurs_non_numeriques(*, colonne: str, nom: str, valeurs: Iterable[Any], n: int) -> str:
    """Non-numeric values where numbers are expected.

    Examples
    --------
    >>> valeurs_non_numeriques(colonne="apl", nom="apl.csv", valeurs=["abc"], n=1)
    'colonne apl de apl.csv : 1 valeur non numérique (abc)'
    """
    return (
        f"colonne {colonne} de {extrait(nom, limit=200)} : "
        f"{pluriel(n, 'valeur non numérique', 'valeurs non numériques')} ({liste(valeurs)})"
    )


def valeurs_negatives(*, colonne: str, nom: str, valeurs: Iterable[Any], n: int) -> str:
    """Negative values where counts or indicators are expected."""
    return (
        f"colonne {colonne} de {extrait(nom, limit=200)} : {pluriel(n, 'valeur négative', 'valeurs négatives')} "
        f"({liste(valeurs)}) ; un indicateur d'accessibilité est positif ou nul"
    )


def valeurs_manquantes(*, colonne: str, nom: str, codes: Iterable[Any], n: int) -> str:
    """Empty values in a value column (communes named)."""
    return (
        f"colonne {colonne} de {extrait(nom, limit=200)} : {pluriel(n, 'valeur vide', 'valeurs vides')} "
        f"(communes {liste(codes)}) ; retirez ces lignes ou complétez-les"
    )


def statut_cpts_inconnu(*, nom: str, valeurs: Iterable[Any], n: int, attendus: Iterable[str]) -> str:
    """Unknown CPTS status values."""
    return (
        f"{extrait(nom, limit=200)}, colonne statut : {pluriel(n, 'statut')} de CPTS inconnu(s) ({liste(valeurs)}) ; "
        f"statuts acceptés : {liste(attendus)}"
    )


def colonne_code_absente(
    *, nom: str, cherchees: Iterable[Any], trouvees: Iterable[Any], option: str = "--code-column"
) -> str:
    """No commune code column in a file.

    Examples
    --------
    >>> colonne_code_absente(nom="p.csv", cherchees=["code_commune", "CODGEO"], trouvees=["x"], option="--code-column")
    'p.csv : pas de colonne de code commune (cherchée parmi code_commune, CODGEO) ; colonnes trouvées : x ; précisez-la avec --code-column'
    """
    return (
        f"{extrait(nom, limit=200)} : pas de colonne de code commune (cherchée parmi {liste(cherchees, limit=10)}) ; "
        f"colonnes trouvées : {liste(trouvees, limit=20)} ; précisez-la avec {option}"
    )


def colonne_apl_absente(*, nom: str, colonne: str, trouvees: Iterable[Any]) -> str:
    """The APL column asked for is not in the file."""
    return (
        f"{extrait(nom, limit=200)} : pas de colonne d'APL {extrait(colonne)!r} ; colonnes trouvées : "
        f"{liste(trouvees, limit=20)} (choisissez-la avec --apl-column)"
    )


def colonne_valeurs_ambigue(*, nom: str, quoi: str, colonnes: Iterable[Any]) -> str:
    """The value column of a commune file cannot be told apart."""
    return (
        f"{extrait(nom, limit=200)} : impossible de savoir quelle colonne contient les valeurs {quoi} "
        f"(colonnes {liste(colonnes, limit=10)}) ; précisez-la avec --column"
    )


def calibrage_sans_information(*, n: int, ecart_km: float, minimum_km: float, plus_longue_km: float) -> str:
    """Observed pairs that cannot determine a slope (all at one distance).

    Examples
    --------
    >>> calibrage_sans_information(n=3, ecart_km=0.0, minimum_km=1.0, plus_longue_km=12.0)[:57]
    'les 3 paires observées sont toutes à la même distance (éc'
    """
    hint = (
        " Des distances aussi courtes : les coordonnées sont sans doute des degrés, pas des mètres."
        if plus_longue_km < minimum_km
        else ""
    )
    return (
        f"les {entier(n)} paires observées sont toutes à la même distance (écart entre la plus courte et la plus "
        f"longue : {nombre(ecart_km, decimals=3)} km, il faut au moins {nombre(minimum_km, decimals=1)} km) : "
        "elles ne disent rien de la pente minutes par km, et tout ajustement serait arbitraire. Donnez des paires "
        f"de distances variées (courtes et longues).{hint}"
    )


# --- configuration --------------------------------------------------------------------------------------------------


def config_hors_bornes(*, source: str, cle: str, valeur: Any, bornes: str) -> str:
    """A configuration value outside its bounds, naming the TOML key.

    Examples
    --------
    >>> config_hors_bornes(source="s.toml", cle="[uncertainty] draws", valeur=10**9, bornes="entre 1 et 100 000")
    's.toml : [uncertainty] draws = 1000000000 est hors bornes : attendu entre 1 et 100 000'
    """
    return (
        f"{extrait(source, limit=200)} : {cle} = {extrait(repr(valeur), limit=60)} est hors bornes : attendu {bornes}"
    )


def config_profession_en_double(*, source: str, professions: Iterable[str]) -> str:
    """A profession listed in two ``[[professions]]`` entries: their tables and maps would bear the same names, the
    second replacing the first.

    Examples
    --------
    >>> config_profession_en_double(source="t.toml", professions=["medecin_generaliste"])[:63]
    't.toml : [[professions]] nomme plusieurs fois medecin_generalis'
    """
    return (
        f"{extrait(source, limit=200)} : [[professions]] nomme plusieurs fois {liste(list(professions))} ; leurs "
        "tableaux et cartes porteraient le même nom et la seconde remplacerait la première : gardez une entrée par "
        "profession (réunissez leurs max_ages)"
    )


def config_zonage_sans_variante(*, source: str, age: int) -> str:
    """``[zoning] max_age`` names an APL variant that no ``[[professions]]`` entry of the GPs computes.

    Examples
    --------
    >>> config_zonage_sans_variante(source="t.toml", age=62)[:60]
    't.toml : [zoning] max_age = 62 : le zonage utilise l’APL des'
    """
    return (
        f"{extrait(source, limit=200)} : [zoning] max_age = {age} : le zonage utilise l’APL des médecins "
        f"généralistes de {age} ans ou moins, que la configuration ne calcule pas ; ajoutez {age} à max_ages de "
        "l’entrée [[professions]] medecin_generaliste"
    )


def config_commune_invalide(*, source: str, cle: str, valeurs: Iterable[Any]) -> str:
    """Malformed commune codes in a configuration."""
    return (
        f"{extrait(source, limit=200)} : {cle} : code(s) commune mal formé(s) {liste(valeurs)} ; un code commune "
        'INSEE a 5 caractères, entre guillemets ("33063", "2A004")'
    )


def communes_inconnues_scenario(*, source: str, details: Iterable[str], n: int) -> str:
    """Scenario changes naming communes absent from the territory (they would change nothing)."""
    return (
        f"{extrait(source, limit=200)} : {pluriel(n, 'commune')} inconnue(s) du territoire : {liste(details)} ; "
        "un changement sur une commune absente ne changerait rien : corrigez le code (COG du territoire)"
    )


# --- geometry, OSRM cache ------------------------------------------------------------------------------------------


def geometries_vides_apres_reparation(*, codes: Iterable[Any], n: int) -> str:
    """Areas whose polygon has no surface once repaired (a degenerate ring)."""
    return (
        f"{pluriel(n, 'zone')} sans surface une fois leur polygone réparé (anneau dégénéré ou auto-intersecté) : "
        f"{liste(codes)} ; corrigez leur géométrie dans le fichier des contours"
    )


def cache_osrm_incomplet(*, dossier: str, manquants: Iterable[str]) -> str:
    """An OSRM graph of the cache lacks files: it is rebuilt."""
    return (
        f"le graphe OSRM en cache {extrait(dossier, limit=200)} est incomplet (fichier(s) manquant(s) : "
        f"{liste(manquants)}) : il est reconstruit"
    )


def graphe_osrm_absent(*, chemin: str, manquant: str) -> str:
    """An explicit OSRM graph path whose files are missing."""
    return (
        f"pas de graphe OSRM (hiérarchies de contraction) à {extrait(chemin, limit=200)} : {manquant} manque. "
        "Reconstruisez-le avec build_osrm_graph(..., rebuild=True) ; en ligne de commande, supprimez ce dossier "
        "du cache puis relancez access-map travel road --osm FICHIER.osm.pbf"
    )
