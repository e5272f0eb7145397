"""Benchmark: `marketimpact batch` with ALL default tests, whole process, peak RSS and time.

The issue-14 target: 100k events with every default test (the 13 of ``statistics.ALL_TESTS``: ts_t,
cs_t, patell, bmp, kp_bmp, kp_patell, corrado_rank, corrado_zivney, grank, gen_sign, sign, wilcoxon,
bootstrap with B = 9,999) through the CLI in ≤ 2 GB peak RSS and ≤ 60 s on 2 cores.

Data: the same generator as ``bench_batch.py`` (1,000 securities × 2,000 sessions, Student-t
returns with a market factor, fixed seed), turned into closes and saved the pandas way
(``df.to_parquet()``, the dates as the index); events as Parquet. Default windows
(estimation −250..−11, event window −5..+5, CAR windows (−1, +1), (0, +1), (−5, +5)).

Each run is a fresh ``python -m marketimpact.cli batch …`` process; its peak RSS is the child's
``ru_maxrss`` from ``os.wait4`` and its time the wall clock around it. ``--repeat`` runs each size
several times (the machine is shared: report the spread). A ``--tests cs_t`` run of the same size
is the peer in the same run (what the default tests cost on top of the cheapest study).

Usage::

    python benchmarks/bench_all_tests_cli.py --sizes 10000 100000 --repeat 2
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_data, make_events, write_closes_parquet

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args: list[str]) -> tuple[float, float, int, str]:
    """(seconds, peak RSS MB, exit code, stderr tail) of one CLI process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "marketimpact.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t, usage.ru_maxrss / 1024, proc.returncode, err[-400:]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="mi-bench-all-"))
    rets = make_data()
    write_closes_parquet(rets, tmp / "prices.parquet")  # the pandas way: the dates are the index
    print("| tests | events | run | seconds | peak RSS MB | exit |\n|---|---|---|---|---|---|")
    for n in args.sizes:
        ev = make_events(rets, n)
        ev.to_parquet(tmp / f"events_{n}.parquet")
        base = ["batch", str(tmp / f"events_{n}.parquet"), "--prices", str(tmp / "prices.parquet"),
                "--benchmark", "MKT", "--out", str(tmp / "res.parquet"), "--tests-out", str(tmp / "tests.csv")]
        for label, extra in (("all 13 (default)", []), ("cs_t only", ["--tests", "cs_t"])):
            for k in range(args.repeat):
                sec, rss, code, err = run_cli(base + extra)
                print(f"| {label} | {n} | {k + 1} | {sec:.1f} | {rss:.0f} | {code} |", flush=True)
                if code:
                    print("   stderr:", err.strip().replace("\n", " | "))


if __name__ == "__main__":
    main()
