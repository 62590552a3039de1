"""Compare a computed zoning with the zoning in force (a published zoning), commune by commune.

Both zonings are per commune. Their classes are first put in one vocabulary: zoning codes
are mapped to classes (``1_ZIP`` → ZIP, ``3_HZ`` → HZ, ``4_ZAR`` → ZAR...), and when one
side uses **HZ** (hors zonage: the published exports do not separate ZV from HV) the
classes ZV and HV become HZ on both sides — the comparison is then made in the coarser
vocabulary, and says so (``ZoningComparison.harmonised``). ZAR stays a class of its own.

Communes without a class on one side (``N/A - résultat non disponible``, a TVS without
population, a commune present in one zoning only) are not compared; they are counted
per region with their population.

Per region and nationally the comparison gives:

* the **population-weighted agreement**: share of the compared population whose class is
  the same in both zonings (and the same share counted in communes);
* **Cohen's kappa**: ``κ = (p_o − p_e) / (1 − p_e)``, with ``p_o`` the observed agreement
  and ``p_e`` the agreement expected from the two marginal distributions; computed on
  communes (each commune counts 1) and weighted by population. κ is NaN when
  ``p_e = 1`` (a single class on both sides);
* the **crosstab** of classes (published in rows, computed in columns) in communes and
  population, and the population **moving** between classes (its off-diagonal cells).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import to_numeric_column
from ..errors import InvalidCodeError
from ..messages import comparison as msg
from ..messages import zoning as msg_zoning
from ..schema import ZONING_CLASSES
from .diff import NATIONAL, _normalise_classes
from .tvs import normalize_region_codes

__all__ = [
    "ZoningComparison",
    "SelectionComparison",
    "compare_zonings",
    "compare_selection",
    "caps_from_zoning",
    "cohen_kappa",
]


def cohen_kappa(first: pd.Series, second: pd.Series, *, weights: pd.Series | None = None) -> float:
    """Cohen's kappa between two class Series (same index), optionally weighted.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.Series(["ZIP", "ZIP", "ZAC", "HZ"])
    >>> b = pd.Series(["ZIP", "ZAC", "ZAC", "HZ"])
    >>> round(cohen_kappa(a, b), 4)  # p_o = 3/4, p_e = (2*1 + 1*2 + 1*1)/16 = 5/16
    0.6364
    """
    w = np.ones(len(first)) if weights is None else np.asarray(weights, dtype=float)
    total = float(w.sum())
    if total <= 0:
        return float("nan")
    a = first.to_numpy(dtype=object)
    b = second.to_numpy(dtype=object)
    p_o = float(w[a == b].sum()) / total
    labels = sorted(set(a) | set(b), key=str)
    p_e = sum((float(w[a == k].sum()) / total) * (float(w[b == k].sum()) / total) for k in labels)
    if p_e >= 1.0 - 1e-15:
        return float("nan")
    return (p_o - p_e) / (1.0 - p_e)


@dataclass(frozen=True)
class ZoningComparison:
    """Result of :func:`compare_zonings`.

    Attributes
    ----------
    communes
        Index ``code_commune``: ``code_region`` (when given), ``population``, ``published``,
        ``computed`` (harmonised classes, NaN when none), ``compared`` (both have a class),
        ``agree``.
    regions
        One row per region and one :data:`~access_map.zoning.NATIONAL` row: ``communes``,
        ``population``, ``compared_communes``, ``compared_population``,
        ``not_compared_communes``, ``not_compared_population``, ``agreement_population``
        (share of the compared population in the same class), ``agreement_communes``,
        ``kappa_communes``, ``kappa_population``, ``moving_population`` (compared
        residents whose class changes), ``zar_population`` (compared residents in a published
        ZAR, a class the computation never gives: always a disagreement) and
        ``agreement_population_excluding_zar`` (the agreement with the ZAR communes left out).
    crosstab
        Long table: ``code_region``, ``published``, ``computed``, ``communes``, ``population``.
    harmonised
        True when ZV and HV were merged into HZ because one side uses HZ.
    """

    communes: pd.DataFrame
    regions: pd.DataFrame
    crosstab: pd.DataFrame
    harmonised: bool

    def table(self, region: str = NATIONAL, *, value: str = "population") -> pd.DataFrame:
        """Wide crosstab of one region (published in rows, computed in columns), ``population`` or ``communes``.

        Examples
        --------
        >>> import pandas as pd
        >>> c = compare_zonings(pd.Series({"01001": "ZIP"}), pd.Series({"01001": "2_ZAC"}),
        ...                     population=pd.Series({"01001": 5.0}))
        >>> float(c.table().loc["ZAC", "ZIP"])
        5.0
        """
        t = self.crosstab[self.crosstab["code_region"] == region]
        wide = t.pivot_table(
            index="published", columns="computed", values=value, aggfunc="sum", fill_value=0, sort=False
        )
        # every class of either side is both a row and a column (ZAR too, though the computation never gives it)
        present = set(self.crosstab["published"]) | set(self.crosstab["computed"])
        order = [c for c in ZONING_CLASSES if c in present] + sorted(present - set(ZONING_CLASSES))
        return wide.reindex(index=order, columns=order, fill_value=0)

    def moves(self, region: str = NATIONAL) -> pd.DataFrame:
        """Population moving between classes (off-diagonal cells), largest first.

        Examples
        --------
        >>> import pandas as pd
        >>> c = compare_zonings(pd.Series({"01001": "ZIP", "01002": "ZV"}), pd.Series({"01001": "ZAC", "01002": "ZV"}),
        ...                     population=pd.Series({"01001": 5.0, "01002": 1.0}))
        >>> c.moves()[["published", "computed", "population"]].values.tolist()
        [['ZAC', 'ZIP', 5.0]]
        """
        t = self.crosstab[
            (self.crosstab["code_region"] == region) & (self.crosstab["published"] != self.crosstab["computed"])
        ]
        return t.sort_values("population", ascending=False, kind="mergesort").reset_index(drop=True)

    def describe(self, region: str = NATIONAL) -> list[str]:
        """French sentences for reports (agreement, kappa, excluded communes).

        Examples
        --------
        >>> import pandas as pd
        >>> c = compare_zonings(pd.Series({"01001": "ZIP"}), pd.Series({"01001": "ZIP"}),
        ...                     population=pd.Series({"01001": 5.0}))
        >>> c.describe()[0]
        'Accord pondéré par la population : 100,0 % (100,0 % des communes)'
        """
        match = self.regions[self.regions["code_region"] == region].to_dict("records")
        if not match:
            raise InvalidCodeError(msg.region_absente(region=region))
        r = match[0]

        def pct(v: float) -> str:
            return "n/d" if np.isnan(v) else f"{100 * v:.1f}".replace(".", ",") + " %"

        def num(v: float) -> str:
            return "n/d" if np.isnan(v) else f"{v:.3f}".replace(".", ",")

        lines = [
            f"Accord pondéré par la population : {pct(float(r['agreement_population']))} "
            f"({pct(float(r['agreement_communes']))} des communes)",
            f"Kappa de Cohen : {num(float(r['kappa_communes']))} (communes), "
            f"{num(float(r['kappa_population']))} (pondéré par la population)",
            f"Population changeant de classe : {float(r['moving_population']):,.0f}".replace(",", "\u202f"),
        ]
        if int(r["not_compared_communes"]):
            lines.append(
                f"{int(r['not_compared_communes'])} commune(s) sans classe dans l'un des zonages "
                f"({float(r['not_compared_population']):,.0f} habitants), non comparées".replace(",", "\u202f")
            )
        if self.harmonised:
            lines.append("ZV et HV regroupés en « hors zonage » (HZ), comme dans le zonage publié")
        return lines


def _region_row(region: str, g: pd.DataFrame) -> dict[str, object]:
    """Agreement, kappa and counts of one region's communes (``g``: rows of ``ZoningComparison.communes``)."""
    comp = g[g["compared"]]
    w = comp["population"]
    total_w = float(w.sum())
    some = len(comp) > 0
    return {
        "code_region": region,
        "communes": len(g),
        "population": float(g["population"].sum()),
        "compared_communes": len(comp),
        "compared_population": total_w,
        "not_compared_communes": int((~g["compared"]).sum()),
        "not_compared_population": float(g.loc[~g["compared"], "population"].sum()),
        "agreement_population": float(w[comp["agree"]].sum()) / total_w if total_w > 0 else np.nan,
        "agreement_communes": float(comp["agree"].mean()) if some else np.nan,
        "kappa_communes": cohen_kappa(comp["published"], comp["computed"]) if some else np.nan,
        "kappa_population": cohen_kappa(comp["published"], comp["computed"], weights=w) if some else np.nan,
        "moving_population": float(w[~comp["agree"]].sum()),
        "zar_population": float(w[comp["published"] == "ZAR"].sum()),
        "agreement_population_excluding_zar": _share(w, comp["agree"], comp["published"] != "ZAR"),
    }


def _share(weights: pd.Series, agree: pd.Series, keep: pd.Series) -> float:
    """Weighted share of ``agree`` among the rows kept (NaN when no weight is kept)."""
    total = float(weights[keep].sum())
    return float(weights[keep & agree].sum()) / total if total > 0 else float("nan")


def _cross_rows(region: str, comp: pd.DataFrame) -> list[dict[str, object]]:
    """Crosstab cells (published × computed) of one region's compared communes."""
    agg = (
        comp.groupby(["published", "computed"])
        .agg(communes=("population", "size"), population=("population", "sum"))
        .reset_index()
    )
    return [
        {
            "code_region": region,
            "published": rec["published"],
            "computed": rec["computed"],
            "communes": int(rec["communes"]),
            "population": float(rec["population"]),
        }
        for rec in agg.to_dict("records")
    ]


def compare_zonings(
    computed: pd.Series,
    published: pd.Series,
    *,
    population: pd.Series,
    regions: pd.Series | None = None,
) -> ZoningComparison:
    """Compare a computed commune zoning with a published one (the zoning in force).

    Parameters
    ----------
    computed
        Class per commune (``ZoningResult.communes["zonage"]``), index ``code_commune``.
    published
        Class or code per commune of the zoning in force (``read_zoning(...)["zonage"]``):
        ``1_ZIP``, ``2_ZAC``, ``3_HZ``, ``4_ZAR``, ``N/A - résultat non disponible``, DREES
        application codes or class names.
    population
        Residents per commune; must cover every commune of either zoning.
    regions
        Region per commune (optional; must cover both zonings).

    Returns
    -------
    ZoningComparison

    Examples
    --------
    >>> import pandas as pd
    >>> computed = pd.Series({"01001": "ZIP", "01002": "ZV", "01003": "HV", "01004": "ZAC"})
    >>> published = pd.Series({"01001": "1_ZIP", "01002": "3_HZ", "01003": "3_HZ", "01004": "1_ZIP"})
    >>> pop = pd.Series({"01001": 100.0, "01002": 100.0, "01003": 100.0, "01004": 100.0})
    >>> c = compare_zonings(computed, published, population=pop)
    >>> c.harmonised, float(c.regions.iloc[-1]["agreement_population"])  # ZV, HV -> HZ; 3 of 4 agree
    (True, 0.75)
    """
    a = _normalise_classes(computed)
    b = _normalise_classes(published)
    for name, s in ((msg.ZONAGE_CALCULE, a), (msg.ZONAGE_PUBLIE, b)):
        if s.index.duplicated().any():
            raise InvalidCodeError(
                msg_zoning.codes_en_double(name=name, codes=s.index[s.index.duplicated()].unique().tolist())
            )
    harmonised = bool(((a == "HZ") | (b == "HZ")).any())
    if harmonised:
        a = a.replace({"ZV": "HZ", "HV": "HZ"})
        b = b.replace({"ZV": "HZ", "HV": "HZ"})
    codes = a.index.union(b.index)
    pop_s = pd.Series(population.to_numpy(), index=pd.Index([str(i) for i in population.index]))
    missing = codes.difference(pop_s.index)
    if len(missing):
        raise InvalidCodeError(msg.valeurs_absentes(what=msg_zoning.POPULATION, communes=missing.tolist()))
    pop = to_numeric_column(
        pd.DataFrame({"population": pop_s.reindex(codes)}), "population", source=msg_zoning.POPULATION
    )
    cm = pd.DataFrame(
        {
            "population": pop.to_numpy(),
            "published": b.reindex(codes).to_numpy(),
            "computed": a.reindex(codes).to_numpy(),
        },
        index=pd.Index(codes, name="code_commune"),
    )
    if regions is not None:
        reg_s = pd.Series(regions.to_numpy(), index=pd.Index([str(i) for i in regions.index]))
        missing = codes.difference(reg_s.index)
        if len(missing):
            raise InvalidCodeError(msg.valeurs_absentes(what=msg.REGIONS, communes=missing.tolist()))
        cm.insert(0, "code_region", normalize_region_codes(reg_s.reindex(codes)).to_numpy())
    cm["compared"] = cm["published"].notna() & cm["computed"].notna()
    cm["agree"] = cm["compared"] & (cm["published"] == cm["computed"])
    groups: list[tuple[str, pd.DataFrame]] = [(NATIONAL, cm)]
    if regions is not None:
        groups = [(str(r), g) for r, g in cm.groupby("code_region", sort=True)] + groups
    rows = [_region_row(region, g) for region, g in groups]
    cross = [rec for region, g in groups for rec in _cross_rows(region, g[g["compared"]])]
    rank = {c: k for k, c in enumerate(ZONING_CLASSES)}
    crosstab = pd.DataFrame(cross, columns=["code_region", "published", "computed", "communes", "population"])
    if len(crosstab):
        crosstab = (
            crosstab.assign(
                _n=crosstab["code_region"] == NATIONAL,
                _p=crosstab["published"].map(lambda v: rank.get(v, 99)),
                _c=crosstab["computed"].map(lambda v: rank.get(v, 99)),
            )
            .sort_values(["_n", "code_region", "_p", "_c"], kind="mergesort")
            .drop(columns=["_n", "_p", "_c"])
            .reset_index(drop=True)
        )
    return ZoningComparison(cm, pd.DataFrame(rows), crosstab, harmonised)


@dataclass(frozen=True)
class SelectionComparison:
    """Result of :func:`compare_selection`: the comparisons that need no regional caps.

    Attributes
    ----------
    communes
        Index ``code_commune``: ``code_region``, ``population``, ``category`` (computed TVS category),
        ``published`` (published class), ``compared`` and, for each comparison of
        :data:`~access_map.messages.comparison.SELECTION_COMPARISONS`, ``computed_<name>`` and
        ``published_<name>`` (booleans) and ``agree_<name>``.
    regions
        Per region and nationally: ``population``, ``compared_population``, ``zar_population``,
        ``zar_share`` (of the compared population) and, per comparison ``<name>``:
        ``agreement_population_<name>``, ``agreement_communes_<name>``, ``kappa_communes_<name>``,
        ``kappa_population_<name>``, ``agreement_population_excluding_zar_<name>``.
    crosstab
        Long table ``code_region``, ``published`` (class, ZAR its own row), ``computed`` (category),
        ``communes``, ``population``.
    """

    communes: pd.DataFrame
    regions: pd.DataFrame
    crosstab: pd.DataFrame

    def table(self, region: str = NATIONAL, *, value: str = "population") -> pd.DataFrame:
        """Wide crosstab: published classes in rows (ZAR its own row), computed categories in columns.

        Examples
        --------
        >>> import pandas as pd
        >>> c = compare_selection(pd.Series({"01001": "vivier"}), pd.Series({"01001": "4_ZAR"}),
        ...                       population=pd.Series({"01001": 5.0}))
        >>> c.table().loc["ZAR", "vivier"]
        np.float64(5.0)
        """
        from .tvs import CATEGORIES

        t = self.crosstab[self.crosstab["code_region"] == region]
        wide = t.pivot_table(index="published", columns="computed", values=value, aggfunc="sum", fill_value=0)
        rows = [c for c in ZONING_CLASSES if c in set(self.crosstab["published"])]
        return wide.reindex(index=rows, columns=list(CATEGORIES), fill_value=0)


#: Computed side and published side of each comparison without caps.
_SELECTION_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "selection_nationale_zip": (frozenset({"national_selection"}), frozenset({"ZIP"})),
    "selection_vivier_zip_zac": (frozenset({"national_selection", "vivier"}), frozenset({"ZIP", "ZAC"})),
}


def _selection_row(region: str, g: pd.DataFrame) -> dict[str, object]:
    comp = g[g["compared"]]
    w = comp["population"]
    total = float(w.sum())
    row: dict[str, object] = {
        "code_region": region,
        "communes": len(g),
        "population": float(g["population"].sum()),
        "compared_communes": len(comp),
        "compared_population": total,
        "zar_population": float(w[comp["published"] == "ZAR"].sum()),
    }
    row["zar_share"] = float(row["zar_population"]) / total if total > 0 else np.nan  # type: ignore[arg-type]
    for name in _SELECTION_RULES:
        agree = comp[f"agree_{name}"]
        a, b = comp[f"computed_{name}"], comp[f"published_{name}"]
        row[f"agreement_population_{name}"] = float(w[agree].sum()) / total if total > 0 else np.nan
        row[f"agreement_communes_{name}"] = float(agree.mean()) if len(comp) else np.nan
        row[f"kappa_communes_{name}"] = cohen_kappa(a, b) if len(comp) else np.nan
        row[f"kappa_population_{name}"] = cohen_kappa(a, b, weights=w) if len(comp) else np.nan
        row[f"agreement_population_excluding_zar_{name}"] = _share(w, agree, comp["published"] != "ZAR")
    return row


def compare_selection(
    categories: pd.Series,
    published: pd.Series,
    *,
    population: pd.Series,
    regions: pd.Series | None = None,
) -> SelectionComparison:
    """Compare the national selection and the vivier (no caps needed) with a published zoning.

    Without regional caps the computed zoning stops at the TVS categories: national selection (APL ≤ 2.5),
    vivier, hors vivier. Two comparisons need nothing more:

    * ``selection_nationale_zip``: a commune in the national selection against a commune published ZIP;
    * ``selection_vivier_zip_zac``: in the national selection or the vivier against published ZIP or ZAC.

    A published ``ZAR`` (zone d'accompagnement régional) is neither ZIP nor ZAC: it counts on the
    « no » side of both (:data:`~access_map.messages.comparison.ZAR_RULE_SELECTION`); the agreement with
    the ZAR communes left out is given beside. Communes without a class on one side (``N/A``, no TVS
    APL, absent from one file) are not compared.

    Parameters
    ----------
    categories
        TVS category per commune (``national_selection``, ``vivier``, ``hors_vivier``).
    published
        Published class or code per commune (``read_zoning(...)["zonage"]``).
    population
        Residents per commune (every commune of either side).
    regions
        Region per commune (optional).

    Examples
    --------
    >>> import pandas as pd
    >>> cat = pd.Series({"a": "national_selection", "b": "vivier", "c": "vivier", "d": "hors_vivier"})
    >>> pub = pd.Series({"a": "1_ZIP", "b": "2_ZAC", "c": "4_ZAR", "d": "3_HZ"})
    >>> c = compare_selection(cat, pub, population=pd.Series({"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}))
    >>> r = c.regions.iloc[-1]
    >>> float(r["agreement_population_selection_vivier_zip_zac"]), \
float(r["agreement_population_excluding_zar_selection_vivier_zip_zac"])
    (0.75, 1.0)
    """
    cat = pd.Series(categories.to_numpy(), index=pd.Index([str(i) for i in categories.index]), dtype=object)
    pub = _normalise_classes(published)
    for name, s in ((msg.CATEGORIES, cat), (msg.ZONAGE_PUBLIE, pub)):
        if s.index.duplicated().any():
            raise InvalidCodeError(
                msg_zoning.codes_en_double(name=name, codes=s.index[s.index.duplicated()].unique().tolist())
            )
    codes = cat.index.union(pub.index)
    pop_s = pd.Series(population.to_numpy(), index=pd.Index([str(i) for i in population.index]))
    missing = codes.difference(pop_s.index)
    if len(missing):
        raise InvalidCodeError(msg.valeurs_absentes(what=msg_zoning.POPULATION, communes=missing.tolist()))
    cm = pd.DataFrame(
        {
            "population": to_numeric_column(
                pd.DataFrame({"population": pop_s.reindex(codes)}), "population", source=msg_zoning.POPULATION
            ).to_numpy(),
            "category": cat.reindex(codes).to_numpy(),
            "published": pub.reindex(codes).to_numpy(),
        },
        index=pd.Index(codes, name="code_commune"),
    )
    if regions is not None:
        reg_s = pd.Series(regions.to_numpy(), index=pd.Index([str(i) for i in regions.index]))
        cm.insert(0, "code_region", normalize_region_codes(reg_s.reindex(codes)).to_numpy())
    cm["compared"] = cm["category"].notna() & cm["published"].notna()
    for name, (computed_side, published_side) in _SELECTION_RULES.items():
        cm[f"computed_{name}"] = cm["category"].isin(computed_side)
        cm[f"published_{name}"] = cm["published"].isin(published_side)
        cm[f"agree_{name}"] = cm["compared"] & (cm[f"computed_{name}"] == cm[f"published_{name}"])
    groups: list[tuple[str, pd.DataFrame]] = [(NATIONAL, cm)]
    if regions is not None:
        groups = [(str(r), g) for r, g in cm.groupby("code_region", sort=True)] + groups
    rows = [_selection_row(region, g) for region, g in groups]
    cross = []
    for region, g in groups:
        comp = g[g["compared"]]
        agg = comp.groupby(["published", "category"]).agg(
            communes=("population", "size"), population=("population", "sum")
        )
        for rec in agg.reset_index().to_dict("records"):
            cross.append(
                {"code_region": region, "published": rec["published"], "computed": rec["category"],
                 "communes": int(rec["communes"]), "population": float(rec["population"])}
            )  # fmt: skip
    crosstab = pd.DataFrame(cross, columns=["code_region", "published", "computed", "communes", "population"])
    return SelectionComparison(cm, pd.DataFrame(rows), crosstab)


def caps_from_zoning(published: pd.Series, *, population: pd.Series, regions: pd.Series) -> pd.DataFrame:
    """The regional shares of the population that a published zoning puts in ZIP and in ZAC.

    They are **realised shares, not the arrêté's caps** (a region may stay below its cap), labelled so
    (``source`` column, ``attrs["source"]``): usable as caps (``--caps``) to reproduce the published
    zoning's sizes, never to state the caps in force. A region's population is that of its communes with
    a population; communes without a published class count in the population, in neither share.

    Parameters
    ----------
    published
        Published class or code per commune.
    population
        Residents per commune.
    regions
        Region of each commune (those of ``population``).

    Returns
    -------
    pandas.DataFrame
        Index ``code_region``: ``zip_cap_share``, ``zac_cap_share`` (fractions, as
        :func:`~access_map.readers.zonage.read_zoning_caps` returns them), ``population``,
        ``zip_population``, ``zac_population``, ``source``.

    Examples
    --------
    >>> import pandas as pd
    >>> pub = pd.Series({"a": "1_ZIP", "b": "2_ZAC", "c": "3_HZ", "d": "4_ZAR"})
    >>> pop = pd.Series({"a": 20.0, "b": 30.0, "c": 40.0, "d": 10.0})
    >>> caps = caps_from_zoning(pub, population=pop, regions=pd.Series({"a": "75", "b": "75", "c": "75", "d": "75"}))
    >>> caps.loc["75", ["zip_cap_share", "zac_cap_share"]].tolist()
    [0.2, 0.3]
    """
    from ..messages.comparison import CAPS_SOURCE

    pub = _normalise_classes(published)
    pop = pd.Series(pd.to_numeric(population, errors="coerce").to_numpy(), index=[str(i) for i in population.index])
    reg = normalize_region_codes(
        pd.Series(regions.to_numpy(), index=[str(i) for i in regions.index]).reindex(pop.index)
    )
    frame = pd.DataFrame({"population": pop, "code_region": reg, "published": pub.reindex(pop.index)})
    frame = frame.dropna(subset=["code_region", "population"])
    frame["zip_population"] = frame["population"].where(frame["published"] == "ZIP", 0.0)
    frame["zac_population"] = frame["population"].where(frame["published"] == "ZAC", 0.0)
    out = frame.groupby("code_region", sort=True)[["population", "zip_population", "zac_population"]].sum()
    out.insert(0, "zac_cap_share", out["zac_population"] / out["population"])
    out.insert(0, "zip_cap_share", out["zip_population"] / out["population"])
    out["source"] = CAPS_SOURCE
    out.index.name = "code_region"
    out.attrs["source"] = CAPS_SOURCE
    return out
