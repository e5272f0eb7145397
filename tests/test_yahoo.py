"""The yfinance path without a network: recorded chart-API payloads replayed at the HTTP layer.

``curl_cffi.requests.Session.request`` (the call under yfinance's ``YfData``) is patched,
so ``yfinance.download`` parses the v8 chart JSON for real. See tests/data/yahoo/README.md.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import marketimpact as mi
from marketimpact.errors import (
    ConfigurationError,
    DataRangeError,
    NetworkUnavailableError,
    UnknownTickerError,
)
from marketimpact.prices import cache, loader, yahoo
from marketimpact.prices.recorded import recorded_response

PAYLOADS = Path(__file__).resolve().parent / "data" / "yahoo"
BZ = "chart_BZ~3DF_1d_2025-02-10_2025-02-14.json"
GSPC = "chart_~5EGSPC_1d_2025-02-10_2025-02-14.json"
GSPC_1H = "chart_~5EGSPC_1h_2025-02-12.json"
BZ_PARTIAL = "chart_BZ~3DF_1d_partial_2025-02-10_2025-02-12.json"
BZ_EMPTY = "chart_BZ~3DF_1d_empty.json"
NOT_FOUND = "chart_not_found_404.json"


_response = recorded_response  # one way to build a replayed HTTP response (marketimpact.prices.recorded)


class Replay:
    """Routes chart requests by symbol to payload files, statuses or exceptions.

    A route is a list of steps consumed in order (the last one repeats); a step is a
    file name (HTTP 200), ``(status, file)``, or an exception instance to raise.
    ``tz`` steps answer yfinance's timezone probe (``range=1d``) separately.
    """

    def __init__(self) -> None:
        self.routes: dict[str, list] = {}
        self.tz: dict[str, str] = {}
        self.calls: list[tuple[str, dict]] = []

    def add(self, symbol: str, *steps, tz: str | None = None) -> None:
        self.routes[symbol] = list(steps)
        if tz:
            self.tz[symbol] = tz

    def _play(self, step, url: str):
        if isinstance(step, BaseException):
            raise step
        status, name = step if isinstance(step, tuple) else (200, step)
        return _response(url, status, (PAYLOADS / name).read_bytes())

    def __call__(self, session, method, url, *args, params=None, **kwargs):
        params = dict(params or {})
        self.calls.append((url, params))
        if "fc.yahoo.com" in url:
            return _response(url, 404, b"")
        if "getcrumb" in url:
            return _response(url, 200, b"testcrumb")
        sym = yahoo._chart_symbol(url)
        if sym is None or sym not in self.routes:
            return _response(url, 404, (PAYLOADS / NOT_FOUND).read_bytes())
        if "range" in params and sym in self.tz:
            return self._play(self.tz[sym], url)
        steps = self.routes[sym]
        step = steps.pop(0) if len(steps) > 1 else steps[0]
        return self._play(step, url)

    def chart_calls(self, symbol: str) -> int:
        return sum(1 for u, p in self.calls if yahoo._chart_symbol(u) == symbol and "period1" in p)


@pytest.fixture
def replay(monkeypatch, tmp_path):
    import curl_cffi.requests as cr
    import yfinance.cache as yfc
    from yfinance.data import YfData

    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "0")
    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(yahoo, "_probe", lambda timeout: None)  # "network is up"
    monkeypatch.setattr(yahoo, "_today", lambda: dt.date(2025, 3, 1))
    monkeypatch.setattr(yfc, "get_tz_cache", lambda: yfc._TzCacheDummy())  # no ~/.cache/py-yfinance
    monkeypatch.setattr(yfc, "get_cookie_cache", lambda: yfc._CookieCacheDummy())
    YfData.cache_get.cache_clear()  # yfinance memoises past-range responses per URL
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", lambda s: sleeps.append(s))
    rp = Replay()
    rp.sleeps = sleeps
    monkeypatch.setattr(cr.Session, "request", lambda self, method, url, *a, **k: rp(self, method, url, *a, **k))
    yield rp
    YfData.cache_get.cache_clear()


def test_payloads_are_v8_chart_json():
    for f in (BZ, GSPC, GSPC_1H, BZ_PARTIAL, BZ_EMPTY, NOT_FOUND):
        body = json.loads((PAYLOADS / f).read_text())
        assert set(body) == {"chart"} and set(body["chart"]) == {"result", "error"}


def test_multi_ticker_daily_parsed_by_yfinance_in_one_call(replay, monkeypatch):
    replay.add("BZ=F", BZ)
    replay.add("^GSPC", GSPC)
    calls = []
    real = yahoo._download
    monkeypatch.setattr(yahoo, "_download", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    p = mi.load_prices(["BZ=F", "^GSPC"], "2025-02-10", "2025-02-14", source="yahoo")
    assert calls == [["BZ=F", "^GSPC"]]  # several tickers, one yfinance call
    bz, sp = p["BZ=F"], p["^GSPC"]
    assert bz.loc["2025-02-12", "close"] == pytest.approx(75.18, abs=1e-4)
    assert (bz.loc["2025-02-12", "low"], bz.loc["2025-02-12", "high"]) == pytest.approx((74.95, 76.89), abs=1e-4)
    assert sp.loc["2025-02-12", "close"] == pytest.approx(6051.97, abs=1e-2)
    assert list(bz.columns) == ["open", "high", "low", "close", "adj_close", "volume"]
    assert bz.index.name == "session" and bz.index.tz is None and len(bz) == 5
    assert (bz.dtypes == "float64").all()
    prov = p.provenance["BZ=F"]
    assert prov["source"] == "yahoo" and prov["range"] == "2025-02-10..2025-02-14" and prov["fetched_at"]
    # same values as the bundled snapshot they were recorded from
    bundled = mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="bundled")["BZ=F"]
    pd.testing.assert_series_equal(bz["close"], bundled["close"], check_freq=False)


def test_fetch_is_cached_and_reused_without_network(replay, monkeypatch):
    monkeypatch.setattr(loader, "bundled_tickers", lambda: [])  # force auto past the bundled data
    replay.add("BZ=F", BZ)
    replay.add("^GSPC", GSPC)
    first = mi.load_prices(["BZ=F", "^GSPC"], "2025-02-10", "2025-02-14")
    assert first.provenance["BZ=F"]["source"] == "yahoo"
    entry = cache.read_entry("BZ=F")
    assert entry is not None and entry.covers(dt.date(2025, 2, 10), dt.date(2025, 2, 14))
    # now no network at all: any HTTP request fails the test
    n = len(replay.calls)
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "1")
    second = mi.load_prices(["BZ=F", "^GSPC"], "2025-02-11", "2025-02-13")
    assert len(replay.calls) == n
    assert second.provenance["BZ=F"]["source"] == "cache"
    assert second.provenance["BZ=F"]["sha256"] == entry.meta["sha256"]
    assert second["BZ=F"].loc["2025-02-12", "close"] == pytest.approx(75.18, abs=1e-4)
    pd.testing.assert_frame_equal(second["^GSPC"], first["^GSPC"].loc["2025-02-11":"2025-02-13"], check_freq=False)


def test_intraday_is_tz_aware_in_exchange_time(replay):
    replay.add("^GSPC", GSPC_1H)
    p = mi.load_prices("^GSPC", "2025-02-12", "2025-02-12", interval="1h", source="yahoo")
    df = p["^GSPC"]
    assert str(df.index.tz) == "America/New_York" and df.index.name == "timestamp"
    assert len(df) == 7
    assert df.index[0] == pd.Timestamp("2025-02-12 09:30", tz="America/New_York")
    assert df["close"].iloc[-1] == pytest.approx(6051.97, abs=1e-2)
    # the cache stores UTC and gives the same instants back
    again = mi.load_prices("^GSPC", "2025-02-12", "2025-02-12", interval="60m", source="cache")
    pd.testing.assert_frame_equal(again["^GSPC"], df)
    assert cache.read_entry("^GSPC", "1h").frame.index.tz is not None


def test_split_frames_converts_each_ticker_to_its_own_timezone():
    idx = pd.DatetimeIndex(["2025-02-12 14:30", "2025-02-12 15:30"], tz="UTC").tz_convert("America/New_York")
    cols = pd.MultiIndex.from_product([["^GSPC", "^GDAXI"], ["Open", "High", "Low", "Close", "Adj Close", "Volume"]])
    raw = pd.DataFrame(1.0, index=idx, columns=cols)
    out = yahoo.split_frames(raw, ["^GSPC", "^GDAXI"], "1h")
    assert str(out["^GSPC"].index.tz) == "America/New_York"
    assert str(out["^GDAXI"].index.tz) == "Europe/Berlin"
    assert out["^GDAXI"].index[0] == pd.Timestamp("2025-02-12 15:30", tz="Europe/Berlin")


@pytest.mark.parametrize(
    ("interval", "start", "end", "match"),
    [
        ("1m", "2025-02-20", "2025-02-28", "7 days"),
        ("1m", "2025-01-10", "2025-01-12", "30 days"),
        ("5m", "2024-12-01", "2024-12-02", "60 days"),
        ("1h", "2023-01-01", "2023-01-05", "730 days"),
        ("2h", "2025-02-10", "2025-02-11", "not supported"),
    ],
)
def test_intraday_limits_are_refused_before_any_request(replay, interval, start, end, match):
    with pytest.raises(ConfigurationError, match=match):
        mi.load_prices("^GSPC", start, end, interval=interval, source="yahoo")
    assert replay.calls == []


def test_unknown_ticker_is_named_and_not_retried(replay):
    with pytest.raises(UnknownTickerError, match="ZZZZ"):
        mi.load_prices("ZZZZ", "2025-02-10", "2025-02-14", source="yahoo")
    assert replay.sleeps == []


def test_known_ticker_still_cached_when_another_is_unknown(replay):
    replay.add("BZ=F", BZ)
    with pytest.raises(UnknownTickerError, match="ZZZZ"):
        mi.load_prices(["BZ=F", "ZZZZ"], "2025-02-10", "2025-02-14", source="yahoo")
    assert len(cache.read_entry("BZ=F").frame) == 5


def test_timeouts_are_retried_with_backoff_then_named(replay):
    from curl_cffi.requests.exceptions import Timeout

    replay.add("BZ=F", Timeout("Operation timed out after 10001 milliseconds"))
    with pytest.raises(NetworkUnavailableError, match=r"after 3 attempts.*Timeout"):
        mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")
    assert replay.sleeps == [1.0, 2.0]  # back-off 1 s, 2 s between the 3 attempts


def test_transient_failure_then_success(replay):
    from curl_cffi.requests.exceptions import ConnectionError as CurlConnectionError

    replay.add("BZ=F", CurlConnectionError("connection reset"), BZ, tz=BZ)
    p = mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")
    assert p["BZ=F"].loc["2025-02-12", "close"] == pytest.approx(75.18, abs=1e-4)
    assert replay.sleeps == [1.0]


def test_http_500_is_transient(replay):
    replay.add("BZ=F", (500, NOT_FOUND), tz=BZ)
    with pytest.raises(NetworkUnavailableError, match="HTTP 500"):
        mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")
    assert replay.sleeps == [1.0, 2.0]


def test_yfinance_raising_is_a_named_error(replay, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("yfinance internal error")

    monkeypatch.setattr(yahoo, "_download", boom)
    with pytest.raises(NetworkUnavailableError, match="RuntimeError: yfinance internal error"):
        mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")


def test_empty_response_is_a_range_error(replay):
    replay.add("BZ=F", BZ_EMPTY, tz=BZ)
    with pytest.raises(DataRangeError, match="no prices for BZ=F"):
        mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")


def test_partial_response_names_the_missing_range_and_caches_the_rest(replay):
    replay.add("BZ=F", BZ_PARTIAL)
    with pytest.raises(DataRangeError, match=r"BZ=F: missing 2025-02-13\.\.2025-02-14"):
        mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")
    entry = cache.read_entry("BZ=F")
    assert entry.covered == [(dt.date(2025, 2, 10), dt.date(2025, 2, 12))]
    # the complete part is usable offline
    p = mi.load_prices("BZ=F", "2025-02-10", "2025-02-12", source="cache")
    assert p["BZ=F"].loc["2025-02-12", "close"] == pytest.approx(75.18, abs=1e-4)


def test_cache_write_failure_still_returns_the_data(replay, monkeypatch):
    import errno

    replay.add("BZ=F", BZ)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache, "_write_parquet", full)
    with pytest.warns(mi.errors.MarketImpactWarning, match="disk full"):
        p = mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")
    assert len(p["BZ=F"]) == 5 and p.provenance["BZ=F"]["file"] is None


def test_offline_mode_fails_fast(monkeypatch):
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "1")

    def probe(timeout):
        raise AssertionError("offline mode must not probe the network")

    monkeypatch.setattr(yahoo, "_probe", probe)  # fast by construction: nothing that can wait is called
    with pytest.raises(NetworkUnavailableError, match="offline"):
        mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")


def test_hanging_network_fails_within_two_seconds(monkeypatch):
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "0")
    release = threading.Event()
    finished = threading.Event()

    def probe(timeout):  # DNS that never answers until the test lets it
        release.wait()
        finished.set()

    monkeypatch.setattr(yahoo, "_probe", probe)
    try:
        with pytest.raises(NetworkUnavailableError, match="network down"):
            mi.load_prices("BZ=F", "2025-02-10", "2025-02-14", source="yahoo")
        assert not finished.is_set()  # the caller got its answer while the probe was still hanging
    finally:
        release.set()


def test_no_route_is_network_unavailable_in_auto_mode(monkeypatch, tmp_path):
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "0")
    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path))
    downloads, sleeps = [], []
    real_download, real_sleep = yahoo._download, yahoo.time.sleep
    monkeypatch.setattr(yahoo, "_download", lambda *a, **k: downloads.append(a) or real_download(*a, **k))
    monkeypatch.setattr(yahoo.time, "sleep", lambda s: sleeps.append(s) or real_sleep(s))
    with pytest.raises(NetworkUnavailableError, match=r"ZZZZ: missing 2025-02-10\.\.2025-02-14"):
        mi.load_prices("ZZZZ", "2025-02-10", "2025-02-14")  # the test guard blocks the socket
    # no route is known before any download: no request is made and no back-off is slept (the retries
    # with back-off are what a 30 s hang would be made of); structure, not a clock
    assert downloads == [] and sleeps == []
