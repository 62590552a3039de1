"""``access-map cpts`` and ``access-map msp``: CPTS coverage and MSP disparities as tidy CSV tables.

Thin layer over :mod:`access_map.cpts`, :mod:`access_map.msp` and :mod:`access_map.inequality`:
it reads the files with the package readers, calls the library and writes each table
atomically (temporary file + ``os.replace``). Library warnings (unknown communes,
duplicates...) are shown once each on stderr and listed in ``anomalies_cpts.csv`` / ``anomalies_msp.csv``: the two
commands may write into one folder without replacing each other's files.

Examples
--------
>>> from click.testing import CliRunner
>>> from access_map.cli import main
>>> "id_cpts;nom_cpts;statut;date_signature_aci;code_commune" in CliRunner().invoke(main, ["cpts", "--help"]).output
True
>>> "--barometre" in CliRunner().invoke(main, ["msp", "--help"]).output
True
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

import click
import pandas as pd

from ..errors import AccessMapError
from ..messages import cli as C
from ..outputs.files import files_written_together
from ._barometre import (
    barometre_options,
    cpts_from_barometre,
    msp_from_barometre,
    refuse_barometre_file,
    refuse_options,
)
from ._french import FrenchCommand
from ._options import echo_warnings, selection_options

#: The table of dropped rows and warnings of each command (distinct names: one folder may hold both).
ANOMALIES_CPTS = "anomalies_cpts.csv"
ANOMALIES_MSP = "anomalies_msp.csv"

_REASONS_FR = {
    "other category": "autre catégorie FINESS (non comptée)",
    "duplicated FINESS number": "numéro FINESS en double",
    "commune code unknown": "code commune inconnu",
}

_BETWEEN = {"region": "entre régions", "departement": "entre départements"}

_COMMUNES_HELP = "Communes et populations (populations légales INSEE, CSV ou GeoPackage ; voir Entrées)."

_INPUTS_COMMUNES = """  --communes  populations légales INSEE : REG;DEP;COM;PMUN;PCAP;PTOT (population
              municipale PMUN utilisée) ; ou CSV code_commune;population
              [;code_departement;code_region] ; ou GeoPackage ADMIN EXPRESS, couche
              commune (INSEE_COM, INSEE_DEP, INSEE_REG, POPULATION)
  --zoning    code_commune;libelle_commune;code_tvs;zonage (ZIP/ZAC/ZV/HV ou codes
              DREES 1_ZIP ... 8_GQ_ZIP)"""


# ----------------------------------------------------------------------------- helpers
def _load_communes(path: Path, selection: Any = None) -> pd.DataFrame:
    """The commune reference of ``--communes`` (the library's one commune loader), restricted to the selection."""
    from ..territory import IN_TERRITORY, read_commune_table, select_communes

    communes = read_commune_table(path)
    if selection:
        communes = select_communes(communes, selection).drop(columns=IN_TERRITORY)
    return communes


def _load_geometry(path: Path | None, communes: pd.DataFrame) -> Any:
    if path is None:
        return communes if hasattr(communes, "geometry") and "geometry" in communes.columns else None
    from ..readers.ign import read_contours

    gdf = read_contours(path, level="commune")
    gdf = gdf.drop(columns=[c for c in ("population",) if c in gdf.columns])
    return gdf.join(communes[["population"]], how="inner")


def _territories(path: Path | None, level: str) -> Any:
    from ..territory import read_admin_layer

    return read_admin_layer(path, level) if path is not None else None


def _in_selection(
    table: pd.DataFrame, communes: pd.DataFrame, departements: tuple[str, ...], regions: tuple[str, ...]
) -> pd.DataFrame:
    """Rows of the selected communes only, when --departement/--region is given (a selection, not an anomaly)."""
    if not (departements or regions) or "code_commune" not in table.columns:
        return table
    from .._validate import normalize_insee_codes

    return table[normalize_insee_codes(table["code_commune"]).isin(communes.index).to_numpy()]


def _load_zoning(path: Path | None) -> pd.DataFrame | None:
    if path is None:
        return None
    from ..readers.zonage import read_zoning

    return read_zoning(path)


def _levels(communes: pd.DataFrame) -> list[str]:
    levels = ["nation"]
    if "code_region" in communes.columns:
        levels.append("region")
    if "code_departement" in communes.columns:
        levels.append("departement")
    return levels


def _check_targets(out: Path, names: Iterable[str], overwrite: bool) -> None:
    from ._outputs import refuse_inputs_as_outputs

    names = list(names)
    refuse_inputs_as_outputs([out / n for n in names], exclude=["out"])
    existing = [n for n in names if (out / n).exists()]
    if existing and not overwrite:
        raise click.UsageError(C.sorties_existantes(nombre_fichiers=len(existing), dossier=out, fichiers=existing[:5]))


def _write_csv(table: pd.DataFrame, path: Path, *, index: bool) -> None:
    from ..csv_format import write_csv

    write_csv(table, path, index=index)


def _write_gpkg(gdf: Any, path: Path, *, layer: str) -> None:
    from .._atomic import atomic_path

    frame = gdf.copy()
    for col in frame.columns:
        if str(frame[col].dtype) == "Int64":
            frame[col] = frame[col].astype("float64")
    with atomic_path(path) as tmp:
        frame.reset_index().to_file(tmp, layer=layer, driver="GPKG")


def _run(steps: list[tuple[str, Callable[[], None]]], *, progress: bool, label: str) -> None:
    if not progress:
        for _, step in steps:
            step()
        return
    with click.progressbar(steps, label=label, item_show_func=lambda s: s[0] if s else None, file=None) as bar:
        for _, step in bar:
            step()


def _parse_dates(values: tuple[str, ...]) -> list[pd.Timestamp]:
    out = []
    for v in values:
        try:
            out.append(pd.Timestamp(v))
        except (ValueError, TypeError) as exc:
            raise click.BadParameter(C.date_illisible(valeur=v), param_hint="--date") from exc
    return out


_COMMON = [
    click.option(
        "--communes", "communes_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=_COMMUNES_HELP
    ),
    click.option(
        "--zoning",
        "zoning_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Zonage médecins par commune (voir Entrées) : ventilation par classe.",
    ),
    click.option(
        "--date",
        "dates",
        multiple=True,
        metavar="AAAA-MM-JJ",
        help="Date d'observation (répétable) : tableau d'évolution à ces dates.",
    ),
    click.option(
        "--out",
        "out",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Dossier de sortie (créé si besoin).",
    ),
    click.option("--overwrite", is_flag=True, help="Remplacer les fichiers de sortie existants."),
    click.option("--progress/--no-progress", default=True, show_default=True, help="Afficher la progression."),
    selection_options,
]


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(_COMMON):
        func = opt(func)
    return func


# ----------------------------------------------------------------------------- cpts
@click.command("cpts", cls=FrenchCommand, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--cpts",
    "cpts_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Liste des CPTS, une ligne par (CPTS, commune) ; voir Entrées.",
)
@barometre_options
@_common
@click.option(
    "--geometry",
    "geometry_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Contours des communes (ADMIN EXPRESS GeoPackage ou GeoJSON) : écrit cpts_perimetres.gpkg "
    "(et couverture_departement/region.gpkg si le GeoPackage a ces couches).",
)
@click.option("--signed-only", is_flag=True, help="Ne compter que les CPTS sous contrat ACI signé.")
@click.option(
    "--target",
    "target_percent",
    type=float,
    default=100.0,
    show_default=True,
    help="Cible de couverture en % de la population (COG 2023-2027 : 100 %).",
)
@click.option(
    "--bound-in-lower-class",
    is_flag=True,
    help="Une population égale à un seuil (40 000, 80 000, 175 000) va dans la classe inférieure "
    "(par défaut : supérieure, « taille 1 < 40 000 »).",
)
def cpts_command(
    cpts_path: Path | None,
    barometre_path: Path | None,
    population_specs: tuple[str, ...],
    departements_contours: Path | None,
    regions_contours: Path | None,
    communes_path: Path | None,
    zoning_path: Path | None,
    dates: tuple[str, ...],
    out: Path,
    overwrite: bool,
    progress: bool,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
    geometry_path: Path | None,
    signed_only: bool,
    target_percent: float,
    bound_in_lower_class: bool,
) -> None:
    """Couverture de la population par les CPTS : d'une liste de CPTS, ou du Baromètre de l'action publique.

    \b
    Entrées :
      --cpts      id_cpts;nom_cpts;statut;date_signature_aci;code_commune
                  (une ligne par commune couverte ; statut : projet, pré-projet,
                  contrat ACI signé ; date AAAA-MM-JJ ou JJ/MM/AAAA, vide si non signé)
    {communes}
      --barometre au lieu de --cpts et --communes : ind-589.csv du Baromètre (% de la
                  population couverte par une CPTS, par département, région et France)
                  avec --population 2021-01-01=pop_2021.csv ... (populations légales
                  datées : chaque date prend le dernier millésime antérieur, sinon le
                  plus ancien)

    \b
    Avec --barometre, sorties dans --out :
      couverture_departement.csv   valeur publiée par département et date, population,
                                   population couverte
      couverture_region.csv        par région et date : valeur publiée, valeur reconstituée
      couverture_nation.csv        à partir des départements (moyenne pondérée par la
                                   population), écart, valeur retenue et sa source
      carte_couverture_departements.html  à la dernière date des départements
                                   (--departements-contours)
      carte_couverture_regions.html  à la même date : régions publiées ou reconstituées
                                   (--regions-contours)
      evolution_couverture_regions.png  évolution, un graphique par région
      anomalies_cpts.csv           avertissements (dates différentes selon le niveau...)
    Les dernières dates diffèrent selon le niveau (régions : décembre 2023 ; départements et
    France : mai 2024) : les cartes et tableaux le disent et donnent les régions reconstituées
    à la date commune.

    Les codes commune absents du fichier --communes sont écartés et signalés (anomalies_cpts.csv) ;
    les lignes en double sont comptées une fois ; une CPTS sans commune connue est signalée.
    Taille ACI : 1 < 40 000 hab. ; 2 : 40 000-80 000 ; 3 : 80 000-175 000 ; 4 > 175 000.

    \b
    Sorties (CSV : séparateur « ; », virgule décimale, UTF-8) dans --out :
      cpts.csv                     une ligne par CPTS : communes, population, taille ACI (1-4),
                                   population partagée avec une autre CPTS
      couverture_<niveau>.csv      par nation, région, département : population couverte (chaque
                                   habitant compté une fois), %, écart à la cible (points, habitants)
      communes_couverture.csv      chaque commune : nombre de CPTS, couverte ou non
      chevauchements.csv           communes dans plusieurs CPTS
      zones_blanches.csv           communes sans CPTS (avec leur zonage si --zoning)
      zones_blanches_zonage.csv    population non couverte par classe de zonage (si --zoning)
      evolution.csv                couverture à chaque --date (CPTS signées à cette date)
      anomalies_cpts.csv           codes commune inconnus, doublons, CPTS sans commune
      cpts_perimetres.gpkg         périmètres dissous (si contours disponibles)
    """
    from .. import cpts as C
    from ..messages import barometre as baro
    from ._coverage_run import (
        _cpts_output_names,
        _CptsOptions,
        _echo_cpts_summary,
        _read_cpts_inputs,
        _write_cpts_anomalies,
        _write_cpts_tables,
    )

    if (cpts_path is None) == (barometre_path is None):
        raise click.UsageError(baro.options_exclusives(first="--cpts", second="--barometre"))
    if barometre_path is not None:
        refuse_options(
            {"--communes": communes_path is not None, "--zoning": zoning_path is not None,
             "--geometry": geometry_path is not None, "--signed-only": signed_only,
             "--target": target_percent != 100.0, "--bound-in-lower-class": bound_in_lower_class,
             "--departement": bool(departements), "--region": bool(regions)},
            barometre=True,
        )  # fmt: skip
        cpts_from_barometre(
            barometre_path, population_specs, dates=dates, out=out, overwrite=overwrite,
            departements_contours=departements_contours, regions_contours=regions_contours, progress=progress,
        )  # fmt: skip
        return
    refuse_options(
        {"--population": bool(population_specs), "--departements-contours": departements_contours is not None,
         "--regions-contours": regions_contours is not None},
        barometre=False,
    )  # fmt: skip
    cpts_file = cast(Path, cpts_path)  # --cpts or --barometre was required above
    refuse_barometre_file(None, cpts_file, option="--cpts")
    if communes_path is None:
        raise click.UsageError(baro.cpts_sans_communes())
    when = _parse_dates(dates)
    statuses = C.SIGNED if signed_only else None
    size_classes = C.SizeClasses.aci_2019(lower_inclusive=not bound_in_lower_class)
    out.mkdir(parents=True, exist_ok=True)
    final = out  # the tables are written in a staging folder, put in place together at the end
    try:
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            with files_written_together(final) as out:
                inputs = _read_cpts_inputs(cpts_file, communes_path, zoning_path, geometry_path, departements, regions)
                _check_targets(final, _cpts_output_names(inputs, dated=bool(when)), overwrite)
                _, _, report = C.check_cpts(inputs.cpts, inputs.communes, source=str(cpts_file))
                options = _CptsOptions(
                    when=when,
                    statuses=statuses,
                    size_classes=size_classes,
                    target_percent=target_percent,
                    geometry_path=geometry_path,
                )
                _write_cpts_tables(inputs, options, out, progress=progress)
                _write_cpts_anomalies(report, echo_warnings(rec), out)
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    _echo_cpts_summary(final)


# ----------------------------------------------------------------------------- msp
def _load_structures(path: Path) -> pd.DataFrame:
    from ..readers._io import open_bytes

    with open_bytes(path) as fh:  # the first bytes only (a 1 GB line is not read to find the header)
        first = fh.read(64).decode("latin-1").strip().lower()
    if first.startswith("finess;etalab"):
        from ..readers.finess import read_finess

        return pd.DataFrame(read_finess(path, categories=None))
    from ..readers._io import read_table

    table, _, _ = read_table(path, source=str(path))
    refuse_barometre_file(table, path, option="--structures")
    return table


@click.command("msp", cls=FrenchCommand, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--structures",
    "structures_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Établissements : extraction FINESS etalab ou CSV simple ; voir Entrées.",
)
@barometre_options
@_common
@click.option(
    "--category",
    "categories",
    multiple=True,
    default=("603",),
    show_default=True,
    help="Catégorie(s) FINESS comptée(s) (répétable) : 603 MSP, 124 centre de santé.",
)
@click.option(
    "--times",
    "times_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Distancier commune → commune (voir Entrées) : population à moins de --max-minutes.",
)
@click.option("--max-minutes", type=float, default=None, help="Seuil d'accès en minutes (obligatoire avec --times).")
def msp_command(
    structures_path: Path | None,
    barometre_path: Path | None,
    population_specs: tuple[str, ...],
    departements_contours: Path | None,
    regions_contours: Path | None,
    communes_path: Path | None,
    zoning_path: Path | None,
    dates: tuple[str, ...],
    out: Path,
    overwrite: bool,
    progress: bool,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
    categories: tuple[str, ...],
    times_path: Path | None,
    max_minutes: float | None,
) -> None:
    """Disparités de l'offre en MSP (ou centres de santé) : nombre et taux pour 100 000 habitants.

    \b
    Entrées :
      --structures  extraction FINESS etalab (1re ligne « finess;etalab;... ») ou CSV
                    finess;nom;code_commune;categorie;date_ouverture
                    (catégories FINESS : 603 MSP, 124 centre de santé, 604 CPTS)
      --times       origin,destination,minutes (commune de résidence -> commune de la
                    structure ; une ligne par couple, 0 minute pour la commune elle-même)
      --barometre   fichiers ind-XXX.csv du Baromètre (indic_id, enforce_zone_id,
                    metric_enforce_date, maille, indic_vi, indic_va, indic_vc, indic_ta) avec
                    --population 2019-01-01=pop_2019.csv ... (populations légales, REG;DEP;COM;PMUN) :
                    chaque date prend le dernier millésime antérieur (sinon le plus ancien)
    {communes}

    Avec --date, une structure compte à partir de sa date d'ouverture (sans date : écartée
    des comptes datés et signalée) ; zonage et accès sont calculés à la dernière date.

    \b
    Sorties (CSV : séparateur « ; », virgule décimale, UTF-8) dans --out :
      structures_<niveau>.csv   par nation, région, département : nombre, population, pour 100 000 hab.
                                (une ligne par territoire et par --date si des dates sont données)
      inegalites.csv            Gini, Theil, coefficient de variation, max/min, P90/P10 entre
                                départements, entre régions et entre départements de chaque région
      zonage.csv                part des structures et de la population desservie par classe (si --zoning)
      acces_<niveau>.csv        population à moins de --max-minutes d'une structure (si --times)
      temps_acces_communes.csv  temps vers la structure la plus proche, par commune (si --times)
      anomalies_msp.csv         lignes écartées (autre catégorie, commune inconnue, doublon FINESS)

    \b
    Avec --barometre, en plus (ni zonage ni accès : ce sont des agrégats) :
      controle_departements_regions.csv  somme des départements et valeur publiée de la région
      carte_structures_departements.html  pour 100 000 hab., dernière date (--departements-contours)
      carte_structures_regions.html       idem par région (--regions-contours)
      evolution_structures_regions.png    évolution pour 100 000 hab., un graphique par région
    """
    from .. import msp as M
    from ..messages import barometre as baro
    from ._coverage_run import (
        _echo_msp_summary,
        _msp_output_names,
        _MspOptions,
        _read_msp_inputs,
        _write_msp_anomalies,
        _write_msp_tables,
    )

    if (structures_path is None) == (barometre_path is None):
        raise click.UsageError(baro.options_exclusives(first="--structures", second="--barometre"))
    if barometre_path is not None:
        refuse_options(
            {"--communes": communes_path is not None, "--zoning": zoning_path is not None,
             "--times": times_path is not None, "--max-minutes": max_minutes is not None,
             "--departement": bool(departements), "--region": bool(regions)},
            barometre=True,
        )  # fmt: skip
        msp_from_barometre(
            barometre_path, population_specs, categories=categories, dates=dates, out=out, overwrite=overwrite,
            departements_contours=departements_contours, regions_contours=regions_contours,
        )  # fmt: skip
        return
    refuse_options(
        {"--population": bool(population_specs), "--departements-contours": departements_contours is not None,
         "--regions-contours": regions_contours is not None},
        barometre=False,
    )  # fmt: skip
    if communes_path is None:
        raise click.UsageError(C.COMMUNES_AVEC_STRUCTURES)
    if times_path is not None and max_minutes is None:
        raise click.UsageError(C.MAX_MINUTES_AVEC_TIMES)
    when = _parse_dates(dates)
    cats = list(categories)
    out.mkdir(parents=True, exist_ok=True)
    final = out  # the tables are written in a staging folder, put in place together at the end
    try:
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            with files_written_together(final) as out:
                inputs = _read_msp_inputs(
                    cast(Path, structures_path), communes_path, zoning_path, times_path, departements, regions
                )  # --structures or --barometre was required above
                _check_targets(final, _msp_output_names(inputs), overwrite)
                _, report = M.check_structures(
                    inputs.structures, inputs.communes, categories=cats, source=str(structures_path)
                )
                options = _MspOptions(when=when, cats=cats, max_minutes=max_minutes)
                tables = _write_msp_tables(inputs, options, out, progress=progress)
                _write_msp_anomalies(report, echo_warnings(rec), out)
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    _echo_msp_summary(tables["nation"], options, final)


for _cmd in (cpts_command, msp_command):
    _cmd.help = inspect.cleandoc(_cmd.help or "").replace("{communes}", _INPUTS_COMMUNES.strip("\n"))

__all__ = ["cpts_command", "msp_command"]
