"""The whole draw of the territory from one seed (:func:`generate`), into a :class:`DemoTables`."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .care import _cpts, _Layout, _previous_zoning, _qpv, _structures, _tvs
from .constants import (
    _CENTER,
    CENSUS_YEAR,
    DEMO_SEED,
    DEPARTMENT_CODES,
    DEPARTMENT_NAMES,
    REGION_CODE,
    REGION_NAME,
    XSS_COMMUNE_NAME,
)
from .geometry import _adjacency, _outline, _seed_points, _voronoi_cells
from .names import _ascii_upper, _make_names, _tncc
from .population import _age_sex, _populations
from .practitioners import _draw_practitioners, _supply_factor

__all__ = ["DemoTables", "generate"]


@dataclass(frozen=True)
class DemoTables:
    """Everything the generator draws, before it is written to files."""

    communes: gpd.GeoDataFrame  # index code_commune: nom, code_departement, code_region, population, geometry
    chefs_lieux: gpd.GeoDataFrame  # index code_commune: nom, geometry (points)
    departements: gpd.GeoDataFrame  # index code: nom, code_region, cheflieu, geometry
    regions: gpd.GeoDataFrame  # index code: nom, cheflieu, geometry
    age_sex: pd.DataFrame  # index code_commune: 20 bands x 2 sexes (ageq_rec columns)
    population_comptee_a_part: pd.Series
    practitioners: pd.DataFrame  # PRACTITIONER_COLUMNS + nom, prenom, finess_site
    structures: pd.DataFrame  # finess, nom, code_commune, categorie, date_ouverture, x, y
    cpts: pd.DataFrame  # id_cpts, nom_cpts, statut, date_signature, code_commune
    tvs: pd.DataFrame  # index code_commune: code_tvs, libelle_tvs
    qpv: pd.DataFrame  # code_qpv, libelle_qpv, code_commune, population
    previous_zoning: pd.DataFrame  # index code_commune: zonage
    caps: pd.DataFrame  # index code_region: part_max_zip, part_max_zac


def generate(seed: int = DEMO_SEED) -> DemoTables:
    """Draw the whole fictional territory from ``seed``.

    Examples
    --------
    >>> t = generate()
    >>> 400 <= len(t.communes) <= 800
    True
    """
    rng = np.random.default_rng(seed)
    outline = _outline(rng)
    towns = _CENTER + np.array([[-22_000, 4_000], [30_000, -6_000], [-8_000, -32_000], [6_000, 30_000]])
    points = _seed_points(rng, outline, towns)
    cells = _voronoi_cells(points, outline)
    town_idx = [int(np.argmin(np.hypot(*(points - t).T))) for t in towns]
    east, dep = _departments(points)
    names, pop, xss_idx = _names_and_populations(rng, points, town_idx)
    codes = _insee_codes(names, dep)

    men, women = _age_sex(rng, pop)
    pmun = (men + women).sum(axis=1)
    pcap = rng.binomial(pmun, 0.014)
    communes, chefs, departements, regions = _admin_layers(names, dep, pmun, cells, points, codes, town_idx)
    age_sex = _age_sex_table(rng, men, women, communes.index)

    lay = _Layout(
        rng=rng,
        codes=codes,
        names=names,
        pop=pmun,
        xy=points,
        cells=cells,
        adj=_adjacency(cells),
        town_idx=town_idx,
        xss_idx=xss_idx,
    )
    practitioners, structures, tvs, cpts, qpv, previous = _care(lay, east)
    caps = pd.DataFrame(
        {"part_max_zip": [0.40], "part_max_zac": [0.15]}, index=pd.Index([REGION_CODE], name="code_region")
    )
    order = np.argsort(codes.astype(str))
    return DemoTables(
        communes=communes.iloc[order],
        chefs_lieux=chefs.iloc[order],
        departements=departements,
        regions=regions,
        age_sex=age_sex.iloc[order],
        population_comptee_a_part=pd.Series(pcap, index=communes.index).iloc[order],
        practitioners=practitioners,
        structures=structures,
        cpts=cpts,
        tvs=tvs.sort_index(),
        qpv=qpv,
        previous_zoning=previous.sort_index(),
        caps=caps,
    )


def _departments(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Phase: the department of each commune (west 96 / east 00, split by a wavy line); no draw."""
    rel = points - _CENTER
    east = rel[:, 0] > 9_000 + 7_000 * np.sin(rel[:, 1] / 14_000)
    dep = np.where(east, DEPARTMENT_CODES[1], DEPARTMENT_CODES[0])
    return east, dep


def _names_and_populations(
    rng: np.random.Generator, points: np.ndarray, town_idx: list[int]
) -> tuple[list[str], np.ndarray, int]:
    """Phase: draw the names then the populations; give the XSS test name to one small village.

    The HTML/JS test fixture is one small village, never a town, a TVS pole or a CPTS name.
    Returns the names, the populations and the index of that village.
    """
    names = _make_names(rng, len(points))
    pop = _populations(rng, points, town_idx)
    small = [i for i in np.argsort(pop) if i not in town_idx]
    xss_idx = int(small[len(small) // 3])
    names[xss_idx] = XSS_COMMUNE_NAME
    return names, pop, xss_idx


def _insee_codes(names: list[str], dep: np.ndarray) -> np.ndarray:
    """Phase: INSEE codes, numbered by department in alphabetical order of the names; no draw."""
    codes = np.empty(len(names), dtype=object)
    for d in DEPARTMENT_CODES:
        idx = sorted(np.flatnonzero(dep == d), key=lambda i: _ascii_upper(_tncc(names[i])[1]))
        for k, i in enumerate(idx, start=1):
            codes[i] = f"{d}{k:03d}"
    return codes


def _admin_layers(
    names: list[str],
    dep: np.ndarray,
    pmun: np.ndarray,
    cells: list[shapely.Geometry],
    points: np.ndarray,
    codes: np.ndarray,
    town_idx: list[int],
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Phase: the communes, chefs-lieux, departements and region layers (unsorted); no draw."""
    communes = gpd.GeoDataFrame(
        {"nom": names, "code_departement": dep, "code_region": REGION_CODE, "population": pmun.astype(float)},
        geometry=cells,
        crs=2154,
        index=pd.Index(codes, name="code_commune"),
    )
    chefs = gpd.GeoDataFrame(
        {"nom": names}, geometry=shapely.points(points), crs=2154, index=pd.Index(codes, name="code_commune")
    )
    dep_geoms = [
        shapely.set_precision(shapely.union_all([cells[i] for i in np.flatnonzero(dep == d)]), 1.0)
        for d in DEPARTMENT_CODES
    ]
    dep_chef = {DEPARTMENT_CODES[0]: codes[town_idx[0]], DEPARTMENT_CODES[1]: codes[town_idx[1]]}
    departements = gpd.GeoDataFrame(
        {
            "nom": [DEPARTMENT_NAMES[d] for d in DEPARTMENT_CODES],
            "code_region": REGION_CODE,
            "cheflieu": [dep_chef[d] for d in DEPARTMENT_CODES],
        },
        geometry=dep_geoms,
        crs=2154,
        index=pd.Index(list(DEPARTMENT_CODES), name="code"),
    )
    regions = gpd.GeoDataFrame(
        {"nom": [REGION_NAME], "cheflieu": [codes[town_idx[0]]]},
        geometry=[shapely.set_precision(shapely.union_all(dep_geoms), 1.0)],
        crs=2154,
        index=pd.Index([REGION_CODE], name="code"),
    )
    return communes, chefs, departements, regions


def _age_sex_table(rng: np.random.Generator, men: np.ndarray, women: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """Phase: the 20 census age bands by sex (draws the 90-94 / 95+ split, men then women)."""
    band_cols = []
    values = []
    for sex, arr in ((1, men), (2, women)):
        split = rng.binomial(arr[:, 18], 0.72)  # 90-94 vs 95+
        for b in range(20):
            band_cols.append(f"ageq_rec{b + 1:02d}s{sex}rp{CENSUS_YEAR}")
            values.append(arr[:, b] if b < 18 else (split if b == 18 else arr[:, 18] - split))
    return pd.DataFrame(np.column_stack(values), columns=band_cols, index=index)


def _care(
    lay: _Layout, east: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Phase: practitioners, then coordinated care sites, TVS, CPTS, QPV and previous zoning (draws in that order).

    Returns practitioners (with their sites), structures, tvs, cpts, qpv, previous zoning.
    """
    town_idx = lay.town_idx
    factor = _supply_factor(lay.xy, east, lay.rng)
    cds_communes = [town_idx[0], town_idx[0], town_idx[1], town_idx[2]]
    practitioners = _draw_practitioners(lay.rng, lay.codes, lay.pop, lay.xy, factor, sorted(set(cds_communes)))
    structures, practitioners = _structures(lay, practitioners)
    tvs = _tvs(lay)
    cpts = _cpts(lay)
    qpv = _qpv(lay)
    previous = _previous_zoning(lay, practitioners, tvs)
    return practitioners, structures, tvs, cpts, qpv, previous
