"""Readers of official French files, one module per source.

Each reader returns validated tables indexed by INSEE code (``code_commune``, a
5-character string) or, for long tables, carrying ``code_commune`` as a column;
what was dropped or left unmatched is counted in ``table.attrs["drop_report"]``
and announced by a :class:`~access_map.readers._io.SourceWarning`. Encodings
(UTF-8, Latin-1) and separators (``;``, ``,``, ``|``) are detected.

========================================  =====================================================
module                                    source
========================================  =====================================================
:mod:`access_map.readers.insee`           COG communes / departments / regions, populations
                                          légales, population by five-year age band
:mod:`access_map.readers.ign`             IGN ADMIN EXPRESS, etalab / france-geojson contours,
                                          chef-lieu points
:mod:`access_map.readers.activity`        practitioner activity (package format)
:mod:`access_map.readers.annuaire_sante`  Annuaire santé ``PS_LibreAcces`` extractions
:mod:`access_map.readers.finess`          FINESS etalab extraction (MSP, centres de santé, CPTS)
:mod:`access_map.readers.cpts`            CPTS list (one row per CPTS x commune)
:mod:`access_map.readers.zonage`          ARS zoning tables, TVS, QPV, regional caps
:mod:`access_map.readers.drees`           DREES APL workbooks, standardised populations
:mod:`access_map.readers.barometre`       Baromètre des résultats de l'action publique
========================================  =====================================================

Import the module you need (``from access_map.readers.insee import read_cog_communes``);
nothing heavy is imported by this package itself.
"""

from __future__ import annotations

__all__: list[str] = []
