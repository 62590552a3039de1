"""CPTS coverage: population covered, size classes, overlaps, white zones, progress to target.

A CPTS (communauté professionnelle territoriale de santé) is described by the list
of communes of its territory. Input tables (see :data:`CPTS_COLUMNS`):

* **CPTS list** — one row per (CPTS, commune): ``id_cpts``, ``nom_cpts``, ``statut``
  (``"pré-projet"``, ``"projet"``, ``"contrat ACI signé"``; case/accents/hyphens are
  normalised), ``date_signature`` (date of the ACI contract, empty if none; the
  official CSV name ``date_signature_aci`` is accepted) and ``code_commune``.
* **communes** — a DataFrame indexed by ``code_commune`` with a ``population``
  column (and ``code_departement`` / ``code_region`` for those levels), or a
  population Series indexed by ``code_commune`` (national level only).

Coverage counts **each inhabitant once**: a commune is covered when at least one
selected CPTS includes it, whatever the number of overlapping CPTS.

Bad input is reported, never silently dropped: exact duplicate (CPTS, commune)
rows are dropped with a warning; commune codes unknown to the commune table
(or malformed) are excluded with a warning and listed in the
:class:`CPTSInputReport`; a CPTS left with no commune is reported (warning, or an
error with ``on_empty="raise"``).

Examples
--------
>>> import pandas as pd
>>> communes = pd.DataFrame(
...     {"population": [1000.0, 3000.0, 6000.0], "code_departement": ["01", "01", "02"],
...      "code_region": ["84", "84", "32"]},
...     index=pd.Index(["01001", "01002", "02001"], name="code_commune"))
>>> cpts = pd.DataFrame({"id_cpts": ["A", "A", "B"], "nom_cpts": ["CPTS A", "CPTS A", "CPTS B"],
...     "statut": ["contrat ACI signé"] * 2 + ["projet"], "date_signature": ["2021-03-01"] * 2 + [None],
...     "code_commune": ["01001", "01002", "01002"]})
>>> coverage(cpts, communes, level="nation")[["population", "covered_population", "coverage_percent"]]
             population  covered_population  coverage_percent
code_nation
FR              10000.0              4000.0              40.0
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._validate import (
    INSEE_CODE_PATTERN,
    describe_values,
    normalize_insee_codes,
    normalize_text,
    require_columns,
    to_datetime_column,
    user_stacklevel,
)
from .communes import CODE, validate_communes
from .errors import InvalidCodeError, InvalidValueError, MissingColumnError
from .readers.cpts import CPTS_STATUSES, check_signature_dates, normalize_cpts_status

__all__ = [
    "CPTS_COLUMNS",
    "STATUSES",
    "SIGNED",
    "LEVELS",
    "SizeClasses",
    "ACI_SIZE_CLASSES",
    "CPTSInputReport",
    "check_cpts",
    "cpts_table",
    "commune_coverage",
    "coverage",
    "coverage_progress",
    "overlaps",
    "uncovered_communes",
    "uncovered_by_zoning",
    "cpts_perimeters",
    "with_geometry",
    "commune_frame",
    "zoning_series",
    "territory_key",
]

logger = logging.getLogger(__name__)

#: Columns of a CPTS list (one row per CPTS x commune).
CPTS_COLUMNS: tuple[str, ...] = ("id_cpts", "nom_cpts", "statut", "date_signature", CODE)

#: Canonical statuses, from least to most advanced.
STATUSES: tuple[str, ...] = CPTS_STATUSES

#: Status of a CPTS with a signed ACI contract.
SIGNED: str = "contrat ACI signé"

#: Territorial levels and the commune-table column holding each territory code (``None`` = whole table).
LEVELS: dict[str, str | None] = {"departement": "code_departement", "region": "code_region", "nation": None}

#: Code given to the whole territory at ``level="nation"``.
NATION_CODE = "FR"


# ----------------------------------------------------------------------------- size classes
@dataclass(frozen=True)
class SizeClasses:
    """ACI size classes of a CPTS by population covered (taille 1 to 4).

    The ACI CPTS text (arrêté du 21 août 2019, avenant 1) reads: taille 1 < 40,000
    inhabitants; taille 2 between 40,000 and 80,000; taille 3 between 80,000 and
    175,000; taille 4 > 175,000. The wording is ambiguous at the bounds themselves
    ("< 40,000" puts 40,000 in taille 2, "> 175,000" puts 175,000 in taille 3), so the
    convention is a parameter:

    * ``lower_inclusive=True`` (default, follows "taille 1 < 40,000"): a bound belongs
      to the **upper** class — 40,000 → 2, 80,000 → 3, 175,000 → 4.
    * ``lower_inclusive=False`` (follows "taille 4 > 175,000"): a bound belongs to the
      **lower** class — 40,000 → 1, 80,000 → 2, 175,000 → 3.

    Attributes
    ----------
    bounds
        Increasing population thresholds between classes (ACI: 40,000, 80,000, 175,000).
    lower_inclusive
        Whether a population equal to a bound falls in the class above it.

    Examples
    --------
    >>> ACI_SIZE_CLASSES.classify([39_999, 40_000, 80_000, 175_000, 175_001]).tolist()
    [1, 2, 3, 4, 4]
    >>> SizeClasses(lower_inclusive=False).classify([40_000, 80_000, 175_000]).tolist()
    [1, 2, 3]
    """

    bounds: tuple[float, ...] = (40_000.0, 80_000.0, 175_000.0)
    lower_inclusive: bool = True

    def __post_init__(self) -> None:
        b = np.asarray(self.bounds, dtype=float)
        if b.size == 0 or (np.diff(b) <= 0).any() or (b <= 0).any():
            raise InvalidValueError(f"size-class bounds must be positive and increasing; got {self.bounds!r}")

    @classmethod
    def aci_2019(cls, *, lower_inclusive: bool = True) -> SizeClasses:
        """ACI CPTS classes (40,000 / 80,000 / 175,000 inhabitants), arrêté du 21 août 2019.

        Examples
        --------
        >>> SizeClasses.aci_2019(lower_inclusive=False).classify([40_000]).tolist()
        [1]
        """
        return cls(bounds=(40_000.0, 80_000.0, 175_000.0), lower_inclusive=lower_inclusive)

    def classify(self, population: Any) -> pd.Series:
        """Class number (1 = smallest) of each population; NaN population gives <NA>.

        Examples
        --------
        >>> ACI_SIZE_CLASSES.classify(pd.Series([100.0, None], index=["a", "b"])).tolist()
        [1, <NA>]
        """
        s = pd.Series(population, dtype=float) if not isinstance(population, pd.Series) else population.astype(float)
        side: Literal["left", "right"] = "right" if self.lower_inclusive else "left"
        cls_ = np.searchsorted(np.asarray(self.bounds, dtype=float), s.to_numpy(), side=side) + 1
        out = pd.Series(cls_, index=s.index, dtype="Int64", name="taille")
        out[s.isna().to_numpy()] = pd.NA
        return out


#: ACI 2019 size classes with bounds in the upper class (40,000 → taille 2).
ACI_SIZE_CLASSES = SizeClasses.aci_2019()


# ----------------------------------------------------------------------------- input checks
@dataclass(frozen=True)
class CPTSInputReport:
    """What was wrong in a CPTS list and what was done about it.

    Attributes
    ----------
    source
        Name of the table or file.
    n_rows
        Rows read.
    duplicate_rows
        Exact duplicate (CPTS, commune) rows dropped.
    unknown_communes
        Distinct commune codes absent from the commune table (or malformed), excluded.
    unknown_rows
        Rows excluded because of those codes.
    missing_commune_rows
        Rows with no commune code, dropped.
    empty_cpts
        CPTS left with no known commune (kept in :func:`cpts_table` with 0 commune).

    Examples
    --------
    >>> r = CPTSInputReport(source="t", n_rows=3, unknown_communes=("99999",), unknown_rows=1)
    >>> print(r)
    t: 3 row(s); 1 row(s) with 1 unknown commune code(s) excluded ('99999')
    >>> r.to_frame()["probleme"].tolist()
    ['code commune inconnu']
    """

    source: str = "CPTS table"
    n_rows: int = 0
    duplicate_rows: int = 0
    unknown_communes: tuple[str, ...] = ()
    unknown_rows: int = 0
    missing_commune_rows: int = 0
    empty_cpts: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was dropped or reported."""
        return not (self.duplicate_rows or self.unknown_rows or self.missing_commune_rows or self.empty_cpts)

    def __str__(self) -> str:
        parts = [f"{self.source}: {self.n_rows} row(s)"]
        if self.duplicate_rows:
            parts.append(f"{self.duplicate_rows} duplicate row(s) dropped")
        if self.unknown_rows:
            parts.append(
                f"{self.unknown_rows} row(s) with {len(self.unknown_communes)} unknown commune code(s) excluded "
                f"({describe_values(self.unknown_communes)})"
            )
        if self.missing_commune_rows:
            parts.append(f"{self.missing_commune_rows} row(s) without commune code dropped")
        if self.empty_cpts:
            parts.append(f"{len(self.empty_cpts)} CPTS with no known commune ({describe_values(self.empty_cpts)})")
        return "; ".join(parts)

    def to_frame(self) -> pd.DataFrame:
        """One row per problem and value (French labels, ready for a CSV report)."""
        rows: list[dict[str, Any]] = []
        if self.duplicate_rows:
            rows.append({"probleme": "ligne en double", "valeur": "", "n_lignes": self.duplicate_rows})
        for code in self.unknown_communes:
            rows.append({"probleme": "code commune inconnu", "valeur": code, "n_lignes": np.nan})
        if self.missing_commune_rows:
            rows.append({"probleme": "code commune manquant", "valeur": "", "n_lignes": self.missing_commune_rows})
        for cid in self.empty_cpts:
            rows.append({"probleme": "CPTS sans commune connue", "valeur": cid, "n_lignes": 0})
        return pd.DataFrame(rows, columns=["probleme", "valeur", "n_lignes"])


def commune_frame(
    communes: pd.DataFrame | pd.Series, *, population_column: str = "population", source: str = "communes"
) -> pd.DataFrame:
    """Validated commune table (index ``code_commune``, float ``population``, no geometry).

    Accepts a DataFrame/GeoDataFrame indexed by (or with a column) ``code_commune``,
    or a population Series indexed by commune code.

    Examples
    --------
    >>> commune_frame(pd.Series({"1001": 10})).to_dict("index")
    {'01001': {'population': 10.0}}
    """
    if isinstance(communes, pd.Series):
        df = communes.rename(population_column).to_frame()
        if df.index.name != CODE:
            df.index.name = CODE
    else:
        df = pd.DataFrame(communes.drop(columns="geometry", errors="ignore"))
        if CODE not in df.columns and df.index.name != CODE:
            df = df.rename_axis(CODE)  # the index holds the commune codes
    out, _ = validate_communes(df, count_columns=[population_column], source=source)
    if population_column != "population":
        out = out.rename(columns={population_column: "population"})
    return out


def zoning_series(zoning: pd.Series | pd.DataFrame, *, column: str = "zonage") -> pd.Series:
    """Zoning class per commune (Series named ``zonage`` indexed by ``code_commune``).

    Accepts a Series or a DataFrame with a ``zonage`` column (e.g. ``DemoTerritory.previous_zoning``).

    Examples
    --------
    >>> zoning_series(pd.DataFrame({"zonage": ["ZIP"]}, index=["1001"])).to_dict()
    {'01001': 'ZIP'}
    """
    if isinstance(zoning, pd.DataFrame):
        require_columns(zoning, [column], source="zoning table")
        s = zoning[column]
    else:
        s = zoning
    codes = normalize_insee_codes(s.index.to_series()).to_numpy()
    out = pd.Series(s.to_numpy(dtype=object), index=codes, name="zonage")
    out.index.name = CODE
    return out


def territory_key(communes: pd.DataFrame, level: str) -> pd.Series:
    """Territory code of each commune at ``level`` (``"departement"``, ``"region"`` or ``"nation"``).

    Examples
    --------
    >>> territory_key(pd.DataFrame({"population": [1.0]}, index=["01001"]), "nation").tolist()
    ['FR']
    """
    if level not in LEVELS:
        raise InvalidValueError(f"unknown level {level!r}; expected one of {describe_values(LEVELS)}")
    col = LEVELS[level]
    if col is None:
        return pd.Series(NATION_CODE, index=communes.index, name=f"code_{level}", dtype=object)
    if col not in communes.columns:
        raise MissingColumnError(
            f"level {level!r} needs column {col!r} in the commune table; found columns: "
            f"{describe_values(map(str, communes.columns), max_shown=20)}. "
            "Add it (e.g. from the COG) or use level='nation'"
        )
    return communes[col].astype(object).rename(f"code_{level}")


def _check_cpts(
    cpts: pd.DataFrame,
    communes: pd.DataFrame,
    *,
    source: str,
    on_empty: Literal["warn", "raise"],
    warn: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, CPTSInputReport]:
    data = pd.DataFrame(cpts).copy()
    if "date_signature" not in data.columns and "date_signature_aci" in data.columns:
        data = data.rename(columns={"date_signature_aci": "date_signature"})
    if "date_signature" not in data.columns:
        data["date_signature"] = pd.NaT
    if "nom_cpts" not in data.columns:
        data["nom_cpts"] = data["id_cpts"] if "id_cpts" in data.columns else None
    require_columns(data, CPTS_COLUMNS, source=source, hint="one row per (CPTS, commune) is expected")
    n_rows = len(data)
    ids_missing = data["id_cpts"].isna()
    if ids_missing.any():
        raise InvalidValueError(
            f"{int(ids_missing.sum())} row(s) of {source} have no id_cpts (row(s) "
            f"{describe_values(data.index[ids_missing].tolist())}); every row must name its CPTS"
        )
    data["id_cpts"] = normalize_text(data["id_cpts"].astype(str))
    data["nom_cpts"] = normalize_text(data["nom_cpts"])
    data["statut"] = normalize_cpts_status(data["statut"], source=source)
    data["date_signature"] = to_datetime_column(
        data["date_signature"], source=source, column="date_signature", hint=", empty when there is no signature"
    )
    check_signature_dates(
        data["date_signature"], ids=data["id_cpts"], statuses=data["statut"], source=source, column="date_signature"
    )
    # registry: one row per CPTS; attributes must agree across its rows
    attrs = ["nom_cpts", "statut", "date_signature"]
    n_distinct = data.groupby("id_cpts")[attrs].nunique(dropna=False)
    incoherent = n_distinct[(n_distinct > 1).any(axis=1)].index.tolist()
    if incoherent:
        raise InvalidValueError(
            f"CPTS with different names/statuses/dates across their rows in {source}: {describe_values(incoherent)}; "
            "each CPTS must have one nom_cpts, statut and date_signature"
        )
    registry = data.groupby("id_cpts", sort=True)[attrs].first()
    # commune codes
    codes = normalize_insee_codes(data[CODE])
    data[CODE] = codes
    missing = codes.isna() | codes.map(lambda v: isinstance(v, str) and v == "")
    n_missing = int(missing.sum())
    data = data[~missing.to_numpy()]
    dup = data.duplicated(["id_cpts", CODE])
    n_dup = int(dup.sum())
    if n_dup and warn:
        dup_keys = data.loc[dup, ["id_cpts", CODE]].astype(str).agg("/".join, axis=1).tolist()
        warnings.warn(
            f"{source}: {n_dup} duplicate (CPTS, commune) row(s) dropped "
            f"(e.g. {describe_values(dup_keys, max_shown=3)})",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    data = data[~dup.to_numpy()]
    known = data[CODE].isin(communes.index)
    unknown_codes = tuple(sorted(set(data.loc[~known, CODE].astype(str))))
    n_unknown = int((~known).sum())
    if n_unknown and warn:
        malformed = [c for c in unknown_codes if not INSEE_CODE_PATTERN.match(c)]
        warnings.warn(
            f"{source}: {n_unknown} row(s) with {len(unknown_codes)} commune code(s) absent from the commune table "
            f"excluded: {describe_values(unknown_codes)}"
            + (f" (malformed: {describe_values(malformed)})" if malformed else "")
            + "; check the COG vintage of both tables (see access_map.cog)",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    links = data.loc[known.to_numpy(), ["id_cpts", CODE]].reset_index(drop=True)
    empty = tuple(sorted(set(registry.index) - set(links["id_cpts"])))
    if empty:
        msg = f"{source}: {len(empty)} CPTS with no known commune: {describe_values(empty)}"
        if on_empty == "raise":
            raise InvalidCodeError(msg + "; give each CPTS at least one valid commune code or remove it")
        if warn:
            warnings.warn(msg + "; they cover no population", UserWarning, stacklevel=user_stacklevel())
    if n_missing and warn:
        warnings.warn(
            f"{source}: {n_missing} row(s) without commune code dropped", UserWarning, stacklevel=user_stacklevel()
        )
    report = CPTSInputReport(
        source=source,
        n_rows=n_rows,
        duplicate_rows=n_dup,
        unknown_communes=unknown_codes,
        unknown_rows=n_unknown,
        missing_commune_rows=n_missing,
        empty_cpts=empty,
    )
    if not report.ok:
        logger.info("%s", report)
    return links, registry, report


def check_cpts(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    source: str = "CPTS table",
    on_empty: Literal["warn", "raise"] = "warn",
) -> tuple[pd.DataFrame, pd.DataFrame, CPTSInputReport]:
    """Validate a CPTS list against a commune table.

    Parameters
    ----------
    cpts
        CPTS list, one row per (CPTS, commune); see module docstring.
    communes
        Commune table or population Series (see :func:`commune_frame`).
    source
        Name quoted in messages.
    on_empty
        ``"warn"`` (default): a CPTS with no known commune is reported and kept with 0
        inhabitants; ``"raise"``: :class:`~access_map.errors.InvalidCodeError`.

    Returns
    -------
    links : pandas.DataFrame
        ``id_cpts, code_commune`` (known communes, duplicates removed).
    registry : pandas.DataFrame
        One row per CPTS (index ``id_cpts``): ``nom_cpts, statut, date_signature``.
    report : CPTSInputReport

    Examples
    --------
    >>> communes = pd.Series({"01001": 10.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "A"], "nom_cpts": ["a", "a"], "statut": ["Projet"] * 2,
    ...     "date_signature": [None, None], "code_commune": ["01001", "99999"]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     links, registry, report = check_cpts(cpts, communes)
    >>> links["code_commune"].tolist(), registry["statut"].tolist(), report.unknown_communes
    (['01001'], ['projet'], ('99999',))
    """
    com = commune_frame(communes)
    return _check_cpts(cpts, com, source=source, on_empty=on_empty)


def _selected(
    links: pd.DataFrame,
    registry: pd.DataFrame,
    *,
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    keep = pd.Series(True, index=registry.index)
    if statuses is not None:
        wanted = [statuses] if isinstance(statuses, str) else list(statuses)
        canon = set(normalize_cpts_status(pd.Series(wanted, dtype=object), source="statuses argument"))
        keep &= registry["statut"].isin(canon)
    if date is not None:
        when = pd.Timestamp(date)
        keep &= registry["date_signature"].notna() & (registry["date_signature"] <= when)
    return links[links["id_cpts"].isin(keep[keep].index)]


def _prepare(
    cpts: pd.DataFrame, communes: pd.DataFrame | pd.Series, *, source: str = "CPTS table"
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    com = commune_frame(communes)
    links, registry, _ = _check_cpts(cpts, com, source=source, on_empty="warn")
    return com, links, registry


# ----------------------------------------------------------------------------- per CPTS
def cpts_table(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    size_classes: SizeClasses = ACI_SIZE_CLASSES,
) -> pd.DataFrame:
    """One row per CPTS: communes, population, ACI size class, population shared with other CPTS.

    Parameters
    ----------
    cpts, communes
        See module docstring.
    size_classes
        Size-class convention (default :data:`ACI_SIZE_CLASSES`, bounds in the upper class).

    Returns
    -------
    pandas.DataFrame
        Index ``id_cpts``; columns ``nom_cpts, statut, date_signature, n_communes,
        population, taille, shared_population`` (inhabitants of its communes that
        also belong to another CPTS of the list) and, when the commune table has it,
        ``code_departement`` (department holding most of its population) and
        ``n_departements``. A CPTS with no known commune has 0 commune, population 0
        and taille <NA>.

    Examples
    --------
    >>> communes = pd.Series({"01001": 30_000.0, "01002": 10_000.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "A", "B"], "nom_cpts": ["a", "a", "b"],
    ...     "statut": ["projet"] * 3, "date_signature": [None] * 3,
    ...     "code_commune": ["01001", "01002", "01002"]})
    >>> cpts_table(cpts, communes)[["n_communes", "population", "taille", "shared_population"]]
             n_communes  population  taille  shared_population
    id_cpts
    A                 2     40000.0       2            10000.0
    B                 1     10000.0       1            10000.0
    """
    com, links, registry = _prepare(cpts, communes)
    pop = com["population"]
    lk = links.assign(population=links[CODE].map(pop))
    n_per_commune = lk.groupby(CODE)["id_cpts"].nunique()
    lk["shared"] = lk[CODE].map(n_per_commune) > 1
    grouped = lk.groupby("id_cpts")
    out = registry.copy()
    out["n_communes"] = grouped[CODE].nunique().reindex(out.index).fillna(0).astype(int)
    out["population"] = grouped["population"].sum().reindex(out.index).fillna(0.0).astype(float)
    out["taille"] = size_classes.classify(out["population"])
    out.loc[out["n_communes"] == 0, "taille"] = pd.NA
    out["shared_population"] = (
        lk[lk["shared"]].groupby("id_cpts")["population"].sum().reindex(out.index).fillna(0.0).astype(float)
    )
    if "code_departement" in com.columns:
        lk["code_departement"] = lk[CODE].map(com["code_departement"])
        by_dep = lk.groupby(["id_cpts", "code_departement"])["population"].sum().reset_index()
        by_dep = by_dep.sort_values(["id_cpts", "population", "code_departement"], ascending=[True, False, True])
        out["code_departement"] = by_dep.drop_duplicates("id_cpts").set_index("id_cpts")["code_departement"]
        n_dep = lk.groupby("id_cpts")["code_departement"].nunique()
        out["n_departements"] = n_dep.reindex(out.index).fillna(0).astype(int)
    out.index.name = "id_cpts"
    return out


# ----------------------------------------------------------------------------- per commune / territory
def _commune_coverage(com: pd.DataFrame, sel: pd.DataFrame, *, with_ids: bool = True) -> pd.DataFrame:
    n = sel.groupby(CODE)["id_cpts"].nunique().reindex(com.index).fillna(0).astype(int)
    out = com.copy()
    out["n_cpts"] = n
    out["covered"] = n > 0
    if with_ids:
        pairs = sel[[CODE, "id_cpts"]].drop_duplicates().sort_values([CODE, "id_cpts"])
        ids = pairs.groupby(CODE)["id_cpts"].agg(";".join).reindex(com.index).fillna("")
        out["cpts_ids"] = ids.astype(object)
    return out


def commune_coverage(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Coverage of every commune of the commune table.

    Parameters
    ----------
    cpts, communes
        See module docstring.
    date
        If given, only CPTS whose ``date_signature`` is on or before this date count
        (CPTS without a signature date — projects — then never count).
    statuses
        Statuses that count (e.g. :data:`SIGNED`); ``None`` = any status.

    Returns
    -------
    pandas.DataFrame
        The commune table plus ``n_cpts`` (number of selected CPTS including the
        commune), ``covered`` (bool) and ``cpts_ids`` (``;``-separated).

    Examples
    --------
    >>> communes = pd.Series({"01001": 10.0, "01002": 20.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A"], "nom_cpts": ["a"], "statut": ["projet"],
    ...     "date_signature": [None], "code_commune": ["01002"]})
    >>> commune_coverage(cpts, communes)["covered"].tolist()
    [False, True]
    """
    com, links, registry = _prepare(cpts, communes)
    return _commune_coverage(com, _selected(links, registry, date=date, statuses=statuses))


def _check_target(target_percent: float) -> None:
    if not (isinstance(target_percent, (int, float)) and 0 < float(target_percent) <= 100):
        raise InvalidValueError(f"target_percent must be in (0, 100]; got {target_percent!r}")


def _coverage_from_communes(cc: pd.DataFrame, sel: pd.DataFrame, *, level: str, target_percent: float) -> pd.DataFrame:
    key = territory_key(cc, level)
    pop = cc["population"]
    df = pd.DataFrame(
        {
            "key": key,
            "population": pop,
            "covered_population": pop.where(cc["covered"], 0.0),
            "overlap_population": pop.where(cc["n_cpts"] > 1, 0.0),
            "n_communes": 1,
            "n_communes_covered": cc["covered"].astype(int),
            "n_communes_overlap": (cc["n_cpts"] > 1).astype(int),
        }
    )
    out = df.groupby("key", sort=True).sum()
    out["uncovered_population"] = out["population"] - out["covered_population"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["coverage_percent"] = 100.0 * out["covered_population"] / out["population"].where(out["population"] > 0)
    out["target_percent"] = float(target_percent)
    out["gap_points"] = (target_percent - out["coverage_percent"]).clip(lower=0.0)
    out["gap_population"] = (target_percent / 100.0 * out["population"] - out["covered_population"]).clip(lower=0.0)
    sel_key = sel.assign(key=sel[CODE].map(key))
    out["n_cpts"] = sel_key.groupby("key")["id_cpts"].nunique().reindex(out.index).fillna(0).astype(int)
    out.index.name = f"code_{level}"
    cols = [
        "population",
        "covered_population",
        "uncovered_population",
        "coverage_percent",
        "target_percent",
        "gap_points",
        "gap_population",
        "n_communes",
        "n_communes_covered",
        "n_communes_overlap",
        "overlap_population",
        "n_cpts",
    ]
    return out[cols]


def coverage(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    level: str = "region",
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
    target_percent: float = 100.0,
) -> pd.DataFrame:
    """Population covered by at least one CPTS, per department, region or nation.

    Each inhabitant counts once even where CPTS overlap.

    Parameters
    ----------
    cpts, communes
        See module docstring.
    level
        ``"departement"``, ``"region"`` or ``"nation"``.
    date, statuses
        Selection of CPTS (see :func:`commune_coverage`).
    target_percent
        Coverage target (default 100 %, COG État–Assurance maladie 2023–2027).

    Returns
    -------
    pandas.DataFrame
        Index ``code_<level>``; columns ``population, covered_population,
        uncovered_population, coverage_percent, target_percent, gap_points`` (target
        minus coverage, ≥ 0), ``gap_population`` (inhabitants still to cover to reach
        the target, ≥ 0), ``n_communes, n_communes_covered, n_communes_overlap``
        (communes in 2+ CPTS), ``overlap_population`` and ``n_cpts`` (CPTS with at
        least one commune in the territory).

    Examples
    --------
    >>> communes = pd.DataFrame({"population": [100.0, 300.0], "code_region": ["84", "84"]},
    ...     index=["01001", "01002"])
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "B"], "nom_cpts": ["a", "b"], "statut": ["projet"] * 2,
    ...     "date_signature": [None] * 2, "code_commune": ["01002", "01002"]})
    >>> coverage(cpts, communes)[["covered_population", "coverage_percent", "gap_population"]]
                 covered_population  coverage_percent  gap_population
    code_region
    84                        300.0              75.0           100.0
    """
    _check_target(target_percent)
    com, links, registry = _prepare(cpts, communes)
    territory_key(com, level)  # fail early, naming the commune table's own columns
    sel = _selected(links, registry, date=date, statuses=statuses)
    cc = _commune_coverage(com, sel, with_ids=False)
    return _coverage_from_communes(cc, sel, level=level, target_percent=target_percent)


def coverage_progress(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    dates: Sequence[Any],
    *,
    level: str = "nation",
    statuses: str | Iterable[str] | None = None,
    target_percent: float = 100.0,
) -> pd.DataFrame:
    """Coverage at each date of ``dates`` (CPTS signed on or before the date), as a long table.

    Returns
    -------
    pandas.DataFrame
        Columns ``date, code_<level>`` then the columns of :func:`coverage`.

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "B"], "nom_cpts": ["a", "b"],
    ...     "statut": ["contrat ACI signé"] * 2, "date_signature": ["2020-06-01", "2022-01-15"],
    ...     "code_commune": ["01001", "01002"]})
    >>> coverage_progress(cpts, communes, ["2019-12-31", "2021-12-31", "2022-12-31"])["coverage_percent"].tolist()
    [0.0, 25.0, 100.0]
    """
    _check_target(target_percent)
    if isinstance(dates, (str, pd.Timestamp)) or len(dates) == 0:
        raise InvalidValueError(f"dates must be a non-empty list of dates; got {dates!r}")
    com, links, registry = _prepare(cpts, communes)
    territory_key(com, level)
    frames = []
    for d in dates:
        sel = _selected(links, registry, date=d, statuses=statuses)
        cov = _coverage_from_communes(
            _commune_coverage(com, sel, with_ids=False), sel, level=level, target_percent=target_percent
        )
        frames.append(cov.reset_index().assign(date=pd.Timestamp(d)))
    out = pd.concat(frames, ignore_index=True)
    return out[["date", *[c for c in out.columns if c != "date"]]]


def overlaps(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Communes belonging to two or more selected CPTS, with their population.

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "B", "B"], "nom_cpts": ["a", "b", "b"],
    ...     "statut": ["projet"] * 3, "date_signature": [None] * 3,
    ...     "code_commune": ["01002", "01002", "01001"]})
    >>> overlaps(cpts, communes)[["population", "n_cpts", "cpts_ids"]]
                  population  n_cpts cpts_ids
    code_commune
    01002              300.0       2      A;B
    """
    cc = commune_coverage(cpts, communes, date=date, statuses=statuses)
    return cc[cc["n_cpts"] > 1]


def uncovered_communes(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
    zoning: pd.Series | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Communes covered by no selected CPTS ("zones blanches"), with population (and zoning class).

    Parameters
    ----------
    zoning
        Optional zoning class per commune (Series or DataFrame with ``zonage``); adds a
        ``zonage`` column (NaN where the commune has no class).

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A"], "nom_cpts": ["a"], "statut": ["projet"],
    ...     "date_signature": [None], "code_commune": ["01002"]})
    >>> uncovered_communes(cpts, communes, zoning=pd.Series({"01001": "ZIP", "01002": "HV"}))[["population", "zonage"]]
                  population zonage
    code_commune
    01001              100.0    ZIP
    """
    cc = commune_coverage(cpts, communes, date=date, statuses=statuses)
    out = cc[~cc["covered"]].drop(columns=["n_cpts", "covered", "cpts_ids"])
    if zoning is not None:
        out = out.assign(zonage=zoning_series(zoning).reindex(out.index).to_numpy())
    return out


def uncovered_by_zoning(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    zoning: pd.Series | pd.DataFrame,
    *,
    level: str = "nation",
    date: Any = None,
    statuses: str | Iterable[str] | None = None,
    missing_label: str = "non zoné",
) -> pd.DataFrame:
    """Population and communes not covered by a CPTS, by zoning class (ZIP, ZAC, ...) and territory.

    Returns
    -------
    pandas.DataFrame
        Index (``code_<level>``, ``zonage``); columns ``n_communes, population,
        n_communes_uncovered, uncovered_population, uncovered_percent`` (share of
        the class's population not covered). Communes with no class get ``missing_label``.

    Examples
    --------
    >>> communes = pd.Series({"01001": 100.0, "01002": 300.0, "01003": 100.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A"], "nom_cpts": ["a"], "statut": ["projet"],
    ...     "date_signature": [None], "code_commune": ["01002"]})
    >>> z = pd.Series({"01001": "ZIP", "01002": "ZIP", "01003": "HV"})
    >>> uncovered_by_zoning(cpts, communes, z)["uncovered_percent"].tolist()  # HV 100/100, ZIP 100/400
    [100.0, 25.0]
    """
    cc = commune_coverage(cpts, communes, date=date, statuses=statuses)
    z = zoning_series(zoning).reindex(cc.index).fillna(missing_label)
    unc = ~cc["covered"]
    df = pd.DataFrame(
        {
            "key": territory_key(cc, level),
            "zonage": z,
            "n_communes": 1,
            "population": cc["population"],
            "n_communes_uncovered": unc.astype(int),
            "uncovered_population": cc["population"].where(unc, 0.0),
        }
    )
    out = df.groupby(["key", "zonage"], sort=True).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["uncovered_percent"] = 100.0 * out["uncovered_population"] / out["population"].where(out["population"] > 0)
    out.index.names = [f"code_{level}", "zonage"]
    return out


# ----------------------------------------------------------------------------- geometry
def cpts_perimeters(
    cpts: pd.DataFrame,
    communes_gdf: Any,
    *,
    size_classes: SizeClasses = ACI_SIZE_CLASSES,
) -> Any:
    """CPTS perimeters for maps: commune polygons dissolved per CPTS, with the :func:`cpts_table` columns.

    Parameters
    ----------
    cpts
        CPTS list (see module docstring).
    communes_gdf
        GeoDataFrame indexed by ``code_commune`` with ``population`` and polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``id_cpts``; columns ``nom_cpts, statut, date_signature, n_communes,
        population, taille, shared_population`` (…) and ``geometry``, in the CRS of
        ``communes_gdf``. CPTS with no known commune are left out (no geometry).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"population": [10.0, 20.0]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
    ...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "A"], "nom_cpts": ["a", "a"], "statut": ["projet"] * 2,
    ...     "date_signature": [None] * 2, "code_commune": ["01001", "01002"]})
    >>> p = cpts_perimeters(cpts, g)
    >>> float(p.geometry.iloc[0].area), float(p["population"].iloc[0])
    (2.0, 30.0)
    """
    import geopandas as gpd

    table = cpts_table(cpts, communes_gdf, size_classes=size_classes)
    com = commune_frame(communes_gdf)
    links, _, _ = _check_cpts(cpts, com, source="CPTS table", on_empty="warn", warn=False)
    geo = gpd.GeoDataFrame(geometry=communes_gdf.geometry.to_numpy(), crs=communes_gdf.crs)
    geo.index = normalize_insee_codes(pd.Series(communes_gdf.index.to_numpy())).to_numpy()
    lk = gpd.GeoDataFrame(links, geometry=geo.geometry.reindex(links[CODE]).to_numpy(), crs=communes_gdf.crs)
    dissolved = lk[["id_cpts", "geometry"]].dissolve(by="id_cpts")
    out = gpd.GeoDataFrame(table.loc[dissolved.index], geometry=dissolved.geometry, crs=communes_gdf.crs)
    out.index.name = "id_cpts"
    return out


def with_geometry(table: pd.DataFrame, territories: Any, *, name_column: str = "nom") -> Any:
    """Attach territory polygons (departments or regions) to a per-territory table for maps.

    Parameters
    ----------
    table
        Indexed by territory code (e.g. the output of :func:`coverage`).
    territories
        GeoDataFrame indexed by the same codes (e.g. ``DemoTerritory.departements``).

    Returns
    -------
    geopandas.GeoDataFrame
        ``table`` rows with a ``nom`` column (if present in ``territories``) and
        geometry; codes without a polygon are kept with an empty geometry and a
        :class:`UserWarning`.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> terr = gpd.GeoDataFrame({"nom": ["Ain"]}, geometry=[box(0, 0, 1, 1)], index=["01"], crs=2154)
    >>> with_geometry(pd.DataFrame({"x": [1.0]}, index=["01"]), terr)[["nom", "x"]].to_dict("records")
    [{'nom': 'Ain', 'x': 1.0}]
    """
    import geopandas as gpd

    idx = table.index.astype(str)
    terr_idx = territories.index.astype(str)
    missing = sorted(set(idx) - set(terr_idx))
    if missing:
        warnings.warn(
            f"{len(missing)} territory code(s) have no geometry: {describe_values(missing)}", UserWarning, stacklevel=2
        )
    geom = pd.Series(territories.geometry.to_numpy(), index=terr_idx).reindex(idx)
    data = table.copy()
    if name_column in territories.columns and name_column not in data.columns:
        names = pd.Series(territories[name_column].to_numpy(), index=terr_idx).reindex(idx)
        data.insert(0, name_column, names.to_numpy())
    return gpd.GeoDataFrame(data, geometry=geom.to_numpy(), crs=territories.crs)
