"""Click options shared by the sub-commands, with choices taken from the library's presets.

One definition per option, so that ``--points``, ``--departement``, ``--profession``, ``--vintage``,
``--intercept``/``--per-km`` mean the same thing, with the same names and defaults, in every command.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..apl import AGE_WEIGHTS
from ..messages import cli as M
from ..schema import PROFESSIONS
from ..travel import CrowFlyModel

__all__ = [
    "PROFESSION_CHOICES",
    "VINTAGE_CHOICES",
    "echo_warnings",
    "selection_options",
    "selection_from_options",
    "points_options",
    "crow_fly_options",
    "crow_fly_options_given",
    "profession_option",
    "vintage_option",
    "impute_activity_option",
]

#: ``--profession`` choices: the professions of the APL presets.
PROFESSION_CHOICES: tuple[str, ...] = tuple(PROFESSIONS)
#: ``--vintage`` choices: the APL vintages with official age weights.
VINTAGE_CHOICES: tuple[str, ...] = tuple(str(v) for v in sorted(AGE_WEIGHTS))


F = TypeVar("F", bound=Callable[..., Any])


def _stack(options: Iterable[Callable[[F], F]]) -> Callable[[F], F]:
    def deco(func: F) -> F:
        for opt in reversed(list(options)):
            func = opt(func)
        return func

    return deco


def echo_warnings(records: Iterable[warnings.WarningMessage]) -> list[str]:
    """Print each distinct warning once on stderr (``Attention : ...``); return the messages printed."""
    seen: list[str] = []
    for w in records:
        msg = str(w.message)
        if msg not in seen:
            seen.append(msg)
            click.echo(M.ATTENTION + msg, err=True)
    return seen


#: ``--departement`` / ``--region``: restrict the territory (repeatable; their union is kept).
selection_options = _stack(
    [
        click.option(
            "--departement",
            "departements",
            multiple=True,
            metavar="CODE",
            help="Ne garder que ce département (code INSEE : 33, 2A, 971 ; répétable).",
        ),
        click.option(
            "--region",
            "regions",
            multiple=True,
            metavar="CODE",
            help="Ne garder que cette région (code INSEE : 75 ; répétable).",
        ),
    ]
)


def selection_from_options(departements: tuple[str, ...], regions: tuple[str, ...], *, margin_km: float = 0.0) -> Any:
    """The :class:`~access_map.territory.TerritorySelection` of ``--departement``/``--region`` (usage error if bad)."""
    from ..errors import AccessMapError
    from ..territory import TerritorySelection

    try:
        return TerritorySelection(departements=departements, regions=regions, margin_km=margin_km)
    except AccessMapError as exc:
        raise click.BadParameter(str(exc), param_hint="--departement/--region") from exc


#: ``--points``, ``--layer``, ``--code-column``: commune points read by :func:`access_map.territory.read_commune_points`.
points_options = _stack(
    [
        click.option(
            "--points",
            "points_path",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help=M.POINTS,
        ),
        click.option("--layer", help=M.LAYER),
        click.option(
            "--code-column",
            help=M.CODE_COLUMN,
        ),
    ]
)

_DEFAULT_MODEL = CrowFlyModel()

#: ``--intercept`` / ``--per-km``: the crow-fly model minutes = a + b x km.
crow_fly_options = _stack(
    [
        click.option(
            "--intercept",
            type=float,
            default=_DEFAULT_MODEL.intercept_minutes,
            show_default=True,
            help=M.INTERCEPT,
        ),
        click.option(
            "--per-km",
            type=float,
            default=_DEFAULT_MODEL.minutes_per_km,
            show_default=True,
            help=M.PER_KM,
        ),
    ]
)


def crow_fly_options_given(intercept: float, per_km: float) -> bool:
    """Whether ``--intercept``/``--per-km`` differ from the defaults (to refuse them where they do not apply)."""
    return (intercept, per_km) != (_DEFAULT_MODEL.intercept_minutes, _DEFAULT_MODEL.minutes_per_km)


profession_option = click.option(
    "--profession",
    type=click.Choice(PROFESSION_CHOICES),
    default="medecin_generaliste",
    show_default=True,
    help=M.PROFESSION,
)
vintage_option = click.option(
    "--vintage",
    type=click.Choice(VINTAGE_CHOICES),
    default=VINTAGE_CHOICES[-1],
    show_default=True,
    callback=lambda ctx, param, value: int(value),
    help=M.VINTAGE,
)
impute_activity_option = click.option(
    "--impute-activity",
    "impute_acts",
    type=float,
    default=None,
    is_flag=False,
    flag_value=5400.0,
    metavar="[ACTS]",
    help=M.IMPUTE_ACTIVITY,
)
