"""Result types of :func:`~access_map.zoning.compute_zoning`: the report, the phases, the result."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .._validate import DropReport
from ..messages import zoning as msg
from .rules import ZoningRules

__all__ = [
    "ZoningReport",
    "ZoningPhases",
    "ZoningResult",
    "DREES_CODE_OF_CLASS",
    "GQ_DREES_CODE_OF_CLASS",
    "QPV_DREES_CODE_OF_CLASS",
]

#: DREES export code of a TVS (commune) class.
DREES_CODE_OF_CLASS: dict[str, str] = {"ZIP": "1_ZIP", "ZAC": "2_ZAC", "ZV": "5_ZV", "HV": "6_HZ"}
#: DREES export code of a grand quartier's class (La Réunion).
GQ_DREES_CODE_OF_CLASS: dict[str, str] = {"ZIP": "8_GQ_ZIP", "ZAC": "7_GQ_ZAC", "ZV": "5_ZV", "HV": "6_HZ"}
#: DREES export code of a QPV classed independently of its TVS.
QPV_DREES_CODE_OF_CLASS: dict[str, str] = {"ZIP": "3_QPV_ZIP", "ZAC": "4_QPV_ZAC", "ZV": "5_ZV", "HV": "6_HZ"}


@dataclass(frozen=True)
class ZoningReport:
    """Constraint checks of a zoning, with figures.

    Attributes
    ----------
    violations
        One row per broken rule: ``code_region``, ``rule`` (``zip_cap``, ``zac_cap``,
        ``hors_vivier_margin``, ``national_selection_mandatory``, ``vivier_not_hors_vivier``,
        ``qpv_outside_vivier``, ``qpv_region_excluded``, ``not_deciding_region``,
        ``national_selection_above_zip_cap``, ``category_disagreement``), ``severity``
        (``error`` for a rule broken by a user-supplied list, ``warning`` for a fact the
        ARS cannot change, e.g. the mandatory national selection alone above the cap or a
        class inherited from another region), ``limit`` and ``value`` (inhabitants, or
        NaN for class rules), ``units`` (TVS or QPV codes involved) and ``message``.
    regions
        One row per region: populations (regional, national selection, vivier, hors
        vivier, per class after QPV overrides, inherited), limits, shares in percent as
        the application's gauges show them, and who chose the classes (``decided_by``, in
        French: « liste de l'ARS », « règle par défaut : APL croissant dans les plafonds »...).
    rules
        The :class:`ZoningRules` used.
    dropped
        Communes of the commune table left out because they are in no TVS.
    notes
        Facts that matter to the result (policy fallback, TVS without population,
        grands quartiers whose population does not add up...), in French.
    category_disagreements
        TVS whose DREES category differs from the one computed from the APL
        (``code_tvs``, ``apl``, ``computed_category``, ``drees_category``, ``category``).
    zero_weight
        TVS and communes without standardised population (``kind``, ``code``).

    Examples
    --------
    >>> import pandas as pd
    >>> r = ZoningReport(pd.DataFrame(columns=["code_region", "rule", "severity", "limit", "value",
    ...                                        "units", "message"]), pd.DataFrame(), ZoningRules())
    >>> r.ok
    True
    """

    violations: pd.DataFrame
    regions: pd.DataFrame
    rules: ZoningRules
    dropped: DropReport = field(default_factory=DropReport)
    notes: tuple[str, ...] = ()
    category_disagreements: pd.DataFrame = field(default_factory=pd.DataFrame)
    zero_weight: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def errors(self) -> pd.DataFrame:
        """Rows of :attr:`violations` with severity ``error``."""
        return self.violations[self.violations["severity"] == "error"]

    @property
    def ok(self) -> bool:
        """``True`` when no rule is broken (warnings allowed)."""
        return len(self.errors) == 0

    def __str__(self) -> str:
        rows = [
            (str(r["severity"]), str(r["code_region"]), str(r["message"])) for r in self.violations.to_dict("records")
        ]
        return msg.resume(
            rules=self.rules.name,
            errors=len(self.errors),
            warnings=len(self.violations) - len(self.errors),
            rows=rows,
            notes=self.notes,
        )


@dataclass(frozen=True)
class ZoningPhases:
    """What each phase of :func:`~access_map.zoning.compute_zoning` did, for inspection in a notebook.

    Attributes
    ----------
    categories
        Phase 1, per TVS: APL, computed and DREES categories, the one used, population,
        regions (:func:`~access_map.zoning.phases.tvs_categories`).
    units
        The zoning units before any class: one row per (TVS, region) or grand quartier,
        with the deciding region, the class in force and the listed class.
    qpv
        Phase 2: QPV rows with their own class, if any.
    national_selection, vivier, hors_vivier
        Phases 3–5: the units each phase classed, with ``decided_by`` and ``reason``.
    regions
        Phase 6: the regional checks (same table as :attr:`ZoningReport.regions`).
    """

    categories: pd.DataFrame
    units: pd.DataFrame
    qpv: pd.DataFrame
    national_selection: pd.DataFrame
    vivier: pd.DataFrame
    hors_vivier: pd.DataFrame
    regions: pd.DataFrame


@dataclass(frozen=True)
class ZoningResult:
    """Result of :func:`~access_map.zoning.compute_zoning`.

    Attributes
    ----------
    tvs
        One row per zoning unit (TVS × region, or grand quartier): ``code_tvs``,
        ``code_region``, ``libelle_tvs``, ``unit_type``, ``apl`` (TVS APL), ``population``
        (residents of that region), ``communes``, ``category``, ``decider_region``,
        ``in_force``, ``listed``, ``zonage`` (ZIP/ZAC/ZV/HV), ``subclass`` (ZIP_A, ZIP_B, ZAC,
        ZV, HV), ``drees_code``, ``decided_by`` (``national``, ``policy``, ``in_force``,
        ``ars_list``, ``default``, ``majority_region:<code>``, ``no_apl``), ``reason``,
        ``qpv_override_population``.
    communes
        Index ``code_commune``: ``code_tvs``, ``libelle_tvs``, ``code_region``, ``apl``,
        ``tvs_apl``, ``population``, ``category``, ``zonage``, ``subclass``, ``drees_code``,
        ``qpv_zonage`` and ``qpv_drees_code`` (most under-served QPV override in the
        commune, NaN if none), ``unit_type`` and ``grands_quartiers`` (La Réunion).
    qpv
        One row per (QPV, commune): ``code_qpv``, ``libelle_qpv``, ``code_commune``,
        ``population``, ``code_tvs``, ``code_region``, ``tvs_category``, ``tvs_zonage``,
        ``zonage``, ``drees_code``, ``override``.
    report
        :class:`ZoningReport`.
    phases
        :class:`ZoningPhases`.
    changes
        With a zoning in force: one row per unit whose class changes (``code_tvs``,
        ``code_region``, ``in_force``, ``zonage``, ``decided_by``, ``reason``).
    """

    tvs: pd.DataFrame
    communes: pd.DataFrame
    qpv: pd.DataFrame
    report: ZoningReport
    phases: ZoningPhases | None = None
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
