"""Phase 6 of the zoning — the regional checks (caps, margin) — and the class of each commune.

:func:`regional_checks` measures each region as DREES's application's gauges do: its own
residents of every unit (inherited ones included), QPV classed on their own in the QPV's
class, shares in percent rounded as the rules say; :func:`commune_rows` gives each commune
the class of its unit (grands quartiers: of the most populated one).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..communes import CODE
from ..messages import zoning as msg
from .phases import Region, Violation, violation
from .rules import ZoningRules
from .units import Gauge, Unit

__all__ = ["regional_checks", "commune_rows"]


# --------------------------------------------------------------------------- 6. checks


def regional_checks(
    units: Sequence[Unit], regions: dict[str, Region], *, rules: ZoningRules, decided_by: dict[str, str]
) -> tuple[pd.DataFrame, list[Violation]]:
    """Class populations, shares and the caps/margin checks of each region (phase 6).

    Shares are those of the application's gauges: each region counts **its own
    residents** of every unit (inherited ones included), QPV classed on their own in the
    QPV's class; shares are in percent, rounded as the rules say
    (:attr:`~ZoningRules.share_check_decimals`). A cap broken by a user choice (ARS list,
    QPV list) is an ``error``; a cap exceeded only through the national selection, or
    through classes inherited from another region, is a ``warning`` (the region cannot
    change it).

    Examples
    --------
    >>> g = Gauge(1000.0, 0.1)
    >>> regions = {"75": Region("75", 1000.0, g, g, Gauge(500.0, 0.05), False, {})}
    >>> u = [Unit("A", "75", "A", 2.0, "national_selection", 200.0, 1, "75", subclass="ZIP_A", decided_by="national")]
    >>> table, v = regional_checks(u, regions, rules=ZoningRules(), decided_by={"75": "règle par défaut"})
    >>> [x["rule"] for x in v], float(table.loc[0, "zip_share_percent"])
    (['national_selection_above_zip_cap'], 20.0)
    """
    rows = []
    violations: list[Violation] = []
    for code in sorted(regions):
        region = regions[code]
        mine = [u for u in units if u.code_region == code]
        pop = {c: region.qpv(c) for c in ("ZIP", "ZAC", "ZV", "HV")}
        for u in mine:
            if u.zonage is not None:
                pop[u.zonage] += u.cost
        nat = [u for u in mine if u.category == "national_selection"]
        viv = [u for u in mine if u.category == "vivier"]
        hv = [u for u in mine if u.category == "hors_vivier"]
        zip_a = sum(u.cost for u in nat if u.subclass == "ZIP_A")
        hv_added = [u for u in hv if u.zonage in rules.hors_vivier_margin_classes]
        hv_added_pop = sum(u.population for u in hv_added)
        # in the regions where the rules make it optional, the national selection is ZIP A by choice
        zip_a_mandatory = code not in rules.national_selection_optional_regions
        violations += _cap_check(region, "ZIP", pop["ZIP"], mine, zip_a, zip_a_mandatory)
        violations += _cap_check(region, "ZAC", pop["ZAC"], mine, 0.0, zip_a_mandatory)
        if region.margin_gauge.exceeded(hv_added_pop):
            chosen = [u for u in hv_added if u.decided_by == "ars_list"]
            violations.append(
                violation(
                    code,
                    "hors_vivier_margin",
                    msg.marge_hors_vivier(
                        added=hv_added_pop,
                        percent=_pct(region.margin_gauge, hv_added_pop),
                        margin=rules.hors_vivier_margin,
                        vivier=region.margin_gauge.total,
                        limit=region.margin_gauge.limit,
                        inherited=not chosen,
                    ),
                    severity="error" if chosen else "warning",
                    limit=region.margin_gauge.limit,
                    value=hv_added_pop,
                    units=", ".join(u.code_tvs for u in hv_added),
                )
            )
        rows.append(
            {
                "code_region": code,
                "decided_by": decided_by[code],
                "population": region.population,
                "national_selection_population": sum(u.population for u in nat),
                "vivier_population": sum(u.population for u in viv),
                "hors_vivier_population": sum(u.population for u in hv),
                "no_category_population": sum(u.population for u in mine if u.category is None),
                "inherited_population": sum(u.population for u in mine if not u.decides and u.listed is None),
                "zip_limit": region.zip_gauge.limit,
                "zip_population": pop["ZIP"],
                "zip_share_percent": region.zip_gauge.percent(pop["ZIP"]),
                "zac_limit": region.zac_gauge.limit,
                "zac_population": pop["ZAC"],
                "zac_share_percent": region.zac_gauge.percent(pop["ZAC"]),
                "zv_population": pop["ZV"],
                "hv_population": pop["HV"],
                "hv_added_population": hv_added_pop,
                "hv_margin_limit": region.margin_gauge.limit,
                "hv_margin_percent": region.margin_gauge.percent(hv_added_pop),
                "qpv_override_population": sum(region.qpv_population.values()),
            }
        )
    return pd.DataFrame(rows), violations


def _pct(gauge: Gauge, value: float) -> str:
    return msg.pourcentage_jauge(gauge.percent(value), decimals=gauge.decimals)


def _cap_check(
    region: Region, klass: str, value: float, mine: Sequence[Unit], zip_a: float, zip_a_mandatory: bool
) -> list[Violation]:
    gauge = region.zip_gauge if klass == "ZIP" else region.zac_gauge
    if not gauge.exceeded(value):
        return []
    extra = [u for u in mine if u.zonage == klass and u.subclass != "ZIP_A" and u.cost > 0]
    qpv = region.qpv(klass)
    names = [u.code_tvs for u in extra] + ([msg.population_qpv(population=qpv)] if qpv > 0 else [])
    if klass == "ZIP" and not names:
        nat = [u.code_tvs for u in mine if u.subclass == "ZIP_A"]
        return [
            violation(
                region.code_region,
                "national_selection_above_zip_cap",
                msg.selection_nationale_au_dela_du_plafond(
                    zip_a=zip_a,
                    mandatory=zip_a_mandatory,
                    limit=gauge.limit,
                    share=gauge.share,
                    population=region.population,
                    percent=_pct(gauge, zip_a),
                ),
                severity="warning",
                limit=gauge.limit,
                value=zip_a,
                units=", ".join(nat),
            )
        ]
    user = any(u.decided_by == "ars_list" for u in extra) or qpv > 0
    inherited = [u.code_tvs for u in extra if u.decided_by.startswith("majority_region")]
    message = msg.depassement_plafond(
        klass=klass,
        value=value,
        limit=gauge.limit,
        share=gauge.share,
        population=region.population,
        percent=_pct(gauge, value),
        zip_a=zip_a if klass == "ZIP" else None,
        zip_a_mandatory=zip_a_mandatory,
        added=names,
        inherited=[] if user else inherited,
    )
    return [
        violation(
            region.code_region,
            f"{klass.lower()}_cap",
            message,
            severity="error" if user or not inherited else "warning",
            limit=gauge.limit,
            value=value,
            units=", ".join(names),
        )
    ]


def commune_rows(frame: pd.DataFrame, units: Sequence[Unit]) -> pd.DataFrame:
    """Class of each commune from its unit (grands quartiers: the class of the most populated one).

    Returns a table indexed like ``frame`` with ``zonage``, ``subclass``, ``category``,
    ``unit_type`` and ``grands_quartiers`` (``"code: class, ..."`` for communes zoned by
    grands quartiers, NaN elsewhere).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"code_tvs": ["T"], "code_region": ["75"]}, index=pd.Index(["33001"], name="code_commune"))
    >>> commune_rows(f, [Unit("T", "75", "T", 3.0, "vivier", 1.0, 1, "75", subclass="ZAC")])["zonage"].tolist()
    ['ZAC']
    """
    by_key = {u.key: u for u in units if u.unit_type == "tvs"}
    zonage: list[str | None] = []
    subclass: list[str | None] = []
    category: list[str | None] = []
    kind: list[str] = []
    detail: list[object] = []
    gq = [u for u in units if u.unit_type == "grand_quartier"]
    gq_of: dict[str, list[Unit]] = {}
    if gq:
        gq_frame = frame.attrs.get("grands_quartiers")
        if isinstance(gq_frame, pd.DataFrame):
            unit_of = {u.code_tvs: u for u in gq}
            for g, c in zip(gq_frame["code_gq"], gq_frame[CODE]):
                gq_of.setdefault(str(c), []).append(unit_of[str(g)])
    for code, t, r in zip(frame.index, frame["code_tvs"], frame["code_region"]):
        parts = gq_of.get(str(code))
        if parts:
            main = max(parts, key=lambda u: (u.population, u.code_tvs))
            detail.append(", ".join(f"{u.code_tvs}: {u.zonage}" for u in sorted(parts, key=lambda u: u.code_tvs)))
            kind.append("grand_quartier")
        else:
            main = by_key[(str(t), str(r))]
            detail.append(np.nan)
            kind.append("tvs")
        zonage.append(main.zonage)
        subclass.append(main.subclass)
        category.append(main.category)
    return pd.DataFrame(
        {"zonage": zonage, "subclass": subclass, "category": category, "unit_type": kind, "grands_quartiers": detail},
        index=frame.index,
    )
