"""The two engines behind ``marketimpact.event_study`` (statsmodels reference, closed-form numpy) against
published numbers, by one parametrised class (as arch tests its Python and compiled recursions).

Published data: event_study_toolkit's 100 firms (tests/data/published/event_study_toolkit): returns
saved the pandas way, the events table as users write it, and only the study design as settings
(estimation −60..−11, window 0..+1, simple returns given) plus the toolkit's convention
``pe_correction=False``; everything else is a default (CAR windows, min_obs, tests, policy).

Not expressible with default settings: the toolkit standardises without the prediction-error term
(``pe_correction=False`` is passed) and its Patell has no small-sample factor (computed on the result's
panel with ``PatellZ(small_sample_factor=False)``). The estudy2 numbers go through the batch CLI with
default flags in tests/test_published_references.py (both engines); the sipemu and Chen–Siems cases
use hand-built panels (tests/test_statistics.py), not an engine.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from test_statistics import RTOL, TOOLKIT, TOOLKIT_CASES, _tk

import marketimpact as mi
from marketimpact.study.statistics import PatellZ


def _toolkit_inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    d = pd.read_csv(f"{TOOLKIT}/returns_2019-12-23_2020-03-23.csv", parse_dates=["date"])
    wide = d.pivot(index="date", columns="subject_id", values="ret_dlst_adj")
    wide.columns = [f"FIRM{c:03d}" for c in wide.columns]
    wide["MKT"] = d.groupby("date").vwretd.first()
    ev = pd.read_csv(f"{TOOLKIT}/events.csv")
    events = pd.DataFrame({"event_id": [f"F{s}" for s in ev.subject_id], "ticker": [f"FIRM{s:03d}" for s in ev.subject_id],
                           "date": pd.to_datetime(ev.EVT_DATE, format="%m/%d/%Y").dt.strftime("%Y-%m-%d"),
                           "benchmark": "MKT", "group": ev.CCAR.astype(int)})
    return events, wide


@pytest.fixture(scope="module", params=["reference", "numpy"])
def study(request):
    events, wide = _toolkit_inputs()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mi.errors.MarketImpactWarning)
        res = mi.event_study(events, wide, engine=request.param, returns_given=True, estimation=(-60, -11),
                             window=(0, 1), pe_correction=False, tests=["cs_t", "bmp", "sign", "gen_sign"])
    return request.param, res


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return pd.read_csv(f"{TOOLKIT}/expected_outputs.csv")


class TestToolkitThroughEachEngine:
    """Each published toolkit statistic, through the engine of the fixture's parameter."""

    @pytest.mark.parametrize("test,stat", TOOLKIT_CASES, ids=[c[1] for c in TOOLKIT_CASES])
    def test_statistic(self, study, expected, test, stat):
        engine, res = study
        full, printed = _tk(expected, "all", stat)
        got = test.compute(res.panel, (0, 1)).stat
        assert got == pytest.approx(full, rel=RTOL, abs=1e-12), engine
        assert abs(got - printed) <= 5e-7

    def test_result_tests_are_the_published_ones(self, study, expected):
        """The tests the study itself ran (tests_frame) carry the published values: cs_t = car_t, bmp = scar_t."""
        engine, res = study
        got = res.tests_frame().set_index(["test", "rel_day_start", "rel_day_end"])["statistic"]
        assert got[("cs_t", 0, 1)] == pytest.approx(_tk(expected, "all", "car_t")[0], rel=RTOL), engine
        assert got[("bmp", 0, 1)] == pytest.approx(_tk(expected, "all", "scar_t")[0], rel=RTOL), engine
        assert got[("gen_sign", 0, 1)] == pytest.approx(_tk(expected, "all", "gen_z")[0], rel=RTOL), engine

    def test_groups(self, study, expected):
        engine, res = study
        panel = res.panel
        for g in (0, 1):
            sub = panel.subset(np.asarray(panel.groups, dtype=object).astype(int) == g)
            full, _ = _tk(expected, f"CCAR={g}", "tpatell")
            assert PatellZ(small_sample_factor=False).compute(sub, (0, 1)).stat == pytest.approx(full, rel=RTOL), engine

    def test_defaults_were_used(self, study):
        """Only the design was given: the default CAR windows that fit in 0..+1 and min_obs = min(30, 50)."""
        engine, res = study
        assert sorted({tuple(w) for w in res.tests_frame()[["rel_day_start", "rel_day_end"]].to_numpy().tolist()
                       if w[0] != w[1]}) == [(0, 1)], engine
        assert res.n_events == 100


# ----------------------------------------------------------------------------------------------
# one result class, whatever the engine
# ----------------------------------------------------------------------------------------------
OPEC = "data/events/opec_decisions.csv"
#: the engines agree to this (absolute, decimals; tests/test_batch.py pins 1e-10 on more cases)
ENGINE_TOL = 1e-10


@pytest.fixture(scope="module")
def opec_pair(root):
    """The bundled OPEC decisions on Brent and WTI (bundled prices), default settings, through both engines."""
    op = pd.read_csv(root / OPEC)
    events = pd.concat([op.assign(ticker=t, event_id=op.event_id + ":" + t) for t in ("BZ=F", "CL=F")],
                       ignore_index=True)
    prices = mi.load_prices(["BZ=F", "CL=F", "^GSPC"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mi.errors.MarketImpactWarning)
        ref = mi.event_study(events, prices, engine="reference")
        num = mi.event_study(events, prices, engine="numpy", progress=False)
    return ref, num


class TestOneResultClass:
    """Both engines return one class with one contract; their numbers agree to ENGINE_TOL."""

    def test_same_type(self, opec_pair):
        ref, num = opec_pair
        assert type(ref) is type(num) is mi.MultiEventResult
        assert (ref.engine, num.engine) == ("reference", "numpy")

    def test_same_frame(self, opec_pair):
        ref, num = opec_pair
        f1, f2 = ref.to_frame(), num.to_frame()
        assert list(f1.columns) == list(f2.columns) and (f1.dtypes == f2.dtypes).all()
        assert f1.shape == f2.shape and ref.n_events >= 20
        for c in ("event_id", "ticker", "date", "rel_day", "roll_day"):
            assert (f1[c].astype(str).to_numpy() == f2[c].astype(str).to_numpy()).all(), c
        for c in ("ret", "expected", "ar", "car"):
            np.testing.assert_allclose(f2[c], f1[c], rtol=0, atol=ENGINE_TOL, err_msg=c)

    def test_same_params_tests_warnings_and_skips(self, opec_pair):
        ref, num = opec_pair
        p1, p2 = ref.params_frame(), num.params_frame()
        assert list(p1.columns) == list(p2.columns)
        pd.testing.assert_frame_equal(p1.drop(columns=["alpha", "beta", "sigma", "r2"]),
                                      p2.drop(columns=["alpha", "beta", "sigma", "r2"]))
        for c in ("alpha", "beta", "sigma", "r2"):
            np.testing.assert_allclose(p2[c], p1[c], rtol=1e-9, atol=ENGINE_TOL, err_msg=c)
        t1, t2 = ref.tests_frame(), num.tests_frame()
        assert list(t1.columns) == list(t2.columns) and t1[["test", "rel_day_start"]].equals(t2[["test", "rel_day_start"]])
        np.testing.assert_allclose(t2["statistic"].astype(float), t1["statistic"].astype(float), rtol=1e-8, atol=1e-9)
        e1, e2 = ref.tests_frame(per_event=True), num.tests_frame(per_event=True)
        assert list(e1.columns) == list(e2.columns)
        np.testing.assert_allclose(e2["statistic"], e1["statistic"], rtol=1e-8, atol=1e-9)
        pd.testing.assert_frame_equal(ref.warnings, num.warnings)
        pd.testing.assert_frame_equal(ref.skipped, num.skipped)
        assert not ref.skipped.empty and not ref.warnings.empty  # WTI's negative settle; futures rolls

    def test_same_series_and_groups(self, opec_pair):
        ref, num = opec_pair
        np.testing.assert_allclose(num.bhar(0, 1), ref.bhar(0, 1), rtol=0, atol=ENGINE_TOL)
        np.testing.assert_allclose(num.caar_band().to_numpy(), ref.caar_band().to_numpy(), rtol=0, atol=1e-9)
        assert list(ref.groups) == list(num.groups) == ["cut", "hike", "hold"]
        g1, g2 = ref.by_group(), num.by_group()  # the closed form runs the streaming tests per group
        m = g1.merge(g2, on=["group", "test", "rel_day_start", "rel_day_end"], suffixes=("_ref", "_num"))
        assert len(m) == len(g2) > 0
        np.testing.assert_allclose(m["statistic_num"].astype(float), m["statistic_ref"].astype(float), rtol=1e-9)
        for g in ref.groups:
            a, b = ref.groups[g].test("cs_t", (-1, 1)), num.groups[g].test("cs_t", (-1, 1))
            assert b.stat == pytest.approx(a.stat, rel=1e-9), g

    def test_same_json_summary_html_and_plot(self, opec_pair):
        import json

        ref, num = opec_pair
        d1, d2 = json.loads(ref.to_json()), json.loads(num.to_json())
        assert d1["schema"] == d2["schema"] == "marketimpact.multi/1"
        assert d1.keys() == d2.keys() and d1["events"].keys() == d2["events"].keys()
        first = next(iter(d1["events"]))
        assert d1["events"][first].keys() == d2["events"][first].keys()
        assert d1["events"][first]["day0"] == d2["events"][first]["day0"]
        for r in (ref, num):
            assert "Multi-event study" in r.summary() and f"engine: {r.engine}" in r.summary()
            assert "<table" in r._repr_html_() and "MultiEventResult(" in repr(r)
        import matplotlib.pyplot as plt

        figs = [r.plot("caar") for r in (ref, num)]
        assert all(f.axes for f in figs)
        for f in figs:
            plt.close(f)

    def test_results_are_the_reference_engines(self, opec_pair):
        ref, num = opec_pair
        assert set(ref.results) == set(ref.event_ids)
        with pytest.raises(mi.errors.ConfigurationError, match=r"engine='reference' only.*tests_frame"):
            num.results  # noqa: B018


def test_numpy_engine_without_prices_loads_what_the_reference_loads(root):
    """No prices given: the closed form loads each ticker and benchmark around its dates, as the reference does."""
    op = pd.read_csv(root / OPEC).head(8).assign(ticker="BZ=F")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mi.errors.MarketImpactWarning)
        ref = mi.event_study(op, engine="reference", tests=["cs_t"])
        num = mi.event_study(op, engine="numpy", tests=["cs_t"], progress=False)
    assert num.n_events == ref.n_events >= 6
    np.testing.assert_allclose(num.ar, ref.ar, rtol=0, atol=ENGINE_TOL)
    assert num.test("cs_t", (-1, 1)).stat == pytest.approx(ref.test("cs_t", (-1, 1)).stat, rel=1e-9)


def test_numpy_engine_with_a_list_of_events_says_what_to_pass():
    ev = [mi.Event("e", "2025-02-12", "Europe/London")]
    with pytest.raises(mi.errors.ConfigurationError, match=r"events table .*engine='reference'"):
        mi.event_study(ev, engine="numpy", tickers=["BZ=F"])
