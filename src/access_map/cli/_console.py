"""The console the CLI writes to may not speak Unicode: a Windows console or a redirected output in cp1252.

Python writes ``sys.stdout``/``sys.stderr`` in the console's encoding; on Windows, output redirected to a file or
a pipe (and a console set to ``chcp 1252``) uses cp1252, where the narrow no-break space of French numbers
(``35 023``), ``≤``, ``→`` or ``Δ`` do not exist, and a ``print`` of them raises :class:`UnicodeEncodeError`.
:func:`prepare_console` keeps the streams' encoding and replaces only the characters it lacks, by their nearest
equivalent (:func:`console_fallback`): the message reaches the user instead of a traceback.

Examples
--------
>>> "35\u202f023 ; ΔAPL ≤ 2,5 → ZIP".encode("cp1252", errors=ERRORS)
b'35\\xa0023 ; delta APL <= 2,5 -> ZIP'
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

__all__ = ["ERRORS", "console_fallback", "prepare_console"]

#: Name of the codec error handler registered by this module.
ERRORS = "access_map.console"

#: Characters of the package's French text that legacy code pages lack, and their replacement (tried in order).
_FALLBACKS: dict[str, tuple[str, ...]] = {
    "\u202f": ("\u00a0", " "),  # narrow no-break space (thousands) -> no-break space -> space
    "\u2009": ("\u00a0", " "),  # thin space
    "\u00a0": (" ",),
    "≤": ("<=",),
    "≥": (">=",),
    "≠": ("!=",),
    "≈": ("~",),
    "→": ("->",),
    "←": ("<-",),
    "Δ": ("delta ",),
    "−": ("-",),  # minus sign
    "‑": ("-",),  # non-breaking hyphen
    "–": ("-",),
    "—": ("-",),
    "…": ("...",),
    "«": ('"',),
    "»": ('"',),
    "’": ("'",),
    "œ": ("oe",),
    "Œ": ("OE",),
    "€": ("EUR",),
}


def console_fallback(char: str, encoding: str) -> str:
    """What to write instead of ``char`` in ``encoding``: its listed equivalent, else its letters without accents,
    else ``?``.

    Examples
    --------
    >>> console_fallback("\u202f", "cp1252"), console_fallback("\u202f", "ascii")
    ('\\xa0', ' ')
    >>> console_fallback("ễ", "cp1252"), console_fallback("≤", "cp850")
    ('e', '<=')
    """
    stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    for candidate in (*_FALLBACKS.get(char, ()), stripped, "?"):
        try:
            candidate.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            continue
        if candidate:
            return candidate
    return "?"


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(console_fallback(c, error.encoding) for c in text), error.end


codecs.register_error(ERRORS, _handler)


def prepare_console() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` replace, rather than fail on, what their encoding cannot write.

    Streams in a UTF encoding, streams given another error handler, and streams that are not text files of
    :mod:`io` (a test runner's capture), are left as they are. (``stderr`` escapes by default: ``\\u1ec5``
    for ``ễ``; the replacement writes ``e``.)
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        replaceable = stream.errors in {"strict", "backslashreplace"}  # stderr's default is "backslashreplace"
        if isinstance(stream, io.TextIOWrapper) and not encoding.startswith("utf") and replaceable:
            stream.reconfigure(errors=ERRORS)
