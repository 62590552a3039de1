"""Headless Chromium on the maps the published atlas and the zoning comparison write, from the real files.

The published entry of the refresh (Gironde, DREES workbook, no practitioner file) and the zoning with
``--compare-with`` the real published export (Corsica, contours of ``../shared/data``) write their maps;
each is opened with the network cut: no page or console error, and every view (commune APL, TVS APL in
the official classes, change 2022 → 2023; published zoning, computed zoning, agreement) can be chosen and
draws its legend. Skips without chromium/playwright or ../shared/data locally; fails on CI.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from test_browser_maps import browser, open_page  # noqa: F401  (the module's Chromium fixture)

from conftest import shared_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def atlas_maps(tmp_path_factory) -> Path:
    from access_map.config import parse_config
    from access_map.refresh import run_refresh

    root = tmp_path_factory.mktemp("atlas_browser")
    data = shared_path()
    cfg = parse_config(
        {
            "name": "gironde",
            "departements": ["33"],
            "sources": {
                "drees_apl": str(data / "drees_apl_mg_2022_2023" / "apl_generalistes_2022_2023_drees.xlsx"),
                "communes": str(data / "communes_geojson_2018" / "communes_2018.geojson.gz"),
                "appartenance": str(data / "insee_appartenance_2022" / "table-appartenance-geo-communes-22.csv.gz"),
                "cog_departements": str(data / "cog_insee" / "departements.csv"),
                "cog_regions": str(data / "cog_insee" / "regions.csv"),
            },
            "outputs": {"directory": str(root / "out"), "maps_directory": str(root / "maps"), "png": False,
                        "raster": False, "table_formats": ["csv"]},
        },
        base_dir=root,
    )  # fmt: skip
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        run_refresh(cfg)
    return root / "maps"


@pytest.fixture(scope="module")
def comparison_maps(tmp_path_factory) -> Path:
    from access_map.readers.appartenance import read_appartenance
    from access_map.readers.drees import read_apl_sheet
    from access_map.readers.ign import read_contours
    from access_map.readers.zonage import read_zoning
    from access_map.zoning import national_zoning
    from access_map.zoning_outputs import write_zoning_outputs

    root = tmp_path_factory.mktemp("comparison_browser")
    apl = read_apl_sheet(shared_path("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx"), year=2023)
    corse = apl[apl.index.str.startswith(("2A", "2B"))]
    app = read_appartenance(shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz"))
    ref = pd.DataFrame({"code_commune": corse.index, "nom": corse["nom"].to_numpy()})
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        published = read_zoning(shared_path("zonage_medecins_publie", "zonage_medecins_export.csv.gz"), reference=ref)
        national = national_zoning(corse, appartenance=app, compare_with=published)
        contours = read_contours(shared_path("communes_geojson_2018", "communes_2018.geojson.gz"))
        write_zoning_outputs(national, root, contours=contours[contours.index.str.startswith(("2A", "2B"))])
    return root / "cartes"


def _views(page) -> list[str]:
    labels = page.locator(".leaflet-control-layers-base label")
    return [labels.nth(i).inner_text().strip() for i in range(labels.count())]


def _choose_every_view(page, views: list[str]) -> list[str]:
    titles = []
    for view in views:
        page.locator(".leaflet-control-layers-base label", has_text=view).click()
        page.wait_for_timeout(100)
        assert page.locator(".am-legend").count() == 1
        titles.append(page.locator(".am-legend .am-legend-title").first.inner_text())
    return titles


def test_atlas_map_shows_commune_apl_tvs_classes_and_change(browser, atlas_maps):  # noqa: F811
    state = open_page(browser, atlas_maps / "apl_medecin_generaliste.html")
    page = state["page"]
    try:
        views = _views(page)
        assert any("par TVS" in v for v in views), views
        assert sum(v.startswith("Évolution APL") for v in views) == 2, views
        titles = _choose_every_view(page, views)
        assert "ΔAPL" in titles
        page.locator(".leaflet-control-layers-base label", has_text="par TVS").click()
        legend = page.locator(".am-legend").inner_text()
        assert "inférieure à 2,5" in legend and "supérieure à 4" in legend
        assert state["page_errors"] == [] and state["console_errors"] == [] and state["blocked"] == []
    finally:
        page.close()


def test_comparison_map_shows_published_computed_and_agreement(browser, comparison_maps):  # noqa: F811
    state = open_page(browser, comparison_maps / "zonage_region_94.html")
    page = state["page"]
    try:
        views = _views(page)
        assert views[0] == "Zonage publié" and "Zonage calculé (sans plafonds)" in views
        assert sum(v.startswith("Accord / désaccord") for v in views) == 2
        titles = _choose_every_view(page, views)
        assert "Accord / désaccord" in titles
        assert state["page_errors"] == [] and state["console_errors"] == [] and state["blocked"] == []
    finally:
        page.close()
