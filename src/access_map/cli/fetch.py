"""``access-map fetch``: download an official source file into the local cache (thin layer over
:func:`access_map.datasets.download.fetch`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import AccessMapError
from ._french import FrenchCommand


class _FetchCommand(FrenchCommand):
    """Build the list of datasets (epilog) from the registry only when help is shown."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ..datasets.download import list_datasets

        ds = list_datasets()
        rows = []
        for name, group in ds.groupby("name", sort=True):
            vintages = ", ".join(f"{v}*" if d else str(v) for v, d in zip(group["vintage"], group["default"]))
            rows.append((str(name), f"[{vintages}] {group['title'].iloc[0]}"))
        with formatter.section("Datasets (* = default vintage; --list adds licences and URLs)"):
            formatter.write_dl(rows)
        formatter.write_paragraph()
        formatter.write_text(
            "Cache: --cache-dir, else $ACCESS_MAP_CACHE, else the user cache folder. When a download "
            "fails, the message says which file to download by hand and where to put it; a file placed "
            "there is then used offline."
        )


@click.command("fetch", cls=_FetchCommand, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("dataset", required=False)
@click.option("--vintage", help="Vintage to download (default: the dataset's default, marked * below).")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache folder (default: $ACCESS_MAP_CACHE or the user cache folder).",
)
@click.option("--list", "list_", is_flag=True, help="List the datasets with vintages, licences and URLs, then exit.")
@click.option(
    "--no-check-hash",
    is_flag=True,
    help="Accept a file that differs from the registered sha256 (the publisher replaced it and you trust it).",
)
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a download progress bar.")
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
            click.echo(f"    publisher: {info.publisher}; licence: {info.licence}")
            click.echo(f"    attribution: {info.attribution}")
            click.echo(f"    page: {info.page}")
            for row in group.itertuples():
                mark = "*" if row.default else " "
                pin = "sha256 pinned" if row.pinned else "not pinned"
                checked = "" if row.url_checked else ", URL not verified"
                click.echo(f"   {mark}{row.vintage}: {row.url} ({pin}{checked})")
        return
    if dataset is None:
        raise click.UsageError("give a DATASET name (see `access-map fetch --help` or `access-map fetch --list`)")
    try:
        path = fetch(dataset, vintage=vintage, cache_dir=cache_dir, progress=progress, check_hash=not no_check_hash)
        info = dataset_info(dataset)
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{info.title} — licence: {info.licence}; attribution: {info.attribution}", err=True)
    click.echo(str(path))


__all__ = ["fetch_command"]
