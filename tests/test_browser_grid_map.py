"""Headless Chromium on the grid map that ``access-map grid`` writes for Bordeaux Métropole (real files).

The command runs once on the INSEE Filosofi 2015 grid, the RPPS 2017 practitioners and the chefs-lieux of
``../shared/data``; its ``carte_apl_carreaux.html`` is opened with the network cut. Every cell of
``carreaux.csv`` is a feature of the map, the legend has the official classes 2.5 / 4 with as many cells in each
as the table has, a click on a cell opens a popup whose APL and population are those of the table for the cell
it names, the cell is painted in its class's colour, and the source line names INSEE Filosofi and the vintage of
the APL parameters; no console or page error. Skips without chromium/playwright or ../shared/data locally; fails
on CI.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from test_browser_maps import browser, open_page  # noqa: F401  (the module's Chromium fixture)
from test_grid_cli import grid_run  # noqa: F401  (access-map grid on the real Bordeaux files)

from access_map.csv_format import read_csv
from access_map.maps import format_fr
from access_map.maps.styles import FILL_OPACITY

pytestmark = pytest.mark.browser

#: The three official classes of the APL to general practitioners (DREES): ≤ 2.5, 2.5–4, > 4.
CLASSES = ("inférieure à 2,5", "de 2,5 à 4", "supérieure à 4")


def official_class(apl: float) -> int:
    """Class of an APL value by the published rule (a value equal to a threshold goes to the lower class)."""
    return 0 if apl <= 2.5 else (1 if apl <= 4.0 else 2)


@pytest.fixture(scope="module")
def grid_page(grid_run):  # noqa: F811
    out, _ = grid_run
    cells = read_csv(out / "carreaux.csv", index_col="idinspire")
    return out / "carte_apl_carreaux.html", cells


def _hex_rgb(color: str) -> np.ndarray:
    return np.array([int(color[k : k + 2], 16) for k in (1, 3, 5)])


def test_grid_map_draws_every_cell_with_the_official_classes_offline(browser, grid_page):  # noqa: F811
    path, cells = grid_page
    state = open_page(browser, path)
    page = state["page"]
    try:
        assert state["blocked"] == [] and state["page_errors"] == [] and state["console_errors"] == []
        assert page.evaluate("() => accessMapView.base.getLayers().length") == len(cells) == 6735
        legend = page.locator(".am-legend").inner_text()
        assert "consultations/an/habitant standardisé" in legend
        for label in CLASSES:
            assert label in legend, label
        assert page.locator(".am-legend .am-swatch").count() == 4  # the three classes and the commune borders
        # as many cells in each class as the table has (classes counted here from its APL column)
        drawn = page.evaluate("() => accessMapView.views[0].classes")
        expected = cells["apl"].map(official_class).value_counts().sort_index()
        assert pd.Series(drawn).value_counts().sort_index().to_dict() == expected.to_dict()
        assert set(expected.index) == {0, 1, 2}  # Bordeaux Métropole has cells in all three
        source = page.locator(".am-source").inner_text()
        assert "INSEE" in source and "Filosofi" in source and "paramètres APL DREES 2023" in source
        assert "Carte produite le" in source
        assert "par carreau de 200 m" in page.title()
    finally:
        page.close()


def _cell_on_screen(page, index: int, zoom: int = 15) -> tuple[float, float]:
    """Centre the map on feature ``index``'s inner point at ``zoom``; its page coordinates."""
    xy = page.evaluate(
        """([i, z]) => { const key = Object.keys(window).find(k => /^map_[0-9a-f]{32}$/.test(k)); const map = window[key];
        const p = accessMapView.points[i]; map.setView(L.latLng(p[0], p[1]), z, {animate: false});
        const c = map.latLngToContainerPoint(L.latLng(p[0], p[1]));
        const box = map.getContainer().getBoundingClientRect(); return [box.left + c.x, box.top + c.y]; }""",
        [index, zoom],
    )
    page.wait_for_timeout(300)
    return float(xy[0]), float(xy[1])


def test_click_on_a_cell_opens_its_apl_and_population_painted_in_its_class(browser, grid_page):  # noqa: F811
    from PIL import Image

    path, cells = grid_page
    state = open_page(browser, path)
    page = state["page"]
    try:
        for box in page.locator(".leaflet-control-layers-overlays input").all():
            if box.is_checked():
                box.click()  # the commune borders off: the cells alone
        colors = page.evaluate("() => accessMapView.views[0].colors")
        n = len(cells)
        seen = set()
        for index in (0, n // 3, n // 2, 2 * n // 3, n - 1):
            x, y = _cell_on_screen(page, index)
            shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB")).astype(int)
            page.mouse.click(x, y)
            page.wait_for_selector(".am-popup")
            text = page.locator(".am-popup").inner_text()
            found = re.search(r"\((CRS3035RES200mN\d+E\d+)\)", text)  # "Carreau (33063) (CRS3035RES200m…)"
            assert found and found.group(1) in cells.index, text
            code = found.group(1)
            seen.add(code)
            row = cells.loc[code]
            assert f"Carreau ({row['code_commune']})" in text, text
            assert f"APL du carreau\t{format_fr(row['apl'], decimals=2)}" in text, (code, row["apl"], text)
            assert f"Habitants\t{format_fr(row['population'], decimals=1)}" in text, (code, row["population"], text)
            # the cell under the click is painted in the legend colour of its APL's class (over the light basemap)
            rgb = _hex_rgb(colors[official_class(float(row["apl"]))])
            painted = FILL_OPACITY * rgb + (1 - FILL_OPACITY) * np.array([0xF2, 0xF1, 0xEC])
            assert np.abs(shot[int(y), int(x)] - painted).max() <= 3, (code, shot[int(y), int(x)], painted)
            page.keyboard.press("Escape")
            page.evaluate("() => { const key = Object.keys(window).find(k => /^map_[0-9a-f]{32}$/.test(k));"
                          " window[key].closePopup(); }")  # fmt: skip
        assert len(seen) == 5
        assert state["page_errors"] == [] and state["console_errors"] == []
    finally:
        page.close()
