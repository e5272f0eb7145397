r"""Batch event studies: N events × their assets in closed form, without a per-event Python loop.

:func:`batch_event_study` computes what :func:`~marketimpact.study.multi.event_study` computes
(the market, constant-mean and market-adjusted models, AR/CAR, the per-event time-series t and the
multi-event tests) for tens of thousands of events, with array operations over *chunks* of events.
The per-event :class:`~marketimpact.study.single.EventStudy` path (statsmodels) is the reference;
the tests in ``tests/test_batch.py`` check that both give the same numbers to 1e-10.

Pipeline
--------
1. **Series.** Events are grouped by ``(ticker, benchmark)`` pair. Each pair's returns are aligned
   on the sessions where both series have a value (as :meth:`EventStudy.returns_frame` does) and
   the pairs are concatenated into flat arrays ``y`` (asset), ``m`` (benchmark) and ``sessions``,
   with one offset per pair. A loop runs over *pairs* (at most the number of tickers), never over events.
2. **Day 0** (:func:`batch_event_sessions`): the rule of :func:`~.eventtime.event_session` — the first
   session whose price instant is strictly after the earliest announcement instant, non-trading
   policy ``next``/``previous``/``error`` — with one :func:`numpy.searchsorted` per pair over all
   its events.
3. **Stacked windows.** For a chunk of *n* events, ``base + offsets`` fancy-indexes the flat arrays
   into ``(n, E)`` estimation and ``(n, T)`` event-window matrices (E = estimation length asked,
   T = event-window length). Estimation days before the start of the data (events whose
   window is shorter than asked but has at least ``min_obs`` days) and missing returns are masked.
4. **Closed-form least squares** per row, with :math:`L_i` valid days, weights :math:`w_{is} \in \{0, 1\}`:

   .. math::

      \bar m_i = \frac{1}{L_i}\sum_s w_{is} m_{is}, \quad
      S_{xx,i} = \sum_s w_{is}(m_{is} - \bar m_i)^2, \quad
      S_{xy,i} = \sum_s w_{is}(m_{is} - \bar m_i)(y_{is} - \bar y_i),

      \hat\beta_i = S_{xy,i}/S_{xx,i}, \quad \hat\alpha_i = \bar y_i - \hat\beta_i \bar m_i, \quad
      \hat\sigma_i^2 = \frac{1}{L_i - k}\sum_s w_{is} e_{is}^2 \quad (k = 2).

   Constant-mean: :math:`\hat\beta = 0` (not reported), :math:`\hat\alpha = \bar y`, k = 1.
   Market-adjusted: :math:`\alpha = 0, \beta = 1`, :math:`\hat\sigma` = sd of :math:`y - m` with ddof = 1.
5. **Event window.** :math:`AR_{it} = R_{it} - \hat\alpha_i - \hat\beta_i R_{mt}` and, with
   :math:`d_{it} = R_{mt} - \bar m_i`, the prediction-error-corrected covariance
   :math:`V_i = \sigma_i^2 (I + X_e (X'X)^{-1} X_e')` in closed form:

   .. math::

      V_{i,ts} = \hat\sigma_i^2 \Big(\delta_{ts} + \frac{1}{L_i} + \frac{d_{it} d_{is}}{S_{xx,i}}\Big), \qquad
      \operatorname{var}(CAR_i(w)) = \hat\sigma_i^2 \Big(T_w + \frac{T_w^2}{L_i}
          + \frac{(\sum_{t \in w} d_{it})^2}{S_{xx,i}}\Big)

   (constant-mean: drop the :math:`d` term; market-adjusted: :math:`V_i = \hat\sigma_i^2 I`). With
   ``pe_correction=False`` every model uses :math:`\hat\sigma_i^2 I`.
6. **Statistics.** Per event and CAR window: the time-series t :math:`CAR_i/\sqrt{\operatorname{var}(CAR_i)}`,
   Student t with :math:`L_i - k` df (``ts_t`` of :class:`~.single.EventStudyResult`). Across events, per
   event day (AAR) and per CAR window (CAAR): ``ts_t`` (Brown–Warner crude dependence adjustment),
   ``cs_t``, ``patell``, ``bmp`` of :mod:`.statistics`, from per-event arrays and per-chunk sums of the
   estimation residuals. Any other test of :data:`.statistics.ALL_TESTS` runs on :attr:`MultiEventResult.panel`.

Memory is bounded by ``chunk_size``: the ``(n, E)`` matrices exist for one chunk at a time; what is
kept for all N events is ``O(N (T + W))`` (T event days, W CAR windows). :attr:`MultiEventResult.panel`
(needed only by the rank/sign/correlation tests) materialises ``(N, E)`` residuals and ``(N, T, T)``
covariances on first access.

Units: returns and AR/CAR are decimals (0.01 = 1 %), log returns by default; sessions are dates.
"""

from __future__ import annotations

import functools
import os
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._typing import ReturnKind
from ..errors import BadPriceError, ConfigurationError, DataGapWarning
from ..instruments import find_instrument
from ..prices.frame import Prices, blank_sessions, bridged_blanks, check_value_kind, session_index
from ..prices.rolls import has_roll_rule, roll_days, roll_message
from ..types import EstimationWindow, EventWindow
from .events import parse_events
from .eventtime import (
    _RULES,
    WINDOW_SHORT,
    _day,
    _price_instants,
    day0_error,
    day0_positions,
    event_sessions,
    window_codes,
    window_message,
)
from .panel import SummaryPanel
from .result import MultiEventResult
from .results_base import TestResult
from .spec import (
    BLANK_TICKER,
    StudySpec,
    gap_message,
    gap_warning_text,
    own_benchmark_message,
)

__all__ = ["BATCH_MODELS", "STREAMING_TESTS", "batch_event_sessions", "batch_event_study", "closed_form_event_study"]

#: models with a closed form here
BATCH_MODELS = ("market", "constant-mean", "market-adjusted")
#: multi-event tests computed while streaming the chunks (others run on ``MultiEventResult.panel``)
STREAMING_TESTS = ("ts_t", "cs_t", "patell", "bmp")
_NS_DAY = 86_400_000_000_000
_NAN = float("nan")
#: bytes of the (rows, E) asset and benchmark blocks of the kernel's estimation loop (about an L2 cache)
_BLOCK_BYTES = 1 << 20
#: most threads :func:`default_threads` gives: past four the blocks are memory-bound
MAX_DEFAULT_THREADS = 4


def default_threads() -> int:
    """Threads of the numpy engine by default: the cores this process may run on (its CPU affinity, which
    container limits set), at most :data:`MAX_DEFAULT_THREADS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_THREADS))

Engine = Literal["numpy", "dask"]


#: the vectorised day 0 of many events (kept under its earlier name)
batch_event_sessions = event_sessions


# ----------------------------------------------------------------------------------------------
# series: one aligned (asset, benchmark) pair per ticker/benchmark combination
# ----------------------------------------------------------------------------------------------
@dataclass
class _Series:
    """Aligned return series of every pair, concatenated."""

    y: np.ndarray  # (S,) asset returns
    m: np.ndarray | None  # (S,) benchmark returns (None for constant-mean)
    sessions: np.ndarray  # (S,) int64 ns
    offset: np.ndarray  # (P,) start of each pair in the flat arrays
    length: np.ndarray  # (P,) sessions of each pair (0 when the pair failed)
    error: list[str | None]  # per pair: why no event of it can be studied
    bad_sessions: list[list[str]]  # per pair: sessions with non-positive prices
    has_nan: bool
    rows: np.ndarray  # (S,) row of each flat value in ``all_sessions``
    all_sessions: np.ndarray  # (S_all,) int64 ns: union of the sessions of the data
    lead: int  # guard values before the first pair (so stacked windows never index below 0)
    gap: np.ndarray | None = None  # (S,) blank sessions each return bridges (None: the data has no blanks)


def _wide(data: pd.DataFrame | Prices, tickers: list[str]
          ) -> tuple[np.ndarray, np.ndarray, dict[str, int], list[str], dict[str, np.ndarray]]:
    """(sessions ns, values (K × S: one contiguous row per ticker), column of each ticker, all tickers in the data,
    blank sessions per ticker)."""
    if isinstance(data, Prices):
        have = [t for t in tickers if t in data]
        frame = data.close(have) if have else pd.DataFrame(index=pd.DatetimeIndex([]))
        all_t = list(data.tickers)
        blanks = {t: data.provenance[t]["blank_sessions"] for t in have
                  if "blank_sessions" in data.provenance.get(t, {})}
    else:
        want = set(tickers)
        if data.columns.is_unique and all(c in want for c in data.columns):
            frame = data  # every column is used: no copy (the order of the columns does not matter here)
        else:
            frame = data[[t for t in tickers if t in data.columns]]
        all_t = [str(c) for c in data.columns]
        blanks = blank_sessions(frame)
    idx = pd.DatetimeIndex(pd.to_datetime(frame.index))
    ns = idx.as_unit("ns").asi8
    vals = frame.to_numpy(dtype="float64").T  # (K, S)
    if len(ns) > 1 and not (np.diff(ns) >= 0).all():  # sessions out of order: sorted (stable) first
        order = np.argsort(ns, kind="stable")
        ns, vals = ns[order], vals[:, order]
    return ns, np.ascontiguousarray(vals), {str(c): j for j, c in enumerate(frame.columns)}, all_t, blanks


def _build_series(
    data: pd.DataFrame | Prices, pairs: list[tuple[str, str | None]], from_prices: bool, return_kind: ReturnKind,
    lead: int = 0,
) -> _Series:
    tickers = sorted({t for p in pairs for t in p if t is not None})
    sess_all, cols, col, all_t, blanks = _wide(data, tickers)
    ys, ms, ss, rr, errors, bads, gaps = [], [], [], [], [], [], []
    row_all = np.arange(len(sess_all))
    length = np.zeros(len(pairs), dtype=np.int64)
    has_nan = False
    # one contiguous row per ticker, and per ticker what the pair loop would find in it: a missing
    # value (the pair keeps only the sessions both have), a non-positive price, its returns
    nan_col = np.isnan(cols).any(axis=1)
    bad_col = ~(np.isfinite(cols) & (cols > 0)).all(axis=1) if from_prices else np.zeros(len(cols), bool)
    increasing = bool((np.diff(sess_all) > 0).all())  # then every subset of the sessions is too
    whole_ret: list[np.ndarray] = []

    def ret(p: np.ndarray) -> np.ndarray:  # along the last axis: one series, or one row per ticker
        return np.diff(np.log(p)) if return_kind == "log" else p[..., 1:] / p[..., :-1] - 1.0

    def col_ret(c: int) -> np.ndarray:  # returns of a whole (complete, positive) column
        if not whole_ret:  # every column's at once, element by element as one column's (incomplete ones unused)
            with np.errstate(divide="ignore", invalid="ignore"):
                whole_ret.append(ret(cols))
        return whole_ret[0][c]

    for j, (t, b) in enumerate(pairs):  # one iteration per (ticker, benchmark) pair, not per event
        ys_j = ms_j = ss_j = rr_j = None
        err: str | None = None
        bad_list: list[str] = []
        miss = next((x for x in (t, b) if x is not None and x not in col), None)
        if miss is not None:
            err = f"{miss!r} is not in these prices ({', '.join(all_t)})"
        elif len(sess_all) >= 3 and not nan_col[col[t]] and (b is None or not nan_col[col[b]]) and not (
                bad_col[col[t]] or (b is not None and bad_col[col[b]])) and (increasing or not from_prices):
            # the common case: both series complete (and positive): no session dropped, no bad price
            ct, cb = col[t], (col[b] if b is not None else None)
            if not from_prices:
                yv, mv = cols[ct], (cols[cb] if cb is not None else None)
                if not (np.isfinite(yv).all() and (mv is None or np.isfinite(mv).all())):
                    err = "returns contain non-finite values"
                else:
                    ys_j, ms_j, ss_j, rr_j = yv, mv, sess_all, row_all
            else:
                ys_j, ss_j, rr_j = col_ret(ct), sess_all[1:], row_all[1:]
                ms_j = col_ret(cb) if cb is not None else None
        else:
            yv = cols[col[t]]
            mv = cols[col[b]] if b is not None else None
            keep = ~np.isnan(yv) if mv is None else ~np.isnan(yv) & ~np.isnan(mv)
            yv, sj, rj = yv[keep], sess_all[keep], row_all[keep]
            mv = mv[keep] if mv is not None else None
            if len(yv) < 3:
                err = f"{t} and {b or 'its regressors'} share fewer than 3 sessions"
            elif not from_prices:
                if not (np.isfinite(yv).all() and (mv is None or np.isfinite(mv).all())):
                    err = "returns contain non-finite values"
                else:
                    ys_j, ms_j, ss_j, rr_j = yv, mv, sj, rj
            else:
                bad = ~(np.isfinite(yv) & (yv > 0))
                if mv is not None:
                    bad |= ~(np.isfinite(mv) & (mv > 0))
                if bad.any():
                    yv = np.where(bad, np.nan, yv)
                    mv = np.where(bad, np.nan, mv) if mv is not None else None
                    bad_list = [f"{d}" for d in sj[bad].astype("datetime64[ns]").astype("datetime64[D]")]
                    has_nan = True
                if (np.diff(sj) <= 0).any():
                    err = "prices: duplicate sessions"
                else:
                    ys_j, ss_j, rr_j = ret(yv), sj[1:], rj[1:]
                    ms_j = ret(mv) if mv is not None else None
        errors.append(err)
        bads.append(bad_list)
        if ys_j is not None:
            ys.append(ys_j)
            ss.append(ss_j)
            rr.append(rr_j)
            if blanks:
                both = [blanks[x] for x in (t, b) if x is not None and x in blanks]
                gaps.append(bridged_blanks(ss_j, np.unique(np.concatenate(both))) if both
                            else np.zeros(len(ss_j), np.int64))
            if ms_j is not None:
                ms.append(ms_j)
            length[j] = len(ys_j)
    offset = lead + (np.concatenate([[0], np.cumsum(length)[:-1]]).astype(np.int64) if len(pairs)
                     else np.zeros(0, np.int64))
    guard = np.zeros(lead)
    y = np.concatenate([guard, *ys])
    m = np.concatenate([guard, *ms]) if any(b is not None for _, b in pairs) else None
    sessions = np.concatenate([np.full(lead, np.iinfo(np.int64).min), *ss]).astype(np.int64, copy=False)
    rows = np.concatenate([np.zeros(lead, np.int64), *rr]).astype(np.int64, copy=False)
    gap = np.concatenate([np.zeros(lead, np.int64), *gaps]) if blanks else None
    if gap is not None and not gap.any():
        gap = None
    return _Series(y, m, sessions, offset, length, errors, bads, has_nan, rows, sess_all, lead, gap)


# ----------------------------------------------------------------------------------------------
# the chunk kernel (pure numpy: runs the same on the local and the dask engine)
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    model: str
    est: tuple[int, int]
    window: tuple[int, int]
    car_windows: tuple[tuple[int, int], ...]
    min_obs: int
    pe_correction: bool
    n_groups: int = 0

    @property
    def k(self) -> int:
        return {"market": 2, "constant-mean": 1, "market-adjusted": 0}[self.model]

    @property
    def ddof(self) -> int:
        return {"market": 2, "constant-mean": 1, "market-adjusted": 1}[self.model]


def _kept_rows_packed(resid: np.ndarray, valid: np.ndarray | None, keep: np.ndarray,
                      has_nan: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The kept rows of a block of estimation residuals (and of its validity mask); with dropped
    bad-price days, residuals packed to the right as build_panel does."""
    all_kept = bool(keep.all())
    R = resid if all_kept else resid[keep]
    V = None if valid is None else (valid if all_kept else valid[keep])
    if has_nan and V is not None:
        order = np.argsort(V, axis=1, kind="stable")
        R = np.take_along_axis(R, order, axis=1)
        V = np.take_along_axis(V, order, axis=1)
    return R, V


def _add_rows(acc: np.ndarray | None, cnt: np.ndarray, resid: np.ndarray, valid: np.ndarray | None,
              keep: np.ndarray, has_nan: bool, above: np.ndarray | None = None) -> np.ndarray | None:
    """``acc`` plus the kept rows of one block of estimation residuals, per relative day; ``cnt`` (updated in
    place) counts them. A sum over the rows of a C-ordered array adds one row after the other, so continuing
    it from ``acc`` (the reduction of ``[acc; rows]``) gives, block after block, the bits of one sum over all
    the chunk's kept rows. None while no row was kept.

    ``above``: ``resid`` with the row just above it in its buffer (``above[1:]`` is ``resid``, a spare row at
    ``above[0]``): when every row is kept, ``acc`` is written there and ``above`` reduced, the same array
    ``[acc; rows]`` without copying the block into a new one."""
    R, V = _kept_rows_packed(resid, valid, keep, has_nan)
    if V is not None:
        cnt += V.sum(axis=0)
    else:
        cnt += R.shape[0]
    if R.shape[0] == 0:
        return acc
    if acc is None:
        return R.sum(axis=0)
    if above is not None and R is resid:
        above[0] = acc
        return np.add.reduce(above, axis=0)
    return np.add.reduce(np.concatenate([acc[None, :], R]), axis=0)


def _event_window(Ye: np.ndarray, Me: np.ndarray | None, spec: _Spec, alpha: np.ndarray, beta: np.ndarray,
                  mbar: np.ndarray, sigma: np.ndarray, L: np.ndarray, sxx: np.ndarray,
                  out: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """The event-window quantities of the rows of ``Ye`` (asset returns, (n, T)) and ``Me`` (benchmark),
    from each row's fit: every value is computed within its row, so the rows may come in any order (the
    numpy engine computes them in the input order, after the chunks; see :func:`_compute_chunk`).

    ``out``: arrays to write ``expected, ar, ar_var, car, car_var`` (and ``d``, market model) into (new arrays
    without it); with the market-adjusted model ``Me`` may be ``out["expected"]`` itself."""
    ws, we = spec.window
    T = we - ws + 1
    n = len(Ye)
    nw = len(spec.car_windows)

    def new(key: str, cols: int) -> np.ndarray:
        return out[key] if out is not None else np.empty((n, cols))

    Lf = L.astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        d = None
        expected = new("expected", T)
        if spec.model == "market":
            np.multiply(beta[:, None], Me, out=expected)
            expected += alpha[:, None]  # alpha + beta m (a sum is the same either way round)
            d = np.subtract(Me, mbar[:, None], out=new("d", T))
        elif spec.model == "constant-mean":
            expected[...] = alpha[:, None]
        elif expected is not Me:
            expected[...] = Me
        s2 = sigma**2
        ar = np.subtract(Ye, expected, out=new("ar", T))
        ar_var = new("ar_var", T)
        plain = not spec.pe_correction or spec.model == "market-adjusted"
        if plain:
            ar_var[...] = s2[:, None]
        elif d is None:
            ar_var[...] = (s2 * (1.0 + 1.0 / Lf))[:, None]
        else:  # s2 (1 + 1/L + d^2/Sxx), operation by operation
            np.square(d, out=ar_var)
            ar_var /= sxx[:, None]
            np.add((1.0 + 1.0 / Lf)[:, None], ar_var, out=ar_var)
            np.multiply(s2[:, None], ar_var, out=ar_var)
        # CAR windows: car, var(CAR) = sigma^2 [T_w + T_w^2/L + (sum_w d)^2 / Sxx]
        car = new("car", nw)
        car_var = new("car_var", nw)
        for j, (a0, a1) in enumerate(spec.car_windows):
            c0, c1 = a0 - ws, a1 - ws + 1
            tw = float(c1 - c0)
            car[:, j] = ar[:, c0:c1].sum(axis=1)
            if plain:
                car_var[:, j] = s2 * tw
            elif d is None:
                car_var[:, j] = s2 * (tw + tw * tw / Lf)
            else:
                car_var[:, j] = s2 * (tw + tw * tw / Lf + d[:, c0:c1].sum(axis=1) ** 2 / sxx)
    res = {"ret": Ye, "expected": expected, "ar": ar, "ar_var": ar_var, "car": car, "car_var": car_var}
    if d is not None:
        res["d"] = d
    return res


def _event_windows(series: _Series, start: np.ndarray, spec: _Spec, alpha: np.ndarray, beta: np.ndarray,
                   mbar: np.ndarray, sigma: np.ndarray, L: np.ndarray, sxx: np.ndarray, uses_market: bool,
                   day_major: bool = False, n_threads: int = 1) -> dict[str, np.ndarray]:
    """:func:`_event_window` of the events whose windows start at the flat indices ``start``, into arrays of all
    the events, a block of rows at a time (the temporaries stay in the CPU cache); the windows' returns are
    gathered straight into their rows of the result.

    ``day_major``: also the (T, N) copies of AR and var AR and the standardised ARs that the streaming tests
    read (:meth:`.panel.SummaryPanel.use_day_major`: ``ar_T``, ``ar_var_T``, ``sar_T``), each block transposed
    while it is in the cache instead of reading the (N, T) arrays again afterwards.

    ``n_threads``: the blocks are shared out among this many threads (each block writes only its own rows, so
    the numbers do not depend on it)."""
    T = spec.window[1] - spec.window[0] + 1
    n, nw = len(start), len(spec.car_windows)
    swv = np.lib.stride_tricks.sliding_window_view
    y_win = swv(series.y, T)
    m_win = swv(series.m, T) if uses_market and series.m is not None else None
    out = {k: np.empty((n, T)) for k in ("expected", "ar", "ar_var")}
    out["ret"] = y_win[start]  # the windows' returns, gathered once into their rows (np.take would copy the view)
    out.update({k: np.empty((n, nw)) for k in ("car", "car_var")})
    rows = max(1, _BLOCK_BYTES // (8 * T * 8))
    if day_major:
        out.update({k: np.empty((T, n)) for k in ("ar_T", "ar_var_T", "sar_T")})

    def blocks(b0: int, b1: int) -> None:
        """The blocks of rows [b0, b1)."""
        # the market model's d of a block: a temporary too (the panel computes it again if it is ever built,
        # :func:`_window_d`: no (N, T) array of it kept for the tests that do not read it)
        Db = np.empty((min(b1 - b0, rows), T)) if spec.model == "market" else None
        for r0 in range(b0, b1, rows):
            _block(slice(r0, min(b1, r0 + rows)), Db)

    def _block(sl: slice, Db: np.ndarray | None) -> None:
        o = {k: v[sl] for k, v in out.items() if not k.endswith("_T")}
        if Db is not None:
            o["d"] = Db[:sl.stop - sl.start]
        idx = start[sl]
        Ye = o["ret"]
        Me = None
        if m_win is not None and spec.model == "market":  # the benchmark block: a temporary, gathered once
            Me = m_win[idx]
        elif m_win is not None:  # market-adjusted: E[R] = R_m, gathered into its rows of the result
            Me = o["expected"]
            Me[...] = m_win[idx]
        _event_window(Ye, Me, spec, alpha[sl], beta[sl], mbar[sl], sigma[sl], L[sl], sxx[sl], out=o)
        if day_major:
            arT, varT = out["ar_T"][:, sl], out["ar_var_T"][:, sl]
            arT[...] = o["ar"].T
            varT[...] = o["ar_var"].T
            np.divide(arT, np.sqrt(varT), out=out["sar_T"][:, sl])  # SummaryPanel's standardised ARs

    n_blocks = -(-n // rows)
    if n_threads > 1 and n_blocks > 1:  # contiguous runs of whole blocks, one per thread
        from concurrent.futures import ThreadPoolExecutor

        per = -(-n_blocks // n_threads) * rows
        with ThreadPoolExecutor(n_threads) as ex:
            for f in [ex.submit(blocks, b0, min(n, b0 + per)) for b0 in range(0, n, per)]:
                f.result()
    else:
        blocks(0, n)
    return out


def _stable_order(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """``np.argsort(codes, kind="stable")`` of non-negative codes below ``n_codes``: sorted as int16 when they fit
    (numpy's radix sort; a stable sort of the same keys is the same permutation)."""
    if n_codes <= np.iinfo(np.int16).max:
        return np.argsort(codes.astype(np.int16), kind="stable")
    return np.argsort(codes, kind="stable")


def _window_rows(flat: np.ndarray, start: np.ndarray, T: int) -> np.ndarray:
    """(N, T) rows ``flat[start[i]:start[i] + T]``, one contiguous row per event (a sliding-window gather)."""
    return np.lib.stride_tricks.sliding_window_view(flat, T)[start]


def _window_d(m: np.ndarray, start: np.ndarray, mbar: np.ndarray, T: int) -> np.ndarray:
    """(N, T) market-model ``d = R_m − mean R_m`` of the event windows that start at the flat indices ``start``:
    what :func:`_event_window` computes (the same subtraction, element by element), for the panel's V_i."""
    out = np.empty((len(start), T))
    m_win = np.lib.stride_tricks.sliding_window_view(m, T)
    rows = max(1, _BLOCK_BYTES // (8 * T * 8))
    for r0 in range(0, len(start), rows):
        sl = slice(r0, r0 + rows)
        np.subtract(m_win[start[sl]], mbar[sl, None], out=out[sl])
    return out


def _compute_chunk(
    y: np.ndarray, m: np.ndarray | None, base: np.ndarray, pad: np.ndarray, spec: _Spec, has_nan: bool,
    group_codes: np.ndarray | None = None, windows: bool = True,
) -> dict[str, np.ndarray]:
    """Closed-form fit and event-window quantities for one chunk of events.

    Parameters
    ----------
    y, m : (S,) flat asset / benchmark returns (decimals) of the pairs the chunk needs.
    base : (n,) flat index of each event's day 0.
    pad : (n,) estimation days before the start of the data (masked on the left).
    windows : the event-window quantities (:func:`_event_window`) too; without them only the fit (per-event
        values and the estimation-residual sums), the caller computes the windows itself.

    Returns
    -------
    dict of arrays, one row per event (``ok`` False where the event must be skipped:
    ``fail`` 1 = missing return in the event window, 2 = too few estimation observations).
    """
    es, ee = spec.est
    ws, we = spec.window
    E = ee - es + 1
    T = we - ws + 1
    n = len(base)
    # stacked windows: one contiguous row of the flat series per event (sliding-window views, so the
    # gather copies blocks instead of indexing element by element). The flat arrays start with a
    # guard of at least E values (see _Series.lead), so base + es >= 0.
    swv = np.lib.stride_tricks.sliding_window_view
    use_m = m is not None and spec.model != "constant-mean"
    # the event windows (here only to find missing returns in them, when the data has any)
    Ye = swv(y, T)[base + ws] if windows or has_nan else None
    Me = swv(m, T)[base + ws] if use_m and (windows or has_nan) else None
    short = bool(pad.any())
    masked = short or has_nan
    need = max(spec.min_obs, spec.k + 2)
    fail = np.zeros(n, dtype=np.int8)
    if has_nan:
        bad_evt = ~np.isfinite(Ye).all(axis=1)
        if Me is not None:
            bad_evt |= ~np.isfinite(Me).all(axis=1)
        fail[bad_evt] = 1
    # the estimation windows, a block of rows at a time (every step is row by row, so the blocks give
    # the numbers of the whole chunk; the (rows, E) temporaries stay in the CPU cache): Y is gathered
    # in place and becomes the residuals. Without groups the per-day residual sums are taken block by
    # block (:func:`_add_rows`, the same sums as over the whole chunk) and Y is one block, reused: no
    # (n, E) array of residuals to allocate (fresh pages) and to read again
    rows = max(1, _BLOCK_BYTES // (16 * E))
    by_group = bool(spec.n_groups and group_codes is not None)
    Y = np.empty((n, E)) if by_group else None
    est_sum: np.ndarray | None = None
    est_cnt = np.zeros(E, dtype=np.int64)
    valid: np.ndarray | None = np.empty((n, E), dtype=bool) if masked else None
    L = np.empty(n, dtype=np.int64) if masked else np.full(n, E, dtype=np.int64)
    ybar, ssr = np.empty(n), np.empty(n)
    if spec.model == "market":
        mbar, sxx, beta, alpha, r2 = np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    days = np.arange(E)
    y_win = swv(y, E)
    m_win = swv(m, E) if use_m else None
    with np.errstate(divide="ignore", invalid="ignore"):
        for r0 in range(0, n, rows):
            sl = slice(r0, min(n, r0 + rows))
            if Y is not None:
                Yb = Y[sl]
                Yb[...] = y_win[base[sl] + es]
                Yx = None
            else:  # gathered once, into a fresh block after a spare row (index 0 there: _add_rows overwrites it)
                Yx = y_win[np.concatenate([[0], base[sl] + es])]
                Yb = Yx[1:]
            Mb = m_win[base[sl] + es] if m_win is not None else None
            vb: np.ndarray | None = None
            if masked:
                vb = valid[sl]
                np.greater_equal(days[None, :], pad[sl, None], out=vb)
                if has_nan:
                    vb &= np.isfinite(Yb) if Mb is None else np.isfinite(Yb) & np.isfinite(Mb)
                np.copyto(Yb, 0.0, where=~vb)
                if Mb is not None:
                    np.copyto(Mb, 0.0, where=~vb)
                L[sl] = vb.sum(axis=1)
            Lf = L[sl].astype("float64")
            ybar[sl] = yb = Yb.sum(axis=1) / Lf
            if spec.model == "market":
                mbar[sl] = mb = Mb.sum(axis=1) / Lf
                Mb -= mb[:, None]  # Mb is a private copy (fancy-indexed): centre in place
                if vb is not None:
                    Mb *= vb
                sxx[sl] = sx = np.einsum("ij,ij->i", Mb, Mb)
                sxy = np.einsum("ij,ij->i", Mb, Yb)  # = sum Mc (Y - ybar) since sum Mc = 0
                beta[sl] = bt = sxy / sx
                alpha[sl] = yb - bt * mb
                Mb *= bt[:, None]
                np.subtract(Yb, yb[:, None], out=Yb)  # e = (y - ybar) - beta (m - mbar)
                Yb -= Mb
                if vb is not None:
                    Yb *= vb
                ssr[sl] = sr = np.einsum("ij,ij->i", Yb, Yb)
                r2[sl] = 1.0 - sr / (sr + bt * bt * sx)  # SST = SSR + beta^2 Sxx
            elif spec.model == "constant-mean":
                np.subtract(Yb, yb[:, None], out=Yb)
                if vb is not None:
                    Yb *= vb
                ssr[sl] = np.einsum("ij,ij->i", Yb, Yb)
            else:  # market-adjusted: AR = R - R_m, sigma = sd(ddof=1) of the estimation ARs
                a = np.subtract(Yb, Mb, out=Yb)  # the estimation abnormal returns themselves (0 where masked)
                abar = a.sum(axis=1) / Lf
                c = a - abar[:, None]
                if vb is not None:
                    c *= vb
                ssr[sl] = np.einsum("ij,ij->i", c, c)
            if not by_group:  # this block's kept residuals into the per-day sums (see the end)
                kb = (fail[sl] == 0) & (L[sl] >= need)
                est_sum = _add_rows(est_sum, est_cnt, Yb, vb, kb, has_nan, Yx)
    resid = Y
    fail[(fail == 0) & (L < need)] = 2
    if spec.model == "constant-mean":
        mbar = np.full(n, _NAN)
        sxx = np.full(n, _NAN)
        alpha, beta, r2 = ybar, np.zeros(n), np.full(n, _NAN)
    elif spec.model != "market":
        mbar = np.full(n, _NAN)
        sxx = np.full(n, _NAN)
        alpha, beta, r2 = np.zeros(n), np.ones(n), np.full(n, _NAN)
    dof = L - spec.ddof
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.sqrt(ssr / dof)
    out: dict[str, np.ndarray] = {
        "fail": fail, "alpha": alpha, "beta": beta, "sigma": sigma, "dof": dof, "nobs": L, "r2": r2,
        "sxx": sxx, "mbar": mbar, "est_first": np.argmax(valid, axis=1) if valid is not None else pad.copy(),
    }
    if windows:
        out.update(_event_window(Ye, Me, spec, alpha, beta, mbar, sigma, L, sxx))
    # estimation-residual sums per relative day of the events that are kept (crude-dependence ts_t)
    keep = fail == 0
    if not by_group:
        out["est_sum"] = est_sum if est_sum is not None else np.zeros(E)
        out["est_cnt"] = est_cnt
        return out
    R, V = _kept_rows_packed(resid, valid, keep, has_nan)
    Rz = R  # masked entries are already 0
    cnt = V.sum(axis=0) if V is not None else np.full(E, R.shape[0], dtype=np.int64)
    out["est_sum"] = Rz.sum(axis=0)
    out["est_cnt"] = cnt
    if spec.n_groups and group_codes is not None:
        gk = group_codes[keep]
        gs = np.zeros((spec.n_groups, E))
        gc = np.zeros((spec.n_groups, E), dtype=np.int64)
        for g in np.unique(gk):  # loop over groups present in the chunk
            sel = gk == g
            gs[g] = Rz[sel].sum(axis=0)
            gc[g] = V[sel].sum(axis=0) if V is not None else sel.sum()
        out["grp_sum"], out["grp_cnt"] = gs, gc
    return out


# ----------------------------------------------------------------------------------------------
# progress
# ----------------------------------------------------------------------------------------------
class _QuietProgress:
    """Fallback progress: a one-line counter on a TTY, nothing otherwise."""

    def __init__(self, total: int, desc: str, enabled: bool) -> None:
        self.total, self.n, self.desc = total, 0, desc
        self.enabled = enabled and sys.stderr.isatty()

    def update(self, k: int) -> None:
        self.n += k
        if self.enabled:
            sys.stderr.write(f"\r{self.desc}: {self.n}/{self.total} events")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _progress(total: int, enabled: bool, desc: str = "batch event study") -> Any:
    isatty = getattr(sys.stderr, "isatty", None)
    if not enabled or (isatty is not None and not isatty()):  # what tqdm's disable=None decides, without
        return _QuietProgress(total, desc, False)              # importing tqdm (~40 ms) for a silent bar
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _QuietProgress(total, desc, True)
    return tqdm(total=total, desc=desc, unit="ev", disable=None, leave=False)  # disable=None: silent off a TTY


# ----------------------------------------------------------------------------------------------
# engines
# ----------------------------------------------------------------------------------------------
def _chunk_payload(series: _Series, pair: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """The flat arrays restricted to the pairs a chunk needs, and the chunk's re-based indices."""
    need = np.unique(pair)
    starts, lens = series.offset[need], series.length[need]
    lead = series.lead
    new_off = lead + np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    take = np.concatenate([np.arange(lead), *(np.arange(s, s + k) for s, k in zip(starts, lens))]).astype(np.int64)
    remap = np.zeros(series.offset.shape[0], dtype=np.int64)
    remap[need] = new_off - starts
    y = series.y[take]  # the guard (zeros) and the series of the chunk's pairs only
    m = series.m[take] if series.m is not None else None
    return y, m, base + remap[pair]


def _run_numpy(chunks: list[tuple[np.ndarray, ...]], series: _Series, spec: _Spec, bar: Any,
               n_threads: int = 1) -> list[dict[str, np.ndarray]]:
    def one(ch: tuple[np.ndarray, ...]) -> dict[str, np.ndarray]:
        _, base, pad, gcodes = ch
        # the fit only: the event windows are computed afterwards, in the input order (no reordering copies)
        return _compute_chunk(series.y, series.m, base, pad, spec, series.has_nan, gcodes, windows=False)

    out: list[dict[str, np.ndarray]] = []
    if n_threads > 1 and len(chunks) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(n_threads) as ex:
            for ch, res in zip(chunks, ex.map(one, chunks)):
                out.append(res)
                bar.update(len(ch[1]))
        return out
    for ch in chunks:
        out.append(one(ch))
        bar.update(len(ch[1]))
    return out


def _run_dask(chunks: list[tuple[np.ndarray, ...]], series: _Series, spec: _Spec, bar: Any,
              client: Any) -> list[dict[str, np.ndarray]]:
    try:
        from distributed import Client, as_completed, get_client
    except ImportError:  # pragma: no cover - depends on the environment
        raise ConfigurationError("engine='dask' needs dask.distributed: pip install 'dask[distributed]'") from None
    if client is None:
        try:
            client = get_client()
        except ValueError:
            client = _reused_client(None, Client)
    elif isinstance(client, str):
        client = _reused_client(client, Client)
    # the client stays open for the next call (closed at interpreter exit)
    futures = {}
    for i, (pair, base, pad, gcodes) in enumerate(chunks):
        y, m, b = _chunk_payload(series, pair, base)  # only the series of the tickers this chunk needs
        y_f = client.scatter(y, direct=False, hash=False)  # unique keys: a reused client may still be releasing
        # the futures of an earlier call with the same data
        m_f = None if m is None else client.scatter(m, direct=False, hash=False)
        fut = client.submit(_compute_chunk, y_f, m_f, b, pad, spec, series.has_nan, gcodes, pure=False)
        futures[fut] = i
    out: list[dict[str, np.ndarray] | None] = [None] * len(chunks)
    for fut in as_completed(list(futures)):
        i = futures[fut]
        out[i] = fut.result()
        bar.update(len(chunks[i][1]))
    return [o for o in out if o is not None]


#: dask clients this process opened, reused across calls: None → the local cluster, else the scheduler address
_CLIENTS: dict[str | None, Any] = {}


def _reused_client(address: str | None, client_cls: Any) -> Any:
    """The client of ``address`` (a scheduler such as ``tcp://127.0.0.1:8786``) or of a local cluster
    (``None``), opened on first use and reused by later calls; all are closed when the interpreter exits."""
    c = _CLIENTS.get(address)
    if c is not None and c.status == "running":
        return c
    if address is None:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=min(os.cpu_count() or 1, 4), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        c = client_cls(cluster)
    else:
        try:
            c = client_cls(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ConfigurationError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    if not _CLIENTS:
        import atexit

        atexit.register(_close_clients)
    _CLIENTS[address] = c
    return c


def _close_clients() -> None:
    for c in list(_CLIENTS.values()):
        cluster = getattr(c, "cluster", None)
        try:
            c.close()
            if cluster is not None:
                cluster.close()
        except Exception:  # best effort at exit
            pass
    _CLIENTS.clear()


# ----------------------------------------------------------------------------------------------
# entry point
# ----------------------------------------------------------------------------------------------
def _roll_flags(series: _Series, pairs: list[tuple[str, str | None]], base: np.ndarray,
                rel_days: np.ndarray) -> np.ndarray:
    """(N, T) bool: the event-window return spans a futures roll. One roll calendar per pair, not per event."""
    rolling = [j for j, (tk, _b) in enumerate(pairs) if series.error[j] is None and series.length[j] and has_roll_rule(tk)]
    if not rolling:  # no futures with a roll calendar among the series
        return np.zeros((len(base), len(rel_days)), dtype=bool)
    flat = np.zeros(len(series.sessions), dtype=bool)
    for j in rolling:
        off, ln = series.offset[j], series.length[j]
        s = pd.DatetimeIndex(series.sessions[off:off + ln].astype("datetime64[ns]")).normalize()
        flat[off:off + ln] = s.isin(roll_days(pairs[j][0], s))
    return flat[base[:, None] + rel_days[None, :]]


def _gap_messages(series: _Series, base: np.ndarray, pad: np.ndarray, est: tuple[int, int], win: tuple[int, int],
                  idx_in: np.ndarray, warn_msg: np.ndarray, what: str) -> None:
    """Add a data-gap message to ``warn_msg`` of each kept event whose windows hold a return that bridges
    blank values, and raise one :class:`DataGapWarning` for the study."""
    g = series.gap
    cs = np.concatenate([[0], np.cumsum(g > 0)])
    in_est = cs[base + est[1] + 1] - cs[base + est[0] + pad]
    in_evt = cs[base + win[1] + 1] - cs[base + win[0]]
    hit = np.nonzero((in_est + in_evt) > 0)[0]
    for k in hit:
        days = [(d, _day(series.sessions[base[k] + d - 1]), _day(series.sessions[base[k] + d]),
                 int(g[base[k] + d])) for d in range(win[0], win[1] + 1) if g[base[k] + d]]
        msg = gap_message(days, int(in_est[k]), what)
        i = idx_in[k]
        warn_msg[i] = msg if warn_msg[i] is None else f"{warn_msg[i]}; {msg}"
    if hit.size:
        warnings.warn(gap_warning_text(int(hit.size), what), DataGapWarning, stacklevel=3)


def batch_event_study(
    events: pd.DataFrame,
    returns: pd.DataFrame | Prices,
    *,
    from_prices: bool = False,
    tests: Sequence[str] = STREAMING_TESTS,
    engine: Engine = "numpy",
    chunk_size: int = 20000,
    progress: bool = True,
    client: Any = None,
    n_threads: int | None = None,
    **settings: Any,
) -> MultiEventResult:
    """The closed-form engine under its earlier name: ``returns`` are returns unless ``from_prices``,
    the tests default to the four streaming ones. Same as
    ``event_study(events, returns, engine="numpy", returns_given=not from_prices, tests=tests, ...)``;
    ``settings`` are :class:`~.spec.StudySpec` fields (model, estimation, window, car_windows, min_obs,
    benchmark, return_kind, nontrading, pe_correction, seed)."""
    spec = StudySpec.build(None, tests=tuple(tests), **settings)
    return closed_form_event_study(events, returns, spec, engine=engine, from_prices=from_prices,
                                   chunk_size=chunk_size, progress=progress, client=client, n_threads=n_threads)


def closed_form_event_study(
    events: pd.DataFrame,
    returns: pd.DataFrame | Prices,
    spec: StudySpec,
    *,
    engine: Engine = "numpy",
    from_prices: bool = True,
    chunk_size: int = 20000,
    progress: bool = True,
    client: Any = None,
    n_threads: int | None = None,
) -> MultiEventResult:
    r"""Event study of many events in closed form, chunk by chunk (see the module docstring).

    Parameters
    ----------
    events : DataFrame
        One row per event: ``event_id`` (unique), ``ticker``, ``date`` (local announcement date);
        optional ``time`` (``HH:MM`` local; minute precision), ``timezone`` (IANA; default the
        instrument's, else America/New_York), ``benchmark`` (default ``benchmark``) and ``group``.
    returns : DataFrame or Prices
        Wide frame, sessions × tickers, of returns as decimals (NaN where a ticker has no
        session); or of closes with ``from_prices=True``; or a :class:`~marketimpact.Prices`
        (e.g. :func:`marketimpact.load_prices`), always prices. Each event's asset and benchmark are
        aligned on the sessions both have, as in :meth:`EventStudy.returns_frame`.
    spec : StudySpec
        The study (validated): model (market, constant-mean or market-adjusted), estimation and
        event windows, CAR windows, min_obs (an event whose estimation window starts before the data
        is kept, with the observations it has, if it has at least ``min_obs``; reported in
        ``MultiEventResult.warnings``), default benchmark, return kind (only with prices), non-trading
        policy, prediction-error correction, tests (``ts_t, cs_t, patell, bmp`` computed while
        streaming; any other code of :data:`.statistics.ALL_TESTS` runs on the materialised
        :attr:`MultiEventResult.panel`, ``O(N × E)`` memory) and the bootstrap seed.
    chunk_size : int
        Events per chunk (at most 5 million / E): peak memory is about ``chunk_size × E × 80`` bytes
        (E estimation days, clipped to the sessions in the data)
        plus the outputs, ``O(N × (T + W))``.
    engine : {"numpy", "dask"}
        ``"dask"`` sends the chunks to a dask.distributed cluster (each with only the series of
        the tickers it needs); the numbers are identical to ``"numpy"``.
    progress : bool
        Progress bar (tqdm when installed, silent when stderr is not a terminal).
    from_prices : bool
        ``returns`` holds prices (closes): returns are computed per aligned pair (``return_kind``).
        Non-positive prices have no return (the event window must avoid them; estimation days
        that need them are dropped, reported in ``warnings``).
    client : distributed.Client, str or None
        For ``engine="dask"``: a Client, or a scheduler address (``"tcp://host:8786"``) to connect
        to; default the current client (``distributed.get_client()``) or a temporary LocalCluster.
    n_threads : int, optional
        The chunks' fits, then the blocks of event windows, run on this many threads with the numpy
        engine (numpy releases the GIL in its kernels; each thread writes only its own rows, so the
        numbers are the same for any count). Default :func:`default_threads`: the cores this process
        may use, at most 4.

    Returns
    -------
    MultiEventResult

    Examples
    --------
    >>> import marketimpact as mi                                                      # doctest: +SKIP
    >>> res = mi.event_study(events, mi.load_prices(["CL=F", "^GSPC"]), engine="numpy")  # doctest: +SKIP
    >>> res.tests_frame()                                                              # doctest: +SKIP
    """
    t_start = time.perf_counter()
    model, benchmark, nontrading, return_kind = spec.model, spec.benchmark, spec.nontrading, spec.return_kind
    pe_correction, min_obs, car_list = spec.pe_correction, spec.min_obs, list(spec.car_windows)
    seed = spec.seed
    if model not in BATCH_MODELS:
        raise ConfigurationError(f"batch model must be one of {', '.join(BATCH_MODELS)}; got {model!r}")
    if engine not in ("numpy", "dask"):
        raise ConfigurationError(f"engine must be 'numpy' or 'dask', got {engine!r}")
    if chunk_size < 1:
        raise ConfigurationError("chunk_size must be positive")
    if n_threads is None:
        n_threads = default_threads()
    elif isinstance(n_threads, bool) or not isinstance(n_threads, int | np.integer) or n_threads < 1:
        raise ConfigurationError(f"n_threads must be a whole number of threads, 1 or more; got {n_threads!r}")
    est_w, evt_w = EstimationWindow(*spec.estimation), EventWindow(*spec.window)
    names = list(spec.tests)
    from .statistics import BootstrapCAAR, run_tests

    uses_market = model != "constant-mean"
    if uses_market and not benchmark and ("benchmark" not in events.columns):
        raise ConfigurationError(f"model {model!r} needs a benchmark ticker")
    if isinstance(returns, Prices):
        from_prices = True
    elif not isinstance(returns, pd.DataFrame):
        raise ConfigurationError("returns must be a wide DataFrame (sessions × tickers) or a Prices object")
    else:
        # as the reference path: a repeated or out-of-order session would shift event time
        idx = session_index(returns.index, "returns/prices frame: the index")  # a time of day → its session
        returns = returns.set_axis(idx, axis=0)
        if idx.has_duplicates:
            raise BadPriceError(f"duplicate sessions in the returns/prices frame: {idx[idx.duplicated()][0]:%Y-%m-%d}")
        if not idx.is_monotonic_increasing:
            raise BadPriceError("sessions of the returns/prices frame are not sorted in increasing order")

    ev = parse_events(events)
    n_all = len(ev)
    ev_bench = ev.benchmarks(benchmark)
    # groups
    has_groups = ev.has_groups()
    # pairs
    bench_key = ev_bench if uses_market else np.full(n_all, None, dtype=object)
    tcode, tuniq = pd.factorize(pd.Series(ev.ticker, dtype=object))
    bcode, buniq = pd.factorize(pd.Series(bench_key, dtype=object), use_na_sentinel=False)
    pair_of, pcodes = pd.factorize(tcode.astype(np.int64) * (len(buniq) + 1) + bcode)
    bnames = [None if (x is None or (isinstance(x, float) and np.isnan(x))) else str(x) for x in buniq]
    pairs = [(str(tuniq[c // (len(buniq) + 1)]), bnames[c % (len(buniq) + 1)]) for c in pcodes]
    # no event can use more estimation days than the data has sessions: clip the window's start there
    # (as EventStudy does per event), so a huge request allocates for the data, not for the request
    used = sorted({t for p in pairs for t in p if t})
    check_value_kind(returns.close([t for t in used if t in returns]) if isinstance(returns, Prices) else returns,
                     used, returns_given=not from_prices)
    n_rows = max((len(b) for b in returns.bars.values()), default=0) if isinstance(returns, Prices) else len(returns)
    es_data = max(est_w.start, -(n_rows + 1))
    series = _build_series(returns, pairs, from_prices, return_kind, lead=max(0, -es_data) + 1)
    instants_cache: dict[Any, np.ndarray] = {}  # price instants of all sessions, once per (timezone, price time)

    # day 0 + window checks, vectorised per pair
    t0, t1 = ev.bounds()
    p0 = np.full(n_all, -1, dtype=np.int64)
    rule = np.zeros(n_all, dtype=np.int8)
    amb = np.zeros(n_all, dtype=bool)
    reason = np.full(n_all, None, dtype=object)
    warn_msg = np.full(n_all, None, dtype=object)
    es, ee, ws, we = es_data, est_w.end, evt_w.start, evt_w.end
    asked = ee - es + 1  # the estimation days the arrays hold (clipped to the data)
    order_pairs = _stable_order(pair_of, len(pairs))
    bounds = np.searchsorted(pair_of[order_pairs], np.arange(len(pairs) + 1))
    # pairs whose series have the same sessions and price instants share one vectorised day-0 call
    same: dict[tuple[Any, ...], list[list[int]]] = {}
    where_of: dict[int, str] = {}
    for j, (tk, _b) in enumerate(pairs):
        sel = order_pairs[bounds[j]:bounds[j + 1]]
        if not tk:
            reason[sel] = [f"event {e}: {BLANK_TICKER}" for e in ev.event_id[sel]]
            continue
        if uses_market and tk == _b:
            reason[sel] = own_benchmark_message(tk)
            continue
        if series.error[j] is not None:
            reason[sel] = series.error[j]
            continue
        off, ln = series.offset[j], series.length[j]
        inst = find_instrument(tk)
        ikey = None if inst is None else (inst.timezone, inst.price_time)
        if ikey not in instants_cache:
            instants_cache[ikey] = _price_instants(
                pd.DatetimeIndex(series.all_sessions.astype("datetime64[ns]")), inst)
        where_of[j] = inst.ticker if inst else "the series"
        rows_j = series.rows[off:off + ln]
        kinds = same.setdefault((ikey, int(ln), int(rows_j[0]), int(rows_j[-1])), [])
        for members in kinds:
            r0 = series.offset[members[0]]
            if np.array_equal(series.rows[r0:r0 + ln], rows_j):
                members.append(j)
                break
        else:
            kinds.append([j])
    for (ikey, ln, _, _), kinds in same.items():
        for members in kinds:
            sel = np.concatenate([order_pairs[bounds[j]:bounds[j + 1]] for j in members])
            off = series.offset[members[0]]
            s_ns = series.sessions[off:off + ln]
            instants = instants_cache[ikey][series.rows[off:off + ln]]
            pos, r, a, err = day0_positions(t0[sel], t1[sel], ev.local_ns[sel], s_ns, instants, nontrading)
            pj = pair_of[sel]
            for k in np.nonzero(err)[0]:
                reason[sel[k]] = day0_error(int(err[k]), ev.event_id[sel[k]], int(ev.local_ns[sel[k]]),
                                            where_of[pj[k]], s_ns)
            ok = err == 0
            wcode = window_codes(pos, ln, (est_w.start, ee), (ws, we), min_obs)
            first, last = _day(s_ns[0]), _day(s_ns[ln - 1])
            for k in np.nonzero(ok & (wcode != 0))[0]:
                msg = window_message(int(wcode[k]), pairs[pj[k]][0], _day(s_ns[pos[k]]), first, last, est_w, evt_w,
                                     min_obs, int(pos[k] + ee + 1))
                if wcode[k] == WINDOW_SHORT:
                    warn_msg[sel[k]] = msg
                else:
                    reason[sel[k]] = msg
            ok &= (wcode == 0) | (wcode == WINDOW_SHORT)
            p0[sel[ok]] = series.offset[pj[ok]] + pos[ok]
            rule[sel] = r
            amb[sel] = a

    live = np.nonzero(reason == None)[0]  # noqa: E711
    # chunks: events sorted by pair (a chunk touches few series), back to input order at the end
    live = live[_stable_order(pair_of[live], len(pairs))]
    base_all = p0[live]
    pad_all = np.maximum(0, -(base_all - series.offset[pair_of[live]] + es)).astype(np.int64)
    if has_groups:
        gcodes_all, g_uniq = pd.factorize(pd.Series(ev.group[live], dtype=object).astype(str))
        n_groups = len(g_uniq)
    else:
        gcodes_all, g_uniq, n_groups = None, [], 0
    spec = _Spec(model, (es, ee), (ws, we), ((0, 0), *car_list), min_obs, pe_correction, n_groups)
    chunks = []
    step = max(1, min(chunk_size, 5_000_000 // asked))  # long estimation windows: fewer events per chunk
    for c0 in range(0, len(live), step):
        sl = slice(c0, c0 + step)
        chunks.append((pair_of[live[sl]], base_all[sl], pad_all[sl], None if gcodes_all is None else gcodes_all[sl]))
    t_prep = time.perf_counter()
    bar = _progress(len(live), progress)
    try:
        if engine == "dask":
            parts = _run_dask(chunks, series, spec, bar, client)
        else:
            parts = _run_numpy(chunks, series, spec, bar, n_threads)
    finally:
        bar.close()
    t_chunks = time.perf_counter()

    def cat(key: str) -> np.ndarray:
        arrs = [p[key] for p in parts]
        return np.concatenate(arrs) if arrs else np.zeros(0)

    fail = cat("fail").astype(np.int8) if parts else np.zeros(0, np.int8)
    nobs = cat("nobs").astype(np.int64) if parts else np.zeros(0, np.int64)
    # NaN-related skips (bad prices) found in the chunks
    for k in np.nonzero(fail)[0]:
        i = live[k]
        j = pair_of[i]
        if fail[k] == 1:
            bad = ", ".join(series.bad_sessions[j][:3]) or "unknown sessions"
            reason[i] = (f"event window of {ev.event_id[i]} includes a return that does not exist: a non-positive or "
                         f"missing price ({bad}); repair the price data or move the window")
        else:
            need = max(min_obs, spec.k + 2)
            reason[i] = (f"only {nobs[k]} estimation observations; at least {need} are needed "
                         "(lengthen the estimation window, or lower min_obs: --min-obs on the command line)")
    keep = fail == 0
    # back to the input order: the kept events' indices are distinct, so their sorting permutation comes from
    # a table of the indices present (the permutation np.argsort gives, without sorting)
    kept = live[keep]
    present = np.zeros(n_all, dtype=bool)
    present[kept] = True
    dest = (np.cumsum(present) - 1)[kept]  # each kept row's place in the input order
    order = np.empty(len(kept), dtype=np.intp)
    order[dest] = np.arange(len(kept))
    idx_in = kept[order]

    # each kept row of a chunk goes straight to its place in the input order (one copy, not three)
    part_rows = [len(p["fail"]) for p in parts]

    def take(key: str) -> np.ndarray:
        if not parts:
            return cat(key)[keep][order]
        arrs = [p[key] for p in parts]
        out = np.empty((len(order), *arrs[0].shape[1:]), dtype=np.result_type(*arrs))
        r0 = k0 = 0
        for a, ln in zip(arrs, part_rows):
            kp = keep[r0:r0 + ln]
            src = a if kp.all() else a[kp]
            out[dest[k0:k0 + len(src)]] = src
            r0, k0 = r0 + ln, k0 + len(src)
        return out

    T = we - ws + 1
    rel_days = np.arange(ws, we + 1)
    n = len(idx_in)
    sigma, dof = take("sigma"), take("dof").astype(np.int64)
    nobs_k = nobs[keep][order]
    base_k = base_all[keep][order]
    if engine == "numpy" and n:  # the event windows of the kept events, straight in the input order
        win = _event_windows(series, base_k + ws, spec, take("alpha"), take("beta"), take("mbar"), sigma, nobs_k,
                             take("sxx"), uses_market, day_major=any(nm in STREAMING_TESTS for nm in names),
                             n_threads=n_threads)
    elif n:  # dask: each chunk computed its windows
        win = {k: take(k) for k in ("ret", "expected", "ar", "ar_var", "car", "car_var", "d") if k in parts[0]}
    else:
        win = {k: np.zeros((0, T)) for k in ("ret", "expected", "ar", "ar_var")}
        win.update({k: np.zeros((0, len(spec.car_windows))) for k in ("car", "car_var")})
    ar, ret, expected, ar_var, car, car_var = (win[k] for k in ("ar", "ret", "expected", "ar_var", "car", "car_var"))
    pad_k = pad_all[keep][order]
    est_first = take("est_first").astype(np.int64)
    # (N, T) sessions of the event windows: gathered when first read (MultiEventResult.sessions: to_frame, the
    # results file), one contiguous row per event
    sessions = functools.partial(_window_rows, series.sessions, base_k + ws, T) if n else np.zeros((0, T), np.int64)
    day0 = series.sessions[base_k] if n else np.zeros(0, np.int64)
    est_s = series.sessions[base_k + es + est_first] if n else np.zeros(0, np.int64)
    est_e = series.sessions[base_k + ee] if n else np.zeros(0, np.int64)
    roll_day = _roll_flags(series, pairs, base_k, rel_days) if n else np.zeros((0, T), dtype=bool)
    warn_msg_kept = warn_msg.copy()
    # dropped estimation returns (bad prices) are reported like the reference does
    if series.has_nan and n:
        expect = asked - pad_k
        dropped = expect - nobs_k
        for k in np.nonzero(dropped > 0)[0]:
            i = idx_in[k]
            msg = (f"{int(dropped[k])} estimation returns dropped: non-positive or missing prices "
                   f"({', '.join(series.bad_sessions[pair_of[i]][:3])})")
            warn_msg_kept[i] = msg if warn_msg_kept[i] is None else f"{warn_msg_kept[i]}; {msg}"

    # futures rolls inside the window, after the other warnings (the reference's order)
    for k in np.nonzero(roll_day.any(axis=1))[0]:  # only futures events with a roll in their window
        i = idx_in[k]
        msg = roll_message(ev.ticker[i], [(_day(series.sessions[base_k[k] + ws + c]), int(rel_days[c]))
                                          for c in np.nonzero(roll_day[k])[0]])
        warn_msg_kept[i] = msg if warn_msg_kept[i] is None else f"{warn_msg_kept[i]}; {msg}"

    # data gaps: returns in the estimation or event window that bridge blank prices (DataGapWarning)
    if series.gap is not None and n:
        _gap_messages(series, base_k, pad_k, (es, ee), (ws, we), idx_in, warn_msg_kept,
                      "prices" if from_prices else "returns")

    def d64(x: np.ndarray) -> np.ndarray:
        return x.astype("datetime64[ns]")

    params = {"event_id": ev.event_id[idx_in], "model": model, "alpha": take("alpha")}
    if model != "constant-mean":
        params["beta"] = take("beta")
    params.update({
        "sigma": sigma, "dof": dof, "n_obs": nobs_k, "r2": take("r2"),
        "ticker": ev.ticker[idx_in], "benchmark": ev_bench[idx_in] if uses_market else None,
        "day0": d64(day0), "rule": _RULES[rule[idx_in]] if n else np.array([], dtype=object),
        "ambiguous": amb[idx_in], "est_start": d64(est_s), "est_end": d64(est_e),
    })
    params_df = functools.partial(pd.DataFrame, params)  # built on first use (MultiEventResult.params)

    # multi-event tests
    day_windows = [(int(d), int(d)) for d in rel_days]
    windows = day_windows + [w for w in car_list]
    est_sum = np.sum([p["est_sum"] for p in parts], axis=0) if parts else np.zeros(asked)
    est_cnt = np.sum([p["est_cnt"] for p in parts], axis=0) if parts else np.zeros(asked, np.int64)
    stream = [nm for nm in names if nm in STREAMING_TESTS]
    # the streaming tests run the statistics module's own classes on the per-event arrays
    summary = SummaryPanel(ev.event_id[idx_in], rel_days, ar, ar_var, tuple(car_list), car_var[:, 1:], dof,
                           est_sum, est_cnt)
    if "ar_T" in win:  # the day-major copies made with the windows
        summary.use_day_major(win.pop("ar_T"), win.pop("ar_var_T"), win.pop("sar_T"))
    results_by_key: dict[tuple[str, tuple[int, int]], TestResult] = {}
    if n:
        for t in run_tests(summary, windows, stream):
            results_by_key[(t.name, t.window)] = t
    if n and model == "market":  # the numpy engine's d is computed when the panel is built (dask: the chunks')
        d_arr = win["d"] if "d" in win else functools.partial(_window_d, series.m, base_k + ws, take("mbar"), T)
    else:
        d_arr = None
    sxx = take("sxx") if n else np.zeros(0)
    groups_kept = None
    if has_groups:
        groups_kept = np.asarray(ev.group[idx_in], dtype=object)
    res = MultiEventResult(
        event_ids=ev.event_id[idx_in], tickers=ev.ticker[idx_in],
        benchmarks=ev_bench[idx_in] if uses_market else np.full(n, None, dtype=object),
        group_labels=groups_kept, rel_days=rel_days, sessions=sessions, ret=ret, expected=expected, ar=ar, ar_var=ar_var,
        roll_day=roll_day,
        car_windows=car_list, ts_windows=list(spec.car_windows), car=car, car_var=car_var, params=params_df,
        tests=[], skipped=pd.DataFrame({"event_id": ev.event_id[reason != None], "ticker": ev.ticker[reason != None],  # noqa: E711
                                        "reason": reason[reason != None]}, columns=["event_id", "ticker", "reason"]),  # noqa: E711
        warnings=pd.DataFrame({"event_id": ev.event_id[idx_in][warn_msg_kept[idx_in] != None],  # noqa: E711
                               "message": warn_msg_kept[idx_in][warn_msg_kept[idx_in] != None]},  # noqa: E711
                              columns=["event_id", "message"]),
        model=model, estimation=(est_w.start, ee), window=(ws, we), return_kind=return_kind if from_prices else "given",
        pe_correction=pe_correction, engine=engine, _d=d_arr, _summary=summary,
        _panel_inputs={"y": series.y, "m": series.m, "sessions": series.sessions, "est_span": (es, ee),
                       "base": base_k, "pad": pad_k,
                       "beta": take("beta") if n else np.zeros(0), "sxx": sxx,
                       "day0": d64((day0 // _NS_DAY) * _NS_DAY) if n else np.zeros(0, "datetime64[ns]")},
    )
    if n == 0:
        raise ConfigurationError("no event could be studied: " + "; ".join(map(str, res.skipped["reason"].head(3))))
    other = [nm for nm in names if nm not in STREAMING_TESTS]
    if other:
        seeded = [BootstrapCAAR(seed=seed) if nm == "bootstrap" else nm for nm in other]  # reproducible p
        for t in run_tests(res.panel, windows, seeded):
            results_by_key[(t.name, t.window)] = t
    res.tests = [results_by_key[(nm, w)] for w in windows for nm in names if (nm, w) in results_by_key]
    # groups: CAAR tests per group (streaming tests, per-group residual sums from the chunks)
    if has_groups and parts:
        gk = gcodes_all[keep][order]
        gsum = np.sum([p["grp_sum"] for p in parts], axis=0)
        gcnt = np.sum([p["grp_cnt"] for p in parts], axis=0)
        for g_i in sorted(range(len(g_uniq)), key=lambda i: str(g_uniq[i])):  # the reference's order
            msk = gk == g_i
            if msk.sum() < 2:
                continue
            sub = summary.subset(msk, gsum[g_i], gcnt[g_i])
            res.groups[str(g_uniq[g_i])] = res._subset(msk, run_tests(sub, windows, stream), summary=sub)
    t_end = time.perf_counter()
    res.timings = {"prepare": t_prep - t_start, "chunks": t_chunks - t_prep, "finish": t_end - t_chunks,
                   "total": t_end - t_start}
    return res
