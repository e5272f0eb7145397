"""Day-0 rule: the first session whose price is struck after the announcement."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

from marketimpact import Event, event_session, get_instrument
from marketimpact.errors import NotASessionError, WindowError

SESSIONS = pd.DatetimeIndex(pd.bdate_range("2025-02-03", "2025-02-21").drop(pd.Timestamp("2025-02-17")))
BZ = get_instrument("BZ=F")  # price time 14:30 America/New_York


def ev(d, t=None, tz="America/New_York", precision=None):
    return Event("e", dt.date.fromisoformat(d), tz, precision or ("minute" if t else "day"),
                 dt.time.fromisoformat(t) if t else None)


def test_before_the_settle_is_the_same_session():
    et = event_session(ev("2025-02-12", "12:07"), SESSIONS, BZ)
    assert et.day0 == pd.Timestamp("2025-02-12") and et.rule == "same_session" and not et.ambiguous


def test_after_the_settle_moves_to_the_next_session():
    et = event_session(ev("2025-02-12", "15:00"), SESSIONS, BZ)
    assert et.day0 == pd.Timestamp("2025-02-13") and et.rule == "after_price_time"


def test_exactly_at_the_price_time_is_after_it():
    # the 14:30:00 settlement is already struck when the news arrives at 14:30
    assert event_session(ev("2025-02-12", "14:30"), SESSIONS, BZ).day0 == pd.Timestamp("2025-02-13")
    assert event_session(ev("2025-02-12", "14:29"), SESSIONS, BZ).day0 == pd.Timestamp("2025-02-12")


def test_other_timezone_is_converted():
    # 19:00 London = 14:00 New York (before 14:30 settle); 19:45 London = 14:45 New York
    assert event_session(ev("2025-02-12", "19:00", "Europe/London"), SESSIONS, BZ).day0 == pd.Timestamp("2025-02-12")
    assert event_session(ev("2025-02-12", "19:45", "Europe/London"), SESSIONS, BZ).day0 == pd.Timestamp("2025-02-13")


def test_day_precision_is_flagged_ambiguous():
    et = event_session(ev("2025-02-12"), SESSIONS, BZ)
    assert et.day0 == pd.Timestamp("2025-02-12") and et.ambiguous and "day +1" in et.note


def test_weekend_and_holiday_policies():
    sat = ev("2025-02-15", "10:00")
    assert event_session(sat, SESSIONS, BZ).day0 == pd.Timestamp("2025-02-18")  # Mon 17 is absent
    prev = event_session(sat, SESSIONS, BZ, policy="previous")
    assert prev.day0 == pd.Timestamp("2025-02-14") and prev.rule == "previous"
    with pytest.raises(NotASessionError, match="not a trading session"):
        event_session(sat, SESSIONS, BZ, policy="error")


def test_fx_start_of_day_snapshot_moves_to_next_day():
    fx = get_instrument("EURUSD=X")  # 00:00 London snapshot
    assert event_session(ev("2025-02-12"), SESSIONS, fx).day0 == pd.Timestamp("2025-02-13")


def test_event_after_the_data_is_an_error():
    with pytest.raises(WindowError, match="after the last session"):
        event_session(ev("2025-03-12"), SESSIONS, BZ)


def test_day0_is_monotonic_in_announcement_time():
    times = pd.date_range("2025-02-05", "2025-02-19", freq="37min", tz="UTC")
    days = [
        event_session(Event("e", t.date(), "UTC", "minute", t.time()), SESSIONS, BZ).day0 for t in times
    ]
    assert all(a <= b for a, b in itertools.pairwise(days))
