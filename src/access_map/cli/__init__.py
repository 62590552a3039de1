"""Command-line interface ``access-map``: a thin layer over the library functions.

Each sub-command ``NAME`` lives in a module of this package (see
:data:`SUBCOMMANDS`) that defines ``NAME_command`` (a :class:`click.Command`). The CLI is the only place that prints
and shows progress.
"""

from __future__ import annotations

import errno
import importlib
import os
from typing import Any

import click

from .. import __version__
from ..errors import AccessMapError
from ..messages.outputs import INTERROMPU, chemin, erreur_systeme
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
    "grid": "grid",
}


#: Set this environment variable to 1 to see the Python traceback of an unexpected error.
DEBUG_ENV = "ACCESS_MAP_DEBUG"
#: Exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED_EXIT_CODE = 130


def user_error(exc: BaseException) -> click.ClickException:
    """The message a CLI user sees for an exception (no traceback).

    Errors of the library (:class:`~access_map.errors.AccessMapError`) already say what is wrong and how to fix
    it; file-system errors (disk full, read-only, permission…) are said in French naming the file
    (:mod:`access_map.messages.outputs`); anything else is an internal error, reported in one line with the
    way to get its traceback.

    Examples
    --------
    >>> user_error(PermissionError(13, "Permission denied", "/sorties")).message
    'accès impossible à /sorties : permission refusée ; corrigez ses permissions, ou choisissez un dossier...'
    >>> user_error(OSError(28, "No space left on device", "/d/apl.csv")).message[:52]
    "impossible d'écrire /d/apl.csv : le disque est plein"
    """
    if isinstance(exc, click.ClickException):
        return exc
    if isinstance(exc, AccessMapError):
        return click.ClickException(str(exc))
    if isinstance(exc, FileNotFoundError):
        return click.ClickException(f"fichier ou dossier introuvable : {chemin(exc.filename)}")
    if isinstance(exc, OSError):
        writing = exc.errno in {errno.ENOSPC, errno.EFBIG, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)}
        detail = exc.strerror or str(exc)
        return click.ClickException(
            erreur_systeme(path=exc.filename, code=exc.errno, detail=detail, intact=False, writing=writing)
        )
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
        except KeyboardInterrupt:  # (click would say "Aborted!" and exit 1)
            click.echo(f"\n{INTERROMPU}", err=True)
            raise click.exceptions.Exit(INTERRUPTED_EXIT_CODE) from None
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
        from ._inputs import guard_input_options

        module = importlib.import_module(f"{__name__}.{module_name}")
        return guard_input_options(getattr(module, f"{name}_command"))  # odd input files refused or made ordinary


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="access-map")
def main() -> None:
    """access-map : accessibilité aux soins (APL, zonage, CPTS, MSP, cartes).

    Lancez `access-map demo` pour produire tableaux et cartes sur le territoire
    de démonstration (fictif) embarqué.
    """


__all__ = ["main", "SUBCOMMANDS", "DEBUG_ENV", "INTERRUPTED_EXIT_CODE", "user_error"]
