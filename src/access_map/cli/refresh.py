"""``access-map refresh --config territory.toml`` and ``access-map demo``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..config import load_config
from ..errors import AccessMapError


def _run(config) -> None:  # type: ignore[no-untyped-def]
    from ..refresh import run_refresh

    t0 = time.perf_counter()

    def progress(name: str, i: int, n: int) -> None:
        click.echo(f"[{i:>2}/{n}] {name} … ({time.perf_counter() - t0:5.1f} s)", err=True)

    try:
        result = run_refresh(config, progress=progress)
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"terminé en {result.timings['total']:.1f} s", err=True)
    click.echo(f"tableaux et rapport : {result.output_dir}")
    click.echo(f"cartes et rasters   : {result.maps_dir}")
    click.echo(f"rapport             : {result.output_dir / 'rapport.html'}")


@click.command(
    "refresh",
    epilog="""\b
The configuration (TOML) names the sources, the vintages, the professions and the outputs:
  name = "occitanie"
  [sources]          communes, populations, population_by_age (or standardised_population
                     + standardised_population_year), practitioners, msp,
                     cpts, tvs, qpv, zoning_caps, previous_zoning: a file path or
                     "fetch:DATASET[@VINTAGE]" (see access-map fetch --list); or demo = true
  [travel]           method = "crow_fly" | "file", path, max_minutes, intercept_minutes, minutes_per_km
  [[professions]]    name, vintage, max_ages = [0, 65]   (0 = all practitioners)
  [zoning]           rules = "2017" | "2021" | ..., max_age = 65
  [msp]              minutes = [10, 20]
  [outputs]          directory, maps_directory, table_formats, png, raster, raster_resolution_m,
                     self_contained, basemap, split_maps (auto | region | none)
Outputs are staged and swapped in at the end: a failed run leaves the previous outputs intact.""",
)
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="territory.toml refresh configuration.",
)
def refresh_command(config_path: Path) -> None:
    """Recompute every table, map, raster and the report of a territory."""
    try:
        config = load_config(config_path)
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    _run(config)


@click.command("demo")
@click.option(
    "--output-dir",
    default="out/demo",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Tables, report and provenance.",
)
@click.option(
    "--maps-dir",
    default="maps/demo",
    show_default=True,
    type=click.Path(path_type=Path),
    help="HTML maps, PNG images and GeoTIFF rasters.",
)
def demo_command(output_dir: Path, maps_dir: Path) -> None:
    """Run the full refresh on the embedded demo territory (fictional, offline)."""
    from ..refresh import demo_config

    _run(demo_config(output_dir=output_dir, maps_dir=maps_dir))


__all__ = ["refresh_command", "demo_command"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(refresh_command())
