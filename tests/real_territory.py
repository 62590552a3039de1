"""Refresh configurations written at test time on the real files of ../shared/data (never copied here).

Shared by the refresh tests on real files and the chains that start from a refresh configuration
(refresh → scenario).
"""

from __future__ import annotations

from pathlib import Path

from conftest import SHARED_DATA, shared_path

DATA = SHARED_DATA

__all__ = ["DATA", "write_refresh_config"]


def write_refresh_config(tmp_path: Path, *, name: str, selection: str, supply: str = "", outputs: str = "") -> Path:
    """A refresh configuration of ``name`` (``selection``: e.g. ``departements = ["33"]``) on the real files.

    Contours of the communes (COG 2018), chefs-lieux (1/1/2020), populations légales 2016, DREES standardised
    population 2016, the 2017 RPPS extraction of Gironde (GP sites without activity: ``[supply] impute_acts =
    true``, 5,400 acts each; ``supply``: more lines of ``[supply]``, e.g. ``partial = true``; ``outputs``: more lines of ``[outputs]``); outputs in ``tmp_path/out`` and ``tmp_path/maps``. Skips without ../shared/data
    (fails on CI).
    """
    for parts in (
        ("communes_geojson_2018", "communes_2018.geojson.gz"),
        ("chefs_lieux_2020", "cheflieu_2020.geojson.gz"),
        ("population_legale_insee", "pop_legales_2016_cog2018_communes.csv.gz"),
        ("drees_population_standardisee", "population_standardisee_mg.csv.gz"),
        ("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"),
    ):
        shared_path(*parts)  # skip locally without ../shared, fail on CI
    text = f"""name = "{name}"
label = "{name} — APL médecins généralistes (RPPS 2017, activité imputée)"
{selection}

[sources]
communes = "{DATA}/communes_geojson_2018/communes_2018.geojson.gz"
chefs_lieux = "{DATA}/chefs_lieux_2020/cheflieu_2020.geojson.gz"
departement_contours = "{DATA}/communes_geojson_2018/departements-avec-outre-mer.geojson.gz"
populations = "{DATA}/population_legale_insee/pop_legales_2016_cog2018_communes.csv.gz"
standardised_population = "{DATA}/drees_population_standardisee/population_standardisee_mg.csv.gz"
standardised_population_year = 2016
practitioners = "{DATA}/rpps_gironde_2017/rpps_gironde_2017_mg_neuro.csv"

[supply]
impute_acts = true
{supply}

[[professions]]
name = "medecin_generaliste"
vintage = 2022
max_ages = [0]

[outputs]
directory = "{tmp_path / "out"}"
maps_directory = "{tmp_path / "maps"}"
{outputs}
"""
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path
