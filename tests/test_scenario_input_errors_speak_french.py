"""Bad inputs of the scenario engine (baseline, changes, placement) get a French error naming the argument, the
count and the offending communes or values; the counts and codes below are read off the small inputs by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from access_map.apl import APLParams
from access_map.errors import InvalidCodeError, InvalidValueError
from access_map.scenario import (
    OpenMSP,
    ProjectAgeBands,
    Retirement,
    ScalePopulation,
    evaluate_scenario,
    place_practices,
    prepare_baseline,
    supply_apl,
)

PARAMS = APLParams.drees_mg()
CODES = ["33001", "33002"]
TIMES = pd.DataFrame({"origin": CODES, "destination": CODES, "minutes": [0.0, 0.0]})


def _baseline(**kwargs: object):  # type: ignore[no-untyped-def]
    demand = kwargs.pop("demand", pd.Series(100.0, index=CODES))
    supply = kwargs.pop("supply", pd.Series({"33001": 1000.0}))
    return prepare_baseline(TIMES, demand=demand, supply=supply, params=PARAMS, **kwargs)  # type: ignore[arg-type]


def test_baseline_inputs_name_the_argument_the_count_and_the_communes() -> None:
    with pytest.raises(
        InvalidValueError, match=r"^demand : 2 valeurs négatives, NaN ou infinies \(communes 33001, 33002\)$"
    ):
        _baseline(demand=pd.Series([np.inf, -1.0], index=CODES))
    with pytest.raises(
        InvalidValueError, match=r"^demand : 1 commune du territoire sans valeur \(33001\) ; donnez une"
    ):
        _baseline(demand=pd.Series([np.nan, 1.0], index=CODES))
    with pytest.raises(InvalidCodeError, match=r"^demand : 1 code commune en double \(33001\)"):
        _baseline(demand=pd.Series(1.0, index=["33001", "33001", "33002"]))
    with pytest.raises(
        TypeError, match="^supply : une Series pandas indexée par code commune est attendue ; reçu dict$"
    ):
        _baseline(supply={"33001": 1.0})
    with pytest.raises(
        InvalidCodeError, match=r"^reported \(communes étudiées\) : 1 commune hors du territoire \(99999\)$"
    ):
        _baseline(reported=["33001", "99999"])
    with pytest.raises(InvalidValueError, match="le territoire étudié serait vide"):
        _baseline(reported=[])
    with pytest.raises(InvalidCodeError, match=r"^territories : 1 commune sans code_tvs \(33002\) ; chaque commune"):
        _baseline(territories=pd.DataFrame({"code_tvs": ["T1"]}, index=["33001"]))
    with pytest.raises(InvalidValueError, match=r"^territories : 1 colonne inconnue \(canton\) ; attendues : code_tvs"):
        _baseline(territories=pd.DataFrame({"canton": ["C1", "C1"]}, index=CODES))
    with pytest.raises(InvalidValueError, match="donnez supply= ou practitioners="):
        prepare_baseline(TIMES, demand=pd.Series(100.0, index=CODES), params=PARAMS)


def test_supply_vectors_are_checked_in_french() -> None:
    base = _baseline()
    with pytest.raises(InvalidValueError, match="^supply : 3 valeurs, mais la situation de référence a 2 communes$"):
        supply_apl(base, np.zeros(3))
    with pytest.raises(
        InvalidValueError, match=r"^supply : valeur\(s\) négative\(s\) ou non finie\(s\) dans 1 commune \(33002\)$"
    ):
        supply_apl(base, np.array([1.0, -1.0]))
    with pytest.raises(
        InvalidCodeError, match=r"^OpenMSP : commune\(s\) 99999 absente\(s\) du territoire \(2 communes\)"
    ):
        evaluate_scenario(base, [OpenMSP("99999")])


def test_changes_are_checked_in_french() -> None:
    with pytest.raises(
        InvalidValueError, match=r"^Retirement : min_age doit être un âge en années \(de 15 à 110\).*; trouvé 5, 0"
    ):
        Retirement(5)
    with pytest.raises(InvalidValueError, match="^OpenMSP : practitioners doit être un entier positif ; trouvé 0$"):
        OpenMSP("33001", practitioners=0)
    with pytest.raises(InvalidValueError, match="^OpenMSP : acts_per_practitioner doit être > 0 ; trouvé -5.0$"):
        OpenMSP("33001", acts_per_practitioner=-5.0)
    with pytest.raises(
        InvalidValueError, match="^ScalePopulation : les facteurs doivent être finis et positifs ou nuls ; trouvé -1.0$"
    ):
        ScalePopulation({"33001": -1.0})
    with pytest.raises(InvalidValueError, match="^ProjectAgeBands : les facteurs doivent être finis"):
        ProjectAgeBands({"age_75_79": float("inf")})


def test_placement_arguments_are_checked_in_french() -> None:
    base = _baseline()
    with pytest.raises(InvalidValueError, match="^sites doit être un entier positif ; trouvé 0$"):
        place_practices(base, sites=0, capacity=10.0)
    with pytest.raises(InvalidValueError, match=r"^capacity doit être > 0 \(actes par nouveau site\) ; trouvé 0.0$"):
        place_practices(base, sites=1, capacity=0.0)
    with pytest.raises(InvalidValueError, match=r"^candidates : 1 commune hors du territoire \(99999\)$"):
        place_practices(base, sites=1, capacity=10.0, candidates=["99999"])
    with pytest.raises(InvalidValueError, match="^1 site demandé, mais seulement 0 commune candidate$"):
        place_practices(base, sites=1, capacity=10.0, candidates=[])
