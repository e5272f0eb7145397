"""`load_prices`: one call that finds prices in the bundled snapshots or on Yahoo."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd

from .._typing import DateLike
from ..errors import ConfigurationError, DataRangeError, NetworkUnavailableError, UnknownTickerError
from ..instruments import validate_ticker
from .bundled import bundled_info, bundled_tickers, load_bundled
from .frame import Prices
from .yahoo import fetch_yahoo, offline

Source = Literal["auto", "bundled", "yahoo"]


def to_date(value: DateLike, name: str = "date") -> dt.date:
    """Parse a date-like value into a ``datetime.date`` with a clear error."""
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ConfigurationError(f"{name}: {value!r} is not a date (use YYYY-MM-DD)") from None
    if ts is pd.NaT:
        raise ConfigurationError(f"{name}: missing date")
    return ts.date()


def load_prices(
    tickers: str | list[str],
    start: DateLike | None = None,
    end: DateLike | None = None,
    interval: str = "1d",
    source: Source = "auto",
) -> Prices:
    """Daily bars for ``tickers`` between ``start`` and ``end`` (inclusive).

    ``source="auto"`` uses the bundled snapshot when it covers the range and falls back
    to Yahoo Finance (unless ``MARKETIMPACT_OFFLINE=1``); ``"bundled"`` and ``"yahoo"``
    force one source. Without ``start``/``end`` the whole bundled history is returned.

    Returns
    -------
    Prices
        Per-ticker frames (``open, high, low, close, adj_close, volume`` as available)
        and a provenance record per ticker: source, file, commit, range, fetched when.

    Raises
    ------
    InvalidTickerError, UnknownTickerError, DataRangeError, NetworkUnavailableError
    """
    names = [tickers] if isinstance(tickers, str) else list(tickers)
    if not names:
        raise ConfigurationError("no tickers given")
    names = [validate_ticker(t) for t in names]
    if source not in ("auto", "bundled", "yahoo"):
        raise ConfigurationError(f"source must be auto, bundled or yahoo; got {source!r}")
    if interval != "1d" and source != "yahoo":
        raise ConfigurationError(f"interval {interval!r} needs source='yahoo' (bundled data are daily)")
    d0 = to_date(start, "start") if start is not None else None
    d1 = to_date(end, "end") if end is not None else None
    if d0 and d1 and d0 > d1:
        raise ConfigurationError(f"start {d0} is after end {d1}")

    bars: dict[str, pd.DataFrame] = {}
    prov: dict[str, dict] = {}
    need_web: list[str] = []
    problems: list[str] = []
    bundled = set(bundled_tickers())
    for t in names:
        if source in ("auto", "bundled") and t in bundled:
            df = load_bundled(t)
            first, last = df.index[0].date(), df.index[-1].date()
            covered = (d0 is None or d0 >= first) and (d1 is None or d1 <= last)
            if covered or source == "bundled":
                if not covered:
                    raise DataRangeError(
                        f"bundled {t} covers {first}..{last}; requested {d0 or first}..{d1 or last}"
                    )
                sel = df.loc[pd.Timestamp(d0) if d0 else None : pd.Timestamp(d1) if d1 else None]
                info = bundled_info(t)
                bars[t] = sel
                prov[t] = {
                    "source": "bundled",
                    "file": f"data/prices/{info['file']}",
                    "title": info["title"],
                    "origin": f"{info['source_repo']}:{info['source_path']}@{info['commit'][:10]}",
                    "range": f"{first}..{last}",
                }
                continue
            problems.append(f"{t}: bundled data cover {first}..{last} only")
        elif source == "bundled":
            raise UnknownTickerError(f"{t} is not bundled (bundled: {', '.join(sorted(bundled))})")
        need_web.append(t)

    if need_web:
        if source == "auto" and offline():
            detail = "; ".join(problems) or f"{', '.join(need_web)} not bundled"
            raise DataRangeError(f"offline and no local data for the request ({detail})")
        if d0 is None or d1 is None:
            raise ConfigurationError("start and end are required to fetch from Yahoo Finance")
        try:
            got = fetch_yahoo(need_web, d0, d1, interval)
        except NetworkUnavailableError as exc:
            detail = "; ".join(problems) or f"{', '.join(need_web)} not bundled"
            raise NetworkUnavailableError(f"{exc} ({detail})") from None
        fetched = pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")
        for t, df in got.items():
            bars[t] = df
            prov[t] = {"source": "yahoo", "fetched_at": fetched, "range": f"{d0}..{d1}", "interval": interval}
    return Prices({t: bars[t] for t in names}, {t: prov[t] for t in names})
