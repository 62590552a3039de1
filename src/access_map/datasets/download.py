"""Download official source files into a user cache (pooch), with provenance and manual fallback.

The registry (``registry.json`` beside this module) lists, for each dataset, the
publisher's page, licence, attribution and, per vintage, the download URL, the
file name and its sha256 when the file is stable (``None`` for rolling
extractions such as FINESS or the Annuaire santé, and where the hash is not
known yet: then whatever the URL serves is accepted).

Files are cached in ``<cache>/<dataset>/<vintage>/<file name>`` where ``<cache>``
is, in order: the ``cache_dir`` argument, the ``ACCESS_MAP_CACHE`` environment
variable, or the user cache folder (:func:`pooch.os_cache`, e.g.
``~/.cache/access_map`` on Linux). A file already there is used without any
network access, so a file downloaded by hand and put there works offline.
When the download fails (offline, moved URL, hash mismatch) :func:`fetch`
raises :class:`~access_map.errors.SourceError` saying what to download by hand
and where to put it.

Examples
--------
>>> ds = list_datasets()
>>> "insee_cog_communes" in set(ds["name"])
True
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import logging
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from .._atomic import atomic_path
from ..errors import InvalidValueError, SourceError
from ..messages import datasets as msg

__all__ = [
    "CACHE_ENV_VAR",
    "Vintage",
    "DatasetInfo",
    "list_datasets",
    "dataset_info",
    "cache_folder",
    "expected_path",
    "fetch",
]

logger = logging.getLogger(__name__)

#: Environment variable overriding the cache folder.
CACHE_ENV_VAR = "ACCESS_MAP_CACHE"

#: Seconds to wait for the server before giving up (per connection / read).
DOWNLOAD_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Vintage:
    """One downloadable file of a dataset.

    Attributes
    ----------
    vintage : str
        Vintage key (year, ``"latest"`` for rolling extractions...).
    url : str
        Download URL.
    file_name : str
        Name of the file in the cache.
    sha256 : str or None
        Expected hash; ``None`` when the file is not pinned (changes in place or hash unknown).
    member : str or None
        For a zip archive: the file (or glob pattern) inside it that :func:`fetch` returns.
    url_checked : bool
        Whether the URL was checked when the registry entry was written.
    note : str
        Free remarks (format, size, caveats).
    """

    vintage: str
    url: str
    file_name: str
    sha256: str | None = None
    member: str | None = None
    url_checked: bool = False
    note: str = ""


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance of a dataset of the registry (see :func:`dataset_info`)."""

    name: str
    title: str
    publisher: str
    page: str
    licence: str
    attribution: str
    reader: str
    default_vintage: str
    vintages: MappingProxyType  # str -> Vintage


@lru_cache(maxsize=1)
def _load_registry() -> dict[str, Any]:
    """The raw registry (parsed once, on first use)."""
    text = resources.files(__package__).joinpath("registry.json").read_text(encoding="utf-8")
    return json.loads(text)["datasets"]


def _info(name: str, entry: dict[str, Any]) -> DatasetInfo:
    vintages = {
        key: Vintage(
            vintage=key,
            url=v["url"],
            file_name=v["file_name"],
            sha256=v.get("sha256"),
            member=v.get("member"),
            url_checked=bool(v.get("url_checked", False)),
            note=v.get("note", ""),
        )
        for key, v in entry["vintages"].items()
    }
    return DatasetInfo(
        name=name,
        title=entry["title"],
        publisher=entry.get("publisher", ""),
        page=entry.get("page", ""),
        licence=entry.get("licence", ""),
        attribution=entry.get("attribution", ""),
        reader=entry.get("reader", ""),
        default_vintage=entry["default_vintage"],
        vintages=MappingProxyType(vintages),
    )


def dataset_info(name: str) -> DatasetInfo:
    """Provenance and vintages of one dataset.

    Raises
    ------
    InvalidValueError
        Unknown dataset (the message lists the known ones).

    Examples
    --------
    >>> info = dataset_info("insee_cog_communes")
    >>> info.publisher, info.default_vintage in info.vintages
    ('Insee', True)
    """
    registry = _load_registry()
    if name not in registry:
        raise InvalidValueError(msg.jeu_inconnu(name=name, known=sorted(registry)))
    return _info(name, registry[name])


def list_datasets() -> pd.DataFrame:
    """One row per (dataset, vintage) of the registry with its provenance.

    Returns
    -------
    DataFrame
        Columns ``name, vintage, default, title, publisher, licence, attribution, page, url,
        file_name, pinned, url_checked`` (``pinned``: a sha256 is registered; ``url_checked``:
        the URL was verified when the entry was written).

    Examples
    --------
    >>> ds = list_datasets()
    >>> ds.loc[ds["name"] == "insee_cog_communes", "vintage"].tolist()
    ['2023', '2024', '2025']
    """
    rows = []
    for name in sorted(_load_registry()):
        info = dataset_info(name)
        for v in info.vintages.values():
            rows.append(
                {
                    "name": name,
                    "vintage": v.vintage,
                    "default": v.vintage == info.default_vintage,
                    "title": info.title,
                    "publisher": info.publisher,
                    "licence": info.licence,
                    "attribution": info.attribution,
                    "page": info.page,
                    "url": v.url,
                    "file_name": v.file_name,
                    "pinned": v.sha256 is not None,
                    "url_checked": v.url_checked,
                }
            )
    return pd.DataFrame(rows)


def cache_folder(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Root of the download cache: ``cache_dir``, else ``$ACCESS_MAP_CACHE``, else the user cache.

    Examples
    --------
    >>> str(cache_folder("/tmp/am-cache"))
    '/tmp/am-cache'
    """
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get(CACHE_ENV_VAR)
    if env:
        return Path(env).expanduser()
    import pooch

    return Path(pooch.os_cache("access_map"))


def _resolve(name: str, vintage: str | int | None) -> tuple[DatasetInfo, Vintage]:
    info = dataset_info(name)
    key = info.default_vintage if vintage is None else str(vintage)
    if key not in info.vintages:
        raise InvalidValueError(msg.millesime_inconnu(name=name, vintage=key, available=list(info.vintages)))
    return info, info.vintages[key]


def expected_path(
    name: str, *, vintage: str | int | None = None, cache_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Where :func:`fetch` stores (and looks for) the downloaded file of a dataset.

    Put a file downloaded by hand exactly there.

    Examples
    --------
    >>> expected_path("insee_cog_communes", vintage=2024, cache_dir="/tmp/c").as_posix()
    '/tmp/c/insee_cog_communes/2024/v_commune_2024.csv'
    """
    _, v = _resolve(name, vintage)
    return cache_folder(cache_dir) / name / v.vintage / v.file_name


def _sha256(path: Path) -> str:
    import pooch

    return pooch.file_hash(str(path), alg="sha256")


def _manual_instructions(info: DatasetInfo, v: Vintage, target: Path) -> str:
    return msg.instructions_manuelles(url=v.url, page=info.page, target=str(target), member=v.member)


@contextlib.contextmanager
def _quiet_pooch() -> Iterator[None]:
    """Silence pooch's own INFO messages (it logs to stderr by default); restore its level after."""
    import pooch

    plog = pooch.get_logger()
    level = plog.level
    plog.setLevel(logging.WARNING)
    try:
        yield
    finally:
        plog.setLevel(level)


def _extract_member(archive: Path, pattern: str, folder: Path, *, name: str) -> Path:
    """Extract the member matching ``pattern`` (by base name) from a zip archive, atomically; cached."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.namelist() if not m.endswith("/")]
            matches = sorted(m for m in members if fnmatch.fnmatch(Path(m).name, pattern))
            if not matches:
                raise SourceError(
                    msg.fichier_absent_de_l_archive(
                        archive=str(archive), pattern=pattern, name=name, members=members, folder=str(folder)
                    )
                )
            member = matches[-1]  # latest when names carry a timestamp
            out = folder / Path(member).name
            if out.exists():
                return out
            with atomic_path(out) as tmp, zf.open(member) as src, open(tmp, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            return out
    except zipfile.BadZipFile as exc:
        raise SourceError(msg.archive_invalide(archive=str(archive), cause=exc)) from exc


def fetch(
    name: str,
    *,
    vintage: str | int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool = False,
    check_hash: bool = True,
) -> Path:
    """Path of a dataset's file in the local cache, downloading it first if needed.

    Parameters
    ----------
    name : str
        Dataset name (see :func:`list_datasets` or ``access-map fetch --list``).
    vintage : str or int, optional
        Vintage key; default: the dataset's default vintage.
    cache_dir : path, optional
        Cache root; default ``$ACCESS_MAP_CACHE`` or the user cache folder.
    progress : bool
        Show a tqdm progress bar while downloading (the CLI turns it on).
    check_hash : bool
        Compare the file with the registered sha256 (when there is one). Turn it
        off only to use a newer file you trust that the publisher replaced in place.

    Returns
    -------
    Path
        The cached file; for zip archives with a registered ``member``, the
        extracted member.

    Raises
    ------
    InvalidValueError
        Unknown dataset or vintage.
    SourceError
        Download impossible (offline, moved URL, HTTP error), or the file does
        not match the registered sha256; the message says what to download by
        hand and where to put it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> cache = pathlib.Path(tempfile.mkdtemp())
    >>> target = expected_path("insee_cog_regions", vintage=2024, cache_dir=cache)
    >>> target.parent.mkdir(parents=True)
    >>> _ = target.write_text("REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\\n")  # placed by hand
    >>> fetch("insee_cog_regions", vintage=2024, cache_dir=cache) == target  # no network needed
    True
    """
    import pooch
    import requests

    info, v = _resolve(name, vintage)
    folder = cache_folder(cache_dir) / name / v.vintage
    target = folder / v.file_name
    known_hash = f"sha256:{v.sha256}" if (v.sha256 and check_hash) else None

    if v.member is not None and folder.is_dir():
        placed = sorted(p for p in folder.glob(v.member) if p.is_file() and p != target)
        if placed:  # member extracted earlier (or placed by hand)
            return placed[-1]

    if target.exists():
        if known_hash is not None:
            got = _sha256(target)
            if got != v.sha256:
                raise SourceError(
                    msg.empreinte_differente(
                        target=str(target), name=name, vintage=str(v.vintage), expected=str(v.sha256), found=got,
                        url=v.url, page=info.page,
                    )
                )  # fmt: skip
        logger.info("using cached %s", target)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        downloader = pooch.HTTPDownloader(progressbar=progress, timeout=DOWNLOAD_TIMEOUT_SECONDS)
        logger.info("downloading %s (%s) from %s to %s", name, v.vintage, v.url, target)
        try:
            with _quiet_pooch():
                pooch.retrieve(v.url, known_hash=known_hash, fname=v.file_name, path=folder, downloader=downloader)
        except requests.exceptions.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise SourceError(
                msg.telechargement_http(name=name, vintage=str(v.vintage), status=status, url=v.url)
                + _manual_instructions(info, v, target)
            ) from exc
        except (requests.exceptions.RequestException, OSError) as exc:
            raise SourceError(
                msg.telechargement_reseau(
                    name=name, vintage=str(v.vintage), url=v.url, cause=f"{type(exc).__name__}: {exc}"
                )
                + _manual_instructions(info, v, target)
            ) from exc
        except ValueError as exc:  # pooch: hash of the downloaded file does not match
            raise SourceError(
                msg.telechargement_empreinte(url=v.url, name=name, vintage=str(v.vintage), cause=exc, page=info.page)
                + _manual_instructions(info, v, target)
            ) from exc
    if v.member is not None:
        return _extract_member(target, v.member, folder, name=name)
    return target
