"""Build an OSRM routing graph from an OpenStreetMap extract, in a cache, with the binaries of ``osrm-bindings``.

``osrm-extract`` (with a Lua profile: ``car`` by default) then ``osrm-contract``
(contraction hierarchies, the ``CH`` algorithm) turn an ``.osm.pbf`` file into the
``*.osrm*`` files that :class:`osrm.OSRM` opens in process (see
:mod:`access_map.travel.osrm_local`). Both binaries ship in the ``osrm-bindings``
wheel, so no OSRM installation or server is needed.

The graph is cached under ``<cache>/osrm/<sha256 of the extract>-<profile>-<key>/``
(``<cache>`` as for downloads: ``ACCESS_MAP_CACHE`` or the user cache folder), where
``key`` hashes the profile's Lua text and the OSRM version: the same extract with the
same profile is built once. A build happens in a temporary folder renamed into place
at the end, so an interrupted build never leaves a half-written graph in the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections import deque
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .._validate import describe_values
from ..errors import InvalidValueError, SourceError
from ..extras import require_routing
from ..messages import travel as T
from ..messages import validation as M

__all__ = ["PROFILES", "OSRMGraph", "build_osrm_graph", "profile_path", "osrm_binary"]

logger = logging.getLogger(__name__)

#: Lua profiles shipped with ``osrm-bindings`` (``osrm/share/profiles``), by name.
PROFILES: tuple[str, ...] = ("car", "bicycle", "foot")

#: File name suffixes ``osrm-extract`` reads.
OSM_SUFFIXES: tuple[str, ...] = (".osm.pbf", ".osm", ".osm.bz2")

#: Lua wrapper of a shipped profile: the same profile without its ``excludable`` classes (toll,
#: motorway, ferry). osrm-contract contracts the graph's core once more for each class, which
#: quadruples its time with the car profile; requests that do not use ``exclude=`` (ours) are
#: answered identically (tested on the Monaco extract against the shipped car.lua).
_WITHOUT_EXCLUDES = """-- access_map: OSRM's {name}.lua as shipped with osrm-bindings, without its exclude classes
package.path = [[{folder}/]] .. "?.lua;" .. package.path
local shipped = dofile([[{file}]])
local shipped_setup = shipped.setup
shipped.setup = function()
  local profile = shipped_setup()
  profile.excludable = nil
  return profile
end
return shipped
"""

_GRAPH_NAME = "graph.osrm"
_MANIFEST = "graph.json"
_LOG_TAIL_LINES = 25


@dataclass(frozen=True)
class OSRMGraph:
    """A built OSRM graph (contraction hierarchies) and its provenance.

    Attributes
    ----------
    path : Path
        Base path of the graph files (``.../graph.osrm``; the files are ``graph.osrm.*``).
        Open it with :func:`access_map.travel.osrm_local.road_times`, or serve it with
        ``osrm-routed --algorithm ch PATH``.
    osm_sha256 : str
        sha256 of the OpenStreetMap extract it was built from.
    profile : str
        Profile name (``car``...) or the path of the Lua file used.
    osrm_version : str
        Version of ``osrm-bindings`` that built it.
    build_seconds : float
        Wall time of the build (extract + contract) when it was built.
    cached : bool
        ``True`` when this call found the graph in the cache (no build).
    """

    path: Path
    osm_sha256: str
    profile: str
    osrm_version: str
    build_seconds: float
    cached: bool


def _osrm_package_dir() -> Path:
    """Folder of the ``osrm`` package (routing extra; :class:`~access_map.extras.MissingExtraError` without it)."""
    osrm = require_routing()
    return Path(str(osrm.__file__)).parent


def osrm_binary(name: str) -> Path:
    """Path of an OSRM executable shipped with ``osrm-bindings`` (``osrm-extract``, ``osrm-routed``...).

    The Windows wheel names them ``osrm-extract.exe``...: :func:`executable_in` finds either.

    Examples
    --------
    >>> osrm_binary("osrm-routed").stem
    'osrm-routed'
    """
    return executable_in(_osrm_package_dir() / "bin", name)


def executable_in(folder: Path, name: str) -> Path:
    """The executable ``name`` of ``folder``: ``name`` (Linux, macOS) or ``name.exe`` (Windows).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "osrm-extract.exe").write_bytes(b"MZ")
    >>> executable_in(folder, "osrm-extract").name
    'osrm-extract.exe'
    """
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return candidate
    raise SourceError(T.osrm_incomplet(chemin=folder / name))


def profile_path(profile: str | os.PathLike[str]) -> Path:
    """The Lua file of a routing profile: a name of :data:`PROFILES` or the path of a ``.lua`` file.

    Raises
    ------
    InvalidValueError
        Unknown profile name, or a path that is not an existing ``.lua`` file.

    Examples
    --------
    >>> profile_path("car").name
    'car.lua'
    """
    text = os.fspath(profile)
    if text in PROFILES:
        return _osrm_package_dir() / "share" / "profiles" / f"{text}.lua"
    path = Path(text).expanduser()
    if path.suffix == ".lua" and path.is_file():
        return path.resolve()
    raise InvalidValueError(T.profil_inconnu(profil=text, connus=describe_values(PROFILES)))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_osm_file(path: Path) -> None:
    """Missing, empty, wrongly named or visibly corrupt extracts get a precise error before any build."""
    if not path.is_file():
        if path.exists():
            from ..readers._io import input_status

            input_status(path, stream_ok=False)  # names a device, a pipe or a folder as such
        raise SourceError(T.fichier_introuvable(quoi=T.EXTRAIT_OSM, chemin=path))
    name = path.name.lower()
    if not name.endswith(OSM_SUFFIXES):
        raise SourceError(T.pas_un_extrait_osm(nom=path.name, suffixes=", ".join(OSM_SUFFIXES)))
    with open(path, "rb") as handle:
        head = handle.read(64)
    if not head:
        raise SourceError(T.extrait_vide(chemin=path))
    if name.endswith(".osm.pbf") and b"OSMHeader" not in head:
        raise SourceError(T.pas_un_pbf(chemin=path))


def _profile_text(profile: str, lua: Path) -> str:
    """The Lua given to osrm-extract: a wrapper without exclude classes for a shipped profile, else the file."""
    if profile in PROFILES:
        return _WITHOUT_EXCLUDES.format(name=profile, folder=lua.parent.as_posix(), file=lua.as_posix())
    return lua.read_text(encoding="utf-8", errors="replace")


def _cache_dir(osm_sha: str, profile_name: str, profile_key: bytes, version: str, cache_dir: Any) -> Path:
    from ..datasets.download import cache_folder

    key = hashlib.sha256(profile_key + version.encode()).hexdigest()[:12]
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in profile_name)[:40]
    return cache_folder(cache_dir) / "osrm" / f"{osm_sha[:16]}-{safe}-{key}"


def _run(command: list[str], *, cwd: Path, step: str, source: Path, progress: Any) -> None:
    """Run an OSRM tool, streaming its log to the logger (and the progress bar); raise with the log's tail."""
    logger.info("%s: %s", step, " ".join(command))
    tail: deque[str] = deque(maxlen=_LOG_TAIL_LINES)
    shown_at = 0.0
    with subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip()
            tail.append(line)
            logger.debug("%s: %s", step, line)
            if progress is not None and "] [info] " in line and time.monotonic() - shown_at > 0.5:
                shown_at = time.monotonic()  # OSRM's latest log line, at most twice a second
                progress.set_postfix_str(line.split("] [info] ", 1)[1][:60], refresh=True)
        code = proc.wait()
    if code != 0:
        errors = [line for line in tail if "error" in line.lower() or "what()" in line]
        shown = "\n  ".join(errors[-5:] or list(tail)[-5:])
        raise SourceError(T.etape_osrm_echouee(etape=step, source=source, code=code, lignes=shown))


def build_osrm_graph(
    osm: str | os.PathLike[str],
    *,
    profile: str | os.PathLike[str] = "car",
    cache_dir: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    rebuild: bool = False,
    progress: bool = False,
) -> OSRMGraph:
    """OSRM graph (extract + contract, CH) of an OpenStreetMap extract, built once and cached.

    Parameters
    ----------
    osm : path
        OpenStreetMap extract: ``.osm.pbf`` (e.g. a Geofabrik region; see the registry datasets
        ``osm_<region>`` and ``access-map fetch``), or ``.osm`` / ``.osm.bz2``.
    profile : str or path
        Routing profile: ``"car"`` (default), ``"bicycle"``, ``"foot"`` (shipped with
        osrm-bindings; used without their ``excludable`` classes, which only serve requests with
        ``exclude=`` and would quadruple the contraction time) or the path of a ``.lua`` profile
        used as it is (its ``lib/`` folder beside it).
    cache_dir : path, optional
        Cache root (default ``$ACCESS_MAP_CACHE`` or the user cache folder); graphs go in ``osrm/``.
    threads : int, optional
        Threads of osrm-extract and osrm-contract (default: the CPUs available to this process).
    rebuild : bool
        Build again even if the cache holds the graph.
    progress : bool
        Show a progress bar over the two steps with OSRM's latest log line (the CLI turns it on).

    Returns
    -------
    OSRMGraph
        Where the graph is and how it was built.

    Raises
    ------
    SourceError
        Missing, empty, misnamed or corrupt extract (the message quotes OSRM's error).
    InvalidValueError
        Unknown profile or bad ``threads``.
    MissingExtraError
        The OSRM engine (``pip install "access_map[routing]"``) is not installed.

    Examples
    --------
    >>> try:
    ...     build_osrm_graph("/nonexistent/region.osm.pbf")
    ... except SourceError as e:
    ...     print(e)
    extrait OpenStreetMap introuvable : /nonexistent/region.osm.pbf (vérifiez le chemin)
    >>> try:
    ...     build_osrm_graph("/nonexistent/region.osm.pbf", profile="truck")
    ... except InvalidValueError as e:
    ...     print(str(e)[:35])
    profil d'itinéraire inconnu 'truck'
    """
    require_routing("build_osrm_graph")
    lua = profile_path(profile)
    profile_name = os.fspath(profile) if os.fspath(profile) in PROFILES else str(lua)
    source = Path(osm).expanduser()
    _check_osm_file(source)
    if threads is None:
        threads = max(len(os.sched_getaffinity(0)), 1) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if not isinstance(threads, int) or threads < 1:
        raise InvalidValueError(T.nombre_invalide(nom="threads", condition="un entier ≥ 1", valeur=threads))
    version = metadata.version("osrm-bindings")
    osm_sha = _sha256(source)
    profile_key = _profile_text(os.fspath(profile), lua).encode() + lua.read_bytes()
    folder = _cache_dir(osm_sha, Path(profile_name).stem, profile_key, version, cache_dir)
    manifest = folder / _MANIFEST
    info = _cached_manifest(folder) if manifest.is_file() and not rebuild else None
    if info is not None:
        logger.info("OSRM graph of %s found in the cache: %s", source.name, folder)
        return OSRMGraph(
            path=folder / _GRAPH_NAME,
            osm_sha256=osm_sha,
            profile=profile_name,
            osrm_version=version,
            build_seconds=float(info.get("build_seconds", 0.0)),
            cached=True,
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        if os.fspath(profile) in PROFILES:  # the shipped profile without exclude classes (see _WITHOUT_EXCLUDES)
            lua = work / f"{os.fspath(profile)}_access_map.lua"
            lua.write_text(_profile_text(os.fspath(profile), profile_path(profile)), encoding="utf-8")
        steps = _build(source, lua=lua, work=work, threads=threads, progress=progress)
        seconds = sum(steps.values())
        files = {q.name: q.stat().st_size for q in sorted(work.iterdir()) if q.is_file()}
        (work / _MANIFEST).write_text(
            json.dumps(
                {
                    "files": files,  # what a cache hit checks is still there (a damaged cache is rebuilt)
                    "osm": str(source),
                    "osm_sha256": osm_sha,
                    "profile": profile_name,
                    "osrm_version": version,
                    "algorithm": "CH",
                    "build_seconds": seconds,
                    "step_seconds": steps,
                },
                indent=1,
            ),
            encoding="utf-8",
        )
        if folder.exists():  # rebuild, or another process finished first
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(work, folder)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    logger.info("OSRM graph of %s built in %.1f s: %s", source.name, seconds, folder)
    return OSRMGraph(
        path=folder / _GRAPH_NAME,
        osm_sha256=osm_sha,
        profile=profile_name,
        osrm_version=version,
        build_seconds=seconds,
        cached=False,
    )


#: Files of a contraction-hierarchies graph that the OSRM engine opens (checked on a cache hit when the manifest
#: of an older version does not list its files).
_CH_FILES: tuple[str, ...] = tuple(
    f"{_GRAPH_NAME}.{ext}"
    for ext in (
        "hsgr", "ebg_nodes", "geometry", "ramIndex", "fileIndex", "properties", "timestamp", "names",
        "datasource_names", "nbg_nodes", "edges", "tls", "tld", "icd", "turn_weight_penalties",
        "turn_duration_penalties", "maneuver_overrides", "cnbg_to_ebg",
    )
)  # fmt: skip


def _cached_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a cached graph, or None (with a warning) when the graph is damaged: it is then rebuilt.

    A cache folder can lose files (a disk cleaner, an interrupted copy): without this check the engine would
    fail on every run, and running the same command again would find the same damaged graph.
    """
    try:
        info = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        expected = info.get("files") if isinstance(info, dict) else None
    except (OSError, ValueError):
        info, expected = None, None
    if info is None:
        missing = [_MANIFEST]
    elif isinstance(expected, dict):
        missing = [
            name
            for name, size in expected.items()
            if not (folder / name).is_file() or (folder / name).stat().st_size != size
        ]
    else:
        missing = [name for name in _CH_FILES if not (folder / name).is_file()]
    if missing:
        warnings.warn(M.cache_osrm_incomplet(dossier=str(folder), manquants=missing), UserWarning, stacklevel=3)
        return None
    return info  # type: ignore[no-any-return]


def _build(source: Path, *, lua: Path, work: Path, threads: int, progress: bool) -> dict[str, float]:
    """osrm-extract then osrm-contract into ``work``; return the wall time of each."""
    base = work / _GRAPH_NAME
    steps = [
        ("osrm-extract", [str(osrm_binary("osrm-extract")), "-p", str(lua), "-t", str(threads), "-o", str(base)]),
        ("osrm-contract", [str(osrm_binary("osrm-contract")), "-t", str(threads), str(base)]),
    ]
    steps[0][1].append(str(source.resolve()))
    bar: Any = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(steps), desc=f"OSRM graph {source.name}", unit="step")
    seconds: dict[str, float] = {}
    try:
        for step, command in steps:
            if bar is not None:
                bar.set_description(f"OSRM graph {source.name}: {step}")
            start = time.perf_counter()
            _run(command, cwd=work, step=step, source=source, progress=bar)
            seconds[step] = round(time.perf_counter() - start, 3)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return seconds
