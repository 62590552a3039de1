"""Travel-time tables: file reader, crow-fly model (cKDTree), calibration on real Gironde pairs."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from shapely.geometry import Point, Polygon

from access_map.errors import CRSError, InvalidCodeError, InvalidValueError, MissingColumnError, SourceError
from access_map.travel import (
    CrowFlyModel,
    calibrate,
    crow_fly_km,
    crow_fly_times,
    evaluate_model,
    read_observed_pairs,
    read_travel_times,
    validate_travel_times,
)
from conftest import shared_path


def _codes(n: int) -> list[str]:
    return [f"{1001 + k:05d}" for k in range(n)]


def _points(xy, codes=None, crs=2154) -> gpd.GeoDataFrame:
    codes = codes or _codes(len(xy))
    return gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in xy], index=pd.Index(codes, name="code_commune"), crs=crs)


def _as_dict(t: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(o, d): m for o, d, m in zip(t["origin"], t["destination"], t["minutes"])}


# ---------------------------------------------------------------------------
# file reader / validation
# ---------------------------------------------------------------------------


def test_read_csv_semicolon_latin1_with_mapping_restores_leading_zeros(tmp_path):
    p = tmp_path / "metric.csv"
    # codes written as numbers (leading zero lost), French decimal comma, Latin-1 header
    p.write_bytes("départ;arrivée;durée\n1001;1002;7,5\n1002;1001;8\n2A004;2B002;31,25\n".encode("latin-1"))
    t = read_travel_times(p, origin="départ", destination="arrivée", minutes="durée")
    assert list(t.columns) == ["origin", "destination", "minutes"]
    assert t["origin"].dtype == "str" and t["minutes"].dtype == float
    assert _as_dict(t) == {
        ("01001", "01001"): 0.0,
        ("01001", "01002"): 7.5,
        ("01002", "01001"): 8.0,
        ("01002", "01002"): 0.0,
        ("2A004", "2A004"): 0.0,
        ("2A004", "2B002"): 31.25,
        ("2B002", "2B002"): 0.0,
    }
    # sorted by origin then destination
    assert list(zip(t["origin"], t["destination"])) == sorted(zip(t["origin"], t["destination"]))


def test_read_drops_nan_and_sentinel_with_counted_warning(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("origin,destination,minutes\n01001,01002,5\n01001,01003,\n01002,01003,9999\n01003,01001,99999\n")
    with pytest.warns(UserWarning, match=r"3 lignes écartées : temps manquant.*: 1.*temps « non calculé ».*: 2"):
        t = read_travel_times(p)
    assert _as_dict(t) == {
        ("01001", "01001"): 0.0,
        ("01001", "01002"): 5.0,
        ("01002", "01002"): 0.0,
        ("01003", "01003"): 0.0,  # 01003 only appeared in dropped rows: still gets its self pair
    }


def test_read_gzipped_csv_with_na_markers(tmp_path):
    import gzip

    p = tmp_path / "osrm_export.csv.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write('"from","to","duration"\n"01001","01002",4.5\n"01001","01003",NA\n"01002","01003",null\n')
    with pytest.warns(UserWarning, match=r"2 lignes écartées : temps manquant.*: 2"):
        t = read_travel_times(p, origin="from", destination="to", minutes="duration")
    assert _as_dict(t)[("01001", "01002")] == 4.5
    assert len(t) == 4  # one pair + three self pairs


def test_read_parquet_and_max_minutes(tmp_path):
    p = tmp_path / "osrm.parquet"
    pd.DataFrame(
        {"src": ["01001", "01001", "01002"], "dst": ["01002", "01003", "01003"], "dur": [12.0, 25.0, 20.0]}
    ).to_parquet(p)
    t = read_travel_times(p, origin="src", destination="dst", minutes="dur", max_minutes=20.0)
    assert _as_dict(t) == {
        ("01001", "01001"): 0.0,
        ("01001", "01002"): 12.0,
        ("01002", "01002"): 0.0,
        ("01002", "01003"): 20.0,  # boundary kept (<=)
        ("01003", "01003"): 0.0,
    }


def test_duplicated_pairs_are_an_error(tmp_path):
    p = tmp_path / "dup.csv"
    p.write_text("origin;destination;minutes\n01001;01002;5\n1001;01002;6\n")
    with pytest.raises(InvalidCodeError, match=r"dup.csv.*01001/01002"):
        read_travel_times(p)


def test_negative_and_non_numeric_minutes_are_errors():
    t = pd.DataFrame({"origin": ["01001", "01001"], "destination": ["01002", "01003"], "minutes": ["-3", "abc"]})
    with pytest.raises(
        InvalidValueError, match=r"'minutes' de x.csv : 1 valeur non numérique \(abc\) ; 1 valeur négative \(-3.0\)"
    ):
        validate_travel_times(t, source="x.csv")


def test_bad_codes_and_missing_columns():
    with pytest.raises(InvalidCodeError, match=r"colonne 'destination'.*'123456'"):
        validate_travel_times(pd.DataFrame({"origin": ["01001"], "destination": ["123456"], "minutes": [1.0]}))
    with pytest.raises(MissingColumnError, match=r"'minutes'.*origin=..., destination=..., minutes="):
        validate_travel_times(pd.DataFrame({"origin": ["01001"], "destination": ["01002"]}))


def test_missing_column_in_file_names_the_file(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("CODGEO_DEP;CODGEO_ARR;HP\n01001;01002;3\n")
    with pytest.raises(MissingColumnError, match=r"HC dans m.csv ; colonnes trouvées : CODGEO_DEP, CODGEO_ARR, HP"):
        read_travel_times(p, origin="CODGEO_DEP", destination="CODGEO_ARR", minutes="HC")


def test_missing_file():
    with pytest.raises(SourceError, match="fichier des temps de trajet introuvable"):
        read_travel_times("/nonexistent/metric.csv")


def test_nonzero_self_pair_is_set_to_zero_with_warning():
    t = pd.DataFrame({"origin": ["01001", "01001"], "destination": ["01001", "01002"], "minutes": [3.0, 4.0]})
    with pytest.warns(UserWarning, match=r"1 temps d'une commune vers elle-même non nul\(s\)"):
        out = validate_travel_times(t)
    assert _as_dict(out)[("01001", "01001")] == 0.0


def test_validate_does_not_modify_input():
    t = pd.DataFrame({"origin": [1001], "destination": [1002], "minutes": ["5,5"]})
    before = t.copy()
    validate_travel_times(t)
    pd.testing.assert_frame_equal(t, before)


# ---------------------------------------------------------------------------
# crow-fly model
# ---------------------------------------------------------------------------


def test_crow_fly_hand_computed():
    # 01001 (0,0), 01002 (3 km, 4 km) -> 5 km -> 2 + 1.32*5 = 8.6 min
    # 01003 (10 km, 0): to 01001 10 km -> 15.2 min; to 01002 sqrt(49+16)=8.0623 km -> 2 + 1.32*8.0623 = 12.6422
    # 01004 (30 km, 0): > 13.64 km from everybody -> self pair only
    pts = _points([(0, 0), (3000, 4000), (10000, 0), (30000, 0)])
    t = crow_fly_times(pts)
    got = _as_dict(t)
    expected = {
        ("01001", "01001"): 0.0,
        ("01001", "01002"): 8.6,
        ("01001", "01003"): 15.2,
        ("01002", "01001"): 8.6,
        ("01002", "01002"): 0.0,
        ("01002", "01003"): 2 + 1.32 * math.sqrt(65),
        ("01003", "01001"): 15.2,
        ("01003", "01002"): 2 + 1.32 * math.sqrt(65),
        ("01003", "01003"): 0.0,
        ("01004", "01004"): 0.0,
    }
    assert got.keys() == expected.keys()
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, abs=1e-9), k
    assert list(zip(t["origin"], t["destination"])) == sorted(expected)


def test_crow_fly_boundary_is_inclusive_and_coincident_points():
    # a=2, b=1.5: 12 km -> 2 + 18 = 20.0 exactly (kept); 12.01 km -> 20.015 (dropped)
    # 01003 at the same place as 01001: distinct communes -> a = 2.0 min, not 0
    pts = _points([(0, 0), (12000, 0), (0, 0), (0, -12010)])
    t = _as_dict(crow_fly_times(pts, intercept_minutes=2.0, minutes_per_km=1.5))
    assert t[("01001", "01002")] == pytest.approx(20.0)
    assert t[("01001", "01003")] == pytest.approx(2.0)
    assert ("01001", "01004") not in t


def _naive_crow_fly(o_xy, o_codes, d_xy, d_codes, a, b, max_minutes):
    out = {}
    for (ox, oy), oc in zip(o_xy, o_codes):
        for (dx, dy), dc in zip(d_xy, d_codes):
            if oc == dc:
                out[(oc, dc)] = 0.0
                continue
            m = a + b * math.hypot(ox - dx, oy - dy) / 1000.0
            if m <= max_minutes:
                out[(oc, dc)] = m
    return out


def test_crow_fly_matches_naive_loop_oracle():
    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 60000, size=(300, 2))
    codes = [f"{c:05d}" for c in rng.choice(np.arange(1001, 95000), size=300, replace=False)]
    pts = _points(xy, codes)
    t = crow_fly_times(pts, max_minutes=15.0, intercept_minutes=1.0, minutes_per_km=1.1)
    oracle = _naive_crow_fly(xy, codes, xy, codes, 1.0, 1.1, 15.0)
    got = _as_dict(t)
    assert got.keys() == oracle.keys()
    assert np.allclose([got[k] for k in oracle], list(oracle.values()), atol=1e-9)
    assert len(t) == len(oracle)


def test_crow_fly_with_destinations_matches_oracle_and_reprojects():
    rng = np.random.default_rng(2)
    o_xy = rng.uniform(0, 40000, size=(80, 2))
    d_xy = rng.uniform(0, 40000, size=(50, 2))
    o_codes = _codes(80)
    d_codes = _codes(100)[50:]  # 01051..01100: 30 codes shared with the origins
    origins = _points(o_xy, o_codes)
    dest_3857 = _points(d_xy, d_codes).to_crs(3857)  # other projected CRS: reprojected back
    t = crow_fly_times(origins, destinations=dest_3857)
    oracle = _naive_crow_fly(o_xy, o_codes, d_xy, d_codes, 2.0, 1.32, 20.0)
    got = _as_dict(t)
    assert got.keys() == oracle.keys()
    assert np.allclose([got[k] for k in oracle], list(oracle.values()), atol=1e-6)
    # every commune on both sides has its self pair, even though its two points differ
    assert all(got[(c, c)] == 0.0 for c in set(o_codes) & set(d_codes))


def test_crow_fly_code_column_and_input_untouched():
    gdf = gpd.GeoDataFrame({"insee": [1001, "01002"]}, geometry=[Point(0, 0), Point(1000, 0)], crs=2154)
    before = gdf.copy()
    t = crow_fly_times(gdf, code_column="insee")
    # 1 km -> 2 + 1.32 = 3.32
    assert _as_dict(t) == pytest.approx(
        {("01001", "01001"): 0.0, ("01001", "01002"): 3.32, ("01002", "01001"): 3.32, ("01002", "01002"): 0.0}
    )
    pd.testing.assert_frame_equal(gdf, before)


def test_crow_fly_geographic_crs_is_refused_with_fix():
    pts = _points([(2.35, 48.85), (2.40, 48.86)], crs=4326)
    with pytest.raises(CRSError, match=r"CRS géographique.*to_crs\(2154\)"):
        crow_fly_times(pts)
    with pytest.raises(CRSError, match=r"aucun système de coordonnées.*set_crs"):
        crow_fly_times(_points([(0, 0)], crs=None))


def test_crow_fly_bad_inputs():
    with pytest.raises(InvalidCodeError, match=r"code\(s\) INSEE en double.*'01001'"):
        crow_fly_times(_points([(0, 0), (1, 1)], ["01001", "01001"]))
    poly = gpd.GeoDataFrame(geometry=[Polygon([(0, 0), (1, 0), (1, 1)])], index=pd.Index(["01001"]), crs=2154)
    with pytest.raises(InvalidValueError, match=r"des points.*'Polygon'.*representative_point"):
        crow_fly_times(poly)
    with pytest.raises(InvalidValueError, match="minutes_per_km doit être"):
        crow_fly_times(_points([(0, 0)]), minutes_per_km=0.0)
    with pytest.raises(InvalidValueError, match="max_minutes doit être"):
        crow_fly_times(_points([(0, 0)]), max_minutes=float("nan"))


def test_crow_fly_catchment_below_intercept_keeps_self_pairs_only():
    t = crow_fly_times(_points([(0, 0), (10, 0)]), max_minutes=1.0)  # 1 min < a = 2 min
    assert _as_dict(t) == {("01001", "01001"): 0.0, ("01002", "01002"): 0.0}


def test_crow_fly_pair_count_on_a_national_sized_set():
    # 34,000 points spread over ~550,000 km2 (mainland France's area), like commune chefs-lieux:
    # ~1.2 million ordered pairs within 20 min. (Speed is measured by benchmarks/bench_fca.py, not here.)
    rng = np.random.default_rng(3)
    side = math.sqrt(550_000) * 1000
    xy = rng.uniform(0, side, size=(34_000, 2))
    codes = np.array([f"{k:05d}" for k in range(1001, 35001)], dtype=object)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), index=codes, crs=2154)
    t = crow_fly_times(pts)
    # expected ordered pairs: n * (n - 1) * pi r^2 / area (edge effects make it a little smaller), r = 18/1.32 km
    expected = 34_000 * 33_999 * math.pi * (18 / 1.32) ** 2 / 550_000
    n_pairs = int((t["origin"] != t["destination"]).sum())
    assert 0.95 * expected < n_pairs < 1.01 * expected


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30_000), st.integers(0, 30_000)), min_size=1, max_size=25),
    st.floats(2.0, 30.0),
)
def test_crow_fly_properties(coords, max_minutes):
    pts = _points(coords)
    small = _as_dict(crow_fly_times(pts, max_minutes=max_minutes))
    large = _as_dict(crow_fly_times(pts, max_minutes=max_minutes + 5.0))
    assert all(small[(d, o)] == v for (o, d), v in small.items())  # symmetric
    assert small.keys() <= large.keys()  # a wider catchment never loses a pair
    assert all(small[(c, c)] == 0.0 for c in _codes(len(coords)))  # every self pair present
    assert all(v <= max_minutes for v in small.values())
    assert all(v >= 2.0 for (o, d), v in small.items() if o != d)  # at least the intercept


def test_missing_code_is_an_error():
    t = pd.DataFrame({"origin": ["01001", None], "destination": ["01002", "01001"], "minutes": [1.0, 2.0]})
    with pytest.raises(
        InvalidCodeError, match=r"code\(s\) INSEE manquant\(s\) dans t.csv, colonne 'origin', ligne\(s\) 1"
    ):
        validate_travel_times(t, source="t.csv")


def test_corsica_codes_sort_after_digits():
    t = validate_travel_times(
        pd.DataFrame({"origin": ["2A004", "01001"], "destination": ["2B002", "2A004"], "minutes": [30.0, 999.0]})
    )
    assert t["origin"].tolist() == ["01001", "01001", "2A004", "2A004", "2B002"]


def test_model_minutes_array_and_scalar():
    m = CrowFlyModel(intercept_minutes=1.0, minutes_per_km=2.0)
    assert m.minutes(3.0) == 7.0
    np.testing.assert_allclose(m.minutes([0.0, 1.5]), [1.0, 4.0])
    assert m.radius_km(11.0) == 5.0  # (11 - 1) / 2


# ---------------------------------------------------------------------------
# calibration
# ---------------------------------------------------------------------------


def test_calibrate_agrees_with_scipy_linregress():
    rng = np.random.default_rng(4)
    km = rng.uniform(0.5, 40, 500)
    minutes = 3.0 + 1.1 * km + rng.normal(0, 2.0, 500)
    r = calibrate(km, minutes)
    ref = stats.linregress(km, minutes)
    assert r.model.intercept_minutes == pytest.approx(ref.intercept, rel=1e-9)
    assert r.model.minutes_per_km == pytest.approx(ref.slope, rel=1e-9)
    assert r.r2 == pytest.approx(ref.rvalue**2, rel=1e-9)
    assert r.bias_minutes == pytest.approx(0.0, abs=1e-9)  # least squares with intercept: zero mean residual
    assert r.n == 500


def test_calibrate_through_origin():
    # b = sum(xy) / sum(x^2) = (1*2 + 2*5) / (1 + 4) = 12 / 5 = 2.4
    r = calibrate([1.0, 2.0], [2.0, 5.0], fit_intercept=False)
    assert r.model.intercept_minutes == 0.0
    assert r.model.minutes_per_km == pytest.approx(2.4)
    # residuals 2.4-2 = 0.4, 4.8-5 = -0.2 -> MAE 0.3, bias 0.1, RMSE sqrt((0.16+0.04)/2) = sqrt(0.1)
    assert r.mae_minutes == pytest.approx(0.3)
    assert r.bias_minutes == pytest.approx(0.1)
    assert r.rmse_minutes == pytest.approx(math.sqrt(0.1))


def test_evaluate_model_hand_computed():
    # default model at 5 and 10 km: 8.6 and 15.2; observed 9 and 15 -> errors -0.4, +0.2
    r = evaluate_model(CrowFlyModel(), [5.0, 10.0], [9.0, 15.0])
    assert r.mae_minutes == pytest.approx(0.3)
    assert r.bias_minutes == pytest.approx(-0.1)
    # SS_res = 0.16 + 0.04 = 0.2; SS_tot = 2 * 3^2 = 18 -> R2 = 1 - 0.2/18
    assert r.r2 == pytest.approx(1 - 0.2 / 18)


def test_calibrate_bad_inputs():
    with pytest.raises(InvalidValueError, match="même longueur"):
        calibrate([1.0, 2.0], [1.0])
    with pytest.raises(InvalidValueError, match=r"observed_minutes a 1 valeur\(s\) NaN"):
        calibrate([1.0, 2.0, 3.0], [1.0, np.nan, 3.0])
    with pytest.raises(InvalidValueError, match=r"« non calculée »"):
        calibrate([1.0, 2.0, 3.0], [1.0, 9999.0, 3.0])
    with pytest.raises(InvalidValueError, match="n.est pas positif"):
        calibrate([1.0, 2.0, 3.0], [9.0, 6.0, 3.0])
    with pytest.raises(InvalidValueError, match="au moins 2"):
        calibrate([1.0], [3.0])


def test_crow_fly_km_columns():
    df = pd.DataFrame({"a": [0.0, 100.0], "b": [0.0, 0.0], "c": [6000.0, 100.0], "d": [8000.0, 1000.0]})
    # sqrt(6^2 + 8^2) = 10 km; 1 km
    assert crow_fly_km(df, x1="a", y1="b", x2="c", y2="d").tolist() == pytest.approx([10.0, 1.0])
    with pytest.raises(MissingColumnError, match="'X1'"):
        crow_fly_km(df)


# ---------------------------------------------------------------------------
# real data: 2,500 Gironde pairs (DREES comparison of OSRM and INSEE Metric)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gironde():
    osrm = pd.read_csv(shared_path("distancier_gironde_osrm_metric", "osrm_pairs_gironde_2500.csv"))
    metric = pd.read_csv(shared_path("distancier_gironde_osrm_metric", "metric_hc_pairs_gironde_2500.csv"))
    osrm = osrm.assign(km=crow_fly_km(osrm))
    joined = osrm.merge(metric, on=["X1", "Y1", "X2", "Y2"], how="inner")
    return osrm, joined


def test_gironde_crow_fly_km_matches_published_detour(gironde):
    osrm, joined = gironde
    # SOURCES.md: median road detour Dist_km / Euclidean distance = 1.26; 2,434 pairs in common
    assert (osrm["Dist_km"] / osrm["km"]).median() == pytest.approx(1.26, abs=0.005)
    assert len(joined) == 2434
    assert int((joined["HC"] >= 9999).sum()) == 5


def test_gironde_calibration_is_sane(gironde):
    osrm, joined = gironde
    metric = joined[joined["HC"] < 9999]
    fit_osrm = calibrate(osrm["km"], osrm["Dist_min"])
    fit_metric = calibrate(metric["km"], metric["HC"])
    for fit in (fit_osrm, fit_metric):
        assert 0.7 < fit.model.minutes_per_km < 1.5  # ~40-85 km/h along a 1.26 detour
        assert 0.0 <= fit.model.intercept_minutes < 12.0
        assert fit.r2 > 0.85
        assert fit.mae_minutes < 8.0
    assert fit_osrm.n == 2500 and fit_metric.n == 2429
    # SOURCES.md: correlation HC - Euclidean distance 0.94, so the OLS R2 is 0.94^2 ~ 0.884
    assert fit_metric.r2 == pytest.approx(0.94**2, abs=0.01)


def test_gironde_default_model_within_apl_range(gironde):
    # The default 2.0 + 1.32 km is meant for the APL catchment (<= 20 min, i.e. <= ~14 km crow-fly);
    # on the Gironde pairs up to 20 km it errs by a few minutes and overestimates a little.
    osrm, joined = gironde
    metric = joined[joined["HC"] < 9999]
    short_osrm = osrm[osrm["km"] <= 20]
    short_metric = metric[metric["km"] <= 20]
    for km, observed in ((short_osrm["km"], short_osrm["Dist_min"]), (short_metric["km"], short_metric["HC"])):
        r = evaluate_model(CrowFlyModel(), km, observed)
        assert r.n > 200
        assert r.mae_minutes < 6.0
        assert 0.0 < r.bias_minutes < 5.0
    # over all distances (up to 160 km) the 1.32 min/km slope is too steep: long trips use fast roads
    far = evaluate_model(CrowFlyModel(), osrm["km"], osrm["Dist_min"])
    assert far.bias_minutes > 10.0


def test_read_observed_pairs_on_the_real_gironde_files(gironde):
    osrm, joined = gironde  # read with plain pandas above, independently of the reader
    metric_path = shared_path("distancier_gironde_osrm_metric", "metric_hc_pairs_gironde_2500.csv")
    with pytest.warns(
        UserWarning, match=r"metric_hc_pairs_gironde_2500.csv : 5 lignes écartées : temps « non calculé ».*: 5"
    ):
        metric = read_observed_pairs(metric_path, observed="HC")
    raw = pd.read_csv(metric_path)
    kept = raw[raw["HC"] < 9999].reset_index(drop=True)
    assert len(metric) == len(kept) == 2495
    assert metric["observed_minutes"].sum() == pytest.approx(kept["HC"].sum())
    assert metric["x2"].tolist() == kept["X2"].tolist()
    pairs = read_observed_pairs(
        shared_path("distancier_gironde_osrm_metric", "osrm_pairs_gironde_2500.csv"),
        observed="Dist_min",
        road_km="Dist_km",
    )
    assert len(pairs) == 2500
    assert pairs["crow_km"].to_numpy() == pytest.approx(osrm["km"].to_numpy())
    assert pairs["road_km"].sum() == pytest.approx(osrm["Dist_km"].sum())
    assert list(pairs.columns) == ["x1", "y1", "x2", "y2", "crow_km", "observed_minutes", "road_km"]


def test_read_observed_pairs_errors_name_file_and_column(tmp_path):
    p = tmp_path / "obs.csv"
    p.write_text("X1;Y1;X2;Y2;t\n0;0;3000;4000;-2\n0;0;1;1;abc\n")
    with pytest.raises(
        InvalidValueError, match=r"colonne 't' de obs.csv : 1 valeur non numérique \(abc\) ; 1 valeur négative"
    ):
        read_observed_pairs(p, observed="t")
    with pytest.raises(MissingColumnError, match="obs.csv"):
        read_observed_pairs(p, observed="minutes")
    with pytest.raises(SourceError, match="fichier des paires observées introuvable"):
        read_observed_pairs(tmp_path / "none.csv", observed="t")
    p.write_text("X1;Y1;X2;Y2;t\n0;0;3000;4000;7\n0;0;1;1;\n")
    with pytest.warns(UserWarning, match=r"temps manquant \(NaN ou vide\) : 1 \(ex. 'ligne 1'\)"):
        out = read_observed_pairs(p, observed="t")
    assert out[["crow_km", "observed_minutes"]].values.tolist() == [[5.0, 7.0]]


def test_warnings_are_not_raised_on_clean_input():
    t = pd.DataFrame({"origin": ["01001"], "destination": ["01002"], "minutes": [3.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        validate_travel_times(t)


def test_crow_fly_times_local_measures_overseas_distances_in_their_own_crs():
    """Réunion communes 10 km apart: in Lambert-93 (valid for mainland France only) the distance is
    badly distorted; territory by territory (EPSG:2975 there) it matches the geodesic distance."""
    from pyproj import Geod

    from access_map.travel import crow_fly_times_local, local_crs

    lon1, lat1, lon2, lat2 = 55.45, -20.88, 55.50, -20.95  # two points in La Réunion
    _, _, meters = Geod(ellps="GRS80").inv(lon1, lat1, lon2, lat2)
    km = meters / 1000.0  # ≈ 9.2 km
    pts = gpd.GeoDataFrame(
        geometry=[Point(lon1, lat1), Point(lon2, lat2), Point(-0.58, 44.84)],
        index=pd.Index(["97411", "97415", "33063"], name="code_commune"),
        crs=4326,
    )
    t = crow_fly_times_local(pts)
    pair = t[(t.origin == "97411") & (t.destination == "97415")]["minutes"].item()
    assert pair == pytest.approx(2.0 + 1.32 * km, rel=1e-3)
    assert set(zip(t.origin, t.destination)) == {
        ("97411", "97411"),
        ("97411", "97415"),
        ("97415", "97411"),
        ("97415", "97415"),
        ("33063", "33063"),
    }
    # the same pair measured in Lambert-93 is off by far more than 0.1 %
    l93 = pts.to_crs(2154)
    km_l93 = l93.geometry.iloc[0].distance(l93.geometry.iloc[1]) / 1000.0
    assert abs(km_l93 / km - 1) > 0.01
    assert local_crs("97209") == ("972", 5490) and local_crs("2B033") == ("metropole", 2154)
    with pytest.raises(InvalidCodeError, match="aucune projection métrique locale"):
        local_crs("98735")
