"""Intraday event study: the reaction in the minutes and hours after a timestamped announcement.

Event time
    Bars are labelled by their **start** (Yahoo's convention), in UTC. Bar 0 is the first bar
    of the (asset ∩ benchmark) series that starts at or after the announcement instant. The
    return of bar *t* is ``log(close_t / close_{t−1})`` (or simple), i.e. it runs from the end
    of bar *t−1* to the end of bar *t*; so for an announcement at 12:07 with 5-minute bars,
    bar 0 starts at 12:10 and the minutes 12:07–12:10 fall in bar −1 (use CAR(−1, k) to
    include them). When the market is closed at the announcement, bar 0 is the first bar of
    the next trading period and its return spans the break (flagged in ``gap``).

Windows
    In bars relative to bar 0 (``unit="minutes"`` converts minutes to bars): estimation
    (−1000, −13) and event (−6, +12) by default — for 5-minute bars, about 3½ trading days
    of Globex futures before the event, and 30 minutes before to 60 minutes after it.

Returns that span a gap
    A return whose bar follows a session break, a closed day or missing bars inside a
    session (``gap`` = "session break" / "closed day" / "bar gap", see
    :func:`~marketimpact.prices.intraday.classify_gaps`) measures more than one bar's time.
    Such returns are left out of the estimation sample (``drop_gap_returns=True``) and
    flagged in the event window, where they are kept (they may carry the reaction).

Normal returns
    ``constant-mean`` (``R_t = μ + ε_t``) or ``market`` (``R_t = α + β R_m,t + ε_t`` against an
    intraday benchmark such as ES=F, on common bars), OLS with statsmodels on the estimation
    sample; ``σ² = SSR / (L − k)``.

Intraday volatility pattern (``seasonality=True``)
    Volatility follows the clock (Globex overnight is quiet, the US open and the oil settle
    are busy; Wood, McInish & Ord 1985; Andersen & Bollerslev 1997). Following the simple
    non-parametric periodicity estimate of Andersen & Bollerslev (1997, "Intraday periodicity
    and volatility persistence in financial markets", *J. Empirical Finance* 4, 115–158,
    §3 — the average absolute return per intraday interval, before their Flexible Fourier
    Form smoothing), each bar gets the scale of its time-of-day bucket ``b`` (width
    ``bucket_minutes``, exchange-local clock, so DST is handled):

        s_b = mean_{t in b} |R_t − R̄| / mean_t |R_t − R̄|      (estimation sample)

    for the asset and, separately, the benchmark. The model is fitted on the standardised
    returns ``R_t / s_b(t)`` (and ``R_m,t / s^m_b(t)``), and mapped back:
    ``AR_t = s_b(t) · ε̂_t``. A bucket with no estimation return gets ``s = 1`` (warned).

Variance and test (Campbell, Lo & MacKinlay 1997, §4.4, with the scales)
    ``V = S σ² (I + X_e (X'X)⁻¹ X_e') S`` with ``S = diag(s_b(t))`` over the event window
    (``S = I`` without seasonality; ``pe_correction=False`` drops the ``X_e (X'X)⁻¹ X_e'``
    term). ``CAR(a, b) = Σ AR_t``; ``t = CAR / sqrt(1'V1)``, Student t with ``L − k`` df,
    two-sided p.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import BadPriceError, ConfigurationError, DataRangeError, InsufficientDataError, WindowError
from ..instruments import find_instrument
from ..prices.frame import Prices
from ..prices.intraday import classify_gaps, interval_minutes
from ..prices.yahoo import normalize_interval
from ..types import Window
from .results_base import TestResult, student_t

MODELS = ("market", "constant-mean")

TS_T_INTRADAY = (
    "time-series t over bars: sigma from estimation residuals (ddof = k parameters); var(CAR) = 1'V1, "
    "V = S sigma^2 (I + X_e (X'X)^-1 X_e') S, S = diag(time-of-day scales) or I; Student t with L - k df; two-sided p"
)


@dataclass(frozen=True)
class BarZero:
    """Where the announcement falls on the bar grid.

    Attributes
    ----------
    announced_at : Timestamp
        The announcement instant (UTC).
    bar0 : Timestamp
        Start of bar 0 (UTC): the first bar starting at or after ``announced_at``.
    interval_minutes : int
    wait_minutes : float
        Minutes from the announcement to the start of bar 0 (more than one bar when the
        market was closed at the announcement).
    market_open : bool
        Whether a bar of the series covered the announcement minute.
    """

    announced_at: pd.Timestamp
    bar0: pd.Timestamp
    interval_minutes: int
    wait_minutes: float
    market_open: bool

    @property
    def rule(self) -> str:
        return "first bar starting at or after the announcement"

    @property
    def note(self) -> str:
        iv = self.interval_minutes
        if self.market_open:
            tail = (f"; the {self.wait_minutes:g} minutes before it fall in bar -1 (CAR(-1, k) includes them)"
                    if self.wait_minutes else "")
            return f"bar 0 starts {self.bar0:%Y-%m-%d %H:%M} UTC, {self.wait_minutes:g} min after the announcement{tail}"
        return (f"no {iv}-minute bar was trading at the announcement ({self.announced_at:%Y-%m-%d %H:%M} UTC): bar 0 is "
                f"the next bar, {self.bar0:%Y-%m-%d %H:%M} UTC, and its return spans the closure")

    def to_dict(self) -> dict[str, Any]:
        return {"announced_at": self.announced_at.isoformat(), "bar0": self.bar0.isoformat(), "rule": self.rule,
                "interval_minutes": self.interval_minutes, "wait_minutes": self.wait_minutes,
                "market_open": self.market_open, "note": self.note}


def _closes(prices: Prices | pd.DataFrame | dict[str, pd.DataFrame], ticker: str) -> pd.Series:
    if isinstance(prices, pd.DataFrame) and "close" not in prices.columns:
        if ticker not in prices.columns:
            raise ConfigurationError(f"{ticker} is not a column of the prices given ({', '.join(map(str, prices.columns))})")
        s = prices[ticker]
    else:
        try:
            frame = prices[ticker]  # Prices or dict
        except (KeyError, TypeError, LookupError):
            raise ConfigurationError(f"no intraday prices for {ticker}") from None
        if "close" not in frame:
            raise ConfigurationError(f"{ticker}: the intraday bars have no 'close' column")
        s = frame["close"]
    idx = pd.DatetimeIndex(s.index)
    if idx.tz is None:
        raise ConfigurationError(f"{ticker}: intraday bars need tz-aware timestamps (bar starts); got naive times")
    s = pd.Series(s.to_numpy(dtype="float64"), index=idx.tz_convert("UTC").as_unit("ns"), name=ticker).sort_index()
    if s.index.has_duplicates:
        raise BadPriceError(f"{ticker}: duplicate bar {s.index[s.index.duplicated()][0]}")
    s = s.dropna()
    bad = ~np.isfinite(s.to_numpy()) | (s.to_numpy() <= 0)
    if bad.any():
        raise BadPriceError(f"{ticker}: non-positive or infinite close at {s.index[bad][0]}")
    return s


def _to_utc(at: Any) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(at)
    except (TypeError, ValueError):
        raise ConfigurationError(f"announcement time {at!r} is not a timestamp") from None
    if ts is pd.NaT:
        raise ConfigurationError("announcement time is missing")
    if ts.tzinfo is None:
        raise ConfigurationError(f"announcement time {ts} has no timezone; an intraday window needs an instant "
                                 "(give the zone, e.g. 12:07 America/New_York)")
    return ts.tz_convert("UTC")


def _scales(r: np.ndarray, buckets: np.ndarray, est: np.ndarray) -> tuple[pd.Series, list[int]]:
    """Time-of-day scale per bucket from the estimation sample (see module notes).

    Returns the scales (index: bucket number) and the buckets of the series with no
    estimation return (their scale is taken as 1 by the caller).
    """
    x = r[est]
    dev = pd.Series(np.abs(x - x.mean()))
    overall = float(dev.mean())
    by = dev.groupby(buckets[est]).mean()
    by = by / overall if overall > 0 else by * 0 + 1.0
    by = by.where(by > 0, 1.0)
    return by, sorted(set(np.unique(buckets).tolist()) - set(by.index.tolist()))


def _bucket_label(b: int, width: int) -> str:
    m0 = int(b) * width
    m1 = m0 + width
    return f"{m0 // 60:02d}:{m0 % 60:02d}-{(m1 // 60) % 24:02d}:{m1 % 60:02d}"


@dataclass
class IntradayStudyResult:
    """Result of an intraday event study (one asset, one announcement).

    Attributes
    ----------
    ticker, benchmark : str
    model : str
    interval : str
    bar_zero : BarZero
    params : pandas.Series
        ``alpha`` (and ``beta``) of the (standardised) model; decimals per bar.
    sigma : float
        Residual sd per bar of the (standardised) model; ``dof = L − k``; ``nobs = L``.
    frame : pandas.DataFrame
        One row per event-window bar: ``rel_bar, bar_start`` (UTC), ``clock`` (local, the
        display zone), ``close, ret, market, expected, ar, ar_se, ar_t, ar_p, car, scale, gap``.
    tests : list of TestResult
        ``ts_t`` for every CAR window (bars).
    seasonality : pandas.DataFrame or None
        Scale per time-of-day bucket for the asset (and benchmark).
    path : pandas.Series
        Closes of the asset from the start of the event window's day to its end (UTC index),
        for charts.
    """

    ticker: str
    benchmark: str | None
    model: str
    interval: str
    bar_zero: BarZero
    params: pd.Series
    sigma: float
    dof: int
    nobs: int
    r2: float
    frame: pd.DataFrame
    tests: list[TestResult]
    estimation: Window
    window: Window
    estimation_span: tuple[pd.Timestamp, pd.Timestamp]
    ar_cov: np.ndarray = field(repr=False)
    return_kind: str = "log"
    seasonality: pd.DataFrame | None = None
    bucket_minutes: int = 30
    display_zone: str = "UTC"
    dropped_gap_returns: int = 0
    pe_correction: bool = True
    path: pd.Series | None = field(default=None, repr=False)
    warnings: list[str] = field(default_factory=list)
    claim_checks: list = field(default_factory=list)
    label: str = ""
    evidence: str = ""

    # --- numbers -----------------------------------------------------------
    def _mask(self, start: int, end: int, what: str = "CAR") -> np.ndarray:
        f = self.frame
        if start > end:
            raise WindowError(f"{what} window ({start}, {end}) is reversed")
        if start < self.window.start or end > self.window.end:
            raise WindowError(f"{what} window ({start}, {end}) is not inside the event window {self.window} (bars)")
        return ((f.rel_bar >= start) & (f.rel_bar <= end)).to_numpy()

    def ar(self, rel_bar: int = 0) -> float:
        """Abnormal return of bar ``rel_bar`` (decimal)."""
        return float(self.frame.loc[self._mask(rel_bar, rel_bar, "AR"), "ar"].iloc[0])

    def car(self, start: int, end: int) -> float:
        """CAR over bars ``[start, end]`` (decimal)."""
        return float(self.frame.loc[self._mask(start, end), "ar"].sum())

    def car_test(self, start: int, end: int) -> TestResult:
        """Time-series t test of CAR(start, end) over bars (see module notes)."""
        m = self._mask(start, end)
        car = float(self.frame.loc[m, "ar"].sum())
        se = float(np.sqrt(self.ar_cov[np.ix_(m, m)].sum()))
        conv = TS_T_INTRADAY if self.pe_correction else TS_T_INTRADAY.replace(" + X_e (X'X)^-1 X_e'", "")
        return TestResult(
            name="ts_t", stat=car / se, dist=student_t(self.dof), window=(start, end), estimate=car, se=se,
            null="CAR = 0", conventions=conv,
            reference="Campbell, Lo & MacKinlay (1997) sec. 4.4; Andersen & Bollerslev (1997) for the scales",
        )

    def test(self, name: str, start: int, end: int) -> TestResult:
        for t in self.tests:
            if t.name == name and t.window == (start, end):
                return t
        raise KeyError(f"no {name} test over bars ({start}, {end})")

    def minutes(self, rel_bar: int) -> int:
        """Minutes from the start of bar 0 to the end of bar ``rel_bar``."""
        return (rel_bar + 1) * self.bar_zero.interval_minutes

    # --- presentation ------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Tidy event-window frame, one row per bar, keyed by ticker."""
        return self.frame.assign(ticker=self.ticker)[["ticker", *self.frame.columns]]

    def tests_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{**t.to_dict(), "window_unit": "bars"} for t in self.tests])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (schema ``marketimpact.intraday/1``)."""
        def num(x: Any) -> float | None:
            v = float(x)
            return v if math.isfinite(v) else None

        bars = [
            {"rel_bar": int(r.rel_bar), "bar_start": r.bar_start.isoformat(), "clock": r.clock, "close": num(r.close),
             "ret": num(r.ret), "market": None if r.market is None else num(r.market), "expected": num(r.expected),
             "ar": num(r.ar), "ar_t": num(r.ar_t), "ar_p": num(r.ar_p), "car": num(r.car), "scale": num(r.scale),
             "gap": r.gap}
            for r in self.frame.itertuples(index=False)
        ]
        seas = None
        if self.seasonality is not None:
            seas = {"bucket_minutes": self.bucket_minutes, "zone": self._exchange_zone(),
                    "scales": {c: {str(k): float(v) for k, v in self.seasonality[c].items()} for c in self.seasonality}}
        return {
            "schema": "marketimpact.intraday/1",
            "ticker": self.ticker, "benchmark": self.benchmark, "interval": self.interval,
            "return_kind": self.return_kind, "bar0": self.bar_zero.to_dict(), "display_zone": self.display_zone,
            "estimation_window_bars": [self.estimation.start, self.estimation.end],
            "estimation_span_utc": [t.isoformat() for t in self.estimation_span],
            "event_window_bars": [self.window.start, self.window.end],
            "model": {"model": self.model, **{k: float(v) for k, v in self.params.items()}, "sigma": self.sigma,
                      "dof": self.dof, "n_obs": self.nobs, "r2": None if math.isnan(self.r2) else self.r2,
                      "dropped_gap_returns": self.dropped_gap_returns},
            "seasonality": seas,
            "bars": bars,
            "tests": [{**t.to_dict(), "window_unit": "bars"} for t in self.tests],
            "claim_checks": [c.to_dict() for c in self.claim_checks],
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def _exchange_zone(self) -> str:
        inst = find_instrument(self.ticker)
        return inst.timezone if inst else "UTC"

    def summary(self) -> str:
        """Text summary: bar 0, model, every bar of the window, the CAR tests, the conventions."""
        w = 86
        line, sub = "=" * w, "-" * w
        bz = self.bar_zero
        zone = self.display_zone
        at_local = bz.announced_at.tz_convert(zone)
        vs = f" vs {self.benchmark}" if self.benchmark else ""
        est0, est1 = (t.tz_convert(zone) for t in self.estimation_span)
        params = ", ".join(f"{k} = {v:.4g}" for k, v in self.params.items())
        seas = (f"time-of-day scales, {self.bucket_minutes}-min buckets ({self._exchange_zone()} clock), "
                "Andersen & Bollerslev (1997)" if self.seasonality is not None else "none (constant variance)")
        hdr = [
            line,
            f"{'Intraday event study: ' + self.ticker + vs + f' ({self.interval} bars)':^{w}}",
            line,
            f"Announcement:     {at_local:%Y-%m-%d %H:%M %Z} ({bz.announced_at:%H:%M} UTC)"
            + (f"  \"{self.label}\"" if self.label else ""),
            f"Bar 0:            {bz.bar0.tz_convert(zone):%Y-%m-%d %H:%M %Z}  [{bz.rule}]",
            f"Model:            {self.model}   returns: {self.return_kind}, bar to bar",
            f"Estimation:       bars {self.estimation} = {est0:%Y-%m-%d %H:%M}..{est1:%Y-%m-%d %H:%M %Z}, L = {self.nobs}"
            + (f" ({self.dropped_gap_returns} gap-spanning returns left out)" if self.dropped_gap_returns else ""),
            f"Parameters:       {params}, sigma = {self.sigma:.4%} per bar"
            + ("" if math.isnan(self.r2) else f", R2 = {self.r2:.3f}"),
            f"Volatility:       {seas}",
            sub,
            f"{'bar':>4} {'clock':>6} {'close':>10} {'return':>9} {'expected':>9} {'AR':>9} {'t':>7} {'P>|t|':>7} "
            f"{'CAR':>9}  gap",
            sub,
        ]
        body = [
            f"{int(r.rel_bar):>+4d} {r.clock:>6} {r.close:>10,.2f} {r.ret:>9.3%} {r.expected:>9.3%} {r.ar:>9.3%} "
            f"{r.ar_t:>7.2f} {r.ar_p:>7.3f} {r.car:>9.3%}  {r.gap}"
            for r in self.frame.itertuples(index=False)
        ]
        tests = [sub, f"{'test':<6} {'bars':>9} {'minutes':>9} {'CAR':>9} {'stat':>8} {'p-value':>8}  95% CI", sub]
        for t in self.tests:
            lo, hi = t.conf_int()
            mins = f"{t.window[0] * bz.interval_minutes:+d}..{self.minutes(t.window[1]):+d}"
            tests.append(f"{t.name:<6} {t.window!s:>9} {mins:>9} {t.estimate:>9.3%} {t.stat:>8.3f} {t.pvalue:>8.4f}  "
                         f"[{lo:.3%}, {hi:.3%}]")
        claims = []
        if self.claim_checks:
            claims = [sub, "Claims checked at the time they were written:"]
            claims += ["  " + c.describe() for c in self.claim_checks]
        foot = [sub, "Notes:", f"  [1] {bz.note}.", f"  [2] {self.tests[0].conventions if self.tests else TS_T_INTRADAY}.",
                "  [3] Returns spanning a session break, closed day or missing bars are flagged in 'gap' and left out "
                "of the estimation.", f"  [4] Clock times in {zone}."]
        foot += [f"  [!] {m}" for m in self.warnings]
        return "\n".join(hdr + body + tests + claims + foot + [line])

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from html import escape

        bz = self.bar_zero
        cols = ["rel_bar", "clock", "close", "ret", "expected", "ar", "ar_t", "ar_p", "car", "gap"]
        fmt = {c: "{:.3%}".format for c in ("ret", "expected", "ar", "car")}
        fmt.update({"ar_t": "{:.2f}".format, "ar_p": "{:.3f}".format, "close": "{:,.2f}".format})
        head = (f"<p><b>Intraday event study: {escape(self.ticker)}</b> ({escape(self.interval)} bars) — "
                f"announcement {bz.announced_at.tz_convert(self.display_zone):%Y-%m-%d %H:%M %Z}, bar 0 "
                f"{bz.bar0.tz_convert(self.display_zone):%H:%M}, model {escape(self.model)}"
                f"{' vs ' + escape(self.benchmark) if self.benchmark else ''}, L = {self.nobs}"
                f"{', time-of-day scales' if self.seasonality is not None else ''}</p>")
        tests = self.tests_frame()[["test", "rel_day_start", "rel_day_end", "estimate", "statistic", "p_value"]]
        tests = tests.rename(columns={"rel_day_start": "bar_start", "rel_day_end": "bar_end"})
        claims = ""
        if self.claim_checks:
            claims = "<ul>" + "".join(f"<li>{escape(c.describe())}</li>" for c in self.claim_checks) + "</ul>"
        return head + self.frame[cols].to_html(index=False, formatters=fmt) + tests.to_html(index=False) + claims


class IntradayEventStudy:
    """Specification of an intraday event study (validated once; :meth:`run` per event).

    Parameters
    ----------
    model : {"market", "constant-mean"}
    interval : str
        Bar length (``1m`` … ``1h``), used to convert minutes and to find gaps.
    estimation, window : (int, int)
        Windows relative to bar 0, in bars (or minutes with ``unit="minutes"``, which must be
        multiples of the bar length). Defaults (−1000, −13) and (−6, +12).
    car_windows : list of (int, int), optional
        CAR windows tested (same unit); default ``[0, 0]``, ``[0, +end/2]``, ``[0, +end]``.
    seasonality : bool
        Standardise by the time-of-day volatility pattern (see module notes).
    bucket_minutes : int
        Width of the time-of-day buckets (default 30 minutes; a multiple of the bar length).
    return_kind : {"log", "simple"}
    drop_gap_returns : bool
        Leave returns that span a session break, closed day or bar gap out of the estimation.
    min_obs : int
        Fewest estimation returns accepted (default 100).
    pe_correction : bool
        Prediction-error correction of the AR variance (default True).
    """

    def __init__(
        self,
        model: str = "market",
        *,
        interval: str = "5m",
        estimation: tuple[int, int] = (-1000, -13),
        window: tuple[int, int] = (-6, 12),
        car_windows: list[tuple[int, int]] | None = None,
        unit: Literal["bars", "minutes"] = "bars",
        seasonality: bool = False,
        bucket_minutes: int = 30,
        return_kind: str = "log",
        drop_gap_returns: bool = True,
        min_obs: int = 100,
        pe_correction: bool = True,
    ) -> None:
        if model not in MODELS:
            raise ConfigurationError(f"intraday model {model!r} is not available; use one of {', '.join(MODELS)}")
        if return_kind not in ("log", "simple"):
            raise ConfigurationError(f"return_kind must be 'log' or 'simple', got {return_kind!r}")
        if unit not in ("bars", "minutes"):
            raise ConfigurationError(f"unit must be 'bars' or 'minutes', got {unit!r}")
        self.minutes_per_bar = interval_minutes(interval)
        self.interval = normalize_interval(interval)

        def bars(w: tuple[int, int], name: str) -> Window:
            win = Window.coerce(w)
            if unit == "bars":
                return win
            if win.start % self.minutes_per_bar or win.end % self.minutes_per_bar:
                raise WindowError(f"{name} ({win.start}, {win.end}) minutes is not a whole number of "
                                  f"{self.minutes_per_bar}-minute bars")
            return Window(win.start // self.minutes_per_bar, win.end // self.minutes_per_bar)

        self.model = model
        self.estimation = bars(estimation, "estimation window")
        self.window = bars(window, "event window")
        if self.estimation.end >= self.window.start:
            raise WindowError(f"estimation window {self.estimation} must end before the event window {self.window} "
                              "starts (bars)")
        if self.window.end < 0:
            raise WindowError(f"event window {self.window} ends before bar 0")
        if car_windows is None:
            end = self.window.end
            cw = [(0, 0), (0, max(end // 2, 0)), (0, end)]
            self.car_windows = [Window(a, b) for a, b in dict.fromkeys(cw) if self.window.start <= a]
        else:
            self.car_windows = [bars(w, "CAR window") for w in car_windows]
        for w in self.car_windows:
            if w.start < self.window.start or w.end > self.window.end:
                raise WindowError(f"CAR window {w} is not inside the event window {self.window} (bars)")
        if seasonality and (bucket_minutes <= 0 or bucket_minutes % self.minutes_per_bar or 1440 % bucket_minutes):
            raise ConfigurationError(f"bucket_minutes {bucket_minutes} must be a multiple of the {self.minutes_per_bar}-"
                                     "minute bar that divides the day")
        self.seasonality = bool(seasonality)
        self.bucket_minutes = int(bucket_minutes)
        self.return_kind = return_kind
        self.drop_gap_returns = bool(drop_gap_returns)
        self.min_obs = int(min_obs)
        self.pe_correction = bool(pe_correction)

    def __repr__(self) -> str:
        return (f"IntradayEventStudy({self.model!r}, interval={self.interval!r}, estimation={self.estimation}, "
                f"window={self.window}, seasonality={self.seasonality})")

    def run(
        self,
        announced_at: Any,
        prices: Prices | pd.DataFrame | dict[str, pd.DataFrame],
        ticker: str,
        benchmark: str | None = None,
        *,
        display_zone: str | None = None,
        label: str = "",
        evidence: str = "",
    ) -> IntradayStudyResult:
        """Run the study for an announcement at ``announced_at`` (tz-aware instant).

        ``prices`` holds intraday bars with tz-aware bar-start indexes (``close`` needed):
        :class:`~marketimpact.prices.Prices`, a dict of frames, or a wide frame of closes.

        Raises
        ------
        ConfigurationError, BadPriceError, DataRangeError, InsufficientDataError, WindowError
        """
        at = _to_utc(announced_at)
        if self.model == "market" and not benchmark:
            raise ConfigurationError("the market model needs an intraday benchmark (e.g. ES=F); "
                                     "or use model='constant-mean'")
        y = _closes(prices, ticker)
        cols = {ticker: y}
        if self.model == "market":
            cols["__m"] = _closes(prices, benchmark)  # type: ignore[arg-type]
        closes = pd.concat(cols, axis=1, join="inner").dropna()
        if len(closes) < 3:
            raise InsufficientDataError(f"{ticker}{' and ' + str(benchmark) if benchmark else ''} share only "
                                        f"{len(closes)} bars")
        idx = pd.DatetimeIndex(closes.index)
        step = pd.Timedelta(minutes=self.minutes_per_bar)
        pos0 = int(idx.searchsorted(at, side="left"))
        if pos0 >= len(idx):
            raise DataRangeError(f"no {self.interval} bar starts at or after the announcement {at:%Y-%m-%d %H:%M} UTC: "
                                 f"the bars end at {idx[-1]:%Y-%m-%d %H:%M} UTC")
        if pos0 == 0:
            raise DataRangeError(f"the {self.interval} bars start at {idx[0]:%Y-%m-%d %H:%M} UTC, at or after the "
                                 "announcement: there is no estimation window")
        market_open = bool(idx[pos0 - 1] <= at < idx[pos0 - 1] + step)
        bz = BarZero(at, idx[pos0], self.minutes_per_bar, (idx[pos0] - at).total_seconds() / 60, market_open
                     or idx[pos0] == at)
        gaps = np.array(classify_gaps(ticker, idx, self.minutes_per_bar), dtype=object)
        logc = np.log(closes.to_numpy())
        r = np.diff(logc, axis=0) if self.return_kind == "log" else np.diff(closes.to_numpy(), axis=0) / closes.to_numpy()[:-1]
        # return k (k ≥ 1) belongs to bar k; positions relative to bar 0
        rel = np.arange(len(idx)) - pos0
        warn: list[str] = []
        e0, e1 = pos0 + self.estimation.start, pos0 + self.estimation.end
        if e0 < 1:
            warn.append(f"estimation window {self.estimation} starts before the data: "
                        f"{pos0 - 1 + self.estimation.end + 1} bars used from {idx[1]:%Y-%m-%d %H:%M} UTC")
            e0 = 1
        w0, w1 = pos0 + self.window.start, pos0 + self.window.end
        if w1 >= len(idx):
            raise DataRangeError(f"the event window {self.window} needs {self.window.end} bars after bar 0; the data "
                                 f"have {len(idx) - 1 - pos0} (last bar {idx[-1]:%Y-%m-%d %H:%M} UTC)")
        if w0 < 1 or e1 < e0:
            raise InsufficientDataError(f"not enough bars before the announcement for windows {self.estimation} "
                                        f"and {self.window}")
        est = np.arange(e0, e1 + 1)
        n_gap = int((gaps[est] != "").sum())
        if self.drop_gap_returns:
            est = est[gaps[est] == ""]
        k = 2 if self.model == "market" else 1
        if len(est) < max(self.min_obs, k + 2):
            raise InsufficientDataError(f"only {len(est)} estimation returns; at least {max(self.min_obs, k + 2)} are "
                                        "needed (widen the estimation window, fetch more days or lower min_obs)")
        ret = pd.Series(np.concatenate([[np.nan], r[:, 0]]), index=idx)
        mkt = pd.Series(np.concatenate([[np.nan], r[:, 1]]), index=idx) if self.model == "market" else None
        ev = np.arange(w0, w1 + 1)
        inst = find_instrument(ticker)
        xzone = inst.timezone if inst else "UTC"
        seas_df = None
        s_y = np.ones(len(idx))
        s_m = np.ones(len(idx))
        if self.seasonality:
            local = idx.tz_convert(xzone)
            buckets = np.asarray((local.hour * 60 + local.minute) // self.bucket_minutes)
            sy, miss_y = _scales(ret.to_numpy(), buckets, est)
            s_y = pd.Series(buckets).map(sy).fillna(1.0).to_numpy()
            table = {ticker: sy}
            miss = set(miss_y)
            if mkt is not None:
                sm, miss_m = _scales(mkt.to_numpy(), buckets, est)
                s_m = pd.Series(buckets).map(sm).fillna(1.0).to_numpy()
                table[str(benchmark)] = sm
                miss |= set(miss_m)
            seas_df = pd.DataFrame(table)
            seas_df.index = [_bucket_label(b, self.bucket_minutes) for b in seas_df.index]
            ev_miss = sorted(miss & set(buckets[ev]))
            if ev_miss:
                warn.append("no estimation returns in the time-of-day bucket(s) "
                            + ", ".join(_bucket_label(b, self.bucket_minutes) for b in ev_miss)
                            + f" ({xzone}); scale 1 used there")
        import statsmodels.api as sm_api

        yv = ret.to_numpy() / s_y
        X = np.ones((len(idx), 1))
        if mkt is not None:
            X = np.column_stack([X, mkt.to_numpy() / s_m])
        fit = sm_api.OLS(yv[est], X[est]).fit()
        names = ["alpha", "beta"][:k]
        params = pd.Series(fit.params, index=names)
        dof = int(fit.df_resid)
        sigma = float(np.sqrt(fit.ssr / dof))
        r2 = float(fit.rsquared) if k == 2 else float("nan")
        xtx_inv = np.linalg.inv(X[est].T @ X[est])
        Xe = X[ev]
        eps = yv[ev] - Xe @ fit.params
        S = np.diag(s_y[ev])
        core = np.eye(len(ev)) + (Xe @ xtx_inv @ Xe.T if self.pe_correction else 0)
        V = S @ (sigma**2 * core) @ S
        ar = s_y[ev] * eps
        se = np.sqrt(np.diag(V))
        from scipy import stats

        t = ar / se
        zone = display_zone or xzone
        frame = pd.DataFrame({
            "rel_bar": rel[ev].astype(int),
            "bar_start": idx[ev],
            "clock": [f"{x:%H:%M}" for x in idx[ev].tz_convert(zone)],
            "close": closes[ticker].to_numpy()[ev],
            "ret": ret.to_numpy()[ev],
            "market": mkt.to_numpy()[ev] if mkt is not None else None,
            "expected": ret.to_numpy()[ev] - ar,
            "ar": ar, "ar_se": se, "ar_t": t, "ar_p": 2 * stats.t(dof).sf(np.abs(t)),
            "car": np.cumsum(ar), "scale": s_y[ev], "gap": list(gaps[ev]),
        })
        if (frame["gap"] != "").any():
            g = frame.loc[frame["gap"] != "", ["rel_bar", "gap"]]
            warn.append("event-window returns spanning a gap: "
                        + ", ".join(f"bar {int(b):+d} ({k_})" for b, k_ in g.itertuples(index=False)))
        if not bz.market_open:
            warn.append(bz.note)
        day_start = idx[w0].tz_convert(zone).normalize().tz_convert("UTC")
        path = closes[ticker][(idx >= min(day_start, idx[w0])) & (idx <= idx[w1])]
        res = IntradayStudyResult(
            ticker=ticker, benchmark=benchmark if self.model == "market" else None, model=self.model,
            interval=self.interval, bar_zero=bz, params=params, sigma=sigma, dof=dof, nobs=len(est), r2=r2,
            frame=frame, tests=[], estimation=self.estimation, window=self.window,
            estimation_span=(idx[est[0]], idx[est[-1]]), ar_cov=V, return_kind=self.return_kind,
            seasonality=seas_df, bucket_minutes=self.bucket_minutes, display_zone=zone,
            dropped_gap_returns=n_gap if self.drop_gap_returns else 0, pe_correction=self.pe_correction,
            path=path, warnings=warn, label=label, evidence=evidence,
        )
        res.tests = [res.car_test(w.start, w.end) for w in self.car_windows]
        return res
