"""Intraday event windows: recorded Yahoo intraday responses replayed at the HTTP layer
(tests/data/yahoo/intraday, synthesized — see its SOURCE.md), the bar-0 rule, the AR/CAR
statistics against hand calculations, claims checked at the minute, the chart and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _notebooks import Job, register
from scipy import stats

import marketimpact as mi
from marketimpact.analysis_intraday import analyze_intraday, claim_time, parse_at
from marketimpact.cli import main
from marketimpact.errors import ConfigurationError, DataRangeError, WindowError
from marketimpact.prices import cache
from marketimpact.prices.intraday import classify_gaps, in_session, load_intraday, session_at, trading_periods
from marketimpact.prices.recorded import replay_yahoo
from marketimpact.study import IntradayEventStudy, check_claim_at
from marketimpact.types import Article, MarketClaim

ROOT = Path(__file__).resolve().parent.parent
REC = ROOT / "tests" / "data" / "yahoo" / "intraday"
SEED = str(ROOT / "data" / "articles" / "2025-02-12_ft_trump_putin_brent.md")
NY = "America/New_York"


@pytest.fixture(scope="module")
def feb():
    """5-minute BZ=F and ES=F bars 5–13 Feb 2025 through yfinance from the recorded responses."""
    with replay_yahoo(REC):
        p = load_intraday(["BZ=F", "ES=F"], "2025-02-05", "2025-02-13", "5m")
        entry = cache.read_entry("BZ=F", "5m")
    return p, entry


@pytest.fixture(scope="module")
def march():
    with replay_yahoo(REC):
        return load_intraday("ES=F", "2025-03-05", "2025-03-11", "1h")


# --- the recorded data and the prices layer ---------------------------------------------


def test_recordings_are_labelled_synthetic():
    manifest = json.loads((REC / "manifest.json").read_text())
    assert manifest["synthetic"] is True and manifest["recorded_on"] == "2025-03-12"
    source = (REC / "SOURCE.md").read_text()
    assert "synthesized" in source and "not captured" in source
    for name in manifest["files"]:
        body = json.loads((REC / name).read_text())
        assert set(body["chart"]) == {"result", "error"} and body["chart"]["result"][0]["meta"]["dataGranularity"]


def test_bars_come_through_yfinance_in_utc_and_are_cached_per_interval(feb):
    p, entry = feb
    bz = p["BZ=F"]
    assert str(bz.index.tz) == "UTC" and len(bz) == 1653 and len(p["ES=F"]) == 1656
    assert bz.index[0] == pd.Timestamp("2025-02-05 23:00", tz="UTC")  # 18:00 New York, the Globex open
    assert p.provenance["BZ=F"]["interval"] == "5m" and p.provenance["BZ=F"]["source"] == "yahoo"
    assert entry is not None and entry.meta["interval"] == "5m" and entry.path.name == "BZ~3DF__5m.parquet"
    # the real daily levels the recording was built from: 12 Feb high/low and the 14:30 settle
    day = bz.tz_convert(NY).loc["2025-02-11 18:00":"2025-02-12 16:59"]
    assert day["high"].max() == pytest.approx(76.89) and day["low"].min() == pytest.approx(74.95)
    assert day.loc["2025-02-12 14:25", "close"] == pytest.approx(75.18)


def test_session_break_weekend_and_bar_gap(feb):
    bz = feb[0]["BZ=F"]
    assert in_session("BZ=F", bz.index, 5).all()
    # no bar in the CME maintenance hour 16:00–17:00 Chicago (22:00–23:00 UTC in winter)
    assert not (bz.index.hour == 22).any()
    gaps = classify_gaps("BZ=F", bz.index, 5)
    found = {(str(bz.index[i]), g) for i, g in enumerate(gaps) if g}
    assert ("2025-02-09 23:00:00+00:00", "closed day") in found  # the weekend
    assert ("2025-02-11 07:25:00+00:00", "bar gap") in found  # three bars missing at 02:10 New York
    assert sum(g == "session break" for g in gaps) == 4


def test_dst_change_moves_the_session_in_utc(march):
    es = march["ES=F"]
    per = trading_periods("ES=F", "2025-03-07", "2025-03-10")
    assert list(per["open"].dt.hour) == [23, 22] and list(per["close"].dt.hour) == [22, 21]
    opens = es.index[[i for i, g in enumerate(classify_gaps("ES=F", es.index, 60)) if g]]
    assert pd.Timestamp("2025-03-09 22:00", tz="UTC") in opens  # Sunday 18:00 New York is now 22:00 UTC
    assert in_session("ES=F", es.index, 60).all()


def test_lookback_limits_are_refused_with_the_limit_named():
    with replay_yahoo(REC):
        with pytest.raises(ConfigurationError, match="5m bars for 60 days"):
            load_intraday("BZ=F", "2024-12-01", "2024-12-02", "5m")
        with pytest.raises(ConfigurationError, match="7 days per request"):
            load_intraday("BZ=F", "2025-03-01", "2025-03-10", "1m")


def test_replay_leaves_nothing_behind():
    import curl_cffi.requests as cr

    from marketimpact.prices import yahoo

    before = (cr.Session.request, yahoo._today)
    with replay_yahoo(REC):
        assert yahoo._today() == dt.date(2025, 3, 12)
    assert (cr.Session.request, yahoo._today) == before


# --- event time and statistics ----------------------------------------------------------


def _bars(n: int = 80, start: str = "2025-02-12 14:00", seed: int = 1, market: bool = True) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    idx = pd.date_range(start, periods=n, freq="5min", tz="UTC")
    m = 100 * np.exp(np.cumsum(rng.normal(0, 0.001, n)))
    y = 50 * np.exp(np.cumsum(0.5 * np.diff(np.log(m), prepend=np.log(m[0])) + rng.normal(0, 0.001, n)))
    out = {"Y": pd.DataFrame({"close": y}, index=idx)}
    if market:
        out["M"] = pd.DataFrame({"close": m}, index=idx)
    return out


def test_bar_zero_is_the_first_bar_starting_at_or_after_the_announcement():
    p = _bars()
    spec = IntradayEventStudy("constant-mean", estimation=(-40, -3), window=(-2, 4), min_obs=10)
    on = spec.run("2025-02-12 17:00+00:00", p, "Y")
    assert on.bar_zero.bar0 == pd.Timestamp("2025-02-12 17:00", tz="UTC") and on.bar_zero.wait_minutes == 0
    mid = spec.run("2025-02-12 12:07-05:00", p, "Y")
    assert mid.bar_zero.bar0 == pd.Timestamp("2025-02-12 17:10", tz="UTC") and mid.bar_zero.wait_minutes == 3
    assert mid.bar_zero.market_open and "bar -1" in mid.bar_zero.note


def test_announcement_in_the_maintenance_hour_waits_for_the_reopening(feb):
    spec = IntradayEventStudy("market", estimation=(-300, -3), window=(-2, 6))
    res = spec.run("2025-02-12 17:20-05:00", feb[0], "BZ=F", "ES=F")
    assert res.bar_zero.bar0 == pd.Timestamp("2025-02-12 23:00", tz="UTC")  # 18:00 New York
    assert not res.bar_zero.market_open
    assert res.frame.set_index("rel_bar").loc[0, "gap"] == "session break"
    assert any("spans the closure" in w for w in res.warnings)


def test_constant_mean_car_and_t_against_a_hand_calculation():
    p = _bars(120, market=False)
    spec = IntradayEventStudy("constant-mean", estimation=(-50, -5), window=(-3, 6), car_windows=[(0, 4)], min_obs=10)
    res = spec.run("2025-02-12 19:00+00:00", p, "Y")
    y = np.log(p["Y"]["close"].to_numpy())
    r = np.diff(y)  # r[k-1] is the return of bar k
    pos0 = 60  # 19:00 is bar 60 counted from 14:00
    est = r[pos0 - 50 - 1 : pos0 - 5]
    mu = est.mean()
    s2 = ((est - mu) ** 2).sum() / (len(est) - 1)
    ev = r[pos0 - 1 : pos0 + 4]  # bars 0..4
    car = (ev - mu).sum()
    var = s2 * (5 + 25 / len(est))  # 1'(I + 1 1'/L)1 sigma^2
    t = car / np.sqrt(var)
    test = res.car_test(0, 4)
    assert res.nobs == len(est) == 46
    assert test.estimate == pytest.approx(car, rel=1e-12)
    assert test.stat == pytest.approx(t, rel=1e-10)
    assert test.pvalue == pytest.approx(2 * stats.t(len(est) - 1).sf(abs(t)), rel=1e-10)


def test_market_model_car_and_t_against_a_hand_calculation():
    p = _bars(120, seed=7)
    spec = IntradayEventStudy("market", estimation=(-50, -5), window=(-3, 6), car_windows=[(0, 6)], min_obs=10)
    res = spec.run("2025-02-12 19:00+00:00", p, "Y", "M")
    ry, rm = np.diff(np.log(p["Y"]["close"].to_numpy())), np.diff(np.log(p["M"]["close"].to_numpy()))
    pos0 = 60
    sl = slice(pos0 - 51, pos0 - 5)
    X = np.column_stack([np.ones(46), rm[sl]])
    b, *_ = np.linalg.lstsq(X, ry[sl], rcond=None)
    s2 = ((ry[sl] - X @ b) ** 2).sum() / (46 - 2)
    Xe = np.column_stack([np.ones(7), rm[pos0 - 1 : pos0 + 6]])
    ar = ry[pos0 - 1 : pos0 + 6] - Xe @ b
    V = s2 * (np.eye(7) + Xe @ np.linalg.inv(X.T @ X) @ Xe.T)
    t = ar.sum() / np.sqrt(V.sum())
    assert res.params["beta"] == pytest.approx(b[1], rel=1e-10)
    assert res.car(0, 6) == pytest.approx(ar.sum(), rel=1e-10)
    assert res.car_test(0, 6).stat == pytest.approx(t, rel=1e-10)
    assert res.dof == 44 and res.car_test(0, 6).pvalue == pytest.approx(2 * stats.t(44).sf(abs(t)), rel=1e-10)


def test_time_of_day_scales_against_a_hand_calculation():
    """Two 30-minute buckets: quiet (14:00–14:30) and busy (14:30–15:00), repeated daily."""
    rng = np.random.default_rng(3)
    days = pd.date_range("2025-02-03", periods=5, freq="B")
    idx = pd.DatetimeIndex([d + pd.Timedelta(hours=14, minutes=5 * k) for d in days for k in range(12)], tz="UTC")
    scale = np.where((idx.minute >= 30), 3.0, 1.0)
    r = rng.normal(0, 0.001, len(idx)) * scale
    close = pd.DataFrame({"close": 100 * np.exp(np.cumsum(r))}, index=idx)
    spec = IntradayEventStudy("constant-mean", estimation=(-40, -2), window=(-1, 3), car_windows=[(0, 3)],
                              seasonality=True, bucket_minutes=30, min_obs=10, drop_gap_returns=True)
    res = spec.run(idx[-8], {"ZQX9": close}, "ZQX9")  # bar 0 = 14:20 on the last day, window into the busy bucket
    lr = np.diff(np.log(close["close"].to_numpy()))
    pos0 = len(idx) - 8
    est_pos = np.arange(pos0 - 40, pos0 - 1)
    gaps = classify_gaps("ZQX9", idx, 5)
    est_pos = np.array([k for k in est_pos if gaps[k] == ""])
    x = lr[est_pos - 1]
    dev = np.abs(x - x.mean())
    bucket = (idx.minute >= 30).astype(int)
    s = {b: dev[bucket[est_pos] == b].mean() / dev.mean() for b in (0, 1)}
    ys = x / np.array([s[b] for b in bucket[est_pos]])
    mu = ys.mean()
    s2 = ((ys - mu) ** 2).sum() / (len(ys) - 1)
    ev = np.arange(pos0, pos0 + 4)
    sc = np.array([s[b] for b in bucket[ev]])
    ar = sc * (lr[ev - 1] / sc - mu)
    V = np.diag(sc) @ (s2 * (np.eye(4) + np.ones((4, 4)) / len(ys))) @ np.diag(sc)
    assert s[1] > 2 * s[0]  # the busy bucket is seen as busy
    assert res.seasonality.loc["14:30-15:00", "ZQX9"] == pytest.approx(s[1], rel=1e-12)
    assert res.car(0, 3) == pytest.approx(ar.sum(), rel=1e-10)
    assert res.car_test(0, 3).stat == pytest.approx(ar.sum() / np.sqrt(V.sum()), rel=1e-10)


def test_gap_returns_are_left_out_of_the_estimation(feb):
    spec = IntradayEventStudy("market")
    res = spec.run("2025-02-12 12:07-05:00", feb[0], "BZ=F", "ES=F")
    assert res.dropped_gap_returns == 4 and res.nobs == 1000 - 13 + 1 - 4
    keep = IntradayEventStudy("market", drop_gap_returns=False).run("2025-02-12 12:07-05:00", feb[0], "BZ=F", "ES=F")
    assert keep.nobs == 988


def test_windows_and_inputs_are_checked(feb):
    with pytest.raises(WindowError, match="must end before"):
        IntradayEventStudy(estimation=(-100, 0), window=(-6, 12))
    with pytest.raises(WindowError, match="whole number"):
        IntradayEventStudy(window=(-30, 62), unit="minutes")
    assert IntradayEventStudy(window=(-30, 60), estimation=(-5000, -65), unit="minutes").window == mi.types.Window(-6, 12)
    with pytest.raises(ConfigurationError, match="benchmark"):
        IntradayEventStudy("market").run("2025-02-12 12:07-05:00", feb[0], "BZ=F")
    with pytest.raises(ConfigurationError, match="no timezone"):
        IntradayEventStudy("market").run("2025-02-12 12:07", feb[0], "BZ=F", "ES=F")
    with pytest.raises(DataRangeError, match="no 5m bar starts"):
        IntradayEventStudy("market").run("2025-02-20 12:07-05:00", feb[0], "BZ=F", "ES=F")
    with pytest.raises(DataRangeError, match="needs 12 bars after"):
        IntradayEventStudy("market").run("2025-02-13 16:30-05:00", feb[0], "BZ=F", "ES=F")


def test_result_api(feb):
    res = IntradayEventStudy("market", seasonality=True).run(
        "2025-02-12 12:07-05:00", feb[0], "BZ=F", "ES=F", display_zone=NY, label="Trump post")
    text = res.summary()
    assert "Bar 0:            2025-02-12 12:10 EST" in text and "Andersen & Bollerslev (1997)" in text
    f = res.to_frame()
    assert list(f.rel_bar) == list(range(-6, 13)) and f.loc[f.rel_bar == 0, "clock"].item() == "12:10"
    assert "<table" in res._repr_html_()
    d = json.loads(res.to_json())
    assert d["schema"] == "marketimpact.intraday/1" and d["bar0"]["bar0"] == "2025-02-12T17:10:00+00:00"
    assert [t["rel_day_start"] for t in d["tests"]] == [0, 0, 0] and d["tests"][0]["window_unit"] == "bars"
    assert d["seasonality"]["bucket_minutes"] == 30
    fig = mi.plot(res)
    assert [a for a in fig.findobj() if a.get_gid() == "car-line"]


# --- claims at the time of writing -------------------------------------------------------

FT = MarketClaim("Brent", "BZ=F", "down", move_pct=-2.3, level=75.25, unit="USD/bbl", basis="unspecified",
                 evidence="Global oil prices fell, with Brent crude falling 2.3% to $75.25 a barrel.")


def test_claim_checked_at_the_minute_with_its_basis(feb):
    bars = feb[0]["BZ=F"]
    at = pd.Timestamp("2025-02-12 13:40", tz=NY)
    ok = check_claim_at(FT, bars, at, bar_minutes=5, zone=NY, previous_settle=77.0, previous_settle_label="settle 11 Feb",
                        session_open=76.82)
    assert ok.verdict == "consistent" and ok.basis == "previous settle" and ok.base == 77.0
    assert ok.bar_start == pd.Timestamp("2025-02-12 18:40", tz="UTC") and ok.level_ok and ok.move_ok
    assert ok.low <= 75.25 <= ok.high and "basis previous settle 77.00" in ok.describe()
    early = check_claim_at(FT, bars, pd.Timestamp("2025-02-12 09:00", tz=NY), bar_minutes=5, previous_settle=77.0)
    assert early.verdict == "inconsistent" and early.level_ok is False and early.move_ok is False
    opened = check_claim_at(FT, bars, at, bar_minutes=5, basis="session open", previous_settle=77.0, session_open=76.82)
    assert opened.basis == "session open" and opened.base == 76.82
    closed = check_claim_at(FT, bars, pd.Timestamp("2025-02-12 17:30", tz=NY), bar_minutes=5, previous_settle=77.0)
    assert closed.market_open is False and any("no bar traded at" in r for r in closed.reasons)
    assert closed.bar_start == pd.Timestamp("2025-02-12 21:55", tz="UTC")
    unknown = check_claim_at(FT, bars, None, bar_minutes=5)
    assert unknown.verdict == "cannot check" and "time of writing is not known" in unknown.reasons[0]


def test_session_and_previous_settle_for_a_quote():
    label, first_open, trading = session_at("BZ=F", pd.Timestamp("2025-02-12 13:40", tz=NY))
    assert label == pd.Timestamp("2025-02-12") and trading and first_open == pd.Timestamp("2025-02-11 23:00", tz="UTC")
    label, _, trading = session_at("BZ=F", pd.Timestamp("2025-02-12 17:30", tz=NY))
    assert label == pd.Timestamp("2025-02-12") and not trading


def test_claim_time_from_its_sentence_or_the_publication():
    ev = mi.Event("e", dt.date(2025, 2, 12), "Europe/London")
    art = Article("x", published=dt.datetime(2025, 2, 12, 18, 40, tzinfo=dt.UTC))
    c = MarketClaim("Brent", "BZ=F", "down", evidence="Brent was down 2.3% at $75.25 at 1:40pm New York time.")
    when, src = claim_time(c, art, ev)
    assert src == "sentence" and when == dt.datetime(2025, 2, 12, 13, 40, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    when, src = claim_time(FT, art, ev)
    assert src == "published" and when.hour == 18
    assert claim_time(FT, Article("x", published=dt.date(2025, 2, 12)), ev) == (None, "")


def test_parse_at_forms():
    d = dt.date(2025, 2, 12)
    assert parse_at("12:07 America/New_York", d).isoformat() == "2025-02-12T12:07:00-05:00"
    assert parse_at("2025-03-10 12:07 ET").isoformat() == "2025-03-10T12:07:00-04:00"  # after the DST change
    assert parse_at("2025-02-12T17:07+00:00").hour == 17
    for bad, msg in [("noon", "HH:MM"), ("25:07 UTC", "not a clock time"), ("12:07 Mars/Base", "unknown time zone"),
                     ("2025-02-12T12:07", "no time zone")]:
        with pytest.raises(ConfigurationError, match=msg):
            parse_at(bad, d)


# --- the seed story end to end --------------------------------------------------------------


def test_day_precision_event_says_it_needs_a_clock_time(capsys):
    with pytest.raises(ConfigurationError, match=r"known to the day only.*--at 'HH:MM Area/City'"):
        analyze_intraday(SEED)
    assert main(["study", SEED, "--interval", "5m"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs a clock time" in err
    assert main(["study", SEED]) == 0
    assert "an intraday window needs a clock time" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "msg"), [
    (["--at", "noon"], "cannot read the clock time"),
    (["--at", "12:07 Mars/Base"], "unknown time zone"),
    (["--at", "12:07 America/New_York", "--interval", "2h"], "not supported"),
    (["--at", "12:07 America/New_York", "--interval", "1d"], "needs an intraday interval"),
])
def test_bad_intraday_options_are_one_line_errors(args, msg, capsys):
    assert main(["study", SEED, *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and msg in err and "Traceback" not in err


def test_seed_story_with_a_user_time_end_to_end(tmp_path, capsys):
    """`marketimpact study SEED --at "12:07 America/New_York" --interval 5m` on recorded 5-minute BZ=F and ES=F."""
    with replay_yahoo(REC):
        rc = main(["study", SEED, "--at", "12:07 America/New_York", "--interval", "5m",
                   "--published", "2025-02-12T13:40-05:00", "--out", str(tmp_path), "--json"])
    assert rc == 0
    d = json.loads(capsys.readouterr().out)
    assert d["event"]["time"] == "12:07" and d["event"]["timezone"] == NY and d["event"]["timezone_source"] == "user"
    intr = d["intraday"]
    assert intr["ticker"] == "BZ=F" and intr["benchmark"] == "ES=F" and intr["interval"] == "5m"
    assert intr["bar0"]["bar0"] == "2025-02-12T17:10:00+00:00"
    car = next(t for t in intr["tests"] if t["rel_day_end"] == 12)
    assert car["estimate"] < -0.01 and car["p_value"] < 0.01  # the post-announcement fall, 65 minutes
    (chk,) = d["claims_at_time_of_writing"]
    assert chk["verdict"] == "consistent" and chk["basis"] == "previous settle" and chk["base"] == pytest.approx(77.0)
    assert chk["at_source"] == "published" and chk["bar_start"] == "2025-02-12T18:40:00+00:00"
    assert d["daily"]["day0"]["day0"] == "2025-02-12" and "before the 14:30" in d["daily"]["day0"]["note"]
    assert d["intraday_prices"]["replayed_from"].endswith("intraday")
    names = {p.name for p in tmp_path.iterdir()}
    assert {"ft_2025-02-12_trump_putin_BZF_5m_intraday.png", "ft_2025-02-12_trump_putin_BZF_5m_intraday_car.svg",
            "ft_2025-02-12_trump_putin_BZF_5m_intraday.json"} <= names


def test_seed_without_publication_time_says_the_quote_cannot_be_timed(capsys):
    with replay_yahoo(REC):
        assert main(["study", SEED, "--at", "12:07 America/New_York"]) == 0
    out = capsys.readouterr().out
    assert "Intraday event study: BZ=F vs ES=F (5m bars)" in out
    assert "cannot check at the time of writing" in out and "replayed from recorded Yahoo responses" in out


def test_intraday_chart_marks_announcement_sentence_and_quote(tmp_path):
    with replay_yahoo(REC):
        ia = analyze_intraday(SEED, "12:07 America/New_York", published="2025-02-12T13:40-05:00")
        assert main(["chart", "intraday", SEED, "--at", "12:07 America/New_York", "--out", str(tmp_path),
                     "--formats", "png"]) == 0
    fig = ia.plot("intraday")
    gids = {a.get_gid() for a in fig.findobj()}
    assert {"price-line", "event-line", "event-label", "event-sentence", "quote-dot", "quote-callout"} <= gids
    (line,) = [a for a in fig.findobj() if a.get_gid() == "price-line"]
    x = line.get_xdata()
    assert len(x) > 200 and not np.isnan(np.asarray(x, float)).any()  # one session: no break drawn that day
    (dot,) = [a for a in fig.findobj() if a.get_gid() == "quote-dot"]
    assert dot.get_ydata()[0] == 75.25
    (label,) = [a for a in fig.findobj() if a.get_gid() == "event-label"]
    assert label.get_text() == "Trump–Putin call, 12:07"
    assert any(p.suffix == ".png" for p in tmp_path.iterdir())


def test_price_line_breaks_at_the_maintenance_hour(feb):
    from marketimpact.charts import plot_intraday

    close = feb[0]["BZ=F"]["close"].loc["2025-02-12 18:00":"2025-02-13 02:00"]
    fig = plot_intraday(close, pd.Timestamp("2025-02-12 15:00", tz=NY), zone=NY, event_label="x", title="t",
                        subtitle="s", source="src")
    (line,) = [a for a in fig.findobj() if a.get_gid() == "price-line"]
    assert int(np.isnan(np.asarray(line.get_ydata(), float)).sum()) == 1


# --- notebook 01, section 7 ---------------------------------------------------------------


def test_notebook_01_intraday_prose_numbers():
    """The closing paragraph of notebook 01's intraday section quotes these numbers."""
    art = mi.read_article(SEED)
    with replay_yahoo(REC):
        ia = analyze_intraday(art, at="12:07 America/New_York", interval="5m", seasonality=True,
                              published="2025-02-12T13:40-05:00")
    t = ia.intraday.car_test(0, 12)
    assert ia.intraday.minutes(12) == 65 and round(100 * t.estimate, 1) == -1.2 and round(t.stat, 1) == -4.3
    assert t.pvalue < 0.001 and round(100 * ia.intraday.sigma, 2) == 0.07 and ia.intraday.nobs == 984
    (chk,) = ia.claim_checks_at
    assert (chk.low, chk.high, chk.verdict, chk.base, chk.base_label) == (75.16, 75.25, "consistent", 77.0, "settle 11 Feb")


def _nb01_section_7(folder: Path) -> Path:
    """Notebook 01 as tools/make_notebooks.py writes it, cut to the `article` cell and section 7."""
    import importlib.util

    import nbformat

    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "tools" / "make_notebooks.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    nb = gen.nb01()
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## 7."))
    cells = [nb.cells[1], *nb.cells[start:]]  # the `article` cell, then section 7
    path = folder / "nb01_section_7.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata), path)
    return path


register(Job("01_brent_trump_putin[section 7 alone]", _nb01_section_7, ROOT / "notebooks", cell_timeout=300))


@pytest.mark.slow
@pytest.mark.notebook("01_brent_trump_putin[section 7 alone]")
def test_notebook_01_intraday_cells_run_offline_and_say_so(executed_notebook):
    """The appended cells, executed in a kernel behind the network guard (started in the background,
    tests/_notebooks.py); asserts on their outputs."""
    small = executed_notebook
    outs = [o for c in small.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outs)
    assert "CAR bars (0, 12) = first 65 min: -1.25%" in text and "CONSISTENT" in text
    assert "basis previous settle 77.00" in text
    figures = [o for o in outs if "Figure" in o.get("data", {}).get("text/plain", "")
               or any(k.startswith("image/") for k in o.get("data", {}))]
    assert len(figures) == 2  # the intraday price and CAR charts (how they display is the notebook's choice)
    assert "recorded Yahoo chart-API responses replayed" in small.cells[1].source and "synthetic" in small.cells[1].source
