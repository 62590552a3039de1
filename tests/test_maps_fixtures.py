"""Small synthetic territories for the map tests (no test here; imported by test_maps*.py / test_browser*.py).

* :func:`grid_territory`: a 6×6 grid of 5 km squares in EPSG:2154 with names (two hostile ones),
  populations, APL values (two missing), a zoning, two CPTS and five MSP.
* :func:`wiggly_grid`: an ``nx × ny`` coverage of cells whose shared edges are jittered polylines
  (identical vertices on both sides, like real commune borders), for simplification/size tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, Polygon, box

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_TEMPLATE = "${window.__xss=1}`"
#: Jinja2 syntax in a name: must be shown literally, never evaluated by folium/branca ("49").
JINJA_PAYLOAD = "{{7*7}} {% if 1 %}oui{% endif %} {# note #}"
X0, Y0, SIDE = 800_000.0, 6_500_000.0, 5_000.0


@dataclass(frozen=True)
class Territory:
    communes: gpd.GeoDataFrame
    apl: pd.Series
    zonage: pd.Series
    cpts: pd.DataFrame
    msp: gpd.GeoDataFrame


def grid_territory(n: int = 6) -> Territory:
    codes = [f"99{i + 1:03d}" for i in range(n * n)]
    geoms = [
        box(X0 + (i % n) * SIDE, Y0 + (i // n) * SIDE, X0 + (i % n + 1) * SIDE, Y0 + (i // n + 1) * SIDE)
        for i in range(n * n)
    ]
    names = [f"Commune {i + 1}" for i in range(n * n)]
    names[0] = XSS_SCRIPT
    names[1] = XSS_IMG
    names[2] = XSS_TEMPLATE
    population = [1000.0 * (i + 1) for i in range(n * n)]  # 1 000, 2 000, ..., 36 000
    communes = gpd.GeoDataFrame(
        {"nom": names, "code_departement": "99", "code_region": "99", "population": population},
        geometry=geoms,
        index=pd.Index(codes, name="code_commune"),
        crs=2154,
    )
    # APL: 0.5, 0.7, ..., cycling 0.5..6.5; communes 4 and 5 have no value
    apl = pd.Series([0.5 + (i % 13) * 0.5 for i in range(n * n)], index=codes, name="apl")
    apl = apl.drop([codes[4], codes[5]])
    zonage = pd.Series(
        ["ZIP" if v <= 2.5 else "ZAC" if v <= 3.5 else "ZV" if v <= 4 else "HV" for v in apl], index=apl.index
    ).drop(codes[6])
    cpts = pd.DataFrame(
        {
            "id_cpts": ["C1"] * 9 + ["C2"] * 6,
            "nom_cpts": [XSS_IMG + " CPTS du Nord"] * 9 + [XSS_TEMPLATE + " CPTS du Sud"] * 6,
            "statut": ["contrat ACI signé"] * 9 + ["projet"] * 6,
            "date_signature": [pd.Timestamp("2021-03-12")] * 9 + [pd.NaT] * 6,
            # C1 = 3x3 block at the bottom-left corner, C2 = cells 12..17 (third row)
            "code_commune": [codes[r * n + c] for r in range(3) for c in range(3)] + codes[3 * n : 4 * n],
        }
    )
    msp = gpd.GeoDataFrame(
        {
            "finess": [f"99000000{i}" for i in range(5)],
            "nom": [XSS_SCRIPT, XSS_TEMPLATE, "MSP des Tilleuls", "Centre de santé du Port", "MSP l'Étang"],
            "code_commune": codes[:5],
            "categorie": ["603", "603", "603", "124", "603"],
            "date_ouverture": pd.to_datetime(["2015-01-05", "2018-06-30", "2019-05-02", "2020-11-15", None]),
        },
        geometry=[Point(X0 + 2500 + 900 * i, Y0 + 2500 + 700 * i) for i in range(5)],
        crs=2154,
    )
    return Territory(communes=communes, apl=apl, zonage=zonage, cpts=cpts, msp=msp)


def wiggly_grid(
    nx: int, ny: int, *, cell_m: float = 2000.0, points_per_edge: int = 20, seed: int = 0
) -> gpd.GeoDataFrame:
    """Cells sharing jittered edges: lattice of (nx*p+1) x (ny*p+1) points, interior points jittered."""
    rng = np.random.default_rng(seed)
    p = points_per_edge
    step = cell_m / p
    xs = X0 + np.arange(nx * p + 1) * step
    ys = Y0 + np.arange(ny * p + 1) * step
    gx, gy = np.meshgrid(xs, ys)  # shape (ny*p+1, nx*p+1)
    jitter = rng.uniform(-0.3 * step, 0.3 * step, size=(2,) + gx.shape)
    gx = gx + jitter[0]
    gy = gy + jitter[1]
    # keep the outer frame straight so the union is a rectangle
    gx[:, 0], gx[:, -1], gy[0, :], gy[-1, :] = xs[0], xs[-1], ys[0], ys[-1]
    polys = []
    codes = []
    for j in range(ny):
        for i in range(nx):
            r0, c0 = j * p, i * p
            ring = (
                [(gx[r0, c0 + k], gy[r0, c0 + k]) for k in range(p)]
                + [(gx[r0 + k, c0 + p], gy[r0 + k, c0 + p]) for k in range(p)]
                + [(gx[r0 + p, c0 + p - k], gy[r0 + p, c0 + p - k]) for k in range(p)]
                + [(gx[r0 + p - k, c0], gy[r0 + p - k, c0]) for k in range(p)]
            )
            polys.append(Polygon(ring))
            codes.append(f"{j * nx + i:05d}")
    return gpd.GeoDataFrame(
        {"nom": [f"Commune {c}" for c in codes]}, geometry=polys, index=pd.Index(codes, name="code_commune"), crs=2154
    )


def hostile_demo_files(directory, commune_names, cpts_prefix: str) -> dict[str, str]:
    """Refresh inputs from the demo's files, with the first communes renamed ``commune_names`` and every CPTS
    name prefixed with ``cpts_prefix``; returns the ``[sources]`` of a refresh configuration."""
    from access_map.datasets.demo import DEMO_FILES, demo_directory
    from access_map.readers.ign import read_admin_express

    demo_dir = demo_directory()
    communes = read_admin_express(demo_dir / DEMO_FILES["admin_express"], level="commune")
    for i, name in enumerate(commune_names):
        communes.iloc[i, communes.columns.get_loc("nom")] = name
    gpkg = directory / "communes.gpkg"
    communes.rename_axis("INSEE_COM").reset_index().rename(columns={"nom": "NOM"}).to_file(gpkg, layer="commune")
    cpts = pd.read_csv(demo_dir / DEMO_FILES["cpts"], sep=None, engine="python", dtype=str)
    name_col = next(c for c in cpts.columns if "nom" in c.lower())
    cpts[name_col] = cpts_prefix + cpts[name_col]
    cpts.to_csv(directory / "cpts.csv", sep=";", index=False)
    return {
        "communes": str(gpkg),
        "populations": str(demo_dir / DEMO_FILES["populations_legales"]),
        "population_by_age": str(demo_dir / DEMO_FILES["population_by_age"]),
        "practitioners": str(demo_dir / DEMO_FILES["activity"]),
        "cpts": str(directory / "cpts.csv"),
        "tvs": str(demo_dir / DEMO_FILES["tvs"]),
        "zoning_caps": str(demo_dir / DEMO_FILES["caps"]),
    }
