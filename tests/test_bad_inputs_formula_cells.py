"""Second set, family 2: spreadsheet formulas in names never reach a CSV as formulas.

TVS labels beginning with a tab then ``=`` and with ``@`` (the ``zoning`` command), a CPTS named ``-2+3`` (text
that a spreadsheet computes), an MSP named ``=HYPERLINK(...)`` in the FINESS extract (``msp``), a territory named
``=1+1`` (``refresh``). Every cell of every CSV written is read back raw: a cell starting with ``= + - @``, a tab or
a carriage return must be a number (``-3,5``) or be neutralised with a leading ``'``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bad_input_cases import build_files
from click.testing import CliRunner

from access_map.cli import main
from access_map.csv_format import read_csv
from access_map.datasets.demo import DEMO_FILES, demo_directory

_NUMBER = re.compile(r"^-?\d[\d\u202f ]*(,\d+)?$")


def _formula_cells(folder: Path) -> list[tuple[str, str]]:
    """(file, cell) of every CSV cell under ``folder`` that a spreadsheet would evaluate."""
    found = []
    for path in sorted(folder.rglob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh, delimiter=";"):
                found += [(path.name, c) for c in row if c[:1] in "=+-@\t\r" and c and not _NUMBER.match(c)]
    return found


def _cells(folder: Path) -> set[str]:
    cells: set[str] = set()
    for path in folder.rglob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            cells |= {c for row in csv.reader(fh, delimiter=";") for c in row}
    return cells


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_files(tmp_path_factory.mktemp("formules"))


def test_zoning_neutralises_tvs_labels_starting_with_a_tab_or_an_at_sign(files: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "zonage"
    args = ["zoning", "--apl", files["apl_ok"], "--tvs", files["tvs_formulas"], "--region", "07", "--output-dir"]
    res = CliRunner().invoke(main, [*args, str(out)])
    assert res.exit_code == 0, res.output
    cells = _cells(out)
    assert "'\t=1+1" in cells and "'@SUM(A1)" in cells, "the labels are in the tables, neutralised"
    assert _formula_cells(out) == []
    tvs = read_csv(out / "tvs_categories.csv", index_col="code_tvs")
    assert tvs.loc["00001", "libelle_tvs"] == "\t=1+1" and tvs.loc["00007", "libelle_tvs"] == "@SUM(A1)"


def test_cpts_neutralises_a_name_a_spreadsheet_would_compute(files: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "cpts"
    res = CliRunner().invoke(
        main, ["cpts", "--cpts", files["cpts_formula"], "--communes", files["populations_legales"], "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "'-2+3" in _cells(out) and _formula_cells(out) == []
    assert read_csv(out / "cpts.csv", index_col="id_cpts").loc["CPTS07001", "nom_cpts"] == "-2+3"


def test_msp_and_refresh_write_no_formula_from_a_name(tmp_path: Path) -> None:
    """An MSP named ``=HYPERLINK(...)`` in the FINESS extract, a territory named ``=1+1``: whatever the tables
    quote of them is neutralised."""
    finess = (demo_directory() / DEMO_FILES["finess"]).read_bytes()
    poisoned = tmp_path / "finess.csv"
    poisoned.write_bytes(finess.replace(b"MSP DE SAUSASSE", b'=HYPERLINK("http://x","clic")'))
    out = tmp_path / "msp"
    communes = str(demo_directory() / DEMO_FILES["populations_legales"])
    res = CliRunner().invoke(main, ["msp", "--structures", str(poisoned), "--communes", communes, "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert _formula_cells(out) == []
    project = tmp_path / "projet"
    project.mkdir()
    (project / "t.toml").write_text(
        'name = "=1+1"\n[sources]\ndemo = true\n[outputs]\ndirectory = "out"\nmaps_directory = "maps"\n'
        'png = false\nraster = false\ntable_formats = ["csv"]\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["refresh", "--config", str(project / "t.toml")])
    assert res.exit_code == 0, res.output
    assert len(list((project / "out").glob("*.csv"))) > 20 and _formula_cells(project / "out") == []
