"""Trading calendars per ticker and futures roll days (contract rules + data-driven check)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from marketimpact.errors import ConfigurationError, UnknownTickerError
from marketimpact.prices import load_bundled, log_returns
from marketimpact.prices.calendars import calendar_for, holidays, is_session, missing_sessions, sessions
from marketimpact.prices.rolls import expiries, flag_rolls, has_roll_rule, roll_days, suspected_rolls


def days(*xs: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(x) for x in xs]


# --- calendars --------------------------------------------------------------------


def test_calendar_named_in_the_registry():
    assert calendar_for("BZ=F").name == "CMES"
    assert calendar_for("^GSPC").name == "XNYS"
    assert calendar_for("TTF=F").name == "XAMS"
    assert calendar_for("EURUSD=X") is None and calendar_for("BTC-USD") is None
    with pytest.raises(UnknownTickerError):
        calendar_for("NOPE")


def test_sessions_skip_exchange_holidays():
    # Presidents' Day 2025-02-17: NYSE closed
    assert list(sessions("^GSPC", "2025-02-14", "2025-02-18")) == days("2025-02-14", "2025-02-18")
    assert not is_session("^GSPC", "2025-02-17") and is_session("^GSPC", "2025-02-18")
    # FX: weekdays; crypto: every day; unregistered: weekdays
    assert len(sessions("EURUSD=X", "2025-02-10", "2025-02-16")) == 5
    assert len(sessions("BTC-USD", "2025-02-10", "2025-02-16")) == 7
    assert len(sessions("NOTREGISTERED", "2025-02-10", "2025-02-16")) == 5
    assert len(sessions("^GSPC", "2025-02-14", "2025-02-10")) == 0


def test_holidays():
    h = holidays("^GSPC", "2025-01-01", "2025-12-31")
    for d in ("2025-01-01", "2025-01-09", "2025-04-18", "2025-07-04", "2025-12-25"):  # 01-09: national day of mourning
        assert pd.Timestamp(d) in h
    assert len(holidays("EURUSD=X", "2025-01-01", "2025-12-31")) == 0


def test_missing_sessions_find_gaps_in_real_data():
    sp = load_bundled("^GSPC").loc["2025-02-03":"2025-02-28"]
    assert len(missing_sessions("^GSPC", sp)) == 0
    gap = sp.drop(pd.Timestamp("2025-02-12"))
    assert list(missing_sessions("^GSPC", gap)) == days("2025-02-12")
    # CME counts US holidays as sessions but publishes no settlement: reported, by design
    bz = load_bundled("BZ=F").loc["2025-02-10":"2025-02-21"]
    assert list(missing_sessions("BZ=F", bz)) == days("2025-02-17")


def test_missing_sessions_of_intraday_bars_use_local_dates():
    idx = pd.DatetimeIndex(["2025-02-12 09:30", "2025-02-14 15:30"], tz="America/New_York").tz_convert("UTC")
    frame = pd.DataFrame({"close": [1.0, 2.0]}, index=idx)
    assert list(missing_sessions("^GSPC", frame)) == days("2025-02-13")


# --- rolls: contract rules ----------------------------------------------------------


def test_brent_expiry_is_last_business_day_of_second_month_before_delivery():
    # April 2025 contract → 28 Feb 2025; February 2025 contract → 31 Dec 2024
    e = expiries("BZ=F", "2024-12-01", "2025-03-31")
    assert list(e) == days("2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31")


def test_wti_expiry_three_or_four_business_days_before_the_25th():
    e = expiries("CL=F", "2025-01-01", "2025-06-30")
    # Mar-25 contract: 25 Feb is a Tuesday → 3 business days before = 20 Feb.
    # Feb-25 contract: 25 Jan is a Saturday → 4 business days before = 21 Jan (20 Jan MLK holiday skipped).
    # Jul-25 contract: 25 Jun Wed → 20 Jun (19 Jun Juneteenth skipped).
    assert list(e) == days("2025-01-21", "2025-02-20", "2025-03-20", "2025-04-22", "2025-05-20", "2025-06-20")


def test_roll_days_are_the_first_session_after_expiry():
    bz = load_bundled("BZ=F").loc["2025-01-01":"2025-06-30"]
    r = roll_days("BZ=F", bz.index)
    assert pd.Timestamp("2025-03-03") in r  # expiry Fri 28 Feb → roll on Mon 3 Mar
    assert all(x in bz.index for x in r)
    cl = load_bundled("CL=F").loc["2025-02-01":"2025-02-28"]
    assert list(roll_days("CL=F", cl.index)) == days("2025-02-21")


def test_flag_rolls_on_returns():
    bz = load_bundled("BZ=F").loc["2025-02-20":"2025-03-10", "close"]
    f = flag_rolls(log_returns(bz), "BZ=F")
    assert f.dtype == bool and f.index.equals(log_returns(bz).index)
    assert list(f[f].index) == days("2025-03-03")


def test_non_futures_have_no_rolls_and_unknown_rules_are_refused():
    sp = load_bundled("^GSPC").loc["2025-01-01":"2025-03-31"]
    assert len(roll_days("^GSPC", sp.index)) == 0
    assert not flag_rolls(log_returns(sp["close"]), "^GSPC").any()
    assert not has_roll_rule("GC=F")
    with pytest.raises(ConfigurationError, match="suspected_rolls"):
        roll_days("GC=F", sp.index)


# --- rolls: data-driven -------------------------------------------------------------


def test_suspected_rolls_flags_a_gap_dominated_move():
    rng = np.random.default_rng(0)
    n = 120
    idx = pd.bdate_range("2025-01-01", periods=n, name="session")
    close = 70 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    close[60:] *= 1.05  # roll: the next contract trades 5 % higher
    open_ = np.r_[close[0], close[:-1]] * np.exp(rng.normal(0, 0.002, n))  # small overnight gaps
    open_[60] = close[60] / 1.001  # the new contract opens near its own close
    frame = pd.DataFrame({"open": open_, "close": close}, index=idx)
    s = suspected_rolls(frame)
    assert list(s[s].index) == [idx[60]]
    with pytest.raises(ConfigurationError, match="open"):
        suspected_rolls(frame[["close"]])


def test_suspected_rolls_on_real_brent_hit_a_rule_roll():
    bz = load_bundled("BZ=F").loc["2024-10-01":"2025-01-31"]
    s = suspected_rolls(bz)
    assert pd.Timestamp("2024-12-02") in s[s].index  # day after the 29 Nov 2024 expiry
    assert pd.Timestamp("2024-12-02") in roll_days("BZ=F", bz.index)


def test_sessions_cache_file_holds_the_calendars_sessions():
    """A later process reads the day's sessions file instead of building the calendar: the same sessions."""
    from marketimpact.prices.cache import cache_root
    from marketimpact.prices.calendars import calendar_sessions, get_calendar

    built = calendar_sessions.__wrapped__("XNYS")  # builds (or reads) and leaves the file
    assert list((cache_root() / "calendars").glob("XNYS-*.npy"))
    read = calendar_sessions.__wrapped__("XNYS")  # from the file
    expected = pd.DatetimeIndex(get_calendar("XNYS").sessions).as_unit("ns")
    assert read.equals(expected) and built.equals(expected) and read.name == "session"


def test_calendars_version_is_the_installed_one():
    """The sessions files are keyed by exchange_calendars' version, read from its dist-info folder's name."""
    import importlib.metadata

    from marketimpact.prices.calendars import _calendars_version

    assert _calendars_version.__wrapped__() == importlib.metadata.version("exchange_calendars")
