"""Travel-time matrix files: validate a long ``origin, destination, minutes`` table, read exported matrices."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import (
    DropReport,
    check_insee_codes,
    describe_values,
    normalize_insee_codes,
    require_columns,
    to_numeric_column,
)
from ..errors import InvalidCodeError, MissingColumnError, SourceError
from ..readers._io import reads_input
from ._common import SENTINEL_MINUTES, TRAVEL_COLUMNS, _frame

__all__ = ["TRAVEL_COLUMNS", "SENTINEL_MINUTES", "validate_travel_times", "read_travel_times"]

#: Text markers of a missing time in exported matrices (besides an empty field).
_NA_MARKERS = ["NA", "NaN", "nan", "null", "NULL", "None", "#N/A"]


def validate_travel_times(
    times: pd.DataFrame,
    *,
    source: str = "travel-time table",
    max_minutes: float | None = None,
) -> pd.DataFrame:
    """Check a travel-time table and return a clean copy in the standard shape.

    Codes are normalised (``1001`` → ``"01001"``) and checked; minutes must be
    numeric and non-negative (NaN and ``>= 9999`` sentinel rows are dropped with
    a :class:`UserWarning` giving their count); duplicated pairs are an error; a
    commune's pair to itself is set to 0.0 (added when missing, with a warning
    when it was present with another value). With ``max_minutes``, only pairs at
    most that far are kept (self pairs always are).

    Parameters
    ----------
    times : DataFrame
        Columns ``origin``, ``destination``, ``minutes`` (other columns are ignored).
    source : str
        Name used in error messages (file name, table name).
    max_minutes : float, optional
        Keep pairs with ``minutes <= max_minutes``.

    Returns
    -------
    DataFrame
        Columns ``origin``, ``destination`` (str), ``minutes`` (float), sorted by
        origin then destination, with a fresh RangeIndex.

    Raises
    ------
    MissingColumnError, InvalidCodeError, InvalidValueError

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"origin": [1001, 1002], "destination": ["01002", "01001"], "minutes": [7.5, 8.0]})
    >>> validate_travel_times(t)
      origin destination  minutes
    0  01001       01001      0.0
    1  01001       01002      7.5
    2  01002       01001      8.0
    3  01002       01002      0.0
    """
    require_columns(
        times,
        TRAVEL_COLUMNS,
        source=source,
        hint="map your file's columns with read_travel_times(path, origin=..., destination=..., minutes=...)",
    )
    # codes are normalised and checked once per distinct value, then handled as integers
    o_norm, o_idx = _factorize_codes(times["origin"], source=source, column="origin")
    d_norm, d_idx = _factorize_codes(times["destination"], source=source, column="destination")
    all_codes = np.union1d(o_norm, d_norm)  # sorted; every commune named in the table
    o_int = np.searchsorted(all_codes, o_norm)[o_idx]
    d_int = np.searchsorted(all_codes, d_norm)[d_idx]
    minutes = to_numeric_column(
        pd.DataFrame({"minutes": times["minutes"].to_numpy()}),
        "minutes",
        source=source,
        allow_nan=True,
        allow_infinity=True,  # an export's "Inf" is an unreachable pair, dropped below like the 9999 sentinel
        max_abs=np.inf,  # (so is the largest float some tools write for it)
    ).to_numpy()

    def examples(mask: np.ndarray) -> list[str]:
        pos = np.flatnonzero(mask)[:3]
        return [f"{all_codes[o_int[k]]}->{all_codes[d_int[k]]}" for k in pos]

    report = DropReport(source=source)
    nan = np.isnan(minutes)
    sentinel = ~nan & (minutes >= SENTINEL_MINUTES)
    report.add("missing time (NaN or empty)", int(nan.sum()), examples(nan))
    report.add(f"'not computed' time (>= {SENTINEL_MINUTES:g} or infinite)", int(sentinel.sum()), examples(sentinel))
    if report:
        warnings.warn(str(report), UserWarning, stacklevel=2)
    keep = ~(nan | sentinel)
    o_int, d_int, minutes = o_int[keep], d_int[keep], minutes[keep]

    n = len(all_codes)
    key = o_int.astype(np.int64) * n + d_int
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    dup = np.flatnonzero(key_sorted[1:] == key_sorted[:-1])
    if dup.size:
        dup_keys = np.unique(key_sorted[dup])
        shown = [f"{all_codes[k // n]}/{all_codes[k % n]}" for k in dup_keys[:8].tolist()]
        raise InvalidCodeError(
            f"duplicated origin/destination pair(s) in {source}: {describe_values(shown)} "
            f"({dup_keys.size} pair(s)); each pair must appear once: aggregate them or remove the duplicates first"
        )
    o_int, d_int, minutes = o_int[order], d_int[order], minutes[order]  # sorted by origin then destination

    is_self = o_int == d_int
    nonzero_self = is_self & (minutes != 0.0)
    if nonzero_self.any():
        warnings.warn(
            f"{source}: {int(nonzero_self.sum())} commune-to-itself time(s) were not 0 "
            f"(e.g. {describe_values(all_codes[o_int[nonzero_self]][:3].tolist(), max_shown=3)}); "
            "set to 0.0 (APL convention: time within a commune = 0)",
            UserWarning,
            stacklevel=2,
        )
        minutes = np.where(is_self, 0.0, minutes)
    if max_minutes is not None:
        within = (minutes <= max_minutes) | is_self
        o_int, d_int, minutes = o_int[within], d_int[within], minutes[within]
    # every commune named in the table keeps its self pair, even if all its times were dropped
    has_self = np.zeros(n, dtype=bool)
    has_self[o_int[o_int == d_int]] = True
    missing = np.flatnonzero(~has_self)
    if missing.size:
        o_int = np.concatenate([o_int, missing])
        d_int = np.concatenate([d_int, missing])
        minutes = np.concatenate([minutes, np.zeros(missing.size)])
        order = np.lexsort((d_int, o_int))
        o_int, d_int, minutes = o_int[order], d_int[order], minutes[order]
    return _frame(all_codes[o_int], all_codes[d_int], minutes)


def _factorize_codes(values: pd.Series, *, source: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Distinct normalised codes (checked) and, per row, the position of its code among them."""
    idx, uniques = pd.factorize(values, use_na_sentinel=True)
    if (idx < 0).any():
        rows = describe_values(np.flatnonzero(idx < 0).tolist())
        raise InvalidCodeError(
            f"missing INSEE code(s) in {source}, column {column!r}, at row(s) {rows} "
            f"({int((idx < 0).sum())} row(s)); every row needs an origin and a destination commune"
        )
    norm = normalize_insee_codes(pd.Series(np.asarray(uniques, dtype=object)))
    check_insee_codes(norm, source=source, column=column)
    return norm.to_numpy(dtype=str), idx


@reads_input
def read_travel_times(
    path: str | Path,
    *,
    origin: str = "origin",
    destination: str = "destination",
    minutes: str = "minutes",
    sep: str | None = None,
    encoding: str | None = None,
    max_minutes: float | None = None,
) -> pd.DataFrame:
    """Read an exported travel-time matrix (CSV or Parquet) into the standard long table.

    Works with INSEE Metric / Metric-OSRM exports, OSRM runs and any table with one
    row per (origin, destination) pair: map its columns with ``origin=``,
    ``destination=`` and ``minutes=``. See :func:`validate_travel_times` for the
    checks (codes, numeric minutes, sentinels, duplicates, self pairs).

    Parameters
    ----------
    path : str or Path
        ``.parquet`` / ``.pq`` files are read with pyarrow; anything else as text
        (CSV, optionally ``.gz``/``.zip`` compressed).
    origin, destination, minutes : str
        Names of the columns holding the origin code, destination code and time
        in minutes in the file.
    sep : str, optional
        Column separator; guessed from the header line (``;``, ``,``, tab, ``|``) if omitted.
    encoding : str, optional
        Text encoding; UTF-8 if the start of the file decodes as such, else Latin-1.
    max_minutes : float, optional
        Keep only pairs at most this far (self pairs are always kept).

    Returns
    -------
    DataFrame
        ``origin``, ``destination`` (str), ``minutes`` (float).

    Raises
    ------
    SourceError
        The file is missing or unreadable.
    MissingColumnError, InvalidCodeError, InvalidValueError
        Bad content (the message names the file and column).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "metric.csv"
    >>> _ = p.write_text("CODGEO_DEP;CODGEO_ARR;HC\\n1001;01002;7,5\\n01002;01001;9999\\n")
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     t = read_travel_times(p, origin="CODGEO_DEP", destination="CODGEO_ARR", minutes="HC")
    >>> t
      origin destination  minutes
    0  01001       01001      0.0
    1  01001       01002      7.5
    2  01002       01002      0.0
    >>> print(w[0].message)
    metric.csv : 1 ligne écartée : 'not computed' time (>= 9999 or infinite) : 1 (ex. '01002->01001')
    """
    from ..readers._io import input_status

    path = Path(path)
    if not path.exists():
        raise SourceError(f"travel-time file not found: {path} (check the path)")
    parquet = path.suffix.lower() in {".parquet", ".pq"}
    input_status(path, stream_ok=not parquet)  # a device refused; a pipe of CSV read once, of Parquet refused
    source = path.name
    mapping = {origin: "origin", destination: "destination", minutes: "minutes"}
    hint = "donnez les noms des colonnes du fichier : origin=..., destination=..., minutes=... (en ligne de commande : --origin, --destination, --minutes)"
    if parquet:
        try:
            raw = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            raise SourceError(f"cannot read travel-time file {path}: {exc}") from exc
        require_columns(raw, list(mapping), source=source, hint=hint)
    else:
        from ..readers._io import read_table  # shared sniffing: encoding, separator, gzip

        try:
            raw, _, _ = read_table(
                path,
                dtype={origin: str, destination: str},  # minutes parsed natively (fast); text handled below
                required=list(mapping),
                usecols=list(mapping),
                source=source,
                sep=sep,
                encoding=encoding,
            )
        except MissingColumnError as exc:
            raise MissingColumnError(f"{exc}. {hint}") from None
        if not pd.api.types.is_numeric_dtype(raw[minutes]):
            # "NA"/"null" markers written by R, SQL exports... are missing times, not bad values
            raw = raw.assign(**{minutes: raw[minutes].replace(_NA_MARKERS, np.nan)})
    from ..readers._io import refuse_header_only

    refuse_header_only(raw, source=source)  # a table with no pair would make an empty distancier
    table = raw[list(mapping)].rename(columns=mapping)
    return validate_travel_times(table, source=source, max_minutes=max_minutes)
