"""Multi-event study: events table, skipping with reasons, groups, batch CLI files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import run_cli_in_process

import marketimpact as mi
from marketimpact.errors import ConfigurationError
from marketimpact.study.multi import event_study

OPEC = "data/events/opec_decisions.csv"


@pytest.fixture(scope="module")
def opec_events(root):
    op = pd.read_csv(root / OPEC)
    parts = []
    for t in ["BZ=F", "CL=F"]:
        d = op[["event_id", "date", "timezone", "group"]].copy()
        d["ticker"] = t
        d["event_id"] = d["event_id"] + ":" + t
        parts.append(d)
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(scope="module")
def opec(opec_events):
    return event_study(opec_events, tests=["ts_t", "cs_t", "patell", "bmp"], car_windows=[(-1, 1), (0, 1)])


def test_every_event_is_studied_or_skipped_with_a_reason(opec, opec_events):
    assert opec.n_events + len(opec.skipped) == len(opec_events)
    # WTI's −37.63 settlement on 2020-04-20 lies inside the event window of the 12 Apr 2020 deal
    row = opec.skipped.set_index("event_id").loc["opec_2020_04_12:CL=F"]
    assert "2020-04-20" in row["reason"]


def test_aar_and_cs_t_by_hand(opec):
    car = np.array([r.car(-1, 1) for r in opec.results.values()])
    t = opec.test("cs_t", (-1, 1))
    assert t.estimate == pytest.approx(car.mean(), rel=1e-12)
    assert t.stat == pytest.approx(car.mean() / (car.std(ddof=1) / np.sqrt(len(car))), rel=1e-12)
    assert opec.aar().loc[0] == pytest.approx(np.mean([r.ar(0) for r in opec.results.values()]))


def test_weekend_decisions_move_to_monday(opec):
    r = opec.results["opec_2023_04_02:BZ=F"]  # Sunday surprise cut
    assert r.event_time.day0 == pd.Timestamp("2023-04-03") and r.event_time.rule == "next"


def test_groups(opec):
    assert set(opec.groups) == {"cut", "hike", "hold"}
    cut = opec.groups["cut"]
    assert cut.n_events == sum(1 for e in opec.results if e.split(":")[0] in
                               set(pd.read_csv(OPEC).query("group == 'cut'").event_id))
    bg = opec.by_group()
    assert {"group", "test", "statistic", "p_value"} <= set(bg.columns)


def test_frames(opec):
    f = opec.to_frame()
    assert list(f.columns) == ["event_id", "ticker", "rel_day", "date", "ret", "expected", "ar", "car", "roll_day"]
    assert len(f) == opec.n_events * 11
    tf = opec.tests_frame()
    assert {"test", "rel_day_start", "rel_day_end", "statistic", "p_value"} <= set(tf.columns)
    pf = opec.params_frame()
    assert {"event_id", "model", "alpha", "beta", "sigma", "n_obs", "r2"} <= set(pf.columns)
    assert "Multi-event study" in opec.summary() and "<table" in opec._repr_html_()


def test_bad_events_tables():
    with pytest.raises(ConfigurationError, match="missing column"):
        event_study(pd.DataFrame({"event_id": ["a"], "date": ["2024-01-02"]}))
    with pytest.raises(ConfigurationError, match="duplicate event_id"):
        event_study(pd.DataFrame({"event_id": ["a", "a"], "ticker": ["BZ=F"] * 2, "date": ["2024-01-02"] * 2}))
    with pytest.raises(ConfigurationError, match="not a date"):
        event_study(pd.DataFrame({"event_id": ["a"], "ticker": ["BZ=F"], "date": ["soon"]}))


def test_short_history_is_kept_and_reported_or_skipped():
    ev = pd.DataFrame({"event_id": ["early", "too_early"], "ticker": ["LMT", "LMT"], "date": ["2019-03-15", "2019-01-10"]})
    res = event_study(ev, tests=["cs_t"], window=(-2, 2), min_obs=30)
    assert "early" in res.results and res.results["early"].fitted.nobs < 240
    assert "too_early" in set(res.skipped.event_id)


def test_batch_cli_files(tmp_path, opec_events):
    prices = mi.load_prices(["BZ=F", "CL=F", "^GSPC"]).close().loc["2013-01-01":]
    prices.index.name = "date"
    prices.reset_index().to_csv(tmp_path / "prices.csv", index=False)
    opec_events.to_csv(tmp_path / "events.csv", index=False)
    r = run_cli_in_process("batch", str(tmp_path / "events.csv"), "--prices", str(tmp_path / "prices.csv"),
                "--out", str(tmp_path / "res.parquet"), "--tests-out", str(tmp_path / "tests.csv"),
                "--params-out", str(tmp_path / "params.csv"), "--tests", "cs_t", "bmp", "patell")
    assert r.returncode == 0, r.stderr
    res = pd.read_parquet(tmp_path / "res.parquet")
    assert list(res.columns) == ["event_id", "ticker", "rel_day", "date", "ret", "expected", "ar", "car", "roll_day"]
    tests = pd.read_csv(tmp_path / "tests.csv")
    assert set(tests.test) == {"cs_t", "bmp", "patell"}
    assert (tests.rel_day_start <= tests.rel_day_end).all()
    params = pd.read_csv(tmp_path / "params.csv")
    assert {"alpha", "beta", "sigma", "n_obs"} <= set(params.columns)


def test_batch_cli_returns_given_are_not_rescaled(tmp_path):
    rng = np.random.default_rng(0)
    idx = pd.bdate_range("2020-01-01", periods=400)
    m = rng.normal(0, 0.01, 400)
    a = 0.5 * m + rng.normal(0, 0.01, 400)
    a[350] += 0.05
    pd.DataFrame({"date": idx, "A": a, "M": m}).to_csv(tmp_path / "r.csv", index=False)
    pd.DataFrame({"event_id": ["e"], "ticker": ["A"], "date": [idx[350].date()]}).to_csv(tmp_path / "e.csv", index=False)
    r = run_cli_in_process("batch", str(tmp_path / "e.csv"), "--prices", str(tmp_path / "r.csv"), "--returns", "--benchmark", "M",
                "--out", str(tmp_path / "o.csv"), "--tests", "cs_t")
    assert r.returncode == 0, r.stderr
    out = pd.read_csv(tmp_path / "o.csv")
    assert out.loc[out.rel_day == 0, "ret"].iloc[0] == pytest.approx(a[350])


def test_batch_cli_bad_input(tmp_path):
    (tmp_path / "e.csv").write_text("event_id,date\nx,2024-01-01\n")
    (tmp_path / "p.csv").write_text("date,A\n2024-01-01,1\n")
    r = run_cli_in_process("batch", str(tmp_path / "e.csv"), "--prices", str(tmp_path / "p.csv"), "--out", str(tmp_path / "o.csv"))
    assert r.returncode == 2 and "missing column" in r.stderr and "Traceback" not in r.stderr
