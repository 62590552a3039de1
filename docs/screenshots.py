"""Screenshots of the README: the demo refresh's zoning map and report, opened in headless Chromium.

Run from the repository root (needs Debian's ``chromium`` and playwright, as the browser tests)::

    .venv/bin/python docs/screenshots.py

It runs the demo refresh (``access_map.refresh.run_refresh``) into a temporary folder, opens the
maps and the report it wrote with the network cut, and writes ``docs/img/carte_zonage.png`` and
``docs/img/rapport.png``. The production date is pinned (``SOURCE_DATE_EPOCH``) so that the images
only change when the outputs do.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from access_map.refresh import demo_config, run_refresh

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764460800")  # 30/11/2025
    root = Path(tempfile.mkdtemp(prefix="screens_"))
    run_refresh(demo_config(output_dir=root / "out", maps_dir=root / "maps"))
    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)

    def save(png: bytes, name: str) -> None:
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out / name, optimize=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 780})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto((root / "maps" / "zonage.html").as_uri())
        page.wait_for_selector(".am-legend")
        page.locator(".leaflet-control-layers-base label", has_text="Évolution").click()
        # click the commune nearest to a point in the lower middle of the map: its popup opens above it
        x, y = page.evaluate(
            """() => { const key = Object.keys(window).find(k => /^map_[0-9a-f]{32}$/.test(k)); const map = window[key];
            const size = map.getSize(); let best = null, dist = Infinity;
            accessMapView.points.forEach(p => { const c = map.latLngToContainerPoint(L.latLng(p[0], p[1]));
              const d = Math.hypot(c.x - size.x * 0.55, c.y - size.y * 0.72); if (d < dist) { dist = d; best = c; } });
            return [best.x, best.y]; }"""
        )
        page.mouse.click(x, y)
        page.wait_for_timeout(600)
        save(page.screenshot(), "carte_zonage.png")
        page = browser.new_page(viewport={"width": 1000, "height": 1500})
        page.goto((root / "out" / "rapport.html").as_uri())
        page.wait_for_timeout(300)
        save(page.screenshot(), "rapport.png")
        browser.close()
    print(f"écrit : {out / 'carte_zonage.png'}, {out / 'rapport.png'}")


if __name__ == "__main__":
    main()
