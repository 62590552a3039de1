"""A refresh of one department says that its region-level figures and its zoning cover part of a region.

Real files (../shared/data): the Gironde configuration of ``test_refresh_real_files`` (COG 2018 contours,
populations légales 2016, RPPS 2017), plus a zoning: TVS stood in for by the INSEE bassins de vie 2012
(the documented proxy, ``insee_appartenance_2022``) and hand-written regional caps. Region 75
(Nouvelle-Aquitaine) has twelve departments; the run keeps only the Gironde, so its « région 75 » row holds
the Gironde's population (recomputed here from the populations légales file) and must say so.
"""

from __future__ import annotations

import gzip
import html
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from test_refresh_real_files import _write_config

from access_map import csv_format
from access_map.cli import main
from conftest import shared_path

APPARTENANCE = ("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
POPULATIONS = ("population_legale_insee", "pop_legales_2016_cog2018_communes.csv.gz")


def _tvs_from_bassins_de_vie(path) -> None:
    with gzip.open(shared_path(*APPARTENANCE), "rt", encoding="cp1252") as fh:
        raw = pd.read_csv(fh, sep=";", dtype=str)
    code = raw["CODGEO"].str.zfill(5)  # the copy lost its leading zeros (SOURCES.md)
    bv = raw["BV2012"].str.zfill(5)
    pd.DataFrame({"code_commune": code, "code_tvs": bv, "libelle_tvs": "BV " + bv}).to_csv(path, sep=";", index=False)


@pytest.fixture(scope="module")
def gironde_with_zoning(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gironde_zonage")
    config = _write_config(tmp, name="gironde", selection='departements = ["33"]')
    _tvs_from_bassins_de_vie(tmp / "tvs.csv")
    (tmp / "plafonds.csv").write_text("code_region;part_max_zip;part_max_zac\n75;0.2;0.3\n", encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace(
        "[supply]", f'tvs = "{tmp / "tvs.csv"}"\nzoning_caps = "{tmp / "plafonds.csv"}"\n\n[supply]'
    )
    # the RPPS file gives no age: the zoning reads the all-ages APL (an APL ≤ 65 cannot be computed, it is refused)
    text += "\n[zoning]\nmax_age = 0\n"
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["refresh", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output, tmp / "out"


def test_region_rows_of_a_department_refresh_say_they_cover_part_of_the_region(gironde_with_zoning):
    _, out = gironde_with_zoning
    pops = pd.read_csv(shared_path(*POPULATIONS), dtype=str)
    gironde = int(pops.loc[pops["Code département"] == "33", "Population municipale"].astype(int).sum())
    assert gironde == 1_566_679  # RP 2016
    regions = csv_format.read_csv(out / "apl_mg_regions.csv")
    assert regions[["code_region", "perimetre"]].values.tolist() == [["75", "partie de la région 75 (départements 33)"]]
    assert regions.loc[0, "population"] == gironde
    # written as a whole number, in full (the region named beside its code)
    assert re.search(
        r"^75;Nouvelle-Aquitaine;partie de la région 75 \(départements 33\);[^;]*;[^;]*;1566679;",
        _text(out, "apl_mg_regions"),
        re.M,
    )
    summary = csv_format.read_csv(out / "zonage_resume.csv")
    assert set(summary.loc[summary["code_region"] == "75", "perimetre"]) == {"partie de la région 75 (départements 33)"}
    assert set(summary.loc[summary["code_region"] == "national", "perimetre"]) == {
        "ensemble du territoire restitué : département(s) 33"
    }
    # the tables per commune or TVS are not region aggregates: no such column
    for name in ("apl_communes", "zonage_communes", "zonage_tvs"):
        assert "perimetre" not in csv_format.read_csv(out / f"{name}.csv").columns, name


def test_caps_applied_to_part_of_a_region_are_stated_on_the_console_and_in_the_report(gironde_with_zoning):
    console, out = gironde_with_zoning
    expected = (
        "Zonage : les plafonds régionaux de la région 75 (part maximale de population en ZIP et en ZAC) sont "
        "appliqués aux seuls départements 33 et non à toute la région"
    )
    assert f"Note : {expected}" in console
    assert html.escape(expected) in (out / "rapport.html").read_text(encoding="utf-8")


def _text(out, name: str) -> str:
    return (out / f"{name}.csv").read_text(encoding="utf-8-sig")
