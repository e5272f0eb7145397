"""`event_study`: the one public entry of a multi-event study, whatever the engine.

One :class:`~.spec.StudySpec` (validated once) goes to one of two engines behind this signature:

* ``"reference"`` — :func:`.multi.reference_event_study`: a statsmodels fit per event
  (:class:`~.single.EventStudy`), every model; the yardstick of the other engine;
* ``"numpy"`` — :func:`.batch.closed_form_event_study`: closed-form least squares over chunks of
  events (market, constant-mean and market-adjusted models); ``"dask"`` runs the same chunks on
  a dask.distributed cluster.

``"auto"`` takes the closed form when the model has one and prices are given, else the reference.
Both engines share the events parser (:mod:`.events`), day 0 and the window checks
(:mod:`.eventtime`) and the test formulas (:mod:`.statistics`); ``tests/test_engines.py`` runs the
published-number cases through both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ..errors import ConfigurationError
from .spec import StudySpec

if TYPE_CHECKING:
    import pandas as pd

    from ..prices.frame import Prices
    from .result import MultiEventResult

EngineName = Literal["auto", "reference", "numpy", "dask"]
ENGINES = ("auto", "reference", "numpy", "dask")
#: run options of the closed-form engine (not study settings)
_RUN_OPTIONS = ("chunk_size", "client", "n_threads", "progress")


def choose_engine(spec: StudySpec, engine: str, prices: Any, events: Any) -> str:
    """The engine ``"auto"`` stands for, or ``engine`` checked against the spec."""
    import pandas as pd

    if engine not in ENGINES:
        raise ConfigurationError(f"engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    if engine == "auto":
        return "numpy" if spec.closed_form and prices is not None and isinstance(events, pd.DataFrame) else "reference"
    if engine in ("numpy", "dask") and not spec.closed_form:
        raise ConfigurationError(f"engine {engine!r} supports market, constant-mean and market-adjusted; "
                                 f"use engine='reference' (--engine reference on the command line) for {spec.model}")
    if engine in ("numpy", "dask") and prices is None and not isinstance(events, pd.DataFrame):
        raise ConfigurationError(f"engine {engine!r} reads an events table (event_id, ticker, date): give a DataFrame, "
                                 "or use engine='reference' for a list of Events with tickers=")
    return engine


def prices_for(events: pd.DataFrame, spec: StudySpec) -> Prices:
    """The prices a study of ``events`` needs when none are given: each event's ticker and (models with a
    market) benchmark around its date — the bundled snapshots, else the price cache or Yahoo Finance
    (:func:`~marketimpact.prices.load_around`), as the reference engine loads them."""
    import numpy as np

    from ..prices import load_around
    from .events import parse_events

    ev = parse_events(events)
    names = {t for t in ev.ticker if isinstance(t, str) and t}
    if spec.model != "constant-mean":
        names |= {b for b in ev.benchmarks(spec.benchmark) if isinstance(b, str) and b}
    days = np.datetime_as_string(np.unique(ev.local_ns).astype("datetime64[ns]"), unit="D")
    return load_around(sorted(names), list(days), -spec.estimation[0], spec.window[1], what="this event study")


def event_study(
    events: pd.DataFrame | list,
    prices: Prices | pd.DataFrame | None = None,
    spec: StudySpec | None = None,
    engine: EngineName = "auto",
    *,
    returns_given: bool = False,
    tickers: list[str] | str | None = None,
    show_progress: bool | None = None,
    **overrides: Any,
) -> MultiEventResult:
    """Event study of one or many events.

    Parameters
    ----------
    events : DataFrame or list of Event
        A table with ``event_id, ticker, date`` (optional ``time, timezone, benchmark, group``),
        or Events with ``tickers`` (reference engine).
    prices : Prices or DataFrame, optional
        Wide closes (sessions × tickers), or returns with ``returns_given=True``; the dates as the
        index or a ``date`` column. Default: each event's ticker and benchmark around its date, from the
        bundled snapshots, else the price cache or Yahoo Finance (every engine).
    spec : StudySpec, optional
        The study's settings; ``overrides`` (``model=``, ``window=``, ``tests=`` … any field of
        :class:`StudySpec`) replace some of them. Validated once, here.
    engine : {"auto", "reference", "numpy", "dask"}
        ``auto``: the closed form (numpy) when the model has one and prices are given, else the
        per-event statsmodels reference. The numbers agree to 1e-10.
    returns_given : bool
        ``prices`` holds returns (decimals), used as given.
    overrides : settings of :class:`StudySpec`, and for the numpy/dask engine ``chunk_size``,
        ``client`` (a dask Client or scheduler address), ``n_threads``, ``progress``.

    Returns
    -------
    MultiEventResult
        The same class from every engine (:mod:`.result`): ``summary()``, ``to_frame()``,
        ``tests_frame()``, ``params_frame()``, ``_repr_html_()``, ``plot()``, ``to_dict()``/``to_json()``
        (schema ``marketimpact.multi/1``), ``aar()``, ``caar()``, ``caar_band()``, ``bhar()``, ``groups``,
        ``warnings``, ``panel`` and ``test(name, window)``; ``results`` (per-event statsmodels fits)
        with the reference engine only.
    """
    import pandas as pd

    run = {k: overrides.pop(k) for k in _RUN_OPTIONS if k in overrides}
    spec = StudySpec.build(spec, **overrides)
    if isinstance(prices, pd.DataFrame):
        from ..prices.frame import DATE_COLUMNS, wide_from_table

        if {str(c).lower() for c in prices.columns} & set(DATE_COLUMNS):  # a date column or the long table
            prices = wide_from_table(prices, "prices")
    chosen = choose_engine(spec, engine, prices, events)
    if chosen == "reference":
        if run:
            raise ConfigurationError(f"{', '.join(run)} apply to the numpy/dask engine only")
        from .multi import reference_event_study

        return reference_event_study(events, prices, spec, returns_given=returns_given, tickers=tickers,
                                     show_progress=show_progress)
    if tickers is not None:
        raise ConfigurationError("tickers= goes with a list of Events (reference engine); give an events table")
    if prices is None:
        prices = prices_for(events, spec)
        returns_given = False
    from .batch import closed_form_event_study

    if show_progress is not None:
        run.setdefault("progress", show_progress)
    return closed_form_event_study(events, prices, spec, engine=chosen, from_prices=not returns_given, **run)
