"""Turn results into chart inputs (the charts themselves never see result objects)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import ConfigurationError
from .instruments import find_instrument

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import Analysis


def money(unit: str | None, value: float) -> str:
    if unit and unit.startswith("USD"):
        return f"${value:,.2f}"
    if unit and unit.startswith("EUR"):
        return f"€{value:,.2f}"
    return f"{value:,.2f}"


def figure_for(an: Analysis, kind: str = "price", **kwargs: Any):
    """FT-style Figure for an :class:`~marketimpact.analysis.Analysis` (price, ar or car)."""
    from . import charts

    st = an.study
    inst = find_instrument(st.ticker)
    name = inst.name if inst else st.ticker
    prov = an.prices.provenance.get(st.ticker, {})
    source = kwargs.pop("source", None) or _source_line(prov, st.ticker)
    day0 = st.event_time.day0
    label = kwargs.pop("event_label", None) or f"{event_label(an)}, {day0:%-d %b}"
    if kind == "price":
        bars = an.prices[st.ticker]
        lo = bars.index.searchsorted(day0) - 16
        hi = bars.index.searchsorted(day0) + 17
        close = bars["close"].iloc[max(lo, 0) : hi]
        check = next((c for c in an.claim_checks if c.claim.ticker == st.ticker and c.claim.level is not None), None)
        claim_label = settle = claim_level = None
        if check is not None:
            c = check.claim
            parts = []
            if c.move_pct is not None:
                parts.append(f"{c.move_pct:+.1f}%".replace("-", "−"))
            parts.append(f"to {money(c.unit, c.level)}")
            who = an.article.publisher or "Article"
            claim_label = f"{who}: {' '.join(parts)}"
            claim_level = c.level
            settle = check.close
        unit = inst.unit if inst else ""
        subtitle = kwargs.pop("subtitle", None) or f"{name} ({_unit_words(unit)})"
        title = kwargs.pop("title", None) or _price_title(an)
        fmt = {"USD": "${:,.2f}", "EUR": "€{:,.2f}", "GBP": "£{:,.2f}"}.get(inst.currency if inst else "", "{:,.2f}")
        if inst and inst.unit.endswith("per EUR"):
            fmt = "{:,.4f}"
        kwargs.setdefault("value_fmt", fmt)
        return charts.plot_price(
            close, day0, event_label=kwargs.pop("event_label_short", None) or label, title=title, subtitle=subtitle,
            source=source, claim_level=claim_level, claim_label=claim_label, settle=settle, **kwargs,
        )
    if kind in ("ar", "car"):
        return _single_figure(st, kind, source, **kwargs)
    raise ConfigurationError(f"unknown chart kind {kind!r}; use price, ar or car")


def plot(result: Any, kind: str | None = None, **kwargs: Any):
    """FT-style Figure for any marketimpact result.

    ============================  ==========================================
    result                        kinds (first is the default)
    ============================  ==========================================
    Analysis (``analyze``)        "price", "ar", "car"
    EventStudyResult              "car", "ar"
    MultiEventResult              "caar", "aar"
    CrossAssetResult              "small-multiples"
    IntradayAnalysis              "intraday", "intraday-car", daily kinds
    IntradayStudyResult           "intraday-car", "intraday"
    ============================  ==========================================

    Keyword arguments (title, subtitle, source, frame …) override the defaults.
    """
    from .analysis import Analysis, CrossAssetResult
    from .study.result import MultiEventResult
    from .study.single import EventStudyResult

    if isinstance(result, Analysis):
        return figure_for(result, kind or "price", **kwargs)
    if isinstance(result, EventStudyResult):
        return _single_figure(result, kind or "car", kwargs.pop("source", None) or f"{result.ticker}", **kwargs)
    if isinstance(result, MultiEventResult):
        return _multi_figure(result, kind or "caar", **kwargs)
    if isinstance(result, CrossAssetResult):
        return _cross_asset_figure(result, **kwargs)
    from .analysis_intraday import IntradayAnalysis
    from .study.intraday import IntradayStudyResult

    if isinstance(result, IntradayAnalysis):
        return result.plot(kind or "intraday", **kwargs)
    if isinstance(result, IntradayStudyResult):
        from .report_intraday import study_figure

        return study_figure(result, kind or "intraday-car", **kwargs)
    raise TypeError(f"cannot plot a {type(result).__name__}")


def _single_figure(st: Any, kind: str, source: str, **kwargs: Any):
    from scipy import stats

    from . import charts

    inst = find_instrument(st.ticker)
    name = inst.name if inst else st.ticker
    f = st.frame
    if kind == "ar":
        return charts.plot_ar(
            f["rel_day"], f["ar"].to_numpy() * 100,
            title=kwargs.pop("title", None) or f"{name}: daily abnormal returns around the event",
            subtitle=kwargs.pop("subtitle", None) or f"Abnormal {st.return_kind} return vs {st.fitted.name} model (%)",
            source=source, **kwargs,
        )
    if kind == "car":
        car = f["car"].to_numpy()
        var = np.array([st.ar_cov[: i + 1, : i + 1].sum() for i in range(len(f))])
        q = stats.t(st.fitted.dof).ppf(0.975)
        lo, hi = car - q * np.sqrt(var), car + q * np.sqrt(var)
        return charts.plot_car(
            f["rel_day"], car * 100, lo * 100, hi * 100,
            title=kwargs.pop("title", None) or f"{name}: cumulative abnormal return",
            subtitle=kwargs.pop("subtitle", None) or f"CAR from day {st.window.start:+d}, %".replace("-", "\u2212"),
            source=source, **kwargs,
        )
    raise ConfigurationError(f"unknown chart kind {kind!r} for a single-event result; use ar or car")


def _multi_figure(res: Any, kind: str, **kwargs: Any):
    from . import charts

    tickers = sorted({str(t) for t in res.tickers})
    source = kwargs.pop("source", None) or f"prices of {', '.join(tickers[:6])}{' …' if len(tickers) > 6 else ''}"
    if kind == "caar":
        band = res.caar_band()
        return charts.plot_caar(
            band["rel_day"], band["caar"] * 100, band["lower"] * 100, band["upper"] * 100, n_events=res.n_events,
            title=kwargs.pop("title", None) or "Average cumulative abnormal return around the events",
            subtitle=kwargs.pop("subtitle", None) or f"CAAR, % ({res.model} model; 95% cross-sectional interval)",
            source=source, **kwargs,
        )
    if kind == "aar":
        aar = res.aar()
        return charts.plot_ar(
            aar.index.to_numpy(), aar.to_numpy() * 100,
            title=kwargs.pop("title", None) or "Average abnormal return by event day",
            subtitle=kwargs.pop("subtitle", None) or f"AAR, % ({res.n_events} events)", source=source, **kwargs,
        )
    raise ConfigurationError(f"unknown chart kind {kind!r} for a multi-event result; use caar or aar")


#: Narrowest small-multiples panel (with its y labels), px: room for two end-of-axis dates.
MIN_PANEL_PX = 120


def _cross_asset_figure(res: Any, **kwargs: Any):
    from . import charts

    moves = res.cumulative_moves()
    names = {}
    for t in moves:
        inst = find_instrument(t)
        names[t] = short_name(inst.name if inst else t)
    panels = {names[t]: s for t, s in moves.items()}
    day0 = next(iter(res.results.values())).event_time.day0 if res.results else None
    n = len(panels)
    if n > 12 and "frame" not in kwargs:
        kwargs["frame"] = charts.web_l()
    title = kwargs.pop("title", None) or "Who moved on the news?"
    subtitle = kwargs.pop("subtitle", None) or "% change in the close since the session before the event"
    source = kwargs.pop("source", None) or "bundled snapshots (see data/prices/PROVENANCE.md)"
    if "ncols" in kwargs:
        return charts.plot_small_multiples(panels, day0, title=title, subtitle=subtitle, source=source, **kwargs)
    # columns: 3 (4 beyond 9 panels), fewer when the frame is too narrow for panels of MIN_PANEL_PX;
    # then more if the rows do not fit the frame's height
    frame = kwargs.get("frame") or charts.web_m()
    width = frame.plot_rect()[2]
    by_width = max(1, int((width + frame.rem) // (MIN_PANEL_PX + frame.rem)))
    first = min(3 if n <= 9 else 4, by_width, n)
    for ncols in range(first, min(by_width, n) + 1):
        try:
            return charts.plot_small_multiples(panels, day0, title=title, subtitle=subtitle, source=source,
                                               ncols=ncols, **kwargs)
        except ValueError as exc:
            if "do not fit" not in str(exc):
                raise
    raise ConfigurationError(
        f"{n} panels do not fit the {frame.preset} frame; "
        "choose fewer assets (--tickers) or a larger frame (web_m, web_l)"
    )


def short_name(name: str) -> str:
    for long, short in (("crude futures", ""), (" futures", ""), ("iShares US Aerospace & Defense ETF", "US defence ETF"),
                        ("Energy Select Sector SPDR", "US energy ETF"), ("Euro / US dollar", "Euro ($)"),
                        ("US Dollar Index", "Dollar index"), ("Dutch TTF gas", "TTF gas")):
        name = name.replace(long, short)
    return name.strip()


def _unit_words(unit: str) -> str:
    return {"USD/bbl": "$ a barrel", "USD/oz": "$ an ounce", "EUR/MWh": "€ per MWh", "USD/MMBtu": "$ per mmBtu",
            "index points": "index", "USD": "$", "percent": "%"}.get(unit, unit)


def event_label(an: Analysis, width: int = 34) -> str:
    """Short label for the event line: the article's ``label`` metadata, else its headline
    cut at a word boundary."""
    label = an.article.metadata.get("label") if an.article.metadata else None
    if label:
        return str(label)
    text = an.article.headline or an.event.description or "Event"
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + "…"


def _source_line(prov: dict, ticker: str) -> str:
    """FT-style source credit: the data vendor and the ticker."""
    if prov.get("source") == "bundled":
        from .prices.bundled import bundled_info

        vendor = bundled_info(ticker).get("vendor") or "bundled snapshot"
        return f"{vendor} ({ticker})"
    if prov.get("source") in ("yahoo", "cache"):
        return f"Yahoo Finance ({ticker})"
    return f"user data ({ticker})"


def _price_title(an: Analysis) -> str:
    st = an.study
    inst = find_instrument(st.ticker)
    name = short_name(inst.name) if inst else st.ticker
    day0 = st.frame.set_index("rel_day").loc[0]
    r0 = float(day0["ret"])
    move = np.expm1(r0) if st.return_kind == "log" else r0
    verb = "fell" if move < 0 else "rose"
    label = an.article.metadata.get("label") if an.article.metadata else None
    when = f"the day of the {label}" if label else f"{st.event_time.day0:%-d %B %Y}"
    # on a roll day the close-to-close change spans two contracts: say so, with the claim check's number
    roll = " across a contract roll" if bool(day0.get("roll_day", False)) else ""
    return f"{name} {verb} {abs(move):.1%}{roll} on {when}"


def report_frame(an: Analysis) -> pd.DataFrame:
    """Tests as a tidy frame (used by the HTML report and notebooks)."""
    return an.study.tests_frame()
