"""Yahoo symbol search without a network: synthesized v1/finance/search payloads replayed at the HTTP layer.

``curl_cffi.requests.Session.request`` (the call under ``yfinance.Search``) is patched, as in
tests/test_yahoo.py, so yfinance and our ranking, caching and offline logic run for real.
See tests/data/yahoo/search/SOURCE.md for what the payloads are (synthesized, not recorded).
"""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

import pytest

import marketimpact as mi
from marketimpact.errors import ConfigurationError, MarketImpactWarning
from marketimpact.prices import symbol_search, yahoo
from marketimpact.prices.recorded import recorded_response

PAYLOADS = Path(__file__).resolve().parent / "data" / "yahoo" / "search"
SEARCH_PATH = "/v1/finance/search"
REAL_PROBE = yahoo._probe  # the TCP probe, answered by the suite's socket guard (blocked)


_response = recorded_response  # one way to build a replayed HTTP response (marketimpact.prices.recorded)


class SearchReplay:
    """Answers Yahoo search requests by query (lower case) from payload files.

    A route is a list of steps consumed in order (the last one repeats): a file name
    (HTTP 200), ``(status, file)``, or an exception to raise. Queries without a route
    fail the test: every request a test causes must be one it planned.
    """

    def __init__(self) -> None:
        self.routes: dict[str, list] = {}
        self.calls: list[tuple[str, dict]] = []

    def add(self, query: str, *steps) -> None:
        self.routes[query.lower()] = list(steps)

    def searches(self, query: str | None = None) -> int:
        return sum(1 for u, p in self.calls if SEARCH_PATH in u and (query is None or p.get("q") == query))

    def __call__(self, session, method, url, *args, params=None, **kwargs):
        params = dict(params or {})
        self.calls.append((url, params))
        if "fc.yahoo.com" in url:
            return _response(url, 404, b"")
        if "getcrumb" in url:
            return _response(url, 200, b"testcrumb")
        if SEARCH_PATH not in url:
            return _response(url, 404, b"")
        q = str(params.get("q", "")).lower()
        assert q in self.routes, f"unplanned Yahoo search for {q!r}"
        steps = self.routes[q]
        step = steps.pop(0) if len(steps) > 1 else steps[0]
        if isinstance(step, BaseException):
            raise step
        status, name = step if isinstance(step, tuple) else (200, step)
        return _response(url, status, (PAYLOADS / name).read_bytes())


@pytest.fixture
def replay(monkeypatch, tmp_path):
    import curl_cffi.requests as cr
    import yfinance.cache as yfc
    from yfinance.data import YfData

    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "0")
    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(yahoo, "_probe", lambda timeout: None)  # "network is up"
    monkeypatch.setattr(yfc, "get_tz_cache", lambda: yfc._TzCacheDummy())
    monkeypatch.setattr(yfc, "get_cookie_cache", lambda: yfc._CookieCacheDummy())
    YfData.cache_get.cache_clear()
    symbol_search.clear_memory()
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", lambda s: sleeps.append(s))
    rp = SearchReplay()
    rp.sleeps = sleeps
    monkeypatch.setattr(cr.Session, "request", lambda self, method, url, *a, **k: rp(self, method, url, *a, **k))
    yield rp
    YfData.cache_get.cache_clear()
    symbol_search.clear_memory()


def _block_network(monkeypatch) -> list[str]:
    """From here on the network is down: the socket guard refuses the probe, HTTP requests fail (and are listed)."""
    import curl_cffi.requests as cr

    monkeypatch.setattr(yahoo, "_probe", REAL_PROBE)
    used: list[str] = []

    def refuse(self, method, url, *a, **k):
        used.append(url)
        raise OSError(f"network blocked: {url}")

    monkeypatch.setattr(cr.Session, "request", refuse)
    return used


def test_payloads_have_the_search_response_shape():
    for f in sorted(PAYLOADS.glob("search_*.json")):
        body = json.loads(f.read_text())
        assert {"explains", "count", "quotes", "news", "nav", "lists"} <= set(body), f.name
        assert body["count"] == len(body["quotes"])
        for q in body["quotes"]:
            assert {"symbol", "quoteType", "exchange", "shortname", "exchDisp", "index"} <= set(q), f.name


def test_home_listing_preferred_over_otc_and_adr(replay):
    replay.add("Burberry", "search_burberry.json")
    m = mi.search_symbol("Burberry")
    assert m is not None
    # Yahoo's first two quotes are the OTC lines BURBY (ADR) and BBRYF
    assert (m.symbol, m.exchange, m.quote_type, m.source) == ("BRBY.L", "LSE", "EQUITY", "yahoo-search")
    assert m.name == "Burberry Group plc" and m.query == "Burberry" and m.score == 1.0
    assert replay.searches("Burberry") == 1
    url, params = next(c for c in replay.calls if SEARCH_PATH in c[0])
    assert url.startswith("https://query2.finance.yahoo.com/v1/finance/search")
    assert params["q"] == "Burberry" and params["newsCount"] == 0  # quotes only: no news, lists or research


def test_legal_form_and_country_choose_the_home_exchange(replay):
    replay.add("Shell", "search_shell.json")
    replay.add("Cemex", "search_cemex.json")
    replay.add("Toyota Motor", "search_toyota.json")
    assert mi.search_symbol("Shell").symbol == "SHEL.L"  # "plc": London, not the NYSE line first in Yahoo's order
    assert mi.search_symbol("Shell", country="NL").symbol == "SHELL.AS"
    assert mi.search_symbol("Shell", country="us").symbol == "SHEL"
    assert mi.search_symbol("Cemex").symbol == "CEMEXCPO.MX"  # S.A.B. de C.V.: Mexico, not the NYSE ADR
    toyota = mi.search_symbol("Toyota Motor")
    assert toyota.symbol == "7203.T" and toyota.name == "Toyota Motor Corporation"  # no legal hint: not the US ADR


def test_ambiguous_or_dissimilar_names_give_none(replay):
    replay.add("Toyota", "search_toyota.json")  # Toyota Motor and Toyota Industries both start with "Toyota"
    replay.add("Acme", "search_acme.json")  # ACM Research, ACMAT, Acumen: none is "Acme"
    assert mi.search_symbol("Toyota") is None
    assert mi.search_symbol("Acme") is None
    assert replay.searches() == 2


def test_no_equity_quote_is_a_miss_and_kind_selects_other_types(replay):
    replay.add("Brent", "search_brent.json")
    assert mi.search_symbol("Brent") is None  # a future and an ETF, no equity
    fut = mi.search_symbol("Brent", kind="future")
    assert (fut.symbol, fut.quote_type, fut.name) == ("BZ=F", "FUTURE", "Brent Crude Oil Last Day Financ")
    assert fut.score == pytest.approx(0.9)  # "brent" is the first word of the name, not the name


def test_hits_and_misses_are_cached_and_served_without_network(replay, monkeypatch):
    replay.add("Burberry", "search_burberry.json")
    replay.add("Zyxwv Holdings", "search_empty.json")
    first = mi.search_symbol("Burberry")
    assert mi.search_symbol("Zyxwv Holdings") is None
    assert replay.searches() == 2
    body = json.loads(symbol_search.cache_path().read_text())
    entries = {e["query"]: e for e in body["entries"].values()}
    assert entries["Burberry"]["match"]["symbol"] == "BRBY.L" and entries["Burberry"]["fetched_at"]
    assert entries["Zyxwv Holdings"]["match"] is None and entries["Zyxwv Holdings"]["fetched_at"]

    used = _block_network(monkeypatch)
    symbol_search.clear_memory()  # as a new process would: read from the file
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "network unavailable" warning either: the network is not tried
        again = mi.search_symbol("  burberry ")
        assert mi.search_symbol("Zyxwv Holdings") is None
    assert again is not None and again.source == "cache"
    assert (again.symbol, again.name, again.exchange, again.score) == (first.symbol, first.name, first.exchange, 1.0)
    assert used == []


def test_offline_answers_from_the_cache_only_without_any_request(replay, monkeypatch):
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "1")
    assert mi.search_symbol("Burberry") is None
    assert mi.search_symbol("Burberry", offline=True) is None
    assert replay.calls == []
    assert not symbol_search.cache_path().exists()  # nothing learnt, nothing written
    replay.add("Burberry", "search_burberry.json")
    assert mi.search_symbol("Burberry", offline=False).symbol == "BRBY.L"  # explicit override of the variable
    n = len(replay.calls)
    hit = mi.search_symbol("Burberry")  # offline again: the cached hit
    assert hit.symbol == "BRBY.L" and hit.source == "cache" and len(replay.calls) == n


def test_network_down_gives_none_with_one_warning_and_no_request(replay, monkeypatch):
    used = _block_network(monkeypatch)  # the socket guard refuses the probe's connection
    with pytest.warns(MarketImpactWarning, match="symbol search unavailable"):
        assert mi.search_symbol("Burberry") is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once per process, and paused: no second probe
        assert mi.search_symbol("Shell") is None
    assert used == [] and replay.calls == []  # the probe failed fast: no HTTP request at all
    assert not symbol_search.cache_path().exists()  # a failure is not a miss


def test_server_errors_are_retried_then_not_cached(replay):
    replay.add("Burberry", (500, "yahoo_down_500.html"))
    with pytest.warns(MarketImpactWarning, match="symbol search unavailable"):
        assert mi.search_symbol("Burberry") is None
    assert replay.searches("Burberry") >= symbol_search.ATTEMPTS  # retried
    assert replay.sleeps and replay.sleeps[0] == symbol_search.BACKOFF_S
    n = replay.searches()
    assert mi.search_symbol("Burberry") is None and replay.searches() == n  # paused after a failure
    assert not symbol_search.cache_path().exists()
    symbol_search.clear_memory()
    replay.add("Burberry", "search_burberry.json")  # Yahoo is back
    assert mi.search_symbol("Burberry").symbol == "BRBY.L"


def test_expired_miss_is_asked_again_and_a_corrupt_cache_is_set_aside(replay):
    path = symbol_search.cache_path()
    path.parent.mkdir(parents=True)
    key = "equity|*|burberry"
    path.write_text(json.dumps({"format": 1, "entries": {
        key: {"query": "Burberry", "kind": "equity", "country": None, "fetched_at": "2020-01-01T00:00:00+00:00",
              "match": None}}}))
    replay.add("Burberry", "search_burberry.json")
    assert mi.search_symbol("Burberry").symbol == "BRBY.L"  # a 2020 miss is too old to trust
    assert replay.searches() == 1

    path.write_text("{ not json")
    symbol_search.clear_memory()
    replay.add("Shell", "search_shell.json")
    with pytest.warns(MarketImpactWarning, match="corrupt"):
        assert mi.search_symbol("Shell").symbol == "SHEL.L"
    assert path.with_name(path.name + ".corrupt").read_text() == "{ not json"  # kept for the user to look at
    assert list(json.loads(path.read_text())["entries"]) == ["equity|*|shell"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "non-empty"),
        ({"name": "x" * 201}, "at most 200"),
        ({"name": "Burberry", "kind": "stock"}, "kind 'stock' is not supported"),
        ({"name": "Burberry", "country": "United Kingdom"}, "two-letter"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ConfigurationError, match=message):
        mi.search_symbol(**kwargs)


def test_names_are_compared_after_folding_and_legal_forms():
    core = symbol_search.core_name
    assert core("BURBERRY GROUP PLC ORD 0.05") == core("Burberry Group plc") == core("Burberry") == "burberry"
    assert core("A.P. Møller - Mærsk A/S") == core("AP Moller Maersk") == "ap moller maersk"
    assert core("Procter & Gamble Company (The)") == core("Procter & Gamble") == "procter and gamble"
    assert core("Nestlé S.A.") == "nestle"
    assert symbol_search.legal_countries("Cemex, S.A.B. de C.V.") == {"MX"}
    assert symbol_search.legal_countries("AG Mortgage Investment Trust, Inc.") == set()  # "AG" not at the end
    sim = symbol_search.name_similarity
    assert sim("rolls royce", "rollsroyce") == 1.0
    assert sim("acme", "acmat") < symbol_search.MIN_SIMILARITY


def test_an_unwritable_cache_still_answers_and_punctuation_is_not_searched(replay, monkeypatch, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(blocker / "cache"))  # mkdir fails: NotADirectoryError
    replay.add("Burberry", "search_burberry.json")
    with pytest.warns(MarketImpactWarning, match="cannot be written"):
        assert mi.search_symbol("Burberry").symbol == "BRBY.L"
    assert blocker.read_text() == "not a folder"
    assert mi.search_symbol(" & , . ") is None and mi.search_symbol("plc") is None and replay.searches() == 1
