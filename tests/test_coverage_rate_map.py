"""A coverage rate (CPTS) is mapped in classes of percent of the population, not « % of the reference ».

Real data: the Baromètre de l'action publique, indicator IND-589 « % de la population couverte par une
CPTS » per department in May 2024 (France: 86,1 %, the published national value), drawn on the IGN
department contours (all France: the DROM in insets).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from access_map.maps import summary_map
from access_map.maps.views import COVERAGE_BOUNDS
from conftest import shared_path


@pytest.fixture(scope="module")
def may_2024():
    raw = pd.read_csv(shared_path("barometre_ditp_sante", "ind-589.csv"), dtype=str)
    raw = raw[raw["metric_enforce_date"] == "2024-05-01"]
    france = float(raw.loc[raw["maille"] == "NAT", "indic_va"].iloc[0])
    deps = raw[raw["maille"] == "DEPT"]
    rates = pd.Series(deps["indic_va"].astype(float).to_numpy(), index=deps["enforce_zone_id"].str.removeprefix("D"))
    return france, rates


def test_cpts_coverage_by_department_in_percent_of_the_population(may_2024):
    from access_map.readers.ign import read_contours

    france, rates = may_2024
    assert france == 86.1  # the published national value, May 2024
    deps = read_contours(
        shared_path("communes_geojson_2018", "departements-avec-outre-mer.geojson.gz"), level="departement"
    )
    m = summary_map(deps, rates, indicator_label="Population couverte par une CPTS", unit="% de la population",
                    reference=france, reference_label="France", rate_bounds=COVERAGE_BOUNDS)  # fmt: skip
    page = m.get_root().render()
    p = json.loads(re.search(r"AccessMap\.render\([^,]+, (\{.*\})\);", page).group(1))
    view = p["views"][0]
    # before: « de 95 à 105 % de la référence »…: a department at 86 % of its population looked « average »
    assert view["labels"] == ["moins de 50\u202f%", "de 50 à moins de 70\u202f%", "de 70 à moins de 85\u202f%",
                              "de 85 à moins de 95\u202f%", "95\u202f% ou plus"]  # fmt: skip
    assert "référence" not in " ".join(view["labels"])
    assert view["legend"]["unit"] == "% de la population"
    assert view["legend"]["reference"] == "France : 86,1\u202f%"
    codes = p["table"]["code"]
    for code, rate in rates.items():
        if code in codes:
            expected = int(np.searchsorted([50.0, 70.0, 85.0, 95.0], rate, side="right"))
            assert view["classes"][codes.index(code)] == expected, code
    assert [r["label"] for r in p["popup"]] == ["Population couverte par une CPTS", "Référence (France)"]
    assert len(p["insets"]) == 5  # the overseas departments in insets, not a world view
