"""Join rows keyed by postal code + commune name to INSEE commune codes.

Some published files (zonings exported by ameli or an ARS) name communes by postal code
and name instead of INSEE code. :func:`match_postal_names` finds the INSEE code:

* with a postal-code table (La Poste's *base officielle des codes postaux*:
  ``#Code_commune_INSEE;Nom_de_la_commune;Code_postal;...``): on (postal code,
  normalised name);
* otherwise with a commune reference (``code_commune`` + name, e.g. the INSEE table
  d'appartenance or the DREES APL workbook): on (department of the postal code,
  normalised name) — the first two digits (three overseas; ``20`` is Corse-du-Sud or
  Haute-Corse). La Poste gives some border communes the postal code of a distribution office
  across the department line (``42620 Saint-Pierre-Laval`` is in the Allier, ``05110 Claret`` in
  the Alpes-de-Haute-Provence): a name found in no commune of the postal code's department is
  looked for in its **neighbouring departments** (:data:`DEPARTMENT_NEIGHBOURS`) before the row
  is given up; a name found in two neighbours is ambiguous, never guessed.

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
from ..messages.readers import TABLE_DE_ZONAGE

__all__ = [
    "DEPARTMENT_NEIGHBOURS",
    "normalize_commune_name",
    "match_postal_names",
    "department_of_postal_code",
    "neighbouring_departments",
]

_ARTICLE = re.compile(r"^(?P<name>.*?)\s*\((?P<article>L'|L’|LE|LA|LES)\)\s*$", re.IGNORECASE)
_ABBREVIATIONS = {"SAINT": "ST", "SAINTE": "STE"}

#: Departments sharing a land border, for each metropolitan department (IGN ADMIN EXPRESS contours, COG
#: 2018: polygons within 300 m of each other; the relation is symmetric and stable since the Corsican
#: split of 1976). Overseas departments have no neighbour. ``tests/test_zoning_readers.py`` checks it
#: against the department contours of ``../shared/data``.
DEPARTMENT_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "01": ("38", "39", "69", "71", "73", "74"), "02": ("08", "51", "59", "60", "77", "80"),
    "03": ("18", "23", "42", "58", "63", "71"), "04": ("05", "06", "13", "26", "83", "84"),
    "05": ("04", "26", "38", "73"), "06": ("04", "83"), "07": ("26", "30", "38", "42", "43", "48", "84"),
    "08": ("02", "51", "55"), "09": ("11", "31", "66"), "10": ("21", "51", "52", "77", "89"),
    "11": ("09", "31", "34", "66", "81"), "12": ("15", "30", "34", "46", "48", "81", "82"),
    "13": ("04", "30", "83", "84"), "14": ("27", "50", "61"), "15": ("12", "19", "43", "46", "48", "63"),
    "16": ("17", "24", "79", "86", "87"), "17": ("16", "24", "33", "79", "85"),
    "18": ("03", "23", "36", "41", "45", "58"), "19": ("15", "23", "24", "46", "63", "87"),
    "21": ("10", "39", "52", "58", "70", "71", "89"), "22": ("29", "35", "56"),
    "23": ("03", "18", "19", "36", "63", "87"), "24": ("16", "17", "19", "33", "46", "47", "87"),
    "25": ("39", "70", "90"), "26": ("04", "05", "07", "38", "84"),
    "27": ("14", "28", "60", "61", "76", "78", "95"), "28": ("27", "41", "45", "61", "72", "78", "91"),
    "29": ("22", "56"), "2A": ("2B",), "2B": ("2A",), "30": ("07", "12", "13", "34", "48", "84"),
    "31": ("09", "11", "32", "65", "81", "82"), "32": ("31", "40", "47", "64", "65", "82"),
    "33": ("17", "24", "40", "47"), "34": ("11", "12", "30", "81"), "35": ("22", "44", "49", "50", "53", "56"),
    "36": ("18", "23", "37", "41", "86", "87"), "37": ("36", "41", "49", "72", "86"),
    "38": ("01", "05", "07", "26", "42", "69", "73"), "39": ("01", "21", "25", "70", "71"),
    "40": ("32", "33", "47", "64"), "41": ("18", "28", "36", "37", "45", "72"),
    "42": ("03", "07", "38", "43", "63", "69", "71"), "43": ("07", "15", "42", "48", "63"),
    "44": ("35", "49", "56", "85"), "45": ("18", "28", "41", "58", "77", "89", "91"),
    "46": ("12", "15", "19", "24", "47", "82"), "47": ("24", "32", "33", "40", "46", "82"),
    "48": ("07", "12", "15", "30", "43"), "49": ("35", "37", "44", "53", "72", "79", "85", "86"),
    "50": ("14", "35", "53", "61"), "51": ("02", "08", "10", "52", "55", "77"),
    "52": ("10", "21", "51", "55", "70", "88"), "53": ("35", "49", "50", "61", "72"),
    "54": ("55", "57", "67", "88"), "55": ("08", "51", "52", "54", "88"), "56": ("22", "29", "35", "44"),
    "57": ("54", "67"), "58": ("03", "18", "21", "45", "71", "89"), "59": ("02", "62", "80"),
    "60": ("02", "27", "76", "77", "80", "95"), "61": ("14", "27", "28", "50", "53", "72"), "62": ("59", "80"),
    "63": ("03", "15", "19", "23", "42", "43"), "64": ("32", "40", "65"), "65": ("31", "32", "64"),
    "66": ("09", "11"), "67": ("54", "57", "68", "88"), "68": ("67", "88", "90"), "69": ("01", "38", "42", "71"),
    "70": ("21", "25", "39", "52", "88", "90"), "71": ("01", "03", "21", "39", "42", "58", "69"),
    "72": ("28", "37", "41", "49", "53", "61"), "73": ("01", "05", "38", "74"), "74": ("01", "73"),
    "75": ("92", "93", "94"), "76": ("27", "60", "80"), "77": ("02", "10", "45", "51", "60", "89", "91", "93", "94", "95"),
    "78": ("27", "28", "91", "92", "95"), "79": ("16", "17", "49", "85", "86"), "80": ("02", "59", "60", "62", "76"),
    "81": ("11", "12", "31", "34", "82"), "82": ("12", "31", "32", "46", "47", "81"), "83": ("04", "06", "13", "84"),
    "84": ("04", "07", "13", "26", "30", "83"), "85": ("17", "44", "49", "79"),
    "86": ("16", "36", "37", "49", "79", "87"), "87": ("16", "19", "23", "24", "36", "86"),
    "88": ("52", "54", "55", "67", "68", "70", "90"), "89": ("10", "21", "45", "58", "77"),
    "90": ("25", "68", "70", "88"), "91": ("28", "45", "77", "78", "92", "94"),
    "92": ("75", "78", "91", "93", "94", "95"), "93": ("75", "77", "92", "94", "95"),
    "94": ("75", "77", "91", "92", "93"), "95": ("27", "60", "77", "78", "92", "93"),
}  # fmt: skip


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


def neighbouring_departments(departements: Sequence[str]) -> list[str]:
    """Departments bordering any of ``departements`` and not among them, in code order.

    Examples
    --------
    >>> neighbouring_departments(["05"]), neighbouring_departments(["2A", "2B"]), neighbouring_departments(["974"])
    (['04', '26', '38', '73'], [], [])
    """
    own = set(departements)
    return sorted({n for d in departements for n in DEPARTMENT_NEIGHBOURS.get(d, ())} - own)


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
        ``candidates``. With ``reference``, a name absent from the postal code's department is
        looked for in the neighbouring departments; the codes found there are listed in
        ``attrs["neighbour_matches"]`` of the Series (row → code).

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

    A border commune carrying the postal code of the next department is found there:

    >>> ref = pd.DataFrame({"code_commune": ["03250", "04058", "34078"], "nom": ["Saint-Pierre-Laval", "Claret",
    ...                                                                          "Claret"]})
    >>> rows = pd.DataFrame({"code_postal": [42620, 5110], "libelle_commune": ["Saint-Pierre-Laval", "Claret"]})
    >>> codes, _ = match_postal_names(rows, reference=ref)
    >>> codes.tolist(), codes.attrs["neighbour_matches"]
    (['03250', '04058'], {0: '03250', 1: '04058'})
    """
    require_columns(rows, [postal_column, name_column], source=TABLE_DE_ZONAGE)
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
        from ..messages import readers as R

        raise InvalidValueError(R.REFERENTIEL_POSTAL_REQUIS)
    out: list[object] = []
    problems = []
    neighbour_matches: dict[object, str] = {}
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
            deps = department_of_postal_code(cp)
            found = [c for dep in deps for c in lookup.get((dep, norm), [])]
            if not found:  # a border commune with the postal code of the next department's office
                found = [c for dep in neighbouring_departments(deps) for c in lookup.get((dep, norm), [])]
                if len(found) == 1:
                    neighbour_matches[rows.index[i]] = found[0]
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
    codes = pd.Series(out, index=rows.index, dtype=object)
    codes.attrs["neighbour_matches"] = neighbour_matches
    return codes, pd.DataFrame(problems, columns=columns)


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
            from ..messages import readers as R

            raise MissingColumnError(
                R.referentiel_colonne_absente(
                    colonne=repr(want),
                    alternatives=describe_values(alts),
                    trouvees=describe_values(map(str, df.columns)),
                )
            )
    return pd.DataFrame(picked)
