"""French formatting of numbers, lists and quoted values in user-facing text."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

__all__ = ["nombre", "entier", "pourcent", "liste", "extrait", "pluriel", "MISSING"]

#: What a missing number reads as.
MISSING = "n.d."
#: Longest value quoted from an input file in a message (the rest is cut with « … »).
MAX_QUOTED = 80


def _as_float(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def nombre(value: object, *, decimals: int = 2, missing: str = MISSING) -> str:
    """A number the French way: decimal comma, narrow no-break space between thousands.

    The same output as the browser's ``Intl.NumberFormat("fr-FR")`` used in map tooltips.

    Examples
    --------
    >>> nombre(2.5, decimals=1)
    '2,5'
    >>> nombre(float("nan"))
    'n.d.'
    >>> nombre(-1234.5, decimals=1)
    '-1\u202f234,5'
    """
    number = _as_float(value)
    if number is None:
        return missing
    text = f"{number:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":  # -0,00 reads as 0,00
        text = text.lstrip("-")
    return text.replace(",", "\u202f").replace(".", ",")


def entier(value: object, *, missing: str = MISSING) -> str:
    """A count: rounded to an integer, thousands separated (``67 408 052``, never ``6,74e+07``).

    Examples
    --------
    >>> entier(187161.4)
    '187\u202f161'
    """
    return nombre(value, decimals=0, missing=missing)


def pourcent(share: object, *, decimals: int = 1, missing: str = MISSING) -> str:
    """A share (0–1) as a French percentage: ``0.668`` → ``'66,8 %'`` (narrow no-break space before ``%``).

    Examples
    --------
    >>> pourcent(0.668)
    '66,8\u202f%'
    """
    number = _as_float(share)
    text = nombre(None if number is None else 100.0 * number, decimals=decimals, missing=missing)
    return text if text == missing else text + "\u202f%"


def extrait(value: object, *, limit: int = MAX_QUOTED) -> str:
    """A value quoted from an input file, shortened to ``limit`` characters, on one line.

    Examples
    --------
    >>> extrait("a" * 100, limit=10)
    'aaaaaaaaa…'
    >>> extrait("deux\\nlignes")
    'deux\\\\nlignes'
    """
    text = str(value).replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def liste(values: Iterable[Any], *, limit: int = 5) -> str:
    """The first ``limit`` values, then the total count when there are more.

    Examples
    --------
    >>> liste(["a", "b"])
    'a, b'
    >>> liste(range(8), limit=2)
    '0, 1… (8 en tout)'
    """
    items = [extrait(v) for v in values]
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown}… ({entier(len(items))} en tout)"


def pluriel(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` followed by the noun, in the plural from 2 on (French rule: 0 and 1 are singular).

    Examples
    --------
    >>> pluriel(1, "commune"), pluriel(0, "TVS", "TVS"), pluriel(1500, "médecin")
    ('1 commune', '0 TVS', '1\u202f500 médecins')
    """
    noun = singular if abs(count) < 2 else (plural or singular + "s")
    return f"{entier(count)} {noun}"
