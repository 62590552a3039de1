"""`apl --population` reads the INSEE populations légales as `refresh`, `zoning`, `cpts` and `msp` do (issue 20, 6).

It used to refuse them: the 2016 layout ("no commune code column": the code is split into ``Code département`` and
``Code commune``) and the 2021 layout ("missing column(s) 'population'": the column is ``PMUN``). The demand of
`--population-kind total` must be the population municipale of the file, read here independently with pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from access_map import csv_format
from access_map.cli import main
from access_map.territory import read_commune_table
from conftest import shared_path


def _independent_populations(name: str) -> pd.Series:
    raw = pd.read_csv(shared_path("population_legale_insee", name), sep=None, engine="python", dtype=str)
    if "PMUN" in raw.columns:
        return raw.set_index("COM")["PMUN"].astype(float)
    code = raw["Code département"] + raw["Code commune"]
    return pd.Series(raw["Population municipale"].astype(float).to_numpy(), index=code)


def _args(population: str, output, *extra: str) -> list[str]:
    return [
        "apl",
        "--population",
        str(shared_path("population_legale_insee", population)),
        "--supply",
        str(shared_path("rpps_gironde_2017", "rpps_gironde_2017_mg_neuro.csv")),
        "--impute-activity",
        "--points",
        str(shared_path("chefs_lieux_2020", "cheflieu_2020.geojson.gz")),
        "--departement",
        "33",
        "--output",
        str(output),
        *extra,
    ]


@pytest.mark.parametrize(
    "name",
    [
        "pop_legales_2016_cog2018_communes.csv.gz",  # Code département + Code commune, "Population municipale"
        "pop_legales_2019_cog2021.csv.gz",  # REG;DEP;COM;PMUN;PCAP;PTOT
        "pop_legales_2021_cog2023.csv.gz",  # REG;Région;DEP;...;COM;Commune;PMUN;PCAP;PTOT
    ],
)
def test_apl_reads_the_populations_legales(tmp_path, name):
    out = tmp_path / "apl.csv"
    result = CliRunner().invoke(main, _args(name, out, "--population-kind", "total"))
    assert result.exit_code == 0, result.output
    demand = csv_format.read_csv(out, index_col="code_commune")["demand"]
    expected = _independent_populations(name)
    gironde = expected[expected.index.str.startswith("33")]
    assert sorted(demand.index) == sorted(gironde.index)
    assert demand.reindex(gironde.index).tolist() == gironde.tolist()
    # the same reader as the refresh's commune reference (population = population municipale)
    reference = read_commune_table(shared_path("population_legale_insee", name))["population"]
    assert demand.reindex(gironde.index).tolist() == reference.reindex(gironde.index).tolist()


def test_populations_legales_are_no_population_by_age(tmp_path):
    out = tmp_path / "apl.csv"
    result = CliRunner().invoke(main, _args("pop_legales_2021_cog2023.csv.gz", out))  # --population-kind age
    assert result.exit_code == 2 and not out.exists()
    assert "est un fichier de populations légales de l'Insee" in result.output
    assert "Ajoutez --population-kind total" in result.output
