"""The refresh report ``rapport.html``: a page an ARS can print or send as it is.

It states the run date, the sources and vintages, the headline figures, the zoning evolution with
its change map and the controls of the zoning, shows the static maps as numbered figures with
captions, and links every table (CSV) and every interactive map. An A4 print stylesheet lays it
out for paper (figures never split across pages, link targets printed).

Rendering only: every figure comes from the refresh's outputs. Every text that may come from an
input file or the configuration (labels, messages, file names) is escaped with :func:`html.escape`.
Zoning classes carry the same labels as on the maps (:func:`access_map.maps.styles.zoning_label`).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from ._atomic import atomic_path
from .config import RefreshConfig
from .maps.meta import PROFESSION_NAMES, production_date
from .maps.styles import format_fr, format_percent, zoning_label

__all__ = ["write_report", "write_section_report", "MAP_TITLES", "map_title"]

_esc = html.escape

#: French titles of the maps and images of a refresh (file stem -> title).
MAP_TITLES: dict[str, str] = {
    **{f"apl_{p}": f"APL aux {name}" for p, name in PROFESSION_NAMES.items()},
    "apl_medecin_generaliste_tvs": "APL ≤ 65 ans aux médecins généralistes par territoire de vie-santé",
    "apl_medecin_generaliste_evolution": "Évolution de l'APL ≤ 65 ans aux médecins généralistes",
    "zonage": "Zonage des médecins généralistes",
    "zonage_evolution": "Évolution du zonage des médecins généralistes (changement de classe)",
    "cpts": "CPTS et zones blanches",
    "msp": "MSP et centres de santé",
    "deploiement": "Déploiement de l'exercice coordonné",
    "msp_departements": "MSP pour 100 000 habitants, par département",
    "cpts_departements": "Couverture CPTS, par département",
}

_CSS = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 60em; margin: 2em auto; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0; } th { text-align: left; padding-right: 1em; font-weight: normal; color: #444; }
td, th { border-bottom: 1px solid #ddd; padding: .3em .5em .3em 0; vertical-align: top; } td.n { text-align: right; }
figure { margin: 1.2em 0; } figure img { width: 100%; height: auto; display: block; border: 1px solid #ddd; }
figcaption { font-size: .9em; color: #333; margin-top: .3em; } .meta { color: #444; } .small { font-size: .85em; color: #555; }
@media print {
  @page { size: A4 portrait; margin: 15mm 14mm; }
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; } figure, table { break-inside: avoid; } figure img { max-height: 190mm; width: auto; max-width: 100%; }
  a { color: #000; text-decoration: none; } a[href]::after { content: " (" attr(href) ")"; font-size: 8pt; color: #555; }
}
"""


def map_title(stem: str) -> str:
    """French title of a map file (``apl_infirmier_region_84`` → « APL aux infirmiers — région 84 »).

    Examples
    --------
    >>> map_title("zonage_region_84")
    'Zonage des médecins généralistes — région 84'
    """
    base, _, region = stem.partition("_region_")
    title = MAP_TITLES.get(base, base)
    return f"{title} — région {region}" if region else title


def _row(label: str, value: str) -> str:
    return f"<tr><th>{_esc(label)}</th><td>{_esc(value)}</td></tr>"


def _headline_rows(headline: dict[str, Any]) -> str:
    rows = [_row("Communes", format_fr(headline["communes"], decimals=0)),
            _row("Population", format_fr(headline["population"], decimals=0) + " habitants")]  # fmt: skip
    if "apl_mg_moyenne" in headline:
        rows.append(_row("APL aux médecins généralistes (moyenne pondérée, tous âges)",
                         format_fr(headline["apl_mg_moyenne"], decimals=2) + " consultations/an/habitant standardisé"))  # fmt: skip
        rows.append(_row("Population dans une commune d'APL tous âges inférieure à 2,5 (repère : le zonage se lit "
                         "sur l'APL ≤ 65 ans par territoire de vie-santé)",
                         format_percent(headline["part_population_apl_mg_le_2_5"])))  # fmt: skip
    if "apl_mg_65_moyenne" in headline:
        rows.append(_row("APL aux médecins généralistes de 65 ans ou moins (moyenne pondérée)",
                         format_fr(headline["apl_mg_65_moyenne"], decimals=2) + " consultations/an/habitant standardisé"))  # fmt: skip
        rows.append(_row("Population dans une commune d'APL ≤ 65 ans au plus 2,5 / au plus 4",
                         format_percent(headline["part_population_apl_mg_65_le_2_5"]) + " / "
                         + format_percent(headline["part_population_apl_mg_65_le_4"])))  # fmt: skip
    for key, label in (
        ("part_population_par_zonage", "Zonage calculé"),
        ("part_population_par_zonage_precedent", "Zonage précédent"),
    ):
        if key in headline:
            parts = " ; ".join(f"{zoning_label(c)} {format_percent(v)}" for c, v in headline[key].items() if v)
            rows.append(_row(f"{label} (part de la population)", parts))
    if headline.get("part_population_couverte_cpts") is not None:
        rows.append(_row("Population couverte par une CPTS", format_percent(headline["part_population_couverte_cpts"])))
    if "msp" in headline:
        rows.append(_row("Maisons de santé pluriprofessionnelles",
                         f"{headline['msp']} ({format_fr(headline['msp_pour_100000'], decimals=1)} pour 100 000 habitants)"))  # fmt: skip
    return "<table>" + "".join(rows) + "</table>"


def _sources(
    config: RefreshConfig,
    territory_label: str,
    run_date: str,
    travel_max_minutes: float | None,
    source_lines: Sequence[str] | None = None,
) -> str:
    """Run date, data sources and vintages, method parameters (``source_lines`` replace the computed APL's)."""
    items = [f"Rapport produit le {_esc(run_date)} par access_map {_esc(__version__)}."]
    if config.sources.demo:
        items.append(f"Données : {_esc(territory_label)}.")
    else:
        files = ", ".join(f"{_esc(k)} : {_esc(Path(p).name)}" for k, p in sorted(config.sources.files.items()))
        fetched = ", ".join(
            f"{_esc(k)} : {_esc(name)}{' ' + _esc(v) if v else ''}"
            for k, (name, v) in sorted(config.sources.fetched.items())
        )
        items.append("Fichiers d'entrée — " + "; ".join(x for x in (files, fetched) if x) + ".")
        if config.sources.standardised_population_year:
            items.append(f"Population standardisée DREES : millésime {config.sources.standardised_population_year}.")
    if source_lines is not None:  # the APL as published: no parameters, no travel times
        items += [_esc(line) for line in source_lines]
        if config.sources.get("zoning_caps") is not None or "zoning_caps" in config.sources.fetched:
            items.append(f"Règles du zonage : {_esc(config.zoning.rules)} (APL ≤ 65 ans des TVS).")
        return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    profs = ", ".join(
        f"{_esc(PROFESSION_NAMES[p.name])} (paramètres {p.vintage}, variantes : "
        + ", ".join("tous âges" if a is None else f"≤ {a} ans" for a in p.max_ages)
        + ")"
        for p in config.professions
    )
    items.append(f"APL (méthode DREES) : {profs}.")
    tr = config.travel
    way = "à vol d'oiseau (modèle)" if tr.method == "crow_fly" else f"table de temps ({_esc(Path(str(tr.path)).name)})"
    limit = travel_max_minutes if travel_max_minutes is not None else tr.max_minutes
    items.append(f"Temps de trajet : {way}, jusqu'à {format_fr(limit, decimals=0)} minutes.")
    items.append(
        f"Règles du zonage : {_esc(config.zoning.rules)} (APL ≤ {config.zoning.max_age or 'tous âges'} ans des TVS)."
    )
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _zoning_section(zoning: dict[str, Any], config: RefreshConfig, figure: str) -> str:
    out = ""
    if "diff" in zoning:
        diff = zoning["diff"]
        lines = []
        for line in diff.describe(language="fr"):
            code, _, rest = line.partition(" : ")
            lines.append(f"<li>{_esc(zoning_label(code))} : {_esc(rest)}</li>")
        moves = diff.transitions[
            (diff.transitions["code_region"] == "national") & (diff.transitions["before"] != diff.transitions["after"])
        ]
        if not len(moves):
            moves = diff.transitions[diff.transitions["before"] != diff.transitions["after"]]
        moves = moves.groupby(["before", "after"], as_index=False)[["communes", "population"]].sum()
        rows = "".join(
            f"<tr><td>{_esc(str(r.before))} → {_esc(str(r.after))}</td><td class='n'>{format_fr(r.communes, decimals=0)}</td>"
            f"<td class='n'>{format_fr(r.population, decimals=0)}</td></tr>"
            for r in moves.sort_values("population", ascending=False).itertuples()
        )
        table = (
            "<table><tr><th>Changement de classe</th><th>Communes</th><th>Population</th></tr>" + rows + "</table>"
            if rows
            else "<p>Aucune commune ne change de classe.</p>"
        )
        out += (f"<h2>Zonage : évolution par rapport au zonage précédent</h2><ul>{''.join(lines)}</ul>"
                f"{table}{figure}")  # fmt: skip
    if "result" in zoning:
        v = zoning["result"].report.violations
        n_err = int((v["severity"] == "error").sum()) if len(v) else 0
        verdict = "toutes les règles sont respectées" if n_err == 0 else f"{n_err} règle(s) non respectée(s)"
        details = "".join(f"<li>{_esc(str(m))}</li>" for m in v["message"]) if len(v) else ""
        out += (
            f"<h2>Contrôles du zonage</h2><p>Règles {_esc(config.zoning.rules)} : {verdict}, {len(v) - n_err} "
            f'avertissement(s) (détail : <a href="zonage_controles.csv">zonage_controles.csv</a>).</p><ul>{details}</ul>'
        )
    return out


def _figure(number: int, src: str, stem: str) -> str:
    title = _esc(map_title(stem))
    return (f'<figure><img src="{_esc(src)}" alt="{title}"><figcaption><b>Figure {number}.</b> {title}. '
            "Sources et date sur la carte.</figcaption></figure>")  # fmt: skip


def _caveats(notes: Sequence[str], warnings: Sequence[str]) -> str:
    """HTML of the run's notes and data warnings (empty when there are none)."""
    parts = []
    if notes:
        parts.append("<h2>Choix de calcul</h2><ul>" + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>")
    if warnings:
        parts.append(
            f'<h2>Avertissements sur les données ({len(warnings)})</h2><ul class="avertissements">'
            + "".join(f"<li>{_esc(w)}</li>" for w in warnings)
            + "</ul>"
        )
    return "".join(parts)


def write_report(
    config: RefreshConfig,
    territory_label: str,
    headline: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    maps_written: list[Path],
    maps_dir: Path,
    path: Path,
    zoning: dict[str, Any],
    *,
    warnings: Sequence[str] = (),
    notes: Sequence[str] = (),
    travel_max_minutes: float | None = None,
    sections: Sequence[str] = (),
    source_lines: Sequence[str] | None = None,
) -> None:
    """Write ``rapport.html`` at ``path`` (atomically) from the refresh's headline figures, tables and maps.

    ``maps_written`` are the files written into the staging maps folder; links point to
    ``maps_dir`` (the final maps folder) relative to ``path``. Tables are linked when their CSV
    file sits beside ``path``. ``zoning`` holds the refresh's zoning outputs (``result``,
    ``diff``). The run date is :func:`~access_map.maps.meta.production_date`. ``notes`` are the
    explicit modelling choices of the run (imputed activity, territory selection, changed catchment)
    and ``warnings`` every data warning it raised (:attr:`access_map.refresh.RefreshResult.warnings`):
    both get a section of their own, escaped. ``travel_max_minutes`` is the travel-time limit the run
    used (by default ``[travel] max_minutes`` of the configuration, which may be unset: the presets'
    catchment). ``sections`` are HTML sections (already escaped) shown after the headline figures, e.g. the
    atlas of the published APL (:func:`access_map.atlas.report.atlas_sections`); ``source_lines`` replace
    the lines on the computed APL (parameters, travel times) for an APL taken as published.
    """

    def rel(p: Path) -> str:
        return os.path.relpath(maps_dir / p.name, path.parent)

    pngs = [p for p in maps_written if p.suffix == ".png"]
    numbered = {p.stem: i + 1 for i, p in enumerate(sorted(pngs, key=lambda p: p.stem != "zonage_evolution"))}
    figures = {p.stem: _figure(numbered[p.stem], rel(p), p.stem) for p in pngs}
    change = figures.pop("zonage_evolution", "")
    maps_list = "".join(f'<li><a href="{_esc(rel(p))}">{_esc(map_title(p.stem))}</a></li>'
                        for p in maps_written if p.suffix == ".html")  # fmt: skip
    table_list = "".join(
        f'<li><a href="{_esc(name)}.csv">{_esc(name)}.csv</a></li>' if (path.parent / f"{name}.csv").exists()
        else f"<li>{_esc(name)}</li>"
        for name in tables
    )  # fmt: skip
    run_date = production_date()
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{_esc(config.label)} — rapport du {_esc(run_date)}</title>
<style>{_CSS}</style></head>
<body><h1>{_esc(config.label)}</h1><p class="meta">{_esc(territory_label)}</p>
<h2>Date, sources et millésimes</h2>{_sources(config, territory_label, run_date, travel_max_minutes, source_lines)}
<h2>Chiffres clés</h2>{_headline_rows(headline)}
{"".join(sections)}
{_caveats(notes, warnings)}
{_zoning_section(zoning, config, change)}
<h2>Cartes</h2>{"".join(figures[s] for s in sorted(figures, key=lambda s: numbered[s]))}
<h2>Cartes interactives</h2><p class="small">Fichiers HTML autonomes : ils s'ouvrent sans réseau.</p><ul>{maps_list}</ul>
<h2>Tableaux</h2><p class="small">CSV (séparateur virgule, UTF-8) ; les mêmes tableaux existent en Parquet
et, pour les tables géographiques, en GeoPackage. Entrées, paramètres et durées : <a href="provenance.json">provenance.json</a>.</p>
<ul>{table_list}</ul>
</body></html>
"""
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")


def write_section_report(path: Path, *, title: str, subtitle: str, sections: Sequence[str]) -> None:
    """Write a ``rapport.html`` made of report sections (HTML fragments already escaped), atomically.

    The page of a command that is not a refresh (``access-map grid``): the refresh report's style, date
    and version line, then the sections.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "rapport.html"
    >>> write_section_report(p, title="Grille <200 m>", subtitle="Bordeaux", sections=["<h2>APL</h2>"])
    >>> "Grille &lt;200 m&gt;" in p.read_text(encoding="utf-8")
    True
    """
    run_date = production_date()
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{_esc(title)} — rapport du {_esc(run_date)}</title>
<style>{_CSS}</style></head>
<body><h1>{_esc(title)}</h1><p class="meta">{_esc(subtitle)}</p>
<p>Rapport produit le {_esc(run_date)} par access_map {_esc(__version__)}.</p>
{"".join(sections)}
</body></html>
"""
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
