"""The commune reference table: validated, indexed by 5-character INSEE code.

The INSEE code is always a string: ``"01001"``, ``"2A004"`` (Corsica),
``"75101"`` (Paris arrondissements). :func:`validate_communes` is the single
entry point that every reader and every indicator uses to check a commune table.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from ._validate import (
    DropReport,
    check_insee_codes,
    describe_values,
    normalize_insee_codes,
    require_columns,
    to_numeric_column,
)
from .errors import InvalidCodeError, MissingColumnError
from .messages import readers as R

__all__ = [
    "CODE",
    "PLM_CITIES",
    "PLM_CITY_NAMES",
    "PLM_ARRONDISSEMENTS",
    "plm_city",
    "merge_plm_arrondissements",
    "validate_communes",
    "REGION_NAMES",
    "NATIONAL_ROW",
    "region_names",
    "with_region_names",
]

logger = logging.getLogger(__name__)

#: Name of the index of every commune table produced by access_map.
CODE = "code_commune"

#: Municipal arrondissements of Paris, Lyon and Marseille: (first code, last code) -> (city code, city name).
#: The DREES APL, the populations légales and the TVS list them; most commune contours have the city only.
PLM_CITIES: dict[tuple[int, int], tuple[str, str]] = {
    (75101, 75120): ("75056", "Paris"),
    (69381, 69389): ("69123", "Lyon"),
    (13201, 13216): ("13055", "Marseille"),
}


#: The three cities by code: ``"75056"`` → « Paris » (from :data:`PLM_CITIES`).
PLM_CITY_NAMES: dict[str, str] = {code: name for code, name in PLM_CITIES.values()}
#: The 45 arrondissement codes → their city's code (from :data:`PLM_CITIES`).
PLM_ARRONDISSEMENTS: dict[str, str] = {
    f"{n:05d}": city for (first, last), (city, _) in PLM_CITIES.items() for n in range(first, last + 1)
}


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
            report.add(R.CODE_INSEE_MAL_FORME, int((~valid).sum()), codes[~valid].tolist())
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
                R.codes_insee_en_double(
                    ou=R.dans(source or R.TABLEAU),
                    colonne=repr(code_column),
                    valeurs=describe_values(dups),
                    n=len(dups),
                    conseil=R.CONSEIL_AGREGER,
                )
            )
        n_before = len(data)
        agg = {c: "sum" for c in count_columns}
        agg.update({c: "first" for c in data.columns if c not in agg and c != code_column})
        data = data.groupby(code_column, sort=False, as_index=False).agg(agg)
        report.add(R.CODE_EN_DOUBLE_FUSIONNE, n_before - len(data), dups)
    out = data.set_index(code_column).sort_index()
    out.index = out.index.astype(object)
    out.index.name = CODE
    if report:
        logger.info("%s", report)
    return out, report


def plm_city(code: object) -> tuple[str, str] | None:
    """``(city code, city name)`` of a Paris/Lyon/Marseille arrondissement code, else ``None``.

    Examples
    --------
    >>> plm_city("75105"), plm_city("69381"), plm_city("33063")
    (('75056', 'Paris'), ('69123', 'Lyon'), None)
    """
    text = str(code)
    if not text.isdigit():
        return None
    n = int(text)
    for (lo, hi), city in PLM_CITIES.items():
        if lo <= n <= hi:
            return city
    return None


def merge_plm_arrondissements(
    table: pd.DataFrame,
    *,
    weighted: Mapping[str, str] | None = None,
    summed: Sequence[str] = (),
    cities: Collection[str] | None = None,
) -> pd.DataFrame:
    """Replace the rows of the Paris, Lyon and Marseille arrondissements by one row per city.

    Files such as the DREES APL workbook list the 45 municipal arrondissements where commune contours
    (and most maps) have the three cities (``75056``, ``69123``, ``13055``). The city's row aggregates
    its arrondissements the way the DREES prescribes for any territory: an APL is the **mean weighted by
    the standardised population**, a population is a **sum**.

    Parameters
    ----------
    table
        Commune table indexed by ``code_commune``. Not modified.
    weighted
        Column -> weight column: the city's value is the mean of its arrondissements' values weighted
        by the weight column (arrondissements without a value are left out of the mean; NaN when no
        arrondissement has both a value and a positive weight).
    summed
        Columns summed (populations, counts); NaN values count as 0 unless all are NaN.
    cities
        Merge only the arrondissements of these city codes (e.g. the cities present in the contours);
        ``None``: the three cities. A city code already present in ``table`` beside its arrondissements
        raises (two rows for one place).

    Returns
    -------
    pandas.DataFrame
        ``table`` with the arrondissement rows replaced by their city's row (``nom`` = the city's name,
        other columns: the first arrondissement's value), sorted by code. ``attrs["plm_merged"]`` maps
        each city code to its arrondissement codes.

    Raises
    ------
    MissingColumnError
        A column of ``weighted`` or ``summed`` (or a weight column) is absent.
    InvalidCodeError
        A city appears both as a row and through its arrondissements.

    Examples
    --------
    >>> t = pd.DataFrame({"apl": [2.0, 5.0, 3.0], "pop_std": [100.0, 300.0, 50.0], "population": [90.0, 310.0, 60.0]},
    ...                  index=pd.Index(["69381", "69382", "33063"], name="code_commune"))
    >>> out = merge_plm_arrondissements(t, weighted={"apl": "pop_std"}, summed=["pop_std", "population"])
    >>> out.loc["69123"].tolist()  # (2 x 100 + 5 x 300) / 400 = 4.25
    [4.25, 400.0, 400.0]
    >>> out.index.tolist(), out.attrs["plm_merged"]
    (['33063', '69123'], {'69123': ['69381', '69382']})
    """
    weighted = dict(weighted or {})
    needed = [*weighted, *weighted.values(), *summed]
    missing = [c for c in dict.fromkeys(needed) if c not in table.columns]
    if missing:
        raise MissingColumnError(R.plm_colonnes_absentes(colonnes=describe_values(missing)))
    codes = pd.Index([str(c) for c in table.index.tolist()])  # tolist: one call, not value by value (Arrow)
    city_of = {c: city for c in codes.tolist() if (city := plm_city(c)) is not None}
    if cities is not None:
        wanted = {str(c) for c in cities}
        city_of = {c: city for c, city in city_of.items() if city[0] in wanted}
    members: dict[str, list[str]] = {}
    for code, (city_code, _) in city_of.items():
        members.setdefault(city_code, []).append(code)
    both = sorted(set(members) & set(codes.tolist()))
    if both:
        raise InvalidCodeError(R.plm_ville_et_arrondissements(villes=describe_values(both)))
    if not members:
        out = table.copy()
        out.attrs["plm_merged"] = {}
        return out
    data = table.copy()
    data.index = codes
    rows = []
    for city_code, arrs in sorted(members.items()):
        part = data.loc[arrs]
        row = part.iloc[0].copy()
        for col, wcol in weighted.items():
            v = pd.to_numeric(part[col], errors="coerce").to_numpy(dtype=float)
            w = pd.to_numeric(part[wcol], errors="coerce").to_numpy(dtype=float)
            ok = ~np.isnan(v) & ~np.isnan(w) & (w > 0)
            row[col] = float((v[ok] * w[ok]).sum() / w[ok].sum()) if ok.any() else np.nan
        for col in summed:
            values = pd.to_numeric(part[col], errors="coerce")
            row[col] = float(values.sum()) if values.notna().any() else np.nan
        if "nom" in part.columns:
            row["nom"] = city_of[arrs[0]][1]
        row.name = city_code
        rows.append(row)
    merged = [c for arrs in members.values() for c in arrs]
    out = pd.concat([data.drop(index=merged), pd.DataFrame(rows)]).sort_index()
    out.index = out.index.astype(object)
    out.index.name = table.index.name
    for col in table.columns:  # concat of object rows may widen the dtypes
        if col in out.columns and out[col].dtype != table[col].dtype:
            try:
                out[col] = out[col].astype(table[col].dtype)
            except (TypeError, ValueError):
                pass
    out.attrs = dict(table.attrs)
    out.attrs["plm_merged"] = {c: sorted(arrs) for c, arrs in sorted(members.items())}
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


def region_names(
    codes: Sequence[object] | pd.Index | pd.Series, *, names: Mapping[str, str] | pd.Series | None = None
) -> pd.Series:
    """The name of each region code (``"75"`` → « Nouvelle-Aquitaine », ``"national"`` → « France entière »).

    ``names`` (e.g. the ``nom`` of :func:`access_map.readers.insee.read_cog_regions`) wins over
    :data:`REGION_NAMES`. Codes written as numbers (``1``, ``75.0``) are read as two-digit codes; a
    code that is not a region keeps an empty name (``""``).

    Examples
    --------
    >>> region_names(["75", "national", 1, "99"]).tolist()
    ['Nouvelle-Aquitaine', 'France entière', 'Guadeloupe', '']
    """
    from .messages.atlas import FRANCE

    lookup = {**REGION_NAMES, **({str(k): str(v) for k, v in names.items()} if names is not None else {})}
    out = []
    for code in codes.tolist() if isinstance(codes, pd.Index | pd.Series) else list(codes):
        text = str(code).strip()
        if text == NATIONAL_ROW:
            out.append(FRANCE)
            continue
        if text.endswith(".0"):
            text = text[:-2]
        out.append(lookup.get(text.zfill(2) if text.isdigit() else text, ""))
    index = codes.index if isinstance(codes, pd.Series) else None
    return pd.Series(out, index=index, dtype=object, name="nom_region")


def with_region_names(
    table: pd.DataFrame, *, column: str = "code_region", names: Mapping[str, str] | pd.Series | None = None
) -> pd.DataFrame:
    """A copy of ``table`` with ``nom_region`` right after its region-code column (or its index).

    Every table that codes regions names them too; ``names`` as in :func:`region_names`.

    Examples
    --------
    >>> import pandas as pd
    >>> with_region_names(pd.DataFrame({"code_region": ["75", "national"], "n": [1, 2]})).columns.tolist()
    ['code_region', 'nom_region', 'n']
    """
    out = table.copy()
    if column in out.columns:
        named = region_names(out[column], names=names)
        if "nom_region" in out.columns:
            out = out.drop(columns="nom_region")
        out.insert(list(out.columns).index(column) + 1, "nom_region", named.to_numpy())
    elif out.index.name == column and "nom_region" not in out.columns:
        out.insert(0, "nom_region", region_names(pd.Index(out.index), names=names).to_numpy())
    return out
