"""Text from input files is data: Jinja2 template syntax in any name never runs, never breaks a map.

branca renders each folium element's output a second time as a Jinja2 template, so a commune name
``{{7*7}}`` used to show "49" and a crafted name created a folder on the analyst's machine. These
tests put payloads in every text field that reaches a map or the report, through the Python API,
the CLI and the refresh, and check that

* no file or folder appears (the payload would create ``PWNED_BY_NAME`` in the working directory),
* the text is in the HTML as escaped data (``&#123;&#123;7*7&#125;&#125;``), never evaluated ("49"),
* no template error occurs (a quote inside ``{{ }}`` used to raise ``TemplateSyntaxError``).

The browser test (``test_browser_maps.py``) shows the same payloads literally in Chromium.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from test_maps_fixtures import grid_territory, hostile_demo_files

from access_map.cli import main
from access_map.maps import (
    apl_map,
    cpts_map,
    deployment_map,
    msp_map,
    save_map,
    summary_map,
    zoning_map,
)
from access_map.maps.styles import esc

MARKER = "PWNED_BY_NAME"
#: Payloads: arithmetic, code execution (mkdir in the working directory), a syntax error, a statement, a comment.
EVAL = "{{7*7}}"
EXEC = "{{ cycler.__init__.__globals__.os.mkdir(dict(" + MARKER + "=1)|first) }}"
BROKEN = "{{ \"a' }}"
STATEMENT = "{% for x in range(3) %}X{% endfor %}"
COMMENT = "avant{# caché #}après"
PAYLOADS = [EVAL, EXEC, BROKEN, STATEMENT, COMMENT]


def shown_as_data(page: str, text: str) -> bool:
    """The page holds ``text`` in the escaped form of :func:`esc` (what the browser shows as ``text``).

    JSON string escapes (``\\u0026`` for ``&``, ``\\u00e9`` for ``é`` in folium's ``tojson``) are decoded
    first.
    """
    decoded = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)
    return esc(text) in decoded


def hostile_territory():
    terr = grid_territory()
    communes = terr.communes.copy()
    for i, payload in enumerate(PAYLOADS):
        communes.iloc[10 + i, communes.columns.get_loc("nom")] = payload
    cpts = terr.cpts.copy()
    cpts.loc[cpts["id_cpts"] == "C1", "nom_cpts"] = EXEC + " " + BROKEN
    cpts.loc[cpts["id_cpts"] == "C2", "nom_cpts"] = EVAL + " " + STATEMENT
    msp = terr.msp.copy()
    msp["nom"] = [EXEC, BROKEN, EVAL, STATEMENT, COMMENT]
    return terr, communes, cpts, msp


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_safe(page: str, root: Path, texts: list[str]) -> None:
    assert not (root / MARKER).exists(), "a name was executed as a template (folder created)"
    assert not list(Path.cwd().glob(MARKER + "*"))
    for text in texts:
        assert shown_as_data(page, text), f"{text!r} is not shown literally"
    assert ">49<" not in page and " 49<" not in page


def test_payload_would_run_without_neutralisation(in_tmp: Path) -> None:
    """Control: folium itself evaluates a raw name, so the tests below can fail."""
    g = gpd.GeoDataFrame({"nom": [EVAL]}, geometry=gpd.points_from_xy([2.0], [46.0]).buffer(0.1), crs=4326)
    m = folium.Map(tiles=None)
    folium.GeoJson(g, tooltip=folium.GeoJsonTooltip(fields=["nom"])).add_to(m)
    assert "49" in m.get_root().render() and EVAL not in m.get_root().render()


def test_every_map_of_the_python_api_keeps_names_as_data(in_tmp: Path) -> None:
    terr, communes, cpts, msp = hostile_territory()
    deps = communes.dissolve(by="code_departement")[["geometry"]]
    deps["nom"] = EXEC
    rate = pd.Series([3.2], index=deps.index)
    common = {"basemap": None, "caption": EVAL + " " + EXEC, "source": BROKEN + " " + STATEMENT}
    maps = {
        "apl": apl_map(communes, terr.apl, title=EXEC, layer_name=STATEMENT, **common),
        "zoning": zoning_map(communes, terr.zonage, title=BROKEN, layer_name=EVAL, **common),
        "cpts": cpts_map(communes, cpts, title=COMMENT, **common),
        "msp": msp_map(msp, communes_gdf=communes, title=EVAL, **common),
        "summary": summary_map(deps, rate, indicator_label=EXEC + BROKEN, unit=EVAL, **common),
        "deployment": deployment_map(communes, apl=terr.apl, zonage=terr.zonage, cpts_long=cpts, msp_gdf=msp, **common),
    }
    for name, m in maps.items():
        path = save_map(m, in_tmp / f"{name}.html", self_contained=True, basemap=False)
        page = path.read_text(encoding="utf-8")
        expected = [EVAL + " " + EXEC, BROKEN + " " + STATEMENT]
        if name in ("apl", "zoning", "deployment"):
            expected += PAYLOADS
        if name in ("cpts", "deployment"):
            expected += [EXEC + " " + BROKEN, EVAL + " " + STATEMENT]
        if name in ("msp", "deployment"):
            expected += PAYLOADS
        assert_safe(page, in_tmp, expected)


def test_jupyter_repr_keeps_names_as_data(in_tmp: Path) -> None:
    """Notebooks display maps through ``_repr_html_``: the same rendering path."""
    terr, communes, _, _ = hostile_territory()
    page = html.unescape(apl_map(communes, terr.apl, basemap=None)._repr_html_())
    assert not (in_tmp / MARKER).exists()
    assert shown_as_data(page, EXEC)


@pytest.fixture
def hostile_files(tmp_path: Path) -> Path:
    terr, communes, cpts, msp = hostile_territory()
    d = tmp_path / "entrees"
    d.mkdir()
    communes.reset_index().to_file(d / "communes.gpkg", layer="commune", driver="GPKG")
    terr.apl.rename("apl").rename_axis("code_commune").reset_index().to_csv(d / "apl.csv", sep=";", index=False)
    terr.zonage.rename("zonage").rename_axis("code_commune").reset_index().to_csv(
        d / "zonage.csv", sep=";", index=False
    )
    cpts = cpts.rename(columns={"date_signature": "date_signature_aci"})
    cpts["date_signature_aci"] = cpts["date_signature_aci"].dt.strftime("%d/%m/%Y")
    cpts.to_csv(d / "cpts.csv", sep=";", index=False)
    msp.to_file(d / "msp.gpkg", driver="GPKG")
    return d


@pytest.mark.parametrize("kind", ["apl", "zoning", "cpts", "msp", "deployment"])
def test_cli_map_keeps_names_as_data(hostile_files: Path, in_tmp: Path, kind: str) -> None:
    d = hostile_files
    args = {
        "apl": ["--values", str(d / "apl.csv")],
        "zoning": ["--values", str(d / "zonage.csv")],
        "cpts": ["--cpts", str(d / "cpts.csv")],
        "msp": ["--msp", str(d / "msp.gpkg")],
        "deployment": [
            "--values",
            str(d / "apl.csv"),
            "--zonage",
            str(d / "zonage.csv"),
            "--cpts",
            str(d / "cpts.csv"),
            "--msp",
            str(d / "msp.gpkg"),
        ],
    }[kind]
    out = in_tmp / f"{kind}.html"
    res = CliRunner().invoke(
        main,
        [
            "map",
            kind,
            "--communes",
            str(d / "communes.gpkg"),
            *args,
            "-o",
            str(out),
            "--self-contained",
            "--no-basemap",
        ],
    )
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    expected = {
        "apl": PAYLOADS,
        "zoning": PAYLOADS,
        "cpts": [EXEC + " " + BROKEN],
        "msp": PAYLOADS,
        "deployment": PAYLOADS,
    }[kind]
    assert_safe(page, in_tmp, expected)


def test_refresh_keeps_names_and_labels_as_data(in_tmp: Path) -> None:
    """Refresh from files with hostile commune, CPTS and MSP names and a hostile configuration label."""
    from access_map.config import parse_config
    from access_map.refresh import run_refresh

    files = hostile_demo_files(in_tmp, PAYLOADS, EXEC + " ")
    cfg = parse_config(
        {
            "name": "hostile",
            "label": EXEC + " " + BROKEN,
            "sources": files,
            "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
            "outputs": {
                "directory": str(in_tmp / "out"),
                "maps_directory": str(in_tmp / "maps"),
                "png": False,
                "raster": False,
                "table_formats": ["csv"],
            },
        },
        base_dir=in_tmp,
    )
    run_refresh(cfg)
    assert not (in_tmp / MARKER).exists()
    pages = {p.name: p.read_text(encoding="utf-8") for p in (in_tmp / "maps").glob("*.html")}
    assert pages, "the refresh wrote no map"
    apl_page = next(v for k, v in pages.items() if k.startswith("apl_"))
    assert_safe(apl_page, in_tmp, PAYLOADS)
    assert_safe(pages["deploiement.html"], in_tmp, PAYLOADS)
    report = (in_tmp / "out" / "rapport.html").read_text(encoding="utf-8")
    assert html.escape(EXEC, quote=True) in report or esc(EXEC) in report


def test_static_map_shows_dollar_and_braces_as_text(tmp_path: Path) -> None:
    """matplotlib reads ``$...$`` as mathtext: a title or source from the user is shown as is, never parsed."""
    from access_map.maps import static_map

    terr = grid_territory()
    gdf = terr.communes.assign(apl=terr.apl)
    out = static_map(gdf, "apl", path=tmp_path / "a.svg", title=r"$\undefinedmacro{x}$ " + EVAL, source="$5 " + EXEC)
    svg = out.read_text(encoding="utf-8")
    assert not (tmp_path / MARKER).exists()
    assert "undefinedmacro" in svg or "<svg" in svg


def test_titles_popups_search_qpv_and_labels_keep_names_as_data(in_tmp: Path) -> None:
    """The texts added with the territory maps: titles (where=), popup profile (CPTS, MSP, TVS), search index,
    QPV names, town labels, legend reference, source line."""
    from access_map.maps.profile import commune_profile

    terr, communes, cpts, msp = hostile_territory()
    zoning = pd.DataFrame(
        {"code_tvs": "T1", "libelle_tvs": EXEC, "tvs_apl": 2.0, "zonage": terr.zonage.reindex(communes.index)},
        index=communes.index,
    )
    times = pd.DataFrame({"origin": communes.index, "destination": communes.index[0], "minutes": 3.0})
    profile = commune_profile(
        communes.drop(columns="geometry"), zoning=zoning.dropna(), cpts=cpts, msp=msp, times=times
    ).assign(code_tvs="T1", code_departement="99")
    qpv = pd.DataFrame({"code_qpv": [EVAL], "libelle_qpv": [STATEMENT], "code_commune": [communes.index[0]],
                        "population": [10.0]})  # fmt: skip
    common = {"caption": COMMENT, "source": BROKEN, "where": EXEC, "profile": profile}
    maps = {
        "apl": apl_map(communes, terr.apl, reference=(EVAL, 1.0), prefectures=[communes.index[11]], **common),
        "zoning": zoning_map(communes, terr.zonage, previous=terr.zonage, qpv=qpv, **common),
        "deployment": deployment_map(communes, apl=terr.apl, cpts_long=cpts, msp_gdf=msp, **common),
    }
    for name, m in maps.items():
        page = save_map(m, in_tmp / f"{name}.html").read_text(encoding="utf-8")
        expected = [EXEC, BROKEN, COMMENT, *PAYLOADS]  # titles, source, caption, names (table: popup + search)
        if name == "apl":
            expected.append(EVAL + " : 1,00")  # legend reference
        if name == "zoning":
            expected += [STATEMENT]  # QPV name
        if name == "deployment":
            expected += [EXEC + " " + BROKEN]  # CPTS name in the commune profile
        assert_safe(page, in_tmp, expected)


def test_report_keeps_file_names_and_messages_as_data(in_tmp: Path) -> None:
    """The report lists input file names and the configuration label: escaped, never templated or run."""
    from access_map.config import parse_config
    from access_map.report import write_report

    cfg = parse_config(
        {"name": "r", "label": EXEC + "<script>x</script>", "sources": {"communes": f"{EVAL}.gpkg",
         "practitioners": "p.csv", "population_by_age": "a.csv"}},
        base_dir=in_tmp,
    )  # fmt: skip
    path = in_tmp / "rapport.html"
    write_report(cfg, STATEMENT, {"communes": 1, "population": 10.0}, {}, [], in_tmp, path, {})
    report = path.read_text(encoding="utf-8")
    assert "<script>x</script>" not in report and html.escape(EXEC) in report
    assert html.escape(EVAL) + ".gpkg" in report and html.escape(STATEMENT) in report
    assert not (in_tmp / MARKER).exists()
