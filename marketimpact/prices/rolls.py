"""Roll days of continuous front-month futures series (Yahoo ``BZ=F``, ``CL=F``, ``NG=F``, ``TTF=F``).

A continuous front-month series switches contract when the front month expires. The
close-to-close return on the first session after an expiry compares two different
contracts (old contract's last settle vs new contract's settle), so part of it is the
calendar spread, not news. Event windows containing such a day must be flagged.

Contract rules (last trading day of the contract for delivery month *M*):

* **ICE Brent** (``BZ=F``; NYMEX BZ mirrors it): the last business day of the second
  month preceding *M* (e.g. the April 2025 contract expired on 28 Feb 2025).
  Reference: ICE Futures Europe, *Brent Crude Futures* contract specification,
  "Last Trading Day" (rule in force since the March 2016 contract); CME Group,
  *Brent Last Day Financial Futures (BZ)* contract specs.
* **NYMEX WTI** (``CL=F``): trading terminates 3 business days before the 25th
  calendar day of the month preceding *M*; if the 25th is not a business day, 4
  business days before the 25th (e.g. March 2025 contract: 20 Feb 2025).
  Reference: CME Group, *Light Sweet Crude Oil Futures* contract specs / NYMEX
  Rulebook chapter 200, 200101.
* **NYMEX Henry Hub** (``NG=F``): the 3rd last business day of the month preceding *M*.
  Reference: CME Group, *Henry Hub Natural Gas Futures* contract specs (NYMEX Rulebook ch. 220).
* **ICE Endex Dutch TTF** (``TTF=F``): two UK business days before the first calendar
  day of *M*. Reference: ICE Endex, *Dutch TTF Natural Gas Futures* contract specification.

Business days are approximated by an exchange calendar's sessions (``XLON`` for ICE
London contracts, ``XNYS`` for NYMEX, whose holidays match NYMEX settlement
holidays): CME's own calendar counts US holidays as sessions although no
settlement is published. Yahoo switches the continuous series on the session after
expiry, so the roll day returned is the first *given* session strictly after the
expiry date (a holiday-shifted roll still lands on a trading day of the data).

Metals (``GC=F``, ``SI=F``, ``HG=F``) roll on Yahoo's own volume-based schedule before
first notice; there is no published rule to reproduce, so they have no rule here: use
:func:`suspected_rolls` on their bars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ConfigurationError
from ..instruments import find_instrument
from .calendars import sessions_between


@dataclass(frozen=True)
class RollRule:
    """How a contract's last trading day follows from its delivery month."""

    name: str
    calendar: str  # exchange_calendars code whose sessions are the business days
    expiry: Callable[[pd.Timestamp, pd.DatetimeIndex], pd.Timestamp]  # (delivery month start, bdays) → expiry
    reference: str


def _month_start(ts: pd.Timestamp, months: int) -> pd.Timestamp:
    return (ts + pd.DateOffset(months=months)).replace(day=1)


def _brent_expiry(delivery: pd.Timestamp, bdays: pd.DatetimeIndex) -> pd.Timestamp:
    m2 = _month_start(delivery, -2)
    end = _month_start(delivery, -1) - pd.Timedelta(days=1)
    return bdays[(bdays >= m2) & (bdays <= end)][-1]


def _wti_expiry(delivery: pd.Timestamp, bdays: pd.DatetimeIndex) -> pd.Timestamp:
    prev = _month_start(delivery, -1)
    the25th = prev.replace(day=25)
    before = bdays[bdays < the25th]
    n = 3 if the25th in bdays else 4
    return before[-n]


def _ng_expiry(delivery: pd.Timestamp, bdays: pd.DatetimeIndex) -> pd.Timestamp:
    prev = _month_start(delivery, -1)
    return bdays[(bdays >= prev) & (bdays < delivery)][-3]


def _ttf_expiry(delivery: pd.Timestamp, bdays: pd.DatetimeIndex) -> pd.Timestamp:
    return bdays[bdays < delivery][-2]


RULES: dict[str, RollRule] = {
    "BZ=F": RollRule(
        "ICE Brent", "XLON", _brent_expiry, "ICE Futures Europe Brent Crude Futures spec, Last Trading Day"
    ),
    "CL=F": RollRule("NYMEX WTI", "XNYS", _wti_expiry, "CME Group Light Sweet Crude Oil Futures spec (Rule 200101)"),
    "NG=F": RollRule("NYMEX Henry Hub", "XNYS", _ng_expiry, "CME Group Henry Hub Natural Gas Futures spec"),
    "TTF=F": RollRule("ICE Endex TTF", "XLON", _ttf_expiry, "ICE Endex Dutch TTF Natural Gas Futures spec"),
}


def has_roll_rule(ticker: str) -> bool:
    """True when :func:`roll_days` knows the contract rule of ``ticker``."""
    return ticker.upper() in RULES


def is_continuous_future(ticker: str) -> bool:
    """Registry column ``continuous_future`` (``False`` for unregistered tickers)."""
    inst = find_instrument(ticker)
    return bool(inst and inst.continuous_future)


def expiries(ticker: str, start: dt.date | str | pd.Timestamp, end: dt.date | str | pd.Timestamp) -> pd.DatetimeIndex:
    """Last trading days of the front contracts expiring between ``start`` and ``end`` (inclusive).

    Raises
    ------
    ConfigurationError
        No contract rule for ``ticker``.
    """
    rule = RULES.get(ticker.upper())
    if rule is None:
        raise ConfigurationError(
            f"no futures expiry rule for {ticker!r} (rules: {', '.join(RULES)}); use suspected_rolls() on its bars"
        )
    s, e = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    bdays = sessions_between(rule.calendar, s - pd.Timedelta(days=40), e + pd.Timedelta(days=100))
    out = []
    month = _month_start(s, 0)
    while month <= _month_start(e, 3):
        try:
            x = rule.expiry(month, bdays)
        except IndexError:  # month outside the calendar's span
            x = None
        if x is not None and s <= x <= e:
            out.append(x)
        month = _month_start(month, 1)
    return pd.DatetimeIndex(sorted(set(out)), name="expiry")


def roll_days(ticker: str, sessions: pd.DatetimeIndex | pd.Index) -> pd.DatetimeIndex:
    """Sessions (among ``sessions``) on which the continuous series has switched contract.

    For each expiry between the first and last session: the first session strictly
    after it. Empty for instruments that are not continuous futures.

    Parameters
    ----------
    ticker
        Yahoo symbol, e.g. ``BZ=F``.
    sessions
        The series' trading days (date labels).

    Raises
    ------
    ConfigurationError
        A continuous future without a known contract rule (metals).
    """
    idx = pd.DatetimeIndex(sessions)
    idx = (idx.tz_localize(None) if idx.tz is not None else idx).normalize().unique().sort_values().as_unit("ns")
    if len(idx) < 2 or (not is_continuous_future(ticker) and not has_roll_rule(ticker)):
        return pd.DatetimeIndex([], name="session")
    out = []
    for x in expiries(ticker, idx[0], idx[-1]):
        pos = idx.searchsorted(x, side="right")
        if pos < len(idx):
            out.append(idx[pos])
    return pd.DatetimeIndex(sorted(set(out)), name="session")


def roll_message(ticker: str, days: list[tuple[str, int]]) -> str:
    """The warning for an event window with roll returns: ``days`` are (YYYY-MM-DD, rel_day) pairs.

    One text for the per-event and the batch study, so their warnings compare equal.
    """
    listed = ", ".join(f"{d} (day {r:+d})" for d, r in days)
    return (f"{ticker} is a continuous front-month series and rolls to the next contract on {listed}: "
            "that return mixes two contracts")


def flag_rolls(returns: pd.Series | pd.DataFrame, ticker: str) -> pd.Series:
    """Boolean Series on ``returns``' index: True where the return spans a contract roll.

    The sessions are taken from the returns' index (the return on session *t* uses the
    previous row), so the roll day is the first return after an expiry.
    """
    days = roll_days(ticker, returns.index)
    idx = pd.DatetimeIndex(returns.index)
    norm = (idx.tz_localize(None) if idx.tz is not None else idx).normalize()
    return pd.Series(np.asarray(norm.isin(days)), index=returns.index, name="roll", dtype=bool)


def suspected_rolls(frame: pd.DataFrame, z: float = 4.0, dominance: float = 0.7) -> pd.Series:
    """Data-driven roll check: sessions whose move is mostly an overnight gap of unusual size.

    On a roll day the "previous close" is the old contract and the open is already the
    new one, so ln(open_t / close_{t−1}) carries the calendar spread while the
    intraday part ln(close_t / open_t) is ordinary. A session is suspected when

    * |gap| > ``z`` × robust σ of all gaps (σ = 1.4826 × median absolute deviation),
    * and |gap| ≥ ``dominance`` × (|gap| + |intraday|).

    Parameters
    ----------
    frame
        Bars with ``open`` and ``close`` (any positive price unit), sorted by session.
    z
        Threshold in robust standard deviations of the gap (default 4).
    dominance
        Share of the absolute move that must be gap (0–1, default 0.7).

    Returns
    -------
    pandas.Series
        Boolean, on ``frame``'s index (first row False: no previous close).
    """
    for col in ("open", "close"):
        if col not in frame.columns:
            raise ConfigurationError(f"suspected_rolls needs an {col!r} column")
    o = frame["open"].astype("float64")
    c = frame["close"].astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.log(o / c.shift(1))
        intraday = np.log(c / o)
    valid = gap.notna() & np.isfinite(gap) & np.isfinite(intraday)
    g = gap[valid]
    if g.empty:
        return pd.Series(False, index=frame.index, name="suspected_roll")
    sigma = 1.4826 * float((g - g.median()).abs().median())
    if sigma <= 0:
        sigma = float(g.std(ddof=1)) if len(g) > 1 else 0.0
    big = gap.abs() > z * sigma if sigma > 0 else gap.abs() > 0
    dom = gap.abs() >= dominance * (gap.abs() + intraday.abs())
    return (big & dom & valid).rename("suspected_roll").astype(bool)
