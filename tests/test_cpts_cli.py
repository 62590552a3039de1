"""CLI round trips for ``access-map cpts`` and ``access-map msp`` (CliRunner + one subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main

# Hand-built territory (same numbers as tests/test_cpts.py): 280,000 inhabitants, 255,000 covered by
# some CPTS, 120,000 by signed ones.
POP = """REG;DEP;COM;PMUN;PCAP;PTOT
84;01;01001;30000;0;30000
84;01;01002;10000;0;10000
84;01;01003;40000;0;40000
32;02;02001;80000;0;80000
32;02;02002;95000;0;95000
32;02;02003;5000;0;5000
84;03;03001;20000;0;20000
"""
CPTS = """id_cpts;nom_cpts;statut;date_signature_aci;code_commune
A;CPTS A;contrat ACI signé;2020-06-01;01001
A;CPTS A;contrat ACI signé;2020-06-01;01002
B;CPTS B;contrat ACI signé;15/03/2022;02001
C;CPTS C;projet;;02001
C;CPTS C;projet;;02002
D;CPTS D;pré-projet;;01002
D;CPTS D;pré-projet;;01003
D;CPTS D;pré-projet;;99999
"""
ZONING = """code_commune;libelle_commune;code_tvs;zonage
01001;Un;01001;ZIP
01002;Deux;01001;HV
01003;Trois;01001;HV
02001;Quatre;02001;HV
02002;Cinq;02001;HV
02003;Six;02001;ZIP
03001;Sept;03001;ZAC
"""
STRUCTURES = """finess;nom;code_commune;categorie;date_ouverture
M1;MSP 1;01001;603;2016-05-01
M2;MSP 2;01001;603;2019-01-10
M3;MSP 3;02001;603;2018-07-01
C1;CDS 1;02001;124;2020-01-01
X1;MSP inconnue;99999;603;2020-01-01
"""
TIMES = """origin,destination,minutes
01001,01001,0
01002,01002,0
01003,01003,0
02001,02001,0
02002,02002,0
02003,02003,0
03001,03001,0
01002,01001,10
01003,01001,25
02002,02001,15
"""


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in {
        "pop.csv": POP,
        "cpts.csv": CPTS,
        "zonage.csv": ZONING,
        "msp.csv": STRUCTURES,
        "times.csv": TIMES,
    }.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def test_cpts_round_trip(files, tmp_path):
    out = tmp_path / "out"
    args = [
        "cpts",
        "--cpts",
        str(files["cpts.csv"]),
        "--communes",
        str(files["pop.csv"]),
        "--zoning",
        str(files["zonage.csv"]),
        "--date",
        "2021-12-31",
        "--date",
        "2022-03-15",
        "--out",
        str(out),
        "--no-progress",
    ]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    # 255,000 / 280,000 = 91.1 %
    assert "91.1 %" in res.output
    assert "99999" in res.output  # the unknown commune is reported on stderr
    nat = csv_format.read_csv(out / "couverture_nation.csv")
    assert nat.loc[0, "covered_population"] == 255_000
    dep = csv_format.read_csv(out / "couverture_departement.csv").set_index("code_departement")
    assert dep.loc["03", "coverage_percent"] == 0.0
    cpts = csv_format.read_csv(out / "cpts.csv").set_index("id_cpts")
    assert cpts["taille"].to_dict() == {"A": 2, "B": 3, "C": 4, "D": 2}
    anomalies = csv_format.read_csv(out / "anomalies_cpts.csv", text_columns=["valeur"])
    assert "99999" in anomalies["valeur"].tolist()
    evo = csv_format.read_csv(out / "evolution.csv")
    nat_evo = evo[evo["niveau"] == "nation"]
    # 2021-12-31: A only (40,000); 2022-03-15: A + B (120,000)
    assert nat_evo["covered_population"].tolist() == [40_000, 120_000]
    zb = csv_format.read_csv(out / "zones_blanches_zonage.csv")
    zip_nat = zb[(zb["niveau"] == "nation") & (zb["zonage"] == "ZIP")].iloc[0]
    assert zip_nat["uncovered_population"] == 5_000  # 02003
    assert not list(out.glob(".*tmp*"))  # no temporary file left behind

    # second run refuses to overwrite, then --overwrite with --signed-only
    res2 = CliRunner().invoke(main, args)
    assert res2.exit_code != 0 and "--overwrite" in res2.output
    res3 = CliRunner().invoke(main, [*args, "--overwrite", "--signed-only", "--bound-in-lower-class"])
    assert res3.exit_code == 0, res3.output
    assert csv_format.read_csv(out / "couverture_nation.csv").loc[0, "covered_population"] == 120_000
    assert csv_format.read_csv(out / "cpts.csv").set_index("id_cpts")["taille"].to_dict() == {
        "A": 1,
        "B": 2,
        "C": 3,
        "D": 2,
    }


def test_cpts_bad_input_message(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(CPTS.replace("pré-projet", "en discussion"), encoding="utf-8")
    res = CliRunner().invoke(
        main,
        [
            "cpts",
            "--cpts",
            str(bad),
            "--communes",
            str(files["pop.csv"]),
            "--out",
            str(tmp_path / "o"),
            "--no-progress",
        ],
    )
    assert res.exit_code == 1
    assert "en discussion" in res.output and "statut" in res.output


def test_msp_round_trip(files, tmp_path):
    out = tmp_path / "msp"
    res = CliRunner().invoke(
        main,
        [
            "msp",
            "--structures",
            str(files["msp.csv"]),
            "--communes",
            str(files["pop.csv"]),
            "--zoning",
            str(files["zonage.csv"]),
            "--times",
            str(files["times.csv"]),
            "--max-minutes",
            "20",
            "--date",
            "2018-12-31",
            "--date",
            "2023-12-31",
            "--out",
            str(out),
            "--no-progress",
        ],
    )
    assert res.exit_code == 0, res.output
    dep = csv_format.read_csv(out / "structures_departement.csv")
    last = dep[dep["date"] == "2023-12-31"].set_index("code_departement")
    # dep 01: M1, M2 -> 2 / 80,000 x 1e5 = 2.5 ; dep 02: M3 -> 1 / 180,000 x 1e5
    assert last.loc["01", "per_100k"] == pytest.approx(2.5)
    assert last.loc["02", "per_100k"] == pytest.approx(1e5 / 180_000)
    first = dep[dep["date"] == "2018-12-31"].set_index("code_departement")
    assert first.loc["01", "n_structures"] == 1 and first.loc["02", "n_structures"] == 1
    ineq = csv_format.read_csv(out / "inegalites.csv")
    assert set(ineq["comparaison"]) == {"entre régions", "entre départements", "entre départements de la région"}
    acc = csv_format.read_csv(out / "acces_nation.csv")
    # within 20 min of 01001 or 02001 (as of 2023-12-31): 01001, 01002 (10), 02001, 02002 (15) = 215,000
    assert acc.loc[0, "population_within"] == 215_000
    anomalies = csv_format.read_csv(out / "anomalies_msp.csv")
    assert anomalies.set_index("probleme").loc["autre catégorie FINESS (non comptée)", "n_lignes"] == 1  # C1
    assert anomalies.set_index("probleme").loc["code commune inconnu", "valeur"] == "99999"
    res_cds = CliRunner().invoke(
        main,
        [
            "msp",
            "--structures",
            str(files["msp.csv"]),
            "--communes",
            str(files["pop.csv"]),
            "--category",
            "124",
            "--out",
            str(tmp_path / "cds"),
            "--no-progress",
        ],
    )
    assert res_cds.exit_code == 0, res_cds.output
    cds = csv_format.read_csv(tmp_path / "cds" / "structures_nation.csv")
    assert cds.loc[0, "n_structures"] == 1
    res_bad = CliRunner().invoke(
        main,
        [
            "msp",
            "--structures",
            str(files["msp.csv"]),
            "--communes",
            str(files["pop.csv"]),
            "--times",
            str(files["times.csv"]),
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert res_bad.exit_code == 2 and "--max-minutes" in res_bad.output


BAROMETRE = """indic_id,enforce_zone_id,metric_enforce_date,maille,indic_vi,indic_va,indic_vc,indic_ta
IND-311,D01,2017-06-01,DEPT,,4.0,,
IND-311,D03,2017-06-01,DEPT,,1.0,,
IND-311,D02,2017-06-01,DEPT,,9.0,,
IND-311,R84,2017-06-01,REG,,5.0,,
IND-311,R32,2017-06-01,REG,,9.0,,
IND-311,FRANCE,2017-06-01,NAT,,14.0,,
IND-311,D01,2023-12-01,DEPT,8.0,,,
IND-311,D03,2023-12-01,DEPT,,2.0,,
IND-311,D02,2023-12-01,DEPT,,18.0,,
IND-311,R84,2023-12-01,REG,,11.0,,
IND-311,R32,2023-12-01,REG,,18.0,,
IND-311,FRANCE,2023-12-01,NAT,,28.0,,
IND-311,FRANCE,2026-12-01,NAT,,,40.0,
"""


def test_msp_from_barometre(files, tmp_path):
    baro = tmp_path / "ind-311.csv"
    baro.write_text(BAROMETRE, encoding="utf-8")
    pop23 = tmp_path / "pop23.csv"
    pop23.write_text(POP.replace(";30000;0;30000", ";60000;0;60000"), encoding="utf-8")  # 01001 doubles by 2023
    out = tmp_path / "baro"
    res = CliRunner().invoke(
        main,
        [
            "msp",
            "--barometre",
            str(baro),
            "--population",
            f"2016-01-01={files['pop.csv']}",
            "--population",
            f"2023-01-01={pop23}",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    nat = csv_format.read_csv(out / "structures_nation.csv")
    # 2017-06 uses the 2016 vintage (280,000): 14 / 280,000 x 1e5 = 5.0 ;
    # 2023-12 uses 2023 (310,000): 28 / 310,000 x 1e5
    assert nat["per_100k"].tolist() == pytest.approx([5.0, 28 / 310_000 * 1e5])
    dep = csv_format.read_csv(out / "structures_departement.csv")
    d01 = dep[dep["code_departement"] == "01"].set_index("date")
    # 2023-12 value only in indic_vi (initial) -> used: 8 / 110,000 x 1e5
    assert d01.loc["2023-12-01", "per_100k"] == pytest.approx(8 / 110_000 * 1e5)
    check = csv_format.read_csv(out / "controle_departements_regions.csv")
    # region 84 = dep 01 + dep 03: 4 + 1 = 5 (2017) but 8 + 2 = 10 != 11 (2023) -> reported
    assert check.set_index(["code_region", "date"]).loc[("84", "2023-12-01"), "ecart"] == 1.0
    assert "écart" in res.output
    ineq = csv_format.read_csv(out / "inegalites.csv")
    assert set(ineq["comparaison"]) == {"entre régions", "entre départements", "entre départements de la région"}
    bad = CliRunner().invoke(main, ["msp", "--barometre", str(baro), "--out", str(tmp_path / "b2")])
    assert bad.exit_code == 2 and "--population" in bad.output
    both = CliRunner().invoke(
        main, ["msp", "--barometre", str(baro), "--structures", str(files["msp.csv"]), "--out", str(tmp_path / "b3")]
    )
    assert both.exit_code == 2 and "soit --structures, soit --barometre" in both.output


def test_help_documents_formats():
    res = CliRunner().invoke(main, ["cpts", "--help"])
    assert res.exit_code == 0
    assert "id_cpts;nom_cpts;statut;date_signature_aci" in res.output
    assert "REG;DEP;COM;PMUN" in res.output
    res = CliRunner().invoke(main, ["msp", "--help"])
    assert "603 MSP" in res.output and "origin,destination,minutes" in res.output


def test_subprocess_help():
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", "from access_map.cli import main; main()", "cpts", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--signed-only" in proc.stdout
