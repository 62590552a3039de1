"""Input files of every command, checked before the command runs: odd files are refused or made ordinary.

Every option or argument of type ``click.Path(exists=True)`` (an input) of every sub-command is given the type
:class:`InputPath` by :func:`guard_input_options` (called once by the command group). On top of click's checks:

* a device (``/dev/zero``, read forever) or a socket is refused, naming the option;
* a pipe — a FIFO, or a process substitution ``<(gunzip -c pop.csv.gz)`` which the shell passes as
  ``/dev/fd/63`` — is read **once** into a private temporary file (within the input size bound of
  :func:`access_map.readers._io.max_input_bytes`), removed when the command ends. The readers then see an
  ordinary file: sniffing then parsing, or GDAL's random access, cannot wait for a second writer that will
  never come (a producer writes a pipe once).

Examples
--------
>>> import click
>>> @click.command()
... @click.option("--pop", type=click.Path(exists=True))
... def cmd(pop): ...
>>> guard_input_options(cmd).params[0].type.__class__.__name__
'InputPath'
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import click

from ..messages import validation as M
from ..messages.outputs import cause_systeme

__all__ = ["InputPath", "guard_input_options"]

_CHUNK = 1 << 20


class InputPath(click.Path):
    """``click.Path(exists=True)`` that refuses devices and sockets and reads a pipe once into a temporary file."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str | os.PathLike) and not (value == "-" and self.allow_dash):
            try:
                is_folder = stat.S_ISDIR(os.stat(value).st_mode)
            except OSError as exc:  # click would call a symbolic-link loop or an unreadable folder "does not exist"
                if exc.errno not in (errno.ENOENT, errno.ENOTDIR, None):
                    reason = cause_systeme(code=exc.errno, detail=exc.strerror or str(exc))
                    self.fail(M.lecture_impossible(nom=os.fsdecode(value), raison=reason), param, ctx)
            else:
                if is_folder and not self.dir_okay:  # (click says it in English)
                    self.fail(M.est_un_dossier(nom=os.fsdecode(value)), param, ctx)
        path = super().convert(value, param, ctx)
        if value == "-" and self.allow_dash:
            return path
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return path  # (click checked existence; a race is reported by the reader)
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            return path
        if stat.S_ISFIFO(mode):
            return self._spool(path, param, ctx)
        nature = "un périphérique" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "une socket ou un fichier spécial"
        self.fail(M.pas_un_fichier_ordinaire(nom=os.fsdecode(path), nature=nature), param, ctx)

    def _spool(self, path: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..readers._io import MAX_INPUT_ENV, max_input_bytes

        limit = max_input_bytes()
        folder = Path(tempfile.mkdtemp(prefix="access_map_entree_"))
        if ctx is not None:
            ctx.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
        target = folder / (Path(os.fsdecode(path)).name or "entree")
        total = 0
        try:
            with open(path, "rb") as source, open(target, "wb") as copy:
                while chunk := source.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        self.fail(
                            M.flux_trop_grand(nom=os.fsdecode(path), limite=limit, variable=MAX_INPUT_ENV), param, ctx
                        )
                    copy.write(chunk)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            self.fail(M.lecture_impossible(nom=os.fsdecode(path), raison=exc.strerror or exc), param, ctx)
        except click.BadParameter:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return self.coerce_path_result(str(target))


def _input_type(kind: click.Path) -> InputPath:
    return InputPath(
        exists=kind.exists,
        file_okay=kind.file_okay,
        dir_okay=kind.dir_okay,
        writable=kind.writable,
        readable=kind.readable,
        resolve_path=kind.resolve_path,
        allow_dash=kind.allow_dash,
        path_type=kind.type,
        executable=getattr(kind, "executable", False),
    )


def guard_input_options(command: click.Command) -> click.Command:
    """Give every input option (``click.Path(exists=True)``) of ``command`` and its sub-commands :class:`InputPath`.

    Returns the same command (modified in place, idempotent).
    """
    for param in command.params:
        kind = param.type
        if isinstance(kind, click.Path) and kind.exists and not isinstance(kind, InputPath):
            param.type = _input_type(kind)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            guard_input_options(sub)
    return command
