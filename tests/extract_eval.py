"""Scoring the extractor on a labelled corpus (shared by the tests and ``tools/eval_corpus.py``).

An article is a ``.md`` file with front matter, or a ``.txt``/``.html`` file with a sidecar
``.yaml`` (``docs/corpus-conventions.md``). Definitions:

* **Event fields** — share of articles whose event ``date``, ``time`` (HH:MM or null),
  ``timezone`` and ``precision`` equal the expected ones.
* **Claim match** — an expected claim is matched when an extracted claim, not matched
  before, has the same ticker, direction, ``move_pct`` and ``level`` (numbers equal to 4
  decimals; null = null). **Recall** = matched / expected; **precision** = matched /
  extracted.
* **Per-claim fields** — each expected claim is paired with the first unpaired extracted
  claim of the same ticker (text order); for each field, the share of expected claims
  whose pair has the expected value (no pair = wrong in every field).
* **By tag / by style** — dates right and claim recall over the articles carrying a tag
  (``kinds``) or a ``style``.
* **Reader** — for sidecar files with a ``reader`` block, the share of headline, publisher
  and dateline fields read right from the text itself.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

CLAIM_FIELDS = ("instrument", "ticker", "direction", "move_pct", "level", "unit", "basis", "move_abs", "move_bp")


def _num(x: Any) -> float | None:
    return None if x is None else round(float(x), 4)


def claim_key(c: dict) -> tuple:
    return (c.get("ticker"), c.get("direction"), _num(c.get("move_pct")), _num(c.get("level")))


def _same(field: str, want: Any, got: Any) -> bool:
    if field in ("move_pct", "level", "move_abs", "move_bp"):
        return _num(want) == _num(got)
    if field == "instrument":
        return str(want).lower() == str(got).lower()
    return want == got


def corpus_files(folder: Path) -> list[Path]:
    """Article files of a corpus folder (README and sidecars excluded), in name order."""
    out = []
    for p in sorted(folder.iterdir()):
        if p.name.lower().startswith("readme") or p.suffix == ".yaml":
            continue
        if p.suffix in (".md", ".txt", ".html"):
            out.append(p)
    return out


def load(path: Path) -> tuple[Any, dict]:
    """(Article, labels) for one corpus file."""
    from marketimpact.extract import read_article

    if path.suffix == ".md":
        art = read_article(path)
        return art, dict(art.metadata)
    side = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
    art = read_article(path, published=side.get("published"), timezone=side.get("timezone"))
    return art, side


def evaluate(folder: Path) -> dict:
    """Scores for every article in ``folder`` (see module docstring)."""
    from marketimpact.extract import extract_claims, extract_event

    files = corpus_files(folder)
    n = len(files)
    ev_ok = dict.fromkeys(("date", "time", "timezone", "precision"), 0)
    fields_ok = dict.fromkeys(CLAIM_FIELDS, 0)
    n_exp = n_got = n_match = sets_ok = 0
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    reader_ok = reader_n = 0
    failures: list[str] = []
    for path in files:
        art, meta = load(path)
        exp = meta["expected"]
        aid = meta.get("id", path.stem)
        ev = extract_event(art)
        got_ev = {"date": ev.local_date.isoformat(), "time": ev.time.strftime("%H:%M") if ev.time else None,
                  "timezone": ev.timezone, "precision": ev.precision}
        for k in ev_ok:
            if got_ev[k] == exp["event"].get(k):
                ev_ok[k] += 1
            else:
                failures.append(f"{aid}: event {k} {got_ev[k]!r} != {exp['event'].get(k)!r}")
        want = [dict(c) for c in (exp.get("claims") or [])]
        got = [c.to_dict() for c in extract_claims(art.text)]
        n_exp += len(want)
        n_got += len(got)
        used: set[int] = set()
        matched_here = 0
        for w in want:
            j = next((j for j, g in enumerate(got) if j not in used and claim_key(g) == claim_key(w)), None)
            if j is not None:
                used.add(j)
                matched_here += 1
            else:
                failures.append(f"{aid}: claim not found {claim_key(w)}")
        n_match += matched_here
        if len(used) == len(want) == len(got):
            sets_ok += 1
        extra = [claim_key(g) for j, g in enumerate(got) if j not in used]
        if extra:
            failures.append(f"{aid}: extra claims {extra}")
        paired: set[int] = set()
        for w in want:
            j = next((j for j, g in enumerate(got) if j not in paired and g["ticker"] == w.get("ticker")), None)
            if j is None:
                continue
            paired.add(j)
            for f in CLAIM_FIELDS:
                if _same(f, w.get(f), got[j].get(f)):
                    fields_ok[f] += 1
        date_ok = got_ev["date"] == exp["event"].get("date")
        for g in [f"style:{meta.get('style', '-')}", *(f"tag:{k}" for k in meta.get("kinds") or [])]:
            groups[g]["articles"] += 1
            groups[g]["dates"] += date_ok
            groups[g]["expected"] += len(want)
            groups[g]["matched"] += matched_here
            groups[g]["extracted"] += len(got)
        for key, value in (meta.get("reader") or {}).items():
            reader_n += 1
            have = {"headline": art.headline, "publisher": art.publisher, "dateline": art.dateline}.get(key)
            if (have is None and value is None) or (
                    have is not None and str(have).strip().lower() == str(value).strip().lower()):
                reader_ok += 1
            else:
                failures.append(f"{aid}: reader {key} {have!r} != {value!r}")
    return {
        "articles": n,
        "event": {k: v / n for k, v in ev_ok.items()} if n else {},
        "claims_expected": n_exp,
        "claims_extracted": n_got,
        "claims_matched": n_match,
        "claim_recall": n_match / n_exp if n_exp else 1.0,
        "claim_precision": n_match / n_got if n_got else 1.0,
        "claim_sets": sets_ok / n if n else 1.0,
        "claim_fields": {k: v / n_exp if n_exp else 1.0 for k, v in fields_ok.items()},
        "groups": {k: dict(v) for k, v in sorted(groups.items())},
        "reader": reader_ok / reader_n if reader_n else None,
        "failures": failures,
    }


def table(name: str, r: dict, groups: bool = False) -> str:
    """The scores as text (``pytest -s`` prints it)."""
    rows = [f"== extractor accuracy: {name} ({r['articles']} articles) =="]
    rows += [f"  event {k:<11} {v:7.1%}" for k, v in r["event"].items()]
    rows.append(f"  claims: expected {r['claims_expected']}, extracted {r['claims_extracted']}, "
                f"matched {r['claims_matched']} (ticker+direction+move_pct+level)")
    rows.append(f"  claim recall      {r['claim_recall']:7.1%}")
    rows.append(f"  claim precision   {r['claim_precision']:7.1%}")
    rows.append(f"  claim sets exact  {r['claim_sets']:7.1%}")
    rows += [f"  claim {k:<11} {v:7.1%}" for k, v in r["claim_fields"].items()]
    if r.get("reader") is not None:
        rows.append(f"  reader fields     {r['reader']:7.1%}")
    if groups:
        rows.append("  group                       articles  dates   claims  recall  precision")
        for g, v in r["groups"].items():
            rec = v["matched"] / v["expected"] if v["expected"] else 1.0
            prec = v["matched"] / v["extracted"] if v["extracted"] else 1.0
            rows.append(f"  {g:<28}{v['articles']:>5}  {v['dates'] / v['articles']:6.0%}  {v['expected']:>6}"
                        f"  {rec:6.0%}  {prec:8.0%}")
    rows += [f"  miss: {f}" for f in r["failures"]]
    return "\n".join(rows)
