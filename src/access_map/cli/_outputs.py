"""The output policy of the file commands (``apl``, ``travel``, ``map``, ``zoning``, ``cpts``, ``msp``).

A file command writes only the files it names, each atomically; an existing one is replaced only with
``--overwrite``, and never when it is one of the command's own inputs (:func:`refuse_inputs_as_outputs`). The
folder commands (``refresh``, ``demo``, ``scenario``) follow :class:`access_map.outputs.OutputFolders`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..outputs import check_output_files

__all__ = ["input_files", "refuse_inputs_as_outputs", "checks_outputs"]

F = TypeVar("F", bound=Callable[..., Any])


def input_files(*, exclude: Iterable[str] = ()) -> list[Path]:
    """Every file path among the current command's options (``NAME=FILE`` specs included), but ``exclude``.

    Examples
    --------
    >>> with click.Context(click.Command("x"), obj=None) as ctx:
    ...     ctx.params = {"apl_path": Path("a.csv"), "output": Path("o.csv"), "population": ("2021-01-01=p.csv",)}
    ...     [str(p) for p in input_files(exclude=["output"])]
    ['a.csv', 'p.csv']
    """
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return []
    skipped = set(exclude)
    found: list[Path] = []
    for name, value in ctx.params.items():
        if name in skipped:
            continue
        for item in value if isinstance(value, tuple | list) else (value,):
            if isinstance(item, Path):
                found.append(item)
            elif isinstance(item, str) and "=" in item:
                found.append(Path(item.partition("=")[2]))
    return found


def refuse_inputs_as_outputs(outputs: Iterable[Path | None], *, exclude: Iterable[str]) -> None:
    """Refuse (:class:`~access_map.errors.OutputError`) an output file that is one of the command's inputs.

    ``exclude``: the names of the command's output options (not inputs).
    """
    check_output_files([p for p in outputs if p is not None], inputs=input_files(exclude=exclude))


def checks_outputs(*names: str) -> Callable[[F], F]:
    """Decorate a command's function: before it runs, refuse its output options ``names`` that are inputs.

    Place it under the click decorators (it wraps the function click calls with the parsed options).
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            refuse_inputs_as_outputs([kwargs.get(n) for n in names], exclude=names)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
