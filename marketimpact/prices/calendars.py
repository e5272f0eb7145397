"""Trading calendars per ticker: a thin layer over ``exchange_calendars``.

The registry (``instruments.csv``, column ``calendar``) names one exchange_calendars
code per instrument (``CMES`` for NYMEX/COMEX futures, ``XNYS`` for US indices…).
FX and crypto have no exchange: they get ``None`` and a simple rule instead
(Monday–Friday for FX, every day for crypto).

Why this exists: the loader needs the *expected* sessions to tell a partial Yahoo
response from a holiday, and the study needs :func:`missing_sessions` for gap warnings.

Known disagreement, kept on purpose: ``CMES`` counts US public holidays (Presidents'
Day, Thanksgiving…) as sessions because Globex trades, but no settlement is published,
so Yahoo's ``BZ=F``/``CL=F`` have no row there. :func:`missing_sessions` reports them;
callers that need tolerance (the loader) allow one-session gaps at the edges.
"""

from __future__ import annotations

import datetime as dt
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .._typing import DateLike
from ..errors import ConfigurationError
from ..instruments import find_instrument, get_instrument

if TYPE_CHECKING:
    from exchange_calendars import ExchangeCalendar

#: Earliest date we ask exchange_calendars to evaluate (clipped to each calendar's own bound).
_EARLIEST = pd.Timestamp("1985-01-01")


@lru_cache(maxsize=32)
def get_calendar(code: str) -> ExchangeCalendar:
    """The exchange_calendars calendar ``code`` spanning 1985 (or its first date) to its default end.

    Cached: building a calendar takes ~0.1 s.

    Raises
    ------
    ConfigurationError
        ``code`` is not an exchange_calendars name.
    """
    import exchange_calendars as xc  # lazy: ~0.3 s import

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # exchange_calendars' own pandas-3 deprecation notices
        try:  # one construction (each builds its holidays: ~0.5 s) when 1985 is inside the calendar's bound
            return xc.get_calendar(code, start=_EARLIEST)
        except xc.errors.InvalidCalendarName:
            raise ConfigurationError(f"unknown exchange calendar {code!r}") from None
        except ValueError:  # the calendar starts later (XTKS, XBOM: 1997): from its own first date
            bound = type(xc.get_calendar(code)).bound_min()
        start = max(_EARLIEST, pd.Timestamp(bound)) if bound is not None else _EARLIEST
        return xc.get_calendar(code, start=start)


@lru_cache(maxsize=1)
def _calendars_version() -> str:
    """The installed exchange_calendars' version (the cache files' key): the name of its ``.dist-info``
    folder beside the package, found without importing either (``importlib.metadata`` costs 10–25 ms
    to import and search); ``importlib.metadata`` when there is no single such folder."""
    import importlib.util

    spec = importlib.util.find_spec("exchange_calendars")
    if spec is not None and spec.origin:
        found = list(Path(spec.origin).parent.parent.glob("exchange_calendars-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("exchange_calendars-") : -len(".dist-info")]
    import importlib.metadata

    return importlib.metadata.version("exchange_calendars")


@lru_cache(maxsize=32)
def calendar_sessions(code: str) -> pd.DatetimeIndex:
    """Every session of :func:`get_calendar` ``(code)`` (naive dates), what :func:`sessions` and the futures
    expiry rules read.

    Building a calendar costs ~0.1–0.5 s of CPU (its holiday rules over four decades) plus the
    exchange_calendars import; the sessions are therefore kept once a day in the cache folder
    (``$MARKETIMPACT_CACHE_DIR/calendars/<code>-<exchange_calendars version>-<date>.npy``, the same
    sessions the calendar gives: its default end moves with the date) and read from there by later
    processes. A cache that cannot be read or written is skipped (the calendar is built).
    """
    import numpy as np

    try:
        from .cache import cache_root

        version = _calendars_version()
        path = cache_root() / "calendars" / f"{code}-{version}-{dt.date.today():%Y%m%d}.npy"
    except Exception:  # no cache folder or no metadata: build the calendar
        path = None
    if path is not None and path.is_file():
        try:
            days = np.load(path, allow_pickle=False)
            if days.dtype == np.int64 and days.ndim == 1 and days.size:
                return pd.DatetimeIndex(days.astype("datetime64[ns]"), name="session")
        except (OSError, ValueError):
            pass
    cal = get_calendar(code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = pd.DatetimeIndex(cal.sessions, name="session").as_unit("ns")
    if path is not None:
        from .._io import atomic_write

        try:
            atomic_write(path, lambda fh: np.save(fh, out.asi8, allow_pickle=False))
        except OSError:  # a read-only cache: build next time too
            pass
    return out


def sessions_between(code: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """Sessions of calendar ``code`` in ``[start, end]`` (clipped to the calendar's span)."""
    days = calendar_sessions(code)
    lo, hi = days.searchsorted(start, side="left"), days.searchsorted(end, side="right")
    return days[lo:hi]


def calendar_for(ticker: str) -> ExchangeCalendar | None:
    """The calendar named in the registry for ``ticker``; ``None`` for FX/crypto (no exchange).

    Raises
    ------
    UnknownTickerError
        ``ticker`` is not in the instrument registry.
    """
    inst = get_instrument(ticker)
    return get_calendar(inst.calendar) if inst.calendar else None


def _day(value: DateLike, name: str) -> pd.Timestamp:
    """``value`` as a tz-naive midnight Timestamp (its local date), or a named error.

    The one date parser of the prices layer (:func:`~.loader.to_date` uses it too).
    """
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"{name}: {value!r} is not a date (use YYYY-MM-DD)") from None
    if ts is pd.NaT:
        raise ConfigurationError(f"{name}: missing date")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def sessions(ticker: str, start: DateLike, end: DateLike) -> pd.DatetimeIndex:
    """Trading sessions of ``ticker`` between ``start`` and ``end`` (inclusive), as naive dates.

    With a registry calendar: its sessions (clipped to the calendar's evaluable span).
    Without one: every day for crypto, Monday–Friday otherwise (FX trades around the
    clock on weekdays; Yahoo's FX rows follow that). Tickers absent from the registry
    use Monday–Friday too, so this never fails on an unregistered symbol.
    """
    s, e = _day(start, "start"), _day(end, "end")
    if s > e:
        return pd.DatetimeIndex([], name="session")
    inst = find_instrument(ticker)
    if inst is not None and inst.calendar:
        return sessions_between(inst.calendar, s, e)
    freq = "D" if inst is not None and inst.kind == "crypto" else "B"
    return pd.date_range(s, e, freq=freq, name="session").as_unit("ns")


def _frame_days(ticker: str, index: pd.Index) -> pd.DatetimeIndex:
    """Dates of a price index: daily labels as is, intraday stamps as local (exchange-time) dates."""
    idx = pd.DatetimeIndex(index)
    if idx.tz is not None:
        inst = find_instrument(ticker)
        tz = inst.timezone if inst is not None else "UTC"
        idx = idx.tz_convert(tz).tz_localize(None)
    return pd.DatetimeIndex(idx.normalize().unique()).as_unit("ns")


def missing_sessions(ticker: str, frame: pd.DataFrame | pd.Series) -> pd.DatetimeIndex:
    """Sessions of ``ticker``'s calendar, between the frame's first and last row, absent from it.

    Used for gap warnings (a window that spans missing sessions measures a return over
    more than one day). Intraday frames are compared by local trading date.
    """
    if len(frame.index) == 0:
        return pd.DatetimeIndex([], name="session")
    days = _frame_days(ticker, frame.index)
    expected = sessions(ticker, days.min(), days.max())
    return expected.difference(days).rename("session")


def holidays(ticker: str, start: DateLike, end: DateLike) -> pd.DatetimeIndex:
    """Weekdays between ``start`` and ``end`` on which ``ticker``'s exchange is closed.

    Empty for FX/crypto (no exchange calendar).
    """
    inst = find_instrument(ticker)
    if inst is None or not inst.calendar:
        return pd.DatetimeIndex([], name="session")
    weekdays = pd.date_range(_day(start, "start"), _day(end, "end"), freq="B").as_unit("ns")
    return weekdays.difference(sessions(ticker, start, end)).rename("session")


def is_session(ticker: str, day: DateLike) -> bool:
    """True when ``day`` is a trading session of ``ticker``."""
    d = _day(day, "day")
    return bool(len(sessions(ticker, d, d)))


def last_complete_day(now: dt.datetime | None = None) -> dt.date:
    """Yesterday in UTC: the last day whose daily bars can be final everywhere.

    Why: a bar for *today* may still be moving (or not yet published), so it is never
    recorded as covered in the cache.
    """
    now = now or dt.datetime.now(dt.UTC)
    return (now.astimezone(dt.UTC) - dt.timedelta(days=1)).date()
