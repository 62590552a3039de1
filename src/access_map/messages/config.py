"""French errors of the configuration files: ``territory.toml`` (refresh) and ``scenario.toml`` (scenarios).

Each message names the file, the TOML key and the value found, and says what is expected.

Examples
--------
>>> doit_etre(source="t.toml", cle="travel.max_minutes", attendu="un nombre (par exemple max_minutes = 20)",
...           valeur="20")
"t.toml : travel.max_minutes doit être un nombre (par exemple max_minutes = 20) ; trouvé : '20'"
>>> cle_manquante(source="s.toml", cle="scenarios[0].changes[1].commune",
...               detail='le code INSEE de la commune, par exemple "33063"')
's.toml : scenarios[0].changes[1].commune manque (le code INSEE de la commune, par exemple "33063")'
"""

from __future__ import annotations

from collections.abc import Iterable

from ._format import extrait

NOMBRE_SANS_GUILLEMETS = "écrivez les nombres sans guillemets"
UN_NOMBRE = "un nombre"
UN_ENTIER = "un nombre entier"
UNE_LISTE = "une liste entre crochets ([…], ou des sections [[…]])"
UN_CODE_COMMUNE = 'un seul code commune INSEE, entre guillemets (commune = "33063")'
VRAI_OU_FAUX = "true ou false"


def _valeur(value: object) -> str:
    return extrait(repr(value))


def cles_inconnues(*, source: str, cles: Iterable[str], ou: str, permises: Iterable[str]) -> str:
    """Keys a section does not have.

    >>> cles_inconnues(source="t.toml", cles=["colour"], ou="[outputs]", permises=["png", "raster"])
    "t.toml : clé(s) inconnue(s) 'colour' dans [outputs] ; clés permises : png, raster"
    """
    return (
        f"{source} : clé(s) inconnue(s) {', '.join(map(repr, cles))} dans {ou} ; clés permises : "
        f"{', '.join(sorted(permises))}"
    )


def doit_etre(*, source: str, cle: str, attendu: str, valeur: object, detail: str = "") -> str:
    """A key whose value has the wrong kind."""
    return f"{source} : {cle} doit être {attendu} ; trouvé : {_valeur(valeur)}" + (f" ({detail})" if detail else "")


def une_table(*, section: str) -> str:
    """What a TOML section must be (``attendu`` of :func:`doit_etre`)."""
    return f"une table (une section {section} suivie de ses clés)"


def une_liste_de_tables(*, section: str) -> str:
    """What a TOML array of tables must be (``attendu`` of :func:`doit_etre`)."""
    return f"une liste de sections {section} (chacune suivie de ses clés)"


def exemple_nombre(*, cle: str) -> str:
    """A number, with an example of the key.

    >>> exemple_nombre(cle="travel.max_minutes")
    'un nombre (par exemple max_minutes = 20)'
    """
    return f"un nombre (par exemple {cle.rsplit('.', 1)[-1]} = 20)"


def exemple_liste_nombres(*, cle: str) -> str:
    """A list of numbers, with an example of the key."""
    return f"une liste de nombres, par exemple {cle.rsplit('.', 1)[-1]} = [0, 65]"


def exemple_codes(*, cle: str) -> str:
    """A list of codes, with an example of the key.

    >>> exemple_codes(cle="departements")
    'une liste de codes, par exemple departements = ["33"]'
    """
    return f'une liste de codes, par exemple {cle} = ["33"]'


def jeu_inconnu(*, source: str, ou: str, valeur: str, nom: str, connus: Iterable[str]) -> str:
    """A ``fetch:NAME`` that the registry does not know."""
    return f"{source} : {ou} = {_valeur(valeur)} : jeu de données inconnu {nom!r} ; connus : {', '.join(connus)}"


def millesime_inconnu(*, source: str, ou: str, valeur: str, nom: str, millesime: str, connus: Iterable[str]) -> str:
    """A ``fetch:NAME@VINTAGE`` whose vintage the registry does not know."""
    return (
        f"{source} : {ou} = {_valeur(valeur)} : millésime {millesime!r} de {nom} inconnu ; connus : {', '.join(connus)}"
    )


def chemin_vide(*, source: str, ou: str, valeur: object) -> str:
    """A path that is not a non-empty string."""
    return f"{source} : {ou} doit être un chemin (texte non vide) ; trouvé : {_valeur(valeur)}"


def nom_territoire(*, source: str, nom: object) -> str:
    """A territory name with a ``/``."""
    return f"{source} : « name » doit être un nom court de territoire, sans « / » ; trouvé : {_valeur(nom)}"


def sources_vides(*, source: str, cles: Iterable[str]) -> str:
    """A ``[sources]`` section that names no input."""
    return (
        f"{source} : [sources] ne nomme aucune entrée ; écrivez demo = true ou donnez les fichiers d'entrée "
        f"({', '.join(cles)})"
    )


def sources_incompletes(*, source: str, manquantes: Iterable[str]) -> str:
    """Inputs of the APL missing from ``[sources]``."""
    return (
        f"{source} : il manque à [sources] {', '.join(manquantes)}, nécessaires à l'APL (ou donnez le classeur "
        "APL de la DREES en sources.drees_apl, sans practitioners : l'atlas de l'APL publiée)"
    )


def apl_precedente_sans_classeur(*, source: str) -> str:
    """``drees_apl_previous_year`` without the workbook."""
    return f"{source} : sources.drees_apl_previous_year demande sources.drees_apl (le classeur de la DREES)"


def methode_inconnue(*, source: str, methode: object) -> str:
    """An unknown ``travel.method``."""
    return f"{source} : travel.method doit valoir 'crow_fly', 'file' ou 'osrm' ; trouvé : {_valeur(methode)}"


def methode_file_sans_chemin(*, source: str) -> str:
    """``method = "file"`` without ``path``."""
    return f"{source} : travel.method = 'file' demande travel.path (une table CSV/Parquet origin,destination,minutes)"


def methode_osrm_sans_extrait(*, source: str) -> str:
    """``method = "osrm"`` without ``osm``."""
    return (
        f"{source} : travel.method = 'osrm' demande travel.osm (un extrait .osm.pbf, ou fetch:NOM comme "
        "fetch:osm_aquitaine ; voir access-map fetch --list)"
    )


def trajet_incoherent(*, source: str) -> str:
    """Travel settings out of their domain."""
    return f"{source} : [travel] demande max_minutes > 0, minutes_per_km > 0 et intercept_minutes ≥ 0"


def profession_inconnue(*, source: str, ou: str, nom: object, connues: Iterable[str]) -> str:
    """A profession that has no APL preset."""
    return f"{source} : {ou} {_valeur(nom)} n'est pas l'une de : {', '.join(connues)}"


def ages_inconnus(*, source: str, ou: str, trouves: object) -> str:
    """Age limits other than 0, 65, 62, 60."""
    return f"{source} : {ou} accepte 0 (tous les âges), 65, 62, 60 ; trouvé : {trouves}"


def attraction_invalide(*, source: str, ou: str, valeur: object) -> str:
    """A catchment that is not a positive number of minutes."""
    return f"{source} : {ou} doit être une durée en minutes > 0 ; trouvé : {_valeur(valeur)}"


def professions_vides(*, source: str) -> str:
    """An empty ``[[professions]]``."""
    return f"{source} : [[professions]] est vide ; nommez au moins une profession"


def classeur_medecins_seulement(*, source: str, professions: Iterable[str]) -> str:
    """The DREES workbook asked for other professions."""
    return (
        f"{source} : le classeur APL de la DREES (sources.drees_apl, sans practitioners) ne donne que l'APL des "
        f"médecins généralistes ; [[professions]] nomme {', '.join(professions)}"
    )


def imputation_invalide(*, source: str, valeur: object) -> str:
    """A ``supply.impute_acts`` that is neither true nor a number."""
    return f"{source} : supply.impute_acts doit valoir true (5 400 actes) ou un nombre ≥ 0 ; trouvé : {_valeur(valeur)}"


def valeurs_permises(*, source: str, cle: str, permises: str, trouve: object) -> str:
    """A value outside a short list.

    >>> valeurs_permises(source="t.toml", cle="outputs.split_maps", permises="auto, region, none", trouve="x")
    "t.toml : outputs.split_maps accepte auto, region, none ; trouvé : 'x'"
    """
    return f"{source} : {cle} accepte {permises} ; trouvé : {_valeur(trouve)}"


def selection_invalide(*, source: str, detail: str) -> str:
    """A territory selection refused."""
    return f"{source} : {detail}"


def fichier_absent(*, chemin: object) -> str:
    """A configuration file that does not exist."""
    return f"fichier de configuration introuvable : {chemin}"


def toml_invalide(*, chemin: object, detail: object) -> str:
    """A file that is not valid TOML."""
    return f"{chemin} : TOML invalide : {detail}"


# --------------------------------------------------------------------------- scenario.toml


def cle_manquante(*, source: str, cle: str, detail: str) -> str:
    """A key a change needs."""
    return f"{source} : {cle} manque ({detail})"


COMMUNE_ATTENDUE = 'le code INSEE de la commune, par exemple "33063"'


def type_de_changement(*, source: str, ou: str, connus: Iterable[str], trouve: object) -> str:
    """An unknown change kind."""
    return f"{source} : {ou}.kind doit être l'un de {', '.join(sorted(connus))} ; trouvé : {_valeur(trouve)}"


def territoire_scenario(*, source: str) -> str:
    """A ``territory`` that is neither demo nor a path."""
    return f'{source} : territory doit valoir "demo" ou le chemin d\'une configuration de mise à jour (territory.toml)'


def nom_scenario(*, source: str, ou: str, nom: object) -> str:
    """A scenario name with other characters than letters, digits, _ or -."""
    return f"{source} : {ou}.name doit être un nom court (lettres, chiffres, _ ou -) ; trouvé : {_valeur(nom)}"


def scenario_vide(*, source: str, ou: str, nom: str) -> str:
    """A scenario without changes."""
    return f"{source} : {ou} ({nom}) n'a aucun changement"


def noms_en_double(*, source: str, noms: object) -> str:
    """Scenario names given twice."""
    return f"{source} : les noms des scénarios doivent être uniques ; trouvés : {noms}"


def objectif_inconnu(*, source: str, connus: Iterable[str], trouve: object) -> str:
    """An unknown placement objective."""
    return f"{source} : placement.objective doit être l'un de {', '.join(connus)} ; trouvé : {_valeur(trouve)}"


def sites_invalides(*, source: str, sites: object) -> str:
    """Fewer than one site to place."""
    return f"{source} : placement.sites doit valoir au moins 1 ; trouvé : {sites}"


def capacite_invalide(*, source: str, capacite: str) -> str:
    """A non-positive capacity."""
    return f"{source} : placement.capacity_acts doit être > 0 ; trouvé : {capacite}"


def conventions_booleen(*, source: str) -> str:
    """``threshold_conventions`` not a boolean."""
    return f"{source} : uncertainty.threshold_conventions doit valoir true ou false"


def dans(*, source: str, ou: str, detail: object) -> str:
    """An error of a section's own checks, prefixed by where."""
    return f"{source} : {ou} : {detail}"


def scenario_absent(*, chemin: object) -> str:
    """A scenario file that does not exist."""
    return f"configuration de scénarios introuvable : {chemin}"
