"""French errors and warnings of the maps (``access_map.maps``): bad arguments, geometries and options.

Each message names the function or argument at fault, the offending values and, when there is one, the
way to fix it. The texts of the maps themselves (titles, legends, notes) live in :mod:`access_map.messages.maps`.

Examples
--------
>>> values_without_geometry(what="apl", n=2, examples=["33999", "2A999"])
'apl : 2 valeurs sans géométrie ne sont pas cartographiées (ex. 33999, 2A999) ; vérifiez que les deux tables suivent le même millésime des communes (COG)'
>>> no_crs(where="static_map")
'static_map : aucun système de coordonnées (CRS) ; déclarez-le avec gdf.set_crs(2154) (Lambert 93) ou le CRS de votre fichier source'
"""

from __future__ import annotations

from collections.abc import Sequence

from ._format import entier, extrait, liste, pluriel

__all__ = [
    "number",
    "no_crs",
    "projected_crs_needed",
    "geodataframe_expected",
    "series_expected",
    "geodataframe_with_crs_expected",
    "duplicated_geometries",
    "duplicated_values",
    "values_without_geometry",
    "communes_not_in_topology",
    "codes_not_in_topology",
    "areas_without_geometry",
    "must_be_non_negative",
    "must_be_positive",
    "too_few_classes",
    "unknown_basemap",
    "unknown_static_kind",
    "unknown_scheme",
    "unknown_overlay_kind",
    "unknown_apl_variant",
    "unknown_profession",
    "unknown_level",
    "unknown_zoning_classes",
    "column_not_found",
    "colours_for_areas",
    "colours_for_labels",
    "class_without_colour",
    "classes_for_areas",
    "k_with_official_scheme",
    "thresholds_not_increasing",
    "ALL_VALUES_MISSING",
    "reference_not_positive",
    "nodata_in_values",
    "raster_too_large",
    "inset_crs",
    "not_self_contained",
    "not_points",
    "APL_TABLE_WITHOUT_COLUMN",
    "DEPLOYMENT_NOTHING_TO_MAP",
    "TERRITORY_LAYER_NEEDS_MAP",
    "TERRITORY_MAP_NO_VIEW",
    "MATPLOTLIB_NEEDED",
    "NEAREST_MSP_NEEDS",
]


def number(value: object) -> str:
    """A parameter value as given (shortest form), with a decimal comma.

    Examples
    --------
    >>> number(-0.5), number(200.0), number(float("nan"))
    ('-0,5', '200', 'nan')
    """
    try:
        return f"{float(value):g}".replace(".", ",")  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


# --------------------------------------------------------------------------- coordinate systems
def no_crs(*, where: str) -> str:
    """A GeoDataFrame without coordinate system.

    Examples
    --------
    >>> no_crs(where="drom_of").split(" ; ")[0]
    'drom_of : aucun système de coordonnées (CRS)'
    """
    return (
        f"{where} : aucun système de coordonnées (CRS) ; déclarez-le avec gdf.set_crs(2154) (Lambert 93) "
        "ou le CRS de votre fichier source"
    )


def projected_crs_needed(*, where: str, crs: object) -> str:
    """Communes in a geographic CRS (or none) where metres are needed.

    Examples
    --------
    >>> projected_crs_needed(where="write_indicator_raster", crs="EPSG:4326").split(" ; ")[0]
    'write_indicator_raster : les communes doivent être dans un CRS projeté en mètres, reçu EPSG:4326'
    """
    return (
        f"{where} : les communes doivent être dans un CRS projeté en mètres, reçu {crs} ; "
        "reprojetez-les avec communes.to_crs(2154) (Lambert 93, France métropolitaine)"
    )


def inset_crs(*, where: str, epsg: object) -> str:
    """Overseas insets asked in a projection they are not laid out in.

    Examples
    --------
    >>> inset_crs(where="inset_layout", epsg=4326)
    'inset_layout : les encarts sont disposés en EPSG:2154 ou EPSG:3857, pas en EPSG:4326'
    """
    return f"{where} : les encarts sont disposés en EPSG:2154 ou EPSG:3857, pas en EPSG:{epsg}"


# --------------------------------------------------------------------------- argument types
def geodataframe_expected(*, what: str, got: str) -> str:
    """An argument that should be a GeoDataFrame."""
    return f"{what} : un GeoDataFrame est attendu, reçu {got}"


def series_expected(*, what: str, index_name: str, got: str) -> str:
    """An argument that should be a pandas Series indexed by commune code.

    Examples
    --------
    >>> series_expected(what="apl", index_name="code_commune", got="dict")
    'apl : une Series pandas indexée par code_commune est attendue, reçu dict'
    """
    return f"{what} : une Series pandas indexée par {index_name} est attendue, reçu {got}"


def geodataframe_with_crs_expected(*, what: str, points: bool = False) -> str:
    """An argument that should be a GeoDataFrame (of points) with a CRS.

    Examples
    --------
    >>> geodataframe_with_crs_expected(what="msp_gdf", points=True)
    'msp_gdf : un GeoDataFrame de points avec un CRS est attendu (par ex. EPSG:2154)'
    """
    of_points = " de points" if points else ""
    return f"{what} : un GeoDataFrame{of_points} avec un CRS est attendu (par ex. EPSG:2154)"


def not_points(*, what: str, types: Sequence[str]) -> str:
    """Geometries that should all be points.

    Examples
    --------
    >>> not_points(what="msp_gdf", types=["Polygon"])
    'msp_gdf : les géométries doivent être des points, trouvé : Polygon ; utilisez des centroïdes ou des points géocodés'
    """
    return (
        f"{what} : les géométries doivent être des points, trouvé : {liste(types)} ; "
        "utilisez des centroïdes ou des points géocodés"
    )


# --------------------------------------------------------------------------- codes and geometries
def duplicated_geometries(*, what: str, codes: Sequence[object], area: str = "commune") -> str:
    """Several geometries for one code (``area``: « commune » or « zone »).

    Examples
    --------
    >>> duplicated_geometries(what="display_topology", codes=["33001"], area="zone")
    'display_topology : codes de zone en double : 33001 ; gardez une seule géométrie par zone'
    """
    return f"{what} : codes de {area} en double : {liste(codes)} ; gardez une seule géométrie par {area}"


def duplicated_values(*, what: str, codes: Sequence[object]) -> str:
    """Several values for one code.

    Examples
    --------
    >>> duplicated_values(what="apl", codes=["33001", "33002"])
    'apl : codes en double : 33001, 33002 ; donnez une seule valeur par code'
    """
    return f"{what} : codes en double : {liste(codes)} ; donnez une seule valeur par code"


def values_without_geometry(*, what: str, n: int, examples: Sequence[object]) -> str:
    """Values whose commune has no geometry on the map (the first codes as ``examples``)."""
    verb = "ne sont pas cartographiées" if n >= 2 else "n'est pas cartographiée"
    return (
        f"{what} : {pluriel(n, 'valeur')} sans géométrie {verb} (ex. {liste(examples)}) ; "
        "vérifiez que les deux tables suivent le même millésime des communes (COG)"
    )


def communes_not_in_topology(*, n: int, examples: Sequence[object]) -> str:
    """Communes missing from the display topology given with them.

    Examples
    --------
    >>> communes_not_in_topology(n=1, examples=["33001"]).split(" ; ")[0]
    "topology : 1 commune absente de la topologie d'affichage (ex. 33001)"
    """
    return (
        f"topology : {pluriel(n, 'commune absente', 'communes absentes')} de la topologie d'affichage "
        f"(ex. {liste(examples)}) ; calculez-la à partir des mêmes communes (display_topology(communes))"
    )


def codes_not_in_topology(codes: Sequence[object]) -> str:
    """Codes asked from a display topology that does not hold them.

    Examples
    --------
    >>> codes_not_in_topology(["x"])
    "codes absents de cette topologie d'affichage : x"
    """
    return f"codes absents de cette topologie d'affichage : {liste(codes)}"


def areas_without_geometry(*, where: str, n: int, examples: Sequence[object]) -> str:
    """Areas with no (or an empty) geometry.

    Examples
    --------
    >>> areas_without_geometry(where="display_topology", n=2, examples=["a", "b"])
    'display_topology : 2 zones sans géométrie (ex. a, b)'
    """
    return f"{where} : {pluriel(n, 'zone')} sans géométrie (ex. {liste(examples)})"


def column_not_found(*, where: str, column: str, available: Sequence[object]) -> str:
    """A value column missing from the table to map.

    Examples
    --------
    >>> column_not_found(where="static_map", column="apl2", available=["apl", "geometry"])
    "static_map : colonne 'apl2' introuvable ; colonnes disponibles : apl, geometry"
    """
    return f"{where} : colonne {column!r} introuvable ; colonnes disponibles : {liste(available, limit=20)}"


# --------------------------------------------------------------------------- numeric parameters
def must_be_non_negative(*, where: str, name: str, value: object) -> str:
    """A parameter that must be ≥ 0.

    Examples
    --------
    >>> must_be_non_negative(where="display_topology", name="tolerance_m", value=-1.0)
    'display_topology : tolerance_m doit être positif ou nul (≥ 0), reçu -1'
    """
    return f"{where} : {name} doit être positif ou nul (≥ 0), reçu {number(value)}"


def must_be_positive(*, where: str, name: str, value: object) -> str:
    """A parameter that must be > 0.

    Examples
    --------
    >>> must_be_positive(where="write_indicator_raster", name="resolution_m", value=0)
    'write_indicator_raster : resolution_m doit être strictement positif (> 0), reçu 0'
    """
    return f"{where} : {name} doit être strictement positif (> 0), reçu {number(value)}"


def too_few_classes(*, where: str, k: object, minimum: int, scheme: str | None = None) -> str:
    """Too small a number of classes ``k``.

    Examples
    --------
    >>> too_few_classes(where="classify", k=1, minimum=2, scheme="quantiles")
    "classify : k doit valoir au moins 2 avec la méthode 'quantiles', reçu 1"
    """
    with_scheme = f" avec la méthode {scheme!r}" if scheme is not None else ""
    return f"{where} : k doit valoir au moins {minimum}{with_scheme}, reçu {k}"


def reference_not_positive(*, where: str, reference: object) -> str:
    """A reference value (for relative classes) that is not a positive number."""
    return f"{where} : la référence doit être un nombre positif, reçu {number(reference)}"


def k_with_official_scheme(*, k: object, thresholds: Sequence[float]) -> str:
    """A number of classes given with the official thresholds, which set the classes.

    Examples
    --------
    >>> k_with_official_scheme(k=5, thresholds=[2.5, 4.0]).split(") ; ")[0]
    "classify : k=5 ne s'applique pas à scheme='official' (les classes sont fixées par thresholds=[2,5 ; 4]"
    """
    return (
        f"classify : k={k} ne s'applique pas à scheme='official' (les classes sont fixées par "
        f"thresholds={_numbers(thresholds)}) ; passez scheme='quantiles' ou 'fisher_jenks' pour choisir k"
    )


def thresholds_not_increasing(thresholds: Sequence[float]) -> str:
    """Class thresholds that are empty or not increasing.

    Examples
    --------
    >>> thresholds_not_increasing([4, 2.5])
    'classify : les seuils (thresholds) doivent être croissants et non vides, reçu [4 ; 2,5]'
    """
    return f"classify : les seuils (thresholds) doivent être croissants et non vides, reçu {_numbers(thresholds)}"


def _numbers(values: Sequence[float]) -> str:
    return "[" + " ; ".join(number(v) for v in values) + "]"


ALL_VALUES_MISSING = "classify : toutes les valeurs sont manquantes (NaN) ; rien à classer"


# --------------------------------------------------------------------------- choices
def _unknown(where: str | None, phrase: str, value: object, choices: str) -> str:
    prefix = f"{where} : " if where else ""
    return f"{prefix}{phrase} {extrait(repr(value))} ; {choices}"


def unknown_basemap(value: object, choices: Sequence[str]) -> str:
    """An unknown basemap name.

    Examples
    --------
    >>> unknown_basemap("osm", ["cartodb", "ign"])
    "base_map : fond de carte inconnu 'osm' ; choisissez parmi cartodb, ign ou None"
    """
    return _unknown("base_map", "fond de carte inconnu", value, f"choisissez parmi {', '.join(choices)} ou None")


def unknown_static_kind(value: object, choices: Sequence[str]) -> str:
    """An unknown kind of static map."""
    return _unknown("static_map", "type de carte inconnu", value, f"choisissez parmi {', '.join(choices)}")


def unknown_scheme(value: object, choices: Sequence[str]) -> str:
    """An unknown classification scheme."""
    return _unknown("classify", "méthode de classement inconnue", value, f"choisissez parmi {', '.join(choices)}")


def unknown_overlay_kind(*, name: str, kind: object) -> str:
    """An overlay of a territory map with an unknown kind."""
    return f"calque {name!r} : type inconnu {extrait(repr(kind))}"


def unknown_apl_variant(value: object) -> str:
    """An unknown APL column variant.

    Examples
    --------
    >>> unknown_apl_variant("apl_70")
    "variante d'APL inconnue 'apl_70' ; attendu : 'apl', 'apl_65', 'apl_62' ou 'apl_60'"
    """
    return _unknown(None, "variante d'APL inconnue", value, "attendu : 'apl', 'apl_65', 'apl_62' ou 'apl_60'")


def unknown_profession(value: object, choices: Sequence[str]) -> str:
    """An unknown profession code."""
    return _unknown(None, "profession inconnue", value, f"attendu l'une de : {', '.join(choices)}")


def unknown_level(value: object) -> str:
    """An unknown map level."""
    return _unknown(None, "niveau inconnu", value, "attendu : 'commune' ou 'tvs'")


def unknown_zoning_classes(*, bad: Sequence[str], known: Sequence[str], drees_codes: Sequence[str]) -> str:
    """Zoning classes that are neither a class name nor a DREES code.

    Examples
    --------
    >>> unknown_zoning_classes(bad=["ZRR"], known=["ZIP", "ZAC"], drees_codes=["1"])
    "zonage : classe inconnue : ZRR ; attendu l'une de ZIP, ZAC (ou les codes DREES 1)"
    """
    return (
        f"zonage : {'classes inconnues' if len(bad) >= 2 else 'classe inconnue'} : {liste(bad, limit=10)} ; "
        f"attendu l'une de {', '.join(known)} (ou les codes DREES {', '.join(drees_codes)})"
    )


# --------------------------------------------------------------------------- colours and classes
def colours_for_areas(*, where: str, n_colours: int, n_areas: int) -> str:
    """A colour list whose length is not the number of areas.

    Examples
    --------
    >>> colours_for_areas(where="draw_png", n_colours=35, n_areas=36)
    'draw_png : 35 couleurs pour 36 zones'
    """
    return f"{where} : {pluriel(n_colours, 'couleur')} pour {pluriel(n_areas, 'zone')}"


def colours_for_labels(*, view: str, n_colours: int, n_labels: int) -> str:
    """A view whose colours and legend labels differ in number."""
    return f"vue {view!r} : {pluriel(n_colours, 'couleur')} pour {pluriel(n_labels, 'libellé')}"


def class_without_colour(*, view: str, klass: object) -> str:
    """A class number past the colours of a view."""
    return f"vue {view!r} : la classe {klass} n'a pas de couleur"


def classes_for_areas(*, view: str, n_classes: int, n_areas: int) -> str:
    """A view whose classes do not match the areas in number."""
    return f"vue {view!r} : {pluriel(n_classes, 'classe')} pour {pluriel(n_areas, 'zone')}"


# --------------------------------------------------------------------------- outputs
def nodata_in_values(*, nodata: object) -> str:
    """Values equal to the raster's nodata marker."""
    return (
        f"write_indicator_raster : des valeurs sont égales à nodata={number(nodata)} ; "
        "choisissez une autre valeur nodata"
    )


def raster_too_large(*, width: int, height: int, resolution_m: object) -> str:
    """A raster grid too large to write.

    Examples
    --------
    >>> raster_too_large(width=20000, height=10000, resolution_m=5.0)
    "write_indicator_raster : 20\u202f000 × 10\u202f000 cellules de 5 m, c'est trop ; augmentez resolution_m"
    """
    return (
        f"write_indicator_raster : {entier(width)} × {entier(height)} cellules de {number(resolution_m)} m, "
        "c'est trop ; augmentez resolution_m"
    )


def not_self_contained(*, missing: Sequence[str], uses_icons: bool) -> str:
    """A map that cannot embed all its scripts and styles.

    Examples
    --------
    >>> not_self_contained(missing=["https://cdn.example.org/lib.js"], uses_icons=False).split(" ; ")[0]
    'impossible de rendre la carte autonome : pas de copie embarquée de https://cdn.example.org/lib.js'
    """
    hint = (
        "la carte utilise des marqueurs folium.Icon, dont les polices d'icônes ne sont pas embarquées : "
        "utilisez CircleMarker"
        if uses_icons
        else "ajoutez le fichier à access_map/maps/static et à VENDORED_ASSETS, ou enregistrez avec self_contained=False"
    )
    return (
        f"impossible de rendre la carte autonome : pas de copie embarquée de {', '.join(sorted(set(missing)))} ; {hint}"
    )


APL_TABLE_WITHOUT_COLUMN = "apl_map : la table APL n'a aucune colonne"
DEPLOYMENT_NOTHING_TO_MAP = "deployment_map : donnez au moins l'un de apl=, zonage=, cpts_long=, msp_gdf="
TERRITORY_LAYER_NEEDS_MAP = "TerritoryLayer doit être ajouté à une folium.Map"
TERRITORY_MAP_NO_VIEW = "territory_map : donnez au moins une vue"
MATPLOTLIB_NEEDED = "matplotlib (et ses polices DejaVu) est nécessaire pour dessiner les images"
NEAREST_MSP_NEEDS = "commune_profile : la MSP la plus proche demande à la fois msp= et times="
