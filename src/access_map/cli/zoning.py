"""``access-map zoning``: GP zoning (ZIP / ZAC / ZV / HV) of TVS from commune APL, with caps and a diff."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import click
import pandas as pd

from ..errors import AccessMapError
from ..messages import cli_zoning as Z
from ..messages import maps as msg_maps
from ..messages import supply as supply_msg
from ..zoning import CATEGORIES, POLICIES, RULE_PRESETS
from ..zoning_outputs import ALL_TABLE_NAMES
from ._french import FrenchCommand, FrenchError, FrenchUsageError
from ._options import echo_warnings
from ._zoning_five_levels import five_levels_run
from ._zoning_inputs import build_communes, read_list
from ._zoning_inputs import echo as _echo

EPILOG = Z.EPILOG

#: ``--five-levels`` presets -> FiveLevelRules constructor name.
FIVE_LEVEL_PRESETS = ("infirmiers_2020", "masseurs_kinesitherapeutes_2018", "sages_femmes_2019", "orthophonistes_2018")
#: Options of the five-level mode (every other option belongs to the GP zoning).
_FIVE_LEVEL_PARAMS = {"five_levels", "indicator_path", "boundary", "output_dir", "overwrite"}

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command(
    "zoning",
    cls=FrenchCommand,
    help=Z.COMMANDE,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    short_help=Z.COURTE,
)
@click.option(
    "--apl",
    "apl_path",
    type=_FILE,
    help=Z.APL,
)
@click.option("--apl-column", default=None, help=Z.APL_COLUMN)
@click.option("--apl-year", type=int, default=None, help=Z.APL_YEAR)
@click.option(
    "--population",
    "population_path",
    type=_FILE,
    help=Z.POPULATION,
)
@click.option(
    "--population-year",
    type=int,
    default=None,
    help=Z.POPULATION_YEAR,
)
@click.option("--weight-column", default=None, help=Z.WEIGHT_COLUMN)
@click.option("--population-column", default=None, help=Z.POPULATION_COLUMN)
@click.option("--region", default=None, help=Z.REGION)
@click.option("--tvs", "tvs_path", type=_FILE, help=Z.TVS)
@click.option(
    "--appartenance",
    "appartenance_path",
    type=_FILE,
    help=Z.APPARTENANCE,
)
@click.option(
    "--threshold-population",
    type=float,
    default=50_000,
    show_default=True,
    help=Z.THRESHOLD_POPULATION,
)
@click.option("--movements", "movements_path", type=_FILE, help=Z.MOVEMENTS)
@click.option(
    "--caps",
    "caps_path",
    type=_FILE,
    help=Z.CAPS,
)
@click.option(
    "--previous",
    "previous_path",
    type=_FILE,
    help=Z.PREVIOUS,
)
@click.option(
    "--compare-with",
    "compare_path",
    type=_FILE,
    help=Z.COMPARE_WITH,
)
@click.option(
    "--postal-codes",
    "postal_path",
    type=_FILE,
    help=Z.POSTAL_CODES,
)
@click.option(
    "--cog-regions",
    "cog_regions_path",
    type=_FILE,
    help=Z.COG_REGIONS,
)
@click.option("--qpv", "qpv_path", type=_FILE, help=Z.QPV)
@click.option("--qpv-selection", "qpv_selection_path", type=_FILE, help=Z.QPV_SELECTION)
@click.option(
    "--grands-quartiers",
    "gq_path",
    type=_FILE,
    help=Z.GRANDS_QUARTIERS,
)
@click.option("--selection", "selection_path", type=_FILE, help=Z.SELECTION)
@click.option(
    "--rules",
    "rules_name",
    type=click.Choice(list(RULE_PRESETS)),
    default="2017",
    show_default=True,
    help=Z.RULES,
)
@click.option("--zip-threshold", type=float, default=None, help=Z.ZIP_THRESHOLD)
@click.option("--vivier-threshold", type=float, default=None, help=Z.VIVIER_THRESHOLD)
@click.option(
    "--policy",
    type=click.Choice(list(POLICIES)),
    default=None,
    help=Z.POLICY,
)
@click.option(
    "--complete-with-policy",
    is_flag=True,
    help=Z.COMPLETE_WITH_POLICY,
)
@click.option("--strict", is_flag=True, help=Z.STRICT)
@click.option("--partial-supply", is_flag=True, help=supply_msg.HELP_PARTIAL_SUPPLY)
@click.option(
    "--contours",
    "contours_path",
    type=click.Path(exists=True, path_type=Path),
    help=Z.CONTOURS,
)
@click.option(
    "--cog-departements",
    "departements_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=msg_maps.DEPARTEMENTS_OPTION_HELP,
)
@click.option(
    "--five-levels",
    "five_levels",
    type=click.Choice(FIVE_LEVEL_PRESETS),
    default=None,
    metavar="PRESET",
    help=Z.five_levels(presets=FIVE_LEVEL_PRESETS),
)
@click.option("--indicator", "indicator_path", type=_FILE, help=Z.INDICATOR)
@click.option(
    "--boundary",
    type=click.Choice(["midpoint", "first_inhabitant"]),
    default="midpoint",
    show_default=True,
    help=Z.BOUNDARY,
)
@click.option(
    "--output-dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=Z.OUTPUT_DIR,
)
@click.option("--overwrite", is_flag=True, help=Z.OVERWRITE)
def zoning_command(**options: Any) -> None:
    """Zonage médecins (ZIP / ZAC / ZV / HV) des TVS à partir de l'APL communale.

    Computes the TVS APL (mean of commune APL weighted by the standardised
    population), classes each TVS (national selection / vivier / hors vivier),
    chooses ZIP B and ZAC within the regional caps (or checks an ARS list),
    applies QPV overrides, compares with a previous or published zoning, and
    writes the tables, rapport.html and (with --contours) the maps of every region.

    With --five-levels PRESET: five-level zoning of nurses, physiotherapists,
    midwives or speech therapists from a territory indicator (--indicator).
    """
    from click.core import ParameterSource

    ctx = click.get_current_context()
    given = [
        p
        for p in ctx.command.params
        if p.name and ctx.get_parameter_source(p.name) not in (ParameterSource.DEFAULT, None)
    ]
    o = options
    if o["five_levels"] is not None:
        gp_only = [p.opts[0] for p in given if p.name not in _FIVE_LEVEL_PARAMS]
        if gp_only:
            raise FrenchUsageError(Z.cinq_niveaux_seul(options=gp_only))
        if o["indicator_path"] is None:
            raise FrenchUsageError(Z.CINQ_NIVEAUX_SANS_INDICATEUR)
        five_levels_run(
            o["five_levels"], o["indicator_path"], boundary=o["boundary"], output_dir=o["output_dir"],
            overwrite=o["overwrite"],
        )  # fmt: skip
        return
    five_only = [p.opts[0] for p in given if p.name in {"indicator_path", "boundary"}]
    if five_only:
        raise FrenchUsageError(Z.seulement_cinq_niveaux(options=five_only))
    if o["apl_path"] is None:
        raise FrenchUsageError(Z.APL_MANQUANTE)
    if o["tvs_path"] is None and o["appartenance_path"] is None:
        raise FrenchUsageError(Z.TVS_MANQUANTES)
    if (o["zip_threshold"] is None) != (o["vivier_threshold"] is None):
        raise FrenchUsageError(Z.SEUILS_ENSEMBLE)
    from ._outputs import refuse_inputs_as_outputs

    refuse_inputs_as_outputs([o["output_dir"] / n for n in ALL_TABLE_NAMES], exclude=["output_dir"])
    existing = [n for n in ALL_TABLE_NAMES + ("cartes",) if (o["output_dir"] / n).exists()]
    if existing and not o["overwrite"]:
        raise FrenchUsageError(Z.deja_presents(dossier=o["output_dir"], fichiers=existing))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            national, tables, written = _gp_run(o, caught)
        except AccessMapError as exc:
            raise FrenchError(str(exc)) from exc
        finally:
            echo_warnings(caught)
    _report(national, tables, written, o["output_dir"])


def _gp_run(o: dict[str, Any], caught: list[warnings.WarningMessage]) -> tuple[Any, Any, list[Path]]:
    """Read the inputs, run :func:`access_map.zoning.national_zoning`, write the outputs.

    ``caught`` holds the warnings recorded so far (the readers'): they go into the report too."""
    from ..zoning import ZoningRules, national_zoning
    from ..zoning_outputs import write_zoning_outputs

    rules = ZoningRules.from_name(o["rules_name"])
    if o["zip_threshold"] is not None:
        rules = rules.with_thresholds(zip_threshold=o["zip_threshold"], vivier_threshold=o["vivier_threshold"])
    communes, used_column, inputs = _read_inputs(o)
    partial_supply = list(communes.attrs.get("partial_supply", []))
    _echo(
        Z.calcul(
            regles=rules.name, seuil_zip=rules.zip_threshold, seuil_vivier=rules.vivier_threshold, colonne=used_column
        )
    )
    # the APL column keeps its input name (apl_65...), so that the report and the console name it
    apl_name = used_column if used_column not in communes.columns else "apl"
    national = national_zoning(
        communes.rename(columns={"apl": apl_name}),
        rules=rules,
        apl_column=apl_name,
        threshold_population=o["threshold_population"],
        policy=o["policy"],
        complete_with_policy=o["complete_with_policy"],
        **inputs,
    )
    if o["strict"] and national.result is not None and not national.result.report.ok:
        from ..errors import ConstraintError

        errors = national.result.report.errors
        raise ConstraintError(
            Z.regles_enfreintes(
                nombre_regles=len(errors),
                lignes=[
                    Z.regle_enfreinte(region=r["code_region"], regle=r["rule"], message=r["message"])
                    for r in errors.to_dict("records")
                ],
            )
        )
    from ..maps.credits import vintage_in_name

    contours = None
    prefectures: list[str] = []
    if o["contours_path"] is not None:
        from ..readers.ign import read_contours

        contours = read_contours(o["contours_path"])
    if o["departements_path"] is not None:
        from ..readers.insee import read_cog_departements

        prefectures = read_cog_departements(o["departements_path"])["cheflieu"].dropna().astype(str).tolist()
    region_names = None
    if o["cog_regions_path"] is not None:
        from ..readers.insee import read_cog_regions

        region_names = read_cog_regions(o["cog_regions_path"])["nom"]
    from ..outputs.files import files_written_together

    with files_written_together(o["output_dir"]) as staging:  # all the tables and maps, or none of them
        written, tables = write_zoning_outputs(
            national,
            staging,
            previous=inputs["in_force"],
            contours=contours,
            overwrite=o["overwrite"],
            data_warnings=[str(w.message) for w in caught],
            prefectures=prefectures,
            source=_source_line(o, communes),
            year=communes.attrs.get("apl_year"),
            movements=inputs["movements"],
            contours_year=vintage_in_name(o["contours_path"]) if o["contours_path"] is not None else None,
            region_names=region_names,
            partial_supply=partial_supply,
        )
    written = [o["output_dir"] / p.relative_to(staging) for p in written]
    return national, tables, written


def _source_line(o: dict[str, Any], communes: pd.DataFrame) -> str:
    """Producers and vintages of the run's inputs (maps and report)."""
    from ..maps.credits import zoning_credits
    from ..messages.maps import source_line

    credits = zoning_credits(
        o["apl_path"],
        apl_year=communes.attrs.get("apl_year"),
        population_year=communes.attrs.get("population_year"),
        population=o["population_path"],
        inputs={"appartenance": o["appartenance_path"], "tvs": o["tvs_path"], "contours": o["contours_path"],
                "cog_departements": o["departements_path"], "published_zoning": o["compare_path"],
                "previous_zoning": o["previous_path"]},
    )  # fmt: skip
    return source_line(credits)


def _read_inputs(o: dict[str, Any]) -> tuple[pd.DataFrame, str, dict[str, Any]]:
    """Every input file of the GP zoning, read with the library's readers (keywords of ``national_zoning``)."""
    from ..readers.appartenance import read_appartenance
    from ..readers.zonage import read_qpv, read_tvs, read_zoning, read_zoning_caps

    tvs = read_tvs(o["tvs_path"]) if o["tvs_path"] is not None else None
    appartenance = read_appartenance(o["appartenance_path"]) if o["appartenance_path"] is not None else None
    _echo(Z.lecture(fichiers=[p.name for p in (o["apl_path"], o["population_path"]) if p is not None]))
    communes, used_column = build_communes(
        o["apl_path"],
        o["population_path"],
        apl_column=o["apl_column"],
        apl_year=o["apl_year"],
        population_year=o["population_year"],
        weight_column=o["weight_column"],
        population_column=o["population_column"],
        region=o["region"],
        region_required=appartenance is None and (tvs is None or "code_region" not in tvs.columns),
        partial_supply=o["partial_supply"],
    )
    movements = None
    if o["movements_path"] is not None:
        from ..cog import read_cog_movements

        movements = read_cog_movements(o["movements_path"])
    reference = _names(communes, appartenance)
    postal = read_list(o["postal_path"], {}, []) if o["postal_path"] is not None else None

    def zoning_file(path: Path | None) -> pd.DataFrame | None:
        return None if path is None else read_zoning(path, reference=reference, postal_codes=postal)

    selection = qpv_sel = None
    if o["selection_path"] is not None:
        selection = read_list(
            o["selection_path"],
            {"code_tvs": ["tvs", "code tvs"], "zonage": ["zone", "classe"], "code_region": ["reg", "region"]},
            ["code_tvs", "zonage"],
        )
    if o["qpv_selection_path"] is not None:
        qpv_sel = read_list(
            o["qpv_selection_path"], {"code_qpv": ["qpv", "code qpv"], "zonage": ["zone"]}, ["code_qpv", "zonage"]
        )
    inputs = {
        "tvs": tvs,
        "appartenance": appartenance,
        "movements": movements,
        "caps": read_zoning_caps(o["caps_path"]) if o["caps_path"] is not None else None,
        "in_force": zoning_file(o["previous_path"]),
        "compare_with": zoning_file(o["compare_path"]),
        "selection": selection,
        "qpv": read_qpv(o["qpv_path"]) if o["qpv_path"] is not None else None,
        "qpv_selection": qpv_sel,
        "grands_quartiers": read_list(o["gq_path"], {}, ["code_gq", "code_commune", "population"])
        if o["gq_path"]
        else None,
    }
    return communes, used_column, inputs


def _names(communes: pd.DataFrame, appartenance: pd.DataFrame | None) -> pd.DataFrame | None:
    """Commune names to join files keyed by postal code + name (the APL file's, else the table's)."""
    if "nom" in communes.columns:
        return pd.DataFrame({"code_commune": communes.index, "nom": communes["nom"].to_numpy()})
    if appartenance is not None:
        return pd.DataFrame({"code_commune": appartenance.index, "nom": appartenance["nom"].to_numpy()})
    return None


def _report(national: Any, tables: Any, written: list[Path], output_dir: Path) -> None:
    """Console summary: notes, shares, broken rules, comparison."""
    report = national.result.report if national.result is not None else None
    for note in dict.fromkeys(national.notes + (report.notes if report is not None else ())):
        _echo(Z.note(texte=note))
    if tables.diff is not None:
        lines = tables.diff.describe()
    else:
        nat = national.regions.set_index("code_region").loc["national"]
        keys = ["zip", "zac", "zv", "hv"] if national.result is not None else list(CATEGORIES)
        lines = [Z.part_classe(classe=k.upper() if len(k) < 4 else k, part=float(nat[f"{k}_share"])) for k in keys]
    for line in lines:
        _echo("  " + line)
    if national.selection_comparison is not None:
        from ..messages import comparison as msg
        from ..zoning.diff import NATIONAL

        nat = national.selection_comparison.regions.set_index("code_region").loc[NATIONAL].to_dict()
        _echo(msg.selection_intro())
        for name, sides in msg.SELECTION_COMPARISONS.items():
            line = msg.agreement_line(
                what=f"{sides[0]} / {sides[1]}", agreement=float(nat[f"agreement_population_{name}"]),
                agreement_communes=float(nat[f"agreement_communes_{name}"]),
                kappa=float(nat[f"kappa_communes_{name}"]), kappa_population=float(nat[f"kappa_population_{name}"]),
                without_zar=float(nat[f"agreement_population_excluding_zar_{name}"]),
            )  # fmt: skip
            _echo("  " + line)
        _echo("  " + msg.zar_line(population=float(nat["zar_population"]), share=float(nat["zar_share"])))
        _echo("  " + msg.ZAR_RULE_SELECTION)
    if national.comparison is not None:
        for line in national.comparison.describe():
            _echo("  " + line)
    n_err = len(report.errors) if report is not None else 0
    warned = report.violations[report.violations["severity"] == "warning"] if report is not None else None
    if warned is not None:
        # caps exceeded by the national selection or by inherited classes matter to the result; category
        # disagreements are summed up in a note above (one line per TVS would flood a national run)
        for row in warned[warned["rule"] != "category_disagreement"].to_dict("records"):
            _echo(Z.attention_regle(region=row["code_region"], regle=row["rule"], message=row["message"]))
    n_warn = 0 if warned is None else len(warned)
    _echo(
        Z.bilan(
            erreurs=n_err,
            avertissements=n_warn,
            fichiers=len(written),
            dossier=output_dir,
            colonne=national.sources.get("apl_column"),
        )
    )
