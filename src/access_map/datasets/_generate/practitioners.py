"""Practitioners of the five professions: where they settle (a supply gradient), their activity and sites."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .constants import _CENTER
from .names import _FIRST_NAMES, _make_names

_PROFESSION_DENSITY = {  # practitioners per 100,000 inhabitants (liberal, order of magnitude)
    "medecin_generaliste": 92.0,
    "infirmier": 180.0,
    "masseur_kinesitherapeute": 105.0,
    "chirurgien_dentiste": 52.0,
    "sage_femme": 12.0,
}


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
                rows += _draw_liberal(rng, profession, f"99{seq:09d}", i, codes=codes, pop=pop, xy=xy, tree=tree)
    rows += _draw_health_centre_gps(rng, codes, cds_communes, seq=seq)
    return pd.DataFrame(rows)


def _draw_liberal(
    rng: np.random.Generator,
    profession: str,
    pid: str,
    i: int,
    *,
    codes: np.ndarray,
    pop: np.ndarray,
    xy: np.ndarray,
    tree: cKDTree,
) -> list[dict[str, Any]]:
    """Phase: one practitioner settled in commune ``i`` (age, activity, sites, name), one row per site."""
    new = rng.random() < 0.045
    age = float(np.clip(np.round(rng.normal(50, 10.5)), 28, 74))
    if new:
        age = float(rng.integers(29, 41))
    if rng.random() < 0.1:
        age = float(rng.integers(66, 73))
    health_centre = False
    acts, etp = _draw_activity(rng, profession)
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
    return [
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
        for code, share in sites
    ]


def _draw_activity(rng: np.random.Generator, profession: str) -> tuple[float, float]:
    """Phase: yearly acts and ETP of one practitioner (GPs: acts only, with a few very low activities)."""
    if profession == "medecin_generaliste":
        acts = float(np.round(np.exp(rng.normal(np.log(4_600), 0.38))))
        r = rng.random()
        if r < 0.035:
            acts = float(rng.integers(20, 250))
        elif r < 0.06:
            acts = float(rng.integers(300, 2_000))
        return acts, np.nan
    base = {
        "infirmier": 9_000,
        "masseur_kinesitherapeute": 5_500,
        "chirurgien_dentiste": 2_600,
        "sage_femme": 1_900,
    }[profession]
    etp = float(np.round(np.clip(rng.gamma(9, 0.1), 0.15, 1.6), 2))
    acts = float(np.round(base * etp * np.exp(rng.normal(0, 0.15))))
    return acts, etp


def _draw_health_centre_gps(
    rng: np.random.Generator, codes: np.ndarray, cds_communes: list[int], *, seq: int
) -> list[dict[str, Any]]:
    """Phase: the salaried GPs of the centres de santé (no activity bounds), in the towns; ids follow ``seq``."""
    rows = []
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
    return rows
