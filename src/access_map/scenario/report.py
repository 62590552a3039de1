"""Outputs of a scenario run: CSV tables, maps (ΔAPL centred on 0, probabilities) and the ``rapport.html`` section.

The maps use the package's public map functions (:func:`access_map.maps.delta_map`,
:func:`access_map.maps.static_map`); every text that may come from an input file is escaped.
"""

from __future__ import annotations

import html
import math
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from .._atomic import atomic_path
from ..csv_format import write_csv

__all__ = ["delta_thresholds", "scenario_section", "write_outputs"]

_APL_UNIT = "consultations/an/habitant standardisé"
_CATEGORY_FR = {
    "national_selection": "sélection nationale",
    "vivier": "vivier",
    "hors_vivier": "hors vivier",
    "undefined": "non défini",
}
_COLUMNS_FR = {
    "code": "département",
    "code_departement": "département",
    "code_region": "région",
    "code_tvs": "TVS",
    "code_commune": "code commune",
    "apl_before": "APL avant",
    "apl_after": "APL après",
    "category_before": "catégorie avant",
    "category_after": "catégorie après",
    "step": "étape",
    "gain": "gain",
    "tie_break_gain": "gain de départage",
    "cumulative_gain": "gain cumulé",
    "apl_baseline": "APL de référence",
    "apl_p05": "APL, 5e centile",
    "apl_p95": "APL, 95e centile",
    "p_national_selection": "probabilité de sélection nationale",
}
_CROSSING = re.compile(r"population_(fell_le|rose_above|net_le)_(\d+(?:\.\d+)?)")


def _column_fr(name: str) -> str:
    """French header of a table column (the CSV keeps the code names)."""
    found = _CROSSING.fullmatch(name)
    if found:
        what, threshold = found.group(1), found.group(2).replace(".", ",")
        return {
            "fell_le": f"population passant sous {threshold}",
            "rose_above": f"population passant au-dessus de {threshold}",
            "net_le": f"solde sous {threshold}",
        }[what]
    return _COLUMNS_FR.get(name, name)


_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


def _fr(value: float, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n.d."
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


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
    head = "".join(f"<th>{esc(_column_fr(str(c)))}</th>" for c in [frame.index.name or "", *frame.columns])
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
    parts = ["<h2>Scénarios</h2>"]
    base = run.baseline
    demand = base.counted_demand  # the territory studied, without the context communes of a selection
    mean = float((base.apl * demand).sum() / demand.sum()) if demand.sum() > 0 else float("nan")
    variant = "tous âges" if base.params.max_age is None else f"médecins de {base.params.max_age:g} ans ou moins"
    origin = "offre implicite reproduisant l'APL officielle" if run.implied is not None else "activité des praticiens"
    parts.append(
        f"<p>Situation de référence : APL aux médecins généralistes ({esc(variant)}), {esc(origin)} ; "
        f"moyenne pondérée {esc(_fr(mean, 2))}. Seuils : {esc(_fr(base.rules.zip_threshold, 1))} et "
        f"{esc(_fr(base.rules.vivier_threshold, 1))} (une commune franchit un seuil t quand son APL passe de "
        f"« au-dessus de t » à « inférieure ou égale à t », ou l'inverse).</p>"
    )
    if run.implied is not None:
        rep = run.implied.report
        parts.append(
            f"<p>Offre implicite : écart à l'APL officielle max {esc(_fr(rep['max_abs_error'], 2))}, "
            f"RMSE {esc(_fr(rep['rmse'], 3))}, {esc(_fr(100 * rep['share_within'], 1))} % des communes à "
            f"{esc(_fr(rep['tolerance'], 2))} près.</p>"
        )
    for result in run.scenarios:
        s = result.summary()
        parts.append(f"<h3>{esc(result.label)}</h3><ul>{''.join(f'<li>{esc(n)}</li>' for n in result.notes)}</ul>")
        parts.append(
            "<p>"
            + esc(
                f"Variation moyenne de l'APL : {_fr(s['mean_delta_apl'], 3)} ; population passant sous 2,5 : "
                f"{_fr(s['population_fell_le_2.5'], 0)}, au-dessus de 2,5 : {_fr(s['population_rose_above_2.5'], 0)} ; "
                f"sous 4 : {_fr(s['population_fell_le_4'], 0)}, au-dessus de 4 : {_fr(s['population_rose_above_4'], 0)}"
                + (
                    f" ; TVS changeant de catégorie : {int(s['tvs_changing_category'])}"
                    if "tvs_changing_category" in s
                    else ""
                )
            )
            + ".</p>"
        )
        deps = (
            result.crossings.xs("code_departement", level="level")
            if "code_departement" in result.crossings.index.get_level_values(0)
            else None
        )
        if deps is not None:
            parts.append("<p>Franchissements par département :</p>" + _table(deps.round(0), decimals=0))
        if result.tvs is not None:
            moved = result.tvs[result.tvs["category_before"] != result.tvs["category_after"]]
            if len(moved):
                shown = moved[["apl_before", "apl_after", "category_before", "category_after"]].replace(_CATEGORY_FR)
                parts.append("<p>TVS changeant de catégorie :</p>" + _table(shown))
        top = result.most_affected.head(10)
        shown = pd.DataFrame(
            {
                "commune": [str(names.get(c, c)) for c in top.index],
                "APL avant": top["apl_before"],
                "APL après": top["apl_after"],
                "ΔAPL": top["delta_apl"],
            },
            index=top.index,
        )
        parts.append("<p>Communes les plus touchées :</p>" + _table(shown))
        parts.append(_links(links.get(result.name, [])))
    if run.placement is not None:
        p = run.placement
        label = {
            "lifted": f"population au-dessus de {_fr(p.threshold, 1)}",
            "national_selection": "population des TVS sortant de la sélection nationale",
            "floor": f"gain d'APL pondéré jusqu'à {_fr(p.threshold, 1)}",
        }[p.objective]
        steps = p.steps.set_index("step")
        steps.insert(0, "commune", [str(names.get(c, c)) for c in steps["code_commune"]])
        parts.append(
            f"<h3>Placement de {len(p.sites)} nouveau(x) site(s) de {esc(_fr(p.capacity, 0))} actes</h3>"
            f"<p>Objectif : {esc(label)} (glouton, gain marginal de chaque étape).</p>"
            + _table(steps.drop(columns="evaluations"), decimals=0 if p.objective != "floor" else 1)
        )
        parts.append(_links(links.get("placement", [])))
    if run.uncertainty is not None:
        u = run.uncertainty
        uncertain = (u.communes["p_apl_below"] > 0.1) & (u.communes["p_apl_below"] < 0.9)
        parts.append(
            f"<h3>Incertitude ({u.draws} tirages, graine {u.seed}, {esc(_fr(u.seconds, 1))} s)</h3>"
            f"<p>{int(uncertain.sum())} commune(s) ont une probabilité d'APL sous {esc(_fr(u.threshold, 1))} "
            "comprise entre 10 % et 90 %.</p>"
        )
        if u.tvs is not None:
            doubtful = u.tvs[(u.tvs["p_national_selection"] > 0.05) & (u.tvs["p_national_selection"] < 0.95)]
            if len(doubtful):
                shown = doubtful[["apl_baseline", "apl_p05", "apl_p95", "p_national_selection"]].sort_values(
                    "p_national_selection", ascending=False
                )
                parts.append(
                    "<p>TVS dont la sélection nationale est incertaine (intervalle à 90 %) :</p>" + _table(shown)
                )
        parts.append(_links(links.get("incertitude", [])))
    if run.warnings:
        parts.append("<h3>Avertissements</h3><ul>" + "".join(f"<li>{esc(w)}</li>" for w in run.warnings) + "</ul>")
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


def _maps(config: Any, run: Any, territory: Any, maps_dir: Path) -> tuple[list[Path], dict[str, list[tuple[str, str]]]]:
    from .. import maps

    communes = territory.core().communes  # maps show the territory studied, not its context communes
    written: list[Path] = []
    links: dict[str, list[tuple[str, str]]] = {}

    def rel(path: Path) -> str:
        return str(os.path.relpath(config.maps_directory / path.name, config.directory))

    def html_map(m: Any, name: str, title: str, key: str) -> None:
        path = maps_dir / f"{name}.html"
        maps.save_map(m, path, self_contained=True, basemap=False)
        written.append(path)
        links.setdefault(key, []).append((title, rel(path)))

    def png(
        values: pd.Series, name: str, title: str, key: str, *, thresholds: list[float], cmap: str, legend: str
    ) -> None:
        path = maps_dir / f"{name}.png"
        gdf = communes.assign(valeur=values.reindex(communes.index))
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
            unit=_APL_UNIT if legend == "ΔAPL" else "",
            source=territory.label,
        )
        written.append(path)
        links.setdefault(key, []).append((title, rel(path)))

    for result in run.scenarios:
        delta = result.communes["delta_apl"]
        breaks = delta_thresholds(delta)
        title = f"Variation de l'APL — {result.label}"
        png(delta, f"delta_apl_{result.name}", title, result.name, thresholds=breaks, cmap="RdBu", legend="ΔAPL")
        m = maps.delta_map(
            communes,
            delta,
            thresholds=breaks,
            title=f"ΔAPL — {result.label}",
            subtitle="Variation de l'APL aux médecins généralistes par commune (rouge : baisse, bleu : hausse)",
            caption=territory.label,
            source=territory.label,
        )
        html_map(m, f"delta_apl_{result.name}", f"{title} (carte interactive)", result.name)
    if run.placement is not None:
        delta = (run.placement.apl - run.baseline.apl_series())[run.baseline.reported]
        png(
            delta,
            "delta_apl_placement",
            "Variation de l'APL — nouveaux sites",
            "placement",
            thresholds=delta_thresholds(delta),
            cmap="RdBu",
            legend="ΔAPL",
        )
    if run.uncertainty is not None:
        breaks = [0.1, 0.25, 0.5, 0.75, 0.9]
        png(
            run.uncertainty.communes["p_apl_below"],
            "probabilite_apl_sous_seuil",
            f"Probabilité que l'APL soit sous {_fr(run.uncertainty.threshold, 1)}",
            "incertitude",
            thresholds=breaks,
            cmap="Reds",
            legend="Probabilité",
        )
        if run.uncertainty.tvs is not None and "code_tvs" in run.baseline.territories:
            p_tvs = run.uncertainty.tvs["p_national_selection"].reindex(run.baseline.territories["code_tvs"]).to_numpy()
            png(
                pd.Series(p_tvs, index=run.baseline.codes)[run.baseline.reported],
                "probabilite_selection_nationale",
                "Probabilité de sélection nationale du TVS",
                "incertitude",
                thresholds=breaks,
                cmap="Reds",
                legend="Probabilité",
            )
    return written, links


def write_outputs(config: Any, run: Any, territory: Any, out_dir: Path, maps_dir: Path) -> list[Path]:
    """Write the tables (CSV), the maps and ``rapport.html`` of a scenario run into the staging folders."""
    from ..maps.meta import production_date

    files: list[Path] = []

    def csv(frame: pd.DataFrame, name: str) -> None:
        path = out_dir / f"{name}.csv"
        write_csv(frame, path)
        files.append(path)

    names = territory.communes["nom"] if "nom" in territory.communes else None
    summary = {}
    for result in run.scenarios:
        csv(result.communes, f"scenario_{result.name}_communes")
        if result.tvs is not None:
            csv(result.tvs, f"scenario_{result.name}_tvs")
        csv(result.crossings, f"scenario_{result.name}_franchissements")
        csv(
            result.most_affected.join(names) if names is not None else result.most_affected,
            f"scenario_{result.name}_plus_touchees",
        )
        summary[result.name] = result.summary()
    if summary:
        csv(pd.DataFrame(summary).T.rename_axis("scenario"), "scenarios_resume")
    if run.placement is not None:
        csv(run.placement.steps.set_index("step"), "placement_etapes")
    if run.uncertainty is not None:
        csv(run.uncertainty.communes, "incertitude_communes")
        if run.uncertainty.tvs is not None:
            csv(run.uncertainty.tvs, "incertitude_tvs")
    if run.implied is not None:
        csv(run.implied.communes, "offre_implicite_communes")
        csv(pd.Series(run.implied.report).to_frame("valeur"), "offre_implicite_erreur")
        if run.implied.by_department is not None:
            csv(run.implied.by_department, "offre_implicite_departements")
    map_files, links = _maps(config, run, territory, maps_dir)
    files += map_files
    section = scenario_section(run, names=names, links=links)
    esc = html.escape
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{esc(config.label)} — scénarios</title>
<style>@page{{size:A4 portrait;margin:15mm 14mm}}
body{{font-family:sans-serif;max-width:60em;margin:2em auto}}th{{text-align:left;padding-right:1em}}
td,th{{border-bottom:1px solid #ddd;padding:.3em}}</style></head>
<body><h1>{esc(config.label)}</h1><p>{esc(territory.label)}</p>
<p>Rapport produit le {esc(production_date())} par access_map {esc(__version__)}.</p>
{section}
<h2>Tableaux</h2><ul>{"".join(f'<li><a href="{esc(p.name)}">{esc(p.name)}</a></li>' for p in files if p.suffix == ".csv")}</ul>
<p><small>access_map {esc(__version__)}</small></p></body></html>
"""
    path = out_dir / "rapport.html"
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    files.append(path)
    return files
