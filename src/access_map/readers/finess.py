"""FINESS establishments (etalab extraction), located in Lambert 93.

The "FINESS Extraction du Fichier des établissements" published on data.gouv.fr
(``etalab-cs1100507-stock-AAAAMMJJ-HHMM.csv``) is a ``;``-separated Latin-1 file
(recent extractions may be UTF-8: both are detected) without a column header:

* first line ``finess;etalab;<version>;<date>``;
* ``structureet`` records, 32 fields: section, nofinesset, nofinessej, rs, rslongue,
  complrs, compldistrib, numvoie, typvoie, voie, compvoie, lieuditbp, commune,
  departement, libdepartement, ligneacheminement, telephone, telecopie, categetab,
  libcategetab, categagretab, libcategagretab, siret, codeape, codemft, libmft,
  codesph, libsph, dateouv, dateautor, datemaj, numuai;
* ``geolocalisation`` records: section, nofinesset, coordxet, coordyet,
  sourcecoordet, datemaj. ``sourcecoordet`` names the coordinate system
  (``...,EPSG:2154 RGF93 / Lambert-93 (Métropole)`` in recent files,
  ``...,LAMBERT_93`` in older ones); overseas establishments use local UTM systems.

``commune`` is the 3-character commune number inside ``departement``; the INSEE
code is ``departement + commune`` (``2A`` + ``004`` = ``2A004``), except overseas
where FINESS uses ``9A`` Guadeloupe, ``9B`` Martinique, ``9C`` Guyane, ``9D``
La Réunion, ``9E`` Saint-Pierre-et-Miquelon, ``9F`` Mayotte (INSEE ``97`` +
commune: ``9A`` + ``101`` = ``97101``) and ``9J``... for the Pacific (``98`` + commune).

Categories of interest (``categetab``): **603** maison de santé pluriprofessionnelle
(MSP), **124** centre de santé, **604** CPTS.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Collection

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS, Transformer
from shapely import points

from .._validate import DropReport
from ..communes import CODE
from ..errors import SourceError
from ..messages import readers as R
from ._io import PathLike, SourceWarning, finish, is_insee_code, read_text, reads_input

__all__ = [
    "structures_from_finess",
    "FINESS_CATEGORIES",
    "STRUCTURE_FIELDS",
    "GEOLOCATION_FIELDS",
    "finess_commune_code",
    "read_finess",
]

#: Categories (``categetab``) used by access_map, with their labels.
FINESS_CATEGORIES: dict[str, str] = {
    "603": "Maison de santé (L.6223-3)",
    "124": "Centre de santé",
    "604": "Communauté professionnelle territoriale de santé (CPTS)",
}

STRUCTURE_FIELDS: tuple[str, ...] = (
    "section", "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib", "numvoie", "typvoie",
    "voie", "compvoie", "lieuditbp", "commune", "departement", "libdepartement", "ligneacheminement",
    "telephone", "telecopie", "categetab", "libcategetab", "categagretab", "libcategagretab", "siret", "codeape",
    "codemft", "libmft", "codesph", "libsph", "dateouv", "dateautor", "datemaj", "numuai",
)  # fmt: skip
GEOLOCATION_FIELDS: tuple[str, ...] = ("section", "nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj")

#: FINESS overseas department codes -> INSEE prefix of the commune code.
_OVERSEAS_PREFIX = {"9A": "97", "9B": "97", "9C": "97", "9D": "97", "9E": "97", "9F": "97"}

#: Coordinate system keywords of older extractions -> EPSG code.
_CRS_KEYWORDS = {
    "LAMBERT_93": 2154,
    "LAMBERT93": 2154,
    "UTM_N20": 5490,
    "UTM_N21": 4467,
    "UTM_N22": 2972,
    "UTM_S40": 2975,
    "UTM_S38": 4471,
    "WGS84": 4326,
}
#: Fallback coordinate system by FINESS department when ``sourcecoordet`` names none.
_CRS_BY_DEPARTMENT = {"9A": 5490, "9B": 5490, "9C": 2972, "9D": 2975, "9E": 4467, "9F": 4471}


def finess_commune_code(departement: str, commune: str) -> str | None:
    """INSEE commune code from FINESS ``departement`` and ``commune`` fields (None if unusable).

    Examples
    --------
    >>> finess_commune_code("01", "451"), finess_commune_code("2A", "4"), finess_commune_code("9A", "101")
    ('01451', '2A004', '97101')
    >>> finess_commune_code("9J", "613"), finess_commune_code("", "101")
    ('98613', None)
    """
    dep = (departement or "").strip().upper()
    com = (commune or "").strip()
    if not dep or not com or not com.isdigit() or len(com) > 3:
        return None
    com = com.zfill(3)
    if dep.isdigit():
        return dep.zfill(2) + com
    if dep in ("2A", "2B"):
        return dep + com
    if len(dep) == 2 and dep[0] == "9" and dep[1].isalpha():
        return _OVERSEAS_PREFIX.get(dep, "98") + com
    return None


def _source_epsg(source: str, departement: str) -> int | None:
    m = re.search(r"EPSG[:\s]*(\d{4,5})", source or "", flags=re.IGNORECASE)
    if m:
        return int(m.group(1))
    tokens = re.split(r"[,\s]+", (source or "").upper())
    for tok in reversed(tokens):
        if tok in _CRS_KEYWORDS:
            return _CRS_KEYWORDS[tok]
    dep = (departement or "").strip().upper()
    if dep in _CRS_BY_DEPARTMENT:
        return _CRS_BY_DEPARTMENT[dep]
    if dep.isdigit() or dep in ("2A", "2B"):
        return 2154
    return None


#: Margin (degrees) around the area of use of a department's coordinate system within which a point is accepted.
AREA_MARGIN_DEGREES = 0.5


def _outside_their_area(x: np.ndarray, y: np.ndarray, epsg: np.ndarray, departements: pd.Series) -> np.ndarray:
    """True for points outside the area of use of their department's usual CRS (mainland France, each DROM).

    The declared system converts the coordinates to longitude/latitude; the department says where the
    establishment is. x and y swapped, or metres of another system, land far outside (or nowhere: infinite).
    """
    out = np.zeros(len(x), dtype=bool)
    usual = np.array([_source_epsg("", d if isinstance(d, str) else "") for d in departements], dtype=object)
    for code in {e for e in epsg if e is not None}:
        sel = (epsg == code) & np.isfinite(x) & np.isfinite(y)
        if not sel.any():
            continue
        lon, lat = Transformer.from_crs(CRS.from_epsg(int(code)), 4326, always_xy=True).transform(x[sel], y[sel])
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        astray = ~(np.isfinite(lon) & np.isfinite(lat))
        for area_code in {u for u in usual[sel] if u is not None}:
            area = CRS.from_epsg(int(area_code)).area_of_use
            if area is None:
                continue
            here = usual[sel] == area_code
            m = AREA_MARGIN_DEGREES
            inside = (lon >= area.west - m) & (lon <= area.east + m) & (lat >= area.south - m) & (lat <= area.north + m)
            astray |= here & ~inside
        out[np.flatnonzero(sel)[astray]] = True
    return out


def _parse_dates(values: pd.Series) -> pd.Series:
    text = values.fillna("").astype(str).str.strip()
    iso = pd.to_datetime(text.where(text.str.match(r"^\d{4}-\d{2}-\d{2}$")), format="%Y-%m-%d", errors="coerce")
    fr = pd.to_datetime(text.where(text.str.match(r"^\d{2}/\d{2}/\d{4}$")), format="%d/%m/%Y", errors="coerce")
    return iso.fillna(fr)


def _blank_to_nan(values: pd.Series) -> pd.Series:
    """Stripped strings as objects, empty strings as NaN."""
    stripped = values.str.strip()
    return stripped.where(stripped != "", np.nan).astype(object)


@reads_input
def read_finess(
    path: PathLike,
    *,
    categories: Collection[str | int] | None = ("603", "124", "604"),
    crs: int | str = 2154,
    drop_without_coordinates: bool = False,
    encoding: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a FINESS etalab extraction into located establishments.

    Parameters
    ----------
    path
        The extraction (``.csv`` or ``.csv.gz``).
    categories
        ``categetab`` codes kept (default MSP 603, centre de santé 124, CPTS 604);
        ``None`` keeps every category. Other rows are counted in ``attrs["selection"]``.
    crs
        Output CRS. Each point is transformed from the system named in its
        ``sourcecoordet`` (or, failing that, the usual system of its department) to
        this one. The default EPSG:2154 suits mainland France; for an overseas
        department pass its own projected CRS (5490 Antilles, 2972 Guyane, 2975
        La Réunion, 4471 Mayotte) and keep only its establishments.
    drop_without_coordinates
        Establishments without a usable ``geolocalisation`` record are kept with an
        empty geometry (default) or dropped; either way they are counted in the report.
    encoding
        Force the encoding (Latin-1/cp1252 and UTF-8 are detected).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per establishment (``RangeIndex``): ``finess``, ``finess_ej``, ``nom``,
        ``nom_long``, ``code_commune``, ``categorie`` (code as text), ``libelle_categorie``,
        ``date_ouverture``, ``date_autorisation``, ``date_maj`` (datetimes), ``siret``,
        ``geometry`` (points in ``crs``).

    Raises
    ------
    SourceError
        Not a FINESS extraction (no ``structureet`` record) or unreadable file.

    Examples
    --------
    >>> import tempfile, os
    >>> lines = ["finess;etalab;111;2026-05-12",
    ...          "structureet;330000001;330000000;MSP DES VIGNES;MAISON DE SANTÉ DES VIGNES;;;1;R;DU PORT;;;063;33;"
    ...          "GIRONDE;33000 BORDEAUX;;;603;Maison de santé (L.6223-3);1300;Autres;;;;;;;2015-03-01;2015-01-01;"
    ...          "2024-01-01;",
    ...          "geolocalisation;330000001;417000.0;6423000.0;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;"
    ...          "2024-01-01"]
    >>> p = os.path.join(tempfile.mkdtemp(), "etalab.csv")
    >>> _ = open(p, "wb").write("\\n".join(lines).encode("latin-1"))
    >>> g = read_finess(p)
    >>> g[["finess", "code_commune", "categorie"]].values.tolist(), g.crs.to_epsg(), g.geometry.x.tolist()
    ([['330000001', '33063', '603']], 2154, [417000.0])
    """
    name = str(path)
    text, _ = read_text(path, encoding=encoding, source=name)
    report = DropReport(source=name)
    selection: dict[str, int] = {}
    structures, geoloc, bad_lines, other_sections = _split_records(text)
    if not structures:
        raise SourceError(
            R.pas_une_extraction_finess(source=name, premiere_ligne=repr(text.splitlines()[0][:80] if text else ""))
        )
    report.add(R.LIGNE_FINESS_MALFORMEE, len(bad_lines), bad_lines)
    if other_sections:
        selection.update({f"'{k}' record ignored": v for k, v in other_sections.items()})
    st = _select_structures(structures, categories, report, selection)
    target = CRS.from_user_input(crs)
    geo = pd.DataFrame(geoloc, columns=list(GEOLOCATION_FIELDS)).astype(object)
    geo["nofinesset"] = geo["nofinesset"].str.strip()
    geo = geo.drop_duplicates("nofinesset", keep="last")
    merged = st.merge(geo[["nofinesset", "coordxet", "coordyet", "sourcecoordet"]], on="nofinesset", how="left")
    kept = "" if drop_without_coordinates else R.GARDE_SANS_GEOMETRIE
    ox, oy, located = _project_points(merged, target, report, kept=kept, source=name)
    geoms = np.array([None] * len(merged), dtype=object)
    if located.any():
        geoms[located] = points(ox[located], oy[located])
    gdf = gpd.GeoDataFrame(_establishment_columns(merged), geometry=gpd.GeoSeries(geoms, crs=target), crs=target)
    if drop_without_coordinates:
        gdf = gdf[located].reset_index(drop=True)
    gdf.attrs["selection"] = selection
    return finish(gdf, report, source=name)


def _split_records(text: str) -> tuple[list[list[str]], list[list[str]], list[int], dict[str, int]]:
    """Phase 1 of :func:`read_finess`: the ``structureet`` and ``geolocalisation`` records of the text (padded to
    their fields), the numbers of malformed lines and the count of records of any other section."""
    structures: list[list[str]] = []
    geoloc: list[list[str]] = []
    bad_lines: list[int] = []
    other_sections: dict[str, int] = {}
    for lineno, fields in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        if not fields or not any(f.strip() for f in fields):
            continue
        section = fields[0].strip().lower().lstrip("\ufeff")
        if section == "structureet":
            if (
                len(fields) < len(STRUCTURE_FIELDS) - 1
                or len(fields) > len(STRUCTURE_FIELDS) + 1
                or (len(fields) == len(STRUCTURE_FIELDS) + 1 and fields[-1].strip())
            ):
                bad_lines.append(lineno)
                continue
            structures.append((fields + [""] * len(STRUCTURE_FIELDS))[: len(STRUCTURE_FIELDS)])
        elif section == "geolocalisation":
            if len(fields) < 4:
                bad_lines.append(lineno)
                continue
            geoloc.append((fields + [""] * len(GEOLOCATION_FIELDS))[: len(GEOLOCATION_FIELDS)])
        elif section == "finess" and lineno == 1:
            continue
        else:
            other_sections[section] = other_sections.get(section, 0) + 1
    return structures, geoloc, bad_lines, other_sections


def _select_structures(
    structures: list[list[str]],
    categories: Collection[str | int] | None,
    report: DropReport,
    selection: dict[str, int],
) -> pd.DataFrame:
    """Phase 2 of :func:`read_finess`: the establishments of the requested categories, each once, with a usable
    INSEE ``code_commune`` (the others counted in ``selection`` or ``report``)."""
    st = pd.DataFrame(structures, columns=list(STRUCTURE_FIELDS)).astype(object)
    st["nofinesset"] = st["nofinesset"].str.strip()
    st["categetab"] = st["categetab"].str.strip()
    if categories is not None:
        wanted = {str(c).strip() for c in categories}
        keep = st["categetab"].isin(wanted)
        if (~keep).any():
            selection["category not requested"] = int((~keep).sum())
        st = st[keep.to_numpy()]
    dup = st["nofinesset"].duplicated()
    report.add(R.FINESS_EN_DOUBLE, int(dup.sum()), st.loc[dup, "nofinesset"].tolist())
    st = st[~dup.to_numpy()]
    codes = [finess_commune_code(d, c) for d, c in zip(st["departement"], st["commune"], strict=True)]
    codes_s = pd.Series(codes, index=st.index, dtype=object)
    ok = is_insee_code(codes_s)
    report.add(
        R.COMMUNE_FINESS_INUTILISABLE,
        int((~ok).sum()),
        (st.loc[~ok, "nofinesset"] + " " + st.loc[~ok, "departement"] + "/" + st.loc[~ok, "commune"]).tolist(),
    )
    return st.assign(code_commune=codes_s)[ok.to_numpy()]


def _coordinate_number(s: pd.Series) -> np.ndarray:
    """A FINESS coordinate column as floats (decimal comma accepted, blank or text as NaN)."""
    return pd.to_numeric(s.fillna("").astype(str).str.strip().str.replace(",", "."), errors="coerce").to_numpy(
        dtype=float
    )


def _project_points(
    merged: pd.DataFrame, target: CRS, report: DropReport, *, kept: str, source: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Phase 3 of :func:`read_finess`: each establishment's point from its own system to ``target`` (``x``,
    ``y`` and whether located); those without coordinates, with unknown systems or astray counted in ``report``,
    a warning when points come from another projected system than ``target``."""
    x, y = _coordinate_number(merged["coordxet"]), _coordinate_number(merged["coordyet"])
    epsg = np.array(
        [
            _source_epsg(s if isinstance(s, str) else "", d)
            for s, d in zip(merged["sourcecoordet"], merged["departement"], strict=True)
        ],
        dtype=object,
    )
    has_xy = np.isfinite(x) & np.isfinite(y)
    no_geoloc = merged["coordxet"].isna().to_numpy()
    report.add(
        R.ETABLISSEMENT_SANS_GEOLOCALISATION + kept,
        int(no_geoloc.sum()),
        merged.loc[no_geoloc, "nofinesset"].tolist(),
    )
    bad_xy = ~has_xy & ~no_geoloc
    report.add(R.COORDONNEES_VIDES + kept, int(bad_xy.sum()), merged.loc[bad_xy, "nofinesset"].tolist())
    unknown_crs = has_xy & np.array([e is None for e in epsg])
    report.add(
        R.SYSTEME_NON_RECONNU + kept,
        int(unknown_crs.sum()),
        merged.loc[unknown_crs, "sourcecoordet"].tolist(),
    )
    ox = np.full(len(merged), np.nan)
    oy = np.full(len(merged), np.nan)
    for code in {e for e in epsg[has_xy] if e is not None}:
        sel = has_xy & (epsg == code)
        tr = Transformer.from_crs(CRS.from_epsg(int(code)), target, always_xy=True)
        ox[sel], oy[sel] = tr.transform(x[sel], y[sel])
    located = np.isfinite(ox) & np.isfinite(oy)
    astray = located & _outside_their_area(x, y, epsg, merged["departement"])
    report.add(
        "coordonnées hors de l’emprise de leur département (x et y inversés, autre système ?)" + kept,
        int(astray.sum()),
        (merged.loc[astray, "nofinesset"] + " " + merged.loc[astray, "rs"].str.strip()).tolist(),
    )
    located &= ~astray
    if target.is_projected:
        foreign = located & np.array([e is not None and e != 4326 and CRS.from_epsg(int(e)) != target for e in epsg])
        if foreign.any():
            systems = sorted({f"EPSG:{e}" for e in epsg[foreign]})
            warnings.warn(
                R.finess_autre_systeme(
                    source=source, n=int(foreign.sum()), systemes=", ".join(systems), cible=target.name
                ),
                SourceWarning,
                stacklevel=3,  # read_finess's caller: this phase adds one frame
            )
    return ox, oy, located


def _establishment_columns(merged: pd.DataFrame) -> pd.DataFrame:
    """Phase 4 of :func:`read_finess`: the output columns (names, codes, category, dates, SIRET) of ``merged``."""
    return pd.DataFrame(
        {
            "finess": merged["nofinesset"].astype(object),
            "finess_ej": _blank_to_nan(merged["nofinessej"]),
            "nom": merged["rs"].str.strip().astype(object),
            "nom_long": _blank_to_nan(merged["rslongue"]),
            "code_commune": merged["code_commune"].astype(object),
            "categorie": merged["categetab"].astype(object),
            "libelle_categorie": merged["libcategetab"].str.strip().astype(object),
            "date_ouverture": _parse_dates(merged["dateouv"]),
            "date_autorisation": _parse_dates(merged["dateautor"]),
            "date_maj": _parse_dates(merged["datemaj"]),
            "siret": _blank_to_nan(merged["siret"]),
        }
    )


def structures_from_finess(finess: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The MSP / centre de santé table used by the indicators and maps, from :func:`read_finess`.

    Columns ``finess``, ``nom`` (the long name when given, else the short one), ``code_commune``,
    ``categorie`` and ``date_ouverture``, with the point geometries.

    Examples
    --------
    >>> import geopandas as gpd, numpy as np
    >>> from shapely.geometry import Point
    >>> f = gpd.GeoDataFrame({"finess": ["330000001"], "nom": ["MSP X"], "nom_long": [np.nan],
    ...     "code_commune": ["33063"], "categorie": ["603"], "date_ouverture": [None]},
    ...     geometry=[Point(417000, 6423000)], crs=2154)
    >>> structures_from_finess(f)[["nom", "categorie"]].values.tolist()
    [['MSP X', '603']]
    """
    return gpd.GeoDataFrame(
        {
            "finess": finess["finess"].to_numpy(),
            "nom": finess["nom_long"].where(finess["nom_long"].notna(), finess["nom"]).to_numpy(),
            "code_commune": finess[CODE].to_numpy(),
            "categorie": finess["categorie"].to_numpy(),
            "date_ouverture": finess["date_ouverture"].to_numpy(),
        },
        geometry=finess.geometry.to_numpy(),
        crs=finess.crs,
    )
