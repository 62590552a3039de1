"""A value per commune from a CSV (``code_commune;apl``, ``code_commune;zonage``): the reader behind ``map --values``.

The file is read by :func:`~access_map.readers._io.read_table` (encoding and separator sniffed, gzip and pipes
handled, size bounded), so that a Latin-1 file, a ``,``-separated export or a ``.csv.gz`` all work. The commune
codes are checked (malformed codes and communes listed twice are refused, naming the lines); numeric values are
checked like every count of the package (text such as ``abc``, infinite and negative values are refused, naming
the column and the values); an empty cell is a commune without value, counted in a
:class:`~access_map.readers._io.SourceWarning`.
"""

from __future__ import annotations

import warnings

import pandas as pd

from .._validate import normalize_insee_codes, to_numeric_column
from ..csv_format import restore_formulas
from ..errors import MissingColumnError
from ..messages import validation as M
from ._io import (
    PathLike,
    SourceWarning,
    commune_codes,
    normalize_label,
    read_table,
    reads_input,
    refuse_duplicate_codes,
    refuse_header_only,
)

__all__ = ["VALUE_CODE_COLUMNS", "read_commune_values"]

#: Accepted headers of the commune code (any case, accents and punctuation ignored).
VALUE_CODE_COLUMNS: tuple[str, ...] = ("code_commune", "codgeo", "com", "insee_com", "code_insee", "depcom")


@reads_input
def read_commune_values(
    path: PathLike,
    *,
    column: str | None = None,
    what: str = "apl",
    numeric: bool = True,
    source: str | None = None,
) -> pd.Series:
    """Read one value per commune.

    Parameters
    ----------
    path
        CSV (``;`` or ``,``, UTF-8 or Latin-1, optionally gzipped) with a commune code column
        (:data:`VALUE_CODE_COLUMNS`) and the values.
    column
        The value column; by default ``what`` when present, else the only other column.
    what
        What the values are (``"apl"``, ``"zonage"``): the default column and the wording of messages.
    numeric
        Values are numbers (an APL): text, infinite and negative values are refused. Otherwise (classes of a
        zoning) they are kept as stripped text.
    source
        Name quoted in messages (default: the path).

    Returns
    -------
    pandas.Series
        Indexed by ``code_commune`` (5-character strings), named ``what``; NaN for an empty cell.

    Raises
    ------
    MissingColumnError
        No commune code column, or the value column cannot be told.
    InvalidCodeError
        Malformed or duplicated commune codes.
    InvalidValueError
        Non-numeric, infinite or negative values (``numeric=True``).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.csv")
    >>> _ = open(p, "wb").write("CODGEO;Libellé;apl\\n1001;Abergement-Clémenciat;2,5\\n".encode("latin-1"))
    >>> read_commune_values(p).to_dict()
    {'01001': 2.5}
    """
    name = source or str(path)
    raw, _, _ = read_table(path, source=name)
    refuse_header_only(raw, source=name)
    labels = {normalize_label(c): c for c in raw.columns}
    code = next((labels[normalize_label(c)] for c in VALUE_CODE_COLUMNS if normalize_label(c) in labels), None)
    if code is None:
        raise MissingColumnError(M.colonnes_manquantes(manquantes=["code_commune"], nom=name, trouvees=raw.columns))
    others = [c for c in raw.columns if c != code]
    chosen = column if column is not None else (what if what in raw.columns else None)
    if chosen is None and len(others) == 1:
        chosen = others[0]
    if chosen is None or chosen not in raw.columns or chosen == code:
        raise MissingColumnError(M.colonne_valeurs_ambigue(nom=name, quoi=what, colonnes=others))
    codes = commune_codes(normalize_insee_codes(raw[code]), source=name, column=code)
    refuse_duplicate_codes(codes, source=name, column=code)
    if numeric:
        values = to_numeric_column(raw, chosen, source=name, allow_nan=True)
    else:  # classes, as written (a formula-like cell neutralised by csv_format.write_csv is restored)
        values = restore_formulas(raw[chosen].astype(object).map(lambda v: v.strip() if isinstance(v, str) else v))
        values = values.where(values != "", None)
    out = pd.Series(values.to_numpy(), index=pd.Index(codes.to_numpy(dtype=object), name="code_commune"), name=what)
    empty = out.isna()
    if empty.any():
        warnings.warn(
            M.valeurs_manquantes(colonne=chosen, nom=name, codes=out.index[empty].tolist(), n=int(empty.sum())),
            SourceWarning,
            stacklevel=2,
        )
    return out
