"""Regex helpers shared by the extractor's grammars."""

from __future__ import annotations

import re


def trie_pattern(words: list[str]) -> str:
    """One regex for many literal words, factored as a trie: no backtracking over hundreds of
    alternatives at every position; at each branch longer words are tried first."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def words_pattern(words: str) -> str:
    """:func:`trie_pattern` of ``|``-separated words, where a space inside a word stands for any run
    of blanks ("made landfall" matches "made  landfall"); dedupes repeated words."""
    return trie_pattern(sorted(set(words.split("|")))).replace("\\ ", "\\s+")


_RE_WORD = re.compile(r"[a-z]+")


def lower_words(text: str) -> list[str]:
    """The lower-case ASCII words of ``text``: a cheap pre-test (a word-set lookup) before a large grammar."""
    return _RE_WORD.findall(text.lower())


#: the non-ASCII characters an ignore-case pattern matches to an ASCII letter (İ ı ſ and the Kelvin sign)
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
_RE_RUN = re.compile(r"[a-z0-9]+")


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when no word of ``words`` (lower-case ASCII) can match in ``text`` with
    ignore-case: a substring test in C before a pattern that needs one of them."""
    if not text.isascii() and any(c in text for c in FOLDS_TO_ASCII):
        return True
    lower = text.lower()
    return any(w in lower for w in words)


def word_positions(text: str, keys: frozenset[str]) -> list[int] | None:
    """Sorted starts of the whole ASCII words (maximal runs of letters and digits) of ``text`` whose
    lower case is in ``keys``; None when ``text`` holds a character that ignore-case matching
    folds to an ASCII letter (the caller then scans it whole)."""
    if not text.isascii() and any(c in text for c in FOLDS_TO_ASCII):
        return None
    lower = text.lower()  # same length: only İ (excluded above) lower-cases to two characters
    if keys.isdisjoint(_RE_RUN.findall(lower)):
        return []
    return [m.start() for m in _RE_RUN.finditer(lower) if m.group() in keys]


def anchored_finditer(rx: re.Pattern[str], text: str, keys: frozenset[str]):
    """``rx.finditer(text)`` for a pattern that only matches where a whole ASCII word (a maximal
    run of letters and digits) in ``keys`` (lower case) starts: the same matches, with the
    pattern tried at those words instead of at every character."""
    starts = word_positions(text, keys)
    if starts is None:
        yield from rx.finditer(text)
        return
    last_end = 0
    for p in starts:
        if p < last_end:
            continue
        m = rx.match(text, p)
        if m is not None:
            last_end = m.end()
            yield m
