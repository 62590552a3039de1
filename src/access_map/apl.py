"""The DREES APL (accessibilité potentielle localisée) to primary-care professionals.

The APL is an enhanced two-step floating catchment (:mod:`access_map.fca`) between
communes, with three French specifics (DREES, Barlet et al. 2012; ``Paramètres`` sheet of
the APL workbooks on data.drees, dataset ``530_l-accessibilite-potentielle-localisee-apl``):

* **supply** measured by activity: for general practitioners (GPs), each practitioner's
  annual consultations + visits + teleconsultations, bounded (:func:`counted_acts`), summed
  per commune of practice (:func:`supply_from_activity`);
* **demand** standardised by age: population by five-year band weighted by the band's GP
  consumption relative to the national mean (:func:`standardised_population`,
  :data:`AGE_WEIGHTS`);
* a **20-minute** catchment with the stepped decay :data:`~access_map.decay.DREES_GP_DECAY`
  between commune chefs-lieux (a commune to itself = 0 minute).

Units
-----
* GPs: consultations/visits accessible per standardised inhabitant per year
  (``scale = 1``; national mean 3.3 in 2022).
* Nurses, physiotherapists (masseurs-kinésithérapeutes), dentists: full-time equivalents
  (ETP) accessible per 100,000 standardised inhabitants (``scale = 100_000``).
* Midwives: ETP per 100,000 women (demand = female population, ``scale = 100_000``).

The scaling is carried by :class:`APLParams` (``scale``), so :func:`compute_apl` returns the
published unit directly.

Examples
--------
>>> import pandas as pd
>>> params = APLParams.drees_mg(2023)
>>> times = pd.DataFrame({"origin": ["33001", "33001", "33002", "33002"],
...                       "destination": ["33001", "33002", "33001", "33002"],
...                       "minutes": [0.0, 12.0, 12.0, 0.0]})
>>> demand = pd.Series({"33001": 1000.0, "33002": 500.0})
>>> supply = pd.Series({"33001": 5400.0})
>>> # reachable demand from 33001 = 1000 x 1 + 500 x 2/3 = 4000/3; R = 5400 / (4000/3) = 4.05
>>> compute_apl(supply=supply, demand=demand, times=times, params=params).round(4).tolist()
[4.05, 2.7]
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from ._validate import check_insee_codes, describe_values, user_stacklevel
from .communes import CODE, validate_communes
from .decay import DREES_GP_DECAY, StepDecay
from .errors import InvalidCodeError, InvalidValueError
from .fca import Catchment, fca_from_catchment, prepare_catchment
from .messages import apl as msg_apl
from .schema import AGE_BANDS, PROFESSION_LABELS, PROFESSIONS
from .zones import check_zone_codes, check_zone_kind

__all__ = [
    "AGE_WEIGHTS",
    "APLParams",
    "CatchmentToVerifyWarning",
    "counted_acts",
    "impute_activity",
    "IMPUTED_COLUMN",
    "supply_from_activity",
    "supply_rows",
    "standardised_population",
    "demand_from_population",
    "prepare_apl_catchment",
    "apl_from_catchment",
    "compute_apl",
    "apl_variants",
    "variant_column",
    "aggregate_apl",
]

logger = logging.getLogger(__name__)

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


# ---------------------------------------------------------------------------
# supply
# ---------------------------------------------------------------------------


def counted_acts(
    acts: np.ndarray | Sequence[float],
    *,
    new_practitioner: np.ndarray | Sequence[bool] | None = None,
    health_centre: np.ndarray | Sequence[bool] | None = None,
    params: APLParams | None = None,
) -> np.ndarray:
    """Acts counted in the GP APL for each practitioner (annual total, before the split across sites).

    Rules (DREES ``Paramètres`` sheet), with ``params`` defaults 250 / 3,600 / 6,000 / 5,400:

    * salaried in a centre de santé with known acts → actual acts (no bounds);
    * otherwise a new practitioner (no liberal activity the previous year) → 5,400 imputed;
    * otherwise ``acts < 250`` → 0; ``250 <= acts <= 3,600`` → 3,600; ``3,600 < acts <= 6,000`` → actual;
      ``acts > 6,000`` → 6,000. (The sheet says "moins de 250" and "entre 251 et 3 600"; the value
      250 itself is unassigned there and is counted here, as the literal reading of "moins de 250".)

    Parameters
    ----------
    acts
        Consultations + visits + teleconsultations in the year; NaN allowed only for new
        practitioners.
    new_practitioner, health_centre
        Boolean flags (default all ``False``).
    params
        Bounds; default :meth:`APLParams.drees_mg`.

    Returns
    -------
    numpy.ndarray of float

    Examples
    --------
    >>> counted_acts([100, 249.9, 250, 3000, 3600, 4500, 6000, 9000]).tolist()
    [0.0, 0.0, 3600.0, 3600.0, 3600.0, 4500.0, 6000.0, 6000.0]
    >>> counted_acts([float("nan"), 100, 9000], new_practitioner=[True, False, False],
    ...              health_centre=[False, True, True]).tolist()
    [5400.0, 100.0, 9000.0]
    """
    p = params if params is not None else APLParams.drees_mg()
    a = np.asarray(acts, dtype=float)
    new = np.zeros(a.shape, bool) if new_practitioner is None else np.asarray(new_practitioner, dtype=bool)
    centre = np.zeros(a.shape, bool) if health_centre is None else np.asarray(health_centre, dtype=bool)
    known = ~np.isnan(a)
    if (a[known] < 0).any():
        raise InvalidValueError(msg_apl.actes_negatifs(valeurs=describe_values(a[known][a[known] < 0].tolist())))
    missing = ~known & ~new
    if missing.any():
        raise InvalidValueError(msg_apl.actes_manquants(n=int(missing.sum())))
    bounded = np.where(a < p.min_acts, 0.0, np.clip(a, p.floor_acts, p.cap_acts))
    out = np.where(new, p.new_practitioner_acts, bounded)
    return np.where(centre & known, a, out)


#: Boolean column added by :func:`impute_activity`: the row's acts were imputed, not observed.
IMPUTED_COLUMN = "activity_imputed"


def _describe_practitioners(table: pd.DataFrame, mask: np.ndarray | pd.Series) -> str:
    """``"3 praticiens (5 lignes praticien × site ; ex. 'a', 'b')"`` for the rows in ``mask``."""
    ids = table.loc[np.asarray(mask, dtype=bool), "practitioner_id"]
    distinct = pd.unique(ids.astype(object))
    return msg_apl.praticiens_decrits(n=len(distinct), lignes=len(ids), exemples=describe_values(list(distinct[:3])))


def impute_activity(
    practitioners: pd.DataFrame,
    *,
    acts: float | None = None,
    params: APLParams | None = None,
    source: str = msg_apl.TABLE_PRATICIENS,
) -> pd.DataFrame:
    """Impute the annual acts of GPs whose activity is unknown (practitioner lists without activity).

    The Annuaire santé / RPPS extractions list practice sites but publish no activity. The DREES APL
    imputes 5,400 acts to a GP with no liberal activity the previous year (``Paramètres`` sheet); this
    function applies that imputation — or ``acts`` — to **every** GP row with no acts that is not
    already flagged ``new_practitioner``, and flags those rows in :data:`IMPUTED_COLUMN`. It is an
    explicit modelling choice: the resulting APL measures the number of GPs weighted by 5,400 acts,
    not their observed activity. Other professions (supply in ETP) are left as they are.

    Parameters
    ----------
    practitioners
        Practitioner table (:data:`~access_map.schema.PRACTITIONER_COLUMNS`). Not modified.
    acts
        Acts imputed to each such GP (annual total, split across sites by ``share``); default
        ``params.new_practitioner_acts`` (5,400, DREES).
    params
        Default :meth:`APLParams.drees_mg`.
    source
        Name of the table in messages.

    Returns
    -------
    pandas.DataFrame
        A copy with ``acts`` filled and the boolean column :data:`IMPUTED_COLUMN`;
        ``attrs["imputed_practitioners"]`` counts the practitioners (not site rows) imputed and
        ``attrs["imputed_acts"]`` the value used.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"practitioner_id": ["a", "a", "b"], "code_commune": ["33063", "33318", "33063"],
    ...     "profession": "medecin_generaliste", "acts": [None, None, 4000.0], "age": float("nan"),
    ...     "new_practitioner": False, "health_centre": False, "etp": float("nan"), "share": [0.5, 0.5, 1.0]})
    >>> out = impute_activity(t)
    >>> out["acts"].tolist(), out["activity_imputed"].tolist(), out.attrs["imputed_practitioners"]
    ([5400.0, 5400.0, 4000.0], [True, True, False], 1)
    >>> supply_from_activity(out, params=APLParams.drees_mg()).to_dict()  # a: 5,400 split over two sites
    {'33063': 6700.0, '33318': 2700.0}
    """
    from .readers.activity import validate_practitioners

    p = params if params is not None else APLParams.drees_mg()
    value = float(p.new_practitioner_acts if acts is None else acts)
    if not (np.isfinite(value) and value >= 0):
        raise InvalidValueError(msg_apl.actes_imputes_invalides(valeur=acts))
    table, _ = validate_practitioners(practitioners, source=source)
    missing = (
        (table["profession"] == "medecin_generaliste").to_numpy()
        & table["acts"].isna().to_numpy()
        & ~table["new_practitioner"].to_numpy(dtype=bool)
    )
    out = table.assign(acts=table["acts"].where(~missing, value), **{IMPUTED_COLUMN: missing})
    n = int(pd.unique(table.loc[missing, "practitioner_id"].astype(object)).size)
    if n:
        logger.info("%s: activity imputed at %g acts for %s", source, value, _describe_practitioners(table, missing))
    out.attrs.update(practitioners.attrs)
    out.attrs["imputed_practitioners"] = n
    out.attrs["imputed_acts"] = value
    return out


def supply_from_activity(
    practitioners: pd.DataFrame, *, params: APLParams, source: str = msg_apl.TABLE_PRATICIENS
) -> pd.Series:
    """Supply per commune of practice, from a practitioner table.

    Rows of other professions than ``params.profession`` are ignored. With ``params.max_age``,
    practitioners older than it are left out (unknown ages too, with a warning counting them; when no
    practitioner has an age the variant cannot be computed: :class:`~access_map.errors.InvalidValueError`).
    GPs (``supply_kind="acts"``): :func:`counted_acts` per row × ``share``. Other professions
    (``"etp"``): ``etp`` × ``share``. A practitioner's acts/ETP are his or her annual total
    (the same on each site row); ``share`` splits it across sites (default 1 / number of sites).

    Parameters
    ----------
    practitioners
        Practitioner table (:data:`~access_map.schema.PRACTITIONER_COLUMNS`, see
        :func:`access_map.readers.activity.validate_practitioners`, used here to check it).
    params
        :class:`APLParams`.
    source
        Name of the table in error messages.

    Returns
    -------
    pandas.Series
        ``supply`` (acts or ETP) indexed by ``code_commune``, sorted; communes without any
        counted practitioner are absent.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({
    ...     "practitioner_id": ["a", "b", "b", "c"], "code_commune": ["33063", "33063", "33318", "33318"],
    ...     "profession": "medecin_generaliste", "acts": [4500.0, None, None, 100.0], "age": [50, 40, 40, 70],
    ...     "new_practitioner": [False, True, True, False], "health_centre": False,
    ...     "etp": float("nan"), "share": float("nan")})
    >>> # a: 4,500 in 33063; b: new -> 5,400 split 1/2 - 1/2; c: 100 acts < 250 -> 0
    >>> supply_from_activity(t, params=APLParams.drees_mg()).to_dict()
    {'33063': 7200.0, '33318': 2700.0}
    """
    table, values = supply_rows(practitioners, params=params, source=source)
    if table.empty:
        return pd.Series([], index=pd.Index([], name=CODE, dtype=object), name="supply", dtype=float)
    out = pd.Series(values, index=pd.Index(table[CODE].astype(str), name=CODE)).groupby(level=0).sum()
    out.name = "supply"
    return out.astype(float)


def supply_rows(
    practitioners: pd.DataFrame, *, params: APLParams, source: str = msg_apl.TABLE_PRATICIENS
) -> tuple[pd.DataFrame, np.ndarray]:
    """The practitioner rows counted in the supply of ``params`` and the supply each brings (acts or ETP × share).

    The rules of :func:`supply_from_activity`, before the sum per commune: use it to sum the supply by
    another key (a practice site, :func:`access_map.grid.supply_by_site`).

    Returns
    -------
    (table, values)
        The validated rows of ``params.profession`` kept by the age limit (extra columns kept), and the
        supply of each row (a float array aligned on them).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"practitioner_id": ["a", "b"], "code_commune": ["33063", "33318"],
    ...     "profession": "medecin_generaliste", "acts": [4500.0, 100.0], "age": [50, 70],
    ...     "new_practitioner": False, "health_centre": False, "etp": float("nan"), "share": 1.0})
    >>> rows, values = supply_rows(t, params=APLParams.drees_mg())
    >>> rows["practitioner_id"].tolist(), values.tolist()
    (['a', 'b'], [4500.0, 0.0])
    """
    from .readers.activity import validate_practitioners

    table, _ = validate_practitioners(practitioners, source=source)
    table = table[table["profession"] == params.profession]
    if table.empty:
        warnings.warn(
            msg_apl.aucun_praticien(source=source, profession=repr(params.profession)),
            UserWarning,
            stacklevel=3,
        )
        return table, np.zeros(0)
    if params.max_age is not None:
        from .messages import supply as msg

        unknown = table["age"].isna()
        if unknown.all():  # the variant cannot be computed: an APL of 0 everywhere would be read as a desert
            raise InvalidValueError(
                msg.variante_sans_age(
                    profession=params.profession,
                    max_age=params.max_age,
                    practitioners=int(table["practitioner_id"].nunique()),
                    source=source,
                )
            )
        if unknown.any():
            warnings.warn(
                msg.variante_ages_manquants(
                    profession=params.profession,
                    max_age=params.max_age,
                    practitioners=[str(v) for v in pd.unique(table.loc[unknown, "practitioner_id"].astype(object))],
                    rows=int(unknown.sum()),
                    source=source,
                ),
                UserWarning,
                stacklevel=3,
            )
        table = table[~unknown & (table["age"] <= params.max_age)]
    if params.supply_kind == "acts":
        no_acts = table["acts"].isna().to_numpy() & ~table["new_practitioner"].to_numpy(dtype=bool)
        if no_acts.any():
            raise InvalidValueError(
                msg_apl.sans_actes(source=source, praticiens=_describe_practitioners(table, no_acts))
            )
        per_practitioner = counted_acts(
            table["acts"].to_numpy(dtype=float),
            new_practitioner=table["new_practitioner"].to_numpy(dtype=bool),
            health_centre=table["health_centre"].to_numpy(dtype=bool),
            params=params,
        )
    else:
        etp = table["etp"].to_numpy(dtype=float)
        if np.isnan(etp).any():
            raise InvalidValueError(
                msg_apl.sans_etp(
                    source=source,
                    praticiens=_describe_practitioners(table, np.isnan(etp)),
                    profession=params.profession,
                )
            )
        per_practitioner = etp
    values: np.ndarray = per_practitioner * table["share"].to_numpy(dtype=float)
    return table, values


# ---------------------------------------------------------------------------
# demand
# ---------------------------------------------------------------------------


def standardised_population(
    pop_by_age: pd.DataFrame,
    *,
    weights: Mapping[str, float] = AGE_WEIGHTS[2023],
    source: str = msg_apl.POPULATION_PAR_AGE,
) -> pd.Series:
    """Age-standardised population: Σ over the 19 bands of population × weight.

    Parameters
    ----------
    pop_by_age
        Indexed (or with a column) ``code_commune``, with the 19 :data:`~access_map.schema.AGE_BANDS`
        columns (non-negative numbers). Not modified.
    weights
        Band → weight; default the official 2023 GP weights (:data:`AGE_WEIGHTS`).
    source
        Name of the table in error messages.

    Returns
    -------
    pandas.Series
        ``standardised_population`` indexed by ``code_commune`` (sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.schema import AGE_BANDS
    >>> pop = pd.DataFrame(0.0, index=pd.Index(["33063"], name="code_commune"), columns=list(AGE_BANDS))
    >>> pop.loc["33063", ["age_00_04", "age_90_plus"]] = [100.0, 10.0]
    >>> standardised_population(pop).round(6).tolist()  # 100 x 1.12 + 10 x 2.26
    [134.6]
    >>> standardised_population(pop, weights=AGE_WEIGHTS[2022]).round(6).tolist()  # 100 x 0.93 + 10 x 2.39
    [116.9]
    """
    missing = [b for b in AGE_BANDS if b not in weights]
    if missing:
        raise InvalidValueError(f"weights lack age band(s) {describe_values(missing)}; give all 19 AGE_BANDS")
    table, _ = validate_communes(pop_by_age, count_columns=AGE_BANDS, source=source)
    w = np.array([float(weights[b]) for b in AGE_BANDS])
    values = table[list(AGE_BANDS)].to_numpy(dtype=float) @ w
    return pd.Series(values, index=table.index, name="standardised_population")


def demand_from_population(
    population: pd.DataFrame, *, params: APLParams, source: str = msg_apl.POPULATION_PAR_AGE
) -> pd.Series:
    """The APL demand of ``params``: standardised population, or women for midwives.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.schema import AGE_BANDS
    >>> pop = pd.DataFrame(1.0, index=pd.Index(["33063"], name="code_commune"), columns=list(AGE_BANDS))
    >>> # one person per band: the sum of the 19 weights of 2022
    >>> round(float(demand_from_population(pop, params=APLParams.drees_mg(2022)).iloc[0]), 2)
    21.46
    """
    if params.demand_kind == "women":
        table, _ = validate_communes(population, count_columns=["women"], source=source)
        return table["women"].rename("women")
    if params.age_weights is None:
        raise InvalidValueError(
            msg_apl.poids_ages_requis(profession=params.profession, demand_kind=repr(params.demand_kind))
        )
    return standardised_population(population, weights=params.age_weights, source=source)


# ---------------------------------------------------------------------------
# APL
# ---------------------------------------------------------------------------


def prepare_apl_catchment(
    times: pd.DataFrame,
    *,
    demand_index: pd.Index,
    params: APLParams,
    source: str = msg_apl.TEMPS_DE_TRAJET,
    demand_zones: str = "commune",
    supply_zones: str = "commune",
) -> Catchment:
    """Sparse catchment of ``params`` (decay, 20-minute radius), to reuse across supply variants.

    ``demand_zones`` and ``supply_zones`` name the kind of the origins and destinations
    (:data:`access_map.zones.ZONE_KINDS`: ``commune``, ``iris``, ``cell``, ``point``); each code is
    checked against its kind (:func:`access_map.zones.check_zone_codes`).

    Examples
    --------
    >>> import pandas as pd
    >>> times = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> prepare_apl_catchment(times, demand_index=pd.Index(["33001"]), params=APLParams.drees_mg()).n_pairs
    1
    """
    _check_apl_codes(supply=None, demand_index=pd.Index(demand_index), times=times, zones=(demand_zones, supply_zones))
    return prepare_catchment(
        times,
        demand_index=demand_index,
        max_minutes=params.max_minutes,
        decay=params.decay,
        include_max=params.include_max,
        source=source,
    )


def apl_from_catchment(catchment: Catchment, *, supply: pd.Series, demand: pd.Series, params: APLParams) -> pd.Series:
    """APL on a prepared catchment (see :func:`prepare_apl_catchment`), scaled to ``params.unit``.

    Examples
    --------
    >>> import pandas as pd
    >>> times = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> demand = pd.Series({"33001": 200.0})
    >>> c = prepare_apl_catchment(times, demand_index=demand.index, params=APLParams.drees_mg())
    >>> apl_from_catchment(c, supply=pd.Series({"33001": 720.0}), demand=demand, params=APLParams.drees_mg()).tolist()
    [3.6]
    """
    out = fca_from_catchment(catchment, supply=supply, demand=demand, name="apl")
    if params.scale != 1.0:
        out = out * params.scale
    return out.rename("apl")


def compute_apl(
    *,
    supply: pd.Series,
    demand: pd.Series,
    times: pd.DataFrame,
    params: APLParams,
    demand_zones: str = "commune",
    supply_zones: str = "commune",
) -> pd.Series:
    """APL per commune (or other demand zone) of ``demand``.

    Parameters
    ----------
    supply
        Per commune of practice (or practice site): counted acts (GPs, see :func:`supply_from_activity`) or ETP.
    demand
        Per commune of residence (or IRIS, grid cell): standardised population (or women for midwives).
    times
        Long table ``origin`` (residence), ``destination`` (practice), ``minutes``; a commune to
        itself with 0.0 minutes.
    params
        :class:`APLParams` preset.
    demand_zones, supply_zones
        Kind of the demand zones and of the supply points (:data:`access_map.zones.ZONE_KINDS`); default
        communes on both sides. Codes are checked against their kind: 9-character IRIS codes, INSPIRE
        cell ids (``CRS3035RES200mN2466800E3482800``), any site identifier for ``point``.

    Returns
    -------
    pandas.Series
        ``apl`` indexed like ``demand``, in ``params.unit`` (0 where no supply is within reach).

    Examples
    --------
    >>> import pandas as pd
    >>> times = pd.DataFrame({"origin": ["33001", "33002"], "destination": ["33001", "33002"],
    ...                       "minutes": [0.0, 0.0]})
    >>> compute_apl(supply=pd.Series({"33001": 3600.0}), demand=pd.Series({"33001": 1000.0, "33002": 10.0}),
    ...             times=times, params=APLParams.drees_mg()).tolist()
    [3.6, 0.0]
    """
    zones = (demand_zones, supply_zones)
    _check_apl_codes(supply=supply, demand_index=demand.index, times=None, zones=zones)
    catchment = prepare_apl_catchment(
        times, demand_index=demand.index, params=params, demand_zones=demand_zones, supply_zones=supply_zones
    )  # checks the times too
    apl = apl_from_catchment(catchment, supply=supply, demand=demand, params=params)
    if demand_zones == supply_zones:
        _report_supply_outside_demand(supply, demand)
    return apl


def _check_apl_codes(
    *,
    supply: pd.Series | None,
    demand_index: pd.Index | None,
    times: pd.DataFrame | None,
    zones: tuple[str, str] = ("commune", "commune"),
) -> None:
    """Every code of the inputs is valid for its kind of zone: for communes, a current INSEE code (no malformed
    code, no pre-1976 Corsican 20xxx); see :func:`access_map.zones.check_zone_codes` for the others."""
    demand_kind, supply_kind = (check_zone_kind(z) for z in zones)
    if demand_index is not None:
        check_zone_codes(demand_index, kind=demand_kind, source="demand", column="index")
    if supply is not None:
        check_zone_codes(supply.index, kind=supply_kind, source="supply", column="index")
    if times is None:
        return
    for column, kind in (("origin", demand_kind), ("destination", supply_kind)):
        if column in times.columns:
            values = times[column]
            distinct = values.cat.categories if isinstance(values.dtype, pd.CategoricalDtype) else pd.unique(values)
            check_zone_codes(pd.Index(distinct), kind=kind, source=msg_apl.TEMPS_DE_TRAJET, column=column)


def _report_supply_outside_demand(supply: pd.Series, demand: pd.Series) -> None:
    """Warn about supply communes that have no population: the APL around them is overstated."""
    outside = ~supply.index.isin(demand.index) & (supply.to_numpy(dtype=float) > 0)
    if outside.any():
        carried = float(supply[outside].sum())
        warnings.warn(
            msg_apl.offre_hors_demande(
                n=int(outside.sum()),
                exemples=describe_values(supply.index[outside][:5].tolist()),
                portee=carried,
                totale=float(supply.sum()),
            ),
            UserWarning,
            stacklevel=user_stacklevel(),
        )


def variant_column(max_age: float | None) -> str:
    """Column name of an age variant: ``"apl"`` for all ages, ``"apl_65"`` for practitioners ≤ 65…

    Examples
    --------
    >>> variant_column(None), variant_column(65)
    ('apl', 'apl_65')
    """
    return "apl" if max_age is None else f"apl_{float(max_age):g}"


def apl_variants(
    practitioners: pd.DataFrame,
    demand: pd.Series,
    times: pd.DataFrame,
    *,
    params: APLParams,
    max_ages: Sequence[float | None] = (None, 65, 62, 60),
) -> pd.DataFrame:
    """APL for several practitioner age limits, on one prepared catchment.

    Parameters
    ----------
    practitioners
        Practitioner table.
    demand
        Demand per commune (standardised population, or women for midwives).
    times
        Travel times.
    params
        Base preset (its own ``max_age`` is replaced by each of ``max_ages``).
    max_ages
        Age limits; ``None`` = all practitioners. Columns: :func:`variant_column`.

    Returns
    -------
    pandas.DataFrame
        One column per variant (``apl``, ``apl_65``, ``apl_62``, ``apl_60``), indexed like ``demand``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"practitioner_id": ["a", "b"], "code_commune": ["33001", "33001"],
    ...     "profession": "medecin_generaliste", "acts": [4000.0, 5000.0], "age": [50.0, 66.0],
    ...     "new_practitioner": False, "health_centre": False, "etp": float("nan"), "share": 1.0})
    >>> times = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
    >>> apl_variants(t, pd.Series({"33001": 1000.0}), times, params=APLParams.drees_mg(),
    ...              max_ages=(None, 65)).to_dict("records")
    [{'apl': 9.0, 'apl_65': 4.0}]
    """
    catchment = prepare_apl_catchment(times, demand_index=demand.index, params=params)  # checks demand and times
    columns = {}
    for k, age in enumerate(max_ages):
        variant = replace(params, max_age=age)
        supply = supply_from_activity(practitioners, params=variant)
        if k == 0:
            check_insee_codes(supply.index, source="supply", column="index", current=True)
        columns[variant_column(age)] = apl_from_catchment(catchment, supply=supply, demand=demand, params=variant)
        if k == 0:
            _report_supply_outside_demand(supply, demand)
    return pd.DataFrame(columns, index=demand.index)


# ---------------------------------------------------------------------------
# aggregation
# ---------------------------------------------------------------------------


def _aligned(series: pd.Series, index: pd.Index, *, what: str) -> np.ndarray:
    if not series.index.is_unique:
        dup = series.index[series.index.duplicated()].unique().tolist()
        raise InvalidCodeError(msg_apl.codes_en_double(quoi=what, codes=describe_values(dup)))
    values = series.reindex(index)
    missing = values.isna()
    if missing.any():
        raise InvalidValueError(
            msg_apl.valeurs_manquantes(
                quoi=what, n=int(missing.sum()), exemples=describe_values(index[missing.to_numpy()].tolist())
            )
        )
    arr = values.to_numpy(dtype=float)
    if (arr < 0).any():
        raise InvalidValueError(msg_apl.valeurs_negatives(quoi=what, valeurs=describe_values(arr[arr < 0].tolist())))
    return arr


def aggregate_apl(
    apl: pd.Series,
    *,
    weights: pd.Series,
    groups: pd.Series,
    population: pd.Series | None = None,
    thresholds: Sequence[float] = (2.5, 4.0),
) -> pd.DataFrame:
    """APL of territories (TVS, EPCI, department, region…): population-weighted mean of communes.

    Parameters
    ----------
    apl
        Commune APL (indexed by ``code_commune``), NaN not allowed.
    weights
        Standardised population per commune (the DREES weighting of territory means).
    groups
        ``code_commune`` → territory code. Communes of ``apl`` without a territory are left out
        with a warning counting them.
    population
        Non-standardised population per commune, used to count people under each threshold
        (DREES). Without it, those counts use ``weights`` and their columns are prefixed
        ``standardised_``.
    thresholds
        APL values; for each ``t``: ``population_apl_le_<t>`` (people living in a commune with
        APL ≤ t) and ``share_apl_le_<t>`` (their share of the territory's population).

    Returns
    -------
    pandas.DataFrame
        Indexed by territory (named like ``groups``, or ``territory``): ``apl`` (weighted mean;
        NaN when the territory's standardised population is 0), ``standardised_population``,
        ``population`` (if given), then the threshold columns.

    Examples
    --------
    >>> import pandas as pd
    >>> apl = pd.Series({"33001": 2.0, "33002": 5.0, "33003": 3.0})
    >>> w = pd.Series({"33001": 100.0, "33002": 300.0, "33003": 50.0})
    >>> pop = pd.Series({"33001": 90.0, "33002": 310.0, "33003": 60.0})
    >>> groups = pd.Series({"33001": "T1", "33002": "T1", "33003": "T2"}, name="code_tvs")
    >>> out = aggregate_apl(apl, weights=w, groups=groups, population=pop)
    >>> out["apl"].tolist()  # T1: (2 x 100 + 5 x 300) / 400 = 4.25
    [4.25, 3.0]
    >>> out["population_apl_le_2.5"].tolist(), out["share_apl_le_4"].tolist()  # T1: 90 of 400
    ([90.0, 0.0], [0.225, 1.0])
    """
    if not isinstance(apl, pd.Series):
        raise TypeError(msg_apl.serie_attendue(quoi="apl", type_=type(apl).__name__))
    index = apl.index
    if not index.is_unique:
        raise InvalidCodeError(msg_apl.codes_en_double(quoi="apl", codes=describe_values(index[index.duplicated()])))
    apl_values = apl.to_numpy(dtype=float)
    if np.isnan(apl_values).any():
        raise InvalidValueError(
            msg_apl.apl_nan(
                n=int(np.isnan(apl_values).sum()), exemples=describe_values(index[np.isnan(apl_values)].tolist())
            )
        )
    w = _aligned(weights, index, what=msg_apl.POIDS)
    pop = _aligned(population, index, what="population") if population is not None else None
    territory = groups.reindex(index)
    orphan = territory.isna().to_numpy()
    if orphan.any():
        warnings.warn(
            msg_apl.communes_sans_territoire(
                n=int(orphan.sum()),
                exemples=describe_values(index[orphan].tolist(), max_shown=5),
                population=float(w[orphan].sum()),
            ),
            UserWarning,
            stacklevel=2,
        )
    keep = ~orphan
    frame = pd.DataFrame(
        {
            "territory": territory.to_numpy()[keep],
            "_wx": (w * apl_values)[keep],
            "standardised_population": w[keep],
        }
    )
    count_base = pop if pop is not None else w
    prefix = "" if pop is not None else "standardised_"
    if pop is not None:
        frame["population"] = pop[keep]
    labels = [f"{float(t):g}" for t in thresholds]
    for t, label in zip(thresholds, labels, strict=True):
        frame[f"{prefix}population_apl_le_{label}"] = np.where(apl_values <= float(t), count_base, 0.0)[keep]
    out = frame.groupby("territory", sort=True).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = out["_wx"] / out["standardised_population"].where(out["standardised_population"] > 0)
        base_total = out["population"] if pop is not None else out["standardised_population"]
        shares = {
            f"share_apl_le_{label}": out[f"{prefix}population_apl_le_{label}"] / base_total.where(base_total > 0)
            for label in labels
        }
    result = out.drop(columns="_wx")
    result.insert(0, "apl", mean)
    for name, values in shares.items():
        result[name] = values
    result.index.name = groups.name if groups.name is not None else "territory"
    return result
