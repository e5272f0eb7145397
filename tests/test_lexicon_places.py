"""find_places: its two scans (a first-word dictionary for the first DICT_SCAN_CHARS of a process, then
one regex of every gazetteer name) find the same places, on every corpus article and on made-up text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from marketimpact.extract import lexicon
from marketimpact.extract.lexicon import find_places

ROOT = Path(__file__).resolve().parent.parent


def both(text: str) -> tuple[list, list]:
    return list(lexicon._dict_scan(text)), list(lexicon._regex_scan(text))


def test_same_places_from_both_scans_on_every_article():
    files = [p for p in ROOT.glob("tests/corpus*/**/*") if p.is_file() and p.suffix in (".md", ".txt", ".html")]
    files += sorted((ROOT / "data" / "articles").glob("*.*"))
    assert len(files) > 100
    found = 0
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        by_dict, by_regex = both(text)
        assert by_dict == by_regex, f.name
        found += len(by_regex)
    assert found > 500


_PIECES = ["New York", "New York City", "York", "Hong Kong", "Kong", "Washington", "St. Louis", "Bank of Japan",
           "Fed", "'s-Hertogenbosch", "Paris", "Texas", "Moscow", "a", "X", " ", "-", "_", "'", "‘", ".", ",", "é",
           "1", "\n", "’s", "Reading", "reading"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.text(max_size=30))
def test_same_places_from_both_scans_on_made_up_text(pieces, noise):
    for text in ("".join(pieces), noise + "".join(pieces) + noise, "".join(reversed(pieces)) + noise):
        by_dict, by_regex = both(text)
        assert by_dict == by_regex


def test_find_places_switches_to_the_regex_after_enough_text(monkeypatch):
    text = "Talks in Hong Kong and New York City; the Bank of Japan held."
    monkeypatch.setattr(lexicon, "_scanned", 0)
    first = find_places(text)
    monkeypatch.setattr(lexicon, "_scanned", lexicon.DICT_SCAN_CHARS)
    assert find_places(text) == first
    assert [p.name for p in first] == ["Hong Kong", "New York City", "Bank of Japan"]
