"""The national zoning report writes counts of TVS and inhabitants as integers and the margin as « 5 % ».

Hand-built run: region 75 has three communes of 100.4, 300 and 187,161.4 inhabitants (a population légale
total can be fractional once weighted), region 76 one of 600; caps 50 % ZIP and 30 % ZAC.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from access_map.zoning import national_zoning
from access_map.zoning_outputs import write_zoning_outputs

NNBSP = "\u202f"  # the thousands separator of French figures


def _row(page: str, first_cell: str, after: str) -> list[str]:
    """The cells of the first table row starting with ``first_cell`` after the heading ``after``."""
    section = page[page.index(after) :]
    row = re.search(rf"<tr><td>{re.escape(first_cell)}</td>(.*?)</tr>", section)
    assert row, f"no row {first_cell!r} after {after!r}"
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_zoning_report_counts_are_integers_and_the_margin_a_percentage(tmp_path: Path) -> None:
    communes = pd.DataFrame(
        {"apl_65": [2.0, 3.0, 5.0, 3.5], "standardised_population": [1.0] * 4,
         "population": [100.4, 300.0, 600.0, 187161.4], "code_region": ["75", "75", "76", "75"]},
        index=pd.Index(["33001", "33002", "24001", "33003"], name="code_commune"),
    )  # fmt: skip
    tvs = pd.DataFrame({"code_tvs": ["A", "B", "C", "D"], "libelle_tvs": ["A", "B", "C", "D"]}, index=communes.index)
    caps = pd.DataFrame(
        {"zip_cap_share": [0.5, 0.5], "zac_cap_share": [0.3, 0.3]}, index=pd.Index(["75", "76"], name="code_region")
    )
    write_zoning_outputs(national_zoning(communes, tvs=tvs, caps=caps), tmp_path / "out")
    page = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    by_region = "Sélection nationale et vivier, par région"
    # 100.4 + 300 + 187,161.4 = 187,561.8 inhabitants in 3 TVS; with region 76: 188,161.8 in 4
    # (each region named beside its code)
    assert _row(page, "75", by_region)[:3] == ["Nouvelle-Aquitaine", f"187{NNBSP}562", "3"]
    assert _row(page, "national", by_region)[:3] == ["France entière", f"188{NNBSP}162", "4"]
    # caps: 50 % of 187,561.8 = 93,780.9 and 30 % = 56,268.54 inhabitants
    caps_row = _row(page, "75", "Plafonds et marge, par région")
    assert caps_row[0] == "Nouvelle-Aquitaine" and caps_row[3] == f"93{NNBSP}781" and caps_row[5] == f"56{NNBSP}269"
    assert _row(page, "hors_vivier_margin", "Règles appliquées")[0] == f"5{NNBSP}%"
    assert _row(page, "zip_threshold", "Règles appliquées")[0] == "2,5"
    assert not re.search(r"<td class='n'>\d+,0</td>", page.split("Plafonds et marge")[0])  # no « 19,0 TVS »
