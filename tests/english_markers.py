"""The English marker words the French-text tests look for (shared by ``test_*_texts_are_french.py``).

An **honest heuristic**, not a proof: English words that French sentences do not use, searched as whole words
after removing what is code on purpose (identifiers such as ``ZoningRules.qpv_excluded_regions``, ``name=value``
settings, a word in quotes). It catches a sentence left in English, not a lone English word missing from the list.
"""

from __future__ import annotations

import re

__all__ = ["ENGLISH_WORDS", "english_in"]

#: English words a French sentence does not contain (whole words, case-insensitive).
ENGLISH_WORDS = (
    "the", "is", "are", "not", "no", "with", "without", "should", "must", "found", "missing", "given", "of", "and",
    "which", "only", "to", "by", "from", "for", "per", "exceeds", "exceed", "inhabitants", "cannot", "choose",
    "instead", "column", "expected", "unknown", "listed", "region", "regions", "selection", "mandatory",
    "optional", "lowest", "first", "within", "room", "used", "added", "share", "cap", "warning", "error", "rule",
    "rules", "kept", "moved", "down", "policy", "default", "classed", "class", "zoning", "decided", "holds", "most",
    "residents", "duplicated", "row", "rows", "dropped", "left", "got", "needs", "sum", "every", "broken",
)  # fmt: skip
_ENGLISH = re.compile(r"\b(" + "|".join(ENGLISH_WORDS) + r")\b|e\.g\.|i\.e\.|n/a|policy:", re.IGNORECASE)
#: What a message names on purpose as code: identifiers with « _ » or a dot, CamelCase names, a word in quotes,
#: ``name=value`` settings.
_CODE = re.compile(
    r"\b\w*_\w*\b|\b[A-Za-z]\w*\.\w+(?:\.\w+)*\b|\b[A-Z][a-z]+[A-Z]\w*\b|'[A-Za-z_]+'|\"[A-Za-z_]+\"|\w+="
)


def english_in(text: str) -> list[str]:
    """English words left in ``text`` once code is removed (empty when the text reads French)."""
    return [m.group(0) for m in _ENGLISH.finditer(_CODE.sub(" ", text))]
