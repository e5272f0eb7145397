"""Multi-event studies: many events (each with its own ticker, date and benchmark),
AAR/CAAR, the multi-event tests, and aggregation by a group column.

Each event is run through :class:`~marketimpact.study.single.EventStudy` (statsmodels,
the reference implementation), then the events are stacked into an
:class:`~marketimpact.study.panel.ARPanel` on which every test statistic runs. Events
that cannot be studied (too few estimation observations, window outside the data) are
skipped and listed with their reason — never silently dropped.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._progress import progress
from ..errors import (
    ConfigurationError,
    DataGapWarning,
    MarketImpactError,
    RollDayWarning,
    ShortEstimationWindowWarning,
)
from ..prices.frame import Prices, check_value_kind
from ..types import Event
from .events import REQUIRED_EVENT_COLUMNS, parse_events  # noqa: F401 - re-exported
from .panel import ARPanel, build_panel
from .results_base import HasTests, TestResult, aar_table_lines, group_tests_frame
from .single import EventStudy, EventStudyResult, data_gap_message
from .spec import BLANK_TICKER, DEFAULT_TESTS, StudySpec, gap_warning_text, own_benchmark_message  # noqa: F401


def events_from_frame(events: pd.DataFrame) -> list[tuple[Event, str, str | None, Any]]:
    """An events table (:func:`~.events.parse_events`, the one reading) as ``(Event, ticker, benchmark, group)`` rows."""
    table = parse_events(events)
    groups = table.group if table.group is not None else [None] * len(table)
    return [(table.event(i), str(table.ticker[i]), table.benchmark[i], groups[i]) for i in range(len(table))]


@dataclass(repr=False)
class MultiEventResult(HasTests):
    """Results of a multi-event study.

    Attributes
    ----------
    results : dict
        ``event_id`` → :class:`EventStudyResult`.
    skipped : DataFrame
        ``event_id, ticker, reason`` of events that could not be studied.
    panel : ARPanel
    tests : list of TestResult
        AAR tests per event day (window (d, d)) and CAAR tests per requested window.
    spec : EventStudy
    """

    results: dict[str, EventStudyResult]
    skipped: pd.DataFrame
    panel: ARPanel
    tests: list[TestResult]
    spec: EventStudy
    car_windows: list[tuple[int, int]]
    test_names: tuple[str, ...]
    groups: dict[str, MultiEventResult] = field(default_factory=dict)

    @property
    def n_events(self) -> int:
        return self.panel.n_events

    def aar(self) -> pd.Series:
        """Average abnormal return per event day (decimal)."""
        return pd.Series(self.panel.ar.mean(axis=0), index=pd.Index(self.panel.rel_days, name="rel_day"), name="aar")

    def caar(self) -> pd.Series:
        """Cumulative AAR from the first event-window day (decimal)."""
        return self.aar().cumsum().rename("caar")

    def bhar(self, start: int, end: int) -> pd.Series:
        """Buy-and-hold abnormal return of each event over ``[start, end]`` (decimal);
        its mean is the average BHAR (ABHAR)."""
        return pd.Series({e: r.bhar(start, end) for e, r in self.results.items()}, name="bhar")

    def caar_band(self, alpha: float = 0.05) -> pd.DataFrame:
        """CAAR from the first window day with a cross-sectional confidence band (decimals).

        ``lower/upper = CAAR ± t_{N−1}(1 − alpha/2) · sd(CAR_i, ddof=1) / sqrt(N)`` on each day,
        the interval of the cross-sectional t test.
        """
        from scipy import stats

        car = np.cumsum(self.panel.ar, axis=1)
        n = car.shape[0]
        mean = car.mean(axis=0)
        se = car.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.full(car.shape[1], np.nan)
        q = stats.t(max(n - 1, 1)).ppf(1 - alpha / 2)
        return pd.DataFrame({"rel_day": self.panel.rel_days, "caar": mean, "lower": mean - q * se, "upper": mean + q * se})

    def to_frame(self) -> pd.DataFrame:
        """One row per event and event-window day: ``event_id, ticker, rel_day, date, ret, expected, ar, car,
        roll_day`` (``roll_day``: the return spans a futures contract roll)."""
        parts = []
        for eid, r in self.results.items():
            f = r.frame
            parts.append(pd.DataFrame({
                "event_id": eid, "ticker": r.ticker, "rel_day": f["rel_day"], "date": f["session"].dt.strftime("%Y-%m-%d"),
                "ret": f["ret"], "expected": f["expected"], "ar": f["ar"], "car": f["car"],
                "roll_day": f["roll_day"] if "roll_day" in f else False,
            }))
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["event_id", "ticker", "rel_day", "date", "ret", "expected", "ar", "car", "roll_day"])

    def tests_frame(self) -> pd.DataFrame:
        """One row per statistic: ``test, rel_day_start, rel_day_end, statistic, p_value`` (+ estimate, n)."""
        rows = [t.to_dict() for t in self.tests]
        cols = ["test", "rel_day_start", "rel_day_end", "statistic", "p_value", "estimate", "n"]
        return pd.DataFrame(rows)[cols] if rows else pd.DataFrame(columns=cols)

    def params_frame(self) -> pd.DataFrame:
        """One row per event: ``event_id, model, alpha, beta`` (and other coefficients), ``sigma, n_obs, r2``."""
        rows = []
        for eid, r in self.results.items():
            d = r.fitted.to_dict()
            rows.append({"event_id": eid, **d})
        return pd.DataFrame(rows)

    def by_group(self) -> pd.DataFrame:
        """CAAR tests per group (rows: group × test × window)."""
        return group_tests_frame(((g, res.tests) for g, res in self.groups.items()))

    def summary(self) -> str:
        w = 78
        out = [
            "=" * w,
            f"{'Multi-event study: ' + str(self.n_events) + ' events':^{w}}",
            "=" * w,
            f"Model: {self.spec.model.name}   returns: {self.spec.return_kind}   estimation {self.spec.estimation}"
            f"   event window {self.spec.window}",
            f"Skipped: {len(self.skipped)}" + ("" if self.skipped.empty else "  (" + "; ".join(
                f"{r.event_id}: {r.reason}" for r in self.skipped.itertuples())[:300] + ")"),
            f"Warnings: {sum(bool(r.warnings) for r in self.results.values())} events "
            "(futures roll inside the window, short estimation window, dropped returns; see results[id].warnings)",
            "-" * w,
        ]
        out += aar_table_lines(self, self.panel.rel_days, self.aar(), self.caar(), self.test_names, w)
        if self.groups:
            out += ["-" * w, "By group (CAAR):"]
            for g, res in self.groups.items():
                wnd = self.car_windows[0]
                out.append(f"  {g!s:<12} n={res.n_events:<4} CAAR{wnd} = {res.panel.car(wnd).mean():+.3%}")
        out += ["-" * w, "Notes: p-values two-sided; statistic conventions in docs/statistics.md.", "=" * w]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.summary()

    def _short_repr(self) -> str:
        return (f"MultiEventResult(model={self.spec.model.name!r}, events={self.n_events}, "
                f"skipped={len(self.skipped)}, window={self.spec.window})")

    def _repr_html_(self) -> str:
        frame = pd.DataFrame({"AAR": self.aar(), "CAAR": self.caar()})
        fmt = {"AAR": "{:.3%}".format, "CAAR": "{:.3%}".format}
        tests = self.tests_frame()
        return (
            f"<p><b>Multi-event study</b>: {self.n_events} events, model {self.spec.model.name}, "
            f"{len(self.skipped)} skipped</p>" + frame.to_html(formatters=fmt)
            + tests[tests.rel_day_start != tests.rel_day_end].to_html(index=False)
        )

    def to_dict(self) -> dict:
        return {
            "schema": "marketimpact.multi/1",
            "n_events": self.n_events,
            "model": self.spec.model.name,
            "return_kind": self.spec.return_kind,
            "estimation_window": [self.spec.estimation.start, self.spec.estimation.end],
            "event_window": [self.spec.window.start, self.spec.window.end],
            "aar": [{"rel_day": int(d), "aar": float(a), "caar": float(c)} for d, a, c in
                    zip(self.panel.rel_days, self.aar(), self.caar())],
            "tests": [t.to_dict() for t in self.tests],
            "skipped": self.skipped.to_dict(orient="records"),
            "events": {eid: {"ticker": r.ticker, "day0": r.event_time.to_dict(), "model": r.fitted.to_dict()}
                       for eid, r in self.results.items()},
        }


def _run_tests(panel: ARPanel, windows: list[tuple[int, int]], names: tuple[str, ...], seed: int | None = 0) -> list[TestResult]:
    from .statistics import BootstrapCAAR, run_tests

    days = [(int(d), int(d)) for d in panel.rel_days]
    # a seeded bootstrap so that a study re-run gives the same p-values
    tests = [BootstrapCAAR(seed=seed) if n == "bootstrap" else n for n in names]
    return run_tests(panel, days + [tuple(w) for w in windows], tests)


def event_study(
    events: pd.DataFrame | list[Event],
    prices: Prices | pd.DataFrame | None = None,
    *,
    returns_given: bool = False,
    tickers: list[str] | str | None = None,
    show_progress: bool | None = None,
    **settings: Any,
) -> MultiEventResult:
    """The reference engine under its earlier name: ``marketimpact.event_study(..., engine="reference")``.

    ``settings`` are :class:`~.spec.StudySpec` fields (model, factors, estimation, window, car_windows,
    tests, return_kind, nontrading, min_obs, pe_correction, benchmark, seed).
    """
    return reference_event_study(events, prices, StudySpec.build(None, **settings), returns_given=returns_given,
                                 tickers=tickers, show_progress=show_progress)


def reference_event_study(
    events: pd.DataFrame | list[Event],
    prices: Prices | pd.DataFrame | None,
    spec_: StudySpec,
    *,
    returns_given: bool = False,
    tickers: list[str] | str | None = None,
    show_progress: bool | None = None,
) -> MultiEventResult:
    """Multi-event study with a statsmodels fit per event (:class:`EventStudy`, every model).

    Parameters
    ----------
    events : DataFrame or list of Event
        A table with ``event_id, ticker, date`` (optional ``time, timezone, benchmark,
        group``), or Events combined with ``tickers`` (every event × every ticker; the
        event id becomes ``<event_id>:<ticker>``).
    prices : Prices or DataFrame, optional
        Wide closes (or returns with ``returns_given``); default the bundled data.
    spec_ : StudySpec
        The study (validated); its ``seed`` seeds the bootstrap (reproducible p-values).
    show_progress : bool, optional
        Progress bar; default only when stderr is a terminal.

    Returns
    -------
    MultiEventResult
    """
    benchmark, tests, seed = spec_.benchmark, spec_.tests, spec_.seed
    if isinstance(events, pd.DataFrame):
        rows = events_from_frame(events)
    else:
        tick_list = [tickers] if isinstance(tickers, str) else list(tickers or [])
        if not tick_list:
            raise ConfigurationError("give tickers= with a list of Events (or an events table with a ticker column)")
        rows = [
            (Event(f"{e.event_id}:{t}" if len(tick_list) > 1 else e.event_id, e.local_date, e.timezone, e.precision, e.time),
             t, None, None)
            for e in events for t in tick_list
        ]
    spec = EventStudy(model=spec_.model, estimation=spec_.estimation, window=spec_.window,
                      car_windows=list(spec_.car_windows), return_kind=spec_.return_kind,  # type: ignore[arg-type]
                      nontrading=spec_.nontrading, min_obs=spec_.min_obs,  # type: ignore[arg-type]
                      factors=list(spec_.factors) if spec_.factors else None, pe_correction=spec_.pe_correction)
    windows = [(w.start, w.end) for w in spec.car_windows]
    if prices is None:
        from ..prices import load_around

        needed = sorted({t for _, t, _, _ in rows} | ({b or benchmark for _, _, b, _ in rows} - {None}
                        if spec.model.uses_market else set(spec.model.regressors)))
        prices = load_around(needed, [ev.local_date for ev, _, _, _ in rows], -spec.estimation.start,
                             spec.window.end, what="this event study")
    elif isinstance(prices, pd.DataFrame):
        used = sorted({t for _, t, _, _ in rows if t} | {b or benchmark for _, _, b, _ in rows if b or benchmark})
        check_value_kind(prices, used, returns_given)
        prices = Prices.from_frame(prices, source="user returns" if returns_given else "user")
    cache: dict[tuple[str, str | None], pd.DataFrame] = {}
    results: dict[str, EventStudyResult] = {}
    groups: dict[str, Any] = {}
    skipped = []
    n_gaps = 0
    for ev, ticker, bench, group in progress(rows, total=len(rows), desc="events", enabled=show_progress):
        b = bench or benchmark
        if not ticker:
            skipped.append({"event_id": ev.event_id, "ticker": ticker, "reason": f"event {ev.event_id}: {BLANK_TICKER}"})
            continue
        if spec.model.uses_market and ticker == b:
            skipped.append({"event_id": ev.event_id, "ticker": ticker, "reason": own_benchmark_message(ticker)})
            continue
        try:
            key = (ticker, b if spec.model.uses_market else None)
            if key not in cache:
                cache[key] = spec.returns_frame(prices, ticker, b, returns_given)
            with warnings.catch_warnings():
                # recorded per event in res.warnings and counted in the summary instead
                warnings.simplefilter("ignore", ShortEstimationWindowWarning)
                warnings.simplefilter("ignore", RollDayWarning)
                res = spec.run_on_returns(ev, cache[key], ticker, b)
        except MarketImpactError as exc:
            skipped.append({"event_id": ev.event_id, "ticker": ticker, "reason": str(exc)})
            continue
        gap = data_gap_message(res, cache[key], prices, [ticker, *spec._regressor_tickers(b).values()],
                               "returns" if returns_given else "prices")
        if gap:
            res.warnings.append(gap)
            n_gaps += 1
        results[ev.event_id] = res
        groups[ev.event_id] = group
    if n_gaps:
        warnings.warn(gap_warning_text(n_gaps, "returns" if returns_given else "prices"), DataGapWarning, stacklevel=2)
    skipped_df = pd.DataFrame(skipped, columns=["event_id", "ticker", "reason"])
    if not results:
        raise ConfigurationError("no event could be studied: " + "; ".join(s["reason"] for s in skipped[:3]))
    names = tuple(tests)
    group_vals = [groups[e] for e in results]
    has_groups = any(g is not None and not (isinstance(g, float) and np.isnan(g)) for g in group_vals)
    panel = build_panel(list(results.values()), group_vals if has_groups else None)
    out = MultiEventResult(results, skipped_df, panel, _run_tests(panel, windows, names, seed), spec, windows, names)
    if has_groups:
        for g in sorted({str(x) for x in group_vals}):
            mask = np.array([str(x) == g for x in group_vals])
            if mask.sum() < 2:
                continue
            sub = panel.subset(mask)
            sub_results = {e: r for (e, r), m in zip(results.items(), mask) if m}
            out.groups[g] = MultiEventResult(sub_results, skipped_df.iloc[0:0], sub, _run_tests(sub, windows, names, seed),
                                             spec, windows, names)
    return out
