"""Statistics against numbers published outside this project (textbooks, R/SciPy docs, EventStudyTools).

Sources, conventions and tolerances: tests/data/published/textbook_nonparametric/SOURCE.md and
tests/data/published/eventstudytools_api/SOURCE.md. The sipemu and event-study-toolkit references
are in tests/test_statistics.py.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from test_statistics import _panel_from_cars, _toolkit_panel  # one panel builder per kind, shared

from marketimpact.study.panel import ARPanel
from marketimpact.study.statistics import (
    BootstrapCAAR,
    KolariPynnonenBMP,
    KolariPynnonenPatell,
    WilcoxonSignedRank,
    kp_bmp_adjustment,
    kp_patell_adjustment,
)

PUB = __import__("pathlib").Path(__file__).parent / "data" / "published"


# ----------------------------------------------------------------- Wilcoxon signed-rank
def test_wilcoxon_hollander_wolfe_depression_data():
    """R ?wilcox.test / Hollander & Wolfe: V = 40, one-sided p 0.01953, two-sided 0.0391, normal 0.01908."""
    d = pd.read_csv(PUB / "textbook_nonparametric" / "wilcoxon_hollander_wolfe_depression.csv")["d_x_minus_y_rounded3"]
    r = WilcoxonSignedRank().compute(_panel_from_cars(d.to_numpy()), (0, 0))
    assert r.extra["w_plus"] == 40.0
    assert r.extra["method"] == "exact"
    assert r.extra["pvalue"] == pytest.approx(20 / 512, rel=1e-12)  # two-sided exact
    assert round(r.extra["pvalue"], 4) == 0.0391  # as printed by R's regression test
    # the large-sample z without continuity correction; R prints the one-sided p as 0.01908
    assert r.stat == pytest.approx((40 - 22.5) / math.sqrt(71.25), rel=1e-12)
    assert round(stats.norm.sf(r.stat), 5) == 0.01908
    assert stats.norm.sf(r.stat) == pytest.approx(0.0190758550867076, rel=1e-9)
    assert r.pvalue == r.extra["pvalue"]  # the reported p is the exact one


def test_wilcoxon_scipy_docstring_corn_data():
    """scipy.stats.wilcoxon docstring: two-sided exact p 0.041259765625, W+ = 96, asymptotic p 0.04088813291185591."""
    d = pd.read_csv(PUB / "textbook_nonparametric" / "wilcoxon_scipy_darwin_corn.csv")["d_cross_minus_self_height"]
    r = WilcoxonSignedRank().compute(_panel_from_cars(d.to_numpy(float)), (0, 0))
    assert r.extra["w_plus"] == 96.0
    assert r.extra["pvalue"] == pytest.approx(0.041259765625, rel=1e-12)
    # our z is the uncorrected normal approximation scipy calls "asymptotic"
    assert 2 * stats.norm.sf(abs(r.stat)) == pytest.approx(0.04088813291185591, rel=1e-9)


# ----------------------------------------------------------------- bootstrap
@pytest.fixture(scope="module")
def mouse_treatment() -> np.ndarray:
    df = pd.read_csv(PUB / "textbook_nonparametric" / "bootstrap_mouse_efron_tibshirani.csv")
    return df.loc[df.group == "treatment", "survival_days"].to_numpy(float)


def test_bootstrap_mouse_data_standard_error_tends_to_the_published_ideal_value(mouse_treatment):
    """Efron & Tibshirani (1993) Tables 2.1/2.2: mean 86.86, SE 25.24, ideal bootstrap SE (B = ∞) 23.36."""
    r = BootstrapCAAR(n_boot=200_000, seed=20_250_212).compute(_panel_from_cars(mouse_treatment), (0, 0))
    assert round(r.estimate, 2) == 86.86
    assert round(r.se, 2) == 25.24  # the cross-sectional SE (ddof = 1) the bootstrap is studentised by
    ideal = math.sqrt(((mouse_treatment - mouse_treatment.mean()) ** 2).sum()) / mouse_treatment.size
    assert round(ideal, 2) == 23.36
    assert r.extra["boot_se"] == pytest.approx(ideal, rel=0.01)
    # percentile interval against the ideal bootstrap distribution's 2.5 %/97.5 % quantiles, which a
    # full enumeration of the 1716 distinct resamples gives as 43.43 and 134.43 (derived, not published)
    lo, hi = r.extra["conf_int"]
    assert lo == pytest.approx(43.43, rel=0.02) and hi == pytest.approx(134.43, rel=0.02)


# ----------------------------------------------------------------- Kolari–Pynnönen adjustments (EventStudyTools)
@pytest.fixture(scope="module")
def est() -> pd.DataFrame:
    df = pd.read_csv(PUB / "eventstudytools_api" / "aar_stats_2017_autos.csv")
    return df.set_index(["group", "statistic"])


@pytest.mark.parametrize(("group", "n", "r_expected"), [("VW Group", 3, 0.0480), ("Other", 2, 0.6197)])
def test_kp_adjustments_reproduce_eventstudytools_published_values(est, group, n, r_expected):
    """One r̄ per group (implied by the day-0 adjusted Patell) reproduces the other nine adjusted values."""
    days = ["rel_-2", "rel_-1", "rel_0", "rel_1", "rel_2"]
    patell, adj_patell = est.loc[(group, "Patell Z"), days], est.loc[(group, "Adjusted Patell Z"), days]
    bmp, adj_bmp = est.loc[(group, "StdCSect Z"), days], est.loc[(group, "Adjusted StdCSect Z"), days]
    # solve 1/sqrt(1 + (N-1) r) = adjPatell/Patell on day 0 (the largest |Z|, least rounding)
    ratio = adj_patell["rel_0"] / patell["rel_0"]
    r_bar = (1 / ratio**2 - 1) / (n - 1)
    assert r_bar == pytest.approx(r_expected, abs=5e-4)
    for day in days:
        half_ulp = 5e-5 * (1 + abs(patell[day]))  # both published numbers are rounded to 4 decimals
        assert patell[day] * kp_patell_adjustment(n, r_bar) == pytest.approx(adj_patell[day], abs=3 * half_ulp), day
        assert bmp[day] * kp_bmp_adjustment(n, r_bar) == pytest.approx(adj_bmp[day], abs=2e-3 * (1 + abs(bmp[day]))), day


def test_kp_classes_apply_exactly_these_factors(tmp_path):
    """The test classes multiply the base statistic by kp_*_adjustment(N, r̄) with their own r̄."""
    rng = np.random.default_rng(5)
    n, L = 6, 60
    common = rng.normal(size=L)
    est = 0.5 * common + rng.normal(size=(n, L))
    sessions = np.tile(pd.bdate_range("2024-01-01", periods=L).to_numpy(), (n, 1))
    panel = ARPanel(
        event_ids=np.arange(n).astype(str).astype(object), rel_days=np.array([0, 1]), ar=rng.normal(size=(n, 2)) + 1,
        ar_cov=np.tile(np.eye(2), (n, 1, 1)), sigma=np.ones(n), dof=np.full(n, L - 2), nobs=np.full(n, L),
        est_ar=est, est_rel_days=np.arange(-L - 1, -1), est_sessions=sessions,
        day0=np.full(n, np.datetime64("2024-06-03", "ns")),
    )
    kp, kb = KolariPynnonenPatell().compute(panel, (0, 1)), KolariPynnonenBMP().compute(panel, (0, 1))
    r = kp.extra["r_bar"]
    assert 0.05 < r < 0.5 and kb.extra["r_bar"] == r
    assert kp.stat == pytest.approx(kp.extra["patell_z"] * kp_patell_adjustment(n, r), rel=1e-14)
    assert kb.stat == pytest.approx(kb.extra["bmp_t"] * kp_bmp_adjustment(n, r), rel=1e-14)


def test_kp_factors_edge_cases():
    assert kp_patell_adjustment(5, 0.0) == 1.0 and kp_bmp_adjustment(5, 0.0) == 1.0
    assert math.isnan(kp_patell_adjustment(3, -0.6))  # 1 + (N-1) r <= 0: undefined, not a crash
    assert math.isnan(kp_bmp_adjustment(3, float("nan")))


# ----------------------------------------------------------------- estudy2 (R) on the toolkit data
ESTUDY2 = PUB / "estudy2" / "estudy2_output.csv"


@pytest.fixture(scope="module")
def estudy2() -> pd.DataFrame:
    return pd.read_csv(ESTUDY2, dtype={"value": str})


@pytest.fixture(scope="module", params=[(0, 1), (-1, 1)], ids=["W2", "W3"])
def estudy2_case(request):
    """(our panel with event window ``window``, estudy2's name of that window)."""
    window = request.param
    return _toolkit_panel(window=window), {(0, 1): "2020-03-20..2020-03-23", (-1, 1): "2020-03-19..2020-03-23"}[window]


def _e2(df, fn, stat, window, date):
    row = df[(df.test_function == fn) & (df.statistic_name == stat) & (df.window == window) & (df.date == date)]
    assert len(row) == 1, (fn, stat, window, date)
    return float(row.value.iloc[0])


E2_DAILY = [
    ("corrado_zivney", "corrado_sign_test", "csign_stat"),
    ("corrado_rank", "rank_test", "rank_stat"),
    ("wilcoxon_w_plus", "wilcoxon_test", "wlcx_stat"),
    ("sign", "sign_test", "sign_stat"),
    ("gen_sign", "generalized_sign_test", "gsign_stat"),
    ("cs_t", "t_test", "t_test_stat"),
    ("ts_t", "brown_warner_1985", "bw_1985_stat"),
    ("bmp", "boehmer", "bh_stat"),
]


def _ours(code: str, panel: ARPanel, w: tuple[int, int]) -> float:
    from marketimpact.study.statistics import (
        BMPTest,
        CorradoRank,
        CorradoZivney,
        CrossSectionalT,
        GeneralizedSign,
        SignTest,
        TimeSeriesT,
    )

    if code == "wilcoxon_w_plus":
        return WilcoxonSignedRank().compute(panel, w).extra["w_plus"]
    cls = {"corrado_zivney": CorradoZivney, "corrado_rank": CorradoRank, "sign": SignTest,
           "gen_sign": GeneralizedSign, "cs_t": CrossSectionalT, "ts_t": TimeSeriesT, "bmp": BMPTest}[code]
    return cls().compute(panel, w).stat


@pytest.mark.parametrize(("code", "fn", "stat"), E2_DAILY, ids=[c[0] for c in E2_DAILY])
def test_estudy2_daily_statistics(estudy2, estudy2_case, code, fn, stat):
    """estudy2 0.9.2 run on the toolkit data: every event day of both windows, rtol 1e-9."""
    panel, wname = estudy2_case
    days = dict(zip(panel.rel_days.tolist(), ["2020-03-19", "2020-03-20", "2020-03-23"][3 - len(panel.rel_days):]))
    for d, date in days.items():
        assert _ours(code, panel, (d, d)) == pytest.approx(_e2(estudy2, fn, stat, wname, date), rel=1e-9), (code, date)


def test_estudy2_cumulative_rank_and_time_series_t(estudy2, estudy2_case):
    from marketimpact.study.statistics import CorradoRank, TimeSeriesT

    panel, wname = estudy2_case
    w = (int(panel.rel_days[0]), int(panel.rel_days[-1]))
    assert CorradoRank().compute(panel, w).stat == pytest.approx(
        _e2(estudy2, "car_rank_test", "statistic", wname, wname), rel=1e-9)
    assert TimeSeriesT().compute(panel, w).stat == pytest.approx(
        _e2(estudy2, "car_brown_warner_1985", "statistic", wname, wname), rel=1e-9)


def test_estudy2_patell_differs_only_by_its_ddof_1_residual_sd(estudy2):
    """estudy2's Patell uses s_i = √(SSR/(L−1)); ours the model's √(SSR/(L−2)) with the same PE correction."""
    from marketimpact.study.statistics import PatellZ

    panel = _toolkit_panel(window=(0, 1), pe_correction=True)
    L = 50
    for d, date in ((0, "2020-03-20"), (1, "2020-03-23")):
        ours = PatellZ().compute(panel, (d, d)).stat
        want = _e2(estudy2, "patell", "pt_stat", "2020-03-20..2020-03-23", date)
        assert ours * math.sqrt((L - 1) / (L - 2)) == pytest.approx(want, rel=1e-9)  # smaller s_i, larger SAR


# ----------------------------------------------------------------- the same published numbers through the batch CLI
@pytest.mark.filterwarnings("ignore::marketimpact.errors.MarketImpactWarning")
@pytest.mark.parametrize("engine", ["numpy", "reference"])
def test_estudy2_values_through_the_batch_cli_with_default_flags(estudy2, tmp_path, capsys, engine):
    """The toolkit's returns saved the pandas way (df.to_parquet(), dates as the index) and its 100 events
    through `marketimpact batch --returns` with only the study design as flags (estimation −60..−11,
    window 0..+1: no min_obs, CAR-window or test flags; all default tests): estudy2's published daily
    and cumulative statistics come out of the tests file, rtol 1e-9, in both engines. Not expressible
    with default flags: the toolkit's own uncorrected Patell/BMP (there is no CLI flag for pe_correction)."""
    from marketimpact import cli

    d = pd.read_csv(PUB / "event_study_toolkit" / "returns_2019-12-23_2020-03-23.csv", parse_dates=["date"])
    wide = d.pivot(index="date", columns="subject_id", values="ret_dlst_adj")
    wide.columns = [f"FIRM{c:03d}" for c in wide.columns]
    wide["MKT"] = d.groupby("date").vwretd.first()
    wide.to_parquet(tmp_path / "returns.parquet")
    ev = pd.read_csv(PUB / "event_study_toolkit" / "events.csv")
    pd.DataFrame({"event_id": [f"F{s}" for s in ev.subject_id], "ticker": [f"FIRM{s:03d}" for s in ev.subject_id],
                  "date": pd.to_datetime(ev.EVT_DATE, format="%m/%d/%Y").dt.strftime("%Y-%m-%d")}
                 ).to_csv(tmp_path / "events.csv", index=False)
    code = cli.main(["batch", str(tmp_path / "events.csv"), "--prices", str(tmp_path / "returns.parquet"), "--returns",
                     "--benchmark", "MKT", "--estimation", "-60", "-11", "--window", "0", "1", "--engine", engine,
                     "--out", str(tmp_path / "res.csv"), "--tests-out", str(tmp_path / "tests.csv")])
    assert code == 0, capsys.readouterr().err
    got = pd.read_csv(tmp_path / "tests.csv").set_index(["test", "rel_day_start", "rel_day_end"])["statistic"]
    wname = "2020-03-20..2020-03-23"
    for code_, fn, stat in E2_DAILY:
        if code_ == "wilcoxon_w_plus":
            continue  # the tests file holds the normal z, not W+
        for day, date in ((0, "2020-03-20"), (1, "2020-03-23")):
            assert got[(code_, day, day)] == pytest.approx(_e2(estudy2, fn, stat, wname, date), rel=1e-9), (code_, day)
    assert got[("corrado_rank", 0, 1)] == pytest.approx(_e2(estudy2, "car_rank_test", "statistic", wname, wname), rel=1e-9)
    assert got[("ts_t", 0, 1)] == pytest.approx(_e2(estudy2, "car_brown_warner_1985", "statistic", wname, wname),
                                                rel=1e-9)
