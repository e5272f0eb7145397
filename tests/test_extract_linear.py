"""Extraction is linear in the text on runs that used to make patterns quadratic (issue 15, item 10).

"Brent crude fell" + 20,000 spaces + "2%" once took 14 s (quadratic in the run of blanks in
the claim splitter). Each filler below is fed at 250 kB and at 1 MB in the same test; a linear
extractor takes about 4 times as long on the larger text, a quadratic one 16 times. The bound
is a ratio measured in one run (a loaded machine slows both sizes alike), not a wall-clock limit.
"""

from __future__ import annotations

import time

import pytest

import marketimpact as mi
from marketimpact.extract import extract_claims, extract_event

FILLERS = {
    "spaces": " ",
    "tabs-newlines": "\t \n",
    "commas": ", ",
    "dots": ". ",
    "conjunctions": " and then before after ",
    "digits": "1, ",
    "percent-signs": "% ",
    "parentheses": "( ",
    "capitalised-words": "Acme Holdings plc shares ",
    "dates": "on Monday, ",
}


def _cost(filler: str, size: int) -> float:
    body = "Brent crude fell" + filler * (size // len(filler)) + " 2% to $75.25 on Wednesday."
    art = mi.article_from_text(body, published="2025-02-13", timezone="Europe/London")
    t0 = time.process_time()
    extract_claims(art.text)
    extract_event(art)
    return time.process_time() - t0


@pytest.mark.parametrize("name", sorted(FILLERS))
def test_extraction_grows_linearly_on_long_runs(name):
    filler = FILLERS[name]
    small = _cost(filler, 250_000)
    large = _cost(filler, 1_000_000)
    assert large <= 10 * small + 1.0, f"{name}: {small:.2f} s at 250 kB but {large:.2f} s at 1 MB (not linear)"
