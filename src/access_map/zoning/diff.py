"""Compare two zonings: class transitions and population shares, per region and nationally.

Typical use: the ARS's previous arrêté (commune table) against a new computation
(:attr:`ZoningResult.communes`). Values may be classes (ZIP/ZAC/ZAR/ZV/HV/HZ) or zoning
codes (DREES ``1_ZIP`` … ``8_GQ_ZIP``, published ``3_HZ``, ``4_ZAR``, mapped to their
class; ``N/A - résultat non disponible`` is no class); any other string is kept as is,
so five-level zonings can be compared too. ZAR is a class of its own everywhere. A
commune present in only one zoning is counted in the class ``"absent"`` on the other
side (this happens when the two zonings use different COG vintages: harmonise them
first with :mod:`access_map.cog` when possible).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import to_numeric_column
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import zoning as msg
from ..schema import DREES_ZONING_CODES, GP_ZONING_CLASSES, ZONING_CLASSES, ZONING_NOT_AVAILABLE
from .tvs import normalize_region_codes

__all__ = ["ABSENT", "NATIONAL", "ZoningDiff", "zoning_summary", "zoning_diff"]

#: Class given to a commune missing from one of the two zonings.
ABSENT = "absent"
#: ``code_region`` of the all-regions rows.
NATIONAL = "national"


def _normalise_classes(values: pd.Series) -> pd.Series:
    def one(v: object) -> object:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return np.nan
        t = str(v).strip()
        if t.upper() == ZONING_NOT_AVAILABLE.upper() or t.upper().startswith("N/A"):
            return np.nan
        return DREES_ZONING_CODES.get(
            t, DREES_ZONING_CODES.get(t.upper(), t.upper() if t.upper() in ZONING_CLASSES else t)
        )

    out = pd.Series([one(v) for v in values.tolist()], index=pd.Index([str(i) for i in values.index]), dtype=object)
    return out


def _order(values: pd.Series | list[object], classes: tuple[str, ...]) -> list[str]:
    present = set(pd.Series(values).dropna())
    return (
        [c for c in classes if c in present]
        + sorted(present - set(classes) - {ABSENT})
        + ([ABSENT] if ABSENT in present else [])
    )


def _aligned(series: pd.Series | None, codes: pd.Index, *, name: str) -> pd.Series | None:
    if series is None:
        return None
    s = pd.Series(series.to_numpy(), index=pd.Index([str(i) for i in series.index]))
    missing = codes.difference(s.index)
    if len(missing):
        raise InvalidCodeError(msg.diff_codes_manquants(name=name, communes=missing.tolist()))
    return s.reindex(codes)


def zoning_summary(
    zonage: pd.Series,
    *,
    population: pd.Series,
    regions: pd.Series | None = None,
    classes: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Population and population share of each class, per region and nationally.

    Parameters
    ----------
    zonage
        Class per commune (index ``code_commune``).
    population
        Residents per commune (must cover ``zonage``).
    regions
        Region per commune; without it only the national rows are returned.
    classes
        Classes shown for every region (0 when empty), in this order; other values
        follow, sorted. Default: the engine's classes ZIP, ZAC, ZV, HV, plus ZAR and HZ
        when present (:data:`~access_map.schema.ZONING_CLASSES` order).

    Returns
    -------
    pandas.DataFrame
        Columns ``code_region`` (:data:`NATIONAL` for all regions), ``zonage``,
        ``communes``, ``population``, ``share`` (of the region's population).

    Examples
    --------
    >>> import pandas as pd
    >>> z = pd.Series({"01001": "ZIP", "01002": "ZV", "01003": "ZIP"})
    >>> s = zoning_summary(z, population=pd.Series({"01001": 10.0, "01002": 30.0, "01003": 10.0}))
    >>> s.set_index("zonage")["share"].to_dict()  # ZIP: 20/50
    {'ZIP': 0.4, 'ZAC': 0.0, 'ZV': 0.6, 'HV': 0.0}
    """
    z = _normalise_classes(zonage)
    pop = _aligned(population, z.index, name="population")
    pop = to_numeric_column(pd.DataFrame({"population": pop}), "population", source="population")
    reg = _aligned(regions, z.index, name="regions")
    if classes is None:
        present = set(z.dropna())
        classes = tuple(c for c in ZONING_CLASSES if c in GP_ZONING_CLASSES or c in present)
    order = [c for c in classes] + [c for c in _order(z, classes) if c not in classes]
    frames = []
    groups = [(NATIONAL, np.ones(len(z), dtype=bool))]
    if reg is not None:
        reg = normalize_region_codes(reg)
        groups = [(r, (reg == r).to_numpy()) for r in sorted(reg.dropna().unique())] + groups
    for region, mask in groups:
        zz, pp = z[mask], pop[mask]
        total = float(pp.sum())
        by = pp.groupby(zz).sum().reindex(order, fill_value=0.0)
        n = zz.value_counts().reindex(order, fill_value=0)
        frames.append(
            pd.DataFrame(
                {
                    "code_region": region,
                    "zonage": order,
                    "communes": n.to_numpy().astype(int),
                    "population": by.to_numpy(),
                    "share": by.to_numpy() / total if total > 0 else np.nan,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class ZoningDiff:
    """Result of :func:`zoning_diff`.

    Attributes
    ----------
    communes
        Index ``code_commune``: ``code_region`` and ``code_tvs`` (when given), ``before``,
        ``after``, ``changed``, ``population``.
    transitions
        Long crosstab: ``code_region`` (and :data:`NATIONAL`), ``before``, ``after``,
        ``communes``, ``population``, ``share`` (of the region's population).
    tvs
        Per (``code_tvs``, ``code_region``, ``before``, ``after``): ``communes``, ``population``
        (None when no TVS mapping was given).
    summary
        Per (``code_region``, ``zonage``): ``population_before``, ``share_before``,
        ``population_after``, ``share_after``, ``change_points`` (percentage points).
    """

    communes: pd.DataFrame
    transitions: pd.DataFrame
    tvs: pd.DataFrame | None
    summary: pd.DataFrame

    def crosstab(self, region: str = NATIONAL, *, value: str = "population") -> pd.DataFrame:
        """Wide before × after table of ``value`` (``population`` or ``communes``) for one region.

        Examples
        --------
        >>> import pandas as pd
        >>> d = zoning_diff(pd.Series({"01001": "ZV"}), pd.Series({"01001": "ZIP"}),
        ...                 population=pd.Series({"01001": 5.0}))
        >>> float(d.crosstab().loc["ZV", "ZIP"])
        5.0
        """
        t = self.transitions[self.transitions["code_region"] == region]
        return t.pivot_table(index="before", columns="after", values=value, aggfunc="sum", fill_value=0, sort=False)

    def describe(self, region: str = NATIONAL, *, language: str = "fr") -> list[str]:
        """One French sentence per class: its share of the population before → after, and the change in points
        (:func:`access_map.messages.zoning.evolution_de_classe`).

        ``language`` is kept for the callers that name it; only ``"fr"`` is available.

        Examples
        --------
        >>> import pandas as pd
        >>> d = zoning_diff(pd.Series({"01001": "ZV", "01002": "ZIP"}), pd.Series({"01001": "ZIP", "01002": "ZIP"}),
        ...                 population=pd.Series({"01001": 3.0, "01002": 1.0}))
        >>> d.describe()[0]
        'ZIP : 25,0\u202f% → 100,0\u202f% de la population (+75,0 points)'
        """
        if language != "fr":
            raise InvalidValueError(msg.diff_langue(language=language))
        s = self.summary[self.summary["code_region"] == region]
        return [
            msg.evolution_de_classe(
                zonage=str(r["zonage"]),
                before=float(r["share_before"]),
                after=float(r["share_after"]),
                points=float(r["change_points"]),
            )
            for r in s.to_dict("records")
        ]


def _transitions(cm: pd.DataFrame, reg: pd.Series | None, rank: dict[str, int]) -> pd.DataFrame:
    """Long table of (before, after) cells per region and nationally, ordered by class."""
    groups = [(NATIONAL, cm)]
    if reg is not None:
        groups = [(str(r), cm[cm["code_region"] == r]) for r in sorted(reg.dropna().unique())] + groups
    rows = []
    for region, g in groups:
        total = float(g["population"].sum())
        agg = (
            g.groupby(["before", "after"])
            .agg(communes=("population", "size"), population=("population", "sum"))
            .reset_index()
        )
        for r in agg.to_dict("records"):
            rows.append(
                dict(
                    code_region=region,
                    before=r["before"],
                    after=r["after"],
                    communes=int(r["communes"]),
                    population=float(r["population"]),
                    share=float(r["population"]) / total if total > 0 else np.nan,
                )
            )
    transitions = pd.DataFrame(rows, columns=["code_region", "before", "after", "communes", "population", "share"])
    return (
        transitions.assign(
            _n=transitions["code_region"] == NATIONAL,
            _b=transitions["before"].map(rank),
            _a=transitions["after"].map(rank),
        )
        .sort_values(["_n", "code_region", "_b", "_a"], kind="mergesort")
        .drop(columns=["_n", "_b", "_a"])
        .reset_index(drop=True)
    )


def zoning_diff(
    before: pd.Series,
    after: pd.Series,
    *,
    population: pd.Series,
    regions: pd.Series | None = None,
    tvs: pd.Series | None = None,
    classes: tuple[str, ...] = ZONING_CLASSES,
) -> ZoningDiff:
    """Class transitions between two commune zonings, with the population that moves.

    Parameters
    ----------
    before, after
        Class per commune (index ``code_commune``); ZIP/ZAC/ZV/HV, DREES codes or any labels.
    population
        Residents per commune (must cover both zonings).
    regions
        Region per commune (optional; must cover both zonings).
    tvs
        TVS per commune (optional) for the per-TVS transitions; communes without a TVS
        are grouped under ``code_tvs`` NaN.
    classes
        Class order of the outputs.

    Returns
    -------
    ZoningDiff

    Examples
    --------
    >>> import pandas as pd
    >>> before = pd.Series({"01001": "5_ZV", "01002": "ZAC", "01003": "ZIP"})
    >>> after = pd.Series({"01001": "ZIP", "01002": "ZAC", "01003": "ZIP"})
    >>> pop = pd.Series({"01001": 200.0, "01002": 500.0, "01003": 300.0})
    >>> d = zoning_diff(before, after, population=pop)
    >>> d.describe()[0]  # ZIP 300/1000 → 500/1000
    'ZIP : 30,0\u202f% → 50,0\u202f% de la population (+20,0 points)'
    >>> int(d.communes["changed"].sum())
    1
    """
    b = _normalise_classes(before)
    a = _normalise_classes(after)
    for name, s in (("zonage avant", b), ("zonage après", a)):
        if s.index.duplicated().any():
            raise InvalidCodeError(msg.codes_en_double(name=name, codes=s.index[s.index.duplicated()].tolist()))
    codes = b.index.union(a.index)
    only_b = b.index.difference(a.index)
    only_a = a.index.difference(b.index)
    if len(only_b) or len(only_a):
        message = msg.diff_communes_absentes(only_before=only_b.tolist(), only_after=only_a.tolist(), absent=ABSENT)
        warnings.warn(message, UserWarning, stacklevel=2)
    b = b.reindex(codes).fillna(ABSENT)
    a = a.reindex(codes).fillna(ABSENT)
    pop = _aligned(population, codes, name="population")
    pop = to_numeric_column(pd.DataFrame({"population": pop}), "population", source="population")
    pop.index = codes
    reg = _aligned(regions, codes, name="regions")
    if reg is not None:
        reg = normalize_region_codes(reg)
        reg.index = codes
    cm = pd.DataFrame({"before": b, "after": a, "population": pop}, index=codes)
    cm["changed"] = cm["before"] != cm["after"]
    if reg is not None:
        cm.insert(0, "code_region", reg)
    if tvs is not None:
        t = pd.Series(tvs.to_numpy(), index=pd.Index([str(i) for i in tvs.index])).reindex(codes)
        cm.insert(0, "code_tvs", t.astype(object))
    cm.index.name = "code_commune"
    cm = cm.sort_index()

    order = _order(pd.concat([cm["before"], cm["after"]]), classes)
    rank = {c: k for k, c in enumerate(order)}
    transitions = _transitions(cm, reg, rank)

    tvs_table = None
    if tvs is not None:
        keys = ["code_tvs"] + (["code_region"] if reg is not None else []) + ["before", "after"]
        tvs_table = (
            cm.groupby(keys, dropna=False)
            .agg(communes=("population", "size"), population=("population", "sum"))
            .reset_index()
        )

    sb = zoning_summary(cm["before"], population=cm["population"], regions=reg, classes=tuple(order))
    sa = zoning_summary(cm["after"], population=cm["population"], regions=reg, classes=tuple(order))
    summary = sb[["code_region", "zonage", "population", "share"]].rename(
        columns={"population": "population_before", "share": "share_before"}
    )
    summary["population_after"] = sa["population"].to_numpy()
    summary["share_after"] = sa["share"].to_numpy()
    summary["change_points"] = 100 * (summary["share_after"] - summary["share_before"])
    return ZoningDiff(cm, transitions, tvs_table, summary)
