"""Output folders never destroy what access_map did not write; a run's folders are committed as one.

Each case of the issue is run through the CLI where it can be: a folder holding the configuration or an input,
user files in a demo folder, a read-only folder, a setgid folder's mode, a kill at each step of the two-folder
commit, a newline in a folder name, a full disk and a refused replacement (Windows: a file open in Excel).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.errors import OutputError
from access_map.outputs import MANIFEST_NAME, OutputFolders, recover_output_folders
from access_map.outputs import commit as commit_module

SMALL_TOML = """\
name = "t"
[sources]
demo = true
[[professions]]
name = "medecin_generaliste"
max_ages = [0, 65]
[outputs]
directory = "{out}"
maps_directory = "{maps}"
png = false
raster = false
table_formats = ["csv"]
"""


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _invoke(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res.exit_code, " ".join(res.output.split())


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock"))


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small refresh's outputs (``out``, ``maps``) and its configuration ``t.toml``, written by the CLI."""
    root = tmp_path_factory.mktemp("previous")
    (root / "t.toml").write_text(SMALL_TOML.format(out="out", maps="maps"), encoding="utf-8")
    code, output = _invoke("refresh", "--config", str(root / "t.toml"))
    assert code == 0, output
    return root


@pytest.fixture
def project(previous: Path, tmp_path: Path) -> Path:
    """A copy of ``previous`` (manifests copied with their files, so still owned by access_map)."""
    root = tmp_path / "projet"
    shutil.copytree(previous, root, ignore=shutil.ignore_patterns(".*.lock"))
    return root


# --------------------------------------------------------------------------- refused before any work


def test_refresh_into_the_folder_of_its_configuration_is_refused(tmp_path: Path) -> None:
    """`[outputs] directory = "."` used to delete territory.toml and the inputs beside it, exit 0."""
    (tmp_path / "t.toml").write_text(SMALL_TOML.format(out=".", maps="cartes"), encoding="utf-8")
    (tmp_path / "donnees.csv").write_text("code_commune;x\n96001;1\n", encoding="utf-8")
    before = _digests(tmp_path)
    code, output = _invoke("refresh", "--config", str(tmp_path / "t.toml"))
    assert code == 1
    assert f"le dossier de sortie {tmp_path} contient 1 entrée de l'exécution" in output
    assert str(tmp_path / "t.toml") in output and "Rien n'a été écrit" in output
    assert _digests(tmp_path) == before and not (tmp_path / "cartes").exists()


def test_refresh_into_a_folder_holding_an_input_is_refused(tmp_path: Path) -> None:
    from access_map.datasets.demo import DEMO_FILES, demo_directory

    data = tmp_path / "sorties"
    data.mkdir()
    shutil.copy(demo_directory() / DEMO_FILES["zoning"], data / "zonage_precedent.csv")
    toml = SMALL_TOML.format(out="sorties", maps="cartes").replace(
        "demo = true\n", 'demo = true\nprevious_zoning = "sorties/zonage_precedent.csv"\n'
    )
    (tmp_path / "t.toml").write_text(toml, encoding="utf-8")
    code, output = _invoke("refresh", "--config", str(tmp_path / "t.toml"))
    assert code == 1, output
    assert f"le dossier de sortie {data} contient 1 entrée de l'exécution" in output
    assert str(data / "zonage_precedent.csv") in output
    assert sorted(p.name for p in data.iterdir()) == ["zonage_precedent.csv"]


def test_demo_into_a_folder_of_user_files_is_refused(tmp_path: Path) -> None:
    """`access-map demo --output-dir projet` used to delete the notes.txt and data.xlsx kept there."""
    projet = tmp_path / "projet"
    projet.mkdir()
    (projet / "notes.txt").write_text("mes notes\n", encoding="utf-8")
    (projet / "data.xlsx").write_bytes(b"PK\x03\x04 classeur")
    code, output = _invoke("demo", "--output-dir", str(projet), "--maps-dir", str(tmp_path / "cartes"))
    assert code == 1
    assert f"le dossier de sortie {projet} contient 2 fichiers que access_map n'a pas écrits" in output
    assert "(data.xlsx, notes.txt)" in output and "déplacez ces fichiers ailleurs" in output
    assert (projet / "notes.txt").read_text(encoding="utf-8") == "mes notes\n"
    assert (projet / "data.xlsx").read_bytes() == b"PK\x03\x04 classeur"
    assert not (tmp_path / "cartes").exists() and _leftovers(tmp_path) == []


def test_scenario_into_the_folder_of_its_configuration_is_refused(tmp_path: Path) -> None:
    """`scenario` with `directory = "."` used to delete scenario.toml."""
    text = (
        'label = "s"\nterritory = "demo"\n[[scenarios]]\nname = "r"\n'
        'changes = [{ kind = "retirement", min_age = 62 }]\n[outputs]\ndirectory = "."\nmaps_directory = "cartes"\n'
    )
    (tmp_path / "scenario.toml").write_text(text, encoding="utf-8")
    code, output = _invoke("scenario", "--config", str(tmp_path / "scenario.toml"))
    assert code == 1
    assert f"le dossier de sortie {tmp_path} contient 1 entrée de l'exécution" in output
    assert (tmp_path / "scenario.toml").read_text(encoding="utf-8") == text
    assert not (tmp_path / "cartes").exists()


def test_a_read_only_folder_is_refused_even_for_root(project: Path) -> None:
    out = project / "out"
    before = _digests(out)
    out.chmod(0o555)
    try:
        code, output = _invoke("refresh", "--config", str(project / "t.toml"))
    finally:
        mode = stat.S_IMODE(out.stat().st_mode)
        out.chmod(0o755)
    assert code == 1
    assert f"le dossier {out} est en lecture seule (permissions 0555)" in output
    assert mode == 0o555 and _digests(out) == before and _leftovers(project) == []


def test_a_newline_in_a_folder_name_is_a_clear_error(tmp_path: Path) -> None:
    code, output = _invoke("demo", "--output-dir", str(tmp_path / "a\nb"), "--maps-dir", str(tmp_path / "c"))
    assert code == 1
    assert f"le nom du dossier de sortie {tmp_path}/a\\nb contient un caractère de contrôle" in output
    assert list(tmp_path.iterdir()) == []


def test_files_changed_or_added_since_the_run_are_kept(project: Path) -> None:
    out = project / "out"
    table = out / "apl_communes.csv"
    table.write_text(table.read_text(encoding="utf-8") + "# ma note\n", encoding="utf-8")
    code, output = _invoke("refresh", "--config", str(project / "t.toml"))
    assert code == 1
    assert "contient 1 fichier écrit par access_map puis modifié depuis (apl_communes.csv)" in output
    assert table.read_text(encoding="utf-8").endswith("# ma note\n")


def test_a_folder_of_an_earlier_version_is_recognised_by_its_provenance(project: Path) -> None:
    """Folders written before manifests existed: accepted when provenance.json lists every file, else refused."""
    for sub in ("out", "maps"):
        (project / sub / MANIFEST_NAME).unlink()
    (project / "maps" / "ma_carte.qgz").write_bytes(b"projet QGIS")
    code, output = _invoke("refresh", "--config", str(project / "t.toml"))
    assert code == 1 and "contient 1 fichier que access_map n'a pas écrit (ma_carte.qgz)" in output
    (project / "maps" / "ma_carte.qgz").unlink()
    code, output = _invoke("refresh", "--config", str(project / "t.toml"))
    assert code == 0, output
    assert (project / "out" / MANIFEST_NAME).exists() and (project / "maps" / MANIFEST_NAME).exists()


# --------------------------------------------------------------------------- modes


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_replaced_folder_keeps_its_mode_owner_and_group(project: Path) -> None:
    out = project / "out"
    out.chmod(0o2750)
    if os.geteuid() == 0:
        os.chown(out, 1234, 5678)
    code, output = _invoke("refresh", "--config", str(project / "t.toml"))
    assert code == 0, output
    info = out.stat()
    assert stat.S_IMODE(info.st_mode) == 0o2750
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (1234, 5678)
        # the setgid bit made the files of the folder take its group
        assert (out / "rapport.html").stat().st_gid == 5678


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_2700_folder_stays_2700(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputFolders({"t": out}, command="test") as staged:
        (staged["t"] / "a.csv").write_text("1")
    out.chmod(0o2700)
    with OutputFolders({"t": out}, command="test") as staged:
        (staged["t"] / "a.csv").write_text("2")
    assert stat.S_IMODE(out.stat().st_mode) == 0o2700 and (out / "a.csv").read_text() == "2"


# --------------------------------------------------------------------------- file-system errors


def test_a_full_disk_is_said_and_the_previous_outputs_stay(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {"out": _digests(project / "out"), "maps": _digests(project / "maps")}

    def full(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    code, output = _invoke("refresh", "--config", str(project / "t.toml"))
    assert code == 1
    assert f"impossible d'écrire {project / 'out'}/" in output and ".csv : le disque est plein" in output
    assert "Les sorties précédentes sont intactes." in output
    assert {"out": _digests(project / "out"), "maps": _digests(project / "maps")} == before
    assert _leftovers(project) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENAMETOOLONG, errno.EACCES])
def test_other_file_system_errors_are_said_in_french(tmp_path: Path, code: int) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        with OutputFolders({"t": out}, command="test") as staged:
            raise OSError(code, os.strerror(code), str(staged["t"] / "a.csv"))
    text = str(caught.value)
    assert text.startswith(f"impossible d'écrire {out / 'a.csv'} : ") and "staging" not in text
    assert text.endswith("Les sorties précédentes sont intactes.") and "[Errno" not in text
    assert list(tmp_path.iterdir()) == [tmp_path / ".out.lock"]


def test_a_name_too_long_for_the_file_system_is_said(tmp_path: Path) -> None:
    """The hidden staging and lock names are longer than the folder's: still a French error, nothing left."""
    out = tmp_path / ("x" * 250)
    with pytest.raises(OutputError, match=r"le nom de fichier est trop long .* choisissez un chemin de sortie plus"):
        with OutputFolders({"t": out}, command="test"):
            pass
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_replaced_is_named_and_left_intact(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a file open in Excel makes the rename of its folder fail with PermissionError (simulated)."""
    out = project / "out"
    before = {"out": _digests(out), "maps": _digests(project / "maps")}
    real_replace = os.replace

    def refuse(src: object, dst: object) -> None:
        if Path(os.fspath(src)) == out:  # type: ignore[arg-type]
            raise PermissionError(13, "Access is denied", os.fspath(src))  # type: ignore[arg-type]
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse)
    code, output = _invoke("refresh", "--config", str(project / "t.toml"))
    assert code == 1
    assert f"impossible de remplacer {out} :" in output and "ouvert dans un autre programme (Excel" in output
    assert output.endswith("Les sorties précédentes sont intactes.")
    assert {"out": _digests(out), "maps": _digests(project / "maps")} == before
    assert _leftovers(project) == []


def test_a_file_open_in_excel_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A single output file (atomic_path) whose replacement is refused: named, previous version intact."""
    from access_map._atomic import atomic_path

    target = tmp_path / "apl.csv"
    target.write_text("ancien\n")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Access is denied", os.fspath(dst))  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match=r"impossible de remplacer .*apl.csv : le fichier est sans doute ouvert"):
        with atomic_path(target) as tmp:
            tmp.write_text("nouveau\n")
    assert target.read_text() == "ancien\n" and sorted(p.name for p in tmp_path.iterdir()) == ["apl.csv"]


# --------------------------------------------------------------------------- one commit for two folders

#: A run committing two folders whose old content is "old", new content "new"; ``checkpoint`` kills it at STEP.
KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from access_map.outputs import OutputFolders
    from access_map.outputs import commit as c

    root, step = Path(sys.argv[1]), sys.argv[2]
    def checkpoint(name):
        if name == step:
            os._exit(9)
    c.checkpoint = checkpoint
    if step == "before journal":
        real = c.write_journal
        def write_journal(journal, swaps, cleanup=()):
            os._exit(9)
        c.write_journal = write_journal
    with OutputFolders({"tables": root / "out", "maps": root / "maps"}, command="test") as staged:
        for role in staged:
            (staged[role] / "x.txt").write_text("new")
            (staged[role] / "only_new.txt").write_text("new")
    """
)

COMMIT_STEPS = [
    "before journal",
    "journal",
    "backup 0",
    "swap 0",
    "backup 1",
    "swap 1",
    "delete backup 0",
    "delete backup 1",
    "delete journal",
]


def _generation(folder: Path) -> str:
    names = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST_NAME)
    content = {(folder / n).read_text() for n in names}
    assert len(content) == 1, (folder, names, content)  # never a mix inside a folder
    gen = content.pop()
    assert names == (["only_new.txt", "x.txt"] if gen == "new" else ["x.txt"]), names
    return gen


@pytest.mark.parametrize("step", COMMIT_STEPS)
@pytest.mark.parametrize("recover_from", ["tables", "maps"])
def test_a_kill_at_any_step_of_the_commit_leaves_all_old_or_all_new(
    tmp_path: Path, step: str, recover_from: str
) -> None:
    out, maps = tmp_path / "out", tmp_path / "maps"
    with OutputFolders({"tables": out, "maps": maps}, command="test") as staged:
        for role in staged:
            (staged[role] / "x.txt").write_text("old")
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(tmp_path), step], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr  # killed at that step, nothing cleaned up
    # the next run on either folder (here only one of them) first finishes or discards the interrupted commit
    if recover_from == "tables":
        notes = recover_output_folders([out])
    else:  # a run on the maps folder alone, stopped by an error after its start: only its recovery happened
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(RuntimeError, match="stopped"):
                with OutputFolders({"maps": maps}, command="test"):
                    raise RuntimeError("stopped")
        notes = [str(w.message) for w in caught]
    generations = {_generation(out), _generation(maps)}
    assert len(generations) == 1, generations
    expected = "old" if step == "before journal" else "new"
    assert generations == {expected}
    if step not in ("before journal", "delete journal"):
        assert notes and "terminée d'après son journal" in notes[0]
    # a new run on both folders then works normally, and leaves nothing behind
    with OutputFolders({"tables": out, "maps": maps}, command="test") as staged:
        for role in staged:
            (staged[role] / "x.txt").write_text("old")
    assert {_generation(out), _generation(maps)} == {"old"}
    assert _leftovers(tmp_path) == []


def test_the_commit_checkpoints_are_the_ones_tested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The steps above are every step a two-folder commit goes through (so that each one is killed once)."""
    seen: list[str] = []
    monkeypatch.setattr(commit_module, "checkpoint", seen.append)
    for _ in range(2):
        with OutputFolders({"tables": tmp_path / "out", "maps": tmp_path / "maps"}, command="test") as staged:
            for role in staged:
                (staged[role] / "x.txt").write_text("1")
    assert seen[-8:] == COMMIT_STEPS[1:]


@pytest.mark.parametrize("failing_call", [1, 2, 3, 4])
def test_a_rename_that_fails_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int) -> None:
    """A rename of the commit fails (disk error, Windows lock): the folders are put back, all old, and it is said."""
    out, maps = tmp_path / "out", tmp_path / "maps"
    for folder in (out, maps):
        with OutputFolders({"t": folder}, command="test") as staged:
            (staged["t"] / "x.txt").write_text("old")
    real_replace = os.replace
    calls = {"n": 0}

    def flaky(src: object, dst: object) -> None:
        names = (Path(os.fspath(src)).name, Path(os.fspath(dst)).name)  # type: ignore[arg-type]
        if any(n.startswith((".out.", ".maps.")) and "tmp" not in n for n in names):  # the folder renames
            calls["n"] += 1
            if calls["n"] == failing_call:
                raise OSError(errno.EIO, "Input/output error", os.fspath(src))  # type: ignore[arg-type]
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OutputError, match=r"erreur d'entrée-sortie du disque.*Les sorties précédentes sont intactes"):
        with OutputFolders({"tables": out, "maps": maps}, command="test") as staged:
            for role in staged:
                (staged[role] / "x.txt").write_text("new")
                (staged[role] / "only_new.txt").write_text("new")
    assert {_generation(out), _generation(maps)} == {"old"}
    assert _leftovers(tmp_path) == []


def test_a_commit_that_cannot_be_undone_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, maps = tmp_path / "out", tmp_path / "maps"
    real_replace = os.replace
    state = {"fail": True}

    def broken(src: object, dst: object) -> None:
        # the second folder cannot be swapped in, nor the first one put back
        moving_in = Path(os.fspath(src)).name.startswith(".maps.staging-")  # type: ignore[arg-type]
        putting_back = Path(os.fspath(dst)).name.startswith(".out.staging-")  # type: ignore[arg-type]
        if state["fail"] and (moving_in or putting_back):
            raise OSError(errno.EIO, "Input/output error", os.fspath(src))  # type: ignore[arg-type]
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match=r"a été interrompue .* la prochaine exécution sur ces dossiers la termine"):
        with OutputFolders({"tables": out, "maps": maps}, command="test") as staged:
            for role in staged:
                (staged[role] / "x.txt").write_text("new")
                (staged[role] / "only_new.txt").write_text("new")
    assert [p.name for p in tmp_path.glob(".out.commit-*.json")]  # the journal stays
    state["fail"] = False
    notes = recover_output_folders([maps])  # the next run on either folder does this first
    assert notes and "terminée d'après son journal" in notes[0]
    assert {_generation(out), _generation(maps)} == {"new"}
    assert _leftovers(tmp_path) == []


# --------------------------------------------------------------------------- file commands


def test_file_commands_never_overwrite_their_inputs(tmp_path: Path) -> None:
    """zoning --output-dir and cpts --out write named files: one that is an input is refused, even with --overwrite."""
    from access_map.datasets.demo import DEMO_FILES, demo_directory

    demo = demo_directory()
    out = tmp_path / "sorties"
    out.mkdir()
    apl = out / "summary.csv"  # an input that bears the name of a zoning output
    apl.write_text("code_commune;apl\n96001;2.5\n", encoding="utf-8")
    code, output = _invoke(
        "zoning", "--apl", str(apl), "--population", str(demo / DEMO_FILES["populations_legales"]),
        "--tvs", str(demo / DEMO_FILES["tvs"]), "--output-dir", str(out), "--overwrite",
    )  # fmt: skip
    assert code == 1
    assert f"le fichier de sortie {apl} est aussi une entrée de la commande : il ne sera pas écrasé" in output
    shutil.copy(demo / DEMO_FILES["cpts"], out / "cpts.csv")
    before = _digests(out)
    code, output = _invoke(
        "cpts", "--cpts", str(out / "cpts.csv"), "--communes", str(demo / DEMO_FILES["populations_legales"]),
        "--out", str(out), "--overwrite",
    )  # fmt: skip
    assert code == 1
    assert f"le fichier de sortie {out / 'cpts.csv'} est aussi une entrée de la commande" in output
    assert _digests(out) == before


def test_an_error_reading_an_input_is_not_reported_as_a_write_error(tmp_path: Path) -> None:
    """An input beside the output folder that cannot be read keeps its own error (not « impossible d'écrire »)."""
    with pytest.raises(PermissionError):
        with OutputFolders({"t": tmp_path / "out"}, command="test"):
            raise PermissionError(13, "Permission denied", str(tmp_path / "donnees.csv"))


def test_a_file_added_while_the_run_computes_stops_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputFolders({"t": out}, command="test") as staged:
        (staged["t"] / "x.txt").write_text("old")
    with pytest.raises(OutputError, match=r"pendant le calcul, 1 fichier a été ajouté .*\(notes.txt\)"):
        with OutputFolders({"t": out}, command="test") as staged:
            (staged["t"] / "x.txt").write_text("new")
            (out / "notes.txt").write_text("mes notes")  # the user, meanwhile
    assert (out / "notes.txt").read_text() == "mes notes" and (out / "x.txt").read_text() == "old"
    assert _leftovers(tmp_path) == []
