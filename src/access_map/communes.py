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

__all__ = [
    "CODE",
    "validate_communes",
    "PLM_CITIES",
    "PLM_ARRONDISSEMENTS",
    "plm_city_codes",
    "aggregate_plm_arrondissements",
    "sum_plm_arrondissements",
    "REGION_NAMES",
    "NATIONAL_ROW",
    "region_names",
    "with_region_names",
]

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


# --------------------------------------------------------------------------- Paris, Lyon, Marseille
#: Paris, Lyon and Marseille: the three communes divided into municipal arrondissements (COG ``ARM``),
#: commune code → name. DREES publishes the APL of their arrondissements; most contour files draw the
#: whole cities.
PLM_CITIES: dict[str, str] = {"75056": "Paris", "69123": "Lyon", "13055": "Marseille"}

#: The 45 municipal arrondissements (COG ``ARM``) → their commune: Paris 75101–75120, Lyon 69381–69389,
#: Marseille 13201–13216.
PLM_ARRONDISSEMENTS: dict[str, str] = {
    **{f"751{i:02d}": "75056" for i in range(1, 21)},
    **{f"6938{i}": "69123" for i in range(1, 10)},
    **{f"132{i:02d}": "13055" for i in range(1, 17)},
}


def plm_city_codes(codes: Sequence[str] | pd.Index) -> pd.Index:
    """The codes with every municipal arrondissement of Paris, Lyon and Marseille replaced by its city's code.

    Examples
    --------
    >>> plm_city_codes(["75115", "33063", "13201"]).tolist()
    ['75056', '33063', '13055']
    """
    return pd.Index([PLM_ARRONDISSEMENTS.get(str(c), str(c)) for c in codes], name=CODE)


def _plm_groups(index: pd.Index, what: str) -> pd.Index:
    codes = pd.Index([str(c) for c in index])
    if codes.has_duplicates:
        raise InvalidCodeError(
            f"{what}: duplicated commune codes {describe_values(codes[codes.duplicated()].tolist())}"
        )
    cities = plm_city_codes(codes)
    both = sorted(set(codes) & {c for c, a in zip(cities, codes) if c != a})
    if both:
        raise InvalidCodeError(
            f"{what}: {describe_values(both)} appear(s) both as a whole city and through its arrondissements; "
            "keep one of the two (the arrondissements would be counted twice)"
        )
    return cities


def aggregate_plm_arrondissements(values: pd.Series, weights: pd.Series) -> pd.Series:
    """Paris, Lyon and Marseille from their arrondissements: the mean of their values weighted by ``weights``.

    The DREES workbook gives the APL of the 45 municipal arrondissements; a map drawn on whole-city
    contours, or a table by commune, needs one value per city. As the workbook's notes prescribe for
    any aggregate of APL, the city's value is the mean of its arrondissements' values weighted by the
    standardised population (``weights``). Arrondissements with a missing value or a weight that is
    missing or not positive do not count; a city none of whose arrondissements counts is NaN. Other
    communes are returned unchanged.

    Parameters
    ----------
    values
        Values per commune code (arrondissements included), e.g. the APL.
    weights
        Weights per commune code, e.g. the standardised population (the DREES demand).

    Returns
    -------
    pd.Series
        Indexed by ``code_commune``: the other communes as they were, then one row per city that had
        arrondissements in ``values`` (``75056``, ``69123``, ``13055``); sorted by code.

    Raises
    ------
    InvalidCodeError
        If a city appears both whole and through its arrondissements, or a code is duplicated.

    Examples
    --------
    >>> import pandas as pd
    >>> apl = pd.Series({"75101": 5.0, "75102": 2.0, "33063": 4.1})
    >>> w = pd.Series({"75101": 100.0, "75102": 300.0, "33063": 1.0})
    >>> aggregate_plm_arrondissements(apl, w).to_dict()
    {'33063': 4.1, '75056': 2.75}
    """
    cities = _plm_groups(values.index, "aggregate_plm_arrondissements")
    v = pd.to_numeric(pd.Series(values.to_numpy(), index=pd.Index([str(c) for c in values.index])), errors="coerce")
    w = pd.to_numeric(pd.Series(weights.to_numpy(), index=pd.Index([str(c) for c in weights.index])), errors="coerce")
    w = w.reindex(v.index)
    is_arr = pd.Series(cities != v.index, index=v.index)
    out = v[~is_arr.to_numpy()].copy()
    arr = v[is_arr.to_numpy()]
    if len(arr):
        ok = arr.notna() & w.reindex(arr.index).gt(0)
        city = pd.Series(cities[is_arr.to_numpy()], index=arr.index)
        num = (arr[ok] * w[arr.index][ok]).groupby(city[ok]).sum()
        den = w[arr.index][ok].groupby(city[ok]).sum()
        agg = (num / den).reindex(sorted(set(city)))
        out = pd.concat([out, agg])
    out.index = pd.Index(out.index.astype(str), name=CODE)
    out.name = values.name
    return out.sort_index()


def sum_plm_arrondissements(counts: pd.Series) -> pd.Series:
    """Paris, Lyon and Marseille from their arrondissements: counts (populations…) summed per city.

    Examples
    --------
    >>> import pandas as pd
    >>> sum_plm_arrondissements(pd.Series({"69381": 29016.0, "69382": 30485.0, "01001": 832.0})).to_dict()
    {'01001': 832.0, '69123': 59501.0}
    """
    cities = _plm_groups(counts.index, "sum_plm_arrondissements")
    c = pd.to_numeric(pd.Series(counts.to_numpy(), index=cities), errors="coerce")
    out = c.groupby(level=0, sort=True).sum(min_count=1)
    out.index = pd.Index(out.index.astype(str), name=CODE)
    out.name = counts.name
    return out


# --------------------------------------------------------------------------- regions
#: The 18 regions (COG since 1/1/2016; Mayotte a region since 2011), code → name (``LIBELLE`` of the
#: INSEE COG region table, unchanged from COG 2016 to COG 2026).
REGION_NAMES: dict[str, str] = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}
#: The name of the whole-country row of per-region tables (``code_region`` = ``national``).
NATIONAL_ROW = "national"


def region_names(codes: Sequence[object] | pd.Index | pd.Series) -> pd.Series:
    """The name of each region code (``"75"`` → « Nouvelle-Aquitaine », ``"national"`` → « France »).

    Codes written as numbers (``1``, ``75.0``) are read as two-digit codes; a code that is not a
    region keeps an empty name (``""``).

    Examples
    --------
    >>> region_names(["75", "national", 1, "99"]).tolist()
    ['Nouvelle-Aquitaine', 'France', 'Guadeloupe', '']
    """
    out = []
    for code in list(codes):
        text = str(code).strip()
        if text == NATIONAL_ROW:
            out.append("France")
            continue
        if text.endswith(".0"):
            text = text[:-2]
        out.append(REGION_NAMES.get(text.zfill(2) if text.isdigit() else text, ""))
    index = codes.index if isinstance(codes, pd.Series) else None
    return pd.Series(out, index=index, dtype=object, name="nom_region")


def with_region_names(table: pd.DataFrame, *, column: str = "code_region") -> pd.DataFrame:
    """A copy of ``table`` with ``nom_region`` right after its region-code column (or its index).

    Examples
    --------
    >>> import pandas as pd
    >>> with_region_names(pd.DataFrame({"code_region": ["75", "national"], "n": [1, 2]})).columns.tolist()
    ['code_region', 'nom_region', 'n']
    """
    out = table.copy()
    if column in out.columns:
        names = region_names(out[column])
        if "nom_region" in out.columns:
            out = out.drop(columns="nom_region")
        out.insert(list(out.columns).index(column) + 1, "nom_region", names.to_numpy())
    elif out.index.name == column:
        out.insert(0, "nom_region", region_names(pd.Index(out.index)).to_numpy())
    return out
