"""The one loader of a territory from its files: :func:`load_territory`.

The refresh, the demo (:func:`access_map.datasets.load_demo`) and the CLI commands read a territory
here, so the same files give the same tables everywhere. Sources are named by the keys of
:data:`SOURCE_KEYS` (the ``[sources]`` of a refresh configuration).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .._validate import describe_values
from ..communes import CODE
from ..errors import AccessMapError, SourceError
from ..messages import territory as T
from ..readers._io import PathLike, SourceWarning, reads_input
from .communes import check_reference, commune_reference, read_commune_inputs
from .points import read_commune_points
from .selection import IN_TERRITORY, TerritorySelection, partial_regions, select_communes

__all__ = ["SOURCE_KEYS", "SOURCE_HELP", "Territory", "load_territory", "read_practitioners", "read_admin_layer"]

logger = logging.getLogger(__name__)

#: Input files of a territory (all optional except what the chosen steps need), with what they hold.
SOURCE_HELP: dict[str, str] = {
    "communes": "commune contours: IGN ADMIN EXPRESS (GeoPackage/Shapefile) or etalab/france-geojson "
    "GeoJSON[.gz] (code or code_commune, nom)",
    "chefs_lieux": "commune points for the travel times: ADMIN EXPRESS chflieu_commune, comhisto cheflieu.geojson.gz "
    "or any point file with an INSEE code (default: the chflieu_commune layer of the contours, else a point "
    "inside each polygon)",
    "departement_contours": "department polygons for the maps (default: the departement layer of an ADMIN "
    "EXPRESS GeoPackage)",
    "region_contours": "region polygons (default: the region layer of an ADMIN EXPRESS GeoPackage)",
    "cog_communes": "INSEE COG commune list (TYPECOM, COM, DEP, REG, LIBELLE): department, region and name of "
    "communes the other files lack; use the vintage of the contours",
    "cog_departements": "INSEE COG department table (DEP, REG, CHEFLIEU, LIBELLE): names of the departments, "
    "their region and préfecture",
    "cog_regions": "INSEE COG region table (REG, CHEFLIEU, LIBELLE): names of the regions",
    "cog_movements": "INSEE COG commune events (mouvements_communes: MOD, DATE_EFF, COM_AV, COM_AP...): places "
    "communes of another COG vintage in the table d'appartenance",
    "appartenance": "INSEE table d'appartenance géographique (CODGEO, DEP, REG, CV, BV2012...): region of each "
    "commune and, without sources.tvs, the TVS proxy (bassins de vie split by canton-ville above 50,000 "
    "inhabitants)",
    "populations": "INSEE populations légales (REG, DEP, COM, PMUN...): population municipale per commune",
    "population_by_age": "INSEE population by five-year age band (pop-sexe-age-quinquennal): APL demand",
    "standardised_population": "DREES standardised population (GP APL demand), with standardised_population_year",
    "drees_apl": "DREES APL workbook (apl_generalistes_*.xlsx, sheet APL <drees_apl_year>): published APL (all ages "
    "and <= 65, columns apl, apl_65), standardised and total population per commune",
    "practitioners": "practitioners: the package activity CSV, an Annuaire santé PS_LibreAcces extraction or "
    "the 2017 RPPS layout (without activity: impute it, see [supply] impute_acts)",
    "msp": "FINESS etalab extraction: MSP (603) and centres de santé (124)",
    "cpts": "CPTS list, one row per (CPTS, commune)",
    "tvs": "TVS composition code_commune;code_tvs;libelle_tvs",
    "qpv": "QPV list code_qpv;libelle_qpv;code_commune;population",
    "zoning_caps": "regional zoning caps code_region;part_max_zip;part_max_zac",
    "previous_zoning": "zoning in force (ARS/DREES table, one row per commune)",
}
SOURCE_KEYS: tuple[str, ...] = tuple(SOURCE_HELP)

_COMMUNE_KEYS = (
    "communes",
    "populations",
    "cog_communes",
    "standardised_population",
    "population_by_age",
    "drees_apl",
    "appartenance",
)


@dataclass(frozen=True)
class Territory:
    """Validated inputs of a territory (the demo territory has every field).

    Attributes
    ----------
    label
        Name shown in maps and reports.
    communes
        Index ``code_commune``; ``nom``, ``code_departement``, ``code_region``, ``population``,
        :data:`~access_map.territory.selection.IN_TERRITORY` (``False`` for context communes kept
        only for the catchment computations), the polygons when contours were given.
    chefs_lieux
        Commune points (``None`` without contours or points).
    population_by_age, standardised_population
        APL demand inputs, when given (the standardised population comes from the DREES file, else the
        DREES APL workbook; it is also a column of ``communes``).
    practitioners
        Practitioner table (:data:`~access_map.schema.PRACTITIONER_COLUMNS`), when given.
    departements, regions, msp, cpts, tvs, qpv, previous_zoning, zoning_caps
        As read by their readers, when given. Without ``sources.tvs``, ``tvs`` is the bassin-de-vie proxy
        built from ``sources.appartenance`` (:func:`~access_map.zoning.tvs_from_bassins_de_vie`, with
        the COG events of ``sources.cog_movements``), its ``kind`` column saying so.
    departement_table, region_table
        Every department (index code: ``nom``, ``code_region``, ``cheflieu``) and region (``nom``,
        ``cheflieu``) known to the inputs, inside the selection or not: the COG tables
        (``sources.cog_departements``, ``sources.cog_regions``), else the department → region pairs of
        the commune files with the names of the department and region contours (NaN when no input
        names them).
    selection
        The departments/regions asked for (empty: every commune of the files).
    partial_regions
        Regions of which the selection keeps only some departments (region -> departments kept):
        their region-level figures cover those departments only.
    input_files
        Every file read (for provenance).
    """

    label: str
    communes: pd.DataFrame
    chefs_lieux: gpd.GeoDataFrame | None = None
    population_by_age: pd.DataFrame | None = None
    practitioners: pd.DataFrame | None = None
    standardised_population: pd.Series | None = None
    departements: gpd.GeoDataFrame | None = None
    regions: gpd.GeoDataFrame | None = None
    msp: gpd.GeoDataFrame | None = None
    cpts: pd.DataFrame | None = None
    tvs: pd.DataFrame | None = None
    qpv: pd.DataFrame | None = None
    previous_zoning: pd.DataFrame | None = None
    zoning_caps: pd.DataFrame | None = None
    departement_table: pd.DataFrame | None = None
    region_table: pd.DataFrame | None = None
    selection: TerritorySelection = TerritorySelection()
    input_files: tuple[Path, ...] = ()
    partial_regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def core(self) -> Territory:
        """The territory without its context communes (what outputs show).

        Examples
        --------
        >>> c = pd.DataFrame({"in_territory": [True, False]}, index=pd.Index(["33063", "24322"], name="code_commune"))
        >>> Territory(label="x", communes=c).core().communes.index.tolist()
        ['33063']
        """
        inside = self.communes[IN_TERRITORY].astype(bool) if IN_TERRITORY in self.communes else None
        if inside is None or bool(inside.all()):
            return self
        keep = self.communes.index[inside.to_numpy()]
        changes: dict[str, Any] = {"communes": self.communes.loc[keep]}
        for name in ("chefs_lieux", "population_by_age", "standardised_population", "tvs", "previous_zoning"):
            value = getattr(self, name)
            if value is not None:
                changes[name] = value[value.index.isin(keep)]
        for name in ("practitioners", "msp", "cpts", "qpv"):
            value = getattr(self, name)
            if value is not None:
                changes[name] = value[value[CODE].isin(keep).to_numpy()]
        for name, col in (("departements", "code_departement"), ("regions", "code_region")):
            value = getattr(self, name)
            if value is not None:
                changes[name] = value[value.index.isin(set(self.communes.loc[keep, col].astype(str)))]
        return replace(self, **changes)


@reads_input
def read_practitioners(
    path: PathLike,
    *,
    known_communes: Any = None,
    finess: pd.DataFrame | None = None,
    include_establishments: bool = False,
) -> pd.DataFrame:
    """Read a practitioner file of any supported layout, recognised by its header.

    * the package activity CSV (``identifiant_pp;code_commune;profession;actes;...``,
      :func:`access_map.readers.activity.read_practitioner_activity`);
    * an Annuaire santé ``PS_LibreAcces_Personne_activite`` extraction (``Identifiant PP|Code profession|...``,
      :func:`access_map.readers.annuaire_sante.read_annuaire_sante`; every profession kept);
    * the 2017 RPPS layout (``RPPS, ..., Specialite, Etablissement``,
      :func:`access_map.readers.annuaire_sante.read_rpps_2017`): activity in a FINESS establishment is left
      out, as in the DREES APL, unless ``include_establishments`` (counted in ``attrs["establishments"]``,
      stated by :func:`access_map.supply.establishment_note`).

    The last two publish no activity (``acts`` NaN): impute it (:func:`access_map.apl.impute_activity`)
    before a GP APL.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "rpps.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "RPPS,FINESS,RaisonSociale,Commune,LibCommune,CodePostal,Specialite,Etablissement\\n"
    ...     "1,,CABINET A,33063,Bordeaux,33000,Spécialiste en Médecine Générale,non\\n")
    >>> read_practitioners(p)[["practitioner_id", "code_commune", "acts"]].values.tolist()
    [['1', '33063', nan]]
    """
    from ..readers._io import normalize_label, read_table
    from ..readers.activity import ACTIVITY_COLUMNS, read_practitioner_activity
    from ..readers.annuaire_sante import read_annuaire_sante, read_rpps_2017
    from ..schema import PROFESSIONS

    head, _, _ = read_table(path, source=str(path))
    labels = {normalize_label(c) for c in head.columns}
    if {normalize_label(c) for c in ACTIVITY_COLUMNS} <= labels:
        return read_practitioner_activity(path, known_communes=known_communes)
    if {"identifiantpp", "codeprofession"} <= labels:
        return read_annuaire_sante(path, professions=PROFESSIONS, finess=finess, known_communes=known_communes)
    if {"rpps", "specialite", "etablissement"} <= labels:
        return read_rpps_2017(path, known_communes=known_communes, exclude_establishments=not include_establishments)
    raise SourceError(
        T.praticiens_format_inconnu(
            source=str(path),
            colonnes=describe_values(list(head.columns), max_shown=12),
            colonnes_activite=", ".join(ACTIVITY_COLUMNS),
        )
    )


def _resolve(files: Mapping[str, PathLike]) -> dict[str, Path]:
    unknown = sorted(set(files) - set(SOURCE_KEYS))
    if unknown:
        raise SourceError(T.cles_sources_inconnues(cles=describe_values(unknown), connues=", ".join(SOURCE_KEYS)))
    out = {k: Path(v) for k, v in files.items()}
    for key, path in out.items():
        if not path.exists():
            raise SourceError(T.source_introuvable(cle=key, chemin=str(path)))
    return out


def _points(f: dict[str, Path], communes: pd.DataFrame) -> tuple[gpd.GeoDataFrame | None, pd.Index, str]:
    """Chefs-lieux: the chefs_lieux file, else the chflieu layer of the contours, else points inside polygons.

    Communes without a point in the file get a point inside their polygon (or, without polygons, none);
    returns the points, those communes and the file, so that the caller warns about the communes it keeps.
    """
    from ..readers.ign import read_chefs_lieux

    none = pd.Index([], name=CODE)
    polygons = communes.geometry if isinstance(communes, gpd.GeoDataFrame) else None
    points: gpd.GeoDataFrame | None = None
    if "chefs_lieux" in f:
        points = read_commune_points(f["chefs_lieux"])
    elif "communes" in f and f["communes"].suffix.lower() in (".gpkg", "") and polygons is not None:
        try:
            points = read_chefs_lieux(f["communes"])
        except AccessMapError:  # no chef-lieu layer: points inside the polygons
            points = None
    if points is None:
        if polygons is None:
            return None, none, ""
        inside = gpd.GeoDataFrame({"nom": communes["nom"]}, geometry=polygons.representative_point(), crs=polygons.crs)
        return inside, none, ""
    source = str(f.get("chefs_lieux", f.get("communes")))
    points = points.to_crs(polygons.crs) if polygons is not None and points.crs != polygons.crs else points
    out = points.reindex(communes.index)
    lacking = out.geometry.isna()
    if lacking.any():
        if polygons is None:
            return gpd.GeoDataFrame(out[~lacking], geometry="geometry", crs=points.crs), out.index[lacking], source
        geom = out.geometry.copy()
        geom[lacking] = polygons[lacking].representative_point()
        out = out.set_geometry(geom)
    out["nom"] = communes["nom"]
    return gpd.GeoDataFrame(out[["nom", "geometry"]], geometry="geometry", crs=out.crs), out.index[lacking], source


def _warn_lacking_points(lacking: pd.Index, source: str, *, polygons: bool) -> None:
    if not len(lacking):
        return
    warnings.warn(
        T.chefs_lieux_manquants(
            n=len(lacking), source=source, polygones=polygons, exemples=describe_values(lacking[:5].tolist())
        ),
        SourceWarning,
        stacklevel=3,
    )


@reads_input
def read_admin_layer(path: PathLike, level: str) -> gpd.GeoDataFrame | None:
    """The ``departement`` or ``region`` layer of an ADMIN EXPRESS GeoPackage, ``None`` when it has none.

    Examples
    --------
    >>> from access_map.datasets.demo import demo_sources
    >>> read_admin_layer(demo_sources()["communes"], "departement").index.tolist()
    ['00', '96']
    >>> read_admin_layer(demo_sources()["populations"], "region") is None
    True
    """
    import pyogrio

    from ..readers._io import normalize_label, require_regular_file
    from ..readers.ign import read_contours

    require_regular_file(path)  # a device or a pipe is refused before GDAL looks into it
    if Path(path).suffix.lower() != ".gpkg":
        return None
    layers = {normalize_label(str(row[0])): str(row[0]) for row in pyogrio.list_layers(path)}
    if normalize_label(level) not in layers:
        return None
    return read_contours(path, level=level, layer=layers[normalize_label(level)])


def _admin_layers(f: dict[str, Path], key: str, level: str) -> gpd.GeoDataFrame | None:
    from ..readers.ign import read_contours

    if key in f:
        return read_contours(f[key], level=level)
    return read_admin_layer(f["communes"], level) if "communes" in f else None


def _other_sources(f: dict[str, Path], known: pd.Index, crs: Any, *, include_establishments: bool) -> dict[str, Any]:
    from ..readers.cpts import read_cpts
    from ..readers.finess import read_finess, structures_from_finess
    from ..readers.zonage import read_qpv, read_tvs, read_zoning, read_zoning_caps

    out: dict[str, Any] = {}
    finess = None
    if "msp" in f:
        finess = read_finess(f["msp"], categories=("603", "124"))
        msp = structures_from_finess(finess)
        out["msp"] = msp.to_crs(crs) if crs is not None and msp.crs != crs else msp
    if "practitioners" in f:
        out["practitioners"] = read_practitioners(
            f["practitioners"], known_communes=known, finess=finess, include_establishments=include_establishments
        )
    if "cpts" in f:
        out["cpts"] = read_cpts(f["cpts"], known_communes=known)
    if "tvs" in f:
        out["tvs"] = read_tvs(f["tvs"], known_communes=known)[["code_tvs", "libelle_tvs"]]
    if "qpv" in f:
        out["qpv"] = read_qpv(f["qpv"], known_communes=known)[["code_qpv", "libelle_qpv", "code_commune", "population"]]
    if "previous_zoning" in f:
        out["previous_zoning"] = read_zoning(f["previous_zoning"], known_communes=known)[["zonage"]]
    if "zoning_caps" in f:
        out["zoning_caps"] = read_zoning_caps(f["zoning_caps"])[["zip_cap_share", "zac_cap_share"]]
    return out


def load_territory(
    files: Mapping[str, PathLike],
    *,
    label: str = "",
    selection: TerritorySelection | None = None,
    standardised_population_year: int | None = None,
    drees_apl_year: int | None = None,
    crs: Any = 2154,
    tables: Mapping[str, pd.DataFrame] | None = None,
    include_establishments: bool = False,
) -> Territory:
    """Read and validate a territory from its files (keys of :data:`SOURCE_KEYS`).

    Parameters
    ----------
    files
        Source key → path. The communes come from ``communes`` (contours), else ``populations``,
        ``standardised_population`` or ``cog_communes`` (see :mod:`access_map.territory.communes`).
    label
        Name of the territory in maps and reports.
    selection
        Departments/regions to keep (default: every commune of the files); communes within ``selection.margin_km`` of them are kept as
        context (``in_territory = False``). Rows of the other files outside the kept communes are
        left out as a selection (logged, not reported as lost data).
    standardised_population_year
        Year to read from a DREES standardised-population file holding several.
    drees_apl_year
        Sheet ``APL <year>`` to read from a DREES APL workbook (``sources.drees_apl``) holding several.
    crs
        CRS of the polygons and points (Lambert-93 by default; ``None`` keeps the file's CRS).
    tables
        Commune inputs already read by their reader, by source key (e.g. the ``drees_apl`` sheet the
        published atlas has read with the other sheets), used instead of reading the file again.
    include_establishments
        Keep the activity in FINESS establishments of a 2017 RPPS practitioner file (left out by default,
        as in the DREES APL; see :func:`read_practitioners`).

    Returns
    -------
    Territory

    Examples
    --------
    >>> from access_map.datasets.demo import demo_sources
    >>> t = load_territory(demo_sources(), selection=TerritorySelection(departements=("96",), margin_km=0))
    >>> sorted(set(t.communes["code_departement"])), t.chefs_lieux.crs.to_epsg()
    (['96'], 2154)
    """
    selection = selection if selection is not None else TerritorySelection()
    f = _resolve(files)
    inputs = read_commune_inputs(
        {k: f[k] for k in _COMMUNE_KEYS if k in f},
        standardised_population_year=standardised_population_year,
        drees_apl_year=drees_apl_year,
        tables=tables,
    )
    reference = commune_reference(inputs, check=False)
    if crs is not None and isinstance(reference, gpd.GeoDataFrame) and reference.crs != crs:
        reference = reference.to_crs(crs)
    points, lacking, points_source = _points(f, reference)
    if points is not None and crs is not None and points.crs != crs:
        points = points.to_crs(crs)
    communes = select_communes(reference, selection, points=points)
    kept = communes.index
    _warn_lacking_points(lacking.intersection(kept), points_source, polygons=isinstance(reference, gpd.GeoDataFrame))
    check_reference(reference, keep=kept)  # regions and populations are needed for the communes kept only
    if selection:
        logger.info("%s: %d commune(s) kept of %d", selection.describe(), len(kept), len(reference))
    by_age = inputs.get("population_by_age")
    # unknown communes are reported against the whole files; rows outside the selection are then left out
    sources = _other_sources(f, reference.index, crs, include_establishments=include_establishments)
    movements = _movements(f)
    appartenance = inputs.get("appartenance")
    if "tvs" not in sources and appartenance is not None:
        sources["tvs"] = _tvs_proxy(appartenance, reference["population"], movements)
    others = {k: _restrict(v, kept) for k, v in sources.items()}
    departement_contours = _admin_layers(f, "departement_contours", "departement")
    region_contours = _admin_layers(f, "region_contours", "region")
    return Territory(
        label=label,
        communes=communes,
        chefs_lieux=None if points is None else points.reindex(kept).dropna(subset=["geometry"]),
        population_by_age=None if by_age is None else by_age[by_age.index.isin(kept)],
        standardised_population=None
        if "standardised_population" not in communes
        else communes["standardised_population"].astype(float),
        departements=_restrict_admin(departement_contours, communes, "code_departement", crs),
        regions=_restrict_admin(region_contours, communes, "code_region", crs),
        departement_table=_departement_table(f, reference, departement_contours),
        region_table=_region_table(f, reference, region_contours),
        selection=selection,
        input_files=tuple(sorted(f.values())),
        partial_regions=partial_regions(reference, selection),
        **others,
    )


def _movements(f: dict[str, Path]) -> pd.DataFrame | None:
    from ..cog import read_cog_movements

    return read_cog_movements(f["cog_movements"]) if "cog_movements" in f else None


def _tvs_proxy(appartenance: pd.DataFrame, population: pd.Series, movements: pd.DataFrame | None) -> pd.DataFrame:
    """The bassin-de-vie TVS proxy of the reference communes (``kind`` says how each TVS was built)."""
    from ..zoning.bassins import tvs_from_bassins_de_vie

    proxy = tvs_from_bassins_de_vie(appartenance, population=population, movements=movements)
    return proxy[["code_tvs", "libelle_tvs", "kind"]].assign(kind=proxy["kind"].astype(object))


def _departement_table(
    f: dict[str, Path], reference: pd.DataFrame, contours: gpd.GeoDataFrame | None
) -> pd.DataFrame | None:
    """Every department: the COG table, else the pairs of the commune files named by the contours."""
    from ..readers.insee import read_cog_departements

    if "cog_departements" in f:
        return pd.DataFrame(read_cog_departements(f["cog_departements"])[["nom", "code_region", "cheflieu"]])
    if "code_region" not in reference.columns:
        return None
    pairs = reference[["code_departement", "code_region"]].dropna().drop_duplicates("code_departement")
    table = pairs.set_index("code_departement").sort_index()
    table.index.name = "code"
    names = contours["nom"] if contours is not None and "nom" in contours.columns else pd.Series(dtype=object)
    table.insert(0, "nom", names.reindex(table.index).to_numpy())
    table["cheflieu"] = (
        contours["cheflieu"].reindex(table.index).to_numpy()
        if contours is not None and "cheflieu" in contours.columns
        else np.nan
    )
    return table


def _region_table(
    f: dict[str, Path], reference: pd.DataFrame, contours: gpd.GeoDataFrame | None
) -> pd.DataFrame | None:
    """Every region: the COG table, else the regions of the commune files named by the contours."""
    from ..readers.insee import read_cog_regions

    if "cog_regions" in f:
        return pd.DataFrame(read_cog_regions(f["cog_regions"])[["nom", "cheflieu"]])
    if "code_region" not in reference.columns:
        return None
    codes = sorted(set(reference["code_region"].dropna().astype(str)))
    names = contours["nom"] if contours is not None and "nom" in contours.columns else pd.Series(dtype=object)
    return pd.DataFrame(
        {"nom": names.reindex(codes).to_numpy(), "cheflieu": np.nan}, index=pd.Index(codes, name="code")
    )


def _restrict(value: Any, kept: pd.Index) -> Any:
    if value is None or not isinstance(value, pd.DataFrame) or value.index.name == "code_region":
        return value
    if CODE in value.columns:
        return value[value[CODE].isin(kept).to_numpy()]
    if value.index.name == CODE:
        return value[value.index.isin(kept)]
    return value


def _restrict_admin(
    layer: gpd.GeoDataFrame | None, communes: pd.DataFrame, column: str, crs: Any
) -> gpd.GeoDataFrame | None:
    if layer is None:
        return None
    layer = layer.to_crs(crs) if crs is not None and layer.crs != crs else layer
    return layer[layer.index.isin(set(communes[column].astype(str)))]
