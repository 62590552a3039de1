"""Second set, family 6: odd files, full disks and interruptions.

Symbolic-link loops, a folder where a configuration is expected, a link to a device, a configuration saved as
UTF-16 by Windows Notepad or empty, a truncated gzip; a full disk, a permission or an I/O error at several points
of a command's writing; Ctrl-C in the middle of a refresh and of the other commands (French message, exit code
130, previous outputs intact, nothing left behind).
"""

from __future__ import annotations

import errno
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
from bad_input_cases import Case, build_files, run_case
from click.testing import CliRunner

from access_map.cli import main
from access_map.datasets.demo import DEMO_FILES, demo_directory

_LOOP = r"boucle de liens symboliques \(le lien pointe, directement ou non, vers lui-même\)"
_CP = ("cpts", "--out", "{out}", "--cpts", "{cpts}")

CASES: list[Case] = [
    Case("refresh-config-is-a-folder", ("refresh", "--config", "{config_folder}"), 2, r"dossier.toml : c'est un dossier, pas un fichier"),
    Case("scenario-config-is-a-folder", ("scenario", "--config", "{config_folder}"), 2, r"dossier.toml' is a directory"),
    Case(
        "apl-population-symbolic-link-loop",
        ("apl", "--population", "{loop}", "--supply", "{activity}", "--points", "{admin_express}", "--output", "{out}.csv"),
        2,
        r"impossible de lire .*boucle : " + _LOOP,
    ),
    Case("scenario-config-symbolic-link-loop", ("scenario", "--config", "{loop}"), 1, r"impossible de lire .*boucle : " + _LOOP),
    Case("travel-crowfly-points-symbolic-link-loop", ("travel", "crowfly", "--points", "{loop}", "--output", "{out}.parquet"), 2, _LOOP),
    Case("refresh-config-symbolic-link-loop", ("refresh", "--config", "{loop}"), 2, _LOOP),
    Case("demo-output-folder-symbolic-link-loop", ("demo", "--output-dir", "{loop}", "--maps-dir", "{out}"), 1, r"accès impossible à .*boucle : " + _LOOP),
    Case("fetch-cache-symbolic-link-loop", ("fetch", "drees_apl_mg", "--cache-dir", "{loop}"), 1, _LOOP),
    Case("cpts-list-is-a-link-to-dev-zero", ("cpts", "--out", "{out}", "--cpts", "{zero_link}", "--communes", "{populations_legales}"), 2, r"zero.csv : ce n'est pas un fichier ordinaire \(un périphérique\)"),
    Case("refresh-config-zero-bytes", ("refresh", "--config", "{empty_toml}"), 1, r"vide.toml : le fichier est vide"),
    Case("scenario-config-zero-bytes", ("scenario", "--config", "{empty_toml}"), 1, r"vide.toml : le fichier est vide"),
    Case("cpts-populations-truncated-gzip", (*_CP, "--communes", "{pl_truncated_gz}"), 1, r"pl_tronque.csv.gz : le fichier compressé est tronqué"),
    Case("cpts-populations-gz-name-not-gzip", (*_CP, "--communes", "{pl_not_gz}"), 1, r"son nom finit par .gz mais son contenu n'est pas compressé"),
]  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_files(tmp_path_factory.mktemp("fichiers_bizarres"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_odd_files_are_refused_in_french(case: Case, files: dict[str, str], tmp_path: Path) -> None:
    run_case(case, files, tmp_path)


def test_a_refresh_configuration_saved_as_utf16_is_read(files: dict[str, str], tmp_path: Path) -> None:
    """Windows Notepad's « Unicode » is UTF-16 with a BOM: read like its UTF-8 twin (it was refused with the
    advice not to impose an encoding, which the user had not)."""
    from access_map.config import load_config
    from access_map.readers._io import read_config_text

    utf8 = tmp_path / "t.toml"
    utf8.write_text(read_config_text(files["config_utf16"]), encoding="utf-8")
    assert read_config_text(utf8) == read_config_text(files["config_utf16"])
    assert load_config(files["config_utf16"]).professions == load_config(utf8).professions


def test_a_configuration_in_latin1_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    from access_map.config import load_config
    from access_map.errors import SourceError

    path = tmp_path / "t.toml"
    path.write_bytes('name = "Médoc"\n'.encode("latin-1"))
    with pytest.raises(SourceError, match=r"t.toml : ce n'est pas du texte en UTF-8 .* enregistrez-le en UTF-8"):
        load_config(path)


def _demo(key: str) -> str:
    return str(demo_directory() / DEMO_FILES[key])


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


_COMMANDS = {
    "zoning": ["zoning", "--apl", "{apl_ok}", "--tvs", "{tvs}", "--region", "07", "--output-dir", "{out}"],
    "msp": ["msp", "--structures", "{finess}", "--communes", "{populations_legales}", "--out", "{out}"],
    "cpts": ["cpts", "--cpts", "{cpts}", "--communes", "{populations_legales}", "--out", "{out}"],
}
_FAULTS = {
    "disk-full": (OSError(errno.ENOSPC, "No space left on device"), r"le disque est plein ; libérez de la place"),
    "permission": (PermissionError(errno.EACCES, "Permission denied"), r"permission refusée"),
    "io-error": (OSError(errno.EIO, "Input/output error"), r"erreur d'entrée-sortie du disque"),
}


@pytest.mark.parametrize("command", sorted(_COMMANDS))
@pytest.mark.parametrize("fault", sorted(_FAULTS))
@pytest.mark.parametrize("nth_table", [1, 3])
def test_a_fault_while_a_command_writes_leaves_its_previous_outputs(
    command: str, fault: str, nth_table: int, files: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk (ENOSPC), a refused permission or an I/O error at the first or the third table written: the
    error is said in French, the previous run's tables are left byte for byte — none replaced by the new run's
    (they were: the tables written before the fault were the new ones, the others the old) — and no staging
    folder remains."""
    out = tmp_path / "sorties"
    args = [a.format(out=out, **files) for a in _COMMANDS[command]]
    _previous_run(args, out)
    before = _digests(out)
    error, pattern = _FAULTS[fault]
    real, calls = pd.DataFrame.to_csv, [0]

    def failing(self: pd.DataFrame, *a: object, **k: object) -> object:
        calls[0] += 1
        if calls[0] == nth_table:
            raise error
        return real(self, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr(pd.DataFrame, "to_csv", failing)
    res = CliRunner().invoke(main, [*args, "--overwrite"])
    assert res.exit_code == 1 and calls[0] == nth_table, res.output
    text = " ".join(res.output.split())
    assert re.search(pattern, text), res.output
    assert "Traceback" not in res.output and "unexpected error" not in res.output
    assert "ecriture" not in text, "the message names the file the user knows, not the staging one"
    assert _digests(out) == before
    assert _hidden(tmp_path) == [] and _hidden(out) == []


def _previous_run(args: list[str], out: Path) -> None:
    """A previous run's outputs, each file marked so that a table replaced by the new run shows."""
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    for path in out.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes() + b"\n(run precedent)\n")


def _hidden(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")]


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_in_the_middle_of_a_refresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the maps are drawn (the tables are written): exit code 130, a French message, the previous
    tables and maps byte for byte, no staging folder left."""
    from access_map.refresh import run as refresh_run

    out, maps = tmp_path / "sorties", tmp_path / "cartes"
    args = ["demo", "--output-dir", str(out), "--maps-dir", str(maps)]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = {"out": _digests(out), "maps": _digests(maps)}
    monkeypatch.setattr(refresh_run, "_maps", _interrupt)
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 130, res.output  # access_map.cli.INTERRUPTED_EXIT_CODE: 128 + SIGINT
    text = " ".join(res.output.split())
    assert "exécution interrompue (Ctrl-C) avant la fin : aucune sortie n'est laissée à moitié écrite" in text
    assert "Aborted" not in res.output and "Traceback" not in res.output
    assert {"out": _digests(out), "maps": _digests(maps)} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")] == []


@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_ctrl_c_while_a_command_writes(
    command: str, files: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sorties"
    args = [a.format(out=out, **files) for a in _COMMANDS[command]]
    _previous_run(args, out)
    before = _digests(out)
    real, calls = pd.DataFrame.to_csv, [0]

    def interrupted(self: pd.DataFrame, *a: object, **k: object) -> object:
        calls[0] += 1
        if calls[0] == 2:
            raise KeyboardInterrupt
        return real(self, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr(pd.DataFrame, "to_csv", interrupted)
    res = CliRunner().invoke(main, [*args, "--overwrite"])
    assert res.exit_code == 130 and "exécution interrompue (Ctrl-C)" in res.output, res.output
    assert _digests(out) == before
    assert _hidden(tmp_path) == [] and _hidden(out) == []


@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_a_successful_run_replaces_every_table_and_keeps_the_users_files(
    command: str, files: dict[str, str], tmp_path: Path
) -> None:
    """Control of the staging: a run that succeeds puts every one of its tables in place (none left from the
    previous run), leaves a file of the user's untouched, and leaves no staging folder."""
    out = tmp_path / "sorties"
    args = [a.format(out=out, **files) for a in _COMMANDS[command]]
    _previous_run(args, out)
    (out / "mes_notes.txt").write_text("à garder", encoding="utf-8")
    res = CliRunner().invoke(main, [*args, "--overwrite"])
    assert res.exit_code == 0, res.output
    tables = [p for p in out.rglob("*") if p.is_file() and p.name != "mes_notes.txt"]
    assert len(tables) >= 4 and not [p.name for p in tables if p.read_bytes().endswith(b"(run precedent)\n")]
    assert (out / "mes_notes.txt").read_text(encoding="utf-8") == "à garder" and _hidden(out) == []


def test_ctrl_c_while_apl_writes_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A single output file: the previous one stays, no temporary file beside it."""
    out = tmp_path / "apl.csv"
    out.write_bytes(b"sortie precedente\n")
    monkeypatch.setattr(pd.DataFrame, "to_csv", _interrupt)
    args = ["apl", "--population", _demo("population_by_age"), "--supply", _demo("activity")]
    res = CliRunner().invoke(main, [*args, "--points", _demo("admin_express"), "--output", str(out)])
    assert res.exit_code == 130 and "exécution interrompue (Ctrl-C)" in res.output, res.output
    assert out.read_bytes() == b"sortie precedente\n" and sorted(p.name for p in tmp_path.iterdir()) == ["apl.csv"]
