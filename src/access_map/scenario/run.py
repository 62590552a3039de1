"""Batch run of a ``scenario.toml``: baseline, scenarios, placement, uncertainty; tables, maps and a report.

:func:`run_scenarios` loads the territory with the package's one loader
(:func:`access_map.refresh.load_territory`, the embedded demo or a refresh configuration),
prepares the baseline (from the practitioners, or from the official APL through
:func:`~access_map.scenario.implied_supply`), evaluates every scenario, places the new sites,
runs the Monte Carlo draws, and writes into ``outputs.directory`` the tables (CSV) and
``rapport.html``, and into ``outputs.maps_directory`` the maps. Both folders are staged and
swapped in at the end (an interrupted run leaves the previous outputs intact).
"""

from __future__ import annotations

import contextlib
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..apl import APLParams
from ..config import ConfigError
from ..errors import AccessMapError, InvalidCodeError, InvalidValueError
from ..messages import scenario as msg
from ..outputs import OutputFolders, paths_in
from ..zoning import ZoningRules
from .baseline import Baseline, prepare_baseline
from .changes import Change, ReplaceTimes
from .config import ScenarioConfig, TravelFactor, TravelFile, check_scenario_communes
from .evaluate import ScenarioResult, evaluate_scenario
from .implied import ImpliedSupply, implied_supply
from .placement import PlacementResult, place_practices
from .uncertainty import MonteCarloResult, monte_carlo
from .zoning_outcome import NO_TVS, ZoningBaseline, prepare_zoning

__all__ = ["ScenarioRun", "TerritoryBaseline", "output_folders", "prepare_territory_baseline", "run_scenarios"]

ProgressCallback = Callable[[str], None]


@dataclass
class ScenarioRun:
    """What :func:`run_scenarios` computed and wrote."""

    baseline: Baseline
    scenarios: list[ScenarioResult] = field(default_factory=list)
    placement: PlacementResult | None = None
    uncertainty: MonteCarloResult | None = None
    implied: ImpliedSupply | None = None
    zoning: ZoningBaseline | None = None
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _territory(config: ScenarioConfig, *, max_minutes: float) -> tuple[Any, Any]:
    from ..config import load_config
    from ..refresh import context_margin_km, demo_config, territory_from_config

    refresh_config = demo_config() if config.territory == "demo" else load_config(Path(config.territory))
    # a department/region selection keeps its neighbours within two catchment reaches (as the refresh does)
    margin = context_margin_km(refresh_config, max_minutes)
    return refresh_config, territory_from_config(refresh_config, margin_km=margin)


def _times(refresh_config: Any, territory: Any, *, max_minutes: float) -> pd.DataFrame:
    from ..refresh.steps import travel_times

    return travel_times(refresh_config, territory, max_minutes=max_minutes)


@dataclass(frozen=True, eq=False)
class TerritoryBaseline:
    """A territory prepared for its scenarios (:func:`prepare_territory_baseline`)."""

    baseline: Baseline
    times: pd.DataFrame
    territory: Any
    implied: ImpliedSupply | None
    zoning: ZoningBaseline


def _levels(territory: Any) -> pd.DataFrame:
    """Department, region and TVS of every commune (the communes outside every TVS: :data:`NO_TVS`)."""
    communes: pd.DataFrame = territory.communes
    levels = communes[[c for c in ("code_departement", "code_region") if c in communes.columns]]
    if territory.tvs is not None:
        levels = levels.join(territory.tvs["code_tvs"])
        levels["code_tvs"] = levels["code_tvs"].fillna(NO_TVS)
    return levels


def _check_ages(gps: pd.DataFrame | None, params: APLParams, *, official: bool) -> None:
    """An age-capped APL counted from a practitioner file without any age would be 0 everywhere: refuse it."""
    if official or gps is None or params.max_age is None or gps.empty or gps["age"].notna().any():
        return
    raise AccessMapError(
        msg.baseline_without_ages(
            practitioners=gps["practitioner_id"].nunique(), profession=params.profession, max_age=params.max_age
        )
    )


def prepare_territory_baseline(config: ScenarioConfig) -> TerritoryBaseline:
    """Load the territory of ``config`` and prepare its baseline and its zoning.

    The practitioners and the demand are those of the refresh on the same configuration
    (:func:`access_map.refresh.steps.supply_practitioners`, :func:`~access_map.refresh.steps.apl_demand`):
    its ``[supply]`` section (``impute_acts``) applies to the scenarios too.
    """
    from ..refresh.steps import apl_demand, supply_practitioners

    params = APLParams.drees_mg(config.vintage, max_age=config.max_age)
    # pairs up to 1.5 x the preset's radius: the Monte Carlo lets noisy times shrink into the catchment
    reach = 1.5 * params.max_minutes
    refresh_config, territory = _territory(config, max_minutes=reach)
    check_scenario_communes(config, territory.communes.index)  # before any work: an unknown commune changes nothing
    times = _times(refresh_config, territory, max_minutes=reach)
    communes = territory.communes
    demand = apl_demand(territory, params).reindex(communes.index).fillna(0.0)
    # the practitioners as the territory's configuration prepares them ([supply] impute_acts...), as the refresh does
    table = supply_practitioners(refresh_config, territory) if territory.practitioners is not None else None
    gps = table[table["profession"] == params.profession] if table is not None else None
    if gps is None and config.official_apl is None:
        raise AccessMapError(msg.BASELINE_NEEDS_SUPPLY)
    if gps is not None and config.official_apl is None:  # the baseline starts from the practitioners: they must
        from ..supply import check_supply_coverage, practice_counts  # cover the territory (or be declared partial)

        check_supply_coverage(
            practice_counts(gps, profession=params.profession),
            communes,
            profession=params.profession,
            partial=refresh_config.supply.partial,
        )
    _check_ages(gps, params, official=config.official_apl is not None)
    implied = None
    supply = None
    if config.official_apl is not None:
        implied = _implied(config, demand, times, params, communes, territory.core().communes.index)
        supply = implied.supply
    rules = ZoningRules.from_name(refresh_config.zoning.rules)
    baseline = prepare_baseline(
        times,
        demand=demand,
        params=params,
        supply=supply,
        practitioners=gps,
        population=communes["population"],
        population_by_age=territory.population_by_age,
        territories=_levels(territory),
        rules=rules,
        reported=territory.core().communes.index,
    )
    zoning = prepare_zoning(
        baseline,
        tvs=territory.tvs,
        caps=territory.zoning_caps,
        rules=rules,
        qpv=territory.qpv,
        in_force=territory.previous_zoning,  # the starting point of the 2021+ rules, as in the refresh
    )
    return TerritoryBaseline(baseline, times, territory, implied, zoning)


def _implied(
    config: ScenarioConfig,
    demand: pd.Series,
    times: pd.DataFrame,
    params: APLParams,
    communes: Any,
    reported: pd.Index,
) -> ImpliedSupply:
    from ..readers.drees import read_apl_sheet

    assert config.official_apl is not None
    sheet = read_apl_sheet(config.official_apl, year=config.official_year)
    column = f"apl_{config.max_age}" if config.max_age is not None else "apl"
    if column not in sheet.columns:
        warnings.warn(
            msg.official_variant_missing(
                path=str(config.official_apl), column=column, year=config.official_year, found=list(sheet.columns)
            ),
            UserWarning,
            stacklevel=3,
        )
        column = "apl"
    official = sheet[column].reindex(communes.index)
    return implied_supply(
        official,
        demand=demand,
        times=times,
        params=params,
        report_codes=reported,  # fitted with the context communes, judged on the territory studied
        departments=communes.get("code_departement"),
    )


def _changes(spec_changes: tuple[Any, ...], times: pd.DataFrame) -> list[Change]:
    from ..travel import read_travel_times

    out: list[Change] = []
    for change in spec_changes:
        if isinstance(change, TravelFactor):
            out.append(
                ReplaceTimes(
                    times.assign(minutes=times["minutes"] * change.factor),
                    label=msg.travel_factor_label(factor=change.factor),
                )
            )
        elif isinstance(change, TravelFile):
            out.append(ReplaceTimes(read_travel_times(change.path), label=change.path.name))
        else:
            out.append(change)
    return out


@contextmanager
def _section(config: ScenarioConfig, where: str) -> Iterator[None]:
    """Errors of a part of the configuration name the file and the section (e.g. an unknown commune)."""
    try:
        yield
    except (InvalidCodeError, InvalidValueError) as exc:
        source = config.source_file if config.source_file is not None else msg.SCENARIO_CONFIGURATION
        raise ConfigError(msg.section_error(source=source, where=where, detail=exc)) from exc


def output_folders(config: ScenarioConfig) -> OutputFolders:
    """The two output folders of a scenario run, written as one; none may be or contain an input.

    The inputs are the scenario file, the files it names and, for a territory given by a refresh
    configuration, that configuration and every file it names.

    Examples
    --------
    >>> from access_map.scenario.config import parse_scenario_config
    >>> cfg = parse_scenario_config({"territory": "demo", "outputs": {"directory": "o", "maps_directory": "m"}})
    >>> [p.name for p in output_folders(cfg).targets]
    ['o', 'm']
    """
    from ..config import load_config

    inputs = list(paths_in([config.territory, config.official_apl, config.scenarios, config.source_file]))
    if isinstance(config.territory, Path) and config.territory.is_file():
        territory = load_config(config.territory)
        inputs += paths_in([territory.sources, territory.travel])
    return OutputFolders({"tables": config.directory, "maps": config.maps_directory}, command="scenario", inputs=inputs)


def run_scenarios(config: ScenarioConfig, *, progress: ProgressCallback | None = None) -> ScenarioRun:
    """Run everything ``config`` asks for and write the outputs (atomically).

    Examples
    --------
    >>> from access_map.scenario.config import parse_scenario_config
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> cfg = parse_scenario_config({"territory": "demo", "outputs": {"directory": str(root / "o"),
    ...     "maps_directory": str(root / "m")}, "scenarios": [{"name": "r", "changes": [
    ...     {"kind": "retirement", "min_age": 62}]}]})
    >>> run = run_scenarios(cfg)  # doctest: +SKIP
    """
    from .report import write_outputs

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    folders = output_folders(config)
    folders.check()  # before any work: folders holding inputs or files access_map did not write are refused
    timings: dict[str, float] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = time.perf_counter()
        step(msg.STEP_BASELINE)
        prepared = prepare_territory_baseline(config)
        baseline, times, territory = prepared.baseline, prepared.times, prepared.territory
        run = ScenarioRun(baseline=baseline, implied=prepared.implied, zoning=prepared.zoning)
        timings["baseline"] = time.perf_counter() - t
        for i, spec in enumerate(config.scenarios):
            step(msg.step_scenario(name=spec.name))
            t = time.perf_counter()
            with _section(config, f"scenarios[{i}] ({spec.name})"):
                result = evaluate_scenario(
                    baseline,
                    _changes(spec.changes, times),
                    name=spec.name,
                    label=spec.label,
                    top=config.top,
                    zoning=prepared.zoning,
                )
            run.scenarios.append(result)
            timings[f"scenario_{spec.name}"] = time.perf_counter() - t
        if config.placement is not None:
            step(msg.STEP_PLACEMENT)
            t = time.perf_counter()
            p = config.placement
            with _section(config, "[placement]"):
                run.placement = place_practices(
                    baseline,
                    sites=p.sites,
                    capacity=p.capacity_acts,
                    objective=p.objective,  # type: ignore[arg-type]  # checked against OBJECTIVES by the config
                    threshold=p.threshold,
                )
            timings["placement"] = time.perf_counter() - t
        if config.uncertainty is not None:
            step("incertitude (Monte Carlo)")
            with _section(config, "[uncertainty]"):
                run.uncertainty = monte_carlo(baseline, times, model=config.uncertainty.model())
            timings["uncertainty"] = run.uncertainty.seconds
    run.warnings = sorted({str(w.message) for w in caught})
    run.timings = timings
    step(msg.STEP_OUTPUTS)
    with contextlib.ExitStack() as stack:
        with warnings.catch_warnings(record=True) as notes:  # a killed run's leftovers: said in the report
            warnings.simplefilter("always")
            staged = stack.enter_context(folders)
        run.warnings += [str(w.message) for w in notes]
        out_dir, maps_dir = staged["tables"], staged["maps"]
        run.files = write_outputs(config, run, territory, out_dir, maps_dir)
    run.files = [
        config.directory / p.relative_to(out_dir)
        if p.is_relative_to(out_dir)
        else config.maps_directory / p.relative_to(maps_dir)
        for p in run.files
    ]
    return run
