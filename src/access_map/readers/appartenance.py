"""INSEE table d'appartenance géographique des communes (commune → department, region, EPCI, canton-ville, bassin de vie...).

The file INSEE publishes (insee.fr, information/2028028) has one row per commune:
``CODGEO;LIBGEO;DEP;REG;ARR;CV;EPCI;NATURE_EPCI;ZE2020;UU2020;TUU2017;TDUU2017;AAV2020;
TAAV2017;TDAAV2017;CATEAAV2020;BV2012`` (vintage suffixes change with the edition).
Copies saved through a spreadsheet often **lose the leading zeros** of the codes (``1001``
for ``01001``, ``108`` for the canton-ville ``0108``, ``1093`` for the bassin de vie
``01093``): :func:`read_appartenance` restores them with the width of each code
(:data:`CODE_WIDTHS`), keeps Corsica's ``2A``/``2B`` and the overseas codes (longer) as
they are, and refuses a code longer than its width that is not an overseas or Corsican
one. Every column is kept, renamed as in :data:`APPARTENANCE_COLUMNS`; the original
header of each is in ``attrs["columns"]``.

The table has no municipal arrondissements: Paris, Lyon and Marseille appear as
``75056``, ``69123`` and ``13055`` (see :func:`access_map.zoning.tvs_from_bassins_de_vie`
for the arrondissements of the DREES APL).
"""

from __future__ import annotations

import re

import pandas as pd

from .._validate import DropReport, describe_values
from ..errors import InvalidCodeError
from ..messages import readers as R
from ._io import PathLike, finish, read_table, reads_input, refuse_contradicting_departments

__all__ = ["APPARTENANCE_COLUMNS", "CODE_WIDTHS", "read_appartenance", "restore_code_zeros"]

#: INSEE column (without vintage digits) -> column of the returned table.
APPARTENANCE_COLUMNS: dict[str, str] = {
    "CODGEO": "code_commune",
    "LIBGEO": "nom",
    "DEP": "code_departement",
    "REG": "code_region",
    "ARR": "code_arrondissement",
    "CV": "code_canton_ville",
    "EPCI": "code_epci",
    "NATURE_EPCI": "nature_epci",
    "ZE": "code_zone_emploi",
    "UU": "code_unite_urbaine",
    "TUU": "tranche_unite_urbaine",
    "TDUU": "tranche_detaillee_unite_urbaine",
    "AAV": "code_aire_attraction",
    "TAAV": "tranche_aire_attraction",
    "TDAAV": "tranche_detaillee_aire_attraction",
    "CATEAAV": "categorie_aire_attraction",
    "BV": "code_bassin_vie",
}

#: Width of each code in the INSEE files (metropolitan France; overseas codes are longer).
CODE_WIDTHS: dict[str, int] = {
    "code_commune": 5,
    "code_departement": 2,
    "code_region": 2,
    "code_arrondissement": 3,
    "code_canton_ville": 4,
    "code_epci": 9,
    "code_zone_emploi": 4,
    "code_unite_urbaine": 5,
    "tranche_unite_urbaine": 1,
    "tranche_detaillee_unite_urbaine": 2,
    "code_aire_attraction": 3,
    "tranche_aire_attraction": 1,
    "tranche_detaillee_aire_attraction": 2,
    "categorie_aire_attraction": 2,
    "code_bassin_vie": 5,
}


def restore_code_zeros(values: pd.Series, width: int) -> pd.Series:
    """Left-pad with zeros the codes shorter than ``width`` that are all digits (``"1001"`` → ``"01001"``).

    Codes with letters (``2A004``, ``75ZZ``, ``ZZZZZ``) and longer codes (overseas) are kept.

    Examples
    --------
    >>> import pandas as pd
    >>> restore_code_zeros(pd.Series(["1001", "2A004", "97411", "108", "75ZZ", None]), 5).tolist()
    ['01001', '2A004', '97411', '00108', '75ZZ', None]
    """
    out: list[str | None] = []
    for v in values.tolist():
        if not isinstance(v, str):
            out.append(None)
            continue
        t = v.strip()
        out.append(t.zfill(width) if t.isdigit() and len(t) < width else t)
    return pd.Series(out, index=values.index, dtype=object)


def _canonical(header: str) -> str | None:
    key = re.sub(r"\d+$", "", str(header).strip().upper())
    if key in APPARTENANCE_COLUMNS:
        return APPARTENANCE_COLUMNS[key]
    return None


@reads_input
def read_appartenance(path: PathLike, *, source: str | None = None) -> pd.DataFrame:
    """Read the INSEE table d'appartenance géographique, restoring the leading zeros of every code.

    Parameters
    ----------
    path
        CSV (``;``, UTF-8 or cp1252, optionally gzipped) with the INSEE header.
    source
        Name quoted in messages (default: the path).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code_commune``; one column per INSEE column, renamed as in
        :data:`APPARTENANCE_COLUMNS` (``nom``, ``code_departement``, ``code_region``,
        ``code_canton_ville``, ``code_bassin_vie``...), all as text. ``attrs["columns"]``
        maps each column to its INSEE header (``code_bassin_vie`` → ``BV2012``) and
        ``attrs["restored_zeros"]`` counts the codes padded per column.

    Raises
    ------
    MissingColumnError
        No ``CODGEO`` column.
    InvalidCodeError
        Malformed or duplicated commune codes, or two columns of one kind (``BV2012`` and
        ``BV2022``). Every column is read (an unknown one under its own lower-case name):
        none is dropped silently.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "app.csv")
    >>> _ = open(p, "w", encoding="cp1252").write(
    ...     "CODGEO;LIBGEO;DEP;REG;CV;BV2012\\n1001;L'Abergement-Clémenciat;1;84;108;1093\\n"
    ...     "2A004;Ajaccio;2A;94;2A99;2A004\\n")
    >>> t = read_appartenance(p)
    >>> t.loc["01001", ["code_departement", "code_region", "code_canton_ville", "code_bassin_vie"]].tolist()
    ['01', '84', '0108', '01093']
    >>> t.attrs["columns"]["code_bassin_vie"], t.loc["2A004", "code_canton_ville"]
    ('BV2012', '2A99')
    """
    name = source or str(path)
    raw, _, _ = read_table(path, required=["CODGEO"], source=name)
    renamed: dict[str, str] = {}
    for col in raw.columns:
        canonical = _canonical(col)
        if canonical is None:
            canonical = str(col).strip().lower()  # a column of another edition: kept under its own name
        if canonical in renamed.values():
            other = next(k for k, v in renamed.items() if v == canonical)
            raise InvalidCodeError(
                R.deux_colonnes_a_garder(source=name, premiere=repr(other), seconde=repr(col), nom=repr(canonical))
            )
        renamed[str(col)] = canonical
    data = raw.rename(columns=renamed)
    restored: dict[str, int] = {}
    for col, width in CODE_WIDTHS.items():
        if col not in data.columns:
            continue
        before = data[col]
        data[col] = restore_code_zeros(before, width)
        restored[col] = int((before.notna() & (before.astype(str).str.strip() != data[col])).sum())
    codes = data["code_commune"]
    bad = codes[~codes.astype(str).str.fullmatch(r"(?:\d{5}|2[AB]\d{3})").fillna(False).astype(bool)]
    if len(bad):
        raise InvalidCodeError(R.codgeo_malformes(source=name, valeurs=describe_values(bad.tolist())))
    dup = codes[codes.duplicated()]
    if len(dup):
        raise InvalidCodeError(R.codgeo_en_double(source=name, valeurs=describe_values(dup.tolist())))
    if "code_departement" in data.columns:
        original = {v: k for k, v in renamed.items()}
        refuse_contradicting_departments(
            codes,
            data["code_departement"],
            source=name,
            column=original.get("code_departement", "DEP"),
            regions=data.get("code_region"),
        )
    table = data.set_index("code_commune")
    table.index = table.index.astype(object)
    for col in table.columns:
        table[col] = table[col].astype(object)
    table.attrs["columns"] = {v: k for k, v in renamed.items()}
    table.attrs["restored_zeros"] = restored
    return finish(table, DropReport(source=name), source=name)
