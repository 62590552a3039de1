"""Column names and vocabularies shared by readers, indicators and maps.

Every commune table is indexed by :data:`CODE` (``code_commune``, 5-character
string). These constants are the contract between modules: readers produce
them, indicators consume them.

Examples
--------
>>> from access_map.schema import AGE_BANDS, PROFESSIONS
>>> len(AGE_BANDS), AGE_BANDS[0], AGE_BANDS[-1]
(19, 'age_00_04', 'age_90_plus')
>>> "medecin_generaliste" in PROFESSIONS
True
"""

from __future__ import annotations

from .communes import CODE
from .messages.schema import AGE_BAND_LABELS, PROFESSION_LABELS, ZONING_LABELS

__all__ = [
    "CODE",
    "AGE_BANDS",
    "AGE_BAND_LABELS",
    "PROFESSIONS",
    "PROFESSION_LABELS",
    "PRACTITIONER_COLUMNS",
    "ZONING_CLASSES",
    "GP_ZONING_CLASSES",
    "ZONING_NOT_AVAILABLE",
    "ZONING_LABELS",
    "DREES_ZONING_CODES",
    "TIME_COLUMNS",
]

#: Nineteen five-year age bands used by the DREES standardisation (last band 90+).
AGE_BANDS: tuple[str, ...] = tuple(f"age_{a:02d}_{a + 4:02d}" for a in range(0, 90, 5)) + ("age_90_plus",)

# AGE_BAND_LABELS: French labels of AGE_BANDS (DREES ``Paramètres`` wording), from access_map.messages.schema.

#: The five professions of the APL, as used in the ``profession`` column of practitioner tables.
PROFESSIONS: tuple[str, ...] = (
    "medecin_generaliste",
    "infirmier",
    "masseur_kinesitherapeute",
    "chirurgien_dentiste",
    "sage_femme",
)

# PROFESSION_LABELS: French labels of PROFESSIONS, from access_map.messages.schema.

#: Practitioner-level supply table (one row per practitioner x practice site).
#: ``acts``: consultations+visits+teleconsultations in the year (NaN allowed for a new practitioner);
#: ``age`` in years; ``new_practitioner``: no liberal activity the previous year (5,400 acts imputed for GPs);
#: ``health_centre``: salaried in a centre de santé (no activity bounds); ``etp``: full-time equivalent
#: (other professions); ``share``: share of the practitioner's activity at this site (defaults to 1/number of sites).
PRACTITIONER_COLUMNS: tuple[str, ...] = (
    "practitioner_id",
    CODE,
    "profession",
    "acts",
    "age",
    "new_practitioner",
    "health_centre",
    "etp",
    "share",
)

#: Every GP zoning class, from most to least under-served: the engine's four classes
#: (:data:`GP_ZONING_CLASSES`), ``ZAR`` (zone d'accompagnement régional, in published
#: zonings since the 2025 arrêté) and ``HZ`` (hors zonage: ZV and HV together, as the
#: published ameli/ARS exports code it, ``3_HZ``).
ZONING_CLASSES: tuple[str, ...] = ("ZIP", "ZAC", "ZAR", "ZV", "HV", "HZ")

#: The classes :func:`access_map.zoning.compute_zoning` produces (ZIP A+B, ZAC, zone de
#: vigilance, hors vivier).
GP_ZONING_CLASSES: tuple[str, ...] = ("ZIP", "ZAC", "ZV", "HV")

# ZONING_LABELS: French labels of ZONING_CLASSES, from access_map.messages.schema.

#: Zoning codes -> class: the DREES zoning-application export codes (``1_ZIP`` …
#: ``8_GQ_ZIP``; QPV and grands quartiers de La Réunion) and the codes of the published
#: ameli/ARS exports (``1_ZIP``, ``2_ZAC``, ``3_HZ``, ``4_ZAR``).
DREES_ZONING_CODES: dict[str, str] = {
    "1_ZIP": "ZIP",
    "2_ZAC": "ZAC",
    "3_QPV_ZIP": "ZIP",
    "4_QPV_ZAC": "ZAC",
    "5_ZV": "ZV",
    "6_HZ": "HV",
    "7_GQ_ZAC": "ZAC",
    "8_GQ_ZIP": "ZIP",
    "3_HZ": "HZ",
    "4_ZAR": "ZAR",
}

#: Code of a commune without result in the published exports (no class: NaN once read).
ZONING_NOT_AVAILABLE = "N/A - résultat non disponible"

#: The long travel-time table: one row per (origin, destination) pair within the catchment.
TIME_COLUMNS: tuple[str, str, str] = ("origin", "destination", "minutes")
