"""The published-APL entry of the refresh: the atlas of the official DREES APL, with no practitioner file.

A refresh configuration whose ``[sources]`` gives the DREES APL workbook (``drees_apl``) and no
``practitioners`` computes nothing: the APL is the one DREES published (``drees_apl_year``, default the
latest sheet). Everything else is the refresh's own: the territory loader, the zoning (with ``tvs`` or
``appartenance`` and ``zoning_caps``), CPTS and MSP, the tables, maps, report and provenance. The atlas
adds (:mod:`access_map.atlas`) the tables per commune, TVS, department, region and France, the change
from the earlier sheet of the same workbook (``drees_apl_previous_year``, default the sheet before) and
the department against its region and France.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..atlas.display import map_values
from ..atlas.inputs import choose_years, published_apl
from ..atlas.tables import PublishedAPL, atlas_tables
from ..config import ProfessionConfig, RefreshConfig
from ..schema import CODE
from ..territory import Territory
from .inputs import source_files, territory_from_config

__all__ = ["PublishedRun", "published_config", "published_inputs", "published_apl_table"]


@dataclass(frozen=True)
class PublishedRun:
    """What the published entry reads: the territory, the workbook's sheets and the atlas tables."""

    territory: Territory
    published: PublishedAPL
    atlas: dict[str, pd.DataFrame]
    values: pd.DataFrame  # the atlas values on the territory's (contour) communes: map_values
    workbook: Path


def published_config(config: RefreshConfig) -> RefreshConfig:
    """The configuration with the workbook's vintage: the GP profession at that vintage, all ages and ≤ 65.

    The vintage is ``sources.drees_apl_year`` or the workbook's latest ``APL AAAA`` sheet.
    """
    from ..readers.drees import apl_sheet_years

    workbook = source_files(config)["drees_apl"]
    year, previous = choose_years(
        apl_sheet_years(workbook),
        year=config.sources.drees_apl_year,
        previous_year=config.sources.drees_apl_previous_year,
    )
    sources = replace(config.sources, drees_apl_year=year, drees_apl_previous_year=previous or 0)
    profession = ProfessionConfig(name="medecin_generaliste", vintage=year, max_ages=(None, 65))
    return replace(config, sources=sources, professions=(profession,), margin_km=0.0)


def published_inputs(config: RefreshConfig) -> PublishedRun:
    """Read the territory and the DREES sheets of a published-entry configuration (:func:`published_config`)."""
    from ..readers.drees import read_apl_sheets

    files = source_files(config)
    year = config.sources.drees_apl_year
    assert year is not None, "call published_config first"
    sheets = read_apl_sheets(files["drees_apl"])
    extra: dict[str, Any] = {}
    if "appartenance" in files:  # read once: the territory's TVS proxy and the atlas's
        from ..readers.appartenance import read_appartenance

        extra["appartenance"] = read_appartenance(files["appartenance"])
    read = {"drees_apl": sheets[year], **({"appartenance": extra["appartenance"]} if extra else {})}
    territory = territory_from_config(config, margin_km=0.0, tables=read)
    if "tvs" in files:
        from ..readers.zonage import read_tvs

        extra["tvs"], extra["tvs_file"] = read_tvs(files["tvs"]), files["tvs"].name
    if "cog_movements" in files:
        from ..cog import read_cog_movements

        extra["movements"] = read_cog_movements(files["cog_movements"])
    published = published_apl(
        files["drees_apl"],
        year=year,
        previous_year=config.sources.drees_apl_previous_year,
        departement_table=territory.departement_table,
        region_table=territory.region_table,
        sheets=sheets,
        **extra,
    )
    atlas = atlas_tables(published, departements=config.departements, regions=config.regions)
    tvs_apl = atlas["atlas_communes"]["apl_65_tvs"]
    values = map_values(published, territory.communes.index, tvs_apl=tvs_apl, movements=extra.get("movements"))
    return PublishedRun(territory, published, atlas, values, files["drees_apl"])


def published_apl_table(run: PublishedRun) -> pd.DataFrame:
    """The refresh's APL table from the published values: ``medecin_generaliste__apl``, ``__apl_65``, ``__demande``.

    Examples
    --------
    >>> v = pd.DataFrame({"apl": [3.0], "apl_65": [2.4], "standardised_population": [120.0]}, index=["33063"])
    >>> run = PublishedRun(None, None, {}, v, Path("x.xlsx"))  # type: ignore[arg-type]
    >>> published_apl_table(run).columns.tolist()
    ['medecin_generaliste__apl', 'medecin_generaliste__apl_65', 'medecin_generaliste__demande']
    """
    v = run.values
    table = pd.DataFrame(
        {
            "medecin_generaliste__apl": v["apl"],
            "medecin_generaliste__apl_65": v["apl_65"],
            "medecin_generaliste__demande": v["standardised_population"].fillna(0.0),
        }
    )
    table.index.name = CODE
    return table
