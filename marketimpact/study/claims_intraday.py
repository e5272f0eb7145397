"""Check a market claim against the price at the minute it was written.

The daily check (:func:`~marketimpact.study.claims.check_claim`) can only say whether an
intraday quote lies inside the day's range. When the time of writing is known (the article's
publication time, or a clock time in the claim's own sentence) and intraday bars exist, this
module compares the claim with the bar that contains that minute:

* **price at the minute** — the bar whose interval ``[start, start + bar)`` contains the time
  (the last bar before it when the market was closed then); its ``[low, high]`` is the range
  the price was in during that minute's bar. ``lookback_minutes`` widens it to the bars that
  started up to that many minutes earlier (a quote is usually taken a little before
  publication); default 0.
* **level** — consistent when ``low − h ≤ level ≤ high + h`` (``h`` = half a unit of the last
  quoted digit: 0.005 for "$75.25").
* **move** — against a stated **basis**: the previous session's settlement (``"previous
  settle"``, the default when given) or the session's first intraday open (``"session open"``).
  Consistent when the claimed % lies within ``[low/base − 1, high/base − 1]`` widened by
  ``move_tol_pp`` plus half a quoted unit (the daily check's tolerance).

The verdict says which minute, bar and basis were used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from ..types import MarketClaim
from .claims import _half_unit, _num

Basis = Literal["previous settle", "session open"]


@dataclass(frozen=True)
class IntradayClaimCheck:
    """The verdict on one claim at the time it was written (moves in percent)."""

    claim: MarketClaim
    verdict: str  # "consistent" | "inconsistent" | "cannot check"
    at: pd.Timestamp | None = None
    at_source: str = ""
    zone: str = "UTC"
    bar_start: pd.Timestamp | None = None
    bar_minutes: int | None = None
    market_open: bool | None = None
    close: float | None = None
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    base: float | None = None
    base_label: str | None = None
    observed_move_pct: float | None = None
    move_range_pct: tuple[float, float] | None = None
    move_ok: bool | None = None
    level_ok: bool | None = None
    tolerance: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.claim.instrument, "ticker": self.claim.ticker,
            "claimed_move_pct": self.claim.move_pct, "claimed_level": self.claim.level, "unit": self.claim.unit,
            "at": self.at.isoformat() if self.at is not None else None, "at_source": self.at_source,
            "bar_start": self.bar_start.isoformat() if self.bar_start is not None else None,
            "bar_minutes": self.bar_minutes, "market_open": self.market_open,
            "close": self.close, "low": self.low, "high": self.high,
            "basis": self.basis, "base": self.base, "base_label": self.base_label,
            "observed_move_pct": self.observed_move_pct,
            "move_range_pct": list(self.move_range_pct) if self.move_range_pct else None,
            "move_ok": self.move_ok, "level_ok": self.level_ok, "tolerance": self.tolerance,
            "verdict": self.verdict, "reasons": list(self.reasons),
        }

    def describe(self) -> str:
        c = self.claim
        said = " ".join(x for x in (f"{c.move_pct:+.1f}%" if c.move_pct is not None else "",
                                    f"to {c.level:g} {c.unit or ''}".strip() if c.level is not None else "") if x)
        head = f"{c.instrument} ({c.ticker}) {said or c.direction or ''}".rstrip()
        if self.at is None or self.bar_start is None or self.close is None:
            return f"{head}: {self.verdict} at the time of writing — {'; '.join(self.reasons)}"
        t = self.at.tz_convert(self.zone)
        b = self.bar_start.tz_convert(self.zone)
        nums = (f"at {t:%H:%M %Z} ({self.at_source}): {self.bar_minutes}-min bar {b:%H:%M} range "
                f"{_num(self.low)}–{_num(self.high)}, close {_num(self.close)}")  # type: ignore[arg-type]
        if self.base is not None:
            nums += f"; basis {self.basis} {_num(self.base)}"
            if self.base_label:
                nums += f" ({self.base_label})"
        return f"{head} → {self.verdict.upper()} ({nums}; {'; '.join(self.reasons)})"


def check_claim_at(
    claim: MarketClaim,
    bars: pd.DataFrame | None,
    at: Any,
    *,
    bar_minutes: int,
    at_source: str = "published",
    zone: str = "UTC",
    basis: Basis | None = None,
    previous_settle: float | None = None,
    previous_settle_label: str | None = None,
    session_open: float | None = None,
    session_open_label: str | None = None,
    lookback_minutes: int = 0,
    move_tol_pp: float = 0.1,
) -> IntradayClaimCheck:
    """Verdict on ``claim`` against the intraday bar containing the minute ``at``.

    Parameters
    ----------
    claim : MarketClaim
    bars : DataFrame
        Intraday bars (``open, high, low, close``) indexed by tz-aware bar starts.
    at : datetime-like (tz-aware)
        When the claim was written (publication time, or a time in its sentence).
    bar_minutes : int
        Bar length in minutes.
    at_source : str
        Where ``at`` came from, printed in the verdict ("published", "sentence", "user").
    zone : str
        Time zone for the printed clock times.
    basis : {"previous settle", "session open"}, optional
        Base of the % move; default the previous settle when given, else the session open.
    previous_settle, session_open : float, optional
        The two possible bases (price units), with labels for the verdict.
    lookback_minutes : int
        Also accept the range of bars that started up to this many minutes before ``at``.
    move_tol_pp : float
        Tolerance on the move in percentage points, added to half a quoted unit.
    """
    tol = {"move_pp": move_tol_pp, "lookback_minutes": float(lookback_minutes)}
    ts = pd.Timestamp(at) if at is not None else None
    if ts is None or ts.tzinfo is None:
        return IntradayClaimCheck(claim, "cannot check", at_source=at_source, zone=zone, tolerance=tol,
                                  reasons=("the time of writing is not known (no clock time in the publication "
                                           "date or the claim's sentence)",))
    ts = ts.tz_convert("UTC")
    if bars is None or bars.empty:
        return IntradayClaimCheck(claim, "cannot check", ts, at_source, zone, tolerance=tol,
                                  reasons=("no intraday bars for the claim's instrument",))
    idx = pd.DatetimeIndex(bars.index).tz_convert("UTC")
    step = pd.Timedelta(minutes=bar_minutes)
    pos = int(idx.searchsorted(ts, side="right")) - 1
    if pos < 0:
        return IntradayClaimCheck(claim, "cannot check", ts, at_source, zone, tolerance=tol,
                                  reasons=(f"the intraday bars start after {ts.tz_convert(zone):%Y-%m-%d %H:%M %Z}",))
    market_open = bool(idx[pos] <= ts < idx[pos] + step)
    reasons: list[str] = []
    if not market_open:
        reasons.append(f"no bar traded at {ts.tz_convert(zone):%H:%M}: the last bar before it is used")
    first = pos
    if lookback_minutes > 0:
        first = int(idx.searchsorted(ts - pd.Timedelta(minutes=lookback_minutes), side="left"))
        first = min(first, pos)
    seg = bars.iloc[first : pos + 1]
    row = bars.iloc[pos]
    close = float(row["close"])
    low = float(seg["low"].min()) if "low" in seg and seg["low"].notna().all() else close
    high = float(seg["high"].max()) if "high" in seg and seg["high"].notna().all() else close
    chosen: str | None = basis or ("previous settle" if previous_settle is not None else
                                   "session open" if session_open is not None else None)
    base = {"previous settle": previous_settle, "session open": session_open}.get(chosen or "")
    base_label = previous_settle_label if chosen == "previous settle" else session_open_label
    move_ok = level_ok = None
    observed = rng = None
    if claim.move_pct is not None or claim.direction is not None:
        if base is None or not math.isfinite(base) or base <= 0:
            reasons.append(f"no {chosen or 'base price'} to compute the move from")
        else:
            observed = (close / base - 1) * 100
            rng = ((low / base - 1) * 100, (high / base - 1) * 100)
            if claim.move_pct is not None:
                allowed = move_tol_pp + _half_unit(claim.move_pct)
                move_ok = rng[0] - allowed <= claim.move_pct <= rng[1] + allowed
                reasons.append(
                    f"move {claim.move_pct:+g}% {'is' if move_ok else 'is not'} within {allowed:.2f} pp of the "
                    f"{rng[0]:+.2f}%..{rng[1]:+.2f}% seen in that bar vs the {chosen}"
                )
            else:
                move_ok = (observed < 0) == (claim.direction == "down") or observed == 0
                reasons.append(f"direction {claim.direction} vs {observed:+.2f}% from the {chosen}")
    if claim.level is not None:
        hu = _half_unit(claim.level)
        level_ok = low - hu <= claim.level <= high + hu
        reasons.append(f"level {claim.level:g} is {'inside' if level_ok else 'outside'} the bar's range "
                       f"{_num(low)}–{_num(high)}")
    checks = [x for x in (move_ok, level_ok) if x is not None]
    verdict = "cannot check" if not checks else ("consistent" if all(checks) else "inconsistent")
    return IntradayClaimCheck(
        claim, verdict, ts, at_source, zone, idx[pos], bar_minutes, market_open, close, low, high,
        chosen if base is not None else None, base, base_label if base is not None else None,
        None if observed is None else round(observed, 4),
        None if rng is None else (round(rng[0], 4), round(rng[1], 4)), move_ok, level_ok, tol, tuple(reasons),
    )
