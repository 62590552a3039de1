"""The commune reference of a territory: codes, names, department, region, population, geometry.

:func:`commune_reference` assembles it from whichever official files are at hand — contours (IGN ADMIN
EXPRESS, etalab / france-geojson), populations légales, the COG commune list, DREES standardised
populations, population by age — and says precisely what is missing when files of different COG
vintages disagree. :func:`read_commune_table` reads one commune file of any of those kinds (the CLI's
``--communes``).

Where each column comes from (first source that has it):

=====================  =================================================================================
column                 sources, in order
=====================  =================================================================================
index (the communes)   contours, else populations légales, else standardised population, else COG
``nom``                contours, populations légales, COG, standardised population
``code_departement``   contours, populations légales, COG, else derived from the code (``97x`` overseas)
``code_region``        contours, populations légales, COG, else the region of the commune's department
                       learnt from the other communes of the files (departments never straddle regions)
``population``         populations légales (population municipale), a plain commune table, contours
                       (``POPULATION``), DREES total population, sum of the age bands; missing → 0 with
                       a warning
=====================  =================================================================================
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .._validate import describe_values
from ..communes import CODE, validate_communes
from ..csv_format import restore_formulas
from ..errors import InvalidValueError, MissingColumnError, SourceError
from ..messages import territory as T
from ..readers._io import PathLike, SourceWarning, normalize_label, read_table, reads_input
from .selection import departement_of_code

__all__ = [
    "CommuneInputs",
    "commune_reference",
    "check_reference",
    "read_commune_table",
    "read_commune_file",
    "commune_file_kind",
]

#: A commune input: the table a reader returned, with the source key it was given under.
CommuneInputs = Mapping[str, pd.DataFrame | None]

_GEO_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".zip", ".geojson.gz", ".json.gz")
#: What each source key is called in messages (and where to give it).
_WHAT = T.QUOI


def commune_file_kind(path: PathLike) -> str:
    """What a commune file is, from its name and header: ``contours``, ``drees_apl`` (the DREES APL
    workbook), ``populations``, ``cog_communes``, ``standardised_population`` or ``table``
    (``code_commune;population[;code_departement;code_region]``).

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "pop.csv"); _ = open(p, "w").write("REG;DEP;COM;PMUN;PCAP;PTOT\\n84;01;01001;779;19;798\\n")
    >>> commune_file_kind(p), commune_file_kind(os.path.join(d, "communes.geojson.gz"))
    ('populations', 'contours')
    """
    name = str(path).lower()
    if name.endswith(_GEO_SUFFIXES) or Path(path).is_dir():
        return "contours"
    if name.endswith((".xlsx", ".xlsm")):
        return "drees_apl"
    head, _, _ = read_table(path, source=str(path))
    labels = {normalize_label(c) for c in head.columns}
    if labels & {"pmun", "populationmunicipale"}:
        return "populations"
    if "typecom" in labels:
        return "cog_communes"
    if labels & {"popstandardisee", "anneepopulation"}:
        return "standardised_population"
    return "table"


@reads_input
def read_commune_table(path: PathLike, *, year: int | None = None) -> pd.DataFrame:
    """Read one commune file of any supported kind into a commune reference (see :func:`commune_file_kind`).

    Parameters
    ----------
    path
        Contours (GeoPackage, GeoJSON[.gz], Shapefile), populations légales, COG communes, DREES
        standardised population, or a table ``code_commune;population[;nom;code_departement;code_region]``.
    year
        Population year of a DREES standardised-population file holding several, or vintage of the
        ``APL AAAA`` sheet of a DREES APL workbook.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        Indexed by ``code_commune``, as :func:`commune_reference` returns it.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "c.csv")
    >>> _ = open(p, "w").write("code_commune;population;code_region\\n33063;261804;75\\n")
    >>> read_commune_table(p)[["code_departement", "code_region", "population"]].values.tolist()
    [['33', '75', 261804.0]]
    """
    kind = commune_file_kind(path)
    tables = read_commune_inputs({_KIND_KEY[kind]: path}, standardised_population_year=year, drees_apl_year=year)
    return commune_reference(tables)


@reads_input
def read_commune_file(path: PathLike, *, year: int | None = None) -> pd.DataFrame:
    """Read one commune file of any supported kind with its reader, **every column kept**.

    Unlike :func:`read_commune_table` (the assembled reference: name, department, region,
    population), this returns the file's own columns, under the reader's names: ``apl``/``apl_65``/
    ``standardised_population``/``population`` for a DREES workbook, ``population_municipale``...
    for the populations légales, ``standardised_population``/``population`` for the DREES
    standardised population (one ``year``), the COG or contour columns, or — for any other CSV —
    every column of the file with the commune code (``code_commune``, ``CODGEO``, ``COM``,
    ``INSEE_COM``, ``code_insee``, ``DEPCOM``) as index. For commands that let the user pick columns
    (``access-map zoning --apl-column``).

    Raises
    ------
    MissingColumnError
        A plain CSV without a commune code column.
    InvalidCodeError
        Malformed or duplicated commune codes.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.csv")
    >>> _ = open(p, "w").write("CODGEO;apl;apl_65;demand\\n33063;3.1;2.8;250000\\n")
    >>> read_commune_file(p).to_dict("index")
    {'33063': {'apl': '3.1', 'apl_65': '2.8', 'demand': '250000'}}
    """
    kind = commune_file_kind(path)
    if kind != "table":
        tables = read_commune_inputs({_KIND_KEY[kind]: path}, standardised_population_year=year, drees_apl_year=year)
        table = next(iter(tables.values()))
        assert table is not None
        return table
    raw, _, _ = read_table(path, source=str(path))
    by_label: dict[str, list[str]] = {}
    for c in raw.columns:
        by_label.setdefault(normalize_label(c), []).append(str(c))
    found = [c for label in _CODE_LABELS for c in by_label.get(label, [])]
    if not found:
        raise MissingColumnError(
            T.colonne_code_commune_absente(source=str(path), trouvees=describe_values(list(raw.columns), max_shown=20))
        )
    if len(found) > 1:
        from ..errors import AmbiguousColumnError

        raise AmbiguousColumnError(T.colonnes_code_commune_ambigues(source=str(path), colonnes=describe_values(found)))
    table, _ = validate_communes(raw, code_column=found[0], source=str(path))
    for column in table.columns:  # a name from the package's own CSVs: its formula guard removed
        table[column] = restore_formulas(table[column])
    return table


_CODE_LABELS = ("codecommune", "codgeo", "com", "inseecom", "codeinsee", "depcom")


_KIND_KEY = {
    "contours": "communes",
    "populations": "populations",
    "cog_communes": "cog_communes",
    "standardised_population": "standardised_population",
    "drees_apl": "drees_apl",
    "table": "table",
}


def read_commune_inputs(
    files: Mapping[str, PathLike],
    *,
    standardised_population_year: int | None = None,
    drees_apl_year: int | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame | None]:
    """Read the commune inputs among ``files`` (keys ``communes``, ``populations``, ``cog_communes``,
    ``standardised_population``, ``population_by_age``, ``drees_apl``, ``appartenance``, ``table``) with
    the package readers; ``tables`` holds inputs already read by the same readers (not read again).

    Examples
    --------
    >>> read_commune_inputs({})
    {}
    """
    from ..readers.ign import read_contours
    from ..readers.insee import read_cog_communes, read_population_by_age, read_populations_legales

    out: dict[str, pd.DataFrame | None] = {}
    for key, path in files.items():
        if tables is not None and key in tables:
            out[key] = tables[key]
        elif key == "communes":
            out[key] = read_contours(path, level="commune")
        elif key == "populations":
            out[key] = read_populations_legales(path)
        elif key == "cog_communes":
            out[key] = read_cog_communes(path)
        elif key == "standardised_population":
            out[key] = _read_standardised(path, standardised_population_year)
        elif key == "population_by_age":
            out[key] = read_population_by_age(path)
        elif key == "drees_apl":
            from ..readers.drees import read_apl_sheet

            out[key] = read_apl_sheet(path, year=drees_apl_year)
        elif key == "appartenance":
            from ..readers.appartenance import read_appartenance

            out[key] = read_appartenance(path)
        elif key == "table":
            out[key] = _read_plain_table(path)
    return out


def _read_standardised(path: PathLike, year: int | None) -> pd.DataFrame:
    from ..readers.drees import read_standardised_population

    if year is None:
        long = read_standardised_population(path)
        years = sorted(set(long["annee_population"]))
        if len(years) > 1:
            raise InvalidValueError(T.plusieurs_annees_standardisees(source=str(path), annees=describe_values(years)))
        year = int(years[0])
    return read_standardised_population(path, year=year)


def _read_plain_table(path: PathLike) -> pd.DataFrame:
    from ..readers._io import rename_aliases

    raw, _, _ = read_table(path, source=str(path))
    aliases = {
        CODE: ["codgeo", "com", "code_insee", "insee_com", "depcom"],
        "population": ["pmun", "population_municipale"],
        "nom": ["libelle", "libgeo", "commune"],
        "code_departement": ["dep", "code departement"],
        "code_region": ["reg", "code region"],
    }
    data = rename_aliases(raw, aliases, required=[CODE, "population"], source=str(path))
    table, _ = validate_communes(data, count_columns=["population"], source=str(path))
    return table


def _first(frames: list[tuple[str, pd.DataFrame]], column: str, index: pd.Index) -> tuple[pd.Series, dict[str, int]]:
    """Column filled from the first table that has a value; how many values each source gave."""
    out = pd.Series(pd.NA, index=index, dtype=object)
    used: dict[str, int] = {}
    for key, frame in frames:
        if column not in frame.columns:
            continue
        values = frame[column].reindex(index)
        fill = out.isna() & values.notna()
        if fill.any():
            out[fill] = values[fill].astype(object)
            used[key] = int(fill.sum())
    return out, used


def _given(tables: CommuneInputs) -> list[tuple[str, pd.DataFrame]]:
    order = ("communes", "drees_apl", "table", "populations", "cog_communes", "standardised_population", "appartenance")
    return [(k, t) for k in order if (t := tables.get(k)) is not None]


def commune_reference(tables: CommuneInputs, *, check: bool = True) -> pd.DataFrame:
    """Assemble the commune reference from the commune inputs read by :func:`read_commune_inputs`.

    Parameters
    ----------
    tables
        Reader outputs keyed by source: ``communes`` (contours), ``drees_apl`` (an ``APL AAAA`` sheet of
        the DREES workbook), ``table`` (a plain commune table: any extra commune-level columns, e.g.
        ``code_region`` from another file, fill what the others lack), ``populations``, ``cog_communes``,
        ``standardised_population``, ``population_by_age``.
    check
        Raise for communes without region and warn for communes without population
        (:func:`check_reference`); ``False`` leaves that to the caller (only the communes it keeps).

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        Index ``code_commune``; ``nom``, ``code_departement``, ``code_region`` (absent when no input
        knows any region), ``population``
        (float; 0 where no input gives it, with a warning), ``standardised_population`` when a DREES
        file was given (the standardised-population file, else the APL workbook), the APL columns of a
        DREES workbook (``apl``, ``apl_65``...), and the geometry of the contours (a GeoDataFrame then). ``attrs["origins"]``
        says which source filled how many values of each column.

    Raises
    ------
    SourceError
        No input names the communes, or no population at all, or communes whose region cannot be
        known (the message says which file lacks them and what to give).

    Examples
    --------
    >>> pop = pd.DataFrame({"population_municipale": [800.0, 1200.0], "code_region": ["84", "84"],
    ...                     "code_departement": ["01", "01"]}, index=pd.Index(["01001", "01002"], name="code_commune"))
    >>> ref = commune_reference({"populations": pop})
    >>> ref[["code_departement", "code_region", "population"]].values.tolist()
    [['01', '84', 800.0], ['01', '84', 1200.0]]
    """
    given = _given(tables)
    if given:
        given = _plm_to_cities(given)
        tables = {**tables, **dict(given)}
    if not given:
        raise SourceError(T.AUCUNE_ENTREE_COMMUNES)
    base_key, base = given[0]
    index = pd.Index(base.index.astype(object), name=CODE)
    origins: dict[str, dict[str, int]] = {}
    frames = [
        (k, t.rename(columns={"population_municipale": "population"}) if k == "populations" else t) for k, t in given
    ]
    columns: dict[str, Any] = {}
    for col in ("nom", "code_departement", "code_region"):
        columns[col], origins[col] = _first(frames, col, index)
    derived = columns["code_departement"].isna()
    if derived.any():
        columns["code_departement"] = columns["code_departement"].fillna(departement_of_code(index.to_series()))
        origins["code_departement"]["code"] = int(derived.sum())
    columns["code_region"] = _fill_regions(
        columns["code_region"], columns["code_departement"], frames, origins, base_key
    )
    if columns["code_region"].isna().all() and not any("code_region" in f.columns for _, f in frames):
        del columns["code_region"]  # no input knows any region: the caller decides whether it needs them
    population_sources: list[str] = []
    population = _population(tables, frames, index, origins, population_sources)
    columns["population"] = population.map(lambda v: float(v) if pd.notna(v) else 0.0).astype(float)
    std = tables.get("standardised_population")
    workbook = tables.get("drees_apl")
    for frame in (std, workbook):
        if frame is not None and "standardised_population" in frame.columns:
            columns["standardised_population"] = frame["standardised_population"].reindex(index).astype(float)
            break
    if workbook is not None:
        for col in workbook.columns:
            if col.startswith("apl"):
                columns[col] = workbook[col].reindex(index)
    out = pd.DataFrame(columns, index=index)
    if base_key == "communes" and isinstance(base, gpd.GeoDataFrame):
        out = gpd.GeoDataFrame(out, geometry=base.geometry.reindex(index).to_numpy(), crs=base.crs, index=index)
    out.attrs["origins"] = origins
    out.attrs["missing"] = {
        "region": out.index[out["code_region"].isna()].tolist() if "code_region" in out else [],
        "population": index[population.isna().to_numpy()].tolist(),
    }
    out.attrs["inputs"] = {"base": base_key, "given": [k for k, _ in frames], "population": population_sources}
    if check:
        check_reference(out)
    return out


def _plm_to_cities(given: list[tuple[str, pd.DataFrame]]) -> list[tuple[str, pd.DataFrame]]:
    """Inputs listing the Paris/Lyon/Marseille arrondissements where the base (first input) has the cities:
    their arrondissements are merged into the city (:func:`access_map.communes.merge_plm_arrondissements`:
    APL weighted by the standardised population, populations summed)."""
    from ..communes import PLM_CITIES, merge_plm_arrondissements, plm_city

    base_codes = set(map(str, given[0][1].index))
    cities = base_codes & {city for city, _ in PLM_CITIES.values()}
    out = [given[0]]
    for key, frame in given[1:]:
        codes = [str(c) for c in frame.index]
        wanted = {
            city[0] for c in codes if (city := plm_city(c)) is not None and city[0] in cities and c not in base_codes
        }
        if not wanted:
            out.append((key, frame))
            continue
        counts = [
            c for c in frame.columns if c in ("standardised_population", "population") or c.startswith("population_")
        ]
        weight = "standardised_population" if "standardised_population" in frame.columns else None
        apl = {c: weight for c in frame.columns if c.startswith("apl") and weight is not None}
        for c in counts:
            frame = frame.assign(**{c: pd.to_numeric(frame[c], errors="coerce")})
        out.append((key, merge_plm_arrondissements(frame, weighted=apl, summed=counts, cities=wanted)))
    return out


def check_reference(reference: pd.DataFrame, *, keep: pd.Index | None = None) -> None:
    """Raise for communes of ``reference`` (or of ``keep``) without region; warn for those without population.

    :func:`commune_reference` records them in ``attrs["missing"]``; the territory loader checks only the
    communes it keeps (a department's run does not need the region of Mayotte). Raises
    :class:`~access_map.errors.SourceError` naming the file that lacks the communes and what to give.

    Examples
    --------
    >>> ref = pd.DataFrame({"population": [0.0]}, index=pd.Index(["33999"], name="code_commune"))
    >>> ref.attrs = {"missing": {"region": [], "population": ["33999"]},
    ...              "inputs": {"base": "communes", "given": ["communes", "populations"], "population": ["populations"]}}
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     check_reference(ref)
    >>> str(w[0].message)[:95]
    '1 commune des contours (sources.communes) absente(s) des populations légales (sources.populatio'
    """
    missing = reference.attrs.get("missing", {})
    inputs = reference.attrs.get("inputs", {})
    base = _WHAT.get(inputs.get("base", ""), inputs.get("base", T.LES_ENTREES))
    no_region = pd.Index(missing.get("region", []))
    no_pop = pd.Index(missing.get("population", []))
    if keep is not None:
        no_region, no_pop = no_region.intersection(keep), no_pop.intersection(keep)
    if len(no_region):
        deps = reference.loc[no_region, "code_departement"].astype(str) if "code_departement" in reference else []
        raise SourceError(
            T.communes_sans_region(
                n=len(no_region),
                base=base,
                exemples=describe_values(no_region[:5].tolist()),
                departements=describe_values(sorted(set(deps))),
                entrees=", ".join(inputs.get("given", [])),
            )
        )
    if len(no_pop):
        pops = inputs.get("population", [])
        first = pops[0] if pops else T.LES_ENTREES_DE_POPULATION
        if inputs.get("base") == "communes" and first == "drees_apl":  # the atlas of the published APL
            from ..messages.atlas import contour_communes_not_in_workbook

            warnings.warn(contour_communes_not_in_workbook(codes=no_pop.tolist()), SourceWarning, stacklevel=3)
            return
        warnings.warn(
            T.communes_sans_population(
                n=len(no_pop),
                base=base,
                entree=_WHAT.get(first, first),
                autres=len(pops) > 1,
                exemples=describe_values(no_pop[:5].tolist()),
            ),
            SourceWarning,
            stacklevel=3,
        )


def _fill_regions(
    regions: pd.Series,
    departements: pd.Series,
    frames: list[tuple[str, pd.DataFrame]],
    origins: dict[str, dict[str, int]],
    base_key: str,
) -> pd.Series:
    """Regions still missing: the region of the department, learnt from the communes of the inputs."""
    missing = regions.isna()
    if not missing.any() or bool(missing.all()) and not any("code_region" in f.columns for _, f in frames):
        return regions  # complete, or no input knows regions at all (the caller decides whether it needs them)
    known = [
        f[["code_departement", "code_region"]].dropna()
        for _, f in frames
        if {"code_departement", "code_region"} <= set(f.columns)
    ] + [pd.DataFrame({"code_departement": departements, "code_region": regions}).dropna()]
    pairs = pd.concat(known).drop_duplicates()
    ambiguous = pairs["code_departement"][pairs["code_departement"].duplicated()].unique().tolist()
    if ambiguous:
        raise SourceError(T.departements_plusieurs_regions(departements=describe_values(ambiguous)))
    of_dep = pairs.set_index("code_departement")["code_region"]
    filled = regions.fillna(departements.map(of_dep))
    n = int((missing & filled.notna()).sum())
    if n:
        origins["code_region"]["department"] = n
    return filled


def _population(
    tables: CommuneInputs,
    frames: list[tuple[str, pd.DataFrame]],
    index: pd.Index,
    origins: dict[str, dict[str, int]],
    sources: list[str],
) -> pd.Series:
    from ..schema import AGE_BANDS

    by_key = dict(frames)
    candidates: list[tuple[str, pd.DataFrame]] = [
        (k, by_key[k])
        for k in ("populations", "table", "communes", "drees_apl")
        if k in by_key and "population" in by_key[k].columns
    ]
    std = tables.get("standardised_population")
    if std is not None and "population" in std.columns and std["population"].notna().any():
        candidates.append(("standardised_population", std[["population"]]))
    by_age = tables.get("population_by_age")
    if by_age is not None:
        candidates.append(("population_by_age", pd.DataFrame({"population": by_age[list(AGE_BANDS)].sum(axis=1)})))
    if not candidates:
        raise SourceError(T.AUCUNE_POPULATION)
    pop, origins["population"] = _first(candidates, "population", index)
    sources[:] = [k for k, _ in candidates]
    return pop
