"""Rules of the GP zoning (ZIP/ZAC) as a frozen dataclass with named presets.

Every rule the engine applies is a named field of :class:`ZoningRules`, documented with
its source: an article of the arrêté, or a file of DREES's own zoning application
(public repository ``phileas-condemine/Zonage_ARS``, the Shiny application the ARS use
to build their zoning; file names below are relative to it). An ARS, or a future
revision, changes a rule by changing a field (``dataclasses.replace``), never the code.

Two families of presets:

* :meth:`ZoningRules.arrete_2017` — the package's reading of the arrêté of 13 November
  2017 (each ARS classes its own part of a cross-region TVS, lowest APL first, exact
  comparisons, QPV only ZIP/ZAC inside a vivier TVS...);
* :meth:`ZoningRules.revision_2021`, :meth:`~ZoningRules.revision_2024` and
  :meth:`~ZoningRules.revision_2025` — the rules **as DREES's zoning application applies
  them** (the application was built for the 2021 revision): the eight points where the
  application and the 2017 reading differ are listed in :data:`RULE_SOURCES`.

The regional population caps (share of the regional population in ZIP A+B and in ZAC)
are regional data, not rules: they are passed as a table to
:func:`access_map.zoning.compute_zoning` (see :func:`access_map.readers.zonage.read_zoning_caps`
for the file format).

Examples
--------
>>> r = ZoningRules.revision_2021()
>>> sorted(r.national_selection_optional_regions), r.cross_region, r.starting_point
(['11', '32', '84', '93'], 'majority_region', 'in_force')
>>> ZoningRules.arrete_2017().cross_region
'per_region'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Literal

import pandas as pd

from ..errors import InvalidValueError
from ..messages import zoning as msg

__all__ = ["ZoningRules", "RULE_PRESETS", "RULE_SOURCES", "CROSS_REGION_MODES", "STARTING_POINTS"]

#: Ways of classing a TVS whose residents live in several regions.
CROSS_REGION_MODES: tuple[str, str] = ("per_region", "majority_region")
#: Where the regional choice starts from when no ARS list is given.
STARTING_POINTS: tuple[str, str] = ("lowest_apl", "in_force")
#: Classes a QPV may take under the application (its radio buttons).
_ALL_QPV_CLASSES: tuple[str, ...] = ("ZIP", "ZAC", "ZV", "HV")

#: Source of each rule (field of :class:`ZoningRules`) under the 2017 reading and under the
#: application (2021+ presets), in French (:data:`access_map.messages.zoning.RULE_SOURCES`). Quoted in the
#: zoning report.
RULE_SOURCES: dict[str, dict[str, str]] = msg.RULE_SOURCES


def _regions(values: frozenset[str] | set[str] | tuple[str, ...] | list[str]) -> frozenset[str]:
    out = set()
    for v in values:
        t = str(v).strip()
        out.add("0" + t if t.isdigit() and len(t) == 1 else t)
    return frozenset(out)


@dataclass(frozen=True)
class ZoningRules:
    """Every rule of the GP zoning, each a named field with its source (:data:`RULE_SOURCES`).

    Parameters
    ----------
    zip_threshold
        A TVS whose APL is **≤** this value is in the national selection (ZIP, zone A).
        Default 2.5 (arrêté of 13 November 2017).
    vivier_threshold
        A TVS with ``zip_threshold < APL ≤ vivier_threshold`` is in the regional vivier;
        above it the TVS is hors vivier. Default 4.0 (arrêté 2017).
    hors_vivier_margin
        Largest population of hors-vivier TVS an ARS may add, as a share of the regional
        vivier population. Default 0.05 (arrêté 2017; the application's gauge stops at 5 %).
    national_selection_optional_regions
        Regions (codes) where a national-selection TVS is **not** locked to ZIP: an ARS
        list may class it otherwise without breaking a rule (it stays ZIP A unless listed).
        2017: none. Application: ``{"84", "11", "93", "32"}`` (``global.R``).
    cross_region
        ``"per_region"`` (2017 reading): each region classes its own part of a TVS that
        spans regions. ``"majority_region"`` (application): the region holding most of the
        TVS's residents (ties: lowest region code) decides for the whole TVS and the other
        regions inherit that class. In both modes each region counts **its own residents**
        of every TVS (inherited ones included) against its caps.
    hors_vivier_margin_classes
        Classes of an added hors-vivier TVS that count in the margin. 2017 reading:
        ZIP, ZAC and ZV. Application: ZIP and ZAC only (``R/jauges_func.R``).
    share_check_decimals
        ``None`` (2017 reading): shares are compared exactly (relative tolerance 1e-9).
        ``1`` (application): a share is expressed in percent and rounded to 0.1 point
        before it is compared with the cap or the margin (``round(100 * share, 1)``), as
        the application's gauges do. The default policies use the same test to decide
        whether a TVS fits.
    category_source
        ``"computed"`` (2017 reading): a TVS's national category comes from its APL and
        the thresholds. ``"drees"`` (application): the DREES category (cadre national)
        given with the TVS composition wins where it is given; it is computed elsewhere.
        Disagreements between the two are reported in both modes.
    tvs_apl_decimals
        Decimals the TVS APL is rounded to before classification (12: removes
        floating-point noise only, so a TVS whose communes all have APL 2.5 is 2.5).
    qpv_classes
        Classes a QPV may be given independently of its TVS. 2017 reading: ZIP, ZAC.
        Application: ZIP, ZAC, ZV, HV.
    qpv_requires_vivier
        Only a QPV at least partly inside a vivier TVS may be classed on its own (2017
        reading: True; application: False).
    qpv_excluded_regions
        Regions where QPV are not zoned on their own (application: ``{"04", "06"}``,
        La Réunion and Mayotte).
    starting_point
        Default choice where no ARS list is given: ``"lowest_apl"`` (fill the caps by
        increasing APL, the 2017 reading) or ``"in_force"`` (start from the zoning in force
        and change only what the caps, the margin and the new categories require — the
        application's default; needs the zoning in force, else lowest APL first with a
        note in the report).
    grand_quartier_regions
        Regions zoned by **grands quartiers** instead of TVS when a grands-quartiers table
        is given (application: ``{"04"}``, La Réunion; DREES codes ``7_GQ_ZAC``,
        ``8_GQ_ZIP``).
    name
        Short name of the rule set (``"2017"``, ``"2021"``, ``"custom"``...).
    source
        Where the thresholds come from (quoted in reports).

    Examples
    --------
    >>> r = ZoningRules.arrete_2017()
    >>> (r.zip_threshold, r.vivier_threshold, r.hors_vivier_margin)
    (2.5, 4.0, 0.05)
    >>> ZoningRules.revision_2025(zip_threshold=2.71, vivier_threshold=3.98).vivier_threshold
    3.98
    >>> ZoningRules.from_name("2021").share_check_decimals
    1
    >>> ZoningRules.from_name("2021").rule_source("hors_vivier_margin_classes")[:28]
    'application DREES Zonage_ARS'
    """

    zip_threshold: float = 2.5
    vivier_threshold: float = 4.0
    hors_vivier_margin: float = 0.05
    national_selection_optional_regions: frozenset[str] = field(default_factory=frozenset)
    cross_region: Literal["per_region", "majority_region"] = "per_region"
    hors_vivier_margin_classes: frozenset[str] = frozenset({"ZIP", "ZAC", "ZV"})
    share_check_decimals: int | None = None
    category_source: Literal["computed", "drees"] = "computed"
    tvs_apl_decimals: int = 12
    qpv_classes: tuple[str, ...] = ("ZIP", "ZAC")
    qpv_requires_vivier: bool = True
    qpv_excluded_regions: frozenset[str] = field(default_factory=frozenset)
    starting_point: Literal["lowest_apl", "in_force"] = "lowest_apl"
    grand_quartier_regions: frozenset[str] = field(default_factory=frozenset)
    name: str = "2017"
    source: str = msg.SOURCE_2017

    def __post_init__(self) -> None:
        problems = []
        for field_name in ("zip_threshold", "vivier_threshold", "hors_vivier_margin"):
            value = getattr(self, field_name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                problems.append(msg.pas_un_nombre_fini(name=field_name, value=value))
            elif value < 0:
                problems.append(msg.negatif(name=field_name, value=value))
        if not problems and self.zip_threshold > self.vivier_threshold:
            problems.append(
                msg.seuils_inverses(zip_threshold=self.zip_threshold, vivier_threshold=self.vivier_threshold)
            )
        if not problems and self.hors_vivier_margin > 1:
            problems.append(msg.marge_pas_une_part(value=self.hors_vivier_margin))
        if self.cross_region not in CROSS_REGION_MODES:
            problems.append(
                msg.valeur_hors_liste(name="cross_region", value=self.cross_region, allowed=CROSS_REGION_MODES)
            )
        if self.starting_point not in STARTING_POINTS:
            problems.append(
                msg.valeur_hors_liste(name="starting_point", value=self.starting_point, allowed=STARTING_POINTS)
            )
        if self.category_source not in ("computed", "drees"):
            problems.append(
                msg.valeur_hors_liste(name="category_source", value=self.category_source, allowed=("computed", "drees"))
            )
        bad_margin = set(self.hors_vivier_margin_classes) - {"ZIP", "ZAC", "ZV"}
        if bad_margin:
            problems.append(msg.classes_de_marge_inconnues(classes=bad_margin))
        bad_qpv = set(self.qpv_classes) - set(_ALL_QPV_CLASSES)
        if bad_qpv or not self.qpv_classes:
            problems.append(msg.classes_qpv_invalides(value=self.qpv_classes, allowed=_ALL_QPV_CLASSES))
        decimals = self.share_check_decimals
        if decimals is not None and (not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0):
            problems.append(msg.decimales_de_parts_invalides(value=decimals))
        if not isinstance(self.tvs_apl_decimals, int) or not 0 <= self.tvs_apl_decimals <= 15:
            problems.append(msg.decimales_apl_invalides(value=self.tvs_apl_decimals))
        if problems:
            raise InvalidValueError(msg.regles_invalides(problems=problems))
        for name in ("national_selection_optional_regions", "qpv_excluded_regions", "grand_quartier_regions"):
            object.__setattr__(self, name, _regions(getattr(self, name)))
        object.__setattr__(self, "hors_vivier_margin_classes", frozenset(self.hors_vivier_margin_classes))
        object.__setattr__(self, "qpv_classes", tuple(self.qpv_classes))

    # ------------------------------------------------------------------ presets

    @classmethod
    def arrete_2017(cls) -> ZoningRules:
        """The package's reading of the arrêté of 13 November 2017: 2.5 / 4, margin 5 %.

        Examples
        --------
        >>> ZoningRules.arrete_2017().zip_threshold
        2.5
        """
        return cls()

    @classmethod
    def application(
        cls,
        *,
        name: str,
        source: str,
        zip_threshold: float = 2.5,
        vivier_threshold: float = 4.0,
        hors_vivier_margin: float = 0.05,
    ) -> ZoningRules:
        """The rules as DREES's zoning application applies them (base of the 2021+ presets).

        Examples
        --------
        >>> ZoningRules.application(name="x", source="y").qpv_classes
        ('ZIP', 'ZAC', 'ZV', 'HV')
        """
        return cls(
            zip_threshold=float(zip_threshold),
            vivier_threshold=float(vivier_threshold),
            hors_vivier_margin=float(hors_vivier_margin),
            national_selection_optional_regions=frozenset({"84", "11", "93", "32"}),
            cross_region="majority_region",
            hors_vivier_margin_classes=frozenset({"ZIP", "ZAC"}),
            share_check_decimals=1,
            category_source="drees",
            qpv_classes=_ALL_QPV_CLASSES,
            qpv_requires_vivier=False,
            qpv_excluded_regions=frozenset({"04", "06"}),
            starting_point="in_force",
            grand_quartier_regions=frozenset({"04"}),
            name=name,
            source=source,
        )

    @classmethod
    def revision_2021(cls) -> ZoningRules:
        """2021 revision, as DREES's zoning application applies it (thresholds 2.5 / 4, margin 5 %).

        Examples
        --------
        >>> ZoningRules.revision_2021().name
        '2021'
        """
        return cls.application(name="2021", source=msg.SOURCE_2021)

    @classmethod
    def revision_2024(cls) -> ZoningRules:
        """2024 revision: the application's rules, same thresholds as 2017 by default (to verify).

        Examples
        --------
        >>> ZoningRules.revision_2024().vivier_threshold
        4.0
        """
        return cls.application(name="2024", source=msg.SOURCE_2024)

    @classmethod
    def revision_2025(
        cls, *, zip_threshold: float, vivier_threshold: float, hors_vivier_margin: float = 0.05
    ) -> ZoningRules:
        """2025 arrêté: thresholds chosen by each region (e.g. 2.71 / 3.98 on APL 2023), application rules.

        There is no national default: pass the region's values.

        Examples
        --------
        >>> ZoningRules.revision_2025(zip_threshold=2.71, vivier_threshold=3.98).name
        '2025'
        """
        return cls.application(
            zip_threshold=zip_threshold,
            vivier_threshold=vivier_threshold,
            hors_vivier_margin=hors_vivier_margin,
            name="2025",
            source=msg.SOURCE_2025,
        )

    @classmethod
    def custom(
        cls,
        *,
        zip_threshold: float,
        vivier_threshold: float,
        hors_vivier_margin: float = 0.05,
        source: str = msg.SOURCE_SEUILS_UTILISATEUR,
    ) -> ZoningRules:
        """Any thresholds (sensitivity analyses, regional methods), other rules of the 2017 reading.

        Examples
        --------
        >>> ZoningRules.custom(zip_threshold=3.0, vivier_threshold=4.5).zip_threshold
        3.0
        """
        return cls(
            zip_threshold=float(zip_threshold),
            vivier_threshold=float(vivier_threshold),
            hors_vivier_margin=float(hors_vivier_margin),
            name="custom",
            source=source,
        )

    @classmethod
    def from_name(cls, name: str) -> ZoningRules:
        """Preset by name: ``"2017"``, ``"2021"`` or ``"2024"`` (2025 needs thresholds: use :meth:`revision_2025`).

        Examples
        --------
        >>> ZoningRules.from_name("2017") == ZoningRules.arrete_2017()
        True
        """
        key = str(name).strip()
        if key not in RULE_PRESETS:
            raise InvalidValueError(msg.jeu_de_regles_inconnu(name=name, presets=RULE_PRESETS))
        return RULE_PRESETS[key]()

    def with_thresholds(self, *, zip_threshold: float, vivier_threshold: float) -> ZoningRules:
        """Copy with other thresholds (same other rules, name suffixed ``+custom``).

        Examples
        --------
        >>> ZoningRules.arrete_2017().with_thresholds(zip_threshold=2.71, vivier_threshold=3.98).name
        '2017+custom'
        """
        return replace(
            self,
            zip_threshold=float(zip_threshold),
            vivier_threshold=float(vivier_threshold),
            name=f"{self.name}+custom",
        )

    # ------------------------------------------------------------------ documentation

    @property
    def follows_application(self) -> bool:
        """True when the rule set is the application's (2021+ presets).

        Examples
        --------
        >>> ZoningRules.revision_2024().follows_application, ZoningRules().follows_application
        (True, False)
        """
        return self.cross_region == "majority_region" and self.starting_point == "in_force"

    def rule_source(self, name: str) -> str:
        """Source of one rule under this rule set (the application's file or the arrêté).

        Examples
        --------
        >>> ZoningRules().rule_source("cross_region")[:30]
        'arrêté du 13 novembre 2017 : c'
        """
        if name not in RULE_SOURCES:
            raise InvalidValueError(msg.regle_inconnue(name=name, rules=RULE_SOURCES))
        value = getattr(self, name)
        app_value = getattr(ZoningRules.application(name="", source=""), name)
        old_value = getattr(ZoningRules(), name)
        if value == app_value and (value != old_value or self.follows_application):
            return RULE_SOURCES[name]["app"]
        if value == old_value:
            return RULE_SOURCES[name]["2017"]
        if name in ("zip_threshold", "vivier_threshold", "hors_vivier_margin"):
            return self.source
        return msg.valeur_utilisateur(value=value)

    def describe(self) -> pd.DataFrame:
        """One row per rule, for reports and ``rules.csv``: ``rule`` (the field of :class:`ZoningRules`),
        ``label`` (what the rule is, in French), ``value`` (numbers and flags as they are, words in French with
        their code in parentheses) and ``source``.

        Examples
        --------
        >>> d = ZoningRules.revision_2021().describe().set_index("rule")
        >>> d.loc["cross_region", "value"]
        'la région majoritaire du TVS décide (majority_region)'
        >>> d.loc["zip_threshold", ["label", "value"]].tolist()
        ['seuil de la sélection nationale (APL du TVS ≤)', 2.5]
        """
        rows = []
        for f in fields(self):
            if f.name in ("name", "source"):
                continue
            rows.append(
                {
                    "rule": f.name,
                    "label": msg.RULE_LABELS[f.name],
                    "value": msg.valeur_de_regle(f.name, getattr(self, f.name)),
                    "source": self.rule_source(f.name),
                }
            )
        return pd.DataFrame(rows, columns=["rule", "label", "value", "source"])


#: Named presets usable from the CLI and the refresh configuration.
RULE_PRESETS = {
    "2017": ZoningRules.arrete_2017,
    "2021": ZoningRules.revision_2021,
    "2024": ZoningRules.revision_2024,
}
