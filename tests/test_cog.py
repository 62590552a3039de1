"""COG events and harmonisation of commune tables to a target vintage."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from access_map.cog import harmonize_to_cog, read_cog_movements
from access_map.errors import InvalidValueError, MissingColumnError
from conftest import shared_path

HEAD = "MOD,DATE_EFF,TYPECOM_AV,COM_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,LIBELLE_AP"
# A hand-made history (newest first, as INSEE publishes it):
#  2017-06-01  name change of 01001 (no code change) -- inside any 2017+ window, no effect
#  2018-01-01  01009 absorbed by 01008 (fusion simple) -- ON the 2018 source date: already in COG 2018
#  2019-01-01  commune nouvelle: 01001 + 01002 -> 01001 (with COMD rows, to be ignored)
#  2020-01-01  01001 changes code to 01099 (transfert de chef-lieu)
#  2021-01-01  01003 -> 01004 (change of department code, simplified)
#  2022-01-01  01005 split: restored 01006 (rétablissement)
#  2027-01-01  01007 absorbed by 01004 -- after the target, ignored
ROWS = [
    "31,2027-01-01,COM,01007,G,COM,01004,D",
    "21,2022-01-01,COM,01005,E,COM,01005,E",
    "21,2022-01-01,COM,01005,E,COM,01006,F",
    "21,2022-01-01,COMD,01006,F,COM,01006,F",
    "41,2021-01-01,COM,01003,C,COM,01004,D",
    "50,2020-01-01,COM,01001,A,COM,01099,A",
    "32,2019-01-01,COM,01001,A,COM,01001,A",
    "32,2019-01-01,COM,01001,A,COMD,01001,A",
    "32,2019-01-01,COM,01002,B,COM,01001,A",
    "32,2019-01-01,COM,01002,B,COMD,01002,B",
    "31,2018-01-01,COM,01009,I,COM,01008,H",
    "10,2017-06-01,COM,01001,A0,COM,01001,A",
]


@pytest.fixture()
def movements(tmp_path):
    p = tmp_path / "mouvements.csv"
    p.write_text(HEAD + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return read_cog_movements(p)


def _pop():
    return pd.DataFrame(
        {"population": [100.0, 50.0, 20.0, 30.0, 40.0, 5.0], "nom": ["A", "B", "C", "D", "E", "G"]},
        index=pd.Index(["01001", "01002", "01003", "01004", "01005", "01007"], name="code_commune"),
    )


def test_read_movements_sorted(movements):
    assert movements["date_eff"].is_monotonic_increasing
    assert movements["mod"].dtype.kind == "i"
    assert movements.iloc[0]["com_av"] == "01001" and movements.iloc[0]["mod"] == 10


def test_hand_made_mergers_and_code_changes(movements):
    with pytest.warns(UserWarning, match="1 code de commune scindé"):  # the 2022 split, not apportioned
        out, rep = harmonize_to_cog(
            _pop(), movements=movements, source_vintage=2018, target_vintage=2026, count_columns=["population"]
        )
    # 01001 (100) + 01002 (50) merged in 2019, then recoded 01099 in 2020 -> 150
    # 01003 (20) recoded 01004 in 2021 and added to 01004 (30) -> 50
    # 01005 split in 2022: kept whole without weights -> 40; 01007 untouched (event in 2027)
    assert out["population"].to_dict() == {"01004": 50.0, "01005": 40.0, "01007": 5.0, "01099": 150.0}
    assert out["population"].sum() == _pop()["population"].sum()  # 245 conserved
    # "first": the commune keeping its code gives its name
    assert out.loc["01004", "nom"] == "D"
    assert out.loc["01099", "nom"] == "A"
    moved = rep.set_index("old_code")
    assert moved.loc["01002", "new_code"] == "01099"
    assert moved.loc["01002", "event"] == (
        "32 création de commune nouvelle + 50 changement de code dû à un transfert de chef-lieu"
    )
    assert moved.loc["01002", "date"] == pd.Timestamp("2020-01-01")
    assert moved.loc["01003", "event"].startswith("41 ")
    assert "scission non répartie" in moved.loc["01005", "event"]
    assert "01007" not in moved.index and "01004" not in moved.index


def test_window_bounds(movements):
    # target COG 2019 includes the 2019-01-01 merger but not the 2020 recode
    out, rep = harmonize_to_cog(
        _pop(), movements=movements, source_vintage=2018, target_vintage=2019, count_columns=["population"]
    )
    assert out.loc["01001", "population"] == 150.0 and "01099" not in out.index
    # a table on COG 2017 sees the 2018-01-01 merger of 01009 into 01008; a COG 2018 table does not
    t = pd.DataFrame({"population": [1.0, 2.0]}, index=pd.Index(["01008", "01009"], name="code_commune"))
    out17, _ = harmonize_to_cog(
        t, movements=movements, source_vintage=2017, target_vintage=2019, count_columns=["population"]
    )
    assert out17["population"].to_dict() == {"01008": 3.0}
    out18, rep18 = harmonize_to_cog(
        t, movements=movements, source_vintage=2018, target_vintage=2019, count_columns=["population"]
    )
    assert out18["population"].to_dict() == {"01008": 1.0, "01009": 2.0} and rep18.empty


def test_split_apportioned_with_weights(movements):
    weights = pd.Series({"01005": 30.0, "01006": 10.0})
    out, rep = harmonize_to_cog(
        _pop(),
        movements=movements,
        source_vintage=2021,
        target_vintage=2023,
        count_columns=["population"],
        split_weights=weights,
    )
    # 40 inhabitants of 01005 split 30:10 -> 30 and 10
    assert out.loc["01005", "population"] == pytest.approx(30.0)
    assert out.loc["01006", "population"] == pytest.approx(10.0)
    shares = rep[rep["old_code"] == "01005"].set_index("new_code")["share"].to_dict()
    assert shares == pytest.approx({"01005": 0.75, "01006": 0.25})


def test_long_table_codes_follow_events(movements):
    practitioners = pd.DataFrame(
        {
            "practitioner_id": ["p1", "p2", "p3", "p4"],
            "code_commune": ["01002", "01003", "01005", "01007"],
            "share": [1.0, 0.5, 1.0, 1.0],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        out, rep = harmonize_to_cog(
            practitioners, movements=movements, source_vintage=2018, target_vintage=2026, code_column="code_commune"
        )
    assert out["code_commune"].tolist() == ["01099", "01004", "01005", "01007"]
    assert out["share"].tolist() == [1.0, 0.5, 1.0, 1.0] and len(out) == 4  # rows are never merged
    assert practitioners["code_commune"].tolist()[0] == "01002"  # input untouched
    assert rep.set_index("old_code").loc["01002", "rows"] == 1


def test_errors(movements):
    with pytest.raises(InvalidValueError, match="antérieure à la date source"):
        harmonize_to_cog(_pop(), movements=movements, source_vintage=2026, target_vintage=2018)
    with pytest.raises(InvalidValueError, match="exactement un seul de source_vintage"):
        harmonize_to_cog(
            _pop(), movements=movements, source_vintage=2018, source_date="2018-01-01", target_vintage=2020
        )
    with pytest.raises(InvalidValueError, match=r"agrégation\(s\) inconnue"):
        harmonize_to_cog(_pop(), movements=movements, source_vintage=2018, target_vintage=2020, how={"nom": "concat"})
    with pytest.raises(MissingColumnError, match="read_cog_movements"):
        harmonize_to_cog(_pop(), movements=pd.DataFrame({"MOD": [1]}), source_vintage=2018, target_vintage=2020)
    with pytest.raises(MissingColumnError, match="'code_commune'"):
        harmonize_to_cog(
            pd.DataFrame({"x": [1]}),
            movements=movements,
            source_vintage=2018,
            target_vintage=2020,
            code_column="code_commune",
        )


def test_target_communes_check(movements):
    with pytest.warns(UserWarning, match=r"absent\(s\) du COG cible.*'01007'"):
        _, rep = harmonize_to_cog(
            _pop().drop(index="01005"),
            movements=movements,
            source_vintage=2018,
            target_vintage=2026,
            count_columns=["population"],
            target_communes={"01004", "01099"},
        )
    assert rep[rep["event"] == "absent du COG cible"]["old_code"].tolist() == ["01007"]


def _pop_2016_cog2018():
    raw = pd.read_csv(shared_path("population_legale_insee", "pop_legales_2016_cog2018_communes.csv.gz"), dtype=str)
    dep, com = raw["Code département"], raw["Code commune"]
    # overseas: department 971 + commune 101 -> 97101
    codes = [d + c if len(d) == 2 else d[:2] + c for d, c in zip(dep, com, strict=True)]
    return pd.DataFrame(
        {"population": raw["Population municipale"].astype(float).to_numpy()},
        index=pd.Index(codes, name="code_commune"),
    )


def _communes_2026():
    com = pd.read_csv(shared_path("cog_insee", "communes_cog2026.csv.gz"), dtype=str)
    return set(com.loc[com["TYPECOM"].isin(["COM", "ARM"]), "COM"])


def test_real_populations_2016_carried_to_cog_2026():
    mvt = read_cog_movements(shared_path("cog_insee", "mouvements_communes_cog2026.csv.gz"))
    pop = _pop_2016_cog2018()
    target = _communes_2026()
    assert len(pop) == 35382  # SOURCES.md
    with pytest.warns(UserWarning, match=r"scindé\(s\) entre plusieurs communes"):
        out, rep = harmonize_to_cog(
            pop,
            movements=mvt,
            source_vintage=2018,
            target_vintage=2026,
            count_columns=["population"],
            target_communes=target,
        )
    assert out["population"].sum() == pop["population"].sum()  # 66,361,658 conserved exactly
    assert set(out.index) <= target  # every code exists in COG 2026 (COM/ARM)
    assert "absent du COG cible" not in set(rep["event"])
    assert len(out) < len(pop)  # mergers since 2018
    # an independent check on one commune nouvelle: Valserhône (01033) = Bellegarde + Châtillon + Lancrans (2019)
    expected = pop.loc[["01033", "01091", "01205"], "population"].sum()
    assert out.loc["01033", "population"] == expected
    # the three codes (and only them) moved into 01033
    assert sorted(rep.loc[rep["new_code"] == "01033", "old_code"]) == ["01091", "01205"]

    # with weights (populations 2023 on COG 2025) the 2024-2025 restorations are apportioned
    w_raw = pd.read_csv(shared_path("population_legale_insee", "pop_legales_2023_cog2025.csv.gz"), sep=";", dtype=str)
    weights = pd.Series(w_raw["PMUN"].astype(float).to_numpy(), index=w_raw["COM"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no split left unapportioned, no unknown code
        out_w, rep_w = harmonize_to_cog(
            pop,
            movements=mvt,
            source_vintage=2018,
            target_vintage=2026,
            count_columns=["population"],
            split_weights=weights,
            target_communes=target,
        )
    assert out_w["population"].sum() == pytest.approx(pop["population"].sum(), rel=1e-12)
    assert {"15031", "15035", "15047", "15171", "60694", "85165", "85212"} <= set(out_w.index)
    assert set(out_w.index) <= target
    s = rep_w[rep_w["old_code"] == "85084"]
    assert np.isclose(s["share"].sum(), 1.0) and len(s) == 3
