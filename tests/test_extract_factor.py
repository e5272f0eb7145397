"""Factored alternations (marketimpact/extract/factor.py) match exactly as the patterns as written.

:class:`FoldedPattern` compiles its case-sensitive form factored; every grammar of the extractor's
modules (folded or not) is compared with its factored form on a third of the corpora's sentences and on
random text made of the words the grammars look for.
"""

from __future__ import annotations

import importlib
import random
import re
from pathlib import Path

import pytest

from marketimpact.extract.factor import factor_alternatives
from marketimpact.extract.gates import Hinted
from marketimpact.extract.patterns import FoldedPattern, GatedPattern

HERE = Path(__file__).resolve().parent
MODULES = ("articles", "claims", "dateline", "dates", "entities", "events", "html", "lexicon", "sentences", "spoken")

TOKENS = ("Brent rose fell 3.5% to $75.25 a barrel on Wednesday at 2 p.m. the dollar yen 1,234.56 May 12, 2025 "
          "rise rises rising risen gained gain gains climbed climb edged up edged higher ticked down went back "
          "gave 1.1 percent in loss of 26 percent was cut by 19 percent to 185 hit a record high hit a record low "
          "off about 2 plus 3 minus 4 in the plus in the minus premium of 5% to the IPO price under the offer price "
          "shares stocks members constituents companies after before ahead of prior to the close market hours "
          "Inc Corp plc AG which who whose may might could would expected forecast at around about by until "
          "GMT ET BST local time 10:30 7.50pm 13th noon midnight were is are had has cheap expensive 3.6% , . ; -"
          ).split()


def test_factoring_examples():
    assert factor_alternatives("rose|rise|rises") == "r(?:ose|i(?:s(?:e(?:|s))))"
    assert factor_alternatives("(?P<up>ab|ac)|(?P<down>ad)") == "(?P<up>a(?:b|c))|(?P<down>ad)"
    for kept in ("a?b|ac", r"\bab|\bac", "(?<=ab|ac)x", "[a|b]c|[a|b]d", "(?i)ab|ac", "ab|x|ac", "a{2}|ab"):
        assert factor_alternatives(kept) == kept
    assert factor_alternatives("(?:x|y)(?-i:ab|ac)") == "(?:x|y)(?-i:a(?:b|c))"


def _patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    """(name, pattern as written, whether it runs on lower-cased text) for every grammar."""
    out, seen = [], set()
    for name in MODULES:
        mod = importlib.import_module(f"marketimpact.extract.{name}")
        for key, value in vars(mod).items():
            rx = value.rx if isinstance(value, (GatedPattern, Hinted)) else value
            if isinstance(rx, FoldedPattern):
                if rx._source is None or id(rx) in seen:
                    continue
                seen.add(id(rx))
                out.append((f"{name}.{key}", re.compile(rx._source, rx._flags & ~re.I), True))
            elif isinstance(rx, re.Pattern) and id(rx) not in seen:
                seen.add(id(rx))
                out.append((f"{name}.{key}", rx, False))
    return [row for row in out if factor_alternatives(row[1].pattern) != row[1].pattern]


PATTERNS = _patterns()


def _texts() -> list[str]:
    from marketimpact.extract.sentences import split_sentences

    rng = random.Random(7)
    out = []
    for d in sorted(HERE.glob("corpus*")):
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.suffix in (".md", ".txt", ".html"):
                    out.extend(s for _a, _b, s in split_sentences(p.read_text(encoding="utf-8")))
    out = out[::3]  # a third of the sentences (every corpus still in): the test stays under 20 s
    for _ in range(300):
        out.append(" ".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 30))))
    return out


TEXTS = _texts()
LOWER = [t.lower() for t in TEXTS]


def test_many_patterns_factored():
    assert len(PATTERNS) > 50
    assert any(name == "claims.RE_DIR" for name, _, _ in PATTERNS)


@pytest.mark.parametrize("chunk", range(4))
def test_same_matches(chunk):
    for name, rx, folded in PATTERNS[chunk::4]:
        fx = re.compile(factor_alternatives(rx.pattern), rx.flags)
        assert fx.groupindex == rx.groupindex and fx.groups == rx.groups, name
        for text in (LOWER if folded else TEXTS):
            want = [(m.span(), m.groups()) for m in rx.finditer(text)]
            assert [(m.span(), m.groups()) for m in fx.finditer(text)] == want, name


def test_folded_patterns_compile_factored():
    from marketimpact.extract import claims

    rx = claims.RE_DIR
    rx.search("prices rose")  # compiles the case-sensitive form
    assert rx.cs.pattern == factor_alternatives(rx._source)


def test_lead_trie_pattern():
    from marketimpact.extract.factor import lead_trie_pattern
    from marketimpact.extract.patterns import trie_pattern

    words = ["New York", "New York City", "York", "Hong Kong", "'s-Hertogenbosch", "Paris", "Pa", "ÉVry", "Fed"]
    plain = re.compile(rf"(?<![\w-])(?:{trie_pattern(words)})(?![\w-])")
    lead = re.compile(lead_trie_pattern(words, r"[\w-]") + r"(?![\w-])")
    rng = random.Random(3)
    pieces = [*words, "a", "X", " ", "-", "_", "'", ".", "é", "1", "\n", "’s", "Pari", "NewYork"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in lead.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    with pytest.raises(ValueError):
        lead_trie_pattern(["a"], r"\w")


def test_clause_cut_as_written_before():
    """dates._RE_CLAUSE_CUT leads with literals (the look-behind after the dot): the same cuts as its first form."""
    from marketimpact.extract.dates import _RE_CLAUSE_CUT

    before = re.compile(r"(?<!\.[A-Za-z])\.(?![A-Za-z]\.)|[;!?\n]|,\s+(?:but|while|and)\b")
    rng = random.Random(5)
    pieces = ["a.", "b.c.", ".", ";", "!", "?", "\n", ", but", ", while", ",and", ", and", "x", "U.S.", "e.g.", "A.", " "]
    texts = TEXTS[::5] + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for text in texts:
        assert _RE_CLAUSE_CUT.split(text) == before.split(text), text
