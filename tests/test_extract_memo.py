"""The per-text memo of the extractor (issue 12) changes no output: a long text that repeats
sentences in another order and context gives the same event and claims with the memo on as off."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from marketimpact.extract import article_from_text, extract_claims, extract_event, memo

HERE = Path(__file__).resolve().parent


def _articles() -> list[str]:
    return [p.read_text(encoding="utf-8") for d in sorted(HERE.glob("corpus*")) if d.is_dir()
            for p in sorted(d.iterdir()) if p.suffix in (".md", ".txt")]


@pytest.mark.parametrize("seed", [1, 2])
def test_memo_changes_nothing(monkeypatch, seed):
    rng = random.Random(seed)
    texts = rng.sample(_articles(), 30)
    big = "\n\n".join(texts + rng.sample(texts, 20) + texts[:5])  # repeats, in other contexts
    out = []
    for limit in (0, 10**12):  # the memo for every text, then for none
        monkeypatch.setattr(memo, "MEMO_MIN_CHARS", limit)
        art = article_from_text(big, published="2025-02-12", timezone="Europe/London")
        out.append((repr(extract_event(art)), [repr(c) for c in extract_claims(art.text)]))
    assert out[0] == out[1]
    assert len(out[0][1]) > 50


def test_memo_bounded(monkeypatch):
    monkeypatch.setattr(memo, "MEMO_MAX_ENTRIES", 3)
    m = memo.TextMemo(True)
    calls = []

    def f(x):
        calls.append(x)
        return x * 2

    g = m.wrap(f)
    assert [g(i % 2) for i in range(6)] == [0, 2] * 3 and calls == [0, 1]  # remembered
    assert [g(i % 5) for i in range(12)] == [i % 5 * 2 for i in range(12)]
    assert len(m._memo) <= 3
    assert memo.TextMemo(False).wrap(f) is f and not memo.TextMemo(False).enabled
    assert memo.TextMemo.for_text("x" * memo.MEMO_MIN_CHARS).enabled
