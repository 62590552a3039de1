"""``access-map cpts --barometre`` and ``msp --barometre``: the Baromètre's aggregates by department, region, France.

The CLI side only: it reads the files, refuses the options that do not apply, calls
:mod:`access_map.barometre.products` and writes each file atomically (a file is replaced only with
``--overwrite``). The warnings of the run (dates that differ between levels, regions rebuilt without all
their departments…) are printed once each and listed in ``anomalies_cpts.csv`` / ``anomalies_msp.csv``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click
import pandas as pd

from ..errors import AccessMapError
from ..messages import barometre as msg
from ._options import echo_warnings

__all__ = ["barometre_options", "refuse_options", "refuse_barometre_file", "cpts_from_barometre", "msp_from_barometre"]

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)

#: Options of the Baromètre products (``cpts`` and ``msp``).
_OPTIONS = [
    click.option(
        "--barometre",
        "barometre_path",
        type=click.Path(exists=True, path_type=Path),
        help="Au lieu de la liste : indicateurs agrégés du Baromètre de l'action publique (fichier ind-XXX.csv ou "
        "son dossier) ; voir Entrées.",
    ),
    click.option(
        "--population",
        "population_specs",
        multiple=True,
        metavar="AAAA-MM-JJ=FICHIER",
        help="Avec --barometre : populations légales d'un millésime, datées (répétable).",
    ),
    click.option(
        "--departements-contours",
        "departements_contours",
        type=_FILE,
        help="Avec --barometre : contours des départements (GeoJSON etalab, ADMIN EXPRESS) : carte des départements.",
    ),
    click.option(
        "--regions-contours",
        "regions_contours",
        type=_FILE,
        help="Avec --barometre : contours des régions : carte des régions (noms des régions dans les tableaux).",
    ),
]


def barometre_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--barometre``, ``--population``, ``--departements-contours``, ``--regions-contours``."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def refuse_options(given: Mapping[str, bool], *, barometre: bool) -> None:
    """Refuse the options given that do not apply in this mode (an option is never accepted and ignored)."""
    names = [name for name, is_set in given.items() if is_set]
    if names:
        raise click.UsageError(
            msg.options_sans_effet(options=names) if barometre else msg.options_barometre_seulement(options=names)
        )


def refuse_barometre_file(table: pd.DataFrame | None, path: Path, *, option: str) -> None:
    """Refuse a Baromètre file given as a list (``--cpts``, ``--structures``): say to give it with ``--barometre``.

    ``table``: the file already read (its header is enough), or ``None`` to read its first line.
    """
    from ..readers._io import read_table
    from ..readers.barometre import BAROMETRE_COLUMNS

    if table is None:
        try:
            table, _, _ = read_table(path, source=str(path))
        except (AccessMapError, OSError, UnicodeDecodeError):
            return  # not readable as a table: the list's own reader says why
    if set(BAROMETRE_COLUMNS) <= {str(c).strip().lower() for c in table.columns}:
        column = table["indic_id"] if "indic_id" in table.columns else pd.Series(dtype=str)
        indicators = sorted({str(v).strip().upper() for v in column.dropna().unique()})
        raise click.UsageError(msg.fichier_barometre_comme_liste(path=path, indicators=indicators, option=option))


def _vintages(specs: tuple[str, ...], command: str) -> dict[pd.Timestamp, pd.DataFrame]:
    from ..territory import read_commune_table

    if not specs:
        raise click.UsageError(msg.population_requise(command=command))
    vintages: dict[pd.Timestamp, pd.DataFrame] = {}
    for spec in specs:
        when, sep, file = spec.partition("=")
        if not sep or not Path(file).is_file():
            raise click.BadParameter(msg.population_invalide(spec=spec), param_hint="--population")
        try:
            date = pd.Timestamp(when)
        except (ValueError, TypeError) as exc:
            raise click.BadParameter(msg.population_invalide(spec=spec), param_hint="--population") from exc
        vintages[date] = read_commune_table(Path(file))
    return vintages


def _areas(path: Path | None, level: str) -> Any:
    if path is None:
        return None
    from ..readers.ign import read_contours

    return read_contours(path, level=level)


def _names(areas: Any) -> dict[str, str] | None:
    if areas is None or "nom" not in areas.columns:
        return None
    return {str(code): str(name) for code, name in areas["nom"].items()}


def _read(path: Path, indicator: str, command: str) -> pd.DataFrame:
    from ..readers.barometre import read_barometre

    table = read_barometre(path)
    found = sorted(set(table["indicator"]))
    if indicator not in found:
        raise click.UsageError(msg.indicateur_absent(path=path, indicator=indicator, found=found, option=command))
    return table


def _anomalies(messages: list[str], out: Path, name: str) -> None:
    from ..csv_format import write_csv

    frame = pd.DataFrame({"probleme": "avertissement", "valeur": messages, "n_lignes": float("nan")})
    write_csv(frame, out / name, index=False)


def _product_names(indicator: str, departements: Path | None, regions: Path | None) -> list[str]:
    """The chart and the maps (those whose contours are given) of ``indicator``."""
    from ..barometre.products import chart_name, map_name

    names = [chart_name(indicator)]
    names += [map_name(indicator, "departement")] if departements is not None else []
    names += [map_name(indicator, "region")] if regions is not None else []
    return names


def _check_reconstitution(products: Any) -> list[str]:
    lines = []
    for level in ("region", "nation"):
        check = products.checks[level]
        if check.attrs.get("n"):
            unit = "point" if products.kind == "rate" else msg.indicator_text(products.indicator).short
            lines.append(msg.ecart_reconstitution(level=level, n=int(check.attrs["n"]), max_abs=check.attrs["max_abs"],
                                                  mean_abs=check.attrs["mean_abs"], unit=unit))  # fmt: skip
    return lines


def cpts_from_barometre(
    path: Path,
    population_specs: tuple[str, ...],
    *,
    dates: tuple[str, ...],
    out: Path,
    overwrite: bool,
    departements_contours: Path | None,
    regions_contours: Path | None,
    progress: bool,
) -> None:
    """CPTS coverage (IND-589) by department, region and France; maps and the change per region."""
    from ..barometre.products import barometre_products, level_table, map_values, write_chart, write_maps
    from ..csv_format import write_csv
    from ..outputs.files import files_written_together
    from .coverage import ANOMALIES_CPTS, _check_targets, _parse_dates, _run

    when = _parse_dates(dates)
    vintages = _vintages(population_specs, "cpts")
    names = [f"couverture_{lv}.csv" for lv in ("departement", "region", "nation")]
    names += [ANOMALIES_CPTS, *_product_names("IND-589", departements_contours, regions_contours)]
    final = out
    final.mkdir(parents=True, exist_ok=True)
    _check_targets(final, names, overwrite)
    written: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as rec, files_written_together(final) as out:
            warnings.simplefilter("always")
            table = _read(path, "IND-589", "cpts")
            deps, regs = _areas(departements_contours, "departement"), _areas(regions_contours, "region")
            products = barometre_products(table, "IND-589", vintages=vintages, dates=when)
            zone_names = {"departement": _names(deps), "region": _names(regs), "nation": None}

            def _tables() -> None:
                for level, label in zone_names.items():
                    write_csv(level_table(products, level, names=label), out / f"couverture_{level}.csv", index=False)

            def _maps() -> None:
                written.extend(write_maps(products, out, departements=deps, regions=regs))

            def _chart() -> None:
                written.append(write_chart(products, out, names=zone_names["region"]))

            _run([("tableaux", _tables), ("cartes", _maps), ("graphique", _chart)], progress=progress,
                 label="Couverture CPTS (Baromètre)")  # fmt: skip
            _anomalies(echo_warnings(rec), out, ANOMALIES_CPTS)
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    out = final
    national = map_values(products, "nation")["value"]
    if len(national):
        click.echo(msg.resume_couverture(percent=float(national.iloc[0]), date=products.map_date, folder=out))
    for line in _check_reconstitution(products):
        click.echo(line)
    click.echo(msg.ecrits(files=written))


def _msp_tables(
    products: Any, vintages: Mapping[pd.Timestamp, pd.DataFrame], out: Path
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write the tables of ``msp --barometre``: rates per 100,000 by level, inequality, department sums vs regions."""
    from .. import msp as M
    from ..csv_format import write_csv
    from .coverage import _BETWEEN

    counts = products.series.rename(columns={"value": "n_structures"})
    rates = M.rates_per_100k(counts, products.populations, value_column="n_structures", by=("level",))
    for lv in ("departement", "region", "nation"):
        sub = rates[rates["level"] == lv].drop(columns="level").rename(columns={"code": f"code_{lv}"})
        write_csv(sub, out / f"structures_{lv}.csv", index=False)
    frames = []
    for lv in ("region", "departement"):
        sub = rates[(rates["level"] == lv) & rates["per_100k"].notna()]
        for weighted in (False, True):
            d = M.disparities(sub, weight_column="population" if weighted else None)
            frames.append(d.assign(comparaison=_BETWEEN[lv], pondere=weighted))
    latest = vintages[max(vintages)]
    if "code_region" in latest:
        reg_of = latest.groupby("code_departement")["code_region"].first()
        dep = rates[(rates["level"] == "departement") & rates["per_100k"].notna()]
        dep = dep.assign(code_region=dep["code"].map(reg_of)).dropna(subset=["code_region"])
        frames.append(
            M.disparities(dep, group_column="code_region").assign(
                comparaison="entre départements de la région", pondere=True
            )
        )
    res = pd.concat(frames, ignore_index=True)
    first = ["comparaison", "pondere", "date"] + (["code_region"] if "code_region" in res.columns else [])
    write_csv(res[first + [c for c in res.columns if c not in first]], out / "inegalites.csv", index=False)
    check = products.checks["region"]
    control = pd.DataFrame(
        {"code_region": check["code"], "date": check["date"], "somme_departements": check["rebuilt"],
         "region": check["published"], "ecart": check["published"] - check["rebuilt"]}
    )  # fmt: skip
    write_csv(control, out / "controle_departements_regions.csv", index=False)
    return rates, control


def msp_from_barometre(
    path: Path,
    population_specs: tuple[str, ...],
    *,
    categories: tuple[str, ...],
    dates: tuple[str, ...],
    out: Path,
    overwrite: bool,
    departements_contours: Path | None,
    regions_contours: Path | None,
) -> None:
    """MSP (IND-311) or centres de santé (IND-318) per 100,000 inhabitants; maps and the change per region."""
    from ..barometre.products import barometre_products, write_chart, write_maps
    from ..outputs.files import files_written_together
    from .coverage import ANOMALIES_MSP, _check_targets, _parse_dates

    indicators = {"603": "IND-311", "124": "IND-318"}
    if len(categories) != 1 or categories[0] not in indicators:
        raise click.UsageError(msg.categorie_barometre(categories=list(categories)))
    indicator = indicators[categories[0]]
    vintages = _vintages(population_specs, "msp")
    when = _parse_dates(dates)
    names = [f"structures_{lv}.csv" for lv in ("departement", "region", "nation")]
    names += ["inegalites.csv", "controle_departements_regions.csv", ANOMALIES_MSP]
    names += _product_names(indicator, departements_contours, regions_contours)
    final = out
    final.mkdir(parents=True, exist_ok=True)
    _check_targets(final, names, overwrite)
    written: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as rec, files_written_together(final) as out:
            warnings.simplefilter("always")
            table = _read(path, indicator, "msp")
            products = barometre_products(table, indicator, vintages=vintages, dates=when)
            rates, control = _msp_tables(products, vintages, out)
            deps, regs = _areas(departements_contours, "departement"), _areas(regions_contours, "region")
            written.extend(write_maps(products, out, departements=deps, regions=regs))
            written.append(write_chart(products, out, names=_names(regs)))
            _anomalies(echo_warnings(rec), out, ANOMALIES_MSP)
    except AccessMapError as exc:
        raise click.ClickException(str(exc)) from exc
    out = final
    nat = rates[rates["level"] == "nation"].sort_values("date")
    if len(nat):
        a, b = nat.iloc[0], nat.iloc[-1]
        click.echo(msg.resume_structures(indicator=indicator, first=(a["per_100k"], a["date"]),
                                         last=(b["per_100k"], b["date"]), folder=out))  # fmt: skip
    for line in _check_reconstitution(products):
        click.echo(line)
    if len(control) and (control["ecart"] != 0).any():
        click.echo(msg.ecarts_departements_regions(n=int((control["ecart"] != 0).sum())), err=True)
    click.echo(msg.ecrits(files=written))
