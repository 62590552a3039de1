"""Population covered by the CPTS, per commune and per territory (each inhabitant once), at a date or over time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..communes import CODE
from ..errors import InvalidValueError
from ..messages import cpts as msg
from .checks import _prepare, _selected
from .territories import territory_key

__all__ = ["commune_coverage", "coverage", "coverage_progress"]


def _commune_coverage(com: pd.DataFrame, sel: pd.DataFrame, *, with_ids: bool = True) -> pd.DataFrame:
    n = sel.groupby(CODE)["id_cpts"].nunique().reindex(com.index).fillna(0).astype(int)
    out = com.copy()
    out["n_cpts"] = n
    out["covered"] = n > 0
    if with_ids:
        pairs = sel[[CODE, "id_cpts"]].drop_duplicates().sort_values([CODE, "id_cpts"])
        ids = pairs.groupby(CODE)["id_cpts"].agg(";".join).reindex(com.index).fillna("")
        out["cpts_ids"] = ids.astype(object)
    return out


def commune_coverage(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Coverage of every commune of the commune table.

    Parameters
    ----------
    cpts, communes
        See :mod:`access_map.cpts`.
    date
        If given, only CPTS whose ``date_signature`` is on or before this date count
        (CPTS without a signature date — projects — then never count).
    statuses
        Statuses that count (e.g. :data:`SIGNED`); ``None`` = any status.

    Returns
    -------
    pandas.DataFrame
        The commune table plus ``n_cpts`` (number of selected CPTS including the
        commune), ``covered`` (bool) and ``cpts_ids`` (``;``-separated).

    Examples
    --------
    >>> communes = pd.Series({"01001": 10.0, "01002": 20.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A"], "nom_cpts": ["a"], "statut": ["projet"],
    ...     "date_signature": [None], "code_commune": ["01002"]})
    >>> commune_coverage(cpts, communes)["covered"].tolist()
    [False, True]
    """
    com, links, registry = _prepare(cpts, communes)
    return _commune_coverage(com, _selected(links, registry, date=date, statuses=statuses))


def _check_target(target_percent: float) -> None:
    if not (isinstance(target_percent, (int, float)) and 0 < float(target_percent) <= 100):
        raise InvalidValueError(msg.cible_invalide(cible=target_percent))


def _coverage_from_communes(cc: pd.DataFrame, sel: pd.DataFrame, *, level: str, target_percent: float) -> pd.DataFrame:
    key = territory_key(cc, level)
    pop = cc["population"]
    df = pd.DataFrame(
        {
            "key": key,
            "population": pop,
            "covered_population": pop.where(cc["covered"], 0.0),
            "overlap_population": pop.where(cc["n_cpts"] > 1, 0.0),
            "n_communes": 1,
            "n_communes_covered": cc["covered"].astype(int),
            "n_communes_overlap": (cc["n_cpts"] > 1).astype(int),
        }
    )
    out = df.groupby("key", sort=True).sum()
    out["uncovered_population"] = out["population"] - out["covered_population"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["coverage_percent"] = 100.0 * out["covered_population"] / out["population"].where(out["population"] > 0)
    out["target_percent"] = float(target_percent)
    out["gap_points"] = (target_percent - out["coverage_percent"]).clip(lower=0.0)
    out["gap_population"] = (target_percent / 100.0 * out["population"] - out["covered_population"]).clip(lower=0.0)
    sel_key = sel.assign(key=sel[CODE].map(key))
    out["n_cpts"] = sel_key.groupby("key")["id_cpts"].nunique().reindex(out.index).fillna(0).astype(int)
    out.index.name = f"code_{level}"
    cols = [
        "population",
        "covered_population",
        "uncovered_population",
        "coverage_percent",
        "target_percent",
        "gap_points",
        "gap_population",
        "n_communes",
        "n_communes_covered",
        "n_communes_overlap",
        "overlap_population",
        "n_cpts",
    ]
    return out[cols]


def coverage(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    level: str = "region",
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
    target_percent: float = 100.0,
) -> pd.DataFrame:
    """Population covered by at least one CPTS, per department, region or nation.

    Each inhabitant counts once even where CPTS overlap.

    Parameters
    ----------
    cpts, communes
        See :mod:`access_map.cpts`.
    level
        ``"departement"``, ``"region"`` or ``"nation"``.
    date, statuses
        Selection of CPTS (see :func:`commune_coverage`).
    target_percent
        Coverage target (default 100 %, COG État–Assurance maladie 2023–2027).

    Returns
    -------
    pandas.DataFrame
        Index ``code_<level>``; columns ``population, covered_population,
        uncovered_population, coverage_percent, target_percent, gap_points`` (target
        minus coverage, ≥ 0), ``gap_population`` (inhabitants still to cover to reach
        the target, ≥ 0), ``n_communes, n_communes_covered, n_communes_overlap``
        (communes in 2+ CPTS), ``overlap_population`` and ``n_cpts`` (CPTS with at
        least one commune in the territory).

    Examples
    --------
    >>> communes = pd.DataFrame({"population": [100.0, 300.0], "code_region": ["84", "84"]},
    ...     index=["01001", "01002"])
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "B"], "nom_cpts": ["a", "b"], "statut": ["projet"] * 2,
    ...     "date_signature": [None] * 2, "code_commune": ["01002", "01002"]})
    >>> coverage(cpts, communes)[["covered_population", "coverage_percent", "gap_population"]]
                 covered_population  coverage_percent  gap_population
    code_region
    84                        300.0              75.0           100.0
    """
    _check_target(target_percent)
    com, links, registry = _prepare(cpts, communes)
    territory_key(com, level)  # fail early, naming the commune table's own columns
    sel = _selected(links, registry, date=date, statuses=statuses)
    cc = _commune_coverage(com, sel, with_ids=False)
    return _coverage_from_communes(cc, sel, level=level, target_percent=target_percent)


def coverage_progress(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    dates: Sequence[Any],
    *,
    level: str = "nation",
    statuses: str | Iterable[str] | None = None,
    target_percent: float = 100.0,
) -> pd.DataFrame:
    """Coverage at each date of ``dates`` (CPTS signed on or before the date), as a long table.

    Returns
    -------
    pandas.DataFrame
        Columns ``date, code_<level>`` then the columns of :func:`coverage`.

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "B"], "nom_cpts": ["a", "b"],
    ...     "statut": ["contrat ACI signé"] * 2, "date_signature": ["2020-06-01", "2022-01-15"],
    ...     "code_commune": ["01001", "01002"]})
    >>> coverage_progress(cpts, communes, ["2019-12-31", "2021-12-31", "2022-12-31"])["coverage_percent"].tolist()
    [0.0, 25.0, 100.0]
    """
    _check_target(target_percent)
    if isinstance(dates, (str, pd.Timestamp)) or len(dates) == 0:
        raise InvalidValueError(msg.dates_vides(dates=dates))
    com, links, registry = _prepare(cpts, communes)
    territory_key(com, level)
    frames = []
    for d in dates:
        sel = _selected(links, registry, date=d, statuses=statuses)
        cov = _coverage_from_communes(
            _commune_coverage(com, sel, with_ids=False), sel, level=level, target_percent=target_percent
        )
        frames.append(cov.reset_index().assign(date=pd.Timestamp(d)))
    out = pd.concat(frames, ignore_index=True)
    return out[["date", *[c for c in out.columns if c != "date"]]]
