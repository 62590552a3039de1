"""Every HTML report of the package prints on A4 (refresh, national zoning, scenarios).

Each report is printed to PDF by headless Chromium, which prints on US Letter unless the page asks for
another size: the PDF's page box must be 210 × 297 mm (595 × 842 pt).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.config import parse_config
from access_map.refresh import run_refresh
from access_map.zoning import national_zoning
from access_map.zoning_outputs import write_zoning_outputs
from conftest import ON_CI

CHROMIUM = "/usr/bin/chromium"
A4_POINTS = (595.28, 841.89)


def _page_size_points(html: Path, tmp_path: Path) -> tuple[float, float]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if ON_CI:
            pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run must install the Debian package 'chromium'")
        pytest.skip("chromium not installed (apt-get install chromium)")
    pdf = tmp_path / f"{html.parent.name}_{html.stem}.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--print-to-pdf={pdf}", html.resolve().as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes()))
    assert len(boxes) == 1, boxes
    width, height = next(iter(boxes))
    return float(width), float(height)


def _assert_a4(html: Path, tmp_path: Path) -> None:
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", html.read_text(encoding="utf-8"))
    width, height = _page_size_points(html, tmp_path)
    assert width == pytest.approx(A4_POINTS[0], abs=1.5) and height == pytest.approx(A4_POINTS[1], abs=1.5)


def test_national_zoning_report_prints_on_a4(tmp_path: Path) -> None:
    communes = pd.DataFrame(
        {"apl_65": [2.0, 3.0, 5.0], "standardised_population": [1.0] * 3, "population": [100.0, 300.0, 600.0],
         "code_region": ["75", "75", "76"]},
        index=pd.Index(["33001", "33002", "24001"], name="code_commune"),
    )  # fmt: skip
    tvs = pd.DataFrame({"code_tvs": ["A", "B", "C"], "libelle_tvs": ["A", "B", "C"]}, index=communes.index)
    write_zoning_outputs(national_zoning(communes, tvs=tvs), tmp_path / "zonage")
    _assert_a4(tmp_path / "zonage" / "rapport.html", tmp_path)


def test_refresh_and_scenario_reports_print_on_a4(tmp_path: Path) -> None:
    config = parse_config(
        {
            "name": "demo",
            "sources": {"demo": True},
            "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
            "outputs": {"directory": str(tmp_path / "out"), "maps_directory": str(tmp_path / "maps"), "png": False,
                        "raster": False, "table_formats": ["csv"]},
        },
        base_dir=tmp_path,
    )  # fmt: skip
    run_refresh(config)
    _assert_a4(tmp_path / "out" / "rapport.html", tmp_path)
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(
        'label = "Démo"\nterritory = "demo"\n\n[baseline]\nmax_age = 65\n\n[[scenarios]]\nname = "retraites"\n'
        'changes = [{ kind = "retirement", min_age = 62, horizon_years = 3 }]\n\n'
        '[outputs]\ndirectory = "scenarios"\nmaps_directory = "cartes_scenarios"\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["scenario", "--config", str(scenario)])
    assert res.exit_code == 0, res.output
    _assert_a4(tmp_path / "scenarios" / "rapport.html", tmp_path)
