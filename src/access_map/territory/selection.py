"""Territory selection: keep the communes of some departments or regions (plus a margin for the APL).

A refresh or a CLI command asked for one department should neither read nor draw the whole of France,
but the APL of a commune near the border depends on the practitioners and residents across it. A
:class:`TerritorySelection` therefore names the departments/regions of interest and a margin in
kilometres: communes whose point lies within the margin of a selected commune are kept as *context*
(``in_territory = False``) so that the catchment computations see them; outputs keep only the
selected communes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validate import describe_values
from ..errors import InvalidValueError
from ..messages import territory as T

_WHAT = {"department": "département", "region": "région"}

__all__ = ["TerritorySelection", "IN_TERRITORY", "departement_of_code", "select_communes", "partial_regions"]

#: Boolean column of a territory's commune table: ``True`` for the communes of the selection,
#: ``False`` for the context communes kept only for the catchment computations.
IN_TERRITORY = "in_territory"

_DEP = re.compile(r"^(?:\d{2}|2[AB]|97\d)$")
_REG = re.compile(r"^\d{2}$")


def _codes(values: Iterable[object], *, pattern: re.Pattern[str], what: str, width: int) -> tuple[str, ...]:
    out = []
    for v in values:
        text = str(v).strip().upper()
        if text.isdigit() and len(text) < width:
            text = text.zfill(width)
        if not pattern.match(text):
            raise InvalidValueError(
                T.code_malforme(
                    quoi=_WHAT[what],
                    code=repr(v),
                    exemples="'33', '2A', '971'" if what == "department" else "'75', '11', '01'",
                )
            )
        out.append(text)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class TerritorySelection:
    """Departments and/or regions to keep (their union), and the context margin for the APL.

    Parameters
    ----------
    departements
        INSEE department codes (``"33"``, ``"2A"``, ``"971"``; ``33`` is padded).
    regions
        INSEE region codes (``"75"``; ``1`` → ``"01"``).
    margin_km
        Communes whose point lies within this distance of a selected commune are kept as context
        (``in_territory = False``). ``None``: the caller chooses (the refresh uses twice the
        catchment radius); ``0``: no context.

    Examples
    --------
    >>> s = TerritorySelection(departements=(33,), regions=("75",))
    >>> s.departements, s.regions, bool(s)
    (('33',), ('75',), True)
    >>> bool(TerritorySelection())
    False
    """

    departements: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    margin_km: float | None = None

    def __post_init__(self) -> None:
        deps = _codes(self.departements, pattern=_DEP, what="department", width=2)
        regs = _codes(self.regions, pattern=_REG, what="region", width=2)
        object.__setattr__(self, "departements", deps)
        object.__setattr__(self, "regions", regs)
        if self.margin_km is not None and not (np.isfinite(self.margin_km) and self.margin_km >= 0):
            raise InvalidValueError(T.marge_invalide(valeur=self.margin_km))

    def __bool__(self) -> bool:
        return bool(self.departements or self.regions)

    def describe(self) -> str:
        """French description, regions named: ``département(s) 33 ; région(s) 75 (Nouvelle-Aquitaine)``.

        Examples
        --------
        >>> TerritorySelection(departements=("33",), regions=("75", "11")).describe()
        'département(s) 33 ; région(s) 75 (Nouvelle-Aquitaine), 11 (Île-de-France)'
        """
        from ..communes import region_names

        parts = []
        if self.departements:
            parts.append("département(s) " + ", ".join(self.departements))
        if self.regions:
            names = region_names(list(self.regions)).tolist()
            parts.append("région(s) " + ", ".join(f"{r} ({n})" if n else str(r) for r, n in zip(self.regions, names)))
        return " ; ".join(parts) or "tout le territoire des fichiers"


def departement_of_code(codes: pd.Series) -> pd.Series:
    """Department of each INSEE commune code: 3 characters overseas (``971..976``), else 2.

    Examples
    --------
    >>> departement_of_code(pd.Series(["33063", "2A004", "97411"])).tolist()
    ['33', '2A', '974']
    """
    text = codes.astype("string")
    return text.str.slice(0, 2).where(~text.str.startswith("97"), text.str.slice(0, 3)).astype(object)


def select_communes(communes: pd.DataFrame, selection: TerritorySelection, *, points: Any = None) -> pd.DataFrame:
    """Keep the selected communes and, within ``selection.margin_km`` of them, the context communes.

    Parameters
    ----------
    communes
        Commune table indexed by ``code_commune`` with ``code_departement`` and ``code_region``.
    selection
        What to keep. An empty selection keeps everything.
    points
        GeoDataFrame of commune points (any CRS), indexed like ``communes``; needed for a margin > 0
        (communes without a point are never context).

    Returns
    -------
    pandas.DataFrame
        The kept rows of ``communes`` with a boolean column :data:`IN_TERRITORY`.

    Raises
    ------
    InvalidValueError
        A requested department or region has no commune in the table (the message lists the
        codes found).

    Examples
    --------
    >>> c = pd.DataFrame({"code_departement": ["33", "24", "75"], "code_region": ["75", "75", "11"]},
    ...                  index=pd.Index(["33063", "24322", "75056"], name="code_commune"))
    >>> select_communes(c, TerritorySelection(departements=("33",), margin_km=0))["in_territory"].to_dict()
    {'33063': True}
    >>> select_communes(c, TerritorySelection(regions=("75",), margin_km=0)).index.tolist()
    ['33063', '24322']
    """
    if not selection:
        return communes.assign(**{IN_TERRITORY: True})
    if selection.regions and "code_region" not in communes.columns:
        raise InvalidValueError(T.SELECTION_REGION_SANS_REGIONS)
    deps = (
        communes["code_departement"].astype(str)
        if "code_departement" in communes.columns
        else departement_of_code(communes.index.to_series())
    )
    regs = (
        communes["code_region"].astype(str)
        if "code_region" in communes.columns
        else pd.Series("", index=communes.index)
    )
    for codes, found, what in (
        (selection.departements, deps, "department"),
        (selection.regions, regs, "region"),
    ):
        absent = [c for c in codes if c not in set(found)]
        if absent:
            raise InvalidValueError(
                T.codes_absents(
                    quoi=_WHAT[what],
                    codes=describe_values(absent),
                    presents=describe_values(sorted(set(found)), max_shown=20),
                )
            )
    inside = deps.isin(selection.departements).to_numpy() | regs.isin(selection.regions).to_numpy()
    keep = inside.copy()
    margin = selection.margin_km or 0.0
    if margin > 0:
        if points is None:
            raise InvalidValueError(T.MARGE_SANS_POINTS)
        keep |= _within(communes.index, inside, points, margin_km=margin)
    return communes[keep].assign(**{IN_TERRITORY: inside[keep]})


def partial_regions(communes: pd.DataFrame, selection: TerritorySelection) -> dict[str, tuple[str, ...]]:
    """Regions of which a selection by department keeps only some departments: region -> departments kept.

    A region-level figure of such a run (a population, a coverage, a zoning with the regional caps) covers
    those departments only. The departments of a region are those of ``communes`` (the whole commune table
    of the input files, before selection).

    Examples
    --------
    >>> c = pd.DataFrame({"code_departement": ["33", "24", "75"], "code_region": ["75", "75", "11"]},
    ...                  index=pd.Index(["33063", "24322", "75056"], name="code_commune"))
    >>> partial_regions(c, TerritorySelection(departements=("33", "75")))
    {'75': ('33',)}
    >>> partial_regions(c, TerritorySelection(departements=("33",), regions=("75",)))
    {}
    """
    if not selection.departements or "code_region" not in communes.columns:
        return {}
    deps = (
        communes["code_departement"].astype(str)
        if "code_departement" in communes.columns
        else departement_of_code(communes.index.to_series())
    )
    by_region = pd.DataFrame({"region": communes["code_region"].astype(str).to_numpy(), "dep": deps.to_numpy()})
    out: dict[str, tuple[str, ...]] = {}
    for region, group in by_region.drop_duplicates().groupby("region", sort=True):
        all_deps = set(group["dep"])
        kept = sorted(all_deps.intersection(selection.departements))
        if kept and str(region) not in selection.regions and len(kept) < len(all_deps):
            out[str(region)] = tuple(kept)
    return out


def _within(index: pd.Index, inside: np.ndarray, points: Any, *, margin_km: float) -> np.ndarray:
    """Communes outside the selection whose point is within ``margin_km`` of a selected commune's point.

    Distances are measured in each territory's projected CRS (Lambert-93 mainland, UTM overseas).
    """
    from scipy.spatial import cKDTree

    from ..travel.crowfly import LOCAL_CRS, local_crs

    geom = points.geometry.reindex(index)
    has = geom.notna().to_numpy() & ~geom.is_empty.fillna(True).to_numpy()
    keys = np.array([local_crs(str(c))[0] if str(c)[:2] in ("97", "98") else "metropole" for c in index])
    near = np.zeros(len(index), dtype=bool)
    for key in sorted(set(keys[inside & has])):
        part = (keys == key) & has
        xy_all = geom[part].to_crs(LOCAL_CRS[key])
        xy = np.column_stack([xy_all.x.to_numpy(dtype=float), xy_all.y.to_numpy(dtype=float)])
        src = xy[inside[part]]
        candidates = ~inside[part]
        dist, _ = cKDTree(src).query(xy[candidates], k=1, distance_upper_bound=margin_km * 1000.0)
        near[np.flatnonzero(part)[candidates][np.isfinite(dist)]] = True
    return near
