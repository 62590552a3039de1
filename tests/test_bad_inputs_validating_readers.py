"""Second set, family 4: every command reads through the validating readers.

Encodings a French analyst meets (UTF-16 with BOM from Excel's « Texte Unicode », cp1252, mixed line endings),
"not a number" markers (NA, n.d., -, s for the statistical secret), a column named twice, BOMs inside a header,
numbers of absurd magnitude, zero-byte files, files with only a header, and DREES-like workbooks (formulas never
computed, a merged header, two sheets, an empty sheet).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from bad_input_cases import Case, build_files, run_case
from click.testing import CliRunner

from access_map.cli import main
from access_map.csv_format import read_csv

_CSV = ("--output", "{out}.csv")
_POINTS = ("--points", "{admin_express}")
_Z = ("zoning", "--tvs", "{tvs}", "--region", "07", "--output-dir", "{out}")
_CP = ("cpts", "--out", "{out}")
_NOT_A_NUMBER = r"valeurs? non numériques? \((NA, n.d., -, s|n.d.|s)\)"
_ONLY_HEADER = r"le fichier n'a que sa ligne d'en-tête \(.*\), aucune ligne de données"
_TWICE = r"l'en-tête nomme plusieurs fois la colonne "
_HUGE = r"1 valeur démesurée \(1e\+(308|18) ; au-delà de 1e\+15 : une erreur de saisie ou d'export\)"


def _apl(population: str = "{population_by_age}", supply: str = "{activity}") -> tuple[str, ...]:
    return ("apl", "--population", population, "--supply", supply, *_POINTS, *_CSV)


CASES: list[Case] = [
    # encodings: read like their UTF-8 twins (test_utf16_and_cp1252_files_give_the_same_results checks the values)
    Case("apl-population-utf16-with-bom", _apl(population="{pop_utf16}"), 0, r"600 communes"),
    Case("apl-activity-utf16-tab-separated", _apl(supply="{activity_utf16_tab}"), 0, r"221 communes d'exercice"),
    Case("apl-activity-utf16-big-endian", _apl(supply="{activity_utf16_be}"), 0, r"221 communes d'exercice"),
    Case("cpts-populations-mixed-line-endings", (*_CP, "--cpts", "{cpts}", "--communes", "{pl_mixed_eol}"), 0, "65.7 %"),
    Case("cpts-both-files-in-cp1252", (*_CP, "--cpts", "{cpts_cp1252}", "--communes", "{pl_cp1252}"), 0, "65.7 %"),
    # not-a-number markers are named, never read as missing or zero
    Case("zoning-apl-na-markers", (*_Z, "--apl", "{apl_na}"), 1, r"colonne 'apl' de .*apl_na.csv : 4 " + _NOT_A_NUMBER),
    Case(
        "map-values-n-d",
        ("map", "apl", "--communes", "{admin_express}", "--values", "{apl_nd}", "-o", "{out}.html"),
        1,
        _NOT_A_NUMBER,
    ),
    Case(
        "cpts-population-statistical-secret",
        (*_CP, "--cpts", "{cpts}", "--communes", "{pl_secret}"),
        1,
        r"colonne 'PMUN' de .*pl_secret.csv : 1 " + _NOT_A_NUMBER,
    ),
    # a column named twice: which one is meant cannot be known
    Case(
        "map-values-apl-column-twice",
        ("map", "apl", "--communes", "{admin_express}", "--values", "{apl_twice}", "-o", "{out}.html"),
        1,
        _TWICE + "apl",
    ),
    Case("zoning-apl-column-twice", (*_Z, "--apl", "{apl_twice}"), 1, _TWICE + "apl"),
    Case("apl-activity-acts-column-twice", _apl(supply="{activity_twice}"), 1, _TWICE + "actes"),
    Case(
        "map-values-boms-inside-the-header",
        ("map", "apl", "--communes", "{admin_express}", "--values", "{apl_boms}", "-o", "{out}.html"),
        0,
        r"Carte écrite",
    ),
    # numbers of absurd magnitude: refused, not capped or summed
    Case("apl-acts-1e308", _apl(supply="{activity_1e308}"), 1, r"colonne 'acts' de .*activite_1e308.csv : " + _HUGE),
    Case(
        "map-apl-1e308",
        ("map", "apl", "--communes", "{admin_express}", "--values", "{apl_1e308}", "-o", "{out}.html"),
        1,
        _HUGE,
    ),
    Case("cpts-population-1e18", (*_CP, "--cpts", "{cpts}", "--communes", "{pl_1e18}"), 1, r"'PMUN' .*" + _HUGE),
    Case("apl-population-1e400-overflows", _apl(population="{pop_1e400}"), 1, r"1 valeur infinie \(inf\)"),
    Case(
        "travel-import-1e308-minutes-is-not-computed",
        ("travel", "import", "--input", "{times_1e308}", "--output", "{out}.parquet"),
        0,
        r"1 ligne écartée : temps « non calculé » \(≥ 9999\) ou infini : 1",
    ),
    # zero-byte files
    Case("cpts-list-zero-bytes", (*_CP, "--cpts", "{empty}", "--communes", "{populations_legales}"), 1, r"vide.csv : le fichier est vide"),
    Case(
        "msp-structures-zero-bytes",
        ("msp", "--out", "{out}", "--structures", "{empty}", "--communes", "{populations_legales}"),
        1,
        r"le fichier est vide",
    ),
    Case("zoning-tvs-zero-bytes", ("zoning", "--tvs", "{empty}", "--apl", "{apl_nd}", "--region", "07", "--output-dir", "{out}"), 1, r"le fichier est vide"),
    Case("travel-import-zero-bytes", ("travel", "import", "--input", "{empty}", "--output", "{out}.parquet"), 1, r"le fichier est vide"),
    Case("apl-times-zero-bytes", ("apl", "--population", "{population_by_age}", "--supply", "{activity}", "--times", "{empty}", *_CSV), 1, r"le fichier est vide"),
    Case("apl-points-zero-byte-geopackage", ("apl", "--population", "{population_by_age}", "--supply", "{activity}", "--points", "{empty_gpkg}", *_CSV), 1, r"vide.gpkg : le fichier est vide"),
    Case("map-communes-zero-byte-geopackage", ("map", "apl", "--communes", "{empty_gpkg}", "--values", "{apl_nd}", "-o", "{out}.html"), 1, r"vide.gpkg : le fichier est vide"),
    Case("travel-crowfly-points-zero-byte-geopackage", ("travel", "crowfly", "--points", "{empty_gpkg}", "--output", "{out}.parquet"), 1, r"vide.gpkg : le fichier est vide"),
    Case("travel-osrm-points-zero-byte-geopackage", ("travel", "osrm", "--points", "{empty_gpkg}", "--base-url", "http://127.0.0.1:9", "--output", "{out}.parquet"), 1, r"vide.gpkg : le fichier est vide"),
    Case("travel-compare-header-only", ("travel", "compare", "{times_header}", "{times_pair_twice}"), 1, r"temps_entete.csv : " + _ONLY_HEADER),
    Case("grid-grid-zero-bytes", ("grid", "--grid", "{empty}", "--supply", "{activity}", *_POINTS, "--output-dir", "{out}"), 1, r"le fichier est vide"),
    Case("zoning-apl-zero-byte-workbook", (*_Z, "--apl", "{empty_xlsx}"), 1, r"vide.xlsx : le fichier est vide"),
    Case("travel-calibrate-zero-bytes", ("travel", "calibrate", "--pairs", "{empty}", "--observed", "obs"), 1, r"le fichier est vide"),
    # only a header
    Case("cpts-list-header-only", (*_CP, "--cpts", "{cpts_header}", "--communes", "{populations_legales}"), 1, r"cpts_entete.csv : " + _ONLY_HEADER),
    Case("cpts-populations-header-only", (*_CP, "--cpts", "{cpts}", "--communes", "{pl_header}"), 1, r"pl_entete.csv : " + _ONLY_HEADER),
    Case("msp-populations-header-only", ("msp", "--out", "{out}", "--structures", "{finess}", "--communes", "{pl_header}"), 1, _ONLY_HEADER),
    Case("map-values-header-only", ("map", "apl", "--communes", "{admin_express}", "--values", "{apl_header}", "-o", "{out}.html"), 1, _ONLY_HEADER),
    Case("travel-import-header-only", ("travel", "import", "--input", "{times_header}", "--output", "{out}.parquet"), 1, _ONLY_HEADER),
    Case("travel-calibrate-header-only", ("travel", "calibrate", "--pairs", "{pairs_header}", "--observed", "obs"), 1, _ONLY_HEADER),
    Case("zoning-apl-header-only", (*_Z, "--apl", "{apl_header}"), 1, r"la colonne d'APL 'apl' n'a aucune valeur"),
    Case("zoning-tvs-header-only", ("zoning", "--tvs", "{tvs_header}", "--apl", "{apl_ok}", "--region", "07", "--output-dir", "{out}"), 1, r"tvs_entete.csv : " + _ONLY_HEADER),
    Case("apl-activity-header-only", _apl(supply="{activity_header}"), 1, r"Aucun médecin généraliste dans les départements"),
    # DREES-like workbooks
    Case("zoning-workbook-formulas-never-computed", (*_Z, "--apl", "{xlsx_formulas}"), 1, r"formules.xlsx \[APL 2023\] : 2 cellules contiennent une formule dont le résultat n'a jamais été calculé \(C2, D2\) : .*Ouvrez le classeur dans Excel ou LibreOffice Calc et enregistrez-le"),
    Case("zoning-workbook-merged-header-cells", (*_Z, "--apl", "{xlsx_merged_header}"), 1, r"entete_fusionnee.xlsx \[APL 2023\] : la colonne D contient des valeurs mais pas d'en-tête"),
    Case("zoning-workbook-two-apl-sheets", (*_Z, "--apl", "{xlsx_two_sheets}"), 1, r"'APL 2022', 'APL 2023'"),
    Case("zoning-workbook-empty-sheet", (*_Z, "--apl", "{xlsx_empty_sheet}"), 1, r"aucune ligne d'en-tête avec une cellule 'Code commune'"),
    Case("zoning-workbook-decompression-bomb", (*_Z, "--apl", "{xlsx_bomb}"), 1, r"bombe.xlsx : après 40,0 Mo, son contenu décompressé dépasse 200 fois sa taille compressée"),
    Case("zoning-workbook-header-only", (*_Z, "--apl", "{xlsx_header_only}"), 1, r"la colonne d'APL 'apl_65' n'a aucune valeur"),
]  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_files(tmp_path_factory.mktemp("lecteurs"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_command_reads_through_the_validating_readers(case: Case, files: dict[str, str], tmp_path: Path) -> None:
    run_case(case, files, tmp_path)


def test_utf16_and_cp1252_files_give_the_same_results(files: dict[str, str], tmp_path: Path) -> None:
    """The APL from a UTF-16 population or activity file, and the CPTS coverage from cp1252 files with mixed line
    endings, are those of their UTF-8 twins (the demo files), value for value."""
    runs = {
        "utf8": _apl(),
        "pop16": _apl(population="{pop_utf16}"),
        "act16": _apl(supply="{activity_utf16_tab}"),
        "act16be": _apl(supply="{activity_utf16_be}"),
    }
    tables = {}
    for name, args in runs.items():
        out = tmp_path / name
        res = CliRunner().invoke(main, [a.format(out=out, **files) for a in args])
        assert res.exit_code == 0, res.output
        tables[name] = read_csv(out.with_suffix(".csv"), index_col="code_commune")
    assert len(tables["utf8"]) == 600 and tables["utf8"]["apl"].gt(0).sum() > 500
    for name in ("pop16", "act16", "act16be"):
        pd.testing.assert_frame_equal(tables[name], tables["utf8"])
    coverage = {}
    for name, (cpts, communes) in {
        "utf8": ("{cpts}", "{populations_legales}"),
        "cp1252": ("{cpts_cp1252}", "{pl_mixed_eol}"),
    }.items():
        out = tmp_path / f"cpts_{name}"
        args = ("cpts", "--cpts", cpts, "--communes", communes, "--out", str(out))
        res = CliRunner().invoke(main, [a.format(**files) for a in args])
        assert res.exit_code == 0, res.output
        coverage[name] = read_csv(out / "communes_couverture.csv", index_col="code_commune")
    assert coverage["cp1252"].shape == coverage["utf8"].shape
    pd.testing.assert_frame_equal(coverage["cp1252"].select_dtypes("number"), coverage["utf8"].select_dtypes("number"))


@pytest.mark.parametrize(
    ("reader", "content", "pattern"),
    [
        ("populations", "REG;DEP;COM;PMUN;PCAP;PTOT\n", r"pl.csv : le fichier n'a que sa ligne d'en-tête"),
        ("cpts", "id_cpts;nom_cpts;statut;date_signature_aci;code_commune\n", r"aucune ligne de données"),
        ("values", "code_commune;apl\n", r"aucune ligne de données"),
        ("travel", "origin;destination;minutes\n", r"aucune ligne de données"),
        ("pairs", "X1;Y1;X2;Y2;t\n", r"aucune ligne de données"),
        ("populations", "REG;DEP;COM;PMUN;PMUN;PTOT\n75;33;33063;1;2;3\n", r"nomme plusieurs fois la colonne PMUN"),
        ("values", "code_commune;apl\n33063;1e16\n", r"1 valeur démesurée \(1e\+16"),
        ("values", "code_commune;apl\n33063;-1e300\n", r"1 valeur démesurée \(-1e\+300"),
    ],
)
def test_the_readers_refuse_header_only_files_repeated_columns_and_absurd_numbers(
    reader: str, content: str, pattern: str, tmp_path: Path
) -> None:
    from access_map.errors import AccessMapError
    from access_map.readers.cpts import read_cpts
    from access_map.readers.insee import read_populations_legales
    from access_map.readers.values import read_commune_values
    from access_map.travel import read_observed_pairs, read_travel_times

    read = {
        "populations": read_populations_legales,
        "cpts": read_cpts,
        "values": read_commune_values,
        "travel": read_travel_times,
        "pairs": lambda p: read_observed_pairs(p, observed="t"),
    }[reader]
    path = tmp_path / "pl.csv"
    path.write_text(content, encoding="utf-8")
    with warnings.catch_warnings(), pytest.raises(AccessMapError, match=pattern):
        warnings.simplefilter("error", RuntimeWarning)
        read(path)


def test_a_utf16_table_is_read_with_its_accents_and_codes(tmp_path: Path) -> None:
    """Excel's « Texte Unicode » export: UTF-16 little-endian with BOM, tab-separated."""
    from access_map.readers._io import read_table

    path = tmp_path / "communes.txt"
    path.write_bytes("\ufeffcode\tnom\r\n01001\tL'Abergement-Clémenciat\r\n2A004\tAjaccio\r\n".encode("utf-16-le"))
    table, encoding, sep = read_table(path, required=["code", "nom"])
    assert (encoding, sep) == ("utf-16", "\t")
    assert table.to_dict("list") == {"code": ["01001", "2A004"], "nom": ["L'Abergement-Clémenciat", "Ajaccio"]}


def test_the_numbers_of_real_files_stay_below_the_magnitude_bound() -> None:
    """Control of the bound: the largest numbers of the demo files (populations, acts) are read."""
    from access_map.datasets.demo import DEMO_FILES, demo_directory
    from access_map.readers.activity import read_practitioner_activity
    from access_map.readers.insee import read_populations_legales

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        pl = read_populations_legales(demo_directory() / DEMO_FILES["populations_legales"])
        act = read_practitioner_activity(demo_directory() / DEMO_FILES["activity"])
    assert pl["population_municipale"].max() > 10_000 and act["acts"].max() > 5_000
