"""Prices around events: the date range a study needs, loaded from wherever it is.

An event study needs, for each ticker, ``before`` sessions before the event date (the
estimation window) and ``after`` sessions after it (the event window). :func:`study_range`
turns those session counts into calendar dates with each ticker's exchange calendar, plus
padding: day 0 may be the session after the event date (an announcement after the close or
on a holiday), and asset and benchmark are aligned on the sessions *both* trade, so each
exchange's holidays cost a session.

:func:`load_around` then takes the bundled snapshot when it covers that range (the whole
snapshot, so results do not depend on the padding), else the cache, else Yahoo Finance
(then cached), through :func:`~.loader.load_prices`. When nothing local covers the range and
the network is off or down, the error is one line naming the missing range and the three
ways out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from .._typing import DateLike
from ..errors import DataRangeError, NetworkUnavailableError, WindowError
from .bundled import bundled_tickers, load_bundled
from .calendars import _day, last_complete_day, sessions
from .frame import Prices
from .loader import load_prices

#: Extra sessions on each side: day 0 moved to the next session (after-close or holiday
#: announcements), holidays of the other exchange lost in the asset/benchmark alignment,
#: and the return on the first session of the window, which needs the close before it.
PAD_SESSIONS = 5
#: Extra sessions per 100 asked (the alignment loses about 3–4 % of sessions to holidays a
#: second exchange does not share).
PAD_PER_100 = 5


def _pad(n: int) -> int:
    return PAD_SESSIONS + (PAD_PER_100 * n + 99) // 100


def study_range(tickers: Iterable[str], dates: Iterable[DateLike], before: int, after: int) -> tuple[dt.date, dt.date]:
    """Calendar dates (inclusive) holding ``before`` sessions before the earliest of ``dates``
    and ``after`` sessions after the latest, for every ticker, with padding (see module doc).

    Parameters
    ----------
    tickers
        Yahoo symbols; each one's registry calendar counts its sessions (Mon–Fri when unknown).
    dates
        Event dates (local dates of the announcements).
    before, after
        Sessions needed before and after (e.g. 250 and 5 for an estimation window starting at
        day −250 and an event window ending at day +5).

    Returns
    -------
    (start, end) : datetime.date
        ``end`` is at most yesterday (UTC): later bars cannot be complete.
    """
    days = sorted(_day(d, "event date") for d in dates)
    first, last = days[0], days[-1]
    lo, hi = pd.Timestamp("1700-01-01"), pd.Timestamp("2200-12-31")
    for d in (first, last):
        if not lo <= d <= hi:
            raise WindowError(f"date {d.date().isoformat()} is outside the dates prices can have "
                              f"({lo.year}–{hi.year}); check the event date")
    nb, na = max(before, 0) + _pad(max(before, 0)), max(after, 0) + _pad(max(after, 0))
    starts, ends = [], []
    for t in tickers:
        back = sessions(t, first - pd.Timedelta(days=int(nb * 1.6) + 30), first - pd.Timedelta(days=1))
        starts.append(back[-nb] if len(back) >= nb else first - pd.Timedelta(days=int(nb * 1.6) + 30))
        fwd = sessions(t, last, last + pd.Timedelta(days=int(na * 1.6) + 30))
        ends.append(fwd[na] if len(fwd) > na else last + pd.Timedelta(days=int(na * 1.6) + 30))
    start = min(starts).date()
    end = min(max(ends).date(), max(last_complete_day(), first.date()))
    return start, end


def _covers(ticker: str, start: dt.date, end: dt.date) -> bool:
    df = load_bundled(ticker)
    return len(df) > 0 and df.index[0].date() <= start and df.index[-1].date() >= end


def load_around(
    tickers: Iterable[str], dates: Iterable[DateLike], before: int, after: int, *, what: str = "this event"
) -> Prices:
    """Prices of ``tickers`` covering :func:`study_range` of ``dates``.

    Bundled tickers whose snapshot covers the range come whole from the snapshot; the others
    come from :func:`~.loader.load_prices` for the range (cache, else Yahoo Finance, then
    cached). Raises the loader's error, extended by what to do, when they are not available.
    """
    names = list(dict.fromkeys(tickers))
    dates = list(dates)
    start, end = study_range(names, dates, before, after)
    bundled = set(bundled_tickers())
    whole = [t for t in names if t in bundled and _covers(t, start, end)]
    rest = [t for t in names if t not in whole]
    parts = [load_prices(whole)] if whole else []
    if rest:
        try:
            parts.append(load_prices(rest, start, end))
        except (DataRangeError, NetworkUnavailableError) as exc:
            # a snapshot that holds the event days but not all the padding still serves offline
            # (the study then reports a shorter estimation window, or the window it cannot fill)
            days = sorted(_day(d, "event date") for d in dates)
            partial = [t for t in rest if t in bundled and _covers(t, days[0].date(), days[-1].date())]
            if len(partial) < len(rest):
                raise type(exc)(_advice(exc, [t for t in rest if t not in partial], start, end, what)) from None
            parts.append(load_prices(partial))
    bars = {t: b for p in parts for t, b in p.bars.items()}
    prov = {t: v for p in parts for t, v in p.provenance.items()}
    return Prices({t: bars[t] for t in names}, {t: prov[t] for t in names})


def _advice(exc: Exception, tickers: list[str], start: dt.date, end: dt.date, what: str) -> str:
    syms = " ".join(tickers)
    return (
        f"{exc}. {what[:1].upper()}{what[1:]} needs {', '.join(tickers)} from {start} to {end}: go online (unset MARKETIMPACT_OFFLINE) "
        f"and marketimpact fetches and caches them, or run `marketimpact prices {syms} --start {start} --end {end}` "
        "once online (cached for later), or pass your own closes (prices= in Python, --prices FILE on the command line)"
    )


__all__ = ["load_around", "study_range"]
