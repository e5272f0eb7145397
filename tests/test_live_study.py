"""`marketimpact study` on a ticker that is not bundled: the prices come from Yahoo Finance.

The story (tests/data/articles/nvidia_deepseek_2025.md) is about Nvidia on Monday 27 January
2025, studied against the Nasdaq Composite; neither is bundled. Recorded v8 chart-API payloads
are replayed at the HTTP layer (the ``replay`` fixture of test_yahoo.py: yfinance parses them
for real); the payloads are synthesized except for the published closes of 24 and 27 January
(tests/data/yahoo/SOURCE.md).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from test_yahoo import replay  # noqa: F401  (fixture: recorded responses, network "up")

import marketimpact as mi
from marketimpact.cli import main
from marketimpact.prices import cache

STORY = Path(__file__).resolve().parent / "data" / "articles" / "nvidia_deepseek_2025.md"
NVDA = "chart_NVDA_1d_2023-12-01_2025-02-28.json"
IXIC = "chart_~5EIXIC_1d_2023-12-01_2025-02-28.json"


def test_study_cli_fetches_a_non_bundled_ticker_and_its_benchmark(replay, capsys, monkeypatch):  # noqa: F811
    replay.add("NVDA", NVDA)
    replay.add("^IXIC", IXIC)
    assert main(["study", str(STORY), "--benchmark", "^IXIC"]) == 0
    out = capsys.readouterr().out
    assert "Event study: NVDA vs ^IXIC" in out
    assert "Day 0:            2025-01-27 Mon" in out
    # both claims checked on the fetched bars: 118.42 / 142.62 − 1 = −16.97 %, 19341.83 / 19954.30 − 1 = −3.07 %
    assert "Nvidia (NVDA) -17.0% to 118.42 USD → CONSISTENT" in out and "(-16.97% vs 142.62)" in out
    assert "Nasdaq Composite (^IXIC) -3.1% to 19341.8 index points → CONSISTENT" in out and "(-3.07% vs" in out
    # one chart request per symbol, then cached: the same study runs offline from the cache
    assert replay.chart_calls("NVDA") == 1 and replay.chart_calls("^IXIC") == 1
    assert cache.read_entry("NVDA", "1d") is not None
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "1")
    an = mi.analyze(STORY, benchmark="^IXIC")
    assert an.prices.provenance["NVDA"]["source"] == "cache"
    assert replay.chart_calls("NVDA") == 1
    ar0 = an.study.car_test(0, 0)
    # day-0 abnormal return = log return − (alpha + beta × market log return), by hand
    f = an.study.frame.set_index("rel_day")
    alpha, beta = an.study.fitted.params["alpha"], an.study.fitted.params["beta"]
    assert ar0.estimate == pytest.approx(f.loc[0, "ret"] - (alpha + beta * f.loc[0, "market"]), abs=1e-12)
    assert f.loc[0, "ret"] == pytest.approx(math.log(118.42 / 142.62), abs=1e-9)


def test_offline_without_local_data_says_what_is_missing_and_what_to_do(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "1")
    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path / "empty-cache"))
    assert main(["study", str(STORY), "--benchmark", "^IXIC"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("marketimpact: error: offline")
    assert "NVDA: missing 2023-12-29..2025-02-11" in err
    assert "MARKETIMPACT_OFFLINE" in err and "marketimpact prices NVDA ^IXIC --start 2023-12-29 --end 2025-02-11" in err
    assert "prices=" in err



def test_claim_checks_fetch_the_claims_own_instruments(replay):  # noqa: F811
    replay.add("NVDA", NVDA)
    replay.add("^IXIC", IXIC)
    art = mi.read_article(STORY)
    event = mi.extract_event(art)
    claims = mi.extract_claims(art.text, event.event_id)
    checks = mi.check_claims(claims, event)  # no prices given: each claim loads a few sessions around its day
    assert [(c.claim.ticker, c.verdict) for c in checks] == [("NVDA", "consistent"), ("^IXIC", "consistent")]
    assert checks[0].prev_close == pytest.approx(142.62) and checks[0].close == pytest.approx(118.42)
    assert replay.chart_calls("NVDA") == 1 and replay.chart_calls("^IXIC") == 1


def test_plain_text_story_with_the_default_benchmark(replay, capsys):  # noqa: F811
    """The acceptance run: `marketimpact study nvidia.txt` — NVDA fetched, ^GSPC bundled, the Nasdaq
    claim checked on its own fetched bars."""
    replay.add("NVDA", NVDA)
    replay.add("^IXIC", IXIC)
    txt = STORY.with_suffix(".txt")
    assert main(["study", str(txt), "--published", "2025-01-27T18:30-05:00", "--timezone", "America/New_York"]) == 0
    out = capsys.readouterr().out
    assert "Event study: NVDA vs ^GSPC" in out and "Day 0:            2025-01-27 Mon" in out
    assert out.count("→ CONSISTENT") == 2
    assert "Conclusion: Nvidia fell 17.0 % on the day (27 Jan 2025)" in " ".join(out.split())
    assert replay.chart_calls("NVDA") == 1 and replay.chart_calls("^IXIC") == 1 and replay.chart_calls("^GSPC") == 0
