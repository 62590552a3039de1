"""Commune points (chefs-lieux, centroids) from any vector file: the one reader behind ``--points``.

``access-map apl --points``, ``access-map travel crowfly|osrm|road --points`` and the refresh read their
commune points here, so they accept the same files: GeoPackage (the ADMIN EXPRESS ``chflieu_commune``
layer when present), GeoJSON (``.geojson.gz`` too), Shapefile; any CRS (EPSG:4326 included: the
distances are measured later in each territory's projected CRS); features without a geometry are
dropped and reported; polygons become a point inside each polygon.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .._validate import (
    LEGACY_CORSICA_PATTERN,
    DropReport,
    check_crs_bounds,
    describe_values,
    normalize_insee_codes,
)
from ..communes import CODE
from ..errors import AmbiguousColumnError, CRSError, InvalidValueError, MissingColumnError, SourceError
from ..messages import entier
from ..messages import territory as T
from ..messages import validation as M
from ..readers._io import PathLike, finish, is_insee_code, normalize_label, reads_input, require_regular_file

__all__ = ["POINT_CODE_COLUMNS", "read_commune_points", "read_located_points", "check_points_within", "vector_target"]

logger = logging.getLogger(__name__)

#: Columns recognised as the INSEE code of a points file (one of them, or ``code_column=``):
#: the package's name, ADMIN EXPRESS, INSEE tables, comhisto chefs-lieux (code on 1/1/2020), etalab.
POINT_CODE_COLUMNS: tuple[str, ...] = ("code_commune", "insee_com", "codgeo", "code_insee", "cinseea", "code", "insee")


def vector_target(path: PathLike) -> str:
    """The string GDAL reads for ``path``: ``/vsigzip/`` in front of a gzipped file.

    Examples
    --------
    >>> vector_target("/data/communes.geojson.gz")
    '/vsigzip//data/communes.geojson.gz'
    >>> vector_target("/data/ae.gpkg")
    '/data/ae.gpkg'
    """
    text = str(path)
    return f"/vsigzip/{text}" if text.lower().endswith(".gz") and not text.startswith("/vsi") else text


def _read(path: Path, layer: str | None, name: str) -> gpd.GeoDataFrame:
    import pyogrio

    if not path.is_dir():  # (a shapefile folder is read by GDAL as such)
        require_regular_file(path, source=name)  # a pipe, a device or a decompression bomb is refused
    elif not path.exists():
        raise SourceError(T.fichier_introuvable(source=name, chemin=str(path.resolve())))
    target = vector_target(path)
    try:
        if layer is None:
            layers = [str(row[0]) for row in pyogrio.list_layers(target)]
            by_norm = {normalize_label(lay): lay for lay in layers}
            layer = by_norm.get("chflieucommune")  # ADMIN EXPRESS chefs-lieux, else the first layer
        return gpd.read_file(target, layer=layer) if layer is not None else gpd.read_file(target)
    except Exception as exc:  # pyogrio raises its own DataSourceError / DataLayerError
        raise SourceError(T.points_illisibles(source=name, couche=repr(layer) if layer else None, raison=exc)) from exc


def _code_column(gdf: gpd.GeoDataFrame, code_column: str | None, name: str) -> str:
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    if code_column is not None:
        if code_column not in columns:
            raise MissingColumnError(
                T.colonne_absente(source=name, colonne=repr(code_column), colonnes=describe_values(columns))
            )
        return code_column
    by_label: dict[str, list[str]] = {}
    for c in columns:
        by_label.setdefault(normalize_label(c), []).append(str(c))
    found = [c for label in POINT_CODE_COLUMNS for c in by_label.get(normalize_label(label), [])]
    if not found:
        raise MissingColumnError(
            T.colonne_code_insee_absente(
                source=name,
                cherchees=describe_values(POINT_CODE_COLUMNS),
                colonnes=describe_values(columns, max_shown=20),
            )
        )
    if len(found) > 1:
        raise AmbiguousColumnError(T.colonnes_code_ambigues(source=name, colonnes=describe_values(found)))
    return found[0]


@reads_input
def read_commune_points(
    path: PathLike,
    *,
    layer: str | None = None,
    code_column: str | None = None,
    representative_points: bool | None = None,
    source: str | None = None,
) -> gpd.GeoDataFrame:
    """Read commune points, indexed by INSEE code, in the file's CRS.

    Parameters
    ----------
    path
        GeoPackage, GeoJSON (``.geojson.gz`` accepted), Shapefile... of points or polygons.
    layer
        Layer of a multi-layer file; by default ``chflieu_commune`` when present (ADMIN EXPRESS),
        else the first layer.
    code_column
        Column holding the INSEE code; by default one of :data:`POINT_CODE_COLUMNS` (an error names
        them when several are present).
    representative_points
        ``None`` (default): polygons are replaced by a point inside each one (counted in
        ``attrs["representative_points"]``); ``True``: every geometry is (points stay points);
        ``False``: polygons are refused.
    source
        Name quoted in messages (default: the path).

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``code_commune``; ``nom`` when the file has a name column (``nom``, ``NOM``, ``dlnom``),
        point geometries in the file's CRS. Features without geometry, with a malformed code or with a
        pre-1976 Corsican code (``20xxx``, communes absorbed before the 2A/2B split) are dropped and
        reported (``attrs["drop_report"]`` and a ``SourceWarning``).

    Raises
    ------
    SourceError
        Missing or unreadable file; ``CRSError`` when the file has no CRS.

    Examples
    --------
    >>> import os, tempfile
    >>> from shapely.geometry import Point, box
    >>> p = os.path.join(tempfile.mkdtemp(), "pts.geojson")
    >>> gpd.GeoDataFrame({"INSEE_COM": ["33063", "33318"]}, geometry=[Point(-0.58, 44.84), box(-0.7, 44.7, -0.6, 44.8)],
    ...                  crs=4326).to_file(p)
    >>> pts = read_commune_points(p)
    >>> pts.index.tolist(), pts.geom_type.tolist(), pts.crs.to_epsg(), pts.attrs["representative_points"]
    (['33063', '33318'], ['Point', 'Point'], 4326, 1)
    """
    name = source or str(path)
    gdf = _read(Path(path), layer, name)
    if gdf.crs is None:
        raise CRSError(T.crs_absent(source=name))
    check_crs_bounds(gdf, source=name)
    col = _code_column(gdf, code_column, name)
    report = DropReport(source=name)
    codes = normalize_insee_codes(gdf[col])
    empty = (gdf.geometry.isna() | gdf.geometry.is_empty).to_numpy()
    report.add(T.SANS_GEOMETRIE, int(empty.sum()), codes[empty].astype(str).tolist())
    malformed = ~is_insee_code(codes).to_numpy() & ~empty
    report.add(T.CODE_COMMUNE_MAL_FORME, int(malformed.sum()), codes[malformed].astype(str).tolist())
    # historical files (e.g. comhisto's chefs-lieux) keep communes absorbed before department 20 was split
    # into 2A/2B in 1976: no current commune has these codes, and the APL refuses them in a travel table
    legacy = codes.astype(str).str.match(LEGACY_CORSICA_PATTERN).to_numpy() & ~empty & ~malformed
    report.add(
        T.CODE_CORSE_ANCIEN,
        int(legacy.sum()),
        codes[legacy].astype(str).tolist(),
    )
    keep = ~empty & ~malformed & ~legacy
    names = {normalize_label(c): c for c in gdf.columns}
    name_col = next((names[k] for k in ("nom", "dlnom", "libelle", "libgeo") if k in names), None)
    data = {"nom": gdf.loc[keep, name_col].astype(object).to_numpy()} if name_col else {}
    out = gpd.GeoDataFrame(
        data, geometry=gdf.geometry[keep].to_numpy(), crs=gdf.crs, index=pd.Index(codes[keep], name=CODE)
    )
    dup = out.index[out.index.duplicated()].unique().tolist()
    if dup:
        raise SourceError(T.points_en_double(source=name, codes=describe_values(dup)))
    polygons = ~(out.geom_type == "Point").to_numpy()
    if polygons.any() and representative_points is False:
        raise SourceError(
            T.pas_des_points(source=name, n=int(polygons.sum()), exemples=describe_values(out.index[polygons][:3]))
        )
    n_rep = int(polygons.sum()) if representative_points is None else (len(out) if representative_points else 0)
    if representative_points or polygons.any():
        convert = polygons if representative_points is None else pd.Series(True, index=out.index).to_numpy()
        geom = out.geometry.copy()
        geom[convert] = out.geometry[convert].representative_point()
        out = out.set_geometry(geom)
        logger.info("%s: %d polygon(s) replaced by a point inside them", name, n_rep)
    out.attrs["representative_points"] = n_rep
    return finish(out.sort_index(), report, source=name)


#: Margin around a territory's bounds within which a point is still accepted: a share of its extent (a structure
#: just across the border), at least :data:`MIN_MARGIN_M`.
MARGIN_SHARE = 0.1
MIN_MARGIN_M = 10_000.0


def check_points_within(
    points: gpd.GeoDataFrame,
    territory: gpd.GeoDataFrame,
    *,
    source: str,
    label_column: str | None = None,
) -> None:
    """Refuse points lying outside the territory's bounds (x and y swapped, metres of another system...).

    The bounds are those of ``territory`` (commune polygons or points), widened by :data:`MARGIN_SHARE` of its
    extent (at least :data:`MIN_MARGIN_M`); ``points`` are compared in the territory's CRS. Empty geometries are
    left to the callers (they are reported elsewhere).

    Raises
    ------
    InvalidValueError
        Naming the points (their ``label_column`` value, else their row) and the territory's bounds.

    Examples
    --------
    >>> from shapely.geometry import Point, box
    >>> communes = gpd.GeoDataFrame(geometry=[box(400_000, 6_400_000, 450_000, 6_450_000)], crs=2154)
    >>> msp = gpd.GeoDataFrame({"nom": ["MSP A", "MSP B"]},
    ...                        geometry=[Point(417_000, 6_423_000), Point(6_423_000, 417_000)], crs=2154)
    >>> try:
    ...     check_points_within(msp, communes, source="msp.gpkg", label_column="nom")
    ... except InvalidValueError as e:
    ...     print(str(e).split(" : ", 1)[1][:42], "MSP B" in str(e), "MSP A" in str(e))
    1 point hors de l’emprise du territoire (x True False
    """
    geoms = points.geometry
    present = ~(geoms.isna() | geoms.is_empty).to_numpy()
    if not present.any() or territory.crs is None or len(territory) == 0:
        return
    if points.crs is not None and points.crs != territory.crs:
        geoms = geoms.to_crs(territory.crs)
    xmin, ymin, xmax, ymax = (float(v) for v in territory.total_bounds)
    margin = max(MARGIN_SHARE * max(xmax - xmin, ymax - ymin), MIN_MARGIN_M if territory.crs.is_projected else 0.1)
    xmin, ymin, xmax, ymax = xmin - margin, ymin - margin, xmax + margin, ymax + margin
    located = geoms[present]
    located = located.where(located.geom_type == "Point", located.representative_point())
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    x[present], y[present] = located.x.to_numpy(), located.y.to_numpy()
    outside = present & ~((x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax))
    if not outside.any():
        return
    labels = (
        points[label_column].astype(str).to_numpy()
        if label_column is not None and label_column in points.columns
        else np.array([f"ligne {k + 1}" for k in range(len(points))], dtype=object)
    )
    examples = [f"{labels[k]} (x {entier(x[k])}, y {entier(y[k])})" for k in np.flatnonzero(outside)]
    emprise = f"x {entier(xmin)} à {entier(xmax)}, y {entier(ymin)} à {entier(ymax)}"
    raise InvalidValueError(
        M.coordonnees_hors_territoire(nom=source, n=len(examples), exemples=examples, emprise=emprise)
    )


@reads_input
def read_located_points(path: PathLike, *, source: str | None = None) -> gpd.GeoDataFrame:
    """Read a vector file of located structures (MSP, centres de santé...) as it is, checking its CRS.

    The file must be a regular file (GeoPackage, GeoJSON[.gz], Shapefile) with a CRS; coordinates that cannot
    belong to that CRS are refused (:func:`~access_map._validate.check_crs_bounds`). Compare the points with the
    territory with :func:`check_points_within`.

    Examples
    --------
    >>> import os, tempfile
    >>> from shapely.geometry import Point
    >>> p = os.path.join(tempfile.mkdtemp(), "msp.geojson")
    >>> gpd.GeoDataFrame({"nom": ["MSP A"]}, geometry=[Point(-0.58, 44.84)], crs=4326).to_file(p)
    >>> read_located_points(p)["nom"].tolist()
    ['MSP A']
    """
    name = source or str(path)
    gdf = _read(Path(path), None, name)
    if gdf.crs is None:
        raise CRSError(T.crs_absent(source=name))
    check_crs_bounds(gdf, source=name)
    return gdf
