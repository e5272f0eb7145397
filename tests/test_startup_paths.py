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


@pytest.mark.parametrize("first", ["search", "match", "fullmatch", "finditer", "sub", "groups", "cs"])
def test_folded_pattern_compiles_on_first_use(first):
    """A FoldedPattern compiles nothing when built; whatever is asked first compiles its case-sensitive
    pattern and makes it a plain FoldedPattern, with the answers of one compiled at once."""
    from marketimpact.extract.patterns import _UnusedFoldedPattern

    src = r"(?P<dir>rose|fell)\s+(?P<pct>\d+(?:\.\d+)?)\s*(?:%|per\s*cent)"
    rx = FoldedPattern(src)
    assert type(rx) is _UnusedFoldedPattern and "cs" not in vars(rx) and rx._ci is None
    text = "Brent FELL 2.3 per cent, then Rose 1%"
    ref = re.compile(src, re.I)
    got = {"search": lambda: rx.search(text).span(), "match": lambda: rx.match(text, 6).span(),
           "fullmatch": lambda: rx.fullmatch(text, 6, 23).span(), "finditer": lambda: [m.span() for m in rx.finditer(text)],
           "sub": lambda: rx.sub("X", text), "groups": lambda: rx.groups, "cs": lambda: rx.cs.pattern}[first]()
    want = {"search": ref.search(text).span(), "match": ref.match(text, 6).span(), "fullmatch": ref.fullmatch(text, 6, 23).span(),
            "finditer": [m.span() for m in ref.finditer(text)], "sub": ref.sub("X", text), "groups": ref.groups,
            "cs": src}[first]
    assert got == want
    assert type(rx) is FoldedPattern and rx.cs is not None
    assert (rx.flags, rx.groups, dict(rx.groupindex)) == (ref.flags, ref.groups, dict(ref.groupindex))
    assert [m.groupdict() for m in rx.finditer(text)] == [m.groupdict() for m in ref.finditer(text)]


def test_folded_pattern_without_fast_path():
    """A pattern the case-sensitive rewrite refuses keeps its ignore-case pattern from the start."""
    rx = FoldedPattern(r"(?P<w>\x41b)c")
    assert rx.cs is None and rx._ci is not None
    ref = re.compile(r"(?P<w>\x41b)c", re.I)
    assert (rx.flags, rx.groups, dict(rx.groupindex)) == (ref.flags, ref.groups, dict(ref.groupindex))
    assert rx.search("xABC").span() == (1, 4)


def _bundled_csvs():
    from importlib import resources

    data = resources.files("marketimpact").joinpath("data")
    return sorted(p.name for p in data.iterdir() if p.name.endswith(".csv"))


@pytest.mark.parametrize("name", _bundled_csvs())
def test_dict_rows_as_dict_reader(name):
    import csv
    from importlib import resources

    from marketimpact.instruments import _dict_rows

    text = resources.files("marketimpact").joinpath("data", name).read_text(encoding="utf-8")
    assert _dict_rows(text) == list(csv.DictReader(text.splitlines()))


@pytest.mark.parametrize("text", ["", "a,b\n", "a,b\n1,2\n\n3,4\n", "a,b\n1\n", "a,b\n1,2,3\n", "a,a\n1,2\n",
                                  'a,b\n"x, y",2\n'])
def test_dict_rows_edge_cases(text):
    import csv

    from marketimpact.instruments import _dict_rows

    assert _dict_rows(text) == list(csv.DictReader(text.splitlines()))


def test_registry_rows_as_constructed():
    """The registry's instruments are set field by field: each is what ``Instrument(**fields)`` builds."""
    import dataclasses

    from marketimpact.instruments import Instrument, all_instruments

    names = [f.name for f in dataclasses.fields(Instrument)]
    table = all_instruments()
    assert len(table) > 4000
    for inst in table.values():
        assert type(inst) is Instrument and list(vars(inst)) == names
        twin = Instrument(**vars(inst))
        assert twin == inst and hash(twin) == hash(inst) and repr(twin) == repr(inst)
    with pytest.raises(dataclasses.FrozenInstanceError):
        next(iter(table.values())).name = "x"


def test_find_instrument_as_get_instrument(monkeypatch):
    """find_instrument gives get_instrument's answer (None for an unknown ticker), before and after
    the registry is built."""
    from marketimpact import instruments as I

    probe = ["BZ=F", "bz=f", "^GSPC", "^gspc", "AAPL", "aapl", "NOPE", "ZZZZ.L", "7203.T", "SAP.DE", "sap.de"]

    def reference(t):
        try:
            return I.get_instrument(t)
        except I.UnknownTickerError:
            return None

    monkeypatch.setattr(I, "_table_built", False)
    I._table.cache_clear()
    I._upper.cache_clear()
    assert [I.find_instrument(t) for t in ("NOPE", "ZZZZ.L")] == [None, None]
    assert I._table.cache_info().currsize == 0  # unknown tickers do not build it
    before = [I.find_instrument(t) for t in probe]
    want = [reference(t) for t in probe]
    assert before == want and [I.find_instrument(t) for t in probe] == want
    tickers = list(I.all_instruments())
    assert [I.find_instrument(t) for t in tickers] == [I.get_instrument(t) for t in tickers]
    assert [I.find_instrument(t.lower()) for t in tickers] == [reference(t.lower()) for t in tickers]


def _child_env(**extra: str) -> dict[str, str]:
    import os
    from pathlib import Path

    from marketimpact.cli import BLAS_THREAD_VARS

    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARS}
    return {**env, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]), **extra}


@pytest.mark.parametrize(("command", "preset", "want"), [
    ("study", {}, "1"), ("report", {}, "1"), ("batch", {}, "None"),
    ("study", {"OPENBLAS_NUM_THREADS": "3"}, "3"), ("study", {"OMP_NUM_THREADS": "2"}, "None")])
def test_one_blas_thread_rule(command, preset, want):
    """A one-article command in a fresh process asks OpenBLAS for one thread, unless the user set a count."""
    import subprocess
    import sys

    code = ("import os, sys; from marketimpact.cli import _one_blas_thread; _one_blas_thread(sys.argv[1]); "
            "print(os.environ.get('OPENBLAS_NUM_THREADS'))")
    r = subprocess.run([sys.executable, "-c", code, command], capture_output=True, text=True,
                       env=_child_env(**preset), timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == want


_BATCH = ["batch", "ev.csv", "--prices", "p.csv", "--out", "r.parquet"]


@pytest.mark.parametrize(("extra", "want"), [
    (["--tests", "ts_t", "cs_t", "patell", "bmp"], True), (["--tests", "cs_t", "--model", "market-adjusted"], True),
    (["--tests", "bmp", "--model", "constant-mean", "--engine", "numpy"], True),
    ([], False),  # every default test: Kolari–Pynnönen and the bootstrap multiply matrices
    (["--tests", "ts_t", "kp"], False), (["--tests", "ts_t", "--engine", "dask"], False),
    (["--tests", "ts_t", "--engine", "reference"], False), (["--tests", "ts_t", "--model", "factor"], False)])
def test_blas_free_batch_rule(extra, want):
    """One OpenBLAS thread for a batch only on the closed-form numpy engine with only the streaming tests."""
    from marketimpact.cli import _blas_free_batch, build_parser

    assert _blas_free_batch(build_parser().parse_args(_BATCH + extra)) is want
    assert _blas_free_batch(build_parser().parse_args(["study", "a.md"])) is False


def test_blas_free_batch_tuples_are_the_engines():
    from marketimpact.cli import BLAS_FREE_BATCH_MODELS, BLAS_FREE_BATCH_TESTS
    from marketimpact.study.batch import BATCH_MODELS, STREAMING_TESTS

    assert (BLAS_FREE_BATCH_MODELS, BLAS_FREE_BATCH_TESTS) == (BATCH_MODELS, STREAMING_TESTS)


def test_blas_free_batch_same_with_a_blas_pool(tmp_path):
    """A batch process with the streaming tests (one OpenBLAS thread by default) writes the same results, tests
    and params files, byte for byte, and prints the same summary as with a pool of threads."""
    import subprocess
    import sys

    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    idx = pd.bdate_range("2020-01-01", periods=420)
    mkt = 0.01 * rng.standard_t(4, len(idx))
    frame = pd.DataFrame({f"A{i}": 100 * np.exp(np.cumsum(0.8 * mkt + 0.02 * rng.standard_t(4, len(idx))))
                          for i in range(6)}, index=idx)
    frame["MKT"] = 100 * np.exp(np.cumsum(mkt))
    frame.to_parquet(tmp_path / "prices.parquet")
    pd.DataFrame({"event_id": [f"e{i}" for i in range(60)], "ticker": [f"A{i % 6}" for i in range(60)],
                  "date": [idx[k].strftime("%Y-%m-%d") for k in rng.integers(270, 405, 60)]}
                 ).to_parquet(tmp_path / "events.parquet")
    outs = []
    for k, extra in enumerate(({}, {"OPENBLAS_NUM_THREADS": "4"})):
        names = [str(tmp_path / f"{k}_{n}.parquet") for n in ("res", "tests", "params")]
        r = subprocess.run([sys.executable, "-m", "marketimpact.cli", "batch", "events.parquet", "--prices",
                            "prices.parquet", "--benchmark", "MKT", "--tests", "ts_t", "cs_t", "patell", "bmp",
                            "--out", names[0], "--tests-out", names[1], "--params-out", names[2]],
                           capture_output=True, text=True, env=_child_env(**extra), timeout=300, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        summary = [ln for ln in r.stdout.splitlines() if not ln.startswith(("Time:", "wrote "))]
        outs.append(([open(n, "rb").read() for n in names], summary, r.stderr))
    assert outs[0] == outs[1] and "cs_t" in "\n".join(outs[0][1])


def test_one_blas_thread_not_in_process(monkeypatch):
    """With numpy already imported (a caller's own process), the environment is left alone."""
    import os

    from marketimpact.cli import _one_blas_thread

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("GOTO_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    _one_blas_thread("study")
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_seed_study_same_with_a_blas_pool(tmp_path):
    """The seed study's JSON is the same byte for byte with one OpenBLAS thread (the CLI's default)
    and with a pool of threads."""
    import subprocess
    import sys

    from marketimpact.analysis import bundled_article

    outs = []
    for extra in ({}, {"OPENBLAS_NUM_THREADS": "4"}):
        r = subprocess.run([sys.executable, "-m", "marketimpact.cli", "study", str(bundled_article()), "--json"],
                           capture_output=True, text=True, env=_child_env(**extra), timeout=300, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    assert outs[0] == outs[1] and '"ticker": "BZ=F"' in outs[0]


@pytest.mark.parametrize(("argv", "want"), [
    (["study", "a.md"], True), (["report", "a.md", "--out", "o"], True), (["chart", "price", "a.md", "--out", "o"], True),
    (["chart", "caar", "ev.csv", "--out", "o"], False), (["batch", "ev.csv", "--prices", "p.csv", "--out", "r.csv"], False),
    (["extract", "a.md"], False)])
def test_one_article_commands(argv, want):
    """Cyclic collection stays off for the one-article commands' processes only (not for the CAAR chart of an
    events table, one fit per event; batch turns it back on once its inputs are read)."""
    from marketimpact.cli import _one_article, build_parser

    assert _one_article(build_parser().parse_args(argv)) is want


def test_seed_study_process_same_as_in_process(tmp_path, capsys):
    """The seed study's JSON from its own process (no cyclic collection, heap frozen at exit) is the same byte
    for byte as from main(argv) called in this process (collection on)."""
    import subprocess
    import sys

    from marketimpact.analysis import bundled_article
    from marketimpact.cli import main

    r = subprocess.run([sys.executable, "-m", "marketimpact.cli", "study", str(bundled_article()), "--json"],
                       capture_output=True, text=True, env=_child_env(), timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert main(["study", str(bundled_article()), "--json"]) == 0
    assert capsys.readouterr().out == r.stdout and '"ticker": "BZ=F"' in r.stdout
