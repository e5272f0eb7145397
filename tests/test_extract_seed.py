"""The seed article: date, precision, evidence and the Brent claim."""

from __future__ import annotations

import datetime as dt

import pytest

import marketimpact as mi
from marketimpact.errors import ArticleFormatError, ArticleNotFoundError, NoEventDateError


def test_seed_event(seed_article_path):
    art = mi.read_article(seed_article_path)
    ev = mi.extract_event(art)
    assert ev.local_date == dt.date(2025, 2, 12)
    assert ev.precision == "day" and ev.time is None
    # v2 convention: the zone of where it happened ("Washington would withdraw support"),
    # not the FT's London; the date is the same (the text never gives a clock time)
    assert ev.timezone == "America/New_York" and ev.timezone_source == "place"
    assert "Wednesday" in ev.evidence
    assert ev.candidates and ev.candidates[0].date == dt.date(2025, 2, 12)
    assert ev.candidates[0].features.get("event_noun") == 1.5  # "Wednesday’s call"
    assert art.text[ev.evidence_span[0] : ev.evidence_span[1]] == ev.evidence
    roles = {r.text.split()[-1]: r.role for r in ev.related}
    assert roles.get("2014") == "background" and roles.get("2022") == "background"


def test_seed_claim(seed_article_path):
    art = mi.read_article(seed_article_path)
    claims = mi.extract_claims(art.text)
    assert len(claims) == 1
    c = claims[0]
    assert (c.instrument, c.ticker, c.direction, c.move_pct, c.level, c.unit) == ("Brent", "BZ=F", "down", -2.3, 75.25, "USD/bbl")
    assert "75.25" in c.evidence


def test_weekday_resolves_against_publication(seed_article_path):
    art = mi.read_article(seed_article_path, published="2025-02-13T07:00:00+09:00", timezone="Asia/Tokyo")
    # published Thursday morning in Tokyo: "Wednesday" is the day before
    assert mi.extract_event(art).local_date == dt.date(2025, 2, 12)


def test_no_date_and_no_publication_asks_for_published():
    art = mi.article_from_text("Oil prices fell after the statement. Brent dropped 3% to $70 a barrel.")
    with pytest.raises(NoEventDateError, match="--published"):
        mi.extract_event(art)


def test_look_alikes_are_not_dates():
    text = ("We may see a deal. The call lasted nearly 90 minutes after three years of war. "
            "Brent hit $75 and traders said 25 a barrel was the floor.")
    art = mi.article_from_text(text, published="2025-02-12", timezone="Europe/London")
    ev = mi.extract_event(art)
    assert ev.local_date == dt.date(2025, 2, 12) and ev.confidence < 0.5  # fell back to publication
    assert ev.related == ()


def test_bad_files(tmp_path):
    with pytest.raises(ArticleNotFoundError):
        mi.read_article(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text("   \n")
    with pytest.raises(ArticleFormatError, match="no text"):
        mi.read_article(tmp_path / "empty.txt")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ArticleFormatError, match="binary"):
        mi.read_article(tmp_path / "bin.txt")
    (tmp_path / "fm.md").write_text("---\npublished: [unclosed\n---\ntext")
    with pytest.raises(ArticleFormatError, match="front matter"):
        mi.read_article(tmp_path / "fm.md")
