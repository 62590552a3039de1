"""TVS APL (population-weighted mean of commune APL) and national classification.

A territoire de vie-santé (TVS) groups communes. Its APL is the mean of its
communes' APL weighted by their **standardised** population (DREES note; the
zoning uses the APL to GPs aged 65 or less: pass that column). Each TVS is then
classed by :func:`classify_apl`:

====================================  =====================
TVS APL                               category
====================================  =====================
APL ≤ ``zip_threshold`` (2.5)          ``national_selection`` (ZIP, zone A)
2.5 < APL ≤ ``vivier_threshold`` (4)   ``vivier``
APL > 4                                ``hors_vivier``
====================================  =====================

Comparisons are exact (no rounding): an APL of exactly 2.5 is national selection,
exactly 4 is vivier. Round the APL yourself first if your source publishes rounded
values and you want the published rounding to decide.

A TVS whose communes have no standardised population (total weight 0: e.g. communes
restored after the population reference year, with 0 inhabitants in the DREES workbook)
has no APL: its ``apl`` is NaN, its category NaN, and it is counted in
``attrs["zero_weight_tvs"]`` and reported with a warning — never an error, so a national
run goes through.

DREES's own category of a TVS (the *cadre national* of its zoning files:
``01_Sélection nationale``, ``02_Vivier``, ``ZZ_Hors vivier``) can be given with the TVS
composition (column ``drees_category``); :func:`parse_categories` reads it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validate import check_insee_codes, require_columns, to_numeric_column
from ..communes import CODE
from ..errors import InvalidCodeError, InvalidValueError, MissingColumnError
from ..messages import zoning as msg
from .rules import ZoningRules

__all__ = [
    "CATEGORIES",
    "DREES_CATEGORY_LABELS",
    "parse_categories",
    "tvs_apl",
    "classify_apl",
    "tvs_membership",
    "normalize_region_codes",
]

#: National categories of a TVS, from most to least under-served.
CATEGORIES: tuple[str, str, str] = ("national_selection", "vivier", "hors_vivier")

#: DREES's labels of the national categories (column ``CN`` / ``zonage_nat`` of its zoning
#: files, ``R/prep_zonage_mg.R`` of the DREES zoning application).
DREES_CATEGORY_LABELS: dict[str, str] = {
    "01_Sélection nationale": "national_selection",
    "02_Vivier": "vivier",
    "ZZ_Hors vivier": "hors_vivier",
    "ZZ_Hors zonage": "hors_vivier",
}


def _category_key(value: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalpha())


_CATEGORY_WORDS: dict[str, str] = {
    **{_category_key(k): v for k, v in DREES_CATEGORY_LABELS.items()},
    **{_category_key(c): c for c in CATEGORIES},
    "selectionnationale": "national_selection",
    "sn": "national_selection",
    "zoneaselectionnationale": "national_selection",
    "horsvivier": "hors_vivier",
    "hv": "hors_vivier",
    "horszonage": "hors_vivier",
}


def parse_categories(values: pd.Series, *, source: str = msg.TABLE_TVS, column: str = "drees_category") -> pd.Series:
    """Map DREES category labels (``01_Sélection nationale``, ``02_Vivier``, ``ZZ_Hors vivier``) to :data:`CATEGORIES`.

    Our own names and plain words (``Sélection nationale``, ``Vivier``, ``Hors vivier``)
    are accepted too; empty cells stay NaN (the category is then computed).

    Raises
    ------
    InvalidValueError
        Unknown labels, listed.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_categories(pd.Series(["01_Sélection nationale", "02_Vivier", "ZZ_Hors vivier", None])).tolist()
    ['national_selection', 'vivier', 'hors_vivier', nan]
    """
    out: list[object] = []
    bad = []
    for v in values.tolist():
        if v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip()):
            out.append(np.nan)
            continue
        key = _category_key(str(v))
        if key not in _CATEGORY_WORDS:
            bad.append(v)
            out.append(np.nan)
        else:
            out.append(_CATEGORY_WORDS[key])
    if bad:
        raise InvalidValueError(
            msg.categories_inconnues(
                source=source, column=column, values=sorted(set(map(str, bad))), labels=DREES_CATEGORY_LABELS
            )
        )
    return pd.Series(out, index=values.index, name=column, dtype=object)


def normalize_region_codes(values: pd.Series | pd.Index | Sequence[object]) -> pd.Series:
    """Region codes as strings, one-digit codes padded (``1`` → ``"01"``, ``75.0`` → ``"75"``).

    Examples
    --------
    >>> normalize_region_codes([1, "75", 84.0, " 11 "]).tolist()
    ['01', '75', '84', '11']
    """
    out: list[object] = []
    for v in list(values):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(np.nan)
            continue
        if isinstance(v, (int, np.integer)) or (isinstance(v, (float, np.floating)) and float(v).is_integer()):
            t = str(int(v))
        else:
            t = str(v).strip()
        if t.isdigit() and len(t) == 1:
            t = "0" + t
        out.append(t)
    index = values.index if isinstance(values, pd.Series) else None
    return pd.Series(out, index=index, dtype=object)


def tvs_membership(tvs: pd.DataFrame | pd.Series, *, source: str = msg.TABLE_TVS) -> pd.DataFrame:
    """Validate a TVS composition and return it indexed by ``code_commune``.

    Parameters
    ----------
    tvs
        Either a Series (index ``code_commune``, values TVS codes) or a DataFrame with
        ``code_tvs`` (and optional ``libelle_tvs``) and the commune code as index or as
        a ``code_commune`` column (the TVS composition CSV layout).
    source
        Name quoted in error messages.

    Returns
    -------
    pandas.DataFrame
        Index ``code_commune``; columns ``code_tvs`` (str) and ``libelle_tvs`` (str, the
        TVS code when no label is given), and ``drees_category`` (one of :data:`CATEGORIES`
        or NaN) when the input has that column (DREES's cadre national, see
        :func:`parse_categories`).

    Raises
    ------
    InvalidCodeError
        Malformed commune codes, missing TVS codes, or a commune listed in two TVS.
    InvalidValueError
        Unknown category labels, or two categories for one TVS.

    Examples
    --------
    >>> import pandas as pd
    >>> t = tvs_membership(pd.DataFrame({"code_commune": ["01001", "01002"], "code_tvs": ["T1", "T1"]}))
    >>> t["code_tvs"].tolist(), t.index.tolist()
    (['T1', 'T1'], ['01001', '01002'])
    """
    if isinstance(tvs, pd.Series):
        df = tvs.rename("code_tvs").to_frame()
        if df.index.name != CODE:
            df.index.name = CODE
    else:
        df = tvs.copy()
    if CODE in df.columns:
        df = df.reset_index(drop=True)
    else:
        if df.index.name != CODE:
            raise MissingColumnError(
                msg.index_commune_absent(source=source, code=CODE, index=df.index.name, columns=list(df.columns))
            )
        df = df.reset_index()
    require_columns(df, ["code_tvs"], source=source)
    df[CODE] = df[CODE].astype(object)
    check_insee_codes(df[CODE], source=source, column=CODE)
    codes = df["code_tvs"]
    bad = df.loc[codes.isna() | (codes.astype(str).str.strip() == ""), CODE].tolist()
    if bad:
        raise InvalidCodeError(msg.tvs_vide(source=source, communes=bad))
    df["code_tvs"] = codes.astype(str).str.strip().astype(object)
    if "libelle_tvs" not in df.columns:
        df["libelle_tvs"] = df["code_tvs"]
    df["libelle_tvs"] = df["libelle_tvs"].fillna(df["code_tvs"]).astype(object)
    columns = ["code_tvs", "libelle_tvs"]
    if "drees_category" in df.columns:
        df["drees_category"] = parse_categories(df["drees_category"], source=source).to_numpy()
        two = df.dropna(subset=["drees_category"]).groupby("code_tvs")["drees_category"].nunique()
        if (two > 1).any():
            raise InvalidValueError(msg.tvs_a_deux_categories(source=source, tvs=two.index[two > 1].tolist()))
        columns.append("drees_category")
    df = df.drop_duplicates([CODE, "code_tvs"])
    dup = df[df[CODE].duplicated(keep=False)]
    if len(dup):
        pairs = list(dup.groupby(CODE)["code_tvs"].agg(lambda s: "/".join(sorted(s))).items())
        raise InvalidCodeError(msg.commune_dans_plusieurs_tvs(source=source, pairs=pairs))
    out = df.set_index(CODE)[columns].sort_index()
    out.index = out.index.astype(object)
    return out


def tvs_apl(
    apl: pd.Series,
    *,
    weights: pd.Series,
    tvs: pd.DataFrame | pd.Series,
    decimals: int = 12,
) -> pd.DataFrame:
    """Population-weighted mean APL of each TVS.

    ``APL_TVS = Σ_i w_i · APL_i / Σ_i w_i`` over the communes *i* of the TVS, with
    ``w_i`` the standardised population (DREES note on APL aggregation). The result is
    rounded to ``decimals`` (12) so that floating-point noise cannot move a TVS across a
    threshold (a TVS whose communes all have APL 2.5 has APL exactly 2.5).

    A TVS whose weights sum to 0 has no APL (NaN): it is listed in
    ``attrs["zero_weight_tvs"]`` and a warning counts it; so are the communes of weight 0
    (``attrs["zero_weight_communes"]``), which do not move any TVS APL.

    Parameters
    ----------
    apl
        Commune APL indexed by ``code_commune`` (the ≤65 variant for the GP zoning).
    weights
        Weights indexed by ``code_commune`` (standardised population). Must cover every
        commune of ``tvs``; non-negative.
    tvs
        TVS composition (see :func:`tvs_membership`).
    decimals
        Rounding of the TVS APL (:attr:`ZoningRules.tvs_apl_decimals`).

    Returns
    -------
    pandas.DataFrame
        Index ``code_tvs``; columns ``libelle_tvs``, ``apl``, ``weight`` (sum of weights),
        ``communes`` (count).

    Raises
    ------
    InvalidCodeError
        A commune of the TVS table has no APL or no weight.
    InvalidValueError
        NaN/negative APL or weights.

    Examples
    --------
    >>> import pandas as pd
    >>> apl = pd.Series({"01001": 2.0, "01002": 5.0})
    >>> w = pd.Series({"01001": 300.0, "01002": 100.0})
    >>> t = tvs_apl(apl, weights=w, tvs=pd.Series({"01001": "T1", "01002": "T1"}))
    >>> float(t.loc["T1", "apl"])  # (2*300 + 5*100) / 400
    2.75
    """
    members = tvs_membership(tvs)
    apl_s = _commune_values(apl, members.index, name="apl", what="APL")
    w_s = _commune_values(weights, members.index, name="weights", what="poids")
    return _weighted_mean(apl_s, w_s, members, decimals=decimals)


def _weighted_mean(apl_s: pd.Series, w_s: pd.Series, members: pd.DataFrame, *, decimals: int = 12) -> pd.DataFrame:
    """:func:`tvs_apl` on validated, aligned inputs (zero-weight TVS: NaN APL, counted and warned)."""
    frame = members.assign(_apl=apl_s, _w=w_s, _wa=apl_s * w_s)
    grouped = frame.groupby("code_tvs", sort=True)
    out = pd.DataFrame(
        {
            "libelle_tvs": grouped["libelle_tvs"].first(),
            "weight": grouped["_w"].sum(),
            "communes": grouped.size(),
            "_wa": grouped["_wa"].sum(),
        }
    )
    zero_tvs = out.index[out["weight"] <= 0].tolist()
    zero_communes = w_s.index[(w_s <= 0).to_numpy()].tolist()
    # rounded (12 decimals by default): removes the floating-point noise of the weighted mean, so that a
    # TVS whose communes all have APL 2.5 is exactly 2.5 (national selection), not 2.5000000000000004
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = out["_wa"] / out["weight"].where(out["weight"] > 0)
    out["apl"] = mean.round(decimals)
    out = out[["libelle_tvs", "apl", "weight", "communes"]]
    out.index = out.index.astype(object)
    out.index.name = "code_tvs"
    out.attrs["zero_weight_tvs"] = zero_tvs
    out.attrs["zero_weight_communes"] = zero_communes
    if zero_tvs or zero_communes:
        message = msg.population_standardisee_nulle(communes=zero_communes, tvs=zero_tvs)
        warnings.warn(message, UserWarning, stacklevel=3)
    return out


def classify_apl(apl: pd.Series, *, rules: ZoningRules | None = None) -> pd.Series:
    """National category of each TVS from its APL (≤ 2.5 national selection, ≤ 4 vivier, else hors vivier).

    Parameters
    ----------
    apl
        TVS APL (any index).
    rules
        Thresholds; default :meth:`ZoningRules.arrete_2017`.

    Returns
    -------
    pandas.Series
        Same index, values in :data:`CATEGORIES` (NaN where the APL is NaN: a TVS without
        standardised population), named ``category``.

    Examples
    --------
    >>> import pandas as pd
    >>> classify_apl(pd.Series([2.5, 2.50001, 4.0, 4.01])).tolist()
    ['national_selection', 'vivier', 'vivier', 'hors_vivier']
    """
    rules = rules or ZoningRules.arrete_2017()
    values = to_numeric_column(pd.DataFrame({"apl": apl}), "apl", source=msg.APL_DES_TVS, allow_nan=True).to_numpy()
    cat = np.where(
        values <= rules.zip_threshold,
        CATEGORIES[0],
        np.where(values <= rules.vivier_threshold, CATEGORIES[1], CATEGORIES[2]),
    ).astype(object)
    cat[np.isnan(values)] = np.nan
    return pd.Series(cat, index=apl.index, name="category", dtype=object)


def _commune_values(values: pd.Series, codes: pd.Index, *, name: str, what: str) -> pd.Series:
    """Align ``values`` on ``codes``; raise on missing, duplicated, NaN or negative values."""
    if not isinstance(values, pd.Series):
        raise InvalidValueError(msg.pas_une_serie(name=name, code=CODE, found=type(values).__name__))
    idx = pd.Index(values.index.astype(str))
    if idx.duplicated().any():
        raise InvalidCodeError(msg.codes_en_double(name=name, codes=idx[idx.duplicated()].unique().tolist()))
    s = pd.Series(values.to_numpy(), index=idx)
    missing = codes.difference(idx)
    if len(missing):
        raise InvalidCodeError(msg.valeurs_manquantes(what=what, communes=missing.tolist()))
    aligned = s.reindex(codes)
    checked = to_numeric_column(pd.DataFrame({name: aligned}), name, source=msg.valeurs_des_communes(what=what))
    checked.index = codes
    return checked
