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
