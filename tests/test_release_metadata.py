"""What a release tells its users is true: one version everywhere, the licence of every shipped file stated,
the vendored files as their notice describes them, every official source of the registry documented."""

from __future__ import annotations

import hashlib
import re
import tomllib
from importlib import metadata
from pathlib import Path

import access_map
from access_map.datasets.download import list_datasets

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(access_map.__file__).parent
STATIC = PACKAGE / "maps" / "static"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_one_version_everywhere() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    installed = metadata.version("access_map")
    assert installed == VERSION, f"installed metadata says {installed}: reinstall (pip install -e .)"
    assert access_map.__version__ == VERSION
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r'^version: "?([^"\n]+)"?$', citation, re.M).group(1) == VERSION  # type: ignore[union-attr]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## (\S+)", changelog, re.M)
    assert first is not None and first.group(1) == VERSION  # the newest entry is this version


def test_vendored_files_are_those_of_the_notice_with_their_licences() -> None:
    notice = (STATIC / "NOTICE.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^([0-9a-f]{64})  \./(\S+)$", notice, re.M))
    vendored = {
        str(p.relative_to(STATIC)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in STATIC.rglob("*")
        if p.is_file() and p.parts[len(STATIC.parts)] != "access_map" and p.name != "NOTICE.md"
    }
    assert vendored == {path: sha for sha, path in listed.items()}  # byte-for-byte the files the notice lists
    folders = {p.name for p in STATIC.iterdir() if p.is_dir()} - {"access_map"}
    licences = (ROOT / "docs" / "licences.md").read_text(encoding="utf-8")
    for folder in folders:
        assert any(re.match(r"(?i)(mit-)?licen[cs]e", f.name) for f in (STATIC / folder).iterdir()), folder
        assert f"`{folder}/`" in notice and f"`maps/static/{folder}/`" in licences, folder


def test_every_shipped_data_file_has_its_licence_stated() -> None:
    licences = (ROOT / "docs" / "licences.md").read_text(encoding="utf-8")
    data_files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc", ".typed"}]
    for path in data_files:
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("maps/static/"):
            continue  # above
        folder = relative.rsplit("/", 1)[0]
        assert f"`{relative}`" in licences or f"`{folder}/*`" in licences, relative


def test_the_official_data_page_documents_every_registry_dataset() -> None:
    page = (ROOT / "docs" / "guides" / "donnees-officielles.md").read_text(encoding="utf-8")
    names = list(list_datasets()["name"])
    assert len(names) > 15
    for name in names:
        assert f"`{name}`" in page or name.startswith("osm_"), name
    assert "`osm_<région>`" in page


def test_the_package_licence_is_declared_once_and_shipped() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert metadata.metadata("access_map")["License-Expression"] == "MIT"
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^license: MIT$", citation, re.M)
    licences = (ROOT / "docs" / "licences.md").read_text(encoding="utf-8")
    assert "| MIT (`LICENSE`" in licences
