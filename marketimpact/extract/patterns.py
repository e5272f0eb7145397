"""Regex helpers shared by the extractor's grammars."""

from __future__ import annotations

import re
from itertools import repeat

from .factor import factor_alternatives


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


def any_substring(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds ``any(w in text for w in words)``: one scan in C for the words' first
    characters instead of a substring search per word."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


#: the non-ASCII characters an ignore-case pattern matches to an ASCII letter (İ ı ſ and the Kelvin sign)
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when no word of ``words`` (lower-case ASCII) can match in ``text`` with
    ignore-case: a substring test in C before a pattern that needs one of them."""
    if not text.isascii() and any(c in text for c in FOLDS_TO_ASCII):
        return True
    lower = text.lower()
    for w in words:  # (a loop, not any() over a generator: called on every sentence)
        if w in lower:
            return True
    return False



class GatedPattern:
    """A pattern whose every match holds one of ``words`` (lower-case ASCII, as written in the
    pattern; tests/test_extract_fastpaths.py checks it on the corpus), searched only in a text that
    :func:`may_contain` one: a substring test in C instead of the pattern at every position of a
    window that cannot match. Every other method is the pattern's own."""

    def __init__(self, rx, words: tuple[str, ...]) -> None:
        self.rx, self.words = rx, words
        self.pattern, self.flags, self.groupindex, self.groups = rx.pattern, rx.flags, rx.groupindex, rx.groups

    def search(self, text: str, *args):
        seg = text[args[0] : args[1] if len(args) > 1 else len(text)] if args else text
        low = seg.lower()
        for w in self.words:  # (a loop, not any() over a generator: this runs on every window)
            if w in low:
                return self.rx.search(text, *args)
        if not seg.isascii() and any(c in seg for c in FOLDS_TO_ASCII):
            return self.rx.search(text, *args)
        return None

    def __getattr__(self, name):  # match, finditer, sub …: the pattern itself
        return getattr(self.rx, name)


#: characters whose ignore-case matches are not those of ``str.lower()``: the regex engine's extra
#: case pairs (ı and i, ſ and s, µ and μ, ς and σ, ϐ and β …; ``re._casefix``) and İ, whose lower
#: case is two characters. For every other character ``str.lower()`` keeps the length and the
#: ``\w``/``\s``/``\d`` classes, and an ignore-case lower-case literal matches exactly the
#: characters that lower-case to it (tests/test_extract_fastpaths.py checks all of Unicode).
CASE_TRICKY = ("\u00b5\u0130\u0131\u017f\u0345\u0390\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc\u03c0\u03c1\u03c2"
               "\u03c3\u03c6\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u0432\u0434\u043e\u0441\u0442\u044a\u0463"
               "\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb05\ufb06")
_RE_CASE_TRICKY = re.compile("[" + CASE_TRICKY + "]")
#: escapes that mean the same on lower-cased text (character classes, anchors, escaped punctuation)
_SAFE_ESCAPE = frozenset("sSdDwWbBAZ")


def _case_sensitive_source(pattern: str) -> str | None:
    """``pattern`` with its ASCII letters lower-cased — under ignore-case the same pattern — for a
    case-sensitive run on lower-cased text; None when that is not plainly equivalent (an escape
    that may name a letter, a range that mixes cases, a :data:`CASE_TRICKY` character)."""
    if _RE_CASE_TRICKY.search(pattern) or "(?-i" in pattern:
        return None  # a case-sensitive part ("(?-i:[A-Z]…)") cannot run on lower-cased text
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1 : i + 2]
            if nxt.isalnum() and nxt not in _SAFE_ESCAPE:
                return None  # \x41, \u00C9, \N{…}, a back-reference
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if not in_class and pattern.startswith("(?P<", i):  # a group name stays as written
            j = pattern.index(">", i)
            out.append(pattern[i : j + 1])
            i = j + 1
            continue
        if not in_class and pattern.startswith("(?P=", i):
            return None
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class and out[-1] != "[" and out[-1] != "[^":
            in_class = False
        elif in_class and c == "-" and 0 < i < n - 1 and pattern[i + 1] != "]" and out[-1] not in ("[", "[^"):
            a, b = pattern[i - 1], pattern[i + 1]
            if a.isascii() and b.isascii() and (a.isupper() != b.isupper() or a.isalpha() != b.isalpha()):
                return None  # "A-z", "0-Z": lower-casing would change the range
        if in_class and c == "^" and out[-1] == "[":
            out[-1] = "[^"
            i += 1
            continue
        out.append(c.lower() if c.isascii() else c)
        i += 1
    return "".join(out)


#: the last texts lower-cased, most recent first (identity, so a long text searched again and again
#: in windows — ``search(text, pos, endpos)`` — is lower-cased once, and the calls stay linear)
_LOWERED: list[tuple[str, str | None]] = [("", "")] * 4


#: the last text lowered and its lower case, one tuple (replaced whole, so a thread never reads a
#: text with another's lower case): several patterns in a row search the same sentence, and an
#: anchored grammar matches at many words of the same text
_LAST: tuple = (None, None)


def _lowered(text: str) -> str | None:
    """``text.lower()``, or None when ``text`` holds a :data:`CASE_TRICKY` character (the last text
    and a few long ones are remembered, by identity)."""
    global _LAST
    last = _LAST
    if text is last[0]:
        return last[1]
    if len(text) > 4096:
        for pair in _LOWERED:
            if pair[0] is text:
                return pair[1]
    low = None if not text.isascii() and _RE_CASE_TRICKY.search(text) else text.lower()
    if len(text) > 4096:
        _LOWERED.insert(0, (text, low))
        _LOWERED.pop()
    _LAST = (text, low)
    return low


class _FoldedMatch:
    """A match found in the lower-cased text, read from the original one (same spans)."""

    __slots__ = ("_m", "string")

    def __init__(self, m: re.Match[str], string: str) -> None:
        self._m, self.string = m, string

    def _text(self, g):
        a, b = self._m.span(g)
        return None if a < 0 else self.string[a:b]

    def group(self, *groups):  # (the spans read inline: a match's groups are read many times per text)
        if len(groups) <= 1:
            a, b = self._m.span(groups[0] if groups else 0)
            return None if a < 0 else self.string[a:b]
        s = self.string
        return tuple(None if a < 0 else s[a:b] for a, b in map(self._m.span, groups))

    def __getitem__(self, g):
        a, b = self._m.span(g)
        return None if a < 0 else self.string[a:b]

    def groups(self, default=None):
        return tuple(default if (t := self._text(i)) is None else t for i in range(1, self._m.re.groups + 1))

    def groupdict(self, default=None):
        return {k: default if (t := self._text(k)) is None else t for k in self._m.re.groupindex}

    def start(self, g=0):
        return self._m.start(g)

    def end(self, g=0):
        return self._m.end(g)

    def span(self, g=0):
        return self._m.span(g)

    def __getattr__(self, name):  # pos, endpos, lastindex, lastgroup, re
        return getattr(self._m, name)


class FoldedPattern:
    """An ignore-case pattern, run with its letters lower-cased and case-sensitively on the
    lower-cased text: the same matches (spans and group texts), several times faster, as the
    regex engine's quick checks of literals and character sets only work without ignore-case.
    Falls back to the ignore-case pattern for a text holding a :data:`CASE_TRICKY` character,
    and altogether when :func:`_case_sensitive_source` cannot rewrite the pattern."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        source = _case_sensitive_source(pattern)
        self.pattern, self._flags, self._source = pattern, flags, source
        if source is None:
            self.cs = None
            self._ci: re.Pattern[str] | None = re.compile(pattern, flags | re.I)
            self.flags, self.groupindex, self.groups = self._ci.flags, self._ci.groupindex, self._ci.groups
            return
        # Nothing is compiled yet: the case-sensitive pattern on first use (_UnusedFoldedPattern),
        # the ignore-case one only when needed (a text with a CASE_TRICKY character, or sub/split/
        # findall …; the ``ci`` property). A process compiles only the grammars its texts reach
        # (the seed story never reaches the spoken-number ones: about 0.05 s of compiling).
        self._ci = None
        self.__class__ = _UnusedFoldedPattern

    @property
    def ci(self) -> re.Pattern[str]:
        """The ignore-case pattern itself (compiled on first use)."""
        ci = self._ci
        if ci is None:
            ci = self._ci = re.compile(self.pattern, self._flags | re.I)
        return ci

    def _lower(self, text: str) -> str | None:
        return None if self.cs is None else _lowered(text)

    def search(self, text: str, *args):
        low = self._lower(text)
        if low is None:
            return self.ci.search(text, *args)
        m = self.cs.search(low, *args)
        return None if m is None else _FoldedMatch(m, text)

    def match(self, text: str, *args):
        low = self._lower(text)
        if low is None:
            return self.ci.match(text, *args)
        m = self.cs.match(low, *args)
        return None if m is None else _FoldedMatch(m, text)

    def fullmatch(self, text: str, *args):
        low = self._lower(text)
        if low is None:
            return self.ci.fullmatch(text, *args)
        m = self.cs.fullmatch(low, *args)
        return None if m is None else _FoldedMatch(m, text)

    def finditer(self, text: str, *args):
        low = self._lower(text)
        if low is None:
            return self.ci.finditer(text, *args)
        return map(_FoldedMatch, self.cs.finditer(low, *args), repeat(text))  # (lazy, as a generator)

    def __getattr__(self, name):  # sub, split, findall …: the ignore-case pattern
        return getattr(self.ci, name)


class _UnusedFoldedPattern(FoldedPattern):
    """A :class:`FoldedPattern` before its first use: that use compiles the case-sensitive pattern
    (with the same groups as the ignore-case one, and its flags but re.I) and turns the object into
    a plain FoldedPattern, so later calls run without a check."""

    def _compile(self) -> None:
        cs = re.compile(factor_alternatives(self._source), self._flags & ~re.I)  # (factor.py: same matches)
        self.flags, self.groupindex, self.groups = cs.flags | re.I, cs.groupindex, cs.groups
        self.cs = cs  # set before the class changes: another thread sees a complete pattern
        self.__class__ = FoldedPattern

    def search(self, text: str, *args):
        self._compile()
        return self.search(text, *args)

    def match(self, text: str, *args):
        self._compile()
        return self.match(text, *args)

    def fullmatch(self, text: str, *args):
        self._compile()
        return self.fullmatch(text, *args)

    def finditer(self, text: str, *args):
        self._compile()
        return self.finditer(text, *args)

    def __getattr__(self, name):  # cs, flags, groups …, and what the ignore-case pattern answers
        if name in ("_source", "_flags"):  # an object made without __init__ (copy, pickle): no recursion
            raise AttributeError(name)
        self._compile()
        return getattr(self, name)
