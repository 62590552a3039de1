"""The commune table of ``access-map zoning`` from an APL file and a population file.

Files are read by the library's commune-file reader (:func:`access_map.territory.read_commune_file`,
the one loader of the CLI, the refresh and the demo); what is left here is option handling: which
column is the APL, the weights, the population, the region (``--apl-column``, ``--weight-column``...).
"""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from ..errors import InvalidValueError, MissingColumnError
from ..messages import cli_zoning as Z
from ..messages import validation as M

__all__ = ["build_communes", "read_list", "write_csv", "echo"]


def echo(message: str) -> None:
    """Progress and warnings go to stderr."""
    click.echo(message, err=True)


_echo = echo


_CODE_ALIASES = ["codgeo", "com", "code_insee", "insee_com", "code commune", "depcom"]
_WEIGHT_NAMES = ["standardised_population", "demand", "pop_standardisee", "population_standardisee"]
_POPULATION_NAMES = ["population", "pmun", "population_municipale", "population_totale", "pop_totale", "ptot"]
_REGION_NAMES = ["code_region", "reg", "region", "code région"]


def _find(df: pd.DataFrame, names: list[str]) -> str | None:
    from ..readers._io import normalize_label

    lookup = {normalize_label(c): c for c in df.columns}
    for n in names:
        if normalize_label(n) in lookup:
            return lookup[normalize_label(n)]
    return None


def _read_commune_table(path: Path, *, year: int | None = None) -> pd.DataFrame:
    """A commune file (DREES workbook, populations légales, DREES standardised population, any commune CSV)
    read by the library's one commune-file reader, every column kept, ``code_commune`` as a column."""
    from ..territory import read_commune_file

    table = read_commune_file(path, year=year)
    if "year" in table.attrs and path.suffix.lower() in {".xlsx", ".xlsm"}:
        _echo(Z.feuille_drees(annee=table.attrs["year"]))
    return table.reset_index()


def _numeric(df: pd.DataFrame, column: str, source: str) -> pd.Series:
    from .._validate import to_numeric_column

    return to_numeric_column(df, column, source=source).set_axis(df.index)


def build_communes(
    apl_path: Path,
    population_path: Path | None,
    *,
    apl_column: str | None,
    apl_year: int | None,
    population_year: int | None,
    weight_column: str | None,
    population_column: str | None,
    region: str | None,
    region_required: bool = True,
    partial_supply: bool = False,
) -> tuple[pd.DataFrame, str]:
    """The commune table of the GP zoning; ``attrs["partial_supply"]`` holds the statements of a supply
    declared partial (``--partial-supply``) when the APL file (``access-map apl`` output) has a ``supply``
    column whose coverage of the territory is checked (:func:`access_map.supply.check_supply_coverage`)."""
    apl_raw = _read_commune_table(apl_path, year=apl_year).set_index("code_commune")
    if apl_raw.index.duplicated().any():
        from .._validate import describe_values

        raise InvalidValueError(
            Z.codes_en_double(
                fichier=apl_path, codes=describe_values(apl_raw.index[apl_raw.index.duplicated()].unique().tolist())
            )
        )
    if apl_column is None:
        apl_column = "apl_65" if "apl_65" in apl_raw.columns else "apl"
        _echo(Z.colonne_apl(colonne=apl_column) + ("" if apl_column == "apl_65" else Z.SANS_APL_65))
    if apl_column not in apl_raw.columns:
        raise MissingColumnError(M.colonne_apl_absente(nom=str(apl_path), colonne=apl_column, trouvees=apl_raw.columns))
    from ..messages.supply import colonne_apl_vide
    from ..zoning.inputs import check_apl_column

    given = apl_raw[apl_column]
    if bool((given.isna() | (given.astype(str).str.strip() == "")).all()):
        raise InvalidValueError(colonne_apl_vide(column=apl_column, source=str(apl_path), zero=False))
    out = pd.DataFrame({"apl": _numeric(apl_raw, apl_column, str(apl_path))})
    check_apl_column(out["apl"], column=apl_column, source=str(apl_path))
    # the report names the file (and the workbook's sheet) the APL comes from (national_zoning reads attrs)
    sheet = apl_raw.attrs.get("year") if apl_path.suffix.lower() in {".xlsx", ".xlsm"} else None
    out.attrs["source"] = f"{apl_path}" + (f" [APL {sheet}]" if sheet is not None else "")
    out.attrs["apl_year"] = sheet  # vintages for the maps' source line
    out.attrs["population_year"] = apl_raw.attrs.get("population_year") if sheet is not None else None
    tables = [(apl_raw, apl_path)]
    if population_path is not None:
        pop_raw = _read_commune_table(population_path, year=population_year)
        if "annee_population" in pop_raw.columns:  # DREES standardised-population file (several years)
            years = sorted(pop_raw["annee_population"].dropna().unique())
            if population_year is None and len(years) > 1:
                raise InvalidValueError(Z.plusieurs_annees(fichier=population_path, annees=years))
            if population_year is not None:
                pop_raw = pop_raw[pop_raw["annee_population"].astype(str) == str(population_year)]
                if pop_raw.empty:
                    raise InvalidValueError(
                        Z.annee_absente(fichier=population_path, annee=population_year, annees=years)
                    )
        dup = pop_raw.loc[pop_raw["code_commune"].duplicated(), "code_commune"].unique().tolist()
        if dup:
            from .._validate import describe_values

            raise InvalidValueError(Z.codes_en_double(fichier=population_path, codes=describe_values(dup)))
        pop_raw = pop_raw.set_index("code_commune")
        tables.insert(0, (pop_raw, population_path))  # population file first: its columns win

    def pick(explicit: str | None, names: list[str], label: str) -> pd.Series | None:
        for table, path in tables:
            col = (
                explicit
                if explicit is not None and explicit in table.columns
                else (None if explicit is not None else _find(table, names))
            )
            if col is not None:
                _echo(Z.colonne_utilisee(libelle=label, colonne=str(col), fichier=path.name))
                return table[col]
        if explicit is not None:
            raise MissingColumnError(
                Z.colonne_introuvable(colonne=explicit, libelle=label, fichiers=[str(p) for _, p in tables])
            )
        return None

    weights = pick(weight_column, _WEIGHT_NAMES, Z.POIDS)
    if weights is None:
        raise MissingColumnError(Z.SANS_POPULATION_STANDARDISEE.format(colonnes=", ".join(_WEIGHT_NAMES)))
    population = pick(population_column, _POPULATION_NAMES, Z.POPULATION_PLAFONDS)
    regions = pick(None, _REGION_NAMES, Z.LIBELLE_REGION)
    w = weights.reindex(out.index)
    out["standardised_population"] = _numeric(w.to_frame("w"), "w", "standardised population")
    if population is None:
        _echo(Z.SANS_POPULATION)
        out["population"] = out["standardised_population"]
    else:
        p = population.reindex(out.index)
        out["population"] = _numeric(p.to_frame("p"), "p", "population")
    if region is not None:
        out["code_region"] = str(region)
    elif regions is not None:
        out["code_region"] = regions.reindex(out.index).to_numpy()
    elif region_required:
        raise MissingColumnError(Z.SANS_REGION)
    if "nom" in apl_raw.columns:
        out.insert(0, "nom", apl_raw["nom"].reindex(out.index).to_numpy())
    out.index.name = "code_commune"
    out.attrs["partial_supply"] = _supply_coverage(apl_raw, out, apl_path, partial=partial_supply)
    return out, apl_column


def _supply_coverage(apl_raw: pd.DataFrame, communes: pd.DataFrame, apl_path: Path, *, partial: bool) -> list[str]:
    """Coverage of the territory by the supply behind the APL (its ``supply`` column, when the file has one:
    the DREES workbook has none, ``access-map apl`` writes it)."""
    from ..supply import check_supply_coverage
    from ..territory import departement_of_code

    if "supply" not in apl_raw.columns:
        return []
    _echo(f"  offre : colonne 'supply' de {apl_path.name} (couverture du territoire vérifiée)")
    supply = _numeric(apl_raw, "supply", str(apl_path))
    table = pd.DataFrame(
        {
            "code_departement": departement_of_code(communes.index.to_series()).to_numpy(),
            "population": communes["population"].to_numpy(),
        },
        index=communes.index,
    )
    statement = check_supply_coverage(supply, table, profession="medecin_generaliste", partial=partial)
    return [] if statement is None else [statement]


def read_list(path: Path, aliases: dict[str, list[str]], required: list[str]) -> pd.DataFrame:
    from ..readers._io import read_table, rename_aliases

    raw, _, _ = read_table(path, source=str(path))
    return rename_aliases(raw, aliases, required=required, source=str(path))


def write_csv(df: pd.DataFrame, path: Path, *, index: bool) -> None:
    from .. import csv_format

    csv_format.write_csv(df, path, index=index)
