"""GP zoning of a territory: :func:`compute_zoning` runs the phases of :mod:`.phases` in order.

The unit of choice is the pair **(TVS, region)**: each region counts its own residents of
a TVS that spans regions against its caps. Who *decides* the class of such a TVS is a
rule (:attr:`ZoningRules.cross_region <access_map.zoning.ZoningRules.cross_region>`): each
region for its part (2017 reading) or the region holding most of its residents, the
others inheriting that class (DREES's application, 2021+ presets). La Réunion is zoned by
grands quartiers when the rules say so and a grands-quartiers table is given.

Where no ARS list decides, a **policy** classes the vivier:

* ``"skip"`` (lowest APL first, first fit) / ``"stop"`` (stop at the first unit that does
  not fit) — the package's policy;
* ``"in_force"`` — the application's starting point: the zoning in force, changed only
  where the caps, the margin or the new categories require it.

The default comes from :attr:`ZoningRules.starting_point`: lowest APL first for the 2017
preset; the zoning in force for the 2021+ presets (lowest APL first, with a note in the
report, when no zoning in force is given).

An ARS list (``selection``) replaces the policy in the regions it names: listed units get
the listed class; unlisted vivier units become ZV (or are classed by the policy in the
room left with ``complete_with_policy=True``); unlisted national selection stays ZIP A and
unlisted hors vivier HV. Every rule that a list breaks is reported with figures in
:attr:`ZoningResult.report` — nothing is corrected; ``strict=True`` raises
:class:`~access_map.errors.ConstraintError` instead.

Accounting of the caps (as the application's gauges): the ZIP share is the population of
the region's residents in ZIP (A + B, inherited units included, QPV classed ZIP included,
QPV of ZIP units classed otherwise excluded) over the region's residents; same for ZAC;
the margin is the population of hors-vivier units added in
:attr:`~ZoningRules.hors_vivier_margin_classes` over the region's vivier population.
Shares are compared exactly, or rounded to 0.1 point (:attr:`~ZoningRules.share_check_decimals`).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from .._validate import DropReport
from ..communes import CODE
from ..errors import ConstraintError, InvalidValueError
from ..messages import zoning as msg
from ..schema import GP_ZONING_CLASSES, ZONING_CLASSES, ZONING_NOT_AVAILABLE
from .checks import commune_rows, regional_checks
from .inputs import (
    prepare_communes,
    prepare_grands_quartiers,
    prepare_in_force,
    prepare_qpv,
    prepare_selection,
    validate_caps,
)
from .phases import (
    VIOLATION_COLUMNS,
    Region,
    Violation,
    hors_vivier_margin,
    national_selection,
    qpv_overrides,
    tvs_categories,
    violation,
    vivier_allocation,
)
from .results import (
    DREES_CODE_OF_CLASS,
    GQ_DREES_CODE_OF_CLASS,
    QPV_DREES_CODE_OF_CLASS,
    ZoningPhases,
    ZoningReport,
    ZoningResult,
)
from .rules import ZoningRules
from .tvs import tvs_membership
from .units import Gauge, Unit, build_units, units_frame

__all__ = [
    "POLICIES",
    "DREES_CODE_OF_CLASS",
    "QPV_DREES_CODE_OF_CLASS",
    "ZoningReport",
    "ZoningResult",
    "ZoningPhases",
    "validate_caps",
    "compute_zoning",
]

logger = logging.getLogger(__name__)

#: Policies: ``skip`` / ``stop`` (lowest APL first), ``in_force`` (start from the zoning in force).
POLICIES: tuple[str, str, str] = ("skip", "stop", "in_force")


def _resolve_policy(policy: str | None, rules: ZoningRules, has_in_force: bool) -> tuple[str, list[str]]:
    if policy is not None and policy not in POLICIES:
        raise InvalidValueError(msg.politique_inconnue(policy=policy, policies=POLICIES))
    if policy == "in_force" and not has_in_force:
        raise InvalidValueError(msg.POLITIQUE_SANS_ZONAGE_EN_VIGUEUR)
    if policy is not None:
        return policy, []
    if rules.starting_point == "in_force":
        if has_in_force:
            return "in_force", []
        return "skip", [msg.note_politique_par_defaut(rules=rules.name)]
    return "skip", []


def _regions(
    units: list[Unit], caps: pd.DataFrame, qpv_rows: pd.DataFrame, listed: set[str], rules: ZoningRules
) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    zip_caps = {str(k): float(v) for k, v in caps["zip_cap_share"].items()}
    zac_caps = {str(k): float(v) for k, v in caps["zac_cap_share"].items()}
    ovr = qpv_rows[qpv_rows["override_class"].notna()]
    for code in sorted({u.code_region for u in units}):
        mine = [u for u in units if u.code_region == code]
        total = sum(u.population for u in mine)
        vivier = sum(u.population for u in mine if u.category == "vivier")
        q = ovr[ovr["code_region"] == code].groupby("override_class")["population"].sum()
        decimals = rules.share_check_decimals
        regions[code] = Region(
            code_region=code,
            population=total,
            zip_gauge=Gauge(total, zip_caps[code], decimals),
            zac_gauge=Gauge(total, zac_caps[code], decimals),
            margin_gauge=Gauge(vivier, rules.hors_vivier_margin, decimals),
            listed=code in listed,
            qpv_population={str(k): float(v) for k, v in q.items()},
        )
    return regions


def _drees_code(zonage: object, unit_type: object) -> str:
    if not isinstance(zonage, str):
        return ZONING_NOT_AVAILABLE
    table = GQ_DREES_CODE_OF_CLASS if unit_type == "grand_quartier" else DREES_CODE_OF_CLASS
    return table[zonage]


def _minority_choices(units: list[Unit]) -> list[Violation]:
    out = []
    for u in units:
        if u.listed is not None and not u.decides:
            out.append(
                violation(
                    u.code_region,
                    "not_deciding_region",
                    msg.region_non_decideuse(
                        tvs=u.code_tvs, decider=u.decider_region, region=u.code_region, listed=u.listed
                    ),
                    units=u.code_tvs,
                )
            )
    return out


def _category_rows(categories: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    dis = categories[categories["category_disagrees"]]
    disagreements = dis.reset_index()[["code_tvs", "apl", "computed_category", "drees_category", "category"]]
    zero_tvs = list(categories.attrs.get("zero_weight_tvs", []))
    zero_communes = list(categories.attrs.get("zero_weight_communes", []))
    zero = pd.DataFrame(
        {"kind": ["tvs"] * len(zero_tvs) + ["commune"] * len(zero_communes), "code": zero_tvs + zero_communes}
    )
    notes = []
    if len(dis):
        drees_used = bool((dis["category"] == dis["drees_category"]).all())
        notes.append(msg.note_desaccords_de_categorie(tvs=dis.index.tolist(), drees_used=drees_used))
    if zero_tvs or zero_communes:
        notes.append(msg.population_standardisee_nulle(communes=zero_communes, tvs=zero_tvs))
    return disagreements, zero, notes


def compute_zoning(
    communes: pd.DataFrame,
    *,
    tvs: pd.DataFrame | pd.Series,
    caps: pd.DataFrame,
    rules: ZoningRules | None = None,
    apl_column: str = "apl",
    weight_column: str = "standardised_population",
    population_column: str = "population",
    region_column: str = "code_region",
    selection: pd.DataFrame | None = None,
    qpv: pd.DataFrame | None = None,
    qpv_selection: pd.DataFrame | pd.Series | None = None,
    policy: Literal["skip", "stop", "in_force"] | None = None,
    strict: bool = False,
    complete_with_policy: bool = False,
    in_force: pd.DataFrame | pd.Series | None = None,
    grands_quartiers: pd.DataFrame | None = None,
) -> ZoningResult:
    """GP zoning (ZIP / ZAC / ZV / HV) of TVS from commune APL, phase by phase.

    Parameters
    ----------
    communes
        Commune table, index (or column) ``code_commune``, with the columns named below.
    tvs
        TVS composition (index ``code_commune`` → ``code_tvs``, optional ``libelle_tvs`` and
        ``drees_category``: DREES's cadre national). Every commune of it must be in
        ``communes``; communes of ``communes`` in no TVS are left out (counted in
        ``report.dropped`` and warned about).
    caps
        Regional caps: ``code_region`` → ``zip_cap_share``, ``zac_cap_share`` (shares of the
        regional population; see :func:`validate_caps`).
    rules
        Every rule (thresholds, margin, the eight points where DREES's application and the
        2017 reading differ); default :meth:`ZoningRules.arrete_2017`.
    apl_column
        Commune APL column — pass the ≤65 variant (e.g. ``"apl_65"``) for the official zoning.
    weight_column
        Weights of the TVS APL mean: the **standardised** population.
    population_column
        Residents (non-standardised) counted against the caps.
    region_column
        Region code of each commune.
    selection
        Optional ARS list: ``code_tvs``, ``zonage`` (ZIP/ZAC/ZV/HV/HZ or zoning codes) and
        ``code_region`` (needed for a TVS spanning regions, unless the majority region
        decides). It replaces the policy in the regions it names.
    qpv
        Optional QPV composition: ``code_qpv``, ``libelle_qpv``, ``code_commune``, ``population``.
    qpv_selection
        Optional QPV classed on their own: ``code_qpv`` → ``zonage`` (classes of
        :attr:`ZoningRules.qpv_classes`).
    policy
        ``"skip"``, ``"stop"`` or ``"in_force"`` (see the module docstring); default from
        :attr:`ZoningRules.starting_point`.
    strict
        Raise :class:`~access_map.errors.ConstraintError` (with figures) when a user list
        breaks a rule, instead of only reporting it.
    complete_with_policy
        In the regions an ARS list names, class the vivier units it does not list by the
        policy in the room left (``True``) instead of ZV (``False``, default). The policy
        part never pushes a cap over.
    in_force
        The zoning in force: classes per commune (a Series, or the table of
        :func:`~access_map.readers.zonage.read_zoning`) or per TVS code. Needed by the
        ``in_force`` policy; with it, :attr:`ZoningResult.changes` lists the units whose
        class changes.
    grands_quartiers
        La Réunion's grands quartiers (``code_gq``, ``code_commune``, ``population``,
        optional ``libelle_gq``, ``apl``, ``drees_category``): zoned instead of the TVS in
        the regions of :attr:`ZoningRules.grand_quartier_regions` (DREES codes ``8_GQ_ZIP``,
        ``7_GQ_ZAC``).

    Returns
    -------
    ZoningResult
        ``tvs`` (per unit), ``communes``, ``qpv`` tables, the ``report``, the ``phases``
        and the ``changes`` from the zoning in force.

    Raises
    ------
    InvalidCodeError, InvalidValueError, MissingColumnError
        Bad inputs (unknown codes, a commune in two TVS, missing regions or caps, shares
        outside [0, 1], ...).
    ConstraintError
        With ``strict=True`` only, when a rule is broken by the user lists.

    Examples
    --------
    Three TVS in one region of 1,000 inhabitants; ZIP cap 40 %, ZAC cap 30 %:

    >>> import pandas as pd
    >>> communes = pd.DataFrame({
    ...     "apl": [2.0, 3.0, 3.5, 5.0], "standardised_population": [100.0, 300.0, 300.0, 300.0],
    ...     "population": [100.0, 300.0, 300.0, 300.0], "code_region": ["75"] * 4},
    ...     index=pd.Index(["33001", "33002", "33003", "33004"], name="code_commune"))
    >>> tvs = pd.Series({"33001": "A", "33002": "B", "33003": "C", "33004": "D"})
    >>> caps = pd.DataFrame({"zip_cap_share": [0.4], "zac_cap_share": [0.3]},
    ...                     index=pd.Index(["75"], name="code_region"))
    >>> z = compute_zoning(communes, tvs=tvs, caps=caps)
    >>> z.tvs.set_index("code_tvs")["subclass"].to_dict()  # A: 2.0 ≤ 2.5; B fits 100+300 ≤ 400
    {'A': 'ZIP_A', 'B': 'ZIP_B', 'C': 'ZAC', 'D': 'HV'}
    >>> z.communes.loc["33003", "drees_code"]
    '2_ZAC'
    >>> z.report.ok
    True

    A partial ARS list naming only C as ZIP B (100 + 300 = 400 = ZIP cap); with
    ``complete_with_policy=True`` the unlisted vivier TVS B fills the ZAC room
    (300 ≤ 300), without it B is ZV:

    >>> sel = pd.DataFrame({"code_tvs": ["C"], "zonage": ["ZIP"]})
    >>> z = compute_zoning(communes, tvs=tvs, caps=caps, selection=sel, complete_with_policy=True)
    >>> z.tvs.set_index("code_tvs")["subclass"].to_dict()
    {'A': 'ZIP_A', 'B': 'ZAC', 'C': 'ZIP_B', 'D': 'HV'}
    >>> compute_zoning(communes, tvs=tvs, caps=caps, selection=sel).tvs.set_index("code_tvs")["subclass"]["B"]
    'ZV'

    Starting from the zoning in force (2021 rules): B and C were ZIP; 100 + 300 + 300 > 400,
    so C (the higher APL) moves down to ZAC:

    >>> in_force = pd.Series({"33001": "ZIP", "33002": "ZIP", "33003": "ZIP", "33004": "HV"})
    >>> z = compute_zoning(communes, tvs=tvs, caps=caps, rules=ZoningRules.revision_2021(), in_force=in_force)
    >>> z.tvs.set_index("code_tvs")["subclass"].to_dict(), z.changes["code_tvs"].tolist()
    ({'A': 'ZIP_A', 'B': 'ZIP_B', 'C': 'ZAC', 'D': 'HV'}, ['C'])
    """
    rules = rules or ZoningRules.arrete_2017()
    used_policy, notes = _resolve_policy(policy, rules, in_force is not None)
    members = tvs_membership(tvs)
    table, dropped = prepare_communes(
        communes,
        members,
        apl_column=apl_column,
        weight_column=weight_column,
        population_column=population_column,
        region_column=region_column,
    )
    with warnings.catch_warnings(record=True):  # its warning (zero weights) is one of the report's notes
        warnings.simplefilter("always")
        categories = tvs_categories(table, members, rules=rules)  # phase 1
    frame = members.join(table)
    units, listed_regions, notes_units = _units(frame, categories, rules, grands_quartiers, in_force, selection)
    notes += notes_units
    qpv_rows = prepare_qpv(qpv, qpv_selection, frame, allowed=rules.qpv_classes)
    caps_t = validate_caps(caps, regions=sorted({u.code_region for u in units}))
    run = _run_phases(units, categories, qpv_rows, caps_t, listed_regions, rules, used_policy, complete_with_policy)
    return _assemble(run, frame, categories, qpv_rows, dropped, notes, rules, strict=strict, in_force=in_force)


@dataclass(frozen=True)
class _Run:
    """Units after the phases, the phase tables and the broken rules."""

    start: pd.DataFrame
    units: list[Unit]
    qpv: pd.DataFrame
    national: pd.DataFrame
    vivier: pd.DataFrame
    hors_vivier: pd.DataFrame
    regions: pd.DataFrame
    violations: list[Violation]


def _units(
    frame: pd.DataFrame,
    categories: pd.DataFrame,
    rules: ZoningRules,
    grands_quartiers: pd.DataFrame | None,
    in_force: pd.DataFrame | pd.Series | None,
    selection: pd.DataFrame | None,
) -> tuple[list[Unit], set[str], list[str]]:
    """Zoning units with their class in force and their listed class; the regions the ARS list names; notes."""
    notes = []
    gq = prepare_grands_quartiers(grands_quartiers, frame, regions=rules.grand_quartier_regions)
    frame.attrs["grands_quartiers"] = gq
    units, gq_mismatch = build_units(frame, categories, gq, rules=rules)
    if len(gq_mismatch):
        notes.append(msg.note_grands_quartiers_incoherents(communes=gq_mismatch[CODE].tolist()))
    gq_regions = sorted({str(r) for r in frame["code_region"]} & rules.grand_quartier_regions - set(gq["code_region"]))
    if gq_regions:
        notes.append(msg.note_grands_quartiers_absents(codes=gq_regions))
    in_force_classes, in_force_mixed = prepare_in_force(in_force, frame, unit_codes={u.code_tvs for u in units})
    if len(in_force_mixed):
        notes.append(msg.note_classes_en_vigueur_multiples(tvs=in_force_mixed["code_tvs"].tolist()))
    units = [replace(u, in_force=in_force_classes.get(u.code_tvs)) for u in units]
    sel = prepare_selection(
        selection,
        units_frame(units),
        allowed=GP_ZONING_CLASSES + ("HZ",),
        majority=rules.cross_region == "majority_region",
    )
    listed = {(str(t), str(r)): str(c) for t, r, c in zip(sel["code_tvs"], sel["code_region"], sel["listed"])}
    return [replace(u, listed=listed.get(u.key)) for u in units], set(sel["code_region"]), notes


def _run_phases(
    units: list[Unit],
    categories: pd.DataFrame,
    qpv_rows: pd.DataFrame,
    caps: pd.DataFrame,
    listed_regions: set[str],
    rules: ZoningRules,
    policy: str,
    complete_with_policy: bool,
) -> _Run:
    """Phases 2 to 6 (QPV, national selection, vivier, hors vivier, regional checks)."""
    start = units_frame(units)
    units, qpv_table, violations = qpv_overrides(units, qpv_rows, categories, rules=rules)  # phase 2
    regions = _regions(units, caps, qpv_rows, listed_regions, rules)
    violations += _minority_choices(units)
    units, nat_table, found = national_selection(units, rules=rules, policy=policy)  # phase 3
    violations += found
    units, viv_table, found = vivier_allocation(
        units, regions, rules=rules, policy=policy, complete_with_policy=complete_with_policy
    )  # phase 4
    violations += found
    units, hv_table, found = hors_vivier_margin(units, regions, rules=rules, policy=policy)  # phase 5
    violations += found
    by_policy = {u.code_region for u in units if u.decided_by in ("policy", "in_force")}
    decided_by = {
        code: msg.choix_de_la_region(listed=code in listed_regions, by_policy=code in by_policy, policy=policy)
        for code in regions
    }
    regions_table, found = regional_checks(units, regions, rules=rules, decided_by=decided_by)  # phase 6
    violations += found
    return _Run(start, units, qpv_table, nat_table, viv_table, hv_table, regions_table, violations)


def _assemble(
    run: _Run,
    frame: pd.DataFrame,
    categories: pd.DataFrame,
    qpv_rows: pd.DataFrame,
    dropped: DropReport,
    notes: list[str],
    rules: ZoningRules,
    *,
    strict: bool,
    in_force: pd.DataFrame | pd.Series | None,
) -> ZoningResult:
    """Tables, report (with the category disagreements), warnings and the strict check."""
    disagreements, zero_weight, category_notes = _category_rows(categories)
    notes = notes + category_notes
    violations = list(run.violations)
    for row in disagreements.to_dict("records"):
        violations.append(
            violation(
                "/".join(sorted(set(frame.loc[frame["code_tvs"] == row["code_tvs"], "code_region"]))),
                "category_disagreement",
                msg.desaccord_de_categorie(
                    tvs=row["code_tvs"],
                    apl=row["apl"],
                    drees=row["drees_category"],
                    computed=row["computed_category"],
                    used=row["category"],
                ),
                severity="warning",
                units=str(row["code_tvs"]),
            )
        )
    out_tvs = units_frame(run.units)
    out_tvs["drees_code"] = [_drees_code(z, t) for z, t in zip(out_tvs["zonage"], out_tvs["unit_type"])]
    out_communes = _communes_table(frame, run.units, categories, qpv_rows)
    changes = pd.DataFrame(columns=["code_tvs", "code_region", "in_force", "zonage", "decided_by", "reason"])
    if in_force is not None:
        moved = out_tvs[out_tvs["in_force"].notna() & (out_tvs["in_force"] != out_tvs["zonage"])]
        changes = moved[changes.columns.tolist()].reset_index(drop=True)
    viol = pd.DataFrame(violations, columns=VIOLATION_COLUMNS)
    if len(viol):
        viol = viol.sort_values(["severity", "code_region", "rule"], kind="mergesort").reset_index(drop=True)
    report = ZoningReport(viol, run.regions, rules, dropped, tuple(notes), disagreements, zero_weight)
    for row in viol[viol["severity"] == "warning"].to_dict("records"):
        if row["rule"] != "category_disagreement":
            message = msg.avertissement_region(region=row["code_region"], message=row["message"])
            warnings.warn(message, UserWarning, stacklevel=3)
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=3)
    if strict and not report.ok:
        errors = [(str(r["code_region"]), str(r["rule"]), str(r["message"])) for r in report.errors.to_dict("records")]
        raise ConstraintError(msg.zonage_strict(errors=errors))
    logger.info("%s", report)
    phases = ZoningPhases(categories, run.start, run.qpv, run.national, run.vivier, run.hors_vivier, run.regions)
    return ZoningResult(out_tvs, out_communes, _qpv_table(run.qpv, out_communes), report, phases, changes)


def _communes_table(
    frame: pd.DataFrame, units: list[Unit], categories: pd.DataFrame, qpv_rows: pd.DataFrame
) -> pd.DataFrame:
    cm = frame.copy()
    rows = commune_rows(frame, units)
    for col in rows.columns:
        cm[col] = rows[col].to_numpy()
    cm["drees_code"] = [_drees_code(z, t) for z, t in zip(cm["zonage"], cm["unit_type"])]
    cm["tvs_apl"] = categories["apl"].reindex(cm["code_tvs"]).to_numpy()
    cm["qpv_zonage"] = pd.Series(np.nan, index=cm.index, dtype=object)
    cm["qpv_drees_code"] = pd.Series(np.nan, index=cm.index, dtype=object)
    ovr = qpv_rows[qpv_rows["override_class"].notna()]
    if len(ovr):
        rank = {c: k for k, c in enumerate(ZONING_CLASSES)}
        best = ovr.groupby(CODE)["override_class"].agg(lambda s: min(s, key=rank.__getitem__))
        cm.loc[best.index, "qpv_zonage"] = best.to_numpy()
        cm.loc[best.index, "qpv_drees_code"] = best.map(QPV_DREES_CODE_OF_CLASS).to_numpy()
    columns = [
        "code_tvs", "libelle_tvs", "code_region", "apl", "tvs_apl", "population", "category", "zonage", "subclass",
        "drees_code", "qpv_zonage", "qpv_drees_code", "unit_type", "grands_quartiers",
    ]  # fmt: skip
    out = cm[columns]
    out.index.name = CODE
    return out


def _qpv_table(qpv_table: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    q = qpv_table.copy()
    q["tvs_zonage"] = communes["zonage"].reindex(q[CODE]).to_numpy()
    q["override"] = q["override_class"].notna().astype(bool)
    q["zonage"] = q["override_class"].where(q["override"], q["tvs_zonage"]).astype(object)
    q["drees_code"] = [
        QPV_DREES_CODE_OF_CLASS[z] if o else _drees_code(z, "tvs") for z, o in zip(q["zonage"], q["override"])
    ]
    columns = [
        "code_qpv", "libelle_qpv", CODE, "population", "code_tvs", "code_region", "tvs_category", "tvs_zonage",
        "zonage", "drees_code", "override",
    ]  # fmt: skip
    return q[columns].reset_index(drop=True)
