"""Patterns rewritten for speed (issue 12) match exactly as first written: on every corpus text and on
random text made of the characters they care about."""

from __future__ import annotations

import random
import re
from pathlib import Path

from marketimpact.extract import claims

HERE = Path(__file__).resolve().parent

#: as first written: the look-behind first, tried at every character
_PLAIN_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,])")
_PLAIN_DECIMAL_POINT = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])")


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for d in sorted(HERE.glob("corpus*")) if d.is_dir()
           for p in sorted(d.iterdir()) if p.suffix in (".md", ".txt", ".html")]
    rng = random.Random(3)
    toks = "1 12 3,4 5.6 ,7 .8 12,345 1.2.3 9,99 0 x , . a1,2 \u0663,\u0664 1,23 4.56 _".split()
    out += ["".join(rng.choice(toks) + rng.choice(("", "", " ", ",")) for _ in range(rng.randint(1, 30)))
            for _ in range(3000)]
    return out


def test_decimal_patterns_as_first_written():
    for text in _texts():
        for new, plain in ((claims.RE_DECIMAL_COMMA, _PLAIN_DECIMAL_COMMA),
                           (claims.RE_DECIMAL_POINT, _PLAIN_DECIMAL_POINT)):
            assert [m.span() for m in new.finditer(text)] == [m.span() for m in plain.finditer(text)]
