"""Benchmark: the atlas of France from the official DREES workbook, with no practitioner file (target < 30 s).

Run from the repository root::

    .venv/bin/python benchmarks/bench_atlas.py
    .venv/bin/python benchmarks/bench_atlas.py --keep /tmp/atlas_france --repeat 2

The refresh's published entry (:mod:`access_map.refresh.published`) on the files of ``../shared/data``
as a user downloads them: the DREES workbook (sheets ``APL 2023`` and ``APL 2022``), the commune contours
(COG 2018, 35,357 communes with the overseas departments), the INSEE table d'appartenance 2022 (regions
and the TVS proxy), the COG 2026 department and region tables (names) and commune events (communes merged
since the contours). It writes every table (CSV, Parquet), the styled GeoPackage, the interactive maps
(one per region above 6,000 communes: commune APL, TVS APL in the official classes, change 2022 → 2023),
the PNG images and the report; no raster. Prints the step timings of each run and the last line
``atlas_france_seconds=<total> read_seconds=<r> tables_seconds=<t> maps_seconds=<m> gpkg_mb=<size>``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from access_map.config import parse_config
from access_map.refresh import run_refresh

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def config(root: Path) -> object:
    return parse_config(
        {
            "name": "france",
            "label": "France — APL publiée par la DREES",
            "sources": {
                "drees_apl": str(DATA / "drees_apl_mg_2022_2023" / "apl_generalistes_2022_2023_drees.xlsx"),
                "communes": str(DATA / "communes_geojson_2018" / "communes_2018.geojson.gz"),
                "appartenance": str(DATA / "insee_appartenance_2022" / "table-appartenance-geo-communes-22.csv.gz"),
                "cog_departements": str(DATA / "cog_insee" / "departements.csv"),
                "cog_regions": str(DATA / "cog_insee" / "regions.csv"),
                "cog_movements": str(DATA / "cog_insee" / "mouvements_communes_cog2026.csv.gz"),
            },
            "outputs": {"directory": str(root / "out"), "maps_directory": str(root / "maps"), "raster": False,
                        "table_formats": ["csv", "parquet", "gpkg"]},
        },
        base_dir=root,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None, help="write into this folder and keep it")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench_atlas_"))
    last = None
    for i in range(args.repeat):
        t0 = time.perf_counter()
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            result = run_refresh(config(root))  # type: ignore[arg-type]
        total = time.perf_counter() - t0
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items() if v >= 0.05)
        print(f"run {i + 1}: {total:.1f} s ({steps})")
        last = (total, result)
    assert last is not None
    total, result = last
    gpkg = result.output_dir / "france.gpkg"
    maps = sorted(p.name for p in result.maps_dir.iterdir())
    print(f"{len(maps)} map files, {len(list(result.output_dir.glob('*.csv')))} tables; headline {result.headline}")
    print(
        f"atlas_france_seconds={total:.1f} read_seconds={result.timings['lecture des données']:.1f} "
        f"tables_seconds={result.timings['tableaux']:.1f} maps_seconds={result.timings['cartes']:.1f} "
        f"gpkg_mb={gpkg.stat().st_size / 1e6:.1f}"
    )


if __name__ == "__main__":
    main()
