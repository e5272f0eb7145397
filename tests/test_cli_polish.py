"""What a new user meets on the command line and in a notebook: notes instead of raw warnings,
advice that fixes the mistake, no NaN, a plain-language conclusion, the study options on every
article command, help for every option, the AR table as CSV, the README snippet from any folder."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import marketimpact as mi
from marketimpact.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "data" / "articles" / "2025-02-12_ft_trump_putin_brent.md")
OPEC = str(ROOT / "tests" / "data" / "articles" / "opec_plus_cut_2023.md")


def test_warnings_become_one_note_line_each(capsys):
    assert main(["study", OPEC]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == ["marketimpact: note: BZ=F is a continuous front-month series and rolls to the next contract "
                   "on 2023-04-03 (day +0): that return mixes two contracts"]


def test_seed_summary_has_the_plain_language_conclusion_and_no_nan(capsys):
    assert main(["study", SEED]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"\bnan\b", out, re.I)
    assert "n/a (standardized test)" in out  # Patell's CI is not defined in return units
    flat = " ".join(out.split())
    assert ("Conclusion: Brent fell 2.4 % on the day (12 Feb 2025); after the market model the abnormal move of "
            "−2.3 % is not significant at 5 % (p = 0.17); Financial Times' −2.3 % to $75.25 is consistent with "
            "the data") in flat


def test_too_short_estimation_window_advice(capsys):
    # a 20-day window asked for is a 20-day window (min_obs follows it, issue 14) ...
    assert main(["study", SEED, "--estimation", "-30", "-11"]) == 0
    assert "L = 20" in capsys.readouterr().out
    # ... and a min_obs above the window asked for is lowered to it, said in one note line
    assert main(["study", SEED, "--estimation", "-30", "-11", "--min-obs", "25"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "note: min_obs = 25 is more than the 20 sessions" in err


def test_report_and_chart_accept_the_study_options(tmp_path, capsys):
    assert main(["report", SEED, "--out", str(tmp_path / "r"), "--model", "constant-mean", "--window", "-3", "3",
                 "--estimation", "-120", "-11"]) == 0
    html = next((tmp_path / "r").glob("*.html")).read_text(encoding="utf-8")
    assert "constant-mean" in html and "day +4" not in html
    assert main(["chart", "car", SEED, "--out", str(tmp_path / "c"), "--model", "constant-mean", "--window", "-2", "2",
                 "--formats", "png", "--frame", "web_s"]) == 0
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["ft_2025-02-12_trump_putin_car_webS.png"]


def test_every_option_has_help_text():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {a.option_strings or a.dest}" for name, p in sub.choices.items() for a in p._actions
               if not isinstance(a, argparse._HelpAction) and not a.help]
    assert missing == []


def test_study_csv_writes_the_ar_table(tmp_path, capsys):
    out = tmp_path / "ar.csv"
    assert main(["study", SEED, "--csv", str(out)]) == 0
    df = pd.read_csv(out)
    assert list(df["rel_day"]) == list(range(-5, 6))
    day0 = df.set_index("rel_day").loc[0]
    assert day0["ar"] == pytest.approx(day0["ret"] - day0["expected"], abs=1e-15)
    assert day0["ar"] == pytest.approx(-0.02327, abs=1e-5)
    assert main(["study", SEED, "--csv", str(tmp_path / "ar.txt")]) == 2


def test_study_all_studies_every_claimed_instrument(tmp_path, capsys):
    corpus = str(ROOT / "tests" / "corpus" / "001_opec_plus_surprise_cut_2023.md")
    assert main(["study", corpus, "--all", "--out", str(tmp_path), "--html", "--csv", str(tmp_path / "ar.csv")]) == 0
    out = capsys.readouterr().out
    assert "BZ=F: day 0 2023-04-03 Mon" in out and "CL=F: day 0 2023-04-03 Mon" in out
    names = {p.name for p in tmp_path.iterdir()}
    assert "001_opec_plus_surprise_cut_2023_small-multiples.png" in names
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert 'id="all-assets"' in html and "WTI crude futures" in html and 'id="chart-small-multiples"' in html
    assert set(pd.read_csv(tmp_path / "ar.csv")["ticker"]) == {"BZ=F", "CL=F"}


def test_analyze_all_gives_each_asset_its_own_day0():
    # Brent (settles 14:30 New York) and TTF gas (17:30 Amsterdam) on a call public at 12:07 New York
    art = mi.article_from_text(
        "Trump said on Wednesday at 12:07 New York time that talks would begin. Brent fell 2.3% to $75.25 a barrel. "
        "Dutch TTF gas futures fell 6% to 50 euros per megawatt hour.", "call", published="2025-02-12T20:00:00-05:00",
        timezone="America/New_York")
    res = mi.analyze_all(art)
    day0 = {t: an.study.event_time.day0.strftime("%Y-%m-%d") for t, an in res.analyses.items()}
    assert day0 == {"BZ=F": "2025-02-12", "TTF=F": "2025-02-13"} and res.skipped == {}
    assert [c.claim.ticker for c in res.claim_checks] == ["BZ=F", "TTF=F"]


def test_readme_snippet_runs_from_any_folder(tmp_path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Use it from your own script\n\n```python\n(.*?)```", text, re.S).group(1)
    (tmp_path / "snippet.py").write_text(code, encoding="utf-8")
    r = subprocess.run([sys.executable, "snippet.py"], cwd=tmp_path, capture_output=True, text=True, env=os.environ,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert "consistent" in r.stdout and (tmp_path / "brent.png").stat().st_size > 10_000


def test_results_in_a_text_only_frontend_show_their_summary(seed_analysis):
    from IPython.lib.pretty import pretty

    assert pretty(seed_analysis).startswith("Article:") and "Conclusion:" in pretty(seed_analysis)
    assert pretty(seed_analysis.study).lstrip("=\n ").startswith("Event study: BZ=F")
    assert repr(seed_analysis.study).startswith("EventStudyResult(event='ft_2025-02-12_trump_putin', ticker='BZ=F'")
    assert len(repr(seed_analysis)) < 200
