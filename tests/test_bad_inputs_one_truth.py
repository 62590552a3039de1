"""Second set, family 3: one practitioner, one commune, one CPTS, one truth.

A practitioner's row given twice, shares above one, impossible ages; a CPTS with two names, statuses or dates, a
row given twice, an impossible date; populations légales whose total is not PMUN + PCAP (said, naming the lines:
the indicators use PMUN, PTOT is only an optional population of the zoning caps); a commune in two TVS,
with two zonings, a travel pair given twice with two times.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_input_cases import Case, build_files, run_case

_APL = ("apl", "--population", "{population_by_age}", "--points", "{admin_express}", "--output", "{out}.csv")
_CP = ("cpts", "--out", "{out}", "--communes", "{populations_legales}")
_CPTS_DESCRIPTION = r"description de CPTS incohérente dans .*{}.csv : 'CPTS07001 \({}\)'"


def _apl(supply: str) -> tuple[str, ...]:
    return (*_APL, "--supply", "{" + supply + "}")


CASES: list[Case] = [
    Case("apl-practitioner-row-twice", _apl("activity_row_twice"), 1, r"les parts du ou des praticiens '99000000001' font plus de 1 au total"),
    Case("apl-practitioner-shares-above-one", _apl("activity_shares_above_one"), 1, r"praticiens '77' font plus de 1 au total"),
    Case("apl-practitioner-aged-250", _apl("activity_age_250"), 1, r"âge\(s\) invraisemblable\(s\) 250.0 \(1 ligne\)"),
    Case("apl-practitioner-aged-minus-3", _apl("activity_age_negative"), 1, r"colonne 'age' de .* : 1 valeur négative \(-3.0\)"),
    Case("apl-practitioner-share-zero", _apl("activity_share_zero"), 1, r"valeur\(s\) 0.0 hors de \]0, 1\]"),
    Case("cpts-two-names", (*_CP, "--cpts", "{cpts_two_names}"), 1, _CPTS_DESCRIPTION.format("c_deux_noms", "nom_cpts")),
    Case("cpts-two-statuses", (*_CP, "--cpts", "{cpts_two_statuses}"), 1, _CPTS_DESCRIPTION.format("c_deux_statuts", "statut, date_signature_aci")),
    Case("cpts-two-signature-dates", (*_CP, "--cpts", "{cpts_two_dates}"), 1, _CPTS_DESCRIPTION.format("c_deux_dates", "date_signature_aci")),
    Case("cpts-row-twice-is-counted-once", (*_CP, "--cpts", "{cpts_row_twice}"), 0, r"1 ligne écartée : ligne CPTS × commune en double : 1 .*65.7 %"),
    Case("cpts-signed-on-31-february", (*_CP, "--cpts", "{cpts_31_february}"), 1, r"date\(s\) illisible\(s\) '31/02/2021'"),
    Case(
        "cpts-populations-total-contradicts-is-said",
        ("cpts", "--out", "{out}", "--cpts", "{cpts}", "--communes", "{pl_total_contradicts}"),
        0,
        r"pl_ptot.csv : 1 commune dont la population totale \(PTOT\) n’est pas PMUN \+ PCAP, comme l’INSEE la "
        r"définit : 00002 : 268 \+ 2 ≠ 10 \(ligne 3\) ; .* \(les indicateurs utilisent PMUN\)",
    ),
    Case(
        "msp-populations-total-contradicts-is-said",
        ("msp", "--out", "{out}", "--structures", "{finess}", "--communes", "{pl_total_contradicts}"),
        0,
        r"n’est pas PMUN \+ PCAP",
    ),
    Case("zoning-commune-in-two-tvs", ("zoning", "--apl", "{apl_ok}", "--tvs", "{tvs_commune_twice}", "--region", "07", "--output-dir", "{out}"), 1, r"commune\(s\) dans deux TVS dans .*tvs_double.csv : \"00001 dans \['00001', '00007'\]\""),
    Case("zoning-previous-commune-twice", ("zoning", "--apl", "{apl_ok}", "--tvs", "{tvs}", "--previous", "{zoning_commune_twice}", "--region", "07", "--output-dir", "{out}"), 1, r"commune\(s\) avec deux classes de zonage différentes dans .*zonage_double.csv : \"00001: \['ZAC', 'ZIP'\]\""),
    Case("travel-import-pair-twice", ("travel", "import", "--input", "{times_pair_twice}", "--output", "{out}.parquet"), 1, r"duplicated origin/destination pair\(s\) in temps_double.csv: '00001/00002'"),
    Case("msp-times-pair-twice", ("msp", "--out", "{out}", "--structures", "{finess}", "--communes", "{populations_legales}", "--times", "{times_pair_twice}", "--max-minutes", "10"), 1, r"duplicated origin/destination pair"),
    Case("map-zoning-commune-twice", ("map", "zoning", "--communes", "{admin_express}", "--zonage", "{zonage_twice}", "-o", "{out}.html"), 1, r"colonne code_commune : 1 commune figure plusieurs fois \(00001 ; lignes 2, 3 du fichier\)"),
]  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_files(tmp_path_factory.mktemp("une_verite"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_one_practitioner_one_commune_one_truth(case: Case, files: dict[str, str], tmp_path: Path) -> None:
    run_case(case, files, tmp_path)


def test_the_real_populations_legales_have_their_total_as_pmun_plus_pcap() -> None:
    """Control of the PTOT check on the four real INSEE vintages of ../shared/data (35,000 communes each)."""
    import warnings

    from access_map.readers.insee import read_populations_legales
    from conftest import shared_path

    folder = shared_path("population_legale_insee")
    paths = sorted(folder.glob("pop_legales_*.csv.gz"))
    assert len(paths) == 4
    for path in paths:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            table = read_populations_legales(path)
        assert len(table) > 34_000
        total = table["population_municipale"] + table["population_comptee_a_part"]
        assert (total == table["population_totale"]).all()
