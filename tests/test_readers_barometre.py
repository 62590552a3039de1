"""Baromètre des résultats: hand-made cases and the real DITP extracts."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from access_map.errors import InvalidCodeError, InvalidValueError
from access_map.readers._io import SourceWarning, drop_report
from access_map.readers.barometre import (
    BAROMETRE_COLUMNS,
    cpts_coverage_pct,
    health_centre_counts,
    indicator_values,
    msp_counts,
    read_barometre,
)
from conftest import shared_path

HEAD = ",".join(BAROMETRE_COLUMNS)


def _write(tmp_path, rows, name="ind-311.csv"):
    p = tmp_path / name
    p.write_text(HEAD + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_codes_levels_and_drops(tmp_path):
    rows = [
        "IND-311,D01,2023-12-01,DEPT,,21.0,,",
        "IND-311,D2B,2023-12-01,DEPT,,7.0,,",
        "IND-311,D971,2023-12-01,DEPT,,3.0,,",
        "IND-311,R94,2023-12-01,REG,,10.0,,",
        "IND-311,FRANCE,2023-12-01,NAT,,2501.0,,14.29",
        "IND-311,FRANCE,2026-12-01,NAT,,,4000.0,",
        "IND-311,D01,2024-06-01,DEPT,,,,",  # nothing: dropped
        "IND-311,D01,2023-12-01,DEPT,,21.0,,",  # exact duplicate: dropped
    ]
    with pytest.warns(SourceWarning, match="ligne sans aucune valeur : 1.*ligne en double exact : 1"):
        t = read_barometre(_write(tmp_path, rows))
    # issue 11: one level vocabulary with population_vintages / rates_per_100k
    assert list(zip(t["level"], t["code"], strict=True)) == [
        ("departement", "01"),
        ("departement", "2B"),
        ("departement", "971"),
        ("nation", "FR"),
        ("nation", "FR"),
        ("region", "94"),
    ]
    assert drop_report(t).total == 2
    assert msp_counts(t).to_dict() == {"01": 21.0, "2B": 7.0, "971": 3.0}
    nat = msp_counts(t, level="NAT")
    assert nat.tolist() == [2501.0] and nat.attrs["date"] == pd.Timestamp("2023-12-01")  # target row skipped
    assert msp_counts(t, level="nation").equals(nat)
    target = t[(t["level"] == "nation") & (t["date"] == "2026-12-01")]["target"]
    assert target.tolist() == [4000.0]


@pytest.mark.parametrize(
    ("row", "error", "match"),
    [
        ("IND-311,X01,2023-12-01,DEPT,,1.0,,", InvalidCodeError, r"identifiant\(s\) de zone inconnu\(s\).*'X01'"),
        ("IND-311,R84,2023-12-01,DEPT,,1.0,,", InvalidCodeError, "maille.*'R84/DEPT'"),
        ("IND-311,D01,déc. 2023,DEPT,,1.0,,", InvalidValueError, r"date\(s\) illisible\(s\)"),
        ("IND-311,D01,2023-12-01,DEPT,,beaucoup,,", InvalidValueError, "'indic_va'.*\\(beaucoup\\)"),
    ],
)
def test_bad_rows(tmp_path, row, error, match):
    with pytest.raises(error, match=match):
        read_barometre(_write(tmp_path, [row]))


def test_conflicting_rows_and_selection_errors(tmp_path):
    with pytest.raises(InvalidValueError, match="plusieurs lignes différentes.*IND-311 departement 01 2023-12-01"):
        read_barometre(_write(tmp_path, ["IND-311,D01,2023-12-01,DEPT,,1.0,,", "IND-311,D01,2023-12-01,DEPT,,2.0,,"]))
    t = read_barometre(_write(tmp_path, ["IND-311,D01,2023-12-01,DEPT,,1.0,,"]))
    with pytest.raises(InvalidValueError, match=r"aucune valeur pour l'indicateur IND-589.*'IND-311'"):
        cpts_coverage_pct(t)
    with pytest.raises(InvalidValueError, match=r"le 2022-12-01 ; dates ayant des valeurs : '2023-12-01'"):
        msp_counts(t, date="2022-12-01")


def test_real_barometre_figures():
    folder = shared_path("barometre_ditp_sante")
    with pytest.warns(SourceWarning):  # target-only rows without value are reported
        t = read_barometre(folder)
    assert set(t["indicator"]) == {"IND-311", "IND-312", "IND-318", "IND-587", "IND-589", "IND-679"}
    # SOURCES.md: MSP France 1,034 (June 2017) -> 2,501 (Dec 2023); CPTS coverage 86.1 % (May 2024)
    assert msp_counts(t, level="nation", date="2017-06-01").tolist() == [1034.0]
    assert msp_counts(t, level="NAT").tolist() == [2501.0]
    assert msp_counts(t, level="NAT").attrs["date"] == pd.Timestamp("2023-12-01")
    # the latest CPTS coverage of France (May 2024) is not of the regions' latest date (December 2023): said
    with pytest.warns(UserWarning, match=r"IND-589 .*départements et France : mai 2024 ; régions : décembre 2023"):
        nat = cpts_coverage_pct(t, level="NAT")
    assert nat.tolist() == [86.1] and nat.attrs["date"] == pd.Timestamp("2024-05-01")
    with pytest.warns(UserWarning, match=r"régions : décembre 2023"):
        assert cpts_coverage_pct(t, level="REG").attrs["date"] == pd.Timestamp("2023-12-01")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a date given, or MSP (same dates at every level): no warning
        cpts_coverage_pct(t, level="NAT", date="2024-05-01")
        msp_counts(t, level="REG")
    assert health_centre_counts(t, level="NAT", date="2023-12-01").tolist() == [638.0]
    dept = msp_counts(t, date="2023-12-01")
    assert len(dept) == 101 and {"2A", "2B", "971", "976"} <= set(dept.index)
    # independent consistency check: the department counts add up to the national count
    assert dept.sum() == pytest.approx(msp_counts(t, level="NAT", date="2023-12-01").iloc[0], rel=0.01)
    reg = msp_counts(t, level="REG", date="2023-12-01")
    assert len(reg) == 18 and reg.sum() == pytest.approx(2501.0, rel=0.01)
    assert indicator_values(t, "cpts_coverage_pct", level="REG", date="2023-12-01").between(0, 100).all()


def test_initial_values_are_reachable_and_levels_join_population_tables(tmp_path):
    """Issue 11, observation 4: the 2022-12 CPTS coverage sits in indic_vi only."""
    from access_map.msp import population_vintages, rates_per_100k

    rows = [
        "IND-589,R75,2022-12-01,REG,61.0,,,",
        "IND-589,R75,2023-12-01,REG,,70.0,,",
        "IND-589,FRANCE,2022-12-01,NAT,68.0,,,",
    ]
    t = read_barometre(_write(tmp_path, rows, name="ind-589.csv"))
    assert t["observed"].tolist() == [68.0, 61.0, 70.0] and t["value"].isna().sum() == 2
    assert cpts_coverage_pct(t, level="region", date="2022-12-01").to_dict() == {"75": 61.0}
    assert cpts_coverage_pct(t, level="REG", date="2022-12").to_dict() == {"75": 61.0}  # baromètre names accepted
    with pytest.raises(InvalidValueError, match="aucune valeur pour IND-589 au niveau region le 2022-12-01"):
        indicator_values(t, "IND-589", level="region", date="2022-12-01", column="value")
    with pytest.raises(InvalidValueError, match="niveau inconnu 'commune'"):
        indicator_values(t, "IND-589", level="commune")
    # the levels join the population tables as they are: no renaming before rates_per_100k(by=("level",))
    communes = pd.DataFrame(
        {"population": [100_000.0, 50_000.0], "code_region": ["75", "75"], "code_departement": ["33", "24"]},
        index=["33063", "24322"],
    )
    pops = population_vintages({"2021-01-01": communes}, levels=("region", "nation"))
    counts = t.rename(columns={"observed": "n"})[["level", "code", "date", "n"]]
    counts = counts[counts["level"] == "region"]
    rates = rates_per_100k(counts, pops, value_column="n", by=("level",))
    assert rates["population"].tolist() == [150_000.0, 150_000.0]
