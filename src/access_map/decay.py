"""Distance-decay functions for floating-catchment indicators.

A decay turns travel times (minutes, as a numpy array) into weights in ``[0, 1]``
(or any non-negative value for a gravity decay). Every decay is a frozen dataclass,
callable on an array, with a :attr:`max_minutes` property: the time beyond which
the weight is 0 (the catchment radius).

Three families are provided:

* :class:`StepDecay` — piecewise-constant bands (the DREES APL, Luo & Qi's E2SFCA);
* :class:`GaussianDecay` — ``exp(-t² / (2 σ²))`` up to ``max_minutes`` (as PySAL ``access.weights.gaussian``);
* :class:`GravityDecay` — ``(max(t, min_minutes) / scale_minutes) ** -beta`` up to ``max_minutes``.

Boundary convention
-------------------
A time that falls exactly on a band limit (10.0, 15.0 or 20.0 minutes for the DREES
decay) is not described by the DREES ``Paramètres`` sheet. :class:`StepDecay` makes the
choice explicit with ``closed``:

* ``closed="left"`` (**default, DREES reading**): bands are half-open ``[a, b)``. The sheet
  says *"Moins de 10 minutes → 1"*; read literally, 10.0 is not "less than 10", so it
  falls into the next band ``[10, 15)`` (weight 2/3); 15.0 → 1/3; **20.0 → 0** (outside
  the catchment).
* ``closed="right"``: bands are ``(a, b]``: 10.0 → 1, 15.0 → 2/3, 20.0 → 1/3, and only
  times strictly above 20 get 0. This is the convention of PySAL ``access.weights.step_fn``
  (``time <= upper bound``).

Continuous decays have ``include_max`` (default ``True``: a time equal to
``max_minutes`` is kept, as PySAL's ``max_cost`` filter ``cost <= max_cost``).

Examples
--------
>>> import numpy as np
>>> DREES_GP_DECAY(np.array([0.0, 9.99, 10.0, 15.0, 19.9, 20.0, 25.0])).round(4).tolist()
[1.0, 1.0, 0.6667, 0.3333, 0.3333, 0.0, 0.0]
>>> DREES_GP_DECAY.max_minutes
20.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from .errors import InvalidValueError
from .messages import decay as text

__all__ = [
    "Decay",
    "StepDecay",
    "GaussianDecay",
    "GravityDecay",
    "DREES_GP_DECAY",
    "LUO_QI_2009_DECAY",
    "check_minutes",
]


@runtime_checkable
class Decay(Protocol):
    """What the FCA engine needs from a decay: a vectorised call and a catchment radius."""

    @property
    def max_minutes(self) -> float:  # pragma: no cover - protocol
        """Time (minutes) beyond which the weight is 0."""
        ...

    def __call__(self, minutes: np.ndarray) -> np.ndarray:  # pragma: no cover - protocol
        """Weights for an array of travel times in minutes."""
        ...


def check_minutes(minutes: np.ndarray | list[float] | float, *, source: str | None = None) -> np.ndarray:
    """Return ``minutes`` as a float array; raise :class:`InvalidValueError` on NaN or negative times.

    Examples
    --------
    >>> check_minutes([0, 2.5]).tolist()
    [0.0, 2.5]
    >>> try:
    ...     check_minutes([1.0, -3.0, float("nan")], source="times.csv")
    ... except InvalidValueError as e:
    ...     print(e)
    times.csv, colonne minutes : 1 valeur négative (-3) et 1 valeur manquante (NaN) ; les temps sont des minutes positives ou nulles (0 pour une commune vers elle-même)
    """
    arr = np.asarray(minutes, dtype=float)
    nan = np.isnan(arr)
    neg = arr < 0
    if nan.any() or neg.any():
        raise InvalidValueError(
            text.temps_invalides(source=source, negatives=arr[neg].tolist(), missing=int(nan.sum()))
        )
    return arr


def _positive(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise InvalidValueError(text.pas_strictement_positif(name=name, value=value))


@dataclass(frozen=True)
class StepDecay:
    """Piecewise-constant decay: ``weights[k]`` inside band ``k``, 0 beyond the last break.

    Parameters
    ----------
    breaks
        Increasing upper limits of the bands, in minutes, e.g. ``(10, 15, 20)``. The first band
        starts at 0.
    weights
        Weight of each band (same length as ``breaks``), non-negative.
    closed
        ``"left"`` (default): bands ``[0, b0), [b0, b1), ...``; a time equal to a break belongs to
        the *next* band and a time equal to the last break gets 0. ``"right"``: bands
        ``[0, b0], (b0, b1], ...``; a time equal to a break belongs to the band it closes (PySAL
        ``step_fn`` convention).

    Examples
    --------
    >>> import numpy as np
    >>> d = StepDecay(breaks=(10, 20), weights=(1.0, 0.5))
    >>> d(np.array([5.0, 10.0, 20.0])).tolist()
    [1.0, 0.5, 0.0]
    >>> StepDecay(breaks=(10, 20), weights=(1.0, 0.5), closed="right")(np.array([5.0, 10.0, 20.0])).tolist()
    [1.0, 1.0, 0.5]
    """

    breaks: tuple[float, ...]
    weights: tuple[float, ...]
    closed: Literal["left", "right"] = "left"

    def __post_init__(self) -> None:
        breaks = tuple(float(b) for b in self.breaks)
        weights = tuple(float(w) for w in self.weights)
        object.__setattr__(self, "breaks", breaks)
        object.__setattr__(self, "weights", weights)
        if not breaks or len(breaks) != len(weights):
            raise InvalidValueError(text.paliers_et_poids(breaks=breaks, weights=weights))
        if (
            any(not math.isfinite(b) for b in breaks)
            or breaks[0] <= 0
            or any(b1 <= b0 for b0, b1 in zip(breaks, breaks[1:], strict=False))
        ):
            raise InvalidValueError(text.paliers_non_croissants(breaks=breaks))
        if any(not math.isfinite(w) or w < 0 for w in weights):
            raise InvalidValueError(text.poids_invalides(weights=weights))
        if self.closed not in ("left", "right"):
            raise InvalidValueError(text.cote_ferme_invalide(closed=self.closed))

    @property
    def max_minutes(self) -> float:
        """The last break: weights are 0 from there (``closed="left"``) or beyond it (``"right"``)."""
        return self.breaks[-1]

    def __call__(self, minutes: np.ndarray) -> np.ndarray:
        """Weights for ``minutes`` (NaN or negative times raise :class:`InvalidValueError`)."""
        t = check_minutes(minutes)
        table = np.append(np.asarray(self.weights), 0.0)
        if len(self.breaks) > 8:
            side: Literal["left", "right"] = "right" if self.closed == "left" else "left"
            return table[np.searchsorted(np.asarray(self.breaks), t, side=side)]
        # few bands: counting the breaks passed is faster than a binary search
        band = np.zeros(t.shape, dtype=np.int8)
        for b in self.breaks:
            band += (t >= b) if self.closed == "left" else (t > b)
        return table[band]


@dataclass(frozen=True)
class GaussianDecay:
    """Gaussian decay ``exp(-t² / (2 σ²))`` for ``t`` within ``max_minutes``, 0 beyond.

    Same formula as PySAL ``access.weights.gaussian(sigma)`` (no normalisation: weight 1 at 0 minute).

    Parameters
    ----------
    sigma_minutes
        Width σ of the Gaussian, in minutes.
    max_minutes
        Catchment radius in minutes.
    include_max
        ``True`` (default): a time equal to ``max_minutes`` keeps its Gaussian weight; ``False``: it gets 0.

    Examples
    --------
    >>> import numpy as np
    >>> GaussianDecay(sigma_minutes=10, max_minutes=30)(np.array([0.0, 10.0, 30.0, 31.0])).round(4).tolist()
    [1.0, 0.6065, 0.0111, 0.0]
    """

    sigma_minutes: float
    max_minutes: float
    include_max: bool = True

    def __post_init__(self) -> None:
        _positive("GaussianDecay sigma_minutes", self.sigma_minutes)
        _positive("GaussianDecay max_minutes", self.max_minutes)

    def __call__(self, minutes: np.ndarray) -> np.ndarray:
        """Weights for ``minutes``."""
        t = check_minutes(minutes)
        w = np.exp(-(t * t) / (2.0 * float(self.sigma_minutes) ** 2))
        inside = t <= self.max_minutes if self.include_max else t < self.max_minutes
        return np.where(inside, w, 0.0)


@dataclass(frozen=True)
class GravityDecay:
    """Gravity (power) decay ``(max(t, min_minutes) / scale_minutes) ** -beta`` within ``max_minutes``.

    Same formula as PySAL ``access.weights.gravity(scale, alpha=-beta, min_dist=min_minutes)``.
    ``min_minutes`` must be > 0: the time of a commune to itself is 0 and ``0 ** -beta`` is infinite.

    Parameters
    ----------
    beta
        Decay exponent (> 0); the weight decreases as ``t ** -beta``.
    min_minutes
        Times below this value are raised to it (> 0).
    max_minutes
        Catchment radius in minutes.
    scale_minutes
        Time at which the weight is 1 (default 1 minute).
    include_max
        ``True`` (default): a time equal to ``max_minutes`` keeps its weight; ``False``: it gets 0.

    Examples
    --------
    >>> import numpy as np
    >>> GravityDecay(beta=2, min_minutes=5, max_minutes=20, scale_minutes=10)(np.array([0.0, 10.0, 20.0, 21.0])).tolist()
    [4.0, 1.0, 0.25, 0.0]
    """

    beta: float
    min_minutes: float
    max_minutes: float
    scale_minutes: float = 1.0
    include_max: bool = True

    def __post_init__(self) -> None:
        _positive("GravityDecay beta", self.beta)
        _positive("GravityDecay min_minutes", self.min_minutes)
        _positive("GravityDecay max_minutes", self.max_minutes)
        _positive("GravityDecay scale_minutes", self.scale_minutes)

    def __call__(self, minutes: np.ndarray) -> np.ndarray:
        """Weights for ``minutes``."""
        t = check_minutes(minutes)
        w = np.power(np.maximum(t, float(self.min_minutes)) / float(self.scale_minutes), -float(self.beta))
        inside = t <= self.max_minutes if self.include_max else t < self.max_minutes
        return np.where(inside, w, 0.0)


#: DREES APL decay for general practitioners (``Paramètres`` sheet of the DREES APL MG 2022-2023
#: workbook, "Décroissance de l'accessibilité avec la distance"): < 10 min → 1; 10–15 → 2/3;
#: 15–20 → 1/3; > 20 → 0. Boundary convention ``closed="left"`` (see module docstring):
#: exactly 10.0 → 2/3, 15.0 → 1/3, 20.0 → 0.
DREES_GP_DECAY = StepDecay(breaks=(10.0, 15.0, 20.0), weights=(1.0, 2.0 / 3.0, 1.0 / 3.0), closed="left")

#: Luo & Qi (2009) E2SFCA weights at 10/20/30 minutes (1, 0.68, 0.22), PySAL's default
#: (``access.weights.step_fn({10: 1, 20: 0.68, 30: 0.22})``, hence ``closed="right"``).
LUO_QI_2009_DECAY = StepDecay(breaks=(10.0, 20.0, 30.0), weights=(1.0, 0.68, 0.22), closed="right")
