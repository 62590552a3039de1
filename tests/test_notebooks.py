"""Every notebook in notebooks/ runs top to bottom (nbclient) and its results are right: on the demo territory, or
on the real files of ``../shared/data`` for the notebooks of :data:`REAL_DATA`.

Running is not enough: after each notebook, a check cell runs in the same kernel and asserts on what the
notebook computed, against facts read independently from the demo files (plain pandas on the files, not through
the package's readers) or against properties that hold whatever the code does (conservation of supply, classes
that partition the population). A notebook without an entry in ``CHECKS`` must carry its own assertions.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))

#: Independent facts, read straight from the demo files in the check cells.
_DEMO_FACTS = """
import pandas as _pd
from access_map.datasets.demo import DEMO_FILES as _F, demo_directory as _dir
_pl = _pd.read_csv(_dir() / _F["populations_legales"], sep=";", dtype=str)
_total_population = _pl["PMUN"].astype(float).sum()
_tvs_file = _pd.read_csv(_dir() / _F["tvs"], sep=";", dtype=str)
_activity = _pd.read_csv(_dir() / _F["activity"], sep=";", dtype=str)
"""

CHECKS: dict[str, str] = {
    "01_apl.ipynb": _DEMO_FACTS
    + """
assert len(demo.communes) == len(_pl) == 600
# supply conservation: Σ standardised demand × APL = Σ supply (every practice commune reaches some demand)
assert abs((apl * demand).sum() - supply.sum()) <= 1e-9 * supply.sum()
# GP count of the activity file (independent read) is the number of practitioners behind the supply
_gp_rows = _activity[_activity["profession"] == "medecin_generaliste"]
assert gp["practitioner_id"].nunique() == _gp_rows["identifiant_pp"].nunique()
assert (variants["apl_60"] <= variants["apl_62"] + 1e-12).all() and (variants["apl_62"] <= variants["apl_65"] + 1e-12).all()
assert set(by_tvs.index) == set(_tvs_file["code_tvs"])
assert abs(by_tvs["population"].sum() - _total_population) < 0.5
assert set(rows) == {"infirmier", "masseur_kinesitherapeute", "chirurgien_dentiste", "sage_femme"}
assert all(rows[p]["mean"] > 0 for p in rows)
""",
    "02_zonage.ipynb": _DEMO_FACTS
    + """
classes = set(result.communes["zonage"].dropna())
assert classes <= {"ZIP", "ZAC", "ZV", "HV", "ZAR"} and {"ZIP", "HV"} <= classes
# the diff's crosstab partitions the demo's population (read from the populations légales file)
ct = diff.crosstab()
assert abs(ct.to_numpy().sum() - _total_population) < 0.5
assert set(result.tvs.reset_index()["code_tvs"]) <= set(_tvs_file["code_tvs"])
""",
    "03_cpts_msp.ipynb": _DEMO_FACTS
    + """
import csv as _csv
_finess_rows = list(_csv.reader(open(_dir() / _F["finess"], encoding="latin-1"), delimiter=";"))[1:]
_n_structures = sum(1 for r in _finess_rows if r[0] == "structureet" and r[18] in {"603", "124"})
assert len(structures) == _n_structures
assert abs(communes["population"].sum() - _total_population) < 0.5
dep = cpts.coverage(demo.cpts, communes, level="departement")
assert (dep["covered_population"] <= dep["population"] + 1e-9).all()
counts = msp.structure_counts(structures, communes, level="departement")
# structure_counts counts MSP (FINESS category 603) by default
assert counts["n_structures"].sum() == sum(1 for r in _finess_rows if r[0] == "structureet" and r[18] == "603")
within = msp.population_within(structures, communes, times, max_minutes=10, level="departement")
assert ((within.filter(like="population").min(axis=1)) >= 0).all()
""",
    "04_cartes.ipynb": """
page = path.read_text(encoding="utf-8")
from access_map.maps.styles import esc as _esc
assert '<script src="http' not in page and _esc(demo.label) in page
assert png.read_bytes()[:4] == b"\\x89PNG"
assert array.shape[0] > 10 and array.shape[1] > 10 and str(crs).endswith("2154")
assert len([v for v in array.ravel() if v != nodata]) > 100
""",
    "05_scenarios.ipynb": _DEMO_FACTS
    + """
# the GPs leaving (aged 62 or more in 3 years), counted in the activity file read independently
_gp_rows = _activity[_activity["profession"] == "medecin_generaliste"]
_leaving = _gp_rows.loc[_gp_rows["age"].astype(float) + 3 >= 62, "identifiant_pp"].nunique()
assert retire.notes[0].startswith(f"départ de {_leaving} praticien"), retire.notes
assert abs(retire.communes["population_before"].sum() - _total_population) < 0.5
assert set(retire.tvs.index) == set(_tvs_file["code_tvs"])
assert len(top5.sites) == 5 and len(set(top5.sites)) == 5
# the ΔAPL map: legend « ΔAPL », diverging palette (red losses … blue gains), not the APL's sequential one
from access_map.maps.territory_layer import TerritoryLayer as _TL
(_layer,) = [c for c in m._children.values() if isinstance(c, _TL)]
_view = _layer.payload["views"][0]
assert _view["legend"]["title"] == "ΔAPL", _view["legend"]["title"]
_rgb = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in _view["colors"]]
assert _rgb[0][0] > _rgb[0][2] and _rgb[-1][2] > _rgb[-1][0], _view["colors"]
""",
}


#: Notebooks on the real files of ``../shared/data``: the kernel finds them through ``ACCESS_MAP_SHARED_DATA``
#: (skipped when absent, failing on CI, as every real-data test). Their checks re-read the raw files with pandas.
REAL_DATA = {"06_donnees_officielles.ipynb"}

CHECKS["06_donnees_officielles.ipynb"] = """
import pandas as _pd
_b = _pd.read_csv(DATA / "barometre_ditp_sante" / "ind-311.csv", dtype=str)
_b["v"] = _pd.to_numeric(_b["indic_va"]).fillna(_pd.to_numeric(_b["indic_vi"]))
_reg = _b[(_b["maille"] == "REG") & (_b["metric_enforce_date"] == "2023-12-01")]
_reg = _reg.set_index(_reg["enforce_zone_id"].str[1:])
assert regional["msp_dec_2023"].to_dict() == _reg["v"].to_dict() and _reg["v"].sum() == 2501
_p = _pd.read_csv(DATA / "population_legale_insee" / "pop_legales_2023_cog2025.csv.gz", sep=";", dtype=str)
_p["PMUN"] = _p["PMUN"].astype(float)
assert abs(regional.loc["75", "msp_pour_100000"] - _reg.loc["75", "v"] / _p.loc[_p["REG"] == "75", "PMUN"].sum() * 1e5) < 1e-9
# Nouvelle-Aquitaine in May 2024: its departments' coverage weighted by their population légale 2023
_c = _pd.read_csv(DATA / "barometre_ditp_sante" / "ind-589.csv", dtype=str)
_c = _c[(_c["maille"] == "DEPT") & (_c["metric_enforce_date"] == "2024-05-01")]
_c = _c.assign(dep=_c["enforce_zone_id"].str[1:], v=_c["indic_va"].astype(float))
_w = _p.groupby("DEP")["PMUN"].sum()
_na = _c[_c["dep"].isin(_p.loc[_p["REG"] == "75", "DEP"].unique())]
_expected = (_na["v"] * _na["dep"].map(_w)).sum() / _na["dep"].map(_w).sum()
assert len(_na) == 12 and abs(regional.loc["75", "cpts_mai_2024_reconstituee"] - _expected) < 1e-9
"""


def test_there_are_notebooks() -> None:
    assert {p.name for p in NOTEBOOKS} >= {
        "01_apl.ipynb",
        "02_zonage.ipynb",
        "03_cpts_msp.ipynb",
        "04_cartes.ipynb",
        "05_scenarios.ipynb",
        "06_donnees_officielles.ipynb",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_outputs_are_stripped_in_git(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_its_results_are_right(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the kernel's temporary folders go with the test's
    if path.name in REAL_DATA:
        from conftest import shared_path

        monkeypatch.setenv("ACCESS_MAP_SHARED_DATA", str(shared_path()))
    nb = nbformat.read(path, as_version=4)
    check = CHECKS.get(path.name)
    if check is None:
        assert any("assert" in c.source for c in nb.cells if c.cell_type == "code"), (
            f"{path.name}: add its checks to CHECKS or assertions in the notebook"
        )
    else:
        nb.cells.append(nbformat.v4.new_code_cell(check))
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell, the check cell included
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code_cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    # every cell whose last line is an expression (a table, a map) displayed something
    for cell in code_cells[:-1] if check else code_cells:
        last = cell.source.strip().splitlines()[-1] if cell.source.strip() else ""
        shows = last and not last.startswith((" ", "#", "assert", "import", "from", "print(")) and "=" not in last
        if shows:
            assert any(o.get("output_type") in {"execute_result", "display_data"} for o in cell.outputs), cell.source
