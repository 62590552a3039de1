"""ARS zoning tables: GP zoning per commune, TVS composition, QPV list, regional caps.

Each ARS publishes its zoning arrêté with a commune table; the DREES zoning
application exports use codes ``1_ZIP`` … ``8_GQ_ZIP``; the zonings published by
ameli / the ARS use ``1_ZIP``, ``2_ZAC``, ``3_HZ`` (hors zonage), ``4_ZAR`` (zone
d'accompagnement régional) and ``N/A - résultat non disponible``. The readers accept
the layouts below, with common column aliases matched case- and accent-insensitively
(``CODGEO``, ``Code commune``, ``TVS``, ``Zonage``...):

* zoning table: ``code_commune;libelle_commune;code_tvs;zonage`` — ``zonage`` in
  ``ZIP``/``ZAC``/``ZAR``/``ZV``/``HV``/``HZ``, in zoning codes
  (:data:`access_map.schema.DREES_ZONING_CODES`) or in words ("Zone d'intervention
  prioritaire"...). A file keyed by **postal code and commune name** (``code_postal``,
  ``libelle_commune``) instead of INSEE code is joined to INSEE codes
  (:func:`access_map.readers.postal.match_postal_names`, with ``reference=`` or
  ``postal_codes=``); ambiguous and unmatched rows are reported;
* TVS composition: ``code_commune;code_tvs;libelle_tvs[;drees_category]`` — DREES's own
  file (``depcom;libcom;tv;libtv;...``) works; ``drees_category`` is DREES's *cadre
  national* (``01_Sélection nationale``, ``02_Vivier``, ``ZZ_Hors vivier``; aliases ``CN``,
  ``zonage_nat``, ``cadre_national``);
* QPV list: ``code_qpv;libelle_qpv;code_commune;population`` (one row per QPV x commune);
* regional caps (:func:`read_zoning_caps`): ``code_region;part_max_zip;part_max_zac``
  (fractions of the regional population allowed in ZIP A + B and in ZAC), or the DREES
  application's layout ``reg;maxZIP;maxZAC`` in percent.

See :mod:`access_map.readers._io` for the return convention.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from .._validate import DropReport, describe_values, normalize_insee_codes, to_numeric_column
from ..communes import validate_communes
from ..errors import InvalidCodeError, InvalidValueError, MissingColumnError
from ..messages import readers as R
from ..schema import DREES_ZONING_CODES, ZONING_CLASSES, ZONING_NOT_AVAILABLE
from ._io import (
    PathLike,
    commune_codes,
    finish,
    keep_known_communes,
    normalize_label,
    read_table,
    reads_input,
    refuse_header_only,
    rename_aliases,
    strip_text,
)
from .postal import match_postal_names

__all__ = ["parse_zoning_codes", "read_zoning", "read_tvs", "read_qpv", "read_zoning_caps"]

_COMMUNE_ALIASES = ["codgeo", "code commune", "code_insee", "insee", "com", "depcom", "code_com", "insee_com"]
_ZONING_ALIASES = {
    "code_commune": _COMMUNE_ALIASES,
    "libelle_commune": ["libgeo", "libellé commune", "nom_commune", "nom commune", "commune", "libelle"],
    "code_tvs": ["tvs", "code tvs", "codetvs", "id_tvs"],
    "zonage": ["zonage_mg", "zonage mg", "zone", "classe", "zonage_medecin", "zonage_ars", "zonage_regional"],
    "code_postal": ["cp", "code postal", "codepostal"],
}
_TVS_ALIASES = {
    "code_commune": _COMMUNE_ALIASES,
    "code_tvs": ["tvs", "code tvs", "codetvs", "id_tvs", "tv", "agr"],
    "libelle_tvs": ["libellé tvs", "nom_tvs", "lib_tvs", "libtvs", "nom tvs", "libtv", "libagr"],
    "code_region": ["code_reg", "reg", "region", "code région"],
    "drees_category": [
        "cn",
        "zonage_nat",
        "cadre_national",
        "cadre national",
        "categorie",
        "catégorie",
        "categorie_drees",
    ],
}
_QPV_ALIASES = {
    "code_qpv": ["qpv", "code qpv", "codeqpv", "code_quartier"],
    "libelle_qpv": ["libellé qpv", "nom_qpv", "lib_qpv", "nom qpv"],
    "code_commune": _COMMUNE_ALIASES,
    "population": ["pop", "population_qpv", "pmun", "pop_qpv"],
}
_CAPS_ALIASES = {
    "code_region": ["reg", "region", "code région", "code_reg"],
    "part_max_zip": ["zip_cap_share", "plafond_zip", "part_zip"],
    "part_max_zac": ["zac_cap_share", "plafond_zac", "part_zac"],
    "max_zip_percent": ["maxzip", "max_zip"],
    "max_zac_percent": ["maxzac", "max_zac"],
}

_WORDS = {
    "zip": "ZIP",
    "zoneinterventionprioritaire": "ZIP",
    "zonedinterventionprioritaire": "ZIP",
    "zac": "ZAC",
    "zoneactioncomplementaire": "ZAC",
    "zonedactioncomplementaire": "ZAC",
    "zv": "ZV",
    "zonevigilance": "ZV",
    "zonedevigilance": "ZV",
    "vigilance": "ZV",
    "hv": "HV",
    "horsvivier": "HV",
    "hz": "HZ",
    "horszonage": "HZ",
    "horszone": "HZ",
    "zar": "ZAR",
    "zoneaccompagnementregional": "ZAR",
    "zonedaccompagnementregional": "ZAR",
}
_QPV_CODES = {code for code in DREES_ZONING_CODES if "QPV" in code}


def parse_zoning_codes(values: pd.Series, *, source: str | None = None, column: str = "zonage") -> pd.DataFrame:
    """Map raw zoning values to :data:`~access_map.schema.ZONING_CLASSES`, keeping the raw code.

    Returns a DataFrame (same index) with ``zonage`` (class; NaN for ``N/A - résultat non
    disponible``), ``zonage_brut`` (raw text) and ``qpv`` (True for the DREES QPV codes
    ``3_QPV_ZIP``/``4_QPV_ZAC``). ``6_HZ`` (DREES application, a TVS hors vivier) is HV;
    ``3_HZ`` (published zonings, ZV and HV together) is HZ; ``4_ZAR`` is ZAR.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_zoning_codes(pd.Series(["1_ZIP", "zac", "Zone de vigilance", "6_HZ", "3_QPV_ZIP"])).values.tolist()
    [['ZIP', '1_ZIP', False], ['ZAC', 'zac', False], ['ZV', 'Zone de vigilance', False], ['HV', '6_HZ', False], \
['ZIP', '3_QPV_ZIP', True]]
    >>> parse_zoning_codes(pd.Series(["3_HZ", "4_ZAR", "N/A - résultat non disponible"]))["zonage"].tolist()
    ['HZ', 'ZAR', nan]
    """
    drees = {k.upper(): v for k, v in DREES_ZONING_CODES.items()}

    def conv(v: object) -> object:
        if not isinstance(v, str):
            return None
        t = v.strip().upper()
        if t in drees:
            return drees[t]
        return _WORDS.get(normalize_label(v))

    mapped = values.map(conv)
    not_available = values.map(_not_available).astype(bool)
    bad = values[mapped.isna() & ~not_available]
    if len(bad):
        raise InvalidValueError(
            R.zonages_inconnus(
                source=source or R.TABLEAU,
                colonne=repr(column),
                valeurs=describe_values(pd.unique(bad.astype(object)).tolist()),
                n=len(bad),
                classes=describe_values(ZONING_CLASSES),
                codes=describe_values(DREES_ZONING_CODES),
                nd=repr(ZONING_NOT_AVAILABLE),
            )
        )
    return pd.DataFrame(
        {
            "zonage": mapped.where(~not_available).astype(object),
            "zonage_brut": values.astype(object),
            "qpv": values.map(lambda v: isinstance(v, str) and v.strip().upper() in _QPV_CODES).astype(bool),
        },
        index=values.index,
    )


def _not_available(v: object) -> bool:
    """``N/A - résultat non disponible`` (or a bare ``N/A``): a commune without result."""
    return isinstance(v, str) and (
        v.strip().upper() == ZONING_NOT_AVAILABLE.upper()
        or normalize_label(v) in {"na", "nonrenseigne"}
        or v.strip().upper().startswith("N/A")
    )


def _read_aliased(
    path: PathLike, aliases: dict[str, list[str]], *, required: list[str], sep: str | None, encoding: str | None
) -> tuple[str, pd.DataFrame]:
    """Read ``path``, rename alias columns and keep the known ones (in ``aliases`` order, RangeIndex)."""
    name = str(path)
    raw, _, _ = read_table(path, source=name, sep=sep, encoding=encoding)
    data = rename_aliases(raw, aliases, required=required, source=name)
    return name, data[[c for c in aliases if c in data.columns]].reset_index(drop=True)


def _drop_exact_duplicates(data: pd.DataFrame, report: DropReport) -> pd.DataFrame:
    dup = data.duplicated()
    report.add(R.LIGNE_EN_DOUBLE_EXACT, int(dup.sum()), data.loc[dup, "code_commune"].tolist())
    return data[~dup.to_numpy()]


@reads_input
def read_zoning(
    path: PathLike,
    *,
    known_communes: Collection[str] | None = None,
    reference: pd.DataFrame | None = None,
    postal_codes: pd.DataFrame | None = None,
    sep: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read an ARS / DREES / ameli GP zoning table into one class per commune.

    A commune may have a commune row and QPV rows (DREES codes ``3_QPV_ZIP``,
    ``4_QPV_ZAC``): the commune class comes from the commune row (or from the QPV row
    when it is alone), ``qpv`` is True and ``zonage_qpv`` holds the most favourable QPV
    class (ZIP before ZAC). Exact duplicate rows are dropped and reported; two different
    commune-level classes for one commune raise. ``N/A - résultat non disponible`` gives
    a commune without class (``zonage`` NaN, listed in ``attrs["not_available"]``).

    A file without INSEE code but with ``code_postal`` and ``libelle_commune`` is joined
    to INSEE codes on postal code + normalised name (:func:`~access_map.readers.postal.match_postal_names`):
    pass ``reference=`` (communes: ``code_commune``, ``nom``) or ``postal_codes=`` (La
    Poste's table). Rows matching no commune or several are dropped, counted in the drop
    report and listed in ``attrs["unmatched"]``; rows found in a department neighbouring their
    postal code's (a border commune served by the next department's post office) are kept and
    listed in ``attrs["neighbour_matches"]`` (``code_postal``, ``libelle_commune``, ``code_commune``).

    Returns
    -------
    pandas.DataFrame
        Index ``code_commune``; columns ``zonage`` (ZIP/ZAC/ZAR/ZV/HV/HZ or NaN),
        ``zonage_brut``, ``qpv``, ``zonage_qpv`` and, when present, ``libelle_commune``,
        ``code_tvs``, ``code_postal``.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "zonage.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "CODGEO;LIBGEO;TVS;Zonage\\n33063;Bordeaux;33063;2_ZAC\\n"
    ...     "33063;Bordeaux;33063;3_QPV_ZIP\\n33058;Blaye;33058;1_ZIP\\n")
    >>> z = read_zoning(p)
    >>> z[["zonage", "qpv", "zonage_qpv"]].values.tolist()
    [['ZIP', False, nan], ['ZAC', True, 'ZIP']]
    """
    name = str(path)
    raw, _, _ = read_table(path, source=name, sep=sep, encoding=encoding)
    data = rename_aliases(raw, _ZONING_ALIASES, required=["zonage"], source=name)
    data = data[[c for c in _ZONING_ALIASES if c in data.columns]].reset_index(drop=True)
    report = DropReport(source=name)
    unmatched = pd.DataFrame(columns=["row", "code_postal", "libelle_commune", "status", "candidates"])
    neighbours = pd.DataFrame(columns=["code_postal", "libelle_commune", "code_commune"])
    if "code_commune" not in data.columns:
        if not {"code_postal", "libelle_commune"} <= set(data.columns):
            raise MissingColumnError(
                R.zonage_sans_code_commune(source=name, trouvees=describe_values(map(str, raw.columns)))
            )
        codes, unmatched = match_postal_names(data, reference=reference, postal_codes=postal_codes)
        for status, reason in (
            ("unmatched", R.CODE_POSTAL_NOM_SANS_COMMUNE),
            ("ambiguous", R.CODE_POSTAL_NOM_AMBIGU),
        ):
            rows = unmatched[unmatched["status"] == status]
            report.add(reason, len(rows), [f"{c} {n}" for c, n in zip(rows["code_postal"], rows["libelle_commune"])])
        found = codes.attrs.get("neighbour_matches", {})
        neighbours = pd.DataFrame(
            {
                "code_postal": data.loc[list(found), "code_postal"].to_numpy(),
                "libelle_commune": data.loc[list(found), "libelle_commune"].to_numpy(),
                "code_commune": list(found.values()),
            }
        )
        data = data.assign(code_commune=codes)[codes.notna().to_numpy()].reset_index(drop=True)
    parsed = parse_zoning_codes(data["zonage"], source=name)
    data = pd.concat([data.drop(columns="zonage"), parsed], axis=1)
    data = _drop_exact_duplicates(data, report)
    data = data.assign(code_commune=commune_codes(data["code_commune"], source=name))
    main = data[~data["qpv"]]
    qpv = data[data["qpv"]]
    conflicts = main.groupby("code_commune")["zonage"].nunique()
    conflicts = conflicts[conflicts > 1]
    if len(conflicts):
        ex = [f"{c}: {sorted(main.loc[main['code_commune'] == c, 'zonage'].unique())}" for c in conflicts.index[:8]]
        raise InvalidCodeError(R.deux_classes(source=name, exemples=describe_values(ex), n=len(conflicts)))
    # a row with a class wins over an N/A row of the same commune
    main = main.sort_values("zonage", key=lambda s: s.isna(), kind="mergesort").drop_duplicates("code_commune")
    rank = {c: i for i, c in enumerate(ZONING_CLASSES)}
    best_qpv = (
        qpv.assign(_r=qpv["zonage"].map(rank))
        .sort_values("_r")
        .drop_duplicates("code_commune")
        .set_index("code_commune")["zonage"]
    )
    alone = (
        qpv[~qpv["code_commune"].isin(main["code_commune"])]
        .sort_values("zonage", key=lambda s: s.map(rank))
        .drop_duplicates("code_commune")
    )
    table = pd.concat([main, alone]).set_index("code_commune")
    table["qpv"] = table.index.isin(best_qpv.index)
    table["zonage_qpv"] = best_qpv.reindex(table.index).astype(object)
    table = table.drop(columns=[c for c in ("_r",) if c in table.columns])
    table, _ = validate_communes(table, source=name)
    order = [
        c
        for c in ("libelle_commune", "code_postal", "code_tvs", "zonage", "zonage_brut", "qpv", "zonage_qpv")
        if c in table.columns
    ]
    table = keep_known_communes(table[order], known_communes, report)
    table.attrs["not_available"] = table.index[table["zonage"].isna().to_numpy()].tolist()
    table.attrs["unmatched"] = unmatched
    table.attrs["neighbour_matches"] = neighbours
    return finish(table, report, source=name)


@reads_input
def read_tvs(
    path: PathLike,
    *,
    known_communes: Collection[str] | None = None,
    sep: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a TVS (territoire de vie-santé) composition: which TVS each commune belongs to.

    DREES's composition file (``depcom;libcom;tv;libtv;code_reg;...``) is read as is (its
    ``code_reg`` kept as ``code_region``, two characters). A ``drees_category`` column (aliases ``CN``, ``zonage_nat``, ``cadre_national``) with
    DREES's cadre national (``01_Sélection nationale``, ``02_Vivier``, ``ZZ_Hors vivier``)
    is kept (its labels are checked by :func:`access_map.zoning.tvs_membership`).

    Returns
    -------
    pandas.DataFrame
        Index ``code_commune``; columns ``code_tvs``, ``libelle_tvs`` (NaN if absent) and
        ``code_region`` and ``drees_category`` when the file has them.

    Raises
    ------
    InvalidCodeError
        A commune listed in two TVS, or malformed commune codes.
    InvalidValueError
        A TVS with two different labels, or a commune without TVS code.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "tvs.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "code_commune;code_tvs;libelle_tvs\\n33063;33063;Bordeaux\\n33318;33063;Bordeaux\\n")
    >>> read_tvs(p)["code_tvs"].to_dict()
    {'33063': '33063', '33318': '33063'}
    """
    name, data = _read_aliased(path, _TVS_ALIASES, required=["code_commune", "code_tvs"], sep=sep, encoding=encoding)
    refuse_header_only(data, source=name)  # no commune would be zoned, and the shares would be NaN
    if "libelle_tvs" not in data.columns:
        data["libelle_tvs"] = np.nan
    categories = [c for c in ("code_region", "drees_category") if c in data.columns]
    for col in categories:
        data[col] = strip_text(data[col])
    if "code_region" in data.columns:
        data["code_region"] = data["code_region"].map(lambda v: v.zfill(2) if isinstance(v, str) and v.isdigit() else v)
    data["code_tvs"] = strip_text(data["code_tvs"])
    empty = data["code_tvs"].isna() | (data["code_tvs"] == "")
    if empty.any():
        raise InvalidValueError(
            R.communes_sans_tvs(
                source=name, n=int(empty.sum()), codes=describe_values(data.loc[empty, "code_commune"].tolist())
            )
        )
    report = DropReport(source=name)
    data = _drop_exact_duplicates(data, report)
    data = data.assign(code_commune=normalize_insee_codes(data["code_commune"]))
    two = data.groupby("code_commune")["code_tvs"].nunique()
    two = two[two > 1]
    if len(two):
        ex = [
            R.dans_les_tvs(commune=c, tvs=str(sorted(data.loc[data["code_commune"] == c, "code_tvs"])))
            for c in two.index[:8]
        ]
        raise InvalidCodeError(R.communes_dans_deux_tvs(source=name, exemples=describe_values(ex), n=len(two)))
    labels = data.dropna(subset=["libelle_tvs"]).groupby("code_tvs")["libelle_tvs"].nunique()
    labels = labels[labels > 1]
    if len(labels):
        raise InvalidValueError(R.tvs_plusieurs_libelles(source=name, codes=describe_values(labels.index.tolist())))
    table, _ = validate_communes(data.drop_duplicates("code_commune"), source=name)
    table = keep_known_communes(table[["code_tvs", "libelle_tvs", *categories]], known_communes, report)
    return finish(table, report, source=name)


@reads_input
def read_qpv(
    path: PathLike,
    *,
    known_communes: Collection[str] | None = None,
    sep: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read the QPV (quartiers prioritaires de la ville) list: one row per QPV x commune.

    Returns
    -------
    pandas.DataFrame
        ``RangeIndex``; columns ``code_qpv``, ``libelle_qpv``, ``code_commune``,
        ``population`` (float, inhabitants of the QPV part in that commune).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "qpv.csv")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "code_qpv;libelle_qpv;code_commune;population\\nQN03301M;Les Aubiers;33063;3 120\\n")
    >>> read_qpv(p).values.tolist()
    [['QN03301M', 'Les Aubiers', '33063', 3120.0]]
    """
    name, data = _read_aliased(path, _QPV_ALIASES, required=list(_QPV_ALIASES), sep=sep, encoding=encoding)
    data["code_commune"] = commune_codes(data["code_commune"], source=name)
    data["code_qpv"] = strip_text(data["code_qpv"])
    if data["code_qpv"].isna().any():
        raise InvalidValueError(R.qpv_vides(source=name, n=int(data["code_qpv"].isna().sum())))
    data["population"] = to_numeric_column(data, "population", source=name)
    report = DropReport(source=name)
    dup = data.duplicated(["code_qpv", "code_commune"])
    if dup.any():
        conflicting = (
            data[data.duplicated(["code_qpv", "code_commune"], keep=False)]
            .groupby(["code_qpv", "code_commune"])["population"]
            .nunique()
        )
        conflicting = conflicting[conflicting > 1]
        if len(conflicting):
            raise InvalidValueError(
                R.qpv_populations_contradictoires(
                    source=name, paires=describe_values(["/".join(k) for k in conflicting.index])
                )
            )
        report.add(R.QPV_COMMUNE_EN_DOUBLE, int(dup.sum()), data.loc[dup, "code_qpv"].tolist())
        data = data[~dup.to_numpy()]
    data = keep_known_communes(data, known_communes, report, column="code_commune")
    out = data.reset_index(drop=True)
    for col in ("code_qpv", "libelle_qpv", "code_commune"):
        out[col] = out[col].astype(object)
    return finish(out, report, source=name)


@reads_input
def read_zoning_caps(path: PathLike, *, sep: str | None = None, encoding: str | None = None) -> pd.DataFrame:
    """Read regional zoning caps (maximum shares of the regional population in ZIP and in ZAC).

    File format (CSV, ``;`` or ``,``, one row per region)::

        code_region;part_max_zip;part_max_zac
        75;0,25;0.40

    ``part_max_zip`` is the largest share of the region's population in ZIP (zones A + B,
    the national selection included), ``part_max_zac`` the largest share in ZAC, both as
    fractions (``0.25`` for 25 %); aliases ``reg``, ``zip_cap_share``, ``zac_cap_share``.
    The DREES zoning application's layout (sheet ``mg`` of its caps workbook, saved as
    CSV) is read too: ``reg;maxZIP;maxZAC`` with **percentages** (``25`` for 25 %);
    its other columns (``libreg``, ``SN``...) are not used. A region without caps cannot
    be zoned beyond its national selection (:func:`access_map.zoning.national_zoning`
    reports the national selection and the vivier only).

    Returns
    -------
    pandas.DataFrame
        Index ``code_region`` (2-character string); columns ``zip_cap_share``,
        ``zac_cap_share`` (fractions in [0, 1]).

    Raises
    ------
    InvalidValueError
        A share outside [0, 1] (percentages must be written as fractions, or in the
        ``maxZIP``/``maxZAC`` columns) or missing, or both layouts at once.
    InvalidCodeError
        A region listed twice.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "plafonds.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("code_region;part_max_zip;part_max_zac\\n75;0,25;0.40\\n")
    >>> read_zoning_caps(p).to_dict("index")
    {'75': {'zip_cap_share': 0.25, 'zac_cap_share': 0.4}}
    >>> _ = open(p, "w", encoding="utf-8").write("reg;libreg;SN;maxZIP;maxZAC\\n84;ARA;10.2;25;40\\n")
    >>> read_zoning_caps(p).to_dict("index")
    {'84': {'zip_cap_share': 0.25, 'zac_cap_share': 0.4}}
    """
    name, data = _read_aliased(path, _CAPS_ALIASES, required=["code_region"], sep=sep, encoding=encoding)
    fractions = {"part_max_zip", "part_max_zac"} & set(data.columns)
    percents = {"max_zip_percent", "max_zac_percent"} & set(data.columns)
    if fractions and percents:
        raise InvalidValueError(R.plafonds_deux_formats(source=name))
    if percents:
        if percents != {"max_zip_percent", "max_zac_percent"}:
            raise MissingColumnError(R.plafonds_drees_incomplets(source=name))
        for col in ("zip", "zac"):
            data[f"part_max_{col}"] = to_numeric_column(data, f"max_{col}_percent", source=name) / 100.0
    elif fractions != {"part_max_zip", "part_max_zac"}:
        raise MissingColumnError(R.plafonds_colonnes(source=name, trouvees=describe_values(map(str, data.columns))))
    data["code_region"] = (
        data["code_region"]
        .astype(object)
        .map(lambda v: str(v).strip().zfill(2) if isinstance(v, str) and v.strip() else v)
    )
    problems = []
    for col in ("part_max_zip", "part_max_zac"):
        vals = to_numeric_column(data, col, source=name)
        out_of_range = data.loc[(vals < 0) | (vals > 1), "code_region"]
        if len(out_of_range):
            shown = col if not percents else col.replace("part_max_", "max").upper().replace("MAX", "max")
            problems.append(
                R.plafonds_hors_bornes(
                    colonne=repr(shown),
                    valeurs=describe_values(vals[(vals < 0) | (vals > 1)].tolist()),
                    regions=describe_values(out_of_range.tolist()),
                )
            )
        data[col] = vals
    if problems:
        raise InvalidValueError(R.plafonds_invalides(source=name, problemes=problems))
    dup = data["code_region"][data["code_region"].duplicated()]
    if len(dup):
        raise InvalidCodeError(R.regions_en_double(source=name, codes=describe_values(dup.tolist())))
    out = data[["code_region", "part_max_zip", "part_max_zac"]].rename(
        columns={"part_max_zip": "zip_cap_share", "part_max_zac": "zac_cap_share"}
    )
    out = out.set_index("code_region").sort_index()
    out.index = out.index.astype(object)
    return finish(out, DropReport(source=name), source=name)
