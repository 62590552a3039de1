"""Benchmark of the maps: demo main job, national and regional single-file maps, static images.

Run from the repository root (through the benchmark lock when others work on the machine)::

    flock /tmp/bench.lock .venv/bin/python benchmarks/bench_maps.py            # everything
    flock /tmp/bench.lock .venv/bin/python benchmarks/bench_maps.py --demo-only

Reported, side by side in one run:

* **Demo main job**: wall time of ``access-map demo`` in a fresh process (3 runs, median), with the
  time of its map step. Target < 10 s.
* **Static images**: 8 PNGs of the demo's communes drawn by the package (communes rasterised once,
  Pillow) and drawn the way the package drew them before (mapclassify quantiles, ``GeoDataFrame.plot``
  per image with pyplot, ``savefig(bbox_inches="tight")``, 150 dpi), in a fresh process as in
  ``access-map demo`` (imports of the drawing code included, median of 3) and in a warm process —
  the ratios. Target ≥ 10×.
* **National single-file interactive map** of every commune (COG 2018, ≈ 35,000 communes incl. the
  overseas departments) with the full popup profile, self-contained: size and build time. Target
  < 10 MB. The APL values are **synthetic** (no national APL table in ../shared/data: a smooth
  function of longitude/latitude, 2 % missing, fixed seed); TVS = bassins de vie 2012 of the INSEE
  table d'appartenance 2022 (real), populations légales 2016 (real); zoning, CPTS and nearest MSP
  texts are synthetic but of realistic length.
* **Region map** (Grand Est, the region with most communes): size and build time. Target < 3 MB.

The last line is ``demo_main_job_seconds=… static_ratio=… national_map_mb=… region_map_mb=…``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
COMMUNES_2018 = SHARED / "communes_geojson_2018" / "communes_2018.geojson.gz"
APPARTENANCE = SHARED / "insee_appartenance_2022" / "table-appartenance-geo-communes-22.csv.gz"
POP_2016 = SHARED / "population_legale_insee" / "pop_legales_2016_cog2018_communes.csv.gz"
GRAND_EST = ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]


def mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def demo_main_job(out: Path, runs: int = 3) -> tuple[float, float]:
    """Median wall time of ``access-map demo`` (fresh process) and the median time of its map step."""
    exe = Path(sys.executable).parent / "access-map"
    walls, maps = [], []
    for i in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "demo", "--output-dir", str(out / f"o{i}"), "--maps-dir", str(out / f"m{i}")],
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append(time.perf_counter() - t0)
        marks = [line for line in proc.stderr.splitlines() if "] cartes" in line or "] rasters" in line]
        t_maps = float(marks[1].split("(")[1].split("s")[0]) - float(marks[0].split("(")[1].split("s")[0])
        maps.append(t_maps)
    return statistics.median(walls), statistics.median(maps)


def old_static_png(gdf, column: str, path: Path, title: str) -> None:
    """The package's static map before issue 14: mapclassify quantiles, GeoDataFrame.plot per image (pyplot),
    ``savefig(bbox_inches="tight")``, 150 dpi."""
    import mapclassify
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    values = pd.to_numeric(gdf[column], errors="coerce").to_numpy()
    ok = np.isfinite(values)
    bins = mapclassify.Quantiles(values[ok], k=5).bins
    codes = np.minimum(np.searchsorted(bins, values, side="left"), len(bins) - 1)
    palette = [to_hex(colormaps["RdYlBu"](i / 4)) for i in range(5)]
    colors = [palette[c] if o else "#bdbdbd" for c, o in zip(codes, ok)]
    fig, ax = plt.subplots(figsize=(8.0, 8.0))
    try:
        gdf.plot(ax=ax, color=colors, edgecolor="#666666", linewidth=0.2)
        ax.set_axis_off()
        ax.set_title(title)
        fig.text(0.01, 0.01, "Source : démo")
        fig.savefig(path, dpi=150, bbox_inches="tight")
    finally:
        plt.close(fig)


def _demo_frame():
    from access_map.datasets import load_demo

    communes = load_demo().communes
    rng = np.random.default_rng(0)
    columns = {f"v{i}": rng.gamma(3.0, 1.0 + i, len(communes)) for i in range(8)}
    return communes.assign(**columns), list(columns)


def _draw(kind: str, frame, columns, out: Path) -> float:
    t0 = time.perf_counter()
    if kind == "old":
        for col in columns:
            old_static_png(frame, col, out / f"old_{col}.png", f"Indicateur {col}")
    else:
        from access_map.maps.static import static_geometry, static_map

        geo = static_geometry(frame)
        for col in columns:
            static_map(frame, col, kind="indicator", path=out / f"new_{col}.png", title=f"Indicateur {col}",
                       source="démo", geometry=geo)  # fmt: skip
    return time.perf_counter() - t0


def static_worker(kind: str, out: Path) -> None:
    """In a fresh process (as in ``access-map demo``): the images' time, imports of the drawing code included."""
    out.mkdir(parents=True, exist_ok=True)
    frame, columns = _demo_frame()  # the demo's data, loaded before the clock starts
    print(f"{_draw(kind, frame, columns, out):.4f}")


def static_images(out: Path) -> dict[str, float]:
    """Seconds for the 8 images: cold (fresh process, median of 3) and warm (same process, after a warm-up)."""
    out.mkdir(parents=True, exist_ok=True)
    result: dict[str, float] = {}
    for kind in ("new", "old"):
        runs = [
            float(subprocess.run([sys.executable, __file__, "--static-worker", kind, str(out / f"cold_{kind}")],
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
            for _ in range(3)
        ]  # fmt: skip
        result[f"cold_{kind}"] = statistics.median(runs)
    frame, columns = _demo_frame()
    for kind in ("new", "old"):
        _draw(kind, frame, columns[:1], out)  # warm-up: imports, fonts
        result[f"warm_{kind}"] = _draw(kind, frame, columns, out)
    result["n"] = len(columns)
    return result


def synthetic_apl(points) -> pd.Series:
    rng = np.random.default_rng(2018)
    lon, lat = points["lon"].to_numpy(), points["lat"].to_numpy()
    base = 3.6 + 1.6 * np.sin(lon / 1.7) * np.cos((lat - 46.0) / 1.3) + 0.8 * np.cos(lon * 1.9 + lat)
    apl = np.clip(base + rng.normal(0, 0.6, size=len(points)), 0.2, 8.0)
    apl[rng.random(len(points)) < 0.02] = np.nan
    return pd.Series(apl, index=points.index)


def france_inputs():
    """Communes COG 2018 with real populations and bassins de vie, and a synthetic popup profile."""
    import geopandas as gpd

    from access_map.readers.appartenance import read_appartenance
    from access_map.readers.insee import read_populations_legales

    gdf = gpd.read_file(f"/vsigzip/{COMMUNES_2018}").rename(columns={"code": "code_commune"}).set_index("code_commune")
    gdf = gdf.to_crs(2154)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pop = read_populations_legales(POP_2016)["population_municipale"]
        app = read_appartenance(APPARTENANCE)
    gdf["population"] = pop.reindex(gdf.index).fillna(0.0)
    gdf["code_departement"] = gdf.index.str[:3].where(gdf.index.str.startswith("97"), gdf.index.str[:2])
    pts = gdf.geometry.representative_point().to_crs(4326)
    points = pd.DataFrame({"lon": pts.x, "lat": pts.y}, index=gdf.index)
    apl = synthetic_apl(points)
    rng = np.random.default_rng(7)
    bv = app["code_bassin_vie"].reindex(gdf.index)
    bv = bv.fillna(pd.Series(gdf.index, index=gdf.index))
    bv_name = app["nom"].reindex(bv.to_numpy()).to_numpy()
    tvs_apl = apl.groupby(bv).transform("mean")
    zonage = np.where(
        tvs_apl <= 2.5, "ZIP", np.where(tvs_apl <= 4.0, np.where(rng.random(len(gdf)) < 0.6, "ZAC", "ZV"), "HV")
    )
    profile = pd.DataFrame(
        {
            "nom": gdf["nom"],
            "population": gdf["population"],
            "medecin_generaliste__apl": apl.round(4),
            "medecin_generaliste__apl_65": (apl * rng.uniform(0.8, 0.95, len(gdf))).round(4),
            "code_tvs": bv,
            "tvs": [f"{n} ({c})" for n, c in zip(bv_name, bv)],
            "tvs_apl": tvs_apl.round(4),
            "zonage": pd.Series(zonage, index=gdf.index).map({"ZIP": "Zone d'intervention prioritaire (ZIP)",
                      "ZAC": "Zone d'action complémentaire (ZAC)", "ZV": "Zone de vigilance (ZV)", "HV": "Hors vivier (HV)"}),
            "zonage_precedent": pd.Series(np.roll(zonage, 17), index=gdf.index).map({"ZIP": "Zone d'intervention prioritaire (ZIP)",
                      "ZAC": "Zone d'action complémentaire (ZAC)", "ZV": "Zone de vigilance (ZV)", "HV": "Hors vivier (HV)"}),
            "cpts": [f"CPTS du territoire {d}-{k} (contrat ACI signé le 12/03/2021, taille 2)" if rng.random() < 0.8
                     else "aucune (zone blanche)" for d, k in zip(gdf["code_departement"], rng.integers(1, 12, len(gdf)))],
            "msp_proche": [f"MSP de {n} ({n})" for n in gdf["nom"].sample(frac=1.0, random_state=1)],
            "msp_minutes": rng.uniform(0, 20, len(gdf)).round(1),
            "code_departement": gdf["code_departement"],
        },
        index=gdf.index,
    )  # fmt: skip
    return gdf, apl, tvs_apl, profile


def one_map(gdf, apl, tvs_apl, profile, path: Path) -> tuple[float, float, float, int]:
    from access_map import maps
    from access_map.maps.topology import display_topology

    t0 = time.perf_counter()
    topo = display_topology(gdf)
    t_topo = time.perf_counter() - t0
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = pd.DataFrame(
            {"apl": apl.reindex(gdf.index), "apl_65": profile["medecin_generaliste__apl_65"].reindex(gdf.index)}
        )
        m = maps.apl_map(gdf, frame, vintage=2023, tvs_apl=tvs_apl.reindex(gdf.index), topology=topo,
                         profile=profile.reindex(gdf.index), source="APL synthétique ; INSEE, RP 2016")  # fmt: skip
        maps.save_map(m, path)
    t_map = time.perf_counter() - t0
    return t_topo, t_map, mb(path), int(topo.tolerance_m)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="dossier de sortie (défaut : temporaire)")
    parser.add_argument("--static-worker", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.static_worker:
        static_worker(args.static_worker[0], Path(args.static_worker[1]))
        return
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_maps_"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"# bench_maps — {time.strftime('%Y-%m-%d %H:%M')} — {os.cpu_count()} cœurs — sorties : {out}")
    wall, t_maps = demo_main_job(out / "demo")
    print(f"\n## access-map demo (processus neuf, médiane de 3) : {wall:.2f} s, dont étape cartes {t_maps:.2f} s")
    st = static_images(out / "static")
    ratio, ratio_warm = st["cold_old"] / st["cold_new"], st["warm_old"] / st["warm_new"]
    n = int(st["n"])
    print(f"\n## Images statiques de la démo ({n} PNG, 600 communes)")
    print(
        "| version | processus neuf, imports compris (s) | processus chaud (s) | par image, chaud (s) |\n|---|---|---|---|"
    )
    print(
        f"| paquet (communes rastérisées une fois, Pillow) | {st['cold_new']:.2f} | {st['warm_new']:.3f} | "
        f"{st['warm_new'] / n:.4f} |"
    )
    print(
        f"| ancienne (mapclassify, GeoDataFrame.plot, bbox tight, 150 dpi) | {st['cold_old']:.2f} | "
        f"{st['warm_old']:.3f} | {st['warm_old'] / n:.4f} |"
    )
    print(
        f"rapport : {ratio:.1f}× en processus neuf (comme dans access-map demo), {ratio_warm:.1f}× en processus chaud"
    )
    national = region = float("nan")
    if not args.demo_only and COMMUNES_2018.exists():
        gdf, apl, tvs_apl, profile = france_inputs()
        t_topo, t_map, national, tol = one_map(gdf, apl, tvs_apl, profile, out / "france.html")
        print(
            f"\n## Carte nationale interactive, un seul fichier ({len(gdf)} communes, profil complet dans les popups)"
        )
        print(f"géométrie d'affichage (TopoJSON, tolérance {tol} m) : {t_topo:.1f} s ; carte + écriture : {t_map:.1f} s ; "
              f"taille : {national:.2f} Mo")  # fmt: skip
        ge = gdf[gdf["code_departement"].isin(GRAND_EST)]
        t_topo, t_map, region, tol = one_map(ge, apl, tvs_apl, profile, out / "grand_est.html")
        print(f"\n## Carte régionale Grand Est ({len(ge)} communes)")
        print(f"géométrie d'affichage (tolérance {tol} m) : {t_topo:.1f} s ; carte + écriture : {t_map:.1f} s ; "
              f"taille : {region:.2f} Mo")  # fmt: skip
    elif not args.demo_only:
        print(f"\n({COMMUNES_2018} absent : cartes nationale et régionale non mesurées)")
    print(f"\ndemo_main_job_seconds={wall:.2f} static_ratio={ratio:.1f} static_ratio_warm={ratio_warm:.1f} "
          f"national_map_mb={national:.2f} region_map_mb={region:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
