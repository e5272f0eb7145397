"""Accuracy of the rule-based extractor on the test corpus, field by field.

Every article of the corpora (``tests/corpus*``) is run through :func:`extract_event` and
:func:`extract_claims` and compared with its ``expected`` block (scoring in
``tests/extract_eval.py``).

Definitions
-----------
* **Event fields** — share of articles whose event ``date``, ``time`` (HH:MM or null),
  ``timezone`` and ``precision`` equal the expected ones.
* **Claim match** — an expected claim is *matched* when an extracted claim, not matched
  before, has the same ticker, direction, ``move_pct`` and ``level`` (numbers equal to
  4 decimals; null = null). **Claim recall** = matched / expected claims (the claim
  accuracy asserted here); **claim precision** = matched / extracted claims.
  **Claim sets** = share of articles whose whole extracted list matches the expected
  list one-to-one.
* **Per-claim fields** — each expected claim is paired with the first unpaired
  extracted claim of the same ticker (in text order); for every field (instrument,
  ticker, direction, move_pct, level, unit, basis, move_abs, move_bp) the share of
  expected claims whose pair has the expected value. A claim with no pair counts as
  wrong in every field. ``instrument`` is compared case-insensitively (the corpus
  README fixes canonical names); move_abs and move_bp are null when not given.

The table is printed (``pytest -s`` shows it; otherwise it is in the captured output).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from extract_eval import evaluate, table

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def corpus_result():
    return evaluate(HERE / "corpus")


def test_corpus_accuracy(corpus_result, record_property):
    r = corpus_result
    print("\n" + table(f"tests/corpus ({dt.date.today()})", r))
    record_property("corpus_accuracy", {"event": r["event"], "recall": r["claim_recall"],
                                        "precision": r["claim_precision"]})
    assert r["articles"] == 45
    assert r["event"]["date"] >= 0.95
    assert r["claim_recall"] >= 0.95
    assert r["claim_precision"] >= 0.95


# (folder, articles, bar for dates, claim recall, claim precision). The bars sit below each set's
# latest measurement: regression guards, not claims of accuracy.
#
# * corpus_holdout: 10 articles written after the rules; 80 % dates when first measured, then two
#   general rules were added from its misses (no longer out-of-sample).
# * corpus_holdout2: 12 articles by a writer who never saw the extractor. First measurement: dates
#   91.7 %, claim recall 80 %, precision 95.2 %; later partly in-sample.
# * corpus_holdout3: 15 articles by a writer who saw neither the code, the registry nor the other
#   hold-outs; first measurement dates 93.3 %, claim recall 55.6 %, precision 89.3 %. Its labels know
#   only the v1 instrument list, so claims on instruments added since (CSI 300, the yuan) count as
#   extra, and companies outside our tables (now returned with ticker null) count as misses.
# * corpus_dev: the v2 development corpus (150 articles by three writers, docs/corpus-conventions.md):
#   in-sample by design; rules are written from its misses.
# * corpus_holdout4: the v2 held-out set (40 articles) by a writer who saw only the conventions page.
#   Measured ONCE before any rule used it, on commit 34cec94 (after the candidate/gazetteer/entity
#   rewrite, before the dev-corpus tuning): dates 92.5 %, time 82.5 %, zone 85.0 %, precision 87.5 %,
#   claim recall 46.1 %, claim precision 79.8 %, reader fields 97.0 %. Its misses are not used for
#   rules; the README reports later measurements of it beside that first one (second measurement,
#   after the dev-corpus tuning only: dates 97.5 %, claim recall 65.0 %, precision 81.2 %; third,
#   after more dev-corpus rules: dates 95.0 %, claim recall 66.7 %, precision 82.2 %).
HOLDOUTS = [
    ("corpus_holdout", 10, 0.8, 0.8, 0.8),
    ("corpus_holdout2", 12, 0.9, 0.75, 0.8),
    ("corpus_holdout3", 15, 0.9, 0.5, 0.75),
    ("corpus_dev", 150, 0.93, 0.83, 0.90),
    ("corpus_holdout4", 40, 0.92, 0.84, 0.90),
    # first measured at f8d8fa5 before any change used it: dates 70.0 %, recall 60.0 %, precision 79.7 %
    ("corpus_holdout5", 40, 0.82, 0.77, 0.87),
    # first measured at ceeb1f4: dates 82.5 %, recall 61.8 %, precision 76.8 %; its misses were used
    # on 2026-12-03 (in-sample since)
    ("corpus_holdout6", 40, 0.9, 0.76, 0.87),
    # by a writer who saw only the conventions page; first measured at 4d25f3b before any change used
    # it: dates 75.0 %, recall 65.2 %, precision 81.4 %; its misses were used afterwards (in-sample)
    ("corpus_holdout7", 40, 0.8, 0.69, 0.82),
    # 20 articles by another writer who saw only the conventions page; first measured at 484b5ee before
    # any change used it: dates 60.0 %, recall 71.1 %, precision 86.2 %; its misses were used on
    # 2026-12-03 (second session), in-sample since
    ("corpus_holdout8", 20, 0.85, 0.78, 0.88),
    # 30 articles by two more writers who saw only the conventions page (h9a_*, h9b_*); first measured at
    # 115ac7e before any change used it: dates 73.3 %, zone 86.7 %, recall 58.7 %, precision 84.3 %; its
    # misses were used afterwards (in-sample since)
    ("corpus_holdout9", 30, 0.83, 0.66, 0.88),
    # 30 articles by two more writers (h10a_*, h10b_*), the events of every other set to avoid; first
    # measured at a8dedc2: dates 70.0 %, zone 76.7 %, recall 66.5 %, precision 83.9 %; its misses were
    # used on 2026-12-03 (third session), in-sample since
    ("corpus_holdout10", 30, 0.9, 0.72, 0.89),
    # 30 articles by two more writers (h11a_*, h11b_*); first measured at c9501ba: dates 70.0 %, zone
    # 73.3 %, recall 68.7 %, precision 83.7 %; its misses were used afterwards (in-sample since)
    ("corpus_holdout11", 30, 0.8, 0.72, 0.85),
    # 30 articles by two more writers (h12a_*, h12b_*); first measured at e31d50c: dates 83.3 %, zone
    # 76.7 %, recall 65.6 %, precision 84.7 %; a few of its misses were used afterwards (in-sample since)
    ("corpus_holdout12", 30, 0.8, 0.65, 0.85),
    # 30 articles by two more writers (h13a_*, h13b_*); first measured at e9c0ba9: dates 86.7 %, zone
    # 73.3 %, recall 65.0 %, precision 79.1 %; its misses were used on 2026-12-03 (fourth session), in-sample since
    ("corpus_holdout13", 30, 0.93, 0.77, 0.86),
    # 30 articles by two more writers (h14a_*, h14b_*); first measured at 34b4f4a: dates 86.7 %, zone
    # 70.0 %, recall 69.4 %, precision 82.0 %; some of its misses were used afterwards (in-sample since)
    ("corpus_holdout14", 30, 0.83, 0.72, 0.82),
    # 30 articles by two more writers (h15a_*, h15b_*); first measured at bddc7e2 (code of e68693f): dates
    # 83.3 %, zone 80.0 %, recall 62.3 %, precision 78.0 %; some of its misses were used afterwards (in-sample since)
    ("corpus_holdout15", 30, 0.86, 0.66, 0.81),
    # 30 articles by two more writers (h16a_*, h16b_*); first measured at 74c4396 (code of d425887): dates 76.7 %,
    # zone 70.0 %, recall 77.6 %, precision 88.7 %; its misses were used on 2026-12-03 (fifth session), in-sample since
    ("corpus_holdout16", 30, 0.93, 0.81, 0.92),
    # 30 articles by two more writers (h17a_*, h17b_*); first measured at 704686f, after the fifth session's rules
    # from held-out 16: dates 80.0 %, zone 83.3 %, recall 72.8 %, precision 83.9 %; its misses were used in the
    # same session (in-sample since)
    ("corpus_holdout17", 30, 0.9, 0.8, 0.88),
    # 30 articles by two more writers (h18a_*, h18b_*); first measured at d0cd160, after the rules from held-out
    # 16's and 17's misses and a review's fixes: dates 90.0 %, zone 76.7 %, recall 74.0 %, precision 83.8 %; its
    # misses were used in the same session (in-sample since)
    ("corpus_holdout18", 30, 0.96, 0.79, 0.88),
    # 30 articles by two more writers (h19a_*, h19b_*); first measured at cd0bf00, after held-out 18's misses had
    # been used: dates 80.0 %, zone 80.0 %, recall 78.4 %, precision 92.0 %; a few of its misses were used
    # afterwards (in-sample since)
    ("corpus_holdout19", 30, 0.86, 0.77, 0.88),
    # 30 articles by two more writers (h20a_*, h20b_*); measured ONCE at 3bc2807, after every rule of the fifth
    # session: dates 76.7 %, zone 73.3 %, recall 71.0 %, precision 84.6 %; its misses were used in the sixth
    # session (in-sample since)
    ("corpus_holdout20", 30, 0.83, 0.72, 0.85),
    # 30 articles by two more writers (h21a_*, h21b_*); measured ONCE at 3d602fe, after the sixth session's rules
    # from held-out 20: dates 93.3 %, zone 83.3 %, recall 75.7 %, precision 87.1 %
    ("corpus_holdout21", 30, 0.9, 0.72, 0.84),
    # 30 articles by two more writers (h22a_*, h22b_*); measured ONCE at cd45b53, after the sixth session's rules
    # from held-out 20 and 21 and a review's fixes: dates 76.7 %, zone 73.3 %, recall 71.8 %, precision 84.3 %; its
    # misses were used in the same session (in-sample since)
    ("corpus_holdout22", 30, 0.8, 0.72, 0.84),
    # 30 articles by two more writers (h23a_*, h23b_*); measured ONCE at 3470172, after held-out 22's misses had
    # been used: dates 70.0 %, zone 73.3 %, recall 68.5 %, precision 86.0 %; its misses were used in the same session
    # (in-sample since)
    ("corpus_holdout23", 30, 0.7, 0.7, 0.86),
    # 11 articles by two more writers (h24a_*, h24b_*; both stopped at their time box); measured ONCE at 320258b,
    # after held-out 23's misses and a second review's fixes: dates 100 %, zone 100 %, recall 85.2 %, precision 93.9 %
    # (54 claims: a small set, so a wide interval)
    ("corpus_holdout24", 11, 0.9, 0.8, 0.9),
]


@pytest.mark.parametrize(("folder", "n", "dates", "recall", "precision"), HOLDOUTS, ids=[h[0] for h in HOLDOUTS])
def test_holdout_accuracy(folder, n, dates, recall, precision, record_property):
    """Hold-out sets: numbers printed as they are (``pytest -s``), regression bars below them."""
    r = evaluate(HERE / folder)
    print("\n" + table(f"tests/{folder}", r, groups=True))
    record_property(f"{folder}_accuracy", {"event": r["event"], "recall": r["claim_recall"],
                                           "precision": r["claim_precision"]})
    assert r["articles"] == n
    assert r["event"]["date"] >= dates
    assert r["claim_recall"] >= recall
    assert r["claim_precision"] >= precision
