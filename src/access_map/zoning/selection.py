"""Regional selection of ZIP / ZAC / ZV among TVS, with caps, margins and QPV overrides.

The unit of selection is the pair **(TVS, region)**: a TVS that spans two regions is
split, and each ARS counts only its own residents against its own caps (arrêté of
13 November 2017). The TVS APL (and hence its national category) is the same for
both parts; the choices may differ.

Rules (defaults of the arrêté 2017, see :class:`~access_map.zoning.rules.ZoningRules`):

* national selection (APL ≤ 2.5) → **ZIP A**, mandatory;
* in the **vivier** (2.5 < APL ≤ 4) the ARS picks **ZIP B** so that the population in
  ZIP (A + B) stays within ``zip_cap_share × regional population``, then **ZAC** within
  ``zac_cap_share × regional population``; the rest of the vivier is **ZV**;
* **hors vivier** (APL > 4) stays **HV** unless the ARS list adds it (as ZIP, ZAC or ZV),
  up to ``hors_vivier_margin`` (5 %) of the regional vivier population;
* a **QPV** at least partly inside a vivier TVS may be classed ZIP or ZAC independently
  of its TVS (explicit list only). QPV populations are counted in the class of the
  QPV, not of their TVS, when checking caps *(to verify: the reference does not say
  how QPV populations enter the caps; this is the natural reading)*.

Default policy (when no ARS list is given for a region) — ``policy="skip"``
(first fit): vivier TVS are taken by increasing APL (ties by TVS code); a TVS whose
population does not fit in the room left under the ZIP cap is **skipped** and the next
ones are tried, so a smaller, better-served TVS may still enter. Then the same for
ZAC among the vivier TVS not chosen as ZIP. ``policy="stop"`` stops each phase at the
first TVS that does not fit (strict ranking, less use of the cap). A TVS that fills
the room exactly fits. Both policies never exceed a cap (up to a relative tolerance of
1e-9 for floating-point sums) and never move a TVS to a more under-served class
when only its own APL rises.

An ARS list (``selection``) replaces the policy **for the regions it names**: listed
(TVS, region) units get the listed class; vivier units not listed become ZV;
national-selection units not listed stay ZIP A; hors-vivier units not listed stay HV.

Partial ARS lists (``complete_with_policy=True``): real lists often fix only some TVS
(their ZIP B choices, some ZAC) and leave the rest to the rule. The listed units keep
their listed class (checked against every rule as below); the **unlisted vivier** units
of that region are then classed by the default policy (same ``policy``, same order)
within the room **left** under each cap after everything already fixed in the region:
ZIP room = ZIP cap − (national selection kept ZIP A + listed ZIP, whatever their
category + QPV classed ZIP); ZAC room = ZAC cap − (listed ZAC + QPV classed ZAC). ZIP B
first, then ZAC, the rest ZV. When the list already uses up (or breaks) a cap, the
policy adds nothing to that class: the policy part never pushes a cap over, so the
violations reported are exactly those of the list. Unlisted hors-vivier units stay HV,
unlisted national selection stays ZIP A. A list naming every TVS of a region leaves
nothing to the policy and gives the same result in both modes. The default
(``complete_with_policy=False``) keeps the behaviour above (unlisted vivier → ZV).
Every rule that the list (or the QPV list) breaks is reported with figures in
:attr:`ZoningResult.report` — nothing is corrected. ``strict=True`` raises
:class:`~access_map.errors.ConstraintError` instead.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from .._validate import DropReport, check_insee_codes, describe_values, require_columns, to_numeric_column
from ..communes import CODE
from ..errors import ConstraintError, InvalidCodeError, InvalidValueError, MissingColumnError
from ..schema import ZONING_CLASSES
from .rules import ZoningRules
from .tvs import _weighted_mean, classify_apl, normalize_region_codes, tvs_membership

__all__ = [
    "POLICIES",
    "DREES_CODE_OF_CLASS",
    "QPV_DREES_CODE_OF_CLASS",
    "ZoningReport",
    "ZoningResult",
    "validate_caps",
    "compute_zoning",
]

logger = logging.getLogger(__name__)

#: Default selection policies (see module docstring).
POLICIES: tuple[str, str] = ("skip", "stop")

#: DREES export code of a commune (TVS) class.
DREES_CODE_OF_CLASS: dict[str, str] = {"ZIP": "1_ZIP", "ZAC": "2_ZAC", "ZV": "5_ZV", "HV": "6_HZ"}
#: DREES export code of a QPV classed independently of its TVS.
QPV_DREES_CODE_OF_CLASS: dict[str, str] = {"ZIP": "3_QPV_ZIP", "ZAC": "4_QPV_ZAC"}

_REL_TOL = 1e-9
_VIOLATION_COLUMNS = ["code_region", "rule", "severity", "limit", "value", "units", "message"]


@dataclass(frozen=True)
class ZoningReport:
    """Constraint checks of a zoning, with figures.

    Attributes
    ----------
    violations
        One row per broken rule: ``code_region``, ``rule`` (``zip_cap``, ``zac_cap``,
        ``hors_vivier_margin``, ``national_selection_mandatory``, ``vivier_not_hors_vivier``,
        ``qpv_outside_vivier``, ``national_selection_above_zip_cap``), ``severity``
        (``error`` for a rule broken by a user-supplied list, ``warning`` for a fact the
        ARS cannot change, e.g. the mandatory national selection alone above the cap),
        ``limit`` and ``value`` (inhabitants, or NaN for class rules), ``units`` (TVS
        or QPV codes involved) and ``message``.
    regions
        One row per region: populations (regional, vivier, per class after QPV
        overrides), limits, and who decided (``policy:skip``, ``policy:stop``, ``ars_list``).
    rules
        The :class:`ZoningRules` used.
    dropped
        Communes of the commune table left out because they are in no TVS.

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

    @property
    def errors(self) -> pd.DataFrame:
        """Rows of :attr:`violations` with severity ``error``."""
        return self.violations[self.violations["severity"] == "error"]

    @property
    def ok(self) -> bool:
        """``True`` when no rule is broken (warnings allowed)."""
        return len(self.errors) == 0

    def __str__(self) -> str:
        if len(self.violations) == 0:
            return f"zoning ({self.rules.name} rules): every constraint is met"
        lines = [
            f"zoning ({self.rules.name} rules): {len(self.errors)} violation(s), "
            f"{len(self.violations) - len(self.errors)} warning(s)"
        ]
        lines += [f"- [{r.severity}] region {r.code_region}: {r.message}" for r in self.violations.itertuples()]
        return "\n".join(lines)


@dataclass(frozen=True)
class ZoningResult:
    """Result of :func:`compute_zoning`.

    Attributes
    ----------
    tvs
        One row per (TVS, region): ``code_tvs``, ``code_region``, ``libelle_tvs``, ``apl``
        (TVS APL), ``population`` (residents of that region), ``communes``, ``category``
        (national_selection / vivier / hors_vivier), ``zonage`` (ZIP/ZAC/ZV/HV),
        ``subclass`` (ZIP_A, ZIP_B, ZAC, ZV, HV), ``drees_code``, ``decided_by``
        (``national``, ``policy``, ``ars_list``, ``default``), ``reason``,
        ``qpv_override_population``.
    communes
        Index ``code_commune``: ``code_tvs``, ``libelle_tvs``, ``code_region``, ``apl``,
        ``tvs_apl``, ``population``, ``category``, ``zonage``, ``subclass``, ``drees_code``,
        ``qpv_zonage`` and ``qpv_drees_code`` (most under-served QPV override in the
        commune, NaN if none).
    qpv
        One row per (QPV, commune): ``code_qpv``, ``libelle_qpv``, ``code_commune``,
        ``population``, ``code_tvs``, ``code_region``, ``tvs_category``, ``tvs_zonage``,
        ``zonage``, ``drees_code`` (3_QPV_ZIP / 4_QPV_ZAC for overrides), ``override``.
    report
        :class:`ZoningReport`.
    """

    tvs: pd.DataFrame
    communes: pd.DataFrame
    qpv: pd.DataFrame
    report: ZoningReport


def validate_caps(
    caps: pd.DataFrame, *, regions: list[str] | pd.Index | None = None, source: str = "caps table"
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
        raise MissingColumnError(
            f"{source}: no 'code_region' column or index; found columns {describe_values(map(str, df.columns))}"
        )
    require_columns(
        df,
        ["zip_cap_share", "zac_cap_share"],
        source=source,
        hint="rename part_max_zip/part_max_zac to zip_cap_share/zac_cap_share",
    )
    df.index = pd.Index(normalize_region_codes(df.index).tolist(), name="code_region", dtype=object)
    if df.index.duplicated().any():
        raise InvalidCodeError(f"{source}: duplicated region(s) {describe_values(df.index[df.index.duplicated()])}")
    out = pd.DataFrame(index=df.index)
    problems = []
    for col in ("zip_cap_share", "zac_cap_share"):
        out[col] = to_numeric_column(df, col, source=source)
        bad = out.index[(out[col] < 0) | (out[col] > 1)].tolist()
        if bad:
            problems.append(
                f"{col} outside [0, 1] for region(s) {describe_values(bad)} "
                f"(values {describe_values(out.loc[bad, col].tolist())}); give shares, e.g. 0.18 for 18 %"
            )
    over = out.index[(out["zip_cap_share"] + out["zac_cap_share"]) > 1 + 1e-12].tolist()
    if over:
        problems.append(
            f"zip_cap_share + zac_cap_share > 1 for region(s) {describe_values(over)}: ZIP and ZAC are disjoint "
            "shares of the regional population and cannot exceed 100 % together"
        )
    if problems:
        raise InvalidValueError(f"{source}: " + "; ".join(problems))
    if regions is not None:
        missing = sorted(set(map(str, regions)) - set(out.index))
        if missing:
            raise InvalidCodeError(
                f"{source}: no caps for region(s) {describe_values(missing)} (present: "
                f"{describe_values(out.index.tolist())}); add a row per region of the communes"
            )
    return out


def _class_of(value: object, *, allowed: tuple[str, ...], source: str) -> str:
    """Map a class label or DREES code to a class, or raise."""
    from ..schema import DREES_ZONING_CODES

    t = str(value).strip().upper() if isinstance(value, str) else value
    if isinstance(t, str):
        if t in allowed:
            return t
        for code, klass in DREES_ZONING_CODES.items():
            if t == code.upper() and klass in allowed:
                return klass
    raise InvalidValueError(
        f"{source}: zonage value {value!r} is not one of {', '.join(allowed)} (DREES codes such as '1_ZIP' accepted)"
    )


def _prepare_communes(
    communes: pd.DataFrame,
    members: pd.DataFrame,
    *,
    apl_column: str,
    weight_column: str,
    population_column: str,
    region_column: str,
) -> tuple[pd.DataFrame, DropReport]:
    df = communes
    if CODE in df.columns:
        df = df.set_index(CODE)
    elif df.index.name != CODE:
        raise MissingColumnError(
            f"commune table: the commune code must be the index named {CODE!r} or a {CODE!r} column "
            f"(found index {df.index.name!r})"
        )
    require_columns(
        df,
        [apl_column, weight_column, population_column, region_column],
        source="commune table",
        hint="name them with apl_column=, weight_column=, population_column=, region_column=",
    )
    idx = pd.Index([str(c) for c in df.index], name=CODE, dtype=object)
    check_insee_codes(pd.Series(idx), source="commune table", column=CODE, unique=True)
    df = pd.DataFrame(
        {
            "apl": df[apl_column].to_numpy(),
            "weight": df[weight_column].to_numpy(),
            "population": df[population_column].to_numpy(),
            "code_region": df[region_column].to_numpy(),
        },
        index=idx,
    )
    missing = members.index.difference(df.index)
    if len(missing):
        raise InvalidCodeError(
            f"{len(missing)} commune(s) of the TVS table are not in the commune table: "
            f"{describe_values(missing.tolist())}; every commune of a TVS needs an APL, a weight, a population "
            "and a region"
        )
    report = DropReport(source="commune table")
    extra = df.index.difference(members.index)
    if len(extra):
        report.add("commune in no TVS (left out of the zoning)", len(extra), extra.tolist())
        warnings.warn(str(report), UserWarning, stacklevel=3)
    df = df.loc[members.index]
    for col, label in (("apl", apl_column), ("weight", weight_column), ("population", population_column)):
        df[col] = to_numeric_column(df.rename(columns={col: label}), label, source="commune table").to_numpy()
    regions = normalize_region_codes(df["code_region"])
    no_region = df.index[regions.isna().to_numpy()].tolist()
    if no_region:
        raise InvalidValueError(
            f"commune table, column {region_column!r}: missing region for commune(s) {describe_values(no_region)}; "
            "every commune needs its region code (caps are regional)"
        )
    df["code_region"] = regions.to_numpy()
    return df, report


def _prepare_qpv(
    qpv: pd.DataFrame | None, qpv_selection: pd.DataFrame | pd.Series | None, frame: pd.DataFrame
) -> pd.DataFrame:
    """QPV rows (one per QPV x commune) with their TVS, region and override class (NaN if none)."""
    columns = ["code_qpv", "libelle_qpv", CODE, "population", "code_tvs", "code_region", "override_class"]
    if qpv is None:
        if qpv_selection is not None and len(qpv_selection):
            raise InvalidValueError("qpv_selection was given without the qpv composition table (qpv=...)")
        return pd.DataFrame(columns=columns)
    q = qpv.reset_index() if CODE not in qpv.columns and qpv.index.name == CODE else qpv.copy()
    require_columns(q, ["code_qpv", CODE, "population"], source="QPV table")
    q = q.reset_index(drop=True)
    q["code_qpv"] = q["code_qpv"].astype(str).str.strip().astype(object)
    q[CODE] = q[CODE].astype(str).str.strip().astype(object)
    if "libelle_qpv" not in q.columns:
        q["libelle_qpv"] = q["code_qpv"]
    q["population"] = to_numeric_column(q, "population", source="QPV table")
    dup = q[q.duplicated(["code_qpv", CODE], keep=False)]
    if len(dup):
        raise InvalidCodeError(
            "QPV table: duplicated (code_qpv, code_commune) rows "
            f"{describe_values((dup['code_qpv'] + '/' + dup[CODE]).unique().tolist())}; one row per QPV and commune"
        )
    unknown = sorted(set(q[CODE]) - set(frame.index))
    if unknown:
        raise InvalidCodeError(
            f"QPV table: commune(s) {describe_values(unknown)} are in no TVS of the zoning; "
            "fix the QPV table or add these communes to the TVS table"
        )
    per_commune = q.groupby(CODE)["population"].sum()
    too_big = per_commune[per_commune > frame.loc[per_commune.index, "population"] * (1 + 1e-9) + 1e-9]
    if len(too_big):
        pairs = [f"{c}: {v:,.0f} > {frame.at[c, 'population']:,.0f}" for c, v in too_big.items()]
        raise InvalidValueError(
            f"QPV table: QPV population above the commune population for commune(s) {describe_values(pairs)}"
        )
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
        require_columns(sel, ["code_qpv", "zonage"], source="QPV selection")
        sel["code_qpv"] = sel["code_qpv"].astype(str).str.strip()
        sel = sel.dropna(subset=["zonage"])
        if sel["code_qpv"].duplicated().any():
            raise InvalidCodeError(
                f"QPV selection: duplicated QPV code(s) {describe_values(sel.loc[sel['code_qpv'].duplicated(), 'code_qpv'])}"
            )
        unknown_q = sorted(set(sel["code_qpv"]) - set(q["code_qpv"]))
        if unknown_q:
            raise InvalidCodeError(
                f"QPV selection: unknown QPV code(s) {describe_values(unknown_q)} (not in the QPV table)"
            )
        classes = {
            c: _class_of(z, allowed=("ZIP", "ZAC"), source=f"QPV selection, QPV {c}")
            for c, z in zip(sel["code_qpv"], sel["zonage"])
        }
        q["override_class"] = q["code_qpv"].map(classes).astype(object)
    return q[columns]


def _prepare_selection(selection: pd.DataFrame | None, units: pd.DataFrame) -> pd.DataFrame:
    """ARS list as (code_tvs, code_region) -> zonage; raise on unknown or ambiguous rows."""
    if selection is None:
        return pd.DataFrame(columns=["code_tvs", "code_region", "listed"])
    sel = (
        selection.reset_index()
        if "code_tvs" not in selection.columns and selection.index.name == "code_tvs"
        else selection.copy()
    )
    require_columns(sel, ["code_tvs", "zonage"], source="ARS selection")
    sel = sel.reset_index(drop=True)
    sel["code_tvs"] = sel["code_tvs"].astype(str).str.strip()
    unknown = sorted(set(sel["code_tvs"]) - set(units["code_tvs"]))
    if unknown:
        raise InvalidCodeError(f"ARS selection: unknown TVS code(s) {describe_values(unknown)} (not in the TVS table)")
    regions_of = units.groupby("code_tvs")["code_region"].agg(lambda s: sorted(set(s)))
    if "code_region" in sel.columns:
        reg = normalize_region_codes(sel["code_region"])
        sel["code_region"] = reg.to_numpy()
        missing = sel["code_region"].isna()
    else:
        sel["code_region"] = pd.Series(np.nan, index=sel.index, dtype=object)
        missing = pd.Series(True, index=sel.index)
    ambiguous = []
    for i in sel.index[missing.to_numpy()]:
        regs = regions_of[sel.at[i, "code_tvs"]]
        if len(regs) > 1:
            ambiguous.append(f"{sel.at[i, 'code_tvs']} ({'/'.join(regs)})")
        else:
            sel.at[i, "code_region"] = regs[0]
    if ambiguous:
        raise InvalidValueError(
            f"ARS selection: TVS spanning several regions listed without code_region: {describe_values(ambiguous)}; "
            "each ARS classes only its own part: add a code_region column"
        )
    pairs = set(zip(units["code_tvs"], units["code_region"]))
    bad_pairs = [f"{t}/{r}" for t, r in zip(sel["code_tvs"], sel["code_region"]) if (t, r) not in pairs]
    if bad_pairs:
        raise InvalidCodeError(
            f"ARS selection: TVS {describe_values(bad_pairs)} has no resident in the given region (code_tvs/code_region)"
        )
    if sel.duplicated(["code_tvs", "code_region"]).any():
        d = sel[sel.duplicated(["code_tvs", "code_region"], keep=False)]
        raise InvalidCodeError(
            f"ARS selection: (TVS, region) listed twice: {describe_values((d['code_tvs'] + '/' + d['code_region']).unique())}"
        )
    sel["listed"] = [
        _class_of(z, allowed=ZONING_CLASSES, source=f"ARS selection, TVS {t}")
        for t, z in zip(sel["code_tvs"], sel["zonage"])
    ]
    return sel[["code_tvs", "code_region", "listed"]]


def _fits(cost: float, room: float, tol: float) -> bool:
    return cost <= room + tol


def _apply_policy(
    u: pd.DataFrame, *, zip_limit: float, zac_limit: float, zip_used: float, zac_used: float, policy: str, tol: float
) -> tuple[dict, dict]:
    """Greedy choice in one region. ``u`` holds vivier units; returns {index: subclass}, {index: reason}."""
    classes: dict = {}
    reasons: dict = {}
    order = u.sort_values(["apl", "code_tvs"], kind="mergesort").index
    stopped_at = None
    for i in order:
        cost = u.at[i, "cost"]
        if stopped_at is None and _fits(cost, zip_limit - zip_used, tol):
            zip_used += cost
            classes[i] = "ZIP_B"
            reasons[i] = (
                f"vivier (APL {u.at[i, 'apl']:.3f}): ZIP B, lowest APL first within the ZIP cap "
                f"({zip_used:,.0f} of {zip_limit:,.0f} inhabitants used)"
            )
        elif policy == "stop" and stopped_at is None:
            stopped_at = u.at[i, "code_tvs"]
    zip_room = zip_limit - zip_used
    stopped_zac = None
    for i in order:
        if i in classes:
            continue
        cost = u.at[i, "cost"]
        if stopped_zac is None and _fits(cost, zac_limit - zac_used, tol):
            zac_used += cost
            classes[i] = "ZAC"
            reasons[i] = (
                f"vivier (APL {u.at[i, 'apl']:.3f}): ZAC, lowest APL first within the ZAC cap "
                f"({zac_used:,.0f} of {zac_limit:,.0f} inhabitants used); "
                f"does not fit in the ZIP room ({max(zip_room, 0):,.0f} left)"
                + (f" (selection stopped at TVS {stopped_at})" if stopped_at else "")
            )
        elif policy == "stop" and stopped_zac is None:
            stopped_zac = u.at[i, "code_tvs"]
    for i in order:
        if i not in classes:
            classes[i] = "ZV"
            reasons[i] = (
                f"vivier (APL {u.at[i, 'apl']:.3f}): zone de vigilance, {u.at[i, 'cost']:,.0f} inhabitants "
                f"do not fit in the room left (ZIP {max(zip_room, 0):,.0f}, "
                f"ZAC {max(zac_limit - zac_used, 0):,.0f})"
                + (f"; selection stopped at TVS {stopped_zac or stopped_at}" if policy == "stop" else "")
            )
    return classes, reasons


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
    policy: Literal["skip", "stop"] = "skip",
    strict: bool = False,
    complete_with_policy: bool = False,
) -> ZoningResult:
    """GP zoning (ZIP / ZAC / ZV / HV) of TVS from commune APL.

    Parameters
    ----------
    communes
        Commune table, index (or column) ``code_commune``, with the columns named below.
    tvs
        TVS composition (index ``code_commune`` → ``code_tvs``, optional ``libelle_tvs``).
        Every commune of it must be in ``communes``; communes of ``communes`` in no TVS
        are left out (counted in ``report.dropped`` and warned about).
    caps
        Regional caps: ``code_region`` → ``zip_cap_share``, ``zac_cap_share`` (shares of the
        regional population; see :func:`validate_caps`).
    rules
        Thresholds and margin; default :meth:`ZoningRules.arrete_2017`.
    apl_column
        Commune APL column — pass the ≤65 variant (e.g. ``"apl_65"``) for the official zoning.
    weight_column
        Weights of the TVS APL mean: the **standardised** population.
    population_column
        Residents (non-standardised) counted against the caps.
    region_column
        Region code of each commune.
    selection
        Optional ARS list: ``code_tvs``, ``zonage`` (ZIP/ZAC/ZV/HV or DREES codes) and
        ``code_region`` (required for a TVS spanning regions). It replaces the default
        policy in the regions it names (see ``complete_with_policy`` for partial lists).
    qpv
        Optional QPV composition: ``code_qpv``, ``libelle_qpv``, ``code_commune``, ``population``.
    qpv_selection
        Optional QPV overrides: ``code_qpv`` → ``zonage`` (ZIP or ZAC).
    policy
        Default choice where no ARS list is given: ``"skip"`` (first fit, default) or
        ``"stop"`` — see the module docstring.
    strict
        Raise :class:`~access_map.errors.ConstraintError` (with figures) when a user list
        breaks a rule, instead of only reporting it.
    complete_with_policy
        How vivier TVS that a **partial** ARS list does not name are classed, in the
        regions the list names. ``False`` (default, unchanged behaviour): they become ZV.
        ``True``: the listed TVS keep their listed class (checked against every rule,
        never corrected) and the unlisted vivier TVS of that region are classed by
        ``policy`` within the room **left** under the caps once the listed classes, the
        national selection and the QPV overrides are counted (ZIP B first, then ZAC, the
        rest ZV); their ``decided_by`` is ``policy`` and the region's is
        ``ars_list+policy:<policy>``. If the list already fills or exceeds a cap, the
        policy adds nothing to that class, so it never breaks a rule by itself.
        Unlisted hors-vivier TVS stay HV and unlisted national selection stays ZIP A in
        both modes; a list naming every TVS of a region gives the same result either way.

    Returns
    -------
    ZoningResult
        ``tvs`` (per TVS × region), ``communes``, ``qpv`` tables and the ``report``.

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
    """
    rules = rules or ZoningRules.arrete_2017()
    if policy not in POLICIES:
        raise InvalidValueError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
    members = tvs_membership(tvs)
    table, dropped = _prepare_communes(
        communes,
        members,
        apl_column=apl_column,
        weight_column=weight_column,
        population_column=population_column,
        region_column=region_column,
    )
    per_tvs = _weighted_mean(table["apl"], table["weight"], members)
    per_tvs["category"] = classify_apl(per_tvs["apl"], rules=rules)
    frame = members.join(table)
    region_pop = frame.groupby("code_region")["population"].sum()
    caps_t = validate_caps(caps, regions=region_pop.index)

    units = (
        frame.groupby(["code_tvs", "code_region"], sort=True)
        .agg(population=("population", "sum"), communes=("population", "size"))
        .reset_index()
    )
    units = units.join(per_tvs[["libelle_tvs", "apl", "category"]], on="code_tvs")
    qrows = _prepare_qpv(qpv, qpv_selection, frame)
    ovr = qrows[qrows["override_class"].notna()]
    ovr_unit = ovr.groupby(["code_tvs", "code_region"])["population"].sum()
    units["qpv_override_population"] = [
        float(ovr_unit.get((t, r), 0.0)) for t, r in zip(units["code_tvs"], units["code_region"])
    ]
    units["cost"] = units["population"] - units["qpv_override_population"]
    sel = _prepare_selection(selection, units)
    listed = {(t, r): c for t, r, c in zip(sel["code_tvs"], sel["code_region"], sel["listed"])}
    listed_regions = set(sel["code_region"])

    subclass = pd.Series(index=units.index, dtype=object)
    decided = pd.Series(index=units.index, dtype=object)
    reason = pd.Series(index=units.index, dtype=object)
    violations: list[dict] = []
    region_rows = []
    for region in region_pop.index:
        in_r = units["code_region"] == region
        R = float(region_pop[region])
        tol = _REL_TOL * max(R, 1.0)
        zip_limit = float(caps_t.at[region, "zip_cap_share"]) * R
        zac_limit = float(caps_t.at[region, "zac_cap_share"]) * R
        ovr_r = ovr[ovr["code_region"] == region]
        ovr_zip = float(ovr_r.loc[ovr_r["override_class"] == "ZIP", "population"].sum())
        ovr_zac = float(ovr_r.loc[ovr_r["override_class"] == "ZAC", "population"].sum())
        nat = units.index[in_r & (units["category"] == "national_selection")]
        viv = units.index[in_r & (units["category"] == "vivier")]
        hv = units.index[in_r & (units["category"] == "hors_vivier")]
        vivier_pop = float(units.loc[viv, "population"].sum())
        use_list = region in listed_regions
        for i in nat:
            apl = units.at[i, "apl"]
            key = (units.at[i, "code_tvs"], region)
            if use_list and key in listed and listed[key] != "ZIP":
                c = listed[key]
                subclass[i] = c
                decided[i] = "ars_list"
                reason[i] = f"ARS list: {c}, although APL {apl:.3f} ≤ {rules.zip_threshold} (national selection)"
                violations.append(
                    dict(
                        code_region=region,
                        rule="national_selection_mandatory",
                        severity="error",
                        limit=np.nan,
                        value=np.nan,
                        units=key[0],
                        message=(
                            f"TVS {key[0]} (APL {apl:.3f} ≤ {rules.zip_threshold}) is national selection and must be "
                            f"ZIP; the ARS list classes it {c}"
                        ),
                    )
                )
            else:
                subclass[i] = "ZIP_A"
                decided[i] = "national"
                reason[i] = f"APL {apl:.3f} ≤ {rules.zip_threshold}: national selection (ZIP, zone A), mandatory"
        for i in hv:
            key = (units.at[i, "code_tvs"], region)
            apl = units.at[i, "apl"]
            if use_list and key in listed and listed[key] != "HV":
                c = listed[key]
                subclass[i] = "ZIP_B" if c == "ZIP" else c
                decided[i] = "ars_list"
                reason[i] = (
                    f"ARS list: hors vivier (APL {apl:.3f} > {rules.vivier_threshold}) added as {c} "
                    f"(within the {rules.hors_vivier_margin:.0%} margin, see report)"
                )
            else:
                subclass[i] = "HV"
                decided[i] = "ars_list" if key in listed else "default"
                reason[i] = f"APL {apl:.3f} > {rules.vivier_threshold}: hors vivier"
        if use_list:
            source = "ars_list"
            unlisted_viv = []
            for i in viv:
                key = (units.at[i, "code_tvs"], region)
                apl = units.at[i, "apl"]
                if key in listed:
                    c = listed[key]
                    subclass[i] = "ZIP_B" if c == "ZIP" else c
                    decided[i] = "ars_list"
                    reason[i] = f"ARS list: {c} (vivier, APL {apl:.3f})"
                    if c == "HV":
                        violations.append(
                            dict(
                                code_region=region,
                                rule="vivier_not_hors_vivier",
                                severity="error",
                                limit=np.nan,
                                value=np.nan,
                                units=key[0],
                                message=(
                                    f"TVS {key[0]} is in the vivier ({rules.zip_threshold} < APL {apl:.3f} ≤ "
                                    f"{rules.vivier_threshold}) and cannot be hors vivier; choose ZIP, ZAC or ZV"
                                ),
                            )
                        )
                elif complete_with_policy:
                    unlisted_viv.append(i)
                else:
                    subclass[i] = "ZV"
                    decided[i] = "default"
                    reason[i] = f"vivier (APL {apl:.3f}) not in the ARS list: zone de vigilance"
            if unlisted_viv:
                source = f"ars_list+policy:{policy}"
                # room left under the caps after every class already fixed in this region
                # (national selection kept ZIP A, listed TVS of any category, QPV overrides)
                fixed = [i for i in units.index[in_r] if i not in unlisted_viv]
                fixed_class = subclass[fixed].map(lambda s: "ZIP" if str(s).startswith("ZIP") else s)
                zip_used = float(units.loc[fixed_class.index[fixed_class == "ZIP"], "cost"].sum()) + ovr_zip
                zac_used = float(units.loc[fixed_class.index[fixed_class == "ZAC"], "cost"].sum()) + ovr_zac
                classes, why = _apply_policy(
                    units.loc[unlisted_viv],
                    zip_limit=zip_limit,
                    zac_limit=zac_limit,
                    zip_used=zip_used,
                    zac_used=zac_used,
                    policy=policy,
                    tol=tol,
                )
                for i in unlisted_viv:
                    subclass[i] = classes[i]
                    decided[i] = "policy"
                    reason[i] = f"not in the ARS list, default policy ({policy}) in the room left: {why[i]}"
        else:
            source = f"policy:{policy}"
            zip_used = float(units.loc[nat, "cost"].sum()) + ovr_zip
            zac_used = ovr_zac
            classes, why = _apply_policy(
                units.loc[viv],
                zip_limit=zip_limit,
                zac_limit=zac_limit,
                zip_used=zip_used,
                zac_used=zac_used,
                policy=policy,
                tol=tol,
            )
            for i in viv:
                subclass[i] = classes[i]
                decided[i] = "policy"
                reason[i] = why[i]

        # effective populations per class after QPV overrides
        klass = subclass[in_r].map(lambda s: "ZIP" if str(s).startswith("ZIP") else s)
        pop_by_class = {c: 0.0 for c in ZONING_CLASSES}
        for i, c in klass.items():
            pop_by_class[c] += float(units.at[i, "cost"])
        pop_by_class["ZIP"] += ovr_zip
        pop_by_class["ZAC"] += ovr_zac
        zip_a_pop = float(units.loc[[i for i in nat if subclass[i] == "ZIP_A"], "cost"].sum())
        zip_extra = [units.at[i, "code_tvs"] for i in units.index[in_r] if subclass[i] == "ZIP_B"]
        zip_extra += sorted(set(ovr_r.loc[ovr_r["override_class"] == "ZIP", "code_qpv"]))
        if pop_by_class["ZIP"] > zip_limit + tol:
            if zip_extra and pop_by_class["ZIP"] > zip_a_pop + tol:
                violations.append(
                    dict(
                        code_region=region,
                        rule="zip_cap",
                        severity="error",
                        limit=zip_limit,
                        value=pop_by_class["ZIP"],
                        units=", ".join(zip_extra),
                        message=(
                            f"ZIP population {pop_by_class['ZIP']:,.0f} exceeds the cap {zip_limit:,.0f} "
                            f"({caps_t.at[region, 'zip_cap_share']:.1%} of {R:,.0f}) by "
                            f"{pop_by_class['ZIP'] - zip_limit:,.0f}; ZIP A (mandatory) {zip_a_pop:,.0f}, "
                            f"added: {', '.join(zip_extra)}"
                        ),
                    )
                )
            else:
                violations.append(
                    dict(
                        code_region=region,
                        rule="national_selection_above_zip_cap",
                        severity="warning",
                        limit=zip_limit,
                        value=zip_a_pop,
                        units=", ".join(units.loc[nat, "code_tvs"]),
                        message=(
                            f"the mandatory national selection alone ({zip_a_pop:,.0f} inhabitants) exceeds the "
                            f"ZIP cap {zip_limit:,.0f}: no ZIP B possible"
                        ),
                    )
                )
        if pop_by_class["ZAC"] > zac_limit + tol:
            zac_units = [units.at[i, "code_tvs"] for i in units.index[in_r] if subclass[i] == "ZAC"]
            zac_units += sorted(set(ovr_r.loc[ovr_r["override_class"] == "ZAC", "code_qpv"]))
            violations.append(
                dict(
                    code_region=region,
                    rule="zac_cap",
                    severity="error",
                    limit=zac_limit,
                    value=pop_by_class["ZAC"],
                    units=", ".join(zac_units),
                    message=(
                        f"ZAC population {pop_by_class['ZAC']:,.0f} exceeds the cap {zac_limit:,.0f} "
                        f"({caps_t.at[region, 'zac_cap_share']:.1%} of {R:,.0f}) by "
                        f"{pop_by_class['ZAC'] - zac_limit:,.0f}"
                    ),
                )
            )
        hv_added = [i for i in hv if subclass[i] != "HV"]
        hv_added_pop = float(units.loc[hv_added, "population"].sum())
        hv_limit = rules.hors_vivier_margin * vivier_pop
        if hv_added_pop > hv_limit + tol:
            violations.append(
                dict(
                    code_region=region,
                    rule="hors_vivier_margin",
                    severity="error",
                    limit=hv_limit,
                    value=hv_added_pop,
                    units=", ".join(units.loc[hv_added, "code_tvs"]),
                    message=(
                        f"hors-vivier TVS added ({hv_added_pop:,.0f} inhabitants) exceed "
                        f"{rules.hors_vivier_margin:.0%} of the vivier population ({vivier_pop:,.0f}), "
                        f"i.e. {hv_limit:,.0f}"
                    ),
                )
            )
        region_rows.append(
            dict(
                code_region=region,
                decided_by=source,
                population=R,
                national_selection_population=float(units.loc[nat, "population"].sum()),
                vivier_population=vivier_pop,
                hors_vivier_population=float(units.loc[hv, "population"].sum()),
                zip_limit=zip_limit,
                zip_population=pop_by_class["ZIP"],
                zac_limit=zac_limit,
                zac_population=pop_by_class["ZAC"],
                zv_population=pop_by_class["ZV"],
                hv_population=pop_by_class["HV"],
                hv_added_population=hv_added_pop,
                hv_margin_limit=hv_limit,
                qpv_override_population=ovr_zip + ovr_zac,
            )
        )

    units["subclass"] = subclass
    units["zonage"] = units["subclass"].map(lambda s: "ZIP" if str(s).startswith("ZIP") else s)
    units["drees_code"] = units["zonage"].map(DREES_CODE_OF_CLASS)
    units["decided_by"] = decided
    units["reason"] = reason
    out_tvs = units[
        [
            "code_tvs",
            "code_region",
            "libelle_tvs",
            "apl",
            "population",
            "communes",
            "category",
            "zonage",
            "subclass",
            "drees_code",
            "decided_by",
            "reason",
            "qpv_override_population",
        ]
    ]
    out_tvs = out_tvs.sort_values(["code_region", "code_tvs"]).reset_index(drop=True)

    # QPV rows and the QPV-outside-vivier check
    cat_of_tvs = per_tvs["category"]
    unit_class = {(t, r): z for t, r, z in zip(units["code_tvs"], units["code_region"], units["zonage"])}
    qout = qrows.copy()
    qout["tvs_category"] = qout["code_tvs"].map(cat_of_tvs).astype(object)
    qout["tvs_zonage"] = [unit_class[(t, r)] for t, r in zip(qout["code_tvs"], qout["code_region"])]
    qout["override"] = qout["override_class"].notna()
    qout["zonage"] = qout["override_class"].where(qout["override"], qout["tvs_zonage"]).astype(object)
    qout["drees_code"] = [
        QPV_DREES_CODE_OF_CLASS[z] if o else DREES_CODE_OF_CLASS[z] for z, o in zip(qout["zonage"], qout["override"])
    ]
    if len(ovr):
        in_vivier = qout.groupby("code_qpv")["tvs_category"].agg(lambda s: (s == "vivier").any())
        for code in sorted(set(ovr["code_qpv"])):
            if not in_vivier[code]:
                rows = qout[qout["code_qpv"] == code]
                for region in sorted(set(rows["code_region"])):
                    violations.append(
                        dict(
                            code_region=region,
                            rule="qpv_outside_vivier",
                            severity="error",
                            limit=np.nan,
                            value=np.nan,
                            units=f"{code} (TVS {', '.join(sorted(set(rows['code_tvs'])))})",
                            message=(
                                f"QPV {code} is classed {rows['override_class'].iloc[0]} but none of its communes "
                                "is in a vivier TVS; only QPV at least partly inside a vivier TVS may be classed "
                                "independently of their TVS"
                            ),
                        )
                    )
    qout = qout[
        [
            "code_qpv",
            "libelle_qpv",
            CODE,
            "population",
            "code_tvs",
            "code_region",
            "tvs_category",
            "tvs_zonage",
            "zonage",
            "drees_code",
            "override",
        ]
    ].reset_index(drop=True)

    # commune table
    cm = frame.copy()
    key_df = units.set_index(["code_tvs", "code_region"])
    keys = list(zip(cm["code_tvs"], cm["code_region"]))
    for col in ("zonage", "subclass", "drees_code", "category"):
        cm[col] = key_df[col].reindex(keys).to_numpy()
    cm["tvs_apl"] = per_tvs["apl"].reindex(cm["code_tvs"]).to_numpy()
    cm["qpv_zonage"] = pd.Series(np.nan, index=cm.index, dtype=object)
    cm["qpv_drees_code"] = pd.Series(np.nan, index=cm.index, dtype=object)
    if len(ovr):
        rank = {c: k for k, c in enumerate(ZONING_CLASSES)}
        best = ovr.groupby(CODE)["override_class"].agg(lambda s: min(s, key=rank.__getitem__))
        cm.loc[best.index, "qpv_zonage"] = best.to_numpy()
        cm.loc[best.index, "qpv_drees_code"] = best.map(QPV_DREES_CODE_OF_CLASS).to_numpy()
    out_communes = cm[
        [
            "code_tvs",
            "libelle_tvs",
            "code_region",
            "apl",
            "tvs_apl",
            "population",
            "category",
            "zonage",
            "subclass",
            "drees_code",
            "qpv_zonage",
            "qpv_drees_code",
        ]
    ]
    out_communes.index.name = CODE

    viol = pd.DataFrame(violations, columns=_VIOLATION_COLUMNS)
    if len(viol):
        viol = viol.sort_values(["severity", "code_region", "rule"], kind="mergesort").reset_index(drop=True)
    report = ZoningReport(viol, pd.DataFrame(region_rows), rules, dropped)
    for row in viol[viol["severity"] == "warning"].itertuples():
        warnings.warn(f"region {row.code_region}: {row.message}", UserWarning, stacklevel=2)
    if strict and not report.ok:
        raise ConstraintError(
            "the zoning breaks "
            + f"{len(report.errors)} rule(s):\n"
            + "\n".join(f"- region {r.code_region}, {r.rule}: {r.message}" for r in report.errors.itertuples())
        )
    logger.info("%s", report)
    return ZoningResult(out_tvs, out_communes, qout, report)
