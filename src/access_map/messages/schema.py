"""French labels of the shared vocabularies of :mod:`access_map.schema`: age bands, professions, zoning classes.

:mod:`access_map.schema` re-exports them under the same names; this is where their wording lives.

Examples
--------
>>> AGE_BAND_LABELS["age_00_04"], AGE_BAND_LABELS["age_85_89"], AGE_BAND_LABELS["age_90_plus"]
('Moins de 5 ans', '85 à 89 ans', 'Plus de 90 ans')
>>> PROFESSION_LABELS["sage_femme"], ZONING_LABELS["ZV"]
('Sages-femmes', 'Zone de vigilance')
"""

from __future__ import annotations

__all__ = ["AGE_BAND_LABELS", "PROFESSION_LABELS", "ZONING_LABELS"]

#: French labels of the nineteen five-year age bands, in the wording of the DREES ``Paramètres`` sheet.
AGE_BAND_LABELS: dict[str, str] = {
    **{"age_00_04": "Moins de 5 ans"},
    **{f"age_{a:02d}_{a + 4:02d}": f"{a} à {a + 4} ans" for a in range(5, 90, 5)},
    "age_90_plus": "Plus de 90 ans",
}

#: French labels of the five professions of the APL.
PROFESSION_LABELS: dict[str, str] = {
    "medecin_generaliste": "Médecins généralistes",
    "infirmier": "Infirmiers",
    "masseur_kinesitherapeute": "Masseurs-kinésithérapeutes",
    "chirurgien_dentiste": "Chirurgiens-dentistes",
    "sage_femme": "Sages-femmes",
}

#: French labels of the GP zoning classes.
ZONING_LABELS: dict[str, str] = {
    "ZIP": "Zone d'intervention prioritaire (ZIP)",
    "ZAC": "Zone d'action complémentaire (ZAC)",
    "ZAR": "Zone d'accompagnement régional (ZAR)",
    "ZV": "Zone de vigilance",
    "HV": "Hors vivier",
    "HZ": "Hors zonage",
}
