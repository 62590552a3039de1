"""Batch refresh: outputs, atomicity under a kill, determinism, provenance, configuration errors."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main
from access_map.config import load_config, parse_config
from access_map.errors import AccessMapError
from access_map.refresh import demo_config, run_refresh


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("refresh")
    steps: list[tuple[str, int, int]] = []
    res = run_refresh(
        demo_config(output_dir=root / "out", maps_dir=root / "maps"),
        progress=lambda name, i, n: steps.append((name, i, n)),
    )
    return root, res, steps


def test_demo_refresh_writes_every_output(first_run) -> None:
    root, res, steps = first_run
    out, maps = root / "out", root / "maps"
    assert [s[1] for s in steps] == list(range(1, 11)) and all(s[2] == 10 for s in steps)
    for name in (
        "apl_communes.csv",
        "apl_communes.gpkg",
        "apl_communes.parquet",
        "zonage_communes.csv",
        "zonage_diff_transitions.csv",
        "couverture_regions.csv",
        "zones_blanches.csv",
        "msp_departements.csv",
        "rapport.html",
        "provenance.json",
    ):
        assert (out / name).stat().st_size > 0, name
    for prof in ("medecin_generaliste", "infirmier", "masseur_kinesitherapeute", "chirurgien_dentiste", "sage_femme"):
        assert (maps / f"apl_{prof}.html").exists() and (maps / f"apl_{prof}.tif").exists()
    for name in ("zonage.html", "cpts.html", "msp.html", "deploiement.html", "zonage.png"):
        assert (maps / name).stat().st_size > 0
    # no staging or backup folder nor journal left behind; only the (released) lock files of the two folders
    left = sorted(p.name for p in root.iterdir() if p.name.startswith(".") or p.name.endswith(".previous"))
    assert left == [".maps.lock", ".out.lock"]
    apl = csv_format.read_csv(out / "apl_communes.csv").set_index("code_commune")
    # the ≤65 variant never exceeds the all-GP APL (it removes supply only)
    assert (apl["medecin_generaliste__apl_65"] <= apl["medecin_generaliste__apl"] + 1e-12).all()
    # zoning shares in the headline sum to 1 (every commune of the demo is in a TVS)
    assert sum(res.headline["part_population_par_zonage"].values()) == pytest.approx(1.0)
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Chiffres clés" in report and "FICTIF" in report
    # the headline share under 2.5 says which APL it reads (all ages, per commune), not the zoning's (≤65, per TVS)
    assert (
        "commune d&#x27;APL tous âges inférieure à 2,5" in report
        and "APL ≤ 65 ans par territoire de vie-santé" in report
    )


def test_provenance_records_inputs_parameters_versions_timings(first_run) -> None:
    root, res, _ = first_run
    prov = json.loads((root / "out" / "provenance.json").read_text(encoding="utf-8"))
    assert prov["access_map_version"]
    assert len(prov["inputs"]) >= 10
    for path, digest in prov["inputs"].items():
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
    # the catchment comes from the APL presets (20 minutes), not from [travel] (issue 11)
    assert prov["configuration"]["travel"]["max_minutes"] is None and prov["travel_max_minutes"] == 20.0
    assert set(prov["timings_seconds"]) >= {"APL", "cartes", "total"}
    assert "apl_communes.csv" in prov["outputs"]


def test_unchanged_inputs_give_identical_outputs(first_run, tmp_path: Path) -> None:
    root, _, _ = first_run
    run_refresh(demo_config(output_dir=tmp_path / "out", maps_dir=tmp_path / "maps"))
    for sub in ("out", "maps"):
        a, b = _digests(root / sub), _digests(tmp_path / sub)
        for name in ("provenance.json", ".access_map.json"):  # run id, times; the manifest hashes provenance.json
            a.pop(name, None)
            b.pop(name, None)
        assert a.keys() == b.keys()
        differing = [k for k in a if a[k] != b[k]]
        assert not differing, differing
    pa = json.loads((root / "out" / "provenance.json").read_text())
    pb = json.loads((tmp_path / "out" / "provenance.json").read_text())
    for key in ("timings_seconds", "created"):
        pa.pop(key), pb.pop(key)
    pa["configuration"].pop("outputs"), pb["configuration"].pop("outputs")
    assert pa == pb


def test_killed_run_leaves_previous_outputs_intact(first_run, tmp_path: Path) -> None:
    root, _, _ = first_run
    out, maps = tmp_path / "out", tmp_path / "maps"
    shutil.copytree(root / "out", out)
    shutil.copytree(root / "maps", maps)
    before = {"out": _digests(out), "maps": _digests(maps)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "access_map.cli.refresh_main", "--output-dir", str(out), "--maps-dir", str(maps)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    # wait until the run has started writing into its staging folder, then kill it hard
    deadline = time.monotonic() + 60
    staged: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        staged = [p for p in tmp_path.glob(".out.staging-*") if any(p.iterdir())]
        if staged:
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
    assert staged, "the run never started staging its outputs"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert {"out": _digests(out), "maps": _digests(maps)} == before
    # the next run cleans the leftovers of the killed one, says so (console and report) and succeeds
    res = run_refresh(demo_config(output_dir=out, maps_dir=maps))
    assert not list(tmp_path.glob(".*staging-*"))
    cleaned = [w for w in res.warnings if "dossier provisoire laissé par une exécution interrompue" in w]
    assert cleaned and str(out) in cleaned[0]
    assert "dossier provisoire laissé par une exécution interrompue" in (out / "rapport.html").read_text(
        encoding="utf-8"
    )


def test_failed_run_leaves_previous_outputs_intact(tmp_path: Path) -> None:
    out, maps = tmp_path / "out", tmp_path / "maps"
    run_refresh(_small_config(tmp_path, out, maps))  # the previous outputs
    before = {"out": _digests(out), "maps": _digests(maps)}
    cfg = parse_config(
        {
            "name": "t",
            "sources": {"demo": True},
            "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
            "outputs": {"directory": str(out), "maps_directory": str(maps)},
        },
        base_dir=tmp_path,
    )
    # the zoning asks for the ≤65 variant that this configuration does not compute (parse_config refuses such a
    # file; the configuration is changed after it, so that the run fails half-way)
    cfg = dataclasses.replace(cfg, professions=(dataclasses.replace(cfg.professions[0], max_ages=(None,)),))
    with pytest.raises(AccessMapError, match="max_ages"):
        run_refresh(cfg)
    assert {"out": _digests(out), "maps": _digests(maps)} == before
    assert not list(tmp_path.glob(".*staging-*")) and not list(tmp_path.glob(".*commit-*"))


def test_config_errors_name_the_key(tmp_path: Path) -> None:
    p = tmp_path / "t.toml"
    p.write_text('name = "t"\n[sources]\ndemo = true\n[travel]\nmax_minute = 20\n')
    with pytest.raises(AccessMapError, match=r"unknown key\(s\) 'max_minute' in \[travel\]"):
        load_config(p)
    p.write_text('name = "t"\n[sources]\ncommunes = "c.gpkg"\n')
    with pytest.raises(AccessMapError, match="lacks practitioners"):
        load_config(p)
    p.write_text('name = "t"\n[sources]\ndemo = true\n[[professions]]\nname = "dentiste"\n')
    with pytest.raises(AccessMapError, match="'dentiste' is not one of"):
        load_config(p)
    p.write_text('name = "t"\n[sources\n')
    with pytest.raises(AccessMapError, match="not valid TOML"):
        load_config(p)


def test_cli_refresh_with_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "territoire.toml"
    cfg.write_text(
        'name = "demo"\nlabel = "Essai"\n[sources]\ndemo = true\n'
        '[[professions]]\nname = "medecin_generaliste"\nmax_ages = [0, 65]\n'
        '[outputs]\ndirectory = "sorties"\nmaps_directory = "cartes"\npng = false\nraster = false\n'
        'table_formats = ["csv"]\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "sorties" / "zonage_communes.csv").exists()
    assert (tmp_path / "cartes" / "deploiement.html").exists()
    assert not list((tmp_path / "cartes").glob("*.png"))
    assert not list((tmp_path / "sorties").glob("*.parquet"))
    bad = CliRunner().invoke(main, ["refresh", "--config", str(tmp_path / "absent.toml")])
    assert bad.exit_code != 0 and "absent.toml" in bad.output


def test_refresh_from_files_fills_regions_and_falls_back_to_polygon_points(tmp_path: Path) -> None:
    """Real-user path: files instead of the demo. A one-layer commune GeoPackage (no chef-lieu
    layer, no region field) must work: regions come from the populations légales, points from
    inside the polygons."""
    from access_map.datasets.demo import DEMO_FILES, demo_directory
    from access_map.readers.ign import read_admin_express

    demo_dir = demo_directory()
    communes = read_admin_express(demo_dir / DEMO_FILES["admin_express"], level="commune")
    gpkg = tmp_path / "communes.gpkg"
    communes.drop(columns=["code_region"]).rename(columns={"nom": "NOM"}).rename_axis(
        "INSEE_COM"
    ).reset_index().to_file(gpkg, layer="commune")
    files = {
        "communes": str(gpkg),
        "populations": str(demo_dir / DEMO_FILES["populations_legales"]),
        "population_by_age": str(demo_dir / DEMO_FILES["population_by_age"]),
        "practitioners": str(demo_dir / DEMO_FILES["activity"]),
    }
    cfg = parse_config(
        {
            "name": "f",
            "sources": files,
            "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
            "outputs": {
                "directory": str(tmp_path / "out"),
                "maps_directory": str(tmp_path / "maps"),
                "png": False,
                "raster": False,
                "table_formats": ["csv"],
            },
        },
        base_dir=tmp_path,
    )
    res = run_refresh(cfg)
    apl = csv_format.read_csv(tmp_path / "out" / "apl_communes.csv")
    assert len(apl) == len(communes) and (apl["code_region"] == "07").all()
    # no TVS/CPTS/MSP given: those steps are skipped, the APL is there
    assert not (tmp_path / "out" / "zonage_communes.csv").exists()
    assert res.headline["apl_mg_moyenne"] > 0


def test_split_maps_per_region(tmp_path: Path) -> None:
    cfg = parse_config(
        {
            "name": "s",
            "sources": {"demo": True},
            "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
            "outputs": {
                "directory": str(tmp_path / "out"),
                "maps_directory": str(tmp_path / "maps"),
                "png": False,
                "raster": False,
                "table_formats": ["csv"],
                "split_maps": "region",
            },
        },
        base_dir=tmp_path,
    )
    run_refresh(cfg)
    names = {p.name for p in (tmp_path / "maps").glob("*.html")}
    assert {"apl_medecin_generaliste_region_07.html", "zonage_region_07.html", "deploiement_region_07.html"} <= names
    assert "apl_medecin_generaliste.html" not in names
    with pytest.raises(AccessMapError, match="split_maps accepts"):
        parse_config({"name": "s", "sources": {"demo": True}, "outputs": {"split_maps": "dept"}})


def test_refresh_fetches_a_source_named_by_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``populations = "fetch:insee_populations_legales@2021"`` downloads the file (here from a local
    HTTP server standing in for INSEE) into the cache and the refresh reads it like a local file."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from access_map.datasets import download
    from access_map.datasets.demo import DEMO_FILES, demo_directory

    demo_dir = demo_directory()
    www = tmp_path / "www"
    www.mkdir()
    # the served file doubles every population, so the result shows which file was read
    pop = pd.read_csv(demo_dir / DEMO_FILES["populations_legales"], sep=";", dtype=str)
    pop["PMUN"] = (pop["PMUN"].astype(int) * 2).astype(str)
    pop.to_csv(www / "donnees_communes.csv", sep=";", index=False)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/donnees_communes.csv"
    registry = {
        "insee_populations_legales": {
            "title": "populations légales",
            "publisher": "Insee",
            "page": "https://example.org/page",
            "licence": "Licence Ouverte",
            "attribution": "Insee",
            "default_vintage": "2021",
            "vintages": {"2021": {"url": url, "file_name": "donnees_communes.csv", "sha256": None, "member": None}},
        }
    }
    monkeypatch.setattr(download, "_load_registry", lambda: registry)
    monkeypatch.setenv("ACCESS_MAP_CACHE", str(tmp_path / "cache"))
    try:
        cfg = parse_config(
            {
                "name": "f",
                "professions": [{"name": "medecin_generaliste", "max_ages": [0]}],
                "sources": {
                    "communes": str(demo_dir / DEMO_FILES["admin_express"]),
                    "populations": "fetch:insee_populations_legales@2021",
                    "population_by_age": str(demo_dir / DEMO_FILES["population_by_age"]),
                    "practitioners": str(demo_dir / DEMO_FILES["activity"]),
                },
                "outputs": {
                    "directory": str(tmp_path / "out"),
                    "maps_directory": str(tmp_path / "maps"),
                    "png": False,
                    "raster": False,
                    "table_formats": ["csv"],
                },
            },
            base_dir=tmp_path,
        )
        assert cfg.sources.fetched == {"populations": ("insee_populations_legales", "2021")}
        res = run_refresh(cfg)
    finally:
        httpd.shutdown()
        httpd.server_close()
    cached = list((tmp_path / "cache").rglob("donnees_communes.csv"))
    assert len(cached) == 1
    prov = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert str(cached[0]) in prov["inputs"]
    shipped = pd.read_csv(demo_dir / DEMO_FILES["populations_legales"], sep=";", dtype=str)["PMUN"].astype(int).sum()
    assert res.headline["population"] == pytest.approx(2 * shipped)
    with pytest.raises(AccessMapError, match="unknown dataset 'nope'"):
        parse_config({"name": "f", "sources": {"demo": True, "communes": "fetch:nope"}})
    with pytest.raises(AccessMapError, match="vintage '1999'"):
        parse_config({"name": "f", "sources": {"demo": True, "populations": "fetch:insee_populations_legales@1999"}})


def _small_config(tmp_path: Path, out: Path, maps: Path):
    return parse_config(
        {
            "name": "t",
            "sources": {"demo": True},
            "professions": [{"name": "medecin_generaliste", "max_ages": [0, 65]}],
            "outputs": {
                "directory": str(out),
                "maps_directory": str(maps),
                "png": False,
                "raster": False,
                "table_formats": ["csv"],
            },
        },
        base_dir=tmp_path,
    )


def test_output_folders_follow_the_umask(tmp_path: Path) -> None:
    """Outputs are created with the user's umask (0o022 -> 0755), never 0700 whatever the umask."""
    out, maps = tmp_path / "out", tmp_path / "maps"
    old = os.umask(0o022)
    try:
        run_refresh(_small_config(tmp_path, out, maps))
    finally:
        os.umask(old)
    assert (out.stat().st_mode & 0o777, maps.stat().st_mode & 0o777) == (0o755, 0o755)
    assert (out / "rapport.html").stat().st_mode & 0o777 == 0o644


def test_a_file_at_the_output_path_is_refused(tmp_path: Path) -> None:
    out, maps = tmp_path / "out", tmp_path / "maps"
    out.write_text("mes notes\n")
    with pytest.raises(AccessMapError, match=r"le dossier de sortie .*out est un fichier : déplacez-le"):
        run_refresh(_small_config(tmp_path, out, maps))
    assert out.read_text() == "mes notes\n" and not (tmp_path / "out.previous").exists()
    res = CliRunner().invoke(main, ["demo", "--output-dir", str(out), "--maps-dir", str(maps)])
    assert res.exit_code == 1 and "est un fichier" in res.output and "Traceback" not in res.output


def test_two_runs_on_one_folder_the_second_stops(tmp_path: Path) -> None:
    """While a run holds the output folder, another run stops with a clear error and touches nothing."""
    from access_map._atomic import FolderLock

    out, maps = tmp_path / "out", tmp_path / "maps"
    out.mkdir()
    # the lock is held by another process, as a concurrent refresh would
    code = f"import sys, time; from access_map._atomic import FolderLock; l = FolderLock({str(out)!r}); l.acquire(); print('ok', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(AccessMapError, match=r"une autre exécution écrit dans le dossier de sortie .*out"):
            run_refresh(_small_config(tmp_path, out, maps))
        assert not any(out.iterdir()) and not maps.exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone (killed): its lock went with it, the next run proceeds
    run_refresh(_small_config(tmp_path, out, maps))
    assert (out / "rapport.html").exists()
    FolderLock(out).acquire()  # released at the end of the run


def test_report_states_the_travel_time_limit_actually_used(first_run) -> None:
    """Audit: with no ``[travel] max_minutes`` (the default) the report said « jusqu'à n.d. minutes »;
    the demo's times go up to the DREES catchment of the APL presets, 20 minutes (methods.md)."""
    root, _, _ = first_run
    report = (root / "out" / "rapport.html").read_text(encoding="utf-8")
    assert "Temps de trajet : à vol d'oiseau (modèle), jusqu'à 20 minutes." in report
    assert "n.d. minutes" not in report
