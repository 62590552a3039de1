"""Code officiel géographique (COG): commune events and harmonisation to a target vintage.

French commune codes change every year (communes nouvelles, mergers, restorations,
department changes). Tables built on different COG vintages — APL 2018 on COG 2018,
populations 2021 on COG 2023, a 2026 commune layer — must be carried to one vintage
before they are joined. INSEE publishes the history of events in
``mouvements_communes`` (``MOD, DATE_EFF, TYPECOM_AV, COM_AV, TNCC_AV, NCC_AV,
NCCENR_AV, LIBELLE_AV, TYPECOM_AP, COM_AP, TNCC_AP, NCC_AP, NCCENR_AP, LIBELLE_AP``):
one row per (commune before, commune after) of each event.

COG vintage ``AAAA`` describes the communes on 1 January ``AAAA``: harmonising from
vintage S to vintage T applies, in date order, every event with
``1/1/S < DATE_EFF <= 1/1/T``. Only transitions between communes (``COM``) and
municipal arrondissements (``ARM``) are used; associated/delegated communes
(``COMA``/``COMD``) are not rows of commune tables.

* merger (``31``, ``32``, ``33``, ``30``...): counts of the absorbed codes are added to the new
  commune;
* change of code (``41``, ``50``): the row moves to the new code;
* split / restoration (``21``, ``20``): one code becomes several. Counts are apportioned
  with ``split_weights`` (e.g. the population of the target vintage) when given; otherwise
  everything stays on the surviving code (the one keeping the old code, else the first) and
  the split is reported.
"""

from __future__ import annotations

import logging
import warnings
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import cast

import numpy as np
import pandas as pd

from ._validate import describe_values, require_columns
from .communes import CODE, validate_communes
from .errors import InvalidValueError
from .messages import readers as R
from .readers._io import reads_input

__all__ = [
    "COG_EVENT_LABELS",
    "MOVEMENT_COLUMNS",
    "read_cog_movements",
    "code_mapping",
    "harmonize_to_cog",
]

logger = logging.getLogger(__name__)

#: INSEE labels of the ``MOD`` codes of the commune events file.
COG_EVENT_LABELS: dict[int, str] = {
    10: "changement de nom",
    20: "création",
    21: "rétablissement",
    30: "suppression",
    31: "fusion simple",
    32: "création de commune nouvelle",
    33: "fusion association",
    34: "transformation de fusion association en fusion simple",
    35: "suppression de commune déléguée",
    41: "changement de code dû à un changement de département",
    50: "changement de code dû à un transfert de chef-lieu",
    70: "transformation de commune associée en commune déléguée",
    71: "rétablissement de commune déléguée",
    72: "rétablissement de commune associée",
}

MOVEMENT_COLUMNS: tuple[str, ...] = ("MOD", "DATE_EFF", "TYPECOM_AV", "COM_AV", "TYPECOM_AP", "COM_AP")
_COMMUNE_TYPES = frozenset({"COM", "ARM"})
_HOW = frozenset({"sum", "first", "mean", "min", "max"})


@reads_input
def read_cog_movements(path: str | object) -> pd.DataFrame:
    """Read the INSEE commune events file (``mouvements_communes``).

    Returns
    -------
    pandas.DataFrame
        Columns ``mod`` (int), ``date_eff`` (datetime), ``typecom_av``, ``com_av``,
        ``libelle_av``, ``typecom_ap``, ``com_ap``, ``libelle_ap``; sorted by date (oldest first).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "mvt.csv")
    >>> _ = open(p, "w").write("MOD,DATE_EFF,TYPECOM_AV,COM_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,LIBELLE_AP\\n"
    ...                        "31,2019-01-01,COM,01002,B,COM,01001,A\\n")
    >>> read_cog_movements(p)[["mod", "com_av", "com_ap"]].values.tolist()
    [[31, '01002', '01001']]
    """
    from .readers._io import read_table

    name = str(path)
    raw, _, _ = read_table(path, required=MOVEMENT_COLUMNS, source=name)  # type: ignore[arg-type]
    mod = pd.to_numeric(raw["MOD"], errors="coerce")
    dates = pd.to_datetime(raw["DATE_EFF"], format="%Y-%m-%d", errors="coerce")
    bad = raw.loc[mod.isna() | dates.isna(), ["MOD", "DATE_EFF"]]
    if len(bad):
        raise InvalidValueError(
            R.mouvements_illisibles(
                source=name, n=len(bad), exemples=describe_values(bad.astype(str).agg("/".join, axis=1).tolist())
            )
        )
    out = pd.DataFrame(
        {
            "mod": mod.astype(int),
            "date_eff": dates,
            "typecom_av": raw["TYPECOM_AV"].str.strip().astype(object),
            "com_av": raw["COM_AV"].str.strip().astype(object),
            "libelle_av": raw.get("LIBELLE_AV", pd.Series(np.nan, index=raw.index)).astype(object),
            "typecom_ap": raw["TYPECOM_AP"].str.strip().astype(object),
            "com_ap": raw["COM_AP"].str.strip().astype(object),
            "libelle_ap": raw.get("LIBELLE_AP", pd.Series(np.nan, index=raw.index)).astype(object),
        }
    )
    return out.sort_values("date_eff", kind="stable").reset_index(drop=True)


def _as_date(vintage: int | None, date: str | pd.Timestamp | None, what: str) -> pd.Timestamp:
    if (vintage is None) == (date is None):
        raise InvalidValueError(R.un_seul_parmi(prefixe=what))
    if vintage is not None:
        return pd.Timestamp(year=int(vintage), month=1, day=1)
    return pd.Timestamp(cast(str | pd.Timestamp, date))


def code_mapping(
    codes: Collection[str],
    *,
    movements: pd.DataFrame,
    source_date: pd.Timestamp,
    target_date: pd.Timestamp,
    split_weights: Mapping[str, float] | pd.Series | None = None,
) -> tuple[dict[str, dict[str, float]], dict[str, list[tuple[pd.Timestamp, int]]]]:
    """Follow ``codes`` through the events of ``(source_date, target_date]``.

    Returns ``(mapping, events)``: ``mapping[old] = {new: weight}`` (weights sum to 1)
    and ``events[old]`` the (date, MOD) of the events that changed the code.

    Examples
    --------
    >>> import pandas as pd
    >>> mvt = pd.DataFrame({"mod": [32, 32, 41], "date_eff": pd.to_datetime(["2019-01-01"] * 2 + ["2020-01-01"]),
    ...     "typecom_av": ["COM"] * 3, "com_av": ["01001", "01002", "01001"],
    ...     "typecom_ap": ["COM"] * 3, "com_ap": ["01001", "01001", "02001"]})
    >>> m, ev = code_mapping(["01001", "01002"], movements=mvt, source_date=pd.Timestamp("2018-01-01"),
    ...                      target_date=pd.Timestamp("2021-01-01"))
    >>> m
    {'01001': {'02001': 1.0}, '01002': {'02001': 1.0}}
    """
    if target_date < source_date:
        raise InvalidValueError(R.date_cible_anterieure(cible=str(target_date.date()), source=str(source_date.date())))
    window = movements[
        (movements["date_eff"] > source_date)
        & (movements["date_eff"] <= target_date)
        & movements["typecom_av"].isin(_COMMUNE_TYPES)
        & movements["typecom_ap"].isin(_COMMUNE_TYPES)
    ]
    weights = None if split_weights is None else pd.Series(split_weights, dtype=float)
    current: dict[str, dict[str, float]] = {c: {c: 1.0} for c in codes}
    holders: dict[str, set[str]] = defaultdict(set)
    for c in codes:
        holders[c].add(c)
    events: dict[str, list[tuple[pd.Timestamp, int]]] = defaultdict(list)
    for date, group in window.groupby("date_eff", sort=True):
        trans: dict[str, list[str]] = defaultdict(list)
        mods: dict[str, int] = {}
        for av, ap, mod in zip(group["com_av"], group["com_ap"], group["mod"], strict=True):
            if ap not in trans[av]:
                trans[av].append(ap)
            if av != ap or av not in mods:
                mods[av] = int(mod)
        for av, aps in trans.items():
            if aps == [av] or av not in holders:
                continue
            if len(aps) == 1:
                shares = {aps[0]: 1.0}
            elif weights is not None and all(a in weights.index for a in aps) and weights[aps].sum() > 0:
                w = weights[aps].clip(lower=0)
                shares = {str(k): float(v) for k, v in (w / w.sum()).items()}
            else:
                keep = av if av in aps else sorted(aps)[0]
                shares = {keep: 1.0}
            for orig in holders.pop(av):
                w0 = current[orig].pop(av)
                for new, s in shares.items():
                    current[orig][new] = current[orig].get(new, 0.0) + w0 * s
                    holders[new].add(orig)
                events[orig].append((pd.Timestamp(str(date)), mods.get(av, 0)))
                if len(aps) > 1 and len(shares) == 1:
                    events[orig].append((pd.Timestamp(str(date)), -1))  # marker: split not apportioned
    return current, dict(events)


def _event_text(evs: Sequence[tuple[pd.Timestamp, int]]) -> str:
    parts = []
    for _, mod in evs:
        if mod == -1:
            parts.append("scission non répartie (tout sur la commune conservée)")
        else:
            parts.append(f"{mod} {COG_EVENT_LABELS.get(mod, 'évènement')}")
    return " + ".join(parts)


def _table_to_harmonize(
    table: pd.DataFrame, *, code_column: str | None, count_columns: Sequence[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Phase 1 of :func:`harmonize_to_cog`: the validated table (normalised codes, numeric counts) and its codes."""
    if code_column is None:
        data, _ = validate_communes(table, count_columns=count_columns, source=R.TABLE_A_HARMONISER)
        return data, data.index.tolist()
    require_columns(table, [code_column], source=R.TABLE_A_HARMONISER)
    data = table.copy()
    from ._validate import normalize_insee_codes

    data[code_column] = normalize_insee_codes(data[code_column])
    for col in count_columns:
        from ._validate import to_numeric_column

        data[col] = to_numeric_column(data, col, source=R.TABLE_A_HARMONISER)
    return data, sorted(set(data[code_column].dropna().tolist()))


def _merge_commune_rows(
    data: pd.DataFrame,
    mapping: Mapping[str, Mapping[str, float]],
    *,
    count_columns: Sequence[str],
    how: Mapping[str, str],
) -> pd.DataFrame:
    """Phase 2 of :func:`harmonize_to_cog` (commune tables): rows carried to their new codes, counts apportioned by
    share and summed, other columns aggregated by ``how`` (``"first"``: the commune keeping its code)."""
    parts = []
    for code, targets in mapping.items():
        for new, share in targets.items():
            parts.append((code, new, share))
    pairs = pd.DataFrame(parts, columns=["_old", CODE, "_share"])
    exploded = data.reset_index().rename(columns={CODE: "_old"}).merge(pairs, on="_old", how="inner")
    for col in count_columns:
        exploded[col] = exploded[col] * exploded["_share"]
    # the commune that keeps its code comes first, so that "first" takes its values
    exploded["_keeps"] = exploded["_old"] != exploded[CODE]
    exploded = exploded.sort_values([CODE, "_keeps", "_old"], kind="stable")
    agg = {c: "sum" for c in count_columns}
    for c in data.columns:
        if c not in agg:
            agg[c] = how.get(c, "first")
    out = exploded.groupby(CODE, sort=True).agg(agg)[list(data.columns)]
    out.index = out.index.astype(object)
    out.index.name = CODE
    return out


def _moves_report(
    moved: Mapping[str, Mapping[str, float]],
    events: Mapping[str, Sequence[tuple[pd.Timestamp, int]]],
    rows_per_code: pd.Series,
    single: Mapping[str, str],
    *,
    long_table: bool,
) -> pd.DataFrame:
    """Phase 3 of :func:`harmonize_to_cog`: one report row per moved code and target (a long table's rows go
    whole to ``single[old]``: its other targets are left out)."""
    records = []
    for old, targets in sorted(moved.items()):
        evs = events.get(old, [])
        for new, share in sorted(targets.items()):
            records.append(
                {
                    "old_code": old,
                    "new_code": new,
                    "event": _event_text(evs),
                    "date": max(d for d, _ in evs) if evs else pd.NaT,
                    "share": share if not long_table else float(new == single[old]),
                    "rows": int(rows_per_code.get(old, 0)),
                }
            )
    report = pd.DataFrame(records, columns=["old_code", "new_code", "event", "date", "share", "rows"])
    if long_table:
        report = report[report["share"] > 0].reset_index(drop=True)
    return report


def _report_absent_codes(
    report: pd.DataFrame, final: pd.Index, target_communes: Collection[str], rows_per_code: pd.Series
) -> pd.DataFrame:
    """Phase 4 of :func:`harmonize_to_cog`: codes of the result absent from the target COG, added to the report
    (event ``absent du COG cible``) and announced by a warning."""
    missing = sorted(set(final) - set(target_communes))
    if not missing:
        return report
    extra = pd.DataFrame(
        {
            "old_code": missing,
            "new_code": missing,
            "event": "absent du COG cible",
            "date": pd.NaT,
            "share": 1.0,
            "rows": [int(rows_per_code.get(c, 0)) for c in missing],
        }
    )
    report = pd.concat([report, extra], ignore_index=True)
    warnings.warn(
        R.codes_absents_du_cog(n=len(missing), codes=describe_values(missing)),
        UserWarning,
        stacklevel=3,  # harmonize_to_cog's caller: this phase adds one frame
    )
    return report


def harmonize_to_cog(
    table: pd.DataFrame,
    *,
    movements: pd.DataFrame | str,
    source_vintage: int | None = None,
    source_date: str | pd.Timestamp | None = None,
    target_vintage: int | None = None,
    target_date: str | pd.Timestamp | None = None,
    count_columns: Sequence[str] = (),
    how: Mapping[str, str] | None = None,
    code_column: str | None = None,
    split_weights: Mapping[str, float] | pd.Series | None = None,
    target_communes: Collection[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Carry a commune table from one COG vintage to another.

    Parameters
    ----------
    table
        Either a commune table indexed by ``code_commune`` (rows are merged: counts summed
        into the new commune), or — with ``code_column`` — a long table whose code column is
        rewritten row by row (practitioner tables: supply follows its practice commune).
        Not modified. Geometries are not dissolved: join the result to the geometries of the
        target vintage instead.
    movements
        :func:`read_cog_movements` output (or a path to the INSEE file).
    source_vintage, source_date
        COG of ``table`` (a year: geography on 1 January), or an exact date.
    target_vintage, target_date
        COG to reach.
    count_columns
        Additive columns (populations, counts): summed on mergers, apportioned on splits
        with ``split_weights`` (commune tables only: rows of a long table are never cut).
        They must be non-negative numbers.
    how
        Aggregation of other columns of a commune table on mergers: ``"first"`` (default:
        the value of the commune keeping its code, else of the first merged code),
        ``"mean"``, ``"min"``, ``"max"`` or ``"sum"``.
    code_column
        Long-table mode: the column holding commune codes (e.g. ``"code_commune"``). A code
        split between several communes goes to the one with the largest weight (or the
        surviving code) and is reported.
    split_weights
        Weights of the communes created by a split (e.g. target-vintage population,
        indexed by code). Without them a split keeps everything on the surviving code.
    target_communes
        Codes of the target vintage (COM/ARM). Codes of the result not in it are
        reported (event ``absent du COG cible``) and announced by a warning; they are kept.

    Returns
    -------
    (table, report)
        The harmonised table (commune tables: indexed by ``code_commune``, sorted) and a
        report with one row per moved code: ``old_code``, ``new_code``, ``event`` (MOD codes
        and labels), ``date`` (last event), ``share`` (fraction carried), ``rows``.

    Examples
    --------
    >>> import pandas as pd
    >>> mvt = pd.DataFrame({"mod": [32, 32], "date_eff": pd.to_datetime(["2019-01-01"] * 2),
    ...     "typecom_av": ["COM", "COM"], "com_av": ["01001", "01002"],
    ...     "typecom_ap": ["COM", "COM"], "com_ap": ["01001", "01001"]})
    >>> pop = pd.DataFrame({"population": [100.0, 50.0, 7.0]},
    ...                    index=pd.Index(["01001", "01002", "01003"], name="code_commune"))
    >>> out, rep = harmonize_to_cog(pop, movements=mvt, source_vintage=2018, target_vintage=2020,
    ...                             count_columns=["population"])
    >>> out["population"].to_dict()
    {'01001': 150.0, '01003': 7.0}
    >>> rep[["old_code", "new_code", "event"]].values.tolist()
    [['01002', '01001', '32 création de commune nouvelle']]
    """
    if isinstance(movements, pd.DataFrame):
        mvt = movements
    else:
        mvt = read_cog_movements(movements)
    require_columns(
        mvt,
        ["mod", "date_eff", "typecom_av", "com_av", "typecom_ap", "com_ap"],
        source=R.MOUVEMENTS,
        hint=R.CONSEIL_MOUVEMENTS,
    )
    start = _as_date(source_vintage, source_date, "source")
    end = _as_date(target_vintage, target_date, "target")
    how = dict(how or {})
    unknown_how = {k: v for k, v in how.items() if v not in _HOW}
    if unknown_how:
        raise InvalidValueError(R.agregations_inconnues(valeurs=repr(unknown_how), possibles=repr(sorted(_HOW))))

    data, codes = _table_to_harmonize(table, code_column=code_column, count_columns=count_columns)
    mapping, events = code_mapping(
        codes, movements=mvt, source_date=start, target_date=end, split_weights=split_weights
    )
    # codes whose commune changed (including a split kept whole on the same code)
    moved = {c: m for c, m in mapping.items() if m != {c: 1.0} or c in events}
    single: dict[str, str] = {}
    if code_column is None:
        rows_per_code = pd.Series(1, index=data.index)
        out = _merge_commune_rows(data, mapping, count_columns=count_columns, how=how)
    else:
        rows_per_code = data[code_column].value_counts()
        single = {c: max(m.items(), key=lambda kv: (kv[1], kv[0] == c))[0] for c, m in mapping.items()}
        out = data.copy()
        out[code_column] = out[code_column].map(lambda v: single.get(v, v)).astype(object)
    report = _moves_report(moved, events, rows_per_code, single, long_table=code_column is not None)
    if target_communes is not None:
        final = out.index if code_column is None else pd.Index(out[code_column].dropna().unique())
        report = _report_absent_codes(report, final, target_communes, rows_per_code)
    n_split = sum(1 for c in moved if any(m == -1 for _, m in events.get(c, [])))
    if n_split:
        warnings.warn(
            R.codes_scindes(n=n_split),
            UserWarning,
            stacklevel=2,
        )
    logger.info("harmonised %d code(s) to COG %s: %d moved", len(codes), end.date(), len(moved))
    return out, report
