"""INSEE commune codes in the rows of a file: well-formed, listed once, consistent with their department,
known to the territory."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from ..._validate import INSEE_CODE_PATTERN, DropReport, describe_values, normalize_insee_codes
from ...errors import InvalidCodeError
from ...messages import extrait
from ...messages import readers as R
from ...messages import validation as M

__all__ = [
    "is_insee_code",
    "commune_codes",
    "refuse_duplicate_codes",
    "refuse_contradicting_departments",
    "keep_known_communes",
]


def is_insee_code(values: pd.Series) -> pd.Series:
    """Boolean Series: is each value a well-formed 5-character INSEE commune code?

    Examples
    --------
    >>> import pandas as pd
    >>> is_insee_code(pd.Series(["01001", "2A004", "1001", None])).tolist()
    [True, True, False, False]
    """
    return values.map(lambda v: isinstance(v, str) and bool(INSEE_CODE_PATTERN.match(v))).astype(bool)


def commune_codes(values: pd.Series, *, source: str, column: str = "code_commune") -> pd.Series:
    """Normalise commune codes (:func:`~access_map._validate.normalize_insee_codes`); raise on malformed ones.

    Raises :class:`~access_map.errors.InvalidCodeError` naming the file, the column and the bad codes.

    Examples
    --------
    >>> import pandas as pd
    >>> commune_codes(pd.Series([1001, " 33063 "]), source="t.csv").tolist()
    ['01001', '33063']
    >>> try:
    ...     commune_codes(pd.Series(["3306X"]), source="t.csv")
    ... except InvalidCodeError as e:
    ...     print(str(e)[:72])
    code(s) de commune mal formé(s) ou manquant(s) dans t.csv, colonne 'code
    """
    codes = normalize_insee_codes(values)
    bad = codes[~is_insee_code(codes)]
    if len(bad):
        raise InvalidCodeError(
            R.codes_commune_malformes(
                source=source, colonne=repr(column), valeurs=describe_values(bad.tolist()), n=len(bad)
            )
        )
    return codes


def refuse_duplicate_codes(codes: pd.Series, *, source: str, column: str, first_line: int = 2) -> None:
    """Refuse a commune listed more than once, naming the codes and the lines of the file.

    ``codes`` are the normalised codes, indexed as read by :func:`read_table` (row 0 is line ``first_line`` of
    the file, the header being line 1; a filtered table keeps its row numbers). Summing duplicates silently would double a commune's
    supply or population.

    Examples
    --------
    >>> import pandas as pd
    >>> try:
    ...     refuse_duplicate_codes(pd.Series(["33063", "33001", "33063"]), source="offre.csv", column="code_commune")
    ... except InvalidCodeError as e:
    ...     print(str(e)[:77])
    offre.csv, colonne code_commune : 1 commune figure plusieurs fois (33063 ; li
    """
    dup = codes.duplicated(keep=False).to_numpy()
    if not dup.any():
        return
    rows = codes.index.to_numpy() if pd.api.types.is_integer_dtype(codes.index) else np.arange(len(codes))
    lines = (rows[dup] + first_line).tolist()
    distinct = pd.unique(codes[dup].astype(object)).tolist()
    raise InvalidCodeError(M.codes_en_double(nom=source, colonne=column, codes=distinct, n=len(distinct), lignes=lines))


def _departement_of(codes: pd.Series) -> pd.Series:
    text = codes.astype("string")
    return text.str.slice(0, 2).where(~text.str.startswith("97"), text.str.slice(0, 3))


def refuse_contradicting_departments(
    codes: pd.Series,
    departements: pd.Series,
    *,
    source: str,
    column: str,
    regions: pd.Series | None = None,
    first_line: int = 2,
) -> None:
    """Refuse rows whose department contradicts the commune code, and departments given in two regions.

    The department of a commune is the start of its INSEE code (2 characters, 3 overseas): a row
    ``DEP = 99`` for commune ``33063`` would create a department that does not exist. ``codes``,
    ``departements`` (and ``regions``) are aligned on the rows of the file (index as read by
    :func:`read_table`: row 0 is line ``first_line``); rows with a malformed code or no department are left to
    the other checks.

    Examples
    --------
    >>> import pandas as pd
    >>> refuse_contradicting_departments(pd.Series(["33063", "97101", "2A004"]), pd.Series(["33", "971", "2A"]),
    ...                                  source="pl.csv", column="DEP")
    >>> try:
    ...     refuse_contradicting_departments(pd.Series(["33063"]), pd.Series(["99"]), source="pl.csv", column="DEP")
    ... except InvalidCodeError as e:
    ...     print(str(e)[:96])
    pl.csv, colonne DEP : 1 commune dont le département contredit le code : 33063 : DEP 99 (ligne 2)
    """
    deps = departements.astype("string").str.strip().str.upper()
    usable = is_insee_code(codes).to_numpy() & deps.notna().to_numpy() & (deps.fillna("") != "").to_numpy()
    expected = _departement_of(codes)
    wrong = usable & (expected.fillna("") != deps.fillna("")).to_numpy()
    rows = codes.index.to_numpy() if pd.api.types.is_integer_dtype(codes.index) else np.arange(len(codes))
    if wrong.any():
        details = [
            f"{code} : {column} {extrait(dep, limit=20)} (ligne {row + first_line})"
            for code, dep, row in zip(codes[wrong], deps[wrong], rows[wrong], strict=True)
        ]
        raise InvalidCodeError(
            M.departement_contradictoire(nom=source, colonne=column, details=details, n=len(details))
        )
    if regions is None:
        return
    pairs = pd.DataFrame({"dep": deps.to_numpy(), "reg": regions.astype("string").str.strip().to_numpy()})[usable]
    pairs = pairs.dropna()
    per_dep = pairs.groupby("dep")["reg"].unique()
    several = per_dep[per_dep.map(len) > 1]
    if len(several):
        details = [f"{dep} : {', '.join(sorted(map(str, regs)))}" for dep, regs in several.items()]
        raise InvalidCodeError(M.region_contradictoire(nom=source, details=details, n=len(details)))


def keep_known_communes(
    table: pd.DataFrame,
    known_communes: Collection[str] | None,
    report: DropReport,
    *,
    column: str | None = None,
    reason: str = R.COMMUNE_HORS_REFERENTIEL,
) -> pd.DataFrame:
    """Drop (and add to ``report``) the rows whose commune is not in ``known_communes``.

    The commune is read from ``column``, or from the index when ``column`` is None.
    ``known_communes=None`` keeps every row.

    Examples
    --------
    >>> import pandas as pd
    >>> rep = DropReport(source="t.csv")
    >>> t = pd.DataFrame({"code_commune": ["33063", "99999"]})
    >>> keep_known_communes(t, {"33063"}, rep, column="code_commune")["code_commune"].tolist(), rep.total
    (['33063'], 1)
    """
    if known_communes is None:
        return table
    codes = table.index if column is None else table[column]
    unknown = ~np.asarray(codes.isin(list(set(known_communes))), dtype=bool)
    report.add(reason, int(unknown.sum()), codes[unknown].tolist())
    return table[~unknown]
