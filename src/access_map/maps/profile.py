"""The commune profile shown in the click popup of every map, built from a refresh's outputs.

:func:`commune_profile` is a pure function: tables in, one row per commune out — population, every
APL variant, the TVS and its APL, the zoning class now and before, the CPTS, and the nearest MSP
with its travel time. :func:`profile_popup_rows` lists the rows of the popup in French.

Examples
--------
>>> import pandas as pd
>>> communes = pd.DataFrame({"nom": ["Aval", "Bourg"], "population": [1200.0, 300.0]},
...                         index=pd.Index(["01001", "01002"], name="code_commune"))
>>> msp = pd.DataFrame({"nom": ["MSP du Val"], "code_commune": ["01001"], "categorie": ["603"]})
>>> times = pd.DataFrame({"origin": ["01002"], "destination": ["01001"], "minutes": [7.4]})
>>> p = commune_profile(communes, msp=msp, times=times)
>>> p.loc["01002", "msp_proche"], float(p.loc["01002", "msp_minutes"])
('MSP du Val (Aval)', 7.4)
>>> float(p.loc["01001", "msp_minutes"])
0.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validate import require_columns
from ..errors import InvalidValueError
from ..messages import maps as msg
from ..messages import maps_checks as chk
from ..schema import DREES_ZONING_CODES
from .meta import PROFESSION_NAMES, ValueLabel, apl_decimals
from .styles import DECIMALS, cpts_size_class, zoning_label
from .territory_layer import PopupRow
from .views import format_date

__all__ = ["commune_profile", "profile_popup_rows", "nearest_msp", "apl_columns", "tvs_apl_column", "CATEGORY_COLUMN"]

#: Column of a profile holding the national category of the commune's TVS (French label).
CATEGORY_COLUMN = "categorie"


def tvs_apl_column(max_age: int | None) -> str:
    """Profile column of the APL of the commune's TVS, named after its variant (``tvs__apl_65``, ``tvs__apl``).

    The column says which APL it holds, as the ``{profession}__{variant}`` columns do: the popup
    derives its label from it (a zoning run on the all-ages APL is never labelled « ≤ 65 ans »).

    Examples
    --------
    >>> tvs_apl_column(65), tvs_apl_column(None), tvs_apl_column(0)
    ('tvs__apl_65', 'tvs__apl', 'tvs__apl')
    """
    return "tvs__apl" if not max_age else f"tvs__apl_{max_age}"


def _tvs_apl_columns(profile: pd.DataFrame) -> list[tuple[str, ValueLabel]]:
    out = []
    for col in profile.columns:
        name = str(col)
        if name.startswith("tvs__apl"):
            out.append((name, ValueLabel.from_variant("medecin_generaliste", name.removeprefix("tvs__"), level="tvs")))
        elif name == "tvs_apl":  # older profiles: the zoning's APL, GPs aged 65 or less
            out.append((name, ValueLabel("medecin_generaliste", 65, "tvs")))
    return out


def _codes(index: pd.Index) -> pd.Index:
    return pd.Index([str(c) for c in index], name="code_commune")


def _zoning_text(values: pd.Series) -> pd.Series:
    def one(v: object) -> object:
        if not isinstance(v, str) or not v:
            return np.nan
        code = DREES_ZONING_CODES.get(v, v)
        return zoning_label(code)

    return values.map(one)


def nearest_msp(msp: pd.DataFrame, times: pd.DataFrame, communes: pd.Index, *, names: pd.Series) -> pd.DataFrame:
    """Nearest MSP (FINESS 603) of each commune within the travel-time table: ``msp_proche``, ``msp_minutes``.

    A commune hosting an MSP is at 0 minute; a commune with no MSP within the table's reach gets
    NaN (the popup says « aucune dans le rayon calculé »).

    Examples
    --------
    >>> import pandas as pd
    >>> msp = pd.DataFrame({"nom": ["B", "A"], "code_commune": ["x", "x"], "categorie": ["603", "603"]})
    >>> t = pd.DataFrame({"origin": ["y", "z"], "destination": ["x", "y"], "minutes": [3.0, 1.0]})
    >>> nearest_msp(msp, t, pd.Index(["x", "y", "z"]), names=pd.Series({"x": "Ville"})).to_dict("list")
    {'msp_proche': ['A (Ville)', 'A (Ville)', nan], 'msp_minutes': [0.0, 3.0, nan]}
    """
    require_columns(msp, ["nom", "code_commune"], source="msp")
    require_columns(times, ["origin", "destination", "minutes"], source="times")
    kept = msp
    if "categorie" in msp.columns:
        kept = msp[msp["categorie"].astype(str).str.strip().str.removesuffix(".0") == "603"]
    host = kept.assign(code_commune=kept["code_commune"].astype(str)).sort_values(["code_commune", "nom"])
    first = host.drop_duplicates("code_commune").set_index("code_commune")["nom"].astype(str)
    pairs = times[["origin", "destination", "minutes"]].astype({"origin": str, "destination": str})
    pairs = pairs[pairs["destination"].isin(first.index)]
    self_pairs = pd.DataFrame({"origin": first.index, "destination": first.index, "minutes": 0.0})
    pairs = pd.concat([pairs, self_pairs], ignore_index=True).sort_values(["origin", "minutes", "destination"])
    best = pairs.drop_duplicates("origin").set_index("origin")
    label = first.reindex(best["destination"]).to_numpy(dtype=object)
    where = names.reindex(best["destination"]).to_numpy(dtype=object)
    text = [f"{a} ({b})" if isinstance(b, str) and b else str(a) for a, b in zip(label, where)]
    out = pd.DataFrame({"msp_proche": text, "msp_minutes": best["minutes"].to_numpy(dtype=float)}, index=best.index)
    return out.reindex(communes)


def _cpts_text(cpts: pd.DataFrame, population: pd.Series) -> pd.Series:
    """Per commune: « CPTS du Val (contrat ACI signé le 12/03/2021, taille 2) », joined by « ; » on overlaps."""
    require_columns(cpts, ["nom_cpts", "code_commune"], source="cpts")
    table = cpts.assign(code_commune=cpts["code_commune"].astype(str))
    key = "id_cpts" if "id_cpts" in table.columns else "nom_cpts"
    covered = table.drop_duplicates([key, "code_commune"])
    pop = covered["code_commune"].map(population).groupby(covered[key]).sum(min_count=1)
    texts = {}
    for cid, grp in covered.groupby(key, sort=True):
        first = grp.iloc[0]
        details = []
        if "statut" in grp.columns and isinstance(first["statut"], str):
            signed = format_date(first.get("date_signature"))
            details.append(first["statut"] + (f" le {signed}" if signed != "—" else ""))
        if np.isfinite(pop.get(cid, np.nan)):
            details.append(cpts_size_class(float(pop[cid])))
        texts[cid] = f"{first['nom_cpts']}" + (f" ({', '.join(details)})" if details else "")
    labelled = covered.assign(_text=covered[key].map(texts)).sort_values("_text")
    return labelled.groupby("code_commune")["_text"].agg(lambda s: " ; ".join(map(str, s)))


def apl_columns(apl: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(column, profession, variant) of the APL columns of a refresh table (``{profession}__{variant}``).

    Examples
    --------
    >>> import pandas as pd
    >>> apl_columns(pd.DataFrame(columns=["sage_femme__apl", "sage_femme__demande", "x"]))
    [('sage_femme__apl', 'sage_femme', 'apl')]
    """
    out = []
    for col in apl.columns:
        prof, sep, variant = str(col).partition("__")
        if sep and prof in PROFESSION_NAMES and (variant == "apl" or variant.startswith("apl_")):
            out.append((str(col), prof, variant))
    return out


def commune_profile(
    communes: pd.DataFrame,
    *,
    apl: pd.DataFrame | None = None,
    zoning: pd.DataFrame | None = None,
    previous_zoning: pd.Series | None = None,
    cpts: pd.DataFrame | None = None,
    msp: pd.DataFrame | None = None,
    times: pd.DataFrame | None = None,
    zoning_max_age: int | None = 65,
) -> pd.DataFrame:
    """One row per commune with everything the popup shows (inputs are not modified).

    Parameters
    ----------
    communes
        Indexed by ``code_commune``: ``nom``, ``population``.
    apl
        The refresh's APL table (columns ``{profession}__{variant}``); kept as they are.
    zoning
        ``ZoningResult.communes``: ``code_tvs``, ``libelle_tvs``, ``tvs_apl``, ``zonage``.
    previous_zoning
        Class of the zoning in force before, per commune (classes or DREES codes).
    cpts
        Long CPTS table (``nom_cpts``, ``code_commune``): the CPTS of each commune, joined by « ; »
        when perimeters overlap.
    msp, times
        MSP points (``nom``, ``code_commune``, ``categorie``) and the travel-time table: the
        nearest MSP and its time (:func:`nearest_msp`).
    zoning_max_age
        Practitioner age cap of the APL the zoning used (``None``: all ages): names the column of
        the TVS APL (:func:`tvs_apl_column`).

    Returns
    -------
    pd.DataFrame
        Index ``code_commune``; columns ``nom``, ``population``, the APL columns, ``tvs``
        (« libellé (code) »), ``tvs__apl_65`` (or ``tvs__apl``), ``zonage``, ``zonage_precedent``
        (French labels), ``cpts``, ``msp_proche``, ``msp_minutes`` — those whose input was given.
    """
    require_columns(communes, ["nom", "population"], source="communes")
    codes = _codes(communes.index)
    out = pd.DataFrame(
        {"nom": communes["nom"].to_numpy(dtype=object), "population": communes["population"].to_numpy(dtype=float)},
        index=codes,
    )
    if apl is not None:
        table = apl.copy()
        table.index = _codes(table.index)
        for col, _, _ in apl_columns(table):
            out[col] = table[col].reindex(codes).to_numpy(dtype=float)
    if zoning is not None:
        z = zoning.copy()
        z.index = _codes(z.index)
        z = z.reindex(codes)
        if "code_tvs" in z.columns:
            label = z["libelle_tvs"] if "libelle_tvs" in z.columns else pd.Series("", index=codes)
            out["tvs"] = [
                (f"{lab} ({c})" if isinstance(lab, str) and lab else str(c)) if isinstance(c, str) else np.nan
                for c, lab in zip(z["code_tvs"], label)
            ]
        if "tvs_apl" in z.columns:
            out[tvs_apl_column(zoning_max_age)] = z["tvs_apl"].to_numpy(dtype=float)
        if "zonage" in z.columns:
            out["zonage"] = _zoning_text(z["zonage"]).to_numpy(dtype=object)
    if previous_zoning is not None:
        prev = previous_zoning.copy()
        prev.index = _codes(prev.index)
        out["zonage_precedent"] = _zoning_text(prev.reindex(codes)).to_numpy(dtype=object)
    if cpts is not None:
        out["cpts"] = (
            _cpts_text(cpts, out["population"]).reindex(codes).fillna("aucune (zone blanche)").to_numpy(dtype=object)
        )
    if msp is not None and times is not None:
        near = nearest_msp(msp, times, codes, names=out["nom"])
        out["msp_proche"] = near["msp_proche"].to_numpy(dtype=object)
        out["msp_minutes"] = near["msp_minutes"].to_numpy(dtype=float)
    elif msp is not None or times is not None:
        raise InvalidValueError(chk.NEAREST_MSP_NEEDS)
    return out


def profile_popup_rows(profile: pd.DataFrame, *, professions: Sequence[str] | None = None) -> list[PopupRow]:
    """The popup rows of a profile, in French: population, APL variants, TVS, zoning, CPTS, nearest MSP.

    Every label comes from the column it shows (:class:`~access_map.maps.meta.ValueLabel`).
    ``professions`` limits the APL rows (default: every profession in the profile).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame(columns=["nom", "population", "medecin_generaliste__apl", "medecin_generaliste__apl_65",
    ...                           "tvs__apl"])
    >>> [r.label for r in profile_popup_rows(p)]
    ['Population', 'APL médecins généralistes, tous âges', 'APL médecins généralistes, ≤ 65 ans', 'APL tous âges du TVS']
    """
    text = msg.POPUP
    rows = [PopupRow(text["population"], "population", decimals=DECIMALS["population"], unit="hab.")]
    for col, prof, variant in apl_columns(profile):
        if professions is not None and prof not in professions:
            continue
        rows.append(PopupRow(ValueLabel.from_variant(prof, variant).popup, col, decimals=apl_decimals(prof)))
    if "tvs" in profile.columns:
        rows.append(PopupRow(text["tvs"], "tvs"))
    for col, label in _tvs_apl_columns(profile):
        rows.append(PopupRow(label.popup, col, decimals=DECIMALS["apl_medecin"]))
    for col in (CATEGORY_COLUMN, "zonage", "zonage_precedent", "zonage_publie", "plm", "cpts"):
        if col in profile.columns:
            rows.append(PopupRow(text[{CATEGORY_COLUMN: "category"}.get(col, col)], col, optional=col == "plm"))
    if "msp_proche" in profile.columns:
        rows.append(PopupRow(text["msp_proche"], "msp_proche", missing=text["msp_missing"]))
        rows.append(PopupRow(text["msp_minutes"], "msp_minutes", decimals=DECIMALS["minutes"], unit="min", missing="—"))
    return rows
