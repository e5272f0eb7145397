"""`marketimpact` command line: parses arguments, calls the public API, prints.

Errors the user can cause end with one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

EXAMPLES = """examples:
  marketimpact study data/articles/2025-02-12_ft_trump_putin_brent.md --out out/seed
  marketimpact study story.txt --published 2025-02-12 --ticker CL=F --benchmark ACWI --json
  marketimpact extract data/articles/2025-02-12_ft_trump_putin_brent.md --json
  marketimpact prices BZ=F ^GSPC --start 2025-02-10 --end 2025-02-14
"""


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
    s.add_argument("--ticker", help="asset to study (default: the article's first claim, else BZ=F)")
    s.add_argument("--benchmark", default="^GSPC", help="market index for the market model (default ^GSPC)")
    s.add_argument("--model", default="market", choices=["market", "constant-mean", "market-adjusted", "factor"])
    s.add_argument("--factors", nargs="+", metavar="T", help="regressor tickers for --model factor")
    s.add_argument("--estimation", nargs=2, type=int, metavar=("A", "B"), default=(-250, -11),
                   help="estimation window in sessions relative to day 0 (default -250 -11)")
    s.add_argument("--window", nargs=2, type=int, metavar=("A", "B"), default=(-5, 5),
                   help="event window (default -5 5)")
    s.add_argument("--returns", choices=["log", "simple"], default="log", help="return kind (default log)")
    s.add_argument("--nontrading", choices=["next", "previous", "error"], default="next",
                   help="day 0 for announcements on non-trading days (default next)")
    s.add_argument("--published", help="publication timestamp (ISO-8601) when the file has none")
    s.add_argument("--timezone", help="publisher timezone (IANA, e.g. Europe/London)")
    s.add_argument("--out", metavar="DIR", help="write the chart (PNG, SVG) and the JSON result here")
    s.add_argument("--json", action="store_true", help="print the result as JSON")

    e = sub.add_parser("extract", help="the event and market claims of an article")
    e.add_argument("article")
    e.add_argument("--published", help="publication timestamp (ISO-8601)")
    e.add_argument("--timezone", help="publisher timezone (IANA)")
    e.add_argument("--json", action="store_true")

    pr = sub.add_parser("prices", help="daily prices from the bundled data or Yahoo Finance")
    pr.add_argument("tickers", nargs="+", metavar="TICKER")
    pr.add_argument("--start", required=True)
    pr.add_argument("--end", required=True)
    pr.add_argument("--interval", default="1d")
    pr.add_argument("--source", choices=["auto", "bundled", "yahoo"], default="auto")
    pr.add_argument("--out", metavar="FILE", help="write a .csv or .parquet instead of printing")
    return p


def _cmd_study(a: argparse.Namespace) -> int:
    from .analysis import analyze

    an = analyze(
        a.article, ticker=a.ticker, benchmark=a.benchmark, model=a.model, factors=a.factors,
        estimation=tuple(a.estimation), window=tuple(a.window), return_kind=a.returns,
        nontrading=a.nontrading, published=a.published, timezone=a.timezone,
    )
    written = an.save(a.out) if a.out else []
    if a.json:
        print(an.to_json())
    else:
        print(an.summary())
        for path in written:
            print(f"wrote {path}")
    return 0


def _cmd_extract(a: argparse.Namespace) -> int:
    from .extract import extract_claims, extract_event, read_article

    overrides = {k: v for k, v in {"published": a.published, "timezone": a.timezone}.items() if v}
    art = read_article(a.article, **overrides)
    ev = extract_event(art)
    claims = extract_claims(art.text, ev.event_id)
    if a.json:
        print(json.dumps({"event": ev.to_dict(), "claims": [c.to_dict() for c in claims]}, indent=2, ensure_ascii=False))
        return 0
    print(f"event:     {ev.local_date}" + (f" {ev.time:%H:%M}" if ev.time else "") + f" ({ev.precision}, {ev.timezone})")
    print(f"evidence:  {ev.evidence}")
    print(f"claims:    {len(claims)}")
    for c in claims:
        nums = ", ".join(x for x in (
            f"{c.move_pct:+g}%" if c.move_pct is not None else "",
            f"level {c.level:g} {c.unit}" if c.level is not None else "",
        ) if x)
        print(f"  - {c.instrument} ({c.ticker}) {c.direction} {nums} [{c.basis}]")
    return 0


def _cmd_prices(a: argparse.Namespace) -> int:
    from .prices import load_prices

    p = load_prices(a.tickers, a.start, a.end, interval=a.interval, source=a.source)
    df = p.to_frame()
    if a.out:
        out = Path(a.out)
        if out.suffix == ".parquet":
            df.to_parquet(out, index=False)
        elif out.suffix == ".csv":
            df.to_csv(out, index=False)
        else:
            raise SystemExit("marketimpact: error: --out must end in .csv or .parquet")
        print(f"wrote {out} ({len(df)} rows)")
        return 0
    import pandas as pd

    with pd.option_context("display.width", 120, "display.max_rows", 500):
        for t in p.tickers:
            print(f"{t}  [{p.provenance[t].get('source')}: {p.provenance[t].get('file', p.provenance[t].get('range'))}]")
            print(p[t].to_string(float_format=lambda x: f"{x:,.2f}"))
            print()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``marketimpact`` console script."""
    from .errors import MarketImpactError

    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"study": _cmd_study, "extract": _cmd_extract, "prices": _cmd_prices}
    try:
        return handlers[args.command](args)
    except MarketImpactError as exc:
        print(f"marketimpact: error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        print(f"marketimpact: error: {exc.strerror or exc}: {exc.filename}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("marketimpact: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
