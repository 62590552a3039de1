"""``access-map zoning --five-levels``: five-level zoning of another profession from a territory indicator."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..errors import AccessMapError, InvalidValueError
from ..messages import cli_zoning as Z
from ._french import FrenchError, FrenchUsageError
from ._options import echo_warnings
from ._zoning_inputs import echo as _echo
from ._zoning_inputs import read_list as _read_list
from ._zoning_inputs import write_csv as _write_csv

__all__ = ["five_levels_run"]


def five_levels_run(preset: str, indicator_path: Path, *, boundary: str, output_dir: Path, overwrite: bool) -> None:
    """``--five-levels`` mode: read the territory indicator, class, write five_levels.csv atomically."""
    from .._validate import describe_values
    from ..zoning import FIVE_LEVEL_LABELS, FIVE_LEVELS, FiveLevelRules, five_level_zoning
    from ._outputs import refuse_inputs_as_outputs

    target = output_dir / "five_levels.csv"
    refuse_inputs_as_outputs([target], exclude=["output_dir"])
    if target.exists() and not overwrite:
        raise FrenchUsageError(Z.cinq_niveaux_existe(dossier=output_dir))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rules = getattr(FiveLevelRules, preset)()
            _echo(Z.lecture_indicateur(fichier=indicator_path.name))
            table = _read_list(
                indicator_path,
                {
                    "code": ["code_territoire", "code_bv", "code_bvcv", "codgeo", "code_commune"],
                    "indicator": ["indicateur", "apl", "valeur", "value"],
                    "population": ["pop", "population_totale", "pmun"],
                },
                ["code", "indicator", "population"],
            )
            codes = table["code"].astype(str).str.strip()
            if codes.duplicated().any() or (codes == "").any() or table["code"].isna().any():
                bad = codes[codes.duplicated() | (codes == "") | table["code"].isna().to_numpy()].unique().tolist()
                raise InvalidValueError(Z.codes_territoire(fichier=indicator_path, codes=describe_values(bad)))
            index = pd.Index(codes.tolist(), name="code", dtype=object)
            indicator = pd.Series(table["indicator"].to_numpy(), index=index, name="indicator")
            population = pd.Series(table["population"].to_numpy(), index=index, name="population")
            _echo(Z.calcul_cinq_niveaux(territoires=len(index), regles=rules.name, limite=boundary))
            result = five_level_zoning(
                indicator,
                population=population,
                rules=rules,
                boundary="midpoint" if boundary == "midpoint" else "first_inhabitant",
            )
            output_dir.mkdir(parents=True, exist_ok=True)
            _write_csv(result, target, index=True)
        except AccessMapError as exc:
            raise FrenchError(str(exc)) from exc
        finally:
            echo_warnings(caught)
    achieved = result.groupby("classe")["population"].sum() / float(result["population"].sum())
    for klass, share in zip(FIVE_LEVELS, rules.normalised_shares):
        _echo(Z.part_atteinte(libelle=FIVE_LEVEL_LABELS[klass], atteinte=float(achieved.get(klass, 0.0)), cible=share))
    _echo(Z.cinq_niveaux_ecrit(dossier=output_dir))
