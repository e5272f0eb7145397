"""Defaults that work: CAR windows that fit the event window, min_obs that fits the estimation
window, prices tables as users save them, and the same defaults in every entry point."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import marketimpact as mi
from marketimpact import cli
from marketimpact.errors import MinObsLoweredWarning, WindowError
from marketimpact.study.spec import car_windows_for, min_obs_for

SESSIONS = pd.bdate_range("2021-01-04", periods=260)


def _closes(n_assets: int = 4, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    m = rng.normal(0, 0.01, len(SESSIONS))
    cols = {"MKT": 100 * np.exp(np.cumsum(m))}
    for k in range(n_assets):
        cols[f"S{k}"] = 50 * np.exp(np.cumsum(0.8 * m + rng.normal(0, 0.015, len(SESSIONS))))
    return pd.DataFrame(cols, index=pd.DatetimeIndex(SESSIONS, name="date"))


def _events(n: int = 4) -> pd.DataFrame:
    return pd.DataFrame({"event_id": [f"e{k}" for k in range(n)], "ticker": [f"S{k}" for k in range(n)],
                         "date": [f"{SESSIONS[120 + 7 * k]:%Y-%m-%d}" for k in range(n)], "benchmark": "MKT"})


# ----------------------------------------------------------------------------------------------- spec helpers
def test_default_car_windows_fit_the_event_window():
    assert car_windows_for((-5, 5)) == [(-1, 1), (0, 1), (-5, 5)]
    assert car_windows_for((0, 10)) == [(0, 1), (0, 10)]
    assert car_windows_for((0, 4)) == [(0, 1), (0, 4)]
    assert car_windows_for((0, 0)) == [(0, 0)]
    assert car_windows_for((-1, 1)) == [(-1, 1), (0, 1)]
    with pytest.raises(WindowError, match="not inside"):  # a window the user asks for is still checked
        car_windows_for((0, 10), [(-1, 1)])


def test_min_obs_never_exceeds_the_estimation_window():
    assert min_obs_for(None, (-250, -11)) == 30
    assert min_obs_for(None, (-30, -11)) == 20
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert min_obs_for(25, (-250, -11)) == 25
    with pytest.warns(MinObsLoweredWarning, match="lowered to 20"):
        assert min_obs_for(30, (-30, -11)) == 20


# ----------------------------------------------------------------------------------------------- acceptance
def test_batch_cli_zero_to_ten_window_20_day_estimation_index_dated_parquet(tmp_path, capsys):
    """The issue's acceptance case: --window 0 10, --estimation -30 -11, df.to_parquet() (dates as the index)."""
    _closes().to_parquet(tmp_path / "prices.parquet")  # the pandas way: the dates are the index
    _events().to_csv(tmp_path / "events.csv", index=False)
    out = tmp_path / "res.csv"
    code = cli.main(["batch", str(tmp_path / "events.csv"), "--prices", str(tmp_path / "prices.parquet"),
                     "--window", "0", "10", "--estimation", "-30", "-11", "--out", str(out),
                     "--tests-out", str(tmp_path / "tests.csv")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    res = pd.read_csv(out)
    assert res.event_id.nunique() == 4 and sorted(res.rel_day.unique()) == list(range(11))
    tests = pd.read_csv(tmp_path / "tests.csv")
    caar = tests[tests.rel_day_start != tests.rel_day_end]
    assert {(0, 1), (0, 10)} == set(zip(caar.rel_day_start, caar.rel_day_end))
    assert np.isfinite(caar.loc[caar.test == "cs_t", "statistic"]).all()
    # the same through the API gives the same AR (20 estimation days used, no event skipped)
    api = mi.batch_event_study(_events(), _closes(), window=(0, 10), estimation=(-30, -11), from_prices=True,
                               progress=False)
    assert api.skipped.empty and (api.params["n_obs"] == 20).all()
    np.testing.assert_allclose(res.ar.to_numpy(), api.ar.ravel(), rtol=1e-12)


@pytest.mark.parametrize("engine", ["numpy", "reference"])
def test_both_engines_accept_the_short_defaults(engine):
    kw = {"window": (0, 4), "estimation": (-30, -11), "benchmark": "MKT"}
    if engine == "numpy":
        res = mi.batch_event_study(_events(), _closes(), from_prices=True, progress=False, **kw)
    else:
        res = mi.event_study(_events(), _closes(), engine="reference", tests=["cs_t", "bmp"], **kw)
    assert res.n_events == 4
    got = {(t.window, t.name) for t in res.tests}
    assert ((0, 1), "cs_t") in got and ((0, 4), "cs_t") in got


def test_explicit_min_obs_larger_than_the_window_is_lowered_and_said(tmp_path, capsys):
    _closes().to_csv(tmp_path / "prices.csv")  # df.to_csv(): the dates as the first (named) column
    _events().to_csv(tmp_path / "events.csv", index=False)
    code = cli.main(["batch", str(tmp_path / "events.csv"), "--prices", str(tmp_path / "prices.csv"),
                     "--estimation", "-30", "-11", "--min-obs", "30", "--tests", "cs_t",
                     "--out", str(tmp_path / "r.parquet")])
    err = capsys.readouterr().err
    assert code == 0
    assert err.strip().splitlines() == [
        "marketimpact: note: min_obs = 30 is more than the 20 sessions of the estimation window (-30, -11); "
        "lowered to 20"]


# ----------------------------------------------------------------------------------------------- table layouts
@pytest.mark.parametrize("layout", ["date-column", "index-parquet", "unnamed-index-csv", "long-table", "Date-column"])
def test_prices_table_layouts_give_the_same_study(tmp_path, layout):
    from marketimpact.prices.frame import wide_from_table

    wide = _closes()
    if layout == "date-column":
        table = wide.reset_index()
    elif layout == "Date-column":
        table = wide.reset_index().rename(columns={"date": "Date"})
    elif layout == "index-parquet":
        wide.to_parquet(tmp_path / "p.parquet")
        table = pd.read_parquet(tmp_path / "p.parquet")
    elif layout == "unnamed-index-csv":
        wide.rename_axis(None).to_csv(tmp_path / "p.csv")
        table = pd.read_csv(tmp_path / "p.csv")
    else:
        table = mi.Prices.from_frame(wide).to_frame()
    got = wide_from_table(table)
    pd.testing.assert_frame_equal(got[wide.columns.tolist()], wide.rename_axis("session"), check_freq=False)


def test_batch_cli_reads_the_long_table_prices_out_writes(tmp_path, capsys):
    """`marketimpact prices --out` then `marketimpact batch --prices` on that very file (bundled data, offline)."""
    long_file = tmp_path / "long.parquet"
    assert cli.main(["prices", "BZ=F", "^GSPC", "--start", "2023-01-03", "--end", "2025-02-28",
                     "--out", str(long_file)]) == 0
    pd.DataFrame({"event_id": ["a", "b"], "ticker": ["BZ=F", "BZ=F"],
                  "date": ["2024-06-03", "2025-02-12"]}).to_csv(tmp_path / "ev.csv", index=False)
    capsys.readouterr()
    code = cli.main(["batch", str(tmp_path / "ev.csv"), "--prices", str(long_file), "--tests", "cs_t", "bmp",
                     "--out", str(tmp_path / "r.csv")])
    assert code == 0, capsys.readouterr().err
    assert set(pd.read_csv(tmp_path / "r.csv").event_id) == {"a", "b"}


def test_time_of_day_in_the_date_column_is_the_session(tmp_path):
    """Issue 15 item 7: '2015-12-04 16:00:00' is the session 2015-12-04 (and policy 'error' accepts it)."""
    from marketimpact.prices.frame import wide_from_table

    wide = _closes()
    stamped = wide.copy()
    stamped.index = stamped.index + pd.Timedelta(hours=16)
    got = wide_from_table(stamped.reset_index())
    assert (got.index == wide.index).all()
    for fn in (lambda d: mi.batch_event_study(_events(), d, benchmark="MKT", from_prices=True, progress=False,
                                              nontrading="error", estimation=(-100, -11)),
               lambda d: mi.event_study(_events(), d, engine="reference", benchmark="MKT", tests=["cs_t"], nontrading="error",
                                        estimation=(-100, -11))):
        a, b = fn(wide), fn(stamped)
        assert a.n_events == b.n_events == 4
        np.testing.assert_allclose(a.aar().to_numpy(), b.aar().to_numpy(), rtol=1e-12)


def test_batch_cli_threads_change_no_number_and_a_bad_count_is_one_line(tmp_path):
    """``--threads`` (default: the usable cores, at most 4) gives the same results file as one thread; a count
    below 1 is refused in one line naming the option's value, and nothing is written."""
    from tests.conftest import run_cli_in_process

    _closes().to_parquet(tmp_path / "prices.parquet")
    _events().to_csv(tmp_path / "events.csv", index=False)
    common = ["batch", str(tmp_path / "events.csv"), "--prices", str(tmp_path / "prices.parquet"),
              "--estimation", "-30", "-11", "--tests", "cs_t", "bmp"]
    for name, extra in (("one.parquet", ["--threads", "1"]), ("default.parquet", []),
                        ("three.parquet", ["--threads", "3"])):
        done = run_cli_in_process(*common, *extra, "--out", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
    one = pd.read_parquet(tmp_path / "one.parquet")
    assert len(one) == 4 * 11
    for name in ("default.parquet", "three.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / name), one, check_exact=True)
    bad = run_cli_in_process(*common, "--threads", "0", "--out", str(tmp_path / "bad.parquet"))
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "marketimpact: error: --threads must be 1 or more (threads of the numpy engine); got 0"]
    assert not (tmp_path / "bad.parquet").exists()
