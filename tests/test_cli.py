"""The command line, offline: what a user sees (exit code, stdout, stderr).

Most runs go through ``cli.main`` in this process, isolated like a new one
(:func:`conftest.run_cli_in_process`); a successful study and ``--help`` run as real processes
(``python -m marketimpact.cli``), as a user starts them.
"""

from __future__ import annotations

import json

from conftest import run_cli, run_cli_in_process

SEED = "data/articles/2025-02-12_ft_trump_putin_brent.md"


def test_study_prints_the_story():
    r = run_cli("study", SEED)  # a real process: the whole pipeline as a user starts it
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "2025-02-12 (precision: day" in out and "BZ=F" in out
    assert "-2.392%" in out  # day-0 log return
    assert "CONSISTENT" in out and "ts_t" in out


def test_study_json_and_out(tmp_path):
    r = run_cli_in_process("study", SEED, "--json", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["ticker"] == "BZ=F" and d["day0"]["day0"] == "2025-02-12"
    assert any(t["test"] == "ts_t" and t["p_value"] is not None for t in d["tests"])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.endswith(".png") for n in names) and any(n.endswith(".svg") for n in names)
    assert any(n.endswith(".json") for n in names)


def test_study_options():
    r = run_cli_in_process("study", SEED, "--benchmark", "ACWI", "--estimation", "-120", "-11", "--window", "-3", "3", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["benchmark"] == "ACWI" and d["event_window"] == [-3, 3] and d["model"]["n_obs"] == 110


def test_extract_json_schema():
    r = run_cli_in_process("extract", SEED, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["event"]["date"] == "2025-02-12" and d["event"]["time"] is None and d["event"]["precision"] == "day"
    c = d["claims"][0]
    assert (c["ticker"], c["direction"], c["move_pct"], c["level"], c["unit"]) == ("BZ=F", "down", -2.3, 75.25, "USD/bbl")


def test_prices_prints_the_settle():
    r = run_cli_in_process("prices", "BZ=F", "^GSPC", "--start", "2025-02-10", "--end", "2025-02-14")
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("2025-02-12"))
    assert "75.18" in r.stdout.split("^GSPC")[0] and line


def _one_line_error(r):
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("marketimpact: error:"), r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


def test_missing_file():
    assert "not found" in _one_line_error(run_cli_in_process("study", "no/such/article.txt"))


def test_no_date_and_no_published(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Oil prices fell after the statement. Brent dropped 3% to $70 a barrel.")
    assert "--published" in _one_line_error(run_cli_in_process("study", str(f)))
    r = run_cli_in_process("extract", str(f), "--published", "2025-02-12")
    assert r.returncode == 0 and "2025-02-12" in r.stdout


def test_unknown_ticker_offline():
    assert "offline" in _one_line_error(run_cli_in_process("study", SEED, "--ticker", "ZZZZ"))


def test_bad_ticker_and_dates():
    assert "invalid ticker" in _one_line_error(run_cli_in_process("prices", "../etc", "--start", "2025-01-01", "--end", "2025-01-02"))
    assert "after end" in _one_line_error(run_cli_in_process("prices", "BZ=F", "--start", "2025-02-01", "--end", "2025-01-02"))
    assert "not a date" in _one_line_error(run_cli_in_process("prices", "BZ=F", "--start", "yesterday-ish", "--end", "2025-01-02"))


def test_chart_command_writes_every_kind(tmp_path):
    for kind in ("price", "ar", "car"):
        r = run_cli_in_process("chart", kind, SEED, "--out", str(tmp_path), "--formats", "png", "svg")
        assert r.returncode == 0, r.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert {"ft_2025-02-12_trump_putin_price_webM.png", "ft_2025-02-12_trump_putin_car_webM.svg"} <= names


def test_chart_caar_and_small_multiples(tmp_path):
    r = run_cli_in_process("chart", "caar", "data/events/opec_decisions.csv", "--ticker", "BZ=F", "--out", str(tmp_path),
                "--formats", "png")
    assert r.returncode == 0, r.stderr
    r = run_cli_in_process("chart", "small-multiples", SEED, "--tickers", "BZ=F", "TTF=F", "GC=F", "--out", str(tmp_path),
                "--formats", "pdf")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "opec_decisions_caar_webM.png").exists()
    assert (tmp_path / "ft_2025-02-12_trump_putin_small-multiples_webM.pdf").stat().st_size > 1000


def test_report_command(tmp_path):
    r = run_cli_in_process("report", SEED, "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    html = next(tmp_path.glob("*.html")).read_text()
    assert "Wednesday" in html and "consistent" in html.lower() and "<script" not in html


def test_help_lists_every_command():
    r = run_cli("--help")  # a real process: argparse's exit
    for cmd in ("study", "extract", "prices", "batch", "chart", "report"):
        assert cmd in r.stdout
    assert "examples:" in run_cli_in_process("batch", "--help").stdout


def test_extract_folder_and_infer_date(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: 2025-02-12\ntimezone: Europe/London\n---\n"
                                   "Trump said on Wednesday that talks would begin. Brent fell 2.3% to $75.25 a barrel.\n")
    (tmp_path / "b.txt").write_text("Global oil prices fell on Wednesday, with Brent crude falling 2.3% to $75.25 a barrel.\n")
    r = run_cli_in_process("extract", str(tmp_path), "--json", "--infer-date")
    assert r.returncode == 0, r.stderr
    docs = {d["article"]: d for d in json.loads(r.stdout)}
    assert docs["a"]["event"]["date"] == "2025-02-12"
    assert docs["b"]["event"] is None and docs["b"]["inferred_sessions"][0]["session"] == "2025-02-12"


def test_in_process_runs_show_what_a_process_would(monkeypatch):
    """The in-process runner hides nothing a process shows: an escaping exception is a traceback
    with exit 1, and a warning outside the command's own handling reaches stderr."""
    import warnings

    from marketimpact import cli

    def boom(args):
        raise RuntimeError("escaped")

    monkeypatch.setattr(cli, "_cmd_extract", boom)
    r = run_cli_in_process("extract", SEED)
    assert r.returncode == 1 and "Traceback" in r.stderr and "RuntimeError: escaped" in r.stderr

    real_parser = cli.build_parser

    def noisy_parser():
        warnings.warn("parser noise", UserWarning, stacklevel=1)
        return real_parser()

    monkeypatch.setattr(cli, "build_parser", noisy_parser)
    r = run_cli_in_process("study", "no/such/article.txt")
    assert r.returncode == 2 and "UserWarning: parser noise" in r.stderr
    assert len(r.stderr.strip().splitlines()) > 1  # so the matrix's one-line check would fail
