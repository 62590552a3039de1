"""Zoning units — one per (TVS, region), or per grand quartier — and the gauges that check shares.

A *unit* is what a region classes: the residents of one TVS in one region (a TVS that
spans two regions gives two units), or one grand quartier of La Réunion when the rules
zone it by grands quartiers. Each unit knows its *decider*: the region whose choice sets
its class (itself, or the region holding most of the TVS's residents under
``ZoningRules.cross_region == "majority_region"``).

:class:`Gauge` is the share test of the application's gauges: a population compared with
a cap share of a total, exactly or after rounding the share in percent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..communes import CODE
from .rules import ZoningRules

__all__ = ["Unit", "Gauge", "build_units", "units_frame", "decider_regions"]

#: Relative tolerance of exact share comparisons (floating-point sums).
REL_TOL = 1e-9


@dataclass
class Unit:
    """One zoning unit and its class so far (filled phase by phase).

    Examples
    --------
    >>> u = Unit("T", "75", "T", 3.0, "vivier", 100.0, 1, "75")
    >>> u.decides, u.cost
    (True, 100.0)
    """

    code_tvs: str
    code_region: str
    libelle_tvs: str
    apl: float
    category: str | None
    population: float
    communes: int
    decider_region: str
    unit_type: str = "tvs"
    qpv_override_population: float = 0.0
    in_force: str | None = None
    subclass: str | None = None
    decided_by: str = ""
    reason: str = ""
    listed: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        """``(code_tvs, code_region)``."""
        return (self.code_tvs, self.code_region)

    @property
    def decides(self) -> bool:
        """True when this unit's region sets the class of the TVS."""
        return self.code_region == self.decider_region

    @property
    def cost(self) -> float:
        """Residents counted in the unit's class (QPV classed on their own are counted in theirs)."""
        return self.population - self.qpv_override_population

    @property
    def zonage(self) -> str | None:
        """Class (ZIP, ZAC, ZV, HV) of the subclass (ZIP_A / ZIP_B → ZIP)."""
        if self.subclass is None:
            return None
        return "ZIP" if self.subclass.startswith("ZIP") else self.subclass


@dataclass(frozen=True)
class Gauge:
    """A share test: is ``value`` above ``share`` of ``total``?

    ``decimals=None`` compares exactly (relative tolerance 1e-9); an integer rounds
    ``100 * value / total`` to that many decimals first, as DREES's application does
    (``round(100 * share, 1)`` in ``R/jauges_func.R``).

    Examples
    --------
    >>> Gauge(total=1000.0, share=0.3, decimals=None).exceeded(300.4)
    True
    >>> Gauge(total=1000.0, share=0.3, decimals=1).exceeded(300.4)  # 30.04 % rounds to 30.0 %
    False
    >>> Gauge(total=1000.0, share=0.3, decimals=1).exceeded(300.5)  # 30.05 % rounds to 30.1 %
    True
    """

    total: float
    share: float
    decimals: int | None = None

    @property
    def limit(self) -> float:
        """The cap in inhabitants (``share × total``)."""
        return self.share * self.total

    def percent(self, value: float) -> float:
        """``100 × value / total`` (rounded as the gauge rounds; NaN for a zero total)."""
        if self.total <= 0:
            return math.nan
        p = 100.0 * value / self.total
        return p if self.decimals is None else round(p, self.decimals)

    def exceeded(self, value: float) -> bool:
        """True when ``value`` is above the cap under this gauge's comparison."""
        if self.decimals is None or self.total <= 0:
            return value > self.limit + REL_TOL * max(self.total, 1.0)
        return self.percent(value) > round(100.0 * self.share, 9)


def decider_regions(population_by_unit: pd.Series, *, rules: ZoningRules) -> dict[tuple[str, str], str]:
    """Region deciding each (TVS, region) unit: itself, or the TVS's most populated region.

    Ties between regions are broken by the lowest region code.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.Series({("X", "75"): 100.0, ("X", "76"): 300.0})
    >>> decider_regions(p, rules=ZoningRules.revision_2021())
    {('X', '75'): '76', ('X', '76'): '76'}
    """
    keys = [(str(t), str(r)) for t, r in population_by_unit.index]
    if rules.cross_region == "per_region":
        return {k: k[1] for k in keys}
    best: dict[str, tuple[float, str]] = {}
    for (t, r), p in zip(keys, population_by_unit.to_numpy(dtype=float)):
        current = best.get(t)
        if current is None or p > current[0] or (p == current[0] and r < current[1]):
            best[t] = (float(p), r)
    return {(t, r): best[t][1] for t, r in keys}


def build_units(
    frame: pd.DataFrame, per_tvs: pd.DataFrame, gq: pd.DataFrame, *, rules: ZoningRules
) -> tuple[list[Unit], pd.DataFrame]:
    """Units from the commune frame (``code_tvs``, ``code_region``, ``population``) and the TVS table.

    Communes covered by the grands-quartiers table ``gq`` (regions of
    ``rules.grand_quartier_regions``) leave their TVS unit and are zoned through their
    grands quartiers. Returns the units and a table of the communes whose grands
    quartiers do not add up to the commune population (``code_commune``,
    ``population``, ``gq_population``).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"code_tvs": ["T", "T"], "code_region": ["75", "76"], "population": [1.0, 2.0]},
    ...                  index=pd.Index(["33001", "24001"], name="code_commune"))
    >>> t = pd.DataFrame({"libelle_tvs": ["T"], "apl": [3.0], "category": ["vivier"]},
    ...                  index=pd.Index(["T"], name="code_tvs"))
    >>> units, _ = build_units(f, t, pd.DataFrame(columns=["code_commune"]), rules=ZoningRules.revision_2021())
    >>> [(u.code_region, u.decider_region) for u in units]
    [('75', '76'), ('76', '76')]
    """
    covered = set(gq[CODE]) if len(gq) else set()
    tvs_frame = frame[~frame.index.isin(covered)] if covered else frame
    grouped = tvs_frame.groupby(["code_tvs", "code_region"], sort=True)["population"]
    pop = grouped.sum()
    size = grouped.size()
    deciders = decider_regions(pop, rules=rules)
    labels = per_tvs["libelle_tvs"].to_dict()
    apls = per_tvs["apl"].to_dict()
    cats = per_tvs["category"].to_dict()
    units: list[Unit] = []
    tvs_codes = [str(t) for t in pop.index.get_level_values(0)]
    region_codes = [str(r) for r in pop.index.get_level_values(1)]
    for t, r, p, n in zip(tvs_codes, region_codes, pop.to_numpy(dtype=float), size.to_numpy(dtype=int)):
        cat = cats.get(t)
        units.append(
            Unit(
                code_tvs=t,
                code_region=r,
                libelle_tvs=str(labels.get(t, t)),
                apl=float(apls.get(t, np.nan)),
                category=cat if isinstance(cat, str) else None,
                population=float(p),
                communes=int(n),
                decider_region=deciders[(t, r)],
            )
        )
    mismatch = pd.DataFrame(columns=[CODE, "population", "gq_population"])
    if covered:
        from .tvs import classify_apl

        computed = classify_apl(gq["apl"].astype(float), rules=rules)
        columns = zip(
            gq["code_gq"].astype(str).tolist(),
            gq["code_region"].astype(str).tolist(),
            gq["libelle_gq"].astype(str).tolist(),
            gq["apl"].to_numpy(dtype=float),
            gq["population"].to_numpy(dtype=float),
            gq["drees_category"].tolist(),
            computed.tolist(),
        )
        for code, region, label, apl, population, drees, cat in columns:
            use = drees if (isinstance(drees, str) and rules.category_source == "drees") else cat
            units.append(
                Unit(
                    code_tvs=code,
                    code_region=region,
                    libelle_tvs=label,
                    apl=float(apl),
                    category=use if isinstance(use, str) else None,
                    population=float(population),
                    communes=1,
                    decider_region=region,
                    unit_type="grand_quartier",
                )
            )
        gq_pop = gq.groupby(CODE)["population"].sum()
        commune_pop = frame.loc[gq_pop.index, "population"]
        off = (gq_pop - commune_pop).abs() > 0.01 * commune_pop.clip(lower=1.0)
        mismatch = pd.DataFrame(
            {
                CODE: gq_pop.index[off],
                "population": commune_pop[off].to_numpy(),
                "gq_population": gq_pop[off].to_numpy(),
            }
        )
    return units, mismatch


def units_frame(units: list[Unit]) -> pd.DataFrame:
    """The units as a table (one row each), sorted by region then TVS.

    Examples
    --------
    >>> units_frame([Unit("T", "75", "T", 3.0, "vivier", 100.0, 1, "75", subclass="ZAC")])["zonage"].tolist()
    ['ZAC']
    """
    rows = [
        {
            "code_tvs": u.code_tvs,
            "code_region": u.code_region,
            "libelle_tvs": u.libelle_tvs,
            "unit_type": u.unit_type,
            "apl": u.apl,
            "population": u.population,
            "communes": u.communes,
            "category": u.category,
            "decider_region": u.decider_region,
            "in_force": u.in_force,
            "listed": u.listed,
            "zonage": u.zonage,
            "subclass": u.subclass,
            "decided_by": u.decided_by,
            "reason": u.reason,
            "qpv_override_population": u.qpv_override_population,
        }
        for u in units
    ]
    columns = [
        "code_tvs", "code_region", "libelle_tvs", "unit_type", "apl", "population", "communes", "category",
        "decider_region", "in_force", "listed", "zonage", "subclass", "decided_by", "reason",
        "qpv_override_population",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["code_region", "code_tvs"], kind="mergesort").reset_index(drop=True)
