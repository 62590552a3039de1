"""Communes covered twice or more (overlaps) and communes covered by no CPTS (zones blanches), by zoning class."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .covered_population import commune_coverage
from .territories import territory_key, zoning_series

__all__ = ["overlaps", "uncovered_communes", "uncovered_by_zoning"]


def overlaps(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Communes belonging to two or more selected CPTS, with their population.

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "B", "B"], "nom_cpts": ["a", "b", "b"],
    ...     "statut": ["projet"] * 3, "date_signature": [None] * 3,
    ...     "code_commune": ["01002", "01002", "01001"]})
    >>> overlaps(cpts, communes)[["population", "n_cpts", "cpts_ids"]]
                  population  n_cpts cpts_ids
    code_commune
    01002              300.0       2      A;B
    """
    cc = commune_coverage(cpts, communes, date=date, statuses=statuses)
    return cc[cc["n_cpts"] > 1]


def uncovered_communes(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
    zoning: pd.Series | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Communes covered by no selected CPTS ("zones blanches"), with population (and zoning class).

    Parameters
    ----------
    zoning
        Optional zoning class per commune (Series or DataFrame with ``zonage``); adds a
        ``zonage`` column (NaN where the commune has no class).

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A"], "nom_cpts": ["a"], "statut": ["projet"],
    ...     "date_signature": [None], "code_commune": ["01002"]})
    >>> uncovered_communes(cpts, communes, zoning=pd.Series({"01001": "ZIP", "01002": "HV"}))[["population", "zonage"]]
                  population zonage
    code_commune
    01001              100.0    ZIP
    """
    cc = commune_coverage(cpts, communes, date=date, statuses=statuses)
    out = cc[~cc["covered"]].drop(columns=["n_cpts", "covered", "cpts_ids"])
    if zoning is not None:
        out = out.assign(zonage=zoning_series(zoning).reindex(out.index).to_numpy())
    return out


def uncovered_by_zoning(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    zoning: pd.Series | pd.DataFrame,
    *,
    level: str = "nation",
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
    missing_label: str = "non zoné",
) -> pd.DataFrame:
    """Population and communes not covered by a CPTS, by zoning class (ZIP, ZAC, ...) and territory.

    Returns
    -------
    pandas.DataFrame
        Index (``code_<level>``, ``zonage``); columns ``n_communes, population,
        n_communes_uncovered, uncovered_population, uncovered_percent`` (share of
        the class's population not covered). Communes with no class get ``missing_label``.

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0, "01003": 100.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A"], "nom_cpts": ["a"], "statut": ["projet"],
    ...     "date_signature": [None], "code_commune": ["01002"]})
    >>> z = pd.Series({"01001": "ZIP", "01002": "ZIP", "01003": "HV"})
    >>> uncovered_by_zoning(cpts, communes, z)["uncovered_percent"].tolist()  # HV 100/100, ZIP 100/400
    [100.0, 25.0]
    """
    cc = commune_coverage(cpts, communes, date=date, statuses=statuses)
    z = zoning_series(zoning).reindex(cc.index).fillna(missing_label)
    unc = ~cc["covered"]
    df = pd.DataFrame(
        {
            "key": territory_key(cc, level),
            "zonage": z,
            "n_communes": 1,
            "population": cc["population"],
            "n_communes_uncovered": unc.astype(int),
            "uncovered_population": cc["population"].where(unc, 0.0),
        }
    )
    out = df.groupby(["key", "zonage"], sort=True).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["uncovered_percent"] = 100.0 * out["uncovered_population"] / out["population"].where(out["population"] > 0)
    out.index.names = [f"code_{level}", "zonage"]
    return out
