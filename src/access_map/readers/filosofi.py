"""INSEE Filosofi gridded data (« données carroyées »): population, ages and poverty on 200 m and 1 km cells.

INSEE publishes, for each Filosofi vintage, one CSV per territory (mainland, Martinique, La Réunion) and cell
size, one row per populated cell. Layouts recognised (case-insensitive headers, ``,`` or ``;``, optionally
gzipped):

===================== =================================== ======================= ==================
vintage               cell id                             commune                 imputation flag
===================== =================================== ======================= ==================
2015                  ``IdINSPIRE``                       ``Depcom``              ``I_est_cr`` (200 m),
                                                                                  ``I_est_1km`` (1 km)
2017, 2019, 2021      ``Idcar_200m`` / ``Idcar_1km``      ``lcog_geo``            ``I_est_200`` / ``I_est_1km``
===================== =================================== ======================= ==================

The cell id gives the cell: ``CRS3035RES200mN2466800E3482800`` is the 200 m square of EPSG:3035 whose
south-west corner is (E 3 482 800, N 2 466 800) (:func:`access_map.zones.parse_cell_ids`). Counts are
fractional where INSEE imputed cells for confidentiality.

:func:`read_filosofi_grid` returns one row per cell, indexed by ``cell_id``, with the columns

* ``code_commune`` — the cell's commune (``Depcom``; from ``lcog_geo`` when it names one commune, else
  missing: the cell straddles communes, listed in ``communes``);
* ``population`` (``Ind``), ``households`` (``Men``), ``poor_households`` (``Men_pauv``: households under
  the poverty line), ``standard_of_living_sum`` (``Ind_snv``: sum of the individuals' standards of living);
* the ten age bands of :data:`GRID_AGE_BANDS` (``Ind_0_3`` … ``Ind_80p``) and ``age_unknown`` (``Ind_inc``);
* ``imputed`` (bool: INSEE's imputation flag).

``attrs``: ``epsg``, ``size_m``, ``source``, ``layout``.

Examples
--------
>>> import os, tempfile
>>> p = os.path.join(tempfile.mkdtemp(), "carreaux.csv")
>>> head = "IdINSPIRE,Depcom,I_est_cr,Ind,Men,Men_pauv,Ind_snv," + ",".join(FILOSOFI_AGE_COLUMNS) + ",Ind_inc"
>>> row = "CRS3035RES200mN2466800E3482800,33063,0,10,4,1,200000," + ",".join(["1"] * 10) + ",0"
>>> _ = open(p, "w", encoding="utf-8").write(head + "\\n" + row + "\\n")
>>> g = read_filosofi_grid(p)
>>> g.index[0], g.loc[g.index[0], "code_commune"], float(g["population"].iloc[0]), g.attrs["size_m"]
('CRS3035RES200mN2466800E3482800', '33063', 10.0, 200)
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._validate import DropReport, check_insee_codes, to_numeric_column
from ..errors import InvalidValueError, MissingColumnError
from ..messages import grid as msg
from ..zones import check_zone_codes, parse_cell_ids
from ._io import PathLike, SourceWarning, finish, normalize_label, read_table

__all__ = [
    "GRID_AGE_BANDS",
    "GRID_BAND_AGES",
    "FILOSOFI_AGE_COLUMNS",
    "CELL_ID",
    "read_filosofi_grid",
]

#: Index name of cell tables.
CELL_ID = "cell_id"

#: The ten age bands of the Filosofi grids, as column names of :func:`read_filosofi_grid`.
GRID_AGE_BANDS: tuple[str, ...] = (
    "age_00_03",
    "age_04_05",
    "age_06_10",
    "age_11_17",
    "age_18_24",
    "age_25_39",
    "age_40_54",
    "age_55_64",
    "age_65_79",
    "age_80_plus",
)

#: First and last age (in years, inclusive; ``None`` = open band) of each grid band.
GRID_BAND_AGES: dict[str, tuple[int, int | None]] = {
    "age_00_03": (0, 3),
    "age_04_05": (4, 5),
    "age_06_10": (6, 10),
    "age_11_17": (11, 17),
    "age_18_24": (18, 24),
    "age_25_39": (25, 39),
    "age_40_54": (40, 54),
    "age_55_64": (55, 64),
    "age_65_79": (65, 79),
    "age_80_plus": (80, None),
}

#: Filosofi's headers of the age bands (2015 spelling; later vintages are the same in lower case).
FILOSOFI_AGE_COLUMNS: tuple[str, ...] = (
    "Ind_0_3",
    "Ind_4_5",
    "Ind_6_10",
    "Ind_11_17",
    "Ind_18_24",
    "Ind_25_39",
    "Ind_40_54",
    "Ind_55_64",
    "Ind_65_79",
    "Ind_80p",
)

_COUNTS: dict[str, str] = {
    "Ind": "population",
    "Men": "households",
    "Men_pauv": "poor_households",
    "Ind_snv": "standard_of_living_sum",
    **dict(zip(FILOSOFI_AGE_COLUMNS, GRID_AGE_BANDS, strict=True)),
    "Ind_inc": "age_unknown",
}
_ID_COLUMNS = ("IdINSPIRE", "Idcar_200m", "Idcar_1km")
_COMMUNE_COLUMNS = ("Depcom", "lcog_geo")
_IMPUTED_COLUMNS = ("I_est_cr", "I_est_200", "I_est_1km")
#: Largest gap tolerated between the population and the sum of its age bands (INSEE rounds to 0.1).
_AGE_SUM_TOLERANCE = 0.5


def _pick(labels: dict[str, str], candidates: tuple[str, ...]) -> str | None:
    for name in candidates:
        found = labels.get(normalize_label(name))
        if found is not None:
            return found
    return None


def _communes(raw: pd.Series, *, column: str, source: str) -> tuple[pd.Series, pd.Series]:
    """``code_commune`` (one commune) and ``communes`` (every commune named, space-separated)."""
    text = raw.fillna("").astype(str).str.strip()
    lengths = text.str.len().to_numpy()
    if (lengths % 5 != 0).any():
        bad = text[lengths % 5 != 0].tolist()
        raise InvalidValueError(msg.communes_de_carreau_invalides(source=source, column=column, values=bad))
    if (lengths == 5).all():  # one commune per cell (Depcom, and most lcog_geo): no per-row work
        check_insee_codes(pd.Index(pd.unique(text)), source=source, column=column, current=True)
        single = pd.Series(text.to_numpy(dtype=object), index=raw.index, dtype=object)
        return single, single.copy()
    split = [[t[k : k + 5] for k in range(0, len(t), 5)] for t in text.tolist()]
    flat = pd.Series([c for codes in split for c in codes], dtype=object)
    if len(flat):
        check_insee_codes(flat, source=source, column=column, current=True)
    single = pd.Series([codes[0] if len(codes) == 1 else None for codes in split], index=raw.index, dtype=object)
    every = pd.Series([" ".join(codes) for codes in split], index=raw.index, dtype=object)
    return single, every


def read_filosofi_grid(path: PathLike, *, source: str | None = None) -> pd.DataFrame:
    """Read an INSEE Filosofi grid CSV (200 m or 1 km cells) into a validated cell table.

    Parameters
    ----------
    path
        The CSV (``.csv`` or ``.csv.gz``), in INSEE's layout (see the module notes).
    source
        Name quoted in messages (default: the path).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``cell_id`` (INSPIRE id), sorted; see the module notes for the columns.

    Raises
    ------
    MissingColumnError
        No cell id column, or a count column missing (the message lists the columns found).
    InvalidCodeError
        A malformed or duplicated cell id, cells of two sizes or CRS in one file, a malformed commune code.
    InvalidValueError
        A negative or non-numeric count.

    Examples
    --------
    See the module docstring.
    """
    name = str(path) if source is None else source
    raw, _, _ = read_table(path, source=name)
    labels = {normalize_label(c): c for c in raw.columns}
    id_column = _pick(labels, _ID_COLUMNS)
    if id_column is None:
        raise MissingColumnError(msg.colonne_identifiant_absente(source=name, found=list(raw.columns)))
    missing = [col for col in _COUNTS if normalize_label(col) not in labels]
    if missing:
        raise MissingColumnError(msg.colonnes_filosofi_absentes(source=name, missing=missing, found=list(raw.columns)))
    ids = raw[id_column].astype(str).str.strip()
    check_zone_codes(pd.Index(ids), kind="cell", source=name, column=id_column, unique=True)
    parsed = parse_cell_ids(ids)
    kinds = parsed[["epsg", "size_m"]].drop_duplicates()
    if len(kinds) > 1:
        shown = [f"EPSG:{e} {s} m" for e, s in kinds.itertuples(index=False)]
        raise InvalidValueError(msg.grilles_melangees(source=name, kinds=shown))
    table = pd.DataFrame(index=pd.Index(ids.to_numpy(dtype=object), name=CELL_ID))
    for column, canonical in _COUNTS.items():
        header = labels[normalize_label(column)]
        table[canonical] = to_numeric_column(raw, header, source=name).to_numpy()
    commune_column = _pick(labels, _COMMUNE_COLUMNS)
    if commune_column is not None:
        single, every = _communes(raw[commune_column], column=commune_column, source=name)
        table["code_commune"] = single.to_numpy()
        table["communes"] = every.to_numpy()
    imputed_column = _pick(labels, _IMPUTED_COLUMNS)
    if imputed_column is not None:
        flags = to_numeric_column(raw, imputed_column, source=name)
        table["imputed"] = flags.to_numpy() > 0
    _check_age_sums(table, source=name)
    table = table.sort_index()
    report = DropReport(source=name)
    table.attrs["epsg"] = int(kinds["epsg"].iloc[0]) if len(kinds) else 3035
    table.attrs["size_m"] = int(kinds["size_m"].iloc[0]) if len(kinds) else 200
    table.attrs["layout"] = "filosofi " + ("2015" if normalize_label(id_column) == "idinspire" else "2017+")
    return finish(table, report, source=name)


def _check_age_sums(table: pd.DataFrame, *, source: str) -> None:
    """Warn (counting cells) when the age bands and ``Ind_inc`` do not add up to ``Ind`` (a wrong column?)."""
    gap = np.abs(table[list(GRID_AGE_BANDS)].sum(axis=1).to_numpy() + table["age_unknown"].to_numpy()
                 - table["population"].to_numpy())  # fmt: skip
    off = gap > _AGE_SUM_TOLERANCE
    if off.any():
        warnings.warn(
            msg.ages_incoherents(
                source=source, cells=int(off.sum()), examples=table.index[off][:3].tolist(), largest=float(gap.max())
            ),  # fmt: skip
            SourceWarning,
            stacklevel=3,
        )
