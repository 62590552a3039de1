"""The atlas of the published DREES APL (the refresh's publish entry), checked on the real workbook.

Every area figure is recomputed here independently, with pandas, from the workbook read by
``pandas.read_excel`` (not by the package's reader) and the COG department table: the mean APL weighted by
the standardised population, the people under 2.5 and 4 counted with the total population (the
workbook's own notes), the change from the 2022 sheet to the 2023 sheet and the communes crossing a
threshold, the department against its region and France.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from access_map.communes import merge_plm_arrondissements
from conftest import shared_path

WORKBOOK = ("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")


def _raw_sheet(year: int) -> pd.DataFrame:
    """The sheet read by pandas alone: header row found by its first cell, units row and notes dropped."""
    raw = pd.read_excel(shared_path(*WORKBOOK), sheet_name=f"APL {year}", header=None, dtype=object)
    at = int(np.flatnonzero(raw[0].astype(str).str.startswith("Code commune"))[0])
    body = raw.iloc[at + 2 :, :6]
    body.columns = ["code", "nom", "apl", "apl_65", "std", "pop"]
    body = body[body["code"].astype(str).str.fullmatch(r"[0-9AB]{5}")]
    out = body.set_index("code").astype({"apl": float, "apl_65": float, "std": float, "pop": float})
    out["dep"] = [c[:3] if c.startswith("97") else c[:2] for c in out.index]
    deps = pd.read_csv(shared_path("cog_insee", "departements.csv"), dtype=str).set_index("DEP")
    out["reg"] = out["dep"].map(deps["REG"])
    return out


@pytest.fixture(scope="module")
def raw() -> dict[int, pd.DataFrame]:
    return {y: _raw_sheet(y) for y in (2022, 2023)}


@pytest.fixture(scope="module")
def published():
    from access_map.atlas.inputs import published_apl
    from access_map.cog import read_cog_movements
    from access_map.readers.appartenance import read_appartenance
    from access_map.readers.insee import read_cog_departements, read_cog_regions

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return published_apl(
            shared_path(*WORKBOOK),
            departement_table=read_cog_departements(shared_path("cog_insee", "departements.csv")),
            region_table=read_cog_regions(shared_path("cog_insee", "regions.csv")),
            appartenance=read_appartenance(
                shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
            ),
            movements=read_cog_movements(shared_path("cog_insee", "mouvements_communes_cog2026.csv.gz")),
        )


def _expected(frame: pd.DataFrame, col: str) -> dict[str, float]:
    """The DREES aggregation, by hand: APL weighted by the standardised population, counts on total population."""
    pop = frame["pop"].sum()
    return {
        "apl": float((frame[col] * frame["std"]).sum() / frame["std"].sum()),
        "le_2_5": float(frame.loc[frame[col] <= 2.5, "pop"].sum()),
        "le_4": float(frame.loc[frame[col] <= 4.0, "pop"].sum()),
        "share_le_2_5": float(frame.loc[frame[col] <= 2.5, "pop"].sum() / pop),
    }


@pytest.mark.parametrize("selection", [{"regions": ["75"]}, {"departements": ["33"]}])
def test_area_values_are_the_drees_aggregation_of_the_workbook(published, raw, selection):
    from access_map.atlas.tables import atlas_tables

    tables = atlas_tables(published, **selection)
    r = raw[2023]
    cases = [("atlas_france", "FR", r), ("atlas_regions", "75", r[r["reg"] == "75"]),
             ("atlas_departements", "33", r[r["dep"] == "33"])]  # fmt: skip
    for table, code, frame in cases:
        row = tables[table].loc[code]
        assert int(row["communes"]) == len(frame)
        assert float(row["population"]) == pytest.approx(frame["pop"].sum())
        for col in ("apl", "apl_65"):
            exp = _expected(frame, col)
            assert float(row[col]) == pytest.approx(exp["apl"], rel=1e-12)
            assert float(row[f"population_{col}_le_2_5"]) == pytest.approx(exp["le_2_5"])
            assert float(row[f"population_{col}_le_4"]) == pytest.approx(exp["le_4"])
            assert float(row[f"part_{col}_le_2_5"]) == pytest.approx(exp["share_le_2_5"])
    assert tables["atlas_regions"].loc["75", "nom"] == "Nouvelle-Aquitaine"
    assert tables["atlas_departements"].loc["33", ["nom", "nom_region"]].tolist() == ["Gironde", "Nouvelle-Aquitaine"]
    # the territory asked for, as one area
    inside = r[r["reg"] == "75"] if "regions" in selection else r[r["dep"] == "33"]
    assert float(tables["atlas_territoire"]["apl_65"].iloc[0]) == pytest.approx(_expected(inside, "apl_65")["apl"])


def test_department_is_compared_with_its_whole_region_and_france(published, raw):
    from access_map.atlas.tables import atlas_tables

    ref = atlas_tables(published, departements=["33"])["comparaison_territoires"]
    r = raw[2023]
    dep, reg = _expected(r[r["dep"] == "33"], "apl_65"), _expected(r[r["reg"] == "75"], "apl_65")
    france = _expected(r, "apl_65")
    row = ref.loc["33"]
    assert float(row["apl_65_region"]) == pytest.approx(reg["apl"])  # the whole region, not only Gironde
    assert float(row["ecart_apl_65_region"]) == pytest.approx(dep["apl"] - reg["apl"])
    assert float(row["ecart_apl_65_france"]) == pytest.approx(dep["apl"] - france["apl"])
    assert float(ref.loc["75", "ecart_apl_65_france"]) == pytest.approx(reg["apl"] - france["apl"])


def test_change_from_2022_to_2023_and_the_communes_crossing_a_threshold(published, raw):
    from access_map.atlas.tables import atlas_tables

    tables = atlas_tables(published, departements=["33"])
    before, after = raw[2022], raw[2023]
    both = after[after["dep"] == "33"].index.intersection(before.index)
    change = tables["evolution_communes"]
    assert sorted(change.index) == sorted(both)
    delta = after.loc[both, "apl_65"] - before.loc[both, "apl_65"]
    assert np.allclose(change.loc[both, "evolution_apl_65"], delta)
    down = both[(before.loc[both, "apl_65"] > 2.5) & (after.loc[both, "apl_65"] <= 2.5)]
    up = both[(before.loc[both, "apl_65"] <= 4) & (after.loc[both, "apl_65"] > 4)]
    assert len(down) > 0 and len(up) > 0
    assert set(change.index[change["franchissement_apl_65"].str.endswith("→ APL ≤ 2,5")]) == set(down)
    assert set(change.index[change["franchissement_apl_65"].str.endswith("→ APL > 4")]) == set(up)
    areas = tables["evolution_territoires"]
    dep = areas[areas["niveau"] == "département"].loc["33"]
    assert int(dep["communes_apl_65_passent_sous_2_5"]) == len(down)
    assert float(dep["population_apl_65_passent_sous_2_5"]) == pytest.approx(after.loc[down, "pop"].sum())
    # each vintage's department value from its own communes
    old, new = _expected(before[before["dep"] == "33"], "apl_65"), _expected(after[after["dep"] == "33"], "apl_65")
    assert float(dep["evolution_apl_65"]) == pytest.approx(new["apl"] - old["apl"])


def test_paris_lyon_marseille_arrondissements_merge_into_their_city_weighted_by_standardised_population(raw):
    r = raw[2023]
    paris = r[r.index.str.startswith("751")]
    table = r[["apl_65", "std", "pop"]].rename(columns={"std": "standardised_population", "pop": "population"})
    merged = merge_plm_arrondissements(
        table, weighted={"apl_65": "standardised_population"}, summed=["standardised_population", "population"]
    )
    assert len(paris) == 20 and not merged.index.str.startswith(("751", "6938", "132")).any()
    assert float(merged.loc["75056", "apl_65"]) == pytest.approx(
        (paris["apl_65"] * paris["std"]).sum() / paris["std"].sum()
    )
    assert float(merged.loc["75056", "population"]) == paris["pop"].sum()
    assert merged.attrs["plm_merged"]["13055"][0] == "13201"


@pytest.fixture(scope="module")
def gironde_run(tmp_path_factory):
    """The published entry of the refresh on Gironde, from the files in ../shared/data alone."""
    from access_map.config import parse_config
    from access_map.refresh import run_refresh

    root = tmp_path_factory.mktemp("atlas33")
    data = shared_path()
    cfg = parse_config(
        {
            "name": "gironde",
            "label": "Gironde — APL publiée par la DREES",
            "departements": ["33"],
            "sources": {
                "drees_apl": str(data / "drees_apl_mg_2022_2023" / "apl_generalistes_2022_2023_drees.xlsx"),
                "communes": str(data / "communes_geojson_2018" / "communes_2018.geojson.gz"),
                "appartenance": str(data / "insee_appartenance_2022" / "table-appartenance-geo-communes-22.csv.gz"),
                "cog_departements": str(data / "cog_insee" / "departements.csv"),
                "cog_regions": str(data / "cog_insee" / "regions.csv"),
                "cog_movements": str(data / "cog_insee" / "mouvements_communes_cog2026.csv.gz"),
            },
            "outputs": {"directory": str(root / "out"), "maps_directory": str(root / "maps"), "raster": False,
                        "table_formats": ["csv", "gpkg"]},
        },
        base_dir=root,
    )  # fmt: skip
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        result = run_refresh(cfg)
    return result


def read_csv(path: Path, *, index_col: str) -> pd.DataFrame:
    """A refresh table, whichever CSV convention wrote it (``;`` and decimal comma, or ``,``)."""
    from access_map import csv_format

    head = path.read_text(encoding="utf-8-sig").splitlines()[0]
    if ";" in head:
        return csv_format.read_csv(path, index_col=index_col)
    return pd.read_csv(path, dtype={index_col: str, "code_region": str, "code_departement": str}).set_index(index_col)


def test_refresh_publishes_the_atlas_without_a_practitioner_file(gironde_run, raw):
    out = gironde_run.output_dir
    for name in ("atlas_communes", "atlas_tvs", "atlas_departements", "atlas_regions", "atlas_france",
                 "comparaison_territoires", "evolution_communes", "evolution_territoires"):  # fmt: skip
        assert (out / f"{name}.csv").exists(), name
    deps = read_csv(out / "atlas_departements.csv", index_col="code_departement")
    assert deps.loc["33", "nom_region"] == "Nouvelle-Aquitaine"
    r = raw[2023]
    assert float(deps.loc["33", "apl_65"]) == pytest.approx(_expected(r[r["dep"] == "33"], "apl_65")["apl"], rel=1e-9)
    page = (out / "rapport.html").read_text(encoding="utf-8")
    assert "publiée par la DREES" in page and "Évolution 2022 → 2023" in page and "Nouvelle-Aquitaine" in page
    assert "Temps de trajet" not in page  # nothing was computed
    maps = {p.name for p in gironde_run.maps_dir.iterdir()}
    assert {"apl_medecin_generaliste.html", "apl_medecin_generaliste_tvs.png",
            "apl_medecin_generaliste_evolution.png"} <= maps  # fmt: skip
    html = (gironde_run.maps_dir / "apl_medecin_generaliste.html").read_text(encoding="utf-8")
    assert "Évolution de l&#x27;APL" in html or "Évolution de l'APL" in html
    assert "APL médecins généralistes, ≤ 65 ans, par TVS" in html
    # Bordeaux drawn with its published value (no hole), the commune table the workbook's own
    communes = read_csv(out / "apl_communes.csv", index_col="code_commune")
    assert float(communes.loc["33063", "medecin_generaliste__apl_65"]) == pytest.approx(r.loc["33063", "apl_65"])


def test_the_run_geopackage_carries_its_qgis_styles(gironde_run):
    import pyogrio

    from access_map.geopackage import read_layer_styles

    path = gironde_run.output_dir / "gironde.gpkg"
    layers = {str(n) for n, _ in pyogrio.list_layers(path)}
    assert {"communes", "tvs", "layer_styles"} <= layers
    communes = pyogrio.read_dataframe(path, layer="communes")
    assert {"medecin_generaliste__apl_65", "apl_65_tvs", "evolution_apl_65", "code_tvs"} <= set(communes.columns)
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT f_table_name, styleName, useAsDefault, styleQML FROM layer_styles").fetchall()
        contents = db.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchall()
    assert contents == [("attributes",)]
    defaults = {t: n for t, n, d, _ in rows if d}
    assert defaults == {"communes": "APL tous âges (commune)", "tvs": "APL ≤ 65 ans du TVS (seuils du zonage)"}
    tvs_qml = next(q for t, n, d, q in rows if t == "tvs" and d)
    # the official classes and colours of the HTML map's TVS view
    assert 'label="inférieure à 2,5"' in tvs_qml and "240,59,32,255" in tvs_qml
    assert len(read_layer_styles(path)) == len(rows)
    if shutil.which("ogrinfo"):
        info = subprocess.run(["ogrinfo", "-ro", "-so", str(path)], capture_output=True, text=True, check=True).stdout
        assert "communes" in info and "tvs" in info
