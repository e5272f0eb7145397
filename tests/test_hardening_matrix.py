"""Bad-input matrix and fault injection.

Part 1 — the matrix: every public function and every CLI command against each class of bad
input (missing/empty/binary/huge/non-UTF-8 files and folders, bad dates and timezones,
reversed/empty windows, windows outside the data, unknown and path-like tickers, malformed
CSV/Parquet, NaN/inf/non-positive prices, duplicate dates, events on non-trading days with the
"error" policy, bad options). One row per case: ``(case id, callable or CLI argv, expected
exception class or exit 2, substring of the message)``. An API case must raise exactly a named
subclass of :class:`MarketImpactError`; a CLI case must exit 2 with exactly one stderr line
starting ``marketimpact: error:`` and no traceback (CLI cases run through ``cli.main`` in this
process, isolated like a new one; a sample also runs as real processes). ``test_matrix_case_count`` prints the count
(the README quotes it; keep ``MATRIX_CASES`` in step when adding a row).

Part 2 — fault injection not covered by test_prices_cache.py / test_yahoo.py: a tampered
bundled snapshot through the CLI, an unwritable --out, a full disk while writing --out, and a
Ctrl-C while writing --out (no temporary or half-written files are left behind).
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import os
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, run_cli, run_cli_in_process

import marketimpact as mi
from marketimpact import cli
from marketimpact.errors import (
    ArticleFormatError,
    ArticleNotFoundError,
    BadPriceError,
    ConfigurationError,
    DataRangeError,
    InsufficientDataError,
    InvalidTickerError,
    MarketImpactError,
    NoEventDateError,
    NotASessionError,
    UnknownTickerError,
    WindowError,
)
from marketimpact.extract import read_articles
from marketimpact.prices import log_returns, simple_returns
from marketimpact.study.panel import build_panel
from marketimpact.study.statistics import CrossSectionalT

SEED = str(ROOT / "data" / "articles" / "2025-02-12_ft_trump_putin_brent.md")

#: the number of rows in the matrix (API + CLI); README.md quotes it
MATRIX_CASES = 251

# ---------------------------------------------------------------------------------------------
# synthetic data: 300 business days of two random-walk closes, an event on session 200
# ---------------------------------------------------------------------------------------------
SESSIONS = pd.bdate_range("2020-01-01", periods=300)
EVENT_DAY = SESSIONS[200]  # 2020-10-07, a Wednesday
SATURDAY = dt.date(2020, 10, 3)
NY = "America/New_York"


def closes() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    a = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(SESSIONS))))
    m = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(SESSIONS))))
    return pd.DataFrame({"A": a, "M": m}, index=SESSIONS)


def with_price(value: float, row: int = 200) -> pd.DataFrame:
    df = closes()
    df.iloc[row, 0] = value
    return df


def duplicated_dates(df: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([df.iloc[:150], df.iloc[149:]])


def returns() -> pd.DataFrame:
    return np.log(closes()).diff().iloc[1:]


def event(day: dt.date | pd.Timestamp = EVENT_DAY, tz: str = NY) -> mi.Event:
    d = day.date() if isinstance(day, pd.Timestamp) else day
    return mi.Event("e", d, tz)


def events_table(**cols: Any) -> pd.DataFrame:
    base = {"event_id": "e", "ticker": "A", "date": EVENT_DAY.date()}
    base.update(cols)
    return pd.DataFrame({k: [v] for k, v in base.items()})


def study(**kw: Any) -> mi.EventStudy:
    kw.setdefault("estimation", (-100, -11))
    return mi.EventStudy(**kw)


def result() -> mi.EventStudyResult:
    return study().run(event(), closes(), "A", "M")


def multi(ev: pd.DataFrame, prices: pd.DataFrame | None = None, **kw: Any):
    return mi.event_study(ev, closes() if prices is None else prices, engine="reference", benchmark="M", estimation=(-100, -11),
                          tests=["cs_t"], **kw)


def batch(ev: pd.DataFrame, data: pd.DataFrame | None = None, **kw: Any):
    kw.setdefault("from_prices", True)
    return mi.batch_event_study(ev, closes() if data is None else data, benchmark="M", estimation=(-100, -11),
                                tests=("cs_t",), **kw)


# ---------------------------------------------------------------------------------------------
# files for the matrix
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("bad-inputs")
    f: dict[str, Path] = {}

    def put(name: str, data: str | bytes) -> None:
        p = d / name
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        f[name] = p

    put("empty.txt", b"")
    put("blank.md", "---\npublished: 2025-02-12\n---\n   \n\n")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    put("latin1.txt", "Le baril de Brent a chut\xe9 mercredi.".encode("latin-1"))
    put("nodate.txt", "Oil prices fell after the statement. Brent dropped 3% to $70 a barrel.\n")
    put("saturday.txt", "Trump said on Saturday that talks would begin. Brent fell 2% to $74 a barrel.\n")
    put("script_only.html", "<html><body><script>var x = 1;</script><style>p{}</style></body></html>")
    put("fm_unclosed.md", "---\npublished: 2025-02-12\nBrent fell.\n")
    put("fm_list.md", "---\n- one\n- two\n---\nBrent fell on Wednesday.\n")
    put("fm_baddate.md", "---\npublished: 12/02/2025 noonish\n---\nBrent fell on Wednesday.\n")
    put("fm_badtz.md", "---\npublished: 2025-02-12\ntimezone: Europe/Atlantis\n---\nBrent fell on Wednesday.\n")
    huge = d / "huge.txt"  # sparse: 21 MB on paper, nothing on disk
    with huge.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    f["huge.txt"] = huge
    (d / "empty_folder").mkdir()
    f["empty_folder"] = d / "empty_folder"
    put("a_file", "not a folder\n")
    f["missing.txt"] = d / "missing.txt"
    f["missing.csv"] = d / "missing.csv"
    f["bad_only"] = d / "bad_only"
    put("instruments_binary.csv", b"\xff\xfe\x00t\x00i\x00c")
    put("instruments_badtime.csv", "ticker,name,price_time\nXX,Test,25:99\n")
    put("instruments_path.csv", "ticker,name\n../../etc,Evil\n")
    # --- tables
    c = closes()
    c.index.name = "date"
    c.reset_index().to_csv(d / "prices.csv", index=False, date_format="%Y-%m-%d")
    f["prices.csv"] = d / "prices.csv"
    for name, frame in {"prices_inf.csv": with_price(np.inf), "prices_neg.csv": with_price(-37.63),
                        "prices_zero.csv": with_price(0.0), "prices_dup.csv": duplicated_dates(closes())}.items():
        frame.index.name = "date"
        frame.reset_index().to_csv(d / name, index=False, date_format="%Y-%m-%d")
        f[name] = d / name
    put("prices_nodate.csv", "code,A,M\nx1,1,2\n")  # no date column, no dates as the index
    put("prices_baddate.csv", "date,A,M\nsoon,1,2\nlater,1,2\n")
    day = f"{EVENT_DAY:%Y-%m-%d}"
    put("events.csv", f"event_id,ticker,date\ne,A,{day}\n")
    put("events_saturday.csv", f"event_id,ticker,date\ne,A,{SATURDAY}\n")
    put("events_future.csv", "event_id,ticker,date\ne,A,2031-01-06\n")
    put("events_badtz.csv", f"event_id,ticker,date,timezone\ne,A,{day},Europe/Atlantis\n")
    put("events_nodate.csv", "event_id,ticker,date\ne,A,\n")
    put("events_baddate.csv", "event_id,ticker,date\ne,A,2020-02-30\n")
    put("events_badtime.csv", f"event_id,ticker,date,time\ne,A,{day},25:61\n")
    put("events_path.csv", f"event_id,ticker,date\ne,../../etc/passwd,{day}\n")
    put("events_unknown.csv", f"event_id,ticker,date\ne,ZZZ,{day}\n")
    put("events_blank_ticker.csv", f"event_id,ticker,date\ne,,{day}\n")
    put("events_own_benchmark.csv", f"event_id,ticker,date\ne,M,{day}\n")
    put("events_dupid.csv", f"event_id,ticker,date\ne,A,{day}\ne,A,{day}\n")
    put("events_nocols.csv", "id,when\ne,2020-10-07\n")
    put("events.xlsx", b"PK\x03\x04 not really a workbook")
    put("malformed.csv", 'event_id,ticker,date\n"e,A,2020-10-07\n')
    put("binary.csv", b"\x00\x01\x02\xff\xfe binary")
    put("empty.csv", b"")
    put("bad.parquet", b"PAR1 this is not parquet PAR1")
    put("truncated.parquet", b"")
    pd.DataFrame({"event_id": ["e"], "ticker": ["A"], "date": [day]}).to_parquet(d / "events.parquet")
    whole = (d / "events.parquet").read_bytes()
    (d / "truncated.parquet").write_bytes(whole[: len(whole) // 2])
    _second_pass_files(put)
    f["out"] = d / "out"
    return {k: str(v) for k, v in f.items()}


def _second_pass_files(put: Callable[[str, str | bytes], None]) -> None:
    """Files for the second hardening pass (issue 15): typed front matter, encodings, HTML, feeds, year edges."""
    body = "Brent crude fell 2% to $75 a barrel on Wednesday after the talks.\n"
    put("fm_feb31.md", "---\npublished: 2025-02-31\n---\n" + body)
    put("fm_month13.md", "---\npublished: 2025-13-01\n---\n" + body)
    put("fm_headline_number.md", "---\npublished: 2025-02-12\nheadline: 123\n---\n" + body)
    put("fm_dateline_number.md", "---\npublished: 2025-02-12\ndateline: 42\n---\n" + body)
    put("fm_published_number.md", "---\npublished: 20250212\n---\n" + body)
    put("fm_year1.md", "---\npublished: 0001-01-01\n---\nOil fell yesterday. " + body)
    put("utf16_broken.txt", codecs.BOM_UTF16_LE + "Brent fell".encode("utf-16-le") + b"\x00\xdc")  # lone surrogate
    para = "<p>" + body * 3 + "</p>"
    page = "<html><head><title>Oil</title>{}</head><body><article><h1>Oil falls</h1>" + para + "</article></body></html>"
    put("attrs.html", page.format("") .replace("<h1>", "<h1 " + " ".join(f"a{i}" for i in range(200_000)) + ">"))
    put("meta_feb31.html", page.format('<meta property="article:published_time" content="2025-02-31T10:00:00Z">'))
    put("meta_offset.html", page.format('<meta property="article:published_time" content="2025-02-12T10:00+25:00">'))
    feed = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY x "boom">]><rss version="2.0"><channel>'
            "<title>t</title><item><title>Oil</title><description>&x; Brent fell 2%.</description>"
            "<pubDate>Wed, 12 Feb 2025 10:00:00 GMT</pubDate></item></channel></rss>")
    put("doctype_utf16.xml", feed.encode("utf-16"))
    put("doctype_utf32.xml", feed.replace("UTF-16", "UTF-32").encode("utf-32"))
    put("bad_only/a.md", "---\nheadline: 1\n---\n" + body)
    put("bad_only/b.md", "---\npublished: 2025-02-30\n---\n" + body)
    put("events_year9999.csv", "event_id,ticker,date\ne,A,9999-12-31\n")
    put("events_year1.csv", "event_id,ticker,date\ne,A,0001-01-01\n")
    put("events_year1_noticker.csv", "event_id,date\ne,0001-01-01\n")
    day = f"{EVENT_DAY:%Y-%m-%d}"
    put("events_mixed_formats.csv", f"event_id,ticker,date\nd,A,{day}\ne,A,{EVENT_DAY:%d/%m/%Y}\n")
    put("events_serial_numbers.csv", "event_id,ticker,date\ne,A,44111\n")  # a spreadsheet's day number
    c = closes().round(2)
    text = c.map(lambda v: f"{v:.2f}").astype(object)
    text.iloc[10, 0] = "$" + text.iloc[10, 0]
    text.index = [f"{d:%Y-%m-%d}" for d in c.index]
    put("prices_dollar.csv", text.rename_axis("date").reset_index().to_csv(index=False))
    text.iloc[10, 0] = "1,234.50"
    put("prices_thousands.csv", text.rename_axis("date").reset_index().to_csv(index=False))
    mixed = c.copy()
    mixed.index = [f"{d:%Y-%m-%d}" if i % 2 else f"{d:%m/%d/%Y}" for i, d in enumerate(c.index)]
    put("prices_mixed_formats.csv", mixed.rename_axis("date").reset_index().to_csv(index=False))


# ---------------------------------------------------------------------------------------------
# the matrix
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    id: str
    target: Callable[[dict[str, str]], Any]  # API: the call; CLI: returns the argv
    expect: type[MarketImpactError] | int  # exception class, or 2 for the CLI
    match: str  # substring of the message (case-insensitive)

    @property
    def is_cli(self) -> bool:
        return self.expect == 2


def api(case_id: str, call: Callable[[dict[str, str]], Any], exc: type[MarketImpactError], match: str) -> Case:
    return Case(f"api:{case_id}", call, exc, match)


def cmd(case_id: str, argv: Callable[[dict[str, str]], list[str]], match: str) -> Case:
    return Case(f"cli:{case_id}", argv, 2, match)


B = ["--benchmark", "M", "--estimation", "-100", "-11", "--tests", "cs_t"]


def batch_argv(f: dict[str, str], events: str = "events.csv", prices: str = "prices.csv", *extra: str) -> list[str]:
    return ["batch", f[events], "--prices", f[prices], *B, "--out", f["out"] + "/res.csv", *extra]


API_CASES = [
    # --- files ----------------------------------------------------------------------------
    api("analyze/missing-file", lambda f: mi.analyze(f["missing.txt"]), ArticleNotFoundError, "not found"),
    api("analyze/empty-file", lambda f: mi.analyze(f["empty.txt"]), ArticleFormatError, "no text"),
    api("analyze/binary-file", lambda f: mi.analyze(f["binary.txt"]), ArticleFormatError, "binary"),
    api("analyze/huge-sparse-file", lambda f: mi.analyze(f["huge.txt"]), ArticleFormatError, "20 MB"),
    api("analyze/no-date", lambda f: mi.analyze(f["nodate.txt"]), NoEventDateError, "published"),
    api("read_article/huge-sparse-file", lambda f: mi.read_article(f["huge.txt"]), ArticleFormatError, "refused"),
    api("read_article/not-utf8", lambda f: mi.read_article(f["latin1.txt"]), ArticleFormatError, "UTF-8"),
    api("read_article/directory", lambda f: mi.read_article(f["empty_folder"]), ArticleFormatError, "directory"),
    api("read_article/blank-body", lambda f: mi.read_article(f["blank.md"]), ArticleFormatError, "no text"),
    api("read_article/html-without-text", lambda f: mi.read_article(f["script_only.html"]), ArticleFormatError,
        "no text"),
    api("read_article/front-matter-unclosed", lambda f: mi.read_article(f["fm_unclosed.md"]), ArticleFormatError,
        "never closed"),
    api("read_article/front-matter-not-mapping", lambda f: mi.read_article(f["fm_list.md"]), ArticleFormatError,
        "mapping"),
    api("article_from_text/empty", lambda f: mi.article_from_text(""), ArticleFormatError, "no text"),
    api("extract_event/no-date-in-body-or-front-matter",
        lambda f: mi.extract_event(mi.article_from_text("---\nheadline: Oil\n---\nBrent fell.")),
        NoEventDateError, "published"),
    api("register_instruments/missing-file", lambda f: mi.register_instruments(f["missing.csv"]),
        ConfigurationError, "cannot read"),
    api("register_instruments/binary-file", lambda f: mi.register_instruments(f["instruments_binary.csv"]),
        ConfigurationError, "UTF-8"),
    api("register_instruments/bad-price-time", lambda f: mi.register_instruments(f["instruments_badtime.csv"]),
        ConfigurationError, "line 2"),
    api("register_instruments/path-like-ticker", lambda f: mi.register_instruments(f["instruments_path.csv"]),
        ConfigurationError, "invalid ticker"),
    api("extract_event/hand-built-article-bad-timezone",
        lambda f: mi.extract_event(mi.Article("Trump said on Wednesday.", published=dt.date(2025, 2, 12),
                                              timezone="Mars/X")),
        ConfigurationError, "unknown timezone"),
    api("extract_claims/not-a-string", lambda f: mi.extract_claims(None), ArticleFormatError, "string"),
    api("ticker_for/not-a-string", lambda f: mi.ticker_for(None), InvalidTickerError, "string"),
    # --- issue 15: blank tickers (4), returns vs prices and own benchmark (8), in every engine
    api("batch_event_study/only-event-has-blank-ticker", lambda f: batch(events_table(ticker=np.nan)),
        ConfigurationError, "ticker is blank"),
    api("event_study/only-event-has-blank-ticker", lambda f: multi(events_table(ticker=None)),
        ConfigurationError, "ticker is blank"),
    api("batch_event_study/closes-given-as-returns", lambda f: batch(events_table(), from_prices=False),
        ConfigurationError, "look like prices"),
    api("event_study/closes-given-as-returns", lambda f: multi(events_table(), returns_given=True),
        ConfigurationError, "look like prices"),
    api("batch_event_study/returns-given-as-prices", lambda f: batch(events_table(), returns()),
        ConfigurationError, "look like returns"),
    api("event_study/returns-given-as-prices", lambda f: multi(events_table(), returns()),
        ConfigurationError, "look like returns"),
    api("batch_event_study/ticker-is-its-own-benchmark", lambda f: batch(events_table(ticker="M")),
        ConfigurationError, "its own benchmark"),
    api("event_study/ticker-is-its-own-benchmark", lambda f: multi(events_table(ticker="M")),
        ConfigurationError, "its own benchmark"),
    api("batch_event_study/duplicate-sessions-in-returns",
        lambda f: batch(events_table(), duplicated_dates(returns()), from_prices=False), BadPriceError, "duplicate"),
    # --- dates and timezones -------------------------------------------------------------
    api("read_article/front-matter-bad-date", lambda f: mi.read_article(f["fm_baddate.md"]), ArticleFormatError,
        "ISO-8601"),
    api("read_article/front-matter-bad-timezone", lambda f: mi.read_article(f["fm_badtz.md"]), ArticleFormatError,
        "unknown timezone"),
    api("article_from_text/published-feb-30", lambda f: mi.article_from_text("Brent fell.", published="2025-02-30"),
        ConfigurationError, "ISO-8601"),
    api("article_from_text/published-hour-25",
        lambda f: mi.article_from_text("Brent fell.", published="2025-02-12T25:00"), ConfigurationError, "ISO-8601"),
    api("article_from_text/published-words", lambda f: mi.article_from_text("Brent fell.", published="yesterday"),
        ConfigurationError, "ISO-8601"),
    api("article_from_text/unknown-timezone",
        lambda f: mi.article_from_text("Brent fell.", published="2025-02-12", timezone="Mars/Olympus"),
        ConfigurationError, "unknown timezone"),
    api("article_from_text/path-like-timezone",
        lambda f: mi.article_from_text("Brent fell.", published="2025-02-12", timezone="../../etc/passwd"),
        ConfigurationError, "unknown timezone"),
    api("analyze/bad-published", lambda f: mi.analyze(SEED, published="2025-02-12T99:99"), ConfigurationError,
        "ISO-8601"),
    api("analyze/bad-timezone", lambda f: mi.analyze(SEED, timezone="Europe/Nowhere"), ConfigurationError,
        "unknown timezone"),
    api("load_prices/start-not-a-date", lambda f: mi.load_prices("BZ=F", "2025-13-01", "2025-12-31"),
        ConfigurationError, "not a date"),
    api("load_prices/end-missing", lambda f: mi.load_prices("BZ=F", "2025-01-01", "NaT"), ConfigurationError,
        "missing date"),
    api("event_session/unknown-timezone", lambda f: mi.event_session(event(tz="Mars/Olympus"), SESSIONS),
        ConfigurationError, "unknown timezone"),
    api("EventStudy.run/empty-timezone", lambda f: study().run(event(tz=""), closes(), "A", "M"),
        ConfigurationError, "unknown timezone"),
    api("event_study/table-bad-timezone", lambda f: multi(events_table(timezone="Europe/Atlantis")),
        ConfigurationError, "unknown timezone"),
    api("event_study/table-missing-date", lambda f: multi(events_table(date=None)), ConfigurationError,
        "not a date"),
    api("event_study/table-bad-date", lambda f: multi(events_table(date="2020-02-30")), ConfigurationError,
        "not a date"),
    api("event_study/table-bad-time", lambda f: multi(events_table(time="25:61")), ConfigurationError, "HH:MM"),
    api("batch_event_study/table-bad-timezone", lambda f: batch(events_table(timezone="Europe/Atlantis")),
        ConfigurationError, "unknown timezone"),
    api("batch_event_study/table-missing-date", lambda f: batch(events_table(date=None)), ConfigurationError,
        "date"),
    api("batch_event_study/table-bad-date", lambda f: batch(events_table(date="soon")), ConfigurationError,
        "not a date"),
    # --- reversed / empty / malformed windows -------------------------------------------------
    api("EventStudy/reversed-event-window", lambda f: mi.EventStudy(window=(5, -5)), WindowError, "reversed"),
    api("EventStudy/reversed-estimation-window", lambda f: mi.EventStudy(estimation=(-11, -250)), WindowError,
        "reversed"),
    api("EventStudy/estimation-overlaps-event", lambda f: mi.EventStudy(estimation=(-250, 0)), WindowError,
        "overlaps"),
    api("EventStudy/fractional-window", lambda f: mi.EventStudy(window=(-1.5, 2)), WindowError, "whole sessions"),
    api("EventStudy/non-numeric-window", lambda f: mi.EventStudy(window=("a", "b")), WindowError, "two integers"),
    api("EventStudy/one-number-window", lambda f: mi.EventStudy(window=5), WindowError, "two integers"),
    api("EventStudy/car-window-outside-event-window", lambda f: mi.EventStudy(car_windows=[(-10, 10)]),
        WindowError, "not inside"),
    api("EventWindow/reversed", lambda f: mi.EventWindow(3, 1), WindowError, "reversed"),
    api("EstimationWindow/reversed", lambda f: mi.EstimationWindow(-11, -250), WindowError, "reversed"),
    api("EventStudyResult.car_test/reversed", lambda f: result().car_test(2, -2), WindowError, "not inside"),
    api("EventStudyResult.car_test/outside", lambda f: result().car_test(-10, 10), WindowError, "not inside"),
    api("EventStudyResult.bhar/outside", lambda f: result().bhar(0, 30), WindowError, "not inside"),
    api("EventStudyResult.ar/outside", lambda f: result().ar(40), WindowError, "not inside"),
    api("EventStudyResult.patell_test/reversed", lambda f: result().patell_test(1, -1), WindowError, "reversed"),
    api("cs_t/reversed-window", lambda f: CrossSectionalT().compute(build_panel([result()]), (3, -3)),
        WindowError, "reversed"),
    api("event_session/empty-sessions", lambda f: mi.event_session(event(), pd.DatetimeIndex([])), WindowError,
        "no sessions"),
    api("analyze/reversed-window", lambda f: mi.analyze(SEED, window=(3, -3)), WindowError, "reversed"),
    api("event_study/reversed-window", lambda f: multi(events_table(), window=(5, -5)), WindowError, "reversed"),
    api("batch_event_study/reversed-window", lambda f: batch(events_table(), window=(5, -5)), WindowError,
        "reversed"),
    # --- windows outside the data -------------------------------------------------------
    api("EventStudy.run/window-past-data-end", lambda f: study().run(event(SESSIONS[-3]), closes(), "A", "M"),
        WindowError, "outside the data"),
    api("EventStudy.run/event-after-data", lambda f: study().run(event(dt.date(2031, 1, 6)), closes(), "A", "M"),
        WindowError, "after the last session"),
    api("EventStudy.run/window-before-data-start", lambda f: study().run(event(SESSIONS[2]), closes(), "A", "M"),
        WindowError, "outside the data"),
    api("EventStudy.run/too-little-estimation-data",
        lambda f: study(estimation=(-250, -11)).run(event(SESSIONS[20]), closes(), "A", "M"),
        InsufficientDataError, "min_obs"),
    api("MarketModel.fit/too-few-observations",
        lambda f: mi.MarketModel().fit(pd.Series(np.ones(5)), pd.DataFrame({"market": np.arange(5.0)})),
        InsufficientDataError, "at least"),
    api("MarketModel.fit/all-nan",
        lambda f: mi.ConstantMeanModel().fit(pd.Series([np.nan] * 40)), InsufficientDataError, "only 0"),
    api("analyze/window-beyond-bundled-data", lambda f: mi.analyze(SEED, window=(-5, 5000)), WindowError,
        "outside the data"),
    api("load_prices/bundled-range-before-data",
        lambda f: mi.load_prices("BZ=F", "1900-01-01", "1900-02-01", source="bundled"), DataRangeError, "covers"),
    api("load_prices/future-range-offline", lambda f: mi.load_prices("BZ=F", "2090-01-01", "2090-02-01"),
        DataRangeError, "offline"),
    api("event_study/window-outside-data", lambda f: multi(events_table(date="2031-01-06")), ConfigurationError,
        "after the last session"),
    api("batch_event_study/window-outside-data", lambda f: batch(events_table(), window=(-5, 500)),
        ConfigurationError, "outside the data"),
    # --- tickers ------------------------------------------------------------------------
    api("load_prices/ticker-not-a-string", lambda f: mi.load_prices(5, "2025-01-01", "2025-01-10"),
        InvalidTickerError, "string"),
    api("load_prices/path-ticker-in-list", lambda f: mi.load_prices(["BZ=F", "a/../../b"], "2025-01-01", "2025-01-10"),
        InvalidTickerError, "invalid ticker"),
    api("load_prices/empty-list", lambda f: mi.load_prices([], "2025-01-01", "2025-01-10"), ConfigurationError,
        "no tickers"),
    api("get_instrument/unknown", lambda f: mi.get_instrument("ZZZZ"), UnknownTickerError, "not in the instrument"),
    api("get_instrument/path-like", lambda f: mi.get_instrument("..\\..\\win.ini"), InvalidTickerError,
        "invalid ticker"),
    api("analyze/path-like-ticker", lambda f: mi.analyze(SEED, ticker="../../etc/passwd"), InvalidTickerError,
        "invalid ticker"),
    api("analyze/path-like-benchmark", lambda f: mi.analyze(SEED, benchmark="/tmp/x"), InvalidTickerError,
        "invalid ticker"),
    api("analyze/unknown-ticker-offline", lambda f: mi.analyze(SEED, ticker="ZZZZ"), DataRangeError, "offline"),
    api("EventStudy.run/ticker-not-in-prices", lambda f: study().run(event(), closes(), "ZZZ", "M"),
        UnknownTickerError, "not in these prices"),
    api("EventStudy.run/benchmark-not-in-prices", lambda f: study().run(event(), closes(), "A", "ZZZ"),
        UnknownTickerError, "not in these prices"),
    api("event_study/path-like-ticker", lambda f: multi(events_table(ticker="../x")), InvalidTickerError,
        "invalid ticker"),
    api("batch_event_study/path-like-ticker", lambda f: batch(events_table(ticker="a/b")), InvalidTickerError,
        "invalid ticker"),
    api("batch_event_study/unknown-ticker", lambda f: batch(events_table(ticker="ZZZ")), ConfigurationError,
        "not in these prices"),
    api("cross_asset_study/path-like-ticker", lambda f: mi.cross_asset_study(event(), ["BZ=F", "../x"]),
        InvalidTickerError, "invalid ticker"),
    api("Prices/unknown-ticker", lambda f: mi.Prices.from_frame(closes())["ZZZ"], UnknownTickerError,
        "not in these prices"),
    # --- malformed prices / tables ---------------------------------------------------------
    api("EventStudy.run/non-numeric-prices", lambda f: study().run(event(), closes().astype(object).assign(A="n/a"),
                                                                  "A", "M"), BadPriceError, "not numbers"),
    api("EventStudy.run/non-date-index", lambda f: study().run(event(), closes().set_axis(
        [f"row{i}" for i in range(len(SESSIONS))]), "A", "M"), BadPriceError, "is not a date"),
    api("EventStudy.run/duplicate-dates", lambda f: study().run(event(), duplicated_dates(closes()), "A", "M"),
        BadPriceError, "duplicate"),
    api("EventStudy.run/duplicate-dates-in-returns",
        lambda f: study().run(event(), duplicated_dates(returns()), "A", "M", returns_given=True),
        BadPriceError, "duplicate"),
    api("event_study/duplicate-dates", lambda f: multi(events_table(), duplicated_dates(closes())),
        BadPriceError, "duplicate"),
    api("batch_event_study/duplicate-dates", lambda f: batch(events_table(), duplicated_dates(closes())),
        BadPriceError, "duplicate"),
    api("batch_event_study/returns-not-a-frame", lambda f: batch(events_table(), "prices.csv"), ConfigurationError,
        "DataFrame"),
    api("batch_event_study/events-missing-columns", lambda f: batch(pd.DataFrame({"id": ["e"]})),
        ConfigurationError, "missing column"),
    api("analyze/prices-without-the-ticker", lambda f: mi.analyze(SEED, prices=closes()), UnknownTickerError,
        "not in these prices"),
    # --- NaN / inf / non-positive prices ---------------------------------------------------
    api("log_returns/nan", lambda f: log_returns(closes()["A"].where(SESSIONS != EVENT_DAY)), BadPriceError,
        "not a positive finite"),
    api("log_returns/inf", lambda f: log_returns(with_price(np.inf)["A"]), BadPriceError, "inf"),
    api("simple_returns/zero", lambda f: simple_returns(with_price(0.0)["A"]), BadPriceError, "0.0"),
    api("simple_returns/unsorted", lambda f: simple_returns(closes()["A"].iloc[::-1]), BadPriceError, "sorted"),
    api("EventStudy.run/inf-price-in-window", lambda f: study().run(event(), with_price(np.inf), "A", "M"),
        BadPriceError, "does not exist"),
    api("EventStudy.run/zero-price-in-window", lambda f: study().run(event(), with_price(0.0), "A", "M"),
        BadPriceError, "does not exist"),
    api("EventStudy.run/negative-price-in-window", lambda f: study().run(event(), with_price(-37.63), "A", "M"),
        BadPriceError, "does not exist"),
    api("EventStudy.run/inf-return-given", lambda f: study().run(
        event(), returns().replace({returns().iloc[10, 0]: np.inf}), "A", "M", returns_given=True),
        ConfigurationError, "non-finite"),
    api("event_study/negative-price-in-window", lambda f: multi(events_table(), with_price(-37.63)),
        ConfigurationError, "does not exist"),
    api("batch_event_study/negative-price-in-window", lambda f: batch(events_table(), with_price(-37.63)),
        ConfigurationError, "does not exist"),
    api("batch_event_study/inf-return-given",
        lambda f: batch(events_table(), returns().replace({returns().iloc[10, 0]: np.inf}), from_prices=False),
        ConfigurationError, "non-finite"),
    # --- events on non-trading days, policy "error" ----------------------------------------
    api("EventStudy.run/saturday-policy-error",
        lambda f: study(nontrading="error").run(event(SATURDAY), closes(), "A", "M"), NotASessionError,
        "not a trading session"),
    api("event_session/saturday-policy-error", lambda f: mi.event_session(event(SATURDAY), SESSIONS, policy="error"),
        NotASessionError, "not a trading session"),
    api("analyze/saturday-policy-error",
        lambda f: mi.analyze(f["saturday.txt"], published="2025-02-15", timezone="Europe/London", nontrading="error"),
        NotASessionError, "not a trading session"),
    api("event_study/saturday-policy-error", lambda f: multi(events_table(date=SATURDAY), nontrading="error"),
        ConfigurationError, "not a trading session"),
    api("batch_event_study/saturday-policy-error", lambda f: batch(events_table(date=SATURDAY), nontrading="error"),
        ConfigurationError, "not a trading session"),
    api("event_session/unknown-policy", lambda f: mi.event_session(event(), SESSIONS, policy="skip"),
        ConfigurationError, "non-trading policy"),
    # --- options ------------------------------------------------------------------------
    api("EventStudy/unknown-model", lambda f: mi.EventStudy("capm-ish"), ConfigurationError, "unknown model"),
    api("EventStudy/unknown-return-kind", lambda f: mi.EventStudy(return_kind="pct"), ConfigurationError,
        "return_kind"),
    api("EventStudy/min-obs-below-3", lambda f: mi.EventStudy(min_obs=1), ConfigurationError, "min_obs"),
    api("load_prices/unknown-interval", lambda f: mi.load_prices("BZ=F", "2025-01-01", "2025-01-10", interval="7x"),
        ConfigurationError, "interval"),
    api("load_prices/unknown-source", lambda f: mi.load_prices("BZ=F", "2025-01-01", "2025-01-10", source="web"),
        ConfigurationError, "source"),
    api("batch_event_study/unknown-model", lambda f: batch(events_table(), model="garch"), ConfigurationError,
        "model"),
    api("plot/unknown-kind", lambda f: mi.plot(result(), "pie"), ConfigurationError, "unknown chart kind"),
]

CLI_CASES = [
    # --- study ----------------------------------------------------------------------------
    cmd("study/missing-file", lambda f: ["study", f["missing.txt"]], "not found"),
    cmd("study/empty-file", lambda f: ["study", f["empty.txt"]], "no text"),
    cmd("study/binary-file", lambda f: ["study", f["binary.txt"]], "binary"),
    cmd("study/huge-sparse-file", lambda f: ["study", f["huge.txt"]], "refused"),
    cmd("study/not-utf8", lambda f: ["study", f["latin1.txt"]], "UTF-8"),
    cmd("study/directory", lambda f: ["study", f["empty_folder"]], "directory"),
    cmd("study/bad-published", lambda f: ["study", f["nodate.txt"], "--published", "2025-02-30"], "ISO-8601"),
    cmd("study/bad-timezone", lambda f: ["study", SEED, "--timezone", "Mars/Olympus"], "unknown timezone"),
    cmd("study/path-like-benchmark", lambda f: ["study", SEED, "--benchmark", "../../x"], "invalid ticker"),
    cmd("study/reversed-window", lambda f: ["study", SEED, "--window", "5", "-5"], "reversed"),
    cmd("study/reversed-estimation", lambda f: ["study", SEED, "--estimation", "-11", "-250"], "reversed"),
    cmd("study/estimation-overlaps-event", lambda f: ["study", SEED, "--estimation", "-250", "0"], "overlaps"),
    cmd("study/window-beyond-data", lambda f: ["study", SEED, "--window", "-5", "5000"], "outside the data"),
    cmd("study/saturday-policy-error",
        lambda f: ["study", f["saturday.txt"], "--published", "2025-02-15", "--timezone", "Europe/London",
                   "--nontrading", "error"], "not a trading session"),
    cmd("study/html-without-out", lambda f: ["study", SEED, "--html"], "--out"),
    # --- extract --------------------------------------------------------------------------
    cmd("extract/empty-file", lambda f: ["extract", f["empty.txt"]], "no text"),
    cmd("extract/binary-file", lambda f: ["extract", f["binary.txt"]], "binary"),
    cmd("extract/huge-sparse-file", lambda f: ["extract", f["huge.txt"]], "refused"),
    cmd("extract/front-matter-unclosed", lambda f: ["extract", f["fm_unclosed.md"]], "never closed"),
    cmd("extract/bad-published", lambda f: ["extract", f["nodate.txt"], "--published", "yesterday"], "ISO-8601"),
    cmd("extract/bad-timezone",
        lambda f: ["extract", f["nodate.txt"], "--published", "2025-02-12", "--timezone", "Nope/Nope"],
        "unknown timezone"),
    cmd("extract/empty-folder", lambda f: ["extract", f["empty_folder"]], "no articles"),
    cmd("extract/missing-path", lambda f: ["extract", f["missing.txt"]], "not found"),
    # --- report ---------------------------------------------------------------------------
    cmd("report/missing-file", lambda f: ["report", f["missing.txt"], "--out", f["out"]], "not found"),
    cmd("report/huge-sparse-file", lambda f: ["report", f["huge.txt"], "--out", f["out"]], "refused"),
    cmd("report/no-date", lambda f: ["report", f["nodate.txt"], "--out", f["out"]], "--published"),
    cmd("report/bad-timezone", lambda f: ["report", SEED, "--timezone", "UTC+25", "--out", f["out"]],
        "unknown timezone"),
    cmd("report/unknown-ticker", lambda f: ["report", SEED, "--ticker", "ZZZZ", "--out", f["out"]], "offline"),
    # --- chart ----------------------------------------------------------------------------
    cmd("chart/price-empty-file", lambda f: ["chart", "price", f["empty.txt"], "--out", f["out"]], "no text"),
    cmd("chart/car-no-date", lambda f: ["chart", "car", f["nodate.txt"], "--out", f["out"]], "--published"),
    cmd("chart/ar-path-like-ticker", lambda f: ["chart", "ar", SEED, "--ticker", "a\\b", "--out", f["out"]],
        "invalid ticker"),
    cmd("chart/caar-missing-events", lambda f: ["chart", "caar", f["missing.csv"], "--out", f["out"]], "not found"),
    cmd("chart/caar-malformed-csv", lambda f: ["chart", "caar", f["malformed.csv"], "--out", f["out"]],
        "cannot read"),
    cmd("chart/caar-binary-csv", lambda f: ["chart", "caar", f["binary.csv"], "--out", f["out"]], "cannot read"),
    cmd("chart/caar-not-a-table", lambda f: ["chart", "caar", f["events.xlsx"], "--out", f["out"]],
        ".csv or .parquet"),
    cmd("chart/caar-bad-timezone", lambda f: ["chart", "caar", f["events_badtz.csv"], "--ticker", "BZ=F",
                                              "--out", f["out"]], "unknown timezone"),
    # --- prices ---------------------------------------------------------------------------
    cmd("prices/start-feb-30", lambda f: ["prices", "BZ=F", "--start", "2025-02-30", "--end", "2025-03-10"],
        "not a date"),
    cmd("prices/end-hour-25", lambda f: ["prices", "BZ=F", "--start", "2025-01-01", "--end", "2025-01-01T25:00"],
        "not a date"),
    cmd("prices/absolute-path-ticker", lambda f: ["prices", "/etc/passwd", "--start", "2025-01-01", "--end",
                                                  "2025-01-10"], "invalid ticker"),
    cmd("prices/unknown-ticker-offline", lambda f: ["prices", "ZZZZ", "--start", "2025-01-01", "--end", "2025-01-10"],
        "offline"),
    cmd("prices/range-outside-bundled", lambda f: ["prices", "BZ=F", "--start", "1900-01-01", "--end", "1900-01-10",
                                                   "--source", "bundled"], "covers"),
    cmd("prices/unknown-interval", lambda f: ["prices", "BZ=F", "--start", "2025-01-01", "--end", "2025-01-10",
                                              "--interval", "7x"], "interval"),
    cmd("prices/intraday-from-bundled", lambda f: ["prices", "BZ=F", "--start", "2025-01-01", "--end", "2025-01-10",
                                                   "--interval", "1h", "--source", "bundled"], "not bundled"),
    cmd("prices/not-in-cache", lambda f: ["prices", "BZ=F", "--start", "2025-01-01", "--end", "2025-01-10",
                                          "--source", "cache"], "not in the price cache"),
    cmd("prices/out-not-csv-or-parquet", lambda f: ["prices", "BZ=F", "--start", "2025-01-01", "--end", "2025-01-10",
                                                    "--out", f["out"] + "/p.xlsx"], ".csv or .parquet"),
    # --- batch ----------------------------------------------------------------------------
    cmd("batch/events-missing", lambda f: batch_argv(f, "missing.csv"), "not found"),
    cmd("batch/events-malformed-csv", lambda f: batch_argv(f, "malformed.csv"), "cannot read"),
    cmd("batch/events-binary-csv", lambda f: batch_argv(f, "binary.csv"), "cannot read"),
    cmd("batch/events-empty-csv", lambda f: batch_argv(f, "empty.csv"), "cannot read"),
    cmd("batch/events-bad-parquet", lambda f: batch_argv(f, "bad.parquet"), "cannot read"),
    cmd("batch/events-truncated-parquet", lambda f: batch_argv(f, "truncated.parquet"), "cannot read"),
    cmd("batch/events-not-a-table", lambda f: batch_argv(f, "events.xlsx"), ".csv or .parquet"),
    cmd("batch/events-missing-columns", lambda f: batch_argv(f, "events_nocols.csv"), "missing column"),
    cmd("batch/events-duplicate-id", lambda f: batch_argv(f, "events_dupid.csv"), "duplicate event_id"),
    cmd("batch/events-missing-date", lambda f: batch_argv(f, "events_nodate.csv"), "date"),
    cmd("batch/events-feb-30", lambda f: batch_argv(f, "events_baddate.csv"), "not a date"),
    cmd("batch/events-bad-time-reference",
        lambda f: batch_argv(f, "events_badtime.csv", "prices.csv", "--engine", "reference"), "HH:MM"),
    cmd("batch/events-bad-timezone", lambda f: batch_argv(f, "events_badtz.csv"), "unknown timezone"),
    cmd("batch/events-bad-timezone-reference",
        lambda f: batch_argv(f, "events_badtz.csv", "prices.csv", "--engine", "reference"), "unknown timezone"),
    cmd("batch/events-path-like-ticker", lambda f: batch_argv(f, "events_path.csv"), "invalid ticker"),
    cmd("batch/events-unknown-ticker", lambda f: batch_argv(f, "events_unknown.csv"), "not in these prices"),
    cmd("batch/events-after-data", lambda f: batch_argv(f, "events_future.csv"), "after the last session"),
    cmd("batch/saturday-policy-error", lambda f: batch_argv(f, "events_saturday.csv", "prices.csv",
                                                            "--nontrading", "error"), "not a trading session"),
    cmd("batch/saturday-policy-error-reference",
        lambda f: batch_argv(f, "events_saturday.csv", "prices.csv", "--nontrading", "error", "--engine", "reference"),
        "not a trading session"),
    cmd("batch/prices-missing", lambda f: batch_argv(f, "events.csv", "missing.csv"), "not found"),
    cmd("batch/prices-bad-parquet", lambda f: batch_argv(f, "events.csv", "bad.parquet"), "cannot read"),
    cmd("batch/prices-no-date-column", lambda f: batch_argv(f, "events.csv", "prices_nodate.csv"), "needs its dates"),
    cmd("batch/prices-bad-dates", lambda f: batch_argv(f, "events.csv", "prices_baddate.csv"), "not a date"),
    cmd("batch/prices-duplicate-dates", lambda f: batch_argv(f, "events.csv", "prices_dup.csv"), "duplicate date"),
    cmd("batch/prices-inf", lambda f: batch_argv(f, "events.csv", "prices_inf.csv"), "does not exist"),
    cmd("batch/prices-negative", lambda f: batch_argv(f, "events.csv", "prices_neg.csv"), "does not exist"),
    cmd("batch/prices-zero-reference",
        lambda f: batch_argv(f, "events.csv", "prices_zero.csv", "--engine", "reference"), "does not exist"),
    cmd("batch/reversed-window", lambda f: batch_argv(f, "events.csv", "prices.csv", "--window", "5", "-5"),
        "reversed"),
    cmd("batch/reversed-car-window", lambda f: batch_argv(f, "events.csv", "prices.csv", "--car-window", "3", "-3"),
        "reversed"),
    cmd("batch/window-outside-data", lambda f: batch_argv(f, "events.csv", "prices.csv", "--window", "-5", "500"),
        "outside the data"),
    cmd("batch/out-not-csv-or-parquet", lambda f: [*batch_argv(f), "--out", f["out"] + "/res.txt"],
        ".csv or .parquet"),
    cmd("batch/unknown-test", lambda f: [*batch_argv(f), "--tests", "t_test_please"], "unknown test"),
    cmd("batch/min-obs-below-3", lambda f: [*batch_argv(f), "--min-obs", "1"], "min_obs"),
    cmd("batch/closes-given-with-returns-flag", lambda f: [*batch_argv(f), "--returns"], "look like prices"),
    cmd("batch/only-event-has-blank-ticker", lambda f: batch_argv(f, "events_blank_ticker.csv"), "ticker is blank"),
    cmd("batch/ticker-is-its-own-benchmark", lambda f: batch_argv(f, "events_own_benchmark.csv"), "own benchmark"),
    cmd("batch/engine-numpy-with-garch", lambda f: [*batch_argv(f), "--model", "garch", "--engine", "numpy"],
        "--engine reference"),
]

# --- second pass (issue 15): typed front matter, encodings, sizes, HTML, feeds, year edges, own prices
API_CASES += [
    api("read_article/front-matter-feb-31", lambda f: mi.read_article(f["fm_feb31.md"]), ArticleFormatError,
        "'2025-02-31' is not a valid ISO-8601 date: it does not exist"),
    api("read_article/front-matter-month-13", lambda f: mi.read_article(f["fm_month13.md"]), ArticleFormatError,
        "month must be in 1..12"),
    api("read_article/front-matter-headline-number", lambda f: mi.read_article(f["fm_headline_number.md"]),
        ArticleFormatError, "headline: 123 is a number, not text"),
    api("read_article/front-matter-dateline-number", lambda f: mi.read_article(f["fm_dateline_number.md"]),
        ArticleFormatError, "dateline: 42 is a number"),
    api("read_article/front-matter-published-number", lambda f: mi.read_article(f["fm_published_number.md"]),
        ArticleFormatError, "is a number, not a date"),
    api("read_article/front-matter-year-1", lambda f: mi.read_article(f["fm_year1.md"]), ArticleFormatError,
        "outside the years"),
    api("read_article/dev-zero", lambda f: mi.read_article("/dev/zero"), ArticleFormatError, "binary"),
    api("read_article/utf16-lone-surrogate", lambda f: mi.read_article(f["utf16_broken.txt"]), ArticleFormatError,
        "not valid UTF-16"),
    api("read_article/html-200k-attributes", lambda f: mi.read_article(f["attrs.html"]), ArticleFormatError,
        "200,000 attributes"),
    api("read_article/html-meta-feb-31", lambda f: mi.read_article(f["meta_feb31.html"]), ArticleFormatError,
        "does not exist"),
    api("read_article/html-meta-offset-25h", lambda f: mi.read_article(f["meta_offset.html"]), ArticleFormatError,
        "offset must be within"),
    api("read_articles/feed-utf16-doctype", lambda f: read_articles(f["doctype_utf16.xml"]), ArticleFormatError,
        "DOCTYPE/ENTITY"),
    api("read_articles/feed-utf32-doctype", lambda f: read_articles(f["doctype_utf32.xml"]), ArticleFormatError,
        "DOCTYPE/ENTITY"),
    api("read_articles/folder-of-bad-files", lambda f: read_articles(f["bad_only"]), ArticleFormatError,
        "no readable article"),
    api("article_from_text/published-year-9999",
        lambda f: mi.article_from_text("Oil fell yesterday.", published="9999-12-31"), ConfigurationError,
        "outside the years"),
    api("analyze/hand-built-article-published-year-1",
        lambda f: mi.analyze(mi.Article("Oil fell yesterday.", published=dt.date(1, 1, 1), timezone="UTC")),
        ConfigurationError, "outside the years"),
    api("EventStudy.run/event-in-year-1",
        lambda f: study().run(event(dt.date(1, 1, 1)), closes(), "A", "M"), WindowError, "outside the dates"),
    api("EventStudy.run/event-in-year-9999",
        lambda f: study().run(event(dt.date(9999, 12, 31)), closes(), "A", "M"), WindowError, "outside the dates"),
    api("batch_event_study/event-in-year-9999", lambda f: batch(events_table(date="9999-12-31")),
        ConfigurationError, "outside the dates"),
    api("event_study/events-mixed-date-formats",
        lambda f: multi(pd.DataFrame({"event_id": ["d", "e"], "ticker": "A",
                                      "date": [f"{EVENT_DAY:%Y-%m-%d}", f"{EVENT_DAY:%d/%m/%Y}"]})),
        ConfigurationError, "another format"),
    api("batch_event_study/events-serial-number-dates", lambda f: batch(events_table(date=44111)),
        ConfigurationError, "is a number, not a date"),
    api("analyze/own-prices-duplicate-dates", lambda f: mi.analyze(SEED, prices=duplicated_dates(closes())),
        BadPriceError, "duplicate date"),
]
CLI_CASES += [
    cmd("extract/front-matter-feb-31", lambda f: ["extract", f["fm_feb31.md"]], "does not exist"),
    cmd("study/front-matter-headline-number", lambda f: ["study", f["fm_headline_number.md"]], "headline"),
    cmd("report/front-matter-dateline-number",
        lambda f: ["report", f["fm_dateline_number.md"], "--out", f["out"]], "dateline"),
    cmd("extract/dev-zero", lambda f: ["extract", "/dev/zero"], "binary"),
    cmd("extract/html-200k-attributes", lambda f: ["extract", f["attrs.html"]], "attributes"),
    cmd("extract/html-meta-feb-31", lambda f: ["extract", f["meta_feb31.html"]], "does not exist"),
    cmd("extract/feed-utf16-doctype", lambda f: ["extract", f["doctype_utf16.xml"]], "DOCTYPE"),
    cmd("extract/folder-of-bad-files", lambda f: ["extract", f["bad_only"]], "no readable article"),
    cmd("extract/published-year-1-relative-words",
        lambda f: ["extract", f["nodate.txt"], "--published", "0001-01-01"], "outside the years"),
    cmd("study/published-year-9999", lambda f: ["study", f["nodate.txt"], "--published", "9999-12-31"],
        "outside the years"),
    cmd("batch/events-year-9999", lambda f: batch_argv(f, "events_year9999.csv"), "outside the dates"),
    cmd("batch/events-year-1", lambda f: batch_argv(f, "events_year1.csv"), "outside the dates"),
    cmd("batch/events-mixed-date-formats", lambda f: batch_argv(f, "events_mixed_formats.csv"), "another format"),
    cmd("batch/events-mixed-date-formats-reference",
        lambda f: [*batch_argv(f, "events_mixed_formats.csv"), "--engine", "reference"], "another format"),
    cmd("batch/events-serial-number-dates", lambda f: batch_argv(f, "events_serial_numbers.csv"), "YYYY-MM-DD"),
    cmd("batch/prices-dollar-cells", lambda f: batch_argv(f, "events.csv", "prices_dollar.csv"),
        "remove the currency sign"),
    cmd("batch/prices-thousands-separators", lambda f: batch_argv(f, "events.csv", "prices_thousands.csv"),
        "thousands separators"),
    cmd("batch/prices-mixed-date-formats", lambda f: batch_argv(f, "events.csv", "prices_mixed_formats.csv"),
        "another format"),
    cmd("chart/caar-only-event-in-year-1", lambda f: ["chart", "caar", f["events_year1_noticker.csv"], "--ticker",
                                                      "BZ=F", "--title", "$x^{$", "--out", f["out"]],
        "0001-01-01 is outside the dates"),
]

CASES = API_CASES + CLI_CASES


def test_matrix_case_count():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    print(f"\nbad-input matrix: {len(CASES)} cases ({len(API_CASES)} API, {len(CLI_CASES)} CLI)")
    assert len(CASES) == MATRIX_CASES, f"the matrix has {len(CASES)} cases; update MATRIX_CASES and README.md"


@pytest.fixture(scope="module")
def cli_results(files) -> dict[str, Any]:
    """Every CLI case run once through ``cli.main`` in this process, isolated like a new process
    (exit code, stdout, stderr as a user would see them); ``test_cli_cases_as_real_processes``
    checks that a real process gives the same for a sample of them."""
    Path(files["out"]).mkdir(exist_ok=True)
    return {c.id: run_cli_in_process(*c.target(files)) for c in CLI_CASES}


def _api_case(case: Case, files: dict[str, str]) -> None:
    with pytest.raises(MarketImpactError) as info:
        case.target(files)
    assert type(info.value) is case.expect, f"{case.id}: {type(info.value).__name__}: {info.value}"
    assert case.match.lower() in str(info.value).lower(), f"{case.id}: {info.value}"


def _cli_case(case: Case, r: Any) -> None:
    assert r.returncode == 2, (case.id, r.returncode, r.stdout[-500:], r.stderr[-2000:])
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("marketimpact: error:"), (case.id, r.stderr)
    assert case.match.lower() in lines[0].lower(), (case.id, lines[0])


@pytest.mark.filterwarnings("ignore::marketimpact.errors.MarketImpactWarning")
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, files, request):
    if case.is_cli:
        _cli_case(case, request.getfixturevalue("cli_results")[case.id])
    else:
        _api_case(case, files)


#: CLI cases also run as real processes: the console module as a user starts it, a file error, the
#: heaviest import path (batch through pandas) and a command with --out that loads prices offline
PROCESS_CASES = ["cli:study/missing-file", "cli:batch/prices-inf", "cli:report/unknown-ticker"]


@pytest.mark.parametrize("case_id", PROCESS_CASES)
def test_cli_cases_as_real_processes(case_id, files, cli_results):
    """A real ``python -m marketimpact.cli`` process exits 2 with one line and no traceback, and says
    exactly what the in-process run of the matrix saw (so the in-process runs stand for processes)."""
    case = next(c for c in CLI_CASES if c.id == case_id)
    r = run_cli(*case.target(files))
    _cli_case(case, r)
    seen = cli_results[case_id]
    assert (r.returncode, r.stdout, r.stderr) == (seen.returncode, seen.stdout, seen.stderr)


def test_failed_cli_commands_leave_no_output(cli_results, files):
    """No case of the matrix wrote anything into --out (or left a temporary file there)."""
    out = Path(files["out"])
    assert not [p.name for p in out.rglob("*") if p.is_file()]


# ---------------------------------------------------------------------------------------------
# fault injection
# ---------------------------------------------------------------------------------------------
def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("marketimpact: error:"), err
    assert "Traceback" not in err
    return lines[0]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture(scope="module")
def tampered_data_dir(tmp_path_factory, root):
    d = tmp_path_factory.mktemp("tampered")
    shutil.copytree(root / "data" / "prices", d / "prices", ignore=shutil.ignore_patterns("raw"))
    f = d / "prices" / "brent_futures_yahoo_bzf.csv"
    text = f.read_text()
    assert "75.18000030517578" in text
    f.write_text(text.replace("75.18000030517578", "74.18000030517578", 1))  # one settle, one cent of a dollar
    return d


@pytest.mark.parametrize("argv", [
    ["prices", "BZ=F", "--start", "2025-02-10", "--end", "2025-02-14"],
    ["study", SEED, "--json"],
], ids=["prices", "study"])
def test_tampered_bundled_data_through_the_cli(tampered_data_dir, argv):
    r = run_cli_in_process(*argv, env={"MARKETIMPACT_DATA_DIR": str(tampered_data_dir)})
    assert r.returncode == 2, (r.stdout[-300:], r.stderr)
    line = _one_line(r.stderr)
    assert "checksum" in line and "brent_futures_yahoo_bzf.csv" in line
    assert r.stdout == ""


OUT_COMMANDS = {
    "study": lambda out: ["study", SEED, "--out", str(out)],
    "report": lambda out: ["report", SEED, "--out", str(out)],
    "chart": lambda out: ["chart", "price", SEED, "--out", str(out), "--formats", "png"],
    "prices": lambda out: ["prices", "BZ=F", "--start", "2025-02-10", "--end", "2025-02-14", "--out",
                           str(out / "bz.parquet")],
    "batch": lambda out: ["batch", str(ROOT / "data" / "events" / "opec_decisions.csv"), "--prices", "{prices}",
                          "--out", str(out / "res.csv"), "--tests", "cs_t"],
}


@pytest.fixture(scope="module")
def batch_prices(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("batch-prices") / "prices.csv"
    wide = mi.load_prices(["BZ=F", "^GSPC"]).close().loc["2013-01-01":]
    wide.index.name = "date"
    wide.reset_index().to_csv(p, index=False)
    return p


def _argv(name: str, out: Path, batch_prices: Path) -> list[str]:
    argv = OUT_COMMANDS[name](out)
    if name == "batch":
        events = pd.read_csv(ROOT / "data" / "events" / "opec_decisions.csv").head(4).assign(ticker="BZ=F")
        ev_path = batch_prices.parent / "events.csv"
        events.to_csv(ev_path, index=False)
        argv[1] = str(ev_path)
        argv[argv.index("{prices}")] = str(batch_prices)
    return argv


@pytest.mark.parametrize("name", list(OUT_COMMANDS))
def test_out_below_a_regular_file_is_one_line(name, tmp_path, batch_prices):
    """--out inside something that is a file (a real OS error even for root) → exit 2, one line."""
    blocker = tmp_path / "blocker"
    blocker.write_text("I am a file\n")
    r = run_cli_in_process(*_argv(name, blocker / "sub", batch_prices))
    assert r.returncode == 2, (r.stdout[-300:], r.stderr)
    assert "Not a directory" in _one_line(r.stderr) or "exists" in _one_line(r.stderr)
    assert blocker.read_text() == "I am a file\n"


def _fail_after_partial(exc: BaseException):
    """A writer that puts a few bytes into the target, then fails like a full disk / Ctrl-C."""

    def write(self, path_or_buf=None, *args, **kwargs):
        if hasattr(path_or_buf, "write"):
            path_or_buf.write(b"PARTIAL" if "b" in getattr(path_or_buf, "mode", "b") else "PARTIAL")
        else:
            Path(path_or_buf).write_bytes(b"PARTIAL")
        raise exc

    return write


def _inject(monkeypatch, name: str, exc: BaseException) -> None:
    """Make the --out write of command ``name`` fail part-way with ``exc``."""
    import matplotlib.figure

    if name in ("study", "chart"):
        monkeypatch.setattr(matplotlib.figure.Figure, "savefig", _fail_after_partial(exc))
    elif name == "report":
        def fsync(fd):
            raise exc
        monkeypatch.setattr(os, "fsync", fsync)
    elif name == "prices":
        monkeypatch.setattr(pd.DataFrame, "to_parquet", _fail_after_partial(exc))
    elif name == "batch":
        monkeypatch.setattr(pd.DataFrame, "to_csv", _fail_after_partial(exc))


@pytest.mark.filterwarnings("ignore::marketimpact.errors.MarketImpactWarning")
@pytest.mark.parametrize("name", list(OUT_COMMANDS))
def test_disk_full_on_out_is_one_line_and_leaves_nothing(name, tmp_path, monkeypatch, capsys, batch_prices):
    out = tmp_path / "out"
    argv = _argv(name, out, batch_prices)
    _inject(monkeypatch, name, OSError(errno.ENOSPC, "No space left on device"))
    assert cli.main(argv) == 2
    line = _one_line(capsys.readouterr().err)
    assert "No space left on device" in line
    assert _leftovers(out) == [], "a temporary or half-written file was left in --out"


def test_disk_full_after_the_charts_keeps_the_previous_set(tmp_path, monkeypatch, capsys):
    """study --out: charts staged, then the JSON hits a full disk → the previous run's set is untouched, no temp."""
    out = tmp_path / "out"
    assert cli.main(["study", SEED, "--out", str(out), "--html"]) == 0
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(n.rsplit(".", 1)[1] for n in before) == ["html", "json", "png", "svg"]
    for p in out.iterdir():
        p.write_bytes(b"previous run " + p.name.encode())  # mark the set so a half-replaced one shows
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:  # PNG and SVG staged, the JSON's data written: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert cli.main(["study", SEED, "--out", str(out), "--html"]) == 2
    assert "No space left on device" in _one_line(capsys.readouterr().err)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing new, nothing lost, no temp


@pytest.mark.filterwarnings("ignore::marketimpact.errors.MarketImpactWarning")
@pytest.mark.parametrize("name", list(OUT_COMMANDS))
def test_ctrl_c_while_writing_out_leaves_no_temp_files(name, tmp_path, monkeypatch, capsys, batch_prices):
    out = tmp_path / "out"
    argv = _argv(name, out, batch_prices)
    _inject(monkeypatch, name, KeyboardInterrupt())
    assert cli.main(argv) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err
    assert _leftovers(out) == [], "Ctrl-C left a temporary or half-written file in --out"


def test_permission_denied_on_out_is_one_line(tmp_path, monkeypatch, capsys):
    """A read-only --out folder (simulated: the tests may run as root, who can write anywhere)."""
    from marketimpact import _io

    def denied(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(_io, "_create_exclusive", denied)
    out = tmp_path / "ro"
    assert cli.main(["report", SEED, "--out", str(out)]) == 2
    assert "Permission denied" in _one_line(capsys.readouterr().err)
    assert _leftovers(out) == []


# ---------------------------------------------------------------------------------------------
# issue 15, items 4, 5, 7, 8, 13: inputs that must give right results (not errors), in every engine
# ---------------------------------------------------------------------------------------------
def _both_engines(ev: pd.DataFrame, data: pd.DataFrame, returns_given: bool = False, **kw: Any):
    """(batch numpy result, reference result) of the same study."""
    common = {"benchmark": "M", "estimation": kw.pop("estimation", (-100, -11))}
    bat = mi.batch_event_study(ev, data, from_prices=not returns_given, tests=("cs_t",), progress=False,
                               **common, **kw)
    ref = mi.event_study(ev, data, engine="reference", tests=["cs_t"], returns_given=returns_given, **common, **kw)
    return bat, ref


def test_blank_tickers_are_skipped_with_their_reason_in_every_engine():
    """Item 4: a blank ticker is never studied with another ticker's prices (numpy engine) nor crashes."""
    ev = pd.DataFrame({"event_id": ["good", "nan", "empty", "spaces"], "ticker": ["A", np.nan, "", "  "],
                       "date": [EVENT_DAY.date()] * 4})
    bat, ref = _both_engines(ev, closes())
    for res in (bat, ref):
        assert res.n_events == 1
        reasons = dict(zip(res.skipped.event_id, res.skipped.reason))
        assert set(reasons) == {"nan", "empty", "spaces"}
        assert all("ticker is blank" in r for r in reasons.values())
    np.testing.assert_allclose(bat.ar[0], ref.panel.ar[0], rtol=1e-10)


def test_blank_ticker_in_batch_event_sessions_is_an_error_row():
    from marketimpact.study.batch import batch_event_sessions

    ev = pd.DataFrame({"event_id": ["a", "b"], "ticker": ["A", np.nan], "date": [EVENT_DAY.date()] * 2})
    got = batch_event_sessions(ev, SESSIONS)
    assert got.error.iloc[0] is None and "ticker is blank" in got.error.iloc[1]


@pytest.mark.parametrize("returns_given", [False, True])
def test_blank_prices_in_a_window_raise_a_data_gap_warning_in_every_engine(returns_given):
    """Item 5: a three-session hole just after day 0 and a two-month hole in the estimation window are
    reported (DataGapWarning + the event's warnings with the span of the bridged return), identically."""
    data = returns() if returns_given else closes()
    data = data.copy()
    data.loc[SESSIONS[201:204], "A"] = np.nan  # A: sessions +1..+3 blank
    data.loc[SESSIONS[130:172], "A"] = np.nan  # A: about two months blank inside the estimation window
    what = "returns" if returns_given else "prices"
    with pytest.warns(mi.errors.DataGapWarning, match=f"1 event\\(s\\) have returns that bridge blank {what}"):
        bat, ref = _both_engines(events_table(), data, returns_given=returns_given)
    b_msg = bat.warnings.set_index("event_id").message["e"]
    r_msg = "; ".join(ref.results["e"].warnings)
    assert b_msg == r_msg
    assert "data gap: the return of day +1 spans" in b_msg and "over 3 session(s) with blank" in b_msg
    assert "estimation-window return(s) bridge blank" in b_msg
    np.testing.assert_allclose(bat.ar[0], ref.panel.ar[0], rtol=1e-10)
    # the single-event path (what analyze() runs) says the same
    with pytest.warns(mi.errors.DataGapWarning, match="data gap: the return of day"):
        one = mi.EventStudy(estimation=(-100, -11)).run(event(), data, "A", "M", returns_given=returns_given)
    assert one.warnings[-1] == b_msg


def test_holidays_of_a_known_exchange_are_not_data_gaps():
    """A blank on a day the ticker's own exchange is closed is a holiday (no warning); on a session it is a gap."""
    from marketimpact.prices.frame import blank_sessions

    days = pd.bdate_range("2025-03-03", "2025-04-30")
    wide = pd.DataFrame({"^GSPC": np.linspace(5000, 5100, len(days)), "XX": 1.0}, index=days)
    wide.loc["2025-04-18", "^GSPC"] = np.nan  # Good Friday: NYSE closed
    wide.loc["2025-04-08", "^GSPC"] = np.nan  # an ordinary Tuesday: a gap
    wide.loc["2025-04-18", "XX"] = np.nan  # unknown ticker: every blank counts
    got = {t: [f"{pd.Timestamp(v):%Y-%m-%d}" for v in d] for t, d in blank_sessions(wide).items()}
    assert got == {"^GSPC": ["2025-04-08"], "XX": ["2025-04-18"]}


def test_huge_estimation_window_is_clipped_to_the_data_in_every_engine():
    """Item 13: (-100000000, -11) studies the event with the data there is (was an 18.6 GiB allocation)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mi.errors.ShortEstimationWindowWarning)
        bat, ref = _both_engines(events_table(), closes(), estimation=(-100_000_000, -11))
    assert bat.params["n_obs"].tolist() == [ref.results["e"].fitted.nobs] == [189]
    assert "fewer than the 99999990 asked for" in bat.warnings.message.iloc[0]
    np.testing.assert_allclose(bat.ar[0], ref.panel.ar[0], rtol=1e-10)


def test_batch_cli_prices_with_a_time_of_day_and_policy_error(tmp_path, capsys):
    """Item 7 through the CLI: '2020-10-07 16:00:00' dates are sessions; --nontrading error accepts the event."""
    c = closes()
    c.index = c.index + pd.Timedelta(hours=16)
    c.rename_axis("date").reset_index().to_csv(tmp_path / "p.csv", index=False)
    events_table().to_csv(tmp_path / "e.csv", index=False)
    code = cli.main(["batch", str(tmp_path / "e.csv"), "--prices", str(tmp_path / "p.csv"), *B,
                     "--nontrading", "error", "--out", str(tmp_path / "r.csv")])
    assert code == 0, capsys.readouterr().err
    assert pd.read_csv(tmp_path / "r.csv").date.iloc[5] == f"{EVENT_DAY:%Y-%m-%d}"


def test_batch_cli_out_of_memory_is_one_line_with_what_to_do(tmp_path, monkeypatch, capsys):
    """Fault injection at the allocation boundary: numpy's MemoryError (here from the resampling step)
    ends the CLI with one line that says what to do, exit 2, nothing written."""
    def no_memory(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("Unable to allocate 23.3 GiB for an array with shape (9999, 100000, 3)")

    monkeypatch.setattr(np, "bincount", no_memory)
    closes().rename_axis("date").to_parquet(tmp_path / "p.parquet")
    pd.concat([events_table(), events_table(event_id="f", date=SESSIONS[230].date())]).to_csv(tmp_path / "e.csv",
                                                                                            index=False)
    code = cli.main(["batch", str(tmp_path / "e.csv"), "--prices", str(tmp_path / "p.parquet"), "--benchmark", "M",
                     "--estimation", "-100", "-11", "--tests", "bootstrap", "--out", str(tmp_path / "r.csv")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith("marketimpact: error: out of memory;") and "--tests" in err[0]
    assert not (tmp_path / "r.csv").exists()
