"""The start-up shortcuts of the seed study (issue #14) against what they stand for.

Each shortcut builds something later, or in a cheaper way, than the code it replaced; these
tests pin the result equal to the reference built the plain way. (Speed is measured in
``benchmarks/bench_startup.py``, not here.)
"""

from __future__ import annotations

import re

import pytest

from marketimpact.extract import claims, dates, entities, events, spoken
from marketimpact.extract.patterns import FoldedPattern


def _folded() -> dict[str, FoldedPattern]:
    claims._alias_regex()
    mods = {"claims": claims, "dates": dates, "entities": entities, "events": events, "spoken": spoken}
    out = {f"{m}.{k}": getattr(v, "rx", v) for m, mod in mods.items() for k, v in vars(mod).items()
           if isinstance(getattr(v, "rx", v), FoldedPattern)}
    out["claims._ALIAS_RE"] = claims._ALIAS_RE
    return out


def test_folded_patterns_found():
    assert len(_folded()) >= 10


@pytest.mark.parametrize("name", sorted(_folded()))
def test_folded_pattern_lazy_ignore_case_twin(name):
    """A FoldedPattern compiles its ignore-case pattern on first use; its flags, groups and group
    names (set at construction from the case-sensitive twin) are the ignore-case pattern's."""
    rx = _folded()[name]
    fresh = FoldedPattern(rx.pattern, rx._flags)
    ref = re.compile(rx.pattern, rx._flags | re.I)
    assert (fresh.flags, fresh.groups, dict(fresh.groupindex)) == (ref.flags, ref.groups, dict(ref.groupindex))
    assert fresh.ci.pattern == ref.pattern and fresh.ci.flags == ref.flags
    assert fresh.sub("X", "Brent fell 2.3% ſ") == ref.sub("X", "Brent fell 2.3% ſ")  # through the lazy pattern


def test_folded_pattern_without_fast_path():
    """A pattern the case-sensitive rewrite refuses keeps its ignore-case pattern from the start."""
    rx = FoldedPattern(r"(?P<w>\x41b)c")
    assert rx.cs is None and rx._ci is not None
    ref = re.compile(r"(?P<w>\x41b)c", re.I)
    assert (rx.flags, rx.groups, dict(rx.groupindex)) == (ref.flags, ref.groups, dict(ref.groupindex))
    assert rx.search("xABC").span() == (1, 4)
