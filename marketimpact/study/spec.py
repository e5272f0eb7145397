"""Study settings shared by every entry point (API, CLI, notebooks; reference and closed-form engines).

:class:`StudySpec` holds every setting of a study (model, windows, CAR windows, tests, return kind,
non-trading policy, min_obs, prediction-error convention, default benchmark, bootstrap seed) and
validates them once, when it is built; :func:`~.engine.event_study` and the CLI pass it to either
engine unchanged.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..errors import ConfigurationError, MinObsLoweredWarning, WindowError
from ..types import EstimationWindow, EventWindow, Window

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


#: every test code of :data:`.statistics.ALL_TESTS`, in its order (kept here so that validating a spec
#: does not import scipy); ``tests/test_statistics.py`` checks that the two lists agree
TEST_NAMES: tuple[str, ...] = ("cs_t", "ts_t", "patell", "bmp", "kp_bmp", "kp_patell", "corrado_rank",
                               "corrado_zivney", "grank", "gen_sign", "sign", "wilcoxon", "bootstrap")
#: tests of a study by default, in every entry point (API, CLI, notebooks): all of them
DEFAULT_TESTS: tuple[str, ...] = TEST_NAMES
#: models with a closed form (the numpy and dask engines); any model runs on the reference engine
CLOSED_FORM_MODELS: tuple[str, ...] = ("market", "constant-mean", "market-adjusted")


@dataclass(frozen=True)
class StudySpec:
    """Every setting of an event study, validated once (at construction).

    Parameters
    ----------
    model : str
        "market" (default), "constant-mean", "market-adjusted", "factor" (with ``factors``) or any
        other name of :data:`.models.MODEL_NAMES` (those run on the reference engine only).
    estimation, window : (int, int)
        Estimation and event windows in sessions relative to day 0; default (−250, −11) and (−5, +5).
        The estimation window must end before the event window starts.
    car_windows : sequence of (int, int), optional
        CAR windows; default those of (−1, +1), (0, +1) and the whole event window that fit inside it
        (:func:`car_windows_for`). After validation: a tuple of ``(start, end)``.
    tests : sequence of str
        Multi-event test codes (default: all of :data:`TEST_NAMES`).
    return_kind : {"log", "simple"}
        Returns computed from prices (given returns are used as they are).
    nontrading : {"next", "previous", "error"}
        Day 0 of an announcement on a non-trading day.
    min_obs : int, optional
        Fewest estimation observations; default ``min(30, L)`` (:func:`min_obs_for`). After
        validation: an int.
    pe_correction : bool
        Prediction-error-corrected AR/CAR variances (default True).
    benchmark : str or None
        Benchmark of events whose row names none (default ``^GSPC``).
    factors : sequence of str, optional
        Regressor tickers of the factor model.
    seed : int or None
        Seed of the bootstrap (default 0: a re-run gives the same p-values).
    """

    model: str = "market"
    estimation: tuple[int, int] = (-250, -11)
    window: tuple[int, int] = (-5, 5)
    car_windows: tuple[tuple[int, int], ...] | None = None
    tests: tuple[str, ...] = DEFAULT_TESTS
    return_kind: str = "log"
    nontrading: str = "next"
    min_obs: int | None = None
    pe_correction: bool = True
    benchmark: str | None = "^GSPC"
    factors: tuple[str, ...] | None = None
    seed: int | None = 0
    _checked: bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._checked:  # a copy of a validated spec (replace() of run options only)
            return
        from .models import MODEL_NAMES  # no statsmodels at import

        if not isinstance(self.model, str) or self.model not in MODEL_NAMES:
            raise ConfigurationError(f"unknown model {self.model!r}; choose from {', '.join(MODEL_NAMES)}")
        if self.model == "factor" and not self.factors:
            raise ConfigurationError("model 'factor' needs factors=[...] (regressor tickers)")
        est, win = Window.coerce(self.estimation), Window.coerce(self.window)
        est, win = EstimationWindow(est.start, est.end), EventWindow(win.start, win.end)
        if est.end >= win.start:
            raise WindowError(f"estimation window {est} overlaps the event window {win}; "
                              "the estimation window must end before the event window starts")
        if self.return_kind not in ("log", "simple"):
            raise ConfigurationError(f"return_kind must be 'log' or 'simple', got {self.return_kind!r}")
        if self.nontrading not in ("next", "previous", "error"):
            raise ConfigurationError(f"non-trading policy must be next, previous or error; got {self.nontrading!r}")
        tests = (self.tests,) if isinstance(self.tests, str) else tuple(self.tests)
        unknown = [t for t in tests if t not in TEST_NAMES]
        if unknown:
            raise ConfigurationError(f"unknown test(s) {', '.join(map(repr, unknown))}; choose from {', '.join(TEST_NAMES)}")
        cars = car_windows_for(win, self.car_windows)
        set_ = object.__setattr__
        set_(self, "estimation", (est.start, est.end))
        set_(self, "window", (win.start, win.end))
        set_(self, "car_windows", tuple(cars))
        set_(self, "tests", tests)
        set_(self, "min_obs", min_obs_for(self.min_obs, est))
        set_(self, "factors", tuple(self.factors) if self.factors else None)
        set_(self, "pe_correction", bool(self.pe_correction))
        set_(self, "_checked", True)

    @classmethod
    def build(cls, spec: StudySpec | None = None, **overrides: Any) -> StudySpec:
        """``spec`` (or the defaults) with ``overrides`` applied, validated; unknown names are an error."""
        names = {f.name for f in fields(cls) if not f.name.startswith("_")}
        bad = sorted(set(overrides) - names)
        if bad:
            raise ConfigurationError(f"unknown study setting(s) {', '.join(bad)}; settings are {', '.join(sorted(names))}")
        overrides = {k: v for k, v in overrides.items() if v is not None or k in ("min_obs", "car_windows", "seed",
                                                                                  "benchmark", "factors")}
        if spec is None:
            return cls(**overrides)
        if not overrides:
            return spec
        base = {f.name: getattr(spec, f.name) for f in fields(cls) if not f.name.startswith("_")}
        if "window" in overrides and "car_windows" not in overrides:
            base["car_windows"] = None  # the defaults of the new window, not those of the old one
        if "estimation" in overrides and "min_obs" not in overrides:
            base["min_obs"] = None
        return cls(**{**base, **overrides})

    @property
    def closed_form(self) -> bool:
        """The model has a closed form (numpy and dask engines)."""
        return self.model in CLOSED_FORM_MODELS

    def with_tests(self, tests: Sequence[str]) -> StudySpec:
        """The same spec with other tests (validated)."""
        return replace(self, tests=tuple(tests), _checked=False)
