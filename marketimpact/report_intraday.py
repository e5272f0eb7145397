"""Turn intraday results into chart inputs (the charts never see result objects)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import ConfigurationError
from .instruments import find_instrument
from .report import _unit_words
from .report import money as _money

if TYPE_CHECKING:  # pragma: no cover
    from .analysis_intraday import IntradayAnalysis
    from .study.intraday import IntradayStudyResult


def _bar_words(interval: str) -> str:
    return "hourly bars" if interval in ("1h", "60m") else f"{interval[:-1]}-minute bars"


def _zone_words(zone: str) -> str:
    return {"America/New_York": "New York time", "Europe/London": "London time", "UTC": "UTC",
            "America/Chicago": "Chicago time"}.get(zone, zone)


def study_figure(res: IntradayStudyResult, kind: str = "intraday-car", *, source: str | None = None,
                 publisher: str | None = None, **kwargs: Any):
    """FT-style figure of an :class:`~marketimpact.study.IntradayStudyResult`.

    ``intraday-car``: CAR against the clock with its 95 % band; ``intraday``: the closes of
    the event's local day up to the end of the event window.
    """
    from scipy import stats

    from . import charts

    inst = find_instrument(res.ticker)
    name = inst.name if inst else res.ticker
    zone = res.display_zone
    src = source or f"Source: Yahoo Finance via yfinance, {_bar_words(res.interval)}"
    at = res.bar_zero.announced_at
    label = kwargs.pop("event_label", None) or f"{res.label or 'Announcement'}, {at.tz_convert(zone):%H:%M}"
    if kind == "intraday-car":
        f = res.frame
        car = f["car"].to_numpy()
        var = np.array([res.ar_cov[: i + 1, : i + 1].sum() for i in range(len(f))])
        q = stats.t(res.dof).ppf(0.975)
        return charts.plot_intraday_car(
            f["bar_start"], car * 100, (car - q * np.sqrt(var)) * 100, (car + q * np.sqrt(var)) * 100, at, zone=zone,
            title=kwargs.pop("title", None) or f"{name}: abnormal return after the announcement",
            subtitle=kwargs.pop("subtitle", None)
            or f"Cumulative abnormal return from bar {res.window.start:+d}, % ({_bar_words(res.interval)}, "
               f"{_zone_words(zone)})".replace("-", "\u2212", 1),
            source=src, event_label=label, **kwargs,
        )
    if kind == "intraday":
        return _price(res, res.path if res.path is not None else res.frame.set_index("bar_start")["close"], label,
                      src, None, publisher, **kwargs)
    raise ConfigurationError(f"unknown intraday chart kind {kind!r}; use intraday or intraday-car")


def _price(res: Any, close: pd.Series, label: str, source: str, check: Any, publisher: str | None, **kwargs: Any):
    from . import charts

    inst = find_instrument(res.ticker)
    name = inst.name if inst else res.ticker
    zone = res.display_zone
    fmt = {"USD": "${:,.2f}", "EUR": "€{:,.2f}", "GBP": "£{:,.2f}"}.get(inst.currency if inst else "", "{:,.2f}")
    quote: dict[str, Any] = {}
    if check is not None and check.at is not None and check.claim.level is not None:
        c = check.claim
        parts = [f"{c.move_pct:+.1f}%".replace("-", "−")] if c.move_pct is not None else []
        parts.append(f"to {_money(c.unit, c.level)}")
        quote = {"quote_at": check.at, "quote_level": c.level, "quote_label": f"{publisher or 'Article'}: {' '.join(parts)}"}
    unit = inst.unit if inst else ""
    return charts.plot_intraday(
        close, res.bar_zero.announced_at, zone=zone, event_label=label,
        title=kwargs.pop("title", None) or f"{name} around the announcement",
        subtitle=kwargs.pop("subtitle", None)
        or f"{name} ({_unit_words(unit)}), {_bar_words(res.interval)}, {_zone_words(zone)}",
        source=source, sentence=kwargs.pop("sentence", None) or res.evidence or None,
        value_fmt=kwargs.pop("value_fmt", fmt), **quote, **kwargs,
    )


def intraday_figure(ia: IntradayAnalysis, kind: str = "intraday", **kwargs: Any):
    """FT-style intraday figure of an :class:`~marketimpact.analysis_intraday.IntradayAnalysis`.

    ``intraday``: the asset's price over the event's local day (in the event's zone), the
    announcement line with its source sentence, and the article's quote ringed at the minute
    it was written (when that is known); ``intraday-car``: CAR against the clock.
    """
    res = ia.intraday
    publisher = ia.article.publisher
    replay = f" (replayed recording: {ia.replayed_from})" if ia.replayed_from else ""
    source = kwargs.pop("source", None) or f"Source: Yahoo Finance via yfinance, {_bar_words(res.interval)}{replay}"
    if kind == "intraday-car":
        return study_figure(res, kind, source=source, **kwargs)
    if kind != "intraday":
        raise ConfigurationError(f"unknown intraday chart kind {kind!r}; use intraday or intraday-car")
    zone = res.display_zone
    bars = ia.prices[res.ticker]["close"]
    idx = pd.DatetimeIndex(bars.index).tz_convert(zone)
    day0 = res.bar_zero.announced_at.tz_convert(zone).normalize()
    check = next((c for c in ia.claim_checks_at if c.claim.ticker == res.ticker and c.at is not None
                  and c.claim.level is not None), None)
    last = max([res.frame["bar_start"].iloc[-1]] + ([check.at] if check is not None else [])).tz_convert(zone)
    end = max(last + pd.Timedelta(hours=1), min(day0 + pd.Timedelta(days=1), last + pd.Timedelta(hours=4)))
    close = bars[(idx >= day0) & (idx < end)]
    at = res.bar_zero.announced_at.tz_convert(zone)
    label = kwargs.pop("event_label", None) or f"{res.label or 'Announcement'}, {at:%H:%M}"
    return _price(res, close, label, source, check, publisher, **kwargs)
