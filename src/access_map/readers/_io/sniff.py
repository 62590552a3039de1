"""Guessing the encoding and the separator of a text table from a sample of its bytes."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence

__all__ = ["sniff_encoding", "sniff_separator"]


#: Bytes read to guess the encoding and the separator.
_SNIFF_BYTES = 1 << 20
_SEPARATORS = (";", ",", "|", "\t")


def sniff_encoding(sample: bytes, *, truncated: bool = False) -> str:
    """Guess the text encoding of a byte sample.

    Returns ``"utf-8-sig"`` (UTF-8 with BOM), ``"utf-8"``, ``"cp1252"`` (Windows
    Latin-1, the usual encoding of French administrative CSVs) or ``"latin-1"``
    (bytes undefined in cp1252). ``truncated``: the sample is the start of a longer
    file, so a multi-byte character cut at its end is not an error.

    Examples
    --------
    >>> sniff_encoding("é".encode("utf-8")), sniff_encoding("é".encode("latin-1"))
    ('utf-8', 'cp1252')
    >>> sniff_encoding(b"\\xef\\xbb\\xbfa;b"), sniff_encoding("\\ufeffa;b".encode("utf-16-le"))
    ('utf-8-sig', 'utf-16')

    UTF-16 is recognised by its byte-order mark (Excel's « Texte Unicode » export, Windows Notepad's
    « Unicode »): read as cp1252, each character would come with a NUL byte.
    """
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:  # incremental decoder: a multi-byte character may be cut at the end of the sample
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=not truncated)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def sniff_separator(header: str, *, candidates: Sequence[str] = _SEPARATORS) -> str:
    """Return the most frequent separator of ``header`` among ``; , | tab`` (outside quotes).

    Examples
    --------
    >>> sniff_separator("a;b;c"), sniff_separator('"x,y";z'), sniff_separator("a|b|")
    (';', ';', '|')
    """
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {c: unquoted.count(c) for c in candidates}
    best = max(candidates, key=lambda c: counts[c])
    return best if counts[best] > 0 else ","
