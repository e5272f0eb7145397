"""Per-text memo of the extractor's pure per-sentence steps.

A long text often repeats whole sentences (a feed dump, a page that repeats its boilerplate, a
story republished in a digest): the steps that read a sentence alone, or a sentence and a few
values carried from the sentences before it, are then run once per distinct sentence and
context. The memo lives for one call of an extractor (nothing is kept between texts), and only
texts of at least :data:`MEMO_MIN_CHARS` characters use it: a news article rarely repeats a
sentence, and the lookup would only cost it time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: texts shorter than this are parsed without a memo
MEMO_MIN_CHARS = 20_000
#: entries kept at most (then the memo starts afresh): memory stays bounded on a huge text of
#: distinct sentences, where the memo never hits anyway
MEMO_MAX_ENTRIES = 200_000


class TextMemo:
    """The memo of one text: ``memo.wrap(fn)`` is ``fn`` itself for a short text, and for a long one
    (``enabled``) a function that remembers ``fn(*args)`` for the rest of the text. ``fn`` must be
    a pure function of its (hashable) arguments and the process's registry, which does not change
    while one text is parsed; a caller that changes what it gets back must copy it first."""

    __slots__ = ("_memo",)

    def __init__(self, enabled: bool) -> None:
        self._memo: dict[tuple, Any] | None = {} if enabled else None

    @property
    def enabled(self) -> bool:
        return self._memo is not None

    @classmethod
    def for_text(cls, text: str) -> TextMemo:
        return cls(len(text) >= MEMO_MIN_CHARS)

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        memo = self._memo
        if memo is None:
            return fn  # a short text: no lookup at all

        def remembered(*args: Any, **kwargs: Any) -> Any:
            key = (fn, args, tuple(kwargs.items())) if kwargs else (fn, args)
            try:
                return memo[key]
            except KeyError:
                pass
            if len(memo) >= MEMO_MAX_ENTRIES:
                memo.clear()
            out = memo[key] = fn(*args, **kwargs)
            return out

        return remembered
