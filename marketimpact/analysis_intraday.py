"""`analyze_intraday`: the story at the minute — article → timed event → intraday bars → study → claims.

Composes the layers like :func:`~marketimpact.analysis.analyze` (which it runs too, with the
clock time, so the daily day 0 uses it): loads intraday bars for the asset and an intraday
benchmark (ES=F by default) around the announcement through the yfinance path
(:func:`~marketimpact.prices.intraday.load_intraday`), runs
:class:`~marketimpact.study.IntradayEventStudy`, and checks each claim at the time it was
written (:func:`~marketimpact.study.check_claim_at`) when that time is known.

An event known only to the day has no bar 0: it needs a clock time (``at="12:07
America/New_York"``, the CLI's ``--at``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from .analysis import Analysis, analyze, safe_stem
from .errors import ConfigurationError, DataRangeError, NetworkUnavailableError, PriceDataError
from .instruments import find_instrument
from .prices import Prices, load_prices
from .prices.intraday import interval_minutes, load_intraday, session_at, trading_periods
from .prices.yahoo import check_interval_range
from .study.claims_intraday import IntradayClaimCheck, check_claim_at
from .study.intraday import IntradayEventStudy, IntradayStudyResult
from .types import Article, Event, MarketClaim

DEFAULT_INTRADAY_BENCHMARK = "ES=F"

#: Zone words accepted by ``--at`` besides IANA names.
ZONE_ALIASES = {
    "UTC": "UTC", "GMT": "UTC", "Z": "UTC", "ET": "America/New_York", "EST": "America/New_York",
    "EDT": "America/New_York", "NY": "America/New_York", "CT": "America/Chicago", "CST": "America/Chicago",
    "CDT": "America/Chicago", "BST": "Europe/London", "LONDON": "Europe/London", "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
}

AT_HELP = "'HH:MM Area/City' (e.g. '12:07 America/New_York'), 'YYYY-MM-DD HH:MM Area/City', or ISO-8601 with an offset"

_AT = re.compile(r"^\s*(?:(?P<date>\d{4}-\d{2}-\d{2})[ T])?(?P<h>\d{1,2}):(?P<m>\d{2})\s+(?P<zone>\S+)\s*$")


def _zone(name: str) -> str:
    z = ZONE_ALIASES.get(name.upper(), name)
    try:
        ZoneInfo(z)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(f"unknown time zone {name!r} in the clock time; use an IANA name such as "
                                 "America/New_York or Europe/London") from None
    return z


def parse_at(text: str | dt.datetime, day: dt.date | None = None) -> dt.datetime:
    """A tz-aware instant from ``text`` (see :data:`AT_HELP`); ``day`` supplies a missing date.

    Raises
    ------
    ConfigurationError
        Not one of the accepted forms, an unknown zone, an impossible clock time, or no date.
    """
    if isinstance(text, dt.datetime):
        if text.tzinfo is None:
            raise ConfigurationError(f"clock time {text} has no time zone; use {AT_HELP}")
        return text
    m = _AT.match(str(text))
    if m is None:
        try:
            ts = dt.datetime.fromisoformat(str(text).strip())
        except ValueError:
            raise ConfigurationError(f"cannot read the clock time {text!r}; use {AT_HELP}") from None
        if ts.tzinfo is None:
            raise ConfigurationError(f"clock time {text!r} has no time zone; use {AT_HELP}")
        return ts
    h, mi = int(m["h"]), int(m["m"])
    if h > 23 or mi > 59:
        raise ConfigurationError(f"{m['h']}:{m['m']} is not a clock time")
    if m["date"]:
        try:
            d = dt.date.fromisoformat(m["date"])
        except ValueError:
            raise ConfigurationError(f"{m['date']} is not a date") from None
    elif day is not None:
        d = day
    else:
        raise ConfigurationError(f"clock time {text!r} needs a date (YYYY-MM-DD HH:MM Area/City)")
    return dt.datetime.combine(d, dt.time(h, mi), tzinfo=ZoneInfo(_zone(m["zone"])))


def event_at(event: Event, at: str | dt.datetime | None) -> Event:
    """``event`` with the clock time ``at`` (minute precision, zone from ``at``), or as is when
    it already has one.

    Raises
    ------
    ConfigurationError
        The event is known to the day only and no ``at`` is given: an intraday window
        needs a clock time.
    """
    if at is None:
        if event.time is None or event.precision == "day":
            raise ConfigurationError(
                f"the event is known to the day only ({event.local_date}, no clock time in the text): an intraday "
                f"window needs a clock time; pass --at 'HH:MM Area/City' (e.g. --at '12:07 America/New_York')"
            )
        return event
    instant = parse_at(at, event.local_date)
    zone = getattr(instant.tzinfo, "key", None) or "UTC"
    local = instant.astimezone(ZoneInfo(zone))
    return dataclasses.replace(
        event, local_date=local.date(), time=local.time().replace(second=0, microsecond=0), timezone=zone,
        precision="minute", earliest=instant, latest=instant, timezone_source="user",
    )


def claim_time(claim: MarketClaim, article: Article, event: Event) -> tuple[dt.datetime | None, str]:
    """When ``claim`` was written: a clock time in its own sentence, else the article's
    publication time when it has one; ``(None, "")`` otherwise."""
    from .extract.dates import find_times

    times = [t for t in find_times(claim.evidence or "") if not t.deadline]
    if times:
        t = times[0]
        zone = t.timezone or event.timezone or article.timezone or "UTC"
        day = claim.session or event.local_date
        return dt.datetime.combine(day, t.time, tzinfo=ZoneInfo(zone)), "sentence"
    pub = article.published
    if isinstance(pub, dt.datetime) and pub.tzinfo is not None:
        return pub, "published"
    return None, ""


def _fetch_span(ticker: str, at: pd.Timestamp, spec: IntradayEventStudy) -> tuple[dt.date, dt.date]:
    """Local (exchange) dates covering the estimation and event windows around ``at``."""
    inst = find_instrument(ticker)
    zone = inst.timezone if inst else "UTC"
    per = trading_periods(ticker, (at - pd.Timedelta(days=120)).tz_localize(None), at.tz_localize(None))
    need = pd.Timedelta(minutes=(-spec.estimation.start + 2) * spec.minutes_per_bar) * 1.05
    got = pd.Timedelta(0)
    first = at
    for o, c in zip(per["open"][::-1], per["close"][::-1], strict=True):
        if o >= at:
            continue
        got += min(c, at) - o
        first = o
        if got >= need:
            break
    end = at + pd.Timedelta(minutes=(spec.window.end + 2) * spec.minutes_per_bar)
    return first.tz_convert(zone).date(), end.tz_convert(zone).date()


def _load(tickers: list[str], start: dt.date, end: dt.date, interval: str) -> Prices:
    try:
        return load_intraday(tickers, start, end, interval)
    except (DataRangeError, NetworkUnavailableError) as exc:
        try:
            check_interval_range(interval, start, end)  # beyond Yahoo's look-back: say that first
        except ConfigurationError as limit:
            raise ConfigurationError(f"{limit}; and the local price cache has no {interval} bars for "
                                     f"{', '.join(tickers)} {start}..{end}") from None
        raise type(exc)(f"{exc}; intraday bars needed {start}..{end}") from None


@dataclass
class IntradayAnalysis:
    """The daily analysis plus the intraday study and the claims checked at the time of writing."""

    daily: Analysis
    intraday: IntradayStudyResult
    claim_checks_at: list[IntradayClaimCheck]
    prices: Prices
    event: Event
    replayed_from: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def article(self) -> Article:
        return self.daily.article

    def summary(self) -> str:
        return self.daily.summary() + "\n\n" + self.intraday.summary()

    def __str__(self) -> str:
        return self.summary()

    def to_frame(self) -> pd.DataFrame:
        return self.intraday.to_frame()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "marketimpact.intraday_analysis/1",
            "event": self.event.to_dict(),
            "daily": self.daily.to_dict(),
            "intraday": self.intraday.to_dict(),
            "claims_at_time_of_writing": [c.to_dict() for c in self.claim_checks_at],
            "intraday_prices": {**self.prices.provenance, **({"replayed_from": self.replayed_from}
                                                            if self.replayed_from else {})},
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)

    def _repr_html_(self) -> str:
        return self.daily._repr_html_() + self.intraday._repr_html_()

    def plot(self, kind: str = "intraday", **kwargs: Any):  # -> matplotlib Figure
        """``intraday`` (price against the clock), ``intraday-car``, or a daily kind (price, ar, car)."""
        from .report_intraday import intraday_figure

        if kind in ("intraday", "intraday-car"):
            return intraday_figure(self, kind, **kwargs)
        return self.daily.plot(kind, **kwargs)

    def save(self, out_dir: str | Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
        """Daily files (price chart, JSON) plus the intraday price and CAR charts and the full JSON."""
        from ._io import OutputSet
        from .charts import save as save_figure

        out = Path(out_dir)
        stem = safe_stem(f"{self.event.event_id}_{self.intraday.ticker}_{self.intraday.interval}")
        with OutputSet() as files:  # the daily and intraday files replace the previous set together
            written = self.daily.save(out, formats=formats, outputs=files)
            for kind in ("intraday", "intraday-car"):
                written += list(save_figure(self.plot(kind), out / f"{stem}_{kind.replace('-', '_')}",
                                            formats=formats, outputs=files).values())
            written.append(files.write(out / f"{stem}_intraday.json", self.to_json()))
        return written


def _bases(ticker: str, at: pd.Timestamp, bars: pd.DataFrame) -> dict[str, Any]:
    """Previous settle and session open for a quote at ``at`` (``{}`` parts when unknown)."""
    out: dict[str, Any] = {}
    sess = session_at(ticker, at)
    if sess is None:
        return out
    label, first_open, _ = sess
    try:
        daily = load_prices(ticker)[ticker]
    except (PriceDataError, ConfigurationError):
        daily = None
    if daily is not None and len(daily):
        prev = daily.loc[daily.index < label]
        if len(prev):
            out["previous_settle"] = float(prev["close"].iloc[-1])
            out["previous_settle_label"] = f"settle {prev.index[-1]:%-d %b}"
    idx = pd.DatetimeIndex(bars.index).tz_convert("UTC")
    first = bars[(idx >= first_open) & (idx <= at)]
    if len(first) and "open" in first:
        inst = find_instrument(ticker)
        zone = inst.timezone if inst else "UTC"
        out["session_open"] = float(first["open"].iloc[0])
        out["session_open_label"] = f"open {pd.DatetimeIndex(first.index)[0].tz_convert(zone):%-d %b %H:%M %Z}"
    return out


def analyze_intraday(
    article: str | Path | Article,
    at: str | dt.datetime | None = None,
    *,
    interval: str = "5m",
    ticker: str | None = None,
    benchmark: str | None = "^GSPC",
    intraday_benchmark: str | None = DEFAULT_INTRADAY_BENCHMARK,
    model: str = "market",
    estimation: tuple[int, int] = (-1000, -13),
    window: tuple[int, int] = (-6, 12),
    car_windows: list[tuple[int, int]] | None = None,
    seasonality: bool = False,
    bucket_minutes: int = 30,
    basis: str | None = None,
    lookback_minutes: int = 0,
    published: Any = None,
    timezone: str | None = None,
    prices: Prices | None = None,
    daily_prices: Prices | pd.DataFrame | None = None,
) -> IntradayAnalysis:
    """Run the story at the minute for one article.

    Parameters
    ----------
    article : path, text or Article
    at : str or datetime, optional
        The announcement's clock time when the text has none: ``"12:07 America/New_York"``
        (the event's date), ``"2025-02-12 12:07 America/New_York"`` or ISO-8601 with an offset.
    interval : str
        Bar length: ``1m 2m 5m 15m 30m 1h 90m`` (Yahoo: 1m for 30 days back, at most 7 days a
        request; 2m–90m for 60 days; 1h for 730 days).
    ticker, benchmark : str, optional
        Asset (default: the article's first claim) and the *daily* benchmark.
    intraday_benchmark : str, optional
        Intraday benchmark for the market model (default ES=F, E-mini S&P 500 futures, which
        trade nearly around the clock like oil futures).
    model : {"market", "constant-mean"}
        Intraday model; the daily study uses the same name.
    estimation, window, car_windows, seasonality, bucket_minutes
        See :class:`~marketimpact.study.IntradayEventStudy` (windows in bars).
    basis, lookback_minutes
        See :func:`~marketimpact.study.check_claim_at`.
    prices : Prices, optional
        Your own intraday bars (tz-aware bar starts); default: cache/Yahoo.
    daily_prices : Prices or DataFrame, optional
        Your own daily prices for the daily part.

    Raises
    ------
    ConfigurationError
        No clock time for a day-precision event, an unreadable ``at``, an interval or range
        Yahoo cannot serve.
    """
    if model not in ("market", "constant-mean"):
        raise ConfigurationError(f"intraday model {model!r} is not available; use market or constant-mean")
    spec = IntradayEventStudy(
        model if intraday_benchmark or model == "constant-mean" else "constant-mean",
        interval=interval, estimation=estimation, window=window, car_windows=car_windows,
        seasonality=seasonality, bucket_minutes=bucket_minutes,
    )
    daily = analyze(article, ticker=ticker, benchmark=benchmark, model=model, published=published,
                    timezone=timezone, prices=daily_prices, at=at)
    event = event_at(daily.event, None)  # a day-precision event without ``at`` stops here
    tick = daily.study.ticker
    instant = pd.Timestamp(event.announced_at).tz_convert("UTC")
    bench = intraday_benchmark if spec.model == "market" else None
    from .prices.recorded import active_replay

    replay = active_replay()
    if prices is None:
        start, end = _fetch_span(tick, instant, spec)
        prices = _load([tick, *([bench] if bench else [])], start, end, interval)
    label = str(daily.article.metadata.get("label") or "") if daily.article.metadata else ""
    result = spec.run(instant, prices, tick, bench, display_zone=event.timezone, label=label,
                      evidence=event.evidence)
    checks: list[IntradayClaimCheck] = []
    minutes = interval_minutes(interval)
    for c in daily.claims:
        if not c.ticker:
            continue
        when, source = claim_time(c, daily.article, event)
        bars = prices.bars.get(c.ticker)
        if when is not None and bars is None:
            try:
                span = _fetch_span(c.ticker, pd.Timestamp(when).tz_convert("UTC"), spec)
                bars = _load([c.ticker], *span, interval)[c.ticker]
            except (PriceDataError, ConfigurationError):
                bars = None
        extra = _bases(c.ticker, pd.Timestamp(when).tz_convert("UTC"), bars) if when is not None and bars is not None else {}
        checks.append(check_claim_at(
            c, bars, when, bar_minutes=minutes, at_source=source, zone=event.timezone,
            basis=basis, lookback_minutes=lookback_minutes, **extra,  # type: ignore[arg-type]
        ))
    result.claim_checks = checks
    notes = []
    if replay is not None:
        notes.append(f"intraday bars replayed from recorded Yahoo responses in {replay}")
        result.warnings.append(notes[-1])
    return IntradayAnalysis(daily, result, checks, prices, event, str(replay) if replay else None, notes)


__all__ = ["AT_HELP", "IntradayAnalysis", "analyze_intraday", "claim_time", "event_at", "parse_at"]
