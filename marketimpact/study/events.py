"""The events table, read once for every engine (column-wise, no per-row Python loop).

:func:`parse_events` validates a user's table (``event_id, ticker, date`` required; ``time``
``HH:MM`` local, ``timezone`` IANA, ``benchmark`` and ``group`` optional) and returns an
:class:`EventTable`: one array per column, the announcement dates as local nanoseconds and the
announcement uncertainty as a span. :meth:`EventTable.from_events` wraps hand-built
:class:`~marketimpact.types.Event` objects the same way (one event is the N = 1 case), so day 0
(:mod:`.eventtime`) has one implementation for the per-event and the vectorised engines.

Units: instants are int64 nanoseconds (``local_ns`` naive local midnight of the announcement date,
``time_ns`` after it, ``span_ns`` the width of the uncertainty interval: 1 minute, 1 hour or 1 day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from .._tables import parse_dates
from ..errors import ConfigurationError, WindowError
from ..instruments import find_instrument
from ..types import Event

__all__ = ["REQUIRED_EVENT_COLUMNS", "EventTable", "parse_events", "utc_ns"]

REQUIRED_EVENT_COLUMNS = ("event_id", "ticker", "date")
#: default announcement timezone when neither the row nor the instrument names one
DEFAULT_TIMEZONE = "America/New_York"
_NS_MINUTE = 60_000_000_000
_NS_HOUR = 60 * _NS_MINUTE
_NS_DAY = 24 * _NS_HOUR
_SPAN = {"minute": _NS_MINUTE, "hour": _NS_HOUR, "day": _NS_DAY}


@dataclass
class EventTable:
    """Events as columns (one entry per row of the user's table, in its order).

    Attributes
    ----------
    event_id, ticker : (N,) object arrays of str
        ``ticker`` is ``""`` when blank (such an event is skipped with its reason, never dropped).
    benchmark : (N,) object array of str or None
        The row's own benchmark (None when blank: the study's default applies).
    group : (N,) object array or None
    local_ns : (N,) int64
        Local announcement date, naive midnight, in ns.
    time_ns : (N,) int64
        Local clock time in ns after midnight (0 when unknown).
    span_ns : (N,) int64
        Width of the announcement interval: 1 minute, 1 hour or 1 day (clock time unknown).
    timezone : (N,) object array of str
        IANA zone of the announcement (validated).
    """

    event_id: np.ndarray
    ticker: np.ndarray
    benchmark: np.ndarray
    group: np.ndarray | None
    local_ns: np.ndarray
    time_ns: np.ndarray
    span_ns: np.ndarray
    timezone: np.ndarray

    def __len__(self) -> int:
        return len(self.event_id)

    @property
    def has_time(self) -> np.ndarray:
        """(N,) bool: a clock time is known (minute or hour precision)."""
        return self.span_ns < _NS_DAY

    def has_groups(self) -> bool:
        """Whether any event has a group."""
        return self.group is not None and any(
            g is not None and not (isinstance(g, float) and np.isnan(g)) for g in self.group)

    def benchmarks(self, default: str | None) -> np.ndarray:
        """(N,) benchmark of each event: its own, else ``default``."""
        out = self.benchmark.astype(object, copy=True)
        out[np.equal(out, None)] = default  # the cells are str or None
        return out

    def event(self, i: int) -> Event:
        """Row ``i`` as an :class:`~marketimpact.types.Event`."""
        day = np.datetime64(int(self.local_ns[i]), "ns").astype("datetime64[D]").item()
        span = int(self.span_ns[i])
        tm = None
        if span < _NS_DAY:
            s, ns = divmod(int(self.time_ns[i]), 1_000_000_000)
            tm = dt.time(s // 3600, (s // 60) % 60, s % 60, ns // 1000)
        precision = "minute" if span == _NS_MINUTE else "hour" if span == _NS_HOUR else "day"
        return Event(str(self.event_id[i]), day, str(self.timezone[i]), precision, tm)  # type: ignore[arg-type]

    def bounds(self, sel: np.ndarray | slice = slice(None)) -> tuple[np.ndarray, np.ndarray]:
        """Earliest and latest announcement instants (UTC ns) of the events ``sel``.

        Clock time known: ``[date + time, + span)``; day precision: ``[local midnight, next local midnight)``.
        """
        local = self.local_ns[sel] + self.time_ns[sel]
        both = utc_ns(np.concatenate([local, local + self.span_ns[sel]]), np.tile(self.timezone[sel], 2))
        return both[:len(local)], both[len(local):]  # one pass per zone for both ends

    @classmethod
    def from_events(cls, events: Sequence[Event], tickers: Sequence[str] | None = None) -> EventTable:
        """Hand-built events (one ticker each, or none) as a table; the timezones are checked."""
        n = len(events)
        local = np.empty(n, dtype=np.int64)
        tm = np.zeros(n, dtype=np.int64)
        span = np.full(n, _NS_DAY, dtype=np.int64)
        for i, e in enumerate(events):
            local[i] = _date_ns(e.event_id, e.local_date)
            if e.time is not None and e.precision in ("minute", "hour"):
                t = e.time
                tm[i] = ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000_000 + t.microsecond * 1000
                span[i] = _SPAN[e.precision]
        ids = np.array([e.event_id for e in events], dtype=object)
        zones = np.array([e.timezone for e in events], dtype=object)
        _check_zones(ids, zones)
        tick = np.array(list(tickers) if tickers is not None else [""] * n, dtype=object)
        return cls(ids, tick, np.full(n, None, dtype=object), None, local, tm, span, zones)


def _is_blank(value: Any) -> bool:
    """None, NaN/NA or an empty string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _date_ns(event_id: str, day: dt.date) -> int:
    """Naive midnight of ``day`` in ns; a date beyond what nanosecond timestamps hold is a named error."""
    try:
        return int(pd.Timestamp(day).as_unit("ns").value)
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
        raise WindowError(f"event {event_id}: {day} is outside the dates prices can have "
                          f"({pd.Timestamp.min:%Y-%m-%d} to {pd.Timestamp.max:%Y-%m-%d})") from None


def _check_zones(ids: np.ndarray, zones: np.ndarray) -> None:
    """Every zone is an IANA name (checked once per distinct zone)."""
    codes, uniq = _zone_codes(zones)
    for j, z in enumerate(uniq):
        try:
            ZoneInfo(str(z))
            ok = isinstance(z, str) and bool(z.strip())
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            ok = False
        if not ok:
            eid = ids[np.nonzero(codes == j)[0][0]]
            raise ConfigurationError(f"event {eid}: unknown timezone {z!r}; use an IANA name such as Europe/London")


def _zone_codes(zones: np.ndarray) -> tuple[np.ndarray, Any]:
    """``pd.factorize`` of an object array of zone names, at once when every event has the same zone (the
    usual table: hashing 100,000 strings is the slow part)."""
    try:
        if len(zones) and isinstance(zones[0], str) and bool(np.equal(zones, zones[0]).all()):
            return np.zeros(len(zones), dtype=np.intp), np.array([zones[0]], dtype=object)
    except (TypeError, ValueError):  # a cell whose == is not a bool (pd.NA): the general way
        pass
    return pd.factorize(pd.Series(zones, dtype=object))


def _col(events: pd.DataFrame, name: str) -> np.ndarray | None:
    return events[name].to_numpy(dtype=object) if name in events.columns else None


def _per_distinct(col: pd.Series, fn: Any, missing: Any) -> np.ndarray | None:
    """``fn`` of each row's value, evaluated once per distinct value, for a column of strings (``missing``
    where the cell is missing); None when the column holds anything else (the caller goes row by row)."""
    if not (isinstance(col.dtype, pd.StringDtype)
            or (col.dtype == object and pd.api.types.infer_dtype(col, skipna=True) in ("string", "empty"))):
        return None
    codes, uniq = pd.factorize(col)  # missing cells: code -1, the last entry below
    return np.array([*(fn(u) for u in uniq), missing], dtype=object)[codes]


def parse_events(events: pd.DataFrame) -> EventTable:
    """Validate an events table (the one reading of it for every engine).

    Errors (:class:`~marketimpact.errors.ConfigurationError`) name the row: a missing column, a
    duplicate ``event_id``, a date that is missing or not a date, a time that is not ``HH:MM``, an
    unknown timezone, a date outside what prices can have. A blank ticker is not an error here
    (the event is skipped with its reason).
    """
    if not isinstance(events, pd.DataFrame):
        raise ConfigurationError("events must be a DataFrame with event_id, ticker, date")
    missing = [c for c in REQUIRED_EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise ConfigurationError(f"events table is missing column(s) {', '.join(missing)} (needs event_id, ticker, date)")
    if not events["event_id"].is_unique:
        dup = events.loc[events["event_id"].duplicated(), "event_id"].iloc[0]
        raise ConfigurationError(f"duplicate event_id {dup!r}: each event needs its own id")
    n = len(events)
    ids = events["event_id"].astype(str).to_numpy(dtype=object)
    tickers = _per_distinct(events["ticker"], str.strip, "")
    if tickers is None:
        tickers = np.array([t.strip() if isinstance(t, str) else ("" if _is_blank(t) else str(t))
                            for t in events["ticker"].to_numpy(dtype=object)], dtype=object)
    dates = parse_dates(events["date"], lambda i: f"event {ids[i]}: date")
    if dates.isna().any():
        eid = ids[np.nonzero(dates.isna().to_numpy())[0][0]]
        raise ConfigurationError(f"event {eid}: the date is missing (not a date; write YYYY-MM-DD)")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    out_of_range = (dates < pd.Timestamp.min) | (dates > pd.Timestamp.max - pd.Timedelta(days=1))
    if out_of_range.any():  # year 1 or 9999: nanosecond timestamps (and any price data) end in 1677/2262
        k = np.nonzero(out_of_range.to_numpy())[0][0]
        raise ConfigurationError(f"event {ids[k]}: date {dates.iloc[k].date().isoformat()} is outside the dates "
                                 f"prices can have ({pd.Timestamp.min:%Y-%m-%d} to {pd.Timestamp.max:%Y-%m-%d})")
    local_ns = dates.dt.floor("D").astype("datetime64[ns]").to_numpy().astype("int64")
    time_ns = np.zeros(n, dtype="int64")
    span_ns = np.full(n, _NS_DAY, dtype="int64")
    tcol = _col(events, "time")
    if tcol is not None and n:
        is_str = np.array([isinstance(t, str) and bool(t.strip()) for t in tcol], dtype=bool)
        if is_str.any():
            codes, uniq = pd.factorize(pd.Series(tcol[is_str]).str.strip())
            vals = np.empty(len(uniq), dtype="int64")
            for j, s in enumerate(uniq):  # distinct clock times only
                try:
                    tm = dt.time.fromisoformat(s)
                except ValueError:
                    eid = ids[is_str][np.nonzero(codes == j)[0][0]]
                    raise ConfigurationError(f"event {eid}: time {s!r} is not HH:MM") from None
                vals[j] = ((tm.hour * 60 + tm.minute) * 60 + tm.second) * 1_000_000_000 + tm.microsecond * 1000
            time_ns[is_str] = vals[codes]
            span_ns[is_str] = _NS_MINUTE
    # default timezone: the instrument's (looked up once per ticker)
    inv_t, uniq_t = pd.factorize(tickers)  # the tickers are strings here
    tz_default = np.array(
        [(i.timezone if (t and (i := find_instrument(str(t)))) else DEFAULT_TIMEZONE) for t in uniq_t], dtype=object
    )[inv_t] if n else np.array([], dtype=object)
    # the optional columns as object arrays only when the per-distinct path does not apply
    has_tz = "timezone" in events.columns
    own_tz = _per_distinct(events["timezone"], lambda z: z.strip() or None, None) if has_tz else None
    if own_tz is not None:
        tz = np.where(pd.isna(own_tz), tz_default, own_tz)
    elif has_tz:
        tz = np.array([z.strip() if isinstance(z, str) and z.strip() else d
                       for z, d in zip(_col(events, "timezone"), tz_default)], dtype=object)
    else:
        tz = tz_default.astype(object)
    _check_zones(ids, tz)
    has_bench = "benchmark" in events.columns
    bench = _per_distinct(events["benchmark"], lambda b: b if b.strip() else None, None) if has_bench else None
    if bench is None:
        bench = (np.array([b if isinstance(b, str) and b.strip() else None for b in _col(events, "benchmark")],
                          dtype=object) if has_bench else np.full(n, None, dtype=object))
    return EventTable(ids, tickers, bench, _col(events, "group"), local_ns, time_ns, span_ns, tz)


def utc_ns(local_ns: np.ndarray, tz_names: np.ndarray) -> np.ndarray:
    """UTC ns of naive local instants in their IANA zones.

    Vectorised per zone; the rare instants that are ambiguous or do not exist (DST changes) are
    converted like ``datetime.combine(..., tzinfo=ZoneInfo(tz))`` does (fold = 0), one by one.
    """
    out = np.empty(len(local_ns), dtype="int64")
    codes, zones = _zone_codes(tz_names)
    for j, zone in enumerate(zones):
        sel = np.nonzero(codes == j)[0] if len(zones) > 1 else np.arange(len(local_ns))
        zi = ZoneInfo(str(zone))
        at, distinct = pd.factorize(local_ns[sel])  # many events share a day: each instant converted once
        idx = pd.DatetimeIndex(distinct.astype("datetime64[ns]"))
        try:
            loc = idx.tz_localize(str(zone), ambiguous="NaT", nonexistent="NaT")
        except pd.errors.OutOfBoundsDatetime:  # a day at the very end of the ns range
            raise WindowError(f"an announcement in {zone} is outside the dates prices can have "
                              f"({pd.Timestamp.min:%Y-%m-%d} to {pd.Timestamp.max:%Y-%m-%d})") from None
        vals = loc.as_unit("ns").asi8.copy()
        nat = np.asarray(loc.isna())
        for k in np.nonzero(nat)[0]:  # DST edge cases only
            naive = idx[k].to_pydatetime()
            vals[k] = pd.Timestamp(naive.replace(tzinfo=zi)).tz_convert("UTC").as_unit("ns").value
        out[sel] = vals[at]
    return out
