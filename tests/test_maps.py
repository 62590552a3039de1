"""Unit tests of the interactive maps: what each map states, legends, views, overlays, popups, offline files.

Expected values are written by hand from the small grid territory of ``test_maps_fixtures``.
The browser behaviour (tooltips, popups, search, exclusive views) is tested in ``test_browser_maps.py``.
"""

from __future__ import annotations

import re
import unittest.mock

import folium
import numpy as np
import pandas as pd
import pytest
from test_maps_fixtures import XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE, grid_territory

from access_map.errors import CRSError, InvalidValueError, SourceError
from access_map.maps import (
    ZONING_COLORS,
    apl_map,
    classify,
    cpts_map,
    deployment_map,
    esc,
    format_fr,
    msp_map,
    render_html,
    save_map,
    summary_map,
    zoning_map,
)
from access_map.maps.html import inline_assets
from access_map.maps.meta import APL_UNITS, PROFESSION_NAMES
from access_map.maps.profile import commune_profile, profile_popup_rows
from access_map.maps.styles import FILL_OPACITY, format_percent
from access_map.maps.territory_layer import TerritoryLayer
from access_map.schema import PROFESSIONS

RAW_PAYLOADS = (XSS_SCRIPT, XSS_IMG, "${window.__xss=1}")


@pytest.fixture(scope="module")
def terr():
    return grid_territory()


def payload(m: folium.Map) -> dict:
    (layer,) = [c for c in m._children.values() if isinstance(c, TerritoryLayer)]
    return layer.payload


def title_of(m: folium.Map) -> str:
    found = re.search(r"<title>(.*?)</title>", m.get_root().render())
    assert found, "the page has no <title>"
    return found.group(1)


# ----------------------------------------------------------------------------- 1. layer names
@pytest.mark.parametrize("profession", PROFESSIONS)
def test_layer_names_name_the_profession(terr, profession):
    m = apl_map(terr.communes, terr.apl, profession=profession, vintage=2023)
    names = [v["name"] for v in payload(m)["views"]]
    assert names == [esc(f"APL {PROFESSION_NAMES[profession]}, tous âges, par commune")]
    if profession != "medecin_generaliste":
        assert "médecins généralistes" not in render_html(m)


# ----------------------------------------------------------------------------- 2. what is shown
@pytest.mark.parametrize(
    ("profession", "unit"),
    [
        ("medecin_generaliste", "consultations/an/habitant standardisé"),
        ("infirmier", "ETP pour 100 000 habitants standardisés"),
        ("sage_femme", "ETP pour 100 000 femmes"),
    ],
)
def test_apl_map_states_title_variant_level_vintage_unit_source_and_date(terr, profession, unit):
    frame = pd.DataFrame({"apl": terr.apl, "apl_65": terr.apl * 0.9})
    m = apl_map(
        terr.communes,
        frame,
        profession=profession,
        vintage=2023,
        source="DREES, APL 2023 ; INSEE, RP 2021",
        date="01/02/2024",
    )
    p = payload(m)
    name = PROFESSION_NAMES[profession]
    assert title_of(m) == esc(f"APL aux {name} — 2023 (Toutes tranches d’âge des praticiens, par commune)")
    assert [v["subtitle"] for v in p["views"]] == [
        esc("Toutes tranches d’âge des praticiens, par commune"),
        esc("Praticiens de 65 ans ou moins, par commune"),
    ]
    assert {v["legend"]["unit"] for v in p["views"]} == {esc(unit)} and APL_UNITS[profession] == unit
    assert p["meta"]["source"] == esc("DREES, APL 2023 ; INSEE, RP 2021") and p["meta"]["date"] == "01/02/2024"


def test_every_map_has_a_title_and_a_production_date(terr, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14/11/2023
    deps = terr.communes.dissolve(by="code_departement")[["geometry"]]
    maps = {
        "zonage": zoning_map(terr.communes, terr.zonage),
        "cpts": cpts_map(terr.communes, terr.cpts),
        "msp": msp_map(terr.msp, communes_gdf=terr.communes),
        "summary": summary_map(deps, pd.Series({"99": 3.0}), indicator_label="MSP pour 100 000 habitants"),
        "deploiement": deployment_map(terr.communes, apl=terr.apl, zonage=terr.zonage),
    }
    for name, m in maps.items():
        assert title_of(m).strip(), name
        assert payload(m)["meta"]["date"] == "14/11/2023", name


def test_zoning_thresholds_only_on_the_tvs_view(terr):
    codes = terr.communes.index[:4]
    apl = pd.Series([2.09, 3.0, 4.5, 1.0], index=codes)
    tvs_apl = pd.Series([1.39, 2.5, 4.0, 4.01], index=codes)  # hand-chosen around the thresholds
    m = apl_map(terr.communes.loc[codes], apl, tvs_apl=tvs_apl, vintage=2023, k=2)
    commune_view, tvs_view = payload(m)["views"]
    assert not any(label.startswith(("inférieure", "supérieure")) for label in commune_view["labels"])
    assert tvs_view["labels"] == ["inférieure à 2,5", "de 2,5 à 4", "supérieure à 4"]
    assert tvs_view["classes"] == [0, 0, 1, 2]  # a value equal to a threshold falls in the lower class
    assert "≤ 65" in tvs_view["name"] and "TVS" in tvs_view["name"]
    assert tvs_view["legend"]["note"] == esc("Une valeur égale à un seuil compte dans la classe inférieure.")


# ----------------------------------------------------------------------------- 3. legends and palettes
def test_quantile_labels_do_not_overlap_and_say_where_each_value_goes():
    rng = np.random.default_rng(3)
    values = pd.Series(rng.gamma(4.0, 20.0, 500))
    c = classify(values, scheme="quantiles", k=5)
    bounds = [float(b) for b in c.bins[:-1]]
    # labels built from the same rounded bounds: « moins de b1 », « de b1 à moins de b2 », …, « b4 ou plus »
    shown = [format_fr(b, decimals=6).rstrip("0").rstrip(",") for b in bounds]
    assert c.labels[0] == f"moins de {shown[0]}" and c.labels[-1] == f"{shown[-1]} ou plus"
    assert c.labels[1] == f"de {shown[0]} à moins de {shown[1]}"
    for v, code in zip(values, c.codes):
        lo = -np.inf if code == 0 else bounds[code - 1]
        hi = np.inf if code == len(bounds) else bounds[code]
        assert lo <= v < hi
    # short bounds (the 51,55 / 86,96 become 52 / 87, see styles._nice_breaks)
    assert all(len(re.sub(r"\D", "", s).strip("0")) <= 2 for s in shown)  # two significant digits


def test_apl_palette_is_sequential_and_dark_for_low_access(terr):
    from matplotlib.colors import to_rgb

    view = payload(apl_map(terr.communes, terr.apl))["views"][0]
    luminance = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in map(to_rgb, view["colors"])]
    assert luminance == sorted(luminance) and luminance[0] < luminance[-1] - 0.4  # one direction, dark = low APL


def test_reference_value_is_the_population_weighted_mean(terr):
    codes = terr.communes.index[:3]  # populations 1 000, 2 000, 3 000
    apl = pd.Series([1.0, 2.0, 4.0], index=codes)
    view = payload(apl_map(terr.communes.loc[codes], apl, k=2))["views"][0]
    # (1 000 × 1 + 2 000 × 2 + 3 000 × 4) / 6 000 = 17 000 / 6 000 = 2,83
    assert view["legend"]["reference"] == esc("Moyenne du territoire (pondérée par la population) : 2,83")


def test_each_variant_shows_its_own_reference_weighted_as_asked(terr):
    """Audit: the ≤ 65 view showed the all-ages mean (demo: 4,21 instead of 3,60), and the
    deployment map weighted by the population while the APL map weighted by the standardised one."""
    codes = terr.communes.index[:3]
    frame = pd.DataFrame({"apl": [1.0, 2.0, 4.0], "apl_65": [0.5, 1.0, 3.0]}, index=codes)
    weights = pd.Series([3.0, 1.0, 1.0], index=codes)  # standardised population
    views = payload(apl_map(terr.communes.loc[codes], frame, k=2, weights=weights))["views"]
    label = "Moyenne du territoire (pondérée par la population standardisée)"
    # (3 × 1 + 1 × 2 + 1 × 4) / 5 = 1,80 ; (3 × 0,5 + 1 × 1 + 1 × 3) / 5 = 1,10
    assert [v["legend"]["reference"] for v in views] == [esc(f"{label} : 1,80"), esc(f"{label} : 1,10")]
    # without weights, each view its own population-weighted mean: (1 000 × 0,5 + 2 000 + 9 000) / 6 000 = 1,92
    views = payload(apl_map(terr.communes.loc[codes], frame, k=2))["views"]
    assert views[1]["legend"]["reference"] == esc("Moyenne du territoire (pondérée par la population) : 1,92")
    # an explicit reference belongs to the first view only
    views = payload(apl_map(terr.communes.loc[codes], frame, k=2, reference=("France", 9.0)))["views"]
    assert views[0]["legend"]["reference"].startswith("France") and not views[1]["legend"]["reference"].startswith("F")
    dep = payload(deployment_map(terr.communes.loc[codes], apl=frame["apl"], weights=weights))["views"][0]
    assert dep["legend"]["reference"] == esc(f"{label} : 1,80")


def test_missing_class_only_when_something_is_missing(terr):
    with_missing = payload(apl_map(terr.communes, terr.apl))["views"][0]["legend"]["items"]
    complete = payload(apl_map(terr.communes, terr.apl.reindex(terr.communes.index).fillna(1.0)))
    assert with_missing[-1]["label"] == "Données manquantes"
    assert all(item["label"] != "Données manquantes" for item in complete["views"][0]["legend"]["items"])


def test_legend_swatches_are_painted_at_the_fill_opacity(terr):
    p = payload(apl_map(terr.communes, terr.apl))
    assert p["fill_opacity"] == FILL_OPACITY
    # the browser paints the swatch as the polygon: the class colour at P.fill_opacity over the background
    from access_map.maps.territory_layer import _asset

    js = _asset("access_map/access_map.js")
    assert "rgba(item.color, P.fill_opacity)" in js and "fillOpacity: P.fill_opacity" in js


def test_department_map_shows_values_relative_to_the_reference(terr):
    deps = terr.communes.dissolve(by="code_departement")[["geometry"]]
    deps = pd.concat([deps, deps.set_index(pd.Index(["98"]))])
    m = summary_map(deps, pd.Series({"99": 2.8, "98": 3.3}), indicator_label="MSP pour 100 000 habitants",
                    unit="pour 100 000 hab.", reference=3.0, reference_label="France")  # fmt: skip
    view = payload(m)["views"][0]
    # 2,8 / 3,0 = 93,3 % -> « de 80 à 95 % »; 3,3 / 3,0 = 110 % -> « de 105 à 120 % » (areas in the order 99, 98)
    labels = [view["labels"][c] for c in view["classes"]]
    assert labels == ["de 80 à 95 % de la référence", "de 105 à 120 % de la référence"]
    assert view["legend"]["reference"] == esc("France : 3,0 pour 100 000 hab.")


def test_french_number_format():
    assert format_fr(3.456) == "3,46"
    assert format_fr(1234567.891, decimals=1) == "1\u202f234\u202f567,9"  # as Intl.NumberFormat("fr-FR")
    assert format_percent(0.668) == "66,8\u202f%"
    assert esc("<b>") == "&lt;b&gt;"


# ----------------------------------------------------------------------------- 4. interaction
def test_popup_profile_has_every_field(terr):
    codes = terr.communes.index[:3]
    apl = pd.DataFrame(
        {"medecin_generaliste__apl": [2.09, 3.0, 4.0], "medecin_generaliste__apl_65": [1.48, 2.9, 3.8]}, index=codes
    )
    zoning = pd.DataFrame(
        {"code_tvs": ["T1", "T1", "T2"], "libelle_tvs": ["Val", "Val", "Mont"], "tvs_apl": [1.39, 1.39, 3.5],
         "zonage": ["ZIP", "ZIP", "ZAC"]}, index=codes)  # fmt: skip
    previous = pd.Series(["ZAC", "ZIP", "HV"], index=codes)
    msp = pd.DataFrame({"nom": ["MSP du Val"], "code_commune": [codes[1]], "categorie": ["603"]})
    times = pd.DataFrame({"origin": [codes[0], codes[2]], "destination": [codes[1], codes[1]], "minutes": [6.4, 25.0]})
    p = commune_profile(terr.communes.loc[codes], apl=apl, zoning=zoning, previous_zoning=previous, cpts=terr.cpts,
                        msp=msp, times=times)  # fmt: skip
    first = p.loc[codes[0]]
    assert first["medecin_generaliste__apl"] == 2.09 and first["medecin_generaliste__apl_65"] == 1.48
    assert first["tvs"] == "Val (T1)" and first["tvs__apl_65"] == 1.39
    assert first["zonage"] == "Zone d'intervention prioritaire (ZIP)"
    assert first["zonage_precedent"] == "Zone d'action complémentaire (ZAC)"
    assert first["cpts"].startswith(XSS_IMG + " CPTS du Nord (contrat ACI signé le 12/03/2021, taille 1)")
    assert first["msp_proche"] == f"MSP du Val ({terr.communes.loc[codes[1], 'nom']})" and first["msp_minutes"] == 6.4
    assert p.loc[codes[1], "msp_minutes"] == 0.0 and p.loc[codes[2], "msp_minutes"] == 25.0
    labels = [r.label for r in profile_popup_rows(p)]
    assert labels == [
        "Population", "APL médecins généralistes, tous âges", "APL médecins généralistes, ≤ 65 ans",
        "Territoire de vie-santé", "APL ≤ 65 ans du TVS", "Zonage calculé", "Zonage précédent", "CPTS",
        "MSP la plus proche", "Temps d'accès",
    ]  # fmt: skip


def test_maps_have_a_search_box_and_exclusive_views(terr):
    m = deployment_map(terr.communes, apl=terr.apl, zonage=terr.zonage, cpts_long=terr.cpts, msp_gdf=terr.msp)
    p = payload(m)
    assert p["search"] is True
    assert [v["name"] for v in p["views"]] == [
        esc("APL médecins généralistes, tous âges, par commune"),
        "Zonage calculé",
    ]
    # the commune names of the search index are escaped like every other text
    assert esc(XSS_SCRIPT) in p["table"]["nom"] and XSS_SCRIPT not in render_html(m)


def test_overlays_never_take_the_communes_tooltips(terr):
    p = payload(deployment_map(terr.communes, apl=terr.apl, cpts_long=terr.cpts, msp_gdf=terr.msp))
    kinds = {o["name"]: o["kind"] for o in p["overlays"]}
    assert kinds["CPTS : contrat signé (trait plein)"] == "merge" and kinds["Zones blanches (sans CPTS)"] == "subset"
    from access_map.maps.territory_layer import _asset

    js = _asset("access_map/access_map.js")
    # every polygon overlay is drawn with interactive: false (the browser test probes the tooltips)
    assert js.count("interactive: false") >= 4
    assert p["tip_extra"] == "cpts"  # the commune tooltip names its CPTS instead


def test_msp_and_centres_are_separate_unclustered_layers_with_commune_names(terr):
    m = msp_map(terr.msp, communes_gdf=terr.communes)
    p = payload(m)
    layers = {o["name"]: o for o in p["overlays"] if o["kind"] == "points"}
    assert set(layers) == {"Maison de santé pluriprofessionnelle (MSP)", "Centre de santé"}
    assert (
        len(layers["Centre de santé"]["points"]) == 1
        and len(layers["Maison de santé pluriprofessionnelle (MSP)"]["points"]) == 4
    )
    assert all(o["legend"] for o in layers.values())
    assert "markerClusterGroup" not in render_html(m)
    popup = layers["Centre de santé"]["points"][0][4]
    assert "Commune : Commune 4 (99004)" in popup  # the name, not only the code


# ----------------------------------------------------------------------------- 5. zoning map
def test_zoning_map_computed_previous_and_change_views(terr):
    codes = terr.communes.index[:4]
    after = pd.Series(["ZIP", "ZIP", "ZAC", "HV"], index=codes)
    before = pd.Series(["ZAC", "ZIP", "ZV", "ZAC"], index=codes)
    qpv = pd.DataFrame({"code_qpv": ["QP1"], "libelle_qpv": ["Les Pins"], "code_commune": [codes[0]],
                        "population": [900.0], "zonage": ["ZIP"]})  # fmt: skip
    profile = commune_profile(terr.communes.loc[codes]).assign(code_tvs=["T1", "T1", "T2", "T2"])
    m = zoning_map(terr.communes.loc[codes], after, previous=before, qpv=qpv, profile=profile)
    p = payload(m)
    names = [v["name"] for v in p["views"]]
    assert names == ["Zonage calculé", "Zonage précédent", esc("Évolution du zonage")]
    change = p["views"][2]
    shown = [change["labels"][c] for c in change["classes"]]
    assert shown == ["ZAC → ZIP", "Classe inchangée", "ZV → ZAC", "ZAC → HV"]
    overlays = {o["name"]: o for o in p["overlays"]}
    assert overlays[esc("Limites des territoires de vie-santé (TVS)")]["col"] == "code_tvs"
    assert "Les Pins" in overlays["Quartiers prioritaires (QPV)"]["points"][0][4]


def test_zoning_colours_cover_every_class_and_zar():
    from access_map.maps.styles import ZONING_MAP_LABELS
    from access_map.schema import ZONING_CLASSES

    assert set(ZONING_CLASSES) <= set(ZONING_COLORS) and "ZAR" in ZONING_COLORS
    assert len(set(ZONING_COLORS.values())) == len(ZONING_COLORS)
    assert ZONING_MAP_LABELS["ZV"] == "Zone de vigilance (ZV)" and ZONING_MAP_LABELS["HV"] == "Hors vivier (HV)"


def test_zoning_map_rejects_unknown_classes(terr):
    with pytest.raises(InvalidValueError, match="zonage : classe inconnue : ZRR ;"):
        zoning_map(terr.communes, pd.Series({"99001": "ZRR"}))


# ----------------------------------------------------------------------------- 6. offline and defaults
def test_save_map_defaults_are_self_contained_and_offline(terr, tmp_path):
    path = save_map(deployment_map(terr.communes, apl=terr.apl, msp_gdf=terr.msp), tmp_path / "carte.html")
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", page)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page)
    assert "tile.openstreetmap" not in page and "url(data:image/png;base64," in page
    assert not list(tmp_path.glob(".*tmp*"))  # atomic write left no temporary file
    online = render_html(apl_map(terr.communes, terr.apl), self_contained=False)
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">' in online


def test_osm_basemap_only_on_request_with_attribution_and_an_offline_notice(terr):
    plain = render_html(apl_map(terr.communes, terr.apl))
    osm = render_html(apl_map(terr.communes, terr.apl, basemap="openstreetmap"))
    assert "tile.openstreetmap.org" not in plain and "tile.openstreetmap.org" in osm
    assert "openstreetmap.org/copyright" in osm  # attribution
    assert "Fond de carte OpenStreetMap indisponible" in osm  # said on the map when tiles fail (offline)


def test_reference_layer_borders_and_town_names(terr):
    communes = terr.communes.copy()
    communes["code_departement"] = ["01"] * 18 + ["02"] * 18
    p = payload(apl_map(communes, terr.apl, prefectures=["99002"]))
    overlays = {o["name"]: o for o in p["overlays"]}
    assert overlays["Limites des départements"]["col"] == "code_departement"
    names = [pt[2] for pt in overlays[esc("Repères : préfectures et principales villes")]["points"]]
    # the préfecture first (the browser places labels in this order), then the 3 most populated communes of each
    # department (populations 1 000 × rank) by decreasing population
    assert names == [esc(XSS_IMG), "Commune 36", "Commune 35", "Commune 34", "Commune 18", "Commune 17", "Commune 16"]


def test_unvendored_cdn_url_fails_loudly():
    m = folium.Map(tiles=None)
    m.get_root().header.add_child(folium.JavascriptLink("https://cdn.example.org/lib.js"))
    with pytest.raises(SourceError, match="pas de copie embarquée de https://cdn.example.org/lib.js"):
        render_html(m, self_contained=True)
    icons = folium.Map(tiles=None)
    folium.Marker([46.0, 2.0], icon=folium.Icon(icon="info-sign")).add_to(icons)
    with pytest.raises(SourceError, match="folium.Icon"):
        inline_assets(icons.get_root().render())


def test_crs_is_required_and_values_without_geometry_are_reported(terr):
    with pytest.raises(CRSError, match=r"communes_gdf : aucun système de coordonnées \(CRS\)"):
        apl_map(terr.communes.set_crs(None, allow_override=True), terr.apl)
    with pytest.warns(UserWarning, match=r"apl : 1 valeur sans géométrie n'est pas cartographiée \(ex\. 00000\)"):
        apl_map(terr.communes, pd.concat([terr.apl, pd.Series({"00000": 1.0})]))


def test_no_raw_text_from_the_data_reaches_the_page(terr):
    m = deployment_map(terr.communes, apl=terr.apl, zonage=terr.zonage, cpts_long=terr.cpts, msp_gdf=terr.msp)
    page = render_html(m)
    for raw in RAW_PAYLOADS:
        assert raw not in page, raw
    assert esc(XSS_TEMPLATE) in page


def test_fisher_jenks_on_many_values_is_deterministic_and_covers_all():
    rng = np.random.default_rng(1)
    s = pd.Series(np.concatenate([rng.normal(1, 0.1, 3000), rng.normal(5, 0.1, 3000), rng.normal(9, 0.1, 3000)]))
    a = classify(s, scheme="fisher_jenks", k=3)
    b = classify(s, scheme="fisher_jenks", k=3)
    assert a.bins == b.bins
    # three well separated clusters of 3 000 values each end up in three classes
    assert a.codes.value_counts().sort_index().tolist() == [3000, 3000, 3000]


def test_delta_map_is_diverging_around_zero_and_says_delta() -> None:
    """A scenario's change map: legend and tooltip say ΔAPL (not APL), classes symmetric around 0, red for losses,
    blue for gains (ColorBrewer RdBu), the class holding 0 in the middle."""
    from access_map.maps import delta_map
    from access_map.maps.territory_layer import View

    terr = grid_territory()
    codes = terr.communes.index
    delta = pd.Series([-0.4, -0.1, 0.0, 0.1, 0.4, 0.02] * (len(codes) // 6), index=codes)
    seen: list[View] = []
    real_payload = View.payload

    def spy(self: View) -> dict:
        seen.append(self)
        return real_payload(self)

    with unittest.mock.patch.object(View, "payload", spy):
        delta_map(
            terr.communes, delta, thresholds=[-0.25, -0.05, 0.05, 0.25], title="ΔAPL — retraites"
        ).get_root().render()
    (view,) = seen
    assert view.value_label == "ΔAPL" and view.legend_title == "ΔAPL"
    assert len(view.colors) == 5
    first, last = view.colors[0], view.colors[-1]
    assert int(first[1:3], 16) > int(first[5:7], 16)  # losses: more red than blue
    assert int(last[5:7], 16) > int(last[1:3], 16)  # gains: more blue than red
    # -0.4 in the first class, 0.0 and 0.02 in the middle one, 0.4 in the last
    classes = dict(zip(delta.to_numpy()[:6], view.classes[:6]))
    assert classes[-0.4] == 0 and classes[0.0] == 2 and classes[0.02] == 2 and classes[0.4] == 4


def test_scale_bar_is_metric_only(terr):
    # folium's control_scale shows miles too (L.control.scale() defaults): French maps use km only
    maps = [
        apl_map(terr.communes, terr.apl),
        zoning_map(terr.communes, terr.zonage),
        msp_map(terr.msp, communes_gdf=terr.communes),
    ]
    for m in maps:
        page = render_html(m, self_contained=False, basemap=False)
        assert "L.control.scale({imperial: false, metric: true})" in page
        assert "L.control.scale()" not in page


def test_tvs_borders_are_shown_at_once_on_the_zoning_map_only(terr):
    # the zoning is decided per TVS: its map opens with their borders; the APL map keeps them as an option
    communes = terr.communes.assign(code_tvs=[f"T{i % 3}" for i in range(len(terr.communes))])
    name = "Limites des territoires de vie-santé (TVS)"

    def shown(m) -> bool:
        (overlay,) = [o for o in payload(m)["overlays"] if o["name"] == name]
        return bool(overlay["show"])

    assert shown(zoning_map(communes, terr.zonage)) is True
    assert shown(apl_map(communes, terr.apl)) is False


def test_zoning_maps_name_the_apl_vintage_and_variant_they_were_computed_on(terr):
    # issue 14: every map's title/subtitle names the vintage; the zoning reads the ≤65 APL per TVS
    from html import unescape  # payload texts are HTML-escaped

    zoning = payload(zoning_map(terr.communes, terr.zonage, vintage=2023))["views"][0]
    expected = "Zonage calculé sur l'APL 2023 (médecins de 65 ans ou moins, par TVS), par commune"
    assert unescape(zoning["subtitle"]) == expected
    all_ages = payload(zoning_map(terr.communes, terr.zonage, vintage=2022, apl_max_age=None))["views"][0]
    assert "sur l'APL 2022 (tous âges, par TVS)" in unescape(all_ages["subtitle"])
    deployment = payload(deployment_map(terr.communes, apl=terr.apl, zonage=terr.zonage, vintage=2023))["views"]
    assert "sur l'apl 2023 (médecins de 65 ans ou moins, par tvs)" in unescape(deployment[1]["subtitle"])
