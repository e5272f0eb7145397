"""Day 0: the first session in which the market could react to an announcement.

Rule ("first price after"): each session *s* of a series has a price instant — the
session date at the instrument's ``price_time`` in its timezone (14:30 New York for
NYMEX crude settlements, 16:00 for NYSE closes, 00:00 London for Yahoo FX bars).
Day 0 is the first session whose price instant is strictly **after** the earliest
possible announcement instant. An announcement at exactly the price time therefore
moves to the next session (the price was already struck).

With day precision the clock time is unknown: the earliest instant is local midnight.
If the announcement could also have come after that session's price time, the result
says so (``ambiguous=True``) — CAR(0, +1) covers both cases.

Non-trading days: when the announcement's local date has no session in the series,
``policy`` decides: ``"next"`` (default, the rule above), ``"previous"`` (last session
before), or ``"error"`` (:class:`~marketimpact.errors.NotASessionError`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
from pandas.errors import OutOfBoundsDatetime

from .._typing import NonTradingPolicy
from ..errors import ConfigurationError, NotASessionError, WindowError
from ..instruments import Instrument
from ..types import Event


@dataclass(frozen=True)
class EventTime:
    """How day 0 was chosen for one event and one series."""

    event_id: str
    day0: pd.Timestamp
    position: int
    rule: str
    ambiguous: bool
    note: str

    def to_dict(self) -> dict:
        return {
            "event_id": self.event_id,
            "day0": f"{self.day0:%Y-%m-%d}",
            "rule": self.rule,
            "ambiguous": self.ambiguous,
            "note": self.note,
        }


def _price_instants(sessions: pd.DatetimeIndex, instrument: Instrument | None) -> np.ndarray:
    """UTC nanoseconds of each session's price instant."""
    if instrument is None:
        tz, t = ZoneInfo("America/New_York"), dt.time(16, 0)
    else:
        tz, t = ZoneInfo(instrument.timezone), instrument.price_time
    local = sessions.normalize() + pd.Timedelta(hours=t.hour, minutes=t.minute)
    return local.tz_localize(tz, nonexistent="shift_forward", ambiguous=False).tz_convert("UTC").as_unit("ns").asi8


def event_session(
    event: Event,
    sessions: pd.DatetimeIndex,
    instrument: Instrument | None = None,
    policy: NonTradingPolicy = "next",
) -> EventTime:
    """Map ``event`` to day 0 in ``sessions`` (sorted, unique session labels).

    Parameters
    ----------
    event : Event
        Announcement date/time, timezone and precision.
    sessions : DatetimeIndex
        The sessions on which the series has a price.
    instrument : Instrument, optional
        Supplies ``price_time`` and its timezone (default: 16:00 New York).
    policy : {"next", "previous", "error"}
        What to do when the announcement date is not a session.
    """
    if policy not in ("next", "previous", "error"):
        raise ConfigurationError(f"non-trading policy must be next, previous or error; got {policy!r}")
    if len(sessions) == 0:
        raise WindowError("no sessions in the price data")
    try:
        tz = ZoneInfo(event.timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ConfigurationError(
            f"event {event.event_id}: unknown timezone {event.timezone!r}; use an IANA name such as Europe/London"
        ) from None
    try:
        if event.time is not None and event.precision in ("minute", "hour"):
            earliest = dt.datetime.combine(event.local_date, event.time, tzinfo=tz)
            latest = earliest + (dt.timedelta(hours=1) if event.precision == "hour" else dt.timedelta(minutes=1))
        else:
            earliest = dt.datetime.combine(event.local_date, dt.time(0, 0), tzinfo=tz)
            latest = earliest + dt.timedelta(days=1)
        t0 = pd.Timestamp(earliest).tz_convert("UTC").as_unit("ns").value
        t1 = pd.Timestamp(latest).tz_convert("UTC").as_unit("ns").value
    except (OverflowError, OutOfBoundsDatetime):  # year 1 or 9999: beyond any price data
        raise WindowError(
            f"event {event.event_id}: {event.local_date} is outside the dates prices can have "
            f"({pd.Timestamp.min:%Y-%m-%d} to {pd.Timestamp.max:%Y-%m-%d})"
        ) from None
    instants = _price_instants(sessions, instrument)
    pos = int(np.searchsorted(instants, t0, side="right"))
    local_label = pd.Timestamp(event.local_date)
    is_session = bool(sessions.isin([local_label]).any())
    where = instrument.ticker if instrument else "the series"
    ptime = (
        f"{instrument.price_time:%H:%M} {instrument.timezone}" if instrument else "16:00 America/New_York"
    )

    if not is_session and policy == "error":
        raise NotASessionError(
            f"event {event.event_id}: {event.local_date} is not a trading session of {where}; "
            "use non-trading policy 'next' or 'previous'"
        )
    if not is_session and policy == "previous":
        pos = int(np.searchsorted(sessions.as_unit("ns").asi8, local_label.as_unit("ns").value, side="left")) - 1
        if pos < 0:
            raise WindowError(f"event {event.event_id}: no session of {where} before {event.local_date}")
        return EventTime(
            event.event_id, sessions[pos], pos, "previous",
            False, f"{event.local_date} is not a session of {where}; day 0 is the previous session",
        )
    if pos >= len(sessions):
        raise WindowError(
            f"event {event.event_id} ({event.local_date}) is after the last session of {where} "
            f"({sessions[-1]:%Y-%m-%d}) in the data"
        )
    day0 = sessions[pos]
    ambiguous = bool(instants[pos] < t1)
    if not is_session:
        rule = "next"
        note = f"{event.local_date} is not a session of {where}; day 0 is the next session"
    elif day0.date() == event.local_date:
        rule = "same_session"
        note = f"announced before the {ptime} price time"
    else:
        rule = "after_price_time"
        note = f"announced after the {ptime} price time of {event.local_date}; day 0 is the next session"
    if ambiguous:
        note = (
            f"clock time unknown ({event.precision} precision): day 0 assumes the announcement came before "
            f"the {ptime} price; if it came later the reaction is on day +1 (see CAR(0,+1))"
        )
    return EventTime(event.event_id, day0, pos, rule, ambiguous, note)
