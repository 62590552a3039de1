"""The second set of bad-input cases: the files they feed and the way a command-line case is run.

The cases themselves live in one file per family (``tests/test_bad_inputs_*.py``, beside the first table
``tests/test_bad_inputs.py``); each family file holds a ``CASES`` list of :class:`Case`, and
``tests/test_bad_inputs_second_set_coverage.py`` checks that together they reach every command.

A failing case (exit code other than 0) is run over a previous output at the path it would write: the output must
be left exactly as it was, with nothing beside it (no staging folder, no temporary file), the message must match,
no traceback may reach the user. A passing case (exit code 0) guards a behaviour that is right today.
"""

from __future__ import annotations

import gzip
import os
import re
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from access_map.cli import main
from access_map.datasets.demo import DEMO_FILES, demo_directory

#: Output options that name a folder (the others name a file).
FOLDER_OUTPUTS = {"--out", "--output-dir", "--cache-dir", "--maps-dir"}


@dataclass(frozen=True)
class Case:
    """``access-map ARGS`` (``{name}``: a file of :func:`build_files`; ``{out}``: the output path of the case)."""

    id: str
    args: tuple[str, ...]
    exit_code: int
    pattern: str


def _demo_text(key: str) -> str:
    return (demo_directory() / DEMO_FILES[key]).read_text(encoding="utf-8")


def build_files(d: Path) -> dict[str, str]:
    """Write every input of the second set in ``d``; return ``{name: path}`` (the demo files included)."""
    import openpyxl

    files: dict[str, str] = {key: str(demo_directory() / name) for key, name in DEMO_FILES.items()}

    def w(name: str, content: str | bytes, encoding: str = "utf-8") -> str:
        path = d / name
        path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
        return str(path)

    pop, act, pl, cpts, tvs = (
        _demo_text(k) for k in ("population_by_age", "activity", "populations_legales", "cpts", "tvs")
    )
    act_header = act.splitlines()[0]
    pl_lines = pl.splitlines()
    mg = "medecin_generaliste"
    files.update(
        # encodings and line endings (Excel's « Texte Unicode » is UTF-16 with BOM, tab-separated)
        pop_utf16=w("pop_utf16.csv", "\ufeff" + pop, "utf-16-le"),
        activity_utf16_tab=w("activite_utf16.txt", "\ufeff" + act.replace(";", "\t"), "utf-16-le"),
        activity_utf16_be=w("activite_utf16be.csv", "\ufeff" + act, "utf-16-be"),
        pl_mixed_eol=w("pl_fins_de_ligne.csv", "\r\n".join(pl_lines[:200]) + "\r\n" + "\n".join(pl_lines[200:]) + "\n"),
        pl_cp1252=w("pl_1252.csv", pl, "cp1252"),
        cpts_cp1252=w("cpts_1252.csv", cpts.replace("CPTS du Pays", "CPTS « Pays » œuvre"), "cp1252"),
        # values that are not numbers, of absurd magnitude, a column named twice, BOMs
        apl_na=w("apl_na.csv", "code_commune;apl\n00001;2,5\n00002;NA\n00003;n.d.\n00004;-\n00005;s\n"),
        apl_nd=w("apl_nd.csv", "code_commune;apl\n00001;2,5\n00002;n.d.\n"),
        apl_ok=w("apl.csv", "code_commune;apl;standardised_population\n00001;2,5;2000\n00002;3,5;300\n"),
        pl_secret=w("pl_secret.csv", pl.replace("07;00;00002;268;2;270", "07;00;00002;s;2;270")),
        apl_twice=w("apl_deux_fois.csv", "code_commune;apl;apl\n00001;2,5;3\n00002;1;1\n"),
        activity_twice=w(
            "activite_deux_fois.csv",
            act_header + ";actes\n" + "\n".join(line + ";0" for line in act.splitlines()[1:]) + "\n",
        ),
        apl_boms=w("apl_bom.csv", "\ufeff\ufeffcode_commune;\ufeffapl\n00001;2,5\n00002;1\n"),
        pop_1e400=w("pop_1e400.csv", pop.replace("\n00002;Argueville;12;", "\n00002;Argueville;1e400;")),
        activity_1e308=w("activite_1e308.csv", act.replace(";2031;59;", ";1e308;59;")),
        apl_1e308=w("apl_1e308.csv", "code_commune;apl\n00001;1e308\n00002;2\n"),
        times_1e308=w("temps_1e308.csv", "origin;destination;minutes\n00001;00002;1e308\n00002;00001;3\n"),
        pl_1e18=w("pl_1e18.csv", pl.replace("07;00;00002;268;2;270", "07;00;00002;1e18;2;270")),
        # zero-byte files and files with only a header
        empty=w("vide.csv", ""),
        empty_gpkg=w("vide.gpkg", ""),
        empty_xlsx=w("vide.xlsx", ""),
        empty_toml=w("vide.toml", ""),
        cpts_header=w("cpts_entete.csv", cpts.splitlines()[0] + "\n"),
        apl_header=w("apl_entete.csv", "code_commune;apl\n"),
        times_header=w("temps_entete.csv", "origin;destination;minutes\n"),
        pairs_header=w("paires_entete.csv", "X1;Y1;X2;Y2;obs\n"),
        tvs_header=w("tvs_entete.csv", tvs.splitlines()[0] + "\n"),
        pl_header=w("pl_entete.csv", pl_lines[0] + "\n"),
        activity_header=w("activite_entete.csv", act_header + "\n"),
        # one practitioner, one commune, one CPTS, one truth
        activity_row_twice=w("a_ligne_double.csv", act + act.splitlines()[1] + "\n"),
        activity_shares_above_one=w(
            "a_parts.csv", act + f"77;00129;{mg};4000;50;0;0;;0.8;X\n77;00001;{mg};4000;50;0;0;;0.8;X\n"
        ),
        activity_age_250=w("a_age_250.csv", act + f"78;00129;{mg};4000;250;0;0;;1;X\n"),
        activity_age_negative=w("a_age_negatif.csv", act + f"79;00129;{mg};4000;-3;0;0;;1;X\n"),
        activity_share_zero=w("a_part_nulle.csv", act + f"80;00129;{mg};4000;50;0;0;;0;X\n"),
        cpts_two_names=w("c_deux_noms.csv", cpts + "CPTS07001;Autre nom;contrat ACI signé;2019-08-24;00001\n"),
        cpts_two_statuses=w(
            "c_deux_statuts.csv", cpts + "CPTS07001;CPTS du Pays de Fonsagnac-en-Ossande;projet;;00001\n"
        ),
        cpts_two_dates=w(
            "c_deux_dates.csv",
            cpts + "CPTS07001;CPTS du Pays de Fonsagnac-en-Ossande;contrat ACI signé;2020-01-01;00001\n",
        ),
        cpts_row_twice=w("c_ligne_double.csv", cpts + cpts.splitlines()[1] + "\n"),
        cpts_31_february=w("c_31_fevrier.csv", cpts.splitlines()[0] + "\nC9;X;contrat ACI signé;31/02/2021;00001\n"),
        pl_total_contradicts=w("pl_ptot.csv", pl.replace("07;00;00002;268;2;270", "07;00;00002;268;2;10")),
        tvs_commune_twice=w("tvs_double.csv", tvs + "00001;00007;Belnelles\n"),
        zoning_commune_twice=w("zonage_double.csv", _demo_text("zoning") + "00001;Ardereuil;00001;ZIP\n"),
        times_pair_twice=w("temps_double.csv", "origin;destination;minutes\n00001;00002;5\n00001;00002;9\n"),
        zonage_twice=w("zonage_carte_double.csv", "code_commune;zonage\n00001;ZIP\n00001;HV\n"),
        # formulas in names
        tvs_formulas=w(
            "tvs_formules.csv",
            tvs.replace(";00001;Ardereuil\n", ";00001;\t=1+1\n").replace(";00007;Belnelles\n", ";00007;@SUM(A1)\n"),
        ),
        cpts_formula=w("cpts_formule.csv", cpts.replace("CPTS du Pays de Fonsagnac-en-Ossande", "-2+3")),
        # compressed files damaged
        pl_truncated_gz=w("pl_tronque.csv.gz", gzip.compress(pl.encode())[:300]),
        pl_not_gz=w("pl_pas_gzip.csv.gz", pl),
    )
    files.update(_workbooks(d, openpyxl))
    files.update(_configurations(d, w))
    os.symlink(d / "boucle", d / "boucle")
    os.symlink("/dev/zero", d / "zero.csv")
    (d / "dossier.toml").mkdir()
    files.update(loop=str(d / "boucle"), zero_link=str(d / "zero.csv"), config_folder=str(d / "dossier.toml"))
    return files


_APL_HEADER = [
    "Code commune INSEE",
    "Commune",
    "APL aux médecins généralistes",
    "APL aux médecins généralistes de moins de 65 ans",
    "Population standardisée 2021 pour la médecine générale",
]


def _workbooks(d: Path, openpyxl: object) -> dict[str, str]:
    """DREES-like APL workbooks: formulas never computed, a merged header, several sheets, an empty sheet."""

    def save(name: str, sheets: dict[str, list[list[object]]], merge: str | None = None) -> str:
        wb = openpyxl.Workbook()  # type: ignore[attr-defined]
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
            if merge:
                ws.merge_cells(merge)
        wb.save(d / name)
        return str(d / name)

    merged_header = ["Code commune INSEE", "Commune", "APL aux médecins généralistes", None, _APL_HEADER[4]]
    return {
        "xlsx_formulas": save(
            "formules.xlsx", {"APL 2023": [_APL_HEADER, ["00001", "A", "=1+1", "=2*1", 800], ["00002", "B", 2.5, 2, 1]]}
        ),
        "xlsx_merged_header": save(
            "entete_fusionnee.xlsx",
            {"APL 2023": [merged_header, [None, None, "tous âges", "moins de 65 ans"], ["00001", "A", 2.5, 2.0, 800]]},
            merge="C1:D1",
        ),
        "xlsx_two_sheets": save(
            "deux_feuilles.xlsx",
            {f"APL {y}": [_APL_HEADER, ["00001", "A", 2.5, 2.0, 800]] for y in (2022, 2023)},
        ),
        "xlsx_empty_sheet": save("feuille_vide.xlsx", {"APL 2023": []}),
        "xlsx_header_only": save("entete_seule.xlsx", {"APL 2023": [_APL_HEADER]}),
        "xlsx_bomb": _zip_bomb(d / "bombe.xlsx"),
    }


def _zip_bomb(path: Path) -> str:
    """An xlsx whose sheet expands to 40 MB of blanks, 1,000 times its compressed size (a decompression bomb)."""
    import zipfile

    book = '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>'
    book += '<sheet name="APL 2023" sheetId="1"/></sheets></workbook>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", book)
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (40 * 2**20))
    return str(path)


def _configurations(d: Path, w: object) -> dict[str, str]:
    base = 'name = "t"\n[sources]\ndemo = true\n'
    gp = '[[professions]]\nname = "medecin_generaliste"\nmax_ages = [0, 65]\n'
    sc = 'territory = "demo"\n'
    change = '[[scenarios]]\nname = "{name}"\nchanges = [{{ kind = "population", factor = {factor} }}]\n'
    texts = {
        "r_zoning_66": base + gp + "[zoning]\nmax_age = 66\n",
        "r_zoning_62_not_computed": base + gp + "[zoning]\nmax_age = 62\n",
        "r_profession_twice": base + gp + gp.replace("[0, 65]", "[0]"),
        "r_profession_twice_vintages": base + gp.replace("max_ages", "vintage = 2022\nmax_ages") + gp,
        "r_name_dot_dot": base.replace('"t"', '".."') + gp,
        "r_margin_nan": 'name = "t"\ndepartements = ["96"]\nmargin_km = nan\n[sources]\ndemo = true\n' + gp,
        "r_raster_1e9": base + gp + "[outputs]\nraster_resolution_m = 1e9\n",
        "r_travel_zero_minutes": base + gp + "[travel]\nmax_minutes = 0\n",
        "r_msp_1e9_minutes": base + gp + "[msp]\nminutes = [1e9]\n",
        "r_departement_999": 'name = "t"\ndepartements = ["999"]\n[sources]\ndemo = true\n' + gp,
        "r_no_profession": 'name = "t"\nprofessions = []\n[sources]\ndemo = true\n',
        "s_draws_zero": sc + "[uncertainty]\ndraws = 0\n",
        "s_draws_true": sc + "[uncertainty]\ndraws = true\n",
        "s_seed_fraction": sc + "[uncertainty]\nseed = 1.5\n",
        "s_top_1e12": sc + "[outputs]\ntop = 1e12\n",
        "s_travel_nan": sc + '[[scenarios]]\nname = "x"\nchanges = [{ kind = "travel", factor = nan }]\n',
        "s_factor_text": sc + change.format(name="x", factor='"2"'),
        "s_name_twice": sc + change.format(name="x", factor=1.1) + change.format(name="x", factor=1.2),
        "s_name_formula": sc + change.format(name='=HYPERLINK(\\"http://x\\",\\"clic\\")', factor=1.1),
        "s_name_path": sc + change.format(name="../../x", factor=1.1),
        "s_territory_missing": 'territory = "/nonexistent/t.toml"\n',
        "s_no_change": sc + '[[scenarios]]\nname = "x"\nchanges = []\n',
    }
    out = {key: w(f"{key}.toml", text) for key, text in texts.items()}  # type: ignore[operator]
    out["config_utf16"] = w("c16.toml", "\ufeff" + base + gp, "utf-16-le")  # type: ignore[operator]
    return out


def _accepts_overwrite(args: tuple[str, ...]) -> bool:
    import click

    command = main.get_command(click.Context(main), args[0])
    if isinstance(command, click.Group):
        command = command.commands.get(args[1])
    return command is not None and any(p.name == "overwrite" for p in command.params)


def _previous_output(case: Case, out: Path) -> None:
    option = case.args[next(i for i, a in enumerate(case.args) if "{out}" in a) - 1]
    target = Path(next(a for a in case.args if "{out}" in a).format(out=out))
    if option in FOLDER_OUTPUTS:
        target.mkdir(parents=True)
        (target / "resultat.csv").write_bytes(b"code_commune;apl\n96001;2,5\n")
    else:
        target.write_bytes(b"sortie precedente\n")


def run_case(case: Case, files: dict[str, str], tmp_path: Path) -> str:
    """Run ``case`` in ``tmp_path``; check exit code, message, no traceback and (failing cases) the previous output
    left intact with nothing beside it. Returns the output, blanks collapsed."""
    out = tmp_path / "precedent"
    writes = any("{out}" in a for a in case.args)
    if case.exit_code != 0 and writes:
        _previous_output(case, out)
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    args = [a.format(out=out, **files) for a in case.args]
    if case.exit_code != 0 and writes and _accepts_overwrite(case.args) and "--overwrite" not in args:
        args.append("--overwrite")  # the failure itself, not the guard against replacing an output, is tested
    res = CliRunner().invoke(main, args)
    text = " ".join(res.output.split())
    assert res.exit_code == case.exit_code, res.output
    assert re.search(case.pattern, text), res.output
    assert "Traceback" not in res.output and "unexpected error" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    if case.exit_code != 0:
        after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
        assert after == before, sorted(set(after) ^ set(before))
        hidden = [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")]
        assert hidden == [], hidden
    return text
