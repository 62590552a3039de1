"""Writing the drawn territory in the official layouts read by :mod:`access_map.readers` (atomic writes)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..._atomic import atomic_path
from .constants import DEMO_SEED, DEPARTMENT_NAMES, FILES, GPKG_DATE
from .draw import DemoTables, generate
from .formats import ANNUAIRE_COLUMNS, FINESS_CATEGORY_LABELS, FINESS_STRUCTURE_COLUMNS
from .names import _ascii_upper, _tncc

__all__ = ["write_demo_files"]


def _write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding=encoding, newline="") as fh:
            fh.write(text)


def _csv(df: pd.DataFrame, sep: str) -> str:
    buf = io.StringIO()
    df.to_csv(buf, sep=sep, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def _fmt(x: float, digits: int = 0) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return f"{x:.{digits}f}" if digits else str(int(round(x)))


def write_demo_files(directory: str | os.PathLike, *, seed: int = DEMO_SEED) -> list[Path]:
    """Generate the demo territory and write its files into ``directory`` (created if needed).

    Returns the paths written (see :data:`FILES`).
    """
    t = generate(seed)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = [_write_admin_express(t, out)]
    written += _write_cog(t, out)
    written += _write_populations(t, out)
    written.append(_write_activity(t, out))
    written.append(_write_annuaire(t, out))
    written.append(_write_finess(t, out))
    written += _write_care_tables(t, out)
    return written


def _write_admin_express(t: DemoTables, out: Path) -> Path:
    """Phase 1: the IGN ADMIN EXPRESS-like GeoPackage (communes, departements, region, chefs-lieux)."""
    import pyogrio

    c = t.communes
    gpkg = out / FILES["admin_express"]
    layers = {
        "commune": gpd.GeoDataFrame(
            {
                "INSEE_COM": c.index.to_numpy(),
                "NOM": c["nom"].to_numpy(),
                "INSEE_DEP": c["code_departement"].to_numpy(),
                "INSEE_REG": c["code_region"].to_numpy(),
                "POPULATION": c["population"].astype("int64").to_numpy(),
            },
            geometry=[shapely.multipolygons(shapely.get_parts(g)) for g in c.geometry],
            crs=2154,
        ),
        "departement": gpd.GeoDataFrame(
            {
                "INSEE_DEP": t.departements.index.to_numpy(),
                "NOM": t.departements["nom"].to_numpy(),
                "INSEE_REG": t.departements["code_region"].to_numpy(),
            },
            geometry=[shapely.multipolygons(shapely.get_parts(g)) for g in t.departements.geometry],
            crs=2154,
        ),
        "region": gpd.GeoDataFrame(
            {"INSEE_REG": t.regions.index.to_numpy(), "NOM": t.regions["nom"].to_numpy()},
            geometry=[shapely.multipolygons(shapely.get_parts(g)) for g in t.regions.geometry],
            crs=2154,
        ),
        "chflieu_commune": gpd.GeoDataFrame(
            {"INSEE_COM": t.chefs_lieux.index.to_numpy(), "NOM": t.chefs_lieux["nom"].to_numpy()},
            geometry=t.chefs_lieux.geometry.to_numpy(),
            crs=2154,
        ),
    }
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        with atomic_path(gpkg) as tmp:
            for name, layer in layers.items():
                layer.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
    return gpkg


def _write_cog(t: DemoTables, out: Path) -> list[Path]:
    """Phase 2: the three COG files (communes, departements, regions), comma-separated."""
    c = t.communes
    names = c["nom"]
    written = []
    tn = [_tncc(n) for n in names]
    cog = pd.DataFrame(
        {
            "TYPECOM": "COM",
            "COM": c.index,
            "REG": c["code_region"].to_numpy(),
            "DEP": c["code_departement"].to_numpy(),
            "CTCD": [f"{d}D" for d in c["code_departement"]],
            "ARR": [f"{d}1" for d in c["code_departement"]],
            "TNCC": [x[0] for x in tn],
            "NCC": [_ascii_upper(x[1]) for x in tn],
            "NCCENR": [x[1] for x in tn],
            "LIBELLE": names.to_numpy(),
            "CAN": [f"{d}{(k % 9) + 1:02d}" for k, d in enumerate(c["code_departement"])],
            "COMPARENT": "",
        }
    )
    written.append(out / FILES["cog_communes"])
    _write_text(written[-1], _csv(cog, ","))
    dep = t.departements
    dtn = [_tncc(n) for n in dep["nom"]]
    written.append(out / FILES["cog_departements"])
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "DEP": dep.index,
                    "REG": dep["code_region"].to_numpy(),
                    "CHEFLIEU": dep["cheflieu"].to_numpy(),
                    "TNCC": [x[0] for x in dtn],
                    "NCC": [_ascii_upper(x[1]) for x in dtn],
                    "NCCENR": [x[1] for x in dtn],
                    "LIBELLE": dep["nom"].to_numpy(),
                }
            ),
            ",",
        ),
    )
    reg = t.regions
    written.append(out / FILES["cog_regions"])
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "REG": reg.index,
                    "CHEFLIEU": reg["cheflieu"].to_numpy(),
                    "TNCC": "3",
                    "NCC": [_ascii_upper(n) for n in reg["nom"]],
                    "NCCENR": reg["nom"].to_numpy(),
                    "LIBELLE": reg["nom"].to_numpy(),
                }
            ),
            ",",
        ),
    )
    return written


def _write_populations(t: DemoTables, out: Path) -> list[Path]:
    """Phase 3: populations légales (REG;DEP;COM;PMUN;PCAP;PTOT), then population by sex and five-year age band."""
    c = t.communes
    pmun = c["population"].astype("int64")
    pcap = t.population_comptee_a_part.astype("int64")
    written = [out / FILES["populations_legales"]]
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "REG": c["code_region"].to_numpy(),
                    "DEP": c["code_departement"].to_numpy(),
                    "COM": c.index,
                    "PMUN": pmun.to_numpy(),
                    "PCAP": pcap.to_numpy(),
                    "PTOT": (pmun + pcap).to_numpy(),
                }
            ),
            ";",
        ),
    )
    age = t.age_sex.astype("int64")
    age_file = pd.concat([pd.DataFrame({"CODGEO": c.index, "LIBGEO": c["nom"].to_numpy()}, index=c.index), age], axis=1)
    written.append(out / FILES["population_by_age"])
    _write_text(written[-1], _csv(age_file, ";"))
    return written


def _write_activity(t: DemoTables, out: Path) -> Path:
    """Phase 4: the practitioner activity file (package format)."""
    p = t.practitioners
    activity = pd.DataFrame(
        {
            "identifiant_pp": p["practitioner_id"],
            "code_commune": p["code_commune"],
            "profession": p["profession"],
            "actes": [_fmt(v) for v in p["acts"]],
            "age": [_fmt(v) for v in p["age"]],
            "nouvel_installe": p["new_practitioner"].astype(int),
            "centre_sante": p["health_centre"].astype(int),
            "etp": [_fmt(v, 2) for v in p["etp"]],
            "part_activite": [_fmt(v, 2) for v in p["share"]],
            "nom": p["prenom"] + " " + p["nom"],
        }
    )
    path = out / FILES["activity"]
    _write_text(path, _csv(activity, ";"))
    return path


def _write_annuaire(t: DemoTables, out: Path) -> Path:
    """Phase 5: the Annuaire santé (GPs only), pipe-separated with the trailing pipe of the official file."""
    p = t.practitioners
    names = t.communes["nom"]
    gp = p[p["profession"] == "medecin_generaliste"]
    lines = ["|".join(ANNUAIRE_COLUMNS) + "|"]
    for _, r in gp.iterrows():
        code = r["code_commune"]
        salaried = bool(r["health_centre"])
        rec = dict.fromkeys(ANNUAIRE_COLUMNS, "")
        rec.update(
            {
                "Type d'identifiant PP": "8",
                "Identifiant PP": r["practitioner_id"],
                "Identification nationale PP": "8" + r["practitioner_id"],
                "Code civilité d'exercice": "DR",
                "Libellé civilité d'exercice": "Docteur",
                "Nom d'exercice": r["nom"],
                "Prénom d'exercice": r["prenom"],
                "Code profession": "10",
                "Libellé profession": "Médecin",
                "Code catégorie professionnelle": "C",
                "Libellé catégorie professionnelle": "Civil",
                "Code type savoir-faire": "S",
                "Libellé type savoir-faire": "Spécialité ordinale",
                "Code savoir-faire": "SM54",
                "Libellé savoir-faire": "Médecine générale",
                "Code mode exercice": "S" if salaried else "L",
                "Libellé mode exercice": "Salarié" if salaried else "Libéral",
                "Numéro FINESS site": r["finess_site"],
                "Code postal (coord. structure)": f"{code[:2]}{int(code[2:]) % 90 + 100:03d}",
                "Code commune (coord. structure)": code,
                "Libellé commune (coord. structure)": _ascii_upper(names[code]).replace("|", " "),
                "Code pays (coord. structure)": "99000",
                "Libellé pays (coord. structure)": "France",
                "Code Département (structure)": code[:2],
                "Libellé Département (structure)": DEPARTMENT_NAMES[code[:2]],
                "Autorité d'enregistrement": "CNOM/CNOM/CNOM",
                "Code secteur d'activité": "SA33" if salaried else "SA07",
                "Libellé secteur d'activité": "Centre de santé" if salaried else "Cabinet individuel",
            }
        )
        lines.append("|".join(str(rec[k]) for k in ANNUAIRE_COLUMNS) + "|")
    path = out / FILES["annuaire"]
    _write_text(path, "\n".join(lines) + "\n")
    return path


def _write_finess(t: DemoTables, out: Path) -> Path:
    """Phase 6: the FINESS etalab extraction (Latin-1, ';', no header; structureet then geolocalisation records)."""
    names = t.communes["nom"]
    s = t.structures
    flines = ["finess;etalab;95;2024-12-31"]
    geo = []
    for _, r in s.iterrows():
        code = r["code_commune"]
        rec = dict.fromkeys(FINESS_STRUCTURE_COLUMNS, "")
        rec.update(
            {
                "structureet": "structureet",
                "nofinesset": r["finess"],
                "nofinessej": r["finess"][:3] + "9" + r["finess"][4:],
                "rs": _ascii_upper(r["nom"]),
                "rslongue": r["nom"],
                "commune": code[2:],
                "departement": code[:2],
                "libdepartement": _ascii_upper(DEPARTMENT_NAMES[code[:2]]),
                "ligneacheminement": f"{code[:2]}{int(code[2:]) % 90 + 100:03d} {_ascii_upper(names[code])}",
                "categetab": r["categorie"],
                "libcategetab": FINESS_CATEGORY_LABELS[r["categorie"]],
                "dateouv": r["date_ouverture"],
                "dateautor": r["date_ouverture"],
                "datemaj": "2024-12-01",
            }
        )
        flines.append(";".join(rec[k] for k in FINESS_STRUCTURE_COLUMNS))
        geo.append(
            f"geolocalisation;{r['finess']};{r['x']:.1f};{r['y']:.1f};"
            "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2024-12-01"
        )
    path = out / FILES["finess"]
    _write_text(path, "\n".join(flines + geo) + "\n", encoding="latin-1")
    return path


def _write_care_tables(t: DemoTables, out: Path) -> list[Path]:
    """Phase 7: the CPTS list, previous zoning, TVS, QPV and regional caps (';'-separated)."""
    names = t.communes["nom"]
    written = []
    cp = t.cpts.rename(columns={"date_signature": "date_signature_aci"})
    written.append(out / FILES["cpts"])
    _write_text(written[-1], _csv(cp[["id_cpts", "nom_cpts", "statut", "date_signature_aci", "code_commune"]], ";"))
    z = t.previous_zoning
    written.append(out / FILES["zoning"])
    _write_text(
        written[-1],
        _csv(
            pd.DataFrame(
                {
                    "code_commune": z.index,
                    "libelle_commune": names.loc[z.index].to_numpy(),
                    "code_tvs": t.tvs.loc[z.index, "code_tvs"].to_numpy(),
                    "zonage": z["zonage"].to_numpy(),
                }
            ),
            ";",
        ),
    )
    written.append(out / FILES["tvs"])
    _write_text(written[-1], _csv(t.tvs.reset_index()[["code_commune", "code_tvs", "libelle_tvs"]], ";"))
    written.append(out / FILES["qpv"])
    _write_text(written[-1], _csv(t.qpv[["code_qpv", "libelle_qpv", "code_commune", "population"]], ";"))
    written.append(out / FILES["caps"])
    _write_text(written[-1], _csv(t.caps.reset_index()[["code_region", "part_max_zip", "part_max_zac"]], ";"))
    return written
