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

from .errors import AccessMapError, SourceError
from .messages import config as C
from .messages import validation as M
from .readers._io import reads_input
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


def _table(data: dict[str, Any], key: str, source: str, *, where: str | None = None) -> dict[str, Any]:
    """The section ``key`` of ``data`` (a TOML table; empty when absent), or a :class:`ConfigError` naming it.

    Examples
    --------
    >>> _table({"msp": {"minutes": [10]}}, "msp", "t.toml")
    {'minutes': [10]}
    >>> _table({"msp": 5}, "msp", "t.toml")
    Traceback (most recent call last):
    access_map.config.ConfigError: t.toml : [msp] doit être une table (une section [msp] suivie de ses clés) ; trouvé : 5
    """
    return _as_table(data.get(key, {}), where or f"[{key}]", source)


def _as_table(value: Any, where: str, source: str) -> dict[str, Any]:
    """``value`` if it is a TOML table, else a :class:`ConfigError` naming the section ``where``."""
    if not isinstance(value, dict):
        raise ConfigError(C.doit_etre(source=source, cle=where, attendu=C.une_table(section=where), valeur=value))
    return dict(value)


def _choice(value: Any, allowed: tuple[str, ...], key: str, source: str) -> str:
    """``value`` if it is one of the texts ``allowed``, else a :class:`ConfigError` naming ``key``."""
    if not isinstance(value, str) or value not in allowed:
        raise ConfigError(C.valeurs_permises(source=source, cle=key, permises=", ".join(allowed), trouve=value))
    return value


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
    from ._config_sections import (
        _parse_msp,
        _parse_outputs,
        _parse_professions,
        _parse_sources,
        _parse_supply,
        _parse_top_level,
        _parse_travel,
        _parse_zoning,
    )

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
