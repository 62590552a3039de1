"""One row per CPTS: communes, population, ACI size class, population shared with other CPTS."""

from __future__ import annotations

import pandas as pd

from ..communes import CODE
from .checks import _prepare
from .size_classes import ACI_SIZE_CLASSES, SizeClasses

__all__ = ["cpts_table"]


def cpts_table(
    cpts: pd.DataFrame,
    communes: pd.DataFrame | pd.Series,
    *,
    size_classes: SizeClasses = ACI_SIZE_CLASSES,
) -> pd.DataFrame:
    """One row per CPTS: communes, population, ACI size class, population shared with other CPTS.

    Parameters
    ----------
    cpts, communes
        See :mod:`access_map.cpts`.
    size_classes
        Size-class convention (default :data:`ACI_SIZE_CLASSES`, bounds in the upper class).

    Returns
    -------
    pandas.DataFrame
        Index ``id_cpts``; columns ``nom_cpts, statut, date_signature, n_communes,
        population, taille, shared_population`` (inhabitants of its communes that
        also belong to another CPTS of the list) and, when the commune table has it,
        ``code_departement`` (department holding most of its population) and
        ``n_departements``. A CPTS with no known commune has 0 commune, population 0
        and taille <NA>.

    Examples
    --------
    >>> communes = pd.Series({"01001": 30_000.0, "01002": 10_000.0})
    >>> cpts = pd.DataFrame({"id_cpts": ["A", "A", "B"], "nom_cpts": ["a", "a", "b"],
    ...     "statut": ["projet"] * 3, "date_signature": [None] * 3,
    ...     "code_commune": ["01001", "01002", "01002"]})
    >>> cpts_table(cpts, communes)[["n_communes", "population", "taille", "shared_population"]]
             n_communes  population  taille  shared_population
    id_cpts
    A                 2     40000.0       2            10000.0
    B                 1     10000.0       1            10000.0
    """
    com, links, registry = _prepare(cpts, communes)
    pop = com["population"]
    lk = links.assign(population=links[CODE].map(pop))
    n_per_commune = lk.groupby(CODE)["id_cpts"].nunique()
    lk["shared"] = lk[CODE].map(n_per_commune) > 1
    grouped = lk.groupby("id_cpts")
    out = registry.copy()
    out["n_communes"] = grouped[CODE].nunique().reindex(out.index).fillna(0).astype(int)
    out["population"] = grouped["population"].sum().reindex(out.index).fillna(0.0).astype(float)
    out["taille"] = size_classes.classify(out["population"])
    out.loc[out["n_communes"] == 0, "taille"] = pd.NA
    out["shared_population"] = (
        lk[lk["shared"]].groupby("id_cpts")["population"].sum().reindex(out.index).fillna(0.0).astype(float)
    )
    if "code_departement" in com.columns:
        lk["code_departement"] = lk[CODE].map(com["code_departement"])
        by_dep = lk.groupby(["id_cpts", "code_departement"])["population"].sum().reset_index()
        by_dep = by_dep.sort_values(["id_cpts", "population", "code_departement"], ascending=[True, False, True])
        out["code_departement"] = by_dep.drop_duplicates("id_cpts").set_index("id_cpts")["code_departement"]
        n_dep = lk.groupby("id_cpts")["code_departement"].nunique()
        out["n_departements"] = n_dep.reindex(out.index).fillna(0).astype(int)
    out.index.name = "id_cpts"
    return out
