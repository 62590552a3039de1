"""``access-map travel``: build travel-time tables (crow-fly, OSRM, imported matrix) and calibrate the
crow-fly model. A thin layer over :mod:`access_map.travel`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import AccessMapError, CRSError
from ._french import FrenchGroup
from ._options import (
    crow_fly_options,
    echo_warnings,
    points_options,
    profession_option,
    selection_from_options,
    selection_options,
)
from ._outputs import checks_outputs

#: Column names tried, in order, for the INSEE code of a points file when --code-column is not given.
_CODE_CANDIDATES = ("code_commune", "INSEE_COM", "insee_com", "CODGEO", "codgeo", "code_insee", "cinseea", "code")


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def _read_points(path: Path | None, *, layer: str | None, code_column: str | None, to_crs: str | None) -> Any:
    """Commune points through the library's one points reader (same files as ``access-map apl --points``):
    any CRS, features without geometry dropped and reported, polygons replaced by a point inside them."""
    import warnings

    from ..territory import read_commune_points

    if path is None:
        raise click.UsageError("--points FILE is required (commune points, e.g. chefs-lieux)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            gdf = read_commune_points(path, layer=layer, code_column=code_column)
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    if gdf.attrs.get("representative_points"):
        click.echo(
            f"{path.name}: {gdf.attrs['representative_points']} polygon(s) replaced by a point inside them", err=True
        )
    return gdf.to_crs(to_crs) if to_crs else gdf


def _write_table(df: Any, output: Path, *, overwrite: bool) -> None:
    from .._atomic import atomic_path

    if output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; pass --overwrite to replace it")
    suffix = output.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        with atomic_path(output) as tmp:
            df.to_parquet(tmp, index=False)
    elif suffix in {".csv", ".txt"} or output.name.lower().endswith(".csv.gz"):
        from ..csv_format import write_csv

        write_csv(df, output, index=False)
    else:
        raise click.ClickException(f"unknown output format {output.name!r}: use .csv, .csv.gz or .parquet")


def _summary(times: Any) -> str:
    n_communes = times["origin"].nunique()
    n_pairs = int((times["origin"] != times["destination"]).sum())
    return f"{len(times):,} rows: {n_communes:,} communes, {n_pairs:,} pairs between distinct communes"


_to_crs_option = click.option("--to-crs", help="Reproject the points first (e.g. 2154 for mainland France).")
_points_options = [
    points_options,
    _to_crs_option,
    click.option(
        "--output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Output table (.csv, .csv.gz or .parquet): origin, destination, minutes.",
    ),
    click.option("--overwrite", is_flag=True, help="Replace the output if it exists."),
]


def _with_options(options: list) -> Any:
    def deco(f: Any) -> Any:
        for opt in reversed(options):
            f = opt(f)
        return f

    return deco


@click.group("travel", cls=FrenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
def travel_command() -> None:
    """Temps de trajet entre communes : table longue origin, destination, minutes.

    Travel-time tables between communes (crow-fly model, OSRM server, imported matrix) and
    calibration of the crow-fly model.
    """


@travel_command.command("crowfly")
@_with_options(_points_options)
@click.option(
    "--max-minutes", type=float, default=20.0, show_default=True, help="Catchment: keep pairs up to this time."
)
@crow_fly_options
@selection_options
@checks_outputs("output", "snapping_path")
def crowfly_command(
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    to_crs: str | None,
    output: Path,
    overwrite: bool,
    max_minutes: float,
    intercept: float,
    per_km: float,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """Crow-fly approximation: minutes = a + b x km between commune points.

    Points in any CRS (EPSG:4326 included) are measured in each territory's projected CRS (Lambert-93
    mainland, UTM overseas); --to-crs forces one CRS for all.
    """
    from ..travel import crow_fly_times, crow_fly_times_local

    points = _select(
        _read_points(points_path, layer=layer, code_column=code_column, to_crs=to_crs), departements, regions
    )
    # without --to-crs, any CRS (EPSG:4326 included): each territory is measured in its own projected CRS
    crow = crow_fly_times if to_crs else crow_fly_times_local
    try:
        times = crow(points, max_minutes=max_minutes, intercept_minutes=intercept, minutes_per_km=per_km)
    except CRSError as exc:
        raise click.ClickException(f"{exc} With this command: add --to-crs 2154 (mainland France).") from exc
    except AccessMapError as exc:
        raise _fail(exc) from exc
    _write_table(times, output, overwrite=overwrite)
    click.echo(f"{output}: {_summary(times)} (model {intercept:g} + {per_km:g} x km, <= {max_minutes:g} min)", err=True)


@travel_command.command("osrm")
@_with_options(_points_options)
@click.option("--base-url", required=True, help="OSRM server root, e.g. http://localhost:5000.")
@click.option("--profile", default="driving", show_default=True)
@click.option("--max-minutes", type=float, default=None, help="Keep pairs up to this time (default: all).")
@click.option(
    "--max-table-size",
    type=int,
    default=100,
    show_default=True,
    help="Coordinates per request (osrm-routed --max-table-size).",
)
@click.option(
    "--retries",
    type=int,
    default=3,
    show_default=True,
    help="Extra attempts after a connection error or HTTP 5xx (with back-off).",
)
@click.option(
    "--max-crow-km",
    type=float,
    default=None,
    help="Only ask for pairs within this crow-fly distance (e.g. 30 for a 20-minute catchment).",
)
@checks_outputs("output", "snapping_path")
def osrm_command(
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    to_crs: str | None,
    output: Path,
    overwrite: bool,
    base_url: str,
    profile: str,
    max_minutes: float | None,
    max_table_size: int,
    retries: int,
    max_crow_km: float | None,
) -> None:
    """Road times from a self-hosted OSRM server (table service)."""
    from ..travel import osrm_table_times

    points = _read_points(points_path, layer=layer, code_column=code_column, to_crs=to_crs)
    try:
        times = osrm_table_times(
            points,
            base_url=base_url,
            profile=profile,
            max_minutes=max_minutes,
            max_table_size=max_table_size,
            retries=retries,
            max_crow_km=max_crow_km,
            progress=True,
        )
    except AccessMapError as exc:
        raise _fail(exc) from exc
    _write_table(times, output, overwrite=overwrite)
    click.echo(f"{output}: {_summary(times)}", err=True)


def _resolve_osm(osm: str, cache_dir: Path | None) -> Path:
    """A path, or ``fetch:NAME[@VINTAGE]`` downloaded through the cache (registry datasets osm_<region>)."""
    if not osm.startswith("fetch:"):
        return Path(osm).expanduser()
    from ..datasets.download import fetch

    name, _, vintage = osm[len("fetch:") :].partition("@")
    return fetch(name, vintage=vintage or None, cache_dir=cache_dir, progress=True)


def _select(points: Any, departements: tuple[str, ...], regions: tuple[str, ...]) -> Any:
    """The points of the --departement/--region selection (all of them without one)."""
    from ..territory import select_communes

    selection = selection_from_options(departements, regions)
    if not selection:
        return points
    try:
        kept = select_communes(points, selection)
    except AccessMapError as exc:
        raise _fail(exc) from exc
    return points.loc[kept.index]


@travel_command.command("road")
@_with_options([o for o in _points_options if o is not _to_crs_option])
@click.option(
    "--osm",
    required=True,
    help="OpenStreetMap extract (.osm.pbf), or fetch:NAME for a registry extract (e.g. fetch:osm_aquitaine; "
    "see access-map fetch --list).",
)
@click.option(
    "--max-minutes", type=float, default=20.0, show_default=True, help="Catchment: keep pairs up to this time."
)
@click.option(
    "--profile",
    default="car",
    show_default=True,
    help="OSRM profile: car, bicycle, foot, or the path of a .lua profile.",
)
@click.option(
    "--max-snap-m",
    type=float,
    default=2000.0,
    show_default=True,
    help="Points farther than this from any road (metres) are left out of routing (self pair only).",
)
@selection_options
@click.option(
    "--snapping",
    "snapping_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write each point's distance to the road network (default: OUTPUT stem + .snapping.csv).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache of downloads and OSRM graphs (default: $ACCESS_MAP_CACHE or the user cache folder).",
)
@click.option("--threads", type=int, default=None, help="Threads of the graph build (default: all CPUs).")
def road_command(
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    output: Path,
    overwrite: bool,
    osm: str,
    max_minutes: float,
    profile: str,
    max_snap_m: float,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
    snapping_path: Path | None,
    cache_dir: Path | None,
    threads: int | None,
) -> None:
    """Road times from an OpenStreetMap extract with OSRM in process (no server): origin, destination, minutes, km.

    The extract is turned into an OSRM graph once (cached by its sha256 and the profile);
    each commune point is snapped to the road network (distances written to --snapping);
    every pair within --max-minutes is routed (pairs farther apart as the crow flies than
    the distance covered at 130 km/h in that time are not asked for).
    """
    import warnings

    from ..extras import MissingExtraError, require_routing
    from ..travel import build_osrm_graph, road_times, snap_points
    from ._outputs import refuse_inputs_as_outputs

    try:  # before reading anything: without the routing extra, say what to install
        require_routing("access-map travel road")
    except MissingExtraError as exc:
        raise _fail(exc) from exc
    snapping_path = snapping_path or output.with_name(output.name.split(".")[0] + ".snapping.csv")
    refuse_inputs_as_outputs([output, snapping_path], exclude=["output", "snapping_path"])
    if output.exists() and not overwrite:
        raise click.ClickException(f"{output} exists; pass --overwrite to replace it")
    # any CRS: OSRM takes longitude/latitude (the points are reprojected to EPSG:4326)
    points = _select(
        _read_points(points_path, layer=layer, code_column=code_column, to_crs=None), departements, regions
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            graph = build_osrm_graph(
                _resolve_osm(osm, cache_dir), profile=profile, cache_dir=cache_dir, threads=threads, progress=True
            )
            click.echo(
                f"OSRM graph: {graph.path.parent} ("
                + ("cached" if graph.cached else f"built in {graph.build_seconds:.1f} s")
                + ")",
                err=True,
            )
            snapping = snap_points(points, graph)
            times = road_times(points, graph=graph, max_minutes=max_minutes, max_snap_m=max_snap_m, progress=True)
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    _write_table(times, output, overwrite=overwrite)
    from ..csv_format import write_csv

    write_csv(snapping, snapping_path)
    far = snapping["snap_m"] > 500.0
    click.echo(
        f"{output}: {_summary(times)} (road times <= {max_minutes:g} min, profile {profile}); "
        f"snapping: median {snapping['snap_m'].median():,.0f} m, {int(far.sum())} point(s) beyond 500 m -> {snapping_path}",
        err=True,
    )


@travel_command.command("compare")
@click.argument("table_a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("table_b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--max-minutes",
    type=float,
    default=20.0,
    show_default=True,
    help="Compare pairs within this time in each table (a pair within it in one table only is counted apart).",
)
@click.option(
    "--apl",
    "apl_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Demand and supply per commune (code_commune;demand;supply, e.g. the output of access-map apl): "
    "adds the APL under each table.",
)
@click.option(
    "--tvs",
    "tvs_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TVS composition (code_commune;code_tvs[;libelle_tvs]): adds the TVS changing zoning category.",
)
@profession_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --apl: write the APL under each table per commune (.csv).",
)
@checks_outputs("output", "snapping_path")
def compare_command(
    table_a: Path,
    table_b: Path,
    max_minutes: float,
    apl_path: Path | None,
    tvs_path: Path | None,
    profession: str,
    output: Path | None,
) -> None:
    """Compare two travel-time tables (A: e.g. crow-fly, B: the reference, e.g. road) and their effect on the APL."""
    import warnings

    from ..travel import compare_travel_times, read_travel_times

    if (tvs_path or output) and not apl_path:
        raise click.UsageError("--tvs and --output need --apl (demand and supply per commune)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            a = read_travel_times(table_a)
            b = read_travel_times(table_b)
            pairs = compare_travel_times(a, b, max_minutes=max_minutes, source_a=table_a.name, source_b=table_b.name)
            consequences = _apl_consequences(a, b, apl_path, tvs_path, profession) if apl_path else None
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    click.echo(f"A = {table_a.name}, B = {table_b.name} (reference); pairs of distinct communes <= {max_minutes:g} min")
    click.echo(f"common pairs: {pairs.n_common:,}; only in A: {pairs.only_a:,}; only in B: {pairs.only_b:,}")
    for label, examples in (("A", pairs.examples_only_a), ("B", pairs.examples_only_b)):
        if examples:
            click.echo(f"  e.g. only in {label}: {', '.join(examples)}")
    click.echo(
        f"A - B on common pairs: MAE {pairs.mae_minutes:.2f} min, bias {pairs.bias_minutes:+.2f} min, "
        f"RMSE {pairs.rmse_minutes:.2f} min, R2 {pairs.r2:.3f}, Spearman {pairs.spearman:.3f}"
    )
    if consequences is None:
        return
    comm = consequences.communes
    click.echo(
        f"APL ({len(comm):,} communes): mean under A {comm['apl_a'].mean():.3f}, under B {comm['apl_b'].mean():.3f}; "
        f"mean |A - B| {comm['difference'].abs().mean():.3f}; Spearman {consequences.spearman:.3f}"
    )
    for threshold, row in consequences.crossings.iterrows():
        click.echo(
            f"  communes changing side of {threshold:g}: {int(row['changed']):,} "
            f"(<= {threshold:g} under A only: {int(row['below_a_only']):,}, under B only: {int(row['below_b_only']):,})"
        )
    if consequences.tvs is not None:
        tvs = consequences.tvs
        click.echo(f"TVS changing zoning category: {consequences.tvs_changed} of {len(tvs)}")
        for code, row in tvs[tvs["changed"]].head(20).iterrows():
            click.echo(
                f"  {code} {row['libelle_tvs']}: {row['category_a']} (APL {row['apl_a']:.2f}) under A, "
                f"{row['category_b']} (APL {row['apl_b']:.2f}) under B"
            )
    if output is not None:
        from ..csv_format import write_csv

        write_csv(comm, output)
        click.echo(f"-> {output}", err=True)


def _apl_consequences(a: Any, b: Any, apl_path: Path, tvs_path: Path | None, profession: str) -> Any:
    from .._validate import normalize_insee_codes, to_numeric_column
    from ..apl import APLParams
    from ..readers._io import read_table
    from ..travel import apl_consequences

    raw, _, _ = read_table(apl_path, required=["code_commune", "demand", "supply"], source=apl_path.name)
    index = _code_index(normalize_insee_codes(raw["code_commune"]))
    demand = to_numeric_column(raw, "demand", source=apl_path.name).set_axis(index)
    supply = to_numeric_column(raw, "supply", source=apl_path.name).set_axis(index)
    tvs = None
    if tvs_path is not None:
        tvs, _, _ = read_table(tvs_path, required=["code_commune", "code_tvs"], source=tvs_path.name)
    params = APLParams.for_profession(profession)
    return apl_consequences(a, b, supply=supply, demand=demand, params=params, tvs=tvs)


def _code_index(values: Any) -> Any:
    import pandas as pd

    return pd.Index(values.to_numpy(), name="code_commune")


@travel_command.command("import")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Exported matrix (CSV or Parquet): INSEE Metric, Metric-OSRM, OSRM run...",
)
@click.option("--origin", default="origin", show_default=True, help="Column of the origin commune code.")
@click.option("--destination", default="destination", show_default=True, help="Column of the destination code.")
@click.option("--minutes", default="minutes", show_default=True, help="Column of the time in minutes.")
@click.option("--sep", default=None, help="CSV separator (default: guessed).")
@click.option("--max-minutes", type=float, default=None, help="Keep pairs up to this time (default: all).")
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output table (.csv, .csv.gz or .parquet).",
)
@click.option("--overwrite", is_flag=True, help="Replace the output if it exists.")
@checks_outputs("output", "snapping_path")
def import_command(
    input_path: Path,
    origin: str,
    destination: str,
    minutes: str,
    sep: str | None,
    max_minutes: float | None,
    output: Path,
    overwrite: bool,
) -> None:
    """Validate an exported travel-time matrix and write it in the standard shape."""
    import warnings

    from ..travel import read_travel_times

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            times = read_travel_times(
                input_path, origin=origin, destination=destination, minutes=minutes, sep=sep, max_minutes=max_minutes
            )
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    _write_table(times, output, overwrite=overwrite)
    click.echo(f"{output}: {_summary(times)}", err=True)


@travel_command.command("calibrate")
@click.option(
    "--pairs",
    "pairs_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with one row per pair: projected coordinates in metres and an observed time.",
)
@click.option("--x1", default="X1", show_default=True)
@click.option("--y1", default="Y1", show_default=True)
@click.option("--x2", default="X2", show_default=True)
@click.option("--y2", default="Y2", show_default=True)
@click.option("--observed", required=True, help="Column of observed times in minutes (e.g. Dist_min, HC).")
@click.option("--max-km", type=float, default=None, help="Fit only pairs up to this crow-fly distance.")
@click.option("--no-intercept", is_flag=True, help="Fit minutes = b x km (a = 0).")
@click.option("--sep", default=None, help="CSV separator (default: guessed).")
def calibrate_command(
    pairs_path: Path,
    x1: str,
    y1: str,
    x2: str,
    y2: str,
    observed: str,
    max_km: float | None,
    no_intercept: bool,
    sep: str | None,
) -> None:
    """Fit minutes = a + b x crow-fly km on observed pairs and compare with the default model."""
    import warnings

    import numpy as np

    from ..travel import CrowFlyModel, calibrate, evaluate_model, read_observed_pairs

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            pairs = read_observed_pairs(pairs_path, observed=observed, x1=x1, y1=y1, x2=x2, y2=y2, sep=sep)
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    km = pairs["crow_km"].to_numpy()
    obs = pairs["observed_minutes"].to_numpy()
    keep = np.ones(len(pairs), dtype=bool)
    if max_km is not None:
        keep &= km <= max_km
    try:
        fit = calibrate(km[keep], obs[keep], fit_intercept=not no_intercept)
        ref = evaluate_model(CrowFlyModel(), km[keep], obs[keep])
    except AccessMapError as exc:
        raise _fail(exc) from exc
    scope = f" (pairs <= {max_km:g} km)" if max_km is not None else ""
    click.echo(f"pairs used: {fit.n}{scope}")
    click.echo(
        f"fitted:  minutes = {fit.model.intercept_minutes:.3f} + {fit.model.minutes_per_km:.4f} x km   "
        f"MAE {fit.mae_minutes:.2f} min, bias {fit.bias_minutes:+.2f} min, RMSE {fit.rmse_minutes:.2f} min, "
        f"R2 {fit.r2:.3f}"
    )
    click.echo(
        f"default: minutes = 2.000 + 1.3200 x km   MAE {ref.mae_minutes:.2f} min, bias {ref.bias_minutes:+.2f} min, "
        f"RMSE {ref.rmse_minutes:.2f} min, R2 {ref.r2:.3f}"
    )
    radius = fit.model.radius_km(20.0)
    click.echo(
        f"20 minutes = {radius:.1f} km crow-fly with the fitted model "
        f"(use: access-map travel crowfly --intercept {fit.model.intercept_minutes:.3f} "
        f"--per-km {fit.model.minutes_per_km:.4f} ...)"
    )


__all__ = ["travel_command"]
