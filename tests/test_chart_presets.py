"""Every chart kind in every FT frame preset is clean: no text outside the frame, no two texts
overlapping (title, subtitle, event label, callout, tick labels, panel labels, source), and the
drawn PNG has the preset's size. Small frames get what they can hold: wrapped titles and
callouts, fewer small-multiples columns, or a clear error naming the fix."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from matplotlib.text import Text
from PIL import Image

import marketimpact as mi
from marketimpact import charts
from marketimpact.errors import ConfigurationError

PRESETS = {"web_s": charts.web_s, "web_m": charts.web_m, "web_l": charts.web_l, "print": charts.print_,
           "social": charts.social}
KINDS = ("price", "ar", "car", "caar", "small-multiples")
CALL = mi.Event("call", dt.date(2025, 2, 12), "America/New_York", "minute", dt.time(12, 7))


@pytest.fixture(scope="module")
def results(root):
    an = mi.analyze(root / "data" / "articles" / "2025-02-12_ft_trump_putin_brent.md")
    ops = pd.read_csv(root / "data" / "events" / "opec_decisions.csv").assign(ticker="BZ=F")
    return {
        "an": an,
        "opec": mi.event_study(ops, tests=["cs_t"]),
        "nine": mi.cross_asset_study(CALL, ["BZ=F", "CL=F", "TTF=F", "GC=F", "^GSPC", "DX-Y.NYB", "ITA", "LMT", "RTX"]),
        "four": mi.cross_asset_study(CALL, ["BZ=F", "TTF=F", "GC=F", "ITA"]),
    }


def _figure(results, kind: str, preset: str):
    frame = PRESETS[preset]()
    if kind in ("price", "ar", "car"):
        return results["an"].plot(kind, frame=frame)
    if kind == "caar":
        return mi.plot(results["opec"], "caar", frame=frame)
    big = preset in ("web_m", "web_l")
    return mi.plot(results["nine" if big else "four"], frame=frame)


def _problems(fig) -> list[str]:
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    W, H = fig.bbox.width, fig.bbox.height
    boxes = [(t.get_text(), t.get_window_extent(r)) for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    out = [f"outside: {s!r}" for s, b in boxes if b.x0 < -0.5 or b.y0 < -0.5 or b.x1 > W + 0.5 or b.y1 > H + 0.5]
    for i, (s1, b1) in enumerate(boxes):
        for s2, b2 in boxes[i + 1:]:
            w = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
            h = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
            if w > 1 and h > 1:  # more than a pixel of ink box in common
                out.append(f"overlap: {s1!r} / {s2!r} ({w:.0f} x {h:.0f} px)")
    return out


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_in_every_preset_is_clean(results, kind, preset):
    fig = _figure(results, kind, preset)
    assert _problems(fig) == []
    frame = charts.frame_of(fig)
    png = Image.open(io.BytesIO(fig._repr_png_()))
    assert png.size[0] == pytest.approx(frame.width_px, abs=1) and png.size[1] == pytest.approx(frame.height_px, abs=1)
    assert len(png.convert("RGB").getcolors(maxcolors=1 << 20)) > 50  # something was drawn besides the background


def test_web_s_wraps_the_title_and_the_callout(results):
    fig = results["an"].plot("price", frame=charts.web_s())
    frame = charts.frame_of(fig)
    assert frame.title_lines() == ["Brent fell 2.4% on the day of the", "Trump–Putin call"]
    callout = next(t for t in fig.findobj(Text) if t.get_gid() == "event-callout")
    assert callout.get_text() == "Financial Times:\n−2.3% to $75.25\nsettle $75.18"


def test_social_keeps_the_event_label_below_the_subtitle(results):
    fig = results["an"].plot("price", frame=charts.social())
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    by_gid = {t.get_gid(): t.get_window_extent(r) for t in fig.findobj(Text) if t.get_gid()}
    assert by_gid["event-label"].y1 < by_gid["subtitle-0"].y0  # display y grows upwards


def test_too_many_panels_for_a_small_frame_is_a_clear_error(results):
    with pytest.raises(ConfigurationError, match="9 panels do not fit the webS frame; choose fewer assets"):
        mi.plot(results["nine"], frame=charts.web_s())
