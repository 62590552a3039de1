"""APL supply: the acts counted per GP (DREES bounds), the imputation of unknown activity, the supply per commune."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validate import describe_values
from ..communes import CODE
from ..errors import InvalidValueError
from ..messages import apl as msg_apl
from .parameters import APLParams

__all__ = ["counted_acts", "impute_activity", "IMPUTED_COLUMN", "supply_from_activity", "supply_rows"]

# the package's logger, named access_map.apl as before the split
logger = logging.getLogger(__package__)


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
    from ..readers.activity import validate_practitioners

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
    from ..readers.activity import validate_practitioners

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
        from ..messages import supply as msg

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
