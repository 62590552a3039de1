"""Odd input files: pipes read once, devices refused, decompression bombs bounded, huge headers quoted short.

A FIFO or a process substitution (``<(gunzip -c pop.csv.gz)``) can be read only once: a producer writes it once and
closes it. The readers must read it once (sniffing then parsing from memory), and the command line copies it once
into a private file before any reader runs. ``/dev/zero`` would be read forever; a gzip of zeros expands a thousand
times. Every case must end quickly with a message naming the file, and leave the previous outputs intact.
"""

from __future__ import annotations

import builtins
import gzip
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map.cli import main
from access_map.datasets.demo import DEMO_FILES, demo_directory
from access_map.errors import MissingColumnError, SourceError
from access_map.readers import _io
from access_map.readers._io import streams as io_streams
from access_map.readers.insee import read_populations_legales

DEMO = demo_directory()
TIMEOUT_S = 120.0


def _demo(key: str) -> Path:
    return DEMO / DEMO_FILES[key]


def _feed_once(fifo: Path, data: bytes) -> threading.Thread:
    """A producer that opens the pipe, writes everything once and closes it (as ``gunzip -c`` does)."""

    def write() -> None:
        with open(fifo, "wb") as fh:
            fh.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _release(fifo: Path) -> None:
    """Unblock a reader still waiting on ``fifo`` (so that a failing test does not hang the session)."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


def _within(seconds: float, run: Callable[[], object], *fifos: Path) -> object:
    """``run()`` in a thread; fail (instead of hanging) if it has not returned after ``seconds``."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = run()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        for fifo in fifos:
            _release(fifo)
        pytest.fail(f"still reading after {seconds:g} s: the pipe was opened a second time")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFO on this system")
def test_a_fifo_written_once_is_read_once_by_the_table_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "populations.csv"
    os.mkfifo(fifo)
    content = _demo("populations_legales").read_bytes()
    _feed_once(fifo, content)
    table = _within(TIMEOUT_S, lambda: read_populations_legales(fifo), fifo)
    expected = read_populations_legales(_demo("populations_legales"))
    pd.testing.assert_frame_equal(table, expected)  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFO on this system")
def test_a_gzipped_stream_through_a_fifo_is_read_whatever_its_name(tmp_path: Path) -> None:
    """``<(cat pop.csv.gz)``: the pipe has no ``.gz`` name; gzip is recognised by its first bytes."""
    fifo = tmp_path / "63"
    os.mkfifo(fifo)
    _feed_once(fifo, gzip.compress(_demo("populations_legales").read_bytes()))
    table = _within(TIMEOUT_S, lambda: read_populations_legales(fifo), fifo)
    assert len(table) == 600  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFO on this system")
def test_apl_reads_process_substitutions_written_once_without_hanging(tmp_path: Path) -> None:
    """`access-map apl --population <(...) --supply <(...)`: each pipe is copied once, the result equals the one
    computed from the files."""
    pop, supply = tmp_path / "pop_fifo", tmp_path / "supply_fifo"
    os.mkfifo(pop)
    os.mkfifo(supply)
    _feed_once(pop, _demo("population_by_age").read_bytes())
    _feed_once(supply, _demo("activity").read_bytes())
    from_pipes, from_files = tmp_path / "pipes.csv", tmp_path / "files.csv"
    points = str(_demo("admin_express"))

    def run(population: Path, practitioners: Path, out: Path) -> object:
        args = ["apl", "--population", str(population), "--supply", str(practitioners), "--points", points]
        return CliRunner().invoke(main, [*args, "--output", str(out)])

    res = _within(TIMEOUT_S, lambda: run(pop, supply, from_pipes), pop, supply)
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    res = run(_demo("population_by_age"), _demo("activity"), from_files)
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]
    assert from_pipes.read_bytes() == from_files.read_bytes()
    assert not list(Path(tempfile.gettempdir()).glob("access_map_entree_*/pop_fifo"))  # the copies are removed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFO on this system")
def test_a_refresh_configuration_given_as_a_pipe_is_read_once(tmp_path: Path) -> None:
    from access_map.config import load_config

    fifo = tmp_path / "territoire.toml"
    os.mkfifo(fifo)
    _feed_once(fifo, b'name = "demo"\n[sources]\ndemo = true\n')
    config = _within(TIMEOUT_S, lambda: load_config(fifo), fifo)
    assert config.sources.demo is True  # type: ignore[attr-defined]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize(
    "read",
    [
        read_populations_legales,
        lambda p: _io.read_text(p),
        lambda p: _io.read_config_text(p),
        lambda p: _io.require_regular_file(p),
    ],
    ids=["table", "text", "config", "vector"],
)
def test_dev_zero_is_refused_as_a_device_not_read(read: Callable[[Path], object]) -> None:
    with pytest.raises(SourceError, match=r"/dev/zero : ce n'est pas un fichier ordinaire \(un périphérique\)"):
        _within(10.0, lambda: read(Path("/dev/zero")))


def _gzip_of_zeros(path: Path, megabytes: int) -> Path:
    block = b"\0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=6) as fh:
        for _ in range(megabytes):
            fh.write(block)
    return path


def test_a_gzip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    """64 MB of zeros in 64 kB: refused after 16 MB decompressed (ratio above 200), naming the bound."""
    bomb = _gzip_of_zeros(tmp_path / "populations.csv.gz", 64)
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(SourceError, match=r"populations.csv.gz : après .* dépasse 200 fois sa taille compressée"):
        read_populations_legales(bomb)


def test_a_decompressed_size_above_the_bound_is_refused_naming_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sane gzip (real populations légales, ratio ~4) above a bound lowered to 1 MB by the environment."""
    rows = _demo("populations_legales").read_text(encoding="utf-8").splitlines()
    big = "\n".join([rows[0]] + rows[1:] * 100) + "\n"  # ~1.5 MB of text
    path = tmp_path / "pl.csv.gz"
    path.write_bytes(gzip.compress(big.encode("utf-8")))
    monkeypatch.setenv(_io.MAX_INPUT_ENV, "1")
    with pytest.raises(SourceError, match=r"pl.csv.gz : son contenu décompressé dépasse la limite de 1 Mo"):
        read_populations_legales(path)
    monkeypatch.delenv(_io.MAX_INPUT_ENV)
    with pytest.raises(Exception, match=r"plusieurs fois|en double"):  # within the default bound: read, then judged
        read_populations_legales(path)


def test_a_gzip_bomb_given_to_a_geographic_reader_is_refused_before_gdal_expands_it(tmp_path: Path) -> None:
    from access_map.territory import read_commune_points

    bomb = _gzip_of_zeros(tmp_path / "points.geojson.gz", 64)
    with pytest.raises(SourceError, match=r"points.geojson.gz : après .* 200 fois sa taille compressée"):
        read_commune_points(bomb)


def test_a_one_megabyte_header_gives_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "pl.csv"
    path.write_text("X" * (1 << 20) + ";REG\n1;2\n", encoding="utf-8")
    with pytest.raises(MissingColumnError) as info:
        read_populations_legales(path)
    message = str(info.value)
    assert len(message) < 1000, len(message)
    assert "XXXXXXXX…" in message and "PMUN" in message


def test_a_one_megabyte_header_gives_a_short_message_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "cpts.csv"
    path.write_text(";".join(["Y" * (1 << 19), "Z" * (1 << 19)]) + "\nC1;X\n", encoding="utf-8")
    res = CliRunner().invoke(
        main,
        ["cpts", "--cpts", str(path), "--communes", str(_demo("populations_legales")), "--out", str(tmp_path / "o")],
    )
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert len(res.output) < 2000, len(res.output)
    assert "YYYY…" in res.output


def test_an_unreadable_input_is_reported_as_a_file_system_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A permission or I/O error names the file and the system's reason (not "unexpected error")."""
    path = tmp_path / "pl.csv"
    path.write_text("REG;DEP;COM;PMUN\n75;33;33063;1\n", encoding="utf-8")

    def refused(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return builtins.open(file, *args, **kwargs)  # type: ignore[call-overload]

    # the readers open their input in _io.streams.open_bytes (root could read a chmod 0 file)
    monkeypatch.setattr(io_streams, "open", refused, raising=False)
    with pytest.raises(SourceError, match=r"impossible de lire .*pl.csv : permission refusée"):
        read_populations_legales(path)
    res = CliRunner().invoke(
        main,
        ["cpts", "--cpts", str(path), "--communes", str(_demo("populations_legales")), "--out", str(tmp_path / "o")],
    )
    assert res.exit_code == 1 and "pl.csv : permission refusée" in res.output and "unexpected" not in res.output
