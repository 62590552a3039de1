"""No CSV written by the package lets a spreadsheet run a formula; Parquet and GeoPackage keep the values.

A commune, CPTS, TVS, QPV or MSP name beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is written with a leading apostrophe (OWASP, *CSV injection*) by every CSV writer of every command; numbers
are never prefixed (a ΔAPL of -0.41 stays a number) and are written in full (67 408 052, not 6.74081e+07).
Every CSV cell of the outputs is parsed here with the :mod:`csv` module, independently of the package.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner
from shapely.geometry import Point

from access_map import csv_format
from access_map.cli import main
from access_map.datasets.demo import DEMO_FILES, demo_directory, demo_sources

PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://exemple.invalid";"clic")'
NUMBER = re.compile(r"-?(\d+(,\d+)?|inf)")


def poisoned(name: str, i: int) -> str:
    """The ``i``-th poisoned version of ``name``: the formula prefixes in turn."""
    prefix = PREFIXES[i % len(PREFIXES)]
    return (HYPERLINK if prefix == "=" else prefix + "x ") + name


def csv_cells(path: Path) -> list[str]:
    """Every cell of a CSV written by the package (``;``, UTF-8 with BOM, optionally gzipped)."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no UTF-8 byte-order mark"
    text = raw.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


def assert_no_formula_cell(folder: Path) -> list[Path]:
    """No cell of any CSV under ``folder`` starts like a formula, except plain numbers; returns the files."""
    files = sorted(folder.rglob("*.csv")) + sorted(folder.rglob("*.csv.gz"))
    assert files, f"no CSV written in {folder}"
    for path in files:
        formulas = [c for c in csv_cells(path) if c.startswith(PREFIXES) and not NUMBER.fullmatch(c)]
        assert not formulas, f"{path.name}: cells a spreadsheet would run: {formulas[:5]}"
        scientific = [c for c in csv_cells(path) if re.fullmatch(r"-?\d+([.,]\d+)?[eE][-+]?\d+", c)]
        assert not scientific, f"{path.name}: numbers in scientific notation: {scientific[:5]}"
    return files


def assert_neutralised(path: Path, names: list[str]) -> None:
    """Each name (kept by the readers: a tab or CR at the start may be stripped) is in the CSV behind a quote."""
    cells = set(csv_cells(path))
    for name in names:
        kept = {c for c in cells if c.lstrip("'").lstrip("\t\r ") == name.lstrip("\t\r ")}
        expected = {"'" + name} | ({name.lstrip("\t\r ")} if name[0] in "\t\r" else set())
        assert kept and kept <= expected, f"{path.name}: {name!r} written as {kept}"


# ----------------------------------------------------------------------------- every writer function


def _names_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "nom": [poisoned(f"Commune {i}", i) for i in range(6)],
            "population": [67408052.0, 1.0, 2.0, 3.0, 4.0, 5.0],
            "delta_apl": [-0.41, 0.5, -1e-7, 2.25, -3.0, 1.5],
        },
        index=pd.Index([f"3300{i}" for i in range(6)], name="code_commune"),
    )


def _write_refresh_table(folder: Path) -> list[Path]:
    from access_map.refresh.outputs import write_table

    frame = _names_frame()
    gdf = gpd.GeoDataFrame(frame, geometry=[Point(i, i) for i in range(6)], crs=2154)
    return write_table(gdf, folder, "t", ("csv", "parquet", "gpkg"))


def _write_zoning_table(folder: Path) -> list[Path]:
    from access_map.zoning_outputs import _write_csv

    _write_csv(_names_frame(), folder / "zoning_communes.csv", index=True)
    return [folder / "zoning_communes.csv"]


def _write_five_levels(folder: Path) -> list[Path]:
    from access_map.cli._zoning_inputs import write_csv

    write_csv(_names_frame(), folder / "five_levels.csv", index=True)
    return [folder / "five_levels.csv"]


def _write_apl(folder: Path) -> list[Path]:
    from access_map.cli.apl import _write

    _write(_names_frame(), folder / "apl.csv", None)
    return [folder / "apl.csv"]


def _write_coverage(folder: Path) -> list[Path]:
    from access_map.cli.coverage import _write_csv

    _write_csv(_names_frame(), folder / "cpts.csv", index=True)
    return [folder / "cpts.csv"]


def _write_travel(folder: Path) -> list[Path]:
    from access_map.cli.travel import _write_table

    frame = _names_frame().reset_index()
    _write_table(frame, folder / "times.csv", overwrite=False)
    _write_table(frame, folder / "times.csv.gz", overwrite=False)
    _write_table(frame, folder / "times.parquet", overwrite=False)
    return [folder / "times.csv", folder / "times.csv.gz", folder / "times.parquet"]


def _write_activity(folder: Path) -> list[Path]:
    from access_map.readers.activity import write_practitioner_activity

    frame = _names_frame()
    table = pd.DataFrame(
        {
            "practitioner_id": [str(i) for i in range(6)],
            "code_commune": frame.index,
            "profession": "medecin_generaliste",
            "acts": 4000.0,
            "age": 50.0,
            "new_practitioner": False,
            "health_centre": False,
            "etp": float("nan"),
            "share": 1.0,
            "nom": frame["nom"].to_numpy(),
        }
    )
    write_practitioner_activity(table, folder / "activite.csv")
    return [folder / "activite.csv"]


def _write_plain(folder: Path) -> list[Path]:
    csv_format.write_csv(_names_frame(), folder / "t.csv")
    return [folder / "t.csv"]


WRITERS: dict[str, Callable[[Path], list[Path]]] = {
    "csv_format.write_csv": _write_plain,
    "refresh.outputs.write_table": _write_refresh_table,
    "zoning_outputs (zoning tables)": _write_zoning_table,
    "cli._zoning_inputs.write_csv (five levels)": _write_five_levels,
    "cli.apl (apl --output .csv)": _write_apl,
    "cli.coverage (cpts, msp tables)": _write_coverage,
    "cli.travel (matrices .csv, .csv.gz, .parquet)": _write_travel,
    "readers.activity.write_practitioner_activity": _write_activity,
}


@pytest.mark.parametrize("writer", list(WRITERS), ids=list(WRITERS))
def test_every_writer_neutralises_formula_names_and_keeps_numbers(writer: str, tmp_path: Path) -> None:
    written = WRITERS[writer](tmp_path)
    names = _names_frame()["nom"].tolist()
    for path in written:
        if path.suffix in (".parquet", ".gpkg"):
            table = pd.read_parquet(path) if path.suffix == ".parquet" else gpd.read_file(path)
            assert table["nom"].tolist() == names, f"{path.name}: values changed"
            continue
        cells = csv_cells(path)
        assert [c for c in cells if c.startswith("'")] == ["'" + n for n in names], path.name
        assert not [c for c in cells if c.startswith(PREFIXES) and not NUMBER.fullmatch(c)], path.name
        if writer != "readers.activity.write_practitioner_activity":
            assert "67408052" in cells and "-0,41" in cells and "-0,0000001" in cells and "-3" in cells
            back = csv_format.read_csv(path)
            assert back["nom"].tolist() == names  # the reader removes the quote again
            assert back["population"].iloc[0] == 67408052 and back["delta_apl"].tolist()[:3] == [-0.41, 0.5, -1e-7]


def test_no_csv_written_outside_the_one_writer() -> None:
    """Every CSV of the package goes through ``csv_format.write_csv``; the demo generator alone writes the
    official-file layouts of the demo territory (COG, populations légales, FINESS...) as those files are."""
    allowed = {"csv_format.py", "datasets/_generate/writing.py"}
    src = Path(__file__).resolve().parents[1] / "src" / "access_map"
    offenders = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\.to_csv\(|csv\.(Dict)?[wW]riter\(", line) and rel not in allowed:
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "CSV written without csv_format.write_csv:\n" + "\n".join(offenders)


# ----------------------------------------------------------------------------- every command


def _rewrite(path: Path, column: str, *, sep: str = ";") -> list[str]:
    """Poison the first six distinct values of ``column`` of an input CSV (quoted, so a CR stays in its cell)."""
    table = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)
    originals = list(dict.fromkeys(table[column]))[: len(PREFIXES)]
    mapping = {name: poisoned(name, i) for i, name in enumerate(originals)}
    table[column] = table[column].map(lambda v: mapping.get(v, v))
    table.to_csv(path, sep=sep, index=False, quoting=csv.QUOTE_ALL)
    return list(mapping.values())


def _poison_demo(folder: Path) -> dict[str, list[str]]:
    """A copy of the demo files whose commune names (all of them), CPTS, TVS and QPV names start like formulas."""
    shutil.copytree(demo_directory(), folder)
    gpkg = folder / DEMO_FILES["admin_express"]
    layers = {name: gpd.read_file(gpkg, layer=name) for name, _ in pyogrio.list_layers(gpkg)}
    communes = layers["commune"]
    names = [poisoned(n, i) for i, n in enumerate(communes["NOM"])]
    communes["NOM"] = names
    by_code = dict(zip(communes["INSEE_COM"], names, strict=True))
    gpkg.unlink()
    for name, layer in layers.items():
        layer.to_file(gpkg, layer=name, driver="GPKG")
    cog = pd.read_csv(folder / DEMO_FILES["cog_communes"], dtype=str, keep_default_na=False)
    for col in ("LIBELLE", "NCCENR"):
        cog[col] = [by_code.get(c, v) for c, v in zip(cog["COM"], cog[col], strict=True)]
    cog.to_csv(folder / DEMO_FILES["cog_communes"], index=False, quoting=csv.QUOTE_ALL)
    out = {"commune": names}
    out["cpts"] = _rewrite(folder / DEMO_FILES["cpts"], "nom_cpts")
    out["tvs"] = _rewrite(folder / DEMO_FILES["tvs"], "libelle_tvs")
    out["qpv"] = _rewrite(folder / DEMO_FILES["qpv"], "libelle_qpv")
    return out


def _toml(sources: dict[str, Path], out: Path) -> str:
    lines = ['name = "poison"', 'label = "Noms piégés"', "", "[sources]"]
    lines += [f'{key} = "{path.as_posix()}"' for key, path in sources.items()]
    lines += ["", "[[professions]]", 'name = "medecin_generaliste"', "max_ages = [0, 65]", "", "[outputs]"]
    lines += [f'directory = "{(out / "out").as_posix()}"', f'maps_directory = "{(out / "maps").as_posix()}"']
    lines += ["png = false", "raster = false", 'table_formats = ["csv", "parquet", "gpkg"]']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def poisoned_refresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("formules")
    names = _poison_demo(root / "data")
    (root / "territoire.toml").write_text(_toml(demo_sources(root / "data"), root), encoding="utf-8")
    res = CliRunner().invoke(main, ["refresh", "--config", str(root / "territoire.toml")])
    assert res.exit_code == 0, res.output
    return root, names


def test_refresh_tables_neutralise_commune_cpts_tvs_and_qpv_names(poisoned_refresh) -> None:
    root, names = poisoned_refresh
    out = root / "out"
    assert_no_formula_cell(out)
    assert_neutralised(out / "apl_communes.csv", names["commune"])
    assert_neutralised(out / "cpts.csv", names["cpts"])
    assert_neutralised(out / "zonage_tvs.csv", names["tvs"])
    assert_neutralised(out / "zonage_qpv.csv", names["qpv"])
    # Parquet and GeoPackage hold the names as read
    formula_names = [n for n in names["commune"] if not n.startswith(("\t", "\r"))]
    assert set(formula_names) <= set(pd.read_parquet(out / "apl_communes.parquet")["nom"])
    assert set(formula_names) <= set(gpd.read_file(out / "apl_communes.gpkg")["nom"])
    assert set(names["cpts"][:4]) <= set(pd.read_parquet(out / "cpts.parquet").filter(like="nom").stack())
    assert set(names["tvs"][:4]) <= set(pd.read_parquet(out / "zonage_tvs.parquet")["libelle_tvs"])
    assert set(names["qpv"][:4]) <= set(pd.read_parquet(out / "zonage_qpv.parquet")["libelle_qpv"])


def test_scenario_tables_neutralise_commune_names(poisoned_refresh, tmp_path: Path) -> None:
    root, names = poisoned_refresh
    config = tmp_path / "scenario.toml"
    config.write_text(
        f'label = "Scénario"\nterritory = "{(root / "territoire.toml").as_posix()}"\n\n[baseline]\nmax_age = 65\n\n'
        '[[scenarios]]\nname = "retraites"\nchanges = [{ kind = "retirement", min_age = 60, horizon_years = 5 }]\n\n'
        '[outputs]\ndirectory = "out"\nmaps_directory = "maps"\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["scenario", "--config", str(config)])
    assert res.exit_code == 0, res.output
    assert_no_formula_cell(tmp_path / "out")
    table = tmp_path / "out" / "scenario_retraites_plus_touchees.csv"
    listed = set(csv_format.read_csv(table)["nom"])  # the communes listed, as the readers kept their names
    shown = [n for n in names["commune"] if n in listed or n.lstrip("\t\r ") in listed]
    assert len(shown) == len(listed) > 0
    assert_neutralised(table, shown)


def test_zoning_command_neutralises_commune_tvs_and_qpv_names(tmp_path: Path) -> None:
    communes = [poisoned(f"Commune {i}", i) for i in range(6)]
    tvs_names = [poisoned(f"TVS {i}", i) for i in range(6)]
    qpv_names = [poisoned(f"QPV {i}", i) for i in range(6)]
    codes = [f"3300{i}" for i in range(6)]
    pd.DataFrame(
        {"code_commune": codes, "nom": communes, "apl": 9.0, "apl_65": [2.0, 3.0, 3.5, 5.0, 4.5, 2.2],
         "demand": 100.0, "supply": 5400.0}
    ).to_csv(tmp_path / "apl.csv", sep=";", index=False, quoting=csv.QUOTE_ALL)  # fmt: skip
    pd.DataFrame({"REG": "75", "DEP": "33", "COM": codes, "PMUN": 100, "PCAP": 0, "PTOT": 100}).to_csv(
        tmp_path / "pop.csv", sep=";", index=False
    )
    pd.DataFrame({"code_commune": codes, "code_tvs": [f"T{i}" for i in range(6)], "libelle_tvs": tvs_names}).to_csv(
        tmp_path / "tvs.csv", sep=";", index=False, quoting=csv.QUOTE_ALL
    )
    pd.DataFrame(
        {"code_qpv": [f"QP033{i:03d}" for i in range(6)], "libelle_qpv": qpv_names, "code_commune": codes,
         "population": 50}
    ).to_csv(tmp_path / "qpv.csv", sep=";", index=False, quoting=csv.QUOTE_ALL)  # fmt: skip
    (tmp_path / "caps.csv").write_text("code_region;part_max_zip;part_max_zac\n75;0,4;0,3\n", encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main,
        ["zoning", "--apl", str(tmp_path / "apl.csv"), "--population", str(tmp_path / "pop.csv"),
         "--tvs", str(tmp_path / "tvs.csv"), "--caps", str(tmp_path / "caps.csv"), "--qpv", str(tmp_path / "qpv.csv"),
         "--output-dir", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert_no_formula_cell(out)
    assert_neutralised(out / "zoning_communes.csv", tvs_names)
    assert_neutralised(out / "zoning_tvs.csv", tvs_names)
    assert_neutralised(out / "zoning_qpv.csv", qpv_names)
    back = csv_format.read_csv(out / "zoning_qpv.csv").set_index("code_qpv")
    assert back.loc["QP033000", "libelle_qpv"] == qpv_names[0]  # the reader removes the quote


def test_cpts_and_msp_commands_neutralise_cpts_and_msp_names(tmp_path: Path) -> None:
    cpts_names = [poisoned(f"CPTS {i}", i) for i in range(6)]
    msp_names = [poisoned(f"MSP {i}", i) for i in range(6)]
    codes = [f"0100{i}" for i in range(6)]
    pd.DataFrame({"REG": "84", "DEP": "01", "COM": codes, "PMUN": 1000, "PCAP": 0, "PTOT": 1000}).to_csv(
        tmp_path / "pop.csv", sep=";", index=False
    )
    pd.DataFrame(
        {"id_cpts": [f"C{i}" for i in range(6)], "nom_cpts": cpts_names, "statut": "contrat ACI signé",
         "date_signature_aci": "2021-01-01", "code_commune": codes}
    ).to_csv(tmp_path / "cpts.csv", sep=";", index=False, quoting=csv.QUOTE_ALL)  # fmt: skip
    pd.DataFrame(
        {"finess": [f"M{i}" for i in range(6)], "nom": msp_names, "code_commune": codes, "categorie": "603",
         "date_ouverture": "2019-01-01"}
    ).to_csv(tmp_path / "msp.csv", sep=";", index=False, quoting=csv.QUOTE_ALL)  # fmt: skip
    res = CliRunner().invoke(
        main,
        ["cpts", "--cpts", str(tmp_path / "cpts.csv"), "--communes", str(tmp_path / "pop.csv"),
         "--out", str(tmp_path / "cpts"), "--no-progress"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert_no_formula_cell(tmp_path / "cpts")
    assert_neutralised(tmp_path / "cpts" / "cpts.csv", cpts_names)
    res = CliRunner().invoke(
        main,
        ["msp", "--structures", str(tmp_path / "msp.csv"), "--communes", str(tmp_path / "pop.csv"),
         "--out", str(tmp_path / "msp"), "--no-progress"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert_no_formula_cell(tmp_path / "msp")
