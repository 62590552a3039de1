"""French texts of the APL and of the floating-catchment core: parameters, supply, demand, travel times, aggregation.

Used by :mod:`access_map.apl` and :mod:`access_map.fca`. Numbers go through :func:`~access_map.messages.nombre` and
:func:`~access_map.messages.entier`; ``quoi`` is the name of the argument (``demand``, ``supply``…) or the file that
holds the values, quoted as the user gave it.

Examples
--------
>>> origines_hors_demande(n=2, source="temps.csv", exemples="'01003', '01018'", paires=12)
"2 communes d'origine de temps.csv absentes de la table de population (demande) (ex. '01003', '01018') : leurs 12 paires dans l'aire de recours sont ignorées. Donnez-leur une population si elles font partie du territoire."
"""

from __future__ import annotations

from ._format import entier, extrait, nombre, pluriel
from .readers import POPULATION_PAR_AGE, TABLE_PRATICIENS, TEMPS_DE_TRAJET

__all__ = [
    "POPULATION_PAR_AGE",
    "TABLE_PRATICIENS",
    "TEMPS_DE_TRAJET",
    "profession_inconnue",
    "age_max_invalide",
    "bornes_activite_invalides",
    "echelle_invalide",
    "tranches_poids_manquantes",
    "poids_officiels_absents",
    "parametres_a_verifier",
    "poids_ages_requis",
    "actes_negatifs",
    "actes_manquants",
    "actes_imputes_invalides",
    "praticiens_decrits",
    "aucun_praticien",
    "sans_actes",
    "sans_etp",
    "offre_hors_demande",
    "codes_en_double",
    "valeurs_manquantes",
    "valeurs_negatives",
    "serie_attendue",
    "apl_nan",
    "communes_sans_territoire",
    "POIDS",
    "codes_nan",
    "codes_index_en_double",
    "nombres_attendus",
    "valeurs_invalides",
    "DEMANDE_VIDE",
    "DEMANDE_VIDE_CALCUL",
    "demande_nulle",
    "demande_demesuree",
    "AIRE_SANS_MAX",
    "max_minutes_invalide",
    "temps_vides",
    "paires_en_double",
    "aucune_paire",
    "origines_hors_demande",
    "demande_sans_temps",
    "demande_sans_paire",
    "demande_hors_aire",
    "offre_non_atteinte",
    "indicateur_deborde",
    "apl_officiel_sans_valeur",
    "apl_officielle_negative",
]

# --- parameters (apl.APLParams) ----------------------------------------------------------------------------------


def profession_inconnue(*, profession: str, attendues: str) -> str:
    return f"profession inconnue {profession} ; attendu l'une de {attendues}"


def age_max_invalide(*, valeur: object) -> str:
    return f"max_age doit être un âge en années (15 à 110) ou None ; reçu : {extrait(valeur)}"


def bornes_activite_invalides(*, min_acts: float, floor_acts: float, cap_acts: float) -> str:
    return (
        "les bornes d'activité doivent vérifier 0 <= min_acts <= floor_acts <= cap_acts ; reçu : "
        f"{nombre(min_acts, decimals=0)}, {nombre(floor_acts, decimals=0)}, {nombre(cap_acts, decimals=0)}"
    )


def echelle_invalide(*, scale: float, max_minutes: float) -> str:
    return (
        f"scale et max_minutes doivent être > 0 ; reçu : {nombre(scale, decimals=0)}, {nombre(max_minutes, decimals=1)}"
    )


def tranches_poids_manquantes(*, tranches: str) -> str:
    return f"age_weights n'a pas la ou les tranches {tranches}"


def poids_officiels_absents(*, millesime: object, disponibles: str) -> str:
    return (
        f"pas de poids par âge officiels pour le millésime d'APL {extrait(millesime)} ; disponibles : {disponibles} "
        "(passez age_weights=... avec dataclasses.replace pour un autre millésime)"
    )


def parametres_a_verifier(*, profession: str, millesime: int, sage_femme: bool) -> str:
    poids = "" if sage_femme else f", poids par âge des médecins généralistes {millesime}"
    return (
        f"paramètres d'APL pour {profession} : les paramètres de l'aire de recours ne sont pas publiés avec les "
        "données utilisées ici (à vérifier) ; les valeurs des médecins généralistes sont prises par défaut "
        f"(décroissance 1 / 2/3 / 1/3 à 10 / 15 / 20 minutes{poids}). Remplacez-les avec "
        "dataclasses.replace(params, decay=..., age_weights=...)."
    )


def poids_ages_requis(*, profession: str, demand_kind: str) -> str:
    return (
        f"les paramètres de {profession} n'ont pas de poids par âge alors que demand_kind={demand_kind} ; donnez "
        "age_weights (par ex. dataclasses.replace(params, age_weights=AGE_WEIGHTS[2023]))"
    )


# --- supply (apl.counted_acts, supply_from_activity, impute_activity) --------------------------------------------


def actes_negatifs(*, valeurs: str) -> str:
    return f"les actes doivent être >= 0 ; trouvé : {valeurs}"


def actes_manquants(*, n: int) -> str:
    return (
        f"{pluriel(n, 'praticien')} sans actes (NaN) et non signalé(s) new_practitioner ; donnez leurs actes "
        "annuels, ou signalez-les nouveaux installés (5 400 actes imputés)"
    )


def actes_imputes_invalides(*, valeur: object) -> str:
    return f"les actes imputés doivent être un nombre >= 0 ; reçu : {extrait(valeur)}"


def praticiens_decrits(*, n: int, lignes: int, exemples: str) -> str:
    """A group of practitioners in a message: ``3 praticiens (5 lignes praticien × site ; ex. 'a', 'b')``."""
    return f"{pluriel(n, 'praticien')} ({pluriel(lignes, 'ligne')} praticien × site ; ex. {exemples})"


def aucun_praticien(*, source: str, profession: str) -> str:
    return f"{extrait(source, limit=200)} : aucun praticien de la profession {profession} ; l'offre est vide"


def sans_actes(*, source: str, praticiens: str) -> str:
    return (
        f"{extrait(source, limit=200)} : {praticiens} sans actes et non signalé(s) new_practitioner. Donnez leurs "
        "actes annuels, ou imputez-les explicitement : access_map.apl.impute_activity(table) (5 400 actes, DREES) "
        "ou impute_activity(table, acts=...) ; en ligne de commande --impute-activity [ACTES] ; dans une "
        "configuration de rafraîchissement [supply] impute_acts"
    )


def sans_etp(*, source: str, praticiens: str, profession: str) -> str:
    return (
        f"{extrait(source, limit=200)}, colonne 'etp' : {praticiens} ({profession}) sans ETP ; l'APL ({profession}) "
        "compte des équivalents temps plein : remplissez-les (par ex. 1,0 pour un praticien à temps plein)"
    )


def offre_hors_demande(*, n: int, exemples: str, portee: float, totale: float) -> str:
    return (
        f"{pluriel(n, 'commune')} d'offre absente(s) de la table de population (demande) (ex. {exemples}), qui "
        f"porte(nt) {entier(portee)} de l'offre totale de {entier(totale)} : leurs propres habitants ne comptent "
        "pas dans la demande, donc l'APL autour d'elles est surestimée. Donnez une population à chaque commune du "
        "territoire."
    )


# --- aggregation (apl.aggregate_apl) ------------------------------------------------------------------------------


def codes_en_double(*, quoi: str, codes: str) -> str:
    return f"{quoi} : code(s) de commune en double : {codes}"


def valeurs_manquantes(*, quoi: str, n: int, exemples: str) -> str:
    return (
        f"{quoi} : {pluriel(n, 'commune')} de l'APL sans valeur (manquante ou NaN), ex. {exemples} ; donnez une "
        "valeur pour chaque commune de l'APL"
    )


def valeurs_negatives(*, quoi: str, valeurs: str) -> str:
    return f"{quoi} : valeur(s) négative(s) {valeurs}"


def serie_attendue(*, quoi: str, type_: str) -> str:
    return f"{quoi} doit être une Series pandas indexée par code de commune ; reçu : {type_}"


def apl_nan(*, n: int, exemples: str) -> str:
    return f"apl : {pluriel(n, 'valeur')} NaN, ex. communes {exemples} ; retirez-les ou remplissez-les d'abord"


def communes_sans_territoire(*, n: int, exemples: str, population: float) -> str:
    return (
        f"{pluriel(n, 'commune')} de l'APL sans territoire dans groups (ex. {exemples} ; population standardisée "
        f"{nombre(population, decimals=1)}) : elles sont laissées hors de l'agrégation"
    )


POIDS = "weights (population standardisée)"


# --- floating catchment (fca) ------------------------------------------------------------------------------------


def codes_nan(*, quoi: str) -> str:
    return f"{quoi} a des codes manquants (NaN) dans son index ; chaque ligne demande un code de commune"


def codes_index_en_double(*, quoi: str, codes: str, n: int) -> str:
    return (
        f"{quoi} a des codes en double dans son index : {codes} ({pluriel(n, 'code')}) ; agrégez-les d'abord "
        "(par ex. series.groupby(level=0).sum())"
    )


def nombres_attendus(*, quoi: str, dtype: str) -> str:
    return f"{quoi} doit contenir des nombres ; type trouvé : {dtype}"


def valeurs_invalides(*, quoi: str, n: int, valeurs: str) -> str:
    return (
        f"{quoi} : {pluriel(n, 'valeur')} négative(s), NaN ou infinie(s) : {valeurs} ; donnez 0 là où il n'y a "
        "rien, jamais NaN"
    )


DEMANDE_VIDE = (
    "la demande est vide : aucune commune n'a de population (un fichier réduit à son en-tête, ou toutes les lignes "
    "écartées par les filtres d'année, de territoire ou de code) ; vérifiez le fichier de population"
)
DEMANDE_VIDE_CALCUL = (
    "la demande est vide : aucune commune pour laquelle calculer un indicateur (un fichier de population réduit à "
    "son en-tête, ou toutes les lignes écartées) ; vérifiez le fichier de population"
)


def demande_nulle(*, n: int) -> str:
    return (
        f"la demande vaut 0 dans les {pluriel(n, 'commune')} : l'indicateur vaudrait 0 ou serait indéfini partout ; "
        "vérifiez la colonne de population (mauvaise colonne, ou une année sans valeurs)"
    )


def demande_demesuree(*, n: int, seuil: float, valeurs: str) -> str:
    return (
        f"demande : {pluriel(n, 'commune')} au-dessus de {entier(seuil)} habitants ({valeurs}) : un ordre de "
        "grandeur absurde pour une commune ; vérifiez les unités et la colonne du fichier de population"
    )


AIRE_SANS_MAX = (
    "une aire de recours demande max_minutes quand aucune décroissance n'est donnée (par ex. max_minutes=20)"
)


def max_minutes_invalide(*, valeur: object) -> str:
    return f"max_minutes doit être un nombre fini > 0 ; reçu : {extrait(valeur)}"


def temps_vides(*, source: str) -> str:
    return (
        f"{extrait(source, limit=200)} est vide (aucune ligne) : un fichier réduit à son en-tête, ou toutes les "
        "paires écartées ; une table de temps de trajet contient au moins chaque commune vers elle-même à 0,0 minute"
    )


def paires_en_double(*, source: str, exemples: str, n: int) -> str:
    return (
        f"paire(s) (origine, destination) en double dans {extrait(source, limit=200)} : {exemples} "
        f"({pluriel(n, 'ligne')} en trop) ; gardez un temps de trajet par paire (par ex. "
        "times.drop_duplicates(['origin', 'destination']))"
    )


def aucune_paire(*, source: str, minutes: float, lignes: int, dans_aire: int, depuis_demande: int) -> str:
    return (
        f"aucune paire de {extrait(source, limit=200)} ne relie une commune de la demande en moins de "
        f"{nombre(minutes, decimals=1)} minutes : {pluriel(lignes, 'ligne')}, {entier(dans_aire)} dans l'aire de "
        f"recours, {entier(depuis_demande)} depuis une commune de la demande ; vérifiez que les temps sont en "
        "minutes (pas en km ni en secondes) et que les codes correspondent à ceux de la population"
    )


def origines_hors_demande(*, n: int, source: str, exemples: str, paires: int) -> str:
    return (
        f"{pluriel(n, 'commune')} d'origine de {extrait(source, limit=200)} absente{'s' if n > 1 else ''} de la "
        f"table de population (demande) (ex. {exemples}) : leurs {pluriel(paires, 'paire')} dans l'aire de recours "
        f"sont ignorées. Donnez-leur une population si elles font partie du territoire."
    )


def demande_sans_temps(*, n: int, source: str, exemples: str) -> str:
    return (
        f"{pluriel(n, 'commune')} de la demande sans aucun temps de trajet dans {extrait(source, limit=200)} "
        f"(ex. {exemples}) : aucun point (chef-lieu ou centroïde) n'a été donné pour elles, ou la table des temps ne "
        "les couvre pas ; leur indicateur vaudra 0. Ajoutez leurs points ou leurs temps."
    )


def demande_sans_paire(*, n: int, minutes: float, source: str, exemples: str) -> str:
    return (
        f"{pluriel(n, 'commune')} de la demande sans paire à moins de {nombre(minutes, decimals=1)} minutes dans "
        f"{extrait(source, limit=200)} (ex. {exemples}) ; leur indicateur vaudra 0. Une commune vers elle-même "
        "devrait figurer avec 0,0 minute."
    )


def demande_hors_aire(*, n: int, exemples: str, attendus: int, donnes: int) -> str:
    return (
        f"la demande n'est pas indexée par les communes de la demande de l'aire de recours : {pluriel(n, 'code')} "
        f"inconnu(s) de l'aire ({exemples}), {entier(attendus)} attendus et {entier(donnes)} donnés ; préparez "
        "l'aire de recours avec demand_index=demand.index"
    )


def offre_non_atteinte(*, n: int, exemples: str, perdue: float, totale: float) -> str:
    return (
        f"{pluriel(n, 'commune')} d'offre n'atteignent aucune demande dans l'aire de recours (ex. {exemples}) : "
        f"leur offre ({nombre(perdue, decimals=1)} sur {nombre(totale, decimals=1)}) est laissée hors de "
        "l'indicateur. Vérifiez que les temps de trajet couvrent ces communes (une commune vers elle-même à 0,0 "
        "minute) et que la demande n'est pas nulle autour d'elles."
    )


def indicateur_deborde(*, nom: str, n: int, offre_max: float, demande_min: float) -> str:
    return (
        f"{extrait(nom)} : l'indicateur déborde pour {pluriel(n, 'commune')} : l'offre (la plus grande "
        f"{nombre(offre_max, decimals=1)}) et la demande (la plus petite atteinte {nombre(demande_min, decimals=3)}) "
        "ont des ordres de grandeur absurdes ; vérifiez les unités et les colonnes des fichiers d'offre et de "
        "population"
    )


# --- implied supply of an official APL (scenario.implied) ----------------------------------------------------------


def apl_officiel_sans_valeur(*, n: int, exemples: str) -> str:
    return (
        f"APL officielle : {pluriel(n, 'commune')} sans valeur, laissée{'s' if n > 1 else ''} hors de l'ajustement "
        f"(ex. {exemples})"
    )


def apl_officielle_negative(*, codes: str) -> str:
    return f"APL officielle : valeur(s) négative(s) pour {codes}"
