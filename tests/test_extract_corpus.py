"""Accuracy of the rule-based extractor on the test corpus, field by field.

Every article of ``tests/corpus`` (45, tuned on) and ``tests/corpus_holdout`` (10,
written after tuning and measured without further changes) is run through
:func:`extract_event` and :func:`extract_claims` and compared with its ``expected``
block.

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

from marketimpact.extract import extract_claims, extract_event, read_article

HERE = Path(__file__).resolve().parent
CLAIM_FIELDS = ("instrument", "ticker", "direction", "move_pct", "level", "unit", "basis", "move_abs", "move_bp")


def _num(x):
    return None if x is None else round(float(x), 4)


def _key(c: dict) -> tuple:
    return (c.get("ticker"), c.get("direction"), _num(c.get("move_pct")), _num(c.get("level")))


def _same(field: str, want, got) -> bool:
    if field in ("move_pct", "level", "move_abs", "move_bp"):
        return _num(want) == _num(got)
    if field == "instrument":
        return str(want).lower() == str(got).lower()
    return want == got


def evaluate(folder: Path) -> dict:
    """Per-field scores for every article in ``folder`` (see module docstring)."""
    files = sorted(p for p in folder.glob("*.md") if not p.name.lower().startswith("readme"))
    n = len(files)
    ev_ok = dict.fromkeys(("date", "time", "timezone", "precision"), 0)
    fields_ok = dict.fromkeys(CLAIM_FIELDS, 0)
    n_exp = n_got = n_match = sets_ok = 0
    failures: list[str] = []
    for path in files:
        art = read_article(path)
        exp = art.metadata["expected"]
        ev = extract_event(art)
        got_ev = {"date": ev.local_date.isoformat(), "time": ev.time.strftime("%H:%M") if ev.time else None,
                  "timezone": ev.timezone, "precision": ev.precision}
        for k in ev_ok:
            if got_ev[k] == (exp["event"].get(k)):
                ev_ok[k] += 1
            else:
                failures.append(f"{art.article_id}: event {k} {got_ev[k]!r} != {exp['event'].get(k)!r}")
        want = [dict(c) for c in (exp.get("claims") or [])]
        got = [c.to_dict() for c in extract_claims(art.text)]
        n_exp += len(want)
        n_got += len(got)
        used: set[int] = set()
        for w in want:
            j = next((j for j, g in enumerate(got) if j not in used and _key(g) == _key(w)), None)
            if j is not None:
                used.add(j)
                n_match += 1
            else:
                failures.append(f"{art.article_id}: claim not found {_key(w)}")
        if len(used) == len(want) == len(got):
            sets_ok += 1
        extra = [_key(g) for j, g in enumerate(got) if j not in used]
        if extra:
            failures.append(f"{art.article_id}: extra claims {extra}")
        paired: set[int] = set()
        for w in want:
            j = next((j for j, g in enumerate(got) if j not in paired and g["ticker"] == w.get("ticker")), None)
            if j is None:
                continue
            paired.add(j)
            for f in CLAIM_FIELDS:
                if _same(f, w.get(f), got[j].get(f)):
                    fields_ok[f] += 1
                else:
                    failures.append(f"{art.article_id}: {w.get('ticker')} {f} {got[j].get(f)!r} != {w.get(f)!r}")
    return {
        "articles": n,
        "event": {k: v / n for k, v in ev_ok.items()},
        "claims_expected": n_exp,
        "claims_extracted": n_got,
        "claims_matched": n_match,
        "claim_recall": n_match / n_exp if n_exp else 1.0,
        "claim_precision": n_match / n_got if n_got else 1.0,
        "claim_sets": sets_ok / n,
        "claim_fields": {k: v / n_exp if n_exp else 1.0 for k, v in fields_ok.items()},
        "failures": failures,
    }


def table(name: str, r: dict) -> str:
    rows = [f"== extractor accuracy: {name} ({r['articles']} articles, {dt.date.today()}) =="]
    rows += [f"  event {k:<11} {v:7.1%}" for k, v in r["event"].items()]
    rows.append(f"  claims: expected {r['claims_expected']}, extracted {r['claims_extracted']}, "
                f"matched {r['claims_matched']} (ticker+direction+move_pct+level)")
    rows.append(f"  claim recall      {r['claim_recall']:7.1%}")
    rows.append(f"  claim precision   {r['claim_precision']:7.1%}")
    rows.append(f"  claim sets exact  {r['claim_sets']:7.1%}")
    rows += [f"  claim {k:<11} {v:7.1%}" for k, v in r["claim_fields"].items()]
    rows += [f"  miss: {f}" for f in r["failures"]]
    return "\n".join(rows)


@pytest.fixture(scope="module")
def corpus_result():
    return evaluate(HERE / "corpus")


def test_corpus_accuracy(corpus_result, record_property):
    r = corpus_result
    print("\n" + table("tests/corpus", r))
    record_property("corpus_accuracy", {"event": r["event"], "recall": r["claim_recall"],
                                        "precision": r["claim_precision"]})
    assert r["articles"] == 45
    assert r["event"]["date"] >= 0.95
    assert r["claim_recall"] >= 0.95
    assert r["claim_precision"] >= 0.95


# (folder, articles, bar for dates, claim recall, claim precision). The bars sit below each set's
# first out-of-sample measurement: regression guards, not claims of accuracy.
#
# * corpus_holdout: 10 articles written after the rules; 80 % dates when first measured, then two
#   general rules were added from its misses (no longer out-of-sample).
# * corpus_holdout2: 12 articles by a writer who never saw the extractor. First measurement: dates
#   91.7 %, claim recall 80 %, precision 95.2 %; the company registry and the "shares were 9.7% lower
#   at" rule were later added partly from its misses (now 88 % recall).
# * corpus_holdout3: 15 articles (10 with company-share claims) by a writer who saw neither the code,
#   the registry nor the other hold-outs; measured once, after the 150-company registry was added and
#   before any rule was changed for it: dates 93.3 %, claim recall 55.6 %, precision 89.3 %. Most
#   misses are companies outside the registry (Burberry, Siemens Energy, Worldline, Adyen, Snap, ...).
HOLDOUTS = [
    ("corpus_holdout", 10, 0.8, 0.8, 0.8),
    ("corpus_holdout2", 12, 0.9, 0.75, 0.9),
    ("corpus_holdout3", 15, 0.9, 0.5, 0.85),
]


@pytest.mark.parametrize(("folder", "n", "dates", "recall", "precision"), HOLDOUTS, ids=[h[0] for h in HOLDOUTS])
def test_holdout_accuracy(folder, n, dates, recall, precision, record_property):
    """Hold-out sets: numbers printed as they are (``pytest -s``), regression bars below them."""
    r = evaluate(HERE / folder)
    print("\n" + table(f"tests/{folder}", r))
    record_property(f"{folder}_accuracy", {"event": r["event"], "recall": r["claim_recall"],
                                           "precision": r["claim_precision"]})
    assert r["articles"] == n
    assert r["event"]["date"] >= dates
    assert r["claim_recall"] >= recall
    assert r["claim_precision"] >= precision
