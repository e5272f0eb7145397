"""yfinance as a price source (online only).

One ``yfinance.download`` call fetches several tickers (``auto_adjust=False`` explicitly:
``close`` is the raw close/settlement, ``adj_close`` separate). The HTTP boundary is the
``curl_cffi`` session handed to yfinance: :class:`ObservedSession` records every request's
outcome, because ``download()`` swallows per-ticker errors. That record is how a timeout
(retried with back-off, then :class:`NetworkUnavailableError`) is told apart from an
unknown symbol (HTTP 404 → :class:`UnknownTickerError`) or an empty range
(:class:`DataRangeError`). Tests replay recorded chart-API responses by patching
``curl_cffi.requests.Session.request``, so yfinance's own JSON parsing runs for real.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import warnings
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import pandas as pd

from ..errors import ConfigurationError, DataRangeError, NetworkUnavailableError, UnknownTickerError
from ..instruments import find_instrument

YAHOO_HOST = "query2.finance.yahoo.com"
FIELDS = ("open", "high", "low", "close", "adj_close", "volume")

#: Intervals accepted, with yfinance's spelling (``60m`` is stored as ``1h``).
INTERVALS = ("1d", "1m", "2m", "5m", "15m", "30m", "1h", "90m")
_ALIASES = {"60m": "1h", "1D": "1d"}

#: How far back Yahoo serves each intraday interval (calendar days before today).
#: Source: yfinance docs / Yahoo chart API limits (1m: 30 days, ≤ 7 days per request;
#: 2m–90m: 60 days; 1h: 730 days).
MAX_AGE_DAYS = {"1m": 30, "2m": 60, "5m": 60, "15m": 60, "30m": 60, "90m": 60, "1h": 730}
MAX_SPAN_DAYS = {"1m": 7}

#: Seconds allowed for the "can we reach Yahoo" probe (DNS + TCP), and per HTTP request.
PROBE_TIMEOUT = 1.5
REQUEST_TIMEOUT = 10.0


def offline() -> bool:
    """True when ``MARKETIMPACT_OFFLINE`` is set to a true value."""
    return os.environ.get("MARKETIMPACT_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _probe(timeout: float) -> None:
    """Open and close a TCP connection to Yahoo (raises OSError)."""
    with socket.create_connection((YAHOO_HOST, 443), timeout=timeout):
        pass


def check_network(timeout: float = PROBE_TIMEOUT) -> None:
    """Fail fast with :class:`NetworkUnavailableError` when offline or Yahoo is unreachable.

    The probe runs in a daemon thread joined with ``timeout`` so that a hanging DNS
    lookup (which socket timeouts do not bound) cannot hang the caller: the answer
    comes within ``timeout`` seconds (default 1.5 s, under the 2 s promise).
    """
    if offline():
        raise NetworkUnavailableError("offline mode (MARKETIMPACT_OFFLINE=1): Yahoo Finance is not queried")
    check_reachable(timeout)


def check_reachable(timeout: float = PROBE_TIMEOUT) -> None:
    """:func:`check_network` without the offline-mode check (for callers told ``offline=False``)."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            _probe(timeout)
            outcome.append(None)
        except BaseException as exc:  # report any failure to the caller's thread
            outcome.append(exc)

    th = threading.Thread(target=run, name="marketimpact-probe", daemon=True)
    th.start()
    th.join(timeout)
    if not outcome:
        raise NetworkUnavailableError(f"network down: no answer from {YAHOO_HOST} within {timeout:g} s")
    if outcome[0] is not None:
        raise NetworkUnavailableError(f"network down: cannot reach {YAHOO_HOST} ({outcome[0]})")


def _today() -> dt.date:
    """Today's UTC date (a function so tests can pin the clock)."""
    return dt.datetime.now(dt.UTC).date()


def normalize_interval(interval: str) -> str:
    """Canonical interval (``60m`` → ``1h``) or :class:`ConfigurationError`."""
    iv = _ALIASES.get(interval, interval)
    if iv not in INTERVALS:
        raise ConfigurationError(f"interval {interval!r} is not supported; use one of {', '.join(INTERVALS)} (or 60m)")
    return iv


def check_interval_range(interval: str, start: dt.date, end: dt.date, today: dt.date | None = None) -> None:
    """Refuse intraday requests Yahoo cannot serve, before any network call.

    Yahoo keeps 1-minute bars for 30 days (at most 7 days per request), 2–90-minute
    bars for 60 days and hourly bars for 730 days; asking further back returns an
    error or, worse, silently nothing.

    Raises
    ------
    ConfigurationError
        The range is older or longer than Yahoo allows for ``interval``.
    """
    iv = normalize_interval(interval)
    if iv == "1d":
        return
    today = today or _today()
    oldest = today - dt.timedelta(days=MAX_AGE_DAYS[iv])
    if start < oldest:
        raise ConfigurationError(
            f"Yahoo keeps {iv} bars for {MAX_AGE_DAYS[iv]} days only: start {start} is before {oldest}; "
            "use a coarser interval (1h goes back 730 days, 1d to the listing)"
        )
    span = MAX_SPAN_DAYS.get(iv)
    if span is not None and (end - start).days + 1 > span:
        raise ConfigurationError(f"Yahoo serves {iv} bars {span} days per request at most; {start}..{end} is longer")


# --- the HTTP boundary ----------------------------------------------------------


def _session_base() -> type:
    from curl_cffi import requests as cr  # yfinance's own HTTP backend

    return cr.Session


@dataclass
class _Outcome:
    url: str
    status: int | None
    error: BaseException | None


def _chart_symbol(url: str) -> str | None:
    path = urlsplit(url).path
    marker = "/v8/finance/chart/"
    return unquote(path.split(marker, 1)[1]).upper() if marker in path else None


def make_session():
    """A curl_cffi session (browser impersonation, as yfinance uses) that records outcomes."""
    base = _session_base()

    class ObservedSession(base):  # type: ignore[misc, valid-type]
        """curl_cffi Session that logs each request's status or exception in ``outcomes``."""

        def __init__(self) -> None:
            super().__init__(impersonate="chrome")
            self.outcomes: list[_Outcome] = []

        def request(self, method, url, *args, **kwargs):
            try:
                resp = super().request(method, url, *args, **kwargs)
            except Exception as exc:
                self.outcomes.append(_Outcome(str(url), None, exc))
                raise
            self.outcomes.append(_Outcome(str(url), resp.status_code, None))
            return resp

    return ObservedSession()


def _download(tickers: list[str], start: dt.date, end: dt.date, interval: str, session) -> pd.DataFrame:
    """One ``yfinance.download`` call for all ``tickers`` (``end`` inclusive)."""
    import yfinance as yf  # imported lazily: heavy, and only needed online

    yf_logger = logging.getLogger("yfinance")
    level = yf_logger.level
    yf_logger.setLevel(logging.CRITICAL)  # we report failures ourselves, per ticker
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # yfinance's pandas deprecation noise
            return yf.download(
                tickers,
                start=start.isoformat(),
                end=(end + dt.timedelta(days=1)).isoformat(),  # yfinance's end is exclusive
                interval="60m" if interval == "1h" else interval,
                auto_adjust=False,  # explicit: close is the raw close/settle, adj_close separate
                actions=False,
                progress=False,
                threads=False,
                group_by="ticker",
                timeout=REQUEST_TIMEOUT,
                multi_level_index=True,
                session=session,
            )
    finally:
        yf_logger.setLevel(level)


def split_frames(raw: pd.DataFrame | None, tickers: list[str], interval: str = "1d") -> dict[str, pd.DataFrame]:
    """Turn yfinance's (ticker, field) column frame into one tidy float frame per ticker.

    Daily: index ``session`` of naive dates. Intraday: index ``timestamp``, tz-aware,
    converted to the instrument's registry timezone (yfinance uses the most common
    exchange timezone of the batch). Rows without a close are dropped.
    """
    out: dict[str, pd.DataFrame] = {}
    if raw is None or raw.empty:
        return out
    cols = raw.columns
    for t in tickers:
        key = t.upper()
        if isinstance(cols, pd.MultiIndex):
            level0 = [str(x).upper() for x in cols.get_level_values(0)]
            if key not in level0:
                continue
            sub = raw.loc[:, [c for c in cols if str(c[0]).upper() == key]]
            sub.columns = [c[1] for c in sub.columns]
        else:
            sub = raw
        sub = sub.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
        keep = [c for c in FIELDS if c in sub.columns]
        if "close" not in keep:
            continue
        sub = sub[keep].astype("float64").dropna(subset=["close"])
        if sub.empty:
            continue
        idx = pd.DatetimeIndex(sub.index)
        if interval == "1d":
            if idx.tz is not None:
                idx = idx.tz_localize(None)
            idx = idx.normalize().rename("session")
        else:
            if idx.tz is None:
                idx = idx.tz_localize("UTC")
            inst = find_instrument(t)
            idx = (idx.tz_convert(inst.timezone) if inst else idx).rename("timestamp")
        sub.index = idx.as_unit("ns")
        out[t] = sub[~sub.index.duplicated(keep="last")].sort_index()
    return out


def _forget_responses() -> None:
    """Drop yfinance's in-memory response memo before a retry.

    yfinance memoises responses for past date ranges (``YfData.cache_get``, an LRU),
    including HTTP 5xx ones; without this a retry would replay the failure.
    """
    try:
        from yfinance.data import YfData

        YfData.cache_get.cache_clear()
    except (ImportError, AttributeError):  # other yfinance versions: nothing to clear
        pass


@dataclass
class FetchResult:
    """Frames per ticker plus, for the others, why nothing came back."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    attempts: int = 0


def _classify(ticker: str, outcomes: list[_Outcome]) -> tuple[str, str]:
    """('unknown' | 'transient' | 'empty', detail) for a ticker yfinance returned nothing for."""
    mine = [o for o in outcomes if _chart_symbol(o.url) == ticker.upper()]
    errors = [o.error for o in mine if o.error is not None]
    if errors:
        return "transient", f"{type(errors[-1]).__name__}: {errors[-1]}"
    statuses = [o.status for o in mine if o.status is not None]
    if any(s == 429 or s >= 500 for s in statuses):
        return "transient", f"HTTP {statuses[-1]}"
    if 404 in statuses:
        return "unknown", "HTTP 404 (no such symbol)"
    if not mine:
        other = [o.error for o in outcomes if o.error is not None]
        if other:
            return "transient", f"{type(other[-1]).__name__}: {other[-1]}"
    return "empty", "no rows in the range"


def download_frames(
    tickers: list[str],
    start: dt.date,
    end: dt.date,
    interval: str = "1d",
    retries: int = 3,
    backoff: float = 1.0,
) -> FetchResult:
    """Fetch ``tickers`` in one call per attempt; retry transient failures with back-off.

    Attempt *k* (0-based) that leaves tickers with transient failures (timeouts,
    connection errors, HTTP 429/5xx) sleeps ``backoff * 2**k`` seconds and retries only
    those tickers. Unknown symbols and empty ranges are not retried.

    Raises
    ------
    NetworkUnavailableError
        Offline mode or Yahoo unreachable (within 2 s).
    ConfigurationError
        Interval/range Yahoo cannot serve.
    """
    iv = normalize_interval(interval)
    check_interval_range(iv, start, end)
    check_network()
    result = FetchResult()
    todo = list(tickers)
    for attempt in range(max(1, retries)):
        result.attempts = attempt + 1
        if attempt:
            _forget_responses()
        session = make_session()
        try:
            raw = _download(todo, start, end, iv, session)
        except Exception as exc:  # yfinance itself blew up: treat as transient
            raw = None
            session.outcomes.append(_Outcome("", None, exc))
        got = split_frames(raw, todo, iv)
        result.frames.update(got)
        transient: dict[str, str] = {}
        for t in todo:
            if t in got:
                continue
            kind, detail = _classify(t, session.outcomes)
            if kind == "unknown":
                result.unknown.append(t)
            elif kind == "empty":
                result.empty.append(t)
            else:
                transient[t] = detail
        todo = list(transient)
        result.failed = transient
        if not todo:
            break
        if attempt < retries - 1:
            time.sleep(backoff * 2**attempt)
    return result


def fetch_yahoo(
    tickers: list[str],
    start: dt.date,
    end: dt.date,
    interval: str = "1d",
    retries: int = 3,
    backoff: float = 1.0,
) -> dict[str, pd.DataFrame]:
    """Bars for every ticker or a named error (strict wrapper of :func:`download_frames`).

    Raises
    ------
    NetworkUnavailableError
        Offline, unreachable, or still failing after ``retries`` attempts.
    UnknownTickerError
        Yahoo does not know a symbol (HTTP 404).
    DataRangeError
        Yahoo knows the symbol but returned no rows for the range.
    """
    res = download_frames(tickers, start, end, interval, retries, backoff)
    raise_for(res, start, end)
    return res.frames


def raise_for(res: FetchResult, start: dt.date, end: dt.date) -> None:
    """Raise the most specific error a :class:`FetchResult` calls for (nothing if complete)."""
    if res.unknown:
        raise UnknownTickerError(
            f"Yahoo Finance does not know {', '.join(res.unknown)} (HTTP 404 from the chart API); check the symbol"
        )
    if res.failed:
        detail = "; ".join(f"{t}: {d}" for t, d in res.failed.items())
        raise NetworkUnavailableError(f"Yahoo Finance failed after {res.attempts} attempts ({detail})")
    if res.empty:
        raise DataRangeError(
            f"Yahoo Finance returned no prices for {', '.join(res.empty)} between {start} and {end} "
            "(no trading in that range, or before the listing)"
        )
