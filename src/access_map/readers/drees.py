"""DREES APL workbooks and standardised populations.

The DREES publishes the APL in xlsx workbooks (data.drees dataset
``530_l-accessibilite-potentielle-localisee-apl``): a ``Paramètres`` sheet with the
method parameters and one ``APL AAAA`` sheet per vintage. An ``APL AAAA`` sheet has
several title rows, then a header row (``Code commune INSEE``, ``Commune``,
``APL aux médecins généralistes``, ``APL aux médecins généralistes de 65 ans et
moins``, ``… 62 …``, ``… 60 …``, ``Population standardisée 2021 pour la médecine
générale``, ``Population totale 2021``), sometimes a units row, the communes, and
notes at the bottom (``Lecture``, ``Champ``, ``Source``). Other professions use
``APL aux infirmières``, ``APL aux sages-femmes``...

* :func:`read_apl_sheet` — one ``APL AAAA`` sheet → commune table (``apl``, ``apl_65``,
  ``apl_62``, ``apl_60``, ``standardised_population``, ``population``, ``nom``);
* :func:`apl_sheet_years` — the vintages present in a workbook;
* :func:`read_apl_parameters` — the ``Paramètres`` sheet → :class:`DreesAPLParameters`
  (age weights per year, distance decay, activity bounds, acts imputed to new GPs);
* :func:`read_standardised_population` — the long CSV of
  ``shared/data/drees_population_standardisee`` (``annee_population, code_commune,
  commune, pop_standardisee, pop_totale``).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validate import DropReport, describe_values, normalize_insee_codes, to_numeric_column
from ..communes import CODE, validate_communes
from ..errors import AmbiguousColumnError, InvalidValueError, MissingColumnError, SourceError
from ..messages import readers as R
from ..messages import validation as M
from ..schema import AGE_BANDS
from ._io import (
    PathLike,
    SourceWarning,
    commune_codes,
    finish,
    is_insee_code,
    keep_known_communes,
    normalize_label,
    read_table,
    reads_input,
)
from .xlsx import open_workbook, sheet_names

__all__ = [
    "DreesAPLParameters",
    "apl_sheet_years",
    "read_apl_sheet",
    "read_apl_sheets",
    "read_apl_parameters",
    "read_standardised_population",
]

_SHEET_PATTERN = re.compile(r"^\s*APL\s+(\d{4})\s*$", re.IGNORECASE)
_MAX_HEADER_SEARCH = 40


def apl_sheet_years(path: PathLike) -> list[int]:
    """Vintages of the ``APL AAAA`` sheets of a DREES workbook, in sheet order.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> wb = openpyxl.Workbook(); wb.active.title = "Paramètres"; _ = wb.create_sheet("APL 2022")
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.xlsx"); wb.save(p)
    >>> apl_sheet_years(p)
    [2022]
    """
    return [int(m.group(1)) for name in sheet_names(path) if (m := _SHEET_PATTERN.match(name))]


#: Age clauses of the APL variants in DREES headers: "de moins de 65 ans" (2022-2023 workbook),
#: "de 65 ans et moins" and "âgés de 65 ans ou moins" (reading notes). DREES's own reading note of
#: the 2022-2023 sheets ("médecins âgés de 65 ans ou moins") defines "de moins de 65 ans" as the
#: practitioners aged 65 or less, so every spelling maps to ``apl_65`` (the zoning variant).
_AGE_CLAUSES = (
    re.compile(r"moins\s+de\s+(\d{2})\s*ans", re.IGNORECASE),
    re.compile(r"(\d{2})\s*ans\s+(?:et|ou)\s+moins", re.IGNORECASE),
)


def _apl_column_name(label: str, *, source: str) -> str | None:
    """Canonical name of a header cell of an ``APL AAAA`` sheet; ``None`` for a cell it does not know.

    Raises :class:`~access_map.errors.SourceError` for an APL header whose age restriction cannot
    be read (it would otherwise be taken for the all-ages APL).
    """
    norm = normalize_label(label)
    if norm.startswith("codecommune") or norm in {"codgeo", "codeinsee", "depcom"}:
        return CODE
    if norm in {"commune", "libellecommune", "nomcommune", "libgeo"}:
        return "nom"
    if norm.startswith("apl"):
        for pattern in _AGE_CLAUSES:
            if m := pattern.search(label):
                return f"apl_{m.group(1)}"
        if re.search(r"\d+\s*ans", label, flags=re.IGNORECASE):
            raise SourceError(R.restriction_age_illisible(source=source, colonne=repr(label.strip())))
        return "apl"
    if norm.startswith("populationstandardisee"):
        return "standardised_population"
    if norm.startswith("populationtotale"):
        return "population"
    if norm.startswith("population"):
        return "population_" + re.sub(r"^population|\d{4}", "", norm)
    return None


def _header_columns(header: list[object], *, source: str) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """Map the header row: (column index → name, name → original header, unknown non-empty headers).

    An unknown header is kept under its own text. Two headers mapping to one name raise :class:`~access_map.errors.AmbiguousColumnError`
    naming both.
    """
    names: dict[int, str] = {}
    original: dict[str, str] = {}
    unknown: list[str] = []
    for j, cell in enumerate(header):
        if cell is None or str(cell).strip() == "":
            continue
        label = str(cell).strip()
        col = _apl_column_name(label, source=source)
        if col is None:  # kept under its own header, announced by the caller
            unknown.append(label)
            col = label
        if col in original:
            raise AmbiguousColumnError(
                R.deux_colonnes_meme_nom(
                    source=source, premiere=repr(original[col]), seconde=repr(label), nom=repr(col)
                )
            )
        names[j] = col
        original[col] = label
    return names, original, unknown


@reads_input
def read_apl_sheet(
    path: PathLike,
    *,
    year: int | None = None,
    known_communes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Read one ``APL AAAA`` sheet of a DREES APL workbook into a commune table.

    Parameters
    ----------
    path
        The xlsx workbook.
    year
        Vintage to read (sheet ``APL <year>``). May be omitted when the workbook has a
        single APL sheet; otherwise the error lists the available vintages.
    known_communes
        Drop and report communes absent from this reference.

    Returns
    -------
    pandas.DataFrame
        Index ``code_commune``; ``nom`` and the float columns present among ``apl``,
        ``apl_65``, ``apl_62``, ``apl_60``, ``standardised_population``, ``population``
        (APL NaN where the sheet has no value). ``apl_65`` is the variant restricted to GPs
        aged 65 or less (header "… de moins de 65 ans" in the 2022-2023 workbook, "… de 65 ans et
        moins" elsewhere), the one the ZIP/ZAC zoning uses. ``attrs["year"]`` holds the vintage,
        ``attrs["population_year"]`` the year of the populations (2020 for APL 2022) and
        ``attrs["columns"]`` the original header of each column. A header the reader does not
        know is kept under its own text and announced by a ``SourceWarning``; two headers
        mapping to one name raise :class:`~access_map.errors.AmbiguousColumnError`. Title, unit and note
        rows around the table are skipped (counted in ``attrs["selection"]``).

    Raises
    ------
    SourceError
        Missing sheet, no ``Code commune`` header in the first 40 rows, or an APL header whose
        age restriction cannot be read.
    AmbiguousColumnError
        Two headers map to one column (e.g. two all-ages APL columns).

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "APL 2023"
    >>> for row in [["Accessibilité potentielle localisée (APL) aux médecins généralistes"], [],
    ...             ["Code commune INSEE", "Commune", "APL aux médecins généralistes",
    ...              "APL aux médecins généralistes de moins de 65 ans", "Population standardisée 2021 pour la "
    ...              "médecine générale", "Population totale 2021"],
    ...             ["01001", "L'Abergement-Clémenciat", 2.5, 2.1, 800.4, 780],
    ...             ["Source : SNIIR-AM 2023, Cnam ; populations 2021, Insee ; traitements Drees."]]:
    ...     ws.append(row)
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.xlsx"); wb.save(p)
    >>> t = read_apl_sheet(p)
    >>> t.attrs["year"], t.columns.tolist(), t["apl_65"].tolist()
    (2023, ['nom', 'apl', 'apl_65', 'standardised_population', 'population'], [2.1])
    """
    name = str(path)
    wb = open_workbook(path)
    try:
        sheets = {int(m.group(1)): s for s in wb.sheetnames if (m := _SHEET_PATTERN.match(s))}
        if year is None:
            if len(sheets) != 1:
                raise SourceError(
                    R.feuilles_apl(
                        source=name,
                        plusieurs=bool(sheets),
                        feuilles=describe_values(wb.sheetnames),
                        annees=describe_values(sorted(sheets)),
                    )
                )
            year = next(iter(sheets))
        _check_year(year, sheets, wb.sheetnames, name)
        rows = wb.rows(sheets[year])
    finally:
        wb.close()
    return _parse_apl_rows(rows, name=name, year=int(year), known_communes=known_communes)


def read_apl_sheets(path: PathLike, *, years: Collection[int] | None = None) -> dict[int, pd.DataFrame]:
    """Read several ``APL AAAA`` sheets of a DREES workbook at once (the workbook is opened once).

    Parameters
    ----------
    path
        The xlsx workbook.
    years
        Vintages to read (default: every ``APL AAAA`` sheet).

    Returns
    -------
    dict of int to pandas.DataFrame
        Vintage → the table :func:`read_apl_sheet` returns for it, in increasing vintage order.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> wb = openpyxl.Workbook(); wb.active.title = "APL 2022"; _ = wb.create_sheet("APL 2023")
    >>> for ws, v in ((wb["APL 2022"], 2.0), (wb["APL 2023"], 2.2)):
    ...     ws.append(["Code commune INSEE", "Commune", "APL aux médecins généralistes"])
    ...     ws.append(["01001", "L'Abergement-Clémenciat", v])
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.xlsx"); wb.save(p)
    >>> {y: t["apl"].tolist() for y, t in read_apl_sheets(p).items()}
    {2022: [2.0], 2023: [2.2]}
    """
    name = str(path)
    wb = open_workbook(path)
    try:
        sheets = {int(m.group(1)): s for s in wb.sheetnames if (m := _SHEET_PATTERN.match(s))}
        wanted = sorted(sheets) if years is None else sorted({int(y) for y in years})
        for y in wanted:
            _check_year(y, sheets, wb.sheetnames, name)
        rows = {y: wb.rows(sheets[y]) for y in wanted}
    finally:
        wb.close()
    return {y: _parse_apl_rows(r, name=name, year=y, known_communes=None) for y, r in rows.items()}


def _check_year(year: int, sheets: dict[int, str], sheetnames: list[str], name: str) -> None:
    if year not in sheets:
        raise SourceError(
            R.feuille_apl_absente(
                source=name, annee=year, annees=describe_values(sorted(sheets)), feuilles=describe_values(sheetnames)
            )
        )


def _refuse_unnamed_columns(body: list[list[object]], names: dict[int, str], *, source: str) -> None:
    """Refuse a column that holds values under an empty header cell (a header merged over two columns, a second
    header row): it would be dropped silently, or its values read under the neighbouring header."""
    from openpyxl.utils import get_column_letter

    width = max((len(r) for r in body), default=0)
    unnamed = [
        j
        for j in range(width)
        if j not in names and any(j < len(r) and r[j] is not None and str(r[j]).strip() != "" for r in body)
    ]
    if unnamed:
        raise SourceError(M.colonnes_sans_entete(nom=source, colonnes=[get_column_letter(j + 1) for j in unnamed]))


def _parse_apl_rows(
    rows: list[list[object]], *, name: str, year: int, known_communes: Collection[str] | None
) -> pd.DataFrame:
    """The commune table of the cells of one ``APL AAAA`` sheet (see :func:`read_apl_sheet`)."""
    source = f"{name} [APL {year}]"
    header_at = None
    for i, row in enumerate(rows[:_MAX_HEADER_SEARCH]):
        if any(isinstance(c, str) and normalize_label(c).startswith("codecommune") for c in row):
            header_at = i
            break
    if header_at is None:
        raise SourceError(R.entete_apl_absent(source=source, lignes=_MAX_HEADER_SEARCH))
    names, original, unknown = _header_columns(rows[header_at], source=source)
    if unknown:
        warnings.warn(
            R.colonnes_non_reconnues(source=source, colonnes=describe_values(unknown)),
            SourceWarning,
            stacklevel=2,
        )
    body = rows[header_at + 1 :]
    _refuse_unnamed_columns(body, names, source=source)
    data = pd.DataFrame({col: [r[j] if j < len(r) else None for r in body] for j, col in names.items()})
    codes = normalize_insee_codes(data[CODE])
    is_code = is_insee_code(codes)
    empty = data[CODE].isna() | (data[CODE].astype(str).str.strip() == "")
    report = DropReport(source=source)
    # blank rows are neither counted nor reported (openpyxl gave the trailing blank rows of the sheet's
    # declared dimension, calamine does not: the count does not depend on the reader)
    blank = pd.Series([all(c is None or str(c).strip() == "" for c in r) for r in body], index=data.index, dtype=bool)
    selection = {"title, unit or note row": int((~is_code & ~blank).sum())}
    # a row whose code cell looks like a damaged code (digits) is a data problem, not a note
    damaged = ~is_code & ~empty & codes.astype(str).str.fullmatch(r"\d{1,6}").fillna(False).astype(bool)
    report.add(R.CODE_COMMUNE_MAL_FORME, int(damaged.sum()), codes[damaged].tolist())
    selection["title, unit or note row"] -= int(damaged.sum())
    data = data[is_code.to_numpy()].assign(**{CODE: codes[is_code]})
    for col in data.columns:
        if col.startswith("apl") or col.startswith("population") or col == "standardised_population":
            data[col] = to_numeric_column(data, col, source=source, allow_nan=True)
    table, _ = validate_communes(data, source=source)
    table = keep_known_communes(table, known_communes, report)
    order = ["nom", "apl", "apl_65", "apl_62", "apl_60", "standardised_population", "population"]
    table = table[[c for c in order if c in table.columns] + [c for c in table.columns if c not in order]]
    table.attrs["year"] = int(year)
    table.attrs["columns"] = {k: v for k, v in original.items() if k in table.columns}
    pop_year = re.search(r"(\d{4})", original.get("standardised_population", original.get("population", "")))
    table.attrs["population_year"] = int(pop_year.group(1)) if pop_year else None
    table.attrs["selection"] = selection
    return finish(table, report, source=source)


@dataclass(frozen=True)
class DreesAPLParameters:
    """Parameters read from the ``Paramètres`` sheet of a DREES APL workbook.

    Attributes
    ----------
    age_weights
        DataFrame indexed by :data:`~access_map.schema.AGE_BANDS`, one float column per year.
    age_labels
        The sheet's label of each band (same index).
    decay
        DataFrame ``min_minutes, max_minutes, weight`` (one row per travel-time class;
        NaN bound = open interval), plus ``label``.
    activity_bounds
        DataFrame ``min_acts, max_acts, counted_acts, label``; ``counted_acts`` is NaN where
        the actual activity is counted.
    new_practitioner_acts
        Acts imputed to a liberal GP with no activity the previous year (5,400), if stated.
    field_text
        The ``Champ de l'indicateur`` text.
    """

    age_weights: pd.DataFrame
    age_labels: pd.Series
    decay: pd.DataFrame
    activity_bounds: pd.DataFrame
    new_practitioner_acts: float | None = None
    field_text: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _number(text: str) -> float:
    return float(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))


def _bounds(label: str) -> tuple[float, float]:
    """Numeric interval of 'Moins de 10 minutes', 'Entre 251 et 3 600', 'Plus de 6 000'."""
    nums = [_number(n) for n in re.findall(r"\d[\d\s\u00a0\u202f]*(?:[.,]\d+)?", label) if n.strip()]
    low = normalize_label(label)
    if low.startswith("moinsde") and nums:
        return (np.nan, nums[0])
    if low.startswith("plusde") and nums:
        return (nums[0], np.nan)
    if low.startswith("entre") and len(nums) >= 2:
        return (nums[0], nums[1])
    raise InvalidValueError(R.intervalle_illisible(repr(label)))


def _band_of(label: str) -> str:
    low = normalize_label(label)
    nums = [int(n) for n in re.findall(r"\d+", label)]
    if low.startswith("moinsde") and nums == [5]:
        return "age_00_04"
    if low.startswith("plusde") and nums == [90]:
        return "age_90_plus"
    if len(nums) == 2 and nums[1] == nums[0] + 4 and nums[0] % 5 == 0:
        return f"age_{nums[0]:02d}_{nums[1]:02d}"
    raise InvalidValueError(R.tranche_age_illisible(repr(label)))


def parse_parameter_cells(rows: list[list[object]], *, source: str = "Paramètres") -> DreesAPLParameters:
    """Parse the cells of a ``Paramètres`` sheet (list of rows of cell values).

    Examples
    --------
    >>> rows = [["Décroissance de l'accessibilité avec la distance"],
    ...         ["Temps de trajet entre communes", "Accessibilité"],
    ...         ["Moins de  10 minutes", 1], ["Plus de 10 minutes", 0], [],
    ...         ["Tranche d'âge", "Poids de la tranche d'âge en 2023"], ["Moins de 5 ans", 1.12]]
    >>> p = parse_parameter_cells(rows)
    >>> p.decay[["min_minutes", "max_minutes", "weight"]].values.tolist()
    [[nan, 10.0, 1.0], [10.0, nan, 0.0]]
    >>> float(p.age_weights.loc["age_00_04", 2023])
    1.12
    """

    def text(v: object) -> str:
        return "" if v is None else str(v).strip()

    def first(row: list[object]) -> str:
        return text(row[0]) if row else ""

    def is_blank(row: list[object]) -> bool:
        return all(text(c) == "" for c in row)

    age_rows: list[tuple[str, list[object]]] = []
    years: list[int] = []
    decay_rows: list[dict[str, object]] = []
    bound_rows: list[dict[str, object]] = []
    new_acts: float | None = None
    field_text: str | None = None
    notes: list[str] = []
    i = 0
    n = len(rows)
    while i < n:
        row = rows[i]
        head = normalize_label(first(row))
        if head.startswith("champdelindicateur") and i + 1 < n:
            field_text = first(rows[i + 1]) or None
        elif head.startswith("tranchedage"):
            years = [int(m.group(1)) for c in row[1:] if (m := re.search(r"(\d{4})", text(c)))]
            i += 1
            while i < n and not is_blank(rows[i]) and re.search(r"\d+\s*ans", first(rows[i])):
                age_rows.append((first(rows[i]), rows[i][1 : 1 + len(years)]))
                i += 1
            continue
        elif head.startswith("tempsdetrajet"):
            i += 1
            while i < n and not is_blank(rows[i]) and "minute" in first(rows[i]).lower():
                lo, hi = _bounds(first(rows[i]))
                decay_rows.append(
                    {
                        "label": first(rows[i]),
                        "min_minutes": lo,
                        "max_minutes": hi,
                        "weight": float(_number(text(rows[i][1]))),
                    }
                )
                i += 1
            continue
        elif re.match(r"^(moins de|entre|plus de)\s+[\d\s]+(et\s+[\d\s]+)?$", first(row).lower()):
            lo, hi = _bounds(first(row))
            value = text(row[1]) if len(row) > 1 else ""
            try:
                counted = float(_number(value))
            except ValueError:
                counted = np.nan  # "Nombre de consultations ... effectués": actual activity
            bound_rows.append({"label": first(row), "min_acts": lo, "max_acts": hi, "counted_acts": counted})
        elif head.startswith("exception"):
            m = re.search(r"offre de\s+([\d\s\u00a0\u202f]+)\s+consultations", first(row))
            if m:
                new_acts = _number(m.group(1))
            notes.append(first(row))
        elif head.startswith(("source", "note", "champ")) and first(row):
            notes.append(first(row))
        i += 1
    if not age_rows or not years:
        raise MissingColumnError(R.poids_ages_absents(source=source))
    bands = [_band_of(label) for label, _ in age_rows]
    weights = pd.DataFrame(
        [[float(_number(text(v))) for v in vals] for _, vals in age_rows], index=bands, columns=years
    )
    weights.index.name = "age_band"
    missing = [b for b in AGE_BANDS if b not in weights.index] if len(bands) > 1 else []
    if missing:
        raise InvalidValueError(R.tranches_absentes_des_poids(source=source, tranches=describe_values(missing)))
    if len(bands) > 1:
        weights = weights.reindex(list(AGE_BANDS))
    labels = pd.Series([label for label, _ in age_rows], index=bands, name="label")
    decay = pd.DataFrame(decay_rows, columns=["label", "min_minutes", "max_minutes", "weight"])
    bounds = pd.DataFrame(bound_rows, columns=["label", "min_acts", "max_acts", "counted_acts"])
    return DreesAPLParameters(
        age_weights=weights, age_labels=labels, decay=decay, activity_bounds=bounds,
        new_practitioner_acts=new_acts, field_text=field_text, notes=tuple(notes),
    )  # fmt: skip


@reads_input
def read_apl_parameters(path: PathLike, *, sheet: str = "Paramètres") -> DreesAPLParameters:
    """Read the ``Paramètres`` sheet of a DREES APL workbook.

    Parameters
    ----------
    path
        The xlsx workbook.
    sheet
        Sheet name (matched case/accent-insensitively: ``Parametres`` works too).

    Returns
    -------
    DreesAPLParameters
        Age weights per year (index :data:`~access_map.schema.AGE_BANDS`), distance decay,
        activity bounds and the acts imputed to new GPs.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Paramètres"
    >>> ws.append(["Tranche d'âge", "Poids de la tranche d'âge en 2022"])
    >>> for i, w in enumerate([0.93] + [1.0] * 17 + [2.39]):
    ...     ws.append(["Moins de 5 ans" if i == 0 else "Plus de 90 ans" if i == 18 else f"de {5*i} à {5*i+4} ans", w])
    >>> p = os.path.join(tempfile.mkdtemp(), "apl.xlsx"); wb.save(p)
    >>> read_apl_parameters(p).age_weights[2022].iloc[[0, -1]].tolist()
    [0.93, 2.39]
    """
    wb = open_workbook(path)
    try:
        match = [s for s in wb.sheetnames if normalize_label(s) == normalize_label(sheet)]
        if not match:
            raise SourceError(
                R.feuille_absente(source=str(path), feuille=repr(sheet), feuilles=describe_values(wb.sheetnames))
            )
        rows = wb.rows(match[0])
    finally:
        wb.close()
    return parse_parameter_cells(rows, source=f"{path} [{match[0]}]")


@reads_input
def read_standardised_population(
    path: PathLike,
    *,
    year: int | None = None,
    known_communes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Read DREES standardised populations (``annee_population, code_commune, commune, pop_standardisee, pop_totale``).

    Parameters
    ----------
    path
        CSV (optionally gzipped), e.g. ``shared/data/drees_population_standardisee/population_standardisee_mg.csv.gz``.
    year
        Population reference year to keep (2014, 2016, 2020, 2021 in the shared file).
        With a year the result is a commune table; without, the long table of every year.
    known_communes
        Drop and report communes absent from this reference (only with ``year``).

    Returns
    -------
    pandas.DataFrame
        With ``year``: index ``code_commune``; columns ``nom``, ``standardised_population``,
        ``population`` (NaN where the file gives none). Without ``year``: ``RangeIndex`` and an
        ``annee_population`` (int) column before ``code_commune``. Rows without a standardised
        population are dropped and reported.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "pop.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "annee_population,code_commune,commune,pop_standardisee,pop_totale\\n"
    ...     "2014,01001,L'Abergement-Clémenciat,765.26,\\n2021,01001,L'Abergement-Clémenciat,790.5,832\\n")
    >>> read_standardised_population(p, year=2021).values.tolist()
    [["L'Abergement-Clémenciat", 790.5, 832.0]]
    """
    name = str(path)
    cols = ["annee_population", "code_commune", "commune", "pop_standardisee", "pop_totale"]
    raw, _, _ = read_table(path, required=cols[:2] + ["pop_standardisee"], source=name)
    if "pop_totale" not in raw.columns:
        raw["pop_totale"] = np.nan
    if "commune" not in raw.columns:
        raw["commune"] = np.nan
    years = pd.to_numeric(raw["annee_population"], errors="coerce")
    if years.isna().any():
        bad = raw.loc[years.isna(), "annee_population"].tolist()
        raise InvalidValueError(R.annees_non_numeriques(source=name, valeurs=describe_values(bad)))
    data = raw[cols].rename(
        columns={"commune": "nom", "pop_standardisee": "standardised_population", "pop_totale": "population"}
    )
    data["annee_population"] = years.astype(int)
    data["standardised_population"] = to_numeric_column(data, "standardised_population", source=name, allow_nan=True)
    data["population"] = to_numeric_column(data, "population", source=name, allow_nan=True)
    report = DropReport(source=name)
    if year is not None:
        data = data[data["annee_population"] == int(year)] if int(year) in set(data["annee_population"]) else data
    no_pop = data["standardised_population"].isna()
    report.add(
        R.COMMUNE_SANS_POPULATION_STANDARDISEE,
        int(no_pop.sum()),
        (data.loc[no_pop, CODE].astype(str) + " (" + data.loc[no_pop, "annee_population"].astype(str) + ")").tolist(),
    )
    data = data[~no_pop.to_numpy()]
    if year is None:
        data[CODE] = commune_codes(data[CODE], source=name, column=CODE)
        out = data.reset_index(drop=True)
        out[CODE] = out[CODE].astype(object)
        return finish(out, report, source=name)
    available = sorted(data["annee_population"].unique().tolist())
    if int(year) not in available:
        raise InvalidValueError(R.annee_population_absente(source=name, annee=year, annees=describe_values(available)))
    sel = data[data["annee_population"] == int(year)].drop(columns="annee_population")
    table, _ = validate_communes(sel, source=f"{name} [{year}]")
    table = keep_known_communes(table, known_communes, report)
    table.attrs["year"] = int(year)
    return finish(table, report, source=name)
