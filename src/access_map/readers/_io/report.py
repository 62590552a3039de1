"""What a reader dropped: the :class:`~access_map._validate.DropReport` attached to its table, and the warning
announcing it."""

from __future__ import annotations

import warnings

import pandas as pd

from ..._validate import DropReport

__all__ = ["SourceWarning", "finish", "drop_report"]


class SourceWarning(UserWarning):
    """Rows of an input file were dropped, merged or left unmatched (see the DropReport)."""


def finish(table: pd.DataFrame, report: DropReport, *, source: str, stacklevel: int = 3) -> pd.DataFrame:
    """Attach the report and source to ``table.attrs`` and warn when rows were dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> t = finish(pd.DataFrame({"a": [1]}), DropReport(source="x.csv"), source="x.csv")
    >>> t.attrs["source"], drop_report(t).total
    ('x.csv', 0)
    """
    table.attrs["drop_report"] = report
    table.attrs["source"] = source
    if report:
        warnings.warn(str(report), SourceWarning, stacklevel=stacklevel)
    return table


def drop_report(table: pd.DataFrame) -> DropReport:
    """The :class:`~access_map._validate.DropReport` attached by a reader (empty if none).

    Examples
    --------
    >>> import pandas as pd
    >>> drop_report(pd.DataFrame()).total
    0
    """
    rep = table.attrs.get("drop_report")
    return rep if isinstance(rep, DropReport) else DropReport(source=str(table.attrs.get("source", "")))
