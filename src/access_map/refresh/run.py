"""The refresh driver: :func:`run_refresh` runs every step, records every warning and swaps the outputs in."""

from __future__ import annotations

import json
import platform
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import __version__
from .._atomic import atomic_path
from ..communes import with_region_names
from ..config import RefreshConfig
from ..maps.credits import data_vintage
from ..maps.publish import MapInputs, map_source, write_maps, write_rasters
from ..messages import refresh as msg_refresh
from ..messages.supply import activite_imputee
from ..outputs import OutputFolders, paths_in
from ..report import write_report
from ..supply import stamp_partial_supply
from ..territory import Territory
from . import steps
from .inputs import apl_parameters, context_margin_km, territory_from_config, travel_max_minutes
from .outputs import deterministic_gdal, jsonable, library_versions, sha256, write_table
from .published import PublishedRun, published_apl_table, published_config, published_inputs
from .regions import label_partial_regions, partial_region_notes

__all__ = ["STEPS", "RefreshResult", "run_refresh", "data_warnings", "output_folders"]

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
#: ``step_done(step_name, step_number, n_steps, seconds)``: a step ended, after ``seconds`` of its own.
StepDoneCallback = Callable[[str, int, int, float], None]


@dataclass
class RefreshResult:
    """What a refresh produced: output folders, files written, headline figures, timings (s).

    ``warnings`` lists every distinct data warning of the run (also in ``rapport.html`` and
    ``provenance.json``, and emitted again as Python warnings when the run ends); ``notes`` the
    explicit modelling choices the report states (imputed activity, changed catchment, selection).
    """

    output_dir: Path
    maps_dir: Path
    files: list[Path] = field(default_factory=list)
    headline: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def data_warnings(records: list[warnings.WarningMessage]) -> list[str]:
    """Distinct messages of the data warnings (``UserWarning`` and subclasses) among ``records``, in order.

    Examples
    --------
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("3 communes dropped"); warnings.warn("3 communes dropped")
    ...     warnings.warn("old API", DeprecationWarning)
    >>> data_warnings(w)
    ['3 communes dropped']
    """
    seen: dict[str, None] = {}
    for w in records:
        if issubclass(w.category, UserWarning):
            seen.setdefault(str(w.message), None)
    return list(seen)


@dataclass
class _Computed:
    """Results of the computing steps, for the writing steps."""

    territory: Territory
    times: pd.DataFrame
    apl: pd.DataFrame
    zoning: dict[str, Any]
    cpts: dict[str, pd.DataFrame]
    msp: dict[str, pd.DataFrame]
    notes: list[str]
    max_minutes: float
    published: PublishedRun | None = None
    partial_supply: list[str] = field(default_factory=list)


def _notes(config: RefreshConfig, territory: Territory, full: Territory, imputation: dict[str, Any]) -> list[str]:
    """French statements of the explicit choices of the run, for the report."""
    notes = []
    if territory.selection:
        notes.append(
            f"Territoire : {territory.selection.describe()} ({len(territory.communes)} communes) ; "
            f"{len(full.communes) - len(territory.communes)} communes voisines (à moins de "
            f"{full.selection.margin_km or 0:.0f} km) entrent dans le calcul de l'APL sans être restituées."
        )
    for prof in config.professions:
        if prof.catchment_minutes is not None:
            notes.append(
                f"APL {prof.name} : zone de chalandise changée explicitement à {prof.catchment_minutes:g} min."
            )
    if imputation.get("establishments"):
        notes.append(imputation["establishments"])
    if imputation["practitioners"]:
        notes.append(
            activite_imputee(
                practitioners=imputation["practitioners"],
                acts=imputation["acts"],
                column="medecin_generaliste__offre_imputee",
            )
        )
    return notes


def _compute_published(config: RefreshConfig, step: Callable[[str], Any]) -> _Computed:
    """The published entry: the DREES APL as published (no travel times for the APL, no computation)."""
    with step("lecture des données"):
        run = published_inputs(config)
        territory = run.territory
    with step("temps de trajet"):
        max_minutes = float(max(config.msp_minutes)) if territory.msp is not None else 0.0
        times = (
            steps.travel_times(config, territory, max_minutes=max_minutes)
            if territory.msp is not None
            else pd.DataFrame(columns=["origin", "destination", "minutes"])
        )
    with step("APL"):
        apl = published_apl_table(run)
    with step("zonage"):
        zoning = steps.zoning_outputs(config, territory, apl)
    zonage = zoning["result"].communes["zonage"] if "result" in zoning else None
    with step("CPTS"):
        cpts_out = steps.cpts_outputs(territory, zonage)
    with step("MSP"):
        msp_out = steps.msp_outputs(config, territory, times, zonage)
    from ..atlas.report import atlas_notes

    notes = atlas_notes(run)
    return _Computed(territory, times, apl, zoning, cpts_out, msp_out, notes, max_minutes, run)


def _compute(config: RefreshConfig, step: Callable[[str], Any]) -> _Computed:
    if config.sources.publishes:
        return _compute_published(config, step)
    with step("lecture des données"):
        params = apl_parameters(config)
        max_minutes = travel_max_minutes(config, params)
        full = territory_from_config(config, margin_km=context_margin_km(config, max_minutes))
        territory = full.core()
    with step("temps de trajet"):
        times = steps.travel_times(config, full, max_minutes=max_minutes)
    with step("APL"):
        apl, imputation = steps.apl_table(config, full, times, params)
        apl = apl.reindex(territory.communes.index)
    with step("zonage"):
        zoning = steps.zoning_outputs(config, territory, apl)
    zonage = zoning["result"].communes["zonage"] if "result" in zoning else None
    with step("CPTS"):
        cpts_out = steps.cpts_outputs(territory, zonage)
    with step("MSP"):
        msp_out = steps.msp_outputs(config, territory, times, zonage)
    notes = _notes(config, territory, full, imputation) + partial_region_notes(territory, zoning)
    return _Computed(
        territory,
        times,
        apl,
        zoning,
        cpts_out,
        msp_out,
        notes,
        max_minutes,
        partial_supply=list(imputation["partial_supply"]),
    )


def _tables(c: _Computed) -> dict[str, pd.DataFrame]:
    from ..apl import aggregate_apl

    communes = c.territory.communes
    tables: dict[str, pd.DataFrame] = {
        "apl_communes": gpd.GeoDataFrame(
            c.apl.join(communes[["nom", "code_departement", "code_region", "population"]]),
            geometry=communes.geometry,
            crs=communes.crs,
        )
    }
    if c.published is not None:  # the atlas's areas come from the workbook's own communes
        values = c.published.values.drop(columns=["apl", "apl_65", "standardised_population", "population"])
        tables["apl_communes"] = tables["apl_communes"].join(values)
        tables.update(c.published.atlas)
    elif "medecin_generaliste__apl" in c.apl:
        for level in ("code_departement", "code_region"):
            aggregated = aggregate_apl(
                c.apl["medecin_generaliste__apl"],
                weights=c.apl["medecin_generaliste__demande"],
                groups=communes[level],
                population=communes["population"],
            )
            tables[f"apl_mg_{level.removeprefix('code_')}s"] = aggregated.rename(columns=msg_refresh.entete_agregat)
    if "result" in c.zoning:
        zr = c.zoning["result"]
        tables.update(
            zonage_communes=zr.communes,
            zonage_tvs=zr.tvs,
            zonage_qpv=zr.qpv,
            zonage_resume=c.zoning["summary"],
            zonage_controles=zr.report.violations,
        )
        if "diff" in c.zoning:
            d = c.zoning["diff"]
            tables.update(
                zonage_diff_communes=d.communes, zonage_diff_transitions=d.transitions, zonage_diff_resume=d.summary
            )
    # regions are named, not only coded, and a supply declared partial is stated (column avertissement_offre) in
    # every table, read alone or not
    labelled = label_partial_regions({**tables, **c.cpts, **c.msp}, c.territory)
    return {name: stamp_partial_supply(with_region_names(df), c.partial_supply) for name, df in labelled.items()}


def _maps(config: RefreshConfig, c: _Computed, maps_dir: Path) -> list[Path]:
    map_inputs = MapInputs(
        label=c.territory.label,
        communes=c.territory.communes,
        apl_table=c.apl,
        zoning=c.zoning["result"].communes if "result" in c.zoning else None,
        previous_zoning=c.territory.previous_zoning["zonage"] if c.territory.previous_zoning is not None else None,
        zoning_qpv=c.zoning["result"].qpv if "result" in c.zoning else None,
        cpts=c.territory.cpts,
        msp=c.territory.msp,
        departements=c.territory.departements,
        times=c.times,
        tables={**c.cpts, **c.msp},
        source=published_source(c.published, c.territory.label) if c.published else map_source(config),
        zoning_max_age=config.zoning.max_age,
        # the year of the data: the workbook's sheet for the published APL, else the practitioner file's
        data_vintage=c.published.published.year if c.published else data_vintage(config),
        prefectures=_prefectures(c.territory),
        tvs_apl=c.published.values["apl_65_tvs"] if c.published is not None else None,
        apl_change=_change(c.published),
    )
    return write_maps(map_inputs, professions=config.professions, outputs=config.outputs, directory=maps_dir)


def _prefectures(territory: Territory) -> tuple[str, ...]:
    """The préfectures (``CHEFLIEU`` of the COG department table, ``sources.cog_departements``), when known."""
    table = territory.departement_table
    if table is None or "cheflieu" not in table.columns:
        return ()
    return tuple(str(c) for c in table["cheflieu"].dropna())


def published_source(run: PublishedRun, label: str) -> str:
    """The maps' source line for the APL as published: DREES, its vintage and its populations' (nothing computed).

    Examples
    --------
    >>> from access_map.atlas.tables import PublishedAPL
    >>> sheet = pd.DataFrame({"apl": [1.0]})
    >>> sheet.attrs["population_year"] = 2021
    >>> run = PublishedRun(None, PublishedAPL({2023: sheet}, 2023, 2022), {}, sheet, Path("apl.xlsx"))  # type: ignore[arg-type]
    >>> published_source(run, "Gironde")
    'Gironde ; DREES, APL 2023 aux médecins généralistes (populations INSEE 2021), publiée ; évolution depuis l’APL 2022'
    """
    from ..messages.atlas import map_source_line

    p = run.published
    return map_source_line(
        label=label, year=p.year, population_year=p.current.attrs.get("population_year"), previous=p.previous
    )


def _change(run: PublishedRun | None) -> pd.DataFrame | None:
    """The published APL change per commune of the map, columns ``apl``, ``apl_65`` (earlier → later vintage)."""
    if run is None or run.published.previous is None:
        return None
    change = run.values[["evolution_apl", "evolution_apl_65"]].rename(columns=lambda c: c.removeprefix("evolution_"))
    change.attrs["years"] = (run.published.previous, run.published.year)
    return change


def _travel_inputs(times: pd.DataFrame) -> dict[str, Any]:
    """Files behind the travel times (a table or an OpenStreetMap extract) with their sha256."""
    out: dict[str, Any] = {}
    for path, info in times.attrs.get("travel_inputs", {}).items():
        # an extract's hash was computed when its graph was built (or found in the cache): not hashed twice
        out[path] = info if "sha256" in info else {"sha256": sha256(Path(path)), **info}
    return out


def _provenance(
    config: RefreshConfig, c: _Computed, result: RefreshResult, out_dir: Path, maps_dir: Path, other: list[str]
) -> dict[str, Any]:
    return {
        "access_map_version": __version__,
        "python": platform.python_version(),
        "libraries": library_versions(),
        "configuration": jsonable(asdict(config)),
        "travel_max_minutes": c.max_minutes,
        "inputs": {str(p): sha256(Path(p)) for p in c.territory.input_files},
        "travel_inputs": _travel_inputs(c.times),
        "warnings": result.warnings,
        "other_warnings": other,
        "notes": result.notes,
        "outputs": sorted(str(p.relative_to(out_dir if p.is_relative_to(out_dir) else maps_dir)) for p in result.files),
        "headline": jsonable(result.headline),
        "timings_seconds": result.timings,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def output_folders(config: RefreshConfig) -> OutputFolders:
    """The two output folders of a refresh (tables and report; maps and rasters), written as one.

    Their inputs are every file the configuration names and the configuration itself: no output folder may be
    or contain one. A folder written by a version without manifests is recognised by its ``provenance.json``.

    Examples
    --------
    >>> from access_map.refresh import demo_config
    >>> folders = output_folders(demo_config(output_dir="o", maps_dir="m"))
    >>> folders.roles, [p.name for p in folders.targets]
    (['tables', 'maps'], ['o', 'm'])
    """
    out_target = Path(config.outputs.directory)
    return OutputFolders(
        {"tables": out_target, "maps": Path(config.outputs.maps_directory)},
        command="refresh",
        inputs=paths_in([config.sources, config.travel, config.source_file]),
        legacy_index=out_target / "provenance.json",
    )


def run_refresh(
    config: RefreshConfig, *, progress: ProgressCallback | None = None, step_done: StepDoneCallback | None = None
) -> RefreshResult:
    """Run the whole refresh described by ``config``; outputs are swapped in atomically at the end.

    Every warning raised by a step is recorded; the data warnings (``UserWarning`` and subclasses, e.g.
    :class:`~access_map.readers._io.SourceWarning`) are listed in ``rapport.html``, ``provenance.json``
    and :attr:`RefreshResult.warnings`, and every recorded warning is emitted again when the run ends,
    so that nothing is hidden from the caller.

    Parameters
    ----------
    config
        The refresh configuration (:func:`~access_map.config.load_config`, or :func:`demo_config`).
    progress
        Called as ``progress(step_name, step_number, n_steps)`` before each step of :data:`STEPS`.
    step_done
        Called as ``step_done(step_name, step_number, n_steps, seconds)`` when a step ends, with the step's
        own duration (the value stored in :attr:`RefreshResult.timings`).

    Returns
    -------
    RefreshResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from access_map.refresh import demo_config
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> res = run_refresh(demo_config(output_dir=root / "out", maps_dir=root / "maps"))  # doctest: +SKIP
    >>> (root / "out" / "provenance.json").exists()  # doctest: +SKIP
    True
    """
    folders = output_folders(config)
    out_target, maps_target = folders.targets
    if config.sources.publishes:
        config = published_config(config)  # the workbook's vintage; nothing computed
    result = RefreshResult(output_dir=out_target, maps_dir=maps_target)
    t_start = time.perf_counter()
    step = _step_timer(result, progress, step_done)
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        with folders as staged, deterministic_gdal():
            out_dir, maps_dir = staged["tables"], staged["maps"]
            computed = _compute(config, step)
            result.notes = computed.notes
            with step("tableaux"):
                tables = _write_tables(config, computed, result, out_dir)
            with step("cartes"):
                maps_written = _maps(config, computed, maps_dir)
                result.files += maps_written
            with step("rasters"):
                _write_rasters(config, computed, result, maps_dir)
            with step("rapport"):
                _write_report(config, computed, result, records, tables, maps_written, maps_target, out_dir)
            result.timings["total"] = round(time.perf_counter() - t_start, 3)
            _write_provenance(config, computed, result, records, out_dir, maps_dir)
    result.files = _final_paths(result.files, out_dir, maps_dir, out_target, maps_target)
    _emit_again(records)
    return result


def _step_timer(
    result: RefreshResult, progress: ProgressCallback | None, step_done: StepDoneCallback | None
) -> Callable[[str], AbstractContextManager[None]]:
    """Phase 0: the ``step(name)`` context manager that reports progress and times each step into ``result``."""
    step_no = 0

    @contextmanager
    def step(name: str) -> Iterator[None]:
        nonlocal step_no
        step_no += 1
        if progress is not None:
            progress(name, step_no, len(STEPS))
        t0 = time.perf_counter()
        yield
        result.timings[name] = round(time.perf_counter() - t0, 3)
        if step_done is not None:
            step_done(name, step_no, len(STEPS), result.timings[name])

    return step


def _write_tables(
    config: RefreshConfig, computed: _Computed, result: RefreshResult, out_dir: Path
) -> dict[str, pd.DataFrame]:
    """Step "tableaux": write every table in the configured formats (and the run's GeoPackage); return the tables."""
    tables = _tables(computed)
    for name, df in tables.items():
        result.files += write_table(df, out_dir, name, config.outputs.table_formats)
    if "gpkg" in config.outputs.table_formats and isinstance(tables["apl_communes"], gpd.GeoDataFrame):
        from .layers import write_run_geopackage

        result.files.append(
            write_run_geopackage(out_dir / f"{config.name}.gpkg", tables, computed.zoning, tvs=computed.territory.tvs)
        )
    return tables


def _write_rasters(config: RefreshConfig, computed: _Computed, result: RefreshResult, maps_dir: Path) -> None:
    """Step "rasters": write the GeoTIFFs when the configuration asks for them."""
    if config.outputs.raster:
        result.files += write_rasters(
            computed.territory.communes,
            computed.apl,
            professions=config.professions,
            outputs=config.outputs,
            directory=maps_dir,
        )


def _write_report(
    config: RefreshConfig,
    computed: _Computed,
    result: RefreshResult,
    records: list[warnings.WarningMessage],
    tables: dict[str, pd.DataFrame],
    maps_written: list[Path],
    maps_target: Path,
    out_dir: Path,
) -> None:
    """Step "rapport": headline figures, the data warnings recorded so far, and ``rapport.html``."""
    result.headline = steps.headline(
        computed.territory,
        computed.apl,
        computed.zoning,
        computed.cpts,
        partial_supply=computed.partial_supply,
    )
    sections: list[str] = []
    source_lines: list[str] | None = None
    if computed.published is not None:
        from ..atlas.report import atlas_headline, atlas_sections, atlas_source_lines

        result.headline.update(atlas_headline(computed.published))
        sections = atlas_sections(computed.published)
        source_lines = atlas_source_lines(computed.published)
    result.warnings = data_warnings(records)
    write_report(
        config,
        computed.territory.label,
        result.headline,
        tables,
        maps_written,
        maps_target,
        out_dir / "rapport.html",
        computed.zoning,
        warnings=result.warnings,
        notes=result.notes,
        travel_max_minutes=computed.max_minutes,
        sections=sections,
        source_lines=source_lines,
    )
    result.files.append(out_dir / "rapport.html")


def _write_provenance(
    config: RefreshConfig,
    computed: _Computed,
    result: RefreshResult,
    records: list[warnings.WarningMessage],
    out_dir: Path,
    maps_dir: Path,
) -> None:
    """Last phase in the staging folders: ``provenance.json``, with the non-data warnings recorded."""
    other = sorted({str(w.message) for w in records if not issubclass(w.category, UserWarning)})
    provenance = _provenance(config, computed, result, out_dir, maps_dir, other)
    with atomic_path(out_dir / "provenance.json") as tmp:
        tmp.write_text(json.dumps(provenance, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _final_paths(files: list[Path], out_dir: Path, maps_dir: Path, out_target: Path, maps_target: Path) -> list[Path]:
    """After the swap: the written files' paths moved from the staging folders to the final ones."""
    return [
        (out_target / p.relative_to(out_dir)) if p.is_relative_to(out_dir) else (maps_target / p.relative_to(maps_dir))
        for p in files
    ] + [out_target / "provenance.json"]


def _emit_again(records: list[warnings.WarningMessage]) -> None:
    """Emit every distinct recorded warning again, so that nothing recorded is lost for the caller."""
    seen: set[tuple[type[Warning], str]] = set()
    for w in records:
        if (w.category, str(w.message)) not in seen:
            seen.add((w.category, str(w.message)))
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
