"""The display geometry of a territory, computed once and shared by every interactive map: a quantised TopoJSON.

Communes tile the territory. A web map needs them light: :func:`display_topology` simplifies the
coverage once (GEOS coverage simplification, each shared border simplified once, see
:func:`~access_map.maps.geometry.display_geometries`), then encodes it as **TopoJSON**
(:func:`~access_map.maps.arcs.coverage_topology`, on the grid of the ``topojson`` package): every border
is stored once as an *arc* shared by its two communes, on a quantised grid, delta-encoded. The browser decodes it with ``topojson-client`` and derives from the
same arcs the CPTS perimeters (``merge``), the TVS and department borders (``mesh``), so those
layers cost almost nothing.

The result (:class:`DisplayTopology`) is reused by every map of a territory: the refresh computes
it once per territory (or region) instead of re-simplifying for each map.

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import box
>>> g = gpd.GeoDataFrame(geometry=[box(700000, 6600000, 701000, 6601000), box(701000, 6600000, 702000, 6601000)],
...                      index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
>>> topo = display_topology(g)
>>> topo.codes.tolist(), len(topo.topology["objects"]["areas"]["geometries"])
(['01001', '01002'], 2)
>>> len(topo.topology["arcs"]) < 8      # the shared border is one arc, used by both squares
True
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import CRSError, InvalidValueError
from ..messages import maps_checks as chk
from ..messages import validation as M
from .arcs import coverage_topology
from .geometry import display_geometries
from .insets import InsetFrame, inset_layout

__all__ = [
    "DisplayTopology",
    "display_topology",
    "auto_tolerance_m",
    "encode_topology",
    "decode_topology",
    "OBJECT_NAME",
]

#: Name of the TopoJSON object holding the areas.
OBJECT_NAME = "areas"
#: Metres per degree of latitude (mean).
_M_PER_DEG = 111_195.0


@dataclass(frozen=True)
class DisplayTopology:
    """A territory's areas, simplified and encoded once for every interactive map.

    Attributes
    ----------
    codes : pd.Index
        Area codes (``code_commune``…), in the order of the TopoJSON geometries: geometry ``i``
        (``id`` = ``i``) is area ``codes[i]``.
    topology : dict
        TopoJSON ``Topology`` (quantised, delta-encoded arcs), one object :data:`OBJECT_NAME`.
    bounds : tuple of float
        ``(west, south, east, north)`` in degrees (EPSG:4326) of the bulk of the areas
        (:func:`bulk_bounds`) and of the overseas insets: the first view of the map.
    points : pd.DataFrame
        ``lat``, ``lon`` of a point inside each area (labels, search), indexed like ``codes``.
    tolerance_m, precision_m : float
        Simplification tolerance and quantisation step used (metres).
    insets : tuple of InsetFrame
        The frames of the overseas departments when the areas mix metropolitan France and DROM
        (:func:`~access_map.maps.insets.inset_layout`: their areas are drawn in these frames).
    """

    codes: pd.Index
    topology: dict[str, Any]
    bounds: tuple[float, float, float, float]
    points: pd.DataFrame
    tolerance_m: float
    precision_m: float
    insets: tuple[InsetFrame, ...] = field(default=())

    def to_json(self) -> str:
        """Compact JSON text of the topology (what a map embeds, see :func:`encode_topology`).

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import box
        >>> t = display_topology(gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000)], crs=2154))
        >>> t.to_json().startswith('{"transform":')
        True
        """
        geometries = self.topology["objects"][OBJECT_NAME]["geometries"]
        hollow = [str(self.codes[k]) for k, g in enumerate(geometries) if "arcs" not in g]
        if hollow:  # an area with no ring left (smaller than the quantisation step): name it, not a KeyError
            raise InvalidValueError(M.geometries_vides_apres_reparation(codes=hollow, n=len(hollow)))
        return json.dumps(encode_topology(self.topology), separators=(",", ":"))

    def subset(self, codes: pd.Index) -> pd.Index:
        """Positions (geometry ids) of ``codes``; raises if one is not in the topology.

        Examples
        --------
        >>> import geopandas as gpd, pandas as pd
        >>> from shapely.geometry import box
        >>> g = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], index=pd.Index(["a", "b"]), crs=2154)
        >>> display_topology(g).subset(pd.Index(["b"])).tolist()
        [1]
        """
        pos = self.codes.get_indexer(codes)
        if (pos < 0).any():
            missing = list(codes[pos < 0][:5])
            raise InvalidValueError(chk.codes_not_in_topology(missing))
        return pd.Index(pos)


def bulk_bounds(gdf: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """Bounds of the bulk of the areas: with 200 areas or more, the 1st to 99th percentiles of their bounds.

    France with its overseas departments gets the bounds of mainland France (the first view of a
    national map, the simplification tolerance); a smaller territory its full bounds.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> bulk_bounds(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(9, 9, 10, 10)], crs=2154))
    (0.0, 0.0, 10.0, 10.0)
    """
    if len(gdf) < 200:
        west, south, east, north = (float(v) for v in gdf.total_bounds)
        return west, south, east, north
    b = gdf.geometry.bounds
    return (float(b["minx"].quantile(0.01)), float(b["miny"].quantile(0.01)),
            float(b["maxx"].quantile(0.99)), float(b["maxy"].quantile(0.99)))  # fmt: skip


def auto_tolerance_m(gdf: gpd.GeoDataFrame) -> float:
    """Default simplification tolerance: 1/4,000 of the territory's diagonal, between 10 m and 1 km.

    With 200 areas or more, the diagonal is the one of the bulk of the areas (1st to 99th
    percentiles of their bounds), so that France with its overseas departments gets the tolerance
    of mainland France.

    About a quarter of a screen pixel at the map's first view: invisible until one zooms in
    several levels. France (≈ 1,300 km): ≈ 300 m; a region: ≈ 100 m; a department: ≈ 40 m.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> auto_tolerance_m(gpd.GeoDataFrame(geometry=[box(0, 0, 300_000, 400_000)], crs=2154))
    125.0
    """
    g = gdf if not gdf.crs.is_geographic else gdf.to_crs(3857)
    west, south, east, north = bulk_bounds(g)
    diagonal = math.hypot(east - west, north - south)
    return float(min(1000.0, max(10.0, diagonal / 4000.0)))


def display_topology(
    gdf: gpd.GeoDataFrame,
    *,
    tolerance_m: float | None = None,
    precision_m: float | None = None,
    insets: bool = True,
) -> DisplayTopology:
    """Simplify a polygon coverage once and encode it as quantised TopoJSON for the interactive maps.

    Parameters
    ----------
    gdf : GeoDataFrame
        Areas (communes, departments…) with a CRS, indexed by their code; projected CRS preferred
        (a geographic one is simplified in Web Mercator metres).
    tolerance_m : float, optional
        Coverage-simplification tolerance in metres (default :func:`auto_tolerance_m`); 0 keeps
        every vertex.
    precision_m : float, optional
        Quantisation step of the coordinates in metres (default: a quarter of the tolerance,
        at least 1 m).
    insets : bool
        When the areas hold metropolitan France and overseas departments, draw the DROM in
        frames beside France (:func:`~access_map.maps.insets.inset_layout`, default); ``False``
        keeps them at their true place.

    Returns
    -------
    DisplayTopology

    Raises
    ------
    CRSError
        If ``gdf`` has no CRS.
    InvalidValueError
        If the codes are duplicated or a geometry is empty.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> t = display_topology(gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000)], crs=2154), tolerance_m=0)
    >>> t.tolerance_m, t.precision_m
    (0.0, 1.0)
    """
    if gdf.crs is None:
        raise CRSError(chk.no_crs(where="display_topology"))
    if gdf.index.has_duplicates:
        dup = gdf.index[gdf.index.duplicated()].unique()[:5].tolist()
        raise InvalidValueError(chk.duplicated_geometries(what="display_topology", codes=dup, area="zone"))
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.any():
        raise InvalidValueError(
            chk.areas_without_geometry(
                where="display_topology", n=int(empty.sum()), examples=gdf.index[empty][:5].tolist()
            )
        )
    frames: list[InsetFrame] = []
    if insets:
        gdf, frames = inset_layout(gdf, crs=3857)  # the web map's projection: frames drawn as exact rectangles
    tol = auto_tolerance_m(gdf) if tolerance_m is None else float(tolerance_m)
    if tol < 0:
        raise InvalidValueError(chk.must_be_non_negative(where="display_topology", name="tolerance_m", value=tol))
    precision = max(1.0, tol / 4.0) if precision_m is None else float(precision_m)
    if precision <= 0:
        raise InvalidValueError(chk.must_be_positive(where="display_topology", name="precision_m", value=precision))
    light = display_geometries(gdf[[gdf.geometry.name]], tolerance_m=tol, decimals=None)
    hollow = (light.geometry.isna() | light.geometry.is_empty).to_numpy()
    if hollow.any():  # a ring with no surface once repaired (e.g. all its points on a line)
        raise InvalidValueError(
            M.geometries_vides_apres_reparation(codes=gdf.index[hollow].astype(str).tolist(), n=int(hollow.sum()))
        )
    west, south, east, north = (float(b) for b in light.total_bounds)
    view = bulk_bounds(light)
    for frame in frames:
        fw, fs, fe, fn = frame.box_degrees()
        view = (min(view[0], fw), min(view[1], fs), max(view[2], fe), max(view[3], fn))
    lat0 = math.radians((view[1] + view[3]) / 2.0)
    transform = {
        "scale": [precision / (_M_PER_DEG * max(math.cos(lat0), 0.05)), precision / _M_PER_DEG],
        "translate": [west, south],
    }
    topo = coverage_topology(light.geometry.to_numpy(), transform, object_name=OBJECT_NAME)
    points = gdf.geometry.representative_point().to_crs(4326)
    return DisplayTopology(
        codes=pd.Index(gdf.index.astype(str), name=gdf.index.name),
        topology=topo,
        bounds=view,
        points=pd.DataFrame(
            {"lat": np.round(points.y.to_numpy(), 5), "lon": np.round(points.x.to_numpy(), 5)},
            index=pd.Index(gdf.index.astype(str), name=gdf.index.name),
        ),
        tolerance_m=tol,
        precision_m=precision,
        insets=tuple(frames),
    )


#: Alphabet of the compact integer encoding (base64url: no character needs escaping in JSON or HTML).
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_DIGIT = {c: i for i, c in enumerate(_ALPHABET)}


def _encode_ints(values: list[int]) -> str:
    """Zigzag + little-endian base-32 varint, one character per 5 bits (continuation flag 32)."""
    out = []
    for v in values:
        z = (v << 1) if v >= 0 else ((-v << 1) - 1)
        while z >= 32:
            out.append(_ALPHABET[32 | (z & 31)])
            z >>= 5
        out.append(_ALPHABET[z])
    return "".join(out)


def _encode_arcs(arcs: list[Any]) -> list[str]:
    """:func:`_encode_ints` of each arc's ``x, y`` integers, every arc encoded in a few numpy calls.

    Examples
    --------
    >>> arcs = [[[0, 0], [3, -1], [-40, 2]], [], [[100000, -7, 5]]]
    >>> _encode_arcs(arcs) == [_encode_ints([0, 0, 3, -1, -40, 2]), "", _encode_ints([100000, -7])]
    True
    """
    if not arcs:
        return []
    coords = [np.asarray(arc, dtype=np.int64) for arc in arcs]
    values = np.concatenate([(c[:, :2] if c.ndim == 2 else c).ravel() for c in coords])
    if not len(values):
        return ["" for _ in arcs]
    zigzag = np.where(values >= 0, values << 1, ((-values) << 1) - 1).astype(np.uint64)
    chars = np.ones(len(zigzag), dtype=np.int64)  # characters per value: one per 5 bits
    rest = zigzag >> np.uint64(5)
    while rest.any():
        chars += rest > 0
        rest >>= np.uint64(5)
    ends = np.cumsum(chars)
    starts = ends - chars
    digits = np.empty(int(ends[-1]), dtype=np.uint8)
    for k in range(int(np.max(chars))):
        has = chars > k
        digit = (zigzag[has] >> np.uint64(5 * k)) & np.uint64(31)
        more = (chars[has] - 1 > k).astype(np.uint64) << np.uint64(5)  # continuation flag
        digits[starts[has] + k] = (digit | more).astype(np.uint8)
    text = np.frombuffer(_ALPHABET.encode("ascii"), dtype=np.uint8)[digits].tobytes().decode("ascii")
    per_arc = np.array([min(c.size, 2 * len(c)) for c in coords])  # x, y of each point
    bounds = np.concatenate([[0], ends])[np.concatenate([[0], np.cumsum(per_arc)])].tolist()
    return [text[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _decode_ints(text: str) -> list[int]:
    values, z, shift = [], 0, 0
    for c in text:
        d = _DIGIT[c]
        z |= (d & 31) << shift
        if d & 32:
            shift += 5
            continue
        values.append((z >> 1) if not z & 1 else -((z + 1) >> 1))
        z, shift = 0, 0
    return values


def encode_topology(topology: dict[str, Any]) -> dict[str, Any]:
    """Compact text form of a quantised TopoJSON: about half the size of its JSON.

    Each arc becomes one string of its delta-encoded integer coordinates; each geometry one string
    of its arc references (delta-encoded within the geometry), rings separated by ``,`` and
    polygons by ``;``. Integers are zigzag varints in the base64url alphabet (5 bits a
    character). The browser rebuilds the TopoJSON (``AccessMap.decodeTopology``) before
    ``topojson-client`` reads it; :func:`decode_topology` is the same decoder in Python.

    Examples
    --------
    >>> topo = {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]},
    ...         "arcs": [[[0, 0], [3, -1], [-40, 2]]],
    ...         "objects": {"areas": {"type": "GeometryCollection",
    ...                               "geometries": [{"type": "Polygon", "arcs": [[0]], "id": 0},
    ...                                              {"type": "MultiPolygon", "arcs": [[[-1]], [[0]]], "id": 1}]}}}
    >>> enc = encode_topology(topo)
    >>> enc["arcs"], enc["geometries"]
    (['AAGBvCE'], ['A', 'B;C'])
    >>> decode_topology(enc) == topo
    True
    """
    arcs = _encode_arcs(topology["arcs"])
    geometries = []
    for geometry in topology["objects"][OBJECT_NAME]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        previous = 0
        parts = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                deltas = []
                for ref in ring:
                    deltas.append(ref - previous)
                    previous = ref
                rings.append(_encode_ints(deltas))
            parts.append(",".join(rings))
        geometries.append(";".join(parts))
    return {"transform": topology["transform"], "arcs": arcs, "geometries": geometries}


def decode_topology(encoded: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`encode_topology` (TopoJSON with ``Polygon``/``MultiPolygon`` geometries ``id`` = position).

    Examples
    --------
    >>> decode_topology({"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": ["CE"], "geometries": ["A"]})["arcs"]
    [[[1, 2]]]
    """
    arcs = []
    for text in encoded["arcs"]:
        flat = _decode_ints(text)
        arcs.append([[flat[i], flat[i + 1]] for i in range(0, len(flat), 2)])
    geometries: list[dict[str, Any]] = []
    for position, text in enumerate(encoded["geometries"]):
        previous = 0
        polygons = []
        for part in text.split(";"):
            rings = []
            for ring_text in part.split(","):
                ring = []
                for delta in _decode_ints(ring_text):
                    previous += delta
                    ring.append(previous)
                rings.append(ring)
            polygons.append(rings)
        if len(polygons) == 1:
            geometries.append({"type": "Polygon", "arcs": polygons[0], "id": position})
        else:
            geometries.append({"type": "MultiPolygon", "arcs": polygons, "id": position})
    return {
        "type": "Topology",
        "transform": encoded["transform"],
        "arcs": arcs,
        "objects": {OBJECT_NAME: {"type": "GeometryCollection", "geometries": geometries}},
    }
