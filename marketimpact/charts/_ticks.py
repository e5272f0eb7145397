"""Tick choice and number/date label formats for FT axes (spec sections 3.1-3.3)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["nice_ticks", "tick_decimals", "format_number", "date_ticks", "event_day_ticks", "MINUS"]

MINUS = "\u2212"
_MANTISSAS = (1.0, 2.0, 2.5, 5.0)


def nice_ticks(lo: float, hi: float, target: int = 5, *, include_zero: bool = False) -> np.ndarray:
    """Round ("nice") tick values covering ``[lo, hi]``, about ``target`` of them.

    The axis runs from the first to the last tick, so the bottom tick is the floor (or zero).

    Parameters
    ----------
    lo, hi : float
        Data range, in data units.
    target : int
        Preferred number of ticks (5 on full charts, 4 in small multiples).
    include_zero : bool
        Extend the range to include 0 (returns, changes).

    Returns
    -------
    numpy.ndarray
        Tick values, ascending.
    """
    lo, hi = float(lo), float(hi)
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"nice_ticks got a non-finite range ({lo}, {hi}); drop NaNs first")
    if hi <= lo:
        pad = abs(lo) * 0.05 or 1.0
        lo, hi = lo - pad, hi + pad
    span = hi - lo
    best: tuple[float, np.ndarray] | None = None
    base = 10.0 ** math.floor(math.log10(span / target))
    for scale in (0.1, 1.0, 10.0):
        for m in _MANTISSAS:
            step = m * base * scale
            first = math.floor(lo / step + 1e-9) * step
            last = math.ceil(hi / step - 1e-9) * step
            n = round((last - first) / step) + 1
            if n < 3 or n > 8:
                continue
            score = abs(n - target) + (0.6 if m == 2.5 else 0.0) + 2.0 * (1.0 - span / (last - first))
            if best is None or score < best[0] - 1e-12:
                ticks = first + step * np.arange(n)
                best = (score, ticks)
    if best is None:  # pragma: no cover - the loop always finds a candidate
        return np.linspace(lo, hi, target)
    ticks = best[1]
    # clean float noise (0.30000000000000004 -> 0.3)
    decimals = max(0, -math.floor(math.log10(abs(ticks[1] - ticks[0]))) + 2)
    return np.round(ticks, decimals) + 0.0


def tick_decimals(ticks: Sequence[float]) -> int:
    """One number of decimals for the whole axis: 0 if every tick is an integer, else enough for the step."""
    vals = np.asarray(ticks, dtype=float)
    for d in range(0, 7):
        if np.allclose(vals, np.round(vals, d), atol=10.0 ** -(d + 3)):
            return d
    return 6


def format_number(value: float, decimals: int = 0, *, signed: bool = False) -> str:
    """Format a tick value: thousands separators, true minus sign, plain ``0`` for zero.

    Parameters
    ----------
    value : float
    decimals : int
        Digits after the point.
    signed : bool
        Prefix positive values with ``+`` (event days, changes).
    """
    if round(value, decimals) == 0:
        return "0"
    s = f"{abs(value):,.{decimals}f}"
    if value < 0:
        return MINUS + s
    return f"+{s}" if signed else s


# --------------------------------------------------------------------------- dates
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50)
_DAY_STEPS = (1, 2, 7, 14, 28)


def _day_label(ts: pd.Timestamp, first: bool, new_month: bool) -> str:
    return f"{ts.day} {ts:%b}" if (first or new_month) else f"{ts.day}"


def date_ticks(
    start: pd.Timestamp,
    end: pd.Timestamp,
    *,
    max_ticks: int = 7,
    sessions: Sequence[pd.Timestamp] | None = None,
) -> tuple[list[pd.Timestamp], list[str], list[pd.Timestamp]]:
    """Choose FT date ticks for the span ``[start, end]``.

    Spans up to about four months get day ticks (daily, every other day, weekly on Mondays or
    fortnightly), labelled ``12 Feb`` on the first tick and on the first tick of each month and
    with the day number otherwise; minor ticks mark each session in ``sessions``. Spans up to five
    years get month ticks (``Jan 2025`` on the first tick and every January, else ``Feb``);
    longer spans get year ticks (full year on the first tick and on century years, then
    two-digit years such as ``26``).

    Parameters
    ----------
    start, end : Timestamp
        Axis limits (the data extent).
    max_ticks : int
        Most major ticks that fit the plot width.
    sessions : sequence of Timestamp, optional
        Trading sessions, for minor ticks on day axes.

    Returns
    -------
    (majors, labels, minors)
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    span = (end - start).days
    if span <= 125:
        for step in _DAY_STEPS:
            if step >= 7:
                first = start + pd.offsets.Week(weekday=0) if start.weekday() != 0 else start
                majors = list(pd.date_range(first, end, freq=f"{step // 7}W-MON"))
            else:
                majors = list(pd.date_range(start, end, freq=f"{step}D"))
            if len(majors) <= max_ticks:
                break
        labels = []
        for i, ts in enumerate(majors):
            new_month = i > 0 and ts.month != majors[i - 1].month
            labels.append(_day_label(ts, i == 0, new_month))
        minors: list[pd.Timestamp] = []
        if sessions is not None:
            majset = set(majors)
            minors = [pd.Timestamp(s).normalize() for s in sessions]
            minors = [m for m in minors if start <= m <= end and m not in majset]
        return majors, labels, minors
    if span <= 5 * 366:
        month_starts = list(pd.date_range(start + pd.offsets.MonthBegin(0), end, freq="MS"))
        for step in _MONTH_STEPS:
            majors = [m for m in month_starts if (m.month - 1) % step == 0]
            if len(majors) <= max_ticks:
                break
        labels = [f"{ts:%b %Y}" if (i == 0 or ts.month == 1) else f"{ts:%b}" for i, ts in enumerate(majors)]
        minors = [m for m in month_starts if m not in set(majors)] if step > 1 else []
        return majors, labels, minors
    year_starts = list(pd.date_range(start + pd.offsets.YearBegin(0), end, freq="YS"))
    for step in _YEAR_STEPS:
        majors = [y for y in year_starts if y.year % step == 0]
        if len(majors) <= max_ticks:
            break
    labels = [f"{ts.year}" if (i == 0 or ts.year % 100 == 0) else f"{ts:%y}" for i, ts in enumerate(majors)]
    minors = [y for y in year_starts if y not in set(majors)] if step > 1 else []
    return majors, labels, minors


def event_day_ticks(lo: int, hi: int, *, max_ticks: int = 11) -> list[int]:
    """Integer event-day ticks between ``lo`` and ``hi``, always including day 0 when in range."""
    for step in (1, 2, 5, 10, 20, 50, 100):
        first = math.ceil(lo / step) * step
        ticks = list(range(first, hi + 1, step))
        if len(ticks) <= max_ticks:
            return ticks
    return [lo, hi]
