"""Commune populations (heavy-tailed, towns and their suburbs) and their age and sex structure."""

from __future__ import annotations

import numpy as np

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
