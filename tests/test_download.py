"""Downloader: pooch against a local HTTP server (127.0.0.1) serving a temp folder. Never the real network."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import socket
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from access_map.datasets import download
from access_map.datasets.download import dataset_info, expected_path, fetch, list_datasets
from access_map.errors import InvalidValueError, SourceError

CSV = b"REG;DEP;COM;PMUN;PCAP;PTOT\n84;01;01001;800;20;820\n"


class _Server:
    def __init__(self, root):
        self.root = root
        self.paths: list[str] = []
        state = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                state.paths.append(self.path)
                super().do_GET()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    s = _Server(root)
    yield s
    s.close()


def _entry(url, file_name, sha256=None, member=None):
    return {
        "title": "test file",
        "publisher": "Test",
        "page": "https://example.org/official-page",
        "licence": "Licence Ouverte",
        "attribution": "Test",
        "default_vintage": "2024",
        "vintages": {"2024": {"url": url, "file_name": file_name, "sha256": sha256, "member": member}},
    }


@pytest.fixture()
def registry(monkeypatch):
    """Replace the packaged registry with a test one; returns the dict to fill."""
    fake: dict = {}
    monkeypatch.setattr(download, "_load_registry", lambda: fake)
    return fake


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_download_then_cache_hit_without_request(server, registry, tmp_path, capfd):
    (server.root / "pop.csv").write_bytes(CSV)
    registry["pop"] = _entry(f"{server.url}/pop.csv", "pop.csv")
    cache = tmp_path / "cache"
    path = fetch("pop", cache_dir=cache)
    assert path == cache / "pop" / "2024" / "pop.csv"
    assert path.read_bytes() == CSV
    assert server.paths == ["/pop.csv"]
    assert fetch("pop", cache_dir=cache) == path
    assert server.paths == ["/pop.csv"]  # second call: no request
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the library prints nothing (pooch's log is silenced)


def test_pinned_hash_ok_and_mismatch(server, registry, tmp_path):
    (server.root / "a.csv").write_bytes(CSV)
    good = hashlib.sha256(CSV).hexdigest()
    registry["good"] = _entry(f"{server.url}/a.csv", "a.csv", sha256=good)
    registry["bad"] = _entry(f"{server.url}/a.csv", "a.csv", sha256="0" * 64)
    assert fetch("good", cache_dir=tmp_path).read_bytes() == CSV
    with pytest.raises(SourceError, match=r"ne correspond pas à l'empreinte sha256 enregistrée.*--no-check-hash"):
        fetch("bad", cache_dir=tmp_path)
    assert not (tmp_path / "bad" / "2024" / "a.csv").exists()  # the bad download is not kept
    # the user decides to trust the new file
    assert fetch("bad", cache_dir=tmp_path, check_hash=False).read_bytes() == CSV


def test_404_gives_manual_instructions(server, registry, tmp_path):
    registry["moved"] = _entry(f"{server.url}/gone.csv", "v_commune_2024.csv")
    target = tmp_path / "moved" / "2024" / "v_commune_2024.csv"
    msg = (
        r"(?s)HTTP 404 \(le fichier a été déplacé ou supprimé\).*Téléchargez-le à la main depuis "
        + re.escape(f"{server.url}/gone.csv")
        + r" \(page officielle : https://example.org/official-page\) et enregistrez-le sous\n  "
        + re.escape(str(target))
    )
    with pytest.raises(SourceError, match=msg):
        fetch("moved", cache_dir=tmp_path)
    assert not target.exists()


def test_unreachable_server_gives_manual_instructions(registry, tmp_path):
    registry["off"] = _entry(f"http://127.0.0.1:{_free_port()}/x.csv", "x.csv")
    target = tmp_path / "off" / "2024" / "x.csv"
    with pytest.raises(
        SourceError, match=r"(?s)hors ligne ou serveur injoignable.*enregistrez-le sous\n  " + re.escape(str(target))
    ):
        fetch("off", cache_dir=tmp_path)


def test_file_placed_by_hand_is_used_offline(registry, tmp_path):
    registry["off"] = _entry(f"http://127.0.0.1:{_free_port()}/x.csv", "x.csv")
    target = expected_path("off", cache_dir=tmp_path)
    target.parent.mkdir(parents=True)
    target.write_bytes(CSV)
    assert fetch("off", cache_dir=tmp_path) == target


def test_file_placed_by_hand_with_wrong_hash_is_refused(registry, tmp_path):
    registry["pinned"] = _entry(
        f"http://127.0.0.1:{_free_port()}/x.csv", "x.csv", sha256=hashlib.sha256(b"x").hexdigest()
    )
    target = expected_path("pinned", cache_dir=tmp_path)
    target.parent.mkdir(parents=True)
    target.write_bytes(CSV)
    with pytest.raises(
        SourceError, match=r"ne correspond pas à l'empreinte sha256 enregistrée.*supprimez-le et relancez fetch"
    ):
        fetch("pinned", cache_dir=tmp_path)
    assert fetch("pinned", cache_dir=tmp_path, check_hash=False) == target


def test_cache_env_var(server, registry, tmp_path, monkeypatch):
    (server.root / "pop.csv").write_bytes(CSV)
    registry["pop"] = _entry(f"{server.url}/pop.csv", "pop.csv")
    monkeypatch.setenv("ACCESS_MAP_CACHE", str(tmp_path / "envcache"))
    assert fetch("pop") == tmp_path / "envcache" / "pop" / "2024" / "pop.csv"
    # the argument wins over the environment
    assert fetch("pop", cache_dir=tmp_path / "arg") == tmp_path / "arg" / "pop" / "2024" / "pop.csv"


def test_zip_member_is_extracted_and_cached(server, registry, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ensemble/donnees_communes.csv", CSV)
        zf.writestr("ensemble/donnees_departements.csv", b"x\n")
    (server.root / "ensemble.zip").write_bytes(buf.getvalue())
    registry["pop"] = _entry(f"{server.url}/ensemble.zip", "pop.zip", member="donnees_communes.csv")
    path = fetch("pop", cache_dir=tmp_path)
    assert path == tmp_path / "pop" / "2024" / "donnees_communes.csv"
    assert path.read_bytes() == CSV
    assert fetch("pop", cache_dir=tmp_path) == path
    assert server.paths == ["/ensemble.zip"]


def test_zip_member_glob_and_missing_member(server, registry, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("PS_LibreAcces_Personne_activite_202401010101.txt", b"a|b\n")
        zf.writestr("PS_LibreAcces_Dipl_AutExerc_202401010101.txt", b"c\n")
    (server.root / "ps.zip").write_bytes(buf.getvalue())
    registry["ps"] = _entry(f"{server.url}/ps.zip", "PS.zip", member="PS_LibreAcces_Personne_activite_*.txt")
    assert fetch("ps", cache_dir=tmp_path).name == "PS_LibreAcces_Personne_activite_202401010101.txt"
    registry["nomember"] = _entry(f"{server.url}/ps.zip", "PS.zip", member="absent.csv")
    with pytest.raises(
        SourceError, match=r"aucun fichier ne correspond à 'absent.csv'.*PS_LibreAcces_Personne_activite"
    ):
        fetch("nomember", cache_dir=tmp_path)


def test_unknown_dataset_and_vintage(registry):
    registry["pop"] = _entry("http://127.0.0.1:1/x", "x.csv")
    with pytest.raises(InvalidValueError, match=r"jeu de données inconnu 'popp' ; jeux connus : pop"):
        fetch("popp")
    with pytest.raises(InvalidValueError, match=r"pas de millésime '1999' ; disponibles : 2024"):
        fetch("pop", vintage=1999)


def test_progress_bar_does_not_break_download(server, registry, tmp_path):
    (server.root / "pop.csv").write_bytes(CSV * 100)
    registry["pop"] = _entry(f"{server.url}/pop.csv", "pop.csv")
    assert fetch("pop", cache_dir=tmp_path, progress=True).read_bytes() == CSV * 100


# ---------------------------------------------------------------------------
# the packaged registry itself
# ---------------------------------------------------------------------------


def test_packaged_registry_is_complete_and_consistent():
    ds = list_datasets()
    expected = {
        "drees_apl_mg",
        "insee_cog_communes",
        "insee_cog_mouvements",
        "insee_cog_departements",
        "insee_cog_regions",
        "insee_populations_legales",
        "insee_population_age",
        "etalab_contours_communes",
        "finess_etalab",
        "annuaire_sante_ps",
        "barometre_msp",
        "barometre_cpts",
    }
    assert expected <= set(ds["name"])
    assert ds["url"].str.startswith("https://").all()
    assert ds["page"].str.startswith("https://").all()
    assert (ds["licence"].str.len() > 0).all() and (ds["attribution"].str.len() > 0).all()
    assert ds.groupby("name")["default"].sum().eq(1).all()  # one default vintage each
    for name in set(ds["name"]):
        info = dataset_info(name)
        for v in info.vintages.values():
            assert v.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", v.sha256), (name, v.vintage)
    # rolling extractions are never pinned
    assert not ds.loc[ds["name"].isin(["finess_etalab", "annuaire_sante_ps"]), "pinned"].any()


def test_registry_lists_the_regional_extracts() -> None:
    from access_map.datasets.download import dataset_info

    info = dataset_info("osm_aquitaine")
    assert info.vintages["latest"].url == "https://download.geofabrik.de/europe/france/aquitaine-latest.osm.pbf"
    assert "33" in info.vintages["latest"].note and "ODbL" in info.licence
    for name in ("osm_corse", "osm_reunion", "osm_provence_alpes_cote_d_azur", "osm_france"):
        assert dataset_info(name).vintages["latest"].file_name.endswith(".osm.pbf")
