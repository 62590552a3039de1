"""Outputs of the grid APL: the interactive grid map, the GeoTIFF, the report section.

The map is drawn by the package's map engine (:func:`access_map.maps.territory_layer.territory_map`: the same
legend, classes, source box, offline page) on the cells' squares (a display topology of the grid), with the
commune borders derived from the cells and the official thresholds 2.5 / 4. The GeoTIFF has one pixel per cell
in the cells' own CRS (EPSG:3035 for the mainland grid), float32, nodata -9999.

Examples
--------
>>> import pandas as pd
>>> cells = pd.DataFrame({"code_commune": ["33063", "33318"], "population": [10.0, 20.0],
...                       "poor_households": [1.0, 0.0]},
...                      index=pd.Index(["CRS3035RES200mN2466800E3482800", "CRS3035RES200mN2466800E3483000"],
...                                     name="cell_id"))
>>> m = grid_map(cells, pd.Series([2.0, 5.0], index=cells.index), vintage=2023, source="INSEE")
>>> html = m.get_root().render()
>>> "par carreau de 200 m" in html and "inférieure à 2,5" in html
True
"""

from __future__ import annotations

import html as _html
import os
from pathlib import Path

import folium
import numpy as np
import pandas as pd

from .._atomic import atomic_path
from ..maps.meta import apl_text, production_date
from ..maps.styles import OFFICIAL_APL_THRESHOLDS
from ..maps.territory_layer import PopupRow, territory_map
from ..maps.topology import display_topology
from ..maps.views import apl_view, border_overlay
from ..messages import grid as msg
from ..messages import nombre, pourcent
from ..zones import parse_cell_ids
from .cells import cell_squares

__all__ = ["grid_map", "write_grid_raster", "grid_section", "NODATA"]

#: No-data value of the grid GeoTIFF.
NODATA = -9999.0


def grid_map(
    cells: pd.DataFrame,
    apl: pd.Series,
    *,
    profession: str = "medecin_generaliste",
    vintage: int | None = None,
    source: str = "",
    caption: str = "",
    basemap: str | None = None,
) -> folium.Map:
    """Interactive map of the APL per cell (official thresholds), commune borders, popup per cell.

    ``cells``: ``code_commune``, ``population``, ``poor_households`` per cell (the Filosofi grid).
    """
    size = int(parse_cell_ids(cells.index[:1])["size_m"].iloc[0]) if len(cells) else 200
    squares = cell_squares(cells[[]])
    topology = display_topology(squares, tolerance_m=0, precision_m=max(1.0, size / 40))
    text = apl_text(profession, vintage=vintage, source=source)
    text = text.with_(subtitle=msg.sous_titre_carte(size_m=size), layer=msg.calque_carte(size_m=size))
    values = apl.reindex(topology.codes)
    view = apl_view(values, text, profession=profession, scheme="official", thresholds=OFFICIAL_APL_THRESHOLDS)
    table = pd.DataFrame(
        {
            "nom": [msg.nom_de_carreau(commune=c) for c in cells["code_commune"].reindex(topology.codes).fillna("")],
            "code_commune": cells["code_commune"].reindex(topology.codes),
            "population": cells["population"].reindex(topology.codes),
            "poor_households": cells["poor_households"].reindex(topology.codes),
            "apl": values,
        },
        index=topology.codes,
    )
    overlays = [border_overlay(msg.LIMITES_COMMUNES, "code_commune", weight=1.8)]
    popup = [
        PopupRow(msg.POPUP_APL, "apl", decimals=2),
        PopupRow(msg.POPUP_POPULATION, "population", decimals=1),
        PopupRow(msg.POPUP_PAUVRES, "poor_households", decimals=1),
    ]
    return territory_map(
        topology,
        table,
        [view],
        overlays=overlays,
        popup=popup,
        page_title=text.page_title(),
        caption=caption,
        source=source,
        date=production_date(),
        producer="access_map",
        basemap=basemap,
    )


def write_grid_raster(values: pd.Series, path: str | os.PathLike[str], *, nodata: float = NODATA) -> Path:
    """A float32 GeoTIFF with one pixel per cell (the cells' CRS and size), nodata elsewhere (atomic write).

    Examples
    --------
    >>> import tempfile, rasterio
    >>> v = pd.Series([1.5, 4.0], index=["CRS3035RES200mN0E0", "CRS3035RES200mN200E400"])
    >>> p = write_grid_raster(v, Path(tempfile.mkdtemp()) / "g.tif")
    >>> with rasterio.open(p) as r:
    ...     r.read(1).tolist(), r.crs.to_epsg(), r.res
    ([[-9999.0, -9999.0, 4.0], [1.5, -9999.0, -9999.0]], 3035, (200.0, 200.0))
    """
    import rasterio
    from affine import Affine

    parsed = parse_cell_ids(values.index)
    size = float(parsed["size_m"].iloc[0])
    east = parsed["east"].to_numpy(dtype=np.int64)
    north = parsed["north"].to_numpy(dtype=np.int64)
    x0, y1 = int(east.min()), int(north.max()) + int(size)
    width = int((east.max() - x0) / size) + 1
    height = int((y1 - north.min()) / size)
    array = np.full((height, width), nodata, dtype="float32")
    col = ((east - x0) / size).astype(np.int64)
    row = ((y1 - size - north) / size).astype(np.int64)
    data = values.to_numpy(dtype=float)
    finite = np.isfinite(data)
    array[row[finite], col[finite]] = data[finite]
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": "float32",
        "crs": f"EPSG:{int(parsed['epsg'].iloc[0])}", "transform": Affine(size, 0.0, x0, 0.0, -size, y1),
        "nodata": nodata, "compress": "deflate", "predictor": 3,
    }  # fmt: skip
    target = Path(path)
    with atomic_path(target) as tmp:
        with rasterio.open(tmp, "w", **profile) as dst:
            dst.write(array, 1)
            dst.update_tags(cell_value=msg.VALEUR_DU_PIXEL)
    return target


def _table(frame: pd.DataFrame, columns: dict[str, tuple[str, int]]) -> str:
    esc = _html.escape
    head = "".join(f"<th>{esc(label)}</th>" for label, _ in columns.values())
    rows = []
    for code, row in frame.iterrows():
        cells = [f"<th>{esc(str(code))}</th>"]
        for column, (_, decimals) in columns.items():
            value = row[column]
            text = pourcent(value) if decimals < 0 else nombre(value, decimals=decimals)
            cells.append(f"<td class='n'>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr><th>{esc(msg.COMMUNE)}</th>{head}</tr>{''.join(rows)}</table>"


def grid_section(
    *,
    summary: dict[str, object],
    communes: pd.DataFrame,
    notes: list[str],
    warnings: list[str],
    links: list[tuple[str, str]],
    top: int = 10,
) -> str:
    """The grid section of ``rapport.html`` (an HTML fragment; every text escaped).

    ``communes``: the commune table of the run (commune APL, spread of the cells, people and poor households
    under 2.5 and 4); ``summary``: headline figures (cells, population, pairs, seconds…).
    """
    esc = _html.escape
    parts = [f"<h2>{esc(msg.TITRE_SECTION)}</h2>", f"<p>{esc(msg.resume_grille(**summary))}</p>"]  # type: ignore[arg-type]
    if notes:
        parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    spread = communes.sort_values("spread_p90_p10", ascending=False).head(top)
    parts.append(f"<h3>{esc(msg.TITRE_ECARTS)}</h3><p>{esc(msg.LECTURE_ECARTS)}</p>")
    parts.append(_table(spread, msg.COLONNES_ECARTS))
    poor = communes.sort_values("poor_households_apl_le_2.5", ascending=False).head(top)
    parts.append(f"<h3>{esc(msg.TITRE_PAUVRETE)}</h3>")
    parts.append(_table(poor, msg.COLONNES_PAUVRETE))
    for title, href in links:
        parts.append(f'<p><a href="{esc(href)}">{esc(title)}</a></p>')
    if warnings:
        parts.append(
            f"<h3>{esc(msg.TITRE_AVERTISSEMENTS)}</h3><ul>" + "".join(f"<li>{esc(w)}</li>" for w in warnings) + "</ul>"
        )
    return "\n".join(parts)
