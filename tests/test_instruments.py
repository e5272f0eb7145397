"""The instrument registry: aliases, price times, user extension from a file."""

from __future__ import annotations

import datetime as dt

import pytest

import marketimpact as mi
from marketimpact.errors import ConfigurationError, InvalidTickerError, UnknownTickerError
from marketimpact.instruments import all_instruments, find_instrument


def test_aliases_map_to_tickers():
    assert mi.ticker_for("Brent crude") == "BZ=F"
    assert mi.ticker_for("oil prices") == "BZ=F"
    assert mi.ticker_for("West Texas Intermediate") == "CL=F"
    assert mi.ticker_for("rouble") == "RUB=X"
    assert mi.ticker_for("dollar index") == "DX-Y.NYB"
    assert mi.ticker_for("no such thing") is None


def test_price_times_and_sign_notes():
    assert mi.get_instrument("BZ=F").price_time == dt.time(14, 30)
    assert "down" in mi.get_instrument("RUB=X").sign_note  # a stronger rouble is RUB=X down
    assert mi.get_instrument("BZ=F").continuous_future and not mi.get_instrument("^GSPC").continuous_future


def test_unknown_and_invalid():
    with pytest.raises(UnknownTickerError):
        mi.get_instrument("ZZZZ")
    with pytest.raises(InvalidTickerError):
        mi.get_instrument("../etc/passwd")


def test_register_from_file(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text(
        "ticker,name,aliases,kind,exchange,calendar,timezone,price_time,currency,unit,continuous_future,sign_note\n"
        "ZZQ.OL,Zedquist Offshore,zedquist;zedquist offshore,stock,Oslo Bors,XOSL,Europe/Oslo,16:20,NOK,NOK,no,\n"
    )
    try:
        assert mi.register_instruments(f) == ["ZZQ.OL"]
        assert mi.ticker_for("Zedquist") == "ZZQ.OL"
        assert mi.get_instrument("ZZQ.OL").price_time == dt.time(16, 20)
    finally:
        from marketimpact import instruments

        instruments.clear_registrations()
    assert find_instrument("ZZQ.OL") is None


def test_bad_registry_file(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("ticker,name,price_time\nA/B,x,16:00\n")
    with pytest.raises(ConfigurationError, match="line 2"):
        mi.register_instruments(f)
    with pytest.raises(ConfigurationError, match="cannot read"):
        mi.register_instruments(tmp_path / "missing.csv")


def test_every_registry_row_is_valid():
    from zoneinfo import ZoneInfo

    import exchange_calendars as xc

    names = set(xc.get_calendar_names())
    for inst in all_instruments().values():
        ZoneInfo(inst.timezone)
        assert inst.calendar is None or inst.calendar in names, inst.ticker


def test_unknown_tickers_are_answered_from_the_bundled_ticker_list():
    """find_instrument answers "unknown" from the bundled tables' ticker column alone: that list must hold
    every ticker of the built-in registry (any case), and a known ticker is still found in any case."""
    from marketimpact import instruments

    assert instruments._bundled_upper() == {t.upper() for t in instruments._builtin()}
    assert find_instrument("bz=f").ticker == "BZ=F" and find_instrument("NOT.A.TICKER") is None
    with pytest.raises(InvalidTickerError):
        find_instrument("../etc")
