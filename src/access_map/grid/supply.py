"""Supply at its place: practice sites at their coordinates when known, else at their commune's chef-lieu.

:func:`place_sites` gives each practitioner row (practitioner × practice commune) a site, in this order:

1. **coordinates of the row**: ``lon``/``lat`` (WGS84), or ``x``/``y`` in ``coordinates_crs`` (geocoded
   addresses; Lambert-93 by default);
2. **FINESS geolocation**: the row's ``finess_site`` (Annuaire santé, RPPS) found in a FINESS table with
   points (:func:`access_map.readers.finess.read_finess`);
3. **chef-lieu** of the practice commune (the commune APL's convention).

Rows at the same coordinates (or the same FINESS site, or the same chef-lieu) share one site. Each site says
how it was placed (``placement``: ``coordonnees``, ``finess``, ``chef_lieu``) and the counts are in
``sites.attrs["placement"]`` (:func:`placement_summary` says them in French). :func:`supply_by_site` then
sums the counted supply (the DREES rules of :func:`access_map.apl.supply_rows`) by site.

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import Point
>>> from access_map.apl import APLParams
>>> gps = pd.DataFrame({"practitioner_id": ["a", "b"], "code_commune": ["33063", "33063"],
...     "profession": "medecin_generaliste", "acts": [4000.0, 5000.0], "age": [50, 60], "new_practitioner": False,
...     "health_centre": False, "etp": float("nan"), "share": 1.0, "lon": [-0.5792, None], "lat": [44.8378, None]})
>>> chefs_lieux = gpd.GeoDataFrame(geometry=[Point(-0.5800, 44.8400)], index=pd.Index(["33063"], name="code_commune"),
...                                crs=4326)
>>> rows, sites = place_sites(gps, chefs_lieux=chefs_lieux)
>>> sites["placement"].tolist(), placement_summary(sites)
(['chef_lieu', 'coordonnees'], 'sites d’exercice : 1 placés à leurs coordonnées, 1 au chef-lieu de leur commune (1 praticien sans coordonnées)')
>>> supply_by_site(rows, params=APLParams.drees_mg()).to_dict()  # b at the chef-lieu, a at its coordinates
{'cl:33063': 5000.0, 'xy:417242:6421813': 4000.0}
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..apl import APLParams, supply_rows
from ..communes import CODE
from ..errors import CRSError, InvalidValueError
from ..messages import grid as msg

__all__ = ["SITE_ID", "PLACEMENTS", "place_sites", "placement_summary", "supply_by_site"]

#: Column (and index name) of the practice site of a practitioner row.
SITE_ID = "site_id"
#: How a site was placed, from the most precise.
PLACEMENTS: tuple[str, ...] = ("coordonnees", "finess", "chef_lieu")


def _row_coordinates(table: pd.DataFrame, *, crs: int, coordinates_crs: int) -> np.ndarray:
    """``(n, 2)`` coordinates in ``crs`` of the rows that carry their own (NaN elsewhere)."""
    xy = np.full((len(table), 2), np.nan)
    for cx, cy, source_crs in (("lon", "lat", 4326), ("x", "y", coordinates_crs)):
        if cx not in table.columns or cy not in table.columns:
            continue
        x = pd.to_numeric(table[cx], errors="coerce").to_numpy(dtype=float)
        y = pd.to_numeric(table[cy], errors="coerce").to_numpy(dtype=float)
        given = np.isfinite(x) & np.isfinite(y) & np.isnan(xy[:, 0])
        if not given.any():
            continue
        if source_crs == 4326:
            wrong = given & ((np.abs(x) > 180) | (np.abs(y) > 90))
            if wrong.any():
                raise CRSError(msg.coordonnees_hors_bornes(column=f"{cx}/{cy}", values=list(zip(x[wrong], y[wrong]))))
        points = gpd.GeoSeries(shapely.points(x[given], y[given]), crs=source_crs).to_crs(crs)
        xy[given] = np.column_stack([points.x.to_numpy(), points.y.to_numpy()])
    return xy


def _finess_coordinates(table: pd.DataFrame, finess: gpd.GeoDataFrame | None, *, crs: int) -> np.ndarray:
    xy = np.full((len(table), 2), np.nan)
    if finess is None or "finess_site" not in table.columns:
        return xy
    frame = finess.set_index("finess") if "finess" in finess.columns else finess
    frame = frame[~frame.geometry.isna() & ~frame.geometry.is_empty].to_crs(crs)
    frame = frame[~frame.index.duplicated()]
    key = table["finess_site"].fillna("").astype(str).str.strip()
    found = key.isin(frame.index).to_numpy() & (key != "").to_numpy()
    if found.any():
        points = frame.geometry.reindex(key[found])
        xy[found] = np.column_stack([points.x.to_numpy(), points.y.to_numpy()])
    return xy


def place_sites(
    practitioners: pd.DataFrame,
    *,
    chefs_lieux: gpd.GeoDataFrame,
    finess: gpd.GeoDataFrame | None = None,
    crs: int = 2154,
    coordinates_crs: int = 2154,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Give every practitioner row a practice site (coordinates, FINESS, else chef-lieu).

    Parameters
    ----------
    practitioners
        Practitioner table (:data:`~access_map.schema.PRACTITIONER_COLUMNS`), with optional ``lon``/``lat``,
        ``x``/``y`` and ``finess_site`` columns. Not modified.
    chefs_lieux
        Commune points indexed by ``code_commune`` (:func:`access_map.territory.points.read_commune_points`).
    finess
        Optional FINESS establishments with points (index or column ``finess``).
    crs
        Projected CRS of the sites (metres).
    coordinates_crs
        CRS of ``x``/``y`` columns.

    Returns
    -------
    (rows, sites)
        ``rows``: a copy of ``practitioners`` with ``site_id`` and ``placement``; ``sites``: a GeoDataFrame
        indexed by ``site_id`` with ``code_commune``, ``placement``, ``practitioners`` (number of rows) and
        the point, in ``crs``; ``sites.attrs["placement"]``: sites and rows per placement.

    Raises
    ------
    InvalidValueError
        A practice commune without coordinates and without a chef-lieu (names the communes).
    """
    if chefs_lieux.crs is None:
        raise CRSError(msg.points_sans_crs(what="chefs-lieux"))
    table = practitioners.reset_index(drop=True).copy()
    codes = table[CODE].astype(str)
    own = _row_coordinates(table, crs=crs, coordinates_crs=coordinates_crs)
    fin = _finess_coordinates(table, finess, crs=crs)
    placement = np.where(np.isfinite(own[:, 0]), "coordonnees", np.where(np.isfinite(fin[:, 0]), "finess", "chef_lieu"))
    xy = np.where(np.isfinite(own), own, fin)
    at_chef_lieu = placement == "chef_lieu"
    points = chefs_lieux.to_crs(crs)
    missing = sorted(set(codes[at_chef_lieu]) - set(points.index.astype(str)))
    if missing:
        raise InvalidValueError(msg.communes_sans_chef_lieu(codes=missing))
    cl = points.geometry.reindex(codes[at_chef_lieu])
    xy[at_chef_lieu] = np.column_stack([cl.x.to_numpy(), cl.y.to_numpy()])
    site = np.where(
        placement == "chef_lieu",
        "cl:" + codes,
        np.where(
            placement == "finess",
            "finess:" + table.get("finess_site", pd.Series("", index=table.index)).fillna("").astype(str).str.strip(),
            "xy:" + pd.Series(np.round(xy[:, 0]).astype(np.int64)).astype(str) + ":"
            + pd.Series(np.round(xy[:, 1]).astype(np.int64)).astype(str),
        ),
    )  # fmt: skip
    table["site_id"] = site
    table["placement"] = placement
    sites = (
        pd.DataFrame({"site_id": site, CODE: codes, "placement": placement, "x": xy[:, 0], "y": xy[:, 1]})
        .groupby("site_id", sort=True)
        .agg(
            code_commune=(CODE, "first"),
            placement=("placement", "first"),
            x=("x", "first"),
            y=("y", "first"),
            practitioners=("placement", "size"),
        )  # fmt: skip
    )
    out = gpd.GeoDataFrame(sites.drop(columns=["x", "y"]), geometry=shapely.points(sites["x"], sites["y"]), crs=crs)
    out.attrs["placement"] = {
        kind: {"sites": int((out["placement"] == kind).sum()), "rows": int((placement == kind).sum())}
        for kind in PLACEMENTS
    }
    return table, out


def placement_summary(sites: gpd.GeoDataFrame) -> str:
    """French sentence counting the sites placed at coordinates (own or FINESS) and at chefs-lieux.

    Examples
    --------
    See the module docstring.
    """
    counts: dict[str, Any] = sites.attrs.get("placement", {})
    located = sum(counts.get(k, {}).get("sites", 0) for k in ("coordonnees", "finess"))
    return msg.sites_places(
        at_coordinates=located,
        at_chef_lieu=counts.get("chef_lieu", {}).get("sites", 0),
        practitioners_at_chef_lieu=counts.get("chef_lieu", {}).get("rows", 0),
    )


def supply_by_site(rows: pd.DataFrame, *, params: APLParams, source: str = "practitioner table") -> pd.Series:
    """Counted supply (acts or ETP × share, :func:`access_map.apl.supply_rows`) summed by ``site_id``.

    Examples
    --------
    See the module docstring.
    """
    if SITE_ID not in rows.columns:
        raise InvalidValueError(msg.sites_non_places())
    table, values = supply_rows(rows, params=params, source=source)
    out = pd.Series(values, index=pd.Index(table[SITE_ID].astype(str), name=SITE_ID)).groupby(level=0).sum()
    return out.astype(float).rename("supply")
