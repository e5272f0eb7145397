"""FT-style intraday charts: price or CAR against the clock, in the event's time zone.

Plain data in (pandas/numpy), a matplotlib ``Figure`` out, drawn in a
:class:`~marketimpact.charts.frame.Frame` with the same value axis, event line and callouts as
:mod:`.plots`. The clock axis shows local ``HH:MM`` in ``zone`` (the date is added where the
day changes); the line is broken where bars are missing (session breaks, the CME maintenance
hour, weekends) instead of being drawn across them.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import colours as C
from ._ticks import format_number, nice_ticks
from .frame import Frame
from .plots import _callout, _dnum, _event_line, _frame, _Occupancy, _text_size, _value_axis

__all__ = ["plot_intraday", "plot_intraday_car"]

_STEPS_MIN = (5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440)


def _local(index: Any, zone: str) -> pd.DatetimeIndex:
    idx = pd.DatetimeIndex(index)
    if idx.tz is None:
        raise ValueError("intraday charts need tz-aware timestamps (bar starts)")
    return idx.tz_convert(zone).tz_localize(None)


def _broken(x: np.ndarray, y: np.ndarray, step_days: float) -> tuple[np.ndarray, np.ndarray]:
    """Insert NaN between points further apart than 1.5 bars, so the line breaks at gaps."""
    if len(x) < 2:
        return x, y
    cut = np.flatnonzero(np.diff(x) > 1.5 * step_days) + 1
    return np.insert(x, cut, np.nan), np.insert(y.astype(float), cut, np.nan)


def _clock_axis(ax: Any, frame: Frame, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Ticks on round clock times (about one per 5 rem), labelled HH:MM, the date where it changes."""
    _, _, width, _ = frame.plot_rect()
    max_ticks = max(2, int((width - 4 * frame.rem) // (5 * frame.rem)))
    span_min = (end - start).total_seconds() / 60
    step = next((s for s in _STEPS_MIN if span_min / s <= max_ticks), 1440)
    first = start.floor(f"{step}min")
    if first < start:
        first += pd.Timedelta(minutes=step)
    ticks = pd.date_range(first, end, freq=f"{step}min")
    labels, last_day = [], None
    for t in ticks:
        lab = f"{t:%H:%M}"
        if (last_day is not None and t.date() != last_day) or (step >= 360 and last_day is None):
            lab = f"{t:%-d %b}\n{lab}" if step < 1440 else f"{t:%-d %b}"
        labels.append(lab)
        last_day = t.date()
    ax.set_xticks(_dnum(ticks), labels=labels)
    ax.set_xticks([], minor=True)
    ax.set_xlim(_dnum([start])[0], _dnum([end])[0])


def _sentence_note(ax: Any, frame: Frame, fig: Figure, occ: _Occupancy, x: float, sentence: str) -> None:
    """The announcement's source sentence, wrapped, beside the event line where it covers the least data."""
    text = sentence.strip()
    if len(text) > 150:
        text = text[:149].rstrip() + "…"
    wrapped = "\n".join(textwrap.wrap(f"“{text}”", 34))
    size = frame.axis_label_size * 0.9
    tw, th = _text_size(fig, frame, wrapped, size)
    (pxe,), _ = occ.to_px([x], [0.0])
    gap = frame.rem * fig.dpi / frame.dpi * 0.5
    best: tuple[float, float, float] | None = None
    for side in (-1, 1):
        x0 = pxe - gap - tw if side < 0 else pxe + gap
        for top in np.arange(occ.h - 2, th + 2, -max(th / 8, 3.0)):
            hits = occ.count("data", (x0 - 2, top - th - 2, x0 + tw + 2, top + 2))
            if hits < 0:
                continue
            cost = hits * 1000 + (occ.h - top)
            if best is None or cost < best[0]:
                best = (cost, x0, top)
    if best is None:  # wider than either side: over the plot's top, left of the line
        best = (0.0, max(pxe - gap - tw, 0.0), occ.h - 2)
    _, x0, top = best
    ax.annotate(
        wrapped, xy=(x0 / occ.w, top / occ.h), xycoords="axes fraction", ha="left", va="top", color=frame.annotation_colour,
        fontsize=frame.pt(size), fontstyle="italic", linespacing=1.2, zorder=6, annotation_clip=False,
        gid="event-sentence",
    )
    occ.add_box("data", x0 - 2, top - th - 2, x0 + tw + 2, top + 2)


def plot_intraday(
    close: pd.Series,
    announced_at: Any,
    *,
    zone: str,
    event_label: str,
    title: str,
    subtitle: str,
    source: str,
    sentence: str | None = None,
    quote_at: Any = None,
    quote_level: float | None = None,
    quote_label: str | None = None,
    frame: Frame | None = None,
    value_fmt: str = "${:,.2f}",
) -> Figure:
    """Intraday price line against the clock with the announcement and the article's quote marked.

    Parameters
    ----------
    close : pandas.Series
        Bar closes (price units) indexed by tz-aware bar starts.
    announced_at : datetime-like (tz-aware)
        The announcement instant: a vertical line labelled ``event_label``.
    zone : str
        IANA zone of the clock axis (the event's zone).
    sentence : str, optional
        The source sentence of the announcement, printed beside the line.
    quote_at, quote_level, quote_label : optional
        The article's quote: a ring at (minute, level) with its label (e.g. "FT: −2.3% to $75.25").
    title, subtitle, source, frame, value_fmt
        As in :func:`~marketimpact.charts.plot_price`.
    """
    if not isinstance(close, pd.Series):
        raise TypeError(f"close must be a pandas Series, got {type(close).__name__}")
    s = close.dropna().astype(float).sort_index()
    if len(s) < 2:
        raise ValueError(f"plot_intraday needs at least 2 bars, got {len(s)}")
    idx = _local(s.index, zone)
    at = _local([pd.Timestamp(announced_at)], zone)[0]
    step = float(np.median(np.diff(_dnum(idx))))
    fr = _frame(frame, title, subtitle, source)
    desc = (f"Line chart of {subtitle or 'prices'} from {idx[0]:%d %b %H:%M} to {idx[-1]:%d %b %H:%M} ({zone}), "
            f"announcement at {at:%H:%M}.")
    with fr.style():
        fig, ax = fr.figure(description=desc)
        x, y = _broken(_dnum(idx), s.to_numpy(), step)
        vals = [np.nanmin(y), np.nanmax(y)] + ([quote_level] if quote_level is not None else [])
        ticks = nice_ticks(min(vals), max(vals), 5)
        _value_axis(ax, fr, ticks, baseline=ticks[0])
        _clock_axis(ax, fr, idx[0], idx[-1])
        ax.plot(x, y, color=fr.line_colours[0], linewidth=fr.pt(fr.line_width), solid_capstyle=fr.line_capstyle,
                solid_joinstyle="round", zorder=3, gid="price-line")
        xe = float(_dnum([at])[0])
        _event_line(ax, fr, xe, event_label, fig)
        occ = _Occupancy(fig, ax)
        ok = ~np.isnan(y)
        occ.add_line("data", x[ok], y[ok], radius=fr.line_width / 2 + 3)
        occ.add_line("data", [xe, xe], [ticks[0], ticks[-1]], radius=2)
        if quote_at is not None and quote_level is not None:
            xq = float(_dnum([_local([pd.Timestamp(quote_at)], zone)[0]])[0])
            ax.plot([xq], [quote_level], marker="o", markersize=fr.pt(9), markerfacecolor=fr.background,
                    markeredgecolor=C.NEGATIVE, markeredgewidth=fr.pt(2), linestyle="none", zorder=5, gid="quote-dot")
            label = quote_label or f"Quote: {value_fmt.format(quote_level)}"
            q_local = _local([pd.Timestamp(quote_at)], zone)[0]
            _callout(fig, ax, fr, occ, (xq, quote_level), f"{label}\nat {q_local:%H:%M}", gid="quote-callout")
        if sentence:
            _sentence_note(ax, fr, fig, occ, xe, sentence)
    return fig


def plot_intraday_car(
    bar_start: Any,
    car_pct: Any,
    lower_pct: Any,
    upper_pct: Any,
    announced_at: Any,
    *,
    zone: str,
    title: str,
    subtitle: str,
    source: str,
    event_label: str | None = None,
    band_label: str = "95% confidence interval",
    frame: Frame | None = None,
) -> Figure:
    """Cumulative abnormal return (percent) against the clock, with its confidence band.

    ``bar_start`` are tz-aware bar starts; each CAR value is plotted at the **end** of its
    bar (start + bar length), so the line reads "CAR by this time".
    """
    starts = _local(bar_start, zone)
    car = np.asarray(car_pct, dtype=float)
    lo = np.asarray(lower_pct, dtype=float)
    hi = np.asarray(upper_pct, dtype=float)
    if not (len(starts) == len(car) == len(lo) == len(hi)) or len(car) < 2:
        raise ValueError("plot_intraday_car needs equal-length arrays of at least 2 bars")
    step = pd.Timedelta(np.median(np.diff(starts.asi8)), unit="ns") if len(starts) > 1 else pd.Timedelta(minutes=5)
    ends = starts + step
    at = _local([pd.Timestamp(announced_at)], zone)[0]
    fr = _frame(frame, title, subtitle, source)
    with fr.style():
        fig, ax = fr.figure(description=f"CAR (%) by clock time ({zone}) with its {band_label}.")
        x = _dnum(ends)
        ticks = nice_ticks(float(np.nanmin([car, lo, hi])), float(np.nanmax([car, lo, hi])), 5, include_zero=True)
        _value_axis(ax, fr, ticks, baseline=0.0, suffix="%")
        ax.fill_between(x, lo, hi, color=C.SKY, linewidth=0, zorder=0.3, gid="band")
        ax.plot(x, car, color=fr.line_colours[0], linewidth=fr.pt(fr.line_width), solid_capstyle=fr.line_capstyle,
                solid_joinstyle="round", zorder=3, gid="car-line")
        _clock_axis(ax, fr, min(starts[0], at), ends[-1])
        _event_line(ax, fr, float(_dnum([at])[0]), event_label, fig)
        last = f"{format_number(car[-1], 2, signed=True)}%"
        occ = _Occupancy(fig, ax)
        occ.add_line("data", x, car, radius=fr.line_width / 2 + 3)
        occ.add_band("data", x, lo, hi)
        _callout(fig, ax, fr, occ, (x[-1], car[-1]), f"{last} by {ends[-1]:%H:%M}", gid="car-callout")
    return fig
