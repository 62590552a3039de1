"""``access-map refresh --config territory.toml`` and ``access-map demo``."""

from __future__ import annotations

import dataclasses
import sys
import warnings
from pathlib import Path

import click

from ..config import RefreshConfig, load_config
from ..errors import AccessMapError
from ..messages import cli as M
from ..messages import tables as text
from ._french import FrenchCommand, FrenchError
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
            raise FrenchError(str(exc)) from exc
    for note in result.notes:
        click.echo(M.note(texte=note), err=True)
    echo_warnings(caught)
    click.echo(text.refresh_termine(seconds=result.timings["total"]), err=True)
    for line in M.dossiers_refresh(
        tableaux=result.output_dir, cartes=result.maps_dir, rapport=result.output_dir / "rapport.html"
    ):
        click.echo(line)


@click.command(
    "refresh",
    cls=FrenchCommand,
    help=M.REFRESH,
    epilog=M.REFRESH_EPILOG,
)
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=M.REFRESH_CONFIG,
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
        raise FrenchError(str(exc)) from exc
    _run(config)


@click.command("demo", cls=FrenchCommand, help=M.DEMO)
@click.option(
    "--output-dir",
    default="out/demo",
    show_default=True,
    type=click.Path(path_type=Path),
    help=M.DEMO_OUTPUT_DIR,
)
@click.option(
    "--maps-dir",
    default="maps/demo",
    show_default=True,
    type=click.Path(path_type=Path),
    help=M.DEMO_MAPS_DIR,
)
def demo_command(output_dir: Path, maps_dir: Path) -> None:
    """Run the full refresh on the embedded demo territory (fictional, offline)."""
    from ..refresh import demo_config

    _run(demo_config(output_dir=output_dir, maps_dir=maps_dir))


__all__ = ["refresh_command", "demo_command"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(refresh_command())
