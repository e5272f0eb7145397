"""Single-event study: one event, one asset, a normal-return model, AR/CAR and t tests.

Pipeline: align the asset's and regressors' prices on their common sessions (so every
return spans the same interval for both), compute returns (log by default), find day 0
(:mod:`.eventtime`), fit the model on the estimation window, then compute abnormal
returns over the event window with their prediction-error-corrected variances.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._typing import NonTradingPolicy, ReturnKind
from ..errors import (
    BadPriceError,
    ConfigurationError,
    DataGapWarning,
    InsufficientDataError,
    RollDayWarning,
    ShortEstimationWindowWarning,
    WindowError,
)
from ..instruments import find_instrument
from ..prices.frame import Prices, bridged_blanks
from ..prices.returns import check_prices, to_returns
from ..prices.rolls import has_roll_rule, roll_days, roll_message
from ..types import EstimationWindow, Event, EventWindow, Window
from .eventtime import WINDOW_OUTSIDE, WINDOW_SHORT, EventTime, event_session, window_codes, window_message
from .models import FittedModel, NormalReturnModel, make_model
from .results_base import ShowsSummary, TestResult, student_t
from .spec import car_windows_for, gap_message, min_obs_for

TS_T_CONVENTIONS = (
    "time-series t: sigma from estimation residuals with ddof = number of parameters; "
    "variance of CAR = 1' V 1 with V = sigma^2 (I + X_e (X'X)^-1 X_e') (prediction-error corrected); "
    "Student t with L - k df; two-sided p"
)


@dataclass(repr=False)
class EventStudyResult(ShowsSummary):
    """Result of a single-event study.

    Attributes
    ----------
    event : Event
    ticker, benchmark : str
    event_time : EventTime
        Day 0 and the rule that chose it.
    fitted : FittedModel
    frame : pandas.DataFrame
        One row per event-window day: ``rel_day, session, ret, market, expected, ar,
        ar_se, ar_t, ar_p, car`` (returns as decimals, ``return_kind`` returns).
    tests : list of TestResult
        ``ts_t`` for AR(0) and every CAR window requested.
    """

    event: Event
    ticker: str
    benchmark: str | None
    factors: tuple[str, ...]
    event_time: EventTime
    fitted: FittedModel
    frame: pd.DataFrame
    tests: list[TestResult]
    estimation: Window
    window: Window
    return_kind: ReturnKind
    estimation_sessions: tuple[pd.Timestamp, pd.Timestamp]
    ar_cov: np.ndarray = field(repr=False)
    pe_correction: bool = True
    warnings: list[str] = field(default_factory=list)
    claim_checks: list = field(default_factory=list)

    # --- access --------------------------------------------------------------
    def ar(self, rel_day: int = 0) -> float:
        """Abnormal return on ``rel_day`` (decimal)."""
        if rel_day not in self.window:
            raise WindowError(f"day {rel_day!r} is not inside the event window {self.window}")
        return float(self.frame.set_index("rel_day").loc[rel_day, "ar"])

    def car(self, start: int, end: int) -> float:
        """CAR over ``[start, end]`` (decimal, sum of ARs)."""
        f = self.frame
        return float(f.loc[(f.rel_day >= start) & (f.rel_day <= end), "ar"].sum())

    def car_test(self, start: int, end: int) -> TestResult:
        """Time-series t test of CAR(start, end) with the prediction-error correction."""
        f = self.frame
        mask = ((f.rel_day >= start) & (f.rel_day <= end)).to_numpy()
        if not mask.any() or start < self.window.start or end > self.window.end:
            raise WindowError(f"CAR window ({start}, {end}) is not inside the event window {self.window}")
        from .statistics import event_car_t

        car = float(f.loc[mask, "ar"].sum())
        se, t, _ = event_car_t(car, self.ar_cov[np.ix_(mask, mask)].sum(), self.fitted.dof)
        conv = TS_T_CONVENTIONS if self.pe_correction else TS_T_CONVENTIONS.replace(
            "(prediction-error corrected)", "(NO prediction-error correction: V = sigma^2 I)")
        return TestResult(
            name="ts_t", stat=float(t), dist=student_t(self.fitted.dof), window=(start, end), estimate=car,
            se=float(se), null="CAR = 0", conventions=conv,
            reference="Brown & Warner (1985); Campbell, Lo & MacKinlay (1997) sec. 4.4",
        )

    def patell_test(self, start: int, end: int) -> TestResult:
        """Patell (1976) Z for this one event: standardized ARs summed over the window,
        ``Z = sum_t SAR_t / sqrt(T_w (L − k)/(L − k − 2))``, standard normal, two-sided p.

        The same code as the multi-event :class:`~marketimpact.study.statistics.PatellZ`
        (a one-event panel), so the two can never disagree.
        """
        from .panel import build_panel
        from .statistics import PatellZ

        return PatellZ().compute(build_panel([self]), (start, end))

    def bhar(self, start: int, end: int) -> float:
        """Buy-and-hold abnormal return over ``[start, end]`` (decimal).

        ``BHAR = prod(1 + R_t) − prod(1 + E[R_t])`` with simple returns; log returns and
        log expected returns are converted with ``exp(x) − 1`` first (Barber & Lyon 1997).
        """
        f = self.frame
        m = ((f.rel_day >= start) & (f.rel_day <= end)).to_numpy()
        if not m.any() or start < self.window.start or end > self.window.end:
            raise WindowError(f"BHAR window ({start}, {end}) is not inside the event window {self.window}")
        r, e = f.loc[m, "ret"].to_numpy(), f.loc[m, "expected"].to_numpy()
        if self.return_kind == "log":
            r, e = np.expm1(r), np.expm1(e)
        return float(np.prod(1 + r) - np.prod(1 + e))

    def test(self, name: str, start: int, end: int) -> TestResult:
        for t in self.tests:
            if t.name == name and t.window == (start, end):
                return t
        raise KeyError(f"no {name} test over ({start}, {end})")

    # --- presentation --------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Tidy event-window frame (one row per day) keyed by ``event_id``."""
        return self.frame.assign(event_id=self.event.event_id, ticker=self.ticker)[
            ["event_id", "ticker", *self.frame.columns]
        ]

    def tests_frame(self) -> pd.DataFrame:
        return pd.DataFrame([t.to_dict() for t in self.tests])

    def to_dict(self) -> dict:
        """JSON-ready dict (schema documented in docs/json-schema.md)."""
        rows = []
        for r in self.frame.itertuples(index=False):
            rows.append(
                {
                    "rel_day": int(r.rel_day), "session": f"{r.session:%Y-%m-%d}",
                    "ret": float(r.ret), "market": _f(getattr(r, "market", None)), "expected": float(r.expected),
                    "ar": float(r.ar), "ar_t": float(r.ar_t), "ar_p": float(r.ar_p), "car": float(r.car),
                    "roll_day": bool(getattr(r, "roll_day", False)),
                }
            )
        return {
            "schema": "marketimpact.study/1",
            "event": self.event.to_dict(),
            "ticker": self.ticker,
            "benchmark": self.benchmark,
            "factors": list(self.factors),
            "return_kind": self.return_kind,
            "day0": self.event_time.to_dict(),
            "estimation_window": [self.estimation.start, self.estimation.end],
            "estimation_sessions": [f"{s:%Y-%m-%d}" for s in self.estimation_sessions],
            "event_window": [self.window.start, self.window.end],
            "model": self.fitted.to_dict(),
            "days": rows,
            "tests": [t.to_dict() for t in self.tests],
            "claim_checks": [c.to_dict() for c in self.claim_checks],
            "warnings": list(self.warnings),
        }

    def summary(self) -> str:
        """statsmodels-style text summary with the conventions in the footer."""
        fm = self.fitted
        w = 78
        line = "=" * w
        sub = "-" * w
        e = self.event
        hdr = [
            line,
            f"{'Event study: ' + self.ticker + (' vs ' + ' + '.join(self.factors or (self.benchmark,)) if self.benchmark or self.factors else ''):^{w}}",
            line,
            f"Event:            {e.local_date} ({e.precision} precision, {e.timezone})",
            f"Day 0:            {self.event_time.day0:%Y-%m-%d %a}  [{self.event_time.rule}]",
            f"Model:            {fm.name}   returns: {self.return_kind}",
            f"Estimation:       {self.estimation} = {self.estimation_sessions[0]:%Y-%m-%d}..{self.estimation_sessions[1]:%Y-%m-%d}, L = {fm.nobs}",
            "Parameters:       " + ", ".join(f"{k} = {v:.4g}" for k, v in fm.params.items())
            + f", sigma = {fm.sigma:.4%}" + ("" if np.isnan(fm.r2) else f", R2 = {fm.r2:.3f}"),
            sub,
            f"{'day':>4} {'session':>11} {'return':>9} {'expected':>9} {'AR':>9} {'t':>7} {'P>|t|':>7} {'CAR':>9}",
            sub,
        ]
        body = [
            f"{int(r.rel_day):>+4d} {r.session:%Y-%m-%d} {r.ret:>9.3%} {r.expected:>9.3%} {r.ar:>9.3%} "
            f"{r.ar_t:>7.2f} {r.ar_p:>7.3f} {r.car:>9.3%}"
            for r in self.frame.itertuples(index=False)
        ]
        tests = [sub, f"{'test':<8} {'window':>9} {'estimate':>10} {'stat':>8} {'p-value':>8}  95% CI", sub]
        for t in self.tests:
            lo, hi = t.conf_int()
            ci = f"[{lo:.3%}, {hi:.3%}]" if np.isfinite(lo) and np.isfinite(hi) else "n/a (standardized test)"
            tests.append(f"{t.name:<8} {t.window!s:>9} {t.estimate:>10.3%} {t.stat:>8.3f} {t.pvalue:>8.4f}  {ci}")
        claims = []
        if self.claim_checks:
            claims = [sub, "Claims checked against the data:"]
            claims += ["  " + c.describe() for c in self.claim_checks]
        foot = [
            sub,
            "Notes:",
            f"  [1] Day 0: {self.event_time.note}.",
            "  [2] " + (self.tests[0].conventions if self.tests else TS_T_CONVENTIONS) + ".",
            "  [3] AR columns: per-day t uses the same corrected variance (diagonal of V).",
            "  [4] patell: Z = sum SAR / sqrt(T (L-k)/(L-k-2)), SAR = AR / corrected sd; standard normal, two-sided.",
        ]
        foot += [f"  [!] {m}" for m in self.warnings]
        return "\n".join(hdr + body + tests + claims + foot + [line])

    def __str__(self) -> str:
        return self.summary()

    def _short_repr(self) -> str:
        return (f"EventStudyResult(event={self.event.event_id!r}, ticker={self.ticker!r}, "
                f"day0={self.event_time.day0:%Y-%m-%d}, model={self.fitted.name!r}, window={self.window})")

    def _repr_html_(self) -> str:
        from html import escape

        days = self.frame[["rel_day", "session", "ret", "expected", "ar", "ar_t", "ar_p", "car"]].copy()
        days["session"] = days["session"].dt.strftime("%Y-%m-%d")
        fmt = {c: "{:.3%}".format for c in ("ret", "expected", "ar", "car")}
        fmt.update({"ar_t": "{:.2f}".format, "ar_p": "{:.3f}".format})
        head = (
            f"<p><b>Event study: {escape(self.ticker)}</b> — day 0 {self.event_time.day0:%Y-%m-%d} "
            f"({escape(self.event_time.rule)}), model {escape(self.fitted.name)}, {self.return_kind} returns, "
            f"L = {self.fitted.nobs}</p>"
        )
        tests = self.tests_frame()[["test", "rel_day_start", "rel_day_end", "estimate", "statistic", "p_value"]]
        claims = ""
        if self.claim_checks:
            claims = "<ul>" + "".join(f"<li>{escape(c.describe())}</li>" for c in self.claim_checks) + "</ul>"
        return head + days.to_html(index=False, formatters=fmt) + tests.to_html(index=False) + claims


def _f(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


class EventStudy:
    """Specification of a single-event study; ``run`` returns an :class:`EventStudyResult`.

    Parameters
    ----------
    model : str or NormalReturnModel
        "market" (default), "constant-mean", "market-adjusted", "factor" or a spec.
    estimation : (int, int)
        Estimation window in sessions relative to day 0; default (−250, −11).
    window : (int, int)
        Event window; default (−5, +5).
    car_windows : list of (int, int)
        CAR windows tested with the time-series t; default those of (−1, +1), (0, +1) and the whole
        event window that fit inside it (:func:`~.spec.car_windows_for`).
    return_kind : {"log", "simple"}
    nontrading : {"next", "previous", "error"}
        Day-0 policy for announcements on non-trading days.
    min_obs : int, optional
        Fewest estimation observations accepted (fewer than asked is reported); default
        ``min(30, L)`` for an estimation window of L sessions, a larger value is lowered to L.
    pe_correction : bool
        Include the prediction-error term in AR/CAR variances (default True, as in
        Campbell, Lo & MacKinlay 1997); False gives ``sigma**2 * I`` (EventStudyTools'
        convention).
    """

    def __init__(
        self,
        model: str | NormalReturnModel = "market",
        estimation: tuple[int, int] | Window = (-250, -11),
        window: tuple[int, int] | Window = (-5, 5),
        car_windows: list[tuple[int, int]] | None = None,
        return_kind: ReturnKind = "log",
        nontrading: NonTradingPolicy = "next",
        min_obs: int | None = None,
        factors: list[str] | None = None,
        pe_correction: bool = True,
    ) -> None:
        self.model = make_model(model, factors)
        self.pe_correction = pe_correction
        est_w, evt_w = Window.coerce(estimation), Window.coerce(window)
        self.estimation = EstimationWindow(est_w.start, est_w.end)
        self.window = EventWindow(evt_w.start, evt_w.end)
        if self.estimation.end >= self.window.start:
            raise WindowError(
                f"estimation window {self.estimation} overlaps the event window {self.window}; "
                "the estimation window must end before the event window starts"
            )
        self.car_windows = [Window.coerce(w) for w in car_windows_for(self.window, car_windows)]
        if return_kind not in ("log", "simple"):
            raise ConfigurationError(f"return_kind must be 'log' or 'simple', got {return_kind!r}")
        self.return_kind: ReturnKind = return_kind
        self.nontrading: NonTradingPolicy = nontrading
        self.min_obs = min_obs_for(min_obs, self.estimation)

    def __repr__(self) -> str:
        return (
            f"EventStudy(model={self.model!r}, estimation={self.estimation}, window={self.window}, "
            f"return_kind={self.return_kind!r}, nontrading={self.nontrading!r}, min_obs={self.min_obs})"
        )

    def _regressor_tickers(self, benchmark: str | None) -> dict[str, str]:
        """Column name in the design → ticker."""
        if self.model.uses_market:
            if not benchmark:
                raise ConfigurationError(f"model {self.model.name!r} needs a benchmark ticker")
            return {"market": benchmark}
        return {r: r for r in self.model.regressors}

    def returns_frame(
        self, prices: Prices | pd.DataFrame, ticker: str, benchmark: str | None = None, returns_given: bool = False
    ) -> pd.DataFrame:
        """Asset and regressor returns on their common sessions (columns: ticker, regressors).

        Prices are aligned on the sessions where all series have a value, then turned into
        returns, so every return spans the same interval for the asset and the regressors.
        With ``returns_given`` the values are returns already (used as given, never rescaled).
        """
        if isinstance(prices, pd.DataFrame):
            prices = Prices.from_frame(prices, source="user returns" if returns_given else "user")
        regs = self._regressor_tickers(benchmark)
        cols = {ticker: prices[ticker]["close"]}
        for col, t in regs.items():
            cols[col] = prices[t]["close"]
        aligned = pd.DataFrame(cols).dropna()
        if len(aligned) < 3:
            raise InsufficientDataError(
                f"{ticker} and {', '.join(regs.values()) or 'its regressors'} share fewer than 3 sessions"
            )
        if returns_given:
            if aligned.index.has_duplicates:
                dup = aligned.index[aligned.index.duplicated()][0]
                raise BadPriceError(f"returns: duplicate session {dup:%Y-%m-%d}")
            if not aligned.index.is_monotonic_increasing:
                raise BadPriceError("returns: sessions are not sorted in increasing order")
            vals = aligned.to_numpy()
            if not np.isfinite(vals).all():
                raise ConfigurationError("returns contain non-finite values")
            return aligned
        # Non-positive or non-finite prices (WTI settled at -37.63 on 2020-04-20) have no
        # return: the returns into and out of such a session become NaN, and the study
        # refuses a window that needs them (or drops them from the estimation, reported).
        vals = aligned.to_numpy(dtype="float64")
        bad = ~(np.isfinite(vals) & (vals > 0)).all(axis=1)
        if bad.any():
            clean = aligned.where(np.repeat(~bad[:, None], aligned.shape[1], axis=1))
            check_prices(clean.dropna())
            rets = np.log(clean).diff() if self.return_kind == "log" else clean.pct_change(fill_method=None)
            rets = rets.iloc[1:]
            rets.attrs["bad_sessions"] = [f"{d:%Y-%m-%d}" for d in aligned.index[bad]]
            return rets
        return to_returns(aligned, self.return_kind)

    def run(
        self,
        event: Event,
        prices: Prices | pd.DataFrame,
        ticker: str,
        benchmark: str | None = None,
        *,
        returns_given: bool = False,
    ) -> EventStudyResult:
        """Run the study for ``event`` on ``ticker`` (against ``benchmark`` or factors).

        ``prices`` is a :class:`Prices` or a wide frame (sessions × tickers) of closes —
        or of returns with ``returns_given=True``.
        """
        if isinstance(prices, pd.DataFrame):  # keeps the blank cells of the table (data gaps) in the provenance
            prices = Prices.from_frame(prices, source="user returns" if returns_given else "user")
        rets = self.returns_frame(prices, ticker, benchmark, returns_given)
        res = self.run_on_returns(event, rets, ticker, benchmark)
        gap = data_gap_message(res, rets, prices, [ticker, *self._regressor_tickers(benchmark).values()],
                               "returns" if returns_given else "prices")
        if gap:
            res.warnings.append(gap)
            warnings.warn(gap, DataGapWarning, stacklevel=2)
        return res

    def run_on_returns(self, event: Event, rets: pd.DataFrame, ticker: str, benchmark: str | None = None) -> EventStudyResult:
        """The study on an aligned returns frame (see :meth:`returns_frame`)."""
        regs = self._regressor_tickers(benchmark)
        sessions = pd.DatetimeIndex(rets.index)
        et = event_session(event, sessions, find_instrument(ticker), self.nontrading)
        p0 = et.position
        warn: list[str] = []
        e0, e1 = p0 + self.window.start, p0 + self.window.end
        s0, s1 = p0 + self.estimation.start, p0 + self.estimation.end
        code = int(window_codes(np.array([p0]), len(sessions), (self.estimation.start, self.estimation.end),
                                (self.window.start, self.window.end), self.min_obs)[0])
        if code:
            msg = window_message(code, ticker, f"{et.day0:%Y-%m-%d}", f"{sessions[0]:%Y-%m-%d}",
                                 f"{sessions[-1]:%Y-%m-%d}", self.estimation, self.window, self.min_obs, s1 + 1)
            if code == WINDOW_OUTSIDE:
                raise WindowError(msg)
            if code != WINDOW_SHORT:
                raise InsufficientDataError(msg)
            warnings.warn(msg, ShortEstimationWindowWarning, stacklevel=2)
            warn.append(msg)
            s0 = 0
        design = self.model.prepare(rets.drop(columns=[ticker])) if regs else None
        if design is not None:
            full = pd.concat([rets[[ticker]], design], axis=1)
            rets = full
        est = rets.iloc[s0 : s1 + 1]
        evw = rets.iloc[e0 : e1 + 1]
        if evw.isna().to_numpy().any():
            bad = ", ".join(rets.attrs.get("bad_sessions", [])[:3]) or "unknown sessions"
            raise BadPriceError(
                f"event window of {event.event_id} includes a return that does not exist: a non-positive or "
                f"missing price ({bad}); repair the price data or move the window"
            )
        if est.isna().to_numpy().any():
            keep = ~est.isna().to_numpy().any(axis=1)
            msg = (f"{int((~keep).sum())} estimation returns dropped: non-positive or missing prices "
                   f"({', '.join(rets.attrs.get('bad_sessions', [])[:3])})")
            warn.append(msg)
            est = est[keep]
        X_est = est.drop(columns=[ticker]) if regs else None
        X_evt = evw.drop(columns=[ticker]) if regs else None
        if X_est is not None and not np.isfinite(X_est.to_numpy()).all():
            # lead/lag regressors (Dimson) are undefined at the data edges
            keep = np.isfinite(X_est.to_numpy()).all(axis=1)
            est, X_est = est[keep], X_est[keep]
        if X_evt is not None and not np.isfinite(X_evt.to_numpy()).all():
            raise WindowError(f"regressors undefined inside the event window of {event.event_id} (data edge)")
        fitted = self.model.fit(est[ticker], X_est, min_obs=self.min_obs)
        n = len(evw)
        expected = fitted.expected(X_evt, n)
        ar = evw[ticker].to_numpy() - expected
        V = self.model.event_covariance(fitted, X_evt, n, steps_ahead=e0 - s1, correct=self.pe_correction)
        se = np.sqrt(np.diag(V))
        tdist = student_t(fitted.dof)
        t = ar / se
        frame = pd.DataFrame(
            {
                "rel_day": np.arange(self.window.start, self.window.end + 1),
                "session": evw.index,
                "ret": evw[ticker].to_numpy(),
                **({"market": evw["market"].to_numpy()} if "market" in evw else {}),
                "expected": expected,
                "ar": ar,
                "ar_se": se,
                "ar_t": t,
                "ar_p": 2 * tdist.sf(np.abs(t)),
                "car": np.cumsum(ar),
            }
        )
        if has_roll_rule(ticker):
            # from the session before day ws: the window's first return spans that close → its own
            rolls = roll_days(ticker, pd.DatetimeIndex(sessions[max(e0 - 1, 0) : e1 + 1]))
            frame["roll_day"] = frame["session"].isin(rolls).to_numpy()
            if frame["roll_day"].any():
                msg = roll_message(ticker, [(f"{d:%Y-%m-%d}", int(r)) for d, r in
                                            zip(frame.loc[frame.roll_day, "session"], frame.loc[frame.roll_day, "rel_day"])])
                warnings.warn(msg, RollDayWarning, stacklevel=2)
                warn.append(msg)
        res = EventStudyResult(
            event=event, ticker=ticker, benchmark=benchmark if regs == {"market": benchmark} else None,
            factors=tuple(self.model.regressors) if regs and "market" not in regs else (),
            event_time=et, fitted=fitted, frame=frame, tests=[], estimation=self.estimation,
            window=self.window, return_kind=self.return_kind,
            estimation_sessions=(est.index[0], est.index[-1]), ar_cov=V, pe_correction=self.pe_correction,
            warnings=warn,
        )
        windows = [(0, 0)] + [(w.start, w.end) for w in self.car_windows]
        res.tests = [res.car_test(*w) for w in windows] + [res.patell_test(*w) for w in windows]
        return res


def data_gap_message(res: EventStudyResult, rets: pd.DataFrame, prices: Prices, tickers: list[str | None],
                 what: str) -> str | None:
    """The data-gap warning of one studied event (:func:`~.spec.gap_message`), or None.

    Blank sessions come from :meth:`Prices.from_frame` (``provenance[t]["blank_sessions"]``); each
    return of the aligned series ``rets`` bridges the blanks strictly between it and the previous one.
    """
    blanks = [prices.provenance.get(t, {}).get("blank_sessions") for t in tickers if t]
    blanks = [b for b in blanks if b is not None and len(b)]
    if not blanks:
        return None
    sess = pd.DatetimeIndex(rets.index).as_unit("ns").asi8
    g = bridged_blanks(sess, np.unique(np.concatenate(blanks)))
    if not g.any():
        return None
    pos = {int(v): k for k, v in enumerate(sess)}
    frame_sess = pd.DatetimeIndex(res.frame["session"]).as_unit("ns").asi8
    days = []
    for d, v in zip(res.frame["rel_day"], frame_sess):
        k = pos[int(v)]
        if g[k]:
            days.append((int(d), f"{pd.Timestamp(sess[k - 1]):%Y-%m-%d}", f"{pd.Timestamp(v):%Y-%m-%d}", int(g[k])))
    est = pd.DatetimeIndex(res.fitted.residuals.index).as_unit("ns").asi8
    n_est = int(sum(1 for v in est if g[pos[int(v)]]))
    return gap_message(days, n_est, what) if days or n_est else None
