"""The atlas in the refresh report: source lines, headline figures, notes and HTML sections.

Rendering only, from the atlas tables (:func:`access_map.atlas.atlas_tables`); every text from the data
(names) is escaped. French texts come from :mod:`access_map.messages.atlas`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..messages import atlas as msg
from ..messages import nombre, pourcent
from .change import threshold_classes
from .indicators import THRESHOLDS

if TYPE_CHECKING:
    from ..refresh.published import PublishedRun

__all__ = ["atlas_source_lines", "atlas_headline", "atlas_notes", "atlas_sections", "html_table"]


def html_table(
    df: pd.DataFrame, columns: Mapping[str, str], *, percent: tuple[str, ...] = (), decimals: int = 2
) -> str:
    """An HTML table of ``df``'s ``columns`` (label by column): numbers the French way, text escaped.

    Examples
    --------
    >>> html_table(pd.DataFrame({"nom": ["<A>"], "apl": [3.456]}), {"nom": "Nom", "apl": "APL"})
    "<table><tr><th>Nom</th><th>APL</th></tr><tr><td>&lt;A&gt;</td><td class='n'>3,46</td></tr></table>"
    """
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for col in columns:
            v = rec.get(col)
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                if col in percent:
                    text = pourcent(float(v))
                elif col in ("population", "communes", "tvs") or float(v).is_integer() and abs(float(v)) > 100:
                    text = nombre(float(v), decimals=0)
                else:
                    sign = "+" if col.startswith(("ecart", "evolution")) and float(v) > 0 else ""
                    text = sign + nombre(float(v), decimals=decimals)
                cells.append(f"<td class='n'>{text}</td>")
            else:
                cells.append(f"<td>{html.escape('' if v is None or v is pd.NA else str(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def atlas_source_lines(run: PublishedRun) -> list[str]:
    """The report's lines on the data (instead of the computed APL's parameters and travel times)."""
    p = run.published
    lines = [
        msg.published_source(
            file=run.workbook.name,
            year=p.year,
            population_year=p.current.attrs.get("population_year"),
            previous=p.previous,
        )
    ]
    return lines + [n for n in p.notes if n.startswith("Territoires de vie-santé")]


def atlas_headline(run: PublishedRun) -> dict[str, Any]:
    """Headline figures of the territory from the workbook's communes (``atlas_territoire``)."""
    t = run.atlas["atlas_territoire"].iloc[0]
    return {
        "communes": int(t["communes"]),
        "population": float(t["population"]),
        "apl_mg_moyenne": float(t["apl"]),
        "part_population_apl_mg_le_2_5": float(t["part_apl_le_2_5"]),
        "apl_mg_65_moyenne": float(t["apl_65"]),
        "part_population_apl_mg_65_le_2_5": float(t["part_apl_65_le_2_5"]),
        "part_population_apl_mg_65_le_4": float(t["part_apl_65_le_4"]),
    }


def atlas_notes(run: PublishedRun) -> list[str]:
    """Notes of the run: TVS source, names missing, cities drawn whole, communes of one vintage only."""
    p = run.published
    notes = [n for n in p.notes if not n.startswith("Territoires de vie-santé")]
    merged = run.values.attrs.get("plm_merged", {})
    if merged:
        from ..communes import PLM_CITIES

        names = {code: name for code, name in PLM_CITIES.values()}
        notes.append(msg.plm_note(cities=[names[c] for c in sorted(merged)]))
    joined = run.values.attrs.get("joined", {})
    if joined:
        notes.append(msg.joined_note(count=len(joined), examples=sorted(joined)[:5]))
    unmapped = run.values.index[run.values["apl"].isna().to_numpy()]
    if len(unmapped):
        notes.append(msg.unmapped_note(count=len(unmapped), examples=unmapped[:5].tolist()))
    change = run.atlas.get("evolution_communes")
    if change is not None and p.previous is not None:
        before, after = len(change.attrs.get("only_before", [])), len(change.attrs.get("only_after", []))
        if before or after:
            notes.append(
                msg.communes_one_year_only(before=p.previous, after=p.year, only_before=before, only_after=after)
            )
    return notes


def _references(atlas: dict[str, pd.DataFrame]) -> str:
    parts = [atlas["atlas_territoire"].assign(nom="Territoire")]
    if len(atlas["atlas_departements"]) <= 12:
        parts.append(atlas["atlas_departements"])
    parts += [atlas["atlas_regions"], atlas["atlas_france"]]
    frame = pd.concat([p.reset_index(drop=True) for p in parts], ignore_index=True)
    cols = ["niveau", "nom", "population", "apl", "apl_65", "part_apl_65_le_2_5", "part_apl_65_le_4"]
    labels = {c: msg.COLUMN_LABELS[c] for c in cols}
    table = html_table(frame, labels, percent=("part_apl_65_le_2_5", "part_apl_65_le_4"))
    return f"<h2>{html.escape(msg.SECTION_REFERENCES)}</h2>{table}"


def _departements(atlas: dict[str, pd.DataFrame]) -> str:
    ref = atlas["comparaison_territoires"]
    deps = ref[ref["niveau"] == msg.LEVEL_NAMES["departement"]].reset_index()
    if deps.empty:
        return ""
    cols = ["code", "nom", "nom_region", "apl_65", "apl_65_region", "ecart_apl_65_region", "apl_65_france",
            "ecart_apl_65_france", "part_apl_65_le_2_5"]  # fmt: skip
    table = html_table(deps, {c: msg.COLUMN_LABELS[c] for c in cols}, percent=("part_apl_65_le_2_5",))
    return f"<h2>{html.escape(msg.SECTION_DEPARTEMENTS)}</h2>{table}"


def _change(run: PublishedRun) -> str:
    p = run.published
    if p.previous is None or "evolution_territoires" not in run.atlas:
        return ""
    y0, y1 = p.previous, p.year
    areas = run.atlas["evolution_territoires"]
    shown = areas[areas["niveau"] != msg.LEVEL_NAMES["tvs"]]
    if len(shown) > 16:
        shown = shown[shown["niveau"] != msg.LEVEL_NAMES["departement"]]
    shown = shown.reset_index()
    cols = {"niveau": msg.COLUMN_LABELS["niveau"], "nom": msg.COLUMN_LABELS["nom"]}
    for c in ("apl", "apl_65"):
        cols[f"{c}_{y0}"] = msg.change_column(c, year=y0)
        cols[f"{c}_{y1}"] = msg.change_column(c, year=y1)
        cols[f"evolution_{c}"] = msg.change_column(c)
    table = html_table(shown, cols)
    whole = run.atlas["evolution_communes"]
    sentences = []
    for t in THRESHOLDS:
        v0, v1 = whole[f"apl_65_{y0}"], whole[f"apl_65_{y1}"]
        down, up = (v0 > t) & (v1 <= t), (v0 <= t) & (v1 > t)
        sentences.append(
            msg.crossings_summary(
                variant=msg.COLUMN_LABELS["apl_65"], threshold=t, down=int(down.sum()), up=int(up.sum()),
                population_down=float(whole.loc[down, "population"].sum()),
                population_up=float(whole.loc[up, "population"].sum()), years=(y0, y1),
            )
        )  # fmt: skip
    items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
    return (
        f"<h2>{html.escape(msg.section_change(years=(y0, y1)))}</h2><ul>{items}</ul>{table}"
        '<p class="small">Détail : evolution_communes.csv (franchissements de seuil commune par commune), '
        "evolution_territoires.csv.</p>"
    )


def _tvs(atlas: dict[str, pd.DataFrame]) -> str:
    tvs = atlas["atlas_tvs"]
    classes = threshold_classes(tvs["apl_65"])
    total = float(tvs["population"].sum())
    rows = []
    for label in msg.threshold_class_labels(THRESHOLDS):
        part = tvs[classes == label]
        cells = msg.tvs_class_row(
            label=label, tvs=len(part), population=float(part["population"].sum()),
            share=float(part["population"].sum()) / total if total > 0 else float("nan"),
        )  # fmt: skip
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    head = "<tr><th>Classe</th><th>TVS</th><th>Population</th><th>Part</th></tr>"
    return f"<h2>{html.escape(msg.SECTION_TVS)}</h2><table>{head}{''.join(rows)}</table>"


def atlas_sections(run: PublishedRun) -> list[str]:
    """HTML sections of the atlas for the refresh report (escaped)."""
    return [s for s in (_references(run.atlas), _departements(run.atlas), _change(run), _tvs(run.atlas)) if s]
