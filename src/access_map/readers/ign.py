"""Readers for administrative boundaries: IGN ADMIN EXPRESS and etalab / france-geojson contours.

* IGN ADMIN EXPRESS (GeoPackage with layers ``commune``, ``departement``, ``region``,
  ``chflieu_commune``; or the Shapefiles ``COMMUNE.shp``, ``DEPARTEMENT.shp``,
  ``REGION.shp``, ``CHFLIEU_COMMUNE.shp``). Fields ``INSEE_COM``, ``NOM`` (``NOM_COM`` in
  older editions), ``INSEE_DEP``, ``INSEE_REG``, ``POPULATION``; any case.
* etalab ``contours-administratifs`` / ``gregoiredavid/france-geojson`` GeoJSON with
  properties ``code`` and ``nom``.
* Chef-lieu points: the ADMIN EXPRESS ``chflieu_commune`` layer (``INSEE_COM``, ``NOM``)
  or the ``comhisto`` export ``cheflieu.geojson`` (``cinsee0``, ``cinseea``, ``dlnom``).

Outputs are GeoDataFrames indexed by ``code_commune`` (communes, chefs-lieux) or
``code`` (departments, regions), with ``nom``, ``code_departement`` and
``code_region`` where the source gives them, and the geometry in the CRS of the file
(pass ``to_crs=2154`` to reproject). Dropped rows (no geometry, malformed code) are
counted in ``gdf.attrs["drop_report"]`` and raise a
:class:`~access_map.readers._io.SourceWarning`. Invalid geometries (self-intersections
in simplified contours) are kept as they are and counted in
``gdf.attrs["invalid_geometries"]``; repair them with ``gdf.make_valid()`` if needed.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from .._validate import DropReport, check_crs_bounds, describe_values, normalize_insee_codes
from ..communes import CODE, validate_communes
from ..errors import AmbiguousColumnError, InvalidCodeError, InvalidValueError, MissingColumnError, SourceError
from ..messages import readers as R
from ._io import finish, normalize_label, reads_input, refuse_contradicting_departments, require_regular_file

__all__ = [
    "LEVELS",
    "read_admin_express",
    "read_geojson_contours",
    "read_contours",
    "read_chefs_lieux",
]

logger = logging.getLogger(__name__)

PathLike = str | os.PathLike

#: Administrative levels handled by the boundary readers (``arrondissement_municipal``: Paris,
#: Lyon, Marseille, indexed by ``code_commune`` like communes, with ``commune_parente``).
LEVELS: tuple[str, ...] = ("commune", "arrondissement_municipal", "departement", "region")

_SHAPEFILE_NAMES = {
    "commune": "COMMUNE",
    "departement": "DEPARTEMENT",
    "region": "REGION",
    "arrondissement_municipal": "ARRONDISSEMENT_MUNICIPAL",
    "chflieu_commune": "CHFLIEU_COMMUNE",
}

#: canonical field -> accepted ADMIN EXPRESS spellings (normalised: lower case, alphanumeric)
_AE_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "commune": {
        "code": ("insee_com", "code_insee", "code_commune", "insee_arm"),
        "nom": ("nom", "nom_com", "nom_m"),
        "code_departement": ("insee_dep",),
        "code_region": ("insee_reg",),
        "population": ("population",),
    },
    "arrondissement_municipal": {
        "code": ("insee_arm",),
        "nom": ("nom", "nom_m"),
        "commune_parente": ("insee_com",),
        "population": ("population",),
    },
    "departement": {"code": ("insee_dep",), "nom": ("nom", "nom_dep", "nom_m"), "code_region": ("insee_reg",)},
    "region": {"code": ("insee_reg",), "nom": ("nom", "nom_reg", "nom_m")},
    "chflieu_commune": {"code": ("insee_com", "code_insee"), "nom": ("nom", "nom_chf", "nom_com")},
}

_DEP_PATTERN = re.compile(r"^(?:\d{2}|2[AB]|97\d)$")
_REG_PATTERN = re.compile(r"^\d{2}$")


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise InvalidValueError(R.choisir_parmi(option="level", valeur=repr(level), possibles=describe_values(LEVELS)))


def _find_fields(gdf: pd.DataFrame, wanted: dict[str, tuple[str, ...]], *, required: tuple[str, ...], name: str):
    lookup = {normalize_label(c): c for c in gdf.columns if c != gdf.geometry.name}
    codes = [lookup[normalize_label(a)] for a in wanted.get("code", ()) if normalize_label(a) in lookup]
    if len(codes) > 1 and "insee_arm" not in map(normalize_label, codes):
        raise AmbiguousColumnError(R.champs_code_ambigus(source=name, champs=describe_values(codes)))
    mapping: dict[str, str] = {}
    for canon, aliases in wanted.items():
        for alias in aliases:
            col = lookup.get(normalize_label(alias))
            if col is not None:
                mapping[canon] = col
                break
    missing = [c for c in required if c not in mapping]
    if missing:
        accepted = " ; ".join(f"{m} : {describe_values([a.upper() for a in wanted[m]])}" for m in missing)
        raise MissingColumnError(
            R.champs_manquants(
                quoi=describe_values(missing),
                source=name,
                trouves=describe_values([c for c in gdf.columns if c != gdf.geometry.name], max_shown=20),
                acceptes=accepted,
            )
        )
    return mapping


def _read_vector(path: PathLike, *, layer: str | None, name: str) -> gpd.GeoDataFrame:
    p = str(path)
    if not p.startswith("/vsi") and not Path(p).is_dir():
        require_regular_file(Path(p), source=name)  # missing, a pipe, a device, a gzip bomb: refused before GDAL
    try:
        return gpd.read_file(p, layer=layer) if layer is not None else gpd.read_file(p)
    except Exception as exc:  # pyogrio raises its own DataSourceError / DataLayerError
        raise SourceError(R.vecteur_illisible(source=name, couche=repr(layer) if layer else None, raison=exc)) from exc


def _resolve_layer(path: Path, layer: str | None, default: str, name: str) -> tuple[Path, str | None]:
    """Pick the file and layer to read for an ADMIN EXPRESS level."""
    if path.is_dir():
        target = _SHAPEFILE_NAMES.get(default, default.upper()) + ".shp"
        hits = sorted(q for q in path.rglob("*.shp") if q.name.upper() == target.upper())
        if not hits:
            raise SourceError(R.shapefile_absent(cible=target, source=name))
        return hits[0], None
    require_regular_file(path, source=name)  # missing, a pipe, a device: refused before GDAL opens it
    if path.suffix.lower() == ".shp":
        return path, None
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as exc:
        raise SourceError(R.vecteur_illisible(source=name, couche=None, raison=exc)) from exc
    if layer is not None:
        if layer not in layers:
            raise SourceError(R.couche_absente(couche=repr(layer), source=name, couches=describe_values(layers)))
        return path, layer
    if len(layers) == 1:
        return path, layers[0]
    by_norm = {normalize_label(lay): lay for lay in layers}
    for candidate in (default, _SHAPEFILE_NAMES.get(default, default)):
        if normalize_label(candidate) in by_norm:
            return path, by_norm[normalize_label(candidate)]
    raise SourceError(
        R.couche_absente(couche=repr(default), source=name, couches=describe_values(layers), conseil=True)
    )


def _drop_empty_geometries(gdf: gpd.GeoDataFrame, report: DropReport, code_col: str) -> gpd.GeoDataFrame:
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.any():
        report.add(R.SANS_GEOMETRIE, int(empty.sum()), gdf.loc[empty, code_col].astype(str).tolist())
        gdf = gdf[~empty.to_numpy()]
    return gdf


def _finish_geo(
    gdf: gpd.GeoDataFrame, report: DropReport, *, name: str, to_crs: Any, index_name: str, stacklevel: int = 4
) -> gpd.GeoDataFrame:
    check_crs_bounds(gdf, source=name)
    if to_crs is not None:
        if gdf.crs is None:
            raise SourceError(R.crs_absent_reprojection(source=name, cible=repr(to_crs)))
        gdf = gdf.to_crs(to_crs)
    gdf.index.name = index_name
    n_invalid = int((~gdf.geometry.is_valid).sum())
    if n_invalid:
        logger.info("%s: %d invalid geometrie(s) kept as read", name, n_invalid)
    gdf.attrs["invalid_geometries"] = n_invalid
    return finish(gdf, report, source=name, stacklevel=stacklevel)


def _commune_frame(
    gdf: gpd.GeoDataFrame, mapping: dict[str, str], *, name: str, report: DropReport
) -> gpd.GeoDataFrame:
    data = pd.DataFrame({CODE: normalize_insee_codes(gdf[mapping["code"]]).to_numpy()}, index=gdf.index)
    data["nom"] = gdf[mapping["nom"]].astype("string").str.strip().to_numpy() if "nom" in mapping else pd.NA
    codes = data[CODE].astype("string")
    if "code_departement" in mapping:
        data["code_departement"] = gdf[mapping["code_departement"]].astype("string").str.strip().to_numpy()
    else:  # derive: 3 characters overseas (971...), else 2
        data["code_departement"] = codes.str.slice(0, 2).where(~codes.str.startswith("97"), codes.str.slice(0, 3))
    if "code_region" in mapping:
        data["code_region"] = gdf[mapping["code_region"]].astype("string").str.strip().to_numpy()
    if "code_departement" in mapping:  # a department contradicting the code would make up a department
        refuse_contradicting_departments(
            data[CODE].reset_index(drop=True),
            data["code_departement"].reset_index(drop=True),
            source=name,
            column=mapping["code_departement"],
            regions=data["code_region"].reset_index(drop=True) if "code_region" in mapping else None,
            first_line=1,
        )
    if "commune_parente" in mapping:
        data["commune_parente"] = normalize_insee_codes(gdf[mapping["commune_parente"]]).to_numpy()
    count_columns = []
    if "population" in mapping:
        data["population"] = gdf[mapping["population"]].to_numpy()
        count_columns = ["population"]
    data["geometry"] = gdf.geometry.to_numpy()
    empty = data["geometry"].isna() | gpd.GeoSeries(data["geometry"]).is_empty.to_numpy()
    if empty.any():
        report.add(R.SANS_GEOMETRIE, int(empty.sum()), data.loc[empty, CODE].astype(str).tolist())
        data = data[~empty.to_numpy()]
    table, rep = validate_communes(data, source=name, drop_invalid=True, count_columns=count_columns)
    for reason, n in rep.reasons.items():
        report.add(reason, n, rep.examples.get(reason, []))
    return gpd.GeoDataFrame(table, geometry="geometry", crs=gdf.crs)


def _keyed_frame(
    gdf: gpd.GeoDataFrame, mapping: dict[str, str], *, name: str, level: str, report: DropReport
) -> gpd.GeoDataFrame:
    pattern = _DEP_PATTERN if level == "departement" else _REG_PATTERN
    code = gdf[mapping["code"]].astype("string").str.strip().str.upper()
    code = code.where(~code.fillna("").str.fullmatch(r"\d"), code.str.zfill(2))
    data = pd.DataFrame({"code": code.to_numpy()}, index=gdf.index)
    data["nom"] = gdf[mapping["nom"]].astype("string").str.strip().to_numpy() if "nom" in mapping else pd.NA
    if "code_region" in mapping:
        data["code_region"] = gdf[mapping["code_region"]].astype("string").str.strip().to_numpy()
    data = gpd.GeoDataFrame(data, geometry=gdf.geometry.to_numpy(), crs=gdf.crs)
    data = _drop_empty_geometries(data, report, "code")
    bad = ~data["code"].fillna("").str.match(pattern)
    if bad.any():
        report.add(R.code_niveau_malforme(level), int(bad.sum()), data.loc[bad, "code"].astype(str).tolist())
        data = data[~bad.to_numpy()]
    dup = data.loc[data["code"].duplicated(keep=False), "code"].unique().tolist()
    if dup:
        raise InvalidCodeError(R.codes_niveau_en_double(niveau=level, source=name, valeurs=describe_values(dup)))
    out = data.set_index("code").sort_index()
    out.index = out.index.astype(object)
    return out


def _level_frame(
    gdf: gpd.GeoDataFrame, mapping: dict[str, str], *, level: str, name: str, to_crs: Any
) -> gpd.GeoDataFrame:
    """Commune levels indexed by ``code_commune``, departments/regions by ``code``; reprojected, report attached."""
    report = DropReport(source=name)
    if level in ("commune", "arrondissement_municipal"):
        out = _commune_frame(gdf, mapping, name=name, report=report)
        return _finish_geo(out, report, name=name, to_crs=to_crs, index_name=CODE, stacklevel=5)
    out = _keyed_frame(gdf, mapping, name=name, level=level, report=report)
    return _finish_geo(out, report, name=name, to_crs=to_crs, index_name="code", stacklevel=5)


@reads_input
def read_admin_express(
    path: PathLike,
    *,
    level: str = "commune",
    layer: str | None = None,
    to_crs: Any = None,
    source: str | None = None,
) -> gpd.GeoDataFrame:
    """Read communes, departments or regions from IGN ADMIN EXPRESS (GeoPackage or Shapefile).

    Parameters
    ----------
    path
        The GeoPackage, a ``.shp`` file, or a directory searched for ``COMMUNE.shp``
        / ``DEPARTEMENT.shp`` / ``REGION.shp``.
    level
        ``"commune"``, ``"arrondissement_municipal"`` (Paris, Lyon, Marseille: ``INSEE_ARM``,
        parent commune in ``commune_parente``), ``"departement"`` or ``"region"``.
    layer
        GeoPackage layer; by default the layer named like ``level`` (any case).
    to_crs
        Reproject to this CRS (e.g. ``2154``); by default the file's CRS is kept.
    source
        Name quoted in errors (defaults to the path).

    Returns
    -------
    geopandas.GeoDataFrame
        ``commune``: indexed by ``code_commune``, columns ``nom``, ``code_departement``,
        ``code_region`` (when the layer has them), ``population`` (float, when present),
        ``geometry``. ``departement``/``region``: indexed by ``code``, columns ``nom``
        (and ``code_region`` for departments), ``geometry``.

    Raises
    ------
    SourceError
        File or layer not found / unreadable.
    MissingColumnError
        No INSEE code field for the level.

    Examples
    --------
    >>> import tempfile, os, geopandas as gpd
    >>> from shapely.geometry import box
    >>> p = os.path.join(tempfile.mkdtemp(), "ae.gpkg")
    >>> gpd.GeoDataFrame({"INSEE_COM": ["96001"], "NOM": ["Brumaille"], "INSEE_DEP": ["96"],
    ...     "INSEE_REG": ["07"], "POPULATION": [120]}, geometry=[box(0, 0, 1000, 1000)],
    ...     crs=2154).to_file(p, layer="commune")
    >>> t = read_admin_express(p)
    >>> t.loc["96001", ["nom", "code_departement"]].tolist(), float(t.loc["96001", "population"]), t.crs.to_epsg()
    (['Brumaille', '96'], 120.0, 2154)
    """
    _check_level(level)
    name = source or str(path)
    file, lay = _resolve_layer(Path(path), layer, level, name)
    gdf = _read_vector(file, layer=lay, name=name)
    mapping = _find_fields(gdf, _AE_FIELDS[level], required=("code",), name=name)
    return _level_frame(gdf, mapping, level=level, name=name, to_crs=to_crs)


@reads_input
def read_geojson_contours(
    path: PathLike, *, level: str = "commune", to_crs: Any = None, source: str | None = None
) -> gpd.GeoDataFrame:
    """Read etalab / france-geojson contours (properties ``code`` and ``nom``).

    Parameters
    ----------
    path
        GeoJSON file (``.geojson`` or ``.geojson.gz``), WGS84 as published.
    level
        ``"commune"``, ``"arrondissement_municipal"`` (same layout as communes), ``"departement"``
        or ``"region"``.
    to_crs
        Reproject to this CRS (e.g. ``2154`` for distances in mainland France).
    source
        Name quoted in errors (defaults to the path).

    Returns
    -------
    geopandas.GeoDataFrame
        ``commune``: indexed by ``code_commune``, columns ``nom``, ``code_departement``
        (the ``departement`` property of etalab files, else derived from the code: 3
        characters overseas, else 2), ``code_region`` (when a ``region`` property exists),
        ``population`` (when a ``population`` property exists), ``geometry``. ``departement``/``region``: indexed by ``code``, columns ``nom``
        (and ``code_region`` for departments when given), ``geometry``.

    Examples
    --------
    >>> import tempfile, os, json
    >>> p = os.path.join(tempfile.mkdtemp(), "c.geojson")
    >>> ring = [[-61.5, 16.2], [-61.4, 16.2], [-61.4, 16.3], [-61.5, 16.2]]
    >>> feat = {"type": "Feature", "properties": {"code": "97101", "nom": "Les Abymes"},
    ...         "geometry": {"type": "Polygon", "coordinates": [ring]}}
    >>> _ = open(p, "w").write(json.dumps({"type": "FeatureCollection", "features": [feat]}))
    >>> t = read_geojson_contours(p)
    >>> t.loc["97101", ["nom", "code_departement"]].tolist(), t.crs.to_epsg()
    (['Les Abymes', '971'], 4326)
    """
    _check_level(level)
    name = source or str(path)
    p = require_regular_file(Path(path), source=name)
    target = f"/vsigzip/{p}" if p.suffix.lower() == ".gz" else p
    gdf = _read_vector(target, layer=None, name=name)
    fields: dict[str, tuple[str, ...]] = {
        "code": ("code", "insee", "code_commune", "insee_com"),
        "nom": ("nom", "name"),
    }
    if level in ("commune", "arrondissement_municipal"):  # etalab contours also carry these properties
        fields.update({"code_departement": ("departement",), "code_region": ("region",), "population": ("population",)})
    elif level == "departement":
        fields["code_region"] = ("region",)
    mapping = _find_fields(gdf, fields, required=("code",), name=name)
    return _level_frame(gdf, mapping, level=level, name=name, to_crs=to_crs)


@reads_input
def read_contours(
    path: PathLike,
    *,
    level: str = "commune",
    layer: str | None = None,
    to_crs: Any = None,
    source: str | None = None,
) -> gpd.GeoDataFrame:
    """Read boundaries from ADMIN EXPRESS or etalab GeoJSON, detecting the format.

    GeoPackages, Shapefiles and directories go to :func:`read_admin_express`;
    ``.geojson`` / ``.json`` (optionally gzipped) to :func:`read_geojson_contours`.

    Examples
    --------
    >>> import tempfile, os, geopandas as gpd
    >>> from shapely.geometry import box
    >>> p = os.path.join(tempfile.mkdtemp(), "reg.gpkg")
    >>> gpd.GeoDataFrame({"INSEE_REG": ["07"], "NOM": ["Région fictive"]},
    ...     geometry=[box(0, 0, 1, 1)], crs=2154).to_file(p, layer="region")
    >>> read_contours(p, level="region")["nom"].to_dict()
    {'07': 'Région fictive'}
    """
    suffixes = [s.lower() for s in Path(path).suffixes]
    if any(s in (".geojson", ".json") for s in suffixes):
        return read_geojson_contours(path, level=level, to_crs=to_crs, source=source)
    return read_admin_express(path, level=level, layer=layer, to_crs=to_crs, source=source)


@reads_input
def read_chefs_lieux(
    path: PathLike, *, layer: str | None = None, to_crs: Any = None, source: str | None = None
) -> gpd.GeoDataFrame:
    """Read commune chef-lieu points (ADMIN EXPRESS ``chflieu_commune`` or comhisto ``cheflieu.geojson``).

    Parameters
    ----------
    path
        ADMIN EXPRESS GeoPackage (layer ``chflieu_commune`` by default), ``CHFLIEU_COMMUNE.shp``,
        or the comhisto export (properties ``cinsee0`` original code, ``cinseea`` code on
        1/1/2020 — unique, used as the index —, ``dlnom`` name). Features without a point
        (``source = absent``) are dropped and reported.
    layer
        GeoPackage layer (default ``chflieu_commune``).
    to_crs
        Reproject to this CRS (e.g. ``2154``).
    source
        Name quoted in errors (defaults to the path).

    Returns
    -------
    geopandas.GeoDataFrame
        Points indexed by ``code_commune``, column ``nom``.

    Examples
    --------
    >>> import tempfile, os, geopandas as gpd
    >>> from shapely.geometry import Point
    >>> p = os.path.join(tempfile.mkdtemp(), "ae.gpkg")
    >>> gpd.GeoDataFrame({"INSEE_COM": ["96001"], "NOM": ["Brumaille"]},
    ...     geometry=[Point(150000, 6550000)], crs=2154).to_file(p, layer="chflieu_commune")
    >>> read_chefs_lieux(p).geometry.iloc[0].x
    150000.0
    """
    name = source or str(path)
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    lay: str | None = None
    if any(s in (".geojson", ".json") for s in suffixes):
        require_regular_file(p, source=name)
        target = f"/vsigzip/{p}" if p.suffix.lower() == ".gz" else p
        gdf = _read_vector(target, layer=None, name=name)
    else:
        file, lay = _resolve_layer(p, layer, "chflieu_commune", name)
        gdf = _read_vector(file, layer=lay, name=name)
    kinds = set(gdf.geometry.dropna().geom_type.unique())
    if kinds - {"Point"}:
        raise SourceError(
            R.chefs_lieux_pas_des_points(
                source=name, types=describe_values(sorted(kinds)), couche=repr(lay) if lay else None
            )
        )
    report = DropReport(source=name)
    lookup = {normalize_label(c): c for c in gdf.columns}
    if "cinseea" in lookup:  # comhisto: one point per code current on 1/1/2020 (cinsee0 = original code)
        mapping = {"code": lookup["cinseea"]}
        if "dlnom" in lookup:
            mapping["nom"] = lookup["dlnom"]
    else:
        mapping = _find_fields(gdf, _AE_FIELDS["chflieu_commune"], required=("code",), name=name)
    out = _commune_frame(gdf, mapping, name=name, report=report)
    out = out.drop(columns=["code_departement"])
    return _finish_geo(out, report, name=name, to_crs=to_crs, index_name=CODE)
