"""Throughput of the rule-based extractor (a script, not a test).

    python benchmarks/bench_extract.py [--seconds 5]

Measures, in this single process (one core):

* articles/s over the 45 corpus articles (``read`` once, then ``extract_event`` +
  ``extract_claims`` per article, repeated for ``--seconds``); target ≥ 1,000/s;
* seconds for one 5 MB article made of the corpus texts repeated (realistic prose);
  target ≤ 5 s;
* seconds for a 5 MB adversarial article in which nearly every word triggers a rule
  (instrument names, movement verbs, prices, weekdays, clock times).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from marketimpact.extract import article_from_text, extract_claims, extract_event, read_article

ROOT = Path(__file__).resolve().parent.parent
FIVE_MB = 5_000_000


def _timed(text: str) -> tuple[float, float, int]:
    art = article_from_text(text, published="2025-02-12", timezone="Europe/London")
    t0 = time.perf_counter()
    extract_event(art)
    t1 = time.perf_counter()
    n = len(extract_claims(art.text))
    return t1 - t0, time.perf_counter() - t1, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="duration of the throughput run")
    args = ap.parse_args()

    arts = [read_article(p) for p in sorted((ROOT / "tests" / "corpus").glob("0*.md"))]
    for a in arts:  # warm-up (regex compilation, registry load)
        extract_event(a)
        extract_claims(a.text)
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        for a in arts:
            extract_event(a)
            extract_claims(a.text)
        n += len(arts)
    rate = n / (time.perf_counter() - t0)
    print(f"corpus: {len(arts)} articles, {n} extractions, {rate:,.0f} articles/s (target >= 1,000/s)")

    prose = "\n\n".join(a.text for a in arts)
    big = (prose * (FIVE_MB // len(prose) + 1))[:FIVE_MB]
    te, tc, nc = _timed(big)
    print(f"5 MB prose article: event {te:.2f} s + claims {tc:.2f} s = {te + tc:.2f} s ({nc} claims; target <= 5 s)")

    rng = random.Random(1)
    words = ("Brent rose fell 3.5% to $75.25 a barrel on Wednesday at 2 p.m. the dollar yen 1,234.56 May 12, 2025 "
             "shares of Tesla , and before after Oil prices Saturday's attack since in early trading settled 12 "
             "basis points 9999999999 $$$ %%%% ........").split()
    adv = " ".join(rng.choice(words) for _ in range(FIVE_MB // 4))[:FIVE_MB]
    te, tc, nc = _timed(adv)
    print(f"5 MB adversarial article: event {te:.2f} s + claims {tc:.2f} s = {te + tc:.2f} s ({nc} claims)")


if __name__ == "__main__":
    main()
