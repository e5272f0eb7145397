"""Intraday bars in UTC and the trading periods they should fall in.

Bars come through :func:`~marketimpact.prices.load_prices` (bundled data are daily only, so
intraday bars come from the cache or Yahoo, within Yahoo's look-back limits: 1m for 30 days
back, at most 7 days a request; 2m–90m for 60 days; 1h for 730 days, see
:func:`~marketimpact.prices.yahoo.check_interval_range`) and are returned here indexed by **bar start in UTC**.

Trading periods come from exchange-calendars, with one correction: its ``CMES`` calendar
(CME Globex: NYMEX Brent/WTI, E-mini futures) runs each session from 17:00 Chicago to 17:00
Chicago the next day, without the daily **maintenance hour 16:00–17:00 Chicago** in which
Globex does not trade; :data:`MAINTENANCE` removes it. Weekends and holidays are the
calendar's own (no session). Calendars with a lunch break (``break_start``/``break_end``)
are split in two. FX and crypto (no calendar) trade around the clock on weekdays / every day.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Literal

import numpy as np
import pandas as pd

from .._typing import DateLike
from ..errors import ConfigurationError
from ..instruments import find_instrument
from .calendars import _day, get_calendar
from .frame import Prices
from .loader import load_prices
from .yahoo import normalize_interval

#: Daily pauses missing from exchange_calendars: calendar code → (zone, start, end) local clock.
MAINTENANCE: dict[str, tuple[str, dt.time, dt.time]] = {
    "CMES": ("America/Chicago", dt.time(16, 0), dt.time(17, 0)),
}

GapKind = Literal["", "bar gap", "session break", "closed day"]


def interval_minutes(interval: str) -> int:
    """Bar length in minutes (``5m`` → 5, ``1h`` → 60); daily is refused.

    Raises
    ------
    ConfigurationError
        Not an intraday interval.
    """
    iv = normalize_interval(interval)
    if iv == "1d":
        raise ConfigurationError("an intraday study needs an intraday interval (1m, 2m, 5m, 15m, 30m, 1h, 90m), not 1d")
    return 60 if iv == "1h" else int(iv[:-1])


def load_intraday(
    tickers: str | list[str], start: DateLike, end: DateLike, interval: str = "5m", source: str = "auto"
) -> Prices:
    """Intraday bars for ``tickers`` from ``start`` to ``end`` (inclusive local dates), index in UTC.

    The same sources, cache and limits as :func:`~marketimpact.prices.load_prices` (which
    returns exchange-local stamps); here every frame's index is the bar **start** in UTC.
    """
    interval_minutes(interval)
    p = load_prices(tickers, start, end, interval=interval, source=source)  # type: ignore[arg-type]
    frames = {t: df.tz_convert("UTC") for t, df in p.bars.items()}
    return Prices(frames, p.provenance)


def trading_periods(ticker: str, start: DateLike, end: DateLike) -> pd.DataFrame:
    """Trading periods of ``ticker`` for sessions ``start``..``end``: columns ``open``, ``close`` (UTC),
    index ``session``; a session with a break or a maintenance pause gives two rows.
    """
    s, e = _day(start, "start"), _day(end, "end")
    inst = find_instrument(ticker)
    if inst is None or not inst.calendar:
        days = pd.date_range(s, e, freq="D" if inst is not None and inst.kind == "crypto" else "B")
        opens = pd.DatetimeIndex(days).tz_localize("UTC")
        return pd.DataFrame({"open": opens, "close": opens + pd.Timedelta(days=1)}, index=days.rename("session"))
    cal = get_calendar(inst.calendar)
    lo, hi = max(s, pd.Timestamp(cal.first_session)), min(e, pd.Timestamp(cal.last_session))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = cal.schedule.loc[lo:hi] if lo <= hi else cal.schedule.iloc[:0]
    rows = []
    pause = MAINTENANCE.get(inst.calendar)
    for session, r in sched.iterrows():
        o, c = r["open"], r["close"]
        if pause is not None:
            zone, p0, _ = pause
            local_close = c.tz_convert(zone)
            if local_close.time() > p0:  # the calendar's close is the reopening after the pause
                c = pd.Timestamp.combine(local_close.date(), p0).tz_localize(zone).tz_convert("UTC")
        if pd.notna(r.get("break_start")) and pd.notna(r.get("break_end")):
            rows += [(session, o, r["break_start"]), (session, r["break_end"], c)]
        else:
            rows.append((session, o, c))
    if not rows:
        return pd.DataFrame({"open": pd.DatetimeIndex([], tz="UTC"), "close": pd.DatetimeIndex([], tz="UTC")},
                            index=pd.DatetimeIndex([], name="session"))
    df = pd.DataFrame(rows, columns=["session", "open", "close"]).set_index("session")
    df["open"] = pd.DatetimeIndex(df["open"]).tz_convert("UTC")
    df["close"] = pd.DatetimeIndex(df["close"]).tz_convert("UTC")
    return df


def in_session(ticker: str, starts: pd.DatetimeIndex, minutes: int) -> np.ndarray:
    """True for each bar (UTC start) that lies inside a trading period of ``ticker``."""
    starts = pd.DatetimeIndex(starts).tz_convert("UTC")
    if len(starts) == 0:
        return np.zeros(0, dtype=bool)
    per = trading_periods(ticker, starts.min().normalize() - pd.Timedelta(days=1),
                          starts.max().normalize() + pd.Timedelta(days=1))
    ok = np.zeros(len(starts), dtype=bool)
    step = pd.Timedelta(minutes=minutes)
    for o, c in zip(per["open"], per["close"], strict=True):
        ok |= (starts >= o) & (starts + step <= c)
    return ok


def classify_gaps(ticker: str, starts: pd.DatetimeIndex, minutes: int) -> list[GapKind]:
    """What lies between each bar and the one before it (first bar: ``""``).

    ``""`` consecutive bars; ``"bar gap"`` missing bars inside one trading period (no
    trades, or Yahoo dropped them); ``"session break"`` the end of one trading period and
    the start of the next on the following trading day or after the maintenance pause;
    ``"closed day"`` a whole calendar day without a session in between (weekend, holiday).
    """
    starts = pd.DatetimeIndex(starts).tz_convert("UTC")
    out: list[GapKind] = [""] * len(starts)
    if len(starts) < 2:
        return out
    per = trading_periods(ticker, starts.min().normalize() - pd.Timedelta(days=1),
                          starts.max().normalize() + pd.Timedelta(days=1))
    step = pd.Timedelta(minutes=minutes)
    opens, closes = pd.DatetimeIndex(per["open"]), pd.DatetimeIndex(per["close"])
    for i in range(1, len(starts)):
        a, b = starts[i - 1], starts[i]
        if b - a <= step:
            continue
        # a trading period boundary between the end of bar a and the start of bar b?
        boundary = bool(((closes >= a + step) & (closes <= b)).any() or ((opens > a) & (opens <= b)).any())
        if not boundary:
            out[i] = "bar gap"
        elif b - a > pd.Timedelta(hours=24):
            out[i] = "closed day"
        else:
            out[i] = "session break"
    return out


def session_at(ticker: str, instant: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp, bool] | None:
    """The trading session an instant belongs to: ``(session label, its first open (UTC), trading now)``.

    When the market is closed at ``instant``, the last session that traded before it is
    returned with ``False`` (a quote written in the maintenance hour or at the weekend is the
    last traded price, a move "on the day" is that session's). ``None`` when the calendar has
    no session within a week.
    """
    t = pd.Timestamp(instant).tz_convert("UTC")
    per = trading_periods(ticker, (t - pd.Timedelta(days=7)).tz_localize(None), (t + pd.Timedelta(days=7)).tz_localize(None))
    if per.empty:
        return None
    firsts = per.groupby(level=0)["open"].min()
    inside = per[(per["open"] <= t) & (t < per["close"])]
    if len(inside):
        label = inside.index[0]
        return pd.Timestamp(label), pd.Timestamp(firsts[label]), True
    earlier = per[per["close"] <= t]
    if earlier.empty:
        return None
    label = earlier.index[-1]
    return pd.Timestamp(label), pd.Timestamp(firsts[label]), False
