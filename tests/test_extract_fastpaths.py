"""The extractor's fast paths give exactly what the plain patterns give (issue 12).

Each fast path tries a grammar only where it can match (near a digit, at a word from a
known list) instead of at every character; these tests compare it with the plain
``finditer`` over the corpus texts and over random text made of the tokens the grammar
cares about.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest

from marketimpact.extract import claims

HERE = Path(__file__).resolve().parent

TOKENS = ("Brent rose fell 3.5% to $75.25 a barrel on Wednesday at 2 p.m. the dollar yen 1,234.56 May 12, 2025 "
          "U.S. $5 US$ 4 Rs. 5 kr. 3 10:30 R$4 RM 5 ₦5 N5 W5 €3 £2.5 HK$ 12.40 SEK 8 18.330,27 16,5 % "
          "shares of Tesla , and before after Oil prices Saturday's attack since in early trading settled "
          "12 basis points 9999999999 $$$ %%%% ........ ٣٤ 7.50pm 13th 412p 2014 -3.0% +0.4% "
          "edged up hit a record low hits a record high closed off off about 2 plus 3 minus 4 its gains "
          "shut down Up DOWN Lower ſlid \u212aelvin up.").split()


def _texts() -> list[str]:
    rng = random.Random(12)
    out = [p.read_text(encoding="utf-8") for d in sorted(HERE.glob("corpus*")) if d.is_dir()
           for p in sorted(d.iterdir()) if p.suffix in (".md", ".txt", ".html")]
    for _ in range(200):
        out.append(rng.choice(("", " ", "\n")).join(rng.choice(TOKENS) for _ in range(rng.randint(1, 40))))
        out.append("".join(rng.choice(TOKENS) + rng.choice(("", " ", ",", "  ")) for _ in range(rng.randint(1, 40))))
    return out


TEXTS = _texts()


def _spans(ms) -> list:
    return [(m.span(), m.groupdict()) for m in ms]


def test_currency_width():
    """A number match starts at most ``_CCY_MAX`` characters before its first digit."""
    from re import _parser  # the width of a pattern, as the regex engine computes it

    assert _parser.parse(claims._CCY, re.I).getwidth()[1] <= claims._CCY_MAX


@pytest.mark.parametrize("chunk", range(4))
def test_number_matches_as_finditer(chunk):
    for text in TEXTS[chunk::4]:
        for seg in text.split("\n"):
            assert _spans(claims._number_matches(seg)) == _spans(claims.RE_NUMBER.finditer(seg))


#: the year patterns as first written (look-behind first); dates.py starts them with the digits
_PLAIN_YEAR = re.compile(r"(?<![\w$€£.,-])(?P<year>(?:19|20)\d\d)\b(?![-/]\d)")
_PLAIN_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")


def test_year_patterns_as_first_written():
    from marketimpact.extract import dates

    rng = random.Random(3)
    pieces = ["19", "20", "2024", "1999-", "-", ".", ",", "$", "a", " ", "/", "12", "2025-03-04", "01", "_", "\u0662\u0660"]
    texts = TEXTS[:60] + ["".join(rng.choice(pieces) for _ in range(400)) for _ in range(200)] + ["2024", "x2024"]
    for text in texts:
        assert _spans(dates.RE_YEAR.finditer(text)) == _spans(_PLAIN_YEAR.finditer(text))
        assert _spans(dates.RE_ISO.finditer(text)) == _spans(_PLAIN_ISO.finditer(text))


def test_may_contain():
    from marketimpact.extract.patterns import may_contain

    assert may_contain("At NOON ET", ("noon",)) and not may_contain("at 2 p.m.", ("noon", "midday"))
    assert may_contain("at middaı", ("midday",))  # 'ı' matches 'i' under re.I: cannot rule it out


def test_zone_trie_as_alternation():
    """RE_TIME and RE_NOON with the zone words as a trie match as with the longest-first alternation."""
    from marketimpact.extract import dates, lexicon

    plain_time = re.compile(dates.RE_TIME.pattern.replace(dates._TZ_ALT, lexicon.TZ_ALT), dates.RE_TIME.flags)
    plain_noon = re.compile(dates.RE_NOON.pattern.replace(dates._TZ_ALT, lexicon.TZ_ALT), dates.RE_NOON.flags)
    rng = random.Random(5)
    toks = ("2 p.m. 14:30 GMT 8.30am New York time (ET) EDT eastern standard time eastern daylight time 10 a.m. "
            "local time 9 UTC+5:30 GMT-3 US ET U.S. Eastern in London 3pm pacific time 12 noon midday ( in ) time "
            "Tokyo JST hkt 5 CET time cet 07:00 1,234 million percent").split()
    texts = TEXTS[:80] + [" ".join(rng.choice(toks) for _ in range(40)) for _ in range(1500)]
    for text in texts:
        assert _spans(dates.RE_TIME.finditer(text)) == _spans(plain_time.finditer(text))
        assert _spans(dates.RE_NOON.finditer(text)) == _spans(plain_noon.finditer(text))


def _top_level_alternatives(pattern: str) -> list[str]:
    """The ``|``-separated branches of ``pattern`` at nesting depth 0."""
    out, depth, cur, i = [], 0, "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            cur += pattern[i : i + 2]
            i += 2
            continue
        depth += c in "(["
        depth -= c in ")]"
        if c == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    return [*out, cur]


def test_named_benchmark_gate_words():
    """Each branch of RE_NAMED_BENCHMARK holds a word of NAMED_BENCHMARK_WORDS (the sentence gate)."""
    from marketimpact.extract import entities

    pat = entities.RE_NAMED_BENCHMARK.pattern
    body = pat[pat.index("(?P<name>") + len("(?P<name>") : pat.rindex(")(?![\\w-])")]
    branches = _top_level_alternatives(body)
    assert len(branches) > 10
    for b in branches:
        assert any(w in b for w in entities.NAMED_BENCHMARK_WORDS), b


def test_legal_suffixes_are_literal_words():
    """The legal-suffix gate reads _LEGAL as plain words: it must stay a flat list of literals."""
    from marketimpact.extract import entities

    for alt, word in zip(entities._LEGAL.split("|"), entities._LEGAL_WORDS, strict=True):
        assert re.fullmatch(r"(?:[\w/]|\\\.)+", alt), alt
        assert re.fullmatch(alt, word)


def test_proper_start_as_first_written():
    plain = re.compile(r"(?<![\w&'’.-])[A-Z0-9][\w&'’./-]*")
    for text in TEXTS:
        assert _spans(claims.RE_PROPER_START.finditer(text)) == _spans(plain.finditer(text))


def test_entity_patterns_as_first_written():
    """RE_NAME_MOVES and RE_BARE_TICKER (look-behind after the first character) find what the
    patterns as first written (look-behind first) find."""
    from marketimpact.extract import entities as e

    cap, join = e._CAP, e._JOIN
    plain_moves = re.compile(
        rf"(?<![\w&'’.\-])(?P<name>{cap}(?:\s(?:{cap}|{join}(?=\s[A-Z]))){{0,3}})\s(?:(?:shares|stock|scrip)\s)?"
        + e.RE_NAME_MOVES.pattern.partition(r"\s(?:(?:shares|stock|scrip)\s)?")[2])
    plain_ticker = re.compile(r"(?<![\w.$€£/-])(?P<code>(?:[A-Z][A-Z0-9]{1,5}|\d{4,6})(?:\.[A-Z]{1,2}(?![\w.]))?)"
                              + e.RE_BARE_TICKER.pattern.partition("{3,5})(?:\\.[A-Z]{1,2}(?![\\w.]))?)")[2])
    rng = random.Random(9)
    words = ("Apple Deckers 3M 2330 06666 9988 ٣٤٥٦ AB-C X.Y o'Neil Puma BHP SAP-X $ABC /XYZ €1234 of and & "
             "rose fell was is shares stock +2 -3.4% closed traded Sony Group GLEN.L BA.N X.YZ").split()
    texts = [*TEXTS, *(" ".join(rng.choice(words) for _ in range(12)) for _ in range(2000))]
    for text in texts:
        assert _spans(e.RE_NAME_MOVES.finditer(text)) == _spans(plain_moves.finditer(text))
        assert _spans(e.RE_BARE_TICKER.finditer(text)) == _spans(plain_ticker.finditer(text))


def test_claim_patterns_as_first_written():
    """RE_SEG, RE_SIGNED_CUE and RE_SIGNED_PCT (a character class first) find what the patterns as
    first written find."""
    plain_seg = re.compile(r",\s+|;\s*|\s[—–]\s|(?<!\s)\s+(?:before|after|and|then|while|whereas|but)\s+", re.I)
    plain_cue = re.compile(r"[+\-−–%@]\s?\d|\d\s?%|[$€£¥₹]\s?\d")
    plain_pct = re.compile(r"(?<![\w.])(?P<sign>[+\-−–])\s?\d{1,3}(?:\.\d{1,3})?\s?(?:%|pc\b|pct\b|per\s?cent\b|bps?\b|"
                           r"basis\s+points?\b)")
    rng = random.Random(10)
    words = ["and", "AND", "before", "but", "then", "while", "whereas", "after", ",", ";", " ", "  ", "\t", "\n", "x",
             "+", "-", "−", "–", "—", "%", "@", "$", "€", "3", "٣", ".", "pc", "pct", "per cent", "bps", "basis points", "a"]
    texts = [*TEXTS, *("".join(rng.choice(words) + rng.choice(("", " ")) for _ in range(20)) for _ in range(3000))]
    for text in texts:
        assert _spans(claims.RE_SEG.finditer(text)) == _spans(plain_seg.finditer(text))
        assert _spans(claims.RE_SIGNED_CUE.finditer(text)) == _spans(plain_cue.finditer(text))
        assert _spans(claims.RE_SIGNED_PCT.finditer(text)) == _spans(plain_pct.finditer(text))


def test_any_substring_gates():
    """The sentence gates of entities.py find a gate word exactly when one is in the text."""
    from marketimpact.extract import entities as e

    rng = random.Random(13)
    for words, rx in ((e._LEGAL_WORDS, e._RE_LEGAL_WORDS), (e.NAMED_BENCHMARK_WORDS, e._RE_NAMED_BENCHMARK_WORDS)):
        texts = [*TEXTS, *(" ".join(rng.choice([*words, "x", "Co", "S.A", "plc."]) for _ in range(3)) for _ in range(300))]
        for text in texts:
            assert (rx.search(text) is not None) == any(w in text for w in words)


def _group_body(pattern: str, opener: str) -> str:
    """The text of the group that opens with ``opener`` in ``pattern`` (up to its closing parenthesis)."""
    i = pattern.index(opener) + len(opener)
    depth, j = 1, i
    while depth:
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        depth += c == "("
        depth -= c == ")"
        j += 1
    return pattern[i : j - 1]


def test_unknown_instrument_gate_words():
    """Each head word of RE_UNKNOWN_INSTRUMENT, and its tenor branch, holds a gate word."""
    from marketimpact.extract import entities

    pat = entities.RE_UNKNOWN_INSTRUMENT.pattern
    name = _top_level_alternatives(_group_body(pat, "(?P<name>"))
    assert len(name) == 2
    heads = _top_level_alternatives(_group_body(name[0], "{1,4}(?:"))
    assert len(heads) > 15
    for b in [*heads, name[1]]:
        parts = re.split(r"\[(\w\w)\]", b.replace("\\s+", " "))  # "[Ii]ndex" → "", "Ii", "ndex"
        for pick in itertools.product(*[p if k % 2 else [p] for k, p in enumerate(parts)]):
            variant = "".join(pick)  # "Index", "index": the gate is case-sensitive
            assert any(w in variant for w in entities.UNKNOWN_INSTRUMENT_WORDS), variant


def test_dateline_needs_a_dash():
    """parse_dateline skips a paragraph head without a dash: the pattern ends with a required dash."""
    from marketimpact.extract import dateline

    assert dateline.RE_DATELINE.pattern.endswith(r"(?P<dash>--|[-—–]|:(?=\s))\s*")
    assert dateline.parse_dateline("LONDON, April 3 (Reuters) - Oil rose").publisher == "Reuters"
    assert dateline.parse_dateline("LONDON, April 3 (Reuters) Oil rose") is None
    # a colon only after a known city in capitals (the Indian press's "MUMBAI:")
    assert dateline.parse_dateline("MUMBAI: Shares fell").timezone == "Asia/Kolkata"
    assert dateline.parse_dateline("UPDATE: Shares fell") is None
    assert dateline.parse_dateline("Mumbai: Shares fell") is None


def test_sentence_boundaries_as_finditer():
    from marketimpact.extract import sentences

    rng = random.Random(7)
    pieces = [". ", "! ", "? ", ".\n", "\n\n", '." ', ".” ", ".) ", "a", "B", "3", " ", "U.S. ", "Sept. ", ".", "“", "(", "\n"]
    texts = TEXTS + ["".join(rng.choice(pieces) for _ in range(60)) for _ in range(2000)]
    for text in texts:
        assert _spans(sentences._boundaries(text)) == _spans(sentences._BOUNDARY.finditer(text))


def test_case_tricky_characters():
    """Outside CASE_TRICKY, lower-casing keeps the length and the \\w, \\s and \\d classes of every
    character, and an ignore-case ASCII letter matches exactly what lower-cases to it."""
    from re import _casefix

    from marketimpact.extract.patterns import CASE_TRICKY

    extra = {chr(c) for k, v in _casefix._EXTRA_CASES.items() for c in (k, *v) if c > 127}
    assert set(CASE_TRICKY) == extra | {"\u0130"}
    everything = "".join(chr(i) for i in range(0x110000))
    chars = [c for c in everything if c not in CASE_TRICKY]
    big = "".join(chars)
    for cls in (r"\w", r"\s", r"\d"):
        members = set(re.findall(cls, everything))
        for c in chars:
            low = c.lower()
            assert len(low) == 1 and (c in members) == (low in members), (cls, hex(ord(c)))
    letters = set(re.findall(r"(?i)[a-z]", big))
    assert letters == {c for c in chars if c.lower() in "abcdefghijklmnopqrstuvwxyz"}
    for c in letters:
        assert re.fullmatch(c.lower(), c, re.I) and not any(
            re.fullmatch(x, c, re.I) for x in "abcdefghijklmnopqrstuvwxyz" if x != c.lower())


#: number words, units and the words around them, for the spoken-number patterns
SPOKEN = ("one two three four seven eleven fifteen twenty thirty seventy-nine eighty a hundred thousand point and half "
          "quarter percent per cent basis points point dollars euros cents at to about one point stage fell rose "
          "ſeven ı").split()


def test_any_number_gate_words():
    """``_any_number`` (digits, then a substring test) agrees with RE_ANY_NUMBER."""
    rng = random.Random(5)
    texts = [t for text in TEXTS for t in text.split("\n")]
    texts += [" ".join(rng.choice((str.upper, str.lower, str.title))(rng.choice(SPOKEN)) for _ in range(6))
              for _ in range(500)]
    for text in texts:
        assert claims._any_number(text) == (claims.RE_ANY_NUMBER.search(text) is not None)


def test_session_gate_words():
    """``has_session`` (gate words first) agrees with RE_SESSION."""
    rng = random.Random(6)
    words = ("in during early late trading trade when markets the market opened resumed reopened at open by mid-morning "
             "morning afternoon midday lunch break 0900 1430 GMT utc BST ET overnight first minutes hour hours "
             "pre-market premarket after-hours extended after bell shares fell ſ").split()
    texts = [t for text in TEXTS for t in text.split("\n")]
    texts += [" ".join(rng.choice((str.upper, str.lower, str.title))(rng.choice(words)) for _ in range(8))
              for _ in range(2000)]
    for text in texts:
        assert claims.has_session(text) == (claims.RE_SESSION.search(text) is not None)


def test_price_currency_as_first_written():
    """RE_PRICE_CURRENCY (the first characters looked ahead for) finds what its alternation alone finds."""
    plain = re.compile(claims.RE_PRICE_CURRENCY.pattern.removeprefix(r"(?=[HCASNR₹¥€₩\d])"))
    for text in TEXTS:
        for seg in text.split("\n"):
            got, want = claims.RE_PRICE_CURRENCY.search(seg), plain.search(seg)
            assert (got and (got.span(), got.lastgroup)) == (want and (want.span(), want.lastgroup))


def _folded_patterns():
    from marketimpact.extract import dates, events, spoken
    from marketimpact.extract.patterns import FoldedPattern

    claims._alias_regex()
    mods = {"claims": claims, "dates": dates, "events": events, "spoken": spoken}
    out = {f"{m}.{k}": getattr(v, "rx", v) for m, mod in mods.items() for k, v in vars(mod).items()
           if isinstance(getattr(v, "rx", v), FoldedPattern)}  # (a GatedPattern's own pattern too)
    out["claims._ALIAS_RE"] = claims._ALIAS_RE
    return out


def _gated_patterns():
    from marketimpact.extract import dates, events
    from marketimpact.extract.patterns import GatedPattern

    mods = {"claims": claims, "dates": dates, "events": events}
    return {f"{m}.{k}": v for m, mod in mods.items() for k, v in vars(mod).items() if isinstance(v, GatedPattern)}


@pytest.mark.parametrize("name", sorted(_gated_patterns()))
def test_gated_pattern_as_its_pattern(name):
    """A GatedPattern (a substring test for its words first) finds what its pattern finds: on every
    window of the corpus texts that ends at a word, and on random texts made of every word written
    in the pattern (a word added to the pattern and not to the gate fails here)."""
    g = _gated_patterns()[name]
    rng = random.Random(14)
    source = g.pattern.replace("(?P<", "(?P")
    words = sorted(set(re.findall(r"(?<![\\?])[a-z]{2,}", source)))
    phrases = [p.replace(r"\s+", " ") for p in re.findall(r"[a-z]+(?:\\s\+[a-z]+)+", source)]  # "in the wake of"
    tokens = [*words, *phrases, "The approval", "the", "on", "a", ",", ";", "Monday", "3", "$", "US", "ſ", "\u0131"]
    texts = [text[max(0, m.start() - 120) : m.start()] for text in TEXTS[:120] for m in re.finditer(r"\s\S", text)]
    texts += [" ".join(rng.choice((str.lower, str.title, str.upper))(rng.choice(tokens)) for _ in range(rng.randint(1, 7)))
              + rng.choice(("", " ", "  ")) for _ in range(3000)]
    for text in texts:
        got, want = g.search(text), g.rx.search(text)
        assert (got and got.span()) == (want and want.span()), (text, got, want)


@pytest.mark.parametrize("name", sorted(_folded_patterns()))
def test_folded_pattern_as_ignore_case(name):
    """A FoldedPattern (lower-cased text, case-sensitive pattern) finds what its ignore-case pattern finds."""
    rx = _folded_patterns()[name]
    assert rx.cs is not None  # the fast path is on
    rng = random.Random(11)
    odd = ["\u017f", "\u0131", "\u0130", "\u212a", "\u03c2", "É", "ß", "Ä"]
    texts = [t for text in TEXTS[:150] for t in text.split("\n")]
    texts += ["".join(rng.choice((str.upper, str.lower, str.title))(rng.choice(TOKENS)) + rng.choice(" ,.")
                      for _ in range(30)) + rng.choice(odd + [""] * 8) for _ in range(600)]
    texts += ["".join(rng.choice((str.upper, str.lower, str.title))(rng.choice(SPOKEN)) + rng.choice(("  ", " ", "-"))
                      for _ in range(20)) + rng.choice(odd + [""] * 8) for _ in range(200)]
    for text in texts:
        assert _spans(rx.finditer(text)) == _spans(rx.ci.finditer(text))
        for pos in (0, len(text) // 3):
            for got, want in ((rx.search(text, pos), rx.ci.search(text, pos)), (rx.match(text, pos), rx.ci.match(text, pos))):
                assert (got is None) == (want is None)
                if got is not None:
                    assert got.span() == want.span() and got.group(0) == want.group(0)
                    assert got.groupdict() == want.groupdict() and got.groups() == want.groups()



def _word_index_by_find(text: str) -> dict[str, tuple[int, ...]]:
    """The date grammar's key-word index as first written: ``str.find`` per key on the lower-cased text."""
    from marketimpact.extract import dates

    lower, letters, out = text.lower(), set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), {}
    for key in dates._ALL_KEYS:
        hits, i = [], lower.find(key)
        while i >= 0:
            if (i == 0 or lower[i - 1] not in letters) and (i + len(key) >= len(lower) or lower[i + len(key)] not in letters):
                hits.append(i)
            i = lower.find(key, i + 1)
        if hits:
            out[key] = tuple(hits)
    return out


def test_word_index_as_find():
    """The key-word index (one trie pass) holds every whole key word that ``str.find`` finds."""
    from marketimpact.extract import dates

    rng = random.Random(8)
    tokens = [*sorted(dates._ALL_KEYS), "x", "s", "-", " ", ".", "5", "é", "ſ", "\u212a", "\u0131", "Mon", "MAY"]
    texts = [*TEXTS, *("".join(rng.choice(tokens) for _ in range(40)) for _ in range(500))]
    for text in texts:
        if len(text.lower()) == len(text):
            assert dates._word_index.__wrapped__(text) == _word_index_by_find(text)
