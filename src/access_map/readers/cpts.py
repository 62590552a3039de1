"""List of CPTS (communautés professionnelles territoriales de santé) and the communes they cover.

There is no national open file of CPTS perimeters: ARS and CPAM keep them. This
module defines the simple CSV an analyst fills (or exports) — one row per
(CPTS, covered commune):

====================  ===================================================================
column                content
====================  ===================================================================
id_cpts               identifier of the CPTS (text; FINESS number if it has one)
nom_cpts              name (identical on every row of the CPTS)
statut                ``projet``, ``pré-projet`` or ``contrat ACI signé`` (spellings such as
                      "Pre-projet", "ACI signé", "signé" are accepted)
date_signature_aci    date the ACI contract was signed (``AAAA-MM-JJ`` or ``JJ/MM/AAAA``),
                      empty when not signed
code_commune          INSEE code of a covered commune (5 characters)
====================  ===================================================================

Example::

    id_cpts;nom_cpts;statut;date_signature_aci;code_commune
    C001;CPTS du Blayais;contrat ACI signé;2021-06-15;33058
    C001;CPTS du Blayais;contrat ACI signé;2021-06-15;33059
    C002;CPTS Rive droite;pré-projet;;33063

:func:`read_cpts` returns the ``cpts`` table of the demo-territory contract
(``id_cpts, nom_cpts, statut, date_signature, code_commune``; ``RangeIndex``); see
:mod:`access_map.readers._io` for the return convention.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from .._validate import DropReport, describe_values
from ..errors import InvalidValueError, SourceError
from ..messages import readers as R
from ..messages import validation as M
from ._io import (
    PathLike,
    commune_codes,
    finish,
    keep_known_communes,
    map_aliases,
    normalize_label,
    read_table,
    reads_input,
    refuse_header_only,
    rename_aliases,
    strip_text,
)
from .barometre import BAROMETRE_COLUMNS

__all__ = [
    "CPTS_STATUSES",
    "EARLIEST_ACI_SIGNATURE",
    "normalize_cpts_status",
    "parse_date_column",
    "check_signature_dates",
    "read_cpts",
]

#: Normalised CPTS statuses, from least to most advanced.
CPTS_STATUSES: tuple[str, ...] = ("pré-projet", "projet", "contrat ACI signé")

_STATUS_ALIASES = {
    "preprojet": "pré-projet",
    "projet": "projet",
    "projetdesante": "projet",
    "contratacisigne": "contrat ACI signé",
    "acisigne": "contrat ACI signé",
    "contratsigne": "contrat ACI signé",
    "signe": "contrat ACI signé",
    "aci": "contrat ACI signé",
}

_ALIASES = {
    "id_cpts": ["identifiant_cpts", "id", "code_cpts", "finess_cpts"],
    "nom_cpts": ["nom", "libelle_cpts", "cpts"],
    "statut": ["status", "etat", "statut_cpts"],
    "date_signature_aci": ["date_signature", "date_aci", "date_signature_contrat"],
    "code_commune": ["codgeo", "code_insee", "com", "insee_com", "code commune"],
}


def _status_key(value: str) -> str:
    # letters only: "Contrat ACI signé (2021)" is still a signed contract
    return "".join(ch for ch in normalize_label(value) if not ch.isdigit())


def normalize_cpts_status(values: pd.Series, *, source: str | None = None, column: str = "statut") -> pd.Series:
    """Map status spellings to :data:`CPTS_STATUSES`; raise on unknown values.

    Examples
    --------
    >>> import pandas as pd
    >>> normalize_cpts_status(pd.Series(["Pre-projet", "PROJET", "ACI signé", "contrat ACI signé (2021)"])).tolist()
    ['pré-projet', 'projet', 'contrat ACI signé', 'contrat ACI signé']
    """
    return map_aliases(
        values,
        _STATUS_ALIASES,
        what=R.STATUT_CPTS,
        expected=CPTS_STATUSES,
        source=source,
        column=column,
        key=_status_key,
    )


def parse_date_column(values: pd.Series, *, source: str | None = None, column: str = "date") -> pd.Series:
    """Parse ``AAAA-MM-JJ`` or ``JJ/MM/AAAA`` dates (empty = NaT); raise on anything else.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_date_column(pd.Series(["2021-06-15", "15/06/2021", None])).tolist()
    [Timestamp('2021-06-15 00:00:00'), Timestamp('2021-06-15 00:00:00'), NaT]
    """
    text = values.astype(object).map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v).strip())
    text = pd.Series(text, index=values.index, dtype=object)
    iso = pd.to_datetime(
        text.where(text.str.match(r"^\d{4}-\d{2}-\d{2}( 00:00:00)?$")).str[:10], format="%Y-%m-%d", errors="coerce"
    )
    fr = pd.to_datetime(text.where(text.str.match(r"^\d{2}/\d{2}/\d{4}$")), format="%d/%m/%Y", errors="coerce")
    out = iso.fillna(fr)
    bad = text[(text != "") & out.isna()]
    if len(bad):
        raise InvalidValueError(
            R.dates_cpts_illisibles(
                colonne=repr(column),
                source=source or R.TABLEAU,
                valeurs=describe_values(bad.unique().tolist()),
                n=len(bad),
            )
        )
    return out


#: Earliest possible signature of a CPTS contract: the accord conventionnel interprofessionnel (ACI) en faveur du
#: développement de l'exercice coordonné et du déploiement des CPTS was signed on 20 June 2019 (approved by the
#: arrêté du 21 août 2019, JO of 24 August 2019): no CPTS signed it before.
EARLIEST_ACI_SIGNATURE = pd.Timestamp("2019-06-20")


def check_signature_dates(
    dates: pd.Series,
    *,
    ids: pd.Series,
    statuses: pd.Series,
    source: str,
    column: str,
    today: pd.Timestamp | None = None,
    first_line: int = 2,
) -> None:
    """Refuse ACI signature dates in the future or before the ACI existed, and dates on unsigned CPTS.

    ``dates``, ``ids`` and ``statuses`` (normalised, see :data:`CPTS_STATUSES`) are aligned on the rows of the
    file (row 0 is line ``first_line``). The message names the CPTS, the date and the line.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.Series(pd.to_datetime(["2021-06-15", "2099-01-01"]))
    >>> try:
    ...     check_signature_dates(d, ids=pd.Series(["C1", "C2"]), statuses=pd.Series(["contrat ACI signé"] * 2),
    ...                           source="c.csv", column="date_signature_aci", today=pd.Timestamp("2025-01-01"))
    ... except InvalidValueError as e:
    ...     print(str(e)[:112])
    c.csv, colonne date_signature_aci : 1 date hors de la plage possible (2019-06-20 – 2025-01-01) : C2 : 2099-01-01
    """
    now = (today if today is not None else pd.Timestamp.today()).normalize()
    values = pd.to_datetime(dates)
    rows = dates.index.to_numpy() if pd.api.types.is_integer_dtype(dates.index) else np.arange(len(dates))
    outside = (values.notna() & ((values > now) | (values < EARLIEST_ACI_SIGNATURE))).to_numpy()
    if outside.any():
        shown = [
            f"{cid} : {d:%Y-%m-%d} (ligne {row + first_line})"
            for cid, d, row in zip(ids[outside], values[outside], rows[outside], strict=True)
        ]
        raise InvalidValueError(
            M.dates_hors_plage(
                nom=source,
                colonne=column,
                valeurs=shown,
                n=len(shown),
                debut=f"{EARLIEST_ACI_SIGNATURE:%Y-%m-%d}",
                fin=f"{now:%Y-%m-%d}",
            )
        )
    unsigned = (values.notna() & (statuses != CPTS_STATUSES[-1])).to_numpy()
    if unsigned.any():
        shown = [
            f"{cid} : {st}, {d:%Y-%m-%d} (ligne {row + first_line})"
            for cid, st, d, row in zip(ids[unsigned], statuses[unsigned], values[unsigned], rows[unsigned], strict=True)
        ]
        raise InvalidValueError(M.date_sans_signature(nom=source, colonne=column, valeurs=shown, n=len(shown)))


@reads_input
def read_cpts(
    path: PathLike,
    *,
    known_communes: Collection[str] | None = None,
    sep: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read the CPTS list (one row per CPTS x covered commune).

    Parameters
    ----------
    path
        CSV in the layout of the module docstring (``;`` or ``,``; UTF-8 or Latin-1).
    known_communes
        If given, rows whose commune is not in this reference are dropped and reported
        (typically codes of another COG vintage: see :mod:`access_map.cog`).
    sep, encoding
        Force instead of sniffing.

    Returns
    -------
    pandas.DataFrame
        ``id_cpts, nom_cpts, statut, date_signature (datetime64, NaT if none), code_commune``.
        Exact duplicate (CPTS, commune) rows are dropped and reported.

    Raises
    ------
    InvalidValueError
        Unknown status, unreadable date, or a CPTS whose name/status/date differ between its rows.
    InvalidCodeError
        Malformed commune codes.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "cpts.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "id_cpts;nom_cpts;statut;date_signature_aci;code_commune\\n"
    ...     "C001;CPTS du Blayais;ACI signé;15/06/2021;33058\\n"
    ...     "C002;CPTS Rive droite;pre-projet;;33063\\n")
    >>> t = read_cpts(p)
    >>> t[["id_cpts", "statut", "code_commune"]].values.tolist()
    [['C001', 'contrat ACI signé', '33058'], ['C002', 'pré-projet', '33063']]
    >>> t["date_signature"].dt.year.tolist()
    [2021.0, nan]
    """
    name = str(path)
    raw, _, _ = read_table(path, source=name, sep=sep, encoding=encoding)
    refuse_header_only(raw, source=name)
    if set(BAROMETRE_COLUMNS) <= {str(c).strip().lower() for c in raw.columns}:
        raise SourceError(R.barometre_au_lieu_de_cpts(source=name))
    data = rename_aliases(raw, _ALIASES, required=list(_ALIASES), source=name)
    report = DropReport(source=name)
    data = data[list(_ALIASES)].copy()
    for col in ("id_cpts", "nom_cpts"):
        data[col] = strip_text(data[col])
        empty = data[col].isna() | (data[col] == "")
        if empty.any():
            raise InvalidValueError(
                R.valeurs_vides(
                    colonne=repr(col),
                    source=name,
                    n=int(empty.sum()),
                    lignes=describe_values((data.index[empty] + 2).tolist()),
                )
            )
    data["statut"] = normalize_cpts_status(data["statut"], source=name)
    data["date_signature"] = parse_date_column(data["date_signature_aci"], source=name, column="date_signature_aci")
    check_signature_dates(
        data["date_signature"], ids=data["id_cpts"], statuses=data["statut"], source=name, column="date_signature_aci"
    )
    data["code_commune"] = commune_codes(data["code_commune"], source=name)
    per = data.groupby("id_cpts", sort=False).agg(
        n_nom=("nom_cpts", "nunique"),
        n_statut=("statut", "nunique"),
        n_date=("date_signature", lambda s: s.nunique(dropna=False)),
    )
    inconsistent = per[(per[["n_nom", "n_statut", "n_date"]] > 1).any(axis=1)]
    if len(inconsistent):
        details = []
        for cid, row in inconsistent.iterrows():
            fields = [
                f
                for f, n in (("nom_cpts", row.n_nom), ("statut", row.n_statut), ("date_signature_aci", row.n_date))
                if n > 1
            ]
            details.append(f"{cid} ({', '.join(fields)})")
        raise InvalidValueError(R.cpts_incoherentes(source=name, details=describe_values(details)))
    dup = data.duplicated(["id_cpts", "code_commune"])
    report.add(
        R.CPTS_COMMUNE_EN_DOUBLE,
        int(dup.sum()),
        (data.loc[dup, "id_cpts"] + "/" + data.loc[dup, "code_commune"]).tolist(),
    )
    data = data[~dup.to_numpy()]
    data = keep_known_communes(data, known_communes, report, column="code_commune")
    out = data[["id_cpts", "nom_cpts", "statut", "date_signature", "code_commune"]].reset_index(drop=True)
    for col in ("id_cpts", "nom_cpts", "statut", "code_commune"):
        out[col] = out[col].astype(object)
    return finish(out, report, source=name)
