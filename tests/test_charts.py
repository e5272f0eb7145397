"""Tests for marketimpact.charts: FT style, frames, plots and saved files.

Structural checks run on the Figure objects (colours, positions in frame px, alignment, fonts,
nothing outside the frame) and on saved files (PNG size, metadata, SVG). One image-regression
test compares the seed price chart with ``tests/baseline/price_seed.png`` at RMS tolerance 5.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.testing.compare import compare_images
from matplotlib.text import Text
from PIL import Image

from marketimpact.charts import (
    FONT_FAMILIES,
    FT_COLOURS,
    STYLE_PATH,
    Frame,
    active_font,
    frame_of,
    plot_ar,
    plot_caar,
    plot_car,
    plot_price,
    plot_small_multiples,
    print_,
    register_fonts,
    save,
    social,
    web_l,
    web_m,
    web_s,
)
from marketimpact.charts._ticks import date_ticks, format_number, nice_ticks, tick_decimals

ROOT = Path(__file__).resolve().parents[1]
BRENT_CSV = ROOT / "data" / "prices" / "brent_futures_yahoo_bzf.csv"
BASELINE = Path(__file__).resolve().parent / "baseline" / "price_seed.png"
EVENT = pd.Timestamp("2025-02-12")
PAPER = "#fff1e5"


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def brent() -> pd.Series:
    df = pd.read_csv(BRENT_CSV, parse_dates=["date"], index_col="date")
    return df.loc["2025-01-20":"2025-03-07", "close"]


def _seed(brent: pd.Series, frame: Frame | None = None) -> Figure:
    return plot_price(
        brent,
        EVENT,
        event_label="Trump-Putin call, 12 Feb",
        title="Brent fell after the Trump-Putin call",
        subtitle="Brent crude futures ($ a barrel)",
        source="Yahoo Finance (BZ=F)",
        claim_level=75.25,
        claim_label="FT: \u22122.3% to $75.25",
        frame=frame,
    )


@pytest.fixture(scope="module")
def seed_fig(brent: pd.Series) -> Figure:
    fig = _seed(brent)
    fig.canvas.draw()
    return fig


def _events() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days = np.arange(-5, 6)
    ar = np.array([0.3, 0.7, 0.3, -1.0, 0.8, -2.4, -0.4, 0.5, 0.3, 0.2, 0.02])
    se = 0.8 * np.sqrt(np.arange(1, 12))
    return days, ar, se


def _all_figures(brent: pd.Series) -> dict[str, Figure]:
    days, ar, se = _events()
    car = np.cumsum(ar)
    panels = {
        "Brent": (brent / brent.asof(EVENT - pd.Timedelta(days=1)) - 1) * 100,
        "Brent x2": (brent / brent.asof(EVENT - pd.Timedelta(days=1)) - 1) * 200,
        "Flat": brent * 0 + 0.5,
        "Gas": (brent / brent.iloc[0] - 1) * 150,
    }
    figs = {
        "price": _seed(brent),
        "ar": plot_ar(days, ar, title="Abnormal returns", subtitle="Daily abnormal return (%)", source="Test"),
        "car": plot_car(days, car, car - 1.96 * se, car + 1.96 * se, title="CAR", subtitle="%", source="Test"),
        "caar": plot_caar(
            days, car / 2, car / 2 - se / 2, car / 2 + se / 2, n_events=12, title="CAAR", subtitle="%", source="Test"
        ),
        "multiples": plot_small_multiples(
            panels, EVENT, title="Small multiples", subtitle="Change since 11 Feb (%)", source="Test"
        ),
    }
    for fig in figs.values():
        fig.canvas.draw()
    return figs


@pytest.fixture(scope="module")
def figures(brent: pd.Series) -> dict[str, Figure]:
    return _all_figures(brent)


def _by_gid(fig: Figure, gid: str) -> list:
    return [a for a in fig.findobj() if a.get_gid() == gid]


def _px_top(fig: Figure, y_device: float) -> float:
    """Device y (from the bottom) -> frame px from the top at the layout dpi."""
    return (fig.bbox.height - y_device) * 72.0 / fig.dpi


def _plot_axes(fig: Figure) -> list:
    return [ax for ax in fig.axes if (ax.get_gid() or "").startswith(("plot", "panel"))]


# --------------------------------------------------------------------------- style sheet, fonts
def test_style_sheet_expresses_section_6() -> None:
    rc = mpl.rc_params_from_file(str(STYLE_PATH), use_default_template=False)
    assert to_hex(rc["figure.facecolor"]) == PAPER
    assert to_hex(rc["axes.facecolor"]) == PAPER
    assert to_hex(rc["savefig.facecolor"]) == PAPER
    assert not any(rc[f"axes.spines.{s}"] for s in ("left", "right", "top", "bottom"))
    assert rc["axes.grid"] and rc["axes.grid.axis"] == "y"
    assert to_hex(rc["grid.color"]) == FT_COLOURS["black-10"].lower()
    assert rc["grid.linewidth"] == 1
    assert rc["ytick.labelright"] and not rc["ytick.labelleft"] and rc["ytick.right"] and not rc["ytick.left"]
    assert rc["xtick.direction"] == "out" and rc["xtick.major.size"] == 12
    assert to_hex(rc["xtick.color"]) == FT_COLOURS["black-20"].lower()
    assert to_hex(rc["xtick.labelcolor"]) == FT_COLOURS["black-70"].lower()
    assert rc["xtick.labelsize"] == 16 and rc["ytick.labelsize"] == 16
    assert rc["lines.linewidth"] == 3 and rc["lines.solid_capstyle"] == "projecting"
    assert [to_hex(c) for c in rc["axes.prop_cycle"].by_key()["color"]][:2] == ["#0f5499", "#eb5e8d"]
    assert rc["figure.dpi"] == 72 and rc["savefig.dpi"] == 144
    assert rc["svg.fonttype"] == "path" and rc["pdf.fonttype"] == 42


def test_register_fonts_idempotent_and_not_dejavu() -> None:
    register_fonts()
    n = len(font_manager.fontManager.ttflist)
    register_fonts()
    assert len(font_manager.fontManager.ttflist) == n
    assert FONT_FAMILIES[:3] == ("Metric", "Metric 2 VF", "MetricWeb")
    assert active_font() in {"Metric", "Metric 2 VF", "MetricWeb", "Source Sans Pro"}
    assert "DejaVu" not in active_font()


def test_all_text_resolves_to_chart_font(figures: dict[str, Figure]) -> None:
    for name, fig in figures.items():
        for t in fig.findobj(Text):
            if not (t.get_visible() and t.get_text()):
                continue
            path = font_manager.findfont(t.get_fontproperties(), fallback_to_default=True)
            family = font_manager.get_font(path).family_name
            assert "DejaVu" not in family, (name, t.get_text(), family)


def test_global_rcparams_untouched(brent: pd.Series) -> None:
    before = dict(mpl.rcParams)
    fig = _seed(brent)
    fig.canvas.draw()
    after = dict(mpl.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()


# --------------------------------------------------------------------------- frame presets
def test_style_blacklist_is_matplotlibs() -> None:
    """The style file's rcParams leave out what matplotlib.style would (a copy, so that a chart does not
    import matplotlib.style)."""
    try:
        from matplotlib.style import _STYLE_BLACKLIST as blacklist
    except ImportError:  # matplotlib < 3.11
        from matplotlib.style.core import STYLE_BLACKLIST as blacklist
    from marketimpact.charts.frame import STYLE_BLACKLIST

    assert blacklist == STYLE_BLACKLIST


def test_web_m_geometry() -> None:
    f = web_m(title="T", subtitle="S", source="X")
    assert (f.width_px, f.height_px, f.dpi) == (700, 500, 72)
    left, top, width, height = f.plot_rect()
    assert (left, top) == (20, 104)
    assert left + width == 700 - 5
    assert top + height == 396
    assert f.title_baselines() == [32] and f.subtitle_baselines() == [64]
    assert f.source_baselines() == [464]
    assert f.credit_baseline() == 480
    assert f.credit == "marketimpact"


def test_other_presets_geometry() -> None:
    assert web_s(title="T", subtitle="S").plot_top() == 104
    assert web_l(title="T", subtitle="S").plot_top() == 104
    assert web_s().width_px == 300 and web_l().width_px == 1180
    p = print_(2)
    assert p.width_px == pytest.approx(112.25 / 25.4 * 72, abs=1e-3)
    assert p.height_px == pytest.approx(68 / 25.4 * 72, abs=1e-3)
    assert p.plot_top() == 40 and p.title_weight == "semibold" and p.bar_width == 0 and p.goalposts
    assert print_(1).width_px == pytest.approx(53.71 / 25.4 * 72, abs=1e-3)
    with pytest.raises(ValueError, match="columns"):
        print_(9)
    s = social()
    assert (s.width_px, s.height_px, s.background) == (612, 612, "#262A33")
    assert (s.bar_x, s.bar_y, s.bar_colour) == (40, 40, "#FFFFFF")


def test_wrapped_title_moves_subtitle_and_plot() -> None:
    f = web_m(title="Line one|Line two", subtitle="S", source="A|B")
    assert f.title_baselines() == [32, 60]
    assert f.subtitle_baselines() == [92]
    assert f.plot_top() == 132
    assert f.source_baselines() == [464, 480] and f.credit_baseline() == 496


def test_frame_is_frozen_and_replaceable() -> None:
    f = web_m()
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.width_px = 10  # type: ignore[misc]
    g = web_m(credit="Graphic: A. N. Other")
    assert g.credit == "Graphic: A. N. Other" and g.preset == "webM"
    json.dumps(g.as_dict())


def test_frame_figure_furniture() -> None:
    f = web_m(title="Title", subtitle="Sub", source="Somewhere")
    fig, ax = f.figure()
    fig.canvas.draw()
    assert frame_of(fig) is f
    bbox = ax.get_window_extent()
    assert _px_top(fig, bbox.y1) == pytest.approx(104, abs=0.5)
    assert bbox.x0 == pytest.approx(20, abs=0.5)
    (src,) = _by_gid(fig, "source-0")
    assert src.get_text() == "Source: Somewhere"


# --------------------------------------------------------------------------- seed chart structure
def test_backgrounds(figures: dict[str, Figure]) -> None:
    for fig in figures.values():
        assert to_hex(fig.get_facecolor()) == PAPER
        for ax in _plot_axes(fig):
            assert to_hex(ax.get_facecolor()) == PAPER
            assert not any(sp.get_visible() for sp in ax.spines.values())


def test_no_vertical_grid_and_y_grid_black_10(figures: dict[str, Figure]) -> None:
    for name, fig in figures.items():
        for ax in _plot_axes(fig):
            assert not any(g.get_visible() for g in ax.get_xgridlines()), name
            ygrid = [g for g in ax.get_ygridlines() if g.get_visible()]
            assert ygrid, name
            assert {to_hex(g.get_color()) for g in ygrid} == {"#e6d9ce"}


def test_y_labels_right_and_right_aligned(figures: dict[str, Figure]) -> None:
    for name, fig in figures.items():
        for ax in _plot_axes(fig):
            ticks = ax.yaxis.get_major_ticks()
            shown = [t for t in ticks if t.label2.get_visible() and t.label2.get_text()]
            assert shown, name
            assert not any(t.label1.get_visible() for t in ticks), name
            assert all(t.label2.get_horizontalalignment() == "right" for t in shown), name
            rights = [t.label2.get_window_extent().x1 for t in shown]
            lefts = [t.label2.get_window_extent().x0 for t in shown]
            assert max(rights) - min(rights) < 0.5, (name, rights)
            # labels sit to the right of the plot, 3 px clear of the gridlines
            assert min(lefts) >= ax.get_window_extent().x1 + 2.5, name
            assert ax.yaxis.get_ticks_position() == "right", name
    rc = mpl.rc_params_from_file(str(STYLE_PATH), use_default_template=False)
    assert rc["ytick.labelright"] is True


def test_y_labels_fit_in_frame_right_margin(seed_fig: Figure) -> None:
    (ax,) = _plot_axes(seed_fig)
    right = max(t.label2.get_window_extent().x1 for t in ax.yaxis.get_major_ticks() if t.label2.get_text())
    assert right <= 700 - 5 + 0.5


def test_y_tick_labels_numbers(seed_fig: Figure) -> None:
    (ax,) = _plot_axes(seed_fig)
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert 4 <= len(labels) <= 7
    assert labels == ["65", "70", "75", "80"]
    (base,) = _by_gid(seed_fig, "baseline")
    assert to_hex(base.get_color()) == "#999189"
    assert base.get_ydata()[0] == pytest.approx(65)


def test_x_day_ticks(seed_fig: Figure) -> None:
    (ax,) = _plot_axes(seed_fig)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["27 Jan", "3 Feb", "10", "17", "24", "3 Mar"]
    major = ax.xaxis.get_major_ticks()[0]
    assert major.tick1line.get_markersize() == 12
    assert to_hex(major.tick1line.get_color()) == "#ccc1b7"
    assert len(ax.xaxis.get_minorticklocs()) > 20  # one per session


def test_title_subtitle_not_bold(seed_fig: Figure) -> None:
    (title,) = _by_gid(seed_fig, "title-0")
    assert title.get_text() == "Brent fell after the Trump-Putin call"
    assert title.get_fontweight() in ("normal", 400)
    assert to_hex(title.get_color()) == "#000000"
    assert title.get_fontsize() == 24
    assert _px_top(seed_fig, title.get_position()[1] * seed_fig.bbox.height) == pytest.approx(32)
    assert title.get_position()[0] * 700 == pytest.approx(1)
    (sub,) = _by_gid(seed_fig, "subtitle-0")
    assert to_hex(sub.get_color()) == "#66605c" and sub.get_fontweight() in ("normal", 400)
    assert _px_top(seed_fig, sub.get_position()[1] * seed_fig.bbox.height) == pytest.approx(64)


def test_black_bar_top_left(seed_fig: Figure) -> None:
    (bar,) = _by_gid(seed_fig, "ft-bar")
    assert isinstance(bar, Rectangle)
    ext = bar.get_window_extent()
    assert (ext.x0, ext.width, ext.height) == pytest.approx((0, 60, 4), abs=1e-6)
    assert _px_top(seed_fig, ext.y1) == pytest.approx(0, abs=1e-6)
    assert to_hex(bar.get_facecolor()) == "#000000"


def test_source_and_credit(seed_fig: Figure) -> None:
    (src,) = _by_gid(seed_fig, "source-0")
    (credit,) = _by_gid(seed_fig, "credit")
    assert src.get_text() == "Source: Yahoo Finance (BZ=F)"
    assert credit.get_text() == "marketimpact" and "FT" not in credit.get_text()
    assert credit.get_fontstyle() == "italic"
    for t in (src, credit):
        assert to_hex(t.get_color()) == "#66605c"
    h = seed_fig.bbox.height
    assert _px_top(seed_fig, src.get_position()[1] * h) == pytest.approx(464)
    assert _px_top(seed_fig, credit.get_position()[1] * h) == pytest.approx(480)


def test_event_marks(seed_fig: Figure) -> None:
    (line,) = _by_gid(seed_fig, "event-line")
    assert to_hex(line.get_color()) == "#66605c" and line.get_linewidth() == 1
    (label,) = _by_gid(seed_fig, "event-label")
    assert label.get_text() == "Trump-Putin call, 12 Feb" and to_hex(label.get_color()) == "#4d4845"
    (ax,) = _plot_axes(seed_fig)
    assert label.get_window_extent().y0 > ax.get_window_extent().y1  # above the plot
    (dot,) = _by_gid(seed_fig, "event-dot")
    assert dot.get_ydata()[0] == pytest.approx(75.18, abs=0.01)
    (callout,) = _by_gid(seed_fig, "event-callout")
    assert callout.get_text() == "FT: \u22122.3% to $75.25\nsettle $75.18"
    (tick,) = _by_gid(seed_fig, "claim-tick")
    assert tick.get_ydata()[0] == 75.25
    (price,) = _by_gid(seed_fig, "price-line")
    assert to_hex(price.get_color()) == "#0f5499" and price.get_linewidth() == 3
    assert price.get_solid_capstyle() == "projecting"


def test_nothing_outside_the_frame(figures: dict[str, Figure]) -> None:
    for name, fig in figures.items():
        renderer = fig.canvas.get_renderer()
        W, H = fig.bbox.width, fig.bbox.height
        for artist in fig.findobj():
            if artist is fig or not artist.get_visible():
                continue
            if isinstance(artist, Text) and not artist.get_text():
                continue
            try:
                ext = artist.get_window_extent(renderer)
            except (TypeError, AttributeError, NotImplementedError):
                continue
            if ext.width == 0 and ext.height == 0:
                continue
            assert ext.x0 >= -0.5 and ext.y0 >= -0.5 and ext.x1 <= W + 0.5 and ext.y1 <= H + 0.5, (
                name,
                artist,
                ext,
            )


# --------------------------------------------------------------------------- other charts
def test_plot_ar_columns(figures: dict[str, Figure]) -> None:
    fig = figures["ar"]
    (ax,) = _plot_axes(fig)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 11
    _, ar, _ = _events()
    for b, v in zip(bars, ar, strict=True):
        assert to_hex(b.get_facecolor()) == ("#105ba6" if v >= 0 else "#b31147")
    (base,) = _by_gid(fig, "baseline")
    assert to_hex(base.get_color()) == "#999189" and base.get_ydata()[0] == 0
    assert base.get_zorder() > bars[0].get_zorder()
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    assert (xlabels[0], xlabels[-1]) == ("\u22125", "+5")
    (hl,) = _by_gid(fig, "highlight-label")
    assert hl.get_text() == "\u22122.4%"


def test_plot_car_band_and_label(figures: dict[str, Figure]) -> None:
    for key in ("car", "caar"):
        fig = figures[key]
        (ax,) = _plot_axes(fig)
        assert ax.get_legend() is None
        (band,) = _by_gid(fig, "band")
        assert to_hex(band.get_facecolor()) == "#cce6ff"
        (label,) = _by_gid(fig, "band-label")
        assert label.get_text() == "95% confidence interval"
        (ev,) = _by_gid(fig, "event-line")
        assert ev.get_xdata()[0] == 0 and to_hex(ev.get_color()) == "#66605c"
        (base,) = _by_gid(fig, "baseline")
        assert base.get_ydata()[0] == 0
    (line_label,) = _by_gid(figures["caar"], "line-label")
    assert line_label.get_text() == "Average of 12 events"


def test_small_multiples(figures: dict[str, Figure]) -> None:
    fig = figures["multiples"]
    axes = _plot_axes(fig)
    assert len(axes) == 4
    assert len({ax.get_ylim() for ax in axes}) == 1
    assert len({round(ax.get_window_extent().width, 6) for ax in axes}) == 1
    labels = [_by_gid(fig, f"panel-label-{i}")[0].get_text() for i in range(4)]
    assert labels == ["BRENT", "BRENT X2", "FLAT", "GAS"]
    for i in range(4):
        assert to_hex(_by_gid(fig, f"panel-label-{i}")[0].get_color()) == "#66605c"
    assert len(_by_gid(fig, "event-line")) == 4


def test_small_multiples_unshared(brent: pd.Series) -> None:
    panels = {"a": brent - 70, "b": (brent - 70) * 10}
    fig = plot_small_multiples(panels, EVENT, title="t", subtitle="s", source="x", shared_y=False, ncols=2)
    fig.canvas.draw()
    a, b = _plot_axes(fig)
    assert a.get_ylim() != b.get_ylim()


def test_input_validation(brent: pd.Series) -> None:
    with pytest.raises(ValueError, match="outside the data"):
        plot_price(brent, pd.Timestamp("2024-01-01"), event_label="x", title="t", subtitle="s", source="x")
    with pytest.raises(TypeError):
        plot_price(brent.to_numpy(), EVENT, event_label="x", title="t", subtitle="s", source="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        plot_ar([1, 2], [1.0], title="t", subtitle="s", source="x")
    with pytest.raises(ValueError, match="n_events"):
        plot_caar([0, 1], [0, 1], [0, 0], [1, 1], n_events=0, title="t", subtitle="s", source="x")


def test_other_frames_render_inside(brent: pd.Series, tmp_path: Path) -> None:
    for frame in (web_s(), web_l(), print_(2), social()):
        fig = _seed(brent, frame)
        fig.canvas.draw()
        assert to_hex(fig.get_facecolor()) == frame.background.lower()
        W, H = fig.bbox.width, fig.bbox.height
        for t in fig.findobj(Text):
            if t.get_visible() and t.get_text():
                e = t.get_window_extent()
                assert e.x0 >= -0.5 and e.x1 <= W + 0.5 and e.y0 >= -0.5 and e.y1 <= H + 0.5, (frame.preset, t)
        out = save(fig, tmp_path / frame.preset, formats=("png",))
        with Image.open(out["png"]) as im:
            w, h = im.size
        # matplotlib truncates fractional canvas sizes (print frames are not whole px)
        assert abs(w - frame.width_px * 2) < 1 and abs(h - frame.height_px * 2) < 1


# --------------------------------------------------------------------------- ticks and numbers
def test_number_format() -> None:
    assert format_number(1234.5, 1) == "1,234.5"
    assert format_number(-2.3, 1) == "\u22122.3"
    assert format_number(0.0, 2) == "0"
    assert format_number(3, 0, signed=True) == "+3"
    ticks = nice_ticks(-0.37, 0.42)
    assert 4 <= len(ticks) <= 7 and ticks[0] <= -0.37 and ticks[-1] >= 0.42
    d = tick_decimals(ticks)
    assert len({len(format_number(t, d).split(".")[-1]) for t in ticks if t != 0}) == 1
    assert tick_decimals([0, 5, 10]) == 0 and tick_decimals([0, 0.5, 1]) == 1 and tick_decimals([0, 0.25]) == 2
    assert 0 in nice_ticks(3, 7, include_zero=True)


def test_month_and_year_ticks() -> None:
    _, labels, _ = date_ticks(pd.Timestamp("2024-11-15"), pd.Timestamp("2025-06-30"))
    assert labels[0] == "Dec 2024" and "Jan 2025" in labels and "Feb" in labels
    _, labels, _ = date_ticks(pd.Timestamp("2010-01-01"), pd.Timestamp("2025-06-30"))
    assert labels[0] == "2010" and all(len(s) in (2, 4) for s in labels)


# --------------------------------------------------------------------------- saving
def test_save_png_svg_pdf(seed_fig: Figure, tmp_path: Path) -> None:
    out = save(seed_fig, tmp_path / "charts" / "price", formats=("png", "svg", "pdf"))
    assert set(out) == {"png", "svg", "pdf"}
    with Image.open(out["png"]) as im:
        assert im.size == (1400, 1000)
        meta = im.text
    assert meta.get("Description", "").startswith("Line chart of Brent crude futures")
    assert json.loads(meta["Frame"])["preset"] == "webM"
    assert meta["Title"] == "Brent fell after the Trump-Putin call"
    svg = out["svg"].read_text()
    assert "<svg" in svg and "Brent fell after the Trump-Putin call" in svg and "Frame:" in svg
    assert out["pdf"].read_bytes()[:4] == b"%PDF"
    # atomic: nothing but the three outputs in the folder
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == ["price.pdf", "price.png", "price.svg"]


@pytest.mark.parametrize("kind", ["price", "ar", "car", "caar", "multiples", "print", "social"])
def test_save_in_one_draw_writes_what_two_draws_write(brent: pd.Series, tmp_path: Path, kind: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``save`` runs the frame layout at the start of its one draw instead of letting ``savefig``
    draw the whole figure once more only to lay it out: the same PNG, SVG and PDF bytes as
    matplotlib's own two draws (SVG ids are random per save: numbered in order before comparing)."""
    import re

    from marketimpact.charts.frame import _INFO, FrameLayout, _metadata, style_context

    def make() -> Figure:
        if kind in ("print", "social"):
            return _seed(brent, print_(2) if kind == "print" else social())
        return _seed(brent) if kind == "price" else _all_figures(brent)[kind]

    def ids(b: bytes) -> bytes:
        found: dict[bytes, bytes] = {}
        return re.sub(rb"\b[mp][0-9a-f]{10}\b", lambda m: found.setdefault(m.group(0), b"id%d" % len(found)), b)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the SVG and PDF dates
    fig = make()
    one = save(fig, tmp_path / "one", formats=("png", "svg", "pdf"))
    assert isinstance(fig.get_layout_engine(), FrameLayout)  # put back after the save
    fig = make()
    frame = frame_of(fig)
    for fmt, path in one.items():
        two = tmp_path / f"two.{fmt}"
        with style_context(frame):
            fig.savefig(two, format=fmt, dpi=frame.dpi * (2 if fmt == "png" else 1), facecolor=fig.get_facecolor(),
                        metadata=_metadata(fmt, frame, _INFO[fig]["description"]))
        assert ids(path.read_bytes()) == ids(two.read_bytes()), fmt


def test_save_rejects_unknown_format(seed_fig: Figure, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        save(seed_fig, tmp_path / "x", formats=("gif",))
    assert list(tmp_path.iterdir()) == []


def test_image_regression_seed(brent: pd.Series, tmp_path: Path) -> None:
    fig = _seed(brent)
    actual = save(fig, tmp_path / "price_seed", formats=("png",))["png"]
    if not BASELINE.exists():
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(actual, BASELINE)
        pytest.skip(f"baseline image did not exist; generated {BASELINE}; rerun to compare")
    result = compare_images(str(BASELINE), str(actual), tol=5)
    assert result is None, result
