"""APL on grid cells: against a naive double loop, engines equal, dask equal to the in-memory path, and the
commune consistency (every cell at its chef-lieu's times → the commune APL) on real data."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from access_map.apl import APLParams, compute_apl, impute_activity
from access_map.grid.aggregate import aggregate_cells, cells_in_polygons
from access_map.grid.compute import expand_commune_times, grid_apl
from access_map.grid.demand import cell_demand
from access_map.grid.engine import CrowFlyPairs, partitioned_fca
from access_map.grid.supply import place_sites, supply_by_site
from access_map.readers.filosofi import read_filosofi_grid
from access_map.travel import CrowFlyModel, crow_fly_times
from conftest import shared_path

PARAMS = APLParams.drees_mg(2023)


def _synthetic(n_cells: int = 400, n_sites: int = 25, seed: int = 3) -> tuple[pd.Series, gpd.GeoDataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    lattice = rng.choice(150 * 150, size=n_cells, replace=False)
    north, east = 2_400_000 + (lattice // 150) * 200, 3_400_000 + (lattice % 150) * 200
    ids = pd.Index([f"CRS3035RES200mN{n}E{e}" for n, e in zip(north, east)], name="cell_id")
    demand = pd.Series(rng.gamma(2.0, 40.0, n_cells), index=ids)
    xy = rng.uniform([3_400_000, 2_400_000], [3_430_000, 2_430_000], (n_sites, 2))
    sites = gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in xy],
                             index=pd.Index([f"s{k}" for k in range(n_sites)], name="site_id"), crs=3035)  # fmt: skip
    supply = pd.Series(rng.uniform(3600, 6000, n_sites) * rng.integers(1, 4, n_sites), index=sites.index)
    return demand, sites, supply


def _naive(demand: pd.Series, sites: gpd.GeoDataFrame, supply: pd.Series) -> pd.Series:
    """The DREES APL by its definition, a loop over every (cell, site) pair (no kd-tree, no sparse matrix)."""
    cx = [(int(c.rsplit("E", 1)[1]) + 100.0, int(c.split("mN")[1].split("E")[0]) + 100.0) for c in demand.index]

    def weight(minutes: float) -> float:  # < 10 → 1, [10, 15) → 2/3, [15, 20) → 1/3
        return 1.0 if minutes < 10 else 2 / 3 if minutes < 15 else 1 / 3 if minutes < 20 else 0.0

    w = np.array([[weight(2.0 + 1.32 * np.hypot(x - p.x, y - p.y) / 1000.0) for p in sites.geometry] for x, y in cx])
    reached = w.T @ demand.to_numpy()
    ratio = np.where(reached > 0, supply.reindex(sites.index).to_numpy() / np.where(reached > 0, reached, 1), 0.0)
    return pd.Series(w @ ratio, index=demand.index)


@pytest.mark.parametrize("engine", ["memory", "partitioned"])
def test_grid_apl_equals_a_naive_loop_over_every_pair(engine):
    demand, sites, supply = _synthetic()
    expected = _naive(demand, sites, supply)
    got = grid_apl(demand, sites=sites, supply=supply, params=PARAMS, engine=engine, cells_per_partition=37)
    assert expected.max() > 0 and (expected == 0).sum() < len(expected)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)


def test_supply_is_conserved_over_the_cells():
    demand, sites, supply = _synthetic(seed=5)
    apl = grid_apl(demand, sites=sites, supply=supply, params=PARAMS)
    lost = apl.attrs["lost_supply"]
    assert float((apl * demand).sum()) == pytest.approx(float(supply.sum()) - lost, rel=1e-12)


def test_dask_local_cluster_equals_the_in_memory_path():
    demand, sites, supply = _synthetic(n_cells=600, n_sites=30, seed=7)
    memory = grid_apl(demand, sites=sites, supply=supply, params=PARAMS, engine="memory")
    on_dask = grid_apl(demand, sites=sites, supply=supply, params=PARAMS, engine="dask", workers=2,
                       cells_per_partition=90)  # fmt: skip
    assert on_dask.attrs["partitions"] == 7 and on_dask.attrs["pairs"] > 0
    np.testing.assert_allclose(on_dask.to_numpy(), memory.to_numpy(), rtol=0, atol=1e-9)


@pytest.mark.filterwarnings("error::UserWarning")  # nor "Port 8787 is already in use" when another cluster runs
def test_dask_partitions_are_sized_for_the_workers():
    """Without a partition size, dask gets four partitions per worker (not the in-process 20,000 cells: 2,000
    cells would make a single partition, done by one worker while the other waits)."""
    demand, sites, supply = _synthetic(n_cells=2000, n_sites=40, seed=13)
    memory = grid_apl(demand, sites=sites, supply=supply, params=PARAMS, engine="memory")
    partitioned = grid_apl(demand, sites=sites, supply=supply, params=PARAMS, engine="partitioned")
    on_dask = grid_apl(demand, sites=sites, supply=supply, params=PARAMS, engine="dask", workers=2)
    assert partitioned.attrs["partitions"] == 1 and on_dask.attrs["partitions"] == 8  # ceil(2000 / 256)
    np.testing.assert_allclose(on_dask.to_numpy(), memory.to_numpy(), rtol=0, atol=1e-9)


@pytest.mark.parametrize("engine", ["partitioned", "dask"])
def test_a_partition_size_below_one_is_refused_before_any_work(engine):
    from access_map.errors import InvalidValueError

    demand, sites, supply = _synthetic(n_cells=50)
    with pytest.raises(InvalidValueError, match="0"):
        grid_apl(demand, sites=sites, supply=supply, params=PARAMS, engine=engine, cells_per_partition=0)


def test_partitioned_fca_keeps_road_like_pairs_between_the_steps():
    """A source that is not cheap (OSRM) is asked once per partition: step 2 reuses the pairs of step 1."""
    demand, sites, supply = _synthetic(n_cells=200, seed=11)
    xy = np.array(
        [[int(c.rsplit("E", 1)[1]) + 100.0, int(c.split("mN")[1].split("E")[0]) + 100.0] for c in demand.index]
    )
    site_xy = np.column_stack([sites.geometry.x, sites.geometry.y])

    class Counting(CrowFlyPairs):
        calls = 0

        def pairs(self, cells):  # type: ignore[no-untyped-def]
            Counting.calls += 1
            return super().pairs(cells)

    source = Counting(xy, site_xy, model=CrowFlyModel(), max_minutes=20.0, cheap=False)
    result = partitioned_fca(source, demand=demand.to_numpy(), supply=supply.to_numpy(), decay=PARAMS.decay,
                             max_minutes=20.0, include_max=False, cells_per_partition=50)  # fmt: skip
    assert Counting.calls == result.partitions == 4
    np.testing.assert_allclose(result.access, _naive(demand, sites, supply).to_numpy(), atol=1e-9)


def test_context_points_share_the_supply_and_are_left_out_of_the_result():
    demand = pd.Series([100.0], index=pd.Index(["CRS3035RES200mN2400000E3400000"], name="cell_id"))
    sites = gpd.GeoDataFrame(geometry=[Point(3400100, 2400100)], index=pd.Index(["s"], name="site_id"), crs=3035)
    context = gpd.GeoDataFrame({"demand": [300.0]}, geometry=[Point(3400100, 2401100)], index=["33001"], crs=3035)
    apl = grid_apl(demand, sites=sites, supply=pd.Series({"s": 4000.0}), params=PARAMS, context=context)
    assert apl.index.tolist() == demand.index.tolist()
    assert apl.iloc[0] == pytest.approx(4000.0 / 400.0)  # both within 10 minutes: weight 1


BORDEAUX = ("filosofi_2015_carreaux_200m_bordeaux_metropole", "Filosofi2015_carreaux_200m_bordeaux_metropole.csv.gz")


def test_grid_apl_at_chef_lieu_times_aggregates_to_the_commune_apl_bordeaux():
    """Every cell takes its commune's chef-lieu times and the supply sits at the chefs-lieux: the grid APL
    aggregated to the communes (DREES weighting) equals the commune APL to 1e-9."""
    from access_map.territory.loader import read_practitioners
    from access_map.territory.points import read_commune_points

    cells = read_filosofi_grid(shared_path(*BORDEAUX))
    demand = cell_demand(cells, params=PARAMS)
    with pytest.warns(UserWarning):
        chefs_lieux = read_commune_points(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz"))
    gps = impute_activity(read_practitioners(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")))
    rows, sites = place_sites(gps, chefs_lieux=chefs_lieux)
    supply = supply_by_site(rows, params=PARAMS)
    communes = sorted(set(cells["code_commune"]) | set(sites["code_commune"]))
    points = chefs_lieux.loc[communes].to_crs(2154)
    commune_times = crow_fly_times(points, max_minutes=20.0)
    commune_demand = demand.groupby(cells["code_commune"]).sum().reindex(communes).fillna(0.0)
    commune_supply = supply.groupby(sites["code_commune"]).sum()
    commune_apl = compute_apl(supply=commune_supply, demand=commune_demand, times=commune_times, params=PARAMS)

    cell_times = expand_commune_times(commune_times, cells=cells["code_commune"], sites=sites["code_commune"])
    with pytest.warns(UserWarning, match="n'atteignent aucune demande"):  # practices of Gironde far from the métropole
        apl = grid_apl(demand, sites=sites, supply=supply, params=PARAMS, times=cell_times, engine="memory")
    by_commune = aggregate_cells(apl, demand=demand, population=cells["population"], groups=cells["code_commune"])
    grid_communes = by_commune.index
    assert len(grid_communes) == 41 and commune_apl[grid_communes].min() > 0
    np.testing.assert_allclose(by_commune["apl"].to_numpy(), commune_apl[grid_communes].to_numpy(), rtol=0, atol=1e-9)
    # and the cells do differ from their commune once they are timed from their own centre
    own = grid_apl(demand, sites=sites.loc[sites.index.isin(supply.index)], supply=supply, params=PARAMS)
    spread = own.groupby(cells["code_commune"]).agg(lambda s: s.max() - s.min())
    assert spread["33063"] > 0.5


def test_grid_apl_with_real_osrm_commune_times_aggregates_to_the_arrondissement_apl_paris():
    """Real OSRM car times between the Paris arrondissements and the communes around (MTA), 200 m cells laid on
    the arrondissement polygons and assigned to them by centre (any polygon layer): the grid APL aggregated to the
    arrondissements equals their APL computed on the commune matrix."""
    gpkg = shared_path("grand_paris_osrm_mta", "metroparis.gpkg")
    raw = pd.read_csv(shared_path("grand_paris_osrm_mta", "cardist.txt"), sep=" ", index_col=0)
    raw.index = raw.index.astype(str).str.strip('"')
    raw.columns = raw.columns.astype(str).str.strip('"')
    long = raw.stack().rename("minutes").reset_index()
    long.columns = ["origin", "destination", "minutes"]
    polygons = gpd.read_file(gpkg, layer="com").set_index("DEPCOM").to_crs(3035)
    paris = polygons[polygons.index.str.startswith("751")]
    x0, y0, x1, y1 = (int(v // 200 * 200) for v in paris.total_bounds)
    ids = pd.Index([f"CRS3035RES200mN{n}E{e}" for n in range(y0, y1 + 200, 200) for e in range(x0, x1 + 200, 200)])
    owner = cells_in_polygons(ids, paris)
    rng = np.random.default_rng(75)
    demand = pd.Series(rng.gamma(3.0, 60.0, len(owner)), index=owner.index)
    codes = sorted(polygons.index)
    sites = pd.Series(codes, index=[f"cl:{c}" for c in codes])
    supply = pd.Series(rng.uniform(20_000, 200_000, len(codes)), index=sites.index)
    commune_demand = demand.groupby(owner).sum().reindex(codes).fillna(0.0)
    commune_demand[~commune_demand.index.str.startswith("751")] = rng.uniform(5_000, 80_000, 130)
    commune_apl = compute_apl(supply=supply.set_axis(codes), demand=commune_demand, times=long, params=PARAMS)
    cell_times = expand_commune_times(long, cells=owner, sites=sites)
    outside = commune_demand[~commune_demand.index.str.startswith("751")]
    cell_times = pd.concat([cell_times, long[long["origin"].isin(outside.index)].assign(
        destination=lambda t: "cl:" + t["destination"])], ignore_index=True)  # fmt: skip
    full = pd.concat([demand, outside])
    apl = compute_apl(supply=supply, demand=full, times=cell_times, params=PARAMS, demand_zones="point",
                      supply_zones="point")  # fmt: skip
    cell_apl = apl[demand.index]
    by_arrondissement = aggregate_cells(cell_apl, demand=demand, population=demand, groups=owner)
    assert len(by_arrondissement) == 20
    np.testing.assert_allclose(by_arrondissement["apl"].to_numpy(),
                               commune_apl[by_arrondissement.index].to_numpy(), rtol=0, atol=1e-9)  # fmt: skip
