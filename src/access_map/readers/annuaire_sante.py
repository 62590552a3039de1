"""Practice sites from the public Annuaire santé (RPPS / ADELI) extractions.

Two layouts are read:

* :func:`read_annuaire_sante` — the current public extraction
  ``PS_LibreAcces_Personne_activite_AAAAMMJJhhmm.txt`` (annuaire.sante.fr,
  "Extractions en libre accès"): pipe-separated, UTF-8, one row per activity
  (practitioner x practice site), official French column names, a trailing ``|``
  at the end of each line (an empty last column, dropped). Columns used:

  ========================================  ==============================================
  column                                    use
  ========================================  ==============================================
  ``Identifiant PP``                        practitioner identifier (RPPS/ADELI)
  ``Code profession``                       10 médecin, 60 infirmier, 70 masseur-kinésithérapeute,
                                            40 chirurgien-dentiste, 50 sage-femme
  ``Code savoir-faire``,                    GPs: "Médecine générale" (SM54), "Spécialiste en
  ``Libellé savoir-faire``                  Médecine Générale" (SM53), "Qualifié en médecine
                                            générale" (SM26)
  ``Code mode exercice``                    L libéral, S salarié, B bénévole
  ``Code commune (coord. structure)``       INSEE code of the practice site
  ``Numéro FINESS site``                    to flag centres de santé (FINESS category 124)
  ``Identifiant technique de la structure`` site identifier (optional; to count sites)
  ``Raison sociale site``                   kept as ``raison_sociale``
  ========================================  ==============================================

  Some extractions carry the savoir-faire in a separate ``PS_LibreAcces_SavoirFaire`` file
  (``Identification nationale PP|Code profession|Code type savoir-faire|Code savoir-faire|...``):
  pass it as ``savoir_faire=``.

* :func:`read_rpps_2017` — the 2017 "ExtractionMonoTable_CAT18_ToutePopulation"
  layout as reduced in ``shared/data/rpps_gironde_2017`` (``RPPS, FINESS,
  RaisonSociale, Commune, LibCommune, CodePostal, Specialite, Etablissement``).

Both return the practitioner table of :data:`access_map.schema.PRACTITIONER_COLUMNS`
with one row per practitioner x practice commune: ``acts``, ``age`` and ``etp`` are NaN
(the directory publishes neither activity nor age — see
:mod:`access_map.readers.activity` for the file analysts fill from SNIIR-AM),
``new_practitioner`` is False, ``share`` = number of the practitioner's sites in the
commune / number of his sites in the file. Rows filtered out on purpose
(other professions, other specialties, modes) are counted in
``table.attrs["selection"]`` (dict reason -> rows); data problems (missing or
malformed commune code, exact duplicate rows...) go to the DropReport
(``table.attrs["drop_report"]``) and a :class:`~access_map.readers._io.SourceWarning`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from .._validate import DropReport, describe_values, normalize_insee_codes
from ..communes import CODE
from ..errors import InvalidValueError
from ..messages import readers as R
from ..schema import PROFESSIONS
from ._io import PathLike, finish, is_insee_code, keep_known_communes, normalize_label, read_table, reads_input
from .activity import validate_practitioners

__all__ = [
    "ANNUAIRE_PROFESSION_CODES",
    "GP_SAVOIR_FAIRE_CODES",
    "read_annuaire_sante",
    "read_rpps_2017",
]

#: ``Code profession`` of the Annuaire santé -> profession key of :data:`~access_map.schema.PROFESSIONS`.
ANNUAIRE_PROFESSION_CODES: dict[str, str] = {
    "10": "medecin_generaliste",  # médecin (general practice selected by savoir-faire)
    "60": "infirmier",
    "70": "masseur_kinesitherapeute",
    "40": "chirurgien_dentiste",
    "50": "sage_femme",
}

#: ``Code savoir-faire`` values of general practice (RPPS nomenclature of ordinal specialties).
GP_SAVOIR_FAIRE_CODES: frozenset[str] = frozenset({"SM26", "SM53", "SM54"})

_COL_ID = "Identifiant PP"
_COL_NAT_ID = "Identification nationale PP"
_COL_PROF = "Code profession"
_COL_SF_CODE = "Code savoir-faire"
_COL_SF_LABEL = "Libellé savoir-faire"
_COL_MODE = "Code mode exercice"
_COL_COMMUNE = "Code commune (coord. structure)"
_COL_FINESS = "Numéro FINESS site"
_COL_SITE = "Identifiant technique de la structure"
_COL_RS = "Raison sociale site"
_REQUIRED = (_COL_ID, _COL_PROF, _COL_MODE, _COL_COMMUNE)
_OPTIONAL = (_COL_NAT_ID, _COL_SF_CODE, _COL_SF_LABEL, _COL_FINESS, _COL_SITE, _COL_RS)


def _is_gp(code: pd.Series, label: pd.Series) -> pd.Series:
    by_code = code.fillna("").str.strip().str.upper().isin(GP_SAVOIR_FAIRE_CODES)
    labels = label.fillna("")
    lookup = {v: "medecinegenerale" in normalize_label(v) for v in labels.unique()}  # few distinct labels
    by_label = labels.map(lookup)
    return (by_code | by_label.astype(bool)).astype(bool)


def _gp_flags(raw: pd.DataFrame, *, savoir_faire: PathLike | None, name: str, needed: bool) -> np.ndarray:
    """True for rows of doctors with a general-practice savoir-faire (in the row or in the separate file)."""
    if savoir_faire is None:
        if needed and not raw.attrs.get("has_savoir_faire", True):
            from ..errors import MissingColumnError

            raise MissingColumnError(R.savoir_faire_absent(source=name))
        return _is_gp(raw[_COL_SF_CODE], raw[_COL_SF_LABEL]).to_numpy()
    sf_name = str(savoir_faire)
    sf, _, _ = read_table(
        savoir_faire, usecols=[_COL_NAT_ID, _COL_ID, _COL_SF_CODE, _COL_SF_LABEL], source=sf_name, sep="|"
    )
    key = _COL_NAT_ID if _COL_NAT_ID in sf.columns and raw[_COL_NAT_ID].notna().any() else _COL_ID
    if key not in sf.columns or (_COL_SF_CODE not in sf.columns and _COL_SF_LABEL not in sf.columns):
        from ..errors import MissingColumnError

        raise MissingColumnError(
            R.savoir_faire_colonnes(
                source=sf_name,
                id_national=repr(_COL_NAT_ID),
                id_=repr(_COL_ID),
                code=repr(_COL_SF_CODE),
                libelle=repr(_COL_SF_LABEL),
                trouvees=describe_values(list(sf.columns)),
            )
        )
    for col in (_COL_SF_CODE, _COL_SF_LABEL):
        if col not in sf.columns:
            sf[col] = pd.NA
    gp_ids = set(sf.loc[_is_gp(sf[_COL_SF_CODE], sf[_COL_SF_LABEL]).to_numpy(), key].astype(str).str.strip())
    in_row = _is_gp(raw[_COL_SF_CODE], raw[_COL_SF_LABEL]).to_numpy()
    return in_row | raw[key].astype(str).str.strip().isin(gp_ids).to_numpy()


def _sites_to_table(
    sites: pd.DataFrame, *, report: DropReport, source: str, known_communes: Collection[str] | None
) -> pd.DataFrame:
    """Site rows (practitioner_id, profession, code_commune, site, health_centre, extras) -> practitioner table.

    Shares are computed over *all* the practitioner's distinct sites in the file, before
    dropping sites without a usable commune: activity abroad or outside ``known_communes``
    is not moved onto the remaining sites.
    """
    key = ["practitioner_id", "profession", CODE, "site"]
    dup = sites.duplicated(key)
    report.add(R.LIGNE_PRATICIEN_SITE_EN_DOUBLE, int(dup.sum()), sites.loc[dup, "practitioner_id"].tolist())
    sites = sites[~dup.to_numpy()]
    total_sites = sites.groupby(["practitioner_id", "profession"], sort=False)["site"].transform("size")
    codes = normalize_insee_codes(sites[CODE])
    valid = is_insee_code(codes)
    missing = sites[CODE].isna().to_numpy()
    report.add(
        R.SITE_SANS_CODE_COMMUNE,
        int(missing.sum()),
        sites.loc[missing, "practitioner_id"].tolist(),
    )
    malformed = (~valid.to_numpy()) & ~missing
    report.add(R.CODE_COMMUNE_MAL_FORME, int(malformed.sum()), codes[malformed].tolist())
    data = sites.assign(**{CODE: codes, "total_sites": total_sites})[valid.to_numpy()]
    data = keep_known_communes(data, known_communes, report, column=CODE, reason=R.COMMUNE_EXERCICE_HORS_REFERENTIEL)
    extras = [c for c in data.columns if c not in {*key, "health_centre", "total_sites"}]
    agg = {"site": "size", "health_centre": "any", "total_sites": "first", **{c: "first" for c in extras}}
    per_commune = data.groupby(["practitioner_id", "profession", CODE], sort=False, as_index=False).agg(agg)
    per_commune = per_commune.rename(columns={"site": "n_sites"})
    total = per_commune["total_sites"]
    table = pd.DataFrame(
        {
            "practitioner_id": per_commune["practitioner_id"].astype(object),
            CODE: per_commune[CODE].astype(object),
            "profession": per_commune["profession"].astype(object),
            "acts": np.nan,
            "age": np.nan,
            "new_practitioner": False,
            "health_centre": per_commune["health_centre"].astype(bool),
            "etp": np.nan,
            "share": per_commune["n_sites"] / total,
            "n_sites": per_commune["n_sites"].astype(int),
            **{c: per_commune[c] for c in extras},
        }
    )
    out, _ = validate_practitioners(table, source=source, report=report)
    return out


@reads_input
def read_annuaire_sante(
    path: PathLike,
    *,
    professions: Sequence[str] = ("medecin_generaliste",),
    exercise_modes: Collection[str] = ("L",),
    finess: pd.DataFrame | None = None,
    savoir_faire: PathLike | None = None,
    known_communes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Read ``PS_LibreAcces_Personne_activite`` into a practitioner table (practice sites).

    Parameters
    ----------
    path
        The extraction (``.txt``, pipe-separated, UTF-8; ``.gz`` accepted).
    professions
        Keys of :data:`~access_map.schema.PROFESSIONS` to keep. Doctors (code 10) are kept
        only with a general-practice savoir-faire (see :data:`GP_SAVOIR_FAIRE_CODES`).
    exercise_modes
        ``Code mode exercice`` values kept (L libéral, S salarié, B bénévole). Whatever
        this option, a salaried activity at a site whose FINESS number is a centre de santé
        in ``finess`` is kept (the DREES APL counts salaried GPs of centres de santé).
    finess
        Optional FINESS table (:func:`access_map.readers.finess.read_finess`, columns
        ``finess`` and ``categorie``): sites of category 124 get ``health_centre=True``.
        Without it ``health_centre`` is False everywhere.
    savoir_faire
        Optional ``PS_LibreAcces_SavoirFaire`` file (pipe-separated; ``Identification nationale PP``
        or ``Identifiant PP``, ``Code savoir-faire``, optional ``Libellé savoir-faire``), for
        extractions whose activity file has no savoir-faire columns: a doctor is a GP when one
        of his savoir-faire is general practice. Required in that case when GPs are requested.
    known_communes
        Drop and report practice communes absent from this reference.

    Returns
    -------
    pandas.DataFrame
        Practitioner table (schema columns, then ``n_sites``, ``finess_site``,
        ``raison_sociale``); ``attrs["selection"]`` counts rows filtered out on purpose,
        ``attrs["drop_report"]`` the rows dropped for data problems.

    Examples
    --------
    >>> import tempfile, os
    >>> head = ("Type d'identifiant PP|Identifiant PP|Code profession|Code savoir-faire|Libellé savoir-faire|"
    ...         "Code mode exercice|Numéro FINESS site|Raison sociale site|Code commune (coord. structure)|")
    >>> rows = ["8|10001|10|SM54|Médecine Générale|L|||33063|",
    ...         "8|10001|10|SM54|Médecine Générale|L|||33318|",
    ...         "8|10002|10|SM38|Neurologie|L|||33063|"]
    >>> p = os.path.join(tempfile.mkdtemp(), "PS_LibreAcces_Personne_activite.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("\\n".join([head, *rows]) + "\\n")
    >>> t = read_annuaire_sante(p)
    >>> t[["practitioner_id", "code_commune", "share"]].values.tolist()
    [['10001', '33063', 0.5], ['10001', '33318', 0.5]]
    >>> t.attrs["selection"]
    {'doctor without general-practice savoir-faire': 1}
    """
    unknown_prof = [p for p in professions if p not in PROFESSIONS]
    if unknown_prof:
        raise InvalidValueError(
            R.professions_inconnues(valeurs=describe_values(unknown_prof), attendues=describe_values(PROFESSIONS))
        )
    name = str(path)
    raw, _, _ = read_table(path, required=_REQUIRED, usecols=[*_REQUIRED, *_OPTIONAL], source=name, sep="|")
    has_sf = _COL_SF_CODE in raw.columns or _COL_SF_LABEL in raw.columns
    for col in _OPTIONAL:
        if col not in raw.columns:
            raw[col] = pd.NA
    raw.attrs["has_savoir_faire"] = has_sf
    selection: dict[str, int] = {}
    report = DropReport(source=name)
    prof_code = raw[_COL_PROF].fillna("").str.strip()
    profession = prof_code.map(ANNUAIRE_PROFESSION_CODES)
    keep = profession.isin(list(professions)).to_numpy()
    n = int((~profession.isin(list(professions))).sum())
    if n:
        selection["other profession"] = n
    is_doctor = (prof_code == "10").to_numpy()
    gp = _gp_flags(raw, savoir_faire=savoir_faire, name=name, needed="medecin_generaliste" in professions)
    not_gp = keep & is_doctor & ~gp
    if not_gp.any():
        selection["doctor without general-practice savoir-faire"] = int(not_gp.sum())
    keep = keep & ~not_gp
    finess_site = raw[_COL_FINESS].fillna("").str.strip()
    if finess is not None:
        cats = finess.reset_index() if "finess" not in finess.columns else finess
        centres = set(cats.loc[cats["categorie"].astype(str) == "124", "finess"].astype(str))
        health_centre = finess_site.isin(centres).to_numpy()
    else:
        health_centre = np.zeros(len(raw), dtype=bool)
    mode = raw[_COL_MODE].fillna("").str.strip().str.upper()
    mode_ok = mode.isin({m.upper() for m in exercise_modes}).to_numpy() | (health_centre & (mode == "S").to_numpy())
    other_mode = keep & ~mode_ok
    if other_mode.any():
        selection["exercise mode not selected"] = int(other_mode.sum())
    keep = keep & mode_ok
    sel = raw[keep]
    site = sel[_COL_SITE].fillna(sel[_COL_FINESS]).fillna(sel[_COL_RS]).fillna(sel[_COL_COMMUNE]).fillna("")
    sites = pd.DataFrame(
        {
            "practitioner_id": sel[_COL_ID].str.strip().to_numpy(),
            "profession": profession[keep].to_numpy(),
            CODE: sel[_COL_COMMUNE].to_numpy(),
            "site": site.to_numpy(),
            "health_centre": health_centre[keep],
            "finess_site": sel[_COL_FINESS].to_numpy(),
            "raison_sociale": sel[_COL_RS].to_numpy(),
        }
    )
    table = _sites_to_table(sites, report=report, source=name, known_communes=known_communes)
    table.attrs["selection"] = selection
    return finish(table, report, source=name)


#: ``Specialite`` labels of the 2017 extraction counted as general practice.
RPPS_2017_GP_LABELS: tuple[str, ...] = (
    "Spécialiste en Médecine Générale",
    "Qualifié en Médecine Générale",
    "Médecine Générale",
)


@reads_input
def read_rpps_2017(
    path: PathLike,
    *,
    specialties: Collection[str] = RPPS_2017_GP_LABELS,
    exclude_establishments: bool = True,
    known_communes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Read the 2017 RPPS extraction layout (``shared/data/rpps_gironde_2017``) into GP practice sites.

    Parameters
    ----------
    path
        CSV with columns ``RPPS, FINESS, RaisonSociale, Commune, LibCommune, CodePostal,
        Specialite, Etablissement``.
    specialties
        ``Specialite`` labels kept as general practitioners (case/accent-insensitive).
    exclude_establishments
        Drop activities in a FINESS establishment (``Etablissement == "oui"``: hospitals,
        clinics...), which the DREES APL does not count (default): the GPs practising only in an
        establishment leave the table, the others keep their sites outside establishments (their
        shares split over those). Rows counted in ``attrs["selection"]``, practitioners in
        ``attrs["establishments"]``.
    known_communes
        Drop and report practice communes absent from this reference.

    Returns
    -------
    pandas.DataFrame
        Practitioner table (GPs), plus ``n_sites``, ``etablissement`` (bool: at least one
        site of the row in an establishment; always False when they are excluded), ``finess_site``,
        ``raison_sociale``. ``attrs["establishments"]``: ``{"only": GPs practising only in an
        establishment, "mixed": GPs practising in and out of establishments, "excluded": bool}``.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "rpps.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "RPPS,FINESS,RaisonSociale,Commune,LibCommune,CodePostal,Specialite,Etablissement\\n"
    ...     "1,,CABINET A,33063,Bordeaux,33000,Spécialiste en Médecine Générale,non\\n"
    ...     "1,330000001,CH X,33318,Pessac,33600,Spécialiste en Médecine Générale,oui\\n"
    ...     "2,,CABINET B,33063,Bordeaux,33000,Neurologie,non\\n")
    >>> t = read_rpps_2017(p)  # the hospital site of GP 1 is not counted: his whole share is at the cabinet
    >>> t[["practitioner_id", "code_commune", "share", "etablissement"]].values.tolist()
    [['1', '33063', 1.0, False]]
    >>> t.attrs["establishments"]
    {'only': 0, 'mixed': 1, 'excluded': True}
    >>> read_rpps_2017(p, exclude_establishments=False)[["code_commune", "share", "etablissement"]].values.tolist()
    [['33063', 0.5, False], ['33318', 0.5, True]]
    """
    name = str(path)
    cols = ("RPPS", "FINESS", "RaisonSociale", "Commune", "Specialite", "Etablissement")
    raw, _, _ = read_table(path, required=cols, source=name)
    wanted = {normalize_label(s) for s in specialties}
    is_gp = raw["Specialite"].fillna("").map(lambda v: normalize_label(v) in wanted).astype(bool).to_numpy()
    selection: dict[str, int] = {}
    if (~is_gp).any():
        selection["other specialty"] = int((~is_gp).sum())
    etab_raw = raw["Etablissement"].fillna("").str.strip().str.lower()
    bad = ~etab_raw.isin({"oui", "non"})
    if bad.any():
        raise InvalidValueError(
            R.etablissement_ni_oui_ni_non(source=name, valeurs=describe_values(sorted(set(etab_raw[bad]))))
        )
    etab = (etab_raw == "oui").to_numpy()
    keep = np.array(is_gp, dtype=bool)
    in_etab = pd.Series(etab[keep]).groupby(raw.loc[keep, "RPPS"].str.strip().to_numpy())
    only, some = in_etab.all(), in_etab.any()
    establishments = {
        "only": int(only.sum()),
        "mixed": int((some & ~only).sum()),
        "excluded": bool(exclude_establishments),
    }
    if exclude_establishments:
        n = int((keep & etab).sum())
        if n:
            selection["activity in a FINESS establishment"] = n
        keep = keep & ~etab
    sel = raw[keep]
    site = (sel["FINESS"].fillna("") + "|" + sel["RaisonSociale"].fillna("")).to_numpy()
    sites = pd.DataFrame(
        {
            "practitioner_id": sel["RPPS"].str.strip().to_numpy(),
            "profession": "medecin_generaliste",
            CODE: sel["Commune"].to_numpy(),
            "site": site,
            "health_centre": False,
            "etablissement": etab[keep],
            "finess_site": sel["FINESS"].to_numpy(),
            "raison_sociale": sel["RaisonSociale"].to_numpy(),
        }
    )
    report = DropReport(source=name)
    # "etablissement" must be aggregated with any(), not first(): handle it before the generic aggregation
    etab_any = sites.groupby(["practitioner_id", CODE], sort=False)["etablissement"].transform("any")
    sites = sites.assign(etablissement=etab_any.astype(bool))
    table = _sites_to_table(sites, report=report, source=name, known_communes=known_communes)
    table["etablissement"] = table["etablissement"].astype(bool)
    table.attrs["selection"] = selection
    table.attrs["establishments"] = establishments
    return finish(table, report, source=name)
