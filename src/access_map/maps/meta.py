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
from ..schema import PROFESSIONS
from .styles import DECIMALS

__all__ = [
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
_LEVELS = {"commune": "par commune", "tvs": "par territoire de vie-santé (TVS)"}


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


def variant_label(variant: str) -> str:
    """French label of an APL variant column (``apl``, ``apl_65``, ``apl_62``, ``apl_60``).

    Examples
    --------
    >>> variant_label("apl"), variant_label("apl_65")
    ('Toutes tranches d’âge des praticiens', 'Praticiens de 65 ans ou moins')
    """
    if variant == "apl":
        return "Toutes tranches d’âge des praticiens"
    age = variant.removeprefix("apl_")
    if not age.isdigit():
        raise InvalidValueError(f"unknown APL variant {variant!r}; expected 'apl' or 'apl_65', 'apl_62', 'apl_60'")
    return f"Praticiens de {age} ans ou moins"


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
    """Texts of an APL map: profession, variant, level, vintage, unit, source, date.

    Parameters
    ----------
    profession
        One of :data:`access_map.schema.PROFESSIONS`.
    variant
        ``apl`` (all practitioners) or ``apl_65``/``apl_62``/``apl_60``.
    level
        ``commune`` or ``tvs``.
    vintage
        Year of the APL (parameters and data), shown in the title.
    source, date
        Source line; production date (default :func:`production_date`).
    where
        Territory added to the title (e.g. « région 84 »).

    Examples
    --------
    >>> apl_text("medecin_generaliste", variant="apl_65", level="tvs", vintage=2023).layer
    'APL médecins généralistes, ≤ 65 ans, par TVS'
    """
    if profession not in PROFESSIONS:
        raise InvalidValueError(f"unknown profession {profession!r}; expected one of {', '.join(PROFESSIONS)}")
    if level not in _LEVELS:
        raise InvalidValueError(f"unknown level {level!r}; expected 'commune' or 'tvs'")
    name = PROFESSION_NAMES[profession]
    title = f"APL aux {name}" + (f" — {vintage}" if vintage else "") + (f" — {where}" if where else "")
    age = "tous âges" if variant == "apl" else f"≤ {variant.removeprefix('apl_')} ans"
    layer = f"APL {name}, {age}, {'par commune' if level == 'commune' else 'par TVS'}"
    return MapText(
        title=title,
        subtitle=f"{variant_label(variant)}, {_LEVELS[level]}",
        unit=APL_UNITS[profession],
        source=source,
        date=production_date() if date is None else date,
        layer=layer,
    )


def zoning_subtitle(kind: str, vintage: int | None, max_age: int | None = 65) -> str:
    """Subtitle of a zoning map naming the APL the zoning was computed on.

    Examples
    --------
    >>> zoning_subtitle("calculé", 2023)
    "Zonage calculé sur l'APL 2023 (médecins de 65 ans ou moins, par TVS), par commune"
    >>> zoning_subtitle("calculé", None)
    'Zonage calculé, par commune'
    """
    variant = "tous âges" if max_age is None else f"médecins de {max_age} ans ou moins"
    basis = f" sur l'APL {vintage} ({variant}, par TVS)" if vintage is not None else ""
    return f"Zonage {kind}{basis}, par commune"


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
