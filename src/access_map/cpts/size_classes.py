"""ACI size classes of a CPTS by population covered (taille 1 to 4), with the convention at the bounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import InvalidValueError
from ..messages import cpts as msg

__all__ = ["SizeClasses", "ACI_SIZE_CLASSES"]


@dataclass(frozen=True)
class SizeClasses:
    """ACI size classes of a CPTS by population covered (taille 1 to 4).

    The ACI CPTS text (arrêté du 21 août 2019, avenant 1) reads: taille 1 < 40,000
    inhabitants; taille 2 between 40,000 and 80,000; taille 3 between 80,000 and
    175,000; taille 4 > 175,000. The wording is ambiguous at the bounds themselves
    ("< 40,000" puts 40,000 in taille 2, "> 175,000" puts 175,000 in taille 3), so the
    convention is a parameter:

    * ``lower_inclusive=True`` (default, follows "taille 1 < 40,000"): a bound belongs
      to the **upper** class — 40,000 → 2, 80,000 → 3, 175,000 → 4.
    * ``lower_inclusive=False`` (follows "taille 4 > 175,000"): a bound belongs to the
      **lower** class — 40,000 → 1, 80,000 → 2, 175,000 → 3.

    Attributes
    ----------
    bounds
        Increasing population thresholds between classes (ACI: 40,000, 80,000, 175,000).
    lower_inclusive
        Whether a population equal to a bound falls in the class above it.

    Examples
    --------
    >>> ACI_SIZE_CLASSES.classify([39_999, 40_000, 80_000, 175_000, 175_001]).tolist()
    [1, 2, 3, 4, 4]
    >>> SizeClasses(lower_inclusive=False).classify([40_000, 80_000, 175_000]).tolist()
    [1, 2, 3]
    """

    bounds: tuple[float, ...] = (40_000.0, 80_000.0, 175_000.0)
    lower_inclusive: bool = True

    def __post_init__(self) -> None:
        b = np.asarray(self.bounds, dtype=float)
        if b.size == 0 or (np.diff(b) <= 0).any() or (b <= 0).any():
            raise InvalidValueError(msg.classes_invalides(bornes=self.bounds))

    @classmethod
    def aci_2019(cls, *, lower_inclusive: bool = True) -> SizeClasses:
        """ACI CPTS classes (40,000 / 80,000 / 175,000 inhabitants), arrêté du 21 août 2019.

        Examples
        --------
        >>> SizeClasses.aci_2019(lower_inclusive=False).classify([40_000]).tolist()
        [1]
        """
        return cls(bounds=(40_000.0, 80_000.0, 175_000.0), lower_inclusive=lower_inclusive)

    def classify(self, population: Any) -> pd.Series:
        """Class number (1 = smallest) of each population; NaN population gives <NA>.

        Examples
        --------
        >>> ACI_SIZE_CLASSES.classify(pd.Series([100.0, None], index=["a", "b"])).tolist()
        [1, <NA>]
        """
        s = pd.Series(population, dtype=float) if not isinstance(population, pd.Series) else population.astype(float)
        side: Literal["left", "right"] = "right" if self.lower_inclusive else "left"
        cls_ = np.searchsorted(np.asarray(self.bounds, dtype=float), s.to_numpy(), side=side) + 1
        out = pd.Series(cls_, index=s.index, dtype="Int64", name="taille")
        out[s.isna().to_numpy()] = pd.NA
        return out


#: ACI 2019 size classes with bounds in the upper class (40,000 → taille 2).
ACI_SIZE_CLASSES = SizeClasses.aci_2019()
