"""Two-step floating catchment (2SFCA, E2SFCA) on sparse matrices.

Notation: demand points *i* (communes of residence, demand ``P_i``), supply points *j*
(communes of practice, supply ``S_j``), travel time ``t_ij`` and decay ``f``::

    R_j = S_j / Σ_k f(t_kj) · P_k          (step 1: supply per unit of demand reachable from j)
    A_i = Σ_j f(t_ij) · R_j                 (step 2)

With ``decay=None`` the weight is 1 inside the catchment (classic 2SFCA, Luo & Wang 2003);
with a decay it is the enhanced 2SFCA (Luo & Qi 2009) — the DREES APL is one. The decay is
applied in *both* steps, so supply is conserved: ``Σ_i P_i A_i = Σ_j S_j`` over the supply
points that reach some demand.

Conventions
-----------
* The travel-time table is long: columns ``origin`` (demand commune), ``destination``
  (supply commune), ``minutes``; a commune to itself must be present with 0.0 minutes.
* Catchment threshold: a pair is kept when ``minutes <= max_minutes`` (``include_max=True``,
  the default, as PySAL ``access``: ``cost <= max_cost``) or ``minutes < max_minutes``
  (``include_max=False``). The decay is then applied and pairs of weight 0 are dropped.
* Rows whose origin is not a demand point (or destination not a supply point, when a
  supply index is given) carry no demand/supply and are ignored.
* A demand point with no supply within reach gets 0. A supply point reaching no demand
  (no pair, or only zero demand) cannot be shared: it is left out of ``R`` and a warning
  says how many points and how much supply were lost.

Performance: the pair table is turned once into a CSR matrix ``W`` (``W[i, j] = f(t_ij)``)
by :func:`prepare_catchment`; each indicator is then two sparse matrix-vector products
(:func:`fca_from_catchment`), so many supply variants can share one catchment.
Codes are mapped to integer positions without hashing every row: 5-character INSEE codes
held as Arrow strings (pandas' default ``str`` dtype) go through an integer lookup table;
categorical columns through their categories; anything else through :func:`pandas.factorize`.
A pair table sorted by (origin, destination), as :func:`access_map.travel.crow_fly_times`
returns it, becomes a CSR matrix without any sort.

Examples
--------
>>> import pandas as pd
>>> times = pd.DataFrame({"origin": ["A", "A", "B", "B"], "destination": ["A", "B", "B", "A"],
...                       "minutes": [0.0, 12.0, 0.0, 12.0]})
>>> demand = pd.Series({"A": 100.0, "B": 300.0})
>>> supply = pd.Series({"A": 8.0})
>>> two_stage_fca(supply=supply, demand=demand, times=times, max_minutes=15).tolist()
[0.02, 0.02]
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ._validate import describe_values, require_columns, user_stacklevel
from .decay import Decay, check_minutes
from .errors import InvalidCodeError, InvalidValueError
from .messages import apl as msg

__all__ = [
    "Catchment",
    "prepare_catchment",
    "fca_from_catchment",
    "two_stage_fca",
    "enhanced_two_stage_fca",
]

logger = logging.getLogger(__name__)


# Fast path for INSEE codes: a 5-character code whose last three characters are digits maps to an
# integer key (c0 * 36 + c1) * 1000 + ddd (c = 0-9 then A-Z), so a lookup table of 1,296,000 slots
# replaces hashing 1.6 million strings. Key order is code order.
_ALPHABET = np.full(256, 255, dtype=np.uint8)
_ALPHABET[np.frombuffer(b"0123456789", dtype=np.uint8)] = np.arange(10)
_ALPHABET[np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)] = np.arange(10, 36)
_N_KEYS = 36 * 36 * 1000


def _insee_keys(values: pd.Series | pd.Index) -> np.ndarray | None:
    """Integer keys of 5-character INSEE-like codes held in Arrow strings, or ``None`` (use the generic path)."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency of pandas' str dtype
        return None
    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        if len(values) > 100_000 or not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
            return None
        try:  # small object/str arrays (indexes): convert, it is cheap
            arr = pa.array(np.asarray(values, dtype=object), type=pa.large_string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
    else:
        arr = pa.array(values.array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
    if arr.null_count or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    n = len(arr)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    offset_type = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=offset_type)[arr.offset : arr.offset + n + 1]
    if offsets[-1] - offsets[0] != 5 * n:  # total length 5n and every length >= 0 ...
        return None
    start = int(offsets[0])
    if not np.array_equal(offsets, np.arange(start, start + 5 * n + 1, 5, dtype=offset_type)):  # ... each 5
        return None
    raw = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[start : start + 5 * n].reshape(n, 5)
    chars = np.ascontiguousarray(raw.T)  # one contiguous row per character position
    head0, head1 = _ALPHABET[chars[0]], _ALPHABET[chars[1]]
    digits = chars[2:] - np.uint8(48)  # '0' -> 0 ... '9' -> 9; anything else wraps above 9
    if max(int(np.max(head0)), int(np.max(head1))) > 35 or int(np.max(digits)) > 9:
        return None
    key = head0.astype(np.int32) * np.int32(36_000)
    key += head1.astype(np.int32) * np.int32(1000)
    key += digits[0].astype(np.int32) * np.int32(100)
    key += digits[1] * np.int32(10)
    key += digits[2]
    return np.asarray(key, dtype=np.int32)


def _lookup(index: pd.Index) -> np.ndarray | None:
    """Table key -> position in ``index`` (-1 elsewhere), or ``None`` when ``index`` is not made of INSEE codes."""
    keys = _insee_keys(index)
    if keys is None:
        return None
    table = np.full(_N_KEYS, -1, dtype=np.int32)
    table[keys] = np.arange(len(index), dtype=np.int32)
    return table


def _decode_keys(keys: np.ndarray) -> pd.Index:
    """Inverse of :func:`_insee_keys` (for the distinct destinations of a pair table)."""
    chars = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
    head, tail = np.divmod(keys, 1000)
    c0, c1 = np.divmod(head, 36)
    digits = np.stack([c0, c1, tail // 100, tail // 10 % 10, tail % 10], axis=1)
    codes = np.frombuffer(chars[digits].astype(np.uint8).tobytes(), dtype="S5")
    decoded: pd.Index = pd.Index(codes.astype(str).astype(object), dtype=object)
    return decoded


def _positions(values: pd.Series, index: pd.Index, *, keys: np.ndarray | None = None) -> np.ndarray:
    """Integer position of each value in ``index`` (-1 when absent), hashing each distinct value once."""
    if keys is not None:
        table = _lookup(index)
        if table is not None:
            found: np.ndarray = table[keys]
            return found
    if isinstance(values.dtype, pd.CategoricalDtype):
        lookup = index.get_indexer(values.cat.categories)
        codes = values.cat.codes.to_numpy()
    else:
        codes, uniques = pd.factorize(values)
        lookup = index.get_indexer(uniques)
    lookup = np.append(lookup, -1)  # code -1 (missing value) maps to the appended -1
    positions: np.ndarray = lookup[codes]
    return positions


def _distinct(values: pd.Series, *, keys: np.ndarray | None = None) -> pd.Index:
    """Distinct values of a code column, sorted, as an object index of strings."""
    if keys is not None:
        present = np.zeros(_N_KEYS, dtype=bool)
        present[keys] = True
        return _decode_keys(np.flatnonzero(present))
    if isinstance(values.dtype, pd.CategoricalDtype):
        distinct: pd.Index = pd.Index(sorted(values.cat.categories.astype(str)), dtype=object)
    else:
        distinct = pd.Index(sorted(pd.unique(values.dropna()).astype(str)), dtype=object)
    return distinct


def _sparse(rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """CSR matrix from triplets; ``nnz`` < ``len(weight)`` reveals duplicated pairs (they are summed)."""
    if len(rows) > 1:
        step_r = np.diff(rows)
        ordered = (step_r > 0) | ((step_r == 0) & (np.diff(cols) > 0))
        if ordered.all():  # already sorted by (row, col) and no duplicate: build CSR directly, O(n)
            indptr = np.zeros(shape[0] + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
            m = sparse.csr_matrix((weight, cols.astype(np.int64), indptr), shape=shape)
            m.has_sorted_indices = True
            return m
    return sparse.csr_matrix((weight, (rows, cols)), shape=shape)


def _check_index(index: pd.Index, *, what: str) -> pd.Index:
    if index.hasnans:
        raise InvalidCodeError(msg.codes_nan(quoi=what))
    if not index.is_unique:
        dup = index[index.duplicated()].unique().tolist()
        raise InvalidCodeError(msg.codes_index_en_double(quoi=what, codes=describe_values(dup), n=len(dup)))
    return index


def _check_values(series: pd.Series, *, what: str) -> np.ndarray:
    if not isinstance(series, pd.Series):
        raise TypeError(msg.serie_attendue(quoi=what, type_=type(series).__name__))
    try:
        values = series.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise InvalidValueError(msg.nombres_attendus(quoi=what, dtype=str(series.dtype))) from exc
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        shown = describe_values([f"{k}={v}" for k, v in zip(series.index[bad], series.to_numpy()[bad], strict=True)])
        raise InvalidValueError(msg.valeurs_invalides(quoi=what, n=int(bad.sum()), valeurs=shown))
    return values


#: Largest plausible demand of one commune (France has 68 million inhabitants; Paris 2.1 million).
MAX_COMMUNE_DEMAND = 1e8


def _check_demand_total(demand: pd.Series, values: np.ndarray) -> None:
    """Refuse a demand that cannot give a meaningful indicator: empty, all zero, or absurdly large."""
    if len(values) == 0:
        raise InvalidValueError(msg.DEMANDE_VIDE)
    if not values.any():
        raise InvalidValueError(msg.demande_nulle(n=len(values)))
    huge = values > MAX_COMMUNE_DEMAND
    if huge.any():
        shown = describe_values([f"{k}={v:g}" for k, v in zip(demand.index[huge], values[huge], strict=True)])
        raise InvalidValueError(msg.demande_demesuree(n=int(huge.sum()), seuil=MAX_COMMUNE_DEMAND, valeurs=shown))


@dataclass(frozen=True, eq=False)
class Catchment:
    """A prepared catchment: the sparse weight matrix ``W[i, j] = f(t_ij)`` between demand and supply points.

    Build it with :func:`prepare_catchment`, then call :func:`fca_from_catchment` as many
    times as there are supply (or demand) variants.

    Attributes
    ----------
    demand_index
        Codes of the demand points (rows of ``weights``).
    supply_index
        Codes of the supply points (columns of ``weights``).
    weights
        CSR matrix of shape ``(len(demand_index), len(supply_index))``.
    weights_t
        Its transpose (a CSC view of the same arrays: no copy), used in step 1.
    max_minutes, include_max, decay
        The catchment definition used to build it.
    """

    demand_index: pd.Index
    supply_index: pd.Index
    weights: sparse.csr_matrix
    weights_t: sparse.csc_matrix
    max_minutes: float
    include_max: bool
    decay: Decay | None

    @property
    def n_pairs(self) -> int:
        """Number of (demand, supply) pairs with a positive weight."""
        return int(self.weights.nnz)


def prepare_catchment(
    times: pd.DataFrame,
    *,
    demand_index: pd.Index,
    supply_index: pd.Index | None = None,
    max_minutes: float | None = None,
    decay: Decay | None = None,
    include_max: bool = True,
    source: str = msg.TEMPS_DE_TRAJET,
) -> Catchment:
    """Turn a long travel-time table into a sparse catchment matrix.

    Parameters
    ----------
    times
        Columns ``origin`` (demand commune), ``destination`` (supply commune), ``minutes``.
        Codes may be strings or categoricals (faster). Not modified.
    demand_index
        Codes of the demand points (the index of the demand Series).
    supply_index
        Codes of the supply points; default: every destination of ``times`` within the catchment.
        Give it when the same catchment must accept any supply Series over a known set of communes.
    max_minutes
        Catchment radius; default ``decay.max_minutes``. Required when ``decay`` is ``None``.
    decay
        A decay from :mod:`access_map.decay`; ``None`` means weight 1 inside the catchment.
    include_max
        ``True``: keep pairs with ``minutes <= max_minutes``; ``False``: ``minutes < max_minutes``.
    source
        Name of the table, quoted in error messages.

    Returns
    -------
    Catchment

    Raises
    ------
    MissingColumnError, InvalidValueError, InvalidCodeError
        Missing columns; NaN or negative minutes; duplicated (origin, destination) pairs.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.decay import DREES_GP_DECAY
    >>> times = pd.DataFrame({"origin": ["A", "A", "B"], "destination": ["A", "B", "B"],
    ...                       "minutes": [0.0, 10.0, 0.0]})
    >>> c = prepare_catchment(times, demand_index=pd.Index(["A", "B"]), decay=DREES_GP_DECAY)
    >>> c.weights.toarray().round(3).tolist()
    [[1.0, 0.667], [0.0, 1.0]]
    """
    require_columns(times, ["origin", "destination", "minutes"], source=source)
    if max_minutes is None:
        if decay is None:
            raise InvalidValueError(msg.AIRE_SANS_MAX)
        max_minutes = float(decay.max_minutes)
    max_minutes = float(max_minutes)
    if not np.isfinite(max_minutes) or max_minutes <= 0:
        raise InvalidValueError(msg.max_minutes_invalide(valeur=max_minutes))
    demand_index = _check_index(pd.Index(demand_index), what="demand")
    if len(demand_index) == 0:
        raise InvalidValueError(msg.DEMANDE_VIDE_CALCUL)
    if len(times) == 0:
        raise InvalidValueError(msg.temps_vides(source=source))
    minutes = check_minutes(times["minutes"].to_numpy(dtype=float), source=source)
    keep = minutes <= max_minutes if include_max else minutes < max_minutes
    origin = times["origin"][keep] if not keep.all() else times["origin"]
    destination = times["destination"][keep] if not keep.all() else times["destination"]
    minutes = minutes[keep]
    origin_keys, destination_keys = _insee_keys(origin), _insee_keys(destination)
    if supply_index is None:
        supply_index = _distinct(destination, keys=destination_keys)
    supply_index = _check_index(pd.Index(supply_index), what="supply")
    rows = _positions(origin, demand_index, keys=origin_keys)
    cols = _positions(destination, supply_index, keys=destination_keys)
    _report_unknown_origins(origin, rows, source=source)
    weight = decay(minutes) if decay is not None else np.ones(len(minutes))
    valid = (rows >= 0) & (cols >= 0) & (weight > 0)
    if not valid.all():
        rows, cols, weight = rows[valid], cols[valid], weight[valid]
    shape = (len(demand_index), len(supply_index))
    w = _sparse(rows, cols, weight, shape)
    if w.nnz < len(weight):
        pairs = pd.DataFrame({"o": rows, "d": cols})
        dup = pairs[pairs.duplicated(keep="first")].head(8)
        examples = [f"{demand_index[o]}->{supply_index[d]}" for o, d in zip(dup["o"], dup["d"], strict=True)]
        raise InvalidCodeError(
            msg.paires_en_double(source=source, exemples=describe_values(examples), n=len(weight) - w.nnz)
        )
    if w.nnz == 0:
        raise InvalidValueError(
            msg.aucune_paire(
                source=source,
                minutes=max_minutes,
                lignes=len(times),
                dans_aire=int(keep.sum()),
                depuis_demande=int((rows >= 0).sum()),
            )
        )
    no_pair = np.diff(w.indptr) == 0
    if no_pair.any():
        _report_communes_without_pair(times, demand_index, no_pair, max_minutes=max_minutes, source=source)
    logger.debug("catchment: %d pairs, %d demand x %d supply points", w.nnz, *shape)
    return Catchment(
        demand_index=demand_index,
        supply_index=supply_index,
        weights=w,
        weights_t=w.T,
        max_minutes=max_minutes,
        include_max=include_max,
        decay=decay,
    )


def _report_unknown_origins(origin: pd.Series, rows: np.ndarray, *, source: str) -> None:
    """Warn (with counts) about pairs whose origin is not a demand commune: they are ignored."""
    unknown = rows < 0
    if not unknown.any():
        return
    codes = pd.unique(np.asarray(origin)[unknown])
    warnings.warn(
        msg.origines_hors_demande(
            n=len(codes),
            source=source,
            exemples=describe_values(sorted(map(str, codes[:200]))[:5]),
            paires=int(unknown.sum()),
        ),
        UserWarning,
        stacklevel=user_stacklevel(),
    )


def _report_communes_without_pair(
    times: pd.DataFrame, demand_index: pd.Index, no_pair: np.ndarray, *, max_minutes: float, source: str
) -> None:
    """Warn about demand communes without any pair, telling those absent from the table from those out of reach."""
    lonely = demand_index[no_pair]
    present = pd.Index(pd.unique(times["origin"].astype(str)))
    absent = lonely[~lonely.isin(present)]
    far = lonely[lonely.isin(present)]
    if len(absent):
        warnings.warn(
            msg.demande_sans_temps(n=len(absent), source=source, exemples=describe_values(absent[:5].tolist())),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    if len(far):
        warnings.warn(
            msg.demande_sans_paire(
                n=len(far), minutes=max_minutes, source=source, exemples=describe_values(far[:5].tolist())
            ),
            UserWarning,
            stacklevel=user_stacklevel(),
        )


def fca_from_catchment(
    catchment: Catchment, *, supply: pd.Series, demand: pd.Series, name: str = "access"
) -> pd.Series:
    """Two-step floating catchment on a prepared catchment (two sparse matrix-vector products).

    Parameters
    ----------
    catchment
        From :func:`prepare_catchment`.
    supply
        Supply per supply commune (``S_j``, non-negative). Communes absent from the catchment's
        supply index reach no demand: their supply is dropped with a warning.
    demand
        Demand per demand commune (``P_i``, non-negative), indexed by the same codes as
        ``catchment.demand_index`` (any order).
    name
        Name of the returned Series.

    Returns
    -------
    pandas.Series
        ``A_i``, indexed like ``demand``.

    Examples
    --------
    >>> import pandas as pd
    >>> times = pd.DataFrame({"origin": ["A", "B", "A", "B"], "destination": ["A", "B", "B", "A"],
    ...                       "minutes": [0.0, 0.0, 5.0, 5.0]})
    >>> demand = pd.Series({"A": 100.0, "B": 100.0})
    >>> c = prepare_catchment(times, demand_index=demand.index, max_minutes=10)
    >>> fca_from_catchment(c, supply=pd.Series({"A": 2.0}), demand=demand).tolist()
    [0.01, 0.01]
    >>> fca_from_catchment(c, supply=pd.Series({"B": 4.0}), demand=demand).tolist()
    [0.02, 0.02]
    """
    p_values = _check_values(demand, what="demand")
    _check_demand_total(demand, p_values)
    s_values = _check_values(supply, what="supply")
    d_index = _check_index(demand.index, what="demand")
    s_index = _check_index(supply.index, what="supply")
    if d_index.equals(catchment.demand_index):
        p = p_values
        order = None
    else:
        order = catchment.demand_index.get_indexer(d_index)
        if (order < 0).any() or len(d_index) != len(catchment.demand_index):
            extra = d_index[order < 0].tolist()
            raise InvalidCodeError(
                msg.demande_hors_aire(
                    n=len(extra),
                    exemples=describe_values(extra),
                    attendus=len(catchment.demand_index),
                    donnes=len(d_index),
                )
            )
        p = np.zeros(len(catchment.demand_index))
        p[order] = p_values
    s = np.zeros(len(catchment.supply_index))
    s_pos = catchment.supply_index.get_indexer(s_index)
    outside = (s_pos < 0) & (s_values > 0)
    s[s_pos[s_pos >= 0]] = s_values[s_pos >= 0]
    reached = catchment.weights_t @ p  # step 1: Σ_k f(t_kj) P_k for every supply point j
    unreached = (s > 0) & ~(reached > 0)
    n_lost = int(outside.sum() + unreached.sum())
    if n_lost:
        lost_supply = float(s_values[outside].sum() + s[unreached].sum())
        codes = s_index[outside].tolist() + catchment.supply_index[unreached].tolist()
        warnings.warn(
            msg.offre_non_atteinte(
                n=n_lost,
                exemples=describe_values(codes, max_shown=5),
                perdue=lost_supply,
                totale=float(s_values.sum()),
            ),
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    with np.errstate(over="ignore"):
        ratio = np.divide(s, reached, out=np.zeros_like(s), where=reached > 0)
        access = catchment.weights @ ratio  # step 2: Σ_j f(t_ij) R_j
    if not np.isfinite(access).all():
        raise InvalidValueError(
            msg.indicateur_deborde(
                nom=name,
                n=int((~np.isfinite(access)).sum()),
                offre_max=float(s_values.max()),
                demande_min=float(reached[reached > 0].min()) if (reached > 0).any() else 0.0,
            )
        )
    values = access if order is None else access[order]
    return pd.Series(values, index=demand.index, name=name)


def two_stage_fca(
    *,
    supply: pd.Series,
    demand: pd.Series,
    times: pd.DataFrame,
    max_minutes: float | None,
    decay: Decay | None = None,
    include_max: bool = True,
    name: str = "2sfca",
) -> pd.Series:
    """Two-step floating catchment area (Luo & Wang 2003); with ``decay``, the enhanced variant.

    Parameters
    ----------
    supply
        Supply per supply commune (``S_j``).
    demand
        Demand per demand commune (``P_i``); the result is indexed like it.
    times
        Long table ``origin`` (demand), ``destination`` (supply), ``minutes``.
    max_minutes
        Catchment radius; ``None`` means ``decay.max_minutes`` (then ``decay`` is required).
    decay
        Optional decay applied in both steps (default: weight 1 inside the catchment).
    include_max
        Keep pairs with ``minutes <= max_minutes`` (``True``, default) or ``< max_minutes``.
    name
        Name of the returned Series.

    Returns
    -------
    pandas.Series
        Supply accessible per unit of demand, indexed like ``demand``.

    Examples
    --------
    >>> import pandas as pd
    >>> times = pd.DataFrame({"origin": ["A", "A", "B", "B"], "destination": ["A", "B", "A", "B"],
    ...                       "minutes": [0.0, 20.0, 20.0, 0.0]})
    >>> demand = pd.Series({"A": 100.0, "B": 100.0})
    >>> two_stage_fca(supply=pd.Series({"A": 4.0}), demand=demand, times=times, max_minutes=20).tolist()
    [0.02, 0.02]
    >>> two_stage_fca(supply=pd.Series({"A": 4.0}), demand=demand, times=times, max_minutes=20,
    ...               include_max=False).tolist()
    [0.04, 0.0]
    """
    catchment = prepare_catchment(
        times, demand_index=demand.index, max_minutes=max_minutes, decay=decay, include_max=include_max
    )
    return fca_from_catchment(catchment, supply=supply, demand=demand, name=name)


def enhanced_two_stage_fca(
    *,
    supply: pd.Series,
    demand: pd.Series,
    times: pd.DataFrame,
    decay: Decay,
    max_minutes: float | None = None,
    include_max: bool = True,
    name: str = "e2sfca",
) -> pd.Series:
    """Enhanced two-step floating catchment area (Luo & Qi 2009): the decay weighs both steps.

    Parameters
    ----------
    supply, demand, times
        As :func:`two_stage_fca`.
    decay
        Step, Gaussian or gravity decay (:mod:`access_map.decay`), e.g. ``DREES_GP_DECAY``.
    max_minutes
        Catchment radius; default ``decay.max_minutes``.
    include_max
        Keep pairs with ``minutes <= max_minutes`` (``True``, default) or ``< max_minutes``.
    name
        Name of the returned Series.

    Returns
    -------
    pandas.Series
        Indexed like ``demand``.

    Examples
    --------
    >>> import pandas as pd
    >>> from access_map.decay import DREES_GP_DECAY
    >>> times = pd.DataFrame({"origin": ["A", "A", "B", "B"], "destination": ["A", "B", "A", "B"],
    ...                       "minutes": [0.0, 12.0, 12.0, 0.0]})
    >>> demand = pd.Series({"A": 300.0, "B": 300.0})
    >>> # D_A = 300·1 + 300·2/3 = 500; R_A = 10/500 = 0.02; A_A = 0.02, A_B = 2/3·0.02
    >>> enhanced_two_stage_fca(supply=pd.Series({"A": 10.0}), demand=demand, times=times,
    ...                        decay=DREES_GP_DECAY).round(5).tolist()
    [0.02, 0.01333]
    """
    return two_stage_fca(
        supply=supply,
        demand=demand,
        times=times,
        max_minutes=max_minutes,
        decay=decay,
        include_max=include_max,
        name=name,
    )
