"""``access-map grid``: the APL per 200 m cell of an INSEE Filosofi grid, per commune and polygon, map and report."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AccessMapError
from ..messages import cli as C
from ._french import FrenchCommand

__all__ = ["grid_command"]

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)  # inputs: checked (and odd files guarded) by click


@click.command("grid", cls=FrenchCommand)
@click.option(
    "--grid",
    "grid_path",
    required=True,
    type=_FILE,
    help="Fichier carroyé Filosofi de l'INSEE (200 m ou 1 km, CSV[.gz]).",
)
@click.option("--supply", "supply_path", required=True, type=_FILE,
              help="Praticiens : CSV d'activité, extraction Annuaire santé ou RPPS 2017 ; colonnes lon/lat ou x/y facultatives.")  # fmt: skip
@click.option(
    "--points", "points_path", required=True, type=_FILE, help="Chefs-lieux des communes (sites sans coordonnées)."
)
@click.option("--population", "population_path", type=_FILE, default=None,
              help="Population standardisée DREES des communes (autour de la grille, à leur chef-lieu).")  # fmt: skip
@click.option("--population-year", type=int, default=None, help="Millésime de --population (annee_population).")
@click.option("--population-by-age", "by_age_path", type=_FILE, default=None,
              help="Population par âge quinquennal des communes (pondération par la structure communale).")  # fmt: skip
@click.option(
    "--polygons", "polygons_path", type=_FILE, default=None, help="Couche de polygones (IRIS, QPV…) pour agréger."
)
@click.option("--polygon-layer", default=None, help="Couche du fichier --polygons.")
@click.option("--polygon-code", default=None, help="Colonne du code des polygones.")
@click.option(
    "--vintage", type=int, default=2023, show_default=True, help="Millésime des paramètres APL (poids par âge)."
)
@click.option("--max-age", type=float, default=None, help="Praticiens de cet âge ou moins (variante ≤ 65 : 65).")
@click.option("--impute-activity", "impute_acts", type=float, default=None,
              help="Actes imputés aux médecins sans activité connue (5 400 par défaut).")  # fmt: skip
@click.option("--times", type=click.Choice(["crow_fly", "road"]), default="crow_fly", show_default=True,
              help="Temps à vol d'oiseau (2 + 1,32 × km) ou routiers (OSRM, --osm).")  # fmt: skip
@click.option("--osm", "osm_path", type=_FILE, default=None, help="Extrait OpenStreetMap .osm.pbf (temps routiers).")
@click.option("--engine", type=click.Choice(["partitioned", "dask", "memory"]), default="partitioned", show_default=True,
              help="Moteur : partitions en mémoire bornée, tâches dask, ou table de paires en mémoire.")  # fmt: skip
@click.option("--scheduler", default=None, help="Adresse d'un ordonnanceur dask (sinon processus locaux).")
@click.option("--workers", type=int, default=2, show_default=True, help="Processus dask locaux.")
@click.option("--intercept", type=float, default=2.0, show_default=True, help="Minutes fixes du modèle à vol d'oiseau.")
@click.option("--per-km", type=float, default=1.32, show_default=True, help="Minutes par km à vol d'oiseau.")
@click.option("--output-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Dossier de sortie (tableaux, carte, GeoTIFF, rapport.html).")  # fmt: skip
def grid_command(
    grid_path: Path, supply_path: Path, points_path: Path, population_path: Path | None, population_year: int | None,
    by_age_path: Path | None, polygons_path: Path | None, polygon_layer: str | None, polygon_code: str | None,
    vintage: int, max_age: float | None, impute_acts: float | None, times: str, osm_path: Path | None, engine: str,
    scheduler: str | None, workers: int, intercept: float, per_km: float, output_dir: Path,
) -> None:  # fmt: skip
    """APL par carreau de 200 m (Filosofi), par commune et par polygone, avec les ménages pauvres.

    Écrit carreaux.csv, communes.csv (APL communale et dispersion des carreaux, habitants et ménages pauvres
    sous 2,5 et 4), polygones.csv (avec --polygons), carte_apl_carreaux.html, apl_carreaux.tif et
    rapport.html dans --output-dir.
    """
    from ..grid.run import GridInputs, compute_grid, write_grid_outputs

    inputs = GridInputs(
        grid=grid_path, practitioners=supply_path, chefs_lieux=points_path, population=population_path,
        population_year=population_year, population_by_age=by_age_path, polygons=polygons_path,
        polygon_layer=polygon_layer, polygon_code=polygon_code, vintage=vintage, max_age=max_age,
        impute_acts=impute_acts, times=times, osm=osm_path, engine=engine, scheduler=scheduler, workers=workers,
        intercept_minutes=intercept, minutes_per_km=per_km,
    )  # fmt: skip
    try:
        import warnings

        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")  # shown below, once, in French
            result = compute_grid(inputs)
        files = write_grid_outputs(result, output_dir, inputs=inputs)
    except (AccessMapError, OSError) as exc:
        from . import user_error

        raise user_error(exc) from exc
    for note in result.notes:
        click.echo(note)
    for warning in result.warnings:
        click.echo(C.ATTENTION + str(warning), err=True)
    s = result.summary
    from ..messages import grid as msg

    click.echo(msg.resume_grille(**s))
    click.echo(C.fichiers_ecrits(nombre_fichiers=len(files), dossier=output_dir))
