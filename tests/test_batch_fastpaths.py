"""The batch engine's fast paths (issue #14) pinned bit for bit to the plain computation they replace.

Each shortcut reads the same numbers in the same order as the code it stands for (a view instead of a
copy, a spare buffer row instead of a concatenation, arrays instead of DataFrame round trips); these tests
compare the bits (``array_equal`` on the float64 bit patterns, so that even the sign of a zero counts).
Speed is measured in ``benchmarks/``, not here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from marketimpact.study.batch import _add_rows, _compute_chunk, _Spec, batch_event_study
from marketimpact.study.panel import SummaryPanel
from marketimpact.study.statistics import PatellZ, run_tests


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64).view(np.int64)


def _summary(n: int = 3001, t: int = 21, seed: int = 5) -> SummaryPanel:
    rng = np.random.default_rng(seed)
    ar = rng.standard_t(3, (n, t)) * 0.02
    ar[::97, 3] = -0.0  # signed zeros: 0 + AR, and sums that start from -0.0
    ar[5, :] = 0.0
    ar_var = rng.uniform(1e-5, 1e-3, (n, t))
    windows = ((-1, 1), (0, 1), (-10, 10), (-3, 7))
    car_vars = rng.uniform(1e-4, 1e-2, (n, len(windows)))
    dof = rng.integers(20, 250, n)
    return SummaryPanel(np.array([f"e{i}" for i in range(n)], dtype=object), np.arange(-10, 11), ar, ar_var,
                        windows, car_vars, dof, rng.standard_normal(240), np.full(240, n))


@pytest.mark.parametrize("window", [(-1, 1), (0, 1), (-10, 10), (-3, 7), (0, 0), (-10, -10), (10, 10), (4, 9)])
def test_summary_car_and_sar_are_the_column_selection_sums(window):
    """SummaryPanel.car sums the day-major rows of the window one after the other, and SummaryPanel.sar is a
    view of the day-major standardised ARs: the bits of ARPanel.car's ``ar[:, cols].sum(axis=1)`` and of
    Patell's ``(ar[:, cols] / sqrt(var[:, cols])).sum(axis=1)`` on the (N, T) matrices."""
    p = _summary()
    cols = p.columns(window)
    ref_car = p.ar[:, cols].sum(axis=1) if cols.sum() > 1 else p.ar[:, cols].sum(axis=1) + 0.0
    assert np.array_equal(_bits(p.car(window)), _bits(ref_car))
    ref_scar = (p.ar[:, cols] / np.sqrt(p.ar_vars[:, cols])).sum(axis=1)
    sar = p.sar(cols)
    assert not sar.flags.writeable  # a view of the memo shared by every window
    assert np.array_equal(_bits(sar.sum(axis=1)), _bits(ref_scar))
    dof = p.dof.astype(float)
    ref_z = ref_scar / np.sqrt(cols.sum() * (dof / (dof - 2)))
    assert np.array_equal(_bits(PatellZ().scar(p, window)), _bits(ref_z))


def test_summary_tests_equal_a_fresh_panel():
    """Every streaming test on a panel whose memo was filled by other windows first equals the same test on
    a fresh panel (the memo's views are not written through)."""
    windows = [(-1, 1), (0, 1), (-10, 10), (-3, 7), (0, 0), (2, 2)]
    names = ["ts_t", "cs_t", "patell", "bmp"]
    warm = _summary()
    run_tests(warm, windows[::-1], names)
    for w in windows:
        a = run_tests(warm, [w], names)
        b = run_tests(_summary(), [w], names)
        assert [(r.name, r.stat, r.estimate) for r in a] == [(r.name, r.stat, r.estimate) for r in b]


@pytest.mark.parametrize("rows", [1, 2, 7, 64])
def test_add_rows_in_the_spare_row_equals_concatenation(rows):
    """_add_rows continuing a sum in the buffer's spare row gives the bits of reducing ``[acc; rows]``."""
    rng = np.random.default_rng(rows)
    E = 240
    buf = np.empty((rows + 1, E))
    acc = None
    ref = None
    cnt = np.zeros(E, np.int64)
    for _ in range(5):
        block = buf[1:]
        block[...] = rng.standard_normal((rows, E)) * 1e-2
        keep = np.ones(rows, bool)
        ref = block.sum(axis=0) if ref is None else np.add.reduce(np.concatenate([ref[None, :], block]), axis=0)
        acc = _add_rows(acc, cnt, block, None, keep, False, buf)
        assert np.array_equal(_bits(acc), _bits(ref))
    assert (cnt == 5 * rows).all()


def _one_factor_study(seed: int, start: str, periods: int, assets: int, beta: float, events: int,
                      days: tuple[int, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns of ``assets`` stocks on a market factor (fat-tailed, column MKT) and ``events`` events on them,
    day 0 drawn from the sessions ``days``."""
    rng = np.random.default_rng(seed)
    idx = pd.bdate_range(start, periods=periods)
    mkt = 0.01 * rng.standard_t(4, len(idx))
    frame = pd.DataFrame({f"A{i}": beta * mkt + 0.02 * rng.standard_t(4, len(idx)) for i in range(assets)}, index=idx)
    frame["MKT"] = mkt
    ev = pd.DataFrame({"event_id": [f"e{i}" for i in range(events)], "ticker": [f"A{i % assets}" for i in range(events)],
                       "date": [idx[rng.integers(*days)].strftime("%Y-%m-%d") for _ in range(events)]})
    return frame, ev


@pytest.mark.parametrize("model", ["market", "constant-mean", "market-adjusted"])
def test_lazy_d_and_event_windows_equal_the_chunk_kernel(model):
    """The numpy engine computes the event windows after the chunks, in input order, and keeps no (N, T) array
    of the market model's d (:func:`_window_d` computes it when the panel is built): both equal what the chunk
    kernel computes for the same events with its windows (the dask engine's path), bit for bit."""
    frame, ev = _one_factor_study(11, "2020-01-01", 400, assets=5, beta=0.9, events=40, days=(260, 390))
    res = batch_event_study(ev, frame, benchmark="MKT", model=model, window=(-3, 4), car_windows=[(-1, 1), (0, 2)],
                            progress=False, chunk_size=7)
    pi = res._panel_inputs
    spec = _Spec(model, pi["est_span"], res.window, ((0, 0), *res.car_windows), 30, True)
    ch = _compute_chunk(pi["y"], pi["m"], pi["base"], pi["pad"], spec, False, windows=True)
    for name in ("ret", "expected", "ar", "ar_var", "car", "car_var"):
        assert np.array_equal(_bits(getattr(res, name)), _bits(ch[name])), name
    if model == "market":
        assert callable(res._d)
        assert np.array_equal(_bits(res._d()), _bits(ch["d"]))
        sub = res._subset(np.arange(res.n_events) % 2 == 0, [])
        assert np.array_equal(_bits(sub._d()), _bits(ch["d"][::2]))
    else:
        assert res._d is None


def test_day_major_copies_made_with_the_windows_equal_the_panels_own():
    """The closed form hands the streaming tests' day-major AR, var AR and standardised ARs, made block by block
    with the event windows: the bits SummaryPanel._by_day computes from the (N, T) arrays itself."""
    frame, ev = _one_factor_study(3, "2019-01-01", 500, assets=4, beta=1.1, events=1500, days=(260, 480))
    res = batch_event_study(ev, frame, benchmark="MKT", progress=False)
    made = res._summary
    assert ("by_day", "sar") in made._memo  # handed over, not computed by the panel
    fresh = SummaryPanel(made.event_ids, made.rel_days, made.ar, made.ar_vars, made.windows, made.car_vars, made.dof,
                         made.est_sum, made.est_cnt)
    for name in ("ar", "ar_vars", "sar"):
        assert np.array_equal(_bits(made._by_day(name)), _bits(fresh._by_day(name))), name
    with pytest.raises(ValueError, match="day-major"):
        fresh.use_day_major(made.ar, made.ar_vars, made.ar)


def test_lazy_sessions_are_the_window_sessions():
    """The closed form gathers the (N, T) event-window sessions on first read: each row is the flat series'
    sessions from the window's first day, as an eager gather gives (and as the reference engine's frame has)."""
    frame, ev = _one_factor_study(5, "2019-01-01", 420, assets=3, beta=1.0, events=30, days=(260, 400))
    res = batch_event_study(ev, frame, benchmark="MKT", window=(-2, 3), car_windows=[(0, 1)], progress=False)
    assert callable(res.__dict__["sessions"])  # not gathered by the study itself
    pi = res._panel_inputs
    want = np.stack([pi["sessions"][b - 2:b + 4] for b in pi["base"]])
    assert res.sessions.dtype == np.int64 and np.array_equal(res.sessions, want)
    assert not callable(res.__dict__["sessions"])  # gathered once
    day0 = pd.to_datetime(res.to_frame().query("rel_day == 0")["date"]).to_numpy().astype("datetime64[ns]").astype(np.int64)
    assert np.array_equal(day0, want[:, 2])


@pytest.mark.parametrize("case", ["days", "few", "zero", "nat", "not_midnight", "one_off", "pre_1970"])
def test_whole_days_and_unique_sessions_as_integer_division(case):
    """The results table's session codes: the rounded float quotient, kept only when it gives every value back,
    is the integer quotient; np.unique's answer either way."""
    from marketimpact.study.result import _NS_DAY, _unique_sessions, _whole_days

    rng = np.random.default_rng(1)
    c = {"days": rng.integers(15000, 19000, 200_000) * _NS_DAY, "few": rng.integers(15000, 19000, 10) * _NS_DAY,
         "zero": np.array([0]), "nat": np.array([np.iinfo(np.int64).min, 5 * _NS_DAY]),
         "not_midnight": np.array([_NS_DAY * 3 + 1]),
         "one_off": rng.integers(15000, 19000, 300_000) * _NS_DAY + (np.arange(300_000) == 250_000),
         "pre_1970": rng.integers(-30000, 90000, 70_000) * _NS_DAY}[case].astype(np.int64)
    days = _whole_days(c)
    whole = not (c // _NS_DAY * _NS_DAY != c).any()
    assert (days is not None) == whole
    if whole:
        assert np.array_equal(days, c // _NS_DAY)
    u, inv = _unique_sessions(c)
    ru, rinv = np.unique(c, return_inverse=True)
    assert np.array_equal(u, ru) and np.array_equal(inv, rinv)


@pytest.mark.parametrize("n_codes", [1, 3, 1000, 32767, 40000])
def test_stable_order_is_argsort(n_codes):
    """Pair codes sorted as int16 when they fit: the permutation of the stable argsort of the codes."""
    from marketimpact.study.batch import _stable_order

    codes = np.random.default_rng(n_codes).integers(0, n_codes, 50_000).astype(np.intp)
    assert np.array_equal(_stable_order(codes, n_codes), np.argsort(codes, kind="stable"))


@pytest.mark.parametrize("model", ["market", "constant-mean", "market-adjusted"])
def test_threads_give_the_bits_of_one_thread(model):
    """The numpy engine's threads (the chunks' fits, then the blocks of event windows, each thread writing only
    its own rows) change no bit of any output: 1, 2 and 3 threads on a study of several chunks and several
    blocks of event windows (a block is about 780 events of a 21-day window)."""
    frame, ev = _one_factor_study(7, "2019-01-01", 520, assets=6, beta=1.2, events=2500, days=(260, 500))
    runs = [batch_event_study(ev, frame, benchmark="MKT", model=model, progress=False, chunk_size=700, n_threads=k,
                              tests=("ts_t", "cs_t", "patell", "bmp")) for k in (1, 2, 3)]
    one = runs[0]
    assert one.n_events == 2500
    for other in runs[1:]:
        for name in ("ret", "expected", "ar", "ar_var", "car", "car_var"):
            assert np.array_equal(_bits(getattr(one, name)), _bits(getattr(other, name))), name
        pd.testing.assert_frame_equal(one.tests_frame(), other.tests_frame(), check_exact=True)
        pd.testing.assert_frame_equal(one.params_frame(), other.params_frame(), check_exact=True)


@pytest.mark.parametrize("bad", [0, -2, 1.5, "2", True])
def test_threads_must_be_a_positive_whole_number(bad):
    from marketimpact.errors import ConfigurationError

    frame, ev = _one_factor_study(7, "2019-01-01", 320, assets=2, beta=1.0, events=3, days=(260, 300))
    with pytest.raises(ConfigurationError, match=r"n_threads must be a whole number of threads, 1 or more"):
        batch_event_study(ev, frame, benchmark="MKT", progress=False, n_threads=bad)


def test_default_threads_are_the_usable_cores_at_most_four(monkeypatch):
    import os

    from marketimpact.study import batch

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert batch.default_threads() == batch.MAX_DEFAULT_THREADS == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert batch.default_threads() == 1


@pytest.mark.parametrize("rows_per_part", [5, 11, 100, 11 * 333, None])
def test_results_parquet_written_in_parts_reads_back_as_one_table(tmp_path, rows_per_part):
    """The CLI writes the results Parquet a part (whole events) at a time while it builds the next: each part's
    event_id dictionary holds only its own events, and reading the file back unifies them into the whole
    result's frame, categories in event order."""
    import pyarrow.parquet as pq

    from marketimpact._io import OutputSet
    from marketimpact.cli import _write_arrow

    frame, ev = _one_factor_study(3, "2019-01-01", 420, assets=5, beta=0.8, events=1000, days=(260, 410))
    res = batch_event_study(ev, frame, benchmark="MKT", progress=False)
    pq.write_table(res._frame_arrow(), tmp_path / "whole.parquet")
    with OutputSet() as out:
        _write_arrow(res._frame_arrow_parts(rows_per_part), str(tmp_path / "parts.parquet"), out)
    t = res.ar.shape[1]
    want_groups = 1 if rows_per_part is None else -(-1000 // max(1, rows_per_part // t))
    assert pq.ParquetFile(tmp_path / "parts.parquet").metadata.num_row_groups == want_groups
    got, whole = pd.read_parquet(tmp_path / "parts.parquet"), pd.read_parquet(tmp_path / "whole.parquet")
    pd.testing.assert_frame_equal(got, whole, check_exact=True)
    assert list(got["event_id"].cat.categories) == list(ev["event_id"])
