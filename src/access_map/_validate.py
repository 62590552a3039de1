"""Shared input checks.

Each check collects *all* the problems it finds and raises one error naming the
source (file or table name), the column and a sample of the offending values.
Nothing here prints; dropped rows are returned as counts so that callers can
report them.
"""

from __future__ import annotations

import os
import re
import sys
import types
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import CRSError, InvalidCodeError, InvalidValueError, MissingColumnError
from .messages import entier, extrait, liste, pluriel
from .messages import readers as R
from .messages.validation import valeurs_demesurees

#: Largest magnitude of a number read from a file (a count, a time, a rate, an amount, a coordinate): no
#: population, activity or distance of this domain comes near it.
MAX_ABS_VALUE = 1e15

__all__ = [
    "INSEE_CODE_PATTERN",
    "DropReport",
    "describe_values",
    "require_columns",
    "normalize_insee_codes",
    "check_insee_codes",
    "check_unique",
    "check_non_negative",
    "to_numeric_column",
    "to_datetime_column",
    "require_projected_crs",
    "check_crs_bounds",
]

#: Five characters: two-digit department (or 2A/2B for Corsica), or 97x overseas, then commune number.
INSEE_CODE_PATTERN = re.compile(r"^(?:\d{2}|2[AB])\d{3}$")

_MAX_SHOWN = 8


def describe_values(values: Iterable[Any], *, max_shown: int = _MAX_SHOWN) -> str:
    """Return a short, readable list of offending values (``'a', 'b' ... and 3 more``).

    Examples
    --------
    >>> describe_values(["x", "y", "z"], max_shown=2)
    "'x', 'y'… (et 1 autre)"
    """
    vals = list(values)
    shown = ", ".join(extrait(repr(v)) for v in vals[:max_shown])  # a value quoted from a file stays short
    if len(vals) > max_shown:
        shown += R.et_autres(len(vals) - max_shown)
    return shown


def _where(source: str | None) -> str:
    return R.dans(source)


@dataclass
class DropReport:
    """Counts of rows dropped or left unmatched by a reader or a function, with reasons.

    Examples
    --------
    >>> r = DropReport(source="pop.csv")
    >>> r.add("code de commune inconnu", 3, ["99999"])
    >>> r.total
    3
    >>> print(r)
    pop.csv : 3 lignes écartées : code de commune inconnu : 3 (ex. '99999'…)
    """

    source: str = ""
    reasons: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, reason: str, count: int, examples: Sequence[Any] = ()) -> None:
        """Record ``count`` rows dropped for ``reason`` (no-op when ``count`` is 0)."""
        if count <= 0:
            return
        self.reasons[reason] = self.reasons.get(reason, 0) + int(count)
        self.examples.setdefault(reason, []).extend(list(examples)[:_MAX_SHOWN])

    @property
    def total(self) -> int:
        """Total number of rows dropped."""
        return sum(self.reasons.values())

    def __bool__(self) -> bool:
        return self.total > 0

    def __str__(self) -> str:
        if not self.reasons:
            return f"{self.source} : {R.AUCUNE_LIGNE_ECARTEE}"
        parts = []
        for reason, n in self.reasons.items():
            ex = (self.examples.get(reason) or [])[:3]  # the count is given: the examples end with « … » if more
            shown = describe_values(ex, max_shown=3) + ("…" if n > len(ex) else "")
            parts.append(f"{reason} : {entier(n)}" + (R.exemples(shown) if ex else ""))
        return R.lignes_ecartees(source=self.source, total=self.total, details=parts)


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, source: str | None = None, hint: str = "") -> None:
    """Raise :class:`MissingColumnError` listing every required column that is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"])
    >>> try:
    ...     require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], source="x.csv")
    ... except MissingColumnError as e:
    ...     print(e)
    colonne(s) manquante(s) 'b' dans x.csv ; colonnes trouvées : 'a'
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        msg = R.colonnes_manquantes(
            manquantes=describe_values(missing),
            ou=_where(source),
            trouvees=describe_values(map(str, df.columns), max_shown=20),
        )
        if hint:
            msg += f". {hint}"
        raise MissingColumnError(msg)


def normalize_insee_codes(values: pd.Series | Sequence[Any]) -> pd.Series:
    """Turn codes read as numbers or padded strings into 5-character strings.

    Integers lose their leading zero when a CSV is read without ``dtype=str``
    (``1001`` for ``"01001"``); this restores it. Values that cannot be a code are
    left as they are so that :func:`check_insee_codes` can report them.

    Examples
    --------
    >>> normalize_insee_codes([1001, "2a004", " 75101 ", 1001.0]).tolist()
    ['01001', '2A004', '75101', '01001']
    """
    s = pd.Series(values, copy=True)
    out: list[object] = []
    for v in s.tolist():
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(v)
            continue
        if isinstance(v, (int, np.integer)) or (isinstance(v, (float, np.floating)) and float(v).is_integer()):
            out.append(f"{int(v):05d}")
            continue
        t = str(v).strip().upper()
        if t.isdigit() and len(t) == 4:
            t = "0" + t
        out.append(t)
    return pd.Series(out, index=s.index, dtype=object, name=s.name)


#: Corsican commune codes from before 1976 (department 20, split into 2A and 2B since 1 January 1976).
LEGACY_CORSICA_PATTERN = re.compile(r"^20\d{3}$")


def check_insee_codes(
    codes: pd.Series | pd.Index,
    *,
    source: str | None = None,
    column: str = "code_commune",
    unique: bool = False,
    current: bool = False,
) -> None:
    """Raise :class:`InvalidCodeError` for malformed (or, with ``unique``, duplicated) INSEE codes.

    With ``current=True`` the pre-1976 Corsican codes ``20xxx`` are refused too (they are well formed but
    name no commune of any COG since 1976, so an indicator would silently give them nothing).

    Examples
    --------
    >>> import pandas as pd
    >>> check_insee_codes(pd.Series(["01001", "2A004", "97101"]))
    >>> try:
    ...     check_insee_codes(pd.Series(["1001", "123456"]), source="t.csv", column="COM")
    ... except InvalidCodeError as e:
    ...     print(e)  # doctest: +ELLIPSIS
    code(s) INSEE mal formé(s) dans t.csv, colonne 'COM' : '1001', '123456' (2 valeurs)...
    >>> try:
    ...     check_insee_codes(pd.Series(["20004"]), source="pop.csv", current=True)
    ... except InvalidCodeError as e:
    ...     print(e)  # doctest: +ELLIPSIS
    ancien(s) code(s) corse(s) dans pop.csv, colonne 'code_commune' : '20004' (1 valeur) ; ... 2A (Corse-du-Sud) ...
    """
    s = pd.Series(codes)
    bad = [v for v in s.tolist() if not (isinstance(v, str) and INSEE_CODE_PATTERN.match(v))]
    problems = []
    if bad:
        problems.append(
            R.codes_insee_malformes(ou=_where(source), colonne=repr(column), valeurs=describe_values(bad), n=len(bad))
        )
    if current:
        legacy = [v for v in s.tolist() if isinstance(v, str) and LEGACY_CORSICA_PATTERN.match(v)]
        if legacy:
            problems.append(
                R.codes_corses_anciens(
                    ou=_where(source), colonne=repr(column), valeurs=describe_values(legacy), n=len(legacy)
                )
            )
    if unique:
        dup = s[s.duplicated(keep=False)].dropna().unique().tolist()
        if dup:
            problems.append(
                R.codes_insee_en_double(
                    ou=_where(source), colonne=repr(column), valeurs=describe_values(dup), n=len(dup)
                )
            )
    if problems:
        raise InvalidCodeError(" ; ".join(problems))


def check_unique(
    df: pd.DataFrame, columns: str | Sequence[str], *, source: str | None = None, what: str = "ligne"
) -> None:
    """Raise :class:`InvalidCodeError` if the key ``columns`` are duplicated.

    Examples
    --------
    >>> import pandas as pd
    >>> check_unique(pd.DataFrame({"k": [1, 2]}), "k")
    """
    cols = [columns] if isinstance(columns, str) else list(columns)
    dup = df[df.duplicated(cols, keep=False)]
    if len(dup):
        keys = dup[cols].drop_duplicates().astype(str).agg("/".join, axis=1).tolist()
        raise InvalidCodeError(
            R.cles_en_double(
                quoi=what, ou=_where(source), colonnes=describe_values(cols), cles=describe_values(keys), n=len(keys)
            )
        )


def to_numeric_column(
    df: pd.DataFrame,
    column: str,
    *,
    source: str | None = None,
    allow_nan: bool = False,
    non_negative: bool = True,
    allow_infinity: bool = False,
    max_abs: float = MAX_ABS_VALUE,
) -> pd.Series:
    """Return ``df[column]`` as floats; raise :class:`InvalidValueError` naming bad values.

    Accepts French decimal commas and thousands spaces (``"1 234,5"``). Refuses text, infinite values
    (``inf`` parses as a number but measures nothing; ``allow_infinity`` accepts ``+inf`` where it means
    something, such as an unreachable pair in a travel-time export), missing values unless ``allow_nan``, and
    negative values when ``non_negative``, and values of absurd magnitude (beyond ``max_abs``, by default
    :data:`MAX_ABS_VALUE`: ``1e308`` acts or ``1e18`` inhabitants are typing or export errors that would otherwise be
    capped or summed silently); the message names the column, the source and a few values with their count.

    Examples
    --------
    >>> import pandas as pd
    >>> to_numeric_column(pd.DataFrame({"p": ["1 234,5", 3]}), "p").tolist()
    [1234.5, 3.0]
    >>> try:
    ...     to_numeric_column(pd.DataFrame({"apl": ["2,5", "inf", "abc"]}), "apl", source="apl.csv")
    ... except InvalidValueError as e:
    ...     print(e)
    colonne 'apl' de apl.csv : 1 valeur non numérique (abc) ; 1 valeur infinie (inf)
    """
    raw = df[column]
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        cleaned = (
            raw.astype("string")
            .str.replace("\u00a0", "", regex=False)
            .str.replace("\u202f", "", regex=False)
            .str.replace(" ", "", regex=False)
            .str.replace(",", ".", regex=False)
            .replace({"": pd.NA})
        )
        num = pd.to_numeric(cleaned, errors="coerce").astype(float)
        non_numeric = raw[num.isna() & cleaned.notna()]
    else:
        num = pd.to_numeric(raw, errors="coerce").astype(float)
        non_numeric = raw[num.isna() & raw.notna()]
    name = f" de {extrait(source, limit=200)}" if source else ""
    problems = []
    if len(non_numeric):
        problems.append(
            f"{pluriel(len(non_numeric), 'valeur non numérique', 'valeurs non numériques')} "
            f"({liste(non_numeric.tolist())})"
        )
    nan_rows = raw[raw.isna()] if not allow_nan else raw.iloc[0:0]
    if len(nan_rows):
        problems.append(
            f"{pluriel(len(nan_rows), 'valeur manquante', 'valeurs manquantes')} "
            f"(vide ou NaN ; index {liste(nan_rows.index.tolist())})"
        )
    values = num.to_numpy(dtype=float)
    refused_infinity = np.isinf(values) & ~(allow_infinity & (values > 0))
    infinite = num[refused_infinity]
    if len(infinite):  # "inf" parses as a number, but no count, time or indicator is infinite
        problems.append(f"{pluriel(len(infinite), 'valeur infinie', 'valeurs infinies')} ({liste(infinite.tolist())})")
    huge = num[np.isfinite(values) & (np.abs(values) > max_abs)]
    if len(huge):
        problems.append(valeurs_demesurees(valeurs=huge.tolist(), n=len(huge), limite=max_abs))
    if non_negative:
        neg = num[(values < 0) & ~refused_infinity]  # (-inf is reported once, as infinite)
        if len(neg):
            problems.append(f"{pluriel(len(neg), 'valeur négative', 'valeurs négatives')} ({liste(neg.tolist())})")
    if problems:
        raise InvalidValueError(f"colonne {column!r}{name} : " + " ; ".join(problems))
    return num


def to_datetime_column(
    values: pd.Series, *, source: str, column: str, what: str = "date(s)", hint: str = ""
) -> pd.Series:
    """Parse ISO 8601 (``YYYY-MM-DD``...) or ``DD/MM/YYYY`` dates (empty = NaT) into ``datetime64[ns]``.

    A column that already holds datetimes is only cast. Raises :class:`InvalidValueError`
    naming the unreadable values; ``what`` and ``hint`` complete the message.

    Examples
    --------
    >>> import pandas as pd
    >>> to_datetime_column(pd.Series(["2021-06-15", "15/06/2021", ""]), source="t.csv", column="d").tolist()
    [Timestamp('2021-06-15 00:00:00'), Timestamp('2021-06-15 00:00:00'), NaT]
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[ns]")
    raw = values.astype(object).where(values.notna(), None)
    text = raw.map(lambda v: None if v is None or str(v).strip() == "" else str(v).strip())
    iso = pd.to_datetime(text, errors="coerce", format="ISO8601")
    fr = pd.to_datetime(text.where(iso.isna()), errors="coerce", format="%d/%m/%Y")
    out = iso.fillna(fr)
    bad = text[out.isna() & text.notna()]
    if len(bad):
        raise InvalidValueError(
            R.dates_illisibles(
                quoi=what,
                source=source,
                colonne=repr(column),
                valeurs=describe_values(bad.unique().tolist()),
                conseil=hint,
            )
        )
    return out.astype("datetime64[ns]")


def check_non_negative(values: pd.Series, *, column: str, source: str | None = None) -> None:
    """Raise :class:`InvalidValueError` for NaN or negative values.

    Examples
    --------
    >>> import pandas as pd
    >>> check_non_negative(pd.Series([0.0, 2.0]), column="population")
    """
    to_numeric_column(pd.DataFrame({column: values}), column, source=source)


def require_projected_crs(gdf: Any, *, source: str | None = None) -> None:
    """Refuse a missing or geographic CRS for distance work, saying how to fix it.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> require_projected_crs(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=2154))
    """
    crs = getattr(gdf, "crs", None)
    if crs is None:
        raise CRSError(R.crs_absent(ou=_where(source)))
    if crs.is_geographic:
        raise CRSError(R.crs_geographique(crs=repr(crs.to_string()), ou=_where(source)))
    if hasattr(gdf, "geometry"):
        check_crs_bounds(gdf, source=source)  # degrees labelled as metres would give distances of a few metres


def _projected_area(crs: Any) -> tuple[float, float, float, float] | None:
    """Bounds, in ``crs``'s own units, of its area of use (None when unknown or the whole world)."""
    area = getattr(crs, "area_of_use", None)
    if area is None or (area.east - area.west >= 359.0 and area.north - area.south >= 179.0):
        return None
    from pyproj import Transformer

    try:
        transformer = Transformer.from_crs(4326, crs, always_xy=True)
        xmin, ymin, xmax, ymax = transformer.transform_bounds(area.west, area.south, area.east, area.north)
    except Exception:  # noqa: BLE001 - pyproj raises its own errors for exotic systems: no check then
        return None
    bounds = (float(xmin), float(ymin), float(xmax), float(ymax))
    return bounds if all(np.isfinite(bounds)) else None


def check_crs_bounds(gdf: Any, *, source: str | None = None) -> None:
    """Refuse coordinates that cannot belong to the declared CRS, in both directions.

    * A geographic CRS (longitude/latitude) on coordinates outside longitude -180..180 / latitude -90..90: metres
      of a projected CRS labelled EPSG:4326 (the classic Lambert-93 file labelled WGS84).
    * A projected CRS (metres) on coordinates that all fit in longitude/latitude ranges and lie far from the CRS's
      area of use (more than its own size away): degrees labelled Lambert-93. Their "distances" would be a few
      metres, and every pair of communes would be "within 20 minutes".

    Every later step would otherwise fail far from the cause (infinite distances, empty maps, a plotting error after
    some output was written). Nothing is checked without a CRS or geometries, nor for a CRS whose area is the whole
    world (Web Mercator...), nor a single point (no distance to protect), nor coordinates that are all whole numbers
    (a local grid in metres, as in test fixtures: real longitudes/latitudes have decimals).

    Raises
    ------
    CRSError
        Naming the source, the bounds found and the likely fix.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> check_crs_bounds(gpd.GeoDataFrame(geometry=[Point(-0.58, 44.84)], crs=4326))
    >>> try:
    ...     check_crs_bounds(gpd.GeoDataFrame(geometry=[Point(652_000, 6_862_000)], crs=4326), source="points.gpkg")
    ... except CRSError as e:
    ...     print(str(e)[:93])
    les coordonnées de points.gpkg ne sont pas des longitudes/latitudes bien que leur système soi
    >>> try:
    ...     check_crs_bounds(gpd.GeoDataFrame(geometry=[Point(-0.58, 44.84), Point(-0.5, 44.9)], crs=2154),
    ...                      source="chefs_lieux.gpkg")
    ... except CRSError as e:
    ...     print(str(e)[:75])
    les coordonnées de chefs_lieux.gpkg ne peuvent pas être des mètres de EPSG:
    """
    from .messages import validation as M

    crs = getattr(gdf, "crs", None)
    if crs is None or len(gdf) == 0:
        return
    geoms = gdf.geometry[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    if len(geoms) == 0:
        return
    xmin, ymin, xmax, ymax = (float(v) for v in geoms.total_bounds)
    name = source or "la géométrie"
    degree_like = xmin >= -180.0 and xmax <= 180.0 and ymin >= -90.0 and ymax <= 90.0
    if crs.is_geographic:
        if not degree_like:
            raise CRSError(
                M.coordonnees_pas_en_degres(nom=name, crs=crs.to_string(), xmin=xmin, xmax=xmax, ymin=ymin, ymax=ymax)
            )
        return
    if not degree_like or (xmax - xmin) + (ymax - ymin) == 0.0:
        return  # (a single point gives no distance: nothing to protect)
    import shapely

    if np.all(np.mod(shapely.get_coordinates(np.asarray(geoms.values)), 1.0) == 0.0):
        return  # whole metres (a grid of test coordinates): real longitudes/latitudes have decimals
    area = _projected_area(crs)
    if area is None:
        return
    axmin, aymin, axmax, aymax = area
    margin = max(axmax - axmin, aymax - aymin)
    if xmax < axmin - margin or xmin > axmax + margin or ymax < aymin - margin or ymin > aymax + margin:
        emprise = f"x {entier(axmin)} à {entier(axmax)}, y {entier(aymin)} à {entier(aymax)}"
        raise CRSError(
            M.degres_dans_un_crs_projete(
                nom=name, crs=crs.to_string(), xmin=xmin, xmax=xmax, ymin=ymin, ymax=ymax, emprise=emprise
            )
        )


def user_stacklevel() -> int:
    """``stacklevel`` for :func:`warnings.warn` pointing at the first frame outside access_map (the user's code).

    Examples
    --------
    >>> user_stacklevel() >= 1
    True
    """
    package = os.path.dirname(os.path.abspath(__file__))
    frame: types.FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame = frame.f_back
        level += 1
    return level


def normalize_text(values: pd.Series) -> pd.Series:
    """Strings stripped of surrounding blanks and in Unicode NFC form (other values kept as they are).

    The same accented name can be stored precomposed (NFC, ``"é"``) or decomposed (NFD, ``"e"`` + accent):
    they look identical but compare different. Every text that is compared or grouped goes through here.

    Examples
    --------
    >>> import pandas as pd
    >>> s = normalize_text(pd.Series([" CPTS du Médoc ", "CPTS du Me\u0301doc", 7]))
    >>> s[0] == s[1], s[2]
    (True, 7)
    """
    return values.astype(object).map(lambda v: unicodedata.normalize("NFC", v.strip()) if isinstance(v, str) else v)
