"""Baromètre des résultats de l'action publique (DITP): official aggregates by department/region.

The baromètre publishes one CSV per indicator (``ind-311.csv``...) with columns
``indic_id, enforce_zone_id, metric_enforce_date, maille, indic_vi, indic_va,
indic_vc, indic_ta``: ``enforce_zone_id`` is ``Dxx`` (department, ``D2A``, ``D971``),
``Rxx`` (INSEE region code) or ``FRANCE``; ``indic_vi`` the initial value,
``indic_va`` the current value, ``indic_vc`` the target, ``indic_ta`` the progress
rate (%). These are **aggregates** — useful to check counts computed from lists
(MSP per 100,000 inhabitants, CPTS coverage), not lists of establishments.

Indicators used here (:data:`BAROMETRE_INDICATORS`): IND-311 MSP count, IND-318
centres de santé pluriprofessionnels, IND-589 % of the population covered by a CPTS.

Levels use the vocabulary of the rest of the package (:data:`access_map.cpts.LEVELS`,
:func:`access_map.msp.population_vintages`): ``departement``, ``region``, ``nation`` — so a
baromètre table joins the population tables without renaming. The baromètre's own ``DEPT``,
``REG``, ``NAT`` are accepted as ``level=`` arguments.

The earliest date of a series often carries only the **initial** value (``indic_vi``: e.g.
every IND-589 CPTS coverage of 2022-12-01): ``observed`` holds ``indic_va``, else ``indic_vi``,
the figure measured at that date, and is what :func:`indicator_values` returns by default.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import DropReport, describe_values, to_numeric_column, user_stacklevel
from ..errors import InvalidCodeError, InvalidValueError, SourceError
from ..messages import barometre as msg
from ..messages import readers as R
from ._io import PathLike, finish, read_table, reads_input

__all__ = [
    "BAROMETRE_INDICATORS",
    "BAROMETRE_COLUMNS",
    "LEVEL_NAMES",
    "read_barometre",
    "indicator_values",
    "msp_counts",
    "health_centre_counts",
    "cpts_coverage_pct",
]

#: Short names of the health indicators of the baromètre.
BAROMETRE_INDICATORS: dict[str, str] = {
    "msp": "IND-311",  # nombre de maisons de santé pluriprofessionnelles
    "ald_medecin_traitant_pct": "IND-312",  # % de patients en ALD avec un médecin traitant
    "centres_sante": "IND-318",  # centres de santé pluriprofessionnels
    "sas_coverage_pct": "IND-587",  # % de la population couverte par le SAS
    "cpts_coverage_pct": "IND-589",  # % de la population couverte par une CPTS
    "assistants_medicaux": "IND-679",  # assistants médicaux
}

BAROMETRE_COLUMNS: tuple[str, ...] = (
    "indic_id", "enforce_zone_id", "metric_enforce_date", "maille", "indic_vi", "indic_va", "indic_vc", "indic_ta",
)  # fmt: skip

_ZONE = re.compile(r"^(?:(?P<d>D)(?P<dep>\d{2}|2[AB]|97\d)|(?P<r>R)(?P<reg>\d{2})|(?P<nat>FRANCE))$")
#: The baromètre's ``maille`` -> the package's level names.
LEVEL_NAMES: dict[str, str] = {"DEPT": "departement", "REG": "region", "NAT": "nation"}
_LEVEL_ALIASES = {**{k.lower(): v for k, v in LEVEL_NAMES.items()}, **{v: v for v in LEVEL_NAMES.values()}}
_VALUE_COLUMNS = ("value", "initial", "observed")


def _files(path: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(path, (str, Path)) or hasattr(path, "__fspath__"):
        p = Path(path)  # type: ignore[arg-type]
        if p.is_dir():
            files = sorted(p.glob("ind-*.csv")) + sorted(p.glob("ind-*.csv.gz"))
            if not files:
                raise SourceError(R.aucun_fichier_ind(dossier=str(p)))
            return files
        return [p]
    return [Path(x) for x in path]


@reads_input
def read_barometre(path: PathLike | Iterable[PathLike]) -> pd.DataFrame:
    """Read baromètre indicator files into one tidy table.

    Parameters
    ----------
    path
        One ``ind-XXX.csv`` file, a list of files, or a folder (every ``ind-*.csv`` in it).

    Returns
    -------
    pandas.DataFrame
        ``RangeIndex``; columns ``indicator`` (``IND-311``), ``level`` (``departement``, ``region``,
        ``nation`` for the baromètre's ``DEPT``/``REG``/``NAT``), ``code`` (department code
        ``01``/``2A``/``971``, region code ``84``, ``FR`` for France), ``date`` (datetime),
        ``value`` (``indic_va``), ``target`` (``indic_vc``), ``initial`` (``indic_vi``),
        ``progress_pct`` (``indic_ta``), ``observed`` (``indic_va``, else ``indic_vi``: the figure
        measured at that date). Every column of the file is read: ``maille`` is checked against the
        zone prefix and becomes ``level``. Rows with none of the four numbers and exact duplicates
        are dropped and reported.

    Raises
    ------
    InvalidCodeError
        Unknown zone identifiers, or a ``maille`` that contradicts the zone prefix.
    InvalidValueError
        Unreadable dates or numbers, or one (indicator, zone, date) with two different values.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ind-311.csv")
    >>> _ = open(p, "w").write(",".join(BAROMETRE_COLUMNS) + "\\n"
    ...     "IND-311,D2A,2023-12-01,DEPT,,12.0,,\\nIND-311,FRANCE,2023-12-01,NAT,,2501.0,,14.29\\n")
    >>> t = read_barometre(p)
    >>> t[["level", "code", "value"]].values.tolist()
    [['departement', '2A', 12.0], ['nation', 'FR', 2501.0]]
    """
    frames = []
    report = DropReport(source=str(path))
    for file in _files(path):
        name = str(file)
        raw, _, _ = read_table(file, required=BAROMETRE_COLUMNS, source=name)
        zone = raw["enforce_zone_id"].fillna("").astype(str).str.strip().str.upper()
        parts = zone.str.extract(_ZONE)
        bad = zone[parts.isna().all(axis=1).to_numpy()]
        if len(bad):
            raise InvalidCodeError(R.zones_inconnues(source=name, valeurs=describe_values(bad.unique().tolist())))
        level = np.where(parts["d"].notna(), "DEPT", np.where(parts["r"].notna(), "REG", "NAT"))
        maille = raw["maille"].fillna("").astype(str).str.strip().str.upper()
        clash = maille.to_numpy() != level
        if clash.any():
            ex = (zone[clash] + "/" + maille[clash]).unique().tolist()
            raise InvalidCodeError(R.maille_contradictoire(source=name, exemples=describe_values(ex)))
        code = parts["dep"].fillna(parts["reg"]).fillna("FR")
        nums = {
            new: to_numeric_column(raw, old, source=name, allow_nan=True, non_negative=False)
            for old, new in (("indic_va", "value"), ("indic_vc", "target"), ("indic_vi", "initial"),
                             ("indic_ta", "progress_pct"))
        }  # fmt: skip
        has_value = pd.concat(nums, axis=1).notna().any(axis=1)
        dates = pd.to_datetime(raw["metric_enforce_date"], format="%Y-%m-%d", errors="coerce")
        bad_date = dates.isna() & has_value  # rows without value are dropped (and reported) below
        if bad_date.any():
            badd = raw.loc[bad_date, "metric_enforce_date"].unique().tolist()
            raise InvalidValueError(R.dates_barometre_illisibles(source=name, valeurs=describe_values(badd)))
        frames.append(
            pd.DataFrame(
                {
                    "indicator": raw["indic_id"].astype(str).str.strip().str.upper().astype(object),
                    "level": pd.Series(level, dtype=object).map(LEVEL_NAMES),
                    "code": code.astype(object),
                    "date": dates,
                    **nums,
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    empty = table[["value", "target", "initial", "progress_pct"]].isna().all(axis=1)
    report.add(
        R.LIGNE_SANS_VALEUR,
        int(empty.sum()),
        (table.loc[empty, "indicator"] + " " + table.loc[empty, "code"]).tolist(),
    )
    table = table[~empty.to_numpy()]
    dup = table.duplicated()
    report.add(R.LIGNE_EN_DOUBLE_EXACT, int(dup.sum()), table.loc[dup, "indicator"].tolist())
    table = table[~dup.to_numpy()]
    key = ["indicator", "level", "code", "date"]
    clash = table.duplicated(key, keep=False)
    if clash.any():
        ex = table.loc[clash, key].astype(str).agg(" ".join, axis=1).unique().tolist()
        raise InvalidValueError(R.lignes_contradictoires(exemples=describe_values(ex)))
    table = table.sort_values(key, kind="stable").reset_index(drop=True)
    table["observed"] = table["value"].fillna(table["initial"])
    return finish(table, report, source=str(path))


def _level(level: str) -> str:
    lvl = _LEVEL_ALIASES.get(level.strip().lower())
    if lvl is None:
        raise InvalidValueError(R.niveau_inconnu(niveau=repr(level)))
    return lvl


def indicator_values(
    table: pd.DataFrame,
    indicator: str,
    *,
    level: str = "departement",
    date: str | pd.Timestamp | None = None,
    column: str = "observed",
) -> pd.Series:
    """Values of one indicator at one level and date, indexed by zone code.

    Parameters
    ----------
    table
        Output of :func:`read_barometre`.
    indicator
        ``IND-311`` or a short name of :data:`BAROMETRE_INDICATORS` (``"msp"``).
    level
        ``departement``, ``region`` or ``nation`` (``DEPT``, ``REG``, ``NAT`` accepted).
    date
        Date of the values (``"2023-12-01"``; a month ``"2023-12"`` works). Default: the
        latest date with at least one value at that level — with a warning when the other levels'
        latest date differs (the CPTS coverage: regions until 2023-12, departments and France until
        2024-05), since the values of two levels taken so are not of the same date
        (:func:`access_map.barometre.rebuild_from_departments` gives the regions at a common date).
    column
        ``observed`` (default: ``indic_va``, else ``indic_vi``), ``value`` (``indic_va`` only) or
        ``initial`` (``indic_vi`` only).

    Returns
    -------
    pandas.Series
        ``value`` indexed by ``code`` (NaN rows removed); ``attrs["date"]`` holds the date.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": ["IND-311"] * 3, "level": ["nation"] * 3, "code": ["FR"] * 3,
    ...     "date": pd.to_datetime(["2017-06-01", "2023-12-01", "2026-12-01"]),
    ...     "observed": [1034.0, 2501.0, float("nan")], "target": [float("nan")] * 2 + [4000.0]})
    >>> indicator_values(t, "msp", level="nation").tolist()
    [2501.0]
    """
    ind = BAROMETRE_INDICATORS.get(indicator, indicator).upper()
    lvl = _level(level)
    if column not in _VALUE_COLUMNS:
        raise InvalidValueError(
            R.choisir_parmi(option="column", valeur=repr(column), possibles=describe_values(_VALUE_COLUMNS))
        )
    sel = table[(table["indicator"] == ind) & (table["level"] == lvl) & table[column].notna()]
    if sel.empty:
        available = sorted(set(table["indicator"]))
        raise InvalidValueError(
            R.indicateur_sans_valeur_au_niveau(indicateur=ind, niveau=lvl, disponibles=describe_values(available))
        )
    if date is None:
        when = sel["date"].max()
        _warn_if_levels_differ(table[(table["indicator"] == ind) & table[column].notna()], ind)
    else:
        ts = pd.Timestamp(date)
        when = ts
        if not (sel["date"] == ts).any():
            dates = sorted(sel["date"].dt.strftime("%Y-%m-%d").unique())
            raise InvalidValueError(
                R.indicateur_sans_valeur_a_la_date(
                    indicateur=ind, niveau=lvl, date=str(ts.date()), dates=describe_values(dates)
                )
            )
    out: pd.Series = sel[sel["date"] == when].set_index("code")[column].sort_index()
    out.index = out.index.astype(object)
    out.attrs["date"] = when
    out.name = ind
    return out


def _warn_if_levels_differ(rows: pd.DataFrame, indicator: str) -> None:
    """Warn when the latest date differs between levels: « the latest value » of each level is of another date."""
    latest = rows.groupby("level")["date"].max()
    if latest.nunique() > 1:
        order = [lv for lv in LEVEL_NAMES.values() if lv in latest.index]
        warnings.warn(
            msg.dates_differentes(indicator=indicator, latest={lv: latest[lv] for lv in order}),
            UserWarning,
            stacklevel=user_stacklevel(),
        )


def msp_counts(table: pd.DataFrame, *, level: str = "departement", date: str | pd.Timestamp | None = None) -> pd.Series:
    """Number of MSP (IND-311) per zone.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": ["IND-311"], "level": ["region"], "code": ["75"],
    ...                   "date": pd.to_datetime(["2023-12-01"]), "observed": [250.0]})
    >>> msp_counts(t, level="region").to_dict()
    {'75': 250.0}
    """
    return indicator_values(table, "IND-311", level=level, date=date)


def health_centre_counts(
    table: pd.DataFrame, *, level: str = "departement", date: str | pd.Timestamp | None = None
) -> pd.Series:
    """Number of centres de santé pluriprofessionnels (IND-318) per zone.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": ["IND-318"], "level": ["nation"], "code": ["FR"],
    ...                   "date": pd.to_datetime(["2023-12-01"]), "observed": [638.0]})
    >>> health_centre_counts(t, level="nation").tolist()
    [638.0]
    """
    return indicator_values(table, "IND-318", level=level, date=date)


def cpts_coverage_pct(
    table: pd.DataFrame, *, level: str = "departement", date: str | pd.Timestamp | None = None
) -> pd.Series:
    """Share of the population covered by a CPTS, in % (IND-589), per zone.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"indicator": ["IND-589"], "level": ["nation"], "code": ["FR"],
    ...                   "date": pd.to_datetime(["2024-05-01"]), "observed": [86.1]})
    >>> cpts_coverage_pct(t, level="nation").tolist()
    [86.1]
    """
    return indicator_values(table, "IND-589", level=level, date=date)
