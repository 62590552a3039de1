"""Headless Chromium (Debian's ``chromium``, driven by playwright) on the maps the refresh actually writes.

The module runs ``access-map demo``'s refresh once and opens every HTML map it wrote, with every
request that is not a local file aborted: no console error, no page error, no network request; the
title, the legend and the layer names per profession; the click popup; the commune search; the
exclusive views; tooltips that overlays never hide; legend swatches painted like the polygons. A
second refresh, from files whose names are hostile (HTML, JavaScript and Jinja2 payloads), checks
that names are shown as text and never run.

Skips when /usr/bin/chromium or playwright is absent locally; FAILS on CI.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_maps_fixtures import JINJA_PAYLOAD, XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE, hostile_demo_files

from access_map.maps.meta import PROFESSION_NAMES
from access_map.maps.styles import FILL_OPACITY, ZONING_COLORS
from access_map.schema import PROFESSIONS
from conftest import ON_CI

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = [XSS_SCRIPT, XSS_IMG, XSS_TEMPLATE, JINJA_PAYLOAD]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if ON_CI:
            pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run must install the Debian package 'chromium'")
        pytest.skip("chromium not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        if ON_CI:
            pytest.fail("playwright (python) is missing on CI")
        pytest.skip("playwright not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo_maps(tmp_path_factory) -> Path:
    """The maps folder written by the demo refresh (what ``access-map demo`` writes)."""
    from access_map.refresh import demo_config, run_refresh

    root = tmp_path_factory.mktemp("demo")
    run_refresh(demo_config(output_dir=root / "out", maps_dir=root / "maps"))
    return root / "maps"


@pytest.fixture(scope="module")
def hostile_maps(tmp_path_factory) -> Path:
    """Maps of a refresh from files whose commune and CPTS names and label are hostile."""
    from access_map.config import parse_config
    from access_map.refresh import run_refresh

    root = tmp_path_factory.mktemp("hostile")
    files = hostile_demo_files(root, HOSTILE, XSS_IMG + " " + JINJA_PAYLOAD + " ")
    cfg = parse_config(
        {
            "name": "hostile",
            "label": XSS_SCRIPT + " " + JINJA_PAYLOAD,
            "sources": files,
            "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
            "outputs": {"directory": str(root / "out"), "maps_directory": str(root / "maps"), "png": False,
                        "raster": False, "table_formats": ["csv"]},
        },
        base_dir=root,
    )  # fmt: skip
    run_refresh(cfg)
    return root / "maps"


def open_page(browser, path: Path) -> dict:
    """Open a file with the network cut; collect console errors, page errors, dialogs and blocked requests."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    state = {"page": page, "console_errors": [], "page_errors": [], "dialogs": [], "blocked": []}
    page.on("console", lambda m: state["console_errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state["page_errors"].append(str(e)))

    def on_dialog(dialog):
        state["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            state["blocked"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(".am-legend")
    page.wait_for_timeout(200)
    return state


def container_point(page, index: int) -> tuple[float, float]:
    """Page coordinates of area ``index``'s inner point (a point inside the polygon, as used by the search)."""
    xy = page.evaluate(
        """(i) => { const key = Object.keys(window).find(k => /^map_[0-9a-f]{32}$/.test(k)); const map = window[key];
        const p = accessMapView.points[i]; const c = map.latLngToContainerPoint(L.latLng(p[0], p[1]));
        const box = map.getContainer().getBoundingClientRect(); return [box.left + c.x, box.top + c.y]; }""",
        index,
    )
    return float(xy[0]), float(xy[1])


def covered_by_a_control_or_marker(page, x: float, y: float) -> bool:
    """Whether the point is under a map control (legend, title…) or a point marker (which has its own tooltip)."""
    return page.evaluate(
        """([x, y]) => { const e = document.elementFromPoint(x, y);
        return !e || !!e.closest('.leaflet-control') || (e.tagName === 'path' && e.getAttribute('stroke') === '#ffffff'); }""",
        [x, y],
    )


def test_every_map_of_the_refresh_opens_offline_with_title_legend_and_no_error(browser, demo_maps):
    pages = sorted(demo_maps.glob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        state = open_page(browser, path)
        page = state["page"]
        try:
            assert state["blocked"] == [], (path.name, state["blocked"][:3])
            assert state["page_errors"] == [] and state["console_errors"] == [], path.name
            assert page.title().strip() and page.locator(".am-title h1").inner_text().strip(), path.name
            assert page.locator(".am-legend .am-swatch").count() >= 2, path.name
            assert "Carte produite le" in page.locator(".am-source").inner_text(), path.name
            assert page.locator(".leaflet-control-layers-base input[type=radio]").count() >= 1, path.name
            assert page.locator("path.leaflet-interactive").count() >= 2, path.name
            scale = page.locator(".leaflet-control-scale-line")  # one metric line, no miles
            assert scale.count() == 1 and re.fullmatch(r"\d+ k?m", scale.inner_text().strip()), path.name
        finally:
            page.close()


@pytest.mark.parametrize("profession", PROFESSIONS)
def test_layer_names_titles_and_units_per_profession(browser, demo_maps, profession):
    state = open_page(browser, demo_maps / f"apl_{profession}.html")
    page = state["page"]
    try:
        name = PROFESSION_NAMES[profession]
        labels = [t.strip() for t in page.locator(".leaflet-control-layers-base label").all_inner_texts()]
        assert labels[0] == f"APL {name}, tous âges, par commune"
        assert all(name in label for label in labels)
        # the demo's data are fictional and have no year: the title gives none (2023 is the parameters' vintage,
        # stated on the source line, never in the title)
        assert page.title().startswith(f"APL aux {name} (") and "2023" not in page.title()
        assert "paramètres 2023" in page.locator(".am-source").inner_text()
        legend = page.locator(".am-legend").inner_text()
        unit = "ETP pour 100 000 femmes" if profession == "sage_femme" else (
            "consultations/an/habitant standardisé" if profession == "medecin_generaliste"
            else "ETP pour 100 000 habitants standardisés")  # fmt: skip
        assert unit in legend and "Moyenne du territoire" in legend
        if profession == "medecin_generaliste":
            assert labels == [
                "APL médecins généralistes, tous âges, par commune",
                "APL médecins généralistes, ≤ 65 ans, par commune",
                "APL médecins généralistes, ≤ 65 ans, par TVS",
            ]
            page.locator(".leaflet-control-layers-base label", has_text="par TVS").click()
            legend = page.locator(".am-legend").inner_text()
            assert "inférieure à 2,5" in legend and "de 2,5 à 4" in legend and "supérieure à 4" in legend
    finally:
        page.close()


def test_click_opens_the_commune_popup_without_a_focus_box(browser, demo_maps):
    from access_map.datasets import load_demo
    from access_map.maps import format_fr

    communes = load_demo().communes
    largest = int(np.argmax(communes["population"].to_numpy()))  # thousands separator in its population
    state = open_page(browser, demo_maps / "apl_medecin_generaliste.html")
    page = state["page"]
    try:
        x, y = container_point(page, largest)
        page.mouse.click(x, y)
        page.wait_for_selector(".am-popup")
        text = page.locator(".am-popup").inner_text()
        for row in ("Population", "APL médecins généralistes, tous âges", "APL médecins généralistes, ≤ 65 ans",
                    "Territoire de vie-santé", "APL ≤ 65 ans du TVS", "Zonage calculé", "Zonage précédent", "CPTS",
                    "MSP la plus proche", "Temps d'accès"):  # fmt: skip
            assert row in text, row
        # numbers as in Python's format_fr (French decimal comma, narrow no-break space between thousands)
        population = float(communes["population"].iloc[largest])
        assert population >= 1000 and f"Population\t{format_fr(population, decimals=0)}\u00a0hab." in text
        outline = page.evaluate("() => { const e = document.activeElement; return getComputedStyle(e).outlineStyle; }")
        assert outline == "none"
        assert state["page_errors"] == [] and state["console_errors"] == []
    finally:
        page.close()


def test_every_popup_row_is_visible_without_scrolling(browser, demo_maps):
    """The popup's last rows (CPTS, nearest MSP and its time) must show on a laptop screen, not hide
    below a scroll bar (audit: a 300 px popup cut them off in every map)."""
    for name in ("apl_medecin_generaliste.html", "zonage.html", "deploiement.html"):
        state = open_page(browser, demo_maps / name)
        page = state["page"]
        try:
            page.evaluate("() => accessMapView.openPopup(38, accessMapView.base.getBounds().getCenter())")
            page.wait_for_selector(".am-popup")
            hidden = page.evaluate(
                """() => { const c = document.querySelector('.leaflet-popup-content');
                           const box = c.getBoundingClientRect();
                           return Array.from(c.querySelectorAll('tr'))
                             .filter(r => r.getBoundingClientRect().bottom > box.bottom + 1)
                             .map(r => r.innerText); }"""
            )
            rows = page.locator(".am-popup tr").all_inner_texts()
            assert any(r.startswith("MSP la plus proche") for r in rows), name
            assert hidden == [], (name, hidden)
        finally:
            page.close()


def test_search_box_finds_a_commune_and_opens_its_popup(browser, demo_maps):
    from access_map.datasets import load_demo

    communes = load_demo().communes
    target = communes["nom"].iloc[42]
    state = open_page(browser, demo_maps / "zonage.html")
    page = state["page"]
    try:
        # accents and case ignored: type the name without them
        import unicodedata

        typed = "".join(c for c in unicodedata.normalize("NFD", target) if not unicodedata.combining(c)).upper()
        page.fill(".am-search input", typed)
        hits = page.locator(".am-search .am-hit")
        assert hits.count() >= 1
        page.locator(".am-search .am-hit", has_text=f"{target} ({communes.index[42]})").click()
        page.wait_for_selector(".am-popup")
        assert target in page.locator(".am-popup").inner_text()
        page.fill(".am-search input", "zzzzqx")
        assert "Aucune commune trouvée" in page.locator(".am-search").inner_text()
    finally:
        page.close()


def test_views_are_an_exclusive_choice_with_one_legend(browser, demo_maps):
    state = open_page(browser, demo_maps / "deploiement.html")
    page = state["page"]
    try:
        radios = page.locator(".leaflet-control-layers-base input[type=radio]")
        assert radios.count() == 2 and page.locator(".am-legend").count() == 1
        page.locator(".leaflet-control-layers-base label", has_text="Zonage calculé").click()
        checked = [radios.nth(i).is_checked() for i in range(2)]
        assert checked == [False, True]
        assert page.locator(".am-legend .am-legend-title").first.inner_text() == "Zonage des médecins généralistes"
        fills = set(page.evaluate("() => Array.from(document.querySelectorAll('path.leaflet-interactive'))"
                                  ".map(p => p.getAttribute('fill'))"))  # fmt: skip
        assert fills & set(ZONING_COLORS.values()) and len(fills - set(ZONING_COLORS.values()) - {"#bdbdbd"}) <= 2
        assert state["page_errors"] == [] and state["console_errors"] == []
    finally:
        page.close()


def test_overlays_never_hide_the_commune_tooltip(browser, demo_maps):
    """The issue's probe: over the CPTS and zones-blanches overlays, every probe point shows an APL."""
    state = open_page(browser, demo_maps / "deploiement.html")
    page = state["page"]
    try:
        overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        assert any("Zones blanches" in t for t in overlays) and any("CPTS" in t for t in overlays)
        white = page.evaluate(
            "() => { const o = Object.values(accessMapView.overlays); const out = [];"
            " o.forEach(l => l.eachLayer && l.eachLayer(s => { if (s.feature && s.feature.id !== undefined) out.push(s.feature.id); }));"
            " return out; }"
        )
        n = page.evaluate("() => accessMapView.points.length")
        candidates = sorted(set(white[:30]) | set(range(0, n, max(1, n // 30))))
        probes = 0
        for i in candidates:
            x, y = container_point(page, i)
            if covered_by_a_control_or_marker(page, x, y):
                continue
            probes += 1
            page.mouse.move(x, y)
            page.wait_for_timeout(20)
            tip = page.locator(".am-tooltip")
            assert tip.count() and "APL : " in tip.first.inner_text(), i
        assert probes >= 40 and len(white) >= 20  # many probes, among them communes under the zones-blanches layer
    finally:
        page.close()


def test_legend_swatch_is_painted_like_the_polygon(browser, demo_maps):
    from PIL import Image

    state = open_page(browser, demo_maps / "zonage.html")
    page = state["page"]
    try:
        for label in page.locator(".leaflet-control-layers-overlays input").all():
            if label.is_checked():
                label.click()  # overlays off: the polygons alone
        shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB")).astype(int)
        box = page.locator(".am-legend .am-swatch").first.bounding_box()
        swatch = shot[int(box["y"] + box["height"] / 2), int(box["x"] + box["width"] / 2)]
        color = ZONING_COLORS["ZIP"]
        rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
        background = np.array([0xF2, 0xF1, 0xEC])
        expected = FILL_OPACITY * rgb + (1 - FILL_OPACITY) * background
        assert np.abs(swatch - expected).max() <= 3
        # a ZIP commune's interior on screen has the same colour
        ids = page.evaluate("() => accessMapView.views[0].classes.map((c, i) => c === 0 ? i : -1).filter(i => i >= 0)")
        x, y = container_point(page, ids[0])
        assert np.abs(shot[int(y), int(x)] - expected).max() <= 3
    finally:
        page.close()


def test_basemap_offline_says_so_on_the_map(browser, tmp_path):
    from access_map.datasets import load_demo
    from access_map.maps import apl_map, save_map

    demo = load_demo()
    apl = pd.Series(np.linspace(1, 6, len(demo.communes)), index=demo.communes.index)
    path = save_map(apl_map(demo.communes, apl, basemap="openstreetmap"), tmp_path / "osm.html")
    state = open_page(browser, path)
    page = state["page"]
    try:
        assert state["blocked"] and all("tile.openstreetmap.org" in u for u in state["blocked"])
        page.wait_for_selector(".am-offline")
        assert "indisponible" in page.locator(".am-offline").inner_text()
        assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
        assert state["page_errors"] == []
    finally:
        page.close()


def test_hostile_names_are_shown_as_text_and_never_run(browser, hostile_maps):
    pages = sorted(hostile_maps.glob("*.html"))
    assert pages
    for path in pages:
        state = open_page(browser, path)
        page = state["page"]
        try:
            n = page.evaluate("() => Object.keys(accessMapView.base._layers).length")
            texts = []
            for i in range(min(n, 6)):
                page.evaluate("(i) => accessMapView.openPopup(i, accessMapView.base.getBounds().getCenter())", i)
                texts.append(page.locator(".am-popup").last.inner_text())
                x, y = container_point(page, i)
                page.mouse.move(x, y)
                page.wait_for_timeout(20)
                if page.locator(".am-tooltip").count():
                    texts.append(page.locator(".am-tooltip").first.inner_text())
            page.fill(".am-search input", "window")
            texts.append(page.locator(".am-search").inner_text())
            page.wait_for_timeout(200)  # let any injected <img onerror> fire
            shown = "\n".join(texts) + page.locator("body").inner_text()
            assert page.evaluate("() => window.__xss") is None, path.name
            assert state["dialogs"] == [] and state["page_errors"] == [], path.name
            assert XSS_SCRIPT in shown and JINJA_PAYLOAD in shown, path.name  # literally, not "49 oui"
            if path.name.startswith(("apl_", "zonage", "deploiement")):
                assert XSS_IMG in shown and XSS_TEMPLATE in shown, path.name
        finally:
            page.close()


def test_xss_probe_detects_an_unescaped_name(browser, tmp_path):
    """Control: the same probe DOES catch a name that skipped the escaping (so the test above can fail)."""
    from access_map.datasets import load_demo
    from access_map.maps import apl_map, save_map
    from access_map.maps.territory_layer import TerritoryLayer

    demo = load_demo()
    apl = pd.Series(np.linspace(1, 6, len(demo.communes)), index=demo.communes.index)
    m = apl_map(demo.communes, apl)
    (layer,) = [c for c in m._children.values() if isinstance(c, TerritoryLayer)]
    layer.payload["table"]["nom"][0] = XSS_IMG  # raw, as if esc() had been forgotten
    state = open_page(browser, save_map(m, tmp_path / "unsafe.html"))
    try:
        state["page"].evaluate("() => accessMapView.openPopup(0, accessMapView.base.getBounds().getCenter())")
        state["page"].wait_for_timeout(300)
        assert state["page"].evaluate("() => window.__xss") == 1
    finally:
        state["page"].close()


def area_fill(page, index: int) -> str:
    """Fill colour the map gives to area ``index`` (its feature id)."""
    return page.evaluate(
        "(i) => { let f = null; accessMapView.base.eachLayer(l => { if (l.feature.id === i) f = l.options.fillColor; });"
        " return f; }",
        index,
    )


def label_boxes(page) -> list[tuple[str, dict]]:
    """The labels drawn (a label being removed fades out for 200 ms before it leaves the page: not counted)."""
    page.wait_for_timeout(300)
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.am-label'))
             .filter(e => parseFloat(getComputedStyle(e).opacity) > 0).map(e => {
             const r = e.getBoundingClientRect(); return [e.textContent, {l: r.left, t: r.top, r: r.right, b: r.bottom}]; })"""
    )


def overlapping_labels(boxes) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect."""
    out = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1 :]:
            if ba["l"] < bb["r"] and bb["l"] < ba["r"] and ba["t"] < bb["b"] and bb["t"] < ba["b"]:
                out.append((a, b))
    return out


def zoom_by(page, delta: int) -> None:
    """Zoom the map in (or out) by ``delta`` levels, without animation."""
    page.evaluate(
        "(d) => { const key = Object.keys(window).find(k => /^map_[0-9a-f]{32}$/.test(k)); const m = window[key];"
        " m.setZoom(m.getZoom() + d, {animate: false}); }",
        delta,
    )
    page.wait_for_timeout(300)


def pdf_page_size(browser, path: Path) -> tuple[int, int]:
    """Page size (points) of the page printed to PDF by Chromium with its own CSS page size."""
    page = browser.new_page()
    try:
        page.goto(path.resolve().as_uri())
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.close()
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert box is not None
    return round(float(box.group(1))), round(float(box.group(2)))


def test_every_map_and_the_report_print_on_a4(browser, demo_maps):
    report = demo_maps.parent / "out" / "rapport.html"
    pages = [*sorted(demo_maps.glob("*.html")), report]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert re.search(r"@page\s*\{\s*size:\s*A4", text), path.name
    # A4 = 595 × 842 points: maps in landscape, the report in portrait (US Letter would be 612 × 792)
    assert pdf_page_size(browser, demo_maps / "zonage.html") == (842, 595)
    assert pdf_page_size(browser, report) == (595, 842)
