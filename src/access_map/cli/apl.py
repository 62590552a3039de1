"""``access-map apl``: the DREES APL per commune from population, supply and travel-time files."""

from __future__ import annotations

import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import click
import pandas as pd

from ..messages import cli as C
from ..messages import cli_apl as A
from ..messages import supply as supply_msg
from ..messages import validation as M
from ..schema import AGE_BANDS
from ._french import FrenchCommand, FrenchError, FrenchUsageError
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

EPILOG = A.EPILOG

_CODE_ALIASES = ("code_commune", "CODGEO", "COM", "INSEE_COM", "codgeo", "code", "insee", "cinseea")


def _echo(message: str) -> None:
    click.echo(message, err=True)


class _Step:
    """Progress message on stderr with the elapsed time of each long step."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> _Step:
        self.start = time.perf_counter()
        _echo(C.etape(libelle=self.label))
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            _echo(A.etape_finie(secondes=time.perf_counter() - self.start))


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
    _echo(A.selection_ecrite(selection=selection.describe(), gardees=len(kept), total=len(result)))
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
        raise FrenchUsageError(A.ANNEE_SANS_COLONNE)
    if params.demand_kind == "women":
        raw = _read_commune_rows(path)
        table, _ = validate_communes(
            raw, code_column=_code_column(raw.columns, path), count_columns=["women"], source=name
        )
        return table["women"]
    if kind == "age":
        if file_kind == "populations":
            raise FrenchUsageError(supply_msg.population_sans_ages(source=name))
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
        raise FrenchUsageError(
            supply_msg.population_colonne_absente(source=name, column=names[0], found=list(table.columns))
        )
    if file_kind == "populations":
        _echo(C.populations_legales(communes=len(table)))
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
            _echo(C.note(texte=note))
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
        _echo(A.reprojete(fichier=path.name, crs=str(crs)))
        gdf = gdf.to_crs(crs)
    return gdf


def _write(result: pd.DataFrame, output: Path, geometry: Path | None) -> None:
    from .._atomic import atomic_path

    suffix = output.suffix.lower()
    if suffix == ".gpkg":
        if geometry is None:
            raise FrenchUsageError(A.GPKG_SANS_GEOMETRIE)
        import geopandas as gpd

        from ..readers.ign import read_contours

        polygons = read_contours(geometry, level="commune")
        joined = polygons[["geometry"]].join(result, how="inner")
        missing = len(result) - len(joined)
        if missing:
            _echo(A.sans_polygone(manquantes=missing, fichier=geometry.name))
        gdf = gpd.GeoDataFrame(joined.reset_index(), geometry="geometry", crs=polygons.crs)
        with atomic_path(output) as tmp:
            gdf.to_file(tmp, layer="apl", driver="GPKG")
    elif suffix == ".csv":
        if geometry is not None:
            raise FrenchUsageError(A.GEOMETRIE_SANS_GPKG)
        from ..csv_format import write_csv

        write_csv(result, output)
    else:
        raise FrenchUsageError(A.mauvaise_sortie(nom=output.name))


@click.command(
    name="apl", cls=FrenchCommand, help=A.COMMANDE, epilog=EPILOG, context_settings={"max_content_width": 100}
)
@click.option(
    "--population",
    "population_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=A.POPULATION,
)
@click.option(
    "--population-kind",
    type=click.Choice(["age", "standardised", "total"]),
    default="age",
    show_default=True,
    help=A.POPULATION_KIND,
)
@click.option(
    "--population-year",
    type=int,
    default=None,
    help=A.POPULATION_YEAR,
)
@click.option(
    "--supply",
    "supply_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=A.SUPPLY,
)
@click.option(
    "--supply-kind",
    type=click.Choice(["practitioners", "communes"]),
    default="practitioners",
    show_default=True,
    help=A.SUPPLY_KIND,
)
@click.option(
    "--times",
    "times_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=A.TIMES,
)
@points_options
@crow_fly_options
@click.option(
    "--points-crs",
    default="auto",
    show_default=True,
    help=A.POINTS_CRS,
)
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=A.OUTPUT,
)
@click.option(
    "--geometry",
    "geometry_path",
    type=click.Path(exists=True, path_type=Path),
    help=A.GEOMETRY,
)
@profession_option
@vintage_option
@impute_activity_option
@click.option(
    "--max-age",
    type=float,
    default=None,
    help=A.MAX_AGE,
)
@click.option("--variants", is_flag=True, help=A.VARIANTS)
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
        raise FrenchUsageError(A.REGION_SANS_COMMUNES)
    from .._validate import check_insee_codes
    from ..apl import APLParams, variant_column
    from ..errors import AccessMapError

    _refuse_option_combinations(
        times_path=times_path, points_path=points_path, layer=layer, code_column=code_column, intercept=intercept,
        per_km=per_km, supply_kind=supply_kind, impute_acts=impute_acts, variants=variants, max_age=max_age,
        output_path=output_path,
    )  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            params = APLParams.for_profession(profession, vintage, max_age=max_age)
            with _Step(A.lecture(quoi="population", fichier=population_path.name)):
                demand = _read_population(population_path, population_kind, population_year, params)
                check_insee_codes(demand.index, source=str(population_path), current=True)
                _echo(A.demande_lue(communes=len(demand), demande=_total(demand)))
            with _Step(A.lecture(quoi="offre", fichier=supply_path.name)):
                supply, practitioners = _read_supply(
                    supply_path, supply_kind, params, impute_acts, include_establishments=include_establishments
                )
                check_insee_codes(supply.index, source=str(supply_path), current=True)
                _echo(A.offre_lue(communes=len(supply), offre=_total(supply)))
            times = _read_times(
                times_path, points_path, points_crs=points_crs, layer=layer, code_column=code_column,
                intercept=intercept, per_km=per_km, params=params,
            )  # fmt: skip
            _echo(A.paires(nombre_paires=len(times), max_minutes=params.max_minutes))
            with _Step(A.CALCUL_APL):
                columns = _apl_columns(
                    times, demand, supply, practitioners, params, variants=variants, max_age=max_age,
                    times_source=str(times_path or points_path), supply_source=str(supply_path),
                )  # fmt: skip
            # after the APL (whose own checks on the inputs come first), before anything is written
            statement = _check_coverage(demand, supply, practitioners, params, selection, times, partial=partial_supply)
            result = _result_table(
                columns, demand, supply, practitioners, params, impute_acts=impute_acts, selection=selection,
                statement=statement,
            )  # fmt: skip
            with _Step(A.ecriture(chemin=output_path)):
                _write(result, output_path, geometry_path)
        except AccessMapError as exc:
            raise FrenchError(str(exc)) from exc
        finally:
            echo_warnings(caught)
    main_col = variant_column(max_age)
    mean = float((result[main_col] * result["demand"]).sum() / result["demand"].sum())
    _echo(A.moyenne(colonne=main_col, moyenne=mean, unite=params.unit, communes=len(result), chemin=output_path))


def _refuse_option_combinations(
    *,
    times_path: Path | None,
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    intercept: float,
    per_km: float,
    supply_kind: str,
    impute_acts: float | None,
    variants: bool,
    max_age: float | None,
    output_path: Path,
) -> None:
    """Phase 1: refuse the options that contradict each other, and an output that is one of the inputs."""
    if (times_path is None) == (points_path is None):
        raise FrenchUsageError(A.TIMES_OU_POINTS)
    from ._options import crow_fly_options_given

    if times_path is not None and (layer or code_column or crow_fly_options_given(intercept, per_km)):
        raise FrenchUsageError(A.OPTIONS_DES_POINTS)
    if impute_acts is not None and supply_kind != "practitioners":
        raise FrenchUsageError(A.IMPUTATION_SANS_PRATICIENS)
    if variants and supply_kind != "practitioners":
        raise FrenchUsageError(A.VARIANTES_SANS_PRATICIENS)
    if variants and max_age is not None:
        raise FrenchUsageError(A.VARIANTES_ET_AGE)
    if max_age is not None and supply_kind != "practitioners":
        raise FrenchUsageError(A.AGE_SANS_PRATICIENS)
    if output_path.suffix.lower() not in (".csv", ".gpkg"):
        raise FrenchUsageError(A.mauvaise_sortie(nom=output_path.name))
    from ._outputs import refuse_inputs_as_outputs

    refuse_inputs_as_outputs([output_path], exclude=["output_path"])


def _read_times(
    times_path: Path | None,
    points_path: Path | None,
    *,
    points_crs: str,
    layer: str | None,
    code_column: str | None,
    intercept: float,
    per_km: float,
    params: Any,
) -> pd.DataFrame:
    """Phase 3: the travel times, read from ``--times`` or computed as the crow flies from ``--points``."""
    if times_path is not None:
        from ..travel import read_travel_times

        with _Step(A.lecture(quoi="temps de trajet", fichier=times_path.name)):
            return read_travel_times(times_path, max_minutes=params.max_minutes)
    from ..travel import crow_fly_times, crow_fly_times_local

    points_file = cast(Path, points_path)  # one of --times/--points was required above
    with _Step(A.temps_vol_oiseau(fichier=points_file.name)):
        pts = _read_points(points_file, points_crs, layer=layer, code_column=code_column)
        crow = crow_fly_times_local if points_crs == "auto" else crow_fly_times
        return crow(pts, max_minutes=params.max_minutes, intercept_minutes=intercept, minutes_per_km=per_km)


def _apl_columns(
    times: pd.DataFrame,
    demand: pd.Series,
    supply: pd.Series,
    practitioners: pd.DataFrame | None,
    params: Any,
    *,
    variants: bool,
    max_age: float | None,
    times_source: str,
    supply_source: str,
) -> dict[str, pd.Series]:
    """Phase 4: the APL column (and the 65/62/60 age variants with ``--variants``) on one catchment."""
    from ..apl import apl_from_catchment, prepare_apl_catchment, supply_from_activity, variant_column

    catchment = prepare_apl_catchment(times, demand_index=demand.index, params=params, source=times_source)
    columns = {variant_column(max_age): apl_from_catchment(catchment, supply=supply, demand=demand, params=params)}
    if variants:
        for age in (65, 62, 60):
            p = replace(params, max_age=age)
            s = supply_from_activity(
                cast(pd.DataFrame, practitioners), params=p, source=supply_source
            )  # --variants was refused without a practitioner file above
            columns[variant_column(age)] = apl_from_catchment(catchment, supply=s, demand=demand, params=p)
    return columns


def _result_table(
    columns: dict[str, pd.Series],
    demand: pd.Series,
    supply: pd.Series,
    practitioners: pd.DataFrame | None,
    params: Any,
    *,
    impute_acts: float | None,
    selection: Any,
    statement: str | None,
) -> pd.DataFrame:
    """Phase 5: the table written, one row per commune of the selection: APL, demand, supply (imputed part)."""
    result = pd.DataFrame(columns)
    result["demand"] = demand
    result["supply"] = supply.reindex(result.index).fillna(0.0)
    if impute_acts is not None and practitioners is not None:
        from ..apl import IMPUTED_COLUMN, supply_from_activity

        imputed = practitioners[practitioners[IMPUTED_COLUMN].to_numpy(dtype=bool)]
        part = supply_from_activity(imputed, params=params) if len(imputed) else pd.Series(dtype=float)
        result["supply_imputed"] = part.reindex(result.index).fillna(0.0)
    result.index.name = "code_commune"
    result = _selected(result, selection)
    if statement is not None:
        from ..supply import stamp_partial_supply

        result = stamp_partial_supply(result, [statement])
    return result
