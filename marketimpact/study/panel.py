"""`ARPanel`: the abnormal returns of N events on a common event-time grid.

Every multi-event test statistic reads only this object (after sipemu/eventstudy's
"a fitted model promises a fixed set of statistics"), so a new normal-return model is
usable by every test as soon as it fills the panel.

Shapes: N events, T event-window days (``rel_days``), E = the longest estimation window.
Estimation residuals are **right-aligned** on relative days (every event's estimation
window ends on the same relative day, e.g. −11), NaN-padded on the left where an event
has fewer estimation days than the longest; ``est_sessions`` gives their calendar
sessions (NaT where padded) so residuals of different events can be matched by date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import WindowError


@dataclass(frozen=True)
class ARPanel:
    """Abnormal returns of many events, with what the tests need.

    Attributes
    ----------
    event_ids : (N,) array of str
    rel_days : (T,) int array
        Event-window days relative to day 0.
    ar : (N, T) float array
        Event-window abnormal returns (decimals).
    ar_cov : (N, T, T) float array
        Covariance of each event's event-window ARs, prediction-error corrected when
        the study asked for it: ``sigma_i**2 (I + X_e (X'X)^{-1} X_e')``.
    sigma : (N,) float array
        Estimation residual standard deviation (ddof = number of model parameters).
    dof : (N,) int array
        Residual degrees of freedom ``L_i − k_i``.
    nobs : (N,) int array
        Estimation observations ``L_i``.
    est_ar : (N, E) float array
        Estimation-window abnormal returns (residuals), right-aligned, NaN-padded on the left.
    est_rel_days : (E,) int array
        Relative day of each estimation column.
    est_sessions : (N, E) datetime64 array
        Calendar session of each estimation residual (NaT where padded).
    day0 : (N,) datetime64 array
        Day-0 session of each event (clustering of event dates for Kolari–Pynnönen).
    groups : (N,) object array or None
    """

    event_ids: np.ndarray
    rel_days: np.ndarray
    ar: np.ndarray
    ar_cov: np.ndarray
    sigma: np.ndarray
    dof: np.ndarray
    nobs: np.ndarray
    est_ar: np.ndarray
    est_rel_days: np.ndarray
    est_sessions: np.ndarray
    day0: np.ndarray
    groups: np.ndarray | None = None

    @property
    def n_events(self) -> int:
        return int(self.ar.shape[0])

    def columns(self, window: tuple[int, int]) -> np.ndarray:
        """Boolean mask of event-window days inside ``window`` (inclusive)."""
        a, b = window
        if a > b:
            raise WindowError(f"window ({a}, {b}) is reversed")
        mask = (self.rel_days >= a) & (self.rel_days <= b)
        if not mask.any() or a < self.rel_days[0] or b > self.rel_days[-1]:
            raise WindowError(f"window ({a}, {b}) is not inside the event window ({self.rel_days[0]}, {self.rel_days[-1]})")
        return mask

    def car(self, window: tuple[int, int]) -> np.ndarray:
        """(N,) cumulative abnormal returns over ``window``."""
        return self.ar[:, self.columns(window)].sum(axis=1)

    def car_var(self, window: tuple[int, int]) -> np.ndarray:
        """(N,) variance of each CAR over ``window``: ``1' V_i[w, w] 1``."""
        cols = np.nonzero(self.columns(window))[0]  # a contiguous range: a view, no (N, T_w, T_w) copy
        a, b = int(cols[0]), int(cols[-1]) + 1
        return self.ar_cov[:, a:b, a:b].sum(axis=(1, 2))

    def ar_var(self) -> np.ndarray:
        """(N, T) variance of each AR (diagonal of ``ar_cov``)."""
        return np.diagonal(self.ar_cov, axis1=1, axis2=2)

    def estimation_aar(self) -> np.ndarray:
        """(E',) mean estimation residual of each relative day with any residual (NaN ignored); once per panel."""
        from .statistics import _CACHE, _estimation_aar

        return _CACHE.get("ts-aar-est", (self.est_ar,), lambda: _estimation_aar(self))

    def subset(self, mask: np.ndarray) -> ARPanel:
        """The panel restricted to events where ``mask`` is True (e.g. one group)."""
        m = np.asarray(mask, dtype=bool)
        return ARPanel(
            self.event_ids[m], self.rel_days, self.ar[m], self.ar_cov[m], self.sigma[m], self.dof[m],
            self.nobs[m], self.est_ar[m], self.est_rel_days, self.est_sessions[m], self.day0[m],
            None if self.groups is None else self.groups[m],
        )

    def to_frame(self) -> pd.DataFrame:
        """Tidy ``event_id, rel_day, ar, car`` (CAR cumulated from the first window day)."""
        n, t = self.ar.shape
        return pd.DataFrame(
            {
                "event_id": np.repeat(self.event_ids, t),
                "rel_day": np.tile(self.rel_days, n),
                "ar": self.ar.ravel(),
                "car": np.cumsum(self.ar, axis=1).ravel(),
            }
        )


def build_panel(results: list, groups: list | None = None) -> ARPanel:
    """Stack single-event results (:class:`~marketimpact.study.single.EventStudyResult`)
    that share one event window and estimation-window end into an :class:`ARPanel`."""
    if not results:
        raise WindowError("no events to stack")
    w = results[0].window
    est_end = results[0].estimation.end
    for r in results:
        if r.window != w or r.estimation.end != est_end:
            raise WindowError("events in one panel must share the event window and the estimation-window end")
    n = len(results)
    e = max(len(r.fitted.residuals) for r in results)
    est = np.full((n, e), np.nan)
    sess = np.full((n, e), np.datetime64("NaT"), dtype="datetime64[ns]")
    for i, r in enumerate(results):
        res = r.fitted.residuals
        k = len(res)
        est[i, e - k :] = res.to_numpy()
        sess[i, e - k :] = pd.DatetimeIndex(res.index).as_unit("ns").to_numpy()
    return ARPanel(
        event_ids=np.array([r.event.event_id for r in results], dtype=object),
        rel_days=np.arange(w.start, w.end + 1),
        ar=np.vstack([r.frame["ar"].to_numpy() for r in results]),
        ar_cov=np.stack([r.ar_cov for r in results]),
        sigma=np.array([r.fitted.sigma for r in results]),
        dof=np.array([r.fitted.dof for r in results]),
        nobs=np.array([r.fitted.nobs for r in results]),
        est_ar=est,
        est_rel_days=np.arange(est_end - e + 1, est_end + 1),
        est_sessions=sess,
        day0=np.array([np.datetime64(r.event_time.day0.date(), "ns") for r in results]),
        groups=None if groups is None else np.asarray(groups, dtype=object),
    )


def _span(cols: np.ndarray) -> tuple[int, int]:
    """``(first, last + 1)`` of a window's event-day mask (windows are contiguous runs of days)."""
    idx = np.flatnonzero(cols)
    return int(idx[0]), int(idx[-1]) + 1


@dataclass(frozen=True)
class SummaryPanel:
    """The part of an :class:`ARPanel` the streaming tests read, without the (N, E) residuals or the
    (N, T, T) covariances: what the closed-form engine keeps for N events in O(N (T + W)) memory.

    ``ts_t``, ``cs_t``, ``patell`` and ``bmp`` of :mod:`.statistics` run on it unchanged (the same
    code as on an :class:`ARPanel`): it has ``ar``, ``ar_var()``, ``car(w)``, ``car_var(w)`` for the
    event days and the CAR windows it was built with, ``dof`` and ``estimation_aar()`` from per-day
    sums of the estimation residuals.

    Attributes
    ----------
    ar, ar_vars : (N, T) float arrays
        Abnormal returns and their variances (diagonal of :math:`V_i`), decimals and decimals².
    windows : tuple of (int, int)
        CAR windows whose variance ``1' V_i 1`` is held in ``car_vars`` (N, W).
    est_sum, est_cnt : (E,) arrays
        Sum and count of the estimation residuals on each relative estimation day (right-aligned).
    """

    event_ids: np.ndarray
    rel_days: np.ndarray
    ar: np.ndarray
    ar_vars: np.ndarray
    windows: tuple[tuple[int, int], ...]
    car_vars: np.ndarray
    dof: np.ndarray
    est_sum: np.ndarray
    est_cnt: np.ndarray
    groups: np.ndarray | None = None

    #: per-window CARs and the standardised ARs, computed once (every test of a window reads them)
    _memo: dict[Any, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    n_events = ARPanel.n_events
    columns = ARPanel.columns

    def car(self, window: tuple[int, int]) -> np.ndarray:
        """(N,) cumulative abnormal returns over ``window``, summed once per window (read-only: every test
        of the window reads the same array)."""
        w = (int(window[0]), int(window[1]))
        if ("car", w) not in self._memo:
            cols = self.columns(w)
            a, b = _span(cols)
            # one day: the one-term sums of its column, 0 + AR (read from the day-major copy: contiguous);
            # several: the days' rows of the day-major copy added one after the other, in the summation order
            # of ARPanel.car (the (N, T_w) column selection it sums is column-major: one day added at a time)
            by_day = self._by_day("ar")
            car = np.add(by_day[a], 0.0) if b - a == 1 else by_day[a:b].sum(axis=0)
            car.setflags(write=False)
            self._memo["car", w] = car
        return self._memo["car", w]

    def sar(self, cols: np.ndarray) -> np.ndarray:
        """(N, T_w) standardised ARs ``AR / sqrt(var AR)`` on the event days ``cols`` (a boolean mask), divided
        once for every window (the same values as dividing the columns): a view for one day, a contiguous copy
        (summed in the order of a copy) for several."""
        sar = self._by_day("sar")
        a, b = _span(cols)
        # one day: a (N, 1) view of its row; several: a view of the days' rows, seen as (N, T_w) with the strides
        # of the (N, T) matrix's boolean column selection (column-major), so the row sums run in the same order.
        # Read-only: the memo is shared by every window
        view = sar[a][:, None] if b - a == 1 else sar[a:b].T
        view.flags.writeable = False
        return view

    def _by_day(self, name: str) -> np.ndarray:
        """(T, N) day-major copy of ``ar`` or ``ar_vars``, or the standardised ARs ``AR / sqrt(var AR)`` in that
        layout (memo): one event day is a contiguous row, so the one-day windows read N consecutive values
        instead of one per (T,)-row."""
        key = ("by_day", name)
        if key not in self._memo:
            src = getattr(self, name) if name != "sar" else None
            out = np.empty(self.ar.shape[::-1], dtype=src.dtype if src is not None else np.result_type(self.ar, self.ar_vars))
            step = 4096  # a block of events at a time: the block is read once from the CPU cache, no (T, N) temporaries
            for r0 in range(0, out.shape[1], step):
                sl = slice(r0, r0 + step)
                if src is not None:
                    out[:, sl] = src[sl].T
                else:  # element by element: the same values as dividing the (N, T) matrices
                    np.divide(self._by_day("ar")[:, sl], np.sqrt(self._by_day("ar_vars")[:, sl]), out=out[:, sl])
            self._memo[key] = out
        return self._memo[key]

    def use_day_major(self, ar_t: np.ndarray, ar_vars_t: np.ndarray, sar_t: np.ndarray) -> None:
        """Take the (T, N) day-major copies of ``ar`` and ``ar_vars`` and the standardised ARs, made by the caller
        (the closed-form engine, while each block of events is in the CPU cache), instead of copying them here:
        they must be the transposes of ``ar`` and ``ar_vars`` and ``ar_t / sqrt(ar_vars_t)`` element by element
        (what :meth:`_by_day` computes; ``tests/test_batch_fastpaths.py`` compares them)."""
        n, t = self.ar.shape
        for name, arr in (("ar", ar_t), ("ar_vars", ar_vars_t), ("sar", sar_t)):
            if arr.shape != (t, n):
                raise ValueError(f"day-major {name} has shape {arr.shape}, expected {(t, n)}")
            self._memo["by_day", name] = arr

    def ar_var(self) -> np.ndarray:
        """(N, T) variance of each AR."""
        return self.ar_vars

    def car_var(self, window: tuple[int, int]) -> np.ndarray:
        """(N,) variance of each CAR over ``window`` (an event day or one of ``windows``)."""
        a, b = int(window[0]), int(window[1])
        cols = np.nonzero(self.columns((a, b)))[0]
        if a == b:
            return self._by_day("ar_vars")[cols[0]]
        if (a, b) not in self.windows:
            raise WindowError(f"the variance of CAR({a}, {b}) needs the full covariances: run the test on "
                              "the result's .panel, or ask for this CAR window")
        return self.car_vars[:, self.windows.index((a, b))]

    def estimation_aar(self) -> np.ndarray:
        """(E',) mean estimation residual of each relative day with any residual."""
        have = self.est_cnt > 0
        return self.est_sum[have] / self.est_cnt[have]

    def subset(self, mask: np.ndarray, est_sum: np.ndarray, est_cnt: np.ndarray) -> SummaryPanel:
        """The events where ``mask`` is True, with their own estimation-residual sums (e.g. one group)."""
        m = np.asarray(mask, dtype=bool)
        return SummaryPanel(self.event_ids[m], self.rel_days, self.ar[m], self.ar_vars[m], self.windows,
                            self.car_vars[m], self.dof[m], est_sum, est_cnt,
                            None if self.groups is None else self.groups[m])
