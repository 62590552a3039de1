"""Commands read the CSVs other commands write (``;``, decimal comma, BOM), with nothing lost on the way.

Gironde, real files (../shared/data): chefs-lieux 2020 → ``travel crowfly`` (``.csv.gz`` and ``.parquet``)
→ ``apl --times`` (DREES standardised population 2016, RPPS 2017 with imputed activity) → ``zoning --apl``
(TVS stood in for by the INSEE bassins de vie 2012, hand-written caps) and ``map apl --values``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main
from conftest import shared_path

POINTS = ("chefs_lieux_2020", "cheflieu_2020.geojson.gz")
STANDARDISED = ("drees_population_standardisee", "population_standardisee_mg.csv.gz")
RPPS = ("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")
POPULATIONS = ("population_legale_insee", "pop_legales_2016_cog2018_communes.csv.gz")
APPARTENANCE = ("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
CONTOURS = ("communes_geojson_2018", "communes_2018.geojson.gz")


def _invoke(*args: str) -> str:
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("chaine")
    for suffix in ("csv.gz", "parquet"):
        _invoke("travel", "crowfly", "--points", str(shared_path(*POINTS)), "--departement", "33",
                "--output", str(d / f"times.{suffix}"))  # fmt: skip
    for suffix in ("csv.gz", "parquet"):
        _invoke("apl", "--population", str(shared_path(*STANDARDISED)), "--population-kind", "standardised",
                "--population-year", "2016", "--supply", str(shared_path(*RPPS)), "--impute-activity",
                "--times", str(d / f"times.{suffix}"), "--output", str(d / f"apl_{suffix.split('.')[0]}.csv"))  # fmt: skip
    return d


def test_travel_times_written_as_csv_give_the_apl_of_the_parquet_matrix(chain: Path) -> None:
    raw = gzip.decompress((chain / "times.csv.gz").read_bytes())
    assert raw.startswith(b"\xef\xbb\xbforigin;destination;minutes\r\n") and b"," in raw  # the convention
    from_csv = csv_format.read_csv(chain / "apl_csv.csv").set_index("code_commune")
    from_parquet = csv_format.read_csv(chain / "apl_parquet.csv").set_index("code_commune")
    assert len(from_csv) > 500
    pd.testing.assert_frame_equal(from_csv, from_parquet)  # exactly: no digit lost in the CSV matrix


def test_zoning_reads_the_apl_csv(chain: Path, tmp_path: Path) -> None:
    with gzip.open(shared_path(*APPARTENANCE), "rt", encoding="cp1252") as fh:
        app = pd.read_csv(fh, sep=";", dtype=str)
    tvs = pd.DataFrame({"code_commune": app["CODGEO"].str.zfill(5), "code_tvs": app["BV2012"].str.zfill(5)})
    tvs.to_csv(tmp_path / "tvs.csv", sep=";", index=False)
    regions = sorted(pd.read_csv(shared_path(*POPULATIONS), dtype=str)["Code région"].unique())
    caps = "".join(f"{r};0.2;0.3\n" for r in regions)  # the TVS file covers France: one row per region
    (tmp_path / "caps.csv").write_text("code_region;part_max_zip;part_max_zac\n" + caps, encoding="utf-8")
    _invoke("zoning", "--apl", str(chain / "apl_csv.csv"), "--population", str(shared_path(*POPULATIONS)),
            "--tvs", str(tmp_path / "tvs.csv"), "--caps", str(tmp_path / "caps.csv"),
            "--output-dir", str(tmp_path / "zonage"))  # fmt: skip
    apl = csv_format.read_csv(chain / "apl_csv.csv").set_index("code_commune")
    zoned = csv_format.read_csv(tmp_path / "zonage" / "zoning_communes.csv").set_index("code_commune")
    common = zoned.index.intersection(apl.index)
    assert len(common) > 500
    assert np.array_equal(zoned.loc[common, "apl"].to_numpy(), apl.loc[common, "apl"].to_numpy())
    # TVS APL: the mean of the commune APL weighted by the standardised population (the apl file's demand)
    frame = apl.loc[common, ["apl", "demand"]].join(tvs.set_index("code_commune")["code_tvs"])
    expected = (frame["apl"] * frame["demand"]).groupby(frame["code_tvs"]).sum() / frame.groupby("code_tvs")[
        "demand"
    ].sum()
    got = zoned.loc[common].groupby("code_tvs")["tvs_apl"].first()
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False, rtol=1e-9)


def test_map_reads_the_apl_csv(chain: Path, tmp_path: Path) -> None:
    _invoke("map", "apl", "--communes", str(shared_path(*CONTOURS)), "--departement", "33",
            "--values", str(chain / "apl_csv.csv"), "-o", str(tmp_path / "apl.html"))  # fmt: skip
    page = (tmp_path / "apl.html").read_text(encoding="utf-8")
    apl = csv_format.read_csv(chain / "apl_csv.csv")["apl"]
    # the legend's upper bound is the largest APL, written the French way (decimal comma)
    assert f"{apl.max():.1f}".replace(".", ",") in page
