"""Turn results into chart inputs (the charts themselves never see result objects)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .instruments import find_instrument

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import Analysis


def _money(unit: str | None, value: float) -> str:
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
            parts.append(f"to {_money(c.unit, c.level)}")
            who = an.article.publisher or "Article"
            claim_label = f"{who}: {' '.join(parts)}"
            claim_level = c.level
            settle = check.close
        unit = inst.unit if inst else ""
        subtitle = kwargs.pop("subtitle", None) or f"{name} ({_unit_words(unit)})"
        title = kwargs.pop("title", None) or _price_title(an)
        return charts.plot_price(
            close, day0, event_label=kwargs.pop("event_label_short", None) or label, title=title, subtitle=subtitle,
            source=source, claim_level=claim_level, claim_label=claim_label, settle=settle, **kwargs,
        )
    f = st.frame
    if kind == "ar":
        return charts.plot_ar(
            f["rel_day"], f["ar"].to_numpy() * 100,
            title=kwargs.pop("title", None) or f"{name}: daily abnormal returns around the event",
            subtitle=kwargs.pop("subtitle", None) or f"Abnormal {st.return_kind} return vs {st.fitted.name} model (%)",
            source=source, **kwargs,
        )
    if kind == "car":
        mask = f["rel_day"] >= st.window.start
        car = f["car"].to_numpy()
        var = np.array([st.ar_cov[: i + 1, : i + 1].sum() for i in range(len(f))])
        from scipy import stats

        q = stats.t(st.fitted.dof).ppf(0.975)
        lo, hi = car - q * np.sqrt(var), car + q * np.sqrt(var)
        return charts.plot_car(
            f.loc[mask, "rel_day"], car * 100, lo * 100, hi * 100,
            title=kwargs.pop("title", None) or f"{name}: cumulative abnormal return",
            subtitle=kwargs.pop("subtitle", None) or f"CAR from day {st.window.start:+d}, % (95% confidence interval shaded)",
            source=source, **kwargs,
        )
    raise ValueError(f"unknown chart kind {kind!r}; use price, ar or car")


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
    name = (inst.name.split(" ")[0] if inst else st.ticker)
    r0 = float(st.frame.set_index("rel_day").loc[0, "ret"])
    move = np.expm1(r0) if st.return_kind == "log" else r0
    verb = "fell" if move < 0 else "rose"
    label = an.article.metadata.get("label") if an.article.metadata else None
    when = f"the day of the {label}" if label else f"{st.event_time.day0:%-d %B %Y}"
    return f"{name} {verb} {abs(move):.1%} on {when}"


def report_frame(an: Analysis) -> pd.DataFrame:
    """Tests as a tidy frame (used by the HTML report and notebooks)."""
    return an.study.tests_frame()
