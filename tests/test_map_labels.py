"""What a map says it draws is what it draws (issue 20, point 3), on a refresh of real files.

Gironde (dep. 33): contours COG 2018, RPPS 2017 (GP sites, activity imputed), populations légales 2016,
DREES standardised population 2016, a TVS composition built at test time from the INSEE table
d'appartenance 2022 (the bassin-de-vie proxy) and caps for region 75; ``max_ages = [0]`` and
``[zoning] max_age = 0`` (the zoning on the all-ages APL), method parameters 2022. Every title, layer,
popup row, figure caption and report line must say « tous âges » and the data's year (2017), and no
« Déploiement de l'exercice coordonné » is written without an MSP or CPTS file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_browser_maps import (  # noqa: F401  (browser: the fixture, shared)
    browser,
    label_boxes,
    open_page,
    overlapping_labels,
    zoom_by,
)

from access_map.cli import main
from access_map.maps.meta import ValueLabel
from conftest import SHARED_DATA, shared_path

DATA = SHARED_DATA


def _tvs_file(path: Path) -> None:
    """TVS of every commune of COG 2018: the bassin-de-vie proxy from the INSEE table d'appartenance 2022."""
    from access_map.cog import read_cog_movements
    from access_map.readers.appartenance import read_appartenance
    from access_map.readers.insee import read_populations_legales
    from access_map.zoning import tvs_from_bassins_de_vie

    pop = read_populations_legales(DATA / "population_legale_insee" / "pop_legales_2016_cog2018_communes.csv.gz")
    app = read_appartenance(DATA / "insee_appartenance_2022" / "table-appartenance-geo-communes-22.csv.gz")
    tvs = tvs_from_bassins_de_vie(
        app,
        population=pop["population_municipale"],
        movements=read_cog_movements(DATA / "cog_insee" / "mouvements_communes_cog2026.csv.gz"),
    )
    tvs[["code_tvs", "libelle_tvs"]].to_csv(path, sep=";")


@pytest.fixture(scope="module")
def gironde(tmp_path_factory):
    for parts in (
        ("communes_geojson_2018", "communes_2018.geojson.gz"),
        ("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"),
        ("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz"),
        ("cog_insee", "departements.csv"),
    ):
        shared_path(*parts)
    tmp = tmp_path_factory.mktemp("labels")
    _tvs_file(tmp / "tvs.csv")
    (tmp / "caps.csv").write_text("code_region;part_max_zip;part_max_zac\n75;0,25;0,40\n", encoding="utf-8")
    config = tmp / "gironde.toml"
    config.write_text(
        f"""name = "gironde"
label = "Gironde — APL médecins généralistes"
departements = ["33"]

[sources]
communes = "{DATA}/communes_geojson_2018/communes_2018.geojson.gz"
chefs_lieux = "{DATA}/chefs_lieux_2020/cheflieu_2020.geojson.gz"
departement_contours = "{DATA}/communes_geojson_2018/departements-avec-outre-mer.geojson.gz"
cog_departements = "{DATA}/cog_insee/departements.csv"
populations = "{DATA}/population_legale_insee/pop_legales_2016_cog2018_communes.csv.gz"
standardised_population = "{DATA}/drees_population_standardisee/population_standardisee_mg.csv.gz"
standardised_population_year = 2016
practitioners = "{DATA}/rpps_gironde_2017/rpps_gironde_2017_mg_neuro.csv"
tvs = "{tmp / "tvs.csv"}"
zoning_caps = "{tmp / "caps.csv"}"

[supply]
impute_acts = true

[[professions]]
name = "medecin_generaliste"
vintage = 2022
max_ages = [0]

[zoning]
rules = "2021"
max_age = 0

[outputs]
directory = "{tmp / "out"}"
maps_directory = "{tmp / "maps"}"
table_formats = ["csv"]
raster = false
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["refresh", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return tmp / "out", tmp / "maps"


def payload(path: Path) -> dict:
    page = path.read_text(encoding="utf-8")
    return json.loads(re.search(r"AccessMap\.render\([^,]+, (\{.*\})\);", page).group(1))


def test_all_ages_values_are_never_labelled_65(gironde):
    out, maps = gironde
    p = payload(maps / "apl_medecin_generaliste.html")
    names = [v["name"] for v in p["views"]]
    # before: the TVS view of the all-ages APL was « APL médecins généralistes, ≤ 65 ans, par TVS »
    assert names == [
        "APL médecins généralistes, tous âges, par commune",
        "APL médecins généralistes, tous âges, par TVS",
    ]
    assert p["views"][1]["subtitle"] == "Toutes tranches d’âge des praticiens, par territoire de vie-santé (TVS)"
    for name in ("apl_medecin_generaliste.html", "zonage.html"):
        rows = [r["label"] for r in payload(maps / name)["popup"]]
        assert "APL tous âges du TVS" in rows and not any("65" in r for r in rows), rows
    zoning = payload(maps / "zonage.html")["views"][0]
    assert zoning["subtitle"] == "Zonage calculé sur l&#x27;APL 2017 (tous âges, par TVS), par commune"
    report = (out / "rapport.html").read_text(encoding="utf-8")
    # before: « Règles du zonage : 2021 (APL ≤ tous âges ans des TVS) »
    assert "Règles du zonage : 2021 (APL tous âges des TVS)." in report and "≤ tous âges" not in report
    captions = re.findall(r"<figcaption><b>Figure \d\.</b> (.*?)\. Sources", report)
    assert ValueLabel("medecin_generaliste", None, "tvs", 2017).caption in captions
    assert "APL tous âges aux médecins généralistes par territoire de vie-santé (TVS) — 2017" in captions
    assert not any("65" in c for c in captions)


def test_titles_carry_the_year_of_the_data_not_of_the_parameters(gironde):
    _, maps = gironde
    for view in payload(maps / "apl_medecin_generaliste.html")["views"]:
        assert view["title"] == "APL aux médecins généralistes — 2017"  # RPPS 2017, parameters 2022
    page = (maps / "apl_medecin_generaliste.html").read_text(encoding="utf-8")
    assert "<title>APL aux médecins généralistes — 2017" in page and "— 2022" not in page


def test_source_line_names_producers_and_vintages(gironde):
    out, maps = gironde
    assert "Sources : ANS, RPPS 2017 ; DREES, population standardisée 2016" in (out / "rapport.html").read_text(
        encoding="utf-8"
    )
    source = payload(maps / "apl_medecin_generaliste.html")["meta"]["source"]
    assert source.startswith("ANS, RPPS 2017 ; DREES, population standardisée 2016 ; INSEE, populations légales 2016")
    assert "IGN, contours des communes 2018" in source and "paramètres 2022" in source
    assert "/" not in source  # no file path


def test_no_deployment_map_without_msp_or_cpts(gironde):
    out, maps = gironde
    assert not (maps / "deploiement.html").exists()
    assert "Déploiement de l'exercice coordonné" not in (out / "rapport.html").read_text(encoding="utf-8")
    assert (maps / "zonage.html").exists()


def test_prefecture_from_the_cog_table_and_largest_communes(gironde):
    _, maps = gironde
    labels = next(o for o in payload(maps / "zonage.html")["overlays"] if o["kind"] == "labels")["points"]
    # Bordeaux (CHEFLIEU of 33) first and flagged as préfecture, then the largest communes
    assert [pt[2] for pt in labels] == ["Bordeaux", "Mérignac", "Pessac"] and [pt[4] for pt in labels] == [
        True, False, False,
    ]  # fmt: skip


@pytest.mark.browser
def test_refresh_map_in_chromium(browser, gironde):  # noqa: F811
    """Bordeaux, Mérignac and Pessac were drawn on top of each other; the popup and source say what is drawn."""
    _, maps = gironde
    state = open_page(browser, maps / "zonage.html")
    page = state["page"]
    try:
        assert state["page_errors"] == [] and state["console_errors"] == [] and state["blocked"] == []
        seen = set()
        for _ in range(4):
            boxes = label_boxes(page)
            assert overlapping_labels(boxes) == []
            seen |= {name for name, _ in boxes}
            zoom_by(page, 1)
        assert {"Bordeaux", "Mérignac", "Pessac"} <= seen  # each drawn where it overlaps no other name
        page.fill(".am-search input", "Bordeaux")
        page.locator(".am-hit", has_text="(33063)").click()
        popup = page.locator(".am-popup").inner_text()
        assert "APL médecins généralistes, tous âges" in popup and "APL tous âges du TVS" in popup
        assert "Zonage calculé" in popup and "≤ 65" not in popup
        source = page.locator(".am-source").inner_text()
        assert "DREES" in source and "INSEE" in source and "RPPS 2017" in source
    finally:
        page.close()
