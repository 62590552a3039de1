"""``access-map apl``: the DREES APL per commune from population, supply and travel-time files."""

from __future__ import annotations

import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import click
import pandas as pd

from ..messages import supply as supply_msg
from ..messages import validation as M
from ..schema import AGE_BANDS
from ._french import FrenchCommand
from ._options import (
    crow_fly_options,
    echo_warnings,
    impute_activity_option,
    points_options,
    profession_option,
    selection_from_options,
    selection_options,
    vintage_option,
)

EPILOG = """\b
INPUT FILES (CSV separated by ';' or ',', UTF-8 or Latin-1, optionally .gz;
commune codes = 5-character INSEE codes such as 01001, 2A004, 75101)

\b
--population, by --population-kind:
  age (default)  code_commune + the 19 five-year bands age_00_04, age_05_09,
                 ..., age_85_89, age_90_plus (both sexes) [+ women];
                 or an INSEE "pop-sexe-age-quinquennal" file (CODGEO,
                 ageq_recXXsYrpAAAA columns). Demand = population weighted by
                 the official DREES age weights of --vintage (2022, 2023).
  standardised   code_commune + standardised_population (or the DREES column
                 pop_standardisee; a DREES file holding several years needs
                 --population-year, column annee_population).
  total          code_commune + population (not standardised: an
                 approximation when ages are unknown).
  Midwives (--profession sage_femme): demand = column women (any kind).

\b
--supply, by --supply-kind:
  practitioners (default)  a practitioner file: the Annuaire santé
                 PS_LibreAcces_Personne_activite extraction or the 2017 RPPS
                 layout (they publish no activity: add --impute-activity,
                 5,400 acts per GP as DREES imputes to new GPs, or
                 --impute-activity ACTS), or the activity file, one row per
                 practitioner x practice site:
                 identifiant_pp;code_commune;profession;actes;age;
                 nouvel_installe;centre_sante;etp;part_activite
                 actes = consultations+visits+teleconsultations in the year
                 (whole practitioner; empty if new), nouvel_installe and
                 centre_sante = 1/0, etp = full-time equivalent (professions
                 other than GPs), part_activite = share of activity at the site
                 (empty = 1/number of sites). GP acts are counted as DREES does:
                 < 250 -> 0, 250-3,600 -> 3,600, 3,601-6,000 -> actual,
                 > 6,000 -> 6,000, new GP -> 5,400, centre de santé -> actual.
  communes       code_commune + supply (acts or ETP already counted per
                 commune of practice).

\b
Travel times, one of:
  --times FILE   long table origin;destination;minutes (CSV or Parquet):
                 origin = commune of residence, destination = commune of
                 practice, one row per pair within 20 minutes, a commune to
                 itself with 0.0 (INSEE Metric or OSRM export, `access-map
                 travel` output).
  --points FILE  commune points (GeoPackage, GeoJSON[.gz], Shapefile; any
                 CRS, EPSG:4326 included) with a code_commune / INSEE_COM /
                 CODGEO / code_insee / cinseea / code column (--code-column
                 otherwise; chefs-lieux; layer chflieu_commune of an ADMIN
                 EXPRESS GeoPackage, else the first layer or --layer; polygons
                 are replaced by a point inside them; features without
                 geometry are dropped and reported); times are approximated
                 by --intercept + --per-km x crow-fly km (2.0 + 1.32), measured
                 in each territory's projected CRS (Lambert-93 mainland, UTM
                 overseas; --points-crs forces one CRS).

\b
OUTPUT
  .csv   code_commune;apl[;apl_65;apl_62;apl_60 with --variants];demand;supply
         [;supply_imputed with --impute-activity: the part of the supply
         that is imputed] (UTF-8, ';').
  .gpkg  the same columns joined to --geometry (commune polygons: ADMIN
         EXPRESS GeoPackage or GeoJSON contours), layer "apl".
  Files are written atomically (temporary file, then rename).

\b
UNITS  GPs: consultations/visits accessible per standardised inhabitant per
       year. Nurses, physiotherapists, dentists: ETP per 100,000 standardised
       inhabitants; midwives: ETP per 100,000 women (their catchment is not
       published: the GP decay is used, with a warning).

\b
Example:
  access-map apl --population pop_age.csv --supply activite.csv \\
      --points chefs_lieux.gpkg --max-age 65 --output apl.csv
"""

_CODE_ALIASES = ("code_commune", "CODGEO", "COM", "INSEE_COM", "codgeo", "code", "insee", "cinseea")


def _echo(message: str) -> None:
    click.echo(message, err=True)


class _Step:
    """Progress message on stderr with the elapsed time of each long step."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> _Step:
        self.start = time.perf_counter()
        _echo(f"… {self.label}")
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            _echo(f"  ok ({time.perf_counter() - self.start:.1f} s)")


def _total(values: pd.Series) -> float:
    """Sum for a progress line, without numpy's overflow warning (absurd magnitudes are refused later,
    with a message naming the communes)."""
    import numpy as np

    with np.errstate(over="ignore", invalid="ignore"):
        return float(values.sum())


def _selected(result: pd.DataFrame, selection: Any) -> pd.DataFrame:
    """The rows of ``--departement``/``--region``; the APL was computed on every commune of the inputs, so the
    communes near the selection's border keep the practices and residents across it."""
    if not selection:
        return result
    from ..territory import departement_of_code, select_communes

    communes = pd.DataFrame({"code_departement": departement_of_code(result.index.to_series())}, index=result.index)
    kept = select_communes(communes, replace(selection, margin_km=0.0))
    _echo(f"  {selection.describe()}: {len(kept)} of {len(result)} communes written (APL computed on all of them)")
    return result.loc[kept.index]


def _code_column(columns: pd.Index, path: Path) -> str:
    for name in _CODE_ALIASES:
        if name in columns:
            return name
    raise click.BadParameter(M.colonne_code_absente(nom=str(path), cherchees=_CODE_ALIASES, trouvees=columns))


def _read_commune_rows(path: Path) -> pd.DataFrame:
    """A plain commune table, read once, a commune listed twice refused (never summed)."""
    from .._validate import normalize_insee_codes
    from ..readers._io import read_table, refuse_duplicate_codes

    raw, _, _ = read_table(path, source=str(path))
    code = _code_column(raw.columns, path)
    refuse_duplicate_codes(normalize_insee_codes(raw[code]), source=str(path), column=code)
    return raw


def _read_population(path: Path, kind: str, year: int | None, params: Any) -> pd.Series:
    from ..apl import demand_from_population
    from ..communes import validate_communes
    from ..territory import commune_file_kind

    name = str(path)
    file_kind = commune_file_kind(path)
    if year is not None and file_kind != "standardised_population":
        raise click.UsageError("--population-year only applies to a file with an annee_population column")
    if params.demand_kind == "women":
        raw = _read_commune_rows(path)
        table, _ = validate_communes(
            raw, code_column=_code_column(raw.columns, path), count_columns=["women"], source=name
        )
        return table["women"]
    if kind == "age":
        if file_kind == "populations":
            raise click.UsageError(supply_msg.population_sans_ages(source=name))
        raw = _read_commune_rows(path)
        if all(b in raw.columns for b in AGE_BANDS):
            code = _code_column(raw.columns, path)
            table, _ = validate_communes(raw, code_column=code, count_columns=AGE_BANDS, source=name)
        else:
            from ..readers.insee import read_population_by_age

            table = read_population_by_age(path, year=year)
        return demand_from_population(table, params=params, source=name)
    return _population_column(path, kind, year, file_kind)


def _population_column(path: Path, kind: str, year: int | None, file_kind: str) -> pd.Series:
    """The total or standardised population of a commune file: the populations légales (population municipale) and
    the DREES standardised population by the package's one commune-file reader (the refresh's), a plain table
    (``code_commune`` or an alias, and the column) as it is."""
    from ..communes import validate_communes
    from ..territory import read_commune_file

    name = str(path)
    if file_kind == "table":
        raw = _read_commune_rows(path)
        table = raw.set_index(_code_column(raw.columns, path))
    else:
        table = read_commune_file(path, year=year)
    if kind == "total":
        names = ["population_municipale"] if file_kind == "populations" else ["population"]
    else:
        names = ["standardised_population", "pop_standardisee"]
    column = next((c for c in names if c in table.columns), None)
    if column is None:
        raise click.UsageError(
            supply_msg.population_colonne_absente(source=name, column=names[0], found=list(table.columns))
        )
    if file_kind == "populations":
        _echo(f"  populations légales : colonne population municipale ({len(table)} communes)")
    values, _ = validate_communes(
        table[[column]], code_column=str(table.index.name), count_columns=[column], source=name
    )
    return values[column]


def _read_supply(
    path: Path, kind: str, params: Any, impute_acts: float | None, *, include_establishments: bool
) -> tuple[pd.Series, pd.DataFrame | None]:
    from ..apl import impute_activity, supply_from_activity
    from ..communes import validate_communes
    from ..readers._io import read_table

    if kind == "practitioners":
        from ..supply import establishment_note
        from ..territory import read_practitioners

        table = read_practitioners(path, include_establishments=include_establishments)
        note = establishment_note(table)
        if note is not None:
            _echo(f"Note : {note}")
        if impute_acts is not None:
            table = impute_activity(table, acts=impute_acts, params=params, source=str(path))
            _echo(
                "Note : "
                + supply_msg.activite_imputee(
                    practitioners=table.attrs["imputed_practitioners"], acts=impute_acts, column="supply_imputed"
                )
            )
        return supply_from_activity(table, params=params, source=str(path)), table
    from .._validate import normalize_insee_codes
    from ..readers._io import refuse_duplicate_codes

    raw, _, _ = read_table(path, source=str(path))
    code = _code_column(raw.columns, path)
    refuse_duplicate_codes(normalize_insee_codes(raw[code]), source=str(path), column=code)
    table, _ = validate_communes(raw, code_column=code, count_columns=["supply"], source=str(path))
    return table["supply"], None


def _check_coverage(
    demand: pd.Series,
    supply: pd.Series,
    practitioners: pd.DataFrame | None,
    params: Any,
    selection: Any,
    times: pd.DataFrame,
    *,
    partial: bool,
) -> str | None:
    """Coverage of the territory by the supply (:func:`access_map.supply.check_supply_coverage`): the territory is
    the communes of the population file, or those of ``--departement``; the other communes within the catchment
    of its residents are its context (the communes farther away do not change its APL)."""
    from ..supply import check_supply_coverage, practice_counts
    from ..territory import departement_of_code

    departements = departement_of_code(demand.index.to_series())
    communes = pd.DataFrame(
        {"code_departement": departements.to_numpy(), "population": demand.to_numpy()}, index=demand.index
    )
    if selection:
        inside = communes["code_departement"].isin(selection.departements)
        reached = pd.Index(times.loc[times["origin"].isin(communes.index[inside.to_numpy()]), "destination"].unique())
        keep = (inside | communes.index.isin(reached)).to_numpy()
        communes = communes[keep].assign(in_territory=inside.to_numpy()[keep])
    present = supply if practitioners is None else practice_counts(practitioners, profession=params.profession)
    return check_supply_coverage(present, communes, profession=params.profession, partial=partial)


def _read_points(path: Path, crs: str, *, layer: str | None, code_column: str | None) -> Any:
    from ..territory import read_commune_points

    gdf = read_commune_points(path, layer=layer, code_column=code_column)
    if crs != "auto" and (gdf.crs.is_geographic or gdf.crs != crs):
        _echo(f"  {path.name}: reprojected to {crs}")
        gdf = gdf.to_crs(crs)
    return gdf


def _write(result: pd.DataFrame, output: Path, geometry: Path | None) -> None:
    from .._atomic import atomic_path

    suffix = output.suffix.lower()
    if suffix == ".gpkg":
        if geometry is None:
            raise click.UsageError("a .gpkg output needs --geometry (commune polygons)")
        import geopandas as gpd

        from ..readers.ign import read_contours

        polygons = read_contours(geometry, level="commune")
        joined = polygons[["geometry"]].join(result, how="inner")
        missing = len(result) - len(joined)
        if missing:
            _echo(
                f"  warning: {missing} commune(s) of the result have no polygon in {geometry.name} "
                "(other COG vintage?) and are not in the GeoPackage"
            )
        gdf = gpd.GeoDataFrame(joined.reset_index(), geometry="geometry", crs=polygons.crs)
        with atomic_path(output) as tmp:
            gdf.to_file(tmp, layer="apl", driver="GPKG")
    elif suffix == ".csv":
        if geometry is not None:
            raise click.UsageError("--geometry only applies to a .gpkg output")
        from ..csv_format import write_csv

        write_csv(result, output)
    else:
        raise click.UsageError(f"--output must end with .csv or .gpkg; got {output.name}")


@click.command(name="apl", cls=FrenchCommand, epilog=EPILOG, context_settings={"max_content_width": 100})
@click.option(
    "--population",
    "population_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Population per commune (see INPUT FILES).",
)
@click.option(
    "--population-kind",
    type=click.Choice(["age", "standardised", "total"]),
    default="age",
    show_default=True,
    help="What the population file holds.",
)
@click.option(
    "--population-year",
    type=int,
    default=None,
    help="Year to keep when the population file holds several (column annee_population).",
)
@click.option(
    "--supply",
    "supply_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Practitioner activity or supply per commune.",
)
@click.option(
    "--supply-kind",
    type=click.Choice(["practitioners", "communes"]),
    default="practitioners",
    show_default=True,
    help="What the supply file holds.",
)
@click.option(
    "--times",
    "times_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Travel-time table origin;destination;minutes.",
)
@points_options
@crow_fly_options
@click.option(
    "--points-crs",
    default="auto",
    show_default=True,
    help="Projected CRS for the distances; 'auto' measures each territory in its own CRS "
    "(Lambert-93 for mainland France, UTM for each overseas department).",
)
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Result file: .csv, or .gpkg with --geometry.",
)
@click.option(
    "--geometry",
    "geometry_path",
    type=click.Path(exists=True, path_type=Path),
    help="Commune polygons for a .gpkg output.",
)
@profession_option
@vintage_option
@impute_activity_option
@click.option(
    "--max-age",
    type=float,
    default=None,
    help="Only practitioners aged at most this (DREES variants 65, 62, 60; zoning uses 65).",
)
@click.option(
    "--variants", is_flag=True, help="Also compute apl_65, apl_62, apl_60 (needs --supply-kind practitioners)."
)
@click.option("--partial-supply", is_flag=True, help=supply_msg.HELP_PARTIAL_SUPPLY)
@click.option("--include-establishments", is_flag=True, help=supply_msg.HELP_INCLUDE_ESTABLISHMENTS)
@selection_options
def apl_command(
    population_path: Path,
    population_kind: str,
    population_year: int | None,
    supply_path: Path,
    supply_kind: str,
    times_path: Path | None,
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    intercept: float,
    per_km: float,
    points_crs: str,
    output_path: Path,
    geometry_path: Path | None,
    profession: str,
    vintage: int,
    impute_acts: float | None,
    max_age: float | None,
    variants: bool,
    partial_supply: bool,
    include_establishments: bool,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """Compute the APL (accessibilité potentielle localisée, DREES) per commune."""
    selection = selection_from_options(departements, regions)
    if selection.regions:
        raise click.UsageError(
            "--region needs the region of each commune, which the apl input files do not give: select the "
            "departments of the region with --departement (repeatable)"
        )
    from .._validate import check_insee_codes
    from ..apl import APLParams, apl_from_catchment, prepare_apl_catchment, supply_from_activity, variant_column
    from ..errors import AccessMapError

    if (times_path is None) == (points_path is None):
        raise click.UsageError("give exactly one of --times FILE or --points FILE")
    from ._options import crow_fly_options_given

    if times_path is not None and (layer or code_column or crow_fly_options_given(intercept, per_km)):
        raise click.UsageError("--layer, --code-column, --intercept and --per-km apply to --points, not to --times")
    if impute_acts is not None and supply_kind != "practitioners":
        raise click.UsageError("--impute-activity needs --supply-kind practitioners (a list of practitioners)")
    if variants and supply_kind != "practitioners":
        raise click.UsageError("--variants needs --supply-kind practitioners (ages are per practitioner)")
    if variants and max_age is not None:
        raise click.UsageError("--variants already computes every age limit: drop --max-age")
    if max_age is not None and supply_kind != "practitioners":
        raise click.UsageError("--max-age needs --supply-kind practitioners (ages are per practitioner)")
    if output_path.suffix.lower() not in (".csv", ".gpkg"):
        raise click.UsageError(f"--output must end with .csv or .gpkg; got {output_path.name}")
    from ._outputs import refuse_inputs_as_outputs

    refuse_inputs_as_outputs([output_path], exclude=["output_path"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            params = APLParams.for_profession(profession, vintage, max_age=max_age)
            with _Step(f"reading population {population_path.name}"):
                demand = _read_population(population_path, population_kind, population_year, params)
                check_insee_codes(demand.index, source=str(population_path), current=True)
                _echo(f"  {len(demand)} communes, demand {_total(demand):,.0f}")
            with _Step(f"reading supply {supply_path.name}"):
                supply, practitioners = _read_supply(
                    supply_path, supply_kind, params, impute_acts, include_establishments=include_establishments
                )
                check_insee_codes(supply.index, source=str(supply_path), current=True)
                _echo(f"  {len(supply)} communes of practice, supply {_total(supply):,.1f}")
            if times_path is not None:
                from ..travel import read_travel_times

                with _Step(f"reading travel times {times_path.name}"):
                    times = read_travel_times(times_path, max_minutes=params.max_minutes)
            else:
                from ..travel import crow_fly_times, crow_fly_times_local

                points_file = cast(Path, points_path)  # one of --times/--points was required above
                with _Step(f"crow-fly travel times from {points_file.name}"):
                    pts = _read_points(points_file, points_crs, layer=layer, code_column=code_column)
                    crow = crow_fly_times_local if points_crs == "auto" else crow_fly_times
                    times = crow(
                        pts, max_minutes=params.max_minutes, intercept_minutes=intercept, minutes_per_km=per_km
                    )
            _echo(f"  {len(times):,} pairs within {params.max_minutes:g} minutes")
            with _Step("computing the APL"):
                catchment = prepare_apl_catchment(
                    times, demand_index=demand.index, params=params, source=str(times_path or points_path)
                )
                columns = {
                    variant_column(max_age): apl_from_catchment(catchment, supply=supply, demand=demand, params=params)
                }
                if variants:
                    for age in (65, 62, 60):
                        p = replace(params, max_age=age)
                        s = supply_from_activity(
                            cast(pd.DataFrame, practitioners), params=p, source=str(supply_path)
                        )  # --variants was refused without a practitioner file above
                        columns[variant_column(age)] = apl_from_catchment(catchment, supply=s, demand=demand, params=p)
            # after the APL (whose own checks on the inputs come first), before anything is written
            statement = _check_coverage(demand, supply, practitioners, params, selection, times, partial=partial_supply)
            result = pd.DataFrame(columns)
            result["demand"] = demand
            result["supply"] = supply.reindex(result.index).fillna(0.0)
            if impute_acts is not None and practitioners is not None:
                from ..apl import IMPUTED_COLUMN

                imputed = practitioners[practitioners[IMPUTED_COLUMN].to_numpy(dtype=bool)]
                part = supply_from_activity(imputed, params=params) if len(imputed) else pd.Series(dtype=float)
                result["supply_imputed"] = part.reindex(result.index).fillna(0.0)
            result.index.name = "code_commune"
            result = _selected(result, selection)
            if statement is not None:
                from ..supply import stamp_partial_supply

                result = stamp_partial_supply(result, [statement])
            with _Step(f"writing {output_path}"):
                _write(result, output_path, geometry_path)
        except AccessMapError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            echo_warnings(caught)
    main_col = variant_column(max_age)
    mean = float((result[main_col] * result["demand"]).sum() / result["demand"].sum())
    _echo(f"{main_col}: demand-weighted mean {mean:.3f} ({params.unit}); {len(result)} communes -> {output_path}")
