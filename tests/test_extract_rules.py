"""Focused tests, one or a few per grammar rule of marketimpact.extract."""

from __future__ import annotations

import datetime as dt

import pytest

import marketimpact as mi
from marketimpact.errors import ArticleFormatError, NoEventDateError
from marketimpact.extract import extract_claims, extract_event, infer_date_from_claims, read_articles
from marketimpact.extract.dates import find_dates, find_times
from marketimpact.extract.feeds import parse_feed
from marketimpact.extract.html import html_to_text


def _event(text, published="2025-02-13", tz="Europe/London", **kw):
    return extract_event(mi.article_from_text(text, published=published, timezone=tz, **kw))


def _claim(text):
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    return claims[0]


# ------------------------------------------------------------------ weekdays
def test_weekday_equal_to_publication_day_is_that_day():
    ev = _event("The ministers agreed on Thursday to cut output.", published="2025-02-13")  # a Thursday
    assert ev.local_date == dt.date(2025, 2, 13)


def test_weekday_in_past_tense_is_the_most_recent_one():
    ev = _event("The ministers agreed on Tuesday to cut output.", published="2025-02-13")
    assert ev.local_date == dt.date(2025, 2, 11)
    assert _event("Officials said last Friday that talks had failed.", published="2025-02-13").local_date == dt.date(2025, 2, 7)


def test_asia_morning_publication_about_us_event():
    text = "The Federal Reserve raised rates at 2 p.m. in Washington on Wednesday."
    ev = _event(text, published="2023-07-27T07:00:00+09:00", tz="Asia/Tokyo", dateline="Tokyo")
    assert ev.local_date == dt.date(2023, 7, 26)
    assert (ev.time, ev.timezone, ev.precision) == (dt.time(14, 0), "America/New_York", "hour")


def test_future_tense_looks_forward_and_is_a_schedule():
    text = "OPEC+ agreed on Monday to extend cuts. The group will meet again on Thursday."
    ev = _event(text, published="2025-02-11")  # a Tuesday
    assert ev.local_date == dt.date(2025, 2, 10)
    roles = {r.text: (r.role, r.value) for r in ev.related}
    assert roles["Thursday"] == ("schedule", "2025-02-13")
    nxt = find_dates("The data are due on Wednesday next week.", dt.date(2025, 2, 11))
    assert nxt[0].value == dt.date(2025, 2, 19) and nxt[0].tense == "future"


def test_reaction_and_background_dates_are_not_the_event():
    text = ("Oil jumped on Monday after Saturday's surprise attack, the worst since 1973. "
            "Prices have risen every week since March 2022.")
    ev = _event(text, published="2023-10-09")
    assert ev.local_date == dt.date(2023, 10, 7)
    roles = {r.text: r.role for r in ev.related}
    assert roles["Monday"] == "reaction" and roles["since 1973"] == "background"


def test_weekend_announcement_keeps_its_own_date():
    ev = _event("Saudi Arabia announced on Sunday a surprise cut. Brent rose 6% on Monday.", published="2023-04-03")
    assert ev.local_date == dt.date(2023, 4, 2) and ev.local_date.weekday() == 6


def test_look_alikes_are_not_dates():
    text = ("We may see a deal after nearly 90 minutes of talks and three years of war; "
            "Brent at $75 and 25 a barrel were mentioned, and 2 million barrels a day.")
    assert find_dates(text, dt.date(2025, 2, 12)) == []
    assert find_times(text) == []


def test_explicit_dates_and_years():
    ds = find_dates("On Tuesday, March 8, 2022, and on 24 February the ban began.", dt.date(2022, 3, 9))
    values = [d.value for d in ds if d.kind == "explicit"]
    assert dt.date(2022, 3, 8) in values and dt.date(2022, 2, 24) in values


# ------------------------------------------------------------------ times
@pytest.mark.parametrize(("text", "time", "tz", "precision"), [
    ("announced at 10:45 a.m. on Tuesday", dt.time(10, 45), None, "minute"),
    ("made landfall at 11:55 a.m. CDT on Sunday", dt.time(11, 55), "America/Chicago", "minute"),
    ("said at about 7.50pm Washington time on Saturday", dt.time(19, 50), "America/New_York", "minute"),
    ("posted shortly after noon Washington time on Sunday", dt.time(12, 0), "America/New_York", "hour"),
    ("at 8:30 pm US Eastern time", dt.time(20, 30), "America/New_York", "minute"),
    ("decision published at 14:15 local time", dt.time(14, 15), None, "minute"),
    ("at 6am Moscow time", dt.time(6, 0), "Europe/Moscow", "hour"),
])
def test_times_with_timezones(text, time, tz, precision):
    t = next(x for x in find_times(text) if not x.deadline)
    assert (t.time, t.timezone or None, t.precision) == (time, tz, precision)


def test_deadline_times_are_not_the_announcement():
    t = find_times("trading up 2% by 9am GMT")
    assert t and t[0].deadline
    ev = _event("Ineos said on Monday it shut the pipeline. Brent was up 2.3% at $64.86 by 4pm GMT.",
                published="2017-12-11")
    assert ev.time is None and ev.precision == "day"


def test_no_date_and_no_publication_raises():
    with pytest.raises(NoEventDateError, match="--published"):
        extract_event(mi.article_from_text("Brent fell 2% to $70 after the statement."))


# ------------------------------------------------------------------ claims
def test_rouble_direction_is_inverted():
    weak = _claim("The rouble weakened to 100 per dollar for the first time since March.")
    strong = _claim("The rouble firmed to 97.40 per dollar in Moscow trading.")
    assert (weak.ticker, weak.direction, weak.level) == ("RUB=X", "up", 100.0)
    assert (strong.ticker, strong.direction, strong.level, strong.basis) == ("RUB=X", "down", 97.4, "intraday")


def test_dollar_against_yen_is_jpy_as_written():
    c = _claim("The dollar rose 0.9% to 150.45 yen.")
    assert (c.ticker, c.direction, c.move_pct, c.level, c.instrument) == ("JPY=X", "up", 0.9, 150.45, "yen")


@pytest.mark.parametrize(("text", "basis"), [
    ("Brent crude settled down 7.2% at $71.48.", "settle"),
    ("The S&P 500 closed up 1.5% at 3,789.99.", "settle"),
    ("The Dow gained 303 points to end at 30,668.53.", "settle"),
    ("Brent rose as much as 8% to $86.44 a barrel.", "intraday"),
    ("Gold hit a record $3,167.57 an ounce.", "intraday"),
    ("WTI was trading $4.18 lower at $69.51.", "intraday"),
    ("Copper fell 1.2% to $2.78 a pound and Brent slid 1.9% to $69.50 in Asian trading.", "intraday"),
    ("Gold climbed 1% to $1,850 an ounce.", "unspecified"),
])
def test_basis_words(text, basis):
    assert extract_claims(text)[0].basis == basis


def test_moves_levels_and_absolute_moves():
    c = _claim("The Dow Jones Industrial Average plunged 2,997 points, or 12.9%, to close at 20,188.52.")
    assert (c.move_abs, c.move_pct, c.level, c.basis) == (-2997.0, -12.9, 20188.52, "settle")
    c = _claim("U.S. West Texas Intermediate was up 88 cents at $23.64.")
    assert (c.ticker, c.move_abs, c.level) == ("CL=F", 0.88, 23.64)
    c = _claim("The 10-year Treasury yield rose 12 basis points to 3.41%.")
    assert (c.ticker, c.move_bp, c.level, c.move_pct, c.unit) == ("^TNX", 12.0, 3.41, None, "percent")


def test_two_moves_of_one_instrument_are_two_claims():
    cs = extract_claims("Brent crude rose as much as 5.7% to $81.40 a barrel, the highest since January, "
                        "before paring gains to trade 2.4% higher at $78.87.")
    assert [(c.move_pct, c.level) for c in cs] == [(5.7, 81.4), (2.4, 78.87)]


def test_generic_oil_merges_with_named_benchmark_and_non_claims_are_dropped():
    cs = extract_claims("Global oil prices fell, with WTI crude oil falling 2.4% to settle at $75.96 a barrel.")
    assert [(c.ticker, c.instrument) for c in cs] == [("CL=F", "WTI")]
    assert extract_claims("Oil prices jumped when trading opened on Monday.") == []
    assert extract_claims("Analysts said the cuts may push Brent to $100 a barrel.") == []
    assert extract_claims("Pioneer shareholders will receive $253 a share. The price cap is $60 a barrel.") == []
    assert extract_claims("Gold and the US dollar were little changed.") == []


def test_company_shares_and_coreference():
    cs = extract_claims("Nvidia forecast strong sales. The company's shares rose as much as 28% to $394.80. "
                        "Nvidia reported revenue of $7.19 billion, down 13% from a year earlier.")
    assert [(c.ticker, c.move_pct) for c in cs] == [("NVDA", 28.0)]


def test_instrument_table_is_extensible(tmp_path):
    from marketimpact import instruments

    csv = tmp_path / "extra.csv"
    csv.write_text("ticker,name,aliases,kind,exchange,calendar,timezone,price_time,currency,unit,continuous_future\n"
                   "ZZZ.L,Zedcorp,zedcorp;zed,stock,LSE,XLON,Europe/London,16:30,GBP,GBp,no\n")
    try:
        instruments.register_instruments(csv)
        c = _claim("Zedcorp shares fell 4% to 120p in London trading.")
        assert (c.ticker, c.direction, c.move_pct) == ("ZZZ.L", "down", -4.0)
    finally:
        instruments._user.pop("ZZZ.L", None)
        instruments.clear_registrations()


def test_garbled_english():
    text = ("OPEC+ in Thursday held the online meeting, and some members agree we will make the additional reduce. "
            "Brent crude for February delivery lose 0.3% and settled at $82.83.")
    ev = _event(text, published="2023-12-01", tz="Europe/Vienna")
    assert ev.local_date == dt.date(2023, 11, 30)
    c = _claim(text)
    assert (c.ticker, c.direction, c.move_pct, c.level, c.basis) == ("BZ=F", "down", -0.3, 82.83, "settle")


# ------------------------------------------------------------------ reading
def test_html_main_text_without_script(tmp_path):
    html = """<html><head><title>Oil falls</title>
    <meta property="article:published_time" content="2025-02-12T18:00:00+00:00">
    <script>var x = "Brent rose 99% to $999";</script></head>
    <body><nav>Markets | Oil</nav><article><h1>Oil falls</h1>
    <p>Brent crude fell 2.3% to $75.25 a barrel on Wednesday.</p><script>alert('Brent rose 50%')</script>
    <style>p{}</style></article><footer>(c) 2025</footer></body></html>"""
    text = html_to_text(html)
    assert "99%" not in text and "alert" not in text and "Markets" not in text and "(c)" not in text
    p = tmp_path / "page.html"
    p.write_text(html)
    art = mi.read_article(p)
    assert art.headline == "Oil falls" and art.published is not None
    assert [(c.ticker, c.move_pct) for c in extract_claims(art.text)] == [("BZ=F", -2.3)]
    assert extract_event(art).local_date == dt.date(2025, 2, 12)


def _page(head: str, paragraphs: int = 4) -> str:
    body = "".join(f"<p>Paragraph {i}: Brent crude fell 2.3% to $75.25 a barrel on Wednesday after the leaders' call, "
                   "traders in London said, as the market priced a lower risk premium.</p>" for i in range(paragraphs))
    return (f"<html><head><title>Oil falls | Wire</title>{head}</head><body>"
            "<nav><ul><li><a href='/m'>Markets</a></li><li><a href='/o'>Oil</a></li></ul></nav>"
            "<div class='teaser'><a href='/x'>Gold rose 5% to $3,000 in another story</a></div>"
            f"<article><h1>Oil falls</h1>{body}</article>"
            "<aside><h3>Most read</h3><ul><li><a href='/c'>Copper jumps 4% to $9,800</a></li></ul></aside>"
            "<footer>(c) 2025 Wire Ltd</footer></body></html>")


def test_html_boilerplate_around_a_real_length_article_is_dropped():
    from marketimpact.extract.html import extract_html

    meta, text = extract_html(_page('<meta property="og:site_name" content="Wire">'))
    assert text.count("Brent crude fell 2.3%") == 4
    for noise in ("Gold rose 5%", "Copper jumps", "Most read", "Markets", "(c) 2025"):
        assert noise not in text, noise
    assert [c.ticker for c in extract_claims(text)] == ["BZ=F"] * 4
    assert meta["publisher"] == "Wire" and meta["headline"].startswith("Oil falls")


@pytest.mark.parametrize(("head", "published"), [
    ('<meta property="article:published_time" content="2025-02-12T18:05:00+00:00">', "2025-02-12T18:05:00+00:00"),
    ('<meta itemprop="datePublished" content="2025-02-12T13:05:00-05:00">', "2025-02-12T13:05:00-05:00"),
    # a date-only page stays a date: no invented midnight
    ('<meta name="date" content="2025-02-12">', "2025-02-12"),
    # a non-ISO meta value is not trusted verbatim; trafilatura's normalised date is used
    ('<meta name="date" content="Feb 12, 2025">', "2025-02-12"),
])
def test_html_publication_time_keeps_its_precision(head, published, tmp_path):
    from marketimpact.extract.html import extract_html

    meta, _ = extract_html(_page(head))
    assert meta["published"] == published
    page = tmp_path / "p.html"
    page.write_text(_page(head))
    art = mi.read_article(page)
    assert str(art.published).replace(" ", "T") == published
    assert extract_event(art).local_date == dt.date(2025, 2, 12)


def test_feed_with_a_broken_tail_keeps_its_readable_items():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>cut off")
    arts = parse_feed(broken)
    assert [a.headline for a in arts][:2] == ["Oil falls", "Gold up"]


def test_feed_item_with_an_unreadable_date_does_not_sink_the_feed():
    feed = RSS.replace(b"Thu, 13 Feb 2025 09:00:00 +0000", b"yesterday afternoon")
    arts = parse_feed(feed)
    assert len(arts) == 2 and arts[1].published is None and arts[0].published is not None


def test_parse_feed_refuses_a_string_that_feedparser_would_fetch():
    with pytest.raises(TypeError, match="bytes"):
        parse_feed("https://example.invalid/feed.xml")


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Oil falls</title><link>https://example.invalid/1</link>
<pubDate>Wed, 12 Feb 2025 18:00:00 +0000</pubDate>
<description>&lt;p&gt;Brent crude fell 2.3% to $75.25 a barrel on Wednesday.&lt;/p&gt;&lt;script&gt;x=1&lt;/script&gt;</description></item>
<item><title>Gold up</title><pubDate>Thu, 13 Feb 2025 09:00:00 +0000</pubDate>
<description>Gold rose 1% to $2,900 an ounce on Thursday.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Oil falls</title><link href="https://example.invalid/1"/>
<published>2025-02-12T18:00:00Z</published>
<content type="html">&lt;p&gt;Brent crude fell 2.3% to $75.25 a barrel on Wednesday.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_feeds(tmp_path):
    arts = parse_feed(RSS)
    assert [a.headline for a in arts] == ["Oil falls", "Gold up"]
    assert "x=1" not in arts[0].text
    assert extract_event(arts[0]).local_date == dt.date(2025, 2, 12)
    atom = parse_feed(ATOM)
    assert len(atom) == 1 and extract_claims(atom[0].text)[0].level == 75.25
    (tmp_path / "wire.rss").write_bytes(RSS)
    (tmp_path / "a.txt").write_text("Brent fell 1% to $70 on Monday.")
    (tmp_path / "README.md").write_text("not an article")
    got = read_articles(tmp_path)
    assert len(got) == 3
    assert len(read_articles(tmp_path / "wire.rss")) == 2


@pytest.mark.parametrize("doc", [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b"<rss><channel><item><title>&lol2;</title></item></channel></rss>",
    b'<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><item>'
    b"<description>&xxe;</description></item></channel></rss>",
    b'<?xml version="1.0"?><!doctype rss SYSTEM "http://example.invalid/x.dtd"><rss></rss>',
])
def test_xml_entity_attacks_refused(doc):
    with pytest.raises(ArticleFormatError, match="refused"):
        parse_feed(doc)


def test_malformed_feed():
    with pytest.raises(ArticleFormatError, match="malformed"):
        parse_feed(b"<rss><channel><item></rss>")


# ------------------------------------------------------------------ bounded time
# Linear time on long and adversarial runs: tests/test_extract_linear.py (CPU-time ratios in one
# run); seconds for a 5 MB article: benchmarks/bench_extract.py (no wall-clock limits in tests).


# ------------------------------------------------------------------ inference
def test_infer_date_from_claims_on_seed(seed_article_path):
    art = mi.read_article(seed_article_path)
    claims = extract_claims(art.text)
    ranked = infer_date_from_claims(claims, top=5)
    assert ranked[0].session == dt.date(2025, 2, 12)
    wed = infer_date_from_claims(claims, weekday="Wednesday", top=3)
    assert wed[0].session == dt.date(2025, 2, 12) and all(c.session.weekday() == 2 for c in wed)
    only = infer_date_from_claims(claims, candidates=["2025-02-11", "2025-02-12", "2025-02-13"])
    assert only[0].session == dt.date(2025, 2, 12) and len(only) == 3


def test_word_anchored_matching_equals_finditer():
    """The speed-up in dates._anchored must find exactly what a plain finditer finds."""
    import random
    import string

    from marketimpact.extract import dates as D

    rng = random.Random(7)
    words = ["Monday", "may", "May 12", "in March 2022", "last night", "this morning", "today", "Sept. 3",
             "xMonday", "overnight", "earlier today", "of June 2024", "\n", "1", "Wednesday's", "İstanbul", "inMay"]
    texts = [" ".join(rng.choice([*words, "".join(rng.choices(string.ascii_letters, k=5))]) for _ in range(80))
             for _ in range(200)]
    for rx, keys in [(D.RE_MDY, D._MONTH_KEYS), (D.RE_WEEKDAY, D._WEEKDAY_KEYS), (D.RE_RELDAY, D._RELDAY_KEYS),
                     (D.RE_MONTH_YEAR, D._MONTH_YEAR_KEYS)]:
        for t in texts:
            assert [m.span() for m in rx.finditer(t)] == [m.span() for m in D._anchored(rx, t, keys)]


# ------------------------------------------------------------------ the session a claim is about
def _sessions(text: str, published: str = "2025-02-14T09:00:00+00:00") -> list[tuple[str, object, str | None]]:
    from marketimpact.extract import attach_sessions

    art = mi.Article(text=text, article_id="s", published=dt.datetime.fromisoformat(published), timezone="UTC")
    ev = extract_event(art)
    return [(c.ticker, c.session, c.session_source) for c in attach_sessions(extract_claims(text), art, ev)]


def test_claim_session_is_the_day_its_sentence_names():
    got = _sessions("OPEC+ agreed on Wednesday to cut output. Brent rose 1.2% to $80 on Thursday, "
                    "and WTI gained 0.8% to $76.")
    assert got == [("BZ=F", dt.date(2025, 2, 13), "text"), ("CL=F", dt.date(2025, 2, 13), "text")]


def test_claim_without_a_day_of_its_own_is_about_the_event():
    got = _sessions("Trump said on Wednesday that talks would begin. Brent crude fell 2.3% to $75.25 a barrel.")
    assert got == [("BZ=F", dt.date(2025, 2, 12), "event")]


def test_claim_session_ignores_future_days_and_picks_the_day_nearest_its_number():
    got = _sessions("OPEC+ agreed on Wednesday to cut output. Ahead of Friday's meeting, Brent, which fell on "
                    "Tuesday, rose 1.2% to $80 on Thursday; ministers will meet again on Monday.")
    assert got == [("BZ=F", dt.date(2025, 2, 13), "text")]


def test_seed_claim_session_in_the_cli_json():
    import json

    from conftest import run_cli_in_process

    r = run_cli_in_process("extract", "data/articles/2025-02-12_ft_trump_putin_brent.md", "--json")
    claim = json.loads(r.stdout)["claims"][0]
    assert (claim["session"], claim["session_source"]) == ("2025-02-12", "event")


# ------------------------------------------------------------------ company shares
@pytest.mark.parametrize(("text", "want"), [
    ("Apple shares fell 3.1% to $170.20 on the news.", [("AAPL", "down", -3.1, 170.2, "USD")]),
    ("Shares in Nestlé fell 4% to 80.50 francs.", [("NESN.SW", "down", -4.0, 80.5, "CHF")]),
    ("Toyota's stock rose 2.1% to 2,800 yen in Tokyo.", [("7203.T", "up", 2.1, 2800.0, "JPY")]),
    ("UBS shares were trading 9.7% lower at 15.93 francs in early afternoon.", [("UBSG.SW", "down", -9.7, 15.93, "CHF")]),
    # lower-case words are not companies: "apple", "shell", "meta"
    ("The apple harvest fell 3% to 2 million tonnes; shell prices rose 2%; meta data grew 5%.", []),
])
def test_company_share_claims(text, want):
    got = [(c.ticker, c.direction, c.move_pct, c.level, c.unit) for c in extract_claims(text)]
    assert got == want


def test_feed_item_with_a_date_only_stays_a_date():
    """An Atom entry published "2025-02-12" keeps day precision (no invented midnight)."""
    arts = parse_feed(ATOM.replace(b"2025-02-12T18:00:00Z", b"2025-02-12"))
    assert arts[0].published == dt.date(2025, 2, 12)
