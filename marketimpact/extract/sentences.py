"""Sentence splitting with character spans (enough for news prose; no model download)."""

from __future__ import annotations

import re

_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|St|Jr|Sr|Inc|Corp|Co|Ltd|U\.S|U\.K|E\.U|No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|a\.m|p\.m)"
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
_ABBREV_END = re.compile(_ABBREV + r"\.$")


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` for each sentence of ``text`` (offsets into ``text``)."""
    out: list[tuple[int, int, str]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        chunk = text[start : m.start()]
        if _ABBREV_END.search(chunk.rstrip("\"'”’)")) and "\n" not in m.group(0):
            continue
        _push(out, text, start, m.start())
        start = m.end()
    _push(out, text, start, len(text))
    return out


def _push(out: list[tuple[int, int, str]], text: str, a: int, b: int) -> None:
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        out.append((a + lead, a + lead + len(seg), seg))
