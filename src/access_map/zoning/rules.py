"""Parameters of the GP zoning (ZIP/ZAC) as a frozen dataclass with named presets.

Sources
-------
* Arrêté du 13 novembre 2017 relatif à la méthodologie applicable à la profession
  de médecin pour la détermination des zones prévues au 1° de l'article L. 1434-4
  du code de la santé publique, and the DGOS FAQ on the 2018 zoning: TVS APL
  (GPs aged 65 or less) ≤ 2.5 → national selection (ZIP "zone A"); 2.5 < APL ≤ 4 →
  vivier (the ARS picks ZIP "zone B", then ZAC, the rest is zone de vigilance);
  APL > 4 → hors vivier, which an ARS may still add up to 5 % of the regional
  vivier population.
* Revisions of 2021 and 2024 (DGOS FAQ 2020/2021): same thresholds on an updated
  APL vintage. *(to verify: the reference only states that the method was revised;
  the thresholds 2.5 / 4 and the 5 % margin are kept as defaults.)*
* 2025 arrêté: regions set their own thresholds (multi-criteria methods); one region
  used 2.71 / 3.98 on APL 2023. Use :meth:`ZoningRules.revision_2025` or
  :meth:`ZoningRules.custom` with the region's values.

The regional population caps (share of the regional population in ZIP A+B and in
ZAC) are regional data, not rules: they are passed as a table to
:func:`access_map.zoning.compute_zoning`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..errors import InvalidValueError

__all__ = ["ZoningRules", "RULE_PRESETS"]


@dataclass(frozen=True)
class ZoningRules:
    """Thresholds of the GP zoning.

    Parameters
    ----------
    zip_threshold
        A TVS whose APL is **≤** this value is in the national selection (ZIP, zone A).
        Default 2.5 (arrêté of 13 November 2017).
    vivier_threshold
        A TVS with ``zip_threshold < APL ≤ vivier_threshold`` is in the regional vivier;
        above it the TVS is hors vivier. Default 4.0 (arrêté 2017).
    hors_vivier_margin
        Largest population of hors-vivier TVS an ARS may add (as ZIP, ZAC or ZV), as a
        share of the regional vivier population. Default 0.05 (arrêté 2017).
    name
        Short name of the rule set (``"2017"``, ``"2021"``, ``"custom"``...).
    source
        Where the values come from (quoted in reports).

    Examples
    --------
    >>> r = ZoningRules.arrete_2017()
    >>> (r.zip_threshold, r.vivier_threshold, r.hors_vivier_margin)
    (2.5, 4.0, 0.05)
    >>> ZoningRules.revision_2025(zip_threshold=2.71, vivier_threshold=3.98).vivier_threshold
    3.98
    >>> ZoningRules.from_name("2021").name
    '2021'
    """

    zip_threshold: float = 2.5
    vivier_threshold: float = 4.0
    hors_vivier_margin: float = 0.05
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
        if problems:
            raise InvalidValueError(
                "invalid ZoningRules: " + "; ".join(problems) + " (APL thresholds are consultations per "
                "standardised inhabitant, e.g. 2.5 and 4; the margin is a share such as 0.05)"
            )

    @classmethod
    def arrete_2017(cls) -> ZoningRules:
        """Rules of the arrêté of 13 November 2017: 2.5 / 4, margin 5 %.

        Examples
        --------
        >>> ZoningRules.arrete_2017().zip_threshold
        2.5
        """
        return cls()

    @classmethod
    def revision_2021(cls) -> ZoningRules:
        """2021 revision: same thresholds on an updated APL (to verify).

        Examples
        --------
        >>> ZoningRules.revision_2021().name
        '2021'
        """
        return cls(
            name="2021",
            source="arrêté 2017 révisé en 2021 (DGOS) — seuils 2,5 / 4 et marge 5 % repris, à vérifier",
        )

    @classmethod
    def revision_2024(cls) -> ZoningRules:
        """2024 revision: same thresholds as 2017 by default (to verify).

        Examples
        --------
        >>> ZoningRules.revision_2024().vivier_threshold
        4.0
        """
        return cls(
            name="2024",
            source="révision 2024 du zonage médecins — seuils 2,5 / 4 et marge 5 % repris, à vérifier",
        )

    @classmethod
    def revision_2025(
        cls, *, zip_threshold: float, vivier_threshold: float, hors_vivier_margin: float = 0.05
    ) -> ZoningRules:
        """2025 arrêté: thresholds chosen by each region (e.g. 2.71 / 3.98 on APL 2023).

        There is no national default: pass the region's values.

        Examples
        --------
        >>> ZoningRules.revision_2025(zip_threshold=2.71, vivier_threshold=3.98).name
        '2025'
        """
        return cls(
            zip_threshold=float(zip_threshold),
            vivier_threshold=float(vivier_threshold),
            hors_vivier_margin=float(hors_vivier_margin),
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
        """Any thresholds (sensitivity analyses, regional methods).

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
        """Copy with other thresholds (same margin, name suffixed ``+custom``).

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


#: Named presets usable from the CLI and the refresh configuration.
RULE_PRESETS = {
    "2017": ZoningRules.arrete_2017,
    "2021": ZoningRules.revision_2021,
    "2024": ZoningRules.revision_2024,
}
