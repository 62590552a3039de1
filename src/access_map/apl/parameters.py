"""Parameters of the DREES APL: the official age weights and the :class:`APLParams` presets per profession."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from .._validate import describe_values
from ..decay import DREES_GP_DECAY, StepDecay
from ..errors import InvalidValueError
from ..messages import apl as msg_apl
from ..schema import AGE_BANDS, PROFESSION_LABELS, PROFESSIONS

__all__ = ["AGE_WEIGHTS", "APLParams", "CatchmentToVerifyWarning"]

_WEIGHTS_2022 = (0.93, 0.59, 0.55, 0.59, 0.73, 0.78, 0.84, 0.88, 0.90, 0.97,
                 1.06, 1.14, 1.16, 1.19, 1.52, 1.53, 1.72, 1.99, 2.39)  # fmt: skip
_WEIGHTS_2023 = (1.12, 0.58, 0.51, 0.60, 0.75, 0.79, 0.82, 0.85, 0.89, 0.93,
                 1.03, 1.15, 1.18, 1.23, 1.46, 1.57, 1.63, 1.89, 2.26)  # fmt: skip

#: Official age weights of the GP APL, per vintage, keyed by :data:`~access_map.schema.AGE_BANDS`.
#: Source: DREES, APL MG 2022-2023 workbook, sheet ``Paramètres``, "Pondération de la population
#: selon l'âge" (weight = the band's mean GP consumption / national mean; DCIR 2020 and 2021, Cnam;
#: populations municipales 2020 and 2021, Insee).
AGE_WEIGHTS: Mapping[int, Mapping[str, float]] = MappingProxyType(
    {
        2022: MappingProxyType(dict(zip(AGE_BANDS, _WEIGHTS_2022, strict=True))),
        2023: MappingProxyType(dict(zip(AGE_BANDS, _WEIGHTS_2023, strict=True))),
    }
)


class CatchmentToVerifyWarning(UserWarning):
    """A profession preset uses a catchment not published with the data (GP decay used by default)."""


_GP_UNIT = "consultations/visites accessibles par habitant standardisé et par an"
_ETP_UNIT = "ETP accessibles pour 100 000 habitants standardisés"
_MIDWIFE_UNIT = "ETP accessibles pour 100 000 femmes"


@dataclass(frozen=True)
class APLParams:
    """Parameters of an APL computation; build them with a named preset.

    Use :meth:`drees_mg` for general practitioners and :meth:`for_profession` (or
    :meth:`drees_infirmier`, :meth:`drees_masseur_kinesitherapeute`,
    :meth:`drees_chirurgien_dentiste`, :meth:`drees_sage_femme`) for the other professions;
    change one value with :func:`dataclasses.replace`.

    Attributes
    ----------
    profession
        One of :data:`~access_map.schema.PROFESSIONS`.
    vintage
        APL vintage whose age weights are used (2022 or 2023, the published ones).
    decay
        Distance decay; DREES GP: < 10 min → 1, 10–15 → 2/3, 15–20 → 1/3, > 20 → 0
        (``Paramètres`` sheet), boundary convention of :data:`~access_map.decay.DREES_GP_DECAY`
        (exactly 10.0 → 2/3, 20.0 → 0).
    max_minutes
        Catchment radius (20 minutes, DREES).
    include_max
        Whether a pair at exactly ``max_minutes`` is in the catchment; ``False`` to match the
        decay's ``closed="left"`` convention (its weight is 0 anyway).
    age_weights
        Band → weight used by :func:`standardised_population` (``None`` when the demand is not
        standardised, e.g. women for midwives).
    demand_kind
        ``"standardised"`` (age-standardised population) or ``"women"`` (midwives).
    supply_kind
        ``"acts"`` (GPs: bounded annual acts) or ``"etp"`` (other professions: full-time equivalents).
    min_acts
        GPs with fewer acts than this (strictly) count 0 (DREES: "moins de 250 → 0").
        The sheet leaves exactly 250 undefined; here 250 counts (raised to ``floor_acts``).
    floor_acts
        Acts from ``min_acts`` up to this value count as this value (DREES: 251–3,600 → 3,600).
    cap_acts
        Acts above this count as this value (DREES: > 6,000 → 6,000); between ``floor_acts`` and
        ``cap_acts`` the actual activity counts.
    new_practitioner_acts
        Acts imputed to a GP with no liberal activity the previous year (DREES: 5,400).
    max_age
        Keep only practitioners aged at most this (DREES variants: 65, 62, 60; zoning uses 65).
        ``None``: all ages.
    scale
        Multiplier of the raw ratio: 1 for GPs, 100,000 for the per-100,000 professions.
    unit
        French label of the unit of the result.
    catchment_to_verify
        ``True`` when the catchment (decay, radius) is not published for this profession and the
        GP values are used by default (methods.md: "to verify").

    Examples
    --------
    >>> p = APLParams.drees_mg(2023, max_age=65)
    >>> p.max_minutes, p.max_age, p.scale, p.age_weights["age_90_plus"]
    (20.0, 65.0, 1.0, 2.26)
    """

    profession: str
    vintage: int
    decay: StepDecay
    max_minutes: float
    include_max: bool
    age_weights: Mapping[str, float] | None
    demand_kind: Literal["standardised", "women"]
    supply_kind: Literal["acts", "etp"]
    scale: float
    unit: str
    min_acts: float = 250.0
    floor_acts: float = 3600.0
    cap_acts: float = 6000.0
    new_practitioner_acts: float = 5400.0
    max_age: float | None = None
    catchment_to_verify: bool = False
    sources: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.profession not in PROFESSIONS:
            raise InvalidValueError(
                msg_apl.profession_inconnue(profession=repr(self.profession), attendues=describe_values(PROFESSIONS))
            )
        if self.max_age is not None:
            if not (isinstance(self.max_age, (int, float)) and 15 <= float(self.max_age) <= 110):
                raise InvalidValueError(msg_apl.age_max_invalide(valeur=self.max_age))
            object.__setattr__(self, "max_age", float(self.max_age))
        if not (0 <= self.min_acts <= self.floor_acts <= self.cap_acts):
            raise InvalidValueError(
                msg_apl.bornes_activite_invalides(
                    min_acts=self.min_acts, floor_acts=self.floor_acts, cap_acts=self.cap_acts
                )
            )
        if self.scale <= 0 or self.max_minutes <= 0:
            raise InvalidValueError(msg_apl.echelle_invalide(scale=self.scale, max_minutes=self.max_minutes))
        if self.age_weights is not None:
            missing = [b for b in AGE_BANDS if b not in self.age_weights]
            if missing:
                raise InvalidValueError(msg_apl.tranches_poids_manquantes(tranches=describe_values(missing)))
            object.__setattr__(self, "age_weights", MappingProxyType(dict(self.age_weights)))
        object.__setattr__(self, "max_minutes", float(self.max_minutes))
        object.__setattr__(self, "scale", float(self.scale))

    @staticmethod
    def _weights(vintage: int) -> Mapping[str, float]:
        if vintage not in AGE_WEIGHTS:
            raise InvalidValueError(
                msg_apl.poids_officiels_absents(millesime=vintage, disponibles=describe_values(sorted(AGE_WEIGHTS)))
            )
        return AGE_WEIGHTS[vintage]

    @classmethod
    def drees_mg(cls, vintage: int = 2023, *, max_age: float | None = None) -> APLParams:
        """DREES APL to general practitioners (médecins généralistes).

        Every value comes from the ``Paramètres`` sheet of the DREES APL MG 2022-2023 workbook:
        activity bounds 250 / 3,600 / 6,000, 5,400 acts for new GPs, no bounds in centres de
        santé, decay 1 / 2/3 / 1/3 within 10 / 15 / 20 minutes, age weights of ``vintage``.

        Examples
        --------
        >>> p = APLParams.drees_mg(2022)
        >>> p.age_weights["age_00_04"], p.new_practitioner_acts, p.unit
        (0.93, 5400.0, 'consultations/visites accessibles par habitant standardisé et par an')
        """
        return cls(
            profession="medecin_generaliste",
            vintage=int(vintage),
            decay=DREES_GP_DECAY,
            max_minutes=DREES_GP_DECAY.max_minutes,
            include_max=False,
            age_weights=cls._weights(int(vintage)),
            demand_kind="standardised",
            supply_kind="acts",
            scale=1.0,
            unit=_GP_UNIT,
            max_age=max_age,
            sources=(
                "DREES, APL aux médecins généralistes 2022-2023, feuille Paramètres (data.drees, "
                "530_l-accessibilite-potentielle-localisee-apl)",
            ),
        )

    @classmethod
    def for_profession(cls, profession: str, vintage: int = 2023, *, max_age: float | None = None) -> APLParams:
        """Preset for any profession of :data:`~access_map.schema.PROFESSIONS`.

        Non-GP professions: supply = ETP (full-time equivalents, × share of the site), result
        per 100,000 standardised inhabitants (per 100,000 women for midwives). Their catchment
        and age weights are **not published** with the data used here (*to verify*): the GP
        decay, radius and GP age weights of ``vintage`` are used, and a
        :class:`CatchmentToVerifyWarning` says so.

        Examples
        --------
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as w:
        ...     warnings.simplefilter("always")
        ...     p = APLParams.for_profession("sage_femme")
        >>> p.demand_kind, p.scale, p.catchment_to_verify, w[0].category.__name__
        ('women', 100000.0, True, 'CatchmentToVerifyWarning')
        """
        if profession == "medecin_generaliste":
            return cls.drees_mg(vintage, max_age=max_age)
        if profession not in PROFESSIONS:
            raise InvalidValueError(
                msg_apl.profession_inconnue(profession=repr(profession), attendues=describe_values(PROFESSIONS))
            )
        midwife = profession == "sage_femme"
        warnings.warn(
            msg_apl.parametres_a_verifier(
                profession=PROFESSION_LABELS[profession], millesime=vintage, sage_femme=midwife
            ),
            CatchmentToVerifyWarning,
            stacklevel=2,
        )
        return cls(
            profession=profession,
            vintage=int(vintage),
            decay=DREES_GP_DECAY,
            max_minutes=DREES_GP_DECAY.max_minutes,
            include_max=False,
            age_weights=None if midwife else cls._weights(int(vintage)),
            demand_kind="women" if midwife else "standardised",
            supply_kind="etp",
            scale=100_000.0,
            unit=_MIDWIFE_UNIT if midwife else _ETP_UNIT,
            max_age=max_age,
            catchment_to_verify=True,
            sources=("methods.md §1: unit per 100,000; catchment to verify (GP decay by default)",),
        )

    @classmethod
    def drees_infirmier(cls, vintage: int = 2023, *, max_age: float | None = None) -> APLParams:
        """Nurses: ETP per 100,000 standardised inhabitants (catchment to verify, see :meth:`for_profession`).

        Examples
        --------
        >>> import warnings
        >>> with warnings.catch_warnings(record=True):  # the "catchment to verify" warning, shown once
        ...     APLParams.drees_infirmier().unit
        'ETP accessibles pour 100 000 habitants standardisés'
        """
        return cls.for_profession("infirmier", vintage, max_age=max_age)

    @classmethod
    def drees_masseur_kinesitherapeute(cls, vintage: int = 2023, *, max_age: float | None = None) -> APLParams:
        """Physiotherapists: ETP per 100,000 standardised inhabitants (catchment to verify).

        Examples
        --------
        >>> import warnings
        >>> with warnings.catch_warnings(record=True):  # the "catchment to verify" warning, shown once
        ...     APLParams.drees_masseur_kinesitherapeute().supply_kind
        'etp'
        """
        return cls.for_profession("masseur_kinesitherapeute", vintage, max_age=max_age)

    @classmethod
    def drees_chirurgien_dentiste(cls, vintage: int = 2023, *, max_age: float | None = None) -> APLParams:
        """Dentists: ETP per 100,000 standardised inhabitants (catchment to verify).

        Examples
        --------
        >>> import warnings
        >>> with warnings.catch_warnings(record=True):  # the "catchment to verify" warning, shown once
        ...     APLParams.drees_chirurgien_dentiste().scale
        100000.0
        """
        return cls.for_profession("chirurgien_dentiste", vintage, max_age=max_age)

    @classmethod
    def drees_sage_femme(cls, vintage: int = 2023, *, max_age: float | None = None) -> APLParams:
        """Midwives: ETP per 100,000 women (demand = female population; catchment to verify).

        Examples
        --------
        >>> import warnings
        >>> with warnings.catch_warnings(record=True):  # the "catchment to verify" warning, shown once
        ...     APLParams.drees_sage_femme().demand_kind
        'women'
        """
        return cls.for_profession("sage_femme", vintage, max_age=max_age)
