"""``access-map travel``: build travel-time tables (crow-fly, OSRM, imported matrix) and calibrate the
crow-fly model. A thin layer over :mod:`access_map.travel`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import AccessMapError, CRSError
from ._options import crow_fly_options, echo_warnings, points_options

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
    with atomic_path(output) as tmp:
        if suffix in {".parquet", ".pq"}:
            df.to_parquet(tmp, index=False)
        elif suffix in {".csv", ".txt"} or output.name.lower().endswith(".csv.gz"):
            df.to_csv(tmp, index=False, compression="gzip" if suffix == ".gz" else None)
        else:
            raise click.ClickException(f"unknown output format {output.name!r}: use .csv, .csv.gz or .parquet")


def _summary(times: Any) -> str:
    n_communes = times["origin"].nunique()
    n_pairs = int((times["origin"] != times["destination"]).sum())
    return f"{len(times):,} rows: {n_communes:,} communes, {n_pairs:,} pairs between distinct communes"


_points_options = [
    points_options,
    click.option("--to-crs", help="Reproject the points first (e.g. 2154 for mainland France)."),
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


@click.group("travel", context_settings={"help_option_names": ["-h", "--help"]})
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
) -> None:
    """Crow-fly approximation: minutes = a + b x km between commune points.

    Points in any CRS (EPSG:4326 included) are measured in each territory's projected CRS (Lambert-93
    mainland, UTM overseas); --to-crs forces one CRS for all.
    """
    from ..travel import crow_fly_times, crow_fly_times_local

    points = _read_points(points_path, layer=layer, code_column=code_column, to_crs=to_crs)
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
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)
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
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)
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
