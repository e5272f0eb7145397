"""Multi-event test statistics: independent numpy recomputations, published values, invariances.

Published references (tests/data/published/README.md):
* sipemu/eventstudy golden values (R package EventStudy): exact double output, compared at rtol 1e-9
  (atol 1e-12), both as published and against the clearly labelled textbook values.
* event_study_toolkit (PyPI 1.0.0) tutorial: full-precision re-run values at rtol 1e-9 and the
  6-decimal printed tutorial values at atol 5e-7.
Both are turned into prices and run through EventStudy + build_panel, as in tests/test_models.py.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from marketimpact import Event, EventStudy
from marketimpact.study.panel import ARPanel, build_panel
from marketimpact.study.statistics import (
    ALL_TESTS,
    BMPTest,
    BootstrapCAAR,
    CorradoRank,
    CorradoZivney,
    CrossSectionalT,
    GeneralizedSign,
    GRank,
    KolariPynnonenBMP,
    KolariPynnonenPatell,
    PatellZ,
    SignTest,
    TestStatistic,
    TimeSeriesT,
    WilcoxonSignedRank,
    run_tests,
)

SIPEMU = "tests/data/published/sipemu_eventstudy"
TOOLKIT = "tests/data/published/event_study_toolkit"
RTOL = 1e-9


# ------------------------------------------------------------------------------------------------
# synthetic panel, built directly with numpy
# ------------------------------------------------------------------------------------------------
def _synthetic_panel(seed: int = 7, n: int = 15, e: int = 60, rel=(-3, 3)) -> ARPanel:
    rng = np.random.default_rng(seed)
    rel_days = np.arange(rel[0], rel[1] + 1)
    t = rel_days.size
    cal = pd.bdate_range("2020-01-01", periods=800)
    # events 0..8 share day 0 (clustered); the others are spread so that some pairs overlap by a few
    # sessions only and some not at all
    pos0 = np.array([300] * 9 + [305, 355, 365, 500, 640, 700][: n - 9])
    lengths = rng.integers(40, e + 1, n)
    lengths[0] = e
    sigma = rng.uniform(0.005, 0.03, n)
    common = rng.normal(0, 1, 800)
    est_rel = np.arange(-10 - e, -10)
    est = np.full((n, e), np.nan)
    sess = np.full((n, e), np.datetime64("NaT"), dtype="datetime64[ns]")
    for i in range(n):
        k = lengths[i]
        idx = pos0[i] + est_rel[e - k:]
        est[i, e - k:] = sigma[i] * (0.5 * common[idx] + rng.normal(0, 1, k))
        sess[i, e - k:] = cal[idx].to_numpy()
    ar = sigma[:, None] * rng.standard_t(5, (n, t)) + rng.normal(0.004, 0.01, (n, 1))
    cov = np.empty((n, t, t))
    for i in range(n):
        b = rng.normal(0, 1, (t, 2))
        cov[i] = sigma[i] ** 2 * (np.eye(t) + b @ b.T / lengths[i])
    return ARPanel(
        event_ids=np.array([f"E{i}" for i in range(n)], dtype=object), rel_days=rel_days, ar=ar, ar_cov=cov,
        sigma=sigma, dof=lengths - 2, nobs=lengths, est_ar=est, est_rel_days=est_rel, est_sessions=sess,
        day0=cal[pos0].to_numpy(), groups=np.array(["a", "b"] * (n // 2) + ["a"] * (n % 2), dtype=object),
    )


@pytest.fixture(scope="module")
def panel() -> ARPanel:
    return _synthetic_panel()


WINDOWS = [(0, 0), (-1, 1), (-3, 3), (2, 2)]


def _rows(p: ARPanel):
    """Per event: (finite estimation residuals, their sessions, event-window ARs) — plain Python."""
    out = []
    for i in range(p.n_events):
        m = np.isfinite(p.est_ar[i])
        out.append((p.est_ar[i][m], p.est_sessions[i][m], p.ar[i]))
    return out


def _cols(p: ARPanel, w):
    return [j for j, d in enumerate(p.rel_days) if w[0] <= d <= w[1]]


def _rbar_loop(p: ARPanel, min_overlap: int = 10) -> float:
    rows = _rows(p)
    vals = []
    for i, j in itertools.combinations(range(p.n_events), 2):
        si = dict(zip(rows[i][1].tolist(), rows[i][0]))
        sj = dict(zip(rows[j][1].tolist(), rows[j][0]))
        both = sorted(set(si) & set(sj))
        need = max(min(min_overlap, len(si), len(sj)), 3)
        if len(both) >= need:
            vals.append(np.corrcoef([si[s] for s in both], [sj[s] for s in both])[0, 1])
        else:
            vals.append(0.0)
    return float(np.mean(vals))


# ------------------------------------------------------------------------------------------------
# (a) independent numpy recomputations on the synthetic panel
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("w", WINDOWS)
def test_cs_t_independent(panel, w):
    car = np.array([sum(panel.ar[i, j] for j in _cols(panel, w)) for i in range(panel.n_events)])
    n = len(car)
    t = car.mean() / (np.std(car, ddof=1) / math.sqrt(n))
    r = CrossSectionalT().compute(panel, w)
    assert r.stat == pytest.approx(t, rel=1e-12)
    assert r.stat == pytest.approx(stats.ttest_1samp(car, 0).statistic, rel=1e-12)
    assert r.df == n - 1 and r.n == n and r.estimate == pytest.approx(car.mean())
    assert r.se == pytest.approx(np.std(car, ddof=1) / math.sqrt(n))
    lo, _ = r.conf_int()
    assert lo == pytest.approx(car.mean() - stats.t.ppf(0.975, n - 1) * r.se)


@pytest.mark.parametrize("w", WINDOWS)
def test_ts_t_independent(panel, w):
    # estimation AAR per relative day over the events that have a residual on it
    aar = []
    for s in range(panel.est_ar.shape[1]):
        col = [panel.est_ar[i, s] for i in range(panel.n_events) if not np.isnan(panel.est_ar[i, s])]
        if col:
            aar.append(sum(col) / len(col))
    sd = np.std(aar, ddof=1)
    caar = np.mean([panel.ar[i, _cols(panel, w)].sum() for i in range(panel.n_events)])
    tw = len(_cols(panel, w))
    r = TimeSeriesT().compute(panel, w)
    assert r.stat == pytest.approx(caar / (math.sqrt(tw) * sd), rel=1e-12)
    assert r.df == len(aar) - 1
    assert r.se == pytest.approx(math.sqrt(tw) * sd)


def _patell_loop(p: ARPanel, w, factor=True):
    total = 0.0
    cols = _cols(p, w)
    for i in range(p.n_events):
        sar = [p.ar[i, j] / math.sqrt(p.ar_cov[i, j, j]) for j in cols]
        q = p.dof[i] / (p.dof[i] - 2) if factor else 1.0
        total += sum(sar) / math.sqrt(len(cols) * q)
    return total / math.sqrt(p.n_events)


@pytest.mark.parametrize("w", WINDOWS)
def test_patell_independent(panel, w):
    assert PatellZ().compute(panel, w).stat == pytest.approx(_patell_loop(panel, w), rel=1e-12)
    assert PatellZ(small_sample_factor=False).compute(panel, w).stat == pytest.approx(
        _patell_loop(panel, w, False), rel=1e-12)


def _bmp_loop(p: ARPanel, w):
    cols = _cols(p, w)
    scar = []
    for i in range(p.n_events):
        car = sum(p.ar[i, j] for j in cols)
        var = sum(p.ar_cov[i, j, k] for j in cols for k in cols)
        scar.append(car / math.sqrt(var))
    scar = np.array(scar)
    return scar.mean() / (np.std(scar, ddof=1) / math.sqrt(len(scar)))


@pytest.mark.parametrize("w", WINDOWS)
def test_bmp_independent(panel, w):
    r = BMPTest().compute(panel, w)
    assert r.stat == pytest.approx(_bmp_loop(panel, w), rel=1e-12)
    assert r.df == panel.n_events - 1


def _rbar_calendar_loop(p: ARPanel) -> tuple[float, int]:
    """The calendar estimator pair by pair: sum over shared sessions of residuals standardised over
    each event's own window, divided by sqrt(SS_i SS_j); and the pairs whose spans overlap."""
    rows = _rows(p)
    vals, used = [], 0
    for i, j in itertools.combinations(range(p.n_events), 2):
        (ei, si, _), (ej, sj, _) = rows[i], rows[j]
        ci, cj = ei - ei.mean(), ej - ej.mean()
        di = dict(zip(si.tolist(), ci / math.sqrt((ci**2).sum())))
        dj = dict(zip(sj.tolist(), cj / math.sqrt((cj**2).sum())))
        vals.append(sum(di[s] * dj[s] for s in set(di) & set(dj)))
        used += int(min(si) <= max(sj) and min(sj) <= max(si))
    return float(np.mean(vals)), used


def test_residual_correlation_independent(panel):
    from marketimpact.study.statistics import mean_residual_correlation

    r, used, pairs = mean_residual_correlation(panel, method="pairwise")
    assert r == pytest.approx(_rbar_loop(panel), rel=1e-10)
    assert pairs == panel.n_events * (panel.n_events - 1) // 2
    assert 0 < used < pairs  # the synthetic panel has clustered, partly overlapping and disjoint pairs
    # a looser overlap rule lets more pairs in
    r5, used5, _ = mean_residual_correlation(panel, min_overlap=5, method="pairwise")
    assert r5 == pytest.approx(_rbar_loop(panel, 5), rel=1e-10) and used5 >= used
    # the default O(N·E) calendar estimator, pair by pair
    rc, used_c, pairs_c = mean_residual_correlation(panel)
    r_loop, used_loop = _rbar_calendar_loop(panel)
    assert rc == pytest.approx(r_loop, rel=1e-10) and used_c == used_loop and pairs_c == pairs
    assert 0 < used_c < pairs


def test_calendar_correlation_equals_pairwise_when_windows_are_shared():
    """Pinned against the pairwise (O(N²)) definition: identical when the events share their estimation
    sessions (clustered on one date, the Kolari–Pynnönen case), close on the staggered synthetic panel."""
    from marketimpact.study.statistics import mean_residual_correlation

    rng = np.random.default_rng(2)
    for n, L in [(2, 8), (7, 40), (30, 120)]:
        est = rng.uniform(0.2, 0.9) * rng.normal(size=L) + rng.normal(size=(n, L))
        p = ARPanel(
            event_ids=np.arange(n).astype(str).astype(object), rel_days=np.array([0]), ar=rng.normal(size=(n, 1)),
            ar_cov=np.ones((n, 1, 1)), sigma=np.ones(n), dof=np.full(n, L - 2), nobs=np.full(n, L), est_ar=est,
            est_rel_days=np.arange(-L - 10, -10),
            est_sessions=np.tile(pd.bdate_range("2024-01-01", periods=L).to_numpy(), (n, 1)),
            day0=np.full(n, np.datetime64("2024-09-02", "ns")),
        )
        cal, pw = mean_residual_correlation(p), mean_residual_correlation(p, method="pairwise")
        assert cal[0] == pytest.approx(pw[0], rel=1e-12) and cal[1:] == pw[1:]
    staggered = _synthetic_panel()
    cal, pw = mean_residual_correlation(staggered)[0], mean_residual_correlation(staggered, method="pairwise")[0]
    assert abs(cal - pw) < 0.05, (cal, pw)


@pytest.mark.parametrize("w", WINDOWS)
def test_kp_bmp_and_kp_patell_independent(panel, w):
    n = panel.n_events
    for option, rb in (("pairwise", _rbar_loop(panel)), ("calendar", _rbar_calendar_loop(panel)[0])):
        kp = KolariPynnonenBMP(correlation=option).compute(panel, w)
        assert kp.stat == pytest.approx(_bmp_loop(panel, w) * math.sqrt((1 - rb) / (1 + (n - 1) * rb)), rel=1e-10)
        assert kp.extra["r_bar"] == pytest.approx(rb, rel=1e-10)
        kpp = KolariPynnonenPatell(correlation=option).compute(panel, w)
        assert kpp.stat == pytest.approx(_patell_loop(panel, w) / math.sqrt(1 + (n - 1) * rb), rel=1e-10)
        assert kpp.dist.dist.name == "norm" and kp.df == n - 1


def _corrado_loop(p: ARPanel, w, sample=False):
    rows = _rows(p)
    e = p.est_ar.shape[1]
    k = np.full((p.n_events, e + p.ar.shape[1]), np.nan)
    for i, (est, _, ar) in enumerate(rows):
        series = np.r_[est, ar]
        rk = stats.rankdata(series)
        k[i, e - len(est):] = rk / (len(series) + 1) - 0.5
    kbar = []
    for c in range(k.shape[1]):
        col = [v for v in k[:, c] if not np.isnan(v)]
        kbar.append(sum(col) / len(col) if col else np.nan)
    kbar = np.array(kbar)
    days = kbar[~np.isnan(kbar)]
    s = np.std(days, ddof=1) if sample else math.sqrt(sum(v * v for v in days) / len(days))
    kw = [kbar[e + j] for j in _cols(p, w)]
    return sum(kw) / (math.sqrt(len(kw)) * s)


@pytest.mark.parametrize("w", WINDOWS)
def test_corrado_rank_independent(panel, w):
    assert CorradoRank().compute(panel, w).stat == pytest.approx(_corrado_loop(panel, w), rel=1e-12)
    assert CorradoRank("sample").compute(panel, w).stat == pytest.approx(_corrado_loop(panel, w, True), rel=1e-12)


def _cz_loop(p: ARPanel, w):
    rows = _rows(p)
    e = p.est_ar.shape[1]
    g = np.full((p.n_events, e + p.ar.shape[1]), np.nan)
    for i, (est, _, ar) in enumerate(rows):
        series = np.r_[est, ar]
        g[i, e - len(est):] = np.sign(series - np.median(series))
    gt = []
    for c in range(g.shape[1]):
        col = [v for v in g[:, c] if not np.isnan(v)]
        gt.append(sum(col) / math.sqrt(len(col)) if col else np.nan)
    gt = np.array(gt)
    s = math.sqrt(np.mean(gt[~np.isnan(gt)] ** 2))
    gw = [gt[e + j] for j in _cols(p, w)]
    return sum(gw) / (math.sqrt(len(gw)) * s)


@pytest.mark.parametrize("w", WINDOWS)
def test_corrado_zivney_independent(panel, w):
    assert CorradoZivney().compute(panel, w).stat == pytest.approx(_cz_loop(panel, w), rel=1e-12)


def _tiny_panel() -> ARPanel:
    """Two events, two estimation days, one event day; hand-computable."""
    return ARPanel(
        event_ids=np.array(["A", "B"], dtype=object), rel_days=np.array([0]), ar=np.array([[5.0], [2.0]]),
        ar_cov=np.ones((2, 1, 1)), sigma=np.ones(2), dof=np.array([5, 5]), nobs=np.array([7, 7]),
        est_ar=np.array([[1.0, 2.0], [3.0, 1.0]]), est_rel_days=np.array([-2, -1]),
        est_sessions=np.array([["2024-01-02", "2024-01-03"]] * 2, dtype="datetime64[ns]"),
        day0=np.array(["2024-01-10"] * 2, dtype="datetime64[ns]"),
    )


def test_corrado_zivney_and_corrado_hand_example():
    # Event A: series (1, 2, 5), median 2 -> G = (-1, 0, +1); event B: (3, 1, 2), median 2 -> G = (+1, -1, 0).
    # g_t = sum_i G / sqrt(2) = (0, -1/sqrt2, +1/sqrt2); S_G = sqrt((0 + 1/2 + 1/2)/3) = sqrt(1/3);
    # z(day 0) = (1/sqrt2)/sqrt(1/3) = sqrt(3/2).
    p = _tiny_panel()
    assert CorradoZivney().compute(p, (0, 0)).stat == pytest.approx(math.sqrt(1.5), rel=1e-14)
    # Corrado: K = rank/4 - 1/2: A (-1/4, 0, 1/4), B (1/4, -1/4, 0); Kbar = (0, -1/8, 1/8);
    # S_K = sqrt((1/64 + 1/64)/3) -> z = (1/8)/S_K = sqrt(3/2); sample sd (ddof 1, mean 0) -> sqrt(1)
    assert CorradoRank().compute(p, (0, 0)).stat == pytest.approx(math.sqrt(1.5), rel=1e-14)
    assert CorradoRank("sample").compute(p, (0, 0)).stat == pytest.approx(1.0, rel=1e-14)


def _grank_loop(p: ARPanel, w, variance, event_scale, sel=None):
    cols = _cols(p, w)
    rows = _rows(p)
    scar = np.array([p.ar[i, cols].sum() / math.sqrt(p.ar_cov[i][np.ix_(cols, cols)].sum()) for i in range(p.n_events)])
    s_scar = np.std(scar, ddof=1)
    sel = list(range(p.n_events)) if sel is None else sel
    e = p.est_ar.shape[1]
    u = np.full((len(sel), e + 1), np.nan)
    for r, i in enumerate(sel):
        est = rows[i][0] / p.sigma[i]
        ev = scar[i] / s_scar * (math.sqrt(len(cols)) if event_scale == "toolkit" else 1)
        vals = np.r_[est, ev]
        u[r, e - len(est):] = stats.rankdata(vals) / (len(vals) + 1) - 0.5
    n = len(sel)
    u0 = u[:, -1].mean()
    if variance == "analytic":
        ti = np.isfinite(u).sum(axis=1)
        return u0 / math.sqrt(sum((t - 1) / (t + 1) for t in ti) / (12 * n * n)), None
    tot, tp = 0.0, 0
    for c in range(u.shape[1]):
        col = [v for v in u[:, c] if not np.isnan(v)]
        if col:
            tp += 1
            tot += len(col) / n * (sum(col) / len(col)) ** 2
    z = u0 / math.sqrt(tot / tp)
    return z, z * math.sqrt((tp - 2) / (tp - 1 - z * z))


@pytest.mark.parametrize("w", WINDOWS)
def test_grank_independent(panel, w):
    z, tg = _grank_loop(panel, w, "empirical", "paper")
    r = GRank().compute(panel, w)
    assert r.stat == pytest.approx(tg, rel=1e-12) and r.extra["z"] == pytest.approx(z, rel=1e-12)
    assert r.df == panel.est_ar.shape[1] + 1 - 2
    za, _ = _grank_loop(panel, w, "analytic", "toolkit")
    ra = GRank(variance="analytic", event_scale="toolkit").compute(panel, w)
    assert ra.stat == pytest.approx(za, rel=1e-12) and ra.dist.dist.name == "norm"
    # group option: only group "b" tested, restandardisation over all events
    sel = [i for i in range(panel.n_events) if panel.groups[i] == "b"]
    zg, _ = _grank_loop(panel, w, "analytic", "paper", sel)
    rg = GRank(variance="analytic", group="b").compute(panel, w)
    assert rg.stat == pytest.approx(zg, rel=1e-12) and rg.n == len(sel)


@pytest.mark.parametrize("w", WINDOWS)
def test_gen_sign_and_sign_independent(panel, w):
    rows = _rows(panel)
    p = np.mean([np.mean(est > 0) for est, _, _ in rows])
    car = [panel.ar[i, _cols(panel, w)].sum() for i in range(panel.n_events)]
    n, pos = len(car), sum(c > 0 for c in car)
    g = GeneralizedSign().compute(panel, w)
    assert g.stat == pytest.approx((pos - n * p) / math.sqrt(n * p * (1 - p)), rel=1e-12)
    assert g.extra["p_hat"] == pytest.approx(p)
    s = SignTest().compute(panel, w)
    assert s.stat == pytest.approx((pos - n / 2) / (math.sqrt(n) / 2), rel=1e-12)


@pytest.mark.parametrize("w", WINDOWS)
def test_wilcoxon_independent(panel, w):
    car = np.array([panel.ar[i, _cols(panel, w)].sum() for i in range(panel.n_events)])
    n = len(car)
    order = np.argsort(np.abs(car))
    rank = np.empty(n)
    rank[order] = np.arange(1, n + 1)  # no ties in continuous synthetic data
    w_plus = rank[car > 0].sum()
    z = (w_plus - n * (n + 1) / 4) / math.sqrt(n * (n + 1) * (2 * n + 1) / 24)
    r = WilcoxonSignedRank().compute(panel, w)
    assert r.stat == pytest.approx(z, rel=1e-12)
    # N = 15 <= 50 without ties: scipy's exact p-value
    assert r.extra["method"] == "exact"
    assert r.pvalue == pytest.approx(stats.wilcoxon(car, method="exact").pvalue, rel=1e-12)
    # scipy's two-sided z is not signed (it uses min(W+, W-)); ours is signed by W+
    assert abs(r.stat) == pytest.approx(abs(stats.wilcoxon(car, method="asymptotic").zstatistic), rel=1e-12)


def test_wilcoxon_ties_zeros_and_large_n():
    # 60 events with ties and zeros: normal approximation with tie correction, zeros dropped
    rng = np.random.default_rng(3)
    car = np.round(rng.normal(0.3, 1, 60), 1)
    car[:3] = 0.0
    p = _panel_from_cars(car)
    r = WilcoxonSignedRank().compute(p, (0, 0))
    d = car[car != 0]
    n = d.size
    rk = stats.rankdata(np.abs(d))
    _, cnt = np.unique(np.abs(d), return_counts=True)
    var = n * (n + 1) * (2 * n + 1) / 24 - sum(c**3 - c for c in cnt) / 48
    assert r.stat == pytest.approx((rk[d > 0].sum() - n * (n + 1) / 4) / math.sqrt(var), rel=1e-12)
    assert r.extra["method"] == "normal approximation"
    assert r.pvalue == pytest.approx(2 * stats.norm.sf(abs(r.stat)), rel=1e-10)


def _panel_from_cars(car: np.ndarray) -> ARPanel:
    n = car.size
    return ARPanel(
        event_ids=np.arange(n).astype(str).astype(object), rel_days=np.array([0]), ar=car[:, None],
        ar_cov=np.ones((n, 1, 1)), sigma=np.ones(n), dof=np.full(n, 10), nobs=np.full(n, 12),
        est_ar=np.tile(np.linspace(-1, 1, 12), (n, 1)), est_rel_days=np.arange(-13, -1),
        est_sessions=np.tile(pd.bdate_range("2024-01-01", periods=12).to_numpy(), (n, 1)),
        day0=np.full(n, np.datetime64("2024-02-01", "ns")),
    )


@pytest.mark.parametrize("w", [(0, 0), (-1, 1)])
def test_bootstrap_independent(panel, w):
    car = np.array([panel.ar[i, _cols(panel, w)].sum() for i in range(panel.n_events)])
    n, b = car.size, 2000
    rng = np.random.default_rng(11)
    idx = rng.integers(0, n, size=(b, n), dtype=np.uint32)
    t = car.mean() / (car.std(ddof=1) / math.sqrt(n))
    tstar, means = [], []
    for row in idx:
        x = car[row]
        means.append(x.mean())
        tstar.append((x.mean() - car.mean()) / (x.std(ddof=1) / math.sqrt(n)))
    p = np.mean(np.abs(tstar) >= abs(t))
    r = BootstrapCAAR(n_boot=b, seed=11).compute(panel, w)
    assert r.stat == pytest.approx(t, rel=1e-12)
    assert r.pvalue == pytest.approx(p, abs=1e-15)
    np.testing.assert_allclose(r.conf_int(), np.percentile(means, [2.5, 97.5]), rtol=1e-12)
    # same seed, same answer; default B = 9999
    assert BootstrapCAAR(seed=1).compute(panel, w).extra == BootstrapCAAR(seed=1).compute(panel, w).extra
    assert BootstrapCAAR().n_boot == 9999


def test_bootstrap_many_windows_equal_one_window_at_a_time(panel):
    """run_tests draws the resamples once for all windows (bounded blocks); each window equals its own compute."""
    from marketimpact.study.statistics import _row_blocks

    test = BootstrapCAAR(n_boot=3001, seed=4)
    many = test.compute_many(panel, WINDOWS)
    for w, r in zip(WINDOWS, many):  # same resamples; sums of a wider matrix product agree to rounding
        one = test.compute(panel, w)
        assert r.stat == one.stat and r.extra["n_boot"] == one.extra["n_boot"]
        assert r.extra["pvalue"] == pytest.approx(one.extra["pvalue"], abs=1 / 3001)
        np.testing.assert_allclose(r.extra["conf_int"], one.extra["conf_int"], rtol=1e-12)
        assert r.extra["boot_se"] == pytest.approx(one.extra["boot_se"], rel=1e-12)
    assert [r.extra for r in run_tests(panel, WINDOWS, [test])] == [r.extra for r in many]
    assert len(_row_blocks(100_000, 240)) > 1  # 100k × 240 is handled in blocks


# ------------------------------------------------------------------------------------------------
# (b) published values
# ------------------------------------------------------------------------------------------------
def _prices_from_returns(rets: dict[str, np.ndarray], sessions: pd.DatetimeIndex) -> pd.DataFrame:
    """Closes (one leading base session) whose simple returns are ``rets``."""
    return pd.DataFrame({k: np.concatenate([[100.0], 100 * np.cumprod(1 + v)]) for k, v in rets.items()},
                        index=sessions)


def _sipemu_panel(pe_correction: bool) -> ARPanel:
    df = pd.read_csv(f"{SIPEMU}/market_model_three_events.csv")
    out = []
    for eid, g in df.groupby("event_id", sort=True):
        # all three events share the same calendar sessions (KP correlation is by session)
        sessions = pd.bdate_range("2024-01-01", periods=len(g) + 1)
        prices = _prices_from_returns({"FIRM": g.firm_return.to_numpy(), "MKT": g.index_return.to_numpy()}, sessions)
        day0 = sessions[1 + int(np.flatnonzero(g.relative_index.to_numpy() == 0)[0])]
        ev = Event(eid, day0.date(), "America/New_York", "day")
        # 8 estimation days: min_obs must be small
        # default flags (issue 14): min_obs = the 8-day window, CAR windows (0, 1) and (0, 2)
        spec = EventStudy("market", estimation=(-8, -1), window=(0, 2), return_kind="simple",
                          pe_correction=pe_correction)
        out.append(spec.run(ev, prices, "FIRM", "MKT"))
    return build_panel(out)


@pytest.fixture(scope="module")
def sipemu_raw() -> ARPanel:
    return _sipemu_panel(pe_correction=False)


@pytest.fixture(scope="module")
def sipemu_pe() -> ARPanel:
    return _sipemu_panel(pe_correction=True)


@pytest.fixture(scope="module")
def sipemu_expected() -> pd.DataFrame:
    exp = pd.read_csv(f"{SIPEMU}/expected_outputs.csv")
    return exp[exp.fixture == "E1-E3"]


def _pub(exp: pd.DataFrame, stat: str, col: str = "value_as_published") -> np.ndarray:
    return exp[exp.statistic == stat].sort_values("relative_day")[col].to_numpy(dtype=float)


AAR_DAYS = [(0, 0), (1, 1), (2, 2)]
CUM = [(0, 0), (0, 1), (0, 2)]

# (statistic class, panel fixture, sipemu statistic, value column, windows) — all rtol 1e-9
SIPEMU_CASES = [
    (CrossSectionalT(), "sipemu_pe", "csect_aar_t", "value_as_published", AAR_DAYS),
    (CrossSectionalT(), "sipemu_pe", "csect_caar_t", "value_as_published", CUM),
    (TimeSeriesT(), "sipemu_pe", "calendar_time_t", "value_as_published", AAR_DAYS),
    (TimeSeriesT(), "sipemu_pe", "calendar_time_cumulative_t", "value_as_published", CUM),
    # Patell: sipemu uses the day-specific prediction-error correction -> PE-corrected panel
    (PatellZ(), "sipemu_pe", "patell_aar_z", "value_as_published", AAR_DAYS),
    (PatellZ(), "sipemu_pe", "patell_caar_z", "value_as_published", CUM),
    # BMP: sipemu standardises by sigma without PE correction -> uncorrected panel ...
    (BMPTest(), "sipemu_raw", "bmp_t", "value_as_published", AAR_DAYS),
    (BMPTest(), "sipemu_raw", "bmp_cumulative_t", "value_as_published", CUM),
    # ... and the BMP (1991) textbook value (PE-corrected SAR) with the default PE-corrected panel
    (BMPTest(), "sipemu_pe", "bmp_t", "textbook_value_computed_by_us", AAR_DAYS),
    (KolariPynnonenBMP(), "sipemu_raw", "kolari_pynnonen_adj_bmp_t", "value_as_published", AAR_DAYS),
    (KolariPynnonenBMP(), "sipemu_raw", "kolari_pynnonen_adj_bmp_cumulative_t", "value_as_published", CUM),
    # Corrado: sipemu divides by the ddof = 1 sd; Corrado (1989) by sqrt(mean Kbar^2)
    (CorradoRank("sample"), "sipemu_pe", "corrado_rank_z", "value_as_published", AAR_DAYS),
    (CorradoRank(), "sipemu_pe", "corrado_rank_z", "textbook_value_computed_by_us", AAR_DAYS),
    (SignTest(), "sipemu_pe", "sign_z", "value_as_published", AAR_DAYS),
    (SignTest(), "sipemu_pe", "sign_cumulative_z", "value_as_published", CUM),
    (GeneralizedSign(), "sipemu_pe", "generalized_sign_z", "value_as_published", AAR_DAYS),
    (GeneralizedSign(), "sipemu_pe", "generalized_sign_cumulative_z", "value_as_published", CUM),
]


@pytest.mark.parametrize("test,fixture,stat,col,windows", SIPEMU_CASES,
                         ids=[f"{c[0].name}-{c[2]}-{c[3][:8]}" for c in SIPEMU_CASES])
def test_published_sipemu(request, sipemu_expected, test, fixture, stat, col, windows):
    """sipemu/eventstudy golden values, rtol 1e-9 (atol 1e-12)."""
    p = request.getfixturevalue(fixture)
    got = [test.compute(p, w).stat for w in windows]
    np.testing.assert_allclose(got, _pub(sipemu_expected, stat, col), rtol=RTOL, atol=1e-12)


def test_published_sipemu_aar_caar_and_mean_rank(sipemu_pe, sipemu_expected):
    np.testing.assert_allclose([CrossSectionalT().compute(sipemu_pe, w).estimate for w in AAR_DAYS],
                               _pub(sipemu_expected, "aar"), rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose([PatellZ().compute(sipemu_pe, w).estimate for w in CUM],
                               _pub(sipemu_expected, "caar"), rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose([CorradoRank().compute(sipemu_pe, w).extra["mean_rank"] for w in AAR_DAYS],
                               _pub(sipemu_expected, "corrado_mean_rank"), rtol=RTOL, atol=1e-12)
    # sipemu's r = 0.982703878470793 (SOURCE.md): all 3 pairs share their 8 sessions (< 10, so the tiny-panel rule)
    # (r depends only on the estimation residuals, identical with and without PE correction)
    kp = KolariPynnonenBMP().compute(sipemu_pe, (0, 0))
    assert kp.extra["r_bar"] == pytest.approx(0.982703878470793, rel=1e-9)
    assert kp.extra["pairs_used"] == 3
    assert TimeSeriesT().compute(sipemu_pe, (0, 0)).df == 7


def test_kp_bmp_pe_corrected_is_textbook_bmp_times_factor(sipemu_pe, sipemu_expected):
    """No published KP value with PE correction: it is the textbook BMP value times sipemu's factor."""
    r = 0.982703878470793
    fac = math.sqrt((1 - r) / (1 + 2 * r))
    got = [KolariPynnonenBMP().compute(sipemu_pe, w).stat for w in AAR_DAYS]
    np.testing.assert_allclose(got, _pub(sipemu_expected, "bmp_t", "textbook_value_computed_by_us") * fac, rtol=1e-9)


# --- event_study_toolkit ------------------------------------------------------------------------
def _toolkit_panel(window: tuple[int, int] = (0, 1), pe_correction: bool = False) -> ARPanel:
    """The event_study_toolkit panel (100 reference studies, seconds of CPU): built once per design
    for the whole run (here and in test_published_references.py); the tests only read it."""
    return _built_toolkit_panel(tuple(window), bool(pe_correction))


@functools.cache
def _built_toolkit_panel(window: tuple[int, int], pe_correction: bool) -> ARPanel:
    d = pd.read_csv(f"{TOOLKIT}/returns_2019-12-23_2020-03-23.csv", parse_dates=["date"])
    ev = pd.read_csv(f"{TOOLKIT}/events.csv")
    wide = d.pivot(index="date", columns="subject_id", values="ret_dlst_adj")
    mkt = d.groupby("date").vwretd.first()
    sessions = pd.DatetimeIndex([pd.Timestamp("2019-12-20"), *wide.index])
    rets = {f"FIRM{c:03d}": wide[c].to_numpy() for c in wide.columns}
    rets["MKT"] = mkt.to_numpy()
    prices = _prices_from_returns(rets, sessions)
    # estimation = first 50 sessions, 10-session gap, event window days 0 and +1 (2020-03-20, 2020-03-23);
    # the toolkit standardises without prediction-error correction
    spec = EventStudy("market", estimation=(-60, -11), window=window, return_kind="simple",
                      pe_correction=pe_correction)
    results, groups = [], []
    for row in ev.itertuples():
        e = Event(f"F{row.subject_id}", pd.Timestamp(row.EVT_DATE).date(), "America/New_York", "day")
        results.append(spec.run(e, prices, f"FIRM{row.subject_id:03d}", "MKT"))
        groups.append(int(row.CCAR))
    panel = build_panel(results, groups=groups)
    for value in vars(panel).values():  # shared by many tests: a test that wrote into it would fail here
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return panel


@pytest.fixture(scope="module")
def toolkit_panel() -> ARPanel:
    return _toolkit_panel()


@pytest.fixture(scope="module")
def toolkit_expected() -> pd.DataFrame:
    return pd.read_csv(f"{TOOLKIT}/expected_outputs.csv")


def _tk(exp, group, stat):
    r = exp[(exp.group == group) & (exp.statistic == stat)].iloc[0]
    return float(r.value_rerun_full_precision), float(r.value_published_in_tutorial)


TOOLKIT_CASES = [
    (CrossSectionalT(), "car_t"),
    (BMPTest(), "scar_t"),  # uncorrected panel = the toolkit's SCAR = CAR/(sigma sqrt(2))
    (PatellZ(small_sample_factor=False), "tpatell"),  # sqrt(N) mean(SCAR): no (m-2)/(m-4), no PE correction
    (SignTest(), "tsign"),
    (GeneralizedSign(), "gen_z"),
]


@pytest.mark.parametrize("test,stat", TOOLKIT_CASES, ids=[c[1] for c in TOOLKIT_CASES])
@pytest.mark.parametrize("group", ["all", "CCAR=0", "CCAR=1"])
def test_published_event_study_toolkit(toolkit_panel, toolkit_expected, test, stat, group):
    """event_study_toolkit: full-precision re-run rtol 1e-9; tutorial (6 dp) atol 5e-7."""
    p = toolkit_panel if group == "all" else toolkit_panel.subset(toolkit_panel.groups == int(group[-1]))
    full, printed = _tk(toolkit_expected, group, stat)
    got = test.compute(p, (0, 1)).stat
    assert got == pytest.approx(full, rel=RTOL, abs=1e-12)
    assert abs(got - printed) <= 5e-7


def test_published_event_study_toolkit_estimates(toolkit_panel, toolkit_expected):
    for group, p in [("all", toolkit_panel), ("CCAR=0", toolkit_panel.subset(toolkit_panel.groups == 0))]:
        r = GeneralizedSign().compute(p, (0, 1))
        assert r.estimate == pytest.approx(_tk(toolkit_expected, group, "car_mean")[0], rel=RTOL)
        assert r.extra["p_hat"] == pytest.approx(_tk(toolkit_expected, group, "e_est_pos")[0], rel=RTOL)
        assert r.extra["n_positive"] == _tk(toolkit_expected, group, "poscar_cnt")[0]
        assert r.n == _tk(toolkit_expected, group, "evt_count")[0]


@pytest.mark.parametrize("group", [0, 1])
def test_published_event_study_toolkit_grank(toolkit_panel, toolkit_expected, group):
    """GRANK-Z (event_study_toolkit convention): analytic variance, event value (CAR/sigma)/sd(SCAR),
    restandardised over all 100 firms while testing one CCAR group; rtol 1e-9 / atol 5e-7."""
    full, printed = _tk(toolkit_expected, f"CCAR={group}", "grank_z")
    r = GRank(variance="analytic", event_scale="toolkit", group=group).compute(toolkit_panel, (0, 1))
    assert r.stat == pytest.approx(full, rel=RTOL)
    assert abs(r.stat - printed) <= 5e-7
    # the paper's conventions give a different number on the same data (documented deviation)
    paper = GRank(variance="analytic", group=group).compute(toolkit_panel, (0, 1)).stat
    assert abs(paper - full) > 1e-3


# ------------------------------------------------------------------------------------------------
# structure, sidedness, invariances, run_tests
# ------------------------------------------------------------------------------------------------
def test_class_without_compute_or_name_fails_at_creation():
    with pytest.raises(TypeError, match="compute"):
        class NoCompute(TestStatistic):
            name = "no_compute"
            reference = "x"
            conventions = "y"

    with pytest.raises(TypeError, match="name"):
        class NoName(TestStatistic):
            reference = "x"
            conventions = "y"

            def compute(self, panel, window):
                raise NotImplementedError

    with pytest.raises(TypeError, match="compute"):
        class InheritsCompute(CrossSectionalT):
            name = "inherits"
            reference = "x"
            conventions = "y"

    class Intermediate(TestStatistic):  # exempt
        abstract = True

    class Concrete(Intermediate):
        name = "concrete_ok"
        reference = "x"
        conventions = "y"

        def compute(self, panel, window):
            return CrossSectionalT().compute(panel, window)

    assert Concrete().compute(_synthetic_panel(), (0, 0)).stat == CrossSectionalT().compute(
        _synthetic_panel(), (0, 0)).stat


def test_registry_metadata():
    assert set(ALL_TESTS) == {"cs_t", "ts_t", "patell", "bmp", "kp_bmp", "kp_patell", "corrado_rank",
                              "corrado_zivney", "grank", "gen_sign", "sign", "wilcoxon", "bootstrap"}
    for code, cls in ALL_TESTS.items():
        assert cls.name == code and cls.reference and cls.conventions and cls.__doc__ and ".. math::" in cls.__doc__


def _negated(p: ARPanel) -> ARPanel:
    return ARPanel(p.event_ids, p.rel_days, -p.ar, p.ar_cov, p.sigma, p.dof, p.nobs, -p.est_ar, p.est_rel_days,
                   p.est_sessions, p.day0, p.groups)


@pytest.mark.parametrize("code", sorted(ALL_TESTS))
def test_pvalues_are_two_sided(panel, code):
    test = ALL_TESTS[code](seed=5) if code == "bootstrap" else ALL_TESTS[code]()
    for w in [(0, 0), (-1, 2)]:
        r = test.compute(panel, w)
        neg = test.compute(_negated(panel), w)
        assert np.isfinite(r.stat) and 0 < r.pvalue <= 1
        # mirrored data: the statistic changes sign and the two-sided p-value does not change
        assert neg.stat == pytest.approx(-r.stat, rel=1e-10)
        assert neg.pvalue == pytest.approx(r.pvalue, rel=1e-10, abs=1e-12)
        if "pvalue" not in r.extra:
            assert r.pvalue == pytest.approx(2 * r.dist.sf(abs(r.stat)), rel=1e-12)
            assert r.pvalue == pytest.approx(r.dist.cdf(-abs(r.stat)) + r.dist.sf(abs(r.stat)), rel=1e-12)
        assert r.window == w and r.n == panel.n_events and r.reference and r.conventions


def _scaled(p: ARPanel, c: float) -> ARPanel:
    return ARPanel(p.event_ids, p.rel_days, c * p.ar, c * c * p.ar_cov, c * p.sigma, p.dof, p.nobs, c * p.est_ar,
                   p.est_rel_days, p.est_sessions, p.day0, p.groups)


@pytest.mark.parametrize("code", ["cs_t", "bmp", "patell", "corrado_rank", "sign", "ts_t", "kp_bmp", "kp_patell",
                                  "corrado_zivney", "grank", "gen_sign", "wilcoxon"])
def test_scale_invariance(panel, code):
    for c in (1e-3, 250.0):
        for w in [(0, 0), (-2, 1)]:
            a = ALL_TESTS[code]().compute(panel, w)
            b = ALL_TESTS[code]().compute(_scaled(panel, c), w)
            assert b.stat == pytest.approx(a.stat, rel=1e-9)
            assert b.estimate == pytest.approx(c * a.estimate, rel=1e-9)


def test_run_tests_shape_and_order(panel):
    days = [(int(d), int(d)) for d in panel.rel_days]
    res = run_tests(panel, [*days, (-1, 1)], ["cs_t", "patell", CorradoRank("sample")])
    assert len(res) == 3 * (len(days) + 1)
    assert [r.name for r in res[:3]] == ["cs_t", "patell", "corrado_rank"]
    assert res[-1].window == (-1, 1)
    assert res[4].stat == PatellZ().compute(panel, days[1]).stat
    everything = run_tests(panel, [(0, 1)])
    assert [r.name for r in everything] == list(ALL_TESTS)
    with pytest.raises(ValueError, match="unknown test"):
        run_tests(panel, [(0, 0)], ["nope"])


def test_windows_are_checked(panel):
    from marketimpact.errors import WindowError

    with pytest.raises(WindowError):
        CrossSectionalT().compute(panel, (2, 1))
    with pytest.raises(WindowError):
        PatellZ().compute(panel, (0, 9))


def test_single_event_panel_gives_nan_not_an_error(panel):
    one = panel.subset(np.arange(panel.n_events) == 0)
    for r in run_tests(one, [(0, 0), (-1, 1)], ["cs_t", "bmp", "kp_bmp", "ts_t", "patell", "wilcoxon", "sign"]):
        assert r.n == 1
        if r.name in ("cs_t", "bmp", "kp_bmp"):
            assert np.isnan(r.stat) and np.isnan(r.pvalue)


def test_spec_test_names_are_the_statistics_module_codes():
    """StudySpec validates test codes without importing scipy: its list must be ALL_TESTS, in order."""
    from marketimpact.study.spec import DEFAULT_TESTS, TEST_NAMES

    assert TEST_NAMES == tuple(ALL_TESTS)
    assert DEFAULT_TESTS == TEST_NAMES


# ----------------------------------------------------------------------------------------------
# Distribution: scipy.stats' numbers without importing scipy.stats (start-up of the seed study)
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("df", [1, 2, 3, 7.5, 28, 238, 1e6, np.inf, 0, -1, np.nan])
def test_distribution_is_scipy_stats_to_the_bit(df):
    """student_t/std_normal evaluate cdf, sf, ppf and isf with the scipy.special functions scipy.stats
    calls, ends of the support and invalid arguments included: equal, not approximately equal."""
    from marketimpact.study.results_base import std_normal, student_t, t_sf

    rng = np.random.default_rng(7)
    x = np.concatenate([rng.normal(0, 4, 500), [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-300, 60.0, -60.0]])
    q = np.concatenate([rng.uniform(0, 1, 500), [0.0, 1.0, -0.5, 1.5, np.nan, 1e-300, 0.5, 0.975]])
    for ours, ref in [(student_t(df), stats.t(df)), (std_normal(), stats.norm())]:
        for method, arg in [("cdf", x), ("sf", x), ("ppf", q), ("isf", q)]:
            np.testing.assert_array_equal(getattr(ours, method)(arg), getattr(ref, method)(arg))
            for v in arg[-8:]:  # scalars give numpy scalars, as scipy's do
                a, b = getattr(ours, method)(v), getattr(ref, method)(v)
                assert type(a) is type(b) and (a == b or (np.isnan(a) and np.isnan(b)))
    dfs = np.full(x.shape, df)
    np.testing.assert_array_equal(t_sf(x, dfs), stats.t.sf(x, dfs))


def test_distribution_hands_the_rest_to_scipy_stats():
    import pickle

    from marketimpact.study.results_base import std_normal, student_t

    t5 = student_t(5)
    assert t5.args == (5,) and t5.kwds == {} and t5.dist.name == "t" and std_normal().dist.name == "norm"
    assert t5.pdf(0.3) == stats.t(5).pdf(0.3) and t5.interval(0.9) == stats.t(5).interval(0.9)
    back = pickle.loads(pickle.dumps(t5))
    assert back.args == (5,) and back.sf(1.2) == t5.sf(1.2)
