"""The comparison of a computed zoning with a published one, on one interactive map.

Exclusive views: « Zonage publié », « Zonage calculé » (classes with caps; without caps the TVS
categories: national selection, vivier, hors vivier) and one « Accord / désaccord » view per comparison,
whose classes say which side a disagreeing commune is on (« calculé oui, publié non »...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from ..messages.comparison import CATEGORY_LABELS
from .styles import ZONING_COLORS
from .territory_layer import View
from .topology import DisplayTopology
from .views import zoning_view

__all__ = ["category_view", "agreement_view", "comparison_map"]

_CATEGORY_COLORS = {
    "national_selection": ZONING_COLORS["ZIP"],
    "vivier": ZONING_COLORS["ZAC"],
    "hors_vivier": ZONING_COLORS["HV"],
}
_AGREEMENT_COLORS = ("#d9d9d9", "#7b3294", "#e66101")


def category_view(categories: pd.Series, *, name: str, title: str, subtitle: str = "") -> View:
    """The TVS categories of the computed zoning without caps (national selection, vivier, hors vivier).

    Examples
    --------
    >>> category_view(pd.Series(["vivier", None, "national_selection"]), name="C", title="C").classes.tolist()
    [1, -1, 0]
    """
    order = list(_CATEGORY_COLORS)
    codes = np.array([order.index(c) if c in order else -1 for c in categories.tolist()], dtype=int)
    return View(
        name=name,
        title=title,
        subtitle=subtitle,
        classes=codes,
        colors=[_CATEGORY_COLORS[c] for c in order],
        labels=[CATEGORY_LABELS[c] for c in order],
        value_label="Catégorie",
        legend_title="Zonage calculé (sans plafonds)",
    )


def agreement_view(
    computed: pd.Series, published: pd.Series, *, name: str, title: str, sides: tuple[str, str], subtitle: str = ""
) -> View:
    """Agreement of two yes/no sides per commune: « Accord », « <computed> seulement », « <published> seulement».

    ``computed`` and ``published`` are booleans (NaN: not compared, drawn as missing data).

    Examples
    --------
    >>> v = agreement_view(pd.Series([True, True, False, None]), pd.Series([True, False, True, True]),
    ...                    name="A", title="A", sides=("sélection nationale", "ZIP publiés"))
    >>> v.classes.tolist(), v.labels[1]
    ([0, 1, 2, -1], 'Désaccord : sélection nationale, pas ZIP publiés')
    """
    a = computed.to_numpy(dtype=object)
    b = published.to_numpy(dtype=object)
    codes = np.full(len(a), -1, dtype=int)
    for i, (x, y) in enumerate(zip(a, b)):
        if x is None or y is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(y, float) and np.isnan(y)):
            continue
        codes[i] = 0 if bool(x) == bool(y) else (1 if bool(x) else 2)
    return View(
        name=name,
        title=title,
        subtitle=subtitle,
        classes=codes,
        colors=list(_AGREEMENT_COLORS),
        labels=[
            "Accord",
            f"Désaccord : {sides[0]}, pas {sides[1]}",
            f"Désaccord : {sides[1]}, pas {sides[0]}",
        ],
        value_label="Accord",
        legend_title="Accord / désaccord",
    )


def comparison_map(
    communes_gdf: gpd.GeoDataFrame,
    *,
    published: pd.Series,
    computed: pd.Series | None = None,
    categories: pd.Series | None = None,
    agreements: Mapping[str, tuple[pd.Series, pd.Series, tuple[str, str]]] | None = None,
    where: str = "",
    topology: DisplayTopology | None = None,
    prefectures: Sequence[str] = (),
    caption: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """Published zoning, computed zoning and their agreement, as exclusive views of one map.

    Parameters
    ----------
    communes_gdf
        Commune polygons (see :mod:`access_map.maps.folium_maps`).
    published
        Published class per commune (``ZIP``, ``ZAC``, ``ZAR``, ``HZ``...).
    computed, categories
        Computed classes (with caps) or TVS categories (without caps); at least one.
    agreements
        View name → (computed yes/no, published yes/no, (computed side, published side) labels).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"nom": ["A", "B"], "population": [1.0, 2.0]},
    ...     geometry=[box(700000, 6600000, 701000, 6601000), box(701000, 6600000, 702000, 6601000)],
    ...     index=pd.Index(["01001", "01002"], name="code_commune"), crs=2154)
    >>> m = comparison_map(g, published=pd.Series({"01001": "ZIP", "01002": "ZAR"}),
    ...                    categories=pd.Series({"01001": "national_selection", "01002": "vivier"}),
    ...                    agreements={"Accord : sélection nationale / ZIP": (
    ...                        pd.Series({"01001": True, "01002": False}), pd.Series({"01001": True, "01002": False}),
    ...                        ("sélection nationale", "ZIP publiés"))})
    >>> html = m.get_root().render()
    >>> "Zonage publié" in html and "Accord : sélection nationale / ZIP" in html and "Zone d" in html
    True
    """
    from .folium_maps import _align, _finish, _reference_overlays, _setup
    from .profile import profile_popup_rows

    communes, topo, table = _setup(communes_gdf, topology, None)
    suffix = f" — {where}" if where else ""
    title = "Zonage des médecins généralistes : calculé et publié" + suffix
    views: list[View] = [
        zoning_view(_align(published, topo.codes, what="published"), name="Zonage publié", title=title,
                    subtitle="Zonage publié (arrêtés régionaux en vigueur)"),
    ]  # fmt: skip
    if computed is not None:
        views.append(
            zoning_view(_align(computed, topo.codes, what="computed"), name="Zonage calculé", title=title,
                        subtitle="Zonage calculé sur l'APL ≤ 65 ans des TVS")
        )  # fmt: skip
    if categories is not None:
        views.append(
            category_view(_align(categories, topo.codes, what="categories"), name="Zonage calculé (sans plafonds)",
                          title=title, subtitle="Catégorie nationale du TVS (APL ≤ 65 ans)")
        )  # fmt: skip
    for name, (a, b, sides) in (agreements or {}).items():
        views.append(
            agreement_view(_align(a, topo.codes, what="computed side"), _align(b, topo.codes, what="published side"),
                           name=name, title=title, sides=sides, subtitle=f"{sides[0]} / {sides[1]}")
        )  # fmt: skip
    overlays = _reference_overlays(communes, topo, table, prefectures)
    return _finish(
        topo, table, views, overlays, popup=profile_popup_rows(table), caption=caption, source=source, date=date,
        basemap=None,
    )  # fmt: skip
