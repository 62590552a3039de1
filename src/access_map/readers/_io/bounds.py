"""Size bounds on what an input may expand to: decompressed gzip and piped streams.

A gzipped input is refused past :func:`max_input_bytes` (``$ACCESS_MAP_MAX_INPUT_MB``) or when it expands more
than :data:`MAX_COMPRESSION_RATIO` times its compressed size (a decompression bomb); a pipe is read once, within
the same bound.
"""

from __future__ import annotations

import io
import os
from typing import Any

import numpy as np

from ...errors import SourceError
from ...messages import extrait
from ...messages import validation as M

__all__ = ["MAX_INPUT_ENV", "MAX_INPUT_BYTES", "MAX_COMPRESSION_RATIO", "RATIO_FLOOR_BYTES", "max_input_bytes"]


#: Environment variable raising :data:`MAX_INPUT_BYTES` (in MB), for a sane input larger than the default bound.
MAX_INPUT_ENV = "ACCESS_MAP_MAX_INPUT_MB"
#: Largest decompressed (or piped) input read, in bytes, unless :data:`MAX_INPUT_ENV` says otherwise.
MAX_INPUT_BYTES = 8 * 2**30
#: A compressed input expanding more than this many times its compressed size is refused as a decompression bomb
#: (real tables compress 5 to 30 times; a run of zeros 1,000 times) ...
MAX_COMPRESSION_RATIO = 200.0
#: ... once this much has been decompressed (small files are never judged on their ratio).
RATIO_FLOOR_BYTES = 16 * 2**20
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


def max_input_bytes() -> int:
    """The bound on a decompressed or piped input, in bytes (:data:`MAX_INPUT_BYTES` or ``$ACCESS_MAP_MAX_INPUT_MB``).

    Examples
    --------
    >>> max_input_bytes() > 0
    True
    """
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if raw:
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            value = float("nan")
        if not (value > 0 and np.isfinite(value)):
            raise SourceError(f"{MAX_INPUT_ENV}={extrait(raw)} : attendu un nombre de Mo > 0")
        return int(value * 2**20)
    return int(MAX_INPUT_BYTES)


class _BoundedReader(io.RawIOBase):
    """A decompressing stream that refuses to expand past the size bound or the plausible compression ratio."""

    def __init__(self, inner: Any, *, raw: Any, name: str, limit: int) -> None:
        super().__init__()
        self._inner, self._raw, self._name, self._limit = inner, raw, name, limit
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._inner.readinto(buffer)
        self._position += n
        if self._position > self._limit:
            raise SourceError(M.decompression_trop_grande(nom=self._name, limite=self._limit, variable=MAX_INPUT_ENV))
        if self._position > RATIO_FLOOR_BYTES:
            consumed = max(int(self._raw.tell()), 1)
            if self._position > MAX_COMPRESSION_RATIO * consumed:
                raise SourceError(
                    M.decompression_suspecte(nom=self._name, ratio=MAX_COMPRESSION_RATIO, lu=self._position)
                )
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._position = int(self._inner.seek(offset, whence))
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        try:
            self._inner.close()
            self._raw.close()
        finally:
            super().close()


def _read_stream(fh: Any, *, name: str) -> bytes:
    """Everything a pipe delivers, once, within the size bound."""
    limit = max_input_bytes()
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise SourceError(M.flux_trop_grand(nom=name, limite=limit, variable=MAX_INPUT_ENV))
        chunks.append(chunk)
