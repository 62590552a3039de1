"""Join rows keyed by postal code + commune name to INSEE commune codes.

Some published files (zonings exported by ameli or an ARS) name communes by postal code
and name instead of INSEE code. :func:`match_postal_names` finds the INSEE code:

* with a postal-code table (La Poste's *base officielle des codes postaux*:
  ``#Code_commune_INSEE;Nom_de_la_commune;Code_postal;...``): on (postal code,
  normalised name);
* otherwise with a commune reference (``code_commune`` + name, e.g. the INSEE table
  d'appartenance or the DREES APL workbook): on (department of the postal code,
  normalised name) — the first two digits (three overseas; ``20`` is Corse-du-Sud or
  Haute-Corse).

Paris, Lyon and Marseille rows (``PARIS 05``, ``MARSEILLE``...) with a district postal code
(75005, 69003, 13008...) go to the municipal arrondissement. Names are compared
upper-case, without accents or punctuation, ``SAINT``/``SAINTE`` as ``ST``/``STE``, a
trailing article ``(L')``/``(LE)``... put first and ``CEDEX`` dropped. Rows matching no
commune, or several, are returned as **unmatched** / **ambiguous**, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

from .._validate import describe_values, require_columns

__all__ = ["normalize_commune_name", "match_postal_names", "department_of_postal_code"]

_ARTICLE = re.compile(r"^(?P<name>.*?)\s*\((?P<article>L'|L’|LE|LA|LES)\)\s*$", re.IGNORECASE)
_ABBREVIATIONS = {"SAINT": "ST", "SAINTE": "STE"}


def normalize_commune_name(name: object) -> str:
    """Commune name as compared: upper case, no accents/punctuation, ST/STE, article first, no CEDEX.

    Examples
    --------
    >>> normalize_commune_name("Abergement-Clémenciat (L')")
    'L ABERGEMENT CLEMENCIAT'
    >>> normalize_commune_name("SAINT-ÉTIENNE CEDEX 2"), normalize_commune_name("St Etienne")
    ('ST ETIENNE', 'ST ETIENNE')
    """
    if not isinstance(name, str):
        return ""
    text = name.strip()
    m = _ARTICLE.match(text)
    if m:
        text = f"{m.group('article')} {m.group('name')}"
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    text = re.sub(r"[^A-Z0-9]+", " ", text)
    text = re.sub(r"\bCEDEX\b(\s+\d+)?", " ", text)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in text.split())


def department_of_postal_code(code: object) -> list[str]:
    """Departments a postal code may belong to (``20xxx``: 2A and 2B; ``97xxx``: three digits).

    Examples
    --------
    >>> department_of_postal_code("01200"), department_of_postal_code("20000"), department_of_postal_code(97411)
    (['01'], ['2A', '2B'], ['974'])
    """
    text = re.sub(r"\D", "", str(code))
    if not text:
        return []
    text = text.zfill(5)
    if text.startswith("20"):
        return ["2A", "2B"]
    if text.startswith("97") or text.startswith("98"):
        return [text[:3]]
    return [text[:2]]


def _plm_arrondissement(postal: str, name: str) -> str | None:
    """INSEE code of a Paris/Lyon/Marseille arrondissement from a district postal code."""
    digits = re.sub(r"\D", "", postal).zfill(5)
    n = int(digits[-2:]) if digits[-2:].isdigit() else 0
    first = name.split(" ")[0] if name else ""
    if digits.startswith("750") and first == "PARIS" and 1 <= n <= 20:
        return f"751{n:02d}"
    if digits == "75116" and first == "PARIS":
        return "75116"
    if digits.startswith("6900") and first == "LYON" and 1 <= n <= 9:
        return f"6938{n}"
    if digits.startswith("130") and first == "MARSEILLE" and 1 <= n <= 16:
        return f"132{n:02d}"
    return None


def match_postal_names(
    rows: pd.DataFrame,
    *,
    reference: pd.DataFrame | None = None,
    postal_codes: pd.DataFrame | None = None,
    postal_column: str = "code_postal",
    name_column: str = "libelle_commune",
) -> tuple[pd.Series, pd.DataFrame]:
    """INSEE code of each row from its postal code and commune name.

    Parameters
    ----------
    rows
        Table with ``postal_column`` and ``name_column``.
    reference
        Communes: ``code_commune`` and ``nom`` (or ``libelle_commune`` / ``LIBGEO``); used
        when ``postal_codes`` is not given. Index or column ``code_commune``.
    postal_codes
        La Poste's table: ``code_commune``, ``nom`` and ``code_postal`` (the official
        headers ``#Code_commune_INSEE``, ``Nom_de_la_commune``, ``Code_postal`` work too).
    postal_column, name_column
        Columns of ``rows``.

    Returns
    -------
    (pandas.Series, pandas.DataFrame)
        The INSEE code of each row (same index, NaN when not found) and the rows not
        matched: ``row``, postal code, name, ``status`` (``unmatched`` or ``ambiguous``) and
        ``candidates``.

    Examples
    --------
    >>> import pandas as pd
    >>> ref = pd.DataFrame({"code_commune": ["01001", "01002", "75056"],
    ...                     "nom": ["L'Abergement-Clémenciat", "L'Abergement-de-Varey", "Paris"]})
    >>> rows = pd.DataFrame({"code_postal": ["01400", "01640", "75005", "01000"],
    ...                      "libelle_commune": ["ABERGEMENT CLEMENCIAT (L')", "l'abergement de varey", "PARIS 05",
    ...                                          "Bourg"]})
    >>> codes, unmatched = match_postal_names(rows, reference=ref)
    >>> codes.tolist(), unmatched["status"].tolist()
    (['01001', '01002', '75105', nan], ['unmatched'])
    """
    require_columns(rows, [postal_column, name_column], source="zoning table")
    lookup: dict[tuple[str, str], list[str]] = {}
    if postal_codes is not None:
        table = _columns(postal_codes, {"code_commune": ["#code_commune_insee", "code_commune_insee", "code_insee"],
                                        "nom": ["nom_de_la_commune", "libelle_commune", "nom_commune"],
                                        "code_postal": ["code_postal", "cp"]})  # fmt: skip
        for code, nom, cp in zip(table["code_commune"], table["nom"], table["code_postal"]):
            key = (re.sub(r"\D", "", str(cp)).zfill(5), normalize_commune_name(nom))
            lookup.setdefault(key, [])
            if str(code).zfill(5) not in lookup[key]:
                lookup[key].append(str(code).zfill(5))
        by_postal = True
    elif reference is not None:
        ref = reference.reset_index() if "code_commune" not in reference.columns else reference
        table = _columns(
            ref, {"code_commune": ["codgeo", "code_insee"], "nom": ["libelle_commune", "libgeo", "commune"]}
        )
        for code, nom in zip(table["code_commune"], table["nom"]):
            code = str(code).zfill(5)
            dep = code[:3] if code.startswith("97") else code[:2]
            lookup.setdefault((dep, normalize_commune_name(nom)), []).append(code)
        by_postal = False
    else:
        from ..errors import InvalidValueError

        raise InvalidValueError(
            "rows keyed by postal code and name need a commune reference (reference=: code_commune + nom, e.g. the "
            "INSEE table d'appartenance) or La Poste's postal-code table (postal_codes=)"
        )
    out: list[object] = []
    problems = []
    for i, (cp, name) in enumerate(zip(rows[postal_column], rows[name_column])):
        norm = normalize_commune_name(name)
        postal = re.sub(r"\D", "", str(cp)).zfill(5)
        plm = _plm_arrondissement(postal, norm)
        if plm is not None:
            out.append(plm)
            continue
        if by_postal:
            found = list(lookup.get((postal, norm), []))
        else:
            found = [c for dep in department_of_postal_code(cp) for c in lookup.get((dep, norm), [])]
        if len(found) == 1:
            out.append(found[0])
            continue
        out.append(float("nan"))
        problems.append(
            {
                "row": rows.index[i],
                postal_column: cp,
                name_column: name,
                "status": "ambiguous" if found else "unmatched",
                "candidates": ", ".join(found),
            }
        )
    columns = ["row", postal_column, name_column, "status", "candidates"]
    return pd.Series(out, index=rows.index, dtype=object), pd.DataFrame(problems, columns=columns)


def _columns(df: pd.DataFrame, aliases: dict[str, Sequence[str]]) -> pd.DataFrame:
    """Pick the wanted columns of ``df`` by name or alias (case-insensitive)."""
    lower = {str(c).strip().lower(): c for c in df.columns}
    picked = {}
    for want, alts in aliases.items():
        for name in (want, *alts):
            if name.lower() in lower:
                picked[want] = df[lower[name.lower()]]
                break
        else:
            from ..errors import MissingColumnError

            raise MissingColumnError(
                f"commune reference: no column {want!r} (or {describe_values(alts)}); found "
                f"{describe_values(map(str, df.columns))}"
            )
    return pd.DataFrame(picked)
