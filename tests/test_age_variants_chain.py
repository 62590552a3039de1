"""An age variant that cannot be computed is never written, nor zoned (issue 20, point 4).

The public practitioner lists (RPPS 2017, Annuaire santé) give no age. `apl --variants` used to write apl_65, apl_62
and apl_60 filled with 0 (three warnings), and `zoning --apl` on that file zoned 100 % of Gironde as national
selection, silently. Now the variant is refused with a message naming the file and the options, and the zoning
refuses an all-zero or all-missing APL column naming it. Chain run on the real files of ../shared/data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main
from conftest import SHARED_DATA, shared_path


def _apl_args(out: Path, *extra: str) -> list[str]:
    return [
        "apl",
        "--supply",
        str(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")),
        "--impute-activity",
        "--population",
        str(shared_path("drees_population_standardisee", "population_standardisee_mg.csv.gz")),
        "--population-kind",
        "standardised",
        "--population-year",
        "2021",
        "--points",
        str(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")),
        "--departement",
        "33",
        "--output",
        str(out),
        *extra,
    ]


@pytest.fixture(scope="module")
def gironde_apl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("variants") / "apl.csv"
    result = CliRunner().invoke(main, _apl_args(out))
    assert result.exit_code == 0, result.output
    return out


def test_variants_on_practitioners_without_ages_are_refused(tmp_path):
    rpps = pd.read_csv(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv"), dtype=str)
    assert "age" not in {c.lower() for c in rpps.columns}  # the file gives no age at all
    for extra in (["--variants"], ["--max-age", "65"]):
        out = tmp_path / "apl.csv"
        result = CliRunner().invoke(main, _apl_args(out, *extra))
        assert result.exit_code == 1, result.output
        assert "aucun des 977 praticiens (médecin généraliste) n'a d'âge connu" in result.output
        assert "65 ans ou moins ne peut pas être calculée" in result.output and "Traceback" not in result.output
        assert not out.exists()  # nothing written, not even the all-ages APL with zero variants


def _zoning(apl: Path, out: Path, *extra: str) -> list[str]:
    appartenance = shared_path("insee_appartenance_2022", "table-appartenance-geo-communes-22.csv.gz")
    return ["zoning", "--apl", str(apl), "--appartenance", str(appartenance), "--output-dir", str(out), *extra]


@pytest.mark.parametrize(("value", "what"), [(0.0, "vaut 0 dans toutes les communes"), (None, "n'a aucune valeur")])
def test_zoning_refuses_an_empty_apl_column(gironde_apl, tmp_path, value, what):
    # the file today's `apl --variants` wrote: the all-ages APL, and variants of 0 (or a variant column left empty)
    table = csv_format.read_csv(gironde_apl)
    for column in ("apl_65", "apl_62", "apl_60"):
        table[column] = value
    path = tmp_path / "apl_variants.csv"
    csv_format.write_csv(table, path, index=False)
    result = CliRunner().invoke(main, _zoning(path, tmp_path / "zonage"))
    assert result.exit_code == 1, result.output
    assert f"apl_variants.csv : la colonne d'APL 'apl_65' {what}" in result.output
    assert not (tmp_path / "zonage" / "zoning_communes.csv").exists()
    # the APL that was computed is zoned: a Gironde where part of the population only is in the national selection
    # (measured: 14 %; the zero column put 100 % there)
    result = CliRunner().invoke(main, _zoning(path, tmp_path / "zonage_apl", "--apl-column", "apl"))
    assert result.exit_code == 0, result.output
    shares = csv_format.read_csv(tmp_path / "zonage_apl" / "national_selection.csv", index_col="code_region")
    assert 0.05 < shares.loc["national", "part_selection_nationale"] < 0.5


def test_refresh_with_an_age_variant_and_no_age_stops(tmp_path):
    for parts in (("communes_geojson_2018", "communes_2018.geojson.gz"), ("rpps_gironde_2017",)):
        shared_path(*parts)
    data = SHARED_DATA
    config = tmp_path / "gironde.toml"
    config.write_text(
        f"""name = "gironde"
departements = ["33"]
[sources]
communes = "{data}/communes_geojson_2018/communes_2018.geojson.gz"
chefs_lieux = "{data}/chefs_lieux_2020/cheflieu_2020.geojson.gz"
populations = "{data}/population_legale_insee/pop_legales_2016_cog2018_communes.csv.gz"
standardised_population = "{data}/drees_population_standardisee/population_standardisee_mg.csv.gz"
standardised_population_year = 2016
practitioners = "{data}/rpps_gironde_2017/rpps_gironde_2017_mg_neuro.csv"
[supply]
impute_acts = true
[[professions]]
name = "medecin_generaliste"
vintage = 2022
max_ages = [0, 65]
[outputs]
directory = "{tmp_path / "out"}"
maps_directory = "{tmp_path / "maps"}"
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["refresh", "--config", str(config)])
    assert result.exit_code == 1, result.output
    assert "n'a d'âge connu : la variante de l'APL des praticiens de 65 ans ou moins" in result.output
    assert "max_ages" in result.output and not (tmp_path / "out" / "apl_communes.csv").exists()
