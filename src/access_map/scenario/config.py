"""The ``scenario.toml`` of ``access-map scenario``: territory, baseline, scenarios, placement, uncertainty, outputs.

Example (paths relative to the file)::

    label = "Démo — scénarios"
    territory = "demo"                 # or a refresh configuration: territory = "territoire.toml"

    [baseline]
    vintage = 2023                     # APL parameters (age weights) of this vintage
    max_age = 65                       # the ≤65 APL of the zoning; 0 = all ages
    # official_apl = "apl_generalistes_2022_2023_drees.xlsx"   # start from the official APL (implied supply)
    # official_year = 2023

    [[scenarios]]
    name = "retraites_62"
    label = "Départ des médecins de 62 ans et plus d'ici 3 ans"
    changes = [{ kind = "retirement", min_age = 62, horizon_years = 3 }]

    [[scenarios]]
    name = "cinquieme"
    label = "Un cinquième des médecins du département 96 partent"
    changes = [{ kind = "supply_share", share = -0.2, departements = ["96"] }]

    [[scenarios]]
    name = "msp"
    changes = [{ kind = "open_msp", commune = "96150", practitioners = 4, acts_per_practitioner = 5000 }]

    [placement]
    sites = 5
    capacity_acts = 20000
    objective = "lifted"               # or "national_selection", "floor"

    [uncertainty]
    draws = 500
    seed = 1

    [outputs]
    directory = "out/scenarios"
    maps_directory = "maps/scenarios"

Change kinds: ``retirement`` (``min_age``, ``horizon_years``, ``communes``, ``age_remaining``), ``add_practitioners`` /
``remove_practitioners`` (``commune``, ``practitioners``, ``acts_per_practitioner``), ``supply_share``
(``share``: -0.2 = a fifth of the supply leaves, 0.1 = a tenth more arrives; ``communes``, ``departements``,
``regions``: where, default the whole territory studied), ``open_msp``
(``commune``, ``practitioners``, ``acts_per_practitioner``), ``close_site`` (``commune``),
``population`` (``factor``, or ``factors = {commune = factor}`` with ``default``), ``age_bands``
(``factors = {age_75_79 = 1.2, ...}``), ``travel`` (``factor`` on every time, or ``times`` = a file).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..apl import AGE_WEIGHTS
from ..config import ConfigError, _as_table
from ..errors import InvalidValueError
from ..messages import config as C
from ..messages import nombre
from ..messages import validation as M
from ..readers._io import reads_input
from .changes import (
    Change,
    ChangePractitioners,
    CloseSite,
    OpenMSP,
    ProjectAgeBands,
    Retirement,
    ScalePopulation,
    SupplyShare,
)
from .placement import OBJECTIVES
from .uncertainty import UncertaintyModel

__all__ = [
    "ScenarioConfig",
    "ScenarioSpec",
    "TravelFactor",
    "TravelFile",
    "PlacementConfig",
    "UncertaintyConfig",
    "load_scenario_config",
    "parse_scenario_config",
    "check_scenario_communes",
    "scenario_communes",
]


@dataclass(frozen=True)
class TravelFactor:
    """Travel change: every time × ``factor`` (applied to the baseline's table)."""

    factor: float


@dataclass(frozen=True)
class TravelFile:
    """Travel change: another time table read from ``path``."""

    path: Path


@dataclass(frozen=True)
class ScenarioSpec:
    """One scenario of the file: name, label and its changes (travel ones resolved at run time)."""

    name: str
    label: str
    changes: tuple[Change | TravelFactor | TravelFile, ...]


@dataclass(frozen=True)
class PlacementConfig:
    """``[placement]``: k sites of ``capacity_acts`` each for an objective and threshold."""

    sites: int = 5
    capacity_acts: float = 20000.0
    objective: str = "lifted"
    threshold: float | None = None


@dataclass(frozen=True)
class UncertaintyConfig:
    """``[uncertainty]``: the Monte Carlo settings (see :class:`~access_map.scenario.UncertaintyModel`)."""

    draws: int = 500
    seed: int = 0
    travel_sigma: float = 0.2
    travel_common_sigma: float = 0.05
    imputed_acts_low: float = 3600.0
    imputed_acts_high: float = 6000.0
    population_sigma: float = 0.0
    threshold_conventions: bool = True

    def model(self) -> UncertaintyModel:
        """The :class:`~access_map.scenario.UncertaintyModel` of these settings (checked on creation)."""
        return UncertaintyModel(
            draws=self.draws,
            seed=self.seed,
            travel_sigma=self.travel_sigma,
            travel_common_sigma=self.travel_common_sigma,
            imputed_acts_range=(self.imputed_acts_low, self.imputed_acts_high),
            population_sigma=self.population_sigma,
            threshold_conventions=self.threshold_conventions,
        )


@dataclass(frozen=True)
class ScenarioConfig:
    """A whole ``scenario.toml``."""

    label: str
    territory: str | Path
    vintage: int = 2023
    max_age: int | None = 65
    official_apl: Path | None = None
    official_year: int = 2023
    scenarios: tuple[ScenarioSpec, ...] = ()
    placement: PlacementConfig | None = None
    uncertainty: UncertaintyConfig | None = None
    directory: Path = Path("out/scenarios")
    maps_directory: Path = Path("maps/scenarios")
    top: int = 20
    source_file: Path | None = field(default=None, compare=False)


def _array(value: Any, where: str, source: str) -> list[Any]:
    """A TOML array (``[[scenarios]]``, ``changes = [...]``), or a :class:`ConfigError` naming ``where``."""
    if not isinstance(value, list):
        raise ConfigError(C.doit_etre(source=source, cle=where, attendu=C.UNE_LISTE, valeur=value))
    return value


def _keys(section: Mapping[str, Any], allowed: set[str], where: str, source: str) -> None:
    extra = sorted(set(section) - allowed)
    if extra:
        raise ConfigError(C.cles_inconnues(source=source, cles=extra, ou=where, permises=allowed))


def _number(value: Any, where: str, source: str, *, integer: bool = False) -> float:
    if isinstance(value, float) and not math.isfinite(value):  # TOML's inf and nan
        raise ConfigError(M.config_hors_bornes(source=source, cle=where, valeur=value, bornes="un nombre fini"))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and int(value) != value):
        kind = C.UN_ENTIER if integer else C.UN_NOMBRE
        raise ConfigError(C.doit_etre(source=source, cle=where, attendu=kind, valeur=value))
    return float(value)


#: Bounds of the numbers of a ``scenario.toml`` (inclusive), checked when the file is parsed, before any work:
#: a value outside names its key. ``None``: unbounded on that side.
BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "min_age": (15.0, 110.0),  # ages of practice, as the practitioner files (readers.activity: 15-110)
    "horizon_years": (0.0, 50.0),
    "practitioners": (1.0, 1000.0),  # per change, in one commune
    "acts_per_practitioner": (0.0, 100_000.0),  # no GP does 100,000 acts a year (the DREES bound is 6,000)
    "factor": (0.0, 10.0),  # population, age-band and travel factors: x10 is already beyond any projection
    "sites": (1.0, 100.0),
    "capacity_acts": (1.0, 1_000_000.0),
    "threshold": (0.0, 1000.0),
    "draws": (1.0, 10_000.0),  # draws x communes floats are kept: 10,000 x 35,000 communes = 2.8 GB
    "seed": (0.0, 2.0**32 - 1),
    "top": (1.0, 10_000.0),
}


def _bounded(value: float, key: str, source: str, bounds: str) -> float:
    """``value`` if within :data:`BOUNDS` ``[bounds]`` (and finite), else a :class:`ConfigError` naming ``key``."""
    low, high = BOUNDS[bounds]
    if not math.isfinite(value) or (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            span = f"entre {nombre(low, decimals=0 if low == int(low) else 2)} et {nombre(high, decimals=0)}"
        elif low is not None:
            span = f"au moins {nombre(low, decimals=0)}"
        else:
            span = f"au plus {nombre(high, decimals=0)}"
        raise ConfigError(M.config_hors_bornes(source=source, cle=key, valeur=value, bornes=span))
    return value


def _commune_codes(values: Any, key: str, source: str) -> tuple[str, ...]:
    """Well-formed commune codes (5-character INSEE strings), or a :class:`ConfigError` naming them."""
    from .._validate import INSEE_CODE_PATTERN

    items = list(values) if isinstance(values, (list, tuple)) else [values]
    codes = [str(v).strip().upper() for v in items]
    bad = [c for c in codes if not INSEE_CODE_PATTERN.match(c)]
    if bad:
        raise ConfigError(M.config_commune_invalide(source=source, cle=key, valeurs=bad))
    return tuple(codes)


def _boolean(value: Any, where: str, source: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(C.doit_etre(source=source, cle=where, attendu=C.VRAI_OU_FAUX, valeur=value))
    return value


_CHANGE_KEYS: dict[str, set[str]] = {
    "retirement": {"min_age", "horizon_years", "communes", "age_remaining"},
    "add_practitioners": {"commune", "practitioners", "acts_per_practitioner"},
    "remove_practitioners": {"commune", "practitioners", "acts_per_practitioner"},
    "supply_share": {"share", "communes", "departements", "regions"},
    "open_msp": {"commune", "practitioners", "acts_per_practitioner"},
    "close_site": {"commune"},
    "population": {"factor", "factors", "default"},
    "age_bands": {"factors", "communes"},
    "travel": {"factor", "times"},
}


def _codes(value: Any, where: str, source: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, list) or not value:
        raise ConfigError(C.doit_etre(source=source, cle=where, attendu=C.exemple_codes(cle=where), valeur=value))
    return tuple(str(c) for c in value)


def _supply_share(raw: Mapping[str, Any], where: str, source: str) -> SupplyShare:
    return SupplyShare(
        share=_number(raw.get("share"), f"{where}.share", source),
        communes=_codes(raw.get("communes"), f"{where}.communes", source),
        departements=_codes(raw.get("departements"), f"{where}.departements", source),
        regions=_codes(raw.get("regions"), f"{where}.regions", source),
    )


def _change(raw: Mapping[str, Any], where: str, base: Path, source: str) -> Change | TravelFactor | TravelFile:
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in _CHANGE_KEYS:
        raise ConfigError(C.type_de_changement(source=source, ou=where, connus=_CHANGE_KEYS, trouve=kind))
    _keys(raw, _CHANGE_KEYS[kind] | {"kind"}, where, source)
    acts = raw.get("acts_per_practitioner")
    acts_value = None
    if acts is not None:
        key = f"{where}.acts_per_practitioner"
        acts_value = _bounded(_number(acts, key, source), key, source, "acts_per_practitioner")

    def factor(value: Any, key: str) -> float:
        return _bounded(_number(value, key, source), key, source, "factor")

    def commune(key: str) -> str:
        if "commune" not in raw:
            raise ConfigError(C.cle_manquante(source=source, cle=f"{where}.commune", detail=C.COMMUNE_ATTENDUE))
        codes = _commune_codes(raw["commune"], f"{where}.commune", source)
        if len(codes) != 1:  # one commune per change of this kind
            raise ConfigError(
                C.doit_etre(source=source, cle=f"{where}.commune", attendu=C.UN_CODE_COMMUNE, valeur=raw["commune"])
            )
        return codes[0]

    def practitioners(default: Any) -> int:
        key = f"{where}.practitioners"
        n = abs(int(_number(raw.get("practitioners", default), key, source, integer=True)))
        return int(_bounded(float(n), key, source, "practitioners"))

    try:
        if kind == "retirement":
            communes = raw.get("communes")
            key_age, key_horizon = f"{where}.min_age", f"{where}.horizon_years"
            return Retirement(
                min_age=_bounded(_number(raw.get("min_age"), key_age, source), key_age, source, "min_age"),
                horizon_years=_bounded(
                    _number(raw.get("horizon_years", 0), key_horizon, source), key_horizon, source, "horizon_years"
                ),
                communes=_commune_codes(communes, f"{where}.communes", source) if communes is not None else None,
                age_remaining=_boolean(raw.get("age_remaining", True), f"{where}.age_remaining", source),
            )
        if kind in ("add_practitioners", "remove_practitioners"):
            n = practitioners(None)
            sign = 1 if kind == "add_practitioners" else -1
            return ChangePractitioners(commune("commune"), sign * abs(n), acts_value)
        if kind == "supply_share":
            return _supply_share(raw, where, source)
        if kind == "open_msp":
            return OpenMSP(commune("commune"), practitioners(4), acts_value)
        if kind == "close_site":
            return CloseSite(commune("commune"))
        if kind == "population":
            if "factors" in raw:
                by_commune = _as_table(raw["factors"], f"{where}.factors", source)
                _commune_codes(list(by_commune), f"{where}.factors", source)
                factors = {str(k).strip().upper(): factor(v, f"{where}.factors.{k}") for k, v in by_commune.items()}
                return ScalePopulation(factors, default=factor(raw.get("default", 1.0), f"{where}.default"))
            return ScalePopulation(factor(raw.get("factor"), f"{where}.factor"))
        if kind == "age_bands":
            bands = _as_table(raw.get("factors", {}), f"{where}.factors", source)
            factors = {str(k): factor(v, f"{where}.factors.{k}") for k, v in bands.items()}
            communes = raw.get("communes")
            return ProjectAgeBands(
                factors,
                communes=_commune_codes(communes, f"{where}.communes", source) if communes is not None else None,
            )
        if "times" in raw:
            return TravelFile((base / str(raw["times"])).resolve())
        return TravelFactor(factor(raw.get("factor"), f"{where}.factor"))
    except ConfigError:
        raise
    except ValueError as exc:  # the change's own validation (InvalidValueError)
        raise ConfigError(C.dans(source=source, ou=where, detail=exc)) from exc


def parse_scenario_config(
    data: Mapping[str, Any], *, base_dir: str | Path = ".", source: str = "scenario.toml"
) -> ScenarioConfig:
    """Build a :class:`ScenarioConfig` from a parsed TOML mapping.

    Examples
    --------
    >>> cfg = parse_scenario_config({"territory": "demo", "scenarios": [
    ...     {"name": "r", "changes": [{"kind": "retirement", "min_age": 62}]}]})
    >>> cfg.scenarios[0].changes[0].min_age, cfg.max_age
    (62.0, 65)
    """
    base = Path(base_dir)
    _keys(
        data,
        {"label", "territory", "baseline", "scenarios", "placement", "uncertainty", "outputs"},
        "le fichier",
        source,
    )
    territory, baseline, vintage, max_age = _parse_territory_baseline(data, base, source)
    official = baseline.get("official_apl")
    scenarios = _parse_scenarios(data, base, source)
    placement = (
        _parse_placement(_as_table(data["placement"], "[placement]", source), source) if "placement" in data else None
    )
    uncertainty = (
        _parse_uncertainty(_as_table(data["uncertainty"], "[uncertainty]", source), source)
        if "uncertainty" in data
        else None
    )
    outputs = _as_table(data.get("outputs", {}), "[outputs]", source)
    _keys(outputs, {"directory", "maps_directory", "top"}, "[outputs]", source)
    return ScenarioConfig(
        label=str(data.get("label", "Scénarios")),
        territory=territory,
        vintage=vintage,
        max_age=max_age or None,
        official_apl=(base / str(official)).resolve() if official else None,
        official_year=int(_number(baseline.get("official_year", 2023), "baseline.official_year", source, integer=True)),
        scenarios=scenarios,
        placement=placement,
        uncertainty=uncertainty,
        directory=(base / str(outputs.get("directory", "out/scenarios"))).resolve(),
        maps_directory=(base / str(outputs.get("maps_directory", "maps/scenarios"))).resolve(),
        top=int(
            _bounded(
                _number(outputs.get("top", 20), "outputs.top", source, integer=True), "[outputs] top", source, "top"
            )
        ),
    )


def _parse_territory_baseline(
    data: Mapping[str, Any], base: Path, source: str
) -> tuple[str | Path, Mapping[str, Any], int, int]:
    """Phase 1 of :func:`parse_scenario_config`: ``territory``, and ``[baseline]`` (its keys, max_age, vintage)."""
    territory_raw = data.get("territory")
    if not isinstance(territory_raw, str) or not territory_raw:
        raise ConfigError(C.territoire_scenario(source=source))
    territory: str | Path = "demo" if territory_raw == "demo" else (base / territory_raw).resolve()
    baseline = _as_table(data.get("baseline", {}), "[baseline]", source)
    _keys(baseline, {"vintage", "max_age", "official_apl", "official_year"}, "[baseline]", source)
    max_age = int(_number(baseline.get("max_age", 65), "baseline.max_age", source, integer=True))
    if max_age not in (0, 65, 62, 60):
        raise ConfigError(
            M.config_hors_bornes(
                source=source, cle="[baseline] max_age", valeur=max_age, bornes="0 (tous), 65, 62 ou 60"
            )
        )
    vintage = int(_number(baseline.get("vintage", 2023), "baseline.vintage", source, integer=True))
    if vintage not in AGE_WEIGHTS:
        known = " ou ".join(str(v) for v in sorted(AGE_WEIGHTS))
        raise ConfigError(M.config_hors_bornes(source=source, cle="[baseline] vintage", valeur=vintage, bornes=known))
    return territory, baseline, vintage, max_age


def _parse_scenarios(data: Mapping[str, Any], base: Path, source: str) -> tuple[ScenarioSpec, ...]:
    """Phase 2 of :func:`parse_scenario_config`: ``[[scenarios]]``, each named once with at least one change."""
    scenarios = []
    for i, entry in enumerate(_array(data.get("scenarios", []), "[[scenarios]]", source)):
        where = f"scenarios[{i}]"
        raw = _as_table(entry, where, source)
        _keys(raw, {"name", "label", "changes"}, where, source)
        name = raw.get("name")
        if not isinstance(name, str) or not name.replace("_", "").replace("-", "").isalnum():
            raise ConfigError(C.nom_scenario(source=source, ou=where, nom=name))
        changes = tuple(
            _change(_as_table(c, f"{where}.changes[{j}]", source), f"{where}.changes[{j}]", base, source)
            for j, c in enumerate(_array(raw.get("changes", []), f"{where}.changes", source))
        )
        if not changes:
            raise ConfigError(C.scenario_vide(source=source, ou=where, nom=name))
        scenarios.append(ScenarioSpec(name=name, label=str(raw.get("label", name)), changes=changes))
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ConfigError(C.noms_en_double(source=source, noms=names))
    return tuple(scenarios)


def _parse_placement(p: Mapping[str, Any], source: str) -> PlacementConfig:
    """Phase 3 of :func:`parse_scenario_config`: ``[placement]`` (sites, capacity, objective, threshold)."""
    _keys(p, {"sites", "capacity_acts", "objective", "threshold"}, "[placement]", source)
    objective = p.get("objective", "lifted")
    if not isinstance(objective, str) or objective not in OBJECTIVES:
        raise ConfigError(C.objectif_inconnu(source=source, connus=list(OBJECTIVES), trouve=p.get("objective")))

    def placed(key: str, default: Any, *, integer: bool = False) -> float:
        return _bounded(
            _number(p.get(key, default), f"placement.{key}", source, integer=integer),
            f"[placement] {key}",
            source,
            key,
        )

    placement = PlacementConfig(
        sites=int(placed("sites", 5, integer=True)),
        capacity_acts=placed("capacity_acts", 20000.0),
        objective=str(p.get("objective", "lifted")),
        threshold=placed("threshold", None) if "threshold" in p else None,
    )
    if placement.sites < 1:
        raise ConfigError(C.sites_invalides(source=source, sites=placement.sites))
    if placement.capacity_acts <= 0 or not math.isfinite(placement.capacity_acts):
        raise ConfigError(C.capacite_invalide(source=source, capacite=nombre(placement.capacity_acts)))
    return placement


def _parse_uncertainty(u: Mapping[str, Any], source: str) -> UncertaintyConfig:
    """Phase 4 of :func:`parse_scenario_config`: ``[uncertainty]``, checked as the run will check its model."""
    allowed = set(UncertaintyConfig.__dataclass_fields__)
    _keys(u, allowed, "[uncertainty]", source)
    values: dict[str, Any] = {}
    for key, value in u.items():
        if key == "threshold_conventions":
            if not isinstance(value, bool):
                raise ConfigError(C.conventions_booleen(source=source))
            values[key] = value
        elif key in ("draws", "seed"):  # bounded before the baseline is computed (draws x communes floats)
            number = _number(value, f"uncertainty.{key}", source, integer=True)
            values[key] = int(_bounded(number, f"[uncertainty] {key}", source, key))
        else:
            values[key] = _number(value, f"uncertainty.{key}", source)
    uncertainty = UncertaintyConfig(**values)
    try:
        uncertainty.model()  # the same checks as the run, before anything is read or computed
    except InvalidValueError as exc:
        raise ConfigError(C.dans(source=source, ou="[uncertainty]", detail=exc)) from exc
    return uncertainty


def scenario_communes(config: ScenarioConfig) -> list[tuple[str, str]]:
    """Every commune code named by the scenarios, with where it is named (``scenarios[0] (x).changes[1]``).

    Examples
    --------
    >>> cfg = parse_scenario_config({"territory": "demo", "scenarios": [{"name": "x", "changes": [
    ...     {"kind": "close_site", "commune": "96001"}]}]})
    >>> scenario_communes(cfg)
    [('96001', 'scenarios[0] (x).changes[0]')]
    """
    named: list[tuple[str, str]] = []
    for i, spec in enumerate(config.scenarios):
        for j, change in enumerate(spec.changes):
            where = f"scenarios[{i}] ({spec.name}).changes[{j}]"
            codes: list[str] = []
            if isinstance(change, (ChangePractitioners, OpenMSP, CloseSite)):
                codes = [change.code_commune]
            elif isinstance(change, (Retirement, ProjectAgeBands)) and change.communes is not None:
                codes = list(change.communes)
            elif isinstance(change, ScalePopulation) and not isinstance(change.factors, (int, float)):
                codes = list(change.factors)
            named += [(code, where) for code in codes]
    return named


def check_scenario_communes(config: ScenarioConfig, known: Any) -> None:
    """Refuse scenario changes naming communes absent from the territory (they would silently change nothing).

    Called once the territory is loaded, before the baseline is computed. ``known``: the territory's commune
    codes.

    Examples
    --------
    >>> cfg = parse_scenario_config({"territory": "demo", "scenarios": [{"name": "x", "changes": [
    ...     {"kind": "close_site", "commune": "96999"}]}]})
    >>> try:
    ...     check_scenario_communes(cfg, {"96001"})
    ... except ConfigError as e:
    ...     print(str(e)[:62])
    scenario.toml : 1 commune inconnue(s) du territoire : 96999 (s
    """
    codes = set(map(str, known))
    unknown = [(code, where) for code, where in scenario_communes(config) if code not in codes]
    if unknown:
        source = str(config.source_file) if config.source_file is not None else "scenario.toml"
        details = [f"{code} ({where})" for code, where in unknown]
        raise ConfigError(M.communes_inconnues_scenario(source=source, details=details, n=len(details)))


@reads_input
def load_scenario_config(path: str | Path) -> ScenarioConfig:
    """Read and validate a ``scenario.toml``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = p.write_text('territory = "demo"\\n[placement]\\nsites = 3\\n', encoding="utf-8")
    >>> load_scenario_config(p).placement.sites
    3
    """
    from ..readers._io import read_config_text

    p = Path(path)
    try:
        data = tomllib.loads(read_config_text(p))  # read once, bounded: a pipe or /dev/zero cannot hang it
    except FileNotFoundError as exc:
        raise ConfigError(C.scenario_absent(chemin=p)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(C.toml_invalide(chemin=p, detail=exc)) from exc
    cfg = parse_scenario_config(data, base_dir=p.parent, source=str(p))
    return ScenarioConfig(**{**cfg.__dict__, "source_file": p})
