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

import numpy as np
import pandas as pd

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


def _claim_distances(claim: MarketClaim, close: np.ndarray, prev: np.ndarray, high: np.ndarray,
                     low: np.ndarray) -> dict[str, np.ndarray]:
    """Distances of ``claim`` to every session at once (percentage points; NaN = not comparable).

    ``close``, ``high``, ``low`` are the session's prices and ``prev`` the previous close (high
    and low fall back to the close where missing).
    """
    out: dict[str, np.ndarray] = {}
    intraday = claim.basis == "intraday"
    with np.errstate(divide="ignore", invalid="ignore"):
        if claim.move_pct is not None:
            d = np.abs(100.0 * (close / prev - 1.0) - claim.move_pct)
            if intraday:
                extreme = high if claim.move_pct >= 0 else low
                d = np.minimum(d, np.abs(100.0 * (extreme / prev - 1.0) - claim.move_pct))
            out["move_pct"] = np.where(prev > 0, d, np.nan)
        if claim.level is not None and claim.level > 0:
            lv = claim.level
            if intraday:
                d = np.where((low <= lv) & (lv <= high), 0.0, np.minimum(np.abs(lv - low), np.abs(lv - high)))
            else:
                d = np.abs(lv - close)
            out["level"] = 100.0 * d / lv
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

    # one pass per claim over all sessions at once (arrays), then dictionaries for the best few only
    common: pd.DatetimeIndex | None = None
    per_claim: list[tuple[MarketClaim, pd.DataFrame]] = []
    frames: dict[str, pd.DataFrame] = {}
    for claim in usable:
        ticker = str(claim.ticker)
        if ticker not in frames:
            df = load_bundled(ticker)
            close = df["close"].to_numpy(dtype=float)
            high = df["high"].to_numpy(dtype=float) if "high" in df else close
            low = df["low"].to_numpy(dtype=float) if "low" in df else close
            frames[ticker] = pd.DataFrame(
                {"close": close[1:], "prev": close[:-1], "high": np.where(np.isnan(high), close, high)[1:],
                 "low": np.where(np.isnan(low), close, low)[1:]},
                index=pd.DatetimeIndex(df.index[1:]).normalize(),
            )
        f = frames[ticker]
        per_claim.append((claim, f))
        common = f.index if common is None else common.intersection(f.index)  # every claim's ticker traded
    assert common is not None
    keep = np.ones(len(common), dtype=bool)
    days = np.array([ts.date() for ts in common], dtype=object)
    if only is not None:
        keep &= np.array([d in only for d in days], dtype=bool)
    if wd is not None:
        keep &= common.day_of_week.to_numpy() == wd
    if d0 is not None:
        keep &= common >= pd.Timestamp(d0)
    if d1 is not None:
        keep &= common <= pd.Timestamp(d1)
    common, days = common[keep], days[keep]
    columns: list[tuple[int, str, np.ndarray]] = []  # (claim number, "move_pct"/"level", distances on common)
    total = np.zeros(len(common))
    n = np.zeros(len(common), dtype=np.int64)
    aligned: dict[int, list[np.ndarray]] = {}  # one alignment per ticker frame
    for i, (claim, f) in enumerate(per_claim):
        if id(f) not in aligned:
            g = f.reindex(common)
            aligned[id(f)] = [g[c].to_numpy() for c in ("close", "prev", "high", "low")]
        for k, v in _claim_distances(claim, *aligned[id(f)]).items():
            columns.append((i, k, v))
            rounded = np.round(v, 4)  # as the candidates' own (rounded) distances
            seen = ~np.isnan(rounded)
            total += np.where(seen, rounded, 0.0)
            n += seen
    if not columns or not len(common):
        return []
    with np.errstate(invalid="ignore", divide="ignore"):
        score = total / n
    ok = np.nonzero(n > 0)[0]
    if not len(ok):
        return []
    top = max(1, top)
    # the best ``top`` by the vectorised score, plus any within 0.001 of the last (exact ties re-sorted below)
    cutoff = np.sort(score[ok])[min(top, len(ok)) - 1] + 1e-3
    ranked = [_candidate(days[j], j, columns, usable) for j in ok[score[ok] <= cutoff]]
    ranked.sort(key=lambda c: (c.score, c.session))
    return ranked[:top]


def _candidate(day: dt.date, j: int, columns: list[tuple[int, str, np.ndarray]],
               usable: list[MarketClaim]) -> SessionCandidate:
    """The :class:`SessionCandidate` of one session: its distances named per claim, and their mean."""
    bucket: dict[str, float] = {}
    for i, k, values in columns:
        v = float(values[j])
        if v != v:  # NaN: this number is not comparable on this session
            continue
        key = f"{usable[i].ticker} {k}"
        bucket[key + (f" #{i}" if key in bucket else "")] = round(v, 4)
    return SessionCandidate(day, round(sum(bucket.values()) / len(bucket), 4), bucket)
