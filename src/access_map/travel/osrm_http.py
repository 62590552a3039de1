"""Client of an OSRM server's ``table`` service (``osrm-routed``), over HTTP."""

from __future__ import annotations

import logging
import math
import time
import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._validate import describe_values
from ..errors import InvalidValueError, SourceError
from ..messages import travel as T
from ._common import _frame, _lonlat, _metric_xy
from ._tiles import _full_tiles, _near_tiles

__all__ = ["osrm_table_times"]

logger = logging.getLogger(__name__)


def _osrm_hint(base_url: str) -> str:
    return T.osrm_conseil(url=base_url)


def osrm_table_times(
    origins: Any,
    destinations: Any | None = None,
    *,
    base_url: str,
    profile: str = "driving",
    max_table_size: int = 100,
    max_minutes: float | None = None,
    retries: int = 3,
    timeout_seconds: float = 30.0,
    backoff_seconds: float = 0.5,
    max_crow_km: float | None = None,
    code_column: str | None = None,
    session: Any | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Road times from an OSRM server's ``table`` service, as the standard long table.

    Points are reprojected to EPSG:4326 for the request. The origin × destination
    matrix is cut into tiles so that each request carries at most
    ``max_table_size`` coordinates (sources + destinations), the limit of
    ``osrm-routed --max-table-size`` (default 100). Durations are converted from
    seconds to minutes; ``null`` durations (unreachable pairs) are dropped and
    counted in a :class:`UserWarning`. A commune to itself is 0.0.

    Parameters
    ----------
    origins : GeoDataFrame
        Origin commune points (any CRS), indexed by INSEE code (or ``code_column``).
    destinations : GeoDataFrame, optional
        Destination points; default: ``origins``.
    base_url : str
        Server root, e.g. ``"http://localhost:5000"``.
    profile : str
        Routing profile in the URL (``driving`` for osrm-backend's car profile).
    max_table_size : int
        Maximum number of coordinates per request (>= 2).
    max_minutes : float, optional
        Keep pairs with ``minutes <= max_minutes``.
    retries : int
        Extra attempts after a connection error, timeout or HTTP 5xx.
    timeout_seconds : float
        Timeout of each HTTP request.
    backoff_seconds : float
        Wait before the first retry, doubled at each further retry.
    max_crow_km : float, optional
        Only ask for pairs at most this far apart as the crow flies (e.g. 30 km for a
        20-minute catchment): origins are grouped by neighbourhood (kd-tree) and each
        group is sent with the destinations near it, instead of the whole matrix. For
        a region of a few thousand communes this cuts the number of requests by one
        or two orders of magnitude. Pairs farther apart are left out of the result.
    code_column : str, optional
        Column holding the INSEE code instead of the index.
    session : requests.Session, optional
        HTTP session to reuse (default: a new :class:`requests.Session`).
    progress : bool
        Show a tqdm progress bar over the requests (the CLI turns it on).

    Returns
    -------
    DataFrame
        ``origin``, ``destination`` (str), ``minutes`` (float), sorted.

    Raises
    ------
    SourceError
        Server unreachable after the retries, an HTTP error, a reply that is not
        the table API's JSON, or a ``code`` other than ``"Ok"`` (e.g. ``TooBig``,
        ``InvalidQuery``); the message gives the URL and what to check.
    CRSError
        Points without a CRS.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> pts = gpd.GeoDataFrame(geometry=[Point(0, 0)], index=["01001"], crs=2154)
    >>> try:  # nothing listens on port 9 (discard): a clear error, no traceback soup
    ...     osrm_table_times(pts, base_url="http://127.0.0.1:9", retries=0, timeout_seconds=2)
    ... except SourceError as e:
    ...     print(str(e)[:40])
    serveur OSRM injoignable à http://127.0.
    """
    import requests  # dependency of pooch; imported here to keep `import access_map.travel` light

    _check_table_options(max_table_size=max_table_size, retries=retries, max_crow_km=max_crow_km)
    base_url = base_url.rstrip("/")
    o_codes, o_ll = _lonlat(origins, code_column=code_column, what="origins")
    if destinations is None:
        d_codes, d_ll = o_codes, o_ll
    else:
        d_codes, d_ll = _lonlat(destinations, code_column=code_column, what="destinations")
    crow: tuple[np.ndarray, np.ndarray, float] | None = None
    if max_crow_km is not None:
        o_xy, d_xy = _metric_xy(origins, destinations, code_column=code_column)
        crow = (o_xy, d_xy, max_crow_km)
        tiles = _near_tiles(o_xy, d_xy, max_crow_km=max_crow_km, max_table_size=int(max_table_size))
    else:
        tiles = _full_tiles(len(o_codes), len(d_codes), int(max_table_size), square=destinations is None)
    own_session = session is None
    http: Any = requests.Session() if own_session else session
    rows_o: list[np.ndarray] = []
    rows_d: list[np.ndarray] = []
    rows_m: list[np.ndarray] = []
    unreachable = 0
    examples: list[str] = []
    if progress:
        from tqdm.auto import tqdm

        tiles = tqdm(tiles, desc="OSRM table", unit="request")
    try:
        for s_idx, d_idx, shared in tiles:
            url = _tile_url(base_url, profile, o_ll, d_ll, s_idx, d_idx, shared=shared)
            payload = _osrm_get(
                http,
                url,
                base_url=base_url,
                retries=retries,
                timeout_seconds=timeout_seconds,
                backoff_seconds=backoff_seconds,
                requests=requests,
            )
            oi, dj, minutes = _tile_minutes(payload, s_idx, d_idx, o_codes, d_codes, base_url=base_url, crow=crow)
            bad = np.isnan(minutes)
            if bad.any():
                unreachable += int(bad.sum())
                if len(examples) < 3:
                    examples += [f"{o_codes[a]}->{d_codes[b]}" for a, b in zip(oi[bad][:3], dj[bad][:3])]
            good = ~bad
            rows_o.append(oi[good])
            rows_d.append(dj[good])
            rows_m.append(minutes[good])
    finally:
        if own_session:
            http.close()
    if unreachable:
        warnings.warn(
            T.osrm_sans_route(url=base_url, paires=unreachable, exemples=describe_values(examples[:3])),
            UserWarning,
            stacklevel=2,
        )
    return _long_table(rows_o, rows_d, rows_m, o_codes, d_codes, max_minutes=max_minutes)


def _check_table_options(*, max_table_size: Any, retries: int, max_crow_km: float | None) -> None:
    """Phase 1: the numeric options checked before any request."""
    if not isinstance(max_table_size, (int, np.integer)) or max_table_size < 2:
        raise InvalidValueError(
            T.nombre_invalide(nom="max_table_size", condition="un entier ≥ 2", valeur=max_table_size)
        )
    if retries < 0:
        raise InvalidValueError(T.nombre_invalide(nom="retries", condition="≥ 0", valeur=retries))
    if max_crow_km is not None and not (math.isfinite(max_crow_km) and max_crow_km >= 0):
        raise InvalidValueError(
            T.nombre_invalide(nom="max_crow_km", condition="un nombre fini ≥ 0", valeur=max_crow_km)
        )


def _tile_url(
    base_url: str,
    profile: str,
    o_ll: np.ndarray,
    d_ll: np.ndarray,
    s_idx: np.ndarray,
    d_idx: np.ndarray,
    *,
    shared: bool,
) -> str:
    """Phase 2, per tile: the ``table`` request of one tile (a diagonal tile sends its points once)."""
    if shared:  # same points on both sides (diagonal tile): send them once
        coords = o_ll[s_idx]
        dst_pos = range(len(d_idx))
    else:
        coords = np.vstack([o_ll[s_idx], d_ll[d_idx]])
        dst_pos = range(len(s_idx), len(s_idx) + len(d_idx))
    coord_text = ";".join(f"{lon:.6f},{lat:.6f}" for lon, lat in coords)
    # literal ';' in the query, as in the OSRM documentation
    return (
        f"{base_url}/table/v1/{profile}/{coord_text}"
        f"?sources={';'.join(str(k) for k in range(len(s_idx)))}"
        f"&destinations={';'.join(str(k) for k in dst_pos)}&annotations=duration"
    )


def _tile_minutes(
    payload: dict[str, Any],
    s_idx: np.ndarray,
    d_idx: np.ndarray,
    o_codes: np.ndarray,
    d_codes: np.ndarray,
    *,
    base_url: str,
    crow: tuple[np.ndarray, np.ndarray, float] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Phase 3, per tile: the reply's durations as (origin, destination, minutes), NaN where unreachable."""
    durations = payload.get("durations")
    if durations is None or len(durations) != len(s_idx):
        raise SourceError(T.osrm_sans_durees(url=base_url, lignes=len(s_idx), cles=describe_values(sorted(payload))))
    mat = np.array([[np.nan if v is None else float(v) for v in row] for row in durations], dtype=float)
    if mat.shape != (len(s_idx), len(d_idx)):
        raise SourceError(T.osrm_forme(url=base_url, forme=mat.shape, attendue=(len(s_idx), len(d_idx))))
    oi = np.repeat(s_idx, len(d_idx))
    dj = np.tile(d_idx, len(s_idx))
    minutes = mat.ravel() / 60.0
    minutes = np.where(o_codes[oi] == d_codes[dj], 0.0, minutes)
    if crow is not None:  # tiles hold a few farther pairs: keep the rule exact
        o_xy, d_xy, max_crow_km = crow
        near = np.hypot(*(o_xy[oi] - d_xy[dj]).T) <= max_crow_km * 1000.0
        oi, dj, minutes = oi[near], dj[near], minutes[near]
    return oi, dj, minutes


def _long_table(
    rows_o: list[np.ndarray],
    rows_d: list[np.ndarray],
    rows_m: list[np.ndarray],
    o_codes: np.ndarray,
    d_codes: np.ndarray,
    *,
    max_minutes: float | None,
) -> pd.DataFrame:
    """Last phase: the tiles' pairs as the standard long table, cut at ``max_minutes``, sorted."""
    oi = np.concatenate(rows_o) if rows_o else np.empty(0, dtype=np.intp)
    dj = np.concatenate(rows_d) if rows_d else np.empty(0, dtype=np.intp)
    m = np.concatenate(rows_m) if rows_m else np.empty(0)
    o, d = o_codes[oi], d_codes[dj]
    if max_minutes is not None:
        keep = (m <= max_minutes) | (o == d)
        o, d, m = o[keep], d[keep], m[keep]
    order = np.lexsort((d.astype(str), o.astype(str))) if len(o) else np.empty(0, dtype=np.intp)
    return _frame(o[order], d[order], m[order])


def _osrm_get(
    http: Any,
    url: str,
    *,
    base_url: str,
    retries: int,
    timeout_seconds: float,
    backoff_seconds: float,
    requests: Any,
) -> dict[str, Any]:
    """GET one table request with retries on connection errors and 5xx; return the JSON payload."""
    shown = url if len(url) <= 160 else url[:160] + "..."
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff_seconds * 2 ** (attempt - 1))
        try:
            resp = http.get(url, timeout=timeout_seconds)
        except (requests.ConnectionError, requests.Timeout) as exc:
            last = f"{type(exc).__name__}: {exc}"
            logger.info("OSRM request failed (attempt %d/%d): %s", attempt + 1, retries + 1, last)
            continue
        if resp.status_code >= 500:
            last = f"HTTP {resp.status_code}"
            logger.info("OSRM request failed (attempt %d/%d): %s", attempt + 1, retries + 1, last)
            continue
        try:
            payload = resp.json()
        except ValueError:
            raise SourceError(
                T.osrm_pas_json(
                    requete=shown, statut=resp.status_code, debut=repr(resp.text[:200]), conseil=_osrm_hint(base_url)
                )
            ) from None
        code = payload.get("code") if isinstance(payload, dict) else None
        if code != "Ok":
            message = payload.get("message", "") if isinstance(payload, dict) else ""
            raise SourceError(
                T.osrm_echec(
                    code=code,
                    message=str(message),
                    requete=shown,
                    statut=resp.status_code,
                    trop_grand=code == "TooBig",
                    conseil=_osrm_hint(base_url),
                )
            )
        table: dict[str, Any] = payload
        return table
    raise SourceError(
        T.osrm_injoignable(
            url=base_url, essais=retries + 1, derniere=str(last), requete=shown, conseil=_osrm_hint(base_url)
        )
    )
