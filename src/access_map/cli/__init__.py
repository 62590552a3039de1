"""Command-line interface ``access-map``: a thin layer over the library functions.

Each sub-command ``NAME`` lives in a module of this package (see
:data:`SUBCOMMANDS`) that defines ``NAME_command`` (a :class:`click.Command`). The CLI is the only place that prints
and shows progress.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

#: sub-command name -> module of ``access_map.cli`` defining ``command``
SUBCOMMANDS: dict[str, str] = {
    "apl": "apl",
    "travel": "travel",
    "fetch": "fetch",
    "zoning": "zoning",
    "cpts": "coverage",
    "msp": "coverage",
    "map": "maps",
    "refresh": "refresh",
    "demo": "refresh",
    "scenario": "scenario",
}


class _LazyGroup(click.Group):
    """Import a sub-command's module only when it is used (keeps ``--help`` fast)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module_name = SUBCOMMANDS.get(name)
        if module_name is None:
            return None
        module = importlib.import_module(f"{__name__}.{module_name}")
        return getattr(module, f"{name}_command")


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="access-map")
def main() -> None:
    """access-map : accessibilité aux soins (APL, zonage, CPTS, MSP, cartes).

    Lancez `access-map demo` pour produire tableaux et cartes sur le territoire
    de démonstration (fictif) embarqué.
    """


__all__ = ["main", "SUBCOMMANDS"]
