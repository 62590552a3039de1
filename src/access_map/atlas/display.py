"""The published APL on the communes of the map (the contours' communes).

The atlas tables keep the workbook's communes; a map draws the communes of its contours, which often
have Paris, Lyon and Marseille whole where the workbook has their arrondissements. :func:`map_values`
carries the values to the contours' codes with :func:`access_map.communes.merge_plm_arrondissements`
(APL weighted by the standardised population, populations summed), and states which cities were merged.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from ..communes import merge_plm_arrondissements
from .indicators import APL_COLUMNS
from .tables import PublishedAPL

__all__ = ["map_values"]


def _on_codes(sheet: pd.DataFrame, codes: Collection[str], extra: dict[str, str]) -> pd.DataFrame:
    weighted = {c: "standardised_population" for c in (*APL_COLUMNS, *extra) if c in sheet.columns}
    counts = [c for c in ("standardised_population", "population") if c in sheet.columns]
    frame = sheet[[*dict.fromkeys([*weighted, *counts])]]
    return merge_plm_arrondissements(frame, weighted=weighted, summed=counts, cities=set(codes))


def map_values(
    published: PublishedAPL,
    codes: pd.Index,
    *,
    tvs_apl: pd.Series | None = None,
    movements: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Values of the atlas on the map's commune codes.

    Parameters
    ----------
    published
        The sheets of the atlas.
    codes
        The communes of the map (contours).
    tvs_apl
        The ≤ 65 APL of each workbook commune's TVS (``atlas_communes["apl_65_tvs"]``).
    movements
        COG events (:func:`access_map.cog.read_cog_movements`): a map commune the workbook does not have
        (merged since the contours' vintage) is drawn with the APL of the commune it joined (its
        populations stay NaN: its inhabitants are counted in that commune); listed in ``attrs["joined"]``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``codes``: ``apl``, ``apl_65``, ``standardised_population``, ``population`` of the
        atlas vintage; ``apl_65_tvs`` with ``tvs_apl``; with an earlier vintage, ``evolution_apl`` and
        ``evolution_apl_65`` (each side merged first, so a city's change is the change of its weighted
        mean). NaN for a code the workbook does not have. ``attrs["plm_merged"]`` names the cities drawn
        whole.

    Examples
    --------
    >>> s = pd.DataFrame({"apl": [2.0, 4.0], "apl_65": [1.0, 3.0], "standardised_population": [1.0, 3.0],
    ...                   "population": [1.0, 3.0]}, index=pd.Index(["69381", "69382"], name="code_commune"))
    >>> v = map_values(PublishedAPL({2023: s}, 2023), pd.Index(["69123"]))
    >>> v.loc["69123", ["apl", "apl_65"]].tolist(), v.attrs["plm_merged"]
    ([3.5, 2.5], {'69123': ['69381', '69382']})
    """
    current = published.current
    sheet = current.assign(apl_65_tvs=tvs_apl.reindex(current.index)) if tvs_apl is not None else current
    extra = {"apl_65_tvs": "standardised_population"} if tvs_apl is not None else {}
    now = _on_codes(sheet, codes, extra)
    out = now.reindex(codes)
    if published.previous is not None:
        before = _on_codes(published.sheets[published.previous], codes, {}).reindex(codes)
        for col in APL_COLUMNS:
            out[f"evolution_{col}"] = out[col] - before[col]
    joined: dict[str, str] = {}
    lacking = out.index[out["apl"].isna().to_numpy()]
    if movements is not None and len(lacking):
        from ..zoning.bassins import appartenance_codes

        joined, _, _ = appartenance_codes(lacking, now, movements=movements)
        joined = {c: t for c, t in joined.items() if c != t}
        if joined:
            source = out.loc[list(joined.values())].drop(columns=["standardised_population", "population"])
            out.loc[list(joined), source.columns] = source.to_numpy()
    out.attrs["plm_merged"] = now.attrs.get("plm_merged", {})
    out.attrs["joined"] = joined
    return out
