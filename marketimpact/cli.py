"""`marketimpact` command line: parses arguments, calls the public API, prints.

Errors the user can cause end with one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

MODEL_CHOICES = ("market", "constant-mean", "market-adjusted", "factor", "scholes-williams", "dimson", "garch")

CHART_HELP = """examples:
  marketimpact chart price data/articles/2025-02-12_ft_trump_putin_brent.md --out out/charts
  marketimpact chart car data/articles/2025-02-12_ft_trump_putin_brent.md --out out/charts --formats png pdf
  marketimpact chart small-multiples data/articles/2025-02-12_ft_trump_putin_brent.md --tickers BZ=F TTF=F GC=F --out out
  marketimpact chart caar events.csv --out out/charts
"""

BATCH_HELP = """EVENTS columns: event_id, ticker, date (YYYY-MM-DD); optional benchmark, time (HH:MM),
timezone (IANA), group. PRICES: a date column (or the dates as the index) plus one column per
ticker (closes, or returns with --returns), or the long table of `marketimpact prices --out`. RESULTS: event_id, ticker, rel_day, date, ret, expected, ar, car, roll_day (the return spans a futures roll).
TESTS: test, rel_day_start, rel_day_end, statistic, p_value (AAR tests per day have
start = end; CAAR tests span their window). Test names: docs/statistics.md.

examples:
  marketimpact batch events.csv --prices prices.csv --out results.csv --tests-out tests.csv
  marketimpact batch events.parquet --prices returns.parquet --returns --model market-adjusted --out res.parquet
"""

EXAMPLES = """examples:
  marketimpact study data/articles/2025-02-12_ft_trump_putin_brent.md --out out/seed
  marketimpact report data/articles/2025-02-12_ft_trump_putin_brent.md --out out/report
  marketimpact study story.txt --published 2025-02-12 --ticker CL=F --benchmark ACWI --json
  marketimpact study data/articles/2025-02-12_ft_trump_putin_brent.md --at "12:07 America/New_York" --interval 5m
  marketimpact extract data/articles/2025-02-12_ft_trump_putin_brent.md --json
  marketimpact prices BZ=F ^GSPC --start 2025-02-10 --end 2025-02-14
"""


def _study_options(p: argparse.ArgumentParser) -> None:
    """The options of one event study, shared by study, report and chart."""
    p.add_argument("--ticker", help="asset to study (default: the article's first claim, else BZ=F)")
    p.add_argument("--benchmark", default="^GSPC", help="market index for the market model (default ^GSPC)")
    p.add_argument("--model", default="market", choices=list(MODEL_CHOICES),
                   help="normal-return model (default market: OLS of the asset on the benchmark)")
    p.add_argument("--factors", nargs="+", metavar="T", help="regressor tickers for --model factor")
    p.add_argument("--estimation", nargs=2, type=int, metavar=("A", "B"), default=(-250, -11),
                   help="estimation window in sessions relative to day 0 (default -250 -11)")
    p.add_argument("--window", nargs=2, type=int, metavar=("A", "B"), default=(-5, 5),
                   help="event window in sessions relative to day 0 (default -5 5)")
    p.add_argument("--min-obs", type=int, default=30,
                   help="fewest estimation observations accepted when the data start late (default 30)")
    p.add_argument("--returns", choices=["log", "simple"], default="log", help="return kind (default log)")
    p.add_argument("--nontrading", choices=["next", "previous", "error"], default="next",
                   help="day 0 for announcements on non-trading days (default next)")
    p.add_argument("--published", help="publication timestamp (ISO-8601) when the file has none")
    p.add_argument("--timezone", help="publisher timezone (IANA, e.g. Europe/London)")
    p.add_argument("--prices", metavar="FILE",
                   help="your own prices instead of bundled/cached/Yahoo: a file written by `marketimpact prices "
                        "--out` (.csv/.parquet), or a wide table with a date column and one column of closes per ticker")


def _study_kwargs(a: argparse.Namespace) -> dict:
    """Keyword arguments of :func:`analyze` from the shared study options."""
    return {
        "ticker": a.ticker, "benchmark": a.benchmark, "model": a.model, "factors": a.factors,
        "estimation": tuple(a.estimation), "window": tuple(a.window), "min_obs": a.min_obs,
        "return_kind": a.returns, "nontrading": a.nontrading, "published": a.published, "timezone": a.timezone,
        "prices": _read_prices(a.prices) if a.prices else None,
    }


def _read_prices(path: str):
    """Prices from a file: the tidy output of ``marketimpact prices --out`` or a wide table of closes."""
    import pandas as pd

    from .errors import BadPriceError, ConfigurationError
    from .prices import Prices

    df = _read_table(path, "prices")
    if {"ticker", "session", "close"} <= set(df.columns):
        bars = {}
        for t, g in df.groupby("ticker", sort=False):
            g = g.drop(columns="ticker").set_index("session")
            try:
                g.index = pd.DatetimeIndex(pd.to_datetime(g.index), name="session")
            except (ValueError, TypeError):
                raise BadPriceError(f"prices file: {t}: the session column has values that are not dates") from None
            bars[str(t)] = g.sort_index().apply(pd.to_numeric, errors="coerce")
        return Prices(bars, {t: {"source": "user", "file": str(path)} for t in bars})
    if "date" not in df.columns:
        raise ConfigurationError("prices file needs ticker, session, close columns (marketimpact prices --out) "
                                 "or a date column plus one column of closes per ticker")
    wide = df.set_index("date")
    p = Prices.from_frame(wide, source="user")
    for t in p.provenance:
        p.provenance[t]["file"] = str(path)
    return p


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="marketimpact",
        description="Turn a news story into a market-impact event study.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("study", help="article → event → prices → abnormal returns → claim check → chart",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("article", help="article file (.txt/.md with optional YAML front matter, .html)")
    _study_options(s)
    s.add_argument("--all", action="store_true",
                   help="study every instrument the article makes a claim about (each with its own day 0), "
                        "check every claim and draw the small-multiples chart")
    s.add_argument("--out", metavar="DIR", help="write the chart (PNG, SVG) and the JSON result here")
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    s.add_argument("--html", action="store_true", help="also write the self-contained HTML report into --out")
    s.add_argument("--csv", metavar="FILE",
                   help="write the abnormal-return table to FILE (.csv): one row per event-window day "
                        "(with --all: per asset and day) with return, expected, AR, its t and p, CAR")
    s.add_argument("--at", metavar="'HH:MM TZ'",
                   help="the announcement's clock time when the text has none, e.g. '12:07 America/New_York' "
                        "(adds an intraday study; also sets the daily day 0)")
    s.add_argument("--interval", help="intraday bar length for the intraday study: 1m 2m 5m 15m 30m 1h 90m "
                                      "(default 5m with --at; Yahoo keeps 1m 30 days, 2m-90m 60 days, 1h 730 days)")
    s.add_argument("--intraday-benchmark", default="ES=F", help="intraday benchmark for the market model (default ES=F)")
    s.add_argument("--seasonality", action="store_true",
                   help="scale intraday returns by their time-of-day volatility (Andersen & Bollerslev 1997)")

    rp = sub.add_parser("report", help="self-contained HTML report of an article's event study",
                        formatter_class=argparse.RawDescriptionHelpFormatter, epilog="""examples:
  marketimpact report data/articles/2025-02-12_ft_trump_putin_brent.md --out out/report
  marketimpact report story.md --out out/report --ticker CL=F --model constant-mean --window -3 3 --all
""")
    rp.add_argument("article", help="article file (.txt/.md with optional YAML front matter, .html)")
    rp.add_argument("--out", required=True, metavar="DIR", help="folder for the report (created if needed)")
    _study_options(rp)
    rp.add_argument("--all", action="store_true",
                    help="add a section studying every instrument the article makes a claim about")

    ch = sub.add_parser("chart", help="FT-style chart: price, ar, car, small-multiples (ARTICLE) or caar (EVENTS)",
                        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=CHART_HELP)
    ch.add_argument("kind", choices=["price", "ar", "car", "small-multiples", "caar", "intraday", "intraday-car"], help="chart kind")
    ch.add_argument("source", metavar="ARTICLE|EVENTS", help="article file, or an events CSV/Parquet for caar")
    ch.add_argument("--out", required=True, metavar="DIR", help="folder for the chart files (created if needed)")
    ch.add_argument("--tickers", nargs="+", metavar="T",
                    help="assets for small-multiples (default: every instrument the article makes a claim about)")
    ch.add_argument("--frame", choices=["web_s", "web_m", "web_l", "print", "social"], default="web_m",
                    help="FT frame preset (default web_m, 700 x 500 px); the file name carries it")
    ch.add_argument("--formats", nargs="+", choices=["png", "svg", "pdf"], default=["png", "svg"],
                    help="file formats to write (default png svg)")
    ch.add_argument("--title", help="chart title (default: written from the result)")
    ch.add_argument("--subtitle", help="chart subtitle (default: the unit or the measure shown)")
    _study_options(ch)
    ch.add_argument("--at", metavar="'HH:MM TZ'", help="announcement clock time for the intraday kinds")
    ch.add_argument("--interval", default="5m", help="bar length for the intraday kinds (default 5m)")

    e = sub.add_parser("extract", help="the event and market claims of an article",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog="""examples:
  marketimpact extract data/articles/2025-02-12_ft_trump_putin_brent.md --json
  marketimpact extract story.txt --published 2025-02-13T07:00+09:00 --timezone Asia/Tokyo
""")
    e.add_argument("article", help="an article file, a folder of articles, or an RSS/Atom feed file")
    e.add_argument("--published", help="publication timestamp (ISO-8601)")
    e.add_argument("--timezone", help="publisher timezone (IANA)")
    e.add_argument("--json", action="store_true", help="print the event and claims as JSON")
    e.add_argument("--infer-date", action="store_true",
                   help="when the text has no usable date, rank bundled sessions consistent with its claims")

    b = sub.add_parser("batch", help="multi-event study on your own events and prices files",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=BATCH_HELP)
    b.add_argument("events", metavar="EVENTS", help="CSV/Parquet: event_id, ticker, date [, benchmark, time, timezone, group]")
    b.add_argument("--prices", required=True, metavar="PRICES",
                   help="CSV/Parquet: a date column (or the dates as the index) plus one column per ticker, "
                        "or the long table `marketimpact prices --out` writes")
    b.add_argument("--returns", action="store_true", help="PRICES holds returns (decimals), used as given")
    b.add_argument("--model", default="market", choices=list(MODEL_CHOICES),
                   help="normal-return model (default market: OLS of each asset on its benchmark)")
    b.add_argument("--factors", nargs="+", metavar="T", help="regressor columns for --model factor")
    b.add_argument("--benchmark", default="^GSPC", help="default benchmark column (events may name their own)")
    b.add_argument("--estimation", nargs=2, type=int, metavar=("A", "B"), default=(-250, -11),
                   help="estimation window in sessions relative to day 0 (default -250 -11)")
    b.add_argument("--window", nargs=2, type=int, metavar=("A", "B"), default=(-5, 5),
                   help="event window in sessions relative to day 0 (default -5 5)")
    b.add_argument("--car-window", nargs=2, type=int, metavar=("A", "B"), action="append",
                   help="CAAR window to test (repeatable; default those of -1 1, 0 1 and the event window "
                        "that fit inside the event window)")
    b.add_argument("--tests", nargs="+", metavar="NAME", help="statistics to compute (default: all)")
    b.add_argument("--nontrading", choices=["next", "previous", "error"], default="next",
                   help="day 0 for events on non-trading days (default next)")
    b.add_argument("--min-obs", type=int, default=None,
                   help="fewest estimation observations kept (default 30, or the estimation window's length "
                        "when shorter)")
    b.add_argument("--out", required=True, metavar="RESULTS", help="per event-day results (.csv or .parquet)")
    b.add_argument("--tests-out", metavar="TESTS", help="test statistics (.csv or .parquet)")
    b.add_argument("--params-out", metavar="PARAMS", help="fitted parameters per event (.csv or .parquet)")
    b.add_argument("--json", action="store_true", help="print the summary as JSON")
    b.add_argument("--engine", choices=["auto", "numpy", "dask", "reference"], default="auto",
                   help="auto: vectorised numpy for market/constant-mean/market-adjusted, the statsmodels "
                        "per-event reference for the other models; dask: the vectorised engine on dask.distributed")
    b.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address (default: a local cluster)")
    b.add_argument("--chunk-size", type=int, default=20000, help="events per chunk of the vectorised engine")
    b.add_argument("--threads", type=int, default=None, metavar="N",
                   help="threads of the vectorised numpy engine (default: the cores this process may use, at most 4; "
                        "the numbers do not depend on it)")

    pr = sub.add_parser("prices", help="daily prices from the bundled data, the cache or Yahoo Finance",
                        formatter_class=argparse.RawDescriptionHelpFormatter, epilog="""examples:
  marketimpact prices BZ=F ^GSPC --start 2025-02-10 --end 2025-02-14
  marketimpact prices CL=F --start 2024-01-01 --end 2024-12-31 --out wti.parquet
  marketimpact prices BZ=F --start 2025-02-10 --end 2025-02-14 --interval 1h --source yahoo   (online)
""")
    pr.add_argument("tickers", nargs="+", metavar="TICKER", help="Yahoo symbols, e.g. BZ=F ^GSPC NVDA")
    pr.add_argument("--start", required=True, help="first date, YYYY-MM-DD")
    pr.add_argument("--end", required=True, help="last date, YYYY-MM-DD (inclusive)")
    pr.add_argument("--interval", default="1d", help="1d (default) or an intraday interval Yahoo offers (1m … 1h)")
    pr.add_argument("--source", choices=["auto", "bundled", "cache", "yahoo"], default="auto",
                    help="auto: bundled or cache when they cover the range, else Yahoo (then cached)")
    pr.add_argument("--out", metavar="FILE", help="write a .csv or .parquet instead of printing")
    return p


def _cmd_study_intraday(a: argparse.Namespace) -> int:
    from .analysis_intraday import analyze_intraday

    ia = analyze_intraday(
        a.article, a.at, interval=a.interval or "5m", ticker=a.ticker, benchmark=a.benchmark,
        intraday_benchmark=a.intraday_benchmark, model="constant-mean" if a.model == "constant-mean" else "market",
        seasonality=a.seasonality, published=a.published, timezone=a.timezone,
    )
    written = ia.save(a.out) if a.out else []
    if a.json:
        print(ia.to_json())
    else:
        print(ia.summary())
        for path in written:
            print(f"wrote {path}")
    return 0


def _cmd_study(a: argparse.Namespace) -> int:
    from .analysis import analyze, analyze_all

    if a.at or (a.interval and a.interval != "1d"):
        return _cmd_study_intraday(a)

    kw = _study_kwargs(a)
    if a.html and not a.out:
        from .errors import ConfigurationError

        raise ConfigurationError("--html needs --out DIR")
    if a.all:
        kw.pop("ticker")
        res = analyze_all(a.article, **kw)
        import pandas as pd

        table = (pd.concat([an.to_frame() for an in res.analyses.values()], ignore_index=True)
                 if res.analyses else res.to_frame(), "per asset and event-window day")
        primary = next(iter(res.analyses.values()), None)
    else:
        res = primary = analyze(a.article, **kw)
        table = (res.to_frame(), "per event-window day")
    from ._io import OutputSet

    with OutputSet() as outputs:  # charts, JSON, report and table replace the previous set together
        if a.out:
            written = _save_all(res, a.out, outputs) if a.all else res.save(a.out, outputs=outputs)
        else:
            written = []
        if a.html:
            from .html_report import write_report

            if primary is None:
                from .errors import InsufficientDataError

                raise InsufficientDataError("no instrument could be studied: " + "; ".join(res.skipped.values()))
            written.append(write_report(primary, a.out, assets=res if a.all else None, outputs=outputs))
        if a.csv:
            written.append(_write_csv(table[0], a.csv, outputs))
    if a.json:
        print(res.to_json() if not a.all else json.dumps(
            {"article": res.article.article_id, "studies": {t: an.to_dict() for t, an in res.analyses.items()},
             "skipped": res.skipped}, indent=2, ensure_ascii=False))
    else:
        print(res.summary())
        if getattr(primary, "event", None) is not None and primary.event.time is None:
            print("Intraday: the event is known to the day only; an intraday window needs a clock time "
                  "(add --at 'HH:MM Area/City', e.g. --at '12:07 America/New_York').")
        for path in written:
            print(f"wrote {path}")
    return 0


def _save_all(res, out_dir: str, outputs=None) -> list:
    """Each asset's price chart and JSON, and the small-multiples chart, into ``out_dir``."""
    from . import charts
    from .analysis import safe_stem

    written = []
    for an in res.analyses.values():
        written += an.save(out_dir, outputs=outputs)
    if res.analyses:
        stem = Path(out_dir) / safe_stem(f"{res.event.event_id}_small-multiples")
        written += list(charts.save(res.plot(), stem, outputs=outputs).values())
    return written


def _write_csv(df, path: str, outputs=None):
    from .errors import ConfigurationError

    p = Path(path)
    if p.suffix != ".csv":
        raise ConfigurationError(f"--csv must end in .csv, got {p.name}")
    _write_table(df, path, outputs)
    return p


def _cmd_extract(a: argparse.Namespace) -> int:
    from .errors import ArticleSkippedWarning, NoEventDateError
    from .extract import attach_sessions, extract_claims, extract_event, infer_date_from_claims, read_articles

    overrides = {k: v for k, v in {"published": a.published, "timezone": a.timezone}.items() if v}
    with warnings.catch_warnings(record=True) as caught:  # bad files of a folder: listed, not fatal
        warnings.simplefilter("always", ArticleSkippedWarning)
        articles = read_articles(a.article, **overrides)
    for w in caught:
        if not isinstance(w.message, ArticleSkippedWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    skipped = [w.message for w in caught if isinstance(w.message, ArticleSkippedWarning)]
    if not articles:
        from .errors import ArticleNotFoundError

        raise ArticleNotFoundError(f"no articles (.txt, .md, .html, RSS/Atom) in {a.article}")
    docs = []
    for art in articles:
        claims = extract_claims(art.text, art.article_id)
        try:
            ev = extract_event(art)
        except NoEventDateError:
            if not (a.infer_date and claims):
                if len(articles) == 1:
                    raise
                docs.append({"article": art.article_id, "event": None, "error": "no date found; pass --published",
                             "claims": [c.to_dict() for c in claims]})
                continue
            import re

            days = {w.lower() for w in re.findall(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
                                                   art.text)}
            ranked = infer_date_from_claims(claims, weekday=days.pop() if len(days) == 1 else None, top=5)
            docs.append({"article": art.article_id, "event": None, "claims": [c.to_dict() for c in claims],
                         "inferred_sessions": [{"session": c.session.isoformat(), "score": round(c.score, 4)}
                                               for c in ranked]})
            continue
        claims = attach_sessions(claims, art, ev)
        docs.append({"article": art.article_id, "event": ev.to_dict(), "claims": [c.to_dict() for c in claims]})
    docs += [{"article": w.path, "event": None, "error": w.reason, "claims": []} for w in skipped]
    if a.json:
        out = docs[0] if len(docs) == 1 else docs
        if len(docs) == 1:
            out = {k: v for k, v in out.items() if k != "article"}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    for d in docs:
        if len(docs) > 1:
            print(f"== {d['article']}")
        ev = d["event"]
        if ev:
            print(f"event:     {ev['date']}" + (f" {ev['time']}" if ev["time"] else "")
                  + f" ({ev['precision']}, {ev['timezone']})")
            print(f"evidence:  {ev['sentence']}")
        elif "inferred_sessions" in d:
            print("event:     no date in the text; sessions consistent with the claims (best first):")
            for c in d["inferred_sessions"]:
                print(f"           {c['session']}  score {c['score']}")
        else:
            print(f"event:     {d['error']}")
        print(f"claims:    {len(d['claims'])}")
        for c in d["claims"]:
            nums = ", ".join(x for x in (
                f"{c['move_pct']:+g}%" if c["move_pct"] is not None else "",
                f"level {c['level']:g} {c['unit']}" if c["level"] is not None else "",
            ) if x)
            print(f"  - {c['instrument']} ({c['ticker']}) {c['direction']} {nums} [{c['basis']}]")
    return 0


def _cmd_prices(a: argparse.Namespace) -> int:
    from .prices import load_prices

    p = load_prices(a.tickers, a.start, a.end, interval=a.interval, source=a.source)
    df = p.to_frame()
    if a.out:
        out = Path(a.out)
        if out.suffix not in (".csv", ".parquet"):
            from .errors import ConfigurationError

            raise ConfigurationError(f"--out must end in .csv or .parquet, got {out.name}")
        _write_table(df, a.out)
        print(f"wrote {out} ({len(df)} rows)")
        return 0
    import pandas as pd

    with pd.option_context("display.width", 120, "display.max_rows", 500):
        for t in p.tickers:
            print(f"{t}  [{p.provenance[t].get('source')}: {p.provenance[t].get('file', p.provenance[t].get('range'))}]")
            print(p[t].to_string(float_format=lambda x: f"{x:,.2f}"))
            print()
    return 0


def _read_table(path: str, what: str):
    import pandas as pd

    from .errors import ArticleNotFoundError, ConfigurationError

    p = Path(path)
    if not p.exists():
        raise ArticleNotFoundError(f"{what} file not found: {p}")
    try:
        if p.suffix == ".parquet":
            return pd.read_parquet(p)
        if p.suffix in (".csv", ".txt"):
            return pd.read_csv(p)
    except Exception as exc:  # malformed files of many kinds
        raise ConfigurationError(f"cannot read {what} file {p.name}: {str(exc).splitlines()[0]}") from None
    raise ConfigurationError(f"{what} file must be .csv or .parquet, got {p.name}")


def _write_table(df, path: str, outputs=None) -> None:
    """Write ``df`` as CSV/Parquet through the atomic writer (staged in ``outputs`` when given)."""
    from ._io import atomic_write
    from .errors import ConfigurationError

    p = Path(path)
    if p.suffix not in (".csv", ".parquet"):
        raise ConfigurationError(f"output file must end in .csv or .parquet, got {p.name}")

    def write(fh) -> None:
        if p.suffix == ".parquet":
            import pandas as pd

            # no dictionary encoding tried on float columns (their values rarely repeat) and no min/max
            # statistics for categorical columns (each value decoded to compare strings): millions of rows of
            # results are written in about half the time, and read back the same
            kinds = {str(c): (t.kind, isinstance(t, pd.CategoricalDtype)) for c, t in df.dtypes.items()}
            df.to_parquet(fh, index=False, use_dictionary=[c for c, (k, _) in kinds.items() if k != "f"],
                          write_statistics=[c for c, (_, cat) in kinds.items() if not cat])
        else:
            df.to_csv(fh, index=False)

    (outputs.write if outputs is not None else atomic_write)(p, write)


def _write_arrow(parts: Iterator[Any], path: str, outputs) -> None:
    """Write pyarrow Tables of one schema (``parts``, e.g. :meth:`.MultiEventResult._frame_arrow_parts`) as one
    Parquet file through ``outputs``, with :func:`_write_table`'s options. Each part is written on a second
    thread while the next is built (pyarrow's writer releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.parquet as pq

    def write(fh) -> None:
        first = next(parts)
        schema = first.schema
        with pq.ParquetWriter(fh, schema, use_dictionary=[f.name for f in schema if not pa.types.is_floating(f.type)],
                              write_statistics=[f.name for f in schema if not pa.types.is_dictionary(f.type)]) as w, \
                ThreadPoolExecutor(1) as ex:
            pending = ex.submit(w.write_table, first)
            del first
            for part in parts:  # built while the previous part is written
                pending.result()
                pending = ex.submit(w.write_table, part)
                del part
            pending.result()

    outputs.write(Path(path), write)


def _import_in_background(module: str) -> None:
    """Start importing ``module`` on a daemon thread (nothing if it is imported already), so that the import runs
    while the main thread waits on work that releases the GIL (writing Parquet, fsync). The main thread's own
    ``import`` later waits for it to finish; a failed import is left to the main thread to report."""
    if module in sys.modules:
        return
    import importlib
    import threading

    def run() -> None:
        try:
            importlib.import_module(module)
        except BaseException:  # the main thread's import raises it again, where it is handled
            pass

    threading.Thread(target=run, name=f"import {module}", daemon=True).start()


def _cmd_batch(a: argparse.Namespace) -> int:
    import gc

    from .errors import ConfigurationError, MarketImpactWarning
    from .prices.frame import wide_from_table

    if a.threads is not None and a.threads < 1:
        raise ConfigurationError(f"--threads must be 1 or more (threads of the numpy engine); got {a.threads}")
    events = _read_table(a.events, "events")
    # a date column, the dates as the index, or the long table of `marketimpact prices --out`
    prices = wide_from_table(_read_table(a.prices, "prices"), "prices file")
    if getattr(a, "gc_paused", False):  # main() turned collection off for the imports: the objects so far
        gc.freeze()  # stay out of every later collection; the study runs with it on (reference fits make cycles)
        gc.enable()
    with warnings.catch_warnings(record=True) as caught:  # library warnings become one-line notes
        warnings.simplefilter("always", MarketImpactWarning)
        res = _run_batch(a, events, prices)
    if getattr(a, "gc_paused", False):  # the study's objects stay; writing makes no cycles, and importing
        gc.disable()  # scipy.special (below, on a thread) ran about 30 collections over the study
    from ._io import OutputSet

    with OutputSet() as outputs:  # results, tests and params replace the previous files together
        if Path(a.out).suffix == ".parquet":  # straight from the result's arrays (no DataFrame of N·T rows)
            # the p-values of the summary (or JSON) need scipy.special (about 0.25 s to import): imported while
            # the results are written and fsynced (pyarrow's writer and fsync release the GIL), not after them
            _import_in_background("scipy.special")
            _write_arrow(res._frame_arrow_parts(), a.out, outputs)
        else:
            _write_table(res.to_frame(), a.out, outputs)
        if a.tests_out:
            _write_table(res.tests_frame(), a.tests_out, outputs)
        if a.params_out:
            _write_table(res.params_frame(), a.params_out, outputs)
    if a.json:
        print(res.to_json())
    else:
        print(res.summary())
        print(f"wrote {a.out}" + (f", {a.tests_out}" if a.tests_out else "") + (f", {a.params_out}" if a.params_out else ""))
    # after the outputs, so that a failed run still ends with exactly one error line
    for msg in dict.fromkeys(_one_line(w.message) for w in caught if issubclass(w.category, MarketImpactWarning)):
        print(f"marketimpact: note: {msg}", file=sys.stderr)
    return 0


def _run_batch(a: argparse.Namespace, events, prices):
    """The study of the options (one StudySpec, validated once) on the engine they ask for."""
    from .study.engine import event_study
    from .study.spec import StudySpec

    spec = StudySpec.build(
        None, model=a.model, factors=a.factors, benchmark=a.benchmark, estimation=tuple(a.estimation),
        window=tuple(a.window), car_windows=[tuple(w) for w in a.car_window] if a.car_window else None,
        tests=tuple(a.tests) if a.tests else None, nontrading=a.nontrading, min_obs=a.min_obs,
    )
    run = {} if a.engine == "reference" or (a.engine == "auto" and not spec.closed_form) else {
        "chunk_size": a.chunk_size, "client": a.scheduler, "n_threads": a.threads}
    return event_study(events, prices, spec, engine=a.engine, returns_given=a.returns, **run)


def _cmd_report(a: argparse.Namespace) -> int:
    from .analysis import analyze, analyze_all
    from .html_report import write_report

    kw = _study_kwargs(a)
    an = analyze(a.article, **kw)
    assets = None
    if a.all:
        kw.pop("ticker")
        assets = analyze_all(a.article, **kw)
    path = write_report(an, a.out, assets=assets)
    print(f"wrote {path}")
    return 0


FRAME_SUFFIX = {"web_s": "webS", "web_m": "webM", "web_l": "webL", "print": "print", "social": "social"}


def _cmd_chart(a: argparse.Namespace) -> int:
    from . import charts
    from .analysis import analyze, analyze_all, cross_asset_study
    from .report import plot

    frames = {"web_s": charts.web_s, "web_m": charts.web_m, "web_l": charts.web_l, "print": charts.print_,
              "social": charts.social}
    opts = {k: v for k, v in {"title": a.title, "subtitle": a.subtitle}.items() if v}
    opts["frame"] = frames[a.frame]()
    kw = _study_kwargs(a)
    if a.kind == "caar":
        from .study.multi import event_study

        table = _read_table(a.source, "events")
        if "ticker" not in table.columns and a.ticker:
            table["ticker"] = a.ticker
        res = event_study(table, benchmark=a.benchmark, model=a.model, factors=a.factors,
                          estimation=tuple(a.estimation), window=tuple(a.window), nontrading=a.nontrading,
                          min_obs=a.min_obs, return_kind=a.returns, tests=["cs_t"], prices=kw["prices"])
        fig, stem = plot(res, "caar", **opts), f"{Path(a.source).stem}_caar"
    elif a.kind.startswith("intraday"):
        from .analysis_intraday import analyze_intraday

        ia = analyze_intraday(a.source, a.at, interval=a.interval, ticker=a.ticker, benchmark=a.benchmark,
                              published=a.published, timezone=a.timezone)
        fig, stem = ia.plot(a.kind, **opts), f"{ia.event.event_id}_{a.kind}"
    elif a.kind == "small-multiples":
        if a.tickers:
            an = analyze(a.source, **kw)
            ev = an.event
            day_event = ev if ev.time else type(ev)(ev.event_id, ev.local_date, ev.timezone, "day", None)
            fig = plot(cross_asset_study(day_event, a.tickers, benchmark=a.benchmark if a.benchmark != "^GSPC" else "ACWI",
                                         model=a.model, estimation=tuple(a.estimation), window=tuple(a.window),
                                         prices=kw["prices"]), **opts)
            event_id = ev.event_id
        else:
            kw.pop("ticker")
            every = analyze_all(a.source, **kw)
            fig, event_id = every.plot(**opts), every.event.event_id
        stem = f"{event_id}_{a.kind}"
    else:
        an = analyze(a.source, **kw)
        fig = plot(an, a.kind, **opts)
        stem = f"{an.event.event_id}_{a.kind}"
    from .analysis import safe_stem

    stem = safe_stem(f"{stem}_{FRAME_SUFFIX[a.frame]}")
    out = Path(a.out)
    for path in charts.save(fig, out / stem, formats=tuple(a.formats)).values():
        print(f"wrote {path}")
    return 0


def _print_notes(caught: list[warnings.WarningMessage]) -> None:
    """Python warnings raised while a command ran, each distinct message once, as one
    ``marketimpact: note: …`` line on stderr (no file, line or source excerpt)."""
    seen: set[str] = set()
    for w in caught:
        text = _one_line(w.message)
        if text and text not in seen:
            seen.add(text)
            print(f"marketimpact: note: {text}", file=sys.stderr)


def _one_line(msg: object) -> str:
    """The error message on one line (the CLI promises exactly one line on stderr)."""
    return " ".join(str(msg).split())


def _quiet_stdout() -> None:
    """Point stdout at /dev/null (after a closed pipe), so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured output)
        pass


def _encoding_error(exc: UnicodeEncodeError) -> str:
    bad = exc.object[exc.start:exc.end] if isinstance(exc.object, str) else ""
    chars = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in bad[:3])
    return (f"the output encoding {exc.encoding} cannot show {chars or 'a character'}; "
            "set PYTHONIOENCODING=utf-8 (or use a UTF-8 locale)")


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C: staged output files are removed


#: the OpenBLAS thread-count variables (OpenBLAS reads the first one set; OMP_NUM_THREADS last)
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
#: commands that study one article: matrices of a few hundred rows, which OpenBLAS works on in one
#: thread whatever its pool; ``batch`` keeps the pool for large panels
ONE_ARTICLE_COMMANDS = frozenset({"study", "report", "chart"})
#: a batch of these models on the closed-form numpy engine with only these tests calls no BLAS routine at all
#: (the kernel and the streaming tests are element-wise operations, reductions and einsum without ``optimize``);
#: the other tests (Kolari–Pynnönen's and the bootstrap's matrix products), the per-event reference fits and
#: dask's workers (they would inherit the environment) keep OpenBLAS's pool. The same tuples as
#: ``study.batch.BATCH_MODELS`` and ``STREAMING_TESTS`` (tests/test_startup_paths.py), written out here so that
#: the rule is decided before numpy is imported
BLAS_FREE_BATCH_MODELS = ("market", "constant-mean", "market-adjusted")
BLAS_FREE_BATCH_TESTS = ("ts_t", "cs_t", "patell", "bmp")


def _blas_free_batch(a: argparse.Namespace) -> bool:
    """A ``batch`` command whose run calls no BLAS routine (see :data:`BLAS_FREE_BATCH_TESTS`)."""
    return (a.command == "batch" and a.engine in ("auto", "numpy") and a.model in BLAS_FREE_BATCH_MODELS
            and bool(a.tests) and set(a.tests) <= set(BLAS_FREE_BATCH_TESTS))


def _one_blas_thread(command: str, blas_free: bool = False) -> None:
    """One OpenBLAS thread for a one-article command, or a command that calls no BLAS routine (``blas_free``),
    in a fresh process (numpy not yet imported, no thread count asked for in the environment). On loading,
    OpenBLAS (numpy's, and scipy's own copy) starts a thread per core, which spin waiting for work: for
    nothing when the work never comes or is this small, about 0.1 s of CPU per library taken from the
    command itself on a busy two-core machine. The results are the same (one thread does the work either way
    at a one-article command's size, compared on the seed story's outputs in tests/test_startup_paths.py; a
    BLAS-free batch has nothing for the pool to do, its outputs compared with and without the pool there too)."""
    if (command in ONE_ARTICLE_COMMANDS or blas_free) and "numpy" not in sys.modules and not any(
            os.environ.get(v) for v in BLAS_THREAD_VARS):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


def _one_article(a: argparse.Namespace) -> bool:
    """The command studies one article (a bounded amount of work): study, report, and chart except the CAAR
    chart of an events table (one fit per event)."""
    return a.command in ("study", "report") or (a.command == "chart" and a.kind != "caar")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``marketimpact`` console script.

    Errors end with one line on stderr and exit code 2; a closed pipe (``| head``) exits
    quietly with 141 (as a program killed by SIGPIPE would); Ctrl-C exits 130 and SIGTERM
    143, both after removing any half-written output.
    """
    import gc
    import signal
    import threading

    from .errors import MarketImpactError, MarketImpactWarning

    parser = build_parser()
    args = parser.parse_args(argv)
    _one_blas_thread(args.command, _blas_free_batch(args))
    # a batch or one-article process's own entry point (console script, ``python -m``; not main(argv) called in a
    # process that goes on): it exits on return
    program = argv is None and (args.command == "batch" or _one_article(args))
    if program:
        # no collection passes over the objects that importing pandas and pyarrow creates (about 0.06 s);
        # _cmd_batch turns collection back on, for the objects made after them, once the inputs are read.
        # A one-article command runs without cyclic collection to its end: its imports (pandas, scipy.special,
        # matplotlib: about 130,000 objects) made up most of what every collection visited, about 0.45 s of
        # the seed study's 2 s of CPU; the cycles it leaves (figures, fitted models) are about 1 MB for the
        # seed study and 10 MB for `report --all`, returned at exit
        gc.disable()
        args.gc_paused = True
    handlers = {"study": _cmd_study, "extract": _cmd_extract, "prices": _cmd_prices, "batch": _cmd_batch,
                "report": _cmd_report, "chart": _cmd_chart}
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MarketImpactWarning)  # our own: each one recorded, printed once below
            code = handlers[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit flush
        _print_notes(caught)
        return code
    except MarketImpactError as exc:
        print(f"marketimpact: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (``| head``) has gone: nothing left to say
        _quiet_stdout()
        return 141
    except UnicodeEncodeError as exc:  # PYTHONIOENCODING=ascii and the like
        print(f"marketimpact: error: {_encoding_error(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:  # missing/unwritable paths, disk full
        where = f": {exc.filename}" if exc.filename else ""
        print(f"marketimpact: error: {_one_line(exc.strerror or exc)}{where}", file=sys.stderr)
        return 2
    except MemoryError:  # one line with what to do, never a traceback
        print("marketimpact: error: out of memory; study fewer events per run, ask for fewer --tests, "
              "or lower --chunk-size", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("marketimpact: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if program:
            # the interpreter is about to exit: its final collections would visit every object of the
            # imported modules once more (about 0.15 s after pandas, pyarrow and scipy) only to free
            # memory that the exit returns anyway. Frozen objects are left out of them; the output files
            # are closed (and fsynced) already, stdout and stderr are still flushed, atexit still runs
            gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
