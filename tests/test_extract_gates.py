"""Every hinted grammar (marketimpact/extract/gates.py) gives exactly what the grammar alone gives.

A :class:`Hinted` pattern runs its hint first and the grammar only where the hint is found; that
is exact when every match of the grammar holds a match of its hint. Checked for every gate of
the extractor's modules on every corpus text (whole, and sentence by sentence, as the grammars
read it) and on random text made of the tokens the grammars care about.
"""

from __future__ import annotations

import importlib
import random
import re
from pathlib import Path

import pytest

from marketimpact.extract.gates import Hinted
from marketimpact.extract.patterns import FoldedPattern, _lowered

HERE = Path(__file__).resolve().parent
MODULES = ("claims", "dates", "entities", "events", "lexicon", "spoken", "dateline", "articles")

TOKENS = ("10y 2y 5y 30y 10Y 110y cash The the 10y (UST10Y) target gilt JGB Bund BTP OAT gilts 2y gilt 5y JGB "
          "CLZ4 LCOF25 GCQ3 NGH24 SF5 WZ4 CZ5 ESZ4 CL Z4 /CLZ4 .CLZ4 CLZ4. 5Z CLz4 "
          "Inc Inc. Corp Co plc PLC Ltd AG SE SA S.A S.A. NV N.V SpA S.p.A Oyj ASA AB A/S KGaA GmbH Holdings "
          "Group Bhd Tbk PJSC OAO Berhad LLC LP Incorporated &Co 'AG -SE .SA Inc/ "
          "26,568 yen 03 sen 1,234 yen 5 sen sen yen 12 senate "
          "Brent rose fell 3.5% to $75.25 a barrel on Wednesday at 2 p.m. the dollar 1,234.56 , . ( ) "
          "12 May 2025 3rd of June 1st SEPT. sept September 31 Dec, 2024 of May Mayor 12th ſept İn 4 july").split()


def _gates() -> list[tuple[str, Hinted]]:
    out = []
    for name in MODULES:
        mod = importlib.import_module(f"marketimpact.extract.{name}")
        out += [(f"{name}.{k}", v) for k, v in vars(mod).items() if isinstance(v, Hinted)]
    return sorted(set(out), key=lambda kv: kv[0])


GATES = _gates()


def _texts() -> list[str]:
    from marketimpact.extract.sentences import split_sentences

    rng = random.Random(12)
    out = []
    for d in sorted(HERE.glob("corpus*")):
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            if p.suffix in (".md", ".txt", ".html"):
                text = p.read_text(encoding="utf-8")
                out.append(text)
                out.extend(s for _a, _b, s in split_sentences(text))
    for _ in range(400):
        out.append(rng.choice(("", " ", "  ")).join(rng.choice(TOKENS) for _ in range(rng.randint(1, 30))))
        out.append("".join(rng.choice(TOKENS) + rng.choice(("", " ", ",", "\n")) for _ in range(rng.randint(1, 30))))
    return out


TEXTS = _texts()


def test_gates_found():
    names = {n for n, _ in GATES}
    assert {"claims.RE_BARE_TENOR", "entities.RE_FUTURES_CODE", "entities.RE_LEGAL_WORD", "dates.RE_DMY"} <= names


@pytest.mark.parametrize("name,gate", GATES, ids=[n for n, _ in GATES])
def test_every_match_holds_its_hint(name, gate):
    folded = isinstance(gate.rx, FoldedPattern)
    for text in TEXTS:
        low = _lowered(text) if folded else text  # a FoldedPattern's hint reads the lower-cased text
        for m in gate.rx.finditer(text):
            if low is not None:
                assert gate.hint.search(low, m.start(), m.end()) is not None, (name, m.group(0))
        assert [m.span() for m in gate.finditer(text)] == [m.span() for m in gate.rx.finditer(text)]
        assert gate.sub("#", text) == gate.rx.sub("#", text)


@pytest.mark.parametrize("name,gate", GATES, ids=[n for n, _ in GATES])
def test_windows(name, gate):
    rng = random.Random(name)
    for text in TEXTS[:: max(1, len(TEXTS) // 300)]:
        for _ in range(3):
            a = rng.randrange(len(text) + 1)
            b = rng.randrange(a, len(text) + 1)
            for method in ("search", "match", "fullmatch"):
                got, want = getattr(gate, method)(text, a, b), getattr(gate.rx, method)(text, a, b)
                assert (got and got.span()) == (want and want.span())
            got, want = gate.search(text, a), gate.rx.search(text, a)
            assert (got and got.span()) == (want and want.span())


def test_ignore_case_refused():
    with pytest.raises(ValueError):
        Hinted(re.compile("x", re.I), ("x",))
    with pytest.raises(ValueError):
        Hinted(FoldedPattern("x", re.I), ("X",))  # a folded pattern's hint reads lower-case text


def test_bare_number_times_skipped_by_lastindex():
    """find_times passes over a clock-time match whose last group is the hour's: exactly the bare numbers."""
    from marketimpact.extract.dates import RE_TIME

    extra = ["at 2 p.m.", "14:30 GMT", "8.30am New York time", "9 UTC+5:30", "10 (GMT)", "7 ET", "12 noon", "3 pm"]
    for text in TEXTS[::3] + extra:
        for m in RE_TIME.finditer(text):
            bare = not any(m.group("m", "ampm", "tz", "off"))
            assert (m.lastindex == 1) == bare, m.group(0)
