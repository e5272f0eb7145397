"""Batch engine (marketimpact.study.batch) against the per-event statsmodels reference.

The reference is :func:`marketimpact.event_study` (one :class:`EventStudy` fit per event); the batch
path must give the same numbers to 1e-10 — on the bundled prices and on synthetic returns, including
events whose estimation window is shorter than asked and events skipped with a reason.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import warnings

import numpy as np
import pandas as pd
import pytest

import marketimpact as mi
from marketimpact.errors import ConfigurationError, MarketImpactError, WindowError
from marketimpact.instruments import find_instrument
from marketimpact.study.batch import batch_event_sessions, batch_event_study
from marketimpact.study.eventtime import event_session
from marketimpact.study.result import MultiEventResult
from marketimpact.study.statistics import ALL_TESTS, run_tests
from marketimpact.types import Event

TOL = 1e-10
STREAM = ("ts_t", "cs_t", "patell", "bmp")


# ----------------------------------------------------------------------------------------------
# fixtures
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_prices():
    return mi.load_prices(["BZ=F", "CL=F", "XLE", "^GSPC"])


@pytest.fixture(scope="module")
def real_events() -> pd.DataFrame:
    rng = np.random.default_rng(20250212)
    days = pd.bdate_range("2008-06-01", "2025-06-30")
    rows = []
    for i in range(30):
        rows.append({
            "event_id": f"e{i:02d}", "ticker": ("BZ=F", "CL=F", "XLE")[i % 3],
            "date": days[rng.integers(len(days))].strftime("%Y-%m-%d"),
            "time": ("15:00" if i % 4 == 0 else ("09:00" if i % 4 == 1 else None)),
        })
    rows += [
        {"event_id": "wti_negative", "ticker": "CL=F", "date": "2020-04-21"},  # event window needs -37.63
        {"event_id": "wti_after", "ticker": "CL=F", "date": "2020-06-01"},  # estimation drops 2 returns
        {"event_id": "brent_short", "ticker": "BZ=F", "date": "2007-10-15"},  # 43 of 240 estimation days
        {"event_id": "brent_too_short", "ticker": "BZ=F", "date": "2007-09-05"},  # < min_obs: skipped
        {"event_id": "saturday", "ticker": "XLE", "date": "2019-09-14"},  # not a session: next
        {"event_id": "future", "ticker": "XLE", "date": "2031-01-06"},  # after the data: skipped
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def real_pair(real_prices, real_events):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = mi.event_study(real_events, real_prices, engine="reference", tests=STREAM)
    bat = batch_event_study(real_events, real_prices, progress=False)
    return ref, bat


def _synthetic(seed: int = 7, n_sessions: int = 420, n_assets: int = 6) -> pd.DataFrame:
    """Fat-tailed returns with a market factor; holes so that each pair has its own calendar."""
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range("2020-01-01", periods=n_sessions)
    mkt = 0.0002 + 0.01 * rng.standard_t(4, n_sessions) / np.sqrt(2)
    beta = rng.uniform(0.4, 1.6, n_assets)
    eps = 0.02 * rng.standard_t(4, (n_sessions, n_assets)) / np.sqrt(2)
    frame = pd.DataFrame(beta * mkt[:, None] + eps, index=idx, columns=[f"A{i}" for i in range(n_assets)])
    frame["MKT"] = mkt
    frame["MKT2"] = 0.8 * mkt + 0.004 * rng.standard_normal(n_sessions)
    holes = rng.random(frame.shape) < 0.03
    holes[:, -2:] = False
    frame = frame.mask(holes)
    frame.loc[idx[5:9], "MKT"] = np.nan  # benchmark holiday
    return frame


def _synthetic_events(frame: pd.DataFrame, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    idx = frame.index
    assets = [c for c in frame.columns if c.startswith("A")]
    rows = []
    for i in range(36):
        rows.append({"event_id": f"s{i}", "ticker": assets[i % len(assets)],
                     "date": idx[rng.integers(270, len(idx) - 12)].strftime("%Y-%m-%d"),
                     "benchmark": "MKT2" if i % 5 == 0 else "", "group": "g1" if i % 2 else "g2"})
    rows += [
        {"event_id": "short60", "ticker": "A0", "date": idx[70].strftime("%Y-%m-%d"), "benchmark": "", "group": "g1"},
        {"event_id": "short40", "ticker": "A1", "date": idx[52].strftime("%Y-%m-%d"), "benchmark": "", "group": "g2"},
        {"event_id": "too_short", "ticker": "A2", "date": idx[25].strftime("%Y-%m-%d"), "benchmark": "", "group": "g1"},
        {"event_id": "at_end", "ticker": "A3", "date": idx[-2].strftime("%Y-%m-%d"), "benchmark": "", "group": "g2"},
        {"event_id": "no_such", "ticker": "ZZZ", "date": idx[300].strftime("%Y-%m-%d"), "benchmark": "", "group": "g1"},
        {"event_id": "sunday", "ticker": "A4", "date": "2021-02-07", "benchmark": "", "group": "g2"},
    ]
    ev = pd.DataFrame(rows)
    ev["time"] = [("16:30" if i % 3 == 0 else None) for i in range(len(ev))]  # after the 16:00 close: day 0 next
    return ev


# ----------------------------------------------------------------------------------------------
# comparison helpers
# ----------------------------------------------------------------------------------------------
def _assert_same(ref, bat: MultiEventResult, tol: float = TOL) -> None:
    # skipped events and their reasons
    assert list(ref.skipped["event_id"]) == list(bat.skipped["event_id"])
    assert list(ref.skipped["reason"]) == list(bat.skipped["reason"])
    # AR / CAR frame
    f1, f2 = ref.to_frame(), bat.to_frame()
    assert f1.shape == f2.shape
    assert (f1["event_id"].astype(str).to_numpy() == f2["event_id"].astype(str).to_numpy()).all()
    assert (f1["date"].astype(str).to_numpy() == f2["date"].astype(str).to_numpy()).all()
    assert (f1["rel_day"].to_numpy() == f2["rel_day"].to_numpy()).all()
    for c in ("ret", "expected", "ar", "car"):
        np.testing.assert_allclose(f2[c].to_numpy(), f1[c].to_numpy(), rtol=0, atol=tol, err_msg=c)
    # parameters
    p1, p2 = ref.params_frame(), bat.params_frame()
    assert list(p1["event_id"]) == list(p2["event_id"])
    for c in ("alpha", "beta", "sigma", "dof", "n_obs", "r2"):
        if c in p1:
            a = pd.to_numeric(p1[c], errors="coerce").to_numpy(dtype=float)
            b = p2[c].to_numpy(dtype=float)
            np.testing.assert_allclose(b, a, rtol=tol, atol=tol, equal_nan=True, err_msg=c)
    # multi-event tests (AAR days and CAAR windows)
    t1 = ref.tests_frame()
    t2 = bat.tests_frame()
    m = t1.merge(t2, on=["test", "rel_day_start", "rel_day_end"], suffixes=("_ref", "_bat"))
    assert len(m) == len(t1) == len(t2)
    for c in ("statistic", "p_value", "estimate"):
        np.testing.assert_allclose(m[f"{c}_bat"].astype(float), m[f"{c}_ref"].astype(float), rtol=tol, atol=tol,
                                   err_msg=c)
    # per-event time-series t with the prediction-error correction
    rows = [(eid, t.name, t.window[0], t.window[1], t.estimate, t.se, t.stat, t.pvalue)
            for eid, r in ref.results.items() for t in r.tests if t.name in ("ts_t", "patell")]
    rf = pd.DataFrame(rows, columns=["event_id", "test", "rel_day_start", "rel_day_end", "e", "se", "s", "p"])
    pe = bat.tests_frame(per_event=True).merge(rf, on=["event_id", "test", "rel_day_start", "rel_day_end"])
    assert len(pe) == len(rf) and (rf["test"] == "ts_t").any()
    for a, b in (("estimate", "e"), ("se", "se_y"), ("statistic", "s"), ("p_value", "p")):
        a_ = "se_x" if a == "se" else a
        np.testing.assert_allclose(pe[a_], pe[b], rtol=tol, atol=tol, equal_nan=True, err_msg=a)


def _assert_same_panel(p1, p2, tol: float = TOL) -> None:
    assert list(p1.event_ids) == list(p2.event_ids)
    for name in ("ar", "ar_cov", "sigma", "est_ar"):
        a, b = getattr(p1, name), getattr(p2, name)
        assert a.shape == b.shape, name
        np.testing.assert_allclose(b, a, rtol=0, atol=tol, equal_nan=True, err_msg=name)
    assert (p1.dof == p2.dof).all() and (p1.nobs == p2.nobs).all()
    assert (p1.est_rel_days == p2.est_rel_days).all() and (p1.rel_days == p2.rel_days).all()
    assert (p1.est_sessions.view("int64") == p2.est_sessions.view("int64")).all()
    assert (p1.day0 == p2.day0).all()
    names = [n for n in ALL_TESTS if n != "bootstrap"]
    windows = [(0, 0), (-1, 1)]
    for a, b in zip(run_tests(p1, windows, names), run_tests(p2, windows, names)):
        assert a.name == b.name and a.window == b.window
        assert b.stat == pytest.approx(a.stat, rel=1e-9, abs=1e-9, nan_ok=True), a.name


# ----------------------------------------------------------------------------------------------
# equality with the reference
# ----------------------------------------------------------------------------------------------
def test_real_data_equals_reference(real_pair):
    ref, bat = real_pair
    assert bat.n_events == ref.n_events >= 30
    _assert_same(ref, bat)
    skipped = dict(zip(bat.skipped["event_id"], bat.skipped["reason"]))
    assert {"wti_negative", "brent_too_short", "future"} <= set(skipped)
    assert "min_obs = 30" in skipped["brent_too_short"]
    warned = dict(zip(bat.warnings["event_id"], bat.warnings["message"]))
    assert "43 observations" in warned["brent_short"] and "dropped" in warned["wti_after"]
    row = bat.params_frame().set_index("event_id").loc["brent_short"]
    assert row["n_obs"] == 43 and row["dof"] == 41


def test_roll_days_and_their_warnings_equal_reference(real_pair):
    """Futures events (BZ=F, CL=F) flag the window returns that span a contract roll, as the reference does."""
    ref, bat = real_pair
    r = ref.to_frame().astype({"event_id": str}).set_index(["event_id", "rel_day"])["roll_day"]
    b = bat.to_frame().astype({"event_id": str}).set_index(["event_id", "rel_day"])["roll_day"]
    pd.testing.assert_series_equal(b.sort_index(), r.sort_index().astype(bool), check_names=False)
    flagged = set(b[b].index.get_level_values(0))
    assert len(flagged) >= 3  # 30 random futures/ETF events: several windows contain a monthly roll
    assert all(bat.tickers[list(bat.event_ids).index(e)] in ("BZ=F", "CL=F") for e in flagged)
    ref_warn = {eid: "; ".join(res.warnings) for eid, res in ref.results.items() if res.warnings}
    bat_warn = dict(zip(bat.warnings["event_id"], bat.warnings["message"]))
    assert bat_warn == ref_warn


def test_roll_flag_counts_an_expiry_just_before_the_window():
    """A Brent expiry on the session before day −1 makes day −1's return a roll return (both paths)."""
    prices = mi.load_prices(["BZ=F", "^GSPC"])
    # BZ=F April 2025 contract expired Fri 28 Feb 2025; the first return of the new contract is Mon 3 Mar
    ev = pd.DataFrame([{"event_id": "x", "ticker": "BZ=F", "date": "2025-03-04"}])
    bat = batch_event_study(ev, prices, benchmark="^GSPC", window=(-1, 1), progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = mi.event_study(ev, prices, engine="reference", benchmark="^GSPC", window=(-1, 1))
    for frame in (bat.to_frame(), ref.to_frame()):
        assert frame.set_index("rel_day")["roll_day"].to_dict() == {-1: True, 0: False, 1: False}


def test_real_data_panel_equals_reference(real_pair):
    ref, bat = real_pair
    _assert_same_panel(ref.panel, bat.panel)


@pytest.mark.parametrize(("model", "pe"), [("market", True), ("constant-mean", True), ("market-adjusted", True),
                                           ("market", False)])
def test_synthetic_equals_reference(model, pe):
    frame = _synthetic()
    ev = _synthetic_events(frame)
    kw = {"model": model, "estimation": (-250, -11), "window": (-3, 4), "car_windows": [(-1, 1), (0, 2), (-3, 4)],
          "min_obs": 30, "pe_correction": pe}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = mi.event_study(ev, frame, engine="reference", benchmark="MKT", returns_given=True, tests=STREAM, **kw)
    bat = batch_event_study(ev, frame, benchmark="MKT", progress=False, chunk_size=7, **kw)
    _assert_same(ref, bat)
    _assert_same_panel(ref.panel, bat.panel)
    assert {"too_short", "at_end", "no_such"} <= set(bat.skipped["event_id"])
    assert {"short60", "short40"} <= set(bat.warnings["event_id"])


def test_prices_flag_equals_prices_object(real_prices, real_events):
    wide = real_prices.close()
    a = batch_event_study(real_events, real_prices, progress=False)
    b = batch_event_study(real_events, wide, from_prices=True, progress=False)
    np.testing.assert_array_equal(a.ar, b.ar)
    assert list(a.skipped["reason"]) == list(b.skipped["reason"])


# ----------------------------------------------------------------------------------------------
# day 0
# ----------------------------------------------------------------------------------------------
_STRUCK: dict = {}


def _day0_by_hand(e: Event, sessions: pd.DatetimeIndex, inst, policy: str):
    """Independent scalar oracle of the day-0 rule (datetime arithmetic, one event at a time):
    ``(position, rule, ambiguous)`` or an error string with the words the engines use."""
    import bisect
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(e.timezone)
    start = dt.datetime.combine(e.local_date, e.time or dt.time(0, 0), tzinfo=tz)
    end = start + (dt.timedelta(minutes=1) if e.time else dt.timedelta(days=1))
    ptz, ptime = (ZoneInfo(inst.timezone), inst.price_time) if inst else (ZoneInfo("America/New_York"), dt.time(16))
    key = (len(sessions), sessions[0], sessions[-1], str(ptz), ptime)
    if key not in _STRUCK:  # the price instants of a series, once (sorted: they follow the sessions)
        _STRUCK[key] = ([dt.datetime.combine(s.date(), ptime, tzinfo=ptz).timestamp() for s in sessions],
                        [s.date() for s in sessions])
    struck, dates = _STRUCK[key]
    left = bisect.bisect_left(dates, e.local_date)
    is_session = left < len(dates) and dates[left] == e.local_date
    if not is_session and policy == "error":
        return "not a trading session"
    if not is_session and policy == "previous":
        return (left - 1, "previous", False) if left > 0 else "no session"
    k = bisect.bisect_right(struck, start.timestamp())  # first price struck strictly after the announcement
    if k == len(struck):
        return "after the last session"
    rule = "next" if not is_session else ("same_session" if dates[k] == e.local_date else "after_price_time")
    return k, rule, struck[k] < end.timestamp()


@pytest.mark.parametrize("policy", ["next", "previous", "error"])
def test_day0_of_many_events_equals_a_scalar_oracle(real_prices, policy):
    """The vectorised day 0 (one implementation for every engine) against datetime arithmetic per event,
    including a nonexistent and an ambiguous local time (DST changes, fold = 0)."""
    rng = np.random.default_rng(11)
    days = pd.date_range("2008-01-01", "2025-12-31", freq="D")  # weekends and holidays included
    n = 150
    tickers = np.array(["BZ=F", "CL=F", "XLE", "^GSPC"])[rng.integers(0, 4, n)]
    times = np.array([None, "00:00", "09:30", "14:30", "14:29", "16:00", "23:59", "02:30"], dtype=object)
    zones = np.array(["", "Europe/London", "Asia/Tokyo", "America/New_York"], dtype=object)
    ev = pd.DataFrame({
        "event_id": [f"d{i}" for i in range(n)], "ticker": tickers,
        "date": days[rng.integers(0, len(days), n)].strftime("%Y-%m-%d"),
        "time": times[rng.integers(0, len(times), n)], "timezone": zones[rng.integers(0, len(zones), n)],
    })
    ev.loc[0, ["date", "time", "timezone"]] = ["2021-03-14", "02:30", "America/New_York"]  # nonexistent time
    ev.loc[1, ["date", "time", "timezone"]] = ["2021-11-07", "01:30", "America/New_York"]  # ambiguous time
    ev.loc[2, ["date", "ticker"]] = ["2031-01-06", "XLE"]  # after the data
    sessions = {t: pd.DatetimeIndex(real_prices[t].index) for t in ("BZ=F", "CL=F", "XLE", "^GSPC")}
    got = batch_event_sessions(ev, sessions, policy)
    for row, g in zip(ev.itertuples(index=False), got.itertuples(index=False)):
        inst = find_instrument(row.ticker)
        tm = dt.time.fromisoformat(row.time) if isinstance(row.time, str) else None
        tz = row.timezone or (inst.timezone if inst else "America/New_York")
        e = Event(row.event_id, dt.date.fromisoformat(row.date), tz, "minute" if tm else "day", tm)
        want = _day0_by_hand(e, sessions[row.ticker], inst, policy)
        if isinstance(want, str):
            assert want in g.error
            with pytest.raises(MarketImpactError, match=want):  # the one-event entry point says the same
                event_session(e, sessions[row.ticker], inst, policy)
            continue
        assert g.error is None
        assert (g.position, g.rule, g.ambiguous) == want, row
        assert g.day0 == sessions[row.ticker][want[0]]
        one = event_session(e, sessions[row.ticker], inst, policy)
        assert (one.position, one.rule, one.ambiguous) == want


# ----------------------------------------------------------------------------------------------
# engines, chunking, API
# ----------------------------------------------------------------------------------------------
def test_chunking_does_not_change_numbers():
    frame = _synthetic(seed=1, n_sessions=600, n_assets=12)
    ev = _synthetic_events(frame, seed=2)
    a = batch_event_study(ev, frame, benchmark="MKT", progress=False, chunk_size=5)
    b = batch_event_study(ev, frame, benchmark="MKT", progress=False, chunk_size=100_000)
    for name in ("ar", "ar_var", "car", "car_var"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.tests_frame()["statistic"], b.tests_frame()["statistic"], rtol=1e-12, atol=1e-12)
    assert not a.by_group().empty


@pytest.mark.filterwarnings("ignore:Couldn't detect a suitable IP address:RuntimeWarning")  # offline test guard
@pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                    reason="dask.distributed is not installed (pip install 'dask[distributed]')")
def test_dask_engine_equals_numpy():
    from distributed import Client, LocalCluster

    frame = _synthetic(seed=5, n_sessions=500, n_assets=10)
    ev = _synthetic_events(frame, seed=9)
    local = batch_event_study(ev, frame, benchmark="MKT", progress=False, chunk_size=9)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        dist = batch_event_study(ev, frame, benchmark="MKT", progress=False, chunk_size=9, engine="dask",
                                 client=client)
    assert list(local.event_ids) == list(dist.event_ids)
    for name in ("ar", "ar_var", "car", "car_var", "expected"):
        np.testing.assert_allclose(getattr(dist, name), getattr(local, name), rtol=0, atol=1e-12)
    pd.testing.assert_frame_equal(local.tests_frame(), dist.tests_frame(), rtol=1e-12, atol=1e-12)
    pd.testing.assert_frame_equal(local.params_frame(), dist.params_frame(), rtol=1e-12, atol=1e-12)


def test_progress_is_silent_off_a_tty(capsys):
    frame = _synthetic()
    batch_event_study(_synthetic_events(frame), frame, benchmark="MKT", progress=True, chunk_size=4)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_presentation_and_frames(real_pair):
    _, bat = real_pair
    assert "Multi-event study" in bat.summary() and "patell" in bat.summary() and "engine: numpy" in bat.summary()
    assert "<table" in bat._repr_html_()
    frame = bat.to_frame()
    assert list(frame.columns) == ["event_id", "ticker", "rel_day", "date", "ret", "expected", "ar", "car", "roll_day"]
    assert list(bat.tests_frame().columns[:5]) == ["test", "rel_day_start", "rel_day_end", "statistic", "p_value"]
    assert list(bat.skipped.columns) == ["event_id", "ticker", "reason"]
    assert {"alpha", "beta", "sigma", "n_obs", "day0", "rule"} <= set(bat.params_frame().columns)
    assert "MultiEventResult(" in repr(bat) and "engine='numpy'" in repr(bat)


def test_results_parquet_from_the_arrays_reads_back_as_to_frame(real_pair, tmp_path):
    """The CLI writes the results Parquet from ``_frame_arrow`` (no DataFrame): the same columns and types as
    ``to_frame().to_parquet()``, and read back the same frame (categoricals, NaN returns of bad prices, roll
    flags), also for the reference engine's result."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for res in real_pair:
        table = res._frame_arrow()
        pq.write_table(table, tmp_path / "arrays.parquet")
        res.to_frame().to_parquet(tmp_path / "frame.parquet", index=False)
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "arrays.parquet"),
                                      pd.read_parquet(tmp_path / "frame.parquet"), check_exact=True)
        assert table.schema.equals(pa.Table.from_pandas(res.to_frame(), preserve_index=False).schema.remove_metadata())
        assert pq.read_table(tmp_path / "arrays.parquet").equals(pq.read_table(tmp_path / "frame.parquet").replace_schema_metadata(None))


def test_panel_tests_via_tests_argument(real_prices, real_events):
    bat = batch_event_study(real_events, real_prices, progress=False, tests=("bmp", "kp_bmp", "corrado_rank"))
    assert {"bmp", "kp_bmp", "corrado_rank"} == set(bat.tests_frame()["test"])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"model": "garch"}, ConfigurationError), ({"car_windows": [(-9, 1)]}, WindowError),
     ({"estimation": (-100, -2)}, WindowError), ({"engine": "spark"}, ConfigurationError),
     ({"min_obs": 2}, ConfigurationError)],
)
def test_bad_arguments(real_prices, real_events, kwargs, error):
    with pytest.raises(error):
        batch_event_study(real_events, real_prices, progress=False, **kwargs)


def test_duplicate_event_ids(real_prices):
    ev = pd.DataFrame({"event_id": ["a", "a"], "ticker": ["XLE", "XLE"], "date": ["2020-01-06", "2020-02-06"]})
    with pytest.raises(ConfigurationError, match="duplicate"):
        batch_event_study(ev, real_prices, progress=False)
