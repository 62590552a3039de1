"""Click in French: help pages, parameter types and errors of every ``access-map`` command.

Click writes its own words in English (« Usage: », « Options: », « Show this message and exit. », « Error: Missing
option », « 'x' is not one of … »). Its maintainers' advice for another language is to give the commands classes
of one's own (pallets/click#521); this module does so with public extension points only — no click internals are
replaced:

* :class:`FrenchCommand` and :class:`FrenchGroup` (``cls=`` of every command; a group's sub-commands inherit them
  through ``command_class``/``group_class``) use :class:`FrenchContext`, whose :class:`FrenchHelpFormatter` writes
  « Utilisation : », « Options », « Commandes »; the help option says « Afficher cette aide et quitter. »; the
  bracketed extras of an option's help are French (« [défaut : 0,5 ; obligatoire] », decimal comma);
* each parameter's type is replaced, when the command is built, by its French counterpart (:func:`french_type`):
  a bad value is refused in French, numbers accept a decimal comma (``--per-km 0,9``), and the metavars read
  ``NOMBRE``, ``ENTIER``, ``TEXTE``, ``FICHIER``, ``DOSSIER``, ``CHEMIN``;
* any click error leaving a command is re-raised in French (:func:`french_error`): the usage line, the hint
  « Essayez « access-map zoning --help » pour l'aide. », then « Erreur : … ».

Texts come from :mod:`access_map.messages.cli`.

Examples
--------
>>> from click.testing import CliRunner
>>> @click.command(cls=FrenchCommand)
... @click.option("--per-km", type=float, required=True)
... def cmd(per_km):
...     click.echo(per_km)
>>> print(CliRunner().invoke(cmd, ["--per-km", "0,9"]).output.strip())
0.9
>>> print(CliRunner().invoke(cmd, ["--per-km", "abc"]).output.strip().splitlines()[-1])
Erreur : valeur invalide pour '--per-km' : « abc » n'est pas un nombre (exemples : 12, 0,5 ou 0.5)
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any, cast

import click
from click.formatting import HelpFormatter

from ..messages import cli as M
from ..messages import nombre

__all__ = [
    "FrenchCommand",
    "FrenchContext",
    "FrenchError",
    "FrenchGroup",
    "FrenchHelpFormatter",
    "FrenchUsageError",
    "french_error",
    "french_type",
]


class FrenchHelpFormatter(HelpFormatter):
    """Help formatter whose usage line starts with « Utilisation : »."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, M.UTILISATION if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading} :\n")


class FrenchContext(click.Context):
    """Context writing help pages with :class:`FrenchHelpFormatter`."""

    formatter_class = FrenchHelpFormatter


# --------------------------------------------------------------------------- errors


class FrenchUsageError(click.UsageError):
    """A usage error written in French: usage line, « Essayez … », « Erreur : … »."""

    def show(self, file: Any = None) -> None:
        color = None
        if self.ctx is not None:
            color = self.ctx.color
            lines = [self.ctx.get_usage()]
            if self.ctx.command.get_help_option(self.ctx) is not None:
                names = self.ctx.command.get_help_option_names(self.ctx)
                lines.append(M.essayez(commande=self.ctx.command_path, option=max(names, key=len)))
            click.echo("\n".join(lines) + "\n", file=file, err=file is None, color=color)
        click.echo(M.ERREUR + self.format_message(), file=file, err=file is None, color=color)


class FrenchError(click.ClickException):
    """An error written « Erreur : … » (a :class:`click.ClickException` in French)."""

    def show(self, file: Any = None) -> None:
        click.echo(M.ERREUR + self.format_message(), file=file, err=file is None)


def _hint(exc: click.BadParameter) -> str:
    hint: str | Sequence[str] | None = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx) if exc.ctx is not None else exc.param.name
    if hint is None:
        return ""
    if not isinstance(hint, str):
        hint = " / ".join(hint)
    return hint


def _english_usage_message(exc: click.UsageError) -> str:
    """French for click's usage errors that carry no structured attributes (parser and group messages)."""
    text = exc.message
    if isinstance(exc, click.exceptions.NoSuchOption):
        return M.option_inconnue(nom=exc.option_name, proches=exc.possibilities or ())
    command = getattr(exc, "command_name", None)
    match = re.match(r"No such command '(.*)'\.", text)
    if command is not None or match:
        name = command if command is not None else (match.group(1) if match else "")
        commands = (
            exc.ctx.command.list_commands(exc.ctx) if exc.ctx and isinstance(exc.ctx.command, click.Group) else ()
        )
        return M.commande_inconnue(nom=name, commandes=commands)
    if isinstance(exc, click.exceptions.BadOptionUsage):
        if "does not take a value" in text:
            return M.option_sans_valeur(nom=exc.option_name)
        return M.option_attend_valeur(nom=exc.option_name)
    match = re.match(r"Got unexpected extra arguments? \((.*)\)$", text, flags=re.DOTALL)
    if match:
        return M.arguments_en_trop(valeurs=match.group(1))
    if text == "Missing command.":
        return M.COMMANDE_MANQUANTE
    return text


def french_error(exc: click.ClickException) -> click.ClickException:
    """The French version of a click error (the same error when it is already French or is a help page).

    Examples
    --------
    >>> french_error(click.ClickException("le fichier est vide")).__class__.__name__
    'FrenchError'
    >>> french_error(click.UsageError("Got unexpected extra arguments (a b)")).format_message()[:26]
    'argument(s) en trop : a b '
    """
    if isinstance(exc, (FrenchUsageError, FrenchError)):
        return exc
    if isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ())):
        return exc
    error: click.ClickException
    if isinstance(exc, click.MissingParameter):
        name = _hint(exc)
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "option")
        text = M.argument_manquant(nom=name) if kind == "argument" else M.option_manquante(nom=name)
        if exc.param is not None and isinstance(exc.param.type, click.Choice):
            text += " ; " + M.choisissez_parmi(choix=[str(c) for c in exc.param.type.choices])
        error = FrenchUsageError(text, exc.ctx)
    elif isinstance(exc, click.BadParameter):
        name = _hint(exc)
        detail = exc.message
        error = FrenchUsageError(
            M.valeur_invalide(nom=name, detail=detail) if name else M.valeur_refusee(detail=detail), exc.ctx
        )
    elif isinstance(exc, click.UsageError):
        error = FrenchUsageError(_english_usage_message(exc), exc.ctx)
    elif isinstance(exc, click.FileError):
        error = FrenchError(M.fichier_impossible(chemin=exc.ui_filename, raison=exc.message))
    else:
        error = FrenchError(exc.format_message())
    return error


# --------------------------------------------------------------------------- parameter types


def _number_text(value: Any) -> Any:
    return value.strip().replace(",", ".") if isinstance(value, str) else value


class FrenchFloat(click.types.FloatParamType):
    """A number, with a decimal point or a decimal comma."""

    name = "nombre"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(_number_text(value), param, ctx)
        except click.BadParameter:
            self.fail(M.pas_un_nombre(valeur=value), param, ctx)


class FrenchInt(click.types.IntParamType):
    """A whole number."""

    name = "entier"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(M.pas_un_entier(valeur=value), param, ctx)


def _range_text(kind: click.types._NumberRangeBase) -> str:  # type: ignore[type-arg]
    parts = []
    if kind.min is not None:
        parts.append(f"x {'>' if kind.min_open else '≥'} {nombre(kind.min, decimals=6)}")
    if kind.max is not None:
        parts.append(f"x {'<' if kind.max_open else '≤'} {nombre(kind.max, decimals=6)}")
    return " et ".join(parts)


class FrenchFloatRange(click.FloatRange):
    """A number within a range."""

    name = "nombre"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = float(_number_text(value))
        except (TypeError, ValueError):
            self.fail(M.pas_un_nombre(valeur=value), param, ctx)
        try:
            return super().convert(number, param, ctx)
        except click.BadParameter:
            self.fail(M.hors_intervalle(valeur=nombre(number, decimals=6), intervalle=_range_text(self)), param, ctx)

    def _describe_range(self) -> str:
        return _range_text(self)


class FrenchIntRange(click.IntRange):
    """A whole number within a range."""

    name = "entier"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(M.pas_un_entier(valeur=value), param, ctx)
        try:
            return super().convert(number, param, ctx)
        except click.BadParameter:
            self.fail(M.hors_intervalle(valeur=str(number), intervalle=_range_text(self)), param, ctx)

    def _describe_range(self) -> str:
        return _range_text(self)


class FrenchString(click.types.StringParamType):
    """Text."""

    name = "texte"


class FrenchBool(click.types.BoolParamType):
    """Yes or no (``oui``/``non`` accepted besides click's words)."""

    name = "booléen"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.strip().lower() in {"oui", "non", "o"}:
            return value.strip().lower() in {"oui", "o"}
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(M.pas_un_booleen(valeur=value), param, ctx)


class FrenchChoice(click.Choice):  # type: ignore[type-arg]
    """One of a list of values."""

    name = "choix"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(M.pas_un_choix(valeur=value, choix=[str(c) for c in self.choices]), param, ctx)

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return M.choisissez_parmi(choix=[str(c) for c in self.choices])


class FrenchPath(click.Path):
    """A file or folder path, refused in French."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name = "fichier" if not self.dir_okay else ("dossier" if not self.file_okay else "chemin")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(self._french_reason(value), param, ctx)

    def _french_reason(self, value: Any) -> str:
        path = os.fsdecode(value) if isinstance(value, (str, bytes, os.PathLike)) else str(value)
        if self.exists and not os.path.exists(path):
            return M.chemin_absent(chemin=path, nature=self.name)
        if not self.dir_okay and os.path.isdir(path):
            return M.chemin_est_un_dossier(chemin=path)
        if not self.file_okay and os.path.isfile(path):
            return M.chemin_est_un_fichier(chemin=path)
        if self.readable and os.path.exists(path) and not os.access(path, os.R_OK):
            return M.chemin_illisible(chemin=path)
        if self.writable and os.path.exists(path) and not os.access(path, os.W_OK):
            return M.chemin_non_inscriptible(chemin=path)
        return M.chemin_refuse(chemin=path)


def path_settings(kind: click.Path) -> dict[str, Any]:
    """The constructor arguments of a :class:`click.Path` (to rebuild it as another class)."""
    return {
        "exists": kind.exists,
        "file_okay": kind.file_okay,
        "dir_okay": kind.dir_okay,
        "writable": kind.writable,
        "readable": kind.readable,
        "resolve_path": kind.resolve_path,
        "allow_dash": kind.allow_dash,
        "path_type": kind.type,
        "executable": getattr(kind, "executable", False),
    }


_FRENCH_TYPES = (FrenchFloat, FrenchInt, FrenchFloatRange, FrenchIntRange, FrenchString, FrenchBool, FrenchChoice)


def french_type(kind: click.ParamType) -> click.ParamType:
    """The French counterpart of a click parameter type (the same type when it has none or is French already).

    Examples
    --------
    >>> french_type(click.FLOAT).name, french_type(click.Path(exists=True, dir_okay=False)).name
    ('nombre', 'fichier')
    >>> french_type(click.Choice(["a", "b"])).convert("a", None, None)
    'a'
    """
    if isinstance(kind, (*_FRENCH_TYPES, FrenchPath)):
        return kind
    if isinstance(kind, click.Path):
        return FrenchPath(**path_settings(kind))
    if isinstance(kind, click.Choice):
        return FrenchChoice(list(kind.choices), case_sensitive=kind.case_sensitive)
    if isinstance(kind, click.FloatRange):
        return FrenchFloatRange(kind.min, kind.max, kind.min_open, kind.max_open, kind.clamp)
    if isinstance(kind, click.IntRange):
        return FrenchIntRange(kind.min, kind.max, kind.min_open, kind.max_open, kind.clamp)
    exact: dict[type, type[click.ParamType]] = {
        click.types.FloatParamType: FrenchFloat,
        click.types.IntParamType: FrenchInt,
        click.types.StringParamType: FrenchString,
        click.types.BoolParamType: FrenchBool,
    }
    french = exact.get(type(kind))
    return french() if french is not None else kind


# --------------------------------------------------------------------------- commands

_EXTRA = re.compile(r"\s*\[([^\[\]]*)\]$")
_DECIMAL = re.compile(r"(?<![\w.])(\d+)\.(\d+)(?![\w.])")


def french_extra(help_text: str) -> str:
    """An option's help with click's bracketed extras in French (decimal comma in numbers).

    Examples
    --------
    >>> french_extra("Pente (minutes par km).  [default: 0.9; required]")
    'Pente (minutes par km).  [défaut : 0,9 ; obligatoire]'
    """
    match = _EXTRA.search(help_text)
    if match is None:
        return help_text
    items = []
    for item in match.group(1).split("; "):
        if item.startswith("default: "):
            value = item.removeprefix("default: ").replace("(dynamic)", M.DYNAMIQUE)
            item = M.DEFAUT + _DECIMAL.sub(r"\1,\2", value)
        elif item == "required":
            item = M.OBLIGATOIRE
        elif item.startswith("env var: "):
            item = M.VARIABLE_ENVIRONNEMENT + item.removeprefix("env var: ")
        items.append(item)
    return help_text[: match.start()] + ("  " if match.start() else "") + "[" + " ; ".join(items) + "]"


class _FrenchMixin:
    """What :class:`FrenchCommand` and :class:`FrenchGroup` share."""

    context_class: type[click.Context] = FrenchContext

    def _frenchify_params(self) -> None:
        for param in cast(click.Command, self).params:
            param.type = french_type(param.type)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = M.AIDE_OPTION
        return cast("click.Option | None", option)

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        records = []
        for param in cast(click.Command, self).get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                records.append((record[0], french_extra(record[1])))
        if records:
            with formatter.section(M.OPTIONS):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_arguments(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        arguments = [p for p in cast(click.Command, self).get_params(ctx) if isinstance(p, click.Argument)]
        records = [p.get_help_record(ctx) for p in arguments if getattr(p, "help", None)]
        if records:
            with formatter.section(M.ARGUMENTS):
                formatter.write_dl([r for r in records if r is not None])

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)  # type: ignore[misc,no-any-return]
        except click.ClickException as exc:
            raise french_error(exc) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except click.ClickException as exc:
            raise french_error(exc) from exc


class FrenchCommand(_FrenchMixin, click.Command):
    """A command whose help, parameter types and errors are French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._frenchify_params()


class FrenchGroup(_FrenchMixin, click.Group):
    """A group of commands whose help, parameter types and errors are French (its sub-commands too)."""

    command_class = FrenchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._frenchify_params()

    def format_commands(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        rows = []
        names = self.list_commands(ctx)
        width = formatter.width - 6 - max((len(n) for n in names), default=0)
        for name in names:
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(width)))
        if rows:
            with formatter.section(M.COMMANDES):
                formatter.write_dl(rows)


FrenchGroup.group_class = FrenchGroup
