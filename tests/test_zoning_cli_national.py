"""``access-map zoning`` on the official DREES workbook (national run), and the report / maps writer."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import box, mapping

from access_map import csv_format
from access_map.cli import main
from access_map.errors import AccessMapError
from access_map.zoning import national_zoning
from access_map.zoning_outputs import write_zoning_outputs
from conftest import shared_path

WORKBOOK = ("drees_apl_mg_2022_2023", "apl_generalistes_2022_2023_drees.xlsx")
APPARTENANCE = ("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
MOVEMENTS = ("cog_insee", "mouvements_communes_cog2026.csv.gz")


def read(path):
    return csv_format.read_csv(path)


def test_cli_national_run_from_the_workbook(tmp_path):
    regions = ["01", "02", "03", "04", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]
    caps = tmp_path / "caps.csv"
    caps.write_text("reg;libreg;maxZIP;maxZAC\n" + "".join(f"{r};R{r};30;40\n" for r in regions), encoding="utf-8")
    base = [
        "zoning", "--apl", str(shared_path(*WORKBOOK)), "--apl-year", "2023",
        "--appartenance", str(shared_path(*APPARTENANCE)), "--movements", str(shared_path(*MOVEMENTS)),
        "--rules", "2021",
    ]  # fmt: skip
    # without caps: national selection and vivier only
    res = CliRunner().invoke(main, [*base, "--output-dir", str(tmp_path / "sans")])
    assert res.exit_code == 0, res.output
    sel = read(tmp_path / "sans" / "national_selection.csv").set_index("code_region")
    assert len(sel) == 18 and sel.loc["national", "population"] == pytest.approx(67408052, rel=1e-6)
    # in full, as an integer (not 6.74081e+07), in the CSV and in the report
    raw = (tmp_path / "sans" / "national_selection.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line for line in raw if line.startswith("national;")][0].startswith("national;France entière;67408052;")
    assert "67\u202f408\u202f052" in (tmp_path / "sans" / "rapport.html").read_text(encoding="utf-8")
    assert "national_selection : " in res.output and "vivier : " in res.output
    communes = read(tmp_path / "sans" / "zoning_communes.csv")
    assert len(communes) == 34954 and "zonage" not in communes.columns
    page = (tmp_path / "sans" / "rapport.html").read_text(encoding="utf-8")
    assert "Sélection nationale et vivier, par région" in page and "Sans plafonds régionaux" in page
    # with caps (DREES layout in percent) and a published zoning to compare with
    published = communes.assign(
        zonage=communes["category"].map({"national_selection": "1_ZIP", "vivier": "2_ZAC", "hors_vivier": "3_HZ"})
    )[["code_commune", "zonage"]]
    pub = tmp_path / "published.csv"
    published.to_csv(pub, sep=";", index=False)
    res = CliRunner().invoke(main, [*base, "--caps", str(caps), "--compare-with", str(pub), "--output-dir",
                                    str(tmp_path / "avec")])  # fmt: skip
    assert res.exit_code == 0, res.output
    out = tmp_path / "avec"
    z = read(out / "zoning_communes.csv")
    assert len(z) == 34954 and set(z["zonage"]) <= {"ZIP", "ZAC", "ZV", "HV"}
    cmp = read(out / "comparison_regions.csv").set_index("code_region")
    assert 0 < cmp.loc["national", "kappa_population"] < 1
    assert "Kappa de Cohen" in res.output and "0 règle(s) enfreinte(s)" in res.output
    rules = read(out / "rules.csv").set_index("regle")  # French headers
    assert rules.loc["cross_region", "valeur"] == "la région majoritaire du TVS décide (majority_region)"
    assert rules.loc["cross_region", "libelle"] == "TVS à cheval sur plusieurs régions"
    page = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Comparaison avec le zonage publié" in page and "Plafonds et marge, par région" in page


def test_report_and_maps_from_a_small_run(tmp_path):
    # two regions, three communes, hand-made squares as contours; a commune name that is HTML
    communes = pd.DataFrame(
        {"nom": ["<b>Alpha</b>", "Beta", "Gamma"], "apl_65": [2.0, 3.0, 5.0], "standardised_population": [1.0] * 3,
         "population": [100.0, 300.0, 600.0], "code_region": ["75", "75", "76"]},
        index=pd.Index(["33001", "33002", "24001"], name="code_commune"),
    )  # fmt: skip
    tvs = pd.DataFrame({"code_tvs": ["A", "B", "C"], "libelle_tvs": ["<script>x</script>", "B", "C"]},
                       index=communes.index)  # fmt: skip
    caps = pd.DataFrame({"zip_cap_share": [0.5, 0.5], "zac_cap_share": [0.3, 0.3]},
                        index=pd.Index(["75", "76"], name="code_region"))  # fmt: skip
    n = national_zoning(communes, tvs=tvs, caps=caps)
    geo = tmp_path / "communes.geojson"
    feats = [
        {"type": "Feature", "properties": {"code": c, "nom": c},
         "geometry": mapping(box(-0.6 + i * 0.1, 44.8, -0.5 + i * 0.1, 44.9))}
        for i, c in enumerate(["33001", "33002", "24001"])
    ]  # fmt: skip
    geo.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    from access_map.readers.ign import read_contours

    contours = read_contours(geo)
    written, tables = write_zoning_outputs(n, tmp_path / "out", contours=contours)
    names = sorted(p.relative_to(tmp_path / "out").as_posix() for p in written)
    assert "cartes/zonage_region_75.html" in names and "cartes/zonage_region_76.html" in names
    assert "cartes/zonage_france.png" in names and "rapport.html" in names
    page = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    assert "<script>x</script>" not in page  # labels are data, escaped
    assert "cartes/zonage_region_75.html" in page
    html75 = (tmp_path / "out" / "cartes" / "zonage_region_75.html").read_text(encoding="utf-8")
    assert "intervention prioritaire" in html75
    with pytest.raises(AccessMapError, match=r"fichiers? de sortie déjà présents?.*overwrite=True"):
        write_zoning_outputs(n, tmp_path / "out", contours=contours)
