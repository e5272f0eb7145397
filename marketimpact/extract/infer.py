"""When the text has market claims but no usable date: which sessions fit the claims?

:func:`infer_date_from_claims` compares every claim that has a bundled price history
(offline, :func:`marketimpact.prices.load_bundled`) with each session:

* ``move_pct`` against the close-to-close change in percent (for an *intraday* claim
  also against the move to the session's high or low, whichever is in the claim's
  direction; the smaller distance counts);
* ``level`` against the close (for an intraday claim: 0 inside the day's low–high
  range, else the distance to the nearer end), as a percentage of the level.

A session's score is the mean distance over the comparable numbers of all claims
(percentage points; lower is better). Claims whose ticker is not bundled are skipped
and listed in the result. Sessions can be restricted to ``candidates`` or a
``weekday``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import ConfigurationError
from ..types import MarketClaim

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class SessionCandidate:
    """A session consistent with the claims: ``score`` is the mean distance (lower = better);
    ``distances`` maps ``"<ticker> move_pct"`` / ``"<ticker> level"`` to its own distance."""

    session: dt.date
    score: float
    distances: dict[str, float] = field(default_factory=dict)


def _weekday_index(weekday: int | str | None) -> int | None:
    if weekday is None:
        return None
    if isinstance(weekday, int):
        if not 0 <= weekday <= 6:
            raise ConfigurationError("weekday must be 0 (Monday) … 6 (Sunday)")
        return weekday
    name = str(weekday).strip().lower()
    for i, w in enumerate(_WEEKDAYS):
        if w.startswith(name[:3]) and len(name) >= 3:
            return i
    raise ConfigurationError(f"unknown weekday {weekday!r}; use Monday … Sunday")


def _as_date(x: object) -> dt.date:
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    return dt.date.fromisoformat(str(x))


def _claim_distance(claim: MarketClaim, row, prev_close: float) -> dict[str, float]:
    out: dict[str, float] = {}
    close = float(row["close"])
    high = float(row["high"]) if "high" in row and row["high"] == row["high"] else close
    low = float(row["low"]) if "low" in row and row["low"] == row["low"] else close
    intraday = claim.basis == "intraday"
    if claim.move_pct is not None and prev_close > 0:
        moves = [100.0 * (close / prev_close - 1.0)]
        if intraday:
            extreme = high if claim.move_pct >= 0 else low
            moves.append(100.0 * (extreme / prev_close - 1.0))
        out["move_pct"] = min(abs(m - claim.move_pct) for m in moves)
    if claim.level is not None and claim.level > 0:
        if intraday and low <= claim.level <= high:
            d = 0.0
        elif intraday:
            d = min(abs(claim.level - low), abs(claim.level - high))
        else:
            d = abs(claim.level - close)
        out["level"] = 100.0 * d / claim.level
    return out


def infer_date_from_claims(
    claims: Iterable[MarketClaim],
    candidates: Iterable[dt.date | str] | None = None,
    weekday: int | str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    top: int = 10,
) -> list[SessionCandidate]:
    """Sessions of the bundled prices ranked by how well they fit ``claims``.

    Parameters
    ----------
    claims
        Market claims (e.g. from :func:`extract_claims`); only those with a bundled
        ticker and a ``move_pct`` or ``level`` are used.
    candidates
        Only these sessions (dates) are scored.
    weekday
        Only sessions on this weekday ("Wednesday" or 2).
    start, end
        Only sessions in this range (inclusive).
    top
        How many candidates to return (best first).

    Raises
    ------
    ConfigurationError
        No claim can be compared with bundled prices.
    """
    from ..prices import bundled_tickers, load_bundled

    bundled = set(bundled_tickers())
    usable = [c for c in claims if c.ticker in bundled and (c.move_pct is not None or c.level is not None)]
    if not usable:
        raise ConfigurationError(
            "no claim has a bundled ticker with a move or level to compare; bundled: " + ", ".join(sorted(bundled))
        )
    wd = _weekday_index(weekday)
    only = {_as_date(c) for c in candidates} if candidates is not None else None
    d0 = _as_date(start) if start is not None else None
    d1 = _as_date(end) if end is not None else None

    per_session: dict[dt.date, dict[str, float]] = {}
    counts: dict[dt.date, int] = {}
    for i, claim in enumerate(usable):
        df = load_bundled(claim.ticker)  # type: ignore[arg-type]
        closes = df["close"].to_numpy()
        sessions = [ts.date() for ts in df.index]
        for j in range(1, len(sessions)):
            s = sessions[j]
            if (only is not None and s not in only) or (wd is not None and s.weekday() != wd):
                continue
            if (d0 and s < d0) or (d1 and s > d1):
                continue
            dist = _claim_distance(claim, df.iloc[j], float(closes[j - 1]))
            bucket = per_session.setdefault(s, {})
            for k, v in dist.items():
                bucket[f"{claim.ticker} {k}" + (f" #{i}" if f"{claim.ticker} {k}" in bucket else "")] = round(v, 4)
            counts[s] = counts.get(s, 0) + 1
    need = len(usable)
    ranked = [
        SessionCandidate(s, round(sum(d.values()) / len(d), 4), d)
        for s, d in per_session.items()
        if d and counts.get(s) == need  # every claim's ticker traded that session
    ]
    ranked.sort(key=lambda c: (c.score, c.session))
    return ranked[: max(1, top)]
