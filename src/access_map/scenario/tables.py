"""The CSV tables of a scenario run, with French headers and values (pure: frames in, frames out).

:func:`scenario_tables` turns what :func:`~access_map.scenario.run.run_scenarios` computed into the tables
``access-map scenario`` writes (file name without ``.csv`` → table), their headers and category values in
French from :mod:`access_map.messages.scenario`; :func:`~access_map.scenario.report.write_outputs` writes
them with :func:`access_map.csv_format.write_csv`.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"apl_before": [3.0], "category_before": ["vivier"]}, index=pd.Index(["T1"], name="code_tvs"))
>>> french_table(t).columns.tolist(), french_table(t)["categorie_avant"].tolist()
(['code_tvs', 'apl_avant', 'categorie_avant'], ['vivier'])
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..messages import scenario as msg

__all__ = ["french_table", "scenario_tables"]

_CATEGORY_COLUMNS = ("category_before", "category_after", "class_before", "class_after")


def french_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The index as columns, French headers, French category and level values.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"population_fell_le_2.5": [10.0]},
    ...                  index=pd.MultiIndex.from_tuples([("total", "ensemble")], names=["level", "code"]))
    >>> french_table(c).to_dict("records")
    [{'niveau': 'ensemble', 'code': 'ensemble', 'population_passant_sous_2_5': 10.0}]
    """
    named = [n for n in frame.index.names if n is not None]
    out = frame.reset_index() if named else frame.reset_index(drop=True)
    for column in _CATEGORY_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: msg.CATEGORY_LABELS.get(v, v))
    if "level" in out.columns:
        out["level"] = out["level"].map(lambda v: msg.LEVEL_LABELS.get(v, v))
    return out.rename(columns={c: msg.csv_header(str(c)) for c in out.columns})


def _with_names(frame: pd.DataFrame, names: pd.Series | None) -> pd.DataFrame:
    if names is None:
        return frame
    out = frame.copy()
    out.insert(0, "nom", names.reindex(out.index).to_numpy())
    return out


def _scenario(result: Any, names: pd.Series | None) -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    communes = result.communes
    zoning = result.zoning
    if zoning is not None:
        communes = communes.join(zoning.communes[["class_before", "class_after"]])
    tables[f"scenario_{result.name}_communes"] = french_table(_with_names(communes, names))
    if result.tvs is not None:
        tvs = result.tvs
        if zoning is not None and zoning.tvs is not None and zoning.method == "zoning":
            tvs = tvs.join(zoning.tvs[["class_before", "class_after"]])
        tables[f"scenario_{result.name}_tvs"] = french_table(tvs)
    tables[f"scenario_{result.name}_franchissements"] = french_table(result.crossings)
    tables[f"scenario_{result.name}_plus_touchees"] = french_table(_with_names(result.most_affected, names))
    if zoning is not None:
        transitions = zoning.transitions.assign(zoning_method=msg.ZONING_METHOD_NAMES[zoning.method])
        tables[f"scenario_{result.name}_zonage"] = french_table(transitions)
    return tables


def scenario_tables(run: Any, *, names: pd.Series | None = None) -> dict[str, pd.DataFrame]:
    """Every CSV table of a scenario run (file name without ``.csv`` → table with French headers).

    ``names`` maps commune codes to names (added to the commune tables).
    """
    tables: dict[str, pd.DataFrame] = {}
    summary = {}
    for result in run.scenarios:
        tables.update(_scenario(result, names))
        summary[result.name] = result.summary()
    if summary:
        tables["scenarios_resume"] = french_table(pd.DataFrame(summary).T.rename_axis("scenario"))
    if run.placement is not None:
        tables["placement_etapes"] = french_table(run.placement.steps.set_index("step"))
    if run.uncertainty is not None:
        tables["incertitude_communes"] = french_table(run.uncertainty.communes)
        if run.uncertainty.tvs is not None:
            tables["incertitude_tvs"] = french_table(run.uncertainty.tvs)
    if run.implied is not None:
        tables["offre_implicite_communes"] = french_table(run.implied.communes)
        report = pd.Series(run.implied.report, name="value")
        report.index = pd.Index([msg.csv_header(str(k)) for k in report.index], name="indicator")
        tables["offre_implicite_erreur"] = french_table(report.to_frame())
        if run.implied.by_department is not None:
            tables["offre_implicite_departements"] = french_table(run.implied.by_department)
    return tables
