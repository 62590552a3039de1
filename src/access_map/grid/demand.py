"""Age-standardised demand of grid cells: the DREES five-year weights carried to the grid's ten age bands.

The DREES weights (:data:`access_map.apl.AGE_WEIGHTS`) are given per five-year band (0–4, 5–9, …, 85–89,
90+); the Filosofi grid counts people in ten bands (0–3, 4–5, 6–10, 11–17, 18–24, 25–39, 40–54, 55–64,
65–79, 80+, :data:`~access_map.readers.filosofi.GRID_AGE_BANDS`) that straddle them. The weight of a grid
band is the mean of the five-year weights over the people of the band, counted **by single year of age**:

* **population-weighted** (:func:`grid_band_weights` with ``population_by_age``): where the commune's
  population by five-year band is known, each five-year band ``q`` is spread evenly over its five single
  years (``P_q / 5`` people aged ``a``; the open band 90+ lies wholly in 80+), and the grid band ``b``
  takes ``w_b = Σ_q P_q · n(b, q) · w_q / Σ_q P_q · n(b, q)``, ``n(b, q)`` being the number of single
  years the two bands share (band 4–5: ``(P_0–4 · w_0–4 + P_5–9 · w_5–9) / (P_0–4 + P_5–9)``);
* **uniform** otherwise: every single year of the band counts the same, ``w_b = Σ_q n(b, q) · w_q / Σ_q
  n(b, q)`` (4–5 → ``(w_0–4 + w_5–9) / 2``; 6–10 → ``(4 · w_5–9 + w_10–14) / 5``); in the open band
  80+, 90+ counts as five years, like 80–84 and 85–89 (the mean of the three weights).

A cell's demand is ``Σ_b Ind_b · w_b`` plus its people of unknown age (``Ind_inc``) at the mean weight of
its known ages (at the grid's mean weight where the cell has no known age). Midwives' demand (women) is not
in the grid: refused.

Examples
--------
>>> from access_map.apl import AGE_WEIGHTS
>>> w = grid_band_weights(AGE_WEIGHTS[2023])
>>> round(float(w.loc["*", "age_04_05"]), 6), round(float(w.loc["*", "age_06_10"]), 6)   # (1.12 + 0.58) / 2, (4 x 0.58 + 0.51) / 5
(0.85, 0.566)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..apl import APLParams
from ..communes import CODE, validate_communes
from ..errors import InvalidValueError
from ..messages import grid as msg
from ..readers.filosofi import GRID_AGE_BANDS, GRID_BAND_AGES
from ..schema import AGE_BANDS

__all__ = ["overlap_years", "grid_band_weights", "cell_demand"]

#: Years an open five-year band (90+) is counted for in the uniform rule.
OPEN_BAND_YEARS = 5


def _quinquennial_span(band: str) -> tuple[int, int | None]:
    if band == "age_90_plus":
        return 90, None
    first, last = band.removeprefix("age_").split("_")
    return int(first), int(last)


def overlap_years() -> pd.DataFrame:
    """``n(b, q)``: single years shared by grid band ``b`` (rows) and five-year band ``q`` (columns).

    The open band 90+ counts :data:`OPEN_BAND_YEARS` years inside 80+.

    Examples
    --------
    >>> n = overlap_years()
    >>> n.loc["age_11_17", ["age_10_14", "age_15_19"]].tolist(), int(n.loc["age_80_plus", "age_90_plus"])
    ([4, 3], 5)
    """
    table = pd.DataFrame(0, index=list(GRID_AGE_BANDS), columns=list(AGE_BANDS), dtype=int)
    for b, (b0, b1) in GRID_BAND_AGES.items():
        for q in AGE_BANDS:
            q0, q1 = _quinquennial_span(q)
            if q1 is None:  # 90+: within an open grid band only
                table.loc[b, q] = OPEN_BAND_YEARS if b1 is None else 0
                continue
            hi = q1 if b1 is None else min(q1, b1)
            table.loc[b, q] = max(0, hi - max(q0, b0) + 1)
    return table


def grid_band_weights(weights: Mapping[str, float], *, population_by_age: pd.DataFrame | None = None) -> pd.DataFrame:
    """Weights of the ten grid bands: uniform, or population-weighted per commune (see the module notes).

    Parameters
    ----------
    weights
        Five-year band → DREES weight (:data:`access_map.apl.AGE_WEIGHTS`, ``params.age_weights``).
    population_by_age
        Optional population of each commune by five-year band (the 19 :data:`~access_map.schema.AGE_BANDS`
        columns, indexed by ``code_commune``: INSEE *pop-sexe-age-quinquennal*, read by the package's readers).

    Returns
    -------
    pandas.DataFrame
        One row per commune of ``population_by_age`` (index ``code_commune``) plus a row ``"*"`` with the
        uniform weights (used for every other commune), one column per grid band. A band a commune has
        nobody in takes the uniform weight.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.apl import AGE_WEIGHTS
    >>> pop = pd.DataFrame(0.0, index=pd.Index(["33063"], name="code_commune"), columns=list(AGE_BANDS))
    >>> pop.loc["33063", ["age_00_04", "age_05_09"]] = [300.0, 100.0]
    >>> w = grid_band_weights(AGE_WEIGHTS[2023], population_by_age=pop)
    >>> round(float(w.loc["33063", "age_04_05"]), 6)   # (300 x 1.12 + 100 x 0.58) / 400
    0.985
    >>> round(float(w.loc["*", "age_04_05"]), 6)
    0.85
    """
    missing = [b for b in AGE_BANDS if b not in weights]
    if missing:
        raise InvalidValueError(msg.poids_incomplets(missing=missing))
    w = np.array([float(weights[q]) for q in AGE_BANDS])
    n = overlap_years().to_numpy(dtype=float)
    uniform = (n @ w) / n.sum(axis=1)
    rows = {"*": uniform}
    if population_by_age is not None:
        table, _ = validate_communes(population_by_age, count_columns=AGE_BANDS, source="population by age")
        per_year = table[list(AGE_BANDS)].to_numpy(dtype=float) / 5.0
        per_year[:, -1] *= 5.0 / OPEN_BAND_YEARS  # 90+: its whole population, spread over its counted years
        people = per_year[:, None, :] * n[None, :, :]  # commune x grid band x five-year band
        total = people.sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            weighted = np.where(total > 0, (people @ w) / np.where(total > 0, total, 1.0), uniform[None, :])
        frame = pd.DataFrame(weighted, index=table.index.astype(str), columns=list(GRID_AGE_BANDS))
        frame.loc["*"] = uniform
        frame.index.name = CODE
        return frame
    out = pd.DataFrame(rows, index=list(GRID_AGE_BANDS)).T
    out.index.name = CODE
    return out


def cell_demand(
    cells: pd.DataFrame,
    *,
    params: APLParams,
    population_by_age: pd.DataFrame | None = None,
) -> pd.Series:
    """Standardised demand (DREES weights of ``params``) of each cell of a Filosofi grid.

    Parameters
    ----------
    cells
        From :func:`~access_map.readers.filosofi.read_filosofi_grid`: the ten age bands, ``age_unknown``
        and, for the population-weighted rule, ``code_commune``.
    params
        An APL preset with age weights (GPs, nurses…: not midwives, whose demand is women).
    population_by_age
        Population of the communes by five-year band: the population-weighted rule for their cells
        (uniform elsewhere). See :func:`grid_band_weights`.

    Returns
    -------
    pandas.Series
        ``standardised_population`` indexed like ``cells``; ``attrs["rule"]``: the number of cells under
        each rule (``"population"``, ``"uniform"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.readers.filosofi import GRID_AGE_BANDS
    >>> cells = pd.DataFrame(0.0, index=pd.Index(["CRS3035RES200mN0E0"], name="cell_id"),
    ...                      columns=[*GRID_AGE_BANDS, "age_unknown"])
    >>> cells.loc[:, ["age_04_05", "age_unknown"]] = [[10.0, 2.0]]
    >>> cell_demand(cells, params=APLParams.drees_mg(2023)).round(6).tolist()  # 12 people at 0.85
    [10.2]
    """
    if params.age_weights is None or params.demand_kind == "women":
        raise InvalidValueError(msg.demande_sans_age(profession=params.profession))
    missing = [c for c in (*GRID_AGE_BANDS, "age_unknown") if c not in cells.columns]
    if missing:
        raise InvalidValueError(msg.colonnes_de_grille_absentes(missing=missing))
    weights = grid_band_weights(params.age_weights, population_by_age=population_by_age)
    if population_by_age is not None and CODE in cells.columns:
        key = cells[CODE].astype(object).where(cells[CODE].isin(weights.index), "*").fillna("*")
    else:
        key = pd.Series("*", index=cells.index)
    per_cell = weights.reindex(key.to_numpy()).to_numpy(dtype=float)
    ages = cells[list(GRID_AGE_BANDS)].to_numpy(dtype=float)
    known = ages.sum(axis=1)
    weighted = (ages * per_cell).sum(axis=1)
    grid_mean = float(weighted.sum() / known.sum()) if known.sum() > 0 else 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_known = np.where(known > 0, weighted / np.where(known > 0, known, 1.0), grid_mean)
    values = weighted + cells["age_unknown"].to_numpy(dtype=float) * mean_known
    out = pd.Series(values, index=cells.index, name="standardised_population")
    by_population = int((key != "*").sum())
    out.attrs["rule"] = {"population": by_population, "uniform": len(cells) - by_population}
    return out
