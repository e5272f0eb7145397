"""Prices as a witness: when the text leaves two announcement dates close, let the article's
own market claims choose between them.

The extractor ranks every date of the text (``Event.candidates``). When the runner-up
announcement candidates score within :data:`MARGIN` of the best one and fall on a
different day, each date is tried as the event: every claim about the event's session
("Brent fell 2.3% to $75.25", no day of its own) is checked against that date's day-0
session of its instrument (:func:`marketimpact.study.check_claim`, the same rule as the
claim report). A date's **fit** is the share of its checkable claims found consistent. The
text's choice stands unless another date fits strictly better by at least
:data:`MIN_GAIN`; the result says which dates were tried, their fit, and whether the data
changed the choice (``Event.witness``, in the JSON as ``event.witness``).

This module sits above ``extract`` and ``study`` (it uses both) and below ``analysis``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pandas as pd

from .instruments import find_instrument
from .types import Event, MarketClaim, announcement_bounds

#: runner-up candidates within this many score points of the best are tried
MARGIN = 2.0
#: a date replaces the text's choice only if its fit is higher by at least this much
MIN_GAIN = 0.5
#: at most this many dates are tried
MAX_DATES = 3

BarsFor = Callable[[str, list[dt.date]], "pd.DataFrame | None"]


def _on(event: Event, day: dt.date) -> Event:
    """``event`` moved to ``day`` (same clock time, zone and precision)."""
    earliest, latest = announcement_bounds(day, event.time, ZoneInfo(event.timezone), event.precision)
    return dataclasses.replace(event, local_date=day, earliest=earliest, latest=latest)


def _fit(event: Event, claims: list[MarketClaim], bars_for: BarsFor) -> tuple[float | None, int, list[str]]:
    """(share of checkable claims consistent on ``event``'s day 0, how many were checkable, notes)."""
    from .study import check_claim, event_session

    ok = n = 0
    notes: list[str] = []
    for c in claims:
        if c.ticker is None or (c.session_source == "text" and c.session is not None):
            continue  # unknown instrument, or a claim that names its own day
        bars = bars_for(c.ticker, [event.local_date])
        if bars is None or bars.empty:
            continue
        try:
            day0 = event_session(event, pd.DatetimeIndex(bars.index), find_instrument(c.ticker)).day0
        except Exception as exc:  # a date outside the data: not checkable here
            notes.append(f"{c.ticker}: {exc}")
            continue
        verdict = check_claim(c, bars, day0).verdict
        if verdict in ("consistent", "inconsistent"):
            n += 1
            ok += verdict == "consistent"
    return (ok / n if n else None), n, notes


def witness(event: Event, claims: list[MarketClaim], bars_for: BarsFor) -> Event:
    """``event``, possibly moved to the candidate date the claims fit best, with ``witness`` set.

    ``bars_for(ticker, days)`` returns a session-indexed frame of that ticker's daily bars
    (``close``, optionally ``high``/``low``) covering ``days``, or None when unavailable.
    """
    best = event.candidates[0] if event.candidates else None
    if best is None or best.date != event.local_date:
        return dataclasses.replace(event, witness={"used": False, "reason": "no date candidates from the text"})
    dates = [event.local_date]
    for c in event.candidates[1:]:
        if c.role == "announcement" and c.score >= best.score - MARGIN and c.date not in dates:
            dates.append(c.date)
        if len(dates) >= MAX_DATES:
            break
    if len(dates) == 1:
        return dataclasses.replace(event, witness={"used": False, "reason": "no close runner-up date"})
    fits: dict[str, dict] = {}
    for day in dates:
        fit, n, _notes = _fit(_on(event, day), claims, bars_for)
        fits[day.isoformat()] = {"fit": None if fit is None else round(fit, 3), "checkable_claims": n}
    base = fits[dates[0].isoformat()]["fit"]
    scored = [(d, fits[d.isoformat()]["fit"]) for d in dates if fits[d.isoformat()]["fit"] is not None]
    if not scored:
        return dataclasses.replace(event, witness={"used": False, "reason": "no claim could be checked", "dates": fits})
    top_day, top_fit = max(scored, key=lambda x: (x[1], x[0] == dates[0]))
    changed = top_day != dates[0] and (base is None or top_fit >= base + MIN_GAIN)
    info = {"used": True, "changed": changed, "text_choice": dates[0].isoformat(), "dates": fits,
            "rule": f"claims' fit on each date's day 0; a change needs +{MIN_GAIN} fit"}
    if not changed:
        return dataclasses.replace(event, witness=info)
    cand = next(c for c in event.candidates if c.date == top_day)
    moved = _on(event, top_day)
    return dataclasses.replace(moved, evidence=cand.sentence, witness=info)
