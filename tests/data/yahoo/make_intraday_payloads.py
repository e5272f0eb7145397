"""Regenerate the synthesized *intraday* Yahoo chart-API (v8) payloads in ``intraday/``.

Run from the repository root: ``python tests/data/yahoo/make_intraday_payloads.py``.

Nothing here was captured from the network (this machine has none). Each bar path is a
seeded random walk pinned to the **real** daily levels of the bundled snapshots
(``data/prices``): every session opens at the real open, touches the real high and low,
and is at the real close at the instrument's price time (BZ=F settle 14:30 New York;
ES=F 16:00, built from ^GSPC plus a constant 20-point futures basis, since E-mini bars are
not bundled). See ``intraday/SOURCE.md`` for what is real and what is invented.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "intraday"
PRICES = HERE.parents[2] / "data" / "prices"
NY = "America/New_York"
#: the "as of" date of these recordings: Yahoo's look-back limits are judged from it
RECORDED_ON = "2025-03-12"
#: ES=F = ^GSPC + this many index points (a typical March 2025 E-mini basis; invented)
ES_BASIS = 20.0
#: volatility multiplier by New York clock hour (a U-shaped day: quiet overnight and at
#: lunch, busy at the US open and into the Brent settle); invented but typical
HOUR_VOL = {18: 0.5, 19: 0.6, 20: 0.5, 21: 0.4, 22: 0.4, 23: 0.4, 0: 0.4, 1: 0.4, 2: 0.6, 3: 0.9, 4: 0.9,
            5: 0.8, 6: 0.7, 7: 0.8, 8: 1.4, 9: 1.7, 10: 1.4, 11: 0.9, 12: 0.7, 13: 1.0, 14: 1.3, 15: 0.9, 16: 0.6}


def _daily(file: str) -> dict[str, dict[str, float]]:
    with (PRICES / file).open(encoding="utf-8", newline="") as fh:
        return {r["date"]: {k: float(r[k]) for k in ("open", "high", "low", "close")} for r in csv.DictReader(fh)}


def _bars(day: str, minutes: int) -> pd.DatetimeIndex:
    """Bar starts of the CME Globex session labelled ``day``: 18:00 New York the evening
    before to 17:00 (the 17:00–18:00 maintenance hour has no bars)."""
    start = pd.Timestamp(day) - pd.Timedelta(hours=6)  # 18:00 the day before
    return pd.date_range(start, pd.Timestamp(day) + pd.Timedelta(hours=17), freq=f"{minutes}min",
                         inclusive="left").tz_localize(NY)


def _at(day: str, hhmm: str) -> pd.Timestamp:
    """New York clock time ``hhmm`` inside the session labelled ``day`` (18:00+ is the evening before)."""
    t = pd.Timestamp(f"{day} {hhmm}")
    return (t - pd.Timedelta(days=1) if t.hour >= 18 else t).tz_localize(NY)


def _path(rng: np.random.Generator, idx: pd.DatetimeIndex, anchors: list[tuple[str, float]],
          shocks: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    """Bar closes: Brownian bridges (increments ``shocks`` scaled by the hour pattern) between
    (clock time, price) anchors; the first anchor is the session's first open."""
    vol = np.array([HOUR_VOL[t.hour] for t in idx])
    inc = shocks * vol
    day = idx[-1].strftime("%Y-%m-%d")
    pos = sorted((int(idx.searchsorted(_at(day, hhmm), side="right")) - 1, price) for hhmm, price in anchors[1:])
    out = np.empty(len(idx))
    prev_i, prev_p = -1, anchors[0][1]
    for i, p in pos:
        seg = inc[prev_i + 1 : i + 1]
        walk = np.cumsum(seg)
        n = len(seg)
        walk = walk - np.arange(1, n + 1) / n * (walk[-1] - (np.log(p) - np.log(prev_p)))
        # reflect the walk at the day's low/high (log scale) so it stays inside the real range
        lo_, hi_ = np.log(bounds[0]), np.log(bounds[1])
        width = hi_ - lo_
        y = np.mod(np.log(prev_p) + walk - lo_, 2 * width)
        out[prev_i + 1 : i + 1] = np.exp(lo_ + np.where(y <= width, y, 2 * width - y))
        prev_i, prev_p = i, p
    rest = inc[prev_i + 1 :]  # after the last anchor: a free walk to the session's end (clipped below)
    out[prev_i + 1 :] = prev_p * np.exp(np.cumsum(rest))
    return out


def _ohlc(rng: np.random.Generator, opens0: float, closes: np.ndarray, lo: float, hi: float, tick: float,
          must: dict[int, str]) -> dict[str, list[float]]:
    closes = np.clip(closes, lo, hi)
    opens = np.concatenate([[opens0], closes[:-1]])
    wig = np.abs(rng.normal(0, 0.25, len(closes))) * np.abs(closes - opens).mean()
    highs = np.minimum(np.maximum(opens, closes) + wig, hi)
    lows = np.maximum(np.minimum(opens, closes) - wig[::-1], lo)
    for i, which in must.items():  # the bars where the day's real high / low is printed
        if which == "high":
            highs[i] = hi
        else:
            lows[i] = lo

    def r(x: np.ndarray) -> list[float]:
        return [round(round(v / tick) * tick, 4) for v in x]

    return {"open": r(opens), "high": r(highs), "low": r(lows), "close": r(closes)}


def session(rng, day: str, d: dict, prev_close: float, minutes: int, anchors: list[tuple[str, float]],
            hi_at: str, lo_at: str, tick: float, shocks: np.ndarray) -> pd.DataFrame:
    idx = _bars(day, minutes)
    closes = _path(rng, idx, [("18:00", d["open"]), *anchors, (hi_at, d["high"]), (lo_at, d["low"])], shocks,
                   (d["low"], d["high"]))
    must = {int(idx.searchsorted(_at(day, at), side="right")) - 1: which
            for at, which in ((hi_at, "high"), (lo_at, "low"))}
    bars = _ohlc(rng, d["open"], closes, d["low"], d["high"], tick, must)
    vol = (np.array([HOUR_VOL[t.hour] for t in idx]) * rng.integers(80, 160, len(idx))).astype(int)
    return pd.DataFrame({**bars, "volume": vol}, index=idx)


def _period(start: pd.Timestamp, end: pd.Timestamp) -> dict:
    off = int(start.utcoffset().total_seconds())
    return {"timezone": start.tzname(), "start": int(start.timestamp()), "end": int(end.timestamp()), "gmtoffset": off}


def payload(symbol: str, frame: pd.DataFrame, granularity: str, prev_close: float, exch: str, full: str) -> dict:
    """A v8 chart body for intraday ``frame`` (tz-aware New York bar starts).

    ``tradingPeriods`` (one list per calendar day, in exchange time) cover the whole
    calendar day for these round-the-clock futures, so yfinance keeps every bar; what Yahoo
    really sends for CME futures here is not known without a live capture.
    """
    ts = [int(t.timestamp()) for t in frame.index]
    days = sorted({t.strftime("%Y-%m-%d") for t in frame.index})
    periods = [[_period(pd.Timestamp(f"{d} 00:00").tz_localize(NY),
                        pd.Timestamp(f"{d} 00:00").tz_localize(NY) + pd.Timedelta(days=1))] for d in days]
    last = frame.index[-1]
    meta = {
        "currency": "USD", "symbol": symbol, "exchangeName": exch, "fullExchangeName": full,
        "instrumentType": "FUTURE", "firstTradeDate": 969249600, "regularMarketTime": ts[-1],
        "hasPrePostMarketData": False, "gmtoffset": int(last.utcoffset().total_seconds()),
        "timezone": last.tzname(), "exchangeTimezoneName": NY,
        "regularMarketPrice": float(frame["close"].iloc[-1]), "chartPreviousClose": prev_close, "priceHint": 2,
        "currentTradingPeriod": {"pre": periods[-1][0], "regular": periods[-1][0], "post": periods[-1][0]},
        "tradingPeriods": periods, "dataGranularity": granularity, "range": "",
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "ytd", "max"],
    }
    q = {k: [float(v) for v in frame[k]] for k in ("open", "high", "low", "close")}
    q["volume"] = [int(v) for v in frame["volume"]]
    return {"chart": {"result": [{"meta": meta, "timestamp": ts, "indicators": {"quote": [q]}}], "error": None}}


#: BZ=F sessions: extra anchors (start of the 5-minute bar whose close is the price, New York
#: clock) and when the real high/low print. 12 Feb: high before the 08:30 CPI release, the fall
#: after the 12:07 post, $75.25 at 13:40 (close of the 13:35 bar), the low at 13:55, the 75.18
#: settle at 14:30 (close of the 14:25 bar).
BZ_DAYS = {
    "2025-02-06": ([("14:25", None)], "03:40", "10:50"),
    "2025-02-07": ([("14:25", None)], "09:45", "02:15"),
    "2025-02-10": ([("14:25", None)], "13:10", "18:05"),
    "2025-02-11": ([("14:25", None)], "10:20", "19:30"),
    "2025-02-12": ([("12:05", 76.42), ("13:05", 75.52), ("13:35", 75.25), ("14:25", None), ("16:55", 75.21)],
                   "08:20", "13:55"),
    "2025-02-13": ([("14:25", None)], "02:35", "11:05"),
}
ES_DAYS = {
    "2025-02-06": ("11:15", "09:35"),
    "2025-02-07": ("10:05", "15:40"),
    "2025-02-10": ("15:20", "09:50"),
    "2025-02-11": ("15:45", "09:40"),
    "2025-02-12": ("15:10", "08:35"),
    "2025-02-13": ("15:50", "09:35"),
}


def brent_and_es_5m() -> tuple[dict, dict]:
    rng = np.random.default_rng(20250212)
    bz_d, sp_d = _daily("brent_futures_yahoo_bzf.csv"), _daily("sp500_index_yahoo_gspc_ohlcv.csv")
    days = list(BZ_DAYS)
    bz_frames, es_frames = [], []
    bz_prev, es_prev = 74.61000061035156, sp_d["2025-02-05"]["close"] + ES_BASIS
    for day in days:
        n = len(_bars(day, 5))
        common = rng.normal(0, 1, n)
        own = rng.normal(0, 1, n)
        sd = 0.0009
        es_shocks = sd * 0.8 * common
        bz_shocks = sd * (0.35 * common + 0.94 * own)
        b = dict(bz_d[day])
        anchors, hi_at, lo_at = BZ_DAYS[day]
        anchors = [(t, b["close"] if p is None else p) for t, p in anchors]
        bz = session(rng, day, b, bz_prev, 5, anchors, hi_at, lo_at, 0.01, bz_shocks)
        s = {k: v + ES_BASIS for k, v in sp_d[day].items()}
        e_hi, e_lo = ES_DAYS[day]
        es_open = es_prev  # the 18:00 Globex open is near the previous 17:00 close
        s_full = {"open": es_open, "high": max(s["high"], es_open), "low": min(s["low"], es_open), "close": s["close"]}
        es = session(rng, day, s_full, es_prev, 5, [("09:30", s["open"]), ("16:00", s["close"])], e_hi, e_lo,
                     0.25, es_shocks)
        bz_frames.append(bz)
        es_frames.append(es)
        bz_prev, es_prev = float(bz["close"].iloc[-1]), float(es["close"].iloc[-1])
    bz = pd.concat(bz_frames)
    es = pd.concat(es_frames)
    # a bar gap: no BZ=F trades from 02:10 to 02:24 New York on 11 Feb (three 5-minute bars absent)
    gap = (bz.index >= pd.Timestamp("2025-02-11 02:10", tz=NY)) & (bz.index < pd.Timestamp("2025-02-11 02:25", tz=NY))
    bz = bz[~gap]
    return (payload("BZ=F", bz, "5m", 74.61000061035156, "NYM", "NY Mercantile"),
            payload("ES=F", es, "5m", sp_d["2025-02-05"]["close"] + ES_BASIS, "CME", "CME"))


def es_1h_dst() -> dict:
    """ES=F hourly bars over the US switch to summer time (Sunday 9 March 2025)."""
    rng = np.random.default_rng(20250309)
    sp_d = _daily("sp500_index_yahoo_gspc_ohlcv.csv")
    frames = []
    prev = sp_d["2025-03-05"]["close"] + ES_BASIS
    for day, (hi_at, lo_at) in {"2025-03-06": ("10:30", "14:30"), "2025-03-07": ("12:30", "10:30"),
                                "2025-03-10": ("11:30", "14:30"), "2025-03-11": ("13:30", "11:30")}.items():
        s = {k: v + ES_BASIS for k, v in sp_d[day].items()}
        full = {"open": prev, "high": max(s["high"], prev), "low": min(s["low"], prev), "close": s["close"]}
        n = len(_bars(day, 60))
        f = session(rng, day, full, prev, 60, [("09:30", s["open"]), ("16:00", s["close"])], hi_at, lo_at, 0.25,
                    0.003 * rng.normal(0, 1, n))
        frames.append(f)
        prev = float(f["close"].iloc[-1])
    return payload("ES=F", pd.concat(frames), "1h", sp_d["2025-03-05"]["close"] + ES_BASIS, "CME", "CME")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    bz, es = brent_and_es_5m()
    files = {
        "chart_BZ~3DF_5m_2025-02-05_2025-02-13.json": bz,
        "chart_ES~3DF_5m_2025-02-05_2025-02-13.json": es,
        "chart_ES~3DF_1h_2025-03-05_2025-03-11.json": es_1h_dst(),
    }
    for name, body in files.items():
        (OUT / name).write_text(json.dumps(body, separators=(",", ":")) + "\n", encoding="utf-8")
    manifest = {
        "recorded_on": RECORDED_ON,
        "synthetic": True,
        "note": "synthesized by tests/data/yahoo/make_intraday_payloads.py, not captured; see SOURCE.md",
        "files": sorted(files),
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
