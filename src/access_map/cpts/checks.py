"""Checks of a CPTS list against a commune table: what was wrong (:class:`CPTSInputReport`) and what was
done about it; selection of the CPTS that count (status, signature date)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._validate import (
    INSEE_CODE_PATTERN,
    describe_values,
    normalize_insee_codes,
    normalize_text,
    require_columns,
    to_datetime_column,
    user_stacklevel,
)
from ..communes import CODE
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import cpts as msg
from ..readers.cpts import CPTS_STATUSES, check_signature_dates, normalize_cpts_status
from .territories import commune_frame

__all__ = ["CPTS_COLUMNS", "STATUSES", "SIGNED", "CPTSInputReport", "check_cpts"]

# the package's logger, named access_map.cpts as before the split
logger = logging.getLogger(__package__)


#: Columns of a CPTS list (one row per CPTS x commune).
CPTS_COLUMNS: tuple[str, ...] = ("id_cpts", "nom_cpts", "statut", "date_signature", CODE)

#: Canonical statuses, from least to most advanced.
STATUSES: tuple[str, ...] = CPTS_STATUSES

#: Status of a CPTS with a signed ACI contract.
SIGNED: str = "contrat ACI signé"


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
    t : 3 lignes ; 1 ligne écartée pour 1 code commune inconnu ('99999')
    >>> r.to_frame()["probleme"].tolist()
    ['code commune inconnu']
    """

    source: str = msg.TABLE_DES_CPTS
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
        return msg.rapport(
            source=self.source, n_lignes=self.n_rows, doublons=self.duplicate_rows, inconnues=self.unknown_rows,
            codes=describe_values(self.unknown_communes), n_codes=len(self.unknown_communes),
            sans_commune=self.missing_commune_rows, vides=describe_values(self.empty_cpts), n_vides=len(self.empty_cpts),
        )  # fmt: skip

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


def _check_cpts(
    cpts: pd.DataFrame,
    communes: pd.DataFrame,
    *,
    source: str,
    on_empty: Literal["warn", "raise"],
    warn: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, CPTSInputReport]:
    """Validate ``cpts`` against ``communes``: the links, the registry and the report (see :func:`check_cpts`)."""
    data = _normalized_rows(cpts, source=source)
    n_rows = len(data)
    registry = _registry(data, source=source)
    data, n_missing = _drop_rows_without_commune(data)
    data, n_dup = _drop_duplicate_links(data, source=source, warn=warn)
    links, unknown_codes, n_unknown = _known_links(data, communes, source=source, warn=warn)
    empty = _empty_cpts(registry, links, source=source, on_empty=on_empty, warn=warn)
    if n_missing and warn:
        warnings.warn(msg.lignes_sans_commune(source=source, n=n_missing), UserWarning, stacklevel=user_stacklevel())
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


def _normalized_rows(cpts: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Phase 1: default columns, required columns, CPTS ids, normalised names, statuses and signature dates."""
    data = pd.DataFrame(cpts).copy()
    if "date_signature" not in data.columns and "date_signature_aci" in data.columns:
        data = data.rename(columns={"date_signature_aci": "date_signature"})
    if "date_signature" not in data.columns:
        data["date_signature"] = pd.NaT
    if "nom_cpts" not in data.columns:
        data["nom_cpts"] = data["id_cpts"] if "id_cpts" in data.columns else None
    require_columns(data, CPTS_COLUMNS, source=source, hint=msg.UNE_LIGNE_PAR_LIEN)
    ids_missing = data["id_cpts"].isna()
    if ids_missing.any():
        raise InvalidValueError(
            msg.sans_identifiant(
                source=source, n=int(ids_missing.sum()), lignes=describe_values(data.index[ids_missing].tolist())
            )
        )
    data["id_cpts"] = normalize_text(data["id_cpts"].astype(str))
    data["nom_cpts"] = normalize_text(data["nom_cpts"])
    data["statut"] = normalize_cpts_status(data["statut"], source=source)
    data["date_signature"] = to_datetime_column(
        data["date_signature"], source=source, column="date_signature", hint=msg.VIDE_SANS_SIGNATURE
    )
    check_signature_dates(
        data["date_signature"], ids=data["id_cpts"], statuses=data["statut"], source=source, column="date_signature"
    )
    return data


def _registry(data: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Phase 2: the registry, one row per CPTS; its attributes must agree across its rows."""
    attrs = ["nom_cpts", "statut", "date_signature"]
    n_distinct = data.groupby("id_cpts")[attrs].nunique(dropna=False)
    incoherent = n_distinct[(n_distinct > 1).any(axis=1)].index.tolist()
    if incoherent:
        raise InvalidValueError(msg.cpts_incoherentes(source=source, cpts=describe_values(incoherent)))
    return data.groupby("id_cpts", sort=True)[attrs].first()


def _drop_rows_without_commune(data: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Phase 3: normalised commune codes; the rows without one dropped (and counted)."""
    codes = normalize_insee_codes(data[CODE])
    data[CODE] = codes
    missing = codes.isna() | codes.map(lambda v: isinstance(v, str) and v == "")
    n_missing = int(missing.sum())
    return data[~missing.to_numpy()], n_missing


def _drop_duplicate_links(data: pd.DataFrame, *, source: str, warn: bool) -> tuple[pd.DataFrame, int]:
    """Phase 4: the duplicate (CPTS, commune) rows dropped, counted and warned about."""
    dup = data.duplicated(["id_cpts", CODE])
    n_dup = int(dup.sum())
    if n_dup and warn:
        dup_keys = data.loc[dup, ["id_cpts", CODE]].astype(str).agg("/".join, axis=1).tolist()
        warnings.warn(
            msg.lignes_doublons(source=source, n=n_dup, exemples=describe_values(dup_keys, max_shown=3)),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return data[~dup.to_numpy()], n_dup


def _known_links(
    data: pd.DataFrame, communes: pd.DataFrame, *, source: str, warn: bool
) -> tuple[pd.DataFrame, tuple[str, ...], int]:
    """Phase 5: the (CPTS, commune) links on known communes; the unknown codes excluded and warned about."""
    known = data[CODE].isin(communes.index)
    unknown_codes = tuple(sorted(set(data.loc[~known, CODE].astype(str))))
    n_unknown = int((~known).sum())
    if n_unknown and warn:
        malformed = [c for c in unknown_codes if not INSEE_CODE_PATTERN.match(c)]
        warnings.warn(
            msg.communes_inconnues(
                source=source, n=n_unknown, n_codes=len(unknown_codes), codes=describe_values(unknown_codes),
                mal_formes=describe_values(malformed) if malformed else "",
            ),
            UserWarning,
            stacklevel=user_stacklevel(),
        )  # fmt: skip
    links = data.loc[known.to_numpy(), ["id_cpts", CODE]].reset_index(drop=True)
    return links, unknown_codes, n_unknown


def _empty_cpts(
    registry: pd.DataFrame,
    links: pd.DataFrame,
    *,
    source: str,
    on_empty: Literal["warn", "raise"],
    warn: bool,
) -> tuple[str, ...]:
    """Phase 6: the CPTS left with no known commune (an error or a warning, per ``on_empty``)."""
    empty = tuple(sorted(set(registry.index) - set(links["id_cpts"])))
    if empty:
        listed = describe_values(empty)
        if on_empty == "raise":
            raise InvalidCodeError(msg.cpts_sans_commune(source=source, n=len(empty), cpts=listed, erreur=True))
        if warn:
            warnings.warn(
                msg.cpts_sans_commune(source=source, n=len(empty), cpts=listed, erreur=False),
                UserWarning,
                stacklevel=user_stacklevel(),
            )
    return empty


def check_cpts(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    source: str = msg.TABLE_DES_CPTS,
    on_empty: Literal["warn", "raise"] = "warn",
) -> tuple[pd.DataFrame, pd.DataFrame, CPTSInputReport]:
    """Validate a CPTS list against a commune table.

    Parameters
    ----------
    cpts
        CPTS list, one row per (CPTS, commune); see :mod:`access_map.cpts`.
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
    cpts: pd.DataFrame, communes: pd.DataFrame | pd.Series, *, source: str = msg.TABLE_DES_CPTS
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    com = commune_frame(communes)
    links, registry, _ = _check_cpts(cpts, com, source=source, on_empty="warn")
    return com, links, registry
