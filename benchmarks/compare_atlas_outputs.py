"""Compare two atlas runs (``bench_atlas.py --keep A``, then ``--keep B`` with other code): same content or not.

Run from the repository root::

    .venv/bin/python benchmarks/compare_atlas_outputs.py /tmp/atlas_before /tmp/atlas_after

Tables (CSV) and images (PNG) must be byte-identical; each interactive map (HTML) identical once its TopoJSON
is set aside, and its TopoJSON must draw the same shape for every commune (decoded, compared within 1e-9
degree: a collinear vertex more or less does not count). Prints one line per file and exits 1 on a difference.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import shapely

from access_map.maps.topology import decode_topology

TOPOLOGY = re.compile(
    r'\{"transform":\{"scale":\[[^\]]*\],"translate":\[[^\]]*\]\},"arcs":\[.*?\],"geometries":\[.*?\]\}'
)


def shapes(encoded: dict[str, object]) -> list[shapely.Geometry]:
    """Each area of an encoded topology as a normalised geometry (collinear vertices removed)."""
    topo = decode_topology(encoded)
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = [np.cumsum(np.array(a), axis=0) * scale + translate for a in topo["arcs"]]
    out = []
    for g in topo["objects"]["areas"]["geometries"]:
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        parts = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                points: list[list[float]] = []
                for ref in ring:
                    arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                    points.extend((arc if not points else arc[1:]).tolist())
                rings.append(points)
            parts.append(shapely.Polygon(rings[0], rings[1:]))
        out.append(shapely.normalize(shapely.simplify(shapely.MultiPolygon(parts), 0)))
    return out


def same_map(a: str, b: str) -> tuple[bool, str]:
    ta, tb = TOPOLOGY.findall(a), TOPOLOGY.findall(b)
    if TOPOLOGY.sub("TOPOLOGY", a) != TOPOLOGY.sub("TOPOLOGY", b) or len(ta) != len(tb):
        return False, "differs outside the TopoJSON"
    differing = 0
    for x, y in zip(ta, tb):
        sa, sb = shapes(json.loads(x)), shapes(json.loads(y))
        if len(sa) != len(sb):
            return False, "not the same number of areas"
        differing += sum(
            not shapely.equals_exact(p, q, 1e-9) and abs(p.area - q.area) + shapely.hausdorff_distance(p, q) > 1e-9
            for p, q in zip(sa, sb)
        )
    return differing == 0, f"{differing} area(s) drawn differently"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    bad = 0
    for sub, pattern in (("out", "*.csv"), ("maps", "*.png"), ("maps", "*.html")):
        for fa in sorted((args.before / sub).glob(pattern)):
            fb = args.after / sub / fa.name
            if not fb.exists():
                ok, why = False, "missing"
            elif fa.suffix == ".html":
                ok, why = same_map(fa.read_text(encoding="utf-8"), fb.read_text(encoding="utf-8"))
            else:
                ok, why = fa.read_bytes() == fb.read_bytes(), "bytes differ"
            bad += not ok
            print(f"{'same' if ok else 'DIFFERENT'}  {sub}/{fa.name}{'' if ok else f' ({why})'}")
    print("outputs_identical_in_content=" + ("yes" if not bad else f"no ({bad} file(s))"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
