"""The APL itself: the E2SFCA of :mod:`access_map.fca` on the DREES catchment, scaled to the published unit,
and its variants by practitioner age limit (all ages, ≤ 65, ≤ 62, ≤ 60) on one prepared catchment."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from .._validate import check_insee_codes, describe_values, user_stacklevel
from ..fca import Catchment, fca_from_catchment, prepare_catchment
from ..messages import apl as msg_apl
from ..zones import check_zone_codes, check_zone_kind
from .parameters import APLParams
from .supply import supply_from_activity

__all__ = ["prepare_apl_catchment", "apl_from_catchment", "compute_apl", "apl_variants", "variant_column"]


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
