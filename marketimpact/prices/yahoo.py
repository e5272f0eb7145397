"""yfinance as a price source (online only; never used by the tests' network-free path).

The network boundary is :func:`_download` (a thin call of ``yfinance.download``), so
tests replay recorded frames there while exercising the parsing below.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time

import pandas as pd

from ..errors import DataRangeError, NetworkUnavailableError, UnknownTickerError

YAHOO_HOST = "query2.finance.yahoo.com"


def offline() -> bool:
    """True when ``MARKETIMPACT_OFFLINE`` is set to a true value."""
    return os.environ.get("MARKETIMPACT_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def check_network(timeout: float = 2.0) -> None:
    """Fail fast (≤ ``timeout`` s) with :class:`NetworkUnavailableError` when Yahoo is unreachable."""
    if offline():
        raise NetworkUnavailableError("offline mode (MARKETIMPACT_OFFLINE=1): Yahoo Finance is not queried")
    try:
        with socket.create_connection((YAHOO_HOST, 443), timeout=timeout):
            pass
    except OSError as exc:
        raise NetworkUnavailableError(f"network down: cannot reach {YAHOO_HOST} ({exc})") from None


def _download(tickers: list[str], start: dt.date, end: dt.date, interval: str) -> pd.DataFrame:
    import yfinance as yf  # imported lazily: heavy, and only needed online

    return yf.download(
        tickers,
        start=start.isoformat(),
        end=(end + dt.timedelta(days=1)).isoformat(),  # yfinance's end is exclusive
        interval=interval,
        auto_adjust=False,  # explicit: close is the raw close/settle, adj_close separate
        actions=False,
        progress=False,
        threads=False,
        group_by="ticker",
        timeout=10,
        multi_level_index=True,
    )


def _split(raw: pd.DataFrame, tickers: list[str]) -> dict[str, pd.DataFrame]:
    """Turn yfinance's (ticker, field) column frame into one tidy frame per ticker."""
    out: dict[str, pd.DataFrame] = {}
    if raw is None or raw.empty:
        return out
    cols = raw.columns
    for t in tickers:
        if isinstance(cols, pd.MultiIndex):
            if t in cols.get_level_values(0):
                sub = raw[t]
            elif t in cols.get_level_values(-1):
                sub = raw.xs(t, axis=1, level=-1)
            else:
                continue
        else:
            sub = raw
        sub = sub.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
        keep = [c for c in ("open", "high", "low", "close", "adj_close", "volume") if c in sub.columns]
        sub = sub[keep].astype("float64").dropna(subset=["close"]) if "close" in keep else sub.iloc[0:0]
        if sub.empty:
            continue
        idx = pd.DatetimeIndex(sub.index)
        if idx.tz is not None:
            idx = idx.tz_localize(None)
        sub.index = idx.normalize().rename("session")
        out[t] = sub[~sub.index.duplicated(keep="last")].sort_index()
    return out


def fetch_yahoo(
    tickers: list[str],
    start: dt.date,
    end: dt.date,
    interval: str = "1d",
    retries: int = 3,
    backoff: float = 1.0,
) -> dict[str, pd.DataFrame]:
    """Download daily bars for ``tickers`` in one call, with retries and back-off.

    Raises
    ------
    NetworkUnavailableError
        Offline mode or no route to Yahoo.
    UnknownTickerError
        Yahoo returned nothing for a ticker over the range.
    """
    check_network()
    last: Exception | None = None
    for attempt in range(retries):
        try:
            raw = _download(tickers, start, end, interval)
            got = _split(raw, tickers)
            missing = [t for t in tickers if t not in got]
            if missing and len(missing) == len(tickers) and attempt < retries - 1:
                raise DataRangeError("empty response")
            if missing:
                raise UnknownTickerError(
                    f"Yahoo Finance returned no prices for {', '.join(missing)} between {start} and {end} "
                    "(unknown ticker or no trading in that range)"
                )
            return got
        except (UnknownTickerError, NetworkUnavailableError):
            raise
        except Exception as exc:  # yfinance raises many types for transient faults
            last = exc
            time.sleep(backoff * 2**attempt)
    raise NetworkUnavailableError(f"Yahoo Finance failed after {retries} attempts: {last}")
