"""Errors of the atlas indicators, the demo loader, the column aliases and the CPTS territorial levels: French,
with the values at fault (communes, files, columns) and the way out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from access_map.atlas.indicators import area_indicators
from access_map.cpts.territories import territory_key
from access_map.datasets import load_demo
from access_map.errors import InvalidValueError, MissingColumnError, SourceError
from access_map.readers._io.labels import rename_aliases


def test_indicators_name_the_communes_without_population() -> None:
    communes = pd.DataFrame(
        {"apl": [2.0, 5.0, 3.0], "standardised_population": [100.0, None, 50.0], "population": [100.0, 300.0, None]},
        index=["33001", "33002", "24001"],
    )
    with pytest.raises(
        InvalidValueError,
        match=r"table des APL par commune : 2 communes sans population standardisée ou totale \(33002, 24001\)",
    ):
        area_indicators(communes, apl_columns=["apl"])


def test_demo_loader_lists_the_missing_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"fichiers de démonstration manquants : .*régénérez-les avec"):
        load_demo(directory=tmp_path)


def test_aliases_list_the_accepted_names_of_a_missing_column() -> None:
    frame = pd.DataFrame({"nom": ["a"]})
    with pytest.raises(
        MissingColumnError,
        match=r"colonne\(s\) manquante\(s\) code_commune dans z\.csv ; colonnes trouvées : nom\. "
        r"Noms acceptés : code_commune : code_commune, codgeo, depcom",
    ):
        rename_aliases(frame, {"code_commune": ["codgeo", "depcom"]}, required=["code_commune"], source="z.csv")


def test_a_level_without_its_column_says_which_column_to_add() -> None:
    communes = pd.DataFrame({"population": [1.0]}, index=["01001"])
    with pytest.raises(
        MissingColumnError,
        match=r"le niveau region demande la colonne code_region dans la table des communes ; colonnes trouvées : "
        r"population\. Ajoutez-la",
    ):
        territory_key(communes, "region")
