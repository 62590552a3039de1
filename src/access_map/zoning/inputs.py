"""Validation of the zoning inputs: commune table, caps, ARS list, QPV, zoning in force, grands quartiers.

Every function returns a clean table or raises an :mod:`access_map.errors` exception
naming the table, the column and the offending values. Nothing here decides a class.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from .._validate import DropReport, check_insee_codes, require_columns, to_numeric_column
from ..communes import CODE
from ..errors import InvalidCodeError, InvalidValueError, MissingColumnError
from ..messages import zoning as msg
from ..schema import DREES_ZONING_CODES, ZONING_CLASSES
from .tvs import normalize_region_codes, parse_categories

__all__ = [
    "validate_caps",
    "class_of",
    "prepare_communes",
    "check_apl_column",
    "prepare_qpv",
    "prepare_selection",
    "prepare_in_force",
    "prepare_grands_quartiers",
]


def validate_caps(
    caps: pd.DataFrame, *, regions: Sequence[str] | pd.Index | None = None, source: str = msg.TABLE_DES_PLAFONDS
) -> pd.DataFrame:
    """Check the regional caps table and return it indexed by ``code_region`` (str).

    Parameters
    ----------
    caps
        Index (or column) ``code_region``; columns ``zip_cap_share`` and ``zac_cap_share``:
        the largest shares of the regional population in ZIP (A + B) and in ZAC.
    regions
        Regions that must be present.
    source
        Name quoted in errors.

    Raises
    ------
    MissingColumnError, InvalidCodeError, InvalidValueError
        Missing columns, missing or duplicated regions, shares outside [0, 1] or
        ``zip_cap_share + zac_cap_share > 1``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = validate_caps(pd.DataFrame({"code_region": [75], "zip_cap_share": [0.2], "zac_cap_share": [0.4]}))
    >>> float(c.loc["75", "zip_cap_share"])
    0.2
    """
    df = caps.copy()
    if "code_region" in df.columns:
        df = df.set_index("code_region")
    elif df.index.name != "code_region":
        raise MissingColumnError(msg.plafonds_sans_region(source=source, columns=list(map(str, df.columns))))
    require_columns(
        df,
        ["zip_cap_share", "zac_cap_share"],
        source=source,
        hint=msg.INDICE_COLONNES_PLAFONDS,
    )
    df.index = pd.Index(normalize_region_codes(df.index).tolist(), name="code_region", dtype=object)
    if df.index.duplicated().any():
        raise InvalidCodeError(msg.regions_en_double(source=source, regions=df.index[df.index.duplicated()].tolist()))
    out = pd.DataFrame(index=df.index)
    problems = []
    for col in ("zip_cap_share", "zac_cap_share"):
        out[col] = to_numeric_column(df, col, source=source).to_numpy()
        bad = out.index[(out[col] < 0) | (out[col] > 1)].tolist()
        if bad:
            problems.append(msg.part_hors_bornes(column=col, regions=bad, values=out.loc[bad, col].tolist()))
    over = out.index[(out["zip_cap_share"] + out["zac_cap_share"]) > 1 + 1e-12].tolist()
    if over:
        problems.append(msg.parts_cumulees_au_dela(regions=over))
    if problems:
        raise InvalidValueError(msg.plafonds_invalides(source=source, problems=problems))
    if regions is not None:
        missing = sorted(set(map(str, regions)) - set(out.index))
        if missing:
            raise InvalidCodeError(msg.regions_sans_plafond(source=source, regions=missing, present=out.index.tolist()))
    return out


def class_of(value: object, *, allowed: Sequence[str], source: str) -> str:
    """Map a class label or a zoning code (``1_ZIP``, ``3_HZ``...) to a class of ``allowed``, or raise.

    Examples
    --------
    >>> class_of("2_zac", allowed=("ZIP", "ZAC"), source="list")
    'ZAC'
    """
    t = value.strip().upper() if isinstance(value, str) else None
    if t is not None:
        if t in allowed:
            return t
        for code, klass in DREES_ZONING_CODES.items():
            if t == code.upper() and klass in allowed:
                return klass
    raise InvalidValueError(msg.classe_hors_liste(source=source, value=value, allowed=allowed))


def _commune_index(df: pd.DataFrame, source: str) -> pd.DataFrame:
    if CODE in df.columns:
        return df.set_index(CODE)
    if df.index.name != CODE:
        raise MissingColumnError(msg.code_commune_absent(source=source, code=CODE, index=df.index.name))
    return df


def check_apl_column(values: pd.Series, *, column: str, source: str) -> None:
    """Refuse an APL column that is 0 everywhere, or has no value at all, as zoning input.

    Such a column is not an APL but a variant that could not be computed (practitioners without ages
    for ``apl_65``) or an empty supply file: zoned, it would put the whole territory in the national
    selection. ``values`` are numbers (NaN for missing values).

    Raises
    ------
    InvalidValueError
        Naming the file and the column.

    Examples
    --------
    >>> check_apl_column(pd.Series([0.0, 2.7]), column="apl_65", source="apl.csv")
    >>> check_apl_column(pd.Series([0.0, 0.0]), column="apl_65", source="apl.csv")
    Traceback (most recent call last):
    ...
    access_map.errors.InvalidValueError: apl.csv : la colonne d'APL 'apl_65' vaut 0 dans toutes les communes : ...
    """
    from ..messages.supply import colonne_apl_vide

    numbers = pd.to_numeric(values, errors="coerce")
    if bool(numbers.isna().all()):
        raise InvalidValueError(colonne_apl_vide(column=column, source=source, zero=False))
    if bool((numbers.fillna(0.0) == 0.0).all()):
        raise InvalidValueError(colonne_apl_vide(column=column, source=source, zero=True))


def prepare_communes(
    communes: pd.DataFrame,
    members: pd.DataFrame,
    *,
    apl_column: str,
    weight_column: str,
    population_column: str,
    region_column: str,
) -> tuple[pd.DataFrame, DropReport]:
    """Commune table restricted to the TVS communes: ``apl``, ``weight``, ``population``, ``code_region``.

    Communes in no TVS are dropped, counted and warned about. The APL may be NaN only
    where the weight is 0 (such a commune does not enter its TVS APL).

    Examples
    --------
    >>> import pandas as pd, warnings
    >>> c = pd.DataFrame({"apl": [2.0, 3.0], "w": [1.0, 1.0], "p": [5.0, 5.0], "r": [75, 75]},
    ...                  index=pd.Index(["33001", "33002"], name="code_commune"))
    >>> m = pd.DataFrame({"code_tvs": ["T"]}, index=pd.Index(["33001"], name="code_commune"))
    >>> with warnings.catch_warnings(record=True):
    ...     t, r = prepare_communes(c, m, apl_column="apl", weight_column="w", population_column="p",
    ...                             region_column="r")
    >>> t["code_region"].tolist(), r.total
    (['75'], 1)
    """
    df = _commune_index(communes, msg.TABLE_DES_COMMUNES)
    require_columns(
        df,
        [apl_column, weight_column, population_column, region_column],
        source=msg.TABLE_DES_COMMUNES,
        hint=msg.INDICE_COLONNES_COMMUNES,
    )
    idx = pd.Index([str(c) for c in df.index], name=CODE, dtype=object)
    check_insee_codes(pd.Series(idx), source=msg.TABLE_DES_COMMUNES, column=CODE, unique=True)
    table = pd.DataFrame(
        {
            "apl": df[apl_column].to_numpy(),
            "weight": df[weight_column].to_numpy(),
            "population": df[population_column].to_numpy(),
            "code_region": df[region_column].to_numpy(),
        },
        index=idx,
    )
    missing = members.index.difference(table.index)
    if len(missing):
        raise InvalidCodeError(msg.communes_absentes_de_la_table(communes=missing.tolist()))
    report = DropReport(source=msg.TABLE_DES_COMMUNES)
    extra = table.index.difference(members.index)
    if len(extra):
        report.add(msg.COMMUNE_HORS_TVS, len(extra), extra.tolist())
        warnings.warn(str(report), UserWarning, stacklevel=3)
    table = table.loc[members.index]
    for col, label in (("weight", weight_column), ("population", population_column)):
        table[col] = to_numeric_column(
            table.rename(columns={col: label}), label, source=msg.TABLE_DES_COMMUNES
        ).to_numpy()
    apl = to_numeric_column(
        table.rename(columns={"apl": apl_column}), apl_column, source=msg.TABLE_DES_COMMUNES, allow_nan=True
    )
    bad_nan = table.index[(apl.isna() & (table["weight"] > 0)).to_numpy()].tolist()
    if bad_nan:
        raise InvalidValueError(msg.apl_manquant(column=apl_column, communes=bad_nan))
    weighted = (table["weight"] > 0).to_numpy()
    if weighted.any():
        check_apl_column(apl[weighted], column=apl_column, source=msg.TABLE_DES_COMMUNES)
    table["apl"] = apl.fillna(0.0).to_numpy()
    regions = normalize_region_codes(table["code_region"])
    no_region = table.index[regions.isna().to_numpy()].tolist()
    if no_region:
        raise InvalidValueError(msg.region_manquante(column=region_column, communes=no_region))
    table["code_region"] = regions.to_numpy()
    return table, report


def prepare_qpv(
    qpv: pd.DataFrame | None,
    qpv_selection: pd.DataFrame | pd.Series | None,
    frame: pd.DataFrame,
    *,
    allowed: Sequence[str],
) -> pd.DataFrame:
    """QPV rows (one per QPV x commune) with their TVS, region and own class (``override_class``, NaN if none).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"code_tvs": ["T"], "code_region": ["75"], "population": [100.0]},
    ...                  index=pd.Index(["33001"], name="code_commune"))
    >>> q = pd.DataFrame({"code_qpv": ["Q"], "code_commune": ["33001"], "population": [10]})
    >>> prepare_qpv(q, pd.Series({"Q": "ZIP"}), f, allowed=("ZIP", "ZAC"))["override_class"].tolist()
    ['ZIP']
    """
    columns = ["code_qpv", "libelle_qpv", CODE, "population", "code_tvs", "code_region", "override_class"]
    if qpv is None:
        if qpv_selection is not None and len(qpv_selection):
            raise InvalidValueError(msg.SELECTION_QPV_SANS_TABLE)
        return pd.DataFrame(columns=columns)
    q = qpv.reset_index() if CODE not in qpv.columns and qpv.index.name == CODE else qpv.copy()
    require_columns(q, ["code_qpv", CODE, "population"], source=msg.TABLE_DES_QPV)
    q = q.reset_index(drop=True)
    q["code_qpv"] = q["code_qpv"].astype(str).str.strip().astype(object)
    q[CODE] = q[CODE].astype(str).str.strip().astype(object)
    if "libelle_qpv" not in q.columns:
        q["libelle_qpv"] = q["code_qpv"]
    q["population"] = to_numeric_column(q, "population", source=msg.TABLE_DES_QPV).to_numpy()
    dup = q[q.duplicated(["code_qpv", CODE], keep=False)]
    if len(dup):
        raise InvalidCodeError(msg.qpv_en_double(pairs=(dup["code_qpv"] + "/" + dup[CODE]).unique().tolist()))
    unknown = sorted(set(q[CODE]) - set(frame.index))
    if unknown:
        raise InvalidCodeError(msg.communes_hors_tvs(communes=unknown))
    per_commune = q.groupby(CODE)["population"].sum()
    commune_pop = frame.loc[per_commune.index, "population"]
    too_big = per_commune[per_commune > commune_pop * (1 + 1e-9) + 1e-9]
    if len(too_big):
        excess = [(c, float(v), float(commune_pop[c])) for c, v in too_big.items()]
        raise InvalidValueError(msg.population_qpv_excessive(excess=excess))
    q["code_tvs"] = frame.loc[q[CODE], "code_tvs"].to_numpy()
    q["code_region"] = frame.loc[q[CODE], "code_region"].to_numpy()
    q["override_class"] = pd.Series(np.nan, index=q.index, dtype=object)
    if qpv_selection is not None:
        if isinstance(qpv_selection, pd.Series):
            sel = qpv_selection.rename("zonage").rename_axis("code_qpv").reset_index()
        else:
            sel = qpv_selection.copy()
            if "code_qpv" not in sel.columns and sel.index.name == "code_qpv":
                sel = sel.reset_index()
        require_columns(sel, ["code_qpv", "zonage"], source=msg.SELECTION_DES_QPV)
        sel["code_qpv"] = sel["code_qpv"].astype(str).str.strip()
        sel = sel.dropna(subset=["zonage"])
        if sel["code_qpv"].duplicated().any():
            raise InvalidCodeError(
                msg.codes_qpv_en_double(codes=sel.loc[sel["code_qpv"].duplicated(), "code_qpv"].tolist())
            )
        unknown_q = sorted(set(sel["code_qpv"]) - set(q["code_qpv"]))
        if unknown_q:
            raise InvalidCodeError(msg.codes_qpv_inconnus(codes=unknown_q))
        classes = {
            str(c): class_of(z, allowed=tuple(allowed), source=msg.source_qpv(code=c))
            for c, z in zip(sel["code_qpv"], sel["zonage"])
        }
        q["override_class"] = q["code_qpv"].map(classes).astype(object)
    return q[columns]


def prepare_selection(
    selection: pd.DataFrame | None, units: pd.DataFrame, *, allowed: Sequence[str], majority: bool
) -> pd.DataFrame:
    """ARS list as ``code_tvs, code_region, listed``; raise on unknown or ambiguous rows.

    ``units`` has one row per (``code_tvs``, ``code_region``) and a ``decider_region``
    column. A row without ``code_region`` names the only region of its TVS, or (when
    ``majority`` is True) the region that decides the TVS; a cross-region TVS listed
    without region is otherwise ambiguous.

    Examples
    --------
    >>> import pandas as pd
    >>> u = pd.DataFrame({"code_tvs": ["X", "X"], "code_region": ["75", "76"], "decider_region": ["76", "76"]})
    >>> prepare_selection(pd.DataFrame({"code_tvs": ["X"], "zonage": ["ZIP"]}), u, allowed=("ZIP",),
    ...                   majority=True).values.tolist()
    [['X', '76', 'ZIP']]
    """
    if selection is None:
        return pd.DataFrame(columns=["code_tvs", "code_region", "listed"])
    sel = (
        selection.reset_index()
        if "code_tvs" not in selection.columns and selection.index.name == "code_tvs"
        else selection.copy()
    )
    require_columns(sel, ["code_tvs", "zonage"], source=msg.LISTE_ARS)
    sel = sel.reset_index(drop=True)
    sel["code_tvs"] = sel["code_tvs"].astype(str).str.strip()
    unknown = sorted(set(sel["code_tvs"]) - set(units["code_tvs"]))
    if unknown:
        raise InvalidCodeError(msg.codes_tvs_inconnus(codes=unknown))
    regions_of: dict[str, list[str]] = {}
    decider: dict[str, str] = {}
    for t, r, d in zip(units["code_tvs"], units["code_region"], units["decider_region"]):
        regions_of.setdefault(str(t), []).append(str(r))
        decider[str(t)] = str(d)
    if "code_region" in sel.columns:
        reg = normalize_region_codes(sel["code_region"])
        region_values: list[object] = reg.tolist()
    else:
        region_values = [np.nan] * len(sel)
    ambiguous = []
    out_regions = []
    for t, r in zip(sel["code_tvs"], region_values):
        if isinstance(r, str):
            out_regions.append(r)
            continue
        regs = sorted(set(regions_of[str(t)]))
        if len(regs) == 1:
            out_regions.append(regs[0])
        elif majority:
            out_regions.append(decider[str(t)])
        else:
            ambiguous.append(f"{t} ({'/'.join(regs)})")
            out_regions.append("")
    if ambiguous:
        raise InvalidValueError(msg.tvs_multiregion_sans_region(tvs=ambiguous))
    sel["code_region"] = out_regions
    pairs = set(zip(units["code_tvs"].astype(str), units["code_region"].astype(str)))
    bad_pairs = [f"{t}/{r}" for t, r in zip(sel["code_tvs"], sel["code_region"]) if (t, r) not in pairs]
    if bad_pairs:
        raise InvalidCodeError(msg.tvs_sans_habitant_dans_la_region(pairs=bad_pairs))
    if sel.duplicated(["code_tvs", "code_region"]).any():
        d = sel[sel.duplicated(["code_tvs", "code_region"], keep=False)]
        raise InvalidCodeError(
            msg.tvs_region_en_double(pairs=(d["code_tvs"] + "/" + d["code_region"]).unique().tolist())
        )
    sel["listed"] = [
        class_of(z, allowed=tuple(allowed), source=msg.source_tvs(code=t))
        for t, z in zip(sel["code_tvs"], sel["zonage"])
    ]
    return sel[["code_tvs", "code_region", "listed"]]


def prepare_in_force(
    in_force: pd.DataFrame | pd.Series | None, frame: pd.DataFrame, *, unit_codes: Collection[str] | None = None
) -> tuple[dict[str, str], pd.DataFrame]:
    """Class in force per TVS from a commune (or TVS) zoning; report TVS whose communes disagree.

    ``in_force`` is a Series or a table with ``zonage`` indexed by commune code (a zoning
    read with :func:`access_map.readers.zonage.read_zoning`), or indexed by unit code
    (``code_tvs``, or grand quartier; ``unit_codes`` lists them, default the TVS of
    ``frame``). For a commune zoning, the class of a TVS is the class of most of its
    residents (ties: the most under-served class).

    Returns
    -------
    (dict, pandas.DataFrame)
        ``{code_tvs: class}`` (ZIP, ZAC, ZAR, ZV, HV or HZ) and a table of the TVS whose
        communes have several classes in force (``code_tvs``, ``classes``, ``kept``).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"code_tvs": ["T", "T"], "population": [10.0, 30.0]},
    ...                  index=pd.Index(["33001", "33002"], name="code_commune"))
    >>> classes, mixed = prepare_in_force(pd.Series({"33001": "ZIP", "33002": "2_ZAC"}), f)
    >>> classes, mixed["kept"].tolist()
    ({'T': 'ZAC'}, ['ZAC'])
    """
    empty = pd.DataFrame(columns=["code_tvs", "classes", "kept"])
    if in_force is None:
        return {}, empty
    values = in_force["zonage"] if isinstance(in_force, pd.DataFrame) else in_force
    index = [str(i) for i in values.index]
    known = set(ZONING_CLASSES)
    classes: list[str | None] = []
    for v in values.tolist():
        if v is None or (isinstance(v, float) and np.isnan(v)):
            classes.append(None)
            continue
        t = str(v).strip()
        mapped = DREES_ZONING_CODES.get(t, DREES_ZONING_CODES.get(t.upper(), t.upper()))
        if mapped not in known:
            raise InvalidValueError(
                msg.classe_en_vigueur_inconnue(value=v, classes=ZONING_CLASSES, codes=DREES_ZONING_CODES)
            )
        classes.append(mapped)
    s = pd.Series(classes, index=pd.Index(index), dtype=object).dropna()
    unit_column = "code_tvs"
    units = set(unit_codes) if unit_codes is not None else set(frame[unit_column].astype(str))
    if len(s) and set(s.index) <= units and not set(s.index) & set(frame.index):
        return {str(k): str(v) for k, v in s.items()}, empty
    joined = pd.DataFrame({"zonage": s}).join(frame[[unit_column, "population"]], how="inner")
    if joined.empty:
        return {}, empty
    by = joined.groupby([unit_column, "zonage"])["population"].sum().reset_index()
    rank = {c: k for k, c in enumerate(ZONING_CLASSES)}
    by["_rank"] = by["zonage"].map(rank)
    by = by.sort_values([unit_column, "population", "_rank"], ascending=[True, False, True], kind="mergesort")
    kept = by.drop_duplicates(unit_column).set_index(unit_column)["zonage"]
    n = by.groupby(unit_column)["zonage"].nunique()
    mixed_codes = n.index[n > 1]
    mixed = pd.DataFrame(
        {
            "code_tvs": list(mixed_codes),
            "classes": [
                ", ".join(f"{z} ({p:,.0f})" for z, p in zip(g["zonage"], g["population"]))
                for _, g in by[by[unit_column].isin(mixed_codes)].groupby(unit_column)
            ],
            "kept": [str(kept[c]) for c in mixed_codes],
        }
    )
    return {str(k): str(v) for k, v in kept.items()}, mixed


def prepare_grands_quartiers(
    grands_quartiers: pd.DataFrame | None, frame: pd.DataFrame, *, regions: frozenset[str]
) -> pd.DataFrame:
    """Grands quartiers (zoning units of La Réunion in DREES's application) with their commune data.

    Columns in: ``code_gq``, ``code_commune``, ``population`` and optional ``libelle_gq``,
    ``apl`` (default: the APL of the commune) and ``drees_category``. Only grands quartiers
    of communes of ``regions`` are kept (others raise).

    Returns
    -------
    pandas.DataFrame
        ``code_gq``, ``libelle_gq``, ``code_commune``, ``code_region``, ``population``,
        ``apl``, ``drees_category``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"code_tvs": ["T"], "code_region": ["04"], "apl": [2.0], "population": [100.0]},
    ...                  index=pd.Index(["97411"], name="code_commune"))
    >>> g = pd.DataFrame({"code_gq": ["9741101", "9741102"], "code_commune": ["97411"] * 2, "population": [60, 40]})
    >>> prepare_grands_quartiers(g, f, regions=frozenset({"04"}))["apl"].tolist()
    [2.0, 2.0]
    """
    columns = ["code_gq", "libelle_gq", CODE, "code_region", "population", "apl", "drees_category"]
    if grands_quartiers is None:
        return pd.DataFrame(columns=columns)
    g = grands_quartiers.reset_index() if CODE not in grands_quartiers.columns else grands_quartiers.copy()
    require_columns(g, ["code_gq", CODE, "population"], source=msg.TABLE_DES_GRANDS_QUARTIERS)
    g["code_gq"] = g["code_gq"].astype(str).str.strip()
    g[CODE] = g[CODE].astype(str).str.strip()
    if g["code_gq"].duplicated().any():
        raise InvalidCodeError(
            msg.grands_quartiers_en_double(codes=g.loc[g["code_gq"].duplicated(), "code_gq"].tolist())
        )
    unknown = sorted(set(g[CODE]) - set(frame.index))
    if unknown:
        raise InvalidCodeError(msg.grands_quartiers_hors_tvs(communes=unknown))
    g["code_region"] = frame.loc[g[CODE], "code_region"].to_numpy()
    outside = sorted(set(g.loc[~g["code_region"].isin(regions), CODE]))
    if outside:
        raise InvalidValueError(msg.grands_quartiers_hors_regions(communes=outside, regions=sorted(regions)))
    g["population"] = to_numeric_column(g, "population", source=msg.TABLE_DES_GRANDS_QUARTIERS).to_numpy()
    commune_apl = frame.loc[g[CODE], "apl"].to_numpy(dtype=float)
    if "apl" in g.columns:
        given = to_numeric_column(g, "apl", source=msg.TABLE_DES_GRANDS_QUARTIERS, allow_nan=True).to_numpy(dtype=float)
        g["apl"] = np.where(np.isnan(given), commune_apl, given)
    else:
        g["apl"] = commune_apl
    if "libelle_gq" not in g.columns:
        g["libelle_gq"] = g["code_gq"]
    if "drees_category" in g.columns:
        g["drees_category"] = parse_categories(g["drees_category"], source=msg.TABLE_DES_GRANDS_QUARTIERS).to_numpy()
    else:
        g["drees_category"] = pd.Series(np.nan, index=g.index, dtype=object)
    return g[columns].reset_index(drop=True)
