"""Inputs of a refresh: the territory named by a configuration, the APL presets and the catchment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..apl import APLParams
from ..config import ConfigError, RefreshConfig, parse_config
from ..messages import refresh as msg
from ..territory import Territory, TerritorySelection, load_territory

__all__ = [
    "territory_from_config",
    "source_files",
    "apl_parameters",
    "travel_max_minutes",
    "context_margin_km",
    "demo_config",
]


def apl_parameters(config: RefreshConfig) -> dict[str, APLParams]:
    """The APL preset of each configured profession, with its explicit ``catchment_minutes`` if any.

    Examples
    --------
    >>> apl_parameters(demo_config())["medecin_generaliste"].max_minutes
    20.0
    """
    out = {}
    for prof in config.professions:
        params = APLParams.for_profession(prof.name, prof.vintage)
        if prof.catchment_minutes is not None:
            params = replace(params, max_minutes=prof.catchment_minutes)
        out[prof.name] = params
    return out


def travel_max_minutes(config: RefreshConfig, params: dict[str, APLParams]) -> float:
    """Largest travel time the refresh needs; the APL presets' catchment is the single source of truth.

    ``[travel] max_minutes`` may only widen it: a value below an APL catchment would cut pairs the APL
    counts and silently change every APL, so it is refused (change the catchment itself, explicitly,
    with ``catchment_minutes`` in the profession).

    Examples
    --------
    >>> cfg = demo_config()
    >>> travel_max_minutes(cfg, apl_parameters(cfg))
    20.0
    """
    needed = max([p.max_minutes for p in params.values()] + [float(m) for m in config.msp_minutes])
    asked = config.travel.max_minutes
    if asked is None:
        return needed
    if asked < needed:
        which = [f"{name} ({p.max_minutes:g} min)" for name, p in params.items() if p.max_minutes > asked]
        msp = [f"{m:g}" for m in config.msp_minutes if m > asked]
        raise ConfigError(
            msg.temps_trop_courts(demande=asked, quoi=which + ([msg.DISTANCES_MSP(", ".join(msp))] if msp else []))
        )
    return asked


def context_margin_km(config: RefreshConfig, max_minutes: float) -> float:
    """Margin kept around a selected territory: twice the crow-fly reach of the catchment.

    Residents within one catchment of a border practice compete for it with the territory's residents,
    and these residents reach practices one catchment further: two reaches cover both steps of the APL.
    With the crow-fly model the reach is ``(max_minutes - intercept) / minutes_per_km`` km; with road
    times (a file) it is taken at 90 km/h, a bound for 20-minute trips.

    Examples
    --------
    >>> round(context_margin_km(demo_config(), 20.0), 1)
    27.3
    """
    if config.margin_km is not None:
        return config.margin_km
    tr = config.travel
    if tr.method == "crow_fly":
        reach = max(max_minutes - tr.intercept_minutes, 0.0) / tr.minutes_per_km
    else:
        reach = max_minutes * 90.0 / 60.0
    return 2.0 * reach


def territory_from_config(
    config: RefreshConfig, *, margin_km: float = 0.0, tables: Mapping[str, pd.DataFrame] | None = None
) -> Territory:
    """Read the territory named by ``config`` (files, downloaded datasets, or the demo) with the one loader.

    ``margin_km`` is used when the configuration selects departments/regions without ``margin_km``;
    ``tables`` are inputs already read (:func:`~access_map.territory.load_territory`).

    Examples
    --------
    >>> t = territory_from_config(demo_config())
    >>> len(t.communes) > 400, "FICTIF" in t.label
    (True, True)
    """
    from ..datasets.demo import DEMO_LABEL, demo_sources

    selection: TerritorySelection = config.selection()
    if selection and selection.margin_km is None:
        selection = replace(selection, margin_km=margin_km)
    include = config.supply.include_establishments
    if config.sources.demo:
        return load_territory(demo_sources(), label=DEMO_LABEL, selection=selection, include_establishments=include)
    return load_territory(
        source_files(config),
        label=config.label,
        selection=selection,
        standardised_population_year=config.sources.standardised_population_year,
        drees_apl_year=config.sources.drees_apl_year,
        tables=tables,
        include_establishments=include,
    )


def source_files(config: RefreshConfig) -> dict[str, Path]:
    """Every input file of ``config``, the datasets to fetch downloaded (cached) first.

    Examples
    --------
    >>> source_files(parse_config({"name": "t", "sources": {"communes": "c.gpkg", "drees_apl": "apl.xlsx"}},
    ...                           base_dir="/data"))["drees_apl"].as_posix()
    '/data/apl.xlsx'
    """
    files = dict(config.sources.files)
    if config.sources.fetched:
        from ..datasets import fetch

        for key, (name, vintage) in sorted(config.sources.fetched.items()):
            files[key] = fetch(name, vintage=vintage)  # cached; a clear SourceError says what to download by hand
    return files


def demo_config(*, output_dir: str | Path = "out/demo", maps_dir: str | Path = "maps/demo") -> RefreshConfig:
    """The configuration of ``access-map demo``: every profession on the embedded demo territory.

    Examples
    --------
    >>> cfg = demo_config()
    >>> cfg.sources.demo, [p.name for p in cfg.professions][:2]
    (True, ['medecin_generaliste', 'infirmier'])
    """
    return parse_config(
        {
            "name": "demo",
            "label": "Territoire de démonstration (fictif)",
            "sources": {"demo": True},
            "professions": [
                {"name": "medecin_generaliste", "vintage": 2023, "max_ages": [0, 65]},
                {"name": "infirmier", "vintage": 2023},
                {"name": "masseur_kinesitherapeute", "vintage": 2023},
                {"name": "chirurgien_dentiste", "vintage": 2023},
                {"name": "sage_femme", "vintage": 2023},
            ],
            "outputs": {"directory": str(output_dir), "maps_directory": str(maps_dir)},
        },
        base_dir=Path.cwd(),
        source="demo configuration",
    )
