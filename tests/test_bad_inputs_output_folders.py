"""Second set, family 1: outputs never destroy what the command did not write.

An output folder inside the folder of the inputs (allowed: the inputs stay), the folder of the inputs itself
(refused), a folder holding another command's outputs (kept), the folder of ``zoning``'s own APL file (the file
stays), a refresh writing in a sub-folder of its configuration's folder, ``demo`` given one folder twice or one
inside the other, ``fetch`` given a file as its cache, a read-only output folder of ``cpts``.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pytest
from bad_input_cases import Case, build_files, run_case
from click.testing import CliRunner

from access_map.cli import main
from access_map.datasets.demo import DEMO_FILES, demo_directory

CASES: list[Case] = [
    Case("demo-one-folder-twice", ("demo", "--output-dir", "{out}", "--maps-dir", "{out}"), 1, r"doivent être distincts et aucun ne doit être à l'intérieur de l'autre"),
    Case("demo-maps-inside-the-tables", ("demo", "--output-dir", "{out}", "--maps-dir", "{out}/cartes"), 1, r"doivent être distincts"),
    Case("fetch-cache-is-a-file", ("fetch", "drees_apl_mg", "--cache-dir", "{populations_legales}"), 2, r"populations_legales.csv » est un fichier"),
]  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_files(tmp_path_factory.mktemp("sorties"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_output_folders_are_refused_before_any_work(case: Case, files: dict[str, str], tmp_path: Path) -> None:
    run_case(case, files, tmp_path)


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder of the user's inputs (copies of the demo files)."""
    folder = tmp_path / "donnees"
    folder.mkdir()
    for key in ("cpts", "populations_legales", "finess", "tvs"):
        shutil.copy(demo_directory() / DEMO_FILES[key], folder)
    return folder


def _cpts(inputs: Path, out: Path, *extra: str) -> tuple[int, str]:
    args = ["cpts", "--cpts", str(inputs / "cpts.csv"), "--communes", str(inputs / "populations_legales.csv")]
    res = CliRunner().invoke(main, [*args, "--out", str(out), *extra])
    assert "Traceback" not in res.output and "unexpected error" not in res.output
    return res.exit_code, " ".join(res.output.split())


def test_an_output_folder_inside_the_inputs_folder_leaves_the_inputs(inputs: Path) -> None:
    before = _digests(inputs)
    code, output = _cpts(inputs, inputs / "sorties")
    assert code == 0, output
    after = _digests(inputs)
    assert {k: v for k, v in after.items() if not k.startswith("sorties/")} == before
    assert "sorties/cpts.csv" in after


def test_the_inputs_folder_as_output_folder_is_refused(inputs: Path) -> None:
    before = _digests(inputs)
    code, output = _cpts(inputs, inputs, "--overwrite")
    assert code == 1 and "cpts.csv est aussi une entrée de la commande" in output and "Rien n'a été écrit" in output
    assert _digests(inputs) == before and sorted(p.name for p in inputs.iterdir()) == sorted(before)


def test_a_folder_of_another_commands_outputs_keeps_them(inputs: Path, tmp_path: Path) -> None:
    """``msp`` then ``cpts`` in one folder, without ``--overwrite``: no file name is shared (each has its own table of
    anomalies), so both run and the MSP tables stay byte for byte beside the CPTS ones; ``cpts`` again is refused
    naming its own files, and with ``--overwrite`` replaces only them."""
    shared = tmp_path / "partage"
    res = CliRunner().invoke(
        main,
        ["msp", "--structures", str(inputs / "finess_etalab_demo.csv"), "--communes",
         str(inputs / "populations_legales.csv"), "--out", str(shared)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    msp = _digests(shared)
    assert "anomalies_msp.csv" in msp
    code, output = _cpts(inputs, shared)
    assert code == 0, output
    after = _digests(shared)
    assert {k: after[k] for k in msp} == msp
    cpts = {k: v for k, v in after.items() if k not in msp}
    assert "cpts.csv" in cpts and "anomalies_cpts.csv" in cpts and len(cpts) == 8, sorted(cpts)
    assert not [p.name for p in shared.iterdir() if p.name.startswith(".")]  # no staging folder, lock or journal left
    code, output = _cpts(inputs, shared)
    assert code == 2 and "8 fichier(s) de sortie déjà présent(s)" in output and "anomalies_cpts.csv" in output, output
    code, output = _cpts(inputs, shared, "--overwrite")
    assert code == 0, output
    assert {k: v for k, v in _digests(shared).items() if k in msp} == msp


def test_zoning_into_the_folder_of_its_apl_file_keeps_the_file(inputs: Path) -> None:
    apl = inputs / "apl.csv"
    apl.write_text("code_commune;apl;standardised_population\n00001;2,5;2000\n00002;3,5;300\n", encoding="utf-8")
    before = _digests(inputs)
    args = ["zoning", "--apl", str(apl), "--tvs", str(inputs / "tvs.csv"), "--region", "07"]
    res = CliRunner().invoke(main, [*args, "--output-dir", str(inputs), "--overwrite"])
    assert res.exit_code == 0, res.output
    after = _digests(inputs)
    assert {k: after[k] for k in before} == before and "zoning_communes.csv" in after


def test_a_refresh_into_a_sub_folder_of_its_configuration(tmp_path: Path) -> None:
    config = tmp_path / "t.toml"
    config.write_text(
        'name = "t"\n[sources]\ndemo = true\n[outputs]\ndirectory = "sorties/tableaux"\n'
        'maps_directory = "sorties/cartes"\npng = false\nraster = false\ntable_formats = ["csv"]\n',
        encoding="utf-8",
    )
    text = config.read_bytes()
    res = CliRunner().invoke(main, ["refresh", "--config", str(config)])
    assert res.exit_code == 0, res.output
    assert config.read_bytes() == text and (tmp_path / "sorties" / "tableaux" / "apl_communes.csv").exists()


def test_a_read_only_cpts_folder_is_refused_and_stays_read_only(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "lecture_seule"
    assert _cpts(inputs, out)[0] == 0
    before = _digests(out)
    out.chmod(0o555)
    try:
        code, output = _cpts(inputs, out, "--overwrite")
        assert code == 1 and "lecture seule" in output, output
        assert _digests(out) == before and stat.S_IMODE(out.stat().st_mode) == 0o555
    finally:
        out.chmod(0o755)
