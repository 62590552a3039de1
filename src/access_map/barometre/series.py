"""Baromètre series across levels: the dates of each level, and regions (or France) rebuilt from their departments.

The Baromètre publishes an indicator by department, region and for France, but not always at the same
dates: the CPTS coverage (IND-589) has departments and France until May 2024, regions until December
2023 only. A table or a map that puts the « latest » value of each level side by side compares two dates.
:func:`date_alignment` says which dates each level has; :func:`rebuild_from_departments` gives the region
(or France) at every date its departments have:

* a **count** (MSP, centres de santé: IND-311, IND-318) is the sum of its departments — left empty when a
  department is missing, since a sum without one of its parts is not the region's count;
* a **share of the population** (CPTS coverage, IND-589) is the mean of its departments' rates weighted by
  their population (the populations légales in force at that date): the covered population divided by the
  population. A department without a value (or without population) is left out, and the row says which
  and what share of the population it holds: the value is then an estimate. A zone of one department (an
  overseas region) takes its department's value, population known or not.

:func:`compare_with_published` measures the rebuilt values against the published ones where both exist.

Examples
--------
>>> import pandas as pd
>>> series = pd.DataFrame({"level": ["departement", "departement", "region"], "code": ["01", "02", "84"],
...     "date": pd.to_datetime(["2024-05-01"] * 3), "value": [50.0, 100.0, 80.0]})
>>> pop = pd.DataFrame({"code": ["01", "02"], "date": pd.to_datetime(["2021-01-01"] * 2),
...                     "population": [300.0, 100.0]})
>>> r = rebuild_from_departments(series, department_regions=pd.Series({"01": "84", "02": "84"}), kind="rate",
...                              population=pop)
>>> r[["code", "value", "population"]].values.tolist()
[['84', 62.5, 400.0]]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .._validate import require_columns, user_stacklevel
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import barometre as msg

__all__ = [
    "INDICATOR_KINDS",
    "LEVELS",
    "NATION_CODE",
    "indicator_kind",
    "published_series",
    "DateAlignment",
    "date_alignment",
    "department_regions",
    "population_at",
    "rebuild_from_departments",
    "compare_with_published",
    "values_at",
]

#: How an indicator adds up from departments: ``count`` (summed) or ``rate`` (percent of the population,
#: population-weighted mean). IND-312 (% of ALD patients with a médecin traitant) is a share of another
#: denominator, unknown per department: it cannot be rebuilt and is not listed.
INDICATOR_KINDS: dict[str, Literal["count", "rate"]] = {
    "IND-311": "count",  # maisons de santé pluriprofessionnelles
    "IND-318": "count",  # centres de santé pluriprofessionnels
    "IND-679": "count",  # assistants médicaux
    "IND-589": "rate",  # % de la population couverte par une CPTS
    "IND-587": "rate",  # % de la population couverte par le SAS
}

#: Levels of the Baromètre, in the package's vocabulary (:data:`access_map.readers.barometre.LEVEL_NAMES`).
LEVELS: tuple[str, ...] = ("departement", "region", "nation")
#: Code of France in the series (as :func:`access_map.readers.barometre.read_barometre` writes it).
NATION_CODE = "FR"


def indicator_kind(indicator: str) -> Literal["count", "rate"]:
    """``"count"`` or ``"rate"``: how the indicator adds up from departments.

    Raises
    ------
    InvalidValueError
        For an indicator that is neither (IND-312) or unknown.

    Examples
    --------
    >>> indicator_kind("IND-589"), indicator_kind("ind-311")
    ('rate', 'count')
    """
    key = str(indicator).strip().upper()
    if key in INDICATOR_KINDS:
        return INDICATOR_KINDS[key]
    if key == "IND-312":
        raise InvalidValueError(msg.indicateur_non_ponderable(indicator=key))
    raise InvalidValueError(msg.indicateur_inconnu(indicator=key, known=sorted(INDICATOR_KINDS)))


def published_series(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The values of one indicator as published: ``level, code, date, value`` (rows without a value dropped).

    Parameters
    ----------
    table
        Output of :func:`access_map.readers.barometre.read_barometre` (``observed`` is the value: the
        current value, else the initial one).
    indicator
        ``IND-589``…

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": ["IND-311", "IND-311"], "level": ["nation", "nation"], "code": ["FR", "FR"],
    ...     "date": pd.to_datetime(["2023-12-01", "2026-12-01"]), "observed": [2501.0, float("nan")]})
    >>> published_series(t, "IND-311")[["code", "value"]].values.tolist()
    [['FR', 2501.0]]
    """
    require_columns(table, ["indicator", "level", "code", "date", "observed"], source="Baromètre table")
    key = str(indicator).strip().upper()
    sel = table[(table["indicator"] == key) & table["observed"].notna()]
    if sel.empty:
        raise InvalidValueError(msg.indicateur_sans_valeur(indicator=key, found=sorted(set(table["indicator"]))))
    out = pd.DataFrame(
        {
            "level": sel["level"].astype(object),
            "code": sel["code"].astype(str).astype(object),
            "date": pd.to_datetime(sel["date"]),
            "value": sel["observed"].astype(float),
        }
    )
    out = out.sort_values(["level", "code", "date"], kind="stable").reset_index(drop=True)
    out.attrs["indicator"] = key
    return out


@dataclass(frozen=True)
class DateAlignment:
    """The dates at which each level of an indicator has values.

    Attributes
    ----------
    indicator
        Its identifier.
    dates
        Level → sorted dates with at least one value.

    Examples
    --------
    >>> a = DateAlignment("IND-589", {"region": (pd.Timestamp("2023-12-01"),),
    ...                               "nation": (pd.Timestamp("2023-12-01"), pd.Timestamp("2024-05-01"))})
    >>> a.mixed, [d.strftime("%Y-%m") for d in a.common_dates]
    (True, ['2023-12'])
    """

    indicator: str
    dates: Mapping[str, tuple[pd.Timestamp, ...]]

    @property
    def latest(self) -> dict[str, pd.Timestamp]:
        """Level → its latest date."""
        return {level: dates[-1] for level, dates in self.dates.items() if dates}

    @property
    def mixed(self) -> bool:
        """Whether the latest dates differ between levels."""
        return len(set(self.latest.values())) > 1

    @property
    def common_dates(self) -> tuple[pd.Timestamp, ...]:
        """Dates at which every level has values."""
        sets = [set(d) for d in self.dates.values() if d]
        return tuple(sorted(set.intersection(*sets))) if sets else ()

    def describe(self) -> str | None:
        """The French warning when the latest dates differ, else ``None``."""
        return msg.dates_differentes(indicator=self.indicator, latest=self.latest) if self.mixed else None


def date_alignment(series: pd.DataFrame) -> DateAlignment:
    """Which dates each level of a published series has (:func:`published_series`).

    Examples
    --------
    >>> s = pd.DataFrame({"level": ["departement", "region", "nation"], "code": ["01", "84", "FR"],
    ...                   "date": pd.to_datetime(["2024-05-01", "2023-12-01", "2024-05-01"]), "value": [1.0] * 3})
    >>> a = date_alignment(s)
    >>> a.mixed, a.latest["region"].strftime("%Y-%m")
    (True, '2023-12')
    """
    require_columns(series, ["level", "date", "value"], source="Baromètre series")
    present = series[series["value"].notna()]
    dates = {
        str(level): tuple(sorted(pd.to_datetime(group["date"]).unique()))
        for level, group in present.groupby("level", sort=False)
    }
    ordered = {level: dates[level] for level in LEVELS if level in dates}
    ordered.update({level: d for level, d in dates.items() if level not in ordered})
    return DateAlignment(str(series.attrs.get("indicator", "")), ordered)


def department_regions(communes: pd.DataFrame) -> pd.Series:
    """Department → region of a commune table (``code_departement``, ``code_region``).

    Raises
    ------
    InvalidCodeError
        When a department has communes in two regions.

    Examples
    --------
    >>> c = pd.DataFrame({"code_departement": ["33", "33", "01"], "code_region": ["75", "75", "84"]})
    >>> department_regions(c).to_dict()
    {'01': '84', '33': '75'}
    """
    require_columns(communes, ["code_departement", "code_region"], source="commune table")
    pairs = communes[["code_departement", "code_region"]].dropna().astype(str).drop_duplicates()
    clash = pairs[pairs["code_departement"].duplicated(keep=False)]
    if len(clash):
        shown = (clash["code_departement"] + "→" + clash["code_region"]).tolist()
        raise InvalidCodeError(msg.departements_dans_plusieurs_regions(pairs=shown))
    out = pairs.set_index("code_departement")["code_region"].sort_index()
    out.index = pd.Index(out.index.astype(object), name="code_departement")
    return out.astype(object).rename("code_region")


def population_at(pairs: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """The population of each (code, date): the latest vintage dated on or before the date, else the earliest.

    The rule of :func:`access_map.msp.rates_per_100k`: a date before every vintage takes the earliest one.

    Parameters
    ----------
    pairs
        ``code, date``.
    population
        ``code, date, population`` (one row per vintage, e.g. :func:`access_map.msp.population_vintages`
        restricted to one level).

    Returns
    -------
    pandas.DataFrame
        ``population, population_date`` aligned on ``pairs`` (NaN where the code has no population).

    Examples
    --------
    >>> pop = pd.DataFrame({"code": ["01", "01"], "date": pd.to_datetime(["2016-01-01", "2021-01-01"]),
    ...                     "population": [10.0, 20.0]})
    >>> pairs = pd.DataFrame({"code": ["01", "01", "02"], "date": pd.to_datetime(["2015-06-01", "2022-12-01",
    ...                                                                              "2022-12-01"])})
    >>> population_at(pairs, pop)["population"].tolist()
    [10.0, 20.0, nan]
    """
    require_columns(population, ["code", "date", "population"], source="population table")
    left = pd.DataFrame(
        {"code": pairs["code"].astype(str).to_numpy(), "date": pd.to_datetime(pairs["date"]).to_numpy(),
         "_order": np.arange(len(pairs))}
    ).sort_values("date", kind="stable")  # fmt: skip
    right = pd.DataFrame(
        {"code": population["code"].astype(str).to_numpy(),
         "population_date": pd.to_datetime(population["date"]).to_numpy(),
         "population": population["population"].astype(float).to_numpy()}
    ).sort_values("population_date", kind="stable")  # fmt: skip
    back = pd.merge_asof(left, right, left_on="date", right_on="population_date", by="code", direction="backward")
    ahead = pd.merge_asof(left, right, left_on="date", right_on="population_date", by="code", direction="forward")
    use = back["population"].isna()
    back.loc[use, "population"] = ahead.loc[use, "population"]
    back.loc[use, "population_date"] = ahead.loc[use, "population_date"]
    back = back.sort_values("_order")
    return pd.DataFrame(
        {"population": back["population"].to_numpy(), "population_date": back["population_date"].to_numpy()},
        index=pairs.index,
    )


def _grid(departments: pd.DataFrame, zone_of: pd.Series, population: pd.DataFrame | None) -> pd.DataFrame:
    """One row per (zone, date, expected department): its value and population (NaN when missing)."""
    expected = pd.DataFrame({"zone": zone_of.to_numpy(dtype=object), "code": zone_of.index.astype(str)})
    mapped = departments.assign(zone=departments["code"].map(zone_of).astype(object)).dropna(subset=["zone"])
    zone_dates = mapped[["zone", "date"]].drop_duplicates()
    grid = zone_dates.merge(expected, on="zone", how="left")
    grid = grid.merge(departments[["code", "date", "value"]], on=["code", "date"], how="left")
    if population is not None:
        pop = population_at(grid[["code", "date"]], population)
        grid["population"] = pop["population"].to_numpy()
        grid["population_date"] = pd.to_datetime(pop["population_date"]).to_numpy()
    else:
        grid["population"] = np.nan
        grid["population_date"] = pd.NaT
    grid["has_population"] = grid["population"].gt(0)
    return grid


def _zone_row(group: pd.DataFrame, kind: str) -> dict[str, object]:
    has_value = group["value"].notna()
    alone = len(group) == 1  # a one-department zone (an overseas region) is its department, whatever its weight
    counted = has_value & (group["has_population"] | alone) if kind == "rate" else has_value
    weights = group["population"].where(counted)
    if kind == "rate":
        total = float(weights.sum())
        if alone and counted.all():
            value = float(group["value"].iloc[0])
        else:
            value = float((group["value"] * weights).sum() / total) if total > 0 else np.nan
    else:
        value = float(group.loc[counted, "value"].sum()) if counted.all() else np.nan
    missing = group.loc[~counted, "code"].astype(str).tolist()
    known = group["has_population"].all()
    all_pop = float(group["population"].sum()) if known else np.nan
    share = float(group.loc[~counted, "population"].sum() / all_pop) if known and all_pop > 0 else np.nan
    if not missing:
        share = 0.0
    pop_counted = float(weights.sum()) if kind == "rate" else (all_pop if known else np.nan)
    return {
        "value": value,
        "population": pop_counted,
        "population_date": group["population_date"].max(),
        "n_departements": int(counted.sum()),
        "n_expected": len(group),
        "missing_departements": ", ".join(sorted(missing)),
        "missing_population_share": share,
    }


def rebuild_from_departments(
    series: pd.DataFrame,
    *,
    department_regions: pd.Series,
    kind: Literal["count", "rate"],
    population: pd.DataFrame | None = None,
    level: Literal["region", "nation"] = "region",
) -> pd.DataFrame:
    """Regions (or France) rebuilt from their departments at every date the departments have.

    Parameters
    ----------
    series
        A published series (:func:`published_series`; its ``departement`` rows are used) or the
        department rows alone (``code, date, value``).
    department_regions
        Department code → region code (:func:`department_regions`): the departments expected in each
        region. Departments of ``series`` absent from it are left out of the regions, with a warning;
        France expects every department of the table and of the series.
    kind
        ``"rate"`` (percent of the population: population-weighted mean) or ``"count"`` (sum);
        :func:`indicator_kind` gives it.
    population
        Department populations ``code, date, population`` (several vintages: each date takes the latest
        vintage on or before it, else the earliest; :func:`access_map.msp.population_vintages` with
        ``levels=("departement",)``). Required for a rate; for a count it only fills ``population``.
    level
        ``"region"`` or ``"nation"`` (every department of ``department_regions``, code ``FR``).

    Returns
    -------
    pandas.DataFrame
        ``level, code, date, value, population, population_date, n_departements, n_expected,
        missing_departements, missing_population_share``, one row per zone and date where at least one of
        its departments has a value. ``population`` is that of the departments counted (rate) or of all of
        them (count). A zone rebuilt without all its departments is listed in a warning; a count is then
        left empty (NaN).

    Examples
    --------
    >>> deps = pd.DataFrame({"code": ["01", "02", "01"], "date": pd.to_datetime(["2023-12-01"] * 2 + ["2024-05-01"]),
    ...                      "value": [10.0, 5.0, 12.0]})
    >>> regions = pd.Series({"01": "84", "02": "84"})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     r = rebuild_from_departments(deps, department_regions=regions, kind="count")
    >>> r["value"].tolist(), r["missing_departements"].tolist()
    ([15.0, nan], ['', '02'])
    >>> "sans 02" in str(w[0].message)
    True
    """
    if kind not in ("count", "rate"):
        raise InvalidValueError(msg.argument_invalide(name="kind", value=kind, allowed=("count", "rate")))
    if level not in ("region", "nation"):
        raise InvalidValueError(msg.argument_invalide(name="level", value=level, allowed=("region", "nation")))
    if kind == "rate" and population is None:
        raise InvalidValueError(msg.POPULATION_POUR_UN_TAUX)
    deps = series[series["level"] == "departement"] if "level" in series.columns else series
    require_columns(deps, ["code", "date", "value"], source="department series")
    deps = pd.DataFrame(
        {"code": deps["code"].astype(str).to_numpy(), "date": pd.to_datetime(deps["date"]).to_numpy(),
         "value": deps["value"].astype(float).to_numpy()}
    ).dropna(subset=["value"])  # fmt: skip
    regions = pd.Series(department_regions.astype(str).to_numpy(), index=department_regions.index.astype(str))
    if level == "region":
        zone_of = regions
        unmapped = sorted(set(deps["code"]) - set(zone_of.index))
        if unmapped:
            warnings.warn(msg.departements_sans_region(codes=unmapped), UserWarning, stacklevel=user_stacklevel())
    else:  # every department is in France, whether the region table knows it or not
        every = regions.index.union(pd.Index(deps["code"].unique()))
        zone_of = pd.Series(NATION_CODE, index=every, dtype=object)
    grid = _grid(deps, zone_of, population)
    if kind == "rate":
        alone = grid.groupby(["zone", "date"])["code"].transform("size") == 1
        no_pop = sorted(set(grid.loc[grid["value"].notna() & ~grid["has_population"] & ~alone, "code"]))
        if no_pop:
            warnings.warn(msg.departements_sans_population(codes=no_pop), UserWarning, stacklevel=user_stacklevel())
    rows = [
        {"level": level, "code": zone, "date": when, **_zone_row(group, kind)}
        for (zone, when), group in grid.groupby(["zone", "date"], sort=True)
    ]
    columns = ["level", "code", "date", "value", "population", "population_date", "n_departements", "n_expected",
               "missing_departements", "missing_population_share"]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out = out[out["n_departements"] > 0].reset_index(drop=True)
    out["code"] = out["code"].astype(str).astype(object)
    out["date"] = pd.to_datetime(out["date"])
    incomplete = out[out["missing_departements"] != ""]
    if len(incomplete):
        listed = [
            (str(code), when, str(missing).split(", "), float(share))
            for code, when, missing, share in zip(
                incomplete["code"], incomplete["date"], incomplete["missing_departements"],
                incomplete["missing_population_share"], strict=True,
            )
        ]  # fmt: skip
        warnings.warn(
            msg.departements_manquants(level=level, rows=listed, kind=kind), UserWarning, stacklevel=user_stacklevel()
        )
    out.attrs["kind"] = kind
    return out


def compare_with_published(rebuilt: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """Rebuilt values against the published ones of the same level, where both exist.

    Returns
    -------
    pandas.DataFrame
        ``code, date, published, rebuilt, difference`` (rebuilt − published), sorted; ``attrs`` hold
        ``n``, ``max_abs`` and ``mean_abs`` of the difference.

    Examples
    --------
    >>> pub = pd.DataFrame({"level": ["region"], "code": ["84"], "date": pd.to_datetime(["2023-12-01"]),
    ...                     "value": [62.0]})
    >>> reb = pd.DataFrame({"level": ["region"], "code": ["84"], "date": pd.to_datetime(["2023-12-01"]),
    ...                     "value": [62.5]})
    >>> c = compare_with_published(reb, pub)
    >>> c["difference"].tolist(), c.attrs["max_abs"]
    ([0.5], 0.5)
    """
    levels = set(rebuilt["level"]) if len(rebuilt) else set()
    pub = series[series["level"].isin(levels)][["code", "date", "value"]].rename(columns={"value": "published"})
    reb = rebuilt[["code", "date", "value"]].rename(columns={"value": "rebuilt"})
    both = pub.merge(reb, on=["code", "date"], how="inner").dropna(subset=["published", "rebuilt"])
    both = both.sort_values(["code", "date"]).reset_index(drop=True)
    both["difference"] = both["rebuilt"] - both["published"]
    gap = both["difference"].abs()
    both.attrs.update(
        n=len(both),
        max_abs=float(gap.max()) if len(both) else float("nan"),
        mean_abs=float(gap.mean()) if len(both) else float("nan"),
    )
    return both


def values_at(series: pd.DataFrame, rebuilt: pd.DataFrame | None, *, level: str, date: object) -> pd.DataFrame:
    """The value of every zone of a level at one date: the published one, else the rebuilt one, and which.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``: ``value``, ``published``, ``rebuilt``, ``source``
        (:data:`~access_map.messages.barometre.SOURCE_PUBLISHED` or ``SOURCE_REBUILT``), and the rebuilt
        rows' ``missing_departements`` and ``missing_population_share``.

    Examples
    --------
    >>> pub = pd.DataFrame({"level": ["region"], "code": ["84"], "date": pd.to_datetime(["2023-12-01"]),
    ...                     "value": [62.0]})
    >>> reb = pd.DataFrame({"level": ["region", "region"], "code": ["84", "84"],
    ...     "date": pd.to_datetime(["2023-12-01", "2024-05-01"]), "value": [62.5, 70.0],
    ...     "missing_departements": ["", ""], "missing_population_share": [0.0, 0.0]})
    >>> values_at(pub, reb, level="region", date="2024-05-01")[["value", "source"]].values.tolist()
    [[70.0, 'reconstituée à partir des départements']]
    """
    when = pd.Timestamp(date)  # type: ignore[arg-type]
    pub = series[(series["level"] == level) & (pd.to_datetime(series["date"]) == when)].set_index("code")["value"]
    extra = ["missing_departements", "missing_population_share"]
    if rebuilt is not None and len(rebuilt):
        reb = rebuilt[(rebuilt["level"] == level) & (pd.to_datetime(rebuilt["date"]) == when)].set_index("code")
    else:
        reb = pd.DataFrame(columns=["value", *extra])
    codes = pub.index.union(reb.index)
    out = pd.DataFrame(index=pd.Index(codes.astype(str), name="code"))
    out["published"] = pub.reindex(out.index).astype(float)
    out["rebuilt"] = reb["value"].reindex(out.index).astype(float)
    out["value"] = out["published"].fillna(out["rebuilt"])
    out["source"] = np.where(out["published"].notna(), msg.SOURCE_PUBLISHED, msg.SOURCE_REBUILT)
    for column in extra:
        out[column] = reb[column].reindex(out.index) if column in reb.columns else np.nan
    out.attrs["date"] = when
    return out
