"""Hypothesis properties of CPTS coverage against an independent set-based computation."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from access_map.cpts import ACI_SIZE_CLASSES, SIGNED, STATUSES, coverage, coverage_progress, cpts_table

#: signature dates of the CPTS contract (ACI), which began on 20 June 2019 (earlier dates are refused as errors)
DATES = [pd.Timestamp(d) for d in ("2019-07-01", "2020-06-30", "2021-12-31", "2023-03-15")]


@st.composite
def territories(draw):
    n = draw(st.integers(2, 12))
    codes = [f"{1 + i % 2:02d}{i + 1:03d}" for i in range(n)]
    pops = draw(st.lists(st.integers(0, 100_000), min_size=n, max_size=n))
    communes = pd.DataFrame(
        {"population": [float(p) for p in pops], "code_departement": [c[:2] for c in codes]},
        index=pd.Index(codes, name="code_commune"),
    )
    k = draw(st.integers(1, 5))
    rows = []
    for j in range(k):
        members = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=n, unique=True))
        status = draw(st.sampled_from(STATUSES))
        date = draw(st.sampled_from(DATES)) if status == SIGNED else pd.NaT
        rows += [(f"C{j}", f"CPTS {j}", status, date, c) for c in members]
    cpts = pd.DataFrame(rows, columns=["id_cpts", "nom_cpts", "statut", "date_signature", "code_commune"])
    return communes, cpts


def _union_population(communes, cpts):
    return float(communes.loc[sorted(set(cpts["code_commune"])), "population"].sum())


@settings(max_examples=25, deadline=None)
@given(territories())
def test_coverage_properties(data):
    communes, cpts = data
    nat = coverage(cpts, communes, level="nation").loc["FR"]
    # each inhabitant counted once: population of the union of member communes
    assert nat["covered_population"] == pytest.approx(_union_population(communes, cpts))
    assert 0.0 <= nat["covered_population"] <= nat["population"]
    if nat["population"] > 0:
        assert 0.0 <= nat["coverage_percent"] <= 100.0 + 1e-9
        assert nat["gap_population"] == pytest.approx(nat["uncovered_population"])
    dep = coverage(cpts, communes, level="departement")
    assert dep["covered_population"].sum() == pytest.approx(nat["covered_population"])
    # sum of CPTS populations >= covered population, equal when no commune is shared
    table = cpts_table(cpts, communes)
    assert table["population"].sum() >= nat["covered_population"] - 1e-6
    if nat["n_communes_overlap"] == 0:
        assert table["population"].sum() == pytest.approx(nat["covered_population"])
    # signed-only coverage never exceeds coverage by any status
    signed = coverage(cpts, communes, level="nation", statuses=SIGNED).loc["FR"]
    assert signed["covered_population"] <= nat["covered_population"] + 1e-6
    # progress is non-decreasing and ends at the signed coverage (every signature date is in DATES)
    prog = coverage_progress(cpts, communes, DATES)
    assert prog["covered_population"].is_monotonic_increasing
    assert prog["covered_population"].iloc[-1] == pytest.approx(signed["covered_population"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30))
def test_size_class_monotone(pops):
    s = pd.Series(sorted(pops))
    classes = ACI_SIZE_CLASSES.classify(s)
    assert classes.is_monotonic_increasing
    assert set(classes) <= {1, 2, 3, 4}
