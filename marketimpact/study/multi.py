"""Multi-event studies: many events (each with its own ticker, date and benchmark),
AAR/CAAR, the multi-event tests, and aggregation by a group column.

Each event is run through :class:`~marketimpact.study.single.EventStudy` (statsmodels,
the reference implementation), then the events are stacked into an
:class:`~marketimpact.study.panel.ARPanel` on which every test statistic runs. Events
that cannot be studied (too few estimation observations, window outside the data) are
skipped and listed with their reason — never silently dropped.
"""

from __future__ import annotations

import time
import warnings
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
from .result import MultiEventResult
from .results_base import TestResult
from .single import EventStudy, EventStudyResult, data_gap_message
from .spec import BLANK_TICKER, DEFAULT_TESTS, StudySpec, gap_warning_text, own_benchmark_message  # noqa: F401


def events_from_frame(events: pd.DataFrame) -> list[tuple[Event, str, str | None, Any]]:
    """An events table (:func:`~.events.parse_events`, the one reading) as ``(Event, ticker, benchmark, group)`` rows."""
    table = parse_events(events)
    groups = table.group if table.group is not None else [None] * len(table)
    return [(table.event(i), str(table.ticker[i]), table.benchmark[i], groups[i]) for i in range(len(table))]


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
    t_start = time.perf_counter()
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
    out = collect(results, skipped_df, panel, _run_tests(panel, windows, names, seed), spec_, windows,
                  "given" if returns_given else spec.return_kind)
    if has_groups:
        for g in sorted({str(x) for x in group_vals}):
            mask = np.array([str(x) == g for x in group_vals])
            if mask.sum() < 2:
                continue
            sub = panel.subset(mask)
            out.groups[g] = out._subset(mask, _run_tests(sub, windows, names, seed), panel=sub)
    out.timings = {"total": time.perf_counter() - t_start}
    return out


def collect(results: dict[str, EventStudyResult], skipped: pd.DataFrame, panel: ARPanel, tests: list[TestResult],
            spec: StudySpec, windows: list[tuple[int, int]], return_kind: str) -> MultiEventResult:
    """The one multi-event result (:class:`~.result.MultiEventResult`) from the reference engine's
    per-event results, their stacked ``panel`` and the multi-event ``tests``."""
    rs = list(results.values())
    t = panel.ar.shape[1]
    ts_windows = [(0, 0), *windows]
    rows = []
    for eid, r in results.items():
        fitted = r.fitted.to_dict()
        rows.append({"event_id": eid, **fitted, "r2": r.fitted.r2, "ticker": r.ticker, "benchmark": r.benchmark,
                     "day0": r.event_time.day0.tz_localize(None) if r.event_time.day0.tzinfo else r.event_time.day0,
                     "rule": r.event_time.rule, "ambiguous": bool(r.event_time.ambiguous),
                     "est_start": r.estimation_sessions[0], "est_end": r.estimation_sessions[1]})
    params = pd.DataFrame(rows)
    for c in ("day0", "est_start", "est_end"):
        params[c] = pd.to_datetime(params[c]).astype("datetime64[ns]")
    warn = [(eid, "; ".join(r.warnings)) for eid, r in results.items() if r.warnings]
    return MultiEventResult(
        event_ids=np.array(list(results), dtype=object),
        tickers=np.array([r.ticker for r in rs], dtype=object),
        benchmarks=np.array([r.benchmark for r in rs], dtype=object),
        group_labels=panel.groups, rel_days=panel.rel_days,
        sessions=np.vstack([pd.DatetimeIndex(r.frame["session"]).as_unit("ns").asi8 for r in rs]),
        ret=np.vstack([r.frame["ret"].to_numpy(dtype=float) for r in rs]),
        expected=np.vstack([r.frame["expected"].to_numpy(dtype=float) for r in rs]),
        ar=panel.ar, ar_var=panel.ar_var().copy(),
        roll_day=np.vstack([r.frame["roll_day"].to_numpy(dtype=bool) if "roll_day" in r.frame else np.zeros(t, bool)
                            for r in rs]),
        car_windows=list(windows), ts_windows=ts_windows,
        car=np.column_stack([panel.car(w) for w in ts_windows]),
        car_var=np.column_stack([panel.car_var(w) for w in ts_windows]),
        params=params, tests=tests, skipped=skipped,
        warnings=pd.DataFrame(warn, columns=["event_id", "message"]),
        model=spec.model, estimation=(int(spec.estimation[0]), int(spec.estimation[1])),
        window=(int(spec.window[0]), int(spec.window[1])), return_kind=return_kind,
        pe_correction=spec.pe_correction, engine="reference", _results=results, _panel=panel,
    )
