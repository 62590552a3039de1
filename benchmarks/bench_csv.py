"""Benchmark of the one CSV writer (``access_map.csv_format.write_csv``) against a bare ``DataFrame.to_csv``.

Run from the repository root (through the benchmark lock when others work on the machine)::

    flock /tmp/bench.lock .venv/bin/python benchmarks/bench_csv.py [--rows 1000000]

The table is a travel-time matrix as ``access-map travel`` writes it (origin, destination: 5-character codes;
minutes: floats), the largest CSV the package writes, plus a commune table (names, populations, APL) of
35,000 rows. Reported: median of 3 writes of each, with ``write_csv`` (formula guard, numbers in full,
decimal comma, BOM) and with ``to_csv(sep=";", decimal=",")`` (what the writer adds to pandas), and the
ratio. The last line is ``matrix_seconds=… matrix_ratio=… communes_seconds=…``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from access_map.csv_format import write_csv


def _median_seconds(action, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the travel-time matrix")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    codes = np.char.zfill(rng.integers(1000, 99999, args.rows).astype(str), 5)
    matrix = pd.DataFrame({"origin": codes, "destination": np.roll(codes, 1), "minutes": rng.uniform(0, 60, args.rows)})
    communes = pd.DataFrame(
        {
            "nom": [f"Commune {i}" for i in range(35_000)],
            "population": rng.integers(10, 100_000, 35_000).astype(float),
            "apl": rng.uniform(0, 8, 35_000),
        },
        index=pd.Index([f"{i:05d}" for i in range(35_000)], name="code_commune"),
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        ours = _median_seconds(lambda: write_csv(matrix, out / "m.csv", index=False))
        bare = _median_seconds(lambda: matrix.to_csv(out / "b.csv", sep=";", decimal=",", index=False))
        table = _median_seconds(lambda: write_csv(communes, out / "c.csv"))
    print(f"travel-time matrix, {args.rows:,} rows: write_csv {ours:.2f} s, bare to_csv {bare:.2f} s")
    print(f"commune table, 35,000 rows: write_csv {table:.3f} s")
    print(f"matrix_seconds={ours:.2f} matrix_ratio={ours / bare:.2f} communes_seconds={table:.3f}")


if __name__ == "__main__":
    main()
