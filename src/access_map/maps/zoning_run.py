"""The interactive map of a zoning run on the official DREES APL (``access-map zoning --apl <workbook>``).

One map per region and one for France (overseas departments in insets). Its views say what they
draw (:class:`~access_map.maps.meta.ValueLabel`): the zoning computed (with caps), the published
zoning it was compared with, the APL of the TVS in the zoning's classes (« inférieure à 2,5 », « de
2,5 à 4 », « supérieure à 4 »: national selection, vivier, hors vivier) and the commune APL. The
popup gives every value drawn and its context: population, the commune's and its TVS's APL, the
TVS, its national category, the classes, and for Paris, Lyon and Marseille drawn whole, how their
arrondissements are classed.

Examples
--------
>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import box
>>> areas = gpd.GeoDataFrame({"nom": ["A", "B"], "population": [100.0, 300.0], "apl": [2.0, 4.5],
...     "tvs_apl": [2.2, 4.5], "tvs": ["T (1)", "U (2)"], "categorie": ["Sélection nationale", "Hors vivier"]},
...     geometry=[box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000)], index=pd.Index(["01001", "01002"]), crs=2154)
>>> m = zoning_run_map(areas, label=ValueLabel("medecin_generaliste", 65, "tvs", 2023), source="DREES, APL 2023")
>>> html = m.get_root().render()
>>> "APL médecins généralistes, ≤ 65 ans, par TVS" in html and "inférieure à 2,5" in html
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import folium
import geopandas as gpd
import pandas as pd

from ..messages import maps as msg
from .folium_maps import _finish, _reference_overlays, _setup
from .meta import ValueLabel, zoning_subtitle
from .profile import CATEGORY_COLUMN, _zoning_text, profile_popup_rows, tvs_apl_column
from .styles import OFFICIAL_APL_THRESHOLDS
from .territory_layer import View
from .topology import DisplayTopology
from .views import apl_view, zoning_view

__all__ = ["zoning_run_map", "zoning_run_profile"]


def zoning_run_profile(areas: pd.DataFrame, *, label: ValueLabel) -> pd.DataFrame:
    """The popup table of a zoning run's areas: columns named after what they hold.

    ``areas`` has ``nom``, ``population`` and any of ``apl`` (the commune's APL of ``label``'s
    variant), ``tvs`` (« libellé (code) »), ``tvs_apl``, ``categorie``, ``zonage``, ``zonage_publie``
    (French labels) and ``plm``.

    Examples
    --------
    >>> p = zoning_run_profile(pd.DataFrame({"nom": ["A"], "population": [5.0], "apl": [2.1], "tvs_apl": [2.4]}),
    ...                        label=ValueLabel("medecin_generaliste", 65, "tvs"))
    >>> p.columns.tolist()
    ['nom', 'population', 'medecin_generaliste__apl_65', 'tvs__apl_65']
    """
    table = pd.DataFrame(areas.drop(columns=areas.geometry.name) if isinstance(areas, gpd.GeoDataFrame) else areas)
    renames = {"apl": f"{label.profession}__{label.variant}", "tvs_apl": tvs_apl_column(label.max_age)}
    keep = ["nom", "population", "apl", "tvs", "tvs_apl", CATEGORY_COLUMN, "zonage", "zonage_publie", "plm",
            "code_departement", "code_region", "code_tvs"]  # fmt: skip
    out = table[[c for c in keep if c in table.columns]].rename(columns=renames)
    for col in ("zonage", "zonage_publie"):
        if col in out.columns:
            out[col] = _zoning_text(out[col].astype(object))
    return out


def zoning_run_map(
    areas: gpd.GeoDataFrame,
    *,
    label: ValueLabel,
    zoned: bool = False,
    where: str = "",
    note: str = "",
    thresholds: Sequence[float] = OFFICIAL_APL_THRESHOLDS,
    topology: DisplayTopology | None = None,
    prefectures: Sequence[str] = (),
    source: str = "",
    caption: str = "",
    date: str | None = None,
    basemap: str | None = None,
) -> folium.Map:
    """Map of a zoning run's areas (see the module notes).

    Parameters
    ----------
    areas
        Polygons indexed by commune code with ``nom``, ``population``, ``tvs_apl``, and any of
        ``apl``, ``tvs``, ``categorie``, ``zonage`` (classes), ``zonage_publie`` (classes),
        ``plm``, ``code_departement`` (department borders), ``code_tvs`` (TVS borders).
    label
        What the APL columns are: the zoning's variant (``max_age``), the workbook's year.
    zoned
        The run had caps: the computed zoning is the first view.
    where
        Territory in the titles (« Île-de-France », « France »).
    note
        Shown under every legend (how Paris, Lyon and Marseille are drawn…).
    thresholds
        The zoning thresholds (classes of the APL views).
    topology, prefectures, source, caption, date, basemap
        As for :func:`~access_map.maps.apl_map`.
    """
    communes, topo, _ = _setup(areas, topology, None)
    profile = zoning_run_profile(communes, label=label)
    codes = topo.codes
    suffix = f" — {where}" if where else ""
    views: list[View] = []
    if zoned and "zonage" in communes.columns:
        views.append(
            zoning_view(communes["zonage"].reindex(codes), name=msg.ZONING_COMPUTED,
                        title=f"{msg.ZONING_TITLE}{suffix}",
                        subtitle=zoning_subtitle("calculé", label.data_vintage, label.max_age))
        )  # fmt: skip
    if "zonage_publie" in communes.columns and communes["zonage_publie"].notna().any():
        views.append(
            zoning_view(communes["zonage_publie"].reindex(codes), name=msg.ZONING_PUBLISHED,
                        title=f"{msg.ZONING_PUBLISHED_TITLE}{suffix}", subtitle=msg.ZONING_PUBLISHED_SUBTITLE)
        )  # fmt: skip
    tvs_values = pd.to_numeric(communes["tvs_apl"].reindex(codes), errors="coerce")
    text = label.text(where=where, source=source)
    if not zoned:
        text = text.with_(title=msg.TVS_APL_TITLE + suffix)
    views.append(apl_view(tvs_values, text, profession=label.profession, scheme="official", thresholds=thresholds))
    if "apl" in communes.columns:
        commune_label = replace(label, level="commune")
        values = pd.to_numeric(communes["apl"].reindex(codes), errors="coerce")
        views.append(
            apl_view(values, commune_label.text(where=where, source=source), profession=label.profession,
                     scheme="official", thresholds=thresholds)
        )  # fmt: skip
    if note:
        views = [replace(v, note=(f"{v.note} {note}" if v.note else note)) for v in views]
    table = profile.copy()
    overlays = _reference_overlays(communes, topo, table, prefectures, show_tvs=zoned)
    return _finish(
        topo, table, views, overlays, popup=profile_popup_rows(table), caption=caption, source=source, date=date,
        basemap=basemap,
    )  # fmt: skip
