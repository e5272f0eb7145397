"""The instrument aliases of a sentence: the first-word dictionary (``claims._AliasScan``, a process's
first ``ALIAS_DICT_CHARS`` characters) finds what the compiled alias pattern (``claims._alias_regex``)
finds, on every corpus sentence and on made-up text, with ``finditer`` and with ``match`` at a position."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from marketimpact import instruments
from marketimpact.extract import claims

ROOT = Path(__file__).resolve().parent.parent


def _found(rx, text: str) -> list:
    """(span, text) of every match, then of a match at each place a name may go on after a blank or hyphen."""
    out = [(m.span(), m.group(0)) for m in rx.finditer(text)]
    for pos in [i + 1 for i, c in enumerate(text) if c in " -"] + [0]:
        m = rx.match(text, pos)
        out.append(None if m is None else (m.span(), m.group(0)))
    return out


def same(text: str) -> list:
    by_dict, by_regex = _found(claims._ALIAS_SCAN, text), _found(claims._alias_regex(), text)
    assert by_dict == by_regex, text
    return by_regex


def test_same_aliases_from_both_scans_on_every_corpus_sentence():
    files = [p for p in ROOT.glob("tests/corpus*/**/*") if p.is_file() and p.suffix in (".md", ".txt", ".html")]
    files += sorted((ROOT / "data" / "articles").glob("*.*"))
    assert len(files) > 100
    found = 0
    for f in files:
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                found += sum(x is not None for x in same(line))
    assert found > 5000


_PIECES = ["Brent", "brent crude", "Brent Crude oil", "oil", "WTI", "gold", "Gold", "goldman", "dow", "Dow Jones",
           "dow-jones", "downing", "pound", "a pound", "per pound", "A Pound", "euro", "euro area", "euro  zone",
           "Euro-zone", "euros", "S&P 500", "s&p", "the S&P", "U.S. dollar", "us dollar", "yen", "Nikkei 225",
           "FTSE 100", "Nasdaq", "nasdaq-100", "sterling", "bitcoin", "copper", "natural gas", "10-year", "Treasury",
           "a", "per", " ", "  ", "-", "_", "'", ".", ",", "\n", "\t", "é", "1", "9", "ſ", "K", "İ", "ı", "’s"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.text(max_size=20))
def test_same_aliases_from_both_scans_on_made_up_text(pieces, noise):
    for text in ("".join(pieces), " ".join(pieces), noise + "".join(pieces) + noise, "".join(reversed(pieces))):
        same(text)


def test_the_four_look_around_aliases():
    text = "Gold rose, Goldman fell; Dow and Downing Street; a pound, per pound, the pound; the euro area, the euro."
    assert [m.group(0) for m in claims._ALIAS_SCAN.finditer(text)] == ["Gold", "Dow", "pound", "euro"]
    same(text)


def test_alias_spans_switch_to_the_regex_after_enough_text(monkeypatch):
    sentence = "Brent crude fell 2.3% to $75.25 while the Dow Jones Industrial Average and the pound rose."
    monkeypatch.setattr(claims, "_alias_scanned", 0)
    assert claims._alias_matcher(sentence) is claims._ALIAS_SCAN
    first = claims._alias_spans(sentence)
    monkeypatch.setattr(claims, "_alias_scanned", claims.ALIAS_DICT_CHARS)
    assert claims._alias_matcher(sentence) is claims._alias_regex()
    assert claims._alias_spans(sentence) == first
    assert [s[2] for s in first][:2] == ["Brent crude", "Dow Jones Industrial Average"]


def test_the_dictionary_follows_registrations(tmp_path):
    csv = tmp_path / "extra.csv"
    csv.write_text("ticker,name,aliases,kind,exchange,calendar,timezone,price_time,currency,unit\n"
                   "ZZQ=F,Zorblax futures,zorblax;zorblax crude,commodity,NYMEX,,America/New_York,14:30,USD,USD\n",
                   encoding="utf-8")
    text = "Zorblax crude rose while zorblax fell."
    before = [m.group(0) for m in claims._ALIAS_SCAN.finditer(text)]
    instruments.register_instruments(csv)
    try:
        assert [m.group(0) for m in claims._ALIAS_SCAN.finditer(text)] == ["Zorblax crude", "zorblax"]
        same(text)
    finally:
        instruments.clear_registrations()
    assert [m.group(0) for m in claims._ALIAS_SCAN.finditer(text)] == before
