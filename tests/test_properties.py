"""Property-based tests (hypothesis): identities that must hold for any data.

* the market-adjusted model is the market model with alpha = 0, beta = 1 fixed;
* CAR is additive over adjacent windows (single-event results and ARPanel);
* the multi-event test statistics do not change when every return is scaled by c > 0;
* day 0 never moves backwards when the announcement instant moves forwards (any timezone);
* the extractor never crashes on arbitrary text, answers in bounded time, and either returns an
  Event or — only without a publication date — raises NoEventDateError.

Examples are few and deadlines generous so the file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from zoneinfo import ZoneInfo, available_timezones

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import marketimpact as mi
from marketimpact.errors import ArticleFormatError, ConfigurationError, NoEventDateError
from marketimpact.instruments import get_instrument
from marketimpact.study.panel import ARPanel, build_panel
from marketimpact.study.statistics import ALL_TESTS

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SESSIONS = pd.bdate_range("2019-01-01", periods=420)
seeds = st.integers(0, 2**32 - 1)


def synthetic_returns(seed: int, n_assets: int = 1) -> pd.DataFrame:
    """Market returns M and assets A0.. with a random beta, fat-ish tails."""
    rng = np.random.default_rng(seed)
    m = rng.standard_t(5, len(SESSIONS)) * 0.01
    cols = {"M": m}
    for i in range(n_assets):
        beta = rng.uniform(-0.5, 2.0)
        cols[f"A{i}"] = 0.0002 + beta * m + rng.standard_t(5, len(SESSIONS)) * rng.uniform(0.005, 0.03)
    return pd.DataFrame(cols, index=SESSIONS)


def run(model: str, rets: pd.DataFrame, ticker: str, day: int, **kw) -> mi.EventStudyResult:
    ev = mi.Event(f"e{day}", SESSIONS[day].date(), "America/New_York")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return mi.EventStudy(model, estimation=(-120, -11), window=(-5, 5), **kw).run(
            ev, rets, ticker, "M", returns_given=True)


# ---------------------------------------------------------------------------------------------
# market-adjusted = market model with alpha = 0, beta = 1
# ---------------------------------------------------------------------------------------------
@FAST
@given(seed=seeds, day=st.integers(150, 400))
def test_market_adjusted_is_the_market_model_with_alpha0_beta1(seed, day):
    rets = synthetic_returns(seed)
    ma = run("market-adjusted", rets, "A0", day)
    est = rets.loc[ma.estimation_sessions[0]: ma.estimation_sessions[1]]
    evw = rets.loc[ma.frame.session.iloc[0]: ma.frame.session.iloc[-1]]
    n = len(evw)
    fitted_ma = mi.MarketAdjustedModel().fit(est["A0"], est[["M"]].rename(columns={"M": "market"}))
    fixed = mi.MarketModel().fix(alpha=0.0, beta=1.0, sigma=fitted_ma.sigma, nobs=fitted_ma.nobs)
    x_evt = evw[["M"]].rename(columns={"M": "market"})
    ar_fixed = evw["A0"].to_numpy() - fixed.expected(x_evt, n)
    ar_ma = evw["A0"].to_numpy() - fitted_ma.expected(x_evt, n)
    np.testing.assert_allclose(ar_fixed, ar_ma, rtol=0, atol=1e-15)
    np.testing.assert_allclose(ma.frame["ar"].to_numpy(), ar_fixed, rtol=0, atol=1e-15)
    # same sigma, no estimated parameters → the same AR covariance (sigma^2 I)
    np.testing.assert_allclose(fixed.ar_covariance(x_evt, n), fitted_ma.ar_covariance(x_evt, n), rtol=1e-15)
    np.testing.assert_allclose(ma.ar_cov, fixed.ar_covariance(x_evt, n), rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# CAR additivity
# ---------------------------------------------------------------------------------------------
def _split(draw, lo: int, hi: int) -> tuple[int, int, int]:
    a = draw(st.integers(lo, hi - 1))
    b = draw(st.integers(a, hi - 1))
    c = draw(st.integers(b + 1, hi))
    return a, b, c


@FAST
@given(seed=seeds, day=st.integers(150, 400), model=st.sampled_from(["market", "constant-mean", "market-adjusted"]),
       data=st.data())
def test_car_is_additive_on_a_single_event_result(seed, day, model, data):
    res = run(model, synthetic_returns(seed), "A0", day)
    a, b, c = _split(data.draw, -5, 5)
    assert res.car(a, b) + res.car(b + 1, c) == pytest.approx(res.car(a, c), abs=1e-14)
    assert res.car_test(a, b).estimate + res.car_test(b + 1, c).estimate == pytest.approx(
        res.car_test(a, c).estimate, abs=1e-14)
    # the cumulative column is the running CAR from the window start
    assert res.frame.set_index("rel_day").loc[c, "car"] == pytest.approx(res.car(-5, c), abs=1e-14)


def random_panel(seed: int, n: int, t0: int, t1: int, e: int = 60) -> ARPanel:
    rng = np.random.default_rng(seed)
    t = t1 - t0 + 1
    sigma = rng.uniform(0.005, 0.05, n)
    ar = rng.standard_t(4, (n, t)) * sigma[:, None]
    cov = np.stack([s**2 * (np.eye(t) + rng.uniform(0, 0.05) * np.ones((t, t))) for s in sigma])
    est = rng.standard_normal((n, e)) * sigma[:, None]
    for i in range(n):  # some events have shorter estimation windows (NaN-padded on the left)
        est[i, : rng.integers(0, e // 3)] = np.nan
    sessions = np.array([pd.bdate_range("2020-01-01", periods=e).to_numpy()] * n, dtype="datetime64[ns]")
    return ARPanel(
        event_ids=np.array([f"e{i}" for i in range(n)], dtype=object), rel_days=np.arange(t0, t1 + 1), ar=ar,
        ar_cov=cov, sigma=sigma, dof=np.isfinite(est).sum(axis=1) - 2, nobs=np.isfinite(est).sum(axis=1),
        est_ar=est, est_rel_days=np.arange(-e - 10, -10), est_sessions=sessions,
        day0=np.array(pd.bdate_range("2021-01-01", periods=n).to_numpy(), dtype="datetime64[ns]"),
    )


@FAST
@given(seed=seeds, n=st.integers(1, 30), width=st.integers(1, 20), data=st.data())
def test_car_is_additive_on_an_ar_panel(seed, n, width, data):
    panel = random_panel(seed, n, -width, width)
    a, b, c = _split(data.draw, -width, width)
    np.testing.assert_allclose(panel.car((a, b)) + panel.car((b + 1, c)), panel.car((a, c)), rtol=1e-12, atol=1e-15)
    frame = panel.to_frame()
    last = frame[frame.rel_day == c].car.to_numpy()
    np.testing.assert_allclose(last, panel.car((-width, c)), rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------------------------
# scale invariance of the test statistics
# ---------------------------------------------------------------------------------------------
SCALE_FREE = ("cs_t", "bmp", "patell", "corrado_rank", "sign", "ts_t")


def _stats(panel: ARPanel, window: tuple[int, int]) -> dict[str, float]:
    return {name: ALL_TESTS[name]().compute(panel, window).stat for name in SCALE_FREE}


def _same(x: dict[str, float], y: dict[str, float]) -> None:
    for k in x:
        if np.isnan(x[k]):
            assert np.isnan(y[k]), k
        else:
            assert y[k] == pytest.approx(x[k], rel=1e-7, abs=1e-9), k


def scaled(panel: ARPanel, c: float) -> ARPanel:
    return ARPanel(panel.event_ids, panel.rel_days, panel.ar * c, panel.ar_cov * c**2, panel.sigma * c, panel.dof,
                   panel.nobs, panel.est_ar * c, panel.est_rel_days, panel.est_sessions, panel.day0, panel.groups)


@FAST
@given(seed=seeds, n=st.integers(2, 25), c=st.floats(1e-3, 1e3), data=st.data())
def test_statistics_are_invariant_to_scaling_the_panel(seed, n, c, data):
    panel = random_panel(seed, n, -5, 5)
    a, _, b = _split(data.draw, -5, 5)
    _same(_stats(panel, (a, b)), _stats(scaled(panel, c), (a, b)))


@SLOW
@given(seed=seeds, c=st.floats(0.01, 100), model=st.sampled_from(["market", "constant-mean", "market-adjusted"]),
       days=st.lists(st.integers(150, 400), min_size=3, max_size=6, unique=True))
def test_statistics_are_invariant_to_scaling_the_returns(seed, c, model, days):
    """Through the whole pipeline: EventStudy on returns × c, build_panel, every scale-free test."""
    rets = synthetic_returns(seed, n_assets=len(days))
    one = build_panel([run(model, rets, f"A{i}", d) for i, d in enumerate(days)])
    many = build_panel([run(model, rets * c, f"A{i}", d) for i, d in enumerate(days)])
    np.testing.assert_allclose(many.ar, one.ar * c, rtol=1e-7, atol=1e-15)
    for w in [(0, 0), (-1, 1), (0, 5), (-5, 5)]:
        _same(_stats(one, w), _stats(many, w))


# ---------------------------------------------------------------------------------------------
# day 0 is monotonic in the announcement instant
# ---------------------------------------------------------------------------------------------
ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
DAY0_SESSIONS = pd.bdate_range("2024-01-01", "2025-12-31")
instants = st.datetimes(min_value=dt.datetime(2024, 2, 1), max_value=dt.datetime(2025, 11, 30),
                        timezones=st.just(dt.UTC))


def _event_at(instant: dt.datetime, zone: str, precision: str) -> mi.Event:
    local = instant.astimezone(ZoneInfo(zone))
    t = local.time().replace(second=0, microsecond=0, fold=0)
    return mi.Event("e", local.date(), zone, precision, t if precision != "day" else None)


@settings(max_examples=60, deadline=None)
@given(t1=instants, t2=instants, z1=st.sampled_from(ZONES), z2=st.sampled_from(ZONES),
       ticker=st.sampled_from([None, "BZ=F", "TTF=F", "^GSPC", "EURUSD=X"]),
       precision=st.sampled_from(["minute", "hour"]))
def test_day0_is_monotonic_in_the_announcement_instant(t1, t2, z1, z2, ticker, precision):
    if t1 > t2:
        t1, t2 = t2, t1
    e1, e2 = _event_at(t1, z1, precision), _event_at(t2, z2, precision)
    # an Event holds a wall-clock time without DST fold: keep instants it represents exactly
    assume(e1.announced_at == t1.replace(second=0, microsecond=0))
    assume(e2.announced_at == t2.replace(second=0, microsecond=0))
    inst = get_instrument(ticker) if ticker else None
    p1 = mi.event_session(e1, DAY0_SESSIONS, inst).position
    p2 = mi.event_session(e2, DAY0_SESSIONS, inst).position
    assert p1 <= p2, (e1, e2)


@settings(max_examples=40, deadline=None)
@given(t=instants, z1=st.sampled_from(ZONES), z2=st.sampled_from(ZONES))
def test_day0_does_not_depend_on_the_timezone_the_instant_is_written_in(t, z1, z2):
    e1, e2 = _event_at(t, z1, "minute"), _event_at(t, z2, "minute")
    assume(e1.announced_at == e2.announced_at == t.replace(second=0, microsecond=0))
    inst = get_instrument("BZ=F")
    s1 = mi.event_session(e1, DAY0_SESSIONS, inst)
    s2 = mi.event_session(e2, DAY0_SESSIONS, inst)
    # same instant → same first price after it (the local date only matters when it is no session)
    if s1.rule != "next" and s2.rule != "next":
        assert s1.position == s2.position


# ---------------------------------------------------------------------------------------------
# the extractor on arbitrary text
# ---------------------------------------------------------------------------------------------
PIECES = st.sampled_from([
    "Wednesday", "on Wednesday", "Monday Tuesday Wednesday Thursday Friday Saturday Sunday ", "last Friday",
    "next Monday", "12 February 2025", "Feb. 12", "2025-02-12", "12/02/2025", "at 14:30 GMT", "08:30 a.m. ET",
    "Brent crude fell 2.3% to $75.25 a barrel.", "WTI rose 1.1 per cent", "gold at $2,900 an ounce",
    "the dollar index", "said", "announced", "after Tuesday's call", "(Reuters) - ", "LONDON, Feb 12 (Reuters) -",
    "%", "$", "bp", " basis points", "\n\n", "...", "—", "’s", "\x00", "\x1b[31m", "\u202e", "\ufeff", "🛢️", "٣٤",
])
long_digits = st.text("0123456789.,%$", min_size=100, max_size=5_000)
arbitrary = st.lists(st.one_of(st.text(max_size=200), PIECES, long_digits), max_size=40).map(" ".join)
published = st.one_of(st.none(), st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1),
                                              timezones=st.sampled_from([dt.UTC, ZoneInfo("Asia/Tokyo"),
                                                                         ZoneInfo("America/New_York")])))


def _extract(text: str, pub) -> tuple[float, object]:
    tz = None if pub is None else (pub.tzinfo.key if isinstance(pub.tzinfo, ZoneInfo) else "UTC")
    art = mi.Article(text=text, article_id="prop", published=pub, timezone=tz)
    t0 = time.process_time()
    mi.extract_claims(text)
    try:
        out: object = mi.extract_event(art)
    except NoEventDateError as exc:
        assert pub is None, f"NoEventDateError although published={pub}: {exc}"
        out = exc
    return time.process_time() - t0, out


def _linear(text: str, pub) -> None:
    """Extraction of ``text`` costs at most ~linear CPU time: the full text against its first
    quarter, in the same run (a ratio, not a wall-clock limit: a loaded machine slows both)."""
    quarter, _ = _extract(text[: len(text) // 4], pub)
    full, _ = _extract(text, pub)
    assert full <= 10 * quarter + 0.5, f"{quarter:.2f} s for {len(text) // 4} chars but {full:.2f} s for {len(text)}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=arbitrary, pub=published)
def test_extraction_never_crashes_on_arbitrary_text(text, pub):
    _, out = _extract(text, pub)
    assert isinstance(out, mi.Event | NoEventDateError)
    if isinstance(out, mi.Event):
        assert 0 <= out.evidence_span[0] <= out.evidence_span[1] <= len(text)
        assert text[out.evidence_span[0]: out.evidence_span[1]] == out.evidence or out.evidence_span == (0, 0)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed_text=arbitrary.filter(lambda s: len(s) > 0), pub=published)
def test_extraction_of_100_kb_is_bounded_in_time(seed_text, pub):
    _linear((seed_text * (100_000 // len(seed_text) + 1))[:100_000], pub)


@pytest.mark.parametrize("text", [
    "9" * 100_000,
    ("Wednesday " * 10_000)[:100_000],
    ("on Monday, Tuesday and " * 5_000)[:100_000],
    ("Brent fell 2.3% to $75.25 a barrel " * 3_000)[:100_000],
    ("12:30 " * 20_000)[:100_000],
    ("1.2.3.4.5.6.7.8.9 " * 6_000)[:100_000],
])
def test_extraction_of_100_kb_adversarial_text_is_bounded_in_time(text):
    for pub in (None, dt.datetime(2025, 2, 12, 18, 0, tzinfo=dt.UTC)):
        _linear(text, pub)


@FAST
@given(text=arbitrary)
def test_article_from_text_raises_only_named_errors(text):
    try:
        art = mi.article_from_text(text)
    except (ArticleFormatError, ConfigurationError):
        return
    assert art.text.strip()


# ---------------------------------------------------------------------------------------------
# second hardening pass (issue 15): reading, writing, inferring
# ---------------------------------------------------------------------------------------------
yaml_scalars = st.one_of(
    st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.dates(min_value=dt.date(1, 1, 1)).map(str),
    st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    st.text(alphabet="0123456789-:T+Z. ", max_size=30), st.text(max_size=30),
)


@FAST
@given(key=st.sampled_from(["published", "headline", "dateline", "publisher", "timezone", "id"]), value=yaml_scalars)
def test_any_typed_front_matter_value_gives_a_named_error_or_an_article(key, value):
    """Whatever YAML makes of a typo (a number, a date that does not exist, a year 0) — never a traceback."""
    import yaml

    header = yaml.safe_dump({key: value}) if not isinstance(value, str) else f"{key}: {value}\n"
    raw = "---\n" + header + "---\nBrent crude fell 2% to $75 a barrel on Wednesday.\n"
    try:
        art = mi.article_from_text(raw, "prop")
    except (ArticleFormatError, ConfigurationError):
        return
    assert art.text.startswith("Brent")
    assert art.headline is None or isinstance(art.headline, str)
    assert art.dateline is None or isinstance(art.dateline, str)


@FAST
@given(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), min_size=1,
                    max_size=300).filter(lambda s: s.strip()),
       codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le-ascii", "utf-16-be-ascii"]))
def test_articles_decode_to_the_same_text_in_every_encoding(text, codec):
    from marketimpact.extract.articles import decode_article

    if codec.endswith("-ascii"):  # UTF-16 without a BOM is recognised for mostly-ASCII text
        text = "Brent crude fell 2% on Wednesday. " * 4 + text.encode("ascii", "ignore").decode()
        data = text.encode(codec.removesuffix("-ascii"))
    else:
        data = text.encode(codec)
    assert decode_article(data) == text


@FAST
@given(codec=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                              "cp037", "utf-7"]),
       decl=st.sampled_from(["<!DOCTYPE rss>", "<!ENTITY x 'y'>", "<! doctype rss [ ]>"]),
       pad=st.text(" \n\t", max_size=5))
def test_feed_declarations_are_refused_in_any_encoding(codec, decl, pad):
    from marketimpact.extract.feeds import has_declarations, parse_feed

    enc_decl = f'<?xml version="1.0" encoding="{codec.upper()}"?>' if codec in ("utf-7", "cp037") else ""
    doc = f"{enc_decl}{pad}{decl}<rss version='2.0'><channel><item><title>Oil</title></item></channel></rss>"
    data = (enc_decl.encode("ascii") + doc[len(enc_decl):].encode(codec)) if codec == "utf-7" else doc.encode(codec)
    assert has_declarations(data)
    with pytest.raises(ArticleFormatError, match="DOCTYPE/ENTITY"):
        parse_feed(data)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(unit=st.sampled_from(["<a ", "<", " ", "=", "'", '"', "a=1 ", "<p x='", ">", "<!-- ", "b "]),
       other=st.sampled_from(["", "<", ">", "word "]))
def test_html_attribute_check_of_1_mb_is_bounded_in_time(unit, other):
    """The pre-parse attribute count is one linear pass over any 1 MB of tag soup (CPU-time ratio)."""
    from marketimpact.errors import ArticleFormatError as Refused
    from marketimpact.extract.html import check_attribute_counts

    html = ((unit * 50 + other) * (1_000_000 // (len(unit) * 50 + len(other)) + 1))[:1_000_000]

    def cost(text: str) -> float:
        t0 = time.process_time()
        try:
            check_attribute_counts(text)
        except Refused:
            pass
        return time.process_time() - t0

    quarter, full = cost(html[:250_000]), cost(html)
    assert full <= 10 * quarter + 0.5, f"{quarter:.2f} s for 250 kB but {full:.2f} s for 1 MB (not linear)"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_files=st.integers(1, 4), fail_at=st.integers(0, 12), kind=st.sampled_from(["write", "fsync", "replace"]))
def test_an_output_set_replaces_all_files_or_none(n_files, fail_at, kind, tmp_path_factory):
    """Whatever step fails (a write, an fsync, a move), the folder holds the old set or the new one."""
    import os

    from marketimpact import _io

    folder = tmp_path_factory.mktemp("set")
    names = [f"f{i}.dat" for i in range(n_files)]
    for n in names:
        (folder / n).write_text("old")
    calls = {"n": 0}

    def maybe_fail() -> None:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(28, "No space left on device")

    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        if kind == "fsync":
            maybe_fail()
        return real_fsync(fd)

    def replace(a, b):
        if kind == "replace":
            maybe_fail()
        return real_replace(a, b)

    def content(fh):
        fh.write(b"ne")
        if kind == "write":
            maybe_fail()
        fh.write(b"w")

    os.fsync, os.replace = fsync, replace
    try:
        with _io.OutputSet() as out:
            for n in names:
                out.write(folder / n, content)
    except OSError:
        pass
    finally:
        os.fsync, os.replace = real_fsync, real_replace
    state = {p.name: p.read_text() for p in folder.iterdir()}
    assert sorted(state) == names, state  # no temporary or backup file left
    assert set(state.values()) in ({"old"}, {"new"}), state


claim_specs = st.lists(
    st.tuples(st.sampled_from(["BZ=F", "GC=F", "^GSPC", "CL=F"]),
              st.one_of(st.none(), st.floats(-8, 8).map(lambda x: round(x, 2))),
              st.one_of(st.none(), st.floats(1, 3000).map(lambda x: round(x, 2))),
              st.sampled_from(["close", "intraday", "unspecified"])),
    min_size=1, max_size=3,
).filter(lambda cs: all(m is not None or lv is not None for _, m, lv, _ in cs))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=claim_specs, day=st.dates(dt.date(2016, 1, 1), dt.date(2025, 6, 30)))
def test_vectorised_date_inference_matches_the_formula_session_by_session(specs, day):
    """infer_date_from_claims (vectorised) against the documented distances computed by hand for one week."""
    from dataclasses import replace as dc_replace

    from marketimpact.extract import infer_date_from_claims
    from marketimpact.prices import load_bundled

    base = mi.extract_claims("Brent crude fell 2.3% to $75.25 a barrel.")[0]
    claims = [dc_replace(base, ticker=t, move_pct=m, level=lv, basis=b) for t, m, lv, b in specs]
    week = [day + dt.timedelta(days=i) for i in range(7)]
    got = {c.session: c for c in infer_date_from_claims(claims, candidates=week, top=7)}
    frames = {t: load_bundled(t) for t in {c.ticker for c in claims}}
    for s in week:
        dists: dict[str, float] = {}
        ok = True
        for i, c in enumerate(claims):
            df = frames[c.ticker]
            where = df.index.normalize().get_indexer([pd.Timestamp(s)])[0]
            if where < 1:
                ok = False
                break
            row, prev = df.iloc[where], float(df["close"].iloc[where - 1])
            close = float(row["close"])
            high = float(row["high"]) if "high" in row and row["high"] == row["high"] else close
            low = float(row["low"]) if "low" in row and row["low"] == row["low"] else close
            pairs = []
            if c.move_pct is not None and prev > 0:
                moves = [100 * (close / prev - 1)]
                if c.basis == "intraday":
                    moves.append(100 * ((high if c.move_pct >= 0 else low) / prev - 1))
                pairs.append(("move_pct", min(abs(m - c.move_pct) for m in moves)))
            if c.level is not None:
                if c.basis == "intraday":
                    d = 0.0 if low <= c.level <= high else min(abs(c.level - low), abs(c.level - high))
                else:
                    d = abs(c.level - close)
                pairs.append(("level", 100 * d / c.level))
            for k, v in pairs:
                key = f"{c.ticker} {k}"
                dists[key + (f" #{i}" if key in dists else "")] = round(v, 4)
        if not ok or not dists:
            assert s not in got
            continue
        assert s in got, (s, dists)
        assert got[s].distances == dists
        assert got[s].score == round(sum(dists.values()) / len(dists), 4)
