"""Practitioner activity file (the package's own documented format).

Why a package format? The activity of each practitioner (consultations, visits
and teleconsultations per year, from the SNIIR-AM / SNDS) that the DREES uses for
the APL is **not public**. Analysts in an ARS or a CPAM extract it from their own
information systems; this module defines the simple CSV they fill so that the
APL engine can use it. Public sources (the Annuaire santé, see
:mod:`access_map.readers.annuaire_sante`) give practice sites but no activity.

File layout (``;``-separated, UTF-8 or Latin-1, one row per practitioner x practice site)
------------------------------------------------------------------------------------------
=================  ==========================================================================
column             content
=================  ==========================================================================
identifiant_pp     RPPS / ADELI identifier (text; the same for every site of a practitioner)
code_commune       INSEE code of the practice commune (5 characters: ``01001``, ``2A004``, ``75101``)
profession         ``medecin_generaliste``, ``infirmier``, ``masseur_kinesitherapeute``,
                   ``chirurgien_dentiste`` or ``sage_femme`` (French labels such as
                   "Médecin généraliste" and Annuaire profession codes 10/60/70/40/50 are accepted)
actes              consultations + visits + teleconsultations in the year (whole practitioner,
                   all sites); empty for a new practitioner
age                age in years (empty if unknown)
nouvel_installe    1/0 (oui/non, true/false): no liberal activity the previous year
centre_sante       1/0: salaried in a centre de santé (no activity bounds for the GP APL)
etp                full-time equivalent (other professions; empty if unknown)
part_activite      share of the practitioner's activity at this site, in (0, 1];
                   empty = 1 / number of sites of the practitioner in the file
nom                optional, free text (kept as a column)
=================  ==========================================================================

Example::

    identifiant_pp;code_commune;profession;actes;age;nouvel_installe;centre_sante;etp;part_activite
    10001;33063;medecin_generaliste;4200;52;0;0;;
    10002;33063;medecin_generaliste;;31;1;0;;0.6
    10002;33318;medecin_generaliste;;31;1;0;;0.4

The reader returns the practitioner table of :data:`access_map.schema.PRACTITIONER_COLUMNS`
(see :mod:`access_map.readers._io` for the return convention).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from .._validate import DropReport, describe_values, to_numeric_column
from ..communes import CODE
from ..csv_format import restore_formulas
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import entier, nombre
from ..messages import readers as R
from ..messages import validation as M
from ..schema import PRACTITIONER_COLUMNS, PROFESSION_LABELS, PROFESSIONS
from ._io import (
    PathLike,
    finish,
    is_insee_code,
    keep_known_communes,
    map_aliases,
    normalize_label,
    read_table,
    reads_input,
)

__all__ = [
    "ACTIVITY_COLUMNS",
    "read_practitioner_activity",
    "validate_practitioners",
    "parse_profession",
    "parse_bool",
    "write_practitioner_activity",
]

#: Required columns of the activity file, in order.
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "identifiant_pp",
    "code_commune",
    "profession",
    "actes",
    "age",
    "nouvel_installe",
    "centre_sante",
    "etp",
    "part_activite",
)

_TO_SCHEMA = {
    "identifiant_pp": "practitioner_id",
    "code_commune": CODE,
    "profession": "profession",
    "actes": "acts",
    "age": "age",
    "nouvel_installe": "new_practitioner",
    "centre_sante": "health_centre",
    "etp": "etp",
    "part_activite": "share",
}

#: Accepted spellings of each profession (normalised with :func:`~access_map.readers._io.normalize_label`).
_PROFESSION_ALIASES: dict[str, str] = {}
for _key in PROFESSIONS:
    _PROFESSION_ALIASES[normalize_label(_key)] = _key
    _PROFESSION_ALIASES[normalize_label(PROFESSION_LABELS[_key])] = _key
for _alias, _key in {
    "Médecin généraliste": "medecin_generaliste",
    "MG": "medecin_generaliste",
    "10": "medecin_generaliste",
    "Infirmier": "infirmier",
    "Infirmière": "infirmier",
    "60": "infirmier",
    "Masseur-kinésithérapeute": "masseur_kinesitherapeute",
    "kine": "masseur_kinesitherapeute",
    "70": "masseur_kinesitherapeute",
    "Chirurgien-dentiste": "chirurgien_dentiste",
    "dentiste": "chirurgien_dentiste",
    "40": "chirurgien_dentiste",
    "Sage-femme": "sage_femme",
    "Sages-femmes": "sage_femme",
    "50": "sage_femme",
}.items():
    _PROFESSION_ALIASES[normalize_label(_alias)] = _key

_TRUE = {"1", "oui", "o", "true", "vrai", "yes", "y", "t", "x"}
_FALSE = {"0", "non", "n", "false", "faux", "no", "f", ""}


def parse_profession(values: pd.Series, *, source: str | None = None, column: str = "profession") -> pd.Series:
    """Map profession labels/codes to :data:`~access_map.schema.PROFESSIONS` keys.

    Raises :class:`~access_map.errors.InvalidValueError` listing unknown values.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_profession(pd.Series(["Médecin généraliste", "infirmier", "70"])).tolist()
    ['medecin_generaliste', 'infirmier', 'masseur_kinesitherapeute']
    """
    return map_aliases(
        values, _PROFESSION_ALIASES, what="profession", expected=PROFESSIONS, source=source, column=column
    )


def parse_bool(values: pd.Series, *, source: str | None = None, column: str = "flag") -> pd.Series:
    """Parse 1/0, oui/non, true/false, vrai/faux (empty = False) into booleans.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_bool(pd.Series(["1", "non", None, "Vrai", True])).tolist()
    [True, False, False, True, True]
    """

    def conv(v: object) -> object:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return False
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        if isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1):
            return bool(v)
        t = str(v).strip().lower()
        t = {"1.0": "1", "0.0": "0"}.get(t, t)
        if t in _TRUE:
            return True
        if t in _FALSE:
            return False
        return None

    out = values.map(conv)
    bad = values[out.isna()]
    if len(bad):
        raise InvalidValueError(
            R.valeurs_non_booleennes(
                colonne=repr(column),
                source=source or R.TABLEAU,
                valeurs=describe_values(pd.unique(bad.astype(object)).tolist()),
                n=len(bad),
            )
        )
    return out.astype(bool)


def validate_practitioners(
    df: pd.DataFrame,
    *,
    source: str | None = None,
    known_communes: Collection[str] | None = None,
    drop_invalid: bool = False,
    report: DropReport | None = None,
) -> tuple[pd.DataFrame, DropReport]:
    """Check and type a practitioner table with the :data:`~access_map.schema.PRACTITIONER_COLUMNS`.

    Parameters
    ----------
    df
        Table with the schema columns; ``share`` may be NaN (then 1 / number of sites of the
        practitioner for that profession, counted before any row is dropped). Not modified.
    source
        Name quoted in errors.
    known_communes
        If given, rows whose practice commune is not in it are dropped and reported
        (e.g. a commune code from another COG vintage: harmonise with :mod:`access_map.cog`).
    drop_invalid
        Drop (and report) rows with a malformed commune code instead of raising.
    report
        Existing report to extend.

    Returns
    -------
    (table, report)
        ``RangeIndex``; columns in schema order (extra columns kept after them).

    Examples
    --------
    >>> import pandas as pd
    >>> t, rep = validate_practitioners(pd.DataFrame({
    ...     "practitioner_id": ["1", "1"], "code_commune": ["33063", 33318], "profession": "medecin_generaliste",
    ...     "acts": [4000, 4000], "age": [50, 50], "new_practitioner": False, "health_centre": False,
    ...     "etp": float("nan"), "share": float("nan")}))
    >>> t["code_commune"].tolist(), t["share"].tolist()
    (['33063', '33318'], [0.5, 0.5])
    """
    from .._validate import normalize_insee_codes, require_columns

    name = source or "practitioner table"
    rep = report if report is not None else DropReport(source=name)
    require_columns(df, PRACTITIONER_COLUMNS, source=name)
    data = df.reset_index(drop=True).copy()
    data["practitioner_id"] = (
        data["practitioner_id"]
        .astype(object)
        .map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    )
    no_id = data["practitioner_id"].isna() | (data["practitioner_id"] == "")
    if no_id.any():
        raise InvalidValueError(
            R.praticiens_sans_identifiant(
                source=name, n=int(no_id.sum()), lignes=describe_values(data.index[no_id].tolist())
            )
        )
    data["profession"] = parse_profession(data["profession"], source=name)
    share = to_numeric_column(data, "share", source=name, allow_nan=True)
    bad_share = share[(share <= 0) | (share > 1)]
    if len(bad_share):
        raise InvalidValueError(
            R.parts_hors_bornes(source=name, valeurs=describe_values(bad_share.tolist()), n=len(bad_share))
        )
    # default shares count every site of the file, before dropping unusable ones: the activity of a
    # site outside the reference is not moved onto the remaining sites
    key = [data["practitioner_id"], data["profession"]]
    n_sites = data.groupby(key, sort=False)[CODE].transform("size").astype(float)
    data["share"] = share.fillna(1.0 / n_sites)
    total = data.groupby(key, sort=False)["share"].transform("sum")
    over = data.loc[total > 1 + 1e-6, "practitioner_id"].unique().tolist()
    if over:
        raise InvalidValueError(R.parts_superieures_a_un(source=name, praticiens=describe_values(over)))
    codes = normalize_insee_codes(data[CODE])
    valid = is_insee_code(codes)
    if not valid.all():
        bad = codes[~valid].tolist()
        if not drop_invalid:
            raise InvalidCodeError(
                R.codes_commune_malformes(
                    source=name,
                    colonne="'code_commune'",
                    valeurs=describe_values(bad),
                    n=len(bad),
                    conseil=R.CONSEIL_DROP_INVALID,
                )
            )
        rep.add(R.CODE_COMMUNE_MALFORME, len(bad), bad)
    data[CODE] = codes
    data = data[valid.to_numpy()]
    data = keep_known_communes(data, known_communes, rep, column=CODE, reason=R.COMMUNE_EXERCICE_HORS_REFERENTIEL)
    data["acts"] = to_numeric_column(data, "acts", source=name, allow_nan=True)
    data["age"] = to_numeric_column(data, "age", source=name, allow_nan=True)
    out_of_range = data["age"][(data["age"] < 15) | (data["age"] > 110)]
    if len(out_of_range):
        raise InvalidValueError(
            R.ages_invraisemblables(source=name, valeurs=describe_values(out_of_range.tolist()), n=len(out_of_range))
        )
    data["etp"] = to_numeric_column(data, "etp", source=name, allow_nan=True)
    data["new_practitioner"] = parse_bool(data["new_practitioner"], source=name, column="new_practitioner")
    data["health_centre"] = parse_bool(data["health_centre"], source=name, column="health_centre")
    _check_one_truth(data, name)
    dup = data.duplicated(["practitioner_id", "profession", CODE], keep=False)
    if dup.any():
        keys = data.loc[dup, ["practitioner_id", CODE]].astype(str).agg("/".join, axis=1).unique().tolist()
        raise InvalidCodeError(R.praticien_commune_en_double(source=name, cles=describe_values(keys)))
    extra = [c for c in data.columns if c not in PRACTITIONER_COLUMNS]
    out = data[[*PRACTITIONER_COLUMNS, *extra]].reset_index(drop=True)
    out[CODE] = out[CODE].astype(object)
    out["practitioner_id"] = out["practitioner_id"].astype(object)
    return out, rep


#: Attributes of the practitioner (not of the site): the same on every site row. ``health_centre`` is the site's
#: (a practitioner may be salaried in a centre de santé at one site and liberal at another).
PRACTITIONER_ATTRIBUTES: tuple[str, ...] = ("age", "acts", "etp", "new_practitioner")


def _check_one_truth(data: pd.DataFrame, name: str) -> None:
    """Refuse practitioners whose age, acts, ETP or new-practitioner flag differ between their sites.

    The acts are the practitioner's annual total, split across sites by ``share``: different acts per site would
    be split twice; different ages put part of the practitioner in the ≤ 65 APL and part out of it.
    """
    key = ["practitioner_id", "profession"]
    multi = data[data.duplicated(key, keep=False)]
    if multi.empty:
        return
    columns = [c for c in PRACTITIONER_ATTRIBUTES if c in multi.columns]
    counts = multi.groupby(key, sort=False)[columns].nunique(dropna=False)
    bad = counts[(counts > 1).any(axis=1)]
    if bad.empty:
        return
    details: list[str] = []
    keys: list[tuple[object, object]] = list(bad.index)
    for (pid, profession), (_, row) in zip(keys[:5], bad.head(5).iterrows(), strict=True):
        rows = multi[(multi["practitioner_id"] == pid) & (multi["profession"] == profession)]
        parts = []
        for column in (c for c in columns if row[c] > 1):
            values = ", ".join(f"{_show(v)} ({code})" for v, code in zip(rows[column], rows[CODE], strict=True))
            parts.append(f"{_LABELS[column]} {values}")
        details.append(f"{pid} : " + " ; ".join(parts))
    details += [str(pid) for pid, _ in keys[5:]]
    raise InvalidValueError(M.praticien_contradictoire(nom=name, details=details, n=len(bad)))


_LABELS = {"age": "âge", "acts": "actes", "etp": "ETP", "new_practitioner": "nouvel installé"}


def _show(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "oui" if value else "non"
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "vide"
    number = float(value)  # type: ignore[arg-type]
    return entier(number) if number.is_integer() else nombre(number, decimals=2).rstrip("0")


@reads_input
def read_practitioner_activity(
    path: PathLike,
    *,
    known_communes: Collection[str] | None = None,
    drop_invalid: bool = False,
    sep: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read the practitioner activity CSV (package format, see the module docstring).

    Parameters
    ----------
    path
        ``;``- (or ``,``-) separated file, UTF-8 or Latin-1, optionally gzipped.
    known_communes
        Drop and report practice communes absent from this collection.
    drop_invalid
        Drop and report rows with malformed commune codes instead of raising.
    sep, encoding
        Force instead of sniffing.

    Returns
    -------
    pandas.DataFrame
        Practitioner table (:data:`~access_map.schema.PRACTITIONER_COLUMNS`, plus ``nom``
        when present); ``attrs["drop_report"]`` lists dropped rows.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "activite.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "identifiant_pp;code_commune;profession;actes;age;nouvel_installe;centre_sante;etp;part_activite\\n"
    ...     "10001;33063;medecin_generaliste;4200;52;0;0;;\\n"
    ...     "10002;33063;medecin_generaliste;;31;1;0;;0.6\\n"
    ...     "10002;33318;medecin_generaliste;;31;1;0;;0.4\\n")
    >>> t = read_practitioner_activity(p)
    >>> t[["practitioner_id", "code_commune", "acts", "new_practitioner", "share"]].values.tolist()
    [['10001', '33063', 4200.0, False, 1.0], ['10002', '33063', nan, True, 0.6], ['10002', '33318', nan, True, 0.4]]
    """
    name = str(path)
    raw, _, _ = read_table(path, required=ACTIVITY_COLUMNS, source=name, sep=sep, encoding=encoding)
    keep = list(ACTIVITY_COLUMNS) + (["nom"] if "nom" in raw.columns else [])
    data = raw[keep].rename(columns=_TO_SCHEMA)
    if "nom" in data.columns:  # a name written by write_practitioner_activity: its formula guard removed
        data["nom"] = restore_formulas(data["nom"])
    table, rep = validate_practitioners(data, source=name, known_communes=known_communes, drop_invalid=drop_invalid)
    return finish(table, rep, source=name)


def write_practitioner_activity(practitioners: pd.DataFrame, path: PathLike) -> None:
    """Write a practitioner table in the activity CSV format (UTF-8, ``;``), atomically.

    Examples
    --------
    >>> import tempfile, os
    >>> import pandas as pd
    >>> t = pd.DataFrame({"practitioner_id": ["1"], "code_commune": ["33063"], "profession": ["infirmier"],
    ...     "acts": [float("nan")], "age": [40.0], "new_practitioner": [False], "health_centre": [False],
    ...     "etp": [0.8], "share": [1.0]})
    >>> p = os.path.join(tempfile.mkdtemp(), "a.csv")
    >>> write_practitioner_activity(t, p)
    >>> read_practitioner_activity(p)["etp"].tolist()
    [0.8]
    """
    from .._validate import require_columns
    from ..csv_format import write_csv

    require_columns(practitioners, PRACTITIONER_COLUMNS, source=R.TABLE_PRATICIENS)
    inverse = {v: k for k, v in _TO_SCHEMA.items()}
    cols = list(PRACTITIONER_COLUMNS) + (["nom"] if "nom" in practitioners.columns else [])
    out = practitioners[cols].rename(columns=inverse).copy()
    for col in ("nouvel_installe", "centre_sante"):
        out[col] = out[col].astype(bool).astype(int)
    write_csv(out, path, index=False)
