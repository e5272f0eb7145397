"""Study settings shared by every entry point (API, CLI, notebooks; reference and batch engines).

One place decides the defaults that depend on other settings, so that ``EventStudy``,
``event_study`` and ``batch_event_study`` (and the CLI that calls them) agree:

* :func:`car_windows_for` — the CAR windows of a study: the ones the user gives (each must lie
  inside the event window, else :class:`~marketimpact.errors.WindowError`), or by default those of
  ``(−1, +1)``, ``(0, +1)`` and the whole event window that fit inside it (a default is never an error).
* :func:`min_obs_for` — the fewest estimation observations: default ``min(30, L)`` where L is the
  length of the estimation window asked for; an explicit value larger than L is lowered to L with a
  :class:`~marketimpact.errors.MinObsLoweredWarning` (a window of 20 days asks for 20 observations).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from ..errors import ConfigurationError, MinObsLoweredWarning, WindowError
from ..types import Window

#: CAR windows tried by default, in this order; the whole event window is appended
DEFAULT_CAR_WINDOWS: tuple[tuple[int, int], ...] = ((-1, 1), (0, 1))
#: fewest estimation observations by default (lowered to the estimation window's length)
DEFAULT_MIN_OBS = 30
#: skip reason of an event whose ticker is blank (every engine)
BLANK_TICKER = "ticker is blank; give every event a ticker (or drop the row)"


def own_benchmark_message(ticker: str) -> str:
    """Skip reason of an event whose benchmark is its own ticker (its abnormal returns are 0 by construction)."""
    return (f"{ticker} is its own benchmark: its abnormal returns would be zero by construction; "
            "give another benchmark (or use the constant-mean model)")


def car_windows_for(window: tuple[int, int] | Window,
                    car_windows: Iterable[tuple[int, int] | Window] | None = None) -> list[tuple[int, int]]:
    """CAR windows (relative sessions, inclusive) for an event window.

    ``car_windows`` given: each is checked to lie inside ``window``. ``None``: ``(−1, +1)`` and
    ``(0, +1)`` when they fit inside ``window``, then the whole window (duplicates removed).
    """
    w = Window.coerce(window)
    if car_windows is not None:
        out = []
        for c in car_windows:
            cw = Window.coerce(c)
            if cw.start < w.start or cw.end > w.end:
                raise WindowError(f"CAR window {cw} is not inside the event window {w}")
            out.append((cw.start, cw.end))
        if not out:
            raise WindowError("give at least one CAR window (or None for the defaults)")
        return out
    out = [c for c in DEFAULT_CAR_WINDOWS if w.start <= c[0] and c[1] <= w.end]
    whole = (w.start, w.end)
    return [*out, whole] if whole not in out else out


def min_obs_for(min_obs: int | None, estimation: tuple[int, int] | Window) -> int:
    """Fewest estimation observations for an estimation window of ``L`` sessions.

    ``None`` → ``min(30, L)``. An explicit value above ``L`` is lowered to ``L`` (with a
    :class:`MinObsLoweredWarning`); below 3 is a :class:`ConfigurationError`.
    """
    e = Window.coerce(estimation)
    length = e.end - e.start + 1
    if min_obs is None:
        return max(3, min(DEFAULT_MIN_OBS, length))
    if min_obs < 3:
        raise ConfigurationError("min_obs must be at least 3")
    if min_obs > length:
        warnings.warn(f"min_obs = {min_obs} is more than the {length} sessions of the estimation window {e}; "
                      f"lowered to {length}", MinObsLoweredWarning, stacklevel=3)
        return max(3, length)
    return int(min_obs)


def gap_message(event_days: list[tuple[int, str, str, int]], n_estimation: int, what: str) -> str:
    """The data-gap warning of one event (the same text in every engine).

    ``event_days``: ``(relative day, previous session, session, blank sessions bridged)`` of each
    event-window return that bridges blanks; ``n_estimation``: estimation-window returns that do;
    ``what``: "prices" or "returns".
    """
    parts = [f"the return of day {d:+d} spans {a}..{b} over {m} session(s) with blank {what}" for d, a, b, m in event_days]
    if n_estimation:
        parts.append(f"{n_estimation} estimation-window return(s) bridge blank {what}")
    return "data gap: " + "; ".join(parts)


def gap_warning_text(n_events: int, what: str) -> str:
    """The one :class:`~marketimpact.errors.DataGapWarning` of a study with ``n_events`` events hit by gaps."""
    return (f"{n_events} event(s) have returns that bridge blank {what} (data gaps, listed in the "
            "warnings): fill the gaps or check the windows")
