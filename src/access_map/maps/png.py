"""Fast PNG maps: the communes rasterised once per territory, each image a colour lookup and a few texts.

A report or a refresh draws many images of the same communes (one per profession, the zoning, its
change map…). :class:`PngFrame` rasterises the outlines once at the image's resolution (an index
image: which commune covers each pixel, with GDAL through :func:`rasterio.features.rasterize`, and
anti-aliased borders found at twice the resolution); every image is then a numpy colour
lookup, the legend, titles, scale bar, north arrow, source and date drawn with Pillow, and a PNG
encoding. About 10 times faster than drawing the polygons with matplotlib for every image.

Examples
--------
>>> import geopandas as gpd, tempfile, pathlib
>>> from shapely.geometry import box
>>> frame = png_frame(gpd.GeoSeries([box(0, 0, 10_000, 6_000), box(10_000, 0, 20_000, 6_000)], crs=2154))
>>> p = draw_png(frame, ["#ff0000", "#0000ff"], [("#ff0000", "Rouge"), ("#0000ff", "Bleu")],
...              path=pathlib.Path(tempfile.mkdtemp()) / "a.png", title="Essai", date="01/01/2025")
>>> p.read_bytes()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np

from .._atomic import atomic_path
from ..errors import InvalidValueError
from ..messages import maps as msg
from ..messages import maps_checks as chk
from .styles import FILL_OPACITY

__all__ = ["PngFrame", "png_frame", "draw_png", "map_box_inches"]

DPI = 110
_MAP_WIDTH_IN = 6.4
_LEGEND_WIDTH_IN = 2.7
_TOP_IN, _BOTTOM_IN, _LEFT_IN = 0.75, 0.5, 0.15


def map_box_inches(bounds: tuple[float, float, float, float]) -> tuple[float, float]:
    """Width and height (inches) of the map box: the territory's aspect, so that no empty band is left.

    A flat territory gets a wider box, so that the legend beside it still fits in the height.

    Examples
    --------
    >>> map_box_inches((0, 0, 300, 100))
    (7.8, 2.6)
    """
    west, south, east, north = bounds
    dx, dy = max(east - west, 1e-9), max(north - south, 1e-9)
    map_h = float(np.clip(_MAP_WIDTH_IN * dy / dx, 2.6, 8.0))
    return round(float(min(10.0, map_h * dx / dy)), 6), round(map_h, 6)


@dataclass(frozen=True)
class PngFrame:
    """The rasterised communes of a territory at one image size (shared by its images)."""

    index: np.ndarray  # int32: 4 × (0 outside, i + 1 area i) + border level 0..3 (anti-aliased borders)
    n_areas: int
    metres_per_pixel: float | None
    size_px: tuple[int, int]  # map box width, height
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)  # west, south, east, north (map units)

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        """Pixel position (within the map box) of the point ``(x, y)`` in map units.

        Examples
        --------
        >>> PngFrame(np.zeros((10, 20), dtype=np.int32), 0, 1.0, (20, 10), (0.0, 0.0, 20.0, 10.0)).pixel(5, 10)
        (5.0, 0.0)
        """
        west, south, east, north = self.bounds
        w, h = self.size_px
        return (x - west) / (east - west) * w, (north - y) / (north - south) * h


def png_frame(geometries: gpd.GeoSeries, *, dpi: int = DPI) -> PngFrame:
    """Rasterise the areas and their borders once, at the resolution of the images.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> f = png_frame(gpd.GeoSeries([box(0, 0, 1000, 1000)], crs=2154))
    >>> f.size_px, int(f.index.max()) // 4
    ((704, 704), 1)
    """
    from rasterio.features import rasterize
    from rasterio.transform import from_bounds

    west, south, east, north = (float(b) for b in geometries.total_bounds)
    w_in, h_in = map_box_inches((west, south, east, north))
    width, height = max(1, round(w_in * dpi)), max(1, round(h_in * dpi))
    geoms = list(geometries.to_numpy())
    # areas rasterised at twice the resolution; a fine pixel is on a border where its area differs from a
    # neighbour's; 2 × 2 fine pixels make one image pixel, whose border level (0–3) is their share on a border
    fine = from_bounds(west, south, east, north, 2 * width, 2 * height)
    shapes = [(g, i + 1) for i, g in enumerate(geoms) if g is not None and not g.is_empty]
    ids = rasterize(shapes, out_shape=(2 * height, 2 * width), transform=fine, fill=0, dtype="int32")
    border = np.zeros(ids.shape, dtype=bool)
    border[:, 1:] |= ids[:, 1:] != ids[:, :-1]
    border[1:, :] |= ids[1:, :] != ids[:-1, :]
    coverage = border.reshape(height, 2, width, 2).mean(axis=(1, 3))
    level = np.minimum(np.rint(coverage * 3), 3).astype(np.int32)
    index = ids[::2, ::2]
    projected = geometries.crs is not None and geometries.crs.is_projected
    return PngFrame(
        index=index * 4 + level,
        n_areas=len(geoms),
        metres_per_pixel=(east - west) / width if projected else None,
        size_px=(width, height),
        bounds=(west, south, east, north),
    )


@cache
def _font(size: int, bold: bool = False) -> Any:
    """DejaVu Sans, the font matplotlib ships (found without importing matplotlib)."""
    from importlib.util import find_spec

    from PIL import ImageFont

    spec = find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - matplotlib is a dependency
        raise InvalidValueError(chk.MATPLOTLIB_NEEDED)
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(os.path.join(spec.submodule_search_locations[0], "mpl-data", "fonts", "ttf", name), size)


def _rgb(color: str) -> tuple[int, int, int]:
    h = color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


@cache
def _over_white(color: str) -> tuple[int, int, int]:
    """The colour at the maps' fill opacity over white (polygons and swatches alike)."""
    a = FILL_OPACITY
    r, g, b = _rgb(color)
    return round(a * r + (1 - a) * 255), round(a * g + (1 - a) * 255), round(a * b + (1 - a) * 255)


def _nice_length(metres: float) -> float:
    """A round scale-bar length (1, 2 or 5 × 10^n metres) not above ``metres``."""
    exponent = math.floor(math.log10(metres))
    for m in (5, 2, 1):
        if m * 10**exponent <= metres:
            return float(m * 10**exponent)
    return float(10**exponent)


def _scale_bar(draw: Any, frame: PngFrame, x0: int, y0: int) -> None:
    if frame.metres_per_pixel is None:
        return
    width_px = frame.size_px[0]
    length = _nice_length(0.22 * width_px * frame.metres_per_pixel)
    px = round(length / frame.metres_per_pixel)
    x1, y1 = x0 + width_px - 12 - px, y0 + frame.size_px[1] - 14
    draw.rectangle([x1, y1, x1 + px, y1 + 4], fill=20)
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    draw.text((x1 + px / 2, y1 - 3), label, fill=20, font=_font(11), anchor="md")


def _north_arrow(draw: Any, frame: PngFrame, x0: int, y0: int) -> None:
    x = x0 + frame.size_px[0] - 22
    top = y0 + 6
    draw.polygon([(x, top), (x - 7, top + 22), (x, top + 17), (x + 7, top + 22)], fill=20)
    draw.text((x, top + 24), "N", fill=20, font=_font(13, bold=True), anchor="mt")


def _legend(
    draw: Any, items: Sequence[tuple[str, str]], title: str, note: str, x: int, y: int, width: int
) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Draw the legend's texts and swatch outlines (grey levels); return the swatches' colour and inner box."""
    draw.multiline_text((x, y), title, fill=20, font=_font(12, bold=True), spacing=2)
    y += draw.multiline_textbbox((x, y), title, font=_font(12, bold=True), spacing=2)[3] - y + 8
    swatches = []
    for color, label in items:
        draw.rectangle([x, y + 1, x + 22, y + 14], fill=255, outline=110)
        swatches.append((color, (x + 1, y + 2, x + 22, y + 14)))
        draw.text((x + 30, y), label, fill=20, font=_font(11))
        y += 20
    if note:
        words, line, lines = note.split(), "", []
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=_font(10)) > width and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        draw.multiline_text((x, y + 6), "\n".join(lines), fill=70, font=_font(10), spacing=2)
    return swatches


_GREYS = 64  # grey levels of the texts (anti-aliased on white)


def draw_png(
    frame: PngFrame,
    colors: Sequence[str],
    legend: Sequence[tuple[str, str]],
    *,
    path: str | os.PathLike[str],
    title: str,
    subtitle: str = "",
    legend_title: str = "Légende",
    unit: str = "",
    source: str = "",
    date: str,
    note: str = "",
    insets: Sequence[tuple[str, tuple[float, float, float, float]]] = (),
) -> Path:
    """One PNG from a prepared frame: fill colour per area, legend, titles, scale bar, north arrow, source, date.

    ``colors`` follow the order of the areas given to :func:`png_frame`. Texts are drawn as they
    are (no markup). ``insets`` = (name, (west, south, east, north)) of the overseas frames of a
    national map (:mod:`access_map.maps.insets`), outlined and named.
    """
    from PIL import Image, ImageDraw

    if len(colors) != frame.n_areas:
        raise InvalidValueError(chk.colours_for_areas(where="draw_png", n_colours=len(colors), n_areas=frame.n_areas))
    base = np.array([(255, 255, 255)] + [_over_white(c) for c in colors], dtype=np.float32)
    alpha = np.array([0.0, 0.85 / 3, 0.85 * 2 / 3, 0.85], dtype=np.float32)[None, :, None]
    lut = np.rint(base[:, None, :] * (1 - alpha) + 95.0 * alpha).astype(np.uint8).reshape(-1, 3)
    w, h = frame.size_px
    left, top, bottom = round(_LEFT_IN * DPI), round(_TOP_IN * DPI), round(_BOTTOM_IN * DPI)
    legend_w = round(_LEGEND_WIDTH_IN * DPI)
    size = (left + w + 30 + legend_w, top + h + bottom)
    # texts, scale bar, north arrow, swatch outlines: grey levels on white (anti-aliased)
    texts = Image.new("L", size, 255)
    draw = ImageDraw.Draw(texts)
    draw.text((left, round(0.28 * DPI)), title, fill=20, font=_font(19, bold=True), anchor="lm")
    if subtitle:
        draw.text((left, round(0.56 * DPI)), subtitle, fill=50, font=_font(13), anchor="lm")
    _scale_bar(draw, frame, left, top)
    _north_arrow(draw, frame, left, top)
    swatches = _legend(
        draw, legend, legend_title + (f"\n({unit})" if unit else ""), note, left + w + 30, top, legend_w - 20
    )
    for name, (fw, fs, fe, fn) in insets:
        x0, y0 = frame.pixel(fw, fn)
        x1, y1 = frame.pixel(fe, fs)
        draw.rectangle([left + x0, top + y0, left + x1, top + y1], outline=110)
        draw.text((left + x0 + 3, top + y0 + 2), name, fill=40, font=_font(10))
    lines = ([f"Source : {source}"] if source else []) + ([msg.INSET_NOTE] if insets else [])
    lines.append(f"Carte produite le {date} (access_map)")
    draw.multiline_text((left, top + h + 8), "\n".join(lines), fill=70, font=_font(10), spacing=3)
    grey = np.asarray(texts)
    # one 8-bit palette: the grey levels, the map's colours (fill × border level), the swatches' colours
    map_colors, map_index = np.unique(lut, axis=0, return_inverse=True)
    swatch_colors = [_over_white(c) for c, _ in swatches]
    palette = np.concatenate(
        [np.repeat(np.linspace(0, 255, _GREYS).round()[:, None], 3, axis=1), map_colors,
         np.array(swatch_colors, dtype=float).reshape(-1, 3)]
    ).astype(np.uint8)  # fmt: skip
    if len(palette) > 256:  # many classes: let Pillow choose a palette
        rgb = np.repeat(grey[..., None], 3, axis=2)
        inner = rgb[top : top + h, left : left + w]
        on_map = grey[top : top + h, left : left + w] == 255
        inner[on_map] = lut[frame.index][on_map]
        for color, (x0, y0, x1, y1) in swatches:
            rgb[y0:y1, x0:x1] = _over_white(color)
        image = Image.fromarray(rgb, "RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    else:
        index = (grey.astype(np.uint16) * (_GREYS - 1) // 255).astype(np.uint8)
        inner = index[top : top + h, left : left + w]
        on_map = grey[top : top + h, left : left + w] == 255
        inner[on_map] = (map_index.reshape(-1).astype(np.uint8) + _GREYS)[frame.index][on_map]
        for k, (_, (x0, y0, x1, y1)) in enumerate(swatches):
            index[y0:y1, x0:x1] = _GREYS + len(map_colors) + k
        image = Image.fromarray(index, "P")
        image.putpalette(palette.reshape(-1).tolist())
    target = Path(path)
    with atomic_path(target) as tmp:
        image.save(tmp, format="PNG", compress_level=1)
    return target
