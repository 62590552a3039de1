"""The grid workflow from files: Filosofi grid + practitioners + chefs-lieux → APL per cell, per commune, map, report.

:func:`compute_grid` reads and computes (no output); :func:`write_grid_outputs` writes an output folder
through :class:`~access_map.outputs.OutputFolders` (manifest, atomic swap): ``carreaux.csv``,
``communes.csv`` (commune APL from the cells, the commune calculation beside the spread of its cells, people
and poor households under 2.5 and 4), ``polygones.csv`` (with a polygon layer: IRIS, QPV…),
``carte_apl_carreaux.html``, ``apl_carreaux.tif`` and ``rapport.html``. ``access-map grid`` calls both.

Around the grid (a métropole), practices near its border also serve people outside it: with the DREES
standardised population of the communes (``population``), the communes within two catchment radii of the
cells join the catchment at their chefs-lieux (the part of a commune the grid covers is counted by its cells,
the rest at the chef-lieu), as the refresh does at a selection's border; without it, a warning says that the
APL near the border is overstated.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..apl import APLParams, compute_apl, impute_activity
from ..communes import CODE
from ..csv_format import write_csv
from ..messages import grid as msg
from ..travel.crowfly import CrowFlyModel, crow_fly_times
from .aggregate import cells_in_polygons, commune_spread, threshold_counts
from .cells import cell_centres, cell_crs
from .compute import grid_apl
from .demand import cell_demand
from .supply import place_sites, placement_summary, supply_by_site

__all__ = ["GridInputs", "GridResult", "compute_grid", "write_grid_outputs"]


@dataclass(frozen=True)
class GridInputs:
    """What a grid run reads (paths) and how it computes."""

    grid: Path
    practitioners: Path
    chefs_lieux: Path
    population: Path | None = None
    population_year: int | None = None
    population_by_age: Path | None = None
    polygons: Path | None = None
    polygon_layer: str | None = None
    polygon_code: str | None = None
    vintage: int = 2023
    max_age: float | None = None
    impute_acts: float | None = None
    times: str = "crow_fly"
    osm: Path | None = None
    engine: str = "partitioned"
    scheduler: str | None = None
    workers: int = 2
    intercept_minutes: float = 2.0
    minutes_per_km: float = 1.32

    def files(self) -> list[Path]:
        """Every input file (refused as an output)."""
        paths = [self.grid, self.practitioners, self.chefs_lieux, self.population, self.population_by_age,
                 self.polygons, self.osm]  # fmt: skip
        return [p for p in paths if p is not None]


@dataclass
class GridResult:
    """The tables of a grid run and what it saw."""

    cells: pd.DataFrame
    communes: pd.DataFrame
    polygons: pd.DataFrame | None
    params: APLParams
    summary: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _radius_km(inputs: GridInputs, params: APLParams) -> float:
    if inputs.times == "road":
        return params.max_minutes / 60.0 * 130.0
    return CrowFlyModel(inputs.intercept_minutes, inputs.minutes_per_km).radius_km(params.max_minutes)


def _near(points: gpd.GeoDataFrame, cell_xy: np.ndarray, crs: int, radius_m: float) -> np.ndarray:
    pts = points.to_crs(crs)
    xy = np.column_stack([pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()])
    if len(xy) == 0:
        return np.zeros(0, dtype=bool)
    distance, _ = cKDTree(cell_xy).query(xy, distance_upper_bound=radius_m)
    found: np.ndarray = np.isfinite(distance)
    return found


def _context(
    inputs: GridInputs, cells: pd.DataFrame, demand: pd.Series, chefs_lieux: gpd.GeoDataFrame, radius_m: float,
    notes: list[str],
) -> gpd.GeoDataFrame | None:  # fmt: skip
    if inputs.population is None:
        warnings.warn(msg.bordure_surestimee(), UserWarning, stacklevel=3)
        return None
    from ..readers.drees import read_standardised_population

    table = read_standardised_population(inputs.population, year=inputs.population_year)
    standardised = table["standardised_population"].astype(float)
    in_grid = demand.groupby(cells[CODE]).sum()
    rest = (standardised - in_grid.reindex(standardised.index).fillna(0.0)).clip(lower=0.0)
    points = chefs_lieux[chefs_lieux.index.isin(rest.index[rest > 0])]
    near = _near(points, cell_centres(cells), cell_crs(cells), 2.0 * radius_m)
    points = points[near]
    context = gpd.GeoDataFrame({"demand": rest.reindex(points.index).to_numpy()}, geometry=points.geometry.to_numpy(),
                               index=points.index, crs=points.crs)  # fmt: skip
    notes.append(msg.note_contexte(communes=len(context), demand=float(context["demand"].sum()),
                                   year=inputs.population_year))  # fmt: skip
    return context


def compute_grid(inputs: GridInputs, *, progress: Any = None) -> GridResult:
    """Read the inputs and compute the grid APL, its aggregations and the commune comparison."""
    from ..readers.filosofi import read_filosofi_grid
    from ..territory.loader import read_practitioners
    from ..territory.points import read_commune_points

    if inputs.times == "road":  # before reading anything: the engine and the extract are needed
        from ..errors import InvalidValueError
        from ..extras import MissingExtraError, require_routing

        try:
            require_routing(msg.GRID_ROAD_USAGE)
        except MissingExtraError as exc:
            raise MissingExtraError(msg.routage_absent(), extra=exc.extra) from exc
        if inputs.osm is None:
            raise InvalidValueError(msg.osm_absent())
    started = time.perf_counter()
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        params = APLParams.drees_mg(inputs.vintage, max_age=inputs.max_age)
        cells = read_filosofi_grid(inputs.grid)
        by_age = None
        if inputs.population_by_age is not None:
            from ..readers.insee import read_population_by_age

            by_age = read_population_by_age(inputs.population_by_age)
        demand = cell_demand(cells, params=params, population_by_age=by_age)
        notes.append(msg.note_demande(**demand.attrs["rule"], vintage=inputs.vintage))
        chefs_lieux = read_commune_points(inputs.chefs_lieux)
        practitioners = read_practitioners(inputs.practitioners)
        if practitioners["acts"].isna().any():
            practitioners = impute_activity(practitioners, acts=inputs.impute_acts, params=params)
            notes.append(msg.note_imputation(practitioners=int(practitioners.attrs.get("imputed_practitioners", 0)),
                                             acts=float(practitioners.attrs.get("imputed_acts", 5400.0))))  # fmt: skip
        rows, sites = place_sites(practitioners, chefs_lieux=chefs_lieux, crs=cell_crs(cells))
        notes.append(placement_summary(sites))
        radius_m = _radius_km(inputs, params) * 1000.0
        near = _near(sites, cell_centres(cells), cell_crs(cells), radius_m)
        if (~near).any():
            notes.append(msg.note_sites_hors_portee(sites=int((~near).sum()), kept=int(near.sum())))
        sites = sites[near]
        supply = supply_by_site(rows[rows["site_id"].isin(sites.index)], params=params)
        context = _context(inputs, cells, demand, chefs_lieux, radius_m, notes)
        graph = None
        if inputs.times == "road":
            from ..travel.osrm_graph import build_osrm_graph

            graph = str(build_osrm_graph(inputs.osm).path) if inputs.osm is not None else None
        apl = grid_apl(
            demand, sites=sites, supply=supply, params=params, times=inputs.times, graph=graph,
            model=CrowFlyModel(inputs.intercept_minutes, inputs.minutes_per_km), engine=inputs.engine,
            context=context, scheduler=inputs.scheduler, workers=inputs.workers, progress=progress,
        )  # fmt: skip
        table = cells[[CODE, "population", "households", "poor_households"]].assign(
            standardised_population=demand, apl=apl
        )
        communes = _communes(table, sites, supply, context, chefs_lieux, params, inputs)
        polygons = None
        if inputs.polygons is not None:
            polygons = _polygons(table, inputs)
    seconds = time.perf_counter() - started
    summary = _summary(table, apl, inputs, seconds)
    found = [str(w.message) for w in caught]
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=2)
    return GridResult(table, communes, polygons, params, summary, notes=notes, warnings=found)


def _communes(
    table: pd.DataFrame, sites: gpd.GeoDataFrame, supply: pd.Series, context: gpd.GeoDataFrame | None,
    chefs_lieux: gpd.GeoDataFrame, params: APLParams, inputs: GridInputs,
) -> pd.DataFrame:  # fmt: skip
    """Per commune of the grid: the APL of its cells, people/poor under thresholds, the commune calculation."""
    groups = table[CODE]
    counts = threshold_counts(table["apl"], cells=table, groups=groups)
    weights = table["standardised_population"]
    mean = (table["apl"] * weights).groupby(groups).sum() / weights.groupby(groups).sum()
    # the commune calculation: the same people (cells summed per commune, context at chefs-lieux), supply at
    # the chefs-lieux of the practice communes, crow-fly times between chefs-lieux in Lambert-93
    demand = weights.groupby(groups).sum()
    if context is not None and len(context):
        demand = demand.add(context["demand"], fill_value=0.0)
    commune_supply = supply.groupby(sites["code_commune"].reindex(supply.index)).sum()
    codes = demand.index.union(commune_supply.index)
    points = chefs_lieux[chefs_lieux.index.isin(codes)].to_crs(2154)
    times = crow_fly_times(points, max_minutes=params.max_minutes, intercept_minutes=inputs.intercept_minutes,
                           minutes_per_km=inputs.minutes_per_km)  # fmt: skip
    commune_apl = compute_apl(supply=commune_supply, demand=demand.reindex(points.index).fillna(0.0), times=times,
                              params=params)  # fmt: skip
    spread = commune_spread(table["apl"], commune_apl=commune_apl, cells=table, demand=weights)
    out = counts.join(spread.drop(columns=["population"]))
    out.insert(0, "apl_grid", mean.reindex(out.index))
    out.index.name = CODE
    return out


def _polygons(table: pd.DataFrame, inputs: GridInputs) -> pd.DataFrame:
    from ..apl import aggregate_apl

    layer = gpd.read_file(inputs.polygons, layer=inputs.polygon_layer)
    if inputs.polygon_code is not None:
        layer = layer.set_index(inputs.polygon_code)
    groups = cells_in_polygons(table.index, layer)
    inside = table.loc[groups.index]
    aggregated = aggregate_apl(inside["apl"], weights=inside["standardised_population"], groups=groups,
                               population=inside["population"])  # fmt: skip
    counts = threshold_counts(inside["apl"], cells=inside, groups=groups)
    return aggregated.join(counts.filter(like="poor_households"))


def _summary(table: pd.DataFrame, apl: pd.Series, inputs: GridInputs, seconds: float) -> dict[str, Any]:
    weights = table["standardised_population"]
    population = table["population"]
    under = apl.to_numpy() <= 2.5
    return {
        "cells": len(table),
        "population": float(population.sum()),
        "communes": int(table[CODE].nunique()),
        "pairs": int(apl.attrs.get("pairs", 0)),
        "engine": inputs.engine,
        "times": "à vol d'oiseau" if inputs.times == "crow_fly" else "routiers (OSRM)",
        "seconds": seconds,
        "mean_apl": float((apl * weights).sum() / weights.sum()),
        "share_le_2_5": float(population[under].sum() / population.sum()) if population.sum() > 0 else 0.0,
        "poor_le_2_5": float(table["poor_households"][under].sum()),
    }


def write_grid_outputs(result: GridResult, folder: Path, *, inputs: GridInputs) -> list[Path]:
    """Write the tables, the map, the GeoTIFF and ``rapport.html`` of a grid run (one output folder)."""
    from ..outputs import OutputFolders
    from ..report import write_section_report
    from .outputs import grid_map, grid_section, write_grid_raster

    written: list[Path] = []
    with OutputFolders({"tables": folder}, command="grid", inputs=inputs.files()) as staged:
        out = staged["tables"]

        def csv(frame: pd.DataFrame, name: str) -> None:
            index_name = str(frame.index.name)
            french = frame.rename(columns=msg.CSV_COLUMNS).rename_axis(msg.CSV_COLUMNS.get(index_name, index_name))
            write_csv(french, out / name)
            written.append(folder / name)

        csv(result.cells, "carreaux.csv")
        csv(result.communes, "communes.csv")
        if result.polygons is not None:
            csv(result.polygons, "polygones.csv")
        source = msg.source_carte(vintage=result.params.vintage)
        m = grid_map(result.cells, result.cells["apl"], vintage=result.params.vintage, source=source)
        from ..maps import save_map

        save_map(m, out / "carte_apl_carreaux.html")
        write_grid_raster(result.cells["apl"], out / "apl_carreaux.tif")
        written += [folder / "carte_apl_carreaux.html", folder / "apl_carreaux.tif"]
        section = grid_section(
            summary=result.summary, communes=result.communes, notes=result.notes, warnings=result.warnings,
            links=[(msg.LIEN_CARTE, "carte_apl_carreaux.html"), (msg.LIEN_RASTER, "apl_carreaux.tif"),
                   (msg.LIEN_CARREAUX, "carreaux.csv"), (msg.LIEN_COMMUNES, "communes.csv")],
        )  # fmt: skip
        write_section_report(out / "rapport.html", title=msg.TITRE_SECTION, subtitle=Path(inputs.grid).name,
                             sections=[section])  # fmt: skip
        written.append(folder / "rapport.html")
    return written
