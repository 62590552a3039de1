"""Kinds of zones an indicator is computed on: communes, IRIS, grid cells, points.

The APL engine (:mod:`access_map.apl`, :mod:`access_map.fca`) works on any demand zones and
supply points; what differs is what makes a code valid. Each kind has its rule, as strict as the
commune one:

============ ========================================================================================
kind         a valid code
============ ========================================================================================
``commune``  a current 5-character INSEE code (``01001``, ``2A004``, ``75101``; no pre-1976 ``20xxx``)
``iris``     9 characters: a commune code then the 4-digit IRIS number (``330630101``, ``2A0040000``)
``cell``     an INSPIRE grid cell id ``CRS<epsg>RES<size>mN<north>E<east>`` (INSEE Filosofi
             ``IdINSPIRE``, e.g. ``CRS3035RES200mN2466800E3482800``): a projected CRS of French
             territory (3035 mainland, 2975 Réunion, 5490 Antilles, 2972 Guyane, 4471 Mayotte), a size
             in metres, and a south-west corner on multiples of the size
``point``    any identifier (a site, a FINESS number…): text of 1 to 100 printable characters; the
             place comes from the point's coordinates
============ ========================================================================================

Every kind refuses missing and (with ``unique=True``) duplicated codes; errors are French
(:mod:`access_map.messages.grid`) and name the table, the column and the offending values.

Examples
--------
>>> import pandas as pd
>>> check_zone_codes(pd.Index(["CRS3035RES200mN2466800E3482800"]), kind="cell")
>>> try:
...     check_zone_codes(pd.Index(["CRS3035RES200mN2466850E3482800"]), kind="cell", source="grille.csv")
... except InvalidCodeError as e:
...     print(str(e)[:60])
identifiant(s) de carreau invalide(s) dans grille.csv, colon
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._validate import check_insee_codes
from .errors import InvalidCodeError, InvalidValueError
from .messages import grid as msg

__all__ = [
    "ZONE_KINDS",
    "IRIS_CODE_PATTERN",
    "CELL_ID_PATTERN",
    "CELL_CRS",
    "check_zone_codes",
    "check_zone_kind",
    "parse_cell_ids",
]

#: The kinds of zones (demand zones or supply points) the engine accepts.
ZONE_KINDS: tuple[str, ...] = ("commune", "iris", "cell", "point")

#: An IRIS code: the commune's INSEE code then the 4-digit IRIS number (``0000`` for a commune without IRIS).
IRIS_CODE_PATTERN = re.compile(r"^(?:\d{2}|2[AB])\d{3}\d{4}$")

#: An INSPIRE grid cell identifier, as in INSEE's Filosofi grids (``IdINSPIRE``, ``Idcar_200m``).
CELL_ID_PATTERN = re.compile(r"^CRS(?P<epsg>\d{4,5})RES(?P<size>\d+)mN(?P<north>\d+)E(?P<east>\d+)$")

#: Projected CRS of the INSEE grids: ETRS89-LAEA (mainland and Corsica) and the overseas departments' own.
CELL_CRS: frozenset[int] = frozenset({3035, 2975, 5490, 2972, 4471})

_MAX_POINT_ID = 100


def check_zone_kind(kind: str) -> str:
    """Return ``kind`` if it is one of :data:`ZONE_KINDS`, else raise :class:`InvalidValueError`.

    Examples
    --------
    >>> check_zone_kind("iris")
    'iris'
    """
    if kind not in ZONE_KINDS:
        raise InvalidValueError(msg.type_de_zone_inconnu(kind=kind, known=ZONE_KINDS))
    return kind


def parse_cell_ids(ids: Sequence[str] | pd.Index | pd.Series) -> pd.DataFrame:
    """Split INSPIRE cell ids into ``epsg``, ``size_m``, ``north``, ``east`` (south-west corner, metres).

    Ids that do not match :data:`CELL_ID_PATTERN` give missing values (``<NA>``): check them with
    :func:`check_zone_codes` first.

    Examples
    --------
    >>> parse_cell_ids(["CRS3035RES200mN2466800E3482800"]).iloc[0].tolist()
    [3035, 200, 2466800, 3482800]
    """
    values = pd.Series(np.asarray(ids, dtype=object)).astype("string")
    parts = values.str.extract(CELL_ID_PATTERN)
    return pd.DataFrame(
        {
            "epsg": pd.to_numeric(parts["epsg"]).astype("Int64"),
            "size_m": pd.to_numeric(parts["size"]).astype("Int64"),
            "north": pd.to_numeric(parts["north"]).astype("Int64"),
            "east": pd.to_numeric(parts["east"]).astype("Int64"),
        }
    )


def _bad_cells(values: pd.Series) -> list[str]:
    parsed = parse_cell_ids(values)
    malformed = parsed["epsg"].isna().to_numpy()
    epsg = parsed["epsg"].fillna(0).to_numpy(dtype=np.int64)
    size = parsed["size_m"].fillna(0).to_numpy(dtype=np.int64)
    north = parsed["north"].fillna(0).to_numpy(dtype=np.int64)
    east = parsed["east"].fillna(0).to_numpy(dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        off_grid = (size <= 0) | (np.mod(north, np.maximum(size, 1)) != 0) | (np.mod(east, np.maximum(size, 1)) != 0)
    unknown_crs = ~np.isin(epsg, sorted(CELL_CRS))
    bad = malformed | off_grid | unknown_crs
    return [str(v) for v in values[bad].tolist()]


def _bad_points(values: pd.Series) -> list[str]:
    distinct = pd.unique(values.astype(str))
    return [t for t in distinct.tolist() if not (0 < len(t) <= _MAX_POINT_ID and t.isprintable() and t.strip())]


def check_zone_codes(
    codes: pd.Index | pd.Series | Sequence[str],
    *,
    kind: str,
    source: str = "",
    column: str = "index",
    unique: bool = False,
) -> None:
    """Raise :class:`InvalidCodeError` for codes that are not valid zones of ``kind``.

    ``commune`` codes follow :func:`access_map._validate.check_insee_codes` (current codes: the
    pre-1976 Corsican ``20xxx`` are refused), unchanged.

    Parameters
    ----------
    codes
        The codes (an index, a Series or a list).
    kind
        One of :data:`ZONE_KINDS`.
    source, column
        The table and the column, named in the error.
    unique
        Also refuse duplicated codes.

    Examples
    --------
    >>> check_zone_codes(["330630101", "2A0040000"], kind="iris")
    >>> try:
    ...     check_zone_codes(["33063"], kind="iris", source="iris.csv", column="code_iris")
    ... except InvalidCodeError as e:
    ...     print(str(e)[:70])
    code(s) IRIS invalide(s) dans iris.csv, colonne « code_iris » : 33063
    """
    check_zone_kind(kind)
    s = pd.Series(np.asarray(codes, dtype=object))
    if kind == "commune":
        check_insee_codes(s, source=source or None, column=column, unique=unique, current=True)
        return
    missing = s.isna()
    if missing.any():
        raise InvalidCodeError(msg.codes_manquants(kind=kind, source=source, column=column, count=int(missing.sum())))
    not_text = [v for v in s.tolist() if not isinstance(v, str)]
    if not_text and kind != "point":
        raise InvalidCodeError(msg.codes_invalides(kind=kind, source=source, column=column, values=not_text))
    text = s.astype(str)
    if kind == "iris":
        bad = [v for v in text.tolist() if not IRIS_CODE_PATTERN.match(v) or v.startswith("20")]
    elif kind == "cell":
        bad = _bad_cells(text)
    else:
        bad = _bad_points(text)
    if bad:
        raise InvalidCodeError(msg.codes_invalides(kind=kind, source=source, column=column, values=bad))
    if unique:
        dup = text[text.duplicated(keep=False)].unique().tolist()
        if dup:
            raise InvalidCodeError(msg.codes_en_double(kind=kind, source=source, column=column, values=dup))
