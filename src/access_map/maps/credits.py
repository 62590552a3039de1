"""The source line of a map: who produced the data it draws, and of which year.

French official maps end with « Source : DREES, APL 2023 ; INSEE, populations légales 2021 ; … »:
producers and vintages, not file paths. A refresh (from its configuration) and a zoning run (from its
options) describe each input here: the producer and the name of the data set come from the kind of
input (:data:`access_map.messages.maps.SOURCE_DATASETS`); the vintage from what the reader knows
(the sheet of the DREES workbook, the year of its populations, the configured year of the
standardised population, the vintage of a downloaded data set) or else from the year written in the
file's name (``pop_legales_2021_cog2023.csv.gz`` → 2021, ``rpps_gironde_2017_mg_neuro.csv`` → 2017).

The *data* vintage (the year of the practitioners or of the published APL) is what map titles show;
the vintage of the method's parameters is stated on the source line only.

Examples
--------
>>> vintage_in_name("pop_legales_2021_cog2023.csv.gz"), vintage_in_name("table-appartenance-geo-communes-22.csv")
(2021, None)
>>> input_credit("populations", "pop_legales_2016_cog2018_communes.csv.gz")
'INSEE, populations légales 2016'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..messages import maps as msg

if TYPE_CHECKING:
    from ..config import RefreshConfig

__all__ = [
    "vintage_in_name",
    "practitioner_kind",
    "input_credit",
    "refresh_credits",
    "refresh_source_line",
    "data_vintage",
    "zoning_credits",
]

# a year 1990–2039 standing alone in a file name: not inside a word ("cog2023") nor a longer number
_YEAR = re.compile(r"(?<![0-9A-Za-z])(199\d|20[0-3]\d)(?![0-9])")


def vintage_in_name(path: str | Path) -> int | None:
    """The first year (1990–2039) written on its own in a file's name, or ``None``.

    Examples
    --------
    >>> vintage_in_name("/data/rpps_gironde_2017_mg_neuro.csv"), vintage_in_name("communes_cog2024.csv")
    (2017, None)
    """
    m = _YEAR.search(Path(str(path)).name)
    return int(m.group(1)) if m else None


def practitioner_kind(path: str | Path) -> str:
    """The kind of a practitioner file for its credit: ``practitioners_rpps``, ``practitioners_annuaire`` or
    ``practitioners`` (by its name: the readers recognise the layouts by their header, which the source
    line does not need to read again).

    Examples
    --------
    >>> practitioner_kind("PS_LibreAcces_Personne_activite_202312.txt"), practitioner_kind("activite.csv")
    ('practitioners_annuaire', 'practitioners')
    """
    name = Path(str(path)).name.lower()
    if "rpps" in name:
        return "practitioners_rpps"
    if "ps_libreacces" in name or "annuaire" in name:
        return "practitioners_annuaire"
    return "practitioners"


def input_credit(kind: str, path: str | Path | None = None, *, vintage: object = None) -> str:
    """The credit of one input: « INSEE, populations légales 2021 » (``vintage`` wins over the file's name).

    Examples
    --------
    >>> input_credit("drees_apl", "apl_generalistes_2022_2023_drees.xlsx", vintage=2023)
    'DREES, APL 2023'
    >>> input_credit("cpts", "cpts.csv")
    'liste des CPTS'
    """
    producer, dataset = msg.SOURCE_DATASETS[kind]
    year = vintage if vintage not in (None, "") else (vintage_in_name(path) if path is not None else None)
    return msg.credit(producer, dataset, year)


#: Inputs of a refresh named on its maps' source line, in this order (the others — chefs-lieux, caps,
#: department contours — do not describe what is drawn).
_REFRESH_ORDER = (
    "drees_apl",
    "practitioners",
    "population_by_age",
    "standardised_population",
    "populations",
    "cog_communes",
    "communes",
    "tvs",
    "previous_zoning",
    "cpts",
    "msp",
    "qpv",
)


def _refresh_inputs(config: RefreshConfig) -> dict[str, tuple[str, object]]:
    """Source key → (credit kind, vintage or file) of every input of a refresh that is drawn."""
    files: Mapping[str, Path] = config.sources.files
    fetched = config.sources.fetched
    known = {
        "drees_apl": config.sources.drees_apl_year,
        "standardised_population": config.sources.standardised_population_year,
    }
    out: dict[str, tuple[str, object]] = {}
    for key in _REFRESH_ORDER:
        if key in files:
            kind = practitioner_kind(files[key]) if key == "practitioners" else key
            # a DREES workbook holds several vintages: its name does not say which one is read
            year = known.get(key) or (None if key == "drees_apl" else vintage_in_name(files[key]))
            out[key] = (kind, year)
        elif key in fetched:
            out[key] = (key, known.get(key) or fetched[key][1])
    return out


def refresh_credits(config: RefreshConfig) -> list[str]:
    """The credits of a refresh's inputs (producer, data set, vintage), in a fixed order.

    Examples
    --------
    >>> from access_map.config import parse_config
    >>> cfg = parse_config({"name": "t", "sources": {"populations": "pop_legales_2021_cog2023.csv",
    ...     "practitioners": "rpps_gironde_2017.csv", "communes": "communes_2018.geojson",
    ...     "standardised_population": "pop_std.csv", "standardised_population_year": 2021}}, base_dir=".")
    >>> refresh_credits(cfg)
    ['ANS, RPPS 2017', 'DREES, population standardisée 2021', 'INSEE, populations légales 2021', 'IGN, contours des communes 2018']
    """
    if config.sources.demo:
        return [msg.FICTIONAL_DATA]
    return [input_credit(kind, None, vintage=year) for kind, year in _refresh_inputs(config).values()]


def refresh_source_line(config: RefreshConfig) -> str:
    """The source line of a refresh's maps: the inputs' producers and vintages, then how the APL was computed.

    Examples
    --------
    >>> from access_map.config import parse_config
    >>> refresh_source_line(parse_config({"name": "t", "sources": {"demo": True}}))
    'données fictives de démonstration ; APL calculée par access_map (méthode DREES, paramètres 2023)'
    """
    vintages = ", ".join(str(v) for v in sorted({p.vintage for p in config.professions}))
    return msg.source_line([*refresh_credits(config), msg.COMPUTED_APL.format(vintages=vintages)])


def data_vintage(config: RefreshConfig) -> int | None:
    """The year of the data a refresh's APL is computed from: its practitioner file's (or the DREES workbook's).

    ``None`` when no input says it (a practitioner file without a year in its name, the demo): the
    titles then show no year rather than the parameters' one.

    Examples
    --------
    >>> from access_map.config import parse_config
    >>> data_vintage(parse_config({"name": "t", "sources": {"practitioners": "rpps_gironde_2017.csv",
    ...     "population_by_age": "pop_age.csv", "communes": "c.gpkg"}}, base_dir="."))
    2017
    """
    inputs = _refresh_inputs(config)
    for key in ("practitioners", "drees_apl"):
        if key in inputs and inputs[key][1] not in (None, ""):
            year = inputs[key][1]
            return int(str(year)[:4]) if str(year)[:4].isdigit() else None
    return None


def zoning_credits(
    apl: str | Path,
    *,
    apl_year: int | None = None,
    population_year: int | None = None,
    population: str | Path | None = None,
    inputs: Mapping[str, str | Path | None] | None = None,
) -> list[str]:
    """The credits of a zoning run (``access-map zoning``): the APL, the populations, then the other inputs.

    Parameters
    ----------
    apl
        The ``--apl`` file: the DREES workbook (credited « DREES, APL <year> ») or an APL table.
    apl_year, population_year
        The workbook's sheet and the year of its populations (``attrs`` of
        :func:`~access_map.readers.drees.read_apl_sheet`).
    population
        The ``--population`` file, when given (its populations are the ones used).
    inputs
        Other inputs by kind (keys of :data:`access_map.messages.maps.SOURCE_DATASETS`:
        ``appartenance``, ``tvs``, ``contours``, ``cog_departements``, ``published_zoning``,
        ``previous_zoning``); ``None`` values are skipped.

    Examples
    --------
    >>> zoning_credits("apl_generalistes_2022_2023_drees.xlsx", apl_year=2023, population_year=2021,
    ...                inputs={"appartenance": "table-appartenance-geo-communes-22.csv.gz",
    ...                        "contours": "communes_2018.geojson.gz", "tvs": None})
    ['DREES, APL 2023', 'INSEE, population 2021', "INSEE, table d'appartenance géographique", 'IGN, contours des communes 2018']
    """
    workbook = Path(str(apl)).suffix.lower() in {".xlsx", ".xlsm"}
    credits = [
        input_credit("drees_apl", apl, vintage=apl_year) if workbook else msg.credit("", "APL", vintage_in_name(apl))
    ]
    if population is not None:
        credits.append(input_credit("populations", population, vintage=population_year))
    elif workbook:
        credits.append(input_credit("drees_population", None, vintage=population_year))
    for kind, path in (inputs or {}).items():
        if path is not None:
            credits.append(input_credit(kind, path))
    return credits
