"""The seed story end to end through the public API, and the claim check's verdicts."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import marketimpact as mi
from marketimpact.types import MarketClaim


def test_day0_return_and_market_model(seed_analysis):
    st = seed_analysis.study
    assert st.ticker == "BZ=F" and st.benchmark == "^GSPC"
    assert st.event_time.day0 == pd.Timestamp("2025-02-12")
    r0 = st.frame.set_index("rel_day").loc[0, "ret"]
    assert r0 == pytest.approx(np.log(75.18000030517578 / 77.0), abs=1e-9)  # −2.39 %
    assert st.fitted.nobs == 240  # sessions −250..−11
    assert st.estimation_sessions[1] < st.event_time.day0


def test_car_tests_are_consistent_with_their_parts(seed_analysis):
    st = seed_analysis.study
    t = st.car_test(-1, 1)
    assert t.estimate == pytest.approx(st.ar(-1) + st.ar(0) + st.ar(1))
    assert t.pvalue == pytest.approx(2 * (1 - __import__("scipy").stats.t(st.fitted.dof).cdf(abs(t.stat))))
    assert {(x.window) for x in st.tests} >= {(0, 0), (-1, 1), (0, 1), (0, 5)}


def test_claim_verdict_consistent_with_numbers(seed_analysis):
    (chk,) = seed_analysis.claim_checks
    assert chk.verdict == "consistent"
    assert chk.close == pytest.approx(75.18, abs=1e-4) and chk.prev_close == pytest.approx(77.0)
    assert chk.observed_move_pct == pytest.approx(-2.3636, abs=1e-3)
    assert (chk.low, chk.high) == pytest.approx((74.95, 76.89), abs=1e-4)
    assert chk.level_ok and chk.move_ok


@pytest.mark.parametrize(
    ("move", "level", "verdict"),
    [(-2.3, 75.25, "consistent"), (-5.0, 75.25, "inconsistent"), (-2.3, 72.0, "inconsistent"), (2.3, None, "inconsistent")],
)
def test_claim_verdicts(move, level, verdict):
    bars = mi.load_prices("BZ=F", "2025-02-10", "2025-02-14")["BZ=F"]
    c = MarketClaim("Brent", "BZ=F", "down" if move < 0 else "up", move_pct=move, level=level, unit="USD/bbl")
    assert mi.check_claim(c, bars, "2025-02-12").verdict == verdict


def test_claim_without_data_cannot_be_checked():
    c = MarketClaim("Brent", "BZ=F", "down", move_pct=-2.3)
    assert mi.check_claim(c, None, "2025-02-12").verdict == "cannot check"


def test_settle_basis_level_compares_with_close():
    bars = mi.load_prices("BZ=F", "2025-02-10", "2025-02-14")["BZ=F"]
    ok = MarketClaim("Brent", "BZ=F", "down", level=75.18, unit="USD/bbl", basis="settle")
    bad = MarketClaim("Brent", "BZ=F", "down", level=75.25 + 0.5, unit="USD/bbl", basis="settle")
    assert mi.check_claim(ok, bars, "2025-02-12").verdict == "consistent"
    assert mi.check_claim(bad, bars, "2025-02-12").verdict == "inconsistent"


def test_result_objects_render(seed_analysis):
    s = seed_analysis.summary()
    assert "CONSISTENT" in s and "ts_t" in s and "prediction-error" in s
    html = seed_analysis._repr_html_()
    assert "<table" in html
    d = json.loads(seed_analysis.to_json())
    assert d["day0"]["day0"] == "2025-02-12" and d["event"]["precision"] == "day"
    assert {"rel_day", "ret", "expected", "ar", "car"} <= set(d["days"][0])
    assert d["claim_checks"][0]["verdict"] == "consistent"
    assert set(seed_analysis.to_frame().columns) >= {"event_id", "rel_day", "ar", "car"}


def test_own_prices_frame_is_accepted(seed_analysis):
    p = mi.load_prices(["BZ=F", "^GSPC"])
    wide = p.close()
    an = mi.analyze(seed_analysis.article, prices=wide)
    assert an.study.ar(0) == pytest.approx(seed_analysis.study.ar(0), rel=1e-12)


def test_factor_model_side_by_side(seed_analysis):
    an = mi.analyze(seed_analysis.article, model="factor", factors=["^GSPC", "DX-Y.NYB"])
    assert list(an.study.fitted.params.index) == ["alpha", "^GSPC", "DX-Y.NYB"]
    assert an.study.fitted.dof == an.study.fitted.nobs - 3


def test_roll_day_inside_the_event_window_is_flagged():
    import datetime as dt
    import warnings

    from marketimpact.errors import RollDayWarning

    prices = mi.load_prices(["BZ=F", "^GSPC"])
    ev = mi.Event("roll", dt.date(2024, 11, 29), "America/New_York")  # ICE Brent Jan-25 expired 29 Nov 2024
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        res = mi.EventStudy().run(ev, prices, "BZ=F", "^GSPC")
    assert any(issubclass(x.category, RollDayWarning) for x in w)
    flagged = res.frame.loc[res.frame.roll_day, "session"]
    assert pd.Timestamp("2024-12-02") in set(flagged)
    assert any("2024-12-02" in m for m in res.warnings)


def test_seed_window_has_no_roll_day(seed_analysis):
    assert not seed_analysis.study.frame["roll_day"].any()


def test_json_schema_is_the_documented_one(seed_analysis, root):
    """docs/json-schema.md documents these keys; renaming one breaks users' scripts."""
    d = json.loads(seed_analysis.to_json())
    assert d["schema"] == "marketimpact.study/1"
    documented = {"schema", "article", "event", "claims", "ticker", "benchmark", "factors", "return_kind", "day0",
                  "estimation_window", "estimation_sessions", "event_window", "model", "days", "tests",
                  "claim_checks", "prices", "warnings"}
    assert set(d) == documented
    doc = (root / "docs" / "json-schema.md").read_text()
    for key in documented:
        assert f"`{key}`" in doc
    assert set(d["days"][0]) == {"rel_day", "session", "ret", "market", "expected", "ar", "ar_t", "ar_p", "car", "roll_day"}
    assert set(d["tests"][0]) >= {"test", "rel_day_start", "rel_day_end", "estimate", "statistic", "p_value"}


def test_single_event_patell_by_hand(seed_analysis):
    st = seed_analysis.study
    f = st.frame.set_index("rel_day")
    dof = st.fitted.dof
    sar = f.loc[-1:1, "ar"] / f.loc[-1:1, "ar_se"]
    z = sar.sum() / np.sqrt(3 * dof / (dof - 2))
    t = st.test("patell", -1, 1)
    assert t.stat == pytest.approx(z, rel=1e-12)
    assert t.pvalue == pytest.approx(2 * __import__("scipy").stats.norm.sf(abs(z)), rel=1e-12)


def test_bhar_by_hand(seed_analysis):
    st = seed_analysis.study
    f = st.frame.set_index("rel_day").loc[0:1]
    by_hand = np.prod(np.exp(f["ret"])) - np.prod(np.exp(f["expected"]))
    assert st.bhar(0, 1) == pytest.approx(by_hand, rel=1e-12)
    # one day: BHAR = exp(r) − exp(e), not the log AR
    r0 = st.frame.set_index("rel_day").loc[0]
    assert st.bhar(0, 0) == pytest.approx(np.exp(r0.ret) - np.exp(r0.expected))
