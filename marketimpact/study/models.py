"""Normal-return models: specifications that ``fit`` to a :class:`FittedModel`.

A specification is never changed by fitting (after ``arch``): ``MarketModel().fit(...)``
returns a new :class:`FittedModel`.

Conventions
-----------
* Regressions are OLS with an intercept, by one of two engines with the same numbers: ``"numpy"``
  (default; the pseudo-inverse algorithm of statsmodels' OLS, without importing statsmodels; the
  statsmodels results in ``FittedModel.result`` are fitted on first use) or ``"statsmodels"`` (the
  reference: every number from statsmodels). Choose with ``engine=`` of the model, e.g.
  ``MarketModel(engine="statsmodels")``; ``tests/test_models.py`` pins the two equal bit for bit.
* Residual variance ``sigma**2 = SSR / (L − k)`` (ddof = k = number of parameters,
  so 2 for the market model, 1 for the constant-mean model).
* Prediction-error correction (Campbell, Lo & MacKinlay 1997, eq. 4.4.9): the covariance
  of the event-window abnormal returns is
  ``V = sigma**2 * (I + X_e (X'X)^{-1} X_e')``, where ``X`` is the estimation design and
  ``X_e`` the event-window design. For the market model its diagonal is
  ``sigma**2 * (1 + 1/L + (R_m,t − mean R_m)**2 / sum (R_m,s − mean R_m)**2)``.
* The market-adjusted model has no estimated parameters (alpha = 0, beta = 1):
  ``sigma**2`` is the sample variance of estimation-window abnormal returns with
  ddof = 1 and ``V = sigma**2 * I``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ..errors import ConfigurationError, InsufficientDataError


@dataclass(frozen=True)
class FittedModel:
    """A normal-return model fitted on one estimation window.

    Attributes
    ----------
    name : str
        Model name ("market", "constant-mean", "market-adjusted", "factor").
    params : pandas.Series
        ``alpha`` (intercept) and one slope per regressor (``beta`` for the market model).
    sigma : float
        Residual standard deviation, ddof = number of parameters (see module notes).
    dof : int
        Residual degrees of freedom ``L − k``.
    nobs : int
        Estimation observations ``L``.
    r2 : float
        R² of the regression (NaN for constant-mean and market-adjusted).
    residuals : pandas.Series
        Estimation-window abnormal returns.
    xtx_inv : numpy.ndarray
        ``(X'X)^{-1}`` of the estimation design (with the intercept column), for the
        prediction-error correction; empty for the market-adjusted model.
    regressors : tuple of str
        Names of the regressor columns, in order.
    result : statsmodels RegressionResults, LazyRegression or None
        The statsmodels results of an OLS model (from the ``"numpy"`` engine a :class:`LazyRegression`
        that fits them on first use), the ``arch`` result of the GARCH model, None for models with
        nothing estimated by a library.
    """

    name: str
    params: pd.Series
    sigma: float
    dof: int
    nobs: int
    r2: float
    residuals: pd.Series
    xtx_inv: np.ndarray
    regressors: tuple[str, ...]
    result: Any = field(default=None, repr=False, compare=False)
    fixed: bool = False

    def design(self, X: pd.DataFrame | None, n: int) -> np.ndarray:
        """Event-window design matrix with the intercept column first."""
        cols = [np.ones(n)]
        for r in self.regressors:
            if X is None or r not in X:
                raise ConfigurationError(f"model {self.name} needs regressor {r!r}")
            cols.append(X[r].to_numpy(dtype="float64"))
        return np.column_stack(cols)

    def expected(self, X: pd.DataFrame | None, n: int) -> np.ndarray:
        """Normal (expected) returns for ``n`` event-window days."""
        if self.name == "market-adjusted":
            return X[self.regressors[0]].to_numpy(dtype="float64")
        coefs = self.params[["alpha", *(["beta"] if self.regressors == ("market",) else self.regressors)]]
        return self.design(X, n) @ coefs.to_numpy()

    def ar_covariance(self, X: pd.DataFrame | None, n: int, correct: bool = True) -> np.ndarray:
        """Covariance matrix of event-window abnormal returns (see module notes).

        ``correct=False`` drops the prediction-error term (``sigma**2 * I``).
        """
        base = np.eye(n) * self.sigma**2
        if not correct or self.fixed or self.xtx_inv.size == 0:
            return base
        Xe = self.design(X, n)
        return base + self.sigma**2 * (Xe @ self.xtx_inv @ Xe.T)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.name,
            **{k: float(v) for k, v in self.params.items()},
            "sigma": self.sigma,
            "dof": self.dof,
            "n_obs": self.nobs,
            "r2": None if np.isnan(self.r2) else self.r2,
        }


def _check(y: pd.Series, min_obs: int, k: int) -> None:
    n = int(y.notna().sum())
    if n < max(min_obs, k + 2):
        raise InsufficientDataError(
            f"only {n} estimation observations; at least {max(min_obs, k + 2)} are needed "
            "(lengthen the estimation window, or lower min_obs: --min-obs on the command line)"
        )


class NormalReturnModel:
    """Base of normal-return model specifications."""

    name: ClassVar[str] = "base"
    #: names of the design columns (after :meth:`prepare`)
    regressors: tuple[str, ...] = ()
    #: True when the model needs the benchmark's returns (column "market")
    uses_market: ClassVar[bool] = False

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        raise NotImplementedError

    def prepare(self, X: pd.DataFrame) -> pd.DataFrame:
        """Regressor columns the model uses, built from the aligned regressor returns.

        Called once on the whole aligned series (so leads/lags see neighbouring sessions).
        """
        return X[list(self.regressors)]

    def event_covariance(
        self, fitted: FittedModel, X: pd.DataFrame | None, n: int, steps_ahead: int = 1, correct: bool = True
    ) -> np.ndarray:
        """Covariance of the ``n`` event-window abnormal returns (``steps_ahead``: sessions
        from the last estimation day to the first event day)."""
        return fitted.ar_covariance(X, n, correct=correct)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


#: the two OLS engines behind every least-squares model's ``fit`` (``engine=`` of the model)
OLS_ENGINES = ("numpy", "statsmodels")


def _check_engine(engine: str) -> str:
    if engine not in OLS_ENGINES:
        raise ConfigurationError(f"OLS engine must be one of {', '.join(OLS_ENGINES)}; got {engine!r}")
    return engine


def _pinv_ols(y: np.ndarray, design: np.ndarray) -> dict[str, Any] | None:
    """OLS by the Moore–Penrose pseudo-inverse, the same operations in the same order as
    ``statsmodels.regression.linear_model.OLS(y, design).fit()`` (method "pinv": SVD, singular values
    below ``1e-15 * max`` dropped, ``params = pinv(X) @ y``, ``resid = y − X @ params``,
    ``ssr = resid·resid``, ``R² = 1 − ssr / centered TSS`` with unit weights), so the numbers are the statsmodels numbers
    bit for bit (pinned by ``tests/test_models.py``) without importing statsmodels (about 0.7 s of
    start-up with scipy.stats). None when the design is rank-deficient or any value is not finite:
    the caller then takes the statsmodels reference (which warns about the rank).
    """
    if not (np.isfinite(y).all() and np.isfinite(design).all()):
        return None
    u, s, vt = np.linalg.svd(design, False)
    if np.linalg.matrix_rank(np.diag(s)) < design.shape[1]:
        return None
    s_inv = s.copy()
    cutoff = 1e-15 * np.maximum.reduce(s)
    for i in range(min(vt.shape[1], u.shape[0])):
        s_inv[i] = 1.0 / s[i] if s[i] > cutoff else 0.0
    pinv = np.dot(np.transpose(vt), np.multiply(s_inv[:, np.newaxis], np.transpose(u)))
    params = np.dot(pinv, y)
    resid = y - np.dot(design, params)
    ssr = np.dot(resid, resid)
    w = np.ones(len(y))  # OLS is WLS with unit weights: statsmodels' centered TSS takes the weighted branch
    tss = np.sum(w * (y - np.average(y, weights=w)) ** 2)
    return {"params": params, "resid": resid, "ssr": ssr, "nobs": float(design.shape[0]),
            "df_resid": float(design.shape[0] - design.shape[1]), "rsquared": 1 - ssr / tss}


def _statsmodels_ols(y: np.ndarray, design: np.ndarray, hac: int | None = None) -> Any:
    from statsmodels.regression.linear_model import OLS  # not statsmodels.api: 1.5 s less to import

    model = OLS(y, design)
    return model.fit(cov_type="HAC", cov_kwds={"maxlags": hac}) if hac else model.fit()


class LazyRegression:
    """``FittedModel.result`` of a numpy-engine fit: the statsmodels RegressionResults of the same
    regression, fitted (and statsmodels imported) on first attribute access — ``fitted.result.summary()``,
    ``.bse``, ``.conf_int()`` work as before; a study that never asks pays nothing."""

    __slots__ = ("_data", "_res")

    def __init__(self, y: np.ndarray, design: np.ndarray) -> None:
        self._data = (y, design)
        self._res: Any = None

    def fitted(self) -> Any:
        """The statsmodels RegressionResults (fitted on the first call)."""
        if self._res is None:
            self._res = _statsmodels_ols(*self._data)
        return self._res

    def __getattr__(self, name: str) -> Any:
        if name in ("_data", "_res") or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.fitted(), name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyRegression, self._data)

    def __repr__(self) -> str:
        return "<statsmodels OLS results of a numpy-engine fit (fitted on first use)>"


def _ols(name: str, y: pd.Series, X: pd.DataFrame | None, regressors: tuple[str, ...], min_obs: int,
         hac: int | None = None, engine: str = "numpy") -> FittedModel:
    """OLS with an intercept, by one of two engines with the same numbers (see :func:`_pinv_ols`):

    * ``"numpy"`` (default) — the pseudo-inverse in numpy; ``FittedModel.result`` is a
      :class:`LazyRegression` (statsmodels on first use);
    * ``"statsmodels"`` — the reference: ``FittedModel.result`` is the statsmodels RegressionResults
      and every number comes from it. Newey–West (``hac``) standard errors exist only there, so
      ``hac`` always takes it.
    """
    k = 1 + len(regressors)
    _check(y, min_obs, k)
    cols = [np.ones(len(y))]
    for r in regressors:
        if X is None or r not in X:
            raise ConfigurationError(f"model {name} needs regressor {r!r} in the estimation data")
        cols.append(X[r].to_numpy(dtype="float64"))
    design = np.column_stack(cols)
    names = ["alpha"] + (["beta"] if regressors == ("market",) else list(regressors))
    yv = y.to_numpy(dtype="float64")
    fit = _pinv_ols(yv, design) if _check_engine(engine) == "numpy" and not hac else None
    if fit is not None:
        res: Any = LazyRegression(yv, design)
    else:
        res = _statsmodels_ols(yv, design, hac)
        fit = {"params": res.params, "resid": res.resid, "ssr": res.ssr, "nobs": res.nobs,
               "df_resid": res.df_resid, "rsquared": res.rsquared}
    n = int(fit["nobs"])
    dof = int(fit["df_resid"])
    sigma = float(np.sqrt(fit["ssr"] / dof))
    r2 = float(fit["rsquared"]) if regressors else float("nan")
    return FittedModel(
        name=name,
        params=pd.Series(fit["params"], index=names),
        sigma=sigma,
        dof=dof,
        nobs=n,
        r2=r2,
        residuals=pd.Series(fit["resid"], index=y.index, name="ar"),
        xtx_inv=np.linalg.inv(design.T @ design),
        regressors=regressors,
        result=res,
    )


class ConstantMeanModel(NormalReturnModel):
    """``R_t = mu + e_t``: the normal return is the estimation-window mean."""

    name = "constant-mean"
    regressors = ()

    def __init__(self, engine: str = "numpy") -> None:
        self.engine = _check_engine(engine)

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        return _ols(self.name, y, X, (), min_obs, engine=self.engine)


class MarketModel(NormalReturnModel):
    """``R_t = alpha + beta * R_m,t + e_t`` by OLS (Sharpe 1963; MacKinlay 1997).

    Parameters
    ----------
    hac_maxlags : int, optional
        Newey–West (HAC) standard errors for alpha/beta with this many lags (in ``result``, so the
        statsmodels engine); the abnormal returns and their variance do not change.
    engine : {"numpy", "statsmodels"}
        OLS engine (see the module notes); the same numbers either way.
    """

    name = "market"
    uses_market = True
    regressors = ("market",)

    def __init__(self, hac_maxlags: int | None = None, engine: str = "numpy") -> None:
        self.hac_maxlags = hac_maxlags
        self.engine = _check_engine(engine)

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        return _ols(self.name, y, X, self.regressors, min_obs, self.hac_maxlags, self.engine)

    def fix(self, alpha: float, beta: float, sigma: float, nobs: int = 0) -> FittedModel:
        """A market model with published parameters (no estimation, no prediction-error term)."""
        return FittedModel(
            self.name, pd.Series({"alpha": alpha, "beta": beta}), float(sigma), max(nobs - 2, 1), nobs,
            float("nan"), pd.Series(dtype="float64"), np.empty((0, 0)), self.regressors, fixed=True,
        )


class FactorModel(NormalReturnModel):
    """``R_t = alpha + sum_j b_j F_j,t + e_t`` with any regressors (e.g. ^GSPC and DX-Y.NYB).

    ``factors`` are tickers (or column names) whose returns are the regressors; ``hac_maxlags`` and
    ``engine`` as in :class:`MarketModel`.
    """

    name = "factor"

    def __init__(self, factors: list[str] | tuple[str, ...], hac_maxlags: int | None = None,
                 engine: str = "numpy") -> None:
        if not factors:
            raise ConfigurationError("a factor model needs at least one factor")
        self.regressors = tuple(factors)
        self.hac_maxlags = hac_maxlags
        self.engine = _check_engine(engine)

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        return _ols(self.name, y, X, self.regressors, min_obs, self.hac_maxlags, self.engine)

    def __repr__(self) -> str:
        return f"FactorModel({list(self.regressors)!r})"


class MarketAdjustedModel(NormalReturnModel):
    """``AR_t = R_t − R_m,t`` (alpha = 0, beta = 1; nothing is estimated).

    ``sigma`` is the standard deviation (ddof = 1) of estimation-window abnormal returns.
    """

    name = "market-adjusted"
    uses_market = True
    regressors = ("market",)

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        _check(y, min_obs, 0)
        if X is None or "market" not in X:
            raise ConfigurationError("the market-adjusted model needs market returns")
        ar = y - X["market"]
        sigma = float(ar.std(ddof=1))
        return FittedModel(
            self.name, pd.Series({"alpha": 0.0, "beta": 1.0}), sigma, len(ar) - 1, len(ar),
            float("nan"), ar.rename("ar"), np.empty((0, 0)), self.regressors, fixed=True,
        )


class DimsonModel(NormalReturnModel):
    """Dimson (1979) market model with ``lags`` leads and lags of the market return.

    ``R_t = alpha + sum_{j=-k..k} b_j R_m,t+j + e_t`` by OLS; the reported beta is
    ``sum_j b_j``. Expected returns use all the lead/lag terms, so the event window needs
    market returns ``k`` sessions beyond it. For thinly traded assets.

    References: Dimson, E. (1979), "Risk measurement when shares are subject to infrequent
    trading", Journal of Financial Economics 7(2), 197–226.
    """

    name = "dimson"
    uses_market = True

    def __init__(self, lags: int = 1, engine: str = "numpy") -> None:
        if lags < 1:
            raise ConfigurationError("Dimson needs at least one lead/lag")
        self.lags = lags
        self.engine = _check_engine(engine)
        self.regressors = tuple(
            ["market"] + [f"market_lag{j}" for j in range(1, lags + 1)] + [f"market_lead{j}" for j in range(1, lags + 1)]
        )

    def prepare(self, X: pd.DataFrame) -> pd.DataFrame:
        m = X["market"]
        cols = {"market": m}
        for j in range(1, self.lags + 1):
            cols[f"market_lag{j}"] = m.shift(j)
        for j in range(1, self.lags + 1):
            cols[f"market_lead{j}"] = m.shift(-j)
        return pd.DataFrame(cols)

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        fm = _ols(self.name, y, X, self.regressors, min_obs, engine=self.engine)
        params = fm.params.copy()
        params["beta"] = float(params.drop("alpha").sum())
        return FittedModel(
            fm.name, params, fm.sigma, fm.dof, fm.nobs, fm.r2, fm.residuals, fm.xtx_inv, fm.regressors, fm.result
        )


class ScholesWilliamsModel(NormalReturnModel):
    """Scholes & Williams (1977) beta for non-synchronous trading.

    ``beta_SW = (b_-1 + b_0 + b_+1) / (1 + 2 rho_m)`` where ``b_j`` is the slope of a simple
    regression of ``R_t`` on ``R_m,t+j`` and ``rho_m`` the first-order autocorrelation of
    the market return, all over the estimation window; ``alpha = mean(R) − beta mean(R_m)``.
    Residual sigma uses ddof = 2. The prediction-error term uses the market-model design
    ``(1, R_m)`` (an approximation: the SW estimator's own sampling variance is not modelled).

    References: Scholes, M. and Williams, J. (1977), "Estimating betas from nonsynchronous
    data", Journal of Financial Economics 5(3), 309–327.
    """

    name = "scholes-williams"
    uses_market = True
    regressors = ("market",)

    def prepare(self, X: pd.DataFrame) -> pd.DataFrame:
        m = X["market"]
        return pd.DataFrame({"market": m, "market_lag1": m.shift(1), "market_lead1": m.shift(-1)})

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        if X is None:
            raise ConfigurationError("Scholes–Williams needs market returns")
        _check(y, min_obs, 2)
        yv = y.to_numpy(dtype="float64")
        m0 = X["market"].to_numpy(dtype="float64")

        def slope(x: np.ndarray) -> float:
            xc = x - x.mean()
            return float(np.sum(xc * (yv - yv.mean())) / np.sum(xc**2))

        b0 = slope(m0)
        bm1 = slope(X["market_lag1"].to_numpy(dtype="float64"))
        bp1 = slope(X["market_lead1"].to_numpy(dtype="float64"))
        mc = m0 - m0.mean()
        rho = float(np.sum(mc[1:] * mc[:-1]) / np.sum(mc**2))
        beta = (bm1 + b0 + bp1) / (1 + 2 * rho)
        alpha = float(yv.mean() - beta * m0.mean())
        resid = yv - alpha - beta * m0
        dof = len(yv) - 2
        design = np.column_stack([np.ones(len(m0)), m0])
        return FittedModel(
            self.name, pd.Series({"alpha": alpha, "beta": beta}), float(np.sqrt(np.sum(resid**2) / dof)), dof,
            len(yv), float("nan"), pd.Series(resid, index=y.index, name="ar"), np.linalg.inv(design.T @ design),
            ("market",),
        )


class GarchMarketModel(NormalReturnModel):
    """Market model with GARCH(1,1) errors, estimated by maximum likelihood with ``arch``.

    ``R_t = alpha + beta R_m,t + e_t``, ``e_t = sqrt(h_t) z_t``,
    ``h_t = omega + a e_{t-1}^2 + b h_{t-1}``, ``z_t ~ N(0, 1)``. The variance of each
    event-window abnormal return is the GARCH forecast of ``h`` for that day (h-step ahead
    from the last estimation day); parameter uncertainty is ignored, so no
    prediction-error term. Returns are scaled by 100 inside the fit (``arch`` convention)
    and scaled back. ``sigma`` is the residual sd (ddof = 2) for tests that need one number.

    References: Bollerslev, T. (1986), J. Econometrics 31(3), 307–327; Savickas, R. (2003),
    "Event-induced volatility and tests for abnormal performance", J. Financial Research 26(2).
    """

    name = "garch"
    uses_market = True
    regressors = ("market",)

    def fit(self, y: pd.Series, X: pd.DataFrame | None = None, min_obs: int = 30) -> FittedModel:
        from arch import arch_model

        if X is None:
            raise ConfigurationError("the GARCH market model needs market returns")
        _check(y, max(min_obs, 50), 2)
        am = arch_model(100 * y.to_numpy(dtype="float64"), x=100 * X[["market"]].to_numpy(dtype="float64"),
                        mean="LS", vol="GARCH", p=1, q=1, dist="normal", rescale=False)
        res = am.fit(disp="off", show_warning=False)
        p = res.params
        alpha, beta = float(p.iloc[0]) / 100, float(p.iloc[1])
        resid = y.to_numpy() - alpha - beta * X["market"].to_numpy()
        dof = len(resid) - 2
        return FittedModel(
            self.name, pd.Series({"alpha": alpha, "beta": beta, "omega": float(p["omega"]) / 1e4,
                                  "arch_a": float(p["alpha[1]"]), "garch_b": float(p["beta[1]"])}),
            float(np.sqrt(np.sum(resid**2) / dof)), dof, len(resid), float("nan"),
            pd.Series(resid, index=y.index, name="ar"), np.empty((0, 0)), ("market",), result=res, fixed=True,
        )

    def event_covariance(
        self, fitted: FittedModel, X: pd.DataFrame | None, n: int, steps_ahead: int = 1, correct: bool = True
    ) -> np.ndarray:
        res = fitted.result
        horizon = steps_ahead + n - 1
        # the mean forecast is not used (expected returns come from alpha + beta R_m); x only satisfies arch
        fc = res.forecast(horizon=horizon, reindex=False, x=np.zeros((1, 1, horizon)))
        h = np.asarray(fc.variance.iloc[-1], dtype="float64")[steps_ahead - 1 : steps_ahead - 1 + n] / 1e4
        return np.diag(h)


MODELS: dict[str, type[NormalReturnModel]] = {
    "market": MarketModel,
    "constant-mean": ConstantMeanModel,
    "market-adjusted": MarketAdjustedModel,
    "scholes-williams": ScholesWilliamsModel,
    "dimson": DimsonModel,
    "garch": GarchMarketModel,
}


def make_model(name: str | NormalReturnModel, factors: list[str] | None = None) -> NormalReturnModel:
    """Model spec from its name ("market", "constant-mean", "market-adjusted", "factor")."""
    if isinstance(name, NormalReturnModel):
        return name
    if name == "factor":
        return FactorModel(factors or [])
    if name not in MODELS:
        raise ConfigurationError(f"unknown model {name!r}; choose from {', '.join([*MODELS, 'factor'])}")
    return MODELS[name]()


#: every model name accepted by :func:`make_model` and the CLI
MODEL_NAMES = (*MODELS, "factor")
