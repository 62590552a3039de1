"""Default choices of a region where no ARS list decides: lowest APL first, or the zoning in force.

Both policies respect the caps and the hors-vivier margin under the rules' share test
(:class:`~access_map.zoning.units.Gauge`) and return, for each unit they class, its
subclass and the reason — what they changed is therefore visible unit by unit.

* :func:`lowest_apl_first` — the package's policy (no counterpart in DREES's application):
  vivier units by increasing APL (ties: TVS code) become ZIP B while they fit under the
  ZIP cap, then ZAC under the ZAC cap, the rest ZV. ``stop=True`` stops each pass at the
  first unit that does not fit; otherwise a smaller, better-served unit may still enter.
* :func:`in_force_vivier` / :func:`in_force_hors_vivier` — the application's starting
  point (``R/prep_zonage_mg.R``: the zoning in force is pre-checked): each unit keeps its
  class in force where its new category allows it; then, while a cap (or the margin) is
  exceeded, the unit with the **highest** APL in the class is moved down one class
  (ZIP B → ZAC if it fits, else ZV/HV; ZAC → ZV/HV). Nothing is promoted: room left under
  a cap stays for the ARS to use.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..messages import zoning as msg
from .units import Gauge, Unit

__all__ = ["lowest_apl_first", "in_force_vivier", "in_force_hors_vivier"]

Choice = dict[tuple[str, str], tuple[str, str]]


def _order(units: Sequence[Unit], *, reverse: bool = False) -> list[Unit]:
    return sorted(units, key=lambda u: (u.apl, u.code_tvs), reverse=reverse)


def lowest_apl_first(
    units: Sequence[Unit],
    *,
    zip_gauge: Gauge,
    zac_gauge: Gauge,
    zip_used: float,
    zac_used: float,
    stop: bool = False,
) -> Choice:
    """Class vivier units lowest APL first within the room left under the caps.

    Parameters
    ----------
    units
        Vivier units of one region to class.
    zip_gauge, zac_gauge
        The region's cap tests.
    zip_used, zac_used
        Residents already in ZIP / ZAC in the region (fixed classes, QPV).
    stop
        Stop each pass at the first unit that does not fit (policy ``"stop"``).

    Returns
    -------
    dict
        ``{(code_tvs, code_region): (subclass, reason)}``.

    Examples
    --------
    >>> u = [Unit("B", "75", "B", 2.6, "vivier", 200.0, 1, "75"), Unit("C", "75", "C", 3.0, "vivier", 300.0, 1, "75")]
    >>> g = Gauge(total=1000.0, share=0.3)
    >>> {k[0]: v[0] for k, v in lowest_apl_first(u, zip_gauge=g, zac_gauge=g, zip_used=100.0, zac_used=0.0).items()}
    {'B': 'ZIP_B', 'C': 'ZAC'}
    """
    out: Choice = {}
    order = _order(units)
    stopped_zip: str | None = None
    for u in order:
        if stopped_zip is None and not zip_gauge.exceeded(zip_used + u.cost):
            zip_used += u.cost
            out[u.key] = ("ZIP_B", msg.vivier_zip_b(apl=u.apl, used=zip_used, limit=zip_gauge.limit))
        elif stop and stopped_zip is None:
            stopped_zip = u.code_tvs
    zip_room = max(zip_gauge.limit - zip_used, 0.0)
    stopped_zac: str | None = None
    for u in order:
        if u.key in out:
            continue
        if stopped_zac is None and not zac_gauge.exceeded(zac_used + u.cost):
            zac_used += u.cost
            why = msg.vivier_zac(
                apl=u.apl, used=zac_used, limit=zac_gauge.limit, zip_room=zip_room, stopped_at=stopped_zip
            )
            out[u.key] = ("ZAC", why)
        elif stop and stopped_zac is None:
            stopped_zac = u.code_tvs
    for u in order:
        if u.key not in out:
            stopped = stopped_zac or stopped_zip
            why = msg.vivier_zv(
                apl=u.apl,
                population=u.cost,
                zip_room=zip_room,
                zac_room=max(zac_gauge.limit - zac_used, 0.0),
                stopped_at=stopped if stop else None,
            )
            out[u.key] = ("ZV", why)
    return out


_VIVIER_START = {"ZIP": "ZIP_B", "ZAC": "ZAC", "ZV": "ZV", "HV": "ZV", "HZ": "ZV", "ZAR": "ZV"}
_HV_START = {"ZIP": "ZIP_B", "ZAC": "ZAC", "ZV": "ZV", "HV": "HV", "HZ": "HV", "ZAR": "HV"}


def _start(u: Unit, table: dict[str, str], default: str, what: str) -> tuple[str, str]:
    if u.in_force is None:
        return default, msg.sans_classe_en_vigueur(what=what, apl=u.apl, default=default)
    start = table[u.in_force]
    if start.replace("_B", "") == u.in_force:
        return start, msg.classe_en_vigueur_conservee(what=what, apl=u.apl, in_force=u.in_force)
    return start, msg.classe_en_vigueur_impossible(what=what, apl=u.apl, in_force=u.in_force, start=start)


def in_force_vivier(
    units: Sequence[Unit], *, zip_gauge: Gauge, zac_gauge: Gauge, zip_used: float, zac_used: float
) -> Choice:
    """Vivier units start from their class in force; the caps are then restored by moving the highest APL down.

    A class in force of HV, HZ or ZAR becomes ZV (a vivier TVS is not hors vivier); no
    class in force gives ZV.

    Examples
    --------
    >>> u = [Unit("B", "75", "B", 2.6, "vivier", 200.0, 1, "75", in_force="ZIP"),
    ...      Unit("C", "75", "C", 3.0, "vivier", 300.0, 1, "75", in_force="ZIP")]
    >>> g = Gauge(total=1000.0, share=0.3)
    >>> {k[0]: v[0] for k, v in in_force_vivier(u, zip_gauge=g, zac_gauge=g, zip_used=0.0, zac_used=0.0).items()}
    {'B': 'ZIP_B', 'C': 'ZAC'}
    """
    state = {u.key: _start(u, _VIVIER_START, "ZV", "vivier") for u in units}
    by_key = {u.key: u for u in units}
    _restore_caps(
        state, by_key, zip_gauge=zip_gauge, zac_gauge=zac_gauge, zip_used=zip_used, zac_used=zac_used, floor="ZV"
    )
    return state


def in_force_hors_vivier(
    units: Sequence[Unit],
    *,
    margin_gauge: Gauge,
    margin_classes: frozenset[str],
    zip_gauge: Gauge,
    zac_gauge: Gauge,
    zip_used: float,
    zac_used: float,
) -> Choice:
    """Hors-vivier units keep their class in force within the margin and the caps (highest APL moved down first).

    Examples
    --------
    >>> u = [Unit("H", "75", "H", 4.5, "hors_vivier", 100.0, 1, "75", in_force="ZAC")]
    >>> m = Gauge(total=1000.0, share=0.05)
    >>> g = Gauge(total=5000.0, share=0.3)
    >>> in_force_hors_vivier(u, margin_gauge=m, margin_classes=frozenset({"ZIP", "ZAC"}), zip_gauge=g,
    ...                      zac_gauge=g, zip_used=0.0, zac_used=0.0)[("H", "75")][0]
    'HV'
    """
    state = {u.key: _start(u, _HV_START, "HV", "hors vivier") for u in units}
    by_key = {u.key: u for u in units}

    def margin_used() -> float:
        return sum(by_key[k].population for k, (c, _) in state.items() if _zone(c) in margin_classes)

    for u in _order(units, reverse=True):
        if not margin_gauge.exceeded(margin_used()):
            break
        sub, _ = state[u.key]
        if _zone(sub) in margin_classes:
            state[u.key] = (
                "HV",
                msg.hors_vivier_marge_depassee(
                    apl=u.apl, in_force=u.in_force, margin=margin_gauge.share, limit=margin_gauge.limit
                ),
            )
    _restore_caps(
        state, by_key, zip_gauge=zip_gauge, zac_gauge=zac_gauge, zip_used=zip_used, zac_used=zac_used, floor="HV"
    )
    return state


def _zone(subclass: str) -> str:
    return "ZIP" if subclass.startswith("ZIP") else subclass


def _restore_caps(
    state: Choice,
    by_key: dict[tuple[str, str], Unit],
    *,
    zip_gauge: Gauge,
    zac_gauge: Gauge,
    zip_used: float,
    zac_used: float,
    floor: str,
) -> None:
    """Move units down (highest APL first) until the ZIP then the ZAC cap hold; ``floor`` is ZV or HV."""

    def total(klass: str, base: float) -> float:
        return base + sum(by_key[k].cost for k, (c, _) in state.items() if _zone(c) == klass)

    order = sorted(by_key.values(), key=lambda u: (u.apl, u.code_tvs), reverse=True)
    for u in order:
        if not zip_gauge.exceeded(total("ZIP", zip_used)):
            break
        if _zone(state[u.key][0]) != "ZIP":
            continue
        if not zac_gauge.exceeded(total("ZAC", zac_used) + u.cost):
            state[u.key] = ("ZAC", msg.zip_abaissee(apl=u.apl, to="ZAC", limit=zip_gauge.limit, zac_full=False))
        else:
            state[u.key] = (floor, msg.zip_abaissee(apl=u.apl, to=floor, limit=zip_gauge.limit, zac_full=True))
    for u in order:
        if not zac_gauge.exceeded(total("ZAC", zac_used)):
            break
        if state[u.key][0] != "ZAC":
            continue
        state[u.key] = (floor, msg.zac_abaissee(apl=u.apl, to=floor, limit=zac_gauge.limit))
