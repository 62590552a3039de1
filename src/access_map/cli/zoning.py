"""``access-map zoning``: GP zoning (ZIP / ZAC / ZV / HV) of TVS from commune APL, with caps and a diff."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import click
import pandas as pd

from ..errors import AccessMapError
from ..messages import maps as msg_maps
from ..messages import supply as supply_msg
from ..zoning import CATEGORIES, POLICIES, RULE_PRESETS
from ..zoning_outputs import ALL_TABLE_NAMES
from ._options import echo_warnings
from ._zoning_five_levels import five_levels_run
from ._zoning_inputs import build_communes, read_list
from ._zoning_inputs import echo as _echo

EPILOG = """\b
INPUT FILES (CSV separated by ';' or ',', UTF-8 or Latin-1, optionally .gz;
commune codes = 5-character INSEE codes such as 01001, 2A004, 75101)

\b
--apl FILE       commune APL: the CSV written by `access-map apl`
                 (code_commune;apl[;apl_65;...];demand;supply) or any CSV with
                 code_commune and the --apl-column; or a DREES APL workbook
                 (.xlsx, sheet "APL AAAA": --apl-year picks the vintage; its
                 APL <= 65, standardised and total population are used).
                 --apl-column: default apl_65 when present (the zoning uses
                 GPs aged 65 or less), else apl.
--population FILE  optional commune table completing the APL file:
                 code_commune (or CODGEO/COM), population (or PMUN,
                 population_municipale), standardised_population (or
                 pop_standardisee, demand), code_region (or REG). The
                 populations légales file (REG;DEP;COM;PMUN;...) fits, and
                 so does the DREES standardised-population file
                 (annee_population;code_commune;...;pop_standardisee;
                 pop_totale) with --population-year.
                 Columns of --population win over those of --apl.
    Weights of the TVS APL mean = standardised population (--weight-column,
    default: standardised_population, demand or pop_standardisee, the first
    found). Residents counted against the caps = population
    (--population-column; default population, PMUN, population_municipale,
    population_totale). Without it the standardised population is used, with
    a warning. Region per commune: a code_region/REG column, or --region CODE
    for a one-region run.
--tvs FILE       TVS composition code_commune;code_tvs;libelle_tvs (DREES's
                 file depcom;libcom;tv;libtv;code_reg;... works; a CN /
                 drees_category column gives DREES's national category).
--appartenance FILE  INSEE table d'appartenance géographique (CODGEO;...;
                 REG;...;CV;...;BV2012, leading zeros restored): the region
                 of every commune and, without --tvs, the TVS proxy: bassins
                 de vie split by canton-ville above --threshold-population
                 (50,000), Paris/Lyon/Marseille arrondissements alone.
--movements FILE INSEE COG events (mouvements_communes): places the communes
                 of another COG vintage in the table d'appartenance.
--caps FILE      regional caps code_region;part_max_zip;part_max_zac
                 (fractions of the regional population in ZIP A+B and in
                 ZAC), or DREES's reg;maxZIP;maxZAC (percent). Without caps
                 the run gives the national selection and the vivier only.
--previous FILE  zoning in force (ARS table code_commune;...;zonage, classes
                 or codes): starting point of --policy in_force (the 2021+
                 rules' default), diff.csv, changes.csv and a before/after
                 summary. Communes only in --previous (other COG vintage)
                 appear as "absent" after (a warning names them).
--compare-with FILE  published zoning per commune (codes 1_ZIP, 2_ZAC, 3_HZ,
                 4_ZAR, N/A - résultat non disponible; keyed by INSEE code,
                 or by code_postal + libelle_commune, joined on the APL
                 file's names or --postal-codes; a commune carrying the
                 postal code of a neighbouring department is found there):
                 without caps, the national selection against the
                 published ZIP and the national selection + vivier against
                 ZIP + ZAC; with caps, the classes too. Population-weighted
                 agreement, Cohen's kappa, crosstab per region (ZAR its own
                 row), communes in disagreement, and the regional ZIP/ZAC
                 shares the published zoning realises (plafonds_realises.csv,
                 usable as --caps: they are NOT the arrêté's caps).
--cog-regions FILE  INSEE COG region table (REG, LIBELLE): names the regions
                 in every table and the report.
--qpv FILE       QPV list code_qpv;libelle_qpv;code_commune;population.
--qpv-selection FILE  QPV classed independently of their TVS:
                 code_qpv;zonage (ZIP or ZAC; 2021+ rules: also ZV or HV).
--selection FILE ARS list code_tvs;zonage[;code_region] (ZIP, ZAC, ZV, HV):
                 replaces the default policy in the regions it names; vivier
                 TVS it does not list become ZV. Broken rules are reported in
                 violations.csv (never corrected); --strict fails instead.
--complete-with-policy  for a partial ARS list (e.g. only its ZIP B
                 choices): the vivier TVS it does not list are classed by
                 the default --policy within the room LEFT under the caps
                 after the listed classes (ZIP B first, then ZAC, rest ZV);
                 unlisted hors-vivier TVS stay HV.

\b
RULES  --rules 2017 (default), 2021, 2024: TVS APL <= 2.5 national selection
       (ZIP A), <= 4 vivier, above: hors vivier; margin 5 % of the vivier
       population for hors-vivier additions. 2025-style regional thresholds:
       --zip-threshold 2.71 --vivier-threshold 3.98.
       2021 and 2024 follow DREES's zoning application: a cross-region TVS
       is classed by its most populated region; national selection optional
       in regions 84, 11, 93, 32; margin counts ZIP+ZAC only; shares rounded
       to 0.1 point; DREES categories win; QPV ZIP/ZAC/ZV/HV, none in 04/06;
       start from the zoning in force (--previous); La Réunion by grands
       quartiers (--grands-quartiers). rules.csv lists every rule and source.
       --policy skip (lowest APL first): vivier TVS by increasing APL become
       ZIP B while they fit under the ZIP cap (a TVS that does not fit is
       skipped), then ZAC under the ZAC cap, the rest ZV. --policy stop: stop
       at the first TVS that does not fit. --policy in_force: keep the zoning
       in force, moving the highest APL down where a cap requires.

\b
OUTPUT (--output-dir, ';'-separated UTF-8, each file written atomically)
  zoning_communes.csv  code_commune, code_tvs, code_region, apl, tvs_apl,
                       population, category, zonage, subclass, drees_code,
                       qpv_zonage, qpv_drees_code
  tvs_categories.csv   per TVS: APL, computed / DREES / used category
  national_selection.csv  per region: national selection, vivier, hors
                       vivier (and ZIP/ZAC/ZV/HV) populations and shares
  rules.csv            every rule, its value and its source
  zoning_tvs.csv       one row per (TVS, region) with its class and reason
  zoning_qpv.csv       one row per (QPV, commune) (with --qpv)
  regions.csv          populations, limits and gauge shares per region
  summary.csv          share of the population per class (before/after with
                       --previous)
  diff.csv, changes.csv  transitions from --previous
  comparaison_selection_*.csv, communes_desaccord.csv,
  plafonds_realises.csv, comparison_*.csv (with caps)   with --compare-with
  violations.csv       broken rules with limit and value (header only if none)
  rapport.html         the report (French); with --contours, cartes/: one map
                       per region, one of France (overseas in insets), a PNG
Existing files are kept unless --overwrite is given.

\b
FIVE-LEVEL ZONING (nurses, physiotherapists, midwives, speech therapists)
  --five-levels PRESET switches to a separate mode that takes ONLY
  --indicator FILE, --boundary, --output-dir and --overwrite (the GP options
  above are refused). PRESET: infirmiers_2020, masseurs_kinesitherapeutes_2018,
  sages_femmes_2019, orthophonistes_2018 (national population shares of the
  five classes, e.g. nurses 5.3 / 9.4 / 36.6 / 20.4 / 28.3 %).
  --indicator FILE  one row per territory (bassin de vie, canton-ville...):
                 code;indicator;population (aliases: code_territoire,
                 code_bv, codgeo / apl, valeur / pop, population_totale).
                 Territories are ranked by increasing indicator (least served
                 first) and cut at the cumulative population shares; pass the
                 whole nation for official-like classes.
  --boundary midpoint (default): a territory goes to the class holding the
                 middle of its population; first_inhabitant: the class of its
                 first inhabitant.
  Output: five_levels.csv (code, indicator, population, rank,
  cumulative_share_start, cumulative_share_end, level 1-5, classe, libelle),
  written atomically; achieved vs target shares are printed.

\b
Examples:
  access-map zoning --apl apl.csv --population pop_legales.csv --tvs tvs.csv \\
      --caps plafonds.csv --previous zonage_2022.csv --output-dir zonage/
  access-map zoning --apl apl_generalistes_2022_2023_drees.xlsx --apl-year 2023 \\
      --appartenance table-appartenance-geo-communes-22.csv.gz --rules 2021 \\
      --caps plafonds.csv --compare-with zonage_publie.csv --output-dir france/
  access-map zoning --five-levels infirmiers_2020 --indicator apl_inf_bv.csv \\
      --output-dir zonage_infirmiers/
"""

#: ``--five-levels`` presets -> FiveLevelRules constructor name.
FIVE_LEVEL_PRESETS = ("infirmiers_2020", "masseurs_kinesitherapeutes_2018", "sages_femmes_2019", "orthophonistes_2018")
#: Options of the five-level mode (every other option belongs to the GP zoning).
_FIVE_LEVEL_PARAMS = {"five_levels", "indicator_path", "boundary", "output_dir", "overwrite"}

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command(
    "zoning",
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    short_help="Zonage ZIP/ZAC des médecins généralistes à partir de l'APL.",
)
@click.option(
    "--apl",
    "apl_path",
    type=_FILE,
    help="Commune APL (DREES workbook .xlsx, or CSV from `access-map apl`). Required for the GP zoning.",
)
@click.option("--apl-column", default=None, help="APL column (default apl_65 if present, else apl).")
@click.option(
    "--apl-year", type=int, default=None, help="Vintage of a DREES workbook with several 'APL AAAA' sheets (e.g. 2023)."
)
@click.option(
    "--population",
    "population_path",
    type=_FILE,
    help="Commune population / standardised population / region table (see below).",
)
@click.option(
    "--population-year",
    type=int,
    default=None,
    help="Year to keep from a DREES standardised-population file (column annee_population).",
)
@click.option("--weight-column", default=None, help="Standardised-population column (weights of the TVS mean).")
@click.option("--population-column", default=None, help="Population column counted against the caps.")
@click.option("--region", default=None, help="Region code of every commune (one-region run).")
@click.option("--tvs", "tvs_path", type=_FILE, help="TVS composition (code_commune;code_tvs[;libelle_tvs;...]).")
@click.option(
    "--appartenance",
    "appartenance_path",
    type=_FILE,
    help="INSEE table d'appartenance géographique: regions, and the TVS proxy when --tvs is not given.",
)
@click.option(
    "--threshold-population",
    type=float,
    default=50_000,
    show_default=True,
    help="TVS proxy: bassins de vie above this population are split by canton-ville.",
)
@click.option(
    "--movements", "movements_path", type=_FILE, help="INSEE COG events file (communes of another COG vintage)."
)
@click.option(
    "--caps",
    "caps_path",
    type=_FILE,
    help="Regional caps (code_region;part_max_zip;part_max_zac, or reg;maxZIP;maxZAC in %). "
    "Without: national selection and vivier only.",
)
@click.option(
    "--previous",
    "previous_path",
    type=_FILE,
    help="Zoning in force (per commune): starting point of the 'in_force' policy, and diff.csv.",
)
@click.option(
    "--compare-with",
    "compare_path",
    type=_FILE,
    help="Published zoning per commune (1_ZIP, 2_ZAC, 3_HZ, 4_ZAR...): agreement, Cohen's kappa, crosstab.",
)
@click.option(
    "--postal-codes",
    "postal_path",
    type=_FILE,
    help="La Poste's postal-code table, to join files keyed by postal code + commune name.",
)
@click.option(
    "--cog-regions",
    "cog_regions_path",
    type=_FILE,
    help="INSEE COG region table (REG, LIBELLE): region names in the tables and the report.",
)
@click.option("--qpv", "qpv_path", type=_FILE, help="QPV list (code_qpv;libelle_qpv;code_commune;population).")
@click.option("--qpv-selection", "qpv_selection_path", type=_FILE, help="QPV classed on their own (code_qpv;zonage).")
@click.option(
    "--grands-quartiers",
    "gq_path",
    type=_FILE,
    help="La Réunion's grands quartiers (code_gq;code_commune;population[;apl]) for the 2021+ rules.",
)
@click.option(
    "--selection", "selection_path", type=_FILE, help="ARS list of TVS classes (code_tvs;zonage[;code_region])."
)
@click.option(
    "--rules",
    "rules_name",
    type=click.Choice(list(RULE_PRESETS)),
    default="2017",
    show_default=True,
    help="Rule preset: 2017 reading, or 2021/2024 = DREES's zoning application.",
)
@click.option("--zip-threshold", type=float, default=None, help="Regional ZIP threshold (2025 arrêté), e.g. 2.71.")
@click.option("--vivier-threshold", type=float, default=None, help="Regional vivier threshold, e.g. 3.98.")
@click.option(
    "--policy",
    type=click.Choice(list(POLICIES)),
    default=None,
    help="Choice where no ARS list decides (default: from --rules: 2017 skip, 2021+ in_force).",
)
@click.option(
    "--complete-with-policy",
    is_flag=True,
    help="Partial ARS list: class the vivier TVS it does not name by --policy in the room left.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) when a supplied list breaks a rule.")
@click.option("--partial-supply", is_flag=True, help=supply_msg.HELP_PARTIAL_SUPPLY)
@click.option(
    "--contours",
    "contours_path",
    type=click.Path(exists=True, path_type=Path),
    help="Commune polygons (IGN ADMIN EXPRESS or GeoJSON): one map per region in cartes/.",
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
    help="Five-level zoning of another profession instead of the GP zoning: "
    + ", ".join(FIVE_LEVEL_PRESETS)
    + " (see below).",
)
@click.option(
    "--indicator", "indicator_path", type=_FILE, help="With --five-levels: territories code;indicator;population."
)
@click.option(
    "--boundary",
    type=click.Choice(["midpoint", "first_inhabitant"]),
    default="midpoint",
    show_default=True,
    help="With --five-levels: class of a territory straddling a boundary.",
)
@click.option(
    "--output-dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the output files.",
)
@click.option("--overwrite", is_flag=True, help="Replace existing output files.")
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
            raise click.UsageError(
                f"--five-levels takes only --indicator, --boundary, --output-dir and --overwrite; "
                f"{', '.join(gp_only)} belong to the GP zoning"
            )
        if o["indicator_path"] is None:
            raise click.UsageError("--five-levels needs --indicator FILE (code;indicator;population per territory)")
        five_levels_run(
            o["five_levels"], o["indicator_path"], boundary=o["boundary"], output_dir=o["output_dir"],
            overwrite=o["overwrite"],
        )  # fmt: skip
        return
    five_only = [p.opts[0] for p in given if p.name in {"indicator_path", "boundary"}]
    if five_only:
        raise click.UsageError(f"{', '.join(five_only)} only go with --five-levels PRESET")
    if o["apl_path"] is None:
        raise click.UsageError(
            "missing option --apl (required for the GP zoning; use --five-levels PRESET --indicator FILE for the "
            "other professions)"
        )
    if o["tvs_path"] is None and o["appartenance_path"] is None:
        raise click.UsageError(
            "missing option --tvs (the TVS composition) or --appartenance (the INSEE table d'appartenance, to build "
            "the bassin-de-vie proxy)"
        )
    if (o["zip_threshold"] is None) != (o["vivier_threshold"] is None):
        raise click.UsageError("--zip-threshold and --vivier-threshold go together")
    from ._outputs import refuse_inputs_as_outputs

    refuse_inputs_as_outputs([o["output_dir"] / n for n in ALL_TABLE_NAMES], exclude=["output_dir"])
    existing = [n for n in ALL_TABLE_NAMES + ("cartes",) if (o["output_dir"] / n).exists()]
    if existing and not o["overwrite"]:
        raise click.UsageError(
            f"{o['output_dir']}: {', '.join(existing)} already exist; pass --overwrite to replace them"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            national, tables, written = _gp_run(o, caught)
        except AccessMapError as exc:
            raise click.ClickException(str(exc)) from exc
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
        f"… zoning ({rules.name} rules, thresholds {rules.zip_threshold:g} / {rules.vivier_threshold:g}, "
        f"APL column {used_column})"
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
            f"the zoning breaks {len(errors)} rule(s):\n"
            + "\n".join(f"- region {r['code_region']}, {r['rule']}: {r['message']}" for r in errors.to_dict("records"))
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
    _echo(f"… reading {o['apl_path'].name}" + (f" and {o['population_path'].name}" if o["population_path"] else ""))
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
        _echo(f"note: {note}")
    if tables.diff is not None:
        lines = tables.diff.describe()
    else:
        nat = national.regions.set_index("code_region").loc["national"]
        keys = ["zip", "zac", "zv", "hv"] if national.result is not None else list(CATEGORIES)
        lines = [f"{k.upper() if len(k) < 4 else k}: {100 * nat[f'{k}_share']:.1f} % of the population" for k in keys]
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
            _echo(f"Attention : region {row['code_region']}, {row['rule']}: {row['message']}")
    n_warn = 0 if warned is None else len(warned)
    _echo(
        f"{n_err} rule(s) broken"
        + (f", {n_warn} warning(s)" if n_warn else "")
        + (" — see violations.csv" if n_err or n_warn else "")
        + f"; {len(written)} files written to {output_dir} (APL column {national.sources.get('apl_column')})"
    )
