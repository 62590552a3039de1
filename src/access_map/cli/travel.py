"""``access-map travel``: build travel-time tables (crow-fly, OSRM, imported matrix) and calibrate the
crow-fly model. A thin layer over :mod:`access_map.travel`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import AccessMapError, CRSError
from ..messages import cli as C
from ..messages import travel as T
from ._french import FrenchError, FrenchGroup, FrenchUsageError
from ._options import (
    crow_fly_options,
    echo_warnings,
    points_options,
    profession_option,
    selection_from_options,
    selection_options,
)
from ._outputs import checks_outputs

#: Column names tried, in order, for the INSEE code of a points file when --code-column is not given.
_CODE_CANDIDATES = ("code_commune", "INSEE_COM", "insee_com", "CODGEO", "codgeo", "code_insee", "cinseea", "code")


def _fail(exc: Exception) -> click.ClickException:
    return FrenchError(str(exc))


def _read_points(path: Path | None, *, layer: str | None, code_column: str | None, to_crs: str | None) -> Any:
    """Commune points through the library's one points reader (same files as ``access-map apl --points``):
    any CRS, features without geometry dropped and reported, polygons replaced by a point inside them."""
    import warnings

    from ..territory import read_commune_points

    if path is None:
        raise FrenchUsageError(T.POINTS_REQUIS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            gdf = read_commune_points(path, layer=layer, code_column=code_column)
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    if gdf.attrs.get("representative_points"):
        click.echo(
            T.polygones_remplaces(fichier=path.name, nombre_polygones=gdf.attrs["representative_points"]), err=True
        )
    return gdf.to_crs(to_crs) if to_crs else gdf


def _write_table(df: Any, output: Path, *, overwrite: bool) -> None:
    from .._atomic import atomic_path

    if output.exists() and not overwrite:
        raise FrenchError(T.sortie_existe(chemin=output))
    suffix = output.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        with atomic_path(output) as tmp:
            df.to_parquet(tmp, index=False)
    elif suffix in {".csv", ".txt"} or output.name.lower().endswith(".csv.gz"):
        from ..csv_format import write_csv

        write_csv(df, output, index=False)
    else:
        raise FrenchError(T.format_inconnu(nom=output.name))


def _write_pair(times: Any, output: Path, snapping: Any, snapping_path: Path, *, overwrite: bool) -> None:
    """The matrix and its snapping report, put in place together when they share a folder (the default)."""
    import os
    import warnings

    from ..csv_format import write_csv
    from ..outputs.files import files_written_together

    if os.path.abspath(output.parent) != os.path.abspath(snapping_path.parent):
        _write_table(times, output, overwrite=overwrite)
        write_csv(snapping, snapping_path)
        return
    with warnings.catch_warnings(record=True) as caught:  # what a killed command left there, finished: said
        warnings.simplefilter("always")
        with files_written_together(output.parent) as staging:
            _write_table(times, staging / output.name, overwrite=overwrite)
            write_csv(snapping, staging / snapping_path.name)
    echo_warnings(caught)


def _summary(times: Any) -> str:
    n_communes = times["origin"].nunique()
    n_pairs = int((times["origin"] != times["destination"]).sum())
    return T.resume_table(lignes=len(times), communes=n_communes, paires=n_pairs)


_to_crs_option = click.option("--to-crs", help=T.TO_CRS)
_points_options = [
    points_options,
    _to_crs_option,
    click.option(
        "--output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=T.OUTPUT,
    ),
    click.option("--overwrite", is_flag=True, help=T.OVERWRITE),
]


def _with_options(options: list) -> Any:
    def deco(f: Any) -> Any:
        for opt in reversed(options):
            f = opt(f)
        return f

    return deco


@click.group("travel", cls=FrenchGroup, help=T.GROUPE, context_settings={"help_option_names": ["-h", "--help"]})
def travel_command() -> None:
    """Temps de trajet entre communes : table longue origin, destination, minutes.

    Travel-time tables between communes (crow-fly model, OSRM server, imported matrix) and
    calibration of the crow-fly model.
    """


@travel_command.command("crowfly", help=T.CROWFLY)
@_with_options(_points_options)
@click.option("--max-minutes", type=float, default=20.0, show_default=True, help=T.MAX_MINUTES_CATCHMENT)
@crow_fly_options
@selection_options
@checks_outputs("output", "snapping_path")
def crowfly_command(
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    to_crs: str | None,
    output: Path,
    overwrite: bool,
    max_minutes: float,
    intercept: float,
    per_km: float,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """Crow-fly approximation: minutes = a + b x km between commune points.

    Points in any CRS (EPSG:4326 included) are measured in each territory's projected CRS (Lambert-93
    mainland, UTM overseas); --to-crs forces one CRS for all.
    """
    from ..travel import crow_fly_times, crow_fly_times_local

    points = _select(
        _read_points(points_path, layer=layer, code_column=code_column, to_crs=to_crs), departements, regions
    )
    # without --to-crs, any CRS (EPSG:4326 included): each territory is measured in its own projected CRS
    crow = crow_fly_times if to_crs else crow_fly_times_local
    try:
        times = crow(points, max_minutes=max_minutes, intercept_minutes=intercept, minutes_per_km=per_km)
    except CRSError as exc:
        raise FrenchError(f"{exc} {T.AJOUTER_TO_CRS}") from exc
    except AccessMapError as exc:
        raise _fail(exc) from exc
    _write_table(times, output, overwrite=overwrite)
    detail = T.modele_vol_oiseau(ordonnee=intercept, pente=per_km, max_minutes=max_minutes)
    click.echo(T.ecrit(chemin=output, resume=_summary(times), detail=detail), err=True)


@travel_command.command("osrm", help=T.OSRM)
@_with_options(_points_options)
@click.option("--base-url", required=True, help=T.BASE_URL)
@click.option("--profile", default="driving", show_default=True, help=T.PROFILE_HTTP)
@click.option("--max-minutes", type=float, default=None, help=T.MAX_MINUTES_ALL)
@click.option(
    "--max-table-size",
    type=int,
    default=100,
    show_default=True,
    help=T.MAX_TABLE_SIZE,
)
@click.option(
    "--retries",
    type=int,
    default=3,
    show_default=True,
    help=T.RETRIES,
)
@click.option(
    "--max-crow-km",
    type=float,
    default=None,
    help=T.MAX_CROW_KM,
)
@checks_outputs("output", "snapping_path")
def osrm_command(
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    to_crs: str | None,
    output: Path,
    overwrite: bool,
    base_url: str,
    profile: str,
    max_minutes: float | None,
    max_table_size: int,
    retries: int,
    max_crow_km: float | None,
) -> None:
    """Road times from a self-hosted OSRM server (table service)."""
    from ..travel import osrm_table_times

    points = _read_points(points_path, layer=layer, code_column=code_column, to_crs=to_crs)
    try:
        times = osrm_table_times(
            points,
            base_url=base_url,
            profile=profile,
            max_minutes=max_minutes,
            max_table_size=max_table_size,
            retries=retries,
            max_crow_km=max_crow_km,
            progress=True,
        )
    except AccessMapError as exc:
        raise _fail(exc) from exc
    _write_table(times, output, overwrite=overwrite)
    click.echo(T.ecrit(chemin=output, resume=_summary(times)), err=True)


def _resolve_osm(osm: str, cache_dir: Path | None) -> Path:
    """A path, or ``fetch:NAME[@VINTAGE]`` downloaded through the cache (registry datasets osm_<region>)."""
    if not osm.startswith("fetch:"):
        return Path(osm).expanduser()
    from ..datasets.download import fetch

    name, _, vintage = osm[len("fetch:") :].partition("@")
    return fetch(name, vintage=vintage or None, cache_dir=cache_dir, progress=True)


def _select(points: Any, departements: tuple[str, ...], regions: tuple[str, ...]) -> Any:
    """The points of the --departement/--region selection (all of them without one)."""
    from ..territory import select_communes

    selection = selection_from_options(departements, regions)
    if not selection:
        return points
    try:
        kept = select_communes(points, selection)
    except AccessMapError as exc:
        raise _fail(exc) from exc
    return points.loc[kept.index]


@travel_command.command("road", help=T.ROAD)
@_with_options([o for o in _points_options if o is not _to_crs_option])
@click.option(
    "--osm",
    required=True,
    help=T.OSM,
)
@click.option("--max-minutes", type=float, default=20.0, show_default=True, help=T.MAX_MINUTES_CATCHMENT)
@click.option(
    "--profile",
    default="car",
    show_default=True,
    help=T.PROFILE_ROAD,
)
@click.option(
    "--max-snap-m",
    type=float,
    default=2000.0,
    show_default=True,
    help=T.MAX_SNAP_M,
)
@selection_options
@click.option(
    "--snapping",
    "snapping_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=T.SNAPPING,
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=T.CACHE_DIR,
)
@click.option("--threads", type=int, default=None, help=T.THREADS)
def road_command(
    points_path: Path | None,
    layer: str | None,
    code_column: str | None,
    output: Path,
    overwrite: bool,
    osm: str,
    max_minutes: float,
    profile: str,
    max_snap_m: float,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
    snapping_path: Path | None,
    cache_dir: Path | None,
    threads: int | None,
) -> None:
    """Road times from an OpenStreetMap extract with OSRM in process (no server): origin, destination, minutes, km.

    The extract is turned into an OSRM graph once (cached by its sha256 and the profile);
    each commune point is snapped to the road network (distances written to --snapping);
    every pair within --max-minutes is routed (pairs farther apart as the crow flies than
    the distance covered at 130 km/h in that time are not asked for).
    """
    import warnings

    from ..extras import MissingExtraError, require_routing
    from ..travel import build_osrm_graph, road_times, snap_points
    from ._outputs import refuse_inputs_as_outputs

    try:  # before reading anything: without the routing extra, say what to install
        require_routing("access-map travel road")
    except MissingExtraError as exc:
        raise _fail(exc) from exc
    snapping_path = snapping_path or output.with_name(output.name.split(".")[0] + ".snapping.csv")
    refuse_inputs_as_outputs([output, snapping_path], exclude=["output", "snapping_path"])
    for target in (output, snapping_path):  # the snapping report too: a file of that name may be the user's
        if target.exists() and not overwrite:
            raise FrenchError(T.sortie_existe(chemin=target))
    # any CRS: OSRM takes longitude/latitude (the points are reprojected to EPSG:4326)
    points = _select(
        _read_points(points_path, layer=layer, code_column=code_column, to_crs=None), departements, regions
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            graph = build_osrm_graph(
                _resolve_osm(osm, cache_dir), profile=profile, cache_dir=cache_dir, threads=threads, progress=True
            )
            click.echo(
                T.graphe_osrm(dossier=graph.path.parent, en_cache=graph.cached, secondes=graph.build_seconds), err=True
            )
            snapping = snap_points(points, graph)
            times = road_times(points, graph=graph, max_minutes=max_minutes, max_snap_m=max_snap_m, progress=True)
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    _write_pair(times, output, snapping, snapping_path, overwrite=overwrite)
    far = snapping["snap_m"] > 500.0
    detail = T.temps_routiers(
        max_minutes=max_minutes,
        profil=profile,
        mediane_m=snapping["snap_m"].median(),
        loin=int(far.sum()),
        chemin=snapping_path,
    )
    click.echo(T.ecrit(chemin=output, resume=_summary(times), detail=detail), err=True)


@travel_command.command("compare", help=T.COMPARE)
@click.argument("table_a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("table_b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--max-minutes",
    type=float,
    default=20.0,
    show_default=True,
    help=T.COMPARE_MAX_MINUTES,
)
@click.option(
    "--apl",
    "apl_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=T.COMPARE_APL,
)
@click.option(
    "--tvs",
    "tvs_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=T.COMPARE_TVS,
)
@profession_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=T.COMPARE_OUTPUT,
)
@checks_outputs("output", "snapping_path")
def compare_command(
    table_a: Path,
    table_b: Path,
    max_minutes: float,
    apl_path: Path | None,
    tvs_path: Path | None,
    profession: str,
    output: Path | None,
) -> None:
    """Compare two travel-time tables (A: e.g. crow-fly, B: the reference, e.g. road) and their effect on the APL."""
    import warnings

    from ..travel import compare_travel_times, read_travel_times

    if (tvs_path or output) and not apl_path:
        raise FrenchUsageError(T.TVS_SANS_APL)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            a = read_travel_times(table_a)
            b = read_travel_times(table_b)
            pairs = compare_travel_times(a, b, max_minutes=max_minutes, source_a=table_a.name, source_b=table_b.name)
            consequences = _apl_consequences(a, b, apl_path, tvs_path, profession) if apl_path else None
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    click.echo(T.compare_entete(a=table_a.name, b=table_b.name, max_minutes=max_minutes))
    click.echo(T.compare_paires(communes=pairs.n_common, seulement_a=pairs.only_a, seulement_b=pairs.only_b))
    for label, examples in (("A", pairs.examples_only_a), ("B", pairs.examples_only_b)):
        if examples:
            click.echo(T.compare_exemples(table=label, exemples=list(examples)))
    detail = T.ecarts(
        mae=pairs.mae_minutes, biais=pairs.bias_minutes, rmse=pairs.rmse_minutes, r2=pairs.r2, spearman=pairs.spearman
    )
    click.echo(T.compare_ecarts(detail=detail))
    if consequences is None:
        return
    comm = consequences.communes
    click.echo(
        T.compare_apl(
            communes=len(comm),
            moyenne_a=comm["apl_a"].mean(),
            moyenne_b=comm["apl_b"].mean(),
            ecart=comm["difference"].abs().mean(),
            spearman=consequences.spearman,
        )
    )
    for threshold, row in consequences.crossings.iterrows():
        click.echo(
            T.compare_seuil(
                seuil=float(threshold),
                changent=int(row["changed"]),
                sous_a=int(row["below_a_only"]),
                sous_b=int(row["below_b_only"]),
            )
        )
    if consequences.tvs is not None:
        tvs = consequences.tvs
        click.echo(T.compare_tvs(changent=consequences.tvs_changed, total=len(tvs)))
        for code, row in tvs[tvs["changed"]].head(20).iterrows():
            click.echo(
                T.compare_tvs_ligne(
                    code=str(code),
                    libelle=str(row["libelle_tvs"]),
                    categorie_a=str(row["category_a"]),
                    apl_a=row["apl_a"],
                    categorie_b=str(row["category_b"]),
                    apl_b=row["apl_b"],
                )
            )
    if output is not None:
        from ..csv_format import write_csv

        write_csv(comm, output)
        click.echo(C.ecrit_vers(chemin=output), err=True)


def _apl_consequences(a: Any, b: Any, apl_path: Path, tvs_path: Path | None, profession: str) -> Any:
    from .._validate import normalize_insee_codes, to_numeric_column
    from ..apl import APLParams
    from ..readers._io import read_table
    from ..travel import apl_consequences

    raw, _, _ = read_table(apl_path, required=["code_commune", "demand", "supply"], source=apl_path.name)
    index = _code_index(normalize_insee_codes(raw["code_commune"]))
    demand = to_numeric_column(raw, "demand", source=apl_path.name).set_axis(index)
    supply = to_numeric_column(raw, "supply", source=apl_path.name).set_axis(index)
    tvs = None
    if tvs_path is not None:
        tvs, _, _ = read_table(tvs_path, required=["code_commune", "code_tvs"], source=tvs_path.name)
    params = APLParams.for_profession(profession)
    return apl_consequences(a, b, supply=supply, demand=demand, params=params, tvs=tvs)


def _code_index(values: Any) -> Any:
    import pandas as pd

    return pd.Index(values.to_numpy(), name="code_commune")


@travel_command.command("import", help=T.IMPORT)
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=T.IMPORT_INPUT,
)
@click.option("--origin", default="origin", show_default=True, help=T.IMPORT_ORIGIN)
@click.option("--destination", default="destination", show_default=True, help=T.IMPORT_DESTINATION)
@click.option("--minutes", default="minutes", show_default=True, help=T.IMPORT_MINUTES)
@click.option("--sep", default=None, help=T.SEP)
@click.option("--max-minutes", type=float, default=None, help=T.MAX_MINUTES_ALL)
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=T.IMPORT_OUTPUT,
)
@click.option("--overwrite", is_flag=True, help=T.OVERWRITE)
@checks_outputs("output", "snapping_path")
def import_command(
    input_path: Path,
    origin: str,
    destination: str,
    minutes: str,
    sep: str | None,
    max_minutes: float | None,
    output: Path,
    overwrite: bool,
) -> None:
    """Validate an exported travel-time matrix and write it in the standard shape."""
    import warnings

    from ..travel import read_travel_times

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            times = read_travel_times(
                input_path, origin=origin, destination=destination, minutes=minutes, sep=sep, max_minutes=max_minutes
            )
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    _write_table(times, output, overwrite=overwrite)
    click.echo(T.ecrit(chemin=output, resume=_summary(times)), err=True)


@travel_command.command("calibrate", help=T.CALIBRATE)
@click.option(
    "--pairs",
    "pairs_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=T.PAIRS,
)
@click.option("--x1", default="X1", show_default=True, help=T.COORDINATE.format(nom="x de l'origine"))
@click.option("--y1", default="Y1", show_default=True, help=T.COORDINATE.format(nom="y de l'origine"))
@click.option("--x2", default="X2", show_default=True, help=T.COORDINATE.format(nom="x de la destination"))
@click.option("--y2", default="Y2", show_default=True, help=T.COORDINATE.format(nom="y de la destination"))
@click.option("--observed", required=True, help=T.OBSERVED)
@click.option("--max-km", type=float, default=None, help=T.MAX_KM)
@click.option("--no-intercept", is_flag=True, help=T.NO_INTERCEPT)
@click.option("--sep", default=None, help=T.SEP)
def calibrate_command(
    pairs_path: Path,
    x1: str,
    y1: str,
    x2: str,
    y2: str,
    observed: str,
    max_km: float | None,
    no_intercept: bool,
    sep: str | None,
) -> None:
    """Fit minutes = a + b x crow-fly km on observed pairs and compare with the default model."""
    import warnings

    import numpy as np

    from ..travel import CrowFlyModel, calibrate, evaluate_model, read_observed_pairs

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            pairs = read_observed_pairs(pairs_path, observed=observed, x1=x1, y1=y1, x2=x2, y2=y2, sep=sep)
        except AccessMapError as exc:
            raise _fail(exc) from exc
    echo_warnings(caught)
    km = pairs["crow_km"].to_numpy()
    obs = pairs["observed_minutes"].to_numpy()
    keep = np.ones(len(pairs), dtype=bool)
    if max_km is not None:
        keep &= km <= max_km
    try:
        fit = calibrate(km[keep], obs[keep], fit_intercept=not no_intercept)
        ref = evaluate_model(CrowFlyModel(), km[keep], obs[keep])
    except AccessMapError as exc:
        raise _fail(exc) from exc
    default = CrowFlyModel()
    click.echo(T.paires_utilisees(nombre_paires=fit.n, max_km=max_km))
    fitted = T.modele_calibre(ordonnee=fit.model.intercept_minutes, pente=fit.model.minutes_per_km)
    errors = T.ecarts(mae=fit.mae_minutes, biais=fit.bias_minutes, rmse=fit.rmse_minutes, r2=fit.r2)
    click.echo(T.calibre(modele=fitted, detail=errors))
    reference = T.modele_calibre(ordonnee=default.intercept_minutes, pente=default.minutes_per_km)
    errors = T.ecarts(mae=ref.mae_minutes, biais=ref.bias_minutes, rmse=ref.rmse_minutes, r2=ref.r2)
    click.echo(T.par_defaut(modele=reference, detail=errors))
    click.echo(
        T.rayon(km=fit.model.radius_km(20.0), ordonnee=fit.model.intercept_minutes, pente=fit.model.minutes_per_km)
    )


__all__ = ["travel_command"]
