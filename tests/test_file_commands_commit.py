"""The files of ``zoning``, ``cpts`` and ``msp`` are put in place by one journaled commit.

A command is killed at each step of putting its files in place; the next command writing into the folder finishes
or discards what it left, so that the folder holds either every previous file or every new one, never a mix, and
the user's own files are never touched. A move that fails is undone at once; one that cannot be undone is finished
by the next command. The chain is also run through the real CLI (``access-map cpts`` on the demo files).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

from access_map.datasets.demo import DEMO_FILES, demo_directory
from access_map.errors import OutputError
from access_map.outputs import commit as commit_module
from access_map.outputs.files import LOCK_NAME, STAGING_PREFIX, files_written_together, recover_files

#: A command writing a.csv, b.csv and sous/c.csv ("new") over a.csv and b.csv ("old"); killed at STEP.
KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from access_map.outputs import commit as c
    from access_map.outputs.files import files_written_together

    folder, step = Path(sys.argv[1]), sys.argv[2]
    def checkpoint(name):
        if name == step:
            os._exit(9)
    c.checkpoint = checkpoint
    if step == "before journal":
        def write_journal(journal, swaps, cleanup=()):
            os._exit(9)
        c.write_journal = write_journal
    with files_written_together(folder) as staging:
        for name in ("a.csv", "b.csv", "sous/c.csv"):
            (staging / name).parent.mkdir(exist_ok=True)
            (staging / name).write_text("new")
    """
)

STEPS = [
    "before journal",
    "journal",
    "backup 0",
    "swap 0",
    "backup 1",
    "swap 1",
    "swap 2",
    "delete backup 0",
    "delete backup 1",
    "delete staging",
    "delete journal",
]


def _old_run(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "notes.txt").write_text("mes notes")  # the user's own file, never touched
    with files_written_together(folder) as staging:
        for name in ("a.csv", "b.csv"):
            (staging / name).write_text("old")


def _write_new(staging: Path, names: tuple[str, ...] = ("a.csv", "b.csv", "sous/c.csv")) -> None:
    """The files of the new command ("new"), written in its staging folder."""
    for name in names:
        (staging / name).parent.mkdir(exist_ok=True)
        (staging / name).write_text("new")


def _replace_failing(monkeypatch: pytest.MonkeyPatch, fails: object) -> None:
    """``os.replace`` raising what ``fails(src, dst)`` returns (an exception, or None to rename)."""
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        error = fails(os.fspath(src), os.fspath(dst))  # type: ignore[operator, arg-type]
        if error is not None:
            raise error
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def _generation(folder: Path) -> str:
    """``old`` or ``new``: the run whose files the folder holds (never a mix); the user's file is intact."""
    assert (folder / "notes.txt").read_text() == "mes notes"
    ours = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "notes.txt")
    contents = {(folder / n).read_text() for n in ours}
    assert len(contents) == 1, (ours, contents)
    generation = contents.pop()
    assert ours == (["a.csv", "b.csv", "sous/c.csv"] if generation == "new" else ["a.csv", "b.csv"]), ours
    return generation


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_leaves_every_old_file_or_every_new_one(tmp_path: Path, step: str) -> None:
    folder = tmp_path / "sorties"
    _old_run(folder)
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(folder), step], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr  # killed at that step, nothing cleaned up
    if step not in ("delete journal",):
        assert any(n.startswith(STAGING_PREFIX) for n in _hidden(folder))  # the kill left something behind
    # the next command writing here first finishes (journal) or discards (no journal) what the killed one left
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError, match="arrêtée"):
            with files_written_together(folder):
                raise RuntimeError("arrêtée")  # stopped by an error after its start: only the recovery happened
    notes = [str(w.message) for w in caught]
    expected = "old" if step == "before journal" else "new"
    assert _generation(folder) == expected
    if step not in ("before journal", "delete journal"):
        assert notes and "terminée d'après son journal" in notes[0], notes
    assert _hidden(folder) == []
    # and a normal command afterwards works and leaves nothing behind
    with files_written_together(folder) as staging:
        _write_new(staging)
    assert _generation(folder) == "new" and _hidden(folder) == []


def test_the_journal_does_not_depend_on_the_working_folder(tmp_path: Path) -> None:
    """Killed in ``projet/`` writing into ``sorties`` (a relative name); finished from inside ``sorties`` as ``.``."""
    project = tmp_path / "projet"
    project.mkdir()
    _old_run(project / "sorties")
    script = KILL_SCRIPT.replace(
        "folder, step = Path(sys.argv[1]), sys.argv[2]", "folder, step = Path('sorties'), sys.argv[2]"
    )
    proc = subprocess.run([sys.executable, "-c", script, "-", "swap 0"], capture_output=True, text=True, cwd=project)
    assert proc.returncode == 9, proc.stderr
    here = os.getcwd()
    os.chdir(project / "sorties")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with files_written_together(Path(".")):  # the next command, in that folder: recovers, writes nothing
                pass
    finally:
        os.chdir(here)
    assert caught and "terminée d'après son journal" in str(caught[0].message)
    assert _generation(project / "sorties") == "new" and _hidden(project / "sorties") == []


def test_the_steps_tested_are_every_step_of_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "sorties"
    _old_run(folder)
    seen: list[str] = []
    monkeypatch.setattr(commit_module, "checkpoint", seen.append)
    with files_written_together(folder) as staging:
        _write_new(staging)
    assert [s for i, s in enumerate(seen) if s not in seen[:i]] == STEPS[1:]  # "delete staging": two folders


@pytest.mark.parametrize("failing_call", [1, 2, 3, 4, 5])
def test_a_move_that_fails_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int) -> None:
    """A move fails (disk error, a file open in Excel on Windows): every previous file is put back, and it is said."""
    folder = tmp_path / "sorties"
    _old_run(folder)
    calls = {"n": 0}

    def fails(src: str, dst: str) -> OSError | None:
        if STAGING_PREFIX in src + dst:
            calls["n"] += 1
            if calls["n"] == failing_call:
                return OSError(errno.EIO, "Input/output error", src)
        return None

    _replace_failing(monkeypatch, fails)
    with pytest.raises(OutputError, match=r"erreur d'entrée-sortie du disque.*Les sorties précédentes sont intactes"):
        with files_written_together(folder) as staging:
            _write_new(staging)
    assert _generation(folder) == "old" and _hidden(folder) == []


def test_a_file_open_in_excel_is_named_and_the_previous_files_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sorties"
    _old_run(folder)
    locked = str(folder / "b.csv")  # open in Excel: Windows refuses to rename it
    _replace_failing(
        monkeypatch, lambda src, dst: PermissionError(errno.EACCES, "Permission denied", src) if src == locked else None
    )
    with pytest.raises(OutputError, match=r"b\.csv.*ouvert"):
        with files_written_together(folder) as staging:
            _write_new(staging, ("a.csv", "b.csv"))
    assert _generation(folder) == "old" and _hidden(folder) == []


def test_moves_that_cannot_be_undone_are_finished_by_the_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sorties"
    _old_run(folder)
    state = {"fail": True}

    def fails(src: str, dst: str) -> OSError | None:
        moving_b_in = dst == str(folder / "b.csv")
        putting_a_back = src == str(folder / "a.csv") and STAGING_PREFIX in dst and ".precedents" not in dst
        if state["fail"] and (moving_b_in or putting_a_back):  # b.csv cannot be moved in, nor a.csv put back
            return OSError(errno.EIO, "Input/output error", src)
        return None

    _replace_failing(monkeypatch, fails)
    with pytest.raises(OutputError, match=r"a été interrompue .* la prochaine commande qui écrit dans ce dossier"):
        with files_written_together(folder) as staging:
            _write_new(staging, ("a.csv", "b.csv"))
    assert [n for n in _hidden(folder) if n.endswith(".json")]  # the journal stays
    state["fail"] = False
    notes = recover_files(folder)  # what the next command writing here does first
    assert notes and "terminée d'après son journal" in notes[0]
    assert {(folder / n).read_text() for n in ("a.csv", "b.csv")} == {"new"} and _hidden(folder) == []


def test_a_folder_named_like_an_output_file_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "sorties"
    _old_run(folder)
    (folder / "b.csv").unlink()
    (folder / "b.csv").mkdir()
    (folder / "b.csv" / "mes_donnees.txt").write_text("à garder")
    with pytest.raises(OutputError, match=r"b\.csv est un dossier, là où la commande écrit un fichier.*intactes"):
        with files_written_together(folder) as staging:
            _write_new(staging, ("a.csv", "b.csv"))
    assert (folder / "b.csv" / "mes_donnees.txt").read_text() == "à garder" and (folder / "a.csv").read_text() == "old"
    assert _hidden(folder) == []


def test_two_commands_never_write_into_one_folder_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "sorties"
    with files_written_together(folder) as staging:
        (staging / "a.csv").write_text("1")
        with pytest.raises(OutputError, match="une autre exécution écrit dans le dossier de sortie"):
            with files_written_together(folder):
                pass
        assert staging.is_dir()  # the second command did not take the first one's staging folder for a leftover
    assert (folder / "a.csv").read_text() == "1"
    assert not (folder / LOCK_NAME).exists() or os.name == "nt"  # the lock is not left among the user's files


# --------------------------------------------------------------------------- through the CLI

CLI_KILL = textwrap.dedent(
    """
    import os, sys
    from access_map.outputs import commit as c
    step = sys.argv[1]
    def checkpoint(name):
        if name == step:
            os._exit(9)
    c.checkpoint = checkpoint
    from access_map.cli import main
    main(sys.argv[2:])
    """
)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("step", ["swap 1", "swap 5", "delete backup 2"])
def test_cpts_killed_while_putting_its_tables_in_place_is_finished_by_the_next_run(tmp_path: Path, step: str) -> None:
    """``access-map cpts`` killed mid-way; the next ``cpts`` run with ``--overwrite`` completes the killed one first."""
    data = tmp_path / "donnees"
    data.mkdir()
    for key in ("cpts", "populations_legales"):
        shutil.copy(demo_directory() / DEMO_FILES[key], data)
    out = tmp_path / "sorties"
    out.mkdir()
    (out / "notes.txt").write_text("mes notes")
    base = ["cpts", "--cpts", str(data / DEMO_FILES["cpts"]), "--communes", str(data / DEMO_FILES["populations_legales"]),
            "--out", str(out), "--no-progress"]  # fmt: skip
    first = subprocess.run([sys.executable, "-c", CLI_KILL, "-", *base], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    tables = _digests(out)
    # the second run writes other tables (--date: evolution.csv) and is killed while putting them in place
    second = [*base, "--overwrite", "--date", "2023-01-01"]
    killed = subprocess.run([sys.executable, "-c", CLI_KILL, step, *second], capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    assert any(n.startswith(STAGING_PREFIX) for n in os.listdir(out))
    again = subprocess.run([sys.executable, "-c", CLI_KILL, "-", *second], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "terminée d'après son journal" in " ".join(again.stderr.split())
    after = _digests(out)
    assert after["notes.txt"] == tables["notes.txt"] and "evolution.csv" in after
    assert set(after) == set(tables) | {"evolution.csv"}
    assert not [n for n in os.listdir(out) if n.startswith(".")]
