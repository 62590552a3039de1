"""Deterministic generator of the FICTIONAL demo territory (used by :mod:`access_map.datasets.demo`).

Everything here is invented: names are built from syllables, codes are chosen
absent from the real Code officiel géographique (region ``07``, departments
``96`` and ``00``), the territory lies in the Atlantic Ocean west of the Vendée
coast in Lambert-93 coordinates so that it cannot be mistaken for a real place on a
map. Only the *shapes* of the data (heavy-tailed commune populations, age
structure, practitioner activity, zoning classes) mimic the real ones.

The generator draws everything from one :class:`numpy.random.Generator` seeded
with :data:`DEMO_SEED`; :func:`write_demo_files` writes the files in the official
layouts read by :mod:`access_map.readers`. Text files are byte-for-byte
reproducible for a given seed and numpy version; the GeoPackage embeds a fixed
timestamp (GDAL ``OGR_CURRENT_DATE``) but its bytes may still depend on the GDAL
version, so its *content* is what the tests compare.
"""

from __future__ import annotations

import csv
import heapq
import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree
from shapely.geometry import MultiPoint, Point, Polygon

from .._atomic import atomic_path

__all__ = ["DEMO_SEED", "DEMO_LABEL", "REGION_CODE", "DEPARTMENT_CODES", "DemoTables", "generate", "write_demo_files"]

#: Seed of the shipped demo territory.
DEMO_SEED = 20240611
#: Label of the demo territory (shown on maps and reports).
DEMO_LABEL = "Territoire de démonstration FICTIF (données inventées, aucune valeur réelle)"
#: Region code of the demo: absent from the real COG (real codes: 01-06, 11, 24-94).
REGION_CODE = "07"
REGION_NAME = "Région fictive de démonstration"
#: Department codes of the demo: absent from the real COG (01-95, 2A, 2B, 971-976).
DEPARTMENT_CODES = ("96", "00")
DEPARTMENT_NAMES = {"96": "Val-de-Brumaille (fictif)", "00": "Hautes-Sorlandes (fictif)"}
#: Year of the fictional census / populations légales.
CENSUS_YEAR = 2021
#: Fixed timestamp written into the GeoPackage (GDAL OGR_CURRENT_DATE).
GPKG_DATE = "2024-01-01T00:00:00.000Z"

XSS_COMMUNE_NAME = "Testville <script>alert(1)</script>"
XSS_CPTS_NAME = 'CPTS test "><img src=x onerror=alert(1)>'

_CENTER = np.array([150_000.0, 6_560_000.0])  # open sea, ~230 km west of La Rochelle
_N_COMMUNES = 600

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

#: Base age structure (shares per AGE_BANDS, France-like), tilted by commune size.
_BASE_AGE = np.array([5.3, 5.9, 6.2, 6.1, 5.6, 5.6, 6.0, 6.3, 6.3, 6.8, 6.7, 6.5, 6.1, 5.8, 5.3, 3.8, 3.0, 1.9, 1.0])
#: Share of women per band.
_FEMALE = np.array(
    [
        0.488,
        0.488,
        0.489,
        0.488,
        0.495,
        0.505,
        0.51,
        0.51,
        0.505,
        0.505,
        0.51,
        0.515,
        0.52,
        0.525,
        0.535,
        0.56,
        0.595,
        0.66,
        0.75,
    ]
)

_PROFESSION_DENSITY = {  # practitioners per 100,000 inhabitants (liberal, order of magnitude)
    "medecin_generaliste": 92.0,
    "infirmier": 180.0,
    "masseur_kinesitherapeute": 105.0,
    "chirurgien_dentiste": 52.0,
    "sage_femme": 12.0,
}
_ANNUAIRE_PROFESSION = {
    "medecin_generaliste": ("10", "Médecin"),
}

ANNUAIRE_COLUMNS = [
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
]

FINESS_STRUCTURE_COLUMNS = [
    "structureet",
    "nofinesset",
    "nofinessej",
    "rs",
    "rslongue",
    "complrs",
    "compldistrib",
    "numvoie",
    "typvoie",
    "voie",
    "compvoie",
    "lieuditbp",
    "commune",
    "departement",
    "libdepartement",
    "ligneacheminement",
    "telephone",
    "telecopie",
    "categetab",
    "libcategetab",
    "categagretab",
    "libcategagretab",
    "siret",
    "codeape",
    "codemft",
    "libmft",
    "codesph",
    "libsph",
    "dateouv",
    "dateautor",
    "datemaj",
    "numuai",
]
FINESS_CATEGORY_LABELS = {
    "603": "Maison de santé (L.6223-3)",
    "124": "Centre de Santé",
    "604": "Communauté Professionnelle Territoriale de Santé (CPTS)",
}

#: File names written by :func:`write_demo_files` (all in one directory).
FILES = {
    "admin_express": "admin_express_demo.gpkg",
    "cog_communes": "cog_communes.csv",
    "cog_departements": "cog_departements.csv",
    "cog_regions": "cog_regions.csv",
    "populations_legales": "populations_legales.csv",
    "population_by_age": "pop_sexe_age_quinquennal.csv",
    "activity": "activite_praticiens.csv",
    "annuaire": "PS_LibreAcces_Personne_activite_demo.txt",
    "finess": "finess_etalab_demo.csv",
    "cpts": "cpts.csv",
    "zoning": "zonage_precedent.csv",
    "tvs": "tvs.csv",
    "qpv": "qpv.csv",
    "caps": "plafonds_zonage.csv",
}


@dataclass(frozen=True)
class DemoTables:
    """Everything the generator draws, before it is written to files."""

    communes: gpd.GeoDataFrame  # index code_commune: nom, code_departement, code_region, population, geometry
    chefs_lieux: gpd.GeoDataFrame  # index code_commune: nom, geometry (points)
    departements: gpd.GeoDataFrame  # index code: nom, code_region, cheflieu, geometry
    regions: gpd.GeoDataFrame  # index code: nom, cheflieu, geometry
    age_sex: pd.DataFrame  # index code_commune: 20 bands x 2 sexes (ageq_rec columns)
    population_comptee_a_part: pd.Series
    practitioners: pd.DataFrame  # PRACTITIONER_COLUMNS + nom, prenom, finess_site
    structures: pd.DataFrame  # finess, nom, code_commune, categorie, date_ouverture, x, y
    cpts: pd.DataFrame  # id_cpts, nom_cpts, statut, date_signature, code_commune
    tvs: pd.DataFrame  # index code_commune: code_tvs, libelle_tvs
    qpv: pd.DataFrame  # code_qpv, libelle_qpv, code_commune, population
    previous_zoning: pd.DataFrame  # index code_commune: zonage
    caps: pd.DataFrame  # index code_region: part_max_zip, part_max_zac


# --------------------------------------------------------------------------- names


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


# --------------------------------------------------------------------------- geometry


def _outline(rng: np.random.Generator) -> Polygon:
    theta = np.linspace(0, 2 * np.pi, 181)[:-1]
    radius = np.full_like(theta, 52_000.0)
    for k in range(2, 7):
        radius *= 1 + rng.uniform(0.02, 0.07) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    xy = _CENTER + np.c_[radius * np.cos(theta) * 1.15, radius * np.sin(theta) * 0.9]
    return shapely.set_precision(Polygon(np.round(xy)), 1.0)


def _seed_points(rng: np.random.Generator, outline: Polygon, towns: np.ndarray) -> np.ndarray:
    minx, miny, maxx, maxy = outline.bounds
    pts: list[np.ndarray] = []
    tree_pts = np.empty((0, 2))
    tries = 0
    while len(pts) < _N_COMMUNES:
        tries += 1
        if rng.random() < 0.22:
            c = towns[rng.integers(len(towns))]
            p = c + rng.normal(0, 7_000, 2)
        else:
            p = np.array([rng.uniform(minx, maxx), rng.uniform(miny, maxy)])
        if not outline.contains(Point(p)):
            continue
        dist_town = np.min(np.hypot(*(towns - p).T))
        dmin = 1_600 + 1_500 * (1 - np.exp(-dist_town / 9_000))
        if len(tree_pts) and np.min(np.hypot(*(tree_pts - p).T)) < dmin:
            if tries < 200_000:
                continue
        pts.append(np.round(p))
        tree_pts = np.vstack([tree_pts, np.round(p)])
    return np.array(pts)


def _voronoi_cells(points: np.ndarray, outline: Polygon) -> list:
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline, ordered=True)
    out = []
    for cell in cells.geoms:
        g = shapely.set_precision(shapely.intersection(cell, outline), 1.0)
        out.append(g)
    return out


def _adjacency(cells: list) -> list[set[int]]:
    tree = shapely.STRtree(cells)
    left, right = tree.query(cells, predicate="intersects")
    adj: list[set[int]] = [set() for _ in cells]
    for a, b in zip(left.tolist(), right.tolist()):
        if a != b and cells[a].intersection(cells[b]).length > 0:
            adj[a].add(b)
            adj[b].add(a)
    return adj


def _grow_regions(seeds: list[int], xy: np.ndarray, adj: list[set[int]]) -> np.ndarray:
    """Multi-source Dijkstra on the adjacency graph: contiguous groups around ``seeds``."""
    label = np.full(len(xy), -1)
    heap = [(0.0, s, k) for k, s in enumerate(seeds)]
    heapq.heapify(heap)
    while heap:
        d, node, k = heapq.heappop(heap)
        if label[node] != -1:
            continue
        label[node] = k
        for nb in adj[node]:
            if label[nb] == -1:
                heapq.heappush(heap, (float(np.hypot(*(xy[nb] - xy[seeds[k]]))), nb, k))
    return label


# --------------------------------------------------------------------------- population


def _populations(rng: np.random.Generator, xy: np.ndarray, town_idx: list[int]) -> np.ndarray:
    pop = np.exp(rng.normal(np.log(420), 0.85, len(xy)))
    pop = np.clip(pop, 35, 4_000)
    bourgs = rng.choice(len(xy), 28, replace=False)
    pop[bourgs] = rng.uniform(1_500, 5_500, len(bourgs))
    # suburbs of the main towns
    for t, scale, reach in zip(town_idx[:2], (9.0, 4.0), (7_000, 5_000)):
        d = np.hypot(*(xy - xy[t]).T)
        pop *= 1 + scale * np.exp(-d / reach)
    for t, size in zip(town_idx, (72_000, 27_500, 14_200, 9_100)):
        pop[t] = size * rng.uniform(0.97, 1.03)
    return np.round(pop).astype(int)


def _age_sex(rng: np.random.Generator, pop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Counts per commune x band (19) for men and women; 90+ later split into 90-94 / 95+."""
    urban = np.clip(np.log10(np.maximum(pop, 1) / 1_500) / 1.5, 0, 1)
    young_adult = np.zeros(19)
    young_adult[4:7] = 1
    old = np.zeros(19)
    old[13:] = 1
    children = np.zeros(19)
    children[:4] = 1
    men = np.zeros((len(pop), 19), dtype=np.int64)
    women = np.zeros((len(pop), 19), dtype=np.int64)
    for i, n in enumerate(pop):
        u = urban[i]
        shares = _BASE_AGE * (1 + 0.55 * u * young_adult) * (1 + 0.45 * (1 - u) * old - 0.15 * u * old)
        shares *= 1 + 0.08 * (1 - u) * children
        shares = rng.dirichlet(shares / shares.sum() * 400)
        counts = rng.multinomial(n, shares)
        w = rng.binomial(counts, _FEMALE)
        women[i] = w
        men[i] = counts - w
    return men, women


# --------------------------------------------------------------------------- practitioners


def _supply_factor(xy: np.ndarray, dep_east: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    rel = (xy - _CENTER) / 1_000.0
    f = 1.25 - 0.85 / (1 + np.exp(-(rel[:, 0] - 8) / 9))  # east is poorer
    f *= 1 - 0.45 * np.exp(-(((rel[:, 0] + 35) ** 2 + (rel[:, 1] + 25) ** 2) / 300))  # a south-west pocket
    f *= 1 + 0.35 * np.exp(-(((rel[:, 0] + 5) ** 2 + (rel[:, 1] - 20) ** 2) / 400))  # a well-served north
    f *= np.exp(rng.normal(0, 0.12, len(xy)))
    f[dep_east] *= 0.92
    return f


def _draw_practitioners(
    rng: np.random.Generator,
    codes: np.ndarray,
    pop: np.ndarray,
    xy: np.ndarray,
    factor: np.ndarray,
    cds_communes: list[int],
) -> pd.DataFrame:
    """Practitioners of the five professions (one row per site), plus the salaried GPs of centres de santé."""
    rows = []
    total_pop = pop.sum()
    tree = cKDTree(xy)
    seq = 0
    for profession, density in _PROFESSION_DENSITY.items():
        n_target = int(round(total_pop * density / 100_000))
        attract = (pop.astype(float) ** 1.0) * np.clip(pop / 700.0, 0, 1) ** 2 * factor
        if profession != "medecin_generaliste":
            attract = attract * (0.6 + 0.4 * factor)
        counts = rng.multinomial(n_target, attract / attract.sum())
        for i in np.flatnonzero(counts).tolist():
            for _ in range(int(counts[i])):
                seq += 1
                pid = f"99{seq:09d}"
                new = rng.random() < 0.045
                age = float(np.clip(np.round(rng.normal(50, 10.5)), 28, 74))
                if new:
                    age = float(rng.integers(29, 41))
                if rng.random() < 0.1:
                    age = float(rng.integers(66, 73))
                health_centre = False
                if profession == "medecin_generaliste":
                    acts = float(np.round(np.exp(rng.normal(np.log(4_600), 0.38))))
                    r = rng.random()
                    if r < 0.035:
                        acts = float(rng.integers(20, 250))
                    elif r < 0.06:
                        acts = float(rng.integers(300, 2_000))
                    etp = np.nan
                else:
                    base = {
                        "infirmier": 9_000,
                        "masseur_kinesitherapeute": 5_500,
                        "chirurgien_dentiste": 2_600,
                        "sage_femme": 1_900,
                    }[profession]
                    etp = float(np.round(np.clip(rng.gamma(9, 0.1), 0.15, 1.6), 2))
                    acts = float(np.round(base * etp * np.exp(rng.normal(0, 0.15))))
                if new:
                    acts = np.nan
                sites = [(codes[i], 1.0)]
                if rng.random() < 0.055 and not new:
                    _, nb = tree.query(xy[i], k=6)
                    other = int(rng.choice([j for j in nb[1:] if pop[j] >= 150] or list(nb[1:])))
                    share = float(rng.choice([0.5, 0.6, 0.7, 0.8]))
                    sites = [(codes[i], share), (codes[other], round(1 - share, 2))]
                fn = str(rng.choice(_FIRST_NAMES))
                ln = _make_names(rng, 1)[0].replace("Le ", "").replace("La ", "").split("-")[0].upper()
                for code, share in sites:
                    rows.append(
                        {
                            "practitioner_id": pid,
                            "code_commune": code,
                            "profession": profession,
                            "acts": acts,
                            "age": age,
                            "new_practitioner": new,
                            "health_centre": health_centre,
                            "etp": etp,
                            "share": share,
                            "nom": ln,
                            "prenom": fn,
                        }
                    )
    # salaried GPs of the centres de santé (no activity bounds), in the towns
    for i in cds_communes:
        for _ in range(int(rng.integers(3, 7))):
            seq += 1
            rows.append(
                {
                    "practitioner_id": f"99{seq:09d}",
                    "code_commune": codes[i],
                    "profession": "medecin_generaliste",
                    "acts": float(rng.integers(2_500, 5_200)),
                    "age": float(rng.integers(30, 62)),
                    "new_practitioner": False,
                    "health_centre": True,
                    "etp": np.nan,
                    "share": 1.0,
                    "nom": _make_names(rng, 1)[0].split("-")[0].split(" ")[-1].upper(),
                    "prenom": str(rng.choice(_FIRST_NAMES)),
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- main


def generate(seed: int = DEMO_SEED) -> DemoTables:
    """Draw the whole fictional territory from ``seed``.

    Examples
    --------
    >>> t = generate()
    >>> 400 <= len(t.communes) <= 800
    True
    """
    rng = np.random.default_rng(seed)
    outline = _outline(rng)
    towns = _CENTER + np.array([[-22_000, 4_000], [30_000, -6_000], [-8_000, -32_000], [6_000, 30_000]])
    points = _seed_points(rng, outline, towns)
    cells = _voronoi_cells(points, outline)
    town_idx = [int(np.argmin(np.hypot(*(points - t).T))) for t in towns]

    # departments: west 96 / east 00 split by a wavy line
    rel = points - _CENTER
    east = rel[:, 0] > 9_000 + 7_000 * np.sin(rel[:, 1] / 14_000)
    dep = np.where(east, DEPARTMENT_CODES[1], DEPARTMENT_CODES[0])

    names = _make_names(rng, len(points))
    pop = _populations(rng, points, town_idx)
    # the HTML/JS test fixture: one small village, never a town, a TVS pole or a CPTS name
    small = [i for i in np.argsort(pop) if i not in town_idx]
    xss_idx = int(small[len(small) // 3])
    names[xss_idx] = XSS_COMMUNE_NAME

    # INSEE codes: numbered by department in alphabetical order of the names
    codes = np.empty(len(points), dtype=object)
    for d in DEPARTMENT_CODES:
        idx = sorted(np.flatnonzero(dep == d), key=lambda i: _ascii_upper(_tncc(names[i])[1]))
        for k, i in enumerate(idx, start=1):
            codes[i] = f"{d}{k:03d}"

    men, women = _age_sex(rng, pop)
    pmun = (men + women).sum(axis=1)
    pcap = rng.binomial(pmun, 0.014)

    communes = gpd.GeoDataFrame(
        {"nom": names, "code_departement": dep, "code_region": REGION_CODE, "population": pmun.astype(float)},
        geometry=cells,
        crs=2154,
        index=pd.Index(codes, name="code_commune"),
    )
    chefs = gpd.GeoDataFrame(
        {"nom": names}, geometry=shapely.points(points), crs=2154, index=pd.Index(codes, name="code_commune")
    )
    dep_geoms = [
        shapely.set_precision(shapely.union_all([cells[i] for i in np.flatnonzero(dep == d)]), 1.0)
        for d in DEPARTMENT_CODES
    ]
    dep_chef = {DEPARTMENT_CODES[0]: codes[town_idx[0]], DEPARTMENT_CODES[1]: codes[town_idx[1]]}
    departements = gpd.GeoDataFrame(
        {
            "nom": [DEPARTMENT_NAMES[d] for d in DEPARTMENT_CODES],
            "code_region": REGION_CODE,
            "cheflieu": [dep_chef[d] for d in DEPARTMENT_CODES],
        },
        geometry=dep_geoms,
        crs=2154,
        index=pd.Index(list(DEPARTMENT_CODES), name="code"),
    )
    regions = gpd.GeoDataFrame(
        {"nom": [REGION_NAME], "cheflieu": [codes[town_idx[0]]]},
        geometry=[shapely.set_precision(shapely.union_all(dep_geoms), 1.0)],
        crs=2154,
        index=pd.Index([REGION_CODE], name="code"),
    )

    band_cols = []
    values = []
    for sex, arr in ((1, men), (2, women)):
        split = rng.binomial(arr[:, 18], 0.72)  # 90-94 vs 95+
        for b in range(20):
            band_cols.append(f"ageq_rec{b + 1:02d}s{sex}rp{CENSUS_YEAR}")
            values.append(arr[:, b] if b < 18 else (split if b == 18 else arr[:, 18] - split))
    age_sex = pd.DataFrame(np.column_stack(values), columns=band_cols, index=communes.index)

    # coordinated care sites
    factor = _supply_factor(points, east, rng)
    cds_communes = [town_idx[0], town_idx[0], town_idx[1], town_idx[2]]
    practitioners = _draw_practitioners(rng, codes, pmun, points, factor, sorted(set(cds_communes)))

    lay = _Layout(
        rng=rng,
        codes=codes,
        names=names,
        pop=pmun,
        xy=points,
        cells=cells,
        adj=_adjacency(cells),
        town_idx=town_idx,
        xss_idx=xss_idx,
    )
    structures, practitioners = _structures(lay, practitioners)
    tvs = _tvs(lay)
    cpts = _cpts(lay)
    qpv = _qpv(lay)
    previous = _previous_zoning(lay, practitioners, tvs)
    caps = pd.DataFrame(
        {"part_max_zip": [0.40], "part_max_zac": [0.15]}, index=pd.Index([REGION_CODE], name="code_region")
    )
    order = np.argsort(codes.astype(str))
    return DemoTables(
        communes=communes.iloc[order],
        chefs_lieux=chefs.iloc[order],
        departements=departements,
        regions=regions,
        age_sex=age_sex.iloc[order],
        population_comptee_a_part=pd.Series(pcap, index=communes.index).iloc[order],
        practitioners=practitioners,
        structures=structures,
        cpts=cpts,
        tvs=tvs.sort_index(),
        qpv=qpv,
        previous_zoning=previous.sort_index(),
        caps=caps,
    )


@dataclass(frozen=True)
class _Layout:
    """What the coordinated-care and zoning draws need about the communes (array order = drawing order)."""

    rng: np.random.Generator
    codes: np.ndarray  # INSEE codes (object)
    names: list[str]
    pop: np.ndarray  # population municipale
    xy: np.ndarray  # chef-lieu coordinates (n, 2), EPSG:2154
    cells: list  # commune polygons
    adj: list[set[int]]  # adjacency between communes
    town_idx: list[int]  # the four towns, largest first
    xss_idx: int  # the commune carrying the HTML/JS test name


def _structures(lay: _Layout, practitioners: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """MSP (603), centres de santé (124) with opening dates 2010-2024; GPs attached to them."""
    rng, codes, names, pop, xy, cells = lay.rng, lay.codes, lay.names, lay.pop, lay.xy, lay.cells
    town_idx, xss_idx = lay.town_idx, lay.xss_idx
    gp = practitioners[practitioners["profession"] == "medecin_generaliste"]
    gp_per_commune = gp[~gp["health_centre"]].groupby("code_commune").size()
    candidates = [
        i
        for i in np.argsort(-pop)
        if codes[i] in gp_per_commune.index and i != xss_idx and gp_per_commune[codes[i]] >= 2
    ]
    msp_idx = sorted(rng.choice(candidates[:80], 24, replace=False).tolist())
    rows: list[dict[str, object]] = []
    seq = 0
    finess_site = pd.Series("", index=practitioners.index, dtype=object)
    for i in msp_idx + sorted({town_idx[0], town_idx[1], town_idx[2]}):
        seq += 1
        is_msp = len(rows) < len(msp_idx)
        cat = "603" if is_msp else "124"
        code = codes[i]
        finess = f"{code[:2]}{'0' if is_msp else '1'}{seq:06d}"
        year = int(rng.integers(2010, 2025))
        date = f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
        nom = f"MSP {_of(names[i])}" if is_msp else f"Centre de santé municipal {_of(names[i])}"
        # a point inside the commune, near its chef-lieu
        for _ in range(50):
            p = xy[i] + rng.normal(0, 250, 2)
            if cells[i].contains(Point(p)):
                break
        else:
            p = xy[i]
        rows.append(
            {
                "finess": finess,
                "nom": nom,
                "code_commune": code,
                "categorie": cat,
                "date_ouverture": date,
                "x": float(np.round(p[0], 1)),
                "y": float(np.round(p[1], 1)),
            }
        )
        members = practitioners.index[
            (practitioners["code_commune"] == code)
            & (practitioners["profession"] == "medecin_generaliste")
            & (practitioners["health_centre"] == (not is_msp))
        ]
        if is_msp:
            members = members[: int(rng.integers(2, 6))]
        finess_site.loc[members] = finess
    practitioners = practitioners.assign(finess_site=finess_site)
    return pd.DataFrame(rows), practitioners


def _tvs(lay: _Layout) -> pd.DataFrame:
    """42 contiguous TVS grown on the adjacency graph from poles (the towns, then large communes 9 km apart)."""
    codes, names, pop, xy = lay.codes, lay.names, lay.pop, lay.xy
    adj, town_idx, xss_idx = lay.adj, lay.town_idx, lay.xss_idx
    n_tvs = 42
    order = [i for i in np.argsort(-pop) if i != xss_idx]
    seeds: list[int] = []
    for i in town_idx + order:  # poles: largest communes, spaced at least 9 km apart
        if i in seeds:
            continue
        if all(np.hypot(*(xy[i] - xy[s])) > 9_000 for s in seeds) or i in town_idx:
            seeds.append(int(i))
        if len(seeds) == n_tvs:
            break
    label = _grow_regions(seeds, xy, adj)
    return pd.DataFrame(
        {"code_tvs": [codes[seeds[k]] for k in label], "libelle_tvs": [names[seeds[k]] for k in label]},
        index=pd.Index(codes, name="code_commune"),
    )


def _cpts(lay: _Layout) -> pd.DataFrame:
    """Eight CPTS: five signed, two projects, one pre-project; one overlap; some uncovered communes."""
    rng, codes, names, pop, xy = lay.rng, lay.codes, lay.names, lay.pop, lay.xy
    town_idx, xss_idx = lay.town_idx, lay.xss_idx
    spec = [  # (pole, statut, signature year, radius km)
        (town_idx[0], "contrat ACI signé", 2019, 14),
        (town_idx[1], "contrat ACI signé", 2021, 15),
        (town_idx[2], "contrat ACI signé", 2022, 14),
        (town_idx[3], "contrat ACI signé", 2023, 13),
        (None, "contrat ACI signé", 2024, 14),
        (None, "projet", None, 13),
        (None, "projet", None, 14),
        (None, "pré-projet", None, 12),
    ]
    used = list(town_idx)
    poles = []
    for pole, *_ in spec:
        if pole is None:
            cands = [
                i for i in np.argsort(-pop) if i != xss_idx and all(np.hypot(*(xy[i] - xy[u])) > 24_000 for u in used)
            ]
            pole = int(cands[0])
            used.append(pole)
        poles.append(int(pole))
    rows = []
    first = set(np.flatnonzero(np.hypot(*(xy - xy[poles[0]]).T) <= spec[0][3] * 1_000).tolist())
    for k, ((_, statut, year, radius), pole) in enumerate(zip(spec, poles), start=1):
        d = np.hypot(*(xy - xy[pole]).T)
        members = set(np.flatnonzero(d <= radius * 1_000).tolist())
        if k == 6:  # overlap: this project also claims the 5 communes of CPTS 1 nearest to its pole
            members |= set(sorted(first - members, key=lambda i: d[i])[:5])
        nom = f"CPTS du Pays {_of(names[pole])}"
        if k == 7:
            nom = XSS_CPTS_NAME
        date = "" if year is None else f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
        for i in sorted(members, key=lambda i: codes[i]):
            rows.append(
                {
                    "id_cpts": f"CPTS{REGION_CODE}{k:03d}",
                    "nom_cpts": nom,
                    "statut": statut,
                    "date_signature": date,
                    "code_commune": codes[i],
                }
            )
    return pd.DataFrame(rows)


_QPV_NAMES = ["des Tilleuls", "du Levant", "des Hauts-Prés", "de la Gare", "du Port"]


def _qpv(lay: _Layout) -> pd.DataFrame:
    """Five QPV in the three largest towns."""
    rng, codes, town_idx = lay.rng, lay.codes, lay.town_idx
    rows = []
    k = 0
    for t, n in zip(town_idx[:3], (3, 1, 1)):
        for _j in range(n):
            k += 1
            rows.append(
                {
                    "code_qpv": f"QP0{codes[t][:2]}{k:03d}",
                    "libelle_qpv": f"Quartier {_QPV_NAMES[k - 1]}",
                    "code_commune": codes[t],
                    "population": int(rng.integers(1_500, 6_500)),
                }
            )
    return pd.DataFrame(rows)


def _previous_zoning(lay: _Layout, practitioners: pd.DataFrame, tvs: pd.DataFrame) -> pd.DataFrame:
    """A plausible earlier zoning: TVS ranked by a noisy GP density of their 15 km neighbourhood."""
    rng, codes, pop, xy = lay.rng, lay.codes, lay.pop, lay.xy
    gp = practitioners[(practitioners["profession"] == "medecin_generaliste") & (practitioners["age"] <= 65)]
    gp_count = gp.groupby("code_commune")["share"].sum().reindex(codes).fillna(0).to_numpy()
    tree = cKDTree(xy)
    neigh = tree.query_ball_point(xy, 15_000)
    density = np.array([gp_count[n].sum() / max(pop[n].sum(), 1) * 1e5 for n in neigh])
    frame = pd.DataFrame({"code_tvs": tvs.loc[codes, "code_tvs"].to_numpy(), "density": density, "pop": pop})
    per_tvs = frame.groupby("code_tvs").apply(  # type: ignore[call-overload]  # include_groups: pandas >= 2.2
        lambda g: np.average(g["density"], weights=g["pop"]), include_groups=False
    )
    per_tvs = per_tvs * np.exp(rng.normal(0, 0.25, len(per_tvs)))  # an older, different picture
    tvs_pop = frame.groupby("code_tvs")["pop"].sum()
    ranked = per_tvs.sort_values().index
    cum = tvs_pop.loc[ranked].cumsum() / tvs_pop.sum()
    cls = pd.Series(np.select([cum <= 0.22, cum <= 0.50, cum <= 0.66], ["ZIP", "ZAC", "ZV"], "HV"), index=ranked)
    return pd.DataFrame({"zonage": frame["code_tvs"].map(cls).to_numpy()}, index=pd.Index(codes, name="code_commune"))


# --------------------------------------------------------------------------- writing


def _write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding=encoding, newline="") as fh:
            fh.write(text)


def _csv(df: pd.DataFrame, sep: str) -> str:
    buf = io.StringIO()
    df.to_csv(buf, sep=sep, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def _fmt(x: float, digits: int = 0) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return f"{x:.{digits}f}" if digits else str(int(round(x)))


def write_demo_files(directory: str | os.PathLike, *, seed: int = DEMO_SEED) -> list[Path]:
    """Generate the demo territory and write its files into ``directory`` (created if needed).

    Returns the paths written (see :data:`FILES`).
    """
    t = generate(seed)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    c = t.communes
    names = c["nom"]

    # --- IGN ADMIN EXPRESS-like GeoPackage
    import pyogrio

    gpkg = out / FILES["admin_express"]
    layers = {
        "commune": gpd.GeoDataFrame(
            {
                "INSEE_COM": c.index.to_numpy(),
                "NOM": names.to_numpy(),
                "INSEE_DEP": c["code_departement"].to_numpy(),
                "INSEE_REG": c["code_region"].to_numpy(),
                "POPULATION": c["population"].astype("int64").to_numpy(),
            },
            geometry=[shapely.multipolygons(shapely.get_parts(g)) for g in c.geometry],
            crs=2154,
        ),
        "departement": gpd.GeoDataFrame(
            {
                "INSEE_DEP": t.departements.index.to_numpy(),
                "NOM": t.departements["nom"].to_numpy(),
                "INSEE_REG": t.departements["code_region"].to_numpy(),
            },
            geometry=[shapely.multipolygons(shapely.get_parts(g)) for g in t.departements.geometry],
            crs=2154,
        ),
        "region": gpd.GeoDataFrame(
            {"INSEE_REG": t.regions.index.to_numpy(), "NOM": t.regions["nom"].to_numpy()},
            geometry=[shapely.multipolygons(shapely.get_parts(g)) for g in t.regions.geometry],
            crs=2154,
        ),
        "chflieu_commune": gpd.GeoDataFrame(
            {"INSEE_COM": t.chefs_lieux.index.to_numpy(), "NOM": t.chefs_lieux["nom"].to_numpy()},
            geometry=t.chefs_lieux.geometry.to_numpy(),
            crs=2154,
        ),
    }
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        with atomic_path(gpkg) as tmp:
            for name, layer in layers.items():
                layer.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
    written.append(gpkg)

    # --- COG
    tn = [_tncc(n) for n in names]
    cog = pd.DataFrame(
        {
            "TYPECOM": "COM",
            "COM": c.index,
            "REG": c["code_region"].to_numpy(),
            "DEP": c["code_departement"].to_numpy(),
            "CTCD": [f"{d}D" for d in c["code_departement"]],
            "ARR": [f"{d}1" for d in c["code_departement"]],
            "TNCC": [x[0] for x in tn],
            "NCC": [_ascii_upper(x[1]) for x in tn],
            "NCCENR": [x[1] for x in tn],
            "LIBELLE": names.to_numpy(),
            "CAN": [f"{d}{(k % 9) + 1:02d}" for k, d in enumerate(c["code_departement"])],
            "COMPARENT": "",
        }
    )
    written.append(out / FILES["cog_communes"])
    _write_text(written[-1], _csv(cog, ","))
    dep = t.departements
    dtn = [_tncc(n) for n in dep["nom"]]
    written.append(out / FILES["cog_departements"])
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "DEP": dep.index,
                    "REG": dep["code_region"].to_numpy(),
                    "CHEFLIEU": dep["cheflieu"].to_numpy(),
                    "TNCC": [x[0] for x in dtn],
                    "NCC": [_ascii_upper(x[1]) for x in dtn],
                    "NCCENR": [x[1] for x in dtn],
                    "LIBELLE": dep["nom"].to_numpy(),
                }
            ),
            ",",
        ),
    )
    reg = t.regions
    written.append(out / FILES["cog_regions"])
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "REG": reg.index,
                    "CHEFLIEU": reg["cheflieu"].to_numpy(),
                    "TNCC": "3",
                    "NCC": [_ascii_upper(n) for n in reg["nom"]],
                    "NCCENR": reg["nom"].to_numpy(),
                    "LIBELLE": reg["nom"].to_numpy(),
                }
            ),
            ",",
        ),
    )

    # --- populations légales (REG;DEP;COM;PMUN;PCAP;PTOT)
    pmun = c["population"].astype("int64")
    pcap = t.population_comptee_a_part.astype("int64")
    written.append(out / FILES["populations_legales"])
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "REG": c["code_region"].to_numpy(),
                    "DEP": c["code_departement"].to_numpy(),
                    "COM": c.index,
                    "PMUN": pmun.to_numpy(),
                    "PCAP": pcap.to_numpy(),
                    "PTOT": (pmun + pcap).to_numpy(),
                }
            ),
            ";",
        ),
    )

    # --- population by sex and five-year age band
    age = t.age_sex.astype("int64")
    age_file = pd.concat([pd.DataFrame({"CODGEO": c.index, "LIBGEO": names.to_numpy()}, index=c.index), age], axis=1)
    written.append(out / FILES["population_by_age"])
    _write_text(written[-1], _csv(age_file, ";"))

    # --- practitioner activity (package format)
    p = t.practitioners
    activity = pd.DataFrame(
        {
            "identifiant_pp": p["practitioner_id"],
            "code_commune": p["code_commune"],
            "profession": p["profession"],
            "actes": [_fmt(v) for v in p["acts"]],
            "age": [_fmt(v) for v in p["age"]],
            "nouvel_installe": p["new_practitioner"].astype(int),
            "centre_sante": p["health_centre"].astype(int),
            "etp": [_fmt(v, 2) for v in p["etp"]],
            "part_activite": [_fmt(v, 2) for v in p["share"]],
            "nom": p["prenom"] + " " + p["nom"],
        }
    )
    written.append(out / FILES["activity"])
    _write_text(written[-1], _csv(activity, ";"))

    # --- Annuaire santé (GPs only), pipe-separated with the trailing pipe of the official file
    gp = p[p["profession"] == "medecin_generaliste"]
    lines = ["|".join(ANNUAIRE_COLUMNS) + "|"]
    for _, r in gp.iterrows():
        code = r["code_commune"]
        salaried = bool(r["health_centre"])
        rec = dict.fromkeys(ANNUAIRE_COLUMNS, "")
        rec.update(
            {
                "Type d'identifiant PP": "8",
                "Identifiant PP": r["practitioner_id"],
                "Identification nationale PP": "8" + r["practitioner_id"],
                "Code civilité d'exercice": "DR",
                "Libellé civilité d'exercice": "Docteur",
                "Nom d'exercice": r["nom"],
                "Prénom d'exercice": r["prenom"],
                "Code profession": "10",
                "Libellé profession": "Médecin",
                "Code catégorie professionnelle": "C",
                "Libellé catégorie professionnelle": "Civil",
                "Code type savoir-faire": "S",
                "Libellé type savoir-faire": "Spécialité ordinale",
                "Code savoir-faire": "SM54",
                "Libellé savoir-faire": "Médecine générale",
                "Code mode exercice": "S" if salaried else "L",
                "Libellé mode exercice": "Salarié" if salaried else "Libéral",
                "Numéro FINESS site": r["finess_site"],
                "Code postal (coord. structure)": f"{code[:2]}{int(code[2:]) % 90 + 100:03d}",
                "Code commune (coord. structure)": code,
                "Libellé commune (coord. structure)": _ascii_upper(names[code]).replace("|", " "),
                "Code pays (coord. structure)": "99000",
                "Libellé pays (coord. structure)": "France",
                "Code Département (structure)": code[:2],
                "Libellé Département (structure)": DEPARTMENT_NAMES[code[:2]],
                "Autorité d'enregistrement": "CNOM/CNOM/CNOM",
                "Code secteur d'activité": "SA33" if salaried else "SA07",
                "Libellé secteur d'activité": "Centre de santé" if salaried else "Cabinet individuel",
            }
        )
        lines.append("|".join(str(rec[k]) for k in ANNUAIRE_COLUMNS) + "|")
    written.append(out / FILES["annuaire"])
    _write_text(written[-1], "\n".join(lines) + "\n")

    # --- FINESS etalab extraction (Latin-1, ';', no header; structureet then geolocalisation records)
    s = t.structures
    flines = ["finess;etalab;95;2024-12-31"]
    geo = []
    for _, r in s.iterrows():
        code = r["code_commune"]
        rec = dict.fromkeys(FINESS_STRUCTURE_COLUMNS, "")
        rec.update(
            {
                "structureet": "structureet",
                "nofinesset": r["finess"],
                "nofinessej": r["finess"][:3] + "9" + r["finess"][4:],
                "rs": _ascii_upper(r["nom"]),
                "rslongue": r["nom"],
                "commune": code[2:],
                "departement": code[:2],
                "libdepartement": _ascii_upper(DEPARTMENT_NAMES[code[:2]]),
                "ligneacheminement": f"{code[:2]}{int(code[2:]) % 90 + 100:03d} {_ascii_upper(names[code])}",
                "categetab": r["categorie"],
                "libcategetab": FINESS_CATEGORY_LABELS[r["categorie"]],
                "dateouv": r["date_ouverture"],
                "dateautor": r["date_ouverture"],
                "datemaj": "2024-12-01",
            }
        )
        flines.append(";".join(rec[k] for k in FINESS_STRUCTURE_COLUMNS))
        geo.append(
            f"geolocalisation;{r['finess']};{r['x']:.1f};{r['y']:.1f};"
            "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2024-12-01"
        )
    written.append(out / FILES["finess"])
    _write_text(written[-1], "\n".join(flines + geo) + "\n", encoding="latin-1")

    # --- CPTS list, zoning, TVS, QPV, caps
    cp = t.cpts.rename(columns={"date_signature": "date_signature_aci"})
    written.append(out / FILES["cpts"])
    _write_text(written[-1], _csv(cp[["id_cpts", "nom_cpts", "statut", "date_signature_aci", "code_commune"]], ";"))
    z = t.previous_zoning
    written.append(out / FILES["zoning"])
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "code_commune": z.index,
                    "libelle_commune": names.loc[z.index].to_numpy(),
                    "code_tvs": t.tvs.loc[z.index, "code_tvs"].to_numpy(),
                    "zonage": z["zonage"].to_numpy(),
                }
            ),
            ";",
        ),
    )
    written.append(out / FILES["tvs"])
    _write_text(written[-1], _csv(t.tvs.reset_index()[["code_commune", "code_tvs", "libelle_tvs"]], ";"))
    written.append(out / FILES["qpv"])
    _write_text(written[-1], _csv(t.qpv[["code_qpv", "libelle_qpv", "code_commune", "population"]], ";"))
    written.append(out / FILES["caps"])
    _write_text(written[-1], _csv(t.caps.reset_index()[["code_region", "part_max_zip", "part_max_zac"]], ";"))
    return written
