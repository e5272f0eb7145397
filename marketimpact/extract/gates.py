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

Only case-sensitive patterns are gated this way (a hint with ignore-case loses the engine's
literal scan); for ignore-case grammars see :class:`~marketimpact.extract.patterns.GatedPattern`.
"""

from __future__ import annotations

import re
from typing import Any

from .patterns import any_substring


class Hinted:
    """``rx`` tried only on text where ``hint`` matches (see the module docstring). ``hint`` is a
    pattern, or a tuple of literal strings (any of them). Other attributes are the pattern's own."""

    def __init__(self, rx: re.Pattern[str], hint: re.Pattern[str] | tuple[str, ...]) -> None:
        if rx.flags & re.I:
            raise ValueError("Hinted gates case-sensitive patterns only")
        self.rx = rx
        self.hint = any_substring(hint) if isinstance(hint, tuple) else hint
        self._hint = self.hint.search

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
