"""The products of ``access-map cpts --barometre`` and ``msp --barometre``: tables by level, maps, a chart.

:func:`barometre_products` (pure) takes the Baromètre table and dated populations and computes, for one
indicator: the published series, the dates of each level (:class:`~access_map.barometre.series.DateAlignment`:
a warning when they differ), the regions and France rebuilt from their departments, their distance to the
published values, and the date of the maps (the latest date of the departments). :func:`level_table` gives
the table of one level (one row per zone and date: published, rebuilt, the value kept and its source,
population, covered population or rate per 100,000). :func:`write_maps` and :func:`write_chart` draw them.

Examples
--------
>>> import pandas as pd, warnings
>>> table = pd.DataFrame({"indicator": "IND-589", "level": ["departement", "departement", "region", "nation"],
...     "code": ["01", "02", "84", "FR"], "date": pd.to_datetime(["2024-05-01"] * 4),
...     "observed": [50.0, 100.0, 62.0, 62.0]})
>>> communes = pd.DataFrame({"population": [300.0, 100.0], "code_departement": ["01", "02"],
...     "code_region": ["84", "84"]}, index=pd.Index(["01001", "02001"], name="code_commune"))
>>> p = barometre_products(table, "IND-589", vintages={"2021-01-01": communes})
>>> level_table(p, "region")[["code_region", "valeur_publiee", "valeur_reconstituee"]].values.tolist()
[['84', 62.0, 62.5]]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validate import user_stacklevel
from ..errors import InvalidValueError
from ..messages import barometre as msg
from .series import (
    DateAlignment,
    compare_with_published,
    date_alignment,
    department_regions,
    indicator_kind,
    population_at,
    published_series,
    rebuild_from_departments,
    values_at,
)

__all__ = [
    "BarometreProducts",
    "barometre_products",
    "level_table",
    "map_values",
    "chart_panels",
    "write_maps",
    "write_chart",
    "map_name",
    "chart_name",
]

#: The word naming the maps and the chart of an indicator's kind: ``cpts --barometre`` (a coverage rate) and
#: ``msp --barometre`` (a count of structures) may write into one folder without replacing each other's files.
_THEMES = {"rate": "couverture", "count": "structures"}


def map_name(indicator: str, level: str) -> str:
    """The file name of the map of ``indicator`` by ``level``.

    Examples
    --------
    >>> map_name("IND-589", "region"), map_name("IND-311", "departement")
    ('carte_couverture_regions.html', 'carte_structures_departements.html')
    """
    return f"carte_{_THEMES[indicator_kind(indicator)]}_{level}s.html"


def chart_name(indicator: str) -> str:
    """The file name of the chart of ``indicator``, one panel per region.

    Examples
    --------
    >>> chart_name("IND-589"), chart_name("IND-318")
    ('evolution_couverture_regions.png', 'evolution_structures_regions.png')
    """
    return f"evolution_{_THEMES[indicator_kind(indicator)]}_regions.png"


def _example() -> BarometreProducts:
    """A two-department region, for the examples: 01 (300 inhabitants) and 02 (100), CPTS coverage in May 2024."""
    table = pd.DataFrame({"indicator": "IND-589", "level": ["departement", "departement", "region", "nation"] * 2,
                          "code": ["01", "02", "84", "FR"] * 2,
                          "date": pd.to_datetime(["2023-12-01"] * 4 + ["2024-05-01"] * 4),
                          "observed": [40.0, 100.0, 55.0, 55.0, 50.0, 100.0, float("nan"), 62.5]})  # fmt: skip
    communes = pd.DataFrame({"population": [300.0, 100.0], "code_departement": ["01", "02"],
                             "code_region": ["84", "84"]}, index=pd.Index(["01001", "02001"], name="code_commune"))  # fmt: skip
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # the region's latest date differs from the departments': warned
        return barometre_products(table, "IND-589", vintages={"2023-01-01": communes})


@dataclass(frozen=True, eq=False)
class BarometreProducts:
    """What :func:`barometre_products` computes for one indicator.

    Attributes
    ----------
    indicator, kind
        ``IND-589``…; ``"rate"`` (percent of the population) or ``"count"``.
    series
        The published values (``level, code, date, value``), restricted to the dates asked for.
    alignment
        The dates of each level.
    populations
        ``level, code, date, population`` (one row per vintage).
    rebuilt
        Level (``region``, ``nation``) → the zones rebuilt from their departments.
    checks
        Level → :func:`~access_map.barometre.series.compare_with_published` of the rebuilt zones.
    map_date
        Date of the maps: the latest date of the departments.
    vintages
        Years of the population vintages.
    """

    indicator: str
    kind: str
    series: pd.DataFrame
    alignment: DateAlignment
    populations: pd.DataFrame
    rebuilt: Mapping[str, pd.DataFrame]
    checks: Mapping[str, pd.DataFrame]
    map_date: pd.Timestamp
    vintages: tuple[int, ...]

    @property
    def source(self) -> str:
        """The source line of the maps and chart (producers and vintages)."""
        return msg.source_line(indicator=self.indicator, population_vintages=self.vintages)


def barometre_products(
    table: pd.DataFrame,
    indicator: str,
    *,
    vintages: Mapping[Any, pd.DataFrame],
    dates: Sequence[object] = (),
) -> BarometreProducts:
    """Published series, date alignment, regions and France rebuilt from their departments, for one indicator.

    Parameters
    ----------
    table
        :func:`access_map.readers.barometre.read_barometre`.
    indicator
        ``IND-589`` (CPTS coverage), ``IND-311`` (MSP), ``IND-318`` (centres de santé)…
    vintages
        ``{date: commune table}`` of the populations légales (``population``, ``code_departement``,
        ``code_region``), each dated 1 January of its year; the latest gives each department's region.
    dates
        Keep only these dates (default: all).

    Warns
    -----
    UserWarning
        When the latest dates differ between levels (:meth:`DateAlignment.describe`), and for the zones
        rebuilt without all their departments.
    """
    from ..msp import population_vintages

    kind = indicator_kind(indicator)
    series = published_series(table, indicator)
    if dates:
        wanted = pd.to_datetime(list(dates))  # type: ignore[arg-type]
        series = series[series["date"].isin(wanted)].reset_index(drop=True)
        if series.empty:
            raise InvalidValueError(msg.pas_de_date(dates=[str(d) for d in dates], indicator=indicator))
        series.attrs["indicator"] = str(indicator).upper()
    alignment = date_alignment(series)
    seam = alignment.describe()
    if seam:
        warnings.warn(seam, UserWarning, stacklevel=user_stacklevel())
    if not vintages:
        raise InvalidValueError(msg.population_requise(command="cpts/msp"))
    pops = population_vintages(vintages)
    latest = vintages[max(vintages, key=lambda d: pd.Timestamp(d))]
    regions_of = department_regions(latest)
    dep_pops = pops[pops["level"] == "departement"]
    rebuilt = {
        level: rebuild_from_departments(
            series, department_regions=regions_of, kind=kind, population=dep_pops, level=level
        )
        for level in ("region", "nation")
    }
    checks = {level: compare_with_published(frame, series) for level, frame in rebuilt.items()}
    deps = series[series["level"] == "departement"]
    map_date = pd.Timestamp(deps["date"].max() if len(deps) else series["date"].max())
    years = tuple(sorted({pd.Timestamp(d).year for d in vintages}))
    return BarometreProducts(str(indicator).upper(), kind, series, alignment, pops, rebuilt, checks, map_date, years)


def _with_population(frame: pd.DataFrame, products: BarometreProducts, level: str) -> pd.DataFrame:
    pops = products.populations[products.populations["level"] == level]
    at = population_at(frame[["code", "date"]], pops)
    out = frame.assign(population=at["population"].to_numpy(), population_date=at["population_date"].to_numpy())
    if products.kind == "rate":
        out["covered_population"] = out["value"] * out["population"] / 100.0
    else:
        out["per_100k"] = 1e5 * out["value"] / out["population"].where(out["population"] > 0)
    return out


def _zones(products: BarometreProducts, level: str) -> pd.DataFrame:
    """Published and rebuilt values of a region-like level, one row per zone and date."""
    pub = products.series[products.series["level"] == level][["code", "date", "value"]]
    pub = pub.rename(columns={"value": "published"})
    reb = products.rebuilt[level].drop(columns=["level", "population", "population_date"])
    reb = reb.rename(columns={"value": "rebuilt"})
    both = pub.merge(reb, on=["code", "date"], how="outer").sort_values(["code", "date"]).reset_index(drop=True)
    both["difference"] = both["rebuilt"] - both["published"]
    both["value"] = both["published"].fillna(both["rebuilt"])
    both["source"] = np.where(both["published"].notna(), msg.SOURCE_PUBLISHED, msg.SOURCE_REBUILT)
    return both[both["value"].notna()].reset_index(drop=True)


def level_table(products: BarometreProducts, level: str, *, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The table of one level, with French headers (:data:`~access_map.messages.barometre.HEADERS`).

    ``departement``: the published values. ``region`` and ``nation``: the published value, the value rebuilt
    from the departments, their difference, the value kept (published, else rebuilt) and its ``source``,
    the departments counted and missing. Every level adds the population of the vintage in force at the
    date and, for a rate, the covered population (rate × population), for a count, the rate per 100,000.

    Parameters
    ----------
    products
        :func:`barometre_products`.
    level
        ``departement``, ``region`` or ``nation``.
    names
        Zone code → name: adds a ``nom_<level>`` column.

    Examples
    --------
    >>> t = level_table(_example(), "region", names={"84": "Auvergne-Rhône-Alpes"})
    >>> t[["code_region", "nom_region", "date", "valeur", "source"]].values.tolist()[-1]
    ['84', 'Auvergne-Rhône-Alpes', '2024-05-01', 62.5, 'reconstituée à partir des départements']
    >>> t["population_couverte"].tolist()
    [220.0, 250.0]
    """
    if level == "departement":
        frame = products.series[products.series["level"] == level][["code", "date", "value"]].reset_index(drop=True)
    elif level in ("region", "nation"):
        frame = _zones(products, level)
    else:
        raise InvalidValueError(msg.argument_invalide(name="level", value=level, allowed=("departement", "region",
                                                                                          "nation")))  # fmt: skip
    frame = _with_population(frame, products, level)
    if names is not None:
        frame.insert(1, "nom", frame["code"].map(dict(names)).fillna(""))
    order = [c for c in msg.HEADERS if c in frame.columns]
    out = frame[order].rename(columns=msg.HEADERS).rename(columns={"code": f"code_{level}", "nom": f"nom_{level}"})
    out[msg.HEADERS["date"]] = pd.to_datetime(out[msg.HEADERS["date"]]).dt.strftime("%Y-%m-%d")
    population_date = pd.to_datetime(out[msg.HEADERS["population_date"]])
    out[msg.HEADERS["population_date"]] = population_date.dt.strftime("%Y-%m-%d").where(population_date.notna(), "")
    return out


def map_values(products: BarometreProducts, level: str, *, date: object | None = None) -> pd.DataFrame:
    """The value drawn for each zone of a level at the map date (a rate in %, or a count per 100,000).

    Returns
    -------
    pandas.DataFrame
        Indexed by code: ``value`` (what the map draws), ``source``, ``missing_departements``.

    Examples
    --------
    >>> p = _example()  # region 84 published in December 2023 only
    >>> map_values(p, "region")[["value", "source"]].values.tolist()
    [[62.5, 'reconstituée à partir des départements']]
    >>> map_values(p, "region", date="2023-12-01")["value"].tolist()
    [55.0]
    """
    when = pd.Timestamp(products.map_date if date is None else date)  # type: ignore[arg-type]
    if level == "departement":
        frame = products.series[(products.series["level"] == level) & (products.series["date"] == when)]
        frame = frame[["code", "date", "value"]].assign(source=msg.SOURCE_PUBLISHED, missing_departements="")
    else:
        at = values_at(products.series, products.rebuilt.get(level), level=level, date=when).reset_index()
        frame = at.assign(date=when)[["code", "date", "value", "source", "missing_departements"]]
    if products.kind == "count":
        frame = _with_population(frame, products, level)
        frame = frame.assign(value=frame["per_100k"])
    out = frame.set_index("code")[["value", "source", "missing_departements"]]
    out.index = pd.Index(out.index.astype(str), name="code")
    return out


def _caption(products: BarometreProducts, level: str, values: pd.DataFrame) -> str:
    if level == "departement":
        return products.alignment.describe() or ""
    rebuilt = sorted(values.index[values["source"] == msg.SOURCE_REBUILT])
    published = products.alignment.latest.get(level)
    text = msg.legende_carte_regions(date=products.map_date, rebuilt=rebuilt, latest_published=published,
                                     vintages=products.vintages, kind=products.kind)  # fmt: skip
    check = products.checks[level]
    unit = "point" if products.kind == "rate" else msg.indicator_text(products.indicator).short
    if check.attrs.get("n"):
        text += " " + msg.ecart_reconstitution(level=level, n=int(check.attrs["n"]), max_abs=check.attrs["max_abs"],
                                               mean_abs=check.attrs["mean_abs"], unit=unit)  # fmt: skip
    return text


def write_maps(
    products: BarometreProducts,
    folder: Path,
    *,
    departements: Any = None,
    regions: Any = None,
) -> list[str]:
    """Write the maps by department and by region (the contours given, :func:`map_name`) at the map date.

    The region map draws the published value of each region when the region was published at that date,
    else the value rebuilt from its departments; its caption says which, the latest published date and
    how far the rebuilt values are from the published ones where both exist. France (published, else
    rebuilt) is the reference.

    Returns
    -------
    list of str
        The file names written.

    Examples
    --------
    >>> import geopandas as gpd, tempfile
    >>> from shapely.geometry import box
    >>> regions = gpd.GeoDataFrame({"nom": ["Auvergne-Rhône-Alpes"]}, geometry=[box(800000, 6400000, 1000000, 6600000)],
    ...                            index=pd.Index(["84"], name="code"), crs=2154)
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_maps(_example(), folder, regions=regions)
    ['carte_couverture_regions.html']
    >>> page = (folder / "carte_couverture_regions.html").read_text(encoding="utf-8")
    >>> "dernière valeur régionale publiée : décembre 2023" in page
    True
    """
    from ..maps import save_map, summary_map
    from ..maps.views import COVERAGE_BOUNDS

    text = msg.indicator_text(products.indicator)
    # a coverage rate is drawn in classes of percent of the population, a count per 100,000 relative to France
    rate_bounds = COVERAGE_BOUNDS if products.kind == "rate" else None
    reference = map_values(products, "nation")["value"]
    ref_value = float(reference.iloc[0]) if len(reference) and np.isfinite(reference.iloc[0]) else None
    written = []
    for level, areas in (("departement", departements), ("region", regions)):
        if areas is None:
            continue
        values = map_values(products, level)
        absent = sorted(set(areas.index.astype(str)) - set(values.index[values["value"].notna()]))
        if absent:
            warnings.warn(msg.contours_sans_valeur(level=level, codes=absent), UserWarning,
                          stacklevel=user_stacklevel())  # fmt: skip
        m = summary_map(
            areas, values["value"].reindex(areas.index.astype(str)), indicator_label=text.label, unit=text.unit,
            reference=ref_value, reference_label="France", value_decimals=text.value_decimals,
            title=msg.titre_carte(indicator=products.indicator, level=level, date=products.map_date),
            caption=_caption(products, level, values), source=products.source, rate_bounds=rate_bounds,
        )  # fmt: skip
        name = map_name(products.indicator, level)
        save_map(m, folder / name)
        written.append(name)
    return written


def chart_panels(products: BarometreProducts) -> tuple[pd.DataFrame, pd.Series | None]:
    """The chart's data: per region and date, the published and rebuilt values; France's published values.

    Values are those the maps draw: a rate in %, or a count per 100,000 inhabitants.

    Examples
    --------
    >>> panels, france = chart_panels(_example())
    >>> panels[["published", "rebuilt"]].values.tolist(), france.tolist()
    ([[55.0, 55.0], [nan, 62.5]], [55.0, 62.5])
    """
    zones = _zones(products, "region")
    if products.kind == "count":
        pops = products.populations[products.populations["level"] == "region"]
        population = population_at(zones[["code", "date"]], pops)["population"].where(lambda p: p > 0)
        zones = zones.assign(
            published=1e5 * zones["published"] / population, rebuilt=1e5 * zones["rebuilt"] / population
        )
    nation = products.series[products.series["level"] == "nation"][["code", "date", "value"]]
    reference: pd.Series | None = None
    if len(nation):
        if products.kind == "count":
            nation = _with_population(nation, products, "nation").assign(value=lambda t: t["per_100k"])
        reference = nation.set_index("date")["value"].astype(float)
    return zones[["code", "date", "published", "rebuilt"]], reference


def write_chart(products: BarometreProducts, folder: Path, *, names: Mapping[str, str] | None = None) -> str:
    """Write the chart of :func:`chart_name`: one panel per region (published, rebuilt, France).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / write_chart(_example(), folder)).read_bytes()[:4] == b"\\x89PNG"
    True
    """
    from .charts import region_small_multiples

    panels, reference = chart_panels(products)
    text = msg.indicator_text(products.indicator)
    name = chart_name(products.indicator)
    region_small_multiples(
        panels, path=folder / name, title=msg.titre_evolution(indicator=products.indicator), unit=text.unit,
        names=names, reference=reference, source=products.source, percent=products.kind == "rate",
        decimals=text.value_decimals,
    )  # fmt: skip
    return name
