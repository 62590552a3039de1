"""Headless Chromium opens every demo map with no network: no JS error, non-blank map, layer names, no XSS.

Skips when /usr/bin/chromium (Debian package ``chromium``) or playwright is absent locally; FAILS on CI.
Every request that is not ``file://`` is aborted, so the self-contained files must work offline.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from test_maps_fixtures import JINJA_PAYLOAD, XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE

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

# Opens the tooltips and popups of the map (the first LIMIT features of each GeoJSON layer, where the
# hostile names are, and LIMIT markers hidden in clusters) so that their HTML is actually inserted in
# the page, and returns the texts shown.
OPEN_ALL_JS = """
() => {
  const LIMIT = 40;
  const key = Object.keys(window).find(k => /^map_[0-9a-f]{32}$/.test(k));
  const map = window[key];
  const texts = [];
  const groups = [];
  map.eachLayer(l => { if (l instanceof L.GeoJSON) groups.push(l); });
  for (const g of groups) {
    g.getLayers().slice(0, LIMIT).forEach(sub => {
      // what a user's hover and click do: the events propagate to the GeoJSON group's tooltip/popup
      const ll = sub.getCenter ? sub.getCenter() : sub.getLatLng();
      if (g.getTooltip()) {
        sub.fire('mouseover', {latlng: ll}, true);
        texts.push(g.getTooltip().getElement().textContent);
        sub.fire('mouseout', {latlng: ll}, true);
      }
      if (g.getPopup()) {
        sub.fire('click', {latlng: ll}, true);
        texts.push(g.getPopup().getElement().textContent);
        map.closePopup();
      }
    });
  }
  const markers = [];
  map.eachLayer(l => { if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) markers.push(...l.getLayers()); });
  for (const mk of markers.slice(0, LIMIT)) {
    const ll = mk.getLatLng();
    if (mk.getTooltip()) {
      const t = L.tooltip().setLatLng(ll).setContent(mk.getTooltip().getContent()).addTo(map);
      texts.push(t.getElement().textContent); t.remove();
    }
    if (mk.getPopup()) {
      const p = L.popup().setLatLng(ll).setContent(mk.getPopup().getContent()).openOn(map);
      texts.push(p.getElement().textContent); map.closePopup(p);
    }
  }
  return {texts: texts, groups: groups.length, markers: markers.length};
}
"""


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


def open_page(browser, path: Path) -> dict:
    """Open a file offline; return the page, console errors, page errors, dialogs and blocked requests."""
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    state = {"page": page, "console_errors": [], "page_errors": [], "dialogs": [], "blocked": []}
    page.on("console", lambda m: state["console_errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state["page_errors"].append(str(e)))

    def on_dialog(dialog):
        state["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            state["blocked"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(".leaflet-container")
    page.wait_for_timeout(300)
    return state


def map_pixels(page) -> np.ndarray:
    from PIL import Image

    png = page.locator(".folium-map").first.screenshot()
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.fixture(scope="module")
def demo_inputs():
    from access_map.cli.maps import demo_map_inputs

    inputs = demo_map_inputs()
    # hostile names in the data: they must be shown as text, never run
    communes = inputs["communes"].copy()
    communes.loc[communes.index[0], "nom"] = XSS_SCRIPT
    communes.loc[communes.index[1], "nom"] = XSS_IMG
    communes.loc[communes.index[2], "nom"] = XSS_TEMPLATE
    communes.loc[communes.index[3], "nom"] = JINJA_PAYLOAD
    cpts = inputs["cpts"].copy()
    first = cpts["id_cpts"] == cpts["id_cpts"].iloc[0]
    cpts.loc[first, "nom_cpts"] = XSS_IMG + " " + XSS_TEMPLATE + " " + JINJA_PAYLOAD
    msp = inputs["msp"].copy()
    msp.loc[msp.index[0], "nom"] = XSS_SCRIPT
    msp.loc[msp.index[1], "nom"] = XSS_TEMPLATE + XSS_IMG
    msp.loc[msp.index[2], "nom"] = JINJA_PAYLOAD
    return {**inputs, "communes": communes, "cpts": cpts, "msp": msp}


@pytest.fixture(scope="module")
def demo_maps(demo_inputs, tmp_path_factory):
    """Every map of the demo, self-contained and without basemap; with the expected layer names."""
    from access_map.maps import apl_map, cpts_map, deployment_map, msp_map, save_map, summary_map, zoning_map

    out = tmp_path_factory.mktemp("cartes")
    d = demo_inputs
    common = {"basemap": None, "caption": "Territoire fictif", "source": XSS_SCRIPT + JINJA_PAYLOAD}
    signed = d["cpts"]["statut"].str.startswith("contrat")
    cpts_layers = (["CPTS : contrat signé"] if signed.any() else []) + (["CPTS : projets"] if (~signed).any() else [])
    covered = d["communes"].index.isin(d["cpts"]["code_commune"])
    cpts_layers += ["Zones blanches (sans CPTS)"] if (~covered).any() else []
    # MSP per 100 000 inhabitants by department (simple count / population, hand-made for the test)
    dep_of = d["communes"]["code_departement"].astype(str)
    pop = d["communes"]["population"].groupby(dep_of).sum()
    n_msp = d["msp"]["code_commune"].map(dep_of).value_counts()
    rate = (n_msp.reindex(pop.index).fillna(0) / pop * 1e5).rename("msp_100k")
    label = XSS_IMG + " MSP pour 100 000 habitants"
    maps = {
        "apl": (apl_map(d["communes"], d["apl"], **common), ["APL médecins généralistes"]),
        "apl_quantiles": (
            apl_map(d["communes"], d["apl"], scheme="fisher_jenks", k=5, **common),
            ["APL médecins généralistes"],
        ),
        "zoning": (zoning_map(d["communes"], d["zonage"], **common), ["Zonage médecins"]),
        "cpts": (cpts_map(d["communes"], d["cpts"], **common), cpts_layers),
        "msp": (msp_map(d["msp"], communes_gdf=d["communes"], **common), ["Communes", "MSP et centres de santé"]),
        "summary": (summary_map(d["departements"], rate, indicator_label=label, **common), [label]),
        "deployment": (
            deployment_map(
                d["communes"], apl=d["apl"], zonage=d["zonage"], cpts_long=d["cpts"], msp_gdf=d["msp"], **common
            ),
            ["APL médecins généralistes", "Zonage médecins", *cpts_layers, "MSP et centres de santé"],
        ),
    }
    return {
        name: (save_map(m, out / f"{name}.html", self_contained=True), layers) for name, (m, layers) in maps.items()
    }


MAP_NAMES = ["apl", "apl_quantiles", "zoning", "cpts", "msp", "summary", "deployment"]


@pytest.mark.parametrize("name", MAP_NAMES)
def test_demo_map_renders_offline_without_error_or_xss(browser, demo_maps, demo_inputs, name):
    path, expected_layers = demo_maps[name]
    state = open_page(browser, path)
    page = state["page"]
    try:
        assert state["blocked"] == [], "a self-contained map without basemap must not request anything"
        assert state["page_errors"] == [] and state["console_errors"] == []
        # the layer control lists the expected layers, in French
        labels = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        assert labels == expected_layers
        # non-blank map: many colours and a good share of pixels differing from the background
        pixels = map_pixels(page)
        background = np.array([0xF2, 0xF1, 0xEC])
        differs = np.any(np.abs(pixels.astype(int) - background) > 8, axis=-1).mean()
        colours = len(np.unique(pixels.reshape(-1, 3), axis=0))
        assert differs > 0.25, f"only {differs:.0%} of the map differs from the background"
        assert colours > 20
        # open every tooltip and popup: hostile names are displayed as text and never run
        result = page.evaluate(OPEN_ALL_JS)
        page.wait_for_timeout(300)  # let any injected <img onerror> fire
        shown = "\n".join(result["texts"]) + page.locator("body").inner_text()
        assert page.evaluate("() => window.__xss") is None
        assert state["dialogs"] == []
        assert state["page_errors"] == []
        if name in ("apl", "apl_quantiles", "zoning", "deployment"):
            assert XSS_SCRIPT in shown and XSS_IMG in shown and XSS_TEMPLATE in shown
            assert JINJA_PAYLOAD in shown  # shown literally, not "49 oui"
        if name == "msp":
            assert result["markers"] == len(demo_inputs["msp"])
            assert XSS_TEMPLATE + XSS_IMG in shown and JINJA_PAYLOAD in shown
        if name == "cpts":
            assert XSS_IMG + " " + XSS_TEMPLATE + " " + JINJA_PAYLOAD in shown
        assert "Territoire fictif" in shown and "Source : " + XSS_SCRIPT + JINJA_PAYLOAD in shown
    finally:
        page.close()


def test_xss_probe_detects_unescaped_tooltips(browser, tmp_path):
    """Control: the same probe DOES catch an unescaped tooltip (so the test above can fail)."""
    import folium

    from access_map.maps import save_map

    m = folium.Map(location=[46.0, 2.0], zoom_start=8, tiles=None, maxZoom=18)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    folium.CircleMarker([46.0, 2.0], tooltip=folium.Tooltip(XSS_IMG)).add_to(cluster)
    state = open_page(browser, save_map(m, tmp_path / "unsafe.html", self_contained=True))
    try:
        state["page"].evaluate(OPEN_ALL_JS)
        state["page"].wait_for_timeout(300)
        assert state["page"].evaluate("() => window.__xss") == 1
    finally:
        state["page"].close()


def test_map_with_basemap_degrades_gracefully_offline(browser, demo_inputs, tmp_path):
    """With a basemap and no network, tiles fail to load but the map itself still works."""
    from access_map.maps import apl_map, save_map

    d = demo_inputs
    path = save_map(
        apl_map(d["communes"], d["apl"], basemap="openstreetmap"), tmp_path / "osm.html", self_contained=True
    )
    state = open_page(browser, path)
    try:
        assert state["blocked"] and all("tile.openstreetmap.org" in u for u in state["blocked"])
        assert state["page_errors"] == []
        assert all("Failed to load resource" in e for e in state["console_errors"])
        assert state["page"].locator(".leaflet-interactive").count() >= len(d["communes"])
    finally:
        state["page"].close()


def test_deployment_legends_follow_the_layer_control(browser, demo_maps):
    """The zoning layer starts hidden with its legend; ticking it shows both, unticking APL hides its legend."""
    path, _ = demo_maps["deployment"]
    state = open_page(browser, path)
    page = state["page"]
    try:
        zoning_legend = page.locator(".access-map-legend", has_text="Zonage médecins")
        apl_legend = page.locator(".access-map-legend", has_text="APL médecins généralistes")
        assert zoning_legend.is_hidden() and apl_legend.is_visible()
        page.locator(".leaflet-control-layers-overlays label", has_text="Zonage médecins").click()
        page.locator(".leaflet-control-layers-overlays label", has_text="APL médecins généralistes").click()
        assert zoning_legend.is_visible() and apl_legend.is_hidden()
        assert state["page_errors"] == [] and state["console_errors"] == []
    finally:
        page.close()
