"""The fixed identity of the demo territory: seed, label, fictional codes and names, file names."""

from __future__ import annotations

import numpy as np

__all__ = [
    "DEMO_SEED",
    "DEMO_LABEL",
    "REGION_CODE",
    "REGION_NAME",
    "DEPARTMENT_CODES",
    "DEPARTMENT_NAMES",
    "CENSUS_YEAR",
    "GPKG_DATE",
    "XSS_COMMUNE_NAME",
    "XSS_CPTS_NAME",
    "FILES",
]


#: Seed of the shipped demo territory.
DEMO_SEED = 20240611
#: Label of the demo territory (shown on maps and reports).
DEMO_LABEL = "Territoire de démonstration FICTIF (données inventées, aucune valeur réelle)"
#: Region code of the demo: absent from the real COG (real codes: 01-06, 11, 24-94).
REGION_CODE = "07"
REGION_NAME = "Région fictive de démonstration"
#: Department codes of the demo: absent from the real COG (01-95, 2A, 2B, 971-976).
DEPARTMENT_CODES = ("96", "00")
DEPARTMENT_NAMES = {"96": "Val-de-Brumaille (fictif)", "00": "Hautes-Sorlandes (fictif)"}
#: Year of the fictional census / populations légales.
CENSUS_YEAR = 2021
#: Fixed timestamp written into the GeoPackage (GDAL OGR_CURRENT_DATE).
GPKG_DATE = "2024-01-01T00:00:00.000Z"

XSS_COMMUNE_NAME = "Testville <script>alert(1)</script>"
XSS_CPTS_NAME = 'CPTS test "><img src=x onerror=alert(1)>'

_CENTER = np.array([150_000.0, 6_560_000.0])  # open sea, ~230 km west of La Rochelle
_N_COMMUNES = 600


#: File names written by :func:`write_demo_files` (all in one directory).
FILES = {
    "admin_express": "admin_express_demo.gpkg",
    "cog_communes": "cog_communes.csv",
    "cog_departements": "cog_departements.csv",
    "cog_regions": "cog_regions.csv",
    "populations_legales": "populations_legales.csv",
    "population_by_age": "pop_sexe_age_quinquennal.csv",
    "activity": "activite_praticiens.csv",
    "annuaire": "PS_LibreAcces_Personne_activite_demo.txt",
    "finess": "finess_etalab_demo.csv",
    "cpts": "cpts.csv",
    "zoning": "zonage_precedent.csv",
    "tvs": "tvs.csv",
    "qpv": "qpv.csv",
    "caps": "plafonds_zonage.csv",
}
