"""What is drawn over the communes: MSP and centres de santé, CPTS, TVS, QPV and a previous zoning."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from shapely.geometry import Point

from .constants import REGION_CODE, XSS_CPTS_NAME
from .geometry import _grow_regions
from .names import _of


@dataclass(frozen=True)
class _Layout:
    """What the coordinated-care and zoning draws need about the communes (array order = drawing order)."""

    rng: np.random.Generator
    codes: np.ndarray  # INSEE codes (object)
    names: list[str]
    pop: np.ndarray  # population municipale
    xy: np.ndarray  # chef-lieu coordinates (n, 2), EPSG:2154
    cells: list  # commune polygons
    adj: list[set[int]]  # adjacency between communes
    town_idx: list[int]  # the four towns, largest first
    xss_idx: int  # the commune carrying the HTML/JS test name


def _structures(lay: _Layout, practitioners: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """MSP (603), centres de santé (124) with opening dates 2010-2024; GPs attached to them."""
    rng, codes, names, pop, xy, cells = lay.rng, lay.codes, lay.names, lay.pop, lay.xy, lay.cells
    town_idx, xss_idx = lay.town_idx, lay.xss_idx
    gp = practitioners[practitioners["profession"] == "medecin_generaliste"]
    gp_per_commune = gp[~gp["health_centre"]].groupby("code_commune").size()
    candidates = [
        i
        for i in np.argsort(-pop)
        if codes[i] in gp_per_commune.index and i != xss_idx and gp_per_commune[codes[i]] >= 2
    ]
    msp_idx = sorted(rng.choice(candidates[:80], 24, replace=False).tolist())
    rows: list[dict[str, object]] = []
    seq = 0
    finess_site = pd.Series("", index=practitioners.index, dtype=object)
    for i in msp_idx + sorted({town_idx[0], town_idx[1], town_idx[2]}):
        seq += 1
        is_msp = len(rows) < len(msp_idx)
        cat = "603" if is_msp else "124"
        code = codes[i]
        finess = f"{code[:2]}{'0' if is_msp else '1'}{seq:06d}"
        year = int(rng.integers(2010, 2025))
        date = f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
        nom = f"MSP {_of(names[i])}" if is_msp else f"Centre de santé municipal {_of(names[i])}"
        # a point inside the commune, near its chef-lieu
        for _ in range(50):
            p = xy[i] + rng.normal(0, 250, 2)
            if cells[i].contains(Point(p)):
                break
        else:
            p = xy[i]
        rows.append(
            {
                "finess": finess,
                "nom": nom,
                "code_commune": code,
                "categorie": cat,
                "date_ouverture": date,
                "x": float(np.round(p[0], 1)),
                "y": float(np.round(p[1], 1)),
            }
        )
        members = practitioners.index[
            (practitioners["code_commune"] == code)
            & (practitioners["profession"] == "medecin_generaliste")
            & (practitioners["health_centre"] == (not is_msp))
        ]
        if is_msp:
            members = members[: int(rng.integers(2, 6))]
        finess_site.loc[members] = finess
    practitioners = practitioners.assign(finess_site=finess_site)
    return pd.DataFrame(rows), practitioners


def _tvs(lay: _Layout) -> pd.DataFrame:
    """42 contiguous TVS grown on the adjacency graph from poles (the towns, then large communes 9 km apart)."""
    codes, names, pop, xy = lay.codes, lay.names, lay.pop, lay.xy
    adj, town_idx, xss_idx = lay.adj, lay.town_idx, lay.xss_idx
    n_tvs = 42
    order = [i for i in np.argsort(-pop) if i != xss_idx]
    seeds: list[int] = []
    for i in town_idx + order:  # poles: largest communes, spaced at least 9 km apart
        if i in seeds:
            continue
        if all(np.hypot(*(xy[i] - xy[s])) > 9_000 for s in seeds) or i in town_idx:
            seeds.append(int(i))
        if len(seeds) == n_tvs:
            break
    label = _grow_regions(seeds, xy, adj)
    return pd.DataFrame(
        {"code_tvs": [codes[seeds[k]] for k in label], "libelle_tvs": [names[seeds[k]] for k in label]},
        index=pd.Index(codes, name="code_commune"),
    )


def _cpts(lay: _Layout) -> pd.DataFrame:
    """Eight CPTS: five signed, two projects, one pre-project; one overlap; some uncovered communes."""
    rng, codes, names, pop, xy = lay.rng, lay.codes, lay.names, lay.pop, lay.xy
    town_idx, xss_idx = lay.town_idx, lay.xss_idx
    spec = [  # (pole, statut, signature year, radius km)
        (town_idx[0], "contrat ACI signé", 2019, 14),
        (town_idx[1], "contrat ACI signé", 2021, 15),
        (town_idx[2], "contrat ACI signé", 2022, 14),
        (town_idx[3], "contrat ACI signé", 2023, 13),
        (None, "contrat ACI signé", 2024, 14),
        (None, "projet", None, 13),
        (None, "projet", None, 14),
        (None, "pré-projet", None, 12),
    ]
    used = list(town_idx)
    poles = []
    for pole, *_ in spec:
        if pole is None:
            cands = [
                i for i in np.argsort(-pop) if i != xss_idx and all(np.hypot(*(xy[i] - xy[u])) > 24_000 for u in used)
            ]
            pole = int(cands[0])
            used.append(pole)
        poles.append(int(pole))
    rows = []
    first = set(np.flatnonzero(np.hypot(*(xy - xy[poles[0]]).T) <= spec[0][3] * 1_000).tolist())
    for k, ((_, statut, year, radius), pole) in enumerate(zip(spec, poles), start=1):
        d = np.hypot(*(xy - xy[pole]).T)
        members = set(np.flatnonzero(d <= radius * 1_000).tolist())
        if k == 6:  # overlap: this project also claims the 5 communes of CPTS 1 nearest to its pole
            members |= set(sorted(first - members, key=lambda i: d[i])[:5])
        nom = f"CPTS du Pays {_of(names[pole])}"
        if k == 7:
            nom = XSS_CPTS_NAME
        date = "" if year is None else f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
        for i in sorted(members, key=lambda i: codes[i]):
            rows.append(
                {
                    "id_cpts": f"CPTS{REGION_CODE}{k:03d}",
                    "nom_cpts": nom,
                    "statut": statut,
                    "date_signature": date,
                    "code_commune": codes[i],
                }
            )
    return pd.DataFrame(rows)


_QPV_NAMES = ["des Tilleuls", "du Levant", "des Hauts-Prés", "de la Gare", "du Port"]


def _qpv(lay: _Layout) -> pd.DataFrame:
    """Five QPV in the three largest towns."""
    rng, codes, town_idx = lay.rng, lay.codes, lay.town_idx
    rows = []
    k = 0
    for t, n in zip(town_idx[:3], (3, 1, 1)):
        for _j in range(n):
            k += 1
            rows.append(
                {
                    "code_qpv": f"QP0{codes[t][:2]}{k:03d}",
                    "libelle_qpv": f"Quartier {_QPV_NAMES[k - 1]}",
                    "code_commune": codes[t],
                    "population": int(rng.integers(1_500, 6_500)),
                }
            )
    return pd.DataFrame(rows)


def _previous_zoning(lay: _Layout, practitioners: pd.DataFrame, tvs: pd.DataFrame) -> pd.DataFrame:
    """A plausible earlier zoning: TVS ranked by a noisy GP density of their 15 km neighbourhood."""
    rng, codes, pop, xy = lay.rng, lay.codes, lay.pop, lay.xy
    gp = practitioners[(practitioners["profession"] == "medecin_generaliste") & (practitioners["age"] <= 65)]
    gp_count = gp.groupby("code_commune")["share"].sum().reindex(codes).fillna(0).to_numpy()
    tree = cKDTree(xy)
    neigh = tree.query_ball_point(xy, 15_000)
    density = np.array([gp_count[n].sum() / max(pop[n].sum(), 1) * 1e5 for n in neigh])
    frame = pd.DataFrame({"code_tvs": tvs.loc[codes, "code_tvs"].to_numpy(), "density": density, "pop": pop})
    per_tvs = frame.groupby("code_tvs").apply(  # type: ignore[call-overload]  # include_groups: pandas >= 2.2
        lambda g: np.average(g["density"], weights=g["pop"]), include_groups=False
    )
    per_tvs = per_tvs * np.exp(rng.normal(0, 0.25, len(per_tvs)))  # an older, different picture
    tvs_pop = frame.groupby("code_tvs")["pop"].sum()
    ranked = per_tvs.sort_values().index
    cum = tvs_pop.loc[ranked].cumsum() / tvs_pop.sum()
    cls = pd.Series(np.select([cum <= 0.22, cum <= 0.50, cum <= 0.66], ["ZIP", "ZAC", "ZV"], "HV"), index=ranked)
    return pd.DataFrame({"zonage": frame["code_tvs"].map(cls).to_numpy()}, index=pd.Index(codes, name="code_commune"))
