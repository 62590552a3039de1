"""The commune reference table: validated, indexed by 5-character INSEE code.

The INSEE code is always a string: ``"01001"``, ``"2A004"`` (Corsica),
``"75101"`` (Paris arrondissements). :func:`validate_communes` is the single
entry point that every reader and every indicator uses to check a commune table.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

from ._validate import (
    DropReport,
    check_insee_codes,
    describe_values,
    normalize_insee_codes,
    require_columns,
    to_numeric_column,
)
from .errors import InvalidCodeError

__all__ = ["CODE", "validate_communes"]

logger = logging.getLogger(__name__)

#: Name of the index of every commune table produced by access_map.
CODE = "code_commune"


def validate_communes(
    df: pd.DataFrame,
    *,
    code_column: str = CODE,
    count_columns: Sequence[str] = (),
    required_columns: Sequence[str] = (),
    source: str | None = None,
    drop_invalid: bool = False,
    aggregate_duplicates: bool = False,
) -> tuple[pd.DataFrame, DropReport]:
    """Validate a commune table and return it indexed by INSEE code.

    Parameters
    ----------
    df
        Input table; ``code_column`` may be a column or the index. It is not modified.
    code_column
        Column holding the INSEE code. Numbers are padded (``1001`` → ``"01001"``).
    count_columns
        Columns that must be non-negative numbers with no NaN (populations, acts...).
        French formats (``"1 234,5"``) are accepted; the result holds floats.
    required_columns
        Other columns that must be present.
    source
        Name of the file or table, quoted in error messages.
    drop_invalid
        If ``False`` (default) malformed codes raise :class:`~access_map.errors.InvalidCodeError`.
        If ``True`` rows with a malformed code are dropped and counted in the report.
    aggregate_duplicates
        If ``True``, rows sharing a code are summed over ``count_columns`` (other
        columns keep their first value) and the merge is counted in the report;
        otherwise duplicated codes raise.

    Returns
    -------
    table : pandas.DataFrame
        Indexed by ``code_commune`` (strings), sorted by code.
    report : DropReport
        What was dropped or merged, and why.

    Examples
    --------
    >>> import pandas as pd
    >>> t, rep = validate_communes(
    ...     pd.DataFrame({"code_commune": [1001, "2A004"], "population": ["1 200", 30]}),
    ...     count_columns=["population"],
    ... )
    >>> t.index.tolist(), t["population"].tolist(), rep.total
    (['01001', '2A004'], [1200.0, 30.0], 0)
    """
    data = df.reset_index() if code_column not in df.columns and df.index.name == code_column else df.copy()
    require_columns(data, [code_column, *count_columns, *required_columns], source=source)
    report = DropReport(source=source or "table")
    codes = normalize_insee_codes(data[code_column])
    data[code_column] = codes
    from ._validate import INSEE_CODE_PATTERN

    valid = codes.map(lambda v: isinstance(v, str) and bool(INSEE_CODE_PATTERN.match(v)))
    if not valid.all():
        if drop_invalid:
            report.add("malformed INSEE code", int((~valid).sum()), codes[~valid].tolist())
            data = data[valid.to_numpy()]
        else:
            check_insee_codes(codes, source=source, column=code_column)
    for col in count_columns:
        data[col] = to_numeric_column(data, col, source=source)
    dup_mask = data[code_column].duplicated(keep=False)
    if dup_mask.any():
        dups = data.loc[dup_mask, code_column].unique().tolist()
        if not aggregate_duplicates:
            raise InvalidCodeError(
                f"duplicated INSEE code(s) in {source or 'table'}, column {code_column!r}: "
                f"{describe_values(dups)} ({len(dups)} code(s)); each commune must appear once "
                "(pass aggregate_duplicates=True to sum them)"
            )
        n_before = len(data)
        agg = {c: "sum" for c in count_columns}
        agg.update({c: "first" for c in data.columns if c not in agg and c != code_column})
        data = data.groupby(code_column, sort=False, as_index=False).agg(agg)
        report.add("duplicated code merged into one row", n_before - len(data), dups)
    out = data.set_index(code_column).sort_index()
    out.index = out.index.astype(object)
    out.index.name = CODE
    if report:
        logger.info("%s", report)
    return out, report
