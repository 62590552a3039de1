"""``access-map cpts --barometre`` and ``msp --barometre`` on the real files: tables, maps and the chart per region.

The chain runs on ``../shared/data`` (Baromètre, populations légales 2021 and 2023, IGN department and region
contours). Expected figures are read from the raw files with plain pandas: the published CPTS coverage of France in
May 2024 (86.1 %), the published regional values of December 2023, the 2,501 MSP of December 2023. The maps are
checked through the data they embed (the territory layer's JSON), and the chart through the data it draws.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main
from conftest import shared_path


def _population_args() -> list[str]:
    args = []
    for year, name in ((2021, "pop_legales_2021_cog2023.csv.gz"), (2023, "pop_legales_2023_cog2025.csv.gz")):
        args += ["--population", f"{year}-01-01={shared_path('population_legale_insee', name)}"]
    return args


def _contour_args() -> list[str]:
    folder = "communes_geojson_2018"
    return ["--departements-contours", str(shared_path(folder, "departements-avec-outre-mer.geojson.gz")),
            "--regions-contours", str(shared_path(folder, "regions-avec-outre-mer.geojson.gz"))]  # fmt: skip


def _raw(name: str) -> pd.DataFrame:
    raw = pd.read_csv(shared_path("barometre_ditp_sante", name), dtype=str)
    raw["value"] = pd.to_numeric(raw["indic_va"]).fillna(pd.to_numeric(raw["indic_vi"]))
    raw["code"] = raw["enforce_zone_id"].str[1:]
    return raw.dropna(subset=["value"])


def _map_payload(path: Path) -> dict:
    page = path.read_text(encoding="utf-8")
    return json.loads(re.search(r"AccessMap\.render\([^,]+, (\{.*\})\);", page).group(1))


@pytest.fixture(scope="module")
def cpts_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cpts_barometre")
    res = CliRunner().invoke(
        main,
        ["cpts", "--barometre", str(shared_path("barometre_ditp_sante", "ind-589.csv")), *_population_args(),
         *_contour_args(), "--out", str(out), "--no-progress"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return out, res.output


def test_cpts_barometre_tables_hold_the_published_and_rebuilt_values(cpts_run):
    out, output = cpts_run
    raw = _raw("ind-589.csv")
    nat = csv_format.read_csv(out / "couverture_nation.csv").set_index("date")
    published = raw[(raw["maille"] == "NAT") & (raw["metric_enforce_date"] == "2024-05-01")]["value"].iloc[0]
    assert nat.loc["2024-05-01", "valeur"] == published == 86.1
    assert nat.loc["2024-05-01", "source"] == "publiée"
    assert abs(nat.loc["2024-05-01", "ecart_reconstituee_publiee"]) < 0.5  # France rebuilt from its departments
    assert "86,1 % de la population en mai 2024" in output
    reg = csv_format.read_csv(out / "couverture_region.csv", text_columns=["departements_manquants"])
    assert reg["nom_region"].eq("Nouvelle-Aquitaine").any()  # names from the region contours
    dec = reg[reg["date"] == "2023-12-01"].set_index("code_region")
    raw_dec = raw[(raw["maille"] == "REG") & (raw["metric_enforce_date"] == "2023-12-01")].set_index("code")["value"]
    assert dec["valeur_publiee"].to_dict() == raw_dec.to_dict()
    assert (dec["valeur"] == dec["valeur_publiee"]).all() and set(dec["source"]) == {"publiée"}
    assert dec["ecart_reconstituee_publiee"].abs().max() <= 1.0
    # May 2024: no regional value published; every region with departments in the table is rebuilt, and says so
    may = reg[reg["date"] == "2024-05-01"].set_index("code_region")
    assert may["valeur_publiee"].isna().all()
    assert set(may["source"]) == {"reconstituée à partir des départements"}
    assert may.loc["27", "departements_manquants"] == "90" and 0.04 < may.loc["27", "part_population_manquante"] < 0.06
    # covered population = rate × population of the vintage in force (2023)
    row = may.loc["75"]
    assert row["date_population"] == "2023-01-01"
    assert row["population_couverte"] == pytest.approx(row["valeur"] / 100 * row["population"])
    assert "écart moyen" in output and "au plus" in output
    dep = csv_format.read_csv(out / "couverture_departement.csv")
    d33 = dep[(dep["code_departement"] == "33") & (dep["date"] == "2024-05-01")]
    raw33 = raw[(raw["code"] == "33") & (raw["metric_enforce_date"] == "2024-05-01")]["value"].iloc[0]
    assert d33["valeur"].iloc[0] == raw33 and d33["nom_departement"].iloc[0] == "Gironde"


def test_cpts_barometre_says_the_levels_have_different_latest_dates(cpts_run):
    out, output = cpts_run
    seam = "régions : décembre 2023"
    assert seam in output  # on the console
    anomalies = csv_format.read_csv(out / "anomalies_cpts.csv")
    assert anomalies["valeur"].str.contains(seam).any()  # and in the run's table of warnings
    assert anomalies["valeur"].str.contains("région 27 en mai 2024 sans 90").any()


def test_cpts_barometre_maps_draw_the_regions_at_the_departments_date(cpts_run):
    out, _ = cpts_run
    regions = _map_payload(out / "carte_couverture_regions.html")
    view = regions["views"][0]
    assert view["title"] == "Population couverte par une CPTS, par région — mai 2024"
    caption = regions["meta"]["caption"]
    assert "reconstituées à partir de leurs départements" in caption
    assert "dernière valeur régionale publiée : décembre 2023" in caption
    assert "DITP" in regions["meta"]["source"] and "populations légales 2021 et 2023" in regions["meta"]["source"]
    values = dict(zip(regions["table"]["code"], view["values"], strict=True))
    table = csv_format.read_csv(out / "couverture_region.csv")
    may = table[table["date"] == "2024-05-01"].set_index("code_region")["valeur"]
    for code, value in may.items():
        assert values[code] == pytest.approx(value, abs=0.05)  # the map carries one decimal
    deps = _map_payload(out / "carte_couverture_departements.html")
    d = dict(zip(deps["table"]["code"], deps["views"][0]["values"], strict=True))
    raw = _raw("ind-589.csv")
    may_raw = raw[(raw["maille"] == "DEPT") & (raw["metric_enforce_date"] == "2024-05-01")].set_index("code")["value"]
    assert {k: d[k] for k in may_raw.index} == may_raw.to_dict()
    assert d["90"] is None  # Territoire de Belfort: no value in May 2024, drawn as missing
    # a coverage rate: classes in percent of the population, not relative to the reference
    assert (
        deps["views"][0]["labels"][0] == "moins de 50\u202f%"
        and deps["views"][0]["legend"]["unit"] == "% de la population"
    )
    assert regions["views"][0]["labels"][-1].startswith("95")
    assert '<script src="http' not in (out / "carte_couverture_regions.html").read_text(encoding="utf-8")  # offline


def test_cpts_barometre_chart_draws_every_region(cpts_run):
    from PIL import Image

    out, _ = cpts_run
    with Image.open(out / "evolution_couverture_regions.png") as image:
        width, height = image.size
    assert 1.35 < width / height < 1.48  # A4 landscape


def test_chart_data_and_date_ticks():
    from access_map.barometre.charts import _date_ticks
    from access_map.barometre.products import barometre_products, chart_panels
    from access_map.readers.barometre import read_barometre
    from access_map.territory import read_commune_table

    with pytest.warns(UserWarning):
        table = read_barometre(shared_path("barometre_ditp_sante", "ind-589.csv"))
        vintages = {
            "2023-01-01": read_commune_table(shared_path("population_legale_insee", "pop_legales_2023_cog2025.csv.gz"))
        }
        products = barometre_products(table, "IND-589", vintages=vintages)
    panels, reference = chart_panels(products)
    raw = _raw("ind-589.csv")
    na = panels[panels["code"] == "75"].set_index("date")
    raw75 = raw[(raw["maille"] == "REG") & (raw["code"] == "75")].set_index("metric_enforce_date")["value"]
    assert na["published"].dropna().tolist() == raw75.tolist()  # 54, 73, 79
    assert na["rebuilt"].notna().sum() == 4  # every department date, May 2024 included
    assert reference is not None and reference[pd.Timestamp("2024-05-01")] == 86.1
    ticks, labels = _date_ticks(pd.DatetimeIndex(sorted(panels["date"].unique())))
    assert labels[-1] == "mai 2024" and len(labels) == len(set(labels))
    gaps = np.diff([t.value for t in ticks])
    assert (gaps >= (ticks[-1] - ticks[0]).value / 3.5 - 1).all()  # labels far enough apart not to overlap
    years, year_labels = _date_ticks(pd.date_range("2017-06-01", "2023-12-01", freq="6MS"))
    assert year_labels == ["2018", "2020", "2022"]


def test_msp_barometre_maps_and_chart_per_100k(tmp_path):
    out = tmp_path / "msp"
    res = CliRunner().invoke(
        main,
        ["msp", "--barometre", str(shared_path("barometre_ditp_sante", "ind-311.csv")), *_population_args(),
         *_contour_args(), "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    products = {"carte_structures_departements.html", "carte_structures_regions.html",
                "evolution_structures_regions.png", "anomalies_msp.csv"}  # fmt: skip
    assert products <= {p.name for p in out.iterdir()}
    regions = _map_payload(out / "carte_structures_regions.html")
    assert regions["views"][0]["title"].endswith("par région — décembre 2023")
    assert "Valeurs publiées de décembre 2023 pour toutes les régions" in regions["meta"]["caption"]
    # MSP per 100,000 in Nouvelle-Aquitaine, December 2023: published count / population municipale 2023
    raw = _raw("ind-311.csv")
    n75 = raw[(raw["maille"] == "REG") & (raw["code"] == "75") & (raw["metric_enforce_date"] == "2023-12-01")]
    pop = pd.read_csv(shared_path("population_legale_insee", "pop_legales_2023_cog2025.csv.gz"), sep=";", dtype=str)
    pop75 = pop.loc[pop["REG"] == "75", "PMUN"].astype(float).sum()
    values = dict(zip(regions["table"]["code"], regions["views"][0]["values"], strict=True))
    assert values["75"] == pytest.approx(n75["value"].iloc[0] / pop75 * 1e5, abs=0.005)  # two decimals on the map
    nat = raw[(raw["maille"] == "NAT") & (raw["metric_enforce_date"] == "2023-12-01")]["value"].iloc[0]
    assert nat == 2501.0
    assert "pour 100 000 hab." in res.output


# --------------------------------------------------------------------------- options that do not apply
BAROMETRE_HEADER = "indic_id,enforce_zone_id,metric_enforce_date,maille,indic_vi,indic_va,indic_vc,indic_ta\n"


@pytest.fixture()
def small(tmp_path):
    baro = tmp_path / "ind-589.csv"
    baro.write_text(BAROMETRE_HEADER + "IND-589,D01,2024-05-01,DEPT,,50.0,,\nIND-589,FRANCE,2024-05-01,NAT,,50.0,,\n",
                    encoding="utf-8")  # fmt: skip
    pop = tmp_path / "pop.csv"
    pop.write_text("REG;DEP;COM;PMUN;PCAP;PTOT\n84;01;01001;1000;0;1000\n", encoding="utf-8")
    return baro, pop


@pytest.mark.parametrize(
    ("extra", "pattern"),
    [
        (["--signed-only"], "ne s’appliquent pas avec --barometre : --signed-only"),
        (["--departement", "33"], "ne s’appliquent pas avec --barometre : --departement"),
        (["--target", "90"], "--target"),
    ],
)
def test_cpts_barometre_refuses_options_that_do_not_apply(small, tmp_path, extra, pattern):
    baro, pop = small
    res = CliRunner().invoke(
        main,
        ["cpts", "--barometre", str(baro), "--population", f"2023-01-01={pop}", *extra, "--out", str(tmp_path / "o")],
    )
    assert res.exit_code == 2 and pattern in res.output, res.output


def test_barometre_options_are_refused_with_a_list(small, tmp_path):
    baro, pop = small
    cpts = tmp_path / "cpts.csv"
    cpts.write_text("id_cpts;nom_cpts;statut;date_signature_aci;code_commune\nC1;X;projet;;01001\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["cpts", "--cpts", str(cpts), "--communes", str(pop), "--population", f"2023-01-01={pop}",
               "--out", str(tmp_path / "o")]
    )  # fmt: skip
    assert res.exit_code == 2 and "ne s’appliquent qu’avec --barometre : --population" in res.output
    res = CliRunner().invoke(main, ["cpts", "--barometre", str(baro), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 2 and "au moins un --population" in res.output
    msp = CliRunner().invoke(main, ["msp", "--barometre", str(baro), "--population", f"2023-01-01={pop}",
                                    "--out", str(tmp_path / "o3")])  # fmt: skip
    assert msp.exit_code == 2 and "ne contient pas l'indicateur IND-311" in msp.output
    assert "pour IND-589, utilisez access-map cpts --barometre" in msp.output


def test_cpts_barometre_small_file_by_hand(small, tmp_path):
    baro, pop = small
    out = tmp_path / "o"
    res = CliRunner().invoke(main, ["cpts", "--barometre", str(baro), "--population", f"2023-01-01={pop}",
                                    "--out", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    reg = csv_format.read_csv(out / "couverture_region.csv")
    # region 84 = department 01 alone: 50 %, 1,000 inhabitants, 500 covered
    assert reg[["code_region", "valeur", "population", "population_couverte"]].values.tolist() == [
        ["84", 50, 1000, 500]
    ]
    again = CliRunner().invoke(main, ["cpts", "--barometre", str(baro), "--population", f"2023-01-01={pop}",
                                      "--out", str(out)])  # fmt: skip
    assert again.exit_code != 0 and "--overwrite" in again.output  # existing files are never replaced silently


def test_cpts_and_msp_barometre_write_into_one_folder_without_replacing_each_other(small, tmp_path):
    """Each command names its maps, chart and anomalies after what it draws: neither needs ``--overwrite``."""
    baro, pop = small
    msp = tmp_path / "ind-311.csv"
    msp.write_text(BAROMETRE_HEADER + "IND-311,D01,2024-05-01,DEPT,,3,,\nIND-311,FRANCE,2024-05-01,NAT,,3,,\n",
                   encoding="utf-8")  # fmt: skip
    out = tmp_path / "o"
    for command, path in (("cpts", baro), ("msp", msp)):
        res = CliRunner().invoke(main, [command, "--barometre", str(path), "--population", f"2023-01-01={pop}",
                                        "--out", str(out)])  # fmt: skip
        assert res.exit_code == 0, res.output
    names = {p.name for p in out.iterdir()}
    assert {"anomalies_cpts.csv", "anomalies_msp.csv", "evolution_couverture_regions.png",
            "evolution_structures_regions.png", "couverture_region.csv", "structures_region.csv"} <= names  # fmt: skip
    assert not [n for n in names if n.startswith(".")]  # no staging folder, lock or journal left
