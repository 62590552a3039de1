"""The refresh configuration (``territory.toml``): sources, vintages, professions, outputs.

A configuration is parsed once into frozen dataclasses; unknown keys are errors
(a misspelt option must not be silently ignored). Relative paths are resolved
against the folder of the configuration file.

Example ``territory.toml``::

    name = "occitanie"
    label = "Occitanie — APL 2023"
    regions = ["76"]          # optional territory: departements = ["31", "34"] and/or regions = [...]
    # margin_km = 30          # context kept around it for the APL (default: twice the catchment reach)

    [sources]                                       # a path, or "fetch:DATASET[@VINTAGE]" (access-map fetch --list)
    communes = "data/ADMIN-EXPRESS.gpkg"          # IGN ADMIN EXPRESS or etalab contours
    # chefs_lieux = "data/cheflieu.geojson.gz"     # commune points (default: chflieu layer, else inside polygons)
    # cog_communes = "data/communes_cog2024.csv"   # COG commune list: department/region/name of communes the
    #                                              # other files lack (same COG vintage as the contours)
    populations = "fetch:insee_populations_legales@2021"
    # drees_apl = "data/apl_generalistes_2022_2023_drees.xlsx"  # without practitioners: the atlas of the
    #                                  published APL (no computation; drees_apl_year, default the latest sheet,
    #                                  and drees_apl_previous_year, default the sheet before it, for the change)
    # appartenance = "data/table-appartenance-geo-communes-22.csv.gz"  # regions; TVS proxy without tvs
    # cog_departements = "data/departements.csv"   # COG tables: names of departments and regions
    # cog_regions = "data/regions.csv"
    population_by_age = "data/pop-sexe-age-quinquennal.csv"   # or, GPs only:
    # standardised_population = "data/population_standardisee_mg.csv.gz"  (DREES)
    # standardised_population_year = 2021
    practitioners = "data/activite_praticiens.csv"  # activity format, Annuaire santé or 2017 RPPS layout
    msp = "data/etalab-cs1100507-stock.csv"         # FINESS etalab extraction
    cpts = "data/cpts.csv"
    tvs = "data/tvs.csv"
    qpv = "data/qpv.csv"
    zoning_caps = "data/plafonds.csv"
    previous_zoning = "data/zonage_ars_2022.csv"

    [travel]
    method = "crow_fly"     # or "file" with path = "metric.parquet"
    # max_minutes: by default the APL presets' catchment (20 minutes, DREES); a smaller value is refused

    [supply]
    # impute_acts = 5400    # GPs without activity (Annuaire santé, RPPS) get these acts (true = 5,400)
    # partial = true        # the practitioner file leaves departments without any practitioner on purpose:
    #                       # stated in the console, the report and every table instead of an error
    # include_establishments = true  # keep RPPS 2017 GPs practising only in an establishment (left out, as DREES)

    [[professions]]
    name = "medecin_generaliste"
    vintage = 2023
    max_ages = [0, 65]      # 0 = all practitioners
    # catchment_minutes = 15  # explicit change of the preset's catchment (reported)

    [zoning]
    rules = "2017"
    max_age = 65

    [msp]
    minutes = [10, 20]

    [outputs]
    directory = "out/occitanie"
    maps_directory = "maps/occitanie"
    split_maps = "auto"     # interactive maps per region above 6,000 communes ("region", "none")

Examples
--------
>>> cfg = parse_config({"name": "x", "sources": {"demo": True}})
>>> cfg.professions[0].name, cfg.travel.max_minutes, cfg.outputs.maps_directory.name  # None: the preset's 20 min
('medecin_generaliste', None, 'x')
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from .apl import AGE_WEIGHTS
from .errors import AccessMapError, SourceError
from .extras import routing_available
from .messages import config as C
from .messages import validation as M
from .messages.install import extra_manquant
from .readers._io import reads_input
from .schema import PROFESSIONS
from .territory.loader import SOURCE_KEYS

__all__ = [
    "SOURCE_KEYS",
    "SourcesConfig",
    "TravelConfig",
    "ProfessionConfig",
    "ZoningConfig",
    "OutputsConfig",
    "SupplyConfig",
    "RefreshConfig",
    "load_config",
    "parse_config",
]


class ConfigError(AccessMapError):
    """The configuration file is malformed."""


def _check_keys(section: dict[str, Any], allowed: set[str], where: str, source: str) -> None:
    unknown = sorted(set(section) - allowed)
    if unknown:
        raise ConfigError(C.cles_inconnues(source=source, cles=unknown, ou=where, permises=allowed))


@dataclass(frozen=True)
class SourcesConfig:
    """Input files. ``demo=True`` takes every input from the embedded demo territory."""

    demo: bool = False
    files: dict[str, Path] = field(default_factory=dict)
    standardised_population_year: int | None = None
    drees_apl_year: int | None = None
    #: earlier sheet of the DREES workbook compared with ``drees_apl_year`` in the published atlas
    #: (``None``: the sheet before it, when the workbook has one; ``0``: no comparison)
    drees_apl_previous_year: int | None = None
    #: inputs to download with :func:`access_map.datasets.fetch`: key -> (dataset name, vintage or None)
    fetched: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def get(self, key: str) -> Path | None:
        """Path of input ``key`` or ``None`` (downloaded inputs are resolved by the refresh)."""
        return self.files.get(key)

    def names(self) -> set[str]:
        """Every input named, as a file or as a dataset to fetch."""
        return set(self.files) | set(self.fetched)

    @property
    def publishes(self) -> bool:
        """The published-APL entry: a DREES APL workbook and no practitioner file (nothing to compute)."""
        return not self.demo and "drees_apl" in self.names() and "practitioners" not in self.names()


@dataclass(frozen=True)
class TravelConfig:
    """Travel times: crow-fly model from commune points, a long table file, or road times (OSRM).

    ``max_minutes``: ``None`` (default) takes the largest catchment of the APL presets (and of the MSP
    distances); a value below an APL catchment is refused, since it would silently change the APL.

    ``method = "osrm"`` computes road times in process from an OpenStreetMap extract: ``osm`` is a
    path (``osm_path``) or ``"fetch:NAME[@VINTAGE]"`` of a registry extract (``osm_fetch``, e.g.
    ``fetch:osm_aquitaine``); ``profile`` is the OSRM profile (``car``).
    """

    method: str = "crow_fly"
    path: Path | None = None
    max_minutes: float | None = None
    intercept_minutes: float = 2.0
    minutes_per_km: float = 1.32
    columns: dict[str, str] = field(default_factory=dict)
    osm_path: Path | None = None
    osm_fetch: tuple[str, str | None] | None = None
    profile: str = "car"


@dataclass(frozen=True)
class ProfessionConfig:
    """One profession's APL: vintage of the parameters and practitioner-age variants (``None`` = all)."""

    name: str = "medecin_generaliste"
    vintage: int = 2023
    max_ages: tuple[int | None, ...] = (None, 65)
    #: explicit change of the preset's catchment (minutes); ``None`` keeps the preset's (20, DREES)
    catchment_minutes: float | None = None


@dataclass(frozen=True)
class SupplyConfig:
    """Practitioner supply.

    ``impute_acts``: acts given to GPs without activity (``None``: no imputation). ``partial``: the
    practitioner file does not cover the whole territory, on purpose (departments or large communes
    without any practitioner are then stated, not an error: :func:`access_map.supply.check_supply_coverage`).
    ``include_establishments``: keep the activity in FINESS establishments of a 2017 RPPS file (left
    out by default, as in the DREES APL).
    """

    impute_acts: float | None = None
    partial: bool = False
    include_establishments: bool = False


@dataclass(frozen=True)
class ZoningConfig:
    """GP zoning: rule set and the APL variant it uses (≤65 by default)."""

    rules: str = "2017"
    max_age: int | None = 65


@dataclass(frozen=True)
class OutputsConfig:
    """Where and what to write."""

    directory: Path = Path("out")
    maps_directory: Path = Path("maps")
    table_formats: tuple[str, ...] = ("csv", "parquet", "gpkg")
    png: bool = True
    raster: bool = True
    raster_resolution_m: float = 1000.0
    self_contained: bool = True
    basemap: bool = False
    split_maps: str = "auto"


@dataclass(frozen=True)
class RefreshConfig:
    """A whole refresh configuration."""

    name: str
    label: str
    sources: SourcesConfig
    departements: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    margin_km: float | None = None
    travel: TravelConfig = TravelConfig()
    supply: SupplyConfig = SupplyConfig()
    professions: tuple[ProfessionConfig, ...] = (ProfessionConfig(),)
    zoning: ZoningConfig = ZoningConfig()
    msp_minutes: tuple[float, ...] = (10.0, 20.0)
    outputs: OutputsConfig = OutputsConfig()
    source_file: Path | None = None

    def selection(self) -> Any:
        """The :class:`~access_map.territory.TerritorySelection` of ``departements``, ``regions``, ``margin_km``."""
        from .territory import TerritorySelection

        return TerritorySelection(departements=self.departements, regions=self.regions, margin_km=self.margin_km)


_FETCH_PREFIX = "fetch:"


def _number(value: Any, key: str, source: str) -> float:
    """A TOML number (int or float, not a string nor a boolean), or a :class:`ConfigError` naming the key."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(
            C.doit_etre(
                source=source, cle=key, attendu=C.exemple_nombre(cle=key), valeur=value, detail=C.NOMBRE_SANS_GUILLEMETS
            )
        )
    if not math.isfinite(value):  # TOML has inf and nan
        raise ConfigError(
            M.config_hors_bornes(source=source, cle=_toml_key(key), valeur=value, bornes="un nombre fini")
        )
    return float(value)


#: Bounds (inclusive; ``low_open``: the low bound excluded) of the numbers of a ``territory.toml``, checked when
#: the file is parsed, before any input is read: a value outside names its key.
BOUNDS: dict[str, tuple[float, float, bool]] = {
    "travel.max_minutes": (0.0, 180.0, True),
    "travel.intercept_minutes": (0.0, 60.0, False),
    "travel.minutes_per_km": (0.2, 30.0, False),  # 300 km/h to 2 km/h (travel.calibration)
    "margin_km": (0.0, 500.0, False),
    "catchment_minutes": (0.0, 180.0, True),
    "msp.minutes": (0.0, 180.0, True),
    "supply.impute_acts": (0.0, 100_000.0, False),  # no GP does 100,000 acts a year (the DREES bound is 6,000)
    "outputs.raster_resolution_m": (10.0, 100_000.0, False),  # 10 m (finer than any commune) to 100 km
    "year": (1990.0, 2100.0, False),
}


def _toml_key(key: str) -> str:
    """``msp.minutes[0]`` -> ``[msp] minutes[0]``; ``professions[0].vintage`` -> ``[[professions]] 1 vintage``."""
    if key.startswith("professions["):
        index, _, rest = key[len("professions[") :].partition("].")
        return f"[[professions]] n° {int(index) + 1} : {rest}"
    section, _, rest = key.partition(".")
    return f"[{section}] {rest}" if rest else key


def _bounded(value: float, key: str, source: str, bounds: str) -> float:
    """``value`` if within :data:`BOUNDS` ``[bounds]``, else a :class:`ConfigError` naming the TOML key."""
    low, high, low_open = BOUNDS[bounds]
    if (value <= low if low_open else value < low) or value > high:
        span = f"{'plus de' if low_open else 'entre'} {low:g}{' et au plus' if low_open else ' et'} {high:g}"
        raise ConfigError(M.config_hors_bornes(source=source, cle=_toml_key(key), valeur=value, bornes=span))
    return value


def _integer(value: Any, key: str, source: str) -> int:
    """A TOML integer, or a :class:`ConfigError` naming the key."""
    number = _number(value, key, source)
    if not number.is_integer():
        raise ConfigError(C.doit_etre(source=source, cle=key, attendu=C.UN_ENTIER, valeur=value))
    return int(number)


def _number_list(value: Any, key: str, source: str) -> list[float]:
    """A TOML list of numbers (``[0, 65]``), or a :class:`ConfigError` naming the key."""
    if not isinstance(value, list):
        raise ConfigError(C.doit_etre(source=source, cle=key, attendu=C.exemple_liste_nombres(cle=key), valeur=value))
    return [_number(v, f"{key}[{i}]", source) for i, v in enumerate(value)]


def _flag(value: Any, key: str, source: str) -> bool:
    """A TOML boolean (``true``/``false``), or a :class:`ConfigError` naming the key."""
    if not isinstance(value, bool):
        raise ConfigError(C.doit_etre(source=source, cle=key, attendu=C.VRAI_OU_FAUX, valeur=value))
    return value


def _is_fetch(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and value.startswith(_FETCH_PREFIX)


def _fetch_spec(value: str, where: str, source: str) -> tuple[str, str | None]:
    """Parse ``"fetch:NAME"`` or ``"fetch:NAME@VINTAGE"``; the name must be in the download registry."""
    from .datasets.download import list_datasets

    name, _, vintage = value[len(_FETCH_PREFIX) :].partition("@")
    registry = list_datasets()
    known = sorted(set(registry["name"]))
    if name not in known:
        raise ConfigError(C.jeu_inconnu(source=source, ou=where, valeur=value, nom=name, connus=known))
    if vintage:
        vintages = sorted(set(registry.loc[registry["name"] == name, "vintage"].astype(str)))
        if vintage not in vintages:
            raise ConfigError(
                C.millesime_inconnu(source=source, ou=where, valeur=value, nom=name, millesime=vintage, connus=vintages)
            )
    return name, vintage or None


def _path(value: Any, base: Path, where: str, source: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(C.chemin_vide(source=source, ou=where, valeur=value))
    p = Path(value).expanduser()
    return p if p.is_absolute() else (base / p)


def parse_config(data: dict[str, Any], *, base_dir: str | Path = ".", source: str = "configuration") -> RefreshConfig:
    """Build a :class:`RefreshConfig` from a parsed TOML mapping.

    Parameters
    ----------
    data
        The TOML content as a dict.
    base_dir
        Folder against which relative paths are resolved (the config file's folder).
    source
        Name used in error messages.

    Examples
    --------
    >>> cfg = parse_config({"name": "t", "sources": {"demo": True}, "professions": [{"name": "infirmier"}]})
    >>> cfg.professions[0].name, cfg.professions[0].max_ages
    ('infirmier', (None,))
    """
    base = Path(base_dir)
    name, label, selection = _parse_top_level(data, source)
    sources = _parse_sources(data, base, source)
    travel = _parse_travel(data, base, source)
    profs = _parse_professions(data, sources, source)
    supply = _parse_supply(data, source)
    zoning = _parse_zoning(data, profs, sources, source)
    msp_minutes = _parse_msp(data, source)
    outputs = _parse_outputs(data, name, base, source)
    return RefreshConfig(
        name=name,
        label=label,
        sources=sources,
        departements=selection.departements,
        regions=selection.regions,
        margin_km=selection.margin_km,
        travel=travel,
        supply=supply,
        professions=tuple(profs),
        zoning=zoning,
        msp_minutes=msp_minutes,
        outputs=outputs,
    )


def _parse_top_level(data: dict[str, Any], source: str) -> tuple[str, str, Any]:
    """Phase 1 of :func:`parse_config`: the top-level keys, ``name``, ``label`` and the territory selection."""
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
    """Phase 2 of :func:`parse_config`: ``[sources]`` (files, datasets to fetch, workbook years), complete enough."""
    src = dict(data.get("sources", {}))
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
    """Phase 3 of :func:`parse_config`: ``[travel]`` (method, its file or OSM extract, crow-fly parameters)."""
    tr = dict(data.get("travel", {}))
    _check_keys(
        tr,
        {"method", "path", "max_minutes", "intercept_minutes", "minutes_per_km", "columns", "osm", "profile"},
        "[travel]",
        source,
    )
    method = tr.get("method", "crow_fly")
    if method not in {"crow_fly", "file", "osrm"}:
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
        columns=dict(tr.get("columns", {})),
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
    """Phase 4 of :func:`parse_config`: ``[[professions]]``, at least one, each once, GPs only for the workbook."""
    profs = [
        _parse_profession(i, p, source)
        for i, p in enumerate(data.get("professions", [{"name": "medecin_generaliste", "max_ages": [0, 65]}]))
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
    """Phase 5 of :func:`parse_config`: ``[supply]`` (imputed acts, partial coverage, establishments)."""
    sup = dict(data.get("supply", {}))
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
    """Phase 6 of :func:`parse_config`: ``[zoning]`` (rule set, APL variant checked against the professions)."""
    zo = dict(data.get("zoning", {}))
    _check_keys(zo, {"rules", "max_age"}, "[zoning]", source)
    zmax = zo.get("max_age", 65)
    zoning = ZoningConfig(
        rules=str(zo.get("rules", "2017")), max_age=None if not zmax else _integer(zmax, "zoning.max_age", source)
    )
    _check_zoning_age(zoning.max_age, profs, sources, source, explicit="max_age" in zo)
    return zoning


def _parse_msp(data: dict[str, Any], source: str) -> tuple[float, ...]:
    """Phase 7 of :func:`parse_config`: ``[msp] minutes``, distinct durations within their bounds."""
    ms = dict(data.get("msp", {}))
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
    if len(set(formats)) != len(formats):
        raise ConfigError(
            M.config_hors_bornes(
                source=source, cle="outputs.table_formats", valeur=list(formats), bornes="des formats distincts"
            )
        )
    badf = [f for f in formats if f not in {"csv", "parquet", "gpkg"}]
    if badf:
        raise ConfigError(
            C.valeurs_permises(source=source, cle="outputs.table_formats", permises="csv, parquet, gpkg", trouve=badf)
        )
    return formats


def _parse_outputs(data: dict[str, Any], name: str, base: Path, source: str) -> OutputsConfig:
    """Phase 8 of :func:`parse_config`: ``[outputs]`` (folders, table formats, maps and raster options)."""
    ou = dict(data.get("outputs", {}))
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
    split = ou.get("split_maps", "auto")
    if split not in {"auto", "region", "none"}:
        raise ConfigError(
            C.valeurs_permises(source=source, cle="outputs.split_maps", permises="auto, region, none", trouve=split)
        )
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


@reads_input
def load_config(path: str | Path) -> RefreshConfig:
    """Read and validate a ``territory.toml`` refresh configuration.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.toml"
    >>> _ = p.write_text('name = "demo"\\n[sources]\\ndemo = true\\n')
    >>> load_config(p).sources.demo
    True
    """
    from .readers._io import read_config_text

    p = Path(path)
    try:
        data = tomllib.loads(read_config_text(p))  # read once, bounded: a pipe or /dev/zero cannot hang it
    except FileNotFoundError as exc:
        raise SourceError(C.fichier_absent(chemin=p)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(C.toml_invalide(chemin=p, detail=exc)) from exc
    cfg = parse_config(data, base_dir=p.resolve().parent, source=str(p))
    return RefreshConfig(**{**cfg.__dict__, "source_file": p.resolve()})
