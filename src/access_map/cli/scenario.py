"""``access-map scenario --config scenario.toml``: what-if scenarios, placement of new sites, uncertainty."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AccessMapError

__all__ = ["scenario_command"]


@click.command("scenario")
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
    from ..maps.styles import format_fr
    from ..scenario.config import load_scenario_config
    from ..scenario.run import run_scenarios

    try:
        config = load_scenario_config(config_path)
        run = run_scenarios(config, progress=lambda name: click.echo(f"… {name}", err=True))
    except (AccessMapError, OSError) as exc:
        from . import user_error

        raise user_error(exc) from exc
    for warning in run.warnings:
        click.echo(f"Attention : {warning}", err=True)
    for result in run.scenarios:
        s = result.summary()
        delta = s["mean_delta_apl"]
        sign = "+" if delta > 0 else ""
        fell = format_fr(s["population_fell_le_2.5"], decimals=0)
        rose = format_fr(s["population_rose_above_2.5"], decimals=0)
        click.echo(
            f"{result.name}: ΔAPL moyen {sign}{format_fr(delta, decimals=3)} ; population passant sous 2,5 : {fell}, "
            f"au-dessus : {rose}"
        )
    if run.placement is not None:
        click.echo("placement : " + ", ".join(run.placement.sites))
    if run.uncertainty is not None:
        seconds = format_fr(run.uncertainty.seconds, decimals=1)
        click.echo(f"incertitude : {format_fr(run.uncertainty.draws, decimals=0)} tirages en {seconds} s")
    click.echo(f"{len(run.files)} fichier(s) écrit(s) dans {config.directory} et {config.maps_directory}")
