"""Normal-return models and the single-event t test, against hand calculations and published values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from marketimpact import Event, EventStudy, MarketModel
from marketimpact.study.models import ConstantMeanModel, FactorModel, MarketAdjustedModel

PUB = "tests/data/published/sipemu_eventstudy"


def _synthetic(n=300, seed=1):
    rng = np.random.default_rng(seed)
    m = rng.normal(0.0003, 0.01, n)
    y = 0.0005 + 1.3 * m + rng.normal(0, 0.012, n)
    return pd.Series(y), pd.DataFrame({"market": m})


def test_market_model_matches_numpy_hand_calculation():
    y, X = _synthetic()
    fm = MarketModel().fit(y, X)
    m = X["market"].to_numpy()
    b = np.sum((m - m.mean()) * (y - y.mean())) / np.sum((m - m.mean()) ** 2)
    a = y.mean() - b * m.mean()
    resid = y - a - b * m
    sigma = np.sqrt(np.sum(resid**2) / (len(y) - 2))  # ddof = 2
    assert fm.params["alpha"] == pytest.approx(a, abs=1e-14)
    assert fm.params["beta"] == pytest.approx(b, rel=1e-12)
    assert fm.sigma == pytest.approx(sigma, rel=1e-12)
    assert fm.dof == len(y) - 2 and fm.nobs == len(y)


def test_prediction_error_variance_is_the_textbook_formula():
    y, X = _synthetic()
    fm = MarketModel().fit(y, X)
    m = X["market"].to_numpy()
    me = pd.DataFrame({"market": [0.02, -0.01, 0.0]})
    V = fm.ar_covariance(me, 3)
    L, mbar, sxx = len(m), m.mean(), np.sum((m - m.mean()) ** 2)
    diag = fm.sigma**2 * (1 + 1 / L + (me["market"].to_numpy() - mbar) ** 2 / sxx)
    np.testing.assert_allclose(np.diag(V), diag, rtol=1e-12)
    # off-diagonal: sigma^2 (1/L + (m_t - mbar)(m_s - mbar)/Sxx)
    off = fm.sigma**2 * (1 / L + (0.02 - mbar) * (-0.01 - mbar) / sxx)
    assert V[0, 1] == pytest.approx(off, rel=1e-10)
    np.testing.assert_allclose(fm.ar_covariance(me, 3, correct=False), np.eye(3) * fm.sigma**2)


def test_constant_mean_and_market_adjusted():
    y, X = _synthetic()
    cm = ConstantMeanModel().fit(y)
    assert cm.params["alpha"] == pytest.approx(y.mean())
    assert cm.sigma == pytest.approx(y.std(ddof=1))  # k = 1 parameter → ddof 1
    ma = MarketAdjustedModel().fit(y, X)
    assert ma.sigma == pytest.approx((y - X["market"]).std(ddof=1))
    assert (ma.params == pd.Series({"alpha": 0.0, "beta": 1.0})).all()


def test_factor_model_equals_numpy_lstsq():
    rng = np.random.default_rng(3)
    X = pd.DataFrame({"^GSPC": rng.normal(0, 0.01, 200), "DX-Y.NYB": rng.normal(0, 0.005, 200)})
    y = pd.Series(0.001 + 0.4 * X["^GSPC"] - 0.9 * X["DX-Y.NYB"] + rng.normal(0, 0.01, 200))
    fm = FactorModel(["^GSPC", "DX-Y.NYB"]).fit(y, X)
    D = np.column_stack([np.ones(200), X.to_numpy()])
    coef, *_ = np.linalg.lstsq(D, y.to_numpy(), rcond=None)
    np.testing.assert_allclose(fm.params.to_numpy(), coef, rtol=1e-10)
    assert fm.dof == 197


def _sipemu_s1():
    df = pd.read_csv(f"{PUB}/market_model_single_event.csv")
    sessions = pd.bdate_range("2024-01-01", periods=len(df) + 1)
    # build prices whose simple returns equal the published returns
    firm = np.concatenate([[100.0], 100 * np.cumprod(1 + df.firm_return.to_numpy())])
    mkt = np.concatenate([[100.0], 100 * np.cumprod(1 + df.index_return.to_numpy())])
    prices = pd.DataFrame({"FIRM": firm, "MKT": mkt}, index=sessions)
    day0 = sessions[1 + int(np.flatnonzero(df.relative_index.to_numpy() == 0)[0])]
    ev = Event("S1", day0.date(), "America/New_York", "day")
    return prices, ev


def test_published_sipemu_ar_and_car_t_without_pe_correction():
    """sipemu/eventstudy golden values (AR/sigma, CAR/(sqrt(L) sigma), no PE correction), rtol 1e-9."""
    prices, ev = _sipemu_s1()
    res = EventStudy("market", estimation=(-6, -1), window=(0, 2), return_kind="simple", pe_correction=False).run(ev, prices, "FIRM", "MKT")
    exp = pd.read_csv(f"{PUB}/expected_outputs.csv")
    s1 = exp[exp.fixture == "S1"]
    assert res.fitted.sigma == pytest.approx(float(s1[s1.statistic == "sigma"].value_as_published.iloc[0]), rel=1e-9)
    ar_t = s1[s1.statistic == "ar_t"].value_as_published.to_numpy(dtype=float)
    np.testing.assert_allclose(res.frame["ar_t"].to_numpy(), ar_t, rtol=1e-9)
    car_t = s1[s1.statistic == "car_t"].value_as_published.to_numpy(dtype=float)
    got = [res.car_test(0, 0).stat, res.car_test(0, 1).stat, res.car_test(0, 2).stat]
    np.testing.assert_allclose(got, car_t, rtol=1e-9)


def test_pe_corrected_ar_t_matches_textbook_value():
    """Same fixture, textbook (MacKinlay 1997) prediction-error-corrected AR t."""
    prices, ev = _sipemu_s1()
    res = EventStudy("market", estimation=(-6, -1), window=(0, 2), return_kind="simple").run(ev, prices, "FIRM", "MKT")
    exp = pd.read_csv(f"{PUB}/expected_outputs.csv")
    tb = exp[(exp.fixture == "S1") & (exp.statistic == "ar_t")].textbook_value_computed_by_us.to_numpy(dtype=float)
    np.testing.assert_allclose(res.frame["ar_t"].to_numpy(), tb, rtol=1e-9)


@pytest.mark.parametrize("seed", range(40))
def test_numpy_ols_engine_is_the_statsmodels_reference_to_the_bit(seed):
    """The default "numpy" OLS engine repeats statsmodels' pinv algorithm: every number of the fit
    equals the statsmodels engine's exactly (market, constant-mean, factor and Dimson models)."""
    from marketimpact.study.models import DimsonModel

    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(8, 400)), int(rng.integers(1, 4))
    X = pd.DataFrame({f"f{j}": rng.normal(0, 10 ** rng.uniform(-4, 0), n) for j in range(k)})
    X["market"] = X["f0"]
    y = pd.Series(0.3 * X["f0"] + rng.normal(0, 10 ** rng.uniform(-4, 0), n))
    Xd = DimsonModel().prepare(X).iloc[1:-1]
    cases = [(MarketModel, y, X), (ConstantMeanModel, y, X), (DimsonModel, y.iloc[1:-1], Xd),
             (lambda **kw: FactorModel(list(X.columns[:k]), **kw), y, X)]
    for make, yy, XX in cases:
        fast, ref = make().fit(yy, XX, min_obs=5), make(engine="statsmodels").fit(yy, XX, min_obs=5)
        assert fast.result._res is None  # statsmodels not run by the numpy engine
        pd.testing.assert_series_equal(fast.params, ref.params, check_exact=True)
        pd.testing.assert_series_equal(fast.residuals, ref.residuals, check_exact=True)
        assert (fast.sigma, fast.dof, fast.nobs) == (ref.sigma, ref.dof, ref.nobs)
        assert fast.r2 == ref.r2 or (np.isnan(fast.r2) and np.isnan(ref.r2))
        np.testing.assert_array_equal(fast.xtx_inv, ref.xtx_inv)
    # the statsmodels results stay one attribute away: fitted on first use, the reference's to the bit
    np.testing.assert_array_equal(fast.result.bse, ref.result.bse)
    assert fast.result.rsquared == ref.result.rsquared and "OLS Regression Results" in str(fast.result.summary())


def test_ols_engine_choice():
    from marketimpact.errors import ConfigurationError

    y, X = _synthetic()
    assert MarketModel(hac_maxlags=3).fit(y, X).result is not None  # HAC errors exist in statsmodels only
    with pytest.raises(ConfigurationError, match="OLS engine"):
        MarketModel(engine="lstsq")


def test_seed_study_same_numbers_from_both_ols_engines():
    import marketimpact as mi

    an = mi.analyze(mi.bundled_article())
    prices = mi.load_prices(["BZ=F", "^GSPC"])
    fast = EventStudy("market").run(an.event, prices, "BZ=F", "^GSPC")
    ref = EventStudy(MarketModel(engine="statsmodels")).run(an.event, prices, "BZ=F", "^GSPC")
    assert type(ref.fitted.result).__name__ == "RegressionResultsWrapper" and fast.fitted.result._res is None
    pd.testing.assert_frame_equal(fast.frame, ref.frame, check_exact=True)
    pd.testing.assert_frame_equal(an.study.frame, ref.frame, check_exact=True)
    assert [(t.stat, t.pvalue) for t in fast.tests] == [(t.stat, t.pvalue) for t in ref.tests]
    ar0 = ref.car_test(0, 0)
    assert (f"{ar0.estimate:.3%}", f"{ar0.stat:.3f}", f"{ar0.pvalue:.3f}") == ("-2.327%", "-1.391", "0.165")
