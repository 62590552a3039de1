"""Outputs of a scenario run: CSV tables, maps (ΔAPL centred on 0, probabilities) and the ``rapport.html`` section.

The maps use the package's public map functions (:func:`access_map.maps.delta_map`,
:func:`access_map.maps.static_map`); every text that may come from an input file is escaped.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from .._atomic import atomic_path
from ..csv_format import write_csv
from ..messages import nombre
from ..messages import scenario as msg
from .tables import scenario_tables

__all__ = ["delta_thresholds", "scenario_section", "write_outputs"]


def _fr(value: float | None, decimals: int = 1) -> str:
    return nombre(value, decimals=decimals)


_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


def delta_thresholds(delta: pd.Series) -> list[float]:
    """Class breaks symmetric around 0 for a ΔAPL map (so that a diverging palette is centred on 0).

    ``(-2.5b, -b, -z, z, b, 2.5b)`` with ``b`` the smallest round step such that ``2.5b`` covers the
    95th percentile of ``|Δ|`` over the communes that change (a new MSP changes a few communes only:
    over all communes the percentile would be 0 and every gain would fall in the top class), and
    ``z = b / 10``: seven classes, the middle one "about 0".

    Examples
    --------
    >>> import pandas as pd
    >>> delta_thresholds(pd.Series([-0.8, -0.1, 0.0, 0.3]))
    [-1.25, -0.5, -0.05, 0.05, 0.5, 1.25]
    """
    magnitude = np.abs(delta.to_numpy(dtype=float))
    changed = magnitude[magnitude > 1e-9]
    spread = float(np.quantile(changed, 0.95)) if len(changed) else 0.0
    b = next((s for s in _STEPS if 2.5 * s >= spread), _STEPS[-1])
    z = b / 10
    return [round(v, 6) for v in (-2.5 * b, -b, -z, z, b, 2.5 * b)]


def _table(frame: pd.DataFrame, *, decimals: int = 2) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(msg.report_header(str(c)))}</th>" for c in [frame.index.name or "", *frame.columns])
    rows = []
    for idx, row in frame.iterrows():
        cells = [f"<th>{esc(str(idx))}</th>"]
        for v in row:
            text = (
                _fr(float(v), decimals)
                if isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool)
                else str(v)
            )
            cells.append(f"<td>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _baseline_part(run: Any) -> str:
    """The baseline paragraph: APL variant, origin of the supply and what a practitioner change means on it."""
    esc = html.escape
    base = run.baseline
    demand = base.counted_demand  # the territory studied, without the context communes of a selection
    mean = float((base.apl * demand).sum() / demand.sum()) if demand.sum() > 0 else float("nan")
    text = msg.report_baseline(
        max_age=base.params.max_age,
        implied=run.implied is not None,
        mean_apl=mean,
        zip_threshold=base.rules.zip_threshold,
        vivier_threshold=base.rules.vivier_threshold,
    )
    out = f"<p>{esc(text)}</p>"
    if run.implied is not None:
        rep = run.implied.report
        fit = msg.report_implied_fit(
            max_abs_error=rep["max_abs_error"],
            rmse=rep["rmse"],
            share_within=rep["share_within"],
            tolerance=rep["tolerance"],
            with_practitioners=base.practitioners is not None,
        )
        out += f"<p>{esc(fit)}</p>"
    if run.zoning is not None:
        out += "".join(f"<p>{esc(n)}</p>" for n in (msg.REPORT_ZONING_INTRO, *run.zoning.notes))
    return out


def _zoning_part(result: Any) -> str:
    """The zoning outcome of a scenario: method, population changing class, transitions, TVS changing class."""
    esc = html.escape
    zoning = result.zoning
    if zoning is None:
        return ""
    moved = zoning.transitions[zoning.transitions["class_before"] != zoning.transitions["class_after"]]
    out = [f"<p>{esc(msg.report_zoning(method=zoning.method, population=zoning.population_changing_class))}</p>"]
    if len(moved):
        shown = moved.set_index("class_before")[["class_after", "communes", "population"]]
        shown.index = shown.index.map(msg.class_label)
        shown["class_after"] = shown["class_after"].map(msg.class_label)
        out.append(f"<p>{esc(msg.REPORT_TRANSITIONS)}</p>" + _table(shown, decimals=0))
    if zoning.tvs is not None:
        changed = zoning.tvs[zoning.tvs["changed"]]
        if len(changed):
            shown = changed[["class_before", "class_after", "population"]].copy()
            for column in ("class_before", "class_after"):
                shown[column] = shown[column].map(msg.class_label)
            out.append(f"<p>{esc(msg.REPORT_TVS_CHANGING)}</p>" + _table(shown, decimals=0))
    return "".join(out)


def _scenario_part(result: Any, names: pd.Series) -> str:
    """One scenario: what it applied, its headline figures, crossings, zoning, most affected communes."""
    esc = html.escape
    s = result.summary()
    parts = [f"<h3>{esc(result.label)}</h3><ul>{''.join(f'<li>{esc(n)}</li>' for n in result.notes)}</ul>"]
    parts.append(f"<p>{esc(msg.report_summary(summary=s))}</p>")
    if "code_departement" in result.crossings.index.get_level_values(0):
        deps = result.crossings.xs("code_departement", level="level")
        parts.append(f"<p>{esc(msg.REPORT_CROSSINGS)}</p>" + _table(deps.round(0), decimals=0))
    if result.tvs is not None:
        moved = result.tvs[result.tvs["category_before"] != result.tvs["category_after"]]
        if len(moved):
            shown = moved[["apl_before", "apl_after", "category_before", "category_after"]].copy()
            for column in ("category_before", "category_after"):
                shown[column] = shown[column].map(msg.class_label)
            parts.append(f"<p>{esc(msg.REPORT_TVS_CATEGORY)}</p>" + _table(shown))
    parts.append(_zoning_part(result))
    top = result.most_affected.head(10)
    if len(top):
        shown = pd.DataFrame(
            {
                "commune": [str(names.get(c, c)) for c in top.index],
                "apl_before": top["apl_before"],
                "apl_after": top["apl_after"],
                "delta_apl": top["delta_apl"],
            },
            index=top.index,
        )
        parts.append(f"<p>{esc(msg.REPORT_MOST_AFFECTED)}</p>" + _table(shown))
    else:
        parts.append(f"<p>{esc(msg.REPORT_NO_CHANGE)}</p>")
    return "".join(parts)


def scenario_section(
    run: Any, *, names: pd.Series | None = None, links: dict[str, list[tuple[str, str]]] | None = None
) -> str:
    """The scenario section of ``rapport.html`` (an HTML fragment, French).

    ``names`` maps commune codes to names (escaped); ``links`` maps a part (scenario name,
    ``"placement"``, ``"incertitude"``) to (title, relative path) of its maps.
    """
    esc = html.escape
    links = links or {}
    names = names if names is not None else pd.Series(dtype=object)
    parts = [f"<h2>{esc(msg.SCENARIOS_HEADING)}</h2>", _baseline_part(run)]
    for result in run.scenarios:
        parts.append(_scenario_part(result, names))
        parts.append(_links(links.get(result.name, [])))
    if run.placement is not None:
        p = run.placement
        label = msg.objective_label(objective=p.objective, threshold=p.threshold)
        steps = p.steps.set_index("step")
        steps.insert(0, "commune", [str(names.get(c, c)) for c in steps["code_commune"]])
        parts.append(
            f"<h3>{esc(msg.placement_heading(sites=len(p.sites), capacity_acts=p.capacity))}</h3>"
            f"<p>{esc(msg.placement_objective(label=label))}</p>"
            + _table(steps.drop(columns="evaluations"), decimals=0 if p.objective != "floor" else 1)
        )
        parts.append(_links(links.get("placement", [])))
    if run.uncertainty is not None:
        u = run.uncertainty
        uncertain = (u.communes["p_apl_below"] > 0.1) & (u.communes["p_apl_below"] < 0.9)
        parts.append(
            f"<h3>{esc(msg.uncertainty_heading(draws=u.draws, seed=u.seed, seconds=u.seconds))}</h3>"
            f"<p>{esc(msg.uncertain_communes(communes=int(uncertain.sum()), threshold=u.threshold))}</p>"
        )
        if u.tvs is not None:
            doubtful = u.tvs[(u.tvs["p_national_selection"] > 0.05) & (u.tvs["p_national_selection"] < 0.95)]
            if len(doubtful):
                shown = doubtful[["apl_baseline", "apl_p05", "apl_p95", "p_national_selection"]].sort_values(
                    "p_national_selection", ascending=False
                )
                parts.append(f"<p>{esc(msg.TVS_SELECTION_UNCERTAIN)}</p>" + _table(shown))
        parts.append(_links(links.get("incertitude", [])))
    if run.warnings:
        parts.append(
            f"<h3>{esc(msg.WARNINGS_HEADING)}</h3><ul>" + "".join(f"<li>{esc(w)}</li>" for w in run.warnings) + "</ul>"
        )
    return "\n".join(parts)


def _links(items: list[tuple[str, str]]) -> str:
    if not items:
        return ""
    esc = html.escape
    out = []
    for title, href in items:
        if href.endswith(".png"):
            out.append(
                f'<figure><img src="{esc(href)}" alt="{esc(title)}" style="max-width:100%"><figcaption>{esc(title)}</figcaption></figure>'
            )
        else:
            out.append(f'<p><a href="{esc(href)}">{esc(title)}</a></p>')
    return "".join(out)


@dataclass
class _MapSink:
    """Where the scenario maps go: the maps folder, the files written and the report's links per section."""

    config: Any
    territory: Any
    communes: Any
    maps_dir: Path
    written: list[Path] = field(default_factory=list)
    links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def _record(self, path: Path, title: str, key: str) -> None:
        """Record a written map and its link (relative to the configuration's folder) under ``key``."""
        self.written.append(path)
        rel = str(os.path.relpath(self.config.maps_directory / path.name, self.config.directory))
        self.links.setdefault(key, []).append((title, rel))

    def html_map(self, m: Any, name: str, title: str, key: str) -> None:
        """Save an interactive map as ``<name>.html``."""
        from .. import maps

        path = self.maps_dir / f"{name}.html"
        maps.save_map(m, path, self_contained=True, basemap=False)
        self._record(path, title, key)

    def png(
        self, values: pd.Series, name: str, title: str, key: str, *, thresholds: list[float], cmap: str, legend: str
    ) -> None:
        """Draw ``values`` per commune as the static image ``<name>.png``."""
        from .. import maps

        path = self.maps_dir / f"{name}.png"
        gdf = self.communes.assign(valeur=values.reindex(self.communes.index))
        maps.static_map(
            gdf,
            "valeur",
            kind="indicator",
            path=path,
            title=title,
            scheme="official",
            thresholds=thresholds,
            cmap=cmap,
            legend_title=legend,
            unit=msg.APL_UNIT if legend == "ΔAPL" else "",
            source=self.territory.label,
        )
        self._record(path, title, key)


def _maps(config: Any, run: Any, territory: Any, maps_dir: Path) -> tuple[list[Path], dict[str, list[tuple[str, str]]]]:
    """Draw every map of a scenario run; return the files written and the report's links per section."""
    communes = territory.core().communes  # maps show the territory studied, not its context communes
    sink = _MapSink(config, territory, communes, maps_dir)
    _scenario_maps(sink, run)
    if run.placement is not None:
        delta = (run.placement.apl - run.baseline.apl_series())[run.baseline.reported]
        sink.png(
            delta,
            "delta_apl_placement",
            msg.DELTA_APL_PLACEMENT_TITLE,
            "placement",
            thresholds=delta_thresholds(delta),
            cmap="RdBu",
            legend="ΔAPL",
        )
    if run.uncertainty is not None:
        _uncertainty_maps(sink, run)
    return sink.written, sink.links


def _scenario_maps(sink: _MapSink, run: Any) -> None:
    """Phase 1: per scenario, the APL change as an image and as an interactive map."""
    from .. import maps

    for result in run.scenarios:
        delta = result.communes["delta_apl"]
        breaks = delta_thresholds(delta)
        title = msg.delta_apl_title(label=result.label)
        sink.png(delta, f"delta_apl_{result.name}", title, result.name, thresholds=breaks, cmap="RdBu", legend="ΔAPL")
        m = maps.delta_map(
            sink.communes,
            delta,
            thresholds=breaks,
            title=msg.delta_apl_map_title(label=result.label),
            subtitle=msg.DELTA_APL_SUBTITLE,
            caption=sink.territory.label,
            source=sink.territory.label,
        )
        sink.html_map(m, f"delta_apl_{result.name}", msg.interactive_title(title=title), result.name)


def _uncertainty_maps(sink: _MapSink, run: Any) -> None:
    """Phase 3: the probabilities of the uncertainty analysis (APL below the threshold, national TVS selection)."""
    breaks = [0.1, 0.25, 0.5, 0.75, 0.9]
    sink.png(
        run.uncertainty.communes["p_apl_below"],
        "probabilite_apl_sous_seuil",
        msg.probability_below_title(threshold=run.uncertainty.threshold),
        "incertitude",
        thresholds=breaks,
        cmap="Reds",
        legend=msg.PROBABILITY_LEGEND,
    )
    if run.uncertainty.tvs is not None and "code_tvs" in run.baseline.territories:
        p_tvs = run.uncertainty.tvs["p_national_selection"].reindex(run.baseline.territories["code_tvs"]).to_numpy()
        sink.png(
            pd.Series(p_tvs, index=run.baseline.codes)[run.baseline.reported],
            "probabilite_selection_nationale",
            msg.TVS_SELECTION_PROBABILITY_TITLE,
            "incertitude",
            thresholds=breaks,
            cmap="Reds",
            legend=msg.PROBABILITY_LEGEND,
        )


def write_outputs(config: Any, run: Any, territory: Any, out_dir: Path, maps_dir: Path) -> list[Path]:
    """Write the tables (CSV), the maps and ``rapport.html`` of a scenario run into the staging folders."""
    from ..maps.meta import production_date

    files: list[Path] = []

    names = territory.communes["nom"] if "nom" in territory.communes else None
    for name, table in scenario_tables(run, names=names).items():
        path = out_dir / f"{name}.csv"
        write_csv(table, path, index=False)  # French headers (messages.scenario), the package's CSV convention
        files.append(path)
    map_files, links = _maps(config, run, territory, maps_dir)
    files += map_files
    section = scenario_section(run, names=names, links=links)
    esc = html.escape
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{esc(msg.page_title(label=config.label))}</title>
<style>@page{{size:A4 portrait;margin:15mm 14mm}}
body{{font-family:sans-serif;max-width:60em;margin:2em auto}}th{{text-align:left;padding-right:1em}}
td,th{{border-bottom:1px solid #ddd;padding:.3em}}</style></head>
<body><h1>{esc(config.label)}</h1><p>{esc(territory.label)}</p>
<p>{esc(msg.produced(date=production_date(), version=__version__))}</p>
{section}
<h2>{esc(msg.TABLES_HEADING)}</h2><ul>{"".join(f'<li><a href="{esc(p.name)}">{esc(p.name)}</a></li>' for p in files if p.suffix == ".csv")}</ul>
<p><small>access_map {esc(__version__)}</small></p></body></html>
"""
    path = out_dir / "rapport.html"
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    files.append(path)
    return files
