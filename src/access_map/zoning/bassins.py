"""TVS proxy from the INSEE table d'appartenance: bassins de vie split by canton-ville in their large towns.

The territoires de vie-santé (TVS) of the GP zoning are built from the INSEE bassins de vie
(2012), split into smaller units above 50,000 inhabitants, with the arrondissements of
Paris, Lyon and Marseille on their own (arrêté of 13 November 2017). When the official TVS
composition (DREES) is not at hand, :func:`tvs_from_bassins_de_vie` builds the documented
proxy:

* every commune goes to its bassin de vie (``code_bassin_vie``, BV2012);
* a bassin whose population is **above** ``threshold_population`` (default 50,000: the
  units closest to the published bassin-de-vie / canton-ville list) is split by
  canton-ville: one TVS per (bassin, canton-ville) pair (``"01053-0199"``); a bassin with
  a single canton-ville stays whole;
* the municipal arrondissements of Paris (``751xx``), Lyon (``6938x``) and Marseille
  (``132xx``), which the DREES APL lists and the table d'appartenance does not (it has
  ``75056``, ``69123``, ``13055``), are each a TVS of their own; their population counts in
  their city's bassin for the threshold;
* a commune missing from the table (another COG vintage) is followed through the COG
  events (``movements=``, :func:`access_map.cog.read_cog_movements`) to a commune of the
  table; failing that it is a TVS of its own, and counted as unmatched.

Everything done is reported in ``attrs`` (counts per kind of TVS, split bassins, remapped
and unmatched communes) and unmatched communes are warned about.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .._validate import require_columns
from ..communes import PLM_CITIES, plm_city
from ..errors import InvalidValueError
from ..messages import zoning as msg

__all__ = ["PLM_CITIES", "tvs_from_bassins_de_vie", "appartenance_codes", "regions_from_appartenance"]

_plm_city = plm_city  # PLM_CITIES and plm_city live in the commune reference (access_map.communes)


def _arrondissement_label(code: str, city: str) -> str:
    n = int(code[-1]) if city == "Lyon" else int(code[-2:])
    return f"{city} {n}{'er' if n == 1 else 'e'} arrondissement"


def _texts(values: pd.Index | Sequence[Any]) -> list[str]:
    """Codes as Python strings, read in one call (iterating an Arrow-backed index goes value by value)."""
    return [str(v) for v in (values.tolist() if isinstance(values, pd.Index) else values)]


def _mapping(values: pd.Series) -> dict[Any, Any]:
    """``values.to_dict()`` read in one call (``Series.to_dict`` iterates an Arrow-backed column value by value)."""
    return dict(zip(values.index.tolist(), values.tolist()))


def appartenance_codes(
    codes: pd.Index | list[str], table: pd.DataFrame, *, movements: pd.DataFrame | None = None
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Commune of the table d'appartenance standing for each code.

    Returns ``(mapping, how, unmatched)``: ``mapping[code]`` is the table's commune
    (itself; the city for a PLM arrondissement; the commune reached through the COG
    events ``movements``), ``how[code]`` says which (``same``, ``arrondissement``, ``cog``)
    and ``unmatched`` lists the codes with no commune in the table.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"code_bassin_vie": ["85084", "75056"]}, index=pd.Index(["85084", "75056"]))
    >>> mvt = pd.DataFrame({"typecom_av": ["COM"], "com_av": ["85084"], "typecom_ap": ["COM"], "com_ap": ["85165"]})
    >>> appartenance_codes(["85165", "75105", "99999"], t, movements=mvt)
    ({'85165': '85084', '75105': '75056'}, {'85165': 'cog', '75105': 'arrondissement'}, ['99999'])
    """
    known = set(_texts(table.index))
    links: dict[str, set[str]] = {}
    if movements is not None:
        require_columns(movements, ["com_av", "com_ap"], source=msg.MOUVEMENTS_DU_COG)
        coms = movements
        if "typecom_av" in movements.columns and "typecom_ap" in movements.columns:
            coms = movements[
                movements["typecom_av"].isin(["COM", "ARM"]) & movements["typecom_ap"].isin(["COM", "ARM"])
            ]
        for a, b in zip(coms["com_av"].astype(str).tolist(), coms["com_ap"].astype(str).tolist()):
            if a != b:
                links.setdefault(a, set()).add(b)
                links.setdefault(b, set()).add(a)
    mapping: dict[str, str] = {}
    how: dict[str, str] = {}
    unmatched: list[str] = []
    for code in _texts(codes):
        if code in known:
            mapping[code], how[code] = code, "same"
            continue
        city = _plm_city(code)
        if city is not None and city[0] in known:
            mapping[code], how[code] = city[0], "arrondissement"
            continue
        found = _follow(code, links, known)
        if found is not None:
            mapping[code], how[code] = found, "cog"
        else:
            unmatched.append(code)
    return mapping, how, unmatched


def _follow(code: str, links: Mapping[str, set[str]], known: set[str], *, depth: int = 4) -> str | None:
    """Nearest commune of ``known`` through the COG events (breadth first, lowest code on ties)."""
    frontier = {code}
    seen = {code}
    for _ in range(depth):
        nxt = {b for a in frontier for b in links.get(a, set())} - seen
        hits = sorted(nxt & known)
        if hits:
            return hits[0]
        seen |= nxt
        frontier = nxt
        if not frontier:
            return None
    return None


def tvs_from_bassins_de_vie(
    appartenance: pd.DataFrame,
    *,
    population: pd.Series,
    threshold_population: float = 50_000,
    movements: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """TVS composition proxy: bassins de vie, split by canton-ville above ``threshold_population``.

    Parameters
    ----------
    appartenance
        The INSEE table d'appartenance (:func:`access_map.readers.appartenance.read_appartenance`):
        index ``code_commune``, columns ``code_bassin_vie``, ``code_canton_ville`` and ``nom``.
    population
        Residents per commune of the zoning (index: the commune codes to place, e.g. the
        DREES APL workbook's, arrondissements included).
    threshold_population
        A bassin de vie with more inhabitants than this is split by canton-ville.
    movements
        Optional COG events to place communes of another vintage.

    Returns
    -------
    pandas.DataFrame
        Index ``code_commune`` (the communes of ``population``); columns ``code_tvs``,
        ``libelle_tvs``, ``code_bassin_vie``, ``kind`` (``bassin_vie``, ``bassin_vie_canton_ville``,
        ``arrondissement``, ``unmatched``). ``attrs``: ``kinds`` (TVS per kind),
        ``split_bassins``, ``remapped`` (code → table commune), ``unmatched``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"code_bassin_vie": ["01053", "01053", "01053", "75056"],
    ...                   "code_canton_ville": ["0199", "0198", "0198", "75ZZ"],
    ...                   "nom": ["Bourg-en-Bresse", "Péronnas", "Viriat", "Paris"]},
    ...                  index=pd.Index(["01053", "01289", "01451", "75056"], name="code_commune"))
    >>> pop = pd.Series({"01053": 41000.0, "01289": 6000.0, "01451": 6000.0, "75101": 16000.0})
    >>> tvs_from_bassins_de_vie(t, population=pop)["code_tvs"].to_dict()
    {'01053': '01053-0199', '01289': '01053-0198', '01451': '01053-0198', '75101': '75101'}
    >>> tvs_from_bassins_de_vie(t, population=pop, threshold_population=60_000)["code_tvs"].nunique()
    2
    """
    require_columns(appartenance, ["code_bassin_vie", "code_canton_ville"], source=msg.SOURCE_APPARTENANCE)
    if not threshold_population >= 0:
        raise InvalidValueError(msg.seuil_de_population_invalide(value=threshold_population))
    codes = pd.Index(_texts(population.index))
    if codes.duplicated().any():
        raise InvalidValueError(msg.codes_en_double(name=msg.POPULATION, codes=codes[codes.duplicated()].tolist()))
    pop = pd.Series(population.to_numpy(dtype=float), index=codes)
    mapping, how, unmatched = appartenance_codes(codes, appartenance, movements=movements)
    names = _mapping(appartenance["nom"].astype(str)) if "nom" in appartenance.columns else {}
    bv_of = _mapping(appartenance["code_bassin_vie"].astype(str))
    cv_of = _mapping(appartenance["code_canton_ville"].astype(str))
    code_list = codes.tolist()
    bv_list: list[str | None] = []
    cv_list: list[str | None] = []
    for c in code_list:
        m = mapping.get(c)
        bv = bv_of.get(m) if m is not None else None
        bv_list.append(None if bv in (None, "", "ZZZZZ", "nan") else bv)
        cv_list.append(cv_of.get(m) if m is not None else None)
    plm = [_plm_city(c) if how.get(c) == "arrondissement" else None for c in code_list]
    frame = pd.DataFrame({"bv": bv_list, "cv": cv_list, "population": pop.to_numpy()}, index=codes)
    bv_pop = _mapping(frame.groupby("bv")["population"].sum())
    inner = frame[[p is None for p in plm]]
    cv_count = _mapping(inner.groupby("bv")["cv"].nunique())
    split = sorted(str(b) for b, n in cv_count.items() if bv_pop[b] > threshold_population and n > 1)
    split_set = set(split)
    code_tvs, label, kind = [], [], []
    for c, bv, cv, city in zip(code_list, bv_list, cv_list, plm):
        if city is not None:
            code_tvs.append(c)
            label.append(_arrondissement_label(c, city[1]))
            kind.append("arrondissement")
        elif bv is None:
            code_tvs.append(c)
            label.append(f"commune {names.get(c, c)}")
            kind.append("unmatched")
        elif bv in split_set:
            code_tvs.append(f"{bv}-{cv}")
            label.append(f"{names.get(bv, bv)} (canton-ville {cv})")
            kind.append("bassin_vie_canton_ville")
        else:
            code_tvs.append(bv)
            label.append(names.get(bv, bv))
            kind.append("bassin_vie")
    no_bv = [c for c, k in zip(code_list, kind) if k == "unmatched"]
    out = pd.DataFrame(
        {"code_tvs": code_tvs, "libelle_tvs": label, "code_bassin_vie": bv_list, "kind": kind},
        index=pd.Index(codes, name="code_commune", dtype=object),
    )
    tvs_kind = out.drop_duplicates("code_tvs")["kind"].value_counts()
    out.attrs["kinds"] = {str(k): int(v) for k, v in tvs_kind.items()}
    out.attrs["split_bassins"] = split
    out.attrs["remapped"] = {c: m for c, m in mapping.items() if how[c] == "cog"}
    out.attrs["unmatched"] = sorted(set(unmatched) | set(no_bv))
    out.attrs["threshold_population"] = float(threshold_population)
    if out.attrs["unmatched"]:
        from ..messages.atlas import tvs_proxy_unmatched

        warnings.warn(tvs_proxy_unmatched(codes=out.attrs["unmatched"]), UserWarning, stacklevel=2)
    return out


def regions_from_appartenance(
    codes: pd.Index | list[str], appartenance: pd.DataFrame, *, movements: pd.DataFrame | None = None
) -> pd.Series:
    """Region of each commune code from the table d'appartenance (arrondissements and COG changes followed).

    A code the table does not know gets the region of its department (the table's
    department → region pairs); NaN if even that is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"code_region": ["11", "84"], "code_departement": ["75", "01"]},
    ...                  index=pd.Index(["75056", "01001"]))
    >>> regions_from_appartenance(["75105", "01999", "2A004"], t).tolist()
    ['11', '84', nan]
    """
    require_columns(appartenance, ["code_region", "code_departement"], source=msg.SOURCE_APPARTENANCE)
    mapping, _, unmatched = appartenance_codes(codes, appartenance, movements=movements)
    reg = _mapping(appartenance["code_region"].astype(str))
    dep_reg = appartenance.drop_duplicates("code_departement").set_index("code_departement")["code_region"].to_dict()
    out: list[object] = []
    for code in _texts(codes):
        if code in mapping:
            out.append(reg[mapping[code]])
        else:
            dep = code[:3] if code.startswith("97") else code[:2]
            out.append(dep_reg.get(dep, float("nan")))
    return pd.Series(out, index=pd.Index(_texts(codes), name="code_commune"), name="code_region", dtype=object)
