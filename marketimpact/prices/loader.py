"""`load_prices`: one call that finds prices in the bundled snapshots, the cache or on Yahoo.

Order for ``source="auto"``: the bundled snapshot when it covers the range (daily
only); else the user cache when its recorded complete ranges cover it; else Yahoo
Finance for the missing span (the result is merged into the cache); else a
:class:`DataRangeError` naming the missing ranges per ticker.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._typing import DateLike
from ..errors import (
    ChecksumMismatchError,
    ConfigurationError,
    DataRangeError,
    InvalidTickerError,
    MarketImpactWarning,
    NetworkUnavailableError,
    PriceDataError,
    UnknownTickerError,
)
from ..instruments import validate_ticker
from . import cache
from .bundled import bundled_info, bundled_tickers, load_bundled
from .calendars import _day, last_complete_day, sessions
from .frame import Prices
from .yahoo import FetchResult, download_frames, normalize_interval, offline, raise_for

Source = Literal["auto", "bundled", "cache", "yahoo"]
SOURCES = ("auto", "bundled", "cache", "yahoo")

#: Expected sessions that may be absent at each edge of a Yahoo response without
#: calling it partial: exchange calendars and Yahoo disagree on single days (CME
#: "sessions" on US holidays have no settlement, hence no BZ=F/CL=F row).
EDGE_TOLERANCE = 1


def to_date(value: DateLike, name: str = "date") -> dt.date:
    """Parse a date-like value into a ``datetime.date`` with a clear error."""
    return _day(value, name).date()


def _slice(df: pd.DataFrame, d0: dt.date | None, d1: dt.date | None) -> pd.DataFrame:
    """Rows from ``d0`` to ``d1`` inclusive; intraday rows by their local (index-timezone) date."""
    if df.empty:
        return df
    idx = pd.DatetimeIndex(df.index)
    days = idx.tz_localize(None).normalize() if idx.tz is not None else idx.normalize()
    mask = np.ones(len(df), dtype=bool)
    if d0 is not None:
        mask &= days >= pd.Timestamp(d0)
    if d1 is not None:
        mask &= days <= pd.Timestamp(d1)
    return df[mask]


def observed_coverage(ticker: str, frame: pd.DataFrame, start: dt.date, end: dt.date) -> list[cache.Range]:
    """The part of ``start..end`` a fetched frame covers completely, judged by the calendar.

    ``end`` is capped at yesterday (UTC) so a bar still moving today is never recorded
    as final. An edge is complete when at most :data:`EDGE_TOLERANCE` expected sessions
    are missing between it and the first/last row.
    """
    hi = min(end, last_complete_day())
    if hi < start or frame.empty:
        return []
    idx = pd.DatetimeIndex(frame.index)
    days = (idx.tz_localize(None) if idx.tz is not None else idx).normalize()
    first, last = days.min().date(), days.max().date()
    expected = sessions(ticker, start, hi)
    before = int((expected < pd.Timestamp(first)).sum())
    after = int((expected > pd.Timestamp(last)).sum())
    lo_cov = start if before <= EDGE_TOLERANCE else first
    hi_cov = hi if after <= EDGE_TOLERANCE else min(last, hi)
    return [(lo_cov, hi_cov)] if lo_cov <= hi_cov else []


def _want(d0: dt.date, d1: dt.date) -> tuple[dt.date, dt.date] | None:
    """The part of a request that can be complete today (``d1`` capped at yesterday)."""
    hi = min(d1, last_complete_day())
    return (d0, hi) if d0 <= hi else None


def _bundled(t: str, d0: dt.date | None, d1: dt.date | None, strict: bool) -> tuple[pd.DataFrame, dict] | str:
    """Bundled bars and provenance, or a string saying what they cover (``strict``: raise instead)."""
    df = load_bundled(t)
    first, last = df.index[0].date(), df.index[-1].date()
    covered = (d0 is None or d0 >= first) and (d1 is None or d1 <= last)
    if not covered:
        if strict:
            raise DataRangeError(f"bundled {t} covers {first}..{last}; requested {d0 or first}..{d1 or last}")
        return f"bundled data cover {first}..{last} only"
    info = bundled_info(t)
    prov = {
        "source": "bundled",
        "file": f"data/prices/{info['file']}",
        "title": info["title"],
        "origin": f"{info['source_repo']}:{info['source_path']}@{info['commit'][:10]}",
        "range": f"{first}..{last}",
        "interval": "1d",
    }
    return _slice(df, d0, d1), prov


def _cache_prov(entry: cache.CacheEntry, source: str, d0: Any, d1: Any) -> dict:
    return {
        "source": source,
        "file": str(entry.path),
        "fetched_at": entry.meta.get("fetched_at"),
        "yfinance_version": entry.meta.get("yfinance_version"),
        "covered": cache.format_ranges(entry.covered),
        "range": f"{d0}..{d1}",
        "interval": entry.meta.get("interval"),
        "sha256": entry.meta.get("sha256"),
    }


def _read_cache(t: str, interval: str, strict: bool) -> cache.CacheEntry | None:
    """Cache entry or ``None``; a corrupt file raises when ``strict`` (offline), else warns."""
    try:
        return cache.read_entry(t, interval)
    except ChecksumMismatchError as exc:
        if strict:
            raise
        warnings.warn(f"{exc}; fetching fresh data instead", MarketImpactWarning, stacklevel=3)
        return None


def _localize(t: str, df: pd.DataFrame, interval: str) -> pd.DataFrame:
    """Cached/fetched bars as returned to users: microsecond index like the bundled frames;
    intraday stamps (stored in UTC) shown in the instrument's exchange timezone."""
    out = df.copy()
    out.index = pd.DatetimeIndex(out.index).as_unit("us")
    if interval == "1d" or out.empty:
        return out
    from ..instruments import find_instrument

    inst = find_instrument(t)
    return out.tz_convert(inst.timezone) if inst else out


def load_prices(
    tickers: str | list[str],
    start: DateLike | None = None,
    end: DateLike | None = None,
    interval: str = "1d",
    source: Source = "auto",
) -> Prices:
    """Bars for ``tickers`` between ``start`` and ``end`` (inclusive dates).

    Parameters
    ----------
    tickers
        Yahoo-style symbols (``BZ=F``, ``^GSPC``); validated before any file or URL use.
    start, end
        Dates (``YYYY-MM-DD``). Without them the whole bundled (or cached) history is
        returned; Yahoo needs both.
    interval
        ``1d`` (index ``session``: date labels) or intraday ``1m 2m 5m 15m 30m 60m/1h 90m``
        (index ``timestamp``: tz-aware, in the instrument's exchange timezone).
    source
        ``auto`` (bundled → cache → Yahoo), or force ``bundled``, ``cache``, ``yahoo``.
        ``MARKETIMPACT_OFFLINE=1`` keeps ``auto`` off the network.

    Returns
    -------
    Prices
        Per-ticker frames (``open, high, low, close, adj_close, volume`` as available,
        float64; prices in the instrument's unit, volume in contracts/shares) and a
        provenance record per ticker: source, file, range, fetched when, checksum.

    Raises
    ------
    InvalidTickerError, UnknownTickerError, DataRangeError, NetworkUnavailableError,
    ChecksumMismatchError, ConfigurationError
    """
    try:
        names = [tickers] if isinstance(tickers, str) else list(tickers)
    except TypeError:
        raise InvalidTickerError(f"tickers must be a string or a list of strings, got {type(tickers).__name__}") from None
    if not names:
        raise ConfigurationError("no tickers given")
    names = list(dict.fromkeys(validate_ticker(t) for t in names))
    if source not in SOURCES:
        raise ConfigurationError(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
    interval = normalize_interval(interval)
    if interval != "1d" and source == "bundled":
        raise ConfigurationError(f"interval {interval!r} is not bundled (bundled data are daily)")
    d0 = to_date(start, "start") if start is not None else None
    d1 = to_date(end, "end") if end is not None else None
    if d0 and d1 and d0 > d1:
        raise ConfigurationError(f"start {d0} is after end {d1}")

    bars: dict[str, pd.DataFrame] = {}
    prov: dict[str, dict] = {}
    notes: dict[str, list[str]] = {t: [] for t in names}
    pending: dict[str, list[cache.Range]] = {}  # ticker → missing ranges
    bundled = set(bundled_tickers())
    strict_cache = source == "cache" or offline()
    for t in names:
        if source in ("auto", "bundled") and interval == "1d":
            if t in bundled:
                got = _bundled(t, d0, d1, strict=source == "bundled")
                if not isinstance(got, str):
                    bars[t], prov[t] = got
                    continue
                notes[t].append(got)
            elif source == "bundled":
                raise UnknownTickerError(f"{t} is not bundled (bundled: {', '.join(sorted(bundled))})")
        entry = _read_cache(t, interval, strict_cache) if source in ("auto", "cache") else None
        if entry is not None and (d0 is None or d1 is None):
            bars[t] = _slice(_localize(t, entry.frame, interval), d0, d1)
            prov[t] = _cache_prov(entry, "cache", d0 or "", d1 or "")
            continue
        if d0 is None or d1 is None:
            if source == "cache":
                raise UnknownTickerError(f"{t} ({interval}) is not in the price cache {cache.cache_dir()}")
            detail = "; ".join(notes[t]) or "not bundled, not cached"
            if source == "auto" and offline():
                raise DataRangeError(f"offline and no local data for the request ({t}: {detail})")
            raise ConfigurationError(f"{t}: start and end are required to fetch from Yahoo Finance ({detail})")
        want = _want(d0, d1)
        if want is None:  # only today/future asked: nothing can be complete yet, always fetch
            missing = [(d0, d1)]
        else:
            missing = cache.missing_ranges(entry.covered, *want) if entry is not None else [want]
        if entry is not None and not missing:
            bars[t] = _slice(_localize(t, entry.frame, interval), d0, d1)
            prov[t] = _cache_prov(entry, "cache", d0, d1)
            continue
        if entry is not None:
            notes[t].append(f"cache covers {cache.format_ranges(entry.covered) or 'nothing'}")
        if source == "cache":
            if entry is None:
                raise UnknownTickerError(f"{t} ({interval}) is not in the price cache {cache.cache_dir()}")
            raise DataRangeError(f"cached {t} ({interval}) lacks {cache.format_ranges(missing)} ({notes[t][-1]})")
        if source == "yahoo":
            notes[t].append("source='yahoo'")
        pending[t] = missing

    if pending:
        assert d0 is not None and d1 is not None
        _fetch_into(pending, d0, d1, interval, source, notes, bars, prov)
    return Prices({t: bars[t] for t in names}, {t: prov[t] for t in names})


def _missing_text(pending: dict[str, list[cache.Range]], notes: dict[str, list[str]]) -> str:
    parts = []
    for t, gaps in pending.items():
        extra = f" ({'; '.join(notes[t])})" if notes[t] else " (not bundled, not cached)"
        parts.append(f"{t}: missing {cache.format_ranges(gaps)}{extra}")
    return "; ".join(parts)


def _fetch_into(
    pending: dict[str, list[cache.Range]],
    d0: dt.date,
    d1: dt.date,
    interval: str,
    source: str,
    notes: dict[str, list[str]],
    bars: dict[str, pd.DataFrame],
    prov: dict[str, dict],
) -> None:
    """Fetch the missing spans from Yahoo (one call per distinct span), cache them, fill ``bars``."""
    if source == "auto" and offline():
        raise DataRangeError(f"offline and no local data for the request: {_missing_text(pending, notes)}")
    spans: dict[tuple[dt.date, dt.date], list[str]] = {}
    for t, gaps in pending.items():
        spans.setdefault((gaps[0][0], max(gaps[-1][1], d1)), []).append(t)
    results: list[tuple[FetchResult, dt.date, dt.date]] = []
    for (lo, hi), group in spans.items():
        try:
            res = download_frames(group, lo, hi, interval)
        except NetworkUnavailableError as exc:
            raise NetworkUnavailableError(f"{exc}; {_missing_text(pending, notes)}") from None
        results.append((res, lo, hi))
        fetched = pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")
        for t, df in res.frames.items():
            covered = observed_coverage(t, df, lo, hi)
            try:
                entry = cache.write_entry(t, interval, df, covered, fetched)
            except PriceDataError as exc:  # disk full, read-only cache: still return the data
                warnings.warn(str(exc), MarketImpactWarning, stacklevel=3)
                entry = None
            data = entry.frame if entry is not None else cache._canonical(df, interval)
            have = entry.covered if entry is not None else covered
            want = _want(d0, d1)
            gaps = cache.missing_ranges(have, *want) if want else []
            if gaps:
                notes[t].append(f"Yahoo returned {_span_text(df)}")
                pending[t] = gaps
                continue
            pending.pop(t, None)
            bars[t] = _slice(_localize(t, data, interval), d0, d1)
            prov[t] = {
                "source": "yahoo",
                "fetched_at": fetched,
                "range": f"{d0}..{d1}",
                "interval": interval,
                "file": str(entry.path) if entry is not None else None,
                "sha256": entry.meta["sha256"] if entry is not None else None,
                "yfinance_version": entry.meta["yfinance_version"] if entry is not None else None,
            }
    for res, lo, hi in results:
        raise_for(res, lo, hi)  # unknown symbol, still failing, or no rows at all
    if pending:
        raise DataRangeError(f"Yahoo Finance returned partial data: {_missing_text(pending, notes)}")


def _span_text(df: pd.DataFrame) -> str:
    idx = pd.DatetimeIndex(df.index)
    return f"{idx.min():%Y-%m-%d}..{idx.max():%Y-%m-%d}" if len(idx) else "nothing"
