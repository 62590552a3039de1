"""The commune table, the zoning classes and the territorial levels (department, region, nation) that
CPTS coverage is measured on."""

from __future__ import annotations

import pandas as pd

from .._validate import describe_values, normalize_insee_codes, require_columns
from ..communes import CODE, validate_communes
from ..errors import InvalidValueError, MissingColumnError
from ..messages import cpts as msg

__all__ = ["LEVELS", "NATION_CODE", "commune_frame", "zoning_series", "territory_key"]


#: Territorial levels and the commune-table column holding each territory code (``None`` = whole table).
LEVELS: dict[str, str | None] = {"departement": "code_departement", "region": "code_region", "nation": None}

#: Code given to the whole territory at ``level="nation"``.
NATION_CODE = "FR"


def commune_frame(
    communes: pd.DataFrame | pd.Series, *, population_column: str = "population", source: str = "communes"
) -> pd.DataFrame:
    """Validated commune table (index ``code_commune``, float ``population``, no geometry).

    Accepts a DataFrame/GeoDataFrame indexed by (or with a column) ``code_commune``,
    or a population Series indexed by commune code.

    Examples
    --------
    >>> commune_frame(pd.Series({"1001": 10})).to_dict("index")
    {'01001': {'population': 10.0}}
    """
    if isinstance(communes, pd.Series):
        df = communes.rename(population_column).to_frame()
        if df.index.name != CODE:
            df.index.name = CODE
    else:
        df = pd.DataFrame(communes.drop(columns="geometry", errors="ignore"))
        if CODE not in df.columns and df.index.name != CODE:
            df = df.rename_axis(CODE)  # the index holds the commune codes
    out, _ = validate_communes(df, count_columns=[population_column], source=source)
    if population_column != "population":
        out = out.rename(columns={population_column: "population"})
    return out


def zoning_series(zoning: pd.Series | pd.DataFrame, *, column: str = "zonage") -> pd.Series:
    """Zoning class per commune (Series named ``zonage`` indexed by ``code_commune``).

    Accepts a Series or a DataFrame with a ``zonage`` column (e.g. ``DemoTerritory.previous_zoning``).

    Examples
    --------
    >>> zoning_series(pd.DataFrame({"zonage": ["ZIP"]}, index=["1001"])).to_dict()
    {'01001': 'ZIP'}
    """
    if isinstance(zoning, pd.DataFrame):
        require_columns(zoning, [column], source=msg.TABLE_DU_ZONAGE)
        s = zoning[column]
    else:
        s = zoning
    codes = normalize_insee_codes(s.index.to_series()).to_numpy()
    out = pd.Series(s.to_numpy(dtype=object), index=codes, name="zonage")
    out.index.name = CODE
    return out


def territory_key(communes: pd.DataFrame, level: str) -> pd.Series:
    """Territory code of each commune at ``level`` (``"departement"``, ``"region"`` or ``"nation"``).

    Examples
    --------
    >>> territory_key(pd.DataFrame({"population": [1.0]}, index=["01001"]), "nation").tolist()
    ['FR']
    """
    if level not in LEVELS:
        raise InvalidValueError(msg.niveau_inconnu(niveau=level, niveaux=describe_values(LEVELS)))
    col = LEVELS[level]
    if col is None:
        return pd.Series(NATION_CODE, index=communes.index, name=f"code_{level}", dtype=object)
    if col not in communes.columns:
        raise MissingColumnError(msg.niveau_sans_colonne(niveau=level, colonne=col, colonnes=communes.columns))
    return communes[col].astype(object).rename(f"code_{level}")
