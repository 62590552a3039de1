"""Every text the command line shows is French (issue 20, point 7): help pages, click's own words, errors, console.

For every command and sub-command of ``access-map``: its ``--help`` page, the error of a missing required option
(or of an unknown option when none is required), and the error of a bad value for each option whose type can
refuse one (numbers, choices, existing files) are searched for English with the marker-word heuristic of
:mod:`english_markers` (shared with ``test_zoning_texts_are_french.py``). Option names (``--per-km``) and metavars
are code the user types, removed before the search. Sample runs on the demo territory check the console lines of
``travel crowfly``, ``travel calibrate`` and ``travel compare``.
"""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from english_markers import english_in

from access_map.cli import SUBCOMMANDS, main
from access_map.cli._french import FrenchBool, FrenchChoice, FrenchFloat, FrenchInt, FrenchPath, french_error

#: What the user types or gave: option names (``--per-km``, ``-h``), metavars (``FICHIER``, ``[ACTS]``), values
#: quoted « … » from the command line, paths, choices (``apl|zoning``), default values.
_TYPED = re.compile(
    r"(?<![\w-])--?[A-Za-z][\w-]*|\b[A-Z][A-Z_]{2,}\b|\[[a-z_|]+\]|«[^»]*»|\S*/\S*|\w+(?:\|\w+)+|(?<=défaut : )[^\]]*"
    r"|^  [a-z]+(?=  )"  # a sub-command's name in the list of commands
    r"|\b\w+ = "  # a setting of a configuration file (``regions = ["76"]``)
    r"|\w+(?: \| \w+)+|(?<=choisissez parmi : ).*"  # the possible values of a setting or an option
    r"|access-map(?: [a-z]+)*",  # a command line
    flags=re.MULTILINE,
)


def english(text: str) -> list[str]:
    return english_in(_TYPED.sub(" ", text))


def commands() -> list[tuple[list[str], click.Command]]:
    """(path of words after ``access-map``, command) of every command and sub-command."""
    ctx = click.Context(main)
    found: list[tuple[list[str], click.Command]] = [([], main)]
    for name in sorted(SUBCOMMANDS):
        command = main.get_command(ctx, name)
        assert command is not None
        found.append(([name], command))
        if isinstance(command, click.Group):
            for sub in sorted(command.commands):
                found.append(([name, sub], command.commands[sub]))
    return found


COMMANDS = commands()
IDS = [" ".join(path) or "access-map" for path, _ in COMMANDS]


def test_the_heuristic_sees_click_english_and_not_french():
    assert english("Usage: access-map zoning [OPTIONS]\n\nOptions:\n  -h, --help  Show this message and exit.")
    assert english("Error: Missing option '--points'.")
    assert english("Error: Invalid value for '--rules': '2019' is not one of '2017', '2021'.")
    assert not english("Erreur : valeur invalide pour '--per-km' : « abc » n'est pas un nombre")
    assert not english("  --points FICHIER  Points des communes.  [défaut : 0,9 ; obligatoire]")


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_pages_are_french(path, command):
    res = CliRunner().invoke(main, [*path, "--help"], prog_name="access-map", terminal_width=100)
    assert res.exit_code == 0, res.output
    assert "Utilisation : access-map" in res.output
    assert "Afficher cette aide et quitter." in res.output
    assert english(res.output) == [], res.output


def _bad_value(param: click.Parameter, tmp: str) -> str | None:
    kind = param.type
    if isinstance(kind, (FrenchFloat, FrenchInt)):
        return "abc"
    if isinstance(kind, FrenchChoice):
        return "zzz-inconnu"
    if isinstance(kind, FrenchBool):
        return "peut-etre"
    if isinstance(kind, FrenchPath) and kind.exists:
        return f"{tmp}/absent.csv"
    return None


@pytest.mark.parametrize(("path", "command"), [c for c in COMMANDS if c[0]], ids=IDS[1:])
def test_usage_errors_are_french(path, command, tmp_path):
    runner = CliRunner()
    required = [p for p in command.params if p.required]
    res = runner.invoke(main, [*path] if required else [*path, "--option-inexistante"], prog_name="access-map")
    assert res.exit_code == 2, res.output
    assert "Erreur : " in res.output and "Error" not in res.output
    assert english(res.output) == [], res.output
    if required:
        assert "obligatoire manquant" in res.output
    checked = 0
    for param in command.params:
        value = _bad_value(param, str(tmp_path))
        if value is None or not isinstance(param, click.Option) or param.is_flag or param.count:
            continue
        res = runner.invoke(main, [*path, param.opts[0], value], prog_name="access-map")
        assert res.exit_code == 2, (param.opts, res.output)
        assert "valeur invalide pour" in res.output, (param.opts, res.output)
        assert english(res.output) == [], (param.opts, res.output)
        checked += 1
    if isinstance(command, click.Group):
        res = runner.invoke(main, [*path, "inconnue"], prog_name="access-map")
        assert res.exit_code == 2 and "commande inconnue" in res.output and english(res.output) == []


def test_click_errors_without_structure_are_translated():
    assert "en trop" in french_error(click.UsageError("Got unexpected extra argument (x)")).format_message()
    assert french_error(click.UsageError("Missing command.")).format_message() == "commande manquante."


def test_numbers_take_a_decimal_comma(tmp_path):
    # the crow-fly slope typed the French way reaches the model: 0,9 min/km (the default is 1,32)
    import geopandas as gpd
    from shapely.geometry import Point

    from access_map import csv_format

    points = tmp_path / "p.geojson"
    gpd.GeoDataFrame(
        {"INSEE_COM": ["01001", "01002"]}, geometry=[Point(700000, 6600000), Point(703000, 6604000)], crs=2154
    ).to_file(points, driver="GeoJSON")
    out = tmp_path / "t.csv"
    args = ["travel", "crowfly", "--points", str(points), "--output", str(out), "--intercept", "1,5"]
    res = CliRunner().invoke(main, [*args, "--per-km", "0,9"])
    assert res.exit_code == 0, res.output
    table = csv_format.read_csv(out, text_columns=["origin", "destination"])
    pair = table[(table["origin"] == "01001") & (table["destination"] == "01002")]["minutes"].iloc[0]
    assert pair == pytest.approx(1.5 + 0.9 * 5.0)  # 5 km apart (3-4-5 triangle)


# --------------------------------------------------------------------------- console runs on the demo territory


@pytest.fixture(scope="module")
def demo_tables(tmp_path_factory):
    """Crow-fly times of the demo territory (A), a road-like table 20 % slower (B), observed pairs, APL inputs."""
    import pandas as pd

    from access_map import csv_format
    from access_map.datasets import load_demo

    folder = tmp_path_factory.mktemp("demo_cli")
    demo = load_demo()
    points = folder / "chefs_lieux.gpkg"
    demo.chefs_lieux.reset_index().to_file(points, driver="GPKG")
    a = folder / "a.csv"
    res = CliRunner().invoke(main, ["travel", "crowfly", "--points", str(points), "--output", str(a)])
    assert res.exit_code == 0, res.output
    times = csv_format.read_csv(a, text_columns=["origin", "destination"])
    b = folder / "b.csv"
    csv_format.write_csv(times.assign(minutes=times["minutes"] * 1.2), b, index=False)
    xy = demo.chefs_lieux.to_crs(2154).geometry
    first = times[times["origin"] != times["destination"]].head(200)
    observed = pd.DataFrame(
        {
            "X1": xy.loc[first["origin"]].x.to_numpy(),
            "Y1": xy.loc[first["origin"]].y.to_numpy(),
            "X2": xy.loc[first["destination"]].x.to_numpy(),
            "Y2": xy.loc[first["destination"]].y.to_numpy(),
            "obs": first["minutes"].to_numpy() * 1.1,
        }
    )
    pairs = folder / "pairs.csv"
    csv_format.write_csv(observed, pairs, index=False)
    return {"points": points, "a": a, "b": b, "pairs": pairs, "crowfly_output": res.output, "folder": folder}


def test_console_of_travel_runs_on_the_demo_is_french(demo_tables):
    runner = CliRunner()
    outputs = {"crowfly": demo_tables["crowfly_output"]}
    res = runner.invoke(main, ["travel", "compare", str(demo_tables["a"]), str(demo_tables["b"])])
    assert res.exit_code == 0, res.output
    outputs["compare"] = res.output
    res = runner.invoke(main, ["travel", "calibrate", "--pairs", str(demo_tables["pairs"]), "--observed", "obs"])
    assert res.exit_code == 0, res.output
    outputs["calibrate"] = res.output
    for name, text in outputs.items():
        assert text.strip(), name
        assert english(text) == [], (name, text)
    # B is A x 1.2: A - B is negative on every pair (the bias is printed with a decimal comma)
    assert "biais -" in outputs["compare"] or "biais −" in outputs["compare"], outputs["compare"]
    # observed = 1.1 x the default model: the fitted slope is 1.1 x 1.32 = 1,452 min/km
    assert "1,452" in outputs["calibrate"], outputs["calibrate"]


def test_console_of_apl_then_zoning_on_the_demo_is_french(tmp_path):
    # the demo's files through the chain apl -> zoning, as an analyst runs it: every console line is French
    from importlib.resources import files

    demo = files("access_map.datasets") / "demo"
    runner = CliRunner()
    apl = tmp_path / "apl.csv"
    res = runner.invoke(
        main,
        [
            "apl",
            "--population",
            str(demo / "pop_sexe_age_quinquennal.csv"),
            "--supply",
            str(demo / "activite_praticiens.csv"),
            "--points",
            str(demo / "admin_express_demo.gpkg"),
            "--variants",
            "--output",
            str(apl),
        ],
    )
    assert res.exit_code == 0, res.output
    outputs = {"apl": res.output}
    assert "apl : moyenne pondérée par la demande" in res.output and "600 communes" in res.output
    res = runner.invoke(
        main,
        [
            "zoning",
            "--apl",
            str(apl),
            "--population",
            str(demo / "populations_legales.csv"),
            "--tvs",
            str(demo / "tvs.csv"),
            "--caps",
            str(demo / "plafonds_zonage.csv"),
            "--previous",
            str(demo / "zonage_precedent.csv"),
            "--output-dir",
            str(tmp_path / "zonage"),
        ],
    )
    assert res.exit_code == 0, res.output
    outputs["zoning"] = res.output
    assert "colonne APL : apl_65" in res.output and "0 règle(s) enfreinte(s)" in res.output
    for name, text in outputs.items():
        assert english(text) == [], (name, text)
