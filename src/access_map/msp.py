"""MSP (and centres de santé) disparities: counts, rates per 100,000, zoning shares, proximity.

Inputs
------
* **structures** — one row per establishment, FINESS-like: ``finess`` (identifier),
  ``nom``, ``code_commune``, ``categorie`` (FINESS category: ``603`` maison de santé
  pluriprofessionnelle, ``124`` centre de santé, ``604`` CPTS; numbers or strings),
  ``date_ouverture`` (opening date; optional). Every function is category-agnostic:
  ``categories=`` selects which FINESS categories count (MSP only by default).
* **communes** — DataFrame indexed by ``code_commune`` with ``population`` (and
  ``code_departement`` / ``code_region`` for those levels), or a population Series;
  see :func:`access_map.cpts.commune_frame`.
* **aggregated counts** (e.g. the Baromètre de l'action publique, tidy: one row per
  territory and date) — :func:`rates_per_100k` joins them with populations that may
  change over time (populations légales vintages).
* **travel times** — long table ``origin, destination, minutes`` (residence commune →
  commune of the structure), one row per pair within the catchment, self pairs at 0.

Bad input is reported, never silently dropped: structures whose commune is unknown
(or malformed), duplicated FINESS numbers and undated structures in dated counts are
excluded with a :class:`UserWarning` stating how many and which.

Examples
--------
>>> import pandas as pd
>>> communes = pd.DataFrame({"population": [50_000.0, 150_000.0], "code_departement": ["01", "02"]},
...     index=["01001", "02001"])
>>> msp = pd.DataFrame({"finess": ["1", "2", "3"], "nom": ["a", "b", "c"],
...     "code_commune": ["01001", "02001", "02001"], "categorie": [603, 603, 124],
...     "date_ouverture": ["2015-01-01", "2019-05-01", "2018-01-01"]})
>>> structure_counts(msp, communes, level="departement")[["n_structures", "per_100k"]].round(3)
                  n_structures  per_100k
code_departement
01                           1     2.000
02                           1     0.667
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from ._validate import (
    INSEE_CODE_PATTERN,
    DropReport,
    normalize_insee_codes,
    require_columns,
    to_datetime_column,
    user_stacklevel,
)
from .communes import CODE
from .cpts import commune_frame, territory_key, zoning_series
from .errors import InvalidValueError, MissingColumnError
from .inequality import inequality_table
from .messages import msp as msg
from .messages import structures as text

__all__ = [
    "MSP",
    "CENTRE_SANTE",
    "CPTS_CATEGORY",
    "CATEGORY_LABELS",
    "STRUCTURE_COLUMNS",
    "UNDER_SERVED_LABEL",
    "check_structures",
    "population_by_territory",
    "structure_counts",
    "rates_per_100k",
    "population_vintages",
    "zoning_shares",
    "minutes_to_nearest",
    "population_within",
    "disparities",
]

logger = logging.getLogger(__name__)

#: FINESS category of a maison de santé pluriprofessionnelle.
MSP = "603"
#: FINESS category of a centre de santé.
CENTRE_SANTE = "124"
#: FINESS category of a CPTS.
CPTS_CATEGORY = "604"

#: FINESS category → French label (:data:`access_map.messages.structures.CATEGORY_LABELS`).
CATEGORY_LABELS: dict[str, str] = text.CATEGORY_LABELS

#: Columns of a structure list (``date_ouverture`` optional).
STRUCTURE_COLUMNS: tuple[str, ...] = ("finess", "nom", CODE, "categorie", "date_ouverture")

#: Row of :func:`zoning_shares` summing the two under-served classes.
UNDER_SERVED_LABEL = text.SOUS_DOTEES


def _categories(categories: str | int | Iterable[str | int] | None) -> list[str] | None:
    if categories is None:
        return None
    if isinstance(categories, (str, int)):
        categories = [categories]
    return [_cat(c) for c in categories]


def _cat(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (int, np.integer)) or (isinstance(value, (float, np.floating)) and float(value).is_integer()):
        return str(int(value))
    return str(value).strip()


def _finess(value: Any) -> str:
    """FINESS numbers have 9 characters; numbers read as integers get their leading zeros back."""
    text = _cat(value)
    return text.zfill(9) if text.isdigit() and len(text) < 9 else text


def check_structures(
    structures: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    categories: str | int | Iterable[str | int] | None = (MSP,),
    source: str = text.LISTE_DES_STRUCTURES,
) -> tuple[pd.DataFrame, DropReport]:
    """Validate a structure list: categories, commune codes, duplicates, opening dates.

    Parameters
    ----------
    structures
        FINESS-like list (see module docstring).
    communes
        Commune table or population Series; codes not in it are excluded with a warning.
    categories
        FINESS categories kept (default MSP ``603``); ``None`` keeps every row. Rows of
        other categories are filtered (counted in the report, no warning).
    source
        Name quoted in messages.

    Returns
    -------
    table : pandas.DataFrame
        ``finess, nom, code_commune, categorie`` (str), ``date_ouverture`` (datetime, NaT
        if unknown), one row per FINESS number.
    report : DropReport
        Rows filtered or dropped, with reasons and examples.

    Examples
    --------
    >>> s = pd.DataFrame({"finess": [10000001, "010000002"], "nom": ["a", "b"], "code_commune": [1001, "01001"],
    ...     "categorie": ["603", 124]})
    >>> t, rep = check_structures(s, pd.Series({"01001": 10.0}))
    >>> t["finess"].tolist(), rep.reasons
    (['010000001'], {'autre catégorie FINESS (non comptée)': 1})
    """
    com = commune_frame(communes)
    data = pd.DataFrame(structures).copy()
    if "finess" not in data.columns:
        data["finess"] = [f"ligne_{i + 1}" for i in range(len(data))]
    if "nom" not in data.columns:
        data["nom"] = data["finess"]
    if "date_ouverture" not in data.columns:
        data["date_ouverture"] = pd.NaT
    require_columns(data, [CODE, "categorie"], source=source, hint=text.colonnes_attendues(columns=STRUCTURE_COLUMNS))
    report = DropReport(source=source)
    data["categorie"] = data["categorie"].map(_cat).astype(object)
    wanted = _categories(categories)
    if wanted is not None:
        other = ~data["categorie"].isin(wanted)
        report.add(text.AUTRE_CATEGORIE, int(other.sum()), data.loc[other, "categorie"].unique().tolist())
        data = data[~other.to_numpy()]
    data["finess"] = data["finess"].map(_finess).astype(object)
    dup = data.duplicated("finess")
    if dup.any():
        warnings.warn(
            text.finess_en_double(source=source, finess=data.loc[dup, "finess"].tolist()),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
        report.add(text.FINESS_EN_DOUBLE, int(dup.sum()), data.loc[dup, "finess"].tolist())
        data = data[~dup.to_numpy()]
    codes = normalize_insee_codes(data[CODE])
    data[CODE] = codes.to_numpy()
    known = data[CODE].isin(com.index)
    if (~known).any():
        bad = data.loc[~known, CODE].astype(str).tolist()
        malformed = [c for c in bad if not INSEE_CODE_PATTERN.match(c)]
        warnings.warn(
            text.structures_hors_communes(source=source, codes=bad, malformed=malformed),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
        report.add(text.COMMUNE_INCONNUE, int((~known).sum()), bad)
        data = data[known.to_numpy()]
    dates = to_datetime_column(
        data["date_ouverture"], source=source, column="date_ouverture", what=text.DATES_D_OUVERTURE
    )
    data["date_ouverture"] = dates.to_numpy()
    out = data[list(STRUCTURE_COLUMNS)].reset_index(drop=True)
    if report:
        logger.info("%s", report)
    return out, report


def population_by_territory(communes: pd.DataFrame | pd.Series, *, level: str = "departement") -> pd.Series:
    """Total population per territory at ``level`` (``"departement"``, ``"region"`` or ``"nation"``).

    Examples
    --------
    >>> c = pd.DataFrame({"population": [1.0, 2.0, 4.0], "code_region": ["84", "84", "32"]},
    ...     index=["01001", "01002", "02001"])
    >>> population_by_territory(c, level="region").to_dict()
    {'32': 4.0, '84': 3.0}
    """
    com = commune_frame(communes)
    out = com["population"].groupby(territory_key(com, level)).sum().sort_index()
    out.index.name = f"code_{level}"
    return out.rename("population")


def _as_of(table: pd.DataFrame, date: Any, *, source: str) -> pd.DataFrame:
    if date is None:
        return table
    when = pd.Timestamp(date)
    undated = table["date_ouverture"].isna()
    if undated.any():
        warnings.warn(
            text.structures_sans_date(source=source, finess=table.loc[undated, "finess"].tolist()),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return table[(~undated) & (table["date_ouverture"] <= when)]


def structure_counts(
    structures: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    level: str = "departement",
    dates: Sequence[Any] | None = None,
    categories: str | int | Iterable[str | int] | None = (MSP,),
) -> pd.DataFrame:
    """Number of structures and structures per 100,000 inhabitants per territory (optionally over time).

    Parameters
    ----------
    structures, communes
        See module docstring. The population is that of ``communes`` at every date; for
        populations changing over time aggregate counts then use :func:`rates_per_100k`.
    level
        ``"departement"``, ``"region"`` or ``"nation"``.
    dates
        If given, one block of rows per date counting structures opened on or before it
        (undated structures are left out with a warning); otherwise every listed
        structure counts.
    categories
        FINESS categories counted (default MSP); e.g. ``("124",)`` for centres de santé.

    Returns
    -------
    pandas.DataFrame
        Without ``dates``: index ``code_<level>``, columns ``n_structures, population,
        per_100k``. With ``dates``: long table ``date, code_<level>, n_structures,
        population, per_100k``. Every territory of the commune table appears (0 if none).

    Examples
    --------
    >>> communes = pd.Series({"01001": 200_000.0})
    >>> s = pd.DataFrame({"finess": ["1", "2"], "nom": ["a", "b"], "code_commune": ["01001"] * 2,
    ...     "categorie": [603, 603], "date_ouverture": ["2017-03-01", "2021-09-01"]})
    >>> structure_counts(s, communes, level="nation", dates=["2018-01-01", "2022-01-01"])["per_100k"].tolist()
    [0.5, 1.0]
    """
    if dates is not None and (isinstance(dates, (str, pd.Timestamp)) or len(dates) == 0):
        raise InvalidValueError(text.dates_invalides(dates=dates))
    com = commune_frame(communes)
    key = territory_key(com, level)
    table, _ = check_structures(structures, com, categories=categories)
    pop = com["population"].groupby(key).sum()

    def _block(t: pd.DataFrame) -> pd.DataFrame:
        n = t[CODE].map(key).value_counts().reindex(pop.index).fillna(0).astype(int)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = 1e5 * n / pop.where(pop > 0)
        out = pd.DataFrame({"n_structures": n, "population": pop, "per_100k": rate})
        out.index.name = f"code_{level}"
        return out.sort_index()

    if dates is None:
        return _block(table)
    frames = [
        _block(_as_of(table, d, source=text.LISTE_DES_STRUCTURES)).reset_index().assign(date=pd.Timestamp(d))
        for d in dates
    ]
    out = pd.concat(frames, ignore_index=True)
    return out[["date", *[c for c in out.columns if c != "date"]]]


def rates_per_100k(
    counts: pd.DataFrame,
    population: pd.DataFrame | pd.Series,
    *,
    code_column: str = "code",
    value_column: str = "value",
    date_column: str = "date",
    population_column: str = "population",
    population_date_column: str = "date",
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Join aggregated counts (per territory and date) with populations and compute rates per 100,000.

    Each count is matched with the latest population dated on or before it for the
    same territory (``merge_asof``, backward); counts older than every population
    vintage take the earliest one. Populations can also be a Series (one vintage).

    Parameters
    ----------
    counts
        Long table with ``code_column``, ``date_column`` and ``value_column`` (e.g. MSP
        counts of the Baromètre by department).
    population
        Long table ``code, date, population`` (several vintages, e.g. populations
        légales 2016/2019/2021/2023, each dated 1 January of its reference year),
        or a Series indexed by code (one vintage).
    code_column, value_column, date_column
        Columns of ``counts`` (``code_column`` also names the code column of ``population``).
    population_column, population_date_column
        Columns of ``population``.
    by
        Extra key columns present in both tables, e.g. ``("level",)`` when departments,
        regions and the nation are stacked in one table (a tidy Baromètre extract).

    Returns
    -------
    pandas.DataFrame
        ``counts`` plus ``population``, ``population_date`` (vintage used) and
        ``per_100k``. Territories without population get NaN and a warning.

    Examples
    --------
    >>> counts = pd.DataFrame({"code": ["01", "01"], "date": pd.to_datetime(["2017-06-01", "2023-12-01"]),
    ...     "value": [20.0, 40.0]})
    >>> pop = pd.DataFrame({"code": ["01", "01"], "date": pd.to_datetime(["2016-01-01", "2021-01-01"]),
    ...     "population": [500_000.0, 800_000.0]})
    >>> rates_per_100k(counts, pop)["per_100k"].tolist()
    [4.0, 5.0]
    >>> stacked = counts.assign(level="departement")
    >>> rates_per_100k(stacked, pop.assign(level="departement"), by=("level",))["population_date"].dt.year.tolist()
    [2016, 2021]
    """
    keys = [*by, code_column]
    require_columns(counts, [*keys, date_column, value_column], source=text.TABLE_DES_COMPTES)
    c = counts.copy()
    c[date_column] = pd.to_datetime(c[date_column])

    def _key(df: pd.DataFrame) -> pd.Series:
        return df[keys].astype(str).agg(" / ".join, axis=1) if by else df[code_column].astype(str)

    if isinstance(population, pd.Series):
        if by:
            raise InvalidValueError(text.POPULATION_PAR_AN_SANS_CLES)
        p = pd.DataFrame(
            {
                "_key": population.index.astype(str),
                "population_date": pd.Timestamp("1900-01-01"),
                "population": population.to_numpy(dtype=float),
            }
        )
    else:
        require_columns(
            population, [*keys, population_date_column, population_column], source=text.TABLE_DES_POPULATIONS
        )
        p = pd.DataFrame(
            {
                "_key": _key(population).to_numpy(),
                "population_date": pd.to_datetime(population[population_date_column]).to_numpy(),
                "population": population[population_column].astype(float).to_numpy(),
            }
        )
    c["_order"] = np.arange(len(c))
    c["_key"] = _key(c).to_numpy() if len(c) else pd.Series(dtype=object)
    c["_key"] = c["_key"].astype(str)
    p["_key"] = p["_key"].astype(str)
    left = c.sort_values(date_column)
    right = p.sort_values("population_date")
    merged = pd.merge_asof(
        left, right, left_on=date_column, right_on="population_date", by="_key", direction="backward"
    )
    fallback = pd.merge_asof(
        left, right, left_on=date_column, right_on="population_date", by="_key", direction="forward"
    )
    use_fb = merged["population"].isna()
    merged.loc[use_fb, "population"] = fallback.loc[use_fb, "population"]
    merged.loc[use_fb, "population_date"] = fallback.loc[use_fb, "population_date"]
    merged = merged.sort_values("_order")
    missing = merged.loc[merged["population"].isna(), "_key"].unique().tolist()
    if missing:
        warnings.warn(msg.sans_population(territories=missing), UserWarning, stacklevel=user_stacklevel())
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = merged["population"].where(merged["population"] > 0)
        merged["per_100k"] = 1e5 * merged[value_column].astype(float) / denominator
    out = merged.drop(columns=["_order", "_key"]).reset_index(drop=True)
    out.index = counts.index
    return out


def population_vintages(
    vintages: Mapping[Any, pd.DataFrame | pd.Series],
    *,
    levels: Sequence[str] = ("departement", "region", "nation"),
) -> pd.DataFrame:
    """Population per territory for several vintages, as the long table :func:`rates_per_100k` expects.

    Parameters
    ----------
    vintages
        ``{date: commune table}``: e.g. the populations légales 2019 and 2023, each dated
        1 January of its reference year, as commune tables (``population``,
        ``code_departement``, ``code_region``). Each vintage keeps its own commune
        geography (COG); only department and region totals are used.
    levels
        Levels to aggregate; levels whose code column is missing in a vintage are skipped.

    Returns
    -------
    pandas.DataFrame
        Columns ``level, code, date, population`` (``code`` ``FR`` at ``level="nation"``).

    Examples
    --------
    >>> v19 = pd.DataFrame({"population": [10.0, 30.0], "code_departement": ["01", "02"]}, index=["01001", "02001"])
    >>> v23 = v19.assign(population=[20.0, 40.0])
    >>> t = population_vintages({"2019-01-01": v19, "2023-01-01": v23}, levels=("departement", "nation"))
    >>> t[t["level"] == "nation"]["population"].tolist()
    [40.0, 60.0]
    """
    frames = []
    for when, communes in vintages.items():
        com = commune_frame(communes)
        for level in levels:
            try:
                key = territory_key(com, level)
            except MissingColumnError:
                continue
            s = com["population"].groupby(key).sum()
            frames.append(
                pd.DataFrame(
                    {
                        "level": level,
                        "code": s.index.astype(str),
                        "date": pd.Timestamp(when),
                        "population": s.to_numpy(dtype=float),
                    }
                )
            )
    if not frames:
        raise InvalidValueError(text.AUCUN_MILLESIME)
    return pd.concat(frames, ignore_index=True).sort_values(["level", "code", "date"]).reset_index(drop=True)


def _served_communes(table: pd.DataFrame, times: pd.DataFrame | None, max_minutes: float | None) -> pd.Index:
    hosts = pd.Index(table[CODE].unique())
    if times is None:
        return hosts
    if max_minutes is None:
        raise InvalidValueError(text.TEMPS_SANS_DUREE_MAX)
    nearest = _nearest(times, hosts)
    return nearest.index[nearest <= max_minutes]


def zoning_shares(
    structures: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    zoning: pd.Series | pd.DataFrame,
    *,
    categories: str | int | Iterable[str | int] | None = (MSP,),
    date: Any = None,
    times: pd.DataFrame | None = None,
    max_minutes: float | None = None,
    missing_label: str = text.NON_ZONE,
) -> pd.DataFrame:
    """Share of structures, and of the population they serve, in each zoning class (ZIP, ZAC, ZV, HV).

    The population served is that of the communes hosting a structure, or — with
    ``times`` and ``max_minutes`` — of the communes within ``max_minutes`` of one.

    Returns
    -------
    pandas.DataFrame
        Index ``zonage`` (plus ``missing_label`` for communes without class), a
        ``"ZIP ou ZAC"`` row (sum of the two under-served classes, when present) and a
        ``total`` row; columns ``n_structures, structures_percent, population,
        population_served, population_served_percent`` (share of the total served
        population living in the class) and ``class_served_percent`` (share of the
        class's population that is served).

    Examples
    --------
    >>> communes = pd.Series({"01001": 1000.0, "01002": 3000.0, "01003": 6000.0})
    >>> z = pd.Series({"01001": "ZIP", "01002": "ZIP", "01003": "HV"})
    >>> s = pd.DataFrame({"finess": ["1", "2", "3"], "nom": ["a", "b", "c"],
    ...     "code_commune": ["01001", "01001", "01003"], "categorie": [603] * 3})
    >>> t = zoning_shares(s, communes, z)
    >>> t.loc["ZIP", ["n_structures", "structures_percent", "population_served", "class_served_percent"]].tolist()
    [2.0, 66.66666666666667, 1000.0, 25.0]
    >>> t.index.tolist()
    ['HV', 'ZIP', 'ZIP ou ZAC', 'total']
    """
    com = commune_frame(communes)
    table, _ = check_structures(structures, com, categories=categories)
    table = _as_of(table, date, source=text.LISTE_DES_STRUCTURES)
    z = zoning_series(zoning).reindex(com.index).fillna(missing_label)
    served = _served_communes(table, times, max_minutes)
    pop = com["population"]
    df = pd.DataFrame({"zonage": z, "population": pop, "population_served": pop.where(pop.index.isin(served), 0.0)})
    out = df.groupby("zonage").sum()
    out.insert(0, "n_structures", table[CODE].map(z).value_counts().reindex(out.index).fillna(0).astype(float))
    total = out.sum()
    under_served = [c for c in ("ZIP", "ZAC") if c in out.index]
    if under_served:
        out.loc[UNDER_SERVED_LABEL] = out.loc[under_served].sum()
    out.loc[text.TOTAL] = total
    with np.errstate(divide="ignore", invalid="ignore"):
        total_structures = cast(float, out.loc[text.TOTAL, "n_structures"])
        total_served = cast(float, out.loc[text.TOTAL, "population_served"])
        out.insert(1, "structures_percent", 100.0 * out["n_structures"] / total_structures)
        out["population_served_percent"] = 100.0 * out["population_served"] / total_served
        out["class_served_percent"] = 100.0 * out["population_served"] / out["population"].where(out["population"] > 0)
    out.index.name = "zonage"
    return out


def _nearest(times: pd.DataFrame, hosts: pd.Index) -> pd.Series:
    require_columns(times, ["origin", "destination", "minutes"], source=text.TABLE_DES_TEMPS)
    dest = normalize_insee_codes(times["destination"])
    sub = times[dest.isin(hosts).to_numpy()]
    origins = normalize_insee_codes(sub["origin"])
    return pd.Series(sub["minutes"].astype(float).to_numpy(), index=origins.to_numpy()).groupby(level=0).min()


def minutes_to_nearest(
    structures: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    times: pd.DataFrame,
    *,
    categories: str | int | Iterable[str | int] | None = (MSP,),
    date: Any = None,
) -> pd.Series:
    """Travel time (minutes) from each commune to the nearest commune hosting a structure.

    NaN where no structure lies within the travel-time table's catchment.

    Examples
    --------
    >>> communes = pd.Series({"01001": 10.0, "01002": 20.0, "01003": 5.0})
    >>> times = pd.DataFrame({"origin": ["01001", "01002", "01002", "01003"],
    ...     "destination": ["01001", "01001", "01002", "01003"], "minutes": [0.0, 12.5, 0.0, 0.0]})
    >>> s = pd.DataFrame({"finess": ["1"], "nom": ["a"], "code_commune": ["01001"], "categorie": [603]})
    >>> minutes_to_nearest(s, communes, times).tolist()
    [0.0, 12.5, nan]
    """
    com = commune_frame(communes)
    table, _ = check_structures(structures, com, categories=categories)
    table = _as_of(table, date, source=text.LISTE_DES_STRUCTURES)
    out = _nearest(times, pd.Index(table[CODE].unique())).reindex(com.index)
    return out.rename("minutes")


def population_within(
    structures: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    times: pd.DataFrame,
    *,
    max_minutes: float,
    level: str = "departement",
    categories: str | int | Iterable[str | int] | None = (MSP,),
    date: Any = None,
) -> pd.DataFrame:
    """Population living within ``max_minutes`` of a structure, per territory.

    A commune is within reach when the travel time from it to some commune hosting a
    structure is ≤ ``max_minutes`` (a commune hosting one is at 0 minutes).

    Returns
    -------
    pandas.DataFrame
        Index ``code_<level>``; columns ``population, population_within, percent_within``.

    Examples
    --------
    >>> communes = pd.Series({"01001": 10.0, "01002": 20.0, "01003": 70.0})
    >>> times = pd.DataFrame({"origin": ["01001", "01002", "01003"], "destination": ["01001"] * 3,
    ...     "minutes": [0.0, 12.5, 25.0]})
    >>> s = pd.DataFrame({"finess": ["1"], "nom": ["a"], "code_commune": ["01001"], "categorie": [603]})
    >>> population_within(s, communes, times, max_minutes=20, level="nation").loc["FR"].tolist()
    [100.0, 30.0, 30.0]
    """
    com = commune_frame(communes)
    mins = minutes_to_nearest(structures, com, times, categories=categories, date=date)
    within = mins.le(max_minutes)
    key = territory_key(com, level)
    pop = com["population"]
    df = pd.DataFrame({"population": pop, "population_within": pop.where(within, 0.0)}).groupby(key).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        df["percent_within"] = 100.0 * df["population_within"] / df["population"].where(df["population"] > 0)
    df.index.name = f"code_{level}"
    return df


def disparities(
    table: pd.DataFrame,
    *,
    value_column: str = "per_100k",
    weight_column: str | None = "population",
    group_column: str | None = None,
    date_column: str | None = "date",
) -> pd.DataFrame:
    """Inequality indices of a per-territory indicator (Gini, Theil, CV, ratios), per date and group.

    Parameters
    ----------
    table
        One row per territory (and date): e.g. :func:`structure_counts` with ``dates`` or
        :func:`rates_per_100k` output, with a region column to measure inequality
        between departments *within* each region (``group_column="code_region"``).
    value_column
        Indicator column (default ``per_100k``).
    weight_column
        Population weights (``None`` for unweighted indices).
    group_column
        Optional grouping column (one block of indices per group).
    date_column
        Optional date column (one block per date); ignored if absent.

    Returns
    -------
    pandas.DataFrame
        Columns ``[date], [group], n, mean, min, max, gini, theil, cv, max_min_ratio,
        p90_p10_ratio`` (see :func:`access_map.inequality.inequality_table`).

    Examples
    --------
    >>> t = pd.DataFrame({"per_100k": [1.0, 3.0], "population": [3.0, 1.0]}, index=["01", "02"])
    >>> disparities(t)[["n", "gini"]].to_dict("records")
    [{'n': 2.0, 'gini': 0.25}]
    >>> list(disparities(t.iloc[:0].assign(date=pd.Timestamp("2024-01-01")))[["date", "n", "gini"]])
    ['date', 'n', 'gini']
    """
    for col in [value_column, weight_column, group_column]:
        if col is not None and col not in table.columns:
            raise MissingColumnError(text.colonne_absente(column=col, columns=[str(c) for c in table.columns]))
    has_date = date_column is not None and date_column in table.columns
    blocks = table.groupby(date_column, sort=True) if has_date else [(None, table)]
    frames = []
    for when, sub in blocks:
        res = inequality_table(
            sub[value_column].astype(float),
            groups=sub[group_column] if group_column else None,
            weights=sub[weight_column].astype(float) if weight_column else None,
        )
        res = res.reset_index(names=group_column or "scope")
        if has_date:
            res.insert(0, date_column, when)
        frames.append(res)
    if not frames:  # no row at any date (only possible with dates): no row, with the columns of the indices
        head = disparities(table, value_column=value_column, weight_column=weight_column,
                           group_column=group_column, date_column=None).iloc[:0]  # fmt: skip
        return pd.concat([table[[cast(str, date_column)]].iloc[:0], head], axis=1)
    out = pd.concat(frames, ignore_index=True)
    if group_column is None:
        out = out.drop(columns="scope")
    return out
