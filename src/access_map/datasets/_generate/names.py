"""Invented French-like names (communes, practitioners) and the COG conventions on their articles."""

from __future__ import annotations

import unicodedata

import numpy as np

# French-like (but invented) name parts
_SYL_START = [
    "bru",
    "val",
    "cor",
    "mon",
    "sau",
    "ver",
    "gre",
    "lan",
    "dor",
    "bel",
    "fon",
    "ar",
    "sol",
    "pra",
    "cha",
    "mar",
    "fleu",
    "tor",
    "quin",
    "lou",
    "bra",
    "ces",
    "mal",
    "gal",
    "per",
    "sen",
    "vau",
    "ro",
    "tal",
    "fau",
    "ser",
    "mor",
    "ner",
    "pel",
    "bro",
    "cam",
]
_SYL_MID = ["ma", "li", "ven", "ne", "dra", "to", "ri", "lo", "ba", "sa", "gue", "mi", "ro", "de", "va", "ru", "na"]
_SYL_END = [
    "ille",
    "ac",
    "ay",
    "ieux",
    "ans",
    "ol",
    "ière",
    "ennes",
    "ogne",
    "eval",
    "ançon",
    "ard",
    "ignac",
    "aux",
    "elle",
    "ont",
    "ouse",
    "anges",
    "ède",
    "ors",
    "umes",
    "ine",
    "oc",
    "arde",
]
_SYL_END_C = [
    "ville",
    "court",
    "mont",
    "gnac",
    "rac",
    "lles",
    "zac",
    "nay",
    "sse",
    "ron",
    "chère",
    "teau",
    "reuil",
    "lon",
    "rgues",
    "vière",
]
#: Real commune names the syllables happen to produce (checked against the COG 2026 by the tests): skipped.
_REAL_NAMES = {"Sauvagnac", "Ardelles", "Lansargues"}
_SUFFIXES = [
    "-sur-Brume",
    "-les-Landes",
    "-en-Sorlande",
    "-la-Forêt",
    "-le-Haut",
    "-sur-Vaure",
    "-les-Prés",
    "-en-Ossande",
]
_SAINTS = ["Saint-Ormel", "Saint-Vaudric", "Sainte-Aldeline", "Saint-Brumace", "Sainte-Ysolde", "Saint-Quirin"]
_FIRST_NAMES = [
    "Alix",
    "Bastien",
    "Camille",
    "Dorian",
    "Elsa",
    "Florent",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jules",
    "Katell",
    "Lucien",
    "Maëlle",
    "Nolan",
    "Ombeline",
    "Paul",
    "Quentin",
    "Rose",
    "Soline",
    "Tanguy",
    "Ulysse",
    "Valérie",
    "Yann",
    "Zoé",
]


def _ascii_upper(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return t.upper().replace("-", " ").replace("'", " ")


def _make_names(rng: np.random.Generator, n: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        k = rng.random()
        stem = str(rng.choice(_SYL_START)) + str(rng.choice(_SYL_MID))
        stem += str(rng.choice(_SYL_END_C if stem[-1] in "aeiouy" else _SYL_END))
        stem = stem.capitalize()
        if k < 0.08:
            name = f"{rng.choice(_SAINTS)}-{'d' + chr(39) if stem[0] in 'AEIOUY' else 'de-'}{stem}"
        elif k < 0.22:
            name = stem + rng.choice(_SUFFIXES)
        elif k < 0.30:
            name = ("L'" if stem[0] in "AEIOUY" else ("Le " if rng.random() < 0.5 else "La ")) + stem
        else:
            name = stem
        if name not in seen and stem not in _REAL_NAMES:
            seen.add(name)
            names.append(name)
    return names


def _tncc(name: str) -> tuple[str, str]:
    """(TNCC, name without article) following the COG conventions (0 none, 2 Le, 3 La)."""
    if name.startswith("Le "):
        return "2", name[3:]
    if name.startswith("La "):
        return "3", name[3:]
    if name.startswith("L'"):
        return "5", name[2:]
    return ("1" if name[0] in "AEIOUY" else "0"), name


def _of(name: str) -> str:
    """French "of" + commune name, contracting the article: ``du Solac``, ``de la Brume``, ``de l'Arine``."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("La "):
        return "de la " + name[3:]
    if name.startswith("L'"):
        return "de l'" + name[2:]
    return ("d'" if name[0] in "AEIOUY" else "de ") + name
