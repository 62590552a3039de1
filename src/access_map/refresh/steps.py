"""The computing steps of a refresh: travel times, APL, zoning, CPTS, MSP, headline figures.

Each step is a function of the configuration, the territory and earlier results; none writes a file.
Warnings raised here reach the console and the report through :func:`~access_map.refresh.run.run_refresh`.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

import pandas as pd

from ..apl import APLParams
from ..config import RefreshConfig
from ..errors import AccessMapError
from ..messages import refresh as msg
from ..schema import CODE, ZONING_CLASSES
from ..territory import Territory

__all__ = [
    "travel_times",
    "supply_practitioners",
    "apl_demand",
    "apl_table",
    "zoning_outputs",
    "cpts_outputs",
    "msp_outputs",
    "headline",
]

logger = logging.getLogger(__name__)


def travel_times(config: RefreshConfig, territory: Territory, *, max_minutes: float) -> pd.DataFrame:
    """Travel times between the territory's communes, up to ``max_minutes`` (:func:`.inputs.travel_max_minutes`)."""
    from ..travel import crow_fly_times_local, read_travel_times

    tr = config.travel
    if tr.method == "osrm":
        return _road_times(config, territory, max_minutes=max_minutes)
    if tr.method == "file":
        assert tr.path is not None
        cols = {k: tr.columns[k] for k in ("origin", "destination", "minutes") if k in tr.columns}
        times = read_travel_times(tr.path, max_minutes=max_minutes, **cols)
        times.attrs["travel_inputs"] = {str(tr.path): {"role": "travel-time table"}}
        return times
    if territory.chefs_lieux is None:
        raise AccessMapError("crow-fly travel times need commune points: give sources.communes or sources.chefs_lieux")
    # each territory (mainland, each overseas department) in its own projected CRS
    return crow_fly_times_local(
        territory.chefs_lieux,
        max_minutes=max_minutes,
        intercept_minutes=tr.intercept_minutes,
        minutes_per_km=tr.minutes_per_km,
    )


def _road_times(config: RefreshConfig, territory: Territory, *, max_minutes: float) -> pd.DataFrame:
    """Road times with OSRM in process from the configured OpenStreetMap extract (graph built once, cached)."""
    from ..extras import require_routing
    from ..travel import build_osrm_graph, road_times

    require_routing('[travel] method = "osrm"')
    if territory.chefs_lieux is None:
        raise AccessMapError("road travel times need commune points: give sources.communes or sources.chefs_lieux")
    tr = config.travel
    osm = tr.osm_path
    if tr.osm_fetch is not None:
        from ..datasets import fetch

        osm = fetch(tr.osm_fetch[0], vintage=tr.osm_fetch[1])  # cached; a clear SourceError says what to download
    assert osm is not None
    graph = build_osrm_graph(osm, profile=tr.profile)
    times = road_times(territory.chefs_lieux, graph=graph, max_minutes=max_minutes)[
        ["origin", "destination", "minutes"]
    ]
    times.attrs["travel_inputs"] = {
        str(osm): {
            "role": "OpenStreetMap extract",
            "sha256": graph.osm_sha256,
            "profile": graph.profile,
            "osrm_version": graph.osrm_version,
        }
    }
    return times


def _practitioners(config: RefreshConfig, territory: Territory) -> pd.DataFrame:
    from ..apl import impute_activity

    if territory.practitioners is None:
        raise AccessMapError(msg.PRATICIENS_REQUIS)
    if config.supply.impute_acts is None:
        return territory.practitioners
    return impute_activity(territory.practitioners, acts=config.supply.impute_acts, source="sources.practitioners")


def supply_practitioners(config: RefreshConfig, territory: Territory) -> pd.DataFrame:
    """The practitioner table the APL counts, prepared as the refresh does (``[supply]`` of ``config``).

    The scenarios of a territory given by its refresh configuration start from this same table, so that
    ``[supply] impute_acts`` (and every other supply choice of the configuration) applies to both.

    Examples
    --------
    >>> from access_map.refresh import demo_config, territory_from_config
    >>> cfg = demo_config()
    >>> len(supply_practitioners(cfg, territory_from_config(cfg))) > 0
    True
    """
    return _practitioners(config, territory)


def _demand(territory: Territory, profession: str, params: APLParams) -> pd.Series:
    from ..apl import demand_from_population

    if territory.population_by_age is not None:
        return demand_from_population(territory.population_by_age, params=params)
    if profession == "medecin_generaliste" and territory.standardised_population is not None:
        demand = territory.standardised_population.reindex(territory.communes.index)
        if demand.isna().any():
            warnings.warn(
                msg.communes_sans_population_standardisee(
                    n=int(demand.isna().sum()), exemples=", ".join(demand.index[demand.isna()][:5])
                ),
                UserWarning,
                stacklevel=3,
            )
            demand = demand.fillna(0.0)
        return demand
    raise AccessMapError(msg.population_par_age_requise(profession=profession))


def apl_demand(territory: Territory, params: APLParams) -> pd.Series:
    """The standardised demand of the APL of ``params`` on ``territory``, as the refresh computes it.

    From the population by age, else (GPs) the DREES standardised population, whose missing communes count 0
    with a warning. The scenarios use it too, so that a refresh and a scenario on one configuration share it.

    Examples
    --------
    >>> from access_map.refresh import demo_config, territory_from_config
    >>> t = territory_from_config(demo_config())
    >>> bool((apl_demand(t, APLParams.drees_mg()) > 0).all())
    True
    """
    return _demand(territory, params.profession, params)


def apl_table(
    config: RefreshConfig, territory: Territory, times: pd.DataFrame, params: dict[str, APLParams]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """APL of every configured profession and age variant, on every commune of ``territory``.

    Columns ``{profession}__{variant}`` (:func:`~access_map.apl.variant_column`), ``{profession}__demande``
    and, when activity was imputed (``[supply] impute_acts``), ``{profession}__offre_imputee`` (the part
    of the supply that is imputed). The second value describes the supply for the report: the imputation
    (``practitioners``, ``acts``), the statements of a supply declared partial (``partial_supply``) and the
    note on the GPs practising in establishments (``establishments``).

    Before any APL, the supply of each profession must cover the territory
    (:func:`~access_map.supply.check_supply_coverage`): departments or large communes without any
    practitioner are an error, unless ``[supply] partial = true``.
    """
    from ..apl import IMPUTED_COLUMN, apl_variants, supply_from_activity
    from ..supply import check_supply_coverage, establishment_note, practice_counts

    practitioners = _practitioners(config, territory)
    statements = []
    for prof in config.professions:  # every profession checked before the first (long) computation
        statement = check_supply_coverage(
            practice_counts(practitioners, profession=prof.name),
            territory.communes,
            profession=prof.name,
            partial=config.supply.partial,
        )
        if statement is not None:
            statements.append(statement)
    columns: dict[str, pd.Series] = {}
    for prof in config.professions:
        p = params[prof.name]
        demand = _demand(territory, prof.name, p)
        supply = practitioners[practitioners["profession"] == prof.name]
        variants = apl_variants(supply, demand, times, params=p, max_ages=prof.max_ages)
        for col in variants.columns:
            columns[f"{prof.name}__{col}"] = variants[col]
        columns[f"{prof.name}__demande"] = demand
        if IMPUTED_COLUMN in supply.columns and bool(supply[IMPUTED_COLUMN].any()):
            imputed = supply_from_activity(supply[supply[IMPUTED_COLUMN].to_numpy(dtype=bool)], params=p)
            columns[f"{prof.name}__offre_imputee"] = imputed.reindex(demand.index).fillna(0.0)
    table = pd.DataFrame(columns).reindex(territory.communes.index)
    table.index.name = CODE
    imputation = {
        "practitioners": int(practitioners.attrs.get("imputed_practitioners", 0)),
        "acts": practitioners.attrs.get("imputed_acts"),
        "partial_supply": statements,
        "establishments": establishment_note(practitioners),
    }
    return table, imputation


def _gp_column(apl: pd.DataFrame, max_age: int | None) -> str:
    from ..apl import variant_column

    col = f"medecin_generaliste__{variant_column(max_age)}"
    if col not in apl.columns:
        raise AccessMapError(msg.variante_zonage_absente(variante=repr(variant_column(max_age)), age=max_age or 0))
    return col


def zoning_outputs(config: RefreshConfig, territory: Territory, apl: pd.DataFrame) -> dict[str, Any]:
    """GP zoning (with TVS and caps), its summary and its diff against the zoning in force."""
    from ..zoning import ZoningRules, compute_zoning, zoning_diff, zoning_summary

    out: dict[str, Any] = {}
    if territory.tvs is None or territory.zoning_caps is None:
        return out
    col = _gp_column(apl, config.zoning.max_age)
    communes = pd.DataFrame(
        {
            "apl": apl[col],
            "standardised_population": apl["medecin_generaliste__demande"],
            "population": territory.communes["population"],
            "code_region": territory.communes["code_region"],
        }
    )
    result = compute_zoning(
        communes,
        tvs=territory.tvs,
        caps=territory.zoning_caps,
        rules=ZoningRules.from_name(config.zoning.rules),
        qpv=territory.qpv,
        in_force=territory.previous_zoning,  # starting point of the 2021+ rules (DREES's application)
    )
    out["result"] = result
    zonage = result.communes["zonage"]
    pop = territory.communes["population"]
    out["summary"] = zoning_summary(zonage, population=pop, regions=territory.communes["code_region"])
    if territory.previous_zoning is not None:
        out["diff"] = zoning_diff(
            territory.previous_zoning["zonage"],
            zonage,
            population=pop,
            regions=territory.communes["code_region"],
            tvs=territory.tvs["code_tvs"],
        )
    return out


def _plain(communes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(communes.drop(columns=["geometry", "in_territory"], errors="ignore"))


def cpts_outputs(territory: Territory, zonage: pd.Series | None) -> dict[str, pd.DataFrame]:
    """CPTS tables: list, coverage by department/region, overlaps, uncovered communes, progression."""
    from .. import cpts as cp

    if territory.cpts is None:
        return {}
    communes = _plain(territory.communes)
    out = {
        "cpts": cp.cpts_table(territory.cpts, communes),
        "couverture_departements": cp.coverage(territory.cpts, communes, level="departement"),
        "couverture_regions": cp.coverage(territory.cpts, communes, level="region"),
        "couverture_signees_regions": cp.coverage(
            territory.cpts, communes, level="region", statuses="contrat ACI signé"
        ),
        "chevauchements": cp.overlaps(territory.cpts, communes),
        "zones_blanches": cp.uncovered_communes(territory.cpts, communes, zoning=zonage),
    }
    dates = territory.cpts["date_signature"].dropna()
    if len(dates):
        years = range(int(dates.min().year), int(dates.max().year) + 1)
        out["progression"] = cp.coverage_progress(
            territory.cpts, communes, [f"{y}-12-31" for y in years], statuses="contrat ACI signé"
        )
    if zonage is not None:
        out["zones_blanches_par_zonage"] = cp.uncovered_by_zoning(territory.cpts, communes, zonage)
    return out


def msp_outputs(
    config: RefreshConfig, territory: Territory, times: pd.DataFrame, zonage: pd.Series | None
) -> dict[str, pd.DataFrame]:
    """MSP and centres de santé: counts per 100,000, disparities, population within reach, by zoning class."""
    from .. import msp as ms

    if territory.msp is None:
        return {}
    structures = pd.DataFrame(territory.msp.drop(columns="geometry"))
    communes = _plain(territory.communes)
    out: dict[str, pd.DataFrame] = {}
    for level, name in (("departement", "departements"), ("region", "regions")):
        out[f"msp_{name}"] = ms.structure_counts(structures, communes, level=level)
        out[f"centres_sante_{name}"] = ms.structure_counts(structures, communes, level=level, categories=("124",))
    out["msp_inegalites_departements"] = ms.disparities(out["msp_departements"].reset_index(), date_column=None)
    for minutes in config.msp_minutes:
        out[f"msp_population_{int(minutes)}min"] = ms.population_within(
            structures, communes, times, max_minutes=minutes, level="departement"
        )
    if zonage is not None:
        out["msp_zonage"] = ms.zoning_shares(structures, communes, zonage)
    return out


def headline(
    territory: Territory,
    apl: pd.DataFrame,
    zoning: dict[str, Any],
    cpts_out: dict[str, pd.DataFrame],
    *,
    partial_supply: list[str] | tuple[str, ...] = (),
) -> dict[str, Any]:
    """Headline figures of the report (population, GP APL, zoning shares, CPTS coverage, MSP).

    ``partial_supply``: the statements of a supply declared partial (``offre_partielle``, shown first).
    """
    pop = territory.communes["population"]
    total = float(pop.sum())
    h: dict[str, Any] = {"communes": int(len(pop)), "population": total}
    if partial_supply:
        h["offre_partielle"] = list(partial_supply)
    if "medecin_generaliste__apl" in apl:
        w = apl["medecin_generaliste__demande"]
        a = apl["medecin_generaliste__apl"]
        h["apl_mg_moyenne"] = float((a * w).sum() / w.sum())
        h["part_population_apl_mg_le_2_5"] = float(pop[a <= 2.5].sum() / total)
    if "result" in zoning:
        z = zoning["result"].communes["zonage"].reindex(pop.index)
        h["part_population_par_zonage"] = {c: float(pop[z == c].sum() / total) for c in ZONING_CLASSES}
    if territory.previous_zoning is not None:
        zp = territory.previous_zoning["zonage"].reindex(pop.index)
        h["part_population_par_zonage_precedent"] = {c: float(pop[zp == c].sum() / total) for c in ZONING_CLASSES}
    if "zones_blanches" in cpts_out:
        wb = cpts_out["zones_blanches"]
        h["part_population_couverte_cpts"] = 1.0 - float(wb["population"].sum() / total) if "population" in wb else None
    if territory.msp is not None:
        n_msp = int((territory.msp["categorie"].astype(str) == "603").sum())
        h["msp"] = n_msp
        h["msp_pour_100000"] = n_msp / total * 1e5
    return h
