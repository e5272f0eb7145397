"""Plain value types shared by every layer (articles, events, claims, windows).

They are frozen dataclasses that an analyst can build by hand: someone who already
knows the event skips :mod:`marketimpact.extract` and constructs an :class:`Event`.
Vocabulary (after exchange_calendars): ``announced_at`` is an instant or a local date,
``session`` is a trading-day label; neither is ever called just "date".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from ._typing import Basis, Direction, Precision
from .errors import WindowError


@dataclass(frozen=True)
class Article:
    """A news article: its text plus whatever metadata is known.

    Attributes
    ----------
    text : str
        The body text, unchanged.
    article_id : str
        Stable identifier (file stem by default).
    headline, publisher, dateline : str or None
        Metadata from the front matter or the caller.
    published : datetime.datetime or datetime.date or None
        Publication instant (tz-aware) or, when the clock time is unknown, a date.
    timezone : str or None
        IANA timezone of the publisher (or of the dateline), used to resolve
        relative dates such as "on Wednesday".
    """

    text: str
    article_id: str = "article"
    headline: str | None = None
    publisher: str | None = None
    published: dt.datetime | dt.date | None = None
    timezone: str | None = None
    dateline: str | None = None
    source_path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def announcement_bounds(day: dt.date, time: dt.time | None, zone: dt.tzinfo,
                        precision: str) -> tuple[dt.datetime, dt.datetime]:
    """(earliest, latest) instant of an announcement: the minute or the hour of ``time`` on
    ``day`` in ``zone``, or the whole local day when no clock time is known."""
    if time is None:
        earliest = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
        return earliest, earliest + dt.timedelta(days=1)
    earliest = dt.datetime.combine(day, time, tzinfo=zone)
    return earliest, earliest + (dt.timedelta(hours=1) if precision == "hour" else dt.timedelta(minutes=1))


@dataclass(frozen=True)
class Event:
    """When the market-moving news became public.

    Attributes
    ----------
    event_id : str
        Key used everywhere downstream (a ticker may appear in many events).
    local_date : datetime.date
        Local calendar date of the announcement in ``timezone``.
    time : datetime.time or None
        Local clock time when the text gives one (precision minute/hour).
    timezone : str
        IANA timezone in which ``local_date``/``time`` are expressed.
    precision : {"minute", "hour", "day"}
    evidence : str
        The sentence that proves the date.
    evidence_span : tuple of int
        Character offsets of ``evidence`` in the article text.
    earliest, latest : datetime.datetime
        Uncertainty interval of the announcement instant (tz-aware).
    confidence : float
        0–1, how sure the extractor is.
    description : str
        Short description of what was announced.
    related : tuple of RelatedDate
        Other dates found in the text with their roles (background, schedule, reaction).
    """

    event_id: str
    local_date: dt.date
    timezone: str
    precision: Precision = "day"
    time: dt.time | None = None
    evidence: str = ""
    evidence_span: tuple[int, int] = (0, 0)
    earliest: dt.datetime | None = None
    latest: dt.datetime | None = None
    confidence: float = 1.0
    description: str = ""
    related: tuple[RelatedDate, ...] = ()
    article_id: str | None = None
    #: every date the extractor weighed, best first (the chosen one included), with its score
    candidates: tuple[DateCandidate, ...] = ()
    #: where the event's time zone came from: clock, place, company, dateline, publisher, user
    timezone_source: str = ""
    #: prices as a witness (:mod:`marketimpact.witness`): dates tried, their fit, whether it changed the date
    witness: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def announced_at(self) -> dt.datetime:
        """Best point estimate of the announcement instant (tz-aware).

        For day precision this is local midnight; use ``earliest``/``latest`` or
        ``precision`` to know that the clock time is unknown.
        """
        from zoneinfo import ZoneInfo

        t = self.time or dt.time(0, 0)
        return dt.datetime.combine(self.local_date, t, tzinfo=ZoneInfo(self.timezone))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (schema of ``marketimpact extract --json``)."""
        return {
            "event_id": self.event_id,
            "date": self.local_date.isoformat(),
            "time": self.time.strftime("%H:%M") if self.time else None,
            "timezone": self.timezone,
            "precision": self.precision,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "sentence": self.evidence,
            "span": list(self.evidence_span),
            "confidence": round(self.confidence, 3),
            "description": self.description,
            "related_dates": [r.to_dict() for r in self.related],
            "timezone_source": self.timezone_source,
            "candidates": [c.to_dict() for c in self.candidates],
            "witness": self.witness,
        }


@dataclass(frozen=True)
class DateCandidate:
    """A date the extractor considered for the announcement, with why.

    ``features`` holds the named scoring terms that were added up into ``score``
    (e.g. ``announce_verb: 1.5``, ``market_reaction: -1.5``); ``role`` is announcement,
    reaction, schedule or background.
    """

    date: dt.date
    text: str
    sentence: str
    span: tuple[int, int]
    role: str
    score: float
    features: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "text": self.text, "role": self.role, "score": round(self.score, 3),
                "features": {k: round(v, 3) for k, v in self.features.items()}, "sentence": self.sentence,
                "span": list(self.span)}


@dataclass(frozen=True)
class RelatedDate:
    """A date in the text that is not the announcement, with its role."""

    value: str
    role: str  # "background", "schedule", "reaction", "publication", "other"
    text: str
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass(frozen=True)
class MarketClaim:
    """A statement in the article about a market move or level.

    ``move_pct`` is signed percent (−2.3 for "fell 2.3%"); ``level`` is the price in
    ``unit``; ``direction`` refers to the quoted ticker (a weaker rouble is RUB=X up).
    """

    instrument: str
    ticker: str | None
    direction: Direction | None
    move_pct: float | None = None
    move_abs: float | None = None
    move_bp: float | None = None
    level: float | None = None
    unit: str | None = None
    basis: Basis = "unspecified"
    session: dt.date | None = None
    session_source: str | None = None  # "text" (the sentence dates it) | "event" (the event's date) | None
    evidence: str = ""
    evidence_span: tuple[int, int] = (0, 0)
    event_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "ticker": self.ticker,
            "direction": self.direction,
            "move_pct": self.move_pct,
            "move_abs": self.move_abs,
            "move_bp": self.move_bp,
            "level": self.level,
            "unit": self.unit,
            "basis": self.basis,
            "session": self.session.isoformat() if self.session else None,
            "session_source": self.session_source,
            "sentence": self.evidence,
            "span": list(self.evidence_span),
        }


@dataclass(frozen=True)
class Window:
    """A closed interval of sessions relative to day 0, ``[start, end]``.

    Accepts ``Window(-5, 5)``; :meth:`coerce` also accepts a tuple.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not isinstance(self.end, int):
            raise WindowError(f"window bounds must be whole sessions, got ({self.start!r}, {self.end!r})")
        if self.start > self.end:
            raise WindowError(
                f"window ({self.start}, {self.end}) is reversed: the start must not be after the end"
            )

    @classmethod
    def coerce(cls, value: Window | tuple[int, int] | list[int]) -> Window:
        if isinstance(value, Window):
            return cls(value.start, value.end)
        try:
            a, b = value
        except (TypeError, ValueError):
            raise WindowError(f"a window is two integers (start, end); got {value!r}") from None
        try:
            ia, ib = int(a), int(b)
        except (TypeError, ValueError, OverflowError):
            raise WindowError(f"a window is two integers (start, end); got {value!r}") from None
        if ia != a or ib != b:
            raise WindowError(f"window bounds must be whole sessions, got {value!r}")
        return cls(ia, ib)

    def __len__(self) -> int:
        return self.end - self.start + 1

    def __contains__(self, rel_day: object) -> bool:
        return isinstance(rel_day, int) and self.start <= rel_day <= self.end

    def __str__(self) -> str:
        return f"({self.start:+d}, {self.end:+d})"


class EventWindow(Window):
    """Event window in sessions relative to day 0; default (−5, +5)."""

    def __init__(self, start: int = -5, end: int = 5) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        self.__post_init__()


class EstimationWindow(Window):
    """Estimation window in sessions relative to day 0; default (−250, −11)."""

    def __init__(self, start: int = -250, end: int = -11) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        self.__post_init__()
