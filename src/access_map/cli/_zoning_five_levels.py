"""``access-map zoning --five-levels``: five-level zoning of another profession from a territory indicator."""

from __future__ import annotations

import warnings
from pathlib import Path

import click
import pandas as pd

from ..errors import AccessMapError, InvalidValueError
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
        raise click.UsageError(f"{output_dir}: five_levels.csv already exists; pass --overwrite to replace it")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rules = getattr(FiveLevelRules, preset)()
            _echo(f"… reading {indicator_path.name}")
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
                raise InvalidValueError(
                    f"{indicator_path}, column 'code': empty or duplicated territory code(s) "
                    f"{describe_values(bad)}; one row per territory"
                )
            index = pd.Index(codes.tolist(), name="code", dtype=object)
            indicator = pd.Series(table["indicator"].to_numpy(), index=index, name="indicator")
            population = pd.Series(table["population"].to_numpy(), index=index, name="population")
            _echo(f"… five-level zoning of {len(index)} territories ({rules.name}, boundary {boundary})")
            result = five_level_zoning(
                indicator,
                population=population,
                rules=rules,
                boundary="midpoint" if boundary == "midpoint" else "first_inhabitant",
            )
            output_dir.mkdir(parents=True, exist_ok=True)
            _write_csv(result, target, index=True)
        except AccessMapError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            echo_warnings(caught)
    achieved = result.groupby("classe")["population"].sum() / float(result["population"].sum())
    for klass, share in zip(FIVE_LEVELS, rules.normalised_shares):
        _echo(
            f"  {FIVE_LEVEL_LABELS[klass]}: {100 * float(achieved.get(klass, 0.0)):.1f} % of the population "
            f"(target {100 * share:.1f} %)"
        )
    _echo(f"five_levels.csv written to {output_dir}")
