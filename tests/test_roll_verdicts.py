"""Claims on a futures roll day are never judged against the spliced continuous-series change.

Story: OPEC+'s surprise cut, Monday 3 April 2023 (tests/data/articles/opec_plus_cut_2023.md):
"Brent crude futures settled up 6.3% at $84.93". That is the June contract's move (79.89 → 84.93);
Yahoo's BZ=F rolled that day from the expired May contract (79.77 on 31 March), so its
close-to-close change, 84.93 / 79.77 − 1 = +6.47 %, mixes two contracts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import marketimpact as mi
from marketimpact.cli import main
from marketimpact.errors import RollDayWarning

STORY = Path(__file__).resolve().parent / "data" / "articles" / "opec_plus_cut_2023.md"


@pytest.fixture(scope="module")
def opec():
    with pytest.warns(RollDayWarning, match="rolls to the next contract on 2023-04-03"):
        return mi.analyze(STORY)


def test_roll_day_move_is_not_judged_against_the_spliced_change(opec):
    (chk,) = opec.claim_checks
    assert chk.session.strftime("%Y-%m-%d") == "2023-04-03" and chk.roll_day
    assert chk.verdict == "cannot check"  # never "inconsistent" for the correct per-contract +6.3 %
    assert chk.move_ok is None and chk.level_ok is True  # the level is the new contract's: still checked
    assert chk.observed_move_pct == pytest.approx((84.93 / 79.77 - 1) * 100, abs=0.01)  # 6.47, by hand
    assert "futures roll on 2023-04-03" in chk.reasons[0] and "79.77" in chk.reasons[0] and "+6.47%" in chk.reasons[0]
    assert "FUTURES ROLL" in chk.describe()


def test_a_wrong_level_on_a_roll_day_is_still_inconsistent(opec):
    (chk,) = opec.claim_checks
    wrong = dataclasses.replace(chk.claim, level=80.0)
    bars = opec.prices["BZ=F"]
    assert mi.check_claim(wrong, bars, chk.session).verdict == "inconsistent"
    # the same claim on an ordinary day is judged on its move as before
    assert mi.check_claim(chk.claim, bars, "2023-04-04").roll_day is False


def test_chart_title_uses_the_verdicts_number(opec):
    from marketimpact import charts

    title = " ".join(charts.frame_of(opec.plot("price")).title_lines())
    assert "6.5% across a contract roll" in title  # +6.47 % as in the claim check's reasons


def test_cli_shows_no_inconsistent_verdict(capsys):
    assert main(["study", str(STORY)]) == 0
    out = capsys.readouterr().out
    assert "INCONSISTENT" not in out and "CANNOT CHECK: FUTURES ROLL" in out
