"""What a map states: title, indicator, variant, level, unit, source and production date (French).

Every published map names the profession, the indicator, the practitioner-age variant (all ages /
≤ 65 ans…), the level (commune / TVS) and the vintage, its unit, a source line and the date it was
produced. :class:`MapText` carries these; :func:`apl_text` builds them for an APL map.

The production date is today's date, or the one of ``SOURCE_DATE_EPOCH`` when that variable is
set (the reproducible-builds convention: identical inputs give identical files).

Examples
--------
>>> t = apl_text("infirmier", variant="apl", level="commune", vintage=2023, source="DREES, APL 2023")
>>> t.title
'APL aux infirmiers — 2023'
>>> t.subtitle
'Toutes tranches d’âge des praticiens, par commune'
>>> t.unit
'ETP pour 100 000 habitants standardisés'
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, replace

import pandas as pd

from ..errors import InvalidValueError
from ..messages import maps as msg
from ..messages import maps_checks as chk
from ..schema import PROFESSIONS
from .styles import DECIMALS

__all__ = [
    "ValueLabel",
    "APL_UNITS",
    "APL_SHORT_UNITS",
    "PROFESSION_NAMES",
    "MapText",
    "apl_text",
    "apl_decimals",
    "variant_label",
    "production_date",
    "zoning_subtitle",
    "reference_value",
]

#: Units of the APL of each profession (DREES).
APL_UNITS: dict[str, str] = {
    "medecin_generaliste": "consultations/an/habitant standardisé",
    "infirmier": "ETP pour 100 000 habitants standardisés",
    "masseur_kinesitherapeute": "ETP pour 100 000 habitants standardisés",
    "chirurgien_dentiste": "ETP pour 100 000 habitants standardisés",
    "sage_femme": "ETP pour 100 000 femmes",
}
#: Short units shown after a value in tooltips (the full unit is in the legend).
APL_SHORT_UNITS: dict[str, str] = {
    "medecin_generaliste": "",
    "infirmier": "ETP/100 000 hab.",
    "masseur_kinesitherapeute": "ETP/100 000 hab.",
    "chirurgien_dentiste": "ETP/100 000 hab.",
    "sage_femme": "ETP/100 000 femmes",
}
#: The profession in "APL aux …" titles.
PROFESSION_NAMES: dict[str, str] = {
    "medecin_generaliste": "médecins généralistes",
    "infirmier": "infirmiers",
    "masseur_kinesitherapeute": "masseurs-kinésithérapeutes",
    "chirurgien_dentiste": "chirurgiens-dentistes",
    "sage_femme": "sages-femmes",
}


@dataclass(frozen=True)
class MapText:
    """The texts a map states (plain text, escaped when rendered).

    Attributes
    ----------
    title
        Main title, e.g. « APL aux médecins généralistes — 2023 ».
    subtitle
        Variant and level, e.g. « Praticiens de 65 ans ou moins, par TVS ».
    unit
        Unit of the values (legend), e.g. « consultations/an/habitant standardisé ».
    source
        Source line, e.g. « DREES, APL 2023 ; INSEE, RP 2021 ».
    date
        Production date (``dd/mm/yyyy``).
    layer
        Name of the layer in the layer control.
    """

    title: str
    subtitle: str = ""
    unit: str = ""
    source: str = ""
    date: str = ""
    layer: str = ""

    def with_(self, **changes: str) -> MapText:
        """A copy with some texts changed.

        Examples
        --------
        >>> MapText("A").with_(source="DREES").source
        'DREES'
        """
        return replace(self, **changes)

    def page_title(self) -> str:
        """Text of the page's ``<title>``.

        Examples
        --------
        >>> MapText("APL aux sages-femmes — 2023", subtitle="par commune").page_title()
        'APL aux sages-femmes — 2023 (par commune)'
        """
        return f"{self.title} ({self.subtitle})" if self.subtitle else self.title


def production_date() -> str:
    """Today's date as ``dd/mm/yyyy``, or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible outputs).

    Examples
    --------
    >>> import os
    >>> os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    >>> production_date()
    '14/11/2023'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        day = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC).date()
    else:
        day = _dt.date.today()
    return day.strftime("%d/%m/%Y")


def _max_age(variant: str) -> int | None:
    """Practitioner age cap of a variant column: ``apl`` → None (all ages), ``apl_65`` → 65."""
    if variant == "apl":
        return None
    age = variant.removeprefix("apl_")
    if not age.isdigit():
        raise InvalidValueError(chk.unknown_apl_variant(variant))
    return int(age)


def variant_label(variant: str) -> str:
    """French label of an APL variant column (``apl``, ``apl_65``, ``apl_62``, ``apl_60``).

    Examples
    --------
    >>> variant_label("apl"), variant_label("apl_65")
    ('Toutes tranches d’âge des praticiens', 'Praticiens de 65 ans ou moins')
    """
    return msg.age_long(_max_age(variant))


@dataclass(frozen=True)
class ValueLabel:
    """What a column of APL values is — the one description every title, legend, popup and caption derives from.

    Attributes
    ----------
    profession
        One of :data:`access_map.schema.PROFESSIONS`.
    max_age
        Practitioner age cap of the variant (``None``: all ages; ``0`` is read as ``None``, as in the
        configuration's ``max_ages``).
    level
        ``"commune"`` (the commune's own APL) or ``"tvs"`` (the APL of its territoire de vie-santé).
    data_vintage
        Year of the data the values come from (the practitioner file, the DREES workbook's sheet), shown
        in titles — never the vintage of the method's parameters, which the source line states.

    Examples
    --------
    >>> v = ValueLabel("medecin_generaliste", max_age=0, level="tvs", data_vintage=2017)
    >>> v.variant, v.layer
    ('apl', 'APL médecins généralistes, tous âges, par TVS')
    >>> v.title(where="Gironde")
    'APL aux médecins généralistes — 2017 — Gironde'
    >>> v.popup
    'APL tous âges du TVS'
    >>> ValueLabel.from_variant("infirmier", "apl_62").subtitle
    'Praticiens de 62 ans ou moins, par commune'
    """

    profession: str = "medecin_generaliste"
    max_age: int | None = None
    level: str = "commune"
    data_vintage: int | None = None

    def __post_init__(self) -> None:
        if self.profession not in PROFESSIONS:
            raise InvalidValueError(chk.unknown_profession(self.profession, list(PROFESSIONS)))
        if self.level not in msg.LEVEL_LONG:
            raise InvalidValueError(chk.unknown_level(self.level))
        if self.max_age == 0:
            object.__setattr__(self, "max_age", None)

    @classmethod
    def from_variant(
        cls, profession: str, variant: str, *, level: str = "commune", data_vintage: int | None = None
    ) -> ValueLabel:
        """The description of a variant column (``apl``, ``apl_65``…)."""
        return cls(profession, _max_age(variant), level, data_vintage)

    @property
    def variant(self) -> str:
        """The variant column: ``apl`` (all ages) or ``apl_65``…"""
        return "apl" if self.max_age is None else f"apl_{self.max_age}"

    @property
    def profession_name(self) -> str:
        return PROFESSION_NAMES[self.profession]

    def title(self, *, where: str = "") -> str:
        """« APL aux médecins généralistes — 2017 — Gironde » (the data's year)."""
        return msg.apl_title(self.profession_name, vintage=self.data_vintage, where=where)

    @property
    def subtitle(self) -> str:
        """« Praticiens de 65 ans ou moins, par territoire de vie-santé (TVS) »."""
        return f"{msg.age_long(self.max_age)}, {msg.LEVEL_LONG[self.level]}"

    @property
    def layer(self) -> str:
        """Name in the layer control: « APL médecins généralistes, ≤ 65 ans, par TVS »."""
        return msg.apl_layer(self.profession_name, max_age=self.max_age, level=self.level)

    @property
    def popup(self) -> str:
        """Row of the click popup: « APL médecins généralistes, tous âges » or « APL ≤ 65 ans du TVS »."""
        if self.level == "tvs":
            return msg.tvs_apl_popup(self.max_age)
        return msg.apl_popup(self.profession_name, max_age=self.max_age)

    @property
    def caption(self) -> str:
        """Caption of the figure in a report."""
        return msg.apl_caption(self.profession_name, max_age=self.max_age, level=self.level, vintage=self.data_vintage)

    @property
    def unit(self) -> str:
        return APL_UNITS[self.profession]

    def text(self, *, source: str = "", date: str | None = None, where: str = "") -> MapText:
        """The :class:`MapText` of a map of these values."""
        return MapText(
            title=self.title(where=where),
            subtitle=self.subtitle,
            unit=self.unit,
            source=source,
            date=production_date() if date is None else date,
            layer=self.layer,
        )


def apl_decimals(profession: str) -> int:
    """Decimals of an APL value: 2 for GPs (consultations, thresholds 2,5/4), 1 for ETP per 100,000.

    Examples
    --------
    >>> apl_decimals("medecin_generaliste"), apl_decimals("sage_femme")
    (2, 1)
    """
    return DECIMALS["apl_medecin"] if profession == "medecin_generaliste" else DECIMALS["etp"]


def apl_text(
    profession: str,
    *,
    variant: str = "apl",
    level: str = "commune",
    vintage: int | None = None,
    source: str = "",
    date: str | None = None,
    where: str = "",
) -> MapText:
    """Texts of an APL map: profession, variant, level, data vintage, unit, source, date (see :class:`ValueLabel`).

    Parameters
    ----------
    profession
        One of :data:`access_map.schema.PROFESSIONS`.
    variant
        ``apl`` (all practitioners) or ``apl_65``/``apl_62``/``apl_60``.
    level
        ``commune`` or ``tvs``.
    vintage
        Year of the data (practitioners, DREES workbook), shown in the title; not the parameters' vintage.
    source, date
        Source line; production date (default :func:`production_date`).
    where
        Territory added to the title (e.g. « Nouvelle-Aquitaine »).

    Examples
    --------
    >>> apl_text("medecin_generaliste", variant="apl_65", level="tvs", vintage=2023).layer
    'APL médecins généralistes, ≤ 65 ans, par TVS'
    """
    return ValueLabel.from_variant(profession, variant, level=level, data_vintage=vintage).text(
        source=source, date=date, where=where
    )


def zoning_subtitle(kind: str, vintage: int | None, max_age: int | None = 65) -> str:
    """Subtitle of a zoning map naming the APL the zoning was computed on.

    Examples
    --------
    >>> zoning_subtitle("calculé", 2023)
    "Zonage calculé sur l'APL 2023 (médecins de 65 ans ou moins, par TVS), par commune"
    >>> zoning_subtitle("calculé", None, None)
    "Zonage calculé sur l'APL (tous âges, par TVS), par commune"
    """
    return f"Zonage {kind}{msg.zoning_basis(vintage, max_age)}, par commune"


def reference_value(values: pd.Series, weights: pd.Series, *, standardised: bool) -> tuple[str, float] | None:
    """The territory's reference value shown under a legend: the mean of ``values`` weighted by ``weights``.

    ``standardised`` says whether the weights are the standardised population (the DREES demand)
    or the population; ``None`` when no value has a positive weight.

    Examples
    --------
    >>> reference_value(pd.Series({"a": 2.0, "b": 5.0}), pd.Series({"a": 300.0, "b": 100.0}), standardised=True)
    ('Moyenne du territoire (pondérée par la population standardisée)', 2.75)
    """
    v = pd.to_numeric(values, errors="coerce")
    w = pd.to_numeric(weights, errors="coerce").reindex(v.index)
    ok = v.notna() & w.notna() & (w > 0)
    if not ok.any():
        return None
    what = "la population standardisée" if standardised else "la population"
    return f"Moyenne du territoire (pondérée par {what})", float((v[ok] * w[ok]).sum() / w[ok].sum())
