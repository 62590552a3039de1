"""Exception hierarchy of access_map.

Every error says what is wrong, what was found and how to fix it. Errors about
bad values derive from :class:`ValueError` so that generic callers can catch
them as such.

Examples
--------
>>> from access_map.errors import MissingColumnError, AccessMapError
>>> issubclass(MissingColumnError, ValueError)
True
>>> issubclass(MissingColumnError, AccessMapError)
True
"""

from __future__ import annotations

__all__ = [
    "AccessMapError",
    "MissingColumnError",
    "InvalidCodeError",
    "InvalidValueError",
    "CRSError",
    "SourceError",
    "ConstraintError",
    "AmbiguousColumnError",
    "OutputError",
]


class AccessMapError(ValueError):
    """Base class of every error raised by access_map on bad input."""


class MissingColumnError(AccessMapError, KeyError):
    """A required column is absent from a table."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InvalidCodeError(AccessMapError):
    """An INSEE (or other) code is malformed, unknown or duplicated."""


class InvalidValueError(AccessMapError):
    """A value is negative, non-numeric, missing (NaN) or out of range."""


class CRSError(AccessMapError):
    """A coordinate reference system is missing or unsuitable (geographic for distances)."""


class SourceError(AccessMapError, OSError):
    """An input file or remote source cannot be read, reached or recognised."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ConstraintError(AccessMapError):
    """A user-supplied selection violates a rule (caps, margins...)."""


class OutputError(AccessMapError):
    """An output path cannot be used: a file where a folder is expected, a folder another run is writing..."""


class AmbiguousColumnError(AccessMapError):
    """Two columns of an input file map to the same name (the message names both headers)."""
