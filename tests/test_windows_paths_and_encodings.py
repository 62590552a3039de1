"""What ARS analysts' Windows machines give the package, tested here: folders with spaces and accents
(``C:\\Users\\Hélène\\Mes documents\\ARS données``), input files saved by Excel or Notepad (CRLF line ends, a BOM,
or cp1252), a console in cp1252, and the Windows branch of the output-folder lock.

The APL computed from the rewritten files must equal, value for value, the APL of the original demo files
(whose values are checked against hand computations elsewhere): only the bytes of the files change.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import access_map
from access_map.cli import main
from access_map.cli._console import ERRORS, prepare_console
from access_map.csv_format import read_csv
from access_map.errors import OutputError
from access_map.messages.outputs import dossier_verrouille

DEMO = Path(access_map.__file__).parent / "datasets" / "demo"
CSV_INPUTS = ("pop_sexe_age_quinquennal.csv", "activite_praticiens.csv")


def _windows_folder(root: Path, user: str = "Hélène") -> Path:
    folder = root / "Users" / user / "Mes documents" / "ARS données 2024"
    folder.mkdir(parents=True)
    return folder


def _rewrite(source: Path, target: Path, *, encoding: str) -> None:
    """The file as Excel or Notepad on Windows saves it: CRLF line ends, in ``encoding`` (utf-8-sig: with a BOM)."""
    text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
    target.write_bytes(text.replace("\n", "\r\n").encode(encoding))


def _apl(folder: Path, output: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-c", "from access_map.cli import main; main()", "apl", "--population", str(folder / CSV_INPUTS[0]),
               "--supply", str(folder / CSV_INPUTS[1]), "--points", str(folder / "admin_express_demo.gpkg"),
               "--variants", "--output", str(output)]  # fmt: skip
    return subprocess.run(command, capture_output=True, env=env, check=False)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The APL of the demo files as shipped (UTF-8, LF), in a plain folder."""
    out = tmp_path_factory.mktemp("plain") / "apl.csv"
    res = CliRunner().invoke(
        main,
        ["apl", "--population", str(DEMO / CSV_INPUTS[0]), "--supply", str(DEMO / CSV_INPUTS[1]), "--points",
         str(DEMO / "admin_express_demo.gpkg"), "--variants", "--output", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert len(read_csv(out, index_col="code_commune")) == 600
    return out.read_bytes()


def test_demo_files_are_plain_utf8_with_lf() -> None:
    # the premise of the comparisons below: the rewritten files differ from these
    for name in CSV_INPUTS:
        data = (DEMO / name).read_bytes()
        assert b"\r\n" not in data and not data.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_apl_from_crlf_files_in_a_folder_with_spaces_and_accents(
    tmp_path: Path, reference: bytes, encoding: str
) -> None:
    folder = _windows_folder(tmp_path)
    for name in CSV_INPUTS:
        _rewrite(DEMO / name, folder / name, encoding=encoding)
        assert (folder / name).read_bytes().count(b"\r\n") > 100
    assert (
        "ë".encode("utf-8" if encoding == "utf-8-sig" else encoding) in (folder / CSV_INPUTS[1]).read_bytes()
    )  # accented names, in that encoding
    shutil.copy(DEMO / "admin_express_demo.gpkg", folder)
    output = folder / "Résultats APL" / "apl généralistes.csv"
    output.parent.mkdir()
    res = CliRunner().invoke(
        main,
        ["apl", "--population", str(folder / CSV_INPUTS[0]), "--supply", str(folder / CSV_INPUTS[1]), "--points",
         str(folder / "admin_express_demo.gpkg"), "--variants", "--output", str(output)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert str(output) in res.output  # the path is printed back as given
    assert output.read_bytes() == reference


def test_console_in_cp1252_gets_the_messages_not_a_traceback(tmp_path: Path, reference: bytes) -> None:
    """A Windows console (or a redirected output) in cp1252, and a user folder whose name it cannot write."""
    folder = _windows_folder(tmp_path, user="Nguyễn Thị")  # 'ễ' and 'ị' are not in cp1252
    for name in (*CSV_INPUTS, "admin_express_demo.gpkg"):
        shutil.copy(DEMO / name, folder)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    output = folder / "apl.csv"
    res = _apl(folder, output, env=env)
    assert res.returncode == 0, res.stderr.decode("cp1252")
    stderr = res.stderr.decode("cp1252")  # every byte is cp1252
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr
    assert "Nguyen Thi" in stderr and "consultations/visites accessibles par habitant standardisé" in stderr
    assert output.read_bytes() == reference
    # an error message naming that folder reaches the user too
    res = _apl(folder / "absent", folder / "x.csv", env=env)
    assert res.returncode != 0
    stderr = res.stderr.decode("cp1252")
    assert "Traceback" not in stderr and "Nguyen Thi" in stderr
    # standard output (strict by default): two travel-time tables whose names cp1252 cannot write
    tables = []
    for minutes, label in ((5, "a"), (7, "b")):
        tables.append(folder / f"temps Nguyễn {label}.csv")
        rows = [f"01001;01002;{minutes}", f"01002;01001;{minutes}", "01001;01001;0", "01002;01002;0"]
        tables[-1].write_text("origin;destination;minutes\n" + "\n".join(rows) + "\n", encoding="utf-8")
    command = [sys.executable, "-c", "from access_map.cli import main; main()", "travel", "compare", *map(str, tables)]
    res = subprocess.run(command, capture_output=True, env=env, check=False)
    assert res.returncode == 0, res.stderr.decode("cp1252")
    stdout = res.stdout.decode("cp1252")
    assert (
        "A = temps Nguyen a.csv, B = temps Nguyen b.csv (référence)" in stdout
        and "écart absolu moyen 2,00 min" in stdout
    )


def test_console_replacements_keep_french_numbers_readable() -> None:
    text = "population passant sous 2,5 : 35\u202f023 ; ΔAPL ≤ −0,4 → ZIP « vivier » ; Œuvre"
    assert text.encode("cp1252", errors=ERRORS).decode("cp1252") == (
        "population passant sous 2,5 : 35\u00a0023 ; delta APL <= -0,4 -> ZIP « vivier » ; Œuvre"
    )
    assert text.encode("ascii", errors=ERRORS) == (
        b'population passant sous 2,5 : 35 023 ; delta APL <= -0,4 -> ZIP " vivier " ; OEuvre'
    )
    assert text.encode("utf-8", errors=ERRORS).decode("utf-8") == text  # a UTF-8 console gets it all


def test_prepare_console_leaves_utf8_and_captured_streams_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    cp1252 = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", cp1252)
    monkeypatch.setattr(sys, "stderr", utf8)
    prepare_console()
    assert cp1252.errors == ERRORS and utf8.errors == "strict"
    cp1252.write("35\u202f023 ≤ 4\n")
    cp1252.flush()
    assert cp1252.buffer.getvalue() == "35\u00a0023 <= 4\n".encode("cp1252")  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------- the Windows branch of the lock


class _EmulatedMsvcrt(types.ModuleType):
    """``msvcrt.locking`` as Windows documents it (a non-blocking lock of ``nbytes`` bytes that raises OSError
    when another handle holds them), emulated with ``flock``, which also conflicts between two handles of one
    process. Calls are recorded."""

    LK_NBLCK = 2
    LK_UNLCK = 0

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.calls: list[tuple[int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        import fcntl

        self.calls.append((mode, nbytes))
        if mode == self.LK_NBLCK:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif mode == self.LK_UNLCK:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            raise ValueError(mode)


@pytest.mark.skipif(os.name == "nt", reason="on Windows the real msvcrt branch runs in every test")
def test_folder_lock_windows_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _EmulatedMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    spec = importlib.util.spec_from_file_location("access_map._atomic_on_windows", access_map._atomic.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with monkeypatch.context() as patch:
        patch.setattr(os, "name", "nt")
        spec.loader.exec_module(module)
    assert module._lock.__code__.co_names.count("msvcrt") >= 1  # the Windows functions were defined
    target = _windows_folder(tmp_path) / "sorties"
    with module.FolderLock(target):
        with pytest.raises(OutputError) as refused:
            module.FolderLock(target).acquire()
    assert str(refused.value) == dossier_verrouille(folder=target, lock=target.parent / ".sorties.lock")
    assert fake.calls == [(fake.LK_NBLCK, 1), (fake.LK_NBLCK, 1), (fake.LK_UNLCK, 1)]
    # released: the next run takes it (the lock file stays, beside the folder, in the accented path)
    lock = module.FolderLock(target)
    lock.acquire()
    lock.release()
    assert fake.calls[-2:] == [(fake.LK_NBLCK, 1), (fake.LK_UNLCK, 1)]
    assert [p.name for p in target.parent.iterdir()] == [".sorties.lock"]


# ----------------------------------------------------------- the Windows branches of the output-folder commit


def test_commit_syncs_no_folder_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to open a folder (``os.open`` raises PermissionError): the journal's folder sync is Unix-only."""
    from access_map.outputs import commit

    real_open = os.open
    opened: list[str] = []

    def windows_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        opened.append(os.fspath(path))
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args)

    folder = _windows_folder(tmp_path) / "sorties"
    folder.mkdir()
    monkeypatch.setattr(os, "open", windows_open)
    with pytest.raises(PermissionError):
        commit._fsync_folder(folder)  # the Unix branch, under Windows' rule, would fail the commit
    with monkeypatch.context() as patch:
        patch.setattr(os, "name", "nt")
        commit._fsync_folder(folder)
    assert opened == [str(folder)]  # only the Unix branch tried


def test_folder_without_write_bits_is_refused_on_unix_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unix: a folder with no write bit (chmod 555) is refused, even for root. Windows folders carry no write bits
    (a read-only attribute on a folder does not stop files being written in it): the check is skipped there."""
    from access_map.errors import OutputError
    from access_map.outputs import guard

    folder = _windows_folder(tmp_path) / "sorties"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError):
            guard._check_writable(folder)
        with monkeypatch.context() as patch:
            patch.setattr(os, "name", "nt")
            guard._check_writable(folder)
    finally:
        folder.chmod(0o755)
