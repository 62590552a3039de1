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

__all__ = ["ZoningRules", "RULE_PRESETS", "RULE_SOURCES", "CROSS_REGION_MODES", "STARTING_POINTS"]

#: Ways of classing a TVS whose residents live in several regions.
CROSS_REGION_MODES: tuple[str, str] = ("per_region", "majority_region")
#: Where the regional choice starts from when no ARS list is given.
STARTING_POINTS: tuple[str, str] = ("lowest_apl", "in_force")
#: Classes a QPV may take under the application (its radio buttons).
_ALL_QPV_CLASSES: tuple[str, ...] = ("ZIP", "ZAC", "ZV", "HV")

_APP = "application DREES Zonage_ARS"

#: Source of each rule (field of :class:`ZoningRules`) under the 2017 reading and under the
#: application (2021+ presets). Quoted in the zoning report.
RULE_SOURCES: dict[str, dict[str, str]] = {
    "zip_threshold": {
        "2017": "arrêté du 13 novembre 2017, annexe (APL du TVS ≤ 2,5 : sélection nationale)",
        "app": "arrêté 2017 révisé (2021) ; 2025 : seuil régional",
    },
    "vivier_threshold": {
        "2017": "arrêté du 13 novembre 2017, annexe (2,5 < APL ≤ 4 : vivier)",
        "app": "arrêté 2017 révisé (2021) ; 2025 : seuil régional",
    },
    "hors_vivier_margin": {
        "2017": "arrêté du 13 novembre 2017, annexe (marge de 5 % de la population du vivier)",
        "app": f"{_APP}, R/jauges_func.R (jauge « marge dérogatoire », max_val = 5)",
    },
    "national_selection_optional_regions": {
        "2017": "arrêté du 13 novembre 2017 : sélection nationale obligatoire (ZIP) dans toutes les régions",
        "app": f"{_APP}, global.R (regions_derogatoires = 84, 11, 93, 32) et R/prep_zonage_mg.R (ZIP coché "
        "et verrouillé pour la sélection nationale hors de ces régions)",
    },
    "cross_region": {
        "2017": "arrêté du 13 novembre 2017 : chaque ARS classe la part de ses résidents",
        "app": f"{_APP}, R/prep_zonage_mg.R (reg_majoritaire : région la plus peuplée du TVS, boutons "
        "désactivés ailleurs) et R/tableau_agr_func.R (zonage en vigueur de la région majoritaire repris)",
    },
    "hors_vivier_margin_classes": {
        "2017": "lecture du package : tout TVS hors vivier ajouté (ZIP, ZAC ou ZV) compte dans la marge",
        "app": f"{_APP}, R/jauges_func.R (marge = population hors vivier choisie ZIP ou ZAC / population du vivier)",
    },
    "share_check_decimals": {
        "2017": "lecture du package : parts exactes (tolérance relative 1e-9)",
        "app": f"{_APP}, R/jauges_func.R (round(100 * part, 1) comparé à maxZIP / maxZAC / 5) et "
        "R/load_files.R (plafonds maxZIP, maxZAC en % par région)",
    },
    "category_source": {
        "2017": "lecture du package : catégorie calculée depuis l'APL du TVS",
        "app": f"{_APP}, R/prep_zonage_mg.R (cadre national CN lu dans le fichier DREES : "
        "01_Sélection nationale, 02_Vivier, ZZ_Hors vivier)",
    },
    "tvs_apl_decimals": {
        "2017": "note DREES (APL du TVS = moyenne pondérée par la population standardisée) ; arrondi à 12 "
        "décimales contre le bruit flottant",
        "app": "note DREES (APL du TVS = moyenne pondérée par la population standardisée) ; arrondi à 12 "
        "décimales contre le bruit flottant",
    },
    "qpv_classes": {
        "2017": "lecture du package de l'arrêté 2017 : un QPV peut être classé ZIP ou ZAC",
        "app": f"{_APP}, utils/qpv.R (choix ZIP, ZAC, ZV, HV pour un QPV)",
    },
    "qpv_requires_vivier": {
        "2017": "arrêté du 13 novembre 2017 : QPV au moins en partie dans un TVS du vivier",
        "app": f"{_APP}, R/qpv_func.R (aucune condition de vivier)",
    },
    "qpv_excluded_regions": {
        "2017": "arrêté du 13 novembre 2017 : QPV dans toutes les régions",
        "app": f"{_APP}, R/qpv_func.R (pas de zonage des QPV dans les régions 4 et 6)",
    },
    "starting_point": {
        "2017": "lecture du package : plafonds remplis par APL croissant (pas d'équivalent dans l'application)",
        "app": f"{_APP}, R/prep_zonage_mg.R (zonage en vigueur pré-coché) et R/tableau_agr_func.R",
    },
    "grand_quartier_regions": {
        "2017": "lecture du package : zonage par TVS partout",
        "app": f"{_APP}, R/handle_geo_data.R (La Réunion, région 4 : grands quartiers au lieu des TVS) et "
        "R/prep_zonage_mg.R ; codes d'export 7_GQ_ZAC / 8_GQ_ZIP",
    },
}


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
    source: str = "arrêté du 13 novembre 2017 (médecins), DGOS FAQ zonage 2018"

    def __post_init__(self) -> None:
        problems = []
        for field_name in ("zip_threshold", "vivier_threshold", "hors_vivier_margin"):
            value = getattr(self, field_name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                problems.append(f"{field_name}={value!r} is not a finite number")
            elif value < 0:
                problems.append(f"{field_name}={value!r} is negative")
        if not problems and self.zip_threshold > self.vivier_threshold:
            problems.append(f"zip_threshold={self.zip_threshold} is above vivier_threshold={self.vivier_threshold}")
        if not problems and self.hors_vivier_margin > 1:
            problems.append(f"hors_vivier_margin={self.hors_vivier_margin} is a share and must be in [0, 1]")
        if self.cross_region not in CROSS_REGION_MODES:
            problems.append(f"cross_region={self.cross_region!r} is not one of {CROSS_REGION_MODES}")
        if self.starting_point not in STARTING_POINTS:
            problems.append(f"starting_point={self.starting_point!r} is not one of {STARTING_POINTS}")
        if self.category_source not in ("computed", "drees"):
            problems.append(f"category_source={self.category_source!r} is not 'computed' or 'drees'")
        bad_margin = set(self.hors_vivier_margin_classes) - {"ZIP", "ZAC", "ZV"}
        if bad_margin:
            problems.append(f"hors_vivier_margin_classes has unknown class(es) {sorted(bad_margin)} (ZIP, ZAC, ZV)")
        bad_qpv = set(self.qpv_classes) - set(_ALL_QPV_CLASSES)
        if bad_qpv or not self.qpv_classes:
            problems.append(f"qpv_classes={self.qpv_classes!r}: choose among {_ALL_QPV_CLASSES}")
        decimals = self.share_check_decimals
        if decimals is not None and (not isinstance(decimals, int) or isinstance(decimals, bool) or decimals < 0):
            problems.append(f"share_check_decimals={decimals!r} must be None or a non-negative integer")
        if not isinstance(self.tvs_apl_decimals, int) or not 0 <= self.tvs_apl_decimals <= 15:
            problems.append(f"tvs_apl_decimals={self.tvs_apl_decimals!r} must be an integer in [0, 15]")
        if problems:
            raise InvalidValueError(
                "invalid ZoningRules: " + "; ".join(problems) + " (APL thresholds are consultations per "
                "standardised inhabitant, e.g. 2.5 and 4; the margin is a share such as 0.05)"
            )
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
        return cls.application(
            name="2021",
            source="arrêté 2017 révisé en 2021 (DGOS), règles de l'application DREES Zonage_ARS — seuils 2,5 / 4 "
            "et marge 5 % repris, à vérifier",
        )

    @classmethod
    def revision_2024(cls) -> ZoningRules:
        """2024 revision: the application's rules, same thresholds as 2017 by default (to verify).

        Examples
        --------
        >>> ZoningRules.revision_2024().vivier_threshold
        4.0
        """
        return cls.application(
            name="2024",
            source="révision 2024 du zonage médecins, règles de l'application DREES — seuils 2,5 / 4 et marge "
            "5 % repris, à vérifier",
        )

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
            source="arrêté 2025: seuils régionaux (ex. 2,71 / 3,98 sur l'APL 2023)",
        )

    @classmethod
    def custom(
        cls,
        *,
        zip_threshold: float,
        vivier_threshold: float,
        hors_vivier_margin: float = 0.05,
        source: str = "user-supplied thresholds",
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
            raise InvalidValueError(
                f"unknown zoning rule set {name!r}; choose one of {', '.join(map(repr, RULE_PRESETS))}, "
                "or build ZoningRules.revision_2025(zip_threshold=..., vivier_threshold=...) / "
                "ZoningRules.custom(...) for regional thresholds"
            )
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
            raise InvalidValueError(f"unknown rule {name!r}; rules: {', '.join(RULE_SOURCES)}")
        value = getattr(self, name)
        app_value = getattr(ZoningRules.application(name="", source=""), name)
        old_value = getattr(ZoningRules(), name)
        if value == app_value and (value != old_value or self.follows_application):
            return RULE_SOURCES[name]["app"]
        if value == old_value:
            return RULE_SOURCES[name]["2017"]
        if name in ("zip_threshold", "vivier_threshold", "hors_vivier_margin"):
            return self.source
        return f"valeur choisie par l'utilisateur ({value!r})"

    def describe(self) -> pd.DataFrame:
        """One row per rule: ``rule``, ``value``, ``source`` (for reports).

        Examples
        --------
        >>> d = ZoningRules.revision_2021().describe()
        >>> d.set_index("rule").loc["cross_region", "value"]
        'majority_region'
        """
        rows = []
        for f in fields(self):
            if f.name in ("name", "source"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                value = ", ".join(sorted(value)) or "—"
            elif isinstance(value, tuple):
                value = ", ".join(value)
            rows.append({"rule": f.name, "value": value, "source": self.rule_source(f.name)})
        return pd.DataFrame(rows, columns=["rule", "value", "source"])


#: Named presets usable from the CLI and the refresh configuration.
RULE_PRESETS = {
    "2017": ZoningRules.arrete_2017,
    "2021": ZoningRules.revision_2021,
    "2024": ZoningRules.revision_2024,
}
