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


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when no word of ``words`` (lower-case ASCII) can match in ``text`` with
    ignore-case: a substring test in C before a pattern that needs one of them."""
    if not text.isascii() and any(c in text for c in FOLDS_TO_ASCII):
        return True
    lower = text.lower()
    return any(w in lower for w in words)

