"""``access-map fetch``: download an official source file into the local cache (thin layer over
:func:`access_map.datasets.download.fetch`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AccessMapError
from ..messages import cli as M
from ._french import FrenchCommand, FrenchError, FrenchUsageError


class _FetchCommand(FrenchCommand):
    """Build the list of datasets (epilog) from the registry only when help is shown."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ..datasets.download import list_datasets

        ds = list_datasets()
        rows = []
        for name, group in ds.groupby("name", sort=True):
            vintages = ", ".join(f"{v}*" if d else str(v) for v, d in zip(group["vintage"], group["default"]))
            rows.append((str(name), f"[{vintages}] {group['title'].iloc[0]}"))
        with formatter.section(M.FETCH_DATASETS):
            formatter.write_dl(rows)
        formatter.write_paragraph()
        formatter.write_text(M.FETCH_CACHE)


@click.command("fetch", cls=_FetchCommand, help=M.FETCH, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("dataset", required=False)
@click.option("--vintage", help=M.FETCH_VINTAGE)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=M.FETCH_CACHE_DIR,
)
@click.option("--list", "list_", is_flag=True, help=M.FETCH_LIST)
@click.option(
    "--no-check-hash",
    is_flag=True,
    help=M.FETCH_NO_CHECK_HASH,
)
@click.option("--progress/--no-progress", default=True, show_default=True, help=M.FETCH_PROGRESS)
def fetch_command(
    dataset: str | None,
    vintage: str | None,
    cache_dir: Path | None,
    list_: bool,
    no_check_hash: bool,
    progress: bool,
) -> None:
    """Télécharge un fichier source officiel (DATASET) dans le cache local et affiche son chemin.

    Download an official source file into the local cache and print its path.
    """
    from ..datasets.download import dataset_info, fetch, list_datasets

    if list_:
        ds = list_datasets()
        for name, group in ds.groupby("name", sort=True):
            info = dataset_info(str(name))
            click.echo(f"{name} — {info.title}")
            click.echo(M.fetch_editeur(editeur=info.publisher, licence=info.licence))
            click.echo(M.fetch_attribution(attribution=info.attribution))
            click.echo(M.fetch_page(page=info.page))
            for row in group.itertuples():
                mark = "*" if row.default else " "
                click.echo(
                    M.fetch_millesime(
                        marque=mark,
                        millesime=str(row.vintage),
                        url=str(row.url),
                        epingle=bool(row.pinned),
                        verifie=bool(row.url_checked),
                    )
                )
        return
    if dataset is None:
        raise FrenchUsageError(M.FETCH_SANS_NOM)
    try:
        path = fetch(dataset, vintage=vintage, cache_dir=cache_dir, progress=progress, check_hash=not no_check_hash)
        info = dataset_info(dataset)
    except AccessMapError as exc:
        raise FrenchError(str(exc)) from exc
    click.echo(M.fetch_telecharge(titre=info.title, licence=info.licence, attribution=info.attribution), err=True)
    click.echo(str(path))


__all__ = ["fetch_command"]
