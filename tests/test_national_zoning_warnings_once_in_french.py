"""National zoning run: a broken rule of the regional zoning is reported once (not again among the notes), and the
errors of the national run, the comparison and the bassin-de-vie proxy speak French with the values at fault."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from access_map.errors import InvalidCodeError, InvalidValueError, MissingColumnError
from access_map.zoning import compare_zonings, tvs_from_bassins_de_vie
from access_map.zoning.national import national_zoning


def _communes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "apl_65": [2.0, 3.0, 5.0],
            "standardised_population": [1.0, 1.0, 1.0],
            "population": [100.0, 300.0, 600.0],
            "code_region": ["75", "75", "75"],
        },
        index=pd.Index(["33001", "33002", "24001"], name="code_commune"),
    )


def _tvs(communes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"code_tvs": ["A", "B", "C"]}, index=communes.index)


def test_a_broken_rule_is_not_repeated_among_the_notes() -> None:
    # 100 inhabitants in the mandatory national selection (APL 2 <= 2.5) against a ZIP cap of 1 % of 1,000 = 10:
    # one broken rule of severity "warning", kept in the violations, and formerly also among the notes
    communes = _communes()
    caps = pd.DataFrame({"zip_cap_share": [0.01], "zac_cap_share": [0.01]}, index=pd.Index(["75"], name="code_region"))
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        n = national_zoning(communes, tvs=_tvs(communes), caps=caps)
    assert n.result is not None
    violations = n.result.report.violations
    assert violations["severity"].tolist() == ["warning"]
    assert "100 hab." in violations["message"].iloc[0]
    assert not any("sélection nationale obligatoire" in note for note in n.notes)


def test_national_errors_name_the_missing_input_in_french() -> None:
    communes = _communes()
    with pytest.raises(MissingColumnError, match="aucune composition des TVS : donnez tvs="):
        national_zoning(communes)
    caps = pd.DataFrame({"zip_cap_share": [0.1], "zac_cap_share": [0.1]}, index=pd.Index(["76"], name="code_region"))
    with pytest.raises(InvalidValueError, match="plafonds : pas de plafonds pour la région 75 ;"):
        national_zoning(communes, tvs=_tvs(communes), caps=caps)


def test_comparison_errors_count_the_communes_at_fault() -> None:
    pop = pd.Series({"01001": 5.0})
    with pytest.raises(
        InvalidCodeError, match=r"population : pas de valeur pour 2 communes des zonages \(01002, 01003\)"
    ):
        compare_zonings(
            pd.Series({"01001": "ZIP", "01002": "ZV", "01003": "HV"}), pd.Series({"01001": "ZIP"}), population=pop
        )
    twice = pd.Series(["ZIP", "ZAC"], index=["01001", "01001"])
    with pytest.raises(InvalidCodeError, match=r"zonage calculé : code\(s\) commune en double \(01001\)"):
        compare_zonings(twice, pd.Series({"01001": "ZIP"}), population=pop)
    c = compare_zonings(pd.Series({"01001": "ZIP"}), pd.Series({"01001": "ZIP"}), population=pop)
    with pytest.raises(InvalidCodeError, match="pas de région « 99 » dans la comparaison"):
        c.describe("99")


def test_bassin_proxy_refuses_a_negative_threshold_in_french() -> None:
    appartenance = pd.DataFrame(
        {"code_bassin_vie": ["01053"], "code_canton_ville": ["0199"]},
        index=pd.Index(["01053"], name="code_commune"),
    )
    with pytest.raises(InvalidValueError, match=r"threshold_population \(-5\) doit être un nombre positif ou nul"):
        tvs_from_bassins_de_vie(appartenance, population=pd.Series({"01053": 10.0}), threshold_population=-5)
