"""A grammar tried only where a cheap pre-test finds what every match of it holds (issue 12).

Many patterns start with a look-behind or an optional part, so the regex engine tries them at
every character of a sentence, while every match holds a short literal the engine finds far
faster on its own: a digit followed by ``y`` ("10y"), a futures month code and a digit ("Z4"),
one of a few legal suffixes. :class:`Hinted` runs the *hint* (a pattern of literal strings or
one character class, which the engine scans for in C) first and the grammar only when the
hint is found in the same span of text: ``search``, ``match``, ``fullmatch``, ``finditer`` and
``sub`` give exactly what the grammar gives (every match contains a match of the hint;
``tests/test_extract_gates.py`` checks each gate of the package on the corpora and on random
text). A ``pos``/``endpos`` window is passed to the hint too: a match inside the window holds
its hint inside it.

A case-sensitive pattern is gated on the text itself; a :class:`~.patterns.FoldedPattern` (an
ignore-case grammar run on the lower-cased text) by a lower-case hint searched in the lower-cased
text, which its matches are read from (and not at all on a text whose case folding it cannot
follow: ``patterns.CASE_TRICKY``). Other ignore-case patterns are refused (a hint with ignore-case
loses the engine's literal scan; see :class:`~.patterns.GatedPattern` for word tests).
"""

from __future__ import annotations

import re
from typing import Any

from .patterns import FoldedPattern, _lowered, any_substring


class Hinted:
    """``rx`` tried only on text where ``hint`` matches (see the module docstring). ``hint`` is a
    pattern, or a tuple of literal strings (any of them). Other attributes are the pattern's own."""

    def __init__(self, rx: re.Pattern[str] | FoldedPattern, hint: re.Pattern[str] | tuple[str, ...]) -> None:
        folded = isinstance(rx, FoldedPattern)
        if not folded and rx.flags & re.I:  # (a FoldedPattern's flags would compile it now)
            raise ValueError("Hinted gates case-sensitive patterns and FoldedPatterns only")
        self.rx = rx
        self.hint = any_substring(hint) if isinstance(hint, tuple) else hint
        if folded and (self.hint.flags & re.I or self.hint.pattern != self.hint.pattern.lower()):
            raise ValueError("a FoldedPattern's hint is a case-sensitive lower-case pattern")
        search = self.hint.search
        if folded:
            def search(text: str, *args: int, _search=search):  # the lower-cased text, or no test at all
                low = _lowered(text)
                return True if low is None else _search(low, *args)
        self._hint = search

    def search(self, text: str, *args: int):
        return self.rx.search(text, *args) if self._hint(text, *args) is not None else None

    def match(self, text: str, *args: int):
        return self.rx.match(text, *args) if self._hint(text, *args) is not None else None

    def fullmatch(self, text: str, *args: int):
        return self.rx.fullmatch(text, *args) if self._hint(text, *args) is not None else None

    def finditer(self, text: str, *args: int):
        return self.rx.finditer(text, *args) if self._hint(text, *args) is not None else iter(())

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self.rx.sub(repl, text, count) if self._hint(text) is not None else text

    def __getattr__(self, name: str) -> Any:  # pattern, flags, groupindex, split …: the pattern itself
        if name in ("rx", "_hint"):  # an object made without __init__ (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.rx, name)
