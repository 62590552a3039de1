"""Shared low-level reading helpers for the official-file readers.

A package of small modules, one concern each, lower layers first (each imports only the ones above it):

================  ==========================================================================================
module            concern
================  ==========================================================================================
``bounds``        size bounds on decompressed and piped input (:func:`max_input_bytes`, decompression bombs)
``files``         which paths may be read (:func:`input_status`, :func:`require_regular_file`), ``PathLike``
``streams``       opening an input once: pipes spooled, gzip decompressed (:func:`open_bytes`,
                  :func:`spooled`, :func:`reads_input`)
``sniff``         guessing encoding and separator (:func:`sniff_encoding`, :func:`sniff_separator`)
``text``          whole text files and configuration files (:func:`read_text`, :func:`read_config_text`)
``tables``        delimited tables (:func:`read_table`, :func:`refuse_header_only`)
``labels``        column labels and aliases (:func:`normalize_label`, :func:`rename_aliases`,
                  :func:`map_aliases`, :func:`strip_text`)
``codes``         INSEE commune codes in a file (:func:`commune_codes`, :func:`refuse_duplicate_codes`,
                  :func:`refuse_contradicting_departments`, :func:`keep_known_communes`...)
``report``        the DropReport attached to a table and its :class:`SourceWarning` (:func:`finish`,
                  :func:`drop_report`)
================  ==========================================================================================

Every public name is re-exported here: import them from :mod:`access_map.readers._io`.

French open-data files come in several encodings (UTF-8 with or without BOM,
Latin-1 / cp1252) and separators (``;``, ``,``, ``|``, tab), sometimes gzipped.
:func:`read_table` sniffs both, reads every column as text (so INSEE codes keep
their leading zeros) and checks the required columns.

Return convention of every reader in :mod:`access_map.readers`
---------------------------------------------------------------
* A reader returns **one table** (``pandas.DataFrame`` or ``geopandas.GeoDataFrame``;
  :func:`access_map.readers.drees.read_apl_parameters` returns a small dataclass).
  Commune tables are indexed by ``code_commune`` (5-character string); long tables
  (one row per practitioner site, per CPTS x commune, per indicator value) keep a
  ``RangeIndex`` and carry ``code_commune`` as a column.
* What was dropped, merged or left unmatched is counted in a
  :class:`~access_map._validate.DropReport` stored in ``table.attrs["drop_report"]``
  (always present, possibly empty; fetch it with :func:`drop_report`). The file
  read is in ``table.attrs["source"]``.
* When the report is not empty the reader also emits a :class:`SourceWarning`
  (a ``UserWarning``) with the report text, so nothing is lost silently. Filter it
  with ``warnings.simplefilter("ignore", SourceWarning)`` once you have read the
  report.
* Bad input raises an :mod:`access_map.errors` exception naming the file, the
  column and the offending values: :class:`~access_map.errors.SourceError`
  (unreadable file), :class:`~access_map.errors.MissingColumnError`,
  :class:`~access_map.errors.InvalidCodeError`, :class:`~access_map.errors.InvalidValueError`.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> p = os.path.join(d, "t.csv")
>>> _ = open(p, "wb").write("code;nom\\n01001;Abergement-Clémenciat\\n".encode("latin-1"))
>>> df, enc, sep = read_table(p, required=["code"])
>>> df["code"].tolist(), enc, sep
(['01001'], 'cp1252', ';')
"""

from __future__ import annotations

from .bounds import MAX_COMPRESSION_RATIO as MAX_COMPRESSION_RATIO
from .bounds import MAX_INPUT_BYTES as MAX_INPUT_BYTES
from .bounds import MAX_INPUT_ENV as MAX_INPUT_ENV
from .bounds import RATIO_FLOOR_BYTES as RATIO_FLOOR_BYTES
from .bounds import max_input_bytes
from .codes import (
    commune_codes,
    is_insee_code,
    keep_known_communes,
    refuse_contradicting_departments,
    refuse_duplicate_codes,
)
from .files import PathLike, input_status, require_regular_file
from .labels import map_aliases, normalize_label, rename_aliases, strip_text
from .report import SourceWarning, drop_report, finish
from .sniff import sniff_encoding, sniff_separator
from .streams import open_bytes, reads_input, spooled
from .tables import read_table, refuse_header_only
from .text import MAX_CONFIG_BYTES as MAX_CONFIG_BYTES
from .text import read_config_text, read_text

__all__ = [
    "SourceWarning",
    "PathLike",
    "read_table",
    "read_text",
    "read_config_text",
    "sniff_encoding",
    "sniff_separator",
    "open_bytes",
    "input_status",
    "spooled",
    "reads_input",
    "require_regular_file",
    "max_input_bytes",
    "normalize_label",
    "rename_aliases",
    "map_aliases",
    "finish",
    "drop_report",
    "is_insee_code",
    "commune_codes",
    "strip_text",
    "refuse_duplicate_codes",
    "refuse_header_only",
    "refuse_contradicting_departments",
    "keep_known_communes",
]
