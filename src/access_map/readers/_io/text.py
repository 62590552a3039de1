"""Reading a whole text file: small non-tabular files (encoding sniffed) and configuration files (UTF-8)."""

from __future__ import annotations

import os

from ...errors import SourceError
from ...messages import readers as R
from ...messages import validation as M
from .files import PathLike, _name, _reason, input_status
from .sniff import sniff_encoding
from .streams import open_bytes, reads_input

__all__ = ["read_text", "read_config_text", "MAX_CONFIG_BYTES"]


@reads_input
def read_text(path: PathLike, *, encoding: str | None = None, source: str | None = None) -> tuple[str, str]:
    """Read a whole (possibly gzipped) text file, sniffing its encoding.

    Returns ``(text, encoding)``. Use for small files or files with a non-tabular
    layout (the FINESS extraction); use :func:`read_table` for tables.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.txt")
    >>> _ = open(p, "wb").write(b"\\xef\\xbb\\xbfabc")
    >>> read_text(p)
    ('abc', 'utf-8-sig')
    """
    name = _name(path, source)
    with open_bytes(path, source=source) as fh:
        try:
            raw = fh.read()
        except SourceError:
            raise
        except (OSError, EOFError) as exc:
            raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc
    enc = encoding or sniff_encoding(raw)
    try:
        return raw.decode(enc), enc
    except UnicodeDecodeError as exc:
        if encoding is not None:
            raise SourceError(M.decodage_impossible(nom=name, encodage=encoding, raison=exc.reason)) from None
        enc = "latin-1" if enc == "cp1252" else "cp1252"
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


#: Largest configuration file read (a ``territory.toml`` or ``scenario.toml`` is a few kB).
MAX_CONFIG_BYTES = 1 << 20


@reads_input
def read_config_text(path: PathLike, *, source: str | None = None, max_bytes: int = MAX_CONFIG_BYTES) -> str:
    """The UTF-8 text of a small configuration file, read once and bounded (``/dev/zero`` is refused).

    Raises :class:`FileNotFoundError` for a missing file (callers word it), and
    :class:`~access_map.errors.SourceError` for a folder, a device, a file larger than ``max_bytes`` or one that
    is not UTF-8.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "t.toml")
    >>> _ = open(p, "w", encoding="utf-8").write('name = "démo"\\n')
    >>> read_config_text(p)
    'name = "démo"\\n'
    """
    name = _name(path, source)
    if not os.path.lexists(path):
        raise FileNotFoundError(2, R.FICHIER_INEXISTANT, str(path))
    input_status(path, source=source)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(M.lecture_impossible(nom=name, raison=_reason(exc))) from exc
    if len(raw) > max_bytes:
        raise SourceError(M.configuration_trop_grande(nom=name, limite=max_bytes))
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"  # Notepad's « Unicode »
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(M.configuration_pas_en_utf8(nom=name, raison=exc.reason)) from exc
    if not text.strip():
        raise SourceError(M.fichier_vide(nom=name))
    return text
