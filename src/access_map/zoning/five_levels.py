"""Five-level zonings of nurses, physiotherapists, midwives and speech therapists.

Territories (any unit: bassin de vie, canton-ville...) are ranked by their
indicator **ascending** (least access first); each of the five classes — très
sous-doté, sous-doté, intermédiaire, très doté, sur-doté — holds a fixed share of
the population of the territories passed (pass the whole nation for an official-like
zoning; a single region gives regional shares).

Boundary rule
-------------
The cumulative population shares define four boundaries ``b1 < b2 < b3 < b4``. A
territory covers the interval ``[C_start, C_end]`` of the cumulative share. With
``boundary="midpoint"`` (default) it goes to the class containing the midpoint
``(C_start + C_end) / 2`` (a midpoint exactly on a boundary goes to the **more
under-served** class); with ``boundary="first_inhabitant"`` it goes to the class of
``C_start`` (its first inhabitant; a start exactly on a boundary goes to the class
above it). The midpoint rule makes the achieved shares closest to the targets on
average; the first-inhabitant rule fills under-served classes first. Ties in the
indicator are ordered by territory code, so tied territories can fall in different
classes at a boundary.

Published shares are rounded (the physiotherapists' add up to 100.1 %, the speech
therapists' to 99.9 %): shares that sum to 1 within 0.005 are rescaled to sum to 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .._validate import to_numeric_column
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import zoning as msg

__all__ = ["FIVE_LEVELS", "FIVE_LEVEL_LABELS", "FiveLevelRules", "five_level_zoning"]

#: The five classes, from least to best served.
FIVE_LEVELS: tuple[str, ...] = ("very_under_served", "under_served", "intermediate", "well_served", "over_served")

#: French labels (maps and tables), from :data:`access_map.messages.zoning.FIVE_LEVEL_LABELS`.
FIVE_LEVEL_LABELS: dict[str, str] = msg.FIVE_LEVEL_LABELS


@dataclass(frozen=True)
class FiveLevelRules:
    """Population shares of the five classes (least served first).

    Parameters
    ----------
    shares
        Five shares (fractions) from très sous-doté to sur-doté; must sum to 1 within
        0.005 (they are rescaled to 1).
    name
        Profession and year of the preset.
    source
        Where the shares come from.

    Examples
    --------
    >>> r = FiveLevelRules.infirmiers_2020()
    >>> r.shares
    (0.053, 0.094, 0.366, 0.204, 0.283)
    >>> [round(b, 3) for b in r.boundaries]
    [0.053, 0.147, 0.513, 0.717]
    """

    shares: tuple[float, float, float, float, float]
    name: str = "custom"
    source: str = msg.SOURCE_PARTS_UTILISATEUR

    def __post_init__(self) -> None:
        vals = tuple(self.shares)
        if len(vals) != 5:
            raise InvalidValueError(msg.niveaux_nombre_de_parts(count=len(vals)))
        if any(not np.isfinite(v) or v < 0 for v in vals):
            raise InvalidValueError(msg.niveaux_parts_invalides(shares=vals))
        total = float(sum(vals))
        if abs(total - 1) > 0.005:
            raise InvalidValueError(msg.niveaux_somme(total=total))

    @property
    def normalised_shares(self) -> tuple[float, ...]:
        """Shares rescaled to sum exactly to 1."""
        total = float(sum(self.shares))
        return tuple(float(v) / total for v in self.shares)

    @property
    def boundaries(self) -> list[float]:
        """The four cumulative boundaries ``b1 … b4`` (of the rescaled shares)."""
        return [float(v) for v in np.cumsum(self.normalised_shares)[:4]]

    @classmethod
    def masseurs_kinesitherapeutes_2018(cls) -> FiveLevelRules:
        """Physiotherapists, 2018 zoning: 6.8 / 6.0 / 65.1 / 9.8 / 12.4 % (sums to 100.1 %, rescaled).

        Examples
        --------
        >>> FiveLevelRules.masseurs_kinesitherapeutes_2018().shares[0]
        0.068
        """
        return cls(
            (0.068, 0.060, 0.651, 0.098, 0.124),
            "masseurs-kinésithérapeutes 2018",
            "arrêté zonage masseurs-kinésithérapeutes 2018 (methods.md §2)",
        )

    @classmethod
    def sages_femmes_2019(cls) -> FiveLevelRules:
        """Midwives, 2019 zoning: 7.7 / 10.2 / 60.4 / 9.3 / 12.4 %.

        Examples
        --------
        >>> FiveLevelRules.sages_femmes_2019().shares[2]
        0.604
        """
        return cls(
            (0.077, 0.102, 0.604, 0.093, 0.124), "sages-femmes 2019", "arrêté zonage sages-femmes 2019 (methods.md §2)"
        )

    @classmethod
    def infirmiers_2020(cls) -> FiveLevelRules:
        """Nurses, 2020 zoning: 5.3 / 9.4 / 36.6 / 20.4 / 28.3 %.

        Examples
        --------
        >>> FiveLevelRules.infirmiers_2020().shares[4]
        0.283
        """
        return cls(
            (0.053, 0.094, 0.366, 0.204, 0.283), "infirmiers 2020", "arrêté zonage infirmiers 2020 (methods.md §2)"
        )

    @classmethod
    def orthophonistes_2018(cls) -> FiveLevelRules:
        """Speech therapists, 2018 zoning: 12.8 / 9.0 / 55.7 / 10.1 / 12.3 % (sums to 99.9 %, rescaled).

        Examples
        --------
        >>> FiveLevelRules.orthophonistes_2018().name
        'orthophonistes 2018'
        """
        return cls(
            (0.128, 0.090, 0.557, 0.101, 0.123),
            "orthophonistes 2018",
            "arrêté zonage orthophonistes 2018 (methods.md §2)",
        )

    @classmethod
    def custom(
        cls, shares: tuple[float, float, float, float, float], *, source: str = msg.SOURCE_PARTS_UTILISATEUR
    ) -> FiveLevelRules:
        """Any five shares.

        Examples
        --------
        >>> FiveLevelRules.custom((0.2, 0.2, 0.2, 0.2, 0.2)).boundaries[1]
        0.4
        """
        return cls(tuple(float(v) for v in shares), "custom", source)  # type: ignore[arg-type]


def five_level_zoning(
    indicator: pd.Series,
    *,
    population: pd.Series,
    rules: FiveLevelRules,
    boundary: Literal["midpoint", "first_inhabitant"] = "midpoint",
) -> pd.DataFrame:
    """Class each territory in one of five levels so that each level holds a share of the population.

    Parameters
    ----------
    indicator
        Access indicator per territory (e.g. APL to nurses of each bassin de vie);
        higher = better served. No NaN.
    population
        Population per territory (same index; extra territories are an error).
    rules
        Target shares, e.g. :meth:`FiveLevelRules.infirmiers_2020`.
    boundary
        ``"midpoint"`` (default) or ``"first_inhabitant"`` — see the module docstring.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``indicator``, sorted by rank: ``indicator``, ``population``, ``rank``
        (1 = least served), ``cumulative_share_start``, ``cumulative_share_end``, ``level``
        (1–5), ``classe`` (:data:`FIVE_LEVELS`), ``libelle`` (French).

    Examples
    --------
    Five territories of 20 inhabitants, equal target shares: one per class.

    >>> import pandas as pd
    >>> ind = pd.Series([5.0, 1.0, 3.0, 2.0, 4.0], index=list("abcde"))
    >>> z = five_level_zoning(ind, population=pd.Series(20.0, index=ind.index),
    ...                       rules=FiveLevelRules.custom((0.2,) * 5))
    >>> z["level"].to_dict()
    {'b': 1, 'd': 2, 'c': 3, 'e': 4, 'a': 5}
    """
    if boundary not in ("midpoint", "first_inhabitant"):
        raise InvalidValueError(msg.niveaux_frontiere(boundary=boundary))
    if indicator.index.duplicated().any():
        duplicated = indicator.index[indicator.index.duplicated()].tolist()
        raise InvalidCodeError(msg.codes_en_double(name=msg.INDICATEUR, codes=duplicated, what="territoire(s)"))
    ind = to_numeric_column(
        pd.DataFrame({"indicator": indicator}), "indicator", source=msg.INDICATEUR, non_negative=False
    )
    missing = indicator.index.difference(population.index)
    extra = population.index.difference(indicator.index)
    if len(missing) or len(extra):
        raise InvalidCodeError(
            msg.territoires_differents(without_population=missing.tolist(), without_indicator=extra.tolist())
        )
    pop = to_numeric_column(
        pd.DataFrame({"population": population.reindex(indicator.index)}), "population", source=msg.POPULATION
    )
    total = float(pop.sum())
    if total <= 0:
        raise InvalidValueError(msg.TERRITOIRES_SANS_HABITANT)
    df = pd.DataFrame(
        {"indicator": ind.to_numpy(), "population": pop.to_numpy(), "_code": [str(i) for i in indicator.index]},
        index=indicator.index,
    )
    df = df.sort_values(["indicator", "_code"], kind="mergesort")
    end = df["population"].cumsum().to_numpy() / total
    start = np.concatenate([[0.0], end[:-1]])
    # rounded so that shares such as 0.1 + 0.2 compare as written ("exactly on a boundary")
    b = np.round(np.asarray(rules.boundaries), 12)
    if boundary == "midpoint":
        level = np.searchsorted(b, np.round((start + end) / 2, 12), side="left")
    else:
        level = np.searchsorted(b, np.round(start, 12), side="right")
    df["rank"] = np.arange(1, len(df) + 1)
    df["cumulative_share_start"] = start
    df["cumulative_share_end"] = end
    df["level"] = level + 1
    df["classe"] = [FIVE_LEVELS[k] for k in level]
    df["libelle"] = df["classe"].map(FIVE_LEVEL_LABELS)
    return df.drop(columns="_code")
