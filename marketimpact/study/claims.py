"""Check an article's market claim against the price data.

For a claim such as "Brent crude fell 2.3% to $75.25 a barrel" on session *s*:

* **move** — the claimed % move is compared with the close-to-close simple change
  ``close_s / close_{s-1} − 1``. It agrees when the difference is within
  ``move_tol_pp`` percentage points plus half a unit of the last quoted digit
  (0.05 pp for "2.3%"). For an intraday or unspecified basis it also agrees when the
  claimed move lies inside the range of moves seen during the session
  (``low/close_{s−1} − 1`` … ``high/close_{s−1} − 1``).
* **level** — for an intraday/unspecified basis the level must lie inside the session's
  ``[low, high]`` range (± half a quoted unit); for a settle basis it must equal the
  close within ``level_tol_pct`` percent. Without high/low data an intraday level
  cannot be checked.

On a **futures roll day** (the continuous series switched from the expiring contract to
the next one between the previous session and this one, :mod:`marketimpact.prices.rolls`)
the close-to-close change compares two different contracts: the spliced change is not a
move of either, and a per-contract move ("Brent settled up 6.3 %") cannot be judged
against it. The move (or direction) is then "cannot check: futures roll", with the
spliced numbers in the reasons; the level, which is the new contract's, is still checked.

Verdict: ``consistent`` when every checkable part agrees, ``inconsistent`` when one
does not, ``cannot check`` when nothing could be checked (no data for the session,
no bar, unknown ticker) or when the move falls on a roll day and the rest agrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ..types import MarketClaim


def _num(x: float) -> str:
    """A price with the decimals its size needs (75.18, 0.9877, 6,051.97)."""
    return f"{x:,.4f}" if abs(x) < 10 else f"{x:,.2f}"


def _half_unit(value: float) -> float:
    """Half a unit of the last quoted digit: 2.3 → 0.05, 75.25 → 0.005, 6 → 0.5."""
    exp = Decimal(repr(abs(value))).normalize().as_tuple().exponent
    return 0.5 * 10 ** (exp if isinstance(exp, int) and exp < 0 else 0)


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one claim, with the numbers behind it (moves in percent)."""

    claim: MarketClaim
    verdict: str  # "consistent" | "inconsistent" | "cannot check"
    session: pd.Timestamp | None = None
    prev_session: pd.Timestamp | None = None
    prev_close: float | None = None
    close: float | None = None
    low: float | None = None
    high: float | None = None
    observed_move_pct: float | None = None
    intraday_move_range_pct: tuple[float, float] | None = None
    move_ok: bool | None = None
    level_ok: bool | None = None
    tolerance: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    #: the session is a futures roll day (its close-to-close change spans two contracts)
    roll_day: bool = False

    def to_dict(self) -> dict:
        return {
            "instrument": self.claim.instrument,
            "ticker": self.claim.ticker,
            "claimed_move_pct": self.claim.move_pct,
            "claimed_level": self.claim.level,
            "unit": self.claim.unit,
            "basis": self.claim.basis,
            "session": f"{self.session:%Y-%m-%d}" if self.session is not None else None,
            "prev_close": self.prev_close,
            "close": self.close,
            "low": self.low,
            "high": self.high,
            "observed_move_pct": self.observed_move_pct,
            "intraday_move_range_pct": list(self.intraday_move_range_pct) if self.intraday_move_range_pct else None,
            "move_ok": self.move_ok,
            "level_ok": self.level_ok,
            "tolerance": self.tolerance,
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "roll_day": self.roll_day,
        }

    def describe(self) -> str:
        c = self.claim
        said = []
        if c.move_pct is not None:
            said.append(f"{c.move_pct:+.1f}%")
        if c.level is not None:
            said.append(f"to {c.level:g} {c.unit or ''}".strip())
        head = f"{c.instrument} ({c.ticker or 'no ticker'}) {' '.join(said) or c.direction or ''}"
        if self.session is None or self.close is None:
            return f"{head}: {self.verdict} — {'; '.join(self.reasons)}"
        nums = f"data {self.session:%Y-%m-%d}: close {_num(self.close)}"
        if self.observed_move_pct is not None and self.prev_close is not None:
            spliced = ", spliced across a futures roll" if self.roll_day else ""
            nums += f" ({self.observed_move_pct:+.2f}% vs {_num(self.prev_close)}{spliced})"
        if self.low is not None and self.high is not None:
            nums += f", range {_num(self.low)}–{_num(self.high)}"
        verdict = self.verdict.upper() + (": FUTURES ROLL" if self.roll_day and self.verdict == "cannot check" else "")
        return f"{head} → {verdict} ({nums}; {'; '.join(self.reasons)})"


def _is_roll_day(ticker: str | None, sessions: pd.Index) -> bool:
    """True when the last of ``sessions`` (previous session, this session) is a roll day."""
    from ..prices.rolls import has_roll_rule, roll_days

    if not ticker or not has_roll_rule(ticker) or len(sessions) < 2:
        return False
    return pd.Timestamp(sessions[-1]).normalize() in roll_days(ticker, sessions)


def check_claim(
    claim: MarketClaim,
    bars: pd.DataFrame | None,
    session: pd.Timestamp | str | None,
    move_tol_pp: float = 0.1,
    level_tol_pct: float = 0.1,
    *,
    roll_day: bool | None = None,
) -> ClaimCheck:
    """Verdict on ``claim`` against ``bars`` (a ticker's daily frame) on ``session``.

    Parameters
    ----------
    claim : MarketClaim
    bars : DataFrame or None
        Session-indexed frame with ``close`` and, if available, ``high``/``low``.
    session : Timestamp
        The session the claim refers to (usually day 0 of the event).
    move_tol_pp : float
        Tolerance on the move in percentage points, added to half a quoted unit.
    level_tol_pct : float
        Tolerance on a settle/close level, in percent of the close.
    roll_day : bool, optional
        Whether ``session`` is a futures roll day of the claim's continuous series; default:
        worked out from the ticker's contract rule (:func:`~marketimpact.prices.rolls.roll_days`).
    """
    tol = {"move_pp": move_tol_pp, "level_pct": level_tol_pct}
    if bars is None or session is None or bars.empty:
        return ClaimCheck(claim, "cannot check", tolerance=tol, reasons=("no price data for the claim's instrument",))
    s = pd.Timestamp(session)
    if s not in bars.index:
        return ClaimCheck(claim, "cannot check", tolerance=tol, reasons=(f"no bar for {s:%Y-%m-%d}",))
    pos = bars.index.get_loc(s)
    row = bars.iloc[pos]
    close = float(row["close"])
    prev = bars.iloc[pos - 1] if pos > 0 else None
    prev_close = float(prev["close"]) if prev is not None else None
    low = float(row["low"]) if "low" in bars and math.isfinite(row.get("low", float("nan"))) else None
    high = float(row["high"]) if "high" in bars and math.isfinite(row.get("high", float("nan"))) else None
    reasons: list[str] = []
    move_ok = level_ok = None
    observed = rng = None
    if roll_day is None:
        roll_day = prev is not None and _is_roll_day(claim.ticker, bars.index[pos - 1 : pos + 1])
    roll_skip = False
    if roll_day and prev_close is not None and (claim.move_pct is not None or claim.direction is not None):
        observed = (close / prev_close - 1) * 100
        said = f"{claim.move_pct:+g}% move" if claim.move_pct is not None else f"direction {claim.direction}"
        reasons.append(
            f"cannot check the {said}: futures roll on {s:%Y-%m-%d} ({claim.ticker} switched from the expiring "
            f"contract, last close {_num(prev_close)} on {bars.index[pos - 1]:%Y-%m-%d}, to the next one, close "
            f"{_num(close)}); the continuous series' {observed:+.2f}% is spliced across two contracts, and the "
            "new contract's previous settle is not in the data"
        )
        roll_skip = True
    elif claim.move_pct is not None:
        if prev_close is None:
            reasons.append("no previous close to compute the move")
        else:
            observed = (close / prev_close - 1) * 100
            allowed = move_tol_pp + _half_unit(claim.move_pct)
            diff = claim.move_pct - observed
            move_ok = abs(diff) <= allowed
            if low is not None and high is not None:
                rng = ((low / prev_close - 1) * 100, (high / prev_close - 1) * 100)
            if move_ok:
                reasons.append(f"move {claim.move_pct:+g}% is within {allowed:.2f} pp of the close-to-close {observed:+.2f}%")
            elif claim.basis != "settle" and rng and rng[0] - _half_unit(claim.move_pct) <= claim.move_pct <= rng[1] + _half_unit(claim.move_pct):
                move_ok = True
                reasons.append(f"move {claim.move_pct:+g}% was reached during the session (range {rng[0]:+.2f}%..{rng[1]:+.2f}%)")
            else:
                reasons.append(f"move {claim.move_pct:+g}% differs from the close-to-close {observed:+.2f}% by {abs(diff):.2f} pp (> {allowed:.2f})")
    elif claim.direction is not None and prev_close is not None:
        observed = (close / prev_close - 1) * 100
        move_ok = (observed < 0) == (claim.direction == "down") or observed == 0
        reasons.append(f"direction {claim.direction} vs close-to-close {observed:+.2f}%")
    if claim.level is not None:
        hu = _half_unit(claim.level)
        if claim.basis == "settle" or (low is None or high is None):
            if claim.basis != "settle" and (low is None or high is None):
                # close-only data: an intraday level can only be compared with the close
                near = abs(claim.level / close - 1) * 100 <= level_tol_pct
                if near:
                    level_ok = True
                    reasons.append(f"level {claim.level:g} is within {level_tol_pct}% of the close {_num(close)}")
                else:
                    reasons.append(f"level {claim.level:g} cannot be checked: no intraday high/low (close {_num(close)})")
            else:
                level_ok = abs(claim.level / close - 1) * 100 <= level_tol_pct or abs(claim.level - close) <= hu
                reasons.append(
                    f"level {claim.level:g} {'matches' if level_ok else 'does not match'} the close {_num(close)}"
                )
        else:
            level_ok = low - hu <= claim.level <= high + hu
            reasons.append(
                f"level {claim.level:g} is {'inside' if level_ok else 'outside'} the day's range {_num(low)}–{_num(high)}"
            )
    checks = [x for x in (move_ok, level_ok) if x is not None]
    if not checks:
        verdict = "cannot check"
    elif not all(checks):
        verdict = "inconsistent"
    else:
        verdict = "cannot check" if roll_skip else "consistent"
    return ClaimCheck(
        claim, verdict, s, bars.index[pos - 1] if pos > 0 else None, prev_close, close, low, high,
        None if observed is None else round(observed, 4), None if rng is None else (round(rng[0], 4), round(rng[1], 4)),
        move_ok, level_ok, tol, tuple(reasons), bool(roll_day),
    )
