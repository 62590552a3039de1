"""Comparing two travel-time tables: pair-level figures and APL consequences, against hand computations."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main
from access_map.travel import apl_consequences, compare_travel_times


def _table(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["origin", "destination", "minutes"])


def test_pair_figures_by_hand() -> None:
    a = _table([("01001", "01002", 10.0), ("01002", "01001", 12.0), ("01001", "01003", 15.0), ("01001", "01001", 0)])
    b = _table([("01001", "01002", 8.0), ("01002", "01001", 13.0), ("01001", "01003", 25.0), ("01003", "01002", 3.0)])
    c = compare_travel_times(a, b)
    # common distinct pairs: 01001->01002 (+2), 01002->01001 (-1), 01001->01003 (-10); self pairs never count
    assert (c.n_common, c.only_a, c.only_b) == (3, 0, 1)
    assert c.examples_only_b == ("01003->01002",)
    assert c.mae_minutes == pytest.approx(13 / 3)
    assert c.bias_minutes == pytest.approx(-3.0)
    assert c.rmse_minutes == pytest.approx(math.sqrt(105 / 3))
    # b = 8, 13, 25: mean 46/3; SS_tot = (8-46/3)^2 + (13-46/3)^2 + (25-46/3)^2; SS_res = 4 + 1 + 100
    ss_tot = sum((v - 46 / 3) ** 2 for v in (8, 13, 25))
    assert c.r2 == pytest.approx(1 - 105 / ss_tot)
    assert c.spearman == pytest.approx(1.0)  # 10 < 12 < 15 and 8 < 13 < 25: same order
    # within 20 minutes the 01001->01003 pair is inside the catchment under a only
    c20 = compare_travel_times(a, b, max_minutes=20)
    assert (c20.n_common, c20.only_a, c20.only_b) == (2, 1, 1)
    assert c20.examples_only_a == ("01001->01003",)


def test_reversed_order_and_degenerate_cases() -> None:
    a = _table([("01001", "01002", 1.0), ("01001", "01003", 2.0), ("01001", "01004", 3.0)])
    b = _table([("01001", "01002", 3.0), ("01001", "01003", 2.0), ("01001", "01004", 1.0)])
    assert compare_travel_times(a, b).spearman == pytest.approx(-1.0)
    empty = compare_travel_times(a, _table([("01009", "01008", 5.0)]))
    assert empty.n_common == 0 and math.isnan(empty.mae_minutes) and math.isnan(empty.spearman)


# Three communes: A (01001) and B (01002) have 1,000 standardised inhabitants each, C (01003) 500; 6,000 GP acts
# in A. Under table "near", A-B is 5 min (weight 1); under "far", 12 min (DREES weight 2/3); C is alone.
#   near: R_A = 6000 / (1000 + 1000) = 3        -> APL A = 3, B = 3, C = 0
#   far:  R_A = 6000 / (1000 + 2/3 * 1000) = 3.6 -> APL A = 3.6, B = 2/3 * 3.6 = 2.4, C = 0
DEMAND = pd.Series({"01001": 1000.0, "01002": 1000.0, "01003": 500.0})
SUPPLY = pd.Series({"01001": 6000.0})
SELF = [("01001", "01001", 0.0), ("01002", "01002", 0.0), ("01003", "01003", 0.0)]
NEAR = _table([*SELF, ("01001", "01002", 5.0), ("01002", "01001", 5.0)])
FAR = _table([*SELF, ("01001", "01002", 12.0), ("01002", "01001", 12.0)])
TVS = pd.DataFrame({"code_commune": ["01002", "01001", "01003"], "code_tvs": ["T1", "T2", "T2"]})


def test_apl_consequences_by_hand() -> None:
    r = apl_consequences(NEAR, FAR, supply=SUPPLY, demand=DEMAND, tvs=TVS)
    assert r.communes["apl_a"].to_dict() == pytest.approx({"01001": 3.0, "01002": 3.0, "01003": 0.0})
    assert r.communes["apl_b"].to_dict() == pytest.approx({"01001": 3.6, "01002": 2.4, "01003": 0.0})
    assert r.communes["difference"].to_dict() == pytest.approx({"01001": -0.6, "01002": 0.6, "01003": 0.0})
    # ranks (3, 3, 0) -> (2.5, 2.5, 1) and (3.6, 2.4, 0) -> (3, 2, 1): Pearson of ranks = 1.5 / sqrt(1.5 * 2)
    assert r.spearman == pytest.approx(math.sqrt(3) / 2)
    # 2.5: B goes below (3 -> 2.4); C is below under both. 4: everyone below under both
    assert r.crossings.loc[2.5].to_dict() == {"changed": 1, "below_a_only": 0, "below_b_only": 1}
    assert r.crossings.loc[4.0].to_dict() == {"changed": 0, "below_a_only": 0, "below_b_only": 0}
    # TVS T1 = {B}: 3.0 (vivier) -> 2.4 (national selection); T2 = {A, C}: (3*1000 + 0)/1500 = 2.0 and
    # (3.6*1000)/1500 = 2.4, national selection under both
    tvs = r.tvs
    assert tvs is not None
    assert tvs.loc["T1", ["apl_a", "apl_b"]].tolist() == pytest.approx([3.0, 2.4])
    assert tvs.loc["T2", ["apl_a", "apl_b"]].tolist() == pytest.approx([2.0, 2.4])
    assert tvs["category_a"].to_dict() == {"T1": "vivier", "T2": "national_selection"}
    assert tvs["category_b"].to_dict() == {"T1": "national_selection", "T2": "national_selection"}
    assert r.tvs_changed == 1
    assert apl_consequences(NEAR, FAR, supply=SUPPLY, demand=DEMAND).tvs_changed is None


def test_cli_compare_prints_pairs_apl_and_tvs(tmp_path: Path) -> None:
    NEAR.to_csv(tmp_path / "near.csv", index=False)
    FAR.to_parquet(tmp_path / "far.parquet", index=False)
    apl = pd.DataFrame({"code_commune": DEMAND.index, "apl": 0.0, "demand": DEMAND.values})
    apl["supply"] = SUPPLY.reindex(DEMAND.index).fillna(0).to_numpy()
    apl.to_csv(tmp_path / "apl.csv", sep=";", index=False)
    TVS.to_csv(tmp_path / "tvs.csv", sep=";", index=False)
    out = tmp_path / "apl_ab.csv"
    res = CliRunner().invoke(
        main,
        [
            "travel", "compare", str(tmp_path / "near.csv"), str(tmp_path / "far.parquet"),
            "--apl", str(tmp_path / "apl.csv"), "--tvs", str(tmp_path / "tvs.csv"), "--output", str(out),
        ],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "paires communes : 2 ; seulement dans A : 0 ; seulement dans B : 0" in res.output
    assert "écart absolu moyen 7,00 min, biais -7,00 min" in res.output
    assert "Spearman 0,866" in res.output
    assert (
        "communes changeant de côté du seuil 2,5 : 1 (≤ 2,5 sous A seulement : 0, sous B seulement : 1)" in res.output
    )
    assert "TVS changeant de catégorie de zonage : 1 sur 2" in res.output
    assert "T1 T1 : vivier (APL 3,00) sous A, national_selection (APL 2,40) sous B" in res.output
    written = csv_format.read_csv(out).set_index("code_commune")
    assert written["apl_b"].to_numpy() == pytest.approx(np.array([3.6, 2.4, 0.0]))


def test_cli_compare_errors(tmp_path: Path) -> None:
    NEAR.to_csv(tmp_path / "near.csv", index=False)
    runner = CliRunner()
    res = runner.invoke(
        main, ["travel", "compare", str(tmp_path / "near.csv"), str(tmp_path / "near.csv"), "--tvs", "x"]
    )
    assert res.exit_code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("origin,destination,minutes\n01001,01002,abc\n")
    res = runner.invoke(main, ["travel", "compare", str(tmp_path / "near.csv"), str(bad)])
    assert res.exit_code == 1 and "bad.csv" in res.output and "abc" in res.output and "Traceback" not in res.output
    apl = tmp_path / "apl.csv"
    apl.write_text("code_commune;demand\n01001;10\n")
    res = runner.invoke(
        main, ["travel", "compare", str(tmp_path / "near.csv"), str(tmp_path / "near.csv"), "--apl", str(apl)]
    )
    assert res.exit_code == 1 and "supply" in res.output and "apl.csv" in res.output
