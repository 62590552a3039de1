"""``access-map refresh --config territory.toml`` and ``access-map demo``."""

from __future__ import annotations

import dataclasses
import sys
import warnings
from pathlib import Path

import click

from ..config import RefreshConfig, load_config
from ..errors import AccessMapError
from ..messages import tables as text
from ._french import FrenchCommand
from ._options import echo_warnings, selection_options


def _run(config: RefreshConfig) -> None:
    from ..refresh import run_refresh

    def progress(name: str, i: int, n: int) -> None:
        click.echo(text.etape_debut(step=i, total=n, name=name), err=True)

    def step_done(name: str, i: int, n: int, seconds: float) -> None:
        click.echo(text.etape_terminee(step=i, total=n, name=name, seconds=seconds), err=True)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = run_refresh(config, progress=progress, step_done=step_done)
        except AccessMapError as exc:
            echo_warnings(caught)
            raise click.ClickException(str(exc)) from exc
    for note in result.notes:
        click.echo(f"Note : {note}", err=True)
    echo_warnings(caught)
    click.echo(text.refresh_termine(seconds=result.timings["total"]), err=True)
    click.echo(f"tableaux et rapport : {result.output_dir}")
    click.echo(f"cartes et rasters   : {result.maps_dir}")
    click.echo(f"rapport             : {result.output_dir / 'rapport.html'}")


@click.command(
    "refresh",
    cls=FrenchCommand,
    epilog="""\b
The configuration (TOML) names the sources, the vintages, the professions and the outputs:
  name = "occitanie"
  departements = ["31"]  regions = ["76"]   optional territory (--departement/--region override
                     them); margin_km: context kept around it for the APL (default: twice the reach)
  [sources]          communes, chefs_lieux, cog_communes, populations, population_by_age (or
                     standardised_population + standardised_population_year), practitioners, msp,
                     cpts, tvs, qpv, zoning_caps, previous_zoning, departement_contours,
                     region_contours, appartenance (regions, TVS proxy), cog_departements,
                     cog_regions (names), cog_movements: a file path or "fetch:DATASET[@VINTAGE]"
                     (see access-map fetch --list); or demo = true.
                     drees_apl (the DREES workbook) WITHOUT practitioners: the atlas of the
                     published APL (drees_apl_year, drees_apl_previous_year; nothing computed)
  [travel]           method = "crow_fly" | "file" | "osrm"; path (file); osm = "x.osm.pbf" or
                     "fetch:osm_<region>" and profile = "car" (osrm: road times in process);
                     intercept_minutes, minutes_per_km (crow_fly);
                     max_minutes (default: the APL catchment, 20 min; a smaller value is refused)
  [supply]           impute_acts = 5400 (or true): GPs without activity (Annuaire santé, RPPS);
                     partial = true : offre partielle volontaire (départements sans praticien
                     signalés au lieu d'arrêter le calcul) ; include_establishments = true : garder
                     les médecins du RPPS 2017 exerçant uniquement en établissement (exclus par
                     défaut, comme dans l'APL de la DREES)
  [[professions]]    name, vintage, max_ages = [0, 65]   (0 = all practitioners),
                     catchment_minutes (explicit change of the preset's 20 minutes)
  [zoning]           rules = "2017" | "2021" | ..., max_age = 65
  [msp]              minutes = [10, 20]
  [outputs]          directory, maps_directory, table_formats, png, raster, raster_resolution_m,
                     self_contained, basemap, split_maps (auto | region | none)
Outputs are staged and swapped in together at the end: a failed run leaves the previous outputs intact.
A folder holding files access_map did not write, or an input, is refused (README: Batch refresh).""",
)
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="territory.toml refresh configuration.",
)
@selection_options
def refresh_command(config_path: Path, departements: tuple[str, ...], regions: tuple[str, ...]) -> None:
    """Recompute every table, map, raster and the report of a territory."""
    try:
        config = load_config(config_path)
        if departements or regions:
            config = dataclasses.replace(config, departements=departements, regions=regions)
            config.selection()  # checks the codes
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    _run(config)


@click.command("demo", cls=FrenchCommand)
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
