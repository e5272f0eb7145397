"""Sentence splitting with character spans (enough for news prose; no model download)."""

from __future__ import annotations

import re
from functools import lru_cache

_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|St|Jr|Sr|Inc|Corp|Co|Ltd|U\.S|U\.K|E\.U|No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|a\.m|p\.m)"
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
_ABBREV_END = re.compile(_ABBREV + r"\.$")
_STOP = re.compile(r"[.!?\n]")


def _boundaries(text: str):
    """``_BOUNDARY.finditer(text)``, the pattern tried only where a match can start (right after
    ``.``, ``!`` or ``?``, or at a line break) instead of at every character."""
    last_end, prev = 0, -1
    for c in _STOP.finditer(text):
        p = c.start() if text[c.start()] == "\n" else c.end()
        if p < last_end or p <= prev:
            continue
        prev = p
        m = _BOUNDARY.match(text, p)
        if m is not None:
            last_end = m.end()
            yield m


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` for each sentence of ``text`` (offsets into ``text``).

    Cached on the text: the event and the claim extractors split the same article.
    """
    return list(_split_cached(text))


@lru_cache(maxsize=32)
def _split_cached(text: str) -> tuple[tuple[int, int, str], ...]:
    out: list[tuple[int, int, str]] = []
    start = 0
    for m in _boundaries(text):
        # only the last few characters can hold an abbreviation ("Sept.", "U.S."): look there,
        # not at the whole chunk, so long texts stay linear
        tail = text[max(start, m.start() - 12) : m.start()]
        if _ABBREV_END.search(tail.rstrip("\"'”’)")) and "\n" not in m.group(0):
            continue
        _push(out, text, start, m.start())
        start = m.end()
    _push(out, text, start, len(text))
    return tuple(out)


#: a "sentence" longer than this (a table or a list with no full stops) is cut at a blank: news
#: sentences are far shorter, and per-sentence work stays bounded however long the run is
MAX_SENTENCE = 2000


def _push(out: list[tuple[int, int, str]], text: str, a: int, b: int) -> None:
    while b - a > MAX_SENTENCE:
        cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
        cut = cut if cut > a else a + MAX_SENTENCE
        _push_one(out, text, a, cut)
        a = cut
    _push_one(out, text, a, b)


def _push_one(out: list[tuple[int, int, str]], text: str, a: int, b: int) -> None:
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        out.append((a + lead, a + lead + len(seg), seg))
