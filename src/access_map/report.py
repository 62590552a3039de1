"""The refresh report ``rapport.html``: headline figures, zoning evolution and controls, maps and tables.

Rendering only: every figure comes from the refresh's outputs. Every text that may come from an input file
(labels, messages) is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from ._atomic import atomic_path
from .config import RefreshConfig
from .schema import PROFESSION_LABELS

__all__ = ["write_report"]


def _fr(value: float, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n.d."
    s = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    return s


#: French titles of the maps listed in the report (file stem -> title).
_MAP_TITLES: dict[str, str] = {
    **{f"apl_{p}": f"APL — {label}" for p, label in PROFESSION_LABELS.items()},
    "zonage": "Zonage des médecins généralistes",
    "cpts": "CPTS et zones blanches",
    "msp": "MSP et centres de santé",
    "deploiement": "Déploiement de l'exercice coordonné",
    "msp_departements": "MSP pour 100 000 habitants, par département",
    "cpts_departements": "Couverture CPTS, par département",
}


def _map_title(stem: str) -> str:
    base, _, region = stem.partition("_region_")
    title = _MAP_TITLES.get(base, base)
    return f"{title} — région {region}" if region else title


def write_report(
    config: RefreshConfig,
    territory_label: str,
    headline: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    maps_written: list[Path],
    maps_dir: Path,
    path: Path,
    zoning: dict[str, Any],
) -> None:
    """Write ``rapport.html`` at ``path`` (atomically) from the refresh's headline figures, tables and maps.

    ``maps_written`` are the files written into the staging maps folder; links point to ``maps_dir`` (the final
    maps folder) relative to ``path``. ``zoning`` holds the refresh's zoning outputs (``result``, ``diff``).
    """
    esc = html.escape
    rows = []

    def row(label: str, value: str) -> None:
        rows.append(f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>")

    row("Communes", _fr(headline["communes"], 0))
    row("Population", _fr(headline["population"], 0))
    if "apl_mg_moyenne" in headline:
        row("APL médecins généralistes (moyenne pondérée)", _fr(headline["apl_mg_moyenne"], 2))
        row("Population avec APL ≤ 2,5", _fr(100 * headline["part_population_apl_mg_le_2_5"], 1) + " %")
    for key, label in (
        ("part_population_par_zonage", "Zonage calculé"),
        ("part_population_par_zonage_precedent", "Zonage précédent"),
    ):
        if key in headline:
            parts = ", ".join(f"{c} {_fr(100 * v, 1)} %" for c, v in headline[key].items())
            row(f"{label} (part de la population)", parts)
    if headline.get("part_population_couverte_cpts") is not None:
        row("Population couverte par une CPTS", _fr(100 * headline["part_population_couverte_cpts"], 1) + " %")
    if "msp" in headline:
        row("MSP", f"{headline['msp']} ({_fr(headline['msp_pour_100000'], 1)} pour 100 000 hab.)")
    evolution = ""
    if "diff" in zoning:
        items = "".join(f"<li>{esc(line)}</li>" for line in zoning["diff"].describe(language="fr"))
        evolution = f"<h2>Zonage : évolution par rapport au zonage précédent</h2><ul>{items}</ul>"
    controls = ""
    if "result" in zoning:
        v = zoning["result"].report.violations
        n_err = int((v["severity"] == "error").sum()) if len(v) else 0
        n_warn = len(v) - n_err
        verdict = "toutes les règles sont respectées" if n_err == 0 else f"{n_err} règle(s) non respectée(s)"
        details = "".join(f"<li>{esc(str(m))}</li>" for m in v["message"]) if len(v) else ""
        controls = (
            f"<p>Contrôles du zonage ({esc(config.zoning.rules)}) : {verdict}, {n_warn} avertissement(s) "
            f"(détail : zonage_controles.csv).</p><ul>{details}</ul>"
        )
    links = "".join(
        f'<li><a href="{esc(os.path.relpath(maps_dir / p.name, path.parent))}">{esc(_map_title(p.stem))}</a></li>'
        for p in maps_written
        if p.suffix == ".html"
    )
    images = "".join(
        f'<figure><img src="{esc(os.path.relpath(maps_dir / p.name, path.parent))}" alt="{esc(_map_title(p.stem))}" '
        f'style="max-width:100%"><figcaption>{esc(_map_title(p.stem))}</figcaption></figure>'
        for p in maps_written
        if p.suffix == ".png" and p.stem in ("apl_medecin_generaliste", "zonage")
    )
    table_list = "".join(f"<li>{esc(name)}</li>" for name in tables)
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{esc(config.label)} — rapport</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}th{{text-align:left;padding-right:1em}}
td,th{{border-bottom:1px solid #ddd;padding:.3em}}</style></head>
<body><h1>{esc(config.label)}</h1><p>{esc(territory_label)}</p>
<h2>Chiffres clés</h2><table>{"".join(rows)}</table>
{evolution}{controls}{images}
<h2>Cartes interactives</h2><ul>{links}</ul><h2>Tableaux</h2><ul>{table_list}</ul>
<p><small>access_map {esc(__version__)} — voir provenance.json pour les fichiers d'entrée et les paramètres.</small></p>
</body></html>
"""
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
