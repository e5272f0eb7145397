"""find_places (a dictionary scan) against the one regex of every gazetteer name it replaced."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from marketimpact.extract.lexicon import find_places, places
from marketimpact.extract.patterns import trie_pattern

ROOT = Path(__file__).resolve().parent.parent
_REFERENCE = re.compile(rf"(?<![\w-])(?:{trie_pattern([n for n in places() if len(n) >= 2])})(?![\w-])")


def reference(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Leftmost-longest whole-word matches of the alternation of all names (the old implementation)."""
    return [(m.group(0), m.span()) for m in _REFERENCE.finditer(text)]


def ours(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(p.name, p.span) for p in find_places(text)]


def test_same_places_as_the_regex_on_every_article():
    files = [p for p in ROOT.glob("tests/corpus*/**/*") if p.is_file() and p.suffix in (".md", ".txt", ".html")]
    files += sorted((ROOT / "data" / "articles").glob("*.*"))
    assert len(files) > 100
    found = 0
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        assert ours(text) == reference(text), f.name
        found += len(reference(text))
    assert found > 500


_PIECES = ["New York", "New York City", "York", "Hong Kong", "Kong", "Washington", "St. Louis", "Bank of Japan",
           "Fed", "'s-Hertogenbosch", "Paris", "Texas", "Moscow", "a", "X", " ", "-", "_", "'", ".", ",", "é", "1",
           "\n", "’s", "Reading", "reading"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.text(max_size=30))
def test_same_places_as_the_regex_on_made_up_text(pieces, noise):
    for text in ("".join(pieces), noise + "".join(pieces) + noise, "".join(reversed(pieces)) + noise):
        assert ours(text) == reference(text)
