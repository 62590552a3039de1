"""Benchmark of a France-scale batch refresh (GP APL, maps at region level).

Run from the repository root (a few minutes on 2 cores)::

    .venv/bin/python benchmarks/bench_refresh.py
    .venv/bin/python benchmarks/bench_refresh.py --keep /tmp/refresh_france   # keep the outputs
    .venv/bin/python benchmarks/bench_refresh.py --no-gpkg                    # skip the GeoPackage timing

Inputs are derived **at run time** from ``../shared/data`` into a temporary folder (nothing derived
is written into the repository):

* communes: etalab / france-geojson contours COG 2018 (``communes_geojson_2018``), mainland only
  (codes ``97…`` dropped), written as an ADMIN EXPRESS-like GeoPackage (layer ``commune`` with
  ``INSEE_COM``, ``NOM``, ``INSEE_DEP``, ``INSEE_REG`` — the region code comes from the populations
  légales file, because the etalab GeoJSON has no region field and the refresh tables need
  ``code_region``) plus a ``chflieu_commune`` layer from ``chefs_lieux_2020`` (comhisto ``cinseea``;
  communes without a 2020 point get the representative point of their polygon);
* populations: populations légales 2016 (COG 2018). The real file gives Paris, Lyon and Marseille
  by arrondissement while the contours have the whole cities (75056, 69123, 13055): the benchmark
  reports the mismatch on the real file, then sums the arrondissements into the whole cities in the
  derived ``REG;DEP;COM;PMUN;PCAP;PTOT`` file it feeds to the refresh;
* demand: DREES standardised population, ``standardised_population_year = 2016`` (file used as is);
* supply: **SYNTHETIC** practitioner activity file (package format, see
  ``access_map.readers.activity``): 55,000 GPs placed in communes proportionally to the municipal
  population, acts ≈ N(4,500, 1,500) clipped to [300, 12,000], ages 30–72, 3 % new practitioners
  (no acts), 3 % salaried in a centre de santé; ``numpy.random.default_rng(0)``. The national GP
  activity (SNIIR-AM) is not public: the APL figures printed here are **illustrative only**;
* travel: crow-fly model (default parameters, 20 minutes); professions: ``medecin_generaliste``
  with ``max_ages = [0, 65]``; no TVS / caps / CPTS / MSP, so the zoning, CPTS and MSP steps are
  skipped; outputs: CSV + Parquet tables, self-contained HTML maps without basemap, PNG, 2 km
  GeoTIFF. The GeoPackage of the commune table is timed separately.

Then, on the APL read back from ``apl_communes.parquet``, one self-contained APL map per mainland
region (13) is built with :func:`access_map.maps.apl_map` and saved with
:func:`access_map.maps.save_map` (``self_contained=True, basemap=False``).

The last line is machine-readable:
``refresh_total_seconds=<x> region_maps_seconds=<y> max_region_html_mb=<z>``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
COMMUNES_2018 = SHARED / "communes_geojson_2018" / "communes_2018.geojson.gz"
REGIONS_2018 = SHARED / "communes_geojson_2018" / "regions-version-simplifiee.geojson.gz"
CHEFS_LIEUX = SHARED / "chefs_lieux_2020" / "cheflieu_2020.geojson.gz"
POP_2016 = SHARED / "population_legale_insee" / "pop_legales_2016_cog2018_communes.csv.gz"
DREES_STD = SHARED / "drees_population_standardisee" / "population_standardisee_mg.csv.gz"

N_GPS = 55_000
#: PLM arrondissement code prefixes -> whole-city code of the contours
PLM = {"751": "75056", "132": "13055", "6938": "69123"}


def peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def fr(x: float, d: int = 2) -> str:
    return f"{x:,.{d}f}".replace(",", " ")


class Clock:
    """Wall-clock phases of the benchmark with the memory peak at the end of each."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    def run(self, label: str, func, *args, **kwargs):
        t0 = time.perf_counter()
        out = func(*args, **kwargs)
        self.rows.append((label, time.perf_counter() - t0, peak_mb()))
        return out


# --------------------------------------------------------------------------- inputs


def plm_city(code: str) -> str:
    for prefix, city in PLM.items():
        if code.startswith(prefix) and code != city:
            return city
    return code


def prepare_inputs(tmp: Path, n_gps: int) -> dict:
    """Write the derived inputs into ``tmp``; return paths and the data-quality counts."""
    from access_map.readers.drees import read_standardised_population
    from access_map.readers.ign import read_chefs_lieux
    from access_map.readers.insee import read_populations_legales

    info: dict = {}
    # -- communes (mainland), WGS84 as published
    raw = gpd.read_file(f"/vsigzip/{COMMUNES_2018}", engine="pyogrio")
    info["communes_all"] = len(raw)
    raw = raw[~raw["code"].str.startswith("97")].sort_values("code").reset_index(drop=True)
    codes = pd.Index(raw["code"].astype(str), name="code_commune")
    info["communes_metro"] = len(codes)

    # -- populations légales 2016, read with the package reader on the REAL file
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        pop = read_populations_legales(POP_2016)
    info["pop_reader_warnings"] = sorted({str(x.message)[:200] for x in w})
    info["pop_rows"] = len(pop)
    pop_metro = pop[~pop.index.str.startswith("97")]
    info["pop_missing_raw"] = sorted(codes.difference(pop_metro.index))
    info["pop_unmatched_raw"] = sorted(pop_metro.index.difference(codes))
    # derived file: arrondissements summed into the whole cities of the contours
    cols = ["population_municipale", "population_comptee_a_part", "population_totale"]
    agg = pop_metro.assign(COM=[plm_city(c) for c in pop_metro.index])
    summed = agg.groupby("COM")[cols].sum()
    first = agg.groupby("COM")[["code_region", "code_departement"]].first()
    derived = first.join(summed).reindex(codes)
    info["pop_missing_derived"] = sorted(derived.index[derived["population_municipale"].isna()])
    derived = derived.dropna(subset=["population_municipale"])
    pop_csv = tmp / "populations_legales_2016_plm_agregees.csv"
    pd.DataFrame(
        {
            "REG": derived["code_region"].to_numpy(),
            "DEP": derived["code_departement"].to_numpy(),
            "COM": derived.index.to_numpy(),
            "PMUN": derived["population_municipale"].astype("int64").to_numpy(),
            "PCAP": derived["population_comptee_a_part"].astype("int64").to_numpy(),
            "PTOT": derived["population_totale"].astype("int64").to_numpy(),
        }
    ).to_csv(pop_csv, sep=";", index=False)
    info["population_metro"] = float(derived["population_municipale"].sum())
    info["plm_population"] = {c: float(derived.loc[c, "population_municipale"]) for c in sorted(set(PLM.values()))}

    # -- region of every commune (etalab contours have none): department -> region of the INSEE file
    dep_reg = pop_metro.groupby("code_departement")["code_region"].first()
    dep = pd.Series(codes.str.slice(0, 2), index=codes)
    reg = dep.map(dep_reg)
    if reg.isna().any():
        raise SystemExit(f"no region for departments {sorted(dep[reg.isna()].unique())}")

    # -- communes GeoPackage (ADMIN EXPRESS-like) + chef-lieu layer
    gpkg = tmp / "communes_2018_metropole.gpkg"
    communes = gpd.GeoDataFrame(
        {
            "INSEE_COM": codes.to_numpy(),
            "NOM": raw["nom"].to_numpy(),
            "INSEE_DEP": dep.to_numpy(),
            "INSEE_REG": reg.to_numpy(),
        },
        geometry=raw.geometry.to_numpy(),
        crs=raw.crs,
    )
    communes.to_file(gpkg, layer="commune", driver="GPKG", engine="pyogrio")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cl = read_chefs_lieux(CHEFS_LIEUX)
    pts = cl.geometry.reindex(codes)
    no_point = pts.isna().to_numpy()
    info["chefs_lieux_missing"] = int(no_point.sum())
    fallback = communes.geometry.representative_point()
    geom = np.where(no_point, fallback.to_numpy(), pts.to_numpy())
    gpd.GeoDataFrame(
        {"INSEE_COM": codes.to_numpy(), "NOM": raw["nom"].to_numpy()}, geometry=list(geom), crs=cl.crs
    ).to_file(gpkg, layer="chflieu_commune", driver="GPKG", engine="pyogrio")

    # -- DREES standardised population 2016: coverage of the mainland codes (file used as is)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        std = read_standardised_population(DREES_STD, year=2016)
    lack = codes.difference(std.index)
    info["drees_missing"] = len(lack)
    info["drees_missing_examples"] = list(lack[:8])
    info["drees_missing_population"] = float(derived["population_municipale"].reindex(lack).fillna(0).sum())
    info["drees_total"] = float(std["standardised_population"].sum())

    # -- SYNTHETIC practitioner activity (package format)
    rng = np.random.default_rng(0)
    weights = derived["population_municipale"].to_numpy(dtype=float)
    where = rng.choice(len(derived), size=n_gps, p=weights / weights.sum())
    acts = np.clip(np.round(rng.normal(4500.0, 1500.0, size=n_gps)), 300, 12000)
    ages = rng.integers(30, 73, size=n_gps)
    new = rng.random(n_gps) < 0.03
    centre = rng.random(n_gps) < 0.03
    act = pd.DataFrame(
        {
            "identifiant_pp": [f"SYN{i:06d}" for i in range(n_gps)],
            "code_commune": derived.index.to_numpy()[where],
            "profession": "medecin_generaliste",
            "actes": pd.array(np.where(new, np.nan, acts), dtype="Float64").astype("Int64"),
            "age": ages,
            "nouvel_installe": new.astype(int),
            "centre_sante": centre.astype(int),
            "etp": "",
            "part_activite": "",
        }
    )
    act_csv = tmp / "activite_mg_synthetique.csv"
    act.to_csv(act_csv, sep=";", index=False)
    info["gps"] = n_gps
    info["gps_communes"] = int(act["code_commune"].nunique())
    info["gps_new"] = int(new.sum())
    info["gps_centre"] = int(centre.sum())
    info["files"] = {"communes": gpkg, "populations": pop_csv, "practitioners": act_csv}
    return info


# --------------------------------------------------------------------------- refresh


def make_config(info: dict, out: Path):
    from access_map.config import parse_config

    files = info["files"]
    data = {
        "name": "france_bench",
        "label": "France métropolitaine — APL MG, offre SYNTHÉTIQUE (benchmark)",
        "sources": {
            "communes": str(files["communes"]),
            "populations": str(files["populations"]),
            "standardised_population": str(DREES_STD),
            "standardised_population_year": 2016,
            "practitioners": str(files["practitioners"]),
        },
        "travel": {"method": "crow_fly"},
        "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
        "outputs": {
            "directory": str(out / "out"),
            "maps_directory": str(out / "maps"),
            "table_formats": ["csv", "parquet"],
            "png": True,
            "raster": True,
            "raster_resolution_m": 2000,
            "self_contained": True,
        },
    }
    return parse_config(data, base_dir=out, source="bench_refresh configuration")


@contextmanager
def profiled(targets: list[tuple[object, str, str]]):
    """Wrap ``module.attr`` callables with timers (benchmark-only monkeypatch, restored on exit).

    Yields a dict ``label -> [calls, seconds]``; nested calls are counted in both labels.
    """
    stats: dict[str, list[float]] = {}
    saved = []
    for module, attr, label in targets:
        original = getattr(module, attr)
        saved.append((module, attr, original))

        def wrapper(*args, _f=original, _label=label, **kwargs):
            t0 = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                entry = stats.setdefault(_label, [0, 0.0])
                entry[0] += 1
                entry[1] += time.perf_counter() - t0

        setattr(module, attr, wrapper)
    try:
        yield stats
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


def profile_targets() -> list[tuple[object, str, str]]:
    """The functions timed during the refresh: (module, attribute, label).

    Patched in the modules the refresh looks them up in (``maps.publish`` imports them inside its functions).
    """
    import access_map.maps.folium_maps as folium_maps
    import access_map.maps.html as html_mod
    import access_map.maps.publish as publish_mod
    import access_map.maps.static as static_mod
    import access_map.maps.topology as topology_mod

    return [
        (folium_maps, "apl_map", "maps.apl_map (construction folium)"),
        (folium_maps, "deployment_map", "maps.deployment_map (construction folium)"),
        (topology_mod, "display_geometries", "  dont display_geometries (simplification)"),
        (html_mod, "render_html", "maps.render_html (rendu + inline JS/CSS)"),
        (publish_mod, "stable_ids", "maps.publish.stable_ids (ids déterministes)"),
        (static_mod, "static_map", "maps.static_map (PNG)"),
    ]


def run(config):
    from access_map.refresh import run_refresh

    targets = profile_targets()
    marks: list[tuple[str, float, float]] = []

    def progress(name: str, i: int, n: int) -> None:
        marks.append((name, time.perf_counter(), peak_mb()))
        print(f"  [{i}/{n}] {name} …", flush=True)

    with warnings.catch_warnings(record=True) as w, profiled(targets) as stats:
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        result = run_refresh(config, progress=progress)
        wall = time.perf_counter() - t0
    marks.append(("fin", time.perf_counter(), peak_mb()))
    peaks = {marks[i][0]: marks[i + 1][2] for i in range(len(marks) - 1)}
    return (
        result,
        wall,
        peaks,
        sorted({f"{x.category.__name__}: {x.message}" for x in w}),
        {label: stats.get(label, [0, 0.0]) for _, _, label in targets},
    )


def region_maps(out: Path, gpkg: Path, label: str) -> list[dict]:
    from access_map import maps

    apl = pd.read_parquet(out / "out" / "apl_communes.parquet")
    communes = gpd.read_file(gpkg, layer="commune", engine="pyogrio").to_crs(2154)
    communes = communes.rename(columns={"INSEE_COM": "code_commune", "NOM": "nom"}).set_index("code_commune")
    names = gpd.read_file(f"/vsigzip/{REGIONS_2018}", engine="pyogrio", ignore_geometry=True)
    names = dict(zip(names["code"].astype(str), names["nom"]))
    rows = []
    for code in sorted(apl["code_region"].dropna().unique()):
        sub = communes[communes["INSEE_REG"] == code][["nom", "geometry"]]
        values = apl.loc[apl["code_region"] == code, "medecin_generaliste__apl"]
        t0 = time.perf_counter()
        m = maps.apl_map(
            sub,
            values,
            scheme="official",
            title=f"APL aux médecins généralistes — {names.get(code, code)}",
            basemap=None,
            caption=label,
        )
        t1 = time.perf_counter()
        path = maps.save_map(m, out / "regions" / f"apl_mg_region_{code}.html", self_contained=True, basemap=False)
        t2 = time.perf_counter()
        rows.append(
            {
                "code": code,
                "nom": names.get(code, code),
                "communes": len(sub),
                "build": t1 - t0,
                "save": t2 - t1,
                "mb": mb(path),
            }
        )
        print(
            f"  région {code} {names.get(code, code)} : {len(sub)} communes, {t2 - t0:.1f} s, {mb(path):.2f} Mo",
            flush=True,
        )
        del m
    return rows


def time_gpkg(out: Path, gpkg: Path) -> tuple[float, float]:
    """The GeoPackage of the commune APL table (what table_formats = ["gpkg"] would add), timed alone."""
    apl = pd.read_parquet(out / "out" / "apl_communes.parquet")
    geom = gpd.read_file(gpkg, layer="commune", engine="pyogrio", columns=["INSEE_COM"]).to_crs(2154)
    gdf = gpd.GeoDataFrame(apl, geometry=geom.set_index("INSEE_COM").geometry.reindex(apl.index).to_numpy(), crs=2154)
    path = out / "apl_communes.gpkg"
    t0 = time.perf_counter()
    gdf.to_file(path, layer="apl_communes", driver="GPKG", engine="pyogrio")
    return time.perf_counter() - t0, mb(path)


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None, help="dossier où garder les entrées dérivées et sorties")
    parser.add_argument("--no-gpkg", action="store_true", help="ne pas mesurer l'écriture GeoPackage")
    parser.add_argument("--gps", type=int, default=N_GPS, help="nombre de médecins synthétiques")
    args = parser.parse_args()
    missing = [p for p in (COMMUNES_2018, REGIONS_2018, CHEFS_LIEUX, POP_2016, DREES_STD) if not p.exists()]
    if missing:
        raise SystemExit(f"missing shared data: {', '.join(map(str, missing))}")
    import access_map

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="bench_refresh_", dir=args.keep))
    else:
        work = Path(tempfile.mkdtemp(prefix="bench_refresh_"))
    inputs_dir = work / "inputs"
    inputs_dir.mkdir()
    print(
        f"# bench_refresh — {time.strftime('%Y-%m-%d %H:%M:%S %Z')} — access_map {access_map.__version__} — "
        f"{os.cpu_count()} cœurs — dossier : {work}"
    )
    clock = Clock()
    try:
        print("\n## Entrées dérivées de ../shared/data (dossier temporaire)")
        info = clock.run("préparation des entrées (hors refresh)", prepare_inputs, inputs_dir, args.gps)
        report_inputs(info)

        print("\n## Refresh (access_map.refresh.run_refresh)")
        config = make_config(info, work)
        result, wall, peaks, caught, map_stats = clock.run("refresh", run, config)
        gpkg_time = gpkg_mb = None
        if not args.no_gpkg:
            gpkg_time, gpkg_mb = clock.run(
                "GeoPackage apl_communes (à part)", time_gpkg, work, info["files"]["communes"]
            )

        print("\n## Cartes APL par région (apl_map + save_map autonome, sans fond)")
        t0 = time.perf_counter()
        rows = clock.run("cartes régionales (13)", region_maps, work, info["files"]["communes"], config.label)
        region_seconds = time.perf_counter() - t0

        report_refresh(result, wall, peaks, caught, gpkg_time, gpkg_mb, map_stats)
        report_regions(rows, region_seconds)
        print("\n## Phases du benchmark")
        print("| phase | durée (s) | pic mémoire cumulé (Mo) |")
        print("|---|---:|---:|")
        for label, dt, peak in clock.rows:
            print(f"| {label} | {dt:.1f} | {peak:,.0f} |")
        print(f"pic mémoire du processus (ru_maxrss) : {peak_mb():,.0f} Mo")
        h = result.headline
        print("\n## Chiffres clés (offre SYNTHÉTIQUE : illustratifs seulement)")
        print(f"communes : {h['communes']:,} ; population : {fr(h['population'], 0)}")
        print(f"APL MG moyenne pondérée (population standardisée) : {h['apl_mg_moyenne']:.3f} consultations/an/hab.")
        print(f"part de la population avec APL ≤ 2,5 : {100 * h['part_population_apl_mg_le_2_5']:.2f} %")
        print(
            f"refresh_total_seconds={result.timings['total']:.1f} region_maps_seconds={region_seconds:.1f} "
            f"max_region_html_mb={max(r['mb'] for r in rows):.2f}"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def report_inputs(info: dict) -> None:
    print(f"communes COG 2018 : {info['communes_all']:,} dont {info['communes_metro']:,} en métropole (97… écartés)")
    print(
        f"populations légales 2016 (fichier réel, read_populations_legales) : {info['pop_rows']:,} lignes ; "
        f"{len(info['pop_missing_raw'])} commune(s) des contours sans population : {', '.join(info['pop_missing_raw'])} ; "
        f"{len(info['pop_unmatched_raw'])} code(s) du fichier absents des contours (arrondissements PLM : "
        f"{', '.join(info['pop_unmatched_raw'][:3])}…)"
    )
    for msg in info["pop_reader_warnings"]:
        print(f"  avertissement du lecteur : {msg}")
    print(
        f"fichier dérivé (arrondissements PLM sommés) : {len(info['pop_missing_derived'])} commune(s) sans population ; "
        f"population municipale métropole {fr(info['population_metro'], 0)} ; "
        + ", ".join(f"{c} = {fr(v, 0)}" for c, v in info["plm_population"].items())
    )
    print(f"chefs-lieux 2020 : {info['chefs_lieux_missing']} commune(s) 2018 sans point (point intérieur du polygone)")
    print(
        f"population standardisée DREES 2016 : total {fr(info['drees_total'], 0)} ; "
        f"{info['drees_missing']} commune(s) métropolitaines sans valeur (demande 0), "
        f"{fr(info['drees_missing_population'], 0)} habitants, ex. {', '.join(info['drees_missing_examples'])}"
    )
    print(
        f"offre SYNTHÉTIQUE : {info['gps']:,} médecins généralistes dans {info['gps_communes']:,} communes "
        f"({info['gps_new']} nouveaux installés sans actes, {info['gps_centre']} en centre de santé), "
        "default_rng(0)"
    )


def report_refresh(result, wall: float, peaks: dict, caught: list[str], gpkg_time, gpkg_mb, map_stats: dict) -> None:
    from access_map.refresh import STEPS

    print("\n## Étapes du refresh")
    print("| étape | durée (s) | pic mémoire cumulé (Mo) | remarque |")
    print("|---|---:|---:|---|")
    files = [p.name for p in result.files]
    skipped = {
        "zonage": not any(f.startswith("zonage") for f in files),
        "CPTS": not any(f.startswith(("cpts", "couverture", "zones_blanches")) for f in files),
        "MSP": not any(f.startswith(("msp", "centres_sante")) for f in files),
    }
    for name in STEPS:
        note = "ignorée (pas de TVS/plafonds/CPTS/MSP en entrée)" if skipped.get(name) else ""
        print(
            f"| {name} | {result.timings.get(name, float('nan')):.2f} | {peaks.get(name, float('nan')):,.0f} | {note} |"
        )
    print(f"| **total (result.timings)** | **{result.timings['total']:.2f}** | | mur : {wall:.2f} s |")
    print("\nDétail de l'étape « cartes » (fonctions chronométrées par le benchmark) :")
    print("| fonction | appels | durée (s) |")
    print("|---|---:|---:|")
    for label, (calls, seconds) in map_stats.items():
        print(f"| {label} | {int(calls)} | {seconds:.1f} |")
    print("\n## Fichiers produits")
    print("| fichier | taille (Mo) |")
    print("|---|---:|")
    total = 0.0
    for p in sorted(result.files):
        size = mb(p)
        total += size
        print(f"| {p.parent.name}/{p.name} | {size:.2f} |")
    print(f"| **total** | **{total:.1f}** |")
    if gpkg_time is not None:
        print(f"GeoPackage apl_communes (écrit à part, pyogrio) : {gpkg_time:.1f} s, {gpkg_mb:.1f} Mo")
    prov = json.loads((result.output_dir / "provenance.json").read_text(encoding="utf-8"))
    warns = sorted(set(prov.get("warnings", [])) | set(caught))
    print(f"\navertissements ({len(warns)}) :")
    for msg in warns:
        msg = " ".join(str(msg).split())
        print(f"  - {msg[:300]}{'…' if len(msg) > 300 else ''}")


def report_regions(rows: list[dict], seconds: float) -> None:
    print("\n## Cartes régionales")
    print("| région | communes | construction (s) | écriture (s) | taille HTML (Mo) |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['code']} {r['nom']} | {r['communes']:,} | {r['build']:.1f} | {r['save']:.1f} | {r['mb']:.2f} |")
    print(
        f"total cartes régionales : {seconds:.1f} s ; plus grande : {max(r['mb'] for r in rows):.2f} Mo "
        f"(cible < 10 Mo pour ≈ 5 000 communes)"
    )


if __name__ == "__main__":
    main()
