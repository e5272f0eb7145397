"""FT-style event-study charts from plain data (pandas/numpy in, matplotlib ``Figure`` out).

These functions know nothing about marketimpact's result objects: callers pass series and arrays,
so the charts layer depends only on pandas, numpy and matplotlib. Each function builds a fresh
figure from a :class:`~marketimpact.charts.frame.Frame` (webM by default) with the title, subtitle
and source filled in, draws the data in the plot ``Axes`` and returns the ``Figure``.

Conventions shared by every chart (``docs/ft-chart-style.md`` sections 3 and 5):

* value axis on the right, about 5 "nice" ticks (4 in small multiples), one number of decimals
  across the axis, thousands separators, true minus signs; the axis spans first to last tick;
* horizontal black-10 gridlines only; the baseline (zero, or the floor tick of a price axis) in
  black-40;
* the event marked with a 1 px black-60 vertical line; annotations in black-70;
* text placement (callouts, direct labels) uses an occupancy grid of the drawn data, so labels
  avoid lines and stay inside the plot.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation
from matplotlib.ticker import NullLocator

from . import colours as C
from ._ticks import date_ticks, event_day_ticks, format_number, nice_ticks, tick_decimals
from .fonts import font_family
from .frame import Frame, FrameLayout, describe, web_m

__all__ = ["plot_price", "plot_ar", "plot_car", "plot_caar", "plot_small_multiples"]

ArrayLike = Sequence[float] | np.ndarray | pd.Series


# --------------------------------------------------------------------------- helpers
def _frame(frame: Frame | None, title: str, subtitle: str, source: str) -> Frame:
    return dataclasses.replace(frame or web_m(), title=title, subtitle=subtitle, source=source)


def _series(close: pd.Series, name: str = "close") -> pd.Series:
    if not isinstance(close, pd.Series):
        raise TypeError(f"{name} must be a pandas Series with a DatetimeIndex, got {type(close).__name__}")
    s = close.dropna().astype(float)
    idx = pd.DatetimeIndex(s.index)
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    s.index = idx
    s = s.sort_index()
    if len(s) < 2:
        raise ValueError(f"{name} needs at least 2 non-NaN values, got {len(s)}")
    return s


def _naive(ts: Any) -> pd.Timestamp:
    t = pd.Timestamp(ts)
    return t.tz_localize(None) if t.tzinfo is not None else t


def _dnum(idx: Any) -> np.ndarray:
    return np.asarray(mdates.date2num(pd.DatetimeIndex(idx).to_pydatetime()), dtype=float)


def _layout(fig: Figure) -> FrameLayout:
    layout = fig.get_layout_engine()
    assert isinstance(layout, FrameLayout)
    return layout


def _value_axis(
    ax: Axes, frame: Frame, ticks: np.ndarray, *, baseline: float, suffix: str = "", signed: bool = False
) -> None:
    """Right-hand value axis: fixed nice ticks, one decimals count, black-40 baseline."""
    d = tick_decimals(ticks)
    labels = [format_number(t, d, signed=signed) + (suffix if t != 0 else "") for t in ticks]
    ax.set_yticks(ticks, labels=labels)
    ax.yaxis.set_minor_locator(NullLocator())
    _, _, _, h_px = frame.plot_rect()
    half_px = (ticks[-1] - ticks[0]) / max(h_px, 1.0) * 0.5  # keep the top gridline whole
    ax.set_ylim(ticks[0] - half_px, ticks[-1] + half_px)
    ax.axhline(
        baseline, color=frame.baseline_colour, linewidth=frame.pt(frame.baseline_width), zorder=2.6, gid="baseline"
    )


def _date_axis(ax: Axes, frame: Frame, idx: pd.DatetimeIndex, *, max_ticks: int | None = None) -> None:
    _, _, width, _ = frame.plot_rect()
    if max_ticks is None:
        max_ticks = max(2, int((width - 4 * frame.rem) // (5 * frame.rem)))
    majors, labels, minors = date_ticks(idx[0], idx[-1], max_ticks=max_ticks, sessions=list(idx))
    ax.set_xticks(_dnum(majors), labels=labels)
    ax.set_xticks(_dnum(minors) if minors else [], minor=True)
    ax.set_xlim(_dnum(idx[:1])[0], _dnum(idx[-1:])[0])


def _event_line(ax: Axes, frame: Frame, x: float, label: str | None, fig: Figure) -> None:
    ax.axvline(x, color=frame.event_colour, linewidth=frame.pt(frame.event_width), zorder=2.5, gid="event-line")
    if label:
        ann = ax.annotate(
            label,
            xy=(x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, frame.pt(frame.rem / 2)),
            textcoords="offset points",
            ha="center",
            va="baseline",
            color=frame.annotation_colour,
            fontsize=frame.pt(frame.axis_label_size),
            annotation_clip=False,
            gid="event-label",
        )
        _layout(fig).keep_inside(ann)


def _text_size(fig: Figure, frame: Frame, text: str, size_px: float) -> tuple[float, float]:
    """Rendered (width, height) of ``text`` in device px at the figure's current dpi."""
    renderer = fig.canvas.get_renderer()
    prop = FontProperties(family=font_family(), size=frame.pt(size_px))
    widths, heights = [], []
    for line in text.split("\n"):
        w, h, _ = renderer.get_text_width_height_descent(line or " ", prop, ismath=False)
        widths.append(w)
        heights.append(h)
    line_h = frame.pt(size_px) * 1.2 * fig.dpi / 72.0
    return max(widths), line_h * (len(heights) - 1) + max(heights[-1], line_h * 0.8)


class _Occupancy:
    """Pixel occupancy of an Axes (1 px cells), for placing labels clear of the data."""

    def __init__(self, fig: Figure, ax: Axes) -> None:
        _layout(fig).execute(fig)  # final axes position (y labels measured)
        self.ax = ax
        bb = ax.get_window_extent(fig.canvas.get_renderer())
        self.x0, self.y0 = bb.x0, bb.y0
        self.w, self.h = math.ceil(bb.width), math.ceil(bb.height)
        self.layers: dict[str, np.ndarray] = {}
        self._sat: dict[str, np.ndarray] = {}

    def _grid(self, name: str) -> np.ndarray:
        self._sat.pop(name, None)  # the caller is about to change the layer
        if name not in self.layers:
            self.layers[name] = np.zeros((self.h + 1, self.w + 1), dtype=bool)
        return self.layers[name]

    def _table(self, name: str) -> np.ndarray:
        """Summed-area table of a layer, padded with a zero row and column."""
        if name not in self._sat:
            g = self.layers[name].astype(np.int32)
            sat = np.zeros((g.shape[0] + 1, g.shape[1] + 1), dtype=np.int64)
            sat[1:, 1:] = g.cumsum(0).cumsum(1)
            self._sat[name] = sat
        return self._sat[name]

    def to_px(self, x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        pts = self.ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
        return pts[:, 0] - self.x0, pts[:, 1] - self.y0

    def add_line(self, name: str, x: ArrayLike, y: ArrayLike, radius: float = 4.0) -> None:
        px, py = self.to_px(x, y)
        g = self._grid(name)
        xs, ys = [], []
        for i in range(len(px) - 1):
            n = int(max(abs(px[i + 1] - px[i]), abs(py[i + 1] - py[i]))) + 2
            xs.append(np.linspace(px[i], px[i + 1], n))
            ys.append(np.linspace(py[i], py[i + 1], n))
        if len(px) == 1:
            xs, ys = [px], [py]
        ax_, ay_ = np.concatenate(xs), np.concatenate(ys)
        r = math.ceil(radius)
        for dx in range(-r, r + 1):
            for dy in range(-r, r + 1):
                if dx * dx + dy * dy > r * r:
                    continue
                cx = np.clip(np.round(ax_ + dx).astype(int), 0, self.w)
                cy = np.clip(np.round(ay_ + dy).astype(int), 0, self.h)
                g[cy, cx] = True

    def add_band(self, name: str, x: ArrayLike, lower: ArrayLike, upper: ArrayLike) -> None:
        px, plo = self.to_px(x, lower)
        _, pup = self.to_px(x, upper)
        g = self._grid(name)
        cols = np.arange(self.w + 1)
        lo = np.interp(cols, px, plo, left=np.nan, right=np.nan)
        hi = np.interp(cols, px, pup, left=np.nan, right=np.nan)
        rows = np.arange(self.h + 1)[:, None]
        g |= (rows >= np.floor(np.fmin(lo, hi))[None, :]) & (rows <= np.ceil(np.fmax(lo, hi))[None, :])

    def add_box(self, name: str, x0: float, y0: float, x1: float, y1: float) -> None:
        g = self._grid(name)
        g[max(int(y0), 0) : max(math.ceil(y1) + 1, 0), max(int(x0), 0) : max(math.ceil(x1) + 1, 0)] = True

    def count(self, name: str, box: tuple[float, float, float, float]) -> int:
        """Occupied cells of layer ``name`` inside ``box`` = (x0, y0, x1, y1) px; -1 if off the axes."""
        x0, y0, x1, y1 = box
        if x0 < 0 or y0 < 0 or x1 > self.w or y1 > self.h:
            return -1
        if name not in self.layers:
            return 0
        t = self._table(name)
        r0, r1 = int(y0), min(math.ceil(y1) + 1, self.h + 1)
        c0, c1 = int(x0), min(math.ceil(x1) + 1, self.w + 1)
        return int(t[r1, c1] - t[r0, c1] - t[r1, c0] + t[r0, c0])

    def segment_hits(self, layers: Sequence[str], a: tuple[float, float], b: tuple[float, float], skip: float) -> int:
        """Occupied samples of ``layers`` along segment a-b, ignoring the first ``skip`` px from a."""
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        if length <= skip:
            return 0
        t = np.linspace(skip / length, 1.0, int(length) + 1)
        xs = np.clip(np.round(a[0] + t * (b[0] - a[0])).astype(int), 0, self.w)
        ys = np.clip(np.round(a[1] + t * (b[1] - a[1])).astype(int), 0, self.h)
        return int(sum(self.layers[n][ys, xs].sum() for n in layers if n in self.layers))

    def area(self, box: tuple[float, float, float, float]) -> int:
        x0, y0, x1, y1 = box
        r0, r1 = int(y0), min(math.ceil(y1) + 1, self.h + 1)
        c0, c1 = int(x0), min(math.ceil(x1) + 1, self.w + 1)
        return (r1 - r0) * (c1 - c0)


def _callout(
    fig: Figure,
    ax: Axes,
    frame: Frame,
    occ: _Occupancy,
    xy: tuple[float, float],
    text: str,
    *,
    gid: str,
    avoid: Sequence[str] = ("data",),
    leader: bool = True,
) -> Annotation:
    """Place ``text`` near the data point ``xy`` where it overlaps no occupied layer; add a leader."""
    tw, th = _text_size(fig, frame, text, frame.axis_label_size)
    (px,), (py,) = occ.to_px([xy[0]], [xy[1]])
    rem = frame.rem * fig.dpi / frame.dpi
    pad = 3.0
    best: tuple[float, float, float, str, str] | None = None
    for dy in np.arange(0.0, 8 * rem, rem / 4):
        for sign_y in (1, -1):
            for side in (1, -1):
                ddx = side * rem
                ddy = sign_y * dy
                x0 = px + ddx if side > 0 else px + ddx - tw
                y0 = py + ddy if sign_y > 0 else py + ddy - th
                if dy == 0:
                    y0 = py - th / 2
                box = (x0 - pad, y0 - pad, x0 + tw + pad, y0 + th + pad)
                hits = [occ.count(layer, box) for layer in avoid]
                if any(h < 0 for h in hits):
                    continue
                # the leader runs from the dot to the text corner nearest it: penalise crossing data
                lx = x0 if side > 0 else x0 + tw
                ly = y0 if sign_y > 0 else y0 + th
                crossing = occ.segment_hits(avoid, (px, py), (lx, ly), skip=0.6 * rem)
                cost = sum(hits) * 1000 + crossing * 50 + math.hypot(ddx, ddy)
                if best is None or cost < best[0]:
                    va = "center" if dy == 0 else ("bottom" if sign_y > 0 else "top")
                    best = (cost, ddx, ddy, "left" if side > 0 else "right", va)
    if best is None:
        best = (0.0, rem, rem, "left", "bottom")
    _, ddx, ddy, ha, va = best
    to_pt = 72.0 / fig.dpi
    ann = ax.annotate(
        text,
        xy=xy,
        xycoords="data",
        xytext=(ddx * to_pt, ddy * to_pt),
        textcoords="offset points",
        ha=ha,
        va=va,
        color=frame.annotation_colour,
        fontsize=frame.pt(frame.axis_label_size),
        linespacing=1.2,
        annotation_clip=False,
        zorder=6,
        gid=gid,
        arrowprops=(
            dict(arrowstyle="-", color=frame.event_colour, linewidth=frame.pt(1), shrinkA=2, shrinkB=frame.pt(6))
            if leader and ddy != 0
            else None
        ),
    )
    x_text = px + ddx if ha == "left" else px + ddx - tw
    y_text = py + ddy if va == "bottom" else (py + ddy - th if va == "top" else py - th / 2)
    occ.add_box("data", x_text, y_text, x_text + tw, y_text + th)
    _layout(fig).keep_inside(ann)
    return ann


def _place_direct_label(
    fig: Figure,
    ax: Axes,
    frame: Frame,
    occ: _Occupancy,
    text: str,
    *,
    inside: str | None,
    avoid: Sequence[str],
    colour: str,
    gid: str,
    prefer: str = "right",
    anchor: tuple[float, float] | None = None,
) -> Annotation | None:
    """Put a direct label where its box lies wholly inside layer ``inside`` and clear of ``avoid``."""
    tw, th = _text_size(fig, frame, text, frame.axis_label_size)
    pad = 3.0
    step = 2
    candidates = []
    for y0 in range(int(pad), int(occ.h - th - pad), step):
        for x0 in range(int(pad), int(occ.w - tw - pad), step):
            box = (x0 - pad, y0 - pad, x0 + tw + pad, y0 + th + pad)
            if any(occ.count(layer, box) != 0 for layer in avoid):
                continue
            if inside is not None and occ.count(inside, (x0, y0, x0 + tw, y0 + th)) < occ.area((x0, y0, x0 + tw, y0 + th)):
                continue
            candidates.append((x0, y0))
    if not candidates:
        return None
    arr = np.array(candidates, dtype=float)
    if anchor is not None:
        # nearest free box to the anchor point (px, axes-relative)
        (ax_px,), (ay_px,) = occ.to_px([anchor[0]], [anchor[1]])
        dx = np.maximum(np.maximum(arr[:, 0] - ax_px, ax_px - (arr[:, 0] + tw)), 0)
        dy = np.maximum(np.maximum(arr[:, 1] - ay_px, ay_px - (arr[:, 1] + th)), 0)
        x0, y0 = arr[int(np.argmin(np.hypot(dx, dy)))]
    else:
        xs = arr[:, 0] if prefer == "right" else -arr[:, 0]
        near = arr[xs >= xs.max() - 4 * step]
        # among the right-most spots, take the vertical middle of the free run
        x0, y0 = near[len(near) // 2]
    occ.add_box("labels", x0, y0, x0 + tw, y0 + th)
    to_pt = 72.0 / fig.dpi
    ann = ax.annotate(
        text,
        xy=(0, 0),
        xycoords="axes pixels",
        xytext=(x0 * to_pt, y0 * to_pt),
        textcoords="offset points",
        ha="left",
        va="bottom",
        color=colour,
        fontsize=frame.pt(frame.axis_label_size),
        annotation_clip=False,
        zorder=6,
        gid=gid,
    )
    return ann


# --------------------------------------------------------------------------- price
def plot_price(
    close: pd.Series,
    event_session: pd.Timestamp,
    *,
    event_label: str,
    title: str,
    subtitle: str,
    source: str,
    claim_level: float | None = None,
    claim_label: str | None = None,
    settle: float | None = None,
    frame: Frame | None = None,
    value_fmt: str = "${:,.2f}",
) -> Figure:
    """FT price line with the event day marked, the event close called out and an optional claim.

    Parameters
    ----------
    close : pandas.Series
        Closing prices (price units, e.g. $ a barrel) indexed by session date.
    event_session : Timestamp
        Day 0 session; the vertical event line and the dot go here.
    event_label : str
        Label centred above the plot on the event line (e.g. "Trump-Putin call, 12 Feb").
    title, subtitle, source : str
        Frame text. Put the unit in the subtitle ("Brent crude ($ a barrel)").
    claim_level : float, optional
        A level claimed in the news (price units), drawn as a short horizontal tick on the event
        line and labelled next to the observed settle.
    claim_label : str, optional
        Label of the claim, e.g. "FT: −2.3% to $75.25".
    settle : float, optional
        Value printed in the callout (price units); defaults to the close on ``event_session``.
    frame : Frame, optional
        Frame preset (default :func:`web_m`); its title/subtitle/source are replaced.
    value_fmt : str
        ``str.format`` pattern for prices in callouts.

    Returns
    -------
    matplotlib.figure.Figure
    """
    s = _series(close, "close")
    ev = _naive(event_session).normalize()
    if not (s.index[0] <= ev <= s.index[-1]):
        raise ValueError(
            f"plot_price got event_session={ev.date()} outside the data ({s.index[0].date()}..{s.index[-1].date()}); "
            "pass prices that cover the event"
        )
    close_ev = float(s.asof(ev))
    settle_v = close_ev if settle is None else float(settle)
    fr = _frame(frame, title, subtitle, source)
    desc = f"Line chart of {subtitle or 'prices'} from {s.index[0]:%d %b %Y} to {s.index[-1]:%d %b %Y}, event on {ev:%d %b %Y}."
    with fr.style():
        fig, ax = fr.figure(description=desc)
        x = _dnum(s.index)
        y = s.to_numpy()
        vals = [y.min(), y.max()] + [v for v in (claim_level, settle_v) if v is not None]
        ticks = nice_ticks(min(vals), max(vals), 5)
        _value_axis(ax, fr, ticks, baseline=ticks[0])
        _date_axis(ax, fr, s.index)
        xe = float(_dnum([ev])[0])
        ax.plot(
            x, y, color=fr.line_colours[0], linewidth=fr.pt(fr.line_width), solid_capstyle=fr.line_capstyle,
            solid_joinstyle="round", zorder=3, gid="price-line",
        )
        _event_line(ax, fr, xe, event_label, fig)
        occ = _Occupancy(fig, ax)
        occ.add_line("data", x, y, radius=fr.line_width / 2 + 3)
        occ.add_line("data", [xe, xe], [ticks[0], ticks[-1]], radius=2)
        if claim_level is not None:
            ax.plot(
                [xe], [claim_level], marker="_", markersize=fr.pt(22), markeredgewidth=fr.pt(2),
                color=fr.annotation_colour, linestyle="none", zorder=4.5, gid="claim-tick",
            )
            occ.add_line("data", [xe], [claim_level], radius=12)
        ax.plot(
            [xe], [close_ev], marker="o", markersize=fr.pt(9), markerfacecolor=fr.line_colours[0],
            markeredgecolor=fr.background, markeredgewidth=fr.pt(1.5), linestyle="none", zorder=5,
            gid="event-dot",
        )
        settle_txt = value_fmt.format(settle_v)
        if claim_level is not None:
            first = claim_label or f"Claim: {value_fmt.format(claim_level)}"
            # a small frame (webS) has no room for "Publisher: −2.3% to $75.25" on one line beside the event
            if ": " in first and _text_size(fig, fr, first, fr.axis_label_size)[0] > 0.45 * fr.plot_rect()[2]:
                first = first.replace(": ", ":\n", 1)
            text = f"{first}\nsettle {settle_txt}"
        else:
            text = settle_txt
        _callout(fig, ax, fr, occ, (xe, close_ev), text, gid="event-callout")
    return fig


# --------------------------------------------------------------------------- abnormal returns
def plot_ar(
    rel_day: ArrayLike,
    ar_pct: ArrayLike,
    *,
    title: str,
    subtitle: str,
    source: str,
    frame: Frame | None = None,
    highlight_day: int | None = 0,
) -> Figure:
    """Daily abnormal returns as columns over event time.

    Parameters
    ----------
    rel_day : array-like of int
        Event days (sessions relative to day 0), e.g. −5…+5.
    ar_pct : array-like of float
        Abnormal returns, percent (put "%" in the subtitle).
    title, subtitle, source : str
        Frame text.
    frame : Frame, optional
        Frame preset (default webM).
    highlight_day : int or None
        Event day whose column gets its value written at the bar end (``None``: none).

    Returns
    -------
    matplotlib.figure.Figure
    """
    days = np.asarray(rel_day, dtype=float)
    ar = np.asarray(ar_pct, dtype=float)
    if days.shape != ar.shape or days.ndim != 1 or len(days) == 0:
        raise ValueError(f"plot_ar needs 1-D rel_day and ar_pct of equal length, got {days.shape} and {ar.shape}")
    ok = np.isfinite(ar)
    fr = _frame(frame, title, subtitle, source)
    desc = f"Column chart of daily abnormal returns (%) for event days {int(days.min())} to {int(days.max())}."
    with fr.style():
        fig, ax = fr.figure(description=desc)
        ticks = nice_ticks(np.nanmin(ar), np.nanmax(ar), 5, include_zero=True)
        hl_idx = None
        if highlight_day is not None and np.any(days == highlight_day) and np.isfinite(ar[days == highlight_day][0]):
            hl_idx = int(np.flatnonzero(days == highlight_day)[0])
            # make room for the value label beyond the bar end (about 1.5 rem)
            h_px = fr.plot_rect()[3]
            for _ in range(3):
                unit = h_px / (ticks[-1] - ticks[0])
                v = ar[hl_idx]
                room = (ticks[-1] - v) * unit if v >= 0 else (v - ticks[0]) * unit
                if room >= 1.6 * fr.rem:
                    break
                step = ticks[1] - ticks[0]
                ticks = np.append(ticks, ticks[-1] + step) if v >= 0 else np.insert(ticks, 0, ticks[0] - step)
        _value_axis(ax, fr, ticks, baseline=0.0)
        colours = [C.POSITIVE if v >= 0 else C.NEGATIVE for v in np.nan_to_num(ar)]
        ax.bar(days[ok], ar[ok], width=0.8, color=np.asarray(colours)[ok], linewidth=0, zorder=2, gid="ar-columns")
        xt = [d for d in event_day_ticks(int(days.min()), int(days.max()))]
        ax.set_xticks(xt, labels=[format_number(d, 0, signed=True) for d in xt])
        ax.set_xticks([], minor=True)
        ax.tick_params(axis="x", which="major", length=fr.pt(fr.x_minor_tick_length))
        ax.set_xlim(days.min() - 0.6, days.max() + 0.6)
        if hl_idx is not None:
            v = float(ar[hl_idx])
            d = max(tick_decimals(ticks), 1)
            ax.annotate(
                format_number(v, d, signed=True) + "%",
                xy=(days[hl_idx], v),
                xytext=(0, fr.pt(4) if v >= 0 else -fr.pt(4)),
                textcoords="offset points",
                ha="center",
                va="bottom" if v >= 0 else "top",
                color=fr.annotation_colour,
                fontsize=fr.pt(fr.axis_label_size),
                annotation_clip=False,
                zorder=6,
                gid="highlight-label",
            )
    return fig


# --------------------------------------------------------------------------- CAR / CAAR
def _band_chart(
    rel_day: ArrayLike,
    mid_pct: ArrayLike,
    lower_pct: ArrayLike,
    upper_pct: ArrayLike,
    *,
    title: str,
    subtitle: str,
    source: str,
    frame: Frame | None,
    band_label: str,
    line_label: str | None,
    event_label: str | None,
    kind: str,
) -> Figure:
    days = np.asarray(rel_day, dtype=float)
    mid = np.asarray(mid_pct, dtype=float)
    lo = np.asarray(lower_pct, dtype=float)
    hi = np.asarray(upper_pct, dtype=float)
    if not (days.shape == mid.shape == lo.shape == hi.shape) or days.ndim != 1 or len(days) < 2:
        raise ValueError(
            f"plot_{kind.lower()} needs 1-D arrays of equal length >= 2, got {days.shape}, {mid.shape}, "
            f"{lo.shape}, {hi.shape}"
        )
    order = np.argsort(days)
    days, mid, lo, hi = days[order], mid[order], lo[order], hi[order]
    fr = _frame(frame, title, subtitle, source)
    desc = (
        f"{kind} (%) with its {band_label} for event days {int(days.min())} to {int(days.max())}"
        + (f"; {line_label}" if line_label else "")
        + "."
    )
    with fr.style():
        fig, ax = fr.figure(description=desc)
        allv = np.concatenate([mid, lo, hi])
        ticks = nice_ticks(np.nanmin(allv), np.nanmax(allv), 5, include_zero=True)
        _value_axis(ax, fr, ticks, baseline=0.0)
        ax.fill_between(days, lo, hi, color=C.SKY, linewidth=0, zorder=0.3, gid="band")
        ax.plot(
            days, mid, color=fr.line_colours[0], linewidth=fr.pt(fr.line_width), solid_capstyle=fr.line_capstyle,
            solid_joinstyle="round", zorder=3, gid=f"{kind.lower()}-line",
        )
        xt = event_day_ticks(int(days.min()), int(days.max()))
        ax.set_xticks(xt, labels=[format_number(d, 0, signed=True) for d in xt])
        ax.set_xticks([], minor=True)
        ax.set_xlim(days.min(), days.max())
        if days.min() <= 0 <= days.max():
            _event_line(ax, fr, 0.0, event_label, fig)
        occ = _Occupancy(fig, ax)
        occ.add_line("line", days, mid, radius=fr.line_width / 2 + 3)
        occ.add_band("band", days, lo, hi)
        if days.min() <= 0 <= days.max():
            occ.add_line("line", [0, 0], [ticks[0], ticks[-1]], radius=2)
        occ.add_line("line", [days.min(), days.max()], [0, 0], radius=1)
        placed = _place_direct_label(
            fig, ax, fr, occ, band_label, inside="band", avoid=("line",), colour=fr.annotation_colour,
            gid="band-label",
        )
        if placed is None:  # band too thin: label it just outside, clear of the line and band
            _place_direct_label(
                fig, ax, fr, occ, band_label, inside=None, avoid=("line", "band", "labels"),
                colour=fr.annotation_colour, gid="band-label",
            )
        if line_label:
            _place_direct_label(
                fig, ax, fr, occ, line_label, inside=None, avoid=("line", "band", "labels"),
                colour=fr.line_colours[0], gid="line-label", anchor=(days[0], mid[0]),
            )
    return fig


def plot_car(
    rel_day: ArrayLike,
    car_pct: ArrayLike,
    lower_pct: ArrayLike,
    upper_pct: ArrayLike,
    *,
    title: str,
    subtitle: str,
    source: str,
    frame: Frame | None = None,
    band_label: str = "95% confidence interval",
    event_label: str | None = None,
) -> Figure:
    """Cumulative abnormal return line with a sky confidence band.

    Parameters
    ----------
    rel_day : array-like of int
        Event days.
    car_pct, lower_pct, upper_pct : array-like of float
        CAR and its confidence bounds, percent.
    title, subtitle, source : str
        Frame text.
    frame : Frame, optional
        Frame preset (default webM).
    band_label : str
        Direct label written on the band (no boxed legend).
    event_label : str, optional
        Label above the day-0 line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _band_chart(
        rel_day, car_pct, lower_pct, upper_pct, title=title, subtitle=subtitle, source=source, frame=frame,
        band_label=band_label, line_label=None, event_label=event_label, kind="CAR",
    )


def plot_caar(
    rel_day: ArrayLike,
    caar_pct: ArrayLike,
    lower_pct: ArrayLike,
    upper_pct: ArrayLike,
    *,
    n_events: int,
    title: str,
    subtitle: str,
    source: str,
    frame: Frame | None = None,
    band_label: str = "95% confidence interval",
    event_label: str | None = None,
) -> Figure:
    """Cumulative average abnormal return across events, with a confidence band.

    Same as :func:`plot_car`, plus a direct oxford label on the line: "Average of N events".

    Parameters
    ----------
    rel_day : array-like of int
        Event days.
    caar_pct, lower_pct, upper_pct : array-like of float
        CAAR and its confidence bounds, percent.
    n_events : int
        Number of events averaged.
    title, subtitle, source : str
        Frame text.
    frame : Frame, optional
        Frame preset (default webM).
    band_label : str
        Direct label on the band.
    event_label : str, optional
        Label above the day-0 line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if int(n_events) < 1:
        raise ValueError(f"plot_caar got n_events={n_events}; pass the number of events averaged (>= 1)")
    label = f"Average of {int(n_events):,} event{'s' if int(n_events) != 1 else ''}"
    return _band_chart(
        rel_day, caar_pct, lower_pct, upper_pct, title=title, subtitle=subtitle, source=source, frame=frame,
        band_label=band_label, line_label=label, event_label=event_label, kind="CAAR",
    )


# --------------------------------------------------------------------------- small multiples
def _end_label(ts: pd.Timestamp, span_days: int) -> str:
    if span_days <= 125:
        return f"{ts.day} {ts:%b}"
    if span_days <= 5 * 366:
        return f"{ts:%b %Y}"
    return f"{ts.year}"


def plot_small_multiples(
    panels: Mapping[str, pd.Series],
    event_session: pd.Timestamp,
    *,
    title: str,
    subtitle: str,
    source: str,
    shared_y: bool = True,
    ncols: int = 3,
    frame: Frame | None = None,
    event_label: str | None = None,
) -> Figure:
    """One small line panel per asset, with the event line repeated in each.

    Parameters
    ----------
    panels : mapping of str to pandas.Series
        Panel name -> series indexed by date (for example % change since the day before the
        event; put the unit in the subtitle). Names are shown in upper case, black-60.
    event_session : Timestamp
        Day 0; a black-60 line in every panel.
    title, subtitle, source : str
        Frame text.
    shared_y : bool
        Identical y scales (same ticks) in every panel.
    ncols : int
        Panels per row.
    frame : Frame, optional
        Frame preset (default webM).
    event_label : str, optional
        Label above the event line of the first panel only.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not panels:
        raise ValueError("plot_small_multiples got no panels; pass a dict of name -> Series")
    if ncols < 1:
        raise ValueError(f"plot_small_multiples got ncols={ncols}; pass ncols >= 1")
    series = {str(k): _series(v, f"panels[{k!r}]") for k, v in panels.items()}
    ev = _naive(event_session).normalize()
    ncols = min(ncols, len(series))
    nrows = math.ceil(len(series) / ncols)
    fr = _frame(frame, title, subtitle, source)
    desc = f"Small multiples of {len(series)} series ({', '.join(series)}) around the event on {ev:%d %b %Y}."
    left, top, width, height = fr.plot_rect()
    gap_x = fr.rem
    label_room = fr.panel_label_size + 8.0
    axis_room = fr.x_tick_length + 3 + fr.axis_label_size * 1.3 + 8.0
    slot_w = (width - (ncols - 1) * gap_x) / ncols
    panel_h = (height - nrows * label_room - (nrows - 1) * axis_room) / nrows
    if panel_h < 2 * fr.rem:
        raise ValueError(f"plot_small_multiples: {nrows} rows do not fit the {fr.preset} frame; use more columns")
    # as many y ticks (up to 4) as the panel height holds without their labels touching
    n_ticks = max(2, min(4, int(panel_h / (fr.axis_label_size * 1.4)) + 1))
    if shared_y:
        lo = min(s.min() for s in series.values())
        hi = max(s.max() for s in series.values())
        shared_ticks = nice_ticks(lo, hi, n_ticks, include_zero=True)
    with fr.style():
        fig = fr.canvas(description=desc)
        for i, (name, s) in enumerate(series.items()):
            r, c = divmod(i, ncols)
            rect = (left + c * (slot_w + gap_x), top + label_room + r * (panel_h + label_room + axis_room), slot_w,
                    panel_h)
            ax = fr.add_plot(fig, rect, gid=f"panel-{i}")
            ticks = shared_ticks if shared_y else nice_ticks(s.min(), s.max(), n_ticks, include_zero=True)
            d = tick_decimals(ticks)
            ax.set_yticks(ticks, labels=[format_number(t, d) for t in ticks])
            half = (ticks[-1] - ticks[0]) / panel_h * 0.5
            ax.set_ylim(ticks[0] - half, ticks[-1] + half)
            ax.axhline(0.0, color=fr.baseline_colour, linewidth=fr.pt(fr.baseline_width), zorder=2.6, gid="baseline")
            x = _dnum(s.index)
            ax.plot(
                x, s.to_numpy(), color=fr.line_colours[0], linewidth=fr.pt(fr.line_width),
                solid_capstyle=fr.line_capstyle, solid_joinstyle="round", zorder=3, gid=f"panel-line-{i}",
            )
            ax.set_xlim(x[0], x[-1])
            span = (s.index[-1] - s.index[0]).days
            ax.set_xticks([x[0], x[-1]], labels=[_end_label(s.index[0], span), _end_label(s.index[-1], span)])
            ax.set_xticks([], minor=True)
            lab = ax.get_xticklabels()
            lab[0].set_horizontalalignment("left")
            lab[-1].set_horizontalalignment("right")
            if s.index[0] <= ev <= s.index[-1]:
                _event_line(ax, fr, float(_dnum([ev])[0]), event_label if i == 0 else None, fig)
            # the panel label must end before the top y label (right of the panel): shrink it if needed
            room = slot_w - 2.2 * fr.axis_label_size
            size = fr.panel_label_size
            label_w = _text_size(fig, fr, name.upper(), size)[0] * fr.dpi / fig.dpi
            if label_w > room > 0:
                size = max(size * room / label_w, 0.7 * fr.panel_label_size)
            ax.annotate(
                name.upper(),
                xy=(0, 1),
                xycoords="axes fraction",
                xytext=(0, fr.pt(5)),
                textcoords="offset points",
                ha="left",
                va="baseline",
                color=fr.source_colour,
                fontsize=fr.pt(size),
                annotation_clip=False,
                gid=f"panel-label-{i}",
            )
    describe(fig, desc)
    return fig
