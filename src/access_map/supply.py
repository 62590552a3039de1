"""Coverage of a territory by the supply: departments and large communes without any practitioner.

A practitioner file that covers part of the territory only (a department's extraction given for a
whole region) yields an APL of 0 — or close to it — wherever it is silent, and the zoning then reads
those departments as deserts. Every command that turns a practitioner file into figures checks it
here first, at the seam: :func:`supply_coverage` lists the gaps (a pure function of tables) and
:func:`check_supply_coverage` turns them into an error naming them, unless the supply is declared
partial on purpose (``[supply] partial = true``, ``--partial-supply``); then it returns the French
statement that the console, the report headline and every table of the run carry
(:func:`stamp_partial_supply`: a column :data:`~access_map.messages.supply.PARTIAL_SUPPLY_COLUMN`,
the same sentence on every row, so that a table read on its own still says it).

Examples
--------
>>> import pandas as pd
>>> communes = pd.DataFrame({"code_departement": ["33", "33", "24"], "population": [250000.0, 800.0, 500.0]},
...                         index=pd.Index(["33063", "33001", "24001"], name="code_commune"))
>>> supply_coverage(pd.Series({"33063": 2.0}), communes).to_dict("records")
[{'level': 'departement', 'code': '24', 'population': 500.0, 'in_territory': True}]
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from ._validate import user_stacklevel
from .communes import CODE
from .errors import AccessMapError
from .messages import supply as msg

__all__ = [
    "LARGE_COMMUNE_POPULATION",
    "SupplyCoverageError",
    "supply_coverage",
    "check_supply_coverage",
    "practice_counts",
    "stamp_partial_supply",
    "establishment_note",
]

logger = logging.getLogger(__name__)

#: Per profession, a commune of the territory at least this populous with no practitioner at all is a gap of the
#: supply file: every French commune of 20,000 inhabitants has general practitioners, so a GP file silent there
#: is incomplete. The other professions are checked by department only: midwives, dentists... are too few for
#: such a rule (the demo territory's commune of 27,000 inhabitants has no midwife).
LARGE_COMMUNE_POPULATION: Mapping[str, float] = MappingProxyType({"medecin_generaliste": 20_000.0})


class SupplyCoverageError(AccessMapError):
    """Departments or large communes of the territory have no practitioner at all in the supply file."""


def practice_counts(practitioners: pd.DataFrame, *, profession: str) -> pd.Series:
    """Number of practitioner × site rows of ``profession`` per commune of practice.

    Examples
    --------
    >>> t = pd.DataFrame({"code_commune": ["33063", "33063", "24322"],
    ...                   "profession": ["medecin_generaliste", "medecin_generaliste", "infirmier"]})
    >>> practice_counts(t, profession="medecin_generaliste").to_dict()
    {'33063': 2}
    """
    rows = practitioners[practitioners["profession"].to_numpy() == profession]
    counts: pd.Series = rows.groupby(rows[CODE].astype(str)).size()
    return counts.rename("practitioners").rename_axis(CODE)


def supply_coverage(
    supply: pd.Series,
    communes: pd.DataFrame,
    *,
    min_population: float = math.inf,
) -> pd.DataFrame:
    """Departments, and large communes, with no supply at all.

    Parameters
    ----------
    supply
        Per commune of practice (index ``code_commune``): any value > 0 means a practice there
        (a number of practitioners, :func:`practice_counts`, or the supply itself). Communes absent
        from ``communes`` are ignored.
    communes
        The communes of the computation: index ``code_commune``, ``code_departement``, ``population``
        and optionally ``in_territory`` (``False`` for the neighbouring communes kept as context).
    min_population
        A commune of the territory with at least this population and no supply is listed, when its
        department has supply elsewhere (a department without any is listed once, not its communes);
        by default no commune is (departments only; see :data:`LARGE_COMMUNE_POPULATION`).

    Returns
    -------
    pandas.DataFrame
        One row per gap: ``level`` (``"departement"`` or ``"commune"``), ``code``, ``population``
        (of the department's communes in ``communes``, or of the commune) and ``in_territory``
        (a department is in the territory when one of its communes is); departments first, by code.

    Examples
    --------
    >>> communes = pd.DataFrame({"code_departement": ["33", "33", "24"], "population": [250000.0, 800.0, 500.0],
    ...                          "in_territory": [True, True, False]},
    ...                         index=pd.Index(["33063", "33001", "24001"], name="code_commune"))
    >>> supply_coverage(pd.Series({"33001": 1}), communes, min_population=20000).to_dict("records")
    [{'level': 'departement', 'code': '24', 'population': 500.0, 'in_territory': False},
     {'level': 'commune', 'code': '33063', 'population': 250000.0, 'in_territory': True}]
    """
    inside = (
        communes["in_territory"].astype(bool).to_numpy()
        if "in_territory" in communes.columns
        else pd.Series(True, index=communes.index).to_numpy()
    )
    values = pd.to_numeric(supply, errors="coerce").fillna(0.0)
    present = set(values.index[values.to_numpy() > 0].astype(str))
    frame = pd.DataFrame(
        {
            "departement": communes["code_departement"].astype(str).to_numpy(),
            "population": pd.to_numeric(communes["population"], errors="coerce").fillna(0.0).to_numpy(),
            "in_territory": inside,
            "supplied": communes.index.astype(str).isin(present),
        },
        index=communes.index.astype(str),
    )
    with np.errstate(over="ignore", invalid="ignore"):  # absurd populations are refused elsewhere, with their communes
        by_dep = frame.groupby("departement", sort=True).agg(
            population=("population", "sum"), in_territory=("in_territory", "any"), supplied=("supplied", "any")
        )
    empty = by_dep[~by_dep["supplied"]]
    rows = [
        {
            "level": "departement",
            "code": str(code),
            "population": float(r.population),
            "in_territory": bool(r.in_territory),
        }
        for code, r in empty.iterrows()
    ]
    big = frame[
        frame["in_territory"]
        & ~frame["supplied"]
        & (frame["population"] >= min_population)
        & ~frame["departement"].isin(empty.index)
    ].sort_index()
    rows += [
        {"level": "commune", "code": str(code), "population": float(r.population), "in_territory": True}
        for code, r in big.iterrows()
    ]
    out = pd.DataFrame(rows, columns=["level", "code", "population", "in_territory"])
    return out.astype({"level": object, "code": object, "population": float, "in_territory": bool})


def check_supply_coverage(
    supply: pd.Series,
    communes: pd.DataFrame,
    *,
    profession: str,
    partial: bool = False,
    min_population: float | None = None,
) -> str | None:
    """Refuse a supply that leaves departments or large communes of the territory without any practitioner.

    Parameters
    ----------
    supply, communes
        As for :func:`supply_coverage`.
    min_population
        Large communes (:func:`supply_coverage`); default: the profession's :data:`LARGE_COMMUNE_POPULATION`
        (departments only for a profession it does not name).
    profession
        Key of :data:`~access_map.schema.PROFESSIONS` (named in the messages).
    partial
        The supply is partial on purpose: the gaps are stated (a ``UserWarning``, and the returned
        statement for the report and the tables) instead of raising.

    Returns
    -------
    str or None
        The French statement of a partial supply (``partial=True`` and gaps in the territory), else ``None``.
        Departments kept only as context (``in_territory`` False) without any practitioner are always a
        warning: the APL near the border of the territory is understated.

    Raises
    ------
    SupplyCoverageError
        Gaps in the territory and ``partial`` is False.

    Examples
    --------
    >>> communes = pd.DataFrame({"code_departement": ["33", "24"], "population": [900.0, 500.0]},
    ...                         index=pd.Index(["33001", "24001"], name="code_commune"))
    >>> check_supply_coverage(pd.Series({"33001": 1}), communes, profession="medecin_generaliste")
    Traceback (most recent call last):
    ...
    access_map.supply.SupplyCoverageError: Aucun médecin généraliste dans le département 24 du territoire : ...
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     check_supply_coverage(pd.Series({"33001": 1}), communes, profession="medecin_generaliste", partial=True)
    "Offre partielle déclarée : aucun médecin généraliste dans le département 24 ; l'APL et le zonage n'y mesurent pas l'accès réel."
    """
    if min_population is None:
        min_population = LARGE_COMMUNE_POPULATION.get(profession, math.inf)
    gaps = supply_coverage(supply, communes, min_population=min_population)
    context = gaps.loc[(gaps["level"] == "departement") & ~gaps["in_territory"], "code"].tolist()
    if context:
        warnings.warn(
            msg.offre_absente_contexte(profession=profession, departements=context),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    inside = gaps.loc[gaps["in_territory"]]
    departements = inside.loc[inside["level"] == "departement", "code"].tolist()
    large = inside.loc[inside["level"] == "commune", "code"].tolist()
    if not departements and not large:
        if partial:
            logger.info("supply declared partial, but it covers every department and large commune of the territory")
        return None
    if not partial:
        raise SupplyCoverageError(
            msg.offre_absente(
                profession=profession, departements=departements, communes=large, min_population=min_population
            )
        )
    statement = msg.offre_partielle(profession=profession, departements=departements, communes=large)
    warnings.warn(statement, UserWarning, stacklevel=user_stacklevel())
    return statement


def stamp_partial_supply(table: pd.DataFrame, statements: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """``table`` with the column :data:`~access_map.messages.supply.PARTIAL_SUPPLY_COLUMN` holding the statements
    (joined), on every row; ``table`` itself when there is none. Not modified in place.

    Examples
    --------
    >>> t = pd.DataFrame({"apl": [1.0, 2.0]})
    >>> stamp_partial_supply(t, ["Offre partielle : ..."])["avertissement_offre"].tolist()
    ['Offre partielle : ...', 'Offre partielle : ...']
    >>> stamp_partial_supply(t, []) is t
    True
    """
    if not statements:
        return table
    out = table.copy()
    out[msg.PARTIAL_SUPPLY_COLUMN] = " ; ".join(statements)
    return out


def establishment_note(practitioners: pd.DataFrame) -> str | None:
    """French statement of the GPs practising in establishments left out of (or kept in) the supply.

    From ``attrs["establishments"]`` of :func:`access_map.readers.annuaire_sante.read_rpps_2017` (the only
    layout that flags establishments); ``None`` for other tables, or when no GP practises in an establishment.

    Examples
    --------
    >>> t = pd.DataFrame()
    >>> t.attrs.update(source="/data/rpps.csv", establishments={"only": 243, "mixed": 53, "excluded": True})
    >>> establishment_note(t)[:58]
    'rpps.csv : 243 médecins généralistes exerçant uniquement e'
    >>> establishment_note(pd.DataFrame()) is None
    True
    """
    info = practitioners.attrs.get("establishments")
    if not info or not (info.get("only") or info.get("mixed")):
        return None
    source = Path(str(practitioners.attrs.get("source", "praticiens"))).name
    if info.get("excluded"):
        return msg.etablissements_exclus(only=int(info["only"]), mixed=int(info["mixed"]), source=source)
    return msg.etablissements_gardes(only=int(info["only"]), source=source)
