r"""`MultiEventResult`: the one result of a multi-event study, whatever the engine.

Both engines behind :func:`~.engine.event_study` return it: the statsmodels reference
(:func:`.multi.reference_event_study`) fills it from its per-event results, the closed form
(:func:`.batch.closed_form_event_study`) from its chunk arrays. Everything a user reads is computed
here, once, from the same arrays (N studied events, T event-window days, W CAR windows):
``summary()``, ``to_frame()``, ``tests_frame()``, ``params_frame()``, ``_repr_html_()``, ``plot()``,
``to_dict()``/``to_json()`` (schema ``marketimpact.multi/1``), ``aar()``, ``caar()``, ``caar_band()``,
``bhar()``, ``by_group()``, ``groups``, ``warnings``, ``skipped`` and ``panel``.

One attribute exists for one engine only: :attr:`MultiEventResult.results` (a statsmodels
:class:`~.single.EventStudyResult` per event) is kept by the reference engine; the closed form
raises a one-line error naming what to read instead.

Units: returns, AR, CAR, BHAR are decimals (0.01 = 1 %); variances decimals²; sessions dates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ConfigurationError, WindowError
from ..types import Window
from .panel import ARPanel, SummaryPanel
from .results_base import HasTests, TestResult, aar_table_lines, group_tests_frame

if TYPE_CHECKING:
    from .single import EventStudyResult

__all__ = ["MULTI_SCHEMA", "FRAME_COLUMNS", "PARAMS_TAIL", "MultiEventResult"]

#: JSON schema id of :meth:`MultiEventResult.to_dict` (docs/json-schema.md)
MULTI_SCHEMA = "marketimpact.multi/1"
#: columns of :meth:`MultiEventResult.to_frame`
FRAME_COLUMNS = ["event_id", "ticker", "rel_day", "date", "ret", "expected", "ar", "car", "roll_day"]
_NS_DAY = 86_400_000_000_000


def _code_type(n_categories: int) -> type[np.signedinteger]:
    """pandas' narrowest code type for this many categories (pandas.core.arrays.categorical)."""
    return next(d for d in (np.int8, np.int16, np.int32, np.int64) if n_categories < np.iinfo(d).max)


def _whole_days(flat: np.ndarray) -> np.ndarray | None:
    """``flat // _NS_DAY`` when every value is a whole day (a midnight in ns), else None. A block at a time
    (the temporaries stay in the CPU cache): the day is the rounded float quotient, kept only if it times
    ``_NS_DAY`` gives the value back exactly (then it is the exact quotient; integer division is several
    times slower)."""
    days = np.empty(flat.shape, dtype=np.int64)
    step = 1 << 16
    q = np.empty(min(step, flat.size))
    for i in range(0, flat.size, step):
        b, d = flat[i:i + step], days[i:i + step]
        f = q[:len(b)]
        np.multiply(b, 1.0 / _NS_DAY, out=f)
        np.rint(f, out=f)
        d[...] = f
        if not np.array_equal(d * _NS_DAY, b):
            return None
    return days


def _unique_sessions(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(flat, return_inverse=True)`` of int64 ns sessions, without sorting the N·T values when they
    are whole days over a span of at most a few times their count (a table of present days instead; the
    inverse then comes in :func:`_code_type` of the number of sessions)."""
    if flat.dtype == np.int64 and flat.size:
        days = _whole_days(flat)
        if days is not None:
            lo = int(days.min())
            span = int(days.max()) - lo + 1
            if span <= 4 * flat.size + 100_000:
                days -= lo
                present = np.zeros(span, dtype=bool)
                present[days] = True
                uniq = np.flatnonzero(present)
                rank = np.cumsum(present, dtype=_code_type(len(uniq)))
                rank -= 1
                return (uniq + lo) * _NS_DAY, rank[days]
    return np.unique(flat, return_inverse=True)
#: columns of :meth:`MultiEventResult.params_frame` after the model's coefficients
PARAMS_TAIL = ["sigma", "dof", "n_obs", "r2", "ticker", "benchmark", "day0", "rule", "ambiguous",
               "est_start", "est_end"]
_PER_EVENT_KEYS = ("base", "pad", "beta", "sxx", "day0")  # per-event arrays of ``_panel_inputs``


@dataclass(repr=False)
class MultiEventResult(HasTests):
    """Result of a multi-event study (N studied events, T event-window days), from either engine.

    Attributes
    ----------
    event_ids, tickers, benchmarks : (N,) object arrays
        ``benchmarks`` holds None for the constant-mean model.
    group_labels : (N,) object array or None
        The events table's ``group`` column of each studied event.
    rel_days : (T,) int array
    sessions : (N, T) int64 array
        Session of each event-window day (ns since the epoch, midnight).
    ret, expected, ar, ar_var : (N, T) float arrays
        Realised, expected and abnormal returns (decimals) and the AR variances (diagonal of
        :math:`V_i`, decimals²).
    roll_day : (N, T) bool array
        The return spans a futures contract roll (:func:`marketimpact.prices.rolls.roll_days`).
    car_windows : list of (int, int)
        The CAR windows of the CAAR tests.
    ts_windows : list of (int, int)
        ``(0, 0)`` then ``car_windows``: the columns of ``car`` and ``car_var``.
    car, car_var : (N, W) float arrays
        Each event's CAR over each of ``ts_windows`` and its variance :math:`1'V_i 1` (decimals, decimals²).
    params : DataFrame
        One row per event (see :meth:`params_frame`).
    tests : list of TestResult
        Multi-event tests per event day (window (d, d)) and per CAR window.
    skipped : DataFrame
        ``event_id, ticker, reason`` of events that could not be studied.
    warnings : DataFrame
        ``event_id, message`` (one row per event, its messages joined by ``"; "``): futures rolls in
        the window, shortened estimation windows, dropped estimation returns, data gaps.
    model, return_kind : str
        ``return_kind`` is ``"log"``, ``"simple"`` or ``"given"`` (returns passed in, used as simple returns).
    estimation, window : (int, int)
        Estimation and event windows asked, in relative days.
    pe_correction : bool
    engine : str
        ``"reference"``, ``"numpy"`` or ``"dask"``.
    groups : dict
        Group label → the :class:`MultiEventResult` of its events (groups of at least 2 events) with
        that group's tests (the closed form: the streaming tests ``ts_t, cs_t, patell, bmp``).
    timings : dict
        Seconds spent (``total``; the closed form also ``prepare``, ``chunks``, ``finish``).
    """

    event_ids: np.ndarray
    tickers: np.ndarray
    benchmarks: np.ndarray
    group_labels: np.ndarray | None
    rel_days: np.ndarray
    sessions: np.ndarray
    ret: np.ndarray
    expected: np.ndarray
    ar: np.ndarray
    ar_var: np.ndarray
    roll_day: np.ndarray
    car_windows: list[tuple[int, int]]
    ts_windows: list[tuple[int, int]]
    car: np.ndarray
    car_var: np.ndarray
    params: pd.DataFrame
    tests: list[TestResult]
    skipped: pd.DataFrame
    warnings: pd.DataFrame
    model: str
    estimation: tuple[int, int]
    window: tuple[int, int]
    return_kind: str
    pe_correction: bool
    engine: str
    groups: dict[str, MultiEventResult] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    _results: dict[str, EventStudyResult] | None = field(default=None, repr=False)
    #: (N, T) market-model d = R_m − mean R_m (the panel's V_i), or a function that computes it (the numpy
    #: engine: the panel is built on first use only, so the array is too)
    _d: np.ndarray | Callable[[], np.ndarray] | None = field(default=None, repr=False)
    _panel_inputs: dict[str, Any] = field(default_factory=dict, repr=False)
    _panel: ARPanel | None = field(default=None, repr=False)
    _summary: SummaryPanel | None = field(default=None, repr=False)

    # --- sizes and per-event objects ---------------------------------------------------------
    @property
    def n_events(self) -> int:
        return len(self.event_ids)

    @property
    def results(self) -> dict[str, EventStudyResult]:
        """``event_id`` → :class:`~.single.EventStudyResult` (statsmodels fit, frame, tests).

        Reference engine only: the closed form keeps arrays, not N objects; it raises
        :class:`~marketimpact.errors.ConfigurationError` naming the frames that hold the same numbers.
        """
        if self._results is None:
            raise ConfigurationError(
                f"per-event EventStudyResult objects are kept by engine='reference' only; this result came from "
                f"engine={self.engine!r}: read to_frame(), params_frame() or tests_frame(per_event=True)")
        return self._results

    # --- series ------------------------------------------------------------------------------
    def aar(self) -> pd.Series:
        """Average abnormal return per event day (decimal)."""
        return pd.Series(self.ar.mean(axis=0), index=pd.Index(self.rel_days, name="rel_day"), name="aar")

    def caar(self) -> pd.Series:
        """Cumulative AAR from the first event-window day (decimal)."""
        return self.aar().cumsum().rename("caar")

    def _columns(self, start: int, end: int, what: str) -> np.ndarray:
        m = (self.rel_days >= start) & (self.rel_days <= end)
        if start > end or not m.any() or start < self.window[0] or end > self.window[1]:
            raise WindowError(f"{what} window ({start}, {end}) is not inside the event window {Window.coerce(self.window)}")
        return m

    def bhar(self, start: int, end: int) -> pd.Series:
        """Buy-and-hold abnormal return of each event over ``[start, end]`` (decimal, indexed by event_id);
        its mean is the average BHAR (ABHAR).

        ``BHAR = prod(1 + R_t) − prod(1 + E[R_t])`` with simple returns; log returns and log expected
        returns are converted with ``exp(x) − 1`` first (Barber & Lyon 1997); given returns are simple.
        """
        m = self._columns(start, end, "BHAR")
        r, e = self.ret[:, m], self.expected[:, m]
        if self.return_kind == "log":
            r, e = np.expm1(r), np.expm1(e)
        return pd.Series(np.prod(1 + r, axis=1) - np.prod(1 + e, axis=1), index=pd.Index(self.event_ids, name="event_id"),
                         name="bhar")

    def caar_band(self, alpha: float = 0.05) -> pd.DataFrame:
        """CAAR from the first window day with a cross-sectional confidence band (decimals).

        ``lower/upper = CAAR ± t_{N−1}(1 − alpha/2) · sd(CAR_i, ddof=1) / sqrt(N)`` on each day,
        the interval of the cross-sectional t test.
        """
        from scipy import stats

        car = np.cumsum(self.ar, axis=1)
        n = car.shape[0]
        mean = car.mean(axis=0)
        se = car.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.full(car.shape[1], np.nan)
        q = stats.t(max(n - 1, 1)).ppf(1 - alpha / 2)
        return pd.DataFrame({"rel_day": self.rel_days, "caar": mean, "lower": mean - q * se, "upper": mean + q * se})

    # --- frames ------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per event and event-window day: ``event_id, ticker, rel_day, date, ret, expected, ar, car,
        roll_day``.

        ``date`` is the session (YYYY-MM-DD); ``car`` is cumulated from the first event-window day;
        ``roll_day``: the return spans a futures contract roll. Returns are decimals. ``event_id``,
        ``ticker`` and ``date`` are categoricals (millions of rows stay cheap); ``.astype(str)`` gives
        plain strings.
        """
        cols = self._frame_columns()
        return pd.DataFrame({c: pd.Categorical.from_codes(v[0], categories=pd.Index(v[1], dtype=object))
                             if isinstance(v, tuple) else v for c, v in cols.items()}, columns=FRAME_COLUMNS)

    def _frame_columns(self) -> dict[str, Any]:
        """The columns of :meth:`to_frame` as arrays; a categorical column is ``(codes, categories)`` (an
        object array of str). One source for the DataFrame and for :meth:`_frame_arrow`."""
        n, t = self.ar.shape
        # the codes in the type the categorical (and the Parquet dictionary column) keeps: no wider copy first
        codes = np.repeat(np.arange(n, dtype=_code_type(n)), t)
        tk_codes, tk = pd.factorize(pd.Series(self.tickers, dtype=object))
        s_uniq, s_inv = _unique_sessions(self.sessions.ravel())
        return {
            "event_id": (codes, np.asarray(self.event_ids, dtype=object)),
            "ticker": (np.repeat(tk_codes.astype(_code_type(len(tk))), t), np.asarray(tk, dtype=object)),
            "rel_day": np.tile(self.rel_days, n),
            "date": (s_inv.ravel(), np.datetime_as_string(s_uniq.astype("datetime64[ns]"), unit="D").astype(object)),
            "ret": self.ret.ravel(),
            "expected": self.expected.ravel(),
            "ar": self.ar.ravel(),
            "car": np.cumsum(self.ar, axis=1).ravel(),
            "roll_day": self.roll_day.ravel(),
        }

    def _frame_arrow(self) -> Any:
        """:meth:`to_frame` as a pyarrow Table, built from the arrays without the DataFrame (what
        ``pa.Table.from_pandas(self.to_frame(), preserve_index=False)`` holds, less the pandas metadata: the
        categoricals are dictionary columns with pandas' code width, and ``pd.read_parquet`` of the table
        written gives ``to_frame()`` back)."""
        return next(self._frame_arrow_parts(rows_per_part=None))

    def _frame_arrow_parts(self, rows_per_part: int | None = 1 << 19) -> Iterator[Any]:
        """:meth:`_frame_arrow` in consecutive parts of whole events, about ``rows_per_part`` rows each (None: one
        part), each built only when asked for: the CLI writes a part to the results Parquet (a row group) while
        it builds the next. A part's ``event_id`` dictionary is its own events' ids (the file holds each id
        once; reading the row groups back unifies the dictionaries in order, giving :meth:`to_frame`'s
        categories); the other dictionaries are the whole result's."""
        import pyarrow as pa

        n, t = self.ar.shape
        try:
            cols = self._frame_columns()
            dicts = {c: pa.array(v[1], type=pa.string()) for c, v in cols.items() if isinstance(v, tuple)}
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # labels that are not all strings: the general path
            yield pa.Table.from_pandas(self.to_frame(), preserve_index=False).replace_schema_metadata(None)
            return
        per = n if rows_per_part is None else max(1, rows_per_part // max(t, 1))
        width = {c: _code_type(len(v[1])) for c, v in cols.items() if isinstance(v, tuple)}
        for e0 in range(0, max(n, 1), max(per, 1)):
            e1 = min(n, e0 + per)
            rows = slice(e0 * t, e1 * t)
            arrays = []
            for c, v in cols.items():
                if c == "event_id" and (e0, e1) != (0, n):  # the part's own events: codes from 0
                    codes = np.repeat(np.arange(e1 - e0, dtype=width[c]), t)
                    arrays.append(pa.DictionaryArray.from_arrays(pa.array(codes), dicts[c][e0:e1]))
                elif isinstance(v, tuple):
                    codes = v[0][rows].astype(width[c], copy=False)
                    missing = codes < 0  # code -1: a missing value, a null as from_pandas writes it
                    arrays.append(pa.DictionaryArray.from_arrays(
                        pa.array(codes, mask=missing if missing.any() else None), dicts[c]))
                else:  # NaN → null, as from_pandas writes it (zero-copy without NaN)
                    part = v[rows]
                    arrays.append(pa.array(part, from_pandas=part.dtype.kind == "f" and bool(np.isnan(part).any())))
            yield pa.Table.from_arrays(arrays, names=FRAME_COLUMNS)

    def params_frame(self) -> pd.DataFrame:
        """One row per event: ``event_id, model``, the coefficients (``alpha, beta`` for the market model,
        ``alpha`` for constant-mean, the factor names for a factor model), then ``sigma, dof, n_obs, r2,
        ticker, benchmark, day0, rule, ambiguous, est_start, est_end`` (:data:`PARAMS_TAIL`)."""
        return self.params.copy()

    def tests_frame(self, per_event: bool = False) -> pd.DataFrame:
        r"""Test statistics.

        ``per_event=False`` (default): the multi-event tests, one row per test and window:
        ``test, rel_day_start, rel_day_end, statistic, p_value, estimate, n``. ``per_event=True``: each
        event's time-series t of its CAR over each of ``ts_windows`` (:func:`.statistics.event_car_t`)
        and its one-event Patell Z (``patell``, :meth:`.statistics.PatellZ.scar`): ``event_id, test,
        rel_day_start, rel_day_end, estimate, se, statistic, p_value, df``.
        """
        if per_event:
            from scipy import stats

            from .statistics import PatellZ, event_car_t

            n, w = self.car.shape
            dof = self.params["dof"].to_numpy().astype("float64")
            df = np.repeat(dof, w)
            se, t, p = event_car_t(self.car, self.car_var, dof[:, None])
            src = self._summary if self._summary is not None else self.panel
            z = np.column_stack([PatellZ().scar(src, w_) for w_ in self.ts_windows]) if n else np.zeros((0, w))
            common = {"event_id": np.repeat(self.event_ids, w),
                      "rel_day_start": np.tile([a for a, _ in self.ts_windows], n),
                      "rel_day_end": np.tile([b for _, b in self.ts_windows], n), "estimate": self.car.ravel()}
            ts = pd.DataFrame({**common, "test": "ts_t", "se": se.ravel(), "statistic": t.ravel(),
                               "p_value": p.ravel(), "df": df})
            pz = pd.DataFrame({**common, "test": "patell", "se": np.nan, "statistic": z.ravel(),
                               "p_value": 2 * stats.norm.sf(np.abs(z.ravel())), "df": np.nan})
            cols = ["event_id", "test", "rel_day_start", "rel_day_end", "estimate", "se", "statistic", "p_value", "df"]
            return pd.concat([ts, pz], ignore_index=True)[cols]
        cols = ["test", "rel_day_start", "rel_day_end", "statistic", "p_value", "estimate", "n"]
        rows = [r.to_dict() for r in self.tests]
        return pd.DataFrame(rows)[cols] if rows else pd.DataFrame(columns=cols)

    def by_group(self) -> pd.DataFrame:
        """CAAR tests per group (rows: group × test × window; groups of at least 2 events)."""
        return group_tests_frame((g, res.tests) for g, res in self.groups.items())

    # --- panel -------------------------------------------------------------------------------
    @property
    def panel(self) -> ARPanel:
        """The :class:`ARPanel` of the studied events, on which every test of :mod:`.statistics` runs.

        The reference engine stacks it from its per-event fits; the closed form builds it on first
        access, without a per-event loop: ``(N, E)`` estimation residuals and sessions and the
        ``(N, T, T)`` covariances :math:`V_i` (about ``N (16 E + 8 T^2)`` bytes).
        """
        if self._panel is None:
            self._panel = self._build_panel()
        return self._panel

    def _build_panel(self) -> ARPanel:
        """The closed form's panel: :math:`V_i` from sigma, L, d and Sxx, residuals from the flat series."""
        pi = self._panel_inputs
        n, t = self.ar.shape
        s2 = self.params["sigma"].to_numpy() ** 2
        L = self.params["n_obs"].to_numpy().astype("float64")
        # V_i = s2_i (I + 1/L_i + d_i d_i' / Sxx_i), built in place: one (N, T, T) array, no full-size temporaries
        cov = np.zeros((n, t, t))
        if self.pe_correction and self.model == "market":
            d = self._d() if callable(self._d) else self._d
            np.multiply(d[:, :, None], d[:, None, :], out=cov)
            cov /= pi["sxx"][:, None, None]
        if self.pe_correction and self.model != "market-adjusted":
            cov += (1.0 / L)[:, None, None]
        diag = np.arange(t)
        cov[:, diag, diag] += 1.0
        cov *= s2[:, None, None]
        es, ee = pi["est_span"]
        E = ee - es + 1
        e_max = int(self.params["n_obs"].max()) if n else 0
        est = np.full((n, e_max), np.nan)
        sess = np.full((n, e_max), np.datetime64("NaT"), dtype="datetime64[ns]")
        y, m, flat_sess = pi["y"], pi["m"], pi["sessions"]
        base, pad = pi["base"], pi["pad"]
        alpha, beta = self.params["alpha"].to_numpy(), pi["beta"]
        step = max(1, 2_000_000 // max(E, 1))
        for c0 in range(0, n, step):  # bounded temporaries; the output itself is (N, E)
            sl = slice(c0, min(n, c0 + step))
            idx = base[sl, None] + np.arange(es, ee + 1)[None, :]
            valid = np.arange(E)[None, :] >= pad[sl, None]
            idx = np.where(valid, idx, base[sl, None])
            Y = y[idx]
            if self.model == "constant-mean":
                R = Y - alpha[sl, None]
                fin = np.isfinite(Y)
            else:
                M = m[idx]
                R = Y - M if self.model == "market-adjusted" else Y - alpha[sl, None] - beta[sl, None] * M
                fin = np.isfinite(Y) & np.isfinite(M)
            valid &= fin
            order = np.argsort(valid, axis=1, kind="stable")  # right-align (packs dropped days like build_panel)
            R = np.take_along_axis(np.where(valid, R, np.nan), order, axis=1)[:, E - e_max:]
            S = np.take_along_axis(np.where(valid, flat_sess[idx], np.iinfo(np.int64).min), order, axis=1)
            est[sl] = R
            sess[sl] = S[:, E - e_max:].astype("datetime64[ns]")
        return ARPanel(
            event_ids=self.event_ids.copy(), rel_days=self.rel_days.copy(), ar=self.ar, ar_cov=cov,
            sigma=self.params["sigma"].to_numpy(), dof=self.params["dof"].to_numpy(),
            nobs=self.params["n_obs"].to_numpy(), est_ar=est, est_rel_days=np.arange(ee - e_max + 1, ee + 1),
            est_sessions=sess, day0=pi["day0"], groups=self.group_labels,
        )

    def _subset(self, mask: np.ndarray, tests: list[TestResult], *, panel: ARPanel | None = None,
                summary: SummaryPanel | None = None) -> MultiEventResult:
        """The events where ``mask`` is True (e.g. one group) with their own ``tests``."""
        m = np.asarray(mask, dtype=bool)
        ids = self.event_ids[m]
        pi = {k: (v[m] if k in _PER_EVENT_KEYS else v) for k, v in self._panel_inputs.items()}
        return replace(
            self, event_ids=ids, tickers=self.tickers[m], benchmarks=self.benchmarks[m],
            group_labels=None if self.group_labels is None else self.group_labels[m], sessions=self.sessions[m],
            ret=self.ret[m], expected=self.expected[m], ar=self.ar[m], ar_var=self.ar_var[m],
            roll_day=self.roll_day[m], car=self.car[m], car_var=self.car_var[m],
            params=self.params[m].reset_index(drop=True), tests=tests, skipped=self.skipped.iloc[0:0],
            warnings=self.warnings[self.warnings["event_id"].isin(set(ids))].reset_index(drop=True), groups={},
            timings={}, _results=None if self._results is None else {e: self._results[e] for e in ids},
            _d=None if self._d is None else _rows(self._d, m) if callable(self._d) else self._d[m], _panel_inputs=pi, _panel=panel, _summary=summary,
        )

    # --- presentation ------------------------------------------------------------------------
    def summary(self) -> str:
        """Text summary: AAR/CAAR per day with up to four AAR tests, the CAAR tests, skipped events,
        warnings and groups."""
        w = 78
        names = list(dict.fromkeys(t.name for t in self.tests))[:4]
        skipped = "" if self.skipped.empty else "  (" + "; ".join(
            f"{r.event_id}: {r.reason}" for r in self.skipped.head(5).itertuples())[:300] + ")"
        out = [
            "=" * w,
            f"{'Multi-event study: ' + str(self.n_events) + ' events':^{w}}",
            "=" * w,
            f"Model: {self.model}   returns: {self.return_kind}   estimation {Window.coerce(self.estimation)}"
            f"   event window {Window.coerce(self.window)}   engine: {self.engine}",
            f"Skipped: {len(self.skipped)}{skipped}",
            f"Warnings: {len(self.warnings)} events (futures roll inside the window, short estimation window, "
            "dropped returns, data gaps; see .warnings)",
            "-" * w,
        ]
        out += aar_table_lines(self, self.rel_days, self.aar(), self.caar(), names, w)
        if self.groups:
            out += ["-" * w, "By group (CAAR):"]
            wnd = self.car_windows[0]
            for g, res in self.groups.items():
                out.append(f"  {g!s:<12} n={res.n_events:<4} CAAR{wnd} = {res._caar(wnd):+.3%}")
        tt = self.timings.get("total")
        if tt is not None and self.n_events:
            out.append(f"Time: {tt:.2f} s ({1e6 * tt / max(self.n_events, 1):.1f} µs/event)")
        out += ["-" * w, "Notes: p-values two-sided; sigma ddof = number of parameters; AR/CAR variances "
                "prediction-error corrected" + ("" if self.pe_correction else " (off)")
                + "; conventions in docs/statistics.md.", "=" * w]
        return "\n".join(out)

    def _caar(self, window: tuple[int, int]) -> float:
        """CAAR over ``window`` (decimal) from the stored ARs (no panel needed)."""
        m = self._columns(int(window[0]), int(window[1]), "CAAR")
        return float(self.ar[:, m].sum(axis=1).mean())

    def __str__(self) -> str:
        return self.summary()

    def _short_repr(self) -> str:
        return (f"MultiEventResult(model={self.model!r}, events={self.n_events}, skipped={len(self.skipped)}, "
                f"window={self.window}, engine={self.engine!r})")

    def _repr_html_(self) -> str:
        from html import escape

        frame = pd.DataFrame({"AAR": self.aar(), "CAAR": self.caar()})
        fmt = {"AAR": "{:.3%}".format, "CAAR": "{:.3%}".format}
        tests = self.tests_frame()
        caar_tests = tests[tests.rel_day_start != tests.rel_day_end]
        skipped = "" if self.skipped.empty else (
            "<details><summary>skipped events</summary>" + self.skipped.head(50).to_html(index=False) + "</details>")
        return (
            f"<p><b>Multi-event study</b>: {self.n_events} events, model {escape(self.model)}, "
            f"{len(self.skipped)} skipped, engine {escape(self.engine)}</p>"
            + frame.to_html(formatters=fmt) + caar_tests.to_html(index=False) + skipped
        )

    def plot(self, kind: str = "caar", **kwargs: Any):  # -> matplotlib Figure
        """FT-style chart: ``"caar"`` (with the cross-sectional 95 % band) or ``"aar"``
        (:func:`marketimpact.plot`); keyword arguments (title, subtitle, source, frame …) override."""
        from .. import _hooks  # the study layer draws through the plotter the package installs

        return _hooks.plot(self, kind, **kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary, schema ``marketimpact.multi/1`` (docs/json-schema.md)."""
        params = self.params_frame()
        coefs = [c for c in params.columns if c not in ("event_id", "model", *PARAMS_TAIL)]

        def num(v: Any) -> float | None:
            v = float(v)
            return v if np.isfinite(v) else None

        def day(v: Any) -> str:
            return f"{pd.Timestamp(v):%Y-%m-%d}"

        events = {}
        for r in params.itertuples(index=False):
            d = r._asdict()
            events[str(d["event_id"])] = {
                "ticker": d["ticker"], "benchmark": d["benchmark"], "day0": day(d["day0"]), "rule": d["rule"],
                "ambiguous": bool(d["ambiguous"]), "estimation_sessions": [day(d["est_start"]), day(d["est_end"])],
                "model": {"model": d["model"], **{c: num(d[c]) for c in coefs}, "sigma": num(d["sigma"]),
                          "dof": int(d["dof"]), "n_obs": int(d["n_obs"]), "r2": num(d["r2"])},
            }
        return {
            "schema": MULTI_SCHEMA,
            "n_events": self.n_events,
            "model": self.model,
            "return_kind": self.return_kind,
            "engine": self.engine,
            "estimation_window": [int(x) for x in self.estimation],
            "event_window": [int(x) for x in self.window],
            "aar": [{"rel_day": int(d), "aar": float(a), "caar": float(c)}
                    for d, a, c in zip(self.rel_days, self.aar(), self.caar())],
            "tests": [t.to_dict() for t in self.tests],
            "skipped": self.skipped.to_dict(orient="records"),
            "warnings": self.warnings.to_dict(orient="records"),
            "events": events,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (schema ``marketimpact.multi/1``)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)


def _get_params(self: MultiEventResult) -> pd.DataFrame:
    value = self.__dict__["params"]
    if callable(value):  # a builder (the closed form's): the frame is made on first use
        value = self.__dict__["params"] = value()
    return value


def _set_params(self: MultiEventResult, value: pd.DataFrame | Callable[[], pd.DataFrame]) -> None:
    self.__dict__["params"] = value


#: ``params`` may be given as a zero-argument callable that builds the frame: the closed-form engine passes
#: one, so that a run which never reads the per-event parameters (``marketimpact batch`` without
#: ``--params-out`` or ``--json``) does not build a DataFrame of N rows with four string columns
MultiEventResult.params = property(_get_params, _set_params, doc="One row per event (see :meth:`params_frame`).")  # type: ignore[assignment]


def _get_sessions(self: MultiEventResult) -> np.ndarray:
    value = self.__dict__["sessions"]
    if callable(value):  # a builder (the closed form's): the (N, T) sessions are gathered on first use
        value = self.__dict__["sessions"] = value()
    return value


def _set_sessions(self: MultiEventResult, value: np.ndarray | Callable[[], np.ndarray]) -> None:
    self.__dict__["sessions"] = value


#: ``sessions`` may be given as a zero-argument callable as well: the closed form passes one, so that a study
#: whose caller never reads the event windows' dates (only the statistics) does not gather N × T of them
MultiEventResult.sessions = property(_get_sessions, _set_sessions,  # type: ignore[assignment]
                                     doc="(N, T) int64 ns session of each event-window day.")


def _rows(make: Callable[[], np.ndarray], mask: np.ndarray) -> Callable[[], np.ndarray]:
    """A function giving the rows ``mask`` of what ``make()`` computes (a subset's lazy ``_d``)."""
    return lambda: make()[mask]
