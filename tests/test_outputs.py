"""Every output goes through one atomic writer (``marketimpact._io``) and one output set.

* concurrent writers of the same ``--out`` each leave a whole file (never a mix, never NUL bytes),
  and concurrent output sets leave one writer's complete set;
* a symbolic link planted at a temporary name, or at ``--out`` itself, is never followed;
* output files get the permissions the umask gives (not mkstemp's 0600);
* a failure while moving a set into place puts the previous set back;
* temporary files of a killed run are removed by the next run writing into that folder;
* SIGTERM unwinds like Ctrl-C (no temporary file left);
* the CLI: ``| head`` exits quietly, an ASCII-only stdout and a bogus MPLBACKEND are one named line.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, run_cli

from marketimpact import _io, cli

SEED = str(ROOT / "data" / "articles" / "2025-02-12_ft_trump_putin_brent.md")
PRICES = ["prices", "BZ=F", "--start", "2025-02-10", "--end", "2025-02-14"]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------------------------
# the writer
# ---------------------------------------------------------------------------------------------
def test_concurrent_writers_of_one_file_leave_one_whole_file(tmp_path):
    """8 threads replace the same file 25 times each with 1 MB payloads of their own byte."""
    target = tmp_path / "res.csv"
    payloads = [bytes([65 + i]) * (1 << 20) for i in range(8)]
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for _ in range(25):
                _io.atomic_write(target, payloads[i])
                data = target.read_bytes()
                assert data in payloads, "a reader saw a mixed or partial file"
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert target.read_bytes() in payloads
    assert _names(tmp_path) == ["res.csv"], "a temporary file was left behind"


def test_concurrent_output_sets_leave_one_writers_complete_set(tmp_path):
    """Two files per set, 6 writers: after each commit both files carry the same writer's tag."""
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for n in range(30):
                tag = f"{i}:{n}".encode() * 20_000
                with _io.OutputSet() as out:
                    out.write(tmp_path / "a.json", tag)
                    out.write(tmp_path / "b.png", tag)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert _names(tmp_path) == ["a.json", "b.png"]


def test_two_cli_runs_writing_the_same_out_at_once(tmp_path):
    """Two ``prices --out`` processes on one file: both succeed and the file is one whole table."""
    out = tmp_path / "bz.csv"
    env = {**os.environ}
    procs = [subprocess.Popen([sys.executable, "-m", "marketimpact.cli", *PRICES, "--out", str(out)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(*p.communicate(timeout=300), p.returncode) for p in procs]
    assert [r[2] for r in results] == [0, 0], results
    data = out.read_bytes()
    assert b"\x00" not in data
    df = pd.read_csv(out)
    assert len(df) == 5 and list(df["ticker"].unique()) == ["BZ=F"]
    assert _names(tmp_path) == ["bz.csv"]


def test_planted_symlink_at_the_old_temp_name_is_not_followed(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".bz.csv.tmp").symlink_to(victim)  # the fixed name the old writer used
    assert cli.main([*PRICES, "--out", str(out / "bz.csv")]) == 0
    assert victim.read_text() == "precious\n"
    assert not (out / "bz.csv").is_symlink() and len(pd.read_csv(out / "bz.csv")) == 5


def test_planted_symlink_at_the_exact_temp_name_is_refused(tmp_path, monkeypatch, capsys):
    """Even a link at the very name the writer picks (its random part forced) is never opened."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(_io.secrets, "token_hex", lambda n: "0" * (2 * n))
    planted = _io._temp_path(out / "res.csv")
    planted.symlink_to(victim)
    assert cli.main([*PRICES, "--out", str(out / "res.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("marketimpact: error: File exists"), err
    assert victim.read_text() == "precious\n"
    assert not (out / "res.csv").exists()


def test_out_that_is_a_symlink_is_replaced_not_written_through(tmp_path, capsys):
    victim = tmp_path / "victim.csv"
    victim.write_text("precious\n")
    link = tmp_path / "bz.csv"
    link.symlink_to(victim)
    assert cli.main([*PRICES, "--out", str(link)]) == 0
    assert victim.read_text() == "precious\n"
    assert not link.is_symlink() and len(pd.read_csv(link)) == 5


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_files_follow_the_umask(tmp_path, umask, mode, capsys):
    old = os.umask(umask)
    try:
        assert cli.main([*PRICES, "--out", str(tmp_path / "bz.csv")]) == 0
        assert cli.main(["chart", "price", SEED, "--out", str(tmp_path), "--formats", "svg"]) == 0
    finally:
        os.umask(old)
    for p in tmp_path.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == mode, (p.name, oct(p.stat().st_mode))


def test_a_failed_move_puts_the_previous_set_back(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text("old a")
    (tmp_path / "b.png").write_text("old b")
    real_replace, moves = os.replace, []

    def replace(src, dst):
        moves.append(dst)
        if len(moves) == 2:  # the second file of the set cannot be moved
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="Input/output"), _io.OutputSet() as out:
        out.write(tmp_path / "a.json", "new a")
        out.write(tmp_path / "b.png", "new b")
        out.write(tmp_path / "c.svg", "new c")
    monkeypatch.undo()
    assert (tmp_path / "a.json").read_text() == "old a"
    assert (tmp_path / "b.png").read_text() == "old b"
    assert _names(tmp_path) == ["a.json", "b.png"]


def test_temp_files_of_a_killed_run_are_removed_by_the_next(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    host = _io._host()
    stale = tmp_path / f".bz.csv.{host}.{dead_pid}.{'ab' * 6}.tmp{_io.TEMP_SUFFIX}"
    alive = tmp_path / f".bz.csv.{host}.{os.getppid()}.{'cd' * 6}.tmp{_io.TEMP_SUFFIX}"  # a live writer's
    other_host = tmp_path / f".bz.csv.elsewhere.{dead_pid}.{'ef' * 6}.tmp{_io.TEMP_SUFFIX}"
    users = tmp_path / ".notes.tmp"
    for p in (stale, alive, other_host, users):
        p.write_bytes(b"x" * 1000)
    _io.atomic_write(tmp_path / "bz.csv", "date,close\n")
    assert not stale.exists()
    assert alive.exists() and other_host.exists() and users.exists()


def test_sigterm_while_writing_leaves_no_temp_file(tmp_path, monkeypatch):
    """SIGTERM arrives while the table is written: the run ends with 143 and --out holds nothing."""

    def to_csv(self, fh, *a, **kw):
        fh.write(b"PARTIAL")
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # the handler runs at the next bytecode boundary
            pass
        raise AssertionError("SIGTERM was not delivered")

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as info:
        cli.main([*PRICES, "--out", str(out / "bz.csv")])
    assert info.value.code == 143
    assert _names(out) == []
    assert signal.getsignal(signal.SIGTERM) is not cli._terminated  # the previous handler is back


# ---------------------------------------------------------------------------------------------
# the CLI in a hostile environment
# ---------------------------------------------------------------------------------------------
def test_broken_pipe_exits_quietly():
    """``marketimpact prices … | head -1``: no "Broken pipe" message, no traceback."""
    cmd = [sys.executable, "-m", "marketimpact.cli", "prices", "BZ=F", "--start", "2024-01-01", "--end", "2024-12-31"]
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline()
    p.stdout.close()  # the reader goes away, as head does
    err = p.stderr.read().decode()
    p.wait(timeout=300)
    assert first.startswith(b"BZ=F")
    assert err == "", err
    assert p.returncode in (0, 141)


def test_ascii_only_stdout_is_one_named_line():
    r = run_cli("study", SEED, env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert "encoding ascii" in lines[0] and "PYTHONIOENCODING=utf-8" in lines[0]


def test_bogus_mplbackend_is_one_named_line(tmp_path):
    r = run_cli("chart", "price", SEED, "--out", str(tmp_path), env={"MPLBACKEND": "bogus"})
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert "MPLBACKEND='bogus'" in lines[0] and "MPLBACKEND=Agg" in lines[0]
    assert _names(tmp_path) == []
