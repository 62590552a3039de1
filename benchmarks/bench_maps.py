"""Benchmark of the maps: demo maps, and a France-scale APL map (≈ 35,000 communes).

Run from the repository root::

    .venv/bin/python benchmarks/bench_maps.py            # demo + France
    .venv/bin/python benchmarks/bench_maps.py --demo-only

* Demo: time to build and save (self-contained, no basemap) each map of the fictional demo territory
  (APL computed by the package engine on crow-fly times).
* France: commune contours COG 2018 from ``../shared/data/communes_geojson_2018/communes_2018.geojson.gz``
  (IGN Admin Express, already simplified by mapshaper). There is no national APL table in ../shared/data,
  so the APL values are **synthetic**: a smooth function of longitude/latitude (range ≈ 0.5–7) with 2 % of
  communes left missing, generated with a fixed seed. Reported: read time, map build time, save time and
  file size for several simplification tolerances; static PNG time; 1 km GeoTIFF of mainland France.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from access_map import maps  # noqa: E402

COMMUNES_2018 = ROOT.parent / "shared" / "data" / "communes_geojson_2018" / "communes_2018.geojson.gz"


def timed(label: str, func, *args, **kwargs):
    t0 = time.perf_counter()
    out = func(*args, **kwargs)
    dt = time.perf_counter() - t0
    return out, dt


def mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def bench_demo(out: Path) -> None:
    from access_map.cli.maps import demo_map_inputs

    d, dt = timed("inputs", demo_map_inputs)
    print(f"\n## Démo ({len(d['communes'])} communes, {len(d['msp'])} MSP, {d['cpts']['id_cpts'].nunique()} CPTS)")
    print(f"load_demo + APL (moteur, temps à vol d'oiseau) : {dt:.2f} s")
    print("| carte | construction (s) | écriture autonome (s) | taille (Mo) |")
    print("|---|---|---|---|")
    common = {"basemap": None, "caption": "Territoire fictif"}
    builders = {
        "apl": lambda: maps.apl_map(d["communes"], d["apl"], **common),
        "zoning": lambda: maps.zoning_map(d["communes"], d["zonage"], **common),
        "cpts": lambda: maps.cpts_map(d["communes"], d["cpts"], **common),
        "msp": lambda: maps.msp_map(d["msp"], communes_gdf=d["communes"], **common),
        "deployment": lambda: maps.deployment_map(
            d["communes"], apl=d["apl"], zonage=d["zonage"], cpts_long=d["cpts"], msp_gdf=d["msp"], **common
        ),
    }
    total = 0.0
    for name, build in builders.items():
        m, t_build = timed(name, build)
        path, t_save = timed(name, maps.save_map, m, out / f"demo_{name}.html", self_contained=True)
        total += t_build + t_save
        print(f"| {name} | {t_build:.2f} | {t_save:.2f} | {mb(path):.2f} |")
    print(f"total cartes démo : {total:.2f} s")


def synthetic_apl(gdf) -> pd.Series:
    """Smooth synthetic APL from the representative point (lon/lat) + noise; 2 % missing. Fixed seed."""
    rng = np.random.default_rng(2018)
    pts = gdf.geometry.representative_point()
    lon, lat = pts.x.to_numpy(), pts.y.to_numpy()
    base = 3.6 + 1.6 * np.sin(lon / 1.7) * np.cos((lat - 46.0) / 1.3) + 0.8 * np.cos(lon * 1.9 + lat)
    apl = np.clip(base + rng.normal(0, 0.6, size=len(gdf)), 0.2, 8.0)
    apl[rng.random(len(gdf)) < 0.02] = np.nan
    return pd.Series(apl, index=gdf.index, name="apl")


GRAND_EST = ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]


def _one_map(gdf, apl, tol, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        light, _ = timed("geom", maps.display_geometries, gdf, tolerance_m=tol)
        m, t_build = timed("build", maps.apl_map, gdf, apl, basemap=None, tolerance_m=tol, caption="APL synthétique")
    path, t_save = timed("save", maps.save_map, m, path, self_contained=True)
    verts = int(light.geometry.count_coordinates().sum())
    print(f"| {tol} | {t_build:.2f} | {t_save:.2f} | {mb(path):.1f} | {verts:,} |")


def bench_france(out: Path) -> None:
    import geopandas as gpd

    if not COMMUNES_2018.exists():
        print(f"\n(France : {COMMUNES_2018} absent, ignoré)")
        return
    gdf, t_read = timed("read", gpd.read_file, f"/vsigzip/{COMMUNES_2018}")
    gdf = gdf.rename(columns={"code": "code_commune"}).set_index("code_commune")
    n_coords = int(gdf.geometry.count_coordinates().sum())
    apl = synthetic_apl(gdf)
    print(f"\n## France ({len(gdf)} communes COG 2018, {n_coords:,} sommets ; APL synthétique)")
    print(f"lecture GeoJSON.gz : {t_read:.2f} s")
    raw_json_mb = len(gdf.to_json()) / 1e6
    print(f"GeoJSON brut (sans simplification ni arrondi, sans infobulles) : {raw_json_mb:.1f} Mo")
    print(
        "| tolérance (m, Web Mercator) | simplification+construction (s) | écriture autonome (s) | taille (Mo) | sommets |"
    )
    print("|---|---|---|---|---|")
    for tol in (None, maps.geometry.DEFAULT_TOLERANCE_M, 1000.0, 2000.0):
        _one_map(gdf, apl, tol, out / f"france_apl_{tol}.html")
    grand_est = gdf[gdf.index.str[:2].isin(GRAND_EST)]
    print(f"\n### Région Grand Est ({len(grand_est)} communes, contours réels, APL synthétique)")
    print(
        "| tolérance (m, Web Mercator) | simplification+construction (s) | écriture autonome (s) | taille (Mo) | sommets |"
    )
    print("|---|---|---|---|---|")
    for tol in (None, maps.geometry.DEFAULT_TOLERANCE_M, 300.0):
        _one_map(grand_est, apl, tol, out / f"grand_est_apl_{tol}.html")
    # Fisher-Jenks on 35k values (sampled) and quantiles
    _, t_fj = timed("fj", maps.classify, apl, scheme="fisher_jenks", k=5)
    print(f"classes Fisher-Jenks (sur 500 statistiques d'ordre) : {t_fj:.2f} s")
    metro = gdf[~gdf.index.str.startswith("97")].to_crs(2154)
    png, t_png = timed("png", maps.static_map, metro.assign(apl=apl), "apl", kind="apl", path=out / "france_apl.png")
    print(f"PNG statique métropole ({len(metro)} communes) : {t_png:.2f} s, {mb(png):.2f} Mo")
    tif, t_tif = timed("tif", maps.write_indicator_raster, metro, apl, out / "france_apl_1km.tif", resolution_m=1000)
    arr, _, _, nodata = maps.read_indicator_raster(tif)
    print(
        f"GeoTIFF 1 km métropole : {t_tif:.2f} s, {arr.shape[1]}×{arr.shape[0]} mailles, {mb(tif):.2f} Mo, "
        f"{np.count_nonzero(arr != nodata):,} mailles renseignées"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="dossier de sortie (défaut : temporaire)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_maps_"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"# bench_maps — {time.strftime('%Y-%m-%d %H:%M')} — {os.cpu_count()} cœurs — sorties : {out}")
    bench_demo(out)
    if not args.demo_only:
        bench_france(out)


if __name__ == "__main__":
    main()
