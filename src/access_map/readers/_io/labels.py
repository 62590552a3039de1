"""Column labels and text values: accent-free label matching, column aliases, value aliases, blank stripping."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from ..._validate import describe_values, normalize_text
from ...errors import AmbiguousColumnError, InvalidValueError, MissingColumnError
from ...messages import readers as R
from ...messages import validation as M

__all__ = ["normalize_label", "rename_aliases", "map_aliases", "strip_text"]


def normalize_label(label: Any) -> str:
    """Lower-case, accent-free, alphanumeric-only form of a column label (for alias matching).

    Examples
    --------
    >>> normalize_label(" Code commune (coord. structure) ")
    'codecommunecoordstructure'
    >>> normalize_label("Libellé_TVS")
    'libelletvs'
    """
    text = unicodedata.normalize("NFKD", str(label))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.lower())


def rename_aliases(
    df: pd.DataFrame,
    aliases: Mapping[str, Sequence[str]],
    *,
    required: Iterable[str] = (),
    source: str | None = None,
) -> pd.DataFrame:
    """Return a copy of ``df`` with columns renamed to canonical names via case/accent-insensitive aliases.

    ``aliases`` maps a canonical name to accepted spellings (the canonical name
    itself is always accepted). Raises :class:`MissingColumnError` for required
    canonical columns not found, listing the accepted aliases and the columns found,
    and :class:`~access_map.errors.AmbiguousColumnError` naming both headers when two
    columns of ``df`` are spellings of one canonical name (a column is never dropped or
    shadowed silently).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"CODGEO": ["01001"], "Zonage": ["ZIP"]})
    >>> rename_aliases(df, {"code_commune": ["codgeo"], "zonage": []}).columns.tolist()
    ['code_commune', 'zonage']
    >>> two = pd.DataFrame({"CODGEO": ["01001"], "code commune": ["01001"]})
    >>> try:
    ...     rename_aliases(two, {"code_commune": ["codgeo"]}, source="z.csv")
    ... except AmbiguousColumnError as e:
    ...     print(str(e)[:78])
    z.csv : les colonnes 'CODGEO', 'code commune' correspondent toutes à 'code_com
    """
    by_label: dict[str, list[str]] = {}
    for c in df.columns:
        by_label.setdefault(normalize_label(c), []).append(c)
    mapping: dict[str, str] = {}
    missing: list[str] = []
    for canon, alts in aliases.items():
        labels = list(dict.fromkeys(normalize_label(cand) for cand in (canon, *alts)))
        claimed = {c for label in labels for c in by_label.get(label, []) if c not in mapping}
        found = [c for c in df.columns if c in claimed]  # in file order
        if len(found) > 1:
            raise AmbiguousColumnError(
                R.colonnes_ambigues(source=source or R.TABLEAU, colonnes=describe_values(found), nom=repr(canon))
            )
        if not found:
            if canon in set(required):
                missing.append(canon)
        else:
            mapping[found[0]] = canon
    if missing:
        raise MissingColumnError(
            M.colonnes_manquantes(manquantes=missing, nom=source or R.TABLEAU, trouvees=map(str, df.columns))
            + ". "
            + R.noms_acceptes(aliases={m: list(aliases[m]) for m in missing})
        )
    return df.rename(columns=mapping)


def map_aliases(
    values: pd.Series,
    aliases: Mapping[str, str],
    *,
    what: str,
    expected: Iterable[str],
    source: str | None = None,
    column: str,
    key: Callable[[Any], str] = normalize_label,
) -> pd.Series:
    """Map each value through ``aliases`` (keys in ``key`` form, :func:`normalize_label` by default).

    Each distinct spelling is normalised once. Raises :class:`~access_map.errors.InvalidValueError`
    listing the unknown values and the ``expected`` ones.

    Examples
    --------
    >>> import pandas as pd
    >>> map_aliases(pd.Series(["Oui", "NON"]), {"oui": "yes", "non": "no"}, what="answer",
    ...             expected=["oui", "non"], column="r").tolist()
    ['yes', 'no']
    """
    lookup = {v: aliases.get(key(v)) if isinstance(v, str) else None for v in pd.unique(values.astype(object))}
    mapped = values.astype(object).map(lookup)
    bad = values[mapped.isna()]
    if len(bad):
        raise InvalidValueError(
            R.valeurs_inconnues(
                quoi=what,
                source=source or R.TABLEAU,
                colonne=repr(column),
                valeurs=describe_values(pd.unique(bad.astype(object)).tolist()),
                n=len(bad),
                attendues=describe_values(expected),
            )
        )
    return mapped.astype(object)


def strip_text(values: pd.Series) -> pd.Series:
    """Object Series with the blanks around each string removed and Unicode in NFC form (others kept as they are).

    See :func:`access_map._validate.normalize_text`.

    Examples
    --------
    >>> import pandas as pd
    >>> strip_text(pd.Series([" C001 ", 7])).tolist()
    ['C001', 7]
    """
    return normalize_text(values)
