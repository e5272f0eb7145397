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
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from .._typing import NonTradingPolicy
from ..errors import ConfigurationError, NotASessionError, WindowError
from ..instruments import Instrument, find_instrument
from ..types import Event, Window
from .events import EventTable


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


_RULES = np.array(["same_session", "after_price_time", "next", "previous"], dtype=object)
_NS_DAY = 86_400_000_000_000
_POLICIES = ("next", "previous", "error")


def check_policy(policy: str) -> None:
    """A non-trading policy is one of next, previous, error."""
    if policy not in _POLICIES:
        raise ConfigurationError(f"non-trading policy must be next, previous or error; got {policy!r}")


def day0_positions(
    t0: np.ndarray, t1: np.ndarray, local_ns: np.ndarray, sessions_ns: np.ndarray, instants: np.ndarray,
    policy: NonTradingPolicy,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Day 0 of many events on one series (the rule of the module docstring; one event is N = 1).

    Parameters
    ----------
    t0, t1 : (N,) int64
        Earliest and latest announcement instants, UTC ns (:meth:`.events.EventTable.bounds`).
    local_ns : (N,) int64
        Local announcement dates (naive midnight, ns).
    sessions_ns : (S,) int64
        Sorted session labels (ns); ``instants`` their price instants (UTC ns).

    Returns
    -------
    ``(position, rule_code, ambiguous, error_code)``; rule codes index ``("same_session",
    "after_price_time", "next", "previous")``; error codes: 0 none, 1 not a session (policy
    "error"), 2 no session before (policy "previous"), 3 after the last session.
    """
    n_s = len(sessions_ns)
    pos = np.searchsorted(instants, t0, side="right")
    left = np.searchsorted(sessions_ns, local_ns, side="left")
    is_session = (left < n_s) & (sessions_ns[np.minimum(left, n_s - 1)] == local_ns)
    err = np.zeros(len(t0), dtype=np.int8)
    rule = np.full(len(t0), 2, dtype=np.int8)
    if policy == "error":
        err[~is_session] = 1
    elif policy == "previous":
        prev = ~is_session
        pos = np.where(prev, left - 1, pos)
        rule[prev] = 3
        err[prev & (pos < 0)] = 2
    late = (err == 0) & (rule != 3) & (pos >= n_s)
    err[late] = 3
    p = np.clip(pos, 0, n_s - 1)
    same_day = (sessions_ns[p] // _NS_DAY) * _NS_DAY == local_ns  # day0.date() == local date
    normal = is_session & (rule != 3)
    rule[normal & same_day] = 0
    rule[normal & ~same_day] = 1
    ambiguous = (rule != 3) & (instants[p] < t1)
    return pos, rule, ambiguous, err


def _day(ns: int | np.integer) -> str:
    """YYYY-MM-DD of a ns timestamp."""
    return f"{np.datetime64(int(ns), 'ns').astype('datetime64[D]')}"


def day0_error(code: int, event_id: str, local_ns: int, where: str, sessions_ns: np.ndarray) -> str:
    """The message of a day-0 error code of :func:`day0_positions` (the same text in every engine)."""
    d = _day(local_ns)
    if code == 1:
        return (f"event {event_id}: {d} is not a trading session of {where}; "
                "use non-trading policy 'next' or 'previous'")
    if code == 2:
        return f"event {event_id}: no session of {where} before {d}"
    return f"event {event_id} ({d}) is after the last session of {where} ({_day(sessions_ns[-1])}) in the data"


# ----------------------------------------------------------------------------------------------
# windows: which events can be studied (one implementation; one event is N = 1)
# ----------------------------------------------------------------------------------------------
#: window codes of :func:`window_codes`
WINDOW_OK, WINDOW_OUTSIDE, WINDOW_NO_ESTIMATION, WINDOW_TOO_FEW, WINDOW_SHORT = 0, 1, 2, 3, 4


def window_codes(pos: np.ndarray, n_sessions: int, estimation: tuple[int, int], window: tuple[int, int],
                 min_obs: int) -> np.ndarray:
    """(N,) int8 code per event with day 0 at session ``pos`` of a series of ``n_sessions`` returns.

    0 ok; 1 the event window runs outside the data; 2 no estimation day before the data start;
    3 fewer than ``min_obs`` estimation days (the window starts before the data); 4 kept with fewer
    estimation days than asked (a warning).
    """
    (es, ee), (ws, we) = estimation, window
    code = np.zeros(len(pos), dtype=np.int8)
    code[(pos + ws < 0) | (pos + we >= n_sessions)] = WINDOW_OUTSIDE
    ok = code == 0
    code[ok & (pos + ee < 0)] = WINDOW_NO_ESTIMATION
    short = (code == 0) & (pos + es < 0)
    too_few = short & (pos + ee + 1 < min_obs)
    code[too_few] = WINDOW_TOO_FEW
    code[short & ~too_few] = WINDOW_SHORT
    return code


def window_message(code: int, ticker: str, day0: str, first: str, last: str, estimation: Window | tuple[int, int],
                   window: Window | tuple[int, int], min_obs: int, got: int) -> str:
    """The skip reason (codes 1–3) or warning (code 4) of :func:`window_codes` (one text for every engine).

    ``day0``, ``first``, ``last``: YYYY-MM-DD of day 0 and of the series' first and last sessions;
    ``got``: estimation observations before day 0 (codes 3 and 4).
    """
    est, win = Window.coerce(estimation), Window.coerce(window)
    asked = est.end - est.start + 1
    if code == WINDOW_OUTSIDE:
        return f"event window {win} around {day0} runs outside the data ({first}..{last} for {ticker})"
    if code == WINDOW_NO_ESTIMATION:
        return f"no estimation data before {day0} for {ticker}"
    if code == WINDOW_TOO_FEW:
        return (f"only {got} estimation observations before {day0} for {ticker}; "
                f"at least min_obs = {min_obs} are needed (asked for {asked}; the data start on "
                f"{first}): load earlier prices, or lower min_obs (--min-obs on the command line)")
    return f"estimation window has {got} observations, fewer than the {asked} asked for (data start {first})"


# ----------------------------------------------------------------------------------------------
# entry points
# ----------------------------------------------------------------------------------------------
def event_sessions(
    events: pd.DataFrame | EventTable,
    sessions: pd.DatetimeIndex | dict[str, pd.DatetimeIndex],
    policy: NonTradingPolicy = "next",
) -> pd.DataFrame:
    """Day 0 of many events at once.

    Parameters
    ----------
    events : DataFrame or EventTable
        ``event_id, ticker, date`` and optional ``time`` (HH:MM, local) and ``timezone``
        (IANA; default the instrument's), as for :func:`~.engine.event_study`.
    sessions : DatetimeIndex or dict
        Sorted session labels, one index for all tickers or one per ticker.
    policy : {"next", "previous", "error"}
        Non-trading-day policy.

    Returns
    -------
    DataFrame
        One row per event: ``event_id, ticker, day0, position, rule, ambiguous, error``
        (``error`` is the message :func:`event_session` would raise, else ``None``; ``day0``
        is NaT and ``position`` −1 then).
    """
    from .events import parse_events
    from .spec import BLANK_TICKER

    check_policy(policy)
    ev = events if isinstance(events, EventTable) else parse_events(events)
    n = len(ev)
    t0, t1 = ev.bounds()
    pos = np.full(n, -1, dtype=np.int64)
    rule = np.zeros(n, dtype=np.int8)
    amb = np.zeros(n, dtype=bool)
    day0 = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    errors = np.full(n, None, dtype=object)
    codes, uniq = pd.factorize(pd.Series(ev.ticker, dtype=object))
    for j, ticker in enumerate(uniq):
        sel = np.nonzero(codes == j)[0]
        if not ticker:
            errors[sel] = BLANK_TICKER
            continue
        sess = pd.DatetimeIndex(sessions[ticker] if isinstance(sessions, dict) else sessions)
        if len(sess) == 0:
            errors[sel] = "no sessions in the price data"
            continue
        inst = find_instrument(str(ticker))
        s_ns = sess.as_unit("ns").asi8
        p, r, a, e = day0_positions(t0[sel], t1[sel], ev.local_ns[sel], s_ns, _price_instants(sess, inst), policy)
        ok = e == 0
        pos[sel[ok]] = p[ok]
        rule[sel] = r
        amb[sel] = a & ok
        day0[sel[ok]] = s_ns[p[ok]].astype("datetime64[ns]")
        where = inst.ticker if inst else "the series"
        for k in np.nonzero(~ok)[0]:
            errors[sel[k]] = day0_error(int(e[k]), ev.event_id[sel[k]], int(ev.local_ns[sel[k]]), where, s_ns)
    rules = _RULES[rule].astype(object)
    rules[errors != None] = None  # noqa: E711 - elementwise
    return pd.DataFrame({"event_id": ev.event_id, "ticker": ev.ticker, "day0": day0, "position": pos,
                         "rule": pd.Series(rules, dtype=object), "ambiguous": amb,
                         "error": pd.Series(errors, dtype=object)})


def event_session(
    event: Event,
    sessions: pd.DatetimeIndex,
    instrument: Instrument | None = None,
    policy: NonTradingPolicy = "next",
) -> EventTime:
    """Map ``event`` to day 0 in ``sessions`` (sorted, unique session labels): :func:`day0_positions` with N = 1.

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
    check_policy(policy)
    if len(sessions) == 0:
        raise WindowError("no sessions in the price data")
    table = EventTable.from_events([event])
    t0, t1 = table.bounds()
    s_ns = sessions.as_unit("ns").asi8
    instants = _price_instants(sessions, instrument)
    pos_a, rule_a, amb_a, err_a = day0_positions(t0, t1, table.local_ns, s_ns, instants, policy)
    pos, rule, ambiguous, err = int(pos_a[0]), str(_RULES[rule_a[0]]), bool(amb_a[0]), int(err_a[0])
    where = instrument.ticker if instrument else "the series"
    if err:
        msg = day0_error(err, event.event_id, int(table.local_ns[0]), where, s_ns)
        raise (NotASessionError if err == 1 else WindowError)(msg)
    ptime = f"{instrument.price_time:%H:%M} {instrument.timezone}" if instrument else "16:00 America/New_York"
    notes = {
        "previous": f"{event.local_date} is not a session of {where}; day 0 is the previous session",
        "next": f"{event.local_date} is not a session of {where}; day 0 is the next session",
        "same_session": f"announced before the {ptime} price time",
        "after_price_time": f"announced after the {ptime} price time of {event.local_date}; day 0 is the next session",
    }
    note = notes[rule]
    if ambiguous:
        note = (
            f"clock time unknown ({event.precision} precision): day 0 assumes the announcement came before "
            f"the {ptime} price; if it came later the reaction is on day +1 (see CAR(0,+1))"
        )
    return EventTime(event.event_id, sessions[pos], pos, rule, ambiguous, note)
