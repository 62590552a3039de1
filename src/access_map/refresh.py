"""Batch refresh: one configuration in, every table, map, raster and a report out.

:func:`run_refresh` reads and validates the inputs named by a
:class:`~access_map.config.RefreshConfig` (or the embedded demo territory), then
computes the APL of every configured profession and practitioner-age variant,
the GP zoning and its diff against the previous zoning, CPTS coverage and MSP
disparities, and writes

* tables (CSV / Parquet / GeoPackage) and a summary report (``rapport.html``)
  with ``provenance.json`` (input hashes, parameters, versions, timings) into
  ``outputs.directory``;
* every map (self-contained HTML, PNG) and the GeoTIFF rasters into
  ``outputs.maps_directory``.

Both directories are staged beside their target and swapped in only when the
whole run succeeded (:class:`~access_map._atomic.DirectorySwap`): an interrupted
or failed run leaves the previous outputs intact. Unchanged inputs give
byte-identical outputs, except the timings and creation time in
``provenance.json``.

Library code never prints: progress goes to the ``progress`` callback.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from . import __version__
from ._atomic import DirectorySwap, atomic_path
from .config import RefreshConfig, parse_config
from .errors import AccessMapError, SourceError
from .maps.publish import MapInputs, map_source, write_maps, write_rasters
from .report import write_report
from .schema import CODE, ZONING_CLASSES

__all__ = ["STEPS", "Territory", "RefreshResult", "load_territory", "run_refresh", "demo_config"]

logger = logging.getLogger(__name__)

#: The steps of a refresh, in order (names shown by the progress display).
STEPS: tuple[str, ...] = (
    "lecture des données",
    "temps de trajet",
    "APL",
    "zonage",
    "CPTS",
    "MSP",
    "tableaux",
    "cartes",
    "rasters",
    "rapport",
)

ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Territory:
    """Validated inputs of a refresh (the demo territory has every field)."""

    label: str
    communes: gpd.GeoDataFrame
    chefs_lieux: gpd.GeoDataFrame
    population_by_age: pd.DataFrame | None
    practitioners: pd.DataFrame
    standardised_population: pd.Series | None = None
    departements: gpd.GeoDataFrame | None = None
    regions: gpd.GeoDataFrame | None = None
    msp: gpd.GeoDataFrame | None = None
    cpts: pd.DataFrame | None = None
    tvs: pd.DataFrame | None = None
    qpv: pd.DataFrame | None = None
    previous_zoning: pd.DataFrame | None = None
    zoning_caps: pd.DataFrame | None = None
    input_files: tuple[Path, ...] = ()


@dataclass
class RefreshResult:
    """What a refresh produced: output folders, files written, headline figures, timings (s)."""

    output_dir: Path
    maps_dir: Path
    files: list[Path] = field(default_factory=list)
    headline: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- inputs


def load_territory(config: RefreshConfig) -> Territory:
    """Read and validate the inputs named by ``config`` (or load the demo territory).

    Examples
    --------
    >>> t = load_territory(demo_config())
    >>> len(t.communes) > 400, "FICTIF" in t.label
    (True, True)
    """
    if config.sources.demo:
        from .datasets import load_demo
        from .datasets.demo import DEMO_FILES, demo_directory

        d = load_demo()
        return Territory(
            label=d.label,
            communes=d.communes,
            chefs_lieux=d.chefs_lieux,
            population_by_age=d.population_by_age,
            practitioners=d.practitioners,
            departements=d.departements,
            regions=d.regions,
            msp=d.msp,
            cpts=d.cpts,
            tvs=d.tvs,
            qpv=d.qpv,
            previous_zoning=d.previous_zoning,
            zoning_caps=d.zoning_caps,
            input_files=tuple(demo_directory() / name for name in sorted(DEMO_FILES.values())),
        )
    return _territory_from_files(config)


def _territory_from_files(config: RefreshConfig) -> Territory:
    from .readers.activity import read_practitioner_activity
    from .readers.cpts import read_cpts
    from .readers.finess import read_finess, structures_from_finess
    from .readers.ign import read_chefs_lieux, read_contours
    from .readers.insee import read_population_by_age, read_populations_legales
    from .readers.zonage import read_qpv, read_tvs, read_zoning, read_zoning_caps

    f = dict(config.sources.files)
    if config.sources.fetched:
        from .datasets import fetch

        for key, (name, vintage) in sorted(config.sources.fetched.items()):
            f[key] = fetch(name, vintage=vintage)  # cached; a clear SourceError says what to download by hand
    for key, path in f.items():
        if not Path(path).exists():
            raise SourceError(f"input file for sources.{key} not found: {path}")
    communes = read_contours(f["communes"], level="commune")
    if communes.crs is None or communes.crs.is_geographic:
        communes = communes.to_crs(2154)
    pop_table = read_populations_legales(f["populations"]) if "populations" in f else None
    communes = _complete_regions(communes, pop_table, f.get("cog_communes"))
    if pop_table is not None:
        pop = pop_table["population_municipale"]
    elif "population" in communes.columns:
        pop = communes["population"]
    else:
        pop = None
    by_age = read_population_by_age(f["population_by_age"]) if "population_by_age" in f else None
    std = None
    if "standardised_population" in f:
        from .readers.drees import read_standardised_population

        std_table = read_standardised_population(
            f["standardised_population"], year=config.sources.standardised_population_year
        )
        std = std_table["standardised_population"]
        if pop is None and std_table["population"].notna().all():
            pop = std_table["population"]
    if pop is None and by_age is not None:
        from .schema import AGE_BANDS

        pop = by_age[list(AGE_BANDS)].sum(axis=1)
    if pop is None:
        raise SourceError(
            "no population: give sources.populations (populations légales), a POPULATION field in "
            "sources.communes, or sources.population_by_age"
        )
    communes = communes.assign(population=pd.Series(pop).reindex(communes.index).to_numpy(dtype=float))
    missing_pop = communes["population"].isna()
    if missing_pop.any():
        warnings.warn(
            f"{int(missing_pop.sum())} commune(s) have no population and count as 0 "
            f"(e.g. {', '.join(communes.index[missing_pop][:5])}); check the COG vintages of the inputs match",
            stacklevel=2,
        )
        communes = communes.assign(population=communes["population"].fillna(0.0))
    try:
        chefs_lieux = read_chefs_lieux(f["communes"])
    except AccessMapError:  # no chef-lieu layer: a point inside each commune polygon
        chefs_lieux = gpd.GeoDataFrame(
            {"nom": communes["nom"]}, geometry=communes.geometry.representative_point(), crs=communes.crs
        )
    chefs_lieux = chefs_lieux.to_crs(communes.crs) if chefs_lieux.crs != communes.crs else chefs_lieux
    known = communes.index
    practitioners = read_practitioner_activity(f["practitioners"], known_communes=known)
    msp = None
    if "msp" in f:
        finess = read_finess(f["msp"], categories=("603", "124"))
        msp = structures_from_finess(finess).to_crs(communes.crs)
    return Territory(
        label=config.label,
        communes=communes,
        chefs_lieux=chefs_lieux,
        population_by_age=by_age,
        practitioners=practitioners,
        standardised_population=std,
        msp=msp,
        cpts=read_cpts(f["cpts"], known_communes=known) if "cpts" in f else None,
        tvs=read_tvs(f["tvs"], known_communes=known)[["code_tvs", "libelle_tvs"]] if "tvs" in f else None,
        qpv=read_qpv(f["qpv"], known_communes=known) if "qpv" in f else None,
        previous_zoning=read_zoning(f["previous_zoning"], known_communes=known)[["zonage"]]
        if "previous_zoning" in f
        else None,
        zoning_caps=read_zoning_caps(f["zoning_caps"]) if "zoning_caps" in f else None,
        input_files=tuple(sorted(Path(p) for p in f.values())),
    )


def _complete_regions(
    communes: gpd.GeoDataFrame, pop_table: pd.DataFrame | None, cog_path: Path | None
) -> gpd.GeoDataFrame:
    """Fill ``code_departement``/``code_region`` from the populations légales or the COG when the contours lack them."""
    from .readers.insee import read_cog_communes

    out = communes
    for col in ("code_departement", "code_region"):
        if col in out.columns and out[col].notna().all():
            continue
        filled = out[col] if col in out.columns else pd.Series(pd.NA, index=out.index, dtype=object)
        for table in (pop_table, read_cog_communes(cog_path) if cog_path is not None else None):
            if table is not None and col in table.columns:
                filled = filled.fillna(table[col].reindex(out.index))
        out = out.assign(**{col: filled})
        missing = out.index[out[col].isna()]
        if len(missing):
            raise SourceError(
                f"{len(missing)} commune(s) have no {col} (e.g. {', '.join(missing[:5])}): the contours lack it; "
                "give sources.populations (populations légales, with REG/DEP) or sources.cog_communes"
            )
    return out


def demo_config(*, output_dir: str | Path = "out/demo", maps_dir: str | Path = "maps/demo") -> RefreshConfig:
    """The configuration of ``access-map demo``: every profession on the embedded demo territory.

    Examples
    --------
    >>> cfg = demo_config()
    >>> cfg.sources.demo, [p.name for p in cfg.professions][:2]
    (True, ['medecin_generaliste', 'infirmier'])
    """
    return parse_config(
        {
            "name": "demo",
            "label": "Territoire de démonstration (fictif)",
            "sources": {"demo": True},
            "professions": [
                {"name": "medecin_generaliste", "vintage": 2023, "max_ages": [0, 65]},
                {"name": "infirmier", "vintage": 2023},
                {"name": "masseur_kinesitherapeute", "vintage": 2023},
                {"name": "chirurgien_dentiste", "vintage": 2023},
                {"name": "sage_femme", "vintage": 2023},
            ],
            "outputs": {"directory": str(output_dir), "maps_directory": str(maps_dir)},
        },
        base_dir=Path.cwd(),
        source="demo configuration",
    )


# --------------------------------------------------------------------------- helpers


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_table(df: pd.DataFrame, directory: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    written = []
    frame = pd.DataFrame(df.drop(columns="geometry", errors="ignore"))
    if "csv" in formats:
        with atomic_path(directory / f"{name}.csv") as tmp:
            frame.to_csv(tmp, encoding="utf-8", lineterminator="\n", float_format="%.10g")
        written.append(directory / f"{name}.csv")
    if "parquet" in formats:
        with atomic_path(directory / f"{name}.parquet") as tmp:
            frame.to_parquet(tmp, index=True)
        written.append(directory / f"{name}.parquet")
    if "gpkg" in formats and isinstance(df, gpd.GeoDataFrame):
        with atomic_path(directory / f"{name}.gpkg") as tmp:
            df.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
        written.append(directory / f"{name}.gpkg")
    return written


@contextmanager
def _deterministic_gdal() -> Iterator[None]:
    """GeoPackages stamp the current date; pin it so unchanged inputs give identical files."""
    old = os.environ.get("OGR_CURRENT_DATE")
    os.environ["OGR_CURRENT_DATE"] = "2000-01-01T00:00:00Z"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("OGR_CURRENT_DATE", None)
        else:
            os.environ["OGR_CURRENT_DATE"] = old


# --------------------------------------------------------------------------- steps


def _road_times(config: RefreshConfig, territory: Territory) -> pd.DataFrame:
    """Road times with OSRM in process from the configured OpenStreetMap extract (graph cached)."""
    from .travel import build_osrm_graph, road_times

    tr = config.travel
    osm = tr.osm_path
    if tr.osm_fetch is not None:
        from .datasets import fetch

        osm = fetch(tr.osm_fetch[0], vintage=tr.osm_fetch[1])
    assert osm is not None
    graph = build_osrm_graph(osm, profile=tr.profile)
    times = road_times(territory.chefs_lieux, graph=graph, max_minutes=tr.max_minutes)
    return times[["origin", "destination", "minutes"]]


def _travel_times(config: RefreshConfig, territory: Territory) -> pd.DataFrame:
    from .travel import crow_fly_times_local, read_travel_times

    tr = config.travel
    if tr.method == "osrm":
        return _road_times(config, territory)
    if tr.method == "file":
        assert tr.path is not None
        cols = {k: tr.columns[k] for k in ("origin", "destination", "minutes") if k in tr.columns}
        return read_travel_times(tr.path, max_minutes=tr.max_minutes, **cols)
    # each territory (mainland, each overseas department) in its own projected CRS
    return crow_fly_times_local(
        territory.chefs_lieux,
        max_minutes=tr.max_minutes,
        intercept_minutes=tr.intercept_minutes,
        minutes_per_km=tr.minutes_per_km,
    )


def _apl(config: RefreshConfig, territory: Territory, times: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    from .apl import APLParams, apl_variants, demand_from_population

    columns = {}
    demands: dict[str, pd.Series] = {}
    for prof in config.professions:
        with warnings.catch_warnings():
            # the catchment of non-GP professions is "to verify": the warning is recorded in the report
            warnings.simplefilter("ignore")
            params = APLParams.for_profession(prof.name, prof.vintage)
        if territory.population_by_age is not None:
            demand = demand_from_population(territory.population_by_age, params=params)
        elif prof.name == "medecin_generaliste" and territory.standardised_population is not None:
            demand = territory.standardised_population.reindex(territory.communes.index)
            if demand.isna().any():
                warnings.warn(
                    f"{int(demand.isna().sum())} commune(s) have no standardised population and count as 0 "
                    f"(e.g. {', '.join(demand.index[demand.isna()][:5])}); check the COG vintages match",
                    stacklevel=2,
                )
                demand = demand.fillna(0.0)
        else:
            raise AccessMapError(
                f"the APL of {prof.name} needs sources.population_by_age (the standardised population "
                "published by DREES only serves the GP APL)"
            )
        demands[prof.name] = demand
        supply = territory.practitioners[territory.practitioners["profession"] == prof.name]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            variants = apl_variants(supply, demand, times, params=params, max_ages=prof.max_ages)
        for col in variants.columns:
            columns[f"{prof.name}__{col}"] = variants[col]
        columns[f"{prof.name}__demande"] = demand
    table = pd.DataFrame(columns).reindex(territory.communes.index)
    table.index.name = CODE
    return table, demands


def _gp_column(config: RefreshConfig, apl_table: pd.DataFrame, max_age: int | None) -> str:
    from .apl import variant_column

    col = f"medecin_generaliste__{variant_column(max_age)}"
    if col not in apl_table.columns:
        raise AccessMapError(
            f"the zoning needs the GP APL variant {variant_column(max_age)!r}: add {max_age or 0} to "
            "max_ages of the medecin_generaliste profession in the configuration"
        )
    return col


def _zoning(config: RefreshConfig, territory: Territory, apl_table: pd.DataFrame) -> dict[str, Any]:
    from .zoning import ZoningRules, compute_zoning, zoning_diff, zoning_summary

    out: dict[str, Any] = {}
    if territory.tvs is None or territory.zoning_caps is None:
        return out
    col = _gp_column(config, apl_table, config.zoning.max_age)
    communes = pd.DataFrame(
        {
            "apl": apl_table[col],
            "standardised_population": apl_table["medecin_generaliste__demande"],
            "population": territory.communes["population"],
            "code_region": territory.communes["code_region"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = compute_zoning(
            communes,
            tvs=territory.tvs,
            caps=territory.zoning_caps,
            rules=ZoningRules.from_name(config.zoning.rules),
            qpv=territory.qpv,
            in_force=territory.previous_zoning,  # starting point of the 2021+ rules (DREES's application)
        )
    out["result"] = result
    zonage = result.communes["zonage"]
    out["summary"] = zoning_summary(
        zonage, population=territory.communes["population"], regions=territory.communes["code_region"]
    )
    if territory.previous_zoning is not None:
        out["diff"] = zoning_diff(
            territory.previous_zoning["zonage"],
            zonage,
            population=territory.communes["population"],
            regions=territory.communes["code_region"],
            tvs=territory.tvs["code_tvs"],
        )
    return out


def _cpts(territory: Territory, zonage: pd.Series | None) -> dict[str, pd.DataFrame]:
    from . import cpts as cp

    if territory.cpts is None:
        return {}
    communes = pd.DataFrame(territory.communes.drop(columns="geometry"))
    out = {
        "cpts": cp.cpts_table(territory.cpts, communes),
        "couverture_departements": cp.coverage(territory.cpts, communes, level="departement"),
        "couverture_regions": cp.coverage(territory.cpts, communes, level="region"),
        "couverture_signees_regions": cp.coverage(
            territory.cpts, communes, level="region", statuses="contrat ACI signé"
        ),
        "chevauchements": cp.overlaps(territory.cpts, communes),
        "zones_blanches": cp.uncovered_communes(territory.cpts, communes, zoning=zonage),
    }
    dates = territory.cpts["date_signature"].dropna()
    if len(dates):
        years = range(int(dates.min().year), int(dates.max().year) + 1)
        out["progression"] = cp.coverage_progress(
            territory.cpts, communes, [f"{y}-12-31" for y in years], statuses="contrat ACI signé"
        )
    if zonage is not None:
        out["zones_blanches_par_zonage"] = cp.uncovered_by_zoning(territory.cpts, communes, zonage)
    return out


def _msp(
    config: RefreshConfig, territory: Territory, times: pd.DataFrame, zonage: pd.Series | None
) -> dict[str, pd.DataFrame]:
    from . import msp as ms

    if territory.msp is None:
        return {}
    structures = pd.DataFrame(territory.msp.drop(columns="geometry"))
    communes = pd.DataFrame(territory.communes.drop(columns="geometry"))
    out: dict[str, pd.DataFrame] = {}
    for level, name in (("departement", "departements"), ("region", "regions")):
        out[f"msp_{name}"] = ms.structure_counts(structures, communes, level=level)
        out[f"centres_sante_{name}"] = ms.structure_counts(structures, communes, level=level, categories=("124",))
    out["msp_inegalites_departements"] = ms.disparities(out["msp_departements"].reset_index(), date_column=None)
    for minutes in config.msp_minutes:
        out[f"msp_population_{int(minutes)}min"] = ms.population_within(
            structures, communes, times, max_minutes=minutes, level="departement"
        )
    if zonage is not None:
        out["msp_zonage"] = ms.zoning_shares(structures, communes, zonage)
    return out


def _headline(
    territory: Territory, apl_table: pd.DataFrame, zoning: dict[str, Any], cpts_out: dict, msp_out: dict
) -> dict[str, Any]:
    pop = territory.communes["population"]
    total = float(pop.sum())
    h: dict[str, Any] = {"communes": int(len(pop)), "population": total}
    if "medecin_generaliste__apl" in apl_table:
        w = apl_table["medecin_generaliste__demande"]
        a = apl_table["medecin_generaliste__apl"]
        h["apl_mg_moyenne"] = float((a * w).sum() / w.sum())
        h["part_population_apl_mg_le_2_5"] = float(pop[a <= 2.5].sum() / total)
    if "result" in zoning:
        z = zoning["result"].communes["zonage"].reindex(pop.index)
        h["part_population_par_zonage"] = {c: float(pop[z == c].sum() / total) for c in ZONING_CLASSES}
    if territory.previous_zoning is not None:
        zp = territory.previous_zoning["zonage"].reindex(pop.index)
        h["part_population_par_zonage_precedent"] = {c: float(pop[zp == c].sum() / total) for c in ZONING_CLASSES}
    if "zones_blanches" in cpts_out:
        wb = cpts_out["zones_blanches"]
        h["part_population_couverte_cpts"] = 1.0 - float(wb["population"].sum() / total) if "population" in wb else None
    if territory.msp is not None:
        n_msp = int((territory.msp["categorie"].astype(str) == "603").sum())
        h["msp"] = n_msp
        h["msp_pour_100000"] = n_msp / total * 1e5
    return h


# --------------------------------------------------------------------------- driver


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    return obj


def run_refresh(config: RefreshConfig, *, progress: ProgressCallback | None = None) -> RefreshResult:
    """Run the whole refresh described by ``config``; outputs are swapped in atomically at the end.

    Parameters
    ----------
    config
        The refresh configuration (:func:`~access_map.config.load_config`, or :func:`demo_config`).
    progress
        Called as ``progress(step_name, step_number, n_steps)`` before each step of :data:`STEPS`.

    Returns
    -------
    RefreshResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> res = run_refresh(demo_config(output_dir=root / "out", maps_dir=root / "maps"))  # doctest: +SKIP
    >>> (root / "out" / "provenance.json").exists()  # doctest: +SKIP
    True
    """
    out_target = Path(config.outputs.directory).resolve()
    maps_target = Path(config.outputs.maps_directory).resolve()
    if out_target == maps_target or out_target in maps_target.parents or maps_target in out_target.parents:
        raise AccessMapError(
            f"outputs.directory ({out_target}) and outputs.maps_directory ({maps_target}) must be separate folders"
        )
    timings: dict[str, float] = {}
    step_no = 0
    t_start = time.perf_counter()
    caught: list[str] = []

    @contextmanager
    def step(name: str) -> Iterator[None]:
        nonlocal step_no
        step_no += 1
        if progress is not None:
            progress(name, step_no, len(STEPS))
        t0 = time.perf_counter()
        yield
        timings[name] = round(time.perf_counter() - t0, 3)

    result = RefreshResult(output_dir=out_target, maps_dir=maps_target)
    with DirectorySwap(out_target) as out_dir, DirectorySwap(maps_target) as maps_dir, _deterministic_gdal():
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            with step("lecture des données"):
                territory = load_territory(config)
            with step("temps de trajet"):
                times = _travel_times(config, territory)
            with step("APL"):
                apl_table, _ = _apl(config, territory, times)
            with step("zonage"):
                zoning = _zoning(config, territory, apl_table)
            zonage = zoning["result"].communes["zonage"] if "result" in zoning else None
            with step("CPTS"):
                cpts_out = _cpts(territory, zonage)
            with step("MSP"):
                msp_out = _msp(config, territory, times, zonage)
            caught = sorted({str(x.message) for x in w})
        tables: dict[str, pd.DataFrame] = {}
        with step("tableaux"):
            apl_gdf = gpd.GeoDataFrame(
                apl_table.join(territory.communes[["nom", "code_departement", "code_region", "population"]]),
                geometry=territory.communes.geometry,
                crs=territory.communes.crs,
            )
            tables["apl_communes"] = apl_gdf
            from .apl import aggregate_apl

            for level in ("code_departement", "code_region"):
                if "medecin_generaliste__apl" in apl_table:
                    tables[f"apl_mg_{level.removeprefix('code_')}s"] = aggregate_apl(
                        apl_table["medecin_generaliste__apl"],
                        weights=apl_table["medecin_generaliste__demande"],
                        groups=territory.communes[level],
                        population=territory.communes["population"],
                    )
            if "result" in zoning:
                zr = zoning["result"]
                tables["zonage_communes"] = zr.communes
                tables["zonage_tvs"] = zr.tvs
                tables["zonage_qpv"] = zr.qpv
                tables["zonage_resume"] = zoning["summary"]
                tables["zonage_controles"] = (
                    zr.report.violations if hasattr(zr.report, "violations") else zr.report.errors
                )
                if "diff" in zoning:
                    tables["zonage_diff_communes"] = zoning["diff"].communes
                    tables["zonage_diff_transitions"] = zoning["diff"].transitions
                    tables["zonage_diff_resume"] = zoning["diff"].summary
            tables.update(cpts_out)
            tables.update(msp_out)
            for name, df in tables.items():
                if isinstance(df, pd.DataFrame):
                    result.files += _write_table(df, out_dir, name, config.outputs.table_formats)
        with step("cartes"):
            map_inputs = MapInputs(
                label=territory.label,
                communes=territory.communes,
                apl_table=apl_table,
                zoning=zoning["result"].communes if "result" in zoning else None,
                previous_zoning=territory.previous_zoning["zonage"] if territory.previous_zoning is not None else None,
                zoning_qpv=zoning["result"].qpv if "result" in zoning else None,
                cpts=territory.cpts,
                msp=territory.msp,
                departements=territory.departements,
                times=times,
                tables={**cpts_out, **msp_out},
                source=map_source(config, territory.label),
            )
            maps_written = write_maps(
                map_inputs, professions=config.professions, outputs=config.outputs, directory=maps_dir
            )
            result.files += maps_written
        with step("rasters"):
            if config.outputs.raster:
                result.files += write_rasters(
                    territory.communes,
                    apl_table,
                    professions=config.professions,
                    outputs=config.outputs,
                    directory=maps_dir,
                )
        with step("rapport"):
            headline = _headline(territory, apl_table, zoning, cpts_out, msp_out)
            write_report(
                config,
                territory.label,
                headline,
                tables,
                maps_written,
                maps_target,
                out_dir / "rapport.html",
                zoning,
            )
            result.files.append(out_dir / "rapport.html")
        timings["total"] = round(time.perf_counter() - t_start, 3)
        provenance = {
            "access_map_version": __version__,
            "python": platform.python_version(),
            "libraries": _library_versions(),
            "configuration": _jsonable(asdict(config)),
            "inputs": {str(p): _sha256(Path(p)) for p in territory.input_files},
            "warnings": caught,
            "outputs": sorted(
                str(p.relative_to(out_dir if p.is_relative_to(out_dir) else maps_dir)) for p in result.files
            ),
            "headline": _jsonable(headline),
            "timings_seconds": timings,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        with atomic_path(out_dir / "provenance.json") as tmp:
            tmp.write_text(json.dumps(provenance, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    result.files = [
        (out_target / p.relative_to(out_dir)) if p.is_relative_to(out_dir) else (maps_target / p.relative_to(maps_dir))
        for p in result.files
    ] + [out_target / "provenance.json"]
    result.headline = headline
    result.timings = timings
    return result


def _library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("numpy", "scipy", "pandas", "geopandas", "shapely", "folium", "rasterio", "mapclassify", "pyogrio"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover
            out[name] = "absent"
    return out
