"""Saving folium maps: atomic writes, self-contained HTML that needs no network (the default).

folium's page template loads Leaflet, jQuery, Bootstrap and plugins from CDNs. With
``self_contained=True`` (the default of :func:`save_map` and :func:`render_html`, of the CLI and of
the refresh) every such ``<script src>`` / ``<link href>`` is replaced by the content of
the exact same file vendored in ``access_map/maps/static/`` (taken from the npm registry, see
``static/NOTICE.md`` for versions, licences and SHA-256), Leaflet's CSS images are inlined as
``data:`` URIs, and the file opens with no network at all. The package's maps have no basemap
unless one is asked for (``basemap="openstreetmap"``: tiles from the network, with attribution).

The icon-font assets of folium's template (Leaflet.awesome-markers, Font Awesome, Bootstrap 3
glyphicons) are not vendored: our maps draw circle markers. They are dropped when the map does not
use ``folium.Icon``; a map that does use them cannot be made self-contained and raises
:class:`~access_map.errors.SourceError`, as does any other CDN URL without a vendored file.

Examples
--------
>>> import folium, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "carte.html"
>>> _ = save_map(folium.Map(tiles=None), path, self_contained=True)
>>> text = path.read_text(encoding="utf-8")
>>> '<script src="http' in text, "Leaflet" in text
(False, True)
"""

from __future__ import annotations

import base64
import logging
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import cast

import folium
from branca.element import Element, Figure

from .._atomic import atomic_path
from ..errors import SourceError
from ..messages import maps_checks as chk
from .layers import NO_BASEMAP_BACKGROUND

__all__ = ["VENDORED_ASSETS", "DROPPABLE_ICON_ASSETS", "render_html", "save_map", "inline_assets"]

logger = logging.getLogger(__name__)

#: CDN URL referenced by folium 0.20 (or its plugins) -> vendored file under ``maps/static/``.
VENDORED_ASSETS: dict[str, str] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet-1.9.3/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet-1.9.3/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "bootstrap-5.2.2/bootstrap.bundle.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": "bootstrap-5.2.2/bootstrap.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": (
        "leaflet.markercluster-1.1.0/leaflet.markercluster.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": (
        "leaflet.markercluster-1.1.0/MarkerCluster.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
        "leaflet.markercluster-1.1.0/MarkerCluster.Default.css"
    ),
}

#: Icon assets of folium's template, dropped from self-contained files when no ``folium.Icon`` is used.
DROPPABLE_ICON_ASSETS: frozenset[str] = frozenset(
    {
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
    }
)

_SCRIPT_RE = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>', re.IGNORECASE)
_LINK_RE = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>', re.IGNORECASE)
_CSS_URL_RE = re.compile(r"url\((?P<q>['\"]?)(?P<ref>images/[^)'\"]+)(?P=q)\)")


@cache
def _asset_text(relative: str) -> str:
    """Text of a vendored asset (CSS images inlined as data URIs)."""
    base = resources.files("access_map.maps") / "static"
    text = (base / relative).read_text(encoding="utf-8")
    if relative.endswith(".css"):
        folder = relative.rsplit("/", 1)[0]

        def to_data_uri(match: re.Match[str]) -> str:
            ref = match.group("ref")
            data = (base / folder / ref).read_bytes()
            return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

        text = _CSS_URL_RE.sub(to_data_uri, text)
    return text


def inline_assets(page: str) -> str:
    """Replace every CDN ``<script src>``/``<link rel=stylesheet>`` of a rendered page by inline content.

    Raises
    ------
    SourceError
        If an external script or stylesheet has no vendored copy (the message lists the URLs), or
        if the page uses folium's icon markers (icon fonts are not vendored).

    Examples
    --------
    >>> page = '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
    >>> inline_assets(page)[:30]
    '<script>/*! jQuery v3.7.1 | (c'
    >>> inline_assets('<script src="https://example.org/x.js"></script>')
    Traceback (most recent call last):
    ...
    access_map.errors.SourceError: impossible de rendre la carte autonome : pas de copie embarquée de https://example.org/x.js ; ...
    """
    uses_icons = "L.AwesomeMarkers.icon" in page
    missing: list[str] = []

    def script(match: re.Match[str]) -> str:
        url = match.group("url")
        if url in VENDORED_ASSETS:
            body = _asset_text(VENDORED_ASSETS[url]).replace("</script", "<\\/script")
            return f"<script>{body}\n</script>"
        if url in DROPPABLE_ICON_ASSETS and not uses_icons:
            return ""
        if url.startswith(("http://", "https://", "//")):
            missing.append(url)
        return match.group(0)

    def link(match: re.Match[str]) -> str:
        url = match.group("url")
        if url in VENDORED_ASSETS:
            return f"<style>{_asset_text(VENDORED_ASSETS[url])}\n</style>"
        if url in DROPPABLE_ICON_ASSETS and not uses_icons:
            return ""
        if url.startswith(("http://", "https://", "//")):
            missing.append(url)
        return match.group(0)

    out = _LINK_RE.sub(link, _SCRIPT_RE.sub(script, page))
    if missing:
        raise SourceError(chk.not_self_contained(missing=missing, uses_icons=uses_icons))
    return out


def _tile_layer_keys(m: folium.Map) -> list[str]:
    return [key for key, child in m._children.items() if isinstance(child, folium.TileLayer)]


def render_html(m: folium.Map, *, self_contained: bool = True, basemap: bool | None = None) -> str:
    """Render a map to a full HTML page (see :func:`save_map`). The map object is left unchanged.

    Examples
    --------
    >>> page = render_html(folium.Map(), basemap=False)
    >>> "tile.openstreetmap" in page, '<script src="http' in page
    (False, False)
    """
    removed: dict[str, Element] = {}
    root = cast(Figure, m.get_root())
    added_bg = False
    try:
        if basemap is False:
            for key in _tile_layer_keys(m):
                tile = m._children.pop(key)
                removed[key] = tile
                # a previous render left the layer's JavaScript in the figure: drop it too
                for part in (root.header, root.html, root.script):
                    part._children.pop(tile.get_name(), None)
            if removed and "access_map_background" not in root.header._children:
                root.header.add_child(
                    Element(f"<style>.leaflet-container {{ background: {NO_BASEMAP_BACKGROUND}; }}</style>"),
                    name="access_map_background",
                )
                added_bg = True
        page = root.render()
    finally:
        m._children.update(removed)
        if added_bg:
            del root.header._children["access_map_background"]
    if self_contained:
        if basemap and _tile_layer_keys(m):
            logger.info("self-contained map keeps an online basemap: tiles still need the network")
        page = inline_assets(page)
    return page


def save_map(
    m: folium.Map,
    path: str | os.PathLike[str],
    *,
    self_contained: bool = True,
    basemap: bool | None = None,
) -> Path:
    """Write a folium map to an HTML file atomically (temporary file + ``os.replace``).

    Parameters
    ----------
    m : folium.Map
        The map (not modified).
    path : path-like
        Output file (parent directories are created).
    self_contained : bool
        Inline every JavaScript and CSS file (vendored copies) so that the page opens offline
        (default; adds ≈ 0.6 MB). Raises :class:`SourceError` if a referenced CDN file has no
        vendored copy. ``False`` links the CDNs (lighter, needs the network).
    basemap : bool or None
        ``None`` (default) keeps the map as built: the maps of this package have no basemap
        unless built with ``basemap="openstreetmap"``, so the default file needs no network at
        all. ``False`` drops any tile layer; ``True`` keeps it (and logs that tiles need the
        network).

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> import folium, tempfile, pathlib
    >>> p = save_map(folium.Map(tiles=None), pathlib.Path(tempfile.mkdtemp()) / "sub" / "m.html")
    >>> p.exists()
    True
    """
    page = render_html(m, self_contained=self_contained, basemap=basemap)
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return target
