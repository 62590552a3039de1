"""The phases of ``access-map cpts`` and ``access-map msp`` once their options are parsed.

:mod:`access_map.cli.coverage` parses the options and opens the warning record and the staging folder; these
functions do the work, in order: read the inputs, name the outputs, write the tables, write the anomalies table,
print the summary line. Imported lazily by the commands (the library modules load only when a command runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

import click
import pandas as pd

from .. import cpts as cpts_lib
from .. import csv_format
from .. import msp as msp_lib
from ._options import selection_from_options
from .coverage import (
    _BETWEEN,
    _REASONS_FR,
    ANOMALIES_CPTS,
    ANOMALIES_MSP,
    _in_selection,
    _levels,
    _load_communes,
    _load_geometry,
    _load_structures,
    _load_zoning,
    _run,
    _territories,
    _write_csv,
    _write_gpkg,
)


# ----------------------------------------------------------------------------- cpts
@dataclass(frozen=True)
class _CptsInputs:
    """What ``access-map cpts`` read: communes (restricted to the selection), CPTS rows, zoning, contours."""

    communes: pd.DataFrame
    cpts: pd.DataFrame
    zoning: pd.DataFrame | None
    geo: Any
    levels: list[str]


@dataclass(frozen=True)
class _CptsOptions:
    """The options of ``access-map cpts`` the table writers use."""

    when: list[pd.Timestamp]
    statuses: Any
    size_classes: Any
    target_percent: float
    geometry_path: Path | None


def _read_cpts_inputs(
    cpts_file: Path,
    communes_path: Path,
    zoning_path: Path | None,
    geometry_path: Path | None,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
) -> _CptsInputs:
    """Phase 1 of ``cpts``: read communes, CPTS list, zoning and contours (in that order)."""
    from ..readers.cpts import read_cpts

    communes = _load_communes(communes_path, selection_from_options(departements, regions))
    cpts = _in_selection(read_cpts(cpts_file), communes, departements, regions)
    zoning = _load_zoning(zoning_path)
    geo = _load_geometry(geometry_path, communes)
    return _CptsInputs(communes=communes, cpts=cpts, zoning=zoning, geo=geo, levels=_levels(communes))


def _cpts_output_names(inputs: _CptsInputs, *, dated: bool) -> list[str]:
    """Phase 2 of ``cpts``: the files the command will write (checked before any is written)."""
    names = [
        "cpts.csv",
        "communes_couverture.csv",
        "chevauchements.csv",
        "zones_blanches.csv",
        ANOMALIES_CPTS,
    ]
    names += [f"couverture_{lv}.csv" for lv in inputs.levels]
    names += ["zones_blanches_zonage.csv"] if inputs.zoning is not None else []
    names += ["evolution.csv"] if dated else []
    names += ["cpts_perimetres.gpkg"] if inputs.geo is not None else []
    return names


def _write_cpts_tables(inputs: _CptsInputs, options: _CptsOptions, out: Path, *, progress: bool) -> None:
    """Phase 3 of ``cpts``: the tables, one step each (with a progress bar when asked)."""
    steps: list[tuple[str, Callable[[], None]]] = [
        ("CPTS", partial(_write_cpts_summary, inputs, options, out)),
        ("couverture", partial(_write_cpts_coverage, inputs, options, out)),
        ("communes", partial(_write_cpts_communes, inputs, options, out)),
        ("évolution", partial(_write_cpts_progress, inputs, options, out)),
        ("périmètres", partial(_write_cpts_perimeters, inputs, options, out)),
    ]
    _run(steps, progress=progress, label="Couverture CPTS")


def _write_cpts_summary(inputs: _CptsInputs, options: _CptsOptions, out: Path) -> None:
    """Step: ``cpts.csv``, one row per CPTS."""
    table = cpts_lib.cpts_table(inputs.cpts, inputs.communes, size_classes=options.size_classes)
    _write_csv(table, out / "cpts.csv", index=True)


def _write_cpts_coverage(inputs: _CptsInputs, options: _CptsOptions, out: Path) -> None:
    """Step: ``couverture_<niveau>.csv`` (and ``.gpkg`` when the contours have that level)."""
    for lv in inputs.levels:
        table = cpts_lib.coverage(
            inputs.cpts, inputs.communes, level=lv, statuses=options.statuses, target_percent=options.target_percent
        )
        _write_csv(table, out / f"couverture_{lv}.csv", index=True)
        terr = _territories(options.geometry_path, lv) if lv != "nation" else None
        if terr is not None:
            _write_gpkg(cpts_lib.with_geometry(table, terr), out / f"couverture_{lv}.gpkg", layer=lv)


def _write_cpts_communes(inputs: _CptsInputs, options: _CptsOptions, out: Path) -> None:
    """Step: the commune tables (coverage, overlaps, white zones, white zones by zoning class)."""
    cpts, communes, statuses, levels = inputs.cpts, inputs.communes, options.statuses, inputs.levels
    cc = cpts_lib.commune_coverage(cpts, communes, statuses=statuses).drop(columns="geometry", errors="ignore")
    _write_csv(pd.DataFrame(cc), out / "communes_couverture.csv", index=True)
    overlap = pd.DataFrame(cpts_lib.overlaps(cpts, communes, statuses=statuses))
    _write_csv(overlap.drop(columns="geometry", errors="ignore"), out / "chevauchements.csv", index=True)
    white = pd.DataFrame(cpts_lib.uncovered_communes(cpts, communes, statuses=statuses, zoning=inputs.zoning))
    _write_csv(white.drop(columns="geometry", errors="ignore"), out / "zones_blanches.csv", index=True)
    if inputs.zoning is not None:
        parts = [
            cpts_lib.uncovered_by_zoning(cpts, communes, inputs.zoning, level=lv, statuses=statuses) for lv in levels
        ]
        z = pd.concat(
            [
                p.reset_index().rename(columns={p.index.names[0]: "code"}).assign(niveau=lv)
                for p, lv in zip(parts, levels, strict=True)
            ],
            ignore_index=True,
        )
        z = z[["niveau", *[c for c in z.columns if c != "niveau"]]]
        _write_csv(z, out / "zones_blanches_zonage.csv", index=False)


def _write_cpts_progress(inputs: _CptsInputs, options: _CptsOptions, out: Path) -> None:
    """Step: ``evolution.csv``, the coverage at each ``--date`` (nothing without dates)."""
    if not options.when:
        return
    frames = []
    for lv in inputs.levels:
        p = cpts_lib.coverage_progress(
            inputs.cpts,
            inputs.communes,
            options.when,
            level=lv,
            statuses=options.statuses,
            target_percent=options.target_percent,
        )
        frames.append(p.rename(columns={f"code_{lv}": "code"}).assign(niveau=lv))
    prog = pd.concat(frames, ignore_index=True)
    _write_csv(prog[["niveau", *[c for c in prog.columns if c != "niveau"]]], out / "evolution.csv", index=False)


def _write_cpts_perimeters(inputs: _CptsInputs, options: _CptsOptions, out: Path) -> None:
    """Step: ``cpts_perimetres.gpkg``, the dissolved perimeters (when contours are available)."""
    if inputs.geo is not None:
        _write_gpkg(
            cpts_lib.cpts_perimeters(inputs.cpts, inputs.geo, size_classes=options.size_classes),
            out / "cpts_perimetres.gpkg",
            layer="cpts",
        )


def _write_cpts_anomalies(report: Any, messages: list[str], out: Path) -> None:
    """Phase 4 of ``cpts``: ``anomalies_cpts.csv``, the input report then the warnings shown."""
    anomalies = report.to_frame()
    extra = pd.DataFrame({"probleme": "avertissement", "valeur": messages, "n_lignes": float("nan")})
    _write_csv(
        pd.concat([anomalies, extra], ignore_index=True) if messages else anomalies,
        out / ANOMALIES_CPTS,
        index=False,
    )


def _echo_cpts_summary(out: Path) -> None:
    """Phase 5 of ``cpts``: the summary line, read back from ``couverture_nation.csv`` once in place."""
    nat = csv_format.read_csv(out / "couverture_nation.csv")
    click.echo(
        f"Couverture CPTS : {nat['coverage_percent'].iloc[0]:.1f} % de la population "
        f"({nat['covered_population'].iloc[0]:,.0f} hab. sur {nat['population'].iloc[0]:,.0f}) ; "
        f"écart à la cible : {nat['gap_points'].iloc[0]:.1f} points. Tableaux dans {out}".replace(",", " ")
    )


# ----------------------------------------------------------------------------- msp
@dataclass(frozen=True)
class _MspInputs:
    """What ``access-map msp`` read: communes (restricted to the selection), structures, zoning, travel times."""

    communes: pd.DataFrame
    structures: pd.DataFrame
    zoning: pd.DataFrame | None
    times: Any
    levels: list[str]


@dataclass(frozen=True)
class _MspOptions:
    """The options of ``access-map msp`` the table writers use."""

    when: list[pd.Timestamp]
    cats: list[str]
    max_minutes: float | None


def _read_msp_inputs(
    structures_path: Path,
    communes_path: Path,
    zoning_path: Path | None,
    times_path: Path | None,
    departements: tuple[str, ...],
    regions: tuple[str, ...],
) -> _MspInputs:
    """Phase 1 of ``msp``: read communes, structures, zoning and travel times (in that order)."""
    communes = _load_communes(communes_path, selection_from_options(departements, regions))
    structures = _in_selection(_load_structures(structures_path), communes, departements, regions)
    zoning = _load_zoning(zoning_path)
    times = None
    if times_path is not None:
        from ..travel import read_travel_times

        times = read_travel_times(times_path)
    return _MspInputs(communes=communes, structures=structures, zoning=zoning, times=times, levels=_levels(communes))


def _msp_output_names(inputs: _MspInputs) -> list[str]:
    """Phase 2 of ``msp``: the files the command will write (checked before any is written)."""
    levels = inputs.levels
    names = [f"structures_{lv}.csv" for lv in levels] + ["inegalites.csv", ANOMALIES_MSP]
    names += ["zonage.csv"] if inputs.zoning is not None else []
    names += [f"acces_{lv}.csv" for lv in levels] + ["temps_acces_communes.csv"] if inputs.times is not None else []
    return names


def _write_msp_tables(
    inputs: _MspInputs, options: _MspOptions, out: Path, *, progress: bool
) -> dict[str, pd.DataFrame]:
    """Phase 3 of ``msp``: the tables, one step each; returns the count table of each level."""
    tables: dict[str, pd.DataFrame] = {}
    steps: list[tuple[str, Callable[[], None]]] = [
        ("comptes", partial(_write_msp_counts, inputs, options, out, tables)),
        ("inégalités", partial(_write_msp_inequality, inputs, options, out, tables)),
        ("zonage", partial(_write_msp_zoning, inputs, options, out)),
        ("accès", partial(_write_msp_access, inputs, options, out)),
    ]
    _run(steps, progress=progress, label="Disparités MSP")
    return tables


def _write_msp_counts(inputs: _MspInputs, options: _MspOptions, out: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Step: ``structures_<niveau>.csv``, kept in ``tables`` for the next steps and the summary."""
    when = options.when
    for lv in inputs.levels:
        t = msp_lib.structure_counts(
            inputs.structures, inputs.communes, level=lv, dates=when or None, categories=options.cats
        )
        tables[lv] = t
        _write_csv(t, out / f"structures_{lv}.csv", index=not when)


def _write_msp_inequality(inputs: _MspInputs, options: _MspOptions, out: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Step: ``inegalites.csv``, between departements, regions and departements of each region."""
    when, levels = options.when, inputs.levels
    frames = []
    for lv in [lv for lv in levels if lv != "nation"]:
        t = tables[lv] if when else tables[lv].reset_index()
        for weighted in (False, True):
            d = msp_lib.disparities(t, weight_column="population" if weighted else None)
            frames.append(d.assign(comparaison=_BETWEEN[lv], pondere=weighted))
    if "departement" in levels and "region" in levels:
        dep = tables["departement"] if when else tables["departement"].reset_index()
        reg_of = inputs.communes.groupby("code_departement")["code_region"].first()
        dep = dep.assign(code_region=dep["code_departement"].map(reg_of))
        d = msp_lib.disparities(dep, group_column="code_region")
        frames.append(d.assign(comparaison="entre départements de la région", pondere=True))
    if frames:
        res = pd.concat(frames, ignore_index=True)
        first = ["comparaison", "pondere"] + [c for c in ("date", "code_region") if c in res.columns]
        _write_csv(res[first + [c for c in res.columns if c not in first]], out / "inegalites.csv", index=False)
    else:
        _write_csv(pd.DataFrame(), out / "inegalites.csv", index=False)


def _write_msp_zoning(inputs: _MspInputs, options: _MspOptions, out: Path) -> None:
    """Step: ``zonage.csv``, shares by zoning class at the last date (when ``--zoning`` is given)."""
    if inputs.zoning is not None:
        z = msp_lib.zoning_shares(
            inputs.structures,
            inputs.communes,
            inputs.zoning,
            categories=options.cats,
            date=options.when[-1] if options.when else None,
            times=inputs.times,
            max_minutes=options.max_minutes,
        )
        _write_csv(z, out / "zonage.csv", index=True)


def _write_msp_access(inputs: _MspInputs, options: _MspOptions, out: Path) -> None:
    """Step: ``acces_<niveau>.csv`` and ``temps_acces_communes.csv`` (when ``--times`` is given)."""
    if inputs.times is None:
        return
    date = options.when[-1] if options.when else None
    for lv in inputs.levels:
        t = msp_lib.population_within(
            inputs.structures,
            inputs.communes,
            inputs.times,
            max_minutes=float(cast(float, options.max_minutes)),
            level=lv,
            categories=options.cats,
            date=date,
        )
        _write_csv(t, out / f"acces_{lv}.csv", index=True)
    m = msp_lib.minutes_to_nearest(inputs.structures, inputs.communes, inputs.times, categories=options.cats, date=date)
    _write_csv(m.to_frame(), out / "temps_acces_communes.csv", index=True)


def _write_msp_anomalies(report: Any, messages: list[str], out: Path) -> None:
    """Phase 4 of ``msp``: ``anomalies_msp.csv``, the dropped rows by reason then the warnings shown."""
    rows = [
        {
            "probleme": _REASONS_FR.get(r, r),
            "valeur": ", ".join(map(str, report.examples.get(r, []))),
            "n_lignes": n,
        }
        for r, n in report.reasons.items()
    ]
    rows += [{"probleme": "avertissement", "valeur": m, "n_lignes": float("nan")} for m in messages]
    _write_csv(pd.DataFrame(rows, columns=["probleme", "valeur", "n_lignes"]), out / ANOMALIES_MSP, index=False)


def _echo_msp_summary(nation: pd.DataFrame, options: _MspOptions, out: Path) -> None:
    """Phase 5 of ``msp``: the summary line (count and rate at the last date)."""
    when = options.when
    last = nation.iloc[-1]
    click.echo(
        f"{int(last['n_structures'])} structure(s) ({', '.join(options.cats)}) soit {last['per_100k']:.2f} "
        f"pour 100 000 hab.{' au ' + when[-1].strftime('%d/%m/%Y') if when else ''}. Tableaux dans {out}"
    )
