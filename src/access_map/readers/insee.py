"""Readers for INSEE files: Code officiel géographique, populations légales, population by age.

Every reader returns one table indexed by INSEE code (``code_commune`` for
communes, ``code`` for departments and regions), with the
:class:`~access_map._validate.DropReport` of what was filtered out or dropped in
``table.attrs["drop_report"]`` (see :mod:`access_map.readers._io`). Rows dropped
because they are malformed (bad code, empty line) also raise a
:class:`~access_map.readers._io.SourceWarning`; rows left out by an explicit
filter (``typecom``) are only counted.

Layouts accepted
----------------
* COG communes (``communes_AAAA.csv`` / ``v_commune_AAAA.csv``): ``TYPECOM, COM, REG, DEP,
  CTCD, ARR, TNCC, NCC, NCCENR, LIBELLE, CAN, COMPARENT``.
* COG departments: ``DEP, REG, CHEFLIEU, TNCC, NCC, NCCENR, LIBELLE``; regions:
  ``REG, CHEFLIEU, TNCC, NCC, NCCENR, LIBELLE``.
* Populations légales: ``REG;DEP;COM;PMUN;PCAP;PTOT`` (COM = 5-character code, optional
  ``Commune``/``Région`` and ``CODCOM`` columns), or the layout of the xls workbooks
  converted to CSV (``Code département`` + ``Code commune`` on 3 characters,
  ``Population municipale``, ``Population comptée à part``, ``Population totale``).
* Population by sex and five-year age band (``pop-sexe-age-quinquennal``): one row per
  commune, ``CODGEO`` (or ``DR`` + ``CR``), ``LIBGEO`` (or ``LIBELLE``) and
  ``ageq_recXXsYrpAAAA`` columns (XX = 01…20 for 0-4 … 95+, Y = 1 men / 2 women).

Encodings (UTF-8, Latin-1/cp1252) and separators (``;`` ``,``) are detected.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Sequence

import pandas as pd

from .._validate import DropReport, describe_values, normalize_insee_codes, to_numeric_column, user_stacklevel
from ..communes import CODE, validate_communes
from ..errors import InvalidCodeError, InvalidValueError, MissingColumnError
from ..messages import entier
from ..messages import readers as R
from ..messages import validation as M
from ..schema import AGE_BANDS
from ._io import (
    SourceWarning,
    finish,
    normalize_label,
    open_bytes,
    read_table,
    reads_input,
    refuse_contradicting_departments,
    refuse_header_only,
    rename_aliases,
    sniff_encoding,
)

__all__ = [
    "read_cog_communes",
    "read_cog_departements",
    "read_cog_regions",
    "read_populations_legales",
    "read_population_by_age",
    "TYPECOM_VALUES",
]

PathLike = str | os.PathLike

#: Types of COG records: commune, commune associée, commune déléguée, arrondissement municipal.
TYPECOM_VALUES: tuple[str, ...] = ("COM", "COMA", "COMD", "ARM")

_DEP_PATTERN = re.compile(r"^(?:\d{2}|2[AB]|97\d)$")
_REG_PATTERN = re.compile(r"^\d{2}$")


def _strip(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip()


def _pad(s: pd.Series, width: int) -> pd.Series:
    """Left-pad purely numeric codes with zeros (``"1"`` → ``"01"``); leave others as they are."""
    t = _strip(s)
    return t.where(~t.fillna("").str.fullmatch(r"\d+"), t.str.zfill(width))


def _drop_rows(df: pd.DataFrame, mask: pd.Series, report: DropReport, reason: str, examples: pd.Series) -> pd.DataFrame:
    n = int(mask.sum())
    if n:
        report.add(reason, n, examples[mask].astype(str).tolist())
    return df[~mask.to_numpy()]


def _header_row(path: PathLike, markers: Sequence[str], *, source: str, max_lines: int = 30) -> int:
    """Index of the first line containing one of ``markers`` (case-insensitive), for files converted from
    INSEE workbooks whose header sits below a few lines of notes; 0 when the first line already has it."""
    with open_bytes(path, source=source) as fh:
        sample = fh.read(1 << 16)
    text = sample.decode(sniff_encoding(sample, truncated=True), errors="replace")
    wanted = [m.lower() for m in markers]
    for i, line in enumerate(text.splitlines()[:max_lines]):
        low = line.lower()
        n_fields = max(low.count(sep) for sep in (";", ",", "\t", "|")) + 1
        if n_fields >= 4 and any(m in low for m in wanted):  # a header row, not a note quoting the column
            return i
    return 0


def _check_codes(values: pd.Series, pattern: re.Pattern[str], *, column: str, source: str, what: str) -> None:
    bad = values[~values.fillna("").str.match(pattern)]
    if len(bad):
        raise InvalidCodeError(
            R.codes_geo_malformes(
                quoi=what,
                source=source,
                colonne=repr(column),
                valeurs=describe_values(bad.astype(str).unique().tolist()),
                n=len(bad),
            )
        )


@reads_input
def read_cog_communes(
    path: PathLike,
    *,
    typecom: Sequence[str] = ("COM",),
    source: str | None = None,
) -> pd.DataFrame:
    """Read the INSEE COG commune file.

    Parameters
    ----------
    path
        ``communes_AAAA.csv`` (``,``-separated, UTF-8) or an equivalent ``;``/Latin-1 file, possibly gzipped.
    typecom
        Record types to keep among ``COM`` (communes, default), ``ARM`` (arrondissements
        municipaux of Paris, Lyon, Marseille), ``COMA``, ``COMD`` (communes associées /
        déléguées, which share codes with their parent commune: combining them with
        ``COM`` raises a duplicated-code error). Records of other types are counted in the
        report (reason ``TYPECOM not selected``) without a warning.
    source
        Name quoted in errors (defaults to the path).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code_commune``; columns ``nom`` (LIBELLE), ``code_departement``,
        ``code_region`` (empty for COMA/COMD, which carry no region in the COG),
        ``typecom``, ``code_arrondissement``, ``code_canton``, ``commune_parente``.

    Raises
    ------
    MissingColumnError
        TYPECOM, COM, DEP, REG or LIBELLE absent.
    InvalidValueError
        ``typecom`` holds an unknown type.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "communes.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\\n"
    ...     "COM,01001,84,01,01D,012,5,ABERGEMENT CLEMENCIAT,Abergement-Clémenciat,L'Abergement-Clémenciat,0108,\\n"
    ...     "COMD,01001,,,,,5,X,X,Ancienne,,01001\\n"
    ...     "ARM,75101,11,75,75C,751,0,PARIS 1ER,Paris 1er,Paris 1er Arrondissement,7599,75056\\n")
    >>> t = read_cog_communes(p)
    >>> t.index.tolist(), t.loc["01001", "nom"], t.attrs["drop_report"].total
    (['01001'], "L'Abergement-Clémenciat", 2)
    >>> read_cog_communes(p, typecom=["COM", "ARM"]).index.tolist()
    ['01001', '75101']
    """
    name = source or str(path)
    unknown = [t for t in typecom if t not in TYPECOM_VALUES]
    if unknown or not typecom:
        raise InvalidValueError(
            R.typecom_inconnu(
                typecom=repr(list(typecom)),
                inconnus=describe_values(unknown),
                possibles=describe_values(TYPECOM_VALUES),
            )
        )
    raw, _, _ = read_table(path, source=name)
    df = rename_aliases(
        raw,
        {
            "TYPECOM": ["typecom"],
            "COM": ["codgeo", "code_commune", "com"],
            "REG": ["reg"],
            "DEP": ["dep"],
            "LIBELLE": ["libelle"],
            "NCCENR": [],
            "ARR": [],
            "CAN": [],
            "COMPARENT": [],
        },
        required=["TYPECOM", "COM", "REG", "DEP"],
        source=name,
    )
    df = _libelle_or_nccenr(df, name=name)
    report = DropReport(source=name)
    df = df.assign(TYPECOM=_strip(df["TYPECOM"]).str.upper())
    keep = df["TYPECOM"].isin(list(typecom))
    if (~keep).any():
        counts = df.loc[~keep, "TYPECOM"].fillna(R.VIDE).value_counts()
        for t, n in counts.items():
            report.add(R.typecom_non_retenu(str(t)), int(n))
    df = df[keep.to_numpy()]
    out = pd.DataFrame(
        {
            CODE: df["COM"],
            "nom": _strip(df["LIBELLE"]),
            "code_departement": _pad(df["DEP"], 2),
            "code_region": _pad(df["REG"], 2),
            "typecom": df["TYPECOM"],
            "code_arrondissement": _strip(df["ARR"]) if "ARR" in df else pd.NA,
            "code_canton": _strip(df["CAN"]) if "CAN" in df else pd.NA,
            "commune_parente": _strip(df["COMPARENT"]) if "COMPARENT" in df else pd.NA,
        }
    )
    refuse_contradicting_departments(
        normalize_insee_codes(out[CODE]), out["code_departement"], source=name, column="DEP", regions=out["code_region"]
    )
    table, rep = validate_communes(out, source=name, drop_invalid=True)
    for reason, n in rep.reasons.items():
        report.add(reason, n, rep.examples.get(reason, []))
    if rep:  # only malformed rows warn; the TYPECOM filter is asked for
        warnings.warn(str(rep), SourceWarning, stacklevel=2)
    table.attrs["drop_report"] = report
    table.attrs["source"] = name
    return table


def _libelle_or_nccenr(df: pd.DataFrame, *, name: str) -> pd.DataFrame:
    """The name column ``LIBELLE`` (with article), else ``NCCENR`` (older COG files): a fallback, not an alias."""
    if "LIBELLE" in df.columns:
        return df
    if "NCCENR" not in df.columns:
        raise MissingColumnError(
            R.libelle_absent(source=name, trouvees=describe_values(map(str, df.columns), max_shown=20))
        )
    return df.rename(columns={"NCCENR": "LIBELLE"})


def _read_cog_simple(
    path: PathLike, *, key: str, source: str | None, columns: dict[str, list[str]], required: list[str]
) -> tuple[pd.DataFrame, DropReport, str]:
    name = source or str(path)
    raw, _, _ = read_table(path, source=name)
    df = _libelle_or_nccenr(rename_aliases(raw, {**columns, "NCCENR": []}, required=required, source=name), name=name)
    report = DropReport(source=name)
    empty = df[key].isna() | (_strip(df[key]).fillna("") == "")
    df = _drop_rows(df, empty, report, R.cle_vide(key), pd.Series(range(len(df)), index=df.index) + 2)
    return df, report, name


@reads_input
def read_cog_departements(path: PathLike, *, source: str | None = None) -> pd.DataFrame:
    """Read the INSEE COG department file (``DEP, REG, CHEFLIEU, TNCC, NCC, NCCENR, LIBELLE``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (``"01"``, ``"2A"``, ``"971"``); columns ``nom``, ``code_region``,
        ``cheflieu`` (INSEE code of the prefecture commune).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "departements.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\\n01,84,01053,5,AIN,Ain,Ain\\n"
    ...     "2A,94,2A004,3,CORSE DU SUD,Corse-du-Sud,Corse-du-Sud\\n")
    >>> read_cog_departements(p)[["nom", "code_region"]].to_dict("index")
    {'01': {'nom': 'Ain', 'code_region': '84'}, '2A': {'nom': 'Corse-du-Sud', 'code_region': '94'}}
    """
    df, report, name = _read_cog_simple(
        path,
        key="DEP",
        source=source,
        columns={"DEP": ["code"], "REG": [], "CHEFLIEU": [], "LIBELLE": ["nom"]},
        required=["DEP", "REG"],
    )
    out = pd.DataFrame(
        {
            "code": _pad(df["DEP"], 2).str.upper(),
            "nom": _strip(df["LIBELLE"]),
            "code_region": _pad(df["REG"], 2),
            "cheflieu": _strip(df["CHEFLIEU"]) if "CHEFLIEU" in df else pd.NA,
        }
    )
    _check_codes(out["code"], _DEP_PATTERN, column="DEP", source=name, what=R.DEPARTEMENT)
    _check_codes(out["code_region"], _REG_PATTERN, column="REG", source=name, what=R.REGION)
    return _finish_keyed(out, report, name=name, column="DEP")


@reads_input
def read_cog_regions(path: PathLike, *, source: str | None = None) -> pd.DataFrame:
    """Read the INSEE COG region file (``REG, CHEFLIEU, TNCC, NCC, NCCENR, LIBELLE``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code`` (``"84"``); columns ``nom``, ``cheflieu``.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "regions.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\\n1,97105,3,GUADELOUPE,Guadeloupe,Guadeloupe\\n")
    >>> read_cog_regions(p)["nom"].to_dict()
    {'01': 'Guadeloupe'}
    """
    df, report, name = _read_cog_simple(
        path,
        key="REG",
        source=source,
        columns={"REG": ["code"], "CHEFLIEU": [], "LIBELLE": ["nom"]},
        required=["REG"],
    )
    out = pd.DataFrame(
        {
            "code": _pad(df["REG"], 2),
            "nom": _strip(df["LIBELLE"]),
            "cheflieu": _strip(df["CHEFLIEU"]) if "CHEFLIEU" in df else pd.NA,
        }
    )
    _check_codes(out["code"], _REG_PATTERN, column="REG", source=name, what=R.REGION)
    return _finish_keyed(out, report, name=name, column="REG")


def _finish_keyed(out: pd.DataFrame, report: DropReport, *, name: str, column: str) -> pd.DataFrame:
    dup = out.loc[out["code"].duplicated(keep=False), "code"].unique().tolist()
    if dup:
        raise InvalidCodeError(
            R.codes_en_double_colonne(source=name, colonne=repr(column), valeurs=describe_values(dup))
        )
    table = out.set_index("code").sort_index()
    table.index = table.index.astype(object)
    return finish(table, report, source=name, stacklevel=4)


def _column_label(raw: pd.DataFrame, canonical: str) -> str:
    """The file's own header of a population column (for messages): ``DEP`` or ``Code département``."""
    wanted = {normalize_label(a) for a in (canonical, *_POP_ALIASES[canonical])}
    return next((str(c) for c in raw.columns if normalize_label(c) in wanted), canonical)


_POP_ALIASES: dict[str, list[str]] = {
    "COM": ["com", "codgeo", "code_commune"],
    "DEP": ["dep", "code departement"],
    "REG": ["reg", "code region"],
    "PMUN": ["population municipale", "pmun"],
    "PCAP": ["population comptee a part", "pcap"],
    "PTOT": ["population totale", "ptot"],
    "NOM": ["commune", "nom de la commune", "libelle", "libgeo"],
}


@reads_input
def read_populations_legales(path: PathLike, *, source: str | None = None) -> pd.DataFrame:
    """Read an INSEE populations légales file (per commune or arrondissement municipal).

    Parameters
    ----------
    path
        ``REG;DEP;COM;PMUN;PCAP;PTOT`` (with or without the extra ``Région``, ``CODARR``,
        ``CODCAN``, ``CODCOM``, ``Commune`` columns) or the xls-converted layout where
        ``Code commune`` has 3 characters and the INSEE code is the first two
        characters of ``Code département`` + ``Code commune`` (``971`` + ``101`` → ``97101``).
    source
        Name quoted in errors (defaults to the path).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code_commune``; float columns ``population_municipale`` (PMUN, the
        population used by the APL), ``population_comptee_a_part`` (PCAP),
        ``population_totale`` (PTOT); text columns ``code_departement``, ``code_region``
        and ``nom`` when the file has them. Rows without a valid code are dropped and
        reported. Lines of notes above the header (workbooks saved as CSV) are skipped.

    Raises
    ------
    MissingColumnError
        No PMUN column, or no commune code column (COM or Code département + Code commune).
    InvalidValueError
        A population is negative or not a number (file, column and values named).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "pop.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("REG;DEP;COM;PMUN;PCAP;PTOT\\n84;01;01001;779;19;798\\n")
    >>> t = read_populations_legales(p)
    >>> t[["population_municipale", "population_totale"]].to_dict("index")
    {'01001': {'population_municipale': 779.0, 'population_totale': 798.0}}
    """
    name = source or str(path)
    skip = _header_row(path, ["PMUN", "Population municipale"], source=name)
    raw, _, _ = read_table(path, source=name, skiprows=skip)
    refuse_header_only(raw, source=name)
    labels = {normalize_label(c): c for c in raw.columns}
    df = raw
    if "codecommune" in labels and "codedepartement" in labels:
        # xls-converted layout: 3-character commune number within the department
        dep = _strip(raw[labels["codedepartement"]]).str.upper()
        com = _pad(raw[labels["codecommune"]], 3)
        codes = dep.str.slice(0, 2) + com
        df = raw.drop(columns=[labels["codecommune"]]).assign(COM=codes)
    df = rename_aliases(df, _POP_ALIASES, required=["COM", "PMUN"], source=name)
    report = DropReport(source=name)
    empty = df["COM"].isna() | (_strip(df["COM"]).fillna("") == "")
    df = _drop_rows(df, empty, report, R.CODE_COMMUNE_VIDE, pd.Series(range(len(df)), index=df.index) + 2)
    out = pd.DataFrame({CODE: _strip(df["COM"]).astype(object)})
    columns = {"PMUN": "population_municipale", "PCAP": "population_comptee_a_part", "PTOT": "population_totale"}
    for col, new in columns.items():
        if col in df:
            out[new] = to_numeric_column(df, col, source=name)
    if set(columns.values()) <= set(out.columns):  # INSEE: PTOT = PMUN + PCAP, exactly
        gap = (out["population_totale"] - out["population_municipale"] - out["population_comptee_a_part"]).abs()
        wrong = (gap > 0.5).to_numpy()
        if wrong.any():
            details = [
                f"{code} : {entier(pm)} + {entier(pc)} ≠ {entier(pt)} (ligne {row + skip + 2})"
                for code, pm, pc, pt, row in zip(
                    out[CODE][wrong],
                    out["population_municipale"][wrong],
                    out["population_comptee_a_part"][wrong],
                    out["population_totale"][wrong],
                    out.index.to_numpy()[wrong],
                    strict=True,
                )
            ]
            # a warning, not an error: PMUN is the population every indicator uses; PTOT is read only as an
            # optional population for the zoning caps, and a contradiction there must be seen
            warnings.warn(
                M.population_totale_contradictoire(nom=name, details=details, n=len(details)),
                SourceWarning,
                stacklevel=user_stacklevel(),
            )
    if "DEP" in df:
        out["code_departement"] = _pad(df["DEP"], 2).str.upper()
    if "REG" in df:
        out["code_region"] = _pad(df["REG"], 2)
    if "DEP" in df:  # a DEP that contradicts the code would create a department that does not exist
        refuse_contradicting_departments(
            normalize_insee_codes(out[CODE]),
            out["code_departement"],
            source=name,
            column=_column_label(raw, "DEP"),
            regions=out.get("code_region"),
            first_line=skip + 2,
        )
    if "NOM" in df:
        out["nom"] = _strip(df["NOM"])
    table, rep = validate_communes(out, source=name, drop_invalid=True)
    for reason, n in rep.reasons.items():
        report.add(reason, n, rep.examples.get(reason, []))
    return finish(table, report, source=name)


_AGE_COLUMN = re.compile(r"^ageq_rec(\d{2})s([12])rp(\d{4})$", re.IGNORECASE)


@reads_input
def read_population_by_age(path: PathLike, *, year: int | None = None, source: str | None = None) -> pd.DataFrame:
    """Read INSEE population by sex and five-year age band (``pop-sexe-age-quinquennal`` layout).

    Parameters
    ----------
    path
        One row per commune; code in ``CODGEO`` or in ``DR`` (department) + ``CR``
        (3-character commune number); counts in ``ageq_recXXsYrpAAAA`` columns: XX = 01
        (0-4 years) … 19 (90-94), 20 (95 and over); Y = 1 men, 2 women; AAAA = census
        year. If the file has a ``NIVGEO`` column only ``COM`` and ``ARM`` rows are kept
        (others are counted in the report, without a warning). Lines of notes above the
        header (the INSEE workbook saved as CSV) are skipped.
    year
        Census year to read when the file holds several (required then); by default the
        only year present.
    source
        Name quoted in errors (defaults to the path).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code_commune``; the 19 :data:`~access_map.schema.AGE_BANDS` columns
        (both sexes summed; 90-94 and 95+ folded into ``age_90_plus``) and ``women``
        (female population, all ages). Floats: INSEE publishes non-integer estimates.

    Raises
    ------
    MissingColumnError
        No code column, or some of the 40 ``ageq_rec`` columns of the year are missing.
    InvalidValueError
        Several years and ``year`` not given, or a year absent, or a negative/non-numeric count.

    Examples
    --------
    >>> import tempfile, os
    >>> cols = [f"ageq_rec{b:02d}s{s}rp2021" for s in (1, 2) for b in range(1, 21)]
    >>> p = os.path.join(tempfile.mkdtemp(), "age.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "CODGEO;LIBGEO;" + ";".join(cols) + "\\n01001;Abergement;" + ";".join(["1"] * 40) + "\\n")
    >>> t = read_population_by_age(p)
    >>> t.loc["01001", ["age_00_04", "age_90_plus", "women"]].tolist()
    [2.0, 4.0, 20.0]
    """
    name = source or str(path)
    skip = _header_row(path, ["ageq_rec"], source=name)
    raw, _, _ = read_table(path, source=name, skiprows=skip)
    matches = {c: _AGE_COLUMN.match(c) for c in raw.columns}
    found = {c: (int(m.group(1)), int(m.group(2)), int(m.group(3))) for c, m in matches.items() if m}
    if not found:
        raise MissingColumnError(
            R.colonnes_ages_absentes(source=name, trouvees=describe_values(list(map(str, raw.columns)), max_shown=12))
        )
    years = sorted({y for (_, _, y) in found.values()})
    if year is None:
        if len(years) > 1:
            raise InvalidValueError(R.plusieurs_annees(source=name, annees=describe_values(years)))
        year = years[0]
    elif year not in years:
        raise InvalidValueError(R.annee_absente(annee=year, source=name, annees=describe_values(years)))
    by_key = {(b, s): c for c, (b, s, y) in found.items() if y == year}
    missing = [f"ageq_rec{b:02d}s{s}rp{year}" for s in (1, 2) for b in range(1, 21) if (b, s) not in by_key]
    if missing:
        raise MissingColumnError(R.tranches_ages_manquantes(source=name, colonnes=describe_values(missing)))
    labels = {normalize_label(c): c for c in raw.columns}
    report = DropReport(source=name)
    df = raw
    if "nivgeo" in labels:
        niv = _strip(df[labels["nivgeo"]]).str.upper()
        other = ~niv.isin(["COM", "ARM"])
        if other.any():
            for lvl, n in niv[other].fillna(R.VIDE).value_counts().items():
                report.add(R.nivgeo_autre_que_commune(str(lvl)), int(n))
            df = df[~other.to_numpy()]
    if "codgeo" in labels:
        codes = _strip(df[labels["codgeo"]])
    elif "dr" in labels and "cr" in labels:
        codes = _strip(df[labels["dr"]]).str.upper().str.slice(0, 2) + _pad(df[labels["cr"]], 3)
    else:
        raise MissingColumnError(
            R.colonne_code_commune_absente(
                source=name, trouvees=describe_values([c for c in raw.columns if c not in found], max_shown=12)
            )
        )
    out = pd.DataFrame({CODE: codes.astype(object)}, index=df.index)
    numeric = {}
    for (b, s), col in by_key.items():
        numeric[(b, s)] = to_numeric_column(df, col, source=name)
    for i, band in enumerate(AGE_BANDS):
        bands = [i + 1] if i < 18 else [19, 20]
        out[band] = sum(numeric[(b, s)] for b in bands for s in (1, 2))
    out["women"] = sum(numeric[(b, 2)] for b in range(1, 21))
    empty = out[CODE].isna()
    out = _drop_rows(out, empty, report, R.CODE_COMMUNE_VIDE, pd.Series(range(len(out)), index=out.index) + 2)
    table, rep = validate_communes(out, source=name, drop_invalid=True)
    for reason, n in rep.reasons.items():
        report.add(reason, n, rep.examples.get(reason, []))
    unexpected = {k: v for k, v in report.reasons.items() if not k.startswith("NIVGEO")}
    if unexpected:  # rows of other geographic levels are a selection, not a loss: no warning for them
        warnings.warn(str(DropReport(source=name, reasons=unexpected)), SourceWarning, stacklevel=2)
    table.attrs["drop_report"] = report
    table.attrs["source"] = name
    table.attrs["year"] = year
    return table
