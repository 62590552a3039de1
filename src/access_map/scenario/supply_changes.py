"""Supply changes that need the practitioner file or the territory's levels: retirements, removals, proportional changes.

A change that cannot be evaluated on the chosen baseline is an error that says why and what to do, never a
silent zero: a retirement when no practitioner concerned has an age, a removal of practitioners who do not
count in the baseline (unknown age or past the age cap of an age-capped APL), a proportional change of a
supply that is zero.

On a baseline whose supply was given (the implied supply that reproduces an official APL), a
practitioner-level change is mapped onto the practitioner file of the territory: the practitioners who
leave are those of the file, and their counted activity is removed from the supply of their commune of
practice (the scenario's notes say so).

Examples
--------
>>> import pandas as pd
>>> from access_map.apl import APLParams
>>> from access_map.scenario import prepare_baseline, SupplyShare
>>> t = pd.DataFrame({"origin": ["33001"], "destination": ["33001"], "minutes": [0.0]})
>>> b = prepare_baseline(t, demand=pd.Series({"33001": 1000.0}), supply=pd.Series({"33001": 5000.0}),
...                      params=APLParams.drees_mg())
>>> supply, note = share_supply(b, SupplyShare(-0.2), b.supply)
>>> supply.tolist()
[4000.0]
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..apl import supply_from_activity
from ..communes import CODE
from ..errors import InvalidCodeError, InvalidValueError
from ..messages import scenario as msg
from .baseline import Baseline

if TYPE_CHECKING:
    from .changes import ChangePractitioners, Retirement, SupplyShare

__all__ = ["retirement_supply", "removal_supply", "share_supply", "subtract_supply"]


def _practitioners(baseline: Baseline, what: str) -> pd.DataFrame:
    if baseline.practitioners is None:
        raise InvalidValueError(msg.practitioners_needed(what=what))
    table = baseline.practitioners
    return table[table["profession"] == baseline.params.profession]


def _counted(baseline: Baseline, rows: pd.DataFrame) -> pd.Series:
    """Whether each practitioner row counts in the baseline's APL (known age within the cap, when capped)."""
    cap = baseline.params.max_age
    if cap is None:
        return pd.Series(True, index=rows.index)
    return rows["age"].notna() & (rows["age"] <= cap)


def _supply_of(baseline: Baseline, rows: pd.DataFrame) -> np.ndarray:
    """Counted supply of some practitioner rows (those counted in the baseline), aligned on the baseline's communes."""
    rows = rows[_counted(baseline, rows).to_numpy(dtype=bool)]
    if rows.empty:
        return np.zeros(len(baseline.codes))
    counted = supply_from_activity(rows, params=baseline.params)
    counted = counted[counted.index.isin(baseline.codes)]
    return baseline.vector(counted, what=msg.PRACTITIONERS)


def _mapped(baseline: Baseline, note: str, removed: np.ndarray) -> str:
    """On a given (implied) supply, say how the practitioners of the file map onto it."""
    if baseline.supply_from_practitioners:
        return note
    return f"{note} ; {msg.implied_mapping_note(acts=float(removed.sum()))}"


def subtract_supply(baseline: Baseline, supply: np.ndarray, removed: np.ndarray, what: str) -> np.ndarray:
    """``supply - removed``, floored at 0.

    A given (implied) supply may hold less than the practitioners' counted activity in their commune (the
    fit may place an area's supply in a neighbouring commune): where it is short, the supply goes to 0 with
    a warning giving the share actually removed; when nothing at all can be removed, an error says why.
    """
    out = supply - removed
    short = out < -1e-9 * np.maximum(1.0, supply)
    clipped: np.ndarray = np.maximum(out, 0.0)
    if short.any():
        asked = float(removed.sum())
        done = float((supply - clipped).sum())
        examples = baseline.codes[short].tolist()
        if not done > 1e-9 * max(asked, 1.0):
            raise InvalidValueError(msg.supply_not_there(what=what, communes=int(short.sum()), examples=examples))
        warnings.warn(
            msg.supply_clipped(what=what, communes=int(short.sum()), examples=examples, asked=asked, done=done),
            UserWarning,
            stacklevel=4,
        )
    return clipped


def retirement_supply(baseline: Baseline, change: Retirement, supply: np.ndarray) -> tuple[np.ndarray, str]:
    """Supply after a retirement, and its note; an error when no practitioner concerned has an age."""
    label = msg.retirement_label(min_age=change.min_age, horizon_years=change.horizon_years)
    table = _practitioners(baseline, label)
    profession = baseline.params.profession
    if change.communes is not None:
        table = table[table[CODE].astype(str).isin(change.communes).to_numpy()]
        if table.empty:
            raise InvalidValueError(
                msg.retirement_no_practitioner(label=label, communes=change.communes, profession=profession)
            )
    ids = table["practitioner_id"]
    known = table["age"].notna()
    if not known.any():
        raise InvalidValueError(
            msg.retirement_without_ages(label=label, practitioners=ids.nunique(), profession=profession)
        )
    unknown = int(ids[~known].nunique())
    if unknown:
        warnings.warn(
            msg.retirement_unknown_ages(
                label=label, unknown=unknown, practitioners=ids.nunique(), profession=profession
            ),
            UserWarning,
            stacklevel=4,
        )
    age_then = table["age"] + change.horizon_years
    leaving = known & (age_then >= change.min_age)
    cap = baseline.params.max_age
    aged_out = known & ~leaving & (age_then > cap) if cap is not None and change.age_remaining else known & False
    removed = _supply_of(baseline, table[leaving | aged_out])
    counted = _counted(baseline, table)
    note = msg.retirement_note(
        label=label,
        leaving=int(ids[leaving].nunique()),
        counted=int(ids[leaving & counted].nunique()),
        communes=None if change.communes is None else len(change.communes),
        aged_out=int(ids[aged_out & counted].nunique()),  # only those counted today leave the capped APL by ageing
        max_age=cap,
        unknown=unknown,
    )
    note = _mapped(baseline, note, removed)
    return subtract_supply(baseline, supply, removed, label), note


def removal_supply(baseline: Baseline, change: ChangePractitioners, supply: np.ndarray) -> tuple[np.ndarray, str]:
    """Supply after the oldest practitioners of a commune counted in the baseline leave, and its note.

    The candidates are the practitioners of the file with a site in the commune who count in the baseline's
    APL (on an age-capped APL: known age within the cap); fewer of them than asked is an error saying why.
    """
    code = str(change.code_commune)
    k = -change.practitioners
    label = msg.removal_label(code=code, asked=k)
    table = _practitioners(baseline, label)
    here = table[table[CODE].astype(str) == code]
    counted = here[_counted(baseline, here).to_numpy(dtype=bool)]
    ids = counted.sort_values(["age", "practitioner_id"], ascending=[False, True])["practitioner_id"]
    ids = ids.drop_duplicates()
    chosen = counted[counted["practitioner_id"].isin(ids[:k]).to_numpy()]
    removed = _supply_of(baseline, chosen) if len(ids) >= k else np.zeros(len(baseline.codes))
    if len(ids) < k or not removed.sum() > 0:
        present = here.drop_duplicates("practitioner_id")
        cap = baseline.params.max_age
        if present["practitioner_id"].nunique() < k:
            raise InvalidValueError(
                msg.removal_too_many(code=code, available=len(present), asked=k, profession=baseline.params.profession)
            )
        raise InvalidValueError(
            msg.removal_not_counted(
                code=code,
                asked=k,
                present=len(present),
                counted=len(ids),
                unknown_age=int(present["age"].isna().sum()) if cap is not None else 0,
                over_age=int((present["age"] > cap).sum()) if cap is not None else 0,
                max_age=cap,
            )
        )
    unknown_age = int(chosen.drop_duplicates("practitioner_id")["age"].isna().sum())
    note = msg.removal_note(code=code, asked=k, unknown_age=unknown_age, max_age=baseline.params.max_age)
    return subtract_supply(baseline, supply, removed, label), _mapped(baseline, note, removed)


def _level_mask(baseline: Baseline, level: str, codes: tuple[str, ...]) -> np.ndarray:
    if level not in baseline.territories.columns:
        raise InvalidValueError(msg.supply_share_level_missing(level=level))
    values = baseline.territories[level].astype(str)
    known = sorted(set(values))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InvalidCodeError(msg.supply_share_unknown_codes(level=level, codes=unknown, known=known))
    mask: np.ndarray = values.isin(codes).to_numpy()
    return mask


def _share_mask(baseline: Baseline, change: SupplyShare) -> np.ndarray:
    """Communes a proportional change applies to: the union of its communes, departments and regions."""
    if change.communes is None and change.departements is None and change.regions is None:
        return baseline.reported.copy()
    mask = np.zeros(len(baseline.codes), dtype=bool)
    if change.communes is not None:
        mask |= baseline.vector({c: 1.0 for c in change.communes}, what="supply_share") > 0
    if change.departements is not None:
        mask |= _level_mask(baseline, "code_departement", change.departements)
    if change.regions is not None:
        mask |= _level_mask(baseline, "code_region", change.regions)
    return mask


def _practitioners_in(baseline: Baseline, mask: np.ndarray) -> int | None:
    """Practitioners of the file counted in the baseline with a site in the chosen communes (``None``: no file)."""
    if baseline.practitioners is None or not baseline.supply_from_practitioners:
        return None
    table = _practitioners(baseline, "supply_share")
    rows = table[table[CODE].astype(str).isin(baseline.codes[mask]).to_numpy()]
    return int(rows.loc[_counted(baseline, rows).to_numpy(dtype=bool), "practitioner_id"].nunique())


def share_supply(baseline: Baseline, change: SupplyShare, supply: np.ndarray) -> tuple[np.ndarray, str]:
    """Supply after a proportional change (the chosen communes' supply × (1 + share)), and its note."""
    mask = _share_mask(baseline, change)
    before = float(supply[mask].sum())
    if not before > 0:
        raise InvalidValueError(msg.supply_share_empty(communes=int(mask.sum()), profession=baseline.params.profession))
    out: np.ndarray = np.where(mask, supply * (1.0 + change.share), supply)
    where = msg.selection_label(
        communes=change.communes, departements=change.departements, regions=change.regions, n=int(mask.sum())
    )
    note = msg.supply_share_note(
        share=change.share,
        where=where,
        acts_before=before,
        acts_changed=before * change.share,
        practitioners=_practitioners_in(baseline, mask),
        profession=baseline.params.profession,
    )
    return out, note
