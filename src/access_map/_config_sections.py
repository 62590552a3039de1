"""The sections of a ``territory.toml``, one parsing phase each, called in order by
:func:`access_map.config.parse_config` (kept apart so that ``config.py`` stays one screenful of dataclasses and
value checks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .apl import AGE_WEIGHTS
from .config import (
    ConfigError,
    OutputsConfig,
    ProfessionConfig,
    SourcesConfig,
    SupplyConfig,
    TravelConfig,
    ZoningConfig,
    _as_table,
    _bounded,
    _check_keys,
    _choice,
    _fetch_spec,
    _flag,
    _integer,
    _is_fetch,
    _number,
    _number_list,
    _path,
    _table,
    _toml_key,
)
from .errors import AccessMapError
from .extras import routing_available
from .messages import config as C
from .messages import validation as M
from .messages.install import extra_manquant
from .schema import PROFESSIONS
from .territory.loader import SOURCE_KEYS


def _parse_top_level(data: dict[str, Any], source: str) -> tuple[str, str, Any]:
    """Phase 1 of :func:`~access_map.config.parse_config`: the top-level keys, ``name``, ``label`` and the territory selection."""
    _check_keys(
        data,
        {
            "name",
            "label",
            "departements",
            "regions",
            "margin_km",
            "sources",
            "travel",
            "supply",
            "professions",
            "zoning",
            "msp",
            "outputs",
        },
        "le niveau principal du fichier",
        source,
    )
    name = data.get("name")
    if not isinstance(name, str) or name.strip() in {"", ".", ".."} or "/" in name or "\\" in name:
        raise ConfigError(C.nom_territoire(source=source, nom=name))
    label = str(data.get("label", name))
    selection = _selection(data, source)
    return name, label, selection


def _source_year(value: Any, key: str, source: str) -> int:
    """A year of ``[sources]`` (``drees_apl_year``...): an integer within :data:`BOUNDS` ``["year"]``."""
    return int(_bounded(_integer(value, f"sources.{key}", source), f"sources.{key}", source, "year"))


def _parse_sources(data: dict[str, Any], base: Path, source: str) -> SourcesConfig:
    """Phase 2 of :func:`~access_map.config.parse_config`: ``[sources]`` (files, datasets to fetch, workbook years), complete enough."""
    src = _table(data, "sources", source)
    _check_keys(
        src,
        {"demo", "standardised_population_year", "drees_apl_year", "drees_apl_previous_year", *SOURCE_KEYS},
        "[sources]",
        source,
    )
    demo = _flag(src.pop("demo", False), "sources.demo", source)
    std_year = src.pop("standardised_population_year", None)
    apl_year = src.pop("drees_apl_year", None)
    previous_year = src.pop("drees_apl_previous_year", None)
    fetched = {k: _fetch_spec(v, f"sources.{k}", source) for k, v in src.items() if _is_fetch(v)}
    files = {k: _path(v, base, f"sources.{k}", source) for k, v in src.items() if not _is_fetch(v)}
    if not demo and not files and not fetched:
        raise ConfigError(C.sources_vides(source=source, cles=SOURCE_KEYS))
    named = set(files) | set(fetched)
    if not demo and not ("drees_apl" in named and "practitioners" not in named):
        missing = [k for k in ("communes", "practitioners") if k not in named]
        if not {"population_by_age", "standardised_population", "drees_apl"} & named:
            missing.append("population_by_age (ou standardised_population, ou drees_apl)")
        if missing:
            raise ConfigError(C.sources_incompletes(source=source, manquantes=missing))
    if previous_year is not None and "drees_apl" not in named:
        raise ConfigError(C.apl_precedente_sans_classeur(source=source))
    return SourcesConfig(
        demo=demo,
        files=files,
        standardised_population_year=None
        if std_year is None
        else _source_year(std_year, "standardised_population_year", source),
        drees_apl_year=None if apl_year is None else _source_year(apl_year, "drees_apl_year", source),
        drees_apl_previous_year=None
        if previous_year is None
        else _source_year(previous_year, "drees_apl_previous_year", source),
        fetched=fetched,
    )


def _travel_number(tr: dict[str, Any], key: str, default: Any, source: str) -> float:
    """The number ``[travel] key`` (or ``default``) within its :data:`BOUNDS`."""
    return _bounded(_number(tr.get(key, default), f"travel.{key}", source), f"travel.{key}", source, f"travel.{key}")


def _parse_travel(data: dict[str, Any], base: Path, source: str) -> TravelConfig:
    """Phase 3 of :func:`~access_map.config.parse_config`: ``[travel]`` (method, its file or OSM extract, crow-fly parameters)."""
    tr = _table(data, "travel", source)
    _check_keys(
        tr,
        {"method", "path", "max_minutes", "intercept_minutes", "minutes_per_km", "columns", "osm", "profile"},
        "[travel]",
        source,
    )
    method = tr.get("method", "crow_fly")
    if not isinstance(method, str) or method not in {"crow_fly", "file", "osrm"}:
        raise ConfigError(C.methode_inconnue(source=source, methode=method))
    if method == "file" and "path" not in tr:
        raise ConfigError(C.methode_file_sans_chemin(source=source))
    if method == "osrm" and "osm" not in tr:
        raise ConfigError(C.methode_osrm_sans_extrait(source=source))
    if method == "osrm" and not routing_available():
        raise ConfigError(f"{source} : " + extra_manquant(usage='[travel] method = "osrm"'))
    osm = tr.get("osm")
    travel = TravelConfig(
        method=method,
        path=_path(tr["path"], base, "travel.path", source) if "path" in tr else None,
        max_minutes=_travel_number(tr, "max_minutes", None, source) if "max_minutes" in tr else None,
        intercept_minutes=_travel_number(tr, "intercept_minutes", 2.0, source),
        minutes_per_km=_travel_number(tr, "minutes_per_km", 1.32, source),
        columns=_table(tr, "columns", source, where="travel.columns"),
        osm_path=_path(osm, base, "travel.osm", source) if osm is not None and not _is_fetch(osm) else None,
        osm_fetch=_fetch_spec(osm, "travel.osm", source) if _is_fetch(osm) else None,
        profile=str(tr.get("profile", "car")),
    )
    if (
        (travel.max_minutes is not None and travel.max_minutes <= 0)
        or travel.minutes_per_km <= 0
        or travel.intercept_minutes < 0
    ):
        raise ConfigError(C.trajet_incoherent(source=source))
    return travel


def _parse_profession(i: int, p: dict[str, Any], source: str) -> ProfessionConfig:
    """One ``[[professions]]`` entry (number ``i``, from 0): name, age variants, catchment, vintage."""
    _check_keys(p, {"name", "vintage", "max_ages", "catchment_minutes"}, f"professions[{i}]", source)
    pname = p.get("name", "medecin_generaliste")
    if pname not in PROFESSIONS:
        raise ConfigError(
            C.profession_inconnue(source=source, ou=f"professions[{i}].name", nom=pname, connues=PROFESSIONS)
        )
    ages = tuple(
        None if a == 0 else int(a) for a in _number_list(p.get("max_ages", [0]), f"professions[{i}].max_ages", source)
    )
    bad = [a for a in ages if a not in (None, 65, 62, 60)]
    if bad:
        raise ConfigError(C.ages_inconnus(source=source, ou=f"professions[{i}].max_ages", trouves=bad))
    if not ages or len(set(ages)) != len(ages):  # no APL to compute, or one variant's tables written twice
        raise ConfigError(
            M.config_hors_bornes(
                source=source,
                cle=f"professions[{i}].max_ages",
                valeur=p.get("max_ages"),
                bornes="une liste non vide de variantes distinctes (0 pour tous les âges, 65, 62, 60)",
            )
        )
    catchment = p.get("catchment_minutes")
    if catchment is not None and not (isinstance(catchment, int | float) and catchment > 0):
        raise ConfigError(
            C.attraction_invalide(source=source, ou=f"professions[{i}].catchment_minutes", valeur=catchment)
        )
    if catchment is not None:
        key = f"professions[{i}].catchment_minutes"
        _bounded(_number(catchment, key, source), key, source, "catchment_minutes")
    vintage = _integer(p.get("vintage", 2023), f"professions[{i}].vintage", source)
    if pname != "sage_femme" and vintage not in AGE_WEIGHTS:  # official age weights of that vintage
        known = " ou ".join(str(v) for v in sorted(AGE_WEIGHTS))
        raise ConfigError(
            M.config_hors_bornes(
                source=source, cle=_toml_key(f"professions[{i}].vintage"), valeur=vintage, bornes=known
            )
        )
    return ProfessionConfig(
        name=pname,
        vintage=vintage,
        max_ages=ages,
        catchment_minutes=None if catchment is None else float(catchment),
    )


def _parse_professions(data: dict[str, Any], sources: SourcesConfig, source: str) -> list[ProfessionConfig]:
    """Phase 4 of :func:`~access_map.config.parse_config`: ``[[professions]]``, at least one, each once, GPs only for the workbook."""
    entries = data.get("professions", [{"name": "medecin_generaliste", "max_ages": [0, 65]}])
    if not isinstance(entries, list):
        raise ConfigError(
            C.doit_etre(
                source=source,
                cle="professions",
                attendu=C.une_liste_de_tables(section="[[professions]]"),
                valeur=entries,
            )
        )
    profs = [
        _parse_profession(i, _as_table(p, f"[[professions]] n° {i + 1}", source), source) for i, p in enumerate(entries)
    ]
    if not profs:
        raise ConfigError(C.professions_vides(source=source))
    names = [p.name for p in profs]
    if len(set(names)) < len(names):
        twice = [n for n in dict.fromkeys(names) if names.count(n) > 1]
        raise ConfigError(M.config_profession_en_double(source=source, professions=twice))
    if sources.publishes and [p.name for p in profs] != ["medecin_generaliste"]:
        raise ConfigError(C.classeur_medecins_seulement(source=source, professions=[p.name for p in profs]))
    return profs


def _parse_supply(data: dict[str, Any], source: str) -> SupplyConfig:
    """Phase 5 of :func:`~access_map.config.parse_config`: ``[supply]`` (imputed acts, partial coverage, establishments)."""
    sup = _table(data, "supply", source)
    _check_keys(sup, {"impute_acts", "partial", "include_establishments"}, "[supply]", source)
    impute = sup.get("impute_acts")
    if impute is True:
        impute = 5400.0  # DREES: acts imputed to a GP without liberal activity the previous year
    if impute is not None and impute is not False and not (isinstance(impute, int | float) and impute >= 0):
        raise ConfigError(C.imputation_invalide(source=source, valeur=impute))
    if impute not in (None, False):
        _bounded(_number(impute, "supply.impute_acts", source), "supply.impute_acts", source, "supply.impute_acts")
    return SupplyConfig(
        impute_acts=None if impute in (None, False) else float(impute),
        partial=_flag(sup.get("partial", False), "supply.partial", source),
        include_establishments=_flag(sup.get("include_establishments", False), "supply.include_establishments", source),
    )


def _parse_zoning(
    data: dict[str, Any], profs: list[ProfessionConfig], sources: SourcesConfig, source: str
) -> ZoningConfig:
    """Phase 6 of :func:`~access_map.config.parse_config`: ``[zoning]`` (rule set, APL variant checked against the professions)."""
    zo = _table(data, "zoning", source)
    _check_keys(zo, {"rules", "max_age"}, "[zoning]", source)
    zmax = zo.get("max_age", 65)
    zoning = ZoningConfig(
        rules=str(zo.get("rules", "2017")), max_age=None if not zmax else _integer(zmax, "zoning.max_age", source)
    )
    _check_zoning_age(zoning.max_age, profs, sources, source, explicit="max_age" in zo)
    return zoning


def _parse_msp(data: dict[str, Any], source: str) -> tuple[float, ...]:
    """Phase 7 of :func:`~access_map.config.parse_config`: ``[msp] minutes``, distinct durations within their bounds."""
    ms = _table(data, "msp", source)
    _check_keys(ms, {"minutes"}, "[msp]", source)
    msp_minutes = tuple(
        _bounded(m, f"msp.minutes[{k}]", source, "msp.minutes")
        for k, m in enumerate(_number_list(ms.get("minutes", [10, 20]), "msp.minutes", source))
    )
    if len(set(msp_minutes)) != len(msp_minutes):  # one output file per distance: a repeated one would be overwritten
        raise ConfigError(
            M.config_hors_bornes(
                source=source, cle="[msp] minutes", valeur=list(msp_minutes), bornes="des durées distinctes"
            )
        )
    return msp_minutes


def _table_formats(ou: dict[str, Any], source: str) -> tuple[str, ...]:
    """``[outputs] table_formats``: a non-empty list of distinct formats among csv, parquet, gpkg."""
    raw_formats = ou.get("table_formats", ["csv", "parquet", "gpkg"])
    if not isinstance(raw_formats, list) or not raw_formats:
        raise ConfigError(
            C.doit_etre(
                source=source,
                cle="outputs.table_formats",
                attendu="une liste non vide de formats parmi csv, parquet, gpkg",
                valeur=raw_formats,
                detail="sans format, le refresh n'écrirait aucun tableau",
            )
        )
    formats = tuple(raw_formats)
    badf = [f for f in formats if not isinstance(f, str) or f not in {"csv", "parquet", "gpkg"}]
    if badf:
        raise ConfigError(
            C.valeurs_permises(source=source, cle="outputs.table_formats", permises="csv, parquet, gpkg", trouve=badf)
        )
    if len(set(formats)) != len(formats):
        raise ConfigError(
            M.config_hors_bornes(
                source=source, cle="outputs.table_formats", valeur=list(formats), bornes="des formats distincts"
            )
        )
    return formats


def _parse_outputs(data: dict[str, Any], name: str, base: Path, source: str) -> OutputsConfig:
    """Phase 8 of :func:`~access_map.config.parse_config`: ``[outputs]`` (folders, table formats, maps and raster options)."""
    ou = _table(data, "outputs", source)
    _check_keys(
        ou,
        {
            "directory",
            "maps_directory",
            "table_formats",
            "png",
            "raster",
            "raster_resolution_m",
            "self_contained",
            "basemap",
            "split_maps",
        },
        "[outputs]",
        source,
    )
    formats = _table_formats(ou, source)
    split = _choice(ou.get("split_maps", "auto"), ("auto", "region", "none"), "outputs.split_maps", source)
    return OutputsConfig(
        directory=_path(ou.get("directory", f"out/{name}"), base, "outputs.directory", source),
        maps_directory=_path(ou.get("maps_directory", f"maps/{name}"), base, "outputs.maps_directory", source),
        table_formats=formats,
        png=_flag(ou.get("png", True), "outputs.png", source),
        raster=_flag(ou.get("raster", True), "outputs.raster", source),
        raster_resolution_m=_bounded(
            _number(ou.get("raster_resolution_m", 1000.0), "outputs.raster_resolution_m", source),
            "outputs.raster_resolution_m",
            source,
            "outputs.raster_resolution_m",
        ),
        self_contained=_flag(ou.get("self_contained", True), "outputs.self_contained", source),
        basemap=_flag(ou.get("basemap", False), "outputs.basemap", source),
        split_maps=split,
    )


def _check_zoning_age(
    max_age: int | None, profs: list[ProfessionConfig], sources: SourcesConfig, source: str, *, explicit: bool
) -> None:
    """``[zoning] max_age`` is an APL variant (0, 65, 62, 60) and, when written in the file (``explicit``) and the
    run zones (demo, or TVS and caps given), one that the GP profession computes: checked now rather than after the
    APL is computed. (The default, 65, is left to the zoning step: a territory used only for its APL, by a
    scenario, needs no ≤ 65 variant.)"""
    if max_age not in (None, 65, 62, 60):
        raise ConfigError(
            M.config_hors_bornes(source=source, cle="[zoning] max_age", valeur=max_age, bornes="0 (tous), 65, 62 ou 60")
        )
    gp = next((p for p in profs if p.name == "medecin_generaliste"), None)
    zones = sources.demo or {"tvs", "zoning_caps"} <= sources.names()
    if explicit and gp is not None and zones and not sources.publishes and max_age not in gp.max_ages:
        raise ConfigError(M.config_zonage_sans_variante(source=source, age=max_age or 0))


def _selection(data: dict[str, Any], source: str) -> Any:
    """The territory selection of the top level (``departements``, ``regions``, ``margin_km``)."""
    from .territory import TerritorySelection

    lists = {}
    for key in ("departements", "regions"):
        value = data.get(key, [])
        if isinstance(value, str) or not isinstance(value, list):
            raise ConfigError(C.doit_etre(source=source, cle=key, attendu=C.exemple_codes(cle=key), valeur=value))
        lists[key] = tuple(str(v) for v in value)
    margin = data.get("margin_km")
    try:
        return TerritorySelection(
            departements=lists["departements"],
            regions=lists["regions"],
            margin_km=None
            if margin is None
            else _bounded(_number(margin, "margin_km", source), "margin_km", source, "margin_km"),
        )
    except ConfigError:
        raise
    except AccessMapError as exc:
        raise ConfigError(C.selection_invalide(source=source, detail=str(exc))) from exc
