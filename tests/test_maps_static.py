"""Static images: legend, unit, scale bar, north arrow, source and date, no empty band, shared outlines."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from test_maps_fixtures import grid_territory

from access_map.errors import InvalidValueError, MissingColumnError
from access_map.maps import static_map
from access_map.maps.static import draw_static, static_geometry


@pytest.fixture(scope="module")
def terr():
    return grid_territory()


def svg_text(path) -> str:
    """The texts of an SVG written by matplotlib (glyphs are paths; their ids carry no text), via its comments."""
    return path.read_text(encoding="utf-8")


def test_static_map_states_title_unit_legend_scale_north_source_and_date(terr, tmp_path, monkeypatch):
    import matplotlib

    monkeypatch.setitem(matplotlib.rcParams, "svg.fonttype", "none")  # keep texts as <text> to read them
    communes = terr.communes.assign(apl=terr.apl)
    out = static_map(communes, "apl", kind="apl", path=tmp_path / "apl.svg", title="APL aux infirmiers — 2023",
                     subtitle="Toutes tranches d’âge des praticiens, par commune",
                     unit="ETP pour 100 000 habitants standardisés", source="DREES, APL 2023", date="01/02/2024")  # fmt: skip
    svg = svg_text(out)
    for text in ("APL aux infirmiers — 2023", "Toutes tranches d’âge", "ETP pour 100 000 habitants standardisés",
                 "Source : DREES, APL 2023", "Carte produite le 01/02/2024", "Données manquantes", ">N<"):  # fmt: skip
        assert text in svg, text
    assert re.search(r">\d+ km<", svg)  # scale bar (30 km wide territory)


def test_no_missing_entry_when_nothing_is_missing(terr, tmp_path, monkeypatch):
    import matplotlib

    monkeypatch.setitem(matplotlib.rcParams, "svg.fonttype", "none")
    full = terr.communes.assign(apl=terr.apl.reindex(terr.communes.index).fillna(2.0))
    svg = svg_text(static_map(full, "apl", kind="apl", path=tmp_path / "a.svg"))
    assert "Données manquantes" not in svg


def test_no_empty_band_the_figure_follows_the_territory_shape(terr, tmp_path):
    wide = terr.communes.copy()
    wide.geometry = wide.geometry.scale(xfact=3.0, yfact=1.0, origin=(800_000, 6_500_000))
    for gdf, name in ((terr.communes, "square"), (wide, "wide")):
        path = static_map(gdf.assign(apl=terr.apl), "apl", kind="apl", path=tmp_path / f"{name}.png")
        img = np.asarray(Image.open(path).convert("RGB")).astype(int)
        colourful = (img.max(axis=2) - img.min(axis=2)) > 40  # the coloured communes (texts are grey/black)
        colourful[:, int(0.7 * img.shape[1]) :] = False  # not the legend swatches on the right
        rows = np.where(colourful.any(axis=1))[0]
        # the map fills the height between the title and the source line: no empty band
        assert rows.min() < 0.2 * img.shape[0] and rows.max() > 0.8 * img.shape[0], name
    assert Image.open(tmp_path / "wide.png").size[1] < Image.open(tmp_path / "square.png").size[1]


def test_outlines_are_prepared_once_and_reused(terr, tmp_path):
    geo = static_geometry(terr.communes)
    assert len(geo.paths()) == len(terr.communes) and list(geo.codes) == list(terr.communes.index)
    a = draw_static(geo, ["#ff0000"] * 36, [("#ff0000", "A")], path=tmp_path / "a.png", title="A")
    b = static_map(terr.communes.assign(z=terr.zonage), "z", kind="zoning", path=tmp_path / "b.png", geometry=geo)
    assert a.read_bytes()[:4] == b.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(InvalidValueError, match="draw_static : 35 couleurs pour 36 zones"):
        draw_static(geo, ["#ff0000"] * 35, [], path=tmp_path / "c.png", title="C")


def test_bad_arguments(terr, tmp_path):
    communes = terr.communes.assign(apl=terr.apl)
    with pytest.raises(InvalidValueError, match="static_map : type de carte inconnu 'heat'"):
        static_map(communes, "apl", kind="heat", path=tmp_path / "x.png")
    with pytest.raises(MissingColumnError, match="colonne 'apl2' introuvable"):
        static_map(communes, "apl2", kind="apl", path=tmp_path / "x.png")
    with pytest.raises(InvalidValueError, match="zonage : classe inconnue : ZRR"):
        static_map(communes.assign(z=pd.Series("ZRR", index=communes.index)), "z", kind="zoning",
                   path=tmp_path / "x.png")  # fmt: skip


def test_the_reference_value_is_written_under_the_legend(terr, tmp_path, monkeypatch):
    import matplotlib

    from access_map.maps.meta import reference_value

    monkeypatch.setitem(matplotlib.rcParams, "svg.fonttype", "none")
    communes = terr.communes.assign(apl=terr.apl)
    apl = communes["apl"]
    pop = communes["population"]
    ok = apl.notna()
    hand = float((apl[ok] * pop[ok]).sum() / pop[ok].sum())  # population-weighted mean, by hand
    ref = reference_value(apl, pop, standardised=False)
    assert ref is not None and ref[1] == pytest.approx(hand)
    svg = svg_text(static_map(communes, "apl", kind="apl", path=tmp_path / "r.svg", reference=ref))
    texts = " ".join(re.findall(r">([^<>]+)</text>", svg))  # the note wraps over several <text> lines
    shown = f"{hand:.2f}".replace(".", ",")
    assert f"Moyenne du territoire (pondérée par la population) : {shown}" in " ".join(texts.split())
