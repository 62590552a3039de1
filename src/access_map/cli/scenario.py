"""``access-map scenario --config scenario.toml``: what-if scenarios, placement of new sites, uncertainty."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AccessMapError
from ..messages import cli as C
from ._french import FrenchCommand

__all__ = ["scenario_command"]


@click.command("scenario", cls=FrenchCommand)
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier scenario.toml (territoire, situation de référence, scénarios, placement, incertitude, sorties).",
)
def scenario_command(config_path: Path) -> None:
    """Scénarios : départs en retraite, ouvertures/fermetures, projections de population, autres temps de trajet ;
    placement de nouveaux sites ; incertitude (Monte Carlo) sur l'APL et le zonage.

    Écrit les tableaux (CSV) et rapport.html dans [outputs] directory, les cartes (variation d'APL centrée
    sur 0, probabilités) dans [outputs] maps_directory. Format du fichier : voir le README.
    """
    from ..messages import scenario as msg
    from ..scenario.config import load_scenario_config
    from ..scenario.run import run_scenarios

    try:
        config = load_scenario_config(config_path)
        run = run_scenarios(config, progress=lambda name: click.echo(C.etape(libelle=name), err=True))
    except (AccessMapError, OSError) as exc:
        from . import user_error

        raise user_error(exc) from exc
    for warning in run.warnings:
        click.echo(msg.console_warning(message=warning), err=True)
    for result in run.scenarios:
        s = result.summary()
        click.echo(
            msg.console_scenario(
                name=result.name,
                mean_delta=s["mean_delta_apl"],
                fell=s["population_fell_le_2.5"],
                rose=s["population_rose_above_2.5"],
                changing_class=s.get("population_changing_class", 0.0),
            )
        )
        for note in result.notes:
            click.echo(f"  {note}")
    if run.placement is not None:
        click.echo(msg.console_placement(sites=run.placement.sites))
    if run.uncertainty is not None:
        click.echo(msg.console_uncertainty(draws=run.uncertainty.draws, seconds=run.uncertainty.seconds))
    click.echo(
        msg.console_files(files=len(run.files), directory=config.directory, maps_directory=config.maps_directory)
    )
