"""``access-map map``: write an interactive map (HTML, optionally a static PNG) from files or the demo.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(map_command, ["--help"])
>>> "apl|zoning|cpts|msp|deployment" in result.output
True
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import click

from ..messages import cli as C
from ..messages import validation as M
from ._french import FrenchCommand
from ._options import echo_warnings, selection_from_options, selection_options

__all__ = ["map_command", "demo_map_inputs", "KINDS"]

KINDS = ("apl", "zoning", "cpts", "msp", "deployment")


def demo_map_inputs() -> dict[str, Any]:
    """Inputs of every map on the fictional demo territory.

    The APL is computed with the package's engine (:func:`access_map.apl.compute_apl`, DREES GP
    parameters 2023) on crow-fly travel times (:func:`access_map.travel.crow_fly_times`, 20 min).

    Returns
    -------
    dict
        ``communes``, ``apl``, ``zonage`` (the demo's previous zoning), ``cpts``, ``msp``,
        ``departements``, ``label``.

    Examples
    --------
    >>> inputs = demo_map_inputs()
    >>> sorted(inputs)
    ['apl', 'communes', 'cpts', 'departements', 'label', 'msp', 'zonage']
    >>> bool(inputs["apl"].index.isin(inputs["communes"].index).all())
    True
    """
    from .. import apl as apl_engine
    from .. import travel
    from ..datasets import load_demo

    demo = load_demo()
    params = apl_engine.APLParams.drees_mg(2023)
    practitioners = demo.practitioners[demo.practitioners["profession"] == "medecin_generaliste"]
    supply = apl_engine.supply_from_activity(practitioners, params=params)
    demand = apl_engine.standardised_population(demo.population_by_age)
    times = travel.crow_fly_times(demo.chefs_lieux, max_minutes=20.0)
    apl = apl_engine.compute_apl(supply=supply, demand=demand, times=times, params=params)
    return {
        "communes": demo.communes,
        "apl": apl,
        "zonage": demo.previous_zoning["zonage"],
        "cpts": demo.cpts,
        "msp": demo.msp,
        "departements": demo.departements,
        "label": demo.label,
    }


def _read_values(path: Path, column: str | None, *, what: str):
    """A commune-indexed Series from a CSV with a commune code and a value column, through the validating reader
    (:func:`access_map.readers.values.read_commune_values`: encodings, separators, text/infinite/negative APL
    refused, communes listed twice refused)."""
    from ..readers.values import read_commune_values

    return read_commune_values(path, column=column, what=what, numeric=what == "apl")


def _read_msp(path: Path, communes: Any) -> Any:
    """The structures to draw: a vector file with a CRS whose points lie within the communes' bounds."""
    from ..territory.points import check_points_within, read_located_points

    msp = read_located_points(path)
    if communes is not None:
        label = next((c for c in ("nom", "finess") if c in msp.columns), None)
        check_points_within(msp, communes, source=str(path), label_column=label)
    return msp


def _read_communes(path: Path, code_column: str, name_column: str, selection: Any = None) -> Any:
    """Commune contours: the library's contour reader (ADMIN EXPRESS, etalab GeoJSON, ``.geojson.gz``), or the
    file's own ``--code-column``/``--name-column``; restricted to ``--departement``/``--region``."""
    import geopandas as gpd

    from .._validate import normalize_insee_codes
    from ..errors import MissingColumnError
    from ..readers.ign import read_contours
    from ..territory import IN_TERRITORY, select_communes, vector_target

    if code_column == "code_commune" and name_column == "nom":
        gdf = read_contours(path, level="commune")
    else:
        gdf = gpd.read_file(vector_target(path))
        if code_column not in gdf.columns:
            raise MissingColumnError(
                M.colonne_code_absente(
                    nom=str(path), cherchees=[code_column], trouvees=gdf.columns, option="--code-column"
                )
            )
        gdf = gdf.rename(columns={code_column: "code_commune", name_column: "nom"})
        gdf = gdf.set_index(normalize_insee_codes(gdf["code_commune"])).drop(columns="code_commune")
        if "POPULATION" in gdf.columns and "population" not in gdf.columns:
            gdf = gdf.rename(columns={"POPULATION": "population"})
    if selection:
        gdf = select_communes(gdf, selection).drop(columns=IN_TERRITORY)
    return gdf


def _within_selection(values: Any, communes: Any) -> Any:
    """The values of the communes of the selected departments (those of the communes kept): values
    elsewhere are outside the map, not communes "without geometry" to warn about."""
    import pandas as pd

    from ..territory import departement_of_code

    kept = set(departement_of_code(pd.Series(communes.index.astype(str))))
    inside = departement_of_code(pd.Series(values.index.astype(str))).isin(kept).to_numpy()
    return values[inside]


@click.command(name="map", cls=FrenchCommand)
@click.argument("kind", type=click.Choice(KINDS), metavar="apl|zoning|cpts|msp|deployment")
@click.option("--demo", is_flag=True, help="Utiliser le territoire de démonstration fictif embarqué.")
@click.option(
    "--communes",
    "communes_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Contours des communes (GeoPackage, GeoJSON, shapefile).",
)
@click.option(
    "--code-column", default="code_commune", show_default=True, help="Colonne du code commune dans --communes."
)
@click.option("--name-column", default="nom", show_default=True, help="Colonne du nom de commune dans --communes.")
@click.option(
    "--values",
    "values_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV code_commune;valeur (APL pour 'apl', ZIP/ZAC/ZV/HV pour 'zoning').",
)
@click.option("--column", default=None, help="Colonne des valeurs dans --values (déduite si une seule).")
@click.option(
    "--zonage",
    "zonage_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV code_commune;zonage (ZIP/ZAC/ZV/HV ou codes DREES) pour 'zoning' et 'deployment'.",
)
@click.option(
    "--cpts",
    "cpts_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV des CPTS : id_cpts;nom_cpts;statut;date_signature(_aci);code_commune.",
)
@click.option(
    "--msp",
    "msp_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Points des MSP (fichier géographique avec nom, finess, categorie, date_ouverture).",
)
@click.option(
    "--scheme",
    type=click.Choice(["official", "quantiles", "fisher_jenks"]),
    default="quantiles",
    show_default=True,
    help="Classes de l'APL (official : seuils du zonage 2,5 et 4, pour l'APL ≤ 65 ans des TVS).",
)
@click.option("-k", "--classes", "k", type=int, default=None, help="Nombre de classes (quantiles, fisher_jenks).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Fichier HTML.")
@click.option(
    "--self-contained/--no-self-contained",
    default=True,
    show_default=True,
    help="Intégrer JavaScript et CSS : le fichier s'ouvre hors ligne (par défaut).",
)
@click.option(
    "--basemap/--no-basemap",
    default=False,
    show_default=True,
    help="Fond de carte OpenStreetMap (tuiles chargées depuis le réseau, avec attribution) ; sans, par défaut.",
)
@click.option(
    "--png",
    "png_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Écrire aussi une carte statique (PNG/SVG selon l'extension) ; cartes « apl » et « zoning » seulement.",
)
@click.option("--source", default=None, help="Texte de source affiché sur la carte.")
@click.option("--overwrite", is_flag=True, help="Remplacer les fichiers existants.")
@selection_options
def map_command(**options: Any) -> None:
    """Carte KIND (apl|zoning|cpts|msp|deployment) en HTML, depuis des fichiers ou --demo."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            _map(**options)
        finally:
            echo_warnings(caught)  # « Attention : ... », once each, never Python's raw warning lines


def _map(
    kind: str,
    demo: bool,
    communes_path: Path | None,
    code_column: str,
    name_column: str,
    values_path: Path | None,
    column: str | None,
    zonage_path: Path | None,
    cpts_path: Path | None,
    msp_path: Path | None,
    scheme: str,
    k: int | None,
    output: Path,
    self_contained: bool,
    basemap: bool,
    png_path: Path | None,
    source: str | None,
    overwrite: bool,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """The ``map`` command (see :func:`map_command`)."""
    from ..errors import AccessMapError

    _refuse_map_outputs(kind, output, png_path, overwrite=overwrite)
    caption = None
    try:
        if demo and (departements or regions):
            raise click.UsageError(C.SELECTION_SANS_DEMO)
        if demo:
            click.echo(C.DEMO_CALCUL, err=True)
            inputs = demo_map_inputs()
            caption = "Territoire fictif"
            source = source or inputs["label"]
        else:
            inputs = _read_map_files(
                kind, communes_path, code_column, name_column, values_path, column, zonage_path, cpts_path,
                msp_path, departements, regions,
            )  # fmt: skip
        _check_map_inputs(kind, inputs)
        common: dict[str, Any] = {"basemap": "openstreetmap" if basemap else None, "caption": caption, "source": source}
        click.echo(C.construction_carte(carte=kind), err=True)
        m = _build_map(kind, inputs, scheme=scheme, k=k, common=common)
        _write_map(
            m, kind, inputs, output, png_path, self_contained=self_contained, basemap=basemap, scheme=scheme, k=k,
            source=source,
        )  # fmt: skip
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc


def _refuse_map_outputs(kind: str, output: Path, png_path: Path | None, *, overwrite: bool) -> None:
    """Phase 1: refuse a PNG for a map that has none, an output that is an input, an existing output."""
    if png_path is not None and kind not in ("apl", "zoning"):
        raise click.UsageError(C.PNG_APL_ZONAGE)
    from ._outputs import refuse_inputs_as_outputs

    refuse_inputs_as_outputs([output, png_path], exclude=["output", "png_path"])
    for target in (output, png_path):
        if target is not None and target.exists() and not overwrite:
            raise click.UsageError(C.carte_existe(chemin=target))


def _read_map_files(
    kind: str,
    communes_path: Path | None,
    code_column: str,
    name_column: str,
    values_path: Path | None,
    column: str | None,
    zonage_path: Path | None,
    cpts_path: Path | None,
    msp_path: Path | None,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
) -> dict[str, Any]:
    """Phase 2 (without ``--demo``): read the given files (communes, values, zoning, CPTS, MSP), in that order."""
    from ..csv_format import restore_formulas

    if communes_path is None and kind != "msp":
        raise click.UsageError(C.COMMUNES_OU_DEMO)
    inputs: dict[str, Any] = {}
    if communes_path is not None:
        selection = selection_from_options(departements, regions)
        inputs["communes"] = _read_communes(communes_path, code_column, name_column, selection)
    if values_path is not None:
        key = "apl" if kind in ("apl", "deployment") else "zonage"
        inputs[key] = _read_values(values_path, column, what="apl" if key == "apl" else "zonage")
    if zonage_path is not None:
        inputs["zonage"] = _read_values(zonage_path, "zonage", what="zonage")
    if communes_path is not None and (departements or regions):
        for key in ("apl", "zonage"):
            if key in inputs:
                inputs[key] = _within_selection(inputs[key], inputs["communes"])
    if cpts_path is not None:
        from ..readers.cpts import read_cpts  # the reader of `access-map cpts`: same statuses, same checks

        cpts = read_cpts(cpts_path)
        for name in ("id_cpts", "nom_cpts"):  # a formula-like name written by write_csv, as it was
            cpts[name] = restore_formulas(cpts[name])
        inputs["cpts"] = cpts
    if msp_path is not None:
        inputs["msp"] = _read_msp(msp_path, inputs.get("communes"))
    return inputs


def _check_map_inputs(kind: str, inputs: dict[str, Any]) -> None:
    """Phase 3: refuse a map whose inputs are missing, naming the options that give them."""
    needed = {"apl": ["apl"], "zoning": ["zonage"], "cpts": ["cpts"], "msp": ["msp"], "deployment": []}[kind]
    missing = [n for n in needed if n not in inputs]
    if missing:
        option = {"apl": "--values", "zonage": "--zonage (or --values)", "cpts": "--cpts", "msp": "--msp"}
        raise click.UsageError(C.carte_entrees_manquantes(carte=kind, options=[option[n] for n in missing]))


def _build_map(kind: str, inputs: dict[str, Any], *, scheme: str, k: int | None, common: dict[str, Any]) -> Any:
    """Phase 4: the folium map of ``kind``."""
    from .. import maps

    if kind == "apl":
        return maps.apl_map(inputs["communes"], inputs["apl"], scheme=scheme, k=k, **common)
    if kind == "zoning":
        return maps.zoning_map(inputs["communes"], inputs["zonage"], **common)
    if kind == "cpts":
        return maps.cpts_map(inputs["communes"], inputs["cpts"], **common)
    if kind == "msp":
        return maps.msp_map(inputs["msp"], communes_gdf=inputs.get("communes"), **common)
    return maps.deployment_map(
        inputs["communes"],
        apl=inputs.get("apl"),
        zonage=inputs.get("zonage"),
        cpts_long=inputs.get("cpts"),
        msp_gdf=inputs.get("msp"),
        scheme=scheme,
        k=k,
        **common,
    )


def _write_map(
    m: Any,
    kind: str,
    inputs: dict[str, Any],
    output: Path,
    png_path: Path | None,
    *,
    self_contained: bool,
    basemap: bool,
    scheme: str,
    k: int | None,
    source: str | None,
) -> None:
    """Phase 5: the HTML page and the static image, all or nothing, then the lines naming them."""
    from .. import maps
    from .._atomic import atomic_path

    # all or nothing: the page is rendered in memory and only moved into place once the image (if any) is written
    page = maps.render_html(m, self_contained=self_contained, basemap=basemap)
    with atomic_path(output) as tmp_page:
        tmp_page.write_text(page, encoding="utf-8")
        if png_path is not None:
            column_name = "apl" if kind == "apl" else "zonage"
            values = inputs[column_name].reindex(inputs["communes"].index)
            static = maps.static_map(
                inputs["communes"].assign(**{column_name: values}),
                column_name,
                kind="apl" if kind == "apl" else "zoning",
                path=png_path,
                scheme=scheme,
                k=k,
                source=source,
            )
    click.echo(C.carte_ecrite(chemin=output, megaoctets=output.stat().st_size / 1e6))
    if png_path is not None:
        click.echo(C.image_ecrite(chemin=static))
