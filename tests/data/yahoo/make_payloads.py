"""Regenerate the synthesized Yahoo chart-API (v8) payloads in this folder.

Run from the repository root: ``python tests/data/yahoo/make_payloads.py``.
Daily values are copied from the bundled snapshots in ``data/prices`` (real Yahoo
data recorded earlier); the hourly bars are invented inside the real daily range.
See README.md.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
PRICES = HERE.parents[2] / "data" / "prices"
VALID_RANGES = ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"]


def _rows(file: str, first: str, last: str) -> list[dict[str, str]]:
    with (PRICES / file).open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if first <= r["date"] <= last]


def _period(tz: str, day: str, hhmm_start: str, hhmm_end: str, abbr: str, off: int) -> dict:
    s = int(pd.Timestamp(f"{day} {hhmm_start}").tz_localize(tz).timestamp())
    e = int(pd.Timestamp(f"{day} {hhmm_end}").tz_localize(tz).timestamp())
    return {"timezone": abbr, "start": s, "end": e, "gmtoffset": off}


def _meta(
    symbol: str,
    exch: str,
    full: str,
    itype: str,
    tz: str,
    first_trade: int,
    price: float,
    prev: float,
    last_ts: int,
    granularity: str,
    hint: int = 2,
) -> dict:
    day = pd.Timestamp(last_ts, unit="s", tz="UTC").tz_convert(tz).strftime("%Y-%m-%d")
    return {
        "currency": "USD",
        "symbol": symbol,
        "exchangeName": exch,
        "fullExchangeName": full,
        "instrumentType": itype,
        "firstTradeDate": first_trade,
        "regularMarketTime": last_ts,
        "hasPrePostMarketData": False,
        "gmtoffset": -18000,
        "timezone": "EST",
        "exchangeTimezoneName": tz,
        "regularMarketPrice": price,
        "chartPreviousClose": prev,
        "priceHint": hint,
        "currentTradingPeriod": {
            "pre": _period(tz, day, "04:00", "09:30", "EST", -18000),
            "regular": _period(tz, day, "09:30", "16:00", "EST", -18000),
            "post": _period(tz, day, "16:00", "20:00", "EST", -18000),
        },
        "dataGranularity": granularity,
        "range": "",
        "validRanges": VALID_RANGES,
    }


def daily(
    symbol: str,
    file: str,
    first: str,
    last: str,
    hhmm: str,
    exch: str,
    full: str,
    itype: str,
    first_trade: int,
    prev_close: float,
) -> dict:
    tz = "America/New_York"
    rows = _rows(file, first, last)
    ts = [int(pd.Timestamp(f"{r['date']} {hhmm}").tz_localize(tz).timestamp()) for r in rows]
    f = {k: [float(r[k]) for r in rows] for k in ("open", "high", "low", "close")}
    vol = [int(float(r["volume"])) for r in rows]
    adj = [float(r.get("adj_close") or r["close"]) for r in rows]
    meta = _meta(symbol, exch, full, itype, tz, first_trade, f["close"][-1], prev_close, ts[-1], "1d")
    return {
        "chart": {
            "result": [
                {
                    "meta": meta,
                    "timestamp": ts,
                    "indicators": {"quote": [{**f, "volume": vol}], "adjclose": [{"adjclose": adj}]},
                }
            ],
            "error": None,
        }
    }


def hourly_gspc() -> dict:
    """^GSPC 1h bars on 2025-02-12 (synthesized inside the real daily O/H/L/C)."""
    tz = "America/New_York"
    day = "2025-02-12"
    starts = ["09:30", "10:30", "11:30", "12:30", "13:30", "14:30", "15:30"]
    ts = [int(pd.Timestamp(f"{day} {h}").tz_localize(tz).timestamp()) for h in starts]
    opens = [6025.080078125, 6009.5, 6018.25, 6031.75, 6040.0, 6047.5, 6049.0]
    closes = [6009.5, 6018.25, 6031.75, 6040.0, 6047.5, 6049.0, 6051.97021484375]
    highs = [6027.0, 6021.0, 6034.5, 6043.25, 6063.0, 6055.0, 6056.5]
    lows = [6003.0, 6006.75, 6015.0, 6029.5, 6038.25, 6044.0, 6046.25]
    vol = [812000000, 598000000, 455000000, 430000000, 520000000, 610000000, 1202960000]
    meta = _meta("^GSPC", "SNP", "SNP", "INDEX", tz, -1325583000, 6051.97021484375, 6068.5, ts[-1], "1h")
    meta["tradingPeriods"] = [[_period(tz, day, "09:30", "16:00", "EST", -18000)]]
    return {
        "chart": {
            "result": [
                {
                    "meta": meta,
                    "timestamp": ts,
                    "indicators": {
                        "quote": [{"open": opens, "high": highs, "low": lows, "close": closes, "volume": vol}]
                    },
                }
            ],
            "error": None,
        }
    }


#: Published values of Monday 27 January 2025 (the DeepSeek sell-off) that the synthesized
#: NVDA and ^IXIC series are pinned to; every other bar is invented (see SOURCE.md).
#: session → (open, high, low, close); ``None`` fields are synthesized.
PINNED = {
    "NVDA": {"2025-01-24": (None, None, None, 142.62), "2025-01-27": (124.80, 128.40, 116.70, 118.42)},
    "^IXIC": {"2025-01-24": (None, None, None, 19954.30), "2025-01-27": (None, None, None, 19341.83)},
}


def synthesized_daily(symbol: str, beta: float, resid_sd: float, seed: int, first: str, last: str,
                      exch: str, full: str, itype: str, first_trade: int) -> dict:
    """A daily v8 chart payload for a symbol that is not bundled: INVENTED bars.

    Log returns are ``beta`` × the bundled (real) S&P 500 log return of the same session plus
    Gaussian noise (sd ``resid_sd``, numpy seed ``seed``); the sessions are the NYSE calendar's
    (exchange_calendars XNYS). The closes of :data:`PINNED` are imposed (the return into each
    pinned session is set so the close matches, and levels are scaled so the last pinned close
    matches); open/high/low are invented around the close unless pinned.
    """
    import exchange_calendars as xc
    import numpy as np

    tz = "America/New_York"
    days = pd.DatetimeIndex(xc.get_calendar("XNYS").sessions_in_range(first, last)).tz_localize(None)
    gspc = pd.read_csv(PRICES / "sp500_index_yahoo_gspc_ohlcv.csv", index_col="date", parse_dates=True)["close"]
    mret = np.log(gspc).diff().reindex(days).fillna(0.0).to_numpy()
    rng = np.random.default_rng(seed)
    lr = beta * mret + rng.normal(0.0, resid_sd, len(days))
    pins = {pd.Timestamp(k): v for k, v in PINNED[symbol].items()}
    keys = sorted(pins)
    for a, b in itertools.pairwise(keys):  # returns between consecutive pinned closes
        i = days.get_loc(b)
        lr[i] = np.log(pins[b][3] / pins[a][3])
    close = np.exp(np.cumsum(lr))
    close *= pins[keys[-1]][3] / close[days.get_loc(keys[-1])]
    prev = np.r_[close[0] / np.exp(lr[0]), close[:-1]]
    opn = prev * np.exp(rng.normal(0.0, resid_sd / 3, len(days)))
    spread = np.abs(rng.normal(0.0, resid_sd / 2, len(days)))
    high = np.maximum(opn, close) * np.exp(spread)
    low = np.minimum(opn, close) * np.exp(-spread)
    for k, (o, h, lo, c) in pins.items():
        i = days.get_loc(k)
        close[i] = c
        opn[i] = o if o is not None else opn[i]
        high[i] = h if h is not None else max(high[i], opn[i], c)
        low[i] = lo if lo is not None else min(low[i], opn[i], c)
    vol = rng.integers(150_000_000, 400_000_000, len(days)) if itype == "EQUITY" else rng.integers(5e9, 9e9, len(days))
    ts = [int(pd.Timestamp(f"{d:%Y-%m-%d} 09:30").tz_localize(tz).timestamp()) for d in days]
    r2 = [round(float(x), 2) for x in close]
    meta = _meta(symbol, exch, full, itype, tz, first_trade, r2[-1], round(float(prev[0]), 2), ts[-1], "1d")
    q = {"open": [round(float(x), 2) for x in opn], "high": [round(float(x), 2) for x in high],
         "low": [round(float(x), 2) for x in low], "close": r2, "volume": [int(v) for v in vol]}
    return {
        "chart": {
            "result": [{"meta": meta, "timestamp": ts, "indicators": {"quote": [q], "adjclose": [{"adjclose": r2}]}}],
            "error": None,
        }
    }


def empty_range(symbol: str, template: dict) -> dict:
    """Known symbol, no bars in the range: Yahoo answers 200 with meta and an empty quote."""
    meta = dict(template["chart"]["result"][0]["meta"])
    return {"chart": {"result": [{"meta": meta, "indicators": {"quote": [{}], "adjclose": [{}]}}], "error": None}}


NOT_FOUND = {
    "chart": {"result": None, "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"}}
}


def main() -> None:
    bz = daily(
        "BZ=F",
        "brent_futures_yahoo_bzf.csv",
        "2025-02-10",
        "2025-02-14",
        "00:00",
        "NYM",
        "NY Mercantile",
        "FUTURE",
        1185753600,
        74.66000366210938,
    )
    gspc = daily(
        "^GSPC",
        "sp500_index_yahoo_gspc_ohlcv.csv",
        "2025-02-10",
        "2025-02-14",
        "09:30",
        "SNP",
        "SNP",
        "INDEX",
        -1325583000,
        6025.990234375,
    )
    partial = daily(
        "BZ=F",
        "brent_futures_yahoo_bzf.csv",
        "2025-02-10",
        "2025-02-12",
        "00:00",
        "NYM",
        "NY Mercantile",
        "FUTURE",
        1185753600,
        74.66000366210938,
    )
    out = {
        "chart_BZ~3DF_1d_2025-02-10_2025-02-14.json": bz,
        "chart_~5EGSPC_1d_2025-02-10_2025-02-14.json": gspc,
        "chart_BZ~3DF_1d_partial_2025-02-10_2025-02-12.json": partial,
        "chart_~5EGSPC_1h_2025-02-12.json": hourly_gspc(),
        "chart_BZ~3DF_1d_empty.json": empty_range("BZ=F", bz),
        "chart_not_found_404.json": NOT_FOUND,
        "chart_NVDA_1d_2023-12-01_2025-02-28.json": synthesized_daily(
            "NVDA", 1.8, 0.025, 2025_01_27, "2023-12-01", "2025-02-28", "NMS", "NasdaqGS", "EQUITY", 917015400),
        "chart_~5EIXIC_1d_2023-12-01_2025-02-28.json": synthesized_daily(
            "^IXIC", 1.2, 0.004, 1971_02_05, "2023-12-01", "2025-02-28", "NIM", "Nasdaq GIDS", "INDEX", 34612200),
    }
    for name, body in out.items():
        (HERE / name).write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
