"""Command-line interface ``access-map``: a thin layer over the library functions.

Each sub-command ``NAME`` lives in a module of this package (see
:data:`SUBCOMMANDS`) that defines ``NAME_command`` (a :class:`click.Command`). The CLI is the only place that prints
and shows progress.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from .. import __version__
from ..errors import AccessMapError
from ._console import prepare_console

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


#: Set this environment variable to 1 to see the Python traceback of an unexpected error.
DEBUG_ENV = "ACCESS_MAP_DEBUG"


def user_error(exc: BaseException) -> click.ClickException:
    """The message a CLI user sees for an exception (no traceback).

    Errors of the library (:class:`~access_map.errors.AccessMapError`) already say what is wrong and how to fix
    it; file-system errors name the file; anything else is an internal error, reported in one line with the
    way to get its traceback.

    Examples
    --------
    >>> user_error(PermissionError(13, "Permission denied", "/sorties")).message
    'permission denied on /sorties: choose a folder you can write to (or fix its permissions)'
    """
    if isinstance(exc, click.ClickException):
        return exc
    if isinstance(exc, AccessMapError):
        return click.ClickException(str(exc))
    if isinstance(exc, PermissionError):
        return click.ClickException(
            f"permission denied on {exc.filename}: choose a folder you can write to (or fix its permissions)"
        )
    if isinstance(exc, FileNotFoundError):
        return click.ClickException(f"file or folder not found: {exc.filename}")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return click.ClickException(f"{exc.strerror or exc}{where}")
    return click.ClickException(
        f"unexpected error ({type(exc).__name__}: {exc}). Run again with {DEBUG_ENV}=1 to see the Python "
        "traceback, and report it with the command you ran"
    )


class _LazyGroup(click.Group):
    """Import a sub-command's module only when it is used (keeps ``--help`` fast); no traceback reaches the user,
    nor a :class:`UnicodeEncodeError` from a console in cp1252 (:func:`~access_map.cli._console.prepare_console`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        prepare_console()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG_ENV, "") not in {"", "0"}:
                raise
            raise user_error(exc) from exc

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


__all__ = ["main", "SUBCOMMANDS", "DEBUG_ENV", "user_error"]
