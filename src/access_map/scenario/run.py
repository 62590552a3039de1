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

from ..apl import APLParams, demand_from_population
from ..config import ConfigError
from ..errors import AccessMapError, InvalidCodeError, InvalidValueError
from ..outputs import OutputFolders, paths_in
from .baseline import Baseline, prepare_baseline
from .changes import Change, ReplaceTimes
from .config import ScenarioConfig, TravelFactor, TravelFile
from .evaluate import ScenarioResult, evaluate_scenario
from .implied import ImpliedSupply, implied_supply
from .placement import PlacementResult, place_practices
from .uncertainty import MonteCarloResult, monte_carlo

__all__ = ["ScenarioRun", "output_folders", "prepare_territory_baseline", "run_scenarios"]

ProgressCallback = Callable[[str], None]


@dataclass
class ScenarioRun:
    """What :func:`run_scenarios` computed and wrote."""

    baseline: Baseline
    scenarios: list[ScenarioResult] = field(default_factory=list)
    placement: PlacementResult | None = None
    uncertainty: MonteCarloResult | None = None
    implied: ImpliedSupply | None = None
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


def prepare_territory_baseline(
    config: ScenarioConfig,
) -> tuple[Baseline, pd.DataFrame, Any, ImpliedSupply | None]:
    """Load the territory of ``config`` and prepare its baseline; returns (baseline, times, territory, implied)."""
    params = APLParams.drees_mg(config.vintage, max_age=config.max_age)
    # pairs up to 1.5 x the preset's radius: the Monte Carlo lets noisy times shrink into the catchment
    reach = 1.5 * params.max_minutes
    refresh_config, territory = _territory(config, max_minutes=reach)
    times = _times(refresh_config, territory, max_minutes=reach)
    communes = territory.communes
    if territory.population_by_age is not None:
        demand = demand_from_population(territory.population_by_age, params=params).reindex(communes.index).fillna(0.0)
    elif territory.standardised_population is not None:
        demand = territory.standardised_population.reindex(communes.index).fillna(0.0)
    else:
        raise AccessMapError("the scenarios need the population by age or the DREES standardised population")
    levels = communes[[c for c in ("code_departement", "code_region") if c in communes.columns]]
    if territory.tvs is not None:
        levels = levels.join(territory.tvs["code_tvs"])
        levels["code_tvs"] = levels["code_tvs"].fillna("sans TVS")
    table = territory.practitioners
    gps = table[table["profession"] == params.profession] if table is not None else None
    if gps is None and config.official_apl is None:
        raise AccessMapError(
            "the scenarios need the practitioners (sources.practitioners of the territory) or an official APL "
            "([baseline] official_apl) to start from"
        )
    implied = None
    supply = None
    if config.official_apl is not None:
        implied = _implied(config, demand, times, params, communes, territory.core().communes.index)
        supply = implied.supply
    baseline = prepare_baseline(
        times,
        demand=demand,
        params=params,
        supply=supply,
        practitioners=gps,
        population=communes["population"],
        population_by_age=territory.population_by_age,
        territories=levels,
        reported=territory.core().communes.index,
    )
    return baseline, times, territory, implied


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
            f"{config.official_apl}: no column {column!r} in the APL {config.official_year} sheet (found "
            f"{', '.join(map(str, sheet.columns))}); the all-ages APL is used for the implied supply",
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
                ReplaceTimes(times.assign(minutes=times["minutes"] * change.factor), label=f"temps × {change.factor:g}")
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
        source = config.source_file if config.source_file is not None else "scenario configuration"
        raise ConfigError(f"{source}: {where}: {exc}") from exc


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
        step("lecture du territoire et situation de référence")
        baseline, times, territory, implied = prepare_territory_baseline(config)
        run = ScenarioRun(baseline=baseline, implied=implied)
        timings["baseline"] = time.perf_counter() - t
        for i, spec in enumerate(config.scenarios):
            step(f"scénario {spec.name}")
            t = time.perf_counter()
            with _section(config, f"scenarios[{i}] ({spec.name})"):
                result = evaluate_scenario(
                    baseline, _changes(spec.changes, times), name=spec.name, label=spec.label, top=config.top
                )
            run.scenarios.append(result)
            timings[f"scenario_{spec.name}"] = time.perf_counter() - t
        if config.placement is not None:
            step("placement de nouveaux sites")
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
    step("tableaux, cartes et rapport")
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
